//! The site's calendar (RFC 5545): each dated interview as a timed event
//! in the site's time zone (with its VTIMEZONE), or all day when only its
//! day is agreed; thank-you, follow-up, nudge and check-in dates as
//! all-day events. An alarm (VALARM) goes off `remind_minutes` before each
//! timed interview and at 09:00 on the day a thank-you is due.
//!
//! UIDs derive from the note's slug and the site's address, so a calendar
//! app that subscribes to `calendar.ics` updates events instead of
//! duplicating them. DTSTAMP is the build's "today", not the clock, so the
//! same notes give the same bytes.

use crate::domain::InterviewStatus;
use crate::graph::NoteId;
use crate::interchange::contentline::{param_value, Lines};
use crate::pages::views::Site;
use crate::read::discover::Collection;
use jiff::civil::Date;
use jiff::tz::{Offset, TimeZone};
use jiff::{Timestamp, Zoned};
use std::collections::BTreeMap;

enum When {
    /// In the named zone, or in UTC when the zone is `None`.
    Timed {
        start: Zoned,
        end: Zoned,
        zone: Option<String>,
    },
    AllDay(Date),
}

struct Event {
    uid: String,
    summary: String,
    when: When,
    location: Option<String>,
    description: String,
    url: Option<String>,
    status: Option<&'static str>,
    alarm: Option<Alarm>,
}

/// A display alarm, `trigger` a duration from the event's start
/// (`-PT60M`, or `PT9H` for 09:00 on an all-day event's day).
struct Alarm {
    trigger: String,
    description: String,
}

/// One note's events in the site calendar, written out, with the span of
/// time each of their zones covers (the calendar's VTIMEZONEs cover all).
/// `serve` keeps them by note id and makes again those an edit reaches.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CalendarPiece {
    zones: Zones,
    events: usize,
    text: String,
}

type Zones = BTreeMap<String, (TimeZone, Timestamp, Timestamp)>;

/// Note `id`'s events: an interview's, and its reminders; a contact's
/// follow-up and reminders; none for other notes.
pub fn calendar_piece(site: &Site, id: NoteId) -> CalendarPiece {
    let mut events = Vec::new();
    match site.notes[id].collection {
        Collection::Interviews => {
            events.extend(interview_event(site, id));
            events.extend(interview_reminders(site, id));
        }
        Collection::Contacts => {
            events.extend(contact_follow_up(site, id));
            events.extend(contact_reminders(site, id));
        }
        _ => {}
    }
    CalendarPiece {
        zones: zones(&events),
        events: events.len(),
        text: write_events(site, &events),
    }
}

/// The whole calendar, `calendar.ics`, from each note's piece, by note
/// id ([`calendar_piece`]): the interviews by
/// date, then the contacts' dates.
pub fn site_calendar_of(site: &Site, pieces: &[CalendarPiece]) -> String {
    site_calendar_parts(site, pieces).concat()
}

/// [`site_calendar_of`] in parts, to be written one after another
/// without joining a calendar of thousands of events into one string.
pub fn site_calendar_parts<'p>(site: &Site, pieces: &'p [CalendarPiece]) -> Document<'p> {
    let order: Vec<NoteId> = site
        .interviews_by_date()
        .into_iter()
        .chain(site.ids(Collection::Contacts))
        .collect();
    let mut zones = Zones::new();
    for id in &order {
        for (name, (tz, first, last)) in &pieces[*id].zones {
            let entry = zones
                .entry(name.clone())
                .or_insert_with(|| (tz.clone(), *first, *last));
            entry.1 = entry.1.min(*first);
            entry.2 = entry.2.max(*last);
        }
    }
    let any = order.iter().any(|id| pieces[*id].events > 0);
    let texts = order.iter().map(|id| pieces[*id].text.as_str()).collect();
    document_of(site, zones, any, texts)
}

/// One interview's calendar, linked from its briefing; `None` when it has no date.
pub fn interview_calendar(site: &Site, id: NoteId) -> Option<String> {
    let event = interview_event(site, id)?;
    let events = [event];
    let text = write_events(site, &events);
    Some(document_of(site, zones(&events), true, vec![text.as_str()]).concat())
}

/// A calendar file in parts: its head (with its time zones), its events
/// as written, its end.
pub struct Document<'t> {
    head: String,
    events: Vec<&'t str>,
    tail: String,
}

impl Document<'_> {
    pub fn parts(&self) -> Vec<&[u8]> {
        std::iter::once(self.head.as_str())
            .chain(self.events.iter().copied())
            .chain(std::iter::once(self.tail.as_str()))
            .map(str::as_bytes)
            .collect()
    }

    pub fn concat(&self) -> String {
        let mut out = self.head.clone();
        for text in &self.events {
            out.push_str(text);
        }
        out.push_str(&self.tail);
        out
    }
}

/// A calendar around events already written.
fn document_of<'t>(
    site: &Site,
    mut zones: Zones,
    any_events: bool,
    events: Vec<&'t str>,
) -> Document<'t> {
    let mut l = Lines::default();
    l.raw("BEGIN", "VCALENDAR")
        .raw("VERSION", "2.0")
        .raw(
            "PRODID",
            concat!(
                "-//coffeechat//coffeechat ",
                env!("CARGO_PKG_VERSION"),
                "//EN"
            ),
        )
        .raw("CALSCALE", "GREGORIAN")
        .raw("METHOD", "PUBLISH")
        .text("X-WR-CALNAME", &site.config.title);
    if !any_events {
        // RFC 5545 wants at least one component: the site's time zone.
        let tz = site.config.timezone.clone();
        let now = site
            .today
            .to_zoned(tz.clone())
            .map_or(Timestamp::UNIX_EPOCH, |z| z.timestamp());
        zones.insert(site.config.timezone_name.clone(), (tz, now, now));
    }
    for (name, (tz, first, last)) in zones {
        vtimezone(&mut l, &name, &tz, first, last);
    }
    let head = l.finish();
    let mut l = Lines::default();
    l.raw("END", "VCALENDAR");
    Document {
        head,
        events,
        tail: l.finish(),
    }
}

/// The VEVENTs of `events`, written.
fn write_events(site: &Site, events: &[Event]) -> String {
    let mut l = Lines::default();
    let stamp = format!("{}T000000Z", site.today.strftime("%Y%m%d"));
    for e in events {
        l.raw("BEGIN", "VEVENT")
            .text("UID", &e.uid)
            .raw("DTSTAMP", &stamp);
        match &e.when {
            When::Timed { start, end, zone } => {
                date_time(&mut l, "DTSTART", start, zone.as_deref());
                date_time(&mut l, "DTEND", end, zone.as_deref());
            }
            When::AllDay(d) => {
                let next = d.tomorrow().unwrap_or(*d);
                l.raw("DTSTART;VALUE=DATE", &d.strftime("%Y%m%d").to_string())
                    .raw("DTEND;VALUE=DATE", &next.strftime("%Y%m%d").to_string())
                    .raw("TRANSP", "TRANSPARENT");
            }
        }
        l.text("SUMMARY", &e.summary)
            .opt_text("LOCATION", e.location.as_deref())
            .opt_text("DESCRIPTION", Some(&e.description));
        if let Some(url) = &e.url {
            l.raw("URL", url);
        }
        if let Some(s) = e.status {
            l.raw("STATUS", s);
        }
        if let Some(a) = &e.alarm {
            l.raw("BEGIN", "VALARM")
                .raw("ACTION", "DISPLAY")
                .raw("TRIGGER", &a.trigger)
                .text("DESCRIPTION", &a.description)
                .raw("END", "VALARM");
        }
        l.raw("END", "VEVENT");
    }
    l.finish()
}

fn date_time(l: &mut Lines, name: &str, z: &Zoned, zone: Option<&str>) {
    match zone {
        Some(tz) => l.raw(
            &format!("{name};TZID={}", param_value(tz)),
            &z.strftime("%Y%m%dT%H%M%S").to_string(),
        ),
        None => l.raw(name, &z.timestamp().strftime("%Y%m%dT%H%M%SZ").to_string()),
    };
}

/// Each named zone the events use, with the first and last moment it is needed.
fn zones(events: &[Event]) -> Zones {
    let mut zones = Zones::new();
    for e in events {
        if let When::Timed {
            start,
            end,
            zone: Some(name),
        } = &e.when
        {
            let entry = zones.entry(name.clone()).or_insert_with(|| {
                (
                    start.time_zone().clone(),
                    start.timestamp(),
                    end.timestamp(),
                )
            });
            entry.1 = entry.1.min(start.timestamp());
            entry.2 = entry.2.max(end.timestamp());
        }
    }
    zones
}

/// One observance of a VTIMEZONE: from `at`, clocks read `to` instead of `from`.
struct Observance {
    at: Timestamp,
    from: Offset,
    to: Offset,
    dst: bool,
    abbreviation: String,
}

impl Observance {
    fn of(tz: &TimeZone, t: &jiff::tz::TimeZoneTransition) -> Observance {
        let at = t.timestamp();
        Observance {
            at,
            from: at
                .checked_sub(jiff::SignedDuration::from_secs(1))
                .map_or(t.offset(), |before| tz.to_offset(before)),
            to: t.offset(),
            dst: t.dst().is_dst(),
            abbreviation: t.abbreviation().to_string(),
        }
    }
}

/// A VTIMEZONE with every offset change from the one in force at `first`
/// to the first one after `last`, each as its own observance: exact for
/// the events, and needs no recurrence rules.
fn vtimezone(l: &mut Lines, name: &str, tz: &TimeZone, first: Timestamp, last: Timestamp) {
    l.raw("BEGIN", "VTIMEZONE").text("TZID", name);
    let just_after = first
        .checked_add(jiff::SignedDuration::from_secs(1))
        .unwrap_or(first);
    let start = tz.preceding(just_after).next();
    let mut observances: Vec<Observance> = start.iter().map(|t| Observance::of(tz, t)).collect();
    let from = start.as_ref().map_or(first, |t| t.timestamp());
    for t in tz.following(from) {
        observances.push(Observance::of(tz, &t));
        if t.timestamp() > last {
            break;
        }
    }
    if observances.is_empty() {
        // A zone that never changes: one observance since 1970.
        let info = tz.to_offset_info(first);
        observances.push(Observance {
            at: Timestamp::UNIX_EPOCH,
            from: info.offset(),
            to: info.offset(),
            dst: info.dst().is_dst(),
            abbreviation: info.abbreviation().to_string(),
        });
    }
    for o in observances {
        let kind = if o.dst { "DAYLIGHT" } else { "STANDARD" };
        // The onset is written in the local time before the change.
        let onset = o.at.to_zoned(TimeZone::fixed(o.from));
        l.raw("BEGIN", kind)
            .raw("DTSTART", &onset.strftime("%Y%m%dT%H%M%S").to_string())
            .raw("TZOFFSETFROM", &utc_offset(o.from))
            .raw("TZOFFSETTO", &utc_offset(o.to))
            .text("TZNAME", &o.abbreviation)
            .raw("END", kind);
    }
    l.raw("END", "VTIMEZONE");
}

/// `-0600`, or `+053028` when the offset has seconds.
fn utc_offset(offset: Offset) -> String {
    let secs = offset.seconds();
    let sign = if secs < 0 { '-' } else { '+' };
    let a = secs.unsigned_abs();
    let (h, m, s) = (a / 3600, a / 60 % 60, a % 60);
    if s == 0 {
        format!("{sign}{h:02}{m:02}")
    } else {
        format!("{sign}{h:02}{m:02}{s:02}")
    }
}

/// An interview in the site's time zone, where the seeker lives (its
/// instant is exact whatever zone the note wrote it in); in UTC, written
/// with `Z`, when the site's zone is UTC or has no IANA name.
fn event_zone(site: &Site, z: &Zoned) -> (Zoned, Option<String>) {
    let tz = &site.config.timezone;
    match tz.iana_name() {
        Some(name) if !matches!(name, "UTC" | "Etc/UTC") => {
            (z.with_time_zone(tz.clone()), Some(name.to_string()))
        }
        _ => (z.with_time_zone(TimeZone::UTC), None),
    }
}

/// `interview-<slug>@user.github.io/prep`: stable across builds, and
/// unique to the site.
fn uid(site: &Site, kind: &str, slug: &str) -> String {
    format!("{kind}-{slug}@{}", uid_domain(site))
}

/// The site's address without the scheme, e.g. `user.github.io/prep`.
pub(crate) fn uid_domain(site: &Site) -> String {
    let base = &site.config.base_url;
    let host = base
        .origin
        .split_once("://")
        .map_or(base.origin.as_str(), |(_, h)| h);
    let path = base.path.trim_matches('/');
    match (host.is_empty(), path.is_empty()) {
        (true, _) => format!(
            "{}.coffeechat",
            crate::read::slug::slugify(&site.config.title)
        ),
        (false, true) => host.to_string(),
        (false, false) => format!("{host}/{path}"),
    }
}

/// The absolute address of a note's page, when the site's origin is known.
pub(crate) fn page_url(site: &Site, id: NoteId) -> Option<String> {
    let origin = &site.config.base_url.origin;
    (!origin.is_empty()).then(|| format!("{origin}{}", site.note_urls[id]))
}

fn people(site: &Site, id: NoteId) -> String {
    site.links[id]
        .contacts
        .iter()
        .map(|c| {
            let note = &site.notes[*c];
            let contact = note.as_contact();
            let role = contact.and_then(|c| c.role.as_deref());
            let company = site.links[*c]
                .company
                .map(|co| site.notes[co].title.as_str());
            let about: Vec<&str> = [role, company].into_iter().flatten().collect();
            if about.is_empty() {
                note.title.clone()
            } else {
                format!("{} ({})", note.title, about.join(", "))
            }
        })
        .collect::<Vec<_>>()
        .join("; ")
}

fn description(site: &Site, id: NoteId, first: String) -> String {
    let mut lines = vec![first];
    if let Some(url) = page_url(site, id) {
        lines.push(format!("Briefing: {url}"));
    }
    lines.join("\n")
}

fn interview_event(site: &Site, id: NoteId) -> Option<Event> {
    let note = &site.notes[id];
    let i = note.as_interview()?;
    let (start, zone) = event_zone(site, i.date.as_ref()?);
    let end = start
        .checked_add(jiff::Span::new().minutes(i64::from(i.duration)))
        .unwrap_or_else(|_| start.clone());
    let minutes = site.config.remind_minutes;
    // A day agreed without a time is an all-day entry, with no alarm:
    // there is no time to be reminded before.
    let (when, alarm) = match i.date_only {
        true => (
            When::AllDay(
                i.date
                    .as_ref()?
                    .with_time_zone(site.config.timezone.clone())
                    .date(),
            ),
            None,
        ),
        false => (
            When::Timed { start, end, zone },
            (minutes > 0 && i.status != InterviewStatus::Cancelled).then(|| Alarm {
                trigger: format!("-PT{minutes}M"),
                description: format!("In {minutes} minutes: {}", note.title),
            }),
        ),
    };
    let mut first = format!("With {}", people(site, id));
    if let Some(f) = i.format {
        first.push_str(&format!(" · {}", f.as_str()));
    }
    Some(Event {
        uid: uid(site, "interview", &note.slug),
        summary: note.title.clone(),
        when,
        location: i.location.as_ref().map(|p| match p {
            crate::domain::Place::Text(t) => t.clone(),
            crate::domain::Place::Link(u) => u.as_str().to_string(),
        }),
        description: description(site, id, first),
        url: page_url(site, id),
        status: Some(match i.status {
            InterviewStatus::Planned | InterviewStatus::Requested => "TENTATIVE",
            InterviewStatus::Cancelled => "CANCELLED",
            _ => "CONFIRMED",
        }),
        alarm,
    })
}

/// The thank-you due date (until one is sent) and the follow-up date.
fn interview_reminders(site: &Site, id: NoteId) -> Vec<Event> {
    let note = &site.notes[id];
    let Some(i) = note.as_interview() else {
        return Vec::new();
    };
    let mut events = Vec::new();
    let thanked = i.thank_you_sent.is_some() || i.status == InterviewStatus::Thanked;
    if let (false, false, Some(due)) = (
        thanked,
        i.status == InterviewStatus::Cancelled,
        i.thank_you_due(site.config.thank_you_days),
    ) {
        let what = format!("Thank {}", people(site, id));
        let summary = format!("Thank-you note due: {}", note.title);
        let mut event = reminder(site, id, "thank-you", summary, due, what.clone());
        // On the morning it is due: 09:00 on the all-day event's day.
        event.alarm = Some(Alarm {
            trigger: "PT9H".to_string(),
            description: format!("{what}: the thank-you note is due today"),
        });
        events.push(event);
    }
    if let Some(date) = i.follow_up {
        let what = format!("Follow up with {}", people(site, id));
        let summary = format!("Follow up: {}", note.title);
        events.push(reminder(site, id, "follow-up", summary, date, what));
    }
    events
}

/// An all-day reminder about note `id`, its UID made from `kind`.
fn reminder(
    site: &Site,
    id: NoteId,
    kind: &str,
    summary: String,
    date: Date,
    what: String,
) -> Event {
    Event {
        uid: uid(site, kind, &site.notes[id].slug),
        summary,
        when: When::AllDay(date),
        location: None,
        description: description(site, id, what),
        url: page_url(site, id),
        status: None,
        alarm: None,
    }
}

/// A contact's nudge and check-in, dated by the workflow rules; a date
/// written as `next_follow_up` is the follow-up event already.
fn contact_reminders(site: &Site, id: NoteId) -> Vec<Event> {
    use crate::domain::workflow::ActionKind;
    site.plan()
        .of(id)
        .iter()
        .filter(|a| a.dated_by.is_none())
        .filter_map(|a| {
            let (kind, summary) = match a.kind {
                ActionKind::Nudge => ("nudge", format!("Nudge {}", site.notes[id].title)),
                ActionKind::CheckIn => (
                    "check-in",
                    format!("Check in with {}", site.notes[id].title),
                ),
                _ => return None,
            };
            Some(reminder(site, id, kind, summary, a.due?, a.text.clone()))
        })
        .collect()
}

fn contact_follow_up(site: &Site, id: NoteId) -> Option<Event> {
    let note = &site.notes[id];
    let date = note.as_contact()?.next_follow_up?;
    let what = format!("Follow up with {}", note.title);
    Some(reminder(
        site,
        id,
        "follow-up-contact",
        what.clone(),
        date,
        what,
    ))
}
