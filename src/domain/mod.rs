//! The content model: the four collections, their fields, and the value
//! sets of their enumerated fields. Types here are already validated:
//! dates are dates, URLs are safe, enumerations are enumerations.

pub mod public;
pub mod workflow;

use jiff::civil::Date;
use jiff::Zoned;
use serde::{Deserialize, Deserializer, Serialize};

/// Declares an enumeration read from front matter in kebab-case, with its
/// list of values for messages and charts.
macro_rules! value_set {
    ($(#[$meta:meta])* $name:ident { $($variant:ident = $text:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize, Serialize)]
        pub enum $name {
            $(#[serde(rename = $text)] $variant),+
        }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $text),+ }
            }

            /// The value written as `text` (as in front matter), if it is one.
            pub fn parse(text: &str) -> Option<$name> {
                Self::ALL.iter().copied().find(|v| v.as_str() == text)
            }

            /// Every value as written, for messages.
            pub fn names() -> Vec<&'static str> {
                Self::ALL.iter().map(|v| v.as_str()).collect()
            }
        }
    };
}

value_set!(
    /// Where the seeker stands with a company.
    CompanyStatus {
        Researching = "researching",
        Target = "target",
        Contacted = "contacted",
        Engaged = "engaged",
        NotAFit = "not-a-fit",
    }
);

value_set!(
    /// How the seeker came to know a contact.
    Source {
        Friend = "friend",
        Family = "family",
        Alumni = "alumni",
        Coworker = "coworker",
        Client = "client",
        Community = "community",
        Advisor = "advisor",
        Recruiter = "recruiter",
        Referral = "referral",
        Stranger = "stranger",
        Other = "other",
    }
);

value_set!(
    /// Where a contact is in the outreach pipeline.
    Stage {
        Identified = "identified",
        Contacted = "contacted",
        Scheduled = "scheduled",
        Met = "met",
        Thanked = "thanked",
        KeepingInTouch = "keeping-in-touch",
    }
);

value_set!(
    Format {
        Coffee = "coffee",
        Phone = "phone",
        Video = "video",
        Onsite = "onsite",
        Other = "other",
    }
);

value_set!(
    /// An interview's progress. `planned` (not yet asked) and `thanked`
    /// (done, thank-you sent) extend the spec's four values: seekers track
    /// both, and the shared benchmark corpus uses them.
    InterviewStatus {
        Planned = "planned",
        Requested = "requested",
        Scheduled = "scheduled",
        Done = "done",
        Thanked = "thanked",
        Cancelled = "cancelled",
    }
);

impl InterviewStatus {
    /// The conversation has taken place.
    pub fn is_past(self) -> bool {
        matches!(self, InterviewStatus::Done | InterviewStatus::Thanked)
    }

    /// The conversation may still take place.
    pub fn is_open(self) -> bool {
        matches!(
            self,
            InterviewStatus::Planned | InterviewStatus::Requested | InterviewStatus::Scheduled
        )
    }
}

value_set!(
    /// How a touch (a message or a call) went.
    Channel {
        Email = "email",
        Linkedin = "linkedin",
        Phone = "phone",
        Meeting = "meeting",
        Other = "other",
    }
);

value_set!(
    /// Who wrote or called: the seeker (`sent`) or the contact (`received`).
    Direction {
        Sent = "sent",
        Received = "received",
    }
);

/// One entry of a contact's `touches:` history.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Touch {
    pub date: Date,
    pub channel: Channel,
    pub direction: Direction,
    pub note: Option<String>,
    /// File line of the item, for diagnostics (a touch dated in the future).
    pub line: usize,
}

/// Free text in front matter. YAML reads `size: 200` or `phone: 5550142`
/// as numbers; a person meant text, so numbers and booleans are accepted
/// and kept as written.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct Text(pub String);

impl<'de> Deserialize<'de> for Text {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl serde::de::Visitor<'_> for V {
            type Value = Text;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("text")
            }
            fn visit_str<E>(self, v: &str) -> Result<Text, E> {
                Ok(Text(v.to_string()))
            }
            fn visit_string<E>(self, v: String) -> Result<Text, E> {
                Ok(Text(v))
            }
            fn visit_i64<E>(self, v: i64) -> Result<Text, E> {
                Ok(Text(v.to_string()))
            }
            fn visit_u64<E>(self, v: u64) -> Result<Text, E> {
                Ok(Text(v.to_string()))
            }
            fn visit_f64<E>(self, v: f64) -> Result<Text, E> {
                Ok(Text(v.to_string()))
            }
            fn visit_bool<E>(self, v: bool) -> Result<Text, E> {
                Ok(Text(v.to_string()))
            }
        }
        d.deserialize_any(V)
    }
}

impl Text {
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A URL that is safe to put in an `href`: http, https or mailto only.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct SafeUrl(String);

impl SafeUrl {
    pub fn parse(input: &str) -> Result<SafeUrl, String> {
        let s = input.trim();
        let lower = s.to_ascii_lowercase();
        let scheme_ok = ["http://", "https://", "mailto:"]
            .iter()
            .any(|p| lower.starts_with(p) && s.len() > p.len());
        if !scheme_ok {
            return Err(format!("`{s}` is not an http(s) or mailto URL"));
        }
        if s.chars()
            .any(|c| c.is_whitespace() || c.is_control() || matches!(c, '"' | '<' | '>' | '`'))
        {
            return Err(format!("`{s}` contains spaces, quotes or angle brackets"));
        }
        Ok(SafeUrl(s.to_string()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

#[derive(Debug, Clone)]
pub struct Company {
    pub name: String,
    pub summary: Option<String>,
    pub industry: Option<String>,
    pub website: Option<SafeUrl>,
    pub careers_url: Option<SafeUrl>,
    pub location: Option<String>,
    pub size: Option<String>,
    pub status: Option<CompanyStatus>,
    pub interest: Option<u8>,
}

#[derive(Debug, Clone)]
pub struct Contact {
    pub name: String,
    pub company: Option<String>,
    pub role: Option<String>,
    pub team: Option<String>,
    pub location: Option<String>,
    pub timezone: Option<(String, jiff::tz::TimeZone)>,
    pub source: Option<Source>,
    pub introduced_by: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub linkedin: Option<SafeUrl>,
    pub website: Option<SafeUrl>,
    pub stage: Option<Stage>,
    /// As written, or else the date of the latest touch.
    pub last_contacted: Option<Date>,
    pub next_follow_up: Option<Date>,
    /// The history of messages and calls, oldest first.
    pub touches: Vec<Touch>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Question {
    pub id: String,
    pub text: String,
    pub tags: Vec<String>,
    pub why: Option<String>,
    pub follow_up: Option<String>,
    /// File line of the item, for diagnostics.
    #[serde(skip)]
    pub line: usize,
}

#[derive(Debug, Clone)]
pub struct QuestionBank {
    pub title: String,
    pub description: Option<String>,
    pub questions: Vec<Question>,
}

/// Where an interview takes place: a place name or a meeting link.
#[derive(Debug, Clone)]
pub enum Place {
    Text(String),
    Link(SafeUrl),
}

#[derive(Debug, Clone)]
pub struct Interview {
    /// As written; when absent the graph names the interview after its contacts.
    pub title: Option<String>,
    pub contacts: Vec<String>,
    pub company: Option<String>,
    pub date: Option<Zoned>,
    /// `date` was a day without a time ("day agreed, time not yet"); the
    /// day is then held at midnight in `date` but never shown as a time.
    pub date_only: bool,
    pub duration: u32,
    pub format: Option<Format>,
    pub location: Option<Place>,
    pub status: InterviewStatus,
    pub goals: Vec<String>,
    /// References (`bank`, `bank/id`) or literal questions, as written.
    pub questions: Vec<String>,
    pub talking_points: Vec<String>,
    pub referrals: Vec<String>,
    pub asked: Vec<String>,
    pub thank_you_sent: Option<Date>,
    pub follow_up: Option<Date>,
    pub next_steps: Vec<String>,
    pub resume_requested: bool,
    pub resume_sent: Option<Date>,
    /// Things learned in the conversation, for the thank-you note.
    pub learned: Vec<String>,
}

impl Interview {
    /// The date a thank-you is due: the interview's date plus `days`.
    pub fn thank_you_due(&self, days: u32) -> Option<Date> {
        let date = self.date.as_ref()?.date();
        date.checked_add(jiff::Span::new().days(i64::from(days)))
            .ok()
    }
}

#[derive(Debug, Clone)]
pub struct Page {
    pub title: String,
}

/// What a note is, with its collection's fields.
#[derive(Debug, Clone)]
pub enum Kind {
    Company(Company),
    Contact(Contact),
    Bank(QuestionBank),
    Interview(Interview),
    Page(Page),
}
