//! Property tests over random sites: any set of notes builds or yields
//! diagnostics, never a panic; and the same notes give byte-identical
//! output whatever order their files were created in.

use crate::common;
use coffeechat::{Error, Options};
use proptest::prelude::*;
use std::collections::BTreeMap;

const SLUGS: &[&str] = &["ana", "ben-okafor", "acme", "x", "career", "Ana", "a-b"];
const COLLECTIONS: &[&str] = &["companies", "contacts", "questions", "interviews", "pages"];

fn slug() -> impl Strategy<Value = String> {
    prop::sample::select(SLUGS).prop_map(str::to_string)
}

/// Front matter a user might write for `collection`, right or slightly wrong.
fn plausible_front(collection: usize) -> BoxedStrategy<String> {
    match collection {
        0 => (
            "[A-Za-z <&\"]{0,12}",
            prop::sample::select(&["target", "researching", "bogus", ""][..]),
        )
            .prop_map(|(name, status)| format!("name: \"{name}\"\nstatus: {status}\n"))
            .boxed(),
        1 => (slug(), slug(), prop::sample::select(&["met", "chatting", ""][..]))
            .prop_map(|(company, intro, stage)| {
                format!("name: Person {company}\ncompany: {company}\nintroduced_by: {intro}\nstage: {stage}\nsource: referral\n")
            })
            .boxed(),
        2 => "[a-z ?]{0,10}"
            .prop_map(|q| {
                format!("title: Bank\nquestions:\n  - id: q1\n    text: \"{q}\"\n  - {q}\n")
            })
            .boxed(),
        3 => (
            slug(),
            slug(),
            prop::sample::select(&["2026-10-01", "2026-12-01 09:30", "soon", "2026-13-40"][..]),
        )
            .prop_map(|(contact, bank, date)| {
                format!("contact: {contact}\ndate: {date}\nquestions: [{bank}/q1, {bank}]\nreferrals: [{contact}]\n")
            })
            .boxed(),
        _ => "[A-Za-z ]{0,12}"
            .prop_map(|t| format!("title: \"{t}\"\n"))
            .boxed(),
    }
}

/// YAML-ish noise: brackets, colons, anchors, tabs and quotes.
fn garbage() -> impl Strategy<Value = String> {
    "[-:\\[\\]{}&*!|>'\"%@#` a-z0-9\n\t]{0,40}"
}

fn body() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        "[a-z .,]{0,20}",
        slug().prop_map(|s| format!("[[{s}]]")),
        (prop::sample::select(COLLECTIONS), slug()).prop_map(|(c, s)| format!("[[{c}/{s}|label]]")),
        Just("[x](javascript:alert(1))".to_string()),
        Just("<script>alert(1)</script>".to_string()),
        Just("\n# Heading\n".to_string()),
        Just("\n```rust\nfn x() {}\n```\n".to_string()),
        Just("[[".to_string()),
        Just("\n- [ ] task\n".to_string()),
        "[\\[\\]|#*_`<>\n -~]{0,10}",
    ];
    prop::collection::vec(piece, 0..8).prop_map(|p| p.join(" "))
}

fn note() -> impl Strategy<Value = (String, String)> {
    (0..COLLECTIONS.len(), slug(), any::<bool>(), body()).prop_flat_map(
        |(collection, name, nested, body)| {
            let front = prop_oneof![
                4 => plausible_front(collection),
                1 => garbage(),
            ];
            let fence = prop_oneof![8 => Just("---\n"), 1 => Just(""), 1 => Just("--- \r\n")];
            (front, fence).prop_map(move |(front, fence)| {
                let dir = if nested { "more/" } else { "" };
                let path = format!("content/{}/{dir}{name}.md", COLLECTIONS[collection]);
                (path, format!("{fence}{front}---\n{body}"))
            })
        },
    )
}

/// A site: its notes by path (a repeated path keeps the last).
fn site() -> impl Strategy<Value = BTreeMap<String, String>> {
    prop::collection::vec(note(), 0..10).prop_map(|notes| notes.into_iter().collect())
}

/// Writes the notes into a fresh site folder, in the order given.
fn write_site<'a>(notes: impl Iterator<Item = (&'a String, &'a String)>) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(dir.path().join("coffeechat.yaml"), common::CONFIG).expect("config");
    for (path, text) in notes {
        let p = dir.path().join(path);
        std::fs::create_dir_all(p.parent().expect("parent")).expect("mkdir");
        std::fs::write(p, text).expect("write");
    }
    dir
}

fn options(root: &std::path::Path) -> Options {
    Options {
        root: root.to_path_buf(),
        today: Some("2026-11-22".parse().expect("date")),
        ..Options::default()
    }
}

/// What a build gives, comparable across two folders.
fn outcome(
    root: &std::path::Path,
) -> Result<BTreeMap<String, coffeechat::output::Bytes>, Vec<String>> {
    match coffeechat::generate(&options(root)) {
        Ok(built) => Ok(built.output.files),
        Err(Error::Diagnostics(d)) => {
            assert!(
                d.iter().any(|d| d.is_error()),
                "a failed build names an error"
            );
            for d in &d {
                assert!(
                    !d.file.as_os_str().is_empty(),
                    "every diagnostic names a file: {d}"
                );
            }
            Err(d.iter().map(ToString::to_string).collect())
        }
        Err(e) => panic!("not a diagnostic: {e}"),
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn any_notes_build_or_give_diagnostics(notes in site()) {
        let dir = write_site(notes.iter());
        let _ = outcome(dir.path());
    }

    #[test]
    fn builds_are_identical_whatever_the_file_order(notes in site()) {
        let a = write_site(notes.iter());
        let b = write_site(notes.iter().rev());
        let first = outcome(a.path());
        prop_assert_eq!(&first, &outcome(b.path()));
        prop_assert_eq!(&first, &outcome(a.path()), "building twice");
    }
}
