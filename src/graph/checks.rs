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
    let smallest = smallest_in_cycles(links);
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
        // Each cycle is reported once, on its smallest member.
        if !smallest[id] {
            continue;
        }
        let mut chain = vec![id];
        let mut next = first;
        while next != id && chain.len() <= links.len() {
            chain.push(next);
            next = links[next].introduced_by.unwrap_or(id);
        }
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
}

/// Of each introduction cycle of two people or more, its smallest member:
/// each person has at most one introducer, so every walk along
/// `introduced_by` is followed once (a walk per person was quadratic in
/// long chains).
fn smallest_in_cycles(links: &[Links]) -> Vec<bool> {
    #[derive(Clone, Copy, PartialEq)]
    enum Seen {
        Not,
        OnThisWalk,
        Done,
    }
    let mut seen = vec![Seen::Not; links.len()];
    let mut smallest = vec![false; links.len()];
    let mut walk = Vec::new();
    for start in 0..links.len() {
        walk.clear();
        let mut at = Some(start);
        while let Some(id) = at {
            match seen[id] {
                Seen::Done => break,
                Seen::OnThisWalk => {
                    // The walk came back to `id`: from it on, a cycle.
                    let from = walk.iter().position(|w| *w == id).unwrap_or(0);
                    let cycle = &walk[from..];
                    if let (true, Some(min)) = (cycle.len() > 1, cycle.iter().min()) {
                        smallest[*min] = true;
                    }
                    break;
                }
                Seen::Not => {
                    seen[id] = Seen::OnThisWalk;
                    walk.push(id);
                    at = links[id].introduced_by;
                }
            }
        }
        for id in &walk {
            seen[*id] = Seen::Done;
        }
    }
    smallest
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

#[cfg(test)]
mod tests {
    use super::{smallest_in_cycles, Links};

    /// Each cycle's smallest member, found the slow way: walking from each
    /// person until the walk comes back to them.
    fn by_walking(links: &[Links]) -> Vec<bool> {
        (0..links.len())
            .map(|id| {
                let mut chain = vec![id];
                let mut next = links[id].introduced_by;
                while let Some(n) = next {
                    if n == id {
                        return chain.len() > 1 && chain.iter().min() == Some(&id);
                    }
                    if chain.contains(&n) {
                        return false;
                    }
                    chain.push(n);
                    next = links[n].introduced_by;
                }
                false
            })
            .collect()
    }

    #[test]
    fn each_cycle_is_found_once_on_its_smallest_member() {
        // Random introduction forests with loops, from a fixed seed.
        let mut seed: u64 = 7;
        let mut random = |below: usize| {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (seed >> 33) as usize % below
        };
        for size in 1..40 {
            for _ in 0..50 {
                let links: Vec<Links> = (0..size)
                    .map(|_| Links {
                        introduced_by: (random(3) > 0).then(|| random(size)),
                        ..Links::default()
                    })
                    .collect();
                assert_eq!(smallest_in_cycles(&links), by_walking(&links));
            }
        }
    }
}
