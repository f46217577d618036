//! One test per rule, on notes parsed from front matter as a user writes it.

use super::*;
use crate::diagnostics::Diagnostic;
use crate::read::discover::Collection;
use std::path::{Path, PathBuf};

const CONFIG: &str = "title: T\ntimezone: America/Chicago\n";

struct Fixture {
    notes: Vec<Note>,
    links: Vec<Links>,
    config: Config,
}

/// Notes from `(collection, slug, front matter)`, their links resolved.
fn site(config: &str, files: &[(Collection, &str, &str)]) -> Fixture {
    let config = Config::parse(config, Path::new("coffeechat.yaml")).expect("config");
    let mut notes = Vec::new();
    for (collection, slug, front) in files {
        let path = PathBuf::from(format!("content/{}/{slug}.md", collection.dir()));
        let parsed = crate::read::note::parse(
            *collection,
            path,
            format!("---\n{front}---\nBody.\n"),
            &config,
        );
        let errors: Vec<&Diagnostic> = parsed.diagnostics.iter().filter(|d| d.is_error()).collect();
        assert!(errors.is_empty(), "{errors:?}");
        notes.push(parsed.note.expect("a note"));
    }
    let index = crate::graph::Index::build(&notes, &[]);
    let mut diagnostics = Vec::new();
    let links = crate::graph::resolve(&mut notes, &index, &mut diagnostics);
    assert!(diagnostics.iter().all(|d| !d.is_error()), "{diagnostics:?}");
    Fixture {
        notes,
        links,
        config,
    }
}

fn day(s: &str) -> Date {
    s.parse().expect("a date")
}

impl Fixture {
    fn plan(&self, today: &str) -> Plan {
        plan(&self.notes, &self.links, &self.config, day(today))
    }

    fn id(&self, slug: &str) -> NoteId {
        self.notes
            .iter()
            .position(|n| n.slug == slug)
            .expect("a note with that slug")
    }

    /// (kind, due) of each action of `slug`, in order.
    fn actions(&self, today: &str, slug: &str) -> Vec<(ActionKind, Option<String>)> {
        self.plan(today)
            .of(self.id(slug))
            .iter()
            .map(|a| (a.kind, a.due.map(|d| d.to_string())))
            .collect()
    }

    fn check(&self, today: &str) -> Vec<Diagnostic> {
        let mut d = Vec::new();
        let plan = super::plan(&self.notes, &self.links, &self.config, day(today));
        check(&plan, &self.notes, &self.config, day(today), &mut d);
        d
    }
}

fn contact(front: &str) -> String {
    format!("name: Ana Lima\n{front}")
}

#[test]
fn a_passed_interview_still_scheduled_asks_whether_it_happened() {
    let f = site(
        CONFIG,
        &[
            (Collection::Contacts, "ana", &contact("stage: scheduled\n")),
            (
                Collection::Interviews,
                "talk",
                "contact: ana\ndate: 2026-11-24 13:00\nstatus: scheduled\nquestions: [Why?]\ngoals: [Learn]\n",
            ),
        ],
    );
    assert_eq!(
        f.actions("2026-12-01", "talk"),
        vec![(ActionKind::ConfirmHeld, Some("2026-11-24".into()))]
    );
    let plan = f.plan("2026-12-01");
    let a = &plan.of(f.id("talk"))[0];
    assert!(a.text.contains("Set `status: done`"), "{}", a.text);
    assert_eq!(a.command.as_deref(), Some("status: done"));
    // The contact's next step is the interview's: nothing of its own.
    assert!(f.actions("2026-12-01", "ana").is_empty());
    let d = f.check("2026-12-01");
    let w: Vec<&Diagnostic> = d
        .iter()
        .filter(|d| d.code == "interview-not-closed")
        .collect();
    assert_eq!(w.len(), 1);
    assert_eq!(w[0].line, 4, "{w:?}");
    // The day before, it is still to prepare.
    assert_eq!(
        f.actions("2026-11-24", "talk"),
        vec![(ActionKind::Prepare, Some("2026-11-24".into()))]
    );
}

#[test]
fn an_identified_contact_is_reached_out_to_undated_by_the_best_way() {
    let f = site(
        CONFIG,
        &[
            (
                Collection::Contacts,
                "ana",
                &contact("email: ana@example.com\n"),
            ),
            (
                Collection::Contacts,
                "ben",
                "name: Ben Ode\nstage: identified\nintroduced_by: ana\n",
            ),
        ],
    );
    let plan = f.plan("2026-12-01");
    let ana = &plan.of(f.id("ana"))[0];
    assert_eq!(
        (ana.kind, ana.due, ana.draft),
        (ActionKind::ReachOut, None, Some(DraftKind::Outreach))
    );
    assert!(ana.text.contains("by email"), "{}", ana.text);
    let ben = &plan.of(f.id("ben"))[0];
    assert_eq!(ben.draft, Some(DraftKind::Introduction));
    assert!(ben.text.contains("through Ana Lima"), "{}", ben.text);
}

#[test]
fn a_contacted_person_gets_one_nudge_then_a_single_let_go() {
    let once = site(
        CONFIG,
        &[(
            Collection::Contacts,
            "ana",
            &contact("stage: contacted\ntouches:\n  - {date: 2026-11-20, channel: email, direction: sent}\n"),
        )],
    );
    // nudge_days (7) after the message.
    assert_eq!(
        once.actions("2026-11-21", "ana"),
        vec![(ActionKind::Nudge, Some("2026-11-27".into()))]
    );
    let twice = site(
        "title: T\nnudge_days: 5\n",
        &[(
            Collection::Contacts,
            "ana",
            &contact("stage: contacted\ntouches:\n  - {date: 2026-11-10, channel: email, direction: sent}\n  - {date: 2026-11-18, channel: linkedin, direction: sent, note: nudge}\n"),
        )],
    );
    assert_eq!(
        twice.actions("2026-11-24", "ana"),
        vec![(ActionKind::LetGo, Some("2026-11-23".into()))]
    );
    // Said once: after as long again, nothing more.
    assert!(twice.actions("2026-11-28", "ana").is_empty());
    let replied = site(
        CONFIG,
        &[(
            Collection::Contacts,
            "ana",
            &contact("stage: contacted\ntouches:\n  - {date: 2026-11-10, channel: email, direction: sent}\n  - {date: 2026-11-12, channel: email, direction: received}\n"),
        )],
    );
    assert_eq!(
        replied.actions("2026-11-30", "ana"),
        vec![(ActionKind::Schedule, None)]
    );
    let by_date = site(
        CONFIG,
        &[(
            Collection::Contacts,
            "ana",
            &contact("stage: contacted\nlast_contacted: 2026-11-01\n"),
        )],
    );
    assert_eq!(
        by_date.actions("2026-11-30", "ana"),
        vec![(ActionKind::Nudge, Some("2026-11-08".into()))]
    );
    let unknown = site(
        CONFIG,
        &[(Collection::Contacts, "ana", &contact("stage: contacted\n"))],
    );
    assert_eq!(
        unknown.actions("2026-11-30", "ana"),
        vec![(ActionKind::RecordSent, None)]
    );
}

#[test]
fn next_follow_up_overrides_the_computed_date() {
    let f = site(
        CONFIG,
        &[(
            Collection::Contacts,
            "ana",
            &contact("stage: contacted\nlast_contacted: 2026-11-01\nnext_follow_up: 2026-12-04\n"),
        )],
    );
    assert_eq!(
        f.actions("2026-11-30", "ana"),
        vec![(ActionKind::Nudge, Some("2026-12-04".into()))]
    );
    assert!(f.check("2026-11-30").is_empty());
    assert_eq!(f.check("2026-12-05")[0].code, "follow-up-due");
}

#[test]
fn an_upcoming_interview_is_prepared_and_says_what_is_missing() {
    let f = site(
        CONFIG,
        &[
            (Collection::Contacts, "ana", &contact("stage: scheduled\n")),
            (Collection::Interviews, "first", "contact: ana\ndate: 2026-10-01 10:00\nstatus: done\nthank_you_sent: 2026-10-02\nasked: [Why this job?, What next?]\n"),
            (Collection::Interviews, "second", "contact: ana\ndate: 2026-12-03 10:00\n"),
        ],
    );
    let plan = f.plan("2026-12-01");
    let a = &plan.of(f.id("second"))[0];
    assert_eq!(
        (a.kind, a.due),
        (ActionKind::Prepare, Some(day("2026-12-03")))
    );
    assert_eq!(
        a.text,
        "Prepare for the conversation with Ana Lima: read the briefing; no questions picked yet; 2 questions were asked in earlier conversations"
    );
}

#[test]
fn a_done_interview_asks_for_thanks_resume_referrals_and_next_steps() {
    let f = site(
        CONFIG,
        &[
            (Collection::Contacts, "ana", &contact("stage: met\n")),
            (
                Collection::Interviews,
                "talk",
                "contact: ana\ndate: 2026-11-24 13:00\nstatus: done\nresume_requested: true\nreferrals: [ruth-adebayo]\nnext_steps: [Read the report, Email Ruth]\n",
            ),
        ],
    );
    assert_eq!(
        f.actions("2026-11-25", "talk"),
        vec![
            (ActionKind::ThankYou, Some("2026-11-26".into())),
            (ActionKind::SendResume, Some("2026-11-26".into())),
            (ActionKind::AddReferral, None),
            (ActionKind::NextStep, None),
            (ActionKind::NextStep, None),
        ]
    );
    let plan = f.plan("2026-11-25");
    assert_eq!(
        plan.of(f.id("talk"))[2].command.as_deref(),
        Some("coffeechat new contact \"Ruth Adebayo\" --introduced-by ana")
    );
    assert_eq!(plan.of(f.id("talk"))[3].text, "Read the report");
    assert!(f.check("2026-11-26").is_empty());
    assert_eq!(f.check("2026-11-27")[0].code, "thank-you-overdue");
    // `thanked` on the contact clears the thank-you, not the resume.
    let thanked = site(
        CONFIG,
        &[
            (Collection::Contacts, "ana", &contact("stage: thanked\n")),
            (Collection::Interviews, "talk", "contact: ana\ndate: 2026-11-24 13:00\nstatus: done\nresume_requested: true\nresume_sent: 2026-11-25\n"),
        ],
    );
    assert!(thanked.actions("2026-11-27", "talk").is_empty());
}

#[test]
fn met_without_a_done_interview_asks_for_one() {
    let f = site(
        CONFIG,
        &[(Collection::Contacts, "ana", &contact("stage: met\n"))],
    );
    assert_eq!(
        f.actions("2026-12-01", "ana"),
        vec![(ActionKind::RecordInterview, None)]
    );
}

#[test]
fn keeping_in_touch_checks_in_after_the_last_touch_or_interview() {
    let f = site(
        "title: T\nkeep_in_touch_days: 30\n",
        &[
            (
                Collection::Contacts,
                "ana",
                &contact("stage: keeping-in-touch\ntouches:\n  - {date: 2026-10-01, channel: phone, direction: received}\n"),
            ),
            (Collection::Interviews, "talk", "contact: ana\ndate: 2026-10-20 10:00\nstatus: thanked\n"),
        ],
    );
    assert_eq!(
        f.actions("2026-12-01", "ana"),
        vec![(ActionKind::CheckIn, Some("2026-11-19".into()))]
    );
}

#[test]
fn a_day_without_a_time_is_not_midnight() {
    let f = site(
        CONFIG,
        &[
            (Collection::Contacts, "ana", &contact("")),
            (Collection::Interviews, "talk", "contact: ana\ndate: 2026-12-03\nstatus: scheduled\nquestions: [Why?]\ngoals: [Learn]\n"),
        ],
    );
    let i = f.notes[f.id("talk")].as_interview().expect("an interview");
    assert!(i.date_only);
    let plan = f.plan("2026-12-01");
    assert!(plan.of(f.id("talk"))[0]
        .text
        .contains("the time is not agreed yet"));
    let d = f.check("2026-12-01");
    assert_eq!(d.len(), 1, "{d:?}");
    assert_eq!((d[0].code, d[0].line), ("time-not-agreed", 3));
}

#[test]
fn a_touch_in_the_future_is_a_located_error() {
    let f = site(
        CONFIG,
        &[(
            Collection::Contacts,
            "ana",
            &contact("stage: contacted\ntouches:\n  - date: 2026-12-09\n    channel: email\n    direction: sent\n"),
        )],
    );
    let d = f.check("2026-12-01");
    assert_eq!(d.len(), 1, "{d:?}");
    assert_eq!(
        (d[0].code, d[0].line, d[0].column),
        ("touch-in-future", 5, 11)
    );
    assert!(d[0].is_error());
}

#[test]
fn the_plan_lists_this_week_in_date_order_overdue_first() {
    let f = site(
        CONFIG,
        &[
            (
                Collection::Contacts,
                "ana",
                &contact("next_follow_up: 2026-12-05\n"),
            ),
            (
                Collection::Contacts,
                "ben",
                "name: Ben Ode\nstage: thanked\nnext_follow_up: 2026-11-20\n",
            ),
            (
                Collection::Contacts,
                "cy",
                "name: Cy Dee\nstage: identified\n",
            ),
        ],
    );
    let plan = f.plan("2026-12-01");
    let week: Vec<&str> = plan
        .dated_until(day("2026-12-07"))
        .iter()
        .map(|a| f.notes[a.note].slug.as_str())
        .collect();
    assert_eq!(week, ["ben", "ana"]);
    assert_eq!(plan.undated().len(), 1);
}

fn parse_errors(collection: Collection, front: &str) -> Vec<Diagnostic> {
    let config = Config::parse(CONFIG, Path::new("coffeechat.yaml")).expect("config");
    let path = PathBuf::from("content/x.md");
    crate::read::note::parse(collection, path, format!("---\n{front}---\n"), &config)
        .diagnostics
        .into_iter()
        .filter(Diagnostic::is_error)
        .collect()
}

#[test]
fn bad_touches_and_an_early_resume_are_located_errors() {
    let d = parse_errors(
        Collection::Contacts,
        "name: Ana\ntouches:\n  - date: 2026-11-01\n    channel: emial\n    direction: sent\n  - {date: 2026-11-02, channel: phone, direction: outgoing}\n",
    );
    assert_eq!(d.len(), 2, "{d:?}");
    assert_eq!(
        (d[0].code, d[0].line, d[0].column, d[0].width),
        ("bad-touch", 5, 14, 5)
    );
    assert_eq!(
        d[0].message,
        "touch 1 of `touches` has `channel: emial`, which is not a channel"
    );
    assert_eq!(
        d[0].hint.as_deref(),
        Some("did you mean `email`? A touch's `channel` is one of: email, linkedin, phone, meeting, other")
    );
    assert_eq!((d[1].line, d[1].column), (7, 51));
    assert!(d[1]
        .hint
        .as_deref()
        .is_some_and(|h| h.contains("sent, received")));
    // A comma inside `{…}` starts a new key: the hint says to quote.
    let d = parse_errors(
        Collection::Contacts,
        "name: Ana\ntouches:\n  - {date: 2026-11-01, channel: email, direction: sent, note: Asked, then waited}\n",
    );
    assert_eq!(d.len(), 1, "{d:?}");
    assert_eq!(
        d[0].message,
        "touch 1 of `touches` has an unknown key `then waited`"
    );
    assert!(d[0]
        .hint
        .as_deref()
        .is_some_and(|h| h.starts_with("a comma inside `{…}` starts a new key")));
    let d = parse_errors(
        Collection::Interviews,
        "contact: ana\ndate: 2026-11-24 13:00\nstatus: done\nresume_sent: 2026-11-20\n",
    );
    assert_eq!(d.len(), 1, "{d:?}");
    assert_eq!((d[0].code, d[0].line), ("resume-before-interview", 5));
}

/// `serve` makes again only the actions of the notes an edit reaches: for
/// an edit of one interview, the notes within two links give the plan a
/// whole new one gives, and the notes whose actions changed are named.
#[test]
fn refreshing_the_notes_an_edit_reaches_gives_the_whole_plan() {
    let files = |status: &str| -> Vec<(Collection, &'static str, String)> {
        vec![
            (Collection::Contacts, "ana", contact("stage: contacted\n")),
            (Collection::Contacts, "ben", contact("stage: identified\n")),
            (
                Collection::Interviews,
                "first",
                format!("contact: ana\ndate: 2026-11-20 13:00\nstatus: {status}\n"),
            ),
            (
                Collection::Interviews,
                "second",
                "contact: ana\ndate: 2026-11-30 10:00\nstatus: scheduled\n".into(),
            ),
        ]
    };
    let fixture = |status: &str| {
        let owned = files(status);
        let borrowed: Vec<(Collection, &str, &str)> =
            owned.iter().map(|(c, s, f)| (*c, *s, f.as_str())).collect();
        site(CONFIG, &borrowed)
    };
    let before = fixture("scheduled");
    let after = fixture("done");
    let today = "2026-11-25";
    let mut refreshed = before.plan(today);
    let edited = after.id("first");
    // The interview, its contact and the contact's other interview: ben
    // is not reached, and keeps his actions as they were.
    let reach = [edited, after.id("ana"), after.id("second")];
    let changed = refreshed.refresh(
        &after.notes,
        &after.links,
        &after.config,
        day(today),
        reach.iter().copied(),
    );
    assert_eq!(refreshed, after.plan(today));
    let whole_before = before.plan(today);
    let expected: Vec<NoteId> = (0..after.notes.len())
        .filter(|id| whole_before.of(*id) != refreshed.of(*id))
        .collect();
    assert!(!expected.is_empty());
    assert_eq!(changed, expected);
}
