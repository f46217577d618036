//! The authoring commands: each one a library call that `main.rs` only
//! dispatches to, so tests drive them without a process.

pub mod agenda;
pub mod archetype;
pub mod init;
pub mod new;
