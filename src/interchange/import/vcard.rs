//! `coffeechat import vcard FILE`: the people of an address book, as
//! phones, Outlook and Google Contacts export them (vCard 2.1, 3.0 and
//! 4.0, several cards per file).
//!
//! The `ical` crate reads each card's content lines and parameters. What
//! it does not know of older cards is normalised first: folded lines are
//! joined, quoted-printable soft line breaks (`=` at a line's end, 2.1)
//! too, and 2.1's bare parameters (`TEL;CELL:`) get their names
//! (`TEL;TYPE=CELL:`). Values are then decoded (quoted-printable, the
//! card's CHARSET) and unescaped. Apple's `item1.` groups are read as the
//! property they prefix.
//!
//! Each card is read on its own, so a damaged card is rejected with its
//! line and the others are still imported.

use super::people::{web_address, ImportError, Person, Read};
use std::path::Path;

/// The people of a vCard file, and the line and reason of each card that
/// could not be read.
pub fn parse(bytes: &[u8]) -> Read {
    let text = super::csv::decode(bytes);
    let mut people = Vec::new();
    let mut rejected = Vec::new();
    for block in cards(&logical_lines(&text)) {
        match block {
            Block::Card { line, lines } => match person(line, &lines) {
                Ok(p) => people.push(p),
                Err(why) => rejected.push((line, why)),
            },
            Block::Stray { line, why } => rejected.push((line, why)),
        }
    }
    (people, rejected)
}

/// Reads `file` and imports its people into the site of `options`.
pub fn import(
    options: &crate::Options,
    file: &Path,
    dry_run: bool,
) -> Result<super::Report, ImportError> {
    let bytes = std::fs::read(file).map_err(|source| ImportError::Read {
        path: file.to_path_buf(),
        source,
    })?;
    let (people, rejected) = parse(&bytes);
    if people.is_empty() && rejected.is_empty() {
        return Err(ImportError::Format {
            path: file.to_path_buf(),
            line: 1,
            message: "no `BEGIN:VCARD` in the file; is it a vCard (.vcf) file?".into(),
        });
    }
    let origin = super::people::Origin {
        tag: "vcard",
        command: "coffeechat import vcard",
    };
    super::people::import(options, &people, rejected, origin, dry_run)
}

/// A content line, unfolded, with the file line it starts on.
struct Logical {
    line: u64,
    text: String,
}

/// Joins folded lines (a line starting with a space or tab continues the
/// one before, RFC 6350 §3.2) and quoted-printable soft breaks (a
/// quoted-printable value ending in `=` goes on at the next line).
fn logical_lines(text: &str) -> Vec<Logical> {
    let mut out: Vec<Logical> = Vec::new();
    let mut soft_break = false;
    for (n, raw) in text.split('\n').enumerate() {
        let raw = raw.strip_suffix('\r').unwrap_or(raw);
        let line = n as u64 + 1;
        match out.last_mut() {
            Some(last) if soft_break => {
                last.text.pop(); // the `=` of the soft break
                last.text.push_str(raw);
            }
            Some(last) if raw.starts_with([' ', '\t']) => last.text.push_str(&raw[1..]),
            _ => out.push(Logical {
                line,
                text: raw.to_string(),
            }),
        }
        soft_break = out
            .last()
            .is_some_and(|l| l.text.ends_with('=') && is_quoted_printable(&l.text));
    }
    out
}

fn is_quoted_printable(line: &str) -> bool {
    let head = head_of(line).to_ascii_uppercase();
    head.contains("QUOTED-PRINTABLE")
}

/// The name and parameters of a content line: what is before the first
/// `:` outside double quotes.
fn head_of(line: &str) -> &str {
    let mut quoted = false;
    for (i, c) in line.char_indices() {
        match c {
            '"' => quoted = !quoted,
            ':' if !quoted => return &line[..i],
            _ => {}
        }
    }
    line
}

enum Block {
    Card {
        line: u64,
        lines: Vec<String>,
    },
    /// Text outside a card, or a card never ended.
    Stray {
        line: u64,
        why: String,
    },
}

/// The cards of a file, `BEGIN:VCARD` to `END:VCARD`.
fn cards(lines: &[Logical]) -> Vec<Block> {
    let mut blocks = Vec::new();
    let mut open: Option<(u64, Vec<String>)> = None;
    for l in lines {
        let upper = l.text.trim().to_ascii_uppercase();
        match (&mut open, upper.as_str()) {
            (None, "BEGIN:VCARD") => open = Some((l.line, vec!["BEGIN:VCARD".to_string()])),
            (None, "") => {}
            (None, _) => blocks.push(Block::Stray {
                line: l.line,
                why: format!(
                    "`{}` is outside any card (BEGIN:VCARD ... END:VCARD)",
                    short(&l.text)
                ),
            }),
            (Some(_), "END:VCARD") => {
                if let Some((line, mut card)) = open.take() {
                    card.push("END:VCARD".to_string());
                    blocks.push(Block::Card { line, lines: card });
                }
            }
            (Some((line, _)), "BEGIN:VCARD") => {
                blocks.push(Block::Stray {
                    line: *line,
                    why: "this card has no END:VCARD before the next card".into(),
                });
                open = Some((l.line, vec!["BEGIN:VCARD".to_string()]));
            }
            (Some(_), "") => {}
            (Some((_, card)), _) => card.push(named_parameters(&l.text)),
        }
    }
    if let Some((line, _)) = open {
        blocks.push(Block::Stray {
            line,
            why: "this card has no END:VCARD".into(),
        });
    }
    blocks
}

fn short(text: &str) -> String {
    let t: String = text.trim().chars().take(40).collect();
    if t.len() < text.trim().len() {
        format!("{t}…")
    } else {
        t
    }
}

/// vCard 2.1 writes parameters without names (`TEL;CELL;PREF:`); later
/// versions, and the parser, want `TYPE=CELL`. An encoding keeps its own
/// name: `ENCODING=QUOTED-PRINTABLE`.
fn named_parameters(line: &str) -> String {
    let head = head_of(line);
    let value = &line[head.len()..];
    let mut parts = head.split(';');
    let name = parts.next().unwrap_or_default().to_string();
    let mut out = name;
    for p in parts {
        out.push(';');
        if p.contains('=') || p.is_empty() {
            out.push_str(p);
        } else if matches!(
            p.to_ascii_uppercase().as_str(),
            "QUOTED-PRINTABLE" | "BASE64" | "B" | "8BIT" | "7BIT"
        ) {
            out.push_str("ENCODING=");
            out.push_str(p);
        } else {
            out.push_str("TYPE=");
            out.push_str(p);
        }
    }
    out.push_str(value);
    out
}

/// One card's person, read with the `ical` parser.
fn person(line: u64, lines: &[String]) -> Result<Person, String> {
    let text = lines.join("\n") + "\n";
    let mut parser = ical::VcardParser::new(std::io::BufReader::new(text.as_bytes()));
    let card = match parser.next() {
        Some(Ok(card)) => card,
        Some(Err(e)) => return Err(format!("the card cannot be read: {e}")),
        None => return Err("the card is empty".into()),
    };
    let mut p = Person {
        line,
        ..Person::default()
    };
    let mut unusable = Vec::new();
    for prop in &card.properties {
        add(&mut p, prop, &mut unusable);
    }
    if !unusable.is_empty() {
        // Kept in the note's text rather than dropped.
        let note = p.note.take().unwrap_or_default();
        p.note = Some(
            format!("{note}\n\nAlso in the card: {}", unusable.join("; "))
                .trim()
                .to_string(),
        );
    }
    p.name_from_parts();
    Ok(p)
}

/// Reads one property into the person.
fn add(p: &mut Person, prop: &ical::property::Property, unusable: &mut Vec<String>) {
    // `item1.EMAIL` (Apple's groups, for labels): the property is EMAIL.
    let name = prop
        .name
        .rsplit('.')
        .next()
        .unwrap_or(&prop.name)
        .to_ascii_uppercase();
    let params = prop.params.as_deref().unwrap_or_default();
    let param = |key: &str| {
        params
            .iter()
            .filter(|(k, _)| k.eq_ignore_ascii_case(key))
            .flat_map(|(_, v)| v.iter())
            .map(|v| v.to_ascii_lowercase())
            .collect::<Vec<_>>()
    };
    let encoding = param("ENCODING");
    if encoding.iter().any(|e| e == "b" || e == "base64") {
        return; // a photo or a key: nothing a note shows
    }
    let raw = prop.value.clone().unwrap_or_default();
    let raw = if encoding.iter().any(|e| e == "quoted-printable") {
        let charset = param("CHARSET").into_iter().next();
        decode_charset(&quoted_printable(&raw), charset.as_deref())
    } else {
        raw
    };
    let preferred = param("TYPE").iter().any(|t| t == "pref") || !param("PREF").is_empty();
    let single = || {
        Some(unescape(&raw))
            .filter(|v| !v.trim().is_empty())
            .map(|v| v.trim().to_string())
    };
    match name.as_str() {
        "FN" => p.name = single().unwrap_or_default(),
        "N" => {
            let parts = components(&raw);
            let part = |i: usize| parts.get(i).cloned().filter(|s| !s.is_empty());
            p.family_name = part(0);
            p.given_name = part(1);
        }
        "EMAIL" => push(&mut p.emails, single(), preferred),
        // vCard 4.0 may write a number as a URI: `tel:+1-555-0100`.
        "TEL" => {
            let number = single().map(|t| t.strip_prefix("tel:").map_or(t.clone(), str::to_string));
            push(&mut p.phones, number, preferred)
        }
        "ORG" => {
            let parts = components(&raw);
            p.company = parts.first().cloned().filter(|s| !s.is_empty());
            p.team = parts.get(1).cloned().filter(|s| !s.is_empty());
        }
        "TITLE" => p.role = single(),
        "ROLE" if p.role.is_none() => p.role = single(),
        "NOTE" => p.note = single(),
        "ADR" if p.location.is_none() => {
            let parts = components(&raw);
            let place: Vec<&str> = [3, 4, 6]
                .iter()
                .filter_map(|i| parts.get(*i).map(String::as_str))
                .filter(|s| !s.is_empty())
                .collect();
            p.location = Some(place.join(", ")).filter(|s| !s.is_empty());
        }
        "URL" | "X-SOCIALPROFILE" => {
            let Some(url) = single() else { return };
            match web_address(&url) {
                Ok((true, u)) if p.linkedin.is_none() => p.linkedin = Some(u),
                Ok((false, u)) if p.website.is_none() && name == "URL" => p.website = Some(u),
                Ok(_) => unusable.push(url),
                Err(_) => unusable.push(url),
            }
        }
        _ => {}
    }
}

fn push(list: &mut Vec<String>, value: Option<String>, preferred: bool) {
    let Some(v) = value else { return };
    if list.contains(&v) {
        return;
    }
    if preferred {
        list.insert(0, v);
    } else {
        list.push(v);
    }
}

/// The `;`-separated parts of a structured value (N, ORG, ADR), unescaped.
fn components(raw: &str) -> Vec<String> {
    let mut parts = Vec::new();
    let mut current = String::new();
    let mut chars = raw.chars();
    while let Some(c) = chars.next() {
        match c {
            // An escape is kept for `unescape`, so `\;` does not split.
            '\\' => {
                current.push('\\');
                current.extend(chars.next());
            }
            ';' => parts.push(std::mem::take(&mut current)),
            c => current.push(c),
        }
    }
    parts.push(current);
    parts
        .iter()
        .map(|p| unescape(p).trim().to_string())
        .collect()
}

/// A text value with vCard's escapes undone: `\n`, `\,`, `\;`, `\\`.
fn unescape(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    let mut chars = raw.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('n' | 'N') => out.push('\n'),
            Some(other) => out.push(other),
            None => out.push('\\'),
        }
    }
    out
}

/// Quoted-printable (RFC 2045) to bytes: `=C3=A9` is `é` in UTF-8.
fn quoted_printable(text: &str) -> Vec<u8> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        if bytes[i] == b'=' && i + 2 < bytes.len() {
            if let (Some(h), Some(l)) = (hex(bytes[i + 1]), hex(bytes[i + 2])) {
                out.push((h * 16 + l) as u8);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    out
}

/// Bytes in the card's CHARSET (UTF-8 when it names none or one unknown).
fn decode_charset(bytes: &[u8], charset: Option<&str>) -> String {
    let encoding = charset
        .and_then(|c| encoding_rs::Encoding::for_label(c.as_bytes()))
        .unwrap_or(encoding_rs::UTF_8);
    encoding.decode_without_bom_handling(bytes).0.into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoted_printable_and_charsets_decode() {
        assert_eq!(
            decode_charset(&quoted_printable("Jos=C3=A9"), Some("utf-8")),
            "José"
        );
        assert_eq!(
            decode_charset(&quoted_printable("Jos=E9"), Some("ISO-8859-1")),
            "José"
        );
        assert_eq!(decode_charset(&quoted_printable("a=3Db="), None), "a=b=");
    }

    #[test]
    fn bare_parameters_get_names() {
        assert_eq!(
            named_parameters("TEL;CELL;PREF:+1 555"),
            "TEL;TYPE=CELL;TYPE=PREF:+1 555"
        );
        assert_eq!(
            named_parameters("NOTE;CHARSET=UTF-8;QUOTED-PRINTABLE:a=3Db"),
            "NOTE;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:a=3Db"
        );
        assert_eq!(
            named_parameters("URL:https://a.example:8080/x"),
            "URL:https://a.example:8080/x"
        );
    }

    #[test]
    fn outlook_2_1_and_vcard_4_0_cards_read() {
        let outlook = "BEGIN:VCARD\r\nVERSION:2.1\r\nN;LANGUAGE=en-us:Okafor;Ben\r\nFN:Ben Okafor\r\nORG:Contoso\r\nTEL;WORK;VOICE:(312) 555-0100\r\nEMAIL;PREF;INTERNET:ben@example.com\r\nLABEL;WORK;PREF;ENCODING=QUOTED-PRINTABLE:100 Main=0D=0ASt\r\nEND:VCARD\r\n";
        let v4 = "BEGIN:VCARD\nVERSION:4.0\nFN:Sanne de Vries\nN:de Vries;Sanne;;;\nTEL;VALUE=uri;TYPE=cell:tel:+31-6-1234-5678\nEMAIL;PREF=1:sanne@example.com\nEND:VCARD\n";
        let (people, rejected) = parse(format!("{outlook}{v4}").as_bytes());
        assert!(rejected.is_empty(), "{rejected:?}");
        let ben = &people[0];
        assert_eq!(
            (
                ben.name.as_str(),
                ben.given_name.as_deref(),
                ben.family_name.as_deref()
            ),
            ("Ben Okafor", Some("Ben"), Some("Okafor"))
        );
        assert_eq!(
            (
                ben.phones.clone(),
                ben.emails.clone(),
                ben.company.as_deref()
            ),
            (
                vec!["(312) 555-0100".to_string()],
                vec!["ben@example.com".to_string()],
                Some("Contoso")
            )
        );
        let sanne = &people[1];
        assert_eq!(
            (
                sanne.line,
                sanne.phones[0].as_str(),
                sanne.family_name.as_deref()
            ),
            (10, "+31-6-1234-5678", Some("de Vries"))
        );
    }

    #[test]
    fn structured_values_split_on_unescaped_semicolons() {
        assert_eq!(
            components("de Vries;Sanne;;Dr.;"),
            vec!["de Vries", "Sanne", "", "Dr.", ""]
        );
        assert_eq!(components("Acme\\; Sons;R&D"), vec!["Acme; Sons", "R&D"]);
    }
}
