//! The demo, built for a GitHub project site (`https://user.github.io/prep/`),
//! served under `/prep/` on loopback the way GitHub Pages serves it, and
//! crawled by a real link checker (Debian's `linkchecker`): no broken link.
//!
//! Fails when linkchecker is not installed, unless
//! COFFEECHAT_SKIP_BROWSER=1; scripts/test installs it.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// A static file server for `root` on 127.0.0.1, answering as GitHub
/// Pages does: a folder's `index.html`, a redirect from `/dir` to
/// `/dir/`, and the site's `404.html` with status 404 for anything else.
struct Server {
    port: u16,
    stop: Arc<AtomicBool>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl Server {
    fn start(root: PathBuf, not_found: PathBuf) -> Server {
        let server = tiny_http::Server::http("127.0.0.1:0").expect("bind loopback");
        let port = server.server_addr().to_ip().expect("ip").port();
        let stop = Arc::new(AtomicBool::new(false));
        let flag = stop.clone();
        let thread = std::thread::spawn(move || {
            while !flag.load(Ordering::Relaxed) {
                if let Ok(Some(request)) = server.recv_timeout(Duration::from_millis(100)) {
                    let response = answer(&root, &not_found, request.url());
                    let _ = request.respond(response);
                }
            }
        });
        Server {
            port,
            stop,
            thread: Some(thread),
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

fn header(name: &str, value: &str) -> tiny_http::Header {
    tiny_http::Header::from_bytes(name.as_bytes(), value.as_bytes()).expect("header")
}

fn answer(
    root: &Path,
    not_found: &Path,
    url: &str,
) -> tiny_http::Response<std::io::Cursor<Vec<u8>>> {
    let path = url.split(['?', '#']).next().unwrap_or("/");
    let rel = path.trim_start_matches('/');
    let safe = !rel.split('/').any(|s| s == "..");
    let file = root.join(rel);
    if safe && file.is_dir() && !path.ends_with('/') {
        return tiny_http::Response::from_data(Vec::new())
            .with_status_code(301)
            .with_header(header("Location", &format!("{path}/")));
    }
    let file = if file.is_dir() {
        file.join("index.html")
    } else {
        file
    };
    match std::fs::read(&file).ok().filter(|_| safe) {
        Some(bytes) => tiny_http::Response::from_data(bytes)
            .with_header(header("Content-Type", content_type(&file))),
        None => tiny_http::Response::from_data(std::fs::read(not_found).unwrap_or_default())
            .with_status_code(404)
            .with_header(header("Content-Type", "text/html; charset=utf-8")),
    }
}

fn content_type(file: &Path) -> &'static str {
    match file.extension().and_then(|e| e.to_str()).unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "css" => "text/css",
        "js" => "text/javascript",
        "json" => "application/json",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "xml" => "application/xml",
        "ics" => "text/calendar; charset=utf-8",
        "vcf" => "text/vcard; charset=utf-8",
        _ => "text/plain; charset=utf-8",
    }
}

/// Runs linkchecker on `url`, crawling only the loopback site; returns
/// whether it found no error, and its report.
fn linkcheck(urls: &[String], timeout: Duration) -> (bool, String) {
    let out_dir = tempfile::tempdir().expect("temp dir");
    let log = out_dir.path().join("report.txt");
    let errors = out_dir.path().join("stderr.txt");
    // linkchecker drops root privileges to `nobody`, who must write the report.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let _ = std::fs::set_permissions(out_dir.path(), std::fs::Permissions::from_mode(0o777));
    }
    let mut child = Command::new("linkchecker")
        .args([
            "--no-status",
            "--no-robots", // the site asks robots to stay away; this checker is us
            "--threads",
            "4",
            "--timeout",
            "10",
            "--recursion-level",
            "20",
            "--ignore-url",
            "^mailto:",
            "--ignore-url",
            r"^(?!http://127\.0\.0\.1:)",
            "--file-output",
        ])
        .arg(format!("text/utf-8/{}", log.display()))
        .arg("--output")
        .arg("none")
        .args(urls)
        .current_dir(out_dir.path())
        .stdout(Stdio::null())
        .stderr(std::fs::File::create(&errors).expect("stderr file"))
        .spawn()
        .expect("run linkchecker");
    // A watchdog: linkchecker hanging is a failure, not a stuck run.
    let watchdog = Instant::now() + timeout;
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait") {
            break status;
        }
        if Instant::now() > watchdog {
            let _ = child.kill();
            let _ = child.wait();
            panic!("linkchecker hangs: still running after {timeout:?}");
        }
        std::thread::sleep(Duration::from_millis(100));
    };
    let mut report = std::fs::read_to_string(&log).unwrap_or_default();
    if !status.success() {
        report.push_str(&std::fs::read_to_string(&errors).unwrap_or_default());
    }
    (status.success(), report)
}

/// How many links the report says were checked.
fn links_checked(report: &str) -> usize {
    report
        .lines()
        .find_map(|l| {
            let rest = l.split("That's it.").nth(1)?;
            rest.split_whitespace().next()?.parse().ok()
        })
        .unwrap_or(0)
}

#[test]
fn the_demo_served_under_a_project_path_has_no_broken_link() {
    let missing = if crate::common::runs("linkchecker", &["--version"]) {
        Vec::new()
    } else {
        vec!["linkchecker (Debian's linkchecker)".to_string()]
    };
    if !crate::common::may_run(
        "linkcheck::the_demo_served_under_a_project_path_has_no_broken_link",
        &missing,
    ) {
        return;
    }
    let tmp = tempfile::tempdir().expect("temp dir");
    let site = tmp.path().join("prep");
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    // linkchecker follows no link on a page marked `nofollow`, as a built
    // site is by default; the demo's own configuration, allowing indexing,
    // gives the same pages and links without the tag.
    let config = tmp.path().join("coffeechat.yaml");
    let demo = std::fs::read_to_string(root.join("coffeechat.yaml")).expect("demo config");
    std::fs::write(&config, format!("{demo}\nallow_indexing: true\n")).expect("config");
    let options = coffeechat::Options {
        root,
        config: Some(config),
        output: Some(site.clone()),
        base_url: Some("https://user.github.io/prep/".into()),
        today: Some("2026-11-22".parse().expect("date")),
        ..Default::default()
    };
    coffeechat::build(&options).unwrap_or_else(|e| panic!("build failed: {e:?}"));
    // Project pages live under /prep/: nothing is served at the root.
    let server = Server::start(tmp.path().to_path_buf(), site.join("404.html"));
    let base = format!("http://127.0.0.1:{}/prep/", server.port);

    // GitHub Pages answers any missing URL under /prep/ with 404.html, at
    // whatever depth: its links must all be absolute, and work.
    let not_found = std::fs::read_to_string(site.join("404.html")).expect("404.html");
    for attr in ["href=\"", "src=\""] {
        for link in not_found.split(attr).skip(1) {
            let ok = ["/prep/", "https://", "http://", "mailto:", "#"]
                .iter()
                .any(|p| link.starts_with(p));
            assert!(
                ok,
                "a relative link in 404.html: {attr}{}",
                &link[..link.len().min(40)]
            );
        }
    }
    let (ok, report) = linkcheck(
        &[base.clone(), format!("{base}404.html")],
        Duration::from_secs(240),
    );
    let checked = links_checked(&report);
    assert!(ok, "broken links:\n{report}");
    // Every page is reachable by links, so a full crawl checks at least that many URLs.
    let pages = walkdir::WalkDir::new(&site)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_name() == "index.html")
        .count();
    assert!(pages > 50, "the demo has {pages} pages");
    assert!(
        checked >= pages,
        "linkchecker checked {checked} URLs for {pages} pages: did it crawl the site?\n{report}"
    );
    eprintln!("linkchecker: {checked} links checked, none broken");

    // The same checker does see a broken link: the check above can fail.
    std::fs::write(
        site.join("broken.html"),
        "<!doctype html><title>x</title><a href=\"/prep/contacts/nobody/\">x</a><a href=\"/contacts/\">y</a>",
    )
    .expect("write");
    let (ok, report) = linkcheck(&[format!("{base}broken.html")], Duration::from_secs(60));
    assert!(!ok, "a dead link went unnoticed:\n{report}");
    assert!(report.contains("/prep/contacts/nobody/"), "{report}");
    drop(server);
}
