//! PBKDF2-HMAC-SHA256, as RFC 8018 and WebCrypto define it, through the
//! RustCrypto `pbkdf2` crate.
//!
//! Why a crate of its own: `pbkdf2` is generic, so its code is compiled
//! into the crate that calls it. Called from coffeechat, 600,000 rounds
//! ran unoptimised in dev and test builds (seconds per derivation); here
//! the workspace's dev profile gives this crate `opt-level = 3`.

/// The 32-byte key PBKDF2-HMAC-SHA256 derives from `passphrase` and `salt`.
pub fn pbkdf2_sha256(passphrase: &[u8], salt: &[u8], iterations: u32) -> [u8; 32] {
    let mut out = [0u8; 32];
    pbkdf2::pbkdf2_hmac::<sha2::Sha256>(passphrase, salt, iterations, &mut out);
    out
}

#[cfg(test)]
mod tests {
    /// RFC 7914 §11, the PBKDF2-HMAC-SHA256 vector (first 32 bytes).
    #[test]
    fn matches_the_rfc_vector() {
        let out = super::pbkdf2_sha256(b"passwd", b"salt", 1);
        assert_eq!(out[..8], [0x55, 0xac, 0x04, 0x6e, 0x56, 0xe3, 0x08, 0x9f]);
    }
}
