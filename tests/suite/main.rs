//! Every integration test of coffeechat, in one binary (one link of the
//! crate): a module per area, and `common` with the helpers they share.

mod agenda;
mod briefing;
mod browser;
mod build;
mod calendar;
mod check;
mod check_cli;
mod cli;
mod common;
mod diagnostic_docs;
mod encrypt;
mod export;
mod fuzz_corpus;
mod hardening;
mod hostile;
mod incremental;
mod init;
mod interchange_cli;
mod linkcheck;
mod linkedin;
mod links;
mod new;
mod next_step;
mod other_tools;
mod pages;
mod print;
mod privacy;
mod properties;
mod publish;
mod publishing;
mod serve;
mod template_docs;
mod theme_files;
mod themes;
mod validity;
