//! What a public build may publish about people.
//!
//! A prep site holds personal data about real people, so a public build
//! (`--public`, or `publish: {public: true}` in config) leaves out notes
//! marked `private: true`, drafts, and the personal fields of contacts.
//! Fields are stripped from the notes right after they are read, before
//! the link graph, so no later stage (pages, calendar, feeds) can show
//! them by mistake.

use crate::domain::{Kind, Place, CONTACT_FIELDS};
use crate::read::config::publish::{PeoplePages, Publish, NOTE_PARTS};
use crate::read::discover::Collection;
use crate::read::note::Note;

/// Whether notes of `collection` have pages of their own in this build. A
/// note without one is still known (a company page lists its people by
/// name), but nothing links to it.
pub fn has_page(publish: &Publish, collection: Collection) -> bool {
    match collection {
        Collection::Contacts => publish.shows(PeoplePages::Contacts),
        Collection::Interviews => publish.shows(PeoplePages::Interviews),
        _ => true,
    }
}

/// Leaves in a note only what a public build may show of it. A contact
/// keeps the fields `publish` allows by the contact field table
/// ([`CONTACT_FIELDS`]), then tags, free data and body as configured. An
/// interview (published only when `publish.pages` names interviews) loses
/// its meeting link, its next steps and its notes. Other notes are left
/// as they are.
pub fn strip(publish: &Publish, note: &mut Note) {
    if let Kind::Interview(interview) = &mut note.kind {
        if matches!(interview.location, Some(Place::Link(_))) {
            interview.location = None;
        }
        interview.next_steps.clear();
        note.clear_body();
        return;
    }
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
    /// The pages that show what is published.
    pub shown_on: Vec<String>,
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
            shown_on: Vec::new(),
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
        shown_on: Vec::new(),
    };
    if left_out.is_none() {
        report.shown_on = shown_on(note, publish);
    }
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

/// Where a public build shows a person: their own page when contact
/// pages are published, their company's page, the interview pages.
fn shown_on(note: &Note, publish: &Publish) -> Vec<String> {
    let mut pages = Vec::new();
    if publish.shows(PeoplePages::Contacts) {
        pages.push(format!("their own page (contacts/{}/)", note.slug));
    }
    let company = note.as_contact().and_then(|c| c.company.as_deref());
    if let (Some(company), false) = (company, publish.drops("company")) {
        pages.push(format!("the page of companies/{company}/"));
    }
    if publish.shows(PeoplePages::Interviews) {
        pages.push("the pages of their interviews".to_string());
    }
    pages
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
    let publish = Publish {
        public: true,
        ..config.publish.clone()
    };
    let (files, _) = crate::read::discover::discover(&options.root);
    let contacts: Vec<_> = files
        .into_iter()
        .filter(|f| f.collection == crate::read::discover::Collection::Contacts)
        .collect();
    Ok(contacts
        .par_iter()
        .filter_map(|f| crate::read::note::read(f, &config).note)
        .map(|n| person_report(&n, &publish, public.left_out(&config, &n)))
        .collect())
}

/// The report as text for the terminal, one block per person.
pub fn render_report(people: &[PersonReport]) -> String {
    let mut out = String::from(
        "A public build publishes about each person (publish: in coffeechat.yaml opts more in):\n",
    );
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
        match p.shown_on.as_slice() {
            [] => out.push_str("  shown on: no page (nothing links to them)\n"),
            pages => out.push_str(&format!("  shown on: {}\n", pages.join("; "))),
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
