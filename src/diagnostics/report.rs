//! Showing diagnostics to people and to programs.
//!
//! People get miette's report: the message, the offending source line with
//! the part at fault underlined, and the hint; in colour only on a terminal.
//! Editors and CI get JSON: one array of objects with `severity`, `code`,
//! `message`, `file`, `line`, `column` and `hint`.

use crate::diagnostics::{Diagnostic, Severity};
use miette::{
    GraphicalReportHandler, GraphicalTheme, LabeledSpan, MietteError, MietteSpanContents,
    SourceSpan, SpanContents,
};
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
        .without_syntax_highlighting();
    let mut out = String::new();
    for (n, d) in diagnostics.iter().enumerate() {
        if n > 0 {
            out.push('\n');
        }
        let shown = Shown::new(d, root);
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

/// A diagnostic with its source, in the shape miette renders.
#[derive(Debug)]
struct Shown<'a> {
    d: &'a Diagnostic,
    source: Option<Source>,
    span: Option<SourceSpan>,
}

/// A note's text for miette. miette's `file:line:column` counts the column
/// in bytes; here it counts characters, as `Diagnostic::column` and the
/// JSON report do.
#[derive(Debug)]
struct Source {
    name: String,
    text: String,
}

impl miette::SourceCode for Source {
    fn read_span<'a>(
        &'a self,
        span: &SourceSpan,
        before: usize,
        after: usize,
    ) -> Result<Box<dyn SpanContents<'a> + 'a>, MietteError> {
        let read = self.text.read_span(span, before, after)?;
        // Only a read without context starts at the span, and only there
        // is the column that of the span; the snippet's reads keep theirs.
        let column = match self.text.get(..span.offset()) {
            Some(head) if before == 0 => {
                let line_start = head.rfind('\n').map_or(0, |i| i + 1);
                head[line_start..].chars().count()
            }
            _ => read.column(),
        };
        Ok(Box::new(MietteSpanContents::new_named(
            self.name.clone(),
            read.data(),
            *read.span(),
            read.line(),
            column,
            read.line_count(),
        )))
    }
}

impl<'a> Shown<'a> {
    fn new(d: &'a Diagnostic, root: &Path) -> Shown<'a> {
        let text = (d.line > 0)
            .then(|| std::fs::read(root.join(&d.file)).ok())
            .flatten()
            .map(|bytes| normalise(&String::from_utf8_lossy(&bytes)));
        let span = text.as_deref().and_then(|t| span(t, d));
        let source = text.filter(|_| span.is_some()).map(|t| {
            let name = crate::diagnostics::slash(&d.file);
            Source { name, text: t }
        });
        Shown { d, source, span }
    }
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
