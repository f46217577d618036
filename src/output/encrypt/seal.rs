//! The sealed-file format: a clear header, a synthetic nonce, and AES-256-GCM.
//!
//! ```text
//! magic "CCEN" | version (1 byte) | PBKDF2 iterations (u32, big-endian)
//! | salt length (1 byte) | salt | nonce (12 bytes) | ciphertext and tag
//! ```
//!
//! The associated data is the version byte followed by the file's final
//! path in the output (`s/3f…a1.html`, `index.html`), so a ciphertext copied
//! to another URL fails to open. The nonce is the first 12 bytes of
//! HMAC-SHA256 under the nonce key over the associated data and the
//! plaintext (a synthetic IV, since WebCrypto has no AES-GCM-SIV): the same
//! file always seals to the same bytes, and two different plaintexts get
//! the same nonce only by an HMAC collision.

use super::keys::{Keys, Salt};
use super::EncryptError;
use aes_gcm::aead::{Aead, KeyInit, Payload};
use aes_gcm::{Aes256Gcm, Nonce};
use hmac::{Hmac, Mac};
use sha2::Sha256;

pub const MAGIC: &[u8; 4] = b"CCEN";
pub const VERSION: u8 = 1;
const NONCE_LEN: usize = 12;

/// The associated data of a file at `path`.
fn associated_data(version: u8, path: &str) -> Vec<u8> {
    let mut ad = Vec::with_capacity(1 + path.len());
    ad.push(version);
    ad.extend_from_slice(path.as_bytes());
    ad
}

/// HMAC-SHA256 under `key` over the parts, each prefixed with its length
/// so that no two different splits hash alike.
pub(crate) fn mac(key: &[u8; 32], parts: &[&[u8]]) -> [u8; 32] {
    let mut m =
        <Hmac<Sha256> as Mac>::new_from_slice(key).expect("HMAC accepts a key of any length");
    for part in parts {
        m.update(&(part.len() as u64).to_be_bytes());
        m.update(part);
    }
    m.finalize().into_bytes().into()
}

/// Seals `plaintext` for the output path `path`.
pub fn seal(keys: &Keys, path: &str, plaintext: &[u8]) -> Result<Vec<u8>, EncryptError> {
    let ad = associated_data(VERSION, path);
    let synthetic = mac(&keys.nonce, &[&ad, plaintext]);
    let nonce = &synthetic[..NONCE_LEN];
    let cipher = Aes256Gcm::new_from_slice(&keys.content)
        .map_err(|_| EncryptError::Cipher(path.to_string()))?;
    let body = cipher
        .encrypt(
            Nonce::from_slice(nonce),
            Payload {
                msg: plaintext,
                aad: &ad,
            },
        )
        .map_err(|_| EncryptError::Cipher(path.to_string()))?;
    let salt = keys.salt.as_bytes();
    let mut out = Vec::with_capacity(10 + salt.len() + NONCE_LEN + body.len());
    out.extend_from_slice(MAGIC);
    out.push(VERSION);
    out.extend_from_slice(&keys.iterations.to_be_bytes());
    // Salt::from_bytes keeps salts at 255 bytes or fewer.
    out.push(salt.len() as u8);
    out.extend_from_slice(salt);
    out.extend_from_slice(nonce);
    out.extend_from_slice(&body);
    Ok(out)
}

/// The clear header of a sealed file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Header {
    pub version: u8,
    pub iterations: u32,
    pub salt: Salt,
}

/// Reads the header, returning it and the rest (nonce, ciphertext).
pub fn header<'a>(path: &str, sealed: &'a [u8]) -> Result<(Header, &'a [u8]), EncryptError> {
    let bad = |reason: &str| EncryptError::Format {
        path: path.to_string(),
        reason: reason.to_string(),
    };
    let rest = sealed
        .strip_prefix(MAGIC.as_slice())
        .ok_or_else(|| bad("it does not start with CCEN"))?;
    let (&version, rest) = rest.split_first().ok_or_else(|| bad("it ends early"))?;
    if version != VERSION {
        return Err(bad(&format!("format version {version} is not known")));
    }
    let (iterations, rest) = rest
        .split_first_chunk::<4>()
        .ok_or_else(|| bad("it ends early"))?;
    let (&salt_len, rest) = rest.split_first().ok_or_else(|| bad("it ends early"))?;
    let (salt, rest) = rest
        .split_at_checked(usize::from(salt_len))
        .ok_or_else(|| bad("it ends early"))?;
    let header = Header {
        version,
        iterations: u32::from_be_bytes(*iterations),
        salt: Salt::from_bytes(salt)?,
    };
    Ok((header, rest))
}

/// Opens a file sealed for `path`: what the browser script does, for tests
/// and for tools that check a published site.
pub fn open(keys: &Keys, path: &str, sealed: &[u8]) -> Result<Vec<u8>, EncryptError> {
    let (header, rest) = header(path, sealed)?;
    if header.salt != keys.salt || header.iterations != keys.iterations {
        return Err(EncryptError::Open(path.to_string()));
    }
    let (nonce, body) = rest
        .split_at_checked(NONCE_LEN)
        .ok_or_else(|| EncryptError::Open(path.to_string()))?;
    let cipher = Aes256Gcm::new_from_slice(&keys.content)
        .map_err(|_| EncryptError::Open(path.to_string()))?;
    cipher
        .decrypt(
            Nonce::from_slice(nonce),
            Payload {
                msg: body,
                aad: &associated_data(header.version, path),
            },
        )
        .map_err(|_| EncryptError::Open(path.to_string()))
}
