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
        // A footnote reference is a link too: inside a label, its text.
        Event::FootnoteReference(name) => Some(Event::Text(format!("[^{name}]").into())),
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

/// File types a wikilink may name instead of a note, as Obsidian keeps
/// attachments: `[[cv.pdf]]`, `![[photo.png]]`.
const IMAGES: &[&str] = &["png", "jpg", "jpeg", "gif", "svg", "webp", "avif", "bmp"];
const OTHER_FILES: &[&str] = &[
    "pdf", "mp3", "mp4", "webm", "ogg", "wav", "m4a", "mov", "csv", "txt", "docx", "xlsx", "pptx",
];

fn extension(reference: &str) -> Option<String> {
    let (_, ext) = reference.rsplit_once('.')?;
    Some(ext.to_ascii_lowercase())
}

/// Whether a link names a file rather than a note. Only known file types
/// count, so a note titled `Release 1.2` is still a note.
pub(super) fn is_file(reference: &str) -> bool {
    extension(reference)
        .is_some_and(|e| IMAGES.contains(&e.as_str()) || OTHER_FILES.contains(&e.as_str()))
}

pub(super) fn is_image(reference: &str) -> bool {
    extension(reference).is_some_and(|e| IMAGES.contains(&e.as_str()))
}

/// A link to a note not written yet, on a site that allows them.
pub(super) fn missing_note(note: &Note, reference: &str, at: (usize, usize)) -> Diagnostic {
    let (kind, name) = match reference.split_once('/') {
        Some((dir, name)) => match crate::read::discover::Collection::from_dir(dir) {
            Some(c) => (new_kind(c), name),
            None => ("page", reference),
        },
        None => ("contact", reference),
    };
    Diagnostic::warning(
        "missing-note",
        &note.path,
        format!("the link [[{reference}]] points to a note not written yet"),
    )
    .at(at)
    .hint(format!(
        "create it with `coffeechat new {kind} \"{}\"` (or another kind: company, contact, questions, interview, page)",
        name.replace('"', "'")
    ))
}

/// The kind `coffeechat new` takes for a collection.
fn new_kind(c: crate::read::discover::Collection) -> &'static str {
    use crate::read::discover::Collection::*;
    match c {
        Companies => "company",
        Contacts => "contact",
        Questions => "questions",
        Interviews => "interview",
        Pages => "page",
    }
}

pub(super) fn missing_heading(
    note: &Note,
    written: &str,
    title: Option<&str>,
    closest: Option<String>,
    at: (usize, usize),
) -> Diagnostic {
    let target = title.map_or_else(|| "this note".to_string(), |t| format!("“{t}”"));
    let hint = match closest {
        Some(c) => format!("did you mean the heading “{c}”?"),
        None => format!("{target} has no headings; link to the note without `#`"),
    };
    Diagnostic::error(
        "missing-heading",
        &note.path,
        format!("the link [[{written}]] names a heading that {target} does not have"),
    )
    .at(at)
    .hint(hint)
}

pub(super) fn missing_file(
    note: &Note,
    reference: &str,
    closest: Option<String>,
    at: (usize, usize),
) -> Diagnostic {
    let hint = match closest {
        Some(c) => format!("did you mean `{c}`? Files are looked up in static/"),
        None => format!("put the file in static/ (e.g. static/{reference})"),
    };
    Diagnostic::error(
        "missing-file",
        &note.path,
        format!("the file `{reference}` is not among the site's static files"),
    )
    .at(at)
    .hint(hint)
}
