//! The clear page that carries a sealed page: a passphrase form, the
//! ciphertext as base64 inside a non-executable `<script>` element, and
//! one static script (`unlock.js`) that decrypts it in place.

use base64::Engine;

/// The browser half of the format: WebCrypto only, no library.
pub const UNLOCK_JS: &str = include_str!("unlock.js");
/// The unlock form's few styles.
pub const UNLOCK_CSS: &str = include_str!("unlock.css");

/// What the shell allows. `script-src 'self'` admits unlock.js and the
/// theme's scripts and nothing inline; blob: is for decrypted pictures and
/// the decrypted search index; inline styles are for the page's print size.
pub const CSP: &str = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; \
img-src 'self' blob: data:; connect-src 'self' blob:; object-src 'none'; \
form-action 'none'; base-uri 'none'";

/// The `<link>` tags every shell carries: the theme's stylesheets (so the
/// unlocked page looks as it should at once) and its icon (without one,
/// browsers ask for /favicon.ico outside the base path).
pub fn head_links<'a>(base: &str, clear: impl Iterator<Item = &'a str>) -> String {
    let mut links = String::new();
    for path in clear {
        let file = path.rsplit('/').next().unwrap_or(path);
        if path.ends_with(".css") {
            links.push_str(&format!(
                "<link rel=\"stylesheet\" href=\"{}\">\n",
                attr(&format!("{base}{path}"))
            ));
        } else if file.starts_with("favicon.") && !links.contains("rel=\"icon\"") {
            links.push_str(&format!(
                "<link rel=\"icon\" href=\"{}\">\n",
                attr(&format!("{base}{path}"))
            ));
        }
    }
    links
}

/// The shell page for a sealed page at `path`; `links` from [`head_links`].
pub fn page(base: &str, path: &str, sealed: &[u8], links: &str) -> String {
    let b64 = base64::engine::general_purpose::STANDARD.encode(sealed);
    format!(
        r#"<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex, nofollow">
<meta name="referrer" content="no-referrer">
<meta http-equiv="Content-Security-Policy" content="{CSP}">
<title>Locked</title>
{links}<link rel="stylesheet" href="{base}unlock.css">
<script src="{base}unlock.js" defer></script>
</head>
<body class="locked">
<main id="main" class="page unlock">
<h1>This page is locked</h1>
<form id="unlock-form" class="unlock-form" autocomplete="on">
<label for="unlock-passphrase">Passphrase</label>
<input id="unlock-passphrase" name="passphrase" type="password" autocomplete="current-password" required>
<button type="submit">Unlock</button>
<p id="unlock-message" class="unlock-message" role="alert"></p>
</form>
<noscript><p>This page is encrypted. Reading it needs JavaScript and WebCrypto, which browsers offer only over https or on localhost.</p></noscript>
</main>
<script type="application/octet-stream" id="sealed" data-base="{base}" data-path="{path}">{b64}</script>
</body>
</html>
"#,
        base = attr(base),
        path = attr(path),
    )
}

/// Escapes a value for a double-quoted attribute.
fn attr(value: &str) -> String {
    value
        .replace('&', "&amp;")
        .replace('"', "&quot;")
        .replace('<', "&lt;")
}
