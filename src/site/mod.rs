//! The build as a list of steps: [`Options`] from the command line, then
//! [`analyse`] (read, resolve, Markdown) and [`render_into`] (pages, site
//! files), and [`build`], [`generate`] and [`check`] over them.

mod analyse;
mod encrypted;
mod in_turn;
mod render;
pub(crate) mod workflows;

pub use analyse::{analyse, analyse_with, Analysis, ReadNote};
pub(crate) use analyse::{same_body, site_checks};
use render::build_into;
pub use render::{
    contexts, other_files_for, render_into, render_page, render_site, NotePieces, PageSink,
    RenderedFile,
};

use crate::diagnostics::{self, Diagnostic};
use crate::output::{self, Output};
use crate::read::config::publish::PeoplePages;
use crate::read::config::{self, Config};
use crate::read::discover::Collection;
use crate::read::note::Note;
use jiff::civil::Date;
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
    /// The whole private site, readable only with the passphrase in
    /// `COFFEECHAT_PASSPHRASE` (see [`crate::output::encrypt`]).
    pub encrypt: bool,
}

#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The notes have errors; every diagnostic found is included.
    #[error("the site has {} error(s)", .0.iter().filter(|d| d.is_error()).count())]
    Diagnostics(Vec<Diagnostic>),
    #[error(transparent)]
    Write(#[from] output::WriteError),
    #[error(transparent)]
    Encrypt(#[from] crate::output::encrypt::EncryptError),
    /// Options that cannot go together, or a configuration that cannot be
    /// written back.
    #[error("{0}")]
    Refused(String),
}

impl From<Diagnostic> for Error {
    fn from(d: Diagnostic) -> Error {
        Error::Diagnostics(vec![d])
    }
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
        let interviews = config.publish.pages.contains(&PeoplePages::Interviews);
        if public && note.private {
            Some("private: true")
        } else if note.draft && (public || !self.drafts) {
            Some("draft")
        } else if public && note.collection == Collection::Interviews && !interviews {
            Some("interviews are not published (publish.pages)")
        } else {
            None
        }
    }

    pub fn load_config(&self) -> Result<Config, Error> {
        let mut config = Config::load(&self.root, &self.config_path())?;
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
    /// What the build changed besides the output, to tell the user (the
    /// salt an encrypted build wrote into the configuration).
    pub notices: Vec<String>,
}

/// Builds the site and writes it to the output directory. Pages are
/// written as they are rendered, into a staging folder swapped in at the
/// end, so memory holds one page per thread rather than the whole site.
pub fn build(options: &Options) -> Result<BuildReport, Error> {
    if options.encrypt {
        return encrypted::build(options);
    }
    output::recover_interrupted(&options.output_dir())?;
    let mut analysis = analyse::analyse_to_build(options)?;
    let mut timings = std::mem::take(&mut analysis.timings);
    let staging = output::Staging::begin(&options.output_dir(), &options.root)?;
    let pages = std::sync::atomic::AtomicUsize::new(0);
    build_into(&mut analysis, &options.root, &|path, bytes| {
        staging.put_parts(&path, bytes)?;
        pages.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        Ok(())
    })
    .map_err(|e| with_warnings(e, &analysis.diagnostics))?;
    let committed = staging.commit()?;
    timings.lap("render and write");
    let mut diagnostics = analysis.diagnostics;
    // The new site is in place: a previous one left behind is no failure.
    if let Some(e) = committed.leftover {
        diagnostics.push(
            Diagnostic::warning(
                "write",
                Path::new("."),
                format!("the new site is in place, but {e}"),
            )
            .hint("the next build removes the previous copy"),
        );
    }
    Ok(BuildReport {
        files: pages.into_inner(),
        notes: analysis.notes.len(),
        diagnostics,
        timings,
        notices: Vec::new(),
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
    let mut found = match generate(options) {
        Ok(built) => built.diagnostics,
        Err(Error::Diagnostics(d)) => d,
        Err(e) => vec![Diagnostic::error("write", Path::new("."), e.to_string())],
    };
    found.extend(workflows::check(&options.root));
    diagnostics::sort(&mut found);
    found
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
