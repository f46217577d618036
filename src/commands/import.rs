//! `coffeechat import linkedin|vcard|csv FILE`.

use super::Failure;
use crate::interchange::import::linkedin::{import, ImportError};
use crate::interchange::import::{csv as spreadsheet, people, vcard as cards, Report};
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

/// Imports an address book (.vcf).
pub fn vcard(options: &Options, file: &Path, dry_run: bool) -> Result<(), Failure> {
    report(file, cards::import(options, file, dry_run))
}

/// Imports a spreadsheet of people, its columns named by `map` or known.
pub fn csv(
    options: &Options,
    file: &Path,
    map: Option<&str>,
    dry_run: bool,
) -> Result<(), Failure> {
    report(file, spreadsheet::import(options, file, map, dry_run))
}

fn report(file: &Path, outcome: Result<Report, people::ImportError>) -> Result<(), Failure> {
    match outcome {
        Ok(report) => {
            print!("{}", report.render(file));
            Ok(())
        }
        Err(people::ImportError::Site(e @ Error::Diagnostics(_))) => Err(e.into()),
        Err(e) => Err(Failure::error(e)),
    }
}
