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
    if is_reserved(&slug) {
        // `con/index.html` cannot be made on Windows, nor cloned there.
        slug.push_str("-note");
    }
    slug
}

/// Names Windows reserves for devices, with any extension: a file or
/// folder `con`, `nul.html` or `com1` cannot exist there.
pub fn is_reserved(name: &str) -> bool {
    let stem = name.split('.').next().unwrap_or(name).to_ascii_lowercase();
    matches!(stem.as_str(), "con" | "prn" | "aux" | "nul")
        || ["com", "lpt"].iter().any(|p| {
            stem.strip_prefix(p)
                .is_some_and(|n| n.len() == 1 && n.as_bytes()[0].is_ascii_digit() && n != "0")
        })
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

    #[test]
    fn windows_device_names_are_never_slugs() {
        for name in ["con", "CON", "Nul", "aux", "prn", "com1", "LPT9"] {
            let slug = slugify(name);
            assert!(!is_reserved(&slug), "{name} gave {slug}");
            assert!(slug.ends_with("-note"), "{slug}");
        }
        assert_eq!(slugify("Con O'Neill"), "con-o-neill");
        assert_eq!(slugify("com10"), "com10");
        assert_eq!(slugify("com0"), "com0");
        assert_eq!(slugify("console"), "console");
        assert!(is_reserved("nul.html"));
    }
}
