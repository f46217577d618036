//! `coffeechat check`.

use super::{Console, Failure};
use crate::diagnostics::report::{self, Style};
use crate::diagnostics::Diagnostic;
use crate::Options;
use std::io::IsTerminal;

/// How `check` prints its diagnostics.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// For people, on standard error.
    Human,
    /// A JSON array on standard output.
    Json,
}

/// Reports every problem in the notes; with `--public`, also what a
/// public build publishes about each person. The exit status is 1 on
/// errors (or warnings, with `deny_warnings`).
pub fn run(
    options: &Options,
    format: Format,
    deny_warnings: bool,
    console: Console,
) -> Result<(), Failure> {
    let diagnostics = crate::check(options);
    match format {
        Format::Json => print!("{}", report::json(&diagnostics)),
        Format::Human => {
            let shown: Vec<Diagnostic> = diagnostics
                .iter()
                .filter(|d| d.is_error() || !console.quiet)
                .cloned()
                .collect();
            print_report(&shown, &options.root);
            if !console.quiet || !shown.is_empty() {
                eprintln!("check: {}", report::summary(&diagnostics));
            }
            if options.public {
                if let Ok(people) = crate::domain::public::report(options) {
                    print!("{}", crate::domain::public::render_report(&people));
                }
            }
        }
    }
    match report::exit_status(&diagnostics, deny_warnings) {
        0 => Ok(()),
        status => Err(Failure::Status(status)),
    }
}

/// Diagnostics for people, on standard error, coloured on a terminal.
pub fn print_report(diagnostics: &[Diagnostic], root: &std::path::Path) {
    let style = Style::detect(std::io::stderr().is_terminal());
    eprint!("{}", report::human(diagnostics, root, style));
}
