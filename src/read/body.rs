//! What reading learns from a note's body before Markdown: its
//! `%%comments%%` (Obsidian's, never shown nor checked) and its body
//! `#tags`, which join the note's tags. The Markdown pass uses the same
//! rules, so the tags a page links are those the note has.

use std::borrow::Cow;

/// The body without its `%%comments%%`, so neither their text nor the links
/// in them reach the page or the checks. Line breaks inside a comment are
/// kept, so every later line keeps its number for diagnostics. Code (fenced
/// or in backticks) is left alone, as in Obsidian; an unclosed `%%` hides
/// the rest of the note, as in Obsidian too.
pub(crate) fn strip_comments(body: &str) -> Cow<'_, str> {
    if !body.contains("%%") {
        return Cow::Borrowed(body);
    }
    let mut out = String::with_capacity(body.len());
    let mut fence: Option<(char, usize)> = None;
    let mut in_comment = false;
    for line in body.split_inclusive('\n') {
        if !in_comment {
            if let Some(f) = fence_of(line) {
                match fence {
                    None => fence = Some(f),
                    Some((c, n)) if c == f.0 && f.1 >= n => fence = None,
                    Some(_) => {}
                }
                out.push_str(line);
                continue;
            }
            if fence.is_some() {
                out.push_str(line);
                continue;
            }
        }
        in_comment = strip_line(line, in_comment, &mut out);
    }
    Cow::Owned(out)
}

/// The fence character and length of a line opening or closing a code block.
fn fence_of(line: &str) -> Option<(char, usize)> {
    let t = line.trim_start_matches(' ');
    if line.len() - t.len() > 3 {
        return None;
    }
    let c = t.chars().next().filter(|c| *c == '`' || *c == '~')?;
    let n = t.chars().take_while(|x| *x == c).count();
    (n >= 3).then_some((c, n))
}

/// Copies `line` to `out` without its comments; returns whether a comment
/// is still open at its end.
fn strip_line(line: &str, mut in_comment: bool, out: &mut String) -> bool {
    let bytes = line.as_bytes();
    let mut i = 0;
    while i < line.len() {
        if in_comment {
            match line[i..].find("%%") {
                Some(end) => {
                    i += end + 2;
                    in_comment = false;
                }
                None => {
                    if line.ends_with('\n') {
                        out.push('\n');
                    }
                    return true;
                }
            }
            continue;
        }
        if bytes[i] == b'`' {
            // An inline code span: copied whole, up to the same run of backticks.
            let run = line[i..].bytes().take_while(|b| *b == b'`').count();
            let ticks = &line[i..i + run];
            let end = line[i + run..]
                .find(ticks)
                .map_or(i + run, |e| i + run + e + run);
            out.push_str(&line[i..end]);
            i = end;
            continue;
        }
        if line[i..].starts_with("%%") {
            in_comment = true;
            i += 2;
            continue;
        }
        let c = line[i..].chars().next().unwrap_or(' ');
        out.push(c);
        i += c.len_utf8();
    }
    in_comment
}

/// The `#tags` of a body, as Obsidian finds them: `#` at the start of a
/// word followed by letters, digits, `_`, `-` or `/`, not only digits
/// (`#1` is not a tag), and not in code or comments. A heading's `# ` has
/// a space and is not a tag.
pub(crate) fn body_tags(body: &str) -> Vec<String> {
    let body = strip_comments(body);
    let mut tags: Vec<String> = Vec::new();
    let mut fence: Option<(char, usize)> = None;
    for line in body.lines() {
        if let Some(f) = fence_of(line) {
            fence = match fence {
                None => Some(f),
                Some((c, n)) if c == f.0 && f.1 >= n => None,
                keep => keep,
            };
            continue;
        }
        if fence.is_some() || line.starts_with("    ") || line.starts_with('\t') {
            continue;
        }
        tags_of_line(line, &mut tags);
    }
    tags
}

fn tags_of_line(line: &str, tags: &mut Vec<String>) {
    // Most lines have no `#` at all, found faster than read character by
    // character.
    if !line.contains('#') {
        return;
    }
    let mut in_code = false;
    let mut previous = ' ';
    for (i, c) in line.char_indices() {
        if c == '`' {
            in_code = !in_code;
        } else if c == '#' && !in_code && (previous.is_whitespace() || previous == '(') {
            if let Some((_, tag)) = tag_at(&line[i..]) {
                if !tags.contains(&tag) {
                    tags.push(tag);
                }
            }
        }
        previous = c;
    }
}

/// The tag `text` starts with (`#mentor/alumni`): its length with the `#`,
/// and its name in the one form tags are kept in.
fn tag_at(text: &str) -> Option<(usize, String)> {
    let name: String = text
        .strip_prefix('#')?
        .chars()
        .take_while(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | '/'))
        .collect();
    let name = name.trim_end_matches(['-', '/']);
    name.chars()
        .any(|c| !c.is_ascii_digit())
        .then(|| (1 + name.len(), name.to_lowercase()))
}

/// The `#tags` of one run of text, as (byte offset, length, tag), by the
/// rules of [`body_tags`].
pub(crate) fn tag_spans(text: &str) -> Vec<(usize, usize, String)> {
    let mut spans = Vec::new();
    let mut previous = ' ';
    for (i, c) in text.char_indices() {
        if c == '#' && (previous.is_whitespace() || previous == '(') {
            if let Some((len, tag)) = tag_at(&text[i..]) {
                spans.push((i, len, tag));
            }
        }
        previous = c;
    }
    spans
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn comments_go_and_lines_stay() {
        assert_eq!(strip_comments("a %%b%% c\n"), "a  c\n");
        assert_eq!(strip_comments("a %%b\nc%% d\ne\n"), "a \n d\ne\n");
        assert_eq!(
            strip_comments("`%%x%%` and\n```\n%%y%%\n```\n"),
            "`%%x%%` and\n```\n%%y%%\n```\n"
        );
        assert_eq!(strip_comments("a\n%%\nrest\n"), "a\n\n\n");
    }

    #[test]
    fn body_tags_skip_code_headings_and_numbers() {
        let body = "# Heading\nMet at #PyCon and #mentor/alumni.\nIssue #12, a#b, `#code`\n```\n#no\n```\n%%#hidden%%\n";
        assert_eq!(body_tags(body), vec!["pycon", "mentor/alumni"]);
    }
}
