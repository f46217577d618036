//! calendar.ics and the per-interview .ics files, read back by an
//! independent parser (the `ical` crate).

use crate::common;
use crate::common::{page, Fixture};
use ical::parser::ical::component::{IcalCalendar, IcalEvent};
use ical::property::Property;
use jiff::civil::DateTime;
use jiff::Timestamp;

fn parse(bytes: &[u8]) -> IcalCalendar {
    let text = std::str::from_utf8(bytes).expect("UTF-8");
    assert_well_formed(text);
    let mut parser = ical::IcalParser::new(std::io::BufReader::new(bytes));
    let cal = parser
        .next()
        .expect("one calendar")
        .unwrap_or_else(|e| panic!("parse error {e}:\n{text}"));
    assert!(parser.next().is_none(), "exactly one VCALENDAR");
    cal
}

/// RFC 5545 §3.1: CRLF line ends, at most 75 octets a line.
fn assert_well_formed(text: &str) {
    assert!(text.ends_with("\r\n"));
    for line in text.split("\r\n") {
        assert!(
            !line.contains('\n') && !line.contains('\r'),
            "bare line end in {line:?}"
        );
        assert!(line.len() <= 75, "{} octets: {line}", line.len());
    }
}

fn prop<'a>(props: &'a [Property], name: &str) -> Option<&'a Property> {
    props.iter().find(|p| p.name == name)
}

fn value(props: &[Property], name: &str) -> String {
    prop(props, name)
        .and_then(|p| p.value.clone())
        .unwrap_or_else(|| panic!("no {name} in {props:?}"))
}

fn param(p: &Property, name: &str) -> Option<String> {
    p.params
        .as_ref()?
        .iter()
        .find(|(n, _)| n == name)
        .map(|(_, v)| v.join(","))
}

fn event<'a>(cal: &'a IcalCalendar, uid_start: &str) -> &'a IcalEvent {
    cal.events
        .iter()
        .find(|e| value(&e.properties, "UID").starts_with(uid_start))
        .unwrap_or_else(|| panic!("no event {uid_start}"))
}

/// The instant of a DTSTART/DTEND, using the calendar's own VTIMEZONE:
/// the observance with the latest onset at or before the local time.
fn instant(cal: &IcalCalendar, p: &Property) -> Timestamp {
    let v = p.value.clone().expect("value");
    let local = DateTime::strptime("%Y%m%dT%H%M%S", v.trim_end_matches('Z')).expect("date-time");
    let Some(tzid) = param(p, "TZID") else {
        assert!(v.ends_with('Z'), "floating time {v}");
        return local.to_zoned(jiff::tz::TimeZone::UTC).unwrap().timestamp();
    };
    let tz = cal
        .timezones
        .iter()
        .find(|t| value(&t.properties, "TZID") == tzid)
        .unwrap_or_else(|| panic!("no VTIMEZONE {tzid}"));
    let (_, offset) = tz
        .transitions
        .iter()
        .map(|t| {
            let onset = DateTime::strptime("%Y%m%dT%H%M%S", value(&t.properties, "DTSTART"))
                .expect("onset");
            (onset, value(&t.properties, "TZOFFSETTO"))
        })
        .filter(|(onset, _)| *onset <= local)
        .max()
        .unwrap_or_else(|| panic!("{tzid} has no observance before {local}"));
    let sign = if offset.starts_with('-') { -1 } else { 1 };
    let hours: i32 = offset[1..3].parse().expect("hours");
    let minutes: i32 = offset[3..5].parse().expect("minutes");
    let offset = jiff::tz::Offset::from_seconds(sign * (hours * 3600 + minutes * 60)).unwrap();
    offset.to_timestamp(local).unwrap()
}

fn site() -> Fixture {
    let f = Fixture::small();
    // Written in Berlin's zone, with a title and place that need escaping.
    f.write(
        "content/interviews/2026-12-10-ben-berlin.md",
        "---\ntitle: \"Ben, again; in Berlin\"\ncontact: ben-okafor\ndate: 2026-12-10T14:30[Europe/Berlin]\nduration: 45\nlocation: \"Café Müller, Kastanienallee 1; 2nd floor\"\nstatus: scheduled\n---\n",
    );
    // Done, thank-you not sent: a thank-you due date; and a follow-up.
    f.write(
        "content/interviews/2026-11-20-chen.md",
        "---\ncontact: chen-wu\ndate: 2026-11-20T16:00:00-06:00\nstatus: done\nfollow_up: 2026-12-15\n---\n",
    );
    f.write(
        "content/contacts/dara-singh.md",
        "---\nname: Dara Singh\nsource: stranger\nnext_follow_up: 2026-12-05\n---\nNo company yet.\n",
    );
    f
}

#[test]
fn interviews_are_timed_events_at_the_right_instant() {
    let built = site().generate();
    let cal = parse(built.output.get("calendar.ics").expect("calendar.ics"));
    assert_eq!(value(&cal.properties, "VERSION"), "2.0");

    // "2026-12-01 09:30" in the site's zone, America/Chicago (CST, -06:00).
    let ben = event(&cal, "interview-2026-12-01-ben-okafor@");
    let start = prop(&ben.properties, "DTSTART").unwrap();
    assert_eq!(param(start, "TZID").as_deref(), Some("America/Chicago"));
    assert_eq!(
        instant(&cal, start),
        "2026-12-01T15:30:00Z".parse::<Timestamp>().unwrap()
    );
    let end = prop(&ben.properties, "DTEND").unwrap();
    assert_eq!(
        instant(&cal, end),
        "2026-12-01T16:00:00Z".parse::<Timestamp>().unwrap(),
        "30 minutes"
    );
    assert_eq!(value(&ben.properties, "STATUS"), "CONFIRMED");
    assert_eq!(
        value(&ben.properties, "LOCATION"),
        "https://meet.example.com/abc"
    );
    assert_eq!(
        value(&ben.properties, "URL"),
        "https://user.github.io/prep/interviews/2026-12-01-ben-okafor/"
    );

    // Written in Berlin's zone (CET, +01:00), shown in the site's, with escaped text.
    let berlin = event(&cal, "interview-2026-12-10-ben-berlin@");
    let start = prop(&berlin.properties, "DTSTART").unwrap();
    assert_eq!(param(start, "TZID").as_deref(), Some("America/Chicago"));
    assert_eq!(value(&berlin.properties, "DTSTART"), "20261210T073000");
    assert_eq!(
        instant(&cal, start),
        "2026-12-10T13:30:00Z".parse::<Timestamp>().unwrap()
    );
    assert_eq!(
        common::unescape(&value(&berlin.properties, "SUMMARY")),
        "Ben, again; in Berlin"
    );
    assert_eq!(
        common::unescape(&value(&berlin.properties, "LOCATION")),
        "Café Müller, Kastanienallee 1; 2nd floor"
    );

    // Across a daylight-saving change: October in Chicago is CDT (-05:00).
    let ana = event(&cal, "interview-2026-10-01-ana-lima@");
    assert_eq!(
        instant(&cal, prop(&ana.properties, "DTSTART").unwrap()),
        "2026-10-01T15:00:00Z".parse::<Timestamp>().unwrap()
    );
}

#[test]
fn thank_you_and_follow_up_dates_are_all_day_events() {
    let built = site().generate();
    let cal = parse(built.output.get("calendar.ics").unwrap());
    let all_day = |uid: &str, date: &str, next: &str| {
        let e = event(&cal, uid);
        let start = prop(&e.properties, "DTSTART").unwrap();
        assert_eq!(param(start, "VALUE").as_deref(), Some("DATE"), "{uid}");
        assert_eq!(start.value.as_deref(), Some(date), "{uid}");
        assert_eq!(value(&e.properties, "DTEND"), next, "{uid}");
        common::unescape(&value(&e.properties, "SUMMARY"))
    };
    // Done on 20 Nov, thank_you_days 2: due 22 Nov.
    assert!(all_day("thank-you-2026-11-20-chen@", "20261122", "20261123").contains("Thank-you"));
    assert!(all_day("follow-up-2026-11-20-chen@", "20261215", "20261216").starts_with("Follow up"));
    assert_eq!(
        all_day("follow-up-contact-dara-singh@", "20261205", "20261206"),
        "Follow up with Dara Singh"
    );
    // Ana was thanked: no reminder.
    assert!(!cal
        .events
        .iter()
        .any(|e| value(&e.properties, "UID").starts_with("thank-you-2026-10-01-ana-lima@")));
}

#[test]
fn uids_are_unique_stable_and_the_output_is_deterministic() {
    let f = site();
    let first = f.generate();
    let again = f.generate();
    assert_eq!(
        first.output.get("calendar.ics"),
        again.output.get("calendar.ics")
    );
    let cal = parse(first.output.get("calendar.ics").unwrap());
    let mut uids: Vec<String> = cal
        .events
        .iter()
        .map(|e| value(&e.properties, "UID"))
        .collect();
    let n = uids.len();
    uids.sort();
    uids.dedup();
    assert_eq!(uids.len(), n, "unique UIDs");
    assert!(uids.iter().all(|u| u.ends_with("@user.github.io/prep")));
    for e in &cal.events {
        assert_eq!(
            value(&e.properties, "DTSTAMP"),
            "20261122T000000Z",
            "from --today"
        );
    }

    // Another note added: every existing event keeps its UID.
    f.write(
        "content/interviews/2026-12-20-dara.md",
        "---\ncontact: dara-singh\ndate: \"2026-12-20 08:00\"\n---\n",
    );
    let later = parse(f.generate().output.get("calendar.ics").unwrap());
    let later_uids: Vec<String> = later
        .events
        .iter()
        .map(|e| value(&e.properties, "UID"))
        .collect();
    assert!(uids.iter().all(|u| later_uids.contains(u)));
    assert_eq!(
        later_uids.len(),
        n + 1 + 1,
        "the interview and its thank-you"
    );
}

#[test]
fn each_briefing_links_its_own_ics() {
    let built = site().generate();
    let html = page(&built, "interviews/2026-12-10-ben-berlin/index.html");
    let href = r#"href="/prep/interviews/2026-12-10-ben-berlin/2026-12-10-ben-berlin.ics""#;
    assert!(html.contains(href), "no .ics link");
    let cal = parse(
        built
            .output
            .get("interviews/2026-12-10-ben-berlin/2026-12-10-ben-berlin.ics")
            .expect("per-interview .ics"),
    );
    assert_eq!(cal.events.len(), 1);
    assert_eq!(cal.timezones.len(), 1);
    assert_eq!(
        value(&cal.timezones[0].properties, "TZID"),
        "America/Chicago"
    );
    assert_eq!(
        instant(&cal, prop(&cal.events[0].properties, "DTSTART").unwrap()),
        "2026-12-10T13:30:00Z".parse::<Timestamp>().unwrap()
    );
}

#[test]
fn a_site_in_utc_writes_utc_times() {
    let f = Fixture::with_config("title: T\nbase_url: /\n");
    f.write("content/contacts/ana.md", "---\nname: Ana\n---\n");
    f.write(
        "content/interviews/x.md",
        "---\ncontact: ana\ndate: 2026-12-01T10:00:00-05:00\nstatus: planned\n---\n",
    );
    let built = f.generate();
    let cal = parse(built.output.get("calendar.ics").unwrap());
    assert!(cal.timezones.is_empty());
    let e = event(&cal, "interview-x@");
    assert_eq!(value(&e.properties, "DTSTART"), "20261201T150000Z");
    assert_eq!(value(&e.properties, "STATUS"), "TENTATIVE");
    assert!(prop(&e.properties, "URL").is_none(), "no origin, no URL");
}

#[test]
fn a_zone_without_daylight_saving_and_a_half_hour_offset() {
    let f = Fixture::with_config("title: T\nbase_url: /\ntimezone: Asia/Kolkata\n");
    f.write("content/contacts/ana.md", "---\nname: Ana\n---\n");
    f.write(
        "content/interviews/x.md",
        "---\ncontact: ana\ndate: \"2026-12-01 10:00\"\nstatus: scheduled\n---\n",
    );
    let cal = parse(f.generate().output.get("calendar.ics").unwrap());
    let e = event(&cal, "interview-x@t.coffeechat");
    assert_eq!(
        instant(&cal, prop(&e.properties, "DTSTART").unwrap()),
        "2026-12-01T04:30:00Z".parse::<Timestamp>().unwrap()
    );
    let offsets: Vec<String> = cal.timezones[0]
        .transitions
        .iter()
        .map(|t| value(&t.properties, "TZOFFSETTO"))
        .collect();
    assert_eq!(offsets, ["+0530"]);
}

#[test]
fn a_calendar_without_events_still_has_a_component() {
    let f = Fixture::new();
    f.write("content/contacts/ana.md", "---\nname: Ana\n---\n");
    let built = f.generate();
    let cal = parse(built.output.get("calendar.ics").unwrap());
    assert!(cal.events.is_empty());
    assert_eq!(cal.timezones.len(), 1, "RFC 5545: at least one component");
    assert_eq!(
        value(&cal.timezones[0].properties, "TZID"),
        "America/Chicago"
    );
}

#[test]
fn the_demo_calendar_parses() {
    let options = coffeechat::Options {
        root: std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")),
        today: Some("2026-11-22".parse().unwrap()),
        ..Default::default()
    };
    let built = coffeechat::generate(&options).expect("demo builds");
    let cal = parse(built.output.get("calendar.ics").unwrap());
    let interviews = cal
        .events
        .iter()
        .filter(|e| value(&e.properties, "UID").starts_with("interview-"))
        .count();
    assert_eq!(interviews, 10, "every dated demo interview");
    for e in &cal.events {
        for p in ["DTSTART", "SUMMARY", "DTSTAMP"] {
            assert!(prop(&e.properties, p).is_some(), "{p}");
        }
    }
}

#[test]
fn each_status_has_its_calendar_status() {
    let f = Fixture::small();
    for (slug, status) in [
        ("planned", "planned"),
        ("requested", "requested"),
        ("scheduled", "scheduled"),
        ("done", "done"),
        ("thanked", "thanked"),
        ("cancelled", "cancelled"),
    ] {
        f.write(
            &format!("content/interviews/{slug}.md"),
            &format!("---\ncontact: dara-singh\ndate: 2026-11-10T10:00:00-06:00\nstatus: {status}\nthank_you_sent: 2026-11-11\n---\n"),
        );
    }
    let built = f.generate();
    let cal = parse(built.output.get("calendar.ics").unwrap());
    for (slug, expected) in [
        ("planned", "TENTATIVE"),
        ("requested", "TENTATIVE"),
        ("scheduled", "CONFIRMED"),
        ("done", "CONFIRMED"),
        ("thanked", "CONFIRMED"),
        ("cancelled", "CANCELLED"),
    ] {
        let e = event(&cal, &format!("interview-{slug}@"));
        assert_eq!(value(&e.properties, "STATUS"), expected, "{slug}");
    }
}

#[test]
fn thank_you_days_sets_the_thank_you_due_date() {
    let f = Fixture::with_config(&format!("{}thank_you_days: 5\n", common::CONFIG));
    f.write("content/contacts/chen-wu.md", "---\nname: Chen Wu\n---\n");
    f.write(
        "content/interviews/2026-11-20-chen.md",
        "---\ncontact: chen-wu\ndate: 2026-11-20T16:00:00-06:00\nstatus: done\n---\n",
    );
    let built = f.generate();
    let cal = parse(built.output.get("calendar.ics").unwrap());
    let e = event(&cal, "thank-you-2026-11-20-chen@");
    // 20 November plus five days.
    assert_eq!(value(&e.properties, "DTSTART"), "20261125");
    assert_eq!(value(&e.properties, "DTEND"), "20261126");
    // The briefing says the same date.
    let html = page(&built, "interviews/2026-11-20-chen/index.html");
    assert!(
        html.contains("<li>Send a thank-you note by <time datetime=\"2026-11-25\">Wed 25 Nov 2026</time></li>"),
        "{html}"
    );
}
