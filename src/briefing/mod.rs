//! The briefing sheet: one per interview, shown on its page, joined into
//! print packs, and printed to PDF through Chromium.

pub mod pdf;
pub mod placeholders;
pub(crate) mod sheets;
