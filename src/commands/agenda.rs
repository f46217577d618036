//! `coffeechat agenda`: what needs doing, in the terminal. The same
//! selection as the dashboard ([`Site::dashboard`], [`Site::follow_ups`])
//! with a horizon of `days`, plus the contacts that have no next step.

use crate::graph::NoteId;
use crate::pages::views::{FollowUp, InterviewRow, Site};
use crate::read::discover::Collection;
use crate::{Error, Options};
use std::fmt::Write;
use std::path::Path;

/// Prints the agenda.
pub fn run(options: &Options, days: u32) -> Result<(), super::Failure> {
    print!("{}", agenda(options, days)?);
    Ok(())
}

/// The agenda as plain text, deterministic for a given `--today`.
pub fn agenda(options: &Options, days: u32) -> Result<String, Error> {
    let analysis = crate::analyse(options)?;
    let cards = analysis.cards();
    let site = analysis.site(&cards);
    let horizon = site
        .today
        .checked_add(jiff::Span::new().days(i64::from(days)))
        .unwrap_or(site.today);
    let dashboard = site.dashboard();
    let upcoming: Vec<&InterviewRow> = dashboard
        .upcoming
        .iter()
        .filter(|r| {
            r.when
                .as_ref()
                .is_some_and(|w| w.date.iso <= horizon.to_string())
        })
        .collect();
    let output_dir = options.output_dir();
    let shown_output = output_dir
        .strip_prefix(&options.root)
        .unwrap_or(&output_dir);

    let mut out = String::new();
    let _ = writeln!(
        out,
        "Agenda for {}, the next {days} day{}",
        crate::pages::views::DateView::new(site.today).display,
        if days == 1 { "" } else { "s" }
    );
    section(&mut out, "Coming interviews", &upcoming, |out, row| {
        let when = row.when.as_ref().map_or("", |w| w.display.as_str());
        let _ = writeln!(out, "  {when}  {}", who(row));
        let path = shown_output
            .join(row.card.collection)
            .join(row.card.slug)
            .join("index.html");
        let _ = writeln!(out, "    {}", row.card.title);
        let _ = writeln!(out, "    briefing: {}", slash(&path));
    });
    let unscheduled: Vec<&InterviewRow> = dashboard.to_schedule.iter().collect();
    if !unscheduled.is_empty() {
        section(&mut out, "Not scheduled yet", &unscheduled, |out, row| {
            let _ = writeln!(out, "  {} ({})  {}", who(row), row.status, row.card.title);
        });
    }
    let thanks: Vec<&FollowUp> = dashboard.overdue_thank_yous.iter().collect();
    section(&mut out, "Overdue thank-you notes", &thanks, |out, f| {
        let _ = writeln!(out, "  due {}  {}", f.date.display, f.card.title);
    });
    let follow_ups = site.follow_ups(horizon);
    let follow_ups: Vec<&FollowUp> = follow_ups.iter().collect();
    section(&mut out, "Follow-ups", &follow_ups, |out, f| {
        let late = if f.overdue { " (overdue)" } else { "" };
        let _ = writeln!(
            out,
            "  due {}{late}  {} ({})",
            f.date.display, f.card.title, f.card.kind
        );
    });
    let idle = contacts_without_next_step(&site);
    section(&mut out, "Contacts with no next step", &idle, |out, id| {
        let card = &site.cards[*id];
        let stage = site.notes[*id]
            .as_contact()
            .and_then(|c| c.stage)
            .map_or("no stage", |s| s.as_str());
        let subtitle = if card.subtitle.is_empty() {
            String::new()
        } else {
            format!(", {}", card.subtitle)
        };
        let _ = writeln!(
            out,
            "  {}{subtitle} ({stage})  {}",
            card.title,
            slash(&site.notes[*id].path)
        );
    });
    Ok(out)
}

fn section<T>(out: &mut String, title: &str, items: &[T], mut line: impl FnMut(&mut String, &T)) {
    let _ = writeln!(out, "\n{title}");
    if items.is_empty() {
        let _ = writeln!(out, "  none");
    }
    for item in items {
        line(out, item);
    }
}

fn who(row: &InterviewRow) -> String {
    let names: Vec<&str> = row.contacts.iter().map(|c| c.title).collect();
    let mut s = names.join(", ");
    if let Some(c) = row.company {
        let _ = write!(s, " at {}", c.title);
    }
    if let Some(f) = row.format {
        let _ = write!(s, " ({f}, {} min)", row.duration);
    }
    s
}

fn slash(p: &Path) -> String {
    p.to_string_lossy().replace('\\', "/")
}

/// Contacts with no follow-up date and no open interview:
/// nobody has decided what happens next with them.
pub fn contacts_without_next_step(site: &Site) -> Vec<NoteId> {
    site.ids(Collection::Contacts)
        .filter(|id| {
            // A past follow-up date is still a next step: it is listed
            // under the follow-ups, as overdue.
            let follow_up = site.notes[*id]
                .as_contact()
                .is_some_and(|c| c.next_follow_up.is_some());
            let open_interview = site.links[*id].interviews.iter().any(|i| {
                site.notes[*i]
                    .as_interview()
                    .is_some_and(|i| i.status.is_open())
            });
            !follow_up && !open_interview
        })
        .collect()
}
