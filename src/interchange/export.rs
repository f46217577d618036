//! `coffeechat export`: the notes as files other tools read. `csv` gives
//! two tables for a spreadsheet, `contacts.csv` and `interviews.csv`
//! (their columns differ, so one table would be mostly empty cells);
//! `vcf` gives the contacts as vCard 4.0.

use crate::domain::{FieldValue, Place, CONTACT_FIELDS};
use crate::graph::NoteId;
use crate::pages::views::Site;
use crate::read::discover::Collection;
use crate::{analyse, Error, Options};
use std::io::Write;
use std::path::{Path, PathBuf};

/// One exported file, not written yet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Exported {
    /// The file name: `contacts.csv`.
    pub name: &'static str,
    pub bytes: Vec<u8>,
}

#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error(transparent)]
    Site(#[from] Error),
    #[error("{0} already exists; pass --force to replace it, or --output to write elsewhere")]
    Exists(PathBuf),
    #[error("{0} is inside the site's {1}/ folder; an export never writes there, even with --force: choose another --output")]
    InsideSite(PathBuf, &'static str),
    #[error("cannot write {path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
}

/// The columns of `contacts.csv`: the slug, every field of the contact
/// table in its order, then what the site knows of the person.
fn contact_columns() -> Vec<&'static str> {
    let mut columns = vec!["slug"];
    columns.extend(CONTACT_FIELDS.iter().map(|f| f.key));
    columns.extend(["interviews", "tags", "url", "file"]);
    columns
}

pub const INTERVIEW_COLUMNS: &[&str] = &[
    "slug",
    "title",
    "date",
    "time",
    "timezone",
    "duration",
    "format",
    "status",
    "contacts",
    "company",
    "location",
    "thank_you_due",
    "thank_you_sent",
    "follow_up",
    "questions",
    "asked",
    "referrals",
    "url",
    "file",
];

/// `contacts.csv` and `interviews.csv`.
pub fn csv(options: &Options) -> Result<Vec<Exported>, Error> {
    with_site(options, |site| {
        let contacts = site
            .ids(Collection::Contacts)
            .map(|id| contact_row(site, id))
            .collect::<Vec<_>>();
        let interviews = site
            .interviews_by_date()
            .into_iter()
            .filter_map(|id| interview_row(site, id))
            .collect::<Vec<_>>();
        vec![
            Exported {
                name: "contacts.csv",
                bytes: table(&contact_columns(), &contacts),
            },
            Exported {
                name: "interviews.csv",
                bytes: table(INTERVIEW_COLUMNS, &interviews),
            },
        ]
    })
}

/// `contacts.vcf`.
pub fn vcf(options: &Options) -> Result<Exported, Error> {
    with_site(options, |site| Exported {
        name: "contacts.vcf",
        bytes: crate::interchange::vcard::contacts(site).into_bytes(),
    })
}

/// Writes `contacts.csv` and `interviews.csv` into `dir`; replaces
/// neither unless `force`, and writes neither if one is in the way.
pub fn write_csv(options: &Options, dir: &Path, force: bool) -> Result<Vec<PathBuf>, ExportError> {
    let files = csv(options)?;
    let paths: Vec<PathBuf> = files.iter().map(|f| dir.join(f.name)).collect();
    for p in &paths {
        outside_inputs(options, p)?;
    }
    if let Some(p) = paths.iter().find(|p| !force && p.exists()) {
        return Err(ExportError::Exists(p.clone()));
    }
    for (f, p) in files.iter().zip(&paths) {
        write(p, &f.bytes, force)?;
    }
    Ok(paths)
}

fn with_site<T>(options: &Options, f: impl FnOnce(&Site) -> T) -> Result<T, Error> {
    let analysis = analyse(options)?;
    let site = analysis.site();
    Ok(f(&site))
}

/// Refuses a `path` inside the site's notes, templates, themes or static
/// files: `--force` replaces an earlier export, never a note.
pub fn outside_inputs(options: &Options, path: &Path) -> Result<(), ExportError> {
    let full = resolved(path);
    let root = resolved(&options.root);
    for folder in ["content", "templates", "themes", "static"] {
        if full.starts_with(root.join(folder)) {
            return Err(ExportError::InsideSite(path.to_path_buf(), folder));
        }
    }
    Ok(())
}

/// `path` made absolute with its existing part's links resolved, so
/// `./content/../content/a.md` or a link into `content/` is seen as such.
fn resolved(path: &Path) -> PathBuf {
    let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let mut existing = absolute.as_path();
    let mut rest = Vec::new();
    while !existing.exists() {
        match (existing.parent(), existing.file_name()) {
            (Some(parent), Some(name)) => {
                rest.push(name.to_os_string());
                existing = parent;
            }
            _ => return absolute,
        }
    }
    let mut out = std::fs::canonicalize(existing).unwrap_or_else(|_| existing.to_path_buf());
    out.extend(rest.iter().rev());
    out
}

/// Writes `file` to `path`, refusing to replace an existing file unless
/// `force`. The bytes go to a temporary file first, so a failed write
/// leaves nothing half-written.
pub fn write(path: &Path, bytes: &[u8], force: bool) -> Result<(), ExportError> {
    let io = |source| ExportError::Io {
        path: path.to_path_buf(),
        source,
    };
    if !force && path.exists() {
        return Err(ExportError::Exists(path.to_path_buf()));
    }
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    std::fs::create_dir_all(dir).map_err(io)?;
    let name = path.file_name().unwrap_or_default().to_string_lossy();
    let temp = dir.join(format!(".{name}.coffeechat-new"));
    let written = std::fs::File::create(&temp).and_then(|mut f| {
        f.write_all(bytes)?;
        f.sync_all()
    });
    if let Err(e) = written {
        let _ = std::fs::remove_file(&temp);
        return Err(io(e));
    }
    if !force && path.exists() {
        let _ = std::fs::remove_file(&temp);
        return Err(ExportError::Exists(path.to_path_buf()));
    }
    std::fs::rename(&temp, path).map_err(io)
}

/// RFC 4180: a header row, CRLF line ends, quotes where needed.
fn table(columns: &[&str], rows: &[Vec<String>]) -> Vec<u8> {
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::new());
    // Writing to memory cannot fail, and every row has the header's length.
    w.write_record(columns).expect("in-memory CSV");
    for row in rows {
        w.write_record(row.iter().map(|c| spreadsheet_safe(c).into_owned()))
            .expect("in-memory CSV");
    }
    w.into_inner().expect("in-memory CSV")
}

/// A cell a spreadsheet would run as a formula (`=`, `+`, `-`, `@` first)
/// gets a leading `'`: notes may come from imports, and a cell must not
/// run code when the file is opened.
fn spreadsheet_safe(cell: &str) -> std::borrow::Cow<'_, str> {
    if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{cell}").into()
    } else {
        cell.into()
    }
}

fn opt(value: Option<&str>) -> String {
    value.unwrap_or_default().to_string()
}

fn titles(site: &Site, ids: &[NoteId]) -> String {
    ids.iter()
        .map(|id| site.notes[*id].title.as_str())
        .collect::<Vec<_>>()
        .join("; ")
}

fn contact_row(site: &Site, id: NoteId) -> Vec<String> {
    let note = &site.notes[id];
    let links = &site.links[id];
    let Some(c) = note.as_contact() else {
        return Vec::new();
    };
    let title = |id: Option<NoteId>| opt(id.map(|i| site.notes[i].title.as_str()));
    let mut row = vec![note.slug.clone()];
    row.extend(CONTACT_FIELDS.iter().map(|f| match ((f.value)(c), f.key) {
        // A reference is shown by the name of the note it names.
        (Some(FieldValue::Reference(_)), "company") => title(links.company),
        (Some(FieldValue::Reference(_)), _) => title(links.introduced_by),
        (Some(v), _) => v.as_written().to_string(),
        (None, _) => String::new(),
    }));
    row.extend([
        links.interviews.len().to_string(),
        note.tags.join("; "),
        absolute(site, id),
        crate::diagnostics::slash(&note.path),
    ]);
    row
}

fn interview_row(site: &Site, id: NoteId) -> Option<Vec<String>> {
    let note = &site.notes[id];
    let links = &site.links[id];
    let i = note.as_interview()?;
    let local = i
        .date
        .as_ref()
        .map(|z| z.with_time_zone(site.config.timezone.clone()));
    let date = |d: Option<jiff::civil::Date>| d.map(|d| d.to_string()).unwrap_or_default();
    Some(vec![
        note.slug.clone(),
        note.title.clone(),
        opt(local.as_ref().map(|z| z.date().to_string()).as_deref()),
        opt(local
            .as_ref()
            .map(|z| z.strftime("%H:%M").to_string())
            .as_deref()),
        if local.is_some() {
            site.config.timezone_name.clone()
        } else {
            String::new()
        },
        i.duration.to_string(),
        opt(i.format.map(|f| f.as_str())),
        i.status.as_str().to_string(),
        titles(site, &links.contacts),
        opt(links.company.map(|c| site.notes[c].title.as_str())),
        opt(i.location.as_ref().map(|p| match p {
            Place::Text(t) => t.as_str(),
            Place::Link(u) => u.as_str(),
        })),
        date(i.thank_you_due(site.config.thank_you_days)),
        date(i.thank_you_sent),
        date(i.follow_up),
        links.questions.len().to_string(),
        links.asked.len().to_string(),
        titles(site, &links.referrals),
        absolute(site, id),
        crate::diagnostics::slash(&note.path),
    ])
}

/// The page's address, absolute when the site's origin is known.
fn absolute(site: &Site, id: NoteId) -> String {
    crate::interchange::calendar::page_url(site, id).unwrap_or_else(|| site.note_urls[id].clone())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formula_cells_are_defused() {
        assert_eq!(spreadsheet_safe("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(spreadsheet_safe("+1 555 0142"), "'+1 555 0142");
        assert_eq!(spreadsheet_safe("Ana"), "Ana");
    }

    #[test]
    fn write_refuses_to_replace_without_force() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("contacts.csv");
        write(&path, b"one", false).unwrap();
        assert!(matches!(
            write(&path, b"two", false),
            Err(ExportError::Exists(_))
        ));
        assert_eq!(std::fs::read(&path).unwrap(), b"one");
        write(&path, b"two", true).unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"two");
        let leftovers: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(leftovers.len(), 1);
    }
}
