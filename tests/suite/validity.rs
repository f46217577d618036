//! Every HTML page through the W3C Nu checker (vnu.jar from the npm package
//! `vnu-jar` in tests/browser, run with java): the demo, a fresh `init`
//! site and the shared 1,000-note corpus, with 0 errors. Without java, the
//! jar or the corpus generator the tests fail, unless
//! COFFEECHAT_SKIP_BROWSER=1 (see `common::may_run`).

use crate::common;
use std::path::{Path, PathBuf};
use std::process::Command;

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn vnu_jar() -> PathBuf {
    repo().join("tests/browser/node_modules/vnu-jar/build/dist/vnu.jar")
}

/// The corpus generator of ../shared/bench, beside the repository.
fn corpus_generator() -> PathBuf {
    repo().join("../shared/bench/gen_corpus.py")
}

fn tools(test: &str, corpus: bool) -> bool {
    let mut missing = Vec::new();
    if !common::runs("java", &["-version"]) {
        missing.push("java (Debian's default-jre-headless)".to_string());
    }
    if !vnu_jar().is_file() {
        missing.push("tests/browser/node_modules/vnu-jar (npm ci in tests/browser)".to_string());
    }
    if corpus && (!corpus_generator().is_file() || !common::runs("python3", &["--version"])) {
        missing.push("python3 and ../shared/bench/gen_corpus.py".to_string());
    }
    common::may_run(&format!("validity::{test}"), &missing)
}

/// The Nu checker's errors for every HTML file under `site`; panics when
/// it checked nothing.
fn nu_errors(site: &Path) -> Vec<String> {
    let pages = walkdir::WalkDir::new(site)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "html"))
        .count();
    assert!(pages > 10, "{} has {pages} pages", site.display());
    let out = Command::new("java")
        .arg("-jar")
        .arg(vnu_jar())
        .args(["--errors-only", "--skip-non-html", "--format", "gnu"])
        .arg(site)
        .output()
        .expect("java runs");
    let text =
        String::from_utf8_lossy(&out.stderr).into_owned() + &String::from_utf8_lossy(&out.stdout);
    let errors: Vec<String> = text
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(str::to_string)
        .collect();
    // vnu exits non-zero exactly when it reports an error.
    assert_eq!(out.status.success(), errors.is_empty(), "{text}");
    errors
}

fn build(options: coffeechat::Options) {
    coffeechat::build(&options).unwrap_or_else(|e| panic!("the site builds: {e:?}"));
}

#[test]
fn the_checker_reports_a_duplicate_id() {
    if !tools("the_checker_reports_a_duplicate_id", false) {
        return;
    }
    let dir = tempfile::tempdir().expect("tmp");
    for n in 0..11 {
        std::fs::write(
            dir.path().join(format!("{n}.html")),
            "<!DOCTYPE html><html lang=\"en\"><head><title>x</title></head><body><p id=\"prep\">a</p><p id=\"prep\">b</p></body></html>",
        )
        .expect("write");
    }
    let errors = nu_errors(dir.path());
    assert_eq!(errors.len(), 11, "{errors:?}");
    assert!(errors[0].contains("Duplicate ID “prep”"), "{errors:?}");
}

#[test]
fn the_demo_and_a_fresh_site_are_valid_html() {
    if !tools("the_demo_and_a_fresh_site_are_valid_html", false) {
        return;
    }
    let out = tempfile::tempdir().expect("tmp");
    build(coffeechat::Options {
        root: repo(),
        today: Some("2026-11-22".parse().expect("date")),
        output: Some(out.path().join("demo")),
        ..Default::default()
    });
    assert_eq!(nu_errors(&out.path().join("demo")), Vec::<String>::new());

    let fresh = out.path().join("fresh");
    coffeechat::commands::init::init(&coffeechat::commands::init::InitOptions {
        dir: fresh.clone(),
        force: false,
        today: "2026-11-22".parse().expect("date"),
        timezone: "Europe/Berlin".into(),
    })
    .expect("init");
    build(coffeechat::Options {
        root: fresh.clone(),
        today: Some("2026-11-22".parse().expect("date")),
        output: Some(out.path().join("fresh-site")),
        ..Default::default()
    });
    assert_eq!(
        nu_errors(&out.path().join("fresh-site")),
        Vec::<String>::new()
    );
}

#[test]
fn a_thousand_note_corpus_is_valid_html() {
    if !tools("a_thousand_note_corpus_is_valid_html", true) {
        return;
    }
    let dir = tempfile::tempdir().expect("tmp");
    let corpus = dir.path().join("corpus");
    let status = Command::new("python3")
        .arg(corpus_generator())
        .arg(&corpus)
        .args(["--notes", "1000"])
        .stdout(std::process::Stdio::null())
        .status()
        .expect("python3 runs");
    assert!(status.success());
    // A day among the corpus's interviews, so the print packs hold sheets.
    build(coffeechat::Options {
        root: corpus.clone(),
        config: Some(corpus.join("config.yaml")),
        today: Some("2026-06-01".parse().expect("date")),
        output: Some(dir.path().join("site")),
        ..Default::default()
    });
    let pack = std::fs::read_to_string(dir.path().join("site/print/index.html")).expect("pack");
    assert!(
        pack.matches("<article class=\"briefing\"").count() > 1,
        "this week's pack holds several sheets"
    );
    assert_eq!(nu_errors(&dir.path().join("site")), Vec::<String>::new());
}
