//! Note bodies: Markdown to HTML, with wikilinks resolved ([`wikilinks`]),
//! heading anchors, and fenced code highlighted ([`highlight`]).
//!
//! Raw HTML in a note is shown as text, never passed through: notes may
//! come from imports and are published, so a `<script>` in a body must not
//! run. Link targets other than http(s), mailto, relative paths and
//! fragments are dropped for the same reason ([`escape`]).

mod escape;
mod excerpt;
pub mod highlight;
mod wikilinks;

pub use escape::html_escape;
pub use highlight::{syntax_css, CLASS_STYLE};

use crate::diagnostics::Diagnostic;
use crate::graph::{Index, NoteId, Target};
use crate::read::note::Note;
use crate::read::slug::slugify;
use escape::{safe_href, with_safe_src};
use pulldown_cmark::{CodeBlockKind, CowStr, Event, LinkType, Options, Parser, Tag, TagEnd};
use std::collections::HashMap;
use std::ops::Range;

/// A heading of a note body, for a table of contents.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Heading {
    pub level: u8,
    pub id: String,
    pub text: String,
}

/// A rendered body.
#[derive(Debug, Default, Clone)]
pub struct Rendered {
    pub html: String,
    /// Notes linked with `[[...]]`, without repeats, in order of appearance.
    pub mentions: Vec<NoteId>,
    pub headings: Vec<Heading>,
    /// The first paragraph as plain text, for snapshots and previews.
    pub excerpt: String,
    /// The start of the body's text, for the search index: cut here, so
    /// the whole text is not kept.
    pub search_text: String,
    pub diagnostics: Vec<Diagnostic>,
}

fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_WIKILINKS
}

type Events<'b> = [(Event<'b>, Range<usize>)];

/// Where a note's links go: the other notes, found by name, and their URLs.
struct Links<'a> {
    notes: &'a [Note],
    index: &'a Index,
    urls: &'a [String],
}

/// One pass over a body's events, rewriting them for output while
/// collecting headings, mentions, the excerpt and the plain text.
struct Pass<'a, 'b> {
    note: &'a Note,
    links: Links<'a>,
    out: Rendered,
    plain: String,
    html: Vec<Event<'b>>,
    used_ids: HashMap<String, usize>,
    /// `None` before the first paragraph, `Some(true)` inside it.
    in_first_paragraph: Option<bool>,
    lines: LineCursor<'a>,
}

/// Renders `note`'s body. `urls[id]` is the URL of note `id`.
pub fn render(note: &Note, notes: &[Note], index: &Index, urls: &[String]) -> Rendered {
    let body = note.body();
    let events: Vec<(Event, Range<usize>)> = Parser::new_ext(body, options())
        .into_offset_iter()
        .collect();
    let mut pass = Pass {
        note,
        links: Links { notes, index, urls },
        out: Rendered::default(),
        plain: String::new(),
        html: Vec::with_capacity(events.len()),
        used_ids: HashMap::new(),
        in_first_paragraph: None,
        lines: LineCursor::new(body),
    };
    let mut i = 0;
    while i < events.len() {
        i = pass.event(&events, i);
    }
    let Pass {
        mut out,
        plain,
        html,
        ..
    } = pass;
    out.html.reserve(body.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut out.html, html.into_iter());
    out.search_text = excerpt::search_text(&plain);
    out
}

impl<'b> Pass<'_, 'b> {
    /// Handles the event at `i`; returns the index of the next one.
    fn event(&mut self, events: &Events<'b>, i: usize) -> usize {
        let (event, range) = &events[i];
        match event {
            Event::Start(Tag::Heading { .. }) => self.heading(events, i),
            Event::Start(Tag::CodeBlock(kind)) => return self.code_block(events, i, kind),
            Event::Start(Tag::Link {
                link_type: LinkType::WikiLink { has_pothole },
                dest_url,
                ..
            }) => return self.wikilink(events, i, dest_url, *has_pothole, range),
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => self.html.push(Event::Start(Tag::Link {
                link_type: *link_type,
                dest_url: safe_href(dest_url),
                title: title.clone(),
                id: id.clone(),
            })),
            Event::Start(Tag::Image { .. }) => self.html.push(with_safe_src(event)),
            Event::Start(Tag::Paragraph) if self.in_first_paragraph.is_none() => {
                self.in_first_paragraph = Some(true);
                self.html.push(event.clone());
            }
            Event::End(TagEnd::Paragraph) => {
                if self.in_first_paragraph == Some(true) {
                    self.in_first_paragraph = Some(false);
                }
                self.plain.push('\n');
                self.html.push(event.clone());
            }
            // A heading, list item or cell ends a run of words: the search
            // text must not join "Why I looked" to the next line.
            Event::End(
                TagEnd::Heading(_)
                | TagEnd::Item
                | TagEnd::TableCell
                | TagEnd::BlockQuote(_)
                | TagEnd::CodeBlock,
            ) => {
                self.plain.push('\n');
                self.html.push(event.clone());
            }
            // pulldown's checkbox has no label, which screen readers need.
            Event::TaskListMarker(done) => {
                let (checked, label) = if *done {
                    (" checked", "done")
                } else {
                    ("", "to do")
                };
                self.html.push(Event::InlineHtml(CowStr::from(format!(
                    "<input type=\"checkbox\" disabled{checked} aria-label=\"{label}\"> "
                ))));
            }
            // Raw HTML is shown, not run: see the module documentation.
            Event::Html(raw) | Event::InlineHtml(raw) => {
                self.html.push(Event::Text(raw.clone()));
            }
            Event::Text(t) | Event::Code(t) => {
                if self.in_first_paragraph == Some(true) {
                    self.out.excerpt.push_str(t);
                }
                self.plain.push_str(t);
                self.html.push(event.clone());
            }
            Event::SoftBreak | Event::HardBreak => {
                if self.in_first_paragraph == Some(true) {
                    self.out.excerpt.push(' ');
                }
                self.plain.push(' ');
                self.html.push(event.clone());
            }
            _ => self.html.push(event.clone()),
        }
        i + 1
    }

    /// A heading gets a unique anchor and joins the table of contents.
    fn heading(&mut self, events: &Events<'b>, i: usize) {
        let Event::Start(Tag::Heading {
            level,
            classes,
            attrs,
            ..
        }) = &events[i].0
        else {
            return;
        };
        let end = find_end(events, i);
        let text: String = events[i + 1..end]
            .iter()
            .filter_map(|(e, _)| text_of(e))
            .collect();
        let id = unique_id(&mut self.used_ids, &text);
        self.out.headings.push(Heading {
            level: *level as u8,
            id: id.clone(),
            text,
        });
        self.html.push(Event::Start(Tag::Heading {
            level: *level,
            id: Some(CowStr::from(id)),
            classes: classes.clone(),
            attrs: attrs.clone(),
        }));
    }

    /// A code block, highlighted; returns the index after its end.
    fn code_block(&mut self, events: &Events<'b>, i: usize, kind: &CodeBlockKind) -> usize {
        let end = find_end(events, i);
        let code: String = events[i + 1..end]
            .iter()
            .filter_map(|(e, _)| text_of(e))
            .collect();
        let lang = match kind {
            CodeBlockKind::Fenced(info) => info.split([' ', ',', '{']).next().unwrap_or(""),
            CodeBlockKind::Indented => "",
        };
        self.html
            .push(Event::Html(CowStr::from(highlight::highlight_once(
                &code, lang,
            ))));
        self.plain.push_str(&code);
        self.plain.push('\n');
        end + 1
    }

    /// A wikilink: a link to the note it names, plain text for a note left
    /// out of the build, or a located error. Returns the index after it.
    fn wikilink(
        &mut self,
        events: &Events<'b>,
        i: usize,
        dest_url: &str,
        has_pothole: bool,
        range: &Range<usize>,
    ) -> usize {
        let end = find_end(events, i);
        let label: String = events[i + 1..end]
            .iter()
            .filter_map(|(e, _)| text_of(e))
            .collect();
        let (reference, fragment) = match dest_url.split_once('#') {
            Some((r, f)) => (r, Some(f)),
            None => (dest_url, None),
        };
        let links = &self.links;
        match links.index.resolve(links.notes, reference, None) {
            // A note without a page of its own: its name, as text.
            Ok(Target::Note(id)) if links.urls[id].is_empty() => {
                let text = if has_pothole {
                    label.clone()
                } else {
                    links.notes[id].title.clone()
                };
                // The search text keeps the link as written, not the
                // name: a public build searches no one without a page.
                self.html.push(Event::Text(CowStr::from(text)));
            }
            Ok(Target::Note(id)) => {
                if !self.out.mentions.contains(&id) {
                    self.out.mentions.push(id);
                }
                let mut url = links.urls[id].clone();
                if let Some(f) = fragment {
                    url.push('#');
                    url.push_str(&slugify(f));
                }
                self.html.push(Event::Start(Tag::Link {
                    link_type: LinkType::Inline,
                    dest_url: CowStr::from(url),
                    title: CowStr::Borrowed(""),
                    id: CowStr::Borrowed(""),
                }));
                if has_pothole {
                    let label = events[i + 1..end].iter();
                    self.html
                        .extend(label.filter_map(|(e, _)| wikilinks::label_event(e)));
                } else {
                    let title = links.notes[id].title.clone();
                    // The search text says what the page shows: the name.
                    self.plain.push_str(&title);
                    self.html.push(Event::Text(CowStr::from(title)));
                }
                self.html.push(Event::End(TagEnd::Link));
                if !has_pothole {
                    return end + 1;
                }
            }
            Ok(Target::Hidden) => self.html.push(Event::Text(CowStr::from(label.clone()))),
            Err(e) => {
                // Located only when reported: counting lines for every
                // link made a long note's build quadratic.
                let position = self.lines.position(self.note, range.start);
                let width = self
                    .note
                    .body()
                    .get(range.clone())
                    .map_or(0, |source| source.chars().count());
                let d = wikilinks::unresolved_wikilink(self.note, reference, e, position);
                self.out.diagnostics.push(d.width(width));
                self.html.push(Event::Text(CowStr::from(label.clone())));
            }
        }
        self.plain.push_str(&label);
        end + 1
    }
}

/// The index of the `End` event matching the `Start` at `start`.
fn find_end(events: &Events, start: usize) -> usize {
    let mut depth = 0usize;
    for (j, (e, _)) in events.iter().enumerate().skip(start) {
        match e {
            Event::Start(_) => depth += 1,
            Event::End(_) => {
                depth -= 1;
                if depth == 0 {
                    return j;
                }
            }
            _ => {}
        }
    }
    events.len() - 1
}

fn text_of<'a>(e: &'a Event) -> Option<&'a str> {
    match e {
        Event::Text(t) | Event::Code(t) => Some(t),
        Event::SoftBreak | Event::HardBreak => Some(" "),
        _ => None,
    }
}

fn unique_id(used: &mut HashMap<String, usize>, text: &str) -> String {
    let mut base = slugify(text);
    if base.is_empty() {
        base = "section".to_string();
    }
    let n = used.entry(base.clone()).or_insert(0);
    *n += 1;
    if *n == 1 {
        base
    } else {
        format!("{base}-{}", *n - 1)
    }
}

/// Finds the line of body offsets that come in increasing order, counting
/// each newline once rather than once per lookup.
struct LineCursor<'a> {
    body: &'a str,
    /// Offset up to which newlines are counted.
    offset: usize,
    /// Newlines before `offset`, and where the line holding `offset` starts.
    line: usize,
    line_start: usize,
}

impl<'a> LineCursor<'a> {
    fn new(body: &'a str) -> Self {
        LineCursor {
            body,
            offset: 0,
            line: 0,
            line_start: 0,
        }
    }

    /// The file line and column of body offset `offset`.
    fn position(&mut self, note: &Note, offset: usize) -> (usize, usize) {
        let offset = offset.min(self.body.len());
        if offset < self.offset {
            *self = LineCursor::new(self.body);
        }
        let between = &self.body[self.offset..offset];
        self.line += between.matches('\n').count();
        if let Some(i) = between.rfind('\n') {
            self.line_start = self.offset + i + 1;
        }
        self.offset = offset;
        let column =
            crate::diagnostics::column_of(&self.body[self.line_start..], offset - self.line_start);
        (note.body_line + self.line, column)
    }
}
