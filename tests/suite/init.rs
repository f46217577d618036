//! `coffeechat init`: the starter site, its refusal to overwrite, and the
//! GitHub Pages workflow it writes.

use coffeechat::commands::init::{init, InitError, InitOptions};
use coffeechat::Options;
use std::path::{Path, PathBuf};

fn options(dir: &Path) -> InitOptions {
    InitOptions {
        dir: dir.to_path_buf(),
        force: false,
        today: "2026-11-22".parse().unwrap(),
        timezone: "Europe/Berlin".into(),
    }
}

fn files(dir: &Path) -> Vec<String> {
    let mut out: Vec<String> = walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            e.path()
                .strip_prefix(dir)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/")
        })
        .collect();
    out.sort();
    out
}

#[test]
fn init_creates_a_site_that_builds_cleanly() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("prep");
    let report = init(&options(&dir)).unwrap();
    let made = files(&dir);
    for expected in [
        ".github/workflows/pages.yml",
        ".gitignore",
        "coffeechat.yaml",
        "content/companies/northwind-solar.md",
        "content/contacts/alex-morgan.md",
        "content/interviews/alex-morgan-first-chat.md",
        "content/pages/pitch.md",
        "content/questions/career-path.md",
    ] {
        assert!(
            made.contains(&expected.to_string()),
            "{expected} missing: {made:?}"
        );
    }
    assert_eq!(report.created.len(), made.len());
    assert!(report.skipped.is_empty());

    let config = std::fs::read_to_string(dir.join("coffeechat.yaml")).unwrap();
    assert!(config.contains("timezone: Europe/Berlin"));
    assert!(config.contains("paper: a4"));
    assert!(
        config.lines().filter(|l| l.starts_with('#')).count() > 5,
        "commented"
    );
    assert!(std::fs::read_to_string(dir.join(".gitignore"))
        .unwrap()
        .contains("/public"));
    let interview =
        std::fs::read_to_string(dir.join("content/interviews/alex-morgan-first-chat.md")).unwrap();
    assert!(
        interview.contains("date: \"2026-11-29 10:00\""),
        "{interview}"
    );

    let built = coffeechat::generate(&Options {
        root: dir.clone(),
        today: Some("2026-11-22".parse().unwrap()),
        ..Options::default()
    })
    .unwrap_or_else(|e| panic!("the starter site must build: {e:?}"));
    // Only the placeholders left for the user to fill in, each located.
    let placeholders = |d: &[coffeechat::diagnostics::Diagnostic]| -> Vec<(String, String, usize)> {
        d.iter()
            .map(|d| (d.code.to_string(), d.file.display().to_string(), d.line))
            .collect()
    };
    let config_line = |needle: &str| {
        config
            .lines()
            .position(|l| l.contains(needle))
            .expect("in the config")
            + 1
    };
    let expected = vec![
        (
            "placeholder-text".to_string(),
            "coffeechat.yaml".to_string(),
            config_line("name: Your Name"),
        ),
        (
            "placeholder-text".to_string(),
            "coffeechat.yaml".to_string(),
            config_line("I'm exploring a move"),
        ),
    ];
    assert_eq!(placeholders(&built.diagnostics), expected);
    let checked = coffeechat::check(&Options {
        root: dir.clone(),
        today: Some("2026-11-22".parse().unwrap()),
        ..Options::default()
    });
    assert_eq!(placeholders(&checked), expected, "`check` points at them");
    // One note of each kind, plus the starter question banks.
    let page = |p: &str| String::from_utf8(built.output.get(p).unwrap().to_vec()).unwrap();
    let briefing = page("interviews/alex-morgan-first-chat/index.html");
    assert!(briefing.contains("Alex Morgan"));
    // The placeholders are not printed.
    assert!(!briefing.contains("Your Name"), "{briefing}");
    assert!(!briefing.contains("I'm exploring a move"), "{briefing}");
    assert!(page("index.html").contains("Coffee chat with Alex"));
}

#[test]
fn starter_question_bank_has_forty_open_questions_in_six_topics() {
    let tmp = tempfile::tempdir().unwrap();
    init(&options(tmp.path())).unwrap();
    let topics = [
        "career-path",
        "day-to-day",
        "team-and-culture",
        "industry-and-trends",
        "skills-and-advice",
        "next-steps",
    ];
    let mut total = 0;
    for topic in topics {
        let text =
            std::fs::read_to_string(tmp.path().join(format!("content/questions/{topic}.md")))
                .unwrap_or_else(|e| panic!("{topic}: {e}"));
        let front = text.split("---\n").nth(1).unwrap();
        let yaml: serde_yaml::Value = serde_yaml::from_str(front).unwrap();
        let questions = yaml["questions"].as_sequence().unwrap();
        assert!(questions.len() >= 6, "{topic}");
        for q in questions {
            let text = q["text"].as_str().unwrap();
            assert!(q["id"].as_str().is_some(), "{text}");
            assert!(text.ends_with('?'), "{text}");
            // Open-ended: not a yes/no question.
            let first = text.split_whitespace().next().unwrap();
            assert!(
                ![
                    "Do", "Does", "Did", "Is", "Are", "Can", "Could", "Would", "Will", "Have",
                    "Has"
                ]
                .contains(&first)
                    || text.contains(" what ")
                    || text.contains(" how ")
                    || text.contains(" who ")
                    || text.starts_with("Can you walk"),
                "closed question: {text}"
            );
        }
        total += questions.len();
    }
    assert!(total >= 40, "{total} questions");
}

#[test]
fn init_refuses_a_folder_with_files() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(tmp.path().join("notes.txt"), "mine").unwrap();
    match init(&options(tmp.path())) {
        Err(InitError::NotEmpty(p)) => assert_eq!(p, tmp.path()),
        other => panic!("expected a refusal, got {other:?}"),
    }
    assert_eq!(files(tmp.path()), vec!["notes.txt".to_string()]);
    let file = tmp.path().join("notes.txt");
    assert!(matches!(
        init(&options(&file)),
        Err(InitError::NotADirectory(_))
    ));
}

#[test]
fn force_adds_files_but_overwrites_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let mine = "title: Mine\n";
    std::fs::write(tmp.path().join("coffeechat.yaml"), mine).unwrap();
    std::fs::create_dir_all(tmp.path().join("content/contacts")).unwrap();
    std::fs::write(
        tmp.path().join("content/contacts/alex-morgan.md"),
        "my note",
    )
    .unwrap();
    let report = init(&InitOptions {
        force: true,
        ..options(tmp.path())
    })
    .unwrap();
    assert_eq!(
        report.skipped,
        vec![
            PathBuf::from("coffeechat.yaml"),
            PathBuf::from("content/contacts/alex-morgan.md")
        ]
    );
    assert_eq!(
        std::fs::read_to_string(tmp.path().join("coffeechat.yaml")).unwrap(),
        mine
    );
    assert_eq!(
        std::fs::read_to_string(tmp.path().join("content/contacts/alex-morgan.md")).unwrap(),
        "my note"
    );
    assert!(tmp.path().join("content/questions/next-steps.md").is_file());
}

#[test]
fn pages_workflow_is_valid_and_complete() {
    let tmp = tempfile::tempdir().unwrap();
    init(&options(tmp.path())).unwrap();
    let text = std::fs::read_to_string(tmp.path().join(".github/workflows/pages.yml")).unwrap();
    let y: serde_yaml::Value = serde_yaml::from_str(&text).expect("the workflow is YAML");
    assert_eq!(y["permissions"]["contents"].as_str(), Some("read"));
    assert_eq!(y["permissions"]["pages"].as_str(), Some("write"));
    assert_eq!(y["permissions"]["id-token"].as_str(), Some("write"));
    assert_eq!(y["concurrency"]["group"].as_str(), Some("pages"));
    assert_eq!(
        y["concurrency"]["cancel-in-progress"].as_bool(),
        Some(false)
    );
    // `on` is a string key (YAML 1.1 would read it as true; serde_yaml does not).
    assert!(y["on"]["push"]["branches"].as_sequence().is_some());

    let steps = |job: &str| y["jobs"][job]["steps"].as_sequence().unwrap().clone();
    let uses = |steps: &[serde_yaml::Value], action: &str| {
        steps
            .iter()
            .find(|s| s["uses"].as_str().is_some_and(|u| u.starts_with(action)))
            .cloned()
            .unwrap_or_else(|| panic!("no step uses {action}"))
    };
    let build = steps("build");
    uses(&build, "actions/checkout@");
    assert_eq!(
        uses(&build, "actions/configure-pages@")["id"].as_str(),
        Some("pages")
    );
    assert_eq!(
        uses(&build, "actions/upload-pages-artifact@")["with"]["path"].as_str(),
        Some("public")
    );
    let runs: Vec<&str> = build.iter().filter_map(|s| s["run"].as_str()).collect();
    assert!(runs
        .iter()
        .any(|r| r.contains("cargo install") && r.contains("--locked")));
    assert!(runs.iter().any(|r| r.contains(
        "coffeechat build --encrypt --base-url \"${{ steps.pages.outputs.base_url }}/\""
    )));
    // The configure step comes before the build that uses its output.
    let pos = |pred: &dyn Fn(&serde_yaml::Value) -> bool| build.iter().position(pred).unwrap();
    assert!(
        pos(&|s| s["id"].as_str() == Some("pages"))
            < pos(&|s| s["run"]
                .as_str()
                .is_some_and(|r| r.contains("coffeechat build")))
    );

    let deploy = &y["jobs"]["deploy"];
    assert_eq!(deploy["needs"].as_str(), Some("build"));
    assert_eq!(deploy["environment"]["name"].as_str(), Some("github-pages"));
    assert_eq!(
        deploy["environment"]["url"].as_str(),
        Some("${{ steps.deployment.outputs.page_url }}")
    );
    assert_eq!(
        uses(&steps("deploy"), "actions/deploy-pages@")["id"].as_str(),
        Some("deployment")
    );
}

#[test]
fn init_chooses_letter_paper_in_the_americas_and_a4_elsewhere() {
    for (zone, paper) in [
        ("America/Chicago", "letter"),
        ("America/Sao_Paulo", "letter"),
        ("Europe/Berlin", "a4"),
        ("Asia/Tokyo", "a4"),
        ("Australia/Sydney", "a4"),
    ] {
        let tmp = tempfile::tempdir().unwrap();
        init(&InitOptions {
            timezone: zone.into(),
            ..options(tmp.path())
        })
        .unwrap();
        let config = std::fs::read_to_string(tmp.path().join("coffeechat.yaml")).unwrap();
        let papers: Vec<&str> = config
            .lines()
            .filter_map(|l| l.strip_prefix("paper: "))
            .collect();
        assert_eq!(papers, [paper], "{zone}:\n{config}");
        // And the briefings are laid out for it.
        let built = coffeechat::generate(&Options {
            root: tmp.path().to_path_buf(),
            today: Some("2026-11-22".parse().unwrap()),
            ..Options::default()
        })
        .expect("the starter site builds");
        let page = String::from_utf8(built.output.get("index.html").unwrap().to_vec()).unwrap();
        assert!(
            page.contains(&format!("<style>@page {{ size: {paper}; }}</style>")),
            "{zone}"
        );
    }
}

/// Runs the workflow's install step as GitHub would (bash, the job's
/// environment), with a `cargo` that only records its arguments.
#[cfg(unix)]
fn install_step(coffeechat_git: &str) -> (std::process::Output, Option<String>) {
    let tmp = tempfile::tempdir().unwrap();
    init(&options(tmp.path())).unwrap();
    let text = std::fs::read_to_string(tmp.path().join(".github/workflows/pages.yml")).unwrap();
    let y: serde_yaml::Value = serde_yaml::from_str(&text).unwrap();
    let script = y["jobs"]["build"]["steps"]
        .as_sequence()
        .unwrap()
        .iter()
        .find(|s| s["name"].as_str() == Some("Install coffeechat"))
        .and_then(|s| s["run"].as_str())
        .expect("the install step")
        .to_string();
    let placeholder = y["env"]["COFFEECHAT_GIT"].as_str().expect("the env line");
    let value = if coffeechat_git.is_empty() {
        placeholder
    } else {
        coffeechat_git
    };
    let bin = tmp.path().join("bin");
    std::fs::create_dir(&bin).unwrap();
    let log = tmp.path().join("cargo-args");
    let cargo = bin.join("cargo");
    std::fs::write(
        &cargo,
        format!("#!/bin/sh\necho \"$@\" > '{}'\n", log.display()),
    )
    .unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&cargo, std::fs::Permissions::from_mode(0o755)).unwrap();
    let path = format!(
        "{}:{}",
        bin.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let rev = y["env"]["COFFEECHAT_REV"]
        .as_str()
        .expect("the pinned revision");
    let out = std::process::Command::new("bash")
        .args(["-e", "-c", &script])
        .env("COFFEECHAT_GIT", value)
        .env("COFFEECHAT_REV", rev)
        .env("PATH", path)
        .output()
        .expect("bash");
    (out, std::fs::read_to_string(&log).ok())
}

#[cfg(unix)]
#[test]
fn the_workflow_stops_until_coffeechat_git_is_set() {
    // As written by init: the job fails with a message, installs nothing.
    let (out, cargo) = install_step("");
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "::error file=.github/workflows/pages.yml::set COFFEECHAT_GIT to the repository coffeechat is installed from\n"
    );
    assert_eq!(cargo, None, "cargo must not run");
    // Set: it installs from there.
    let (out, cargo) = install_step("https://github.com/me/coffeechat");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let pinned = match env!("COFFEECHAT_COMMIT") {
        "" => concat!("v", env!("CARGO_PKG_VERSION")),
        commit => commit,
    };
    assert_eq!(
        cargo,
        Some(format!(
            "install --git https://github.com/me/coffeechat --rev {pinned} --locked coffeechat\n"
        ))
    );
}

#[test]
fn init_takes_the_system_time_zone_and_says_which() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("prep");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_coffeechat"))
        .arg("init")
        .arg(&dir)
        .env("TZ", "Asia/Tokyo")
        .output()
        .expect("run");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let config = std::fs::read_to_string(dir.join("coffeechat.yaml")).unwrap();
    assert!(config.contains("\ntimezone: Asia/Tokyo\n"), "{config}");
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(
        said.contains(
            "time zone: Asia/Tokyo (the system's); `timezone:` in coffeechat.yaml changes it"
        ),
        "{said}"
    );
}
