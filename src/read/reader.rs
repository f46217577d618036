//! Reading front matter into values, with every problem a located
//! diagnostic: the shapes every collection shares (required text, a value
//! from a set, a URL, a date). What each collection reads is in
//! `collections`.

use crate::diagnostics::{closest, Diagnostic};
use crate::domain::*;
use crate::read::config::Config;
use crate::read::dates::jiff_reason;
use crate::read::frontmatter;
use crate::read::frontmatter::messages::{syntax_message, yaml_message};
use crate::read::locate::{key_span, locate, value_width};
use jiff::civil::Date;
use serde::de::DeserializeOwned;
use std::path::PathBuf;

/// The shared keys, once read.
pub(crate) struct Common {
    pub(crate) draft: bool,
    pub(crate) private: bool,
    pub(crate) tags: Vec<String>,
    pub(crate) aliases: Vec<String>,
    pub(crate) slug: Option<String>,
    pub(crate) template: Option<String>,
    pub(crate) extra: serde_json::Value,
}

pub(crate) struct Reader<'a> {
    pub(crate) path: PathBuf,
    pub(crate) config: &'a Config,
    pub(crate) diagnostics: Vec<Diagnostic>,
    pub(crate) keys: &'a [(String, usize)],
    /// The whole file, to point at values.
    pub(crate) text: &'a str,
    pub(crate) body_line: usize,
    /// Keys whose value had the wrong shape, already reported.
    pub(crate) failed: Vec<String>,
    pub(crate) format: frontmatter::Format,
    /// Keys of other tools found, for the site's one summary line.
    pub(crate) foreign: Vec<String>,
    /// Keys not read but kept under `extra`: the foreign ones and those of
    /// `check.ignore_keys`.
    pub(crate) kept: Vec<String>,
}

/// Front matter keys of Hugo, Zola, Jekyll and Obsidian that coffeechat
/// does not read. A note copied from those tools keeps them under
/// `extra`, and they are summed up in one line for the site rather than
/// warned about one by one.
pub(crate) const FOREIGN_KEYS: &[&str] = &[
    // Hugo
    "title",
    "description",
    "date",
    "lastmod",
    "publishDate",
    "publishdate",
    "expiryDate",
    "expirydate",
    "weight",
    "categories",
    "keywords",
    "summary",
    "linkTitle",
    "linktitle",
    "layout",
    "type",
    "url",
    "menu",
    "menus",
    "params",
    "resources",
    "outputs",
    "cascade",
    "headless",
    "markup",
    "images",
    "series",
    "toc",
    "author",
    "authors",
    "build",
    "sitemap",
    "translationKey",
    "isCJKLanguage",
    "audio",
    "videos",
    // Zola
    "updated",
    "render",
    "in_search_index",
    "taxonomies",
    "path",
    "insert_anchor_links",
    "sort_by",
    "paginate_by",
    "page_template",
    "transparent",
    "generate_feeds",
    // Jekyll
    "permalink",
    "published",
    "excerpt_separator",
    "image",
    "last_modified_at",
    "redirect_from",
    // Obsidian
    "cssclasses",
    "cssclass",
    "publish",
    "created",
    "modified",
    "banner",
];

pub(crate) type Fields = Option<(Common, String, Kind)>;

impl Reader<'_> {
    pub(crate) fn span(&self, key: &str, value: &str) -> (usize, usize, usize) {
        locate(self.text, self.keys, self.body_line, key, value)
    }

    /// An error about `value`, written under `key`.
    pub(crate) fn error(
        &mut self,
        code: &'static str,
        key: &str,
        value: &str,
        message: String,
        hint: impl Into<String>,
    ) {
        let (line, column, width) = self.span(key, value);
        let d = Diagnostic::error(code, &self.path, message)
            .at((line, column))
            .width(width)
            .hint(hint);
        self.diagnostics.push(d);
    }

    pub(crate) fn deserialize<T: DeserializeOwned>(
        &mut self,
        yaml: &str,
        first_line: usize,
        known: &[&str],
        kind: &str,
    ) -> Option<T> {
        self.warn_unknown_keys(known, kind);
        let (value, errors) = match self.format {
            frontmatter::Format::Yaml => frontmatter::from_yaml_lenient::<T>(yaml, first_line),
            frontmatter::Format::Toml => {
                frontmatter::toml::from_toml_lenient::<T>(yaml, first_line)
            }
        };
        // Split once, not once per error (many errors made it quadratic).
        let lines: Vec<&str> = if errors.is_empty() {
            Vec::new()
        } else {
            self.text.lines().collect()
        };
        for e in errors {
            if e.is_syntax() && self.format == frontmatter::Format::Toml {
                let d = Diagnostic::error(
                    "toml",
                    &self.path,
                    format!("the front matter is not valid TOML: {}", e.message),
                )
                .at((e.line, e.column))
                .hint("TOML front matter between `+++` lines holds `key = \"value\"` lines; text goes in quotes");
                self.diagnostics.push(d);
                continue;
            }
            if e.is_syntax() {
                let (message, hint, at) = syntax_message(&e);
                let line = lines.get(at.0.saturating_sub(1)).copied().unwrap_or("");
                let width = if at.1 == 1 && message.contains("line is not") {
                    line.trim_end().chars().count()
                } else {
                    usize::from(at.1 <= line.chars().count())
                };
                let d = Diagnostic::error("yaml", &self.path, message)
                    .at(at)
                    .width(width)
                    .hint(hint);
                self.diagnostics.push(d);
                continue;
            }
            let (code, message, hint) = yaml_message(&e);
            let mut d = Diagnostic::error(code, &self.path, message).hint(hint);
            if let Some(key) = e.key {
                let source = lines.get(e.line.saturating_sub(1)).copied();
                let (column, width) = match source {
                    _ if code == "duplicate-key" => (e.column, key.chars().count()),
                    // Some errors point at the key; the value is at fault.
                    Some(l) if e.column <= 1 && l.starts_with(key.as_str()) => {
                        let after_key = l.find(':').map_or(0, |c| c + 1);
                        let value = l[after_key..].trim_start();
                        let column = l[..l.len() - value.len()].chars().count() + 1;
                        (column, value_width(l, column))
                    }
                    Some(l) => (e.column, value_width(l, e.column)),
                    None => (e.column, 0),
                };
                d = d.at((e.line, column)).width(width);
                self.failed.push(key);
            } else {
                d = d.at((e.line, e.column));
            }
            self.diagnostics.push(d);
        }
        value
    }

    pub(crate) fn warn_unknown_keys(&mut self, known: &[&str], kind: &str) {
        for (key, line) in self.keys {
            if known.contains(&key.as_str()) {
                continue;
            }
            let ignored = self.config.check.ignore_keys.iter().any(|k| k == key);
            if ignored || FOREIGN_KEYS.contains(&key.as_str()) {
                if !ignored {
                    self.foreign.push(key.clone());
                }
                self.kept.push(key.clone());
                continue;
            }
            let hint = match closest(key, known.iter().copied()) {
                Some(k) => format!("did you mean `{k}`?"),
                None => format!(
                    "a {kind} knows the keys: {}; put your own data under `extra:`",
                    known.join(", ")
                ),
            };
            self.diagnostics.push(
                Diagnostic::warning(
                    "unknown-key",
                    &self.path,
                    format!("unknown key `{key}` for a {kind}; it is ignored"),
                )
                .at_text((*line, 1), key)
                .hint(hint),
            );
        }
    }

    pub(crate) fn required(
        &mut self,
        value: Option<Text>,
        key: &str,
        kind: &str,
    ) -> Option<String> {
        match value
            .map(|t| t.0.trim().to_string())
            .filter(|s| !s.is_empty())
        {
            Some(v) => Some(v),
            // A value of the wrong shape is reported already.
            None if self.failed.iter().any(|k| k == key) => None,
            None => {
                let (line, column, width) = key_span(self.keys, key);
                let message = if self.keys.iter().any(|(k, _)| k == key) {
                    format!("`{key}` is empty; a {kind} needs one")
                } else {
                    format!("a {kind} needs a `{key}`")
                };
                let d = Diagnostic::error("missing-field", &self.path, message)
                    .at((line, column))
                    .width(width)
                    .hint(format!("add a line `{key}: ...` to the front matter"));
                self.diagnostics.push(d);
                None
            }
        }
    }

    /// A value from a fixed set (a stage, a status...), matched without
    /// regard to case.
    pub(crate) fn choice<T: Copy>(
        &mut self,
        value: Option<Text>,
        key: &str,
        parse: fn(&str) -> Option<T>,
        names: Vec<&'static str>,
    ) -> Option<T> {
        let written = text(value)?;
        if let Some(v) = parse(&written.to_lowercase()) {
            return Some(v);
        }
        let allowed = names.join(", ");
        let hint = match closest(&written, names.iter().copied()) {
            Some(c) => format!("did you mean `{c}`? The allowed values are: {allowed}"),
            None => format!("the allowed values are: {allowed}"),
        };
        self.error(
            "bad-value",
            key,
            &written,
            format!("`{key}` cannot be `{written}`"),
            hint,
        );
        None
    }

    pub(crate) fn url(&mut self, value: Option<String>, key: &str) -> Option<SafeUrl> {
        let value = value.filter(|v| !v.trim().is_empty())?;
        match SafeUrl::parse(&value) {
            Ok(u) => Some(u),
            Err(message) => {
                self.error(
                    "bad-url",
                    key,
                    value.trim(),
                    format!("`{key}`: {message}"),
                    url_hint(
                        &value,
                        "write a full address starting with https:// (or mailto: for an email)",
                    ),
                );
                None
            }
        }
    }

    pub(crate) fn date(&mut self, value: Option<Text>, key: &str) -> Option<Date> {
        let written = text(value)?;
        match written.parse::<Date>() {
            Ok(d) => Some(d),
            Err(e) => {
                self.error(
                    "bad-date",
                    key,
                    &written,
                    format!("`{key}`: `{written}` is not a date ({})", jiff_reason(&e)),
                    "write dates as YYYY-MM-DD, e.g. 2026-03-14",
                );
                None
            }
        }
    }
}

/// Says why a script-running scheme is refused, not only that it is.
pub(crate) fn url_hint(url: &str, otherwise: &str) -> String {
    let lower = url.trim().to_ascii_lowercase();
    if ["javascript:", "data:", "vbscript:"]
        .iter()
        .any(|s| lower.starts_with(s))
    {
        format!("javascript: and data: links could run code on your published site; {otherwise}")
    } else {
        otherwise.to_string()
    }
}

pub(crate) fn timezone_hint(name: &str) -> String {
    let names = jiff::tz::db().available();
    let names: Vec<String> = names.map(|n| n.to_string()).collect();
    match closest(name, names.iter().map(String::as_str)) {
        Some(c) => format!("did you mean `{c}`? Time zones are IANA names such as Europe/Berlin"),
        None => "use an IANA name such as Europe/Berlin or America/New_York".to_string(),
    }
}

pub(crate) fn text(t: Option<Text>) -> Option<String> {
    t.map(|t| t.0.trim().to_string()).filter(|s| !s.is_empty())
}
