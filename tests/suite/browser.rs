//! The demo site in a real browser: an axe-core accessibility audit of its
//! pages in headless Chromium, light and dark. Needs node, the packages of
//! tests/browser (scripts/test installs them) and chromium; without them
//! the test says so and passes, and CI always has them.

use std::path::Path;
use std::process::Command;

fn tool_missing() -> Option<String> {
    let browser_dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/browser");
    if !browser_dir.join("node_modules/axe-core").is_dir()
        || !browser_dir.join("node_modules/playwright-core").is_dir()
    {
        return Some(
            "tests/browser/node_modules is missing (run scripts/test, which runs npm ci)".into(),
        );
    }
    if Command::new("node").arg("--version").output().is_err() {
        return Some("node is not installed".into());
    }
    let chromium = [
        "/usr/bin/chromium",
        "/usr/bin/chromium-browser",
        "/usr/bin/google-chrome",
    ];
    if !chromium.iter().any(|p| Path::new(p).exists()) && std::env::var_os("CHROMIUM").is_none() {
        return Some("chromium is not installed".into());
    }
    None
}

/// Builds the demo into a temporary folder, unless the browser tools are
/// missing outside CI.
fn demo_site() -> Option<(tempfile::TempDir, coffeechat::Built)> {
    if let Some(why) = tool_missing() {
        if std::env::var_os("CI").is_some() {
            panic!("the browser tests must run in CI: {why}");
        }
        eprintln!("skipping a browser test: {why}");
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
    Some((out, built))
}

fn node(script: &str, args: &[&std::ffi::OsStr]) -> (bool, String) {
    let script = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/browser")
        .join(script);
    let output = Command::new("node")
        .arg(script)
        .args(args)
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
    let Some((out, _)) = demo_site() else { return };
    let site = out.path().join("site");
    let (ok, text) = node(
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
        "search.mjs",
        &[site.as_os_str(), "/prep/".as_ref(), "thermostats".as_ref()],
    );
    assert!(ok, "{text}");
    assert!(text.contains("/prep/companies/gridwise-energy/"), "{text}");
}

#[test]
fn demo_pages_pass_an_axe_audit_light_and_dark() {
    let Some((out, built)) = demo_site() else {
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
