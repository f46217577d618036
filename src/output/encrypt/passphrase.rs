//! `coffeechat passphrase`: a diceware-style passphrase from the EFF large
//! word list (7,776 words, so 12.9 bits a word; six words are 77 bits).
//! The list comes from the `diceware_wordlists` crate (MIT or Apache-2.0;
//! the list itself is the EFF's, CC BY 3.0).

use super::EncryptError;

/// Words a generated passphrase has unless asked otherwise.
pub const DEFAULT_WORDS: usize = 6;

/// The fewest words `coffeechat passphrase` gives: five are 64 bits, which
/// 600,000 PBKDF2 rounds put far out of reach of guessing.
pub const MIN_WORDS: usize = 5;

/// The word list.
pub fn words() -> &'static [&'static str] {
    &diceware_wordlists::EFF_LONG_WORDLIST
}

/// Bits of entropy of a passphrase of `n` words from [`words`].
pub fn entropy_bits(n: usize) -> f64 {
    n as f64 * (words().len() as f64).log2()
}

/// `n` words drawn uniformly with the operating system's randomness,
/// joined by `-`. Four words of the list have a hyphen of their own
/// (`drop-down`, `felt-tip`, `t-shirt`, `yo-yo`): the passphrase is typed
/// as shown, never split, so they take nothing from its strength.
pub fn generate(n: usize) -> Result<String, EncryptError> {
    Ok(pick(n)?.join("-"))
}

/// `n` words drawn uniformly from [`words`].
pub(crate) fn pick(n: usize) -> Result<Vec<&'static str>, EncryptError> {
    let list = words();
    (0..n)
        .map(|_| uniform(list.len()).map(|i| list[i]))
        .collect()
}

/// A uniform index below `n`, by rejection so no word is more likely.
fn uniform(n: usize) -> Result<usize, EncryptError> {
    let n = n as u32;
    let limit = u32::MAX - u32::MAX % n;
    loop {
        let mut bytes = [0u8; 4];
        getrandom::fill(&mut bytes).map_err(|e| EncryptError::Random(e.to_string()))?;
        let value = u32::from_le_bytes(bytes);
        if value < limit {
            return Ok((value % n) as usize);
        }
    }
}
