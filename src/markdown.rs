//! Note bodies: Markdown to HTML, with wikilinks resolved, heading anchors,
//! and fenced code highlighted by syntect with CSS classes.
//!
//! Raw HTML in a note is shown as text, never passed through: notes may
//! come from imports and are published, so a `<script>` in a body must not
//! run. Link targets other than http(s), mailto, relative paths and
//! fragments are dropped for the same reason.

use crate::diagnostics::Diagnostic;
use crate::graph::{Index, NoteId, Target, Unresolved};
use crate::note::Note;
use crate::slug::slugify;
use pulldown_cmark::{CodeBlockKind, CowStr, Event, LinkType, Options, Parser, Tag, TagEnd};
use std::collections::HashMap;
use std::sync::OnceLock;
use syntect::html::{ClassStyle, ClassedHTMLGenerator};
use syntect::parsing::SyntaxSet;
use syntect::util::LinesWithEndings;

/// The class prefix of highlighted code; `syntax.css` uses the same.
pub const CLASS_STYLE: ClassStyle = ClassStyle::SpacedPrefixed { prefix: "sy-" };

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

/// Loaded on first use only: most builds of a prep site have little code.
fn syntaxes() -> &'static SyntaxSet {
    static SET: OnceLock<SyntaxSet> = OnceLock::new();
    SET.get_or_init(SyntaxSet::load_defaults_newlines)
}

/// Renders `note`'s body. `urls[id]` is the URL of note `id`.
pub fn render(note: &Note, notes: &[Note], index: &Index, urls: &[String]) -> Rendered {
    let body = note.body();
    let mut out = Rendered::default();
    let mut plain = String::new();
    let events: Vec<(Event, std::ops::Range<usize>)> = Parser::new_ext(body, options())
        .into_offset_iter()
        .collect();
    let mut html_events: Vec<Event> = Vec::with_capacity(events.len());
    let mut used_ids: HashMap<String, usize> = HashMap::new();
    let mut in_first_paragraph = None;
    let mut lines = LineCursor::new(body);
    let mut i = 0;
    while i < events.len() {
        let (event, range) = &events[i];
        match event {
            Event::Start(Tag::Heading {
                level,
                classes,
                attrs,
                ..
            }) => {
                let end = find_end(&events, i);
                let text: String = events[i + 1..end]
                    .iter()
                    .filter_map(|(e, _)| text_of(e))
                    .collect();
                let id = unique_id(&mut used_ids, &text);
                out.headings.push(Heading {
                    level: *level as u8,
                    id: id.clone(),
                    text,
                });
                html_events.push(Event::Start(Tag::Heading {
                    level: *level,
                    id: Some(CowStr::from(id)),
                    classes: classes.clone(),
                    attrs: attrs.clone(),
                }));
            }
            Event::Start(Tag::CodeBlock(kind)) => {
                let end = find_end(&events, i);
                let code: String = events[i + 1..end]
                    .iter()
                    .filter_map(|(e, _)| text_of(e))
                    .collect();
                let lang = match kind {
                    CodeBlockKind::Fenced(info) => {
                        info.split([' ', ',', '{']).next().unwrap_or("").to_string()
                    }
                    CodeBlockKind::Indented => String::new(),
                };
                html_events.push(Event::Html(CowStr::from(highlight_once(&code, &lang))));
                plain.push_str(&code);
                plain.push('\n');
                i = end + 1;
                continue;
            }
            Event::Start(Tag::Link {
                link_type: LinkType::WikiLink { has_pothole },
                dest_url,
                ..
            }) => {
                let end = find_end(&events, i);
                let label: String = events[i + 1..end]
                    .iter()
                    .filter_map(|(e, _)| text_of(e))
                    .collect();
                let (reference, fragment) = match dest_url.split_once('#') {
                    Some((r, f)) => (r, Some(f)),
                    None => (dest_url.as_ref(), None),
                };
                match index.resolve(notes, reference, None) {
                    Ok(Target::Note(id)) => {
                        if !out.mentions.contains(&id) {
                            out.mentions.push(id);
                        }
                        let mut url = urls[id].clone();
                        if let Some(f) = fragment {
                            url.push('#');
                            url.push_str(&slugify(f));
                        }
                        html_events.push(Event::Start(Tag::Link {
                            link_type: LinkType::Inline,
                            dest_url: CowStr::from(url),
                            title: CowStr::Borrowed(""),
                            id: CowStr::Borrowed(""),
                        }));
                        if *has_pothole {
                            html_events.extend(
                                events[i + 1..end]
                                    .iter()
                                    .filter_map(|(e, _)| label_event(e)),
                            );
                        } else {
                            html_events.push(Event::Text(CowStr::from(notes[id].title.clone())));
                        }
                        html_events.push(Event::End(TagEnd::Link));
                    }
                    Ok(Target::Hidden) => {
                        html_events.push(Event::Text(CowStr::from(label.clone())))
                    }
                    Err(e) => {
                        // Located only when reported: counting lines for
                        // every link made a long note's build quadratic.
                        let position = lines.position(note, range.start);
                        let width = body
                            .get(range.clone())
                            .map_or(0, |source| source.chars().count());
                        out.diagnostics
                            .push(unresolved_wikilink(note, reference, e, position).width(width));
                        html_events.push(Event::Text(CowStr::from(label.clone())));
                    }
                }
                plain.push_str(&label);
                i = end + 1;
                continue;
            }
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                html_events.push(Event::Start(Tag::Link {
                    link_type: *link_type,
                    dest_url: safe_href(dest_url),
                    title: title.clone(),
                    id: id.clone(),
                }));
            }
            Event::Start(Tag::Image { .. }) => html_events.push(with_safe_src(event)),
            Event::Start(Tag::Paragraph) if in_first_paragraph.is_none() => {
                in_first_paragraph = Some(true);
                html_events.push(event.clone());
            }
            Event::End(TagEnd::Paragraph) => {
                if in_first_paragraph == Some(true) {
                    in_first_paragraph = Some(false);
                }
                plain.push('\n');
                html_events.push(event.clone());
            }
            // pulldown's checkbox has no label, which screen readers need.
            Event::TaskListMarker(done) => {
                let (checked, label) = if *done {
                    (" checked", "done")
                } else {
                    ("", "to do")
                };
                html_events.push(Event::InlineHtml(CowStr::from(format!(
                    "<input type=\"checkbox\" disabled{checked} aria-label=\"{label}\"> "
                ))));
            }
            // Raw HTML is shown, not run: see the module documentation.
            Event::Html(raw) | Event::InlineHtml(raw) => {
                html_events.push(Event::Text(raw.clone()));
            }
            Event::Text(t) | Event::Code(t) => {
                if in_first_paragraph == Some(true) {
                    out.excerpt.push_str(t);
                }
                plain.push_str(t);
                html_events.push(event.clone());
            }
            Event::SoftBreak | Event::HardBreak => {
                if in_first_paragraph == Some(true) {
                    out.excerpt.push(' ');
                }
                plain.push(' ');
                html_events.push(event.clone());
            }
            _ => html_events.push(event.clone()),
        }
        i += 1;
    }
    out.html.reserve(body.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut out.html, html_events.into_iter());
    out.search_text = crate::search::text_of(&plain);
    out
}

/// An event of a wikilink's label as it may appear inside the link. The
/// label is Markdown too, but it sits inside an `<a>`: a link or autolink
/// in it keeps only its text (a second `<a>` must never open, and its
/// target would skip [`safe_href`]), raw HTML is shown as text, and an
/// image's source is checked like anywhere else.
fn label_event<'a>(event: &Event<'a>) -> Option<Event<'a>> {
    match event {
        Event::Start(Tag::Link { .. }) | Event::End(TagEnd::Link) => None,
        Event::Html(raw) | Event::InlineHtml(raw) => Some(Event::Text(raw.clone())),
        e => Some(with_safe_src(e)),
    }
}

/// `event`, with an image's source passed through [`safe_href`].
fn with_safe_src<'a>(event: &Event<'a>) -> Event<'a> {
    match event {
        Event::Start(Tag::Image {
            link_type,
            dest_url,
            title,
            id,
        }) => Event::Start(Tag::Image {
            link_type: *link_type,
            dest_url: safe_href(dest_url),
            title: title.clone(),
            id: id.clone(),
        }),
        e => e.clone(),
    }
}

/// The index of the `End` event matching the `Start` at `start`.
fn find_end(events: &[(Event, std::ops::Range<usize>)], start: usize) -> usize {
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

/// Keeps http(s), mailto, relative and fragment links; anything with
/// another scheme (`javascript:`, `data:`) becomes an empty fragment.
fn safe_href<'a>(url: &CowStr<'a>) -> CowStr<'a> {
    let lower = url.trim().to_ascii_lowercase();
    let scheme_end = lower.find(':');
    let slash = lower.find(['/', '?', '#']);
    let has_scheme = matches!((scheme_end, slash), (Some(c), Some(s)) if c < s)
        || (scheme_end.is_some() && slash.is_none());
    if !has_scheme
        || ["http:", "https:", "mailto:"]
            .iter()
            .any(|p| lower.starts_with(p))
    {
        url.clone()
    } else {
        CowStr::Borrowed("#")
    }
}

/// [`highlight`], remembering the result: syntect takes about a
/// millisecond for a short block, and the same snippet may appear in many
/// notes, or in a note `serve` renders again after each edit.
fn highlight_once(code: &str, lang: &str) -> String {
    type Cache = std::sync::Mutex<std::collections::HashMap<String, String>>;
    static CACHE: OnceLock<Cache> = OnceLock::new();
    // Enough for every block of a large site; cleared past it, so a long
    // `serve` session does not grow without bound.
    const MAX_BLOCKS: usize = 4096;
    // A long block is rare, and not worth keeping for a whole session.
    const MAX_KEPT: usize = 16 * 1024;
    if code.len() > MAX_KEPT {
        return highlight(code, lang);
    }
    let cache = CACHE.get_or_init(Cache::default);
    let key = format!("{lang}\n{code}");
    let lock = || cache.lock().unwrap_or_else(|e| e.into_inner());
    if let Some(html) = lock().get(&key) {
        return html.clone();
    }
    let html = highlight(code, lang);
    let mut cache = lock();
    if cache.len() >= MAX_BLOCKS {
        cache.clear();
    }
    cache.insert(key, html.clone());
    html
}

fn highlight(code: &str, lang: &str) -> String {
    let escaped_lang = html_escape(lang);
    if !lang.is_empty() {
        let set = syntaxes();
        if let Some(syntax) = set.find_syntax_by_token(lang) {
            let mut gen = ClassedHTMLGenerator::new_with_class_style(syntax, set, CLASS_STYLE);
            let ok = LinesWithEndings::from(code)
                .all(|line| gen.parse_html_for_line_which_includes_newline(line).is_ok());
            if ok {
                return format!(
                    "<pre class=\"sy-code\" data-lang=\"{escaped_lang}\"><code class=\"language-{escaped_lang}\">{}</code></pre>\n",
                    gen.finalize()
                );
            }
        }
    }
    let class = if lang.is_empty() {
        String::new()
    } else {
        format!(" class=\"language-{escaped_lang}\"")
    };
    format!(
        "<pre class=\"sy-code\"><code{class}>{}</code></pre>\n",
        html_escape(code)
    )
}

pub fn html_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
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

fn unresolved_wikilink(
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

/// The stylesheet for highlighted code: a light theme, and a dark one
/// under `prefers-color-scheme: dark`. The default theme ships its output
/// as `static/syntax.css`; a test keeps the two in step.
pub fn syntax_css() -> String {
    let themes = syntect::highlighting::ThemeSet::load_defaults();
    let css = |name: &str| {
        let Some(theme) = themes.themes.get(name) else {
            return String::new();
        };
        let background = theme
            .settings
            .background
            .map_or((255, 255, 255), |c| (c.r, c.g, c.b));
        let css =
            syntect::html::css_for_theme_with_class_style(theme, CLASS_STYLE).unwrap_or_default();
        readable(&css, background)
    };
    let indent = |css: String| {
        css.lines()
            .map(|l| format!("  {l}"))
            .collect::<Vec<_>>()
            .join("\n")
    };
    // Each theme in its own media block: the themes style different
    // scopes, and a light rule must not leak into the dark theme.
    format!(
        "/* Generated by coffeechat from syntect's InspiredGitHub and base16-ocean.dark themes,\n   with text colours adjusted to a WCAG contrast of at least 4.5:1. */\n@media not all and (prefers-color-scheme: dark) {{\n{}\n}}\n@media (prefers-color-scheme: dark) {{\n{}\n}}\n",
        indent(css("InspiredGitHub")).trim_end(),
        indent(css("base16-ocean.dark")).trim_end()
    )
}

/// Rewrites every text `color: #rrggbb` of `css` that is too faint on
/// `background`, moving it towards black or white until it reads.
fn readable(css: &str, background: (u8, u8, u8)) -> String {
    css.lines()
        .map(|line| {
            let trimmed = line.trim_start();
            let Some(hex) = trimmed
                .strip_prefix("color: #")
                .map(|h| h.trim_end_matches(';'))
            else {
                return line.to_string();
            };
            let Some(color) = parse_hex(hex) else {
                return line.to_string();
            };
            let fixed = with_contrast(color, background, 4.6);
            line.replace(
                hex,
                &format!("{:02x}{:02x}{:02x}", fixed.0, fixed.1, fixed.2),
            )
        })
        .collect::<Vec<_>>()
        .join("\n")
}

fn parse_hex(hex: &str) -> Option<(u8, u8, u8)> {
    let hex = hex.get(..6)?;
    let n = u32::from_str_radix(hex, 16).ok()?;
    Some(((n >> 16) as u8, (n >> 8) as u8, n as u8))
}

fn luminance((r, g, b): (u8, u8, u8)) -> f64 {
    let channel = |c: u8| {
        let c = f64::from(c) / 255.0;
        if c <= 0.03928 {
            c / 12.92
        } else {
            ((c + 0.055) / 1.055).powf(2.4)
        }
    };
    0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)
}

fn contrast(a: (u8, u8, u8), b: (u8, u8, u8)) -> f64 {
    let (la, lb) = (luminance(a), luminance(b));
    (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
}

fn with_contrast(color: (u8, u8, u8), background: (u8, u8, u8), target: f64) -> (u8, u8, u8) {
    let towards: f64 = if luminance(background) > 0.5 {
        0.0
    } else {
        255.0
    };
    let mut c = color;
    for step in 1..=20 {
        if contrast(c, background) >= target {
            break;
        }
        let t = f64::from(step) / 20.0;
        let mix = |v: u8| (f64::from(v) + (towards - f64::from(v)) * t).round() as u8;
        c = (mix(color.0), mix(color.1), mix(color.2));
    }
    c
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rejects_script_schemes() {
        assert_eq!(
            safe_href(&CowStr::Borrowed("javascript:alert(1)")).as_ref(),
            "#"
        );
        assert_eq!(
            safe_href(&CowStr::Borrowed("DATA:text/html,x")).as_ref(),
            "#"
        );
        assert_eq!(
            safe_href(&CowStr::Borrowed("https://example.com")).as_ref(),
            "https://example.com"
        );
        assert_eq!(safe_href(&CowStr::Borrowed("../a/b")).as_ref(), "../a/b");
        assert_eq!(safe_href(&CowStr::Borrowed("#top")).as_ref(), "#top");
        assert_eq!(
            safe_href(&CowStr::Borrowed("mailto:a@example.com")).as_ref(),
            "mailto:a@example.com"
        );
    }

    #[test]
    fn highlights_known_languages_with_classes() {
        let html = highlight("fn main() {}\n", "rust");
        assert!(html.contains("sy-"), "{html}");
        let plain = highlight("<b>\n", "no-such-language");
        assert!(plain.contains("&lt;b&gt;"));
    }

    #[test]
    fn contrast_matches_the_wcag_reference_ratios() {
        let white = (255, 255, 255);
        // WCAG 2's extremes, and the greys either side of AA's 4.5:1
        // (#767676 passes at 4.54:1, #777777 fails at 4.48:1).
        let ratio = |c| (contrast(c, white) * 100.0).round() / 100.0;
        assert_eq!(ratio((0, 0, 0)), 21.0);
        assert_eq!(ratio(white), 1.0);
        assert_eq!(ratio((0x76, 0x76, 0x76)), 4.54);
        assert_eq!(ratio((0x77, 0x77, 0x77)), 4.48);
    }

    #[test]
    fn faint_colours_are_made_readable() {
        // The colours found, mixed towards black (light background) or
        // white (dark background) in twentieths, and their ratios.
        let fixed = with_contrast((0x96, 0x98, 0x96), (255, 255, 255), 4.6);
        assert_eq!(fixed, (113, 114, 113));
        assert_eq!((contrast(fixed, (255, 255, 255)) * 100.0).round(), 483.0);
        let dark = with_contrast((0x65, 0x73, 0x7e), (0x2b, 0x30, 0x3b), 4.6);
        assert_eq!(dark, (147, 157, 165));
        assert_eq!((contrast(dark, (0x2b, 0x30, 0x3b)) * 100.0).round(), 479.0);
        assert_eq!(
            with_contrast((0, 0, 0), (255, 255, 255), 4.6),
            (0, 0, 0),
            "good colours stay"
        );
    }
}
