//! Pictures drawn at build time as inline SVG: no JavaScript, and colours
//! taken from the page's CSS (`currentColor` and custom properties) so they
//! follow the light and dark themes and print in black and white.

use crate::markdown::{html_escape, Escaped};
use std::fmt::Write;

/// A labelled bar of a bar chart, with an optional link.
pub struct Bar<'a> {
    pub label: &'a str,
    pub value: usize,
}

/// A horizontal bar chart. `title` names the chart for screen readers.
pub fn bar_chart(title: &str, bars: &[Bar]) -> String {
    const ROW: usize = 26;
    const LABEL_W: usize = 140;
    const BAR_W: usize = 200;
    let max = bars.iter().map(|b| b.value).max().unwrap_or(0).max(1);
    let height = bars.len() * ROW + 4;
    let width = LABEL_W + BAR_W + 40;
    let desc: Vec<String> = bars
        .iter()
        .map(|b| format!("{}: {}", b.label, b.value))
        .collect();
    let mut svg = format!(
        "<svg class=\"chart bars\" role=\"img\" viewBox=\"0 0 {width} {height}\" width=\"{width}\" height=\"{height}\" aria-labelledby=\"{id}-t {id}-d\"><title id=\"{id}-t\">{t}</title><desc id=\"{id}-d\">{d}</desc>",
        id = crate::read::slug::slugify(title),
        t = html_escape(title),
        d = html_escape(&desc.join(", ")),
    );
    for (i, b) in bars.iter().enumerate() {
        let y = i * ROW + 2;
        let w = if b.value == 0 {
            0
        } else {
            (b.value * BAR_W).div_ceil(max).max(2)
        };
        let _ = write!(
            svg,
            "<text x=\"{lx}\" y=\"{ty}\" text-anchor=\"end\" class=\"label\">{label}</text><rect x=\"{LABEL_W}\" y=\"{ry}\" width=\"{w}\" height=\"{rh}\" rx=\"3\" class=\"bar\"/><text x=\"{vx}\" y=\"{ty}\" class=\"value\">{v}</text>",
            lx = LABEL_W - 8,
            ty = y + 17,
            label = html_escape(b.label),
            ry = y + 4,
            rh = ROW - 8,
            vx = LABEL_W + w + 6,
            v = b.value,
        );
    }
    svg.push_str("</svg>");
    svg
}

/// An event on the timeline.
pub struct Event<'a> {
    /// Days from the first day shown.
    pub day: usize,
    /// Minutes after midnight, to order events within a day.
    pub minute: u32,
    pub label: &'a str,
    pub detail: String,
    pub url: &'a str,
}

/// The coming `days` days as columns, with a marker per interview linking
/// to its briefing. `day_labels` names each column (`Mon 23`).
pub fn timeline(title: &str, day_labels: &[String], events: &[Event]) -> String {
    const COL: usize = 64;
    const TOP: usize = 34;
    const ROW: usize = 34;
    let days = day_labels.len().max(1);
    let per_day: Vec<usize> = (0..days)
        .map(|d| events.iter().filter(|e| e.day == d).count())
        .collect();
    let rows = per_day.iter().copied().max().unwrap_or(0).max(1);
    let width = days * COL;
    let height = TOP + rows * ROW + 8;
    let mut svg = format!(
        "<svg class=\"chart timeline\" role=\"group\" viewBox=\"0 0 {width} {height}\" width=\"{width}\" height=\"{height}\" aria-labelledby=\"timeline-t\"><title id=\"timeline-t\">{}</title>",
        html_escape(title)
    );
    for (d, label) in day_labels.iter().enumerate() {
        let x = d * COL;
        let weekend = label.starts_with("Sat") || label.starts_with("Sun");
        let class = if d == 0 {
            "day today"
        } else if weekend {
            "day weekend"
        } else {
            "day"
        };
        let _ = write!(
            svg,
            "<rect x=\"{x}\" y=\"0\" width=\"{w}\" height=\"{height}\" class=\"{class}\"/><text x=\"{tx}\" y=\"14\" text-anchor=\"middle\" class=\"label\">{l1}</text><text x=\"{tx}\" y=\"28\" text-anchor=\"middle\" class=\"label\">{l2}</text>",
            w = COL - 2,
            tx = x + COL / 2,
            l1 = html_escape(label.split(' ').next().unwrap_or("")),
            l2 = html_escape(label.split(' ').nth(1).unwrap_or("")),
        );
    }
    let mut used = vec![0usize; days];
    let mut sorted: Vec<&Event> = events.iter().filter(|e| e.day < days).collect();
    sorted.sort_by_key(|e| (e.day, e.minute));
    for e in sorted {
        let row = used[e.day];
        used[e.day] += 1;
        let x = e.day * COL + 3;
        let y = TOP + row * ROW;
        let _ = write!(
            svg,
            "<a href=\"{url}\"><title>{detail}</title><rect x=\"{x}\" y=\"{y}\" width=\"{w}\" height=\"{h}\" rx=\"4\" class=\"event\"/><text x=\"{tx}\" y=\"{ty}\" class=\"event-label\">{hour:02}:{minute:02}</text><text x=\"{tx}\" y=\"{ty2}\" class=\"event-label\">{label}</text></a>",
            url = html_escape(e.url),
            detail = html_escape(&e.detail),
            w = COL - 8,
            h = ROW - 4,
            tx = x + 4,
            ty = y + 12,
            ty2 = y + 25,
            hour = e.minute / 60,
            minute = e.minute % 60,
            label = html_escape(e.label),
        );
    }
    svg.push_str("</svg>");
    svg
}

/// A node of a forest to draw: a label, a link, and children.
pub struct TreeNode<'a> {
    pub label: &'a str,
    pub note: &'a str,
    pub url: &'a str,
    pub children: Vec<TreeNode<'a>>,
}

/// Draws a forest as a tidy tree, left to right: depth across, each leaf on
/// its own row, each parent centred on its children, so no two subtrees
/// overlap and the picture reads like an outline.
pub fn tree(title: &str, roots: &[TreeNode]) -> String {
    const COL: f64 = 190.0;
    const ROW: f64 = 34.0;
    const PAD: f64 = 10.0;
    struct Placed<'n> {
        x: f64,
        y: f64,
        parent: Option<usize>,
        label: &'n str,
        note: &'n str,
        url: &'n str,
    }
    fn place<'n>(
        n: &TreeNode<'n>,
        depth: usize,
        parent: Option<usize>,
        next_row: &mut usize,
        out: &mut Vec<Placed<'n>>,
    ) -> f64 {
        let index = out.len();
        out.push(Placed {
            x: depth as f64 * COL + PAD,
            y: 0.0,
            parent,
            label: n.label,
            note: n.note,
            url: n.url,
        });
        let y = if n.children.is_empty() {
            let y = *next_row as f64 * ROW + ROW / 2.0;
            *next_row += 1;
            y
        } else {
            let ys: Vec<f64> = n
                .children
                .iter()
                .map(|c| place(c, depth + 1, Some(index), next_row, out))
                .collect();
            (ys[0] + ys[ys.len() - 1]) / 2.0
        };
        out[index].y = y;
        y
    }
    let mut placed = Vec::new();
    let mut rows = 0;
    for r in roots {
        place(r, 0, None, &mut rows, &mut placed);
    }
    let depth = placed
        .iter()
        .map(|p| ((p.x - PAD) / COL) as usize)
        .max()
        .unwrap_or(0);
    let width = (depth + 1) as f64 * COL + PAD;
    let height = rows.max(1) as f64 * ROW;
    let mut svg = format!(
        "<svg class=\"chart tree\" role=\"group\" viewBox=\"0 0 {width} {height}\" width=\"{width}\" height=\"{height}\" aria-labelledby=\"tree-t\"><title id=\"tree-t\">{}</title>",
        html_escape(title)
    );
    for p in &placed {
        if let Some(parent) = p.parent {
            let q = &placed[parent];
            let trunk = q.x + COL - 22.0;
            // Leave the parent's label clear: text is about 7.5 px a character.
            let label_end =
                q.x + 14.0 + 7.5 * q.label.chars().count().max(q.note.chars().count()) as f64;
            let start = label_end.min(trunk - 4.0);
            let _ = write!(
                svg,
                "<path d=\"M{} {} H{} V{} H{}\" class=\"edge\"/>",
                Tenths(start),
                Tenths(q.y),
                Tenths(trunk),
                Tenths(p.y),
                Tenths(p.x - 8.0)
            );
        }
    }
    for p in &placed {
        let _ = write!(
            svg,
            "<a href=\"{url}\"><circle cx=\"{x}\" cy=\"{y}\" r=\"5\" class=\"node\"/><text x=\"{tx}\" y=\"{ty}\" class=\"label\">{label}</text><text x=\"{tx}\" y=\"{ny}\" class=\"note\">{note}</text></a>",
            url = Escaped(p.url),
            x = Tenths(p.x),
            y = Tenths(p.y),
            tx = Tenths(p.x + 10.0),
            ty = Tenths(p.y - 2.0),
            ny = Tenths(p.y + 11.0),
            label = Escaped(p.label),
            note = Escaped(p.note),
        );
    }
    svg.push_str("</svg>");
    svg
}

/// A coordinate as `{:.1}` writes it. Most are whole or halves, whose
/// tenths are exact: written as integers, much faster than a float with a
/// precision, which the others still are.
struct Tenths(f64);

impl std::fmt::Display for Tenths {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let tenths = self.0 * 10.0;
        if self.0.is_sign_positive() && tenths.fract() == 0.0 && tenths < 1e15 {
            let tenths = tenths as u64;
            write!(f, "{}.{}", tenths / 10, tenths % 10)
        } else {
            write!(f, "{:.1}", self.0)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tree_centres_parents_and_escapes_labels() {
        let leaf = |l: &'static str| TreeNode {
            label: l,
            note: "",
            url: "/x/",
            children: vec![],
        };
        let root = TreeNode {
            label: "<Root>",
            note: "alumni",
            url: "/r/",
            children: vec![leaf("a"), leaf("b")],
        };
        let svg = tree("Introductions", &[root]);
        assert!(svg.contains("&lt;Root&gt;"));
        assert!(!svg.contains("<Root>"));
        // Leaves on rows 0 and 1 (y 17 and 51), the root between them (y 34).
        assert!(svg.contains("cy=\"34.0\""), "{svg}");
        assert!(svg.contains("cy=\"17.0\"") && svg.contains("cy=\"51.0\""));
    }

    #[test]
    fn tenths_are_written_as_a_float_with_one_decimal() {
        let values = [
            0.0, -0.0, 0.5, 17.0, 51.5, 0.25, 0.75, 34.125, 1e15, -3.5, 99.95, 1e-9,
        ];
        for v in values {
            assert_eq!(Tenths(v).to_string(), format!("{v:.1}"), "{v}");
        }
        for n in 0..100_000u32 {
            let v = f64::from(n) / 8.0;
            assert_eq!(Tenths(v).to_string(), format!("{v:.1}"), "{v}");
        }
    }

    #[test]
    fn bars_scale_to_the_largest_value() {
        let svg = bar_chart(
            "Stages",
            &[
                Bar {
                    label: "met",
                    value: 4,
                },
                Bar {
                    label: "none",
                    value: 0,
                },
            ],
        );
        assert!(svg.contains("width=\"200\""), "{svg}");
        assert!(svg.contains("met: 4, none: 0"));
    }
}
