//! The data each template receives: plain, serialisable views of the site,
//! built from borrowed notes. `docs/templates.md` documents every field.

use crate::domain::*;
use crate::graph::{Links, NoteId};
use crate::markdown::{Heading, Rendered};
use crate::pages::urls::Urls;
use crate::read::config::publish::PeoplePages;
use crate::read::config::{Config, Paper};
use crate::read::discover::Collection;
use crate::read::note::Note;
use jiff::civil::Date;
use jiff::Zoned;
use serde::Serialize;

// The views of each kind of page live in their own files; their types are
// named from here, as they always were.
pub use super::contact::*;
pub use super::dashboard::*;
pub use super::interview::*;
pub use super::network::*;
pub use super::questions::*;

/// Everything the views are built from, after the pipeline's earlier stages.
pub struct Site<'a> {
    pub config: &'a Config,
    pub notes: &'a [Note],
    pub links: &'a [Links],
    pub bodies: &'a [std::sync::Arc<Rendered>],
    pub urls: &'a Urls,
    pub note_urls: &'a [String],
    pub cards: &'a [Card],
    /// Each interview's row as a Tera value, made the first time a page
    /// asks and kept with the analysis: `serve` makes again only those of
    /// the interviews an edit reaches.
    pub row_values: &'a [RowValue],
    /// The site's plan (none in a public build).
    pub plan: &'a crate::domain::workflow::Plan,
    /// The theme's row of an interview table, when pages are rendered:
    /// each row is made once, for every table it is in.
    pub rows_html: Option<&'a dyn RowTemplate>,
    pub today: Date,
    pub memo: Memo,
}

/// An interview's row as a Tera value, once made (`None`: not an interview).
pub type RowValue = std::sync::OnceLock<Option<tera::Value>>;

/// Renders an interview's row (`partials/interview_row.html`) from its
/// value; `None` when it cannot, and the table renders the row itself.
pub trait RowTemplate: Sync {
    fn interview_row(&self, row: &tera::Value) -> Option<String>;
    /// A contact's row of the contacts index (`partials/contact_row.html`).
    fn contact_row(&self, row: &tera::Value) -> Option<String>;
}

/// `value` with `html` added, the rendering `render` gives it, if any.
pub(crate) fn with_html(
    value: tera::Value,
    render: impl Fn(&tera::Value) -> Option<String>,
) -> tera::Value {
    let Some(html) = render(&value) else {
        return value;
    };
    if value.as_map().is_none() {
        return value;
    }
    let mut map = value.into_map().unwrap_or_default();
    map.insert("html".into(), tera::Value::safe_string(&html));
    tera::Value::from(map)
}

/// `fields` (a struct) and the fields of `card` in one Tera map, as
/// `#[serde(flatten)]` gives them but without a copy of each key and of the
/// card's strings: a row kept for every interview and contact holds no
/// more than its own fields.
pub(crate) fn card_with(card: &Card, fields: &impl Serialize) -> tera::Value {
    let own = tera::Value::from_serializable(fields);
    let (Some(card), Some(fields)) = (card.value.as_map(), own.as_map()) else {
        return own;
    };
    let entries = card.iter().chain(fields.iter());
    tera::Value::from(
        entries
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect::<tera::Map>(),
    )
}

/// Views shared by many pages, made the first time one asks.
pub struct Memo {
    /// See [`crate::pages::tag_names`].
    pub tags: std::sync::OnceLock<std::collections::BTreeMap<String, (String, Vec<NoteId>)>>,
}

impl Memo {
    pub fn new() -> Self {
        Memo {
            tags: std::sync::OnceLock::new(),
        }
    }
}

impl Default for Memo {
    fn default() -> Self {
        Memo::new()
    }
}

/// A link to a note, with a line to show under its title.
#[derive(Debug, Clone)]
pub struct Card {
    /// `company`, `contact`, `question bank`, `interview` or `page`.
    pub kind: &'static str,
    /// The collection folder: `companies`, `contacts`, ...
    pub collection: &'static str,
    /// The card as a Tera value, made once: a card appears on many pages,
    /// and Tera copies a value it already has instead of serialising again.
    /// Its texts are read from it (a card kept for every note holds each
    /// once).
    value: tera::Value,
}

#[derive(Serialize)]
struct CardFields<'c> {
    slug: &'c str,
    title: &'c str,
    url: &'c str,
    kind: &'static str,
    collection: &'static str,
    subtitle: &'c str,
}

impl Serialize for Card {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        // Tera takes its own value as is; other serialisers (JSON) get the fields.
        self.value.serialize(serializer)
    }
}

impl Card {
    pub fn new(note: &Note, url: &str, notes: &[Note], links: &Links, config: &Config) -> Card {
        let subtitle = Card::subtitle_of(note, notes, links, config);
        let value = tera::Value::from_serializable(&CardFields {
            slug: &note.slug,
            title: &note.title,
            url,
            kind: note.collection.singular(),
            collection: note.collection.dir(),
            subtitle: &subtitle,
        });
        Card {
            kind: note.collection.singular(),
            collection: note.collection.dir(),
            value,
        }
    }

    /// The line under a note's title ([`Card::subtitle`]), for what needs
    /// it before the cards are made (the search index of a build).
    pub fn subtitle_of(note: &Note, notes: &[Note], links: &Links, config: &Config) -> String {
        match &note.kind {
            Kind::Company(c) => [c.industry.as_deref(), c.location.as_deref()]
                .into_iter()
                .flatten()
                .collect::<Vec<_>>()
                .join(" · "),
            Kind::Contact(c) => {
                let company = links.company.map(|id| notes[id].title.as_str());
                [c.role.as_deref(), company]
                    .into_iter()
                    .flatten()
                    .collect::<Vec<_>>()
                    .join(", ")
            }
            Kind::Bank(b) => format!("{} questions", b.questions.len()),
            Kind::Interview(i) => match &i.date {
                Some(z) if i.date_only => display_day(&z.with_time_zone(config.timezone.clone())),
                Some(z) => display_datetime(&z.with_time_zone(config.timezone.clone())),
                None => "not scheduled".to_string(),
            },
            Kind::Page(_) => String::new(),
        }
    }

    pub fn slug(&self) -> &str {
        self.text("slug")
    }

    pub fn title(&self) -> &str {
        self.text("title")
    }

    /// Empty for a note without a page (a person in a public build).
    pub fn url(&self) -> &str {
        self.text("url")
    }

    /// The line under the title: a contact's role and company, a
    /// company's industry and place, an interview's date.
    pub fn subtitle(&self) -> &str {
        self.text("subtitle")
    }

    fn text(&self, key: &'static str) -> &str {
        self.value
            .as_map()
            .and_then(|m| m.get(&tera::value::Key::Str(key)))
            .and_then(tera::Value::as_str)
            .unwrap_or_default()
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct NavItem {
    pub title: &'static str,
    pub url: String,
    /// Matches `page.section` on the pages of that section.
    pub section: &'static str,
}

#[derive(Debug, Clone, Serialize)]
pub struct SiteView<'a> {
    pub title: &'a str,
    /// Absolute, with a trailing slash: `https://user.github.io/prep/`.
    pub base_url: String,
    /// `/prep/` or `/`: every internal URL starts with it.
    pub base_path: &'a str,
    /// The seeker, with what is still the starter's placeholder text
    /// (`Your Name`, its example pitch) left empty.
    pub owner: std::borrow::Cow<'a, crate::read::config::Owner>,
    pub today: DateView,
    pub timezone: &'a str,
    /// `a4` or `letter`.
    pub paper: &'static str,
    pub allow_indexing: bool,
    /// A public build: no next steps, drafts or contact details about people.
    pub public: bool,
    /// `calendar.ics`: every interview, thank-you and follow-up date.
    pub calendar_url: String,
    /// `contacts.vcf`, in a build that is not public.
    pub contacts_vcf_url: Option<String>,
    pub nav: Vec<NavItem>,
    pub generator: &'static str,
}

/// `html` with its headings nested from `top`, copied only when they move.
fn nested(html: &str, top: u8) -> std::borrow::Cow<'_, str> {
    let moved = crate::pages::html::nest(html, top, None);
    if moved == html {
        std::borrow::Cow::Borrowed(html)
    } else {
        std::borrow::Cow::Owned(moved)
    }
}

fn owner_without_placeholders(
    owner: &crate::read::config::Owner,
) -> std::borrow::Cow<'_, crate::read::config::Owner> {
    use crate::briefing::placeholders::{is_owner_name, is_owner_pitch};
    if !is_owner_name(&owner.name) && !is_owner_pitch(&owner.pitch) {
        return std::borrow::Cow::Borrowed(owner);
    }
    let mut own = owner.clone();
    if is_owner_name(&own.name) {
        own.name.clear();
    }
    if is_owner_pitch(&own.pitch) {
        own.pitch.clear();
    }
    std::borrow::Cow::Owned(own)
}

impl<'a> SiteView<'a> {
    pub fn new(site: &Site<'a>) -> SiteView<'a> {
        let c = site.config;
        let u = site.urls;
        let mut nav = vec![
            NavItem {
                title: "Dashboard",
                url: u.to(""),
                section: "dashboard",
            },
            NavItem {
                title: "Interviews",
                url: u.collection(Collection::Interviews),
                section: "interviews",
            },
            NavItem {
                title: "Contacts",
                url: u.collection(Collection::Contacts),
                section: "contacts",
            },
            NavItem {
                title: "Companies",
                url: u.collection(Collection::Companies),
                section: "companies",
            },
            NavItem {
                title: "Questions",
                url: u.collection(Collection::Questions),
                section: "questions",
            },
            NavItem {
                title: "Network",
                url: u.to("network/"),
                section: "network",
            },
            NavItem {
                title: "Tags",
                url: u.to("tags/"),
                section: "tags",
            },
        ];
        if site.ids(Collection::Pages).next().is_some() {
            nav.push(NavItem {
                title: "Pages",
                url: u.collection(Collection::Pages),
                section: "pages",
            });
        }
        let shown = |section: &str| match section {
            "interviews" => c.publish.shows(PeoplePages::Interviews),
            "contacts" => c.publish.shows(PeoplePages::Contacts),
            "network" => c.publish.shows(PeoplePages::Network),
            _ => true,
        };
        let nav = nav.into_iter().filter(|item| shown(item.section)).collect();
        SiteView {
            title: &c.title,
            base_url: c.base_url.absolute(),
            base_path: &u.base,
            owner: owner_without_placeholders(&c.owner),
            today: DateView::new(site.today),
            timezone: &c.timezone_name,
            paper: match c.paper {
                Paper::A4 => "a4",
                Paper::Letter => "letter",
            },
            allow_indexing: c.allow_indexing,
            public: c.publish.public,
            calendar_url: u.to("calendar.ics"),
            contacts_vcf_url: (!c.publish.public).then(|| u.to("contacts.vcf")),
            nav,
            generator: concat!("coffeechat ", env!("CARGO_PKG_VERSION")),
        }
    }
}

/// What every page knows about itself.
#[derive(Debug, Clone, Serialize)]
pub struct PageView {
    pub title: String,
    pub url: String,
    /// The nav section this page belongs to.
    pub section: &'static str,
}

#[derive(Debug, Clone, Serialize)]
pub struct DateView {
    /// `2026-12-01`
    pub iso: String,
    /// `Tue 1 Dec 2026`
    pub display: String,
}

impl DateView {
    pub fn new(d: Date) -> DateView {
        DateView {
            iso: d.to_string(),
            display: d.strftime("%a %-d %b %Y").to_string(),
        }
    }
}

pub(crate) fn display_datetime(z: &Zoned) -> String {
    z.strftime("%a %-d %b %Y, %H:%M %Z").to_string()
}

/// A day agreed without a time: never shown as midnight.
pub(crate) fn display_day(z: &Zoned) -> String {
    z.strftime("%a %-d %b %Y, time to be agreed").to_string()
}

/// When an interview takes place, in the site's time zone and in each
/// contact's own zone where it differs.
#[derive(Debug, Clone, Serialize)]
pub struct WhenView {
    /// RFC 3339, for `<time datetime>`.
    pub iso: String,
    pub date: DateView,
    /// Whether a time was given: a `date` without one means "day agreed,
    /// time not yet", and then `time` and `end_time` are empty.
    pub time_agreed: bool,
    /// `10:00`
    pub time: String,
    /// `10:20`: the end of the agreed time box.
    pub end_time: String,
    /// `CST`
    pub zone: String,
    /// `Tue 1 Dec 2026, 10:00 CST`
    pub display: String,
    /// The same moment for contacts in another time zone.
    pub elsewhere: Vec<LocalTime>,
    /// This interview as an `.ics` file, to add to a calendar.
    pub calendar_url: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct LocalTime {
    pub who: String,
    pub timezone: String,
    pub display: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct TagView {
    pub name: String,
    pub url: String,
}

pub(crate) fn tags(site: &Site, note: &Note) -> Vec<TagView> {
    note.tags
        .iter()
        .map(|t| TagView {
            name: t.clone(),
            url: site.urls.tag(t),
        })
        .collect()
}

/// The fields every note page has.
#[derive(Debug, Clone, Serialize)]
pub struct NoteView<'a> {
    #[serde(flatten)]
    pub card: &'a Card,
    pub path: String,
    pub tags: Vec<TagView>,
    /// The body as HTML, safe to output unescaped, its headings nested
    /// under the heading the default template shows it under: its highest
    /// is `<h3>` on a company's or contact's page (below "Research notes",
    /// "Notes"), `<h2>` elsewhere.
    pub body: std::borrow::Cow<'a, str>,
    pub headings: &'a [Heading],
    pub excerpt: &'a str,
    pub extra: &'a serde_json::Value,
    pub draft: bool,
    pub private: bool,
    pub backlinks: Vec<&'a Card>,
}

impl<'a> Site<'a> {
    pub fn cards(&self, ids: &[NoteId]) -> Vec<&'a Card> {
        ids.iter().map(|id| &self.cards[*id]).collect()
    }

    pub fn note_view(&self, id: NoteId) -> NoteView<'a> {
        let note = &self.notes[id];
        let body = &self.bodies[id];
        NoteView {
            card: &self.cards[id],
            path: note.path.to_string_lossy().replace('\\', "/"),
            tags: tags(self, note),
            body: {
                let top = match note.kind {
                    crate::domain::Kind::Company(_)
                    | crate::domain::Kind::Contact(_)
                    | crate::domain::Kind::Interview(_) => 3,
                    _ => 2,
                };
                nested(&body.html, top)
            },
            headings: &body.headings,
            excerpt: &body.excerpt,
            extra: &note.extra,
            draft: note.draft,
            private: note.private,
            backlinks: self.cards(&self.links[id].backlinks),
        }
    }

    pub fn when(&self, id: NoteId) -> Option<WhenView> {
        let interview = self.notes[id].as_interview()?;
        let z = interview
            .date
            .as_ref()?
            .with_time_zone(self.config.timezone.clone());
        let end = z
            .checked_add(jiff::Span::new().minutes(i64::from(interview.duration)))
            .unwrap_or_else(|_| z.clone());
        let elsewhere = self.links[id]
            .contacts
            .iter()
            .filter(|_| !interview.date_only)
            .filter_map(|c| {
                let contact = self.notes[*c].as_contact()?;
                let (name, tz) = contact.timezone.as_ref()?;
                let there = z.with_time_zone(tz.clone());
                (there.offset() != z.offset()
                    || name != &self.config.timezone_name
                        && there.strftime("%Z").to_string() != z.strftime("%Z").to_string())
                .then(|| LocalTime {
                    who: contact.name.clone(),
                    timezone: name.clone(),
                    display: display_datetime(&there),
                })
            })
            .collect();
        Some(WhenView {
            iso: z.timestamp().to_string(),
            date: DateView::new(z.date()),
            time_agreed: !interview.date_only,
            time: match interview.date_only {
                true => String::new(),
                false => z.strftime("%H:%M").to_string(),
            },
            end_time: match interview.date_only {
                true => String::new(),
                false => end.strftime("%H:%M").to_string(),
            },
            zone: z.strftime("%Z").to_string(),
            display: match interview.date_only {
                true => display_day(&z),
                false => display_datetime(&z),
            },
            elsewhere,
            calendar_url: self
                .urls
                .to(&crate::pages::urls::interview_ics(&self.notes[id].slug)),
        })
    }

    /// Whether interview `id` lies on or after today.
    pub fn is_upcoming(&self, id: NoteId) -> bool {
        let Some(i) = self.notes[id].as_interview() else {
            return false;
        };
        i.status.is_open()
            && i.date.as_ref().is_some_and(|d| {
                d.with_time_zone(self.config.timezone.clone()).date() >= self.today
            })
    }

    /// The due date of interview `id`'s thank-you, when it has passed.
    pub fn thank_you_overdue(&self, id: NoteId) -> Option<Date> {
        self.plan()
            .of(id)
            .iter()
            .find(|a| a.kind == crate::domain::workflow::ActionKind::ThankYou)
            .filter(|a| a.is_overdue(self.today))
            .and_then(|a| a.due)
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct CompanyView<'a> {
    #[serde(flatten)]
    pub card: &'a Card,
    pub name: &'a str,
    pub summary: Option<&'a str>,
    pub industry: Option<&'a str>,
    pub website: Option<&'a str>,
    pub careers_url: Option<&'a str>,
    pub location: Option<&'a str>,
    pub size: Option<&'a str>,
    pub status: Option<&'static str>,
    pub interest: Option<u8>,
    /// The first paragraph of the research notes.
    pub excerpt: &'a str,
}

impl<'a> Site<'a> {
    pub fn company(&self, id: NoteId) -> Option<CompanyView<'a>> {
        let c = self.notes[id].as_company()?;
        Some(CompanyView {
            card: &self.cards[id],
            excerpt: &self.bodies[id].excerpt,
            name: &c.name,
            summary: c.summary.as_deref(),
            industry: c.industry.as_deref(),
            website: c.website.as_ref().map(SafeUrl::as_str),
            careers_url: c.careers_url.as_ref().map(SafeUrl::as_str),
            location: c.location.as_deref(),
            size: c.size.as_deref(),
            status: c.status.map(CompanyStatus::as_str),
            interest: c.interest,
        })
    }
}
