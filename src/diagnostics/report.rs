//! Showing diagnostics to people and to programs.
//!
//! People get miette's report: the message, the offending source line with
//! the part at fault underlined, and the hint; in colour only on a terminal.
//! Editors and CI get JSON: one array of objects with `severity`, `code`,
//! `message`, `file`, `line`, `column` and `hint`.

use crate::diagnostics::{Diagnostic, Severity};
use miette::{GraphicalReportHandler, GraphicalTheme, LabeledSpan, SourceSpan};
use std::fmt;
use std::path::Path;

/// How a report is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    /// Unicode frames, no ANSI escapes: logs, pipes, tests.
    Plain,
    /// With ANSI colours, for a terminal.
    Colour,
}

impl Style {
    /// Colour when `stream_is_terminal` and `NO_COLOR` is unset.
    pub fn detect(stream_is_terminal: bool) -> Style {
        let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
        if stream_is_terminal && !no_color {
            Style::Colour
        } else {
            Style::Plain
        }
    }
}

/// Every diagnostic, rendered for people, one after the other. Source lines
/// are read from the files under `root`.
pub fn human(diagnostics: &[Diagnostic], root: &Path, style: Style) -> String {
    let theme = match style {
        Style::Plain => GraphicalTheme::unicode_nocolor(),
        Style::Colour => GraphicalTheme::unicode(),
    };
    let handler = GraphicalReportHandler::new_themed(theme)
        .with_links(false)
        .with_urls(false)
        .with_width(100)
        .with_context_lines(CONTEXT)
        .without_syntax_highlighting();
    let mut out = String::new();
    let mut files = Files::default();
    for (n, d) in diagnostics.iter().enumerate() {
        if n > 0 {
            out.push('\n');
        }
        let shown = Shown::new(d, root, &mut files);
        if handler.render_report(&mut out, &shown).is_err() {
            // Rendering into a String cannot fail but for a bug in the
            // handler; the one-line form still says everything.
            out.push_str(&d.to_string());
            out.push('\n');
        }
    }
    out
}

/// The diagnostics as a JSON array, pretty-printed, ending in a newline.
pub fn json(diagnostics: &[Diagnostic]) -> String {
    let mut s = serde_json::to_string_pretty(diagnostics)
        .unwrap_or_else(|e| format!("[{{\"severity\":\"error\",\"message\":\"{e}\"}}]"));
    s.push('\n');
    s
}

/// "2 errors, 1 warning", or "no problems".
pub fn summary(diagnostics: &[Diagnostic]) -> String {
    let errors = diagnostics.iter().filter(|d| d.is_error()).count();
    let warnings = diagnostics.len() - errors;
    let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
    match (errors, warnings) {
        (0, 0) => "no problems".to_string(),
        (e, 0) => plural(e, "error"),
        (0, w) => plural(w, "warning"),
        (e, w) => format!("{}, {}", plural(e, "error"), plural(w, "warning")),
    }
}

/// The exit status of `check`: 1 when there are errors (or warnings, with
/// `deny_warnings`), else 0.
pub fn exit_status(diagnostics: &[Diagnostic], deny_warnings: bool) -> u8 {
    let failing = diagnostics
        .iter()
        .any(|d| d.is_error() || deny_warnings && d.severity == Severity::Warning);
    u8::from(failing)
}

/// The lines a snippet shows around the problem, before and after.
const CONTEXT: usize = 1;

/// Each file read once, with where its lines start, however many
/// diagnostics it has: reading and scanning it again for each one made a
/// note with 20,000 problems take half a minute.
#[derive(Default)]
struct Files {
    read: std::collections::HashMap<std::path::PathBuf, Option<std::rc::Rc<Lines>>>,
}

/// A file's text as positions count it, and the byte offset of each line.
struct Lines {
    text: String,
    starts: Vec<usize>,
}

impl Files {
    fn get(&mut self, root: &Path, file: &Path) -> Option<std::rc::Rc<Lines>> {
        self.read
            .entry(file.to_path_buf())
            .or_insert_with(|| {
                let bytes = std::fs::read(root.join(file)).ok()?;
                let text = normalise(&String::from_utf8_lossy(&bytes));
                let starts = std::iter::once(0)
                    .chain(text.match_indices('\n').map(|(i, _)| i + 1))
                    .collect();
                Some(std::rc::Rc::new(Lines { text, starts }))
            })
            .clone()
    }
}

/// A diagnostic with its source, in the shape miette renders.
#[derive(Debug)]
struct Shown<'a> {
    d: &'a Diagnostic,
    source: Option<Window>,
    span: Option<SourceSpan>,
}

/// The few lines of a file around a problem: miette scans its source from
/// the start for every report, so it is given only these, with the number
/// of the first.
#[derive(Debug)]
struct Window {
    name: String,
    text: String,
    first_line: usize,
}

impl miette::SourceCode for Window {
    fn read_span<'a>(
        &'a self,
        span: &SourceSpan,
        before: usize,
        after: usize,
    ) -> Result<Box<dyn miette::SpanContents<'a> + 'a>, miette::MietteError> {
        let inner = self.text.read_span(span, before, after)?;
        // miette's `file:line:column` counts the column in bytes; here it
        // counts characters, as `Diagnostic::column` and the JSON report
        // do. Only a read without context starts at the span, and only
        // there is the column that of the span.
        let column = match self.text.get(..span.offset()) {
            Some(head) if before == 0 => {
                let line_start = head.rfind('\n').map_or(0, |i| i + 1);
                head[line_start..].chars().count()
            }
            _ => inner.column(),
        };
        Ok(Box::new(miette::MietteSpanContents::new_named(
            self.name.clone(),
            inner.data(),
            *inner.span(),
            inner.line() + self.first_line,
            column,
            inner.line_count(),
        )))
    }
}

impl<'a> Shown<'a> {
    fn new(d: &'a Diagnostic, root: &Path, files: &mut Files) -> Shown<'a> {
        let lines = (d.line > 0).then(|| files.get(root, &d.file)).flatten();
        let Some((window, span)) = lines.and_then(|l| window(&l, d)) else {
            return Shown {
                d,
                source: None,
                span: None,
            };
        };
        Shown {
            d,
            source: Some(window),
            span: Some(span),
        }
    }
}

/// The lines around the diagnostic's, and its span within them.
fn window(lines: &Lines, d: &Diagnostic) -> Option<(Window, SourceSpan)> {
    let index = d.line.checked_sub(1)?;
    let line_start = *lines.starts.get(index)?;
    let first = index.saturating_sub(CONTEXT);
    let from = lines.starts[first];
    let to = lines
        .starts
        .get(index + CONTEXT + 1)
        .copied()
        .unwrap_or(lines.text.len());
    let text = lines.text[from..to].to_string();
    let own = span(
        &text[line_start - from..],
        &Diagnostic {
            line: 1,
            ..d.clone()
        },
    )?;
    let span = SourceSpan::new((line_start - from + own.offset()).into(), own.len());
    let name = crate::diagnostics::slash(&d.file);
    Some((
        Window {
            name,
            text,
            first_line: first,
        },
        span,
    ))
}

/// The text as positions count it: no BOM, `\n` line ends.
fn normalise(text: &str) -> String {
    text.strip_prefix('\u{feff}')
        .unwrap_or(text)
        .replace("\r\n", "\n")
}

/// The byte span of the diagnostic's line, column and width in `text`.
fn span(text: &str, d: &Diagnostic) -> Option<SourceSpan> {
    let mut start = 0;
    for _ in 1..d.line {
        start += text[start..].find('\n')? + 1;
    }
    let line = text[start..].split('\n').next().unwrap_or_default();
    let mut chars = line.char_indices().map(|(i, _)| i).chain([line.len()]);
    let from = chars.nth(d.column.saturating_sub(1)).unwrap_or(line.len());
    let to = line[from..]
        .char_indices()
        .map(|(i, _)| from + i)
        .chain([line.len()])
        .nth(d.width)
        .unwrap_or(line.len());
    Some(SourceSpan::new((start + from).into(), to - from))
}

impl fmt::Display for Shown<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.source.is_none() {
            // Without a snippet miette names no file: name it here.
            write!(f, "{}", self.d.file.display())?;
            if self.d.line > 0 {
                write!(f, ":{}", self.d.line)?;
                if self.d.column > 0 {
                    write!(f, ":{}", self.d.column)?;
                }
            }
            write!(f, ": ")?;
        }
        write!(f, "{}", self.d.message)
    }
}

impl std::error::Error for Shown<'_> {}

impl miette::Diagnostic for Shown<'_> {
    /// Shown as the report's first line, as `error[unresolved-reference]`.
    fn code<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        let kind = match self.d.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        Some(Box::new(format!("{kind}[{}]", self.d.code)))
    }

    fn severity(&self) -> Option<miette::Severity> {
        Some(match self.d.severity {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
        })
    }

    fn help<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        self.d
            .hint
            .as_ref()
            .map(|h| Box::new(h) as Box<dyn fmt::Display>)
    }

    fn source_code(&self) -> Option<&dyn miette::SourceCode> {
        self.source.as_ref().map(|s| s as &dyn miette::SourceCode)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        let span = self.span?;
        Some(Box::new(std::iter::once(LabeledSpan::new_with_span(
            None, span,
        ))))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spans_count_characters_and_stop_at_the_line_end() {
        let d = Diagnostic::error("x", Path::new("a.md"), "m")
            .at((2, 7))
            .width(4);
        let text = "---\nname: Zoë Lin\n---\n";
        let s = span(text, &d).unwrap();
        assert_eq!(&text[s.offset()..s.offset() + s.len()], "Zoë ");
        let long = d.clone().width(99);
        let s = span(text, &long).unwrap();
        assert_eq!(&text[s.offset()..s.offset() + s.len()], "Zoë Lin");
        assert!(span(text, &d.at((9, 1))).is_none());
    }

    #[test]
    fn snippets_at_the_first_and_last_lines_are_numbered_as_in_the_file() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("a.md"),
            "\u{feff}---\r\nname: Ana\r\nrole: x",
        )
        .unwrap();
        let first = Diagnostic::error("x", Path::new("a.md"), "first")
            .at((1, 1))
            .width(3);
        let last = Diagnostic::error("x", Path::new("a.md"), "last")
            .at((3, 7))
            .width(1);
        let past = Diagnostic::error("x", Path::new("a.md"), "past").at((9, 1));
        let out = human(&[first, last, past], dir.path(), Style::Plain);
        assert!(
            out.contains("[a.md:1:1]") && out.contains("1 │ ---"),
            "{out}"
        );
        assert!(
            out.contains("[a.md:3:7]") && out.contains("3 │ role: x"),
            "{out}"
        );
        assert!(out.contains("2 │ name: Ana"), "{out}");
        assert!(out.contains("a.md:9:1: past"), "{out}");
    }

    #[test]
    fn exit_status_and_summary() {
        let w = Diagnostic::warning("w", Path::new("a.md"), "m");
        let e = Diagnostic::error("e", Path::new("a.md"), "m");
        assert_eq!(exit_status(&[], false), 0);
        assert_eq!(exit_status(std::slice::from_ref(&w), false), 0);
        assert_eq!(exit_status(std::slice::from_ref(&w), true), 1);
        assert_eq!(exit_status(&[w.clone(), e.clone()], false), 1);
        assert_eq!(summary(&[w.clone(), e, w]), "1 error, 2 warnings");
        assert_eq!(summary(&[]), "no problems");
    }
}
