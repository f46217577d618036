//! Bad input stops the build with a message naming the file and the line.

mod common;
use coffeechat::diagnostics::Diagnostic;
use common::Fixture;

fn only_error(f: &Fixture) -> Diagnostic {
    let errors: Vec<Diagnostic> = f
        .errors()
        .into_iter()
        .filter(Diagnostic::is_error)
        .collect();
    assert_eq!(errors.len(), 1, "{}", common::render(&errors));
    errors.into_iter().next().expect("one")
}

#[test]
fn yaml_syntax_error_names_the_file_line() {
    let f = Fixture::small();
    f.write(
        "content/contacts/bad.md",
        "---\nname: Bad\nrole: [unclosed\nstage: met\n---\n",
    );
    let e = only_error(&f);
    assert_eq!(e.code, "yaml");
    assert_eq!(e.file, std::path::Path::new("content/contacts/bad.md"));
    assert!(
        (3..=4).contains(&e.line),
        "line in the file, not in the YAML: {e}"
    );
}

#[test]
fn missing_required_field() {
    let f = Fixture::small();
    f.write(
        "content/companies/noname.md",
        "---\nindustry: Retail\n---\nBody\n",
    );
    let e = only_error(&f);
    assert_eq!(e.code, "missing-field");
    assert!(e.message.contains("`name`"), "{e}");
    assert_eq!(e.line, 1, "points at the opening `---`: {e}");
}

#[test]
fn wrong_value_lists_the_allowed_values() {
    let f = Fixture::small();
    f.write(
        "content/contacts/x.md",
        "---\nname: X\nstage: chatting\n---\n",
    );
    let e = only_error(&f);
    assert_eq!(e.line, 3, "{e}");
    assert!(e.message.contains("chatting"));
    assert!(
        e.hint.as_deref().unwrap_or("").contains("keeping-in-touch"),
        "{e}"
    );
}

#[test]
fn broken_front_matter_reference_suggests_the_closest_slug() {
    let f = Fixture::small();
    f.write(
        "content/contacts/x.md",
        "---\nname: X\nsource: friend\ncompany: acmee\n---\n",
    );
    let e = only_error(&f);
    assert_eq!(e.code, "unresolved-reference");
    assert_eq!((e.line, e.column), (4, 10), "{e}");
    assert!(e.hint.as_deref().unwrap_or("").contains("`acme`"), "{e}");
}

#[test]
fn broken_wikilink_names_its_line() {
    let f = Fixture::small();
    f.write(
        "content/pages/p.md",
        "---\ntitle: P\n---\n\nFirst line.\nSee [[ana-lim]] soon.\n",
    );
    let e = only_error(&f);
    assert_eq!(e.code, "unresolved-wikilink");
    assert_eq!((e.line, e.column), (6, 5), "{e}");
    assert!(e.hint.as_deref().unwrap_or("").contains("ana-lima"), "{e}");
}

#[test]
fn unknown_question_reference() {
    let f = Fixture::small();
    f.write(
        "content/interviews/q.md",
        "---\ncontact: dara-singh\nquestions:\n  - career/first-role\n  - career/frist-role\n---\n",
    );
    let e = only_error(&f);
    assert_eq!(e.code, "unresolved-question");
    assert_eq!(e.line, 5, "{e}");
    assert!(
        e.hint
            .as_deref()
            .unwrap_or("")
            .contains("career/first-role"),
        "{e}"
    );
}

#[test]
fn unreadable_note() {
    let f = Fixture::small();
    f.write_bytes("content/contacts/latin1.md", b"---\nname: Jos\xe9\n---\n");
    let e = only_error(&f);
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
fn front_matter_missing_or_unclosed() {
    let f = Fixture::small();
    f.write("content/contacts/none.md", "Just text\n");
    assert_eq!(only_error(&f).code, "no-front-matter");
    let f = Fixture::small();
    f.write("content/contacts/open.md", "---\nname: Open\n");
    assert_eq!(only_error(&f).code, "front-matter-not-closed");
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
fn every_error_is_reported_at_once() {
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
    let errors = f.errors();
    assert_eq!(
        errors.iter().filter(|d| d.is_error()).count(),
        3,
        "{}",
        common::render(&errors)
    );
}

#[test]
fn a_failing_note_does_not_cascade() {
    let f = Fixture::small();
    // Ana's note breaks; links to her elsewhere must not add errors.
    f.write("content/contacts/ana-lima.md", "---\nname: [broken\n---\n");
    let errors: Vec<_> = f
        .errors()
        .into_iter()
        .filter(Diagnostic::is_error)
        .collect();
    assert_eq!(errors.len(), 1, "{}", common::render(&errors));
}

#[test]
fn duplicate_slugs_and_introduction_cycles() {
    let f = Fixture::small();
    f.write(
        "content/contacts/more/Ana-Lima.md",
        "---\nname: Another Ana\n---\n",
    );
    assert_eq!(only_error(&f).code, "duplicate-slug");
    let f = Fixture::small();
    f.write(
        "content/contacts/ana-lima.md",
        "---\nname: Ana Lima\nintroduced_by: chen-wu\n---\n",
    );
    let e = only_error(&f);
    assert_eq!(e.code, "introduction-cycle");
    assert!(
        e.message
            .contains("ana-lima → chen-wu → ben-okafor → ana-lima")
            || e.message.contains("→"),
        "{e}"
    );
}

#[test]
fn unsafe_urls_are_errors() {
    let f = Fixture::small();
    f.write(
        "content/companies/evil.md",
        "---\nname: Evil\nwebsite: javascript:alert(1)\n---\n",
    );
    let e = only_error(&f);
    assert_eq!(e.code, "bad-url");
    assert_eq!(e.line, 3);
}

#[test]
fn bad_config_names_the_line() {
    let f = Fixture::with_config("title: T\ntimezone: Nowhere/City\n");
    let e = only_error(&f);
    assert_eq!(e.file, std::path::Path::new("coffeechat.yaml"));
    assert_eq!(e.line, 2);
}
