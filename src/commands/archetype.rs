//! Note templates ("archetypes") and the starter site: Markdown files with
//! `{{placeholder}}`s, filled in by `init` and `new`.
//!
//! A placeholder in the front matter becomes a YAML scalar, quoted when the
//! value needs it, so a name like `Zoë: "Z" O'Neil` cannot break the YAML;
//! an empty value leaves the key empty (null). In the body the value is
//! inserted as plain text. Unknown placeholders are left as they are.

use crate::read::discover::Collection;
use crate::render::DEFAULT_THEME;
use std::collections::BTreeMap;
use std::path::Path;

/// Placeholder values by name (without braces).
pub type Values = BTreeMap<&'static str, String>;

/// Fills the placeholders of `template`.
pub fn fill(template: &str, values: &Values) -> String {
    let (front, body) = split_front(template);
    let mut out = String::with_capacity(template.len() + 64);
    // An empty value leaves `key: ` behind: drop the trailing blank.
    for line in replace(front, values, yaml_scalar).split_inclusive('\n') {
        let end = line.strip_suffix('\n');
        out.push_str(end.unwrap_or(line).trim_end());
        if end.is_some() {
            out.push('\n');
        }
    }
    out.push_str(&replace(body, values, |v| v.to_string()));
    out
}

/// The front matter (with both `---` lines) and the rest.
fn split_front(text: &str) -> (&str, &str) {
    let Some(rest) = text.strip_prefix("---\n") else {
        return ("", text);
    };
    match rest.find("\n---\n") {
        Some(end) => text.split_at(4 + end + 5),
        None => ("", text),
    }
}

fn replace(text: &str, values: &Values, quote: impl Fn(&str) -> String) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find("{{") {
        out.push_str(&rest[..start]);
        let after = &rest[start + 2..];
        match after.find("}}") {
            Some(end) if values.contains_key(after[..end].trim()) => {
                out.push_str(&quote(&values[after[..end].trim()]));
                rest = &after[end + 2..];
            }
            _ => {
                out.push_str("{{");
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// A YAML scalar for `value`: plain when that reads back as the same
/// string, else double-quoted (a JSON string is a valid YAML one).
pub fn yaml_scalar(value: &str) -> String {
    let plain = !value.is_empty()
        && value
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, ' ' | '-' | '_' | '.' | '/' | '@'))
        && value.starts_with(|c: char| c.is_alphanumeric())
        && !value.ends_with(' ')
        && !matches!(
            value.to_ascii_lowercase().as_str(),
            "true" | "false" | "yes" | "no" | "on" | "off" | "null" | "y" | "n"
        )
        && value.parse::<f64>().is_err();
    if value.is_empty() {
        String::new()
    } else if plain {
        value.to_string()
    } else {
        serde_json::Value::String(value.to_string()).to_string()
    }
}

/// The archetype file name of a collection: `contact.md`.
pub fn file_name(collection: Collection) -> &'static str {
    match collection {
        Collection::Companies => "company.md",
        Collection::Contacts => "contact.md",
        Collection::Questions => "questions.md",
        Collection::Interviews => "interview.md",
        Collection::Pages => "page.md",
    }
}

/// Where an archetype came from, for messages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    Site(std::path::PathBuf),
    BuiltIn,
}

/// The archetype of `collection`: the site's `archetypes/<kind>.md`, then
/// the theme's `themes/<theme>/archetypes/<kind>.md`, then the built-in one.
pub fn load(
    root: &Path,
    theme: Option<&str>,
    collection: Collection,
) -> std::io::Result<(String, Origin)> {
    let name = file_name(collection);
    let mut candidates = vec![Path::new("archetypes").join(name)];
    if let Some(t) = theme {
        candidates.push(Path::new("themes").join(t).join("archetypes").join(name));
    }
    for rel in candidates {
        match std::fs::read_to_string(root.join(&rel)) {
            Ok(text) => return Ok((text, Origin::Site(rel))),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(e),
        }
    }
    Ok((built_in(collection).to_string(), Origin::BuiltIn))
}

/// The archetype compiled into the binary (`themes/default/archetypes/`).
pub fn built_in(collection: Collection) -> &'static str {
    DEFAULT_THEME
        .get_file(format!("archetypes/{}", file_name(collection)))
        .and_then(|f| f.contents_utf8())
        .unwrap_or("---\n---\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn values(pairs: &[(&'static str, &str)]) -> Values {
        pairs.iter().map(|(k, v)| (*k, v.to_string())).collect()
    }

    #[test]
    fn front_matter_values_are_yaml_safe_and_body_values_plain() {
        let t = "---\nname: {{name}}\ncompany: {{company}}\n---\nHello {{name}} {{unknown}}\n";
        let out = fill(t, &values(&[("name", "Zoë: \"Z\" #1"), ("company", "")]));
        assert_eq!(
            out,
            "---\nname: \"Zoë: \\\"Z\\\" #1\"\ncompany:\n---\nHello Zoë: \"Z\" #1 {{unknown}}\n"
        );
        let yaml: serde_yaml::Value =
            serde_yaml::from_str(out.split("---\n").nth(1).unwrap()).unwrap();
        assert_eq!(yaml["name"].as_str(), Some("Zoë: \"Z\" #1"));
        assert!(yaml["company"].is_null());
    }

    #[test]
    fn plain_scalars_stay_plain_unless_ambiguous() {
        assert_eq!(yaml_scalar("Ana Lima"), "Ana Lima");
        assert_eq!(yaml_scalar("acme"), "acme");
        assert_eq!(yaml_scalar("yes"), "\"yes\"");
        assert_eq!(yaml_scalar("2026"), "\"2026\"");
        assert_eq!(yaml_scalar("2026-12-03 10:00"), "\"2026-12-03 10:00\"");
        assert_eq!(yaml_scalar("-x"), "\"-x\"");
    }

    #[test]
    fn every_collection_has_a_built_in_archetype() {
        for c in Collection::ALL {
            assert!(built_in(c).starts_with("---\n"), "{c:?}");
            assert_ne!(built_in(c), "---\n---\n", "{c:?}");
        }
    }
}
