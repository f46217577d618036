//! Which notes and pages an edit reaches: the notes whose files changed,
//! the notes whose pages show them, and the print packs that must change.

use crate::graph::{Links, NoteId, QuestionRef};
use crate::pages::views::Site;
use crate::Analysis;
use std::collections::{BTreeSet, HashMap, HashSet};
use std::path::{Path, PathBuf};

/// Whether one of the edited notes' new `bodies` reads the body of another
/// edited note (`ids`): each was rendered against the others' last
/// versions, so the edit must take the whole road.
pub(super) fn reads_an_edited_body<'b>(
    mut bodies: impl Iterator<Item = &'b crate::markdown::Rendered>,
    ids: &[NoteId],
) -> bool {
    bodies.any(|b| ids.iter().any(|id| b.reads_body_of(*id)))
}

/// The notes (by path) read again, added or removed between two analyses.
pub fn changed_notes(old: &Analysis, new: &Analysis, reread: &[PathBuf]) -> Vec<PathBuf> {
    let old_paths: HashSet<&PathBuf> = old.notes.iter().map(|n| &n.path).collect();
    let new_paths: HashSet<&PathBuf> = new.notes.iter().map(|n| &n.path).collect();
    let mut changed: BTreeSet<PathBuf> = reread.iter().cloned().collect();
    changed.extend(
        old_paths
            .symmetric_difference(&new_paths)
            .map(|p| (*p).clone()),
    );
    changed.into_iter().collect()
}

/// The notes whose pages may show something of the `changed` notes, by
/// path: the changed notes, every note whose card (title, line, URL) or
/// rendered body looks different (a body embedding one that embeds the
/// changed note, any number of embeds away), the people a changed contact
/// introduced (their pages show the chain of introductions), and from all
/// of these every note within two
/// links, in the old graph and the new one. Two links cover what a page
/// shows of its neighbours' neighbours: an interview's briefing lists the
/// earlier conversations with the same company or contact, a question bank
/// lists the interviews that used it with their contacts.
pub fn affected_notes(old: &Site, new: &Site, changed: &[PathBuf]) -> HashSet<PathBuf> {
    let mut seeds: HashSet<PathBuf> = changed.iter().cloned().collect();
    let old_ids: HashMap<&Path, NoteId> = old
        .notes
        .iter()
        .enumerate()
        .map(|(id, n)| (n.path.as_path(), id))
        .collect();
    for (id, n) in new.notes.iter().enumerate() {
        let same = old_ids.get(n.path.as_path()).is_some_and(|old_id| {
            let (a, b) = (&old.cards[*old_id], &new.cards[id]);
            let (was, is) = (&old.bodies[*old_id], &new.bodies[id]);
            a.title() == b.title()
                && a.subtitle() == b.subtitle()
                && a.url() == b.url()
                && (std::sync::Arc::ptr_eq(was, is) || was.looks_same(is))
        });
        if !same {
            seeds.insert(n.path.clone());
        }
    }
    let mut affected = seeds.clone();
    affected.extend(reached_from(old, &seeds));
    affected.extend(reached_from(new, &seeds));
    affected
}

/// The notes of `site` whose pages may show the `seeds`, by path.
pub(super) fn reached_from(site: &Site, seeds: &HashSet<PathBuf>) -> Vec<PathBuf> {
    let ids: Vec<NoteId> = site
        .notes
        .iter()
        .enumerate()
        .filter(|(_, n)| seeds.contains(&n.path))
        .map(|(id, _)| id)
        .collect();
    let mut reached = neighbourhood(site.links, &ids);
    reached.extend(briefings_showing(site, &ids));
    reached
        .into_iter()
        .map(|id| site.notes[id].path.clone())
        .collect()
}

/// The briefings that show something of `ids` through their "earlier
/// conversations": a briefing lists the other interviews with its people or
/// company, each with its people's and company's cards and the question
/// texts asked (a bank's), which can be three links from the note shown.
pub(super) fn briefings_showing(site: &Site, ids: &[NoteId]) -> Vec<NoteId> {
    let links = site.links;
    let shown_in: Vec<NoteId> = ids
        .iter()
        .flat_map(|id| match site.notes[*id].kind {
            crate::domain::Kind::Interview(_) => vec![*id],
            crate::domain::Kind::Page(_) => Vec::new(),
            _ => links[*id].interviews.clone(),
        })
        .collect();
    shown_in
        .iter()
        .flat_map(|y| links[*y].contacts.iter().chain(&links[*y].company))
        .flat_map(|p| links[*p].interviews.iter().copied())
        .collect()
}

/// `seeds`, everyone introduced (directly or not) by one of them, and every
/// note within two links of all these.
pub(super) fn neighbourhood(links: &[Links], seeds: &[NoteId]) -> BTreeSet<NoteId> {
    within(links, seeds, 2)
}

/// `seeds`, everyone introduced (directly or not) by one of them, and every
/// note within `hops` links of all these.
pub(super) fn within(links: &[Links], seeds: &[NoteId], hops: usize) -> BTreeSet<NoteId> {
    let mut reached: BTreeSet<NoteId> = seeds.iter().copied().collect();
    let mut stack = seeds.to_vec();
    while let Some(id) = stack.pop() {
        for c in &links[id].introduced {
            if reached.insert(*c) {
                stack.push(*c);
            }
        }
    }
    for _ in 0..hops {
        let frontier: Vec<NoteId> = reached.iter().copied().collect();
        for id in frontier {
            reached.extend(neighbours(&links[id]));
        }
    }
    reached
}

/// A print pack shows whole briefings: it is current when none of its
/// interviews is affected and it holds the same interviews as before (none
/// came up, went past, appeared or was deleted).
pub(super) fn print_pack_kept(
    scope: &crate::pages::PrintScope,
    old: &Site,
    new: &Site,
    affected: &HashSet<PathBuf>,
) -> bool {
    let paths = |site: &Site| -> Vec<PathBuf> {
        scope
            .interviews(site)
            .into_iter()
            .map(|id| site.notes[id].path.clone())
            .collect()
    };
    let now = paths(new);
    now == paths(old) && !now.iter().any(|p| affected.contains(p))
}

/// Every note one link away, in either direction.
pub(super) fn neighbours(l: &Links) -> Vec<NoteId> {
    let banks = l.questions.iter().chain(&l.asked).filter_map(|q| match q {
        QuestionRef::Bank { bank, .. } => Some(*bank),
        QuestionRef::Literal(_) => None,
    });
    l.company
        .into_iter()
        .chain(l.introduced_by)
        .chain(l.contacts.iter().copied())
        .chain(banks)
        .chain(l.referrals.iter().copied())
        .chain(l.people.iter().copied())
        .chain(l.interviews.iter().copied())
        .chain(l.introduced.iter().copied())
        .chain(l.referred.iter().flat_map(|(a, b)| [*a, *b]))
        .chain(l.referred_by.iter().flat_map(|(a, b)| [*a, *b]))
        .chain(l.mentions.iter().copied())
        .chain(l.backlinks.iter().copied())
        .collect()
}
