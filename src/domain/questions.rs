//! A question bank: questions to pick from for an interview.

use serde::Serialize;

#[derive(Debug, Clone, Serialize)]
pub struct Question {
    pub id: String,
    pub text: String,
    pub tags: Vec<String>,
    pub why: Option<String>,
    pub follow_up: Option<String>,
    /// `repeat: true`: a question for every conversation (who else should
    /// I talk to?), never flagged as asked before.
    pub repeat: bool,
    /// File line of the item, for diagnostics.
    #[serde(skip)]
    pub line: usize,
}

#[derive(Debug, Clone)]
pub struct QuestionBank {
    pub title: String,
    pub description: Option<String>,
    pub questions: Vec<Question>,
}
