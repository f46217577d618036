//! The road for a front matter edit that leaves the links as they were: a
//! contact's role, an interview's goal, a company's location. The edited
//! notes are put in place in the last analysis (no note read again but
//! them, no link resolved again but theirs); the pages that may show them
//! are rendered again, and of the list pages and print packs only those
//! whose rows, order or sheets changed.
//!
//! It declines, and [`Session::rebuild`] takes the general road, when an
//! edit may change what other notes resolve to or how they render: a new
//! title, alias, slug or tag, a reference that now names another note, a
//! question bank's questions renumbered, a note now left out, a body other
//! notes embed, an error.

use super::affected::{briefings_showing, neighbourhood, within};
use super::checks::remove_each;
use super::reread::{calendars, put_calendars, put_search};
use super::{insert_rendered, lock, Cached, Rebuilt, Session};
use crate::briefing::sheets::is_part_path;
use crate::diagnostics::{self, Diagnostic};
use crate::graph::{self, NoteId};
use crate::pages::search;
use crate::pages::views::Site;
use crate::pages::{Page, PrintScope};
use crate::read::discover::Collection;
use crate::read::note::Note;
use crate::site::same_body;
use crate::{markdown, Analysis, Error};
use rayon::prelude::*;
use std::collections::BTreeSet;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Instant;

/// A note read again whose links are as before.
struct Edit {
    id: NoteId,
    /// As the build uses it: named and stripped like the note it replaces.
    note: Note,
    cached: Cached,
    absolute: PathBuf,
    path: PathBuf,
    /// The body rendered again, when it changed too.
    body: Option<markdown::Rendered>,
    /// Problems the note's own references have, now and before.
    references: Vec<Diagnostic>,
    references_before: Vec<Diagnostic>,
}

impl Edit {
    /// The notes whose backlinks the edit changes: those the body linked
    /// to before and those it links to now, when these changed.
    fn backlinked(&self, analysis: &Analysis) -> Vec<NoteId> {
        let before = &analysis.links[self.id].mentions;
        match &self.body {
            Some(body) if body.mentions != *before => {
                before.iter().chain(&body.mentions).copied().collect()
            }
            _ => Vec::new(),
        }
    }
}

/// What the list pages and the print packs show of the notes an edit
/// reaches, and what other pages show of the edited notes, taken before
/// and after it: a page is kept when its part is the same.
struct Shown {
    /// Each index's notes in order, and the rows of the notes one link from
    /// the edited ones (a row shows the cards of its note's neighbours).
    indexes: Vec<(Collection, Vec<NoteId>, Vec<serde_json::Value>)>,
    /// Each pack's interviews.
    packs: Vec<Vec<NoteId>>,
    /// Of each edited note, a digest of its card and its row: what the
    /// pages of other notes show of it, but for its next steps.
    own: Vec<Digest>,
}

const INDEXES: [Collection; 5] = [
    Collection::Companies,
    Collection::Contacts,
    Collection::Questions,
    Collection::Interviews,
    Collection::Pages,
];

impl Shown {
    fn of(site: &Site, edited: &[NoteId], near: &BTreeSet<NoteId>) -> Shown {
        let indexes = INDEXES
            .iter()
            .map(|c| {
                let order = crate::pages::index_ids(site, *c);
                let rows = near
                    .iter()
                    .filter(|id| site.notes[**id].collection == *c)
                    .map(|id| crate::pages::index_row(site, *c, *id))
                    .collect();
                (*c, order, rows)
            })
            .collect();
        let packs = PrintScope::PAGES
            .iter()
            .map(|s| s.interviews(site))
            .collect();
        let own = edited
            .iter()
            .map(|id| {
                let row = crate::pages::index_row(site, site.notes[*id].collection, *id);
                digest(&(&site.cards[*id], row))
            })
            .collect();
        Shown {
            indexes,
            packs,
            own,
        }
    }
}

impl Session {
    /// Rebuilds after `changed` notes if their links are as they were;
    /// `None` when this road does not apply.
    pub(super) fn edit_fields(
        &mut self,
        changed: &[PathBuf],
        started: Instant,
    ) -> Option<Result<Rebuilt, Error>> {
        let edits = self.read_field_edits(changed)?;
        let last = self.last.as_ref()?;
        let ids: Vec<NoteId> = edits.iter().map(|e| e.id).collect();
        let mut wide = reached(last, &ids);
        // Notes whose backlinks change show the edited note among them.
        wide.extend(edits.iter().flat_map(|e| e.backlinked(last)));
        let near = within(&last.links, &ids, 1);
        let before = Shown::of(&last.site(), &ids, &near);
        let same_bodies = edits.iter().all(|e| {
            e.body
                .as_ref()
                .is_none_or(|b| b.shows_same(&last.bodies[e.id]))
        });
        let checks_before = self.last_checks();
        let paths: Vec<PathBuf> = edits.iter().map(|e| e.path.clone()).collect();
        let bodies = edits.iter().filter(|e| e.body.is_some()).count();
        self.put_in_place(edits);
        let last = self.last.as_mut()?;
        // Whose next steps changed: their pages, and the dashboard's week.
        let steps = last.plan.refresh(
            &last.notes,
            &last.links,
            &last.config,
            last.today,
            wide.iter().copied(),
        );
        // The rows of the reached interviews show the edited notes' cards.
        self.last.as_mut()?.forget_rows(wide.iter().copied());
        let reach = Reach {
            wide,
            near,
            before,
            steps,
            same_bodies,
            checks_before,
        };
        let result = self.render_fields(&ids, reach)?;
        Some(self.finish_in_place(result, super::Road::Fields, bodies, paths, started))
    }

    /// Reads the changed notes; `None` unless each is a note of the last
    /// build, still there and in it, without errors, named, tagged and
    /// linked as before.
    fn read_field_edits(&self, changed: &[PathBuf]) -> Option<Vec<Edit>> {
        let last = self.last.as_ref()?;
        let edits: Vec<Edit> = self
            .in_place_paths(changed)?
            .into_iter()
            .map(|path| self.read_field_edit(last, path))
            .collect::<Option<_>>()?;
        let ids: Vec<NoteId> = edits.iter().map(|e| e.id).collect();
        let bodies = edits.iter().filter_map(|e| e.body.as_ref());
        match super::affected::reads_an_edited_body(bodies, &ids) {
            true => None,
            false => Some(edits),
        }
    }

    fn read_field_edit(&self, last: &Analysis, path: PathBuf) -> Option<Edit> {
        let again = self.reread(last, path)?;
        let (id, note) = (again.id, again.note);
        let old = &last.notes[id];
        let raw = again.cached.note.as_ref()?;
        if !same_names(&again.raw_before, raw) || self.options.left_out(&last.config, raw).is_some()
        {
            return None;
        }
        let (links, references) = graph::resolve_one(&last.notes, &note, &last.index);
        if !links.same_references(&last.links[id]) || references.iter().any(Diagnostic::is_error) {
            return None;
        }
        let (_, references_before) = graph::resolve_one(&last.notes, old, &last.index);
        let body = match same_body(old, &note) {
            true => None,
            false => {
                // Other notes may embed this body (`![[note]]`) or link to
                // its headings.
                if last.bodies.iter().any(|b| b.reads_body_of(id)) {
                    return None;
                }
                let body = markdown::render(&note, &last.notes, &last.index, &last.note_urls);
                if body.diagnostics.iter().any(Diagnostic::is_error) {
                    return None;
                }
                Some(body)
            }
        };
        Some(Edit {
            id,
            note,
            cached: again.cached,
            absolute: again.absolute,
            path: again.path,
            body,
            references,
            references_before,
        })
    }

    /// Puts the edits into the last analysis, with their problems.
    fn put_in_place(&mut self, edits: Vec<Edit>) {
        let Some(last) = self.last.as_mut() else {
            return;
        };
        let mut cache = lock(&self.cache);
        let (mut gone, mut added) = (Vec::new(), Vec::new());
        let mut ids = Vec::new();
        let mut mentions_changed = false;
        for e in edits {
            let id = e.id;
            added.extend(e.cached.diagnostics.iter().cloned());
            added.extend(e.references);
            gone.extend(e.references_before);
            if let Some(old) = cache.insert(e.absolute, e.cached) {
                gone.extend(old.diagnostics);
            }
            if let Some(body) = e.body {
                gone.extend(last.bodies[id].diagnostics.iter().cloned());
                added.extend(body.diagnostics.iter().cloned());
                if last.links[id].mentions != body.mentions {
                    last.links[id].mentions = body.mentions.clone();
                    mentions_changed = true;
                }
                last.bodies[id] = Arc::new(body);
            }
            last.notes[id] = e.note;
            ids.push(id);
        }
        drop(cache);
        if mentions_changed {
            graph::set_backlinks(&mut last.links);
        }
        last.refresh_cards(&ids);
        remove_each(&mut last.diagnostics, &gone);
        last.diagnostics.extend(added);
        diagnostics::sort(&mut last.diagnostics);
    }

    /// Renders the pages that may show the edited notes, and the files
    /// made from them, over the last site. `None` without a last build or
    /// templates.
    fn render_fields(&mut self, ids: &[NoteId], reach: Reach) -> Option<Result<Rebuilt, Error>> {
        let (analysis, templates) = (self.last.as_ref()?, self.templates.as_ref()?);
        let mut site = analysis.site();
        site.rows_html = Some(templates);
        let after = Shown::of(&site, ids, &reach.near);
        let before = &reach.before;
        let steps = &reach.steps;
        // The edited notes' cards, rows and bodies as they were: no other
        // page shows more of them than the pages one link away (a briefing
        // shows its people whole) and the briefings listing them among
        // earlier conversations, and no page gathering the whole site
        // changes but through next steps.
        let narrow = reach.same_bodies && before.own == after.own;
        // The network page shows people (cards, sources) and whether their
        // conversations were held: a company's, a bank's or a page's
        // fields are not on it (their names are as they were).
        let network = !narrow
            && ids.iter().any(|id| {
                matches!(
                    site.notes[*id].collection,
                    Collection::Contacts | Collection::Interviews
                )
            });
        let mut reached = match narrow {
            true => {
                let mut near = reach.near.clone();
                near.extend(briefings_showing(&site, ids));
                near
            }
            false => reach.wide,
        };
        reached.extend(steps);
        let reached = &reached;
        // A tag's page shows cards, and only the edited notes' may change.
        let tags: BTreeSet<String> = ids
            .iter()
            .filter(|_| !narrow)
            .flat_map(|id| site.notes[*id].tags.iter())
            .map(|t| crate::read::slug::slugify(t))
            .filter(|slug| !slug.is_empty())
            .collect();
        let all = crate::pages::site_pages(&site);
        // The pages gathering the whole site first: each takes as long as
        // dozens of notes' pages, which then fill in beside them.
        let mut pages: Vec<Page> = all
            .iter()
            .filter_map(|page| match page {
                Page::Index(c) => {
                    let at = INDEXES.iter().position(|x| x == c)?;
                    (before.indexes[at] != after.indexes[at]).then(|| page.clone())
                }
                Page::Dashboard if !narrow || !steps.is_empty() => Some(page.clone()),
                Page::Network if network => Some(page.clone()),
                _ => None,
            })
            .collect();
        // The edited notes are in the site, so each of their tags has a page.
        pages.extend(tags.iter().map(|slug| Page::Tag(slug.clone())));
        pages.extend(
            reached
                .iter()
                .filter(|id| !analysis.note_urls[**id].is_empty())
                .map(|id| Page::Note(*id)),
        );
        let site_packs = crate::pages::print_packs(&site);
        let packs: Vec<PrintScope> = PrintScope::PAGES
            .iter()
            .enumerate()
            .filter(|(at, _)| {
                before.packs[*at] != after.packs[*at]
                    || after.packs[*at].iter().any(|id| reached.contains(id))
            })
            .map(|(_, s)| s.clone())
            .filter(|s| site_packs.contains(s))
            .collect();
        if self.sheets.len() != analysis.notes.len() {
            self.sheets = crate::briefing::sheets::Sheets::new(analysis.notes.len());
        }
        for page in &pages {
            if let Page::Note(id) = page {
                self.sheets.forget(*id);
            }
        }
        self.sheets.want_packs(&site);
        // Each reached note's search entry, vCard and calendar events: an
        // interview's events name its people and company.
        let reached_ids: Vec<NoteId> = reached.iter().copied().collect();
        let shards = search::Shards::of(&self.pieces.search);
        let changed = self.pieces.refresh(&site, &reached_ids);
        let (sheets, pieces) = (&self.sheets, &self.pieces);
        let render = |page: &Page| crate::site::render_page(&site, templates, page, sheets);
        let ((mut rendered, calendars), checks) = rayon::join(
            || {
                rayon::join(
                    || pages.par_iter().map(render).collect::<Vec<_>>(),
                    || calendars(&site, &changed.calendar, pieces),
                )
            },
            || self.run_checks(),
        );
        let mut output = (*self.output).clone();
        for scope in &packs {
            // A pack's parts are made again: one fewer leaves none behind.
            output.files.retain(|path, _| !is_part_path(scope, path));
            rendered.push(render(&Page::Print(scope.clone())));
        }
        let mut paths = match insert_rendered(&mut output, rendered) {
            Ok(paths) => paths,
            Err(e) => return Some(Err(e)),
        };
        put_calendars(&mut output, calendars);
        put_search(
            &mut output,
            &site,
            &self.pieces.search,
            &shards,
            &changed.search,
        );
        if changed.vcards && !site.config.publish.public {
            output.insert("contacts.vcf", self.pieces.vcards.concat());
        }
        paths.sort();
        self.settle_checks(reach.checks_before, checks);
        let diagnostics = self.last.as_ref()?.diagnostics.clone();
        if diagnostics.iter().any(Diagnostic::is_error) {
            // The checks across notes found an error (a touch dated after
            // today): the general road reports it from a whole analysis,
            // and the last good site stays. What was put in place goes
            // with the analysis, so the next good build is a full one.
            self.last = None;
            return None;
        }
        self.output = Arc::new(output);
        Some(Ok(Rebuilt {
            rendered: paths,
            diagnostics,
            ..Rebuilt::default()
        }))
    }
}

/// A digest of `value` as JSON. Through `serde_json::Value`, whose maps
/// are sorted: a Tera value's map (a card, a row) iterates in an order of
/// its own, which differs between two equal values.
fn digest(value: &impl serde::Serialize) -> Digest {
    struct Hashing(std::collections::hash_map::DefaultHasher);
    impl std::io::Write for Hashing {
        fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
            std::hash::Hasher::write(&mut self.0, bytes);
            Ok(bytes.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
    let mut out = Hashing(std::collections::hash_map::DefaultHasher::new());
    let written = serde_json::to_value(value).and_then(|v| serde_json::to_writer(&mut out, &v));
    Digest(written.ok().map(|()| std::hash::Hasher::finish(&out.0)))
}

/// A digest of data as JSON; data that could not be written equals
/// nothing, itself included, so its page is always rendered again.
#[derive(Debug, Clone, Copy)]
pub(super) struct Digest(Option<u64>);

impl PartialEq for Digest {
    fn eq(&self, other: &Digest) -> bool {
        matches!((self.0, other.0), (Some(a), Some(b)) if a == b)
    }
}

/// What an edit may reach, measured before it.
struct Reach {
    /// The notes within two links of the edited ones, and those whose
    /// backlinks change.
    wide: BTreeSet<NoteId>,
    /// The edited notes and those one link away.
    near: BTreeSet<NoteId>,
    before: Shown,
    /// The notes whose next steps the edit changed.
    steps: Vec<NoteId>,
    /// The checks across notes before the edit (they run again beside
    /// the pages, which do not show their warnings).
    checks_before: Vec<Diagnostic>,
    same_bodies: bool,
}

/// The notes whose pages may show `ids`: them, and every note within two
/// links (the graph is the same before and after the edit), and the
/// briefings that show them among earlier conversations.
fn reached(analysis: &Analysis, ids: &[NoteId]) -> BTreeSet<NoteId> {
    let site = analysis.site();
    let mut reached = neighbourhood(&analysis.links, ids);
    reached.extend(briefings_showing(&site, ids));
    reached
}

/// Whether an edit keeps what other notes find a note by, and what makes
/// their pages: names, tags, the keys reported across the site, and a
/// bank's question ids in order (interviews refer to them by position).
fn same_names(old: &Note, new: &Note) -> bool {
    let questions = |n: &Note| -> Option<Vec<String>> {
        n.as_bank()
            .map(|b| b.questions.iter().map(|q| q.id.clone()).collect())
    };
    old.collection == new.collection
        && old.slug == new.slug
        && old.title == new.title
        && old.aliases == new.aliases
        && old.tags == new.tags
        && old.foreign == new.foreign
        && old.draft == new.draft
        && old.private == new.private
        && questions(old) == questions(new)
}
