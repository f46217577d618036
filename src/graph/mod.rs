//! The link graph: every reference resolved, and every relation inverted,
//! so each page can show its relations both ways.

use crate::diagnostics::{closest, Diagnostic};
use crate::domain::Kind;
use crate::read::discover::Collection;
use crate::read::note::Note;
use std::collections::{BTreeSet, HashMap, HashSet};

/// A note's position in [`Site::notes`].
pub type NoteId = usize;

/// Finds notes by slug. Notes left out of the build (drafts, private notes
/// in a public build) are known by name so that links to them become plain
/// text rather than errors.
#[derive(Debug, Default)]
pub struct Index {
    by_key: HashMap<(Collection, String), NoteId>,
    by_slug: HashMap<String, Vec<NoteId>>,
    hidden: HashSet<(Collection, String)>,
    collections: HashMap<Collection, Vec<NoteId>>,
}

/// What a reference points at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    Note(NoteId),
    /// A note that exists but is left out of this build.
    Hidden,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Unresolved {
    NotFound { closest: Option<String> },
    Ambiguous(Vec<String>),
}

impl Index {
    pub fn build(notes: &[Note], hidden: &[(Collection, String)]) -> Index {
        let mut index = Index::default();
        for (id, note) in notes.iter().enumerate() {
            // A duplicate slug is reported once, by the loader; the first note keeps it.
            let key = (note.collection, note.slug.clone());
            if index.by_key.contains_key(&key) {
                continue;
            }
            index.by_key.insert(key, id);
            index.by_slug.entry(note.slug.clone()).or_default().push(id);
            index
                .collections
                .entry(note.collection)
                .or_default()
                .push(id);
        }
        index.hidden = hidden.iter().cloned().collect();
        index
    }

    /// Whether both indexes leave out the same notes.
    pub fn hides_same(&self, other: &Index) -> bool {
        self.hidden == other.hidden
    }

    /// The notes of a collection, in build order.
    pub fn of(&self, collection: Collection) -> &[NoteId] {
        self.collections.get(&collection).map_or(&[], Vec::as_slice)
    }

    /// Resolves `reference` (`slug` or `collection/slug`). With `expected`,
    /// only that collection is searched, as for front matter fields.
    pub fn resolve(
        &self,
        notes: &[Note],
        reference: &str,
        expected: Option<Collection>,
    ) -> Result<Target, Unresolved> {
        let reference = reference.trim();
        let (collection, slug) = match reference.split_once('/') {
            Some((dir, rest)) => match Collection::from_dir(dir) {
                Some(c) if expected.is_none_or(|e| e == c) => (Some(c), rest),
                _ => (expected, reference),
            },
            None => (expected, reference),
        };
        let slug = crate::read::slug::slugify(slug);
        match collection {
            Some(c) => {
                if let Some(id) = self.by_key.get(&(c, slug.clone())) {
                    return Ok(Target::Note(*id));
                }
                if self.hidden.contains(&(c, slug.clone())) {
                    return Ok(Target::Hidden);
                }
                let candidates = self.of(c).iter().map(|id| notes[*id].slug.as_str());
                Err(Unresolved::NotFound {
                    closest: closest(&slug, candidates).map(|s| format!("{}/{s}", c.dir())),
                })
            }
            None => match self.by_slug.get(&slug).map(Vec::as_slice) {
                Some([id]) => Ok(Target::Note(*id)),
                Some(ids) if !ids.is_empty() => Err(Unresolved::Ambiguous(
                    ids.iter()
                        .map(|id| format!("{}/{}", notes[*id].collection.dir(), slug))
                        .collect(),
                )),
                _ => {
                    if self.hidden.iter().any(|(_, s)| *s == slug) {
                        return Ok(Target::Hidden);
                    }
                    Err(Unresolved::NotFound {
                        closest: closest(&slug, self.by_slug.keys().map(String::as_str))
                            .map(str::to_string),
                    })
                }
            },
        }
    }
}

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
            let links = resolve_note(shared, id, index, &mut found);
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
    check_introductions(notes, &links, diagnostics);
    check_duplicate_contacts(notes, diagnostics);
    links
}

fn resolve_note(
    notes: &[Note],
    id: NoteId,
    index: &Index,
    diagnostics: &mut Vec<Diagnostic>,
) -> Links {
    let note = &notes[id];
    let mut links = Links::default();
    let one = |key: &str,
               reference: &str,
               expected: Collection,
               diagnostics: &mut Vec<Diagnostic>|
     -> Option<NoteId> {
        match index.resolve(notes, reference, Some(expected)) {
            Ok(Target::Note(target)) => Some(target),
            Ok(Target::Hidden) => None,
            Err(e) => {
                diagnostics.push(unresolved(note, key, reference, expected, e));
                None
            }
        }
    };
    match &note.kind {
        Kind::Contact(c) => {
            links.company = c
                .company
                .as_deref()
                .and_then(|r| one("company", r, Collection::Companies, diagnostics));
            links.introduced_by = c
                .introduced_by
                .as_deref()
                .and_then(|r| one("introduced_by", r, Collection::Contacts, diagnostics));
        }
        Kind::Interview(i) => {
            let contacts_key = if note.has_key("contact") {
                "contact"
            } else {
                "contacts"
            };
            for r in &i.contacts {
                if let Some(t) = one(contacts_key, r, Collection::Contacts, diagnostics) {
                    if !links.contacts.contains(&t) {
                        links.contacts.push(t);
                    }
                }
            }
            links.company = match &i.company {
                Some(r) => one("company", r, Collection::Companies, diagnostics),
                None => links.contacts.first().and_then(|c| match &notes[*c].kind {
                    Kind::Contact(contact) => contact
                        .company
                        .as_deref()
                        .and_then(|r| index.resolve(notes, r, Some(Collection::Companies)).ok())
                        .and_then(|t| match t {
                            Target::Note(id) => Some(id),
                            Target::Hidden => None,
                        }),
                    _ => None,
                }),
            };
            for r in &i.referrals {
                match index.resolve(notes, r, Some(Collection::Contacts)) {
                    Ok(Target::Note(t)) => links.referrals.push(t),
                    Ok(Target::Hidden) => {}
                    // Referrals are often people the seeker has not written up yet.
                    Err(e) => {
                        diagnostics.push(referral_without_note(note, r, e));
                        links.referrals_without_note.push(r.clone());
                    }
                }
            }
            links.questions = questions(notes, note, "questions", &i.questions, index, diagnostics);
            links.asked = questions(notes, note, "asked", &i.asked, index, diagnostics);
        }
        _ => {}
    }
    links
}

/// Resolves question references: `bank` (all its questions), `bank/id`, or
/// a literal question (text with a space or a question mark).
fn questions(
    notes: &[Note],
    note: &Note,
    key: &str,
    refs: &[String],
    index: &Index,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<QuestionRef> {
    let mut out = Vec::new();
    for r in refs {
        let (bank_ref, question_id) = match r.split_once('/') {
            Some((b, q)) if !r.contains(' ') => (b, Some(q)),
            _ => (r.as_str(), None),
        };
        let looks_literal = r.contains(' ') || r.ends_with('?');
        match index.resolve(notes, bank_ref, Some(Collection::Questions)) {
            Ok(Target::Note(bank)) => {
                let Kind::Bank(b) = &notes[bank].kind else {
                    continue;
                };
                match question_id {
                    None => out.extend(
                        (0..b.questions.len()).map(|index| QuestionRef::Bank { bank, index }),
                    ),
                    Some(qid) => {
                        let qid_slug = crate::read::slug::slugify(qid);
                        match b.questions.iter().position(|q| q.id == qid_slug) {
                            Some(index) => out.push(QuestionRef::Bank { bank, index }),
                            None => {
                                let hint = match closest(
                                    &qid_slug,
                                    b.questions.iter().map(|q| q.id.as_str()),
                                ) {
                                    Some(c) => format!("did you mean `{}/{c}`?", notes[bank].slug),
                                    None => format!(
                                        "the bank `{}` has no such id; see {}",
                                        notes[bank].slug,
                                        notes[bank].path.display()
                                    ),
                                };
                                diagnostics.push(
                                    Diagnostic::error(
                                        "unresolved-question",
                                        &note.path,
                                        format!(
                                            "`{key}`: no question `{qid}` in the bank `{}`",
                                            notes[bank].slug
                                        ),
                                    )
                                    .at_span(note.value_span(key, r))
                                    .hint(hint),
                                );
                            }
                        }
                    }
                }
            }
            Ok(Target::Hidden) => {}
            Err(_) if looks_literal => out.push(QuestionRef::Literal(r.clone())),
            Err(e) => diagnostics.push(unresolved(note, key, bank_ref, Collection::Questions, e)),
        }
    }
    out
}

fn unresolved(
    note: &Note,
    key: &str,
    reference: &str,
    expected: Collection,
    e: Unresolved,
) -> Diagnostic {
    let (message, hint) = match e {
        Unresolved::NotFound { closest } => (
            format!("`{key}`: no {} `{reference}`", expected.singular()),
            match closest {
                Some(c) => format!(
                    "did you mean `{}`?",
                    c.trim_start_matches(&format!("{}/", expected.dir()))
                ),
                None => format!(
                    "create content/{}/{}.md, or fix the slug",
                    expected.dir(),
                    crate::read::slug::slugify(reference.rsplit('/').next().unwrap_or(reference))
                ),
            },
        ),
        Unresolved::Ambiguous(candidates) => (
            format!("`{key}`: `{reference}` names several notes"),
            format!("write one of: {}", candidates.join(", ")),
        ),
    };
    Diagnostic::error("unresolved-reference", &note.path, message)
        .at_span(note.value_span(key, reference))
        .hint(hint)
}

fn referral_without_note(note: &Note, reference: &str, e: Unresolved) -> Diagnostic {
    let slug = crate::read::slug::slugify(reference);
    let hint = match e {
        Unresolved::NotFound { closest: Some(c) } => format!(
            "did you mean `{}`? If not, add content/contacts/{slug}.md when you reach out",
            c.trim_start_matches("contacts/")
        ),
        _ => format!("add content/contacts/{slug}.md when you reach out; until then the name is shown as plain text"),
    };
    Diagnostic::warning(
        "referral-without-note",
        &note.path,
        format!("referral `{reference}` has no contact note yet"),
    )
    .at_span(note.value_span("referrals", reference))
    .hint(hint)
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

fn check_introductions(notes: &[Note], links: &[Links], diagnostics: &mut Vec<Diagnostic>) {
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

fn check_duplicate_contacts(notes: &[Note], diagnostics: &mut Vec<Diagnostic>) {
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
fn same_person_key(field: &str, value: &str) -> String {
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
    use super::*;

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
