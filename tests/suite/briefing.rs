//! The briefing sheet's content, in HTML: the person first, then your
//! preparation, the questions with their minute plan; what is left out
//! (placeholders, questions for every conversation marked asked before);
//! and note headings nested under the section that shows them.

use crate::common::{self, main_of, page, Fixture};

const BEN: &str = "interviews/2026-12-01-ben-okafor/index.html";

/// The small fixture with `who-else` a question for every conversation,
/// asked in Ana's interview, and Ben's note with a `## Briefing` section.
fn fixture(repeat: bool) -> Fixture {
    let f = Fixture::small();
    f.write(
        "content/questions/career.md",
        &format!("---\ntitle: Career path\nquestions:\n  - id: first-role\n    text: How did you get your first role in this field?\n  - What does a typical week look like for you?\n  - id: who-else\n    text: Who else should I talk to?\n    repeat: {repeat}\n---\nAsk these first.\n"),
    );
    f.write("content/interviews/2026-10-01-ana-lima.md", "---\ncontact: ana-lima\ndate: 2026-10-01T10:00:00-05:00\nformat: coffee\nstatus: done\nquestions: [career/first-role, career/who-else]\nasked: [career/first-role, career/who-else]\nreferrals: [ben-okafor]\nthank_you_sent: 2026-10-02\n---\nAna suggested I talk to [[ben-okafor]].\n");
    f.write("content/contacts/ben-okafor.md", "---\nname: Ben Okafor\ncompany: acme\nrole: Product Manager\nteam: Fleet\nsource: referral\nintroduced_by: ana-lima\nstage: scheduled\ntimezone: Europe/Berlin\nlinkedin: https://www.linkedin.com/in/ben-example\n---\n## Background\n\nBen knows the product side.\n\n## Briefing\n\nEx-consultant; likes **numbers** first.\n\n## Later\n\nNot for the sheet.\n");
    f
}

#[test]
fn a_repeat_question_is_never_marked_asked_before() {
    let html = page(&fixture(true).generate(), BEN);
    let main = main_of(&html);
    // first-role was asked of Ana and is flagged; who-else was too, but it
    // belongs in every conversation.
    assert_eq!(
        main.matches("(asked before: 1 Oct 2026)").count(),
        1,
        "{main}"
    );
    assert!(main.contains("How did you get your first role in this field? <em class=\"asked-before-mark\">(asked before: 1 Oct 2026)</em>"), "{main}");
    assert!(
        main.contains("<span class=\"q-text\">Who else should I talk to?</span>"),
        "{main}"
    );
    assert!(
        !main.contains("“Who else should I talk to?”"),
        "not in the asked-then block"
    );

    // Without `repeat`, the same question is flagged.
    let html = page(&fixture(false).generate(), BEN);
    assert!(main_of(&html).contains("Who else should I talk to? <em class=\"asked-before-mark\">(asked before: 1 Oct 2026)</em>"));
}

#[test]
fn the_person_comes_first_with_their_briefing_section_and_linkedin() {
    let html = page(&fixture(true).generate(), BEN);
    let main = main_of(&html);
    let at = |text: &str| {
        main.find(text)
            .unwrap_or_else(|| panic!("no {text} in {main}"))
    };
    assert!(main.contains("<h2 id=\"2026-12-01-ben-okafor-who\">Who Ben Okafor is</h2>"));
    // The `## Briefing` section wins over the first one, without its heading.
    assert!(main.contains("<div class=\"about\"><p>Ex-consultant; likes <strong>numbers</strong> first.</p></div>"), "{main}");
    assert!(!main.contains("Ben knows the product side."));
    assert!(!main.contains("Not for the sheet."));
    assert!(main.contains("LinkedIn: <a href=\"https://www.linkedin.com/in/ben-example\">linkedin.com/in/ben-example</a>"), "{main}");
    assert!(at("Who Ben Okafor is") < at("Your preparation"));
    assert!(at("Your preparation") < at("Prep for Ben."));
    assert!(at("Prep for Ben.") < at(">Questions <"));
    assert!(at(">Questions <") < at("Earlier conversations"));
}

#[test]
fn the_time_box_has_a_minute_plan_from_the_configuration() {
    let html = page(&Fixture::small().generate(), BEN);
    assert!(common::squashed(main_of(&html)).contains("<span class=\"label\">Plan for 30 minutes:</span> <span class=\"plan-step plan-opening\">09:30 opening (5 min)</span> · <span class=\"plan-step plan-questions\">09:35 questions (17 min)</span> · <span class=\"plan-step plan-referrals\">09:52 who else to talk to (5 min)</span> · <span class=\"plan-step plan-closing\">09:57 thanks, next step, stop on time (3 min)</span> · <strong>stop at 10:00</strong>"), "{html}");

    let f = Fixture::small();
    f.write(
        "coffeechat.yaml",
        &format!(
            "{}time_plan: {{opening: 10, questions: 70, referrals: 10, closing: 10}}\n",
            common::CONFIG
        ),
    );
    let html = page(&f.generate(), BEN);
    let main = common::squashed(main_of(&html));
    assert!(main.contains("09:30 opening (3 min)</span> · <span class=\"plan-step plan-questions\">09:33 questions (21 min)</span> · <span class=\"plan-step plan-referrals\">09:54 who else to talk to (3 min)</span> · <span class=\"plan-step plan-closing\">09:57 thanks, next step, stop on time (3 min)"), "{main}");
}

#[test]
fn placeholders_are_not_printed() {
    let f = Fixture::with_config(&format!("{}owner:\n  name: Your Name\n", common::CONFIG));
    f.write("content/contacts/pat.md", "---\nname: Pat Lee\n---\n## Background\n\nHow you found Pat Lee, what they work on, what you have in common.\n");
    f.write("content/interviews/2026-12-01-pat.md", "---\ncontact: pat\ndate: 2026-12-01\nstatus: scheduled\ngoals:\n  - What do you want to leave the conversation knowing?\n  - Learn how the team works\n---\n## Prep\n\n## Notes\n\n## Follow-up\n");
    let built = f.generate();
    let html = page(&built, "interviews/2026-12-01-pat/index.html");
    for gone in [
        "Your Name",
        "prepared by",
        "What do you want to leave the conversation knowing?",
        "what they work on, what you have in common",
        ">Prep<",
        ">Notes<",
        "notes-body",
    ] {
        assert!(!html.contains(gone), "{gone} is printed:\n{html}");
    }
    assert!(html.contains("<li>Learn how the team works</li>"));
    let mut codes: Vec<(&str, String, usize)> = built
        .diagnostics
        .iter()
        .filter(|d| d.code == "placeholder-text")
        .map(|d| (d.code, d.file.display().to_string(), d.line))
        .collect();
    codes.sort();
    assert_eq!(
        codes,
        vec![
            ("placeholder-text", "coffeechat.yaml".to_string(), 5),
            ("placeholder-text", "content/contacts/pat.md".to_string(), 6),
            (
                "placeholder-text",
                "content/interviews/2026-12-01-pat.md".to_string(),
                6
            ),
        ]
    );
}

#[test]
fn note_headings_nest_under_the_section_that_shows_them() {
    let f = fixture(true);
    f.write("content/interviews/2026-12-01-ben-okafor.md", "---\ncontact: ben-okafor\ndate: \"2026-12-01 09:30\"\nstatus: scheduled\n---\n## Prep\n\nSee [below](#later).\n\n### Detail\n\nd\n\n## Later\n\nl\n");
    let built = f.generate();
    let main = main_of(&page(&built, BEN)).to_string();
    // Under the sheet's <h2>, the body's ## is an <h3>; ids carry the slug
    // and in-page links follow them.
    assert!(
        main.contains("<h3 id=\"2026-12-01-ben-okafor-prep\">Prep</h3>"),
        "{main}"
    );
    assert!(
        main.contains("<h4 id=\"2026-12-01-ben-okafor-detail\">Detail</h4>"),
        "{main}"
    );
    assert!(
        main.contains("<a href=\"#2026-12-01-ben-okafor-later\">below</a>"),
        "{main}"
    );
    assert!(!main.contains("<h2 id=\"prep\""));
    // A contact's and a company's notes sit below an <h2> of the page.
    let ben = page(&built, "contacts/ben-okafor/index.html");
    assert!(
        ben.contains("<h3 id=\"background\">Background</h3>"),
        "{ben}"
    );
    assert!(!ben.contains("<h2 id=\"background\">"));
    f.write(
        "content/companies/acme.md",
        "---\nname: Acme Robotics\n---\n## Why I looked\n\nRobots.\n",
    );
    let acme = page(&f.generate(), "companies/acme/index.html");
    assert!(
        acme.contains("<h3 id=\"why-i-looked\">Why I looked</h3>"),
        "{acme}"
    );
    // A free page's body sits under its <h1>.
    f.write(
        "content/pages/pitch.md",
        "---\ntitle: Pitch\n---\n# Big\n\n## Small\n",
    );
    let pitch = page(&f.generate(), "pages/pitch/index.html");
    assert!(
        pitch.contains("<h2 id=\"big\">Big</h2>") && pitch.contains("<h3 id=\"small\">Small</h3>"),
        "{pitch}"
    );
}

#[test]
fn a_public_build_shows_no_note_about_the_person() {
    let f = fixture(true);
    f.write(
        "coffeechat.yaml",
        &format!(
            "{}publish:\n  pages: [contacts, interviews]\n",
            common::CONFIG
        ),
    );
    let mut options = f.options();
    options.public = true;
    let built = coffeechat::generate(&options).expect("public build");
    let html = page(&built, BEN);
    assert!(html.contains("Who Ben Okafor is"), "the sheet is there");
    assert!(!html.contains("Ex-consultant"), "{html}");
    assert!(!html.contains("class=\"about\""), "{html}");
    assert!(!html.contains("linkedin.com/in/ben-example"), "{html}");
}

#[test]
fn the_search_index_holds_whole_notes_questions_and_names() {
    let f = Fixture::small();
    let long = "Filler words about robots. ".repeat(40);
    f.write(
        "content/companies/acme.md",
        &format!("---\nname: Acme Robotics\n---\n## Why I looked\n\nFleet robots. Met [[ana-lima]].\n\n{long}\n\nThe supplier survey closes it.\n"),
    );
    let built = f.generate();
    let index: serde_json::Value =
        serde_json::from_str(&page(&built, "search.json")).expect("json");
    let entry = |url: &str| -> String {
        index
            .as_array()
            .expect("a list")
            .iter()
            .find(|e| e["u"] == url)
            .unwrap_or_else(|| panic!("no {url}"))["x"]
            .as_str()
            .expect("text")
            .to_string()
    };
    let acme = entry("/prep/companies/acme/");
    assert!(
        acme.starts_with("Why I looked Fleet robots. Met Ana Lima."),
        "{acme}"
    );
    assert!(acme.ends_with("The supplier survey closes it."), "{acme}");
    let bank = entry("/prep/questions/career/");
    assert!(
        bank.contains("How did you get your first role in this field? To learn the entry paths"),
        "{bank}"
    );
    assert!(bank.contains("Who else should I talk to?"), "{bank}");
}

/// A build writes its search index before it makes the cards: each entry
/// still carries the note's name, kind, card line and tags.
#[test]
fn a_built_search_index_names_each_note_as_its_card_does() {
    let f = Fixture::small();
    coffeechat::build(&f.options()).expect("builds");
    let json = std::fs::read_to_string(f.path("public/search.json")).expect("search.json");
    let index: serde_json::Value = serde_json::from_str(&json).expect("json");
    let entry = |url: &str| {
        index
            .as_array()
            .expect("a list")
            .iter()
            .find(|e| e["u"] == url)
            .unwrap_or_else(|| panic!("no {url}"))
            .clone()
    };
    let ana = entry("/prep/contacts/ana-lima/");
    assert_eq!(ana["t"], "Ana Lima");
    assert_eq!(ana["k"], "contact");
    assert_eq!(ana["s"], "Staff Engineer, Acme Robotics");
    assert_eq!(ana["g"], serde_json::json!(["robots", "alumni"]));
    let acme = entry("/prep/companies/acme/");
    assert_eq!(
        (acme["k"].as_str(), acme["s"].as_str()),
        (Some("company"), Some("Robotics"))
    );
    let bank = entry("/prep/questions/career/");
    assert_eq!(bank["s"], "3 questions");
}

#[test]
fn each_interview_has_a_one_page_card() {
    let built = fixture(true).generate();
    let html = page(&built, "interviews/2026-12-01-ben-okafor/card/index.html");
    let main = common::squashed(main_of(&html));
    assert!(
        main.contains("<h1 id=\"card-title\">Ben Okafor</h1>"),
        "{main}"
    );
    // The person in three lines.
    assert!(main.contains("<strong>Ben Okafor</strong>, Product Manager (Fleet) at Acme Robotics<br>referral, introduced through Ana Lima<br><a href=\"https://www.linkedin.com/in/ben-example\">linkedin.com/in/ben-example</a>"), "{main}");
    // The opener is the first talking point.
    assert!(
        main.contains("<h2 id=\"card-opener\">Open with</h2><p>My warehouse analytics project</p>"),
        "{main}"
    );
    // The top three of four questions, and where the rest are.
    assert!(main.contains("<li value=\"1\">How did you get your first role in this field?</li>"));
    assert!(main.contains("<li value=\"3\">Who else should I talk to?</li>"));
    assert!(
        !main.contains("What surprised you most when you joined Acme?"),
        "{main}"
    );
    assert!(main.contains(
        "1 more on the <a href=\"/prep/interviews/2026-12-01-ben-okafor/\">briefing</a>."
    ));
    assert!(
        main.contains("<li><strong>09:30</strong> opening: 5 min</li>"),
        "{main}"
    );
    assert!(
        main.contains("<li><strong>10:00</strong> stop, on time</li>"),
        "{main}"
    );
    assert!(main.contains("Never ask for a job"), "the etiquette line");
    // The briefing links to it.
    assert!(page(&built, BEN).contains(
        "<a href=\"/prep/interviews/2026-12-01-ben-okafor/card/\">The one-page card</a>: what to glance at during the call, on a phone."
    ));
}
