//! `coffeechat draft KIND SLUG`: one message draft on standard output.

use crate::diagnostics::closest;
use crate::domain::workflow::DraftKind;
use crate::pages::drafts::{self, DraftError};
use crate::read::discover::Collection;
use crate::{Error, Options};

/// Why no draft was printed.
#[derive(Debug)]
pub enum DraftFailure {
    Site(Error),
    /// The kind is none of the five.
    UnknownKind(String),
    /// No contact or interview has this slug; the closest one, if any.
    UnknownSlug {
        slug: String,
        closest: Option<String>,
    },
    Draft(DraftError),
}

impl std::fmt::Display for DraftFailure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            DraftFailure::Site(e) => write!(f, "{e}"),
            DraftFailure::UnknownKind(k) => {
                let kinds: Vec<&str> = DraftKind::ALL.iter().map(|k| k.as_str()).collect();
                write!(
                    f,
                    "there is no `{k}` draft; the kinds are: {}",
                    kinds.join(", ")
                )
            }
            DraftFailure::UnknownSlug { slug, closest } => {
                write!(f, "no contact or interview has the slug `{slug}`")?;
                match closest {
                    Some(c) => write!(f, "; did you mean `{c}`?"),
                    None => write!(f, "; the slug is the note's file name without .md"),
                }
            }
            DraftFailure::Draft(e) => write!(f, "{e}"),
        }
    }
}

/// Prints the draft.
pub fn run(options: &Options, kind: &str, slug: &str) -> Result<(), super::Failure> {
    match draft(options, kind, slug) {
        Ok(text) => {
            print!("{text}");
            Ok(())
        }
        Err(DraftFailure::Site(e)) => Err(e.into()),
        Err(e) => Err(super::Failure::Error(e.to_string())),
    }
}

/// The `kind` draft for the contact or interview `slug`: `Subject: …`, a
/// blank line, and the body. An interview's slug fits only a thank-you.
pub fn draft(options: &Options, kind: &str, slug: &str) -> Result<String, DraftFailure> {
    let kind =
        DraftKind::parse(kind.trim()).ok_or_else(|| DraftFailure::UnknownKind(kind.to_string()))?;
    let analysis = crate::analyse(options).map_err(DraftFailure::Site)?;
    let site = analysis.site();
    let people = [Collection::Contacts, Collection::Interviews];
    // A contact's slug first: "thank-you ana-lima" means her latest conversation.
    let found = people
        .iter()
        .find_map(|c| site.ids(*c).find(|id| site.notes[*id].slug == slug))
        .or_else(|| {
            // `ana`: a unique start or run of words of a contact's slug,
            // else of an interview's.
            people.iter().find_map(|c| {
                let slugs = site.ids(*c).map(|id| site.notes[id].slug.as_str());
                let found = crate::commands::new::unique_match(slug, slugs.collect::<Vec<_>>())?;
                site.ids(*c).find(|id| site.notes[*id].slug == found)
            })
        });
    let Some(id) = found else {
        let slugs = site
            .notes
            .iter()
            .filter(|n| people.contains(&n.collection))
            .map(|n| n.slug.as_str());
        return Err(DraftFailure::UnknownSlug {
            slug: slug.to_string(),
            closest: closest(slug, slugs).map(str::to_string),
        });
    };
    let mut templates =
        crate::render::Templates::load(&options.root, analysis.config.theme.as_deref())
            .map_err(|d| DraftFailure::Site(Error::Diagnostics(vec![d])))?;
    templates.set_site(&crate::pages::views::SiteView::new(&site));
    let message = drafts::render(&site, &templates, kind, id).map_err(DraftFailure::Draft)?;
    Ok(message.to_text())
}
