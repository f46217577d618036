//! What the two roads that put edits in place in the last build
//! ([`super::bodies`], [`super::fields`]) share: when they may run, reading
//! an edited note again as the build uses it, and finishing.

use super::{lock, Cached, Rebuilt, Road, Session, Stamp};
use crate::diagnostics::Diagnostic;
use crate::graph::NoteId;
use crate::pages::search;
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

/// Puts the search index into `output` after the entries of `changed` were
/// made again, from entries split as `before`: only its files holding a
/// changed entry, or other notes than before, are joined again.
pub(super) fn put_search(
    output: &mut crate::output::Output,
    site: &crate::pages::views::Site,
    entries: &[String],
    before: &search::Shards,
    changed: &[NoteId],
) {
    let (files, all) = search::files_again(entries, before, changed, |n| site.urls.to(n));
    if all {
        // A shard fewer leaves none behind.
        output.files.retain(|path, _| !search::is_shard(path));
    }
    for (name, text) in files {
        output.insert(name, text);
    }
}

/// The calendar files made again when the events of `changed` notes
/// changed: the site's (an interview's events, a contact's follow-up), and
/// each changed interview's own.
pub(super) fn calendars(
    site: &crate::pages::views::Site,
    changed: &[NoteId],
    pieces: &crate::site::NotePieces,
) -> Vec<(String, Option<String>)> {
    use crate::read::config::publish::PeoplePages;
    if changed.is_empty() || !site.config.publish.shows(PeoplePages::Interviews) {
        return Vec::new();
    }
    let mut files = vec![(
        "calendar.ics".to_string(),
        Some(crate::interchange::calendar::site_calendar_of(
            site,
            &pieces.calendar,
        )),
    )];
    for id in changed {
        if site.notes[*id].collection != crate::read::discover::Collection::Interviews {
            continue;
        }
        // An interview without a date now has no calendar of its own.
        let ics = crate::interchange::calendar::interview_calendar(site, *id);
        files.push((
            crate::pages::urls::interview_ics(&site.notes[*id].slug),
            ics,
        ));
    }
    files
}

/// Puts [`calendars`] into `output`.
pub(super) fn put_calendars(
    output: &mut crate::output::Output,
    calendars: Vec<(String, Option<String>)>,
) {
    for (path, text) in calendars {
        match text {
            Some(text) => output.insert(path, text),
            None => drop(output.files.remove(&path)),
        }
    }
}
