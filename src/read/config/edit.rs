//! Writing a value back into `coffeechat.yaml`: the one case is the salt
//! of encrypted builds, made by the first one. The file is the user's, so
//! it is edited as text (comments and order kept), checked by reading it
//! back, and replaced in one rename.

use super::Config;
use std::path::Path;

/// Adds `publish.encrypt.salt: <salt>` to the configuration at `path`.
/// Refuses, changing nothing, where the file's shape is not one this can
/// edit safely (a flow-style `publish: {…}`), saying what to add by hand.
pub fn add_salt(path: &Path, salt: &str) -> Result<(), String> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    let by_hand = || {
        format!(
            "add the new salt to {} yourself, under `publish:` → `encrypt:`, as `salt: {salt}`",
            path.display()
        )
    };
    let edited = with_salt(&text, salt).ok_or_else(by_hand)?;
    let config = Config::parse(&edited, path).map_err(|_| by_hand())?;
    if config.publish.encrypt.salt.as_deref() != Some(salt) {
        return Err(by_hand());
    }
    let temp = path.with_extension("yaml.coffeechat-new");
    std::fs::write(&temp, &edited)
        .and_then(|()| std::fs::rename(&temp, path))
        .map_err(|e| {
            let _ = std::fs::remove_file(&temp);
            format!("cannot write {}: {e}; {}", path.display(), by_hand())
        })
}

/// The configuration text with the salt added, or `None` where the
/// `publish` or `encrypt` key holds a value on its own line (flow style).
fn with_salt(text: &str, salt: &str) -> Option<String> {
    let lines: Vec<&str> = text.lines().collect();
    let Some(publish) = lines.iter().position(|l| key_of(l) == Some((0, "publish"))) else {
        let mut out = text.to_string();
        if !out.is_empty() && !out.ends_with('\n') {
            out.push('\n');
        }
        out.push_str(&format!(
            "\n# Encrypted builds (--encrypt): the site's random salt. Not a secret;\n# changing it changes every published file.\npublish:\n  encrypt:\n    salt: {salt}\n"
        ));
        return Some(out);
    };
    if has_value(lines[publish]) {
        return None;
    }
    let block_end = (publish + 1..lines.len())
        .find(|&i| {
            !lines[i].trim().is_empty() && indent(lines[i]) == 0 && !lines[i].starts_with('#')
        })
        .unwrap_or(lines.len());
    let child = (publish + 1..block_end)
        .map(|i| lines[i])
        .find(|l| !l.trim().is_empty() && !l.trim_start().starts_with('#'))
        .map_or(2, indent);
    let encrypt = (publish + 1..block_end).find(|&i| key_of(lines[i]) == Some((child, "encrypt")));
    let (at, insert) = match encrypt {
        Some(i) if has_value(lines[i]) => return None,
        Some(i) => (i + 1, format!("{}salt: {salt}", " ".repeat(child * 2))),
        None => (
            publish + 1,
            format!(
                "{0}encrypt:\n{1}salt: {salt}",
                " ".repeat(child),
                " ".repeat(child * 2)
            ),
        ),
    };
    let mut out: Vec<String> = lines.iter().map(|l| l.to_string()).collect();
    out.insert(at, insert);
    Some(out.join("\n") + "\n")
}

fn indent(line: &str) -> usize {
    line.len() - line.trim_start_matches(' ').len()
}

/// The indentation and key of a `key:` line.
fn key_of(line: &str) -> Option<(usize, &str)> {
    let trimmed = line.trim_start_matches(' ');
    let (key, _) = trimmed.split_once(':')?;
    (!key.is_empty() && key.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'))
        .then_some((indent(line), key))
}

/// Whether a `key:` line has its value on the same line.
fn has_value(line: &str) -> bool {
    line.split_once(':').is_some_and(|(_, v)| {
        let v = v.trim();
        !v.is_empty() && !v.starts_with('#')
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn salt_of(text: &str) -> Option<String> {
        Config::parse(text, Path::new("coffeechat.yaml"))
            .ok()?
            .publish
            .encrypt
            .salt
    }

    #[test]
    fn the_salt_goes_where_the_file_has_room() {
        let salt = "00112233445566778899aabbccddeeff";
        for text in [
            "title: T\n",
            "title: T",
            "title: T\npublish:\n  drop: [body]\n",
            "title: T\npublish:\n    drop: [body]\n# end\nallow_indexing: false\n",
            "title: T\npublish:\n  encrypt:\n    busy_calendar: true\n",
        ] {
            let edited = with_salt(text, salt).expect("editable");
            assert_eq!(salt_of(&edited).as_deref(), Some(salt), "{edited}");
            assert!(edited.starts_with("title: T\n"), "{edited}");
        }
        let kept = with_salt("title: T\npublish:\n  drop: [body]\n", salt).unwrap();
        assert!(Config::parse(&kept, Path::new("c.yaml"))
            .unwrap()
            .publish
            .drops("body"));
    }

    #[test]
    fn flow_style_is_left_to_the_user() {
        let salt = "00112233445566778899aabbccddeeff";
        assert_eq!(with_salt("publish: {public: false}\n", salt), None);
        assert_eq!(
            with_salt("publish:\n  encrypt: {busy_calendar: true}\n", salt),
            None
        );
    }
}
