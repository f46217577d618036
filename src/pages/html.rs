//! Small rewrites of a rendered note body for the place a page shows it:
//! its headings nested under the section heading above them, its ids made
//! unique within a page that holds many bodies, its empty sections left
//! out, and the part of a contact's notes a briefing shows.
//!
//! They work on the HTML of `markdown::render`, which writes each heading
//! at the start of a line (`<h2 id="prep">Prep</h2>`) and shows raw HTML in
//! a note as text: a `<h2` or an ` id="` in the HTML is always ours.

/// Where each heading starts (`<h2 ...` at the start of a line) and its level.
fn headings(html: &str) -> Vec<(usize, u8)> {
    let bytes = html.as_bytes();
    let mut out = Vec::new();
    for p in memchr::memmem::find_iter(bytes, b"<h") {
        let level = bytes.get(p + 2).copied().unwrap_or(0);
        let after = bytes.get(p + 3).copied().unwrap_or(0);
        let line_start = p == 0 || bytes[p - 1] == b'\n';
        if line_start && (b'1'..=b'6').contains(&level) && (after == b'>' || after == b' ') {
            out.push((p, level - b'0'));
        }
    }
    out
}

/// `html` with its headings moved so the highest becomes `top` (3 under a
/// section's `<h2>`), each keeping its place below the others; levels stop
/// at 6. With `id_prefix`, every id and every in-page link to one starts
/// with it, so two bodies on one page never share an id.
pub(crate) fn nest(html: &str, top: u8, id_prefix: Option<&str>) -> String {
    let found = headings(html);
    let shift = found
        .iter()
        .map(|(_, l)| *l)
        .min()
        .map_or(0, |highest| i16::from(top) - i16::from(highest));
    let level = |l: u8| (i16::from(l) + shift).clamp(1, 6) as u8;
    let mut out = String::with_capacity(html.len() + 64);
    // Opening tags where `headings` found them; closing tags by name.
    let mut last = 0;
    for (p, l) in &found {
        out.push_str(&close_tags(&html[last..*p], shift));
        out.push_str("<h");
        out.push(char::from(b'0' + level(*l)));
        last = p + 3;
    }
    out.push_str(&close_tags(&html[last..], shift));
    match id_prefix {
        Some(prefix) => prefix_ids(&out, prefix),
        None => out,
    }
}

/// `</hN>` tags in `text` moved by `shift` levels.
fn close_tags(text: &str, shift: i16) -> String {
    let bytes = text.as_bytes();
    let mut found = memchr::memmem::find_iter(bytes, b"</h").peekable();
    if shift == 0 || found.peek().is_none() {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len());
    let mut last = 0;
    for p in found {
        let level = bytes.get(p + 3).copied().unwrap_or(0);
        if (b'1'..=b'6').contains(&level) && bytes.get(p + 4) == Some(&b'>') {
            let moved = (i16::from(level - b'0') + shift).clamp(1, 6) as u8;
            out.push_str(&text[last..p]);
            out.push_str("</h");
            out.push(char::from(b'0' + moved));
            last = p + 4;
        }
    }
    out.push_str(&text[last..]);
    out
}

/// Every ` id="x"` as ` id="{prefix}x"`, every `href="#x"` as
/// `href="#{prefix}x"`.
pub(crate) fn prefix_ids(html: &str, prefix: &str) -> String {
    let ids = replace_all(html, " id=\"", &format!(" id=\"{prefix}"));
    replace_all(&ids, "href=\"#", &format!("href=\"#{prefix}"))
}

/// `text` with every `from` replaced by `to`, as `str::replace` does.
fn replace_all(text: &str, from: &str, to: &str) -> String {
    let mut out = String::with_capacity(text.len() + 64);
    let mut last = 0;
    for p in memchr::memmem::find_iter(text.as_bytes(), from.as_bytes()) {
        out.push_str(&text[last..p]);
        out.push_str(to);
        last = p + from.len();
    }
    out.push_str(&text[last..]);
    out
}

/// A body cut at its headings: the text before the first heading (level
/// 0), then each heading with what follows it up to the next one.
fn sections(html: &str) -> Vec<(u8, &str)> {
    let found = headings(html);
    let mut out = Vec::with_capacity(found.len() + 1);
    let first = found.first().map_or(html.len(), |(p, _)| *p);
    out.push((0, &html[..first]));
    for (n, (p, l)) in found.iter().enumerate() {
        let end = found.get(n + 1).map_or(html.len(), |(next, _)| *next);
        out.push((*l, &html[*p..end]));
    }
    out
}

/// What follows a section's heading line.
fn content_of(section: &str) -> &str {
    match section.find("</h") {
        Some(p) => section[p..].find('>').map_or("", |e| &section[p + e + 1..]),
        None => section,
    }
}

/// The heading's text, tags left out.
fn heading_text(section: &str) -> String {
    let head = section.find("</h").map_or(section, |p| &section[..p]);
    let mut text = String::new();
    let mut in_tag = false;
    for c in head.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag => text.push(c),
            _ => {}
        }
    }
    text.trim().to_string()
}

/// `html` without the headings that head nothing (the archetype's empty
/// `## Notes`, `## Follow-up`): a heading is left out when no text follows
/// it before the next heading of its level or higher.
pub(crate) fn drop_empty_sections(html: &str) -> String {
    let parts = sections(html);
    let mut keep = vec![true; parts.len()];
    for i in (1..parts.len()).rev() {
        let (level, section) = parts[i];
        let below = parts[i + 1..]
            .iter()
            .zip(&keep[i + 1..])
            .take_while(|((l, _), _)| *l > level)
            .any(|(_, k)| *k);
        keep[i] = below || !content_of(section).trim().is_empty();
    }
    parts
        .iter()
        .zip(&keep)
        .filter(|(_, k)| **k)
        .map(|((_, s), _)| *s)
        .collect()
}

/// The part of a contact's notes a briefing shows: its `## Briefing`
/// section when it has one, else its first section with text (the text
/// before any heading, or the first heading's), without that heading.
pub(crate) fn briefing_part(html: &str) -> String {
    let parts = sections(html);
    let take = |i: usize| -> String {
        let level = parts[i].0;
        let mut out = content_of(parts[i].1).to_string();
        for (l, s) in &parts[i + 1..] {
            if *l <= level || level == 0 {
                break;
            }
            out.push_str(s);
        }
        out.trim().to_string()
    };
    if let Some(i) =
        (1..parts.len()).find(|i| heading_text(parts[*i].1).eq_ignore_ascii_case("briefing"))
    {
        return take(i);
    }
    (0..parts.len())
        .find(|i| !content_of(parts[*i].1).trim().is_empty())
        .map(|i| {
            // Only this section's own text: a first section's subsections
            // belong to the contact page.
            let level = parts[i].0;
            if level == 0 {
                take(i)
            } else {
                content_of(parts[i].1).trim().to_string()
            }
        })
        .unwrap_or_default()
}

/// The top-level blocks of `html` (paragraphs, lists, quotes...) while
/// their text stays within `budget` characters, the first always: a
/// briefing quotes a note's opening, not all of it.
pub(crate) fn first_blocks(html: &str, budget: usize) -> String {
    let mut out = String::new();
    let mut used = 0;
    each_block(html, |block| {
        let length = text_length(block);
        if !out.is_empty() && used + length > budget {
            return false;
        }
        used += length;
        out.push_str(block);
        true
    });
    out.trim_end().to_string()
}

/// Gives `each` the blocks of `html` in order, until it returns false: `html`
/// cut where a top-level element starts, at a line starting with `<` while
/// no element opened before it is still open. A briefing wants only the
/// first few blocks of a person's note.
fn each_block<'h>(html: &'h str, mut each: impl FnMut(&'h str) -> bool) {
    let mut depth: i64 = 0;
    let mut start = 0;
    let mut offset = 0;
    for line in html.split_inclusive('\n') {
        if depth <= 0 && offset > start && line.starts_with('<') {
            if !each(&html[start..offset]) {
                return;
            }
            start = offset;
        }
        for (i, _) in line.match_indices('<') {
            let rest = &line[i + 1..];
            let tag = rest.trim_start_matches('/');
            let end = tag
                .find(|c: char| !c.is_ascii_alphanumeric())
                .unwrap_or(tag.len());
            if !matches!(
                &tag[..end],
                "ul" | "ol" | "blockquote" | "table" | "pre" | "div" | "dl"
            ) {
                continue;
            }
            depth += if rest.starts_with('/') { -1 } else { 1 };
        }
        offset += line.len();
    }
    if offset > start {
        each(&html[start..offset]);
    }
}

/// Characters of text in `html`, tags left out.
fn text_length(html: &str) -> usize {
    let mut in_tag = false;
    html.chars()
        .filter(|c| match c {
            '<' => {
                in_tag = true;
                false
            }
            '>' => {
                in_tag = false;
                false
            }
            _ => !in_tag && !c.is_whitespace(),
        })
        .count()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headings_move_under_the_section_and_ids_get_a_prefix() {
        let body = "<h2 id=\"prep\">Prep</h2>\n<p>See <a href=\"#notes\">notes</a>.</p>\n<h3 id=\"a\">A</h3>\n<h2 id=\"notes\">Notes</h2>\n";
        assert_eq!(
            nest(body, 3, Some("x-")),
            "<h3 id=\"x-prep\">Prep</h3>\n<p>See <a href=\"#x-notes\">notes</a>.</p>\n<h4 id=\"x-a\">A</h4>\n<h3 id=\"x-notes\">Notes</h3>\n"
        );
        assert_eq!(
            nest("<h1>T</h1>\n<h6>S</h6>\n", 3, None),
            "<h3>T</h3>\n<h6>S</h6>\n"
        );
        // Raw HTML in a note is text, so an escaped `&lt;h2` is not a heading.
        assert_eq!(nest("<p>&lt;h2&gt;</p>\n", 3, None), "<p>&lt;h2&gt;</p>\n");
    }

    #[test]
    fn empty_sections_are_left_out() {
        let body = "<h2 id=\"prep\">Prep</h2>\n<p>Ask about X.</p>\n<h2 id=\"notes\">Notes</h2>\n<h3 id=\"n\">Sub</h3>\n\n<h2 id=\"f\">Follow-up</h2>\n";
        assert_eq!(
            drop_empty_sections(body),
            "<h2 id=\"prep\">Prep</h2>\n<p>Ask about X.</p>\n"
        );
        let kept = "<h2>A</h2>\n<h3>B</h3>\n<p>text</p>\n";
        assert_eq!(drop_empty_sections(kept), kept);
    }

    #[test]
    fn a_briefing_section_wins_over_the_first_one() {
        let body = "<h2 id=\"background\">Background</h2>\n<p>Former consultant.</p>\n<h2 id=\"briefing\">Briefing</h2>\n<p>Say hi.</p>\n<h3>More</h3>\n<p>m</p>\n<h2>Other</h2>\n<p>o</p>\n";
        assert_eq!(
            briefing_part(body),
            "<p>Say hi.</p>\n<h3>More</h3>\n<p>m</p>"
        );
        let plain = "<h2 id=\"background\">Background</h2>\n<p>Former consultant.</p>\n<h3>Deep</h3>\n<p>d</p>\n";
        assert_eq!(briefing_part(plain), "<p>Former consultant.</p>");
        assert_eq!(
            briefing_part("<p>Intro.</p>\n<h2>X</h2>\n<p>x</p>\n"),
            "<p>Intro.</p>"
        );
        assert_eq!(briefing_part(""), "");
    }

    #[test]
    fn first_blocks_keep_whole_elements_within_the_budget() {
        let body = "<p>One two.</p>\n<ul>\n<li>a<ul>\n<li>b</li>\n</ul>\n</li>\n</ul>\n<p>Three four five six.</p>\n";
        assert_eq!(first_blocks(body, 3), "<p>One two.</p>");
        assert_eq!(
            first_blocks(body, 10),
            "<p>One two.</p>\n<ul>\n<li>a<ul>\n<li>b</li>\n</ul>\n</li>\n</ul>"
        );
        assert_eq!(first_blocks(body, 100), body.trim_end());
    }
}
