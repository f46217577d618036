//! What a public build may publish about people.
//!
//! A prep site holds personal data about real people, so a public build
//! (`--public`, or `publish: {public: true}` in config) leaves out notes
//! marked `private: true`, drafts, and the personal fields of contacts.
//! Fields are stripped from the notes right after they are read, before
//! the link graph, so no later stage (pages, calendar, feeds) can show
//! them by mistake.

use crate::diagnostics::closest;
use crate::domain::Kind;
use crate::read::note::Note;
use serde::Deserialize;

/// The contact fields a public build can leave out, in front matter order.
/// `body` is the note's Markdown text; `extra` its free map.
pub const CONTACT_FIELDS: &[&str] = &[
    "role",
    "team",
    "company",
    "location",
    "timezone",
    "source",
    "introduced_by",
    "email",
    "phone",
    "linkedin",
    "website",
    "stage",
    "last_contacted",
    "next_follow_up",
    "touches",
    "tags",
    "extra",
    "body",
];

/// Left out of a public build unless config keeps them.
/// `touches` is the private history of messages and calls.
pub const DEFAULT_DROPPED: &[&str] = &["email", "phone", "touches"];

/// The `publish:` section of `coffeechat.yaml`, as written.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct RawPublish {
    pub public: bool,
    pub drop: Vec<String>,
    pub keep: Vec<String>,
}

/// The validated `publish:` section.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Publish {
    /// Every build is a public build, as with `--public`.
    pub public: bool,
    /// The contact fields a public build leaves out, in [`CONTACT_FIELDS`] order.
    pub dropped: Vec<&'static str>,
}

impl Default for Publish {
    fn default() -> Self {
        Publish {
            public: false,
            dropped: DEFAULT_DROPPED.to_vec(),
        }
    }
}

impl Publish {
    /// Dropped fields: the defaults, plus `drop`, less `keep`.
    pub fn from_raw(raw: RawPublish) -> Result<Publish, String> {
        for name in raw.drop.iter().chain(&raw.keep) {
            if !CONTACT_FIELDS.contains(&name.as_str()) {
                let hint = closest(name, CONTACT_FIELDS.iter().copied())
                    .map(|c| format!(" (did you mean `{c}`?)"))
                    .unwrap_or_default();
                return Err(format!(
                    "`publish`: `{name}` is not a contact field{hint}; the fields are {}",
                    CONTACT_FIELDS.join(", ")
                ));
            }
        }
        if let Some(both) = raw.drop.iter().find(|d| raw.keep.contains(d)) {
            return Err(format!(
                "`publish`: `{both}` is listed in both `drop` and `keep`"
            ));
        }
        let dropped = CONTACT_FIELDS
            .iter()
            .copied()
            .filter(|f| {
                (DEFAULT_DROPPED.contains(f) || raw.drop.iter().any(|d| d == f))
                    && !raw.keep.iter().any(|k| k == f)
            })
            .collect();
        Ok(Publish {
            public: raw.public,
            dropped,
        })
    }

    pub fn drops(&self, field: &str) -> bool {
        self.dropped.contains(&field)
    }

    /// Removes the dropped fields from a contact note; other notes are left as they are.
    pub fn strip(&self, note: &mut Note) {
        if !matches!(note.kind, Kind::Contact(_)) {
            return;
        }
        for field in &self.dropped {
            match *field {
                "tags" => note.tags.clear(),
                "extra" => note.extra = serde_json::Value::Null,
                "body" => note.clear_body(),
                f => {
                    if let Kind::Contact(c) = &mut note.kind {
                        clear_contact_field(c, f);
                    }
                }
            }
        }
    }
}

fn clear_contact_field(c: &mut crate::domain::Contact, field: &str) {
    match field {
        "role" => c.role = None,
        "team" => c.team = None,
        "company" => c.company = None,
        "location" => c.location = None,
        "timezone" => c.timezone = None,
        "source" => c.source = None,
        "introduced_by" => c.introduced_by = None,
        "email" => c.email = None,
        "phone" => c.phone = None,
        "linkedin" => c.linkedin = None,
        "website" => c.website = None,
        "stage" => c.stage = None,
        "last_contacted" => c.last_contacted = None,
        "next_follow_up" => c.next_follow_up = None,
        "touches" => c.touches.clear(),
        _ => {}
    }
}

/// What a public build would publish about one person.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PersonReport {
    pub name: String,
    /// `content/contacts/ana.md`
    pub path: String,
    /// Why the whole note is left out (`private: true`, draft), if it is.
    pub left_out: Option<&'static str>,
    /// Published fields with their values, in front matter order.
    pub published: Vec<(&'static str, String)>,
    /// Fields the contact has that the build leaves out.
    pub dropped: Vec<&'static str>,
}

/// Describes what a public build would publish about the person in
/// `note`; `left_out` says why the whole note is not in the build, if so.
pub fn person_report(
    note: &Note,
    publish: &Publish,
    left_out: Option<&'static str>,
) -> PersonReport {
    let Some(c) = note.as_contact() else {
        return PersonReport {
            name: note.title.clone(),
            path: slash(note),
            left_out,
            published: Vec::new(),
            dropped: Vec::new(),
        };
    };
    let date = |d: Option<jiff::civil::Date>| d.map(|d| d.to_string());
    let body = note.body().trim();
    let values: Vec<(&'static str, Option<String>)> = vec![
        ("role", c.role.clone()),
        ("team", c.team.clone()),
        ("company", c.company.clone()),
        ("location", c.location.clone()),
        ("timezone", c.timezone.as_ref().map(|(n, _)| n.clone())),
        ("source", c.source.map(|s| s.as_str().to_string())),
        ("introduced_by", c.introduced_by.clone()),
        ("email", c.email.clone()),
        ("phone", c.phone.clone()),
        (
            "linkedin",
            c.linkedin.as_ref().map(|u| u.as_str().to_string()),
        ),
        (
            "website",
            c.website.as_ref().map(|u| u.as_str().to_string()),
        ),
        ("stage", c.stage.map(|s| s.as_str().to_string())),
        ("last_contacted", date(c.last_contacted)),
        ("next_follow_up", date(c.next_follow_up)),
        (
            "touches",
            (!c.touches.is_empty()).then(|| format!("{} messages and calls", c.touches.len())),
        ),
        (
            "tags",
            (!note.tags.is_empty()).then(|| note.tags.join(", ")),
        ),
        (
            "extra",
            (!note.extra.is_null() && note.extra.as_object().is_none_or(|m| !m.is_empty()))
                .then(|| note.extra.to_string()),
        ),
        (
            "body",
            (!body.is_empty()).then(|| {
                let words = body.split_whitespace().count();
                format!("{words} words of notes")
            }),
        ),
    ];
    let mut report = PersonReport {
        name: c.name.clone(),
        path: slash(note),
        left_out,
        published: Vec::new(),
        dropped: Vec::new(),
    };
    for (field, value) in values {
        let Some(value) = value else { continue };
        if left_out.is_some() || publish.drops(field) {
            report.dropped.push(field);
        } else {
            report.published.push((field, value));
        }
    }
    report
}

/// What a public build of the site at `options` would publish about each
/// contact, in path order. Notes that cannot be read are left to `check`.
pub fn report(options: &crate::Options) -> Result<Vec<PersonReport>, crate::Error> {
    use rayon::prelude::*;
    let config = options.load_config()?;
    let public = crate::Options {
        public: true,
        ..options.clone()
    };
    let (files, _) = crate::read::discover::discover(&options.root);
    let contacts: Vec<_> = files
        .into_iter()
        .filter(|f| f.collection == crate::read::discover::Collection::Contacts)
        .collect();
    Ok(contacts
        .par_iter()
        .filter_map(|f| crate::read::note::read(f, &config).note)
        .map(|n| person_report(&n, &config.publish, public.left_out(&config, &n)))
        .collect())
}

/// The report as text for the terminal, one block per person.
pub fn render_report(people: &[PersonReport]) -> String {
    let mut out = String::from("A public build publishes about each person:\n");
    if people.is_empty() {
        out.push_str("  (no contacts)\n");
    }
    for p in people {
        out.push_str(&format!("\n{} ({})\n", p.name, p.path));
        if let Some(reason) = p.left_out {
            out.push_str(&format!("  nothing: the note is left out ({reason})\n"));
            continue;
        }
        out.push_str(&format!("  name: {}\n", one_line(&p.name)));
        for (field, value) in &p.published {
            out.push_str(&format!("  {field}: {}\n", one_line(value)));
        }
        if !p.dropped.is_empty() {
            out.push_str(&format!("  left out: {}\n", p.dropped.join(", ")));
        }
    }
    out
}

/// A value on one line, cut short: the report is a summary.
fn one_line(value: &str) -> String {
    let flat = value.split_whitespace().collect::<Vec<_>>().join(" ");
    match flat.char_indices().nth(100) {
        Some((i, _)) => format!("{}…", &flat[..i]),
        None => flat,
    }
}

fn slash(note: &Note) -> String {
    note.path.to_string_lossy().replace('\\', "/")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn raw(drop: &[&str], keep: &[&str]) -> RawPublish {
        RawPublish {
            public: false,
            drop: drop.iter().map(|s| s.to_string()).collect(),
            keep: keep.iter().map(|s| s.to_string()).collect(),
        }
    }

    #[test]
    fn email_phone_and_touches_are_dropped_by_default() {
        let p = Publish::from_raw(RawPublish::default()).unwrap();
        assert_eq!(p.dropped, vec!["email", "phone", "touches"]);
        assert_eq!(p, Publish::default());
    }

    #[test]
    fn drop_adds_and_keep_removes() {
        let p = Publish::from_raw(raw(&["body", "linkedin"], &["email"])).unwrap();
        assert_eq!(p.dropped, vec!["phone", "linkedin", "touches", "body"]);
    }

    #[test]
    fn unknown_and_contradictory_fields_are_errors() {
        let e = Publish::from_raw(raw(&["emial"], &[])).unwrap_err();
        assert!(e.contains("did you mean `email`"), "{e}");
        let e = Publish::from_raw(raw(&["phone"], &["phone"])).unwrap_err();
        assert!(e.contains("both"), "{e}");
    }
}
