//! The built site in memory, and its atomic replacement of the output
//! directory on disk.
//!
//! The new site is written beside the old one and swapped in (in one step
//! on Linux, see [`swap`]), so a failed or killed build leaves the previous
//! output as it was. Builds of one output take turns ([`lock`]). An output
//! that is a symbolic link is replaced at its target. An existing
//! output directory is only replaced if coffeechat made it (it holds the
//! marker file) or it is empty; the site root, `content/` and any folder
//! that contains the site are refused outright.

pub mod encrypt;
mod lock;
pub mod site_files;
mod swap;

use rayon::prelude::*;
use std::collections::BTreeMap;
use std::fs;
use std::io::Write;
use std::path::{Component, Path, PathBuf};

/// The file that marks an output directory as coffeechat's to replace.
pub const MARKER: &str = ".coffeechat-output";

/// A file's bytes, shared: `serve` keeps the pages an edit did not touch
/// from one build to the next without copying them.
pub type Bytes = std::sync::Arc<Vec<u8>>;

/// Output files by path relative to the output root, with `/` separators.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Output {
    pub files: BTreeMap<String, Bytes>,
}

#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    #[error("refusing to write the site into {path}: {reason}")]
    Refused { path: PathBuf, reason: String },
    #[error("cannot write {path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("the output path `{0}` would leave the output folder")]
    Escapes(String),
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> WriteError + '_ {
    move |source| WriteError::Io {
        path: path.to_path_buf(),
        source,
    }
}

impl Output {
    pub fn insert(&mut self, path: impl Into<String>, bytes: impl Into<Vec<u8>>) {
        self.files
            .insert(path.into(), std::sync::Arc::new(bytes.into()));
    }

    pub fn get(&self, path: &str) -> Option<&[u8]> {
        self.files.get(path).map(|b| b.as_slice())
    }

    /// Writes the site to `out`, replacing what was there atomically.
    /// A previous site that cannot be removed afterwards is left for the
    /// next build to remove: the new one is in place.
    pub fn write(&self, out: &Path, site_root: &Path) -> Result<(), WriteError> {
        let staging = Staging::begin(out, site_root)?;
        self.files
            .par_iter()
            .try_for_each(|(path, bytes)| staging.put(path, bytes))?;
        staging.commit().map(|_| ())
    }
}

/// A new output directory being written beside the old one. Files go in as
/// they are ready (in parallel); [`Staging::commit`] swaps the new directory
/// in. Dropped without a commit, it removes itself and the old output
/// stays as it was.
///
/// A staging holds the output's lock from [`Staging::begin`] until it is
/// dropped, so a second build of the same output (an editor's
/// build-on-save next to a terminal) waits for the first instead of
/// deleting its staging folder.
#[derive(Debug)]
pub struct Staging {
    /// The real output folder: where a symbolic link `public` points.
    out: PathBuf,
    dir: PathBuf,
    retired: PathBuf,
    committed: bool,
    _lock: lock::Lock,
}

/// What a successful commit leaves to say.
#[derive(Debug, Default)]
#[must_use]
pub struct Committed {
    /// The previous site could not be removed after the swap; the new one
    /// is in place, and the next build removes the leftover.
    pub leftover: Option<WriteError>,
}

impl Staging {
    /// Checks that `out` may be replaced and creates the staging directory.
    pub fn begin(out: &Path, site_root: &Path) -> Result<Staging, WriteError> {
        let root = absolute(site_root);
        let out = through_link(&absolute(out))?;
        check_place(&out, &root)?;
        let parent = out.parent().ok_or_else(|| WriteError::Refused {
            path: out.clone(),
            reason: "it has no parent folder".into(),
        })?;
        fs::create_dir_all(parent).map_err(io(parent))?;
        let name = out.file_name().and_then(|n| n.to_str()).unwrap_or("public");
        let held = lock::Lock::acquire(&parent.join(format!(".{name}.coffeechat-lock")))
            .map_err(io(parent))?;
        let dir = parent.join(format!(".{name}.coffeechat-new"));
        let retired = parent.join(format!(".{name}.coffeechat-old"));
        recover(&out, &retired)?;
        // Checked under the lock: the output may have changed while waiting.
        check_target(&out, &root)?;
        for leftover in [&dir, &retired] {
            if leftover.symlink_metadata().is_ok() {
                fs::remove_dir_all(leftover).map_err(io(leftover))?;
            }
        }
        fs::create_dir_all(&dir).map_err(io(&dir))?;
        let staging = Staging {
            out,
            dir,
            retired,
            committed: false,
            _lock: held,
        };
        fs::write(
            staging.dir.join(MARKER),
            b"This folder is written by coffeechat and replaced on every build.\n",
        )
        .map_err(io(&staging.dir))?;
        Ok(staging)
    }

    /// Writes one file, at a path checked to stay inside the output.
    pub fn put(&self, relative: &str, bytes: &[u8]) -> Result<(), WriteError> {
        let target = safe_join(&self.dir, relative)?;
        make_parent(&target)?;
        fs::write(&target, bytes).map_err(io(&target))
    }

    /// Writes one file given in parts, one after another.
    pub fn put_parts(&self, relative: &str, parts: &[&[u8]]) -> Result<(), WriteError> {
        if let [one] = parts {
            return self.put(relative, one);
        }
        let target = safe_join(&self.dir, relative)?;
        make_parent(&target)?;
        let file = fs::File::create(&target).map_err(io(&target))?;
        let mut out = std::io::BufWriter::with_capacity(1 << 16, file);
        for part in parts {
            out.write_all(part).map_err(io(&target))?;
        }
        out.flush().map_err(io(&target))
    }

    /// Swaps the new output in for the old one: in one step where the
    /// system can exchange two names, else in two renames that the next
    /// build's [`recover`] completes if the process dies between them.
    pub fn commit(self) -> Result<Committed, WriteError> {
        self.commit_removing_with(|old| fs::remove_dir_all(old))
    }

    /// [`Staging::commit`], with the removal of the previous site given,
    /// so a test can make it fail.
    fn commit_removing_with(
        mut self,
        remove: impl FnOnce(&Path) -> std::io::Result<()>,
    ) -> Result<Committed, WriteError> {
        let old = if self.out.exists() {
            if swap::exchange(&self.dir, &self.out).map_err(io(&self.out))? {
                // The staging name now holds the previous site.
                self.committed = true;
                Some(self.dir.clone())
            } else {
                fs::rename(&self.out, &self.retired).map_err(io(&self.out))?;
                self.rename_in()?;
                Some(self.retired.clone())
            }
        } else {
            self.rename_in()?;
            None
        };
        let leftover = old.and_then(|old| remove(&old).map_err(io(&old)).err());
        Ok(Committed { leftover })
    }

    fn rename_in(&mut self) -> Result<(), WriteError> {
        if let Err(e) = fs::rename(&self.dir, &self.out) {
            let _ = fs::rename(&self.retired, &self.out);
            return Err(WriteError::Io {
                path: self.out.clone(),
                source: e,
            });
        }
        self.committed = true;
        Ok(())
    }
}

/// Creates the folder `target` goes in. Most pages are the only file of
/// a new folder whose parent exists (`contacts/ana/index.html`), so one
/// `mkdir` is tried first: `create_dir_all` would also look at the folder
/// again after each `mkdir` that finds it there, a system call per file.
fn make_parent(target: &Path) -> Result<(), WriteError> {
    let Some(parent) = target.parent() else {
        return Ok(());
    };
    match fs::create_dir(parent) {
        // If it is a file, writing into it fails and names it.
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            fs::create_dir_all(parent).map_err(io(parent))
        }
        other => other.map_err(io(parent)),
    }
}

/// Puts the previous site back if a build died between the two renames of
/// a swap, before anything else runs: a build that then fails on a note
/// still leaves the old site in place.
pub fn recover_interrupted(out: &Path) -> Result<(), WriteError> {
    let out = through_link(&absolute(out))?;
    let (Some(parent), Some(name)) = (out.parent(), out.file_name().and_then(|n| n.to_str()))
    else {
        return Ok(());
    };
    let retired = parent.join(format!(".{name}.coffeechat-old"));
    if !retired.exists() {
        return Ok(());
    }
    let _held = lock::Lock::acquire(&parent.join(format!(".{name}.coffeechat-lock")))
        .map_err(io(parent))?;
    recover(&out, &retired)
}

/// Puts the previous site back when a build died between the two renames
/// of a swap: the output is missing and the retired copy is whole.
fn recover(out: &Path, retired: &Path) -> Result<(), WriteError> {
    if out.symlink_metadata().is_err() && retired.join(MARKER).is_file() {
        fs::rename(retired, out).map_err(io(out))?;
    }
    Ok(())
}

/// The folder a build replaces: `out` itself, or where it points when it
/// is a symbolic link (the link stays, the site is swapped at its target).
fn through_link(out: &Path) -> Result<PathBuf, WriteError> {
    match fs::symlink_metadata(out) {
        Ok(meta) if meta.file_type().is_symlink() => {
            fs::canonicalize(out).map_err(|e| WriteError::Refused {
                path: out.to_path_buf(),
                reason: format!(
                    "it is a symbolic link whose target cannot be reached ({e}); create the target folder or remove the link"
                ),
            })
        }
        _ => Ok(out.to_path_buf()),
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed {
            let _ = fs::remove_dir_all(&self.dir);
        }
    }
}

/// Joins a relative output path to `dir`, refusing absolute paths and `..`.
pub fn safe_join(dir: &Path, relative: &str) -> Result<PathBuf, WriteError> {
    let p = Path::new(relative);
    let ok = !relative.is_empty()
        && p.components().all(|c| matches!(c, Component::Normal(_)))
        && !relative.contains('\0');
    if ok {
        Ok(dir.join(p))
    } else {
        Err(WriteError::Escapes(relative.to_string()))
    }
}

/// An absolute, lexically normalised path, without touching the disk.
fn absolute(p: &Path) -> PathBuf {
    let joined = if p.is_absolute() {
        p.to_path_buf()
    } else {
        std::env::current_dir().unwrap_or_default().join(p)
    };
    let mut out = PathBuf::new();
    for c in joined.components() {
        match c {
            Component::ParentDir => {
                out.pop();
            }
            Component::CurDir => {}
            other => out.push(other),
        }
    }
    out
}

fn refused(out: &Path, reason: &str) -> Result<(), WriteError> {
    Err(WriteError::Refused {
        path: out.to_path_buf(),
        reason: reason.to_string(),
    })
}

/// Where the output may go at all: not the root, the site or its inputs.
fn check_place(out: &Path, root: &Path) -> Result<(), WriteError> {
    let refuse = |reason: &str| refused(out, reason);
    if out.parent().is_none() {
        return refuse("it is the file system's root");
    }
    if root.starts_with(out) {
        return refuse("it is the site's folder or contains it; choose a folder such as public/");
    }
    for protected in ["content", "templates", "themes", "static", ".git"] {
        if out.starts_with(root.join(protected)) {
            return refuse(&format!("it is inside the site's {protected}/ folder"));
        }
    }
    Ok(())
}

/// Whether what is there now may be replaced.
fn check_target(out: &Path, root: &Path) -> Result<(), WriteError> {
    check_place(out, root)?;
    let refuse = |reason: &str| refused(out, reason);
    if out.is_file() {
        return refuse("it is a file");
    }
    if out.is_dir() && !out.join(MARKER).is_file() {
        let empty = fs::read_dir(out)
            .map(|mut d| d.next().is_none())
            .unwrap_or(false);
        if !empty {
            return refuse(&format!("it exists and was not made by coffeechat (no {MARKER} file); remove it or choose another folder"));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_previous_site_that_cannot_be_removed_is_no_failure() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let first = Staging::begin(&out, dir.path()).unwrap();
        first.put("index.html", b"old").unwrap();
        assert!(first.commit().unwrap().leftover.is_none());
        let second = Staging::begin(&out, dir.path()).unwrap();
        second.put("index.html", b"new").unwrap();
        let committed = second
            .commit_removing_with(|_| Err(std::io::Error::other("device busy")))
            .expect("the swap itself succeeded");
        let leftover = committed.leftover.expect("the failure is reported");
        assert!(leftover.to_string().contains("device busy"), "{leftover}");
        assert_eq!(fs::read(out.join("index.html")).unwrap(), b"new");
        // The next build removes what was left.
        let third = Staging::begin(&out, dir.path()).unwrap();
        third.put("index.html", b"newer").unwrap();
        assert!(third.commit().unwrap().leftover.is_none());
        let names: Vec<String> = fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        assert!(
            names
                .iter()
                .all(|n| !n.ends_with("-new") && !n.ends_with("-old")),
            "{names:?}"
        );
    }

    #[test]
    fn a_file_goes_in_a_new_folder_an_existing_one_or_one_two_levels_down() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let staging = Staging::begin(&out, dir.path()).unwrap();
        staging.put("contacts/ana/index.html", b"ana").unwrap();
        staging
            .put("contacts/ana/card/index.html", b"card")
            .unwrap();
        staging.put("contacts/ana.vcf", b"vcf").unwrap();
        staging
            .put_parts("a/b/c/d.html", &[b"one ", b"two"])
            .unwrap();
        // A folder's place taken by a file is an error naming the path.
        let error = staging.put("contacts/ana.vcf/x.html", b"x").unwrap_err();
        assert!(error.to_string().contains("ana.vcf"), "{error}");
        assert!(staging.commit().unwrap().leftover.is_none());
        let read = |p: &str| fs::read_to_string(out.join(p)).unwrap();
        assert_eq!(read("contacts/ana/index.html"), "ana");
        assert_eq!(read("contacts/ana/card/index.html"), "card");
        assert_eq!(read("contacts/ana.vcf"), "vcf");
        assert_eq!(read("a/b/c/d.html"), "one two");
    }

    #[test]
    fn safe_join_refuses_escapes() {
        let d = Path::new("/tmp/x");
        assert!(safe_join(d, "a/b.html").is_ok());
        assert!(safe_join(d, "../a").is_err());
        assert!(safe_join(d, "/etc/passwd").is_err());
        assert!(safe_join(d, "a/../../b").is_err());
        assert!(safe_join(d, "").is_err());
    }
}
