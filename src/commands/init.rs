//! `coffeechat init [DIR]`: a new prep site, ready to build.
//!
//! The starter files live in `starter/` in the source tree and are compiled
//! into the binary. `init` refuses a folder that is not empty unless
//! `force` is set, and even then it only adds files: an existing file is
//! never overwritten, it is reported as skipped.

use super::archetype::{self, Values};
use include_dir::{include_dir, Dir, File};
use jiff::civil::Date;
use std::io::Write;
use std::path::{Path, PathBuf};

/// The starter site, compiled into the binary.
pub static STARTER: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/starter");

#[derive(Debug, Clone)]
pub struct InitOptions {
    pub dir: PathBuf,
    /// Add the starter files to a folder that already has files.
    pub force: bool,
    /// The date the example notes are dated from.
    pub today: Date,
    /// An IANA time zone name for `timezone:`.
    pub timezone: String,
}

/// What `init` did.
#[derive(Debug, Default)]
pub struct Report {
    /// Files written, relative to the site folder.
    pub created: Vec<PathBuf>,
    /// Files left alone because they existed.
    pub skipped: Vec<PathBuf>,
}

#[derive(Debug, thiserror::Error)]
pub enum InitError {
    #[error("{0} is not empty; pass --force to add the starter files (existing files are kept)")]
    NotEmpty(PathBuf),
    #[error("{0} is a file, not a folder")]
    NotADirectory(PathBuf),
    #[error("cannot make the encryption salt: {0}")]
    Salt(String),
    #[error("cannot write {path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
}

impl InitOptions {
    /// Options for `dir` with today's date and the system's time zone.
    pub fn new(dir: PathBuf) -> InitOptions {
        let tz = jiff::tz::TimeZone::system();
        // The zone's IANA name; Debian also keeps it in /etc/timezone when
        // /etc/localtime is a copy rather than a link.
        let timezone = tz
            .iana_name()
            .map(str::to_string)
            .or_else(|| {
                std::fs::read_to_string("/etc/timezone")
                    .ok()
                    .map(|t| t.trim().to_string())
            })
            .filter(|n| !n.is_empty() && jiff::tz::TimeZone::get(n).is_ok())
            .unwrap_or_else(|| "UTC".to_string());
        InitOptions {
            dir,
            force: false,
            today: jiff::Zoned::now().date(),
            timezone,
        }
    }
}

/// What `init` says about publishing: the notes are about real people.
pub const PRIVACY_WARNING: &str = "Before you publish: these notes are about real people. Keep them in a PRIVATE repository: a public repository exposes every note (emails, phones, private notes) whatever the build leaves out, and a GitHub Pages site is public. The workflow in .github/workflows/pages.yml publishes the site encrypted (set the COFFEECHAT_PASSPHRASE secret; `coffeechat passphrase` makes one); README, \"Publishing on GitHub Pages\", gives the set-up for GitHub's free plan.";

/// Creates the site and says what it kept and made.
pub fn run(options: &InitOptions, console: super::Console) -> Result<(), super::Failure> {
    let report = init(options).map_err(super::Failure::error)?;
    for skipped in &report.skipped {
        eprintln!("kept {} (it exists)", skipped.display());
    }
    if !console.quiet {
        let dir = options.dir.display();
        eprintln!(
            "created a prep site in {dir} ({} files), with a random publish.encrypt.salt in coffeechat.yaml. Next: cd {dir} && coffeechat serve",
            report.created.len(),
        );
        // Every time in the notes is read in this zone: say which it is.
        let zone = &options.timezone;
        if zone == "UTC" || zone == "Etc/UTC" {
            eprintln!("time zone: {zone}, as the system names no other; if you live elsewhere, set `timezone:` in coffeechat.yaml (e.g. Europe/Berlin)");
        } else {
            eprintln!(
                "time zone: {zone} (the system's); `timezone:` in coffeechat.yaml changes it"
            );
        }
        eprintln!("{PRIVACY_WARNING}");
    }
    Ok(())
}

/// Creates the starter site in `options.dir`.
pub fn init(options: &InitOptions) -> Result<Report, InitError> {
    let dir = &options.dir;
    let io = |path: &Path| {
        let path = path.to_path_buf();
        move |source| InitError::Io { path, source }
    };
    if dir.exists() {
        if !dir.is_dir() {
            return Err(InitError::NotADirectory(dir.clone()));
        }
        let mut entries = std::fs::read_dir(dir).map_err(io(dir))?;
        if entries.next().is_some() && !options.force {
            return Err(InitError::NotEmpty(dir.clone()));
        }
    }
    let values = values(options)?;
    let mut report = Report::default();
    let mut files = Vec::new();
    collect(&STARTER, &mut files);
    files.sort_by_key(|f| f.path());
    for file in files {
        let rel = file.path().to_path_buf();
        let target = dir.join(&rel);
        if let Some(parent) = target.parent() {
            std::fs::create_dir_all(parent).map_err(io(parent))?;
        }
        let text = file.contents_utf8().unwrap_or_default();
        // Only Markdown and the configuration have placeholders; the
        // workflow's `${{ ... }}` expressions must stay as they are.
        let is_template = rel.extension().is_some_and(|e| e == "md" || e == "yaml");
        let text = if is_template {
            archetype::fill(text, &values)
        } else {
            text.replace(REV_PIN, &pinned_revision())
        };
        // create_new: an existing file (or one made meanwhile) is kept.
        match std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&target)
        {
            Ok(mut f) => {
                f.write_all(text.as_bytes()).map_err(io(&target))?;
                report.created.push(rel);
            }
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => report.skipped.push(rel),
            Err(e) => return Err(io(&target)(e)),
        }
    }
    Ok(report)
}

/// Stands in the starter workflow for the coffeechat revision it installs.
const REV_PIN: &str = "COFFEECHAT_REV_PIN";

/// The coffeechat the workflow installs: the commit this binary was built
/// from, else the tag of its version.
fn pinned_revision() -> String {
    match env!("COFFEECHAT_COMMIT") {
        "" => format!("v{}", env!("CARGO_PKG_VERSION")),
        commit => commit.to_string(),
    }
}

fn values(options: &InitOptions) -> Result<Values, InitError> {
    let next_week = options
        .today
        .checked_add(jiff::Span::new().days(7))
        .unwrap_or(options.today);
    // Letter in the Americas, A4 elsewhere: the usual paper of the place.
    let paper = if options.timezone.starts_with("America/") {
        "letter"
    } else {
        "a4"
    };
    let mut v = Values::new();
    v.insert("title", "My coffee chats".to_string());
    v.insert("timezone", options.timezone.clone());
    v.insert("paper", paper.to_string());
    v.insert("today", options.today.to_string());
    v.insert("next_week", format!("{next_week} 10:00"));
    let salt =
        crate::output::encrypt::Salt::generate().map_err(|e| InitError::Salt(e.to_string()))?;
    v.insert("salt", salt.to_string());
    Ok(v)
}

fn collect<'a>(dir: &'a Dir<'a>, out: &mut Vec<&'a File<'a>>) {
    out.extend(dir.files());
    for d in dir.dirs() {
        collect(d, out);
    }
}
