//! The binary: parses the command line and runs the library's command;
//! the one place where a failure becomes a message and an exit status.

mod cli;

use clap::Parser;
use coffeechat::commands::Failure;
use std::path::PathBuf;
use std::process::ExitCode;

// A build allocates many small strings on every core; mimalloc handles
// that several times faster than the system allocator. Its `no_thp`
// feature keeps it from asking for transparent huge pages: zeroing 2 MB
// pages it then half uses was a fifth of a 10,000-note build's time.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let mut root = PathBuf::from(".");
    match cli::Cli::parse().run(&mut root) {
        Ok(()) => ExitCode::SUCCESS,
        Err(failure) => exit(failure, &root),
    }
}

fn exit(failure: Failure, root: &std::path::Path) -> ExitCode {
    match failure {
        Failure::Diagnostics {
            diagnostics,
            closing,
        } => {
            coffeechat::commands::check::print_report(&diagnostics, root);
            if let Some(closing) = closing {
                eprintln!("{closing}");
            }
            ExitCode::from(1)
        }
        Failure::Error(message) => {
            eprintln!("error: {message}");
            ExitCode::from(1)
        }
        Failure::Usage(message) => {
            eprintln!("error: {message}");
            ExitCode::from(2)
        }
        Failure::Status(status) => ExitCode::from(status),
    }
}
