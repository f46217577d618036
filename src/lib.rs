//! coffeechat: a static-site generator for informational-interview
//! preparation. The build is a pipeline; each folder is a stage or a part
//! of the domain (docs/architecture.md draws it):
//!
//! [`read`] (configuration, files, front matter) → [`domain`] (the four
//! collections and their rules) → [`graph`] (links resolved both ways) →
//! [`markdown`] (bodies to HTML) → [`pages`] (every page and its data, and
//! [`briefing`] for the printed sheets) → [`render`] (Tera) → [`output`]
//! (in memory, then swapped onto disk). [`site`] runs the steps in order;
//! [`commands`] are what the binary calls; [`interchange`] reads and writes
//! other tools' formats; [`serve`] rebuilds after edits.
//!
//! Every stage is a function of the one before; nothing is written to disk
//! until [`output::Output::write`], so `check` is the pipeline without it.

pub mod briefing;
pub mod commands;
pub mod diagnostics;
pub mod domain;
pub mod graph;
pub mod interchange;
pub mod markdown;
pub mod output;
pub mod pages;
pub mod read;
pub mod render;
pub mod serve;
pub mod site;

pub use site::{
    analyse, analyse_with, build, check, contexts, generate, today, Analysis, BuildReport, Built,
    Error, Options,
};
