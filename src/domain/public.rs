//! What a public build may publish about people.
//!
//! A prep site holds personal data about real people, so a public build
//! (`--public`, or `publish: {public: true}` in config) leaves out notes
//! marked `private: true`, drafts, and the personal fields of contacts.
//! Fields are stripped from the notes right after they are read, before
//! the link graph, so no later stage (pages, calendar, feeds) can show
//! them by mistake.

use crate::domain::{Kind, CONTACT_FIELDS};
use crate::read::config::publish::{Publish, NOTE_PARTS};
use crate::read::note::Note;

/// Leaves in a contact note only what `publish` lets a public build keep:
/// fields by the contact field table ([`CONTACT_FIELDS`]), then tags,
/// free data and body. Other notes are left as they are.
pub fn strip(publish: &Publish, note: &mut Note) {
    let Kind::Contact(contact) = &mut note.kind else {
        return;
    };
    *contact = contact.clone().public_copy(|key| !publish.drops(key));
    for part in NOTE_PARTS.iter().filter(|p| publish.drops(p)) {
        match *part {
            "tags" => note.tags.clear(),
            "extra" => note.extra = serde_json::Value::Null,
            _ => note.clear_body(),
        }
    }
}

/// What a public build would publish about one person.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PersonReport {
    pub name: String,
    /// `content/contacts/ana.md`
    pub path: String,
    /// Why the whole note is left out (`private: true`, draft), if it is.
    pub left_out: Option<&'static str>,
    /// Published fields with their values, in front matter order.
    pub published: Vec<(&'static str, String)>,
    /// Fields the contact has that the build leaves out.
    pub dropped: Vec<&'static str>,
}

/// Describes what a public build would publish about the person in
/// `note`; `left_out` says why the whole note is not in the build, if so.
pub fn person_report(
    note: &Note,
    publish: &Publish,
    left_out: Option<&'static str>,
) -> PersonReport {
    let Some(c) = note.as_contact() else {
        return PersonReport {
            name: note.title.clone(),
            path: slash(note),
            left_out,
            published: Vec::new(),
            dropped: Vec::new(),
        };
    };
    let body = note.body().trim();
    let mut values: Vec<(&'static str, Option<String>)> = CONTACT_FIELDS
        .iter()
        .filter(|f| f.key != "name")
        .map(|f| (f.key, (f.value)(c).map(|v| v.as_written().to_string())))
        .collect();
    values.extend([
        (
            "tags",
            (!note.tags.is_empty()).then(|| note.tags.join(", ")),
        ),
        (
            "extra",
            (!note.extra.is_null() && note.extra.as_object().is_none_or(|m| !m.is_empty()))
                .then(|| note.extra.to_string()),
        ),
        (
            "body",
            (!body.is_empty()).then(|| {
                let words = body.split_whitespace().count();
                format!("{words} words of notes")
            }),
        ),
    ]);
    let mut report = PersonReport {
        name: c.name.clone(),
        path: slash(note),
        left_out,
        published: Vec::new(),
        dropped: Vec::new(),
    };
    for (field, value) in values {
        let Some(value) = value else { continue };
        if left_out.is_some() || publish.drops(field) {
            report.dropped.push(field);
        } else {
            report.published.push((field, value));
        }
    }
    report
}

/// What a public build of the site at `options` would publish about each
/// contact, in path order. Notes that cannot be read are left to `check`.
pub fn report(options: &crate::Options) -> Result<Vec<PersonReport>, crate::Error> {
    use rayon::prelude::*;
    let config = options.load_config()?;
    let public = crate::Options {
        public: true,
        ..options.clone()
    };
    let (files, _) = crate::read::discover::discover(&options.root);
    let contacts: Vec<_> = files
        .into_iter()
        .filter(|f| f.collection == crate::read::discover::Collection::Contacts)
        .collect();
    Ok(contacts
        .par_iter()
        .filter_map(|f| crate::read::note::read(f, &config).note)
        .map(|n| person_report(&n, &config.publish, public.left_out(&config, &n)))
        .collect())
}

/// The report as text for the terminal, one block per person.
pub fn render_report(people: &[PersonReport]) -> String {
    let mut out = String::from("A public build publishes about each person:\n");
    if people.is_empty() {
        out.push_str("  (no contacts)\n");
    }
    for p in people {
        out.push_str(&format!("\n{} ({})\n", p.name, p.path));
        if let Some(reason) = p.left_out {
            out.push_str(&format!("  nothing: the note is left out ({reason})\n"));
            continue;
        }
        out.push_str(&format!("  name: {}\n", one_line(&p.name)));
        for (field, value) in &p.published {
            out.push_str(&format!("  {field}: {}\n", one_line(value)));
        }
        if !p.dropped.is_empty() {
            out.push_str(&format!("  left out: {}\n", p.dropped.join(", ")));
        }
    }
    out
}

/// A value on one line, cut short: the report is a summary.
fn one_line(value: &str) -> String {
    let flat = value.split_whitespace().collect::<Vec<_>>().join(" ");
    match flat.char_indices().nth(100) {
        Some((i, _)) => format!("{}…", &flat[..i]),
        None => flat,
    }
}

fn slash(note: &Note) -> String {
    crate::diagnostics::slash(&note.path)
}
