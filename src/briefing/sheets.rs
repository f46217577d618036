//! Briefing sheets rendered once each, by `print_sheet.html` with their
//! own small context, and the print packs joined from them without
//! copying: a pack of thousands of briefings is written in pieces, and
//! split into numbered pages when it outgrows one.

use crate::diagnostics::Diagnostic;
use crate::graph::NoteId;
use crate::pages::urls::output_path;
use crate::pages::views::Site;
use crate::pages::{page_data, Page, PageData, PrintScope};
use crate::render::Templates;
use serde::Serialize;

/// The data of a print pack page.
#[derive(Serialize)]
struct PrintView {
    /// `this-week`, `next-week`, `upcoming`, `all` or `selection`.
    scope: &'static str,
    /// How many briefings the pack holds, in all its parts.
    count: usize,
    /// Which part of the pack this page is, from 1, and the URLs of all
    /// the parts in order: a pack too big for one page is split.
    part: usize,
    parts: Vec<String>,
    /// The briefing sheets, each rendered by `print_sheet.html` with its own
    /// small context: a pack of thousands of interviews never holds all
    /// their data at once.
    sheets: String,
    /// What to say when there is nothing to print.
    empty: &'static str,
}

/// Stands for `print.sheets` while a pack's frame is rendered: the sheets
/// are put in its place as the page is written, so a pack of thousands of
/// briefings is never copied into one string, and each sheet is rendered
/// once however many packs show it.
const SHEETS_MARKER: &str = "<!--coffeechat:print-sheets-->";

/// Each interview's briefing sheet, rendered once by `print_sheet.html`
/// with its own small context and shared by the print packs. Only the
/// sheets of the packs' interviews are kept: a site of 50,000 interviews
/// packs a few dozen.
#[derive(Default)]
pub struct Sheets {
    by_id: Vec<std::sync::OnceLock<String>>,
    /// The interviews whose sheets an interview page hands over.
    wanted: Vec<bool>,
}

impl Sheets {
    /// No sheets yet, for a site of `notes` notes, none wanted.
    pub fn new(notes: usize) -> Sheets {
        Sheets {
            by_id: (0..notes).map(|_| std::sync::OnceLock::new()).collect(),
            wanted: vec![false; notes],
        }
    }

    /// Keeps the sheets of the interviews the site's print packs hold, and
    /// drops the others.
    pub fn want_packs(&mut self, site: &Site) {
        self.wanted = vec![false; self.by_id.len()];
        for scope in PrintScope::PAGES {
            for id in scope.interviews(site) {
                if let Some(w) = self.wanted.get_mut(id) {
                    *w = true;
                }
            }
        }
        for (sheet, wanted) in self.by_id.iter_mut().zip(&self.wanted) {
            if !wanted {
                sheet.take();
            }
        }
    }

    /// Renders the sheets of `ids` not rendered yet, in parallel.
    pub fn render(
        &self,
        site: &Site,
        templates: &Templates,
        ids: &[NoteId],
    ) -> Result<(), Diagnostic> {
        use rayon::prelude::*;
        let rendered: Vec<Result<(), Diagnostic>> = ids
            .par_iter()
            .filter(|id| self.by_id[**id].get().is_none())
            .filter_map(|id| {
                let view = site.interview(*id)?;
                let html = sheet(site, templates, &tera::Value::from_serializable(&view));
                Some(html.map(|html| {
                    let _ = self.by_id[*id].set(html);
                }))
            })
            .collect();
        // The first error in print order, whatever thread met it first.
        rendered.into_iter().collect()
    }

    /// How many notes the sheets are kept for.
    pub fn len(&self) -> usize {
        self.by_id.len()
    }

    pub fn is_empty(&self) -> bool {
        self.by_id.is_empty()
    }

    /// Drops an interview's sheet, to be rendered again.
    pub fn forget(&mut self, id: NoteId) {
        if let Some(sheet) = self.by_id.get_mut(id) {
            sheet.take();
        }
    }

    /// Keeps an interview page's sheet, when a pack wants it.
    pub(crate) fn set(&self, id: NoteId, html: &str) {
        if self.wanted.get(id).copied().unwrap_or(false) {
            let _ = self.by_id[id].set(html.to_string());
        }
    }

    fn of(&self, ids: &[NoteId]) -> Vec<&str> {
        ids.iter()
            .filter_map(|id| self.by_id[*id].get().map(String::as_str))
            .collect()
    }
}

/// One briefing sheet: `print_sheet.html` with `interview` alone.
fn sheet(site: &Site, templates: &Templates, view: &tera::Value) -> Result<String, Diagnostic> {
    sheet_for(
        templates,
        view,
        &site.urls.to(PrintScope::ThisWeek.relative()),
    )
}

fn sheet_for(templates: &Templates, view: &tera::Value, page: &str) -> Result<String, Diagnostic> {
    let mut context = tera::Context::new();
    context.insert("interview", view);
    templates.render("print_sheet.html", &context, page)
}

/// Gives an interview page its briefing sheet as `sheet`, rendered by
/// `print_sheet.html` from the page's own view: the page shows the sheet
/// the print packs hold, rendered once for both. Returns the sheet.
pub fn fill_sheet(
    data: &mut PageData,
    site: &Site,
    templates: &Templates,
) -> Result<Option<String>, Diagnostic> {
    let Some(view) = &data.interview else {
        return Ok(None);
    };
    let html = sheet_for(templates, view, &site.urls.to(&data.relative))?;
    data.insert("sheet", &html);
    Ok(Some(html))
}

/// The most bytes a print pack page holds: a pack with more sheets is
/// split into numbered parts (`print/`, `print/part-2/`…), as no browser
/// prints a page of many megabytes.
pub const PACK_PAGE_LIMIT: usize = 2_000_000;

/// Room kept in each part's frame for the links to the other parts.
const PART_LINKS_ROOM: usize = 4_096;

/// A rendered print pack page: its frame from `print.html`, with the
/// sheets going where the frame shows `print.sheets`.
pub struct Pack<'s> {
    pub path: String,
    frame: String,
    sheets: Vec<&'s str>,
}

impl Pack<'_> {
    /// The page's bytes in order, without joining them.
    pub fn parts(&self) -> Vec<&[u8]> {
        let mut parts = Vec::new();
        let mut pieces = self.frame.split(SHEETS_MARKER);
        if let Some(first) = pieces.next() {
            parts.push(first.as_bytes());
        }
        for piece in pieces {
            parts.extend(self.sheets.iter().map(|s| s.as_bytes()));
            parts.push(piece.as_bytes());
        }
        parts
    }

    pub fn into_bytes(self) -> Vec<u8> {
        self.parts().concat()
    }

    /// The page's length in bytes.
    fn len(&self) -> usize {
        self.parts().iter().map(|p| p.len()).sum()
    }
}

/// The `print` variable of a pack, with `sheets` as given.
fn print_view(scope: &PrintScope, count: usize, sheets: String) -> PrintView {
    PrintView {
        scope: scope.name(),
        count,
        part: 1,
        parts: Vec::new(),
        sheets,
        empty: match scope {
            PrintScope::ThisWeek => "No interview this week: nothing to print.",
            PrintScope::NextWeek => "No interview next week: nothing to print.",
            PrintScope::Upcoming => "No interview coming up: nothing to print.",
            _ => "No interviews yet: nothing to print.",
        },
    }
}

/// The URL of a pack's part `n` (from 1) relative to the site root: the
/// first is the pack's own page, so its address never changes.
pub fn part_relative(scope: &PrintScope, n: usize) -> String {
    match n {
        0 | 1 => scope.relative().to_string(),
        n => format!("{}part-{n}/", scope.relative()),
    }
}

/// Whether `path` is an output file of one of the later parts of the pack.
pub fn is_part_path(scope: &PrintScope, path: &str) -> bool {
    path.strip_prefix(scope.relative())
        .and_then(|rest| rest.strip_prefix("part-"))
        .and_then(|rest| rest.strip_suffix("/index.html"))
        .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
}

/// Renders a print pack from sheets already rendered: one page, or
/// numbered parts when its sheets do not fit [`PACK_PAGE_LIMIT`].
pub fn render_pack<'s>(
    site: &Site,
    templates: &Templates,
    scope: &PrintScope,
    sheets: &'s Sheets,
) -> Result<Vec<Pack<'s>>, Diagnostic> {
    let limit = PACK_PAGE_LIMIT;
    let ids = scope.interviews(site);
    let sheets = sheets.of(&ids);
    let frame = |part: usize, parts: &[String], stand_in: &str| {
        let mut data = page_data(site, &Page::Print(scope.clone()))?;
        data.print = None;
        let mut view = print_view(scope, ids.len(), stand_in.to_string());
        if parts.len() > 1 {
            view.part = part;
            view.parts = parts.iter().map(|r| site.urls.to(r)).collect();
            data.relative = parts[part - 1].clone();
            crate::pages::set_print_part_page(
                &mut data,
                site,
                format!("{}, part {part} of {}", scope.title(), parts.len()),
            );
        }
        data.insert("print", &view);
        let url = site.urls.to(&data.relative);
        let html = templates.render(&data.template, &data.context, &url)?;
        Ok::<_, Diagnostic>((output_path(&data.relative), html))
    };
    if sheets.is_empty() {
        // An empty pack's `print.sheets` is empty, as a theme may test it.
        let (path, frame) = frame(1, &[], "")?;
        return Ok(vec![Pack {
            path,
            frame,
            sheets,
        }]);
    }
    let (_, whole) = frame(1, &[], SHEETS_MARKER)?;
    // The frame grows with the links to the parts: a part over the limit
    // makes the groups smaller by as much, until every part fits or each
    // holds one sheet.
    let mut budget = limit.saturating_sub(whole.len() + PART_LINKS_ROOM);
    loop {
        let groups = split_within(&sheets, budget);
        let singles = groups.len() == sheets.len();
        let parts: Vec<String> = (1..=groups.len())
            .map(|n| part_relative(scope, n))
            .collect();
        let packs = groups
            .into_iter()
            .enumerate()
            .map(|(i, group)| {
                let (path, frame) = if parts.len() == 1 {
                    (output_path(&parts[0]), whole.clone())
                } else {
                    frame(i + 1, &parts, SHEETS_MARKER)?
                };
                Ok(Pack {
                    path,
                    frame,
                    sheets: group,
                })
            })
            .collect::<Result<Vec<Pack>, Diagnostic>>()?;
        let over = packs
            .iter()
            .map(Pack::len)
            .max()
            .unwrap_or(0)
            .saturating_sub(limit);
        if over == 0 || singles || budget == 0 {
            return Ok(packs);
        }
        budget = budget.saturating_sub(over);
    }
}

/// Sheets in order, in groups of at most `budget` bytes each (a sheet
/// larger than that alone in its group).
fn split_within<'s>(sheets: &[&'s str], budget: usize) -> Vec<Vec<&'s str>> {
    let mut groups: Vec<Vec<&str>> = Vec::new();
    let mut size = 0;
    for sheet in sheets {
        if groups.is_empty() || size + sheet.len() > budget {
            groups.push(Vec::new());
            size = 0;
        }
        size += sheet.len();
        if let Some(group) = groups.last_mut() {
            group.push(sheet);
        }
    }
    groups
}

/// Puts a print pack's sheets into its data, joined: for `theme context`,
/// which shows the data as a template sees it.
pub fn fill_print_pack(
    data: &mut PageData,
    site: &Site,
    templates: &Templates,
) -> Result<(), Diagnostic> {
    let Some(scope) = data.print.take() else {
        return Ok(());
    };
    let ids = scope.interviews(site);
    let all = Sheets::new(site.notes.len());
    all.render(site, templates, &ids)?;
    let sheets = all.of(&ids).concat();
    data.insert("print", &print_view(&scope, ids.len(), sheets));
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sheets_are_grouped_whole_and_in_order_within_the_budget() {
        let sheets = ["aaaa", "bbb", "cc", "dddddddd", "e"];
        let groups = split_within(&sheets, 7);
        assert_eq!(
            groups,
            vec![vec!["aaaa", "bbb"], vec!["cc"], vec!["dddddddd"], vec!["e"]]
        );
        assert_eq!(split_within(&sheets, 100).len(), 1);
    }

    #[test]
    fn part_paths_belong_to_their_own_pack() {
        assert!(is_part_path(
            &PrintScope::ThisWeek,
            "print/part-2/index.html"
        ));
        assert!(!is_part_path(&PrintScope::ThisWeek, "print/index.html"));
        assert!(!is_part_path(
            &PrintScope::ThisWeek,
            "print/next-week/part-2/index.html"
        ));
        assert!(is_part_path(
            &PrintScope::NextWeek,
            "print/next-week/part-12/index.html"
        ));
        assert!(!is_part_path(
            &PrintScope::ThisWeek,
            "print/part-/index.html"
        ));
        assert_eq!(part_relative(&PrintScope::NextWeek, 1), "print/next-week/");
        assert_eq!(
            part_relative(&PrintScope::NextWeek, 3),
            "print/next-week/part-3/"
        );
    }
}
