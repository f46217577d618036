//! Which pages a site has, and their URLs. Every internal URL starts with
//! the base path, so a site served from `https://user.github.io/prep/`
//! links to `/prep/contacts/ana/`.

use crate::read::discover::Collection;
use crate::read::note::Note;

/// Builds URLs under one base path.
#[derive(Debug, Clone)]
pub struct Urls {
    /// `/` or `/prep/`.
    pub base: String,
}

impl Urls {
    pub fn new(base: &str) -> Urls {
        Urls {
            base: base.to_string(),
        }
    }

    /// The URL of a path relative to the site root: `tags/` → `/prep/tags/`.
    pub fn to(&self, relative: &str) -> String {
        format!("{}{}", self.base, relative)
    }

    pub fn note(&self, note: &Note) -> String {
        format!("{}{}/{}/", self.base, note.collection.dir(), note.slug)
    }

    pub fn collection(&self, collection: Collection) -> String {
        format!("{}{}/", self.base, collection.dir())
    }

    pub fn tag(&self, tag: &str) -> String {
        format!("{}tags/{}/", self.base, crate::read::slug::slugify(tag))
    }
}

/// The output file of a page whose URL is `relative` (`contacts/ana/`).
pub fn output_path(relative_url: &str) -> String {
    if relative_url.is_empty() || relative_url.ends_with('/') {
        format!("{relative_url}index.html")
    } else {
        relative_url.to_string()
    }
}

/// The path of an interview's own `.ics`, relative to the site root.
pub fn interview_ics(slug: &str) -> String {
    format!("interviews/{slug}/{slug}.ics")
}
