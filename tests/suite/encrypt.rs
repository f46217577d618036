//! `build --encrypt` on the demo site: no byte of the output names a
//! contact, builds are reproducible, the salt changes every sealed file,
//! and the result opens in Chromium with the passphrase (the browser test
//! fails when node, tests/browser/node_modules or chromium are missing,
//! unless COFFEECHAT_SKIP_BROWSER=1 names it as skipped).

use coffeechat::output::encrypt::{self, seal, Fate, Keys, Passphrase, Salt, Settings};
use coffeechat::output::Output;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

const PASSPHRASE: &str = "correct-horse-battery-staple-tests";
const SALT: &str = "00112233445566778899aabbccddeeff";

fn root() -> PathBuf {
    env!("CARGO_MANIFEST_DIR").into()
}

/// The demo site's private build, and its base path.
fn demo() -> &'static (Output, String) {
    static DEMO: OnceLock<(Output, String)> = OnceLock::new();
    DEMO.get_or_init(|| {
        let options = coffeechat::Options {
            root: root(),
            today: Some("2026-11-22".parse().expect("date")),
            ..Default::default()
        };
        let built = coffeechat::generate(&options).expect("the demo builds");
        let base = coffeechat::read::config::Config::load(&root(), &root().join("coffeechat.yaml"))
            .expect("the demo's configuration")
            .base_url
            .path;
        (built.output, base)
    })
}

/// Keys derived once, with the real iteration count.
fn keys() -> &'static Keys {
    static KEYS: OnceLock<Keys> = OnceLock::new();
    KEYS.get_or_init(|| derive(SALT))
}

fn derive(salt: &str) -> Keys {
    let passphrase = Passphrase::new(PASSPHRASE.into()).expect("long enough");
    let salt: Salt = salt.parse().expect("salt");
    Keys::derive(&passphrase, &salt, encrypt::DEFAULT_ITERATIONS).expect("derives")
}

fn encrypted(keys: &Keys, settings: &Settings) -> Output {
    let (output, base) = demo();
    encrypt::encrypt_site(output, keys, base, settings).expect("encrypts")
}

/// A contact as its note gives it: what must never show.
#[derive(Debug)]
struct Person {
    file: PathBuf,
    needles: Vec<String>,
}

/// Every contact of the demo, read from the front matter of its note.
fn people() -> Vec<Person> {
    let dir = root().join("content/contacts");
    let mut people = Vec::new();
    for entry in walk(&dir) {
        let text = std::fs::read_to_string(&entry).expect("note");
        let yaml = text
            .strip_prefix("---\n")
            .and_then(|t| t.split_once("\n---"))
            .map(|(front, _)| front)
            .expect("front matter");
        let front: serde_yaml::Value = serde_yaml::from_str(yaml).expect("yaml");
        let stem = entry.file_stem().and_then(|s| s.to_str()).expect("name");
        let slug = front["slug"].as_str().unwrap_or(stem);
        let mut needles = vec![slug.to_string()];
        for key in ["name", "email", "phone"] {
            if let Some(v) = front[key].as_str() {
                needles.push(v.to_string());
            }
        }
        assert!(front["name"].as_str().is_some(), "{entry:?} has a name");
        people.push(Person {
            file: entry,
            needles,
        });
    }
    assert!(people.len() >= 10, "the demo has its contacts: {people:?}");
    assert!(
        people.iter().filter(|p| p.needles.len() >= 4).count() >= 2,
        "some contacts have both an email and a phone: {people:?}"
    );
    people
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).expect("folder") {
        let path = entry.expect("entry").path();
        if path.is_dir() {
            files.extend(walk(&path));
        } else if path.extension().is_some_and(|e| e == "md") {
            files.push(path);
        }
    }
    files.sort();
    files
}

fn find(hay: &[u8], needle: &[u8]) -> bool {
    !needle.is_empty()
        && hay
            .windows(needle.len())
            .any(|w| w.eq_ignore_ascii_case(needle))
}

#[test]
fn no_output_byte_names_a_contact() {
    let enc = encrypted(
        keys(),
        &Settings {
            busy_calendar: true,
        },
    );
    let (private, _) = demo();
    let people = people();
    // The check can fail: the private build names every contact.
    for person in &people {
        for needle in &person.needles {
            assert!(
                private.files.values().any(|b| find(b, needle.as_bytes())),
                "{needle} ({:?}) is not in the private build, so its absence proves nothing",
                person.file
            );
        }
    }
    let mut found = Vec::new();
    for (path, bytes) in &enc.files {
        for needle in people.iter().flat_map(|p| &p.needles) {
            if find(bytes, needle.as_bytes()) || find(path.as_bytes(), needle.as_bytes()) {
                found.push(format!("{needle} in {path}"));
            }
        }
    }
    assert!(
        found.is_empty(),
        "the encrypted build names people: {found:#?}"
    );
    for gone in ["contacts.vcf", "sitemap.xml", "search.json"] {
        assert!(enc.get(gone).is_none(), "{gone} is published");
    }
    assert!(
        enc.get("calendar.ics").is_some(),
        "the busy calendar was asked for"
    );
    // Every page is a shell; every other file is a theme asset or sealed.
    for (path, bytes) in &enc.files {
        if path.ends_with(".html") {
            let html = std::str::from_utf8(bytes).expect("utf-8");
            assert!(html.contains("type=\"password\""), "{path}");
            assert!(html.contains("content=\"noindex, nofollow\""), "{path}");
        } else if path.starts_with("s/") {
            assert_eq!(&bytes[..4], b"CCEN", "{path}");
        }
    }
}

#[test]
fn every_page_and_the_index_open_with_the_keys() {
    let enc = encrypted(keys(), &Settings::default());
    let (private, base) = demo();
    let fates = encrypt::fates(private, keys());
    let pages = fates
        .values()
        .filter(|f| matches!(f, Fate::Page(_)))
        .count();
    assert!(pages > 50, "{pages} pages");
    // Every link to a page that moved, as the private build writes it.
    let old_urls: Vec<String> = fates
        .iter()
        .filter(|(old, fate)| matches!(fate, Fate::Page(new) if new != *old))
        .map(|(old, _)| format!("\"{}\"", encrypt::plan::url_of(base, old)))
        .collect();
    assert!(
        old_urls
            .iter()
            .any(|u| private.files.values().any(|b| find(b, u.as_bytes()))),
        "the private build links to the pages that move"
    );
    for (old, fate) in &fates {
        match fate {
            Fate::Page(new) => {
                let shell = std::str::from_utf8(enc.get(new).expect("page")).expect("utf-8");
                let plain = seal::open(keys(), new, &payload(shell)).expect("opens");
                assert!(plain.starts_with(b"<!DOCTYPE html>"), "{old}");
                let title = |html: &[u8]| {
                    let html = String::from_utf8_lossy(html).into_owned();
                    html.split_once("<title>")
                        .and_then(|(_, t)| t.split_once("</title>"))
                        .map(|(t, _)| t.to_string())
                };
                assert_eq!(
                    title(&plain),
                    title(private.get(old).expect("old")),
                    "{old}"
                );
                let plain = String::from_utf8(plain).expect("utf-8");
                for stale in &old_urls {
                    assert!(
                        !plain.contains(stale.as_str()),
                        "{old} still links to {stale}"
                    );
                }
            }
            Fate::Sealed(new) => {
                seal::open(keys(), new, enc.get(new).expect("sealed")).expect("opens");
            }
            Fate::Clear => assert_eq!(enc.get(old), private.get(old), "{old}"),
            Fate::Dropped => {}
        }
    }
}

#[test]
fn two_builds_are_identical_and_another_salt_changes_every_file() {
    let a = encrypted(keys(), &Settings::default());
    let b = encrypted(keys(), &Settings::default());
    assert_eq!(a, b, "two encrypted builds differ");
    let c = encrypted(
        &derive("ffeeddccbbaa99887766554433221100"),
        &Settings::default(),
    );
    let theirs: std::collections::HashSet<&[u8]> = c.files.values().map(|v| v.as_slice()).collect();
    let clear = |p: &str| !p.ends_with(".html") && !p.starts_with("s/");
    let mut sealed = 0;
    for (path, bytes) in a.files.iter().filter(|(p, _)| !clear(p)) {
        sealed += 1;
        assert!(
            !theirs.contains(bytes.as_slice()),
            "{path} is the same under another salt"
        );
        if path != "index.html" && path != "404.html" {
            assert!(
                c.get(path).is_none(),
                "{path} kept its name under another salt"
            );
        }
    }
    assert!(sealed > 60, "{sealed} sealed files");
    let clear_files: BTreeMap<_, _> = a.files.iter().filter(|(p, _)| clear(p)).collect();
    assert!(
        clear_files.keys().all(|p| !p.contains("contacts")),
        "{clear_files:?}"
    );
}

#[test]
fn the_passphrase_comes_from_the_environment_and_is_checked_first() {
    // The only test of this binary that touches the variable.
    std::env::remove_var(encrypt::PASSPHRASE_VAR);
    let missing = encrypt::Encryption::from_env(Some(SALT), None, Settings::default());
    let message = missing.err().map(|e| e.to_string()).unwrap_or_default();
    assert!(message.contains("COFFEECHAT_PASSPHRASE"), "{message}");
    std::env::set_var(encrypt::PASSPHRASE_VAR, "only eleven");
    let short = encrypt::Encryption::from_env(Some(SALT), None, Settings::default());
    let message = short.err().map(|e| e.to_string()).unwrap_or_default();
    assert!(message.contains("at least 12"), "{message}");
    std::env::set_var(encrypt::PASSPHRASE_VAR, PASSPHRASE);
    let configured =
        encrypt::Encryption::from_env(Some(SALT), None, Settings::default()).expect("derives");
    std::env::remove_var(encrypt::PASSPHRASE_VAR);
    assert!(!configured.salt_is_new);
    assert_eq!(configured.keys.salt().to_string(), SALT);
    assert_eq!(configured.keys.iterations(), 600_000);
    let (private, base) = demo();
    assert_eq!(
        configured.apply(private, base).expect("encrypts"),
        encrypted(keys(), &Settings::default()),
        "the same passphrase and salt give the same site"
    );
    let passphrase = Passphrase::new(PASSPHRASE.into()).expect("long enough");
    let fresh =
        encrypt::Encryption::new(&passphrase, None, None, Settings::default()).expect("derives");
    assert!(fresh.salt_is_new);
    assert_ne!(fresh.keys.salt().to_string(), SALT);
    let few = encrypt::Encryption::new(&passphrase, Some(SALT), Some(1000), Settings::default());
    assert!(matches!(
        few,
        Err(encrypt::EncryptError::FewIterations(1000))
    ));
    assert!(
        encrypt::Encryption::new(&passphrase, Some("beef"), None, Settings::default()).is_err()
    );
}

/// The base64 payload of a shell page.
fn payload(shell: &str) -> Vec<u8> {
    use base64::Engine;
    let start = shell.find("id=\"sealed\"").expect("sealed element");
    let open = start + shell[start..].find('>').expect(">") + 1;
    let close = open + shell[open..].find("</script>").expect("</script>");
    base64::engine::general_purpose::STANDARD
        .decode(&shell[open..close])
        .expect("base64")
}

fn front_matter(file: &str) -> serde_yaml::Value {
    let text = std::fs::read_to_string(root().join("content").join(file)).expect("note");
    let yaml = text
        .strip_prefix("---\n")
        .and_then(|t| t.split_once("\n---"))
        .map(|(front, _)| front)
        .expect("front matter");
    serde_yaml::from_str(yaml).expect("yaml")
}

/// A picture the demo lacks, added to a contact's page so the browser test
/// sees a sealed picture decrypted, and hostile markup that must stay inert.
fn with_picture(output: &Output, page: &str, base: &str) -> Output {
    let mut output = output.clone();
    let html = String::from_utf8(output.get(page).expect("page").to_vec()).expect("utf-8");
    let img = format!(
        "<img id=\"test-picture\" src=\"{base}people/portrait.svg\" alt=\"A portrait\" width=\"40\" height=\"40\">\
<script>window.pwned = 1</script><p id=\"inert\" onclick=\"window.pwned = 2\">inert</p>\
<a id=\"js-link\" href=\"javascript:window.pwned = 3\">x</a></main>"
    );
    output.insert(page, html.replacen("</main>", &img, 1));
    output.insert(
        "people/portrait.svg",
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"40\" height=\"40\"><circle cx=\"20\" cy=\"20\" r=\"18\" fill=\"teal\"/></svg>",
    );
    output
}

#[test]
fn the_encrypted_site_opens_in_chromium() {
    let (missing, chromium) = crate::browser::tools_missing();
    if !crate::common::may_run("encrypt::the_encrypted_site_opens_in_chromium", &missing) {
        return;
    }
    let chromium = chromium.expect("found, or the test would have stopped");
    let (private, base) = demo();
    let contact = front_matter("contacts/daniel-cho.md");
    let company_slug = contact["company"].as_str().expect("company");
    let company = front_matter(&format!("companies/{company_slug}.md"));
    let contact_page = "contacts/daniel-cho/index.html";
    let company_page = format!("companies/{company_slug}/index.html");
    let ics = private
        .files
        .keys()
        .find(|p| p.starts_with("interviews/") && p.ends_with(".ics"))
        .expect("an interview's .ics");
    let interview_page = format!(
        "{}index.html",
        ics.rsplit_once('/').expect("folder").0.to_string() + "/"
    );
    let site = with_picture(private, contact_page, base);
    let enc = encrypt::encrypt_site(&site, keys(), base, &Settings::default()).expect("encrypts");
    let fates = encrypt::fates(&site, keys());
    let url = |old: &str| match &fates[old] {
        Fate::Page(new) => encrypt::plan::url_of(base, new),
        other => panic!("{old}: {other:?}"),
    };
    let tmp = tempfile::tempdir().expect("tmp");
    let dir = tmp.path().join("site");
    enc.write(&dir, &root()).expect("writes");
    if let Some(keep) = std::env::var_os("ENCRYPT_SITE") {
        enc.write(Path::new(&keep), &root()).expect("writes a copy");
    }
    let shots = std::env::var_os("ENCRYPT_SCREENSHOTS").map(PathBuf::from);
    let plan = serde_json::json!({
        "start": url(contact_page),
        "startText": contact["name"].as_str().expect("name"),
        "link": url(&company_page),
        "linkText": company["name"].as_str().expect("name"),
        "query": "gridwise",
        "resultHref": url("companies/gridwise-energy/index.html"),
        "picture": "#test-picture",
        "download": url(&interview_page),
        "downloadName": ics.rsplit('/').next().expect("name"),
        "salt": SALT,
        "shots": shots,
    });
    let plan_file = tmp.path().join("plan.json");
    std::fs::write(&plan_file, plan.to_string()).expect("plan");
    let output = Command::new("node")
        .arg(root().join("tests/browser/encrypted.mjs"))
        .arg(&dir)
        .arg(base)
        .arg(&plan_file)
        .env("COFFEECHAT_PASSPHRASE", PASSPHRASE)
        .env("CHROMIUM", &chromium)
        .output()
        .expect("node runs");
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    eprintln!("{text}");
    assert!(output.status.success(), "{text}");
    assert!(
        text.contains("encrypted site: all browser checks passed"),
        "{text}"
    );
    assert!(!text.contains("FAIL"), "{text}");
}

/// A copy of the demo's notes and configuration in a temporary folder.
fn demo_copy() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tmp");
    std::fs::copy(
        root().join("coffeechat.yaml"),
        dir.path().join("coffeechat.yaml"),
    )
    .expect("config");
    for file in walk(&root().join("content")) {
        let rel = file.strip_prefix(root()).expect("inside");
        let to = dir.path().join(rel);
        std::fs::create_dir_all(to.parent().expect("parent")).expect("mkdir");
        std::fs::copy(&file, to).expect("copy");
    }
    dir
}

fn cli(dir: &Path, passphrase: Option<&str>, args: &[&str]) -> std::process::Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_coffeechat"));
    command
        .args(["build", "--today", "2026-11-22", "--root"])
        .arg(dir)
        .args(args)
        .env_remove(encrypt::PASSPHRASE_VAR)
        .env_remove("CI")
        .env_remove("GITHUB_ACTIONS");
    if let Some(p) = passphrase {
        command.env(encrypt::PASSPHRASE_VAR, p);
    }
    command.output().expect("the binary runs")
}

/// `build --encrypt` as a user runs it: refused with nothing written
/// without a good passphrase; the first build saves a salt in the
/// configuration and says so; the next build gives the same files and
/// leaves the configuration alone; `--public` with it is a usage error.
#[test]
fn build_encrypt_from_the_command_line() {
    let dir = demo_copy();
    let config = dir.path().join("coffeechat.yaml");
    let before = std::fs::read_to_string(&config).expect("config");
    for passphrase in [None, Some("too-short")] {
        let out = cli(dir.path(), passphrase, &["--encrypt"]);
        assert_eq!(out.status.code(), Some(1), "{out:?}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains(encrypt::PASSPHRASE_VAR), "{stderr}");
        assert!(!dir.path().join("public").exists(), "nothing is written");
        assert_eq!(std::fs::read_to_string(&config).expect("config"), before);
    }
    let out = cli(dir.path(), Some(PASSPHRASE), &["--encrypt", "--public"]);
    assert_eq!(out.status.code(), Some(2), "{out:?}");
    // In CI a new salt would be lost with the machine: refused.
    let out = Command::new(env!("CARGO_BIN_EXE_coffeechat"))
        .args(["build", "--encrypt", "--root"])
        .arg(dir.path())
        .env(encrypt::PASSPHRASE_VAR, PASSPHRASE)
        .env("GITHUB_ACTIONS", "true")
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    assert!(String::from_utf8_lossy(&out.stderr).contains("has no publish.encrypt.salt"));
    assert!(!dir.path().join("public").exists());
    assert_eq!(std::fs::read_to_string(&config).expect("config"), before);

    let out = cli(dir.path(), Some(PASSPHRASE), &["--encrypt"]);
    assert!(out.status.success(), "{out:?}");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("wrote a new publish.encrypt.salt"),
        "{stderr}"
    );
    let saved = std::fs::read_to_string(&config).expect("config");
    assert!(
        saved.starts_with(&before),
        "the user's lines are kept:\n{saved}"
    );
    let salt = coffeechat::read::config::Config::parse(&saved, Path::new("coffeechat.yaml"))
        .expect("still valid")
        .publish
        .encrypt
        .salt
        .expect("a salt");
    assert_eq!(salt.len(), 32, "{salt}");

    let first = read_tree(&dir.path().join("public"));
    assert!(
        first.keys().any(|p| p.starts_with("s/")),
        "{:?}",
        first.keys()
    );
    let people = people();
    for (path, bytes) in &first {
        for needle in people.iter().flat_map(|p| &p.needles) {
            assert!(!find(bytes, needle.as_bytes()), "{needle} in {path}");
        }
    }
    let out = cli(dir.path(), Some(PASSPHRASE), &["--encrypt"]);
    assert!(out.status.success(), "{out:?}");
    assert!(!String::from_utf8_lossy(&out.stderr).contains("wrote a new"));
    assert_eq!(std::fs::read_to_string(&config).expect("config"), saved);
    assert_eq!(read_tree(&dir.path().join("public")), first, "reproducible");
}

fn read_tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut files = BTreeMap::new();
    let mut todo = vec![dir.to_path_buf()];
    while let Some(folder) = todo.pop() {
        for entry in std::fs::read_dir(&folder).expect("folder") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                todo.push(path);
            } else {
                let rel = coffeechat::diagnostics::slash(path.strip_prefix(dir).expect("inside"));
                files.insert(rel, std::fs::read(&path).expect("read"));
            }
        }
    }
    files
}
