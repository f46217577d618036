//! Other tools' formats: iCalendar and vCard (both content lines), CSV
//! export, and imports.

pub mod calendar;
pub mod contentline;
pub mod export;
pub mod import;
pub mod vcard;
