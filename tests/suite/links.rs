//! Every internal link of a built site resolves to a generated file, and
//! every fragment to an element id on that page.

use crate::common;
use coffeechat::output::Output;
use coffeechat::Options;
use std::collections::BTreeSet;

fn attribute_values<'a>(html: &'a str, attribute: &str) -> Vec<&'a str> {
    let needle = format!(" {attribute}=\"");
    html.match_indices(&needle)
        .filter_map(|(i, _)| {
            let rest = &html[i + needle.len()..];
            rest.find('"').map(|end| &rest[..end])
        })
        .collect()
}

fn ids(html: &str) -> BTreeSet<&str> {
    attribute_values(html, "id").into_iter().collect()
}

/// Checks all links of `output` served under `base` (e.g. `/prep/`).
fn check_links(output: &Output, base: &str) -> Vec<String> {
    let mut broken = Vec::new();
    let mut checked = 0;
    for (path, bytes) in &output.files {
        if !path.ends_with(".html") {
            continue;
        }
        let html = std::str::from_utf8(bytes).expect("utf-8");
        for url in attribute_values(html, "href")
            .into_iter()
            .chain(attribute_values(html, "src"))
        {
            let url = url.replace("&amp;", "&");
            if url.starts_with("http://")
                || url.starts_with("https://")
                || url.starts_with("mailto:")
            {
                continue;
            }
            checked += 1;
            let (target, fragment) = match url.split_once('#') {
                Some((t, f)) => (t.to_string(), Some(f.to_string())),
                None => (url.clone(), None),
            };
            let file = if target.is_empty() {
                path.clone()
            } else if let Some(rel) = target.strip_prefix(base) {
                if rel.is_empty() || rel.ends_with('/') {
                    format!("{rel}index.html")
                } else {
                    rel.to_string()
                }
            } else {
                broken.push(format!("{path}: {url} is not under {base}"));
                continue;
            };
            match output.get(&file) {
                None => broken.push(format!("{path}: {url} → no file {file}")),
                Some(target_bytes) => {
                    if let Some(f) = fragment.filter(|f| !f.is_empty()) {
                        let target_html = std::str::from_utf8(target_bytes).unwrap_or("");
                        if !ids(target_html).contains(f.as_str()) {
                            broken.push(format!("{path}: {url} → no id {f} in {file}"));
                        }
                    }
                }
            }
        }
    }
    assert!(checked > 0, "no internal link was checked");
    broken
}

#[test]
fn demo_site_has_no_broken_internal_links() {
    let options = Options {
        root: env!("CARGO_MANIFEST_DIR").into(),
        today: Some("2026-11-22".parse().expect("date")),
        ..Options::default()
    };
    let built = coffeechat::generate(&options).expect("the demo site builds");
    assert!(
        built.diagnostics.is_empty(),
        "the demo has warnings:\n{}",
        common::render(&built.diagnostics)
    );
    let broken = check_links(&built.output, "/prep/");
    assert!(broken.is_empty(), "broken links:\n{}", broken.join("\n"));
}

#[test]
fn fixture_site_has_no_broken_links_at_root_or_under_a_path() {
    let f = common::Fixture::small();
    let broken = check_links(&f.generate().output, "/prep/");
    assert!(broken.is_empty(), "{}", broken.join("\n"));
    let mut options = f.options();
    options.base_url = Some("https://example.com".into());
    let built = coffeechat::generate(&options).expect("build");
    let broken = check_links(&built.output, "/");
    assert!(broken.is_empty(), "{}", broken.join("\n"));
}

#[test]
fn the_checker_catches_a_broken_link() {
    let mut output = Output::default();
    output.insert(
        "index.html",
        r#"<a href="/prep/missing/">x</a><a href="/prep/#nope">y</a>"#,
    );
    assert_eq!(check_links(&output, "/prep/").len(), 2);
}
