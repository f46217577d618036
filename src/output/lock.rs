//! The lock that makes builds of one output take turns.
//!
//! An advisory `flock` on a file beside the output: the kernel releases it
//! when the process ends however it ends, so a killed build never leaves a
//! stale lock. The file itself stays (removing it would race a waiter).

use std::fs::File;
use std::io;
use std::path::Path;

#[derive(Debug)]
pub(crate) struct Lock {
    _file: File,
}

impl Lock {
    /// Waits until no other build holds the lock at `path`, then holds it
    /// until dropped.
    pub(crate) fn acquire(path: &Path) -> io::Result<Lock> {
        let file = std::fs::OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(path)?;
        hold(&file)?;
        Ok(Lock { _file: file })
    }
}

#[cfg(unix)]
fn hold(file: &File) -> io::Result<()> {
    use std::os::unix::io::AsRawFd;
    loop {
        // SAFETY: flock on a descriptor this function borrows; no memory is shared.
        let r = unsafe { libc::flock(file.as_raw_fd(), libc::LOCK_EX) };
        if r == 0 {
            return Ok(());
        }
        let e = io::Error::last_os_error();
        if e.kind() != io::ErrorKind::Interrupted {
            return Err(e);
        }
    }
}

#[cfg(not(unix))]
fn hold(file: &File) -> io::Result<()> {
    // Windows: std's lock (LockFileEx) where the toolchain has it; the
    // crate's minimum Rust predates it, so it is not relied on elsewhere.
    file.lock().map_err(|e| io::Error::other(e.to_string()))
}
