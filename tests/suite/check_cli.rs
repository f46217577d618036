//! `coffeechat check` as people and CI run it: the built binary, its exit
//! status, its plain and JSON output.

use crate::common::Fixture;
use std::path::Path;
use std::process::{Command, Output};

fn run(root: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_coffeechat"))
        .args(args)
        .arg("--root")
        .arg(root)
        .args(["--today", "2026-11-22"])
        .env_remove("NO_COLOR")
        .output()
        .expect("run coffeechat")
}

fn status(out: &Output) -> i32 {
    out.status.code().expect("exit status")
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// A fixture with one warning (an unknown key) and no error.
fn with_warning() -> Fixture {
    let f = Fixture::small();
    f.write(
        "content/contacts/x.md",
        "---\nname: X\ncompnay: acme\n---\n",
    );
    f
}

/// A fixture with two errors and one warning.
fn with_errors() -> Fixture {
    let f = with_warning();
    f.write("content/companies/y.md", "---\nindustry: none\n---\n");
    f.write(
        "content/pages/p.md",
        "---\ntitle: P\n---\nSee [[nobody]].\n",
    );
    f
}

#[test]
fn clean_site_exits_zero() {
    let f = Fixture::small();
    let out = run(f.root(), &["check"]);
    assert_eq!(status(&out), 0, "{}", stderr(&out));
    assert_eq!(stderr(&out), "check: no problems\n");
    assert!(out.stdout.is_empty());
}

#[test]
fn the_demo_site_checks_clean() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let out = run(root, &["check", "--deny-warnings"]);
    assert_eq!(status(&out), 0, "{}", stderr(&out));
    assert_eq!(stderr(&out), "check: no problems\n");
}

#[test]
fn warnings_exit_zero_unless_denied() {
    let f = with_warning();
    let out = run(f.root(), &["check"]);
    assert_eq!(status(&out), 0, "{}", stderr(&out));
    let text = stderr(&out);
    assert!(text.contains("warning[unknown-key]"), "{text}");
    assert!(text.ends_with("check: 1 warning\n"), "{text}");

    let out = run(f.root(), &["check", "--deny-warnings"]);
    assert_eq!(status(&out), 1, "{}", stderr(&out));
}

#[test]
fn errors_exit_one_and_all_are_shown() {
    let f = with_errors();
    let out = run(f.root(), &["check"]);
    assert_eq!(status(&out), 1);
    let text = stderr(&out);
    for expected in [
        "error[missing-field]",
        "error[unresolved-wikilink]",
        "warning[unknown-key]",
        "╭─[content/pages/p.md:4:5]",
        " 4 │ See [[nobody]].",
        "check: 2 errors, 1 warning",
    ] {
        assert!(text.contains(expected), "missing {expected:?} in:\n{text}");
    }
    // Not a terminal: no colours.
    assert!(!text.contains('\u{1b}'), "{text}");
}

#[test]
fn quiet_shows_only_errors() {
    let f = with_warning();
    let out = run(f.root(), &["check", "--quiet"]);
    assert_eq!(status(&out), 0);
    assert_eq!(stderr(&out), "");
    let f = with_errors();
    let out = run(f.root(), &["check", "--quiet"]);
    let text = stderr(&out);
    assert!(!text.contains("unknown-key"), "{text}");
    assert!(text.contains("error[missing-field]"), "{text}");
}

#[test]
fn usage_errors_exit_two() {
    let f = Fixture::small();
    for args in [
        &["check", "--format", "xml"][..],
        &["check", "--no-such-flag"],
        &["check", "--today", "yesterday"],
    ] {
        let out = run(f.root(), args);
        assert_eq!(status(&out), 2, "{args:?}: {}", stderr(&out));
    }
    // No site here or above.
    let empty = crate::common::folder_outside_any_site();
    let out = Command::new(env!("CARGO_BIN_EXE_coffeechat"))
        .arg("check")
        .current_dir(empty.path())
        .output()
        .expect("run");
    assert_eq!(status(&out), 2, "{}", stderr(&out));
    assert!(stderr(&out).contains("coffeechat.yaml"));
}

#[test]
fn json_is_one_array_of_diagnostics_on_stdout() {
    let f = with_errors();
    let out = run(f.root(), &["check", "--format", "json"]);
    assert_eq!(status(&out), 1);
    assert!(out.stderr.is_empty(), "{}", stderr(&out));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("valid JSON");
    let items = json.as_array().expect("an array");
    assert_eq!(items.len(), 3);
    let keys = [
        "severity", "code", "message", "file", "line", "column", "hint",
    ];
    for item in items {
        let obj = item.as_object().expect("an object");
        let mut found: Vec<&str> = obj.keys().map(String::as_str).collect();
        found.sort_unstable();
        let mut expected = keys.to_vec();
        expected.sort_unstable();
        assert_eq!(found, expected);
    }
    let link = items
        .iter()
        .find(|i| i["code"] == "unresolved-wikilink")
        .expect("the wikilink");
    assert_eq!(link["severity"], "error");
    assert_eq!(link["file"], "content/pages/p.md");
    assert_eq!(
        (link["line"].as_u64(), link["column"].as_u64()),
        (Some(4), Some(5))
    );
    assert_eq!(link["message"], "the link [[nobody]] points to no note");
    let warning = items
        .iter()
        .find(|i| i["code"] == "unknown-key")
        .expect("the warning");
    assert_eq!(warning["severity"], "warning");
    assert_eq!(warning["hint"], "did you mean `company`?");

    let clean = Fixture::small();
    let out = run(clean.root(), &["check", "--format", "json"]);
    assert_eq!(status(&out), 0);
    assert_eq!(String::from_utf8_lossy(&out.stdout), "[]\n");
}

#[test]
fn build_reports_through_the_same_renderer() {
    let f = with_errors();
    let out = run(f.root(), &["build"]);
    assert_eq!(status(&out), 1);
    let text = stderr(&out);
    assert!(text.contains(" 4 │ See [[nobody]]."), "{text}");
    assert!(
        text.contains("build failed (2 errors, 1 warning)"),
        "{text}"
    );
    assert!(!f.path("public").exists());

    let f = with_warning();
    let out = run(f.root(), &["build"]);
    assert_eq!(status(&out), 0, "{}", stderr(&out));
    assert!(stderr(&out).contains("warning[unknown-key]"));
    assert!(f.path("public/index.html").exists());
}
