//! Themes on disk: ejecting the embedded default theme for editing, and
//! listing the themes a site has.

use crate::render::DEFAULT_THEME;
use std::io::Write;
use std::path::{Path, PathBuf};

#[derive(Debug, thiserror::Error)]
pub enum ThemeError {
    #[error("themes/{name}/ already has {path}; coffeechat never overwrites a theme: choose another name or remove the folder")]
    Exists { name: String, path: PathBuf },
    #[error("`{0}` is not a usable theme name: use letters, digits, `-` or `_`")]
    BadName(String),
    #[error("cannot write {path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
}

/// Writes the embedded default theme into `root/themes/<name>/`, refusing
/// to touch any file that exists. Returns the files written.
pub fn eject(root: &Path, name: &str) -> Result<Vec<PathBuf>, ThemeError> {
    let valid = !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    if !valid {
        return Err(ThemeError::BadName(name.to_string()));
    }
    let target = root.join("themes").join(name);
    let files = embedded_files();
    // Check everything first, so a refusal leaves nothing half-written.
    for (rel, _) in &files {
        let path = target.join(rel);
        if path.exists() {
            return Err(ThemeError::Exists {
                name: name.to_string(),
                path: PathBuf::from("themes").join(name).join(rel),
            });
        }
    }
    let mut written = Vec::new();
    for (rel, bytes) in files {
        let path = target.join(&rel);
        let io = |source| ThemeError::Io {
            path: path.clone(),
            source,
        };
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(io)?;
        }
        let mut file = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&path)
            .map_err(io)?;
        file.write_all(bytes).map_err(io)?;
        written.push(PathBuf::from("themes").join(name).join(rel));
    }
    Ok(written)
}

fn embedded_files() -> Vec<(PathBuf, &'static [u8])> {
    let mut out = Vec::new();
    collect(&DEFAULT_THEME, &mut out);
    out.sort();
    out
}

fn collect(dir: &'static include_dir::Dir<'static>, out: &mut Vec<(PathBuf, &'static [u8])>) {
    for f in dir.files() {
        out.push((f.path().to_path_buf(), f.contents()));
    }
    for d in dir.dirs() {
        collect(d, out);
    }
}

/// A theme a site can use.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ThemeInfo {
    pub name: String,
    /// `None` for the embedded default theme.
    pub path: Option<PathBuf>,
    pub active: bool,
}

/// The embedded default theme, then every folder of `root/themes/`.
pub fn list(root: &Path, configured: Option<&str>) -> Vec<ThemeInfo> {
    let mut themes = vec![ThemeInfo {
        name: "default (embedded)".into(),
        path: None,
        active: configured.is_none(),
    }];
    let mut found: Vec<ThemeInfo> = std::fs::read_dir(root.join("themes"))
        .into_iter()
        .flatten()
        .flatten()
        .filter(|e| e.path().is_dir())
        .filter_map(|e| {
            let name = e.file_name().to_str()?.to_string();
            Some(ThemeInfo {
                active: configured == Some(name.as_str()),
                path: Some(PathBuf::from("themes").join(&name)),
                name,
            })
        })
        .collect();
    found.sort_by(|a, b| a.name.cmp(&b.name));
    themes.extend(found);
    themes
}
