//! The stages from the analysis to files: every page rendered through its
//! template, the print packs, and the other files of a site (static
//! files, search index, calendar, contacts, sitemap).

use super::{analyse, merge_repeated, Analysis, Error, Options};
use crate::briefing::sheets::{self, Sheets};
use crate::diagnostics::Diagnostic;
use crate::graph;
use crate::interchange::calendar::{self, CalendarPiece};
use crate::interchange::vcard;
use crate::output::site_files::{self, Pieces};
use crate::output::Output;
use crate::pages::search;
use crate::pages::urls::output_path;
use crate::pages::views::{Site, SiteView};
use crate::pages::{page_data, Page, PageData};
use crate::render::{self, Templates};
use rayon::prelude::*;
use std::path::Path;

/// Renders every page and adds the static and site files, in memory.
pub fn render_site(analysis: &Analysis, root: &Path) -> Result<Output, Error> {
    in_memory(|sink| render_into(analysis, root, sink))
}

/// What `write` gives its sink, collected in memory.
fn in_memory(write: impl FnOnce(&PageSink) -> Result<(), Error>) -> Result<Output, Error> {
    let output = std::sync::Mutex::new(Output::default());
    write(&|path, parts| {
        output
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .insert(path, parts.concat());
        Ok(())
    })?;
    Ok(output.into_inner().unwrap_or_else(|p| p.into_inner()))
}

/// Where rendered files go as soon as each is ready: the output path and
/// the file's bytes in parts, to be written one after another (a print
/// pack is its frame and thousands of shared sheets).
pub type PageSink<'s> = site_files::Sink<'s, Error>;

/// Renders every page into `sink`, in parallel, after the other files
/// (static files, search index, sitemap, calendar…).
pub fn render_into(analysis: &Analysis, root: &Path, sink: &PageSink) -> Result<(), Error> {
    let (templates, files) = theme_and_site_files(analysis, root, sink)?;
    // A template error is reported before a static file's, as it is the
    // likelier one to be fixed first.
    render_pages_of(analysis, templates, sink)?;
    files
}

/// [`render_into`] for a build, which owns its analysis (made by
/// `analyse_to_build`, which already dropped what only the analysis read):
/// what only the search index reads (the search text) and what only the
/// vCards read (the contacts' notes) are dropped as soon as each is
/// written, and each note's HTML once the last page showing it is (see
/// [`super::in_turn`]). At 100,000 notes each of these is a hundred MB.
pub(crate) fn build_into(
    analysis: &mut Analysis,
    root: &Path,
    sink: &PageSink,
) -> Result<(), Error> {
    let theme = analysis.config.theme.clone();
    // The theme is read while the site files are written (on a small site
    // the two take about as long).
    let (templates, files) = rayon::join(
        || render::Templates::load(root, theme.as_deref()),
        || write_site_files_in_turn(analysis, root, sink),
    );
    let mut templates = templates?;
    // Made once the site files are written (none reads them), so that the
    // cards are never held beside the search text.
    analysis.make_cards();
    templates.set_site(&SiteView::new(&analysis.site()));
    super::in_turn::render_pages_in_turns(analysis, &templates, sink)?;
    files
}

/// The theme, read while the site files are written, and how writing
/// those went.
fn theme_and_site_files(
    analysis: &Analysis,
    root: &Path,
    sink: &PageSink,
) -> Result<(Templates, Result<(), Error>), Error> {
    let (templates, files) = rayon::join(
        || render::Templates::load(root, analysis.config.theme.as_deref()),
        || write_site_files_of(analysis, root, sink),
    );
    Ok((templates?, files))
}

/// The output paths of the pages of `site`, sorted.
fn page_paths(site: &Site) -> Vec<String> {
    let mut paths: Vec<String> = crate::pages::pages(site)
        .iter()
        .map(|p| crate::pages::page_path(site, p))
        .collect();
    paths.sort();
    paths
}

/// The site files, each kind of piece made, written and dropped in turn:
/// at 100,000 notes each kind is a few hundred MB.
fn write_site_files_of(analysis: &Analysis, root: &Path, sink: &PageSink) -> Result<(), Error> {
    let site = analysis.site();
    write_other_files(&site, root, &page_paths(&site), Pieces::MadeHere, sink)
}

/// [`write_site_files_of`] for a build: the search text goes once the
/// search index is written, the contacts' notes once their vCards are.
/// Neither reads the cards, which [`build_into`] makes after them.
fn write_site_files_in_turn(
    analysis: &mut Analysis,
    root: &Path,
    sink: &PageSink,
) -> Result<(), Error> {
    let mut statics = render::static_files(root, analysis.config.theme.as_deref())?;
    let recorder = Recorder::new(sink);
    let recording = |path, parts: &[&[u8]]| recorder.put(path, parts);
    // The pages' paths (100,000 at 100,000 notes) go once the sitemap is
    // written, before the search index is made.
    let pages = page_paths(&analysis.site());
    without_pages(&mut statics, &pages);
    site_files::write_site_files(&analysis.site(), &analysis.config, &pages, &recording)?;
    drop(pages);
    site_files::write_search(&analysis.site(), Pieces::MadeHere, &recording)?;
    analysis.forget_search_text();
    site_files::write_interchange(&analysis.site(), Pieces::MadeHere, &recording)?;
    analysis.forget_bodies_as_written();
    write_statics(statics, &recorder.written(), sink)
}

fn render_pages_of(
    analysis: &Analysis,
    mut templates: Templates,
    sink: &PageSink,
) -> Result<(), Error> {
    let mut site = analysis.site();
    templates.set_site(&SiteView::new(&site));
    let templates = templates;
    site.rows_html = Some(&templates);
    let pages = crate::pages::pages(&site);
    render_pages(&site, &templates, &pages, sink)
}

/// Renders `pages` into `sink`, or returns every template error met.
fn render_pages(
    site: &Site,
    templates: &render::Templates,
    pages: &[crate::pages::Page],
    sink: &PageSink,
) -> Result<(), Error> {
    // A card is rendered with its interview's page, from the same view.
    let (packs, singles): (Vec<&crate::pages::Page>, Vec<&crate::pages::Page>) = pages
        .iter()
        .filter(|p| !matches!(p, crate::pages::Page::Card(_)))
        .partition(|p| matches!(p, crate::pages::Page::Print(_)));
    let mut sheets = crate::briefing::sheets::Sheets::new(site.notes.len());
    if !packs.is_empty() {
        sheets.want_packs(site);
    }
    let sheets = sheets;
    let keep = (!packs.is_empty()).then_some(&sheets);
    let render = |pages: &[&crate::pages::Page]| -> Vec<Result<(), Error>> {
        pages
            .par_iter()
            .map(|page| write_files(render_one(site, templates, page, keep), sink))
            .collect()
    };
    // Interview pages first, so the packs (made from their sheets) are
    // written while the other pages render, not after them.
    let (briefings, others): (Vec<&crate::pages::Page>, Vec<&crate::pages::Page>) =
        singles.into_iter().partition(|p| match p {
            crate::pages::Page::Note(id) => site.notes[*id].as_interview().is_some(),
            _ => false,
        });
    let (mut rendered, others) = rayon::join(
        || {
            let mut rendered = render(&briefings);
            rendered.extend(render_packs(site, templates, &packs, &sheets, sink));
            rendered
        },
        || render(&others),
    );
    rendered.extend(others);
    results_to_error(rendered)
}

/// Gives a page's files to `sink`.
pub(super) fn write_files(
    files: Result<Vec<RenderedFile>, Diagnostic>,
    sink: &PageSink,
) -> Result<(), Error> {
    for (path, html) in files? {
        sink(path, &html.parts())?;
    }
    Ok(())
}

/// Every template error of `results`, merged, or the first other error.
pub(super) fn results_to_error(results: Vec<Result<(), Error>>) -> Result<(), Error> {
    let mut errors = Vec::new();
    for r in results {
        match r {
            Ok(()) => {}
            Err(Error::Diagnostics(d)) => errors.extend(d),
            Err(e) => return Err(e),
        }
    }
    if !errors.is_empty() {
        return Err(Error::Diagnostics(merge_repeated(errors)));
    }
    Ok(())
}

/// The print packs, from the sheets kept while rendering interview pages
/// (and any still missing).
pub(super) fn render_packs(
    site: &Site,
    templates: &render::Templates,
    packs: &[&crate::pages::Page],
    sheets: &crate::briefing::sheets::Sheets,
    sink: &PageSink,
) -> Vec<Result<(), Error>> {
    if packs.is_empty() {
        return Vec::new();
    }
    packs
        .iter()
        .filter_map(|page| match page {
            crate::pages::Page::Print(scope) => Some(scope),
            _ => None,
        })
        .collect::<Vec<_>>()
        .into_par_iter()
        .flat_map(|scope| {
            match sheets
                .render(site, templates, &scope.interviews(site))
                .and_then(|()| sheets::render_pack(site, templates, scope, sheets))
            {
                Ok(parts) => parts
                    .into_iter()
                    .map(|pack| sink(pack.path.clone(), &pack.parts()))
                    .collect(),
                Err(d) => vec![Err(Error::Diagnostics(vec![d]))],
            }
        })
        .collect()
}

/// Everything but the template pages: static files and site files, for a
/// site whose pages are `pages`. Shared with [`incremental`], which renders
/// pages selectively but makes these every time, from the `pieces` it keeps.
pub fn other_files_for(
    site: &Site,
    root: &Path,
    pages: &[String],
    pieces: &NotePieces,
) -> Result<Output, Error> {
    let mut pages = pages.to_vec();
    pages.sort();
    other_files(site, root, &pages, pieces)
}

/// What `search.json`, `contacts.vcf` and `calendar.ics` are joined from:
/// each note's search entry, vCard (empty for other notes) and calendar
/// events, by note id. `serve` keeps them, and makes again only those of
/// the notes an edit changed.
#[derive(Debug, Default)]
pub struct NotePieces {
    pub search: Vec<String>,
    pub vcards: Vec<String>,
    pub calendar: Vec<CalendarPiece>,
}

impl NotePieces {
    pub fn of(site: &Site) -> NotePieces {
        let mut pieces = NotePieces::default();
        pieces.refresh(site, &[]);
        pieces
    }

    /// Each note's search entry, by note id.
    pub(crate) fn search_of(site: &Site) -> Vec<String> {
        (0..site.notes.len())
            .into_par_iter()
            .map(|id| search::entry(site, id))
            .collect()
    }

    /// Each note's vCard, by note id (empty for other notes).
    pub(crate) fn vcards_of(site: &Site) -> Vec<String> {
        (0..site.notes.len())
            .into_par_iter()
            .map(|id| vcard_of(site, id))
            .collect()
    }

    /// Each note's calendar events, by note id.
    pub(crate) fn calendar_of(site: &Site) -> Vec<CalendarPiece> {
        (0..site.notes.len())
            .into_par_iter()
            .map(|id| calendar::calendar_piece(site, id))
            .collect()
    }

    /// Makes again the pieces of `ids`; all of them when these pieces are
    /// not for a site of this many notes. Says which changed.
    pub fn refresh(&mut self, site: &Site, ids: &[graph::NoteId]) -> Changed {
        let n = site.notes.len();
        if self.search.len() != n || self.vcards.len() != n || self.calendar.len() != n {
            *self = NotePieces {
                search: NotePieces::search_of(site),
                vcards: NotePieces::vcards_of(site),
                calendar: NotePieces::calendar_of(site),
            };
            return Changed {
                search: (0..n).collect(),
                vcards: true,
                calendar: (0..n).collect(),
            };
        }
        let mut changed = Changed::default();
        for id in ids {
            let search = search::entry(site, *id);
            if self.search[*id] != search {
                self.search[*id] = search;
                changed.search.push(*id);
            }
            let vcard = vcard_of(site, *id);
            if self.vcards[*id] != vcard {
                self.vcards[*id] = vcard;
                changed.vcards = true;
            }
            let calendar = calendar::calendar_piece(site, *id);
            if self.calendar[*id] != calendar {
                self.calendar[*id] = calendar;
                changed.calendar.push(*id);
            }
        }
        changed
    }
}

/// A note's vCard; none in a public build, which has no `contacts.vcf`.
fn vcard_of(site: &Site, id: graph::NoteId) -> String {
    match site.config.publish.public {
        true => String::new(),
        false => vcard::card(site, id),
    }
}

/// Which pieces a [`NotePieces::refresh`] changed: the notes whose search
/// entries and calendar events did, and whether any vCard did.
#[derive(Debug, Default)]
pub struct Changed {
    pub search: Vec<graph::NoteId>,
    pub vcards: bool,
    pub calendar: Vec<graph::NoteId>,
}

/// The static files and site files of a site whose pages are `pages`, in
/// memory, from the pieces `serve` keeps.
fn other_files(
    site: &Site,
    root: &Path,
    pages: &[String],
    pieces: &NotePieces,
) -> Result<Output, Error> {
    in_memory(|sink| write_other_files(site, root, pages, Pieces::Kept(pieces), sink))
}

/// The static files and site files of a site whose pages are `pages`,
/// each given to `sink` as it is made.
fn write_other_files(
    site: &Site,
    root: &Path,
    pages: &[String],
    pieces: Pieces,
    sink: &PageSink,
) -> Result<(), Error> {
    let config = site.config;
    let mut statics = render::static_files(root, config.theme.as_deref())?;
    without_pages(&mut statics, pages);
    let recorder = Recorder::new(sink);
    let recording = |path, parts: &[&[u8]]| recorder.put(path, parts);
    site_files::write_site_files(site, config, pages, &recording)?;
    site_files::write_search(site, pieces, &recording)?;
    site_files::write_interchange(site, pieces, &recording)?;
    write_statics(statics, &recorder.written(), sink)
}

/// The static files but those at a page's path (`pages` sorted): a page
/// wins over a static file of the same name.
fn without_pages(statics: &mut std::collections::BTreeMap<String, Vec<u8>>, pages: &[String]) {
    statics.retain(|path, _| pages.binary_search(path).is_err());
}

/// A sink that notes each path it gives on.
struct Recorder<'s, 'a> {
    sink: &'s PageSink<'a>,
    written: std::sync::Mutex<std::collections::HashSet<String>>,
}

impl<'s, 'a> Recorder<'s, 'a> {
    fn new(sink: &'s PageSink<'a>) -> Self {
        Recorder {
            sink,
            written: std::sync::Mutex::default(),
        }
    }

    fn put(&self, path: String, parts: &[&[u8]]) -> Result<(), Error> {
        self.written
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .insert(path.clone());
        (self.sink)(path, parts)
    }

    /// The paths given on.
    fn written(self) -> std::collections::HashSet<String> {
        self.written.into_inner().unwrap_or_else(|p| p.into_inner())
    }
}

/// The static files, but those a site file was written at: a site file
/// wins over a static file of the same name (a theme's `robots.txt`), and
/// each path goes to `sink` once.
fn write_statics(
    statics: std::collections::BTreeMap<String, Vec<u8>>,
    written: &std::collections::HashSet<String>,
    sink: &PageSink,
) -> Result<(), Error> {
    statics
        .into_par_iter()
        .filter(|(path, _)| !written.contains(path))
        .try_for_each(|(path, bytes)| sink(path, &[bytes.as_slice()]))
}

/// The data each page's template receives, as JSON, by output path: for
/// theme authors (`coffeechat theme context`) and for the test that keeps
/// docs/templates.md in step with the code.
pub fn contexts(options: &Options) -> Result<Vec<(String, String, serde_json::Value)>, Error> {
    let analysis = analyse(options)?;
    let mut site = analysis.site();
    let site_view = SiteView::new(&site);
    let mut templates = render::Templates::load(&options.root, analysis.config.theme.as_deref())?;
    templates.set_site(&site_view);
    let site_view = serde_json::to_value(site_view).unwrap_or_default();
    let templates = templates;
    site.rows_html = Some(&templates);
    crate::pages::pages(&site)
        .iter()
        .map(|page| {
            let mut data = crate::pages::page_data(&site, page)?;
            crate::briefing::sheets::fill_print_pack(&mut data, &site, &templates)?;
            crate::briefing::sheets::fill_sheet(&mut data, &site, &templates)?;
            crate::pages::drafts::fill_drafts(&mut data, &site, &templates)?;
            let mut json = data.to_json();
            if let serde_json::Value::Object(map) = &mut json {
                map.insert("site".to_string(), site_view.clone());
            }
            Ok((
                crate::pages::output_path_of(&data),
                data.template.clone(),
                json,
            ))
        })
        .collect()
}

/// A file's output path and bytes.
pub type RenderedFile = (String, render::Html);

/// Renders one page: its output path and bytes (a print pack too big for
/// one page: each of its parts), keeping an interview page's briefing
/// sheet in `sheets` for the print packs, as the view both are made from
/// is built once.
pub fn render_page(
    site: &Site,
    templates: &Templates,
    page: &Page,
    sheets: &Sheets,
) -> Result<Vec<RenderedFile>, Diagnostic> {
    if let Page::Print(scope) = page {
        sheets.render(site, templates, &scope.interviews(site))?;
        let parts = sheets::render_pack(site, templates, scope, sheets)?;
        return Ok(parts
            .into_iter()
            .map(|pack| (pack.path.clone(), pack.into_bytes().into()))
            .collect());
    }
    render_one(site, templates, page, Some(sheets))
}

/// One page's files: the page, and for an interview also its card, made
/// from the same view.
pub(super) fn render_one(
    site: &Site,
    templates: &Templates,
    page: &Page,
    sheets: Option<&Sheets>,
) -> Result<Vec<RenderedFile>, Diagnostic> {
    let mut data = page_data(site, page)?;
    let sheet = sheets::fill_sheet(&mut data, site, templates)?;
    crate::pages::drafts::fill_drafts(&mut data, site, templates)?;
    if let (Some(sheets), Some(html), Some(id)) = (sheets, sheet, data.note) {
        sheets.set(id, &html);
    }
    let card = match (page, &data.interview) {
        (Page::Note(id), Some(view)) => Some(crate::pages::page_data_with(
            site,
            &Page::Card(*id),
            Some(view.clone()),
        )?),
        _ => None,
    };
    let mut files = vec![render_data(site, templates, data)?];
    if let Some(card) = card {
        files.push(render_data(site, templates, card)?);
    }
    Ok(files)
}

/// A page's data through its template.
fn render_data(
    site: &Site,
    templates: &Templates,
    data: PageData,
) -> Result<RenderedFile, Diagnostic> {
    if !templates.contains(&data.template) {
        if let Some(id) = data.note {
            let note = &site.notes[id];
            return Err(Diagnostic::error(
                "template",
                &note.path,
                format!("no template `{}`", data.template),
            )
            .at(note.key_position("template"))
            .hint(format!(
                "add templates/{}, or remove `template:` to use the default",
                data.template
            )));
        }
    }
    let url = site.urls.to(&data.relative);
    let html = templates.render_html(&data.template, &data.context, &url)?;
    Ok((output_path(&data.relative), html))
}
