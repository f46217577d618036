//! A contact's `touches:` (date, channel, direction, note), read item by
//! item so each problem is located on its own item, as a bank's questions
//! are.

use crate::diagnostics::{closest, Diagnostic};
use crate::domain::{Channel, Direction, Touch};
use jiff::civil::Date;
use std::path::Path;

const KEYS: &str = "`date` (required), `channel` (email, linkedin, phone, meeting, other), `direction` (sent or received), `note`";

/// Finds `needle` in the file lines `from..to`: (line, column, width).
pub(crate) type Find = fn(&str, usize, usize, &str) -> Option<(usize, usize, usize)>;

/// Where the items are written.
pub(crate) struct Source<'a> {
    /// The whole note file.
    pub text: &'a str,
    pub path: &'a Path,
    /// The file line of each `- ` item.
    pub item_lines: Vec<usize>,
    /// The `touches:` line, for items whose line is unknown.
    pub key_line: usize,
    pub find: Find,
}

/// The touches, oldest first; a bad item is reported and left out.
pub(crate) fn read(
    items: Vec<serde_json::Value>,
    source: &Source,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<Touch> {
    let mut touches = Vec::with_capacity(items.len());
    for (n, value) in items.iter().enumerate() {
        let line = source.item_lines.get(n).copied().unwrap_or(source.key_line);
        let item = Item {
            number: n + 1,
            line,
            // The last item's lines end with the front matter; a few is plenty.
            end: source.item_lines.get(n + 1).copied().unwrap_or(line + 8),
            source,
        };
        if let Some(t) = item.read(value, diagnostics) {
            touches.push(t);
        }
    }
    touches.sort_by_key(|t| t.date);
    touches
}

struct Item<'s> {
    number: usize,
    line: usize,
    end: usize,
    source: &'s Source<'s>,
}

impl Item<'_> {
    fn read(&self, value: &serde_json::Value, diagnostics: &mut Vec<Diagnostic>) -> Option<Touch> {
        let Some(map) = value.as_object() else {
            let hint = format!("write each touch as a map with the keys {KEYS}");
            diagnostics.push(self.error("", "is not a map", hint));
            return None;
        };
        let known = ["date", "channel", "direction", "note"];
        if let Some(unknown) = map.keys().find(|k| !known.contains(&k.as_str())) {
            // `note: Asked, then waited` in `{…}`: the comma began a new key.
            let comma = unknown.contains(' ') || map.get(unknown).is_some_and(|v| v.is_null());
            let hint = match comma {
                true => "a comma inside `{…}` starts a new key: put the note in quotes, `note: \"Asked, then waited\"`".to_string(),
                false => format!("a touch has the keys {KEYS}"),
            };
            let problem = format!("has an unknown key `{unknown}`");
            diagnostics.push(self.error(unknown, &problem, hint));
        }
        let field = |key: &str| {
            map.get(key)
                .map(|v| v.as_str().map_or_else(|| v.to_string(), str::to_string))
        };
        let date = self.date(field("date"), diagnostics);
        let channel = self.choice(
            field("channel"),
            "channel",
            Channel::parse,
            Channel::names(),
            diagnostics,
        );
        let direction = self.choice(
            field("direction"),
            "direction",
            Direction::parse,
            Direction::names(),
            diagnostics,
        );
        Some(Touch {
            date: date?,
            channel: channel?,
            direction: direction?,
            note: field("note")
                .map(|n| n.trim().to_string())
                .filter(|n| !n.is_empty()),
            line: self.line,
        })
    }

    fn date(&self, written: Option<String>, diagnostics: &mut Vec<Diagnostic>) -> Option<Date> {
        let Some(written) = written else {
            let hint = format!("add `date: YYYY-MM-DD`; a touch has the keys {KEYS}");
            diagnostics.push(self.error("", "has no `date`", hint));
            return None;
        };
        match written.parse::<Date>() {
            Ok(d) => Some(d),
            Err(_) => {
                let problem = format!("has `date: {written}`, which is not a date");
                let hint = "write dates as YYYY-MM-DD, e.g. 2026-03-14".to_string();
                diagnostics.push(self.error(&written, &problem, hint));
                None
            }
        }
    }

    /// A value from a fixed set, matched without regard to case.
    fn choice<T>(
        &self,
        written: Option<String>,
        key: &str,
        parse: fn(&str) -> Option<T>,
        names: Vec<&'static str>,
        diagnostics: &mut Vec<Diagnostic>,
    ) -> Option<T> {
        let allowed = names.join(", ");
        let Some(written) = written else {
            let hint = format!("add `{key}:`, one of: {allowed}");
            diagnostics.push(self.error("", &format!("has no `{key}`"), hint));
            return None;
        };
        if let Some(v) = parse(&written.trim().to_lowercase()) {
            return Some(v);
        }
        let hint = match closest(&written, names.iter().copied()) {
            Some(c) => format!("did you mean `{c}`? A touch's `{key}` is one of: {allowed}"),
            None => format!("a touch's `{key}` is one of: {allowed}"),
        };
        let problem = format!("has `{key}: {written}`, which is not a {key}");
        diagnostics.push(self.error(&written, &problem, hint));
        None
    }

    /// An error pointing at `value` within this item's lines (or at the
    /// item when `value` is empty).
    fn error(&self, value: &str, problem: &str, hint: String) -> Diagnostic {
        let s = self.source;
        let (line, column, width) =
            (s.find)(s.text, self.line, self.end, value.trim()).unwrap_or((self.line, 1, 1));
        Diagnostic::error(
            "bad-touch",
            s.path,
            format!("touch {} of `touches` {problem}", self.number),
        )
        .at((line, column))
        .width(width)
        .hint(hint)
    }
}
