//! The fuzz corpus as regression tests: every saved input under
//! fuzz/corpus/<target>/ runs through the same function as its fuzz target
//! (fuzz/src/lib.rs), so anything fuzzing once found stays fixed without
//! a nightly compiler. See fuzz/README.md for running the fuzzers.

#[path = "../../fuzz/src/lib.rs"]
mod targets;

use std::path::Path;

/// Runs `target` on every file of `fuzz/corpus/<name>`, naming the input
/// that fails.
fn run_corpus(name: &str, target: fn(&[u8])) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fuzz/corpus")
        .join(name);
    let mut inputs: Vec<_> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.expect("corpus entry").path())
        .collect();
    inputs.sort();
    assert!(!inputs.is_empty(), "an empty corpus tests nothing: {name}");
    for input in inputs {
        let data = std::fs::read(&input).expect("corpus file");
        let outcome = std::panic::catch_unwind(|| target(&data));
        assert!(
            outcome.is_ok(),
            "fuzz/corpus/{name}/{} fails",
            input.file_name().unwrap_or_default().to_string_lossy()
        );
    }
}

#[test]
fn frontmatter_corpus() {
    run_corpus("frontmatter", targets::frontmatter);
}

#[test]
fn markdown_corpus() {
    run_corpus("markdown", targets::markdown);
}

#[test]
fn site_corpus() {
    run_corpus("site", targets::site);
}

/// The targets check what they claim: an input that breaks a rule fails.
#[test]
#[should_panic(expected = "passed through")]
fn the_markdown_target_catches_raw_html() {
    targets::assert_no_raw_tags("<p><script>alert(1)</script></p>");
}

#[test]
#[should_panic(expected = "event handler")]
fn the_markdown_target_catches_event_handlers() {
    targets::assert_no_raw_tags("<p><img src=\"a.png\" onerror=\"alert(1)\"></p>");
}

#[test]
#[should_panic(expected = "<svg> passed through")]
fn the_markdown_target_catches_svg() {
    targets::assert_no_raw_tags("<p><svg></svg></p>");
}

#[test]
#[should_panic(expected = "passed through")]
fn the_markdown_target_catches_script_links() {
    targets::assert_no_raw_tags("<p><a href=\"JavaScript:alert(1)\">x</a></p>");
}

#[test]
#[should_panic(expected = "inside another")]
fn the_markdown_target_catches_nested_links() {
    targets::assert_no_raw_tags("<p><a href=\"/a/\"><a href=\"/b/\">x</a></a></p>");
}

#[test]
fn the_markdown_target_passes_what_the_renderer_writes() {
    targets::assert_no_raw_tags(
        "<h2 id=\"a\">A</h2><p><a href=\"/prep/contacts/ana-lima/\">Ana</a> <a href=\"https://example.com/?q=1\">x</a> <img src=\"pic.png\" alt=\"i\"> &lt;script&gt;</p><input type=\"checkbox\" disabled aria-label=\"done\">",
    );
}
