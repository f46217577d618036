//! `serve` after random sequences of edits: each step writes one or two
//! notes (a front matter field, a name, a link, a tag, an alias, an embed,
//! a note left out…, each toggled between two texts), now and then adds or
//! removes a note, rebuilds, and compares every output byte and every
//! warning with a full build of the same files; a step a full build
//! refuses must fail the rebuild too. The walks are seeded, so a failure
//! names the seed and the step that reproduce it. Such a walk found the
//! deleted-note bug that `incremental.rs` pins down.

use crate::common::{Fixture, CONFIG};
use coffeechat::serve::incremental::Session;
use coffeechat::Options;
use std::path::PathBuf;

/// The small fixture with a chain of introductions four long (Erin →
/// Finn → Gail → Hugo), an upcoming interview with Hugo and a past one
/// with two people.
fn chain_site() -> Fixture {
    let f = Fixture::small();
    f.write("content/contacts/erin-a.md", "---\nname: Erin A\nrole: Founder\ncompany: globex\nsource: friend\n---\nErin started it.\n");
    f.write(
        "content/contacts/finn-b.md",
        "---\nname: Finn B\nrole: CTO\nsource: referral\nintroduced_by: erin-a\n---\nFinn.\n",
    );
    f.write(
        "content/contacts/gail-c.md",
        "---\nname: Gail C\nrole: Lead\nsource: referral\nintroduced_by: finn-b\n---\nGail.\n",
    );
    f.write("content/contacts/hugo-d.md", "---\nname: Hugo D\nrole: Engineer\nsource: referral\nintroduced_by: gail-c\ntimezone: Asia/Tokyo\n---\nHugo.\n");
    f.write("content/interviews/2026-12-03-hugo-d.md", "---\ncontact: hugo-d\ndate: \"2026-12-03 08:00\"\nduration: 30\nstatus: scheduled\nquestions: [career/first-role]\n---\nPrep for Hugo.\n");
    f.write("content/interviews/2026-09-15-pair.md", "---\ntitle: Pair chat\ncontacts: [hugo-d, dara-singh]\ncompany: globex\ndate: \"2026-09-15 10:00\"\nstatus: done\nasked: [career/who-else]\nthank_you_sent: 2026-09-16\n---\nWe talked.\n");
    f
}

fn toggles() -> Vec<(&'static str, &'static str, &'static str)> {
    let ben = "content/contacts/ben-okafor.md";
    let ana = "content/contacts/ana-lima.md";
    let chen = "content/contacts/chen-wu.md";
    let dara = "content/contacts/dara-singh.md";
    let erin = "content/contacts/erin-a.md";
    let hugo = "content/contacts/hugo-d.md";
    let gail = "content/contacts/gail-c.md";
    let acme = "content/companies/acme.md";
    let globex = "content/companies/globex.md";
    let career = "content/questions/career.md";
    let ana_i = "content/interviews/2026-10-01-ana-lima.md";
    let ben_i = "content/interviews/2026-12-01-ben-okafor.md";
    let hugo_i = "content/interviews/2026-12-03-hugo-d.md";
    let pair = "content/interviews/2026-09-15-pair.md";
    vec![
        (ben, "role: Product Manager", "role: PM"),
        (ben, "stage: scheduled", "stage: met"),
        (ben, "timezone: Europe/Berlin", "timezone: Asia/Kolkata"),
        (ben, "Ben knows the product side.", "Ben knows the product side. See [[ana-lima]]."),
        (ben, "name: Ben Okafor", "name: Ben O"),
        (ben, "company: acme", "company: globex"),
        (ana, "email: ana@example.com", "email: ana@example.org"),
        (ana, "stage: met", "stage: thanked"),
        (ana, "tags: [robots, alumni]", "tags: [robots]"),
        (ana, "Ana went to my school.", "Ana went to my school.\n\n## Briefing\n\nAsk about #robots.\n"),
        (chen, "introduced_by: ben-okafor", "introduced_by: ana-lima"),
        (chen, "source: referral", "source: referral\nnext_follow_up: 2026-11-20"),
        (dara, "source: stranger", "source: stranger\ncompany: acme"),
        (dara, "No company yet.", "No company yet. ![[acme]]"),
        (erin, "role: Founder", "role: Chair"),
        (erin, "name: Erin A", "name: Erin Alpha"),
        (erin, "source: friend", "source: friend\nemail: erin@example.com\nlast_contacted: 2026-11-01"),
        (gail, "introduced_by: finn-b", "introduced_by: erin-a"),
        (gail, "role: Lead", "role: Head"),
        (hugo, "timezone: Asia/Tokyo", "timezone: Europe/London"),
        (hugo, "role: Engineer", "role: SRE"),
        (hugo, "Hugo.", "Hugo.\n\n## Briefing\n\nLikes trains."),
        (acme, "industry: Robotics", "industry: Robots\nlocation: Leeds"),
        (acme, "name: Acme Robotics", "name: Acme Inc"),
        (acme, "status: target", "status: engaged"),
        (acme, "Acme builds warehouse robots.", "Acme builds warehouse robots and drones."),
        (globex, "status: researching", "status: researching\nindustry: Widgets"),
        (globex, "name: Globex", "name: Globex Corp"),
        (career, "    why: To learn the entry paths", "    why: Entry paths"),
        (career, "text: Who else should I talk to?", "text: Who else would you suggest?"),
        (career, "title: Career path", "title: Career paths"),
        (ana_i, "format: coffee", "format: phone"),
        (ana_i, "status: done", "status: thanked"),
        (ana_i, "thank_you_sent: 2026-10-02", "learned: [Ship weekly]"),
        (ana_i, "asked: [career/first-role]", "asked: [career/first-role, career/who-else]"),
        (ana_i, "Ana suggested", "Ana really suggested"),
        (ben_i, "date: \"2026-12-01 09:30\"", "date: \"2026-11-24 09:30\""),
        (ben_i, "status: scheduled", "status: done"),
        (ben_i, "duration: 30", "duration: 60"),
        (ben_i, "goals: [Learn how product works at Acme]", "goals: [Learn pricing]"),
        (ben_i, "location: https://meet.example.com/abc", "location: The lobby"),
        (ben_i, "Prep for Ben.", "Prep for Ben. Ask [[chen-wu]]."),
        (hugo_i, "date: \"2026-12-03 08:00\"", "date: 2026-11-25"),
        (hugo_i, "status: scheduled", "status: cancelled"),
        (hugo_i, "questions: [career/first-role]", "questions: [career/first-role, career/who-else]"),
        (pair, "contacts: [hugo-d, dara-singh]", "contacts: [hugo-d]"),
        (pair, "company: globex", "company: acme"),
        (pair, "date: \"2026-09-15 10:00\"", "date: \"2026-10-15 10:00\""),
        (pair, "We talked.", "We talked about [[career]]."),
        (pair, "title: Pair chat", "title: Pair coffee"),
        (pair, "status: done", "status: scheduled"),
        (ben, "stage: scheduled", "stage: bogus"),
        (ben, "Ben knows the product side.", "Ben knows the product side. [[nobody]]"),
        (dara, "source: stranger", "source: stranger\ntags: [climate]"),
        (dara, "source: stranger", "source: stranger\nprivate: true"),
        (erin, "source: friend", "source: friend\naliases: [Boss]"),
        (chen, "Mentioned by [[ben-okafor]].", "Mentioned by [[ben-okafor]] and [[Boss]]."),
        // The families of the bugs `incremental.rs` pins down: an alias
        // that moves, a heading another note links to, a `#tag` the front
        // matter makes a link, an embed of an embed.
        (ben, "source: referral", "source: referral\naliases: [Boss]"),
        (dara, "No company yet.", "No company yet.\n\n## Plans\n\nClimate work."),
        (chen, "Mentioned by [[ben-okafor]].", "Mentioned by [[ben-okafor]], see [[dara-singh#Plans]]."),
        (dara, "No company yet.", "No **company**#climate yet."),
        (hugo, "Hugo.", "Hugo. ![[dara-singh]]"),
        (career, "title: Career path", "title: Career path\ndraft: true"),
        (globex, "See [[companies/acme|the Acme note]].", "See [[companies/acme|the Acme note]]. ![[hugo-d#Briefing]]"),
        (hugo, "source: referral", "source: referral\nstage: met\ntouches:\n  - date: 2026-11-10\n    channel: email\n    direction: sent"),
        (ana_i, "referrals: [ben-okafor]", "referrals: [ben-okafor, zoe-new]"),
        (hugo_i, "Prep for Hugo.", "Prep for Hugo. #tokyo"),
        (hugo, "source: referral", "source: referral\ntags: [tokyo]"),
    ]
}

/// How many of the toggles one walk uses.
const TOGGLES_PER_WALK: usize = 4;

/// The notes that now and then come or go.
const EXTRA: [(&str, &str); 3] = [
    ("content/contacts/zoe-new.md", "---\nname: Zoe New\nsource: referral\nintroduced_by: hugo-d\ncompany: acme\n---\nZoe.\n"),
    // Names Zoe: while she is gone, a full build fails.
    ("content/interviews/2026-11-28-zoe.md", "---\ncontact: zoe-new\ndate: \"2026-11-28 10:00\"\nstatus: scheduled\nquestions: [career/who-else]\n---\nPrep for Zoe. [[hugo-d]]\n"),
    ("content/pages/notes.md", "---\ntitle: Notes\n---\nSee ![[ana-lima]] and [[erin-a]].\n"),
];

/// A walk of `steps` steps from `seed`, over a private build or a public
/// one with `publish` added to the configuration.
fn random_walk(seed: u64, steps: usize, public: Option<&str>) {
    let f = chain_site();
    let options = match public {
        Some(publish) => {
            f.write("coffeechat.yaml", &format!("{CONFIG}{publish}"));
            Options {
                public: true,
                ..f.options()
            }
        }
        None => f.options(),
    };
    let mut session = Session::new(options.clone());
    session.rebuild(&[]).expect("the first build");
    let read = |rel: &str| std::fs::read_to_string(f.path(rel)).expect("read a note");
    let all = toggles();
    // A fixed linear congruential sequence: the same seed, the same walk.
    let mut state = seed
        .wrapping_mul(6364136223846793005)
        .wrapping_add(1442695040888963407);
    let mut next = || {
        state = state
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (state >> 33) as usize
    };
    // Each walk toggles a few edits of its own, so that the ones it has
    // meet each other often (one of many hardly meets a given other).
    let some: Vec<_> = (0..TOGGLES_PER_WALK)
        .map(|_| all[next() % all.len()])
        .collect();
    for step in 0..steps {
        let mut files: Vec<(&str, String)> = Vec::new();
        let mut what = Vec::new();
        for _ in 0..1 + usize::from(next() % 4 == 0) {
            let (rel, a, b) = some[next() % some.len()];
            let current = files
                .iter()
                .find(|(r, _)| *r == rel)
                .map_or_else(|| read(rel), |(_, t)| t.clone());
            let text = if current.contains(a) {
                current.replacen(a, b, 1)
            } else if current.contains(b) {
                current.replacen(b, a, 1)
            } else {
                continue;
            };
            what.push(format!("{rel}: {a:?} <-> {b:?}"));
            files.retain(|(r, _)| *r != rel);
            files.push((rel, text));
        }
        if next() % 6 == 0 {
            let (rel, text) = EXTRA[next() % EXTRA.len()];
            if f.path(rel).exists() {
                f.remove(rel);
                what.push(format!("removed {rel}"));
            } else {
                f.write(rel, text);
                what.push(format!("added {rel}"));
            }
            let label = format!("seed {seed} step {step} {what:?}");
            compare(&mut session, &options, &[f.path(rel)], &label);
            what.clear();
        }
        for (rel, text) in &files {
            f.write(rel, text);
        }
        let paths: Vec<PathBuf> = files.iter().map(|(r, _)| f.path(r)).collect();
        if !paths.is_empty() {
            compare(
                &mut session,
                &options,
                &paths,
                &format!("seed {seed} step {step} {what:?}"),
            );
        }
    }
}

/// Rebuilds after `paths` changed; the result must be a full build's.
fn compare(session: &mut Session, options: &Options, paths: &[PathBuf], label: &str) {
    let shown = |d: &[coffeechat::diagnostics::Diagnostic]| -> Vec<String> {
        d.iter().map(|d| format!("{d:?}")).collect()
    };
    match (coffeechat::generate(options), session.rebuild(paths)) {
        (Ok(full), Ok(rebuilt)) => {
            let label = format!("{label}, {:?} road", rebuilt.road);
            let (inc, full_files) = (&session.output().files, &full.output.files);
            let keys = |m: &std::collections::BTreeMap<String, _>| {
                m.keys().cloned().collect::<Vec<String>>()
            };
            assert_eq!(keys(inc), keys(full_files), "{label}: different files");
            for (path, bytes) in full_files {
                assert!(
                    inc[path] == *bytes,
                    "{label}: {path} differs from a full build{}",
                    first_diff(&inc[path], bytes)
                );
            }
            assert_eq!(
                shown(&rebuilt.diagnostics),
                shown(&full.diagnostics),
                "{label}: warnings"
            );
        }
        (Err(_), Err(_)) => {}
        (Ok(_), Err(e)) => panic!("{label}: the rebuild failed, a full build did not: {e:?}"),
        (Err(e), Ok(r)) => panic!(
            "{label}: a full build failed, the {:?} road did not: {e:?}",
            r.road
        ),
    }
}

/// Where two versions of a page part, for the failure message.
fn first_diff(a: &[u8], b: &[u8]) -> String {
    let a = String::from_utf8_lossy(a);
    let b = String::from_utf8_lossy(b);
    let at = a
        .chars()
        .zip(b.chars())
        .position(|(x, y)| x != y)
        .unwrap_or(a.len().min(b.len()));
    let start = at.saturating_sub(200);
    let sa: String = a.chars().skip(start).take(400).collect();
    let sb: String = b.chars().skip(start).take(400).collect();
    format!("\n--- incremental:\n{sa}\n--- full:\n{sb}\n")
}

#[test]
fn every_toggle_applies_to_the_site() {
    let f = chain_site();
    // Each toggle's first text is in the note as the walk starts, so no
    // toggle is skipped for want of it.
    for (rel, a, _) in toggles() {
        let text = std::fs::read_to_string(f.path(rel)).expect("a toggled note");
        assert!(text.contains(a), "{rel} has no {a:?}");
    }
}

#[test]
fn random_edits_give_a_full_builds_site() {
    // Twenty-four walks of forty steps, about ten seconds in a debug
    // build. At the commit before the fixes its tests pin down, four of
    // them fail (seeds 4, 7, 11 and 17, all on the deleted note).
    for seed in 0..24 {
        random_walk(seed, 40, None);
    }
}

#[test]
fn random_edits_of_a_public_site_give_a_full_builds_site() {
    let publish = [
        "publish:\n  pages: [contacts, interviews, network]\n  keep: [email, body]\n",
        "publish:\n  pages: [interviews]\n",
        "publish:\n  pages: [contacts]\n  drop: [role]\n",
        "",
    ];
    for seed in 100..112 {
        random_walk(seed, 40, Some(publish[seed as usize % publish.len()]));
    }
}
