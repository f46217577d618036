//! Briefing sheets rendered once each, by `print_sheet.html` with their
//! own small context, and the print packs joined from them without
//! copying: a pack of thousands of briefings is written in parts.

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
    /// How many briefings the pack holds.
    count: usize,
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
/// with its own small context and shared by the print packs.
#[derive(Default)]
pub struct Sheets {
    by_id: Vec<std::sync::OnceLock<String>>,
}

impl Sheets {
    /// No sheets yet, for a site of `notes` notes.
    pub fn new(notes: usize) -> Sheets {
        Sheets {
            by_id: (0..notes).map(|_| std::sync::OnceLock::new()).collect(),
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

    pub(crate) fn set(&self, id: NoteId, html: &str) {
        let _ = self.by_id[id].set(html.to_string());
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

/// A rendered print pack: its frame from `print.html`, with the sheets
/// going where the frame shows `print.sheets`.
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
}

/// The `print` variable of a pack, with `sheets` as given.
fn print_view(scope: &PrintScope, count: usize, sheets: String) -> PrintView {
    PrintView {
        scope: scope.name(),
        count,
        sheets,
        empty: match scope {
            PrintScope::ThisWeek => "No interview this week: nothing to print.",
            PrintScope::NextWeek => "No interview next week: nothing to print.",
            PrintScope::Upcoming => "No interview coming up: nothing to print.",
            _ => "No interviews yet: nothing to print.",
        },
    }
}

/// Renders a print pack from sheets already rendered.
pub fn render_pack<'s>(
    site: &Site,
    templates: &Templates,
    scope: &PrintScope,
    sheets: &'s Sheets,
) -> Result<Pack<'s>, Diagnostic> {
    let mut data = page_data(site, &Page::Print(scope.clone()))?;
    data.print = None;
    let ids = scope.interviews(site);
    let sheets = sheets.of(&ids);
    // An empty pack's `print.sheets` is empty, as a theme may test it.
    let stand_in = if sheets.is_empty() { "" } else { SHEETS_MARKER };
    data.insert("print", &print_view(scope, ids.len(), stand_in.to_string()));
    let url = site.urls.to(&data.relative);
    let frame = templates.render(&data.template, &data.context, &url)?;
    Ok(Pack {
        path: output_path(&data.relative),
        frame,
        sheets,
    })
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
