//! The part every contact import shares, whatever the file: people read
//! from a vCard file or a spreadsheet become contact notes, one new file
//! each. A note is never overwritten or merged into:
//!
//! - a person whose email, phone or LinkedIn URL a contact already has is
//!   skipped, naming that contact's file;
//! - a namesake with other details is imported as `<slug>-2.md`;
//! - a namesake with no detail to tell them apart is skipped, naming the
//!   file of the contact with that name.
//!
//! Every person read appears in the report: created, skipped or rejected,
//! with the line of the file it came from and the reason.

use super::{create_new, normalise_url, Existing, Report};
use crate::domain::SafeUrl;
use crate::read::slug::slugify;
use crate::Options;
use serde::Serialize;
use std::path::{Path, PathBuf};

/// The people read from a file, and the line and reason of each entry
/// that could not be read.
pub type Read = (Vec<Person>, Vec<(u64, String)>);

/// One person as an address book or a spreadsheet holds them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Person {
    /// The line of the file the person starts on.
    pub line: u64,
    pub name: String,
    pub given_name: Option<String>,
    pub family_name: Option<String>,
    /// The first is the contact's `email`; the others go under `extra`.
    pub emails: Vec<String>,
    pub phones: Vec<String>,
    pub linkedin: Option<SafeUrl>,
    pub website: Option<SafeUrl>,
    pub company: Option<String>,
    pub role: Option<String>,
    pub team: Option<String>,
    pub location: Option<String>,
    /// Free text (a card's NOTE, a spreadsheet's Notes): the note's body.
    pub note: Option<String>,
}

impl Person {
    /// The full name from its parts, when the file gives only those.
    pub fn name_from_parts(&mut self) {
        if self.name.trim().is_empty() {
            self.name = [&self.given_name, &self.family_name]
                .into_iter()
                .flatten()
                .map(|s| s.trim())
                .filter(|s| !s.is_empty())
                .collect::<Vec<_>>()
                .join(" ");
        }
    }

    /// Checks the person can be a contact note; else why not.
    pub fn check(&self) -> Result<(), String> {
        if self.name.trim().is_empty() {
            return Err("no name (neither a full name nor a given or family name)".into());
        }
        if slugify(&self.name).is_empty() {
            return Err(format!("the name `{}` gives no file name", self.name));
        }
        if let Some(e) = self
            .emails
            .iter()
            .find(|e| !e.contains('@') || e.contains(char::is_whitespace))
        {
            return Err(format!("{}: `{e}` is not an email address", self.name));
        }
        Ok(())
    }
}

/// How a web address read from a file is kept: a LinkedIn profile, or the
/// contact's website. Addresses that are not http(s) are refused.
pub fn web_address(url: &str) -> Result<(bool, SafeUrl), String> {
    let trimmed = url.trim();
    // `www.example.com/ana` is a web address without its scheme; anything
    // with a scheme keeps it, so SafeUrl can refuse `javascript:`.
    let colon = trimmed.find(':');
    let slash = trimmed.find('/').unwrap_or(trimmed.len());
    let with_scheme = if colon.is_some_and(|c| c < slash) {
        trimmed.to_string()
    } else {
        format!("https://{trimmed}")
    };
    let parsed = SafeUrl::parse(&with_scheme).map_err(|e| format!("URL `{trimmed}`: {e}"))?;
    if parsed.as_str().to_ascii_lowercase().starts_with("mailto:") {
        return Err(format!("URL `{trimmed}` is not a web address"));
    }
    let linkedin = normalise_url(parsed.as_str()).starts_with("linkedin.com/");
    Ok((linkedin, parsed))
}

#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error(transparent)]
    Site(#[from] crate::Error),
    #[error("cannot read {path}: {source}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    /// The file as a whole cannot be read as what it should be.
    #[error("{path}:{line}: {message}")]
    Format {
        path: PathBuf,
        line: u64,
        message: String,
    },
    #[error("cannot write {path}: {source}")]
    Write {
        path: PathBuf,
        source: std::io::Error,
    },
}

/// Where people come from, for the notes' tag and text.
#[derive(Debug, Clone, Copy)]
pub struct Origin {
    /// The tag every imported note gets: `vcard`, `csv`, `google-contacts`.
    pub tag: &'static str,
    /// The command, for the notes' text: `coffeechat import vcard`.
    pub command: &'static str,
}

/// Makes a contact note for each person not in the site yet.
pub fn import(
    options: &Options,
    people: &[Person],
    rejected: Vec<(u64, String)>,
    origin: Origin,
    dry_run: bool,
) -> Result<Report, ImportError> {
    let config = options.load_config()?;
    let mut existing = Existing::scan(&options.root, &config);
    let mut report = Report {
        dry_run,
        rejected,
        ..Report::default()
    };
    for p in people {
        if let Err(why) = p.check() {
            report.rejected.push((p.line, why));
            continue;
        }
        if let Some(why) = same_person(&existing, p) {
            report.skipped.push((p.line, p.name.clone(), why));
            continue;
        }
        let base = slugify(&p.name);
        let slug = match existing.contact_slugs.get(&base) {
            None => base,
            Some(path) if !has_details(p) => {
                let why = format!(
                    "{} has the same name, and this entry has no email, phone or LinkedIn URL to tell them apart",
                    slash(path)
                );
                report.skipped.push((p.line, p.name.clone(), why));
                continue;
            }
            Some(_) => free_slug(&existing, &base),
        };
        let company = match &p.company {
            Some(name) => company_slug(options, &mut existing, &mut report, name, p.line, origin)?,
            None => None,
        };
        let rel = PathBuf::from("content/contacts").join(format!("{slug}.md"));
        let text = contact_note(p, company.as_deref(), origin)?;
        if !dry_run && !write(&options.root.join(&rel), &text)? {
            let why = format!("{} already exists", slash(&rel));
            report.skipped.push((p.line, p.name.clone(), why));
            continue;
        }
        remember(&mut existing, p, slug, &rel);
        report.contacts.push((p.line, rel));
    }
    Ok(report)
}

fn has_details(p: &Person) -> bool {
    !p.emails.is_empty() || !p.phones.is_empty() || p.linkedin.is_some()
}

/// `ana-lima-2`, or the first number free after it.
fn free_slug(existing: &Existing, base: &str) -> String {
    (2..)
        .map(|n| format!("{base}-{n}"))
        .find(|s| !existing.contact_slugs.contains_key(s))
        .unwrap_or_else(|| base.to_string())
}

/// A phone number by its digits alone: `+1 (555) 010-0100` and
/// `+15550100100` are one number.
pub(crate) fn phone_key(phone: &str) -> String {
    phone.chars().filter(char::is_ascii_digit).collect()
}

/// Why `p` is a contact the site has already, if it is.
fn same_person(existing: &Existing, p: &Person) -> Option<String> {
    let same = |what: &str, path: &PathBuf| format!("{} has the same {what}", slash(path));
    if let Some(path) = p
        .linkedin
        .as_ref()
        .and_then(|u| existing.linkedin.get(&normalise_url(u.as_str())))
    {
        return Some(same("LinkedIn URL", path));
    }
    for e in &p.emails {
        if let Some(path) = existing.emails.get(&e.trim().to_lowercase()) {
            return Some(same("email", path));
        }
    }
    for t in &p.phones {
        let key = phone_key(t);
        // Short numbers (an extension, `112`) say nothing about who it is.
        if key.len() >= 7 {
            if let Some(path) = existing.phones.get(&key) {
                return Some(same("phone", path));
            }
        }
    }
    None
}

/// Knows the person just made, so a repeat further down the file is skipped.
fn remember(existing: &mut Existing, p: &Person, slug: String, rel: &Path) {
    existing.contact_slugs.insert(slug, rel.to_path_buf());
    if let Some(u) = &p.linkedin {
        existing
            .linkedin
            .insert(normalise_url(u.as_str()), rel.to_path_buf());
    }
    for e in &p.emails {
        existing
            .emails
            .insert(e.trim().to_lowercase(), rel.to_path_buf());
    }
    for t in &p.phones {
        existing.phones.insert(phone_key(t), rel.to_path_buf());
    }
}

#[derive(Serialize)]
struct ContactFront<'a> {
    name: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    given_name: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    family_name: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    company: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    role: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    team: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    location: Option<&'a str>,
    source: &'static str,
    stage: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    email: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    phone: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    linkedin: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    website: Option<&'a str>,
    tags: [&'static str; 1],
    #[serde(skip_serializing_if = "Extra::is_empty")]
    extra: Extra<'a>,
}

/// What a contact has more of than one: kept, not lost.
#[derive(Serialize)]
struct Extra<'a> {
    #[serde(skip_serializing_if = "<[String]>::is_empty")]
    other_emails: &'a [String],
    #[serde(skip_serializing_if = "<[String]>::is_empty")]
    other_phones: &'a [String],
}

impl Extra<'_> {
    fn is_empty(&self) -> bool {
        self.other_emails.is_empty() && self.other_phones.is_empty()
    }
}

fn contact_note(p: &Person, company: Option<&str>, origin: Origin) -> Result<String, ImportError> {
    let rest = |list: &'_ [String]| -> usize { list.len().min(1) };
    let front = crate::read::frontmatter::to_yaml(&ContactFront {
        name: p.name.trim(),
        given_name: p.given_name.as_deref(),
        family_name: p.family_name.as_deref(),
        company,
        role: p.role.as_deref(),
        team: p.team.as_deref(),
        location: p.location.as_deref(),
        source: "other",
        stage: "identified",
        email: p.emails.first().map(String::as_str),
        phone: p.phones.first().map(String::as_str),
        linkedin: p.linkedin.as_ref().map(SafeUrl::as_str),
        website: p.website.as_ref().map(SafeUrl::as_str),
        tags: [origin.tag],
        extra: Extra {
            other_emails: &p.emails[rest(&p.emails)..],
            other_phones: &p.phones[rest(&p.phones)..],
        },
    })
    .map_err(|m| yaml_error(Path::new("content/contacts"), m))?;
    let mut body = String::new();
    if let Some(note) = p.note.as_deref().map(str::trim).filter(|n| !n.is_empty()) {
        body.push_str(note);
        body.push_str("\n\n");
    }
    body.push_str(&format!("Imported by `{}`.\n", origin.command));
    Ok(format!("---\n{front}---\n{body}"))
}

#[derive(Serialize)]
struct CompanyFront<'a> {
    name: &'a str,
    status: &'static str,
    tags: [&'static str; 1],
}

/// The slug of the company named `name`, making its note if there is none.
pub(super) fn company_slug(
    options: &Options,
    existing: &mut Existing,
    report: &mut Report,
    name: &str,
    line: u64,
    origin: Origin,
) -> Result<Option<String>, ImportError> {
    let slug = slugify(name);
    let known = existing
        .companies
        .get(&name.trim().to_lowercase())
        .or_else(|| existing.companies.get(&slug));
    if let Some(s) = known {
        return Ok(Some(s.clone()));
    }
    if slug.is_empty() {
        return Ok(None);
    }
    let rel = PathBuf::from("content/companies").join(format!("{slug}.md"));
    let front = crate::read::frontmatter::to_yaml(&CompanyFront {
        name: name.trim(),
        status: "researching",
        tags: [origin.tag],
    })
    .map_err(|m| yaml_error(&rel, m))?;
    let text = format!("---\n{front}---\nAdded by `{}`.\n", origin.command);
    // A file of that name that is not a company note we could read still
    // names the company: refer to it, never replace it.
    if report.dry_run || write(&options.root.join(&rel), &text)? {
        report.companies.push((line, rel));
    }
    existing
        .companies
        .insert(name.trim().to_lowercase(), slug.clone());
    existing.companies.insert(slug.clone(), slug.clone());
    Ok(Some(slug))
}

fn slash(p: &Path) -> String {
    p.to_string_lossy().replace('\\', "/")
}

pub(super) fn yaml_error(path: &Path, message: String) -> ImportError {
    ImportError::Write {
        path: path.to_path_buf(),
        source: std::io::Error::other(message),
    }
}

/// Writes a new file: false when one is there already (never replaced).
pub(super) fn write(path: &Path, text: &str) -> Result<bool, ImportError> {
    create_new(path, text).map_err(|source| ImportError::Write {
        path: path.to_path_buf(),
        source,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn web_addresses_sort_linkedin_from_websites() {
        let (li, u) = web_address("www.linkedin.com/in/ana-example").unwrap();
        assert!(li);
        assert_eq!(u.as_str(), "https://www.linkedin.com/in/ana-example");
        assert!(!web_address("https://ana.example.com").unwrap().0);
        assert!(web_address("javascript:alert(1)").is_err());
    }

    #[test]
    fn a_person_needs_a_name_and_real_emails() {
        let mut p = Person {
            given_name: Some("Ana".into()),
            family_name: Some("Lima".into()),
            ..Person::default()
        };
        p.name_from_parts();
        assert_eq!(p.name, "Ana Lima");
        assert!(p.check().is_ok());
        p.emails.push("ana at example.com".into());
        assert!(p.check().unwrap_err().contains("not an email"));
        assert!(Person::default().check().unwrap_err().contains("no name"));
    }
}
