//! docs/templates.md documents every variable each template receives, and
//! nothing else: this test checks the demo's page data against it.

use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};

/// A documented field: its name and, for structured values, its type.
#[derive(Debug, Clone)]
struct Field {
    ty: Option<String>,
    list: bool,
}

#[derive(Debug, Default)]
struct Docs {
    /// Template name → its variables.
    pages: BTreeMap<String, BTreeMap<String, Field>>,
    /// Type name → its fields, inherited ones included.
    types: BTreeMap<String, BTreeMap<String, Field>>,
    /// Types other types extend.
    parents: BTreeSet<String>,
}

fn parse_docs() -> Docs {
    let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/docs/templates.md"))
        .expect("docs/templates.md");
    let mut own: Vec<(String, Vec<String>, BTreeMap<String, Field>)> = Vec::new();
    for line in text.lines() {
        if let Some(header) = line.strip_prefix("### ") {
            let (name, parents) = match header.split_once(" (extends ") {
                Some((n, rest)) => (
                    n,
                    rest.trim_end_matches(')')
                        .split(", ")
                        .map(str::to_string)
                        .collect(),
                ),
                None => (header, Vec::new()),
            };
            own.push((name.trim().to_string(), parents, BTreeMap::new()));
        } else if let (Some(rest), Some(current)) = (line.strip_prefix("- `"), own.last_mut()) {
            let (name, after) = rest.split_once('`').expect("a closing backtick");
            let ty = after
                .trim_start()
                .strip_prefix('(')
                .and_then(|t| t.split_once(')'))
                .map(|(t, _)| t);
            let (ty, list) = match ty {
                Some(t) => match t.strip_prefix("list of ") {
                    Some(inner) => (Some(inner.to_string()), true),
                    None => (Some(t.to_string()), false),
                },
                None => (None, false),
            };
            current.2.insert(name.to_string(), Field { ty, list });
        }
    }
    let mut docs = Docs::default();
    fn resolve(
        name: &str,
        own: &[(String, Vec<String>, BTreeMap<String, Field>)],
    ) -> BTreeMap<String, Field> {
        let (_, parents, fields) = own
            .iter()
            .find(|(n, _, _)| n == name)
            .unwrap_or_else(|| panic!("type {name} is not documented"));
        let mut all = BTreeMap::new();
        for p in parents {
            all.extend(resolve(p, own));
        }
        all.extend(fields.clone());
        all
    }
    for (name, parents, fields) in &own {
        docs.parents.extend(parents.iter().cloned());
        if name.ends_with(".html") {
            docs.pages.insert(name.clone(), fields.clone());
        } else {
            docs.types.insert(name.clone(), resolve(name, &own));
        }
    }
    docs
}

const SCALARS: &[&str] = &["text", "map"];

/// Checks `value` against `field`, recording problems and the types seen.
fn check(
    docs: &Docs,
    path: &str,
    value: &Value,
    field: &Field,
    seen: &mut BTreeSet<String>,
    problems: &mut Vec<String>,
) {
    if field.list {
        match value {
            Value::Array(items) => {
                for (i, item) in items.iter().enumerate() {
                    check(
                        docs,
                        &format!("{path}[{i}]"),
                        item,
                        &Field {
                            ty: field.ty.clone(),
                            list: false,
                        },
                        seen,
                        problems,
                    );
                }
            }
            other => problems.push(format!("{path}: documented as a list, is {other}")),
        }
        return;
    }
    match (value, field.ty.as_deref()) {
        (Value::Null, _) => {}
        (_, Some("map")) => {}
        (Value::Object(map), Some(ty)) if !SCALARS.contains(&ty) => {
            seen.insert(ty.to_string());
            let Some(fields) = docs.types.get(ty) else {
                problems.push(format!("{path}: type {ty} is not documented"));
                return;
            };
            let actual: BTreeSet<&str> = map.keys().map(String::as_str).collect();
            let documented: BTreeSet<&str> = fields.keys().map(String::as_str).collect();
            for missing in actual.difference(&documented) {
                problems.push(format!("{path}.{missing}: not documented in type {ty}"));
            }
            for extra in documented.difference(&actual) {
                problems.push(format!(
                    "{path}.{extra}: documented in type {ty} but not in the data"
                ));
            }
            for (k, v) in map {
                if let Some(f) = fields.get(k) {
                    check(docs, &format!("{path}.{k}"), v, f, seen, problems);
                }
            }
        }
        (Value::Object(_), _) => {
            problems.push(format!("{path}: an object, documented without a type"))
        }
        (Value::Array(items), _) if items.iter().any(|i| i.is_object() || i.is_array()) => problems
            .push(format!(
                "{path}: a list of structured values, documented without `list of`"
            )),
        _ => {}
    }
}

#[test]
fn every_template_variable_is_documented_and_every_documented_one_exists() {
    let docs = parse_docs();
    let options = coffeechat::Options {
        root: env!("CARGO_MANIFEST_DIR").into(),
        today: Some("2026-11-22".parse().expect("date")),
        drafts: true,
        ..Default::default()
    };
    let contexts = coffeechat::contexts(&options).expect("the demo builds");
    let mut problems = Vec::new();
    let mut seen_types = BTreeSet::new();
    let mut seen_templates = BTreeSet::new();
    for (path, template, context) in &contexts {
        let Some(vars) = docs.pages.get(template) else {
            problems.push(format!(
                "{path}: template {template} has no section in docs/templates.md"
            ));
            continue;
        };
        seen_templates.insert(template.clone());
        let Value::Object(map) = context else {
            panic!("a context is a map")
        };
        let actual: BTreeSet<&str> = map.keys().map(String::as_str).collect();
        let documented: BTreeSet<&str> = vars.keys().map(String::as_str).collect();
        if actual != documented {
            problems.push(format!(
                "{template} ({path}): variables {actual:?}, documented {documented:?}"
            ));
        }
        for (k, v) in map {
            if let Some(f) = vars.get(k) {
                check(
                    &docs,
                    &format!("{path}: {k}"),
                    v,
                    f,
                    &mut seen_types,
                    &mut problems,
                );
            }
        }
    }
    for t in docs.pages.keys() {
        if !seen_templates.contains(t) {
            problems.push(format!("{t} is documented but no page uses it"));
        }
    }
    for t in docs.types.keys() {
        if !seen_types.contains(t) && !docs.parents.contains(t) {
            problems.push(format!(
                "type {t} is documented but never appears in the data"
            ));
        }
    }
    problems.sort();
    problems.truncate(40);
    assert!(
        problems.is_empty(),
        "docs/templates.md and the template data differ:\n{}",
        problems.join("\n")
    );
}

#[test]
fn the_checker_notices_an_undocumented_field() {
    let docs = parse_docs();
    let mut problems = Vec::new();
    let value =
        serde_json::json!({ "iso": "2026-01-01", "display": "Thu 1 Jan 2026", "surprise": 1 });
    check(
        &docs,
        "x",
        &value,
        &Field {
            ty: Some("Date".into()),
            list: false,
        },
        &mut BTreeSet::new(),
        &mut problems,
    );
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert!(problems[0].contains("surprise"));
}
