//! Checks across notes once links resolve: introduction loops, and two
//! contacts who are likely the same person.

use super::Links;
use crate::diagnostics::Diagnostic;
use crate::domain::Kind;
use crate::read::note::Note;
use std::collections::HashMap;

pub(super) fn check_introductions(
    notes: &[Note],
    links: &[Links],
    diagnostics: &mut Vec<Diagnostic>,
) {
    for (id, l) in links.iter().enumerate() {
        let Some(first) = l.introduced_by else {
            continue;
        };
        let note = &notes[id];
        let written = note
            .as_contact()
            .and_then(|c| c.introduced_by.as_deref())
            .unwrap_or_default();
        if first == id {
            diagnostics.push(
                Diagnostic::error(
                    "self-introduction",
                    &note.path,
                    format!("{} is introduced by themselves", note.title),
                )
                .at_span(note.value_span("introduced_by", written))
                .hint("remove `introduced_by`, or name the person who introduced them"),
            );
            continue;
        }
        let mut chain = vec![id];
        let mut next = first;
        loop {
            if next == id {
                // Report each cycle once, on its smallest member.
                if chain.iter().min() == Some(&id) {
                    let names: Vec<&str> = chain
                        .iter()
                        .chain([&id])
                        .map(|c| notes[*c].slug.as_str())
                        .collect();
                    diagnostics.push(
                        Diagnostic::error(
                            "introduction-cycle",
                            &note.path,
                            format!("introductions form a cycle: {}", names.join(" → ")),
                        )
                        .at_span(note.value_span("introduced_by", written))
                        .hint("each person is introduced by someone met earlier, so one of these `introduced_by` is wrong"),
                    );
                }
                break;
            }
            if chain.contains(&next) {
                break;
            }
            chain.push(next);
            match links[next].introduced_by {
                Some(n) => next = n,
                None => break,
            }
        }
    }
}

pub(super) fn check_duplicate_contacts(notes: &[Note], diagnostics: &mut Vec<Diagnostic>) {
    let mut seen: HashMap<(&str, String), &Note> = HashMap::new();
    for note in notes {
        let Kind::Contact(c) = &note.kind else {
            continue;
        };
        let keys = [
            ("email", c.email.as_deref().map(str::trim)),
            ("linkedin", c.linkedin.as_ref().map(|u| u.as_str())),
        ];
        for (field, written) in keys {
            let Some(written) = written else { continue };
            let key = (field, same_person_key(field, written));
            match seen.get(&key) {
                Some(first) => diagnostics.push(
                    Diagnostic::warning(
                        "duplicate-contact",
                        &note.path,
                        format!(
                            "likely the same person as {} ({}): the same `{field}`",
                            first.title,
                            first.path.display()
                        ),
                    )
                    .at_span(note.value_span(field, written))
                    .hint("if they are one person, merge the two notes and keep one slug"),
                ),
                None => {
                    seen.insert(key, note);
                }
            }
        }
    }
}

/// What makes two emails or profile URLs the same: case, `www.`, the
/// scheme, a query and a trailing slash do not matter.
pub(super) fn same_person_key(field: &str, value: &str) -> String {
    let v = value.trim().to_lowercase();
    if field != "linkedin" {
        return v;
    }
    let v = v.split(['?', '#']).next().unwrap_or_default();
    let v = v
        .trim_start_matches("https://")
        .trim_start_matches("http://")
        .trim_start_matches("www.");
    v.trim_end_matches('/').to_string()
}
