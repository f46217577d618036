//! What the dashboard, the network page and the tag pages show, checked
//! on a fixture built through the library.

use crate::common::{main_of, page, section, squashed, Fixture};

/// The small fixture, on 2026-11-22, with a thank-you overdue (Chen's
/// conversation of 18 November), a follow-up past (Ana), one due this week
/// (Dara), one further off (Chen), and an interview to schedule (Dara).
fn site() -> Fixture {
    let f = Fixture::small();
    f.write("content/interviews/2026-11-18-chen-wu.md", "---\ncontact: chen-wu\ndate: 2026-11-18T15:00:00-06:00\nformat: phone\nstatus: done\n---\nChen talked about Globex.\n");
    f.write(
        "content/interviews/dara-singh.md",
        "---\ncontact: dara-singh\nstatus: requested\n---\n",
    );
    f.write("content/contacts/ana-lima.md", "---\nname: Ana Lima\ncompany: acme\nrole: Staff Engineer\nsource: alumni\nstage: met\nemail: ana@example.com\nnext_follow_up: 2026-11-20\ntags: [robots, alumni]\n---\nAna went to my school.\n");
    f.write(
        "content/contacts/dara-singh.md",
        "---\nname: Dara Singh\nsource: stranger\nnext_follow_up: 2026-11-25\n---\nNo company yet.\n",
    );
    f.write("content/contacts/chen-wu.md", "---\nname: Chen Wu\ncompany: globex\nsource: referral\nintroduced_by: ben-okafor\nnext_follow_up: 2026-12-10\n---\nMentioned by [[ben-okafor]].\n");
    f
}

/// The rows of the first interview table in `html` (squashed).
fn rows(html: &str) -> Vec<String> {
    let body = html
        .split("<tbody>")
        .nth(1)
        .and_then(|b| b.split("</tbody>").next())
        .unwrap_or_else(|| panic!("no table in {html}"));
    body.split("</tr>")
        .map(str::trim)
        .filter(|r| !r.is_empty())
        .map(|r| format!("{r}</tr>"))
        .collect()
}

const BEN_ROW: &str = "<tr><td><time datetime=\"2026-12-01T15:30:00Z\">Tue 1 Dec 2026, 09:30</time></td><td><a href=\"/prep/interviews/2026-12-01-ben-okafor/\">Informational interview with Ben Okafor</a></td><td><a href=\"/prep/contacts/ben-okafor/\">Ben Okafor</a></td><td><a href=\"/prep/companies/acme/\">Acme Robotics</a></td><td><span class=\"badge status-scheduled\">scheduled</span></td></tr>";

#[test]
fn the_dashboard_shows_what_is_coming_up() {
    let f = site();
    let built = f.generate();
    let html = page(&built, "index.html");
    let upcoming = section(&html, "upcoming-title");
    let (coming, to_schedule) = upcoming
        .split_once("<h3>To schedule</h3>")
        .expect("to schedule");
    // Ben's interview on 1 December, and none held already.
    assert_eq!(rows(coming), [BEN_ROW]);
    assert_eq!(
        rows(to_schedule),
        ["<tr><td><span class=\"muted\">not scheduled</span></td><td><a href=\"/prep/interviews/dara-singh/\">Informational interview with Dara Singh</a></td><td><a href=\"/prep/contacts/dara-singh/\">Dara Singh</a></td><td></td><td><span class=\"badge status-requested\">requested</span></td></tr>"]
    );
    // The timeline: today first, Ben's interview a link in the column of
    // Tuesday 1 December (the tenth day, x = 576).
    assert!(
        coming.contains("<rect x=\"0\" y=\"0\" width=\"62\" height=\"76\" class=\"day today\"/><text x=\"32\" y=\"14\" text-anchor=\"middle\" class=\"label\">Sun</text><text x=\"32\" y=\"28\" text-anchor=\"middle\" class=\"label\">22</text>"),
        "{coming}"
    );
    assert_eq!(coming.matches("class=\"event\"").count(), 1, "{coming}");
    assert!(
        coming.contains("<a href=\"/prep/interviews/2026-12-01-ben-okafor/\"><title>Informational interview with Ben Okafor: Tue 1 Dec 2026, 09:30 CST</title><rect x=\"579\" y=\"34\""),
        "{coming}"
    );
}

#[test]
fn the_dashboard_lists_overdue_thank_yous_and_follow_ups_due_this_week() {
    let f = site();
    let built = f.generate();
    let todo = section(&page(&built, "index.html"), "todo-title");
    assert_eq!(
        todo,
        "<section aria-labelledby=\"todo-title\"><h2 id=\"todo-title\">This week</h2><ol class=\"actions\">\
<li class=\"action action-follow-up overdue\"><time datetime=\"2026-11-20\">overdue since Fri 20 Nov 2026</time>: Follow up with Ana Lima · <a href=\"/prep/contacts/ana-lima/\">Ana Lima</a></li>\
<li class=\"action action-thank-you overdue\"><time datetime=\"2026-11-20\">overdue since Fri 20 Nov 2026</time>: Send Chen Wu a thank-you note, then add `thank_you_sent:` · <a href=\"/prep/interviews/2026-11-18-chen-wu/\">Informational interview with Chen Wu</a><br><code class=\"command\">thank_you_sent: 2026-11-22</code></li>\
<li class=\"action action-follow-up\"><time datetime=\"2026-11-25\">Wed 25 Nov 2026</time>: Follow up with Dara Singh · <a href=\"/prep/contacts/dara-singh/\">Dara Singh</a></li>\
</ol><h3>Whenever you can</h3><ol class=\"actions\">\
<li class=\"action action-schedule\">Agree a day and time with Dara Singh, then write it as `date:` · <a href=\"/prep/interviews/dara-singh/\">Informational interview with Dara Singh</a><br><code class=\"command\">date: YYYY-MM-DD HH:MM</code></li>\
</ol>"
    );
    // With the thank-you sent and no follow-up near, nothing is to do.
    let f = Fixture::small();
    let built = f.generate();
    let todo = section(&page(&built, "index.html"), "todo-title");
    assert!(
        todo.contains("<h2 id=\"todo-title\">This week</h2><p class=\"muted\">Nothing overdue, and nothing due this week.</p><h3>Whenever you can</h3>"),
        "{todo}"
    );
}

#[test]
fn the_dashboard_charts_the_pipeline_and_counts_it() {
    let f = site();
    let built = f.generate();
    let pipeline = section(&page(&built, "index.html"), "pipeline-title");
    assert!(
        pipeline.contains("<desc id=\"contacts-by-stage-d\">identified: 0, contacted: 0, scheduled: 1, met: 1, thanked: 0, keeping-in-touch: 0</desc>"),
        "{pipeline}"
    );
    assert!(
        pipeline.contains("<desc id=\"companies-by-status-d\">researching: 1, target: 1, contacted: 0, engaged: 0, not-a-fit: 0</desc>"),
        "{pipeline}"
    );
    // A bar as long as the longest for each count of one, none for zero.
    assert!(
        pipeline.contains("<text x=\"132\" y=\"71\" text-anchor=\"end\" class=\"label\">scheduled</text><rect x=\"140\" y=\"58\" width=\"200\" height=\"18\" rx=\"3\" class=\"bar\"/><text x=\"346\" y=\"71\" class=\"value\">1</text>"),
        "{pipeline}"
    );
    assert!(
        pipeline.contains("<text x=\"132\" y=\"45\" text-anchor=\"end\" class=\"label\">contacted</text><rect x=\"140\" y=\"32\" width=\"0\" height=\"18\" rx=\"3\" class=\"bar\"/><text x=\"146\" y=\"45\" class=\"value\">0</text>"),
        "{pipeline}"
    );
    assert!(
        pipeline.ends_with("<p class=\"muted\">2 companies · 4 contacts · 2 conversations held · 1 referrals · 3 questions in your banks</p>"),
        "{pipeline}"
    );
}

#[test]
fn the_dashboard_lists_the_recent_conversations_latest_first() {
    let f = site();
    let built = f.generate();
    let recent = section(&page(&built, "index.html"), "recent-title");
    assert_eq!(
        rows(&recent),
        [
            "<tr class=\"overdue\"><td><time datetime=\"2026-11-18T21:00:00Z\">Wed 18 Nov 2026, 15:00</time></td><td><a href=\"/prep/interviews/2026-11-18-chen-wu/\">Informational interview with Chen Wu</a></td><td><a href=\"/prep/contacts/chen-wu/\">Chen Wu</a></td><td><a href=\"/prep/companies/globex/\">Globex</a></td><td><span class=\"badge status-done\">done</span> <span class=\"badge warn\">thank-you overdue</span></td></tr>",
            "<tr><td><time datetime=\"2026-10-01T15:00:00Z\">Thu 1 Oct 2026, 10:00</time></td><td><a href=\"/prep/interviews/2026-10-01-ana-lima/\">Informational interview with Ana Lima</a></td><td><a href=\"/prep/contacts/ana-lima/\">Ana Lima</a></td><td><a href=\"/prep/companies/acme/\">Acme Robotics</a></td><td><span class=\"badge status-done\">done</span></td></tr>",
        ]
    );
}

#[test]
fn the_network_draws_who_introduced_whom_and_counts_the_sources() {
    let f = site();
    let built = f.generate();
    let html = page(&built, "network/index.html");
    let tree = section(&html, "tree-title");
    // Ana introduced Ben, who introduced Chen: an edge each, and a node
    // with its source for each of the three, in that order.
    assert_eq!(tree.matches("class=\"edge\"").count(), 2, "{tree}");
    let nodes: Vec<&str> = tree
        .match_indices("<a href=\"/prep/contacts/")
        .map(|(at, _)| tree[at..].split("</a>").next().expect("node"))
        .collect();
    assert_eq!(
        nodes[..3],
        [
            "<a href=\"/prep/contacts/ana-lima/\"><circle cx=\"10.0\" cy=\"17.0\" r=\"5\" class=\"node\"/><text x=\"20.0\" y=\"15.0\" class=\"label\">Ana Lima</text><text x=\"20.0\" y=\"28.0\" class=\"note\">alumni</text>",
            "<a href=\"/prep/contacts/ben-okafor/\"><circle cx=\"200.0\" cy=\"17.0\" r=\"5\" class=\"node\"/><text x=\"210.0\" y=\"15.0\" class=\"label\">Ben Okafor</text><text x=\"210.0\" y=\"28.0\" class=\"note\">referral</text>",
            "<a href=\"/prep/contacts/chen-wu/\"><circle cx=\"390.0\" cy=\"17.0\" r=\"5\" class=\"node\"/><text x=\"400.0\" y=\"15.0\" class=\"label\">Chen Wu</text><text x=\"400.0\" y=\"28.0\" class=\"note\">referral</text>",
        ]
    );
    // The same tree as a nested list; Dara, introduced by no one, at the top.
    let list = tree
        .split("<summary>Everyone, as a list</summary>")
        .nth(1)
        .expect("the list");
    assert_eq!(
        list,
        "<ul><li><a href=\"/prep/contacts/ana-lima/\">Ana Lima</a> <span class=\"muted\">(alumni)</span><ul>\
<li><a href=\"/prep/contacts/ben-okafor/\">Ben Okafor</a> <span class=\"muted\">(referral)</span><ul>\
<li><a href=\"/prep/contacts/chen-wu/\">Chen Wu</a> <span class=\"muted\">(referral)</span></li></ul></li></ul></li>\
<li><a href=\"/prep/contacts/dara-singh/\">Dara Singh</a> <span class=\"muted\">(stranger)</span></li></ul></details>"
    );
    let sources = section(&html, "sources-title");
    let body = sources.split("<tbody>").nth(1).expect("a table");
    assert_eq!(
        body,
        "<tr><th scope=\"row\">alumni</th><td>1</td><td>1</td><td>1</td></tr>\
<tr><th scope=\"row\">referral</th><td>2</td><td>1</td><td>0</td></tr>\
<tr><th scope=\"row\">stranger</th><td>1</td><td>0</td><td>0</td></tr></tbody></table>"
    );
}

#[test]
fn a_tag_page_lists_every_note_with_the_tag_and_the_index_counts_them() {
    let f = site();
    f.write(
        "content/pages/robot-notes.md",
        "---\ntitle: Robot notes\ntags: [Robots]\n---\n",
    );
    let built = f.generate();
    let tag = squashed(main_of(&page(&built, "tags/robots/index.html")));
    assert_eq!(
        tag,
        "<main id=\"main\" class=\"page\"><p class=\"kind\"><a href=\"/prep/tags/\">Tags</a></p><h1>robots</h1><ul class=\"cards\">\
<li><a href=\"/prep/companies/acme/\">Acme Robotics</a> <span class=\"muted\">Robotics</span></li>\
<li><a href=\"/prep/contacts/ana-lima/\">Ana Lima</a> <span class=\"muted\">Staff Engineer, Acme Robotics</span></li>\
<li><a href=\"/prep/pages/robot-notes/\">Robot notes</a></li></ul>"
    );
    let index = squashed(main_of(&page(&built, "tags/index.html")));
    assert_eq!(
        index,
        "<main id=\"main\" class=\"page\"><h1>Tags</h1><ul class=\"tag-cloud\">\
<li><a class=\"tag\" href=\"/prep/tags/alumni/\">alumni</a> <span class=\"muted\">1</span></li>\
<li><a class=\"tag\" href=\"/prep/tags/robots/\">robots</a> <span class=\"muted\">3</span></li></ul>"
    );
}
