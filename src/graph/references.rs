//! One note's front matter references, resolved to note ids, each one
//! that names no note a located error.

use super::{Index, Links, NoteId, QuestionRef, Target, Unresolved};
use crate::diagnostics::{closest, Diagnostic};
use crate::domain::Kind;
use crate::read::discover::Collection;
use crate::read::note::Note;

/// `note`'s references among `notes` (where it may not be yet: `serve`
/// resolves an edited note before putting it in place).
pub(super) fn resolve_note(
    notes: &[Note],
    note: &Note,
    index: &Index,
    diagnostics: &mut Vec<Diagnostic>,
) -> Links {
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
pub(super) fn questions(
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

pub(super) fn unresolved(
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

pub(super) fn referral_without_note(note: &Note, reference: &str, e: Unresolved) -> Diagnostic {
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
