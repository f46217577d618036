//! The core build: fixture sites in, HTML out.

use crate::common::{main_of, page, Fixture};

#[test]
fn renders_every_collection_and_index() {
    let built = Fixture::small().generate();
    for path in [
        "index.html",
        "404.html",
        "companies/index.html",
        "companies/acme/index.html",
        "contacts/index.html",
        "contacts/ana-lima/index.html",
        "questions/index.html",
        "questions/career/index.html",
        "interviews/index.html",
        "interviews/2026-10-01-ana-lima/index.html",
        "tags/index.html",
        "tags/robots/index.html",
        "network/index.html",
        "style.css",
        "syntax.css",
        ".nojekyll",
        "robots.txt",
    ] {
        assert!(built.output.get(path).is_some(), "missing {path}");
    }
    // The fixture asks not to be indexed: no sitemap.
    assert!(built.output.get("sitemap.xml").is_none());
    assert_eq!(built.notes, 9);
}

#[test]
fn company_lists_its_people_and_interviews() {
    let built = Fixture::small().generate();
    let html = page(&built, "companies/acme/index.html");
    let main = main_of(&html);
    assert!(
        main.contains(r#"href="/prep/contacts/ana-lima/">Ana Lima</a>"#),
        "{main}"
    );
    assert!(main.contains(r#"href="/prep/contacts/ben-okafor/">Ben Okafor</a>"#));
    assert!(main.contains(r#"href="/prep/interviews/2026-10-01-ana-lima/""#));
    assert!(!main.contains("chen-wu"), "Chen works at Globex");
}

#[test]
fn contact_shows_introductions_and_referrals_both_ways() {
    let built = Fixture::small().generate();
    let ben = page(&built, "contacts/ben-okafor/index.html");
    assert!(ben.contains("Introduced through"), "introducer chain");
    assert!(ben.contains(r#"<a href="/prep/contacts/ana-lima/">Ana Lima</a>."#));
    assert!(ben.contains("Referred by <a href=\"/prep/contacts/ana-lima/\">Ana Lima</a>"));
    let ana = page(&built, "contacts/ana-lima/index.html");
    assert!(ana.contains("Introduced you to"));
    assert!(ana.contains("Referred you to"));
    assert!(ana.contains(r#"href="/prep/contacts/ben-okafor/">Ben Okafor</a>"#));
    let chen = page(&built, "contacts/chen-wu/index.html");
    assert!(
        chen.contains(r#"<a href="/prep/contacts/ana-lima/">Ana Lima</a> → <a href="/prep/contacts/ben-okafor/">Ben Okafor</a>"#),
        "the whole chain of introductions, first person first"
    );
}

#[test]
fn wikilinks_resolve_in_all_three_forms() {
    let built = Fixture::small().generate();
    let acme = page(&built, "companies/acme/index.html");
    assert!(
        acme.contains(r#"Met <a href="/prep/contacts/ana-lima/">Ana Lima</a> at a meetup"#),
        "[[slug]] shows the title"
    );
    let globex = page(&built, "companies/globex/index.html");
    assert!(
        globex.contains(r#"<a href="/prep/companies/acme/">the Acme note</a>"#),
        "[[collection/slug|label]]"
    );
}

#[test]
fn backlinks_list_notes_that_mention_a_note() {
    let built = Fixture::small().generate();
    let html = page(&built, "contacts/ben-okafor/index.html");
    let backlinks = &html[html.find("Linked from").expect("backlinks section")..];
    assert!(
        backlinks.contains("/prep/contacts/chen-wu/"),
        "Chen's body links to Ben"
    );
    assert!(
        backlinks.contains("/prep/interviews/2026-10-01-ana-lima/"),
        "the interview refers Ben"
    );
}

#[test]
fn interview_page_is_a_briefing() {
    let built = Fixture::small().generate();
    let html = page(&built, "interviews/2026-12-01-ben-okafor/index.html");
    let main = main_of(&html);
    assert!(
        main.contains("Informational interview with Ben Okafor"),
        "default title"
    );
    assert!(
        main.contains("Tue 1 Dec 2026, 09:30–10:00 CST"),
        "time and time box in the site zone"
    );
    assert!(
        main.contains("Tue 1 Dec 2026, 16:30 CET for Ben Okafor (Europe/Berlin)"),
        "the contact's own time"
    );
    assert!(main.contains("30 minutes"));
    assert!(main.contains(r#"href="https://meet.example.com/abc""#));
    assert!(main.contains("Learn how product works at Acme"), "goals");
    assert!(
        main.contains("My warehouse analytics project"),
        "talking points"
    );
    // The whole bank, then the literal question, numbered 1 to 4.
    for (n, q) in [
        (1, "How did you get your first role in this field?"),
        (2, "What does a typical week look like for you?"),
        (3, "Who else should I talk to?"),
        (4, "What surprised you most when you joined Acme?"),
    ] {
        let item = format!(r#"<li value="{n}" class="briefing-question">"#);
        let at = main
            .find(&item)
            .unwrap_or_else(|| panic!("question {n} missing"));
        assert!(main[at..].contains(q), "question {n} is {q}");
    }
    assert!(
        main.contains("Earlier conversations"),
        "Ana's interview at the same company"
    );
    // Ana was asked `career/first-role`; Ben's briefing plans the whole bank,
    // so that question is flagged where it is listed again.
    assert!(main.contains("“How did you get your first role in this field?” <span class=\"muted\">1 Oct 2026</span> <strong class=\"again\">planned again as 1</strong>"), "{main}");
    assert!(main.contains("(asked before: 1 Oct 2026)"));
    assert!(main.contains("Never ask for a job"), "default etiquette");
    assert!(
        main.contains("Send a thank-you note by <time datetime=\"2026-12-03\">"),
        "thank-you due date"
    );
}

#[test]
fn names_with_html_are_escaped() {
    let f = Fixture::small();
    f.write("content/contacts/eve.md", "---\nname: \"<script>alert('x')</script> Eve\"\nrole: \"R&D <b>lead</b>\"\n---\nBody with <script>alert(1)</script> raw HTML and [a link](javascript:alert(2)).\n");
    let built = f.generate();
    let html = page(&built, "contacts/eve/index.html");
    assert!(
        !html.contains("<script>"),
        "no script tag anywhere:\n{html}"
    );
    // The name, escaped where it is shown.
    let name = "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; Eve";
    assert!(
        html.contains(&format!("<title>{name} · Test prep</title>")),
        "{html}"
    );
    assert!(html.contains(&format!("<h1>{name}</h1>")), "{html}");
    assert!(!html.contains("javascript:"), "script links are dropped");
    let index = page(&built, "contacts/index.html");
    assert!(!index.contains("<script>"));
}

/// A wikilink's label is Markdown inside an `<a>`: a link, autolink or raw
/// HTML in it must neither open a second `<a>` nor keep a script target.
#[test]
fn a_wikilink_label_carries_no_link_of_its_own() {
    let f = Fixture::small();
    f.write(
        "content/pages/labels.md",
        "---\ntitle: Labels\n---\n[[ana-lima|<javascript:alert(1)>]] and [[ana-lima|see [x](javascript:alert(2))]] and [[ana-lima|<https://example.com/>]] and [[ana-lima|![p](javascript:alert(3))]]\n",
    );
    let built = f.generate();
    let html = page(&built, "pages/labels/index.html");
    let body = main_of(&html);
    assert!(!body.contains("=\"javascript:"), "{body}");
    let paragraph = &body[body.find("<p>").expect("a paragraph")..];
    let paragraph = &paragraph[..paragraph.find("</p>").expect("its end")];
    // A Markdown link written inside the brackets wins over the wikilink
    // (pulldown-cmark's reading): it stays a link of its own, checked.
    assert!(
        paragraph.contains("[[ana-lima|see <a href=\"#\">x</a>]]"),
        "{paragraph}"
    );
    assert_eq!(
        paragraph
            .matches("<a href=\"/prep/contacts/ana-lima/\">")
            .count(),
        3,
        "{paragraph}"
    );
    for link in paragraph.split("</a>") {
        assert!(
            link.matches("<a ").count() <= 1,
            "a nested link: {paragraph}"
        );
    }
    assert!(
        paragraph.contains(">javascript:alert(1)</a>"),
        "the autolink's text is the label: {paragraph}"
    );
}

#[test]
fn base_url_path_prefixes_every_internal_url() {
    let f = Fixture::small();
    let built = f.generate();
    let html = page(&built, "index.html");
    assert!(html.contains(r#"href="/prep/style.css""#));
    assert!(html.contains(r#"href="/prep/contacts/""#));
    let mut options = f.options();
    options.base_url = Some("https://example.com/".into());
    let root = coffeechat::generate(&options).expect("build");
    let html =
        String::from_utf8(root.output.get("index.html").expect("index").to_vec()).expect("utf8");
    assert!(html.contains(r#"href="/style.css""#));
    assert!(!html.contains("/prep/"));
}

#[test]
fn drafts_are_left_out_unless_asked_and_links_to_them_become_text() {
    let f = Fixture::small();
    f.write(
        "content/companies/initech.md",
        "---\nname: Initech\ndraft: true\n---\nDraft.\n",
    );
    f.write(
        "content/pages/notes.md",
        "---\ntitle: Notes\n---\nSee [[initech]].\n",
    );
    let built = f.generate();
    assert!(built.output.get("companies/initech/index.html").is_none());
    let notes = page(&built, "pages/notes/index.html");
    assert!(
        notes.contains("See initech."),
        "plain text, not a dead link: {}",
        main_of(&notes)
    );
    let mut options = f.options();
    options.drafts = true;
    let with = coffeechat::generate(&options).expect("build");
    assert!(with.output.get("companies/initech/index.html").is_some());
}

#[test]
fn markdown_features_and_highlighting() {
    let f = Fixture::small();
    f.write("content/pages/md.md", "---\ntitle: Markdown\n---\n## Plan A\n\n## Plan A\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n- [x] done\n- [ ] todo\n\n~~old~~ and a note[^1].\n\n[^1]: The footnote.\n\n```rust\nfn main() { let x = 1; }\n```\n");
    let built = f.generate();
    let html = page(&built, "pages/md/index.html");
    assert!(html.contains(r#"<h2 id="plan-a">Plan A</h2>"#));
    assert!(
        html.contains(r#"<h2 id="plan-a-1">Plan A</h2>"#),
        "anchors are unique"
    );
    assert!(html.contains("<table>"));
    assert!(html.contains(r#"type="checkbox""#));
    assert!(html.contains("<del>old</del>"));
    assert!(html.contains("footnote-definition"));
    assert!(
        html.contains(r#"<span class="sy-"#) || html.contains("class=\"sy-source"),
        "highlighted with classes: {html}"
    );
}

#[test]
fn output_is_deterministic() {
    let f = Fixture::small();
    let a = f.generate();
    let b = f.generate();
    assert_eq!(a.output, b.output);
}

#[test]
fn build_writes_and_replaces_output_atomically() {
    let f = Fixture::small();
    let out = f.path("public");
    coffeechat::build(&f.options()).expect("first build");
    assert!(out.join("index.html").is_file());
    assert!(out.join(coffeechat::output::MARKER).is_file());
    let before = std::fs::read(out.join("contacts/ana-lima/index.html")).expect("page");
    // A broken note: the build fails and the old site stays whole.
    f.write(
        "content/contacts/ana-lima.md",
        "---\nname: Ana\ncompany: acmee\n---\n",
    );
    assert!(coffeechat::build(&f.options()).is_err());
    assert_eq!(
        std::fs::read(out.join("contacts/ana-lima/index.html")).expect("page"),
        before
    );
    assert!(
        !f.path(".public.coffeechat-new").exists(),
        "no staging left behind"
    );
}

#[test]
fn refuses_to_replace_a_folder_it_did_not_make() {
    let f = Fixture::small();
    f.write("public/precious.txt", "mine");
    let err = coffeechat::build(&f.options()).expect_err("must refuse");
    assert!(err.to_string().contains("not made by coffeechat"), "{err}");
    assert_eq!(
        std::fs::read_to_string(f.path("public/precious.txt")).expect("kept"),
        "mine"
    );
    for dangerous in [".", "..", "content", "/"] {
        let mut options = f.options();
        options.output = Some(if dangerous == "/" {
            "/".into()
        } else {
            f.path(dangerous)
        });
        let err = coffeechat::build(&options).expect_err(dangerous);
        assert!(err.to_string().contains("refusing"), "{dangerous}: {err}");
    }
    assert!(f.path("content/contacts/ana-lima.md").is_file());
}

#[test]
fn the_written_site_is_exactly_the_generated_one() {
    let f = Fixture::small();
    // A static file named like a site file: the site's is written, once.
    f.write("static/robots.txt", "User-agent: nobody\n");
    let report = coffeechat::build(&f.options()).expect("build");
    let generated = f.generate().output;
    let on_disk = files_in(&f.path("public"));
    assert_eq!(report.files, generated.files.len());
    assert!(
        on_disk == generated.files,
        "streamed build and in-memory build differ"
    );
    let robots = String::from_utf8_lossy(&on_disk["robots.txt"]).to_string();
    assert!(
        robots.contains("Disallow") && !robots.contains("nobody"),
        "{robots}"
    );
}

/// A build drops each note's text, search text and HTML as soon as the last
/// file showing it is written, and renders the interviews' pages before the
/// others; the site made in memory (as `serve` keeps it) drops nothing. On
/// the demo site, whose briefings show contacts' notes and whose print
/// packs hold this week's interviews, both give the same files.
#[test]
fn a_build_that_drops_what_it_wrote_writes_the_site_made_in_memory() {
    for public in [false, true] {
        let out = tempfile::tempdir().expect("tmp");
        let options = coffeechat::Options {
            root: env!("CARGO_MANIFEST_DIR").into(),
            today: Some("2026-11-22".parse().expect("date")),
            output: Some(out.path().join("site")),
            public,
            ..Default::default()
        };
        coffeechat::build(&options).expect("the demo builds");
        let generated = coffeechat::generate(&options).expect("the demo generates");
        let on_disk = files_in(&out.path().join("site"));
        assert!(
            generated
                .output
                .files
                .keys()
                .any(|p| p.starts_with("print/"))
                || public,
            "the demo has a print pack this week"
        );
        let keys: Vec<&String> = on_disk.keys().collect();
        assert_eq!(keys, generated.output.files.keys().collect::<Vec<_>>());
        for (path, bytes) in &generated.output.files {
            assert!(on_disk[path] == *bytes, "public {public}: {path} differs");
        }
    }
}

/// The files under `out`, by path relative to it, but the build's marker.
fn files_in(out: &std::path::Path) -> std::collections::BTreeMap<String, std::sync::Arc<Vec<u8>>> {
    let mut on_disk = std::collections::BTreeMap::new();
    for entry in walkdir::WalkDir::new(out) {
        let entry = entry.expect("walk");
        if entry.file_type().is_file() {
            let rel = entry
                .path()
                .strip_prefix(out)
                .expect("inside")
                .to_string_lossy()
                .replace('\\', "/");
            if rel != coffeechat::output::MARKER {
                on_disk.insert(
                    rel,
                    std::sync::Arc::new(std::fs::read(entry.path()).expect("read")),
                );
            }
        }
    }
    on_disk
}

#[cfg(unix)]
#[test]
fn a_template_error_is_reported_before_a_static_files_error() {
    let f = Fixture::small();
    std::fs::create_dir_all(f.path("static")).expect("mkdir");
    std::os::unix::fs::symlink("/nonexistent/file", f.path("static/broken.txt")).expect("link");
    f.write("templates/404.html", "{{ nothing_here.x }}");
    let err = coffeechat::build(&f.options()).expect_err("two errors");
    let coffeechat::Error::Diagnostics(found) = err else {
        panic!("not diagnostics: {err}");
    };
    let codes: Vec<&str> = found
        .iter()
        .filter(|d| d.is_error())
        .map(|d| d.code)
        .collect();
    assert!(codes.contains(&"template"), "{codes:?}");
}

#[test]
fn refuses_outputs_inside_the_sites_own_folders_or_through_a_link() {
    let f = Fixture::small();
    for protected in [
        "templates/out",
        "themes/out",
        "static/out",
        ".git/out",
        "content/contacts",
    ] {
        let mut options = f.options();
        options.output = Some(f.path(protected));
        let err = coffeechat::build(&options).expect_err(protected);
        assert!(err.to_string().contains("refusing"), "{protected}: {err}");
    }
    #[cfg(unix)]
    {
        // A link named like an output folder, pointing at the site itself.
        std::os::unix::fs::symlink(f.root(), f.path("public")).expect("symlink");
        let err = coffeechat::build(&f.options()).expect_err("a link to the site");
        assert!(err.to_string().contains("refusing"), "{err}");
        assert!(
            f.path("content/contacts/ana-lima.md").is_file(),
            "the notes are untouched"
        );
    }
}
