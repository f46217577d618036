//! An informational interview, before and after it takes place.

use super::values::{Format, InterviewStatus, SafeUrl};
use jiff::civil::Date;
use jiff::Zoned;

/// Where an interview takes place: a place name or a meeting link.
#[derive(Debug, Clone)]
pub enum Place {
    Text(String),
    Link(SafeUrl),
}

#[derive(Debug, Clone)]
pub struct Interview {
    /// As written; when absent the graph names the interview after its contacts.
    pub title: Option<String>,
    pub contacts: Vec<String>,
    pub company: Option<String>,
    pub date: Option<Zoned>,
    /// `date` was a day without a time ("day agreed, time not yet"); the
    /// day is then held at midnight in `date` but never shown as a time.
    pub date_only: bool,
    pub duration: u32,
    pub format: Option<Format>,
    pub location: Option<Place>,
    pub status: InterviewStatus,
    pub goals: Vec<String>,
    /// References (`bank`, `bank/id`) or literal questions, as written.
    pub questions: Vec<String>,
    pub talking_points: Vec<String>,
    pub referrals: Vec<String>,
    pub asked: Vec<String>,
    pub thank_you_sent: Option<Date>,
    pub follow_up: Option<Date>,
    pub next_steps: Vec<String>,
    pub resume_requested: bool,
    pub resume_sent: Option<Date>,
    /// Things learned in the conversation, for the thank-you note.
    pub learned: Vec<String>,
}

impl Interview {
    /// The date a thank-you is due: the interview's date plus `days`.
    pub fn thank_you_due(&self, days: u32) -> Option<Date> {
        let date = self.date.as_ref()?.date();
        date.checked_add(jiff::Span::new().days(i64::from(days)))
            .ok()
    }
}
