//! Briefing sheets on paper. The PDF tests run the demo site through a
//! headless Chromium and measure the result with poppler (`pdfinfo`,
//! `pdftotext`); without them they fail, unless COFFEECHAT_SKIP_BROWSER=1
//! (scripts/test installs both). The errors that need no browser are tested always.

use crate::common;
use coffeechat::briefing::pdf::{print, PrintError, PrintRequest, CHROMIUM_ENV};
use coffeechat::Options;
use std::path::{Path, PathBuf};
use std::process::Command;

const TODAY: &str = "2026-11-22";

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The browser, when it and poppler are there; a missing one fails the
/// test unless COFFEECHAT_SKIP_BROWSER=1 (see `common::may_run`).
fn tools(test: &str) -> Option<PathBuf> {
    let chromium = common::chromium();
    let mut missing = Vec::new();
    if let Err(why) = &chromium {
        missing.push(why.clone());
    }
    if !common::runs("pdfinfo", &["-v"]) || !common::runs("pdftotext", &["-v"]) {
        missing.push("pdfinfo and pdftotext (Debian's poppler-utils)".to_string());
    }
    if !common::may_run(&format!("print::{test}"), &missing) {
        return None;
    }
    chromium.ok()
}

/// The demo site with `paper` set, through a copy of its configuration.
fn demo(paper: &str, dir: &Path) -> Options {
    let config = std::fs::read_to_string(repo().join("coffeechat.yaml")).expect("demo config");
    let mut lines: Vec<String> = config
        .lines()
        .filter(|l| !l.starts_with("paper:"))
        .map(str::to_string)
        .collect();
    lines.push(format!("paper: {paper}"));
    let path = dir.join(format!("coffeechat-{paper}.yaml"));
    std::fs::write(&path, lines.join("\n") + "\n").expect("write config");
    Options {
        root: repo(),
        config: Some(path),
        today: Some(TODAY.parse().expect("date")),
        ..Options::default()
    }
}

/// Interview slugs of the demo, with the number of questions on each briefing.
fn demo_interviews() -> Vec<(String, usize)> {
    let options = Options {
        root: repo(),
        today: Some(TODAY.parse().expect("date")),
        ..Options::default()
    };
    let built = coffeechat::generate(&options).expect("demo builds");
    let mut out: Vec<(String, usize)> = built
        .output
        .files
        .iter()
        .filter_map(|(path, bytes)| {
            let slug = path
                .strip_prefix("interviews/")?
                .strip_suffix("/index.html")?;
            // Briefings, not their cards.
            if slug.contains('/') {
                return None;
            }
            let html = String::from_utf8_lossy(bytes);
            Some((slug.to_string(), html.matches(r#"<li value=""#).count()))
        })
        .collect();
    out.sort();
    assert!(out.len() >= 10, "the demo has its interviews: {out:?}");
    out
}

fn pdfinfo(pdf: &Path) -> String {
    let out = Command::new("pdfinfo").arg(pdf).output().expect("pdfinfo");
    assert!(out.status.success(), "pdfinfo {}", pdf.display());
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn page_count(pdf: &Path) -> usize {
    pdfinfo(pdf)
        .lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .and_then(|n| n.trim().parse().ok())
        .unwrap_or_else(|| panic!("no page count for {}", pdf.display()))
}

/// The text of each page of `pdf`.
fn page_texts(pdf: &Path) -> Vec<String> {
    let out = Command::new("pdftotext")
        .args(["-layout"])
        .arg(pdf)
        .arg("-")
        .output()
        .expect("pdftotext");
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    let mut pages: Vec<String> = text.split('\u{c}').map(str::to_string).collect();
    if pages.last().is_some_and(|p| p.trim().is_empty()) {
        pages.pop();
    }
    pages
}

fn first_line(page: &str) -> &str {
    page.lines()
        .map(str::trim)
        .find(|l| !l.is_empty())
        .unwrap_or("")
}

/// The first page of a briefing sheet: the running head, then the facts
/// (every later page of a sheet repeats the running head but not the facts).
fn is_sheet_start(page: &str) -> bool {
    first_line(page).starts_with("BRIEFING") && page.contains("TIME BOX")
}

fn request(dir: &Path, interviews: &[&str]) -> PrintRequest {
    PrintRequest {
        interviews: interviews.iter().map(|s| s.to_string()).collect(),
        dir: dir.to_path_buf(),
        ..PrintRequest::default()
    }
}

#[test]
fn every_demo_briefing_fits_two_pages_on_a4_and_letter() {
    let Some(_) = tools("every_demo_briefing_fits_two_pages_on_a4_and_letter") else {
        return;
    };
    let interviews = demo_interviews();
    let slugs: Vec<&str> = interviews.iter().map(|(s, _)| s.as_str()).collect();
    for (paper, size) in [("a4", "(A4)"), ("letter", "(letter)")] {
        let dir = tempfile::tempdir().expect("temp dir");
        let options = demo(paper, dir.path());
        let written = print(&options, &request(dir.path(), &slugs)).expect("print");
        assert_eq!(written.len(), slugs.len());
        let mut measured = Vec::new();
        for (slug, questions) in &interviews {
            let pdf = dir.path().join(format!("{slug}.pdf"));
            let info = pdfinfo(&pdf);
            assert!(
                info.lines()
                    .any(|l| l.starts_with("Page size:") && l.contains(size)),
                "{slug} on {paper}: {info}"
            );
            let pages = page_count(&pdf);
            measured.push(format!("{slug}: {pages}"));
            assert!(*questions <= 12, "{slug} has {questions} questions");
            assert!(
                (1..=2).contains(&pages),
                "{slug} ({questions} questions) takes {pages} pages on {paper}"
            );
            let texts = page_texts(&pdf);
            assert!(
                first_line(&texts[0]).starts_with("BRIEFING"),
                "{slug}: the sheet starts with its header: {}",
                first_line(&texts[0])
            );
            // The running head repeats on every page of the sheet.
            for (n, text) in texts.iter().enumerate() {
                assert_eq!(
                    first_line(text),
                    first_line(&texts[0]),
                    "{slug} on {paper}: page {} has the running head",
                    n + 1
                );
            }
        }
        eprintln!("pages on {paper}: {}", measured.join(", "));
    }
}

#[test]
fn a_briefing_shows_the_person_first_and_names_them_on_every_page() {
    let Some(_) = tools("a_briefing_shows_the_person_first_and_names_them_on_every_page") else {
        return;
    };
    let slug = "2026-11-24-daniel-cho";
    for paper in ["a4", "letter"] {
        let dir = tempfile::tempdir().expect("temp dir");
        print(&demo(paper, dir.path()), &request(dir.path(), &[slug])).expect("print");
        let pages = page_texts(&dir.path().join(format!("{slug}.pdf")));
        assert_eq!(pages.len(), 2, "{paper}: {pages:?}");
        let flat = |t: &str| t.split_whitespace().collect::<Vec<_>>().join(" ");
        let first = flat(&pages[0]);
        // His own contact note, and his LinkedIn, on page 1.
        for text in [
            "Former management consultant (operations and supply chain)",
            "Writes long, thoughtful LinkedIn posts on \"decision-grade\" emissions data.",
            "linkedin.com/in/example-daniel-cho",
        ] {
            assert!(
                first.contains(text),
                "{paper}: page 1 lacks {text}:\n{first}"
            );
        }
        // Who he is comes before your preparation, which comes before the questions.
        let at = |text: &str| {
            first
                .find(text)
                .unwrap_or_else(|| panic!("{paper}: no {text} on page 1:\n{first}"))
        };
        assert!(at("WHO DANIEL CHO IS") < at("YOUR PREPARATION"));
        assert!(at("YOUR PREPARATION") < at("QUESTIONS"));
        assert!(at("lead with the most important two questions") < at("QUESTIONS"));
        assert!(first.contains("Plan for 20 minutes: 13:00 opening (3 min) · 13:03 questions (12 min) · 13:15 who else to talk to (3 min) · 13:18 thanks, next step, stop on time (2 min) · stop at 13:20"), "{first}");
        // Page 2 says whose sheet it is, and counts the sheet's own pages.
        assert_eq!(
            first_line(&pages[1]),
            "BRIEFING · DANIEL CHO · TUE 24 NOV 2026, 13:00 CST · SCHEDULED · prepared by Jordan Rivera"
        );
        assert!(flat(&pages[1]).ends_with("page 2 of 2"), "{}", pages[1]);
    }
}

#[test]
fn a_card_fits_one_page_on_a4_and_letter() {
    let Some(_) = tools("a_card_fits_one_page_on_a4_and_letter") else {
        return;
    };
    // The Gridwise conversation: two people, ten questions, the longest.
    for paper in ["a4", "letter"] {
        let dir = tempfile::tempdir().expect("temp dir");
        let req = PrintRequest {
            card: true,
            ..request(dir.path(), &["gridwise"])
        };
        let written = print(&demo(paper, dir.path()), &req).expect("print");
        assert_eq!(
            written,
            vec![dir
                .path()
                .join("2026-12-03-gridwise-research-team-card.pdf")]
        );
        let pages = page_texts(&written[0]);
        assert_eq!(pages.len(), 1, "{paper}: {pages:?}");
        let text = pages[0].split_whitespace().collect::<Vec<_>>().join(" ");
        for part in [
            "Elena Vasquez, Marcus Bell",
            "TOP QUESTIONS",
            "14:30 opening: 5 min",
            "15:00 stop, on time",
            "Never ask for a job",
        ] {
            assert!(text.contains(part), "{paper}: {part} in {text}");
        }
    }
}

#[test]
fn print_packs_start_each_briefing_on_a_new_sheet() {
    let Some(_) = tools("print_packs_start_each_briefing_on_a_new_sheet") else {
        return;
    };
    let dir = tempfile::tempdir().expect("temp dir");
    let options = demo("letter", dir.path());
    let built = coffeechat::generate(&options).expect("build");
    let title_of = |slug: &str| -> String {
        let html = common::page(&built, &format!("interviews/{slug}/index.html"));
        let at = html.find(r#"<h1 id=""#).expect("a title");
        let rest = &html[at..];
        let rest = &rest[rest.find('>').expect("tag ends") + 1..];
        rest[..rest.find("</h1>").expect("h1 ends")].to_string()
    };
    // Slugs start with the date: sorted, they are in print order.
    let slugs: Vec<String> = demo_interviews().into_iter().map(|(s, _)| s).collect();
    let upcoming: Vec<&String> = slugs
        .iter()
        .filter(|s| s.as_str() >= "2026-11-22")
        .collect();
    assert_eq!(upcoming.len(), 4, "{upcoming:?}");
    for (all, page) in [(true, "every briefing"), (false, "upcoming briefings")] {
        let expected: Vec<String> = if all {
            slugs.iter().map(|s| title_of(s)).collect()
        } else {
            upcoming.iter().map(|s| title_of(s)).collect()
        };
        assert!(!expected.is_empty(), "{page} has briefings");
        let pdf = dir.path().join(format!("pack-{all}.pdf"));
        let req = PrintRequest {
            all,
            output: Some(pdf.clone()),
            ..request(dir.path(), &[])
        };
        print(&options, &req).expect("print pack");
        let pages = page_texts(&pdf);
        assert_eq!(pages.len(), page_count(&pdf));
        // A briefing starts at the top of a sheet, with its header and title.
        let starts: Vec<usize> = (0..pages.len())
            .filter(|i| is_sheet_start(&pages[*i]))
            .collect();
        assert_eq!(
            starts.len(),
            expected.len(),
            "{page}: one sheet group per interview"
        );
        assert_eq!(starts[0], 0, "{page}: the first sheet is a briefing");
        for (n, (start, title)) in starts.iter().zip(&expected).enumerate() {
            let top: String = pages[*start].lines().take(4).collect::<Vec<_>>().join(" ");
            let top = top.split_whitespace().collect::<Vec<_>>().join(" ");
            let head: String = title.chars().take(30).collect();
            assert!(
                top.contains(head.trim()),
                "{page}: briefing {n} ({title}) starts at the top of page {}: {top}",
                start + 1
            );
            let end = starts.get(n + 1).copied().unwrap_or(pages.len());
            assert!(end - start <= 2, "{title} takes {} pages", end - start);
            // Each sheet counts its own pages, and names its person on each.
            for k in *start..end {
                let text = pages[k].split_whitespace().collect::<Vec<_>>().join(" ");
                let count = format!("page {} of {}", k - start + 1, end - start);
                assert!(
                    text.ends_with(&count),
                    "{title}: page {} says {count}: {text}",
                    k + 1
                );
                assert_eq!(first_line(&pages[k]), first_line(&pages[*start]));
            }
        }
        eprintln!(
            "{page}: {} briefings on {} pages",
            expected.len(),
            pages.len()
        );
    }
}

#[test]
fn navigation_is_not_printed() {
    let Some(_) = tools("navigation_is_not_printed") else {
        return;
    };
    let dir = tempfile::tempdir().expect("temp dir");
    let options = demo("a4", dir.path());
    let slug = "2026-11-24-daniel-cho";
    let html = common::page(
        &coffeechat::generate(&options).expect("build"),
        &format!("interviews/{slug}/index.html"),
    );
    // The page on screen has the chrome the printout must leave out.
    for label in ["Dashboard", "Skip to content", "Linked from", " · as of "] {
        assert!(html.contains(label), "the screen page has {label}");
    }
    print(&options, &request(dir.path(), &[slug])).expect("print");
    let text = page_texts(&dir.path().join(format!("{slug}.pdf"))).join("\n");
    assert!(text.contains("Informational interview with Daniel Cho"));
    assert!(text.contains("What's the biggest product bet"));
    for label in ["Dashboard", "Skip to content", "Linked from", " · as of "] {
        assert!(!text.contains(label), "{label} is printed:\n{text}");
    }
    let nav = [
        "Interviews",
        "Contacts",
        "Companies",
        "Questions",
        "Network",
        "Tags",
    ];
    assert!(
        !text
            .lines()
            .any(|l| nav.iter().filter(|n| l.contains(*n)).count() >= 3),
        "a navigation strip is printed:\n{text}"
    );
}

#[test]
fn print_command_writes_pdfs_end_to_end() {
    let Some(_) = tools("print_command_writes_pdfs_end_to_end") else {
        return;
    };
    let dir = tempfile::tempdir().expect("temp dir");
    let run = |args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_coffeechat"))
            .args(["print", "--today", TODAY, "--root"])
            .arg(repo())
            .args(args)
            .current_dir(dir.path())
            .output()
            .expect("run coffeechat")
    };
    // The upcoming pack, under its default name in the current folder.
    let out = run(&[]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // Four sheets, printed from a script: no progress bar, only the file.
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        format!("wrote {}\n", dir.path().join("briefings.pdf").display())
    );
    let pack = dir.path().join("briefings.pdf");
    assert!(std::fs::read(&pack)
        .expect("briefings.pdf")
        .starts_with(b"%PDF-"));
    assert!(page_count(&pack) >= 2);
    // Two named interviews into one file.
    let out = run(&["2026-11-24-daniel-cho", "keiko-tanaka", "-o", "two.pdf"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let pages = page_texts(&dir.path().join("two.pdf"));
    let starts: Vec<&String> = pages.iter().filter(|p| is_sheet_start(p)).collect();
    assert_eq!(starts.len(), 2);
    assert!(starts[0].contains("Daniel Cho") && starts[1].contains("Keiko Tanaka"));
    // A PDF is replaced by a new print: two.pdf now holds Daniel's
    // briefing alone, as one.pdf does.
    let out = run(&["2026-11-24-daniel-cho", "-o", "one.pdf"]);
    assert!(out.status.success());
    let out = run(&["2026-11-24-daniel-cho", "-o", "two.pdf"]);
    assert!(out.status.success());
    let pages = page_texts(&dir.path().join("two.pdf"));
    assert_eq!(pages, page_texts(&dir.path().join("one.pdf")));
    let starts: Vec<&String> = pages.iter().filter(|p| is_sheet_start(p)).collect();
    assert_eq!(starts.len(), 1, "{pages:?}");
    assert!(starts[0].contains("Daniel Cho"), "{pages:?}");
    assert!(
        !pages.iter().any(|p| p.contains("Keiko Tanaka")),
        "{pages:?}"
    );
    // A file that is not a PDF never is.
    std::fs::write(dir.path().join("notes.pdf"), "my own notes\n").expect("write");
    let out = run(&["2026-11-24-daniel-cho", "-o", "notes.pdf"]);
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        std::fs::read_to_string(dir.path().join("notes.pdf")).expect("read"),
        "my own notes\n"
    );
}

#[test]
fn missing_chromium_is_a_clear_error_naming_the_package() {
    let dir = tempfile::tempdir().expect("temp dir");
    let empty = tempfile::tempdir().expect("temp dir");
    let out = Command::new(env!("CARGO_BIN_EXE_coffeechat"))
        .args(["print", "--today", TODAY, "--root"])
        .arg(repo())
        .env("PATH", empty.path())
        .env_remove(CHROMIUM_ENV)
        .current_dir(dir.path())
        .output()
        .expect("run coffeechat");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("no Chromium found"), "{stderr}");
    assert!(stderr.contains("apt-get install chromium"), "{stderr}");
    assert!(stderr.contains(CHROMIUM_ENV), "{stderr}");
    assert!(
        std::fs::read_dir(dir.path()).expect("dir").next().is_none(),
        "nothing is written"
    );
}

#[test]
fn bad_requests_fail_before_any_browser_runs() {
    let dir = tempfile::tempdir().expect("temp dir");
    let options = demo("letter", dir.path());
    // A browser that cannot run: these errors must come first.
    let req = |interviews: &[&str], output: Option<PathBuf>| PrintRequest {
        output,
        chromium: Some(dir.path().join("no-such-browser")),
        ..request(dir.path(), interviews)
    };
    match print(&options, &req(&["daniel-co"], None)) {
        Err(e @ PrintError::UnknownInterview { .. }) => {
            assert!(e.to_string().contains("2026-11-24-daniel-cho"), "{e}")
        }
        other => panic!("expected an unknown interview: {other:?}"),
    }
    // A first name or a name finds the one interview it names: the
    // browser is reached (and fails) with that interview's page.
    for wanted in ["daniel", "Daniel Cho", "gridwise"] {
        match print(&options, &req(&[wanted], None)) {
            Err(PrintError::Browser { page, .. }) => assert!(
                page == "interviews/2026-11-24-daniel-cho/index.html"
                    || (wanted == "gridwise"
                        && page == "interviews/2026-12-03-gridwise-research-team/index.html"),
                "{wanted}: {page}"
            ),
            other => panic!("{wanted}: expected the browser to be reached: {other:?}"),
        }
    }
    let mine = dir.path().join("notes.txt");
    std::fs::write(&mine, "my notes").expect("write");
    match print(
        &options,
        &req(&["2026-11-24-daniel-cho"], Some(mine.clone())),
    ) {
        Err(PrintError::NotAPdf(p)) => assert_eq!(p, mine),
        other => panic!("expected a refusal: {other:?}"),
    }
    assert_eq!(std::fs::read_to_string(&mine).expect("read"), "my notes");
    // Nothing upcoming on a day after the last interview.
    let mut later = options.clone();
    later.today = Some("2027-06-01".parse().expect("date"));
    assert!(matches!(
        print(&later, &req(&[], None)),
        Err(PrintError::NothingUpcoming)
    ));
}

#[test]
fn paper_size_comes_from_the_configuration() {
    let dir = tempfile::tempdir().expect("temp dir");
    for (paper, rule) in [
        ("a4", "@page { size: a4; }"),
        ("letter", "@page { size: letter; }"),
    ] {
        let built = coffeechat::generate(&demo(paper, dir.path())).expect("build");
        for page in [
            "print/index.html",
            "interviews/2026-11-24-daniel-cho/index.html",
        ] {
            let html = common::page(&built, page);
            assert!(html.contains(rule), "{page} on {paper}");
            assert!(html.contains("briefing.css"));
        }
        let this_week = common::page(&built, "print/index.html");
        let next_week = common::page(&built, "print/next-week/index.html");
        let count = |html: &str| html.matches(r#"<article class="briefing""#).count();
        // On Sun 22 Nov 2026, this week is 22–28 Nov: Daniel's; next week
        // 29 Nov–5 Dec: the Gridwise team's. Ruth (8 Dec) and Keiko (9 Dec)
        // are in neither; past briefings are packed nowhere.
        assert_eq!(count(&this_week), 1);
        assert!(this_week.contains("Informational interview with Daniel Cho"));
        assert_eq!(count(&next_week), 1);
        assert!(next_week.contains("Second conversation: Gridwise product and research"));
        assert!(built.output.get("print/all/index.html").is_none());
    }
    let css = common::page(
        &coffeechat::generate(&demo("a4", dir.path())).expect("build"),
        "briefing.css",
    );
    assert!(
        css.contains("break-before: page"),
        "a new sheet per briefing"
    );
    // That they are never split is measured on a PDF below.
    assert!(css.contains("break-inside: avoid"), "questions never split");
}

/// A site with one interview planning twelve questions of a realistic
/// length, with everything around them filled in.
fn twelve_questions(paper: &str) -> common::Fixture {
    let f = common::Fixture::with_config(&format!(
        "{}paper: {paper}\nowner:\n  name: Sam Lee\n  pitch: Six years of support analytics, moving into product research for developer tools.\n",
        common::CONFIG
    ));
    f.write("content/companies/acme.md", "---\nname: Acme Robotics\nsummary: Warehouse robots that pick, pack and move totes for mid-size retailers.\nindustry: Robotics\nsize: 200-500\nlocation: Pittsburgh, PA\nwebsite: https://acme.example.com\n---\nAcme sells fleets of picking robots on a subscription, with a control tower app for shift leads. Their research team of four runs field studies in customer warehouses every quarter.\n");
    f.write("content/contacts/ana-lima.md", "---\nname: Ana Lima\ncompany: acme\nrole: Senior UX Researcher\nteam: Fleet Operations\nsource: alumni\nemail: ana@example.com\ntimezone: America/New_York\n---\nAna studied with me.\n");
    let mut bank = String::from("---\ntitle: Research practice\nquestions:\n");
    for n in 1..=12 {
        bank.push_str(&format!(
            "  - id: q{n}\n    text: Question {n}, asked the way a careful seeker writes it, with enough context that it wraps onto a second line?\n"
        ));
        if n % 3 == 0 {
            bank.push_str("    follow_up: And what would you do differently next time?\n");
        }
    }
    bank.push_str("---\n");
    f.write("content/questions/research.md", &bank);
    f.write("content/interviews/2026-12-01-ana-lima.md", "---\ncontact: ana-lima\ndate: \"2026-12-01 09:30\"\nduration: 30\nformat: video\nlocation: https://meet.example.com/ana\nstatus: scheduled\ngoals:\n  - Learn how the research team picks which warehouses to visit\n  - Understand how findings reach the fleet roadmap\n  - Ask whom else to talk to on the product side\nquestions: [research]\ntalking_points:\n  - We studied together; she suggested the field-study book last spring\n  - My support-ticket taxonomy work, as a short example of turning noise into decisions\n  - I am exploring research roles, not asking for one at Acme\n---\n## Prep\n\nAna moved from support to research three years ago, the same switch I am making. Keep to thirty minutes; she has a stand-up at ten. Read [the field-study book](https://books.example.com/field) and [[acme]] again.\n");
    f
}

#[test]
fn twelve_questions_fit_two_pages_on_a4_and_letter() {
    let Some(_) = tools("twelve_questions_fit_two_pages_on_a4_and_letter") else {
        return;
    };
    for paper in ["a4", "letter"] {
        let f = twelve_questions(paper);
        let html = common::page(&f.generate(), "interviews/2026-12-01-ana-lima/index.html");
        assert_eq!(html.matches(r#"<li value=""#).count(), 12);
        let dir = tempfile::tempdir().expect("temp dir");
        print(&f.options(), &request(dir.path(), &["2026-12-01-ana-lima"])).expect("print");
        let pdf = dir.path().join("2026-12-01-ana-lima.pdf");
        let pages = page_count(&pdf);
        eprintln!("twelve questions on {paper}: {pages} pages");
        assert!(pages <= 2, "twelve questions take {pages} pages on {paper}");
        let text = page_texts(&pdf).join("\n");
        assert!(
            text.contains("12. Question 12"),
            "every question is printed"
        );
        // A link in the notes shows where it leads; a link to another note does not.
        let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
        assert!(
            flat.contains("the field-study book (https://books.example.com/field)"),
            "{flat}"
        );
        assert!(flat.contains("Acme Robotics again"), "{flat}");
        assert!(!flat.contains("companies/acme/"), "{flat}");
    }
}

#[test]
fn a_question_is_never_split_across_pages() {
    let Some(_) = tools("a_question_is_never_split_across_pages") else {
        return;
    };
    // A briefing of 24 long questions: several sheets, so several places
    // where a question could be cut in two.
    let f = common::Fixture::with_config(&format!("{}paper: a4\n", common::CONFIG));
    f.write("content/contacts/ana.md", "---\nname: Ana Lima\n---\n");
    let mut note = String::from(
        "---\ncontact: ana\ndate: 2026-12-01T10:00:00-06:00\nstatus: scheduled\nquestions:\n",
    );
    for n in 1..=24 {
        note.push_str(&format!(
            "  - \"Q{n}START when you think back over the first years of your career in this field, which of the decisions you made about teams, projects and the people you learned from would you make again, and which would you change if you started today Q{n}END\"\n"
        ));
    }
    note.push_str("---\n");
    f.write("content/interviews/long.md", &note);
    let dir = tempfile::tempdir().expect("temp dir");
    print(&f.options(), &request(dir.path(), &["long"])).expect("print");
    let pages = page_texts(&dir.path().join("long.pdf"));
    assert!(pages.len() >= 3, "{} pages", pages.len());
    let page_of = |token: &str| -> usize {
        let found: Vec<usize> = (0..pages.len())
            .filter(|i| pages[*i].contains(token))
            .collect();
        assert_eq!(found.len(), 1, "{token} on pages {found:?}");
        found[0]
    };
    let mut breaks = 0;
    for n in 1..=24 {
        let start = page_of(&format!("Q{n}START"));
        let end = page_of(&format!("Q{n}END"));
        assert_eq!(
            start,
            end,
            "question {n} starts on page {} and ends on page {}",
            start + 1,
            end + 1
        );
        if n > 1 && start != page_of(&format!("Q{}END", n - 1)) {
            breaks += 1;
        }
    }
    assert!(breaks >= 2, "the questions run over {breaks} page breaks");
}

/// A site whose week holds `n` interviews, each with `prep_kb` kilobytes
/// of preparation notes: a pack too big for one page.
fn a_heavy_week(n: usize, prep_kb: usize) -> common::Fixture {
    let f = common::Fixture::new();
    f.write(
        "content/companies/acme.md",
        "---\nname: Acme Robotics\n---\nRobots.\n",
    );
    for i in 0..n {
        let day = 23 + i % 6;
        f.write(
            &format!("content/contacts/person-{i}.md"),
            &format!("---\nname: Person {i}\ncompany: acme\n---\nMet at a meetup.\n"),
        );
        f.write(
            &format!("content/interviews/2026-11-{day}-person-{i}.md"),
            &heavy_interview(i, day, prep_kb),
        );
    }
    f
}

fn heavy_interview(i: usize, day: usize, prep_kb: usize) -> String {
    let paragraph = "Read their last three posts on fleet research again, and note where the field studies changed the roadmap.\n\n";
    let prep = paragraph.repeat(prep_kb * 1024 / paragraph.len());
    format!(
        "---\ncontact: person-{i}\ndate: \"2026-11-{day} {:02}:00\"\nstatus: scheduled\ngoals: [Goal of conversation {i}]\n---\n## Prep\n\n{prep}",
        8 + i / 6
    )
}

/// Each part of a pack in order, and the whole of every part.
fn pack_parts(built: &coffeechat::Built, base: &str) -> Vec<String> {
    let mut parts = vec![common::page(built, &format!("{base}index.html"))];
    while let Some(bytes) = built
        .output
        .get(&format!("{base}part-{}/index.html", parts.len() + 1))
    {
        parts.push(String::from_utf8(bytes.to_vec()).expect("utf-8"));
    }
    parts
}

#[test]
fn a_pack_too_big_for_one_page_is_split_into_numbered_parts() {
    let f = a_heavy_week(12, 400);
    let built = f.generate();
    let parts = pack_parts(&built, "print/");
    assert!(
        parts.len() >= 3,
        "12 × 400 KB of sheets: {} parts",
        parts.len()
    );
    // 2 MB, as the docs promise.
    let limit = 2_000_000;
    let goals = |html: &str| -> Vec<usize> {
        html.match_indices("Goal of conversation ")
            .filter_map(|(at, m)| {
                let digits: String = html[at + m.len()..]
                    .chars()
                    .take_while(char::is_ascii_digit)
                    .collect();
                digits.parse().ok()
            })
            .collect()
    };
    let mut seen = Vec::new();
    for (k, html) in parts.iter().enumerate() {
        assert!(
            html.len() <= limit,
            "part {} is {} bytes",
            k + 1,
            html.len()
        );
        let title = format!(
            "This week&#39;s briefings, part {} of {}",
            k + 1,
            parts.len()
        );
        assert!(
            html.contains(&title),
            "part {} names itself: {}",
            k + 1,
            &html[html.find("<h1>").unwrap_or(0)..][..120]
        );
        // Every part links to every other, and marks itself.
        for n in 1..=parts.len() {
            let url = match n {
                1 => "/prep/print/".to_string(),
                n => format!("/prep/print/part-{n}/"),
            };
            let link = format!("<a href=\"{url}\">Part {n}</a>");
            assert_eq!(html.contains(&link), n != k + 1, "part {}: {link}", k + 1);
        }
        assert!(html.contains(&format!(
            "<span aria-current=\"page\">Part {}</span>",
            k + 1
        )));
        let mut here = goals(html);
        here.dedup();
        seen.extend(here);
    }
    // Each briefing once, whole, in date order across the parts.
    let mut by_date: Vec<(usize, usize, usize)> =
        (0..12).map(|i| (23 + i % 6, 8 + i / 6, i)).collect();
    by_date.sort();
    let expected: Vec<usize> = by_date.into_iter().map(|(_, _, i)| i).collect();
    assert_eq!(seen, expected);
    let count = |html: &str| html.matches(r#"<article class="briefing""#).count();
    assert_eq!(parts.iter().map(|p| count(p)).sum::<usize>(), 12);
    assert!(parts.iter().all(|p| count(p) >= 1));
    // No page of the site is over the limit.
    for (path, bytes) in &built.output.files {
        assert!(bytes.len() <= limit, "{path}: {} bytes", bytes.len());
    }
}

#[test]
fn a_pack_that_fits_one_page_has_no_parts() {
    let f = a_heavy_week(6, 20);
    let built = f.generate();
    assert_eq!(pack_parts(&built, "print/").len(), 1);
    let html = common::page(&built, "print/index.html");
    assert!(!html.contains("pack-parts"));
    assert!(!html.contains("part 1 of"));
    assert!(built.output.files.keys().all(|p| !p.contains("/part-")));
}

#[test]
fn every_part_fits_whatever_the_frame_holds() {
    // A theme that shows the sheets twice, and a title long enough to
    // matter: the parts are made smaller until each fits.
    let f = a_heavy_week(12, 300);
    f.write(
        "templates/print.html",
        "{% extends \"base.html\" %}{% block content %}<h1>{{ page.title }}</h1>{% for url in print.parts %}<a href=\"{{ url }}\">Part {{ loop.index }}</a>{% endfor %}<div>{{ print.sheets | safe }}</div><div>{{ print.sheets | safe }}</div>{% endblock content %}",
    );
    let built = f.generate();
    let parts = pack_parts(&built, "print/");
    assert!(parts.len() >= 4, "{} parts", parts.len());
    for (path, bytes) in &built.output.files {
        assert!(bytes.len() <= 2_000_000, "{path}: {} bytes", bytes.len());
    }
}
