//! Reading one note file: front matter into typed fields, checked.

use crate::read::config::Config;
use crate::diagnostics::{closest, Diagnostic};
use crate::read::frontmatter::{self, SplitError};
use crate::read::discover::{Collection, NoteFile};
use crate::domain::*;
use crate::read::slug::slugify;
use jiff::civil::{Date, DateTime};
use jiff::tz::TimeZone;
use jiff::{Timestamp, Zoned};
use serde::de::DeserializeOwned;
use serde::Deserialize;
use std::path::PathBuf;

/// A parsed, checked note. References to other notes are still slugs;
/// the graph resolves them.
#[derive(Debug, Clone)]
pub struct Note {
    pub collection: Collection,
    pub slug: String,
    /// Relative to the site root.
    pub path: PathBuf,
    pub title: String,
    pub draft: bool,
    pub private: bool,
    pub tags: Vec<String>,
    pub template: Option<String>,
    pub extra: serde_json::Value,
    pub kind: Kind,
    text: String,
    body_start: usize,
    /// File line on which the body starts.
    pub body_line: usize,
    keys: Vec<(String, usize)>,
}

impl Note {
    pub fn body(&self) -> &str {
        &self.text[self.body_start..]
    }

    /// The front matter with its `---` lines: two notes with the same
    /// front matter differ at most in their bodies.
    pub fn front_matter(&self) -> &str {
        &self.text[..self.body_start]
    }

    /// Forgets the body, for a public build that leaves it out.
    pub fn clear_body(&mut self) {
        self.text.truncate(self.body_start);
    }

    /// The file line and column of a top-level front matter key, or of the
    /// opening `---` when the key is absent.
    pub fn key_position(&self, key: &str) -> (usize, usize) {
        let (line, column, _) = key_span(&self.keys, key);
        (line, column)
    }

    /// Line, column and width of a top-level key (of the opening `---` when
    /// the key is absent).
    pub fn key_span(&self, key: &str) -> (usize, usize, usize) {
        key_span(&self.keys, key)
    }

    pub fn has_key(&self, key: &str) -> bool {
        self.keys.iter().any(|(k, _)| k == key)
    }

    /// The position of `value` written under `key`, for a diagnostic about
    /// one value or one item of a list. Falls back to the key's position.
    pub fn value_position(&self, key: &str, value: &str) -> (usize, usize) {
        let (line, column, _) = self.value_span(key, value);
        (line, column)
    }

    /// Line, column and width of `value` written under `key` (of the key
    /// when the value cannot be found as written).
    pub fn value_span(&self, key: &str, value: &str) -> (usize, usize, usize) {
        locate(&self.text, &self.keys, self.body_line, key, value)
    }

    /// The line of the file at `line` (1-based), for diagnostics.
    pub fn source_line(&self, line: usize) -> Option<&str> {
        self.text.lines().nth(line.checked_sub(1)?)
    }

    pub fn as_interview(&self) -> Option<&Interview> {
        match &self.kind {
            Kind::Interview(i) => Some(i),
            _ => None,
        }
    }

    pub fn as_contact(&self) -> Option<&Contact> {
        match &self.kind {
            Kind::Contact(c) => Some(c),
            _ => None,
        }
    }

    pub fn as_company(&self) -> Option<&Company> {
        match &self.kind {
            Kind::Company(c) => Some(c),
            _ => None,
        }
    }

    pub fn as_bank(&self) -> Option<&QuestionBank> {
        match &self.kind {
            Kind::Bank(b) => Some(b),
            _ => None,
        }
    }
}

/// Declares a front matter struct with the keys every note shares, and the
/// list of its known keys for the unknown-key warning.
macro_rules! front_matter {
    ($name:ident { $($(#[$attr:meta])* $field:ident : $ty:ty),* $(,)? }) => {
        #[derive(Debug, Default, Deserialize)]
        #[serde(default)]
        struct $name {
            draft: bool,
            private: bool,
            tags: Vec<Text>,
            slug: Option<Text>,
            template: Option<String>,
            #[serde(deserialize_with = "frontmatter::strict_data")]
            extra: serde_json::Value,
            $($(#[$attr])* $field: $ty),*
        }

        impl $name {
            const KEYS: &'static [&'static str] =
                &["draft", "private", "tags", "slug", "template", "extra", $(stringify!($field)),*];
        }
    };
}

front_matter!(CompanyFront {
    name: Option<Text>,
    summary: Option<Text>,
    industry: Option<Text>,
    website: Option<String>,
    careers_url: Option<String>,
    location: Option<Text>,
    size: Option<Text>,
    status: Option<Text>,
    interest: Option<u8>,
});

front_matter!(ContactFront {
    name: Option<Text>,
    company: Option<Text>,
    role: Option<Text>,
    team: Option<Text>,
    location: Option<Text>,
    timezone: Option<String>,
    source: Option<Text>,
    introduced_by: Option<Text>,
    email: Option<String>,
    phone: Option<Text>,
    linkedin: Option<String>,
    website: Option<String>,
    stage: Option<Text>,
    last_contacted: Option<Text>,
    next_follow_up: Option<Text>,
    // Read item by item (see `touches`), so a bad item is located exactly.
    #[serde(deserialize_with = "frontmatter::strict_data_list")]
    touches: Vec<serde_json::Value>,
});

#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum QuestionItem {
    Plain(Text),
    Full {
        id: Option<Text>,
        text: Text,
        #[serde(default)]
        tags: Vec<Text>,
        why: Option<Text>,
        follow_up: Option<Text>,
    },
}

front_matter!(BankFront {
    title: Option<Text>,
    description: Option<Text>,
    // Read item by item (see `bank`), so a bad item is located exactly.
    #[serde(deserialize_with = "frontmatter::strict_data_list")]
    questions: Vec<serde_json::Value>,
});

#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum OneOrMany {
    One(Text),
    Many(Vec<Text>),
}

front_matter!(InterviewFront {
    title: Option<Text>,
    contact: Option<Text>,
    contacts: Option<OneOrMany>,
    company: Option<Text>,
    date: Option<Text>,
    duration: Option<u32>,
    format: Option<Text>,
    location: Option<Text>,
    status: Option<Text>,
    goals: Vec<Text>,
    questions: Vec<Text>,
    talking_points: Vec<Text>,
    referrals: Vec<Text>,
    asked: Vec<Text>,
    thank_you_sent: Option<Text>,
    follow_up: Option<Text>,
    next_steps: Vec<Text>,
    resume_requested: bool,
    resume_sent: Option<Text>,
    learned: Vec<Text>,
});

front_matter!(PageFront { title: Option<Text> });

/// The outcome of reading one file: the note if it could be made, and
/// every problem found on the way.
pub struct Parsed {
    pub note: Option<Note>,
    pub diagnostics: Vec<Diagnostic>,
}

/// Reads and checks the note in `file`.
pub fn read(file: &NoteFile, config: &Config) -> Parsed {
    let bytes = match std::fs::read(&file.absolute) {
        Ok(b) => b,
        Err(e) => {
            return failed(
                Diagnostic::error(
                    "unreadable",
                    &file.path,
                    format!("cannot read the note: {e}"),
                )
                .hint("check the file's permissions"),
            )
        }
    };
    let text = match String::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => {
            let offset = e.utf8_error().valid_up_to();
            let bytes = e.as_bytes();
            let line = bytes[..offset].iter().filter(|b| **b == b'\n').count() + 1;
            let line_start = bytes[..offset]
                .iter()
                .rposition(|b| *b == b'\n')
                .map_or(0, |i| i + 1);
            // Everything before `offset` is valid UTF-8.
            let column = String::from_utf8_lossy(&bytes[line_start..offset])
                .chars()
                .count()
                + 1;
            return failed(
                Diagnostic::error(
                    "not-utf8",
                    &file.path,
                    format!(
                        "the note is not UTF-8 text: byte 0x{:02X} cannot be read",
                        bytes[offset]
                    ),
                )
                .at((line, column))
                .width(1)
                .hint("the file was likely saved as Latin-1 or Windows-1252: save it as UTF-8 in your editor"),
            );
        }
    };
    parse(file.collection, file.path.clone(), text, config)
}

fn failed(d: Diagnostic) -> Parsed {
    Parsed {
        note: None,
        diagnostics: vec![d],
    }
}

/// Parses a note's text. Public so tests and fuzzing can skip the disk.
pub fn parse(collection: Collection, path: PathBuf, text: String, config: &Config) -> Parsed {
    let split = match frontmatter::split(&text) {
        Ok(s) => s,
        Err(SplitError::Missing) => {
            return failed(
                Diagnostic::error("no-front-matter", &path, "the note has no front matter")
                    .at((1, 1))
                    .hint(format!(
                        "start the file with a `---` line, the {} fields, and another `---` line",
                        collection.singular()
                    )),
            )
        }
        Err(SplitError::NotClosed) => {
            return failed(
                Diagnostic::error(
                    "front-matter-not-closed",
                    &path,
                    "the front matter is not closed",
                )
                .at((1, 1))
                .width(3)
                .hint("add a line with only `---` after the last field"),
            )
        }
    };
    let keys: Vec<(String, usize)> = frontmatter::top_level_keys(split.yaml, split.yaml_line)
        .into_iter()
        .map(|(k, l)| (k.to_string(), l))
        .collect();
    let body_start = text.len() - split.body.len();
    let body_line = split.body_line;
    let yaml_line = split.yaml_line;
    let mut reader = Reader {
        path,
        config,
        diagnostics: Vec::new(),
        keys: &keys,
        text: &text,
        body_line,
        failed: Vec::new(),
    };
    let yaml = split.yaml;
    let fields = match collection {
        Collection::Companies => reader.company(yaml, yaml_line),
        Collection::Contacts => reader.contact(yaml, yaml_line),
        Collection::Questions => reader.bank(yaml, yaml_line),
        Collection::Interviews => reader.interview(yaml, yaml_line),
        Collection::Pages => reader.page(yaml, yaml_line),
    };
    let Reader {
        path,
        mut diagnostics,
        ..
    } = reader;
    let Some((common, title, kind)) = fields else {
        return Parsed {
            note: None,
            diagnostics,
        };
    };
    let file_stem = path
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or_default();
    let slug_source = common.slug.as_deref().unwrap_or(file_stem);
    let slug = slugify(slug_source);
    if slug.is_empty() {
        let position = keys
            .iter()
            .find(|(k, _)| k == "slug")
            .map_or((1, 1), |(_, l)| (*l, 1));
        diagnostics.push(
            Diagnostic::error(
                "bad-slug",
                &path,
                format!("the slug `{slug_source}` has no letters or digits"),
            )
            .at(position)
            .hint("rename the file or set `slug:` to a name with letters or digits"),
        );
        return Parsed {
            note: None,
            diagnostics,
        };
    }
    let note = Note {
        collection,
        slug,
        path,
        title,
        draft: common.draft,
        private: common.private,
        tags: common.tags,
        template: common.template,
        extra: common.extra,
        kind,
        text,
        body_start,
        body_line,
        keys,
    };
    Parsed {
        note: Some(note),
        diagnostics,
    }
}

/// The shared keys, once read.
struct Common {
    draft: bool,
    private: bool,
    tags: Vec<String>,
    slug: Option<String>,
    template: Option<String>,
    extra: serde_json::Value,
}

struct Reader<'a> {
    path: PathBuf,
    config: &'a Config,
    diagnostics: Vec<Diagnostic>,
    keys: &'a [(String, usize)],
    /// The whole file, to point at values.
    text: &'a str,
    body_line: usize,
    /// Keys whose value had the wrong shape, already reported.
    failed: Vec<String>,
}

type Fields = Option<(Common, String, Kind)>;

macro_rules! common {
    ($front:expr) => {
        Common {
            draft: $front.draft,
            private: $front.private,
            tags: texts($front.tags),
            slug: $front.slug.map(|t| t.0),
            template: $front.template,
            extra: match $front.extra {
                serde_json::Value::Null => serde_json::Value::Object(Default::default()),
                other => other,
            },
        }
    };
}

impl Reader<'_> {
    fn span(&self, key: &str, value: &str) -> (usize, usize, usize) {
        locate(self.text, self.keys, self.body_line, key, value)
    }

    /// An error about `value`, written under `key`.
    fn error(
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

    fn deserialize<T: DeserializeOwned>(
        &mut self,
        yaml: &str,
        first_line: usize,
        known: &[&str],
        kind: &str,
    ) -> Option<T> {
        self.warn_unknown_keys(known, kind);
        let (value, errors) = frontmatter::from_yaml_lenient::<T>(yaml, first_line);
        for e in errors {
            if e.is_syntax() {
                let (message, hint, at) = syntax_message(&e);
                let line = self.text.lines().nth(at.0.saturating_sub(1)).unwrap_or("");
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
                let source = self.text.lines().nth(e.line.saturating_sub(1));
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

    fn warn_unknown_keys(&mut self, known: &[&str], kind: &str) {
        for (key, line) in self.keys {
            if known.contains(&key.as_str()) {
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

    fn required(&mut self, value: Option<Text>, key: &str, kind: &str) -> Option<String> {
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
    fn choice<T: Copy>(
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

    fn url(&mut self, value: Option<String>, key: &str) -> Option<SafeUrl> {
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

    fn date(&mut self, value: Option<Text>, key: &str) -> Option<Date> {
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

    fn company(&mut self, yaml: &str, line: usize) -> Fields {
        let f: CompanyFront = self.deserialize(yaml, line, CompanyFront::KEYS, "company")?;
        let name = self.required(f.name.clone(), "name", "company");
        if let Some(i) = f.interest.filter(|i| !(1..=5).contains(i)) {
            self.error(
                "out-of-range",
                "interest",
                &i.to_string(),
                format!("`interest` is {i}, outside 1 to 5"),
                "rate your interest from 1 (low) to 5 (high)",
            );
        }
        let status = self.choice(
            f.status.clone(),
            "status",
            CompanyStatus::parse,
            CompanyStatus::names(),
        );
        let website = self.url(f.website.clone(), "website");
        let careers_url = self.url(f.careers_url.clone(), "careers_url");
        let name = name?;
        let company = Company {
            name: name.clone(),
            summary: text(f.summary.clone()),
            industry: text(f.industry.clone()),
            website,
            careers_url,
            location: text(f.location.clone()),
            size: text(f.size.clone()),
            status,
            interest: f.interest.filter(|i| (1..=5).contains(i)),
        };
        Some((common!(f), name, Kind::Company(company)))
    }

    fn contact(&mut self, yaml: &str, line: usize) -> Fields {
        let f: ContactFront = self.deserialize(yaml, line, ContactFront::KEYS, "contact")?;
        let name = self.required(f.name.clone(), "name", "contact");
        let linkedin = self.url(f.linkedin.clone(), "linkedin");
        let website = self.url(f.website.clone(), "website");
        let email = f.email.clone().filter(|e| !e.trim().is_empty());
        if let Some(e) = &email {
            if SafeUrl::parse(&format!("mailto:{e}")).is_err() || !e.contains('@') {
                self.error(
                    "bad-email",
                    "email",
                    e.trim(),
                    format!("`email`: `{}` is not an email address", e.trim()),
                    "write it as name@example.com",
                );
            }
        }
        let timezone = match f.timezone.clone().filter(|n| !n.trim().is_empty()) {
            Some(name) => match TimeZone::get(name.trim()) {
                Ok(tz) => Some((name.trim().to_string(), tz)),
                Err(_) => {
                    let name = name.trim();
                    self.error(
                        "bad-timezone",
                        "timezone",
                        name,
                        format!("`timezone`: unknown time zone `{name}`"),
                        timezone_hint(name),
                    );
                    None
                }
            },
            None => None,
        };
        let source = self.choice(f.source.clone(), "source", Source::parse, Source::names());
        let stage = self.choice(f.stage.clone(), "stage", Stage::parse, Stage::names());
        let last_contacted = self.date(f.last_contacted.clone(), "last_contacted");
        let next_follow_up = self.date(f.next_follow_up.clone(), "next_follow_up");
        let touches = self.touches(f.touches.clone(), yaml, line);
        // Written or not, the seeker was last in contact on the latest touch.
        let last_contacted = last_contacted.or_else(|| touches.iter().map(|t| t.date).max());
        let name = name?;
        let contact = Contact {
            name: name.clone(),
            company: reference(f.company.clone()),
            role: text(f.role.clone()),
            team: text(f.team.clone()),
            location: text(f.location.clone()),
            timezone,
            source,
            introduced_by: reference(f.introduced_by.clone()),
            email,
            phone: text(f.phone.clone()),
            linkedin,
            website,
            stage,
            last_contacted,
            next_follow_up,
            touches,
        };
        Some((common!(f), name, Kind::Contact(contact)))
    }

    fn bank(&mut self, yaml: &str, line: usize) -> Fields {
        let mut f: BankFront = self.deserialize(yaml, line, BankFront::KEYS, "question bank")?;
        let title = self.required(f.title.clone(), "title", "question bank")?;
        let items = std::mem::take(&mut f.questions);
        let mut questions: Vec<Question> = Vec::with_capacity(items.len());
        let (first_line, _, _) = key_span(self.keys, "questions");
        let item_lines = list_item_lines(yaml, line, first_line);
        for (n, item) in items.into_iter().enumerate() {
            let item_line = item_lines.get(n).copied().unwrap_or(first_line);
            let item_end = item_lines.get(n + 1).copied().unwrap_or(item_line + 1);
            let item = match question_item(item) {
                Ok(item) => item,
                Err((message, hint)) => {
                    let source = self.text.lines().nth(item_line - 1).unwrap_or_default();
                    let value = source.trim_start().trim_start_matches('-').trim_start();
                    let column = source.chars().count() - value.chars().count() + 1;
                    self.diagnostics.push(
                        Diagnostic::error(
                            "wrong-type",
                            &self.path,
                            format!("item {} of `questions` {message}", n + 1),
                        )
                        .at((item_line, column))
                        .width(value.trim_end().chars().count())
                        .hint(hint),
                    );
                    continue;
                }
            };
            let written = match &item {
                QuestionItem::Plain(t) => t.0.clone(),
                QuestionItem::Full { id, text, .. } => id.as_ref().unwrap_or(text).0.clone(),
            };
            let (line, column, width) =
                find_in_lines(self.text, item_line, item_end, written.trim())
                    .unwrap_or((item_line, 1, 1));
            let q = match item {
                QuestionItem::Plain(t) => Question {
                    id: slugify(&t.0),
                    text: t.0,
                    tags: Vec::new(),
                    why: None,
                    follow_up: None,
                    line: item_line,
                },
                QuestionItem::Full {
                    id,
                    text: t,
                    tags,
                    why,
                    follow_up,
                } => Question {
                    id: slugify(id.as_ref().map_or(t.as_str(), |i| i.as_str())),
                    text: t.0,
                    tags: texts(tags),
                    why: text(why),
                    follow_up: text(follow_up),
                    line: item_line,
                },
            };
            if q.id.is_empty() {
                self.diagnostics.push(
                    Diagnostic::error(
                        "bad-question-id",
                        &self.path,
                        format!("question {} has no usable id", n + 1),
                    )
                    .at((line, column))
                    .width(width)
                    .hint("give it an `id:` with letters or digits"),
                );
                continue;
            }
            if let Some(first) = questions.iter().find(|o| o.id == q.id) {
                self.diagnostics.push(
                    Diagnostic::error(
                        "duplicate-question-id",
                        &self.path,
                        format!(
                            "two questions in this bank have the id `{}` (lines {} and {})",
                            q.id, first.line, item_line
                        ),
                    )
                    .at((line, column))
                    .width(width)
                    .hint("give one of them another `id:`; interviews refer to questions by id"),
                );
                continue;
            }
            questions.push(q);
        }
        let bank = QuestionBank {
            title: title.clone(),
            description: text(f.description.clone()),
            questions,
        };
        Some((common!(f), title, Kind::Bank(bank)))
    }

    fn interview(&mut self, yaml: &str, line: usize) -> Fields {
        let f: InterviewFront = self.deserialize(yaml, line, InterviewFront::KEYS, "interview")?;
        let mut contacts: Vec<String> = f
            .contact
            .clone()
            .into_iter()
            .filter_map(|t| reference(Some(t)))
            .collect();
        match f.contacts.as_ref() {
            Some(OneOrMany::One(t)) => contacts.extend(reference(Some(t.clone()))),
            Some(OneOrMany::Many(list)) => {
                contacts.extend(list.iter().filter_map(|t| reference(Some(t.clone()))))
            }
            None => {}
        }
        let contacts_failed = self
            .failed
            .iter()
            .any(|k| k == "contact" || k == "contacts");
        if contacts.is_empty() && !contacts_failed {
            let key = if self.keys.iter().any(|(k, _)| k == "contacts") {
                "contacts"
            } else {
                "contact"
            };
            let (line, column, width) = key_span(self.keys, key);
            self.diagnostics.push(
                Diagnostic::error(
                    "missing-field",
                    &self.path,
                    "an interview needs a `contact` (or a list of `contacts`)",
                )
                .at((line, column))
                .width(width)
                .hint("add a line `contact: <contact-slug>` to the front matter"),
            );
        }
        let date = text(f.date.clone()).and_then(|d| {
            match parse_datetime(&d, &self.config.timezone) {
                Ok(z) => Some(z),
                Err(DateTimeError::UnknownZone(zone)) => {
                    self.error(
                        "bad-timezone",
                        "date",
                        &zone,
                        format!("`date`: unknown time zone `{zone}`"),
                        timezone_hint(&zone),
                    );
                    None
                }
                Err(DateTimeError::Invalid(m)) => {
                    self.error("bad-date", "date", &d, format!("`date`: {m}"), "write `2026-03-14T10:00:00-05:00`, `2026-03-14 10:00` (site time zone) or `2026-03-14T10:00[Europe/Berlin]`");
                    None
                }
            }
        });
        let format = self.choice(f.format.clone(), "format", Format::parse, Format::names());
        let status = self.choice(
            f.status.clone(),
            "status",
            InterviewStatus::parse,
            InterviewStatus::names(),
        );
        let location = match text(f.location.clone()) {
            Some(l)
                if l.starts_with("http://")
                    || l.starts_with("https://")
                    || l.contains(':') && !l.contains(' ') =>
            {
                match SafeUrl::parse(&l) {
                    Ok(u) => Some(Place::Link(u)),
                    Err(m) => {
                        self.error(
                            "bad-url",
                            "location",
                            &l,
                            format!("`location`: {m}"),
                            url_hint(
                                &l,
                                "write a meeting link starting with https://, or a place name",
                            ),
                        );
                        None
                    }
                }
            }
            Some(l) => Some(Place::Text(l)),
            None => None,
        };
        let thank_you_sent = self.date(f.thank_you_sent.clone(), "thank_you_sent");
        let follow_up = self.date(f.follow_up.clone(), "follow_up");
        let resume_sent = self.resume_sent(f.resume_sent.clone(), date.as_ref());
        // jiff reads a date-time as a date too: only a text without a time counts.
        let date_only = text(f.date.clone())
            .is_some_and(|d| !d.contains([':', 'T', 't']) && d.parse::<Date>().is_ok());
        if contacts.is_empty() {
            return None;
        }
        let title = text(f.title.clone());
        let provisional = title
            .clone()
            .unwrap_or_else(|| "Informational interview".to_string());
        let interview = Interview {
            title,
            contacts,
            company: reference(f.company.clone()),
            date,
            date_only,
            duration: f.duration.unwrap_or(self.config.default_duration),
            format,
            location,
            status: status.unwrap_or(InterviewStatus::Scheduled),
            goals: texts(f.goals.clone()),
            questions: texts(f.questions.clone()),
            talking_points: texts(f.talking_points.clone()),
            referrals: texts(f.referrals.clone())
                .into_iter()
                .filter_map(|r| reference(Some(Text(r))))
                .collect(),
            asked: texts(f.asked.clone()),
            thank_you_sent,
            follow_up,
            next_steps: texts(f.next_steps.clone()),
            resume_requested: f.resume_requested,
            resume_sent,
            learned: texts(f.learned.clone()),
        };
        Some((common!(f), provisional, Kind::Interview(interview)))
    }

    /// `resume_sent`, which cannot be before the conversation.
    fn resume_sent(&mut self, value: Option<Text>, interview: Option<&Zoned>) -> Option<Date> {
        let sent = self.date(value, "resume_sent")?;
        let day = interview.map(|z| z.date())?;
        if sent < day {
            self.error(
                "resume-before-interview",
                "resume_sent",
                &sent.to_string(),
                format!("`resume_sent` is {sent}, before the interview on {day}"),
                "write the day you sent it, on or after the interview's `date`",
            );
            return None;
        }
        Some(sent)
    }

    /// A contact's `touches:`, read in [`super::touches`].
    fn touches(&mut self, items: Vec<serde_json::Value>, yaml: &str, line: usize) -> Vec<Touch> {
        let (key_line, _, _) = key_span(self.keys, "touches");
        let source = super::touches::Source {
            text: self.text,
            path: &self.path,
            item_lines: list_item_lines(yaml, line, key_line),
            key_line,
            find: find_in_lines,
        };
        super::touches::read(items, &source, &mut self.diagnostics)
    }

    fn page(&mut self, yaml: &str, line: usize) -> Fields {
        let f: PageFront = self.deserialize(yaml, line, PageFront::KEYS, "page")?;
        let stem = self
            .path
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or("page")
            .replace('-', " ");
        let title = text(f.title.clone()).unwrap_or(stem);
        Some((common!(f), title.clone(), Kind::Page(Page { title })))
    }
}

fn text(t: Option<Text>) -> Option<String> {
    t.map(|t| t.0.trim().to_string()).filter(|s| !s.is_empty())
}

fn texts(list: Vec<Text>) -> Vec<String> {
    list.into_iter().filter_map(|t| text(Some(t))).collect()
}

fn reference(t: Option<Text>) -> Option<String> {
    text(t)
}

/// One question of a bank, from its YAML value; else what is wrong with it.
fn question_item(value: serde_json::Value) -> Result<QuestionItem, (String, String)> {
    let keys = "`text` (required), `id`, `tags`, `why`, `follow_up`";
    let no_text = value.as_object().is_some_and(|m| !m.contains_key("text"));
    serde_json::from_value(value).map_err(|_| {
        if no_text {
            (
                "is a map without `text:`".to_string(),
                format!("a question written as a map has the keys {keys}"),
            )
        } else {
            (
                "is neither a question nor a map with `text:`".to_string(),
                format!("write the question as text, or as a map with the keys {keys}"),
            )
        }
    })
}

/// File lines of the `- ` items of the block list that starts after `key_line`.
fn list_item_lines(yaml: &str, yaml_line: usize, key_line: usize) -> Vec<usize> {
    let mut lines = Vec::new();
    let mut indent: Option<usize> = None;
    for (i, l) in yaml.lines().enumerate() {
        let file_line = yaml_line + i;
        if file_line <= key_line {
            continue;
        }
        let trimmed = l.trim_start();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        let this_indent = l.len() - trimmed.len();
        if this_indent == 0 && !trimmed.starts_with('-') {
            break;
        }
        if trimmed.starts_with("- ") || trimmed == "-" {
            match indent {
                None => {
                    indent = Some(this_indent);
                    lines.push(file_line);
                }
                Some(n) if n == this_indent => lines.push(file_line),
                _ => {}
            }
        }
    }
    lines
}

/// Why a date-time could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DateTimeError {
    /// The bracketed zone, e.g. `Mars/Olympus`, is not in the database.
    UnknownZone(String),
    /// The text is not a date-time; the message says why.
    Invalid(String),
}

impl std::fmt::Display for DateTimeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            DateTimeError::UnknownZone(zone) => write!(f, "unknown time zone `{zone}`"),
            DateTimeError::Invalid(message) => f.write_str(message),
        }
    }
}

/// A date-time with an offset, with a bracketed time zone, or a local time
/// in `site_tz`.
pub fn parse_datetime(input: &str, site_tz: &TimeZone) -> Result<Zoned, DateTimeError> {
    let s = input.trim();
    if let Some((_, rest)) = s.split_once('[') {
        let zone = rest.trim_end_matches(']').trim_start_matches('!');
        // `[-05:00]` is an offset, not a name.
        let is_name = !zone.contains(['+', '-']) || zone.contains('/');
        if is_name && TimeZone::get(zone).is_err() {
            return Err(DateTimeError::UnknownZone(zone.to_string()));
        }
        return s
            .parse::<Zoned>()
            .map(|z| z.with_time_zone(site_tz.clone()))
            .map_err(|e| {
                DateTimeError::Invalid(format!(
                    "`{s}` is not a date and time ({})",
                    jiff_reason(&e)
                ))
            });
    }
    if let Ok(ts) = s.parse::<Timestamp>() {
        return Ok(ts.to_zoned(site_tz.clone()));
    }
    match s.parse::<DateTime>() {
        Ok(dt) => dt.to_zoned(site_tz.clone()).map_err(|e| {
            DateTimeError::Invalid(format!(
                "`{s}` does not exist in the site's time zone ({})",
                jiff_reason(&e)
            ))
        }),
        Err(e) => match s.parse::<Date>() {
            Ok(d) => d
                .to_zoned(site_tz.clone())
                .map_err(|e| DateTimeError::Invalid(format!("`{s}`: {}", jiff_reason(&e)))),
            Err(_) => Err(DateTimeError::Invalid(format!(
                "`{s}` is not a date and time ({})",
                jiff_reason(&e)
            ))),
        },
    }
}

/// The last, most specific part of a jiff error: "parameter 'day' for
/// `2026-02` is invalid, must be in range `1..=28`".
fn jiff_reason(e: &jiff::Error) -> String {
    let full = e.to_string();
    full.rsplit(": ").next().unwrap_or(&full).to_string()
}

/// Says why a script-running scheme is refused, not only that it is.
fn url_hint(url: &str, otherwise: &str) -> String {
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

fn timezone_hint(name: &str) -> String {
    let names = jiff::tz::db().available();
    let names: Vec<String> = names.map(|n| n.to_string()).collect();
    match closest(name, names.iter().map(String::as_str)) {
        Some(c) => format!("did you mean `{c}`? Time zones are IANA names such as Europe/Berlin"),
        None => "use an IANA name such as Europe/Berlin or America/New_York".to_string(),
    }
}

/// Line, column and width of top-level `key`, or of the opening `---`
/// when the key is absent.
fn key_span(keys: &[(String, usize)], key: &str) -> (usize, usize, usize) {
    keys.iter()
        .find(|(k, _)| k == key)
        .map_or((1, 1, 3), |(_, line)| (*line, 1, key.chars().count()))
}

/// Line, column and width of `value` written under top-level `key`:
/// searched from after the key to the next key. Falls back to the key.
fn locate(
    text: &str,
    keys: &[(String, usize)],
    body_line: usize,
    key: &str,
    value: &str,
) -> (usize, usize, usize) {
    let Some(key_line) = keys.iter().find(|(k, _)| k == key).map(|(_, l)| *l) else {
        return key_span(keys, key);
    };
    let end = keys
        .iter()
        .map(|(_, l)| *l)
        .filter(|l| *l > key_line)
        .min()
        .unwrap_or(body_line.saturating_sub(1))
        .max(key_line + 1);
    find_in_lines(text, key_line, end, value.trim()).unwrap_or_else(|| key_span(keys, key))
}

/// The first place `needle` stands as a whole word in file lines
/// `[from, to)`, skipping the key at the start of line `from`.
fn find_in_lines(
    text: &str,
    from: usize,
    to: usize,
    needle: &str,
) -> Option<(usize, usize, usize)> {
    if needle.is_empty() {
        return None;
    }
    for (i, line) in text.lines().enumerate().skip(from - 1).take(to - from) {
        let start = if i + 1 == from {
            line.find(": ").map_or(0, |c| c + 1)
        } else {
            0
        };
        if let Some(offset) = find_word(&line[start..], needle) {
            return Some((
                i + 1,
                crate::diagnostics::column_of(line, start + offset),
                needle.chars().count(),
            ));
        }
    }
    None
}

/// The byte offset of `needle` in `haystack` where it is not part of a
/// longer slug (`ana` in `ana-lima` does not count), else anywhere.
fn find_word(haystack: &str, needle: &str) -> Option<usize> {
    let is_word = |c: char| c.is_alphanumeric() || c == '-' || c == '_';
    let mut first = None;
    for (i, _) in haystack.match_indices(needle) {
        first.get_or_insert(i);
        let before = haystack[..i].chars().next_back();
        let after = haystack[i + needle.len()..].chars().next();
        if !before.is_some_and(is_word) && !after.is_some_and(is_word) {
            return Some(i);
        }
    }
    first
}

/// How many characters the YAML value starting at 1-based `column` of
/// `line` covers: a bracketed list or map to its closing bracket, a scalar
/// to the end of its flow item or of the line.
fn value_width(line: &str, column: usize) -> usize {
    let rest: Vec<char> = line.chars().skip(column.saturating_sub(1)).collect();
    let (open, close) = match rest.first() {
        Some('[') => ('[', ']'),
        Some('{') => ('{', '}'),
        _ => {
            let end = rest
                .iter()
                .position(|c| matches!(c, ',' | ']' | '}' | '#'))
                .unwrap_or(rest.len());
            let value: String = rest[..end].iter().collect();
            return value.trim_end().chars().count();
        }
    };
    let mut depth = 0;
    for (i, c) in rest.iter().enumerate() {
        if *c == open {
            depth += 1;
        } else if *c == close {
            depth -= 1;
            if depth == 0 {
                return i + 1;
            }
        }
    }
    rest.len()
}

/// The message, hint and position for front matter YAML cannot read: the
/// parser's words put as a person would, pointing where the fix goes (the
/// opening quote of a quote never closed, rather than the end of file).
fn syntax_message(e: &frontmatter::YamlError) -> (String, String, (usize, usize)) {
    let problem = e.message.as_str();
    let (context, start) = match e.context.as_deref() {
        Some((what, line, column)) => (what.as_str(), (*line, *column)),
        None => ("", (e.line, e.column)),
    };
    let here = (e.line, e.column.max(1));
    let (what, hint, at) = if problem.contains("end of stream") && context.contains("quoted") {
        (
            "a quoted value is never closed",
            "close the quote at the end of the value, or remove it",
            start,
        )
    } else if problem.contains("expected ',' or ']'") {
        (
            "a `[` list is never closed",
            "close it with `]` on the same line, or write one `- item` per line",
            start,
        )
    } else if problem.contains("expected ',' or '}'") {
        (
            "a `{` map is never closed",
            "close it with `}`; if the value is text, put it in quotes",
            start,
        )
    } else if problem.contains("mapping values are not allowed") {
        (
            "a `: ` inside a value, or an indented line, reads as a nested key",
            "put a value holding `: ` in quotes (`role: \"Lead: Growth\"`), and start every key at the first column",
            here,
        )
    } else if problem.contains("tab character") {
        (
            "a tab is used for indentation",
            "indent YAML with spaces, not tabs",
            here,
        )
    } else if problem.contains("cannot start any token") {
        (
            "a value cannot start with this character",
            "put the value in quotes, e.g. `name: \"@maya\"`",
            here,
        )
    } else if problem.contains("could not find expected ':'") {
        (
            "a line is not a `key: value` pair",
            "write `key: value`, or start the line with `#` to make it a comment",
            start,
        )
    } else if problem.contains("did not find expected key") {
        (
            "this line does not fit the `key: value` lines around it",
            "check indentation and quotes: a `- item` belongs under its key, and a quoted value ends at its closing quote",
            here,
        )
    } else {
        return (
            format!("the front matter is not valid YAML: {problem}"),
            YAML_HINT.to_string(),
            here,
        );
    };
    (
        format!("the front matter is not valid YAML: {what}"),
        hint.to_string(),
        at,
    )
}

/// The code, message and hint for a value of the wrong shape.
fn yaml_message(e: &frontmatter::YamlError) -> (&'static str, String, String) {
    let Some(key) = &e.key else {
        return (
            "yaml",
            format!("the front matter is not valid YAML: {}", e.message),
            YAML_HINT.to_string(),
        );
    };
    let path = describe_path(e.path.as_deref().unwrap_or(key));
    if e.message.contains("appears twice") {
        return (
            "duplicate-key",
            e.message.clone(),
            format!("keep one `{key}:` line; the first one is used"),
        );
    }
    if e.message.contains("untagged enum OneOrMany") {
        return (
            "wrong-type",
            format!("{path} should be a contact slug or a list of them"),
            format!("write `{key}: [ana-lima, ben-okafor]`"),
        );
    }
    let shape = e
        .message
        .strip_prefix("invalid type: ")
        .or_else(|| e.message.strip_prefix("invalid value: "))
        .and_then(|rest| rest.rsplit_once(", expected "));
    let Some((found, expected)) = shape else {
        return (
            "wrong-type",
            format!("{path}: {}", e.message),
            YAML_HINT.to_string(),
        );
    };
    let expected = match expected {
        "u8" | "u16" | "u32" | "u64" | "i64" => "a whole number",
        "a boolean" => "`true` or `false`",
        "a sequence" => "a list",
        "text" | "a string" => "text",
        other if other.contains("map") || other.starts_with("struct") => {
            "a map of `key: value` lines"
        }
        other => other,
    };
    let found = describe_found(found);
    let hint = match expected {
        "a whole number" => format!("write digits only, e.g. `{key}: 30`"),
        "`true` or `false`" => format!("write `{key}: true` or `{key}: false`"),
        "a list" => format!("write `{key}: [first, second]`, or one `- item` per line under `{key}:`"),
        "text" => "a value that starts with `[`, `{` or holds `: ` is read as a list or a map: put the whole value in quotes".to_string(),
        _ => format!("indent `key: value` lines under `{key}:`"),
    };
    (
        "wrong-type",
        format!("{path} should be {expected}, not {found}"),
        hint,
    )
}

/// serde's `goals[1]` as a person counts: "item 2 of `goals`".
fn describe_path(path: &str) -> String {
    let item = path.split_once('[').and_then(|(key, rest)| {
        let (n, tail) = rest.split_once(']')?;
        let item = format!("item {} of `{key}`", n.parse::<usize>().ok()? + 1);
        Some(match tail.trim_start_matches('.') {
            "" => item,
            field => format!("`{field}` in {item}"),
        })
    });
    item.unwrap_or_else(|| format!("`{path}`"))
}

/// serde's "string \"thirty\"" as a person would say it.
fn describe_found(found: &str) -> String {
    if let Some(s) = found.strip_prefix("string ") {
        return format!("the text {s}");
    }
    for (serde, said) in [
        ("integer ", "the number "),
        ("floating point ", "the number "),
        ("boolean ", ""),
    ] {
        if let Some(v) = found.strip_prefix(serde) {
            return format!("{said}{}", v.trim_matches('`'));
        }
    }
    match found {
        "sequence" => "a list".into(),
        "map" => "a map".into(),
        "unit value" => "nothing".into(),
        other => other.into(),
    }
}

/// The hint for a YAML problem no rule above recognises.
const YAML_HINT: &str = "check the YAML syntax on this line: one `key: value` per line, lists as `[a, b]` or `- item` lines, values holding `: ` or starting with `[`, `{`, `@` in quotes";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_count_items_from_one() {
        assert_eq!(describe_path("goals[1]"), "item 2 of `goals`");
        assert_eq!(
            describe_path("questions[0].tags"),
            "`tags` in item 1 of `questions`"
        );
        assert_eq!(describe_path("duration"), "`duration`");
    }

    #[test]
    fn words_are_found_whole() {
        assert_eq!(find_word("[ana-lima, ana]", "ana"), Some(11));
        assert_eq!(find_word("ana-lima", "ana"), Some(0));
        assert_eq!(find_word("x", "y"), None);
    }

    #[test]
    fn value_widths_follow_yaml_shapes() {
        assert_eq!(value_width("goals: [a, {b: c}]", 12), 6);
        assert_eq!(value_width("duration: half an hour # soon", 11), 12);
        assert_eq!(value_width("tags: [a, [b]]", 7), 8);
    }
}
