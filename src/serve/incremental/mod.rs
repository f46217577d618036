//! Rebuilding a site after an edit, redoing only what the edit touches.
//!
//! A [`Session`] keeps the results of the last good build: every parsed note
//! (by file, with the length and modification time it was read at), the
//! loaded templates, the [`Analysis`], the [`Output`] (pages shared, not
//! copied, between builds), each briefing sheet, and each note's search
//! entry and vCard. A change takes one of four roads:
//!
//! 1. Notes edited below their front matter ([`bodies`]): only their
//!    Markdown is rendered again, and only the pages that show a body
//!    (their own, a company's briefings, later briefings with the same
//!    people, changed backlinks, the print packs when a briefing changed);
//!    links, cards and lists stay. Tens of milliseconds at 10,000 notes.
//! 2. Front matter edits that leave the links as they were ([`fields`]):
//!    the edited notes are put in place, the pages within two links of
//!    them rendered again, and the lists, packs, dashboard and network
//!    page only when what they show of them changed.
//! 3. Any other note change: notes whose file did not change are not read
//!    again; links and Markdown are redone for the whole site
//!    ([`crate::analyse_with`]); only the pages that may show something of
//!    a changed note are rendered again ([`affected_notes`]), and the lists.
//! 4. Templates, themes or static files: from the last analysis, without
//!    reading a note or rendering Markdown, the pages whose templates
//!    extend or include an edited one ([`crate::render::reach`]; an
//!    interview's page, card and the packs also hold `print_sheet.html`),
//!    or every page when that cannot be known (a message draft, a name
//!    from a variable, a component). The configuration or a new day:
//!    everything.
//!
//! The page selection is deliberately generous; `tests/incremental.rs`
//! checks after each of a series of edits that the result is
//! byte-identical to a full build.

mod affected;
mod bodies;
mod checks;
mod fields;
mod reread;

use crate::briefing::sheets::is_part_path;
use affected::print_pack_kept;
pub use affected::{affected_notes, changed_notes};

use crate::analyse_with;
use crate::briefing::sheets::Sheets;
use crate::diagnostics::Diagnostic;
use crate::graph::NoteId;
use crate::output::Output;
use crate::pages::views::{Site, SiteView};
use crate::pages::Page;
use crate::read::discover::{Collection, NoteFile};
use crate::read::note::{self, Note};
use crate::render::Templates;
use crate::{Analysis, Error, Options};
use rayon::prelude::*;
use std::collections::{BTreeSet, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::{Duration, Instant, SystemTime};

/// What a file looked like when it was read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Stamp {
    len: u64,
    modified: SystemTime,
}

impl Stamp {
    fn of(path: &Path) -> Option<Stamp> {
        let m = std::fs::metadata(path).ok()?;
        Some(Stamp {
            len: m.len(),
            modified: m.modified().ok()?,
        })
    }
}

struct Cached {
    stamp: Stamp,
    note: Option<Note>,
    diagnostics: Vec<Diagnostic>,
}

/// Which road a rebuild took (see the module's documentation).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Road {
    /// Every page rendered again.
    #[default]
    Everything,
    /// Notes read again, links resolved again for the whole site.
    Notes,
    /// Front matter edits put in place, the links as they were.
    Fields,
    /// Edits below the front matter only.
    Bodies,
    /// Templates or static files only.
    Templates,
}

/// What a rebuild did.
#[derive(Debug, Clone, Default)]
pub struct Rebuilt {
    /// Everything was rebuilt (first build, or not only notes changed).
    pub full: bool,
    pub road: Road,
    /// Output paths rendered again, sorted.
    pub rendered: Vec<String>,
    /// Output paths that are gone.
    pub removed: Vec<String>,
    /// Note files read again, added or removed, relative to the site.
    pub changed: Vec<PathBuf>,
    /// Note bodies whose Markdown was rendered again.
    pub bodies: usize,
    /// Warnings of the new build.
    pub diagnostics: Vec<Diagnostic>,
    pub elapsed: Duration,
}

impl Rebuilt {
    /// A line for the console: `rebuilt 7 pages in 12 ms (content/contacts/ana.md changed)`.
    pub fn summary(&self) -> String {
        let what = if self.full {
            "everything".to_string()
        } else {
            let files: Vec<String> = self
                .changed
                .iter()
                .take(3)
                .map(|p| crate::diagnostics::slash(p))
                .collect();
            let more = self.changed.len().saturating_sub(3);
            let more = if more > 0 {
                format!(" and {more} more")
            } else {
                String::new()
            };
            match files.len() {
                0 => "no note changed".to_string(),
                _ => format!("{}{more} changed", files.join(", ")),
            }
        };
        format!(
            "rebuilt {} page{} in {} ms ({what})",
            self.rendered.len(),
            if self.rendered.len() == 1 { "" } else { "s" },
            self.elapsed.as_millis()
        )
    }
}

/// A site kept in memory between edits.
pub struct Session {
    options: Options,
    cache: Mutex<HashMap<PathBuf, Cached>>,
    templates: Option<Templates>,
    last: Option<Analysis>,
    output: std::sync::Arc<Output>,
    /// Notes read since the last good build: a failed rebuild's changes
    /// are still changes for the next one.
    pending: BTreeSet<PathBuf>,
    /// A failed rebuild was a full one, so the next must be too.
    needs_full: bool,
    /// The configuration file as last read.
    config_stamp: Option<Stamp>,
    /// Each interview's briefing sheet, by note id, for the print packs.
    sheets: Sheets,
    /// Each note's search entry and vCard, as of the last rebuild.
    pieces: crate::site::NotePieces,
    /// The checks across notes of the last analysis, while they are its.
    checks: Option<Vec<Diagnostic>>,
}

impl Session {
    /// A session with nothing built yet; call [`Session::rebuild`].
    pub fn new(options: Options) -> Session {
        Session {
            options,
            cache: Mutex::new(HashMap::new()),
            templates: None,
            last: None,
            output: std::sync::Arc::default(),
            pending: BTreeSet::new(),
            needs_full: false,
            config_stamp: None,
            sheets: Sheets::new(0),
            pieces: crate::site::NotePieces::default(),
            checks: None,
        }
    }

    pub fn options(&self) -> &Options {
        &self.options
    }

    /// The last good site.
    pub fn output(&self) -> &Output {
        &self.output
    }

    /// The last good site, shared without copying (the server hands it to
    /// its workers).
    pub fn shared_output(&self) -> std::sync::Arc<Output> {
        std::sync::Arc::clone(&self.output)
    }

    /// The base path of the last good site (`/` or `/prep/`).
    pub fn base_path(&self) -> Option<&str> {
        self.last.as_ref().map(|a| a.urls.base.as_str())
    }

    /// Whether a change to `path` (absolute or relative to the site) can
    /// only affect notes; anything else rebuilds everything.
    pub fn is_note(&self, path: &Path) -> bool {
        let rel = path.strip_prefix(&self.options.root).unwrap_or(path);
        crate::read::discover::is_note_path(rel)
    }

    /// Brings the site up to date with the files on disk. `changed` are the
    /// files that changed since the last rebuild, all of them, as a watcher
    /// reports them (they are read again whatever their time stamps say):
    /// when they are only notes whose bodies changed, no other file is
    /// looked at. An empty list checks every note's stamp. On error, the
    /// last good site is kept.
    pub fn rebuild(&mut self, changed: &[PathBuf]) -> Result<Rebuilt, Error> {
        let started = Instant::now();
        let without_temporary: Vec<PathBuf> = changed
            .iter()
            .filter(|p| !self.is_temporary(p))
            .cloned()
            .collect();
        let changed = without_temporary.as_slice();
        // Notes are parsed with the configuration (time zone, durations),
        // so a new one means reading every note again; a template or static
        // change only means rendering every page again.
        let config_stamp = Stamp::of(&self.options.config_path());
        let config_changed = config_stamp.is_none() || config_stamp != self.config_stamp;
        self.config_stamp = config_stamp;
        let everything = self.last.is_none()
            || self.needs_full
            || self.templates.is_none()
            || config_changed
            || changed
                .iter()
                .any(|p| !self.is_note(p) && !self.is_ignored(p));
        if !everything {
            if let Some(result) = self.edit_bodies(changed, started) {
                return result;
            }
            if let Some(result) = self.edit_fields(changed, started) {
                return result;
            }
        }
        // Any other road may change what the checks find.
        self.checks = None;
        // Templates, themes and static files are not read by the analysis:
        // after a change to them, only the pages are made again.
        let reuse = everything
            && !config_changed
            && !self.needs_full
            && self.pending.is_empty()
            && !changed.is_empty()
            && changed.iter().all(|p| self.outside_notes(p))
            && self
                .last
                .as_ref()
                .is_some_and(|last| crate::today(&self.options, &last.config) == last.today);
        {
            let mut cache = lock(&self.cache);
            if config_changed {
                cache.clear();
            }
            for p in changed {
                cache.remove(&self.options.root.join(p));
            }
        }
        let old_templates = if everything {
            self.templates.take()
        } else {
            None
        };
        self.needs_full = everything;
        let reused = if reuse { self.last.take() } else { None };
        let mut analysis = match reused {
            Some(last) => last,
            None => {
                let (analysis, reread) = self.analyse(self.reported(changed).as_ref());
                self.pending.extend(reread);
                // Until a rebuild succeeds (the analysis, then every
                // page): a removed note is read by no one, so it is not in
                // `reread`, and the last good analysis still has it.
                self.pending.extend(self.note_paths(changed));
                analysis?
            }
        };
        let mut templates = match self.templates.take() {
            Some(t) => t,
            None => {
                let config = &analysis.config;
                match Templates::load(&self.options.root, config.theme.as_deref()) {
                    Ok(t) => t,
                    Err(d) => {
                        self.keep_reused(reuse, analysis);
                        return Err(Error::Diagnostics(vec![d]));
                    }
                }
            }
        };
        let full = reuse
            || everything
            || self
                .last
                .as_ref()
                .is_none_or(|last| last.today != analysis.today);
        // After template edits alone, the pages whose templates use them.
        let redo = match reuse
            .then(|| self.templates_reached(changed, old_templates.as_ref(), &templates, &analysis))
            .flatten()
        {
            Some((reached, statics)) => Redo::Templates { reached, statics },
            None if full => Redo::Everything,
            None => Redo::Notes,
        };
        // A row's HTML is the theme's: made again when a change reaches
        // the rows' templates (8,800 rows at 10,000 notes).
        let rows_as_they_were = matches!(&redo, Redo::Templates { reached, .. }
            if !crate::render::ROW_TEMPLATES.iter().any(|t| reached.contains(*t)));
        if reuse && !rows_as_they_were {
            analysis.forget_rows(0..analysis.notes.len());
        }
        let full = matches!(redo, Redo::Everything);
        let pending: Vec<PathBuf> = self.pending.iter().cloned().collect();
        let result = self.render(&analysis, &mut templates, &redo, pending);
        // The templates loaded fine, whatever the pages did.
        self.templates = Some(templates);
        let (output, mut rebuilt) = match result {
            Ok(r) => r,
            Err(e) => {
                self.keep_reused(reuse, analysis);
                return Err(e);
            }
        };
        self.pending.clear();
        self.needs_full = false;
        let removed: Vec<String> = self
            .output
            .files
            .keys()
            .filter(|p| !output.files.contains_key(*p))
            .cloned()
            .collect();
        rebuilt.removed = removed;
        rebuilt.full = full;
        rebuilt.road = match redo {
            Redo::Everything => Road::Everything,
            Redo::Notes => Road::Notes,
            Redo::Templates { .. } => Road::Templates,
        };
        if let Redo::Templates { .. } = redo {
            rebuilt.changed = changed
                .iter()
                .map(|p| {
                    p.strip_prefix(&self.options.root)
                        .unwrap_or(p)
                        .to_path_buf()
                })
                .collect();
        }
        rebuilt.bodies = if reuse { 0 } else { analysis.rendered_bodies };
        rebuilt.diagnostics = analysis.diagnostics.clone();
        self.output = std::sync::Arc::new(output);
        self.last = Some(analysis);
        rebuilt.elapsed = started.elapsed();
        Ok(rebuilt)
    }

    /// The templates (by name without their layer's prefix) that the
    /// `changed` files reach, in the last templates and the new ones; `None`
    /// when a change is not a page template of this site's layers (a
    /// message draft, a theme's settings…) or the reach cannot be known.
    fn templates_reached(
        &self,
        changed: &[PathBuf],
        old: Option<&Templates>,
        new: &Templates,
        analysis: &Analysis,
    ) -> Option<(BTreeSet<String>, bool)> {
        let theme = analysis
            .config
            .theme
            .as_deref()
            .map(|t| Path::new("themes").join(t));
        let mut names = BTreeSet::new();
        let mut statics = false;
        for path in changed {
            let rel = path.strip_prefix(&self.options.root).unwrap_or(path);
            let in_theme = theme.as_ref().and_then(|t| rel.strip_prefix(t).ok());
            if rel.starts_with("themes") && in_theme.is_none() {
                // `themes/` itself, or the folder of the theme in use: not
                // known here. Another theme's files: no page changes.
                let other = rel.components().count() > 2
                    || (rel.components().count() == 2 && theme.is_none());
                if !other {
                    return None;
                }
                continue;
            }
            let under = in_theme.unwrap_or(rel);
            if under.starts_with("static") {
                statics = true;
                continue;
            }
            let name = under.strip_prefix("templates").ok()?;
            let name = crate::diagnostics::slash(name);
            // A folder moved in or out: its templates are not known here;
            // nor is a name no layer has, before or after.
            let known = old.is_some_and(|t| t.knows(&name)) || new.knows(&name);
            if name.is_empty() || self.options.root.join(rel).is_dir() || !known {
                return None;
            }
            if name.starts_with("messages/") {
                return None;
            }
            names.insert(name);
        }
        let mut reached = old?.reaching(&names)?;
        reached.extend(new.reaching(&names)?);
        // Message drafts show on pages whatever their templates.
        if reached.iter().any(|n| n.starts_with("messages/")) {
            return None;
        }
        Some((reached, statics))
    }

    /// Whether `path` is in the site but not in `content/`: a template, a
    /// theme or a static file. (A watcher may report only a folder moved in
    /// or out of `content/`, or `content/` itself: notes all the same.)
    fn outside_notes(&self, path: &Path) -> bool {
        let root = &self.options.root;
        let rel = match path.strip_prefix(root) {
            Ok(rel) => rel,
            Err(_) if path.is_relative() => path,
            Err(_) => return false,
        };
        // `static/` is read by the analysis too: `![[photo.png]]` is checked.
        !rel.as_os_str().is_empty() && !rel.starts_with("content") && !rel.starts_with("static")
    }

    /// Puts back the analysis a failed rebuild had reused.
    fn keep_reused(&mut self, reused: bool, analysis: Analysis) {
        if reused {
            self.last = Some(analysis);
        }
    }

    /// A file in `content/` that is gone and held no note file that was
    /// read (it was neither a note nor a folder of notes): the temporary file an editor (or `sed -i`) saves
    /// through and renames over the note, which is reported with it.
    fn is_temporary(&self, path: &Path) -> bool {
        let root = &self.options.root;
        let rel = path.strip_prefix(root).unwrap_or(path);
        let file = root.join(rel);
        // Every note file read, drafts included, is in the cache.
        rel.starts_with("content")
            && !crate::read::discover::is_note_path(rel)
            && !file.exists()
            && self.last.is_some()
            && !lock(&self.cache).keys().any(|k| k.starts_with(&file))
    }

    /// Files the server does not need to react to: editor backups and
    /// swap files, and anything under the output folder.
    pub fn is_ignored(&self, path: &Path) -> bool {
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy())
            .unwrap_or_default();
        name.ends_with('~')
            || name.starts_with(".#")
            || name.ends_with(".swp")
            || name.ends_with(".swx")
            || name == "4913"
            // `.obsidian/` and `.trash/` change as Obsidian runs; never read.
            || crate::read::discover::is_hidden_content(
                path.strip_prefix(&self.options.root).unwrap_or(path),
            )
            || path.starts_with(self.options.output_dir())
            || path.starts_with(self.options.root.join(".git"))
    }

    /// The notes among `changed`, relative to the site, removed ones too.
    fn note_paths(&self, changed: &[PathBuf]) -> Vec<PathBuf> {
        let root = &self.options.root;
        changed
            .iter()
            .filter(|p| !self.is_ignored(p))
            .map(|p| p.strip_prefix(root).unwrap_or(p).to_path_buf())
            .filter(|rel| rel.is_relative() && self.is_note(rel))
            .collect()
    }

    /// The note files `changed` names, when a watcher's report can be
    /// trusted to name every changed note: only note files, no folder (a
    /// folder moved in or out holds notes it does not name), and nothing
    /// still pending from a failed rebuild or a full one.
    fn reported(&self, changed: &[PathBuf]) -> Option<HashSet<PathBuf>> {
        let root = &self.options.root;
        if changed.is_empty() || self.needs_full || !self.pending.is_empty() {
            return None;
        }
        changed
            .iter()
            .filter(|p| !self.is_ignored(p))
            .map(|p| {
                let rel = match p.strip_prefix(root) {
                    Ok(rel) => rel,
                    Err(_) if p.is_relative() => p.as_path(),
                    Err(_) => return None,
                };
                let file = root.join(rel);
                (crate::read::discover::is_note_path(rel) && !file.is_dir()).then_some(file)
            })
            .collect()
    }

    /// Runs the analysis, reading only notes whose file changed: those
    /// `reported`, or when there is no report, those whose length or time
    /// stamp changed. Returns the relative paths of the notes read again.
    fn analyse(
        &self,
        reported: Option<&HashSet<PathBuf>>,
    ) -> (Result<Analysis, Error>, Vec<PathBuf>) {
        let reread = Mutex::new(Vec::new());
        let seen = Mutex::new(HashSet::new());
        let cache = &self.cache;
        let root = &self.options.root;
        let read = |file: &NoteFile, config: &crate::read::config::Config| -> note::Parsed {
            lock(&seen).insert(file.absolute.clone());
            // A note the watcher did not name is as it was: no `stat`
            // (unless it is reached through a link, which may point at a
            // file the watcher does not see).
            let unnamed = reported.is_some_and(|r| {
                !r.contains(&file.absolute) && file.absolute == root.join(&file.path)
            });
            if unnamed {
                if let Some(c) = lock(cache).get(&file.absolute) {
                    return note::Parsed {
                        note: c.note.clone(),
                        diagnostics: c.diagnostics.clone(),
                    };
                }
            }
            let stamp = Stamp::of(&file.absolute);
            if let Some(stamp) = stamp {
                if let Some(c) = lock(cache).get(&file.absolute) {
                    if c.stamp == stamp {
                        return note::Parsed {
                            note: c.note.clone(),
                            diagnostics: c.diagnostics.clone(),
                        };
                    }
                }
            }
            let parsed = note::read(file, config);
            lock(&reread).push(file.path.clone());
            if let Some(stamp) = stamp {
                lock(cache).insert(
                    file.absolute.clone(),
                    Cached {
                        stamp,
                        note: parsed.note.clone(),
                        diagnostics: parsed.diagnostics.clone(),
                    },
                );
            }
            parsed
        };
        let result = analyse_with(&self.options, &read, self.last.as_ref());
        let seen = seen.into_inner().unwrap_or_else(|e| e.into_inner());
        if !seen.is_empty() || result.is_ok() {
            lock(cache).retain(|path, _| seen.contains(path));
        }
        let mut reread = reread.into_inner().unwrap_or_else(|e| e.into_inner());
        reread.sort();
        (result, reread)
    }

    /// Renders the pages a change affects, and reuses the rest.
    fn render(
        &mut self,
        analysis: &Analysis,
        templates: &mut Templates,
        redo: &Redo,
        reread: Vec<PathBuf>,
    ) -> Result<(Output, Rebuilt), Error> {
        let full = !matches!(redo, Redo::Notes);
        let mut site = analysis.site();
        templates.set_site(&SiteView::new(&site));
        let templates = &*templates;
        site.rows_html = Some(templates);
        let pages = crate::pages::pages(&site);

        // The last site, when this is not a full rebuild: pages are kept
        // from it unless a change reaches them.
        let old_site = self.last.as_ref().filter(|_| !full).map(Analysis::site);
        let (affected, changed) = match (&self.last, &old_site) {
            (Some(last), Some(old)) => {
                let changed = changed_notes(last, analysis, &reread);
                // What every page shows of the site (its menu gains "Pages"
                // with the first free page): changed, every page changes.
                let every_page = serde_json::to_value(SiteView::new(old)).ok()
                    != serde_json::to_value(SiteView::new(&site)).ok();
                let affected = (!every_page).then(|| affected_notes(old, &site, &changed));
                (affected, changed)
            }
            _ => (None, reread),
        };
        let mut reach = Reach::of(old_site.as_ref(), &site, affected);
        if let Redo::Templates { reached, .. } = redo {
            reach.templates = Some(reached.clone());
        }
        let mut output = Output::default();
        let mut to_render = Vec::new();
        for page in &pages {
            let kept = reach
                .keeps(page, analysis, &site, old_site.as_ref())
                .then(|| crate::pages::page_path(&site, page))
                .filter(|p| self.output.files.contains_key(p));
            match kept {
                Some(path) => {
                    let parts: Vec<&String> = match page {
                        // A pack's later parts go with it.
                        Page::Print(scope) => self
                            .output
                            .files
                            .keys()
                            .filter(|p| is_part_path(scope, p))
                            .collect(),
                        _ => Vec::new(),
                    };
                    for p in parts.into_iter().chain([&path]) {
                        if let Some(bytes) = self.output.files.get(p) {
                            output.files.insert(p.clone(), std::sync::Arc::clone(bytes));
                        }
                    }
                }
                None => to_render.push(page),
            }
        }
        // A template edit keeps the analysis, so its notes are the same.
        let same_notes = match redo {
            Redo::Templates { reached, .. } => {
                if reached.contains("print_sheet.html") {
                    self.sheets = Sheets::new(analysis.notes.len());
                }
                self.sheets.len() == analysis.notes.len()
            }
            _ => self.same_notes(analysis, full),
        };
        self.keep_sheets(analysis, same_notes, &to_render);
        self.sheets.want_packs(&site);
        // Kept for the next edit, which may change one entry of each: the
        // entries of the notes the edit reaches are made again.
        match (&reach.notes, same_notes) {
            _ if matches!(redo, Redo::Templates { .. })
                && self.pieces.search.len() == site.notes.len() => {}
            (Some(affected), true) => {
                let ids: Vec<NoteId> = (0..site.notes.len())
                    .filter(|id| affected.contains(&site.notes[*id].path))
                    .collect();
                self.pieces.refresh(&site, &ids);
            }
            _ => self.pieces = crate::site::NotePieces::of(&site),
        }
        let sheets = &self.sheets;
        // A card is rendered with its interview's page, from the same view
        // (and is kept exactly when that page is).
        let (packs, singles): (Vec<&Page>, Vec<&Page>) = to_render
            .into_iter()
            .filter(|p| !matches!(p, Page::Card(_)))
            .partition(|p| matches!(p, Page::Print(_)));
        let render = |page: &&Page| crate::site::render_page(&site, templates, page, sheets);
        let page_paths: Vec<String> = pages
            .iter()
            .map(|p| crate::pages::page_path(&site, p))
            .collect();
        // The site files (search index, calendar, sitemap…) while the pages
        // render, as a full build does.
        let (rendered, others) = rayon::join(
            || {
                // The packs after the pages, to take the sheets those kept.
                let mut rendered: Vec<_> = singles.par_iter().map(render).collect();
                rendered.extend(packs.iter().map(render));
                rendered
            },
            || match redo {
                // Only templates changed: the search index, calendar,
                // sitemap and static files are those of the last build.
                Redo::Templates { statics: false, .. } => Ok(self.site_files_kept(&page_paths)),
                _ => crate::site::other_files_for(
                    &site,
                    &self.options.root,
                    &page_paths,
                    &self.pieces,
                ),
            },
        );
        let mut paths = insert_rendered(&mut output, rendered)?;
        for (path, bytes) in others?.files {
            output.files.entry(path).or_insert(bytes);
        }
        paths.sort();
        Ok((
            output,
            Rebuilt {
                rendered: paths,
                changed,
                ..Rebuilt::default()
            },
        ))
    }

    /// The files of the last build that are not pages (nor a pack's parts).
    fn site_files_kept(&self, page_paths: &[String]) -> Output {
        let pages: HashSet<&str> = page_paths.iter().map(String::as_str).collect();
        let mut kept = Output::default();
        for (path, bytes) in &self.output.files {
            let part = crate::pages::PrintScope::PAGES
                .iter()
                .any(|scope| is_part_path(scope, path));
            if !pages.contains(path.as_str()) && !part {
                kept.files
                    .insert(path.clone(), std::sync::Arc::clone(bytes));
            }
        }
        kept
    }

    /// Whether the notes are the same files, in the same order, as in the
    /// last build: what is kept by note id stays valid.
    fn same_notes(&self, analysis: &Analysis, full: bool) -> bool {
        self.last.as_ref().is_some_and(|last| {
            !full
                && last.notes.len() == analysis.notes.len()
                && last
                    .notes
                    .iter()
                    .zip(&analysis.notes)
                    .all(|(a, b)| a.path == b.path)
        })
    }

    /// Keeps the briefing sheets by note id while the notes are the same
    /// files, and forgets those of the notes whose pages render again.
    fn keep_sheets(&mut self, analysis: &Analysis, same_notes: bool, to_render: &[&Page]) {
        if !same_notes {
            self.sheets = Sheets::new(analysis.notes.len());
        }
        for page in to_render {
            if let Page::Note(id) = page {
                self.sheets.forget(*id);
            }
        }
    }
}

/// Puts rendered pages into `output`; returns their paths, or every
/// template error met.
fn insert_rendered(
    output: &mut Output,
    rendered: Vec<Result<Vec<crate::site::RenderedFile>, Diagnostic>>,
) -> Result<Vec<String>, Error> {
    let mut errors = Vec::new();
    let mut paths = Vec::new();
    for r in rendered {
        match r {
            Ok(files) => {
                for (path, html) in files {
                    paths.push(path.clone());
                    output.insert(path, html.into_bytes());
                }
            }
            Err(d) => errors.push(d),
        }
    }
    if !errors.is_empty() {
        return Err(Error::Diagnostics(crate::site::merge_repeated(errors)));
    }
    Ok(paths)
}

/// Whether the index of `collection` shows the same rows in `new` as in
/// `old`: the same notes in the same order, and the same row for each
/// note `affected` names (the others' rows cannot have changed).
fn index_kept(collection: Collection, old: &Site, new: &Site, affected: &HashSet<PathBuf>) -> bool {
    let (was, is) = (
        crate::pages::index_ids(old, collection),
        crate::pages::index_ids(new, collection),
    );
    was.len() == is.len()
        && was.iter().zip(&is).all(|(a, b)| {
            let path = &new.notes[*b].path;
            old.notes[*a].path == *path
                && (!affected.contains(path)
                    || crate::pages::index_row(old, collection, *a)
                        == crate::pages::index_row(new, collection, *b))
        })
}

/// What a rebuild renders again.
enum Redo {
    /// Every page.
    Everything,
    /// The pages that may show a changed note (the analysis is new).
    Notes,
    /// The pages whose templates use the edited ones, by name without
    /// their layer's prefix (the analysis is the last one); `statics`: a
    /// static file changed too, else the site files are as they were.
    Templates {
        reached: BTreeSet<String>,
        statics: bool,
    },
}

/// Whether rendering `page` uses one of the `reached` templates. An
/// interview's page, its card and the packs hold its briefing sheet
/// (`print_sheet.html`); the page and the card render together.
fn uses_templates(reached: &BTreeSet<String>, page: &Page, site: &Site) -> bool {
    let uses = |p: &Page| {
        let template = crate::pages::page_template(site, p);
        reached.contains(crate::render::reach::unprefixed(&template))
    };
    let sheet = reached.contains("print_sheet.html");
    match page {
        Page::Note(id) | Page::Card(id) if site.notes[*id].as_interview().is_some() => {
            sheet || uses(&Page::Note(*id)) || uses(&Page::Card(*id))
        }
        Page::Print(_) => sheet || uses(page),
        _ => uses(page),
    }
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

/// What an edit reaches, measured against the last site: the notes whose
/// pages may show it (`None`: everything, as in a full rebuild), the tags
/// of those notes, and whether a question bank is among them.
struct Reach {
    notes: Option<HashSet<PathBuf>>,
    /// After template edits: the templates they reach; the pages of other
    /// templates are kept.
    templates: Option<BTreeSet<String>>,
    tags: HashSet<String>,
    banks: bool,
}

impl Reach {
    fn of(old: Option<&Site>, site: &Site, affected: Option<HashSet<PathBuf>>) -> Reach {
        let (tags, banks) = match (old, &affected) {
            (Some(old), Some(affected)) => {
                let touched: Vec<&Note> = old
                    .notes
                    .iter()
                    .chain(site.notes)
                    .filter(|n| affected.contains(&n.path))
                    .collect();
                let tags = touched
                    .iter()
                    .flat_map(|n| n.tags.iter().map(|t| crate::read::slug::slugify(t)))
                    .collect();
                // The question banks' index shows only the banks.
                let banks = touched
                    .iter()
                    .any(|n| n.collection == Collection::Questions);
                (tags, banks)
            }
            _ => (HashSet::new(), true),
        };
        Reach {
            notes: affected,
            templates: None,
            tags,
            banks,
        }
    }

    /// Whether `page` can be kept from the last build as it is.
    fn keeps(&self, page: &Page, analysis: &Analysis, site: &Site, old: Option<&Site>) -> bool {
        if let Some(reached) = &self.templates {
            return !uses_templates(reached, page, site);
        }
        let Some(affected) = &self.notes else {
            return false;
        };
        match page {
            Page::Note(id) => !affected.contains(&analysis.notes[*id].path),
            // A card shows part of its interview's briefing: it changes
            // only with the interview's page.
            Page::Card(id) => !affected.contains(&analysis.notes[*id].path),
            Page::Tag(slug) => !self.tags.contains(slug),
            Page::Index(Collection::Questions) => !self.banks,
            // An index is current when it lists the same notes in the same
            // order and no row of a note the edit reaches changed.
            Page::Index(c) => old.is_some_and(|old| index_kept(*c, old, site, affected)),
            // It shows no note, only what the configuration says.
            Page::NotFound => true,
            Page::Print(scope) => {
                old.is_some_and(|old| print_pack_kept(scope, old, site, affected))
            }
            _ => false,
        }
    }
}
