//! The referral network page: who introduced whom, and which sources work.

use super::views::*;
use crate::domain::*;
use crate::graph::NoteId;
use crate::read::discover::Collection;
use serde::Serialize;

/// One person in the introduction forest, with the people they introduced.
#[derive(Debug, Clone, Serialize)]
pub struct TreeNode<'a> {
    pub card: &'a Card,
    pub source: Option<&'static str>,
    pub children: Vec<TreeNode<'a>>,
}

#[derive(Debug, Clone, Serialize)]
pub struct SourceRow {
    pub source: &'static str,
    pub contacts: usize,
    pub conversations: usize,
    pub referrals: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct Network<'a> {
    /// Contacts nobody introduced, each with the tree of their introductions.
    pub roots: Vec<TreeNode<'a>>,
    /// The same forest drawn as an SVG tidy tree.
    pub tree: String,
    pub by_source: Vec<SourceRow>,
}

impl<'a> Site<'a> {
    pub fn network(&self) -> Network<'a> {
        let roots: Vec<TreeNode> = self
            .ids(Collection::Contacts)
            .filter(|id| self.links[*id].introduced_by.is_none())
            .map(|id| self.tree(id, 0))
            .collect();
        fn picture<'b>(n: &TreeNode<'b>) -> crate::pages::svg::TreeNode<'b> {
            crate::pages::svg::TreeNode {
                label: n.card.title(),
                note: n.source.unwrap_or(""),
                url: n.card.url(),
                children: n.children.iter().map(picture).collect(),
            }
        }
        // Only people who introduced someone make a tree worth drawing.
        let drawn: Vec<crate::pages::svg::TreeNode> = roots
            .iter()
            .filter(|r| !r.children.is_empty())
            .map(picture)
            .collect();
        let tree = crate::pages::svg::tree("Who introduced whom", &drawn);
        let by_source = Source::ALL
            .iter()
            .map(|s| {
                let contacts: Vec<NoteId> = self
                    .ids(Collection::Contacts)
                    .filter(|id| {
                        self.notes[*id]
                            .as_contact()
                            .is_some_and(|c| c.source == Some(*s))
                    })
                    .collect();
                let conversations = contacts
                    .iter()
                    .flat_map(|c| self.links[*c].interviews.iter())
                    .filter(|i| {
                        self.notes[**i]
                            .as_interview()
                            .is_some_and(|i| i.status.is_past())
                    })
                    .count();
                let referrals = contacts.iter().map(|c| self.links[*c].referred.len()).sum();
                SourceRow {
                    source: s.as_str(),
                    contacts: contacts.len(),
                    conversations,
                    referrals,
                }
            })
            .filter(|r| r.contacts > 0)
            .collect();
        Network {
            roots,
            tree,
            by_source,
        }
    }

    fn tree(&self, id: NoteId, depth: usize) -> TreeNode<'a> {
        // Cycles are reported by the graph; the depth bound keeps a broken
        // site from recursing forever.
        let children = if depth < 64 {
            self.links[id]
                .introduced
                .iter()
                .map(|c| self.tree(*c, depth + 1))
                .collect()
        } else {
            Vec::new()
        };
        TreeNode {
            card: &self.cards[id],
            source: self.notes[id]
                .as_contact()
                .and_then(|c| c.source)
                .map(Source::as_str),
            children,
        }
    }
}
