//! TOML front matter, between `+++` lines, as Hugo and Zola write it. It
//! is read into the same structs as YAML, with the same lenience: every
//! key of the wrong shape is reported and the rest kept.

use super::YamlError;
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

/// Parses TOML that starts on file line `first_line` into `T`; the
/// errors use the YAML error type, with file positions.
pub(crate) fn from_toml_lenient<T: DeserializeOwned>(
    text: &str,
    first_line: usize,
) -> (Option<T>, Vec<YamlError>) {
    let table = match text.parse::<toml::Table>() {
        Ok(t) => t,
        Err(e) => {
            let (line, column) = e.span().map_or((0, 0), |s| position(text, s.start));
            let error = YamlError {
                message: e.message().trim().to_string(),
                line: first_line + line,
                column: column + 1,
                path: None,
                key: None,
                context: None,
            };
            return (None, vec![error]);
        }
    };
    let mut map: Map<String, Value> = table.into_iter().map(|(k, v)| (k, json(v))).collect();
    zola_taxonomies(&mut map);
    if let Ok(v) = serde_json::from_value(Value::Object(map.clone())) {
        return (Some(v), Vec::new());
    }
    // Find the keys at fault one by one, as the YAML road does.
    let keys = top_level_keys(text, first_line);
    let mut errors = Vec::new();
    for key in map.keys().cloned().collect::<Vec<_>>() {
        let alone = Map::from_iter([(key.clone(), map[&key].clone())]);
        if let Err(e) = serde_json::from_value::<T>(Value::Object(alone)) {
            let line = keys
                .iter()
                .find(|(k, _)| *k == key)
                .map_or(first_line, |(_, l)| *l);
            let source = text.lines().nth(line - first_line).unwrap_or_default();
            let column = source.find('=').map_or(1, |c| {
                let after = &source[c + 1..];
                c + 2 + (after.len() - after.trim_start().len())
            });
            errors.push(YamlError {
                message: e.to_string(),
                line,
                column,
                path: Some(key.clone()),
                key: Some(key.clone()),
                context: None,
            });
            map.remove(&key);
        }
    }
    let value = serde_json::from_value(Value::Object(map)).ok();
    (value, errors)
}

/// Zola keeps tags under `[taxonomies]`; they are the note's tags.
fn zola_taxonomies(map: &mut Map<String, Value>) {
    if map.contains_key("tags") {
        return;
    }
    let tags = map.get("taxonomies").and_then(|t| t.get("tags")).cloned();
    if let Some(tags) = tags {
        map.insert("tags".to_string(), tags);
    }
}

fn json(value: toml::Value) -> Value {
    match value {
        toml::Value::String(s) => Value::String(s),
        toml::Value::Integer(i) => i.into(),
        toml::Value::Float(f) => serde_json::Number::from_f64(f).map_or(Value::Null, Value::Number),
        toml::Value::Boolean(b) => b.into(),
        // A date stays as written, as dates in YAML are read as text.
        toml::Value::Datetime(d) => Value::String(d.to_string()),
        toml::Value::Array(a) => Value::Array(a.into_iter().map(json).collect()),
        toml::Value::Table(t) => Value::Object(t.into_iter().map(|(k, v)| (k, json(v))).collect()),
    }
}

/// The 0-based line and column (in characters) of byte `offset` in `text`.
fn position(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset.min(text.len())];
    let line = before.matches('\n').count();
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    (line, before[line_start..].chars().count())
}

/// The top-level keys of a TOML front matter with their file lines: the
/// `key = value` lines before the first table, and each table's first
/// name (`[extra]`, `[taxonomies]`).
pub(crate) fn top_level_keys(text: &str, first_line: usize) -> Vec<(&str, usize)> {
    let mut keys: Vec<(&str, usize)> = Vec::new();
    let mut in_table = false;
    for (i, line) in text.lines().enumerate() {
        let t = line.trim();
        if let Some(header) = t.strip_prefix('[') {
            in_table = true;
            let name = header
                .trim_start_matches('[')
                .split(['.', ']'])
                .next()
                .unwrap_or("");
            let name = name.trim().trim_matches('"');
            if !name.is_empty() && !keys.iter().any(|(k, _)| *k == name) {
                keys.push((name, first_line + i));
            }
            continue;
        }
        if in_table || t.starts_with('#') {
            continue;
        }
        if let Some((key, _)) = t.split_once('=') {
            let key = key.trim().trim_matches('"');
            let key = key.split('.').next().unwrap_or(key);
            if !key.is_empty() && !key.contains(' ') {
                keys.push((key, first_line + i));
            }
        }
    }
    keys
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, Default, serde::Deserialize)]
    #[serde(default)]
    struct Front {
        title: Option<String>,
        weight: Option<u32>,
        tags: Vec<String>,
        date: Option<String>,
    }

    #[test]
    fn reads_hugo_and_zola_shapes() {
        let text = "title = \"Jean-Luc\"\ndate = 2026-03-01\n[taxonomies]\ntags = [\"mentor\"]\n";
        let (v, errors) = from_toml_lenient::<Front>(text, 2);
        let v = v.unwrap();
        assert!(errors.is_empty());
        assert_eq!(v.title.as_deref(), Some("Jean-Luc"));
        assert_eq!(v.date.as_deref(), Some("2026-03-01"));
        assert_eq!(v.tags, vec!["mentor"]);
        assert_eq!(
            top_level_keys(text, 2),
            vec![("title", 2), ("date", 3), ("taxonomies", 4)]
        );
    }

    #[test]
    fn bad_values_and_syntax_are_located() {
        let (v, errors) = from_toml_lenient::<Front>("title = \"A\"\nweight = \"heavy\"\n", 2);
        assert_eq!(v.unwrap().title.as_deref(), Some("A"));
        assert_eq!(
            (errors[0].key.as_deref(), errors[0].line, errors[0].column),
            (Some("weight"), 3, 10)
        );
        let (v, errors) = from_toml_lenient::<Front>("title = \"A\"\nweight = \n", 2);
        assert!(v.is_none());
        assert_eq!(errors[0].line, 3);
    }
}
