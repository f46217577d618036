//! The lock that makes builds of one output take turns.
//!
//! An advisory `flock` on a file beside the output: the kernel releases it
//! when the process ends however it ends, so a killed build never leaves a
//! stale lock. On Windows the lock is the file opened without sharing.
//! The file itself stays (removing it would race a waiter).

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
        Ok(Lock { _file: hold(path)? })
    }
}

fn options() -> std::fs::OpenOptions {
    let mut o = std::fs::OpenOptions::new();
    o.create(true).truncate(false).write(true);
    o
}

#[cfg(unix)]
fn hold(path: &Path) -> io::Result<File> {
    use std::os::unix::io::AsRawFd;
    let file = options().open(path)?;
    loop {
        // SAFETY: flock on a descriptor this function borrows; no memory is shared.
        let r = unsafe { libc::flock(file.as_raw_fd(), libc::LOCK_EX) };
        if r == 0 {
            return Ok(file);
        }
        let e = io::Error::last_os_error();
        if e.kind() != io::ErrorKind::Interrupted {
            return Err(e);
        }
    }
}

/// Windows: the file opened with no sharing is the lock; a second build
/// is refused with a sharing violation and tries again shortly.
#[cfg(windows)]
fn hold(path: &Path) -> io::Result<File> {
    use std::os::windows::fs::OpenOptionsExt;
    const ERROR_SHARING_VIOLATION: i32 = 32;
    loop {
        match options().share_mode(0).open(path) {
            Err(e) if e.raw_os_error() == Some(ERROR_SHARING_VIOLATION) => {
                std::thread::sleep(std::time::Duration::from_millis(50));
            }
            other => return other,
        }
    }
}

/// Elsewhere there is no lock: builds of one output must not overlap.
#[cfg(not(any(unix, windows)))]
fn hold(path: &Path) -> io::Result<File> {
    options().open(path)
}
