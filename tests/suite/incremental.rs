//! `serve`'s incremental rebuilds: an edit re-renders the pages that may
//! show the edited note, not the whole site, and the result is always
//! byte-identical to a full build.

use crate::common;

use crate::common::Fixture;
use coffeechat::serve::incremental::{Rebuilt, Road, Session};
use std::path::PathBuf;

/// Rebuilds after editing `rel`, and checks the result against a full build.
fn edit(session: &mut Session, f: &Fixture, rel: &str, text: Option<&str>) -> Vec<String> {
    edit_rebuilt(session, f, rel, text).rendered
}

fn edit_rebuilt(session: &mut Session, f: &Fixture, rel: &str, text: Option<&str>) -> Rebuilt {
    match text {
        Some(t) => f.write(rel, t),
        None => f.remove(rel),
    }
    let rebuilt = session
        .rebuild(&[f.path(rel)])
        .unwrap_or_else(|e| panic!("rebuild after {rel}: {e:?}"));
    assert!(!rebuilt.full, "{rel}: a note edit is not a full rebuild");
    assert_eq!(rebuilt.changed, vec![PathBuf::from(rel)]);
    let full = f.generate();
    assert_same(session, &full.output, rel);
    rebuilt
}

fn assert_same(session: &Session, full: &coffeechat::output::Output, after: &str) {
    let inc = session.output();
    let inc_keys: Vec<&String> = inc.files.keys().collect();
    let full_keys: Vec<&String> = full.files.keys().collect();
    assert_eq!(inc_keys, full_keys, "after {after}: different files");
    for (path, bytes) in &full.files {
        assert!(
            inc.files[path] == *bytes,
            "after {after}: {path} differs from a full build"
        );
    }
}

fn session(f: &Fixture) -> Session {
    let mut s = Session::new(f.options());
    let first = s.rebuild(&[]).unwrap();
    assert!(first.full);
    assert_same(&s, &f.generate().output, "the first build");
    s
}

#[test]
fn an_edit_rerenders_its_neighbourhood_not_the_site() {
    let f = Fixture::small();
    let mut s = session(&f);
    let all = s
        .output()
        .files
        .keys()
        .filter(|p| p.ends_with(".html"))
        .count();

    // Dara has no company, no introductions, no interviews. Her body
    // changed, not her front matter: nothing else shows her body.
    let rendered = edit(
        &mut s,
        &f,
        "content/contacts/dara-singh.md",
        Some("---\nname: Dara Singh\nsource: stranger\n---\nMet at the climate meetup.\n"),
    );
    assert_eq!(rendered, ["contacts/dara-singh/index.html"]);
    let html = common::page_of(s.output(), "contacts/dara-singh/index.html");
    assert!(html.contains("Met at the climate meetup."));
    let search = common::page_of(s.output(), "search.json");
    assert!(search.contains("Met at the climate meetup."), "{search}");

    // Her front matter changed: the lists that show her card are made again,
    // but no other note's Markdown.
    let rebuilt = edit_rebuilt(
        &mut s,
        &f,
        "content/contacts/dara-singh.md",
        Some("---\nname: Dara Singh\nsource: stranger\nrole: Organiser\n---\nMet at the climate meetup.\n"),
    );
    assert_eq!(rebuilt.bodies, 1, "only Dara's body moved down a line");
    let rendered = rebuilt.rendered;
    // Not the 404 page or the question banks' index: neither shows her;
    // nor the companies' and interviews' indexes, whose rows did not
    // change (she has no company and no interview), nor the tags (hers
    // are as they were). Her role is a column of the contacts index, and
    // her card is on the dashboard (a nudge) and the network page.
    let expected = [
        "contacts/dara-singh/index.html",
        "contacts/index.html",
        "index.html",
        "network/index.html",
    ];
    assert_eq!(rendered, expected);
    assert!(rendered.len() < all);
    let html = common::page_of(s.output(), "contacts/dara-singh/index.html");
    assert!(html.contains("Organiser"));

    // Chen: his company and his introducer (and theirs, two links away)
    // show him; Dara's page does not.
    let rendered = edit(
        &mut s,
        &f,
        "content/contacts/chen-wu.md",
        Some("---\nname: Chen Wu\nrole: Analyst\ncompany: globex\nsource: referral\nintroduced_by: ben-okafor\n---\nMentioned by [[ben-okafor]].\n"),
    );
    for p in [
        "contacts/chen-wu/index.html",
        "companies/globex/index.html",
        "contacts/ben-okafor/index.html",
    ] {
        assert!(rendered.contains(&p.to_string()), "{p} not in {rendered:?}");
    }
    assert!(!rendered.contains(&"contacts/dara-singh/index.html".to_string()));
    assert!(common::page_of(s.output(), "companies/globex/index.html").contains("Analyst"));
}

/// Rebuilds after an edit; checks the road it took, and that its pages
/// and its warnings are a full build's.
fn edit_on(session: &mut Session, f: &Fixture, rel: &str, text: &str, road: Road) -> Rebuilt {
    let rebuilt = edit_rebuilt(session, f, rel, Some(text));
    assert_eq!(rebuilt.road, road, "{rel}: {text}");
    let full = f.generate();
    let shown = |d: &[coffeechat::diagnostics::Diagnostic]| -> Vec<String> {
        d.iter().map(|d| format!("{d:?}")).collect()
    };
    assert_eq!(
        shown(&rebuilt.diagnostics),
        shown(&full.diagnostics),
        "{rel}: the warnings of a full build"
    );
    rebuilt
}

#[test]
fn front_matter_edits_that_keep_the_links_are_put_in_place() {
    let f = Fixture::small();
    let mut s = session(&f);
    let ben = "content/contacts/ben-okafor.md";
    let ben_text = "---\nname: Ben Okafor\ncompany: acme\nrole: Product Lead\nsource: referral\nintroduced_by: ana-lima\nstage: scheduled\ntimezone: Europe/Berlin\n---\nBen knows the product side.\n";
    let r = edit_on(&mut s, &f, ben, ben_text, Road::Fields);
    assert_eq!(r.bodies, 0);
    assert!(r.rendered.contains(&"contacts/index.html".to_string()));
    assert!(!r.rendered.contains(&"questions/index.html".to_string()));
    assert!(common::page_of(s.output(), "contacts/index.html").contains("Product Lead"));
    // An interview's goal, then its day: into this week's pack, earlier in
    // the interviews index and the calendar.
    let interview = "content/interviews/2026-12-01-ben-okafor.md";
    let text = |date: &str, goal: &str| {
        format!("---\ncontact: ben-okafor\ndate: \"{date}\"\nduration: 30\nformat: video\nlocation: https://meet.example.com/abc\nstatus: scheduled\ngoals: [{goal}]\nquestions:\n  - career\n  - What surprised you most when you joined Acme?\ntalking_points: [My warehouse analytics project]\n---\nPrep for Ben.\n")
    };
    let r = edit_on(
        &mut s,
        &f,
        interview,
        &text("2026-12-01 09:30", "Hear how launches are planned"),
        Road::Fields,
    );
    assert!(
        !r.rendered.contains(&"contacts/index.html".to_string()),
        "{:?}",
        r.rendered
    );
    // Nor the pages two links away (Ana introduced Ben): a goal is on no
    // card, row or next step.
    let has = |p: &str| r.rendered.contains(&p.to_string());
    assert!(!has("contacts/ana-lima/index.html"), "{:?}", r.rendered);
    assert!(has("interviews/2026-12-01-ben-okafor/index.html"));
    let r = edit_on(
        &mut s,
        &f,
        interview,
        &text("2026-11-24 09:30", "Hear how launches are planned"),
        Road::Fields,
    );
    assert!(
        r.rendered.contains(&"print/index.html".to_string()),
        "{:?}",
        r.rendered
    );
    assert!(common::page_of(s.output(), "calendar.ics").contains("20261124T093000"));
    // A company's place.
    edit_on(&mut s, &f, "content/companies/acme.md", "---\nname: Acme Robotics\nindustry: Robotics\nlocation: Leeds\nstatus: target\nwebsite: https://acme.example.com\ntags: [robots]\n---\nAcme builds warehouse robots. Met [[ana-lima]] at a meetup.\n", Road::Fields);
    // Dara's email is now Ana's: the check across contacts says so, as a
    // full build does; then it is hers again.
    let dara = "content/contacts/dara-singh.md";
    let r = edit_on(
        &mut s,
        &f,
        dara,
        "---\nname: Dara Singh\nsource: stranger\nemail: ana@example.com\n---\nNo company yet.\n",
        Road::Fields,
    );
    assert!(
        r.diagnostics.iter().any(|d| d.code == "duplicate-contact"),
        "{:?}",
        r.diagnostics
    );
    let r = edit_on(
        &mut s,
        &f,
        dara,
        "---\nname: Dara Singh\nsource: stranger\nemail: dara@example.com\n---\nNo company yet.\n",
        Road::Fields,
    );
    assert!(!r.diagnostics.iter().any(|d| d.code == "duplicate-contact"));
    // Her next follow-up: an all-day event in the calendar, though she has
    // no interview.
    edit_on(&mut s, &f, dara, "---\nname: Dara Singh\nsource: stranger\nemail: dara@example.com\nnext_follow_up: 2026-12-03\n---\nNo company yet.\n", Road::Fields);
    assert!(common::page_of(s.output(), "calendar.ics").contains("DTSTART;VALUE=DATE:20261203"));
    // A bank's question reworded, its ids as they were.
    edit_on(&mut s, &f, "content/questions/career.md", "---\ntitle: Career path\nquestions:\n  - id: first-role\n    text: How did you start out in this field?\n    why: To learn the entry paths\n  - What does a typical week look like for you?\n  - id: who-else\n    text: Who else should I talk to?\n---\nAsk these first.\n", Road::Fields);
    // Front matter and body at once, the body linking to someone new.
    let chen = "content/contacts/chen-wu.md";
    let r = edit_on(&mut s, &f, chen, "---\nname: Chen Wu\nrole: Analyst\ncompany: globex\nsource: referral\nintroduced_by: ben-okafor\n---\nMentioned by [[ben-okafor]]; knows [[dara-singh]].\n", Road::Fields);
    assert_eq!(r.bodies, 1);
    assert!(common::page_of(s.output(), "contacts/dara-singh/index.html").contains("Chen Wu"));
    // Her notes still the placeholder sentence, then written: the warning
    // comes and goes with a body edit, as in a full build.
    let dara_with = |body: &str| {
        format!("---\nname: Dara Singh\nsource: stranger\nemail: dara@example.com\nnext_follow_up: 2026-12-03\n---\n{body}\n")
    };
    let r = edit_on(
        &mut s,
        &f,
        dara,
        &dara_with("Who they are: what they work on, what you have in common."),
        Road::Bodies,
    );
    assert!(
        r.diagnostics.iter().any(|d| d.code == "placeholder-text"),
        "{:?}",
        r.diagnostics
    );
    let r = edit_on(
        &mut s,
        &f,
        dara,
        &dara_with("No company yet."),
        Road::Bodies,
    );
    assert!(!r.diagnostics.iter().any(|d| d.code == "placeholder-text"));
    // What other notes find or show a note by: the whole road.
    edit_on(&mut s, &f, chen, "---\nname: Chen Wu\nrole: Analyst\ncompany: acme\nsource: referral\nintroduced_by: ben-okafor\n---\nMentioned by [[ben-okafor]]; knows [[dara-singh]].\n", Road::Notes);
    edit_on(&mut s, &f, dara, "---\nname: Dara Singh\naliases: [Dee]\nsource: stranger\nemail: dara@example.com\nnext_follow_up: 2026-12-03\n---\nNo company yet.\n", Road::Notes);
    edit_on(&mut s, &f, "content/questions/career.md", "---\ntitle: Career path\nquestions:\n  - id: who-else\n    text: Who else should I talk to?\n  - id: first-role\n    text: How did you start out in this field?\n---\nAsk these first.\n", Road::Notes);
}

/// `text` with `lines` added at the end of its front matter.
fn with_lines(text: &str, lines: &str) -> String {
    let end = text[4..].find("\n---\n").map_or(text.len(), |at| at + 5);
    format!("{}{lines}{}", &text[..end], &text[end..])
}

#[test]
fn each_front_matter_key_edited_alone_matches_a_full_build() {
    let f = Fixture::small();
    let mut s = session(&f);
    let read = |rel: &str| std::fs::read_to_string(f.path(rel)).expect("read");
    let ben = "content/contacts/ben-okafor.md";
    let ana_interview = "content/interviews/2026-10-01-ana-lima.md";
    let ben_interview = "content/interviews/2026-12-01-ben-okafor.md";
    let acme = "content/companies/acme.md";
    let edits: &[(&str, &str)] = &[
        (ben, "team: Platform\n"),
        (ben, "location: Berlin\n"),
        (ben, "email: ben@example.com\nphone: \"+49 30 1234567\"\n"),
        (ben, "linkedin: https://www.linkedin.com/in/ben-okafor-example\nwebsite: https://ben.example.com\n"),
        (ben, "last_contacted: 2026-11-01\n"),
        (ben, "touches:\n  - date: 2026-11-10\n    channel: email\n    direction: sent\n    note: Asked for a chat\n"),
        (ben, "next_follow_up: 2026-11-20\n"),
        (ana_interview, "follow_up: 2026-11-25\n"),
        (ana_interview, "next_steps: [Send the deck]\nlearned: [Teams ship weekly]\n"),
        (ana_interview, "resume_requested: true\n"),
        (ana_interview, "talking_points: [Robots]\nduration: 45\n"),
        (ben_interview, "resume_requested: true\n"),
        (ben_interview, "follow_up: 2026-12-05\n"),
        (acme, "summary: Robots for warehouses\nsize: \"200\"\n"),
        (acme, "careers_url: https://acme.example.com/jobs\ninterest: 4\n"),
    ];
    for (rel, lines) in edits {
        let text = with_lines(&read(rel), lines);
        edit_on(&mut s, &f, rel, &text, Road::Fields);
    }
    // A touch dated after today is an error the checks across notes find:
    // the last good site stays; then a good edit on top of the bad one.
    let good = read(ben);
    f.write(
        ben,
        &with_lines(
            &good,
            "touches:\n  - date: 2026-12-24\n    channel: email\n    direction: sent\n",
        ),
    );
    let failed = s.rebuild(&[f.path(ben)]);
    assert!(failed.is_err(), "{:?}", failed.map(|r| r.summary()));
    let before = common::page_of(s.output(), "contacts/ben-okafor/index.html");
    assert!(!before.contains("Staff Lead"));
    edit_rebuilt(
        &mut s,
        &f,
        ben,
        Some(&good.replacen("role: Product Manager", "role: Staff Lead", 1)),
    );
    assert!(common::page_of(s.output(), "contacts/index.html").contains("Staff Lead"));
    // Values changed in place, each alone.
    for (rel, from, to) in [
        (ben, "stage: scheduled", "stage: met"),
        (ben, "timezone: Europe/Berlin", "timezone: Europe/Paris"),
        (
            ana_interview,
            "thank_you_sent: 2026-10-02",
            "thank_you_sent: 2026-10-03",
        ),
        (ana_interview, "format: coffee", "format: phone"),
        (ben_interview, "status: scheduled", "status: cancelled"),
        // Its events move in the site's calendar and its own.
        (
            ben_interview,
            "date: \"2026-12-01 09:30\"",
            "date: \"2026-12-02 10:00\"",
        ),
        // No date: no calendar of its own.
        (ben_interview, "date: \"2026-12-02 10:00\"\n", ""),
        (
            ben_interview,
            "location: https://meet.example.com/abc",
            "location: The Acme lobby",
        ),
        (acme, "status: target", "status: engaged"),
        (
            acme,
            "website: https://acme.example.com",
            "website: https://acme.example.org",
        ),
        (
            "content/questions/career.md",
            "    why: To learn the entry paths",
            "    why: To learn how people start",
        ),
    ] {
        let text = read(rel).replacen(from, to, 1);
        assert_ne!(text, read(rel), "{from}");
        edit_on(&mut s, &f, rel, &text, Road::Fields);
    }
}

#[test]
fn every_kind_of_edit_matches_a_full_build() {
    let f = Fixture::small();
    let mut s = session(&f);
    // A company renamed: its people's cards name it.
    edit(
        &mut s,
        &f,
        "content/companies/acme.md",
        Some("---\nname: Acme Warehouse Robotics\nindustry: Robotics\nstatus: engaged\ntags: [robots, logistics]\n---\nRenamed.\n"),
    );
    // A field only a few pages, her vCard and her search entry show: those
    // are made again from the notes the edit reaches, the rest kept.
    let before = common::page_of(s.output(), "contacts.vcf");
    edit(
        &mut s,
        &f,
        "content/contacts/ana-lima.md",
        Some("---\nname: Ana Lima\ncompany: acme\nrole: Principal Engineer\nsource: alumni\nstage: met\nemail: ana.lima@example.com\ntags: [robots, alumni]\n---\nAna went to my school.\n"),
    );
    let after = common::page_of(s.output(), "contacts.vcf");
    assert!(after.contains("ana.lima@example.com") && !before.contains("ana.lima@example.com"));
    assert!(common::page_of(s.output(), "search.json").contains("Principal Engineer"));
    // An introduction moved: chains change below it.
    edit(
        &mut s,
        &f,
        "content/contacts/ben-okafor.md",
        Some("---\nname: Benjamin Okafor\ncompany: globex\nrole: PM\nsource: friend\nintroduced_by: dara-singh\n---\n"),
    );
    // A note added, linking others, with a new tag.
    edit(
        &mut s,
        &f,
        "content/interviews/2026-11-30-chen-wu.md",
        Some("---\ncontact: chen-wu\ndate: \"2026-11-30 11:00\"\nstatus: scheduled\nquestions: [career/who-else]\ntags: [fresh]\n---\nAsk about [[dara-singh]].\n"),
    );
    // A question bank edited: the briefings that use it change.
    edit(
        &mut s,
        &f,
        "content/questions/career.md",
        Some("---\ntitle: Career path\nquestions:\n  - id: first-role\n    text: How did you start out?\n  - id: who-else\n    text: Whom else should I meet?\n---\n"),
    );
    // A note removed.
    edit(&mut s, &f, "content/interviews/2026-11-30-chen-wu.md", None);
    // A draft: left out of the site, so only what mentioned it changes.
    edit(
        &mut s,
        &f,
        "content/pages/draft.md",
        Some("---\ntitle: Draft\ndraft: true\n---\n"),
    );
}

#[test]
fn body_edits_match_a_full_build_and_leave_the_lists_alone() {
    let f = Fixture::small();
    let mut s = session(&f);
    let lists = |rendered: &[String]| {
        rendered
            .iter()
            .filter(|p| {
                [
                    "index.html",
                    "contacts/index.html",
                    "interviews/index.html",
                    "network/index.html",
                ]
                .contains(&p.as_str())
            })
            .count()
    };
    // A company's first paragraph is in its briefings and the companies index.
    let rendered = edit(
        &mut s,
        &f,
        "content/companies/acme.md",
        Some("---\nname: Acme Robotics\nindustry: Robotics\nstatus: target\nwebsite: https://acme.example.com\ntags: [robots]\n---\nAcme now builds delivery drones.\n"),
    );
    assert_eq!(lists(&rendered), 0, "{rendered:?}");
    for p in [
        "companies/index.html",
        "print/next-week/index.html",
        "interviews/2026-12-01-ben-okafor/index.html",
    ] {
        assert!(rendered.iter().any(|r| r == p), "{p} not in {rendered:?}");
    }
    assert!(common::page_of(s.output(), "print/next-week/index.html").contains("delivery drones"));
    // The mention of Ana is gone: her backlinks change.
    assert!(rendered.iter().any(|r| r == "contacts/ana-lima/index.html"));

    // An interview's preparation: its briefing in the packs.
    let rendered = edit(
        &mut s,
        &f,
        "content/interviews/2026-12-01-ben-okafor.md",
        Some("---\ncontact: ben-okafor\ndate: \"2026-12-01 09:30\"\nduration: 30\nformat: video\nlocation: https://meet.example.com/abc\nstatus: scheduled\ngoals: [Learn how product works at Acme]\nquestions:\n  - career\n  - What surprised you most when you joined Acme?\ntalking_points: [My warehouse analytics project]\n---\nAsk [[dara-singh]] first.\n\n```rust\nfn main() {}\n```\n"),
    );
    assert_eq!(lists(&rendered), 0, "{rendered:?}");
    assert!(common::page_of(s.output(), "print/next-week/index.html").contains("sy-code"));
    assert!(
        common::page_of(s.output(), "contacts/dara-singh/index.html")
            .contains("2026-12-01-ben-okafor")
    );

    // An earlier conversation's first paragraph is in the later briefing's data.
    let rendered = edit(
        &mut s,
        &f,
        "content/interviews/2026-10-01-ana-lima.md",
        Some("---\ncontact: ana-lima\ndate: 2026-10-01T10:00:00-05:00\nformat: coffee\nstatus: done\nquestions: [career/first-role, career/who-else]\nasked: [career/first-role]\nreferrals: [ben-okafor]\nthank_you_sent: 2026-10-02\n---\nAna said the robots team is hiring; talk to [[ben-okafor]].\n"),
    );
    assert_eq!(lists(&rendered), 0, "{rendered:?}");
    // (A theme may show it: the page is made again.)
    assert!(rendered
        .iter()
        .any(|r| r == "interviews/2026-12-01-ben-okafor/index.html"));

    // A broken link in a body is an error, and the last good site stays.
    let ana = "content/contacts/ana-lima.md";
    let front = "---\nname: Ana Lima\ncompany: acme\nrole: Staff Engineer\nsource: alumni\nstage: met\nemail: ana@example.com\ntags: [robots, alumni]\n---\n";
    f.write(
        ana,
        &format!("{front}Ana moved teams; see [[nobody-yet]].\n"),
    );
    let before = s.output().clone();
    assert!(s.rebuild(&[f.path(ana)]).is_err());
    assert!(*s.output() == before);

    // A contact's notes are in the vCards.
    let rendered = edit(&mut s, &f, ana, Some(&format!("{front}Ana moved teams.\n")));
    assert!(
        lists(&rendered) > 0,
        "after an error, everything: {rendered:?}"
    );
    let rebuilt = edit_rebuilt(
        &mut s,
        &f,
        ana,
        Some(&format!("{front}Ana moved teams again.\n")),
    );
    assert_eq!(lists(&rebuilt.rendered), 0, "{:?}", rebuilt.rendered);
    assert_eq!(rebuilt.bodies, 1, "only Ana's Markdown");
    assert!(
        common::unescape(&common::page_of(s.output(), "contacts.vcf"))
            .contains("Ana moved teams again")
    );
    let warnings = s.rebuild(&[]).expect("nothing changed").diagnostics;
    assert_eq!(
        warnings,
        coffeechat::check(&f.options()),
        "the same warnings as a full check"
    );
}

#[test]
fn an_editor_swap_file_beside_a_body_edit_changes_nothing_more() {
    let f = Fixture::small();
    let mut s = session(&f);
    let dara = "content/contacts/dara-singh.md";
    f.write(
        dara,
        "---\nname: Dara Singh\nsource: stranger\n---\nSaved from vim.\n",
    );
    f.write("content/contacts/.dara-singh.md.swp", "binary junk");
    let rebuilt = s
        .rebuild(&[f.path(dara), f.path("content/contacts/.dara-singh.md.swp")])
        .expect("rebuild");
    assert_eq!(rebuilt.rendered, ["contacts/dara-singh/index.html"]);
    assert_eq!(rebuilt.bodies, 1);
    assert_same(&s, &f.generate().output, "the save");
}

#[test]
fn a_failed_rebuild_keeps_the_last_good_site_and_its_changes() {
    let f = Fixture::small();
    let mut s = session(&f);
    let before = s.output().clone();
    // Two edits in one batch, one of them broken.
    f.write(
        "content/companies/globex.md",
        "---\nname: Globex Corporation\nstatus: researching\n---\n",
    );
    f.write(
        "content/contacts/dara-singh.md",
        "---\nname: Dara Singh\ncompany: nowhere\n---\n",
    );
    let err = s
        .rebuild(&[
            f.path("content/companies/globex.md"),
            f.path("content/contacts/dara-singh.md"),
        ])
        .unwrap_err();
    assert!(format!("{err:?}").contains("nowhere"));
    assert!(s.output() == &before, "the last good site is kept");
    // Fixing the broken note also brings in the other edit of the batch.
    f.write(
        "content/contacts/dara-singh.md",
        "---\nname: Dara Singh\n---\n",
    );
    let rebuilt = s
        .rebuild(&[f.path("content/contacts/dara-singh.md")])
        .unwrap();
    assert!(rebuilt
        .changed
        .contains(&PathBuf::from("content/companies/globex.md")));
    assert_same(&s, &f.generate().output, "the fix");
    assert!(
        common::page_of(s.output(), "companies/globex/index.html").contains("Globex Corporation")
    );
}

#[test]
fn a_template_edit_renders_the_pages_that_use_it_and_configuration_everything() {
    let f = Fixture::small();
    let mut s = session(&f);
    f.write(
        "templates/404.html",
        "{% extends \"default/404.html\" %}{% block content %}Lost here{% endblock %}",
    );
    let rebuilt = s.rebuild(&[f.path("templates/404.html")]).unwrap();
    assert!(!rebuilt.full);
    assert_eq!(rebuilt.rendered, vec!["404.html".to_string()]);
    assert_eq!(rebuilt.changed, vec![PathBuf::from("templates/404.html")]);
    assert_same(&s, &f.generate().output, "a template");
    // A partial: the pages that include it, not the others.
    f.write(
        "templates/partials/interview_table.html",
        "{% for r in rows %}<p class=\"row\">{{ r.title }}</p>{% endfor %}",
    );
    let rebuilt = s
        .rebuild(&[f.path("templates/partials/interview_table.html")])
        .unwrap();
    assert!(rebuilt.rendered.contains(&"index.html".to_string()));
    assert!(rebuilt
        .rendered
        .contains(&"interviews/index.html".to_string()));
    assert!(!rebuilt.rendered.iter().any(|p| p.starts_with("contacts/")));
    assert_same(&s, &f.generate().output, "a partial");
    // The briefing sheet: every interview page, card and pack.
    f.write(
        "templates/print_sheet.html",
        "<article class=\"briefing\">{{ interview.title }}</article>",
    );
    let rebuilt = s.rebuild(&[f.path("templates/print_sheet.html")]).unwrap();
    for page in [
        "interviews/2026-12-01-ben-okafor/index.html",
        "interviews/2026-12-01-ben-okafor/card/index.html",
        "print/next-week/index.html",
    ] {
        assert!(rebuilt.rendered.contains(&page.to_string()), "{page}");
    }
    assert_same(&s, &f.generate().output, "the sheet template");
    // The base of every page, removed again: everything.
    f.remove("templates/404.html");
    f.write(
        "templates/base.html",
        "{% extends \"default/base.html\" %}{% block title %}Prep{% endblock %}",
    );
    let rebuilt = s
        .rebuild(&[f.path("templates/404.html"), f.path("templates/base.html")])
        .unwrap();
    assert!(rebuilt
        .rendered
        .contains(&"contacts/ana-lima/index.html".to_string()));
    assert!(rebuilt.rendered.contains(&"404.html".to_string()));
    assert_same(&s, &f.generate().output, "the base template");
    // A message draft: the pages with drafts are not known by template.
    f.write(
        "templates/messages/thank-you.txt",
        "Subject: Thanks, {{ to.first_name }}\n\nThank you, {{ to.first_name }}.\n",
    );
    let rebuilt = s
        .rebuild(&[f.path("templates/messages/thank-you.txt")])
        .unwrap();
    assert!(rebuilt.full);
    assert_same(&s, &f.generate().output, "a message draft");
    // Another theme's files change nothing.
    f.write("themes/other/templates/404.html", "elsewhere");
    let rebuilt = s
        .rebuild(&[f.path("themes/other/templates/404.html")])
        .unwrap();
    assert!(rebuilt.rendered.is_empty(), "{:?}", rebuilt.rendered);
    assert_same(&s, &f.generate().output, "another theme");
    f.write(
        "coffeechat.yaml",
        "title: Renamed prep\nbase_url: https://user.github.io/other/\ntimezone: America/Chicago\n",
    );
    let rebuilt = s.rebuild(&[f.path("coffeechat.yaml")]).unwrap();
    assert!(rebuilt.full);
    assert_eq!(s.base_path(), Some("/other/"));
    assert_same(&s, &f.generate().output, "the configuration");
    assert!(
        rebuilt.summary().starts_with("rebuilt "),
        "{}",
        rebuilt.summary()
    );
}

#[test]
fn unchanged_notes_are_not_read_again() {
    let f = Fixture::small();
    let mut s = session(&f);
    let rebuilt = s.rebuild(&[]).unwrap();
    assert!(rebuilt.changed.is_empty());
    assert!(!rebuilt.full);
    f.write(
        "content/companies/globex.md",
        "---\nname: Globex\n---\nNew text.\n",
    );
    let rebuilt = s.rebuild(&[]).unwrap();
    assert_eq!(
        rebuilt.changed,
        vec![PathBuf::from("content/companies/globex.md")]
    );
    assert!(rebuilt
        .summary()
        .ends_with("(content/companies/globex.md changed)"));
}

#[test]
fn a_changed_card_reaches_the_pages_that_show_it() {
    let f = Fixture::small();
    // Chen works at Globex, but this conversation is about Acme: Globex is
    // three links from the question bank page that lists the interview
    // with Chen. Renaming Globex changes Chen's card ("Chen Wu, Globex"),
    // so the selection starts again from Chen and reaches the bank.
    f.write(
        "content/interviews/2026-11-02-chen-wu.md",
        "---\ncontact: chen-wu\ncompany: acme\ndate: \"2026-11-02 10:00\"\nstatus: done\nthank_you_sent: 2026-11-03\nquestions: [career/who-else]\n---\n",
    );
    let mut s = session(&f);
    let rendered = edit(
        &mut s,
        &f,
        "content/companies/globex.md",
        Some("---\nname: Globex Industries\nstatus: researching\n---\n"),
    );
    assert!(rendered.contains(&"questions/career/index.html".to_string()));
}

#[test]
fn print_packs_follow_their_interviews() {
    let f = Fixture::small();
    let mut s = session(&f);
    // Ben's interview is next week (today is 22 Nov): next week's pack shows it.
    let packs = ["print/next-week/index.html"];
    let rendered = edit(
        &mut s,
        &f,
        "content/interviews/2026-12-01-ben-okafor.md",
        Some("---\ncontact: ben-okafor\ndate: \"2026-12-01 09:30\"\nstatus: scheduled\ngoals: [Ask about the robot fleet]\n---\nPrep.\n"),
    );
    for p in packs {
        assert!(rendered.iter().any(|r| r == p), "{p} shows Ben's briefing");
    }
    assert!(common::page_of(s.output(), "print/next-week/index.html")
        .contains("Ask about the robot fleet"));
    assert!(!common::page_of(s.output(), "print/index.html").contains("Ask about the robot fleet"));
    // Dara has no interview: no pack changes.
    let rendered = edit(
        &mut s,
        &f,
        "content/contacts/dara-singh.md",
        Some("---\nname: Dara Singh\nsource: stranger\n---\nStill no company.\n"),
    );
    assert!(
        !rendered.iter().any(|r| r.starts_with("print/")),
        "{rendered:?}"
    );
    // A deleted interview leaves the packs.
    let rendered = edit(
        &mut s,
        &f,
        "content/interviews/2026-12-01-ben-okafor.md",
        None,
    );
    for p in packs {
        assert!(rendered.iter().any(|r| r == p), "{p} drops Ben's briefing");
    }
}

#[test]
fn a_template_change_reads_no_note() {
    let f = Fixture::small();
    let mut s = session(&f);
    f.write("templates/404.html", "{% extends \"default/404.html\" %}");
    let rebuilt = s.rebuild(&[f.path("templates/404.html")]).unwrap();
    assert!(!rebuilt.full);
    assert_eq!(rebuilt.changed, vec![PathBuf::from("templates/404.html")]);
    assert_eq!(rebuilt.bodies, 0, "no Markdown rendered again");
    assert_same(&s, &f.generate().output, "the template");
    // A configuration edit the caller did not report is still noticed.
    f.write(
        "coffeechat.yaml",
        "title: Test prep\nbase_url: https://user.github.io/prep/\ntimezone: Europe/Berlin\n",
    );
    let rebuilt = s.rebuild(&[]).unwrap();
    assert!(rebuilt.full);
    assert_eq!(rebuilt.changed.len(), 9, "every note read again");
    assert_same(&s, &f.generate().output, "the time zone");
}

#[test]
fn a_folder_of_notes_moved_out_of_content_is_noticed() {
    let f = Fixture::small();
    f.write(
        "content/pages/old/about.md",
        "---\ntitle: About me\n---\nHello.\n",
    );
    let mut s = session(&f);
    std::fs::rename(f.path("content/pages/old"), f.path("attic")).expect("move");
    // What inotify reports for a folder moved away: the folder alone.
    s.rebuild(&[f.path("content/pages/old")]).expect("rebuild");
    assert_same(&s, &f.generate().output, "the folder moved out");
}

#[test]
fn a_content_folder_moved_into_the_site_is_noticed() {
    let f = Fixture::small();
    std::fs::rename(f.path("content"), f.path("attic")).expect("move");
    let mut s = session(&f);
    std::fs::rename(f.path("attic"), f.path("content")).expect("move back");
    s.rebuild(&[f.path("content")]).expect("rebuild");
    assert_same(&s, &f.generate().output, "content/ moved in");
}

#[test]
fn a_bank_edit_reaches_later_briefings_that_list_what_was_asked() {
    let f = Fixture::small();
    // A later conversation with Ana: its briefing lists what was asked in
    // the first one, in the bank's words (three links from the bank).
    f.write(
        "content/interviews/2026-11-26-ana-lima.md",
        "---\ncontact: ana-lima\ndate: \"2026-11-26 10:00\"\nstatus: scheduled\n---\n",
    );
    let mut s = session(&f);
    let rendered = edit(
        &mut s,
        &f,
        "content/questions/career.md",
        Some("---\ntitle: Career path\nquestions:\n  - id: first-role\n    text: How did you start out?\n    why: To learn the entry paths\n  - What does a typical week look like for you?\n  - id: who-else\n    text: Who else should I talk to?\n---\nAsk these first.\n"),
    );
    assert!(rendered
        .iter()
        .any(|r| r == "interviews/2026-11-26-ana-lima/index.html"));
    assert!(common::page_of(s.output(), "print/index.html").contains("How did you start out?"));
}

#[test]
fn a_card_reaches_briefings_through_earlier_conversations() {
    let f = Fixture::small();
    // Chen has no company of his own; his interview (titled, so its card
    // does not change with his name) names Acme. Ben's briefing (Acme)
    // lists it with Chen's card: three links from Chen.
    f.write(
        "content/interviews/2026-09-01-chen-wu.md",
        "---\ntitle: Coffee with Chen\ncontact: chen-wu\ncompany: acme\ndate: \"2026-09-01 10:00\"\nstatus: done\nthank_you_sent: 2026-09-02\n---\n",
    );
    f.write(
        "content/contacts/chen-wu.md",
        "---\nname: Chen Wu\nsource: referral\n---\n",
    );
    // A theme whose sheet names the people of earlier conversations.
    f.write(
        "templates/print_sheet.html",
        "{% for e in interview.earlier %}{% for c in e.contacts %}<p>{{ c.title }}</p>{% endfor %}{% endfor %}",
    );
    let mut s = session(&f);
    edit(
        &mut s,
        &f,
        "content/contacts/chen-wu.md",
        Some("---\nname: Chen Wu-Larsen\nsource: referral\n---\n"),
    );
    let ben = common::page_of(s.output(), "interviews/2026-12-01-ben-okafor/index.html");
    assert!(ben.contains("Chen Wu-Larsen"), "{ben}");
}

#[test]
fn a_body_edit_in_a_public_build_matches_a_full_build() {
    let f = Fixture::small();
    let options = coffeechat::Options {
        public: true,
        ..f.options()
    };
    let mut s = Session::new(options.clone());
    s.rebuild(&[]).expect("first build");
    let ana = "content/contacts/ana-lima.md";
    f.write(ana, "---\nname: Ana Lima\ncompany: acme\nrole: Staff Engineer\nsource: alumni\nstage: met\nemail: ana@example.com\ntags: [robots, alumni]\n---\nA private remark.\n");
    let rebuilt = s.rebuild(&[f.path(ana)]).expect("rebuild");
    assert_eq!(rebuilt.bodies, 1, "the body road");
    let full = coffeechat::generate(&options).expect("full build");
    assert_same(&s, &full.output, "a public body edit");
    assert!(s.output().get("contacts.vcf").is_none());
}

#[test]
fn a_pack_split_into_parts_follows_its_interviews() {
    let f = Fixture::small();
    let paragraph = "Read their last three posts on fleet research again, and note where the field studies changed the roadmap.\n\n";
    let heavy = |i: usize, kb: usize| {
        format!(
            "---\ncontact: ana-lima\ndate: \"2026-11-2{} 10:00\"\nstatus: scheduled\n---\n## Prep\n\n{}",
            3 + i,
            paragraph.repeat(kb * 1024 / paragraph.len())
        )
    };
    for i in 0..5 {
        f.write(
            &format!("content/interviews/2026-11-2{}-ana.md", 3 + i),
            &heavy(i, 700),
        );
    }
    let mut s = session(&f);
    let parts = |s: &Session| {
        s.output()
            .files
            .keys()
            .filter(|p| p.starts_with("print/part-"))
            .count()
    };
    assert!(parts(&s) >= 1, "5 × 700 KB make more than one part");
    let before = parts(&s);
    // A body edit that empties one: a part fewer, and none left behind.
    edit(
        &mut s,
        &f,
        "content/interviews/2026-11-23-ana.md",
        Some(&heavy(0, 1)),
    );
    assert_eq!(parts(&s), before - 1);
    // A contact in no briefing of the pack: the parts are kept as they are.
    let rendered = edit(
        &mut s,
        &f,
        "content/contacts/dara-singh.md",
        Some("---\nname: Dara Singh\nsource: stranger\n---\nStill no company.\n"),
    );
    assert!(
        !rendered.iter().any(|r| r.starts_with("print/")),
        "{rendered:?}"
    );
    // A front matter edit of a packed interview renders the parts again.
    let mut moved = heavy(1, 700);
    moved = moved.replace(
        "status: scheduled",
        "status: scheduled\ngoals: [Ask about field studies]",
    );
    let rendered = edit(
        &mut s,
        &f,
        "content/interviews/2026-11-24-ana.md",
        Some(&moved),
    );
    assert!(
        rendered.iter().any(|r| r.starts_with("print/part-")),
        "{rendered:?}"
    );
}

/// Template edits whose reach is not a page's own templates: the result
/// must still be a full build's (cases a review found).
#[test]
fn a_partial_of_a_message_draft_reaches_the_pages_with_drafts() {
    let f = Fixture::small();
    f.write("templates/partials/sig.txt", "SIG-ONE");
    let thanks = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/themes/default/messages/thank-you.txt"
    ))
    .expect("the default thank-you draft");
    f.write(
        "templates/messages/thank-you.txt",
        &format!("{thanks}{{% include \"partials/sig.txt\" %}}\n"),
    );
    let mut s = session(&f);
    let shown = |s: &Session, text: &str| {
        s.output()
            .files
            .values()
            .any(|b| String::from_utf8_lossy(b).contains(text))
    };
    assert!(shown(&s, "SIG-ONE"), "a draft shows the signature");
    f.write("templates/partials/sig.txt", "SIG-TWO");
    s.rebuild(&[f.path("templates/partials/sig.txt")]).unwrap();
    assert!(shown(&s, "SIG-TWO"));
    assert_same(&s, &f.generate().output, "a partial of a message draft");
}

#[test]
fn a_partial_of_a_component_reaches_the_pages_that_call_it() {
    let f = Fixture::small();
    f.write("templates/partials/c.html", "COMP-ONE");
    f.write(
        "templates/components.html",
        "{% component sig() %}{% include \"partials/c.html\" %}{% endcomponent sig %}",
    );
    f.write(
        "templates/404.html",
        "{% extends \"default/404.html\" %}{% block content %}{{ <sig /> }}{% endblock %}",
    );
    let mut s = session(&f);
    f.write("templates/partials/c.html", "COMP-TWO");
    s.rebuild(&[f.path("templates/partials/c.html")]).unwrap();
    assert!(common::page_of(s.output(), "404.html").contains("COMP-TWO"));
    assert_same(&s, &f.generate().output, "a partial of a component");
}

#[test]
fn a_template_folder_moved_out_is_noticed() {
    let f = Fixture::small();
    f.write("templates/partials/cards.html", "CARDS-OVERRIDE");
    let mut s = session(&f);
    std::fs::rename(f.path("templates/partials"), f.path("moved-partials")).unwrap();
    s.rebuild(&[f.path("templates/partials")]).unwrap();
    assert_same(&s, &f.generate().output, "a template folder moved out");
}

#[test]
fn the_themes_folder_replaced_is_noticed() {
    let f = Fixture::with_config(&format!("{}theme: mine\n", common::CONFIG));
    for (rel, text) in [
        (
            "content/contacts/ana-lima.md",
            "---\nname: Ana Lima\n---\nHi.\n",
        ),
        (
            "themes/mine/templates/404.html",
            "{% extends \"default/404.html\" %}{% block content %}ONE{% endblock %}",
        ),
        (
            "other/mine/templates/404.html",
            "{% extends \"default/404.html\" %}{% block content %}TWO{% endblock %}",
        ),
    ] {
        f.write(rel, text);
    }
    let mut s = session(&f);
    std::fs::rename(f.path("themes"), f.path("themes-old")).unwrap();
    std::fs::rename(f.path("other"), f.path("themes")).unwrap();
    s.rebuild(&[f.path("themes")]).unwrap();
    assert!(common::page_of(s.output(), "404.html").contains("TWO"));
    assert_same(&s, &f.generate().output, "the themes folder replaced");
}

#[test]
fn the_first_free_page_adds_itself_to_every_page_s_menu() {
    let f = Fixture::small();
    let mut s = session(&f);
    // No free page yet: the menu has no "Pages"; the first one adds it.
    edit(
        &mut s,
        &f,
        "content/pages/reading-list.md",
        Some("---\ntitle: Reading list\n---\nBooks to read before a chat.\n"),
    );
    assert!(common::page_of(s.output(), "contacts/ana-lima/index.html").contains("/prep/pages/"));
    // And the last one, removed, takes it away again.
    edit(&mut s, &f, "content/pages/reading-list.md", None);
}

#[test]
fn a_search_index_that_shrinks_leaves_no_shard_behind() {
    let f = Fixture::small();
    // Each note's search text is cut at 60,000 characters: 36 such notes
    // are more than one 2 MB shard.
    let words = "Warehouse robots pick totes for shift leads in the control tower. ";
    let long = words.repeat(62 * 1024 / words.len());
    for i in 0..36 {
        f.write(
            &format!("content/pages/notes-{i}.md"),
            &format!("---\ntitle: Notes {i}\n---\n{long}\n"),
        );
    }
    let mut s = session(&f);
    let shards = |s: &Session| {
        s.output()
            .files
            .keys()
            .filter(|p| p.starts_with("search-"))
            .count()
    };
    assert_eq!(shards(&s), 1, "two shards: search.json and search-2.json");
    // Body edits: the index is made again from the kept entries, and the
    // second shard goes when it is no longer needed.
    for i in 0..6 {
        let text = format!("---\ntitle: Notes {i}\n---\nShort now.\n");
        edit(
            &mut s,
            &f,
            &format!("content/pages/notes-{i}.md"),
            Some(&text),
        );
    }
    assert_eq!(shards(&s), 0);
}

#[test]
fn a_note_saved_through_a_temporary_file_is_a_note_edit() {
    let f = Fixture::small();
    let mut s = session(&f);
    // As `sed -i` and some editors save: write beside, rename over.
    f.write(
        "content/contacts/sedX1b2c3",
        "---\nname: Ana Lima\ncompany: acme\nrole: Principal Engineer\nsource: alumni\nstage: met\nemail: ana@example.com\ntags: [robots, alumni]\n---\nAna went to my school.\n",
    );
    std::fs::rename(
        f.path("content/contacts/sedX1b2c3"),
        f.path("content/contacts/ana-lima.md"),
    )
    .expect("rename");
    let rebuilt = s
        .rebuild(&[
            f.path("content/contacts/sedX1b2c3"),
            f.path("content/contacts/ana-lima.md"),
        ])
        .unwrap();
    assert!(
        !rebuilt.full,
        "the temporary file is not a reason to rebuild everything"
    );
    assert_eq!(
        rebuilt.changed,
        vec![PathBuf::from("content/contacts/ana-lima.md")]
    );
    assert_same(
        &s,
        &f.generate().output,
        "a note saved through a temporary file",
    );
    assert!(
        common::page_of(s.output(), "contacts/ana-lima/index.html").contains("Principal Engineer")
    );
}

#[test]
fn a_row_template_edit_reaches_every_table() {
    let f = Fixture::small();
    let mut s = session(&f);
    let default = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/themes/default/templates/partials/interview_row.html"
    ))
    .expect("the default row");
    let rel = "templates/partials/interview_row.html";
    f.write(rel, &default.replacen("<tr", "<tr data-row", 1));
    let rebuilt = s.rebuild(&[f.path(rel)]).expect("rebuild");
    assert_eq!(rebuilt.road, Road::Templates);
    assert_same(&s, &f.generate().output, rel);
    for page in ["interviews/index.html", "index.html"] {
        assert!(
            common::page_of(s.output(), page).contains("<tr data-row"),
            "{page}"
        );
    }
    // The contacts index's row, the same way.
    let contact_default = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/themes/default/templates/partials/contact_row.html"
    ))
    .expect("the default contact row");
    let rel = "templates/partials/contact_row.html";
    f.write(rel, &contact_default.replacen("<tr", "<tr data-contact", 1));
    s.rebuild(&[f.path(rel)]).expect("rebuild");
    assert_same(&s, &f.generate().output, rel);
    assert!(common::page_of(s.output(), "contacts/index.html").contains("<tr data-contact"));
    // Then a note edit: its rows are made with the new template too.
    edit_on(
        &mut s,
        &f,
        "content/interviews/2026-12-01-ben-okafor.md",
        &std::fs::read_to_string(f.path("content/interviews/2026-12-01-ben-okafor.md"))
            .expect("read")
            .replacen("duration: 30", "duration: 45", 1),
        Road::Fields,
    );
}

/// A body that links by an alias is rendered again when the alias moves
/// or goes, though no title, slug or address changed: `[[Dee]]` goes to
/// the note that now has it, or is an error as in a full build.
#[test]
fn a_link_by_alias_follows_the_alias() {
    let f = Fixture::small();
    let mut s = session(&f);
    let dara = "content/contacts/dara-singh.md";
    let chen = "content/contacts/chen-wu.md";
    let ben = "content/contacts/ben-okafor.md";
    let dara_text = |aliases: &str| {
        format!("---\nname: Dara Singh\n{aliases}source: stranger\n---\nNo company yet.\n")
    };
    edit(&mut s, &f, dara, Some(&dara_text("aliases: [Dee]\n")));
    edit(&mut s, &f, chen, Some("---\nname: Chen Wu\ncompany: globex\nsource: referral\nintroduced_by: ben-okafor\n---\nMentioned by [[ben-okafor]], knows [[Dee]].\n"));
    let chen_page = |s: &Session| common::page_of(s.output(), "contacts/chen-wu/index.html");
    assert!(
        chen_page(&s).contains("knows <a href=\"/prep/contacts/dara-singh/\">Dara Singh</a>"),
        "{}",
        chen_page(&s)
    );
    // The alias moves from Dara to Ben in one save of both.
    let ben_text = std::fs::read_to_string(f.path(ben)).expect("read ben");
    f.write(dara, &dara_text(""));
    f.write(ben, &ben_text.replacen("---\n", "---\naliases: [Dee]\n", 1));
    let rebuilt = s
        .rebuild(&[f.path(dara), f.path(ben)])
        .expect("the alias moved");
    assert_eq!(rebuilt.road, Road::Notes);
    assert_same(&s, &f.generate().output, "the alias moved");
    assert!(
        chen_page(&s).contains("knows <a href=\"/prep/contacts/ben-okafor/\">Ben Okafor</a>"),
        "{}",
        chen_page(&s)
    );
    // Ben drops it: Chen's link goes nowhere, an error as in a full build.
    f.write(ben, &ben_text);
    let err = s
        .rebuild(&[f.path(ben)])
        .expect_err("[[Dee]] names no note");
    assert!(format!("{err:?}").contains("Dee"), "{err:?}");
}

/// A link to another note's heading reads that note's body: renaming the
/// heading is an error in the linking note, as in a full build, and
/// putting it back mends the link, whichever road the edit takes.
#[test]
fn a_link_to_a_heading_follows_the_heading() {
    let f = Fixture::small();
    let mut s = session(&f);
    let dara = "content/contacts/dara-singh.md";
    let chen = "content/contacts/chen-wu.md";
    let dara_text = |heading: &str, role: &str| {
        format!("---\nname: Dara Singh\nsource: stranger\n{role}---\nNo company yet.\n\n## {heading}\n\nClimate work.\n")
    };
    edit(&mut s, &f, dara, Some(&dara_text("Plans", "")));
    edit(&mut s, &f, chen, Some("---\nname: Chen Wu\ncompany: globex\nsource: referral\nintroduced_by: ben-okafor\n---\nMentioned by [[ben-okafor]], see [[dara-singh#Plans]].\n"));
    let chen_page = |s: &Session| common::page_of(s.output(), "contacts/chen-wu/index.html");
    assert!(chen_page(&s)
        .contains("see <a href=\"/prep/contacts/dara-singh/#plans\">Dara Singh › Plans</a>"));
    // A body edit alone, with a front matter field, and with a tag (the
    // whole road, which reuses the bodies that did not change): none may
    // keep Chen's link to a heading that is gone.
    for role in ["", "role: Organiser\n", "tags: [climate]\n"] {
        f.write(dara, &dara_text("Roadmap", role));
        let err = s.rebuild(&[f.path(dara)]).expect_err("the heading is gone");
        assert!(format!("{err:?}").contains("Plans"), "{err:?}");
        let full = f.errors();
        assert!(full.iter().any(|d| d.code == "missing-heading"), "{full:?}");
        edit(&mut s, &f, dara, Some(&dara_text("Plans", role)));
    }
    // The heading's text changes, its anchor does not: the label follows.
    edit(
        &mut s,
        &f,
        dara,
        Some(&dara_text("PLANS", "role: Organiser\n")),
    );
    assert!(
        chen_page(&s).contains("Dara Singh › PLANS</a>"),
        "{}",
        chen_page(&s)
    );
}

/// A body `#tag` is linked when the note has that tag, front matter
/// included: a tag added to the front matter (the body on the same line,
/// so the whole road reuses it) links `#climate`, which reading does not
/// take for a tag after `**`, but the Markdown pass does.
#[test]
fn a_front_matter_tag_links_the_body_tag() {
    let f = Fixture::small();
    let mut s = session(&f);
    let dara = "content/contacts/dara-singh.md";
    let text = |line: &str| {
        format!(
            "---\nname: Dara Singh\nsource: stranger\n{line}\n---\nNo **company**#climate yet.\n"
        )
    };
    edit(&mut s, &f, dara, Some(&text("role: Organiser")));
    edit(&mut s, &f, dara, Some(&text("tags: [climate]")));
}

/// Two bodies saved at once, one now embedding the other: the embed shows
/// the other's new body, not the one of the last build; on the body road,
/// and on the front matter road (both notes change a field too).
#[test]
fn two_bodies_saved_at_once_embed_the_new_text() {
    let dara = "content/contacts/dara-singh.md";
    let chen = "content/contacts/chen-wu.md";
    for (dara_role, chen_role) in [("", ""), ("role: Organiser\n", "role: Analyst\n")] {
        let f = Fixture::small();
        let mut s = session(&f);
        f.write(
            dara,
            &format!(
                "---\nname: Dara Singh\n{dara_role}source: stranger\n---\nNew words from Dara.\n"
            ),
        );
        f.write(chen, &format!("---\nname: Chen Wu\n{chen_role}company: globex\nsource: referral\nintroduced_by: ben-okafor\n---\nMentioned by [[ben-okafor]]. ![[dara-singh]]\n"));
        let rebuilt = s
            .rebuild(&[f.path(dara), f.path(chen)])
            .expect("both saved");
        if !dara_role.is_empty() {
            // Chen's new body reads Dara's new one: the whole road, not in place.
            assert_eq!(rebuilt.road, Road::Notes);
        }
        assert_same(&s, &f.generate().output, "both saved");
    }
}

/// Two bodies saved at once: one links a heading the other renames away in
/// the same save. A full build fails with missing-heading; so must this.
#[test]
fn two_bodies_saved_at_once_check_the_new_headings() {
    let f = Fixture::small();
    let mut s = session(&f);
    let dara = "content/contacts/dara-singh.md";
    let chen = "content/contacts/chen-wu.md";
    let dara_text = |heading: &str| {
        format!("---\nname: Dara Singh\nsource: stranger\n---\nNo company yet.\n\n## {heading}\n\nClimate.\n")
    };
    edit(&mut s, &f, dara, Some(&dara_text("Plans")));
    f.write(dara, &dara_text("Roadmap"));
    f.write(chen, "---\nname: Chen Wu\ncompany: globex\nsource: referral\nintroduced_by: ben-okafor\n---\nMentioned by [[ben-okafor]], see [[dara-singh#Plans]].\n");
    let full = f.errors();
    assert!(full.iter().any(|d| d.code == "missing-heading"), "{full:?}");
    s.rebuild(&[f.path(dara), f.path(chen)])
        .expect_err("Chen links a heading Dara no longer has");
}

/// A public build without interviews has no print packs; a company's body
/// edit must not add them.
#[test]
fn a_public_company_body_edit_adds_no_print_pack() {
    let f = Fixture::small();
    let options = coffeechat::Options {
        public: true,
        ..f.options()
    };
    let mut s = Session::new(options.clone());
    s.rebuild(&[]).expect("first build");
    let acme = "content/companies/acme.md";
    let text = std::fs::read_to_string(f.path(acme)).expect("read acme");
    f.write(acme, &text.replace("Acme builds", "Acme makes"));
    let rebuilt = s.rebuild(&[f.path(acme)]).expect("a body edit");
    assert_eq!(rebuilt.road, Road::Bodies);
    let full = coffeechat::generate(&options).expect("the public build");
    assert_same(&s, &full.output, acme);
}

/// Embeds three deep: the outermost page shows the innermost body, three
/// links from it.
#[test]
fn an_embed_three_deep_follows_the_innermost_body() {
    let f = Fixture::small();
    f.write("content/pages/p1.md", "---\ntitle: P1\n---\nOne. ![[p2]]\n");
    f.write("content/pages/p2.md", "---\ntitle: P2\n---\nTwo. ![[p3]]\n");
    f.write(
        "content/pages/p3.md",
        "---\ntitle: P3\n---\nThree. ![[p4]]\n",
    );
    f.write("content/pages/p4.md", "---\ntitle: P4\n---\nFour.\n");
    let mut s = session(&f);
    let rebuilt = edit_rebuilt(
        &mut s,
        &f,
        "content/pages/p4.md",
        Some("---\ntitle: P4\n---\nFour, changed.\n"),
    );
    assert_eq!(rebuilt.road, Road::Notes);
}

/// A note deleted out from under another that names it fails the build;
/// the next edit, of another note, fails too (and does not serve the
/// deleted note's page), and the fix brings back a full build's site.
#[test]
fn a_deletion_that_fails_the_build_fails_the_next_edit_too() {
    let f = Fixture::small();
    let mut s = session(&f);
    let ben = "content/contacts/ben-okafor.md";
    let ben_text = std::fs::read_to_string(f.path(ben)).expect("read ben");
    // His interview names him: without his note a full build fails.
    f.remove(ben);
    assert!(!f.errors().is_empty());
    s.rebuild(&[f.path(ben)])
        .expect_err("the interview names a contact that is gone");
    // A field of another note, then its body: a full build still fails.
    let dara = "content/contacts/dara-singh.md";
    for body in ["No company yet.", "Met at a meetup."] {
        f.write(
            dara,
            &format!("---\nname: Dara Singh\nsource: stranger\nrole: Organiser\n---\n{body}\n"),
        );
        assert!(!f.errors().is_empty());
        let r = s.rebuild(&[f.path(dara)]);
        assert!(
            r.is_err(),
            "the {:?} road served a site a full build refuses",
            r.map(|r| r.road)
        );
    }
    // The fix: the next good rebuild is a full build's, and names every
    // note changed since the last good site.
    f.write(ben, &ben_text);
    let rebuilt = s.rebuild(&[f.path(ben)]).expect("Ben is back");
    assert_eq!(
        rebuilt.changed,
        [PathBuf::from(ben), PathBuf::from(dara)],
        "{rebuilt:?}"
    );
    assert_same(&s, &f.generate().output, "Ben back");
}

/// A note added or removed moves the ids of the notes after it, but
/// not what their pages show: only the pages that show the new note are
/// made, not every page whose body links to a note further on.
#[test]
fn a_note_added_or_removed_renders_only_what_shows_it() {
    let f = Fixture::small();
    let mut s = session(&f);
    // First in build order: every other note's id moves by one.
    let new = "content/companies/aaa-new.md";
    for text in [Some("---\nname: AAA New\n---\nNew.\n"), None] {
        let rendered = edit(&mut s, &f, new, text);
        for page in [
            "contacts/ben-okafor/index.html",
            "contacts/chen-wu/index.html",
        ] {
            assert!(
                !rendered.contains(&page.to_string()),
                "{page} in {rendered:?}"
            );
        }
        assert!(rendered.len() <= 5, "{rendered:?}");
    }
}

/// A deletion that passes the analysis but fails a page (a site template
/// that breaks for a company nobody works at) fails the next edit of
/// another note too, until the fix.
#[test]
fn a_deletion_that_fails_a_page_fails_the_next_edit_too() {
    let f = Fixture::small();
    f.write(
        "templates/company.html",
        "{% extends \"default/company.html\" %}{% block content %}{% if not people %}{{ no_such.value }}{% endif %}{{ super() }}{% endblock content %}",
    );
    let mut s = session(&f);
    let chen = "content/contacts/chen-wu.md";
    let chen_text = std::fs::read_to_string(f.path(chen)).expect("read chen");
    // Chen is the only one at Globex: without him its page fails.
    f.remove(chen);
    assert!(!f.errors().is_empty());
    s.rebuild(&[f.path(chen)]).expect_err("Globex's page fails");
    let dara = "content/contacts/dara-singh.md";
    f.write(
        dara,
        "---\nname: Dara Singh\nsource: stranger\n---\nMet at a meetup.\n",
    );
    let r = s.rebuild(&[f.path(dara)]);
    assert!(
        r.is_err(),
        "the {:?} road served a site a full build refuses",
        r.map(|r| r.road)
    );
    f.write(chen, &chen_text);
    s.rebuild(&[f.path(chen)]).expect("Chen is back");
    assert_same(&s, &f.generate().output, "Chen back");
}
