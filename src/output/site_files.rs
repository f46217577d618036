//! The files every published site has besides its pages: `.nojekyll`,
//! `search.json`, `robots.txt`, `CNAME`, `sitemap.xml`, the calendars and
//! `contacts.vcf`.

use crate::interchange::calendar;
use crate::markdown;
use crate::output::Output;
use crate::pages::search;
use crate::pages::views::Site;
use crate::read::config::publish::PeoplePages;
use crate::read::config::Config;
use crate::read::discover as load;
use crate::site::NotePieces;

/// Files every published site needs besides its pages.
pub(crate) fn add_site_files(
    output: &mut Output,
    site: &Site,
    config: &Config,
    pages: &[String],
    pieces: &NotePieces,
) {
    output.insert(".nojekyll", Vec::new());
    for (name, text) in search::files(&pieces.search, |n| site.urls.to(n)) {
        output.insert(name, text);
    }
    // A sitemap lists absolute URLs (the protocol's rule), so a site needs
    // a host in base_url for one, and one only if it asks to be indexed.
    let sitemap = config.allow_indexing && !config.base_url.origin.is_empty();
    let robots = match (config.allow_indexing, sitemap) {
        (true, true) => format!(
            "User-agent: *\nAllow: /\nSitemap: {}sitemap.xml\n",
            config.base_url.absolute()
        ),
        (true, false) => "User-agent: *\nAllow: /\n".to_string(),
        (false, _) => "User-agent: *\nDisallow: /\n".to_string(),
    };
    output.insert("robots.txt", robots);
    if let Some(cname) = &config.cname {
        output.insert("CNAME", format!("{}\n", cname.trim()));
    }
    if !sitemap {
        return;
    }
    let mut sitemap = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n");
    let origin = &config.base_url.origin;
    for path in pages.iter().filter(|p| p.ends_with("index.html")) {
        let url = format!(
            "{origin}{}",
            site.urls.to(path.trim_end_matches("index.html"))
        );
        sitemap.push_str(&format!(
            "  <url><loc>{}</loc></url>\n",
            markdown::html_escape(&url)
        ));
    }
    sitemap.push_str("</urlset>\n");
    output.insert("sitemap.xml", sitemap);
}

/// `calendar.ics`, each dated interview's own `.ics` beside its briefing,
/// and, unless the site is for the public, the contacts as `contacts.vcf`.
pub(crate) fn add_interchange(output: &mut Output, site: &Site, pieces: &NotePieces) {
    if !site.config.publish.public {
        output.insert("contacts.vcf", pieces.vcards.concat());
    }
    // A public build without interview pages has no calendar: its events
    // are the conversations, with their places and meeting links.
    if !site.config.publish.shows(PeoplePages::Interviews) {
        return;
    }
    output.insert("calendar.ics", calendar::site_calendar(site));
    for id in site.ids(load::Collection::Interviews) {
        if let Some(ics) = calendar::interview_calendar(site, id) {
            output.insert(crate::pages::urls::interview_ics(&site.notes[id].slug), ics);
        }
    }
}
