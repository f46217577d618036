//! A person the seeker wants to talk to, and the one table of a
//! contact's fields: what the schema knows, what a public build may keep,
//! and the columns of the CSV export.

use super::values::{Channel, Direction, SafeUrl, Source, Stage};
use jiff::civil::Date;

#[derive(Debug, Clone)]
pub struct Contact {
    pub name: String,
    /// The given and family names, when known (an import keeps them, a
    /// vCard's `N` is made of them): a full name cannot be split by rule
    /// (`Sanne de Vries`, `Kenji Watanabe, PhD`).
    pub given_name: Option<String>,
    pub family_name: Option<String>,
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

/// A field's value as text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FieldValue {
    Text(String),
    /// The slug of another note, shown by that note's title where it resolves.
    Reference(String),
}

impl FieldValue {
    /// The value as written in front matter.
    pub fn as_written(&self) -> &str {
        match self {
            FieldValue::Text(t) | FieldValue::Reference(t) => t,
        }
    }
}

/// One front matter field of a contact.
pub struct Field {
    pub key: &'static str,
    /// Whether a public build keeps it when the configuration says nothing.
    pub public: bool,
    /// The value, if the contact has one.
    pub value: fn(&Contact) -> Option<FieldValue>,
}

fn text(v: &Option<String>) -> Option<FieldValue> {
    v.clone().map(FieldValue::Text)
}

fn url(v: &Option<SafeUrl>) -> Option<FieldValue> {
    v.as_ref().map(|u| FieldValue::Text(u.as_str().to_string()))
}

fn date(v: Option<Date>) -> Option<FieldValue> {
    v.map(|d| FieldValue::Text(d.to_string()))
}

/// Every field of a contact, in front matter order (the parts of the name
/// last): the schema's keys, the
/// CSV columns and the fields `publish:` can name come from here, and
/// [`Contact::public_copy`] keeps a field only when this table lets it.
/// `name` is always published: it is how a person is shown at all.
pub const CONTACT_FIELDS: &[Field] = &[
    Field {
        key: "name",
        public: true,
        value: |c| Some(FieldValue::Text(c.name.clone())),
    },
    Field {
        key: "company",
        public: true,
        value: |c| c.company.clone().map(FieldValue::Reference),
    },
    Field {
        key: "role",
        public: true,
        value: |c| text(&c.role),
    },
    Field {
        key: "team",
        public: false,
        value: |c| text(&c.team),
    },
    Field {
        key: "location",
        public: false,
        value: |c| text(&c.location),
    },
    Field {
        key: "timezone",
        public: false,
        value: |c| c.timezone.as_ref().map(|t| FieldValue::Text(t.0.clone())),
    },
    Field {
        key: "source",
        public: false,
        value: |c| c.source.map(|s| FieldValue::Text(s.as_str().to_string())),
    },
    Field {
        key: "introduced_by",
        public: false,
        value: |c| c.introduced_by.clone().map(FieldValue::Reference),
    },
    Field {
        key: "email",
        public: false,
        value: |c| text(&c.email),
    },
    Field {
        key: "phone",
        public: false,
        value: |c| text(&c.phone),
    },
    Field {
        key: "linkedin",
        public: false,
        value: |c| url(&c.linkedin),
    },
    Field {
        key: "website",
        public: false,
        value: |c| url(&c.website),
    },
    Field {
        key: "stage",
        public: false,
        value: |c| c.stage.map(|s| FieldValue::Text(s.as_str().to_string())),
    },
    Field {
        key: "last_contacted",
        public: false,
        value: |c| date(c.last_contacted),
    },
    Field {
        key: "next_follow_up",
        public: false,
        value: |c| date(c.next_follow_up),
    },
    Field {
        key: "touches",
        public: false,
        value: |c| {
            (!c.touches.is_empty())
                .then(|| FieldValue::Text(format!("{} messages and calls", c.touches.len())))
        },
    },
    // The parts of the name, for the address book (vCard); last, so the
    // CSV export's columns only grow. Public like the name they make up;
    // `publish: {drop: [given_name, family_name]}` leaves them out where
    // they differ from the name shown.
    Field {
        key: "given_name",
        public: true,
        value: |c| text(&c.given_name),
    },
    Field {
        key: "family_name",
        public: true,
        value: |c| text(&c.family_name),
    },
];

impl Contact {
    /// The contact with only the fields `keep` allows (`name` always).
    /// Written without `..`: a field added to [`Contact`] does not compile
    /// until it is given a rule here, so a public build fails closed.
    pub fn public_copy(self, keep: impl Fn(&str) -> bool) -> Contact {
        let Contact {
            name,
            given_name,
            family_name,
            company,
            role,
            team,
            location,
            timezone,
            source,
            introduced_by,
            email,
            phone,
            linkedin,
            website,
            stage,
            last_contacted,
            next_follow_up,
            touches,
        } = self;
        fn kept<T>(keep: &impl Fn(&str) -> bool, key: &str, value: Option<T>) -> Option<T> {
            value.filter(|_| keep(key))
        }
        Contact {
            name,
            given_name: kept(&keep, "given_name", given_name),
            family_name: kept(&keep, "family_name", family_name),
            company: kept(&keep, "company", company),
            role: kept(&keep, "role", role),
            team: kept(&keep, "team", team),
            location: kept(&keep, "location", location),
            timezone: kept(&keep, "timezone", timezone),
            source: kept(&keep, "source", source),
            introduced_by: kept(&keep, "introduced_by", introduced_by),
            email: kept(&keep, "email", email),
            phone: kept(&keep, "phone", phone),
            linkedin: kept(&keep, "linkedin", linkedin),
            website: kept(&keep, "website", website),
            stage: kept(&keep, "stage", stage),
            last_contacted: kept(&keep, "last_contacted", last_contacted),
            next_follow_up: kept(&keep, "next_follow_up", next_follow_up),
            touches: kept(&keep, "touches", Some(touches)).unwrap_or_default(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn full() -> Contact {
        let url = |u: &str| SafeUrl::parse(u).ok();
        Contact {
            name: "Ana Lima".into(),
            given_name: Some("Ana".into()),
            family_name: Some("Lima".into()),
            company: Some("acme".into()),
            role: Some("Engineer".into()),
            team: Some("Robots".into()),
            location: Some("Lisbon".into()),
            timezone: Some((
                "Europe/Lisbon".into(),
                jiff::tz::TimeZone::get("Europe/Lisbon").expect("bundled zone"),
            )),
            source: Some(Source::Alumni),
            introduced_by: Some("ben".into()),
            email: Some("ana@example.com".into()),
            phone: Some("+1 555 0100".into()),
            linkedin: url("https://www.linkedin.com/in/ana-example"),
            website: url("https://ana.example.com"),
            stage: Some(Stage::Met),
            last_contacted: Some(jiff::civil::date(2026, 11, 1)),
            next_follow_up: Some(jiff::civil::date(2026, 12, 1)),
            touches: vec![Touch {
                date: jiff::civil::date(2026, 10, 30),
                channel: Channel::Email,
                direction: Direction::Sent,
                note: Some("asked for 20 minutes".into()),
                line: 9,
            }],
        }
    }

    /// Every field of a fully populated contact has a row, and the rows
    /// name each field once: the table and the type cannot drift apart.
    #[test]
    fn the_table_has_a_row_for_every_field() {
        let c = full();
        let keys: Vec<&str> = CONTACT_FIELDS.iter().map(|f| f.key).collect();
        let mut unique = keys.clone();
        unique.sort_unstable();
        unique.dedup();
        assert_eq!(unique.len(), keys.len(), "a key twice: {keys:?}");
        for f in CONTACT_FIELDS {
            assert!((f.value)(&c).is_some(), "`{}` reads nothing", f.key);
        }
        // public_copy keeping everything gives back every value...
        let kept = c.clone().public_copy(|_| true);
        for f in CONTACT_FIELDS {
            assert_eq!((f.value)(&kept), (f.value)(&c), "{}", f.key);
        }
        // ...and keeping nothing leaves only the name.
        let none = c.public_copy(|_| false);
        for f in CONTACT_FIELDS {
            let expected = (f.key == "name").then(|| FieldValue::Text("Ana Lima".into()));
            assert_eq!((f.value)(&none), expected, "{}", f.key);
        }
    }
}
