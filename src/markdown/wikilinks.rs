//! `[[slug]]`, `[[collection/slug]]` and `[[slug|label]]`: resolved to
//! the note's URL, or a located error naming the closest slug.

use super::escape::with_safe_src;
use crate::diagnostics::Diagnostic;
use crate::graph::Unresolved;
use crate::read::note::Note;
use pulldown_cmark::{Event, Tag, TagEnd};

/// An event of a wikilink's label as it may appear inside the link. The
/// label is Markdown too, but it sits inside an `<a>`: a link or autolink
/// in it keeps only its text (a second `<a>` must never open, and its
/// target would skip [`safe_href`]), raw HTML is shown as text, and an
/// image's source is checked like anywhere else.
pub(super) fn label_event<'a>(event: &Event<'a>) -> Option<Event<'a>> {
    match event {
        Event::Start(Tag::Link { .. }) | Event::End(TagEnd::Link) => None,
        Event::Html(raw) | Event::InlineHtml(raw) => Some(Event::Text(raw.clone())),
        e => Some(with_safe_src(e)),
    }
}

pub(super) fn unresolved_wikilink(
    note: &Note,
    reference: &str,
    e: Unresolved,
    at: (usize, usize),
) -> Diagnostic {
    let (message, hint) = match e {
        Unresolved::NotFound { closest } => (
            format!("the link [[{reference}]] points to no note"),
            match closest {
                Some(c) => format!("did you mean [[{c}]]?"),
                None => "create the note, or fix the slug".to_string(),
            },
        ),
        Unresolved::Ambiguous(candidates) => (
            format!("the link [[{reference}]] names several notes"),
            format!(
                "write one of: {}",
                candidates
                    .iter()
                    .map(|c| format!("[[{c}]]"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        ),
    };
    Diagnostic::error("unresolved-wikilink", &note.path, message)
        .at(at)
        .hint(hint)
}
