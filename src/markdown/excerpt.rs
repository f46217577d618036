//! A body's text, kept for the search index, whitespace collapsed.

/// How much of a note's text is indexed: all of it, up to a bound that
/// only a pasted document reaches (search.json is split into shards when
/// a large site's index grows; see `pages::search`).
const TEXT_CHARS: usize = 60_000;

/// What the search index holds of a body's text: all of it (to
/// [`TEXT_CHARS`]), whitespace collapsed.
pub(crate) fn search_text(plain: &str) -> String {
    squeeze(plain, TEXT_CHARS)
}

/// Collapses whitespace and cuts at a character boundary.
fn squeeze(text: &str, limit: usize) -> String {
    let mut out = String::with_capacity(limit.min(text.len()));
    for word in text.split_whitespace() {
        let space = usize::from(!out.is_empty());
        if out.len() + space + word.len() > limit {
            break;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn squeeze_collapses_and_cuts_on_words() {
        assert_eq!(super::squeeze("a  b\n\nc dd", 6), "a b c");
        assert_eq!(super::squeeze("héllo wörld", 6), "héllo");
    }
}
