//! `coffeechat serve`.

use super::Failure;
use crate::serve::{self, Settings};
use crate::Options;

/// Serves the site until interrupted.
pub fn run(options: Options, settings: &Settings) -> Result<(), Failure> {
    serve::run(options, settings).map_err(Failure::error)
}
