//! docs/diagnostics.md lists every diagnostic code the code can emit, and
//! no code that does not exist.

use std::collections::BTreeSet;
use std::path::Path;

/// Codes passed to `Diagnostic::error(`, `Diagnostic::warning(` or a
/// note reader's `self.error(`, and the codes returned from message
/// functions as `("code", ...)`: the first string literal after each.
fn codes_in_source() -> BTreeSet<String> {
    let mut codes = BTreeSet::new();
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let sources = crate::common::files_under(&src);
    for entry in sources
        .iter()
        .filter(|p| p.extension().is_some_and(|e| e == "rs"))
    {
        let text = std::fs::read_to_string(entry).expect("read source");
        // Unit tests make up codes of their own.
        let text = text.split("#[cfg(test)]").next().unwrap_or_default();
        for call in ["Diagnostic::error(", "Diagnostic::warning(", "self.error("] {
            for (at, _) in text.match_indices(call) {
                if let Some(code) = first_literal(&text[at + call.len()..]) {
                    codes.insert(code);
                }
            }
        }
        // A message function's `(code, message, hint)`, returned: a line
        // ending in `return (` or `=> (`, or a `(` alone after a statement
        // (the function's tail), then the code and a comma. Such functions
        // word the YAML errors, in read/ (elsewhere, tuples are not codes).
        if !entry.starts_with(src.join("read")) {
            continue;
        }
        let lines: Vec<&str> = text.lines().map(str::trim).collect();
        for w in lines.windows(3) {
            let opens = w[1].ends_with("return (")
                || w[1].ends_with("=> (")
                || (w[1] == "(" && w[0].ends_with(';'));
            let Some(literal) = w[2].strip_suffix(',') else {
                continue;
            };
            if opens && literal.ends_with('"') {
                if let Some(code) = first_literal(literal) {
                    codes.insert(code);
                }
            }
        }
    }
    codes
}

/// The string literal the argument list starts with, if it is a code.
fn first_literal(rest: &str) -> Option<String> {
    let rest = rest.trim_start().strip_prefix('"')?;
    let code = &rest[..rest.find('"')?];
    let is_code = !code.is_empty()
        && code
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
    is_code.then(|| code.to_string())
}

/// The codes in the first column of the tables of the docs' Codes section.
fn codes_in_docs() -> BTreeSet<String> {
    let docs = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/diagnostics.md");
    let text = std::fs::read_to_string(docs).expect("docs/diagnostics.md");
    let codes_section = text.split("## Codes").nth(1).expect("a Codes section");
    let mut codes = BTreeSet::new();
    for line in codes_section.lines() {
        let Some(first) = line.strip_prefix("| `") else {
            continue;
        };
        let cell = first.split(" |").next().unwrap_or_default();
        for code in cell.split(", ") {
            codes.insert(code.trim_matches('`').to_string());
        }
    }
    codes
}

#[test]
fn every_code_is_documented_and_every_documented_code_exists() {
    let in_source = codes_in_source();
    let in_docs = codes_in_docs();
    let undocumented: Vec<_> = in_source.difference(&in_docs).collect();
    let unknown: Vec<_> = in_docs.difference(&in_source).collect();
    assert!(
        undocumented.is_empty() && unknown.is_empty(),
        "not in docs/diagnostics.md: {undocumented:?}; documented but never emitted: {unknown:?}"
    );
    assert!(in_source.len() > 30, "{in_source:?}");
    // Two codes only message functions return, found as such.
    for code in ["wrong-type", "duplicate-key"] {
        assert!(in_source.contains(code), "{code} not found in src/");
    }
}
