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
    pub encrypt: Encrypt,
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
    pub encrypt: Encrypt,
}

impl Default for Publish {
    fn default() -> Self {
        Publish::from_raw(RawPublish::default()).unwrap_or(Publish {
            public: false,
            dropped: droppable().collect(),
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
/// not say: the table's rule for fields; note parts are kept.
fn dropped_by_default(name: &str) -> bool {
    CONTACT_FIELDS
        .iter()
        .find(|f| f.key == name)
        .is_some_and(|f| !f.public)
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
        Ok(Publish {
            public: raw.public,
            dropped,
            encrypt: raw.encrypt,
        })
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
            encrypt: Encrypt::default(),
        }
    }

    #[test]
    fn email_and_phone_are_dropped_by_default() {
        let p = Publish::from_raw(RawPublish::default()).unwrap();
        assert_eq!(p.dropped, vec!["email", "phone"]);
        assert_eq!(p, Publish::default());
    }

    #[test]
    fn drop_adds_and_keep_removes() {
        let p = Publish::from_raw(raw(&["body", "linkedin"], &["email"])).unwrap();
        assert_eq!(p.dropped, vec!["phone", "linkedin", "body"]);
    }

    #[test]
    fn unknown_and_contradictory_fields_are_errors() {
        let e = Publish::from_raw(raw(&["emial"], &[])).unwrap_err();
        assert!(e.contains("did you mean `email`"), "{e}");
        let e = Publish::from_raw(raw(&["phone"], &["phone"])).unwrap_err();
        assert!(e.contains("both"), "{e}");
    }
}
