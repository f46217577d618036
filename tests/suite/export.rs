//! `coffeechat export csv` and `export vcf`, and the site's contacts.vcf,
//! read back by independent parsers.

use crate::common;
use crate::common::Fixture;
use ical::property::Property;
use std::collections::HashMap;

fn site() -> Fixture {
    let f = Fixture::small();
    f.write(
        "content/contacts/eve-adams.md",
        "---\nname: \"Eve Adams, PhD\"\ncompany: globex\nteam: \"R&D; Labs\"\nrole: \"=HYPERLINK(\\\"http://x\\\")\"\nphone: \"+1 (555) 010-0199\"\nemail: eve@example.com\nwebsite: https://eve.example.com\nintroduced_by: ana-lima\ntags: [\"climate, energy\", research]\n---\nLikes long walks; hates \"small talk\".\nSecond line.\n",
    );
    f
}

/// Cards by FN, each a map of property name → properties.
fn cards(bytes: &[u8]) -> HashMap<String, Vec<Property>> {
    let text = std::str::from_utf8(bytes).expect("UTF-8");
    for line in text.split("\r\n") {
        assert!(line.len() <= 75, "{} octets: {line}", line.len());
        assert!(!line.contains('\n'), "bare LF");
    }
    let mut out = HashMap::new();
    for card in ical::VcardParser::new(std::io::BufReader::new(bytes)) {
        let card = card.unwrap_or_else(|e| panic!("parse error {e}:\n{text}"));
        let get = |n: &str| card.properties.iter().find(|p| p.name == n).cloned();
        assert_eq!(get("VERSION").and_then(|p| p.value).as_deref(), Some("4.0"));
        let fn_ = common::unescape(&get("FN").and_then(|p| p.value).expect("FN"));
        out.insert(fn_, card.properties);
    }
    out
}

fn values(props: &[Property], name: &str) -> Vec<String> {
    props
        .iter()
        .filter(|p| p.name == name)
        .filter_map(|p| p.value.clone())
        .collect()
}

fn one(props: &[Property], name: &str) -> String {
    let v = values(props, name);
    assert_eq!(v.len(), 1, "{name}: {v:?}");
    v[0].clone()
}

#[test]
fn contacts_vcf_has_every_field_and_reads_back() {
    let built = site().generate();
    let vcf = built.output.get("contacts.vcf").expect("contacts.vcf");
    let cards = cards(vcf);
    assert_eq!(cards.len(), 5);
    let eve = &cards["Eve Adams, PhD"];
    // RFC 6350 §6.2.2: family; given; additional; prefixes; suffixes.
    // Without `given_name`/`family_name` the name is not split by guess.
    assert_eq!(one(eve, "N"), ";Eve Adams;;;PhD");
    assert_eq!(one(eve, "ORG"), "Globex;R&D\\; Labs");
    assert_eq!(
        common::unescape(&one(eve, "TITLE")),
        "=HYPERLINK(\"http://x\")"
    );
    assert_eq!(one(eve, "EMAIL"), "eve@example.com");
    assert_eq!(one(eve, "TEL"), "+1 (555) 010-0199");
    assert_eq!(one(eve, "URL"), "https://eve.example.com");
    assert_eq!(one(eve, "CATEGORIES"), "climate\\, energy,research");
    assert_eq!(
        common::unescape(&one(eve, "NOTE")),
        "Introduced by Ana Lima.\n\nLikes long walks; hates \"small talk\".\nSecond line."
    );
    let ana = &cards["Ana Lima"];
    assert_eq!(
        one(ana, "UID"),
        "https://user.github.io/prep/contacts/ana-lima/"
    );
    assert_eq!(one(eve, "RELATED"), one(ana, "UID"), "introduced by Ana");
    let related = eve.iter().find(|p| p.name == "RELATED").unwrap();
    assert_eq!(
        related.params.as_ref().unwrap()[0],
        ("TYPE".to_string(), vec!["contact".to_string()])
    );
    assert_eq!(one(&cards["Ben Okafor"], "TZ"), "Europe/Berlin");
    assert!(values(&cards["Dara Singh"], "ORG").is_empty());
}

#[test]
fn export_vcf_matches_the_sites_file() {
    let f = site();
    let built = f.generate();
    let exported = coffeechat::interchange::export::vcf(&f.options()).expect("export");
    assert_eq!(exported.name, "contacts.vcf");
    assert_eq!(
        Some(exported.bytes.as_slice()),
        built.output.get("contacts.vcf")
    );
}

fn read_csv(bytes: &[u8]) -> Vec<HashMap<String, String>> {
    let mut r = csv::Reader::from_reader(bytes);
    let headers = r.headers().expect("headers").clone();
    r.records()
        .map(|rec| {
            let rec = rec.expect("record");
            assert_eq!(rec.len(), headers.len());
            headers
                .iter()
                .zip(rec.iter())
                .map(|(h, v)| (h.to_string(), v.to_string()))
                .collect()
        })
        .collect()
}

#[test]
fn export_csv_gives_contacts_and_interviews_tables() {
    let f = site();
    let files = coffeechat::interchange::export::csv(&f.options()).expect("export");
    let names: Vec<&str> = files.iter().map(|f| f.name).collect();
    assert_eq!(names, ["contacts.csv", "interviews.csv"]);
    let text = String::from_utf8(files[0].bytes.clone()).unwrap();
    assert!(text.starts_with("slug,name,company,"), "{text}");
    assert!(text.contains("\r\n"), "RFC 4180 line ends");

    let contacts = read_csv(&files[0].bytes);
    assert_eq!(contacts.len(), 5);
    let eve = contacts.iter().find(|c| c["slug"] == "eve-adams").unwrap();
    assert_eq!(eve["name"], "Eve Adams, PhD");
    assert_eq!(eve["company"], "Globex");
    assert_eq!(eve["role"], "'=HYPERLINK(\"http://x\")", "formula defused");
    assert_eq!(eve["phone"], "'+1 (555) 010-0199");
    assert_eq!(eve["introduced_by"], "Ana Lima");
    assert_eq!(eve["tags"], "climate, energy; research");
    assert_eq!(eve["file"], "content/contacts/eve-adams.md");
    let ana = contacts.iter().find(|c| c["slug"] == "ana-lima").unwrap();
    assert_eq!(ana["interviews"], "1");
    assert_eq!(ana["url"], "https://user.github.io/prep/contacts/ana-lima/");

    let interviews = read_csv(&files[1].bytes);
    assert_eq!(interviews.len(), 2);
    let ben = &interviews[1];
    assert_eq!(ben["slug"], "2026-12-01-ben-okafor");
    assert_eq!(ben["date"], "2026-12-01");
    assert_eq!(ben["time"], "09:30");
    assert_eq!(ben["timezone"], "America/Chicago");
    assert_eq!(ben["duration"], "30");
    assert_eq!(ben["contacts"], "Ben Okafor");
    assert_eq!(ben["company"], "Acme Robotics");
    assert_eq!(ben["thank_you_due"], "2026-12-03");
    assert_eq!(interviews[0]["thank_you_sent"], "2026-10-02");
    assert_eq!(interviews[0]["referrals"], "Ben Okafor");
}

#[test]
fn export_csv_never_replaces_a_file_unless_forced() {
    let f = site();
    let dir = tempfile::tempdir().unwrap();
    let paths =
        coffeechat::interchange::export::write_csv(&f.options(), dir.path(), false).expect("write");
    assert_eq!(paths.len(), 2);
    std::fs::write(dir.path().join("interviews.csv"), "edited in a spreadsheet").unwrap();
    let err =
        coffeechat::interchange::export::write_csv(&f.options(), dir.path(), false).unwrap_err();
    assert!(err.to_string().contains(".csv already exists"), "{err}");
    assert!(err.to_string().contains("--force"));
    assert_eq!(
        std::fs::read_to_string(dir.path().join("interviews.csv")).unwrap(),
        "edited in a spreadsheet"
    );
    coffeechat::interchange::export::write_csv(&f.options(), dir.path(), true).expect("forced");
    assert!(std::fs::read_to_string(dir.path().join("interviews.csv"))
        .unwrap()
        .starts_with("slug,title,"));
}

#[test]
fn a_site_with_errors_exports_nothing() {
    let f = site();
    f.write(
        "content/contacts/bad.md",
        "---\nname: Bad\ncompany: nowhere\n---\n",
    );
    let err = coffeechat::interchange::export::csv(&f.options()).unwrap_err();
    assert!(matches!(err, coffeechat::Error::Diagnostics(_)));
}

#[test]
fn every_formula_prefix_is_defused_in_the_csv() {
    let f = Fixture::small();
    f.write(
        "content/contacts/formulas.md",
        "---\nname: Formula Person\nrole: \"-2+3\"\nteam: \"@SUM(A1:A9)\"\nlocation: \"+cmd|' /C calc'!A0\"\nlinkedin: https://www.linkedin.com/in/formulas/\nextra:\n  note: x\n---\n",
    );
    f.write(
        "content/interviews/formulas.md",
        "---\ncontact: formulas\nstatus: cancelled\nlocation: \"=1+1\"\n---\n",
    );
    let files = coffeechat::interchange::export::csv(&f.options()).expect("export");
    let contacts = read_csv(&files[0].bytes);
    let row = contacts
        .iter()
        .find(|c| c["slug"] == "formulas")
        .expect("row");
    assert_eq!(row["role"], "'-2+3");
    assert_eq!(row["team"], "'@SUM(A1:A9)");
    assert_eq!(row["location"], "'+cmd|' /C calc'!A0");
    // A cell that merely holds such a character later is left alone.
    assert_eq!(row["name"], "Formula Person");
    let interviews = read_csv(&files[1].bytes);
    let row = interviews
        .iter()
        .find(|c| c["slug"] == "formulas")
        .expect("row");
    assert_eq!(row["location"], "'=1+1");
}

#[test]
fn a_public_export_leaves_out_emails_and_phones() {
    let f = site();
    let public = coffeechat::Options {
        public: true,
        ..f.options()
    };
    // The CSV: the columns stay, empty.
    let files = coffeechat::interchange::export::csv(&public).expect("export");
    let contacts = read_csv(&files[0].bytes);
    let eve = contacts.iter().find(|c| c["slug"] == "eve-adams").unwrap();
    assert_eq!((eve["email"].as_str(), eve["phone"].as_str()), ("", ""));
    let ana = contacts.iter().find(|c| c["slug"] == "ana-lima").unwrap();
    assert_eq!(ana["email"], "");
    assert_eq!(ana["role"], "Staff Engineer", "other fields stay");
    for file in &files {
        let text = String::from_utf8_lossy(&file.bytes);
        for secret in ["eve@example.com", "ana@example.com", "010-0199"] {
            assert!(!text.contains(secret), "{secret} in {}", file.name);
        }
    }
    // The vCards: no EMAIL or TEL at all.
    let vcf = coffeechat::interchange::export::vcf(&public).expect("export");
    let public_cards = cards(&vcf.bytes);
    let eve = &public_cards["Eve Adams, PhD"];
    assert!(values(eve, "EMAIL").is_empty() && values(eve, "TEL").is_empty());
    assert!(values(&public_cards["Ana Lima"], "EMAIL").is_empty());
    let text = String::from_utf8_lossy(&vcf.bytes);
    for secret in ["eve@example.com", "ana@example.com", "010-0199"] {
        assert!(!text.contains(secret), "{secret} in contacts.vcf");
    }
    // Without --public they are there.
    let vcf = coffeechat::interchange::export::vcf(&f.options()).expect("export");
    let cards = cards(&vcf.bytes);
    assert_eq!(
        values(&cards["Eve Adams, PhD"], "EMAIL"),
        ["eve@example.com"]
    );
    assert_eq!(values(&cards["Ana Lima"], "EMAIL"), ["ana@example.com"]);
}
