//! `coffeechat serve` end to end: the real binary on a free port, plain
//! HTTP over std's TcpStream, edits on disk seen over HTTP and as reload
//! events, the error overlay, and requests that try to leave the site.

use crate::common::{Fixture, Server};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

fn start(f: &Fixture) -> Server {
    start_with(f, &["--quiet"]).0
}

/// The server with `flags`, and the lines it writes to stderr.
fn start_with(f: &Fixture, flags: &[&str]) -> (Server, mpsc::Receiver<String>) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_coffeechat"))
        .args(["serve", "--port", "0", "--today", "2026-11-22"])
        .args(flags)
        .arg("--root")
        .arg(f.root())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start coffeechat serve");
    let stderr = child.stderr.take().expect("stderr");
    let (err_tx, err_rx) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            let _ = err_tx.send(line);
        }
    });
    let (server, line) = Server::listening(child);
    // serving http://127.0.0.1:PORT/prep/ (Ctrl-C to stop)
    let url = line.split_whitespace().nth(1).expect("a URL");
    assert!(
        url.ends_with("/prep/"),
        "served under the base path: {line}"
    );
    (server, err_rx)
}

/// The lines of `lines` up to and including the first one holding
/// `needle`; a watchdog fails the test if none comes (60 s).
fn lines_until(lines: &mpsc::Receiver<String>, needle: &str) -> Vec<String> {
    let mut seen = Vec::new();
    loop {
        match lines.recv_timeout(Duration::from_secs(60)) {
            Ok(line) => {
                let done = line.contains(needle);
                seen.push(line);
                if done {
                    return seen;
                }
            }
            Err(e) => panic!("no line with `{needle}` ({e}); seen: {seen:?}"),
        }
    }
}

struct Response {
    status: u16,
    head: String,
    body: String,
}

fn get(port: u16, path: &str) -> Response {
    try_get(port, path).unwrap_or_else(|e| panic!("GET {path}: {e}"))
}

/// Polls `path` until `ok` holds for the response; a watchdog fails the
/// test if it never does (60 s).
fn wait_for(port: u16, path: &str, what: &str, ok: impl Fn(&Response) -> bool) -> Response {
    let watchdog = Instant::now() + Duration::from_secs(60);
    loop {
        let r = get(port, path);
        if ok(&r) {
            return r;
        }
        assert!(
            Instant::now() < watchdog,
            "never saw {what}; last response:\n{}\n{}",
            r.head,
            r.body
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// Reads the event stream until `needle` arrives; a watchdog fails the test
/// if it never does (60 s).
fn read_until(stream: &mut TcpStream, seen: &mut String, needle: &str) {
    let watchdog = Instant::now() + Duration::from_secs(60);
    let mut buf = [0u8; 1024];
    while !seen.contains(needle) {
        assert!(Instant::now() < watchdog, "no `{needle}` in {seen:?}");
        match stream.read(&mut buf) {
            Ok(0) => panic!("the event stream closed: {seen:?}"),
            Ok(n) => seen.push_str(&String::from_utf8_lossy(&buf[..n])),
            Err(e)
                if e.kind() == std::io::ErrorKind::WouldBlock
                    || e.kind() == std::io::ErrorKind::TimedOut => {}
            Err(e) => panic!("event stream: {e}"),
        }
    }
}

const ANA: &str = "content/contacts/ana-lima.md";

#[test]
fn serve_rebuilds_reloads_and_stays_in_the_site() {
    let f = Fixture::small();
    f.write("secret.txt", "not for the web");
    let server = start(&f);
    let port = server.port;

    // The base path: / redirects to /prep/, pages are served below it.
    let r = get(port, "/");
    assert_eq!(r.status, 302, "{}", r.head);
    assert!(r.head.contains("Location: /prep/"), "{}", r.head);
    let r = get(port, "/prep/contacts/ana-lima/");
    assert_eq!(r.status, 200);
    assert!(r.body.contains("Ana went to my school."));
    assert!(r.body.contains("EventSource"), "the reload script is added");
    assert!(r.head.contains("Content-Type: text/html"));
    assert_eq!(get(port, "/prep/style.css").status, 200);
    assert_eq!(get(port, "/prep/contacts/ana-lima").status, 302);
    assert_eq!(get(port, "/prep/nope/").status, 404);

    // Requests that try to leave the site folder.
    for path in [
        "/../Cargo.toml",
        "/%2e%2e/",
        "/%2e%2e/%2e%2e/etc/passwd",
        "/prep/../../etc/passwd",
        "/prep/..%2f..%2fsecret.txt",
        "/prep/secret.txt",
        "/prep/coffeechat.yaml",
        "/prep/content/contacts/ana-lima.md",
        "/prep/%00",
    ] {
        let r = get(port, path);
        assert!(r.status == 400 || r.status == 404, "{path}: {}", r.head);
        assert!(
            !r.body.contains("not for the web") && !r.body.contains("root:"),
            "{path}"
        );
    }

    // The event stream says hello, then reloads after an edit.
    let mut events = TcpStream::connect(("127.0.0.1", port)).unwrap();
    events
        .set_read_timeout(Some(Duration::from_millis(200)))
        .unwrap();
    write!(
        events,
        "GET /__coffeechat/events HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n"
    )
    .unwrap();
    let mut seen = String::new();
    read_until(&mut events, &mut seen, "event: hello");
    assert!(seen.contains("Content-Type: text/event-stream"), "{seen}");

    f.write(ANA, "---\nname: Ana Lima\ncompany: acme\nrole: Staff Engineer\nsource: alumni\nstage: met\n---\nAna now leads the robotics team.\n");
    read_until(&mut events, &mut seen, "event: reload");
    let r = wait_for(port, "/prep/contacts/ana-lima/", "the edit", |r| {
        r.body.contains("Ana now leads the robotics team.")
    });
    assert!(!r.body.contains("coffeechat-overlay"));

    // A broken note: the overlay names the problem, the last good page stays.
    f.write(
        ANA,
        "---\nname: Ana Lima\ncompany: acmee\n---\nBroken <b>edit</b>.\n",
    );
    let r = wait_for(port, "/prep/contacts/ana-lima/", "the overlay", |r| {
        r.body.contains("coffeechat-overlay")
    });
    assert_eq!(r.status, 200);
    assert!(
        r.body.contains("Ana now leads the robotics team."),
        "the last good page"
    );
    assert!(!r.body.contains("Broken"));
    assert!(
        r.body.contains("content/contacts/ana-lima.md"),
        "the overlay names the file"
    );
    assert!(r.body.contains("acmee"));
    assert!(
        r.body.contains("│ company: acmee"),
        "the overlay shows the source line, as `check` does"
    );
    // Other pages carry the overlay too.
    assert!(get(port, "/prep/").body.contains("coffeechat-overlay"));

    // Fixed: the overlay goes, the new content comes.
    f.write(
        ANA,
        "---\nname: Ana Lima\ncompany: acme\n---\nFixed and better.\n",
    );
    let r = wait_for(port, "/prep/contacts/ana-lima/", "the fix", |r| {
        r.body.contains("Fixed and better.")
    });
    assert!(!r.body.contains("coffeechat-overlay"));
    drop(server);

    // `build` output never carries the reload script or the overlay.
    let built = f.generate();
    for (path, bytes) in &built.output.files {
        let text = String::from_utf8_lossy(bytes);
        assert!(
            !text.contains("EventSource") && !text.contains("coffeechat-overlay"),
            "{path}"
        );
    }
}

#[test]
fn a_taken_port_is_replaced_by_a_free_one() {
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port();
    let f = Fixture::small();
    let mut child = Command::new(env!("CARGO_BIN_EXE_coffeechat"))
        .args(["serve", "--quiet", "--port"])
        .arg(port.to_string())
        .arg("--root")
        .arg(f.root())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let stdout = child.stdout.take().unwrap();
    let mut guard = Server { child, port: 0 };
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let mut line = String::new();
        let _ = BufReader::new(stdout).read_line(&mut line);
        let _ = tx.send(line);
    });
    let line = rx.recv_timeout(Duration::from_secs(30)).unwrap();
    assert!(line.starts_with("serving http://127.0.0.1:"), "{line}");
    assert!(!line.contains(&format!(":{port}/")), "{line}");
    guard.port = line["serving http://127.0.0.1:".len()..]
        .split('/')
        .next()
        .unwrap()
        .parse()
        .unwrap();
    assert_eq!(get(guard.port, "/prep/").status, 200);
}

#[test]
fn a_site_broken_from_the_start_shows_the_overlay_until_fixed() {
    let f = Fixture::small();
    f.write(ANA, "---\nname: Ana Lima\nstage: lunch\n---\n");
    let server = start(&f);
    let r = get(server.port, "/prep/");
    assert_eq!(r.status, 404, "no good site yet");
    assert!(r.body.contains("coffeechat-overlay"), "{}", r.body);
    assert!(r.body.contains("lunch"));
    assert!(r.body.contains("EventSource"), "it reloads once fixed");
    f.write(ANA, "---\nname: Ana Lima\nstage: met\n---\n");
    let r = wait_for(server.port, "/prep/", "the fix", |r| r.status == 200);
    assert!(!r.body.contains("coffeechat-overlay"));
}

/// Like `get`, but a failure is a value, for counting under load.
fn try_get(port: u16, path: &str) -> Result<Response, String> {
    let mut s = TcpStream::connect(("127.0.0.1", port)).map_err(|e| format!("connect: {e}"))?;
    s.set_read_timeout(Some(Duration::from_secs(10)))
        .map_err(|e| e.to_string())?;
    write!(
        s,
        "GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
    )
    .map_err(|e| format!("write: {e}"))?;
    let mut raw = Vec::new();
    s.read_to_end(&mut raw).map_err(|e| format!("read: {e}"))?;
    let text = String::from_utf8_lossy(&raw).to_string();
    let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    let status = head
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    Ok(Response {
        status,
        head: head.to_string(),
        body: body.to_string(),
    })
}

#[test]
fn holds_under_concurrent_requests_while_notes_change_and_clients_misbehave() {
    let f = Fixture::small();
    let server = start(&f);
    let port = server.port;
    wait_for(port, "/prep/", "the dashboard", |r| r.status == 200);
    let pages = [
        "/prep/",
        "/prep/contacts/ana-lima/",
        "/prep/companies/acme/",
        "/prep/style.css",
        "/prep/interviews/",
    ];
    // Clients that misbehave, in parallel with the load.
    let rude = std::thread::spawn(move || {
        for round in 0..10 {
            if let Ok(mut s) = TcpStream::connect(("127.0.0.1", port)) {
                let _ = s.write_all(b"\x00\x01\x02 NOT HTTP AT ALL\r\n\r\n");
            }
            if let Ok(mut s) = TcpStream::connect(("127.0.0.1", port)) {
                let _ = s.write_all(b"GET /prep/ HTTP/1.1\r\nHo");
            }
            if let Ok(mut s) = TcpStream::connect(("127.0.0.1", port)) {
                let _ = write!(s, "GET /prep/contacts/ HTTP/1.1\r\nHost: x\r\n\r\n");
                let mut first = [0u8; 16];
                let _ = s.read(&mut first);
                // Dropped mid-response.
            }
            std::thread::sleep(Duration::from_millis(20 * round));
        }
    });
    let workers: Vec<_> = (0..4)
        .map(|w| {
            std::thread::spawn(move || {
                let mut failures = Vec::new();
                let mut done = 0;
                for i in 0..50 {
                    let path = pages[(w + i) % pages.len()];
                    match try_get(port, path) {
                        Ok(r) if r.status == 200 && !r.body.is_empty() => done += 1,
                        Ok(r) => failures.push(format!(
                            "{path}: status {} ({})",
                            r.status,
                            r.head.lines().next().unwrap_or("")
                        )),
                        Err(e) => failures.push(format!("{path}: {e}")),
                    }
                }
                (done, failures)
            })
        })
        .collect();
    // Notes change under the load: each edit makes the server rebuild.
    for round in 0..5 {
        f.write(ANA, &format!("---\nname: Ana Lima\ncompany: acme\nrole: Staff Engineer\nsource: alumni\n---\nRound {round} of edits.\n"));
        std::thread::sleep(Duration::from_millis(250));
    }
    let mut served = 0;
    let mut failures = Vec::new();
    for w in workers {
        let (done, failed) = w.join().expect("a worker");
        served += done;
        failures.extend(failed);
    }
    rude.join().expect("the rude clients");
    assert!(
        failures.is_empty(),
        "{} failed requests:\n{}",
        failures.len(),
        failures.join("\n")
    );
    assert_eq!(served, 200, "every request was served");
    // And the server still serves the latest content.
    wait_for(port, "/prep/contacts/ana-lima/", "the last edit", |r| {
        r.body.contains("Round 4 of edits.")
    });
    drop(server);
}

#[test]
fn serve_writes_nothing_says_what_it_rebuilt_and_watches_templates_and_static_files() {
    let f = Fixture::small();
    f.write(
        "templates/company.html",
        "{% extends \"base.html\" %}{% block content %}<p>custom company v1: {{ company.name }}</p>{% endblock content %}",
    );
    f.write("static/hello.txt", "hello v1\n");
    let (server, stderr) = start_with(&f, &["--verbose"]);
    let port = server.port;
    assert!(get(port, "/prep/companies/acme/")
        .body
        .contains("<p>custom company v1: Acme Robotics</p>"));
    assert_eq!(get(port, "/prep/hello.txt").body, "hello v1\n");

    // A body edit: the console says which note changed and, with
    // --verbose, lists the one page made again.
    f.write(
        "content/contacts/dara-singh.md",
        "---\nname: Dara Singh\nsource: stranger\n---\nMet at the climate meetup.\n",
    );
    let seen = lines_until(&stderr, "(content/contacts/dara-singh.md changed)");
    let (summary, before) = seen.split_last().expect("a line");
    let (count, rest) = summary
        .strip_prefix("rebuilt ")
        .and_then(|s| s.split_once(" page in "))
        .unwrap_or_else(|| panic!("{summary:?} after {before:?}"));
    assert_eq!(count, "1", "{summary}");
    let ms = rest
        .strip_suffix(" ms (content/contacts/dara-singh.md changed)")
        .expect("the changed file");
    assert!(ms.parse::<u64>().is_ok(), "{summary}");
    assert_eq!(
        stderr.recv_timeout(Duration::from_secs(60)).as_deref(),
        Ok("  contacts/dara-singh/index.html")
    );
    wait_for(port, "/prep/contacts/dara-singh/", "the edit", |r| {
        r.body.contains("Met at the climate meetup.")
    });

    // A template edit and a static file edit are seen too.
    f.write(
        "templates/company.html",
        "{% extends \"base.html\" %}{% block content %}<p>custom company v2: {{ company.name }}</p>{% endblock content %}",
    );
    wait_for(port, "/prep/companies/acme/", "the template edit", |r| {
        r.body.contains("<p>custom company v2: Acme Robotics</p>")
    });
    f.write("static/hello.txt", "hello v2\n");
    wait_for(port, "/prep/hello.txt", "the static edit", |r| {
        r.body == "hello v2\n"
    });
    drop(server);

    // Everything was served from memory: no public/ (nor any other new
    // file) in the site.
    assert!(!f.path("public").exists(), "serve wrote public/");
    let files: Vec<String> = crate::common::files_under(f.root())
        .iter()
        .map(|p| {
            p.strip_prefix(f.root())
                .unwrap()
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    assert_eq!(
        files,
        [
            "coffeechat.yaml",
            "content/companies/acme.md",
            "content/companies/globex.md",
            "content/contacts/ana-lima.md",
            "content/contacts/ben-okafor.md",
            "content/contacts/chen-wu.md",
            "content/contacts/dara-singh.md",
            "content/interviews/2026-10-01-ana-lima.md",
            "content/interviews/2026-12-01-ben-okafor.md",
            "content/questions/career.md",
            "static/hello.txt",
            "templates/company.html",
        ]
    );
}
