//! Other tools' formats: iCalendar and vCard (both content lines), CSV
//! export, and imports.

pub(crate) mod calendar;
pub(crate) mod contentline;
pub mod export;
pub mod import;
pub(crate) mod vcard;
