//! The busy-only calendar an encrypted build may publish in the clear:
//! each timed event of the private calendar reduced to when it is (start,
//! end, time zone) and an opaque UID. Names, summaries, places, notes and
//! the all-day reminder events are left out.

use super::keys::{hex, Keys};
use super::seal::mac;

/// Properties of a VEVENT that are kept (besides UID, which is replaced).
const KEPT: &[&str] = &["DTSTAMP", "DTSTART", "DTEND", "DURATION", "STATUS"];

/// The busy-only form of an iCalendar file made by coffeechat.
pub fn busy_calendar(private: &str, keys: &Keys) -> String {
    let lines = unfold(private);
    let mut out = Vec::new();
    let mut event: Option<Vec<String>> = None;
    let mut in_timezone = false;
    for line in &lines {
        let name = property_name(line);
        match (name.as_str(), &mut event) {
            ("BEGIN", None) if line.ends_with(":VEVENT") => event = Some(Vec::new()),
            ("END", Some(props)) if line.ends_with(":VEVENT") => {
                if props.iter().any(|p| is_timed_start(p)) {
                    out.push("BEGIN:VEVENT".to_string());
                    out.append(props);
                    out.push("SUMMARY:Busy".to_string());
                    out.push("TRANSP:OPAQUE".to_string());
                    out.push("END:VEVENT".to_string());
                }
                event = None;
            }
            ("UID", Some(props)) => {
                let uid = line.split_once(':').map(|(_, v)| v).unwrap_or("");
                let opaque = hex(&mac(&keys.name, &[b"uid", uid.as_bytes()])[..16]);
                props.push(format!("UID:{opaque}@coffeechat"));
            }
            (n, Some(props)) if KEPT.contains(&n) => props.push(line.clone()),
            (_, Some(_)) => {}
            // The calendar's own name is the site's title: keep it generic.
            ("X-WR-CALNAME", None) => out.push("X-WR-CALNAME:Busy".to_string()),
            (_, None) => {
                if line == "BEGIN:VTIMEZONE" {
                    in_timezone = true;
                }
                if in_timezone || is_calendar_header(&name) {
                    out.push(line.clone());
                }
                if line == "END:VTIMEZONE" {
                    in_timezone = false;
                }
            }
        }
    }
    let mut text = out.join("\r\n");
    text.push_str("\r\n");
    text
}

/// A DTSTART with a time of day (an all-day one is a reminder, not a meeting).
fn is_timed_start(line: &str) -> bool {
    property_name(line) == "DTSTART"
        && line
            .split_once(':')
            .is_some_and(|(_, value)| value.contains('T'))
}

fn is_calendar_header(name: &str) -> bool {
    matches!(
        name,
        "BEGIN" | "END" | "VERSION" | "PRODID" | "CALSCALE" | "METHOD"
    )
}

/// Joins folded lines (RFC 5545 §3.1). No property kept is long enough to
/// need folding again.
fn unfold(text: &str) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    for raw in text.split('\n') {
        let raw = raw.strip_suffix('\r').unwrap_or(raw);
        match (raw.strip_prefix([' ', '\t']), lines.last_mut()) {
            (Some(more), Some(last)) => last.push_str(more),
            _ if raw.is_empty() => {}
            _ => lines.push(raw.to_string()),
        }
    }
    lines
}

/// The property name of a content line, upper-cased, without parameters.
fn property_name(line: &str) -> String {
    let end = line.find([':', ';']).unwrap_or(line.len());
    line[..end].to_ascii_uppercase()
}
