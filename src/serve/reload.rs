//! Live reload: a server-sent event stream that tells open pages a new
//! version of the site is ready, the script that listens to it, and the
//! overlay showing why the last change did not build. Both are added to
//! HTML responses by the server only; `build` output never has them.

use crate::markdown::html_escape;
use std::io::Write;
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::sync::Mutex;
use std::time::Duration;

/// The open event streams.
#[derive(Default)]
pub struct Hub {
    clients: Mutex<Vec<Sender<u64>>>,
}

impl Hub {
    /// Tells every open page that version `version` is ready.
    pub fn broadcast(&self, version: u64) {
        let mut clients = self.clients.lock().unwrap_or_else(|e| e.into_inner());
        clients.retain(|c| c.send(version).is_ok());
    }

    pub fn subscribe(&self) -> Receiver<u64> {
        let (tx, rx) = mpsc::channel();
        self.clients
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push(tx);
        rx
    }
}

/// Writes an event stream to `out` until the client goes away: first the
/// current version (so a page that missed an event while reconnecting
/// reloads), then one `reload` event per new version, and a comment every
/// 15 seconds that finds out when the client has gone.
pub fn stream(mut out: impl Write, events: Receiver<u64>, current: u64) -> std::io::Result<()> {
    write!(out, "retry: 500\nevent: hello\ndata: {current}\n\n")?;
    out.flush()?;
    loop {
        match events.recv_timeout(Duration::from_secs(15)) {
            Ok(version) => write!(out, "event: reload\ndata: {version}\n\n")?,
            Err(RecvTimeoutError::Timeout) => out.write_all(b": keep-alive\n\n")?,
            Err(RecvTimeoutError::Disconnected) => return Ok(()),
        }
        out.flush()?;
    }
}

/// Hands what [`stream`] writes to an HTTP connection; fails once the
/// connection is gone, which ends the stream.
pub struct ToChannel(pub tokio::sync::mpsc::Sender<bytes::Bytes>);

impl Write for ToChannel {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0
            .blocking_send(bytes::Bytes::copy_from_slice(buf))
            .map_err(|_| std::io::Error::from(std::io::ErrorKind::BrokenPipe))?;
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// The script added to every served HTML page: reload when the site has a
/// version other than the one this page was served from.
pub fn script(version: u64) -> String {
    format!(
        "<script>/* coffeechat serve: live reload */(function(){{var v=\"{version}\";\
var s=new EventSource(\"{}\");\
function check(e){{if(e.data!==v){{s.close();location.reload();}}}}\
s.addEventListener(\"hello\",check);s.addEventListener(\"reload\",check);}})();</script>",
        super::paths::EVENTS
    )
}

/// A box over the page listing the problems of the last change, escaped.
pub fn overlay(problems: &str) -> String {
    format!(
        "<div id=\"coffeechat-overlay\" role=\"alert\" style=\"position:fixed;inset:1rem;z-index:2147483647;\
overflow:auto;background:#fff8f6;color:#3b0d05;border:3px solid #c0341d;border-radius:8px;\
padding:1rem 1.5rem;font:14px/1.5 system-ui,sans-serif;box-shadow:0 8px 40px rgba(0,0,0,.35)\">\
<strong style=\"font-size:1.2em\">The last change did not build</strong>\
<p>You are looking at the last good version. Fix the problem and save: this page reloads by itself.</p>\
<pre style=\"white-space:pre-wrap;font:13px/1.45 ui-monospace,monospace\">{}</pre></div>",
        html_escape(problems)
    )
}

/// Adds `extra` before `</body>`, or at the end when there is none.
pub fn inject(html: &[u8], extra: &str) -> Vec<u8> {
    let at = find_last(html, b"</body>").unwrap_or(html.len());
    let mut out = Vec::with_capacity(html.len() + extra.len());
    out.extend_from_slice(&html[..at]);
    out.extend_from_slice(extra.as_bytes());
    out.extend_from_slice(&html[at..]);
    out
}

fn find_last(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack
        .windows(needle.len())
        .rposition(|w| w.eq_ignore_ascii_case(needle))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn injected_before_the_body_end() {
        assert_eq!(
            inject(b"<body>x</body></html>", "<s>"),
            b"<body>x<s></body></html>"
        );
        assert_eq!(inject(b"<p>x", "<s>"), b"<p>x<s>");
    }

    #[test]
    fn overlay_escapes_the_problems() {
        let o = overlay("error: <script>alert(1)</script> & more");
        assert!(o.contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; more"));
        assert!(!o.contains("<script>"));
    }

    #[test]
    fn stream_sends_hello_then_reloads() {
        let hub = Hub::default();
        let rx = hub.subscribe();
        hub.broadcast(2);
        drop(hub);
        let mut out = Vec::new();
        stream(&mut out, rx, 1).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert!(text.contains("event: hello\ndata: 1\n\n"));
        assert!(text.ends_with("event: reload\ndata: 2\n\n"));
    }
}
