//! What the two roads that put edits in place in the last build
//! ([`super::bodies`], [`super::fields`]) share: when they may run, reading
//! an edited note again as the build uses it, and finishing.

use super::{lock, Cached, Rebuilt, Road, Session, Stamp};
use crate::diagnostics::Diagnostic;
use crate::graph::NoteId;
use crate::read::discover::NoteFile;
use crate::read::note::{self, Note};
use crate::{Analysis, Error};
use std::collections::BTreeSet;
use std::path::PathBuf;
use std::time::Instant;

/// A note of the last build read again.
pub(super) struct Reread {
    pub id: NoteId,
    /// As the build uses it: named and stripped like the note it replaces.
    pub note: Note,
    /// The note as it was read last time, before naming and stripping.
    pub raw_before: Note,
    pub cached: Cached,
    pub absolute: PathBuf,
    pub path: PathBuf,
}

impl Session {
    /// The changed files, relative to the site, when edits may be put in
    /// place: a last good build with its templates, of today, nothing
    /// pending from a failed rebuild. `None` otherwise.
    pub(super) fn in_place_paths(&self, changed: &[PathBuf]) -> Option<BTreeSet<PathBuf>> {
        if changed.is_empty() || !self.pending.is_empty() || self.needs_full {
            return None;
        }
        let last = self.last.as_ref()?;
        self.templates.as_ref()?;
        if crate::today(&self.options, &last.config) != last.today {
            return None;
        }
        let root = &self.options.root;
        let paths: BTreeSet<PathBuf> = changed
            .iter()
            .filter(|p| !self.is_ignored(p))
            .map(|p| p.strip_prefix(root).unwrap_or(p).to_path_buf())
            .collect();
        (!paths.is_empty()).then_some(paths)
    }

    /// Reads `path` again; `None` unless it is a note of the last build,
    /// still there, read without errors.
    pub(super) fn reread(&self, last: &Analysis, path: PathBuf) -> Option<Reread> {
        let id = last.notes.iter().position(|n| n.path == path)?;
        let old = &last.notes[id];
        let absolute = self.options.root.join(&path);
        let raw_before = lock(&self.cache).get(&absolute)?.note.clone()?;
        let stamp = Stamp::of(&absolute)?;
        let file = NoteFile {
            collection: old.collection,
            absolute: absolute.clone(),
            path: path.clone(),
        };
        let parsed = note::read(&file, &last.config);
        if parsed.diagnostics.iter().any(Diagnostic::is_error) {
            return None;
        }
        let raw = parsed.note?;
        let mut note = raw.clone();
        // The graph names untitled interviews; the roads that use this
        // keep what it reads (the names) as it was.
        note.title = old.title.clone();
        if last.config.publish.public {
            crate::domain::public::strip(&last.config.publish, &mut note);
        }
        Some(Reread {
            id,
            note,
            raw_before,
            cached: Cached {
                stamp,
                note: Some(raw),
                diagnostics: parsed.diagnostics,
            },
            absolute,
            path,
        })
    }

    /// What a road that put edits in place returns: its rebuild, or on
    /// error a full rebuild next time (the analysis has the edits, the
    /// pages do not).
    pub(super) fn finish_in_place(
        &mut self,
        result: Result<Rebuilt, Error>,
        road: Road,
        bodies: usize,
        paths: Vec<PathBuf>,
        started: Instant,
    ) -> Result<Rebuilt, Error> {
        match result {
            Ok(mut rebuilt) => {
                rebuilt.road = road;
                rebuilt.bodies = bodies;
                rebuilt.changed = paths;
                rebuilt.elapsed = started.elapsed();
                Ok(rebuilt)
            }
            Err(e) => {
                self.needs_full = true;
                self.pending.extend(paths);
                Err(e)
            }
        }
    }
}
