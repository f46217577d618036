//! Content lines, the text format iCalendar (RFC 5545) and vCard
//! (RFC 6350) share: `NAME;PARAM=value:VALUE`, escaped, folded at 75
//! octets and ended with CRLF.

/// The longest line, in octets, not counting the CRLF.
const MAX_OCTETS: usize = 75;

/// Escapes a TEXT value: backslash, semicolon, comma and line breaks.
pub fn escape_text(value: &str) -> String {
    let Some(first) = next_special(value) else {
        return value.to_string();
    };
    let mut out = String::with_capacity(value.len() + 16);
    out.push_str(&value[..first]);
    let mut rest = &value[first..];
    // Copy the plain runs whole; only the special characters one by one.
    while let Some(at) = next_special(rest) {
        out.push_str(&rest[..at]);
        let c = rest[at..].chars().next().unwrap_or(' ');
        let mut next = at + c.len_utf8();
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\r' => {
                if rest[next..].starts_with('\n') {
                    next += 1;
                }
                out.push_str("\\n");
            }
            '\n' => out.push_str("\\n"),
            '\t' => out.push('\t'),
            // Other control characters are not allowed in a value.
            _ => {}
        }
        rest = &rest[next..];
    }
    out.push_str(rest);
    out
}

/// Where the first character a TEXT value escapes or drops starts: `\`,
/// `;`, `,` or a control character (C0, DEL, or C1, whose UTF-8 starts
/// with 0xC2). Read a byte at a time through a table: the notes' texts in
/// `contacts.vcf` and `calendar.ics` are most of what is escaped.
fn next_special(text: &str) -> Option<usize> {
    const SPECIAL: [bool; 256] = {
        let mut table = [false; 256];
        let mut b = 0;
        while b < 0x20 {
            table[b] = true;
            b += 1;
        }
        table[b'\\' as usize] = true;
        table[b';' as usize] = true;
        table[b',' as usize] = true;
        table[0x7f] = true;
        table[0xc2] = true;
        table
    };
    let bytes = text.as_bytes();
    let mut from = 0;
    while let Some(found) = bytes[from..].iter().position(|&b| SPECIAL[usize::from(b)]) {
        let at = from + found;
        if bytes[at] != 0xc2 || matches!(bytes.get(at + 1), Some(0x80..=0x9f)) {
            return Some(at);
        }
        from = at + 1;
    }
    None
}

/// A parameter value, quoted when it holds `:`, `;` or `,`. Double quotes
/// and control characters cannot appear in one at all, so they are dropped.
pub fn param_value(value: &str) -> String {
    let clean: String = value
        .chars()
        .filter(|c| *c != '"' && !c.is_control())
        .collect();
    if clean.contains([':', ';', ',']) {
        format!("\"{clean}\"")
    } else {
        clean
    }
}

/// Appends the concatenation of `parts` to `out` as one folded line,
/// without building the unfolded line first.
fn fold_into(out: &mut String, parts: &[&str]) {
    let mut used = 0;
    for part in parts {
        // Most lines are short: copy them whole.
        if used + part.len() <= MAX_OCTETS {
            out.push_str(part);
            used += part.len();
            continue;
        }
        let mut rest = *part;
        while used + rest.len() > MAX_OCTETS {
            // As much as fits, cut at a character boundary.
            let mut cut = MAX_OCTETS - used;
            while !rest.is_char_boundary(cut) {
                cut -= 1;
            }
            out.push_str(&rest[..cut]);
            out.push_str("\r\n ");
            used = 1;
            rest = &rest[cut..];
        }
        out.push_str(rest);
        used += rest.len();
    }
    out.push_str("\r\n");
}

/// Builds a document line by line.
#[derive(Debug, Default)]
pub struct Lines {
    out: String,
}

impl Lines {
    /// Adds `name:value` with `value` written as is (already escaped, or
    /// not text: a date, a URI).
    pub fn raw(&mut self, name: &str, value: &str) -> &mut Self {
        fold_into(&mut self.out, &[name, ":", value]);
        self
    }

    /// Adds a TEXT property, escaped.
    pub fn text(&mut self, name: &str, value: &str) -> &mut Self {
        self.raw(name, &escape_text(value))
    }

    /// Adds a TEXT property when there is a non-empty value.
    pub fn opt_text(&mut self, name: &str, value: Option<&str>) -> &mut Self {
        match value.map(str::trim).filter(|v| !v.is_empty()) {
            Some(v) => self.text(name, v),
            None => self,
        }
    }

    pub fn finish(self) -> String {
        self.out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_next_special_character_is_found_as_by_its_definition() {
        let special = |c: char| matches!(c, '\\' | ';' | ',') || c.is_control();
        for text in [
            "",
            "plain words",
            "a, b; c\\d",
            "line\r\nnext\ttab\u{7f}del",
            "é à ü\u{85}next line\u{9f}",
            "\u{c2}\u{a0}no-break\u{80}",
            "日本語, テキスト",
            "\u{1}start",
        ] {
            let mut rest = text;
            let mut offset = 0;
            loop {
                let expected = rest.find(special);
                assert_eq!(next_special(rest), expected, "{text:?} from {offset}");
                let Some(at) = expected else { break };
                let skip = at + rest[at..].chars().next().map_or(1, char::len_utf8);
                offset += skip;
                rest = &rest[skip..];
            }
        }
    }

    /// Folds one logical line (the whole-line form of `fold_into`) into physical lines of at most 75 octets, each
    /// ended by CRLF. A continuation line starts with a space; a multi-byte
    /// character is never split.
    fn fold(line: &str) -> String {
        let mut out = String::with_capacity(line.len() + line.len() / 70 * 3 + 2);
        fold_into(&mut out, &[line]);
        out
    }

    #[test]
    fn escapes_the_special_characters() {
        assert_eq!(escape_text("a,b;c\\d\r\ne\nf"), "a\\,b\\;c\\\\d\\ne\\nf");
    }

    #[test]
    fn folds_at_75_octets_without_splitting_characters() {
        let long = format!("DESCRIPTION:{}", "é".repeat(100));
        let folded = fold(&long);
        for line in folded.split("\r\n").filter(|l| !l.is_empty()) {
            assert!(line.len() <= 75, "{} octets: {line}", line.len());
        }
        let unfolded = folded.trim_end_matches("\r\n").replace("\r\n ", "");
        assert_eq!(unfolded, long);
        assert_eq!(fold("SHORT:x"), "SHORT:x\r\n");
    }

    #[test]
    fn quotes_parameter_values_with_separators() {
        assert_eq!(param_value("America/Chicago"), "America/Chicago");
        assert_eq!(param_value("a:b\"c"), "\"a:bc\"");
    }

    #[test]
    fn a_line_built_in_parts_folds_like_the_whole_line() {
        let value = "Zoë Müller — a long description ".repeat(9);
        for name in [
            "SUMMARY",
            "X-A-VERY-LONG-PROPERTY-NAME-THAT-TAKES-ROOM-ON-ITS-OWN-LINE-ALREADY",
        ] {
            let mut lines = Lines::default();
            lines.raw(name, &value);
            assert_eq!(lines.finish(), fold(&format!("{name}:{value}")));
        }
    }
}
