//! Reminders for the seeker's workflow: notes that are valid but say
//! something is late or missing, read from the same [`Plan`] as every
//! page. All are warnings (they depend on today), except a touch dated
//! after today, which cannot be true.

use super::{Action, ActionKind, Plan};
use crate::diagnostics::Diagnostic;
use crate::domain::{Contact, Interview, InterviewStatus, Kind};
use crate::read::config::Config;
use crate::read::note::Note;
use jiff::civil::Date;

/// Checks every note against `today` and the site's `plan`.
pub fn check(
    plan: &Plan,
    notes: &[Note],
    config: &Config,
    today: Date,
    diagnostics: &mut Vec<Diagnostic>,
) {
    use rayon::prelude::*;
    // Each note is checked on its own; the warnings keep note order.
    let found: Vec<Vec<Diagnostic>> = notes
        .par_iter()
        .enumerate()
        .map(|(id, note)| {
            let mut found = Vec::new();
            check_note(plan, id, note, config, today, &mut found);
            found
        })
        .collect();
    diagnostics.extend(found.into_iter().flatten());
}

fn check_note(
    plan: &Plan,
    id: usize,
    note: &Note,
    config: &Config,
    today: Date,
    diagnostics: &mut Vec<Diagnostic>,
) {
    match &note.kind {
        Kind::Interview(i) => {
            for a in overdue(plan, id, today) {
                match a.kind {
                    ActionKind::ThankYou => thank_you(note, a, config, today, diagnostics),
                    ActionKind::ConfirmHeld => not_closed(note, i, a, diagnostics),
                    _ => {}
                }
            }
            follow_up(note, "follow_up", plan, id, today, diagnostics);
            preparation(note, i, config, today, diagnostics);
            time_not_agreed(note, i, diagnostics);
        }
        Kind::Contact(c) => {
            follow_up(note, "next_follow_up", plan, id, today, diagnostics);
            future_touches(note, c, today, diagnostics);
        }
        _ => {}
    }
}

fn overdue(plan: &Plan, id: usize, today: Date) -> impl Iterator<Item = &Action> {
    plan.of(id).iter().filter(move |a| a.is_overdue(today))
}

/// An interview whose day has passed while its status says it is to come.
fn not_closed(note: &Note, i: &Interview, a: &Action, diagnostics: &mut Vec<Diagnostic>) {
    let status = i.status.as_str();
    let day = a.due.map_or_else(String::new, |d| d.to_string());
    let span = match note.has_key("status") {
        true => note.value_span("status", status),
        false => note.key_span("date"),
    };
    diagnostics.push(
        Diagnostic::warning(
            "interview-not-closed",
            &note.path,
            format!("the interview on {day} has passed, and its status is still `{status}`"),
        )
        .at_span(span)
        .hint("did it happen? Set `status: done` (a thank-you is then due) or `status: cancelled`"),
    );
}

/// A day without a time on an interview that is `scheduled`.
fn time_not_agreed(note: &Note, i: &Interview, diagnostics: &mut Vec<Diagnostic>) {
    if !i.date_only || i.status != InterviewStatus::Scheduled {
        return;
    }
    diagnostics.push(
        Diagnostic::warning(
            "time-not-agreed",
            &note.path,
            "the interview is `scheduled` on a day without a time",
        )
        .at_span(note.key_span("date"))
        .hint("once the time is agreed, write it: `date: 2026-03-14 10:00` (site time zone); until then `status: requested` says it is not settled"),
    );
}

/// A touch dated after today: a typo, or a plan written as history.
fn future_touches(note: &Note, c: &Contact, today: Date, diagnostics: &mut Vec<Diagnostic>) {
    for t in c.touches.iter().filter(|t| t.date > today) {
        let date = t.date.to_string();
        let column = note
            .source_line(t.line)
            .and_then(|l| l.find(&date))
            .map_or(1, |c| c + 1);
        diagnostics.push(
            Diagnostic::error(
                "touch-in-future",
                &note.path,
                format!("a touch is dated {date}, after today ({today})"),
            )
            .at((t.line, column))
            .width(date.len())
            .hint("touches record what happened; put a planned date in `next_follow_up:`"),
        );
    }
}

/// A thank-you that is overdue.
fn thank_you(
    note: &Note,
    a: &Action,
    config: &Config,
    today: Date,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let Some(due) = a.due else {
        return;
    };
    let days = config.thank_you_days;
    diagnostics.push(
        Diagnostic::warning(
            "thank-you-overdue",
            &note.path,
            format!(
                "the thank-you note is overdue: it was due on {due}, {days} day{} after the interview",
                if days == 1 { "" } else { "s" }
            ),
        )
        .at_span(note.value_span("status", "done"))
        .hint(format!(
            "send it, then add `thank_you_sent: {today}` (or set `status: thanked`)"
        )),
    );
}

/// A follow-up date written under `key` that has passed: one warning per
/// note, however many actions the date carries.
fn follow_up(
    note: &Note,
    key: &str,
    plan: &Plan,
    id: usize,
    today: Date,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let Some(date) = overdue(plan, id, today)
        .filter(|a| a.dated_by == Some(key))
        .find_map(|a| a.due)
    else {
        return;
    };
    diagnostics.push(
        Diagnostic::warning(
            "follow-up-due",
            &note.path,
            format!("the follow-up planned for {date} has not been done"),
        )
        .at_span(note.value_span(key, &date.to_string()))
        .hint(format!(
            "follow up, then move `{key}` to the next date (or remove it)"
        )),
    );
}

/// An interview still to come needs questions and goals.
fn preparation(
    note: &Note,
    i: &Interview,
    config: &Config,
    today: Date,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let Some(date) = i.date.as_ref() else {
        return;
    };
    let day = date.with_time_zone(config.timezone.clone()).date();
    if !i.status.is_open() || day < today {
        return;
    }
    if i.questions.is_empty() {
        diagnostics.push(
            Diagnostic::warning(
                "no-questions",
                &note.path,
                format!("the interview on {day} has no questions planned"),
            )
            .at_span(note.key_span("questions"))
            .hint("add `questions:` with a bank (`career-path`), one of its questions (`career-path/first-role`) or your own question in quotes"),
        );
    }
    if i.goals.is_empty() {
        diagnostics.push(
            Diagnostic::warning(
                "no-goals",
                &note.path,
                format!("the interview on {day} has no goals"),
            )
            .at_span(note.key_span("goals"))
            .hint("add `goals:` with what you want to learn, e.g. `goals: [How the team hires juniors]`"),
        );
    }
}
