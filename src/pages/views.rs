//! The data each template receives: plain, serialisable views of the site,
//! built from borrowed notes. `docs/templates.md` documents every field.

use crate::domain::*;
use crate::graph::{Links, NoteId, QuestionRef};
use crate::markdown::{Heading, Rendered};
use crate::pages::urls::Urls;
use crate::read::config::{Config, Paper};
use crate::read::discover::Collection;
use crate::read::note::Note;
use jiff::civil::Date;
use jiff::Zoned;
use serde::Serialize;

/// Everything the views are built from, after the pipeline's earlier stages.
pub struct Site<'a> {
    pub config: &'a Config,
    pub notes: &'a [Note],
    pub links: &'a [Links],
    pub bodies: &'a [Rendered],
    pub urls: &'a Urls,
    pub note_urls: &'a [String],
    pub cards: &'a [Card<'a>],
    pub today: Date,
    pub memo: Memo<'a>,
}

/// Views shared by many pages, made the first time one asks.
pub struct Memo<'a> {
    rows: Vec<std::sync::OnceLock<Option<InterviewRow<'a>>>>,
    /// See [`crate::pages::tag_names`].
    pub tags: std::sync::OnceLock<std::collections::BTreeMap<String, (String, Vec<NoteId>)>>,
}

impl Memo<'_> {
    /// Room for a site of `notes` notes.
    pub fn new(notes: usize) -> Self {
        Memo {
            rows: (0..notes).map(|_| std::sync::OnceLock::new()).collect(),
            tags: std::sync::OnceLock::new(),
        }
    }
}

/// A link to a note, with a line to show under its title.
#[derive(Debug, Clone)]
pub struct Card<'a> {
    pub slug: &'a str,
    pub title: &'a str,
    pub url: &'a str,
    /// `company`, `contact`, `question bank`, `interview` or `page`.
    pub kind: &'static str,
    /// The collection folder: `companies`, `contacts`, ...
    pub collection: &'static str,
    pub subtitle: String,
    /// The card as a Tera value, made once: a card appears on many pages,
    /// and Tera copies a value it already has instead of serialising again.
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

impl Serialize for Card<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        // Tera takes its own value as is; other serialisers (JSON) get the fields.
        self.value.serialize(serializer)
    }
}

impl<'a> Card<'a> {
    pub fn new(
        note: &'a Note,
        url: &'a str,
        notes: &[Note],
        links: &Links,
        config: &Config,
    ) -> Card<'a> {
        let subtitle = match &note.kind {
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
                Some(z) => display_datetime(&z.with_time_zone(config.timezone.clone())),
                None => "not scheduled".to_string(),
            },
            Kind::Page(_) => String::new(),
        };
        let value = tera::Value::from_serializable(&CardFields {
            slug: &note.slug,
            title: &note.title,
            url,
            kind: note.collection.singular(),
            collection: note.collection.dir(),
            subtitle: &subtitle,
        });
        Card {
            slug: &note.slug,
            title: &note.title,
            url,
            kind: note.collection.singular(),
            collection: note.collection.dir(),
            subtitle,
            value,
        }
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
    pub owner: &'a crate::read::config::Owner,
    pub today: DateView,
    pub timezone: &'a str,
    /// `a4` or `letter`.
    pub paper: &'static str,
    pub allow_indexing: bool,
    /// `calendar.ics`: every interview, thank-you and follow-up date.
    pub calendar_url: String,
    /// `contacts.vcf`, in a build that is not public.
    pub contacts_vcf_url: Option<String>,
    pub nav: Vec<NavItem>,
    pub generator: &'static str,
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
        SiteView {
            title: &c.title,
            base_url: c.base_url.absolute(),
            base_path: &u.base,
            owner: &c.owner,
            today: DateView::new(site.today),
            timezone: &c.timezone_name,
            paper: match c.paper {
                Paper::A4 => "a4",
                Paper::Letter => "letter",
            },
            allow_indexing: c.allow_indexing,
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

fn display_datetime(z: &Zoned) -> String {
    z.strftime("%a %-d %b %Y, %H:%M %Z").to_string()
}

/// When an interview takes place, in the site's time zone and in each
/// contact's own zone where it differs.
#[derive(Debug, Clone, Serialize)]
pub struct WhenView {
    /// RFC 3339, for `<time datetime>`.
    pub iso: String,
    pub date: DateView,
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

fn tags(site: &Site, note: &Note) -> Vec<TagView> {
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
    pub card: &'a Card<'a>,
    pub path: String,
    pub tags: Vec<TagView>,
    /// The body as HTML, safe to output unescaped.
    pub body: &'a str,
    pub headings: &'a [Heading],
    pub excerpt: &'a str,
    pub extra: &'a serde_json::Value,
    pub draft: bool,
    pub private: bool,
    pub backlinks: Vec<&'a Card<'a>>,
}

impl<'a> Site<'a> {
    pub fn cards(&self, ids: &[NoteId]) -> Vec<&'a Card<'a>> {
        ids.iter().map(|id| &self.cards[*id]).collect()
    }

    pub fn note_view(&self, id: NoteId) -> NoteView<'a> {
        let note = &self.notes[id];
        let body = &self.bodies[id];
        NoteView {
            card: &self.cards[id],
            path: note.path.to_string_lossy().replace('\\', "/"),
            tags: tags(self, note),
            body: &body.html,
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
            time: z.strftime("%H:%M").to_string(),
            end_time: end.strftime("%H:%M").to_string(),
            zone: z.strftime("%Z").to_string(),
            display: display_datetime(&z),
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

    pub fn thank_you_overdue(&self, id: NoteId) -> Option<Date> {
        let i = self.notes[id].as_interview()?;
        let due = i.thank_you_due(self.config.thank_you_days)?;
        (i.status == InterviewStatus::Done && i.thank_you_sent.is_none() && due < self.today)
            .then_some(due)
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct CompanyView<'a> {
    #[serde(flatten)]
    pub card: &'a Card<'a>,
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

/// A contact in the contacts index.
#[derive(Debug, Clone, Serialize)]
pub struct ContactRow<'a> {
    #[serde(flatten)]
    pub card: &'a Card<'a>,
    pub name: &'a str,
    pub company: Option<&'a Card<'a>>,
    pub role: Option<&'a str>,
    pub source: Option<&'static str>,
    pub stage: Option<&'static str>,
    pub next_follow_up: Option<DateView>,
    pub follow_up_due: bool,
}

/// A question bank in the questions index.
#[derive(Debug, Clone, Serialize)]
pub struct BankRow<'a> {
    #[serde(flatten)]
    pub card: &'a Card<'a>,
    pub description: Option<&'a str>,
    pub question_count: usize,
}

impl<'a> Site<'a> {
    pub fn contact_row(&self, id: NoteId) -> Option<ContactRow<'a>> {
        let c = self.notes[id].as_contact()?;
        Some(ContactRow {
            card: &self.cards[id],
            name: &c.name,
            company: self.links[id].company.map(|id| &self.cards[id]),
            role: c.role.as_deref(),
            source: c.source.map(Source::as_str),
            stage: c.stage.map(Stage::as_str),
            next_follow_up: c.next_follow_up.map(DateView::new),
            follow_up_due: c.next_follow_up.is_some_and(|d| d <= self.today),
        })
    }

    pub fn bank_row(&self, id: NoteId) -> Option<BankRow<'a>> {
        let b = self.notes[id].as_bank()?;
        Some(BankRow {
            card: &self.cards[id],
            description: b.description.as_deref(),
            question_count: b.questions.len(),
        })
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct ReferralView<'a> {
    pub contact: &'a Card<'a>,
    pub interview: &'a Card<'a>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ContactView<'a> {
    #[serde(flatten)]
    pub card: &'a Card<'a>,
    pub name: &'a str,
    pub company: Option<&'a Card<'a>>,
    pub role: Option<&'a str>,
    pub team: Option<&'a str>,
    pub location: Option<&'a str>,
    pub timezone: Option<&'a str>,
    pub source: Option<&'static str>,
    pub email: Option<&'a str>,
    pub phone: Option<&'a str>,
    pub linkedin: Option<&'a str>,
    pub website: Option<&'a str>,
    pub stage: Option<&'static str>,
    pub last_contacted: Option<DateView>,
    pub next_follow_up: Option<DateView>,
    pub follow_up_due: bool,
    pub introduced_by: Option<&'a Card<'a>>,
    /// Who introduced whom, from the first person to this contact's introducer.
    pub introduction_chain: Vec<&'a Card<'a>>,
    pub introduced: Vec<&'a Card<'a>>,
    /// People this contact referred the seeker to.
    pub referred: Vec<ReferralView<'a>>,
    /// People who referred the seeker to this contact.
    pub referred_by: Vec<ReferralView<'a>>,
}

impl<'a> Site<'a> {
    pub fn contact(&self, id: NoteId) -> Option<ContactView<'a>> {
        let c = self.notes[id].as_contact()?;
        let l = &self.links[id];
        let referral = |(contact, interview): &(NoteId, NoteId)| ReferralView {
            contact: &self.cards[*contact],
            interview: &self.cards[*interview],
        };
        Some(ContactView {
            card: &self.cards[id],
            name: &c.name,
            company: l.company.map(|id| &self.cards[id]),
            role: c.role.as_deref(),
            team: c.team.as_deref(),
            location: c.location.as_deref(),
            timezone: c.timezone.as_ref().map(|(n, _)| n.as_str()),
            source: c.source.map(Source::as_str),
            email: c.email.as_deref(),
            phone: c.phone.as_deref(),
            linkedin: c.linkedin.as_ref().map(SafeUrl::as_str),
            website: c.website.as_ref().map(SafeUrl::as_str),
            stage: c.stage.map(Stage::as_str),
            last_contacted: c.last_contacted.map(DateView::new),
            next_follow_up: c.next_follow_up.map(DateView::new),
            follow_up_due: c.next_follow_up.is_some_and(|d| d <= self.today),
            introduced_by: l.introduced_by.map(|id| &self.cards[id]),
            introduction_chain: self.introduction_chain(id),
            introduced: self.cards(&l.introduced),
            referred: l.referred.iter().map(referral).collect(),
            referred_by: l.referred_by.iter().map(referral).collect(),
        })
    }

    fn introduction_chain(&self, id: NoteId) -> Vec<&'a Card<'a>> {
        let mut chain = Vec::new();
        let mut current = self.links[id].introduced_by;
        while let Some(c) = current {
            if c == id
                || chain
                    .iter()
                    .any(|card: &&Card| std::ptr::eq(*card, &self.cards[c]))
            {
                break;
            }
            chain.push(&self.cards[c]);
            current = self.links[c].introduced_by;
        }
        chain.reverse();
        chain
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct QuestionView<'a> {
    pub id: &'a str,
    pub text: &'a str,
    pub tags: &'a [String],
    pub why: Option<&'a str>,
    pub follow_up: Option<&'a str>,
    /// `bank-slug/question-id`, as written in interviews.
    pub reference: String,
    pub url: String,
    /// Interviews in which the question was asked.
    pub asked_in: Vec<&'a Card<'a>>,
}

#[derive(Debug, Clone, Serialize)]
pub struct BankView<'a> {
    #[serde(flatten)]
    pub card: &'a Card<'a>,
    pub description: Option<&'a str>,
    pub questions: Vec<QuestionView<'a>>,
}

impl<'a> Site<'a> {
    pub fn bank(&self, id: NoteId) -> Option<BankView<'a>> {
        let b = self.notes[id].as_bank()?;
        let questions = b
            .questions
            .iter()
            .enumerate()
            .map(|(index, _)| QuestionView {
                asked_in: self.links[id]
                    .interviews
                    .iter()
                    .filter(|i| {
                        self.links[**i]
                            .asked
                            .contains(&QuestionRef::Bank { bank: id, index })
                    })
                    .map(|i| &self.cards[*i])
                    .collect(),
                ..self.question_view(id, index)
            })
            .collect();
        Some(BankView {
            card: &self.cards[id],
            description: b.description.as_deref(),
            questions,
        })
    }

    fn question_view(&self, bank: NoteId, index: usize) -> QuestionView<'a> {
        let note = &self.notes[bank];
        let b = note.as_bank().expect("a bank reference points at a bank");
        let q = &b.questions[index];
        QuestionView {
            id: &q.id,
            text: &q.text,
            tags: &q.tags,
            why: q.why.as_deref(),
            follow_up: q.follow_up.as_deref(),
            reference: format!("{}/{}", note.slug, q.id),
            url: format!("{}#q-{}", self.note_urls[bank], q.id),
            asked_in: Vec::new(),
        }
    }

    fn question_text(&self, q: &QuestionRef) -> String {
        match q {
            QuestionRef::Bank { bank, index } => self.notes[*bank]
                .as_bank()
                .map(|b| b.questions[*index].text.clone())
                .unwrap_or_default(),
            QuestionRef::Literal(text) => text.clone(),
        }
    }
}

/// A row in a list of interviews, made once per interview and build: an
/// interview is listed on its company's, its contacts' and its question
/// banks' pages, the index and the dashboard.
#[derive(Debug, Clone)]
pub struct InterviewRow<'a> {
    pub data: RowData<'a>,
    /// The row as a Tera value, which Tera copies by reference count.
    value: tera::Value,
}

impl<'a> std::ops::Deref for InterviewRow<'a> {
    type Target = RowData<'a>;
    fn deref(&self) -> &RowData<'a> {
        &self.data
    }
}

impl Serialize for InterviewRow<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.value.serialize(serializer)
    }
}

/// What an [`InterviewRow`] shows.
#[derive(Debug, Clone, Serialize)]
pub struct RowData<'a> {
    #[serde(flatten)]
    pub card: &'a Card<'a>,
    pub when: Option<WhenView>,
    pub status: &'static str,
    pub format: Option<&'static str>,
    pub duration: u32,
    pub contacts: Vec<&'a Card<'a>>,
    pub company: Option<&'a Card<'a>>,
    pub upcoming: bool,
    pub thank_you_due: Option<DateView>,
    pub thank_you_overdue: bool,
}

impl<'a> Site<'a> {
    /// Rows for `ids`, sorted by date.
    pub fn interview_rows(&self, ids: &[NoteId]) -> Vec<InterviewRow<'a>> {
        let mut ids = ids.to_vec();
        ids.sort_by_key(|id| {
            (
                self.notes[*id]
                    .as_interview()
                    .and_then(|i| i.date.as_ref())
                    .map(|z| z.timestamp()),
                *id,
            )
        });
        ids.iter()
            .filter_map(|id| self.interview_row(*id))
            .collect()
    }

    pub fn interview_row(&self, id: NoteId) -> Option<InterviewRow<'a>> {
        self.memo.rows[id]
            .get_or_init(|| {
                let data = self.row_data(id)?;
                let value = tera::Value::from_serializable(&data);
                Some(InterviewRow { data, value })
            })
            .clone()
    }

    fn row_data(&self, id: NoteId) -> Option<RowData<'a>> {
        let i = self.notes[id].as_interview()?;
        let l = &self.links[id];
        Some(RowData {
            card: &self.cards[id],
            when: self.when(id),
            status: i.status.as_str(),
            format: i.format.map(Format::as_str),
            duration: i.duration,
            contacts: self.cards(&l.contacts),
            company: l.company.map(|c| &self.cards[c]),
            upcoming: self.is_upcoming(id),
            thank_you_due: i
                .thank_you_due(self.config.thank_you_days)
                .map(DateView::new),
            thank_you_overdue: self.thank_you_overdue(id).is_some(),
        })
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct BriefingQuestion<'a> {
    pub number: usize,
    pub text: String,
    pub why: Option<&'a str>,
    pub follow_up: Option<&'a str>,
    /// The bank question's page, or none for a question written in the interview.
    pub url: Option<String>,
    pub asked: bool,
    /// When this question was already asked in an earlier conversation
    /// with the same people or company (`17 Sep 2026`), so it is not
    /// asked twice by mistake.
    pub asked_before: Vec<String>,
}

/// A question asked in an earlier conversation with the same people or
/// company, listed once however often it was asked.
#[derive(Debug, Clone, Serialize)]
pub struct AskedBefore {
    pub text: String,
    /// The dates it was asked (`17 Sep 2026`), earliest first.
    pub when: Vec<String>,
    /// The number it has in this interview's questions, if planned again.
    pub planned_as: Option<usize>,
}

#[derive(Debug, Clone, Serialize)]
pub struct QuestionGroup<'a> {
    /// The bank's title, or "Your own questions".
    pub title: String,
    pub bank: Option<&'a Card<'a>>,
    pub questions: Vec<BriefingQuestion<'a>>,
}

#[derive(Debug, Clone, Serialize)]
pub struct EarlierConversation<'a> {
    #[serde(flatten)]
    pub row: InterviewRow<'a>,
    pub asked: Vec<String>,
    pub excerpt: &'a str,
}

#[derive(Debug, Clone, Serialize)]
pub struct PlaceView<'a> {
    pub text: &'a str,
    /// Set when the place is a meeting link.
    pub url: Option<&'a str>,
}

/// An interview page: everything a briefing sheet shows.
#[derive(Debug, Clone, Serialize)]
pub struct InterviewView<'a> {
    #[serde(flatten)]
    pub row: InterviewRow<'a>,
    /// The preparation and notes, as HTML: a print pack has no `note`.
    pub body: &'a str,
    pub people: Vec<ContactView<'a>>,
    pub company_snapshot: Option<CompanyView<'a>>,
    pub location: Option<PlaceView<'a>>,
    pub goals: &'a [String],
    pub question_groups: Vec<QuestionGroup<'a>>,
    pub question_count: usize,
    pub talking_points: &'a [String],
    pub etiquette: &'a [String],
    pub earlier: Vec<EarlierConversation<'a>>,
    /// Every question asked in the earlier conversations, once each.
    pub asked_before: Vec<AskedBefore>,
    pub referrals: Vec<&'a Card<'a>>,
    /// Referrals as written that have no contact note yet (plain text).
    pub referrals_without_note: &'a [String],
    pub asked: Vec<String>,
    pub thank_you_sent: Option<DateView>,
    pub follow_up: Option<DateView>,
    pub next_steps: &'a [String],
    pub resume_requested: bool,
    pub is_past: bool,
}

impl<'a> Site<'a> {
    pub fn interview(&self, id: NoteId) -> Option<InterviewView<'a>> {
        let i = self.notes[id].as_interview()?;
        let l = &self.links[id];
        let earlier = self.earlier_ids(id);
        let asked_before = self.asked_before(&earlier);
        let question_groups = self.question_groups(&l.questions, &l.asked, &asked_before);
        let question_count = question_groups.iter().map(|g| g.questions.len()).sum();
        let asked_before = asked_before
            .iter()
            .map(|(q, when)| {
                let text = self.question_text(q);
                AskedBefore {
                    planned_as: question_groups
                        .iter()
                        .flat_map(|g| &g.questions)
                        .find(|planned| planned.text == text)
                        .map(|planned| planned.number),
                    text,
                    when: when.clone(),
                }
            })
            .collect();
        Some(InterviewView {
            body: &self.bodies[id].html,
            row: self.interview_row(id)?,
            people: l.contacts.iter().filter_map(|c| self.contact(*c)).collect(),
            company_snapshot: l.company.and_then(|c| self.company(c)),
            location: i.location.as_ref().map(|p| match p {
                Place::Text(t) => PlaceView { text: t, url: None },
                Place::Link(u) => PlaceView {
                    text: u.as_str(),
                    url: Some(u.as_str()),
                },
            }),
            goals: &i.goals,
            question_groups,
            question_count,
            talking_points: &i.talking_points,
            etiquette: &self.config.etiquette,
            earlier: self.earlier_conversations(&earlier),
            asked_before,
            referrals: self.cards(&l.referrals),
            referrals_without_note: &l.referrals_without_note,
            asked: l.asked.iter().map(|q| self.question_text(q)).collect(),
            thank_you_sent: i.thank_you_sent.map(DateView::new),
            follow_up: i.follow_up.map(DateView::new),
            next_steps: &i.next_steps,
            resume_requested: i.resume_requested,
            is_past: i.status.is_past(),
        })
    }

    fn question_groups(
        &self,
        planned: &[QuestionRef],
        asked: &[QuestionRef],
        asked_before: &[(QuestionRef, Vec<String>)],
    ) -> Vec<QuestionGroup<'a>> {
        let mut groups: Vec<(Option<NoteId>, Vec<&QuestionRef>)> = Vec::new();
        for q in planned {
            let key = match q {
                QuestionRef::Bank { bank, .. } => Some(*bank),
                QuestionRef::Literal(_) => None,
            };
            match groups.iter_mut().find(|(k, _)| *k == key) {
                Some((_, list)) => list.push(q),
                None => groups.push((key, vec![q])),
            }
        }
        let mut number = 0;
        groups
            .into_iter()
            .map(|(bank, list)| QuestionGroup {
                title: bank.map_or_else(
                    || "Your own questions".to_string(),
                    |b| self.notes[b].title.clone(),
                ),
                bank: bank.map(|b| &self.cards[b]),
                questions: list
                    .into_iter()
                    .map(|q| {
                        number += 1;
                        let (why, follow_up, url) = match q {
                            QuestionRef::Bank { bank, index } => {
                                let v = self.question_view(*bank, *index);
                                (v.why, v.follow_up, Some(v.url))
                            }
                            QuestionRef::Literal(_) => (None, None, None),
                        };
                        BriefingQuestion {
                            number,
                            text: self.question_text(q),
                            why,
                            follow_up,
                            url,
                            asked: asked.contains(q),
                            asked_before: asked_before
                                .iter()
                                .find(|(before, _)| before == q)
                                .map(|(_, when)| when.clone())
                                .unwrap_or_default(),
                        }
                    })
                    .collect(),
            })
            .collect()
    }

    /// Past interviews with the same people or company, before this one,
    /// earliest first.
    fn earlier_ids(&self, id: NoteId) -> Vec<NoteId> {
        let l = &self.links[id];
        let this_date = self.notes[id]
            .as_interview()
            .and_then(|i| i.date.as_ref())
            .map(|z| z.timestamp());
        let mut candidates: Vec<NoteId> = l
            .contacts
            .iter()
            .flat_map(|c| self.links[*c].interviews.iter().copied())
            .chain(
                l.company
                    .iter()
                    .flat_map(|c| self.links[*c].interviews.iter().copied()),
            )
            .filter(|other| *other != id)
            .collect();
        candidates.sort_unstable();
        candidates.dedup();
        let mut earlier: Vec<(Option<jiff::Timestamp>, NoteId)> = candidates
            .into_iter()
            .filter_map(|other| {
                let i = self.notes[other].as_interview()?;
                let when = i.date.as_ref().map(|z| z.timestamp());
                let before = match (when, this_date) {
                    (Some(w), Some(t)) => w < t,
                    _ => true,
                };
                (i.status.is_past() && before).then_some((when, other))
            })
            .collect();
        earlier.sort();
        earlier.into_iter().map(|(_, other)| other).collect()
    }

    fn earlier_conversations(&self, earlier: &[NoteId]) -> Vec<EarlierConversation<'a>> {
        earlier
            .iter()
            .filter_map(|other| {
                Some(EarlierConversation {
                    row: self.interview_row(*other)?,
                    asked: self.links[*other]
                        .asked
                        .iter()
                        .map(|q| self.question_text(q))
                        .collect(),
                    excerpt: &self.bodies[*other].excerpt,
                })
            })
            .collect()
    }

    /// The questions asked in `earlier` conversations, once each in the
    /// order first asked, with the dates they were asked.
    fn asked_before(&self, earlier: &[NoteId]) -> Vec<(QuestionRef, Vec<String>)> {
        let mut out: Vec<(QuestionRef, Vec<String>)> = Vec::new();
        for other in earlier {
            let date = self.notes[*other]
                .as_interview()
                .and_then(|i| i.date.as_ref())
                .map(|z| {
                    z.with_time_zone(self.config.timezone.clone())
                        .strftime("%-d %b %Y")
                        .to_string()
                })
                .unwrap_or_else(|| "undated".to_string());
            for q in &self.links[*other].asked {
                match out.iter_mut().find(|(seen, _)| seen == q) {
                    Some((_, when)) => {
                        if !when.contains(&date) {
                            when.push(date.clone());
                        }
                    }
                    None => out.push((q.clone(), vec![date.clone()])),
                }
            }
        }
        out
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct PageNoteView<'a> {
    #[serde(flatten)]
    pub note: NoteView<'a>,
}

/// A count for a chart or a table: `{ "name": "met", "count": 3 }`.
#[derive(Debug, Clone, Serialize)]
pub struct Count {
    pub name: &'static str,
    pub count: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct FollowUp<'a> {
    pub card: &'a Card<'a>,
    pub date: DateView,
    pub overdue: bool,
    /// What is due: "follow up" or "thank-you note".
    pub what: &'static str,
}

#[derive(Debug, Clone, Serialize)]
pub struct Dashboard<'a> {
    pub upcoming: Vec<InterviewRow<'a>>,
    /// Open interviews without a date yet.
    pub to_schedule: Vec<InterviewRow<'a>>,
    pub overdue_thank_yous: Vec<FollowUp<'a>>,
    /// Follow-ups due within a week, or past.
    pub follow_ups: Vec<FollowUp<'a>>,
    pub recent: Vec<InterviewRow<'a>>,
    pub contacts_by_stage: Vec<Count>,
    pub companies_by_status: Vec<Count>,
    pub totals: Totals,
    pub charts: Charts,
}

/// Pictures for the dashboard, as inline SVG markup.
#[derive(Debug, Clone, Serialize)]
pub struct Charts {
    pub stages: String,
    pub statuses: String,
    /// The coming two weeks, one column a day, a link per interview.
    pub timeline: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Totals {
    pub companies: usize,
    pub contacts: usize,
    pub questions: usize,
    pub interviews: usize,
    pub conversations_held: usize,
    pub referrals: usize,
}

impl<'a> Site<'a> {
    pub fn ids(&self, collection: Collection) -> impl Iterator<Item = NoteId> + '_ {
        let notes = self.notes;
        (0..notes.len()).filter(move |id| notes[*id].collection == collection)
    }

    /// Interviews sorted by date (undated last), then path.
    pub fn interviews_by_date(&self) -> Vec<NoteId> {
        let mut ids: Vec<NoteId> = self.ids(Collection::Interviews).collect();
        ids.sort_by_key(|id| {
            let d = self.notes[*id]
                .as_interview()
                .and_then(|i| i.date.as_ref())
                .map(|z| z.timestamp());
            (d.is_none(), d, *id)
        });
        ids
    }

    /// Follow-ups (contacts' `next_follow_up`, interviews' `follow_up`) due
    /// on or before `horizon`, past ones included, by date.
    pub fn follow_ups(&self, horizon: Date) -> Vec<FollowUp<'a>> {
        let mut follow_ups: Vec<(Date, FollowUp)> = Vec::new();
        for (id, note) in self.notes.iter().enumerate() {
            let date = match &note.kind {
                Kind::Contact(c) => c.next_follow_up,
                Kind::Interview(i) => i.follow_up,
                _ => None,
            };
            if let Some(d) = date.filter(|d| *d <= horizon) {
                follow_ups.push((
                    d,
                    FollowUp {
                        card: &self.cards[id],
                        date: DateView::new(d),
                        overdue: d < self.today,
                        what: "follow up",
                    },
                ));
            }
        }
        follow_ups.sort_by_key(|(d, _)| *d);
        follow_ups.into_iter().map(|(_, f)| f).collect()
    }

    pub fn dashboard(&self) -> Dashboard<'a> {
        let by_date = self.interviews_by_date();
        let upcoming = by_date
            .iter()
            .filter(|id| self.is_upcoming(**id))
            .filter_map(|id| self.interview_row(*id))
            .collect();
        let to_schedule = by_date
            .iter()
            .filter(|id| {
                self.notes[**id]
                    .as_interview()
                    .is_some_and(|i| i.status.is_open() && i.date.is_none())
            })
            .filter_map(|id| self.interview_row(*id))
            .collect();
        let recent = by_date
            .iter()
            .rev()
            .filter(|id| {
                self.notes[**id]
                    .as_interview()
                    .is_some_and(|i| i.status.is_past())
            })
            .take(5)
            .filter_map(|id| self.interview_row(*id))
            .collect();
        let overdue_thank_yous = by_date
            .iter()
            .filter_map(|id| {
                let due = self.thank_you_overdue(*id)?;
                Some(FollowUp {
                    card: &self.cards[*id],
                    date: DateView::new(due),
                    overdue: true,
                    what: "thank-you note",
                })
            })
            .collect();
        let horizon = self
            .today
            .checked_add(jiff::Span::new().days(7))
            .unwrap_or(self.today);
        let follow_ups = self.follow_ups(horizon);
        let count_stage = |s: Stage| {
            self.notes
                .iter()
                .filter(|n| n.as_contact().is_some_and(|c| c.stage == Some(s)))
                .count()
        };
        let count_status = |s: CompanyStatus| {
            self.notes
                .iter()
                .filter(|n| n.as_company().is_some_and(|c| c.status == Some(s)))
                .count()
        };
        let contacts_by_stage: Vec<Count> = Stage::ALL
            .iter()
            .map(|s| Count {
                name: s.as_str(),
                count: count_stage(*s),
            })
            .collect();
        let companies_by_status: Vec<Count> = CompanyStatus::ALL
            .iter()
            .map(|s| Count {
                name: s.as_str(),
                count: count_status(*s),
            })
            .collect();
        let bars = |counts: &[Count]| {
            counts
                .iter()
                .map(|c| crate::pages::svg::Bar {
                    label: c.name,
                    value: c.count,
                })
                .collect::<Vec<_>>()
        };
        let charts = Charts {
            stages: crate::pages::svg::bar_chart("Contacts by stage", &bars(&contacts_by_stage)),
            statuses: crate::pages::svg::bar_chart(
                "Companies by status",
                &bars(&companies_by_status),
            ),
            timeline: self.timeline(&by_date),
        };
        Dashboard {
            upcoming,
            to_schedule,
            overdue_thank_yous,
            follow_ups,
            recent,
            contacts_by_stage,
            companies_by_status,
            charts,
            totals: Totals {
                companies: self.ids(Collection::Companies).count(),
                contacts: self.ids(Collection::Contacts).count(),
                questions: self
                    .notes
                    .iter()
                    .filter_map(Note::as_bank)
                    .map(|b| b.questions.len())
                    .sum(),
                interviews: self.ids(Collection::Interviews).count(),
                conversations_held: self
                    .notes
                    .iter()
                    .filter_map(Note::as_interview)
                    .filter(|i| i.status.is_past())
                    .count(),
                referrals: self.links.iter().map(|l| l.referrals.len()).sum(),
            },
        }
    }
}

impl Site<'_> {
    /// The next fourteen days, with the open interviews on them.
    fn timeline(&self, by_date: &[NoteId]) -> String {
        const DAYS: i64 = 14;
        let labels: Vec<String> = (0..DAYS)
            .filter_map(|d| self.today.checked_add(jiff::Span::new().days(d)).ok())
            .map(|d| d.strftime("%a %-d").to_string())
            .collect();
        let events: Vec<crate::pages::svg::Event> = by_date
            .iter()
            .filter(|id| self.is_upcoming(**id))
            .filter_map(|id| {
                let z = self.notes[*id]
                    .as_interview()?
                    .date
                    .as_ref()?
                    .with_time_zone(self.config.timezone.clone());
                let day = (z.date() - self.today).get_days();
                let day = usize::try_from(day).ok().filter(|d| *d < DAYS as usize)?;
                let card = &self.cards[*id];
                Some(crate::pages::svg::Event {
                    day,
                    minute: u32::try_from(i32::from(z.hour()) * 60 + i32::from(z.minute()))
                        .unwrap_or(0),
                    label: self.links[*id].contacts.first().map_or(card.title, |c| {
                        self.notes[*c].title.split(' ').next().unwrap_or("")
                    }),
                    detail: format!("{}: {}", card.title, display_datetime(&z)),
                    url: card.url,
                })
            })
            .collect();
        crate::pages::svg::timeline("Interviews in the coming two weeks", &labels, &events)
    }
}

/// One person in the introduction forest, with the people they introduced.
#[derive(Debug, Clone, Serialize)]
pub struct TreeNode<'a> {
    pub card: &'a Card<'a>,
    pub source: Option<&'static str>,
    pub children: Vec<TreeNode<'a>>,
}

#[derive(Debug, Clone, Serialize)]
pub struct SourceRow {
    pub source: &'static str,
    pub contacts: usize,
    pub conversations: usize,
    pub referrals: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct Network<'a> {
    /// Contacts nobody introduced, each with the tree of their introductions.
    pub roots: Vec<TreeNode<'a>>,
    /// The same forest drawn as an SVG tidy tree.
    pub tree: String,
    pub by_source: Vec<SourceRow>,
}

impl<'a> Site<'a> {
    pub fn network(&self) -> Network<'a> {
        let roots: Vec<TreeNode> = self
            .ids(Collection::Contacts)
            .filter(|id| self.links[*id].introduced_by.is_none())
            .map(|id| self.tree(id, 0))
            .collect();
        fn picture<'b>(n: &TreeNode<'b>) -> crate::pages::svg::TreeNode<'b> {
            crate::pages::svg::TreeNode {
                label: n.card.title,
                note: n.source.unwrap_or(""),
                url: n.card.url,
                children: n.children.iter().map(picture).collect(),
            }
        }
        // Only people who introduced someone make a tree worth drawing.
        let drawn: Vec<crate::pages::svg::TreeNode> = roots
            .iter()
            .filter(|r| !r.children.is_empty())
            .map(picture)
            .collect();
        let tree = crate::pages::svg::tree("Who introduced whom", &drawn);
        let by_source = Source::ALL
            .iter()
            .map(|s| {
                let contacts: Vec<NoteId> = self
                    .ids(Collection::Contacts)
                    .filter(|id| {
                        self.notes[*id]
                            .as_contact()
                            .is_some_and(|c| c.source == Some(*s))
                    })
                    .collect();
                let conversations = contacts
                    .iter()
                    .flat_map(|c| self.links[*c].interviews.iter())
                    .filter(|i| {
                        self.notes[**i]
                            .as_interview()
                            .is_some_and(|i| i.status.is_past())
                    })
                    .count();
                let referrals = contacts.iter().map(|c| self.links[*c].referred.len()).sum();
                SourceRow {
                    source: s.as_str(),
                    contacts: contacts.len(),
                    conversations,
                    referrals,
                }
            })
            .filter(|r| r.contacts > 0)
            .collect();
        Network {
            roots,
            tree,
            by_source,
        }
    }

    fn tree(&self, id: NoteId, depth: usize) -> TreeNode<'a> {
        // Cycles are reported by the graph; the depth bound keeps a broken
        // site from recursing forever.
        let children = if depth < 64 {
            self.links[id]
                .introduced
                .iter()
                .map(|c| self.tree(*c, depth + 1))
                .collect()
        } else {
            Vec::new()
        };
        TreeNode {
            card: &self.cards[id],
            source: self.notes[id]
                .as_contact()
                .and_then(|c| c.source)
                .map(Source::as_str),
            children,
        }
    }
}
