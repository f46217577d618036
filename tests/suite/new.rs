//! `coffeechat new`: notes of each kind that build, slugs, no overwriting,
//! and the site's own archetypes.

use crate::common;

use crate::common::Fixture;
use coffeechat::commands::archetype::Origin;
use coffeechat::commands::new::{new_note, parse_kind, NewError, NewNote};
use coffeechat::read::discover::Collection;
use std::path::Path;

fn note(kind: Collection, name: &str) -> NewNote {
    NewNote {
        kind,
        name: name.into(),
        company: None,
        contact: None,
        date: None,
        introduced_by: None,
    }
}

#[test]
fn each_kind_makes_a_note_that_builds() {
    let f = Fixture::small();
    let o = f.options();
    let company = new_note(&o, &note(Collection::Companies, "Initech Labs")).unwrap();
    assert_eq!(company.path, Path::new("content/companies/initech-labs.md"));
    assert_eq!(company.archetype, Origin::BuiltIn);
    let contact = new_note(
        &o,
        &NewNote {
            company: Some("initech-labs".into()),
            ..note(Collection::Contacts, "Peter Gibbons")
        },
    )
    .unwrap();
    assert_eq!(contact.slug, "peter-gibbons");
    let bank = new_note(&o, &note(Collection::Questions, "Culture deep-dive")).unwrap();
    assert_eq!(bank.slug, "culture-deep-dive");
    // An interview named after a contact is with that contact.
    let with_peter = new_note(
        &o,
        &NewNote {
            date: Some("2026-12-03 14:30".into()),
            ..note(Collection::Interviews, "Peter Gibbons")
        },
    )
    .unwrap();
    assert_eq!(with_peter.slug, "2026-12-03-peter-gibbons");
    // Otherwise the name is a title and --contact says with whom.
    let titled = new_note(
        &o,
        &NewNote {
            contact: Some("ana-lima".into()),
            company: Some("globex".into()),
            ..note(Collection::Interviews, "Second chat about robots")
        },
    )
    .unwrap();
    let page = new_note(&o, &note(Collection::Pages, "Playbook")).unwrap();

    let read = |p: &Path| std::fs::read_to_string(f.root().join(p)).unwrap();
    assert!(read(&company.path).starts_with("---\nname: Initech Labs\n"));
    assert!(read(&contact.path).contains("\ncompany: initech-labs\n"));
    let text = read(&with_peter.path);
    assert!(text.contains("\ncontact: peter-gibbons\n"), "{text}");
    assert!(text.contains("\ndate: \"2026-12-03 14:30\""), "{text}");
    assert!(text.contains("\nstatus: scheduled"), "{text}");
    assert!(text.contains("\ntitle:"), "{text}");
    let text = read(&titled.path);
    assert!(text.contains("\ntitle: Second chat about robots"), "{text}");
    assert!(text.contains("\nstatus: planned"), "{text}");
    assert!(read(&page.path).contains("title: Playbook"));

    let built = f.generate();
    // The archetypes' placeholders are pointed at, and nothing else.
    let found: Vec<(&str, String, usize)> = built
        .diagnostics
        .iter()
        .map(|d| (d.code, d.file.display().to_string(), d.line))
        .collect();
    assert_eq!(
        found,
        vec![
            (
                "placeholder-text",
                "content/contacts/peter-gibbons.md".to_string(),
                19
            ),
            (
                "placeholder-text",
                "content/interviews/2026-12-03-peter-gibbons.md".to_string(),
                11
            ),
            (
                "placeholder-text",
                "content/interviews/second-chat-about-robots.md".to_string(),
                11
            ),
        ]
    );
    let html = common::page(&built, "interviews/2026-12-03-peter-gibbons/index.html");
    // The sheet leaves the placeholders and the empty headings out.
    let main = common::main_of(&html);
    assert!(
        !main.contains("What do you want to leave the conversation knowing?"),
        "{main}"
    );
    assert!(
        !main.contains("what they work on, what you have in common"),
        "{main}"
    );
    assert!(
        !main.contains(">Prep<") && !main.contains(">Follow-up</h3>"),
        "{main}"
    );
    assert!(html.contains("Informational interview with Peter Gibbons"));
    assert!(html.contains("Initech Labs"), "company from the contact");
    let html = common::page(&built, "interviews/second-chat-about-robots/index.html");
    assert!(html.contains("Globex"));
    common::page(&built, "questions/culture-deep-dive/index.html");
    common::page(&built, "pages/playbook/index.html");
}

#[test]
fn slugs_are_transliterated_and_names_kept_safe_in_yaml() {
    let f = Fixture::small();
    let c = new_note(
        &f.options(),
        &note(Collection::Contacts, "Zoë O'Brien: \"Zed\""),
    )
    .unwrap();
    assert_eq!(c.slug, "zoe-o-brien-zed");
    let built = f.generate();
    let html = common::page(&built, "contacts/zoe-o-brien-zed/index.html");
    // The name as written, escaped in the page's title and heading.
    assert!(
        html.contains("<h1>Zoë O&#39;Brien: &quot;Zed&quot;</h1>"),
        "{html}"
    );
    assert!(
        html.contains("<title>Zoë O&#39;Brien: &quot;Zed&quot; · Test prep</title>"),
        "{html}"
    );
    assert!(matches!(
        new_note(&f.options(), &note(Collection::Contacts, "!!!")),
        Err(NewError::EmptySlug(_))
    ));
}

#[test]
fn an_existing_note_is_never_overwritten() {
    let f = Fixture::small();
    let before = std::fs::read_to_string(f.path("content/contacts/ana-lima.md")).unwrap();
    let c = new_note(&f.options(), &note(Collection::Contacts, "Ana Lima")).unwrap();
    assert_eq!(c.path, Path::new("content/contacts/ana-lima-2.md"));
    let c = new_note(&f.options(), &note(Collection::Contacts, "Ana  LIMA")).unwrap();
    assert_eq!(c.slug, "ana-lima-3");
    assert_eq!(
        std::fs::read_to_string(f.path("content/contacts/ana-lima.md")).unwrap(),
        before
    );
    // A slug set in front matter counts too, whatever the file is called.
    f.write(
        "content/companies/other-file.md",
        "---\nname: Umbrella\nslug: umbrella\n---\n",
    );
    let c = new_note(&f.options(), &note(Collection::Companies, "Umbrella")).unwrap();
    assert_eq!(c.slug, "umbrella-2");
    // The same slug in another collection is no conflict.
    let c = new_note(&f.options(), &note(Collection::Companies, "Ana Lima")).unwrap();
    assert_eq!(c.slug, "ana-lima");
}

#[test]
fn references_must_exist() {
    let f = Fixture::small();
    let err = new_note(
        &f.options(),
        &NewNote {
            company: Some("acmee".into()),
            ..note(Collection::Contacts, "X")
        },
    )
    .unwrap_err();
    assert_eq!(
        err.to_string(),
        "there is no company `acmee` (did you mean `acme`?)"
    );
    let err = new_note(&f.options(), &note(Collection::Interviews, "Ana Lma")).unwrap_err();
    assert!(matches!(err, NewError::NoContact { .. }), "{err}");
    assert!(
        err.to_string().contains("did you mean `ana-lima`?"),
        "{err}"
    );
    let err = new_note(
        &f.options(),
        &NewNote {
            date: Some("tomorrow".into()),
            ..note(Collection::Interviews, "Ana Lima")
        },
    )
    .unwrap_err();
    assert!(matches!(err, NewError::Date(_)), "{err}");
    let err = new_note(
        &f.options(),
        &NewNote {
            date: Some("2026-12-01".into()),
            ..note(Collection::Companies, "X")
        },
    )
    .unwrap_err();
    assert!(matches!(err, NewError::NotApplicable("date", _)), "{err}");
    assert!(!f.path("content/companies/x.md").exists());
}

#[test]
fn the_site_archetype_overrides_the_built_in_one() {
    let f = Fixture::small();
    f.write(
        "archetypes/company.md",
        "---\nname: {{name}}\nstatus: target\ntags: [mine]\n---\nResearch {{name}} ({{slug}}) from {{today}}.\n",
    );
    let c = new_note(&f.options(), &note(Collection::Companies, "Hooli")).unwrap();
    assert_eq!(c.archetype, Origin::Site("archetypes/company.md".into()));
    assert_eq!(
        std::fs::read_to_string(&c.absolute).unwrap(),
        "---\nname: Hooli\nstatus: target\ntags: [mine]\n---\nResearch Hooli (hooli) from 2026-11-22.\n"
    );
    // Other kinds still use the built-in archetypes.
    let p = new_note(&f.options(), &note(Collection::Pages, "Notes")).unwrap();
    assert_eq!(p.archetype, Origin::BuiltIn);
}

#[test]
fn kinds_by_name() {
    assert_eq!(parse_kind("company"), Some(Collection::Companies));
    assert_eq!(parse_kind("Contact"), Some(Collection::Contacts));
    assert_eq!(parse_kind("questions"), Some(Collection::Questions));
    assert_eq!(parse_kind("interview"), Some(Collection::Interviews));
    assert_eq!(parse_kind("page"), Some(Collection::Pages));
    assert_eq!(parse_kind("widget"), None);
}

#[test]
fn dates_are_taken_in_common_forms_and_errors_name_them() {
    let f = Fixture::small();
    let o = f.options();
    let made = new_note(
        &o,
        &NewNote {
            date: Some("Dec 5 3pm".into()),
            ..note(Collection::Interviews, "Ana Lima")
        },
    )
    .expect("Dec 5 3pm is a date");
    assert_eq!(made.slug, "2026-12-05-ana-lima");
    let text = std::fs::read_to_string(f.root().join(&made.path)).expect("read");
    assert!(text.contains("\ndate: \"2026-12-05 15:00\""), "{text}");
    let err = new_note(
        &o,
        &NewNote {
            date: Some("next tuesday".into()),
            ..note(Collection::Interviews, "Ana Lima")
        },
    )
    .expect_err("not a date")
    .to_string();
    assert!(
        err.ends_with("hint: write the date as 2026-12-05 15:00, 2026-12-05 3pm, Dec 5 3pm, 5 Dec 2026 15:30 or 2026-12-05 (the day alone); times are in the site's time zone"),
        "{err}"
    );
}

#[test]
fn a_unique_start_or_name_is_taken_for_a_slug() {
    let f = Fixture::small();
    f.write(
        "content/companies/initech-labs.md",
        "---\nname: Initech Labs\n---\n",
    );
    let o = f.options();
    let made = new_note(
        &o,
        &NewNote {
            company: Some("initech".into()),
            introduced_by: Some("Ana Lima".into()),
            ..note(Collection::Contacts, "Peter Gibbons")
        },
    )
    .expect("initech names initech-labs");
    let text = std::fs::read_to_string(f.root().join(&made.path)).expect("read");
    assert!(text.contains("\ncompany: initech-labs\n"), "{text}");
    assert!(text.contains("introduced_by: ana-lima"), "{text}");
    // A name that fits none is still an error with a suggestion.
    let err = new_note(
        &o,
        &NewNote {
            company: Some("initek".into()),
            ..note(Collection::Contacts, "Joanna")
        },
    )
    .expect_err("no such company")
    .to_string();
    assert_eq!(
        err,
        "there is no company `initek` (did you mean `initech-labs`?)"
    );
}

#[test]
fn draft_takes_a_unique_start_of_a_slug() {
    let f = Fixture::small();
    let message = coffeechat::commands::draft::draft(&f.options(), "outreach", "dara")
        .expect("dara names dara-singh");
    assert!(message.contains("Dara"), "{message}");
    let err = coffeechat::commands::draft::draft(&f.options(), "outreach", "darra-singh")
        .expect_err("no such contact")
        .to_string();
    assert!(err.contains("did you mean `dara-singh`"), "{err}");
}

#[test]
fn a_second_note_of_the_same_name_names_the_first() {
    let f = Fixture::small();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_coffeechat"))
        .args(["new", "contact", "Ana Lima", "--root"])
        .arg(f.root())
        .output()
        .expect("run");
    assert!(out.status.success());
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "content/contacts/ana-lima-2.md\n"
    );
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "note: content/contacts/ana-lima.md already exists, so this note is content/contacts/ana-lima-2.md (delete it and edit the first if it is the same contact)\n"
    );
    assert!(f.path("content/contacts/ana-lima-2.md").is_file());
}
