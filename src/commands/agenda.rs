//! `coffeechat agenda`: what needs doing, in the terminal or as JSON for
//! scripts. The same selection as the dashboard: the interviews of the
//! next `days`, and the site's [`Plan`](crate::domain::workflow::Plan)
//! ("this week", then what has no date), plus the contacts that have no
//! next step at all.

use crate::graph::NoteId;
use crate::pages::next_step::{ActionView, Week};
use crate::pages::views::{DateView, RowData, Site};
use crate::read::discover::Collection;
use crate::{Error, Options};
use serde::Serialize;
use std::fmt::Write;
use std::path::Path;

/// How many undated actions the terminal agenda lists.
const UNDATED_SHOWN: usize = 20;

/// How `agenda` prints.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Text,
    /// One JSON object on standard output (README, "agenda --format json").
    Json,
}

/// Prints the agenda.
pub fn run(options: &Options, days: u32, format: Format) -> Result<(), super::Failure> {
    match format {
        Format::Text => print!("{}", agenda(options, days)?),
        Format::Json => println!("{}", agenda_json(options, days)?),
    }
    Ok(())
}

/// What both formats show.
struct Agenda<'a> {
    interviews: Vec<RowData<'a>>,
    unscheduled: Vec<RowData<'a>>,
    week: Week<'a>,
    /// Dated actions after this week, through the `days` horizon.
    later: Vec<ActionView<'a>>,
    horizon: jiff::civil::Date,
    idle: Vec<NoteId>,
    output: std::path::PathBuf,
}

fn collect<'a>(site: &Site<'a>, options: &Options, days: u32) -> Agenda<'a> {
    let horizon = crate::domain::workflow::add_days(site.today, days);
    let iso = horizon.to_string();
    let dashboard = site.dashboard();
    let interviews = dashboard
        .upcoming
        .iter()
        .filter_map(|r| site.row_data(r.id))
        .filter(|r| r.when.as_ref().is_some_and(|w| w.date.iso <= iso))
        .collect();
    let week_end = site.week_end();
    let later = site
        .plan()
        .dated_until(horizon)
        .into_iter()
        .filter(|a| a.due.is_some_and(|d| d > week_end))
        .map(|a| site.action_view(a))
        .collect();
    let output_dir = options.output_dir();
    let output = output_dir
        .strip_prefix(&options.root)
        .unwrap_or(&output_dir)
        .to_path_buf();
    Agenda {
        interviews,
        unscheduled: dashboard
            .to_schedule
            .iter()
            .filter_map(|r| site.row_data(r.id))
            .collect(),
        week: site.week(week_end, UNDATED_SHOWN),
        later,
        horizon,
        idle: contacts_without_next_step(site),
        output,
    }
}

/// The agenda as plain text, deterministic for a given `--today`.
pub fn agenda(options: &Options, days: u32) -> Result<String, Error> {
    let analysis = crate::analyse(options)?;
    let site = analysis.site();
    let a = collect(&site, options, days);
    let mut out = String::new();
    let _ = writeln!(
        out,
        "Agenda for {}, the next {days} day{}",
        DateView::new(site.today).display,
        if days == 1 { "" } else { "s" }
    );
    section(&mut out, "Coming interviews", &a.interviews, |out, row| {
        let when = row.when.as_ref().map_or("", |w| w.display.as_str());
        let _ = writeln!(out, "  {when}  {}", who(row));
        let _ = writeln!(out, "    {}", row.card.title());
        let _ = writeln!(out, "    briefing: {}", slash(&briefing(&a.output, row)));
    });
    if !a.unscheduled.is_empty() {
        section(&mut out, "Not scheduled yet", &a.unscheduled, |out, row| {
            let _ = writeln!(out, "  {} ({})  {}", who(row), row.status, row.card.title());
        });
    }
    let title = format!(
        "This week ({} to {})",
        site.today.strftime("%a %-d %b"),
        site.week_end().strftime("%a %-d %b")
    );
    section(&mut out, &title, &a.week.dated, |out, action| {
        let due = action.due.as_ref().map_or("", |d| d.display.as_str());
        let when = match (action.overdue, action.due_today) {
            (true, _) => format!("overdue since {due}"),
            (_, true) => "today".to_string(),
            _ => format!("due {due}"),
        };
        line(out, &when, action);
    });
    if !a.later.is_empty() {
        let title = format!("Later, through {}", a.horizon.strftime("%a %-d %b"));
        section(&mut out, &title, &a.later, |out, action| {
            let due = action.due.as_ref().map_or("", |d| d.display.as_str());
            line(out, &format!("due {due}"), action);
        });
    }
    let total = a.week.undated.len() + a.week.undated_more;
    section(
        &mut out,
        &format!("Whenever you can ({total})"),
        &a.week.undated,
        |out, action| line(out, "", action),
    );
    if a.week.undated_more > 0 {
        let _ = writeln!(
            out,
            "  … and {} more (agenda --format json lists them all)",
            a.week.undated_more
        );
    }
    section(
        &mut out,
        "Contacts with no next step",
        &a.idle,
        |out, id| {
            let card = &site.cards[*id];
            let subtitle = match card.subtitle().is_empty() {
                true => String::new(),
                false => format!(", {}", card.subtitle()),
            };
            let _ = writeln!(
                out,
                "  {}{subtitle} ({})  {}",
                card.title(),
                stage(&site, *id),
                slash(&site.notes[*id].path)
            );
        },
    );
    Ok(out)
}

fn line(out: &mut String, when: &str, action: &ActionView) {
    let lead = match when.is_empty() {
        true => String::new(),
        false => format!("{when}  "),
    };
    let _ = writeln!(out, "  {lead}{}  [{}]", action.text, action.note.title());
    if let Some(c) = &action.command {
        let _ = writeln!(out, "    {c}");
    }
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

fn who(row: &RowData) -> String {
    let names: Vec<&str> = row.contacts.iter().map(|c| c.title()).collect();
    let mut s = names.join(", ");
    if let Some(c) = row.company {
        let _ = write!(s, " at {}", c.title());
    }
    if let Some(f) = row.format {
        let _ = write!(s, " ({f}, {} min)", row.duration);
    }
    s
}

fn briefing(output: &Path, row: &RowData) -> std::path::PathBuf {
    output
        .join(row.card.collection)
        .join(row.card.slug())
        .join("index.html")
}

fn stage(site: &Site, id: NoteId) -> &'static str {
    site.notes[id]
        .as_contact()
        .and_then(|c| c.stage)
        .map_or("no stage", |s| s.as_str())
}

fn slash(p: &Path) -> String {
    p.to_string_lossy().replace('\\', "/")
}

/// Contacts with no open action, of their own or of their interviews:
/// nobody has decided what happens next with them.
pub fn contacts_without_next_step(site: &Site) -> Vec<NoteId> {
    let plan = site.plan();
    site.ids(Collection::Contacts)
        .filter(|id| {
            plan.of(*id).is_empty()
                && site.links[*id]
                    .interviews
                    .iter()
                    .all(|i| plan.of(*i).is_empty())
        })
        .collect()
}

/// `agenda --format json`: one object, its shape documented in the README.
#[derive(Serialize)]
struct JsonAgenda<'a> {
    today: String,
    days: u32,
    week_end: String,
    interviews: Vec<JsonInterview<'a>>,
    unscheduled: Vec<JsonInterview<'a>>,
    this_week: Vec<JsonAction<'a>>,
    /// Dated actions after this week, through `days`.
    later: Vec<JsonAction<'a>>,
    undated: Vec<JsonAction<'a>>,
    no_next_step: Vec<JsonNote<'a>>,
}

#[derive(Serialize)]
struct JsonNote<'a> {
    kind: &'static str,
    slug: &'a str,
    title: &'a str,
    path: String,
}

#[derive(Serialize)]
struct JsonInterview<'a> {
    #[serde(flatten)]
    note: JsonNote<'a>,
    status: &'static str,
    /// RFC 3339, or null when not scheduled.
    start: Option<String>,
    date: Option<String>,
    /// `14:30`, or null when the time is not agreed yet.
    time: Option<String>,
    duration: u32,
    with: Vec<&'a str>,
    company: Option<&'a str>,
    briefing: String,
}

#[derive(Serialize)]
struct JsonAction<'a> {
    kind: &'static str,
    due: Option<String>,
    overdue: bool,
    text: String,
    note: JsonNote<'a>,
    command: Option<String>,
    draft: Option<&'static str>,
}

/// The agenda as JSON, deterministic for a given `--today`. Unlike the
/// text, it lists every undated action.
pub fn agenda_json(options: &Options, days: u32) -> Result<String, Error> {
    let analysis = crate::analyse(options)?;
    let site = analysis.site();
    Ok(to_json(&site, options, days))
}

fn to_json<'a>(site: &Site<'a>, options: &Options, days: u32) -> String {
    let mut a = collect(site, options, days);
    a.week = site.week(site.week_end(), usize::MAX);
    let note = |id: NoteId| JsonNote {
        kind: site.cards[id].kind,
        slug: site.cards[id].slug(),
        title: site.cards[id].title(),
        path: slash(&site.notes[id].path),
    };
    let find = |slug: &str, collection: &str| {
        (0..site.notes.len())
            .find(|id| site.cards[*id].slug() == slug && site.cards[*id].collection == collection)
    };
    let interview = |row: &RowData<'a>| -> Option<JsonInterview<'a>> {
        let id = find(row.card.slug(), row.card.collection)?;
        Some(JsonInterview {
            note: note(id),
            status: row.status,
            start: row.when.as_ref().map(|w| w.iso.clone()),
            date: row.when.as_ref().map(|w| w.date.iso.clone()),
            time: row
                .when
                .as_ref()
                .filter(|w| w.time_agreed)
                .map(|w| w.time.clone()),
            duration: row.duration,
            with: row.contacts.iter().map(|c| c.title()).collect(),
            company: row.company.map(|c| c.title()),
            briefing: slash(&briefing(&a.output, row)),
        })
    };
    let action = |v: &ActionView<'a>| -> Option<JsonAction<'a>> {
        // Always some: the option keeps both closures alike.
        let id = v.note_id;
        Some(JsonAction {
            kind: v.kind,
            due: v.due.as_ref().map(|d| d.iso.clone()),
            overdue: v.overdue,
            text: v.text.clone(),
            note: note(id),
            command: v.command.clone(),
            draft: v.draft,
        })
    };
    let json = JsonAgenda {
        today: site.today.to_string(),
        days,
        week_end: site.week_end().to_string(),
        interviews: a.interviews.iter().filter_map(interview).collect(),
        unscheduled: a.unscheduled.iter().filter_map(interview).collect(),
        this_week: a.week.dated.iter().filter_map(action).collect(),
        later: a.later.iter().filter_map(action).collect(),
        undated: a.week.undated.iter().filter_map(action).collect(),
        no_next_step: a.idle.iter().map(|id| note(*id)).collect(),
    };
    // Plain structs of strings and numbers always serialise.
    serde_json::to_string_pretty(&json).unwrap_or_default()
}
