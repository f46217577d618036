//! What becomes of each file of the private site, and the rewriting of
//! links to the new, flat file names.
//!
//! Pages and sealed files move to `s/<name>` where the name is an HMAC of
//! the old path under the name key: the folder shows neither whose page it
//! is nor how many pages each collection has. The entry points keep their
//! paths, because a host serves them by name.

use super::keys::{hex, Keys};
use super::seal::mac;
use std::collections::BTreeMap;

/// The folder every moved file goes to.
pub const FLAT_DIR: &str = "s/";
/// Paths the encrypted build writes itself; a site file there is refused.
pub const RESERVED: &[&str] = &["unlock.js", "unlock.css"];
/// Pages a host serves by their own name.
const ENTRY_POINTS: &[&str] = &["index.html", "404.html"];
/// Files the encrypted build leaves out: they name people in the clear or,
/// for the sitemap, list every page.
const DROPPED: &[&str] = &["calendar.ics", "contacts.vcf", "sitemap.xml"];
/// Kept as they are: the theme's styles, scripts and fonts name nobody.
const CLEAR_EXTENSIONS: &[&str] = &["css", "js", "mjs", "woff", "woff2", "ttf", "otf"];
const CLEAR_FILES: &[&str] = &[".nojekyll", "CNAME"];

/// The fate of one file of the private site.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Fate {
    /// An HTML page, shipped as a shell at this path.
    Page(String),
    /// Any other content (search index, calendars, pictures), sealed as
    /// raw bytes at this path.
    Sealed(String),
    /// Copied as it is.
    Clear,
    /// Left out.
    Dropped,
}

/// Decides each file's fate, in path order.
pub fn plan<'a>(paths: impl Iterator<Item = &'a String>, keys: &Keys) -> BTreeMap<String, Fate> {
    paths.map(|path| (path.clone(), fate(path, keys))).collect()
}

fn fate(path: &str, keys: &Keys) -> Fate {
    let ext = path.rsplit_once('.').map(|(_, e)| e).unwrap_or("");
    let file = path.rsplit('/').next().unwrap_or(path);
    if ENTRY_POINTS.contains(&path) {
        Fate::Page(path.to_string())
    } else if DROPPED.contains(&path) || path == "robots.txt" {
        Fate::Dropped
    } else if ext == "html" {
        Fate::Page(format!("{FLAT_DIR}{}.html", flat_name(keys, path)))
    } else if CLEAR_FILES.contains(&path)
        || CLEAR_EXTENSIONS.contains(&ext)
        || file.starts_with("favicon.")
    {
        Fate::Clear
    } else {
        Fate::Sealed(format!("{FLAT_DIR}{}.bin", flat_name(keys, path)))
    }
}

/// 128 bits of HMAC under the name key: unguessable without the passphrase,
/// stable from one build to the next.
fn flat_name(keys: &Keys, path: &str) -> String {
    hex(&mac(&keys.name, &[b"path", path.as_bytes()])[..16])
}

/// The URL of an output path under the base path (`index.html` files by
/// their folder, as the site links them).
pub fn url_of(base: &str, path: &str) -> String {
    let folder = path
        .strip_suffix("index.html")
        .filter(|f| f.is_empty() || f.ends_with('/'));
    format!("{base}{}", folder.unwrap_or(path))
}

/// Maps the URLs the private site links to onto the new ones.
pub struct Links<'a> {
    base: &'a str,
    fates: &'a BTreeMap<String, Fate>,
}

/// A rewritten link: the new URL, and for a sealed file the name it had,
/// so the browser can offer it under that name once decrypted.
pub struct Target {
    pub url: String,
    pub sealed_name: Option<String>,
}

impl<'a> Links<'a> {
    pub fn new(base: &'a str, fates: &'a BTreeMap<String, Fate>) -> Links<'a> {
        Links { base, fates }
    }

    /// The new URL for `url`, when it points into the site at a file that
    /// moved; query and fragment kept.
    pub fn target(&self, url: &str) -> Option<Target> {
        let rest = url.strip_prefix(self.base)?;
        let cut = rest.find(['#', '?']).unwrap_or(rest.len());
        let (path, suffix) = rest.split_at(cut);
        let candidates = if path.is_empty() || path.ends_with('/') {
            vec![format!("{path}index.html")]
        } else {
            vec![path.to_string(), format!("{path}/index.html")]
        };
        candidates
            .iter()
            .find_map(|old| match self.fates.get(old)? {
                Fate::Page(new) => Some(Target {
                    url: format!("{}{suffix}", url_of(self.base, new)),
                    sealed_name: None,
                }),
                Fate::Sealed(new) => Some(Target {
                    url: format!("{}{new}{suffix}", self.base),
                    sealed_name: old.rsplit('/').next().map(str::to_string),
                }),
                Fate::Clear | Fate::Dropped => None,
            })
    }

    /// Rewrites the `href`, `src` and `data-search-index` attributes of an
    /// HTML page. The pages come from our own templates, which always quote
    /// attributes with `"`, so a scan of `name="value"` is enough.
    pub fn rewrite_html(&self, html: &str) -> String {
        let mut out = String::with_capacity(html.len());
        let mut rest = html;
        while let Some(at) = rest.find("=\"") {
            let (before, after) = rest.split_at(at + 2);
            out.push_str(before);
            let Some(end) = after.find('"') else {
                rest = after;
                break;
            };
            let value = &after[..end];
            match (attribute_name(before), self.target(value)) {
                (Some(name), Some(target)) => {
                    out.push_str(&target.url);
                    out.push('"');
                    if let (Some(file), "href") = (&target.sealed_name, name) {
                        out.push_str(" data-sealed-name=\"");
                        out.push_str(file);
                        out.push('"');
                    }
                }
                _ => {
                    out.push_str(value);
                    out.push('"');
                }
            }
            rest = &after[end + 1..];
        }
        out.push_str(rest);
        out
    }

    /// Rewrites every string in a JSON document that is a link into the
    /// site (the search index's `u` fields).
    pub fn rewrite_json(&self, value: &mut serde_json::Value) {
        match value {
            serde_json::Value::String(s) => {
                if let Some(target) = self.target(s) {
                    *s = target.url;
                }
            }
            serde_json::Value::Array(items) => items.iter_mut().for_each(|v| self.rewrite_json(v)),
            serde_json::Value::Object(map) => map.values_mut().for_each(|v| self.rewrite_json(v)),
            _ => {}
        }
    }
}

/// The attribute whose value starts right after `before` (which ends in
/// `="`), if it is one that holds a link.
fn attribute_name(before: &str) -> Option<&'static str> {
    let head = before.strip_suffix("=\"")?;
    ["href", "src", "data-search-index"]
        .into_iter()
        .find(|name| {
            head.strip_suffix(name)
                .and_then(|h| h.chars().next_back())
                .is_some_and(char::is_whitespace)
        })
}
