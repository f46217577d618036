//! `coffeechat import csv FILE [--map name=Full Name,email=E-mail]`: the
//! people of any spreadsheet, one per row.
//!
//! The file may be UTF-8 (with or without a byte-order mark), UTF-16 (as
//! Excel saves "Unicode Text") or Windows-1252 (as Excel saves "CSV" on
//! Windows); the separator is a comma, a semicolon (Excel in much of
//! Europe) or a tab, whichever the header row has most of.
//!
//! `--map` names, for each contact field, the column that holds it.
//! Without it the columns are found by the names Google Contacts, Outlook
//! and most address books write (`First Name`, `E-mail 1 - Value`,
//! `Organization Name`...); a file with no column for a name needs `--map`.

use super::people::{web_address, ImportError, Person, Read};
use crate::diagnostics::closest;
use std::borrow::Cow;
use std::path::Path;

/// The fields `--map` can fill, in the order the help lists them.
pub const FIELDS: &[&str] = &[
    "name",
    "given_name",
    "family_name",
    "email",
    "phone",
    "company",
    "role",
    "team",
    "location",
    "linkedin",
    "website",
    "note",
];

/// The column names address books write for each field, tried in order.
/// Outlook's `Title` is an honorific (`Dr.`), so it is not a role.
const KNOWN: &[(&str, &[&str])] = &[
    ("name", &["Name", "Full Name", "Display Name"]),
    ("given_name", &["Given Name", "First Name"]),
    ("family_name", &["Family Name", "Last Name", "Surname"]),
    (
        "email",
        &[
            "E-mail 1 - Value",
            "E-mail Address",
            "Email Address",
            "Email",
            "E-mail",
        ],
    ),
    (
        "phone",
        &[
            "Phone 1 - Value",
            "Mobile Phone",
            "Primary Phone",
            "Business Phone",
            "Phone",
        ],
    ),
    (
        "company",
        &["Organization Name", "Organization 1 - Name", "Company"],
    ),
    (
        "role",
        &[
            "Organization Title",
            "Organization 1 - Title",
            "Job Title",
            "Position",
        ],
    ),
    (
        "team",
        &[
            "Organization Department",
            "Organization 1 - Department",
            "Department",
        ],
    ),
    (
        "location",
        &[
            "Address 1 - City",
            "Business City",
            "Home City",
            "City",
            "Location",
        ],
    ),
    ("linkedin", &["LinkedIn", "LinkedIn URL", "Profile URL"]),
    ("website", &["Website 1 - Value", "Web Page", "Website"]),
    ("note", &["Notes", "Note"]),
];

/// Which columns hold each field: one, or for emails, phones and web
/// addresses every numbered column (`E-mail 2 - Value`) too.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Columns(Vec<(&'static str, usize)>);

impl Columns {
    fn get(&self, field: &str) -> Option<usize> {
        self.all(field).next()
    }

    fn all<'c>(&'c self, field: &'c str) -> impl Iterator<Item = usize> + 'c {
        self.0
            .iter()
            .filter(move |(f, _)| *f == field)
            .map(|(_, i)| *i)
    }
}

/// Google's numbered columns: `E-mail 2 - Value`, `Phone 3 - Value`.
const NUMBERED: &[(&str, &str)] = &[
    ("email", "E-mail "),
    ("phone", "Phone "),
    ("website", "Website "),
];

fn numbered(name: &str) -> Option<&'static str> {
    NUMBERED.iter().find_map(|(field, prefix)| {
        let rest = name.strip_prefix(prefix)?.strip_suffix(" - Value")?;
        rest.chars().all(|c| c.is_ascii_digit()).then_some(*field)
    })
}

/// `name=Full Name,email=E-mail`, checked against the fields; the column
/// names are checked against the header later.
pub fn parse_map(map: &str) -> Result<Vec<(&'static str, String)>, String> {
    let mut out = Vec::new();
    for pair in map.split(',').map(str::trim).filter(|p| !p.is_empty()) {
        let Some((field, column)) = pair.split_once('=') else {
            return Err(format!(
                "`{pair}` is not `field=Column`, e.g. `name=Full Name`"
            ));
        };
        let field = field.trim().to_ascii_lowercase();
        let Some(known) = FIELDS.iter().find(|f| **f == field) else {
            let hint = closest(&field, FIELDS.iter().copied())
                .map_or(String::new(), |c| format!(" (did you mean `{c}`?)"));
            return Err(format!(
                "`{field}` is not a contact field{hint}; the fields are {}",
                FIELDS.join(", ")
            ));
        };
        out.push((*known, column.trim().to_string()));
    }
    if out.is_empty() {
        return Err("the map is empty; write e.g. `--map name=Full Name,email=E-mail`".into());
    }
    Ok(out)
}

/// The columns of `header`: from the map, or by the names address books use.
fn columns(
    header: &::csv::StringRecord,
    map: Option<&[(&'static str, String)]>,
) -> Result<Columns, String> {
    let names: Vec<String> = header
        .iter()
        .map(|h| h.trim().trim_start_matches('\u{feff}').to_string())
        .collect();
    let find = |wanted: &str| names.iter().position(|n| n.eq_ignore_ascii_case(wanted));
    let mut cols = Vec::new();
    match map {
        Some(map) => {
            for (field, column) in map {
                let Some(i) = find(column) else {
                    let hint = closest(column, names.iter().map(String::as_str))
                        .map_or(String::new(), |c| format!("did you mean `{c}`? "));
                    return Err(format!(
                        "`--map {field}={column}`: the file has no column `{column}`; {hint}its columns are: {}",
                        names.join(", ")
                    ));
                };
                cols.push((*field, i));
            }
        }
        None => {
            for (field, candidates) in KNOWN {
                if let Some(i) = candidates.iter().find_map(|c| find(c)) {
                    cols.push((*field, i));
                }
            }
            for (i, name) in names.iter().enumerate() {
                if let Some(field) = numbered(name) {
                    if !cols.contains(&(field, i)) {
                        cols.push((field, i));
                    }
                }
            }
        }
    }
    let cols = Columns(cols);
    let has_name = ["name", "given_name", "family_name"]
        .iter()
        .any(|f| cols.get(f).is_some());
    if !has_name {
        return Err(format!(
            "no column for the name; say which with `--map name=COLUMN` (or given_name=, family_name=); the columns are: {}",
            names.join(", ")
        ));
    }
    Ok(cols)
}

/// The file's text, whatever Excel or an address book saved it as.
pub(crate) fn decode(bytes: &[u8]) -> Cow<'_, str> {
    let (encoding, bom) = match encoding_rs::Encoding::for_bom(bytes) {
        Some((e, len)) => (e, len),
        None if std::str::from_utf8(bytes).is_ok() => (encoding_rs::UTF_8, 0),
        // Not UTF-8 and no BOM: Excel's "CSV" on Windows, an old phone's
        // address book. Windows-1252 maps every byte, so nothing is lost.
        None => (encoding_rs::WINDOWS_1252, 0),
    };
    let (text, _) = encoding.decode_without_bom_handling(&bytes[bom..]);
    text
}

/// The separator the header row (the first line) has most of.
fn separator(text: &str) -> u8 {
    let header = text.lines().next().unwrap_or_default();
    [b',', b';', b'\t']
        .into_iter()
        .max_by_key(|s| header.bytes().filter(|b| b == s).count())
        .unwrap_or(b',')
}

/// The people of a spreadsheet, and the line and reason of each row that
/// could not be read.
pub fn parse(bytes: &[u8], map: Option<&[(&'static str, String)]>) -> Result<Read, (u64, String)> {
    let text = decode(bytes);
    let mut reader = ::csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(separator(&text))
        .from_reader(text.as_bytes());
    let line_at = |byte: u64| {
        let bytes = text.as_bytes();
        let mut at = usize::try_from(byte).unwrap_or(usize::MAX).min(bytes.len());
        while at < bytes.len() && matches!(bytes[at], b'\r' | b'\n') {
            at += 1;
        }
        bytes[..at].iter().filter(|b| **b == b'\n').count() as u64 + 1
    };
    let mut records = reader.records();
    let header = match records.next() {
        Some(Ok(h)) => h,
        Some(Err(e)) => return Err((1, e.to_string())),
        None => return Err((1, "the file is empty".into())),
    };
    let cols = columns(&header, map).map_err(|m| (1, m))?;
    let mut people = Vec::new();
    let mut rejected = Vec::new();
    for record in records {
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                let line = e.position().map_or(0, |p| line_at(p.byte()));
                rejected.push((line, format!("the row cannot be read: {e}")));
                continue;
            }
        };
        let line = record.position().map_or(0, |p| line_at(p.byte()));
        if record.iter().all(|f| f.trim().is_empty()) {
            continue;
        }
        match person(&record, &cols, line) {
            Ok(p) => people.push(p),
            Err(why) => rejected.push((line, why)),
        }
    }
    Ok((people, rejected))
}

fn person(record: &::csv::StringRecord, cols: &Columns, line: u64) -> Result<Person, String> {
    let field = |f: &str| {
        cols.get(f)
            .and_then(|i| record.get(i))
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_string)
    };
    // Google writes several values in one cell: `a@x.com ::: b@y.com`.
    let many = |f: &str| -> Vec<String> {
        let mut values: Vec<String> = Vec::new();
        for cell in cols.all(f).filter_map(|i| record.get(i)) {
            for v in cell.split(":::").map(str::trim).filter(|s| !s.is_empty()) {
                if !values.iter().any(|x| x == v) {
                    values.push(v.to_string());
                }
            }
        }
        values
    };
    let mut p = Person {
        line,
        name: field("name").unwrap_or_default(),
        given_name: field("given_name"),
        family_name: field("family_name"),
        emails: many("email"),
        phones: many("phone"),
        company: field("company"),
        role: field("role"),
        team: field("team"),
        location: field("location"),
        note: field("note"),
        ..Person::default()
    };
    for key in ["linkedin", "website"] {
        for url in many(key) {
            match web_address(&url) {
                Ok((true, u)) if p.linkedin.is_none() => p.linkedin = Some(u),
                Ok((_, u)) if p.website.is_none() && key == "website" => p.website = Some(u),
                Ok(_) => {}
                Err(e) => return Err(format!("`{key}`: {e}")),
            }
        }
    }
    p.name_from_parts();
    Ok(p)
}

/// Reads `file` and imports its people into the site of `options`.
pub fn import(
    options: &crate::Options,
    file: &Path,
    map: Option<&str>,
    dry_run: bool,
) -> Result<super::Report, ImportError> {
    let format = |line: u64, message: String| ImportError::Format {
        path: file.to_path_buf(),
        line,
        message,
    };
    let map = map.map(parse_map).transpose().map_err(|m| format(0, m))?;
    let bytes = std::fs::read(file).map_err(|source| ImportError::Read {
        path: file.to_path_buf(),
        source,
    })?;
    let (people, rejected) = parse(&bytes, map.as_deref()).map_err(|(l, m)| format(l, m))?;
    let google = map.is_none() && is_google(&bytes);
    let origin = super::people::Origin {
        tag: if google { "google-contacts" } else { "csv" },
        command: "coffeechat import csv",
    };
    super::people::import(options, &people, rejected, origin, dry_run)
}

/// Whether the header row is Google Contacts' export.
fn is_google(bytes: &[u8]) -> bool {
    let text = decode(bytes);
    let header = text.lines().next().unwrap_or_default();
    header.contains("E-mail 1 - Value") || header.contains("Organization Name,Organization Title")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_in_excel_encodings() {
        assert_eq!(decode("Zoë".as_bytes()), "Zoë");
        assert_eq!(decode(b"Zo\xeb"), "Zoë");
        let utf16: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain("Zoë".encode_utf16().flat_map(u16::to_le_bytes))
            .collect();
        assert_eq!(decode(&utf16), "Zoë");
        assert_eq!(separator("a;b;c,d\n"), b';');
        assert_eq!(separator("a\tb\n"), b'\t');
    }

    #[test]
    fn maps_are_checked() {
        assert_eq!(
            parse_map("name=Full Name, email=E-mail").unwrap(),
            vec![
                ("name", "Full Name".to_string()),
                ("email", "E-mail".to_string())
            ]
        );
        assert!(parse_map("nmae=X")
            .unwrap_err()
            .contains("did you mean `name`"));
        assert!(parse_map("name").unwrap_err().contains("field=Column"));
        let header = ::csv::StringRecord::from(vec!["Full Name", "Mail"]);
        let map = parse_map("name=Full Name,email=Email").unwrap();
        assert!(columns(&header, Some(&map))
            .unwrap_err()
            .contains("no column `Email`"));
    }
}
