//! `coffeechat passphrase`.

use super::Failure;
use crate::output::encrypt::passphrase;

/// Prints a generated passphrase of `words` words, and how strong it is.
pub fn run(words: usize) -> Result<(), Failure> {
    if words < passphrase::MIN_WORDS {
        return Err(Failure::Usage(format!(
            "--words {words} is too few: a passphrase needs at least {} words",
            passphrase::MIN_WORDS
        )));
    }
    let phrase = passphrase::generate(words).map_err(Failure::error)?;
    println!("{phrase}");
    eprintln!(
        "{words} words from the EFF list, about {:.0} bits: keep it in a password manager and in the COFFEECHAT_PASSPHRASE secret",
        passphrase::entropy_bits(words)
    );
    Ok(())
}
