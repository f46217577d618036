//! The client-side search index, `search.json`: one entry per note with
//! its title, URL, kind, subtitle, tags and its whole text (a question
//! bank's questions too). The default theme's `search.js` loads it on
//! first use and folds case and accents on both sides.

use crate::graph::NoteId;
use crate::pages::views::Site;
use serde::Serialize;

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
    /// text: the whole body, and a bank's questions
    x: std::borrow::Cow<'a, str>,
}

/// One note's entry, as JSON (see [`crate::site::NotePieces`]).
pub fn entry(site: &Site, id: NoteId) -> String {
    let card = &site.cards[id];
    // A note without a page (a person in a public build) is not searched.
    if card.url.is_empty() {
        return String::new();
    }
    let entry = Entry {
        t: &card.title,
        u: &card.url,
        k: card.kind,
        s: &card.subtitle,
        g: site.notes[id].tags.iter().map(String::as_str).collect(),
        x: text(site, id),
    };
    serde_json::to_string(&entry).unwrap_or_else(|_| "{}".to_string())
}

/// What a note's entry searches besides its names: the body's text, and
/// for a question bank each question with its why and follow-up.
fn text<'a>(site: &Site<'a>, id: NoteId) -> std::borrow::Cow<'a, str> {
    let body = site.bodies[id].search_text.as_str();
    let Some(bank) = site.notes[id].as_bank() else {
        return std::borrow::Cow::Borrowed(body);
    };
    let mut out = body.to_string();
    for q in &bank.questions {
        for part in [Some(&q.text), q.why.as_ref(), q.follow_up.as_ref()]
            .into_iter()
            .flatten()
        {
            if !out.is_empty() {
                out.push(' ');
            }
            out.push_str(part);
        }
    }
    std::borrow::Cow::Owned(out)
}

/// The index from its entries.
pub fn join<S: AsRef<str>>(entries: &[S]) -> String {
    let entries = entries.iter().map(AsRef::as_ref);
    let mut out = String::with_capacity(entries.clone().map(|e| e.len() + 1).sum::<usize>() + 2);
    out.push('[');
    for (n, e) in entries.filter(|e| !e.is_empty()).enumerate() {
        if n > 0 {
            out.push(',');
        }
        out.push_str(e);
    }
    out.push(']');
    out
}

/// How many bytes of entries one file of the index holds: about 350 KB
/// gzipped, so the file a phone loads first stays well under 1 MB; a site
/// of a thousand notes fits one file, a larger one is split.
pub const SHARD_BYTES: usize = 2_000_000;

/// Whether `path` is one of the later shards, `search-N.json`.
pub fn is_shard(path: &str) -> bool {
    path.strip_prefix("search-")
        .and_then(|rest| rest.strip_suffix(".json"))
        .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
}

/// The index's files: `search.json` alone (a list of entries) while the
/// entries fit [`SHARD_BYTES`]; beyond, `search.json` holds the first
/// part as `{"entries": [...], "more": [URL...]}` and `search-2.json`…
/// the rest, each a list, which `search.js` loads after the first.
/// `url` makes a file's URL from its name.
pub fn files(entries: &[String], url: impl Fn(&str) -> String) -> Vec<(String, String)> {
    files_within(entries, SHARD_BYTES, url)
}

fn files_within(
    entries: &[String],
    limit: usize,
    url: impl Fn(&str) -> String,
) -> Vec<(String, String)> {
    let mut parts: Vec<Vec<&str>> = vec![Vec::new()];
    let mut size = 0;
    for e in entries.iter().filter(|e| !e.is_empty()) {
        let full = parts.last().is_some_and(|p| !p.is_empty()) && size + e.len() > limit;
        if full {
            parts.push(Vec::new());
            size = 0;
        }
        size += e.len() + 1;
        if let Some(last) = parts.last_mut() {
            last.push(e);
        }
    }
    if parts.len() == 1 {
        return vec![("search.json".to_string(), join(&parts[0]))];
    }
    let names: Vec<String> = (2..=parts.len())
        .map(|n| format!("search-{n}.json"))
        .collect();
    let more = serde_json::to_string(&names.iter().map(|n| url(n)).collect::<Vec<_>>())
        .unwrap_or_else(|_| "[]".to_string());
    let mut out = vec![(
        "search.json".to_string(),
        format!("{{\"entries\":{},\"more\":{more}}}", join(&parts[0])),
    )];
    out.extend(
        names
            .into_iter()
            .zip(&parts[1..])
            .map(|(n, p)| (n, join(p))),
    );
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_large_index_is_split_and_its_first_file_names_the_rest() {
        let entries: Vec<String> = (0..5).map(|n| format!("{{\"t\":\"{n}\"}}")).collect();
        let url = |name: &str| format!("/prep/{name}");
        let one = super::files_within(&entries, 1000, url);
        assert_eq!(
            one,
            vec![(
                "search.json".to_string(),
                format!("[{}]", entries.join(","))
            )]
        );
        let split = super::files_within(&entries, 20, url);
        assert_eq!(
            split,
            vec![
                ("search.json".to_string(), "{\"entries\":[{\"t\":\"0\"},{\"t\":\"1\"}],\"more\":[\"/prep/search-2.json\",\"/prep/search-3.json\"]}".to_string()),
                ("search-2.json".to_string(), "[{\"t\":\"2\"},{\"t\":\"3\"}]".to_string()),
                ("search-3.json".to_string(), "[{\"t\":\"4\"}]".to_string()),
            ]
        );
    }
}
