//! `coffeechat import linkedin Connections.csv`: LinkedIn's export of
//! your connections ("Get a copy of your data" → Connections).
//!
//! The file starts with a few lines of notes, then the header row
//! `First Name,Last Name,URL,Email Address,Company,Position,Connected On`
//! (older exports have no URL column). The header is found by its
//! content, never by counting lines. Fields may be quoted and hold
//! commas, lines may end in CRLF, the file may start with a byte-order
//! mark, and blank rows are ignored.
//!
//! Each new person becomes `content/contacts/<slug>.md` with `source:
//! other` (LinkedIn does not say how you know them; change it), `stage:
//! identified`, the tag `linkedin`, and the connection date in
//! `extra.connected_on` and the body. A company with no note gets
//! `content/companies/<slug>.md`. People already in the site (same
//! LinkedIn URL or email; same slug unless both have LinkedIn URLs, which
//! differ) are skipped; another person of the same name gets `-2`.
//!
//! A file re-saved by a spreadsheet is read too: `;` separators with
//! day-first dates (`07/12/2025`, Excel in European locales), `,` with
//! month-first ones (US). A row whose quote is never closed is rejected
//! by line, and the rows after it are read. Every row is imported,
//! skipped or rejected with its line: none is lost silently.

use super::people::{company_slug, write, yaml_error, Origin};
use super::{normalise_url, Existing, Report};
use crate::domain::SafeUrl;
use crate::read::slug::slugify;
use crate::Options;
use jiff::civil::Date;
use serde::Serialize;
use std::path::{Path, PathBuf};

#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error(transparent)]
    Site(#[from] crate::Error),
    #[error("cannot read {path}: {source}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{path}: not UTF-8 text (byte {offset}); export the file again from LinkedIn, or save it as UTF-8")]
    NotUtf8 { path: PathBuf, offset: usize },
    #[error("{path}: no header row `First Name,Last Name,...,Connected On`; is this LinkedIn's Connections.csv?")]
    NoHeader { path: PathBuf },
    #[error("{path}:{line}: {message}")]
    Csv {
        path: PathBuf,
        line: u64,
        message: String,
    },
    /// Writing a note, as every import writes them.
    #[error(transparent)]
    Write(#[from] super::people::ImportError),
}

/// The columns, found by name in the header row.
struct Columns {
    first: usize,
    last: usize,
    url: Option<usize>,
    email: Option<usize>,
    company: Option<usize>,
    position: Option<usize>,
    connected: Option<usize>,
}

impl Columns {
    /// The columns of `record` if it is the header row.
    fn find(record: &csv::StringRecord) -> Option<Columns> {
        let col = |name: &str| {
            record.iter().position(|f| {
                f.trim()
                    .trim_start_matches('\u{feff}')
                    .eq_ignore_ascii_case(name)
            })
        };
        let columns = Columns {
            first: col("First Name")?,
            last: col("Last Name")?,
            url: col("URL").or_else(|| col("Profile URL")),
            email: col("Email Address"),
            company: col("Company"),
            position: col("Position"),
            connected: col("Connected On"),
        };
        // "First Name" and "Last Name" alone could be a note's sentence.
        (columns.company.is_some() || columns.connected.is_some()).then_some(columns)
    }
}

/// One connection, read and checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Connection {
    pub line: u64,
    pub name: String,
    /// LinkedIn's own split of the name, kept for the address book.
    pub given_name: Option<String>,
    pub family_name: Option<String>,
    pub url: Option<SafeUrl>,
    pub email: Option<String>,
    pub company: Option<String>,
    pub position: Option<String>,
    pub connected_on: Option<Date>,
}

/// The rows read, and the line and reason of each row that could not be.
pub type Parsed = (Vec<Connection>, Vec<(u64, String)>);

/// How the file was written: LinkedIn's own export, or re-saved by a
/// spreadsheet in a locale that writes `;` and day-first dates.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dialect {
    /// `,` between fields; slashed dates are month-first, as Excel writes
    /// them in US locales.
    Comma,
    /// `;` between fields (Excel in European locales); slashed and dotted
    /// dates are day-first.
    Semicolon,
}

impl Dialect {
    /// The dialect of the header row: whichever separator it has more of.
    fn detect(text: &str) -> Dialect {
        let header = text
            .lines()
            .find(|l| {
                let l = l.to_ascii_lowercase();
                l.contains("first name") && l.contains("last name")
            })
            .unwrap_or_default();
        if header.matches(';').count() > header.matches(',').count() {
            Dialect::Semicolon
        } else {
            Dialect::Comma
        }
    }

    fn delimiter(self) -> u8 {
        match self {
            Dialect::Comma => b',',
            Dialect::Semicolon => b';',
        }
    }
}

/// Reads the connections of a LinkedIn export: the rows it could read,
/// and the line and reason of each it could not.
///
/// A quote that is never closed (`Ana,"Lopez,...`) would make the rest of
/// the file one field: a field holding a line break is such a row, which
/// is rejected, and reading goes on at the next line.
pub fn parse(text: &str, path: &Path) -> Result<Parsed, ImportError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let dialect = Dialect::detect(text);
    let mut columns = None;
    let mut rows = Vec::new();
    let mut rejected = Vec::new();
    // After CRLF the reader places a record at the line feed (and blank
    // lines) before it, so its line count is off: the record starts at
    // the first byte that is not a line end.
    let bytes = text.as_bytes();
    let skip_line_ends = |mut at: usize| {
        while at < bytes.len() && matches!(bytes[at], b'\r' | b'\n') {
            at += 1;
        }
        at
    };
    let line_at = |at: usize| {
        let at = skip_line_ends(at.min(bytes.len()));
        bytes[..at].iter().filter(|b| **b == b'\n').count() as u64 + 1
    };
    let mut start = 0;
    'restart: while start < bytes.len() {
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .delimiter(dialect.delimiter())
            .from_reader(&bytes[start..]);
        for record in reader.records() {
            let at = |p: Option<&csv::Position>| {
                start + p.map_or(0, |p| usize::try_from(p.byte()).unwrap_or(usize::MAX))
            };
            let record = record.map_err(|e| ImportError::Csv {
                path: path.to_path_buf(),
                line: line_at(at(e.position())),
                message: e.to_string(),
            })?;
            let begins = skip_line_ends(at(record.position()));
            let line = line_at(begins);
            // LinkedIn's notes above the header may hold line breaks.
            if columns.is_some() && record.iter().any(|f| f.contains(['\n', '\r'])) {
                rejected.push((line, unclosed_quote(&record)));
                // Go on at the line after the one the row starts on.
                start = bytes[begins..]
                    .iter()
                    .position(|b| *b == b'\n')
                    .map_or(bytes.len(), |i| begins + i + 1);
                continue 'restart;
            }
            let Some(cols) = &columns else {
                columns = Columns::find(&record);
                continue;
            };
            if record.iter().all(|f| f.trim().is_empty()) {
                continue;
            }
            match connection(&record, cols, line, dialect) {
                Ok(c) => rows.push(c),
                Err(why) => rejected.push((line, why)),
            }
        }
        break;
    }
    if columns.is_none() {
        return Err(ImportError::NoHeader {
            path: path.to_path_buf(),
        });
    }
    Ok((rows, rejected))
}

/// The reason for a row whose quote is never closed, naming the field.
fn unclosed_quote(record: &csv::StringRecord) -> String {
    let who: Vec<&str> = record
        .iter()
        .take(2)
        .map(|f| f.lines().next().unwrap_or_default().trim())
        .filter(|f| !f.is_empty())
        .collect();
    format!(
        "a quote (\") opened in this row is never closed, so the lines after it would be read as one field{}; close the quote, and import again (the rows after it are read)",
        if who.is_empty() {
            String::new()
        } else {
            format!(" (`{}`)", who.join(" "))
        }
    )
}

fn connection(
    record: &csv::StringRecord,
    cols: &Columns,
    line: u64,
    dialect: Dialect,
) -> Result<Connection, String> {
    let field = |i: Option<usize>| {
        i.and_then(|i| record.get(i))
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_string)
    };
    let (given_name, family_name) = (field(Some(cols.first)), field(Some(cols.last)));
    let name = [given_name.clone(), family_name.clone()]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(" ");
    if name.is_empty() {
        return Err("no first or last name".into());
    }
    if slugify(&name).is_empty() {
        return Err(format!("the name `{name}` gives no file name"));
    }
    let url = match field(cols.url) {
        Some(u) => {
            let url = SafeUrl::parse(&u).map_err(|e| format!("{name}: URL {e}"))?;
            if url.as_str().to_ascii_lowercase().starts_with("mailto:") {
                return Err(format!("{name}: URL `{u}` is not a web address"));
            }
            Some(url)
        }
        None => None,
    };
    let email = match field(cols.email) {
        Some(e) if !e.contains('@') || e.contains(char::is_whitespace) => {
            return Err(format!("{name}: `{e}` is not an email address"))
        }
        e => e,
    };
    let connected_on = match field(cols.connected) {
        Some(d) => Some(parse_date_in(&d, dialect).ok_or_else(|| {
            let like = match dialect {
                Dialect::Comma => "`07 Dec 2025`, `2025-12-07` or `12/07/2025` (month first)",
                Dialect::Semicolon => "`07 Dec 2025`, `2025-12-07` or `07/12/2025` (day first)",
            };
            format!("{name}: `Connected On` `{d}` is not a date like {like}")
        })?),
        None => None,
    };
    Ok(Connection {
        line,
        name,
        given_name,
        family_name,
        url,
        email,
        company: field(cols.company),
        position: field(cols.position),
        connected_on,
    })
}

/// `07 Dec 2025`, `3 Feb 2021`; also ISO `2025-12-07`, which some
/// converted exports use.
pub fn parse_date(text: &str) -> Option<Date> {
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    Date::strptime("%d %b %Y", &text)
        .or_else(|_| Date::strptime("%d %B %Y", &text))
        .or_else(|_| text.parse::<Date>())
        .ok()
}

/// [`parse_date`], and the numeric dates a spreadsheet writes when it
/// re-saves the file: `07/12/2025` and `07.12.2025` day-first in a `;`
/// file (European locales), `12/07/2025` month-first in a `,` file (US).
/// A time Excel may add (`07/12/2025 00:00`) is ignored.
pub fn parse_date_in(text: &str, dialect: Dialect) -> Option<Date> {
    if let Some(d) = parse_date(text) {
        return Some(d);
    }
    let date = text.split_whitespace().next()?;
    let formats: &[&str] = match dialect {
        Dialect::Semicolon => &["%d/%m/%Y", "%d.%m.%Y", "%d-%m-%Y"],
        Dialect::Comma => &["%m/%d/%Y", "%d.%m.%Y"],
    };
    formats
        .iter()
        .find_map(|f| Date::strptime(f, date).ok())
        // Two-digit years are not guessed at: `07/12/25` is an error.
        .filter(|d| d.year() >= 1000)
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
    source: &'static str,
    stage: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    linkedin: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    email: Option<&'a str>,
    tags: [&'static str; 1],
    #[serde(skip_serializing_if = "Option::is_none")]
    extra: Option<Extra>,
}

#[derive(Serialize)]
struct Extra {
    connected_on: String,
}

/// The tag and command of the notes this import makes.
const ORIGIN: Origin = Origin {
    tag: "linkedin",
    command: "coffeechat import linkedin",
};

/// Imports the connections in `file` into the site of `options`.
pub fn import(options: &Options, file: &Path, dry_run: bool) -> Result<Report, ImportError> {
    let config = options.load_config()?;
    let bytes = std::fs::read(file).map_err(|source| ImportError::Read {
        path: file.to_path_buf(),
        source,
    })?;
    let text = String::from_utf8(bytes).map_err(|e| ImportError::NotUtf8 {
        path: file.to_path_buf(),
        offset: e.utf8_error().valid_up_to(),
    })?;
    let (connections, rejected) = parse(&text, file)?;
    let mut existing = Existing::scan(&options.root, &config);
    let mut report = Report {
        dry_run,
        rejected,
        ..Report::default()
    };
    for c in &connections {
        if let Some(why) = already_present(&existing, c) {
            report.skipped.push((c.line, c.name.clone(), why));
            continue;
        }
        let company = match &c.company {
            Some(name) => company_slug(options, &mut existing, &mut report, name, c.line, ORIGIN)?,
            None => None,
        };
        let slug = free_slug(options, &existing, &slugify(&c.name));
        let rel = PathBuf::from("content/contacts").join(format!("{slug}.md"));
        let text = contact_note(c, company.as_deref())?;
        if !dry_run && !write(&options.root.join(&rel), &text)? {
            report.skipped.push((
                c.line,
                c.name.clone(),
                format!("{} already exists", rel.display()),
            ));
            continue;
        }
        existing.contact_slugs.insert(slug, rel.clone());
        if let Some(u) = &c.url {
            let url = normalise_url(u.as_str());
            existing.linkedin.insert(url.clone(), rel.clone());
            existing.linkedin_of.insert(rel.clone(), url);
        }
        if let Some(e) = &c.email {
            existing.emails.insert(e.to_lowercase(), rel.clone());
        }
        report.contacts.push((c.line, rel));
    }
    Ok(report)
}

/// Why a connection is already in the site, if it is.
fn already_present(existing: &Existing, c: &Connection) -> Option<String> {
    let same = |what: &str, path: &PathBuf| {
        format!(
            "{} has the same {what}",
            path.to_string_lossy().replace('\\', "/")
        )
    };
    if let Some(p) = c
        .url
        .as_ref()
        .and_then(|u| existing.linkedin.get(&normalise_url(u.as_str())))
    {
        return Some(same("LinkedIn URL", p));
    }
    if let Some(p) = c
        .email
        .as_ref()
        .and_then(|e| existing.emails.get(&e.to_lowercase()))
    {
        return Some(same("email", p));
    }
    let p = existing.contact_slugs.get(&slugify(&c.name))?;
    // Another LinkedIn URL under the same name is another person: they
    // get `-2`, as `coffeechat new` does. Without URLs to compare, the
    // name decides.
    let theirs = existing.linkedin_of.get(p);
    match (&c.url, theirs) {
        (Some(_), Some(_)) => None,
        _ => Some(same("slug", p)),
    }
}

/// `slug`, or `slug-2`, `slug-3`… when a contact already has it.
fn free_slug(options: &Options, existing: &Existing, slug: &str) -> String {
    let taken = |s: &str| {
        existing.contact_slugs.contains_key(s)
            || options
                .root
                .join("content/contacts")
                .join(format!("{s}.md"))
                .exists()
    };
    if !taken(slug) {
        return slug.to_string();
    }
    (2u32..)
        .map(|n| format!("{slug}-{n}"))
        .find(|s| !taken(s))
        .unwrap_or_else(|| slug.to_string())
}

fn contact_note(c: &Connection, company: Option<&str>) -> Result<String, ImportError> {
    let front = crate::read::frontmatter::to_yaml(&ContactFront {
        name: &c.name,
        given_name: c.given_name.as_deref(),
        family_name: c.family_name.as_deref(),
        company,
        role: c.position.as_deref(),
        source: "other",
        stage: "identified",
        linkedin: c.url.as_ref().map(SafeUrl::as_str),
        email: c.email.as_deref(),
        tags: [ORIGIN.tag],
        extra: c.connected_on.map(|d| Extra {
            connected_on: d.to_string(),
        }),
    })
    .map_err(|m| yaml_error(Path::new("content/contacts"), m))?;
    let body = match c.connected_on {
        Some(d) => format!(
            "Connected on LinkedIn on {}. Imported by `{}`.\n",
            d.strftime("%-d %B %Y"),
            ORIGIN.command
        ),
        None => format!("Imported by `{}`.\n", ORIGIN.command),
    };
    Ok(format!("---\n{front}---\n{body}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_in_linkedin_spellings() {
        let d: Date = "2025-12-07".parse().unwrap();
        assert_eq!(parse_date("07 Dec 2025"), Some(d));
        assert_eq!(parse_date("7 Dec 2025"), Some(d));
        assert_eq!(
            parse_date("3 Feb 2021"),
            Some("2021-02-03".parse().unwrap())
        );
        assert_eq!(parse_date("2025-12-07"), Some(d));
        assert_eq!(parse_date("31 Foo 2021"), None);
        assert_eq!(parse_date("30 Feb 2021"), None);
    }

    #[test]
    fn spreadsheet_dates_follow_the_separator() {
        let d: Date = "2025-12-07".parse().unwrap();
        assert_eq!(parse_date_in("07/12/2025", Dialect::Semicolon), Some(d));
        assert_eq!(parse_date_in("07.12.2025", Dialect::Semicolon), Some(d));
        assert_eq!(
            parse_date_in("07/12/2025 00:00", Dialect::Semicolon),
            Some(d)
        );
        assert_eq!(parse_date_in("12/07/2025", Dialect::Comma), Some(d));
        assert_eq!(parse_date_in("07 Dec 2025", Dialect::Semicolon), Some(d));
        assert_eq!(parse_date_in("31/02/2021", Dialect::Semicolon), None);
        assert_eq!(parse_date_in("07/12/25", Dialect::Semicolon), None);
    }

    #[test]
    fn notes_above_the_header_may_span_lines() {
        let text = "Notes:\n\"Some notes\nover two lines\"\n\nFirst Name,Last Name,URL,Email Address,Company,Position,Connected On\nAna,Lima,,,Acme,PM,07 Dec 2025\n";
        let (rows, rejected) = parse(text, Path::new("c.csv")).unwrap();
        assert!(rejected.is_empty(), "{rejected:?}");
        assert_eq!(rows.len(), 1);
        assert_eq!(rows[0].line, 6);
    }

    #[test]
    fn the_separator_is_the_header_rows() {
        assert_eq!(
            Dialect::detect("Notes:\nFirst Name;Last Name;URL;Company, Inc\n"),
            Dialect::Semicolon
        );
        assert_eq!(
            Dialect::detect("First Name,Last Name,URL,Connected On\n"),
            Dialect::Comma
        );
    }
}
