//! Hostile notes: files a user (or an import, or a mistake) may leave in
//! `content/` that must end in a clear diagnostic or correct handling,
//! never a panic, a hang, or a page that runs script. Inputs already
//! covered elsewhere (no front matter, unclosed front matter, Latin-1
//! bytes, a dangling symlink, duplicate file slugs, `javascript:` in a
//! front matter URL, names with `<script>`) live in the check and build
//! modules.

use crate::common;
use crate::common::{errors, page, watchdog, Fixture};
use coffeechat::diagnostics::Diagnostic;
use std::time::Duration;

/// The one error of a build that must fail, checked to name `file`, a
/// line and what to do.
fn located_error(f: &Fixture, file: &str) -> Diagnostic {
    let e = common::only_error(f);
    assert_eq!(e.file, std::path::Path::new(file), "{e}");
    assert!(e.line >= 1, "a line to look at: {e}");
    assert!(e.hint.is_some(), "says what to do: {e}");
    e
}

#[test]
fn an_empty_file_has_no_front_matter() {
    let f = Fixture::small();
    f.write("content/contacts/empty.md", "");
    let e = located_error(&f, "content/contacts/empty.md");
    assert_eq!(e.code, "no-front-matter");
    assert_eq!((e.line, e.column), (1, 1));
    // Only a BOM, or only blank lines, is empty too.
    let f = Fixture::small();
    f.write("content/contacts/bom.md", "\u{feff}\n\n");
    assert_eq!(
        located_error(&f, "content/contacts/bom.md").code,
        "no-front-matter"
    );
}

#[test]
fn front_matter_that_is_a_list_or_a_scalar_is_not_a_map() {
    for (name, yaml) in [
        ("list", "- name: A\n- name: B\n"),
        ("flow-list", "[a, b]\n"),
        ("scalar", "just some words\n"),
        ("number", "42\n"),
        ("quoted", "\"name: A\"\n"),
    ] {
        let f = Fixture::small();
        let file = format!("content/contacts/{name}.md");
        f.write(&file, &format!("---\n{yaml}---\nBody\n"));
        let e = located_error(&f, &file);
        assert_eq!(e.line, 2, "{name}: the YAML's first line: {e}");
        assert!(
            e.message.contains("key: value") || e.message.contains("map"),
            "{name}: says a map of fields is expected: {e}"
        );
    }
}

#[test]
fn tabs_in_yaml_indentation_are_a_located_error() {
    let f = Fixture::small();
    f.write(
        "content/contacts/tabs.md",
        "---\nname: Tab Person\ntags:\n\t- one\n---\n",
    );
    let e = located_error(&f, "content/contacts/tabs.md");
    assert_eq!(e.code, "yaml");
    assert_eq!(e.line, 4, "the tab's line: {e}");
    // A tab after the colon is only white space: that note is fine.
    let f = Fixture::small();
    f.write(
        "content/contacts/tabbed.md",
        "---\nname:\tTab Person\nrole:\t\tEngineer\n---\n",
    );
    let built = f.generate();
    assert!(page(&built, "contacts/tabbed/index.html").contains("Tab Person"));
}

#[test]
fn anchors_and_aliases_are_read_as_yaml_means_them() {
    let f = Fixture::small();
    f.write(
        "content/contacts/alias.md",
        "---\nname: &who Alias Person\nrole: *who\ntags: &t [x, y]\nextra:\n  again: *t\n---\n",
    );
    let built = f.generate();
    let html = page(&built, "contacts/alias/index.html");
    assert!(
        html.matches("Alias Person").count() >= 2,
        "the role repeats the name"
    );
    // An alias to nothing is a located YAML error, not a panic.
    let f = Fixture::small();
    f.write(
        "content/contacts/dangling.md",
        "---\nname: A\nrole: *nowhere\n---\n",
    );
    let e = located_error(&f, "content/contacts/dangling.md");
    assert_eq!(e.line, 3, "{e}");
}

#[test]
fn an_alias_bomb_is_refused() {
    // Nine levels of nine aliases each: a billion strings if expanded.
    let mut yaml = String::from(
        "name: Bomb\nextra:\n  a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n",
    );
    for i in 1..10 {
        let p = i - 1;
        yaml.push_str(&format!(
            "  a{i}: &a{i} [*a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}]\n"
        ));
    }
    let f = Fixture::small();
    f.write("content/contacts/bomb.md", &format!("---\n{yaml}---\n"));
    let e = watchdog(Duration::from_secs(300), "the alias bomb", move || {
        located_error(&f, "content/contacts/bomb.md")
    });
    assert_eq!(e.code, "yaml", "{e}");
    assert!(e.message.contains("repetition limit"), "{e}");
}

/// `[[[ … ]]]` nested `depth` deep, as the `extra` field.
fn nested(depth: usize) -> String {
    format!(
        "---\nname: Deep\nextra:\n  deep: {}x{}\n---\n",
        "[".repeat(depth),
        "]".repeat(depth)
    )
}

#[test]
fn a_hundred_levels_of_nesting_build_and_a_thousand_are_refused() {
    let f = Fixture::small();
    f.write("content/contacts/deep.md", &nested(100));
    let built = f.generate();
    assert!(built.output.get("contacts/deep/index.html").is_some());
    // Block style nests too.
    let mut block = String::from("---\nname: Deeper\nextra:\n");
    for level in 1..=100 {
        block.push_str(&format!("{}k{level}:\n", "  ".repeat(level)));
    }
    block.push_str(&format!("{}v\n---\n", "  ".repeat(101)));
    f.write("content/contacts/deeper.md", &block);
    f.generate();
    // Deeper than the YAML reader's limit: an error, not a stack overflow.
    let f = Fixture::small();
    f.write("content/contacts/deep.md", &nested(1000));
    let e = located_error(&f, "content/contacts/deep.md");
    assert_eq!(e.code, "yaml", "{e}");
    assert!(e.message.contains("recursion limit"), "{e}");
}

#[test]
fn a_twenty_megabyte_note_builds_when_the_limit_allows_it() {
    // Over the default max_note_bytes (4 MiB) such a note is an error
    // (tests/suite/hardening.rs); a site may raise the limit.
    let f = Fixture::with_config(&format!("{}max_note_bytes: 33554432\n", common::CONFIG));
    for (path, text) in [
        (
            "content/companies/acme.md",
            "---\nname: Acme Robotics\n---\nAcme.\n",
        ),
        (
            "content/contacts/ana-lima.md",
            "---\nname: Ana Lima\ncompany: acme\n---\nAna.\n",
        ),
    ] {
        f.write(path, text);
    }
    let paragraph = "Talked about robots with [[ana-lima]] and *emphasis*, `code` and a [link](https://example.com/).\n\n";
    let mut note = String::from("---\ntitle: Huge\n---\n# Log\n\n");
    while note.len() < 20 * 1024 * 1024 {
        note.push_str(paragraph);
    }
    f.write("content/pages/huge.md", &note);
    let built = watchdog(Duration::from_secs(600), "a 20 MB note", move || {
        f.generate()
    });
    let html = built.output.get("pages/huge/index.html").expect("page");
    assert!(html.len() > 20 * 1024 * 1024);
}

#[test]
fn a_note_that_cannot_be_read_names_the_file() {
    use coffeechat::read::discover::{Collection, NoteFile};
    let f = Fixture::small();
    let config =
        coffeechat::read::config::Config::parse(common::CONFIG, std::path::Path::new("c.yaml"))
            .expect("config");
    // A folder where a file should be fails to read whoever runs the test.
    std::fs::create_dir_all(f.path("content/contacts/folder.md")).expect("mkdir");
    let file = NoteFile {
        collection: Collection::Contacts,
        absolute: f.path("content/contacts/folder.md"),
        path: "content/contacts/folder.md".into(),
    };
    let parsed = coffeechat::read::note::read(&file, &config);
    assert!(parsed.note.is_none());
    let [e] = parsed.diagnostics.as_slice() else {
        panic!("one diagnostic: {:?}", parsed.diagnostics)
    };
    assert_eq!(e.code, "unreadable");
    assert_eq!(e.file, std::path::Path::new("content/contacts/folder.md"));
    assert!(e.hint.is_some());
    // Found by the build, such a folder is not a note, just a folder.
    let built = f.generate();
    assert_eq!(built.notes, 9);
}

#[cfg(unix)]
#[test]
fn a_note_without_read_permission() {
    use std::os::unix::fs::PermissionsExt;
    let f = Fixture::small();
    f.write("content/contacts/locked.md", "---\nname: Locked\n---\n");
    let path = f.path("content/contacts/locked.md");
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o000)).expect("chmod");
    if std::fs::read(&path).is_ok() {
        // Running as root (as in CI containers), permissions do not stop
        // reading: check the site as `nobody` instead.
        let missing = if common::runs("setpriv", &["--version"]) {
            Vec::new()
        } else {
            vec!["setpriv (util-linux), to drop root privileges".to_string()]
        };
        if !common::may_run("hostile::a_note_without_read_permission", &missing) {
            return;
        }
        std::fs::set_permissions(f.root(), std::fs::Permissions::from_mode(0o755)).expect("chmod");
        let out = std::process::Command::new("setpriv")
            .args(["--reuid=65534", "--regid=65534", "--clear-groups"])
            .arg(env!("CARGO_BIN_EXE_coffeechat"))
            .args([
                "check",
                "--today",
                "2026-11-22",
                "--format",
                "json",
                "--root",
            ])
            .arg(f.root())
            .output()
            .expect("run coffeechat as nobody");
        assert_eq!(
            out.status.code(),
            Some(1),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let all: Vec<serde_json::Value> = serde_json::from_slice(&out.stdout).expect("json");
        let errors: Vec<&serde_json::Value> =
            all.iter().filter(|d| d["severity"] == "error").collect();
        assert_eq!(errors.len(), 1, "{all:?}");
        assert_eq!(errors[0]["file"], "content/contacts/locked.md", "{all:?}");
        assert_eq!(errors[0]["code"], "unreadable", "{all:?}");
        let message = errors[0]["message"].as_str().expect("message");
        assert!(message.contains("ermission"), "{message}");
        return;
    }
    let e = located_error(&f, "content/contacts/locked.md");
    assert_eq!(e.code, "unreadable");
    assert!(e.message.contains("ermission"), "{e}");
}

#[cfg(unix)]
#[test]
fn symbolic_link_loops_are_reported_not_followed_forever() {
    use std::os::unix::fs::symlink;
    // A folder linking to its own parent.
    let f = Fixture::small();
    symlink("..", f.path("content/contacts/up")).expect("symlink");
    let found = watchdog(Duration::from_secs(300), "a folder loop", move || {
        errors(&f)
    });
    assert_eq!(found.len(), 1, "{}", common::render(&found));
    assert_eq!(found[0].file, std::path::Path::new("content/contacts/up"));
    assert!(found[0].message.contains("loop"), "{}", found[0]);
    // Two files linking to each other.
    let f = Fixture::small();
    symlink("b.md", f.path("content/contacts/a.md")).expect("symlink");
    symlink("a.md", f.path("content/contacts/b.md")).expect("symlink");
    let found = watchdog(Duration::from_secs(300), "a file loop", move || errors(&f));
    assert_eq!(found.len(), 2, "{}", common::render(&found));
    for (e, name) in found.iter().zip(["a.md", "b.md"]) {
        assert!(e.file.ends_with(name), "{e}");
        assert_eq!(e.code, "unreadable", "{e}");
    }
}

#[cfg(unix)]
#[test]
fn symbolic_links_out_of_the_site_are_skipped_with_a_warning() {
    use std::os::unix::fs::symlink;
    let f = Fixture::small();
    let elsewhere = tempfile::tempdir().expect("temp dir");
    std::fs::write(
        elsewhere.path().join("secret.md"),
        "---\nname: Secret Person\n---\n",
    )
    .expect("write");
    symlink(
        elsewhere.path().join("secret.md"),
        f.path("content/contacts/secret.md"),
    )
    .expect("symlink");
    symlink(elsewhere.path(), f.path("content/contacts/elsewhere")).expect("symlink");
    // A link that stays inside the site is followed.
    symlink("acme.md", f.path("content/companies/inside.md")).expect("symlink");
    let built = f.generate();
    let warned: Vec<_> = built
        .diagnostics
        .iter()
        .filter(|d| d.code == "outside-site")
        .map(|d| d.file.to_string_lossy().into_owned())
        .collect();
    assert_eq!(
        warned,
        vec!["content/contacts/elsewhere", "content/contacts/secret.md"]
    );
    assert!(!built
        .output
        .files
        .values()
        .any(|b| String::from_utf8_lossy(b).contains("Secret Person")));
    assert!(built.output.get("companies/inside/index.html").is_some());
}

#[test]
fn slugs_with_slashes_dots_and_nul_stay_one_safe_segment() {
    let f = Fixture::small();
    f.write(
        "content/companies/slash.md",
        "---\nname: Slash\nslug: \"../../etc/passwd\"\n---\n",
    );
    f.write(
        "content/companies/nul.md",
        "---\nname: Nul\nslug: \"a\\0b/c\"\n---\n",
    );
    // (A name that starts with a dot is a hidden file: never read.)
    f.write("content/pages/dots...md", "---\ntitle: Dots\n---\n");
    let built = f.generate();
    assert!(built
        .output
        .get("companies/etc-passwd/index.html")
        .is_some());
    assert!(built.output.get("companies/a-b-c/index.html").is_some());
    assert!(built.output.get("pages/dots/index.html").is_some());
    for path in built.output.files.keys() {
        assert!(
            coffeechat::output::safe_join(std::path::Path::new("/out"), path).is_ok(),
            "{path}"
        );
    }
}

#[test]
fn slugs_of_only_punctuation_are_errors() {
    let f = Fixture::small();
    f.write("content/contacts/!!!.md", "---\nname: Bang\n---\n");
    let e = located_error(&f, "content/contacts/!!!.md");
    assert_eq!(e.code, "bad-slug");
    assert_eq!(e.line, 1);
    let f = Fixture::small();
    f.write(
        "content/contacts/dots.md",
        "---\nname: Dots\nslug: \"..\"\n---\n",
    );
    let e = located_error(&f, "content/contacts/dots.md");
    assert_eq!(e.code, "bad-slug");
    assert_eq!(e.line, 3, "the slug line: {e}");
}

#[test]
fn a_slug_key_equal_to_a_file_name_after_normalisation() {
    let f = Fixture::small();
    f.write(
        "content/contacts/other.md",
        "---\nname: Other\nslug: \"  ANA_Lima!! \"\n---\n",
    );
    let e = located_error(&f, "content/contacts/other.md");
    assert_eq!(e.code, "duplicate-slug");
    assert_eq!(e.line, 3, "the slug line: {e}");
    assert!(
        e.message.contains("ana-lima.md"),
        "names the other file: {e}"
    );
}

#[test]
fn quotes_in_names_cannot_break_out_of_attributes() {
    let f = Fixture::small();
    f.write(
        "content/contacts/quote.md",
        "---\nname: \"Q\\\" onmouseover=\\\"alert(1)\\\" x='\"\nrole: \"it's <b>bold</b> & \\\"quoted\\\"\"\ncompany: acme\ntags: [\"a\\\"b\", \"<i>\"]\n---\n",
    );
    f.write(
        "content/pages/title.md",
        "---\ntitle: \"</title><script>alert(1)</script>\"\n---\n",
    );
    let built = f.generate();
    let pages = built
        .output
        .files
        .iter()
        .filter(|(p, _)| p.ends_with(".html"));
    for (path, bytes) in pages {
        let text = String::from_utf8_lossy(bytes);
        assert!(!text.contains("\" onmouseover=\""), "{path}");
        assert!(!text.contains("<script>alert"), "{path}");
        assert!(!text.contains("<b>bold"), "{path}");
        assert!(!text.contains("<i>"), "{path}");
    }
    let html = page(&built, "pages/title/index.html");
    assert!(html.contains("&lt;&#x2F;title&gt;") || html.contains("&lt;/title&gt;"));
}

#[test]
fn raw_html_and_script_links_in_markdown_are_shown_not_run() {
    let f = Fixture::small();
    let body = concat!(
        "<script>alert(1)</script>\n\n",
        "<div onclick=\"alert(2)\">block</div>\n\n",
        "Inline <img src=x onerror=alert(3)> and <a href=\"javascript:alert(4)\">a</a>.\n\n",
        "[plain](javascript:alert(5)) [upper](JaVaScRiPt:alert(6)) [entity](&#106;avascript:alert(7))\n",
        "[spaced](<java\tscript:alert(8)>) [colon](javascript&colon;alert(9)) [data](data:text/html,x)\n",
        "![img](javascript:alert(10)) <javascript:alert(11)> [ref][r] [vb](vbscript:msgbox)\n\n",
        "[[ana-lima|<img src=y onerror=alert(12)>]] [[ana-lima|<b>bold</b>]]\n\n",
        "# Heading <script>alert(13)</script>\n\n",
        "| a | <script>alert(14)</script> |\n|---|---|\n| <iframe src=x> | b |\n\n",
        "A note[^n].\n\n[^n]: <script>alert(15)</script>\n\n",
        "[r]: javascript:alert(16)\n",
        "[ok](https://example.com/) [mail](mailto:a@example.com) [rel](../companies/acme/)\n",
    );
    f.write(
        "content/pages/evil.md",
        &format!("---\ntitle: Evil\n---\n{body}"),
    );
    let built = f.generate();
    let html = page(&built, "pages/evil/index.html");
    let main = common::main_of(&html);
    for bad in [
        "<script",
        "<div onclick",
        "<img src=x",
        "<img src=y",
        "<iframe",
        "<b>bold",
        "<a href=\"javascript",
        "<a href=\"vbscript",
        "<a href=\"data:",
        "<a href=\"java\tscript",
        "src=\"javascript",
    ] {
        assert!(
            !main
                .to_ascii_lowercase()
                .contains(&bad.to_ascii_lowercase()),
            "{bad} in:\n{main}"
        );
    }
    assert!(
        main.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
        "{main}"
    );
    assert!(main.contains(r#"href="https://example.com/""#));
    assert!(main.contains(r#"href="mailto:a@example.com""#));
    assert!(main.contains(r#"href="../companies/acme/""#));
    assert!(main.contains(r#"href="/prep/contacts/ana-lima/""#));
}

#[test]
fn script_urls_in_front_matter_are_refused_in_every_spelling() {
    for (n, url) in [
        "JavaScript:alert(1)",
        "  javascript:alert(1)",
        "data:text/html,<script>alert(1)</script>",
        "vbscript:msgbox(1)",
        "https://example.com/\" onclick=\"alert(1)",
        "//evil.example.com/",
    ]
    .into_iter()
    .enumerate()
    {
        let f = Fixture::small();
        f.write(
            "content/companies/evil.md",
            &format!("---\nname: Evil\nwebsite: '{url}'\n---\n"),
        );
        let e = located_error(&f, "content/companies/evil.md");
        assert_eq!((n, e.code, e.line), (n, "bad-url", 3), "{url}: {e}");
    }
}
