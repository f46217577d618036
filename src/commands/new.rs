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
    /// The note with the plain slug, when one existed and this one got `-2`.
    pub existing: Option<PathBuf>,
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
    if let Some(found) = unique_match(slug, candidates.clone()) {
        return Ok(found.to_string());
    }
    // The closest slug, or the slug whose first word is closest
    // (`initek` → `initech-labs`).
    let suggestion = closest(slug, candidates.clone()).or_else(|| {
        let heads: Vec<(&str, &str)> = candidates
            .map(|c| (c.split('-').next().unwrap_or(c), c))
            .collect();
        let head = closest(slug, heads.iter().map(|(h, _)| *h))?;
        heads.iter().find(|(h, _)| *h == head).map(|(_, c)| *c)
    });
    Err(NewError::Unknown {
        kind: collection.singular(),
        slug: slug.to_string(),
        closest: suggestion.map(str::to_string),
    })
}

/// The one of `candidates` that `wanted` names when it is not a slug
/// itself: the slug of what was typed (`"Acme Robotics"`), else the only
/// slug that starts with it (`acme` for `acme-robotics`), else the only one
/// holding its words in a row (`daniel` for `2026-11-24-daniel-cho`). None
/// when none or several do: then a "did you mean" says which is closest.
pub(crate) fn unique_match<'a>(
    wanted: &str,
    candidates: impl IntoIterator<Item = &'a str> + Clone,
) -> Option<&'a str> {
    let wanted = slugify(wanted.trim());
    if wanted.is_empty() {
        return None;
    }
    let all = || candidates.clone().into_iter();
    if let Some(exact) = all().find(|c| *c == wanted) {
        return Some(exact);
    }
    let only = |mut found: Vec<&'a str>| {
        found.dedup();
        (found.len() == 1).then(|| found[0])
    };
    let prefixed: Vec<&str> = all()
        .filter(|c| c.starts_with(&format!("{wanted}-")))
        .collect();
    if !prefixed.is_empty() {
        return only(prefixed);
    }
    only(
        all()
            .filter(|c| format!("-{c}-").contains(&format!("-{wanted}-")))
            .collect(),
    )
}

/// The forms `--date` takes, named in every date error.
pub const DATE_FORMS: &str = "write the date as 2026-12-05 15:00, 2026-12-05 3pm, Dec 5 3pm, 5 Dec 2026 15:30 or 2026-12-05 (the day alone); times are in the site's time zone";

/// `input` in the form front matter reads (`2026-12-05 15:00`, or the day
/// alone), from a date written as people write them: `2026-12-05 3pm`,
/// `Dec 5 3:30pm`, `5 December 2026 15:30`, `Dec 5, 2026`. A date without
/// a year is the next one from `today` on. None when it is none of those.
pub(crate) fn written_date(input: &str, today: Date) -> Option<String> {
    let words: Vec<String> = input
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect();
    let month_of = |w: &str| {
        const MONTHS: [&str; 12] = [
            "january",
            "february",
            "march",
            "april",
            "may",
            "june",
            "july",
            "august",
            "september",
            "october",
            "november",
            "december",
        ];
        let w = w.trim_end_matches('.');
        (w.len() >= 3)
            .then(|| MONTHS.iter().position(|m| m.starts_with(w)))
            .flatten()
            .map(|i| i as i8 + 1)
    };
    let day_of = |w: &str| {
        ["st", "nd", "rd", "th"]
            .iter()
            .find_map(|suffix| w.strip_suffix(suffix))
            .unwrap_or(w)
            .parse::<i8>()
            .ok()
            .filter(|d| (1..=31).contains(d))
    };
    // The time: `15:00`, `3pm`, `3:30 pm`, `15h`.
    let time_of = |rest: &[String]| -> Option<Option<(i8, i8)>> {
        let text = rest.concat();
        if text.is_empty() {
            return Some(None);
        }
        let (clock, pm) = match (text.strip_suffix("pm"), text.strip_suffix("am")) {
            (Some(c), _) => (c, Some(true)),
            (_, Some(c)) => (c, Some(false)),
            _ => (text.trim_end_matches('h'), None),
        };
        let (h, m) = clock.split_once(':').unwrap_or((clock, "0"));
        let (mut h, m): (i8, i8) = (h.parse().ok()?, m.parse().ok()?);
        match pm {
            Some(_) if !(1..=12).contains(&h) => return None,
            Some(true) if h < 12 => h += 12,
            Some(false) if h == 12 => h = 0,
            _ => {}
        }
        ((0..24).contains(&h) && (0..60).contains(&m)).then_some(Some((h, m)))
    };
    let (date, rest): (Date, &[String]) = match words.as_slice() {
        [first, rest @ ..] if first.parse::<Date>().is_ok() => (first.parse().ok()?, rest),
        [a, b, rest @ ..] => {
            // `Dec 5` or `5 Dec`, then maybe a year.
            let (month, day) = match (month_of(a), month_of(b)) {
                (Some(m), None) => (m, day_of(b)?),
                (None, Some(m)) => (m, day_of(a)?),
                _ => return None,
            };
            let (year, rest) = match rest.first().and_then(|y| y.parse::<i16>().ok()) {
                Some(y) if y > 1900 => (Some(y), &rest[1..]),
                _ => (None, rest),
            };
            let date = match year {
                Some(y) => Date::new(y, month, day).ok()?,
                None => {
                    let this = Date::new(today.year(), month, day).ok()?;
                    if this >= today {
                        this
                    } else {
                        Date::new(today.year() + 1, month, day).ok()?
                    }
                }
            };
            (date, rest)
        }
        _ => return None,
    };
    Some(match time_of(rest)? {
        Some((h, m)) => format!("{date} {h:02}:{m:02}"),
        None => date.to_string(),
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
                // A common way of writing it ("Dec 5 3pm") becomes the
                // front matter's own form ("2026-12-05 15:00").
                let d = written_date(d, today).unwrap_or_else(|| d.trim().to_string());
                let z = crate::read::dates::parse_datetime(&d, &config.timezone)
                    .map_err(|e| NewError::Date(format!("{e}\n  hint: {DATE_FORMS}")))?;
                values.insert("date", d.clone());
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
                // The file with the plain name (a note elsewhere whose
                // `slug:` took the name is not looked for).
                let existing = Some(dir.join(format!("{base}.md")))
                    .filter(|plain| n > 1 && options.root.join(plain).is_file());
                return Ok(Created {
                    path,
                    absolute,
                    slug,
                    archetype: origin,
                    existing,
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
    if let Some(existing) = &created.existing {
        // Two people may share a name: a second note is made, never a
        // silent overwrite, and the first is named in case it is the same.
        eprintln!(
            "note: {} already exists, so this note is {} (delete it and edit the first if it is the same {})",
            existing.display(),
            created.path.display(),
            note.kind.singular()
        );
    }
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

#[cfg(test)]
mod tests {
    #[test]
    fn a_slug_is_found_by_name_prefix_or_words() {
        let slugs = [
            "acme-robotics",
            "acme-ai",
            "globex",
            "2026-11-24-daniel-cho",
            "daniel-cho",
        ];
        let find = |w: &str| super::unique_match(w, slugs.iter().copied());
        assert_eq!(find("Globex"), Some("globex"));
        assert_eq!(find("acme"), None, "two start with it");
        assert_eq!(find("acme-r"), None, "a prefix stops at a word");
        assert_eq!(find("Acme Robotics"), Some("acme-robotics"));
        assert_eq!(find("daniel"), Some("daniel-cho"));
        assert_eq!(find("cho"), None, "two hold it");
        assert_eq!(find("robotics"), Some("acme-robotics"));
        assert_eq!(find(""), None);
    }

    #[test]
    fn dates_are_taken_as_people_write_them() {
        let today: jiff::civil::Date = "2026-11-22".parse().unwrap();
        let read = |s: &str| super::written_date(s, today);
        assert_eq!(read("Dec 5 3pm").as_deref(), Some("2026-12-05 15:00"));
        assert_eq!(
            read("2026-12-05 3:30pm").as_deref(),
            Some("2026-12-05 15:30")
        );
        assert_eq!(
            read("2026-12-05 15:00").as_deref(),
            Some("2026-12-05 15:00")
        );
        assert_eq!(
            read("5 December 2026 9am").as_deref(),
            Some("2026-12-05 09:00")
        );
        assert_eq!(read("Dec 5, 2026").as_deref(), Some("2026-12-05"));
        assert_eq!(read("12pm jan 3").as_deref(), None);
        // No year: the next one from today on.
        assert_eq!(read("Jan 3 12am").as_deref(), Some("2027-01-03 00:00"));
        assert_eq!(read("Dec 5 13pm"), None);
        assert_eq!(read("Decimal 5"), None);
        assert_eq!(read("tomorrow"), None);
    }
}
