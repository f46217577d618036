//! Finding notes by slug, and why a reference names none.

use super::NoteId;
use crate::diagnostics::closest;
use crate::read::config::Missing;
use crate::read::discover::Collection;
use crate::read::note::Note;
use crate::read::slug::slugify;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::Path;

/// Finds notes by slug. Notes left out of the build (drafts, private notes
/// in a public build) are known by name so that links to them become plain
/// text rather than errors.
#[derive(Debug, Default)]
pub struct Index {
    by_key: HashMap<(Collection, String), NoteId>,
    by_slug: HashMap<String, Vec<NoteId>>,
    hidden: HashSet<(Collection, String)>,
    /// The slugs and names of `hidden`, whatever their collection.
    hidden_names: HashSet<String>,
    collections: HashMap<Collection, Vec<NoteId>>,
    /// Notes by the slug of their title or of an alias, as Obsidian links
    /// them: `[[José Núñez]]`, `[[Zé]]`.
    by_name: HashMap<String, Vec<NoteId>>,
    /// The files under `static/`, by lower-case file name, with their
    /// paths relative to the output root, for `![[image.png]]`.
    files: BTreeMap<String, Vec<String>>,
    /// The site's base path, `/` or `/prep/`, for the files' URLs.
    base: String,
    /// What a wikilink to no note is.
    pub missing: Missing,
}

/// What a reference points at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    Note(NoteId),
    /// A note that exists but is left out of this build.
    Hidden,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Unresolved {
    NotFound { closest: Option<String> },
    Ambiguous(Vec<String>),
}

impl Index {
    pub fn build(notes: &[Note], hidden: &[(Collection, String)]) -> Index {
        let mut index = Index::default();
        for (id, note) in notes.iter().enumerate() {
            // A duplicate slug is reported once, by the loader; the first note keeps it.
            let key = (note.collection, note.slug.clone());
            if index.by_key.contains_key(&key) {
                continue;
            }
            index.by_key.insert(key, id);
            index.by_slug.entry(note.slug.clone()).or_default().push(id);
            index
                .collections
                .entry(note.collection)
                .or_default()
                .push(id);
            for name in note.names() {
                let ids = index.by_name.entry(name).or_default();
                if !ids.contains(&id) {
                    ids.push(id);
                }
            }
        }
        index.hidden = hidden.iter().cloned().collect();
        index.hidden_names = hidden.iter().map(|(_, s)| s.clone()).collect();
        index
    }

    /// Knows the files of `root/static`, for embeds of images and files.
    pub fn with_static_files(mut self, root: &Path, base: &str) -> Index {
        self.base = base.to_string();
        let dir = root.join("static");
        let walk = walkdir::WalkDir::new(&dir).sort_by_file_name().into_iter();
        for entry in walk.filter_map(Result::ok) {
            if !entry.file_type().is_file() {
                continue;
            }
            let Ok(rel) = entry.path().strip_prefix(&dir) else {
                continue;
            };
            let rel: Vec<String> = rel
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect();
            let name = rel.last().cloned().unwrap_or_default().to_lowercase();
            self.files.entry(name).or_default().push(rel.join("/"));
        }
        self
    }

    /// The id of the note `slug` of `collection`, if it is in the build.
    pub fn id_of(&self, collection: Collection, slug: &str) -> Option<NoteId> {
        self.by_key.get(&(collection, slug.to_string())).copied()
    }

    /// The site's base path, `/prep/` or `/`.
    pub fn base_path(&self) -> &str {
        if self.base.is_empty() {
            "/"
        } else {
            &self.base
        }
    }

    pub fn with_missing(mut self, missing: Missing) -> Index {
        self.missing = missing;
        self
    }

    /// The URL of the static file a link names:
    /// `photo.png` anywhere under `static/`, or a path such as
    /// `img/photo.png`, compared without case as Obsidian does.
    pub fn file(&self, reference: &str) -> Result<String, Option<String>> {
        let wanted = reference.trim().trim_start_matches('/').to_lowercase();
        let name = wanted.rsplit('/').next().unwrap_or(&wanted);
        let found = self.files.get(name).and_then(|paths| {
            paths
                .iter()
                .find(|p| p.to_lowercase() == wanted)
                .or_else(|| (!wanted.contains('/')).then(|| paths.first()).flatten())
        });
        match found {
            Some(p) => Ok(format!("{}{}", self.base_path(), url_path(p))),
            None => Err(closest(name, self.files.keys().map(String::as_str)).map(str::to_string)),
        }
    }

    /// Resolves a body link as Obsidian writes it: by slug, else by the
    /// title (a contact's or company's name) or an alias, without regard
    /// to case or accents. A slug wins over a title, so a note can always
    /// be named unambiguously.
    pub fn resolve_link(&self, notes: &[Note], reference: &str) -> Result<Target, Unresolved> {
        let by_slug = self.resolve(notes, reference, None);
        if !matches!(by_slug, Err(Unresolved::NotFound { .. })) {
            return by_slug;
        }
        let reference = reference.trim();
        let (collection, name) = match reference.split_once('/') {
            Some((dir, rest)) => match Collection::from_dir(dir) {
                Some(c) => (Some(c), rest),
                None => (None, reference),
            },
            None => (None, reference),
        };
        let ids: Vec<NoteId> = self
            .by_name
            .get(&slugify(name))
            .into_iter()
            .flatten()
            .copied()
            .filter(|id| collection.is_none_or(|c| notes[*id].collection == c))
            .collect();
        match ids.as_slice() {
            [] => by_slug,
            [id] => Ok(Target::Note(*id)),
            many => Err(Unresolved::Ambiguous(
                many.iter()
                    .map(|id| format!("{}/{}", notes[*id].collection.dir(), notes[*id].slug))
                    .collect(),
            )),
        }
    }

    /// Whether every reference resolves in both indexes as it does in the
    /// other: the same notes by the same slugs, titles and aliases, the
    /// same notes left out, and the same rule for a link to no note. The
    /// maps are compared whole, not rebuilt from the notes' names, so that
    /// a new way of finding a note cannot be left out of this test. The
    /// static files are not compared: a body showing one is rendered again
    /// whatever the index.
    pub fn resolves_same(&self, other: &Index) -> bool {
        self.hidden == other.hidden
            && self.hidden_names == other.hidden_names
            && self.by_key == other.by_key
            && self.by_slug == other.by_slug
            && self.by_name == other.by_name
            && self.missing == other.missing
            && self.base == other.base
    }

    /// The notes of a collection, in build order.
    pub fn of(&self, collection: Collection) -> &[NoteId] {
        self.collections.get(&collection).map_or(&[], Vec::as_slice)
    }

    /// Resolves `reference` (`slug` or `collection/slug`). With `expected`,
    /// only that collection is searched, as for front matter fields.
    pub fn resolve(
        &self,
        notes: &[Note],
        reference: &str,
        expected: Option<Collection>,
    ) -> Result<Target, Unresolved> {
        let reference = reference.trim();
        let (collection, slug) = match reference.split_once('/') {
            Some((dir, rest)) => match Collection::from_dir(dir) {
                Some(c) if expected.is_none_or(|e| e == c) => (Some(c), rest),
                _ => (expected, reference),
            },
            None => (expected, reference),
        };
        let slug = crate::read::slug::slugify(slug);
        match collection {
            Some(c) => {
                if let Some(id) = self.by_key.get(&(c, slug.clone())) {
                    return Ok(Target::Note(*id));
                }
                if self.hidden.contains(&(c, slug.clone())) {
                    return Ok(Target::Hidden);
                }
                let candidates = self.of(c).iter().map(|id| notes[*id].slug.as_str());
                Err(Unresolved::NotFound {
                    closest: closest(&slug, candidates).map(|s| format!("{}/{s}", c.dir())),
                })
            }
            None => match self.by_slug.get(&slug).map(Vec::as_slice) {
                Some([id]) => Ok(Target::Note(*id)),
                Some(ids) if !ids.is_empty() => Err(Unresolved::Ambiguous(
                    ids.iter()
                        .map(|id| format!("{}/{}", notes[*id].collection.dir(), slug))
                        .collect(),
                )),
                _ => {
                    if self.hidden_names.contains(&slug) {
                        return Ok(Target::Hidden);
                    }
                    Err(Unresolved::NotFound {
                        closest: closest(&slug, self.by_slug.keys().map(String::as_str))
                            .map(str::to_string),
                    })
                }
            },
        }
    }
}

/// A path with the characters a URL cannot hold as they are escaped.
fn url_path(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for b in path.bytes() {
        if b.is_ascii_alphanumeric() || b"/-._~".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}
