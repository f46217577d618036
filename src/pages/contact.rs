//! The contacts and question banks indexes' rows, and a contact's page:
//! who they are, how you know them, their next steps and history.

use super::views::*;
use crate::domain::*;
use crate::graph::NoteId;
use serde::Serialize;

/// A contact in the contacts index: the card and its fields.
#[derive(Debug, Clone, Serialize)]
pub struct ContactRow<'a> {
    #[serde(flatten)]
    pub card: &'a Card,
    #[serde(flatten)]
    pub fields: ContactFields<'a>,
}

/// A [`ContactRow`]'s fields beside its card.
#[derive(Debug, Clone, Serialize)]
pub struct ContactFields<'a> {
    pub name: &'a str,
    pub company: Option<&'a Card>,
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
    pub card: &'a Card,
    pub description: Option<&'a str>,
    pub question_count: usize,
}

impl<'a> Site<'a> {
    pub fn contact_row(&self, id: NoteId) -> Option<ContactRow<'a>> {
        let c = self.notes[id].as_contact()?;
        Some(ContactRow {
            card: &self.cards[id],
            fields: ContactFields {
                name: &c.name,
                company: self.links[id].company.map(|id| &self.cards[id]),
                role: c.role.as_deref(),
                source: c.source.map(Source::as_str),
                stage: c.stage.map(Stage::as_str),
                next_follow_up: c.next_follow_up.map(DateView::new),
                follow_up_due: c.next_follow_up.is_some_and(|d| d <= self.today),
            },
        })
    }

    /// A contact's row as templates get it, with its HTML as `html` when
    /// the theme's row template is at hand; kept with the analysis.
    pub fn contact_row_value(&self, id: NoteId) -> Option<tera::Value> {
        // The slot of an interview holds its interview row.
        self.notes[id].as_contact()?;
        self.row_values[id]
            .get_or_init(|| {
                let row = self.contact_row(id)?;
                Some(with_html(card_with(row.card, &row.fields), |v| {
                    self.rows_html.and_then(|t| t.contact_row(v))
                }))
            })
            .clone()
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
    pub contact: &'a Card,
    pub interview: &'a Card,
}

#[derive(Debug, Clone, Serialize)]
pub struct ContactView<'a> {
    #[serde(flatten)]
    pub card: &'a Card,
    pub name: &'a str,
    pub company: Option<&'a Card>,
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
    pub introduced_by: Option<&'a Card>,
    /// Who introduced whom, from the first person to this contact's introducer.
    pub introduction_chain: Vec<&'a Card>,
    pub introduced: Vec<&'a Card>,
    /// People this contact referred the seeker to.
    pub referred: Vec<ReferralView<'a>>,
    /// People who referred the seeker to this contact.
    pub referred_by: Vec<ReferralView<'a>>,
    /// Open actions about this person, their own and their interviews',
    /// in order: the first is the next step.
    pub actions: Vec<crate::pages::next_step::ActionView<'a>>,
    /// Touches and interviews, oldest first.
    pub timeline: Vec<TimelineEntry<'a>>,
}

/// One event in a contact's history: a touch, or an interview.
#[derive(Debug, Clone, Serialize)]
pub struct TimelineEntry<'a> {
    pub date: DateView,
    /// `touch` or `interview`.
    pub kind: &'static str,
    /// A touch's channel: `email`, `linkedin`, `phone`, `meeting`, `other`.
    pub channel: Option<&'static str>,
    /// A touch's direction: `sent` or `received`.
    pub direction: Option<&'static str>,
    /// A touch's note.
    pub note: Option<&'a str>,
    /// The interview, for an interview entry.
    pub interview: Option<&'a Card>,
    /// An interview's status.
    pub status: Option<&'static str>,
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
            actions: self.contact_actions(id),
            timeline: self.timeline_of(id, c),
        })
    }

    fn contact_actions(&self, id: NoteId) -> Vec<crate::pages::next_step::ActionView<'a>> {
        let plan = self.plan();
        let mut actions: Vec<&crate::domain::workflow::Action> = plan.of(id).iter().collect();
        for i in &self.links[id].interviews {
            actions.extend(plan.of(*i));
        }
        actions.sort_by_key(|a| (a.due.is_none(), a.due));
        actions.into_iter().map(|a| self.action_view(a)).collect()
    }

    fn timeline_of(&self, id: NoteId, c: &'a Contact) -> Vec<TimelineEntry<'a>> {
        let mut entries: Vec<(jiff::civil::Date, usize, TimelineEntry)> = c
            .touches
            .iter()
            .enumerate()
            .map(|(n, t)| {
                let entry = TimelineEntry {
                    date: DateView::new(t.date),
                    kind: "touch",
                    channel: Some(t.channel.as_str()),
                    direction: Some(t.direction.as_str()),
                    note: t.note.as_deref(),
                    interview: None,
                    status: None,
                };
                (t.date, n, entry)
            })
            .collect();
        for i in &self.links[id].interviews {
            let Some(interview) = self.notes[*i].as_interview() else {
                continue;
            };
            let Some(z) = interview.date.as_ref() else {
                continue;
            };
            let day = z.with_time_zone(self.config.timezone.clone()).date();
            entries.push((
                day,
                usize::MAX,
                TimelineEntry {
                    date: DateView::new(day),
                    kind: "interview",
                    channel: None,
                    direction: None,
                    note: None,
                    interview: Some(&self.cards[*i]),
                    status: Some(interview.status.as_str()),
                },
            ));
        }
        entries.sort_by_key(|(d, n, _)| (*d, *n));
        entries.into_iter().map(|(_, _, e)| e).collect()
    }

    fn introduction_chain(&self, id: NoteId) -> Vec<&'a Card> {
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
