//! `check` reads the site's GitHub workflows: an action major that still
//! runs on Node 20, which GitHub has deprecated, is a warning naming the
//! major that runs on Node 24.

use crate::diagnostics::Diagnostic;
use std::path::Path;

/// The first major of each action that runs on Node 24.
pub const NODE24_MAJORS: &[(&str, u32)] = &[
    ("actions/checkout", 6),
    ("actions/configure-pages", 6),
    ("actions/upload-pages-artifact", 5),
    ("actions/deploy-pages", 5),
    ("actions/cache", 5),
];

/// Warnings for every `uses:` of `root/.github/workflows/*.yml` below its
/// Node 24 major.
pub(crate) fn check(root: &Path) -> Vec<Diagnostic> {
    let dir = root.join(".github/workflows");
    let Ok(entries) = std::fs::read_dir(&dir) else {
        return Vec::new();
    };
    let mut files: Vec<_> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "yml" || e == "yaml"))
        .collect();
    files.sort();
    let mut found = Vec::new();
    for file in files {
        let Ok(text) = std::fs::read_to_string(&file) else {
            continue;
        };
        let shown = file.strip_prefix(root).unwrap_or(&file);
        for (n, line) in text.lines().enumerate() {
            if let Some(d) = old_action(line, shown, n + 1) {
                found.push(d);
            }
        }
    }
    found
}

fn old_action(line: &str, file: &Path, number: usize) -> Option<Diagnostic> {
    let at = line.find("uses:")?;
    let value = line[at + 5..].trim().trim_matches(['"', '\'']);
    let (action, version) = value.split_once('@')?;
    let major: u32 = version
        .trim_start_matches('v')
        .split('.')
        .next()?
        .parse()
        .ok()?;
    let (_, node24) = NODE24_MAJORS.iter().find(|(a, _)| *a == action)?;
    (major < *node24).then(|| {
        let column = line[..at].chars().count() + 1;
        Diagnostic::warning(
            "node20-action",
            file,
            format!("`{action}@{version}` runs on Node 20, which GitHub has deprecated"),
        )
        .at((number, column))
        .width(line[at..].trim_end().chars().count())
        .hint(format!("use `{action}@v{node24}`, which runs on Node 24"))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn old_majors_are_named_with_their_successor() {
        let file = Path::new(".github/workflows/pages.yml");
        let d = old_action("      - uses: actions/checkout@v4", file, 7).expect("a warning");
        assert_eq!((d.line, d.column), (7, 9));
        assert_eq!(
            d.hint.as_deref(),
            Some("use `actions/checkout@v6`, which runs on Node 24")
        );
        assert!(old_action("        uses: actions/deploy-pages@v5", file, 1).is_none());
        assert!(old_action("        uses: 'actions/cache@v5.1.0'", file, 1).is_none());
        assert!(old_action("        uses: someone/else@v1", file, 1).is_none());
        assert!(old_action("        uses: actions/upload-pages-artifact@v3", file, 1).is_some());
    }
}
