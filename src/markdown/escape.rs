//! What keeps a note's text inert in HTML: escaping, and link targets
//! limited to the web, mail and the site itself.

use pulldown_cmark::{CowStr, Event, Tag};

/// Keeps http(s), mailto, relative and fragment links; anything with
/// another scheme (`javascript:`, `data:`) becomes an empty fragment.
pub(super) fn safe_href<'a>(url: &CowStr<'a>) -> CowStr<'a> {
    let lower = url.trim().to_ascii_lowercase();
    let scheme_end = lower.find(':');
    let slash = lower.find(['/', '?', '#']);
    let has_scheme = matches!((scheme_end, slash), (Some(c), Some(s)) if c < s)
        || (scheme_end.is_some() && slash.is_none());
    if !has_scheme
        || ["http:", "https:", "mailto:"]
            .iter()
            .any(|p| lower.starts_with(p))
    {
        url.clone()
    } else {
        CowStr::Borrowed("#")
    }
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
}
