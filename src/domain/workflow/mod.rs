//! The seeker's workflow: one set of rules, from the notes, their links,
//! the configuration and today, giving every contact and interview an
//! ordered list of open actions. The dashboard, the note pages, `agenda`,
//! `check` and the calendar all read the same [`Plan`], so they never
//! disagree about what is due.
//!
//! Dates are local dates in the site's time zone. The rules (README,
//! "The next step") are in [`rules`]; the `check` warnings in [`check`].

mod check;
mod rules;
#[cfg(test)]
mod tests;

pub use check::check;
pub(crate) use rules::person_name;

use crate::graph::{Links, NoteId};
use crate::read::config::Config;
use crate::read::note::Note;
use jiff::civil::Date;
use serde::Serialize;

/// What an action asks the seeker to do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ActionKind {
    /// An interview's day has passed and its status still says it is to come.
    ConfirmHeld,
    /// Agree a day (an interview without a date, a contact who replied).
    Schedule,
    /// Read the briefing and pick the questions.
    Prepare,
    ThankYou,
    SendResume,
    /// Make a contact note for someone you were referred to.
    AddReferral,
    /// One of a done interview's `next_steps`.
    NextStep,
    /// A `next_follow_up` or `follow_up` date that no other action took.
    FollowUp,
    ReachOut,
    /// Write down when you wrote, so a nudge can be timed.
    RecordSent,
    Nudge,
    /// No reply after a nudge: said once, then nothing more.
    LetGo,
    /// A contact you `met` with no interview marked `done`.
    RecordInterview,
    CheckIn,
}

impl ActionKind {
    /// The kebab-case name used in templates and JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            ActionKind::ConfirmHeld => "confirm-held",
            ActionKind::Schedule => "schedule",
            ActionKind::Prepare => "prepare",
            ActionKind::ThankYou => "thank-you",
            ActionKind::SendResume => "send-resume",
            ActionKind::AddReferral => "add-referral",
            ActionKind::NextStep => "next-step",
            ActionKind::FollowUp => "follow-up",
            ActionKind::ReachOut => "reach-out",
            ActionKind::RecordSent => "record-sent",
            ActionKind::Nudge => "nudge",
            ActionKind::LetGo => "let-go",
            ActionKind::RecordInterview => "record-interview",
            ActionKind::CheckIn => "check-in",
        }
    }
}

/// The message drafts (`coffeechat draft KIND SLUG`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum DraftKind {
    Outreach,
    Nudge,
    ThankYou,
    CheckIn,
    Introduction,
}

impl DraftKind {
    pub const ALL: &'static [DraftKind] = &[
        DraftKind::Outreach,
        DraftKind::Nudge,
        DraftKind::ThankYou,
        DraftKind::CheckIn,
        DraftKind::Introduction,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            DraftKind::Outreach => "outreach",
            DraftKind::Nudge => "nudge",
            DraftKind::ThankYou => "thank-you",
            DraftKind::CheckIn => "check-in",
            DraftKind::Introduction => "introduction",
        }
    }

    pub fn parse(text: &str) -> Option<DraftKind> {
        Self::ALL.iter().copied().find(|k| k.as_str() == text)
    }
}

/// One thing to do about one note.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Action {
    pub kind: ActionKind,
    /// The local date it is due, or none ("whenever you can").
    pub due: Option<Date>,
    /// One plain sentence saying what to do.
    pub text: String,
    /// The contact or interview this action belongs to.
    pub note: NoteId,
    /// Another note it concerns: the interview to prepare, the person who
    /// introduced a contact.
    pub about: Option<NoteId>,
    /// What to write in the front matter, or the command to run.
    pub command: Option<String>,
    /// The message draft that goes with it.
    pub draft: Option<DraftKind>,
    /// The front matter key the due date was written under
    /// (`next_follow_up`, `follow_up`), when it was not computed.
    pub dated_by: Option<&'static str>,
}

impl Action {
    /// Due before today. Letting go is never late: it is said from its
    /// day on, for as long as a nudge waits, then dropped.
    pub fn is_overdue(&self, today: Date) -> bool {
        self.kind != ActionKind::LetGo && self.due.is_some_and(|d| d < today)
    }
}

/// Every note's open actions, by note id, each list in order: dated
/// actions by date, then undated ones. The first is the note's next step.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Plan {
    by_note: Vec<Vec<Action>>,
}

/// No action at all: a public build's plan.
pub static NO_PLAN: Plan = Plan {
    by_note: Vec::new(),
};

impl Plan {
    /// The actions of note `id` (none for companies, banks and pages).
    pub fn of(&self, id: NoteId) -> &[Action] {
        self.by_note.get(id).map_or(&[], Vec::as_slice)
    }

    pub fn next_step(&self, id: NoteId) -> Option<&Action> {
        self.of(id).first()
    }

    /// Every action of the site, note by note.
    pub fn all(&self) -> impl Iterator<Item = &Action> {
        self.by_note.iter().flatten()
    }

    /// The dated actions due on or before `until`, overdue ones included,
    /// in date order (so the overdue come first), then by note.
    pub fn dated_until(&self, until: Date) -> Vec<&Action> {
        let mut dated: Vec<&Action> = self
            .all()
            .filter(|a| a.due.is_some_and(|d| d <= until))
            .collect();
        dated.sort_by_key(|a| (a.due, a.note));
        dated
    }

    /// The actions without a date, note by note.
    pub fn undated(&self) -> Vec<&Action> {
        self.all().filter(|a| a.due.is_none()).collect()
    }
}

/// The plan of a site on `today`.
pub fn plan(notes: &[Note], links: &[Links], config: &Config, today: Date) -> Plan {
    let rules = rules::Rules {
        notes,
        links,
        config,
        today,
    };
    use rayon::prelude::*;
    // Each note's actions are its own; collected in note order.
    let by_note = (0..notes.len())
        .into_par_iter()
        .map(|id| actions_in_order(&rules, id))
        .collect();
    Plan { by_note }
}

impl Plan {
    /// Makes again the actions of `ids`, after notes were edited in place
    /// (the links as they were), and gives the notes whose actions changed.
    /// `ids` must hold every note whose rules read an edited one: a note's
    /// rules read notes at most two links away (an interview reads its
    /// contacts' other interviews).
    pub fn refresh(
        &mut self,
        notes: &[Note],
        links: &[Links],
        config: &Config,
        today: Date,
        ids: impl IntoIterator<Item = NoteId>,
    ) -> Vec<NoteId> {
        let rules = rules::Rules {
            notes,
            links,
            config,
            today,
        };
        let mut changed = Vec::new();
        for id in ids {
            let Some(slot) = self.by_note.get_mut(id) else {
                continue;
            };
            let actions = actions_in_order(&rules, id);
            if *slot != actions {
                *slot = actions;
                changed.push(id);
            }
        }
        changed
    }
}

fn actions_in_order(rules: &rules::Rules, id: NoteId) -> Vec<Action> {
    let mut actions = rules.actions(id);
    // Stable: actions due the same day keep the rules' order.
    actions.sort_by_key(|a| (a.due.is_none(), a.due));
    actions
}

/// `date` plus `days`, saturating at the calendar's end.
pub(crate) fn add_days(date: Date, days: u32) -> Date {
    date.checked_add(jiff::Span::new().days(i64::from(days)))
        .unwrap_or(date)
}
