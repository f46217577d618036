//! A rendered page's HTML, kept in pieces of about a megabyte: a page of
//! 20 MB (the interviews index at 100,000 notes) grows without being
//! copied to a buffer twice its size, and goes to a file piece by piece.

use std::io::Write;

/// Past this size the HTML goes on in a new piece instead of a bigger one.
const PIECE: usize = 1 << 20;

/// HTML as written by a template, in order.
#[derive(Debug, Default)]
pub struct Html {
    full: Vec<Vec<u8>>,
    last: Vec<u8>,
}

impl Html {
    /// Room for `bytes` in the first piece (a template's own guess).
    pub(crate) fn with_capacity(bytes: usize) -> Html {
        Html {
            full: Vec::new(),
            last: Vec::with_capacity(bytes.min(PIECE)),
        }
    }

    /// The pieces, to be written one after another.
    pub fn parts(&self) -> Vec<&[u8]> {
        self.full
            .iter()
            .map(Vec::as_slice)
            .chain(std::iter::once(self.last.as_slice()))
            .collect()
    }

    /// The whole HTML in one buffer (copied only when it is in pieces).
    pub fn into_bytes(self) -> Vec<u8> {
        if self.full.is_empty() {
            return self.last;
        }
        let mut bytes = Vec::with_capacity(self.len());
        for piece in self.full.iter().chain(std::iter::once(&self.last)) {
            bytes.extend_from_slice(piece);
        }
        bytes
    }

    pub fn len(&self) -> usize {
        self.full.iter().map(Vec::len).sum::<usize>() + self.last.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

impl From<Vec<u8>> for Html {
    fn from(bytes: Vec<u8>) -> Html {
        Html {
            full: Vec::new(),
            last: bytes,
        }
    }
}

impl Write for Html {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.write_all(buf)?;
        Ok(buf.len())
    }

    #[inline]
    fn write_all(&mut self, buf: &[u8]) -> std::io::Result<()> {
        let full = self.last.len() + buf.len() > self.last.capacity();
        if full && self.last.capacity() >= PIECE {
            let next = Vec::with_capacity(PIECE.max(buf.len()));
            self.full.push(std::mem::replace(&mut self.last, next));
        }
        self.last.extend_from_slice(buf);
        Ok(())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pieces_hold_what_was_written_in_order_and_stay_near_a_megabyte() {
        let mut html = Html::with_capacity(100);
        let mut whole = Vec::new();
        // Writes of every size, some larger than a piece.
        for i in 0..3000usize {
            let size = (i * 7919) % 5000 + if i % 500 == 0 { 3 * PIECE } else { 0 };
            let chunk: Vec<u8> = (0..size).map(|j| (i + j) as u8).collect();
            html.write_all(&chunk).expect("write");
            whole.extend_from_slice(&chunk);
        }
        assert_eq!(html.len(), whole.len());
        assert_eq!(html.parts().concat(), whole);
        assert!(html.parts().len() > 5);
        for part in &html.full {
            // A piece is cut before it would grow past its room.
            assert!(part.capacity() <= 4 * PIECE, "{}", part.capacity());
        }
        assert_eq!(html.into_bytes(), whole);
    }

    #[test]
    fn a_small_page_is_one_piece_given_back_as_is() {
        let mut html = Html::with_capacity(16);
        html.write_all(b"<p>hello</p>").expect("write");
        assert_eq!(html.parts(), vec![b"<p>hello</p>".as_slice()]);
        assert_eq!(html.into_bytes(), b"<p>hello</p>");
    }
}
