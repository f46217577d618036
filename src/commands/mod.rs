//! The commands: each one a library call that the binary only dispatches
//! to, so tests drive them without a process. A command prints what it
//! made (on stderr, or its result on stdout) and returns a [`Failure`]
//! otherwise; the binary turns that into a message and an exit status in
//! one place.

pub mod agenda;
pub mod archetype;
pub mod build;
pub mod check;
pub mod draft;
pub mod export;
pub mod import;
pub mod init;
pub mod new;
pub mod passphrase;
pub mod print;
pub mod serve;
pub mod theme;

use crate::diagnostics::Diagnostic;
use crate::Error;

/// How much a command says.
#[derive(Debug, Clone, Copy, Default)]
pub struct Console {
    /// Print only errors.
    pub quiet: bool,
    /// Print more about what is done.
    pub verbose: bool,
}

/// Why a command did not succeed, and so what the binary prints and
/// with which exit status.
#[derive(Debug)]
pub enum Failure {
    /// Problems in the notes: reported, then `closing` if any; status 1.
    Diagnostics {
        diagnostics: Vec<Diagnostic>,
        closing: Option<String>,
    },
    /// `error: …`; status 1.
    Error(String),
    /// A command line that cannot be carried out: `error: …`; status 2.
    Usage(String),
    /// Nothing more to print; this status (`check` decides its own).
    Status(u8),
}

impl Failure {
    pub fn error(e: impl std::fmt::Display) -> Failure {
        Failure::Error(e.to_string())
    }
}

impl From<Error> for Failure {
    fn from(e: Error) -> Failure {
        match e {
            Error::Diagnostics(diagnostics) => Failure::Diagnostics {
                diagnostics,
                closing: None,
            },
            other => Failure::error(other),
        }
    }
}
