//! Where in a note's text a key or value is, for diagnostics that point at
//! the very characters at fault.

/// Line, column and width of top-level `key`, or of the opening `---`
/// when the key is absent.
pub(crate) fn key_span(keys: &[(String, usize)], key: &str) -> (usize, usize, usize) {
    keys.iter()
        .find(|(k, _)| k == key)
        .map_or((1, 1, 3), |(_, line)| (*line, 1, key.chars().count()))
}

/// Line, column and width of `value` written under top-level `key`:
/// searched from after the key to the next key. Falls back to the key.
pub(crate) fn locate(
    text: &str,
    keys: &[(String, usize)],
    body_line: usize,
    key: &str,
    value: &str,
) -> (usize, usize, usize) {
    let Some(key_line) = keys.iter().find(|(k, _)| k == key).map(|(_, l)| *l) else {
        return key_span(keys, key);
    };
    let end = keys
        .iter()
        .map(|(_, l)| *l)
        .filter(|l| *l > key_line)
        .min()
        .unwrap_or(body_line.saturating_sub(1))
        .max(key_line + 1);
    find_in_lines(text, key_line, end, value.trim()).unwrap_or_else(|| key_span(keys, key))
}

/// The first place `needle` stands as a whole word in file lines
/// `[from, to)`, skipping the key at the start of line `from`.
pub(crate) fn find_in_lines(
    text: &str,
    from: usize,
    to: usize,
    needle: &str,
) -> Option<(usize, usize, usize)> {
    if needle.is_empty() {
        return None;
    }
    for (i, line) in text.lines().enumerate().skip(from - 1).take(to - from) {
        let start = if i + 1 == from {
            line.find(": ").map_or(0, |c| c + 1)
        } else {
            0
        };
        if let Some(offset) = find_word(&line[start..], needle) {
            return Some((
                i + 1,
                crate::diagnostics::column_of(line, start + offset),
                needle.chars().count(),
            ));
        }
    }
    None
}

/// The byte offset of `needle` in `haystack` where it is not part of a
/// longer slug (`ana` in `ana-lima` does not count), else anywhere.
pub(crate) fn find_word(haystack: &str, needle: &str) -> Option<usize> {
    let is_word = |c: char| c.is_alphanumeric() || c == '-' || c == '_';
    let mut first = None;
    for (i, _) in haystack.match_indices(needle) {
        first.get_or_insert(i);
        let before = haystack[..i].chars().next_back();
        let after = haystack[i + needle.len()..].chars().next();
        if !before.is_some_and(is_word) && !after.is_some_and(is_word) {
            return Some(i);
        }
    }
    first
}

/// How many characters the YAML value starting at 1-based `column` of
/// `line` covers: a bracketed list or map to its closing bracket, a scalar
/// to the end of its flow item or of the line.
pub(crate) fn value_width(line: &str, column: usize) -> usize {
    let rest: Vec<char> = line.chars().skip(column.saturating_sub(1)).collect();
    let (open, close) = match rest.first() {
        Some('[') => ('[', ']'),
        Some('{') => ('{', '}'),
        _ => {
            let end = rest
                .iter()
                .position(|c| matches!(c, ',' | ']' | '}' | '#'))
                .unwrap_or(rest.len());
            let value: String = rest[..end].iter().collect();
            return value.trim_end().chars().count();
        }
    };
    let mut depth = 0;
    for (i, c) in rest.iter().enumerate() {
        if *c == open {
            depth += 1;
        } else if *c == close {
            depth -= 1;
            if depth == 0 {
                return i + 1;
            }
        }
    }
    rest.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_are_found_whole() {
        assert_eq!(find_word("[ana-lima, ana]", "ana"), Some(11));
        assert_eq!(find_word("ana-lima", "ana"), Some(0));
        assert_eq!(find_word("x", "y"), None);
    }

    #[test]
    fn value_widths_follow_yaml_shapes() {
        assert_eq!(value_width("goals: [a, {b: c}]", 12), 6);
        assert_eq!(value_width("duration: half an hour # soon", 11), 12);
        assert_eq!(value_width("tags: [a, [b]]", 7), 8);
    }
}
