//! The demo site in a real browser: an axe-core accessibility audit of its
//! pages in headless Chromium, light and dark. Needs node, the packages of
//! tests/browser (scripts/test installs them) and chromium; without them
//! the tests fail, unless COFFEECHAT_SKIP_BROWSER=1 (then they say they skip).

use crate::common;
use std::path::{Path, PathBuf};
use std::process::Command;

/// What the browser tests need and this machine lacks.
pub(crate) fn tools_missing() -> (Vec<String>, Option<PathBuf>) {
    let mut missing = Vec::new();
    let browser_dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/browser");
    if !browser_dir.join("node_modules/axe-core").is_dir()
        || !browser_dir.join("node_modules/playwright-core").is_dir()
    {
        missing.push("tests/browser/node_modules (scripts/test runs npm ci)".to_string());
    }
    if !common::runs("node", &["--version"]) {
        missing.push("node".to_string());
    }
    let chromium = common::chromium();
    if let Err(why) = &chromium {
        missing.push(why.clone());
    }
    (missing, chromium.ok())
}

/// The demo built into a temporary folder, and the browser to look at it
/// with; `None` when `test` skips (see `common::may_run`).
fn demo_site(test: &str) -> Option<(tempfile::TempDir, coffeechat::Built, PathBuf)> {
    let (missing, chromium) = tools_missing();
    if !common::may_run(&format!("browser::{test}"), &missing) {
        return None;
    }
    let out = tempfile::tempdir().expect("tmp");
    let options = coffeechat::Options {
        root: env!("CARGO_MANIFEST_DIR").into(),
        today: Some("2026-11-22".parse().expect("date")),
        output: Some(out.path().join("site")),
        ..Default::default()
    };
    coffeechat::build(&options).expect("the demo builds");
    let built = coffeechat::generate(&options).expect("the demo builds");
    Some((out, built, chromium.expect("found")))
}

fn node(chromium: &Path, script: &str, args: &[&std::ffi::OsStr]) -> (bool, String) {
    let script = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/browser")
        .join(script);
    let output = Command::new("node")
        .arg(script)
        .args(args)
        .env("CHROMIUM", chromium)
        .output()
        .expect("node runs");
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    (output.status.success(), text)
}

#[test]
fn search_finds_notes_by_name_and_by_body_text() {
    let Some((out, _, chromium)) = demo_site("search_finds_notes_by_name_and_by_body_text") else {
        return;
    };
    let site = out.path().join("site");
    let (ok, text) = node(
        &chromium,
        "search.mjs",
        &[site.as_os_str(), "/prep/".as_ref(), "gridwise".as_ref()],
    );
    assert!(ok, "{text}");
    assert!(
        text.contains("Gridwise Energy /prep/companies/gridwise-energy/"),
        "{text}"
    );
    // A word that only appears in a note's body.
    let (ok, text) = node(
        &chromium,
        "search.mjs",
        &[site.as_os_str(), "/prep/".as_ref(), "thermostats".as_ref()],
    );
    assert!(ok, "{text}");
    assert!(text.contains("/prep/companies/gridwise-energy/"), "{text}");
    let search = |query: &str| {
        let (ok, text) = node(
            &chromium,
            "search.mjs",
            &[site.as_os_str(), "/prep/".as_ref(), query.as_ref()],
        );
        assert!(ok, "{query}: {text}");
        text
    };
    // The last words of a note of over a thousand characters.
    let text = search("where it's placed");
    assert!(
        text.contains(
            "Informational interview with Daniel Cho /prep/interviews/2026-11-24-daniel-cho/"
        ),
        "{text}"
    );
    // A question's text finds its bank.
    let text = search("comfortable introducing");
    assert!(
        text.contains("Career path and the switch into research /prep/questions/career-path/"),
        "{text}"
    );
    // With or without the accent, in any case: Tomás.
    for query in ["tomas lindqvist", "Tomás", "TOMAS"] {
        let text = search(query);
        assert!(
            text.contains("Tomás Lindqvist /prep/contacts/tomas-lindqvist/"),
            "{query}: {text}"
        );
    }
}

#[test]
fn demo_pages_pass_an_axe_audit_light_and_dark() {
    let Some((out, built, chromium)) = demo_site("demo_pages_pass_an_axe_audit_light_and_dark")
    else {
        return;
    };
    let pages: Vec<String> = built
        .output
        .files
        .keys()
        .filter(|p| p.ends_with(".html"))
        .map(|p| p.trim_end_matches("index.html").to_string())
        .collect();
    assert!(pages.len() > 30, "{pages:?}");
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/browser/axe.mjs");
    let output = Command::new("node")
        .arg(script)
        .env("CHROMIUM", &chromium)
        .arg(out.path().join("site"))
        .arg("/prep/")
        .args(&pages)
        .output()
        .expect("node runs");
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        output.status.success(),
        "axe found problems:\n{stdout}\n{stderr}"
    );
    assert!(
        stdout.contains("axe: no serious or critical violations"),
        "{stdout}"
    );
    assert_eq!(
        stdout.matches(" 0 serious or critical").count(),
        pages.len() * 2,
        "every page audited twice:\n{stdout}"
    );
}

#[test]
fn every_demo_page_fits_a_phone_without_sideways_scrolling() {
    let Some((out, built, chromium)) =
        demo_site("every_demo_page_fits_a_phone_without_sideways_scrolling")
    else {
        return;
    };
    let pages: Vec<String> = built
        .output
        .files
        .keys()
        .filter(|p| p.ends_with(".html"))
        .map(|p| p.trim_end_matches("index.html").to_string())
        .collect();
    // Every kind of page: the dashboard, each index, each kind of note,
    // the network, tags, print packs, a free page and the 404.
    for kind in [
        "",
        "interviews/",
        "contacts/",
        "companies/",
        "questions/",
        "network/",
        "tags/",
        "print/",
        "404.html",
        "interviews/2026-11-24-daniel-cho/",
        "contacts/daniel-cho/",
        "companies/verdant-loop/",
        "questions/career-path/",
        "pages/playbook/",
    ] {
        assert!(pages.iter().any(|p| p == kind), "{kind} in {pages:?}");
    }
    let site = out.path().join("site");
    let mut args: Vec<&std::ffi::OsStr> = vec![site.as_os_str(), std::ffi::OsStr::new("/prep/")];
    args.extend(pages.iter().map(std::ffi::OsStr::new));
    let (ok, text) = node(&chromium, "phone.mjs", &args);
    assert!(ok, "pages wider than a phone:\n{text}");
    assert!(text.contains("phone: no page wider than 390px"), "{text}");
    // Each page measured in light and dark.
    assert_eq!(
        text.matches(": scrollWidth ").count(),
        pages.len() * 2,
        "{text}"
    );
    // The header leaves the phone's screen to the page.
    for line in text.lines().filter(|l| l.contains(": scrollWidth ")) {
        let header: u32 = line
            .rsplit("header ")
            .next()
            .and_then(|h| h.split_whitespace().next())
            .and_then(|h| h.parse().ok())
            .unwrap_or_else(|| panic!("no header height in {line}"));
        assert!(header <= 130, "a tall header: {line}");
    }
}

#[test]
fn search_over_an_index_in_parts_finds_the_last_part() {
    let (missing, chromium) = tools_missing();
    if !common::may_run(
        "browser::search_over_an_index_in_parts_finds_the_last_part",
        &missing,
    ) {
        return;
    }
    // Forty notes of 60,000 characters: more than one part of the index.
    let f = common::Fixture::new();
    let filler = "lorem ipsum dolor sit amet ".repeat(2200);
    for n in 0..40 {
        f.write(
            &format!("content/companies/c{n:02}.md"),
            &format!("---\nname: Company {n:02}\n---\n{filler} marker{n:02}word\n"),
        );
    }
    let out = tempfile::tempdir().expect("tmp");
    let site = out.path().join("site");
    coffeechat::build(&coffeechat::Options {
        output: Some(site.clone()),
        ..f.options()
    })
    .expect("builds");
    let first = std::fs::read_to_string(site.join("search.json")).expect("index");
    assert!(
        first.starts_with("{\"entries\":[") && first.contains("\"more\":[\"/prep/search-2.json\""),
        "{}",
        &first[..first.len().min(200)]
    );
    let last = (2..40)
        .take_while(|n| site.join(format!("search-{n}.json")).is_file())
        .last()
        .expect("a second part");
    let in_last = std::fs::read_to_string(site.join(format!("search-{last}.json"))).expect("part");
    let wanted = (0..40)
        .map(|n| format!("marker{n:02}word"))
        .rfind(|w| in_last.contains(w.as_str()))
        .expect("a note in the last part");
    let (ok, text) = node(
        &chromium.expect("found"),
        "search.mjs",
        &[site.as_os_str(), "/prep/".as_ref(), wanted.as_ref()],
    );
    assert!(ok, "{text}");
    assert!(text.contains("status: 1 result"), "{wanted}: {text}");
}
