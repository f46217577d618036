//! The words of YAML errors: serde_yaml's messages turned into what a
//! person can act on.

use super::YamlError;

/// The message, hint and position for front matter YAML cannot read: the
/// parser's words put as a person would, pointing where the fix goes (the
/// opening quote of a quote never closed, rather than the end of file).
pub(crate) fn syntax_message(e: &YamlError) -> (String, String, (usize, usize)) {
    let problem = e.message.as_str();
    let (context, start) = match e.context.as_deref() {
        Some((what, line, column)) => (what.as_str(), (*line, *column)),
        None => ("", (e.line, e.column)),
    };
    let here = (e.line, e.column.max(1));
    let (what, hint, at) = if problem.contains("end of stream") && context.contains("quoted") {
        (
            "a quoted value is never closed",
            "close the quote at the end of the value, or remove it",
            start,
        )
    } else if problem.contains("expected ',' or ']'") {
        (
            "a `[` list is never closed",
            "close it with `]` on the same line, or write one `- item` per line",
            start,
        )
    } else if problem.contains("expected ',' or '}'") {
        (
            "a `{` map is never closed",
            "close it with `}`; if the value is text, put it in quotes",
            start,
        )
    } else if problem.contains("mapping values are not allowed") {
        (
            "a `: ` inside a value, or an indented line, reads as a nested key",
            "put a value holding `: ` in quotes (`role: \"Lead: Growth\"`), and start every key at the first column",
            here,
        )
    } else if problem.contains("tab character") {
        (
            "a tab is used for indentation",
            "indent YAML with spaces, not tabs",
            here,
        )
    } else if problem.contains("cannot start any token") {
        (
            "a value cannot start with this character",
            "put the value in quotes, e.g. `name: \"@maya\"`",
            here,
        )
    } else if problem.contains("could not find expected ':'") {
        (
            "a line is not a `key: value` pair",
            "write `key: value`, or start the line with `#` to make it a comment",
            start,
        )
    } else if problem.contains("did not find expected key") {
        (
            "this line does not fit the `key: value` lines around it",
            "check indentation and quotes: a `- item` belongs under its key, and a quoted value ends at its closing quote",
            here,
        )
    } else {
        return (
            format!("the front matter is not valid YAML: {problem}"),
            YAML_HINT.to_string(),
            here,
        );
    };
    (
        format!("the front matter is not valid YAML: {what}"),
        hint.to_string(),
        at,
    )
}

/// The code, message and hint for a value of the wrong shape.
pub(crate) fn yaml_message(e: &YamlError) -> (&'static str, String, String) {
    let Some(key) = &e.key else {
        return (
            "yaml",
            format!("the front matter is not valid YAML: {}", e.message),
            YAML_HINT.to_string(),
        );
    };
    let path = describe_path(e.path.as_deref().unwrap_or(key));
    if e.message.contains("appears twice") {
        return (
            "duplicate-key",
            e.message.clone(),
            format!("keep one `{key}:` line; the first one is used"),
        );
    }
    if e.message.contains("untagged enum OneOrMany") && (key == "tags" || key == "aliases") {
        return (
            "wrong-type",
            format!("{path} should be text or a list of texts"),
            format!("write `{key}: [one, two]`"),
        );
    }
    if e.message.contains("untagged enum OneOrMany") {
        return (
            "wrong-type",
            format!("{path} should be a contact slug or a list of them"),
            format!("write `{key}: [ana-lima, ben-okafor]`"),
        );
    }
    let shape = e
        .message
        .strip_prefix("invalid type: ")
        .or_else(|| e.message.strip_prefix("invalid value: "))
        .and_then(|rest| rest.rsplit_once(", expected "));
    let Some((found, expected)) = shape else {
        return (
            "wrong-type",
            format!("{path}: {}", e.message),
            YAML_HINT.to_string(),
        );
    };
    let expected = match expected {
        "u8" | "u16" | "u32" | "u64" | "i64" => "a whole number",
        "a boolean" => "`true` or `false`",
        "a sequence" => "a list",
        "text" | "a string" => "text",
        other if other.contains("map") || other.starts_with("struct") => {
            "a map of `key: value` lines"
        }
        other => other,
    };
    let found = describe_found(found);
    let hint = match expected {
        "a whole number" => format!("write digits only, e.g. `{key}: 30`"),
        "`true` or `false`" => format!("write `{key}: true` or `{key}: false`"),
        "a list" => format!("write `{key}: [first, second]`, or one `- item` per line under `{key}:`"),
        "text" => "a value that starts with `[`, `{` or holds `: ` is read as a list or a map: put the whole value in quotes".to_string(),
        _ => format!("indent `key: value` lines under `{key}:`"),
    };
    (
        "wrong-type",
        format!("{path} should be {expected}, not {found}"),
        hint,
    )
}

/// serde's `goals[1]` as a person counts: "item 2 of `goals`".
pub(crate) fn describe_path(path: &str) -> String {
    let item = path.split_once('[').and_then(|(key, rest)| {
        let (n, tail) = rest.split_once(']')?;
        let item = format!("item {} of `{key}`", n.parse::<usize>().ok()? + 1);
        Some(match tail.trim_start_matches('.') {
            "" => item,
            field => format!("`{field}` in {item}"),
        })
    });
    item.unwrap_or_else(|| format!("`{path}`"))
}

/// serde's "string \"thirty\"" as a person would say it.
pub(crate) fn describe_found(found: &str) -> String {
    if let Some(s) = found.strip_prefix("string ") {
        return format!("the text {s}");
    }
    for (serde, said) in [
        ("integer ", "the number "),
        ("floating point ", "the number "),
        ("boolean ", ""),
    ] {
        if let Some(v) = found.strip_prefix(serde) {
            return format!("{said}{}", v.trim_matches('`'));
        }
    }
    match found {
        "sequence" => "a list".into(),
        "map" => "a map".into(),
        "unit value" => "nothing".into(),
        other => other.into(),
    }
}

/// The hint for a YAML problem no rule above recognises.
pub(crate) const YAML_HINT: &str = "check the YAML syntax on this line: one `key: value` per line, lists as `[a, b]` or `- item` lines, values holding `: ` or starting with `[`, `{`, `@` in quotes";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_count_items_from_one() {
        assert_eq!(describe_path("goals[1]"), "item 2 of `goals`");
        assert_eq!(
            describe_path("questions[0].tags"),
            "`tags` in item 1 of `questions`"
        );
        assert_eq!(describe_path("duration"), "`duration`");
    }
}
