//! Notes and contacts as other tools write them (Obsidian vaults, Hugo and
//! Zola pages, phones' address books, spreadsheets): what the built site
//! shows of them, and the diagnostics for what it cannot take.

use coffeechat::diagnostics::Diagnostic;
use std::path::{Path, PathBuf};

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/other_tools");

/// A copy of fixture site `name` in a temporary folder, to add files to.
fn site(name: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&Path::new(FIXTURES).join(name), dir.path());
    dir
}

fn copy_dir(from: &Path, to: &Path) {
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

fn write(root: &Path, path: &str, text: &str) {
    let path = root.join(path);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

fn options(root: &Path) -> coffeechat::Options {
    coffeechat::Options {
        root: PathBuf::from(root),
        today: Some("2026-03-02".parse().unwrap()),
        ..Default::default()
    }
}

fn build(root: &Path) -> coffeechat::Built {
    match coffeechat::generate(&options(root)) {
        Ok(b) => b,
        Err(coffeechat::Error::Diagnostics(d)) => panic!("the build failed: {d:#?}"),
        Err(e) => panic!("{e}"),
    }
}

fn errors(root: &Path) -> Vec<Diagnostic> {
    match coffeechat::generate(&options(root)) {
        Ok(b) => panic!("the build passed; warnings: {:#?}", b.diagnostics),
        Err(coffeechat::Error::Diagnostics(d)) => d.into_iter().filter(|d| d.is_error()).collect(),
        Err(e) => panic!("{e}"),
    }
}

fn page(built: &coffeechat::Built, path: &str) -> String {
    let bytes = built.output.get(path).unwrap_or_else(|| {
        panic!(
            "no {path} in {:?}",
            built.output.files.keys().collect::<Vec<_>>()
        )
    });
    String::from_utf8(bytes.to_vec()).unwrap()
}

/// The part of a page between the article's start and its backlinks, so
/// checks look at the body and not at navigation.
fn body(html: &str) -> &str {
    let start = html.find("<main").unwrap_or(0);
    &html[start..]
}

// ---- 1. Links as Obsidian writes them --------------------------------------

#[test]
fn links_resolve_by_title_alias_case_and_accents() {
    let dir = site("vault");
    let built = build(dir.path());
    let html = page(&built, "pages/vault-tour/index.html");
    let html = body(&html);
    let to_jose = "<a href=\"/prep/contacts/jnunez/\">José Núñez</a>";
    for written in ["By title: ", "By alias: ", "Case and accents: "] {
        assert!(
            html.contains(&format!("{written}{to_jose}")),
            "{written}{html}"
        );
    }
    assert!(
        html.contains("href=\"/prep/contacts/zoe-muller/\">Zoë Müller</a>"),
        "empty label: {html}"
    );
    assert!(
        html.contains("href=\"/prep/contacts/jnunez/#career-path\">José Núñez › Career path</a>"),
        "{html}"
    );
    assert!(
        html.contains("href=\"#open-questions\">Open questions</a>"),
        "{html}"
    );
    assert!(html.contains("[[not a link]]"), "escaped: {html}");
}

#[test]
fn an_ambiguous_title_is_an_error_listing_the_notes() {
    let dir = site("vault");
    write(
        dir.path(),
        "content/companies/jose.md",
        "---\nname: José Núñez\n---\n",
    );
    let e = errors(dir.path());
    let e = e
        .iter()
        .find(|d| d.code == "unresolved-wikilink")
        .expect("an error");
    assert!(e.message.contains("names several notes"), "{e:?}");
    let hint = e.hint.as_deref().unwrap();
    assert!(
        hint.contains("[[companies/jose]]") && hint.contains("[[contacts/jnunez]]"),
        "{hint}"
    );
}

#[test]
fn a_missing_heading_is_an_error_naming_the_closest() {
    let dir = site("vault");
    write(
        dir.path(),
        "content/pages/h.md",
        "---\ntitle: H\n---\nSee [[jnunez#Carrer path]].\n",
    );
    let e = errors(dir.path());
    let e = e
        .iter()
        .find(|d| d.code == "missing-heading")
        .expect("an error");
    assert_eq!(
        (e.file.as_path(), e.line),
        (Path::new("content/pages/h.md"), 4)
    );
    assert!(e.hint.as_deref().unwrap().contains("Career path"), "{e:?}");
}

#[test]
fn embeds_show_the_body_once_and_images_from_static() {
    let dir = site("vault");
    let built = build(dir.path());
    let html = page(&built, "pages/vault-tour/index.html");
    let html = body(&html);
    assert!(html.contains("<div class=\"embed\">"), "{html}");
    assert!(html.contains("José leads the data team."), "{html}");
    assert!(
        html.contains(
            "<img src=\"/prep/img/team%20photo.png\" alt=\"team photo.png\" width=\"320\">"
        ),
        "{html}"
    );
    assert!(!html.contains("<p><div"), "an embed is a block: {html}");
}

#[test]
fn an_embed_loop_becomes_a_link() {
    let dir = site("vault");
    write(
        dir.path(),
        "content/pages/a.md",
        "---\ntitle: A\n---\nA says\n\n![[b]]\n",
    );
    write(
        dir.path(),
        "content/pages/b.md",
        "---\ntitle: B\n---\nB says\n\n![[a]]\n",
    );
    let built = build(dir.path());
    let html = page(&built, "pages/a/index.html");
    assert_eq!(body(&html).matches("B says").count(), 1, "{html}");
    assert!(
        body(&html).contains("href=\"/prep/pages/a/\">A</a>"),
        "{html}"
    );
}

#[test]
fn a_missing_embed_is_an_error() {
    let dir = site("vault");
    write(
        dir.path(),
        "content/pages/e.md",
        "---\ntitle: E\n---\n![[Ghost]]\n\n![[nothing.png]]\n",
    );
    let e = errors(dir.path());
    assert!(
        e.iter()
            .any(|d| d.code == "unresolved-wikilink" && d.message.contains("Ghost")),
        "{e:#?}"
    );
    assert!(
        e.iter().any(|d| d.code == "missing-file" && d.line == 6),
        "{e:#?}"
    );
}

#[test]
fn a_public_build_embeds_nothing_of_a_private_note() {
    let dir = site("vault");
    write(
        dir.path(),
        "content/pages/secret.md",
        "---\ntitle: Secret plan\nprivate: true\n---\nThe salary I want.\n",
    );
    write(
        dir.path(),
        "content/pages/open.md",
        "---\ntitle: Open\n---\nBefore\n\n![[secret]]\n\n![[Secret plan]]\n",
    );
    let mut o = options(dir.path());
    o.public = true;
    let built = coffeechat::generate(&o).expect("builds");
    let html = page(&built, "pages/open/index.html");
    assert!(
        !html.contains("salary") && !html.contains("Secret plan"),
        "{html}"
    );
    let private = build(dir.path());
    assert!(page(&private, "pages/open/index.html").contains("The salary I want."));
}

#[test]
fn missing_links_may_be_warnings_with_the_new_command() {
    let dir = site("vault");
    write(
        dir.path(),
        "content/pages/todo.md",
        "---\ntitle: To do\n---\nMeet [[Ana Lima]].\n",
    );
    assert!(errors(dir.path())
        .iter()
        .any(|d| d.code == "unresolved-wikilink"));
    let config = "title: T\nbase_url: https://user.github.io/prep/\nlinks:\n  missing: warn\n";
    write(dir.path(), "coffeechat.yaml", config);
    let built = build(dir.path());
    let html = page(&built, "pages/todo/index.html");
    assert!(
        html.contains("<span class=\"missing-link\" title=\"no note yet\">Ana Lima</span>"),
        "{html}"
    );
    let w = built
        .diagnostics
        .iter()
        .find(|d| d.code == "missing-note")
        .expect("a warning");
    assert!(
        w.hint
            .as_deref()
            .unwrap()
            .contains("coffeechat new contact \"Ana Lima\""),
        "{w:?}"
    );
}

// ---- 2. Obsidian syntax ------------------------------------------------------

#[test]
fn comments_highlights_callouts_and_tags() {
    let dir = site("vault");
    let built = build(dir.path());
    let html = page(&built, "pages/vault-tour/index.html");
    let html = body(&html);
    assert!(
        !html.contains("salaries") && !html.contains("Ghost"),
        "the comment shows: {html}"
    );
    assert!(
        html.contains("<aside class=\"callout callout-tip\" data-callout=\"tip\">"),
        "{html}"
    );
    assert!(
        html.contains("<p class=\"callout-title\">Ask early</p>"),
        "{html}"
    );
    assert!(html.contains("Book the call a week ahead."), "{html}");
    let jose = page(&built, "contacts/jnunez/index.html");
    assert!(jose.contains("<mark>on-call rotation</mark>"), "{jose}");
    // `Mentor` and `#mentor` are one tag, shown in one form; body tags join it.
    for note in [
        "contacts/jnunez/index.html",
        "contacts/zoe-muller/index.html",
    ] {
        let html = page(&built, note);
        assert!(
            html.contains("href=\"/prep/tags/mentor/\">mentor</a>"),
            "{note}: {html}"
        );
        assert!(
            !html.contains(">Mentor</a>") && !html.contains(">#mentor</a>"),
            "{note}: {html}"
        );
    }
    let mentor = page(&built, "tags/mentor/index.html");
    assert!(
        mentor.contains("José Núñez") && mentor.contains("Zoë Müller"),
        "{mentor}"
    );
    assert!(built.output.get("tags/alumni/index.html").is_some());
    assert!(
        html.contains("Tagged <a href=\"/prep/tags/networking/\">#Networking</a> here."),
        "{html}"
    );
    assert!(built.output.get("tags/networking/index.html").is_some());
}

#[test]
fn phone_links_and_relative_paths_with_colons_are_kept() {
    let dir = site("vault");
    write(
        dir.path(),
        "content/pages/call.md",
        "---\ntitle: Call\n---\n[Call](tel:+1-555-0100), [text](sms:+15550100), [slot](10:30.html), [bad](java&#9;script:alert(1))\n",
    );
    let built = build(dir.path());
    let html = page(&built, "pages/call/index.html");
    for href in ["tel:+1-555-0100", "sms:+15550100", "10:30.html"] {
        assert!(html.contains(&format!("href=\"{href}\"")), "{href}: {html}");
    }
    assert!(html.contains("href=\"#\">bad</a>"), "{html}");
}

// ---- 3. Front matter as other tools write it --------------------------------

#[test]
fn hugo_pages_read_with_toml_bundles_and_other_extensions() {
    let dir = site("hugo");
    let built = build(dir.path());
    let talk = page(&built, "pages/speaking/index.html");
    assert!(talk.contains("<h1>Speaking at meetups</h1>"), "{talk}");
    assert!(
        talk.contains("href=\"/prep/contacts/team/\">Ada Osei</a>"),
        "{talk}"
    );
    assert!(
        built.output.get("tags/speaking/index.html").is_some(),
        "Zola taxonomies"
    );
    let picard = page(&built, "pages/jean-luc-picard/index.html");
    assert!(
        picard.contains("<h1>Jean-Luc Picard</h1>"),
        "BOM, blank lines, title: {picard}"
    );
    assert!(page(&built, "pages/notes/index.html").contains("Notes in .markdown"));
    assert!(page(&built, "pages/readme/index.html").contains("Upper-case extension"));
    let ada = page(&built, "contacts/team/index.html");
    assert!(
        ada.contains("1.10") && ada.contains("0x1F"),
        "values as written: {ada}"
    );
    assert!(built.output.get(".well-known/security.txt").is_some());
}

#[test]
fn dot_folders_section_pages_and_lock_files_are_not_notes() {
    let dir = site("hugo");
    #[cfg(unix)]
    std::os::unix::fs::symlink(
        "user@host.1234",
        dir.path().join("content/pages/.#speaking.md"),
    )
    .unwrap();
    let built = build(dir.path());
    let pages: Vec<&String> = built
        .output
        .files
        .keys()
        .filter(|p| p.starts_with("pages/"))
        .collect();
    assert!(
        !pages
            .iter()
            .any(|p| p.contains("old") || p.contains("trash")),
        "{pages:?}"
    );
    assert!(!built
        .output
        .files
        .values()
        .any(|b| String::from_utf8_lossy(b).contains("Deleted note")));
    let section = built
        .diagnostics
        .iter()
        .find(|d| d.code == "section-page")
        .expect("a note");
    assert_eq!(section.file, Path::new("content/pages/_index.md"));
    // A hidden note file is not read, but named; a vault's folders and an
    // editor's lock are skipped without a word.
    write(
        dir.path(),
        "content/pages/.draft.md",
        "---\ntitle: Hidden\n---\n",
    );
    let built = build(dir.path());
    let hidden: Vec<_> = built
        .diagnostics
        .iter()
        .filter(|d| d.code == "hidden-note")
        .map(|d| d.file.clone())
        .collect();
    assert_eq!(hidden, vec![PathBuf::from("content/pages/.draft.md")]);
    assert!(!built.output.files.keys().any(|p| p.contains("draft")));
}

#[test]
fn keys_of_other_tools_are_one_summary_and_kept_in_extra() {
    let dir = site("hugo");
    let built = build(dir.path());
    let unknown: Vec<_> = built
        .diagnostics
        .iter()
        .filter(|d| d.code == "unknown-key")
        .collect();
    assert!(unknown.is_empty(), "{unknown:#?}");
    let summary: Vec<_> = built
        .diagnostics
        .iter()
        .filter(|d| d.code == "foreign-keys")
        .collect();
    assert_eq!(summary.len(), 1, "{:#?}", built.diagnostics);
    assert!(
        summary[0].message.starts_with("2 note(s)"),
        "{}",
        summary[0].message
    );
    assert!(
        summary[0].message.contains("description (2)"),
        "{}",
        summary[0].message
    );
    // Silenced by check.ignore_keys; a key of no tool still warns.
    let config = "title: T\nbase_url: /\ncheck:\n  ignore_keys: [description, date, lastmod, weight, categories, keywords, taxonomies]\n";
    write(dir.path(), "coffeechat.yaml", config);
    write(
        dir.path(),
        "content/pages/x.md",
        "---\ntitle: X\nmood: sunny\n---\n",
    );
    let built = build(dir.path());
    assert!(
        !built.diagnostics.iter().any(|d| d.code == "foreign-keys"),
        "{:#?}",
        built.diagnostics
    );
    assert!(built
        .diagnostics
        .iter()
        .any(|d| d.code == "unknown-key" && d.message.contains("mood")));
}

#[test]
fn bad_toml_is_a_located_error() {
    let dir = site("hugo");
    write(
        dir.path(),
        "content/pages/bad.md",
        "+++\ntitle = \"A\"\nweight = \n+++\n",
    );
    write(
        dir.path(),
        "content/pages/shape.md",
        "+++\ntitle = \"B\"\ntags = {a = 1}\n+++\n",
    );
    let e = errors(dir.path());
    let toml = e.iter().find(|d| d.code == "toml").expect("a TOML error");
    assert_eq!(
        (toml.file.as_path(), toml.line),
        (Path::new("content/pages/bad.md"), 3)
    );
    let shape = e
        .iter()
        .find(|d| d.file == Path::new("content/pages/shape.md"))
        .expect("an error");
    assert_eq!((shape.line, shape.column), (3, 8), "{shape:?}");
}

// ---- 4. A pages index ---------------------------------------------------------

#[test]
fn free_pages_have_an_index_and_a_nav_entry() {
    let dir = site("hugo");
    let built = build(dir.path());
    let index = page(&built, "pages/index.html");
    for (url, title) in [
        ("speaking", "Speaking at meetups"),
        ("jean-luc-picard", "Jean-Luc Picard"),
    ] {
        assert!(
            index.contains(&format!("<a href=\"/prep/pages/{url}/\">{title}</a>")),
            "{index}"
        );
    }
    let nav = "<li><a href=\"/prep/pages/\">Pages</a></li>";
    assert!(page(&built, "index.html").contains(nav));
    assert!(page(&built, "pages/speaking/index.html")
        .contains("<a href=\"/prep/pages/\" aria-current=\"page\">Pages</a>"));
    // A site without pages has neither.
    std::fs::remove_dir_all(dir.path().join("content/pages")).unwrap();
    let built = build(dir.path());
    assert!(built.output.get("pages/index.html").is_none());
    assert!(!page(&built, "index.html").contains(nav));
}

// ---- 5. Imports beyond LinkedIn ------------------------------------------------

use coffeechat::interchange::import::{csv as spreadsheet, vcard, Report};

fn contacts_site() -> tempfile::TempDir {
    site("contacts/site")
}

fn fixture(name: &str) -> PathBuf {
    Path::new(FIXTURES).join("contacts").join(name)
}

fn created(report: &Report) -> Vec<(u64, String)> {
    report
        .contacts
        .iter()
        .map(|(l, p)| (*l, p.to_string_lossy().replace('\\', "/")))
        .collect()
}

/// Every card or row is in the report exactly once: made, skipped or rejected.
fn accounted(report: &Report) -> usize {
    report.contacts.len() + report.skipped.len() + report.rejected.len()
}

fn read(root: &Path, path: &str) -> String {
    std::fs::read_to_string(root.join(path)).unwrap_or_else(|e| panic!("{path}: {e}"))
}

#[test]
fn an_iphone_address_book_imports_with_groups_folds_and_parts_of_names() {
    let dir = contacts_site();
    let report = vcard::import(&options(dir.path()), &fixture("iphone.vcf"), false).unwrap();
    assert_eq!(accounted(&report), 4, "{report:#?}");
    assert_eq!(
        created(&report),
        vec![
            (1, "content/contacts/kenji-watanabe-phd.md".into()),
            (33, "content/contacts/chidi-okafor.md".into())
        ]
    );
    let kenji = read(dir.path(), "content/contacts/kenji-watanabe-phd.md");
    for line in [
        "name: Kenji Watanabe, PhD",
        "given_name: Kenji",
        "family_name: Watanabe",
        "company: fjord",
        "team: Data Platform",
        "role: Staff Engineer",
        "email: kenji@example.com",
        "phone: +1 (312) 555-0199",
        "linkedin: https://www.linkedin.com/in/kenji-example",
        "location: Chicago, IL, United States",
        "- kenji.w@example.org",
    ] {
        assert!(kenji.contains(line), "{line}: {kenji}");
    }
    assert!(
        kenji.contains("happy to talk about moving from academia to industry."),
        "{kenji}"
    );
    assert!(!kenji.contains("/9j/"), "the photo is left out: {kenji}");
    let chidi = read(dir.path(), "content/contacts/chidi-okafor.md");
    assert!(
        chidi.contains("linkedin: https://linkedin.com/in/chidi-example"),
        "{chidi}"
    );
    let sanne = &report.skipped[0];
    assert_eq!((sanne.0, sanne.1.as_str()), (21, "Sanne de Vries"));
    assert_eq!(sanne.2, "content/contacts/sanne.md has the same email");
    assert_eq!(
        report.rejected,
        vec![(
            28,
            "no name (neither a full name nor a given or family name)".to_string()
        )]
    );
}

#[test]
fn a_vcard_2_1_phone_export_decodes_quoted_printable_and_names_a_broken_card() {
    let dir = contacts_site();
    let report = vcard::import(&options(dir.path()), &fixture("phone-2.1.vcf"), false).unwrap();
    assert_eq!(accounted(&report), 3, "{report:#?}");
    let zoe = read(dir.path(), "content/contacts/zoe-muller.md");
    assert!(
        zoe.contains("name: Zoë Müller") && zoe.contains("given_name: Zoë"),
        "{zoe}"
    );
    assert!(
        zoe.contains("phone: +49 151 2345678") && zoe.contains("email: zoe@example.com"),
        "{zoe}"
    );
    assert!(
        zoe.contains("Führt die Design-Gilde, wir trafen uns beim Barcamp in Köln."),
        "{zoe}"
    );
    let jose = read(dir.path(), "content/contacts/jose-nunez.md");
    assert!(jose.contains("name: José Núñez"), "Latin-1: {jose}");
    assert_eq!(
        report.rejected,
        vec![(15, "this card has no END:VCARD".to_string())]
    );
}

#[test]
fn a_namesake_with_other_details_is_imported_as_2_and_never_merged() {
    let dir = contacts_site();
    let before = read(dir.path(), "content/contacts/ada-osei.md");
    let report = vcard::import(&options(dir.path()), &fixture("google.vcf"), false).unwrap();
    assert_eq!(
        created(&report),
        vec![(1, "content/contacts/ada-osei-2.md".into())]
    );
    let ada = read(dir.path(), "content/contacts/ada-osei-2.md");
    assert!(
        ada.contains("website: https://ada.example.com") && ada.contains("company: lakeshore-labs"),
        "{ada}"
    );
    assert_eq!(read(dir.path(), "content/contacts/ada-osei.md"), before);
    // Again: now the same email is in the site, and the card is skipped.
    let again = vcard::import(&options(dir.path()), &fixture("google.vcf"), false).unwrap();
    assert_eq!(
        again.skipped[0].2,
        "content/contacts/ada-osei-2.md has the same email"
    );
}

#[test]
fn a_dry_run_writes_nothing() {
    let dir = contacts_site();
    let report = vcard::import(&options(dir.path()), &fixture("iphone.vcf"), true).unwrap();
    assert_eq!(report.contacts.len(), 2);
    assert!(!dir
        .path()
        .join("content/contacts/kenji-watanabe-phd.md")
        .exists());
    assert!(report
        .render(Path::new("iphone.vcf"))
        .starts_with("dry run: would create 2 contact(s)"));
}

#[test]
fn google_contacts_csv_needs_no_map() {
    let dir = contacts_site();
    let report =
        spreadsheet::import(&options(dir.path()), &fixture("google.csv"), None, false).unwrap();
    assert_eq!(accounted(&report), 4, "{report:#?}");
    assert_eq!(
        created(&report),
        vec![(2, "content/contacts/ana-lima.md".into())]
    );
    let ana = read(dir.path(), "content/contacts/ana-lima.md");
    for line in [
        "given_name: Ana",
        "family_name: Lima",
        "role: Product Designer",
        "team: Design",
        "location: Chicago",
        "email: ana@example.com",
        "- ana.lima@example.org",
        "linkedin: https://www.linkedin.com/in/ana-lima-example",
        "- google-contacts",
    ] {
        assert!(ana.contains(line), "{line}: {ana}");
    }
    assert!(ana.contains("Alumna, class of 2019"), "{ana}");
    assert_eq!(report.rejected[0].0, 3);
    assert!(report.rejected[0].1.starts_with("no name"), "{report:#?}");
    assert_eq!(
        report.skipped[0].2,
        "content/contacts/sanne.md has the same email"
    );
    assert_eq!(
        report.rejected[1],
        (
            5,
            "Ben Okafor: `ben at example.com` is not an email address".to_string()
        )
    );
}

#[test]
fn any_spreadsheet_with_a_map_in_excel_encodings() {
    let dir = contacts_site();
    // Excel's "CSV" on a German Windows: Windows-1252, semicolons.
    let cp1252 = b"Vollst\xe4ndiger Name;E-Mail;Firma\r\nJ\xfcrgen Wei\xdf;juergen@example.com;Fjord Analytics\r\n";
    let path = dir.path().join("excel.csv");
    std::fs::write(&path, cp1252).unwrap();
    let map = "name=Vollständiger Name,email=E-Mail,company=Firma";
    let report = spreadsheet::import(&options(dir.path()), &path, Some(map), false).unwrap();
    assert_eq!(
        created(&report),
        vec![(2, "content/contacts/jurgen-weiss.md".into())]
    );
    let j = read(dir.path(), "content/contacts/jurgen-weiss.md");
    assert!(
        j.contains("name: Jürgen Weiß") && j.contains("company: fjord") && j.contains("- csv"),
        "{j}"
    );
    // Excel's "Unicode Text": UTF-16 with a BOM, tabs.
    let text = "Name\tEmail\nMaría Pérez\tmaria@example.com\n";
    let utf16: Vec<u8> = [0xFF, 0xFE]
        .into_iter()
        .chain(text.encode_utf16().flat_map(u16::to_le_bytes))
        .collect();
    let path = dir.path().join("unicode.txt");
    std::fs::write(&path, utf16).unwrap();
    let report = spreadsheet::import(&options(dir.path()), &path, None, false).unwrap();
    assert_eq!(
        created(&report),
        vec![(2, "content/contacts/maria-perez.md".into())]
    );
    // A map naming a column the file does not have is an error naming the columns.
    let e =
        spreadsheet::import(&options(dir.path()), &path, Some("name=Full Name"), true).unwrap_err();
    assert!(
        e.to_string().contains("no column `Full Name`") && e.to_string().contains("Name, Email"),
        "{e}"
    );
}

#[test]
fn imported_names_keep_their_parts_in_the_vcard_export() {
    let dir = contacts_site();
    vcard::import(&options(dir.path()), &fixture("iphone.vcf"), false).unwrap();
    let built = build(dir.path());
    let vcf = page(&built, "contacts.vcf");
    assert!(
        vcf.contains("FN:Kenji Watanabe\\, PhD\r\nN:Watanabe;Kenji;;;PhD\r\n"),
        "{vcf}"
    );
    assert!(
        vcf.contains("N:;Sanne de Vries;;;"),
        "no guess without the parts: {vcf}"
    );
}

#[test]
fn the_import_commands_run_from_the_command_line() {
    let dir = contacts_site();
    let run = |args: &[&str]| {
        std::process::Command::new(env!("CARGO_BIN_EXE_coffeechat"))
            .args(args)
            .arg("--root")
            .arg(dir.path())
            .output()
            .unwrap()
    };
    let vcf = fixture("iphone.vcf");
    let out = run(&["import", "vcard", vcf.to_str().unwrap(), "--dry-run"]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        stdout.contains(
            "line 21: skipped Sanne de Vries: content/contacts/sanne.md has the same email"
        ),
        "{stdout}"
    );
    let csv = fixture("google.csv");
    let out = run(&[
        "import",
        "csv",
        csv.to_str().unwrap(),
        "--map",
        "nmae=First Name",
    ]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("did you mean `name`"));
}

#[test]
fn serve_rebuilds_the_notes_that_embed_an_edited_body_and_its_new_tags() {
    let dir = site("vault");
    let mut session = coffeechat::serve::incremental::Session::new(options(dir.path()));
    session.rebuild(&[]).unwrap();
    let jose = "content/contacts/jnunez.md";
    let text = read(dir.path(), jose).replace(
        "José leads the data team.",
        "José now leads research. #speaker",
    );
    write(dir.path(), jose, &text);
    session.rebuild(&[dir.path().join(jose)]).unwrap();
    let full = build(dir.path());
    for path in [
        "pages/vault-tour/index.html",
        "tags/speaker/index.html",
        "tags/index.html",
    ] {
        let served = session
            .output()
            .get(path)
            .map(|b| String::from_utf8_lossy(b).into_owned());
        assert_eq!(
            served.as_deref(),
            Some(page(&full, path).as_str()),
            "{path}"
        );
    }
}

#[test]
fn an_embed_of_a_heading_shows_its_section() {
    let dir = site("vault");
    write(
        dir.path(),
        "content/pages/s.md",
        "---\ntitle: S\n---\n![[José Núñez#Advice]]\n",
    );
    let built = build(dir.path());
    let html = page(&built, "pages/s/index.html");
    assert!(html.contains("<mark>on-call rotation</mark>"), "{html}");
    assert!(
        !html.contains("Started in support.") && !html.contains("leads the data team"),
        "{html}"
    );
}

// ---- Nothing dropped in silence ----------------------------------------------

/// Every note file outside dot-folders is a page of the build or is named
/// in a diagnostic.
fn assert_every_note_accounted(root: &Path) {
    let built = build(root);
    let named: Vec<String> = built
        .diagnostics
        .iter()
        .map(|d| d.file.to_string_lossy().replace('\\', "/"))
        .collect();
    let pages: Vec<String> = built
        .output
        .files
        .iter()
        .filter(|(p, _)| p.ends_with("index.html"))
        .map(|(_, b)| String::from_utf8_lossy(b).into_owned())
        .collect();
    let content = root.join("content");
    let mut stack = vec![content.clone()];
    let mut seen = 0;
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap().map(Result::unwrap) {
            let name = entry.file_name().to_string_lossy().into_owned();
            if name.starts_with('.') {
                continue; // never read, by design: .obsidian/, .trash/, lock files
            }
            if entry.path().is_dir() {
                stack.push(entry.path());
                continue;
            }
            let rel = entry
                .path()
                .strip_prefix(root)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            let text = std::fs::read_to_string(entry.path()).unwrap();
            // The title or name the note gives, as its page shows it.
            let title = text
                .lines()
                .find_map(|l| {
                    l.strip_prefix("title = ")
                        .or(l.strip_prefix("title: "))
                        .or(l.strip_prefix("name: "))
                })
                .map(|t| t.trim_matches('"').to_string())
                .unwrap_or_else(|| {
                    name.rsplit_once('.')
                        .map_or(name.clone(), |(stem, _)| stem.to_string())
                });
            let shown = pages
                .iter()
                .any(|p| p.contains(&format!("<h1>{title}</h1>")));
            assert!(
                shown || named.contains(&rel),
                "{rel} is neither a page nor in a diagnostic"
            );
            seen += 1;
        }
    }
    assert!(seen > 3, "the fixture has notes");
}

#[test]
fn every_note_of_the_fixtures_is_a_page_or_a_diagnostic() {
    for fixture in ["vault", "hugo"] {
        assert_every_note_accounted(site(fixture).path());
    }
}

#[test]
fn serve_ignores_a_vault_s_own_files_and_reads_other_extensions() {
    let dir = site("vault");
    let session = coffeechat::serve::incremental::Session::new(options(dir.path()));
    let root = dir.path();
    assert!(session.is_ignored(&root.join("content/.obsidian/workspace.json")));
    assert!(session.is_ignored(&root.join("content/pages/.trash/old.md")));
    assert!(!session.is_ignored(&root.join("content/pages/notes.markdown")));
    assert!(session.is_note(&root.join("content/pages/notes.markdown")));
    assert!(session.is_note(&root.join("content/pages/README.MD")));
    assert!(!session.is_note(&root.join("content/pages/.trash/old.md")));
}

#[test]
fn serve_sees_a_static_file_an_embed_shows_go_away() {
    let dir = site("vault");
    // A body that shows the image and embeds no note.
    write(
        dir.path(),
        "content/pages/photo.md",
        "---\ntitle: Photo\n---\n![[team photo.png]]\n",
    );
    let mut session = coffeechat::serve::incremental::Session::new(options(dir.path()));
    session.rebuild(&[]).unwrap();
    let photo = dir.path().join("static/img/team photo.png");
    std::fs::remove_file(&photo).unwrap();
    match session.rebuild(&[photo]) {
        Err(coffeechat::Error::Diagnostics(d)) => {
            let photo_page = Path::new("content/pages/photo.md");
            assert!(
                d.iter()
                    .any(|d| d.code == "missing-file" && d.file == photo_page),
                "{d:#?}"
            )
        }
        other => panic!(
            "the missing image went unnoticed: {:?}",
            other.map(|r| r.full)
        ),
    }
}
