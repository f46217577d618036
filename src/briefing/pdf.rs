//! `coffeechat print`: briefing sheets to PDF through a headless Chromium.
//!
//! The site is generated in memory and written to a temporary folder; the
//! browser then prints one page of it per PDF. Pages are opened as
//! `file://` URLs, and the site is built with its base URL set to that
//! folder's own path (`/tmp/.tmpAb12/site/`), so every absolute link the
//! theme writes (`/tmp/.tmpAb12/site/briefing.css`) resolves to the file on
//! disk. That needs no server, no port and no network, and the temporary
//! copy never mixes with the published `public/` (whose links carry the
//! real base path).

use crate::graph::NoteId;
use crate::output::Output;
use crate::pages::PrintScope;
use crate::read::discover::Collection;
use crate::{Error, Options};
use rayon::prelude::*;
use std::ffi::{OsStr, OsString};
use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// Names the browser goes by on PATH, in the order they are tried.
pub const CHROMIUM_NAMES: &[&str] = &[
    "chromium",
    "chromium-browser",
    "google-chrome",
    "google-chrome-stable",
];

/// Where the browsers live on macOS, tried when none is on PATH.
const MAC_APPS: &[&str] = &[
    "/Applications/Chromium.app/Contents/MacOS/Chromium",
    "/Applications/Google Chrome.app/Contents/MacOS/Google Chrome",
];

/// An environment variable naming the browser to use instead.
pub const CHROMIUM_ENV: &str = "COFFEECHAT_CHROMIUM";

/// The PDF written for a pack when no `-o` is given.
pub const DEFAULT_PACK_FILE: &str = "briefings.pdf";

/// How long one browser run may take before it is stopped.
const TIMEOUT: Duration = Duration::from_secs(120);

#[derive(Debug, thiserror::Error)]
pub enum PrintError {
    #[error(transparent)]
    Site(#[from] Error),
    #[error(
        "no Chromium found: looked for {} on PATH\n  hint: install it (Debian/Ubuntu: `sudo apt-get install chromium`; Fedora: `sudo dnf install chromium`; macOS: install Google Chrome), or set {CHROMIUM_ENV} to the browser's path",
        CHROMIUM_NAMES.join(", ")
    )]
    NoChromium,
    #[error("{CHROMIUM_ENV} names `{0}`, which is not a program that can be run\n  hint: set it to the full path of chromium or google-chrome, or unset it to search PATH")]
    BadChromium(PathBuf),
    #[error("no interview `{slug}`{}", suggestion.as_ref().map(|s| format!("\n  hint: did you mean `{s}`? (interviews are named by their slug, the file name without .md)")).unwrap_or_default())]
    UnknownInterview {
        slug: String,
        suggestion: Option<String>,
    },
    #[error("nothing to print: no interview is coming up\n  hint: name the interviews to print (`coffeechat print SLUG…`) or use --all")]
    NothingUpcoming,
    #[error("nothing to print: the site has no interviews yet\n  hint: add one under content/interviews/")]
    NoInterviews,
    #[error("refusing to replace {0}: it is not a PDF\n  hint: choose another file with -o")]
    NotAPdf(PathBuf),
    #[error("cannot write {path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("the browser could not print {page}: {detail}")]
    Browser { page: String, detail: String },
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> PrintError + '_ {
    move |source| PrintError::Io {
        path: path.to_path_buf(),
        source,
    }
}

/// What `coffeechat print` was asked for.
#[derive(Debug, Clone, Default)]
pub struct PrintRequest {
    /// Interview slugs. None: the pack of upcoming briefings (or every
    /// briefing with `all`).
    pub interviews: Vec<String>,
    /// Every briefing, past ones included, when no interview is named.
    pub all: bool,
    /// One PDF for everything printed (`-o`).
    pub output: Option<PathBuf>,
    /// Where PDFs without `-o` go: `briefings.pdf` for a pack, `SLUG.pdf`
    /// for each named interview.
    pub dir: PathBuf,
    /// The browser; by default [`CHROMIUM_ENV`], else the first of
    /// [`CHROMIUM_NAMES`] on PATH.
    pub chromium: Option<PathBuf>,
    /// Print each named interview's one-page card instead of its briefing.
    pub card: bool,
    /// Show a progress bar on stderr when more than [`PROGRESS_FROM`]
    /// sheets are printed (the command sets it on a terminal only).
    pub progress: bool,
}

/// How many sheets a print must have before it shows its progress: a few
/// print in seconds, without a bar flashing by.
pub const PROGRESS_FROM: usize = 3;

/// The progress bar of a print of `sheets` sheets: hidden unless asked for
/// and worth it.
fn progress_bar(wanted: bool, sheets: usize) -> indicatif::ProgressBar {
    if !wanted || sheets <= PROGRESS_FROM {
        return indicatif::ProgressBar::hidden();
    }
    let bar = indicatif::ProgressBar::new(sheets as u64);
    if let Ok(style) =
        indicatif::ProgressStyle::with_template("printing {bar:30} {pos}/{len} sheets, {eta} left")
    {
        bar.set_style(style);
    }
    bar
}

/// One PDF to make: the pages of the temporary site it joins, one
/// briefing sheet each, and where it goes. Each sheet is printed on its
/// own, so its footer counts its own pages ("page 2 of 2"), and a loose
/// page of a pack is matched to its sheet.
#[derive(Debug, Clone)]
struct Job {
    pages: Vec<String>,
    target: PathBuf,
}

/// Prints the briefings asked for; returns the PDFs written.
pub fn print(options: &Options, request: &PrintRequest) -> Result<Vec<PathBuf>, PrintError> {
    let work = tempfile::Builder::new()
        .prefix("coffeechat-print-")
        .tempdir()
        .map_err(io(&std::env::temp_dir()))?;
    let site_dir = work.path().join("site");
    let mut site_options = options.clone();
    site_options.base_url = Some(file_url_path(&site_dir));
    let (output, jobs) = site_and_jobs(&site_options, request)?;
    for job in &jobs {
        refuse_non_pdf(&job.target)?;
    }
    // The notes and the request are checked first: their errors do not
    // depend on a browser being installed.
    let chromium = match &request.chromium {
        Some(c) => c.clone(),
        None => find_chromium(
            std::env::var_os("PATH").as_deref(),
            std::env::var_os(CHROMIUM_ENV).as_deref(),
        )?,
    };
    output
        .write(&site_dir, &options.root)
        .map_err(|e| PrintError::Site(Error::Write(e)))?;
    // Every sheet of every job, printed in parallel.
    let sheets: Vec<(usize, usize, &String)> = jobs
        .iter()
        .enumerate()
        .flat_map(|(j, job)| job.pages.iter().enumerate().map(move |(n, p)| (j, n, p)))
        .collect();
    let bar = progress_bar(request.progress, sheets.len());
    sheets
        .par_iter()
        .map(|(j, n, page)| {
            let pdf = work.path().join(format!("{j}-{n}.pdf"));
            let url = format!("file://{}{}", file_url_path(&site_dir), page);
            run_chromium(
                &chromium,
                &url,
                &pdf,
                &work.path().join(format!("profile-{j}-{n}")),
            )
            .map_err(|detail| PrintError::Browser {
                page: page.to_string(),
                detail,
            })?;
            bar.inc(1);
            Ok(())
        })
        .collect::<Result<Vec<()>, PrintError>>()?;
    bar.finish_and_clear();
    jobs.iter()
        .enumerate()
        .map(|(j, job)| {
            let parts: Vec<PathBuf> = (0..job.pages.len())
                .map(|n| work.path().join(format!("{j}-{n}.pdf")))
                .collect();
            let pdf = match parts.as_slice() {
                [one] => one.clone(),
                _ => {
                    let joined = work.path().join(format!("{j}.pdf"));
                    join_pdfs(&parts, &joined)?;
                    joined
                }
            };
            place(&pdf, &job.target)?;
            Ok(job.target.clone())
        })
        .collect()
}

/// Joins PDFs, one after another, into `target`: their pages in order,
/// each keeping its own content (and so its "page N of M").
fn join_pdfs(parts: &[PathBuf], target: &Path) -> Result<(), PrintError> {
    use lopdf::{Document, Object, ObjectId};
    let broken = |what: String| PrintError::Browser {
        page: target.display().to_string(),
        detail: format!("cannot join the printed sheets: {what}"),
    };
    let mut max_id = 1;
    let mut pages: Vec<(ObjectId, Object)> = Vec::new();
    let mut objects: std::collections::BTreeMap<ObjectId, Object> = Default::default();
    for part in parts {
        let mut doc =
            Document::load(part).map_err(|e| broken(format!("{}: {e}", part.display())))?;
        doc.renumber_objects_with(max_id);
        max_id = doc.max_id + 1;
        for (_, id) in doc.get_pages() {
            let page = doc
                .get_object(id)
                .map_err(|e| broken(format!("{}: {e}", part.display())))?;
            pages.push((id, page.to_owned()));
        }
        objects.extend(doc.objects);
    }
    let mut joined = Document::with_version("1.5");
    let mut catalog: Option<(ObjectId, Object)> = None;
    let mut root: Option<(ObjectId, lopdf::Dictionary)> = None;
    for (id, object) in &objects {
        match object.type_name().unwrap_or(b"") {
            b"Catalog" => {
                catalog.get_or_insert((*id, object.clone()));
            }
            b"Pages" => {
                // The first document's page tree becomes the only one.
                if root.is_none() {
                    if let Ok(d) = object.as_dict() {
                        root = Some((*id, d.clone()));
                    }
                }
            }
            b"Page" | b"Outlines" | b"Outline" => {}
            _ => {
                joined.objects.insert(*id, object.clone());
            }
        }
    }
    let (Some((catalog_id, catalog)), Some((pages_id, mut tree))) = (catalog, root) else {
        return Err(broken("a printed sheet has no page tree".to_string()));
    };
    for (id, page) in &pages {
        if let Ok(d) = page.as_dict() {
            let mut d = d.clone();
            d.set("Parent", pages_id);
            joined.objects.insert(*id, Object::Dictionary(d));
        }
    }
    tree.set("Count", pages.len() as u32);
    tree.set(
        "Kids",
        pages
            .iter()
            .map(|(id, _)| Object::Reference(*id))
            .collect::<Vec<_>>(),
    );
    joined.objects.insert(pages_id, Object::Dictionary(tree));
    let mut catalog = catalog
        .as_dict()
        .map_err(|e| broken(e.to_string()))?
        .clone();
    catalog.set("Pages", pages_id);
    catalog.remove(b"Outlines");
    joined
        .objects
        .insert(catalog_id, Object::Dictionary(catalog));
    joined.trailer.set("Root", catalog_id);
    joined.max_id = joined.objects.keys().map(|(n, _)| *n).max().unwrap_or(0);
    joined.renumber_objects();
    joined.compress();
    joined.save(target).map_err(io(target))?;
    Ok(())
}

/// Generates the site and decides which sheets (interview pages) go into
/// which PDF.
fn site_and_jobs(
    options: &Options,
    request: &PrintRequest,
) -> Result<(Output, Vec<Job>), PrintError> {
    let analysis = crate::analyse(options)?;
    let output = crate::site::render_site(&analysis, &options.root)?;
    let site = analysis.site();
    let ids = request
        .interviews
        .iter()
        .map(|slug| interview_id(&analysis.notes, slug))
        .collect::<Result<Vec<NoteId>, PrintError>>()?;
    let pack_target = || {
        request
            .output
            .clone()
            .unwrap_or_else(|| request.dir.join(DEFAULT_PACK_FILE))
    };
    let note_page = |id: NoteId| {
        let n = &analysis.notes[id];
        let card = if request.card { "card/" } else { "" };
        format!("{}/{}/{card}index.html", n.collection.dir(), n.slug)
    };
    let pack = |ids: Vec<NoteId>| Job {
        pages: ids.into_iter().map(note_page).collect(),
        target: pack_target(),
    };
    let jobs = match (ids.as_slice(), &request.output) {
        ([], _) => {
            let scope = if request.all {
                PrintScope::All
            } else {
                PrintScope::Upcoming
            };
            let ids = scope.interviews(&site);
            if ids.is_empty() {
                return Err(if request.all {
                    PrintError::NoInterviews
                } else {
                    PrintError::NothingUpcoming
                });
            }
            vec![pack(ids)]
        }
        (_, Some(_)) => vec![pack(ids.clone())],
        (_, None) => ids
            .iter()
            .map(|id| Job {
                pages: vec![note_page(*id)],
                target: request.dir.join(format!(
                    "{}{}.pdf",
                    analysis.notes[*id].slug,
                    if request.card { "-card" } else { "" }
                )),
            })
            .collect(),
    };
    Ok((output, jobs))
}

fn interview_id(notes: &[crate::read::note::Note], slug: &str) -> Result<NoteId, PrintError> {
    let wanted = slug.trim_end_matches(".md").trim_end_matches('/');
    let wanted = wanted.rsplit('/').next().unwrap_or(wanted);
    let interviews = || {
        notes
            .iter()
            .enumerate()
            .filter(|(_, n)| n.collection == Collection::Interviews)
    };
    if let Some((id, _)) = interviews().find(|(_, n)| n.slug == wanted) {
        return Ok(id);
    }
    // Interview slugs often start with a date: `daniel-cho` names
    // `2026-11-24-daniel-cho` when no other interview ends that way.
    let undated = |s: &str| {
        let rest = s.trim_start_matches(|c: char| c.is_ascii_digit() || c == '-');
        if rest.is_empty() {
            s.to_string()
        } else {
            rest.to_string()
        }
    };
    let suffix = format!("-{wanted}");
    let ends: Vec<NoteId> = interviews()
        .filter(|(_, n)| n.slug.ends_with(&suffix))
        .map(|(id, _)| id)
        .collect();
    if let [only] = ends.as_slice() {
        return Ok(*only);
    }
    // `daniel`, a unique start or run of words of a slug; or the name of
    // a contact with one interview.
    let slugs: Vec<&str> = interviews().map(|(_, n)| n.slug.as_str()).collect();
    let by_name = crate::commands::new::unique_match(wanted, slugs.iter().copied()).or_else(|| {
        let contacts = notes
            .iter()
            .filter(|n| n.collection == Collection::Contacts)
            .map(|n| n.slug.as_str());
        let contact = crate::commands::new::unique_match(wanted, contacts)?;
        let theirs: Vec<&str> = slugs
            .iter()
            .copied()
            .filter(|s| s.ends_with(&format!("-{contact}")) || *s == contact)
            .collect();
        (theirs.len() == 1).then(|| theirs[0])
    });
    if let Some(found) = by_name.and_then(|s| interviews().find(|(_, n)| n.slug == s)) {
        return Ok(found.0);
    }
    let suggestion = interviews()
        .map(|(_, n)| {
            let score = strsim::jaro_winkler(&n.slug, wanted)
                .max(strsim::jaro_winkler(&undated(&n.slug), &undated(wanted)));
            (score, &n.slug)
        })
        .filter(|(score, _)| *score > 0.7)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, s)| s.clone());
    Err(PrintError::UnknownInterview {
        slug: slug.to_string(),
        suggestion,
    })
}

/// The browser to run: `override_var` when set, else the first of
/// [`CHROMIUM_NAMES`] found in `path_var` (a PATH value).
pub fn find_chromium(
    path_var: Option<&OsStr>,
    override_var: Option<&OsStr>,
) -> Result<PathBuf, PrintError> {
    if let Some(o) = override_var.filter(|o| !o.is_empty()) {
        let p = PathBuf::from(o);
        if p.components().count() > 1 {
            return if is_executable(&p) {
                Ok(p)
            } else {
                Err(PrintError::BadChromium(p))
            };
        }
        return search_path(path_var, &[o]).ok_or(PrintError::BadChromium(p));
    }
    let names: Vec<&OsStr> = CHROMIUM_NAMES.iter().map(OsStr::new).collect();
    search_path(path_var, &names)
        .or_else(|| {
            // macOS keeps applications off PATH.
            MAC_APPS
                .iter()
                .map(PathBuf::from)
                .find(|p| cfg!(target_os = "macos") && is_executable(p))
        })
        .ok_or(PrintError::NoChromium)
}

fn search_path(path_var: Option<&OsStr>, names: &[&OsStr]) -> Option<PathBuf> {
    let dirs: Vec<PathBuf> = path_var.map(std::env::split_paths)?.collect();
    names.iter().find_map(|name| {
        dirs.iter().find_map(|dir| {
            let mut candidates = vec![dir.join(name)];
            if cfg!(windows) {
                let mut exe = OsString::from(name);
                exe.push(".exe");
                candidates.push(dir.join(exe));
            }
            candidates.into_iter().find(|c| is_executable(c))
        })
    })
}

fn is_executable(p: &Path) -> bool {
    let Ok(meta) = fs::metadata(p) else {
        return false;
    };
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        meta.is_file() && meta.permissions().mode() & 0o111 != 0
    }
    #[cfg(not(unix))]
    {
        meta.is_file()
    }
}

/// `dir` as the path part of a URL, percent-encoded, with a trailing
/// slash: `/tmp/a b/` → `/tmp/a%20b/`, `C:\x` → `/C:/x/`.
pub fn file_url_path(dir: &Path) -> String {
    let text = crate::diagnostics::slash(dir);
    let mut out = String::with_capacity(text.len() + 2);
    if !text.starts_with('/') {
        out.push('/');
    }
    for b in text.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b'/' | b':' => {
                out.push(char::from(b))
            }
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    if !out.ends_with('/') {
        out.push('/');
    }
    out
}

/// A PDF from an earlier print may be replaced; any other file may not.
fn refuse_non_pdf(target: &Path) -> Result<(), PrintError> {
    if target.is_dir() {
        return Err(PrintError::NotAPdf(target.to_path_buf()));
    }
    if target.exists() {
        let mut head = [0u8; 5];
        let is_pdf = fs::File::open(target)
            .and_then(|mut f| f.read_exact(&mut head))
            .is_ok()
            && &head == b"%PDF-";
        if !is_pdf {
            return Err(PrintError::NotAPdf(target.to_path_buf()));
        }
    }
    Ok(())
}

/// Moves the finished PDF into place: copied beside the target, then
/// renamed over it, so a reader never sees half a file.
fn place(pdf: &Path, target: &Path) -> Result<(), PrintError> {
    if let Some(parent) = target.parent().filter(|p| !p.as_os_str().is_empty()) {
        fs::create_dir_all(parent).map_err(io(parent))?;
    }
    let mut partial = target.as_os_str().to_owned();
    partial.push(".coffeechat-partial");
    let partial = PathBuf::from(partial);
    fs::copy(pdf, &partial).map_err(io(&partial))?;
    fs::rename(&partial, target).map_err(|e| {
        let _ = fs::remove_file(&partial);
        io(target)(e)
    })
}

/// Runs the browser once: `url` printed to `pdf`, with a fresh profile,
/// no network services, and a time limit.
fn run_chromium(chromium: &Path, url: &str, pdf: &Path, profile: &Path) -> Result<(), String> {
    let log_path = profile.with_extension("log");
    let log = fs::File::create(&log_path).map_err(|e| format!("cannot create a log: {e}"))?;
    let mut child = Command::new(chromium)
        .args([
            "--headless",
            // Sandboxing needs user namespaces, often missing in containers
            // and CI; the page is our own generated HTML with no scripts.
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--no-first-run",
            "--no-default-browser-check",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-extensions",
            "--no-pdf-header-footer",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .arg(format!("--print-to-pdf={}", pdf.display()))
        .arg(url)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(log)
        .spawn()
        .map_err(|e| format!("cannot start {}: {e}", chromium.display()))?;
    let started = Instant::now();
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break status,
            Ok(None) if started.elapsed() > TIMEOUT => {
                let _ = child.kill();
                let _ = child.wait();
                return Err(format!(
                    "{} did not finish within {} seconds",
                    chromium.display(),
                    TIMEOUT.as_secs()
                ));
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(50)),
            Err(e) => return Err(format!("cannot wait for the browser: {e}")),
        }
    };
    let written = fs::read(pdf)
        .map(|b| b.starts_with(b"%PDF-"))
        .unwrap_or(false);
    if status.success() && written {
        return Ok(());
    }
    let log = fs::read_to_string(&log_path).unwrap_or_default();
    let tail: Vec<&str> = log
        .lines()
        .filter(|l| !l.contains("dbus") && !l.trim().is_empty())
        .collect();
    let tail = tail[tail.len().saturating_sub(5)..].join("\n  ");
    Err(format!(
        "{} exited with {status} without writing a PDF{}",
        chromium.display(),
        if tail.is_empty() {
            String::new()
        } else {
            format!(":\n  {tail}")
        }
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn progress_shows_only_when_asked_for_and_worth_it() {
        assert!(progress_bar(false, 50).is_hidden());
        assert!(progress_bar(true, PROGRESS_FROM).is_hidden());
        assert_eq!(
            progress_bar(true, PROGRESS_FROM + 1).length(),
            Some(PROGRESS_FROM as u64 + 1)
        );
    }

    #[test]
    fn file_url_paths_are_encoded_and_end_with_a_slash() {
        assert_eq!(file_url_path(Path::new("/tmp/x")), "/tmp/x/");
        assert_eq!(file_url_path(Path::new("/tmp/a b#c/")), "/tmp/a%20b%23c/");
        assert_eq!(file_url_path(Path::new("/tmp/é")), "/tmp/%C3%A9/");
    }

    #[test]
    fn finds_the_browser_on_path_or_by_override() {
        let dir = tempfile::tempdir().unwrap();
        let empty = tempfile::tempdir().unwrap();
        let fake = dir.path().join("chromium-browser");
        fs::write(&fake, "#!/bin/sh\n").unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            fs::set_permissions(&fake, fs::Permissions::from_mode(0o755)).unwrap();
        }
        let path = std::env::join_paths([empty.path(), dir.path()]).unwrap();
        assert_eq!(find_chromium(Some(&path), None).unwrap(), fake);
        assert!(matches!(
            find_chromium(Some(empty.path().as_os_str()), None),
            Err(PrintError::NoChromium)
        ));
        assert!(matches!(
            find_chromium(None, None),
            Err(PrintError::NoChromium)
        ));
        assert_eq!(
            find_chromium(Some(empty.path().as_os_str()), Some(fake.as_os_str())).unwrap(),
            fake
        );
        assert!(matches!(
            find_chromium(Some(&path), Some(OsStr::new("/nonexistent/chrome"))),
            Err(PrintError::BadChromium(_))
        ));
        let message = PrintError::NoChromium.to_string();
        assert!(message.contains("apt-get install chromium"), "{message}");
    }

    #[test]
    fn only_pdfs_are_replaced() {
        let dir = tempfile::tempdir().unwrap();
        let notes = dir.path().join("notes.txt");
        fs::write(&notes, "mine").unwrap();
        assert!(matches!(
            refuse_non_pdf(&notes),
            Err(PrintError::NotAPdf(_))
        ));
        let old = dir.path().join("old.pdf");
        fs::write(&old, "%PDF-1.4 ...").unwrap();
        assert!(refuse_non_pdf(&old).is_ok());
        assert!(refuse_non_pdf(&dir.path().join("new.pdf")).is_ok());
        assert!(refuse_non_pdf(dir.path()).is_err());
    }
}
