//! Theme layers: site templates over a theme over the embedded default.

use crate::common;
use crate::common::{page, Fixture};
use std::path::Path;

fn with_theme(f: &Fixture, theme: &str) {
    f.write(
        "coffeechat.yaml",
        &format!("{}theme: {theme}\n", common::CONFIG),
    );
}

#[test]
fn a_theme_overrides_one_template_and_one_css_file() {
    let plain = Fixture::small().generate();
    let f = Fixture::small();
    with_theme(&f, "mine");
    f.write(
        "themes/mine/templates/company.html",
        "{% extends \"default/company.html\" %}{% block content %}<p class=\"from-theme\">Theme says hi</p>{{ super() }}{% endblock content %}",
    );
    f.write(
        "themes/mine/static/style.css",
        "body { color: rebeccapurple; }\n",
    );
    let built = f.generate();
    let company = page(&built, "companies/acme/index.html");
    assert!(
        company.contains("Theme says hi"),
        "the theme's template is used"
    );
    assert!(
        company.contains("Acme builds warehouse robots"),
        "and extends the default one"
    );
    assert_eq!(
        built.output.get("style.css"),
        Some(&b"body { color: rebeccapurple; }\n"[..])
    );
    assert_eq!(
        built.output.get("syntax.css"),
        plain.output.get("syntax.css"),
        "other static files stay"
    );
    assert_eq!(
        built.output.get("contacts/ana-lima/index.html"),
        plain.output.get("contacts/ana-lima/index.html"),
        "pages the theme does not touch are unchanged"
    );
}

#[test]
fn site_templates_override_the_theme_and_can_extend_it() {
    let f = Fixture::small();
    with_theme(&f, "mine");
    f.write("themes/mine/templates/base.html", "{% extends \"default/base.html\" %}{% block head %}<meta name=\"layer\" content=\"theme\">{% endblock head %}");
    f.write("templates/company.html", "{% extends \"theme/base.html\" %}{% block content %}SITE {{ company.name }}{% endblock content %}");
    f.write("static/extra.txt", "site static");
    let built = f.generate();
    let company = page(&built, "companies/acme/index.html");
    assert!(company.contains("SITE Acme Robotics"));
    assert!(
        company.contains(r#"<meta name="layer" content="theme">"#),
        "the theme's base is extended"
    );
    let contact = page(&built, "contacts/ana-lima/index.html");
    assert!(
        contact.contains(r#"content="theme""#),
        "default pages pick up the theme's base.html"
    );
    assert_eq!(built.output.get("extra.txt"), Some(&b"site static"[..]));
}

#[test]
fn front_matter_picks_another_template() {
    let f = Fixture::small();
    f.write(
        "templates/spotlight.html",
        "SPOTLIGHT {{ contact.name }} {{ note.extra.color }}",
    );
    f.write(
        "content/contacts/dara-singh.md",
        "---\nname: Dara Singh\ntemplate: spotlight.html\nextra:\n  color: teal\n---\n",
    );
    let built = f.generate();
    assert_eq!(
        page(&built, "contacts/dara-singh/index.html"),
        "SPOTLIGHT Dara Singh teal"
    );
}

#[test]
fn a_missing_template_names_the_note() {
    let f = Fixture::small();
    f.write(
        "content/contacts/dara-singh.md",
        "---\nname: Dara Singh\nsource: friend\ntemplate: nope.html\n---\n",
    );
    let errors = f.errors();
    let e = &errors[0];
    assert_eq!(e.file, Path::new("content/contacts/dara-singh.md"));
    assert_eq!(e.line, 4);
    assert!(e.message.contains("nope.html"), "{e}");
}

/// A build forgets where each front matter key is once its analysis is
/// done, but `template:`, which a page's error still points at.
#[test]
fn a_build_names_the_line_of_a_missing_template() {
    let f = Fixture::small();
    f.write(
        "content/contacts/dara-singh.md",
        "---\nname: Dara Singh\nsource: friend\ntemplate: nope.html\n---\n",
    );
    let Err(coffeechat::Error::Diagnostics(errors)) = coffeechat::build(&f.options()) else {
        panic!("the build should fail with diagnostics");
    };
    let e = errors
        .iter()
        .find(|e| e.message.contains("nope.html"))
        .expect("the missing template is reported");
    assert_eq!(e.file, Path::new("content/contacts/dara-singh.md"));
    assert_eq!(e.line, 4, "{e}");
}

#[test]
fn template_errors_name_the_template_file_line_and_page() {
    let f = Fixture::small();
    f.write("templates/company.html", "{% extends \"default/base.html\" %}\n{% block content %}\n{{ company.name }}\n{{ company.no_such_field }}\n{% endblock content %}");
    let errors = f.errors();
    let e = &errors[0];
    assert_eq!(e.file, Path::new("templates/company.html"), "{e}");
    assert_eq!(e.line, 4, "{e}");
    assert!(e.message.contains("no_such_field"), "{e}");
    assert!(
        e.hint.as_deref().unwrap_or("").contains("/prep/companies/"),
        "names the page: {e}"
    );

    let f = Fixture::small();
    f.write("templates/broken.html", "line one\n{% if %}\n");
    let errors = f.errors();
    let e = &errors[0];
    assert_eq!(e.file, Path::new("templates/broken.html"), "{e}");
    assert_eq!(e.line, 2, "{e}");
}

#[test]
fn an_unknown_theme_is_an_error() {
    let f = Fixture::small();
    with_theme(&f, "ghost");
    let e = &f.errors()[0];
    assert!(e.message.contains("ghost"), "{e}");
}

fn copy_demo(to: &Path) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    std::fs::copy(root.join("coffeechat.yaml"), to.join("coffeechat.yaml")).expect("config");
    for entry in walkdir::WalkDir::new(root.join("content")) {
        let entry = entry.expect("walk");
        let rel = entry.path().strip_prefix(root).expect("inside");
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(to.join(rel)).expect("mkdir");
        } else {
            std::fs::copy(entry.path(), to.join(rel)).expect("copy");
        }
    }
}

#[test]
fn an_ejected_theme_builds_the_demo_byte_identically() {
    let dir = tempfile::tempdir().expect("tmp");
    copy_demo(dir.path());
    let options = coffeechat::Options {
        root: dir.path().to_path_buf(),
        today: Some("2026-11-22".parse().expect("date")),
        ..Default::default()
    };
    let embedded = coffeechat::generate(&options).expect("embedded build");
    let written = coffeechat::render::theme::eject(dir.path(), "mine").expect("eject");
    assert!(written.iter().any(|p| p.ends_with("templates/base.html")));
    assert!(written.iter().any(|p| p.ends_with("static/style.css")));
    let config = std::fs::read_to_string(dir.path().join("coffeechat.yaml")).expect("config");
    std::fs::write(
        dir.path().join("coffeechat.yaml"),
        format!("{config}\ntheme: mine\n"),
    )
    .expect("config");
    let ejected = coffeechat::generate(&options).expect("ejected build");
    assert_eq!(embedded.output.files.len(), ejected.output.files.len());
    for (path, bytes) in &embedded.output.files {
        assert!(
            ejected.output.get(path) == Some(bytes.as_slice()),
            "{path} differs"
        );
    }
    // A second eject refuses and leaves the edited files alone.
    std::fs::write(dir.path().join("themes/mine/static/style.css"), "edited").expect("edit");
    let err = coffeechat::render::theme::eject(dir.path(), "mine").expect_err("refuses");
    assert!(err.to_string().contains("never overwrites"), "{err}");
    assert_eq!(
        std::fs::read_to_string(dir.path().join("themes/mine/static/style.css")).expect("kept"),
        "edited"
    );
    let names: Vec<String> = coffeechat::render::theme::list(dir.path(), Some("mine"))
        .into_iter()
        .filter(|t| t.active)
        .map(|t| t.name)
        .collect();
    assert_eq!(names, ["mine"]);
}

#[test]
fn a_pack_template_can_test_for_sheets() {
    let f = Fixture::small();
    f.write(
        "templates/print.html",
        "{% if print.sheets %}[{{ print.sheets | safe }}]{% else %}none{% endif %}",
    );
    f.write("templates/print_sheet.html", "<p>{{ interview.title }}</p>");
    let built = f.generate();
    let all = common::page_of(&built.output, "print/next-week/index.html");
    assert!(all.starts_with("[<p>") && all.ends_with("</p>]"), "{all}");
    for path in [
        "content/interviews/2026-10-01-ana-lima.md",
        "content/interviews/2026-12-01-ben-okafor.md",
    ] {
        f.remove(path);
    }
    let built = f.generate();
    assert_eq!(
        common::page_of(&built.output, "print/next-week/index.html"),
        "none"
    );
}
