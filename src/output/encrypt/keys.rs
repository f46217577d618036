//! The passphrase, the site's salt, and the keys derived from them.
//!
//! PBKDF2-HMAC-SHA256 stretches the passphrase once per build; HKDF then
//! splits the result into three independent keys, so the key the browser
//! keeps (content) reveals nothing about the ones only the build needs
//! (nonces, file names).

use super::EncryptError;
use hkdf::Hkdf;
use sha2::Sha256;
use std::fmt;

/// OWASP's 2023 figure for PBKDF2-HMAC-SHA256; fewer is refused.
pub const MIN_ITERATIONS: u32 = 600_000;
/// The iteration count a new site starts with.
pub const DEFAULT_ITERATIONS: u32 = MIN_ITERATIONS;
/// Bytes of a new salt (the minimum accepted, too).
pub const SALT_LEN: usize = 16;
/// The shortest passphrase accepted, in characters.
pub const MIN_PASSPHRASE_CHARS: usize = 12;
/// The environment variable an encrypted build reads its passphrase from.
pub const PASSPHRASE_VAR: &str = "COFFEECHAT_PASSPHRASE";

/// HKDF `info` strings. The browser script uses the content one verbatim.
pub(crate) const INFO_CONTENT: &[u8] = b"coffeechat v1 content key";
const INFO_NONCE: &[u8] = b"coffeechat v1 nonce key";
const INFO_NAME: &[u8] = b"coffeechat v1 file name key";

/// A passphrase long enough to be used. Its `Debug` never shows it.
#[derive(Clone, PartialEq, Eq)]
pub struct Passphrase(String);

impl Passphrase {
    /// Reads `COFFEECHAT_PASSPHRASE`; missing, not Unicode, or too short is
    /// an error that says what to do.
    pub fn from_env() -> Result<Passphrase, EncryptError> {
        match std::env::var(PASSPHRASE_VAR) {
            Ok(value) => Passphrase::new(value),
            Err(std::env::VarError::NotPresent) => Err(EncryptError::MissingPassphrase),
            Err(std::env::VarError::NotUnicode(_)) => Err(EncryptError::PassphraseNotUnicode),
        }
    }

    /// Checks a passphrase given some other way (a test, a prompt). The
    /// bytes are used as given: no trimming, no Unicode normalisation, so
    /// the browser derives the same key from what the user types.
    pub fn new(value: String) -> Result<Passphrase, EncryptError> {
        let chars = value.chars().count();
        if value.is_empty() {
            return Err(EncryptError::MissingPassphrase);
        }
        if chars < MIN_PASSPHRASE_CHARS {
            return Err(EncryptError::ShortPassphrase(chars));
        }
        Ok(Passphrase(value))
    }

    pub(crate) fn as_bytes(&self) -> &[u8] {
        self.0.as_bytes()
    }
}

impl fmt::Debug for Passphrase {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Passphrase(…)")
    }
}

/// A site's random salt, kept in the configuration as lower-case hex
/// (`publish.encrypt.salt`).
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct Salt(Vec<u8>);

impl Salt {
    /// A new salt of [`SALT_LEN`] bytes from the operating system.
    pub fn generate() -> Result<Salt, EncryptError> {
        let mut bytes = vec![0u8; SALT_LEN];
        getrandom::fill(&mut bytes).map_err(|e| EncryptError::Random(e.to_string()))?;
        Ok(Salt(bytes))
    }

    /// A salt from bytes: at least [`SALT_LEN`], at most 255 (the header
    /// stores its length in one byte).
    pub fn from_bytes(bytes: &[u8]) -> Result<Salt, EncryptError> {
        if bytes.len() < SALT_LEN || bytes.len() > 255 {
            return Err(EncryptError::BadSalt {
                value: hex(bytes),
                reason: format!("it has {} bytes; a salt has {SALT_LEN} to 255", bytes.len()),
            });
        }
        Ok(Salt(bytes.to_vec()))
    }

    pub fn as_bytes(&self) -> &[u8] {
        &self.0
    }
}

impl std::str::FromStr for Salt {
    type Err = EncryptError;

    /// Parses the hex form written to the configuration.
    fn from_str(s: &str) -> Result<Salt, EncryptError> {
        let bad = |reason: &str| EncryptError::BadSalt {
            value: s.to_string(),
            reason: reason.to_string(),
        };
        let s = s.trim();
        if s.len() % 2 != 0 {
            return Err(bad("a hex salt has an even number of digits"));
        }
        let bytes = (0..s.len())
            .step_by(2)
            .map(|i| s.get(i..i + 2).and_then(|d| u8::from_str_radix(d, 16).ok()))
            .collect::<Option<Vec<u8>>>()
            .ok_or_else(|| bad("it is not hexadecimal (0-9, a-f)"))?;
        Salt::from_bytes(&bytes)
    }
}

impl fmt::Display for Salt {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&hex(&self.0))
    }
}

/// Lower-case hex of some bytes.
pub(crate) fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// The three keys of one build, with the parameters that made them (the
/// clear header of every sealed file repeats those). `Debug` hides the keys.
#[derive(Clone)]
pub struct Keys {
    pub(crate) content: [u8; 32],
    pub(crate) nonce: [u8; 32],
    pub(crate) name: [u8; 32],
    pub(crate) salt: Salt,
    pub(crate) iterations: u32,
}

impl Keys {
    /// Stretches the passphrase (slow on purpose: about 0.2 s per 600,000
    /// iterations) and derives the build's keys. Call it once per build.
    pub fn derive(
        passphrase: &Passphrase,
        salt: &Salt,
        iterations: u32,
    ) -> Result<Keys, EncryptError> {
        if iterations < MIN_ITERATIONS {
            return Err(EncryptError::FewIterations(iterations));
        }
        Ok(Keys::derive_unchecked(
            passphrase.as_bytes(),
            salt,
            iterations,
        ))
    }

    /// [`Keys::derive`] without the iteration floor, so unit tests of the
    /// format need not pay for it.
    pub(crate) fn derive_unchecked(passphrase: &[u8], salt: &Salt, iterations: u32) -> Keys {
        let master = pbkdf2_sha256(passphrase, salt.as_bytes(), iterations);
        // No HKDF salt: PBKDF2 already mixed the site's salt in; WebCrypto's
        // empty salt gives the same result as Rust's `None`.
        let hk = Hkdf::<Sha256>::new(None, &master);
        let expand = |info: &[u8]| {
            let mut key = [0u8; 32];
            // 32 bytes is far below HKDF's limit of 255 * 32: never fails.
            hk.expand(info, &mut key)
                .expect("32 bytes is a valid HKDF-SHA256 output length");
            key
        };
        Keys {
            content: expand(INFO_CONTENT),
            nonce: expand(INFO_NONCE),
            name: expand(INFO_NAME),
            salt: salt.clone(),
            iterations,
        }
    }

    pub fn salt(&self) -> &Salt {
        &self.salt
    }

    pub fn iterations(&self) -> u32 {
        self.iterations
    }
}

/// PBKDF2-HMAC-SHA256 with a 32-byte output (one block), as RFC 8018 and
/// WebCrypto define it (see crates/kdf for why it lives apart).
pub(crate) fn pbkdf2_sha256(passphrase: &[u8], salt: &[u8], iterations: u32) -> [u8; 32] {
    coffeechat_kdf::pbkdf2_sha256(passphrase, salt, iterations)
}

impl fmt::Debug for Keys {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Keys")
            .field("salt", &self.salt)
            .field("iterations", &self.iterations)
            .finish_non_exhaustive()
    }
}
