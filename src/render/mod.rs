//! Rendering pages through Tera, with themes in layers: the site's
//! `templates/`, then `themes/<theme>/templates/`, then the default theme
//! embedded in the binary. A template of one layer can extend the layer
//! below by its prefixed name: `theme/base.html` or `default/base.html`.

mod html;
pub(crate) mod reach;
pub mod theme;

pub use html::Html;

use crate::diagnostics::{slash, Diagnostic};
use crate::pages::views::SiteView;
use include_dir::{include_dir, Dir};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The default theme, compiled into the binary.
pub static DEFAULT_THEME: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/themes/default");

const THEME_PREFIX: &str = "theme/";
const DEFAULT_PREFIX: &str = "default/";

/// The template engine with every layer loaded.
pub struct Templates {
    tera: tera::Tera,
    /// Where each registered template came from, for error messages.
    origins: BTreeMap<String, PathBuf>,
    /// Which templates use which, for `serve` after a template edit.
    graph: reach::TemplateGraph,
}

impl Templates {
    /// Loads the layers of `root`. `theme` is the theme named in config.
    pub fn load(root: &Path, theme: Option<&str>) -> Result<Templates, Diagnostic> {
        let mut tera = tera::Tera::default();
        tera.set_fallback_prefixes([THEME_PREFIX, DEFAULT_PREFIX])
            .map_err(|e| Diagnostic::error("template", Path::new("templates"), e.to_string()))?;
        let mut sources: Vec<(String, String, PathBuf)> = Vec::new();
        for file in embedded_files(&DEFAULT_THEME, "templates") {
            let name = file.path().strip_prefix("templates").unwrap_or(file.path());
            let text = file.contents_utf8().unwrap_or_default().to_string();
            sources.push((
                format!("{DEFAULT_PREFIX}{}", slash(name)),
                text,
                Path::new("(default theme)/templates").join(name),
            ));
        }
        // Message drafts, `messages/*.txt`, load like templates: a site's
        // `templates/messages/` and a theme's `messages/` override these.
        for file in embedded_files(&DEFAULT_THEME, "messages") {
            let text = file.contents_utf8().unwrap_or_default().to_string();
            sources.push((
                format!("{DEFAULT_PREFIX}{}", slash(file.path())),
                text,
                Path::new("(default theme)").join(file.path()),
            ));
        }
        if let Some(theme) = theme {
            let dir = root.join("themes").join(theme);
            if !dir.is_dir() {
                return Err(Diagnostic::error("theme", Path::new("coffeechat.yaml"), format!("the theme `{theme}` is not in themes/{theme}/"))
                    .hint("run `coffeechat theme list`, or `coffeechat theme eject` to copy the default theme"));
            }
            sources.extend(read_dir_templates(
                root,
                &dir.join("templates"),
                THEME_PREFIX,
            )?);
            sources.extend(read_dir_templates(
                root,
                &dir.join("messages"),
                &format!("{THEME_PREFIX}messages/"),
            )?);
        }
        sources.extend(read_dir_templates(root, &root.join("templates"), "")?);
        let mut origins = BTreeMap::new();
        for (name, _, origin) in &sources {
            origins.insert(name.clone(), origin.clone());
        }
        tera.add_raw_templates(sources.iter().map(|(n, t, _)| (n.as_str(), t.as_str())))
            .map_err(|e| template_error(&e, &origins, None))?;
        let graph =
            reach::TemplateGraph::of(sources.iter().map(|(n, t, _)| (n.as_str(), t.as_str())));
        Ok(Templates {
            tera,
            origins,
            graph,
        })
    }

    /// Makes `site` available to every template, serialised once rather
    /// than into each page's context.
    pub fn set_site(&mut self, site: &SiteView) {
        self.tera.global_context().insert("site", site);
    }

    /// The templates (by name without their layer's prefix) that are one
    /// of `changed` or use one; `None` when that cannot be known.
    pub(crate) fn reaching(
        &self,
        changed: &std::collections::BTreeSet<String>,
    ) -> Option<std::collections::BTreeSet<String>> {
        self.graph.reaching(changed)
    }

    /// Whether a template of this name (without its layer's prefix) is
    /// registered in some layer.
    pub(crate) fn knows(&self, name: &str) -> bool {
        self.graph.knows(name)
    }

    pub fn contains(&self, name: &str) -> bool {
        self.tera.contains_template(name)
    }

    pub fn render(
        &self,
        name: &str,
        context: &tera::Context,
        page: &str,
    ) -> Result<String, Diagnostic> {
        self.tera
            .render(name, context)
            .map_err(|e| template_error(&e, &self.origins, Some(page)))
    }

    /// [`Templates::render`] for a whole page, into pieces ([`Html`]).
    pub fn render_html(
        &self,
        name: &str,
        context: &tera::Context,
        page: &str,
    ) -> Result<Html, Diagnostic> {
        // Most pages are a few tens of KB; a larger one grows from here.
        let mut html = Html::with_capacity(16 * 1024);
        self.tera
            .render_to(name, context, &mut html)
            .map_err(|e| template_error(&e, &self.origins, Some(page)))?;
        Ok(html)
    }
}

/// The templates of the rows kept with the analysis as HTML
/// ([`crate::pages::views::RowTemplate`]): a change reaching neither leaves
/// every row as it was.
pub(crate) const INTERVIEW_ROW: &str = "partials/interview_row.html";
pub(crate) const CONTACT_ROW: &str = "partials/contact_row.html";
pub(crate) const ROW_TEMPLATES: [&str; 2] = [INTERVIEW_ROW, CONTACT_ROW];

impl crate::pages::views::RowTemplate for Templates {
    fn interview_row(&self, row: &tera::Value) -> Option<String> {
        let mut context = tera::Context::new();
        context.insert("r", row);
        // An error shows where the table renders the row itself.
        self.tera.render(INTERVIEW_ROW, &context).ok()
    }

    fn contact_row(&self, row: &tera::Value) -> Option<String> {
        let mut context = tera::Context::new();
        context.insert("c", row);
        self.tera.render(CONTACT_ROW, &context).ok()
    }
}

fn embedded_files<'a>(dir: &'a Dir<'a>, sub: &str) -> Vec<&'a include_dir::File<'a>> {
    let mut out = Vec::new();
    if let Some(d) = dir.get_dir(sub) {
        collect(d, &mut out);
    }
    out.sort_by_key(|f| f.path());
    out
}

fn collect<'a>(dir: &'a Dir<'a>, out: &mut Vec<&'a include_dir::File<'a>>) {
    out.extend(dir.files());
    for d in dir.dirs() {
        collect(d, out);
    }
}

fn read_dir_templates(
    root: &Path,
    dir: &Path,
    prefix: &str,
) -> Result<Vec<(String, String, PathBuf)>, Diagnostic> {
    let mut out = Vec::new();
    if !dir.is_dir() {
        return Ok(out);
    }
    for entry in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let entry = entry.map_err(|e| {
            Diagnostic::error(
                "template",
                dir.strip_prefix(root).unwrap_or(dir),
                e.to_string(),
            )
        })?;
        if !entry.file_type().is_file() {
            continue;
        }
        let rel = entry.path().strip_prefix(dir).unwrap_or(entry.path());
        let shown = entry.path().strip_prefix(root).unwrap_or(entry.path());
        let text = std::fs::read_to_string(entry.path()).map_err(|e| {
            Diagnostic::error("template", shown, format!("cannot read the template: {e}"))
        })?;
        out.push((format!("{prefix}{}", slash(rel)), text, shown.to_path_buf()));
    }
    Ok(out)
}

/// Turns a Tera error into a diagnostic naming the template file and,
/// when rendering, the page.
fn template_error(
    e: &tera::Error,
    origins: &BTreeMap<String, PathBuf>,
    page: Option<&str>,
) -> Diagnostic {
    let mut message = e.to_string();
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        message.push_str(": ");
        message.push_str(&s.to_string());
        source = s.source();
    }
    // Tera names templates by their registered name; show the file instead.
    let mut file = PathBuf::from("templates");
    for (name, origin) in origins.iter().rev() {
        if message.contains(name.as_str()) {
            file = origin.clone();
            break;
        }
    }
    let (line, column) = arrow_position(&message);
    let d = Diagnostic::error("template", &file, message).at((line, column));
    match page {
        Some(p) => d.hint(format!("while rendering the page {p}")),
        None => {
            d.hint("fix the template syntax; see docs/templates.md for the data each page gets")
        }
    }
}

/// The `line:column` of Tera's ` --> name:line:column` pointer, or zeros.
fn arrow_position(message: &str) -> (usize, usize) {
    let Some(at) = message.find("--> ") else {
        return (0, 0);
    };
    let pointer = message[at + 4..].lines().next().unwrap_or("");
    let mut numbers = pointer.rsplit(':').map(|n| n.trim().parse::<usize>().ok());
    match (numbers.next().flatten(), numbers.next().flatten()) {
        (Some(column), Some(line)) => (line, column),
        _ => (0, 0),
    }
}

/// The error for a static file that cannot be walked, named by its path.
fn static_error(e: &walkdir::Error, dir: &Path, root: &Path) -> Diagnostic {
    let at = e.path().unwrap_or(dir);
    let shown = at.strip_prefix(root).unwrap_or(at);
    let dangling = e
        .io_error()
        .is_some_and(|io| io.kind() == std::io::ErrorKind::NotFound)
        && at
            .symlink_metadata()
            .is_ok_and(|m| m.file_type().is_symlink());
    if dangling {
        let target = std::fs::read_link(at).unwrap_or_default();
        Diagnostic::error(
            "static",
            shown,
            format!(
                "a symbolic link to {}, which does not exist",
                target.display()
            ),
        )
        .hint("point the link at an existing file, or remove it")
    } else {
        Diagnostic::error("static", shown, e.to_string())
    }
}

/// The static files of every layer, later layers replacing earlier ones.
pub fn static_files(
    root: &Path,
    theme: Option<&str>,
) -> Result<BTreeMap<String, Vec<u8>>, Diagnostic> {
    let mut files = BTreeMap::new();
    for f in embedded_files(&DEFAULT_THEME, "static") {
        let rel = f.path().strip_prefix("static").unwrap_or(f.path());
        files.insert(slash(rel), f.contents().to_vec());
    }
    let mut dirs = Vec::new();
    if let Some(t) = theme {
        dirs.push(root.join("themes").join(t).join("static"));
    }
    dirs.push(root.join("static"));
    for dir in dirs.iter().filter(|d| d.is_dir()) {
        // Links are followed: a file linked into static/ is published like
        // one copied there. A dangling link or a loop is an error that
        // names it, never a file silently left out.
        for entry in walkdir::WalkDir::new(dir)
            .follow_links(true)
            .sort_by_file_name()
        {
            let shown = |p: &Path| p.strip_prefix(root).unwrap_or(p).to_path_buf();
            let entry = entry.map_err(|e| static_error(&e, dir, root))?;
            if !entry.file_type().is_file() {
                continue;
            }
            let rel = entry.path().strip_prefix(dir).unwrap_or(entry.path());
            let bytes = std::fs::read(entry.path()).map_err(|e| {
                Diagnostic::error("static", &shown(entry.path()), format!("cannot read: {e}"))
            })?;
            files.insert(slash(rel), bytes);
        }
    }
    Ok(files)
}
