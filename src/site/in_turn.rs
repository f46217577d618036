//! A build's pages in turns, so that each note's body (HTML) is dropped
//! once the last page showing it is written: at 100,000 notes the bodies
//! are a fifth of the memory a build holds.
//!
//! An interview's briefing shows its contacts' notes, and no other page
//! shows another note's body (lists show excerpts, kept apart). So the
//! interviews' pages go first, a thousand at a time, each turn dropping
//! the bodies of the interviews it rendered; then the print packs (from
//! the briefing sheets kept); then the other notes' pages the same way;
//! then the pages gathering the whole site, which show no body.

use super::render::{render_one, render_packs, results_to_error, write_files};
use super::{Analysis, Error, PageSink};
use crate::briefing::sheets::Sheets;
use crate::pages::views::Site;
use crate::pages::Page;
use crate::render::Templates;
use rayon::prelude::*;

/// Pages rendered between two drops of bodies: enough for both cores to
/// stay busy, few enough that the bodies go early.
const TURN: usize = 1024;

/// Renders every page of `analysis` into `sink`, dropping bodies as it
/// goes; returns every template error met.
pub(super) fn render_pages_in_turns(
    analysis: &mut Analysis,
    templates: &Templates,
    sink: &PageSink,
) -> Result<(), Error> {
    let (interviews, notes, packs, gathering, sheets) = {
        let site = analysis.site();
        let mut sheets = Sheets::new(site.notes.len());
        let (mut interviews, mut notes, mut packs, mut gathering) =
            (Vec::new(), Vec::new(), Vec::new(), Vec::new());
        for page in crate::pages::pages(&site) {
            match page {
                // A card is rendered with its interview's page.
                Page::Card(_) => {}
                Page::Note(id) if site.notes[id].as_interview().is_some() => interviews.push(page),
                Page::Note(_) => notes.push(page),
                Page::Print(_) => packs.push(page),
                _ => gathering.push(page),
            }
        }
        if !packs.is_empty() {
            sheets.want_packs(&site);
        }
        (interviews, notes, packs, gathering, sheets)
    };
    let keep = (!packs.is_empty()).then_some(&sheets);
    let mut results = Vec::new();
    let render = |analysis: &Analysis, pages: &[Page]| -> Vec<Result<(), Error>> {
        let site = with_rows(analysis, templates);
        pages
            .par_iter()
            .map(|page| write_files(render_one(&site, templates, page, keep), sink))
            .collect()
    };
    for turn in interviews.chunks(TURN) {
        results.extend(render(analysis, turn));
        drop_bodies(analysis, turn);
    }
    let packs: Vec<&Page> = packs.iter().collect();
    results.extend(render_packs(
        &with_rows(analysis, templates),
        templates,
        &packs,
        &sheets,
        sink,
    ));
    for turn in notes.chunks(TURN) {
        results.extend(render(analysis, turn));
        drop_bodies(analysis, turn);
    }
    results.extend(render(analysis, &gathering));
    results_to_error(results)
}

/// The site of `analysis`, its tables' rows rendered by `templates`.
fn with_rows<'a>(analysis: &'a Analysis, templates: &'a Templates) -> Site<'a> {
    let mut site = analysis.site();
    site.rows_html = Some(templates);
    site
}

/// Drops the HTML of the bodies of the notes whose pages `pages` are.
fn drop_bodies(analysis: &mut Analysis, pages: &[Page]) {
    for page in pages {
        if let Page::Note(id) = page {
            if let Some(body) = analysis
                .bodies
                .get_mut(*id)
                .and_then(std::sync::Arc::get_mut)
            {
                body.html = String::new();
            }
        }
    }
}
