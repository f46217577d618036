//! The client-side search index, `search.json`: one entry per note with
//! its title, URL, kind, subtitle, tags and the start of its text. The
//! default theme's `search.js` loads it on first use.

use crate::context::Site;
use serde::Serialize;

/// How much of a note's text is indexed: enough to find a note by what it
/// says, small enough that the index of a large site loads quickly.
const TEXT_CHARS: usize = 400;

#[derive(Serialize)]
struct Entry<'a> {
    /// title
    t: &'a str,
    /// url
    u: &'a str,
    /// kind
    k: &'static str,
    /// subtitle: role and company, industry, date
    s: &'a str,
    /// tags
    g: Vec<&'a str>,
    /// text
    x: String,
}

pub fn index(site: &Site) -> String {
    let entries: Vec<Entry> = site
        .cards
        .iter()
        .enumerate()
        .map(|(id, card)| Entry {
            t: card.title,
            u: card.url,
            k: card.kind,
            s: &card.subtitle,
            g: site.notes[id].tags.iter().map(String::as_str).collect(),
            x: squeeze(&site.bodies[id].plain, TEXT_CHARS),
        })
        .collect();
    serde_json::to_string(&entries).unwrap_or_else(|_| "[]".to_string())
}

/// Collapses whitespace and cuts at a character boundary.
fn squeeze(text: &str, limit: usize) -> String {
    let mut out = String::with_capacity(limit.min(text.len()));
    for word in text.split_whitespace() {
        let space = usize::from(!out.is_empty());
        if out.len() + space + word.len() > limit {
            break;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn squeeze_collapses_and_cuts_on_words() {
        assert_eq!(super::squeeze("a  b\n\nc dd", 6), "a b c");
        assert_eq!(super::squeeze("héllo wörld", 6), "héllo");
    }
}
