//! A note: one file's front matter read into typed, checked fields, and
//! its body. [`read`] and [`parse`] make one; the schema of each
//! collection is in `schema`, the checks in `reader` and `collections`.

use crate::diagnostics::Diagnostic;
use crate::domain::*;
use crate::read::config::Config;
use crate::read::discover::{Collection, NoteFile};
use crate::read::frontmatter::{self, SplitError};
use crate::read::locate::{key_span, locate};
use crate::read::reader::{Common, Reader};
use crate::read::slug::slugify;
use std::path::PathBuf;

/// A parsed, checked note. References to other notes are still slugs;
/// the graph resolves them.
#[derive(Debug, Clone)]
pub struct Note {
    pub collection: Collection,
    pub slug: String,
    /// Relative to the site root.
    pub path: PathBuf,
    pub title: String,
    pub draft: bool,
    pub private: bool,
    pub tags: Vec<String>,
    /// Other names the note is linked by, as written.
    pub aliases: Vec<String>,
    /// Keys of Hugo, Zola, Jekyll or Obsidian this note has, kept under
    /// `extra` and reported once for the whole site.
    pub foreign: Vec<String>,
    pub template: Option<String>,
    pub extra: serde_json::Value,
    pub kind: Kind,
    text: String,
    body_start: usize,
    /// File line on which the body starts.
    pub body_line: usize,
    keys: Vec<(String, usize)>,
}

impl Note {
    pub fn body(&self) -> &str {
        &self.text[self.body_start..]
    }

    /// The front matter with its `---` lines: two notes with the same
    /// front matter differ at most in their bodies.
    pub fn front_matter(&self) -> &str {
        &self.text[..self.body_start]
    }

    /// Forgets the body, for a public build that leaves it out.
    pub fn clear_body(&mut self) {
        self.text.truncate(self.body_start);
    }

    /// Gives back the memory a cleared body held.
    pub fn shrink(&mut self) {
        self.text.shrink_to_fit();
    }

    /// Forgets where the front matter keys are but `key`, once nothing
    /// but an error about `key` can point at them.
    pub fn forget_key_positions_but(&mut self, key: &str) {
        self.keys.retain(|(k, _)| k == key);
        self.keys.shrink_to_fit();
    }

    /// The file line and column of a top-level front matter key, or of the
    /// opening `---` when the key is absent.
    pub fn key_position(&self, key: &str) -> (usize, usize) {
        let (line, column, _) = key_span(&self.keys, key);
        (line, column)
    }

    /// Line, column and width of a top-level key (of the opening `---` when
    /// the key is absent).
    pub fn key_span(&self, key: &str) -> (usize, usize, usize) {
        key_span(&self.keys, key)
    }

    /// The names a body link may give the note by, as slugs: its title
    /// and its aliases.
    pub fn names(&self) -> impl Iterator<Item = String> + '_ {
        std::iter::once(self.title.as_str())
            .chain(self.aliases.iter().map(String::as_str))
            .map(slugify)
            .filter(|s| !s.is_empty())
    }

    pub fn has_key(&self, key: &str) -> bool {
        self.keys.iter().any(|(k, _)| k == key)
    }

    /// Line, column and width of `value` written under `key` (of the key
    /// when the value cannot be found as written).
    pub fn value_span(&self, key: &str, value: &str) -> (usize, usize, usize) {
        locate(&self.text, &self.keys, self.body_line, key, value)
    }

    /// The text of file line `line` (from 1).
    pub fn source_line(&self, line: usize) -> Option<&str> {
        self.text.lines().nth(line.checked_sub(1)?)
    }

    pub fn as_interview(&self) -> Option<&Interview> {
        match &self.kind {
            Kind::Interview(i) => Some(i),
            _ => None,
        }
    }

    pub fn as_contact(&self) -> Option<&Contact> {
        match &self.kind {
            Kind::Contact(c) => Some(c),
            _ => None,
        }
    }

    pub fn as_company(&self) -> Option<&Company> {
        match &self.kind {
            Kind::Company(c) => Some(c),
            _ => None,
        }
    }

    pub fn as_bank(&self) -> Option<&QuestionBank> {
        match &self.kind {
            Kind::Bank(b) => Some(b),
            _ => None,
        }
    }
}

/// The outcome of reading one file: the note if it could be made, and
/// every problem found on the way.
pub struct Parsed {
    pub note: Option<Note>,
    pub diagnostics: Vec<Diagnostic>,
}

/// Reads and checks the note in `file`.
pub fn read(file: &NoteFile, config: &Config) -> Parsed {
    let bytes = match read_bounded(&file.absolute, config.max_note_bytes) {
        Ok(Some(b)) => b,
        Ok(None) => {
            return failed(
                Diagnostic::error(
                    "note-too-large",
                    &file.path,
                    format!(
                        "the note is larger than {} bytes (`max_note_bytes`)",
                        config.max_note_bytes
                    ),
                )
                .hint("split it into several notes, or raise `max_note_bytes` in coffeechat.yaml"),
            )
        }
        Err(e) => {
            return failed(
                Diagnostic::error(
                    "unreadable",
                    &file.path,
                    format!("cannot read the note: {e}"),
                )
                .hint("check the file's permissions"),
            )
        }
    };
    let text = match String::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => {
            let offset = e.utf8_error().valid_up_to();
            let bytes = e.as_bytes();
            let line = bytes[..offset].iter().filter(|b| **b == b'\n').count() + 1;
            let line_start = bytes[..offset]
                .iter()
                .rposition(|b| *b == b'\n')
                .map_or(0, |i| i + 1);
            // Everything before `offset` is valid UTF-8.
            let column = String::from_utf8_lossy(&bytes[line_start..offset])
                .chars()
                .count()
                + 1;
            return failed(
                Diagnostic::error(
                    "not-utf8",
                    &file.path,
                    format!(
                        "the note is not UTF-8 text: byte 0x{:02X} cannot be read",
                        bytes[offset]
                    ),
                )
                .at((line, column))
                .width(1)
                .hint("the file was likely saved as Latin-1 or Windows-1252: save it as UTF-8 in your editor"),
            );
        }
    };
    parse(file.collection, file.path.clone(), text, config)
}

/// The file's bytes, or `None` when it has more than `limit`: read through
/// a bounded reader, so a file that grows while read is bounded too.
fn read_bounded(path: &std::path::Path, limit: u64) -> std::io::Result<Option<Vec<u8>>> {
    use std::io::Read;
    let file = std::fs::File::open(path)?;
    let hint = file.metadata().map_or(0, |m| m.len()).min(limit);
    let mut bytes = Vec::with_capacity(usize::try_from(hint).unwrap_or(0));
    file.take(limit.saturating_add(1)).read_to_end(&mut bytes)?;
    Ok((bytes.len() as u64 <= limit).then_some(bytes))
}

fn failed(d: Diagnostic) -> Parsed {
    Parsed {
        note: None,
        diagnostics: vec![d],
    }
}

/// Parses a note's text. Public so tests and fuzzing can skip the disk.
pub fn parse(collection: Collection, path: PathBuf, text: String, config: &Config) -> Parsed {
    let split = match frontmatter::split(&text) {
        Ok(s) => s,
        Err(e) => return failed(split_error(e, collection, &path)),
    };
    let keys: Vec<(String, usize)> = frontmatter::keys(&split)
        .into_iter()
        .map(|(k, l)| (k.to_string(), l))
        .collect();
    let body_start = text.len() - split.body.len();
    let body_line = split.body_line;
    let yaml_line = split.yaml_line;
    let mut reader = Reader {
        path,
        config,
        diagnostics: Vec::new(),
        keys: &keys,
        text: &text,
        body_line,
        failed: Vec::new(),
        format: split.format,
        foreign: Vec::new(),
        kept: Vec::new(),
    };
    let yaml = split.yaml;
    let fields = match collection {
        Collection::Companies => reader.company(yaml, yaml_line),
        Collection::Contacts => reader.contact(yaml, yaml_line),
        Collection::Questions => reader.bank(yaml, yaml_line),
        Collection::Interviews => reader.interview(yaml, yaml_line),
        Collection::Pages => reader.page(yaml, yaml_line),
    };
    let Reader {
        path,
        mut diagnostics,
        foreign,
        kept,
        ..
    } = reader;
    let Some((mut common, title, kind)) = fields else {
        return Parsed {
            note: None,
            diagnostics,
        };
    };
    let slug = match slug_of(&common, &path, &keys) {
        Ok(slug) => slug,
        Err(d) => {
            diagnostics.push(d);
            return Parsed {
                note: None,
                diagnostics,
            };
        }
    };
    keep_in_extra(&mut common.extra, &kept, yaml, split.format, yaml_line);
    let mut tags = common.tags;
    // Body `#tags` are the note's tags too, as in Obsidian.
    for t in crate::read::body::body_tags(&text[body_start..]) {
        if !tags.contains(&t) {
            tags.push(t);
        }
    }
    let note = Note {
        collection,
        slug,
        path,
        title,
        draft: common.draft,
        private: common.private,
        tags,
        aliases: common.aliases,
        foreign,
        template: common.template,
        extra: common.extra,
        kind,
        text,
        body_start,
        body_line,
        keys,
    };
    Parsed {
        note: Some(note),
        diagnostics,
    }
}

/// Why a note's front matter could not be split from its body.
fn split_error(e: SplitError, collection: Collection, path: &std::path::Path) -> Diagnostic {
    match e {
        SplitError::Missing => {
            Diagnostic::error("no-front-matter", path, "the note has no front matter")
                .at((1, 1))
                .hint(format!(
                    "start the file with a `---` line, the {} fields, and another `---` line",
                    collection.singular()
                ))
        }
        SplitError::NotClosed => Diagnostic::error(
            "front-matter-not-closed",
            path,
            "the front matter is not closed",
        )
        .at((1, 1))
        .width(3)
        .hint("add a line with only `---` after the last field"),
    }
}

/// The note's slug: `slug:`, else the file's name, made a slug.
fn slug_of(
    common: &Common,
    path: &std::path::Path,
    keys: &[(String, usize)],
) -> Result<String, Diagnostic> {
    let file_stem = crate::read::discover::file_name(path);
    let slug_source = common.slug.as_deref().unwrap_or(file_stem);
    let slug = slugify(slug_source);
    if !slug.is_empty() {
        return Ok(slug);
    }
    let position = keys
        .iter()
        .find(|(k, _)| k == "slug")
        .map_or((1, 1), |(_, l)| (*l, 1));
    Err(Diagnostic::error(
        "bad-slug",
        path,
        format!("the slug `{slug_source}` has no letters or digits"),
    )
    .at(position)
    .hint("rename the file or set `slug:` to a name with letters or digits"))
}

/// Puts the values of the keys of other tools (and of `check.ignore_keys`)
/// under `extra`, where templates can use them, unless `extra` has the key.
fn keep_in_extra(
    extra: &mut serde_json::Value,
    kept: &[String],
    text: &str,
    format: frontmatter::Format,
    first_line: usize,
) {
    if kept.is_empty() {
        return;
    }
    let (Some(raw), Some(extra)) = (
        frontmatter::raw_map(text, format, first_line),
        extra.as_object_mut(),
    ) else {
        return;
    };
    for key in kept {
        if let Some(v) = raw.get(key) {
            extra.entry(key.clone()).or_insert_with(|| v.clone());
        }
    }
}

/// One line for the whole site about the front matter keys of other
/// tools, instead of a warning per note and key: a site of Hugo pages
/// would otherwise get thousands.
pub fn foreign_summary(notes: &[Note]) -> Option<Diagnostic> {
    let with: Vec<&Note> = notes.iter().filter(|n| !n.foreign.is_empty()).collect();
    let first = with.first()?;
    let mut counts: std::collections::BTreeMap<&str, usize> = Default::default();
    for n in &with {
        for k in &n.foreign {
            *counts.entry(k.as_str()).or_default() += 1;
        }
    }
    let mut keys: Vec<(&str, usize)> = counts.into_iter().collect();
    keys.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    let listed: Vec<String> = keys.iter().map(|(k, n)| format!("{k} ({n})")).collect();
    let names: Vec<&str> = keys.iter().map(|(k, _)| *k).collect();
    Some(
        Diagnostic::warning(
            "foreign-keys",
            &first.path,
            format!(
                "{} note(s) have front matter keys of other tools (Hugo, Zola, Jekyll, Obsidian), kept under `extra`: {}",
                with.len(),
                listed.join(", ")
            ),
        )
        .at(first.key_position(&first.foreign[0]))
        .hint(format!(
            "to silence this, add to coffeechat.yaml: `check: {{ ignore_keys: [{}] }}`",
            names.join(", ")
        )),
    )
}
