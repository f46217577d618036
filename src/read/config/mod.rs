//! The site configuration, `coffeechat.yaml`.

pub mod edit;
pub mod publish;

use crate::diagnostics::Diagnostic;
use crate::read::frontmatter;
use jiff::tz::TimeZone;
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

pub const CONFIG_FILE: &str = "coffeechat.yaml";

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Paper {
    #[default]
    A4,
    Letter,
}

#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(default, deny_unknown_fields)]
pub struct Owner {
    pub name: String,
    pub pitch: String,
    pub email: String,
    /// A link to the seeker's resume, for thank-you notes when one was
    /// asked for: a `mailto:` link cannot attach a file.
    #[serde(default, deserialize_with = "safe_url")]
    pub resume_url: Option<String>,
}

/// `owner.resume_url`, which must be an http(s) address.
fn safe_url<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    let text: Option<String> = Option::deserialize(d)?;
    match text.filter(|t| !t.trim().is_empty()) {
        None => Ok(None),
        Some(t) => crate::domain::SafeUrl::parse(&t)
            .map(|u| Some(u.as_str().to_string()))
            .map_err(|m| serde::de::Error::custom(format!("`owner.resume_url`: {m}"))),
    }
}

/// The etiquette reminders printed on every briefing unless config says otherwise.
pub const DEFAULT_ETIQUETTE: &[&str] = &[
    "Be on time and keep to the agreed time box; offer to stop when it is up.",
    "Never ask for a job: ask for advice, information and insight.",
    "Take notes, and say that you are taking them.",
    "Ask whom else you should talk to, and whether you may mention their name.",
    "Send a thank-you note within two days.",
];

/// How a conversation's time box is split, in shares of its minutes
/// (`time_plan:`): printed at the top of a briefing's questions.
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq, Eq)]
#[serde(default, deny_unknown_fields)]
pub struct TimePlan {
    /// Thanks, who you are, why them.
    pub opening: u32,
    pub questions: u32,
    /// The ask: whom else to talk to, an introduction.
    pub referrals: u32,
    /// Thanks again, the next step, and stopping on time.
    pub closing: u32,
}

impl Default for TimePlan {
    fn default() -> Self {
        TimePlan {
            opening: 15,
            questions: 60,
            referrals: 15,
            closing: 10,
        }
    }
}

impl TimePlan {
    /// Minutes of `duration` for the opening, questions, referrals and
    /// closing, in that order; they add up to `duration`, the questions
    /// taking what rounding leaves.
    pub fn minutes(&self, duration: u32) -> [u32; 4] {
        let total = self.opening + self.questions + self.referrals + self.closing;
        if total == 0 {
            return [0, duration, 0, 0];
        }
        // Rounded to the nearest minute, half up, in integers.
        let share = |part: u32| {
            (u64::from(duration) * u64::from(part) * 2 + u64::from(total)) / (2 * u64::from(total))
        };
        let [o, r, c] = [self.opening, self.referrals, self.closing].map(|p| share(p) as u32);
        let q = duration.saturating_sub(o + r + c);
        [o, q, r, c]
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    title: Option<String>,
    base_url: Option<String>,
    theme: Option<String>,
    timezone: Option<String>,
    paper: Option<Paper>,
    thank_you_days: Option<u32>,
    default_duration: Option<u32>,
    nudge_days: Option<u32>,
    keep_in_touch_days: Option<u32>,
    remind_minutes: Option<u32>,
    owner: Option<Owner>,
    etiquette: Option<Vec<String>>,
    time_plan: Option<TimePlan>,
    cname: Option<String>,
    allow_indexing: Option<bool>,
    publish: Option<publish::RawPublish>,
    max_note_bytes: Option<u64>,
    links: Option<LinkRules>,
    check: Option<CheckRules>,
}

/// `links:` in the configuration: what a wikilink to a note not written
/// yet does.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(default, deny_unknown_fields)]
pub struct LinkRules {
    pub missing: Missing,
}

/// A link to no note: an error (the default, so typos are caught), or a
/// warning for a site that links to notes it means to write.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Missing {
    #[default]
    Error,
    Warn,
}

/// `check:` in the configuration.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(default, deny_unknown_fields)]
pub struct CheckRules {
    /// Front matter keys never warned about (kept in `extra`).
    pub ignore_keys: Vec<String>,
}

/// The validated configuration. Every field has its final value.
#[derive(Debug, Clone)]
pub struct Config {
    pub title: String,
    pub base_url: BaseUrl,
    pub theme: Option<String>,
    pub timezone: TimeZone,
    pub timezone_name: String,
    pub paper: Paper,
    pub thank_you_days: u32,
    pub default_duration: u32,
    /// Days without a reply before one polite nudge (then, as long again, letting it go).
    pub nudge_days: u32,
    /// Days between check-ins with a `keeping-in-touch` contact.
    pub keep_in_touch_days: u32,
    /// Minutes before an interview its calendar alarm goes off.
    pub remind_minutes: u32,
    pub owner: Owner,
    pub etiquette: Vec<String>,
    /// The suggested split of each time box.
    pub time_plan: TimePlan,
    pub cname: Option<String>,
    pub allow_indexing: bool,
    /// What a public build leaves out.
    pub publish: publish::Publish,
    /// A larger note is an error: rendering takes many times a note's size.
    pub max_note_bytes: u64,
    pub links: LinkRules,
    pub check: CheckRules,
}

/// The default `max_note_bytes`: far above any real note, far below what
/// would exhaust memory when rendered.
pub const MAX_NOTE_BYTES: u64 = 4 << 20;

impl Config {
    /// Reads and validates the configuration file at `path`, relative to `root`.
    pub fn load(root: &Path, path: &Path) -> Result<Config, Diagnostic> {
        let shown = path.strip_prefix(root).unwrap_or(path);
        let text = std::fs::read_to_string(path).map_err(|e| {
            Diagnostic::error(
                "config",
                shown,
                format!("cannot read the configuration: {e}"),
            )
        })?;
        Config::parse(&text, shown)
    }

    pub fn parse(text: &str, file: &Path) -> Result<Config, Diagnostic> {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let raw: RawConfig = frontmatter::from_yaml(text, 1).map_err(|e| {
            Diagnostic::error("config", file, e.message)
                .at((e.line, e.column))
                .hint("see the configuration section of README.md for the keys")
        })?;
        let key_line = |key: &str| {
            frontmatter::top_level_keys(text, 1)
                .into_iter()
                .find(|(k, _)| *k == key)
                .map_or((0, 0), |(_, l)| (l, 1))
        };
        let base_url = BaseUrl::parse(raw.base_url.as_deref().unwrap_or("/")).map_err(|m| {
            Diagnostic::error("config", file, m)
                .at(key_line("base_url"))
                .hint("use a URL such as https://user.github.io/prep/")
        })?;
        let timezone_name = raw.timezone.unwrap_or_else(|| "UTC".to_string());
        let timezone = TimeZone::get(&timezone_name).map_err(|_| {
            Diagnostic::error(
                "config",
                file,
                format!("unknown time zone `{timezone_name}`"),
            )
            .at(key_line("timezone"))
            .hint("use an IANA name such as Europe/Berlin or America/Chicago")
        })?;
        let publish = publish::Publish::from_raw(raw.publish.unwrap_or_default()).map_err(|m| {
            Diagnostic::error("config", file, m)
                .at(key_line("publish"))
                .hint("see the publishing section of README.md")
        })?;
        Ok(Config {
            title: raw.title.unwrap_or_else(|| "Coffee chats".to_string()),
            base_url,
            theme: raw.theme,
            timezone,
            timezone_name,
            paper: raw.paper.unwrap_or_default(),
            thank_you_days: raw.thank_you_days.unwrap_or(2),
            default_duration: raw.default_duration.unwrap_or(20),
            nudge_days: raw.nudge_days.unwrap_or(7).max(1),
            keep_in_touch_days: raw.keep_in_touch_days.unwrap_or(90).max(1),
            remind_minutes: raw.remind_minutes.unwrap_or(60),
            owner: raw.owner.unwrap_or_default(),
            etiquette: raw
                .etiquette
                .unwrap_or_else(|| DEFAULT_ETIQUETTE.iter().map(|s| s.to_string()).collect()),
            time_plan: raw.time_plan.unwrap_or_default(),
            cname: raw.cname,
            allow_indexing: raw.allow_indexing.unwrap_or(false),
            publish,
            max_note_bytes: raw.max_note_bytes.unwrap_or(MAX_NOTE_BYTES),
            links: raw.links.unwrap_or_default(),
            check: raw.check.unwrap_or_default(),
        })
    }
}

/// Finds the site root: the nearest directory, from `start` upward, that
/// holds `coffeechat.yaml`.
pub fn find_root(start: &Path) -> Option<PathBuf> {
    start
        .ancestors()
        .find(|dir| dir.join(CONFIG_FILE).is_file())
        .map(Path::to_path_buf)
}

/// The site's public address. `path` always starts and ends with `/`, so
/// an internal URL is `path` followed by a relative path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BaseUrl {
    /// `https://user.github.io` (no trailing slash), or empty for a bare path.
    pub origin: String,
    /// `/prep/` or `/`.
    pub path: String,
}

impl BaseUrl {
    pub fn parse(input: &str) -> Result<BaseUrl, String> {
        let input = input.trim();
        let (origin, path) = if let Some(rest) = input
            .strip_prefix("https://")
            .or_else(|| input.strip_prefix("http://"))
        {
            let scheme_len = input.len() - rest.len();
            let host_end = rest.find('/').unwrap_or(rest.len());
            if host_end == 0 {
                return Err(format!("base_url `{input}` has no host"));
            }
            (
                input[..scheme_len + host_end].to_string(),
                &rest[host_end..],
            )
        } else if input.starts_with('/') {
            (String::new(), input)
        } else {
            return Err(format!(
                "base_url `{input}` must start with https://, http:// or /"
            ));
        };
        if path.contains(['?', '#', '"', '<', '>', ' ']) {
            return Err(format!(
                "base_url `{input}` must not contain a query, a fragment or spaces"
            ));
        }
        let trimmed = path.trim_matches('/');
        let path = if trimmed.is_empty() {
            "/".to_string()
        } else {
            format!("/{trimmed}/")
        };
        Ok(BaseUrl { origin, path })
    }

    /// The absolute form, e.g. `https://user.github.io/prep/`.
    pub fn absolute(&self) -> String {
        format!("{}{}", self.origin, self.path)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_url_keeps_its_path() {
        let b = BaseUrl::parse("https://user.github.io/prep").unwrap();
        assert_eq!(b.origin, "https://user.github.io");
        assert_eq!(b.path, "/prep/");
        assert_eq!(BaseUrl::parse("https://example.com").unwrap().path, "/");
        assert!(BaseUrl::parse("javascript:alert(1)").is_err());
    }

    #[test]
    fn defaults_apply() {
        let c = Config::parse("title: T\n", Path::new("coffeechat.yaml")).unwrap();
        assert_eq!(c.thank_you_days, 2);
        assert_eq!(c.default_duration, 20);
        assert_eq!(c.etiquette.len(), 5);
        assert_eq!(
            c.etiquette[0],
            "Be on time and keep to the agreed time box; offer to stop when it is up."
        );
        assert_eq!(c.etiquette[4], "Send a thank-you note within two days.");
        assert_eq!(c.time_plan.minutes(20), [3, 12, 3, 2]);
        assert_eq!(c.time_plan.minutes(30), [5, 17, 5, 3]);
        assert_eq!(c.time_plan.minutes(0), [0, 0, 0, 0]);
    }

    #[test]
    fn unknown_timezone_is_located() {
        let e =
            Config::parse("title: T\ntimezone: Mars/Olympus\n", Path::new("c.yaml")).unwrap_err();
        assert_eq!(e.line, 2);
        assert!(e.message.contains("Mars/Olympus"));
    }
}
