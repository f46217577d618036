//! The seeker's next step (issue: workflow rules, drafts, agenda by what to
//! do, calendar alarms, days without a time), on fixture sites built at a
//! chosen `--today`, through the library as the binary calls it.

use coffeechat::{Built, Options};
use std::path::Path;

const CONFIG: &str = "title: Test prep\nbase_url: https://user.github.io/prep/\ntimezone: America/Chicago\nowner:\n  name: Jordan Rivera\n  email: jordan@example.com\n";

struct Site {
    dir: tempfile::TempDir,
}

impl Site {
    fn new(config: &str) -> Site {
        let site = Site {
            dir: tempfile::tempdir().expect("a temporary folder"),
        };
        site.write("coffeechat.yaml", config);
        site
    }

    fn write(&self, rel: &str, text: &str) {
        let path = self.dir.path().join(rel);
        std::fs::create_dir_all(path.parent().expect("a parent")).expect("folders");
        std::fs::write(path, text).expect("a file");
    }

    fn note(&self, collection: &str, slug: &str, front: &str) {
        self.write(
            &format!("content/{collection}/{slug}.md"),
            &format!("---\n{front}---\nNotes.\n"),
        );
    }

    fn options(&self, today: &str) -> Options {
        Options {
            root: self.dir.path().to_path_buf(),
            today: Some(today.parse().expect("a date")),
            ..Options::default()
        }
    }

    fn build(&self, today: &str) -> Built {
        match coffeechat::generate(&self.options(today)) {
            Ok(b) => b,
            Err(coffeechat::Error::Diagnostics(d)) => panic!("diagnostics: {d:#?}"),
            Err(e) => panic!("{e}"),
        }
    }

    /// `check`'s diagnostics as `code file:line`.
    fn check(&self, today: &str) -> Vec<String> {
        coffeechat::check(&self.options(today))
            .iter()
            .map(|d| format!("{} {}:{}", d.code, slash(&d.file), d.line))
            .collect()
    }

    fn agenda(&self, today: &str) -> String {
        coffeechat::commands::agenda::agenda(&self.options(today), 14).expect("an agenda")
    }

    fn agenda_json(&self, today: &str) -> serde_json::Value {
        let text =
            coffeechat::commands::agenda::agenda_json(&self.options(today), 14).expect("an agenda");
        serde_json::from_str(&text).expect("JSON")
    }
}

fn slash(p: &Path) -> String {
    p.to_string_lossy().replace('\\', "/")
}

fn page(built: &Built, path: &str) -> String {
    let bytes = built
        .output
        .files
        .get(path)
        .unwrap_or_else(|| panic!("no page {path}"));
    String::from_utf8(bytes.to_vec()).expect("UTF-8")
}

/// The text of the `<section>` whose heading id is `id`, tags removed and
/// spaces collapsed, so assertions read like the page.
fn section(html: &str, id: &str) -> String {
    let start = html
        .find(&format!("id=\"{id}\""))
        .unwrap_or_else(|| panic!("no heading {id}"));
    let end = html[start..]
        .find("</section>")
        .map_or(html.len(), |e| start + e);
    text(&html[start..end])
}

fn text(html: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => {
                in_tag = false;
                out.push(' ');
            }
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    let out = out
        .replace("&#x27;", "'")
        .replace("&quot;", "\"")
        .replace("&amp;", "&");
    let words: Vec<&str> = out.split_whitespace().collect();
    // `id="x"` leaves its tail behind: drop it.
    words
        .join(" ")
        .trim_start_matches(|c| c != ' ')
        .trim()
        .to_string()
}

/// A site with one note per rule of the workflow table.
fn rules_site() -> Site {
    let s = Site::new(CONFIG);
    s.note(
        "contacts",
        "daniel-cho",
        "name: Daniel Cho\nstage: scheduled\nemail: daniel@example.com\n",
    );
    s.note("interviews", "daniel-talk", "contact: daniel-cho\ndate: 2026-11-24 13:00\nstatus: scheduled\nquestions: [Why?]\ngoals: [Learn]\n");
    s.note(
        "contacts",
        "ivy-new",
        "name: Ivy New\nstage: identified\nemail: ivy@example.com\n",
    );
    s.note("contacts", "nora-nudge", "name: Nora Nudge\nstage: contacted\ntouches:\n  - {date: 2026-11-25, channel: email, direction: sent, note: First message}\n");
    s.note("contacts", "lee-gone", "name: Lee Gone\nstage: contacted\ntouches:\n  - {date: 2026-11-10, channel: email, direction: sent}\n  - {date: 2026-11-20, channel: linkedin, direction: sent}\n");
    s.note(
        "contacts",
        "rita-done",
        "name: Rita Done\nstage: met\nemail: rita@example.com\n",
    );
    s.note("interviews", "rita-talk", "contact: rita-done\ndate: 2026-11-28 10:00\nstatus: done\nresume_requested: true\nreferrals: [omar-next]\nnext_steps: [Read the pilot report]\n");
    s.note(
        "contacts",
        "kim-keep",
        "name: Kim Keep\nstage: keeping-in-touch\nlast_contacted: 2026-09-03\n",
    );
    s
}

const DANIEL: &str = "Did the conversation with Daniel Cho on Tue 24 Nov happen? Set `status: done` (then a thank-you is due) or `status: cancelled`";

#[test]
fn the_dashboard_lists_this_week_by_date_overdue_first_then_the_undated() {
    let site = rules_site();
    let built = site.build("2026-12-01");
    let week = section(&page(&built, "index.html"), "todo-title");
    let expected = [
        "This week",
        &format!("overdue since Tue 24 Nov 2026 : {DANIEL} · Informational interview with Daniel Cho status: done"),
        "Fri 27 Nov 2026 : No reply from Lee Gone to your nudge of Fri 20 Nov: let it go, and do not write again unless they do · Lee Gone",
        "overdue since Mon 30 Nov 2026 : Send Rita Done a thank-you note, then add `thank_you_sent:` · Informational interview with Rita Done thank_you_sent: 2026-12-01",
        "overdue since Mon 30 Nov 2026 : Send Rita Done your resume: it was asked for; then add `resume_sent:` · Informational interview with Rita Done resume_sent: 2026-12-01",
        "Wed 2 Dec 2026 : Check in with Kim Keep: a short update on what you did with their advice · Kim Keep",
        "Wed 2 Dec 2026 : No reply from Nora Nudge since Wed 25 Nov: send one polite nudge · Nora Nudge",
        "Whenever you can",
        "Reach out to Ivy New by email; ask for 15 to 20 minutes of advice · Ivy New stage: contacted",
        "Add a contact note for Omar Next, whom Rita Done suggested · Informational interview with Rita Done coffeechat new contact \"Omar Next\" --introduced-by rita-done",
        "Read the pilot report · Informational interview with Rita Done",
    ]
    .join(" ");
    assert_eq!(week, expected);
    // A week later, the let-go has been said and is gone; the check-in and nudge are overdue.
    let later = section(&page(&site.build("2026-12-08"), "index.html"), "todo-title");
    assert!(!later.contains("Lee Gone"), "{later}");
    assert!(
        later.contains("overdue since Wed 2 Dec 2026 : No reply from Nora Nudge"),
        "{later}"
    );
}

#[test]
fn note_pages_show_their_next_steps() {
    let site = rules_site();
    let built = site.build("2026-12-01");
    let confirm = format!("Next steps overdue since Tue 24 Nov 2026 : {DANIEL} status: done");
    assert_eq!(
        section(
            &page(&built, "interviews/daniel-talk/index.html"),
            "next-title"
        ),
        confirm
    );
    // The contact page lists the actions of the person's interviews too,
    // naming the interview.
    assert_eq!(
        section(
            &page(&built, "contacts/daniel-cho/index.html"),
            "next-title"
        ),
        format!("Next steps overdue since Tue 24 Nov 2026 : {DANIEL} · Informational interview with Daniel Cho status: done")
    );
    assert_eq!(
        section(&page(&built, "interviews/rita-talk/index.html"), "next-title"),
        "Next steps overdue since Mon 30 Nov 2026 : Send Rita Done a thank-you note, then add `thank_you_sent:` thank_you_sent: 2026-12-01 \
         overdue since Mon 30 Nov 2026 : Send Rita Done your resume: it was asked for; then add `resume_sent:` resume_sent: 2026-12-01 \
         Add a contact note for Omar Next, whom Rita Done suggested coffeechat new contact \"Omar Next\" --introduced-by rita-done \
         Read the pilot report"
    );
    assert_eq!(
        section(&page(&built, "contacts/nora-nudge/index.html"), "next-title"),
        "Next steps Wed 2 Dec 2026 : No reply from Nora Nudge since Wed 25 Nov: send one polite nudge"
    );
    assert_eq!(
        section(&page(&built, "contacts/ivy-new/index.html"), "next-title"),
        "Next steps Reach out to Ivy New by email; ask for 15 to 20 minutes of advice stage: contacted"
    );
}

#[test]
fn the_contact_page_shows_the_history_of_touches_and_interviews() {
    let site = rules_site();
    site.note(
        "interviews",
        "nora-talk",
        "contact: nora-nudge\ndate: 2026-10-02 10:00\nstatus: cancelled\n",
    );
    let built = site.build("2026-12-01");
    assert_eq!(
        section(&page(&built, "contacts/nora-nudge/index.html"), "history-title"),
        "History Fri 2 Oct 2026 : Informational interview with Nora Nudge (cancelled) Wed 25 Nov 2026 : email from you: First message"
    );
}

#[test]
fn agenda_lists_the_week_and_the_undated_in_text() {
    let site = rules_site();
    let agenda = site.agenda("2026-12-01");
    let week = &agenda[agenda.find("This week").expect("a week")..];
    let expected = format!(
        "This week (Tue 1 Dec to Mon 7 Dec)
  overdue since Tue 24 Nov 2026  {DANIEL}  [Informational interview with Daniel Cho]
    status: done
  due Fri 27 Nov 2026  No reply from Lee Gone to your nudge of Fri 20 Nov: let it go, and do not write again unless they do  [Lee Gone]
  overdue since Mon 30 Nov 2026  Send Rita Done a thank-you note, then add `thank_you_sent:`  [Informational interview with Rita Done]
    thank_you_sent: 2026-12-01
  overdue since Mon 30 Nov 2026  Send Rita Done your resume: it was asked for; then add `resume_sent:`  [Informational interview with Rita Done]
    resume_sent: 2026-12-01
  due Wed 2 Dec 2026  Check in with Kim Keep: a short update on what you did with their advice  [Kim Keep]
  due Wed 2 Dec 2026  No reply from Nora Nudge since Wed 25 Nov: send one polite nudge  [Nora Nudge]

Whenever you can (3)
  Reach out to Ivy New by email; ask for 15 to 20 minutes of advice  [Ivy New]
    stage: contacted
  Add a contact note for Omar Next, whom Rita Done suggested  [Informational interview with Rita Done]
    coffeechat new contact \"Omar Next\" --introduced-by rita-done
  Read the pilot report  [Informational interview with Rita Done]

Contacts with no next step
  none
"
    );
    assert_eq!(week, expected);
}

#[test]
fn agenda_json_has_the_documented_shape() {
    let site = rules_site();
    site.note(
        "interviews",
        "ivy-talk",
        "contact: ivy-new\ndate: 2026-12-03\nstatus: requested\n",
    );
    let json = site.agenda_json("2026-12-01");
    assert_eq!(json["today"], "2026-12-01");
    assert_eq!(json["week_end"], "2026-12-07");
    let first = &json["this_week"][0];
    assert_eq!(first["kind"], "confirm-held");
    assert_eq!(first["due"], "2026-11-24");
    assert_eq!(first["overdue"], true);
    assert_eq!(first["text"], DANIEL);
    assert_eq!(first["command"], "status: done");
    assert_eq!(first["note"]["slug"], "daniel-talk");
    assert_eq!(first["note"]["kind"], "interview");
    assert_eq!(first["note"]["path"], "content/interviews/daniel-talk.md");
    let kinds: Vec<&str> = json["this_week"]
        .as_array()
        .expect("a list")
        .iter()
        .filter_map(|a| a["kind"].as_str())
        .collect();
    assert_eq!(
        kinds,
        [
            "confirm-held",
            "let-go",
            "thank-you",
            "send-resume",
            "check-in",
            "nudge",
            "prepare"
        ]
    );
    assert_eq!(json["this_week"][5]["draft"], "nudge");
    let interview = &json["interviews"][0];
    assert_eq!(interview["slug"], "ivy-talk");
    assert_eq!(interview["date"], "2026-12-03");
    // A day without a time: no time, never "00:00".
    assert_eq!(interview["time"], serde_json::Value::Null);
    assert_eq!(interview["with"][0], "Ivy New");
    assert_eq!(
        interview["briefing"],
        "public/interviews/ivy-talk/index.html"
    );
    assert_eq!(json["undated"].as_array().map(Vec::len), Some(2));
    assert_eq!(json["no_next_step"].as_array().map(Vec::len), Some(0));
}

#[test]
fn check_warns_of_a_conversation_never_closed_and_an_overdue_thank_you() {
    let site = rules_site();
    assert_eq!(
        site.check("2026-12-01"),
        [
            "interview-not-closed content/interviews/daniel-talk.md:4",
            "thank-you-overdue content/interviews/rita-talk.md:4",
            "referral-without-note content/interviews/rita-talk.md:6",
        ]
    );
    // On the day itself nothing is late yet, and Nora's touch of 25
    // November has not happened: an error on its line.
    assert_eq!(
        site.check("2026-11-24"),
        [
            "touch-in-future content/contacts/nora-nudge.md:5",
            "referral-without-note content/interviews/rita-talk.md:6",
        ]
    );
}

#[test]
fn undated_actions_are_capped_on_the_dashboard_with_a_count() {
    let site = Site::new(CONFIG);
    for n in 0..30 {
        site.note(
            "contacts",
            &format!("person-{n:02}"),
            &format!("name: Person {n:02}\n"),
        );
    }
    let built = site.build("2026-12-01");
    let week = section(&page(&built, "index.html"), "todo-title");
    assert_eq!(week.matches("Reach out to Person").count(), 8, "{week}");
    assert!(
        week.ends_with(
            "… and 22 more without a date: each contact's page and coffeechat agenda list them."
        ),
        "{week}"
    );
    assert!(
        week.contains("Nothing overdue, and nothing due this week."),
        "{week}"
    );
}

#[test]
fn a_day_without_a_time_is_never_midnight() {
    let site = Site::new(CONFIG);
    site.note("contacts", "ana", "name: Ana Lima\n");
    site.note(
        "interviews",
        "ana-talk",
        "contact: ana\ndate: 2026-12-03\nstatus: scheduled\nquestions: [Why?]\ngoals: [Learn]\n",
    );
    let built = site.build("2026-12-01");
    let html = page(&built, "interviews/ana-talk/index.html");
    assert!(!html.contains("00:00"), "{html}");
    assert!(html.contains("<time datetime=\"2026-12-03\">Thu 3 Dec 2026</time>, time to be agreed"));
    let index = page(&built, "interviews/index.html");
    assert!(!index.contains("00:00"));
    assert_eq!(
        site.check("2026-12-01"),
        ["time-not-agreed content/interviews/ana-talk.md:3"]
    );
}

fn calendar(bytes: &[u8]) -> ical::parser::ical::component::IcalCalendar {
    let mut parser = ical::IcalParser::new(std::io::BufReader::new(bytes));
    let cal = parser
        .next()
        .expect("a calendar")
        .unwrap_or_else(|e| panic!("not iCalendar: {e}"));
    assert!(parser.next().is_none());
    cal
}

fn prop<'e>(props: &'e [ical::property::Property], name: &str) -> Option<&'e str> {
    props
        .iter()
        .find(|p| p.name == name)
        .and_then(|p| p.value.as_deref())
}

#[test]
fn the_calendar_has_alarms_before_interviews_and_on_thank_you_mornings() {
    let site = Site::new(&format!("{CONFIG}remind_minutes: 30\n"));
    site.note("contacts", "ana", "name: Ana Lima\n");
    site.note("interviews", "ana-talk", "contact: ana\ndate: 2026-12-03 14:30\nstatus: scheduled\nquestions: [Why?]\ngoals: [Learn]\n");
    site.note(
        "interviews",
        "ana-day",
        "contact: ana\ndate: 2026-12-10\nstatus: requested\n",
    );
    let built = site.build("2026-12-01");
    let cal = calendar(&built.output.files["calendar.ics"]);
    let event = |uid: &str| {
        cal.events
            .iter()
            .find(|e| prop(&e.properties, "UID").is_some_and(|u| u.starts_with(uid)))
            .unwrap_or_else(|| panic!("no event {uid}"))
    };
    let talk = event("interview-ana-talk@");
    assert_eq!(talk.alarms.len(), 1);
    assert_eq!(prop(&talk.alarms[0].properties, "TRIGGER"), Some("-PT30M"));
    assert_eq!(prop(&talk.alarms[0].properties, "ACTION"), Some("DISPLAY"));
    let thanks = event("thank-you-ana-talk@");
    assert_eq!(prop(&thanks.properties, "DTSTART"), Some("20261205"));
    assert_eq!(prop(&thanks.alarms[0].properties, "TRIGGER"), Some("PT9H"));
    // A day without a time: an all-day entry, no alarm.
    let day = event("interview-ana-day@");
    let start = day
        .properties
        .iter()
        .find(|p| p.name == "DTSTART")
        .expect("DTSTART");
    assert_eq!(start.value.as_deref(), Some("20261210"));
    assert_eq!(
        start.params.as_ref().map(|p| p[0].1[0].as_str()),
        Some("DATE")
    );
    assert!(day.alarms.is_empty());
    // The interview's own .ics carries its alarm.
    let own = built
        .output
        .files
        .iter()
        .find(|(path, _)| path.ends_with("ana-talk.ics"))
        .map(|(_, bytes)| calendar(bytes))
        .expect("the interview's .ics");
    assert_eq!(
        prop(&own.events[0].alarms[0].properties, "TRIGGER"),
        Some("-PT30M")
    );
}

/// The one sentence every draft says (src/pages/drafts.rs, NOT_A_JOB).
const NOT_A_JOB: &str = "To be clear, I am not asking for a job: your advice is what I am after.";
const JOB_ASKING: &[&str] = &["any openings", "hire me", "job opening", "apply for"];

fn drafts_site() -> Site {
    let s = Site::new(&format!(
        "{CONFIG}  pitch: I am a data analyst moving into climate research.\n  resume_url: https://jordan.example.com/resume.pdf\n"
    ));
    s.note("companies", "acme", "name: Acme Grid\n");
    s.note("contacts", "ana-lima", "name: Ana Lima\nrole: Researcher\ncompany: acme\nsource: alumni\nstage: identified\nemail: ana@example.com\nlinkedin: https://www.linkedin.com/in/example-ana\n");
    s.note("contacts", "ben-ode", "name: Ben Ode\nrole: Product Manager\ncompany: acme\nsource: referral\nintroduced_by: ana-lima\nstage: contacted\nemail: ben+prep@example.com\ntouches:\n  - {date: 2026-11-20, channel: email, direction: sent}\n");
    s.note("contacts", "cy-dee", "name: Cy Dee\nsource: community\nstage: keeping-in-touch\nlast_contacted: 2026-08-01\nemail: cy@example.com\n");
    s.note("interviews", "ben-talk", "contact: ben-ode\ndate: 2026-11-27 10:00\nstatus: done\nresume_requested: true\nreferrals: [cy-dee, omar-next]\nlearned: [How the grid team decides what to study & why]\nnext_steps: [Read the pilot report]\n");
    s
}

fn draft(site: &Site, kind: &str, slug: &str) -> Result<String, String> {
    coffeechat::commands::draft::draft(&site.options("2026-12-01"), kind, slug)
        .map_err(|e| e.to_string())
}

/// Checks the etiquette of one draft: the person, how you know them, the
/// not-a-job sentence once, and no job-asking phrase anywhere else.
fn assert_polite(text: &str, person: &str, known_by: &str) {
    assert!(text.starts_with("Subject: "), "{text}");
    assert!(text.contains(&format!("Hi {person},")), "{text}");
    assert!(text.contains(known_by), "no `{known_by}` in {text}");
    assert_eq!(text.matches(NOT_A_JOB).count(), 1, "{text}");
    let rest = text.replace(NOT_A_JOB, "").to_lowercase();
    for phrase in JOB_ASKING {
        assert!(!rest.contains(phrase), "`{phrase}` in {text}");
    }
}

#[test]
fn every_draft_follows_the_etiquette() {
    let site = drafts_site();
    let outreach = draft(&site, "outreach", "ana-lima").expect("outreach");
    assert_polite(&outreach, "Ana", "I found you through our alumni network.");
    assert!(outreach.contains("15 to 20 minutes"));
    let nudge = draft(&site, "nudge", "ben-ode").expect("nudge");
    assert_polite(&nudge, "Ben", "Ana Lima suggested I get in touch with you.");
    assert!(nudge.contains("I wrote on Friday 20 November"), "{nudge}");
    let thanks = draft(&site, "thank-you", "ben-talk").expect("thank-you");
    assert_polite(
        &thanks,
        "Ben",
        "thanks again to Ana Lima for introducing us",
    );
    assert!(
        thanks.contains("What stayed with me most: How the grid team decides what to study & why."),
        "{thanks}"
    );
    assert!(
        thanks.contains("suggesting I talk to Cy Dee and Omar Next"),
        "{thanks}"
    );
    assert!(
        thanks.contains("here is my resume: https://jordan.example.com/resume.pdf"),
        "{thanks}"
    );
    // A contact's slug means their latest conversation.
    assert_eq!(draft(&site, "thank-you", "ben-ode"), Ok(thanks.clone()));
    let check_in = draft(&site, "check-in", "cy-dee").expect("check-in");
    assert_polite(&check_in, "Cy", "community");
    let intro = draft(&site, "introduction", "ben-ode").expect("introduction");
    // To Ana, who introduced Ben, about Ben.
    assert_polite(&intro, "Ana", "Would you introduce me to Ben Ode?");
    assert!(
        intro.contains("I would ask Ben for 15 to 20 minutes"),
        "{intro}"
    );
}

#[test]
fn draft_errors_hint_at_what_fits() {
    let site = drafts_site();
    assert_eq!(
        draft(&site, "outreach", "ana-lim"),
        Err("no contact or interview has the slug `ana-lim`; did you mean `ana-lima`?".to_string())
    );
    assert_eq!(
        draft(&site, "nudge", "ben-talk"),
        Err("a nudge draft does not fit the interview `ben-talk`; try: thank-you".to_string())
    );
    assert_eq!(
        draft(&site, "thank-you", "ana-lima"),
        Err(
            "a thank-you draft does not fit the contact `ana-lima`; try: outreach, nudge, check-in"
                .to_string()
        )
    );
    assert_eq!(
        draft(&site, "introduction", "ana-lima"),
        Err("nobody introduced Ana Lima: set `introduced_by:` on their note to the contact who can, or write an outreach draft".to_string())
    );
    assert_eq!(
        draft(&site, "hello", "ana-lima"),
        Err("there is no `hello` draft; the kinds are: outreach, nudge, thank-you, check-in, introduction".to_string())
    );
}

/// Percent-decoding (RFC 3986), as a mail program reads a `mailto:`.
fn decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() + 1 {
            let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).expect("hex");
            out.push(u8::from_str_radix(hex, 16).expect("a hex byte"));
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).expect("UTF-8")
}

/// The first `mailto:` link with a subject in `html`: (address, subject, body).
fn mailto(html: &str) -> (String, String, String) {
    let start = html.find("href=\"mailto:").expect("a mailto link") + 13;
    let href = &html[start..start + html[start..].find('"').expect("the end")];
    assert!(!href.contains(' ') && !href.contains('\n'), "{href}");
    let href = href.replace("&amp;", "&");
    let (to, query) = href.split_once('?').expect("a query");
    let mut subject = String::new();
    let mut body = String::new();
    for pair in query.split('&') {
        match pair.split_once('=') {
            Some(("subject", v)) => subject = decode(v),
            Some(("body", v)) => body = decode(v),
            _ => panic!("unexpected {pair}"),
        }
    }
    (decode(to), subject, body)
}

#[test]
fn pages_offer_drafts_whose_mailto_links_decode_to_the_same_text() {
    let site = drafts_site();
    let built = site.build("2026-12-01");
    for (page_path, kind, slug, address) in [
        (
            "contacts/ana-lima/index.html",
            "outreach",
            "ana-lima",
            "ana@example.com",
        ),
        (
            "interviews/ben-talk/index.html",
            "thank-you",
            "ben-talk",
            "ben+prep@example.com",
        ),
        (
            "contacts/cy-dee/index.html",
            "check-in",
            "cy-dee",
            "cy@example.com",
        ),
    ] {
        let html = page(&built, page_path);
        let drafts = &html[html.find("id=\"drafts-title\"").expect("drafts")..];
        let (to, subject, body) = mailto(drafts);
        let text = draft(&site, kind, slug).expect("a draft");
        assert_eq!(to, address);
        assert_eq!(
            format!("Subject: {subject}\n\n{}\n", body.replace("\r\n", "\n")),
            text
        );
        assert!(
            !body.replace("\r\n", "").contains('\n'),
            "bare LF in {body:?}"
        );
        assert!(drafts.contains(&format!(
            "<button type=\"button\" class=\"copy\" data-copy=\"draft-{kind}\" hidden>"
        )));
        assert!(html.contains("<script src=\"/prep/copy.js\" defer></script>"));
    }
    // The body on the page is escaped HTML.
    let ben = page(&built, "interviews/ben-talk/index.html");
    assert!(ben.contains("decides what to study &amp; why."));
    assert!(built.output.files.contains_key("copy.js"));
    // Outreach to someone on LinkedIn: an invitation note that fits.
    let ana = page(&built, "contacts/ana-lima/index.html");
    let note_start = ana
        .find("id=\"draft-outreach-linkedin\">")
        .expect("a LinkedIn note")
        + 29;
    let note = &ana[note_start..note_start + ana[note_start..].find("</pre>").expect("end")];
    assert!(note.starts_with("Hi Ana, fellow alum here."), "{note}");
    assert!(note.contains(NOT_A_JOB), "{note}");
    assert!(
        note.chars().count() <= 300,
        "{} characters",
        note.chars().count()
    );
}

#[test]
fn a_site_overrides_a_message_like_a_page_template() {
    let site = drafts_site();
    site.write(
        "templates/messages/outreach.txt",
        "Subject: Hello {{ to.first_name }}\n\nShort and sweet. {{ not_a_job }}\n",
    );
    assert_eq!(
        draft(&site, "outreach", "ana-lima"),
        Ok(format!(
            "Subject: Hello Ana\n\nShort and sweet. {NOT_A_JOB}\n"
        ))
    );
}

#[test]
fn agenda_lists_what_is_dated_after_this_week_through_days() {
    let site = Site::new(CONFIG);
    site.note(
        "contacts",
        "ana",
        "name: Ana Lima\nstage: thanked\nnext_follow_up: 2026-12-10\n",
    );
    let agenda = site.agenda("2026-12-01");
    assert!(
        agenda.contains("\nThis week (Tue 1 Dec to Mon 7 Dec)\n  none\n\nLater, through Tue 15 Dec\n  due Thu 10 Dec 2026  Follow up with Ana Lima  [Ana Lima]\n"),
        "{agenda}"
    );
    let json = site.agenda_json("2026-12-01");
    assert_eq!(json["later"][0]["due"], "2026-12-10");
    assert_eq!(json["later"][0]["draft"], "check-in");
}

#[test]
fn the_other_rules_reach_pages_agenda_and_check() {
    let site = Site::new(CONFIG);
    site.note("contacts", "rae", "name: Rae Replied\nstage: contacted\ntouches:\n  - {date: 2026-11-20, channel: email, direction: sent}\n  - {date: 2026-11-22, channel: phone, direction: received, note: Call me next week}\n");
    site.note("contacts", "una", "name: Una Unknown\nstage: contacted\n");
    site.note("contacts", "sol", "name: Sol Scheduled\nstage: scheduled\n");
    site.note("contacts", "max", "name: Max Met\nstage: met\n");
    site.note("contacts", "tia", "name: Tia Thanked\nstage: thanked\n");
    site.note(
        "interviews",
        "tia-talk",
        "contact: tia\ndate: 2026-11-25 10:00\nstatus: done\n",
    );
    site.note("contacts", "pat", "name: Pat Prepared\nstage: scheduled\n");
    site.note(
        "interviews",
        "pat-talk",
        "contact: pat\ndate: 2026-12-03 10:00\ngoals: [Learn]\n",
    );
    let built = site.build("2026-12-01");
    let steps = |path: &str| section(&page(&built, path), "next-title");
    assert_eq!(
        steps("contacts/rae/index.html"),
        "Next steps Rae Replied replied on Sun 22 Nov: agree a day and time, add the interview, and set `stage: scheduled` coffeechat new interview rae"
    );
    assert_eq!(
        steps("contacts/una/index.html"),
        "Next steps Record when you wrote to Una Unknown, so a nudge can be timed touches: [{date: 2026-12-01, channel: email, direction: sent}]"
    );
    assert_eq!(
        steps("contacts/sol/index.html"),
        "Next steps Sol Scheduled agreed to talk: add the interview with its date, then prepare the briefing coffeechat new interview sol --date \"YYYY-MM-DD HH:MM\""
    );
    assert_eq!(
        steps("contacts/max/index.html"),
        "Next steps You met Max Met: set `status: done` on the interview note, or add one coffeechat new interview max"
    );
    // `thanked` on the contact clears the interview's thank-you.
    assert_eq!(
        steps("interviews/tia-talk/index.html"),
        "Next steps Nothing to do for now."
    );
    assert_eq!(
        steps("interviews/pat-talk/index.html"),
        "Next steps Thu 3 Dec 2026 : Prepare for the conversation with Pat Prepared: read the briefing; no questions picked yet"
    );
    let json = site.agenda_json("2026-12-01");
    let kinds = |key: &str| -> Vec<String> {
        json[key]
            .as_array()
            .expect("a list")
            .iter()
            .map(|a| {
                format!(
                    "{} {}",
                    a["kind"].as_str().unwrap_or(""),
                    a["note"]["slug"].as_str().unwrap_or("")
                )
            })
            .collect()
    };
    assert_eq!(kinds("this_week"), ["prepare pat-talk"]);
    // Undated actions come note by note, in file order.
    assert_eq!(
        kinds("undated"),
        [
            "record-interview max",
            "schedule rae",
            "prepare sol",
            "record-sent una"
        ]
    );
    let no_next: Vec<&str> = json["no_next_step"]
        .as_array()
        .expect("a list")
        .iter()
        .filter_map(|n| n["slug"].as_str())
        .collect();
    assert_eq!(no_next, ["tia"]);
    assert!(site.agenda("2026-12-01").contains(
        "\nContacts with no next step\n  Tia Thanked (thanked)  content/contacts/tia.md\n"
    ));
    assert_eq!(
        site.check("2026-12-01"),
        ["no-questions content/interviews/pat-talk.md:1"]
    );
}

#[test]
fn a_referral_line_creates_the_contact_with_its_introducer() {
    let site = Site::new(CONFIG);
    site.note("contacts", "rita-done", "name: Rita Done\n");
    let new = |introduced_by: &str| coffeechat::commands::new::NewNote {
        kind: coffeechat::commands::new::parse_kind("contact").expect("a kind"),
        name: "Omar Next".to_string(),
        company: None,
        contact: None,
        date: None,
        introduced_by: Some(introduced_by.to_string()),
    };
    let created =
        coffeechat::commands::new::new_note(&site.options("2026-12-01"), &new("rita-done"))
            .expect("a new contact");
    let text = std::fs::read_to_string(&created.absolute).expect("the note");
    assert!(text.contains("\nintroduced_by: rita-done\n"), "{text}");
    assert_eq!(text.matches("introduced_by:").count(), 1, "{text}");
    // The new note resolves: the site still builds, and Omar is to reach out to through Rita.
    let built = site.build("2026-12-01");
    assert!(section(&page(&built, "contacts/omar-next/index.html"), "next-title")
        .starts_with("Next steps Reach out to Omar Next through Rita Done: ask for an introduction, or write and mention them"));
    let wrong = coffeechat::commands::new::new_note(&site.options("2026-12-01"), &new("rita-dnoe"));
    let message = wrong.map(|_| ()).map_err(|e| e.to_string());
    assert!(
        message.as_ref().is_err_and(|m| m.contains("rita-done")),
        "{message:?}"
    );
}

#[test]
fn a_public_build_shows_no_next_steps_and_no_drafts() {
    let site = drafts_site();
    let options = Options {
        public: true,
        ..site.options("2026-12-01")
    };
    // Contact pages opted back in, to see that they carry no plan.
    site.write(
        "coffeechat.yaml",
        &format!("{CONFIG}publish:\n  pages: [contacts]\n"),
    );
    let built = coffeechat::generate(&options).expect("a public build");
    let ana = page(&built, "contacts/ana-lima/index.html");
    assert!(!ana.contains("id=\"next-title\""), "{ana}");
    assert!(!ana.contains("id=\"drafts-title\""), "{ana}");
    assert!(!ana.contains("mailto:"), "{ana}");
    assert!(!page(&built, "index.html").contains("id=\"todo-title\""));
}
