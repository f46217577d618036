//! The front matter each collection reads: the keys every note shares, and
//! each collection's own. The key lists are what the unknown-key warning
//! knows.

use crate::domain::Text;
use crate::read::frontmatter;
use serde::Deserialize;

/// Declares a front matter struct with the keys every note shares, and the
/// list of its known keys for the unknown-key warning.
macro_rules! front_matter {
    ($name:ident { $($(#[$attr:meta])* $field:ident : $ty:ty),* $(,)? }) => {
        #[derive(Debug, Default, Deserialize)]
        #[serde(default)]
        pub(crate) struct $name {
            pub(crate) draft: bool,
            pub(crate) private: bool,
            pub(crate) tags: Option<OneOrMany>,
            /// Other names the note is linked by (Obsidian's `aliases:`).
            pub(crate) aliases: Option<OneOrMany>,
            pub(crate) slug: Option<Text>,
            pub(crate) template: Option<String>,
            #[serde(deserialize_with = "frontmatter::strict_data")]
            pub(crate) extra: serde_json::Value,
            $($(#[$attr])* pub(crate) $field: $ty),*
        }

        impl $name {
            pub(crate) const KEYS: &'static [&'static str] =
                &["draft", "private", "tags", "aliases", "slug", "template", "extra", $(stringify!($field)),*];
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
    given_name: Option<Text>,
    family_name: Option<Text>,
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
pub(crate) enum QuestionItem {
    Plain(Text),
    Full {
        id: Option<Text>,
        text: Text,
        #[serde(default)]
        tags: Vec<Text>,
        why: Option<Text>,
        follow_up: Option<Text>,
        /// Asked in every conversation (`who else should I talk to?`), so
        /// never marked as asked before.
        #[serde(default)]
        repeat: bool,
    },
}

front_matter!(BankFront {
    title: Option<Text>,
    description: Option<Text>,
    // Read item by item (see `bank`), so a bad item is located exactly.
    #[serde(deserialize_with = "frontmatter::strict_data_list")]
    questions: Vec<serde_json::Value>,
});

#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub(crate) enum OneOrMany {
    One(Text),
    Many(Vec<Text>),
}

impl OneOrMany {
    pub(crate) fn into_vec(self) -> Vec<Text> {
        match self {
            OneOrMany::One(t) => vec![t],
            OneOrMany::Many(list) => list,
        }
    }
}

/// A tag in the one form it is shown and compared in: without a leading
/// `#` (Obsidian writes both) and in lower case, so `Mentor`, `mentor`
/// and `#mentor` are one tag.
pub(crate) fn tag_form(tag: &str) -> Option<String> {
    let tag = tag.trim().trim_start_matches('#').trim();
    (!tag.is_empty()).then(|| tag.to_lowercase())
}

/// `tags:` as a list or as one scalar, in their one form, without repeats.
pub(crate) fn tags(written: Option<OneOrMany>) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for t in written.map(OneOrMany::into_vec).unwrap_or_default() {
        if let Some(t) = tag_form(&t.0) {
            if !out.contains(&t) {
                out.push(t);
            }
        }
    }
    out
}

/// `aliases:` as names to link by. Hugo also has an `aliases:` key, of
/// old URL paths (`/old/page/`): those are not names, and are left out.
pub(crate) fn aliases(written: Option<OneOrMany>) -> Vec<String> {
    let list = written.map(OneOrMany::into_vec).unwrap_or_default();
    list.into_iter()
        .map(|t| t.0.trim().to_string())
        .filter(|a| !a.is_empty() && !a.starts_with('/'))
        .collect()
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

/// The shared keys of a front matter struct, read.
macro_rules! common {
    ($front:expr) => {
        $crate::read::reader::Common {
            draft: $front.draft,
            private: $front.private,
            tags: $crate::read::schema::tags($front.tags),
            aliases: $crate::read::schema::aliases($front.aliases),
            slug: $front.slug.map(|t| t.0),
            template: $front.template,
            extra: match $front.extra {
                serde_json::Value::Null => serde_json::Value::Object(Default::default()),
                other => other,
            },
        }
    };
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The schema reads exactly the fields of the contact table (and the
    /// keys every note shares): a field cannot be read without a publish
    /// rule, nor have a rule without being read.
    #[test]
    fn the_contact_schema_is_the_field_table() {
        let shared = [
            "draft", "private", "tags", "aliases", "slug", "template", "extra",
        ];
        let mut schema: Vec<&str> = ContactFront::KEYS
            .iter()
            .copied()
            .filter(|k| !shared.contains(k))
            .collect();
        let mut table: Vec<&str> = crate::domain::CONTACT_FIELDS
            .iter()
            .map(|f| f.key)
            .collect();
        schema.sort_unstable();
        table.sort_unstable();
        assert_eq!(schema, table);
    }
}
