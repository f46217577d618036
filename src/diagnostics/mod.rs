//! Problems found in the notes, collected as values along the pipeline.
//!
//! A stage never stops at the first problem: it records a [`Diagnostic`]
//! and carries on, so `check` can report everything in one run. Whether a
//! build may go on is decided once, at the end, from the severities.

pub mod report;

use serde::{Serialize, Serializer};
use std::fmt;
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Warning,
    Error,
}

/// One problem, located in a file of the site.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    pub severity: Severity,
    /// A stable identifier, e.g. `unresolved-reference`, for editors and docs.
    pub code: &'static str,
    pub message: String,
    /// Path relative to the site root, with `/` separators.
    #[serde(serialize_with = "slash_path")]
    pub file: PathBuf,
    /// 1-based; 0 when the problem concerns the whole file.
    pub line: usize,
    /// 1-based, counted in characters; 0 when unknown.
    pub column: usize,
    pub hint: Option<String>,
    /// How many characters from `column` the problem covers (the value or
    /// key at fault), for the underline in the report; 0 marks a point.
    #[serde(skip)]
    pub width: usize,
}

/// A path as people and output files show it: `/` between its parts on
/// every platform, as editors, URLs and CSV readers expect.
pub fn slash(path: &Path) -> String {
    path.to_string_lossy().replace('\\', "/")
}

fn slash_path<S: Serializer>(path: &Path, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&slash(path))
}

impl Diagnostic {
    pub fn error(code: &'static str, file: &Path, message: impl Into<String>) -> Self {
        Self::new(Severity::Error, code, file, message)
    }

    pub fn warning(code: &'static str, file: &Path, message: impl Into<String>) -> Self {
        Self::new(Severity::Warning, code, file, message)
    }

    fn new(
        severity: Severity,
        code: &'static str,
        file: &Path,
        message: impl Into<String>,
    ) -> Self {
        Diagnostic {
            severity,
            code,
            message: message.into(),
            file: file.to_path_buf(),
            line: 0,
            column: 0,
            hint: None,
            width: 0,
        }
    }

    pub fn at(mut self, (line, column): (usize, usize)) -> Self {
        self.line = line;
        self.column = column;
        self
    }

    /// Marks `width` characters from the position as the part at fault.
    pub fn width(mut self, width: usize) -> Self {
        self.width = width;
        self
    }

    /// Points at a (line, column, width) span.
    pub fn at_span(self, (line, column, width): (usize, usize, usize)) -> Self {
        self.at((line, column)).width(width)
    }

    /// Points at `text`, which starts at `position`: the usual case of a
    /// value or a key in front matter.
    pub fn at_text(self, position: (usize, usize), text: &str) -> Self {
        let width = text.chars().count();
        self.at(position).width(width)
    }

    pub fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let kind = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        write!(f, "{kind}[{}]: {}", self.code, self.file.display())?;
        if self.line > 0 {
            write!(f, ":{}", self.line)?;
            if self.column > 0 {
                write!(f, ":{}", self.column)?;
            }
        }
        write!(f, ": {}", self.message)?;
        if let Some(hint) = &self.hint {
            write!(f, "\n  hint: {hint}")?;
        }
        Ok(())
    }
}

/// The 1-based character column of byte `offset` in `line`. Positions are
/// found by byte offsets, but editors count characters.
pub fn column_of(line: &str, offset: usize) -> usize {
    let offset = offset.min(line.len());
    let mut end = offset;
    while !line.is_char_boundary(end) {
        end -= 1;
    }
    line[..end].chars().count() + 1
}

/// Sorts diagnostics by file, then position, so reports are deterministic
/// whatever order the parallel stages found them in.
pub fn sort(diagnostics: &mut [Diagnostic]) {
    diagnostics.sort_by(|a, b| {
        (&a.file, a.line, a.column, &a.message).cmp(&(&b.file, b.line, b.column, &b.message))
    });
}

/// The closest of `candidates` to `wanted`, if it is close enough to be a
/// plausible typo.
pub fn closest<'a>(wanted: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let wanted = wanted.to_lowercase();
    candidates
        .into_iter()
        .map(|c| {
            (
                strsim::normalized_damerau_levenshtein(&wanted, &c.to_lowercase()),
                c,
            )
        })
        .filter(|(score, _)| *score >= 0.5)
        .max_by(|a, b| a.0.total_cmp(&b.0).then_with(|| b.1.cmp(a.1)))
        .map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn closest_finds_a_typo_and_ignores_strangers() {
        let keys = ["company", "contacts", "contact", "date"];
        assert_eq!(closest("compnay", keys), Some("company"));
        assert_eq!(closest("zzzzzz", keys), None);
    }

    #[test]
    fn columns_count_characters_not_bytes() {
        assert_eq!(column_of("name: Zoë [[x]]", 11), 11);
        assert_eq!(column_of("abc", 0), 1);
        assert_eq!(column_of("abc", 99), 4);
    }

    #[test]
    fn json_paths_use_slashes() {
        let d = Diagnostic::error("x", Path::new("content/contacts/a.md"), "m").at((2, 3));
        let json = serde_json::to_value(&d).unwrap();
        assert_eq!(json["file"], "content/contacts/a.md");
        assert_eq!(json["line"], 2);
        assert!(json.get("width").is_none());
    }
}
