//! Finding notes by slug, and why a reference names none.

use super::NoteId;
use crate::diagnostics::closest;
use crate::read::discover::Collection;
use crate::read::note::Note;
use std::collections::{HashMap, HashSet};

/// Finds notes by slug. Notes left out of the build (drafts, private notes
/// in a public build) are known by name so that links to them become plain
/// text rather than errors.
#[derive(Debug, Default)]
pub struct Index {
    by_key: HashMap<(Collection, String), NoteId>,
    by_slug: HashMap<String, Vec<NoteId>>,
    hidden: HashSet<(Collection, String)>,
    collections: HashMap<Collection, Vec<NoteId>>,
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
        }
        index.hidden = hidden.iter().cloned().collect();
        index
    }

    /// Whether both indexes leave out the same notes.
    pub fn hides_same(&self, other: &Index) -> bool {
        self.hidden == other.hidden
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
                    if self.hidden.iter().any(|(_, s)| *s == slug) {
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
