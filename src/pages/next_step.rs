//! The seeker's open actions as templates and `agenda` see them: the
//! [`Plan`] of [`crate::domain::workflow`], made once per site, with
//! cards and display dates.

use crate::domain::workflow::{self, Action, Plan};
use crate::graph::NoteId;
use crate::pages::views::{Card, DateView, Site};
use jiff::civil::Date;
use serde::Serialize;

/// How many undated actions the dashboard lists; the rest are counted.
pub const UNDATED_SHOWN: usize = 8;

/// One open action, ready for a template.
#[derive(Debug, Clone, Serialize)]
pub struct ActionView<'a> {
    /// `thank-you`, `nudge`… (docs/templates.md lists them).
    pub kind: &'static str,
    /// One plain sentence.
    pub text: String,
    pub due: Option<DateView>,
    /// Due before today.
    pub overdue: bool,
    /// Due today.
    pub due_today: bool,
    /// The contact or interview the action belongs to.
    pub note: &'a Card,
    #[serde(skip)]
    pub note_id: NoteId,
    /// Another note it concerns: the person who introduced a contact.
    pub about: Option<&'a Card>,
    /// The front matter to write or the command to run.
    pub command: Option<String>,
    /// The message draft that fits (`outreach`, `thank-you`…), shown on the note's page.
    pub draft: Option<&'static str>,
}

/// The dashboard's and `agenda`'s "this week".
#[derive(Debug, Clone, Serialize)]
pub struct Week<'a> {
    /// Dated actions due through six days from today, overdue first, by date.
    pub dated: Vec<ActionView<'a>>,
    /// Actions without a date, at most [`UNDATED_SHOWN`] of them.
    pub undated: Vec<ActionView<'a>>,
    /// How many undated actions are not listed.
    pub undated_more: usize,
}

impl<'a> Site<'a> {
    /// The plan of this site. A public build has none: what the seeker
    /// means to do about someone is theirs.
    pub fn plan(&self) -> &'a Plan {
        self.plan
    }

    pub fn action_view(&self, a: &Action) -> ActionView<'a> {
        ActionView {
            kind: a.kind.as_str(),
            text: a.text.clone(),
            due: a.due.map(DateView::new),
            overdue: a.is_overdue(self.today),
            due_today: a.due == Some(self.today),
            note: &self.cards[a.note],
            note_id: a.note,
            about: a.about.filter(|n| *n != a.note).map(|n| &self.cards[n]),
            command: a.command.clone(),
            draft: a.draft.map(|d| d.as_str()),
        }
    }

    /// The open actions of note `id`, its next step first.
    pub fn actions(&self, id: NoteId) -> Vec<ActionView<'a>> {
        self.plan()
            .of(id)
            .iter()
            .map(|a| self.action_view(a))
            .collect()
    }

    /// The last day of "this week": today and the six days after.
    pub fn week_end(&self) -> Date {
        workflow::add_days(self.today, 6)
    }

    /// The dated actions through `until` and the undated ones (`cap` of them).
    pub fn week(&self, until: Date, cap: usize) -> Week<'a> {
        let plan = self.plan();
        let undated = plan.undated();
        Week {
            dated: plan
                .dated_until(until)
                .into_iter()
                .map(|a| self.action_view(a))
                .collect(),
            undated_more: undated.len().saturating_sub(cap),
            undated: undated
                .into_iter()
                .take(cap)
                .map(|a| self.action_view(a))
                .collect(),
        }
    }
}
