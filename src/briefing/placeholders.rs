//! The archetypes' and the starter's placeholder text, which a briefing
//! never prints and `check` points at (`placeholder-text`): a fresh site's
//! sheet should not read "prepared by Your Name".

use crate::diagnostics::Diagnostic;
use crate::read::config::Config;
use crate::read::note::Note;
use std::path::Path;

/// The goal `new interview` writes (themes/default/archetypes/interview.md).
pub const GOAL: &str = "What do you want to leave the conversation knowing?";

/// `owner.name` as `init` writes it (starter/coffeechat.yaml).
pub const OWNER_NAME: &str = "Your Name";

/// The start of `owner.pitch` as `init` writes it.
const OWNER_PITCH: &str = "I'm exploring a move into a new field and I'm talking to people who do";

/// The end of the background sentence `new contact` writes
/// (themes/default/archetypes/contact.md: "How you found {{name}}, what
/// they work on, what you have in common.").
const CONTACT_BACKGROUND: &str = "what they work on, what you have in common.";

pub(crate) fn is_goal(goal: &str) -> bool {
    goal.trim() == GOAL
}

pub(crate) fn is_owner_name(name: &str) -> bool {
    name.trim() == OWNER_NAME
}

pub(crate) fn is_owner_pitch(pitch: &str) -> bool {
    pitch.trim().starts_with(OWNER_PITCH)
}

/// A contact's notes (or the part of them a briefing shows) that are
/// still the archetype's sentence.
pub(crate) fn is_contact_background(text: &str) -> bool {
    // Searched in every contact's notes on each check: memchr's finder is
    // several times faster than `str::contains` on long text.
    static FINDER: std::sync::LazyLock<memchr::memmem::Finder<'static>> =
        std::sync::LazyLock::new(|| memchr::memmem::Finder::new(CONTACT_BACKGROUND));
    FINDER.find(text.as_bytes()).is_some()
}

/// A `placeholder-text` warning for each placeholder left in the notes
/// and the configuration.
pub fn check(
    notes: &[Note],
    config: &Config,
    config_path: &Path,
    root: &Path,
    out: &mut Vec<Diagnostic>,
) {
    let shown = config_path.strip_prefix(root).unwrap_or(config_path);
    let config_text = std::fs::read_to_string(config_path).unwrap_or_default();
    let config_line = |needle: &str| {
        config_text
            .lines()
            .position(|l| l.contains(needle))
            .map_or((0, 0, 0), |i| {
                let column = config_text
                    .lines()
                    .nth(i)
                    .and_then(|l| l.find(needle))
                    .unwrap_or(0);
                (i + 1, column + 1, needle.chars().count())
            })
    };
    if is_owner_name(&config.owner.name) {
        out.push(
            Diagnostic::warning(
                "placeholder-text",
                shown,
                "`owner.name` is still the placeholder `Your Name`: briefings leave it out",
            )
            .at_span(config_line(OWNER_NAME))
            .hint("write your own name under `owner:` in coffeechat.yaml"),
        );
    }
    if is_owner_pitch(&config.owner.pitch) {
        out.push(
            Diagnostic::warning(
                "placeholder-text",
                shown,
                "`owner.pitch` is still the starter's example: briefings leave it out",
            )
            .at_span(config_line(OWNER_PITCH))
            .hint("write two or three sentences of your own: where you come from, what you are exploring"),
        );
    }
    for note in notes {
        if let Some(i) = note.as_interview() {
            for goal in i.goals.iter().filter(|g| is_goal(g)) {
                out.push(
                    Diagnostic::warning(
                        "placeholder-text",
                        &note.path,
                        "this goal is still the archetype's question: the briefing leaves it out",
                    )
                    .at_span(note.value_span("goals", goal))
                    .hint("write what you want to leave this conversation knowing"),
                );
            }
        }
        if note.as_contact().is_some() && is_contact_background(note.body()) {
            let line = note
                .body()
                .lines()
                .position(|l| l.contains("what they work on"))
                .map_or(0, |i| note.body_line + i);
            out.push(
                Diagnostic::warning(
                    "placeholder-text",
                    &note.path,
                    "the background is still the archetype's sentence: the briefing leaves it out",
                )
                .at((line, 1))
                .hint("write how you found them, what they work on and what you have in common"),
            );
        }
    }
}
