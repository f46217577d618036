//! Interview rows (in every list of interviews) and an interview's page:
//! everything its briefing sheet shows.

use super::views::*;
use crate::domain::*;
use crate::graph::{NoteId, QuestionRef};
use serde::Serialize;

/// A row in a list of interviews, made once per interview and kept with
/// the analysis: an interview is listed on its company's, its contacts'
/// and its question banks' pages, the index and the dashboard. What it
/// shows is [`Site::row_data`].
#[derive(Debug, Clone)]
pub struct InterviewRow {
    pub id: NoteId,
    /// The row as a Tera value, which Tera copies by reference count.
    value: tera::Value,
}

impl Serialize for InterviewRow {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.value.serialize(serializer)
    }
}

/// What an [`InterviewRow`] shows: the interview's card and its fields.
#[derive(Debug, Clone, Serialize)]
pub struct RowData<'a> {
    #[serde(flatten)]
    pub card: &'a Card,
    #[serde(flatten)]
    pub fields: RowFields<'a>,
}

impl<'a> std::ops::Deref for RowData<'a> {
    type Target = RowFields<'a>;
    fn deref(&self) -> &RowFields<'a> {
        &self.fields
    }
}

/// An [`InterviewRow`]'s fields beside its card.
#[derive(Debug, Clone, Serialize)]
pub struct RowFields<'a> {
    pub when: Option<WhenView>,
    pub status: &'static str,
    pub format: Option<&'static str>,
    pub duration: u32,
    pub contacts: Vec<&'a Card>,
    pub company: Option<&'a Card>,
    pub upcoming: bool,
    pub thank_you_due: Option<DateView>,
    pub thank_you_overdue: bool,
}

impl<'a> Site<'a> {
    /// Rows for `ids`, sorted by date.
    pub fn interview_rows(&self, ids: &[NoteId]) -> Vec<InterviewRow> {
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

    pub fn interview_row(&self, id: NoteId) -> Option<InterviewRow> {
        // The slot of a contact holds its contact row.
        self.notes[id].as_interview()?;
        let value = self.row_values[id]
            .get_or_init(|| self.row_data(id).map(|data| self.row_value(&data)))
            .clone()?;
        Some(InterviewRow { id, value })
    }

    /// The row as templates get it, with its HTML as `html` when the
    /// theme's row template is at hand.
    fn row_value(&self, data: &RowData) -> tera::Value {
        with_html(card_with(data.card, &data.fields), |v| {
            self.rows_html.and_then(|t| t.interview_row(v))
        })
    }

    pub(crate) fn row_data(&self, id: NoteId) -> Option<RowData<'a>> {
        let i = self.notes[id].as_interview()?;
        let l = &self.links[id];
        Some(RowData {
            card: &self.cards[id],
            fields: RowFields {
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
            },
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
    /// `repeat: true` in its bank: asked in every conversation.
    pub repeat: bool,
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
    pub bank: Option<&'a Card>,
    pub questions: Vec<BriefingQuestion<'a>>,
}

#[derive(Debug, Clone, Serialize)]
pub struct EarlierConversation<'a> {
    #[serde(flatten)]
    pub row: InterviewRow,
    pub asked: Vec<String>,
    pub excerpt: &'a str,
}

#[derive(Debug, Clone, Serialize)]
pub struct PlaceView<'a> {
    pub text: &'a str,
    /// Set when the place is a meeting link.
    pub url: Option<&'a str>,
}

/// A person met, as their briefing shows them.
#[derive(Debug, Clone, Serialize)]
pub struct BriefingPerson<'a> {
    #[serde(flatten)]
    pub contact: ContactView<'a>,
    /// The `## Briefing` section of their note, else its first section,
    /// as HTML; empty when the note has none (or a public build left it out).
    pub about: String,
}

/// One part of the suggested minute plan of a time box.
#[derive(Debug, Clone, Serialize)]
pub struct PlanStep {
    /// `opening`, `questions`, `referrals` or `closing`.
    pub part: &'static str,
    pub label: &'static str,
    pub minutes: u32,
    /// When it starts (`13:03`), when the time is agreed.
    pub starts: Option<String>,
}

/// An interview page: everything a briefing sheet shows.
#[derive(Debug, Clone, Serialize)]
pub struct InterviewView<'a> {
    #[serde(flatten)]
    pub row: InterviewRow,
    /// The preparation and notes, as HTML: the body's headings nested
    /// under the sheet's section heading (its `##` as `<h3>`), its ids
    /// starting with the interview's slug, empty sections left out.
    pub body: String,
    pub people: Vec<BriefingPerson<'a>>,
    pub company_snapshot: Option<CompanyView<'a>>,
    pub location: Option<PlaceView<'a>>,
    /// The goals, without the archetype's placeholder.
    pub goals: Vec<&'a str>,
    /// The suggested split of the time box, in minutes.
    pub plan: Vec<PlanStep>,
    pub question_groups: Vec<QuestionGroup<'a>>,
    pub question_count: usize,
    pub talking_points: &'a [String],
    pub etiquette: &'a [String],
    pub earlier: Vec<EarlierConversation<'a>>,
    /// Every question asked in the earlier conversations, once each.
    pub asked_before: Vec<AskedBefore>,
    pub referrals: Vec<&'a Card>,
    /// Referrals as written that have no contact note yet (plain text).
    pub referrals_without_note: &'a [String],
    pub asked: Vec<String>,
    pub thank_you_sent: Option<DateView>,
    pub follow_up: Option<DateView>,
    pub next_steps: &'a [String],
    pub resume_requested: bool,
    pub resume_sent: Option<DateView>,
    /// What was learned, as written under `learned:`.
    pub learned: &'a [String],
    pub is_past: bool,
    /// This interview's open actions, its next step first.
    pub actions: Vec<crate::pages::next_step::ActionView<'a>>,
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
        let slug = &self.notes[id].slug;
        let body = crate::pages::html::drop_empty_sections(&self.bodies[id].html);
        Some(InterviewView {
            body: crate::pages::html::nest(&body, 3, Some(&format!("{slug}-"))),
            row: self.interview_row(id)?,
            people: l
                .contacts
                .iter()
                .filter_map(|c| {
                    // One person gets more of their note than each of a group.
                    let budget = if l.contacts.len() > 1 { 320 } else { 650 };
                    let about = crate::pages::html::first_blocks(
                        &crate::pages::html::briefing_part(&self.bodies[*c].html),
                        budget,
                    );
                    let about = if crate::briefing::placeholders::is_contact_background(&about) {
                        String::new()
                    } else {
                        let prefix = format!("{slug}-{}-", self.notes[*c].slug);
                        crate::pages::html::nest(&about, 4, Some(&prefix))
                    };
                    Some(BriefingPerson {
                        contact: self.contact(*c)?,
                        about,
                    })
                })
                .collect(),
            company_snapshot: l.company.and_then(|c| self.company(c)),
            location: i.location.as_ref().map(|p| match p {
                Place::Text(t) => PlaceView { text: t, url: None },
                Place::Link(u) => PlaceView {
                    text: u.as_str(),
                    url: Some(u.as_str()),
                },
            }),
            goals: i
                .goals
                .iter()
                .map(String::as_str)
                .filter(|g| !crate::briefing::placeholders::is_goal(g))
                .collect(),
            plan: self.plan_steps(id),
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
            resume_sent: i.resume_sent.map(DateView::new),
            learned: &i.learned,
            is_past: i.status.is_past(),
            actions: self.actions(id),
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
                        let (why, follow_up, url, repeat) = match q {
                            QuestionRef::Bank { bank, index } => {
                                let v = self.question_view(*bank, *index);
                                (v.why, v.follow_up, Some(v.url), v.repeat)
                            }
                            QuestionRef::Literal(_) => (None, None, None, false),
                        };
                        BriefingQuestion {
                            number,
                            text: self.question_text(q),
                            why,
                            follow_up,
                            url,
                            repeat,
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
                if self.is_repeat(q) {
                    // Asked in every conversation, by design.
                    continue;
                }
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

    /// The time box split by `time_plan:`, with start times when the time
    /// is agreed.
    fn plan_steps(&self, id: NoteId) -> Vec<PlanStep> {
        let Some(i) = self.notes[id].as_interview() else {
            return Vec::new();
        };
        let minutes = self.config.time_plan.minutes(i.duration);
        let start = i
            .date
            .as_ref()
            .filter(|_| !i.date_only)
            .map(|z| z.with_time_zone(self.config.timezone.clone()));
        let parts = [
            ("opening", "opening"),
            ("questions", "questions"),
            ("referrals", "who else to talk to"),
            ("closing", "thanks, next step, stop on time"),
        ];
        let mut elapsed = 0;
        parts
            .iter()
            .zip(minutes)
            .filter(|(_, m)| *m > 0)
            .map(|((part, label), m)| {
                let starts = start.as_ref().and_then(|z| {
                    z.checked_add(jiff::Span::new().minutes(i64::from(elapsed)))
                        .ok()
                        .map(|t| t.strftime("%H:%M").to_string())
                });
                elapsed += m;
                PlanStep {
                    part,
                    label,
                    minutes: m,
                    starts,
                }
            })
            .collect()
    }

    /// A bank question marked `repeat: true`.
    fn is_repeat(&self, q: &QuestionRef) -> bool {
        match q {
            QuestionRef::Bank { bank, index } => self.notes[*bank]
                .as_bank()
                .and_then(|b| b.questions.get(*index))
                .is_some_and(|q| q.repeat),
            QuestionRef::Literal(_) => false,
        }
    }
}
