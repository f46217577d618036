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
    let shards = Shards::of(entries);
    shards.files(entries, url, |_| true)
}

/// Which entries each file of the index holds, as ranges of note ids: the
/// files' names and texts follow from it and the entries.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Shards(Vec<std::ops::Range<NoteId>>);

impl Shards {
    /// The files of `entries` (by note id, empty for a note not searched).
    pub fn of(entries: &[String]) -> Shards {
        Shards::within(entries, SHARD_BYTES)
    }

    fn within(entries: &[String], limit: usize) -> Shards {
        let mut shards: Vec<std::ops::Range<NoteId>> = std::iter::once(0..0).collect();
        let mut size = 0;
        for (id, e) in entries.iter().enumerate().filter(|(_, e)| !e.is_empty()) {
            let last = shards.len() - 1;
            if !shards[last].is_empty() && size + e.len() > limit {
                shards.push(id..id);
                size = 0;
            }
            size += e.len() + 1;
            let last = shards.len() - 1;
            shards[last].end = id + 1;
        }
        Shards(shards)
    }

    /// The files `write` wants, by their place (0 is `search.json`),
    /// joined in parallel.
    fn files(
        &self,
        entries: &[String],
        url: impl Fn(&str) -> String,
        write: impl Fn(usize) -> bool + Sync,
    ) -> Vec<(String, String)> {
        use rayon::prelude::*;
        let names: Vec<String> = (2..=self.0.len())
            .map(|n| format!("search-{n}.json"))
            .collect();
        let more = serde_json::to_string(&names.iter().map(|n| url(n)).collect::<Vec<_>>())
            .unwrap_or_else(|_| "[]".to_string());
        let single = self.0.len() == 1;
        self.0
            .par_iter()
            .enumerate()
            .filter(|(at, _)| write(*at))
            .map(|(at, range)| {
                let list = join(&entries[range.clone()]);
                match at {
                    0 if single => ("search.json".to_string(), list),
                    0 => (
                        "search.json".to_string(),
                        format!("{{\"entries\":{list},\"more\":{more}}}"),
                    ),
                    _ => (names[at - 1].clone(), list),
                }
            })
            .collect()
    }
}

/// The index's files after the entries of `changed` were made again, over
/// an output whose index was made from entries split as `before`: the
/// files to write, and whether every shard file must go first (there are
/// more or fewer of them). A file holding the same notes as before, none
/// of them changed, is as it was and is not made again.
pub fn files_again(
    entries: &[String],
    before: &Shards,
    changed: &[NoteId],
    url: impl Fn(&str) -> String,
) -> (Vec<(String, String)>, bool) {
    files_again_within(entries, before, changed, url, SHARD_BYTES)
}

fn files_again_within(
    entries: &[String],
    before: &Shards,
    changed: &[NoteId],
    url: impl Fn(&str) -> String,
    limit: usize,
) -> (Vec<(String, String)>, bool) {
    let after = Shards::within(entries, limit);
    if after.0.len() != before.0.len() {
        return (after.files(entries, url, |_| true), true);
    }
    let write = |at: usize| {
        let range = &after.0[at];
        before.0[at] != *range || changed.iter().any(|id| range.contains(id))
    };
    (after.files(entries, url, write), false)
}

#[cfg(test)]
mod tests {
    use super::Shards;
    use std::collections::BTreeMap;

    /// The files after an edit of `changed` to `after`, over those of
    /// `before`, as serve puts them: equal to the files made whole.
    fn again(before: &[String], after: &[String], changed: &[usize], limit: usize) -> usize {
        let url = |name: &str| format!("/{name}");
        let shards = Shards::within(before, limit);
        let mut files: BTreeMap<String, String> =
            shards.files(before, url, |_| true).into_iter().collect();
        let (written, all) = super::files_again_within(after, &shards, changed, url, limit);
        if all {
            files.retain(|name, _| !super::is_shard(name));
        }
        let count = written.len();
        files.extend(written);
        let whole: BTreeMap<String, String> = Shards::within(after, limit)
            .files(after, url, |_| true)
            .into_iter()
            .collect();
        assert_eq!(files, whole);
        count
    }

    #[test]
    fn an_edit_joins_again_only_the_index_files_it_changed() {
        let entries: Vec<String> = (0..40).map(|n| format!("{{\"t\":\"{n:02}\"}}")).collect();
        // Ten files of four entries (11 bytes and a comma each).
        let limit = 48;
        assert_eq!(Shards::within(&entries, limit).0.len(), 10);
        let mut same_length = entries.clone();
        same_length[17] = "{\"t\":\"xx\"}".to_string();
        assert_eq!(again(&entries, &same_length, &[17], limit), 1);
        // Nothing changed: nothing written.
        assert_eq!(again(&entries, &entries, &[], limit), 0);
        // Longer: the files from it on hold other entries.
        let mut longer = entries.clone();
        longer[5] = "{\"t\":\"05\",\"x\":\"more\"}".to_string();
        let written = again(&entries, &longer, &[5], limit);
        assert!(written > 1 && written < 12, "{written}");
        // A note left out of the search (empty entry), and one file fewer.
        let mut fewer = entries.clone();
        for e in &mut fewer[..4] {
            e.clear();
        }
        again(&entries, &fewer, &[0, 1, 2, 3], limit);
        // A first file that no longer names others.
        again(&entries, &entries[..3], &[], limit);
    }

    #[test]
    fn a_large_index_is_split_and_its_first_file_names_the_rest() {
        let entries: Vec<String> = (0..5).map(|n| format!("{{\"t\":\"{n}\"}}")).collect();
        let url = |name: &str| format!("/prep/{name}");
        let one = super::Shards::within(&entries, 1000).files(&entries, url, |_| true);
        assert_eq!(
            one,
            vec![(
                "search.json".to_string(),
                format!("[{}]", entries.join(","))
            )]
        );
        let split = super::Shards::within(&entries, 20).files(&entries, url, |_| true);
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
