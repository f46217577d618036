//! Hardening: concurrent and interrupted builds, an output that is a
//! symbolic link, a server under hostile clients (stalled readers, half-sent
//! requests under a low `ulimit -n`, a huge header, a foreign Host), a
//! watched folder that is replaced, oversized notes, LinkedIn exports with
//! quirks, and the smaller edges (sitemap index, reserved slugs, symbolic
//! links in static/, `export --force`).
//!
//! Every server probe talks only to 127.0.0.1 and is bounded in count and
//! time: socket timeouts and deadlines turn a hang into a failure.

use crate::common::Server;
use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

const BIN: &str = env!("CARGO_BIN_EXE_coffeechat");

// ---------------------------------------------------------------- fixture

struct Site {
    dir: tempfile::TempDir,
}

impl Site {
    /// A small valid site: one company, two contacts (one with an email).
    fn new() -> Site {
        let site = Site {
            dir: tempfile::tempdir().expect("temp dir"),
        };
        site.write(
            "coffeechat.yaml",
            "title: Hardening\nbase_url: https://user.github.io/prep/\ntimezone: UTC\n",
        );
        site.write(
            "content/companies/acme.md",
            "---\nname: Acme\nstatus: target\n---\nAcme builds robots.\n",
        );
        site.write("content/contacts/ana-lima.md", "---\nname: Ana Lima\ncompany: acme\nsource: alumni\nemail: ana@example.com\nphone: \"+1 555 0100\"\n---\nAna went to my school.\n");
        site.write(
            "content/contacts/ben-okafor.md",
            "---\nname: Ben Okafor\ncompany: acme\nsource: referral\n---\nBen.\n",
        );
        site
    }

    fn root(&self) -> &Path {
        self.dir.path()
    }

    fn path(&self, rel: &str) -> PathBuf {
        self.root().join(rel)
    }

    fn write(&self, rel: &str, text: &str) {
        self.write_bytes(rel, text.as_bytes());
    }

    fn write_bytes(&self, rel: &str, bytes: &[u8]) {
        let p = self.path(rel);
        std::fs::create_dir_all(p.parent().expect("parent")).expect("mkdir");
        std::fs::write(p, bytes).expect("write");
    }

    fn command(&self, args: &[&str]) -> Command {
        let mut c = Command::new(BIN);
        c.args(args).arg("--root").arg(self.root());
        c
    }
}

/// Runs the binary with a deadline; a hang is a failure.
fn run_bounded(mut command: Command, limit: Duration) -> std::process::Output {
    let mut child = command
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start coffeechat");
    let deadline = Instant::now() + limit;
    loop {
        if child.try_wait().expect("wait").is_some() {
            return child.wait_with_output().expect("output");
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            let out = child.wait_with_output().expect("output");
            panic!(
                "coffeechat did not finish in {limit:?}: {}",
                String::from_utf8_lossy(&out.stderr)
            );
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

// ----------------------------------------------------------------- server

/// A running `coffeechat serve`, killed however the test ends.
impl Server {
    /// `coffeechat serve` on a free loopback port; `ulimit` lowers the
    /// process's descriptor limit through the shell.
    fn start(site: &Site, ulimit: Option<u32>, extra: &[&str]) -> Server {
        let mut serve = format!("exec '{BIN}' serve --port 0 --quiet");
        for arg in extra {
            serve.push_str(&format!(" '{arg}'"));
        }
        serve.push_str(" --root \"$1\"");
        let script = match ulimit {
            Some(n) => format!("ulimit -n {n} && {serve}"),
            None => serve,
        };
        let child = Command::new("sh")
            .args(["-c", &script, "sh"])
            .arg(site.root())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("start coffeechat serve");
        Server::listening(child).0
    }

    fn addr(&self) -> SocketAddr {
        SocketAddr::from(([127, 0, 0, 1], self.port))
    }

    /// The resident memory of the server, in bytes (Linux).
    fn rss(&self) -> Option<u64> {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.child.id())).ok()?;
        let line = status.lines().find(|l| l.starts_with("VmRSS:"))?;
        let kb: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
        Some(kb * 1024)
    }
}

struct Reply {
    status: u16,
    head: String,
    body: Vec<u8>,
}

/// One request; every step must finish within `within` (a watchdog: a
/// stuck server fails the test instead of hanging it).
fn request(addr: SocketAddr, path: &str, host: &str, within: Duration) -> std::io::Result<Reply> {
    let mut s = TcpStream::connect_timeout(&addr, within)?;
    s.set_read_timeout(Some(within))?;
    s.set_write_timeout(Some(within))?;
    write!(
        s,
        "GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"
    )?;
    let deadline = Instant::now() + within;
    let mut raw = Vec::new();
    let mut buf = [0u8; 65536];
    loop {
        if Instant::now() > deadline {
            return Err(std::io::Error::new(
                std::io::ErrorKind::TimedOut,
                "no whole answer in time",
            ));
        }
        match s.read(&mut buf)? {
            0 => break,
            n => raw.extend_from_slice(&buf[..n]),
        }
    }
    let end = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .ok_or_else(|| std::io::Error::other("no response head"))?;
    let head = String::from_utf8_lossy(&raw[..end]).into_owned();
    let status = head
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .ok_or_else(|| std::io::Error::other(format!("no status in {head:?}")))?;
    Ok(Reply {
        status,
        head,
        body: raw[end + 4..].to_vec(),
    })
}

/// A normal client gets the dashboard within a second.
fn assert_answers(server: &Server, when: &str) {
    assert_answers_within(server, when, Duration::from_secs(1));
}

fn assert_answers_within(server: &Server, when: &str, budget: Duration) {
    let host = format!("127.0.0.1:{}", server.port);
    match request(server.addr(), "/prep/", &host, budget) {
        Ok(r) => assert_eq!(r.status, 200, "{when}: {}", r.head),
        Err(e) => panic!("{when}: a normal client got no answer within {budget:?}: {e}"),
    }
}

#[test]
fn serve_answers_while_clients_stall_on_a_large_file() {
    let site = Site::new();
    // Far more than the socket buffers hold, so a writer to a client that
    // never reads blocks.
    site.write_bytes("static/big.bin", &vec![7u8; 48 << 20]);
    let server = Server::start(&site, None, &[]);
    assert_answers(&server, "before");
    let stalled: Vec<TcpStream> = (0..8)
        .map(|_| {
            let mut s = TcpStream::connect_timeout(&server.addr(), Duration::from_secs(2))
                .expect("connect");
            write!(s, "GET /prep/big.bin HTTP/1.1\r\nHost: localhost\r\n\r\n").expect("send");
            s
        })
        .collect();
    std::thread::sleep(Duration::from_millis(500));
    for n in 0..3 {
        assert_answers(&server, &format!("with 8 stalled readers, request {n}"));
    }
    drop(stalled);
}

#[test]
fn serve_drops_a_client_that_stops_reading() {
    let site = Site::new();
    let size = 48usize << 20;
    site.write_bytes("static/big.bin", &vec![7u8; size]);
    let server = Server::start(&site, None, &[]);
    let mut s =
        TcpStream::connect_timeout(&server.addr(), Duration::from_secs(2)).expect("connect");
    write!(s, "GET /prep/big.bin HTTP/1.1\r\nHost: localhost\r\n\r\n").expect("send");
    // Longer than the server's write timeout (10 s) without reading.
    std::thread::sleep(Duration::from_secs(13));
    s.set_read_timeout(Some(Duration::from_secs(5)))
        .expect("timeout");
    let mut got = 0usize;
    let mut buf = vec![0u8; 1 << 20];
    let deadline = Instant::now() + Duration::from_secs(60);
    while Instant::now() < deadline {
        match s.read(&mut buf) {
            Ok(0) | Err(_) => break,
            Ok(n) => got += n,
        }
    }
    assert!(
        got < size,
        "the whole file ({got} bytes) came after 13 s of not reading: the connection was kept"
    );
    assert_answers(&server, "after dropping the stalled client");
}

#[test]
fn serve_survives_half_open_connections_under_a_low_ulimit() {
    let site = Site::new();
    let server = Server::start(&site, Some(256), &[]);
    assert_answers(&server, "before");
    // 1,000 connections that send half a request head and wait, opened
    // within 3 seconds: well inside the server's 5 s header timeout, so
    // only dropping the oldest can make room for the normal client.
    let started = Instant::now();
    let deadline = started + Duration::from_secs(3);
    let mut open = Vec::new();
    for _ in 0..1000 {
        if Instant::now() > deadline {
            break;
        }
        if let Ok(mut s) = TcpStream::connect_timeout(&server.addr(), Duration::from_millis(200)) {
            let _ = s.write_all(b"GET /prep/ HTTP/1.1\r\nHost: local");
            open.push(s);
        }
    }
    assert!(
        open.len() > 256,
        "only {} connections opened: the limit was not reached",
        open.len()
    );
    // The first of them time out 5 s after they opened: an answer before
    // that comes only from dropping the oldest. The server accepts every
    // connection queued before the client's first, so a busy machine gets
    // until then, and at least the usual second.
    let freed = started + Duration::from_millis(4500);
    for n in 0..3 {
        let budget = freed
            .saturating_duration_since(Instant::now())
            .max(Duration::from_secs(1));
        assert_answers_within(
            &server,
            &format!("with {} half-open connections, request {n}", open.len()),
            budget,
        );
    }
    drop(open);
    assert_answers(&server, "after");
}

#[test]
fn serve_refuses_a_huge_header_and_gives_the_memory_back() {
    let site = Site::new();
    let server = Server::start(&site, None, &[]);
    assert_answers(&server, "before");
    let before = server.rss();
    let mut s =
        TcpStream::connect_timeout(&server.addr(), Duration::from_secs(2)).expect("connect");
    s.set_read_timeout(Some(Duration::from_secs(5)))
        .expect("timeout");
    s.set_write_timeout(Some(Duration::from_secs(5)))
        .expect("timeout");
    let mut head = b"GET /prep/ HTTP/1.1\r\nHost: localhost\r\nX-Big: ".to_vec();
    head.resize(head.len() + (1 << 20), b'a');
    head.extend_from_slice(b"\r\n\r\n");
    // The server may close before taking it all; its answer is still read.
    let _ = s.write_all(&head);
    let mut answer = Vec::new();
    let _ = s.read_to_end(&mut answer);
    let answer = String::from_utf8_lossy(&answer);
    assert!(
        answer.starts_with("HTTP/1.1 431") || answer.starts_with("HTTP/1.1 400"),
        "a 1 MB header is refused: {:?}",
        answer.lines().next()
    );
    assert_answers(&server, "after the header");
    if let (Some(before), Some(after)) = (before, server.rss()) {
        assert!(
            after < before + (50 << 20),
            "memory went from {before} to {after} bytes"
        );
    }
}

#[test]
fn serve_answers_only_its_own_host_names() {
    let site = Site::new();
    let server = Server::start(&site, None, &[]);
    let within = Duration::from_secs(5);
    for host in [
        "attacker.example:1111",
        "attacker.example",
        "localhost.attacker.example",
    ] {
        let r = request(server.addr(), "/prep/contacts.vcf", host, within).expect("an answer");
        assert!(r.status == 421 || r.status == 403, "{host}: {}", r.head);
        let body = String::from_utf8_lossy(&r.body);
        assert!(!body.contains("ana@example.com"), "{host}: {body}");
    }
    let port = server.port;
    for host in [
        format!("localhost:{port}"),
        format!("127.0.0.1:{port}"),
        "[::1]".to_string(),
    ] {
        let r = request(server.addr(), "/prep/contacts.vcf", &host, within).expect("an answer");
        assert_eq!(r.status, 200, "{host}: {}", r.head);
        assert!(String::from_utf8_lossy(&r.body).contains("ana@example.com"));
    }
}

#[test]
fn serve_answers_names_given_with_allow_host() {
    let site = Site::new();
    let server = Server::start(&site, None, &["--allow-host", "laptop.local"]);
    let within = Duration::from_secs(5);
    let r = request(server.addr(), "/prep/", "laptop.local:1111", within).expect("an answer");
    assert_eq!(r.status, 200, "{}", r.head);
    let r = request(server.addr(), "/prep/", "desktop.local", within).expect("an answer");
    assert_eq!(r.status, 421, "{}", r.head);
}

// ----------------------------------------------------------------- builds

/// Every file under `dir`, relative, sorted.
fn files_under(dir: &Path) -> Vec<String> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&d) else {
            continue;
        };
        for e in entries.flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else if let Ok(rel) = p.strip_prefix(dir) {
                out.push(rel.to_string_lossy().replace('\\', "/"));
            }
        }
    }
    out.sort();
    out
}

fn build(site: &Site) -> std::process::Output {
    run_bounded(
        site.command(&["build", "--quiet"]),
        Duration::from_secs(120),
    )
}

fn assert_built(out: &std::process::Output, what: &str) {
    assert!(
        out.status.success(),
        "{what}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn concurrent_builds_take_turns_and_leave_a_whole_site() {
    let site = Site::new();
    assert_built(&build(&site), "the first build");
    let expected = files_under(&site.path("public"));
    assert!(expected.contains(&".coffeechat-output".to_string()));
    for pair in 0..20 {
        let spawn = || {
            site.command(&["build", "--quiet"])
                .stdout(Stdio::null())
                .stderr(Stdio::piped())
                .spawn()
                .expect("start a build")
        };
        let (a, b) = (spawn(), spawn());
        for child in [a, b] {
            let out = child.wait_with_output().expect("wait");
            assert_built(&out, &format!("pair {pair}"));
        }
        assert_eq!(
            files_under(&site.path("public")),
            expected,
            "pair {pair} left an incomplete output"
        );
    }
    assert_built(&build(&site), "the build after the pairs");
}

#[test]
fn a_build_killed_between_the_renames_is_recovered_by_the_next() {
    let site = Site::new();
    assert_built(&build(&site), "the first build");
    let expected = files_under(&site.path("public"));
    // What the two-rename swap leaves when killed between its steps: the
    // old site moved aside, a new one staged, no output.
    std::fs::rename(site.path("public"), site.path(".public.coffeechat-old")).expect("retire");
    site.write(".public.coffeechat-new/index.html", "half");
    // The next build puts the old site back first, even when it then
    // fails on a broken note.
    site.write("content/contacts/broken.md", "---\nname: [\n---\n");
    let out = build(&site);
    assert!(!out.status.success(), "the broken note fails the build");
    assert_eq!(
        files_under(&site.path("public")),
        expected,
        "the old site is back"
    );
    std::fs::remove_file(site.path("content/contacts/broken.md")).expect("fix");
    assert_built(&build(&site), "the build after the kill");
    assert_eq!(files_under(&site.path("public")), expected);
    assert!(!site.path(".public.coffeechat-old").exists());
    assert!(!site.path(".public.coffeechat-new").exists());
}

#[test]
fn killed_builds_leave_the_old_or_the_new_site() {
    let site = Site::new();
    assert_built(&build(&site), "the first build");
    let expected = files_under(&site.path("public"));
    for n in 0..20u64 {
        let mut child = site
            .command(&["build", "--quiet"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start a build");
        std::thread::sleep(Duration::from_millis(5 + n * 15));
        let _ = child.kill();
        let _ = child.wait();
        let now = files_under(&site.path("public"));
        assert_eq!(now, expected, "after a kill at {} ms", 5 + n * 15);
    }
    assert_built(&build(&site), "the build after the kills");
}

#[cfg(unix)]
#[test]
fn an_output_that_is_a_symbolic_link_is_replaced_at_its_target() {
    let site = Site::new();
    let target = tempfile::tempdir().expect("temp dir");
    let real = target.path().join("site");
    std::fs::create_dir(&real).expect("mkdir");
    std::os::unix::fs::symlink(&real, site.path("public")).expect("symlink");
    assert_built(&build(&site), "a build through the link");
    assert_built(&build(&site), "a second build through the link");
    let link = std::fs::symlink_metadata(site.path("public")).expect("the link");
    assert!(link.file_type().is_symlink(), "the link stays a link");
    assert!(
        real.join(".coffeechat-output").is_file(),
        "the site is at the target"
    );
    assert!(real.join("index.html").is_file());
    // A dangling link is refused with a reason, not replaced by a folder.
    std::fs::remove_dir_all(&real).expect("rm");
    let out = build(&site);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("symbolic link"), "{err}");
    assert!(std::fs::symlink_metadata(site.path("public"))
        .expect("the link")
        .file_type()
        .is_symlink());
}

// ---------------------------------------------------------------- watcher

/// Polls `path` until its body contains `needle` (20 s at most).
fn wait_for_text(server: &Server, path: &str, needle: &str, what: &str) {
    let deadline = Instant::now() + Duration::from_secs(20);
    let host = format!("127.0.0.1:{}", server.port);
    loop {
        if let Ok(r) = request(server.addr(), path, &host, Duration::from_secs(5)) {
            if String::from_utf8_lossy(&r.body).contains(needle) {
                return;
            }
        }
        assert!(Instant::now() < deadline, "timed out waiting for {what}");
        std::thread::sleep(Duration::from_millis(100));
    }
}

fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("mkdir");
    for e in std::fs::read_dir(from).expect("read dir").flatten() {
        let target = to.join(e.file_name());
        if e.path().is_dir() {
            copy_tree(&e.path(), &target);
        } else {
            std::fs::copy(e.path(), target).expect("copy");
        }
    }
}

#[test]
fn a_replaced_content_folder_is_watched_again() {
    let site = Site::new();
    let server = Server::start(&site, None, &[]);
    let page = "/prep/contacts/ana-lima/";
    wait_for_text(&server, page, "Ana went to my school.", "the first build");
    // `rm -rf content && cp -r backup content`, as a restore or a checkout does.
    let backup = tempfile::tempdir().expect("temp dir");
    copy_tree(&site.path("content"), backup.path());
    std::fs::write(
        backup.path().join("contacts/ana-lima.md"),
        "---\nname: Ana Lima\ncompany: acme\nsource: alumni\n---\nRestored from the backup.\n",
    )
    .expect("write");
    std::fs::remove_dir_all(site.path("content")).expect("rm -rf content");
    copy_tree(backup.path(), &site.path("content"));
    wait_for_text(&server, page, "Restored from the backup.", "the restore");
    // An edit inside the new folder is seen: the watch follows the folder.
    site.write(
        "content/contacts/ana-lima.md",
        "---\nname: Ana Lima\ncompany: acme\nsource: alumni\n---\nEdited after the restore.\n",
    );
    wait_for_text(
        &server,
        page,
        "Edited after the restore.",
        "an edit after the restore",
    );
}

// ------------------------------------------------------------ diagnostics

/// Runs `f` on a thread; a hang past `limit` fails the test.
fn within<T: Send + 'static>(
    limit: Duration,
    what: &str,
    f: impl FnOnce() -> T + Send + 'static,
) -> T {
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let _ = tx.send(f());
    });
    rx.recv_timeout(limit)
        .unwrap_or_else(|_| panic!("{what} did not finish within {limit:?}"))
}

#[test]
fn every_one_of_20000_bad_items_is_reported() {
    let site = Site::new();
    let mut bank = String::from("---\ntitle: Bank\nquestions:\n");
    for i in 0..20_000 {
        bank.push_str(&format!("  - id: q{i}\n    txt: What {i}?\n"));
    }
    bank.push_str("---\n");
    site.write("content/questions/bank.md", &bank);
    let root = site.root().to_path_buf();
    // A watchdog only: the quadratic report took minutes in a debug build.
    let report = within(Duration::from_secs(120), "check's report", move || {
        let diagnostics = coffeechat::check(&coffeechat::Options {
            root: root.clone(),
            ..coffeechat::Options::default()
        });
        coffeechat::diagnostics::report::human(
            &diagnostics,
            &root,
            coffeechat::diagnostics::report::Style::Plain,
        )
    });
    assert_eq!(report.matches("error[wrong-type]").count(), 20_000);
    assert!(report.contains("item 20000 of `questions` is a map without `text:`"));
    // The last one still shows its own line, numbered as in the file.
    assert!(
        report.contains("40002 │   - id: q19999"),
        "{}",
        &report[report.len() - 600..]
    );
}

// ------------------------------------------------------------ note size

#[test]
fn an_oversized_note_is_a_located_error() {
    let site = Site::new();
    site.write(
        "coffeechat.yaml",
        "title: Hardening\nbase_url: https://user.github.io/prep/\nmax_note_bytes: 4096\n",
    );
    let mut note = String::from("---\nname: Big Note\nsource: alumni\n---\n");
    while note.len() <= 4096 {
        note.push_str("Some *inline* **markup** and `code`.\n");
    }
    site.write("content/contacts/big-note.md", &note);
    let diagnostics = coffeechat::check(&coffeechat::Options {
        root: site.root().to_path_buf(),
        ..coffeechat::Options::default()
    });
    let big: Vec<_> = diagnostics
        .iter()
        .filter(|d| d.code == "note-too-large")
        .collect();
    assert_eq!(big.len(), 1, "{diagnostics:?}");
    assert_eq!(big[0].file, Path::new("content/contacts/big-note.md"));
    assert!(big[0].is_error());
    assert!(big[0].message.contains("4096"), "{}", big[0].message);
    // A note within the limit is read as before.
    assert!(diagnostics
        .iter()
        .all(|d| d.file != Path::new("content/contacts/ana-lima.md")));
}

#[test]
fn the_default_note_limit_is_four_mib() {
    let config =
        coffeechat::read::config::Config::parse("title: x\n", Path::new("coffeechat.yaml"))
            .expect("a config");
    assert_eq!(config.max_note_bytes, 4 << 20);
}

// --------------------------------------------------------------- linkedin

use coffeechat::interchange::import::{linkedin, Report};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/linkedin")
        .join(name)
}

fn import(site: &Site, name: &str) -> Report {
    let options = coffeechat::Options {
        root: site.root().to_path_buf(),
        ..coffeechat::Options::default()
    };
    linkedin::import(&options, &fixture(name), false).expect("the import runs")
}

/// Every data row (a line after the header that is not blank) is in the
/// report exactly once: made, skipped or rejected.
fn assert_every_row_accounted(report: &Report, name: &str) {
    let text = std::fs::read_to_string(fixture(name)).expect("fixture");
    let header = text
        .lines()
        .position(|l| l.contains("First Name"))
        .expect("a header")
        + 1;
    let rows: Vec<u64> = text
        .lines()
        .enumerate()
        .skip(header)
        .filter(|(_, l)| !l.trim().trim_matches([',', ';']).is_empty())
        .map(|(i, _)| i as u64 + 1)
        .collect();
    let mut seen: Vec<u64> = report
        .contacts
        .iter()
        .map(|(l, _)| *l)
        .chain(report.skipped.iter().map(|(l, _, _)| *l))
        .chain(report.rejected.iter().map(|(l, _)| *l))
        .collect();
    seen.sort();
    assert_eq!(seen, rows, "{name}: {report:#?}");
}

#[test]
fn linkedin_an_unclosed_quote_loses_only_its_own_row() {
    let site = Site::new();
    let report = import(&site, "unclosed-quote.csv");
    assert_every_row_accounted(&report, "unclosed-quote.csv");
    assert_eq!(report.rejected.len(), 1, "{report:#?}");
    let (line, why) = &report.rejected[0];
    assert_eq!(*line, 3);
    assert!(why.contains("quote") && why.contains("Ana"), "{why}");
    for name in ["priya-natarajan", "ben-okafor", "chen-wu"] {
        let note = std::fs::read_to_string(site.path(&format!("content/contacts/{name}.md")))
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        assert!(!note.contains("Lopez"), "{note}");
    }
}

#[test]
fn linkedin_another_person_of_the_same_name_gets_a_suffix() {
    let site = Site::new();
    let report = import(&site, "same-name.csv");
    assert_every_row_accounted(&report, "same-name.csv");
    let made: Vec<String> = report
        .contacts
        .iter()
        .map(|(_, p)| p.to_string_lossy().replace('\\', "/"))
        .collect();
    assert_eq!(
        made,
        [
            "content/contacts/ana-lopez.md",
            "content/contacts/ana-lopez-2.md",
            "content/contacts/ana-lopez-3.md"
        ]
    );
    assert_eq!(report.skipped.len(), 1, "{report:#?}");
    assert_eq!(report.skipped[0].0, 4);
    assert!(report.skipped[0].2.contains("LinkedIn URL"), "{report:#?}");
    let second = std::fs::read_to_string(site.path("content/contacts/ana-lopez-2.md")).expect("-2");
    assert!(second.contains("ana-lopez-2-example"), "{second}");
    // The site still builds: the two notes have their own slugs.
    let check = coffeechat::check(&coffeechat::Options {
        root: site.root().to_path_buf(),
        ..coffeechat::Options::default()
    });
    assert!(check.iter().all(|d| !d.is_error()), "{check:?}");
}

#[test]
fn linkedin_a_file_resaved_by_european_excel_is_read_day_first() {
    let site = Site::new();
    let report = import(&site, "excel-semicolon.csv");
    assert_every_row_accounted(&report, "excel-semicolon.csv");
    assert_eq!(report.contacts.len(), 3, "{report:#?}");
    assert_eq!(report.rejected.len(), 1, "{report:#?}");
    assert!(report.rejected[0].1.contains("31/02/2021"), "{report:#?}");
    let text = std::fs::read_to_string(fixture("excel-semicolon.csv")).expect("fixture");
    let (rows, _) = linkedin::parse(&text, Path::new("excel-semicolon.csv")).expect("parse");
    let date = |name: &str| {
        rows.iter()
            .find(|c| c.name == name)
            .and_then(|c| c.connected_on)
            .map(|d| d.to_string())
    };
    assert_eq!(date("Priya Natarajan").as_deref(), Some("2025-12-07"));
    assert_eq!(date("Tomás García").as_deref(), Some("2021-02-03"));
    assert_eq!(date("Mei Lin").as_deref(), Some("2024-01-13"));
    let priya = rows
        .iter()
        .find(|c| c.name == "Priya Natarajan")
        .expect("Priya");
    assert_eq!(priya.company.as_deref(), Some("Acme Robotics, Inc."));
}

#[test]
fn linkedin_a_file_resaved_by_us_excel_is_read_month_first() {
    let site = Site::new();
    let report = import(&site, "excel-comma.csv");
    assert_every_row_accounted(&report, "excel-comma.csv");
    let text = std::fs::read_to_string(fixture("excel-comma.csv")).expect("fixture");
    let (rows, rejected) = linkedin::parse(&text, Path::new("excel-comma.csv")).expect("parse");
    let date = |name: &str| {
        rows.iter()
            .find(|c| c.name == name)
            .and_then(|c| c.connected_on)
            .map(|d| d.to_string())
    };
    assert_eq!(date("Priya Natarajan").as_deref(), Some("2025-12-07"));
    assert_eq!(date("Tomás García").as_deref(), Some("2021-02-03"));
    assert_eq!(rejected.len(), 1);
    assert!(rejected[0].1.contains("13/31/2021"), "{rejected:?}");
}

// ----------------------------------------------------------- the smaller

#[cfg(unix)]
#[test]
fn symbolic_links_in_static_are_published_and_dangling_ones_named() {
    let site = Site::new();
    let elsewhere = tempfile::tempdir().expect("temp dir");
    std::fs::write(elsewhere.path().join("cv.pdf"), b"%PDF-cv").expect("write");
    std::fs::create_dir(elsewhere.path().join("fonts")).expect("mkdir");
    std::fs::write(elsewhere.path().join("fonts/a.woff2"), b"font").expect("write");
    std::fs::create_dir_all(site.path("static")).expect("mkdir");
    std::os::unix::fs::symlink(elsewhere.path().join("cv.pdf"), site.path("static/cv.pdf"))
        .expect("link");
    std::os::unix::fs::symlink(elsewhere.path().join("fonts"), site.path("static/fonts"))
        .expect("link");
    let options = coffeechat::Options {
        root: site.root().to_path_buf(),
        ..coffeechat::Options::default()
    };
    let built = coffeechat::generate(&options).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(built.output.get("cv.pdf"), Some(&b"%PDF-cv"[..]));
    assert_eq!(built.output.get("fonts/a.woff2"), Some(&b"font"[..]));
    std::os::unix::fs::symlink(
        elsewhere.path().join("gone.png"),
        site.path("static/gone.png"),
    )
    .expect("link");
    match coffeechat::generate(&options) {
        Err(coffeechat::Error::Diagnostics(d)) => {
            assert!(
                d.iter().any(|d| d.file == Path::new("static/gone.png")
                    && d.message.contains("does not exist")),
                "{d:?}"
            );
        }
        Ok(_) => panic!("a dangling link in static/ is an error"),
        Err(e) => panic!("{e}"),
    }
}

#[test]
fn export_force_never_writes_into_content() {
    let site = Site::new();
    let note = site.path("content/contacts/ana-lima.md");
    let before = std::fs::read(&note).expect("the note");
    for target in [
        "content/contacts/ana-lima.md",
        "./content/../content/contacts/ana-lima.md",
    ] {
        let path = site.path(target);
        let out = run_bounded(
            site.command(&[
                "export",
                "vcf",
                "--force",
                "--output",
                &path.to_string_lossy(),
            ]),
            Duration::from_secs(60),
        );
        assert!(!out.status.success(), "{target}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains("content/"), "{err}");
    }
    let dir = site.path("content/contacts");
    let out = run_bounded(
        site.command(&[
            "export",
            "csv",
            "--force",
            "--output",
            &dir.to_string_lossy(),
        ]),
        Duration::from_secs(60),
    );
    assert!(!out.status.success());
    assert_eq!(
        std::fs::read(&note).expect("the note"),
        before,
        "the note is untouched"
    );
    assert!(!site.path("content/contacts/contacts.csv").exists());
    // Elsewhere, --force still replaces an earlier export.
    let vcf = site.path("out/contacts.vcf");
    std::fs::create_dir_all(site.path("out")).expect("mkdir");
    std::fs::write(&vcf, "old").expect("write");
    let out = run_bounded(
        site.command(&[
            "export",
            "vcf",
            "--force",
            "--output",
            &vcf.to_string_lossy(),
        ]),
        Duration::from_secs(60),
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(std::fs::read_to_string(&vcf)
        .expect("vcf")
        .contains("BEGIN:VCARD"));
}

#[test]
fn the_starter_ignores_what_a_killed_build_leaves() {
    let ignore =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("starter/.gitignore"))
            .expect("starter/.gitignore");
    for name in [
        ".public.coffeechat-new",
        ".public.coffeechat-old",
        ".public.coffeechat-lock",
    ] {
        assert!(
            ignore.lines().any(|l| l.trim_start_matches('/') == name),
            "{name}"
        );
    }
}

/// On Linux the swap is one exchange: a reader polling the output while
/// builds run never finds it missing, so a kill at any moment leaves the
/// old or the new site. (Two renames leave a gap that this loop finds.)
#[cfg(target_os = "linux")]
#[test]
fn the_output_never_disappears_during_a_swap() {
    let site = Site::new();
    assert_built(&build(&site), "the first build");
    let marker = site.path("public/.coffeechat-output");
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let watcher = {
        let stop = std::sync::Arc::clone(&stop);
        let marker = marker.clone();
        std::thread::spawn(move || {
            let mut missing = 0u64;
            while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                if std::fs::symlink_metadata(&marker).is_err() {
                    missing += 1;
                }
            }
            missing
        })
    };
    for n in 0..20 {
        assert_built(&build(&site), &format!("build {n}"));
    }
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    let missing = watcher.join().expect("the watcher");
    assert_eq!(
        missing, 0,
        "the output was missing {missing} times during 20 swaps"
    );
}
