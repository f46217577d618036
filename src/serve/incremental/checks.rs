//! The checks across notes (introductions, duplicate people, the
//! workflow's reminders, placeholder text) after edits put in place: run
//! again on the whole site, their difference applied to the warnings. The
//! session keeps the last result while the analysis is the one it was
//! made from.

use super::Session;
use crate::diagnostics::{self, Diagnostic};

impl Session {
    /// The checks of the last analysis, sorted: the kept ones, or made now.
    pub(super) fn last_checks(&mut self) -> Vec<Diagnostic> {
        match self.checks.take() {
            Some(kept) => kept,
            None => self.run_checks(),
        }
    }

    /// Runs the checks on the last analysis, now edited in place, and puts
    /// the difference from `before` (as [`Session::last_checks`] gave
    /// them) into its warnings.
    pub(super) fn recheck(&mut self, before: Vec<Diagnostic>) {
        let after = self.run_checks();
        self.settle_checks(before, after);
    }

    /// Puts the difference between checks run `before` and `after` an edit
    /// into the last analysis's warnings.
    pub(super) fn settle_checks(&mut self, before: Vec<Diagnostic>, after: Vec<Diagnostic>) {
        if let (Some(last), true) = (self.last.as_mut(), after != before) {
            let (gone, added) = differences(before, after.clone());
            remove_each(&mut last.diagnostics, &gone);
            last.diagnostics.extend(added);
            diagnostics::sort(&mut last.diagnostics);
        }
        self.checks = Some(after);
    }

    pub(super) fn run_checks(&self) -> Vec<Diagnostic> {
        let Some(analysis) = self.last.as_ref() else {
            return Vec::new();
        };
        let mut found = crate::site::site_checks(
            &self.options,
            &analysis.notes,
            &analysis.links,
            &analysis.plan,
            &analysis.config,
            analysis.today,
        );
        diagnostics::sort(&mut found);
        found
    }
}

/// What is in `before` and not in `after`, and the other way round,
/// counting repeats.
fn differences(
    before: Vec<Diagnostic>,
    after: Vec<Diagnostic>,
) -> (Vec<Diagnostic>, Vec<Diagnostic>) {
    let mut counts: std::collections::HashMap<String, i64> = std::collections::HashMap::new();
    for d in &before {
        *counts.entry(format!("{d:?}")).or_default() += 1;
    }
    for d in &after {
        *counts.entry(format!("{d:?}")).or_default() -= 1;
    }
    let mut take = |list: Vec<Diagnostic>, sign: i64| -> Vec<Diagnostic> {
        list.into_iter()
            .filter(|d| {
                let n = counts.entry(format!("{d:?}")).or_default();
                let keep = *n * sign > 0;
                if keep {
                    *n -= sign;
                }
                keep
            })
            .collect()
    };
    let gone = take(before, 1);
    let added = take(after, -1);
    (gone, added)
}

/// Removes one of each of `gone` from `all`.
pub(super) fn remove_each(all: &mut Vec<Diagnostic>, gone: &[Diagnostic]) {
    for d in gone {
        if let Some(at) = all.iter().position(|x| x == d) {
            all.remove(at);
        }
    }
}
