//! Which pages a site has, the URL of each, and the data each page's
//! template receives. The renderer gets (template, data) pairs from here
//! and knows nothing of companies or contacts.

mod contact;
mod dashboard;
pub(crate) mod drafts;
pub(crate) mod html;
mod interview;
mod network;
pub(crate) mod next_step;
mod questions;
pub(crate) mod search;
pub(crate) mod svg;
pub mod urls;
pub mod views;

use crate::diagnostics::Diagnostic;
use crate::domain::Kind;
use crate::graph::NoteId;
use crate::read::config::publish::PeoplePages;
use crate::read::discover::Collection;
use serde::Serialize;
use std::collections::BTreeMap;
use urls::output_path;
use views::{PageView, Site};

/// A page of the site, before rendering.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Page {
    Dashboard,
    Index(Collection),
    Note(NoteId),
    Tags,
    Tag(String),
    Network,
    NotFound,
    /// Briefing sheets one after another, each on a new sheet of paper.
    Print(PrintScope),
    /// An interview's one-page card: what to glance at during the call.
    Card(NoteId),
}

/// Which briefings a print pack holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PrintScope {
    /// This week's upcoming interviews, today and the six days after
    /// (`/print/`): what a person prints to take along.
    ThisWeek,
    /// The seven days after those (`/print/next-week/`).
    NextWeek,
    /// Every upcoming interview: `coffeechat print` without names; never
    /// part of the site, only rendered for a PDF.
    Upcoming,
    /// Every interview, past ones included: `coffeechat print --all`; never
    /// part of the site (a pack of years of briefings is no page to print).
    All,
    /// The interviews named to `coffeechat print`, in that order; never
    /// part of the site, only rendered for a PDF.
    Selection(Vec<NoteId>),
}

impl PrintScope {
    /// The packs the site has pages for.
    pub const PAGES: [PrintScope; 2] = [PrintScope::ThisWeek, PrintScope::NextWeek];

    /// The page's URL relative to the site root.
    pub fn relative(&self) -> &'static str {
        match self {
            PrintScope::ThisWeek => "print/",
            PrintScope::NextWeek => "print/next-week/",
            PrintScope::Upcoming => "print/upcoming/",
            PrintScope::All => "print/all/",
            PrintScope::Selection(_) => "print/selection/",
        }
    }

    /// The pack page's title.
    pub(crate) fn title(&self) -> &'static str {
        match self {
            PrintScope::ThisWeek => "This week's briefings",
            PrintScope::NextWeek => "Next week's briefings",
            PrintScope::Upcoming => "Upcoming briefings",
            PrintScope::All => "Every briefing",
            PrintScope::Selection(_) => "Briefings",
        }
    }

    pub(crate) fn name(&self) -> &'static str {
        match self {
            PrintScope::ThisWeek => "this-week",
            PrintScope::NextWeek => "next-week",
            PrintScope::Upcoming => "upcoming",
            PrintScope::All => "all",
            PrintScope::Selection(_) => "selection",
        }
    }

    /// The interviews of this pack, in print order.
    pub fn interviews(&self, site: &Site) -> Vec<NoteId> {
        let within = |from: i64, to: i64| {
            let day = |n: i64| site.today.checked_add(jiff::Span::new().days(n)).ok();
            let (first, last) = (day(from), day(to));
            site.interviews_by_date()
                .into_iter()
                .filter(|id| site.is_upcoming(*id))
                .filter(|id| {
                    let date = site.notes[*id]
                        .as_interview()
                        .and_then(|i| i.date.as_ref())
                        .map(|z| z.with_time_zone(site.config.timezone.clone()).date());
                    date.is_some_and(|d| {
                        first.is_some_and(|f| d >= f) && last.is_some_and(|l| d <= l)
                    })
                })
                .collect()
        };
        match self {
            PrintScope::ThisWeek => within(0, 6),
            PrintScope::NextWeek => within(7, 13),
            PrintScope::Upcoming => site
                .interviews_by_date()
                .into_iter()
                .filter(|id| site.is_upcoming(*id))
                .collect(),
            PrintScope::All => site.interviews_by_date(),
            PrintScope::Selection(ids) => ids.clone(),
        }
    }
}

/// All the pages of a site, in a fixed order. A public build leaves out
/// the pages about people that `publish.pages` does not name.
pub fn pages(site: &Site) -> Vec<Page> {
    let mut pages = site_pages(site);
    let with_page = (0..site.notes.len()).filter(|id| !site.note_urls[*id].is_empty());
    pages.extend(with_page.clone().map(Page::Note));
    pages.extend(
        with_page
            .filter(|id| site.notes[*id].as_interview().is_some())
            .map(Page::Card),
    );
    pages.extend(tag_names(site).keys().cloned().map(Page::Tag));
    pages
}

/// The print packs a site has: none when its interviews have no pages (a
/// public build that does not publish them).
pub fn print_packs(site: &Site) -> Vec<PrintScope> {
    match site.config.publish.shows(PeoplePages::Interviews) {
        true => PrintScope::PAGES.to_vec(),
        false => Vec::new(),
    }
}

/// The pages that gather the whole site, not one note or tag: the
/// dashboard, the 404 page, the network, the tags' list, the print packs and
/// the indexes.
pub fn site_pages(site: &Site) -> Vec<Page> {
    let publish = &site.config.publish;
    let mut pages = vec![Page::Dashboard, Page::NotFound];
    if publish.shows(PeoplePages::Network) {
        pages.push(Page::Network);
    }
    pages.push(Page::Tags);
    pages.extend(print_packs(site).into_iter().map(Page::Print));
    pages.extend(
        [
            Collection::Companies,
            Collection::Contacts,
            Collection::Questions,
            Collection::Interviews,
        ]
        .into_iter()
        .filter(|c| crate::domain::public::has_page(publish, *c))
        .map(Page::Index),
    );
    // Free pages get an index only when a site has some.
    if site.ids(Collection::Pages).next().is_some() {
        pages.push(Page::Index(Collection::Pages));
    }
    pages
}

/// Tags by slug, each with its display name (the first spelling met) and
/// notes; made once per site.
pub fn tag_names<'s>(site: &'s Site) -> &'s BTreeMap<String, (String, Vec<NoteId>)> {
    site.memo.tags.get_or_init(|| {
        let mut tags: BTreeMap<String, (String, Vec<NoteId>)> = BTreeMap::new();
        for (id, note) in site.notes.iter().enumerate() {
            for t in &note.tags {
                let slug = crate::read::slug::slugify(t);
                if slug.is_empty() {
                    continue;
                }
                let entry = tags.entry(slug).or_insert_with(|| (t.clone(), Vec::new()));
                if !entry.1.contains(&id) {
                    entry.1.push(id);
                }
            }
        }
        tags
    })
}

#[derive(Serialize)]
struct TagListItem {
    name: String,
    url: String,
    count: usize,
}

/// A page ready for its template.
pub struct PageData {
    /// The page's URL relative to the site root: `contacts/ana/`.
    pub relative: String,
    pub template: String,
    /// The note whose `template:` chose the template, for error messages.
    pub note: Option<NoteId>,
    pub context: tera::Context,
    /// The top-level variables of `context`.
    pub keys: Vec<&'static str>,
    /// A print pack still to be filled with its sheets.
    pub(crate) print: Option<PrintScope>,
    /// An interview page's view, which its briefing sheet is made from too.
    pub(crate) interview: Option<tera::Value>,
}

impl PageData {
    pub(crate) fn insert<T: Serialize + ?Sized>(&mut self, key: &'static str, value: &T) {
        self.context.insert(key, value);
        self.keys.push(key);
    }

    /// The context as JSON, for `--dump-context` and the docs test.
    pub fn to_json(&self) -> serde_json::Value {
        let map = self
            .keys
            .iter()
            .map(|k| {
                let v = self
                    .context
                    .get(k)
                    .and_then(|v| serde_json::to_value(v).ok())
                    .unwrap_or_default();
                (k.to_string(), v)
            })
            .collect();
        serde_json::Value::Object(map)
    }
}

pub fn output_path_of(data: &PageData) -> String {
    output_path(&data.relative)
}

/// A page's URL relative to the site root: `contacts/ana/`.
pub fn page_relative(site: &Site, page: &Page) -> String {
    match page {
        Page::Dashboard => String::new(),
        Page::NotFound => "404.html".into(),
        Page::Network => "network/".into(),
        Page::Print(scope) => scope.relative().into(),
        Page::Tags => "tags/".into(),
        Page::Tag(slug) => format!("tags/{slug}/"),
        Page::Index(collection) => format!("{}/", collection.dir()),
        Page::Note(id) => {
            let note = &site.notes[*id];
            format!("{}/{}/", note.collection.dir(), note.slug)
        }
        Page::Card(id) => {
            let note = &site.notes[*id];
            format!("{}/{}/card/", note.collection.dir(), note.slug)
        }
    }
}

/// The file a page is written to: `contacts/ana/index.html`.
pub fn page_path(site: &Site, page: &Page) -> String {
    output_path(&page_relative(site, page))
}

/// Builds the context of one page. `site` is not in it: it is set once for
/// all pages with [`Templates::set_site`].
pub fn page_data(site: &Site, page: &Page) -> Result<PageData, Diagnostic> {
    page_data_with(site, page, None)
}

/// [`page_data`], for a card given its interview's view as the interview's
/// page made it: the view is built once for both.
pub(crate) fn page_data_with(
    site: &Site,
    page: &Page,
    interview: Option<tera::Value>,
) -> Result<PageData, Diagnostic> {
    let mut data = PageData {
        relative: String::new(),
        template: String::new(),
        note: None,
        context: tera::Context::new(),
        keys: Vec::new(),
        print: None,
        interview: None,
    };
    let (title, section): (String, &'static str) = match page {
        Page::Dashboard => {
            data.insert("dashboard", &site.dashboard());
            (site.config.title.clone(), "dashboard")
        }
        Page::NotFound => ("Page not found".into(), "none"),
        Page::Network => {
            data.insert("network", &site.network());
            ("Network".into(), "network")
        }
        Page::Print(scope) => {
            // `print` itself is added by `render_page`, which has the
            // templates to render the sheets with.
            data.print = Some(scope.clone());
            (scope.title().into(), "interviews")
        }
        Page::Card(id) => {
            let view =
                interview.unwrap_or_else(|| tera::Value::from_serializable(&site.interview(*id)));
            data.insert("interview", &view);
            data.insert("briefing_url", &site.note_urls[*id]);
            (format!("Card: {}", site.notes[*id].title), "interviews")
        }
        Page::Tags => {
            let tags: Vec<TagListItem> = tag_names(site)
                .values()
                .map(|(name, ids)| TagListItem {
                    url: site.urls.tag(name),
                    name: name.clone(),
                    count: ids.len(),
                })
                .collect();
            data.insert("tags", &tags);
            ("Tags".into(), "tags")
        }
        Page::Tag(slug) => {
            let (name, ids) = tag_names(site).get(slug).cloned().unwrap_or_default();
            data.insert("tag", &name);
            data.insert("notes", &site.cards(&ids));
            (format!("Tag: {name}"), "tags")
        }
        Page::Index(collection) => {
            let ids = index_ids(site, *collection);
            match collection {
                Collection::Companies => data.insert(
                    "companies",
                    &ids.iter()
                        .filter_map(|id| site.company(*id))
                        .collect::<Vec<_>>(),
                ),
                Collection::Contacts => data.insert(
                    "contacts",
                    &ids.iter()
                        .filter_map(|id| site.contact_row_value(*id))
                        .collect::<Vec<_>>(),
                ),
                Collection::Pages => data.insert("pages", &site.cards(&ids)),
                Collection::Questions => data.insert(
                    "banks",
                    &ids.iter()
                        .filter_map(|id| site.bank_row(*id))
                        .collect::<Vec<_>>(),
                ),
                _ => data.insert(
                    "interviews",
                    &ids.iter()
                        .filter_map(|id| site.interview_row(*id))
                        .collect::<Vec<_>>(),
                ),
            }
            (collection.title().into(), collection.dir())
        }
        Page::Note(id) => {
            let note = &site.notes[*id];
            let links = &site.links[*id];
            match &note.kind {
                Kind::Company(_) => {
                    data.insert("company", &site.company(*id));
                    data.insert("people", &site.cards(&links.people));
                    data.insert("interviews", &site.interview_rows(&links.interviews));
                }
                Kind::Contact(_) => {
                    data.insert("contact", &site.contact(*id));
                    data.insert("interviews", &site.interview_rows(&links.interviews));
                }
                Kind::Bank(_) => {
                    data.insert("bank", &site.bank(*id));
                    data.insert("interviews", &site.interview_rows(&links.interviews));
                }
                Kind::Interview(_) => {
                    let view = tera::Value::from_serializable(&site.interview(*id));
                    data.insert("interview", &view);
                    data.interview = Some(view);
                }
                Kind::Page(_) => {}
            }
            data.insert("note", &site.note_view(*id));
            data.note = Some(*id);
            (note.title.clone(), note.collection.dir())
        }
    };
    let relative = page_relative(site, page);
    let url = site.urls.to(&relative);
    data.insert(
        "page",
        &PageView {
            title,
            url,
            section,
        },
    );
    data.relative = relative;
    data.template = page_template(site, page);
    Ok(data)
}

/// The notes an index page lists, in its order.
pub(crate) fn index_ids(site: &Site, collection: Collection) -> Vec<NoteId> {
    match collection {
        Collection::Interviews => site.interviews_by_date(),
        c => site.ids(c).collect(),
    }
}

/// The row an index page shows for `id`, as JSON: the same row
/// [`page_data`] gives the index's template (a test holds the two in
/// step), for `serve` to tell whether an edit changed the index.
pub(crate) fn index_row(site: &Site, collection: Collection, id: NoteId) -> serde_json::Value {
    let row = match collection {
        Collection::Companies => serde_json::to_value(site.company(id)),
        Collection::Contacts => serde_json::to_value(site.contact_row_value(id)),
        Collection::Pages => serde_json::to_value(site.cards(&[id])),
        Collection::Questions => serde_json::to_value(site.bank_row(id)),
        Collection::Interviews => serde_json::to_value(site.interview_row(id)),
    };
    row.unwrap_or_default()
}

/// The template a page is rendered by: a note's `template:`, or the one
/// for its kind of page.
pub fn page_template(site: &Site, page: &Page) -> String {
    let name = match page {
        Page::Dashboard => "dashboard.html",
        Page::NotFound => "404.html",
        Page::Network => "network.html",
        Page::Print(_) => "print.html",
        Page::Card(_) => "card.html",
        Page::Tags => "tags.html",
        Page::Tag(_) => "tag.html",
        Page::Index(collection) => return format!("{}.html", collection.dir()),
        Page::Note(id) => {
            let note = &site.notes[*id];
            if let Some(t) = &note.template {
                return t.clone();
            }
            match &note.kind {
                Kind::Company(_) => "company.html",
                Kind::Contact(_) => "contact.html",
                Kind::Bank(_) => "bank.html",
                Kind::Interview(_) => "interview.html",
                Kind::Page(_) => "page.html",
            }
        }
    };
    name.to_string()
}

/// Gives a print pack page a new title and the URL of `data.relative`,
/// for a pack's later parts (the same page's data at another address).
pub(crate) fn set_print_part_page(data: &mut PageData, site: &Site, title: String) {
    data.context.insert(
        "page",
        &PageView {
            title,
            url: site.urls.to(&data.relative),
            section: "interviews",
        },
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `serve` tells whether an index changed by `index_row`: it must be
    /// the row `page_data` gives the template, on the demo site.
    #[test]
    fn index_rows_are_the_rows_the_index_shows() {
        let options = crate::Options {
            root: std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")),
            today: "2026-11-22".parse().ok(),
            ..crate::Options::default()
        };
        let analysis = crate::analyse(&options).expect("the demo builds");
        let site = analysis.site();
        for (collection, key) in [
            (Collection::Companies, "companies"),
            (Collection::Contacts, "contacts"),
            (Collection::Questions, "banks"),
            (Collection::Interviews, "interviews"),
        ] {
            let data = page_data(&site, &Page::Index(collection)).expect("index data");
            let shown = serde_json::to_value(data.context.get(key)).expect("json");
            let rows: Vec<serde_json::Value> = index_ids(&site, collection)
                .into_iter()
                .map(|id| index_row(&site, collection, id))
                .filter(|row| !row.is_null())
                .collect();
            assert!(!rows.is_empty(), "{key}");
            assert_eq!(shown, serde_json::Value::Array(rows), "{key}");
        }
    }
}
