//! `coffeechat import`: notes made from other tools' exports. An import
//! only ever creates files; it never replaces or edits a note.

pub mod csv;
pub mod linkedin;
pub mod people;
pub mod vcard;

use crate::domain::Kind;
use crate::read::config::Config;
use crate::read::discover::{self, Collection};
use crate::read::slug::slugify;
use rayon::prelude::*;
use std::collections::HashMap;
use std::io::Write;
use std::path::{Path, PathBuf};

/// What an import did, row by row, with the source file's line numbers.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Report {
    pub dry_run: bool,
    /// Contact notes made, with the line of their row.
    pub contacts: Vec<(u64, PathBuf)>,
    /// Company notes made, with the line of the first row that named them.
    pub companies: Vec<(u64, PathBuf)>,
    /// Rows of people already in the site: line, name, why.
    pub skipped: Vec<(u64, String, String)>,
    /// Rows that could not be read: line, why.
    pub rejected: Vec<(u64, String)>,
}

impl Report {
    /// The report for the terminal: a summary line, then one line per row.
    pub fn render(&self, source: &Path) -> String {
        let verb = if self.dry_run {
            "would create"
        } else {
            "created"
        };
        let mut out = format!(
            "{}{verb} {} contact(s) and {} company note(s); skipped {}; rejected {} (from {})\n",
            if self.dry_run { "dry run: " } else { "" },
            self.contacts.len(),
            self.companies.len(),
            self.skipped.len(),
            self.rejected.len(),
            source.display()
        );
        let mut lines: Vec<(u64, u8, String)> = Vec::new();
        for (line, path) in &self.companies {
            lines.push((*line, 0, format!("{verb} {}", slash(path))));
        }
        for (line, path) in &self.contacts {
            lines.push((*line, 1, format!("{verb} {}", slash(path))));
        }
        for (line, name, why) in &self.skipped {
            lines.push((*line, 2, format!("skipped {name}: {why}")));
        }
        for (line, why) in &self.rejected {
            lines.push((*line, 3, format!("rejected: {why}")));
        }
        lines.sort();
        for (line, _, text) in lines {
            out.push_str(&format!("  line {line}: {text}\n"));
        }
        out
    }
}

fn slash(p: &Path) -> String {
    p.to_string_lossy().replace('\\', "/")
}

/// The notes a site already has, by the keys an import matches on.
#[derive(Debug, Default)]
pub struct Existing {
    /// Contact slugs and file names (a file `ana.md` with `slug: ana-l`
    /// holds both), each with the note's path.
    pub contact_slugs: HashMap<String, PathBuf>,
    /// Normalised LinkedIn URLs of contacts.
    pub linkedin: HashMap<String, PathBuf>,
    /// Each contact note's normalised LinkedIn URL, to tell two people of
    /// one name apart.
    pub linkedin_of: HashMap<PathBuf, String>,
    /// Lower-cased email addresses of contacts.
    pub emails: HashMap<String, PathBuf>,
    /// Phone numbers of contacts, by their digits.
    pub phones: HashMap<String, PathBuf>,
    /// Company slug, file name or lower-cased name → the slug to refer to it by.
    pub companies: HashMap<String, String>,
}

impl Existing {
    /// Reads every note of the site at `root`. A note that cannot be
    /// parsed still counts by its file name.
    pub fn scan(root: &Path, config: &Config) -> Existing {
        let (files, _) = discover::discover(root);
        let notes: Vec<_> = files
            .par_iter()
            .filter(|f| matches!(f.collection, Collection::Contacts | Collection::Companies))
            .map(|f| (f, crate::read::note::read(f, config).note))
            .collect();
        let mut e = Existing::default();
        for (file, note) in notes {
            let stem = slugify(discover::file_name(&file.path));
            match file.collection {
                Collection::Contacts => {
                    e.contact_slugs.insert(stem, file.path.clone());
                    let Some(n) = note else { continue };
                    e.contact_slugs.insert(n.slug.clone(), file.path.clone());
                    if let Kind::Contact(c) = &n.kind {
                        if let Some(url) = &c.linkedin {
                            let url = normalise_url(url.as_str());
                            e.linkedin.insert(url.clone(), file.path.clone());
                            e.linkedin_of.insert(file.path.clone(), url);
                        }
                        if let Some(email) = &c.email {
                            e.emails
                                .insert(email.trim().to_lowercase(), file.path.clone());
                        }
                        if let Some(phone) = &c.phone {
                            e.phones.insert(people::phone_key(phone), file.path.clone());
                        }
                    }
                }
                _ => {
                    let slug = note.as_ref().map_or(stem.clone(), |n| n.slug.clone());
                    e.companies.insert(stem, slug.clone());
                    if let Some(n) = &note {
                        e.companies
                            .insert(n.title.trim().to_lowercase(), slug.clone());
                    }
                    e.companies.insert(slug.clone(), slug);
                }
            }
        }
        e
    }
}

/// A LinkedIn profile address in one spelling: `http://www.linkedin.com/in/ana/`
/// and `https://linkedin.com/in/Ana` are the same person.
pub fn normalise_url(url: &str) -> String {
    let url = url.trim().to_lowercase();
    let url = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))
        .unwrap_or(&url);
    let url = url.strip_prefix("www.").unwrap_or(url);
    let url = url.split(['?', '#']).next().unwrap_or(url);
    url.trim_end_matches('/').to_string()
}

/// Creates `path` with `text`; an existing file is never touched.
/// Returns false when the file exists.
pub fn create_new(path: &Path, text: &str) -> std::io::Result<bool> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)?;
    }
    match std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
    {
        Ok(mut f) => {
            f.write_all(text.as_bytes())?;
            Ok(true)
        }
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Ok(false),
        Err(e) => Err(e),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn linkedin_urls_compare_in_one_spelling() {
        assert_eq!(
            normalise_url("http://www.LinkedIn.com/in/Ana-Lima/?trk=x"),
            normalise_url("https://linkedin.com/in/ana-lima")
        );
    }

    #[test]
    fn create_new_never_replaces() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("a/b.md");
        assert!(create_new(&p, "one").unwrap());
        assert!(!create_new(&p, "two").unwrap());
        assert_eq!(std::fs::read_to_string(&p).unwrap(), "one");
    }
}
