//! `coffeechat check`: each diagnostic with its position and, as an insta
//! snapshot, the message a person sees (the plain rendering, source line and
//! underline included). The build stops on the same errors: the last
//! section runs some of them through `generate`.

use crate::common;
use crate::common::Fixture;
use coffeechat::diagnostics::report::{self, Style};
use coffeechat::diagnostics::{Diagnostic, Severity};
use insta::assert_snapshot;

fn check(f: &Fixture) -> Vec<Diagnostic> {
    coffeechat::check(&f.options())
}

/// The one diagnostic of a fixture that has exactly one problem, which
/// must carry `code`.
fn only(f: &Fixture, code: &str) -> Diagnostic {
    let d = common::one(check(f));
    assert_eq!(d.code, code, "{d}");
    d
}

fn shown(f: &Fixture, d: &[Diagnostic]) -> String {
    report::human(d, f.root(), Style::Plain)
}

fn show(f: &Fixture, d: &Diagnostic) -> String {
    shown(f, std::slice::from_ref(d))
}

fn pos(d: &Diagnostic) -> (usize, usize, usize) {
    (d.line, d.column, d.width)
}

#[test]
fn the_small_fixture_is_clean() {
    let f = Fixture::small();
    assert_eq!(check(&f), Vec::new());
}

// --- YAML and front matter -------------------------------------------------

#[test]
fn yaml_syntax_error_is_located_in_the_file() {
    let f = Fixture::small();
    f.write(
        "content/contacts/x.md",
        "---\nname: X\nrole: Engineer\n\tteam: Core\n---\n",
    );
    let d = only(&f, "yaml");
    // Line 4 of the file: line 3 of the YAML, shifted by the opening `---`.
    assert_eq!((d.line, d.column), (4, 1), "{d}");
    assert!(d.message.contains("tab"), "{d}");
    assert_snapshot!(show(&f, &d));
}

#[test]
fn unclosed_quote_is_a_yaml_error() {
    let f = Fixture::small();
    f.write(
        "content/contacts/x.md",
        "---\nname: \"X\nrole: Engineer\n---\n",
    );
    let d = only(&f, "yaml");
    assert!(d.line >= 2, "{d}");
    assert_snapshot!(show(&f, &d));
}

#[test]
fn front_matter_not_closed() {
    let f = Fixture::small();
    f.write("content/contacts/open.md", "---\nname: Open\n\nNotes\n");
    let d = only(&f, "front-matter-not-closed");
    assert_eq!(pos(&d), (1, 1, 3));
    assert_snapshot!(show(&f, &d));
}

#[test]
fn no_front_matter() {
    let f = Fixture::small();
    f.write("content/contacts/none.md", "name: None\n");
    let d = only(&f, "no-front-matter");
    assert_eq!((d.line, d.column), (1, 1));
    assert_snapshot!(show(&f, &d));
}

#[test]
fn bom_and_crlf_check_clean_and_keep_positions() {
    let f = Fixture::small();
    f.write(
        "content/contacts/win.md",
        "\u{feff}---\r\nname: Windows User\r\ncompany: acme\r\n---\r\nHello [[ana-lima]].\r\n",
    );
    assert_eq!(check(&f), Vec::new());
    f.write(
        "content/contacts/win.md",
        "\u{feff}---\r\nname: Windows User\r\ncompany: acmee\r\n---\r\nHello [[ana-lim]].\r\n",
    );
    let all = check(&f);
    let found: Vec<_> = all.iter().map(|d| (d.code, pos(d))).collect();
    assert_eq!(
        found,
        vec![
            ("unresolved-reference", (3, 10, 5)),
            ("unresolved-wikilink", (5, 7, 11))
        ]
    );
    let text = shown(&f, &all);
    assert!(!text.contains('\r'), "{text}");
    assert_snapshot!(text);
}

#[test]
fn duplicate_key() {
    let f = Fixture::small();
    f.write(
        "content/contacts/x.md",
        "---\nname: X\nrole: Engineer\nname: Y\n---\n",
    );
    let d = only(&f, "duplicate-key");
    assert_eq!(pos(&d), (4, 1, 4));
    assert_snapshot!(show(&f, &d));
}

// --- Fields ------------------------------------------------------------------

#[test]
fn missing_required_field() {
    let f = Fixture::small();
    f.write(
        "content/companies/noname.md",
        "---\nindustry: Retail\n---\nBody\n",
    );
    let d = only(&f, "missing-field");
    assert_eq!(pos(&d), (1, 1, 3), "points at the opening `---`");
    assert!(d.message.contains("a company needs a `name`"), "{d}");
    assert_snapshot!(show(&f, &d));
}

#[test]
fn empty_required_field() {
    let f = Fixture::small();
    f.write("content/questions/b.md", "---\ntitle: \"  \"\n---\n");
    let d = only(&f, "missing-field");
    assert_eq!(pos(&d), (2, 1, 5));
    assert_snapshot!(show(&f, &d));
}

#[test]
fn interview_without_contact() {
    let f = Fixture::small();
    f.write(
        "content/interviews/x.md",
        "---\ndate: 2026-12-10T10:00:00-06:00\n---\n",
    );
    let d = only(&f, "missing-field");
    assert!(d.message.contains("`contact`"), "{d}");
    assert_snapshot!(show(&f, &d));
}

#[test]
fn wrong_type_number() {
    let f = Fixture::small();
    f.write(
        "content/interviews/x.md",
        "---\ncontact: dara-singh\nduration: half an hour\nstatus: cancelled\n---\n",
    );
    let d = only(&f, "wrong-type");
    assert_eq!(pos(&d), (3, 11, 12));
    assert_eq!(
        d.message,
        "`duration` should be a whole number, not the text \"half an hour\""
    );
    assert_snapshot!(show(&f, &d));
}

#[test]
fn wrong_type_list_item_and_boolean_are_both_reported() {
    let f = Fixture::small();
    f.write(
        "content/interviews/x.md",
        "---\ncontact: dara-singh\nstatus: cancelled\ngoals:\n  - Learn the team\n  - Ask: who hires\ndraft: maybe\n---\n",
    );
    let all = check(&f);
    let found: Vec<_> = all.iter().map(|d| (d.code, pos(d))).collect();
    assert_eq!(
        found,
        vec![("wrong-type", (6, 5, 14)), ("wrong-type", (7, 8, 5))]
    );
    assert_eq!(
        all[0].message,
        "item 2 of `goals` should be text, not a map"
    );
    assert_eq!(
        all[1].message,
        "`draft` should be `true` or `false`, not the text \"maybe\""
    );
    assert_snapshot!(shown(&f, &all));
}

#[test]
fn a_bad_value_does_not_hide_the_other_problems_of_the_note() {
    let f = Fixture::small();
    f.write(
        "content/contacts/x.md",
        "---\nname: X\ninterest: 3\ncompany: acmee\nlinkedin: [not, a, url]\n---\n",
    );
    let codes: Vec<_> = check(&f).iter().map(|d| d.code).collect();
    assert_eq!(codes, ["unknown-key", "unresolved-reference", "wrong-type"]);
}

#[test]
fn values_outside_their_set_list_the_allowed_values() {
    let cases = [
        (
            "format",
            "content/interviews/x.md",
            "---\ncontact: dara-singh\nstatus: cancelled\nformat: zoom\n---\n",
            "zoom",
            "coffee, phone, video, onsite, other",
        ),
        (
            "status",
            "content/interviews/x.md",
            "---\ncontact: dara-singh\nstatus: compleated\n---\n",
            "compleated",
            "planned, requested, scheduled, done, thanked, cancelled",
        ),
        (
            "stage",
            "content/contacts/x.md",
            "---\nname: X\nstage: chatting\n---\n",
            "chatting",
            "identified, contacted, scheduled, met, thanked, keeping-in-touch",
        ),
        (
            "source",
            "content/contacts/x.md",
            "---\nname: X\nsource: linkedin\n---\n",
            "linkedin",
            "friend, family, alumni, coworker, client, community, advisor, recruiter, referral, stranger, other",
        ),
    ];
    for (key, file, text, value, allowed) in cases {
        let f = Fixture::small();
        f.write(file, text);
        let d = only(&f, "bad-value");
        let line = text.lines().position(|l| l.starts_with(key)).expect("key") + 1;
        assert_eq!(pos(&d), (line, key.len() + 3, value.len()), "{d}");
        assert_eq!(d.message, format!("`{key}` cannot be `{value}`"));
        let hint = d.hint.clone().unwrap_or_default();
        assert!(hint.contains(allowed), "{key}: {hint}");
        assert_snapshot!(format!("bad_value_{key}"), show(&f, &d));
    }
}

#[test]
fn a_close_value_is_suggested_and_case_is_forgiven() {
    let f = Fixture::small();
    f.write(
        "content/interviews/x.md",
        "---\ncontact: dara-singh\nstatus: Cancelled\nformat: vidoe\n---\n",
    );
    let d = only(&f, "bad-value");
    assert!(
        d.hint
            .as_deref()
            .unwrap_or("")
            .starts_with("did you mean `video`?"),
        "{d}"
    );
}

#[test]
fn unknown_key_names_the_closest_key() {
    let f = Fixture::small();
    f.write(
        "content/contacts/x.md",
        "---\nname: X\ncompnay: acme\n---\n",
    );
    let d = only(&f, "unknown-key");
    assert_eq!(d.severity, Severity::Warning);
    assert_eq!(pos(&d), (3, 1, 7));
    assert_eq!(d.hint.as_deref(), Some("did you mean `company`?"));
    assert_snapshot!(show(&f, &d));
}

#[test]
fn interest_out_of_range() {
    let f = Fixture::small();
    f.write("content/companies/x.md", "---\nname: X\ninterest: 9\n---\n");
    let d = only(&f, "out-of-range");
    assert_eq!(pos(&d), (3, 11, 1));
    assert_snapshot!(show(&f, &d));
}

#[test]
fn bad_email() {
    let f = Fixture::small();
    f.write(
        "content/contacts/x.md",
        "---\nname: X\nemail: x at example.com\n---\n",
    );
    let d = only(&f, "bad-email");
    assert_eq!(pos(&d), (3, 8, 16));
    assert_snapshot!(show(&f, &d));
}

// --- Dates and time zones ------------------------------------------------------

#[test]
fn date_that_does_not_parse() {
    let f = Fixture::small();
    f.write(
        "content/contacts/x.md",
        "---\nname: X\nnext_follow_up: 2026-02-30\n---\n",
    );
    let d = only(&f, "bad-date");
    assert_eq!(pos(&d), (3, 17, 10));
    assert!(d.message.contains("`2026-02-30` is not a date"), "{d}");
    assert_snapshot!(show(&f, &d));
}

#[test]
fn date_time_that_does_not_parse() {
    let f = Fixture::small();
    f.write(
        "content/interviews/x.md",
        "---\ncontact: dara-singh\nstatus: cancelled\ndate: next tuesday 3pm\n---\n",
    );
    let d = only(&f, "bad-date");
    assert_eq!(pos(&d), (4, 7, 16));
    assert_snapshot!(show(&f, &d));
}

#[test]
fn unknown_time_zone_of_a_contact() {
    let f = Fixture::small();
    f.write(
        "content/contacts/x.md",
        "---\nname: X\ntimezone: Europe/Berln\n---\n",
    );
    let d = only(&f, "bad-timezone");
    assert_eq!(pos(&d), (3, 11, 12));
    assert!(
        d.hint.as_deref().unwrap_or("").contains("`Europe/Berlin`"),
        "{d}"
    );
    assert_snapshot!(show(&f, &d));
}

#[test]
fn unknown_time_zone_in_an_interview_date() {
    let f = Fixture::small();
    f.write(
        "content/interviews/x.md",
        "---\ncontact: dara-singh\nstatus: cancelled\ndate: 2026-12-03T14:30[Mars/Olympus]\n---\n",
    );
    let d = only(&f, "bad-timezone");
    assert_eq!(pos(&d), (4, 24, 12));
    assert_snapshot!(show(&f, &d));
}

// --- References --------------------------------------------------------------------

#[test]
fn unresolved_front_matter_reference() {
    let f = Fixture::small();
    f.write(
        "content/contacts/x.md",
        "---\nname: X\nsource: friend\ncompany: acmee\n---\n",
    );
    let d = only(&f, "unresolved-reference");
    assert_eq!(pos(&d), (4, 10, 5));
    assert_eq!(d.hint.as_deref(), Some("did you mean `acme`?"));
    assert_snapshot!(show(&f, &d));
}

#[test]
fn unresolved_reference_in_a_list_points_at_the_item() {
    let f = Fixture::small();
    f.write(
        "content/interviews/x.md",
        "---\ncontacts: [ana-lima, ana]\nstatus: cancelled\n---\n",
    );
    let d = only(&f, "unresolved-reference");
    assert_eq!(pos(&d), (2, 22, 3), "the item, not `ana` in `ana-lima`");
}

#[test]
fn unresolved_wikilink() {
    let f = Fixture::small();
    f.write(
        "content/pages/p.md",
        "---\ntitle: P\n---\n\nFirst line.\nSee Zoë and [[ana-lim]] soon.\n",
    );
    let d = only(&f, "unresolved-wikilink");
    // Columns count characters: `ë` is one column, in the diagnostic (and
    // so in JSON) as in the report's `p.md:6:13`.
    assert_eq!(pos(&d), (6, 13, 11));
    assert_snapshot!(show(&f, &d));
}

#[test]
fn ambiguous_bare_wikilink_lists_the_candidates() {
    let f = Fixture::small();
    f.write("content/pages/acme.md", "---\ntitle: About Acme\n---\n");
    f.write("content/pages/p.md", "---\ntitle: P\n---\nSee [[acme]].\n");
    let d = only(&f, "unresolved-wikilink");
    assert_eq!(pos(&d), (4, 5, 8));
    assert_eq!(
        d.hint.as_deref(),
        Some("write one of: [[companies/acme]], [[pages/acme]]")
    );
    assert_snapshot!(show(&f, &d));
}

#[test]
fn question_reference_to_a_missing_bank() {
    let f = Fixture::small();
    f.write(
        "content/interviews/q.md",
        "---\ncontact: dara-singh\nstatus: cancelled\nquestions:\n  - careers/first-role\n---\n",
    );
    let d = only(&f, "unresolved-reference");
    assert_eq!(pos(&d), (5, 5, 7));
    assert_eq!(d.hint.as_deref(), Some("did you mean `career`?"));
    assert_snapshot!(show(&f, &d));
}

#[test]
fn question_reference_to_a_missing_question() {
    let f = Fixture::small();
    f.write(
        "content/interviews/q.md",
        "---\ncontact: dara-singh\nstatus: cancelled\nquestions:\n  - career/first-role\n  - career/frist-role\n---\n",
    );
    let d = only(&f, "unresolved-question");
    assert_eq!(pos(&d), (6, 5, 17));
    assert_eq!(d.hint.as_deref(), Some("did you mean `career/first-role`?"));
    assert_snapshot!(show(&f, &d));
}

#[test]
fn duplicate_question_ids() {
    let f = Fixture::small();
    f.write(
        "content/questions/b.md",
        "---\ntitle: B\nquestions:\n  - id: team\n    text: How is the team organised?\n  - What is hard?\n  - id: team\n    text: Who is on the team?\n---\n",
    );
    let d = only(&f, "duplicate-question-id");
    assert_eq!(pos(&d), (7, 9, 4));
    assert!(d.message.contains("(lines 4 and 7)"), "{d}");
    assert_snapshot!(show(&f, &d));
}

#[test]
fn duplicate_slug_differing_only_by_case() {
    let f = Fixture::small();
    f.write(
        "content/contacts/more/Ana-Lima.md",
        "---\nname: Another Ana\n---\n",
    );
    let d = only(&f, "duplicate-slug");
    assert_eq!(pos(&d), (1, 1, 3));
    assert_snapshot!(show(&f, &d));
}

// --- Introductions and duplicates ---------------------------------------------------------

#[test]
fn introduction_cycle() {
    let f = Fixture::small();
    f.write(
        "content/contacts/ana-lima.md",
        "---\nname: Ana Lima\nintroduced_by: chen-wu\n---\n",
    );
    let d = only(&f, "introduction-cycle");
    assert_eq!(d.file, std::path::Path::new("content/contacts/ana-lima.md"));
    assert_eq!(pos(&d), (3, 16, 7));
    assert_eq!(
        d.message,
        "introductions form a cycle: ana-lima → chen-wu → ben-okafor → ana-lima"
    );
    assert_snapshot!(show(&f, &d));
}

#[test]
fn self_introduction() {
    let f = Fixture::small();
    f.write(
        "content/contacts/dara-singh.md",
        "---\nname: Dara Singh\nintroduced_by: dara-singh\n---\n",
    );
    let d = only(&f, "self-introduction");
    assert_eq!(pos(&d), (3, 16, 10));
    assert_snapshot!(show(&f, &d));
}

#[test]
fn likely_duplicate_contacts() {
    let f = Fixture::small();
    f.write(
        "content/contacts/x.md",
        "---\nname: Ana L.\nemail: ANA@example.com\n---\n",
    );
    let d = only(&f, "duplicate-contact");
    assert_eq!(d.severity, Severity::Warning);
    assert_eq!(pos(&d), (3, 8, 15));
    assert_snapshot!("duplicate_contact_email", show(&f, &d));

    let f = Fixture::small();
    f.write(
        "content/contacts/ana-lima.md",
        "---\nname: Ana Lima\nlinkedin: https://www.linkedin.com/in/ana-lima/\n---\n",
    );
    f.write(
        "content/contacts/x.md",
        "---\nname: Ana L.\nlinkedin: https://linkedin.com/in/Ana-Lima\n---\n",
    );
    let d = only(&f, "duplicate-contact");
    assert!(d.message.contains("`linkedin`"), "{d}");
    assert_snapshot!("duplicate_contact_linkedin", show(&f, &d));
}

// --- URLs ----------------------------------------------------------------------------

#[test]
fn unsafe_urls_are_errors() {
    for (n, url) in [
        "javascript:alert(1)",
        "data:text/html,hi",
        "ftp://acme.example",
    ]
    .into_iter()
    .enumerate()
    {
        let f = Fixture::small();
        f.write(
            "content/companies/evil.md",
            &format!("---\nname: Evil\nwebsite: {url}\n---\n"),
        );
        let d = only(&f, "bad-url");
        assert!(d.is_error());
        assert_eq!(pos(&d), (3, 10, url.len()));
        assert_snapshot!(format!("bad_url_{n}"), show(&f, &d));
    }
}

#[test]
fn unsafe_meeting_link() {
    let f = Fixture::small();
    f.write(
        "content/interviews/x.md",
        "---\ncontact: dara-singh\nstatus: cancelled\nlocation: javascript:void(0)\n---\n",
    );
    let d = only(&f, "bad-url");
    assert_eq!(pos(&d), (4, 11, 18));
}

// --- The seeker's workflow (warnings) ---------------------------------------------------

#[test]
fn thank_you_overdue_says_the_due_date() {
    let f = Fixture::small();
    f.write(
        "content/interviews/2026-11-16-dara.md",
        "---\ncontact: dara-singh\ndate: 2026-11-16T10:00:00-06:00\nstatus: done\n---\n",
    );
    let d = only(&f, "thank-you-overdue");
    assert_eq!(d.severity, Severity::Warning);
    assert_eq!(pos(&d), (4, 9, 4));
    assert!(d.message.contains("due on 2026-11-18"), "{d}");
    assert_snapshot!(show(&f, &d));
}

#[test]
fn thank_you_not_overdue_on_its_due_date_or_when_sent() {
    let f = Fixture::small();
    f.write(
        "content/interviews/2026-11-20-dara.md",
        "---\ncontact: dara-singh\ndate: 2026-11-20T10:00:00-06:00\nstatus: done\n---\n",
    );
    assert_eq!(check(&f), Vec::new(), "due 2026-11-22, today");
    f.write(
        "content/interviews/2026-11-20-dara.md",
        "---\ncontact: dara-singh\ndate: 2026-11-01T10:00:00-06:00\nstatus: done\nthank_you_sent: 2026-11-02\n---\n",
    );
    assert_eq!(check(&f), Vec::new());
}

#[test]
fn follow_up_date_passed() {
    let f = Fixture::small();
    f.write(
        "content/contacts/dara-singh.md",
        "---\nname: Dara Singh\nsource: stranger\nnext_follow_up: 2026-11-15\n---\n",
    );
    let d = only(&f, "follow-up-due");
    assert_eq!(pos(&d), (4, 17, 10));
    assert_snapshot!("follow_up_contact", show(&f, &d));

    let f = Fixture::small();
    f.write(
        "content/interviews/x.md",
        "---\ncontact: dara-singh\nstatus: thanked\nfollow_up: 2026-11-21\n---\n",
    );
    let d = only(&f, "follow-up-due");
    assert_eq!(pos(&d), (4, 12, 10));
    assert_snapshot!("follow_up_interview", show(&f, &d));
}

#[test]
fn upcoming_interview_without_questions_or_goals() {
    let f = Fixture::small();
    f.write(
        "content/interviews/x.md",
        "---\ncontact: dara-singh\ndate: 2026-11-30T10:00:00-06:00\nquestions: []\n---\n",
    );
    let all = check(&f);
    let found: Vec<_> = all.iter().map(|d| (d.code, pos(d))).collect();
    assert_eq!(
        found,
        vec![("no-goals", (1, 1, 3)), ("no-questions", (4, 1, 9))]
    );
    assert!(all.iter().all(|d| d.severity == Severity::Warning));
    assert!(all[1].message.contains("2026-11-30"), "{}", all[1]);
    assert_snapshot!(shown(&f, &all));

    // A past or cancelled interview needs neither.
    f.write(
        "content/interviews/x.md",
        "---\ncontact: dara-singh\ndate: 2026-11-30T10:00:00-06:00\nstatus: cancelled\n---\n",
    );
    assert_eq!(check(&f), Vec::new());
}

#[test]
fn referral_without_contact_note_is_a_warning_shown_as_text() {
    let f = Fixture::small();
    f.write(
        "content/interviews/2026-10-01-ana-lima.md",
        "---\ncontact: ana-lima\ndate: 2026-10-01T10:00:00-05:00\nstatus: done\nreferrals: [ben-okafor, Tom <b>Baker</b>]\nthank_you_sent: 2026-10-02\n---\n",
    );
    let d = only(&f, "referral-without-note");
    assert_eq!(d.severity, Severity::Warning);
    assert_eq!(pos(&d), (5, 25, 16));
    assert_snapshot!(show(&f, &d));

    let built = f.generate();
    let html = common::page(&built, "interviews/2026-10-01-ana-lima/index.html");
    let main = common::main_of(&html);
    assert!(
        main.contains(
            "Tom &lt;b&gt;Baker&lt;/b&gt; <span class=\"muted\">no contact note yet</span>"
        ),
        "{main}"
    );
    assert!(main.contains(r#"href="/prep/contacts/ben-okafor/""#));
}

#[test]
fn misspelt_referral_suggests_the_contact() {
    let f = Fixture::small();
    f.write(
        "content/interviews/2026-10-01-ana-lima.md",
        "---\ncontact: ana-lima\ndate: 2026-10-01T10:00:00-05:00\nstatus: done\nreferrals: [ben-okafr]\nthank_you_sent: 2026-10-02\n---\n",
    );
    let d = only(&f, "referral-without-note");
    assert!(
        d.hint
            .as_deref()
            .unwrap_or("")
            .starts_with("did you mean `ben-okafor`?"),
        "{d}"
    );
}

// --- All at once --------------------------------------------------------------------------

#[test]
fn several_problems_are_all_reported_in_one_run() {
    let f = Fixture::small();
    f.write(
        "content/contacts/x.md",
        "---\nname: X\ncompnay: acme\ncompany: acmee\nstage: chatting\nlinkedin: javascript:alert(1)\n---\nSee [[nobody]].\n",
    );
    f.write("content/companies/y.md", "---\nindustry: none\n---\n");
    f.write(
        "content/interviews/z.md",
        "---\ncontact: x\ndate: 2026-11-30T10:00:00-06:00\nduration: long\ngoals: [Learn]\nquestions: [career/nope]\n---\n",
    );
    let all = check(&f);
    let found: Vec<_> = all
        .iter()
        .map(|d| (d.file.to_string_lossy().into_owned(), d.code, d.line))
        .collect();
    let expected = [
        ("content/companies/y.md", "missing-field", 1),
        ("content/contacts/x.md", "unknown-key", 3),
        ("content/contacts/x.md", "unresolved-reference", 4),
        ("content/contacts/x.md", "bad-value", 5),
        ("content/contacts/x.md", "bad-url", 6),
        ("content/contacts/x.md", "unresolved-wikilink", 8),
        ("content/interviews/z.md", "wrong-type", 4),
        ("content/interviews/z.md", "unresolved-question", 6),
    ];
    let expected: Vec<_> = expected
        .iter()
        .map(|(f, c, l)| (f.to_string(), *c, *l))
        .collect();
    assert_eq!(found, expected);
    assert_snapshot!(shown(&f, &all));
}

#[test]
fn not_utf8() {
    let f = Fixture::small();
    f.write_bytes("content/contacts/latin1.md", b"---\nname: Jos\xe9\n---\n");
    let d = only(&f, "not-utf8");
    assert_eq!(d.line, 2);
    assert_snapshot!(show(&f, &d));
}

#[test]
fn yaml_syntax_errors_point_where_the_fix_goes() {
    let cases = [
        (
            "unclosed_list",
            "---\nname: X\nrole: [a, b\nstage: met\n---\n",
            (3, 7),
        ),
        (
            "colon_in_value",
            "---\nname: X\nrole: Lead: Growth\n---\n",
            (3, 11),
        ),
        (
            "stray_line",
            "---\nname: X\njust some text\nrole: E\n---\n",
            (3, 1),
        ),
        ("bad_first_character", "---\nname: @maya\n---\n", (2, 7)),
    ];
    for (name, text, at) in cases {
        let f = Fixture::small();
        f.write("content/contacts/x.md", text);
        let d = only(&f, "yaml");
        assert_eq!((d.line, d.column), at, "{name}: {d}");
        assert_snapshot!(format!("yaml_{name}"), show(&f, &d));
    }
}

#[test]
fn a_template_error_is_reported_with_the_notes_warnings() {
    let f = Fixture::small();
    f.write(
        "content/contacts/x.md",
        "---\nname: X\ncompnay: acme\n---\n",
    );
    f.write("templates/contact.html", "{% if %}broken\n");
    let codes: Vec<_> = check(&f).iter().map(|d| (d.code, d.severity)).collect();
    assert!(
        codes.contains(&("unknown-key", Severity::Warning)),
        "{codes:?}"
    );
    assert!(
        codes.iter().any(|(_, s)| *s == Severity::Error),
        "{codes:?}"
    );
}

#[test]
fn wrong_shapes_of_questions_and_contacts() {
    let f = Fixture::small();
    f.write(
        "content/questions/b.md",
        "---\ntitle: B\nquestions:\n  - What is hard?\n  - [not, a, question]\n---\n",
    );
    let d = only(&f, "wrong-type");
    assert_eq!(pos(&d), (5, 5, 18));
    assert_eq!(
        d.message,
        "item 2 of `questions` is neither a question nor a map with `text:`"
    );
    assert_snapshot!("wrong_type_question_item", show(&f, &d));

    let f = Fixture::small();
    f.write(
        "content/interviews/x.md",
        "---\ncontacts: {ana: lima}\nstatus: cancelled\n---\n",
    );
    let d = only(&f, "wrong-type");
    assert_eq!(pos(&d), (2, 11, 11));
    assert_snapshot!("wrong_type_contacts", show(&f, &d));
}

#[test]
fn question_written_as_a_map_without_text() {
    let f = Fixture::small();
    f.write(
        "content/questions/b.md",
        "---\ntitle: B\nquestions:\n  - id: hard\n    txt: What is hard?\n  - Easy one?\n---\n",
    );
    let d = only(&f, "wrong-type");
    assert_eq!(d.message, "item 1 of `questions` is a map without `text:`");
    assert_eq!(pos(&d), (4, 5, 8));
}

#[test]
fn crlf_yaml_errors_keep_their_line() {
    let f = Fixture::small();
    f.write(
        "content/contacts/win.md",
        "\u{feff}---\r\nname: Windows User\r\nrole: Lead: Growth\r\n---\r\n",
    );
    let d = only(&f, "yaml");
    assert_eq!((d.line, d.column), (3, 11));
}

#[test]
fn mangled_notes_never_panic() {
    use coffeechat::read::discover::Collection;
    let config =
        coffeechat::read::config::Config::parse(common::CONFIG, std::path::Path::new("c.yaml"))
            .expect("config");
    let note = "\u{feff}---\r\ncontact: [ana-lima, \"ben\"]\ndate: 2026-12-03T14:30[Europe/Berlin]\nduration: thirty\nname: a\nname: b\nquestions:\n  - career/first-role\n  - {text: \"Why?\", id: 3}\n  - [x]\ngoals: Learn: things\nlocation: javascript:x\nreferrals: [Tom Baker]\n\tbad: tab\n---\nBody [[ana-lima|Ana]] and [[x\n";
    let cuts: Vec<usize> = note.char_indices().map(|(i, _)| i).collect();
    for collection in Collection::ALL {
        for &cut in &cuts {
            let text = note[..cut].to_string();
            let parsed =
                coffeechat::read::note::parse(collection, "content/x/y.md".into(), text, &config);
            for d in &parsed.diagnostics {
                assert!(d.line >= 1, "{d}");
            }
        }
    }
}

#[test]
fn a_reference_to_nothing_close_says_which_file_to_create() {
    let f = Fixture::small();
    f.write(
        "content/contacts/x.md",
        "---\nname: X\ncompany: Initech Systems\n---\n",
    );
    let d = only(&f, "unresolved-reference");
    assert_eq!(pos(&d), (3, 10, 15));
    assert_eq!(
        d.hint.as_deref(),
        Some("create content/companies/initech-systems.md, or fix the slug")
    );
}

// --- The build stops on them ----------------------------------------------------------

/// The errors of `check`, which a build must stop on, the same.
fn check_errors(f: &Fixture) -> Vec<Diagnostic> {
    check(f).into_iter().filter(Diagnostic::is_error).collect()
}

#[test]
fn the_build_stops_on_the_errors_check_reports() {
    let cases = [
        ("content/contacts/bad.md", "---\nname: Bad\nrole: [unclosed\nstage: met\n---\n"),
        ("content/companies/noname.md", "---\nindustry: Retail\n---\nBody\n"),
        ("content/contacts/x.md", "---\nname: X\nstage: chatting\n---\n"),
        ("content/contacts/x.md", "---\nname: X\nsource: friend\ncompany: acmee\n---\n"),
        ("content/pages/p.md", "---\ntitle: P\n---\n\nFirst line.\nSee [[ana-lim]] soon.\n"),
        ("content/interviews/q.md", "---\ncontact: dara-singh\nquestions:\n  - career/first-role\n  - career/frist-role\n---\n"),
        ("content/contacts/none.md", "Just text\n"),
        ("content/contacts/open.md", "---\nname: Open\n"),
        ("content/contacts/more/Ana-Lima.md", "---\nname: Another Ana\n---\n"),
        ("content/contacts/ana-lima.md", "---\nname: Ana Lima\nintroduced_by: chen-wu\n---\n"),
        ("content/companies/evil.md", "---\nname: Evil\nwebsite: javascript:alert(1)\n---\n"),
    ];
    for (file, text) in cases {
        let f = Fixture::small();
        f.write(file, text);
        let expected = check_errors(&f);
        assert_eq!(expected.len(), 1, "{file}: {}", common::render(&expected));
        assert_eq!(common::errors(&f), expected, "{file}");
    }
    // Three notes with a problem each: all three stop the build at once.
    let f = Fixture::small();
    f.write(
        "content/contacts/a.md",
        "---\nname: A\ncompany: nope\n---\n",
    );
    f.write("content/contacts/b.md", "---\nrole: no name\n---\n");
    f.write(
        "content/pages/c.md",
        "---\ntitle: C\n---\n[[missing-note]]\n",
    );
    let expected = check_errors(&f);
    assert_eq!(expected.len(), 3, "{}", common::render(&expected));
    assert_eq!(common::errors(&f), expected);
}

#[test]
fn unreadable_note() {
    let f = Fixture::small();
    f.write_bytes("content/contacts/latin1.md", b"---\nname: Jos\xe9\n---\n");
    let e = common::only_error(&f);
    assert_eq!(e.code, "not-utf8");
    assert_eq!(e.line, 2);
    #[cfg(unix)]
    {
        let f = Fixture::small();
        std::os::unix::fs::symlink(f.path("nowhere.md"), f.path("content/contacts/dangling.md"))
            .expect("symlink");
        let errors = f.errors();
        assert!(
            errors
                .iter()
                .any(|d| d.file.ends_with("dangling.md") && d.is_error()),
            "{}",
            common::render(&errors)
        );
    }
}

#[test]
fn bom_and_crlf_just_work() {
    let f = Fixture::small();
    f.write(
        "content/contacts/win.md",
        "\u{feff}---\r\nname: Windows User\r\ncompany: acme\r\n---\r\nHello [[ana-lima]].\r\n",
    );
    let built = f.generate();
    let html = common::page(&built, "contacts/win/index.html");
    assert!(html.contains("Windows User"));
}

#[test]
fn a_failing_note_does_not_cascade() {
    let f = Fixture::small();
    // Ana's note breaks; links to her elsewhere must not add errors.
    f.write("content/contacts/ana-lima.md", "---\nname: [broken\n---\n");
    let errors = common::errors(&f);
    assert_eq!(errors.len(), 1, "{}", common::render(&errors));
}

#[test]
fn bad_config_names_the_line() {
    let f = Fixture::with_config("title: T\ntimezone: Nowhere/City\n");
    let e = common::only_error(&f);
    assert_eq!(e.file, std::path::Path::new("coffeechat.yaml"));
    assert_eq!(e.line, 2);
}
