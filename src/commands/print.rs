//! `coffeechat print`.

use super::{Console, Failure};
use crate::briefing::pdf::{self, PrintError, PrintRequest};
use crate::{Error, Options};
use std::path::PathBuf;

/// Prints briefing sheets to PDF and names the files written.
pub fn run(
    options: &Options,
    interviews: Vec<String>,
    all: bool,
    card: bool,
    output: Option<PathBuf>,
    console: Console,
) -> Result<(), Failure> {
    let dir = std::env::current_dir()
        .map_err(|e| Failure::Error(format!("cannot read the current folder: {e}")))?;
    let request = PrintRequest {
        interviews,
        all,
        output,
        dir,
        chromium: None,
        card,
        // A bar on a terminal only: a script's log gets the files written.
        progress: !console.quiet && std::io::IsTerminal::is_terminal(&std::io::stderr()),
    };
    match pdf::print(options, &request) {
        Ok(written) => {
            if !console.quiet {
                for file in written {
                    eprintln!("wrote {}", file.display());
                }
            }
            Ok(())
        }
        Err(PrintError::Site(e @ Error::Diagnostics(_))) => Err(e.into()),
        Err(e) => Err(Failure::error(e)),
    }
}
