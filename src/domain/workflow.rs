//! Reminders for the seeker's workflow: notes that are valid but say
//! something is late or missing. All are warnings; they depend on today.

use crate::diagnostics::Diagnostic;
use crate::domain::{Interview, InterviewStatus, Kind};
use crate::read::config::Config;
use crate::read::note::Note;
use jiff::civil::Date;

/// Checks every note against `today`.
pub fn check(notes: &[Note], config: &Config, today: Date, diagnostics: &mut Vec<Diagnostic>) {
    for note in notes {
        match &note.kind {
            Kind::Interview(i) => {
                thank_you(note, i, config, today, diagnostics);
                follow_up(note, "follow_up", i.follow_up, today, diagnostics);
                preparation(note, i, config, today, diagnostics);
            }
            Kind::Contact(c) => {
                follow_up(note, "next_follow_up", c.next_follow_up, today, diagnostics);
            }
            _ => {}
        }
    }
}

/// A `done` interview without `thank_you_sent` whose due date has passed.
fn thank_you(
    note: &Note,
    i: &Interview,
    config: &Config,
    today: Date,
    diagnostics: &mut Vec<Diagnostic>,
) {
    if i.status != InterviewStatus::Done || i.thank_you_sent.is_some() {
        return;
    }
    let Some(due) = i
        .thank_you_due(config.thank_you_days)
        .filter(|d| *d < today)
    else {
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

fn follow_up(
    note: &Note,
    key: &str,
    date: Option<Date>,
    today: Date,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let Some(date) = date.filter(|d| *d < today) else {
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
