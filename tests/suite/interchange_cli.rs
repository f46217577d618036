//! `export`, `import linkedin` and `check --public` as people run them:
//! the built binary, its files, output and exit status.

use crate::common::Fixture;
use std::path::Path;
use std::process::{Command, Output};

fn run(root: &Path, cwd: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_coffeechat"))
        .current_dir(cwd)
        .args(args)
        .arg("--root")
        .arg(root)
        // `import` reads no dates; every other command here takes --today.
        .args(match args.first() {
            Some(&"import") => &[][..],
            _ => &["--today", "2026-11-22"][..],
        })
        .output()
        .expect("run coffeechat")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[test]
fn export_writes_files_and_refuses_to_replace_them() {
    let f = Fixture::small();
    let out = tempfile::tempdir().unwrap();
    let r = run(f.root(), out.path(), &["export", "csv"]);
    assert!(r.status.success(), "{}", text(&r.stderr));
    assert!(out.path().join("contacts.csv").is_file());
    assert!(out.path().join("interviews.csv").is_file());
    let again = run(f.root(), out.path(), &["export", "csv"]);
    assert_eq!(again.status.code(), Some(1));
    assert!(text(&again.stderr).contains("already exists; pass --force"));
    let forced = run(f.root(), out.path(), &["export", "csv", "--force"]);
    assert!(forced.status.success());

    let r = run(f.root(), out.path(), &["export", "vcf", "--output", "-"]);
    assert!(r.status.success());
    assert!(text(&r.stdout).starts_with("BEGIN:VCARD\r\nVERSION:4.0\r\n"));
    let r = run(f.root(), out.path(), &["export", "vcf", "-o", "people.vcf"]);
    assert!(r.status.success());
    assert!(out.path().join("people.vcf").is_file());
}

#[test]
fn export_public_leaves_out_emails_and_phones() {
    let f = Fixture::small();
    f.write(
        "content/contacts/eve.md",
        "---\nname: Eve Adams\nphone: \"+1 (555) 010-0199\"\nemail: eve@example.com\n---\n",
    );
    let out = tempfile::tempdir().unwrap();
    let r = run(f.root(), out.path(), &["export", "csv", "--public"]);
    assert!(r.status.success(), "{}", text(&r.stderr));
    let contacts = std::fs::read_to_string(out.path().join("contacts.csv")).unwrap();
    assert!(contacts.contains("Eve Adams"), "{contacts}");
    for secret in ["eve@example.com", "ana@example.com", "555"] {
        assert!(!contacts.contains(secret), "{secret}: {contacts}");
    }
    let r = run(
        f.root(),
        out.path(),
        &["export", "vcf", "--public", "-o", "-"],
    );
    assert!(r.status.success(), "{}", text(&r.stderr));
    let cards = text(&r.stdout);
    assert!(cards.contains("FN:Eve Adams\r\n"), "{cards}");
    assert!(
        !cards.contains("EMAIL") && !cards.contains("TEL"),
        "{cards}"
    );
    // Without --public they are exported.
    let r = run(f.root(), out.path(), &["export", "vcf", "-o", "-"]);
    let cards = text(&r.stdout);
    assert!(cards.contains("EMAIL:eve@example.com\r\n"), "{cards}");
    assert!(cards.contains("EMAIL:ana@example.com\r\n"), "{cards}");
}

#[test]
fn import_linkedin_dry_run_then_for_real() {
    let f = Fixture::small();
    let csv = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/linkedin/Connections.csv");
    let csv = csv.to_str().unwrap();
    let dry = run(
        f.root(),
        f.root(),
        &["import", "linkedin", csv, "--dry-run"],
    );
    assert!(dry.status.success(), "{}", text(&dry.stderr));
    assert!(
        text(&dry.stdout).starts_with("dry run: would create"),
        "{}",
        text(&dry.stdout)
    );
    assert!(!f.path("content/contacts/priya-natarajan.md").exists());
    let real = run(f.root(), f.root(), &["import", "linkedin", csv]);
    assert!(real.status.success());
    assert!(text(&real.stdout).contains("line 10: rejected"));
    assert!(f.path("content/contacts/priya-natarajan.md").is_file());
    let missing = run(f.root(), f.root(), &["import", "linkedin", "nope.csv"]);
    assert_eq!(missing.status.code(), Some(1));
    assert!(text(&missing.stderr).contains("cannot read nope.csv"));
}

#[test]
fn check_public_prints_the_published_fields() {
    let f = Fixture::small();
    let r = run(f.root(), f.root(), &["check", "--public"]);
    assert!(r.status.success(), "{}", text(&r.stderr));
    let out = text(&r.stdout);
    assert!(
        out.contains("Ana Lima (content/contacts/ana-lima.md)"),
        "{out}"
    );
    assert!(
        out.contains("  role: Staff Engineer\n  left out: source, email, stage, tags, body\n"),
        "{out}"
    );
    assert!(!out.contains("ana@example.com"), "{out}");
    let plain = run(f.root(), f.root(), &["check"]);
    assert!(!text(&plain.stdout).contains("left out"));
}
