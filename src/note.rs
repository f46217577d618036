//! Reading one note file: front matter into typed fields, checked.

use crate::config::Config;
use crate::diagnostics::{closest, Diagnostic};
use crate::frontmatter::{self, SplitError};
use crate::load::{Collection, NoteFile};
use crate::model::*;
use crate::slug::slugify;
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

    /// The file line and column of a top-level front matter key, or of the
    /// front matter's first line when the key is absent.
    pub fn key_position(&self, key: &str) -> (usize, usize) {
        self.keys
            .iter()
            .find(|(k, _)| k == key)
            .map_or((2, 1), |(_, line)| (*line, 1))
    }

    pub fn has_key(&self, key: &str) -> bool {
        self.keys.iter().any(|(k, _)| k == key)
    }

    /// The position of `value` written under `key`, for a diagnostic about
    /// one item of a list. Falls back to the key's position.
    pub fn value_position(&self, key: &str, value: &str) -> (usize, usize) {
        let (key_line, _) = self.key_position(key);
        let next_key_line = self
            .keys
            .iter()
            .map(|(_, l)| *l)
            .filter(|l| *l > key_line)
            .min()
            .unwrap_or(self.body_line);
        let lines = self.text.lines().enumerate().skip(key_line - 1);
        for (i, line) in lines.take(next_key_line.saturating_sub(key_line).max(1)) {
            let search_from = if i + 1 == key_line { key.len() + 1 } else { 0 };
            if let Some(col) = line.get(search_from..).and_then(|rest| rest.find(value)) {
                return (i + 1, search_from + col + 1);
            }
        }
        (key_line, 1)
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
    ($name:ident { $($field:ident : $ty:ty),* $(,)? }) => {
        #[derive(Debug, Default, Deserialize)]
        #[serde(default)]
        struct $name {
            draft: bool,
            private: bool,
            tags: Vec<Text>,
            slug: Option<Text>,
            template: Option<String>,
            extra: serde_json::Value,
            $($field: $ty),*
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
    status: Option<CompanyStatus>,
    interest: Option<u8>,
});

front_matter!(ContactFront {
    name: Option<Text>,
    company: Option<Text>,
    role: Option<Text>,
    team: Option<Text>,
    location: Option<Text>,
    timezone: Option<String>,
    source: Option<Source>,
    introduced_by: Option<Text>,
    email: Option<String>,
    phone: Option<Text>,
    linkedin: Option<String>,
    website: Option<String>,
    stage: Option<Stage>,
    last_contacted: Option<Text>,
    next_follow_up: Option<Text>,
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
    questions: Vec<QuestionItem>,
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
    format: Option<Format>,
    location: Option<Text>,
    status: Option<InterviewStatus>,
    goals: Vec<Text>,
    questions: Vec<Text>,
    talking_points: Vec<Text>,
    referrals: Vec<Text>,
    asked: Vec<Text>,
    thank_you_sent: Option<Text>,
    follow_up: Option<Text>,
    next_steps: Vec<Text>,
    resume_requested: bool,
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
            return failed(
                Diagnostic::error(
                    "not-utf8",
                    &file.path,
                    format!("the note is not valid UTF-8 (byte {offset})"),
                )
                .at((line, 1))
                .hint("save the file as UTF-8 in your editor"),
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
    fn position(&self, key: &str) -> (usize, usize) {
        self.keys
            .iter()
            .find(|(k, _)| k == key)
            .map_or((1, 1), |(_, l)| (*l, 1))
    }

    fn error(&mut self, code: &'static str, key: &str, message: String, hint: impl Into<String>) {
        let d = Diagnostic::error(code, &self.path, message)
            .at(self.position(key))
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
        match frontmatter::from_yaml::<T>(yaml, first_line) {
            Ok(v) => Some(v),
            Err(e) => {
                let hint = yaml_hint(&e.message);
                self.diagnostics.push(
                    Diagnostic::error("yaml", &self.path, format!("front matter: {}", e.message))
                        .at((e.line, e.column))
                        .hint(hint),
                );
                None
            }
        }
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
                    format!("unknown key `{key}` for a {kind}"),
                )
                .at((*line, 1))
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
            None => {
                let d = Diagnostic::error(
                    "missing-field",
                    &self.path,
                    format!("a {kind} needs a `{key}`"),
                )
                .at((2, 1))
                .hint(format!("add a line `{key}: ...` to the front matter"));
                self.diagnostics.push(d);
                None
            }
        }
    }

    fn url(&mut self, value: Option<String>, key: &str) -> Option<SafeUrl> {
        let value = value.filter(|v| !v.trim().is_empty())?;
        match SafeUrl::parse(&value) {
            Ok(u) => Some(u),
            Err(message) => {
                self.error(
                    "bad-url",
                    key,
                    format!("`{key}`: {message}"),
                    "write a full address starting with https://",
                );
                None
            }
        }
    }

    fn date(&mut self, value: Option<Text>, key: &str) -> Option<Date> {
        let value = value?;
        match value.0.trim().parse::<Date>() {
            Ok(d) => Some(d),
            Err(_) => {
                self.error(
                    "bad-date",
                    key,
                    format!("`{key}`: `{}` is not a date", value.0),
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
                format!("`interest` is {i}, outside 1 to 5"),
                "rate your interest from 1 (low) to 5 (high)",
            );
        }
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
            status: f.status,
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
                    format!("`{e}` is not an email address"),
                    "write it as name@example.com",
                );
            }
        }
        let timezone = match f.timezone.clone() {
            Some(name) => match TimeZone::get(&name) {
                Ok(tz) => Some((name, tz)),
                Err(_) => {
                    self.error(
                        "bad-timezone",
                        "timezone",
                        format!("unknown time zone `{name}`"),
                        "use an IANA name such as Europe/Berlin or America/New_York",
                    );
                    None
                }
            },
            None => None,
        };
        let last_contacted = self.date(f.last_contacted.clone(), "last_contacted");
        let next_follow_up = self.date(f.next_follow_up.clone(), "next_follow_up");
        let name = name?;
        let contact = Contact {
            name: name.clone(),
            company: reference(f.company.clone()),
            role: text(f.role.clone()),
            team: text(f.team.clone()),
            location: text(f.location.clone()),
            timezone,
            source: f.source,
            introduced_by: reference(f.introduced_by.clone()),
            email,
            phone: text(f.phone.clone()),
            linkedin,
            website,
            stage: f.stage,
            last_contacted,
            next_follow_up,
        };
        Some((common!(f), name, Kind::Contact(contact)))
    }

    fn bank(&mut self, yaml: &str, line: usize) -> Fields {
        let mut f: BankFront = self.deserialize(yaml, line, BankFront::KEYS, "question bank")?;
        let title = self.required(f.title.clone(), "title", "question bank")?;
        let items = std::mem::take(&mut f.questions);
        let mut questions: Vec<Question> = Vec::with_capacity(items.len());
        let (first_line, _) = self.position("questions");
        let item_lines = list_item_lines(yaml, line, first_line);
        for (n, item) in items.into_iter().enumerate() {
            let item_line = item_lines.get(n).copied().unwrap_or(first_line);
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
                    .at((item_line, 1))
                    .hint("give it an `id:` with letters or digits"),
                );
                continue;
            }
            if let Some(first) = questions.iter().find(|o| o.id == q.id) {
                self.diagnostics.push(
                    Diagnostic::error(
                        "duplicate-question-id",
                        &self.path,
                        format!("two questions have the id `{}`", q.id),
                    )
                    .at((item_line, 1))
                    .hint(format!(
                        "the first is on line {}; give one of them another `id:`",
                        first.line
                    )),
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
        if contacts.is_empty() {
            self.diagnostics.push(
                Diagnostic::error(
                    "missing-field",
                    &self.path,
                    "an interview needs a `contact` (or a list of `contacts`)",
                )
                .at((2, 1))
                .hint("add a line `contact: <contact-slug>` to the front matter"),
            );
        }
        let date = f.date.clone().and_then(|d| {
            match parse_datetime(d.as_str(), &self.config.timezone) {
                Ok(z) => Some(z),
                Err(m) => {
                    self.error("bad-date", "date", format!("`date`: {m}"), "write `2026-03-14T10:00:00-05:00`, `2026-03-14 10:00` (site time zone) or `2026-03-14T10:00[Europe/Berlin]`");
                    None
                }
            }
        });
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
                            format!("`location`: {m}"),
                            "write a meeting link starting with https://, or a place name",
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
            duration: f.duration.unwrap_or(self.config.default_duration),
            format: f.format,
            location,
            status: f.status.unwrap_or(InterviewStatus::Scheduled),
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
        };
        Some((common!(f), provisional, Kind::Interview(interview)))
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

/// A date-time with an offset, with a bracketed time zone, or a local time
/// in `site_tz`.
pub fn parse_datetime(input: &str, site_tz: &TimeZone) -> Result<Zoned, String> {
    let s = input.trim();
    if s.contains('[') {
        return s
            .parse::<Zoned>()
            .map(|z| z.with_time_zone(site_tz.clone()))
            .map_err(|e| format!("`{s}` is not a date-time with a known time zone ({e})"));
    }
    if let Ok(ts) = s.parse::<Timestamp>() {
        return Ok(ts.to_zoned(site_tz.clone()));
    }
    match s.parse::<DateTime>() {
        Ok(dt) => dt
            .to_zoned(site_tz.clone())
            .map_err(|e| format!("`{s}` does not exist in the site's time zone ({e})")),
        Err(_) => match s.parse::<Date>() {
            Ok(d) => d
                .to_zoned(site_tz.clone())
                .map_err(|e| format!("`{s}`: {e}")),
            Err(_) => Err(format!("`{s}` is not a date and time")),
        },
    }
}

fn yaml_hint(message: &str) -> String {
    if let Some(rest) = message.split("unknown variant").nth(1) {
        if let Some(expected) = rest.split("expected").nth(1) {
            return format!(
                "allowed values: {}",
                expected.trim().trim_start_matches("one of").trim()
            );
        }
    }
    if message.contains("did not match any variant") {
        return "a question is either a plain string or a map with `text:` (and optional id, tags, why, follow_up)".to_string();
    }
    if message.contains("invalid type: map") {
        return "a `: ` inside a value makes YAML read a key and value: put the whole value in quotes".to_string();
    }
    if message.contains("tab") {
        return "indent YAML with spaces, not tabs".to_string();
    }
    "check the YAML syntax on this line: a `key: value` per line, lists as `- item`".to_string()
}
