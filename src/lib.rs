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

pub mod config;
pub mod context;
pub mod diagnostics;
pub mod frontmatter;
pub mod graph;
pub mod load;
pub mod markdown;
pub mod model;
pub mod note;
pub mod output;
pub mod pages;
pub mod render;
pub mod slug;

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
    /// Leave out private notes.
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

/// Builds the site and writes it to the output directory.
pub fn build(options: &Options) -> Result<Built, Error> {
    let built = generate(options)?;
    built.output.write(&options.output_dir(), &options.root)?;
    Ok(built)
}

/// Runs every stage but writing; the diagnostics are the whole report.
pub fn check(options: &Options) -> Vec<Diagnostic> {
    match generate(options) {
        Ok(built) => built.diagnostics,
        Err(Error::Diagnostics(d)) => d,
        Err(Error::Write(e)) => vec![Diagnostic::error("write", Path::new("."), e.to_string())],
    }
}

/// Runs the pipeline in memory.
pub fn generate(options: &Options) -> Result<Built, Error> {
    let config = options.load_config()?;
    let today = today(options, &config);
    let mut diagnostics = Vec::new();

    let (files, found) = load::discover(&options.root);
    diagnostics.extend(found);

    let parsed: Vec<note::Parsed> = files.par_iter().map(|f| note::read(f, &config)).collect();
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

    let (mut notes, hidden): (Vec<Note>, Vec<Note>) = all_notes
        .into_iter()
        .partition(|n| (options.drafts || !n.draft) && !(options.public && n.private));
    let mut hidden_keys: Vec<_> = hidden
        .iter()
        .map(|n| (n.collection, n.slug.clone()))
        .collect();
    hidden_keys.extend(unreadable);
    let index = Index::build(&notes, &hidden_keys);
    let mut links = graph::resolve(&mut notes, &index, &mut diagnostics);

    let urls = Urls::new(&config.base_url.path);
    let note_urls: Vec<String> = notes.iter().map(|n| urls.note(n)).collect();
    let bodies: Vec<markdown::Rendered> = notes
        .par_iter()
        .map(|n| markdown::render(n, &notes, &index, &note_urls))
        .collect();
    let mut mentions = Vec::with_capacity(bodies.len());
    for b in &bodies {
        diagnostics.extend(b.diagnostics.iter().cloned());
        mentions.push(b.mentions.clone());
    }
    graph::add_mentions(&mut links, mentions);

    diagnostics::sort(&mut diagnostics);
    if diagnostics.iter().any(Diagnostic::is_error) {
        return Err(Error::Diagnostics(diagnostics));
    }

    let templates = render::Templates::load(&options.root, config.theme.as_deref())
        .map_err(|d| Error::Diagnostics(vec![d]))?;
    let cards: Vec<Card> = notes
        .iter()
        .enumerate()
        .map(|(id, n)| Card::new(n, &note_urls[id], &notes, &links[id], &config))
        .collect();
    let site = Site {
        config: &config,
        notes: &notes,
        links: &links,
        bodies: &bodies,
        urls: &urls,
        note_urls: &note_urls,
        cards: &cards,
        today,
    };
    let site_view = SiteView::new(&site);
    let rendered: Vec<Result<(String, Vec<u8>), Diagnostic>> = render::pages(&site)
        .par_iter()
        .map(|page| render::render_page(&site, &templates, &site_view, page))
        .collect();
    let mut output = Output::default();
    let mut errors = Vec::new();
    for r in rendered {
        match r {
            Ok((path, bytes)) => output.insert(path, bytes),
            Err(d) => errors.push(d),
        }
    }
    if !errors.is_empty() {
        diagnostics::sort(&mut errors);
        errors.dedup();
        return Err(Error::Diagnostics(errors));
    }
    let statics = render::static_files(&options.root, config.theme.as_deref())
        .map_err(|d| Error::Diagnostics(vec![d]))?;
    for (path, bytes) in statics {
        output.files.entry(path).or_insert(bytes);
    }
    add_site_files(&mut output, &site, &config);
    Ok(Built {
        output,
        diagnostics,
        notes: notes.len(),
    })
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
                .at(if n.has_key("slug") {
                    n.key_position("slug")
                } else {
                    (1, 1)
                })
                .hint("rename one of the files, or set a different `slug:` in its front matter"),
            );
            seen.insert((n.collection, first.slug.as_str()), first);
        }
    }
}

/// Files every published site needs besides its pages.
fn add_site_files(output: &mut Output, site: &Site, config: &Config) {
    output.insert(".nojekyll", Vec::new());
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
    for path in output.files.keys().filter(|p| p.ends_with("index.html")) {
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
