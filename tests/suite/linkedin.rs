//! `coffeechat import linkedin`: LinkedIn's Connections.csv with each of
//! its quirks (tests/fixtures/linkedin/).

use crate::common;
use crate::common::Fixture;
use coffeechat::interchange::import::linkedin::{import, ImportError};
use coffeechat::interchange::import::Report;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/linkedin")
        .join(name)
}

/// The small site, plus a contact with a LinkedIn URL and one with an email.
fn site() -> Fixture {
    let f = Fixture::small();
    f.write(
        "content/contacts/annie.md",
        "---\nname: Annie L\nlinkedin: https://www.linkedin.com/in/ana-lima-example\n---\n",
    );
    f.write(
        "content/contacts/benji.md",
        "---\nname: Benji\nemail: Ben@Example.com\n---\n",
    );
    f
}

/// Every file under content/, with its bytes.
fn snapshot(f: &Fixture) -> BTreeMap<PathBuf, Vec<u8>> {
    common::files_under(&f.path("content"))
        .into_iter()
        .map(|p| {
            let bytes = std::fs::read(&p).unwrap();
            (p, bytes)
        })
        .collect()
}

fn lines<T>(items: &[(u64, T)]) -> Vec<u64> {
    items.iter().map(|(l, _)| *l).collect()
}

fn paths(items: &[(u64, PathBuf)]) -> Vec<String> {
    items
        .iter()
        .map(|(_, p)| p.to_string_lossy().replace('\\', "/"))
        .collect()
}

#[test]
fn the_fixture_has_every_quirk() {
    let bytes = std::fs::read(fixture("Connections.csv")).unwrap();
    assert!(bytes.starts_with(b"\xEF\xBB\xBF"), "a byte-order mark");
    let text = String::from_utf8(bytes).unwrap();
    assert!(text.contains("\r\n"), "CRLF");
    assert!(text.starts_with("\u{feff}Notes:\r\n\""), "a preamble");
    assert!(text.contains("\r\n,,,,,,\r\n\r\n"), "blank rows");
    assert!(text.contains("\"Acme Robotics, Inc.\""), "a quoted comma");
    assert!(text.contains(",07 Dec 2025") && text.contains(",3 Feb 2021"));
    let old = std::fs::read_to_string(fixture("Connections-old.csv")).unwrap();
    assert!(
        old.contains("First Name,Last Name,Email Address,Company"),
        "no URL column"
    );
    assert!(!old.contains('\r'));
}

#[test]
fn imports_new_connections_and_reports_every_row() {
    let f = site();
    let report = import(&f.options(), &fixture("Connections.csv"), false).expect("import");
    assert_eq!(
        paths(&report.contacts),
        [
            "content/contacts/priya-natarajan.md",
            "content/contacts/tomas-garcia.md",
            "content/contacts/zoe-z-b-muller-b.md",
            "content/contacts/mei-lin.md",
        ]
    );
    assert_eq!(lines(&report.contacts), [5, 6, 9, 17]);
    assert_eq!(
        paths(&report.companies),
        [
            "content/companies/acme-robotics-inc.md",
            "content/companies/initech.md"
        ]
    );
    let skipped: Vec<(u64, &str, &str)> = report
        .skipped
        .iter()
        .map(|(l, n, why)| (*l, n.as_str(), why.as_str()))
        .collect();
    assert_eq!(
        skipped,
        [
            (
                12,
                "Ana Lima",
                "content/contacts/annie.md has the same LinkedIn URL"
            ),
            (
                13,
                "Benjamin Okafor-Reyes",
                "content/contacts/benji.md has the same email"
            ),
            (
                14,
                "Chen Wu",
                "content/contacts/chen-wu.md has the same slug"
            ),
            (
                15,
                "Tomás García",
                "content/contacts/tomas-garcia.md has the same LinkedIn URL"
            ),
        ]
    );
    assert_eq!(lines(&report.rejected), [10, 11, 16]);
    assert!(report.rejected[0].1.contains("`31 Foo 2021` is not a date"));
    assert!(report.rejected[1].1.contains("no first or last name"));
    assert!(report.rejected[2].1.contains("javascript:alert(1)"));

    let text = report.render(Path::new("Connections.csv"));
    assert!(text.starts_with(
        "created 4 contact(s) and 2 company note(s); skipped 4; rejected 3 (from Connections.csv)\n"
    ));
    assert!(
        text.contains("  line 10: rejected: Olu Bad-Date:"),
        "{text}"
    );
    assert!(text.contains("  line 5: created content/companies/acme-robotics-inc.md\n"));

    // The notes are valid: the site builds, and they say what LinkedIn said.
    let analysis = coffeechat::analyse(&f.options()).unwrap_or_else(|e| panic!("{e:?}"));
    let note = |slug: &str| {
        analysis
            .notes
            .iter()
            .find(|n| n.slug == slug)
            .unwrap_or_else(|| panic!("no note {slug}"))
    };
    let zoe = note("zoe-z-b-muller-b");
    let c = zoe.as_contact().unwrap();
    assert_eq!(c.name, "Zoë \"Z\": <b>Müller</b>");
    assert_eq!(c.role.as_deref(), Some("VP, \"Growth\": EMEA"));
    assert_eq!(c.company.as_deref(), Some("initech"));
    assert_eq!(c.source.map(|s| s.as_str()), Some("other"));
    assert_eq!(c.stage.map(|s| s.as_str()), Some("identified"));
    assert_eq!(zoe.tags, ["linkedin"]);
    assert_eq!(zoe.extra["connected_on"], "2024-03-15");
    assert!(zoe
        .body()
        .contains("Connected on LinkedIn on 15 March 2024."));
    let priya = note("priya-natarajan").as_contact().unwrap();
    assert_eq!(priya.company.as_deref(), Some("acme-robotics-inc"));
    assert_eq!(priya.role.as_deref(), Some("Director, Product Research"));
    assert_eq!(priya.email, None);
    let tomas = note("tomas-garcia");
    assert_eq!(
        tomas.as_contact().unwrap().company.as_deref(),
        Some("globex"),
        "existing company"
    );
    assert_eq!(
        tomas.as_contact().unwrap().email.as_deref(),
        Some("tomas@example.com")
    );
    assert_eq!(tomas.extra["connected_on"], "2021-02-03");
    assert_eq!(
        note("acme-robotics-inc").as_company().unwrap().name,
        "Acme Robotics, Inc."
    );
    let mei = note("mei-lin");
    assert!(mei.as_contact().unwrap().company.is_none());
    assert!(mei.extra.get("connected_on").is_none());

    // The page escapes the name: it came from a file, not from the user.
    let built = f.generate();
    let html = common::page(&built, "contacts/zoe-z-b-muller-b/index.html");
    assert!(!html.contains("<b>Müller</b>"));
    assert!(
        html.contains("&lt;b&gt;Müller&lt;&#x2F;b&gt;")
            || html.contains("&lt;b&gt;Müller&lt;/b&gt;")
    );
}

#[test]
fn a_second_import_creates_nothing_and_changes_no_file() {
    let f = site();
    import(&f.options(), &fixture("Connections.csv"), false).expect("first");
    let before = snapshot(&f);
    let report = import(&f.options(), &fixture("Connections.csv"), false).expect("second");
    assert!(report.contacts.is_empty() && report.companies.is_empty());
    let skipped: Vec<u64> = report.skipped.iter().map(|s| s.0).collect();
    assert_eq!(skipped, [5, 6, 9, 12, 13, 14, 15, 17]);
    assert_eq!(snapshot(&f), before);
}

#[test]
fn dry_run_reports_the_same_and_writes_nothing() {
    let f = site();
    let before = snapshot(&f);
    let dry = import(&f.options(), &fixture("Connections.csv"), true).expect("dry run");
    assert_eq!(snapshot(&f), before, "nothing written");
    assert!(dry
        .render(Path::new("C.csv"))
        .starts_with("dry run: would create 4 contact(s)"));
    let real = import(&f.options(), &fixture("Connections.csv"), false).expect("import");
    assert_eq!(
        Report {
            dry_run: true,
            ..real
        },
        dry,
        "a dry run predicts the import"
    );
}

#[test]
fn older_exports_without_a_url_column_and_with_lf_line_ends() {
    let f = site();
    let report = import(&f.options(), &fixture("Connections-old.csv"), false).expect("import");
    assert_eq!(
        paths(&report.contacts),
        [
            "content/contacts/hana-sato.md",
            "content/contacts/ravi-kumar.md"
        ]
    );
    assert_eq!(lines(&report.contacts), [5, 6]);
    assert_eq!(
        paths(&report.companies),
        ["content/companies/kiln-works-llc.md"]
    );
    let analysis = coffeechat::analyse(&f.options()).unwrap_or_else(|e| panic!("{e:?}"));
    let ravi = analysis
        .notes
        .iter()
        .find(|n| n.slug == "ravi-kumar")
        .unwrap();
    let c = ravi.as_contact().unwrap();
    assert_eq!(c.role.as_deref(), Some("Engineer, Platform"));
    assert_eq!(c.linkedin, None);
    assert_eq!(ravi.extra["connected_on"], "2018-01-04");
}

#[test]
fn existing_files_are_never_overwritten_even_when_unreadable() {
    let f = site();
    // Not valid notes, but they hold the names.
    f.write("content/contacts/mei-lin.md", "no front matter");
    f.write("content/companies/initech.md", "---\nname: [broken\n---\n");
    let before = snapshot(&f);
    let report = import(&f.options(), &fixture("Connections.csv"), false).expect("import");
    assert!(report
        .skipped
        .iter()
        .any(|(l, _, why)| *l == 17 && why.contains("mei-lin.md has the same slug")));
    assert_eq!(
        paths(&report.companies),
        ["content/companies/acme-robotics-inc.md"]
    );
    let after = snapshot(&f);
    for (path, bytes) in &before {
        assert_eq!(after.get(path), Some(bytes), "{} changed", path.display());
    }
}

#[test]
fn a_file_that_is_not_a_linkedin_export_is_refused() {
    let f = site();
    let before = snapshot(&f);
    let err = import(&f.options(), &fixture("not-linkedin.csv"), false).unwrap_err();
    assert!(matches!(err, ImportError::NoHeader { .. }));
    assert!(
        err.to_string().contains("not-linkedin.csv: no header row"),
        "{err}"
    );
    f.write_bytes("latin1.csv", b"First Name,Last Name,Company\nZo\xeb,M,X\n");
    let err = import(&f.options(), &f.path("latin1.csv"), false).unwrap_err();
    assert!(err.to_string().contains("not UTF-8"), "{err}");
    let err = import(&f.options(), &f.path("missing.csv"), false).unwrap_err();
    assert!(err.to_string().starts_with("cannot read"), "{err}");
    f.remove("latin1.csv");
    assert_eq!(snapshot(&f), before);
}

/// LinkedIn gives first and last names apart: the notes keep them, and the
/// address book's `N` is made from them, never guessed.
#[test]
fn first_and_last_names_are_kept_for_the_address_book() {
    let f = site();
    let csv = f.path("Connections.csv");
    std::fs::write(
        &csv,
        "First Name,Last Name,URL,Email Address,Company,Position,Connected On\r\nSanne,de Vries,https://www.linkedin.com/in/sanne-de-vries-example,,Tidewater,Analyst,07 Dec 2025\r\n",
    )
    .unwrap();
    import(&f.options(), &csv, false).expect("imports");
    let note = std::fs::read_to_string(f.path("content/contacts/sanne-de-vries.md")).unwrap();
    assert!(
        note.contains("name: Sanne de Vries\ngiven_name: Sanne\nfamily_name: de Vries\n"),
        "{note}"
    );
    let built = f.generate();
    let vcf = String::from_utf8_lossy(built.output.get("contacts.vcf").expect("vcf")).into_owned();
    assert!(
        vcf.contains("FN:Sanne de Vries\r\nN:de Vries;Sanne;;;\r\n"),
        "{vcf}"
    );
}
