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

pub fn html_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
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
