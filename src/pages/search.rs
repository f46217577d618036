//! The client-side search index, `search.json`: one entry per note with
//! its title, URL, kind, subtitle, tags and its whole text (a question
//! bank's questions too). The default theme's `search.js` loads it on
//! first use and folds case and accents on both sides.

use crate::graph::NoteId;
use crate::pages::views::{Card, Site};
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
///
/// Made from the notes, not from the cards: a build writes the index
/// before it makes the cards, so the two are never held at once.
pub fn entry(site: &Site, id: NoteId) -> String {
    let note = &site.notes[id];
    let url = site.note_urls[id].as_str();
    // A note without a page (a person in a public build) is not searched.
    if url.is_empty() {
        return String::new();
    }
    let subtitle = Card::subtitle_of(note, site.notes, &site.links[id], site.config);
    let entry = Entry {
        t: &note.title,
        u: url,
        k: note.collection.singular(),
        s: &subtitle,
        g: note.tags.iter().map(String::as_str).collect(),
        x: text(site, id),
    };
    // Sized for the text and names (escapes add a little): an index of
    // 100,000 entries grown by doubling would waste a third of its room.
    let size = [entry.t, entry.u, entry.s, &entry.x]
        .map(str::len)
        .iter()
        .sum::<usize>();
    let mut json = Vec::with_capacity(size + size / 16 + 64);
    match serde_json::to_writer(&mut json, &entry) {
        Ok(()) => String::from_utf8(json).unwrap_or_default(),
        Err(_) => "{}".to_string(),
    }
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
///
/// Which entries each file holds, as ranges of note ids: the files' names
/// and texts follow from it and the entries.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Shards(Vec<std::ops::Range<NoteId>>);

impl Shards {
    /// The files of `entries` (by note id, empty for a note not searched).
    pub fn of(entries: &[String]) -> Shards {
        Shards::within(entries, SHARD_BYTES)
    }

    fn within(entries: &[String], limit: usize) -> Shards {
        let mut shards: Vec<std::ops::Range<NoteId>> = std::iter::once(0..0).collect();
        let mut split = Split::new(limit);
        for (id, e) in entries.iter().enumerate().filter(|(_, e)| !e.is_empty()) {
            if split.starts_file(e) {
                shards.push(id..id);
            }
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
        self.parts(entries, url)
            .into_par_iter()
            .enumerate()
            .filter(|(at, _)| write(*at))
            .map(|(_, file)| (file.name.clone(), file.concat()))
            .collect()
    }

    /// Each file in parts, to be written one after another.
    pub fn parts<'e>(
        &self,
        entries: &'e [String],
        url: impl Fn(&str) -> String,
    ) -> Vec<IndexFile<'e>> {
        let more = more(self.0.len(), url);
        self.0
            .iter()
            .enumerate()
            .map(|(at, range)| {
                let entries = entries[range.clone()]
                    .iter()
                    .map(String::as_str)
                    .filter(|e| !e.is_empty())
                    .collect();
                IndexFile::new(at, self.0.len(), &more, entries)
            })
            .collect()
    }
}

/// Where the files of the index split: a file holds entries while they
/// fit the limit, and always at least one.
struct Split {
    limit: usize,
    size: usize,
    started: bool,
}

impl Split {
    fn new(limit: usize) -> Split {
        Split {
            limit,
            size: 0,
            started: false,
        }
    }

    /// Takes the next entry: whether it starts a new file.
    fn starts_file(&mut self, entry: &str) -> bool {
        let new = self.started && self.size + entry.len() > self.limit;
        if new {
            self.size = 0;
        }
        self.size += entry.len() + 1;
        self.started = true;
        new
    }
}

/// The name of the index's file `at` (0 is `search.json`).
fn file_name(at: usize) -> String {
    match at {
        0 => "search.json".to_string(),
        _ => format!("search-{}.json", at + 1),
    }
}

/// The URLs of the later files of an index of `count`, as JSON.
fn more(count: usize, url: impl Fn(&str) -> String) -> String {
    let urls: Vec<String> = (1..count).map(|at| url(&file_name(at))).collect();
    serde_json::to_string(&urls).unwrap_or_else(|_| "[]".to_string())
}

/// Where a file of the index goes once made: its name and its bytes in
/// parts.
pub type FileSink<'s, E> = dyn Fn(String, &[&[u8]]) -> Result<(), E> + 's;

/// The index written as its entries come, in note order, for a build:
/// each file goes to `sink` once full, the first (which names the others)
/// at the end, so no more than two files' entries are held at once.
pub struct Streamed {
    split: Split,
    /// The entries of the first file, and of the file being filled.
    first: Vec<String>,
    current: Vec<String>,
    /// The files started so far.
    files: usize,
}

impl Default for Streamed {
    fn default() -> Streamed {
        Streamed::within(SHARD_BYTES)
    }
}

impl Streamed {
    fn within(limit: usize) -> Streamed {
        Streamed {
            split: Split::new(limit),
            first: Vec::new(),
            current: Vec::new(),
            files: 1,
        }
    }

    /// Adds the next note's entry (empty for a note not searched).
    pub fn push<E>(&mut self, entry: String, sink: &FileSink<E>) -> Result<(), E> {
        if entry.is_empty() {
            return Ok(());
        }
        if self.split.starts_file(&entry) {
            self.close(sink)?;
            self.files += 1;
        }
        match self.files {
            1 => self.first.push(entry),
            _ => self.current.push(entry),
        }
        Ok(())
    }

    /// A later file is written when full; the first waits for the count.
    fn close<E>(&mut self, sink: &FileSink<E>) -> Result<(), E> {
        if self.files == 1 {
            return Ok(());
        }
        let entries = std::mem::take(&mut self.current);
        let file = IndexFile::new(
            self.files - 1,
            0,
            "",
            entries.iter().map(String::as_str).collect(),
        );
        sink(file.name.clone(), &file.parts())
    }

    /// Writes the last file and the first.
    pub fn finish<E>(mut self, url: impl Fn(&str) -> String, sink: &FileSink<E>) -> Result<(), E> {
        self.close(sink)?;
        let more = more(self.files, url);
        let entries = self.first.iter().map(String::as_str).collect();
        let file = IndexFile::new(0, self.files, &more, entries);
        sink(file.name.clone(), &file.parts())
    }
}

/// One file of the index: its name, and its text as the entries between
/// a head and a tail, comma-separated.
pub struct IndexFile<'e> {
    pub name: String,
    head: String,
    entries: Vec<&'e str>,
    tail: String,
}

impl<'e> IndexFile<'e> {
    /// File `at` of an index of `count` files (0 is `search.json`, which
    /// lists the URLs of the others, `more`, when there are others).
    fn new(at: usize, count: usize, more: &str, entries: Vec<&'e str>) -> IndexFile<'e> {
        let (head, tail) = match at {
            0 if count > 1 => ("{\"entries\":[".to_string(), format!("],\"more\":{more}}}")),
            _ => ("[".to_string(), "]".to_string()),
        };
        IndexFile {
            name: file_name(at),
            head,
            entries,
            tail,
        }
    }

    pub fn parts(&self) -> Vec<&[u8]> {
        let mut parts = Vec::with_capacity(self.entries.len() * 2 + 1);
        parts.push(self.head.as_bytes());
        for (n, e) in self.entries.iter().enumerate() {
            if n > 0 {
                parts.push(b",");
            }
            parts.push(e.as_bytes());
        }
        parts.push(self.tail.as_bytes());
        parts
    }

    pub fn concat(&self) -> String {
        // Parts are whole strings' bytes: always UTF-8.
        String::from_utf8(self.parts().concat()).unwrap_or_default()
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
    fn the_index_written_as_it_comes_is_the_index_made_whole() {
        let url = |name: &str| format!("/p/{name}");
        for count in [0, 1, 3, 4, 5, 17, 40] {
            let entries: Vec<String> = (0..count)
                .map(|n| match n % 5 {
                    3 => String::new(),
                    _ => format!("{{\"t\":\"{}\"}}", "x".repeat(n % 7)),
                })
                .collect();
            for limit in [1, 20, 48, 1000] {
                let whole: BTreeMap<String, String> = Shards::within(&entries, limit)
                    .files(&entries, url, |_| true)
                    .into_iter()
                    .collect();
                let written = std::sync::Mutex::new(BTreeMap::new());
                let sink = |name: String, parts: &[&[u8]]| -> Result<(), ()> {
                    let text = String::from_utf8(parts.concat()).map_err(|_| ())?;
                    assert!(written.lock().unwrap().insert(name, text).is_none());
                    Ok(())
                };
                let mut streamed = super::Streamed::within(limit);
                for e in &entries {
                    streamed.push(e.clone(), &sink).unwrap();
                }
                streamed.finish(url, &sink).unwrap();
                assert_eq!(
                    written.into_inner().unwrap(),
                    whole,
                    "{count} entries, limit {limit}"
                );
            }
        }
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
