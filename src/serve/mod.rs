//! `coffeechat serve`: the site from memory on 127.0.0.1, rebuilt when a
//! file changes and reloaded in open pages.
//!
//! Three parts: an [`Session`] that rebuilds ([`crate::serve::incremental`]), a
//! file watcher that waits for a quiet moment after a burst of changes
//! ([`watch`]), and an HTTP server (`http`: hyper on a one-thread tokio
//! runtime, with timeouts, a head size limit and a `hosts` check)
//! answering from the last good site ([`paths`] maps a request to a file,
//! [`reload`] adds the live-reload script and the error overlay to pages).
//! Nothing is written to disk.

pub(crate) mod hosts;
pub(crate) mod http;
pub mod incremental;
pub(crate) mod paths;
pub(crate) mod reload;
pub(crate) mod watch;

use crate::output::Output;
use crate::serve::incremental::Session;
use crate::{Error, Options};
use bytes::Bytes;
use paths::Target;
use std::io::Write;
use std::net::{IpAddr, SocketAddr, TcpListener};
use std::path::PathBuf;
use std::sync::{Arc, RwLock};

/// How to serve, from the command line.
#[derive(Debug, Clone)]
pub struct Settings {
    pub bind: IpAddr,
    /// The port to try first; 0 for any free port.
    pub port: u16,
    /// Open the site in the default browser.
    pub open: bool,
    pub quiet: bool,
    /// List every page rebuilt.
    pub verbose: bool,
    /// `Host` names answered besides localhost and the served address.
    pub allow_hosts: Vec<String>,
}

#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    #[error("cannot listen on {addr}: {source}")]
    Bind {
        addr: SocketAddr,
        source: std::io::Error,
    },
    #[error("cannot start the web server: {0}")]
    Server(String),
    #[error("cannot watch the site for changes: {0}")]
    Watch(#[from] notify::Error),
}

/// What the HTTP workers serve: the last good site, and the problems of
/// the last build when it failed.
pub struct Snapshot {
    pub output: Arc<Output>,
    /// `/` or `/prep/`.
    pub base: String,
    pub problems: Option<String>,
    /// Counts builds; pages reload when it changes.
    pub version: u64,
}

/// Shared between the rebuilding thread and the HTTP workers.
pub struct State {
    pub snapshot: RwLock<Snapshot>,
    pub hub: reload::Hub,
}

impl State {
    fn read(&self) -> std::sync::RwLockReadGuard<'_, Snapshot> {
        self.snapshot.read().unwrap_or_else(|e| e.into_inner())
    }
}

/// Serves until the process is stopped.
pub fn run(options: Options, settings: &Settings) -> Result<(), ServeError> {
    let listener = bind(settings)?;
    let addr = listener
        .local_addr()
        .map_err(|e| ServeError::Server(e.to_string()))?;
    // Watching starts before the first build, so no edit is missed.
    let watch = watch::Watch::start(options.clone())?;
    let mut session = Session::new(options);
    let state = Arc::new(State {
        snapshot: RwLock::new(Snapshot {
            output: Arc::new(Output::default()),
            base: base_from_config(session.options()),
            problems: None,
            version: 0,
        }),
        hub: reload::Hub::default(),
    });
    rebuild(&mut session, &state, &[], settings);
    let base = state.read().base.clone();
    if let Some(warning) = exposure_warning(settings.bind) {
        eprintln!("{warning}");
    }
    let url = format!("http://{addr}{base}");
    println!("serving {url} (Ctrl-C to stop)");
    let _ = std::io::stdout().flush();

    http::spawn(
        listener,
        Arc::clone(&state),
        hosts::Hosts::new(&settings.allow_hosts),
        http::Limits::default(),
    )
    .map_err(|e| ServeError::Server(e.to_string()))?;
    if settings.open {
        open_browser(&url);
    }
    watch.run(|changed| rebuild(&mut session, &state, changed, settings));
    Ok(())
}

/// What listening beyond loopback exposes, said before serving.
fn exposure_warning(bind: IpAddr) -> Option<String> {
    (!bind.is_loopback()).then(|| {
        format!(
            "warning: listening on {bind} shows the whole site, private notes included, and every contact's email and phone (contacts.vcf) to anyone who can reach this machine; use --public to leave those out"
        )
    })
}

/// The port asked for, or any free one when it is taken.
fn bind(settings: &Settings) -> Result<TcpListener, ServeError> {
    let addr = SocketAddr::new(settings.bind, settings.port);
    match TcpListener::bind(addr) {
        Ok(l) => Ok(l),
        Err(e) if e.kind() == std::io::ErrorKind::AddrInUse && settings.port != 0 => {
            let any = SocketAddr::new(settings.bind, 0);
            let l =
                TcpListener::bind(any).map_err(|source| ServeError::Bind { addr: any, source })?;
            if let Ok(a) = l.local_addr() {
                eprintln!(
                    "port {} is taken; using {} instead",
                    settings.port,
                    a.port()
                );
            }
            Ok(l)
        }
        Err(source) => Err(ServeError::Bind { addr, source }),
    }
}

fn base_from_config(options: &Options) -> String {
    options
        .load_config()
        .map(|c| c.base_url.path)
        .unwrap_or_else(|_| "/".to_string())
}

/// Rebuilds after `changed`, publishes the result, and reloads open pages.
fn rebuild(session: &mut Session, state: &State, changed: &[PathBuf], settings: &Settings) {
    let root = session.options().root.clone();
    let terminal = crate::diagnostics::report::Style::detect(std::io::IsTerminal::is_terminal(
        &std::io::stderr(),
    ));
    let result = session.rebuild(changed);
    let mut snap = state.snapshot.write().unwrap_or_else(|e| e.into_inner());
    snap.version += 1;
    match result {
        Ok(rebuilt) => {
            if !settings.quiet {
                eprint!(
                    "{}",
                    crate::diagnostics::report::human(&rebuilt.diagnostics, &root, terminal)
                );
                eprintln!("{}", rebuilt.summary());
            }
            if settings.verbose && !rebuilt.full {
                for page in &rebuilt.rendered {
                    eprintln!("  {page}");
                }
            }
            snap.output = session.shared_output();
            if let Some(base) = session.base_path() {
                snap.base = base.to_string();
            }
            snap.problems = None;
        }
        Err(e) => {
            // The same report as `check`: plain for the page, coloured for a terminal.
            let text = match &e {
                Error::Diagnostics(d) => {
                    eprint!("{}", crate::diagnostics::report::human(d, &root, terminal));
                    crate::diagnostics::report::human(
                        d,
                        &root,
                        crate::diagnostics::report::Style::Plain,
                    )
                }
                other => {
                    eprintln!("{other}");
                    other.to_string()
                }
            };
            eprintln!("the change did not build; still serving the last good site");
            snap.problems = Some(text);
        }
    }
    let version = snap.version;
    drop(snap);
    state.hub.broadcast(version);
}

/// What a request gets, before it is put on the wire.
pub(crate) struct Reply {
    pub(crate) status: u16,
    pub(crate) headers: Vec<(&'static str, String)>,
    pub(crate) body: http::Body,
}

impl Reply {
    fn new(status: u16, kind: &str, body: Bytes) -> Reply {
        Reply {
            status,
            headers: vec![
                ("Content-Type", kind.to_string()),
                ("Cache-Control", "no-store".to_string()),
            ],
            body: http::Body::Full(Some(body)),
        }
    }

    fn text(status: u16, text: &'static str) -> Reply {
        Reply::new(
            status,
            "text/plain; charset=utf-8",
            Bytes::from_static(text.as_bytes()),
        )
    }
}

/// A site file handed to the wire without copying it.
struct Shared(crate::output::Bytes);

impl AsRef<[u8]> for Shared {
    fn as_ref(&self) -> &[u8] {
        self.0.as_slice()
    }
}

/// Answers one request (`GET /prep/x/?q`) from the current snapshot.
pub(crate) fn answer(method: &str, target: &str, state: &State) -> Reply {
    if method != "GET" && method != "HEAD" {
        let mut reply = Reply::text(405, "only GET and HEAD\n");
        reply.headers.push(("Allow", "GET, HEAD".to_string()));
        return reply;
    }
    let snap = state.read();
    let output = Arc::clone(&snap.output);
    let target = paths::resolve(target, &snap.base, |p| output.files.contains_key(p));
    let (version, problems) = (snap.version, snap.problems.clone());
    drop(snap);
    let page = |bytes: &[u8]| {
        let mut extra = reload::script(version);
        if let Some(p) = &problems {
            extra.push_str(&reload::overlay(p));
        }
        Bytes::from(reload::inject(bytes, &extra))
    };
    match target {
        Target::Events => events(state, version),
        Target::Redirect(location) => Reply {
            status: 302,
            headers: vec![
                ("Location", location),
                ("Cache-Control", "no-store".to_string()),
            ],
            body: http::Body::Full(None),
        },
        Target::BadRequest => Reply::text(400, "bad request\n"),
        Target::File(path) => {
            let kind = paths::content_type(&path);
            match output.files.get(&path) {
                Some(bytes) if kind.starts_with("text/html") => Reply::new(200, kind, page(bytes)),
                Some(bytes) => Reply::new(200, kind, Bytes::from_owner(Shared(Arc::clone(bytes)))),
                None => Reply::new(200, kind, Bytes::new()),
            }
        }
        Target::NotFound => {
            let fallback: &[u8] = b"<!doctype html><meta charset=\"utf-8\"><title>Not found</title><body><h1>Not found</h1></body>";
            let bytes = output.get("404.html").unwrap_or(fallback);
            Reply::new(404, "text/html; charset=utf-8", page(bytes))
        }
    }
}

/// The live-reload stream: a thread waits for new versions (the hub's
/// channels block) and hands each event to the connection.
fn events(state: &State, version: u64) -> Reply {
    let subscription = state.hub.subscribe();
    let (tx, rx) = tokio::sync::mpsc::channel(4);
    let spawned = std::thread::Builder::new()
        .name("coffeechat-events".into())
        .spawn(move || {
            let _ = reload::stream(reload::ToChannel(tx), subscription, version);
        });
    if spawned.is_err() {
        // Out of threads: the page retries the stream by itself.
        return Reply::text(503, "too busy for live reload; retrying\n");
    }
    Reply {
        status: 200,
        headers: vec![
            ("Content-Type", "text/event-stream".to_string()),
            ("Cache-Control", "no-store".to_string()),
        ],
        body: http::Body::Events(rx),
    }
}

/// Opens `url` with the desktop's browser; a failure is only reported.
fn open_browser(url: &str) {
    let result = if cfg!(target_os = "macos") {
        std::process::Command::new("open").arg(url).spawn()
    } else if cfg!(windows) {
        std::process::Command::new("cmd")
            .args(["/C", "start", "", url])
            .spawn()
    } else {
        std::process::Command::new("xdg-open").arg(url).spawn()
    };
    if let Err(e) = result {
        eprintln!("cannot open a browser ({e}); open {url} yourself");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn state() -> State {
        let mut output = Output::default();
        output.insert("index.html", "<body>home</body>");
        output.insert("big.bin", vec![1u8, 2, 3]);
        State {
            snapshot: RwLock::new(Snapshot {
                output: Arc::new(output),
                base: "/prep/".to_string(),
                problems: None,
                version: 3,
            }),
            hub: reload::Hub::default(),
        }
    }

    fn body(reply: &Reply) -> &[u8] {
        match &reply.body {
            http::Body::Full(Some(b)) => b,
            _ => &[],
        }
    }

    #[test]
    fn binding_beyond_loopback_is_warned_about() {
        assert!(exposure_warning("127.0.0.1".parse().unwrap()).is_none());
        assert!(exposure_warning("::1".parse().unwrap()).is_none());
        let w = exposure_warning("0.0.0.0".parse().unwrap()).expect("a warning");
        assert!(w.contains("0.0.0.0") && w.contains("contacts.vcf"), "{w}");
        assert!(exposure_warning("192.168.1.5".parse().unwrap()).is_some());
    }

    #[test]
    fn answers_get_and_head_only() {
        let state = state();
        let r = answer("POST", "/prep/", &state);
        assert_eq!(r.status, 405);
        assert!(r.headers.contains(&("Allow", "GET, HEAD".to_string())));
        let r = answer("GET", "/", &state);
        assert_eq!(r.status, 302);
        assert!(r.headers.contains(&("Location", "/prep/".to_string())));
    }

    #[test]
    fn files_are_served_as_they_are_and_pages_with_the_reload_script() {
        let state = state();
        let r = answer("GET", "/prep/big.bin", &state);
        assert_eq!((r.status, body(&r)), (200, &[1u8, 2, 3][..]));
        let r = answer("HEAD", "/prep/", &state);
        let page = String::from_utf8_lossy(body(&r)).into_owned();
        assert!(page.starts_with("<body>home<script>"), "{page}");
        assert!(page.contains("var v=\"3\""), "{page}");
        assert_eq!(answer("GET", "/prep/nope", &state).status, 404);
        assert_eq!(answer("GET", "/prep/../x", &state).status, 400);
    }
}
