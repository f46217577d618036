//! Obsidian's additions to Markdown, as people write them in notes:
//! `==highlights==` and callouts (`> [!note] Title`), handled on
//! pulldown-cmark's text; comments and body `#tags` are read with the
//! note (`read::body`).

/// `text` cut at its `==highlights==`: (piece, highlighted) in order. A
/// highlight has text that neither starts nor ends with a space, as in
/// Obsidian; `a == b` is not one.
pub(crate) fn highlights(text: &str) -> Vec<(&str, bool)> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(open) = rest.find("==") {
        let after = &rest[open + 2..];
        let Some(close) = after.find("==") else {
            break;
        };
        let inner = &after[..close];
        if inner.is_empty()
            || inner.starts_with(char::is_whitespace)
            || inner.ends_with(char::is_whitespace)
        {
            out.push((&rest[..open + 2], false));
            rest = after;
            continue;
        }
        if open > 0 {
            out.push((&rest[..open], false));
        }
        out.push((inner, true));
        rest = &after[close + 2..];
    }
    if !rest.is_empty() || out.is_empty() {
        out.push((rest, false));
    }
    out
}

/// A callout's first line, `[!type]` with an optional fold sign and
/// title: (type, title), the type in lower case and limited to letters,
/// digits and hyphens so it can name a CSS class.
pub(crate) fn callout(first_line: &str) -> Option<(String, String)> {
    let rest = first_line.trim_start().strip_prefix("[!")?;
    let close = rest.find(']')?;
    let kind = &rest[..close];
    if kind.is_empty()
        || !kind
            .chars()
            .all(|c| c.is_alphanumeric() || c == '-' || c == '_')
    {
        return None;
    }
    let title = rest[close + 1..].trim_start_matches(['+', '-']).trim();
    let kind: String = kind
        .to_lowercase()
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect();
    let title = if title.is_empty() {
        let mut t = kind.replace('-', " ");
        if let Some(first) = t.get(..1) {
            t = first.to_uppercase() + &t[1..];
        }
        t
    } else {
        title.to_string()
    };
    Some((kind, title))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn highlights_need_text_against_the_marks() {
        assert_eq!(
            highlights("a ==b c== d"),
            vec![("a ", false), ("b c", true), (" d", false)]
        );
        assert_eq!(
            highlights("x == y == z"),
            vec![("x ==", false), (" y == z", false)]
        );
        assert_eq!(highlights("plain"), vec![("plain", false)]);
    }

    #[test]
    fn callouts_have_a_type_and_a_title() {
        assert_eq!(
            callout("[!tip] Ask early"),
            Some(("tip".into(), "Ask early".into()))
        );
        assert_eq!(
            callout("[!warning]-"),
            Some(("warning".into(), "Warning".into()))
        );
        assert_eq!(callout("[!a b]"), None);
        assert_eq!(callout("[link]"), None);
    }
}
