//! Measures `serve`'s incremental rebuilds: builds a site once, then edits
//! note bodies (a contact, an interview, a company), a contact's front
//! matter and a template, timing each rebuild as `serve` does after a save.
//!
//!   cargo run --release --example serve_edit -- SITE_DIR [CONFIG]

use coffeechat::serve::incremental::Session;
use coffeechat::Options;
use std::path::PathBuf;
use std::time::Instant;

// As in the binary, so the numbers are serve's.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    let mut args = std::env::args().skip(1);
    let root = PathBuf::from(args.next().expect("usage: serve_edit SITE_DIR [CONFIG]"));
    let config = args.next().map(PathBuf::from);
    let options = Options {
        root: root.clone(),
        config,
        today: "2026-06-01".parse().ok(),
        ..Options::default()
    };
    let mut session = Session::new(options);
    let started = Instant::now();
    session.rebuild(&[]).expect("first build");
    println!("full build: {} ms", started.elapsed().as_millis());
    let contact = middle_note(&root, "contacts");
    let interview = middle_note(&root, "interviews");
    let company = middle_note(&root, "companies");
    for round in 1..=3 {
        edit_body(
            &mut session,
            &contact,
            &format!("contact body, round {round}"),
        );
    }
    for round in 1..=2 {
        edit_body(
            &mut session,
            &interview,
            &format!("interview body, round {round}"),
        );
    }
    edit_body(&mut session, &company, "company body");
    // A front matter edit: cards and lists may change.
    let original = std::fs::read_to_string(&contact).expect("read");
    let edited: String = original
        .lines()
        .map(|l| {
            if l.starts_with("role:") {
                "role: Edited role"
            } else {
                l
            }
        })
        .map(|l| format!("{l}\n"))
        .collect();
    time(&mut session, &contact, &edited, "contact front matter");
    std::fs::write(&contact, original).expect("restore");
    // A template: every page again, no note read or rendered again.
    let template = root.join("templates/404.html");
    std::fs::create_dir_all(root.join("templates")).expect("templates folder");
    let text = "{% extends \"default/404.html\" %}";
    time(&mut session, &template, text, "template");
    std::fs::remove_file(&template).expect("remove the template");
}

/// The note in the middle of a collection, by file name.
fn middle_note(root: &std::path::Path, collection: &str) -> PathBuf {
    let mut notes: Vec<PathBuf> = std::fs::read_dir(root.join("content").join(collection))
        .expect("collection")
        .flatten()
        .map(|e| e.path())
        .collect();
    notes.sort();
    notes[notes.len() / 2].clone()
}

/// Appends a line to a note's body, times the rebuild, and restores it.
fn edit_body(session: &mut Session, note: &PathBuf, what: &str) {
    let original = std::fs::read_to_string(note).expect("read");
    time(
        session,
        note,
        &format!("{original}\nEdited: {what}.\n"),
        what,
    );
    std::fs::write(note, original).expect("restore");
}

fn time(session: &mut Session, path: &PathBuf, text: &str, what: &str) {
    std::fs::write(path, text).expect("write");
    let started = Instant::now();
    let rebuilt = session
        .rebuild(std::slice::from_ref(path))
        .unwrap_or_else(|_| panic!("{what}: the rebuild failed"));
    println!(
        "{what}: {} ms: {} ({} Markdown bodies)",
        started.elapsed().as_millis(),
        rebuilt.summary(),
        rebuilt.bodies
    );
}
