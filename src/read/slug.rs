//! Slugs: the names notes are addressed by.

/// Lower-case ASCII letters and digits joined by single hyphens, with other
/// scripts transliterated: `Zoë Müller` becomes `zoe-muller`.
pub fn slugify(text: &str) -> String {
    let ascii = deunicode::deunicode(text);
    let mut slug = String::with_capacity(ascii.len());
    for c in ascii.chars() {
        if c.is_ascii_alphanumeric() {
            slug.push(c.to_ascii_lowercase());
        } else if !slug.is_empty() && !slug.ends_with('-') {
            slug.push('-');
        }
    }
    while slug.ends_with('-') {
        slug.pop();
    }
    slug
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_are_url_safe() {
        assert_eq!(slugify("Zoë Müller"), "zoe-muller");
        assert_eq!(slugify("  ../etc/passwd "), "etc-passwd");
        assert_eq!(slugify("Tomás García 12"), "tomas-garcia-12");
        assert_eq!(slugify("a\0b"), "a-b");
        assert_eq!(slugify("!!!"), "");
    }
}
