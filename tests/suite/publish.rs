//! Publishing safely: a public build leaves out private notes, drafts and
//! the personal fields of contacts; robots.txt and the noindex tag.

use crate::common;
use crate::common::{page, Fixture};
use coffeechat::{Built, Options};
use std::path::PathBuf;

fn demo_options() -> Options {
    Options {
        root: PathBuf::from(env!("CARGO_MANIFEST_DIR")),
        today: Some("2026-11-22".parse().expect("date")),
        ..Options::default()
    }
}

fn generate(options: &Options) -> Built {
    coffeechat::generate(options).unwrap_or_else(|e| panic!("build failed: {e:?}"))
}

/// Every email address and phone number of the demo contacts.
fn demo_personal_data() -> (Vec<String>, Vec<String>) {
    let analysis = coffeechat::analyse(&demo_options()).expect("demo analyses");
    let mut emails = Vec::new();
    let mut phones = Vec::new();
    for n in &analysis.notes {
        if let Some(c) = n.as_contact() {
            emails.extend(c.email.clone());
            phones.extend(c.phone.clone());
        }
    }
    (emails, phones)
}

/// The ways a phone number may be written: as in the note, digits only,
/// and its digit groups joined by spaces, hyphens, dots or nothing, with
/// and without the country code.
fn phone_spellings(phone: &str) -> Vec<String> {
    let groups: Vec<&str> = phone
        .split(|c: char| !c.is_ascii_digit())
        .filter(|g| !g.is_empty())
        .collect();
    let mut out = vec![phone.to_string()];
    for skip in 0..groups.len().min(2) {
        let rest = &groups[skip..];
        if rest.concat().len() < 6 {
            continue;
        }
        for sep in [" ", "-", ".", ""] {
            out.push(rest.join(sep));
        }
    }
    out
}

/// Output bytes as text, with the encodings of `@` a page might use decoded.
fn searchable(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes)
        .to_lowercase()
        .replace("&#64;", "@")
        .replace("&#x40;", "@")
        .replace("%40", "@")
        .replace("\r\n ", "")
}

/// The paths of output files that contain `needle`.
fn files_with(built: &Built, needle: &str) -> Vec<String> {
    let needle = needle.to_lowercase();
    built
        .output
        .files
        .iter()
        .filter(|(_, bytes)| searchable(bytes).contains(&needle))
        .map(|(p, _)| p.clone())
        .collect()
}

#[test]
fn a_public_build_of_the_demo_publishes_no_email_or_phone_number() {
    let (emails, phones) = demo_personal_data();
    assert!(emails.len() >= 5, "the demo has contacts with emails");
    assert!(phones.len() >= 2, "the demo has contacts with phones");

    // The private build shows them: the check below can fail.
    let private = generate(&demo_options());
    assert!(!files_with(&private, &emails[0]).is_empty());
    assert!(!files_with(&private, &phones[0]).is_empty());

    let public = generate(&Options {
        public: true,
        ..demo_options()
    });
    // Its events are the conversations: no calendar, no address book.
    assert!(public.output.get("calendar.ics").is_none());
    assert!(public.output.get("contacts.vcf").is_none());
    for email in &emails {
        let found = files_with(&public, email);
        assert!(found.is_empty(), "{email} is published in {found:?}");
    }
    for phone in &phones {
        for spelling in phone_spellings(phone) {
            let found = files_with(&public, &spelling);
            assert!(
                found.is_empty(),
                "{phone} (as `{spelling}`) is published in {found:?}"
            );
        }
    }
}

#[test]
fn phone_spellings_cover_the_usual_formats() {
    let s = phone_spellings("+1 (555) 010-0142");
    for want in ["5550100142", "555-010-0142", "555.010.0142", "15550100142"] {
        assert!(s.contains(&want.to_string()), "{want} in {s:?}");
    }
}

fn private_fixture(config: &str) -> Fixture {
    let f = Fixture::with_config(config);
    f.write("content/companies/acme.md", "---\nname: Acme\n---\nAcme.\n");
    f.write(
        "content/contacts/ana.md",
        "---\nname: Ana Lima\ncompany: acme\nemail: ana@example.com\nphone: 555 0101\nlinkedin: https://www.linkedin.com/in/ana-example\nnext_follow_up: 2026-12-02\n---\nAna's notes: met at the [[acme]] booth.\n",
    );
    f.write(
        "content/contacts/secret.md",
        "---\nname: Sam Secret\nprivate: true\nemail: sam@example.com\n---\nPrivate.\n",
    );
    f.write(
        "content/contacts/draft.md",
        "---\nname: Dora Draft\ndraft: true\nemail: dora@example.com\n---\nDraft.\n",
    );
    f.write(
        "content/interviews/2026-12-01-ana.md",
        "---\ncontact: ana\ndate: \"2026-12-01 10:00\"\nstatus: scheduled\n---\nAsk [[ana]] about [[secret]] and [[draft]].\n",
    );
    f.write(
        "content/pages/plan.md",
        "---\ntitle: Plan\n---\nAsk [[ana]] about [[secret]] and [[draft]].\n",
    );
    f
}

/// The fixture's configuration with the pages about people opted back in.
fn with_people_pages(extra: &str) -> String {
    format!(
        "{}publish:\n  pages: [contacts, interviews]\n{extra}",
        common::CONFIG
    )
}

#[test]
fn private_notes_and_drafts_are_left_out_and_links_to_them_become_text() {
    let f = private_fixture(&with_people_pages("  keep: [linkedin, body]\n"));
    let mut options = f.options();
    options.public = true;
    options.drafts = true; // a public build leaves drafts out all the same
    let built = generate(&options);
    assert!(built.output.get("contacts/secret/index.html").is_none());
    assert!(built.output.get("contacts/draft/index.html").is_none());
    assert!(built.output.get("contacts/ana/index.html").is_some());
    let plan = page(&built, "pages/plan/index.html");
    assert!(
        plan.contains(r#"<a href="/prep/contacts/ana/">Ana Lima</a> about secret and draft"#),
        "{plan}"
    );
    let interview = page(&built, "interviews/2026-12-01-ana/index.html");
    assert!(
        !interview.contains("about secret"),
        "an interview's notes are never published"
    );
    for (path, bytes) in &built.output.files {
        let text = String::from_utf8_lossy(bytes);
        for gone in [
            "sam@example.com",
            "dora@example.com",
            "ana@example.com",
            "555 0101",
        ] {
            assert!(!text.contains(gone), "{gone} in {path}");
        }
    }
    assert!(!page(&built, "contacts/index.html").contains("contacts.vcf"));
    assert!(page(&built, "interviews/index.html").contains(r#"href="/prep/calendar.ics""#));
    let ana = page(&built, "contacts/ana/index.html");
    assert!(
        ana.contains("linkedin.com/in/ana-example"),
        "kept by config"
    );
    assert!(ana.contains("booth"), "the body is kept by config");

    // The same site built privately shows all of it.
    let mut private = f.options();
    private.drafts = true;
    let built = generate(&private);
    assert!(page(&built, "contacts/ana/index.html").contains("ana@example.com"));
    assert!(built.output.get("contacts/secret/index.html").is_some());
    assert!(page(&built, "contacts/index.html").contains(r#"href="/prep/contacts.vcf""#));
    let vcf = String::from_utf8_lossy(built.output.get("contacts.vcf").expect("vcf"));
    assert!(vcf.contains("EMAIL:ana@example.com"), "{vcf}");
}

#[test]
fn config_can_make_every_build_public_and_choose_the_fields() {
    let config = with_people_pages(
        "  public: true\n  keep: [email, linkedin]\n  drop: [linkedin, body, next_follow_up]\n",
    )
    .replace("keep: [email, linkedin]", "keep: [email]");
    let f = private_fixture(&config);
    let built = f.generate();
    assert!(built.output.get("contacts/secret/index.html").is_none());
    assert!(built.output.get("contacts.vcf").is_none());
    let ana = page(&built, "contacts/ana/index.html");
    assert!(ana.contains("ana@example.com"), "kept by config");
    assert!(!ana.contains("555 0101"), "phone still dropped");
    assert!(
        !ana.contains("linkedin.com/in/ana-example"),
        "dropped by config"
    );
    assert!(!ana.contains("booth"), "body dropped by config");
    let ics = String::from_utf8_lossy(built.output.get("calendar.ics").expect("ics"));
    assert!(
        !ics.contains("Follow up with Ana"),
        "next_follow_up dropped: {ics}"
    );
}

#[test]
fn an_unknown_publish_field_is_a_located_error() {
    let config = format!("{}publish:\n  drop: [emial]\n", common::CONFIG);
    let f = private_fixture(&config);
    let errors = f.errors();
    assert_eq!(errors.len(), 1, "{}", common::render(&errors));
    assert_eq!(errors[0].file, PathBuf::from("coffeechat.yaml"));
    assert_eq!(errors[0].line, 4);
    assert!(errors[0].message.contains("did you mean `email`"));
}

#[test]
fn check_public_lists_what_is_published_about_each_person() {
    let f = private_fixture(common::CONFIG);
    let people = coffeechat::domain::public::report(&f.options()).expect("report");
    let names: Vec<&str> = people.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(names, ["Ana Lima", "Dora Draft", "Sam Secret"]);
    let ana = &people[0];
    assert_eq!(ana.left_out, None);
    assert_eq!(ana.published, [("company", "acme".to_string())]);
    assert_eq!(
        ana.dropped,
        ["email", "phone", "linkedin", "next_follow_up", "body"]
    );
    assert_eq!(ana.shown_on, ["the page of companies/acme/"]);
    assert_eq!(people[1].left_out, Some("draft"));
    assert_eq!(people[2].left_out, Some("private: true"));
    assert!(people[2].published.is_empty());

    let text = coffeechat::domain::public::render_report(&people);
    assert!(
        text.contains("Ana Lima (content/contacts/ana.md)\n  name: Ana Lima\n"),
        "{text}"
    );
    assert!(
        text.contains("  left out: email, phone, linkedin, next_follow_up, body\n  shown on: the page of companies/acme/\n"),
        "{text}"
    );
    assert!(
        text.contains("nothing: the note is left out (private: true)"),
        "{text}"
    );
    assert!(!text.contains("ana@example.com"), "{text}");
}

#[test]
fn a_built_site_asks_not_to_be_indexed_unless_config_allows_it() {
    let built = Fixture::small().generate();
    assert_eq!(page(&built, "robots.txt"), "User-agent: *\nDisallow: /\n");
    let html: Vec<&String> = built
        .output
        .files
        .keys()
        .filter(|p| p.ends_with(".html"))
        .collect();
    assert!(html.len() > 20 && html.iter().any(|p| *p == "404.html"));
    for path in html {
        assert!(
            page(&built, path).contains(r#"<meta name="robots" content="noindex, nofollow">"#),
            "{path}"
        );
    }
    assert!(built.output.get(".nojekyll").is_some());
    assert!(built.output.get("CNAME").is_none());
    assert!(
        built.output.get("sitemap.xml").is_none(),
        "no sitemap for a site that asks not to be indexed"
    );

    let f = Fixture::with_config(&format!(
        "{}allow_indexing: true\ncname: prep.example.com\n",
        common::CONFIG
    ));
    f.write("content/pages/about.md", "---\ntitle: About\n---\nHi.\n");
    let built = f.generate();
    let robots = page(&built, "robots.txt");
    assert!(robots.contains("Allow: /"), "{robots}");
    assert!(robots.contains("Sitemap: https://user.github.io/prep/sitemap.xml"));
    assert!(!page(&built, "index.html").contains("noindex"));
    assert_eq!(page(&built, "CNAME"), "prep.example.com\n");
    let sitemap = page(&built, "sitemap.xml");
    assert!(sitemap.contains("<loc>https://user.github.io/prep/pages/about/</loc>"));
    assert!(!sitemap.contains("404"), "{sitemap}");

    // Without a host in base_url a sitemap cannot hold absolute URLs: none,
    // and a warning at base_url.
    let f = Fixture::with_config("title: T\nbase_url: /prep/\nallow_indexing: true\n");
    f.write("content/pages/about.md", "---\ntitle: About\n---\nHi.\n");
    let built = f.generate();
    assert!(built.output.get("sitemap.xml").is_none());
    assert_eq!(page(&built, "robots.txt"), "User-agent: *\nAllow: /\n");
    let warning = built
        .diagnostics
        .iter()
        .find(|d| d.code == "no-sitemap")
        .expect("a note that there is no sitemap");
    assert_eq!(
        (warning.file.as_path(), warning.line),
        (std::path::Path::new("coffeechat.yaml"), 2)
    );
}
