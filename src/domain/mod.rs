//! The content model: the four collections (and free pages), each in its
//! own file with its fields and rules, the value sets of enumerated
//! fields, what a public build keeps ([`public`]) and the seeker's next
//! steps ([`workflow`]). Types here are already validated: dates are
//! dates, URLs are safe, enumerations are enumerations.

pub mod public;
pub(crate) mod workflow;

mod company;
mod contact;
mod interview;
mod page;
mod questions;
mod values;

pub use company::Company;
pub use contact::{Contact, Field, FieldValue, Touch, CONTACT_FIELDS};
pub use interview::{Interview, Place};
pub use page::Page;
pub use questions::{Question, QuestionBank};
pub use values::{
    Channel, CompanyStatus, Direction, Format, InterviewStatus, SafeUrl, Source, Stage, Text,
};

/// What a note is, with its collection's fields.
#[derive(Debug, Clone)]
pub enum Kind {
    Company(Company),
    Contact(Contact),
    Bank(QuestionBank),
    Interview(Interview),
    Page(Page),
}
