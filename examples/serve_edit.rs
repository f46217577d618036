//! Measures `serve`'s incremental rebuilds: builds a site once, then edits
//! note bodies (a contact, an interview, a company), a front matter field
//! of each that no other note refers to by value, the worst cases (a
//! company renamed, a question bank's text), a note added and removed,
//! and a template, timing each
//! rebuild as `serve` does after a save (from the file event to every
//! affected page in memory; the watcher's wait is not in it), three times
//! each, printing the median and the range.
//!
//!   cargo run --release --example serve_edit -- SITE_DIR [CONFIG]
//!
//! `SERVE_EDIT_ONLY=role` times only the edits whose names hold `role`,
//! `SERVE_EDIT_RUNS=30` times each 30 times (for a profiler).

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
    let bank = middle_note(&root, "questions");
    // Each edit is timed alone: the note is restored and rebuilt after it.
    edit(&mut session, &contact, "contact body", &|t| body(t, 1));
    edit(&mut session, &interview, "interview body", &|t| body(t, 1));
    edit(&mut session, &company, "company body", &|t| body(t, 1));
    // Front matter fields no other note refers to by value.
    edit(&mut session, &contact, "contact role", &|t| {
        field(t, "role:", "role: \"Edited role\"")
    });
    edit(&mut session, &interview, "interview goal", &|t| {
        t.replacen("goals:\n  - \"", "goals:\n  - \"Edited goal. ", 1)
    });
    edit(&mut session, &company, "company location", &|t| {
        field(t, "location:", "location: \"Edited town\"")
    });
    // The worst cases: a name many pages show, a bank many briefings use.
    edit(&mut session, &company, "company renamed", &|t| {
        field(t, "name:", "name: \"Renamed Co\"")
    });
    edit(&mut session, &bank, "question bank text", &|t| {
        t.replacen("text: \"", "text: \"Edited: ", 1)
    });
    // A note added and removed: first in build order, so every other
    // note's id moves.
    if chosen("note added") {
        let new = root.join("content/companies/aaa-new-co.md");
        add_and_remove(
            &mut session,
            &new,
            "---\nname: \"Aaa New Co\"\n---\nA new company.\n",
        );
    }
    // Templates: the pages that use them, no note read or rendered again.
    std::fs::create_dir_all(root.join("templates")).expect("templates folder");
    for name in ["404.html", "contact.html", "base.html"] {
        let template = root.join("templates").join(name);
        let text = format!("{{% extends \"default/{name}\" %}}");
        if !chosen(&format!("template {name}")) {
            continue;
        }
        time(&mut session, &template, &text, &format!("template {name}"));
        std::fs::remove_file(&template).expect("remove the template");
        session.rebuild(&[template]).expect("the template removed");
    }
}

/// A body with one more line.
fn body(text: &str, round: usize) -> String {
    format!("{text}\nEdited, round {round}.\n")
}

/// The front matter line starting with `key` replaced by `line`.
fn field(text: &str, key: &str, line: &str) -> String {
    let mut done = false;
    text.lines()
        .map(|l| {
            if !done && l.starts_with(key) {
                done = true;
                line.to_string()
            } else {
                l.to_string()
            }
        })
        .map(|l| format!("{l}\n"))
        .collect()
}

/// Edits a note, times the rebuild, then restores the note and rebuilds
/// without timing it; three times, printing the median and the range.
fn edit(session: &mut Session, note: &PathBuf, what: &str, change: &dyn Fn(&str) -> String) {
    if !chosen(what) {
        return;
    }
    let original = std::fs::read_to_string(note).expect("read");
    let edited = change(&original);
    assert_ne!(edited, original, "{what}: the edit changes the note");
    measure(session, note, &edited, &original, what);
}

/// Writes `edited`, times the rebuild, writes `after` and rebuilds
/// untimed, three times; prints the median and the range.
fn measure(session: &mut Session, path: &PathBuf, edited: &str, after: &str, what: &str) {
    let mut times = Vec::new();
    let mut cpu = Vec::new();
    let mut summary = String::new();
    for _ in 0..runs() {
        std::fs::write(path, edited).expect("write");
        let (started, cpu_before) = (Instant::now(), cpu_ms());
        let rebuilt = session
            .rebuild(std::slice::from_ref(path))
            .unwrap_or_else(|_| panic!("{what}: the rebuild failed"));
        times.push(started.elapsed().as_secs_f64() * 1000.0);
        cpu.push(cpu_ms() - cpu_before);
        summary = format!("{} ({} Markdown bodies)", rebuilt.summary(), rebuilt.bodies);
        std::fs::write(path, after).expect("write back");
        session
            .rebuild(std::slice::from_ref(path))
            .unwrap_or_else(|_| panic!("{what}: the rebuild after writing back failed"));
    }
    cpu.sort_by(f64::total_cmp);
    let summary = format!("{summary}, CPU {:.0} ms", cpu[cpu.len() / 2]);
    report(what, &mut times, &summary);
}

/// Writes a new note at `path` and times the rebuild, then removes it and
/// times that, three times; prints the medians and the ranges.
fn add_and_remove(session: &mut Session, path: &PathBuf, text: &str) {
    let (mut added, mut removed) = (Vec::new(), Vec::new());
    let mut summaries = (String::new(), String::new());
    for _ in 0..runs() {
        for (times, summary, write) in [
            (&mut added, &mut summaries.0, true),
            (&mut removed, &mut summaries.1, false),
        ] {
            match write {
                true => std::fs::write(path, text).expect("write the new note"),
                false => std::fs::remove_file(path).expect("remove the new note"),
            }
            let started = Instant::now();
            let rebuilt = session
                .rebuild(std::slice::from_ref(path))
                .expect("the rebuild after a note added or removed");
            times.push(started.elapsed().as_secs_f64() * 1000.0);
            *summary = format!("{} ({} Markdown bodies)", rebuilt.summary(), rebuilt.bodies);
        }
    }
    report("note added", &mut added, &summaries.0);
    report("note removed", &mut removed, &summaries.1);
}

/// The CPU time of all the process's threads so far, in milliseconds,
/// from Linux's per-thread scheduler statistics: steadier than the wall
/// time on a busy machine, for comparing two versions (0 elsewhere).
fn cpu_ms() -> f64 {
    let Ok(tasks) = std::fs::read_dir("/proc/self/task") else {
        return 0.0;
    };
    tasks
        .flatten()
        .filter_map(|t| std::fs::read_to_string(t.path().join("schedstat")).ok())
        .filter_map(|s| s.split_whitespace().next()?.parse::<f64>().ok())
        .sum::<f64>()
        / 1e6
}

/// Each edit is timed this many times (`SERVE_EDIT_RUNS`, 3 unless set).
fn runs() -> usize {
    std::env::var("SERVE_EDIT_RUNS")
        .ok()
        .and_then(|r| r.parse().ok())
        .unwrap_or(3)
}

/// Whether the edit named `what` is timed (`SERVE_EDIT_ONLY`: a part of
/// the names of those to time).
fn chosen(what: &str) -> bool {
    std::env::var("SERVE_EDIT_ONLY").map_or(true, |only| what.contains(&only))
}

fn report(what: &str, times: &mut [f64], summary: &str) {
    times.sort_by(f64::total_cmp);
    println!(
        "{what}: {:.0} ms (median of {}, {:.0}-{:.0}): {summary}",
        times[times.len() / 2],
        times.len(),
        times[0],
        times[times.len() - 1]
    );
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

/// A template written, timed; touched again (so the next run is an edit
/// too), untimed.
fn time(session: &mut Session, path: &PathBuf, text: &str, what: &str) {
    measure(session, path, text, &format!("{text}\n"), what);
}
