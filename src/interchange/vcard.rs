//! The contacts as vCard 4.0 (RFC 6350): `contacts.vcf` in a private
//! build, and `coffeechat export vcf`.
//!
//! Each card's UID is the contact's page address, so a card stays the same
//! card across exports; RELATED points at the UID of whoever introduced
//! the contact.

use crate::domain::{Contact, SafeUrl};
use crate::graph::NoteId;
use crate::interchange::calendar::{page_url, uid_domain};
use crate::interchange::contentline::{escape_text, Lines};
use crate::pages::views::Site;
use crate::read::discover::Collection;

/// Every contact of the site, in build order.
pub fn contacts(site: &Site) -> String {
    site.ids(Collection::Contacts)
        .map(|id| card(site, id))
        .collect()
}

/// The UID of a contact's card.
fn uid(site: &Site, id: NoteId) -> String {
    page_url(site, id).unwrap_or_else(|| {
        format!(
            "urn:coffeechat:{}:contacts:{}",
            uid_domain(site).replace('/', ":"),
            site.notes[id].slug
        )
    })
}

/// `N` (RFC 6350 §6.2.2): family; given; additional; prefixes; suffixes.
/// The family and given names are `family_name` and `given_name`; without
/// them the whole name is the given name, since a full name cannot be
/// split by rule (`Sanne de Vries` has the family name `de Vries`). What
/// follows the name's first comma is honorific suffixes (`Eve Adams,
/// PhD`); FN keeps the name as written.
fn structured_name(c: &Contact) -> String {
    let (name, suffixes) = match c.name.split_once(',') {
        Some((name, rest)) => {
            let suffixes: Vec<String> = rest
                .split(',')
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(escape_text)
                .collect();
            (name, suffixes.join(","))
        }
        None => (c.name.as_str(), String::new()),
    };
    let part = |p: &Option<String>| p.as_deref().map(str::trim).unwrap_or_default().to_string();
    let (family, given) = match (&c.family_name, &c.given_name) {
        (None, None) => (String::new(), name.trim().to_string()),
        _ => (part(&c.family_name), part(&c.given_name)),
    };
    format!(
        "{};{};;;{suffixes}",
        escape_text(&family),
        escape_text(&given)
    )
}

/// One contact's card; empty for a note that is not a contact.
pub fn card(site: &Site, id: NoteId) -> String {
    let note = &site.notes[id];
    let Some(c) = note.as_contact() else {
        return String::new();
    };
    let links = &site.links[id];
    let mut l = Lines::default();
    l.raw("BEGIN", "VCARD")
        .raw("VERSION", "4.0")
        .raw("UID", &uid(site, id))
        .text("FN", &c.name)
        .raw("N", &structured_name(c));
    let company = links.company.map(|co| site.notes[co].title.as_str());
    if company.is_some() || c.team.is_some() {
        let org = [
            company.unwrap_or_default(),
            c.team.as_deref().unwrap_or_default(),
        ]
        .map(escape_text)
        .join(";");
        l.raw("ORG", org.trim_end_matches(';'));
    }
    l.opt_text("TITLE", c.role.as_deref())
        .opt_text("EMAIL", c.email.as_deref());
    if let Some(phone) = c.phone.as_deref().filter(|p| !p.trim().is_empty()) {
        l.raw("TEL;VALUE=text", &escape_text(phone.trim()));
    }
    for url in [&c.linkedin, &c.website].into_iter().flatten() {
        l.raw("URL", SafeUrl::as_str(url));
    }
    if let Some(tz) = &c.timezone {
        l.text("TZ", &tz.0);
    }
    if !note.tags.is_empty() {
        let tags: Vec<String> = note.tags.iter().map(|t| escape_text(t)).collect();
        l.raw("CATEGORIES", &tags.join(","));
    }
    let mut about = Vec::new();
    if let Some(by) = links.introduced_by {
        about.push(format!("Introduced by {}.", site.notes[by].title));
        l.raw("RELATED;TYPE=contact", &uid(site, by));
    }
    let body = note.body().trim();
    if !body.is_empty() {
        about.push(body.to_string());
    }
    l.opt_text("NOTE", Some(&about.join("\n\n")));
    l.raw("END", "VCARD");
    l.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn contact(name: &str, given: Option<&str>, family: Option<&str>) -> Contact {
        Contact {
            name: name.into(),
            given_name: given.map(str::to_string),
            family_name: family.map(str::to_string),
            company: None,
            role: None,
            team: None,
            location: None,
            timezone: None,
            source: None,
            introduced_by: None,
            email: None,
            phone: None,
            linkedin: None,
            website: None,
            stage: None,
            last_contacted: None,
            next_follow_up: None,
            touches: Vec::new(),
        }
    }

    #[test]
    fn structured_name_uses_the_parts_and_never_guesses() {
        let sanne = contact("Sanne de Vries", Some("Sanne"), Some("de Vries"));
        assert_eq!(structured_name(&sanne), "de Vries;Sanne;;;");
        let kenji = contact("Kenji Watanabe, PhD", Some("Kenji"), Some("Watanabe"));
        assert_eq!(structured_name(&kenji), "Watanabe;Kenji;;;PhD");
        assert_eq!(
            structured_name(&contact("Sanne de Vries", None, None)),
            ";Sanne de Vries;;;"
        );
        assert_eq!(structured_name(&contact("A, B", None, None)), ";A;;;B");
        assert_eq!(
            structured_name(&contact("Ben Okafor, Jr., MBA", None, None)),
            ";Ben Okafor;;;Jr.,MBA"
        );
    }
}
