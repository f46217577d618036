//! What each fuzz target does with its input. tests/suite/fuzz_corpus.rs runs
//! the saved corpus through these same functions in `cargo test`, so this
//! file uses only coffeechat, jiff, serde_json and tempfile (dependencies
//! of the main crate too).

use coffeechat::read::config::Config;
use coffeechat::read::discover::Collection;
use std::path::{Path, PathBuf};

const CONFIG: &str = "title: Fuzz\nbase_url: https://user.github.io/prep/\n";

fn config() -> Config {
    // The fixed configuration above is valid; a failure is a bug to find.
    Config::parse(CONFIG, Path::new("coffeechat.yaml")).expect("the fuzz configuration parses")
}

/// Front matter splitting, YAML reading and note checking, for every
/// collection: any bytes give a note or diagnostics, never a panic.
pub fn frontmatter(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(split) = coffeechat::read::frontmatter::split(text) {
        assert!(split.yaml_line >= 1 && split.body_line > split.yaml_line);
        let (_, errors) =
            coffeechat::read::frontmatter::from_yaml_lenient::<serde_json::Value>(split.yaml, 2);
        for e in errors {
            assert!(e.line >= 1, "{e:?}");
        }
    }
    let config = config();
    for collection in Collection::ALL {
        let path = PathBuf::from(format!("content/{}/fuzz.md", collection.dir()));
        let parsed = coffeechat::read::note::parse(collection, path, text.to_string(), &config);
        assert!(parsed.note.is_some() || parsed.diagnostics.iter().any(|d| d.is_error()));
        for d in &parsed.diagnostics {
            assert!(d.line >= 1, "{d}");
        }
    }
}

/// The Markdown and wikilink pass over any body, with a few notes to link
/// to: the HTML never carries a raw tag from the input.
pub fn markdown(data: &[u8]) {
    let Ok(body) = std::str::from_utf8(data) else {
        return;
    };
    let config = config();
    let mut notes = Vec::new();
    for (collection, slug, front) in [
        (Collection::Contacts, "ana-lima", "name: Ana Lima\n"),
        (Collection::Companies, "acme", "name: Acme\n"),
        (Collection::Pages, "fuzz", "title: Fuzz\n"),
    ] {
        let path = PathBuf::from(format!("content/{}/{slug}.md", collection.dir()));
        let text = format!("---\n{front}---\n{body}");
        if let Some(note) = coffeechat::read::note::parse(collection, path, text, &config).note {
            notes.push(note);
        }
    }
    let index = coffeechat::graph::Index::build(&notes, &[]);
    let urls = coffeechat::pages::urls::Urls::new(&config.base_url.path);
    let note_urls: Vec<String> = notes.iter().map(|n| urls.note(n)).collect();
    for note in &notes {
        let rendered = coffeechat::markdown::render(note, &notes, &index, &note_urls);
        assert_no_raw_tags(&rendered.html);
        for d in &rendered.diagnostics {
            assert!(d.line >= note.body_line, "{d}");
        }
    }
}

/// A whole site from one input: the bytes are cut at each `\0` into notes;
/// each note's first byte picks its collection and file name. The site is
/// written to a temporary folder and generated.
pub fn site(data: &[u8]) {
    let dir = match tempfile::tempdir() {
        Ok(d) => d,
        Err(_) => return,
    };
    let root = dir.path();
    let written = std::fs::write(root.join("coffeechat.yaml"), CONFIG).is_ok()
        && data
            .split(|b| *b == 0)
            .take(16)
            .enumerate()
            .all(|(i, chunk)| {
                let (pick, text) = chunk.split_first().unwrap_or((&0, &[]));
                let collection = Collection::ALL[usize::from(*pick) % Collection::ALL.len()];
                let names = ["ana-lima", "acme", "career", "x", "Ana-Lima"];
                let name = names[usize::from(*pick / 8) % names.len()];
                let folder = root.join("content").join(collection.dir());
                let file = folder.join(format!("{name}-{}.md", i % 3));
                std::fs::create_dir_all(&folder).is_ok() && std::fs::write(file, text).is_ok()
            });
    if !written {
        return;
    }
    let options = coffeechat::Options {
        root: root.to_path_buf(),
        today: Some(jiff_today()),
        ..coffeechat::Options::default()
    };
    match coffeechat::generate(&options) {
        Ok(built) => {
            for path in built.output.files.keys() {
                assert!(
                    coffeechat::output::safe_join(Path::new("/out"), path).is_ok(),
                    "{path}"
                );
            }
        }
        Err(coffeechat::Error::Diagnostics(d)) => {
            assert!(d.iter().any(|d| d.is_error()));
        }
        Err(e) => panic!("{e}"),
    }
}

fn jiff_today() -> jiff::civil::Date {
    jiff::civil::date(2026, 11, 22)
}

/// Fails if `html` holds a tag that can run script: raw HTML from a note
/// must have been escaped. Every `<` left in the output opens a tag the
/// renderer wrote, so each tag is read and checked: no element that runs
/// or styles (`script`, `iframe`, `svg`, `style`...), no event-handler
/// attribute, no `javascript:` (or other non-web) link, and no `<a>`
/// inside another.
pub fn assert_no_raw_tags(html: &str) {
    let lower = html.to_ascii_lowercase();
    let mut open_links = 0usize;
    let mut rest = lower.as_str();
    while let Some(start) = rest.find('<') {
        let tag_end = rest[start..].find('>').map_or(rest.len(), |e| start + e);
        let tag = &rest[start + 1..tag_end];
        check_tag(tag, html);
        if tag == "a" || tag.starts_with("a ") {
            open_links += 1;
            assert!(
                open_links == 1,
                "an <a> inside another passed through: {html}"
            );
        } else if tag == "/a" {
            open_links = open_links.saturating_sub(1);
        }
        rest = &rest[tag_end.min(rest.len())..];
        if rest.is_empty() {
            break;
        }
        rest = &rest[1.min(rest.len())..];
    }
}

fn check_tag(tag: &str, html: &str) {
    let name: String = tag
        .trim_start_matches('/')
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric())
        .collect();
    const RUNS: [&str; 12] = [
        "script", "iframe", "svg", "style", "object", "embed", "math", "form", "base", "meta",
        "link", "frame",
    ];
    assert!(
        !RUNS.contains(&name.as_str()),
        "<{name}> passed through: {html}"
    );
    for (key, value) in attributes(&tag[name.len().min(tag.len())..]) {
        assert!(
            !(key.starts_with("on") && key.len() > 2),
            "event handler {key} passed through: {html}"
        );
        if key == "href" || key == "src" {
            let value = value.trim();
            let scheme = value.split_once(':').map(|(s, _)| s);
            // A scheme starts with a letter and holds no other signs than
            // `+-.` (WHATWG URL): `10:30.html` and `a b:c` are paths.
            let not_a_scheme = |s: &str| {
                !s.starts_with(|c: char| c.is_ascii_alphabetic())
                    || s.contains(|c: char| !(c.is_ascii_alphanumeric() || "+-.\t\n\r".contains(c)))
            };
            let web = value.starts_with(['/', '#', '.'])
                || matches!(
                    scheme,
                    None | Some("http" | "https" | "mailto" | "tel" | "sms")
                )
                || scheme.is_some_and(not_a_scheme);
            assert!(web, "the link {value} passed through: {html}");
        }
    }
}

/// The `key="value"` pairs of a tag's text after its name (values quoted
/// with `"` or `'`, or bare).
fn attributes(mut rest: &str) -> Vec<(&str, &str)> {
    let mut found = Vec::new();
    loop {
        rest = rest.trim_start_matches(|c: char| c.is_ascii_whitespace() || c == '/');
        if rest.is_empty() {
            return found;
        }
        let key_end = rest
            .find(|c: char| c.is_ascii_whitespace() || c == '=')
            .unwrap_or(rest.len());
        let key = &rest[..key_end];
        rest = &rest[key_end..];
        let mut value = "";
        if let Some(after) = rest.trim_start().strip_prefix('=') {
            let after = after.trim_start();
            let (v, tail) = match after.chars().next() {
                Some(q @ ('"' | '\'')) => {
                    let inner = &after[1..];
                    let close = inner.find(q).unwrap_or(inner.len());
                    (&inner[..close], &inner[(close + 1).min(inner.len())..])
                }
                _ => {
                    let end = after
                        .find(|c: char| c.is_ascii_whitespace())
                        .unwrap_or(after.len());
                    (&after[..end], &after[end..])
                }
            };
            value = v;
            rest = tail;
        }
        if key.is_empty() {
            rest = &rest[1.min(rest.len())..];
        } else {
            found.push((key, value));
        }
    }
}
