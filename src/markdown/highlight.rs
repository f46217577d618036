//! Fenced code highlighted by syntect with CSS classes, and the
//! stylesheet for those classes, readable in light and dark.

use super::escape::html_escape;
use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};
use syntect::html::{ClassStyle, ClassedHTMLGenerator};
use syntect::parsing::SyntaxSet;
use syntect::util::LinesWithEndings;

/// The class prefix of highlighted code; `syntax.css` uses the same.
pub const CLASS_STYLE: ClassStyle = ClassStyle::SpacedPrefixed { prefix: "sy-" };

/// Loaded once, on first use or by [`load_in_background`].
fn syntaxes() -> &'static SyntaxSet {
    SYNTAXES.get_or_init(SyntaxSet::load_defaults_newlines)
}

static SYNTAXES: OnceLock<SyntaxSet> = OnceLock::new();

/// Starts loading the syntaxes on an idle thread, while the notes are
/// found and read: a few milliseconds, most of a small site's build, that
/// the first fenced block would otherwise wait for.
pub(crate) fn load_in_background() {
    if SYNTAXES.get().is_none() {
        rayon::spawn(|| {
            syntaxes();
        });
    }
}

/// A block's highlighted HTML, made by the first thread that asks for
/// it; another thread asking meanwhile waits for it instead of making it
/// again (see [`start_early`]).
type Made = Arc<OnceLock<String>>;

/// [`highlight`], remembering the result: syntect takes about a
/// millisecond for a short block, and the same snippet may appear in many
/// notes, or in a note `serve` renders again after each edit.
pub(super) fn highlight_once(code: &str, lang: &str) -> String {
    // A long block is rare, and not worth keeping for a whole session.
    const MAX_KEPT: usize = 16 * 1024;
    if code.len() > MAX_KEPT {
        return highlight(code, lang);
    }
    let made = made_for(format!("{lang}\n{code}"));
    made.get_or_init(|| highlight(code, lang)).clone()
}

/// The cache's place for `key`, empty until a thread fills it.
fn made_for(key: String) -> Made {
    type Cache = Mutex<HashMap<String, Made>>;
    static CACHE: OnceLock<Cache> = OnceLock::new();
    // Enough for every block of a large site; cleared past it, so a long
    // `serve` session does not grow without bound.
    const MAX_BLOCKS: usize = 4096;
    let mut cache = CACHE
        .get_or_init(Cache::default)
        .lock()
        .unwrap_or_else(|e| e.into_inner());
    if cache.len() >= MAX_BLOCKS && !cache.contains_key(&key) {
        cache.clear();
    }
    cache.entry(key).or_default().clone()
}

/// Starts highlighting, on a thread of its own, the first block of each
/// language in `body` that no note has started yet. Called as each note
/// is read: the first block of a language costs syntect a few
/// milliseconds of compiling its patterns, which would otherwise be the
/// longest task of a small site's Markdown stage. When the renderer meets
/// the block it takes the result, or waits for it; a block this scan
/// reads differently from the Markdown parser (one in a quote, or an HTML
/// block) still has its language's patterns compiled by then.
pub(crate) fn start_early(body: &str) {
    // Most notes have no fence: at 10,000 notes `str::contains` took
    // half a percent of a build to say so.
    static FENCES: std::sync::LazyLock<[memchr::memmem::Finder<'static>; 2]> =
        std::sync::LazyLock::new(|| {
            [
                memchr::memmem::Finder::new("```"),
                memchr::memmem::Finder::new("~~~"),
            ]
        });
    if FENCES.iter().all(|f| f.find(body.as_bytes()).is_none()) {
        return;
    }
    static STARTED: Mutex<Vec<String>> = Mutex::new(Vec::new());
    let blocks = fenced_blocks(body, &mut |lang| {
        let mut started = STARTED.lock().unwrap_or_else(|e| e.into_inner());
        let new = !started.iter().any(|l| l == lang);
        if new {
            started.push(lang.to_string());
        }
        new
    });
    if !blocks.is_empty() {
        // Without a thread (the system refusing one), the renderer makes
        // the blocks itself, as it would have.
        let _ = std::thread::Builder::new().spawn(move || {
            for (lang, code) in blocks {
                highlight_once(&code, &lang);
            }
        });
    }
}

/// The fenced blocks of `body` with a language, as `(language, code)`,
/// read line by line as CommonMark reads a block outside a list or a
/// quote: an opening fence of three or more backticks or tildes indented
/// at most three spaces, the lines inside with as much indentation taken
/// off, up to a closing fence as long or longer, or the end of the body.
/// Lines end in `\n` as the parser gives them, `\r\n` too. Only the
/// blocks whose language `wanted` takes are copied out.
fn fenced_blocks(body: &str, wanted: &mut dyn FnMut(&str) -> bool) -> Vec<(String, String)> {
    struct Open {
        fence: char,
        run: usize,
        indent: usize,
        /// The language and the code so far, of a block copied out.
        block: Option<(String, String)>,
    }
    let mut blocks = Vec::new();
    let mut open: Option<Open> = None;
    for line in LinesWithEndings::from(body) {
        let indent = line.len() - line.trim_start_matches(' ').len();
        let rest = &line[indent..];
        let fence = rest.chars().next().filter(|c| *c == '`' || *c == '~');
        let run = fence.map_or(0, |c| rest.len() - rest.trim_start_matches(c).len());
        match open.as_mut() {
            Some(o) if indent < 4 && fence == Some(o.fence) && run >= o.run => {
                if rest[run..].trim().is_empty() {
                    blocks.extend(open.take().and_then(|o| o.block));
                } else if let Some((_, code)) = o.block.as_mut() {
                    push_line(code, &line[indent.min(o.indent)..]);
                }
            }
            Some(o) => {
                if let Some((_, code)) = o.block.as_mut() {
                    push_line(code, &line[indent.min(o.indent)..]);
                }
            }
            None => {
                let info = rest[run..].trim();
                // A backtick fence's info string holds no backtick.
                let fenced = match fence {
                    Some('`') => !info.contains('`'),
                    Some(_) => true,
                    None => false,
                };
                if fenced && indent < 4 && run >= 3 {
                    let lang = info.split([' ', ',', '{']).next().unwrap_or("");
                    open = Some(Open {
                        fence: fence.unwrap_or('`'),
                        run,
                        indent,
                        block: (!lang.is_empty() && wanted(lang))
                            .then(|| (lang.to_string(), String::new())),
                    });
                }
            }
        }
    }
    blocks.extend(open.and_then(|o| o.block));
    blocks
}

/// Adds `line` to `code`, a `\r\n` ending as `\n`.
fn push_line(code: &mut String, line: &str) {
    match line.strip_suffix("\r\n") {
        Some(text) => {
            code.push_str(text);
            code.push('\n');
        }
        None => code.push_str(line),
    }
}

pub(super) fn highlight(code: &str, lang: &str) -> String {
    let escaped_lang = html_escape(lang);
    if !lang.is_empty() {
        let set = syntaxes();
        if let Some(syntax) = set.find_syntax_by_token(lang) {
            let mut gen = ClassedHTMLGenerator::new_with_class_style(syntax, set, CLASS_STYLE);
            let ok = LinesWithEndings::from(code)
                .all(|line| gen.parse_html_for_line_which_includes_newline(line).is_ok());
            if ok {
                return format!(
                    "<pre class=\"sy-code\" data-lang=\"{escaped_lang}\"><code class=\"language-{escaped_lang}\">{}</code></pre>\n",
                    gen.finalize()
                );
            }
        }
    }
    let class = if lang.is_empty() {
        String::new()
    } else {
        format!(" class=\"language-{escaped_lang}\"")
    };
    format!(
        "<pre class=\"sy-code\"><code{class}>{}</code></pre>\n",
        html_escape(code)
    )
}

/// The stylesheet for highlighted code: a light theme, and a dark one
/// under `prefers-color-scheme: dark`. The default theme ships its output
/// as `static/syntax.css`; a test keeps the two in step.
pub fn syntax_css() -> String {
    let themes = syntect::highlighting::ThemeSet::load_defaults();
    let css = |name: &str| {
        let Some(theme) = themes.themes.get(name) else {
            return String::new();
        };
        let background = theme
            .settings
            .background
            .map_or((255, 255, 255), |c| (c.r, c.g, c.b));
        let css =
            syntect::html::css_for_theme_with_class_style(theme, CLASS_STYLE).unwrap_or_default();
        readable(&css, background)
    };
    let indent = |css: String| {
        css.lines()
            .map(|l| format!("  {l}"))
            .collect::<Vec<_>>()
            .join("\n")
    };
    // Each theme in its own media block: the themes style different
    // scopes, and a light rule must not leak into the dark theme.
    format!(
        "/* Generated by coffeechat from syntect's InspiredGitHub and base16-ocean.dark themes,\n   with text colours adjusted to a WCAG contrast of at least 4.5:1. */\n@media not all and (prefers-color-scheme: dark) {{\n{}\n}}\n@media (prefers-color-scheme: dark) {{\n{}\n}}\n",
        indent(css("InspiredGitHub")).trim_end(),
        indent(css("base16-ocean.dark")).trim_end()
    )
}

/// Rewrites every text `color: #rrggbb` of `css` that is too faint on
/// `background`, moving it towards black or white until it reads.
fn readable(css: &str, background: (u8, u8, u8)) -> String {
    css.lines()
        .map(|line| {
            let trimmed = line.trim_start();
            let Some(hex) = trimmed
                .strip_prefix("color: #")
                .map(|h| h.trim_end_matches(';'))
            else {
                return line.to_string();
            };
            let Some(color) = parse_hex(hex) else {
                return line.to_string();
            };
            let fixed = with_contrast(color, background, 4.6);
            line.replace(
                hex,
                &format!("{:02x}{:02x}{:02x}", fixed.0, fixed.1, fixed.2),
            )
        })
        .collect::<Vec<_>>()
        .join("\n")
}

fn parse_hex(hex: &str) -> Option<(u8, u8, u8)> {
    let hex = hex.get(..6)?;
    let n = u32::from_str_radix(hex, 16).ok()?;
    Some(((n >> 16) as u8, (n >> 8) as u8, n as u8))
}

fn luminance((r, g, b): (u8, u8, u8)) -> f64 {
    let channel = |c: u8| {
        let c = f64::from(c) / 255.0;
        if c <= 0.03928 {
            c / 12.92
        } else {
            ((c + 0.055) / 1.055).powf(2.4)
        }
    };
    0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)
}

fn contrast(a: (u8, u8, u8), b: (u8, u8, u8)) -> f64 {
    let (la, lb) = (luminance(a), luminance(b));
    (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
}

fn with_contrast(color: (u8, u8, u8), background: (u8, u8, u8), target: f64) -> (u8, u8, u8) {
    let towards: f64 = if luminance(background) > 0.5 {
        0.0
    } else {
        255.0
    };
    let mut c = color;
    for step in 1..=20 {
        if contrast(c, background) >= target {
            break;
        }
        let t = f64::from(step) / 20.0;
        let mix = |v: u8| (f64::from(v) + (towards - f64::from(v)) * t).round() as u8;
        c = (mix(color.0), mix(color.1), mix(color.2));
    }
    c
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn highlights_known_languages_with_classes() {
        let html = highlight("fn main() {}\n", "rust");
        assert!(html.contains("sy-"), "{html}");
        let plain = highlight("<b>\n", "no-such-language");
        assert!(plain.contains("&lt;b&gt;"));
    }

    /// The fenced blocks with a language, as the Markdown parser reads them.
    fn parsed_blocks(body: &str) -> Vec<(String, String)> {
        use pulldown_cmark::{CodeBlockKind, Event, Parser, Tag, TagEnd};
        let mut blocks = Vec::new();
        let mut open: Option<(String, String)> = None;
        for event in Parser::new_ext(body, super::super::options()) {
            match event {
                Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(info))) => {
                    let lang = info.split([' ', ',', '{']).next().unwrap_or("");
                    open = Some((lang.to_string(), String::new()));
                }
                Event::Text(t) => {
                    if let Some((_, code)) = open.as_mut() {
                        code.push_str(&t);
                    }
                }
                Event::End(TagEnd::CodeBlock) => blocks.extend(open.take()),
                _ => {}
            }
        }
        blocks.retain(|(lang, _)| !lang.is_empty());
        blocks
    }

    #[test]
    fn the_early_scan_reads_fenced_blocks_as_the_markdown_parser_does() {
        let bodies = [
            "Text.\n\n```python\ndef f():\n    return 1\n```\n\nMore.\n",
            "~~~~ sql\nselect 1;\n~~~\nstill code\n~~~~\n",
            "  ```rust,ignore\n  fn a() {}\n    indented\n no\n  ```\n",
            "```python {.numbered}\nx = 1\n``` not a close\n```\n",
            "```yaml\nkey: value\n\nother: 2\n",
            "~~~ python\n```\nstill python\n~~~\n\n```\nno language\n```\n\n```sh\nls\n```\n",
            "``` a`b\nnot a fence\n```\n",
            "    ```python\n    indented code, not a fence\n",
            "No code at all.\n",
            "```python\r\nx = 1\r\n\r\ny = 2\r\n```\r\n",
        ];
        for body in bodies {
            assert_eq!(
                fenced_blocks(body, &mut |_| true),
                parsed_blocks(body),
                "{body:?}"
            );
        }
        let python_only = fenced_blocks(bodies[5], &mut |lang| lang == "python");
        assert_eq!(
            python_only,
            vec![("python".into(), "```\nstill python\n".into())]
        );
    }

    #[test]
    fn a_block_started_early_is_made_by_its_own_thread() {
        // A language no other test starts, and no note has: only the
        // early thread fills this block's place in the cache.
        let (lang, code) = ("early-test-lang", "started <early>\n");
        start_early(&format!("Text.\n\n```{lang}\n{code}```\n"));
        let made = made_for(format!("{lang}\n{code}"));
        let waited = std::time::Instant::now();
        while made.get().is_none() && waited.elapsed() < std::time::Duration::from_secs(10) {
            std::thread::sleep(std::time::Duration::from_millis(5));
        }
        assert_eq!(made.get(), Some(&highlight(code, lang)));
        // Asked for again, from several threads at once: the same block.
        let threads: Vec<_> = (0..4)
            .map(|_| std::thread::spawn(move || highlight_once(code, lang)))
            .collect();
        for t in threads {
            assert_eq!(t.join().ok(), Some(highlight(code, lang)));
        }
    }

    #[test]
    fn contrast_matches_the_wcag_reference_ratios() {
        let white = (255, 255, 255);
        // WCAG 2's extremes, and the greys either side of AA's 4.5:1
        // (#767676 passes at 4.54:1, #777777 fails at 4.48:1).
        let ratio = |c| (contrast(c, white) * 100.0).round() / 100.0;
        assert_eq!(ratio((0, 0, 0)), 21.0);
        assert_eq!(ratio(white), 1.0);
        assert_eq!(ratio((0x76, 0x76, 0x76)), 4.54);
        assert_eq!(ratio((0x77, 0x77, 0x77)), 4.48);
    }

    #[test]
    fn faint_colours_are_made_readable() {
        // The colours found, mixed towards black (light background) or
        // white (dark background) in twentieths, and their ratios.
        let fixed = with_contrast((0x96, 0x98, 0x96), (255, 255, 255), 4.6);
        assert_eq!(fixed, (113, 114, 113));
        assert_eq!((contrast(fixed, (255, 255, 255)) * 100.0).round(), 483.0);
        let dark = with_contrast((0x65, 0x73, 0x7e), (0x2b, 0x30, 0x3b), 4.6);
        assert_eq!(dark, (147, 157, 165));
        assert_eq!((contrast(dark, (0x2b, 0x30, 0x3b)) * 100.0).round(), 479.0);
        assert_eq!(
            with_contrast((0, 0, 0), (255, 255, 255), 4.6),
            (0, 0, 0),
            "good colours stay"
        );
    }
}
