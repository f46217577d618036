//! What keeps a note's text inert in HTML: escaping, and link targets
//! limited to the web, mail and the site itself.

use pulldown_cmark::{CowStr, Event, Tag};

/// Keeps http(s), mailto, tel, sms, relative and fragment links; anything
/// with another scheme (`javascript:`, `data:`) becomes an empty fragment.
/// The scheme is found as a browser finds it (WHATWG URL): after dropping
/// tabs and line breaks anywhere and control characters and spaces at the
/// ends, a letter then letters, digits, `+`, `-` or `.` up to a `:`. So
/// `java\tscript:` is refused, and `10:30.html` or `notes/a:b` are
/// relative paths and kept.
pub(super) fn safe_href<'a>(url: &CowStr<'a>) -> CowStr<'a> {
    match scheme(url).as_deref() {
        None | Some("http" | "https" | "mailto" | "tel" | "sms") => url.clone(),
        Some(_) => CowStr::Borrowed("#"),
    }
}

/// The URL's scheme in lower case, if it has one.
fn scheme(url: &str) -> Option<String> {
    let cleaned: String = url
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .collect();
    let cleaned = cleaned.trim_matches(|c: char| c <= ' ');
    let colon = cleaned.find(':')?;
    let name = &cleaned[..colon];
    let mut chars = name.chars();
    let first = chars.next()?;
    let valid = first.is_ascii_alphabetic()
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    valid.then(|| name.to_ascii_lowercase())
}

/// `s` escaped for HTML text and attribute values.
pub fn html_escape(s: &str) -> String {
    use std::fmt::Write;
    let mut out = String::with_capacity(s.len());
    let _ = write!(out, "{}", Escaped(s));
    out
}

/// `s` escaped for HTML as it is written out, without a string of its
/// own: a picture of thousands of labels escapes each into its page.
pub struct Escaped<'a>(pub &'a str);

impl std::fmt::Display for Escaped<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let mut rest = self.0;
        // The characters escaped are ASCII: splitting at them keeps UTF-8 whole.
        while let Some(at) = rest
            .bytes()
            .position(|b| matches!(b, b'<' | b'>' | b'&' | b'"' | b'\''))
        {
            f.write_str(&rest[..at])?;
            f.write_str(match rest.as_bytes()[at] {
                b'<' => "&lt;",
                b'>' => "&gt;",
                b'&' => "&amp;",
                b'"' => "&quot;",
                _ => "&#39;",
            })?;
            rest = &rest[at + 1..];
        }
        f.write_str(rest)
    }
}

/// `event`, with an image's source passed through [`safe_href`].
pub(super) fn with_safe_src<'a>(event: &Event<'a>) -> Event<'a> {
    match event {
        Event::Start(Tag::Image {
            link_type,
            dest_url,
            title,
            id,
        }) => Event::Start(Tag::Image {
            link_type: *link_type,
            dest_url: safe_href(dest_url),
            title: title.clone(),
            id: id.clone(),
        }),
        e => e.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rejects_script_schemes() {
        assert_eq!(
            safe_href(&CowStr::Borrowed("javascript:alert(1)")).as_ref(),
            "#"
        );
        assert_eq!(
            safe_href(&CowStr::Borrowed("DATA:text/html,x")).as_ref(),
            "#"
        );
        assert_eq!(
            safe_href(&CowStr::Borrowed("https://example.com")).as_ref(),
            "https://example.com"
        );
        assert_eq!(safe_href(&CowStr::Borrowed("../a/b")).as_ref(), "../a/b");
        assert_eq!(safe_href(&CowStr::Borrowed("#top")).as_ref(), "#top");
        assert_eq!(
            safe_href(&CowStr::Borrowed("mailto:a@example.com")).as_ref(),
            "mailto:a@example.com"
        );
    }

    #[test]
    fn keeps_phone_links_and_relative_paths_with_colons() {
        for kept in [
            "tel:+1-555-0100",
            "SMS:+15550100",
            "10:30.html",
            "notes/a:b",
            "?at=1:2",
            "a b:c",
        ] {
            assert_eq!(safe_href(&CowStr::Borrowed(kept)).as_ref(), kept);
        }
        for refused in [
            "java\tscript:alert(1)",
            "\u{1}javascript:x",
            " vbscript:x",
            "data:,x",
            "file:///etc",
        ] {
            assert_eq!(
                safe_href(&CowStr::Borrowed(refused)).as_ref(),
                "#",
                "{refused:?}"
            );
        }
    }
}
