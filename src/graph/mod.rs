//! The link graph: every reference resolved, and every relation inverted,
//! so each page can show its relations both ways.

mod checks;
mod index;
mod references;

pub use index::{Index, Target, Unresolved};

use crate::diagnostics::Diagnostic;
use crate::domain::Kind;
use crate::read::note::Note;
use checks::{check_duplicate_contacts, check_introductions};
use references::resolve_note;
use std::collections::BTreeSet;

/// A note's position in [`Site::notes`].
pub type NoteId = usize;

/// One question planned or asked in an interview.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum QuestionRef {
    /// The `index`-th question of bank `bank`.
    Bank { bank: NoteId, index: usize },
    /// A question written out in the interview itself.
    Literal(String),
}

/// Every relation of one note, both directions. Lists are sorted by note id,
/// which is path order, so output is deterministic.
#[derive(Debug, Default, Clone)]
pub struct Links {
    /// Contact or interview → company.
    pub company: Option<NoteId>,
    /// Interview → contacts.
    pub contacts: Vec<NoteId>,
    /// Contact → who introduced them.
    pub introduced_by: Option<NoteId>,
    /// Interview → planned questions.
    pub questions: Vec<QuestionRef>,
    /// Interview → questions actually asked.
    pub asked: Vec<QuestionRef>,
    /// Interview → contacts the interviewee referred the seeker to.
    pub referrals: Vec<NoteId>,
    /// Interview → referrals as written that have no contact note yet,
    /// shown as plain text.
    pub referrals_without_note: Vec<String>,

    /// Company → its contacts.
    pub people: Vec<NoteId>,
    /// Company, contact or question bank → interviews involving it.
    pub interviews: Vec<NoteId>,
    /// Contact → contacts they introduced.
    pub introduced: Vec<NoteId>,
    /// Contact → (contact they referred the seeker to, interview it happened in).
    pub referred: Vec<(NoteId, NoteId)>,
    /// Contact → (contact who referred them, interview it happened in).
    pub referred_by: Vec<(NoteId, NoteId)>,

    /// Notes this note's body links to.
    pub mentions: Vec<NoteId>,
    /// Notes whose body or front matter links to this note.
    pub backlinks: Vec<NoteId>,
}

/// Resolves the front matter references of every note and inverts them.
/// Body links are added later by [`add_mentions`], once Markdown is rendered.
pub fn resolve(notes: &mut [Note], index: &Index, diagnostics: &mut Vec<Diagnostic>) -> Vec<Links> {
    use rayon::prelude::*;
    let shared: &[Note] = notes;
    // Each note resolves on its own (a typo's suggestion compares names
    // across the whole site); diagnostics keep note order.
    let resolved: Vec<(Links, Vec<Diagnostic>)> = (0..shared.len())
        .into_par_iter()
        .map(|id| {
            let mut found = Vec::new();
            let links = resolve_note(shared, &shared[id], index, &mut found);
            (links, found)
        })
        .collect();
    let mut links = Vec::with_capacity(resolved.len());
    for (l, found) in resolved {
        links.push(l);
        diagnostics.extend(found);
    }
    name_interviews(notes, &links);
    invert(notes, &mut links);
    links
}

/// The checks across notes once links are resolved: introduction loops,
/// and two contact notes for one person. `serve` runs them again after an
/// edit that leaves the links as they were.
pub fn check(notes: &[Note], links: &[Links], diagnostics: &mut Vec<Diagnostic>) {
    check_introductions(notes, links, diagnostics);
    check_duplicate_contacts(notes, diagnostics);
}

/// A note's own front matter references among `notes`, resolved as
/// [`resolve`] does (without the relations other notes add), with the
/// problems found.
pub fn resolve_one(notes: &[Note], note: &Note, index: &Index) -> (Links, Vec<Diagnostic>) {
    let mut found = Vec::new();
    let links = resolve_note(notes, note, index, &mut found);
    (links, found)
}

impl Links {
    /// Whether two notes' own references are the same (what the other
    /// relations are inverted from).
    pub fn same_references(&self, other: &Links) -> bool {
        self.company == other.company
            && self.contacts == other.contacts
            && self.introduced_by == other.introduced_by
            && self.questions == other.questions
            && self.asked == other.asked
            && self.referrals == other.referrals
            && self.referrals_without_note == other.referrals_without_note
    }
}

/// An interview without a title is named after its contacts.
fn name_interviews(notes: &mut [Note], links: &[Links]) {
    for id in 0..notes.len() {
        let Kind::Interview(i) = &notes[id].kind else {
            continue;
        };
        if i.title.is_some() || links[id].contacts.is_empty() {
            continue;
        }
        let names: Vec<&str> = links[id]
            .contacts
            .iter()
            .map(|c| notes[*c].title.as_str())
            .collect();
        notes[id].title = format!("Informational interview with {}", join_names(&names));
    }
}

fn join_names(names: &[&str]) -> String {
    match names {
        [] => String::new(),
        [one] => one.to_string(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

fn invert(notes: &[Note], links: &mut [Links]) {
    for id in 0..links.len() {
        let l = links[id].clone();
        if let Some(company) = l.company {
            match notes[id].kind {
                Kind::Contact(_) => links[company].people.push(id),
                _ => links[company].interviews.push(id),
            }
        }
        if let Some(introducer) = l.introduced_by {
            links[introducer].introduced.push(id);
        }
        for c in &l.contacts {
            links[*c].interviews.push(id);
            for r in &l.referrals {
                links[*c].referred.push((*r, id));
                links[*r].referred_by.push((*c, id));
            }
        }
        let banks: BTreeSet<NoteId> = l
            .questions
            .iter()
            .chain(&l.asked)
            .filter_map(|q| match q {
                QuestionRef::Bank { bank, .. } => Some(*bank),
                QuestionRef::Literal(_) => None,
            })
            .collect();
        for b in banks {
            links[b].interviews.push(id);
        }
    }
}

/// Adds body links, found while rendering Markdown, and computes backlinks
/// from body links and front matter references alike.
pub fn add_mentions(links: &mut [Links], mentions: Vec<Vec<NoteId>>) {
    for (id, m) in mentions.into_iter().enumerate() {
        links[id].mentions = m;
    }
    set_backlinks(links);
}

/// Computes every note's backlinks from the links of all notes.
pub fn set_backlinks(links: &mut [Links]) {
    let mut back: Vec<BTreeSet<NoteId>> = vec![BTreeSet::new(); links.len()];
    for (id, l) in links.iter().enumerate() {
        let targets = l
            .mentions
            .iter()
            .chain(l.company.iter())
            .chain(l.contacts.iter())
            .chain(l.introduced_by.iter())
            .chain(l.referrals.iter());
        for t in targets {
            if *t != id {
                back[*t].insert(id);
            }
        }
    }
    for (l, b) in links.iter_mut().zip(back) {
        l.backlinks = b.into_iter().collect();
    }
}

#[cfg(test)]
mod tests {
    use super::checks::same_person_key;

    #[test]
    fn profile_urls_match_whatever_their_form() {
        assert_eq!(
            same_person_key("linkedin", "https://www.LinkedIn.com/in/ana/?utm=x"),
            same_person_key("linkedin", "http://linkedin.com/in/ana")
        );
        assert_ne!(
            same_person_key("linkedin", "https://linkedin.com/in/ana"),
            same_person_key("linkedin", "https://linkedin.com/in/anna")
        );
        assert_eq!(
            same_person_key("email", " Ana@Example.com"),
            "ana@example.com"
        );
    }
}
