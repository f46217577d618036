//! A fixture site in a temporary folder, built through the library.

use coffeechat::diagnostics::Diagnostic;
use coffeechat::{Built, Error, Options};
use std::path::{Path, PathBuf};

pub struct Fixture {
    pub dir: tempfile::TempDir,
}

pub const CONFIG: &str =
    "title: Test prep\nbase_url: https://user.github.io/prep/\ntimezone: America/Chicago\n";

impl Fixture {
    /// An empty site with a configuration.
    pub fn new() -> Fixture {
        Fixture::with_config(CONFIG)
    }

    pub fn with_config(config: &str) -> Fixture {
        let f = Fixture {
            dir: tempfile::tempdir().expect("temp dir"),
        };
        f.write("coffeechat.yaml", config);
        f
    }

    /// A small, valid site: two companies, four contacts with introductions,
    /// a bank, and two interviews.
    pub fn small() -> Fixture {
        let f = Fixture::new();
        f.write("content/companies/acme.md", "---\nname: Acme Robotics\nindustry: Robotics\nstatus: target\nwebsite: https://acme.example.com\ntags: [robots]\n---\nAcme builds warehouse robots. Met [[ana-lima]] at a meetup.\n");
        f.write(
            "content/companies/globex.md",
            "---\nname: Globex\nstatus: researching\n---\nSee [[companies/acme|the Acme note]].\n",
        );
        f.write("content/contacts/ana-lima.md", "---\nname: Ana Lima\ncompany: acme\nrole: Staff Engineer\nsource: alumni\nstage: met\nemail: ana@example.com\ntags: [robots, alumni]\n---\nAna went to my school.\n");
        f.write("content/contacts/ben-okafor.md", "---\nname: Ben Okafor\ncompany: acme\nrole: Product Manager\nsource: referral\nintroduced_by: ana-lima\nstage: scheduled\ntimezone: Europe/Berlin\n---\nBen knows the product side.\n");
        f.write("content/contacts/chen-wu.md", "---\nname: Chen Wu\ncompany: globex\nsource: referral\nintroduced_by: ben-okafor\n---\nMentioned by [[ben-okafor]].\n");
        f.write(
            "content/contacts/dara-singh.md",
            "---\nname: Dara Singh\nsource: stranger\n---\nNo company yet.\n",
        );
        f.write("content/questions/career.md", "---\ntitle: Career path\nquestions:\n  - id: first-role\n    text: How did you get your first role in this field?\n    why: To learn the entry paths\n  - What does a typical week look like for you?\n  - id: who-else\n    text: Who else should I talk to?\n---\nAsk these first.\n");
        f.write("content/interviews/2026-10-01-ana-lima.md", "---\ncontact: ana-lima\ndate: 2026-10-01T10:00:00-05:00\nformat: coffee\nstatus: done\nquestions: [career/first-role, career/who-else]\nasked: [career/first-role]\nreferrals: [ben-okafor]\nthank_you_sent: 2026-10-02\n---\nAna suggested I talk to [[ben-okafor]].\n");
        f.write("content/interviews/2026-12-01-ben-okafor.md", "---\ncontact: ben-okafor\ndate: \"2026-12-01 09:30\"\nduration: 30\nformat: video\nlocation: https://meet.example.com/abc\nstatus: scheduled\ngoals: [Learn how product works at Acme]\nquestions:\n  - career\n  - What surprised you most when you joined Acme?\ntalking_points: [My warehouse analytics project]\n---\nPrep for Ben.\n");
        f
    }

    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    pub fn path(&self, rel: &str) -> PathBuf {
        self.dir.path().join(rel)
    }

    pub fn write(&self, rel: &str, text: &str) {
        self.write_bytes(rel, text.as_bytes());
    }

    pub fn write_bytes(&self, rel: &str, bytes: &[u8]) {
        let p = self.path(rel);
        std::fs::create_dir_all(p.parent().expect("parent")).expect("mkdir");
        std::fs::write(p, bytes).expect("write");
    }

    pub fn remove(&self, rel: &str) {
        std::fs::remove_file(self.path(rel)).expect("remove");
    }

    pub fn options(&self) -> Options {
        Options {
            root: self.root().to_path_buf(),
            today: Some("2026-11-22".parse().expect("date")),
            ..Options::default()
        }
    }

    /// Generates the site in memory; panics with the diagnostics on failure.
    pub fn generate(&self) -> Built {
        match coffeechat::generate(&self.options()) {
            Ok(b) => b,
            Err(Error::Diagnostics(d)) => panic!("build failed:\n{}", render(&d)),
            Err(e) => panic!("build failed: {e}"),
        }
    }

    /// The diagnostics of a build that must fail.
    pub fn errors(&self) -> Vec<Diagnostic> {
        match coffeechat::generate(&self.options()) {
            Ok(_) => panic!("the build should have failed"),
            Err(Error::Diagnostics(d)) => d,
            Err(e) => panic!("unexpected error: {e}"),
        }
    }
}

/// The one diagnostic of `all`, which must hold exactly one.
pub fn one(all: Vec<Diagnostic>) -> Diagnostic {
    assert_eq!(all.len(), 1, "expected one diagnostic:\n{}", render(&all));
    all.into_iter().next().expect("one")
}

/// The errors (warnings left out) of a build that must fail.
pub fn errors(f: &Fixture) -> Vec<Diagnostic> {
    f.errors()
        .into_iter()
        .filter(Diagnostic::is_error)
        .collect()
}

/// The one error of a build that must fail.
pub fn only_error(f: &Fixture) -> Diagnostic {
    one(errors(f))
}

pub fn render(d: &[Diagnostic]) -> String {
    d.iter()
        .map(|d| d.to_string())
        .collect::<Vec<_>>()
        .join("\n")
}

pub fn page(built: &Built, path: &str) -> String {
    let bytes = built.output.get(path).unwrap_or_else(|| {
        let all: Vec<&String> = built.output.files.keys().collect();
        panic!("no page {path}; pages: {all:?}")
    });
    String::from_utf8(bytes.to_vec()).expect("utf-8 page")
}

/// The text between `<main` and `</main>`, where page content lives; a page
/// without one fails the test.
pub fn main_of(html: &str) -> &str {
    let start = html
        .find("<main")
        .unwrap_or_else(|| panic!("no <main> in:\n{html}"));
    let end = start
        + html[start..]
            .find("</main>")
            .unwrap_or_else(|| panic!("no </main> in:\n{html}"));
    &html[start..end]
}

/// Every file under `dir`, at any depth, sorted.
pub fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).expect("read dir") {
        let path = entry.expect("entry").path();
        if path.is_dir() {
            files.extend(files_under(&path));
        } else {
            files.push(path);
        }
    }
    files.sort();
    files
}

/// An empty temporary folder with no `coffeechat.yaml` in it or in any
/// folder above (another site in the system's temporary folder would be
/// found by the upward search), for tests of running outside any site.
pub fn folder_outside_any_site() -> tempfile::TempDir {
    let candidates = [std::env::temp_dir(), "/var/tmp".into(), "/dev/shm".into()];
    for base in candidates {
        if !base.is_dir() || coffeechat::read::config::find_root(&base).is_some() {
            continue;
        }
        if let Ok(dir) = tempfile::tempdir_in(&base) {
            return dir;
        }
    }
    panic!("every temporary folder lies inside a site (a coffeechat.yaml above it)")
}

/// `html` with its lines trimmed and joined, for exact checks of markup
/// that templates spread over indented lines (spaces within a line stay).
pub fn squashed(html: &str) -> String {
    html.lines().map(str::trim).collect()
}

/// The `<section>` labelled by the heading `id`, squashed.
pub fn section(html: &str, id: &str) -> String {
    let open = format!("<section aria-labelledby=\"{id}\"");
    let start = html
        .find(&open)
        .unwrap_or_else(|| panic!("no section {id} in:\n{html}"));
    let end = start + html[start..].find("</section>").expect("</section>");
    squashed(&html[start..end])
}

/// A page of an output, as text.
pub fn page_of(output: &coffeechat::output::Output, path: &str) -> String {
    let bytes = output.get(path).unwrap_or_else(|| panic!("no page {path}"));
    String::from_utf8(bytes.to_vec()).expect("utf-8 page")
}

/// Undoes the TEXT escaping of iCalendar and vCard (RFC 5545 §3.3.11), for
/// tests that read those files back.
pub fn unescape(s: &str) -> String {
    let mut out = String::new();
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        if c == '\\' {
            match chars.next() {
                Some('n') | Some('N') => out.push('\n'),
                Some(o) => out.push(o),
                None => {}
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// A watchdog: runs `f` on a thread of its own and fails the test if it
/// has not finished after `limit`, so that a hang is a failure instead of
/// a stuck run. It measures nothing: speed is for the benchmarks, and the
/// limit is far above any normal run.
pub fn watchdog<T: Send + 'static>(
    limit: std::time::Duration,
    what: &str,
    f: impl FnOnce() -> T + Send + 'static,
) -> T {
    let (tx, rx) = std::sync::mpsc::channel();
    let worker = std::thread::spawn(move || {
        let _ = tx.send(f());
    });
    match rx.recv_timeout(limit) {
        Ok(value) => value,
        Err(std::sync::mpsc::RecvTimeoutError::Timeout) => {
            panic!("{what} hangs: no result after {limit:?}")
        }
        // `f` panicked: fail with its panic.
        Err(std::sync::mpsc::RecvTimeoutError::Disconnected) => match worker.join() {
            Err(panic) => std::panic::resume_unwind(panic),
            Ok(()) => unreachable!("the worker sends before it ends"),
        },
    }
}

// --- Outside tools ---------------------------------------------------------

/// Set to `1` to let the tests that need Chromium, poppler, node's packages
/// or linkchecker pass without running when those are missing; without it
/// a missing tool fails them.
pub const SKIP_ENV: &str = "COFFEECHAT_SKIP_BROWSER";

/// A file each skipped test appends its name to, for scripts/test's summary.
pub const SKIP_LOG_ENV: &str = "COFFEECHAT_SKIP_LOG";

/// Whether `test` (its full name, `module::test`) can run: `missing` lists
/// the tools it needs and lacks. A missing tool fails the test, unless
/// `COFFEECHAT_SKIP_BROWSER=1`: then the test says it skips, records its
/// name in the `COFFEECHAT_SKIP_LOG` file and returns false.
pub fn may_run(test: &str, missing: &[String]) -> bool {
    if missing.is_empty() {
        return true;
    }
    let why = missing.join("; ");
    if std::env::var_os(SKIP_ENV).is_none_or(|v| v != "1") {
        panic!("{test} needs {why} (scripts/test installs them), or set {SKIP_ENV}=1 to skip it");
    }
    eprintln!("SKIPPED {test}: {why} ({SKIP_ENV}=1)");
    if let Some(log) = std::env::var_os(SKIP_LOG_ENV) {
        use std::io::Write;
        let mut file = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(log)
            .expect("open the skip log");
        // One write, so that tests skipping at once do not mix their lines.
        file.write_all(format!("{test}: {why}\n").as_bytes())
            .expect("write the skip log");
    }
    false
}

/// Chromium: `CHROMIUM` or `COFFEECHAT_CHROMIUM` if set, else the first of
/// chromium, chromium-browser, google-chrome… on PATH.
pub fn chromium() -> Result<PathBuf, String> {
    let chosen = std::env::var_os("CHROMIUM")
        .filter(|v| !v.is_empty())
        .or_else(|| std::env::var_os(coffeechat::briefing::pdf::CHROMIUM_ENV));
    coffeechat::briefing::pdf::find_chromium(std::env::var_os("PATH").as_deref(), chosen.as_deref())
        .map_err(|_| "Chromium (Debian's chromium, on PATH or in CHROMIUM)".to_string())
}

/// Whether `program --version`-like `args` runs and succeeds.
pub fn runs(program: &str, args: &[&str]) -> bool {
    std::process::Command::new(program)
        .args(args)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

/// A `coffeechat serve` process, killed however the test ends.
pub struct Server {
    pub child: std::process::Child,
    pub port: u16,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Server {
    /// Waits (up to 60 s) for the line a started server prints on stdout,
    /// `serving http://127.0.0.1:PORT/… (Ctrl-C to stop)`, and reads its
    /// port. Returns the line too.
    pub fn listening(mut child: std::process::Child) -> (Server, String) {
        use std::io::BufRead;
        let stdout = child.stdout.take().expect("stdout");
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            for line in std::io::BufReader::new(stdout)
                .lines()
                .map_while(Result::ok)
            {
                let _ = tx.send(line);
            }
        });
        let mut server = Server { child, port: 0 };
        let line = rx
            .recv_timeout(std::time::Duration::from_secs(60))
            .expect("serve prints its URL");
        let url = line.split_whitespace().nth(1).expect("a URL");
        server.port = url
            .strip_prefix("http://127.0.0.1:")
            .and_then(|rest| rest.split('/').next())
            .and_then(|p| p.parse().ok())
            .unwrap_or_else(|| panic!("a loopback URL: {line}"));
        (server, line)
    }
}
