//! Watching a site for changes: the configuration file and the folders
//! `content/`, `templates/`, `themes/` and `static/`. The site folder itself
//! is watched without recursion, so `public/` or a `target/` beside the
//! notes cost nothing, and a watched folder made later is picked up.
//!
//! Editors save in bursts (a temporary file, a rename, a permissions
//! change), so changes are collected until nothing has happened for
//! [`QUIET`], and then handed over together.

use crate::Options;
use notify::{RecursiveMode, Watcher};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::{Duration, Instant};

/// How long the files must stay still before a rebuild.
pub const QUIET: Duration = Duration::from_millis(80);
/// The longest a rebuild waits for a burst of changes to end.
pub const MAX_WAIT: Duration = Duration::from_millis(800);

/// The folders of a site whose changes matter.
pub const WATCHED: [&str; 4] = ["content", "templates", "themes", "static"];

/// A running watcher; changes queue up from [`Watch::start`] on, so none
/// is missed while the first build runs.
pub struct Watch {
    options: Options,
    config: PathBuf,
    watcher: notify::RecommendedWatcher,
    events: mpsc::Receiver<notify::Result<notify::Event>>,
    /// Each watched folder with the identity it had when watched: a folder
    /// deleted and made again (`git checkout`, a restore from a backup) is
    /// another folder, and the old watch hears nothing of it.
    watched: BTreeMap<PathBuf, Option<Identity>>,
}

/// What tells one folder from another made later at the same path.
type Identity = (u64, u64);

#[cfg(unix)]
fn identity(dir: &Path) -> Option<Identity> {
    use std::os::unix::fs::MetadataExt;
    std::fs::metadata(dir).ok().map(|m| (m.dev(), m.ino()))
}

#[cfg(not(unix))]
fn identity(dir: &Path) -> Option<Identity> {
    let created = std::fs::metadata(dir).ok()?.created().ok()?;
    let d = created.duration_since(std::time::UNIX_EPOCH).ok()?;
    Some((d.as_secs(), u64::from(d.subsec_nanos())))
}

impl Watch {
    pub fn start(options: Options) -> notify::Result<Watch> {
        let (tx, events) = mpsc::channel::<notify::Result<notify::Event>>();
        let mut watcher = notify::recommended_watcher(tx)?;
        let root = &options.root;
        watcher.watch(root, RecursiveMode::NonRecursive)?;
        let config = options.config_path();
        // A configuration file elsewhere (--config) is watched through its folder.
        if let Some(dir) = config
            .parent()
            .filter(|d| *d != root.as_path() && d.is_dir())
        {
            watcher.watch(dir, RecursiveMode::NonRecursive)?;
        }
        let mut w = Watch {
            options,
            config,
            watcher,
            events,
            watched: BTreeMap::new(),
        };
        w.add_dirs();
        Ok(w)
    }

    /// Watches the site folders that exist and are not watched yet, and
    /// watches again those that were replaced since.
    fn add_dirs(&mut self) {
        for name in WATCHED {
            let dir = self.options.root.join(name);
            let now = identity(&dir).filter(|_| dir.is_dir());
            let Some(now) = now else {
                if self.watched.remove(&dir).is_some() {
                    let _ = self.watcher.unwatch(&dir);
                }
                continue;
            };
            if self.watched.get(&dir) == Some(&Some(now)) {
                continue;
            }
            if self.watched.remove(&dir).is_some() {
                // The old folder's watch is gone or stale; either is fine.
                let _ = self.watcher.unwatch(&dir);
            }
            if self.watcher.watch(&dir, RecursiveMode::Recursive).is_ok() {
                self.watched.insert(dir, Some(now));
            }
        }
    }

    /// Calls `on_change` with each burst of relevant changed paths, until
    /// the watcher stops.
    pub fn run(mut self, mut on_change: impl FnMut(&[PathBuf])) {
        while let Ok(first) = self.events.recv() {
            let mut changed = BTreeSet::new();
            let mut replaced = BTreeSet::new();
            self.take(first, &mut changed, &mut replaced);
            let started = Instant::now();
            while started.elapsed() < MAX_WAIT {
                match self.events.recv_timeout(QUIET) {
                    Ok(event) => self.take(event, &mut changed, &mut replaced),
                    Err(mpsc::RecvTimeoutError::Timeout) => break,
                    Err(mpsc::RecvTimeoutError::Disconnected) => return,
                }
            }
            // A watched folder created or replaced since: watch it (this
            // burst rebuilds).
            for dir in &replaced {
                self.watched.remove(dir);
                let _ = self.watcher.unwatch(dir);
            }
            self.add_dirs();
            if !changed.is_empty() {
                let changed: Vec<PathBuf> = changed.into_iter().collect();
                on_change(&changed);
            }
        }
    }

    fn take(
        &self,
        event: notify::Result<notify::Event>,
        changed: &mut BTreeSet<PathBuf>,
        replaced: &mut BTreeSet<PathBuf>,
    ) {
        if let Ok(e) = &event {
            replaced.extend(replaced_dirs(e, &self.options.root));
        }
        collect(event, &self.options, &self.config, changed);
    }
}

/// The watched folders that `event` says were made, removed or renamed
/// (the site folder's own watch sees these): their watch must be renewed,
/// since a new folder may even get the old one's inode number.
fn replaced_dirs(event: &notify::Event, root: &Path) -> Vec<PathBuf> {
    use notify::event::{EventKind, ModifyKind};
    let replacing = matches!(
        event.kind,
        EventKind::Create(_) | EventKind::Remove(_) | EventKind::Modify(ModifyKind::Name(_))
    );
    if !replacing {
        return Vec::new();
    }
    event
        .paths
        .iter()
        .filter(|p| WATCHED.iter().any(|name| **p == root.join(name)))
        .cloned()
        .collect()
}

fn collect(
    event: notify::Result<notify::Event>,
    options: &Options,
    config: &Path,
    changed: &mut BTreeSet<PathBuf>,
) {
    let Ok(event) = event else { return };
    if matches!(event.kind, notify::EventKind::Access(_)) {
        return;
    }
    for path in event.paths {
        if is_relevant(&path, &options.root, config) {
            changed.insert(path);
        }
    }
}

/// Whether a change to `path` can change the site.
pub fn is_relevant(path: &Path, root: &Path, config: &Path) -> bool {
    if path == config {
        return true;
    }
    let Ok(rel) = path.strip_prefix(root) else {
        return false;
    };
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy())
        .unwrap_or_default();
    // Editors' swap, backup and lock files.
    if name.ends_with('~')
        || name.starts_with(".#")
        || name.ends_with(".swp")
        || name.ends_with(".swx")
        || name == "4913"
    {
        return false;
    }
    rel.components()
        .next()
        .and_then(|c| c.as_os_str().to_str())
        .is_some_and(|first| WATCHED.contains(&first))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_watched_folder_made_or_removed_is_replaced() {
        use notify::event::{CreateKind, EventKind, ModifyKind, RemoveKind, RenameMode};
        let root = Path::new("/site");
        let event = |kind, path: &str| notify::Event::new(kind).add_path(PathBuf::from(path));
        let created = event(EventKind::Create(CreateKind::Folder), "/site/content");
        assert_eq!(
            replaced_dirs(&created, root),
            [PathBuf::from("/site/content")]
        );
        let removed = event(EventKind::Remove(RemoveKind::Folder), "/site/static");
        assert_eq!(
            replaced_dirs(&removed, root),
            [PathBuf::from("/site/static")]
        );
        let renamed = event(
            EventKind::Modify(ModifyKind::Name(RenameMode::To)),
            "/site/templates",
        );
        assert_eq!(
            replaced_dirs(&renamed, root),
            [PathBuf::from("/site/templates")]
        );
        let inside = event(EventKind::Remove(RemoveKind::File), "/site/content/a.md");
        assert!(replaced_dirs(&inside, root).is_empty());
        let other = event(EventKind::Create(CreateKind::Folder), "/site/public");
        assert!(replaced_dirs(&other, root).is_empty());
    }

    #[test]
    fn only_site_inputs_are_relevant() {
        let root = Path::new("/site");
        let config = Path::new("/site/coffeechat.yaml");
        let r = |p: &str| is_relevant(Path::new(p), root, config);
        assert!(r("/site/coffeechat.yaml"));
        assert!(r("/site/content/contacts/ana.md"));
        assert!(r("/site/templates/base.html"));
        assert!(r("/site/themes/x/static/a.css"));
        assert!(r("/site/static/me.png"));
        assert!(r("/site/content"));
        assert!(!r("/site/public/index.html"));
        assert!(!r("/site/target/debug/x"));
        assert!(!r("/site/README.md"));
        assert!(!r("/site/content/contacts/.ana.md.swp"));
        assert!(!r("/site/content/contacts/ana.md~"));
        assert!(!r("/elsewhere/content/a.md"));
    }
}
