//! The rules, one function per state (README, "The next step").

use super::{add_days, Action, ActionKind, DraftKind};
use crate::domain::{Contact, Direction, Interview, InterviewStatus, Stage};
use crate::graph::{Links, NoteId};
use crate::read::config::Config;
use crate::read::note::Note;
use jiff::civil::Date;

pub(super) struct Rules<'a> {
    pub notes: &'a [Note],
    pub links: &'a [Links],
    pub config: &'a Config,
    pub today: Date,
}

impl Rules<'_> {
    /// The actions of note `id`, unordered.
    pub fn actions(&self, id: NoteId) -> Vec<Action> {
        match &self.notes[id].kind {
            crate::domain::Kind::Interview(i) => self.interview(id, i),
            crate::domain::Kind::Contact(c) => self.contact(id, c),
            _ => Vec::new(),
        }
    }

    fn action(&self, id: NoteId, kind: ActionKind, due: Option<Date>, text: String) -> Action {
        Action {
            kind,
            due,
            text,
            note: id,
            about: None,
            command: None,
            draft: None,
            dated_by: None,
        }
    }

    /// The local day of an interview, in the site's time zone.
    fn day(&self, i: &Interview) -> Option<Date> {
        i.date
            .as_ref()
            .map(|z| z.with_time_zone(self.config.timezone.clone()).date())
    }

    /// "Ana Lima and Ben Ode", the people of interview `id`.
    fn people(&self, id: NoteId) -> String {
        let names: Vec<&str> = self.links[id]
            .contacts
            .iter()
            .map(|c| self.notes[*c].title.as_str())
            .collect();
        match names.as_slice() {
            [] => "them".to_string(),
            [one] => one.to_string(),
            [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
        }
    }

    fn interview(&self, id: NoteId, i: &Interview) -> Vec<Action> {
        let mut actions = match i.status {
            s if s.is_open() => self.open_interview(id, i),
            s if s.is_past() => self.after_interview(id, i),
            _ => Vec::new(),
        };
        // A `follow_up` date with no next step to carry it stands alone.
        if let Some(date) = i.follow_up {
            if !actions.iter().any(|a| a.dated_by == Some("follow_up")) {
                let mut a = self.action(
                    id,
                    ActionKind::FollowUp,
                    Some(date),
                    format!("Follow up with {}", self.people(id)),
                );
                a.dated_by = Some("follow_up");
                actions.push(a);
            }
        }
        actions
    }

    fn open_interview(&self, id: NoteId, i: &Interview) -> Vec<Action> {
        let who = self.people(id);
        let Some(day) = self.day(i) else {
            let mut a = self.action(
                id,
                ActionKind::Schedule,
                None,
                format!("Agree a day and time with {who}, then write it as `date:`"),
            );
            a.command = Some("date: YYYY-MM-DD HH:MM".to_string());
            return vec![a];
        };
        if day < self.today {
            let mut a = self.action(
                id,
                ActionKind::ConfirmHeld,
                Some(day),
                format!(
                    "Did the conversation with {who} on {} happen? Set `status: done` (then a thank-you is due) or `status: cancelled`",
                    day.strftime("%a %-d %b")
                ),
            );
            a.command = Some("status: done".to_string());
            return vec![a];
        }
        let mut text = format!("Prepare for the conversation with {who}: read the briefing");
        if i.date_only {
            text.push_str("; the time is not agreed yet");
        }
        if i.questions.is_empty() {
            text.push_str("; no questions picked yet");
        }
        let asked = self.asked_before(id, i);
        if asked > 0 {
            text.push_str(&format!(
                "; {asked} question{} asked in earlier conversations",
                if asked == 1 { " was" } else { "s were" }
            ));
        }
        let mut a = self.action(id, ActionKind::Prepare, Some(day), text);
        a.about = Some(id);
        vec![a]
    }

    /// How many distinct questions were asked in earlier, held
    /// conversations with the same people.
    fn asked_before(&self, id: NoteId, i: &Interview) -> usize {
        let this = i.date.as_ref().map(|z| z.timestamp());
        let mut asked = Vec::new();
        for c in &self.links[id].contacts {
            for other in &self.links[*c].interviews {
                let Some(o) = self.notes[*other].as_interview() else {
                    continue;
                };
                let before = match (o.date.as_ref().map(|z| z.timestamp()), this) {
                    (Some(w), Some(t)) => w < t,
                    _ => true,
                };
                if *other != id && o.status.is_past() && before {
                    asked.extend(self.links[*other].asked.iter());
                }
            }
        }
        asked.sort_by_key(|q| format!("{q:?}"));
        asked.dedup();
        asked.len()
    }

    fn after_interview(&self, id: NoteId, i: &Interview) -> Vec<Action> {
        let who = self.people(id);
        let mut actions = Vec::new();
        let due = self.day(i).map(|d| add_days(d, self.config.thank_you_days));
        // `thanked` on the interview or on its people clears the thank-you.
        let thanked = i.status == InterviewStatus::Thanked
            || i.thank_you_sent.is_some()
            || self.links[id].contacts.iter().any(|c| {
                self.notes[*c].as_contact().is_some_and(|c| {
                    matches!(c.stage, Some(Stage::Thanked | Stage::KeepingInTouch))
                })
            });
        if !thanked {
            let mut a = self.action(
                id,
                ActionKind::ThankYou,
                due,
                format!("Send {who} a thank-you note, then add `thank_you_sent:`"),
            );
            a.draft = Some(DraftKind::ThankYou);
            a.command = Some(format!("thank_you_sent: {}", self.today));
            actions.push(a);
        }
        if i.resume_requested && i.resume_sent.is_none() {
            let mut a = self.action(
                id,
                ActionKind::SendResume,
                due,
                format!("Send {who} your resume: it was asked for; then add `resume_sent:`"),
            );
            a.command = Some(format!("resume_sent: {}", self.today));
            actions.push(a);
        }
        let introducer = self.links[id]
            .contacts
            .first()
            .map(|c| self.notes[*c].slug.as_str());
        for slug in &self.links[id].referrals_without_note {
            let name = person_name(slug);
            let mut a = self.action(
                id,
                ActionKind::AddReferral,
                None,
                format!("Add a contact note for {name}, whom {who} suggested"),
            );
            a.command = Some(match introducer {
                Some(by) => format!("coffeechat new contact \"{name}\" --introduced-by {by}"),
                None => format!("coffeechat new contact \"{name}\""),
            });
            actions.push(a);
        }
        for step in &i.next_steps {
            let mut a = self.action(id, ActionKind::NextStep, i.follow_up, step.clone());
            a.dated_by = i.follow_up.map(|_| "follow_up");
            actions.push(a);
        }
        actions
    }

    fn contact(&self, id: NoteId, c: &Contact) -> Vec<Action> {
        let interviews: Vec<&Interview> = self.links[id]
            .interviews
            .iter()
            .filter_map(|i| self.notes[*i].as_interview())
            .collect();
        let open = interviews.iter().any(|i| i.status.is_open());
        let held = interviews.iter().any(|i| i.status.is_past());
        let mut actions = match c.stage {
            // An interview note further along carries the next step.
            _ if open => Vec::new(),
            None | Some(Stage::Identified) if !held => vec![self.reach_out(id, c)],
            Some(Stage::Contacted) if !held => self.contacted(id, c),
            Some(Stage::Scheduled) if !held => vec![self.no_interview_yet(id, c)],
            Some(Stage::Met) if !held => {
                let mut a = self.action(
                    id,
                    ActionKind::RecordInterview,
                    None,
                    format!(
                        "You met {}: set `status: done` on the interview note, or add one",
                        c.name
                    ),
                );
                a.command = Some(format!("coffeechat new interview {}", self.notes[id].slug));
                vec![a]
            }
            Some(Stage::KeepingInTouch) => vec![self.check_in(id, c, &interviews)],
            _ => Vec::new(),
        };
        if let Some(date) = c.next_follow_up {
            // A date written by hand overrides the computed one.
            match actions.first_mut() {
                Some(first) => {
                    first.due = Some(date);
                    first.dated_by = Some("next_follow_up");
                }
                None => {
                    let mut a = self.action(
                        id,
                        ActionKind::FollowUp,
                        Some(date),
                        format!("Follow up with {}", c.name),
                    );
                    a.dated_by = Some("next_follow_up");
                    // The message that fits where they stand.
                    a.draft = match c.stage {
                        Some(Stage::Contacted) => Some(DraftKind::Nudge),
                        Some(Stage::Met | Stage::Thanked | Stage::KeepingInTouch) => {
                            Some(DraftKind::CheckIn)
                        }
                        _ => None,
                    };
                    actions.push(a);
                }
            }
        }
        actions
    }

    fn reach_out(&self, id: NoteId, c: &Contact) -> Action {
        let introducer = self.links[id].introduced_by;
        let (how, draft) = match (introducer, &c.email, &c.linkedin) {
            (Some(by), _, _) => (
                format!(
                    "through {}: ask for an introduction, or write and mention them",
                    self.notes[by].title
                ),
                DraftKind::Introduction,
            ),
            (None, Some(_), _) => ("by email".to_string(), DraftKind::Outreach),
            (None, None, Some(_)) => (
                "on LinkedIn (an invitation note holds 300 characters)".to_string(),
                DraftKind::Outreach,
            ),
            (None, None, None) => (
                "by email, on LinkedIn, or through someone who knows them".to_string(),
                DraftKind::Outreach,
            ),
        };
        let mut a = self.action(
            id,
            ActionKind::ReachOut,
            None,
            format!(
                "Reach out to {} {how}; ask for 15 to 20 minutes of advice",
                c.name
            ),
        );
        a.about = introducer;
        a.draft = Some(draft);
        a.command = Some("stage: contacted".to_string());
        a
    }

    /// `contacted`: wait for a reply, nudge once, then let it go.
    fn contacted(&self, id: NoteId, c: &Contact) -> Vec<Action> {
        let last_sent = c
            .touches
            .iter()
            .filter(|t| t.direction == Direction::Sent)
            .map(|t| t.date)
            .max();
        let last_received = c
            .touches
            .iter()
            .filter(|t| t.direction == Direction::Received)
            .map(|t| t.date)
            .max();
        if let Some(reply) = last_received.filter(|r| last_sent.is_none_or(|s| *r >= s)) {
            let mut a = self.action(
                id,
                ActionKind::Schedule,
                None,
                format!(
                    "{} replied on {}: agree a day and time, add the interview, and set `stage: scheduled`",
                    c.name,
                    reply.strftime("%a %-d %b")
                ),
            );
            a.command = Some(format!("coffeechat new interview {}", self.notes[id].slug));
            return vec![a];
        }
        let Some(sent) = last_sent.or(c.last_contacted) else {
            let mut a = self.action(
                id,
                ActionKind::RecordSent,
                None,
                format!(
                    "Record when you wrote to {}, so a nudge can be timed",
                    c.name
                ),
            );
            a.command = Some(format!(
                "touches: [{{date: {}, channel: email, direction: sent}}]",
                self.today
            ));
            return vec![a];
        };
        // Messages sent since their last reply (or ever): the first, then the nudge.
        let sends = c
            .touches
            .iter()
            .filter(|t| t.direction == Direction::Sent)
            .filter(|t| last_received.is_none_or(|r| t.date > r))
            .count()
            .max(1);
        let days = self.config.nudge_days;
        let after = add_days(sent, days);
        if sends == 1 {
            let mut a = self.action(
                id,
                ActionKind::Nudge,
                Some(after),
                format!(
                    "No reply from {} since {}: send one polite nudge",
                    c.name,
                    sent.strftime("%a %-d %b")
                ),
            );
            a.draft = Some(DraftKind::Nudge);
            return vec![a];
        }
        // Said once: from the day it is due for as long as a nudge waits,
        // then nothing more.
        if self.today >= add_days(after, days) {
            return Vec::new();
        }
        vec![self.action(
            id,
            ActionKind::LetGo,
            Some(after),
            format!(
                "No reply from {} to your nudge of {}: let it go, and do not write again unless they do",
                c.name,
                sent.strftime("%a %-d %b")
            ),
        )]
    }

    fn no_interview_yet(&self, id: NoteId, c: &Contact) -> Action {
        let mut a = self.action(
            id,
            ActionKind::Prepare,
            None,
            format!(
                "{} agreed to talk: add the interview with its date, then prepare the briefing",
                c.name
            ),
        );
        a.command = Some(format!(
            "coffeechat new interview {} --date \"YYYY-MM-DD HH:MM\"",
            self.notes[id].slug
        ));
        a
    }

    fn check_in(&self, id: NoteId, c: &Contact, interviews: &[&Interview]) -> Action {
        let last = c
            .touches
            .iter()
            .map(|t| t.date)
            .chain(c.last_contacted)
            .chain(
                interviews
                    .iter()
                    .filter(|i| i.status.is_past())
                    .filter_map(|i| self.day(i)),
            )
            .max();
        let mut a = self.action(
            id,
            ActionKind::CheckIn,
            last.map(|d| add_days(d, self.config.keep_in_touch_days)),
            format!(
                "Check in with {}: a short update on what you did with their advice",
                c.name
            ),
        );
        a.draft = Some(DraftKind::CheckIn);
        a
    }
}

/// "Ruth Adebayo" from the slug `ruth-adebayo`: the referral as written
/// has no note yet to take a name from.
pub(crate) fn person_name(slug: &str) -> String {
    slug.split(['-', '_', ' '])
        .filter(|w| !w.is_empty())
        .map(|w| {
            let mut chars = w.chars();
            match chars.next() {
                Some(first) => first.to_uppercase().chain(chars).collect(),
                None => String::new(),
            }
        })
        .collect::<Vec<String>>()
        .join(" ")
}
