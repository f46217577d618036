//! `coffeechat import linkedin FILE`.

use super::Failure;
use crate::interchange::import::linkedin::{import, ImportError};
use crate::{Error, Options};
use std::path::Path;

/// Imports LinkedIn's Connections.csv and prints what it made and skipped.
pub fn linkedin(options: &Options, file: &Path, dry_run: bool) -> Result<(), Failure> {
    match import(options, file, dry_run) {
        Ok(report) => {
            print!("{}", report.render(file));
            Ok(())
        }
        Err(ImportError::Site(e @ Error::Diagnostics(_))) => Err(e.into()),
        Err(e) => Err(Failure::error(e)),
    }
}
