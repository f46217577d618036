//! The quickest rebuild: notes edited below their front matter only. The
//! links, the cards and every page that shows no body stay as they are;
//! only the edited notes' Markdown, the pages near them, and what is made
//! from bodies (the search index, the vCards, the print packs when a
//! briefing changed) are made again.
//!
//! Anything else (a front matter edit, a new or deleted note, an error)
//! declines, and [`Session::rebuild`] takes the general road.

use super::{insert_rendered, lock, Cached, Rebuilt, Session};
use crate::briefing::sheets::is_part_path;
use crate::briefing::sheets::Sheets;
use crate::diagnostics::{self, Diagnostic};
use crate::domain::Kind;
use crate::graph::{self, NoteId};
use crate::pages::search;
use crate::pages::Page;
use crate::read::discover::Collection;
use crate::read::note::Note;
use crate::{markdown, Error};
use rayon::prelude::*;
use std::collections::BTreeSet;
use std::path::PathBuf;
use std::time::Instant;

/// A note read again whose front matter is as before.
struct Edit {
    id: NoteId,
    /// As the build uses it: named and stripped like the note it replaces.
    note: Note,
    cached: Cached,
    absolute: PathBuf,
    path: PathBuf,
    body: markdown::Rendered,
}

impl Session {
    /// Rebuilds after `changed` notes if only their bodies changed; `None`
    /// when this road does not apply.
    pub(super) fn edit_bodies(
        &mut self,
        changed: &[PathBuf],
        started: Instant,
    ) -> Option<Result<Rebuilt, Error>> {
        let edits = self.read_body_edits(changed)?;
        let paths: Vec<PathBuf> = edits.iter().map(|e| e.path.clone()).collect();
        // A contact's notes may still hold the placeholder sentence, which
        // the checks across notes look for.
        let contacts = edits
            .iter()
            .any(|e| e.note.collection == Collection::Contacts);
        let checks = contacts.then(|| self.last_checks());
        let (ids, seeds) = self.apply(edits);
        if let Some(before) = checks {
            self.recheck(before);
        }
        // Both are there (`read_body_edits` looked); if not, the general road.
        let result = self.render_bodies(&ids, &seeds)?;
        let bodies = paths.len();
        Some(self.finish_in_place(result, super::Road::Bodies, bodies, paths, started))
    }

    /// Reads the changed notes; `None` unless each is a note of the last
    /// build, still there, without errors, with the same front matter.
    fn read_body_edits(&self, changed: &[PathBuf]) -> Option<Vec<Edit>> {
        let paths = self.in_place_paths(changed)?;
        let last = self.last.as_ref()?;
        let mut edits = Vec::new();
        for path in paths {
            let again = self.reread(last, path)?;
            let (id, note) = (again.id, again.note);
            let old = &last.notes[id];
            if note.front_matter() != old.front_matter() {
                return None;
            }
            // A body's `#tags` are the note's tags, and other notes may
            // embed this body (`![[note]]`) or link to its headings: both
            // reach other pages.
            let embedded = last.bodies.iter().any(|b| b.reads_body_of(id));
            if note.tags != old.tags || embedded {
                return None;
            }
            // The other notes are unchanged, and so is this one's title:
            // links resolve as they did.
            let body = markdown::render(&note, &last.notes, &last.index, &last.note_urls);
            if body.diagnostics.iter().any(Diagnostic::is_error) {
                return None;
            }
            edits.push(Edit {
                id,
                note,
                cached: again.cached,
                absolute: again.absolute,
                path: again.path,
                body,
            });
        }
        let ids: Vec<NoteId> = edits.iter().map(|e| e.id).collect();
        match super::affected::reads_an_edited_body(edits.iter().map(|e| &e.body), &ids) {
            true => None,
            false => Some(edits),
        }
    }

    /// Puts the edits into the last analysis. Returns the edited notes, and
    /// the notes whose backlinks changed: what the edited bodies linked to
    /// before and link to now, when that changed.
    fn apply(&mut self, edits: Vec<Edit>) -> (Vec<NoteId>, Vec<NoteId>) {
        let (Some(last), mut cache) = (self.last.as_mut(), lock(&self.cache)) else {
            return (Vec::new(), Vec::new());
        };
        let mut gone: Vec<Diagnostic> = Vec::new();
        let mut added: Vec<Diagnostic> = Vec::new();
        let mut ids = Vec::new();
        let mut seeds = Vec::new();
        let mut mentions_changed = false;
        for e in edits {
            let id = e.id;
            added.extend(e.cached.diagnostics.iter().cloned());
            added.extend(e.body.diagnostics.iter().cloned());
            if let Some(old) = cache.insert(e.absolute, e.cached) {
                gone.extend(old.diagnostics);
            }
            gone.extend(last.bodies[id].diagnostics.iter().cloned());
            if last.links[id].mentions != e.body.mentions {
                // Both the notes it linked to and those it links to now
                // list it among their backlinks, or no longer do.
                seeds.extend(&last.links[id].mentions);
                seeds.extend(&e.body.mentions);
                last.links[id].mentions = e.body.mentions.clone();
                mentions_changed = true;
            }
            last.notes[id] = e.note;
            last.bodies[id] = std::sync::Arc::new(e.body);
            ids.push(id);
        }
        if mentions_changed {
            graph::set_backlinks(&mut last.links);
        }
        last.refresh_cards(&ids);
        super::checks::remove_each(&mut last.diagnostics, &gone);
        last.diagnostics.extend(added);
        diagnostics::sort(&mut last.diagnostics);
        (ids, seeds)
    }

    /// Renders the pages that show the edited bodies, and the files made
    /// from bodies, over the last site.
    /// `None` without a last build or templates.
    fn render_bodies(
        &mut self,
        ids: &[NoteId],
        seeds: &[NoteId],
    ) -> Option<Result<Rebuilt, Error>> {
        let (analysis, templates) = (self.last.as_ref()?, self.templates.as_ref()?);
        let mut site = analysis.site();
        site.rows_html = Some(templates);
        let n = analysis.notes.len();
        let edited = |pred: fn(&Kind) -> bool| ids.iter().any(|id| pred(&analysis.notes[*id].kind));
        let companies = edited(|k| matches!(k, Kind::Company(_)));
        // A briefing shows its interview's body, its company's first
        // paragraph, its contacts' notes and the first paragraphs of
        // earlier conversations.
        let briefed_contacts = site
            .config
            .publish
            .shows(crate::read::config::publish::PeoplePages::Interviews)
            && ids.iter().any(|id| {
                matches!(analysis.notes[*id].kind, Kind::Contact(_))
                    && !analysis.links[*id].interviews.is_empty()
            });
        let briefings =
            companies || briefed_contacts || edited(|k| matches!(k, Kind::Interview(_)));

        // A note without a page of its own (a person in a public build)
        // shows its body nowhere.
        let mut pages: Vec<Page> = showing_bodies(analysis, ids, seeds)
            .into_iter()
            .filter(|id| !analysis.note_urls[*id].is_empty())
            .map(Page::Note)
            .collect();
        if companies {
            // The index's data holds each company's first paragraph.
            pages.push(Page::Index(Collection::Companies));
        }
        if self.sheets.len() != n {
            self.sheets = Sheets::new(n);
        }
        self.sheets.want_packs(&site);
        for page in &pages {
            if let Page::Note(id) = page {
                self.sheets.forget(*id);
            }
        }
        let sheets = &self.sheets;
        let render = |page: &Page| crate::site::render_page(&site, templates, page, sheets);
        let mut rendered: Vec<_> = pages.par_iter().map(render).collect();
        let mut output = (*self.output).clone();
        if briefings {
            // A pack's parts are made again: one fewer leaves none behind.
            for scope in crate::pages::print_packs(&site) {
                output.files.retain(|path, _| !is_part_path(&scope, path));
                rendered.push(render(&Page::Print(scope)));
            }
        }
        let mut paths = match insert_rendered(&mut output, rendered) {
            Ok(paths) => paths,
            Err(e) => return Some(Err(e)),
        };
        let shards = search::Shards::of(&self.pieces.search);
        let changed = self.pieces.refresh(&site, ids);
        super::reread::put_search(
            &mut output,
            &site,
            &self.pieces.search,
            &shards,
            &changed.search,
        );
        let calendars = super::reread::calendars(&site, &changed.calendar, &self.pieces);
        super::reread::put_calendars(&mut output, calendars);
        if changed.vcards && !site.config.publish.public {
            output.insert("contacts.vcf", self.pieces.vcards.concat());
        }
        paths.sort();
        let rebuilt = Rebuilt {
            rendered: paths,
            diagnostics: analysis.diagnostics.clone(),
            ..Rebuilt::default()
        };
        self.output = std::sync::Arc::new(output);
        Some(Ok(rebuilt))
    }
}

/// The notes whose pages show something of the bodies of `ids`: each
/// note's own page; a company's first paragraph is in the briefings of its
/// interviews; an interview's first paragraph is in the later briefings
/// with the same people or company ("earlier conversations"). `backlinked`
/// are the notes whose backlinks changed.
fn showing_bodies(
    analysis: &crate::Analysis,
    ids: &[NoteId],
    backlinked: &[NoteId],
) -> BTreeSet<NoteId> {
    let links = &analysis.links;
    let mut pages: BTreeSet<NoteId> = ids.iter().chain(backlinked).copied().collect();
    for id in ids {
        let l = &links[*id];
        match analysis.notes[*id].kind {
            // A briefing shows its company's first paragraph and the
            // opening (or `## Briefing`) of each contact's notes.
            Kind::Company(_) | Kind::Contact(_) => pages.extend(&l.interviews),
            Kind::Interview(_) => {
                for other in l.contacts.iter().chain(&l.company) {
                    pages.extend(&links[*other].interviews);
                }
            }
            _ => {}
        }
    }
    pages
}
