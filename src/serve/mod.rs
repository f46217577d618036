//! `coffeechat serve`: the site from memory on 127.0.0.1, rebuilt when a
//! file changes and reloaded in open pages.
//!
//! Three parts: an [`Session`] that rebuilds ([`crate::serve::incremental`]), a
//! file watcher that waits for a quiet moment after a burst of changes
//! ([`watch`]), and HTTP workers (tiny_http) answering from the last good
//! site ([`paths`] maps a request to a file, [`reload`] adds the live-reload
//! script and the error overlay to pages). Nothing is written to disk.

pub mod incremental;
pub(crate) mod paths;
pub(crate) mod reload;
pub(crate) mod watch;

use crate::output::Output;
use crate::serve::incremental::Session;
use crate::{Error, Options};
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
    let url = format!("http://{addr}{base}");
    println!("serving {url} (Ctrl-C to stop)");
    let _ = std::io::stdout().flush();

    let server = Arc::new(
        tiny_http::Server::from_listener(listener, None)
            .map_err(|e| ServeError::Server(e.to_string()))?,
    );
    for _ in 0..4 {
        let server = Arc::clone(&server);
        let state = Arc::clone(&state);
        std::thread::spawn(move || {
            while let Ok(request) = server.recv() {
                respond(request, &state);
            }
        });
    }
    if settings.open {
        open_browser(&url);
    }
    watch.run(|changed| rebuild(&mut session, &state, changed, settings));
    Ok(())
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

fn header(name: &str, value: &str) -> tiny_http::Header {
    tiny_http::Header::from_bytes(name.as_bytes(), value.as_bytes()).unwrap_or_else(|_| {
        tiny_http::Header::from_bytes(&b"X-Invalid"[..], &b"1"[..]).expect("a valid header")
    })
}

/// Answers one request from the current snapshot.
fn respond(request: tiny_http::Request, state: &State) {
    use tiny_http::{Method, Response};
    if !matches!(request.method(), Method::Get | Method::Head) {
        let _ = request.respond(
            Response::from_string("only GET and HEAD\n")
                .with_status_code(405)
                .with_header(header("Allow", "GET, HEAD")),
        );
        return;
    }
    let snap = state.read();
    let output = Arc::clone(&snap.output);
    let target = paths::resolve(request.url(), &snap.base, |p| output.files.contains_key(p));
    let (version, problems) = (snap.version, snap.problems.clone());
    drop(snap);
    let page = |bytes: &[u8]| {
        let mut extra = reload::script(version);
        if let Some(p) = &problems {
            extra.push_str(&reload::overlay(p));
        }
        reload::inject(bytes, &extra)
    };
    let (status, body, kind) = match target {
        Target::Events => {
            let events = state.hub.subscribe();
            std::thread::spawn(move || {
                let _ = reload::stream(request.into_writer(), events, version);
            });
            return;
        }
        Target::Redirect(location) => {
            let _ = request.respond(
                Response::empty(302)
                    .with_header(header("Location", &location))
                    .with_header(header("Cache-Control", "no-store")),
            );
            return;
        }
        Target::BadRequest => (400, b"bad request\n".to_vec(), "text/plain; charset=utf-8"),
        Target::File(path) => {
            let bytes = output
                .files
                .get(&path)
                .map(|b| b.as_slice())
                .unwrap_or_default();
            let kind = paths::content_type(&path);
            if kind.starts_with("text/html") {
                (200, page(bytes), kind)
            } else {
                (200, bytes.to_vec(), kind)
            }
        }
        Target::NotFound => {
            let fallback: &[u8] = b"<!doctype html><meta charset=\"utf-8\"><title>Not found</title><body><h1>Not found</h1></body>";
            let bytes = output.get("404.html").unwrap_or(fallback);
            (404, page(bytes), "text/html; charset=utf-8")
        }
    };
    let _ = request.respond(
        Response::from_data(body)
            .with_status_code(status)
            .with_header(header("Content-Type", kind))
            .with_header(header("Cache-Control", "no-store")),
    );
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
