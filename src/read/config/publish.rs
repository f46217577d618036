//! The `publish:` section of `coffeechat.yaml`: what a public build keeps
//! beyond the defaults of the field tables, and what it leaves out.

use crate::diagnostics::closest;
use crate::domain::CONTACT_FIELDS;
use serde::Deserialize;

/// The parts of a contact note that are not front matter fields but can
/// be published or not all the same.
pub const NOTE_PARTS: &[&str] = &["tags", "extra", "body"];

/// The `publish:` section, as written.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct RawPublish {
    pub public: bool,
    pub drop: Vec<String>,
    pub keep: Vec<String>,
    pub pages: Vec<String>,
    pub encrypt: Encrypt,
}

/// Pages about people, which a public build leaves out unless
/// `publish.pages` names them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PeoplePages {
    /// Each contact's page and the contacts index.
    Contacts,
    /// Each interview's page (its briefing), the index, the print packs
    /// and the calendar.
    Interviews,
    /// The referral network.
    Network,
}

impl PeoplePages {
    const ALL: [(PeoplePages, &'static str); 3] = [
        (PeoplePages::Contacts, "contacts"),
        (PeoplePages::Interviews, "interviews"),
        (PeoplePages::Network, "network"),
    ];
}

/// `publish.encrypt`: what an encrypted build (`--encrypt`) needs besides
/// the passphrase, which is never in the configuration.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Encrypt {
    /// The site's random salt, in hex; the first encrypted build (or
    /// `init`) writes it.
    pub salt: Option<String>,
    /// PBKDF2 rounds; at least 600,000 (the default).
    pub iterations: Option<u32>,
    /// Publish `calendar.ics` with times only ("Busy"), in the clear.
    pub busy_calendar: bool,
}

/// The validated `publish:` section.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Publish {
    /// Every build is a public build, as with `--public`.
    pub public: bool,
    /// The contact fields and parts a public build leaves out, in table order.
    pub dropped: Vec<&'static str>,
    /// The pages about people a public build publishes after all.
    pub pages: Vec<PeoplePages>,
    pub encrypt: Encrypt,
}

impl Default for Publish {
    fn default() -> Self {
        Publish::from_raw(RawPublish::default()).unwrap_or(Publish {
            public: false,
            dropped: droppable().collect(),
            pages: Vec::new(),
            encrypt: Encrypt::default(),
        })
    }
}

/// The names `drop` and `keep` may use, in table order (`name` is always
/// published).
fn droppable() -> impl Iterator<Item = &'static str> {
    CONTACT_FIELDS
        .iter()
        .map(|f| f.key)
        .filter(|k| *k != "name")
        .chain(NOTE_PARTS.iter().copied())
}

/// Whether a public build leaves `name` out when the configuration does
/// not say: the table's rule for fields; the note parts (tags, free data,
/// the body's candid notes) are left out.
fn dropped_by_default(name: &str) -> bool {
    CONTACT_FIELDS
        .iter()
        .find(|f| f.key == name)
        .is_none_or(|f| !f.public)
}

impl Publish {
    /// Dropped fields: the table's defaults, plus `drop`, less `keep`.
    pub fn from_raw(raw: RawPublish) -> Result<Publish, String> {
        let names: Vec<&str> = droppable().collect();
        for name in raw.drop.iter().chain(&raw.keep) {
            if !names.contains(&name.as_str()) {
                let hint = closest(name, names.iter().copied())
                    .map(|c| format!(" (did you mean `{c}`?)"))
                    .unwrap_or_default();
                return Err(format!(
                    "`publish`: `{name}` is not a contact field{hint}; the fields are {}",
                    names.join(", ")
                ));
            }
        }
        if let Some(both) = raw.drop.iter().find(|d| raw.keep.contains(d)) {
            return Err(format!(
                "`publish`: `{both}` is listed in both `drop` and `keep`"
            ));
        }
        let dropped = droppable()
            .filter(|f| {
                (dropped_by_default(f) || raw.drop.iter().any(|d| d == f))
                    && !raw.keep.iter().any(|k| k == f)
            })
            .collect();
        let pages = raw
            .pages
            .iter()
            .map(|name| {
                PeoplePages::ALL
                    .iter()
                    .find(|(_, n)| n == name)
                    .map(|(p, _)| *p)
                    .ok_or_else(|| {
                        format!(
                            "`publish.pages`: `{name}` is not a page a public build can add; the pages are contacts, interviews, network"
                        )
                    })
            })
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Publish {
            public: raw.public,
            dropped,
            pages,
            encrypt: raw.encrypt,
        })
    }

    /// Whether this build publishes `pages`: every build but a public one,
    /// and a public one when `publish.pages` names them.
    pub fn shows(&self, pages: PeoplePages) -> bool {
        !self.public || self.pages.contains(&pages)
    }

    pub fn drops(&self, field: &str) -> bool {
        self.dropped.contains(&field)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn raw(drop: &[&str], keep: &[&str]) -> RawPublish {
        RawPublish {
            public: false,
            drop: drop.iter().map(|s| s.to_string()).collect(),
            keep: keep.iter().map(|s| s.to_string()).collect(),
            pages: Vec::new(),
            encrypt: Encrypt::default(),
        }
    }

    /// Of a person, a public build keeps only the name (and its parts),
    /// role and company unless the configuration opts more in.
    #[test]
    fn only_name_role_and_company_are_kept_by_default() {
        let p = Publish::from_raw(RawPublish::default()).unwrap();
        let kept: Vec<&str> = CONTACT_FIELDS
            .iter()
            .map(|f| f.key)
            .filter(|k| !p.drops(k))
            .collect();
        assert_eq!(
            kept,
            vec!["name", "company", "role", "given_name", "family_name"]
        );
        for part in NOTE_PARTS {
            assert!(p.drops(part), "{part}");
        }
        assert_eq!(p, Publish::default());
    }

    #[test]
    fn keep_opts_in_and_drop_takes_out() {
        let p = Publish::from_raw(raw(&["role"], &["email", "body"])).unwrap();
        assert!(!p.drops("email") && !p.drops("body"));
        assert!(p.drops("role") && p.drops("phone") && p.drops("tags"));
    }

    #[test]
    fn pages_about_people_are_opted_in_by_name() {
        let mut r = raw(&[], &[]);
        r.pages = vec!["network".into()];
        let mut p = Publish::from_raw(r).unwrap();
        p.public = true;
        assert!(p.shows(PeoplePages::Network));
        assert!(!p.shows(PeoplePages::Contacts) && !p.shows(PeoplePages::Interviews));
        p.public = false;
        assert!(
            p.shows(PeoplePages::Contacts),
            "a private build shows everything"
        );
        let mut bad = raw(&[], &[]);
        bad.pages = vec!["people".into()];
        let e = Publish::from_raw(bad).unwrap_err();
        assert!(e.contains("contacts, interviews, network"), "{e}");
    }

    #[test]
    fn unknown_and_contradictory_fields_are_errors() {
        let e = Publish::from_raw(raw(&["emial"], &[])).unwrap_err();
        assert!(e.contains("did you mean `email`"), "{e}");
        let e = Publish::from_raw(raw(&["phone"], &["phone"])).unwrap_err();
        assert!(e.contains("both"), "{e}");
    }
}
