//! Rendering pages through Tera, with themes in layers: the site's
//! `templates/`, then `themes/<theme>/templates/`, then the default theme
//! embedded in the binary. A template of one layer can extend the layer
//! below by its prefixed name: `theme/base.html` or `default/base.html`.

pub mod theme;

use crate::pages::views::{PageView, Site, SiteView};
use crate::diagnostics::Diagnostic;
use crate::graph::NoteId;
use crate::read::discover::Collection;
use crate::domain::Kind;
use crate::pages::urls::output_path;
use include_dir::{include_dir, Dir};
use serde::Serialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The default theme, compiled into the binary.
pub static DEFAULT_THEME: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/themes/default");

const THEME_PREFIX: &str = "theme/";
const DEFAULT_PREFIX: &str = "default/";

#[derive(Debug, thiserror::Error)]
pub enum RenderError {
    #[error("{0}")]
    Template(Diagnostic),
}

/// The template engine with every layer loaded.
pub struct Templates {
    tera: tera::Tera,
    /// Where each registered template came from, for error messages.
    origins: BTreeMap<String, PathBuf>,
}

impl Templates {
    /// Loads the layers of `root`. `theme` is the theme named in config.
    pub fn load(root: &Path, theme: Option<&str>) -> Result<Templates, Diagnostic> {
        let mut tera = tera::Tera::default();
        tera.set_fallback_prefixes([THEME_PREFIX, DEFAULT_PREFIX])
            .map_err(|e| Diagnostic::error("template", Path::new("templates"), e.to_string()))?;
        let mut sources: Vec<(String, String, PathBuf)> = Vec::new();
        for file in embedded_files(&DEFAULT_THEME, "templates") {
            let name = file.path().strip_prefix("templates").unwrap_or(file.path());
            let text = file.contents_utf8().unwrap_or_default().to_string();
            sources.push((
                format!("{DEFAULT_PREFIX}{}", slash(name)),
                text,
                Path::new("(default theme)/templates").join(name),
            ));
        }
        if let Some(theme) = theme {
            let dir = root.join("themes").join(theme);
            if !dir.is_dir() {
                return Err(Diagnostic::error("theme", Path::new("coffeechat.yaml"), format!("the theme `{theme}` is not in themes/{theme}/"))
                    .hint("run `coffeechat theme list`, or `coffeechat theme eject` to copy the default theme"));
            }
            sources.extend(read_dir_templates(
                root,
                &dir.join("templates"),
                THEME_PREFIX,
            )?);
        }
        sources.extend(read_dir_templates(root, &root.join("templates"), "")?);
        let mut origins = BTreeMap::new();
        for (name, _, origin) in &sources {
            origins.insert(name.clone(), origin.clone());
        }
        tera.add_raw_templates(sources.iter().map(|(n, t, _)| (n.as_str(), t.as_str())))
            .map_err(|e| template_error(&e, &origins, None))?;
        Ok(Templates { tera, origins })
    }

    /// Makes `site` available to every template, serialised once rather
    /// than into each page's context.
    pub fn set_site(&mut self, site: &SiteView) {
        self.tera.global_context().insert("site", site);
    }

    pub fn contains(&self, name: &str) -> bool {
        self.tera.contains_template(name)
    }

    pub fn render(
        &self,
        name: &str,
        context: &tera::Context,
        page: &str,
    ) -> Result<String, Diagnostic> {
        self.tera
            .render(name, context)
            .map_err(|e| template_error(&e, &self.origins, Some(page)))
    }
}

fn slash(p: &Path) -> String {
    p.to_string_lossy().replace('\\', "/")
}

fn embedded_files<'a>(dir: &'a Dir<'a>, sub: &str) -> Vec<&'a include_dir::File<'a>> {
    let mut out = Vec::new();
    if let Some(d) = dir.get_dir(sub) {
        collect(d, &mut out);
    }
    out.sort_by_key(|f| f.path());
    out
}

fn collect<'a>(dir: &'a Dir<'a>, out: &mut Vec<&'a include_dir::File<'a>>) {
    out.extend(dir.files());
    for d in dir.dirs() {
        collect(d, out);
    }
}

fn read_dir_templates(
    root: &Path,
    dir: &Path,
    prefix: &str,
) -> Result<Vec<(String, String, PathBuf)>, Diagnostic> {
    let mut out = Vec::new();
    if !dir.is_dir() {
        return Ok(out);
    }
    for entry in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let entry = entry.map_err(|e| {
            Diagnostic::error(
                "template",
                dir.strip_prefix(root).unwrap_or(dir),
                e.to_string(),
            )
        })?;
        if !entry.file_type().is_file() {
            continue;
        }
        let rel = entry.path().strip_prefix(dir).unwrap_or(entry.path());
        let shown = entry.path().strip_prefix(root).unwrap_or(entry.path());
        let text = std::fs::read_to_string(entry.path()).map_err(|e| {
            Diagnostic::error("template", shown, format!("cannot read the template: {e}"))
        })?;
        out.push((format!("{prefix}{}", slash(rel)), text, shown.to_path_buf()));
    }
    Ok(out)
}

/// Turns a Tera error into a diagnostic naming the template file and,
/// when rendering, the page.
fn template_error(
    e: &tera::Error,
    origins: &BTreeMap<String, PathBuf>,
    page: Option<&str>,
) -> Diagnostic {
    let mut message = e.to_string();
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        message.push_str(": ");
        message.push_str(&s.to_string());
        source = s.source();
    }
    // Tera names templates by their registered name; show the file instead.
    let mut file = PathBuf::from("templates");
    for (name, origin) in origins.iter().rev() {
        if message.contains(name.as_str()) {
            file = origin.clone();
            break;
        }
    }
    let (line, column) = arrow_position(&message);
    let d = Diagnostic::error("template", &file, message).at((line, column));
    match page {
        Some(p) => d.hint(format!("while rendering the page {p}")),
        None => {
            d.hint("fix the template syntax; see docs/templates.md for the data each page gets")
        }
    }
}

/// The `line:column` of Tera's ` --> name:line:column` pointer, or zeros.
fn arrow_position(message: &str) -> (usize, usize) {
    let Some(at) = message.find("--> ") else {
        return (0, 0);
    };
    let pointer = message[at + 4..].lines().next().unwrap_or("");
    let mut numbers = pointer.rsplit(':').map(|n| n.trim().parse::<usize>().ok());
    match (numbers.next().flatten(), numbers.next().flatten()) {
        (Some(column), Some(line)) => (line, column),
        _ => (0, 0),
    }
}

/// A page of the site, before rendering.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Page {
    Dashboard,
    Index(Collection),
    Note(NoteId),
    Tags,
    Tag(String),
    Network,
    NotFound,
    /// Briefing sheets one after another, each on a new sheet of paper.
    Print(PrintScope),
}

/// Which briefings a print pack holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PrintScope {
    /// Upcoming interviews (`/print/`).
    Upcoming,
    /// Every interview (`/print/all/`).
    All,
    /// The interviews named to `coffeechat print`, in that order; never
    /// part of the site, only rendered for a PDF.
    Selection(Vec<NoteId>),
}

impl PrintScope {
    /// The page's URL relative to the site root.
    pub fn relative(&self) -> &'static str {
        match self {
            PrintScope::Upcoming => "print/",
            PrintScope::All => "print/all/",
            PrintScope::Selection(_) => "print/selection/",
        }
    }

    fn name(&self) -> &'static str {
        match self {
            PrintScope::Upcoming => "upcoming",
            PrintScope::All => "all",
            PrintScope::Selection(_) => "selection",
        }
    }

    /// The interviews of this pack, in print order.
    pub fn interviews(&self, site: &Site) -> Vec<NoteId> {
        match self {
            PrintScope::Upcoming => site
                .interviews_by_date()
                .into_iter()
                .filter(|id| site.is_upcoming(*id))
                .collect(),
            PrintScope::All => site.interviews_by_date(),
            PrintScope::Selection(ids) => ids.clone(),
        }
    }
}

/// The data of a print pack page.
#[derive(Serialize)]
struct PrintView {
    /// `upcoming`, `all` or `selection`.
    scope: &'static str,
    /// How many briefings the pack holds.
    count: usize,
    /// The briefing sheets, each rendered by `print_sheet.html` with its own
    /// small context: a pack of thousands of interviews never holds all
    /// their data at once.
    sheets: String,
    /// What to say when there is nothing to print.
    empty: &'static str,
}

/// All the pages of a site, in a fixed order.
pub fn pages(site: &Site) -> Vec<Page> {
    let mut pages = vec![
        Page::Dashboard,
        Page::NotFound,
        Page::Network,
        Page::Tags,
        Page::Print(PrintScope::Upcoming),
        Page::Print(PrintScope::All),
    ];
    pages.extend(
        [
            Collection::Companies,
            Collection::Contacts,
            Collection::Questions,
            Collection::Interviews,
        ]
        .map(Page::Index),
    );
    pages.extend((0..site.notes.len()).map(Page::Note));
    pages.extend(tag_names(site).keys().cloned().map(Page::Tag));
    pages
}

/// Tags by slug, each with its display name (the first spelling met) and
/// notes; made once per site.
pub fn tag_names<'s>(site: &'s Site) -> &'s BTreeMap<String, (String, Vec<NoteId>)> {
    site.memo.tags.get_or_init(|| {
        let mut tags: BTreeMap<String, (String, Vec<NoteId>)> = BTreeMap::new();
        for (id, note) in site.notes.iter().enumerate() {
            for t in &note.tags {
                let slug = crate::read::slug::slugify(t);
                if slug.is_empty() {
                    continue;
                }
                let entry = tags.entry(slug).or_insert_with(|| (t.clone(), Vec::new()));
                if !entry.1.contains(&id) {
                    entry.1.push(id);
                }
            }
        }
        tags
    })
}

#[derive(Serialize)]
struct TagListItem {
    name: String,
    url: String,
    count: usize,
}

/// A page ready for its template.
pub struct PageData {
    /// The page's URL relative to the site root: `contacts/ana/`.
    pub relative: String,
    pub template: String,
    /// The note whose `template:` chose the template, for error messages.
    pub note: Option<NoteId>,
    pub context: tera::Context,
    /// The top-level variables of `context`.
    pub keys: Vec<&'static str>,
    /// A print pack still to be filled with its sheets.
    print: Option<PrintScope>,
    /// An interview page's view, which its briefing sheet is made from too.
    interview: Option<tera::Value>,
}

impl PageData {
    fn insert<T: Serialize + ?Sized>(&mut self, key: &'static str, value: &T) {
        self.context.insert(key, value);
        self.keys.push(key);
    }

    /// The context as JSON, for `--dump-context` and the docs test.
    pub fn to_json(&self) -> serde_json::Value {
        let map = self
            .keys
            .iter()
            .map(|k| {
                let v = self
                    .context
                    .get(k)
                    .and_then(|v| serde_json::to_value(v).ok())
                    .unwrap_or_default();
                (k.to_string(), v)
            })
            .collect();
        serde_json::Value::Object(map)
    }
}

pub fn output_path_of(data: &PageData) -> String {
    output_path(&data.relative)
}

/// A page's URL relative to the site root: `contacts/ana/`.
pub fn page_relative(site: &Site, page: &Page) -> String {
    match page {
        Page::Dashboard => String::new(),
        Page::NotFound => "404.html".into(),
        Page::Network => "network/".into(),
        Page::Print(scope) => scope.relative().into(),
        Page::Tags => "tags/".into(),
        Page::Tag(slug) => format!("tags/{slug}/"),
        Page::Index(collection) => format!("{}/", collection.dir()),
        Page::Note(id) => {
            let note = &site.notes[*id];
            format!("{}/{}/", note.collection.dir(), note.slug)
        }
    }
}

/// The file a page is written to: `contacts/ana/index.html`.
pub fn page_path(site: &Site, page: &Page) -> String {
    output_path(&page_relative(site, page))
}

/// Builds the context of one page. `site` is not in it: it is set once for
/// all pages with [`Templates::set_site`].
pub fn page_data(site: &Site, page: &Page) -> Result<PageData, Diagnostic> {
    let mut data = PageData {
        relative: String::new(),
        template: String::new(),
        note: None,
        context: tera::Context::new(),
        keys: Vec::new(),
        print: None,
        interview: None,
    };
    let (template, title, section): (String, String, &'static str) = match page {
        Page::Dashboard => {
            data.insert("dashboard", &site.dashboard());
            (
                "dashboard.html".into(),
                site.config.title.clone(),
                "dashboard",
            )
        }
        Page::NotFound => ("404.html".into(), "Page not found".into(), "none"),
        Page::Network => {
            data.insert("network", &site.network());
            ("network.html".into(), "Network".into(), "network")
        }
        Page::Print(scope) => {
            // `print` itself is added by `render_page`, which has the
            // templates to render the sheets with.
            data.print = Some(scope.clone());
            let title = match scope {
                PrintScope::Upcoming => "Upcoming briefings",
                PrintScope::All => "Every briefing",
                PrintScope::Selection(_) => "Briefings",
            };
            ("print.html".into(), title.into(), "interviews")
        }
        Page::Tags => {
            let tags: Vec<TagListItem> = tag_names(site)
                .values()
                .map(|(name, ids)| TagListItem {
                    url: site.urls.tag(name),
                    name: name.clone(),
                    count: ids.len(),
                })
                .collect();
            data.insert("tags", &tags);
            ("tags.html".into(), "Tags".into(), "tags")
        }
        Page::Tag(slug) => {
            let (name, ids) = tag_names(site).get(slug).cloned().unwrap_or_default();
            data.insert("tag", &name);
            data.insert("notes", &site.cards(&ids));
            ("tag.html".into(), format!("Tag: {name}"), "tags")
        }
        Page::Index(collection) => {
            let ids: Vec<NoteId> = match collection {
                Collection::Interviews => site.interviews_by_date(),
                c => site.ids(*c).collect(),
            };
            match collection {
                Collection::Companies => data.insert(
                    "companies",
                    &ids.iter()
                        .filter_map(|id| site.company(*id))
                        .collect::<Vec<_>>(),
                ),
                Collection::Contacts => data.insert(
                    "contacts",
                    &ids.iter()
                        .filter_map(|id| site.contact_row(*id))
                        .collect::<Vec<_>>(),
                ),
                Collection::Questions => data.insert(
                    "banks",
                    &ids.iter()
                        .filter_map(|id| site.bank_row(*id))
                        .collect::<Vec<_>>(),
                ),
                _ => data.insert(
                    "interviews",
                    &ids.iter()
                        .filter_map(|id| site.interview_row(*id))
                        .collect::<Vec<_>>(),
                ),
            }
            let template = format!("{}.html", collection.dir());
            (template, collection.title().into(), collection.dir())
        }
        Page::Note(id) => {
            let note = &site.notes[*id];
            let links = &site.links[*id];
            let default_template = match &note.kind {
                Kind::Company(_) => {
                    data.insert("company", &site.company(*id));
                    data.insert("people", &site.cards(&links.people));
                    data.insert("interviews", &site.interview_rows(&links.interviews));
                    "company.html"
                }
                Kind::Contact(_) => {
                    data.insert("contact", &site.contact(*id));
                    data.insert("interviews", &site.interview_rows(&links.interviews));
                    "contact.html"
                }
                Kind::Bank(_) => {
                    data.insert("bank", &site.bank(*id));
                    data.insert("interviews", &site.interview_rows(&links.interviews));
                    "bank.html"
                }
                Kind::Interview(_) => {
                    let view = tera::Value::from_serializable(&site.interview(*id));
                    data.insert("interview", &view);
                    data.interview = Some(view);
                    "interview.html"
                }
                Kind::Page(_) => "page.html",
            };
            data.insert("note", &site.note_view(*id));
            data.note = Some(*id);
            let template = note
                .template
                .clone()
                .unwrap_or_else(|| default_template.to_string());
            (template, note.title.clone(), note.collection.dir())
        }
    };
    let relative = page_relative(site, page);
    let url = site.urls.to(&relative);
    data.insert(
        "page",
        &PageView {
            title,
            url,
            section,
        },
    );
    data.relative = relative;
    data.template = template;
    Ok(data)
}

/// Stands for `print.sheets` while a pack's frame is rendered: the sheets
/// are put in its place as the page is written, so a pack of thousands of
/// briefings is never copied into one string, and each sheet is rendered
/// once however many packs show it.
const SHEETS_MARKER: &str = "<!--coffeechat:print-sheets-->";

/// Each interview's briefing sheet, rendered once by `print_sheet.html`
/// with its own small context and shared by the print packs.
#[derive(Default)]
pub struct Sheets {
    by_id: Vec<std::sync::OnceLock<String>>,
}

impl Sheets {
    /// No sheets yet, for a site of `notes` notes.
    pub fn new(notes: usize) -> Sheets {
        Sheets {
            by_id: (0..notes).map(|_| std::sync::OnceLock::new()).collect(),
        }
    }

    /// Renders the sheets of `ids` not rendered yet, in parallel.
    pub fn render(
        &self,
        site: &Site,
        templates: &Templates,
        ids: &[NoteId],
    ) -> Result<(), Diagnostic> {
        use rayon::prelude::*;
        let rendered: Vec<Result<(), Diagnostic>> = ids
            .par_iter()
            .filter(|id| self.by_id[**id].get().is_none())
            .filter_map(|id| {
                let view = site.interview(*id)?;
                let html = sheet(site, templates, &tera::Value::from_serializable(&view));
                Some(html.map(|html| {
                    let _ = self.by_id[*id].set(html);
                }))
            })
            .collect();
        // The first error in print order, whatever thread met it first.
        rendered.into_iter().collect()
    }

    /// How many notes the sheets are kept for.
    pub fn len(&self) -> usize {
        self.by_id.len()
    }

    pub fn is_empty(&self) -> bool {
        self.by_id.is_empty()
    }

    /// Drops an interview's sheet, to be rendered again.
    pub fn forget(&mut self, id: NoteId) {
        if let Some(sheet) = self.by_id.get_mut(id) {
            sheet.take();
        }
    }

    fn set(&self, id: NoteId, html: &str) {
        let _ = self.by_id[id].set(html.to_string());
    }

    fn of(&self, ids: &[NoteId]) -> Vec<&str> {
        ids.iter()
            .filter_map(|id| self.by_id[*id].get().map(String::as_str))
            .collect()
    }
}

/// One briefing sheet: `print_sheet.html` with `interview` alone.
fn sheet(site: &Site, templates: &Templates, view: &tera::Value) -> Result<String, Diagnostic> {
    sheet_for(templates, view, &site.urls.to(PrintScope::All.relative()))
}

fn sheet_for(templates: &Templates, view: &tera::Value, page: &str) -> Result<String, Diagnostic> {
    let mut context = tera::Context::new();
    context.insert("interview", view);
    templates.render("print_sheet.html", &context, page)
}

/// Gives an interview page its briefing sheet as `sheet`, rendered by
/// `print_sheet.html` from the page's own view: the page shows the sheet
/// the print packs hold, rendered once for both. Returns the sheet.
pub fn fill_sheet(
    data: &mut PageData,
    site: &Site,
    templates: &Templates,
) -> Result<Option<String>, Diagnostic> {
    let Some(view) = &data.interview else {
        return Ok(None);
    };
    let html = sheet_for(templates, view, &site.urls.to(&data.relative))?;
    data.insert("sheet", &html);
    Ok(Some(html))
}

/// A rendered print pack: its frame from `print.html`, with the sheets
/// going where the frame shows `print.sheets`.
pub struct Pack<'s> {
    pub path: String,
    frame: String,
    sheets: Vec<&'s str>,
}

impl Pack<'_> {
    /// The page's bytes in order, without joining them.
    pub fn parts(&self) -> Vec<&[u8]> {
        let mut parts = Vec::new();
        let mut pieces = self.frame.split(SHEETS_MARKER);
        if let Some(first) = pieces.next() {
            parts.push(first.as_bytes());
        }
        for piece in pieces {
            parts.extend(self.sheets.iter().map(|s| s.as_bytes()));
            parts.push(piece.as_bytes());
        }
        parts
    }

    pub fn into_bytes(self) -> Vec<u8> {
        self.parts().concat()
    }
}

/// The `print` variable of a pack, with `sheets` as given.
fn print_view(scope: &PrintScope, count: usize, sheets: String) -> PrintView {
    PrintView {
        scope: scope.name(),
        count,
        sheets,
        empty: match scope {
            PrintScope::Upcoming => "No interview coming up: nothing to print.",
            _ => "No interviews yet: nothing to print.",
        },
    }
}

/// Renders a print pack from sheets already rendered.
pub fn render_pack<'s>(
    site: &Site,
    templates: &Templates,
    scope: &PrintScope,
    sheets: &'s Sheets,
) -> Result<Pack<'s>, Diagnostic> {
    let mut data = page_data(site, &Page::Print(scope.clone()))?;
    data.print = None;
    let ids = scope.interviews(site);
    let sheets = sheets.of(&ids);
    // An empty pack's `print.sheets` is empty, as a theme may test it.
    let stand_in = if sheets.is_empty() { "" } else { SHEETS_MARKER };
    data.insert("print", &print_view(scope, ids.len(), stand_in.to_string()));
    let url = site.urls.to(&data.relative);
    let frame = templates.render(&data.template, &data.context, &url)?;
    Ok(Pack {
        path: output_path(&data.relative),
        frame,
        sheets,
    })
}

/// Puts a print pack's sheets into its data, joined: for `theme context`,
/// which shows the data as a template sees it.
pub fn fill_print_pack(
    data: &mut PageData,
    site: &Site,
    templates: &Templates,
) -> Result<(), Diagnostic> {
    let Some(scope) = data.print.take() else {
        return Ok(());
    };
    let ids = scope.interviews(site);
    let all = Sheets::new(site.notes.len());
    all.render(site, templates, &ids)?;
    let sheets = all.of(&ids).concat();
    data.insert("print", &print_view(&scope, ids.len(), sheets));
    Ok(())
}

/// Renders one page: its output path and bytes.
pub fn render_page(
    site: &Site,
    templates: &Templates,
    page: &Page,
) -> Result<(String, Vec<u8>), Diagnostic> {
    render_page_keeping_sheet(site, templates, page, None)
}

/// [`render_page`], keeping an interview page's briefing sheet in `sheets`
/// for the print packs: the view both are made from is built once.
pub fn render_page_keeping_sheet(
    site: &Site,
    templates: &Templates,
    page: &Page,
    sheets: Option<&Sheets>,
) -> Result<(String, Vec<u8>), Diagnostic> {
    if let Page::Print(scope) = page {
        let sheets = Sheets::new(site.notes.len());
        sheets.render(site, templates, &scope.interviews(site))?;
        let pack = render_pack(site, templates, scope, &sheets)?;
        return Ok((pack.path.clone(), pack.into_bytes()));
    }
    let mut data = page_data(site, page)?;
    let sheet = fill_sheet(&mut data, site, templates)?;
    if let (Some(sheets), Some(html), Some(id)) = (sheets, sheet, data.note) {
        sheets.set(id, &html);
    }
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
    let html = templates.render(&data.template, &data.context, &url)?;
    Ok((output_path(&data.relative), html.into_bytes()))
}

/// The static files of every layer, later layers replacing earlier ones.
pub fn static_files(
    root: &Path,
    theme: Option<&str>,
) -> Result<BTreeMap<String, Vec<u8>>, Diagnostic> {
    let mut files = BTreeMap::new();
    for f in embedded_files(&DEFAULT_THEME, "static") {
        let rel = f.path().strip_prefix("static").unwrap_or(f.path());
        files.insert(slash(rel), f.contents().to_vec());
    }
    let mut dirs = Vec::new();
    if let Some(t) = theme {
        dirs.push(root.join("themes").join(t).join("static"));
    }
    dirs.push(root.join("static"));
    for dir in dirs.iter().filter(|d| d.is_dir()) {
        for entry in walkdir::WalkDir::new(dir).sort_by_file_name() {
            let shown = |p: &Path| p.strip_prefix(root).unwrap_or(p).to_path_buf();
            let entry =
                entry.map_err(|e| Diagnostic::error("static", &shown(dir), e.to_string()))?;
            if !entry.file_type().is_file() {
                continue;
            }
            let rel = entry.path().strip_prefix(dir).unwrap_or(entry.path());
            let bytes = std::fs::read(entry.path()).map_err(|e| {
                Diagnostic::error("static", &shown(entry.path()), format!("cannot read: {e}"))
            })?;
            files.insert(slash(rel), bytes);
        }
    }
    Ok(files)
}
