//! `coffeechat build`.

use super::{Console, Failure};
use crate::diagnostics::report;
use crate::{Error, Options};

/// Builds the site into its output folder and says what was written.
pub fn run(options: &Options, console: Console) -> Result<(), Failure> {
    let started = std::time::Instant::now();
    match crate::build(options) {
        Ok(built) => {
            for notice in &built.notices {
                eprintln!("{notice}");
            }
            if !console.quiet {
                super::check::print_report(&built.diagnostics, &options.root);
                eprintln!(
                    "built {} notes into {} files in {} ms: {}",
                    built.notes,
                    built.files,
                    started.elapsed().as_millis(),
                    options.output_dir().display()
                );
                if console.verbose {
                    eprintln!("stages: {}", built.timings);
                }
            }
            Ok(())
        }
        Err(Error::Diagnostics(diagnostics)) => Err(Failure::Diagnostics {
            closing: Some(format!(
                "build failed ({}); the previous output was left as it was",
                report::summary(&diagnostics)
            )),
            diagnostics,
        }),
        Err(e) => Err(Failure::error(e)),
    }
}
