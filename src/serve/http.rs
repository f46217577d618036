//! The HTTP side of `serve`: hyper's HTTP/1.1 on a one-thread tokio
//! runtime, with the limits a local server still needs.
//!
//! - A request head must arrive within [`Limits::header_timeout`] and fit
//!   in [`Limits::max_head_bytes`] (larger is answered 431 by hyper), so a
//!   slow or huge request costs a few kilobytes for a few seconds.
//! - A write that makes no progress for [`Limits::write_timeout`] ends the
//!   connection, so a client that never reads cannot hold anything.
//! - Running out of file descriptors (EMFILE) does not stop the accept
//!   loop: it drops the oldest connection still sending its head and
//!   tries again.
//! - Each connection carries one request (no keep-alive), so "still
//!   sending its head" is every connection that could be dropped.

use super::hosts::Hosts;
use super::{answer, Reply, State};
use bytes::Bytes;
use hyper::body::{Frame, SizeHint};
use std::collections::BTreeMap;
use std::convert::Infallible;
use std::future::Future;
use std::io;
use std::net::SocketAddr;
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};
use std::time::Duration;
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::sync::{mpsc, oneshot};

/// The bounds on one connection.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    pub header_timeout: Duration,
    pub write_timeout: Duration,
    pub max_head_bytes: usize,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            header_timeout: Duration::from_secs(5),
            write_timeout: Duration::from_secs(10),
            // hyper's smallest buffer is 8 KiB; a browser's head is ~1 KiB.
            max_head_bytes: 16 * 1024,
        }
    }
}

/// A response body: all at once, or the live-reload event stream.
pub enum Body {
    Full(Option<Bytes>),
    Events(mpsc::Receiver<Bytes>),
}

impl hyper::body::Body for Body {
    type Data = Bytes;
    type Error = Infallible;

    fn poll_frame(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, Infallible>>> {
        match self.get_mut() {
            Body::Full(bytes) => Poll::Ready(bytes.take().map(|b| Ok(Frame::data(b)))),
            Body::Events(rx) => rx.poll_recv(cx).map(|b| b.map(|b| Ok(Frame::data(b)))),
        }
    }

    fn is_end_stream(&self) -> bool {
        matches!(self, Body::Full(None))
    }

    fn size_hint(&self) -> SizeHint {
        match self {
            Body::Full(b) => SizeHint::with_exact(b.as_ref().map_or(0, |b| b.len() as u64)),
            Body::Events(_) => SizeHint::default(),
        }
    }
}

/// Serves `listener` on a thread of its own until the process ends.
pub fn spawn(
    listener: std::net::TcpListener,
    state: Arc<State>,
    hosts: Hosts,
    limits: Limits,
) -> io::Result<()> {
    listener.set_nonblocking(true)?;
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_io()
        .enable_time()
        .build()?;
    let listener = {
        let _entered = runtime.enter();
        tokio::net::TcpListener::from_std(listener)?
    };
    std::thread::Builder::new()
        .name("coffeechat-http".into())
        .spawn(move || {
            let _exit = ExitWhenGone;
            runtime.block_on(accept_loop(listener, state, Arc::new(hosts), limits))
        })?;
    Ok(())
}

/// Ends the process if the server thread ends (it only does by a bug):
/// a serve that still rebuilds but no longer answers is worse than none.
struct ExitWhenGone;

impl Drop for ExitWhenGone {
    fn drop(&mut self) {
        eprintln!("error: the web server stopped; coffeechat serve exits");
        std::process::exit(1);
    }
}

/// Connections that have not sent a whole request head yet, oldest first,
/// each with the switch that closes it.
#[derive(Default)]
struct Waiting {
    next: u64,
    open: BTreeMap<u64, oneshot::Sender<()>>,
}

type Shared = Arc<Mutex<Waiting>>;

fn lock(w: &Shared) -> std::sync::MutexGuard<'_, Waiting> {
    w.lock().unwrap_or_else(|e| e.into_inner())
}

async fn accept_loop(
    listener: tokio::net::TcpListener,
    state: Arc<State>,
    hosts: Arc<Hosts>,
    limits: Limits,
) {
    let waiting: Shared = Arc::default();
    loop {
        match listener.accept().await {
            Ok((stream, _peer)) => {
                let _ = stream.set_nodelay(true);
                let local = match stream.local_addr() {
                    Ok(a) => a,
                    Err(_) => continue,
                };
                let (id, closed) = {
                    let mut w = lock(&waiting);
                    let id = w.next;
                    w.next += 1;
                    let (tx, rx) = oneshot::channel();
                    w.open.insert(id, tx);
                    (id, rx)
                };
                let conn = Connection {
                    state: Arc::clone(&state),
                    hosts: Arc::clone(&hosts),
                    waiting: Arc::clone(&waiting),
                    id,
                    local,
                };
                tokio::spawn(conn.serve(stream, closed, limits));
            }
            Err(e) if out_of_descriptors(&e) => {
                let oldest = lock(&waiting).open.pop_first();
                match oldest {
                    // Its task closes the socket when it next runs.
                    Some((_, close)) => {
                        let _ = close.send(());
                        tokio::task::yield_now().await;
                    }
                    // Every descriptor is in real use: wait for one to free.
                    None => tokio::time::sleep(Duration::from_millis(20)).await,
                }
            }
            // A connection reset before it was accepted, and the like.
            Err(_) => tokio::time::sleep(Duration::from_millis(1)).await,
        }
    }
}

fn out_of_descriptors(e: &io::Error) -> bool {
    #[cfg(unix)]
    {
        matches!(e.raw_os_error(), Some(libc::EMFILE) | Some(libc::ENFILE))
    }
    #[cfg(not(unix))]
    {
        // WSAEMFILE
        e.raw_os_error() == Some(10024)
    }
}

struct Connection {
    state: Arc<State>,
    hosts: Arc<Hosts>,
    waiting: Shared,
    id: u64,
    local: SocketAddr,
}

impl Connection {
    async fn serve(
        self,
        stream: tokio::net::TcpStream,
        closed: oneshot::Receiver<()>,
        limits: Limits,
    ) {
        let waiting = Arc::clone(&self.waiting);
        let id = self.id;
        let this = Arc::new(self);
        let service = hyper::service::service_fn(move |request| {
            let this = Arc::clone(&this);
            async move { Ok::<_, Infallible>(this.handle(&request)) }
        });
        let io = hyper_util::rt::TokioIo::new(Timed::new(stream, limits.write_timeout));
        let conn = hyper::server::conn::http1::Builder::new()
            .timer(hyper_util::rt::TokioTimer::new())
            .header_read_timeout(limits.header_timeout)
            .max_buf_size(limits.max_head_bytes.max(8192))
            .keep_alive(false)
            .title_case_headers(true)
            .serve_connection(io, service);
        until_closed(conn, closed).await;
        lock(&waiting).open.remove(&id);
    }

    fn handle(&self, request: &hyper::Request<hyper::body::Incoming>) -> hyper::Response<Body> {
        // The head is in: this connection is no longer one to drop.
        lock(&self.waiting).open.remove(&self.id);
        let host = request
            .headers()
            .get(hyper::header::HOST)
            .and_then(|h| h.to_str().ok())
            .or_else(|| request.uri().authority().map(|a| a.as_str()));
        let reply = match host {
            Some(host) if self.hosts.allows(host, self.local.ip()) => {
                let target = request.uri().path_and_query().map_or("/", |p| p.as_str());
                answer(request.method().as_str(), target, &self.state)
            }
            Some(_) => Reply::text(
                421,
                "this server answers only for localhost and the address it listens on\n",
            ),
            None => Reply::text(400, "a Host header is required\n"),
        };
        reply.into_response()
    }
}

impl Reply {
    fn into_response(self) -> hyper::Response<Body> {
        let mut response = hyper::Response::new(self.body);
        *response.status_mut() =
            hyper::StatusCode::from_u16(self.status).unwrap_or(hyper::StatusCode::OK);
        for (name, value) in self.headers {
            if let Ok(value) = hyper::header::HeaderValue::from_str(&value) {
                response.headers_mut().insert(name, value);
            }
        }
        response
    }
}

/// Runs `conn` until it ends or the accept loop sends on `closed` to drop
/// it. `closed` failing (its sender dropped once the request head is in)
/// only means this connection can no longer be dropped.
async fn until_closed(conn: impl Future, closed: oneshot::Receiver<()>) {
    let mut conn = std::pin::pin!(conn);
    let mut closed = Some(closed);
    std::future::poll_fn(|cx| {
        if conn.as_mut().poll(cx).is_ready() {
            return Poll::Ready(());
        }
        if let Some(rx) = closed.as_mut() {
            match Pin::new(rx).poll(cx) {
                Poll::Ready(Ok(())) => return Poll::Ready(()),
                Poll::Ready(Err(_)) => closed = None,
                Poll::Pending => {}
            }
        }
        Poll::Pending
    })
    .await;
}

/// A TCP stream whose writes fail once they have made no progress for
/// `timeout`.
struct Timed {
    stream: tokio::net::TcpStream,
    timeout: Duration,
    stalled: Option<Pin<Box<tokio::time::Sleep>>>,
}

impl Timed {
    fn new(stream: tokio::net::TcpStream, timeout: Duration) -> Timed {
        Timed {
            stream,
            timeout,
            stalled: None,
        }
    }

    /// Turns a pending write into a timeout error once it has waited too long.
    fn bound<T>(
        &mut self,
        cx: &mut Context<'_>,
        polled: Poll<io::Result<T>>,
    ) -> Poll<io::Result<T>> {
        match polled {
            Poll::Pending => {
                let timeout = self.timeout;
                let sleep = self
                    .stalled
                    .get_or_insert_with(|| Box::pin(tokio::time::sleep(timeout)));
                match sleep.as_mut().poll(cx) {
                    Poll::Ready(()) => Poll::Ready(Err(io::Error::new(
                        io::ErrorKind::TimedOut,
                        "the client stopped reading",
                    ))),
                    Poll::Pending => Poll::Pending,
                }
            }
            ready => {
                self.stalled = None;
                ready
            }
        }
    }
}

impl AsyncRead for Timed {
    fn poll_read(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        Pin::new(&mut self.get_mut().stream).poll_read(cx, buf)
    }
}

impl AsyncWrite for Timed {
    fn poll_write(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        let this = self.get_mut();
        let polled = Pin::new(&mut this.stream).poll_write(cx, buf);
        this.bound(cx, polled)
    }

    fn poll_write_vectored(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        let this = self.get_mut();
        let polled = Pin::new(&mut this.stream).poll_write_vectored(cx, bufs);
        this.bound(cx, polled)
    }

    fn is_write_vectored(&self) -> bool {
        self.stream.is_write_vectored()
    }

    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let this = self.get_mut();
        let polled = Pin::new(&mut this.stream).poll_flush(cx);
        this.bound(cx, polled)
    }

    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let this = self.get_mut();
        let polled = Pin::new(&mut this.stream).poll_shutdown(cx);
        this.bound(cx, polled)
    }
}
