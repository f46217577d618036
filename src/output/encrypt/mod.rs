//! The encrypted build (`coffeechat build --encrypt`): one stage over the
//! finished private site that makes every page, the search index and every
//! file that may name a person readable only with the passphrase.
//!
//! - [`keys`]: the passphrase, the salt, PBKDF2 then HKDF;
//! - [`seal`]: the sealed-file format (AES-256-GCM with a synthetic IV);
//! - [`plan`]: each file's fate, the flat file names, link rewriting;
//! - [`shell`]: the clear page and the browser script that opens it;
//! - [`busy`]: the optional busy-only calendar;
//! - [`passphrase`]: `coffeechat passphrase`.
//!
//! docs/encryption.md has the design and its limits.

pub mod busy;
pub mod keys;
pub mod passphrase;
pub mod plan;
pub mod seal;
pub mod shell;

#[cfg(test)]
mod tests;

pub use keys::{Keys, Passphrase, Salt, DEFAULT_ITERATIONS, MIN_ITERATIONS, PASSPHRASE_VAR};
pub use plan::Fate;

use crate::output::Output;
use plan::{Links, RESERVED};
use rayon::prelude::*;

#[derive(Debug, thiserror::Error)]
pub enum EncryptError {
    #[error("an encrypted build needs a passphrase in the {PASSPHRASE_VAR} environment variable (never on the command line); `coffeechat passphrase` prints a strong one")]
    MissingPassphrase,
    #[error("the passphrase in {PASSPHRASE_VAR} is not valid UTF-8")]
    PassphraseNotUnicode,
    #[error("the passphrase in {PASSPHRASE_VAR} has {0} characters; an encrypted build needs at least 12 (`coffeechat passphrase` prints a strong one)")]
    ShortPassphrase(usize),
    #[error("publish.encrypt.salt `{value}` is not usable: {reason}")]
    BadSalt { value: String, reason: String },
    #[error(
        "{0} PBKDF2 iterations are too few: an encrypted build uses at least {MIN_ITERATIONS}"
    )]
    FewIterations(u32),
    #[error("cannot read random bytes from the operating system: {0}")]
    Random(String),
    #[error(
        "the site has a file `{0}`, a path the encrypted build uses for its own files; rename it"
    )]
    Reserved(String),
    #[error("cannot encrypt {0}")]
    Cipher(String),
    #[error("cannot decrypt {0}: wrong passphrase, or the file was changed or moved")]
    Open(String),
    #[error("{path} is not a sealed file: {reason}")]
    Format { path: String, reason: String },
    #[error("{path} is not valid {what}: {reason}")]
    Content {
        path: String,
        what: &'static str,
        reason: String,
    },
}

/// Choices of an encrypted build beyond the keys.
#[derive(Debug, Clone, Default)]
pub struct Settings {
    /// Publish `calendar.ics` in the clear with times only ("Busy", no
    /// names, places or notes, no all-day reminders).
    pub busy_calendar: bool,
}

/// An encrypted build ready to run: the passphrase checked, the salt read
/// (or made), the keys derived once. Make it before building, so a missing
/// or short passphrase stops the build before anything is written.
#[derive(Debug, Clone)]
pub struct Encryption {
    pub keys: Keys,
    pub settings: Settings,
    /// No salt was configured and a new one was made: the caller must save
    /// it as `publish.encrypt.salt` (and say so), or the next build's files
    /// all change and open with a different key.
    pub salt_is_new: bool,
}

impl Encryption {
    /// Reads the passphrase from `COFFEECHAT_PASSPHRASE`; `salt` is the
    /// configured `publish.encrypt.salt` (hex), `iterations` an optional
    /// configured count (at least [`MIN_ITERATIONS`]).
    pub fn from_env(
        salt: Option<&str>,
        iterations: Option<u32>,
        settings: Settings,
    ) -> Result<Encryption, EncryptError> {
        Encryption::new(&Passphrase::from_env()?, salt, iterations, settings)
    }

    pub fn new(
        passphrase: &Passphrase,
        salt: Option<&str>,
        iterations: Option<u32>,
        settings: Settings,
    ) -> Result<Encryption, EncryptError> {
        let (salt, salt_is_new) = match salt {
            Some(hex) => (hex.parse::<Salt>()?, false),
            None => (Salt::generate()?, true),
        };
        let keys = Keys::derive(passphrase, &salt, iterations.unwrap_or(DEFAULT_ITERATIONS))?;
        Ok(Encryption {
            keys,
            settings,
            salt_is_new,
        })
    }

    /// The encrypted form of a built private site; see [`encrypt_site`].
    pub fn apply(&self, output: &Output, base_path: &str) -> Result<Output, EncryptError> {
        encrypt_site(output, &self.keys, base_path, &self.settings)
    }
}

/// Encrypts a built private site. `base_path` is the site's path as its
/// links use it (`/prep/`, or `/`). The result holds:
/// - `index.html`, `404.html` and every other page (moved to
///   `s/<hmac>.html`) as shell pages carrying the sealed page, with links
///   already rewritten to the new names inside the plaintext;
/// - the search index and every other non-theme file (pictures, the
///   interviews' `.ics`) sealed at `s/<hmac>.bin`;
/// - the theme's styles, scripts and favicon as they were, plus
///   `unlock.js` and `unlock.css`;
/// - `robots.txt` refusing every crawler; no sitemap, no `contacts.vcf`,
///   and `calendar.ics` only as a busy-only calendar when asked.
pub fn encrypt_site(
    output: &Output,
    keys: &Keys,
    base_path: &str,
    settings: &Settings,
) -> Result<Output, EncryptError> {
    if let Some(taken) = output
        .files
        .keys()
        .find(|p| RESERVED.contains(&p.as_str()) || p.starts_with(plan::FLAT_DIR))
    {
        return Err(EncryptError::Reserved(taken.clone()));
    }
    let fates = plan::plan(output.files.keys(), keys);
    let links = Links::new(base_path, &fates);
    let head = shell::head_links(
        base_path,
        fates
            .iter()
            .filter(|(_, fate)| **fate == Fate::Clear)
            .map(|(path, _)| path.as_str()),
    );
    let files: Vec<(String, Vec<u8>)> = fates
        .par_iter()
        .filter_map(|(path, fate)| {
            let bytes = output.files.get(path)?;
            let made = match fate {
                Fate::Page(new) => page(keys, &links, base_path, path, new, bytes, &head),
                Fate::Sealed(new) => sealed(keys, &links, path, new, bytes),
                Fate::Clear => Ok((path.clone(), bytes.to_vec())),
                Fate::Dropped => return None,
            };
            Some(made)
        })
        .collect::<Result<_, _>>()?;
    let mut encrypted = Output::default();
    for (path, bytes) in files {
        encrypted.insert(path, bytes);
    }
    encrypted.insert("unlock.js", shell::UNLOCK_JS);
    encrypted.insert("unlock.css", shell::UNLOCK_CSS);
    encrypted.insert("robots.txt", "User-agent: *\nDisallow: /\n");
    if settings.busy_calendar {
        if let Some(ics) = output.get("calendar.ics") {
            let ics = std::str::from_utf8(ics).map_err(|e| EncryptError::Content {
                path: "calendar.ics".into(),
                what: "UTF-8",
                reason: e.to_string(),
            })?;
            encrypted.insert("calendar.ics", busy::busy_calendar(ics, keys));
        }
    }
    Ok(encrypted)
}

/// A page: links rewritten, sealed under its new path, wrapped in a shell.
fn page(
    keys: &Keys,
    links: &Links,
    base: &str,
    old: &str,
    new: &str,
    bytes: &[u8],
    head: &str,
) -> Result<(String, Vec<u8>), EncryptError> {
    let html = std::str::from_utf8(bytes).map_err(|e| EncryptError::Content {
        path: old.to_string(),
        what: "UTF-8",
        reason: e.to_string(),
    })?;
    let sealed = seal::seal(keys, new, links.rewrite_html(html).as_bytes())?;
    Ok((
        new.to_string(),
        shell::page(base, new, &sealed, head).into_bytes(),
    ))
}

/// Any other file: JSON has its links rewritten; everything is sealed.
fn sealed(
    keys: &Keys,
    links: &Links,
    old: &str,
    new: &str,
    bytes: &[u8],
) -> Result<(String, Vec<u8>), EncryptError> {
    let plain = if old.ends_with(".json") {
        let mut json: serde_json::Value =
            serde_json::from_slice(bytes).map_err(|e| EncryptError::Content {
                path: old.to_string(),
                what: "JSON",
                reason: e.to_string(),
            })?;
        links.rewrite_json(&mut json);
        serde_json::to_vec(&json).map_err(|e| EncryptError::Content {
            path: old.to_string(),
            what: "JSON",
            reason: e.to_string(),
        })?
    } else {
        bytes.to_vec()
    };
    Ok((new.to_string(), seal::seal(keys, new, &plain)?))
}

/// The fates the encryption gives to a site's files, for tests and for a
/// `--verbose` listing.
pub fn fates(output: &Output, keys: &Keys) -> std::collections::BTreeMap<String, Fate> {
    plan::plan(output.files.keys(), keys)
}
