//! A question bank's page and its questions.

use super::views::*;
use crate::graph::{NoteId, QuestionRef};
use serde::Serialize;

#[derive(Debug, Clone, Serialize)]
pub struct QuestionView<'a> {
    pub id: &'a str,
    pub text: &'a str,
    pub tags: &'a [String],
    pub why: Option<&'a str>,
    pub follow_up: Option<&'a str>,
    /// `repeat: true`: asked in every conversation.
    pub repeat: bool,
    /// `bank-slug/question-id`, as written in interviews.
    pub reference: String,
    pub url: String,
    /// Interviews in which the question was asked.
    pub asked_in: Vec<&'a Card>,
}

#[derive(Debug, Clone, Serialize)]
pub struct BankView<'a> {
    #[serde(flatten)]
    pub card: &'a Card,
    pub description: Option<&'a str>,
    pub questions: Vec<QuestionView<'a>>,
}

impl<'a> Site<'a> {
    pub fn bank(&self, id: NoteId) -> Option<BankView<'a>> {
        let b = self.notes[id].as_bank()?;
        let questions = b
            .questions
            .iter()
            .enumerate()
            .map(|(index, _)| QuestionView {
                asked_in: self.links[id]
                    .interviews
                    .iter()
                    .filter(|i| {
                        self.links[**i]
                            .asked
                            .contains(&QuestionRef::Bank { bank: id, index })
                    })
                    .map(|i| &self.cards[*i])
                    .collect(),
                ..self.question_view(id, index)
            })
            .collect();
        Some(BankView {
            card: &self.cards[id],
            description: b.description.as_deref(),
            questions,
        })
    }

    pub(crate) fn question_view(&self, bank: NoteId, index: usize) -> QuestionView<'a> {
        let note = &self.notes[bank];
        let b = note.as_bank().expect("a bank reference points at a bank");
        let q = &b.questions[index];
        QuestionView {
            id: &q.id,
            text: &q.text,
            tags: &q.tags,
            why: q.why.as_deref(),
            follow_up: q.follow_up.as_deref(),
            repeat: q.repeat,
            reference: format!("{}/{}", note.slug, q.id),
            url: format!("{}#q-{}", self.note_urls[bank], q.id),
            asked_in: Vec::new(),
        }
    }

    pub(crate) fn question_text(&self, q: &QuestionRef) -> String {
        match q {
            QuestionRef::Bank { bank, index } => self.notes[*bank]
                .as_bank()
                .map(|b| b.questions[*index].text.clone())
                .unwrap_or_default(),
            QuestionRef::Literal(text) => text.clone(),
        }
    }
}
