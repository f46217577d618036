//! Splitting a note into front matter and body, and reading YAML.
//!
//! This is the only module that names `serde_yaml`, so the YAML library can
//! be swapped by changing this file alone.

use serde::de::DeserializeOwned;

/// A note's text cut in two. Line numbers are 1-based lines of the file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Split<'a> {
    /// The YAML between the `---` lines (without them).
    pub yaml: &'a str,
    /// The file line on which `yaml` starts.
    pub yaml_line: usize,
    pub body: &'a str,
    /// The file line on which `body` starts.
    pub body_line: usize,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SplitError {
    /// The file does not start with a `---` line.
    Missing,
    /// The opening `---` has no closing `---`.
    NotClosed,
}

/// Cuts `text` at the front matter fences. A leading BOM and CRLF line ends
/// are accepted; the closing fence may also be `...`, as in YAML itself.
pub fn split(text: &str) -> Result<Split<'_>, SplitError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut lines = text.split_inclusive('\n');
    let first = lines.next().ok_or(SplitError::Missing)?;
    if first.trim_end() != "---" {
        return Err(SplitError::Missing);
    }
    let start = first.len();
    let mut offset = start;
    for (line, l) in (2..).zip(lines) {
        let fence = l.trim_end();
        if fence == "---" || fence == "..." {
            return Ok(Split {
                yaml: &text[start..offset],
                yaml_line: 2,
                body: &text[offset + l.len()..],
                body_line: line + 1,
            });
        }
        offset += l.len();
    }
    Err(SplitError::NotClosed)
}

/// A YAML error with its position in the file (not in the YAML snippet).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct YamlError {
    pub message: String,
    pub line: usize,
    pub column: usize,
}

/// Parses `yaml` that starts on file line `first_line` into `T`.
pub fn from_yaml<T: DeserializeOwned>(yaml: &str, first_line: usize) -> Result<T, YamlError> {
    // An empty front matter is an empty map, not YAML's null.
    let yaml = if yaml.trim().is_empty() { "{}" } else { yaml };
    serde_yaml::from_str(yaml).map_err(|e| {
        let (line, column) = e
            .location()
            .map(|l| (l.line() + first_line - 1, l.column()))
            .unwrap_or((first_line, 0));
        YamlError {
            message: clean_message(&e.to_string()),
            line,
            column,
        }
    })
}

/// serde_yaml appends " at line X column Y" to messages; we report the
/// position ourselves, shifted to the file, so that part would mislead.
fn clean_message(message: &str) -> String {
    match message.find(" at line ") {
        Some(i) => message[..i].to_string(),
        None => message.to_string(),
    }
}

/// The top-level keys of a block-style YAML mapping, with their file lines.
/// Used to point at a field and to warn about unknown keys without parsing
/// the YAML a second time.
pub fn top_level_keys(yaml: &str, first_line: usize) -> Vec<(&str, usize)> {
    yaml.lines()
        .enumerate()
        .filter_map(|(i, l)| key_of(l).map(|k| (k, first_line + i)))
        .collect()
}

fn key_of(line: &str) -> Option<&str> {
    let first = line.chars().next()?;
    if !(first.is_ascii_alphabetic() || first == '_' || first == '"' || first == '\'') {
        return None;
    }
    let colon = line.find(':')?;
    let key = line[..colon].trim().trim_matches(|c| c == '"' || c == '\'');
    let after = &line[colon + 1..];
    (after.is_empty() || after.starts_with([' ', '\t'])).then_some(key)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_with_bom_and_crlf() {
        let s = split("\u{feff}---\r\nname: A\r\n---\r\nbody\r\n").unwrap();
        assert_eq!(s.yaml, "name: A\r\n");
        assert_eq!(s.body, "body\r\n");
        assert_eq!(s.body_line, 4);
    }

    #[test]
    fn reports_missing_and_unclosed() {
        assert_eq!(split("hello"), Err(SplitError::Missing));
        assert_eq!(split("---\nname: A\n"), Err(SplitError::NotClosed));
    }

    #[test]
    fn yaml_error_lines_are_file_lines() {
        let err = from_yaml::<serde_json::Value>("a: 1\nb: [\n", 2).unwrap_err();
        assert!(err.line >= 3, "{err:?}");
    }

    #[test]
    fn finds_top_level_keys() {
        let keys = top_level_keys("name: A\ntags:\n  - x\n\"slug\": b\n# c: no\n", 2);
        assert_eq!(keys, vec![("name", 2), ("tags", 3), ("slug", 5)]);
    }
}
