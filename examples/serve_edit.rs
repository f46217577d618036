//! Measures `serve`'s incremental rebuild: builds a site once, then edits
//! one contact note and times the rebuild, as `serve` does after a save.
//!
//!   cargo run --release --example serve_edit -- SITE_DIR [CONFIG]

use coffeechat::incremental::Session;
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
    let contacts = root.join("content/contacts");
    let mut notes: Vec<PathBuf> = std::fs::read_dir(&contacts)
        .expect("contacts")
        .flatten()
        .map(|e| e.path())
        .collect();
    notes.sort();
    let note = &notes[notes.len() / 2];
    let original = std::fs::read_to_string(note).expect("read");
    for round in 1..=3 {
        std::fs::write(note, format!("{original}\nEdited, round {round}.\n")).expect("write");
        let started = Instant::now();
        let rebuilt = session
            .rebuild(std::slice::from_ref(note))
            .expect("rebuild");
        println!(
            "edit {round}: {} ms: {}",
            started.elapsed().as_millis(),
            rebuilt.summary()
        );
    }
    std::fs::write(note, original).expect("restore");
}
