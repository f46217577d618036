//! `coffeechat new <kind> NAME`: a note with its front matter filled in,
//! from the site's archetype or the built-in one.
//!
//! The slug comes from the name (transliterated: `Zoë Müller` →
//! `zoe-muller`); if a note of the collection already has it, `-2`, `-3`…
//! is added. The file is created with `create_new`, so an existing file is
//! never overwritten, even one made a moment earlier by someone else.

use super::archetype::{self, Values};
use crate::diagnostics::closest;
use crate::read::discover::{self, Collection};
use crate::read::slug::slugify;
use crate::{Error, Options};
use jiff::civil::Date;
use std::collections::BTreeSet;
use std::io::Write;
use std::path::{Path, PathBuf};

#[derive(Debug, Clone)]
pub struct NewNote {
    pub kind: Collection,
    pub name: String,
    /// A company slug (contacts and interviews).
    pub company: Option<String>,
    /// A contact slug (interviews).
    pub contact: Option<String>,
    /// The interview's date and time, as front matter accepts it.
    pub date: Option<String>,
    /// Who introduced a new contact (a contact slug): the line a done
    /// interview's referral suggests.
    pub introduced_by: Option<String>,
}

/// The note written.
#[derive(Debug, Clone)]
pub struct Created {
    /// Relative to the site folder: `content/contacts/ana-lima.md`.
    pub path: PathBuf,
    pub absolute: PathBuf,
    pub slug: String,
    /// Where the archetype came from.
    pub archetype: archetype::Origin,
}

#[derive(Debug, thiserror::Error)]
pub enum NewError {
    #[error(transparent)]
    Site(#[from] Error),
    #[error("`{0}` has no letters or digits to make a file name from")]
    EmptySlug(String),
    #[error("there is no {kind} `{slug}`{}", hint(.closest))]
    Unknown {
        kind: &'static str,
        slug: String,
        closest: Option<String>,
    },
    #[error("`{name}` is not a contact: pass --contact SLUG to say whom the interview is with{}", hint(.closest))]
    NoContact {
        name: String,
        closest: Option<String>,
    },
    #[error("--{0} is not used for a {1}")]
    NotApplicable(&'static str, &'static str),
    #[error("--date: {0}")]
    Date(String),
    #[error("cannot read the archetype: {0}")]
    Archetype(std::io::Error),
    #[error("cannot write {path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("cannot start the editor `{editor}`: {source}")]
    Editor {
        editor: String,
        source: std::io::Error,
    },
    #[error("set $VISUAL or $EDITOR to open the note, e.g. `export EDITOR=nano`")]
    NoEditor,
}

fn hint(closest: &Option<String>) -> String {
    closest
        .as_ref()
        .map(|c| format!(" (did you mean `{c}`?)"))
        .unwrap_or_default()
}

/// The slugs of the notes a site has, by collection: from front matter when
/// a note parses, else from its file name.
fn existing_slugs(
    options: &Options,
    config: &crate::read::config::Config,
) -> BTreeSet<(Collection, String)> {
    let (files, _) = discover::discover(&options.root);
    let mut slugs = BTreeSet::new();
    for f in &files {
        let stem = slugify(&f.path.file_stem().unwrap_or_default().to_string_lossy());
        slugs.insert((f.collection, stem));
        if let Some(n) = crate::read::note::read(f, config).note {
            slugs.insert((f.collection, n.slug));
        }
    }
    slugs
}

fn check_ref(
    slugs: &BTreeSet<(Collection, String)>,
    collection: Collection,
    slug: &str,
) -> Result<String, NewError> {
    let slug = slug.trim();
    if slugs.contains(&(collection, slug.to_string())) {
        return Ok(slug.to_string());
    }
    let candidates = slugs
        .iter()
        .filter(|(c, _)| *c == collection)
        .map(|(_, s)| s.as_str());
    Err(NewError::Unknown {
        kind: collection.singular(),
        slug: slug.to_string(),
        closest: closest(slug, candidates).map(str::to_string),
    })
}

/// Writes the new note and returns where.
pub fn new_note(options: &Options, new: &NewNote) -> Result<Created, NewError> {
    let config = options.load_config()?;
    let today = crate::today(options, &config);
    let slugs = existing_slugs(options, &config);
    let kind = new.kind;
    let is = |c: Collection| kind == c;
    if new.date.is_some() && !is(Collection::Interviews) {
        return Err(NewError::NotApplicable("date", kind.singular()));
    }
    if new.contact.is_some() && !is(Collection::Interviews) {
        return Err(NewError::NotApplicable("contact", kind.singular()));
    }
    if new.introduced_by.is_some() && !is(Collection::Contacts) {
        return Err(NewError::NotApplicable("introduced-by", kind.singular()));
    }
    if new.company.is_some() && !is(Collection::Interviews) && !is(Collection::Contacts) {
        return Err(NewError::NotApplicable("company", kind.singular()));
    }
    let name = new.name.trim();
    let mut values = Values::new();
    values.insert("name", name.to_string());
    values.insert("today", today.to_string());
    values.insert("company", String::new());
    values.insert("contact", String::new());
    values.insert("date", String::new());
    values.insert("title", String::new());
    if let Some(c) = &new.company {
        values.insert("company", check_ref(&slugs, Collection::Companies, c)?);
    }
    let mut base = slugify(name);
    if is(Collection::Interviews) {
        let contact = match &new.contact {
            Some(c) => check_ref(&slugs, Collection::Contacts, c)?,
            None if slugs.contains(&(Collection::Contacts, base.clone())) => base.clone(),
            None => {
                return Err(NewError::NoContact {
                    name: name.to_string(),
                    closest: closest(
                        &base,
                        slugs
                            .iter()
                            .filter(|(c, _)| *c == Collection::Contacts)
                            .map(|(_, s)| s.as_str()),
                    )
                    .map(str::to_string),
                })
            }
        };
        // NAME is either the contact (then the default title says it all)
        // or a title of its own.
        if contact != base {
            values.insert("title", name.to_string());
        }
        let day: Option<Date> = match &new.date {
            Some(d) => {
                let z = crate::read::dates::parse_datetime(d, &config.timezone)
                    .map_err(|e| NewError::Date(e.to_string()))?;
                values.insert("date", d.trim().to_string());
                Some(z.date())
            }
            None => None,
        };
        values.insert(
            "status",
            if day.is_some() {
                "scheduled"
            } else {
                "planned"
            }
            .to_string(),
        );
        if let Some(day) = day {
            base = format!("{day}-{base}");
        }
        values.insert("contact", contact);
    }
    if base.is_empty() {
        return Err(NewError::EmptySlug(name.to_string()));
    }
    let (template, origin) = archetype::load(&options.root, config.theme.as_deref(), kind)
        .map_err(NewError::Archetype)?;
    let dir = Path::new("content").join(kind.dir());
    std::fs::create_dir_all(options.root.join(&dir)).map_err(|source| NewError::Io {
        path: dir.clone(),
        source,
    })?;
    for n in 1.. {
        let slug = if n == 1 {
            base.clone()
        } else {
            format!("{base}-{n}")
        };
        if slugs.contains(&(kind, slug.clone())) {
            continue;
        }
        let path = dir.join(format!("{slug}.md"));
        let absolute = options.root.join(&path);
        values.insert("slug", slug.clone());
        let mut text = archetype::fill(&template, &values);
        if let Some(by) = &new.introduced_by {
            text = with_introducer(&text, &check_ref(&slugs, Collection::Contacts, by)?);
        }
        match std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&absolute)
        {
            Ok(mut f) => {
                f.write_all(text.as_bytes())
                    .map_err(|source| NewError::Io {
                        path: path.clone(),
                        source,
                    })?;
                return Ok(Created {
                    path,
                    absolute,
                    slug,
                    archetype: origin,
                });
            }
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
            Err(source) => return Err(NewError::Io { path, source }),
        }
    }
    unreachable!("the numbered slugs never run out")
}

/// `text` with its `introduced_by:` line set to `slug`, kept where the
/// archetype put it (with its comment dropped), or added after the name.
fn with_introducer(text: &str, slug: &str) -> String {
    let line = format!("introduced_by: {slug}");
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    match lines.iter().position(|l| l.starts_with("introduced_by:")) {
        Some(at) => lines[at] = line,
        None => {
            let at = lines
                .iter()
                .position(|l| l.starts_with("name:"))
                .map_or(1, |n| n + 1);
            lines.insert(at.min(lines.len()), line);
        }
    }
    let mut out = lines.join("\n");
    if text.ends_with('\n') {
        out.push('\n');
    }
    out
}

/// Creates the note, prints its path, and opens it when `edit` is set.
pub fn run(options: &Options, note: &NewNote, edit: bool) -> Result<(), super::Failure> {
    let created = new_note(options, note).map_err(|e| match e {
        NewError::Site(e @ Error::Diagnostics(_)) => super::Failure::from(e),
        e => super::Failure::error(e),
    })?;
    println!("{}", created.path.display());
    if edit {
        open_in_editor(&created.absolute).map_err(super::Failure::error)?;
    }
    Ok(())
}

/// Opens `path` in `$VISUAL` or `$EDITOR` (which may carry arguments, like
/// `code --wait`) and waits for it to close.
pub fn open_in_editor(path: &Path) -> Result<(), NewError> {
    let editor = std::env::var("VISUAL")
        .ok()
        .filter(|e| !e.trim().is_empty())
        .or_else(|| std::env::var("EDITOR").ok())
        .filter(|e| !e.trim().is_empty())
        .ok_or(NewError::NoEditor)?;
    let mut words = editor.split_whitespace();
    let program = words.next().ok_or(NewError::NoEditor)?;
    std::process::Command::new(program)
        .args(words)
        .arg(path)
        .status()
        .map(|_| ())
        .map_err(|source| NewError::Editor {
            editor: editor.clone(),
            source,
        })
}

/// Maps the kind a user types to its collection: `company`, `contact`,
/// `questions` (or `bank`), `interview`, `page`; plurals too.
pub fn parse_kind(kind: &str) -> Option<Collection> {
    match kind.to_ascii_lowercase().as_str() {
        "company" | "companies" => Some(Collection::Companies),
        "contact" | "contacts" | "person" => Some(Collection::Contacts),
        "questions" | "question" | "bank" => Some(Collection::Questions),
        "interview" | "interviews" | "chat" => Some(Collection::Interviews),
        "page" | "pages" => Some(Collection::Pages),
        _ => None,
    }
}
