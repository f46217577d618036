//! The binary's shared behaviour: where the site is found, which day is
//! today, and `theme context`.

use crate::common::Fixture;
use std::path::Path;
use std::process::{Command, Output};

/// Runs coffeechat in `cwd`, with no SOURCE_DATE_EPOCH but `env`'s.
fn run(cwd: &Path, args: &[&str], env: &[(&str, &str)]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_coffeechat"))
        .current_dir(cwd)
        .args(args)
        .env_remove("SOURCE_DATE_EPOCH")
        .envs(env.iter().copied())
        .output()
        .expect("run coffeechat")
}

/// The JSON `theme context` prints for `page`.
fn context(cwd: &Path, args: &[&str], env: &[(&str, &str)]) -> serde_json::Value {
    let out = run(cwd, args, env);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("JSON")
}

/// The day `theme context` says the build treats as today.
fn today(f: &Fixture, extra: &[&str], env: &[(&str, &str)]) -> String {
    let root = f.root().to_str().expect("UTF-8 path");
    let mut args = vec!["theme", "context", "contacts/ana-lima/", "--root", root];
    args.extend_from_slice(extra);
    let c = context(f.root(), &args, env);
    c["context"]["site"]["today"]["iso"]
        .as_str()
        .expect("today")
        .to_string()
}

/// 2026-11-23 03:00 UTC: still the 22nd in Chicago, already the 23rd in
/// Tokyo.
const EPOCH: &str = "1795402800";

#[test]
fn today_is_source_date_epoch_in_the_sites_time_zone_unless_given() {
    let chicago = Fixture::small();
    assert_eq!(
        today(&chicago, &[], &[("SOURCE_DATE_EPOCH", EPOCH)]),
        "2026-11-22"
    );
    let tokyo = Fixture::with_config(
        "title: Test prep\nbase_url: https://user.github.io/prep/\ntimezone: Asia/Tokyo\n",
    );
    tokyo.write("content/contacts/ana-lima.md", "---\nname: Ana Lima\n---\n");
    assert_eq!(
        today(&tokyo, &[], &[("SOURCE_DATE_EPOCH", EPOCH)]),
        "2026-11-23"
    );
    // --today wins.
    assert_eq!(
        today(
            &chicago,
            &["--today", "2026-01-05"],
            &[("SOURCE_DATE_EPOCH", EPOCH)]
        ),
        "2026-01-05"
    );
}

#[test]
fn the_site_is_found_by_searching_upward_from_a_subfolder() {
    let f = Fixture::small();
    let deep = f.path("content/contacts");
    let out = run(&deep, &["build", "--today", "2026-11-22"], &[]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(f.path("public/contacts/ana-lima/index.html").is_file());
    assert!(!deep.join("public").exists(), "built at the root, not here");
    let c = context(
        &deep,
        &[
            "theme",
            "context",
            "contacts/ana-lima/",
            "--today",
            "2026-11-22",
        ],
        &[],
    );
    assert_eq!(c["context"]["note"]["path"], "content/contacts/ana-lima.md");
    // No coffeechat.yaml here or above: a usage error that says what to do.
    let nowhere = crate::common::folder_outside_any_site();
    let out = run(nowhere.path(), &["build"], &[]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("no coffeechat.yaml here or in any folder above"),
        "{stderr}"
    );
    assert!(std::fs::read_dir(nowhere.path())
        .expect("dir")
        .next()
        .is_none());
}

#[test]
fn theme_context_prints_a_pages_template_and_its_data() {
    let f = Fixture::small();
    let root = f.root().to_str().expect("UTF-8 path");
    let args = [
        "theme",
        "context",
        "contacts/ana-lima/",
        "--root",
        root,
        "--today",
        "2026-11-22",
    ];
    let printed = context(f.root(), &args, &[]);
    assert_eq!(printed["template"], "contact.html");
    // The data the template gets, as the library gives it to the template.
    let contexts = coffeechat::contexts(&f.options()).expect("contexts");
    let (_, template, data) = contexts
        .iter()
        .find(|(path, _, _)| path == "contacts/ana-lima/index.html")
        .expect("Ana's page");
    assert_eq!(template, "contact.html");
    assert_eq!(&printed["context"], data);
    let c = &printed["context"];
    assert_eq!(c["page"]["url"], "/prep/contacts/ana-lima/");
    assert_eq!(c["contact"]["email"], "ana@example.com");
    assert_eq!(c["contact"]["company"]["slug"], "acme");
    assert_eq!(c["contact"]["introduced"][0]["slug"], "ben-okafor");
    assert_eq!(c["site"]["timezone"], "America/Chicago");
    // A page that does not exist.
    let out = run(
        f.root(),
        &["theme", "context", "nope/", "--root", root],
        &[],
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no page nope/index.html"));
}

#[test]
fn completions_are_printed_for_bash_zsh_and_fish() {
    let dir = tempfile::tempdir().expect("tmp");
    for (shell, marker) in [
        ("bash", "complete -F _coffeechat"),
        ("zsh", "#compdef coffeechat"),
        ("fish", "complete -c coffeechat"),
    ] {
        let out = run(dir.path(), &["completions", shell], &[]);
        assert!(out.status.success(), "{shell}");
        let script = String::from_utf8_lossy(&out.stdout);
        assert!(script.contains(marker), "{shell}: {script}");
        // Every subcommand is completed, the new one too.
        for sub in ["build", "print", "draft", "completions"] {
            assert!(script.contains(sub), "{shell} lacks {sub}");
        }
    }
    let out = run(dir.path(), &["completions", "tcsh"], &[]);
    assert_eq!(
        out.status.code(),
        Some(2),
        "an unknown shell is a usage error"
    );
}

#[test]
fn every_subcommand_help_shows_examples() {
    let dir = tempfile::tempdir().expect("tmp");
    for sub in [
        "build",
        "export",
        "check",
        "init",
        "new",
        "serve",
        "agenda",
        "draft",
        "print",
        "completions",
    ] {
        let out = run(dir.path(), &[sub, "--help"], &[]);
        assert!(out.status.success(), "{sub}");
        let help = String::from_utf8_lossy(&out.stdout);
        let examples = help
            .split_once("Examples:\n")
            .unwrap_or_else(|| panic!("{sub} --help has no examples:\n{help}"))
            .1;
        assert!(
            examples
                .lines()
                .next()
                .is_some_and(|l| l.starts_with(&format!("  coffeechat {sub}"))),
            "{sub}: {examples}"
        );
    }
}
