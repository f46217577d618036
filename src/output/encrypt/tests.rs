//! Unit tests of the encrypted build. They derive keys with few iterations
//! (the format does not depend on the count); tests/encrypt.rs uses the
//! real count on the demo site.

use super::*;
use crate::output::Output;

fn salt(byte: u8) -> Salt {
    Salt::from_bytes(&[byte; 16]).expect("16 bytes")
}

fn keys(byte: u8) -> Keys {
    Keys::derive_unchecked(b"correct horse battery staple", &salt(byte), 1000)
}

fn site() -> Output {
    let mut out = Output::default();
    let page = |title: &str, body: &str| {
        format!("<!DOCTYPE html><html><head><title>{title}</title></head><body><main>{body}</main>\
<div data-search-index=\"/prep/search.json\"></div><script src=\"/prep/search.js\"></script></body></html>")
    };
    out.insert(
        "index.html",
        page("Home", "<a href=\"/prep/contacts/ana-lima/#notes\">Ana Lima</a> <img src=\"/prep/people/ana.png\" alt=\"\">"),
    );
    out.insert(
        "contacts/ana-lima/index.html",
        page("Ana Lima", "ana@example.com <a href=\"/prep/\">home</a> <a href=\"/prep/interviews/x/x.ics\">ics</a>"),
    );
    out.insert(
        "interviews/x/x.ics",
        "BEGIN:VCALENDAR\r\nSUMMARY:Ana Lima\r\nEND:VCALENDAR\r\n",
    );
    out.insert("people/ana.png", b"\x89PNG not really".to_vec());
    out.insert(
        "search.json",
        r#"[{"t":"Ana Lima","u":"/prep/contacts/ana-lima/"}]"#,
    );
    out.insert("style.css", "body{}");
    out.insert("search.js", "// search");
    out.insert("favicon.svg", "<svg/>");
    out.insert("sitemap.xml", "<urlset>/prep/contacts/ana-lima/</urlset>");
    out.insert("contacts.vcf", "FN:Ana Lima");
    out.insert(
        "calendar.ics",
        "BEGIN:VCALENDAR\r\nX-WR-CALNAME:Jordan\r\nBEGIN:VEVENT\r\nUID:interview-ana-lima@x\r\nDTSTAMP:20261122T000000Z\r\n\
DTSTART;TZID=America/Chicago:20261201T090000\r\nDTEND;TZID=America/Chicago:20261201T093000\r\n\
SUMMARY:Coffee with Ana Lima\r\nDESCRIPTION:Ana Lima (PM\\, Gridwise)\r\n  folded note about Ana\r\nEND:VEVENT\r\n\
BEGIN:VEVENT\r\nUID:thank-you-ana-lima@x\r\nDTSTART;VALUE=DATE:20261203\r\nSUMMARY:Thank Ana Lima\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n",
    );
    out
}

fn contains(hay: &[u8], needle: &str) -> bool {
    hay.windows(needle.len()).any(|w| w == needle.as_bytes())
}

/// The base64 payload of a shell page, decoded.
fn payload(shell: &[u8]) -> Vec<u8> {
    use base64::Engine;
    let text = std::str::from_utf8(shell).expect("utf-8");
    let start = text.find("id=\"sealed\"").expect("sealed element");
    let open = start + text[start..].find('>').expect(">") + 1;
    let close = open + text[open..].find("</script>").expect("</script>");
    base64::engine::general_purpose::STANDARD
        .decode(&text[open..close])
        .expect("base64")
}

fn moved(fates: &std::collections::BTreeMap<String, Fate>, old: &str) -> String {
    match &fates[old] {
        Fate::Page(p) | Fate::Sealed(p) => p.clone(),
        other => panic!("{old} did not move: {other:?}"),
    }
}

#[test]
fn round_trip_and_wrong_passphrase() {
    let k = keys(1);
    let sealed = seal::seal(&k, "s/abc.html", b"hello Ana").expect("seals");
    assert_eq!(&sealed[..4], b"CCEN");
    assert!(!contains(&sealed, "Ana"));
    assert_eq!(
        seal::open(&k, "s/abc.html", &sealed).expect("opens"),
        b"hello Ana"
    );
    let wrong = Keys::derive_unchecked(b"correct horse battery stapler", &salt(1), 1000);
    assert!(matches!(
        seal::open(&wrong, "s/abc.html", &sealed),
        Err(EncryptError::Open(_))
    ));
}

#[test]
fn header_carries_version_iterations_and_salt() {
    let k = keys(7);
    let sealed = seal::seal(&k, "index.html", b"x").expect("seals");
    let (header, rest) = seal::header("index.html", &sealed).expect("header");
    assert_eq!(header.version, 1);
    assert_eq!(header.iterations, 1000);
    assert_eq!(header.salt, salt(7));
    assert_eq!(rest.len(), 12 + 1 + 16, "nonce, one byte, tag");
}

#[test]
fn associated_data_binds_the_path() {
    let k = keys(1);
    let sealed = seal::seal(&k, "s/one.html", b"page one").expect("seals");
    assert!(seal::open(&k, "s/two.html", &sealed).is_err());
    // A flipped byte anywhere after the header fails too.
    let mut tampered = sealed.clone();
    let last = tampered.len() - 1;
    tampered[last] ^= 1;
    assert!(seal::open(&k, "s/one.html", &tampered).is_err());
}

#[test]
fn synthetic_nonces_are_deterministic_and_differ_per_plaintext_and_path() {
    let k = keys(1);
    let a = seal::seal(&k, "a", b"same").expect("seals");
    assert_eq!(a, seal::seal(&k, "a", b"same").expect("seals"));
    let nonce = |s: &[u8]| s[26..38].to_vec();
    assert_ne!(
        nonce(&a),
        nonce(&seal::seal(&k, "a", b"other").expect("seals"))
    );
    assert_ne!(
        nonce(&a),
        nonce(&seal::seal(&k, "b", b"same").expect("seals"))
    );
}

#[test]
fn derivation_gives_three_distinct_keys_and_depends_on_salt_and_passphrase() {
    let k = keys(1);
    assert_ne!(k.content, k.nonce);
    assert_ne!(k.content, k.name);
    assert_ne!(k.nonce, k.name);
    assert_ne!(k.content, keys(2).content);
    let other = Keys::derive_unchecked(b"another passphrase!", &salt(1), 1000);
    assert_ne!(k.content, other.content);
    assert_ne!(
        k.content,
        Keys::derive_unchecked(b"correct horse battery staple", &salt(1), 1001).content
    );
}

/// RFC 7914 section 11: PBKDF2-HMAC-SHA256("passwd", "salt", 1).
#[test]
fn pbkdf2_is_the_standard_one() {
    assert_eq!(
        keys::hex(&keys::pbkdf2_sha256(b"passwd", b"salt", 1)[..8]),
        "55ac046e56e3089f"
    );
}

#[test]
fn passphrase_rules() {
    assert!(matches!(
        Passphrase::new(String::new()),
        Err(EncryptError::MissingPassphrase)
    ));
    let short = Passphrase::new("elevenchars".into());
    assert!(matches!(short, Err(EncryptError::ShortPassphrase(11))));
    let message = short.err().map(|e| e.to_string()).unwrap_or_default();
    assert!(message.contains("at least 12"), "{message}");
    // Characters, not bytes: twelve accented letters pass, eleven do not.
    assert!(Passphrase::new("é".repeat(12)).is_ok());
    assert!(Passphrase::new("é".repeat(11)).is_err());
    let p = Passphrase::new("twelve chars".into()).expect("12");
    assert!(!format!("{p:?}").contains("twelve"));
    assert!(matches!(
        Keys::derive(&p, &salt(1), MIN_ITERATIONS - 1),
        Err(EncryptError::FewIterations(_))
    ));
}

#[test]
fn salts_parse_format_and_generate() {
    let s: Salt = "000102030405060708090a0b0c0d0e0f".parse().expect("hex");
    assert_eq!(s.to_string(), "000102030405060708090a0b0c0d0e0f");
    assert!("0001".parse::<Salt>().is_err(), "too short");
    assert!("zz0102030405060708090a0b0c0d0e0f".parse::<Salt>().is_err());
    assert!("0".parse::<Salt>().is_err());
    let a = Salt::generate().expect("random");
    let b = Salt::generate().expect("random");
    assert_eq!(a.as_bytes().len(), 16);
    assert_ne!(a, b);
    assert_eq!(a.to_string().parse::<Salt>().expect("round trip"), a);
}

#[test]
fn generated_passphrases_come_from_the_eff_list() {
    let list = passphrase::words();
    assert_eq!(list.len(), 7776);
    let words = passphrase::pick(passphrase::DEFAULT_WORDS).expect("random");
    assert_eq!(words.len(), 6);
    assert!(words.iter().all(|w| list.contains(w)), "{words:?}");
    // `t-shirt` is one word of the list, not two.
    assert!(list.contains(&"t-shirt"));
    let p = passphrase::generate(passphrase::DEFAULT_WORDS).expect("random");
    assert!(p.split('-').count() >= 6, "{p}");
    assert!(passphrase::entropy_bits(6) > 77.0);
    assert!(Passphrase::new(p.clone()).is_ok());
    assert_ne!(p, passphrase::generate(6).expect("random"));
}

#[test]
fn every_file_has_its_fate_and_nothing_names_anyone() {
    let k = keys(1);
    let site = site();
    let enc = encrypt_site(&site, &k, "/prep/", &Settings::default()).expect("encrypts");
    let fates = fates(&site, &k);
    for (path, bytes) in &enc.files {
        for needle in ["Ana", "ana-lima", "ana@example.com", "Jordan"] {
            assert!(!contains(bytes, needle), "{path} holds {needle}");
            assert!(!path.contains(needle), "{path}");
        }
    }
    for gone in ["sitemap.xml", "contacts.vcf", "calendar.ics", "search.json"] {
        assert!(enc.get(gone).is_none(), "{gone} kept");
    }
    for clear in ["style.css", "search.js", "favicon.svg"] {
        assert_eq!(enc.get(clear), site.get(clear), "{clear}");
    }
    assert!(enc
        .get("unlock.js")
        .is_some_and(|js| contains(js, "crypto.subtle")));
    assert_eq!(
        enc.get("robots.txt"),
        Some(&b"User-agent: *\nDisallow: /\n"[..])
    );
    let contact = moved(&fates, "contacts/ana-lima/index.html");
    assert!(contact.starts_with("s/") && contact.ends_with(".html") && contact.len() == 2 + 32 + 5);
    for path in enc.files.keys().filter(|p| p.ends_with(".html")) {
        let shell = std::str::from_utf8(enc.get(path).expect("page")).expect("utf-8");
        assert!(
            shell.contains("<input id=\"unlock-passphrase\" name=\"passphrase\" type=\"password\"")
        );
        assert!(shell.contains("<meta name=\"robots\" content=\"noindex, nofollow\">"));
        assert!(
            shell.contains("default-src 'self'")
                && shell.contains("form-action 'none'")
                && shell.contains("base-uri 'none'")
        );
        assert!(shell.contains("<script src=\"/prep/unlock.js\" defer></script>"));
        assert_eq!(
            shell.matches("<script").count(),
            2,
            "only unlock.js and the inert payload"
        );
        assert!(shell.contains("/prep/style.css"));
    }
}

#[test]
fn links_inside_pages_and_the_index_point_to_the_new_names() {
    let k = keys(1);
    let site = site();
    let enc = encrypt_site(&site, &k, "/prep/", &Settings::default()).expect("encrypts");
    let fates = fates(&site, &k);
    let contact = moved(&fates, "contacts/ana-lima/index.html");
    let search = moved(&fates, "search.json");
    let picture = moved(&fates, "people/ana.png");
    let ics = moved(&fates, "interviews/x/x.ics");
    let home = seal::open(
        &k,
        "index.html",
        &payload(enc.get("index.html").expect("home")),
    )
    .expect("opens");
    let home = String::from_utf8(home).expect("utf-8");
    assert!(
        home.contains(&format!("href=\"/prep/{contact}#notes\"")),
        "{home}"
    );
    assert!(home.contains(&format!("src=\"/prep/{picture}\"")), "{home}");
    assert!(
        home.contains(&format!("data-search-index=\"/prep/{search}\"")),
        "{home}"
    );
    assert!(
        home.contains("src=\"/prep/search.js\""),
        "clear assets keep their URL"
    );
    let page =
        seal::open(&k, &contact, &payload(enc.get(&contact).expect("contact"))).expect("opens");
    let page = String::from_utf8(page).expect("utf-8");
    assert!(page.contains("href=\"/prep/\""), "{page}");
    assert!(
        page.contains(&format!("href=\"/prep/{ics}\" data-sealed-name=\"x.ics\"")),
        "{page}"
    );
    let index = seal::open(&k, &search, enc.get(&search).expect("index")).expect("opens");
    let index: serde_json::Value = serde_json::from_slice(&index).expect("json");
    assert_eq!(index[0]["u"], format!("/prep/{contact}"));
    assert_eq!(index[0]["t"], "Ana Lima");
    let png = seal::open(&k, &picture, enc.get(&picture).expect("picture")).expect("opens");
    assert_eq!(png, site.get("people/ana.png").expect("png"));
    // The page opens only at its own path.
    assert!(seal::open(
        &k,
        "index.html",
        &payload(enc.get(&contact).expect("contact"))
    )
    .is_err());
}

#[test]
fn a_root_base_path_works_too() {
    let k = keys(1);
    let mut site = Output::default();
    site.insert("index.html", "<a href=\"/contacts/ana-lima/\">Ana</a>");
    site.insert("contacts/ana-lima/index.html", "<a href=\"/\">home</a>");
    let enc = encrypt_site(&site, &k, "/", &Settings::default()).expect("encrypts");
    let contact = moved(&fates(&site, &k), "contacts/ana-lima/index.html");
    let home = seal::open(
        &k,
        "index.html",
        &payload(enc.get("index.html").expect("home")),
    )
    .expect("opens");
    assert_eq!(home, format!("<a href=\"/{contact}\">Ana</a>").into_bytes());
}

#[test]
fn encryption_is_deterministic_and_the_salt_changes_every_sealed_file() {
    let site = site();
    let a = encrypt_site(&site, &keys(1), "/prep/", &Settings::default()).expect("encrypts");
    let b = encrypt_site(&site, &keys(1), "/prep/", &Settings::default()).expect("encrypts");
    assert_eq!(a, b);
    let c = encrypt_site(&site, &keys(2), "/prep/", &Settings::default()).expect("encrypts");
    let clear: Vec<&str> = vec![
        "style.css",
        "search.js",
        "favicon.svg",
        "unlock.js",
        "unlock.css",
        "robots.txt",
    ];
    let others: Vec<&Vec<u8>> = c.files.values().map(|b| b.as_ref()).collect();
    for (path, bytes) in a.files.iter().filter(|(p, _)| !clear.contains(&p.as_str())) {
        assert!(
            !others.contains(&bytes.as_ref()),
            "{path} is the same under another salt"
        );
        if path != "index.html" && path != "404.html" {
            assert!(
                c.get(path).is_none(),
                "{path} kept its name under another salt"
            );
        }
    }
}

#[test]
fn reserved_paths_are_refused() {
    let mut site = site();
    site.insert("unlock.js", "mine");
    assert!(matches!(
        encrypt_site(&site, &keys(1), "/prep/", &Settings::default()),
        Err(EncryptError::Reserved(p)) if p == "unlock.js"
    ));
}

#[test]
fn the_busy_calendar_keeps_times_only() {
    let enc = encrypt_site(
        &site(),
        &keys(1),
        "/prep/",
        &Settings {
            busy_calendar: true,
        },
    )
    .expect("encrypts");
    let ics = std::str::from_utf8(enc.get("calendar.ics").expect("busy calendar")).expect("utf-8");
    assert!(
        ics.contains("DTSTART;TZID=America/Chicago:20261201T090000\r\n"),
        "{ics}"
    );
    assert!(
        ics.contains("DTEND;TZID=America/Chicago:20261201T093000\r\n"),
        "{ics}"
    );
    assert!(ics.contains("SUMMARY:Busy\r\n"), "{ics}");
    assert_eq!(
        ics.matches("BEGIN:VEVENT").count(),
        1,
        "the all-day reminder is left out: {ics}"
    );
    for needle in ["Ana", "ana-lima", "Jordan", "Gridwise", "folded"] {
        assert!(!ics.contains(needle), "{needle} in {ics}");
    }
    assert!(
        ics.starts_with("BEGIN:VCALENDAR\r\n") && ics.ends_with("END:VCALENDAR\r\n"),
        "{ics}"
    );
}

/// The browser script must derive and open exactly as the build seals; the
/// Chromium test proves it end to end, this catches a drift cheaply.
#[test]
fn the_browser_script_uses_the_same_constants() {
    let js = shell::UNLOCK_JS;
    let info = std::str::from_utf8(keys::INFO_CONTENT).expect("ascii");
    assert!(js.contains(&format!("var INFO = \"{info}\";")), "HKDF info");
    assert!(js.contains("!== \"CCEN\""), "magic");
    assert!(
        js.contains("if (version !== 1)"),
        "version {}",
        seal::VERSION
    );
    assert_eq!(seal::VERSION, 1);
    assert!(js.contains("salt: new Uint8Array(0)"), "HKDF's empty salt");
    assert!(
        !js.contains("eval(") && !js.contains("innerHTML"),
        "no string-to-code or HTML sinks"
    );
}
