//! `coffeechat export csv|vcf`.

use super::{Console, Failure};
use crate::interchange::export::{self, ExportError};
use crate::{Error, Options};
use std::path::{Path, PathBuf};

/// What `export` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// `contacts.csv` and `interviews.csv` into a folder.
    Csv,
    /// One vCard 4.0 file, or standard output for `-`.
    Vcf,
}

/// Exports the notes; `output` is the folder (csv) or file (vcf).
pub fn run(
    options: &Options,
    format: Format,
    output: Option<&Path>,
    force: bool,
    console: Console,
) -> Result<(), Failure> {
    let written = match format {
        Format::Csv => export::write_csv(options, output.unwrap_or(Path::new(".")), force),
        Format::Vcf => vcf(options, output, force),
    };
    match written {
        Ok(paths) => {
            if !console.quiet {
                for p in paths {
                    eprintln!("wrote {}", p.display());
                }
            }
            Ok(())
        }
        Err(ExportError::Site(e @ Error::Diagnostics(_))) => Err(e.into()),
        Err(e) => Err(Failure::error(e)),
    }
}

fn vcf(options: &Options, output: Option<&Path>, force: bool) -> Result<Vec<PathBuf>, ExportError> {
    let file = export::vcf(options)?;
    let path = output.map_or_else(|| PathBuf::from(file.name), Path::to_path_buf);
    if path.as_os_str() == "-" {
        use std::io::Write;
        std::io::stdout()
            .write_all(&file.bytes)
            .map_err(|source| ExportError::Io { path, source })?;
        return Ok(Vec::new());
    }
    export::outside_inputs(options, &path)?;
    export::write(&path, &file.bytes, force)?;
    Ok(vec![path])
}
