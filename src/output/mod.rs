//! The built site in memory, and its atomic replacement of the output
//! directory on disk.
//!
//! The new site is written beside the old one and swapped in with renames,
//! so a failed build leaves the previous output as it was. An existing
//! output directory is only replaced if coffeechat made it (it holds the
//! marker file) or it is empty; the site root, `content/` and any folder
//! that contains the site are refused outright.

pub mod encrypt;
pub mod site_files;

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
    pub fn write(&self, out: &Path, site_root: &Path) -> Result<(), WriteError> {
        let staging = Staging::begin(out, site_root)?;
        self.files
            .par_iter()
            .try_for_each(|(path, bytes)| staging.put(path, bytes))?;
        staging.commit()
    }
}

/// A new output directory being written beside the old one. Files go in as
/// they are ready (in parallel); [`Staging::commit`] swaps the new directory
/// in. Dropped without a commit, it removes itself and the old output
/// stays as it was.
#[derive(Debug)]
pub struct Staging {
    out: PathBuf,
    dir: PathBuf,
    retired: PathBuf,
    committed: bool,
}

impl Staging {
    /// Checks that `out` may be replaced and creates the staging directory.
    pub fn begin(out: &Path, site_root: &Path) -> Result<Staging, WriteError> {
        let out = absolute(out);
        check_target(&out, &absolute(site_root))?;
        let parent = out.parent().ok_or_else(|| WriteError::Refused {
            path: out.clone(),
            reason: "it has no parent folder".into(),
        })?;
        fs::create_dir_all(parent).map_err(io(parent))?;
        let name = out.file_name().and_then(|n| n.to_str()).unwrap_or("public");
        let dir = parent.join(format!(".{name}.coffeechat-new"));
        let retired = parent.join(format!(".{name}.coffeechat-old"));
        for leftover in [&dir, &retired] {
            if leftover.exists() {
                fs::remove_dir_all(leftover).map_err(io(leftover))?;
            }
        }
        fs::create_dir_all(&dir).map_err(io(&dir))?;
        let staging = Staging {
            out,
            dir,
            retired,
            committed: false,
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
        if let Some(parent) = target.parent() {
            fs::create_dir_all(parent).map_err(io(parent))?;
        }
        fs::write(&target, bytes).map_err(io(&target))
    }

    /// Writes one file given in parts, one after another.
    pub fn put_parts(&self, relative: &str, parts: &[&[u8]]) -> Result<(), WriteError> {
        if let [one] = parts {
            return self.put(relative, one);
        }
        let target = safe_join(&self.dir, relative)?;
        if let Some(parent) = target.parent() {
            fs::create_dir_all(parent).map_err(io(parent))?;
        }
        let file = fs::File::create(&target).map_err(io(&target))?;
        let mut out = std::io::BufWriter::with_capacity(1 << 16, file);
        for part in parts {
            out.write_all(part).map_err(io(&target))?;
        }
        out.flush().map_err(io(&target))
    }

    /// Swaps the new output in for the old one.
    pub fn commit(mut self) -> Result<(), WriteError> {
        if self.out.exists() {
            fs::rename(&self.out, &self.retired).map_err(io(&self.out))?;
        }
        if let Err(e) = fs::rename(&self.dir, &self.out) {
            let _ = fs::rename(&self.retired, &self.out);
            return Err(WriteError::Io {
                path: self.out.clone(),
                source: e,
            });
        }
        self.committed = true;
        if self.retired.exists() {
            fs::remove_dir_all(&self.retired).map_err(io(&self.retired))?;
        }
        Ok(())
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

fn check_target(out: &Path, root: &Path) -> Result<(), WriteError> {
    let refuse = |reason: &str| {
        Err(WriteError::Refused {
            path: out.to_path_buf(),
            reason: reason.to_string(),
        })
    };
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
    fn safe_join_refuses_escapes() {
        let d = Path::new("/tmp/x");
        assert!(safe_join(d, "a/b.html").is_ok());
        assert!(safe_join(d, "../a").is_err());
        assert!(safe_join(d, "/etc/passwd").is_err());
        assert!(safe_join(d, "a/../../b").is_err());
        assert!(safe_join(d, "").is_err());
    }
}
