//! From a request target to a file of the in-memory site. Pure functions,
//! so the rules that keep requests inside the site are tested directly.

/// What a request for a path should get.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// The output file at this path (relative, `/`-separated).
    File(String),
    /// A redirect to this absolute path.
    Redirect(String),
    /// The live-reload event stream.
    Events,
    /// Not in the site.
    NotFound,
    /// A malformed or unsafe path: `..`, a NUL, a backslash, bad escapes.
    BadRequest,
}

/// The path of the live-reload event stream, outside any base path.
pub const EVENTS: &str = "/__coffeechat/events";

/// Resolves a request target (`/prep/contacts/ana/?x=1`) against the site
/// served under `base` (`/` or `/prep/`). `exists` says whether the output
/// has a file.
pub fn resolve(target: &str, base: &str, exists: impl Fn(&str) -> bool) -> Target {
    let path = target.split(['?', '#']).next().unwrap_or("");
    let Some(path) = percent_decode(path) else {
        return Target::BadRequest;
    };
    if !path.starts_with('/') || path.contains(['\0', '\\']) || path.contains("//") {
        return Target::BadRequest;
    }
    // `.` and `..` segments are refused, not normalised: nothing a site
    // links to has them, and refusing cannot be got wrong.
    if path.split('/').any(|seg| seg == ".." || seg == ".") {
        return Target::BadRequest;
    }
    if path == EVENTS {
        return Target::Events;
    }
    let Some(rel) = path.strip_prefix(base) else {
        // `/` or `/prep` on a site served under `/prep/`.
        if path == "/" || format!("{path}/") == base {
            return Target::Redirect(base.to_string());
        }
        return Target::NotFound;
    };
    let file = if rel.is_empty() || rel.ends_with('/') {
        format!("{rel}index.html")
    } else {
        rel.to_string()
    };
    if exists(&file) {
        Target::File(file)
    } else if !rel.ends_with('/') && exists(&format!("{rel}/index.html")) {
        Target::Redirect(percent_encode(&format!("{base}{rel}/")))
    } else {
        Target::NotFound
    }
}

/// Decodes `%XX` escapes; `None` when an escape is malformed or the result
/// is not UTF-8.
pub fn percent_decode(s: &str) -> Option<String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = bytes.get(i + 1..i + 3)?;
            let hex = std::str::from_utf8(hex).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// Escapes what may not appear as is in a `Location` header: anything but
/// ASCII letters, digits, `/` and `-._~`.
pub fn percent_encode(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for b in path.bytes() {
        if b.is_ascii_alphanumeric() || b"/-._~".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// The media type of an output file, by extension.
pub fn content_type(path: &str) -> &'static str {
    let ext = path.rsplit_once('.').map_or("", |(_, e)| e);
    match ext.to_ascii_lowercase().as_str() {
        "html" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "xml" => "application/xml",
        "txt" => "text/plain; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "ico" => "image/x-icon",
        "woff2" => "font/woff2",
        "woff" => "font/woff",
        "pdf" => "application/pdf",
        "ics" => "text/calendar; charset=utf-8",
        "vcf" => "text/vcard; charset=utf-8",
        "csv" => "text/csv; charset=utf-8",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site(path: &str) -> bool {
        [
            "index.html",
            "contacts/ana/index.html",
            "style.css",
            "404.html",
        ]
        .contains(&path)
    }

    #[test]
    fn files_under_the_base_path() {
        let r = |t| resolve(t, "/prep/", site);
        assert_eq!(r("/prep/"), Target::File("index.html".into()));
        assert_eq!(
            r("/prep/contacts/ana/"),
            Target::File("contacts/ana/index.html".into())
        );
        assert_eq!(
            r("/prep/contacts/ana/?x=1#top"),
            Target::File("contacts/ana/index.html".into())
        );
        assert_eq!(r("/prep/style.css"), Target::File("style.css".into()));
        assert_eq!(
            r("/prep/contacts/ana"),
            Target::Redirect("/prep/contacts/ana/".into())
        );
        assert_eq!(r("/"), Target::Redirect("/prep/".into()));
        assert_eq!(r("/prep"), Target::Redirect("/prep/".into()));
        assert_eq!(r("/contacts/ana/"), Target::NotFound);
        assert_eq!(r("/prep/nope/"), Target::NotFound);
        assert_eq!(r("/__coffeechat/events"), Target::Events);
        assert_eq!(
            resolve("/contacts/ana/", "/", site),
            Target::File("contacts/ana/index.html".into())
        );
    }

    #[test]
    fn unsafe_paths_are_refused() {
        for t in [
            "/../Cargo.toml",
            "/%2e%2e/",
            "/%2E%2E/etc/passwd",
            "/prep/../../etc/passwd",
            "/prep/%2e%2e%2f%2e%2e%2fetc/passwd",
            "/prep/./index.html",
            "/prep/a%00b",
            "/prep/a%5c..%5cb",
            "/prep/%zz",
            "/prep/%e9",
            "relative",
            "/prep//etc/passwd",
        ] {
            assert_eq!(resolve(t, "/prep/", site), Target::BadRequest, "{t}");
        }
    }

    #[test]
    fn redirects_are_escaped() {
        let site = |p: &str| p == "zoë x/index.html";
        assert_eq!(
            resolve("/zo%C3%AB%20x", "/", site),
            Target::Redirect("/zo%C3%AB%20x/".into())
        );
    }

    #[test]
    fn percent_escapes() {
        assert_eq!(percent_decode("/zo%C3%AB/").as_deref(), Some("/zoë/"));
        assert_eq!(percent_decode("%"), None);
        assert_eq!(percent_decode("%4"), None);
    }
}
