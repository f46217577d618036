//! The stages before templates: read every note, resolve every link,
//! render every body. `serve` keeps the result to rebuild from.

use super::{today, Error, Options, Timings};
use crate::diagnostics::{self, Diagnostic};
use crate::domain::workflow;
use crate::graph::{self, Index, NoteId};
use crate::markdown;
use crate::pages::urls::Urls;
use crate::pages::views::{self as context, Card, Site};
use crate::read::config::Config;
use crate::read::note::{self, Note};
use crate::read::{discover as load, slug};
use jiff::civil::Date;
use rayon::prelude::*;

/// The notes of a site read, resolved and turned into HTML fragments:
/// every stage before templates. `serve` keeps one to rebuild from.
pub struct Analysis {
    pub config: Config,
    pub today: Date,
    pub notes: Vec<Note>,
    pub links: Vec<graph::Links>,
    /// Shared, not copied, with the next analysis of a `serve` session.
    pub bodies: Vec<std::sync::Arc<markdown::Rendered>>,
    pub urls: Urls,
    /// The URL of each note, by note id.
    pub note_urls: Vec<String>,
    /// Notes by name, for resolving links in a body rendered again.
    pub index: Index,
    /// How many bodies this analysis rendered (the others were reused).
    pub rendered_bodies: usize,
    /// Warnings (errors stop [`analyse`]).
    pub diagnostics: Vec<Diagnostic>,
    /// The link card of every note, by note id: made once, as every page
    /// shows some, and kept by `serve` for the notes an edit leaves alone.
    /// Empty in a build's analysis until `Analysis::make_cards`: only
    /// the site files, which read none, come before it.
    pub cards: Vec<Card>,
    /// Each interview's row, made when first shown (see [`Site::row_values`]).
    pub rows: Vec<context::RowValue>,
    /// What the seeker has to do about each note (the checks read it too,
    /// in a public build as well; its pages show none).
    pub plan: workflow::Plan,
    pub timings: Timings,
}

impl Analysis {
    /// The card of note `id` as its note, links and address make it.
    pub fn card(&self, id: NoteId) -> Card {
        Card::new(
            &self.notes[id],
            &self.note_urls[id],
            &self.notes,
            &self.links[id],
            &self.config,
        )
    }

    /// Drops the bodies' search text, once the search index is written.
    pub(crate) fn forget_search_text(&mut self) {
        for body in &mut self.bodies {
            if let Some(body) = std::sync::Arc::get_mut(body) {
                body.search_text = String::new();
            }
        }
    }

    /// Makes the cards of an analysis for a build, which are left out
    /// until its site files are written: at 100,000 notes the cards
    /// (78 MB) and the search text (126 MB) were the top of a build's
    /// memory together.
    pub(crate) fn make_cards(&mut self) {
        if self.cards.len() != self.notes.len() {
            self.cards = make_cards(&self.notes, &self.note_urls, &self.links, &self.config);
        }
    }

    /// Drops the notes' bodies as written (their HTML stays), once the
    /// vCards, which carry the contacts', are written. A build does this
    /// before its pages; `serve` keeps them.
    pub(crate) fn forget_bodies_as_written(&mut self) {
        for note in &mut self.notes {
            note.clear_body();
            note.shrink();
        }
    }

    /// Makes again the cards of `ids`, after their notes changed in place.
    pub fn refresh_cards(&mut self, ids: &[NoteId]) {
        for id in ids {
            self.cards[*id] = self.card(*id);
        }
    }

    /// Forgets the rows of `ids`, which are made again when next shown.
    pub fn forget_rows(&mut self, ids: impl IntoIterator<Item = NoteId>) {
        for id in ids {
            self.rows[id] = context::RowValue::new();
        }
    }

    /// The view of the site templates are fed from.
    pub fn site(&self) -> Site<'_> {
        Site {
            config: &self.config,
            notes: &self.notes,
            links: &self.links,
            bodies: &self.bodies,
            urls: &self.urls,
            note_urls: &self.note_urls,
            cards: &self.cards,
            row_values: &self.rows,
            rows_html: None,
            plan: match self.config.publish.public {
                true => &workflow::NO_PLAN,
                false => &self.plan,
            },
            today: self.today,
            memo: context::Memo::new(),
        }
    }
}

/// Reads every note and resolves every link; stops with all the errors found.
pub fn analyse(options: &Options) -> Result<Analysis, Error> {
    analyse_with(options, &note::read, None)
}

/// What an analysis keeps once the bodies are rendered.
#[derive(Clone, Copy, PartialEq)]
enum Keep {
    /// Everything: `serve` renders bodies again and compares notes.
    Everything,
    /// What a build's files read: not the bodies as written (but
    /// contacts', which their vCards carry), nor the names links are
    /// resolved by, nor where each front matter key is (but `template:`):
    /// at 100,000 notes these are 150 MB. Nor the cards, made once the site
    /// files are written.
    WhatFilesRead,
}

/// [`analyse`] for a build, which writes its files and ends.
pub(crate) fn analyse_to_build(options: &Options) -> Result<Analysis, Error> {
    analyse_keeping(options, &note::read, None, Keep::WhatFilesRead)
}

/// How [`analyse_with`] reads one note file.
pub type ReadNote<'r> = dyn Fn(&load::NoteFile, &Config) -> note::Parsed + Sync + 'r;

/// [`analyse`] with another way to read a note: `serve` passes one that
/// reuses the notes whose files did not change ([`incremental`]), and the
/// `earlier` analysis, whose Markdown is reused for unchanged bodies when
/// every link would resolve as it did.
pub fn analyse_with(
    options: &Options,
    read: &ReadNote,
    earlier: Option<&Analysis>,
) -> Result<Analysis, Error> {
    analyse_keeping(options, read, earlier, Keep::Everything)
}

fn analyse_keeping(
    options: &Options,
    read: &ReadNote,
    earlier: Option<&Analysis>,
    keep: Keep,
) -> Result<Analysis, Error> {
    let mut timings = Timings::start();
    let mut config = options.load_config()?;
    let today = today(options, &config);
    let mut diagnostics = Vec::new();

    if config.allow_indexing && config.base_url.origin.is_empty() {
        diagnostics.push(no_sitemap(options));
    }
    crate::markdown::highlight::load_in_background();
    let (files, found) = load::discover(&options.root);
    diagnostics.extend(found);
    timings.lap("discover");

    // A rebuild of `serve` takes most notes as they were read before, with
    // their languages started then: only a first analysis looks.
    let early = earlier.is_none();
    let parsed: Vec<note::Parsed> = files
        .par_iter()
        .map(|f| {
            let parsed = read(f, &config);
            if let Some(note) = parsed.note.as_ref().filter(|_| early) {
                crate::markdown::highlight::start_early(note.body());
            }
            parsed
        })
        .collect();
    let mut all_notes = Vec::with_capacity(parsed.len());
    // Notes that failed to parse are still known by name, so links to them
    // do not add a second error to the first.
    let mut unreadable = Vec::new();
    for (p, file) in parsed.into_iter().zip(&files) {
        diagnostics.extend(p.diagnostics);
        match p.note {
            Some(n) => all_notes.push(n),
            None => unreadable.push((file.collection, slug::slugify(load::file_name(&file.path)))),
        }
    }
    drop(files);
    check_duplicate_slugs(&all_notes, &mut diagnostics);
    diagnostics.extend(note::foreign_summary(&all_notes));
    timings.lap("parse");

    // From here on, `config.publish.public` says whether this build is public.
    let public = options.is_public(&config);
    config.publish.public = public;
    // Split only when a note is left out: at 100,000 notes a second
    // vector of them is 80 MB.
    let mut notes = all_notes;
    let mut hidden = Vec::new();
    if notes.iter().any(|n| options.left_out(&config, n).is_some()) {
        (notes, hidden) = notes
            .into_iter()
            .partition(|n| options.left_out(&config, n).is_none());
    }
    if public {
        notes
            .iter_mut()
            .for_each(|n| crate::domain::public::strip(&config.publish, n));
    }
    let mut hidden_keys: Vec<_> = hidden
        .iter()
        .map(|n| (n.collection, n.slug.clone()))
        .collect();
    hidden_keys.extend(unreadable);
    // Links by title or alias to a note left out are plain text too.
    hidden_keys.extend(
        hidden
            .iter()
            .flat_map(|n| n.names().map(|name| (n.collection, name))),
    );
    let index = Index::build(&notes, &hidden_keys)
        .with_static_files(&options.root, &config.base_url.path)
        .with_missing(config.links.missing);
    let mut links = graph::resolve(&mut notes, &index, &mut diagnostics);
    let plan = workflow::plan(&notes, &links, &config, today);
    diagnostics.extend(site_checks(options, &notes, &links, &plan, &config, today));
    timings.lap("graph");

    let urls = Urls::new(&config.base_url.path);
    let note_urls: Vec<String> = notes
        .iter()
        .map(
            |n| match crate::domain::public::has_page(&config.publish, n.collection) {
                true => urls.note(n),
                // No page, so nothing links to one: cards show the name alone.
                false => String::new(),
            },
        )
        .collect();
    let earlier = earlier.filter(|e| same_link_targets(e, &notes, &index, &note_urls));
    let rendered = std::sync::atomic::AtomicUsize::new(0);
    let render = |notes: &[Note], id: NoteId| match earlier {
        // A body that embeds others, links to their headings, or shows
        // static files, is rendered again: they may have changed.
        Some(e) if same_body(&e.notes[id], &notes[id]) && !e.bodies[id].depends_on_more() => {
            e.bodies[id].clone()
        }
        _ => {
            rendered.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            std::sync::Arc::new(markdown::render(&notes[id], notes, &index, &note_urls))
        }
    };
    let bodies = match keep {
        Keep::Everything => (0..notes.len())
            .into_par_iter()
            .map(|id| render(&notes, id))
            .collect(),
        Keep::WhatFilesRead => render_dropping_texts(&mut notes, &index, TURN, render),
    };
    let mut mentions = Vec::with_capacity(bodies.len());
    for b in &bodies {
        diagnostics.extend(b.diagnostics.iter().cloned());
        mentions.push(b.mentions.clone());
    }
    graph::add_mentions(&mut links, mentions);
    timings.lap("markdown");
    let index = match keep {
        Keep::Everything => index,
        Keep::WhatFilesRead => {
            drop(index);
            forget_what_only_the_analysis_read(&mut notes);
            Index::default()
        }
    };

    diagnostics::sort(&mut diagnostics);
    if diagnostics.iter().any(Diagnostic::is_error) {
        return Err(Error::Diagnostics(diagnostics));
    }
    let cards = match keep {
        Keep::Everything => make_cards(&notes, &note_urls, &links, &config),
        // Made once the search index is written (`Analysis::make_cards`).
        Keep::WhatFilesRead => Vec::new(),
    };
    let rows = (0..notes.len()).map(|_| context::RowValue::new()).collect();
    Ok(Analysis {
        config,
        today,
        notes,
        links,
        bodies,
        urls,
        note_urls,
        index,
        rendered_bodies: rendered.into_inner(),
        diagnostics,
        cards,
        rows,
        plan,
        timings,
    })
}

fn make_cards(
    notes: &[Note],
    urls: &[String],
    links: &[graph::Links],
    config: &Config,
) -> Vec<Card> {
    (0..notes.len())
        .into_par_iter()
        .map(|id| Card::new(&notes[id], &urls[id], notes, &links[id], config))
        .collect()
}

/// Notes whose bodies are rendered between two drops of the texts read:
/// enough for both cores, few enough that the texts go early.
const TURN: usize = 4096;

/// The bodies of `notes`, rendered a turn at a time, each turn then
/// dropping the texts nothing reads any more: at 100,000 notes every
/// text as written (176 MB) beside every rendered body was a build's
/// peak. A contact's text stays (its vCard carries it), as does a text
/// another body reads (an embed, a link to a heading), and every text
/// when such a link cannot be told from the text.
fn render_dropping_texts(
    notes: &mut [Note],
    index: &Index,
    turn: usize,
    render: impl Fn(&[Note], NoteId) -> std::sync::Arc<markdown::Rendered> + Sync,
) -> Vec<std::sync::Arc<markdown::Rendered>> {
    let kept = texts_read_later(notes, index);
    let mut bodies = Vec::with_capacity(notes.len());
    for start in (0..notes.len()).step_by(turn) {
        let ids = start..notes.len().min(start + turn);
        let shared: &[Note] = notes;
        bodies.par_extend(ids.clone().into_par_iter().map(|id| render(shared, id)));
        if let Some(kept) = &kept {
            for id in ids.filter(|&id| !kept[id]) {
                notes[id].clear_body();
                notes[id].shrink();
            }
        }
    }
    bodies
}

/// For each note, whether its text as written is read once its own body
/// is rendered; `None` when every text is (see [`markdown::notes_read`]).
fn texts_read_later(notes: &[Note], index: &Index) -> Option<Vec<bool>> {
    let embedded: Vec<Option<Vec<NoteId>>> = notes
        .par_iter()
        .map(|n| markdown::notes_read(n, notes, index))
        .collect();
    let mut kept: Vec<bool> = notes.iter().map(|n| n.as_contact().is_some()).collect();
    for ids in embedded {
        for id in ids? {
            kept[id] = true;
        }
    }
    Some(kept)
}

/// Drops the bodies as written of `notes`, but contacts', and where their
/// front matter keys are, but `template:` (a page's error can name it).
fn forget_what_only_the_analysis_read(notes: &mut [Note]) {
    for note in notes {
        note.forget_key_positions_but("template");
        if note.as_contact().is_none() {
            note.clear_body();
            note.shrink();
        }
    }
}

/// The checks that read several notes at once (introductions, duplicate
/// people, the workflow's reminders, placeholder text), once links are
/// resolved: `serve` runs them again after an edit in place.
pub(crate) fn site_checks(
    options: &Options,
    notes: &[Note],
    links: &[graph::Links],
    plan: &workflow::Plan,
    config: &Config,
    today: Date,
) -> Vec<Diagnostic> {
    // Three independent checks at once: `serve` waits for them after
    // each edit it puts in place. Collected in this order, as one list.
    let ((mut found, workflow), placeholders) = rayon::join(
        || {
            rayon::join(
                || {
                    let mut found = Vec::new();
                    graph::check(notes, links, &mut found);
                    found
                },
                || {
                    let mut found = Vec::new();
                    workflow::check(plan, notes, config, today, &mut found);
                    found
                },
            )
        },
        || {
            let mut found = Vec::new();
            crate::briefing::placeholders::check(
                notes,
                config,
                &options.config_path(),
                &options.root,
                &mut found,
            );
            found
        },
    );
    found.extend(workflow);
    found.extend(placeholders);
    found
}

/// Whether a body's links resolve in `notes` as they did in `earlier`:
/// the same notes in the same places, with the same titles and addresses,
/// found by the same names (an alias moved from one note to another
/// changes where `[[alias]]` goes), and the same notes left out.
fn same_link_targets(earlier: &Analysis, notes: &[Note], index: &Index, urls: &[String]) -> bool {
    // The index last: comparing its maps costs the most.
    earlier.notes.len() == notes.len()
        && earlier.note_urls == urls
        && earlier.notes.iter().zip(notes).all(|(a, b)| {
            a.path == b.path
                && a.slug == b.slug
                && a.title == b.title
                && a.collection == b.collection
        })
        && earlier.index.resolves_same(index)
}

/// Whether two versions of a note render to the same Markdown output: the
/// same body on the same line, and the same tags (a `#tag` in the body is
/// a link when the note has that tag, its front matter's included).
pub(crate) fn same_body(a: &Note, b: &Note) -> bool {
    a.body_line == b.body_line && a.tags == b.tags && a.body() == b.body()
}

/// Two notes of one collection may not share a slug, whatever their case
/// or folder.
fn check_duplicate_slugs(notes: &[Note], diagnostics: &mut Vec<Diagnostic>) {
    let mut seen: std::collections::HashMap<(load::Collection, &str), &Note> =
        std::collections::HashMap::new();
    for n in notes {
        if let Some(first) = seen.insert((n.collection, n.slug.as_str()), n) {
            diagnostics.push(
                Diagnostic::error(
                    "duplicate-slug",
                    &n.path,
                    format!(
                        "another {} has the slug `{}`: {}",
                        n.collection.singular(),
                        n.slug,
                        first.path.display()
                    ),
                )
                // The `slug:` line, or the opening `---` when the file name gives the slug.
                .at_span(n.key_span("slug"))
                .hint("rename one of the files, or set a different `slug:` in its front matter"),
            );
            seen.insert((n.collection, first.slug.as_str()), first);
        }
    }
}

/// A site that asks to be indexed but whose base_url has no host gets no
/// sitemap (its URLs must be absolute): said once, where base_url is.
fn no_sitemap(options: &Options) -> Diagnostic {
    let path = options.config_path();
    let line = std::fs::read_to_string(&path)
        .ok()
        .and_then(|t| t.lines().position(|l| l.starts_with("base_url:")))
        .map_or(0, |i| i + 1);
    let shown = path.strip_prefix(&options.root).unwrap_or(&path);
    Diagnostic::warning(
        "no-sitemap",
        shown,
        "no sitemap.xml: `allow_indexing` is on but `base_url` has no host, and a sitemap lists absolute URLs",
    )
    .at((line, 1))
    .hint("set base_url to the site's full address, e.g. https://you.github.io/prep/")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::read::discover::Collection;
    use std::sync::Arc;

    fn notes(files: &[(Collection, &str, &str)]) -> Vec<Note> {
        let config =
            Config::parse("title: T\n", std::path::Path::new("coffeechat.yaml")).expect("config");
        files
            .iter()
            .map(|(collection, slug, text)| {
                let path = format!("content/{}/{slug}.md", collection.dir()).into();
                let parsed = note::parse(*collection, path, text.to_string(), &config);
                parsed.note.expect("a note")
            })
            .collect()
    }

    /// Each body rendered with the texts dropped a note at a time, and
    /// the notes' texts left, against each body rendered with all texts.
    fn dropping_one_at_a_time(notes: &mut [Note]) -> (Vec<bool>, Vec<bool>) {
        let index = Index::build(notes, &[]);
        let urls: Vec<String> = notes.iter().map(|n| format!("/{}/", n.slug)).collect();
        let render = |notes: &[Note], id: NoteId| {
            Arc::new(markdown::render(&notes[id], notes, &index, &urls))
        };
        let whole: Vec<String> = (0..notes.len())
            .map(|id| render(notes, id).html.clone())
            .collect();
        let bodies = render_dropping_texts(notes, &index, 1, render);
        let same = bodies
            .iter()
            .zip(&whole)
            .map(|(b, w)| &b.html == w)
            .collect();
        let kept = notes.iter().map(|n| !n.body().is_empty()).collect();
        (same, kept)
    }

    #[test]
    fn a_build_drops_a_text_once_no_other_body_reads_it() {
        use Collection::{Contacts, Pages};
        let mut site = notes(&[
            (
                Pages,
                "earlier",
                "---\ntitle: Earlier\n---\nEarlier words.\n",
            ),
            (Pages, "plain", "---\ntitle: Plain\n---\nPlain words.\n"),
            (Contacts, "ann", "---\nname: Ann Lee\n---\nAnn's words.\n"),
            (
                Pages,
                "later",
                "---\ntitle: Later\n---\n![[Earlier|as told]] and ![[middle#Part]]\n",
            ),
            (
                Pages,
                "middle",
                "---\ntitle: Middle\n---\n## Part\n\n![[earlier]]\n",
            ),
            (
                Pages,
                "heading",
                "---\ntitle: Heading\n---\n## Why\n\nWords.\n",
            ),
            (Pages, "quiet", "---\ntitle: Quiet\n---\nMore words.\n"),
            (
                Pages,
                "links",
                "---\ntitle: Links\n---\nAn open [[ bracket.\n\n[[heading#Why]], [[plain]] and ![%%x%%[quiet]]\n",
            ),
        ]);
        let (same, kept) = dropping_one_at_a_time(&mut site);
        assert_eq!(same, [true; 8]);
        // earlier: embedded; plain: only linked; ann: a contact (its
        // vCard); later: reads others only; middle: embedded; heading:
        // linked to a heading; quiet: embedded through a comment; links:
        // reads others only.
        assert_eq!(kept, [true, false, true, false, true, true, true, false]);
    }

    #[test]
    fn an_embed_not_told_from_the_text_keeps_every_text() {
        use Collection::Pages;
        let mut site = notes(&[
            (Pages, "first", "---\ntitle: First\n---\nFirst words.\n"),
            (
                Pages,
                "table",
                "---\ntitle: Table\n---\n| a |\n|---|\n| ![[first\\|shown]] |\n",
            ),
        ]);
        let (same, kept) = dropping_one_at_a_time(&mut site);
        assert_eq!(same, [true, true]);
        assert_eq!(kept, [true, true]);
    }
}
