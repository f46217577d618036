//! Publishing as `init` sets it up: the workflow it writes uses only
//! actions on Node 24, pins coffeechat, caches it, and builds encrypted
//! with the passphrase secret given to that step alone; `check` warns
//! about a workflow still on Node 20 actions.

use std::path::Path;

/// The Node 24 majors GitHub moved to (checkout, configure-pages,
/// upload-pages-artifact, deploy-pages) and cache's.
const NODE24: &[(&str, &str)] = &[
    ("actions/checkout", "v6"),
    ("actions/configure-pages", "v6"),
    ("actions/upload-pages-artifact", "v5"),
    ("actions/deploy-pages", "v5"),
    ("actions/cache", "v5"),
];

fn init_site() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tmp");
    let mut options = coffeechat::commands::init::InitOptions::new(dir.path().join("site"));
    options.today = "2026-12-01".parse().expect("date");
    coffeechat::commands::init::init(&options).expect("init");
    dir
}

#[test]
fn the_workflow_init_writes_is_on_node_24_pinned_cached_and_encrypted() {
    let dir = init_site();
    let text = std::fs::read_to_string(dir.path().join("site/.github/workflows/pages.yml"))
        .expect("a workflow");
    let workflow: serde_yaml::Value = serde_yaml::from_str(&text).expect("valid YAML");
    let mut uses = Vec::new();
    let mut passphrase_steps = Vec::new();
    for (job, spec) in workflow["jobs"].as_mapping().expect("jobs") {
        for step in spec["steps"].as_sequence().expect("steps") {
            if let Some(action) = step["uses"].as_str() {
                uses.push(action.to_string());
            }
            if step["env"]["COFFEECHAT_PASSPHRASE"].is_string() {
                passphrase_steps.push((job.as_str().unwrap_or("").to_string(), step.clone()));
            }
        }
    }
    assert_eq!(uses.len(), 5, "{uses:?}");
    for action in &uses {
        let (name, major) = action.split_once('@').expect("a version");
        let expected = NODE24.iter().find(|(n, _)| *n == name);
        assert_eq!(expected.map(|(_, m)| *m), Some(major), "{action}");
    }
    // The secret reaches the build step only, which builds encrypted.
    assert_eq!(passphrase_steps.len(), 1, "{passphrase_steps:?}");
    let run = passphrase_steps[0].1["run"].as_str().expect("a run");
    assert!(run.contains("coffeechat build --encrypt"), "{run}");
    assert!(
        run.contains("::error::the repository secret COFFEECHAT_PASSPHRASE is missing"),
        "{run}"
    );
    assert!(!text.contains("--public"), "{text}");
    assert!(workflow["env"]["COFFEECHAT_PASSPHRASE"].is_null());
    // coffeechat is pinned to a commit (or a release tag) and cached.
    let rev = workflow["env"]["COFFEECHAT_REV"].as_str().expect("a pin");
    let is_commit = rev.len() == 40 && rev.chars().all(|c| c.is_ascii_hexdigit());
    assert!(
        is_commit || rev == concat!("v", env!("CARGO_PKG_VERSION")),
        "{rev}"
    );
    assert!(text.contains("--rev \"$COFFEECHAT_REV\""), "{text}");
    assert!(text.contains("key: coffeechat-${{ runner.os }}-${{ env.COFFEECHAT_REV }}"));
    // And says first that a public repository exposes the notes.
    let first_lines: String = text.lines().take(12).collect::<Vec<_>>().join("\n");
    assert!(
        first_lines.contains("A public repository exposes every note"),
        "{first_lines}"
    );
}

#[test]
fn the_config_init_writes_has_a_salt_an_encrypted_build_uses() {
    let dir = init_site();
    let root = dir.path().join("site");
    let config = coffeechat::read::config::Config::load(&root, &root.join("coffeechat.yaml"))
        .expect("valid");
    let salt = config.publish.encrypt.salt.expect("a salt");
    assert_eq!(salt.len(), 32);
    assert!(salt.parse::<coffeechat::output::encrypt::Salt>().is_ok());
    let other = init_site();
    let root2 = other.path().join("site");
    let config2 = coffeechat::read::config::Config::load(&root2, &root2.join("coffeechat.yaml"))
        .expect("valid");
    assert_ne!(
        config2.publish.encrypt.salt,
        Some(salt),
        "each site its own salt"
    );
}

#[test]
fn check_warns_about_node_20_actions() {
    let dir = init_site();
    let root = dir.path().join("site");
    let workflow = root.join(".github/workflows/pages.yml");
    let text = std::fs::read_to_string(&workflow).expect("workflow");
    let clean = coffeechat::check(&options(&root));
    assert!(
        !clean.iter().any(|d| d.code == "node20-action"),
        "{clean:?}"
    );
    let old = text
        .replace("actions/checkout@v6", "actions/checkout@v4")
        .replace("actions/deploy-pages@v5", "actions/deploy-pages@v4");
    std::fs::write(&workflow, old).expect("write");
    let found: Vec<_> = coffeechat::check(&options(&root))
        .into_iter()
        .filter(|d| d.code == "node20-action")
        .collect();
    assert_eq!(found.len(), 2, "{found:?}");
    assert_eq!(found[0].file, Path::new(".github/workflows/pages.yml"));
    assert!(
        found[0].message.contains("actions/checkout@v4"),
        "{:?}",
        found[0]
    );
    assert_eq!(
        found[0].hint.as_deref(),
        Some("use `actions/checkout@v6`, which runs on Node 24")
    );
    assert!(found[1].message.contains("actions/deploy-pages@v4"));
}

fn options(root: &Path) -> coffeechat::Options {
    coffeechat::Options {
        root: root.to_path_buf(),
        today: Some("2026-12-01".parse().expect("date")),
        ..Default::default()
    }
}
