//! Note bodies: Markdown to HTML, with wikilinks resolved ([`wikilinks`]),
//! heading anchors, and fenced code highlighted ([`highlight`]).
//!
//! Raw HTML in a note is shown as text, never passed through: notes may
//! come from imports and are published, so a `<script>` in a body must not
//! run. Link targets other than http(s), mailto, relative paths and
//! fragments are dropped for the same reason ([`escape`]).

mod escape;
mod excerpt;
pub(crate) mod highlight;
mod obsidian;
mod wikilinks;

pub use escape::{html_escape, Escaped};
pub use highlight::{syntax_css, CLASS_STYLE};

use crate::diagnostics::Diagnostic;
use crate::graph::{Index, NoteId, Target, Unresolved};
use crate::read::config::Missing;
use crate::read::note::Note;
use crate::read::slug::slugify;
use escape::{safe_href, with_safe_src};
use pulldown_cmark::{CodeBlockKind, CowStr, Event, LinkType, Options, Parser, Tag, TagEnd};
use std::cell::Cell;
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
    /// Notes whose bodies this one embeds (`![[note]]`): it must be
    /// rendered again when one of them changes.
    pub embeds: Vec<NoteId>,
    /// Other notes whose headings this one links to (`[[note#Heading]]`)
    /// or embeds the section of: it must be rendered again when one of
    /// their bodies changes, as the heading may be gone.
    pub headings_read: Vec<NoteId>,
    /// Whether the body links to or shows files of `static/`, which can
    /// change without the notes changing.
    pub uses_static: bool,
}

impl Rendered {
    /// Whether the HTML depends on more than the body and the notes' names
    /// and addresses, so it cannot be reused when only those are unchanged.
    pub fn depends_on_more(&self) -> bool {
        !self.embeds.is_empty() || !self.headings_read.is_empty() || self.uses_static
    }

    /// Whether this body shows what it shows of note `id`'s body: embeds
    /// it, or links to one of its headings.
    pub fn reads_body_of(&self, id: NoteId) -> bool {
        self.embeds.contains(&id) || self.headings_read.contains(&id)
    }

    /// Whether two renderings look the same on a page: their HTML, text and
    /// headings. Not the notes they link to, by id: a note added or
    /// removed moves the ids of every note after it.
    pub fn looks_same(&self, other: &Rendered) -> bool {
        self.html == other.html
            && self.headings == other.headings
            && self.excerpt == other.excerpt
            && self.search_text == other.search_text
    }

    /// Whether two renderings show the same, their problems aside (a body
    /// moved down a line renders alike, but its problems' lines move).
    pub fn shows_same(&self, other: &Rendered) -> bool {
        self.looks_same(other)
            && self.mentions == other.mentions
            && self.embeds == other.embeds
            && self.headings_read == other.headings_read
            && self.uses_static == other.uses_static
    }
}

/// At most this many notes are embedded into one page, however they nest:
/// a chain of embeds can otherwise grow without loops.
const EMBED_BUDGET: usize = 64;

fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_WIKILINKS
}

type Events<'b> = [(Event<'b>, Range<usize>)];

/// Where a note's links go: the other notes, found by name, and their URLs.
#[derive(Clone, Copy)]
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
    lines: LineCursor<'b>,
    /// The body as parsed: without its comments.
    body: &'b str,
    /// This note and the notes embedding it, outermost first: an embed of
    /// one of them would loop.
    stack: Vec<NoteId>,
    /// Embeds left for the whole page.
    budget: &'a Cell<usize>,
    /// Heading anchors of notes linked with `#heading`, found once.
    anchors: HashMap<Option<NoteId>, Vec<Heading>>,
    /// For each open block quote, whether it is a callout.
    quotes: Vec<bool>,
    /// Inside a Markdown link: an embed there shows only its title, as
    /// an `<a>` must not open inside another.
    in_link: usize,
    /// For each Markdown link open, whether its `<a>` was written.
    links_open: Vec<bool>,
}

/// The other notes whose texts rendering `note`'s body reads: those it
/// embeds (`![[note]]`), and those it links to a heading of
/// (`[[note#Heading]]`: the anchor and the label come from that note's
/// headings). Found in the text without rendering it, so that a build can
/// drop each other text as soon as its body is rendered. `None` when a
/// target cannot be told from the text (an escape, a name that resolves
/// to nothing here): the caller must then keep every text until all are
/// rendered. A `[[` in code counts too: keeping a text longer than needed
/// is harmless.
pub fn notes_read(note: &Note, notes: &[Note], index: &Index) -> Option<Vec<NoteId>> {
    // As the renderer sees it: a comment can join `![` and `[note]]`.
    let body = crate::read::body::strip_comments(note.body());
    let mut found = Vec::new();
    for start in memchr::memmem::find_iter(body.as_bytes(), b"[[") {
        let embed = body[..start].ends_with('!');
        let rest = &body[start + 2..];
        // No `]]` after it: no wikilink from here on.
        let Some(end) = rest.find("]]") else { break };
        let inside = &rest[..end];
        // A bracket left open before a link: the `[[` of the link is met next.
        if inside.contains("[[") {
            continue;
        }
        if inside.contains(['\\', '\n']) {
            return None;
        }
        let dest = inside.split('|').next().unwrap_or_default();
        let (reference, fragment) = split_fragment(dest);
        let reads = embed || fragment.is_some();
        if !reads || reference.is_empty() || wikilinks::is_file(reference) {
            continue;
        }
        match index.resolve_link(notes, reference) {
            Ok(Target::Note(id)) => found.push(id),
            Ok(Target::Hidden) => {}
            Err(_) => return None,
        }
    }
    Some(found)
}

/// Renders `note`'s body. `urls[id]` is the URL of note `id`.
pub fn render(note: &Note, notes: &[Note], index: &Index, urls: &[String]) -> Rendered {
    // The note's own id, so it never embeds itself.
    let id = index.id_of(note.collection, &note.slug);
    let budget = Cell::new(EMBED_BUDGET);
    render_in(
        note,
        Links { notes, index, urls },
        id.into_iter().collect(),
        &budget,
        None,
    )
}

/// Renders `note`'s body as embedded in the notes of `stack`: the whole
/// body, or only the `section` under the heading with that anchor.
fn render_in(
    note: &Note,
    links: Links,
    stack: Vec<NoteId>,
    budget: &Cell<usize>,
    section: Option<&str>,
) -> Rendered {
    let body = crate::read::body::strip_comments(note.body());
    let body: &str = &body;
    let mut events: Vec<(Event, Range<usize>)> = Parser::new_ext(body, options())
        .into_offset_iter()
        .collect();
    if let Some(range) = section.and_then(|anchor| section_of(&events, anchor)) {
        events = events.drain(range).collect();
    }
    let mut pass = Pass {
        note,
        links,
        out: Rendered::default(),
        plain: String::new(),
        html: Vec::with_capacity(events.len()),
        used_ids: HashMap::new(),
        in_first_paragraph: None,
        lines: LineCursor::new(body),
        body,
        stack,
        budget,
        anchors: HashMap::new(),
        quotes: Vec::new(),
        in_link: 0,
        links_open: Vec::new(),
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
    // Every body is kept until the pages are written: at 100,000 notes
    // the room reserved beyond the HTML is a hundred MB, and what its
    // other parts grew by another sixty.
    out.html.shrink_to_fit();
    out.search_text = excerpt::search_text(&plain);
    out.excerpt.shrink_to_fit();
    out.mentions.shrink_to_fit();
    out.embeds.shrink_to_fit();
    out.headings_read.shrink_to_fit();
    for h in &mut out.headings {
        h.id.shrink_to_fit();
        h.text.shrink_to_fit();
    }
    out.headings.shrink_to_fit();
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
            Event::Start(Tag::Image {
                link_type: LinkType::WikiLink { has_pothole },
                dest_url,
                ..
            }) => return self.embed(events, i, dest_url, *has_pothole, range),
            Event::Start(Tag::BlockQuote(_)) => return self.block_quote(events, i),
            Event::End(TagEnd::BlockQuote(_)) => {
                self.plain.push('\n');
                if self.quotes.pop() == Some(true) {
                    self.html.push(Event::Html(CowStr::Borrowed("</aside>\n")));
                } else {
                    self.html.push(event.clone());
                }
            }
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                // A link pulldown-cmark opens inside another (it can, with
                // wikilinks about) keeps only its text: `<a>` never nests.
                let outer = self.in_link == 0;
                self.links_open.push(outer);
                self.in_link += 1;
                if outer {
                    self.html.push(Event::Start(Tag::Link {
                        link_type: *link_type,
                        dest_url: safe_href(dest_url),
                        title: title.clone(),
                        id: id.clone(),
                    }));
                }
            }
            Event::End(TagEnd::Link) => {
                self.in_link = self.in_link.saturating_sub(1);
                if self.links_open.pop().unwrap_or(true) {
                    self.html.push(event.clone());
                }
            }
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
                TagEnd::Heading(_) | TagEnd::Item | TagEnd::TableCell | TagEnd::CodeBlock,
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
                match event {
                    Event::Text(t) if t.contains("==") || t.contains('#') => self.highlighted(t),
                    _ => self.html.push(event.clone()),
                }
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
        let text = inner_text(events, i, end);
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
        let code = inner_text(events, i, end);
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

    /// A wikilink: a link to the note (and heading) it names, plain text
    /// for a note left out of the build, or a located error. Returns the
    /// index after it.
    fn wikilink(
        &mut self,
        events: &Events<'b>,
        i: usize,
        dest_url: &str,
        has_pothole: bool,
        range: &Range<usize>,
    ) -> usize {
        let end = find_end(events, i);
        let written = inner_text(events, i, end);
        // `[[zoe|]]`: an empty label shows the title, not an invisible link.
        let has_label = has_pothole
            && (!written.trim().is_empty()
                || events[i + 1..end]
                    .iter()
                    .any(|(e, _)| !matches!(e, Event::Text(_))));
        let (reference, fragment) = split_fragment(dest_url);
        if wikilinks::is_file(reference) && self.in_link == 0 {
            let label = if has_label {
                written.clone()
            } else {
                reference.to_string()
            };
            self.file_link(reference, &label, range, false);
            self.plain.push_str(&label);
            return end + 1;
        }
        let target = self.link_target(reference);
        let label = match (&target, has_label) {
            (_, true) => written,
            (Ok(target), false) => self.default_label(*target, fragment),
            (Err(_), false) => dest_url.to_string(),
        };
        match target {
            // Inside a Markdown link's text, a wikilink cannot open an `<a>`
            // of its own; nor can a link to a note without a page (a person
            // in a public build). Both show as text.
            Ok(_) if self.in_link > 0 => {
                self.html.push(Event::Text(CowStr::from(label.clone())));
            }
            Ok(Some(id)) if self.links.urls[id].is_empty() => {
                self.html.push(Event::Text(CowStr::from(label.clone())));
            }
            Ok(id) => {
                let mut url = self.url_of(id);
                if let Some(anchor) = fragment.and_then(|f| self.anchor(id, f, dest_url, range)) {
                    url.push('#');
                    url.push_str(&anchor);
                }
                self.html.push(link_start(url));
                if has_label {
                    let label = events[i + 1..end].iter();
                    self.html
                        .extend(label.filter_map(|(e, _)| wikilinks::label_event(e)));
                } else {
                    self.html.push(Event::Text(CowStr::from(label.clone())));
                }
                self.html.push(Event::End(TagEnd::Link));
            }
            Err(None) => self.html.push(Event::Text(CowStr::from(label.clone()))),
            Err(Some(e)) => self.unresolved(reference, e, range, &label),
        }
        self.plain.push_str(&label);
        end + 1
    }

    /// The note a link names: `Ok(None)` for this note (`[[#Heading]]`),
    /// `Err(None)` for a note left out of the build.
    fn link_target(&self, reference: &str) -> Result<Option<NoteId>, Option<Unresolved>> {
        if reference.is_empty() {
            return Ok(None);
        }
        match self.links.index.resolve_link(self.links.notes, reference) {
            Ok(Target::Note(id)) => Ok(Some(id)),
            Ok(Target::Hidden) => Err(None),
            Err(e) => Err(Some(e)),
        }
    }

    /// The URL of a linked note (empty for this one), counted as a mention.
    fn url_of(&mut self, id: Option<NoteId>) -> String {
        let Some(id) = id else {
            return String::new();
        };
        if !self.out.mentions.contains(&id) {
            self.out.mentions.push(id);
        }
        self.links.urls[id].clone()
    }

    /// A link to no note: an error, or with `links: {missing: warn}` a
    /// warning and a link shown as missing.
    fn unresolved(&mut self, reference: &str, e: Unresolved, range: &Range<usize>, label: &str) {
        // Located only when reported: counting lines for every
        // link made a long note's build quadratic.
        let position = self.lines.position(self.note, range.start);
        let width = self
            .body
            .get(range.clone())
            .map_or(0, |s| s.chars().count());
        let warn =
            self.links.index.missing == Missing::Warn && matches!(e, Unresolved::NotFound { .. });
        let d = if warn {
            wikilinks::missing_note(self.note, reference, position)
        } else {
            wikilinks::unresolved_wikilink(self.note, reference, e, position)
        };
        self.out.diagnostics.push(d.width(width));
        if warn {
            self.html.push(Event::Html(CowStr::from(format!(
                "<span class=\"missing-link\" title=\"no note yet\">{}</span>",
                html_escape(label)
            ))));
        } else {
            self.html.push(Event::Text(CowStr::from(label.to_string())));
        }
    }

    /// What a link without a label shows: the note's title, and the
    /// heading for a link to one.
    fn default_label(&mut self, target: Option<NoteId>, fragment: Option<&str>) -> String {
        let title = target.map(|id| self.links.notes[id].title.clone());
        let heading = fragment.and_then(|f| {
            let wanted = slugify(f.rsplit('#').next().unwrap_or(f));
            self.headings(target)
                .iter()
                .find(|h| h.id == wanted)
                .map(|h| h.text.clone())
                .or_else(|| Some(f.to_string()))
        });
        match (title, heading) {
            (Some(t), Some(h)) => format!("{t} › {h}"),
            (Some(t), None) => t,
            (None, Some(h)) => h,
            (None, None) => String::new(),
        }
    }

    /// The headings of note `id` (of this note for `None`), found once.
    fn headings(&mut self, id: Option<NoteId>) -> &[Heading] {
        // A link to one of this note's own headings reads no other body.
        let other = id.filter(|id| self.stack.last() != Some(id));
        if let Some(id) = other.filter(|id| !self.out.headings_read.contains(id)) {
            self.out.headings_read.push(id);
        }
        let body = self.body;
        let notes = self.links.notes;
        self.anchors.entry(id).or_insert_with(|| match id {
            None => headings_of(body),
            Some(id) => headings_of(&crate::read::body::strip_comments(notes[id].body())),
        })
    }

    /// The anchor of heading `fragment` in note `id`, or an error naming
    /// the closest heading. A block reference (`#^id`) is not checked:
    /// the link goes to the note.
    fn anchor(
        &mut self,
        id: Option<NoteId>,
        fragment: &str,
        written: &str,
        range: &Range<usize>,
    ) -> Option<String> {
        if fragment.starts_with('^') || fragment.is_empty() {
            return None;
        }
        // Obsidian writes a nested heading as `#Part#Sub`: the last one counts.
        let wanted = slugify(fragment.rsplit('#').next().unwrap_or(fragment));
        let headings = self.headings(id);
        if headings.iter().any(|h| h.id == wanted) {
            return Some(wanted);
        }
        let closest = crate::diagnostics::closest(&wanted, headings.iter().map(|h| h.id.as_str()))
            .and_then(|c| headings.iter().find(|h| h.id == c))
            .map(|h| h.text.clone());
        let position = self.lines.position(self.note, range.start);
        let width = self
            .body
            .get(range.clone())
            .map_or(0, |s| s.chars().count());
        let title = id.map(|id| self.links.notes[id].title.clone());
        let d = wikilinks::missing_heading(self.note, written, title.as_deref(), closest, position);
        self.out.diagnostics.push(d.width(width));
        None
    }

    /// `![[note]]` embeds the note's body; `![[photo.png]]` shows the
    /// image from the site's static files. Returns the index after it.
    fn embed(
        &mut self,
        events: &Events<'b>,
        i: usize,
        dest_url: &str,
        has_pothole: bool,
        range: &Range<usize>,
    ) -> usize {
        let end = find_end(events, i);
        let written = inner_text(events, i, end);
        let (reference, fragment) = split_fragment(dest_url);
        if self.in_link > 0 {
            self.html.push(Event::Text(CowStr::from(written)));
            return end + 1;
        }
        if wikilinks::is_file(reference) {
            let label = if has_pothole && !written.trim().is_empty() {
                written
            } else {
                reference.to_string()
            };
            self.file_link(reference, &label, range, true);
            return end + 1;
        }
        let links = &self.links;
        let id = match links.index.resolve_link(links.notes, reference) {
            Ok(Target::Note(id)) => id,
            // A note left out of this build (private in a public build, a
            // draft): nothing of it is shown, not even its title.
            Ok(Target::Hidden) => return end + 1,
            Err(e) => {
                self.unresolved(reference, e, range, dest_url);
                return end + 1;
            }
        };
        // `![[note#Heading]]` embeds that heading's section.
        let section = fragment.and_then(|f| self.anchor(Some(id), f, dest_url, range));
        let url = self.links.urls[id].clone();
        let title = self.links.notes[id].title.clone();
        let repeated = self.stack.contains(&id) || self.out.embeds.contains(&id);
        if repeated || self.budget.get() == 0 {
            // An embed that would loop, or repeat, is a link instead.
            self.html.push(link_start(url));
            self.html.push(Event::Text(CowStr::from(title)));
            self.html.push(Event::End(TagEnd::Link));
            return end + 1;
        }
        self.budget.set(self.budget.get() - 1);
        self.out.embeds.push(id);
        if !self.out.mentions.contains(&id) {
            self.out.mentions.push(id);
        }
        let mut stack = self.stack.clone();
        stack.push(id);
        let links = self.links;
        let inner = render_in(
            &self.links.notes[id],
            links,
            stack,
            self.budget,
            section.as_deref(),
        );
        let alone = matches!(self.html.last(), Some(Event::Start(Tag::Paragraph)))
            && matches!(
                events.get(end + 1),
                Some((Event::End(TagEnd::Paragraph), _))
            );
        if alone {
            // The embed is a block: it replaces its paragraph rather than sit in a `<p>`.
            self.html.pop();
            if self.in_first_paragraph == Some(true) {
                self.in_first_paragraph = None;
            }
        }
        self.html.push(Event::Html(CowStr::from(format!(
            "<div class=\"embed\"><p class=\"embed-title\"><a href=\"{}\">{}</a></p>\n{}</div>\n",
            html_escape(&url),
            html_escape(&title),
            inner.html
        ))));
        // The embedded text is searchable on this page too.
        self.plain.push_str(&inner.search_text);
        if alone {
            end + 2
        } else {
            end + 1
        }
    }

    /// A link to (or, embedded, the image of) a file under `static/`.
    fn file_link(&mut self, reference: &str, label: &str, range: &Range<usize>, embedded: bool) {
        self.out.uses_static = true;
        match self.links.index.file(reference) {
            Ok(url) => {
                let html = if embedded && wikilinks::is_image(reference) {
                    let width = label.trim().parse::<u32>().ok();
                    let alt = if width.is_some() { reference } else { label };
                    let width = width.map_or(String::new(), |w| format!(" width=\"{w}\""));
                    format!(
                        "<img src=\"{}\" alt=\"{}\"{width}>",
                        html_escape(&url),
                        html_escape(alt)
                    )
                } else {
                    format!(
                        "<a href=\"{}\">{}</a>",
                        html_escape(&url),
                        html_escape(label)
                    )
                };
                self.html.push(Event::Html(CowStr::from(html)));
            }
            Err(closest) => {
                let position = self.lines.position(self.note, range.start);
                let width = self
                    .body
                    .get(range.clone())
                    .map_or(0, |s| s.chars().count());
                let d = wikilinks::missing_file(self.note, reference, closest, position);
                self.out.diagnostics.push(d.width(width));
                self.html.push(Event::Text(CowStr::from(label.to_string())));
            }
        }
    }

    /// A block quote, or an Obsidian callout (`> [!tip] Title`) when its
    /// first line says so. Returns the index of the next event.
    fn block_quote(&mut self, events: &Events<'b>, i: usize) -> usize {
        let mut j = i + 2;
        let mut first_line = String::new();
        if matches!(events.get(i + 1), Some((Event::Start(Tag::Paragraph), _))) {
            while let Some((Event::Text(t), _)) = events.get(j) {
                first_line.push_str(t);
                j += 1;
            }
        }
        let Some((kind, title)) = obsidian::callout(&first_line) else {
            self.quotes.push(false);
            self.html.push(events[i].0.clone());
            return i + 1;
        };
        self.quotes.push(true);
        self.html.push(Event::Html(CowStr::from(format!(
            "<aside class=\"callout callout-{kind}\" data-callout=\"{kind}\">\n<p class=\"callout-title\">{}</p>\n",
            html_escape(&title)
        ))));
        self.plain.push_str(&title);
        self.plain.push('\n');
        match events.get(j) {
            // Only the title line: its paragraph is done.
            Some((Event::End(TagEnd::Paragraph), _)) => j + 1,
            Some((Event::SoftBreak | Event::HardBreak, _)) => {
                self.html.push(Event::Start(Tag::Paragraph));
                j + 1
            }
            _ => {
                self.html.push(Event::Start(Tag::Paragraph));
                j
            }
        }
    }

    /// Text with `==highlights==` marked and `#tags` linked.
    fn highlighted(&mut self, text: &str) {
        for (piece, marked) in obsidian::highlights(text) {
            if marked {
                self.html
                    .push(Event::InlineHtml(CowStr::Borrowed("<mark>")));
            }
            self.tagged(piece);
            if marked {
                self.html
                    .push(Event::InlineHtml(CowStr::Borrowed("</mark>")));
            }
        }
    }

    /// Text with its body `#tags` as links to their tag pages. Only tags
    /// the note has are linked (a public build may have left them out),
    /// and never inside another link.
    fn tagged(&mut self, text: &str) {
        let mut rest = 0;
        for (at, len, tag) in crate::read::body::tag_spans(text) {
            if self.in_link > 0 || !self.note.tags.contains(&tag) {
                continue;
            }
            if at > rest {
                self.html
                    .push(Event::Text(CowStr::from(text[rest..at].to_string())));
            }
            let url = format!("{}tags/{}/", self.links.index.base_path(), slugify(&tag));
            self.html.push(link_start(url));
            self.html
                .push(Event::Text(CowStr::from(text[at..at + len].to_string())));
            self.html.push(Event::End(TagEnd::Link));
            rest = at + len;
        }
        if rest < text.len() || text.is_empty() {
            self.html
                .push(Event::Text(CowStr::from(text[rest..].to_string())));
        }
    }
}

/// `note#Heading` in two; `note` alone has no fragment.
fn split_fragment(dest: &str) -> (&str, Option<&str>) {
    match dest.split_once('#') {
        Some((r, f)) => (r.trim(), Some(f.trim())),
        None => (dest.trim(), None),
    }
}

fn link_start<'b>(url: String) -> Event<'b> {
    Event::Start(Tag::Link {
        link_type: LinkType::Inline,
        dest_url: CowStr::from(url),
        title: CowStr::Borrowed(""),
        id: CowStr::Borrowed(""),
    })
}

/// The events of the section under the heading with anchor `anchor`: from
/// the heading to the next heading of its level or above.
fn section_of(events: &Events, anchor: &str) -> Option<Range<usize>> {
    let mut used = HashMap::new();
    let mut start: Option<(usize, pulldown_cmark::HeadingLevel)> = None;
    for (i, (e, _)) in events.iter().enumerate() {
        let Event::Start(Tag::Heading { level, .. }) = e else {
            continue;
        };
        if let Some((from, top)) = start {
            if *level <= top {
                return Some(from..i);
            }
            continue;
        }
        let text: String = events[i + 1..]
            .iter()
            .take_while(|(e, _)| !matches!(e, Event::End(TagEnd::Heading(_))))
            .filter_map(|(e, _)| text_of(e))
            .collect();
        if unique_id(&mut used, &text) == anchor {
            start = Some((i, *level));
        }
    }
    start.map(|(from, _)| from..events.len())
}

/// The headings of a body and their anchors, as [`render`] gives them.
pub(crate) fn headings_of(body: &str) -> Vec<Heading> {
    let events: Vec<Event> = Parser::new_ext(body, options()).collect();
    let mut used = HashMap::new();
    let mut headings = Vec::new();
    for (i, e) in events.iter().enumerate() {
        let Event::Start(Tag::Heading { level, .. }) = e else {
            continue;
        };
        let text: String = events[i + 1..]
            .iter()
            .take_while(|e| !matches!(e, Event::End(TagEnd::Heading(_))))
            .filter_map(text_of)
            .collect();
        let id = unique_id(&mut used, &text);
        headings.push(Heading {
            level: *level as u8,
            id,
            text,
        });
    }
    headings
}

/// The text between the `Start` at `start` and its `End` at `end`.
fn inner_text(events: &Events, start: usize, end: usize) -> String {
    events[start + 1..end]
        .iter()
        .filter_map(|(e, _)| text_of(e))
        .collect()
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
