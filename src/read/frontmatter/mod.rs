//! Splitting a note into front matter and body, and reading YAML.
//!
//! This is the only module that names `serde_yaml`, so the YAML library can
//! be swapped by changing this file alone.

pub(crate) mod messages;
mod numbers;
pub(crate) mod toml;

use serde::de::DeserializeOwned;

/// The language of a front matter: YAML between `---` lines, or TOML
/// between `+++` lines as Hugo and Zola write it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Yaml,
    Toml,
}

/// A note's text cut in two. Line numbers are 1-based lines of the file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Split<'a> {
    /// The front matter between the fences (without them); YAML unless
    /// `format` says otherwise.
    pub yaml: &'a str,
    pub format: Format,
    /// The file line on which `yaml` starts.
    pub yaml_line: usize,
    pub body: &'a str,
    /// The file line on which `body` starts.
    pub body_line: usize,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SplitError {
    /// The file does not start with a `---` line.
    Missing,
    /// The opening `---` has no closing `---`.
    NotClosed,
}

/// Cuts `text` at the front matter fences. A leading BOM, blank lines
/// before the opening fence and CRLF line ends are accepted; the closing
/// YAML fence may also be `...`, as in YAML itself. `+++` fences hold TOML.
pub fn split(text: &str) -> Result<Split<'_>, SplitError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut lines = text.split_inclusive('\n');
    let mut start = 0;
    let mut fence_line = 1;
    let format = loop {
        let first = lines.next().ok_or(SplitError::Missing)?;
        start += first.len();
        match first.trim_end() {
            "---" => break Format::Yaml,
            "+++" => break Format::Toml,
            "" => fence_line += 1,
            _ => return Err(SplitError::Missing),
        }
    };
    let mut offset = start;
    for (line, l) in (fence_line + 1..).zip(lines) {
        let fence = l.trim_end();
        let closes = match format {
            Format::Yaml => fence == "---" || fence == "...",
            Format::Toml => fence == "+++",
        };
        if closes {
            return Ok(Split {
                yaml: &text[start..offset],
                format,
                yaml_line: fence_line + 1,
                body: &text[offset + l.len()..],
                body_line: line + 1,
            });
        }
        offset += l.len();
    }
    Err(SplitError::NotClosed)
}

/// A YAML error with its position in the file (not in the YAML snippet).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct YamlError {
    /// serde_yaml's message, without its position and without the path of
    /// the value at fault (that is in `path`).
    pub message: String,
    pub line: usize,
    pub column: usize,
    /// Where the value at fault sits, e.g. `goals[1]`, for a value of the
    /// wrong shape; `None` for a syntax error.
    pub path: Option<String>,
    /// The top-level key whose value is at fault.
    pub key: Option<String>,
    /// For a syntax error, what the parser was reading and where that
    /// started in the file: ("scanning a quoted scalar", line, column).
    pub context: Option<Box<(String, usize, usize)>>,
}

impl YamlError {
    /// Whether the YAML itself could not be read (rather than one value
    /// having the wrong shape).
    pub fn is_syntax(&self) -> bool {
        self.key.is_none()
    }
}

/// Parses `yaml` that starts on file line `first_line` into `T`.
pub fn from_yaml<T: DeserializeOwned>(yaml: &str, first_line: usize) -> Result<T, YamlError> {
    serde_yaml::from_str(non_null(yaml)).map_err(|e| yaml_error(&e, first_line, None))
}

/// An empty front matter is an empty map, not YAML's null.
fn non_null(yaml: &str) -> &str {
    if yaml.trim().is_empty() {
        "{}"
    } else {
        yaml
    }
}

fn yaml_error(e: &serde_yaml::Error, first_line: usize, key: Option<String>) -> YamlError {
    let (line, column) = e
        .location()
        .map(|l| (l.line() + first_line - 1, l.column()))
        .unwrap_or((first_line, 0));
    let full = e.to_string();
    let mut message = clean_message(&full);
    let context = full.split_once(", while ").and_then(|(_, c)| {
        let (what, at) = c.split_once(" at line ")?;
        let (l, col) = at.split_once(" column ")?;
        let l: usize = l.trim().parse().ok()?;
        let col: usize = col.trim().parse().ok()?;
        Some(Box::new((what.to_string(), l + first_line - 1, col)))
    });
    let mut path = None;
    if key.is_some() {
        // A data error reads "goals[1]: invalid type: ..."; keep the path apart.
        if let Some((p, rest)) = message.split_once(": ") {
            if !p.contains(' ') {
                path = Some(p.to_string());
                message = rest.to_string();
            }
        }
    }
    YamlError {
        message,
        line,
        column,
        path,
        key,
        context,
    }
}

/// Parses `yaml` into `T`, reporting every value of the wrong shape rather
/// than the first. A syntax error stops at once (YAML cannot be read past
/// it); a bad value is reported, its key blanked out (keeping line numbers),
/// and the rest parsed again, so the note can still be checked further.
/// Returns the value, with the bad keys left at their defaults, and the
/// errors; no value when the YAML cannot be read at all.
pub fn from_yaml_lenient<T: DeserializeOwned>(
    yaml: &str,
    first_line: usize,
) -> (Option<T>, Vec<YamlError>) {
    // Unquoted `1.10` or `0x1F` are text as written, not numbers.
    let yaml = &numbers::quote_numbers(yaml);
    let keys = top_level_keys(yaml, first_line);
    let mut lines: Vec<&str> = yaml.lines().collect();
    // Nearly every note is fine: read it in one typed pass, and take the
    // slow road below (which finds every error) only when that fails. The
    // one pass sees what the slow road's first pass would refuse: a key
    // repeated at the top (every top-level line is a key it can name), or
    // deeper (free-form data is read with `strict_data`; typed structs
    // refuse a repeated field).
    let unique = keys
        .iter()
        .enumerate()
        .all(|(n, (key, _))| !keys[..n].iter().any(|(k, _)| k == key));
    let all_keys_seen = lines
        .iter()
        .all(|l| !l.starts_with(|c: char| !c.is_whitespace() && c != '#') || key_of(l).is_some());
    if !keys.is_empty() && unique && all_keys_seen {
        if let Ok(value) = serde_yaml::from_str::<T>(non_null(&lines.join("\n"))) {
            return (Some(value), Vec::new());
        }
    }
    let mut errors = Vec::new();
    // A repeated key: YAML refuses the whole map; report it and keep the first.
    for (n, (key, line)) in keys.iter().enumerate() {
        if keys[..n].iter().any(|(k, _)| k == key) {
            errors.push(YamlError {
                message: format!("the key `{key}` appears twice"),
                line: *line,
                column: 1,
                path: Some(key.to_string()),
                key: Some(key.to_string()),
                context: None,
            });
            let end = keys
                .get(n + 1)
                .map_or(first_line + lines.len(), |(_, l)| *l);
            blank(&mut lines, first_line, *line, end);
        }
    }
    let text = lines.join("\n");
    match serde_yaml::from_str::<serde_yaml::Value>(non_null(&text)) {
        Err(e) => {
            errors.push(yaml_error(&e, first_line, None));
            return (None, errors);
        }
        Ok(serde_yaml::Value::Mapping(_) | serde_yaml::Value::Null) => {}
        Ok(_) => {
            errors.push(YamlError {
                message: "the front matter is not a list of `key: value` lines".into(),
                line: first_line,
                column: 1,
                path: None,
                key: None,
                context: None,
            });
            return (None, errors);
        }
    }
    // Each round blanks one key, so this ends after at most `keys.len()` rounds.
    for _ in 0..=keys.len() {
        let text = lines.join("\n");
        let e = match serde_yaml::from_str::<T>(non_null(&text)) {
            Ok(v) => return (Some(v), errors),
            Err(e) => e,
        };
        let line = e.location().map(|l| l.line() + first_line - 1);
        let Some((key, start, end)) =
            line.and_then(|l| key_block(&keys, l, first_line + lines.len()))
        else {
            errors.push(yaml_error(&e, first_line, None));
            return (None, errors);
        };
        errors.push(yaml_error(&e, first_line, Some(key.to_string())));
        if lines[start - first_line].is_empty() {
            // Blanking changed nothing: give up rather than loop.
            return (None, errors);
        }
        blank(&mut lines, first_line, start, end);
    }
    (None, errors)
}

/// Empties file lines `[start, end)` of the YAML, keeping their count.
fn blank(lines: &mut [&str], first_line: usize, start: usize, end: usize) {
    let end = (end - first_line).min(lines.len());
    for l in &mut lines[start - first_line..end] {
        *l = "";
    }
}

/// The key whose block holds file line `line`, with the block's file lines
/// `[start, end)`.
fn key_block<'a>(
    keys: &[(&'a str, usize)],
    line: usize,
    end_of_yaml: usize,
) -> Option<(&'a str, usize, usize)> {
    let i = keys.iter().rposition(|(_, l)| *l <= line)?;
    let end = keys.get(i + 1).map_or(end_of_yaml, |(_, l)| *l);
    Some((keys[i].0, keys[i].1, end))
}

/// Reads free-form data (`extra:`, a bank's question items) as JSON
/// values, refusing a key repeated at any depth, as YAML does.
pub fn strict_data<'de, D: serde::Deserializer<'de>>(d: D) -> Result<serde_json::Value, D::Error> {
    d.deserialize_any(StrictData)
}

/// [`strict_data`] for a list.
pub fn strict_data_list<'de, D: serde::Deserializer<'de>>(
    d: D,
) -> Result<Vec<serde_json::Value>, D::Error> {
    struct Items;
    impl<'de> serde::de::Visitor<'de> for Items {
        type Value = Vec<serde_json::Value>;
        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str("a list")
        }
        fn visit_seq<A: serde::de::SeqAccess<'de>>(
            self,
            mut seq: A,
        ) -> Result<Self::Value, A::Error> {
            let mut items = Vec::new();
            while let Some(Strict(v)) = seq.next_element()? {
                items.push(v);
            }
            Ok(items)
        }
    }
    d.deserialize_seq(Items)
}

struct Strict(serde_json::Value);

impl<'de> serde::Deserialize<'de> for Strict {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        strict_data(d).map(Strict)
    }
}

struct StrictData;

impl<'de> serde::de::Visitor<'de> for StrictData {
    type Value = serde_json::Value;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("any value")
    }
    fn visit_bool<E>(self, v: bool) -> Result<Self::Value, E> {
        Ok(v.into())
    }
    fn visit_i64<E>(self, v: i64) -> Result<Self::Value, E> {
        Ok(v.into())
    }
    fn visit_u64<E>(self, v: u64) -> Result<Self::Value, E> {
        Ok(v.into())
    }
    fn visit_f64<E>(self, v: f64) -> Result<Self::Value, E> {
        Ok(serde_json::Number::from_f64(v).map_or(serde_json::Value::Null, Into::into))
    }
    fn visit_str<E>(self, v: &str) -> Result<Self::Value, E> {
        Ok(v.into())
    }
    fn visit_string<E>(self, v: String) -> Result<Self::Value, E> {
        Ok(v.into())
    }
    fn visit_unit<E>(self) -> Result<Self::Value, E> {
        Ok(serde_json::Value::Null)
    }
    fn visit_none<E>(self) -> Result<Self::Value, E> {
        Ok(serde_json::Value::Null)
    }
    fn visit_some<D: serde::Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        strict_data(d)
    }
    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let mut items = Vec::new();
        while let Some(Strict(v)) = seq.next_element()? {
            items.push(v);
        }
        Ok(items.into())
    }
    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut out = serde_json::Map::new();
        while let Some(key) = map.next_key::<String>()? {
            let Strict(value) = map.next_value()?;
            if out.insert(key.clone(), value).is_some() {
                return Err(serde::de::Error::custom(format!(
                    "duplicate entry with key \"{key}\""
                )));
            }
        }
        Ok(out.into())
    }
}

/// Writes `value` as YAML front matter lines (without the `---` fences).
/// Strings are quoted wherever YAML would read them otherwise, so a name
/// such as `Yes: "No"` comes back as written.
pub fn to_yaml<T: serde::Serialize>(value: &T) -> Result<String, String> {
    serde_yaml::to_string(value).map_err(|e| e.to_string())
}

/// serde_yaml appends " at line X column Y" to messages; we report the
/// position ourselves, shifted to the file, so that part would mislead.
fn clean_message(message: &str) -> String {
    match message.find(" at line ") {
        Some(i) => message[..i].to_string(),
        None => message.to_string(),
    }
}

/// The top-level keys of a front matter with their file lines, whatever
/// its language.
pub fn keys<'a>(split: &Split<'a>) -> Vec<(&'a str, usize)> {
    match split.format {
        Format::Yaml => top_level_keys(split.yaml, split.yaml_line),
        Format::Toml => toml::top_level_keys(split.yaml, split.yaml_line),
    }
}

/// The whole front matter as free data, for keeping the keys of other
/// tools under `extra`; `None` when it cannot be read as a map.
pub(crate) fn raw_map(
    text: &str,
    format: Format,
    first_line: usize,
) -> Option<serde_json::Map<String, serde_json::Value>> {
    let value = match format {
        Format::Yaml => {
            from_yaml::<serde_json::Value>(&numbers::quote_numbers(text), first_line).ok()
        }
        Format::Toml => toml::from_toml_lenient::<serde_json::Value>(text, first_line).0,
    };
    match value {
        Some(serde_json::Value::Object(m)) => Some(m),
        _ => None,
    }
}

/// The top-level keys of a block-style YAML mapping, with their file lines.
/// Used to point at a field and to warn about unknown keys without parsing
/// the YAML a second time.
pub fn top_level_keys(yaml: &str, first_line: usize) -> Vec<(&str, usize)> {
    yaml.lines()
        .enumerate()
        .filter_map(|(i, l)| key_of(l).map(|k| (k, first_line + i)))
        .collect()
}

fn key_of(line: &str) -> Option<&str> {
    let first = line.chars().next()?;
    if !(first.is_ascii_alphabetic() || first == '_' || first == '"' || first == '\'') {
        return None;
    }
    let colon = line.find(':')?;
    let key = line[..colon].trim().trim_matches(|c| c == '"' || c == '\'');
    let after = &line[colon + 1..];
    (after.is_empty() || after.starts_with([' ', '\t'])).then_some(key)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, Default, serde::Deserialize)]
    #[serde(default)]
    struct Free {
        name: Option<String>,
        #[serde(deserialize_with = "strict_data")]
        extra: serde_json::Value,
    }

    #[test]
    fn a_key_repeated_deep_in_free_data_is_an_error() {
        let (_, errors) = from_yaml_lenient::<Free>("name: A\nextra:\n  a: 1\n  a: 2\n", 2);
        assert!(!errors.is_empty(), "accepted silently");
    }

    #[test]
    fn a_repeated_key_the_key_scanner_cannot_name_is_an_error() {
        let (_, errors) = from_yaml_lenient::<Free>("name: A\nüber: 1\nüber: 2\n", 2);
        assert!(!errors.is_empty(), "accepted silently");
    }

    #[test]
    fn a_block_scalar_at_the_end_reads_the_same_on_both_roads() {
        let yaml = "name: A\nextra:\n  pitch: |\n    x\n";
        let (v, errors) = from_yaml_lenient::<Free>(yaml, 2);
        assert!(errors.is_empty());
        assert_eq!(v.map(|v| v.extra["pitch"].clone()), Some("x".into()));
    }

    #[test]
    fn splits_with_bom_and_crlf() {
        let s = split("\u{feff}---\r\nname: A\r\n---\r\nbody\r\n").unwrap();
        assert_eq!(s.yaml, "name: A\r\n");
        assert_eq!(s.body, "body\r\n");
        assert_eq!(s.body_line, 4);
    }

    #[test]
    fn splits_toml_and_fences_after_blank_lines() {
        let s = split("+++\ntitle = \"A\"\n+++\nbody\n").unwrap();
        assert_eq!(
            (s.format, s.yaml, s.body_line),
            (Format::Toml, "title = \"A\"\n", 4)
        );
        let s = split("\n\n---\nname: A\n---\nbody\n").unwrap();
        assert_eq!(
            (s.format, s.yaml, s.yaml_line, s.body_line),
            (Format::Yaml, "name: A\n", 4, 6)
        );
        assert_eq!(split("+++\na = 1\n---\n"), Err(SplitError::NotClosed));
    }

    #[test]
    fn reports_missing_and_unclosed() {
        assert_eq!(split("hello"), Err(SplitError::Missing));
        assert_eq!(split("---\nname: A\n"), Err(SplitError::NotClosed));
    }

    #[test]
    fn yaml_error_lines_are_file_lines() {
        let err = from_yaml::<serde_json::Value>("a: 1\nb: [\n", 2).unwrap_err();
        assert!(err.line >= 3, "{err:?}");
    }

    #[derive(Debug, Default, serde::Deserialize)]
    #[serde(default)]
    struct Front {
        name: Option<String>,
        duration: Option<u32>,
        goals: Vec<String>,
    }

    #[test]
    fn every_bad_value_is_reported_and_the_rest_kept() {
        let yaml = "name: A\nduration: thirty\ngoals:\n  - a\n  - {b: c}\n";
        let (value, errors) = from_yaml_lenient::<Front>(yaml, 2);
        let value = value.expect("the rest parses");
        assert_eq!(value.name.as_deref(), Some("A"));
        let found: Vec<_> = errors
            .iter()
            .map(|e| (e.key.as_deref(), e.path.as_deref(), e.line, e.column))
            .collect();
        assert_eq!(
            found,
            vec![
                (Some("duration"), Some("duration"), 3, 11),
                (Some("goals"), Some("goals[1]"), 6, 5)
            ]
        );
        assert_eq!(
            errors[0].message,
            "invalid type: string \"thirty\", expected u32"
        );
    }

    #[test]
    fn syntax_errors_stop_and_duplicates_point_at_the_repeat() {
        let (value, errors) = from_yaml_lenient::<Front>("name: A\n\tduration: 3\n", 2);
        assert!(value.is_none());
        assert!(errors[0].is_syntax());
        assert_eq!(errors[0].line, 3);
        let (value, errors) = from_yaml_lenient::<Front>("name: A\nduration: 3\nname: B\n", 2);
        assert!(value.is_some());
        assert_eq!(
            (errors[0].line, errors[0].key.as_deref()),
            (4, Some("name"))
        );
    }

    #[test]
    fn finds_top_level_keys() {
        let keys = top_level_keys("name: A\ntags:\n  - x\n\"slug\": b\n# c: no\n", 2);
        assert_eq!(keys, vec![("name", 2), ("tags", 3), ("slug", 5)]);
    }
}
