//! Which pages a site has, the URL of each, and the data each page's
//! template receives. The renderer gets (template, data) pairs from here
//! and knows nothing of companies or contacts.

pub mod search;
pub mod svg;
pub mod urls;
pub mod views;
