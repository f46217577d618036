//! Message drafts: outreach, nudge, thank-you, check-in and asking for an
//! introduction, rendered from the `messages/*.txt` templates (the site's
//! `templates/messages/` first, then the theme's, then the default
//! theme's), for the note pages (as text, a `mailto:` link and a copy
//! button) and for `coffeechat draft`.

use crate::diagnostics::Diagnostic;
use crate::domain::workflow::{person_name, DraftKind};
use crate::domain::{Direction, InterviewStatus};
use crate::graph::NoteId;
use crate::pages::views::Site;
use crate::pages::PageData;
use crate::render::Templates;
use serde::Serialize;

/// Said in every draft, in one sentence: the seeker never asks for a job.
pub const NOT_A_JOB: &str =
    "To be clear, I am not asking for a job: your advice is what I am after.";

/// LinkedIn's limit for the note on an invitation to connect.
pub const LINKEDIN_LIMIT: usize = 300;

/// A rendered message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message {
    pub kind: DraftKind,
    /// Who it goes to.
    pub to: String,
    pub email: Option<String>,
    pub subject: String,
    pub body: String,
    /// For outreach to someone with a LinkedIn address: the invitation note.
    pub linkedin_note: Option<String>,
}

impl Message {
    /// `Subject: …`, a blank line and the body: what `coffeechat draft` prints.
    pub fn to_text(&self) -> String {
        format!("Subject: {}\n\n{}\n", self.subject, self.body)
    }
}

/// Why a draft cannot be made for a note.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DraftError {
    /// The kind does not fit the note; `fits` are those that do.
    DoesNotFit {
        kind: DraftKind,
        note: String,
        fits: Vec<DraftKind>,
    },
    /// An introduction, for a contact whom nobody introduced.
    NoIntroducer {
        name: String,
    },
    Template(Diagnostic),
}

impl std::fmt::Display for DraftError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            DraftError::DoesNotFit { kind, note, fits } => {
                let fits: Vec<&str> = fits.iter().map(|k| k.as_str()).collect();
                write!(f, "a {} draft does not fit {note}", kind.as_str())?;
                match fits.is_empty() {
                    true => write!(f, "; no draft does"),
                    false => write!(f, "; try: {}", fits.join(", ")),
                }
            }
            DraftError::NoIntroducer { name } => write!(
                f,
                "nobody introduced {name}: set `introduced_by:` on their note to the contact who can, or write an outreach draft"
            ),
            DraftError::Template(d) => write!(f, "{d}"),
        }
    }
}

/// The draft kinds that fit note `id`.
pub fn kinds_for(site: &Site, id: NoteId) -> Vec<DraftKind> {
    let note = &site.notes[id];
    if note.as_interview().is_some() {
        return vec![DraftKind::ThankYou];
    }
    if note.as_contact().is_none() {
        return Vec::new();
    }
    let mut kinds = vec![DraftKind::Outreach, DraftKind::Nudge];
    if latest_held(site, id).is_some() {
        kinds.push(DraftKind::ThankYou);
    }
    kinds.push(DraftKind::CheckIn);
    if site.links[id].introduced_by.is_some() {
        kinds.push(DraftKind::Introduction);
    }
    kinds
}

/// The latest conversation held with contact `id`.
fn latest_held(site: &Site, id: NoteId) -> Option<NoteId> {
    site.links[id]
        .interviews
        .iter()
        .copied()
        .filter(|i| {
            site.notes[*i]
                .as_interview()
                .is_some_and(|i| i.status.is_past())
        })
        .max_by_key(|i| {
            site.notes[*i]
                .as_interview()
                .and_then(|i| i.date.as_ref())
                .map(|z| z.timestamp())
        })
}

#[derive(Serialize)]
struct Person<'a> {
    name: &'a str,
    first_name: &'a str,
    email: Option<&'a str>,
    role: Option<&'a str>,
    company: Option<&'a str>,
    linkedin: Option<&'a str>,
    source: Option<&'static str>,
}

#[derive(Serialize)]
struct Conversation {
    title: String,
    /// `Tue 24 Nov`
    date: Option<String>,
    learned: Vec<String>,
    /// The first of `learned`, else of `next_steps`: what the thank-you names.
    highlight: Option<String>,
    next_steps: Vec<String>,
    /// The names of the people referred, with a note or not.
    referrals: Vec<String>,
    resume_requested: bool,
}

fn person<'a>(site: &Site<'a>, id: NoteId) -> Option<Person<'a>> {
    let c = site.notes[id].as_contact()?;
    Some(Person {
        name: &c.name,
        first_name: c.name.split_whitespace().next().unwrap_or(&c.name),
        email: c.email.as_deref(),
        role: c.role.as_deref(),
        company: site.links[id]
            .company
            .map(|co| site.notes[co].title.as_str()),
        linkedin: c.linkedin.as_ref().map(|u| u.as_str()),
        source: c.source.map(|s| s.as_str()),
    })
}

fn conversation(site: &Site, id: NoteId) -> Option<Conversation> {
    let i = site.notes[id].as_interview()?;
    let l = &site.links[id];
    let mut referrals: Vec<String> = l
        .referrals
        .iter()
        .map(|r| site.notes[*r].title.clone())
        .collect();
    referrals.extend(l.referrals_without_note.iter().map(|r| person_name(r)));
    Some(Conversation {
        title: site.notes[id].title.clone(),
        date: i.date.as_ref().map(|z| {
            z.with_time_zone(site.config.timezone.clone())
                .strftime("%A %-d %B")
                .to_string()
        }),
        learned: i.learned.clone(),
        highlight: i
            .learned
            .first()
            .or(i.next_steps.first())
            .map(|h| h.trim_end_matches('.').to_string()),
        next_steps: i.next_steps.clone(),
        referrals,
        resume_requested: i.resume_requested,
    })
}

/// Renders the `kind` draft for note `id` (a contact; an interview, or a
/// contact with a conversation held, for a thank-you).
pub fn render(
    site: &Site,
    templates: &Templates,
    kind: DraftKind,
    id: NoteId,
) -> Result<Message, DraftError> {
    let fits = kinds_for(site, id);
    let note = &site.notes[id];
    if !fits.contains(&kind) {
        if kind == DraftKind::Introduction && note.as_contact().is_some() {
            return Err(DraftError::NoIntroducer {
                name: note.title.clone(),
            });
        }
        return Err(DraftError::DoesNotFit {
            kind,
            note: format!("the {} `{}`", note.collection.singular(), note.slug),
            fits,
        });
    }
    let (contact, interview) = match note.as_interview() {
        Some(_) => (site.links[id].contacts.first().copied(), Some(id)),
        None if kind == DraftKind::ThankYou => (Some(id), latest_held(site, id)),
        None => (Some(id), None),
    };
    let about = contact.and_then(|c| person(site, c));
    let introducer = contact
        .and_then(|c| site.links[c].introduced_by)
        .and_then(|c| person(site, c));
    let (to, to_id) = match kind {
        DraftKind::Introduction => (
            contact
                .and_then(|c| site.links[c].introduced_by)
                .and_then(|c| person(site, c)),
            contact.and_then(|c| site.links[c].introduced_by),
        ),
        _ => (contact.and_then(|c| person(site, c)), contact),
    };
    let mut context = tera::Context::new();
    context.insert("me", &site.config.owner);
    context.insert("to", &to);
    context.insert("about", &about);
    context.insert("introducer", &introducer);
    context.insert("not_a_job", NOT_A_JOB);
    context.insert("interview", &interview.and_then(|i| conversation(site, i)));
    context.insert("last_sent", &contact.and_then(|c| last_sent(site, c)));
    context.insert("last_met", &contact.and_then(|c| last_met(site, c)));
    let page = format!("the {} draft for {}", kind.as_str(), note.slug);
    let text = templates
        .render(&format!("messages/{}.txt", kind.as_str()), &context, &page)
        .map_err(DraftError::Template)?;
    let (subject, body) = split(&text);
    let linkedin_note = match (kind, to.as_ref().and_then(|p| p.linkedin)) {
        (DraftKind::Outreach, Some(_)) => Some(paragraphs(
            &templates
                .render("messages/outreach-linkedin.txt", &context, &page)
                .map_err(DraftError::Template)?,
        )),
        _ => None,
    };
    Ok(Message {
        kind,
        to: to.as_ref().map_or_else(String::new, |p| p.name.to_string()),
        email: to_id
            .and_then(|c| site.notes[c].as_contact())
            .and_then(|c| c.email.clone()),
        subject,
        body,
        linkedin_note,
    })
}

/// `Wednesday 25 November`: when the seeker last wrote to contact `id`.
fn last_sent(site: &Site, id: NoteId) -> Option<String> {
    let c = site.notes[id].as_contact()?;
    let sent = c
        .touches
        .iter()
        .filter(|t| t.direction == Direction::Sent)
        .map(|t| t.date)
        .max()
        .or(c.last_contacted)?;
    Some(sent.strftime("%A %-d %B").to_string())
}

/// `Tuesday 10 November`: the latest conversation held with contact `id`.
fn last_met(site: &Site, id: NoteId) -> Option<String> {
    let i = site.notes[latest_held(site, id)?].as_interview()?;
    let z = i
        .date
        .as_ref()?
        .with_time_zone(site.config.timezone.clone());
    Some(z.strftime("%A %-d %B").to_string())
}

/// The subject (a first line `Subject: …`) and the body of a rendered message.
fn split(text: &str) -> (String, String) {
    let text = text.trim_start();
    match text.strip_prefix("Subject:") {
        Some(rest) => {
            let (subject, body) = rest.split_once('\n').unwrap_or((rest, ""));
            (subject.trim().to_string(), paragraphs(body))
        }
        None => (String::new(), paragraphs(text)),
    }
}

/// Lines without trailing spaces, and at most one blank line between
/// paragraphs: template tags leave blank lines behind.
fn paragraphs(text: &str) -> String {
    let mut out: Vec<&str> = Vec::new();
    for line in text.lines().map(str::trim_end) {
        if line.is_empty() && out.last().is_none_or(|l| l.is_empty()) {
            continue;
        }
        out.push(line);
    }
    while out.last().is_some_and(|l| l.is_empty()) {
        out.pop();
    }
    out.join("\n")
}

/// A `mailto:` URI (RFC 6068) to `address`, with the subject and body
/// pre-filled: every octet but the unreserved ones percent-encoded,
/// line breaks as CRLF (`%0D%0A`).
pub fn mailto(address: &str, subject: &str, body: &str) -> String {
    let body = body.replace("\r\n", "\n").replace('\n', "\r\n");
    format!(
        "mailto:{}?subject={}&body={}",
        percent(address, b"@"),
        percent(subject, b""),
        percent(&body, b"")
    )
}

fn percent(text: &str, keep: &[u8]) -> String {
    let mut out = String::with_capacity(text.len());
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~".contains(&b) || keep.contains(&b) {
            out.push(char::from(b));
        } else {
            // A draft's text is mostly encoded: no `format!` for each byte.
            const HEX: &[u8; 16] = b"0123456789ABCDEF";
            out.push('%');
            out.push(char::from(HEX[usize::from(b >> 4)]));
            out.push(char::from(HEX[usize::from(b & 0xf)]));
        }
    }
    out
}

/// A draft on a page.
#[derive(Debug, Clone, Serialize)]
pub struct DraftView {
    /// `outreach`, `nudge`, `thank-you`, `check-in`, `introduction`.
    pub kind: &'static str,
    /// `draft-outreach`: the id of the element holding the text, for the copy button.
    pub id: String,
    /// `Outreach to Ana Lima`, `Thank-you note to Ana Lima`…
    pub title: String,
    pub to: String,
    pub email: Option<String>,
    pub subject: String,
    pub body: String,
    /// Subject and body pre-filled, when an email address is known.
    pub mailto: Option<String>,
    pub linkedin_note: Option<String>,
    /// Characters in `linkedin_note`, against LinkedIn's 300.
    pub linkedin_length: usize,
    pub linkedin_too_long: bool,
}

impl DraftView {
    pub fn new(m: &Message) -> DraftView {
        let length = m.linkedin_note.as_ref().map_or(0, |n| n.chars().count());
        DraftView {
            kind: m.kind.as_str(),
            id: format!("draft-{}", m.kind.as_str()),
            title: match m.kind {
                DraftKind::Outreach => format!("Outreach to {}", m.to),
                DraftKind::Nudge => format!("A nudge to {}", m.to),
                DraftKind::ThankYou => format!("Thank-you note to {}", m.to),
                DraftKind::CheckIn => format!("Check-in with {}", m.to),
                DraftKind::Introduction => format!("Asking {} for an introduction", m.to),
            },
            to: m.to.clone(),
            email: m.email.clone(),
            subject: m.subject.clone(),
            body: m.body.clone(),
            mailto: m.email.as_ref().map(|e| mailto(e, &m.subject, &m.body)),
            linkedin_note: m.linkedin_note.clone(),
            linkedin_length: length,
            linkedin_too_long: length > LINKEDIN_LIMIT,
        }
    }
}

/// Adds `drafts` to a contact's or an interview's page: one for each
/// kind its open actions call for, in their order.
pub fn fill_drafts(
    data: &mut PageData,
    site: &Site,
    templates: &Templates,
) -> Result<(), Diagnostic> {
    let Some(id) = data.note else {
        return Ok(());
    };
    let note = &site.notes[id];
    let mut owners = vec![id];
    match note.as_contact() {
        Some(_) => owners.extend(site.links[id].interviews.iter().copied()),
        None if note.as_interview().is_some() => {}
        None => return Ok(()),
    }
    let mut wanted: Vec<(DraftKind, NoteId)> = Vec::new();
    for owner in owners {
        for a in site.plan().of(owner) {
            if let Some(kind) = a.draft {
                if !wanted.iter().any(|(k, _)| *k == kind) {
                    wanted.push((kind, a.note));
                }
            }
        }
    }
    // A done interview's page offers its thank-you even once sent, to reread.
    if let Some(i) = note.as_interview() {
        if i.status.is_past() && wanted.is_empty() && i.status != InterviewStatus::Cancelled {
            wanted.push((DraftKind::ThankYou, id));
        }
    }
    let mut drafts = Vec::new();
    for (kind, owner) in wanted {
        match render(site, templates, kind, owner) {
            Ok(m) => drafts.push(DraftView::new(&m)),
            Err(DraftError::Template(d)) => return Err(d),
            // The plan only asks for drafts that fit.
            Err(_) => {}
        }
    }
    data.insert("drafts", &drafts);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percent_encodes_every_byte_but_the_unreserved_and_the_kept() {
        let all: String = (0u8..128).map(char::from).chain("é€😀".chars()).collect();
        let mut expected = String::new();
        for b in all.bytes() {
            match b.is_ascii_alphanumeric() || b"-._~@".contains(&b) {
                true => expected.push(char::from(b)),
                false => expected.push_str(&format!("%{b:02X}")),
            }
        }
        assert_eq!(percent(&all, b"@"), expected);
    }

    #[test]
    fn mailto_percent_encodes_all_but_unreserved_and_uses_crlf() {
        assert_eq!(
            mailto("ana+prep@example.com", "Hi & bye?", "Zoë said:\n100% yes"),
            "mailto:ana%2Bprep@example.com?subject=Hi%20%26%20bye%3F&body=Zo%C3%AB%20said%3A%0D%0A100%25%20yes"
        );
    }

    #[test]
    fn a_message_splits_into_subject_and_paragraphs() {
        let (subject, body) = split("\nSubject:  Hello \n\n\nHi Ana,  \n\n\n\nBye\n\n");
        assert_eq!(subject, "Hello");
        assert_eq!(body, "Hi Ana,\n\nBye");
    }
}
