//! The client-side search index, `search.json`: one entry per note with
//! its title, URL, kind, subtitle, tags and its whole text (a question
//! bank's questions too). The default theme's `search.js` loads it on
//! first use and folds case and accents on both sides.

use crate::graph::NoteId;
use crate::pages::views::Site;
use serde::Serialize;

#[derive(Serialize)]
struct Entry<'a> {
    /// title
    t: &'a str,
    /// url
    u: &'a str,
    /// kind
    k: &'static str,
    /// subtitle: role and company, industry, date
    s: &'a str,
    /// tags
    g: Vec<&'a str>,
    /// text: the whole body, and a bank's questions
    x: std::borrow::Cow<'a, str>,
}

/// One note's entry, as JSON (see [`crate::site::NotePieces`]).
pub fn entry(site: &Site, id: NoteId) -> String {
    let card = &site.cards[id];
    // A note without a page (a person in a public build) is not searched.
    if card.url.is_empty() {
        return String::new();
    }
    let entry = Entry {
        t: card.title,
        u: card.url,
        k: card.kind,
        s: &card.subtitle,
        g: site.notes[id].tags.iter().map(String::as_str).collect(),
        x: text(site, id),
    };
    serde_json::to_string(&entry).unwrap_or_else(|_| "{}".to_string())
}

/// What a note's entry searches besides its names: the body's text, and
/// for a question bank each question with its why and follow-up.
fn text<'a>(site: &Site<'a>, id: NoteId) -> std::borrow::Cow<'a, str> {
    let body = site.bodies[id].search_text.as_str();
    let Some(bank) = site.notes[id].as_bank() else {
        return std::borrow::Cow::Borrowed(body);
    };
    let mut out = body.to_string();
    for q in &bank.questions {
        for part in [Some(&q.text), q.why.as_ref(), q.follow_up.as_ref()]
            .into_iter()
            .flatten()
        {
            if !out.is_empty() {
                out.push(' ');
            }
            out.push_str(part);
        }
    }
    std::borrow::Cow::Owned(out)
}

/// The index from its entries.
pub fn join(entries: &[String]) -> String {
    let mut out = String::with_capacity(entries.iter().map(|e| e.len() + 1).sum::<usize>() + 2);
    out.push('[');
    for (n, e) in entries.iter().filter(|e| !e.is_empty()).enumerate() {
        if n > 0 {
            out.push(',');
        }
        out.push_str(e);
    }
    out.push(']');
    out
}
