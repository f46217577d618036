//! `coffeechat agenda`: the exact text for a fixture and a pinned today.

use crate::common::Fixture;
use coffeechat::commands::agenda::agenda;

fn fixture() -> Fixture {
    let f = Fixture::small();
    // Done on 10 Nov without a thank-you: overdue since the 12th.
    f.write(
        "content/interviews/2026-11-10-chen-wu.md",
        "---\ncontact: chen-wu\ndate: \"2026-11-10 12:00\"\nformat: phone\nstatus: done\nfollow_up: 2026-11-30\n---\n",
    );
    // Not scheduled yet.
    f.write(
        "content/interviews/dara-first.md",
        "---\ntitle: First chat with Dara\ncontact: dara-singh\nstatus: requested\n---\n",
    );
    // A follow-up already late, and one beyond the horizon.
    f.write(
        "content/contacts/eve-adams.md",
        "---\nname: Eve Adams\ncompany: globex\nrole: Designer\nnext_follow_up: 2026-11-20\n---\n",
    );
    f.write(
        "content/contacts/finn-berg.md",
        "---\nname: Finn Berg\nnext_follow_up: 2027-01-15\n---\n",
    );
    // Far away: outside a 14-day agenda.
    f.write(
        "content/interviews/2027-02-01-finn-berg.md",
        "---\ncontact: finn-berg\ndate: \"2027-02-01 09:00\"\nstatus: scheduled\n---\n",
    );
    f
}

#[test]
fn agenda_lists_what_needs_doing() {
    let f = fixture();
    let text = agenda(&f.options(), 14).unwrap();
    let expected = "\
Agenda for Sun 22 Nov 2026, the next 14 days

Coming interviews
  Tue 1 Dec 2026, 09:30 CST  Ben Okafor at Acme Robotics (video, 30 min)
    Informational interview with Ben Okafor
    briefing: public/interviews/2026-12-01-ben-okafor/index.html

Not scheduled yet
  Dara Singh (requested)  First chat with Dara

This week (Sun 22 Nov to Sat 28 Nov)
  overdue since Thu 12 Nov 2026  Send Chen Wu a thank-you note, then add `thank_you_sent:`  [Informational interview with Chen Wu]
    thank_you_sent: 2026-11-22
  overdue since Fri 20 Nov 2026  Reach out to Eve Adams by email, on LinkedIn, or through someone who knows them; ask for 15 to 20 minutes of advice  [Eve Adams]
    stage: contacted

Later, through Sun 6 Dec
  due Mon 30 Nov 2026  Follow up with Chen Wu  [Informational interview with Chen Wu]
  due Tue 1 Dec 2026  Prepare for the conversation with Ben Okafor: read the briefing  [Informational interview with Ben Okafor]

Whenever you can (1)
  Agree a day and time with Dara Singh, then write it as `date:`  [First chat with Dara]
    date: YYYY-MM-DD HH:MM

Contacts with no next step
  Ana Lima, Staff Engineer, Acme Robotics (met)  content/contacts/ana-lima.md
";
    assert_eq!(text, expected, "\n{text}");
}

#[test]
fn days_widen_the_horizon() {
    let f = fixture();
    let text = agenda(&f.options(), 90).unwrap();
    assert!(text.starts_with("Agenda for Sun 22 Nov 2026, the next 90 days\n"));
    assert!(
        text.contains("  Mon 1 Feb 2027, 09:00 CST  Finn Berg"),
        "{text}"
    );
    assert!(
        text.contains("due Fri 15 Jan 2027  Follow up with Finn Berg  [Finn Berg]"),
        "{text}"
    );
    let text = agenda(&f.options(), 1).unwrap();
    assert!(text.contains("\nComing interviews\n  none\n"), "{text}");
}

#[test]
fn agenda_of_a_broken_site_is_an_error() {
    let f = fixture();
    f.write(
        "content/contacts/bad.md",
        "---\nname: Bad\ncompany: nope\n---\n",
    );
    assert!(agenda(&f.options(), 14).is_err());
}

#[test]
fn agenda_command_exits_zero() {
    let f = fixture();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_coffeechat"))
        .args(["agenda", "--today", "2026-11-22", "--days", "14", "--root"])
        .arg(f.root())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        agenda(&f.options(), 14).unwrap()
    );
}
