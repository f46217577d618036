//! The dashboard: what is coming, what to do, the pipeline.

use super::views::*;
use crate::domain::*;
use crate::graph::NoteId;
use crate::read::discover::Collection;
use crate::read::note::Note;
use serde::Serialize;

/// A count for a chart or a table: `{ "name": "met", "count": 3 }`.
#[derive(Debug, Clone, Serialize)]
pub struct Count {
    pub name: &'static str,
    pub count: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct Dashboard<'a> {
    pub upcoming: Vec<InterviewRow>,
    /// Open interviews without a date yet.
    pub to_schedule: Vec<InterviewRow>,
    /// What to do: the open actions due this week (overdue first), and
    /// the undated ones.
    pub week: crate::pages::next_step::Week<'a>,
    pub recent: Vec<InterviewRow>,
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
        let week = self.week(self.week_end(), crate::pages::next_step::UNDATED_SHOWN);
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
            week,
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
                    label: self.links[*id].contacts.first().map_or(card.title(), |c| {
                        self.notes[*c].title.split(' ').next().unwrap_or("")
                    }),
                    detail: format!("{}: {}", card.title(), card.subtitle()),
                    url: card.url(),
                })
            })
            .collect();
        crate::pages::svg::timeline("Interviews in the coming two weeks", &labels, &events)
    }
}
