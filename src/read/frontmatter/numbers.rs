//! Text that YAML would read as a number it then writes otherwise: an
//! unquoted `name: 1.10` is the float 1.1, `0x1F` is 31, `007` is 7. Front
//! matter fields are text as written, so such values are quoted before
//! parsing. Whole numbers written plainly (`interest: 4`, `duration: 30`)
//! read the same either way and are left as numbers for the fields that
//! count; `extra:` is free data for templates and is left alone.

use std::borrow::Cow;

/// `yaml` with every plain scalar that would change as a number quoted,
/// at top-level keys and in their block lists (not under `extra:`). The
/// quote goes right before the value, so every value starts at the same
/// column as written and errors still point at it.
pub(super) fn quote_numbers(yaml: &str) -> Cow<'_, str> {
    // Copied from the first line that changes: most front matter has none.
    let mut out: Option<String> = None;
    let mut in_extra = false;
    let mut offset = 0;
    for line in yaml.split_inclusive('\n') {
        let start = offset;
        offset += line.len();
        let top = line.starts_with(|c: char| !c.is_whitespace() && c != '#' && c != '-');
        if top {
            in_extra = line.starts_with("extra:");
        }
        let value_at = if in_extra {
            None
        } else if top {
            line.find(": ").map(|c| c + 2)
        } else {
            list_item_value(line)
        };
        match (value_at.and_then(|at| quoted(line, at)), &mut out) {
            (Some(q), Some(out)) => out.push_str(&q),
            (Some(q), None) => out = Some(format!("{}{q}", &yaml[..start])),
            (None, Some(out)) => out.push_str(line),
            (None, None) => {}
        }
    }
    match out {
        Some(out) => Cow::Owned(out),
        None => Cow::Borrowed(yaml),
    }
}

/// Where the value of a `  - value` line starts.
fn list_item_value(line: &str) -> Option<usize> {
    let t = line.trim_start();
    let rest = t.strip_prefix("- ")?;
    Some(line.len() - rest.len())
}

/// `line` with its value from byte `at` quoted, if it is a number that
/// would not read back as written.
fn quoted(line: &str, at: usize) -> Option<String> {
    let rest = &line[at..];
    let value = rest.trim_end();
    let (value, comment) = match value.find(" #") {
        Some(c) => (value[..c].trim_end(), &value[c..]),
        None => (value, ""),
    };
    let value_start = rest.len() - rest.trim_start().len();
    let value = value.trim_start();
    if !changes_as_number(value) {
        return None;
    }
    let end = &rest[rest.trim_end().len()..];
    Some(format!(
        "{}{}'{}'{comment}{end}",
        &line[..at],
        &rest[..value_start],
        value
    ))
}

/// Whether YAML reads `value` as a number that it would write otherwise.
fn changes_as_number(value: &str) -> bool {
    let unsigned = value.strip_prefix(['+', '-']).unwrap_or(value);
    // Every number YAML reads starts so (`.inf` and `.nan` too), and most
    // values are words: no lower-case copy, no parse for them.
    if !matches!(unsigned.as_bytes().first(), Some(b'0'..=b'9' | b'.')) {
        return false;
    }
    let lower = unsigned.to_ascii_lowercase();
    if matches!(lower.as_str(), ".inf" | ".nan") {
        return true;
    }
    if let Some(digits) = lower
        .strip_prefix("0x")
        .or_else(|| lower.strip_prefix("0o"))
    {
        return !digits.is_empty() && digits.chars().all(|c| c.is_ascii_hexdigit());
    }
    if value.parse::<f64>().is_err() || !value.chars().any(|c| c.is_ascii_digit()) {
        return false;
    }
    // A plain whole number without a sign or leading zero reads back as written.
    let plain_int =
        value.chars().all(|c| c.is_ascii_digit()) && (value == "0" || !value.starts_with('0'));
    !plain_int
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_that_change_are_quoted_in_place() {
        assert_eq!(quote_numbers("name: 1.10\n"), "name: '1.10'\n");
        assert_eq!(
            quote_numbers("phone: 0x1F # hex\n"),
            "phone: '0x1F' # hex\n"
        );
        assert_eq!(
            quote_numbers("tags:\n  - 2.0\n  - 007\n"),
            "tags:\n  - '2.0'\n  - '007'\n"
        );
        assert_eq!(
            quote_numbers("interest: 4\nduration: 30\n"),
            "interest: 4\nduration: 30\n"
        );
        assert_eq!(
            quote_numbers("extra:\n  score: 1.5\n"),
            "extra:\n  score: 1.5\n"
        );
        assert_eq!(
            quote_numbers("name: Ana 1.1\nv: '1.10'\n"),
            "name: Ana 1.1\nv: '1.10'\n"
        );
    }
}
