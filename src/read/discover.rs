//! Finding the note files of a site.

use crate::diagnostics::Diagnostic;
use std::path::{Path, PathBuf};

/// The folders of `content/`, each holding one kind of note.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Collection {
    Companies,
    Contacts,
    Questions,
    Interviews,
    Pages,
}

impl Collection {
    pub const ALL: [Collection; 5] = [
        Collection::Companies,
        Collection::Contacts,
        Collection::Questions,
        Collection::Interviews,
        Collection::Pages,
    ];

    /// The folder name under `content/`, also the URL segment.
    pub fn dir(self) -> &'static str {
        match self {
            Collection::Companies => "companies",
            Collection::Contacts => "contacts",
            Collection::Questions => "questions",
            Collection::Interviews => "interviews",
            Collection::Pages => "pages",
        }
    }

    /// What one note of the collection is called, for messages and templates.
    pub fn singular(self) -> &'static str {
        match self {
            Collection::Companies => "company",
            Collection::Contacts => "contact",
            Collection::Questions => "question bank",
            Collection::Interviews => "interview",
            Collection::Pages => "page",
        }
    }

    pub fn title(self) -> &'static str {
        match self {
            Collection::Companies => "Companies",
            Collection::Contacts => "Contacts",
            Collection::Questions => "Questions",
            Collection::Interviews => "Interviews",
            Collection::Pages => "Pages",
        }
    }

    pub fn from_dir(name: &str) -> Option<Collection> {
        Collection::ALL.into_iter().find(|c| c.dir() == name)
    }
}

/// A note file found on disk, not read yet.
#[derive(Debug, Clone)]
pub struct NoteFile {
    pub collection: Collection,
    pub absolute: PathBuf,
    /// Relative to the site root, for messages: `content/contacts/ana.md`.
    pub path: PathBuf,
}

/// Why a walked entry could not be read.
fn unreadable(root: &Path, e: &walkdir::Error) -> Diagnostic {
    let path = e
        .path()
        .map(|p| relative(root, p))
        .unwrap_or_else(|| PathBuf::from("content"));
    let message = if e.loop_ancestor().is_some() {
        "symbolic link loop; the folder is skipped".to_string()
    } else {
        format!(
            "cannot read: {}",
            e.io_error()
                .map_or_else(|| e.to_string(), |io| io.to_string())
        )
    };
    Diagnostic::error("unreadable", &path, message)
}

/// A note file in its collection, or why it is in none.
fn placed(rel: PathBuf, path: &Path, depth: usize) -> Result<NoteFile, Diagnostic> {
    let collection = rel
        .components()
        .nth(1)
        .and_then(|c| c.as_os_str().to_str())
        .and_then(Collection::from_dir);
    match collection {
        Some(collection) if depth >= 2 => Ok(NoteFile {
            collection,
            absolute: path.to_path_buf(),
            path: rel,
        }),
        _ => Err(Diagnostic::warning(
            "outside-collection",
            &rel,
            "this note is not in a collection folder; skipped",
        )
        .hint("move it into content/companies, contacts, questions, interviews or pages")),
    }
}

/// Lists the Markdown files under `root/content`, sorted by path so the
/// build does not depend on the file system's directory order.
pub fn discover(root: &Path) -> (Vec<NoteFile>, Vec<Diagnostic>) {
    let content = root.join("content");
    let mut files = Vec::new();
    let mut diagnostics = Vec::new();
    if !content.is_dir() {
        diagnostics.push(
            Diagnostic::warning("no-content", Path::new("content"), "the site has no content/ folder")
                .hint("create content/companies, content/contacts, content/questions and content/interviews, or run `coffeechat init`"),
        );
        return (files, diagnostics);
    }
    let canonical_root = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
    let walker = walkdir::WalkDir::new(&content)
        .follow_links(true)
        .sort_by_file_name();
    // Dot-files and dot-folders are an editor's or a vault's own (`.obsidian/`,
    // `.trash/`, Emacs's `.#note.md` lock link): never notes, never read.
    let mut hidden_notes = Vec::new();
    let mut entries = walker.into_iter().filter_entry(|e| {
        let hidden = e.depth() > 0 && is_hidden(e.file_name());
        if hidden && looks_like_a_note(e.path()) {
            hidden_notes.push(relative(root, e.path()));
        }
        !hidden
    });
    while let Some(entry) = entries.next() {
        let entry = match entry {
            Ok(e) => e,
            // A dot-file that cannot be read (a dangling lock link) is skipped
            // like any other dot-file: walkdir reports it before the filter.
            Err(e) if e.path().and_then(Path::file_name).is_some_and(is_hidden) => continue,
            Err(e) => {
                diagnostics.push(unreadable(root, &e));
                continue;
            }
        };
        let path = entry.path();
        // Only a symbolic link can lead outside the site; checking just the
        // links keeps the walk free of a canonicalisation per file.
        if entry.path_is_symlink() {
            let inside = path
                .canonicalize()
                .is_ok_and(|real| real.starts_with(&canonical_root));
            if !inside {
                if entry.file_type().is_dir() {
                    entries.skip_current_dir();
                }
                diagnostics.push(
                    Diagnostic::warning(
                        "outside-site",
                        &relative(root, path),
                        "symbolic link to something outside the site; skipped",
                    )
                    .hint("copy the note into content/ instead of linking to it"),
                );
                continue;
            }
        }
        if !entry.file_type().is_file() || !is_markdown(path) {
            continue;
        }
        let rel = relative(root, path);
        if entry.depth() == 2 && is_section_page(path) {
            diagnostics.push(
                Diagnostic::warning(
                    "section-page",
                    &rel,
                    "Hugo's section page (`_index.md` at a collection's root) is not a note; skipped",
                )
                .hint("coffeechat makes the collection's index page itself; move any text you need into a page under content/pages/"),
            );
            continue;
        }
        match placed(rel, path, entry.depth()) {
            Ok(file) => files.push(file),
            Err(d) => diagnostics.push(d),
        }
    }
    drop(entries);
    // Not read, but not in silence either: a note file someone hid.
    for path in hidden_notes {
        diagnostics.push(
            Diagnostic::warning(
                "hidden-note",
                &path,
                "a file whose name starts with `.` is hidden, and not read",
            )
            .hint("rename it without the leading `.` to make it a note"),
        );
    }
    (files, diagnostics)
}

/// A hidden Markdown file that is not an editor's lock (`.#note.md`): a
/// note someone hid, and worth a word. Files in hidden folders
/// (`.trash/`, `.obsidian/`) are never looked at.
fn looks_like_a_note(path: &Path) -> bool {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy())
        .unwrap_or_default();
    !name.starts_with(".#") && is_markdown(path) && !path.is_dir()
}

fn is_hidden(name: &std::ffi::OsStr) -> bool {
    name.to_string_lossy().starts_with('.')
}

/// Whether `rel` (relative to the site root) is under a dot-file or
/// dot-folder of `content/`, which is never read: `serve` need not react.
pub fn is_hidden_content(rel: &Path) -> bool {
    rel.starts_with("content") && rel.components().skip(1).any(|c| is_hidden(c.as_os_str()))
}

/// Whether `rel` (relative to the site root) names a note file.
pub fn is_note_path(rel: &Path) -> bool {
    rel.starts_with("content") && is_markdown(rel) && !is_hidden_content(rel)
}

/// `.md` and `.markdown`, in any case (`.MD` from Windows tools).
fn is_markdown(path: &Path) -> bool {
    path.extension()
        .and_then(|x| x.to_str())
        .is_some_and(|x| x.eq_ignore_ascii_case("md") || x.eq_ignore_ascii_case("markdown"))
}

fn is_section_page(path: &Path) -> bool {
    path.file_stem()
        .and_then(|s| s.to_str())
        .is_some_and(|s| s.eq_ignore_ascii_case("_index"))
}

/// The name a note file gives its note: its stem, or for a page bundle
/// (`talk/index.md`, Hugo's `_index.md`) the folder's name, so bundles do
/// not all get the slug `index`.
pub fn file_name(path: &Path) -> &str {
    let stem = path
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or_default();
    let bundle = stem.eq_ignore_ascii_case("index") || stem.eq_ignore_ascii_case("_index");
    let folder = path
        .parent()
        .filter(|p| p.components().count() > 2)
        .and_then(|p| p.file_name())
        .and_then(|s| s.to_str());
    match folder {
        Some(folder) if bundle => folder,
        _ => stem,
    }
}

fn relative(root: &Path, path: &Path) -> PathBuf {
    path.strip_prefix(root).unwrap_or(path).to_path_buf()
}
