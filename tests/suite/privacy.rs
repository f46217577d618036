//! A public build exposes nobody: every byte of the output of the demo and
//! of a fixture, built with `--public`, is searched for each person's
//! email, phone and LinkedIn URL, every meeting link, a sentence of every
//! contact and interview note, and the names of private notes. None may
//! be there. Each needle is first found in the private build, so the
//! search can fail.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// What must not reach a public build, and where it was taken from.
#[derive(Debug)]
struct Needle {
    text: String,
    from: String,
}

fn build(root: &Path, public: bool) -> BTreeMap<String, Vec<u8>> {
    let options = coffeechat::Options {
        root: root.to_path_buf(),
        today: Some("2026-12-01".parse().expect("date")),
        public,
        ..Default::default()
    };
    let built = coffeechat::generate(&options).expect("the site builds");
    built
        .output
        .files
        .iter()
        .map(|(path, bytes)| (path.clone(), bytes.to_vec()))
        .collect()
}

fn notes(root: &Path, collection: &str) -> Vec<(PathBuf, serde_yaml::Value, String)> {
    let mut found = Vec::new();
    let mut todo = vec![root.join("content").join(collection)];
    while let Some(dir) = todo.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                todo.push(path);
                continue;
            }
            let text = std::fs::read_to_string(&path).expect("note");
            let split = coffeechat::read::frontmatter::split(&text).expect("front matter");
            let front: serde_yaml::Value = serde_yaml::from_str(split.yaml).expect("yaml");
            found.push((path, front, split.body.to_string()));
        }
    }
    found.sort_by(|a, b| a.0.cmp(&b.0));
    found
}

/// A run of plain words from `body` (no markup, no characters HTML
/// escapes), long enough to be that note's own.
fn sentence(body: &str) -> Option<String> {
    body.lines()
        .filter(|l| !l.starts_with('#') && !l.starts_with('|'))
        .flat_map(|l| l.split(|c: char| !(c.is_alphanumeric() || c == ' ' || c == ',')))
        .map(str::trim)
        .find(|run| run.len() >= 24 && run.split(' ').count() >= 4)
        .map(str::to_string)
}

fn needles(root: &Path) -> Vec<Needle> {
    let mut needles = Vec::new();
    let mut add = |text: String, from: &Path| {
        needles.push(Needle {
            text,
            from: from.display().to_string(),
        })
    };
    for (path, front, body) in notes(root, "contacts") {
        for key in ["email", "phone", "linkedin"] {
            if let Some(v) = front[key].as_str() {
                add(v.to_string(), &path);
            }
        }
        if front["private"].as_bool() == Some(true) {
            add(front["name"].as_str().expect("a name").to_string(), &path);
        }
        if let Some(s) = sentence(&body) {
            add(s, &path);
        }
    }
    for (path, front, body) in notes(root, "interviews") {
        if let Some(link) = front["location"].as_str().filter(|l| l.starts_with("http")) {
            add(link.to_string(), &path);
        }
        if let Some(s) = sentence(&body) {
            add(s, &path);
        }
    }
    needles
}

fn contains(hay: &[u8], needle: &str) -> bool {
    hay.windows(needle.len()).any(|w| w == needle.as_bytes())
}

fn assert_public_build_exposes_nobody(root: &Path, expected_needles: usize) {
    let needles = needles(root);
    assert!(needles.len() >= expected_needles, "{needles:#?}");
    let private = build(root, false);
    for n in &needles {
        assert!(
            private.values().any(|b| contains(b, &n.text)),
            "the private build shows {n:?}, or this search could not fail"
        );
    }
    let public = build(root, true);
    let mut leaks = Vec::new();
    for (path, bytes) in &public {
        for n in &needles {
            if contains(bytes, &n.text) || path.contains(&n.text) {
                leaks.push(format!("{path}: {:?} (from {})", n.text, n.from));
            }
        }
    }
    assert!(
        leaks.is_empty(),
        "a public build exposes:\n{}",
        leaks.join("\n")
    );
}

#[test]
fn the_public_demo_exposes_nobody() {
    assert_public_build_exposes_nobody(Path::new(env!("CARGO_MANIFEST_DIR")), 40);
}

#[test]
fn a_public_fixture_exposes_nobody() {
    let dir = tempfile::tempdir().expect("tmp");
    let write = |rel: &str, text: &str| {
        let path = dir.path().join(rel);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        std::fs::write(path, text).expect("write");
    };
    write(
        "coffeechat.yaml",
        "title: T\nbase_url: https://user.github.io/prep/\ntimezone: America/Chicago\n",
    );
    write(
        "content/companies/acme.md",
        "---\nname: Acme\n---\nAcme builds robots. Ask [[ana-lima]] about [[ben]].\n",
    );
    write("content/contacts/ana-lima.md", "---\nname: Ana Lima\ncompany: acme\nrole: Engineer\nemail: ana@example.com\nphone: +1 555 0100\nlinkedin: https://www.linkedin.com/in/ana-lima-example\nstage: met\n---\nAna is wary of recruiters and hates long calls on Fridays.\n");
    write("content/contacts/ben.md", "---\nname: Ben Secretperson\nprivate: true\nemail: ben@example.com\n---\nBen is confidential, met him at a support group.\n");
    write("content/interviews/2026-11-20-ana-lima.md", "---\ncontact: ana-lima\ndate: 2026-11-20T10:00:00-06:00\nstatus: done\nlocation: https://meet.example.com/acme/ana-lima\n---\nShe looked tired and said the reorg is chaotic and stressful.\n");
    write("content/pages/notes.md", "---\ntitle: Notes\n---\nTalk to [[ana-lima]] and [[interviews/2026-11-20-ana-lima]] again.\n");
    assert_public_build_exposes_nobody(dir.path(), 8);
    // The company page still lists the person by name, role and company,
    // as text: no link leads to a page that is not there.
    let public = build(dir.path(), true);
    let company = String::from_utf8(public["companies/acme/index.html"].clone()).expect("utf-8");
    assert!(
        company.contains("<li>Ana Lima <span class=\"muted\">Engineer, Acme</span></li>"),
        "{company}"
    );
    assert!(!company.contains("contacts/ana-lima"), "{company}");
    for absent in [
        "contacts/index.html",
        "contacts/ana-lima/index.html",
        "interviews/index.html",
        "network/index.html",
        "print/index.html",
        "print/next-week/index.html",
        "calendar.ics",
        "contacts.vcf",
    ] {
        assert!(!public.contains_key(absent), "{absent} is published");
    }
    // Search has no entry of hers (her name is public; her page is not).
    let search = String::from_utf8(public["search.json"].clone()).expect("utf-8");
    assert!(!search.contains("\"t\":\"Ana Lima\""), "{search}");
    assert!(!search.contains("contacts/ana-lima"), "{search}");
}

#[test]
fn publish_pages_opts_pages_about_people_back_in() {
    let dir = tempfile::tempdir().expect("tmp");
    let write = |rel: &str, text: &str| {
        let path = dir.path().join(rel);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        std::fs::write(path, text).expect("write");
    };
    write(
        "coffeechat.yaml",
        "title: T\nbase_url: https://user.github.io/prep/\npublish:\n  pages: [contacts, network]\n  keep: [linkedin]\n",
    );
    write("content/contacts/ana-lima.md", "---\nname: Ana Lima\nrole: Engineer\nemail: ana@example.com\nlinkedin: https://www.linkedin.com/in/ana-lima-example\n---\nPrivate thoughts about Ana.\n");
    let public = build(dir.path(), true);
    let page = String::from_utf8(public["contacts/ana-lima/index.html"].clone()).expect("page");
    assert!(
        page.contains("https://www.linkedin.com/in/ana-lima-example"),
        "kept on request"
    );
    assert!(!page.contains("ana@example.com") && !page.contains("Private thoughts"));
    assert!(public.contains_key("network/index.html"));
    assert!(!public.contains_key("interviews/index.html"));
}
