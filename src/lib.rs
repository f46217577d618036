//! coffeechat: a static-site generator for informational-interview
//! preparation. The build is a pipeline, one module per stage:
//!
//! configuration ([`config`]) → finding files ([`load`]) → front matter
//! ([`note`], [`frontmatter`]) → the link graph ([`graph`]) → Markdown
//! ([`markdown`]) → page data ([`context`]) → rendering ([`render`]) →
//! writing ([`output`]).
//!
//! Every stage is a function of the one before; nothing is written to disk
//! until [`output::Output::write`], so `check` is the pipeline without it.

pub mod calendar;
pub mod commands;
pub mod config;
pub mod contentline;
pub mod context;
pub mod diagnostics;
pub mod encrypt;
pub mod export;
pub mod frontmatter;
pub mod graph;
pub mod import;
pub mod incremental;
pub mod load;
pub mod markdown;
pub mod model;
pub mod note;
pub mod output;
pub mod pages;
pub mod print;
pub mod publish;
pub mod render;
pub mod report;
pub mod search;
pub mod serve;
pub mod slug;
pub mod svg;
pub mod theme;
pub mod vcard;
pub mod workflow;

use config::Config;
use context::{Card, Site, SiteView};
use diagnostics::Diagnostic;
use graph::Index;
use jiff::civil::Date;
use note::Note;
use output::Output;
use pages::Urls;
use rayon::prelude::*;
use std::path::{Path, PathBuf};

/// What to build, as the command line gives it.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// The site root (holding coffeechat.yaml).
    pub root: PathBuf,
    /// Another configuration file than `root/coffeechat.yaml`.
    pub config: Option<PathBuf>,
    /// Where to write; `root/public` by default.
    pub output: Option<PathBuf>,
    pub base_url: Option<String>,
    pub drafts: bool,
    /// A build for publishing: leaves out private notes, drafts and the
    /// personal fields of contacts (see [`publish`]).
    pub public: bool,
    /// The date the build treats as today.
    pub today: Option<Date>,
}

#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The notes have errors; every diagnostic found is included.
    #[error("the site has {} error(s)", .0.iter().filter(|d| d.is_error()).count())]
    Diagnostics(Vec<Diagnostic>),
    #[error(transparent)]
    Write(#[from] output::WriteError),
}

/// A generated site, not yet written, with the warnings met on the way.
#[derive(Debug)]
pub struct Built {
    pub output: Output,
    pub diagnostics: Vec<Diagnostic>,
    pub notes: usize,
    /// How long each stage took, for `--verbose` and the benchmark.
    pub timings: Timings,
}

/// Wall-clock time per pipeline stage.
#[derive(Debug, Clone, Default)]
pub struct Timings {
    pub stages: Vec<(&'static str, std::time::Duration)>,
    last: Option<std::time::Instant>,
}

impl Timings {
    pub fn start() -> Timings {
        Timings {
            stages: Vec::new(),
            last: Some(std::time::Instant::now()),
        }
    }

    /// Records the time since the previous lap under `stage`.
    pub fn lap(&mut self, stage: &'static str) {
        let now = std::time::Instant::now();
        if let Some(last) = self.last {
            self.stages.push((stage, now - last));
        }
        self.last = Some(now);
    }
}

impl std::fmt::Display for Timings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let parts: Vec<String> = self
            .stages
            .iter()
            .map(|(s, d)| format!("{s} {:.1} ms", d.as_secs_f64() * 1000.0))
            .collect();
        f.write_str(&parts.join(", "))
    }
}

impl Options {
    pub fn config_path(&self) -> PathBuf {
        self.config
            .clone()
            .unwrap_or_else(|| self.root.join(config::CONFIG_FILE))
    }

    pub fn output_dir(&self) -> PathBuf {
        self.output
            .clone()
            .unwrap_or_else(|| self.root.join("public"))
    }

    /// Whether this is a public build: `--public`, or `publish.public` in config.
    pub fn is_public(&self, config: &Config) -> bool {
        self.public || config.publish.public
    }

    /// Whether a note is in this build at all, and why not.
    pub fn left_out(&self, config: &Config, note: &Note) -> Option<&'static str> {
        let public = self.is_public(config);
        if public && note.private {
            Some("private: true")
        } else if note.draft && (public || !self.drafts) {
            Some("draft")
        } else {
            None
        }
    }

    pub fn load_config(&self) -> Result<Config, Error> {
        let mut config = Config::load(&self.root, &self.config_path())
            .map_err(|d| Error::Diagnostics(vec![d]))?;
        if let Some(url) = &self.base_url {
            config.base_url = config::BaseUrl::parse(url).map_err(|m| {
                Error::Diagnostics(vec![Diagnostic::error(
                    "base-url",
                    Path::new("--base-url"),
                    m,
                )
                .hint("use a URL such as https://user.github.io/prep/")])
            })?;
        }
        Ok(config)
    }
}

/// The date a build treats as today: `--today`, else `SOURCE_DATE_EPOCH`
/// (for reproducible builds), else the local date in the site's time zone.
pub fn today(options: &Options, config: &Config) -> Date {
    if let Some(d) = options.today {
        return d;
    }
    let now = std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|s| s.trim().parse::<i64>().ok())
        .and_then(|secs| jiff::Timestamp::from_second(secs).ok())
        .unwrap_or_else(jiff::Timestamp::now);
    now.to_zoned(config.timezone.clone()).date()
}

/// What a build wrote.
#[derive(Debug)]
pub struct BuildReport {
    pub diagnostics: Vec<Diagnostic>,
    pub notes: usize,
    /// Files written.
    pub files: usize,
    pub timings: Timings,
}

/// Builds the site and writes it to the output directory. Pages are
/// written as they are rendered, into a staging folder swapped in at the
/// end, so memory holds one page per thread rather than the whole site.
pub fn build(options: &Options) -> Result<BuildReport, Error> {
    let mut analysis = analyse(options)?;
    let mut timings = std::mem::take(&mut analysis.timings);
    let staging = output::Staging::begin(&options.output_dir(), &options.root)?;
    let pages = std::sync::atomic::AtomicUsize::new(0);
    render_into(&analysis, &options.root, &|path, bytes| {
        staging.put_parts(&path, bytes)?;
        pages.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        Ok(())
    })
    .map_err(|e| with_warnings(e, &analysis.diagnostics))?;
    staging.commit()?;
    timings.lap("render and write");
    Ok(BuildReport {
        files: pages.into_inner(),
        notes: analysis.notes.len(),
        diagnostics: analysis.diagnostics,
        timings,
    })
}

/// A template error is reported with the notes' warnings.
fn with_warnings(e: Error, warnings: &[Diagnostic]) -> Error {
    match e {
        Error::Diagnostics(mut d) => {
            d.extend(warnings.iter().cloned());
            diagnostics::sort(&mut d);
            Error::Diagnostics(d)
        }
        other => other,
    }
}

/// Runs every stage but writing; the diagnostics are the whole report.
pub fn check(options: &Options) -> Vec<Diagnostic> {
    match generate(options) {
        Ok(built) => built.diagnostics,
        Err(Error::Diagnostics(d)) => d,
        Err(Error::Write(e)) => vec![Diagnostic::error("write", Path::new("."), e.to_string())],
    }
}

/// The notes of a site read, resolved and turned into HTML fragments:
/// every stage before templates. `serve` keeps one to rebuild from.
pub struct Analysis {
    pub config: Config,
    pub today: Date,
    pub notes: Vec<Note>,
    pub links: Vec<graph::Links>,
    pub bodies: Vec<markdown::Rendered>,
    pub urls: Urls,
    /// The URL of each note, by note id.
    pub note_urls: Vec<String>,
    /// Notes by name, for resolving links in a body rendered again.
    pub index: Index,
    /// How many bodies this analysis rendered (the others were reused).
    pub rendered_bodies: usize,
    /// Warnings (errors stop [`analyse`]).
    pub diagnostics: Vec<Diagnostic>,
    pub timings: Timings,
}

impl Analysis {
    /// The link card of every note, by note id.
    pub fn cards(&self) -> Vec<Card<'_>> {
        self.notes
            .iter()
            .enumerate()
            .map(|(id, n)| {
                Card::new(
                    n,
                    &self.note_urls[id],
                    &self.notes,
                    &self.links[id],
                    &self.config,
                )
            })
            .collect()
    }

    /// The view of the site templates are fed from.
    pub fn site<'a>(&'a self, cards: &'a [Card<'a>]) -> Site<'a> {
        Site {
            config: &self.config,
            notes: &self.notes,
            links: &self.links,
            bodies: &self.bodies,
            urls: &self.urls,
            note_urls: &self.note_urls,
            cards,
            today: self.today,
            memo: context::Memo::new(self.notes.len()),
        }
    }
}

/// Runs the pipeline in memory.
pub fn generate(options: &Options) -> Result<Built, Error> {
    let mut analysis = analyse(options)?;
    let mut timings = std::mem::take(&mut analysis.timings);
    let output = render_site(&analysis, &options.root)
        .map_err(|e| with_warnings(e, &analysis.diagnostics))?;
    timings.lap("render");
    Ok(Built {
        output,
        notes: analysis.notes.len(),
        diagnostics: analysis.diagnostics,
        timings,
    })
}

/// Reads every note and resolves every link; stops with all the errors found.
pub fn analyse(options: &Options) -> Result<Analysis, Error> {
    analyse_with(options, &note::read, None)
}

/// How [`analyse_with`] reads one note file.
pub type ReadNote<'r> = dyn Fn(&load::NoteFile, &Config) -> note::Parsed + Sync + 'r;

/// [`analyse`] with another way to read a note: `serve` passes one that
/// reuses the notes whose files did not change ([`incremental`]), and the
/// `earlier` analysis, whose Markdown is reused for unchanged bodies when
/// every link would resolve as it did.
pub fn analyse_with(
    options: &Options,
    read: &ReadNote,
    earlier: Option<&Analysis>,
) -> Result<Analysis, Error> {
    let mut timings = Timings::start();
    let mut config = options.load_config()?;
    let today = today(options, &config);
    let mut diagnostics = Vec::new();

    let (files, found) = load::discover(&options.root);
    diagnostics.extend(found);
    timings.lap("discover");

    let parsed: Vec<note::Parsed> = files.par_iter().map(|f| read(f, &config)).collect();
    let mut all_notes = Vec::with_capacity(parsed.len());
    // Notes that failed to parse are still known by name, so links to them
    // do not add a second error to the first.
    let mut unreadable = Vec::new();
    for (p, file) in parsed.into_iter().zip(&files) {
        diagnostics.extend(p.diagnostics);
        match p.note {
            Some(n) => all_notes.push(n),
            None => unreadable.push((
                file.collection,
                slug::slugify(&file.path.file_stem().unwrap_or_default().to_string_lossy()),
            )),
        }
    }
    check_duplicate_slugs(&all_notes, &mut diagnostics);
    timings.lap("parse");

    // From here on, `config.publish.public` says whether this build is public.
    let public = options.is_public(&config);
    config.publish.public = public;
    let (mut notes, hidden): (Vec<Note>, Vec<Note>) = all_notes
        .into_iter()
        .partition(|n| options.left_out(&config, n).is_none());
    if public {
        notes.iter_mut().for_each(|n| config.publish.strip(n));
    }
    let mut hidden_keys: Vec<_> = hidden
        .iter()
        .map(|n| (n.collection, n.slug.clone()))
        .collect();
    hidden_keys.extend(unreadable);
    let index = Index::build(&notes, &hidden_keys);
    let mut links = graph::resolve(&mut notes, &index, &mut diagnostics);
    workflow::check(&notes, &config, today, &mut diagnostics);
    timings.lap("graph");

    let urls = Urls::new(&config.base_url.path);
    let note_urls: Vec<String> = notes.iter().map(|n| urls.note(n)).collect();
    let earlier = earlier.filter(|e| same_link_targets(e, &notes, &index, &note_urls));
    let rendered = std::sync::atomic::AtomicUsize::new(0);
    let bodies: Vec<markdown::Rendered> = notes
        .par_iter()
        .enumerate()
        .map(|(id, n)| match earlier {
            Some(e) if same_body(&e.notes[id], n) => e.bodies[id].clone(),
            _ => {
                rendered.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                markdown::render(n, &notes, &index, &note_urls)
            }
        })
        .collect();
    let mut mentions = Vec::with_capacity(bodies.len());
    for b in &bodies {
        diagnostics.extend(b.diagnostics.iter().cloned());
        mentions.push(b.mentions.clone());
    }
    graph::add_mentions(&mut links, mentions);
    timings.lap("markdown");

    diagnostics::sort(&mut diagnostics);
    if diagnostics.iter().any(Diagnostic::is_error) {
        return Err(Error::Diagnostics(diagnostics));
    }
    Ok(Analysis {
        config,
        today,
        notes,
        links,
        bodies,
        urls,
        note_urls,
        index,
        rendered_bodies: rendered.into_inner(),
        diagnostics,
        timings,
    })
}

/// Whether a body's links resolve in `notes` as they did in `earlier`:
/// the same notes in the same places, with the same titles and addresses,
/// and the same notes left out.
fn same_link_targets(earlier: &Analysis, notes: &[Note], index: &Index, urls: &[String]) -> bool {
    earlier.notes.len() == notes.len()
        && earlier.note_urls == urls
        && earlier.index.hides_same(index)
        && earlier.notes.iter().zip(notes).all(|(a, b)| {
            a.path == b.path
                && a.slug == b.slug
                && a.title == b.title
                && a.collection == b.collection
        })
}

/// Whether two versions of a note render to the same Markdown output.
fn same_body(a: &Note, b: &Note) -> bool {
    a.body_line == b.body_line && a.body() == b.body()
}

/// Renders every page and adds the static and site files, in memory.
pub fn render_site(analysis: &Analysis, root: &Path) -> Result<Output, Error> {
    let pages = std::sync::Mutex::new(Output::default());
    render_into(analysis, root, &|path, bytes| {
        pages
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .insert(path, bytes.concat());
        Ok(())
    })?;
    Ok(pages.into_inner().unwrap_or_else(|p| p.into_inner()))
}

/// Where rendered files go as soon as each is ready: the output path and
/// the file's bytes in parts, to be written one after another (a print
/// pack is its frame and thousands of shared sheets).
pub type PageSink<'s> = dyn Fn(String, &[&[u8]]) -> Result<(), Error> + Sync + 's;

/// Renders every page into `sink`, in parallel, and meanwhile the other
/// files (static files, search index, sitemap, calendar…).
pub fn render_into(analysis: &Analysis, root: &Path, sink: &PageSink) -> Result<(), Error> {
    let config = &analysis.config;
    let mut templates = render::Templates::load(root, config.theme.as_deref())
        .map_err(|d| Error::Diagnostics(vec![d]))?;
    let cards = analysis.cards();
    let site = analysis.site(&cards);
    templates.set_site(&SiteView::new(&site));
    let pages = render::pages(&site);
    let mut paths: Vec<String> = pages.iter().map(|p| render::page_path(&site, p)).collect();
    paths.sort();
    let (rendered, others) = rayon::join(
        || render_pages(&site, &templates, &pages, sink),
        || {
            other_files(&site, root, &paths, &NotePieces::of(&site))?
                .files
                .into_par_iter()
                .try_for_each(|(path, bytes)| sink(path, &[bytes.as_slice()]))
        },
    );
    rendered?;
    others
}

/// Renders `pages` into `sink`, or returns every template error met.
fn render_pages(
    site: &Site,
    templates: &render::Templates,
    pages: &[render::Page],
    sink: &PageSink,
) -> Result<(), Error> {
    let (packs, singles): (Vec<&render::Page>, Vec<&render::Page>) = pages
        .iter()
        .partition(|p| matches!(p, render::Page::Print(_)));
    let sheets = render::Sheets::new(site.notes.len());
    let keep = (!packs.is_empty()).then_some(&sheets);
    let render = |pages: &[&render::Page]| -> Vec<Result<(), Error>> {
        pages
            .par_iter()
            .map(|page| {
                let (path, bytes) = render::render_page_keeping_sheet(site, templates, page, keep)
                    .map_err(|d| Error::Diagnostics(vec![d]))?;
                sink(path, &[&bytes])
            })
            .collect()
    };
    // Interview pages first, so the packs (made from their sheets) are
    // written while the other pages render, not after them.
    let (briefings, others): (Vec<&render::Page>, Vec<&render::Page>) =
        singles.into_iter().partition(|p| match p {
            render::Page::Note(id) => site.notes[*id].as_interview().is_some(),
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
    let mut errors = Vec::new();
    for r in rendered {
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
fn render_packs(
    site: &Site,
    templates: &render::Templates,
    packs: &[&render::Page],
    sheets: &render::Sheets,
    sink: &PageSink,
) -> Vec<Result<(), Error>> {
    if packs.is_empty() {
        return Vec::new();
    }
    if let Err(d) = sheets.render(site, templates, &site.interviews_by_date()) {
        return vec![Err(Error::Diagnostics(vec![d]))];
    }
    packs
        .iter()
        .filter_map(|page| match page {
            render::Page::Print(scope) => Some(scope),
            _ => None,
        })
        .collect::<Vec<_>>()
        .into_par_iter()
        .map(|scope| {
            let pack = render::render_pack(site, templates, scope, sheets)
                .map_err(|d| Error::Diagnostics(vec![d]))?;
            sink(pack.path.clone(), &pack.parts())
        })
        .collect()
}

/// Everything but the template pages: static files and site files. Shared
/// with [`incremental`], which renders pages selectively but adds these
/// every time, from the `pieces` it keeps.
pub fn add_other_files(
    output: &mut Output,
    site: &Site,
    root: &Path,
    pieces: &NotePieces,
) -> Result<(), Error> {
    let pages: Vec<String> = output.files.keys().cloned().collect();
    let others = other_files(site, root, &pages, pieces)?;
    for (path, bytes) in others.files {
        output.files.entry(path).or_insert(bytes);
    }
    Ok(())
}

/// What `search.json` and `contacts.vcf` are joined from: each note's
/// search entry and vCard (empty for other notes), by note id. `serve`
/// keeps them, and makes again only those of the notes an edit changed.
#[derive(Debug, Default)]
pub struct NotePieces {
    pub search: Vec<String>,
    pub vcards: Vec<String>,
}

impl NotePieces {
    pub fn of(site: &Site) -> NotePieces {
        let mut pieces = NotePieces::default();
        pieces.refresh(site, &[]);
        pieces
    }

    /// Makes again the pieces of `ids`; all of them when these pieces are
    /// not for a site of this many notes.
    pub fn refresh(&mut self, site: &Site, ids: &[graph::NoteId]) {
        let n = site.notes.len();
        // A public build has no `contacts.vcf`.
        let card = |id| match site.config.publish.public {
            true => String::new(),
            false => vcard::card(site, id),
        };
        if self.search.len() == n && self.vcards.len() == n {
            for id in ids {
                self.search[*id] = search::entry(site, *id);
                self.vcards[*id] = card(*id);
            }
        } else {
            (self.search, self.vcards) = (0..n)
                .into_par_iter()
                .map(|id| (search::entry(site, id), card(id)))
                .unzip();
        }
    }
}

/// The static files and site files of a site whose pages are `pages`.
fn other_files(
    site: &Site,
    root: &Path,
    pages: &[String],
    pieces: &NotePieces,
) -> Result<Output, Error> {
    let config = site.config;
    let mut output = Output::default();
    let statics = render::static_files(root, config.theme.as_deref())
        .map_err(|d| Error::Diagnostics(vec![d]))?;
    for (path, bytes) in statics {
        if pages.binary_search(&path).is_err() {
            output.insert(path, bytes);
        }
    }
    add_site_files(&mut output, site, config, pages, pieces);
    add_interchange(&mut output, site, pieces);
    Ok(output)
}

/// The data each page's template receives, as JSON, by output path: for
/// theme authors (`coffeechat theme context`) and for the test that keeps
/// docs/templates.md in step with the code.
pub fn contexts(options: &Options) -> Result<Vec<(String, String, serde_json::Value)>, Error> {
    let analysis = analyse(options)?;
    let cards = analysis.cards();
    let site = analysis.site(&cards);
    let site_view = SiteView::new(&site);
    let mut templates = render::Templates::load(&options.root, analysis.config.theme.as_deref())
        .map_err(|d| Error::Diagnostics(vec![d]))?;
    templates.set_site(&site_view);
    let site_view = serde_json::to_value(site_view).unwrap_or_default();
    render::pages(&site)
        .iter()
        .map(|page| {
            let mut data =
                render::page_data(&site, page).map_err(|d| Error::Diagnostics(vec![d]))?;
            render::fill_print_pack(&mut data, &site, &templates)
                .map_err(|d| Error::Diagnostics(vec![d]))?;
            render::fill_sheet(&mut data, &site, &templates)
                .map_err(|d| Error::Diagnostics(vec![d]))?;
            let mut json = data.to_json();
            if let serde_json::Value::Object(map) = &mut json {
                map.insert("site".to_string(), site_view.clone());
            }
            Ok((render::output_path_of(&data), data.template.clone(), json))
        })
        .collect()
}

/// One template mistake fails every page that uses the template: report it
/// once, saying how many pages it broke.
pub fn merge_repeated(mut errors: Vec<Diagnostic>) -> Vec<Diagnostic> {
    diagnostics::sort(&mut errors);
    let mut merged: Vec<(Diagnostic, usize)> = Vec::new();
    for e in errors {
        match merged
            .iter_mut()
            .find(|(m, _)| m.file == e.file && m.line == e.line && m.message == e.message)
        {
            Some((_, n)) => *n += 1,
            None => merged.push((e, 0)),
        }
    }
    merged
        .into_iter()
        .map(|(d, more)| match (more, d.hint.clone()) {
            (0, _) => d,
            (n, Some(h)) => d.hint(format!("{h}, and {n} other page(s)")),
            (n, None) => d.hint(format!("{n} other page(s) fail the same way")),
        })
        .collect()
}

/// Two notes of one collection may not share a slug, whatever their case
/// or folder.
fn check_duplicate_slugs(notes: &[Note], diagnostics: &mut Vec<Diagnostic>) {
    let mut seen: std::collections::HashMap<(load::Collection, &str), &Note> =
        std::collections::HashMap::new();
    for n in notes {
        if let Some(first) = seen.insert((n.collection, n.slug.as_str()), n) {
            diagnostics.push(
                Diagnostic::error(
                    "duplicate-slug",
                    &n.path,
                    format!(
                        "another {} has the slug `{}`: {}",
                        n.collection.singular(),
                        n.slug,
                        first.path.display()
                    ),
                )
                // The `slug:` line, or the opening `---` when the file name gives the slug.
                .at_span(n.key_span("slug"))
                .hint("rename one of the files, or set a different `slug:` in its front matter"),
            );
            seen.insert((n.collection, first.slug.as_str()), first);
        }
    }
}

/// Files every published site needs besides its pages.
fn add_site_files(
    output: &mut Output,
    site: &Site,
    config: &Config,
    pages: &[String],
    pieces: &NotePieces,
) {
    output.insert(".nojekyll", Vec::new());
    output.insert("search.json", search::join(&pieces.search));
    let robots = if config.allow_indexing {
        format!(
            "User-agent: *\nAllow: /\nSitemap: {}sitemap.xml\n",
            config.base_url.absolute()
        )
    } else {
        "User-agent: *\nDisallow: /\n".to_string()
    };
    output.insert("robots.txt", robots);
    if let Some(cname) = &config.cname {
        output.insert("CNAME", format!("{}\n", cname.trim()));
    }
    let mut sitemap = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n");
    let origin = &config.base_url.origin;
    for path in pages.iter().filter(|p| p.ends_with("index.html")) {
        let url = format!(
            "{origin}{}",
            site.urls.to(path.trim_end_matches("index.html"))
        );
        sitemap.push_str(&format!(
            "  <url><loc>{}</loc></url>\n",
            markdown::html_escape(&url)
        ));
    }
    sitemap.push_str("</urlset>\n");
    output.insert("sitemap.xml", sitemap);
}

/// `calendar.ics`, each dated interview's own `.ics` beside its briefing,
/// and, unless the site is for the public, the contacts as `contacts.vcf`.
fn add_interchange(output: &mut Output, site: &Site, pieces: &NotePieces) {
    if !site.config.publish.public {
        output.insert("contacts.vcf", pieces.vcards.concat());
    }
    output.insert("calendar.ics", calendar::site_calendar(site));
    for id in site.ids(load::Collection::Interviews) {
        if let Some(ics) = calendar::interview_calendar(site, id) {
            output.insert(calendar::interview_path(&site.notes[id].slug), ics);
        }
    }
}
