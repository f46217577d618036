//! The files every published site has besides its pages: `.nojekyll`,
//! `search.json`, `robots.txt`, `CNAME`, `sitemap.xml`, the calendars and
//! `contacts.vcf`.

use crate::interchange::calendar;
use crate::markdown;
use crate::pages::search;
use crate::pages::views::Site;
use crate::read::config::publish::PeoplePages;
use crate::read::config::Config;
use crate::read::discover as load;
use crate::site::NotePieces;
use std::borrow::Cow;

/// Where a site file goes as soon as it is made: its path and its bytes
/// in parts, written one after another.
pub(crate) type Sink<'s, E> = dyn Fn(String, &[&[u8]]) -> Result<(), E> + Sync + 's;

/// What the index, the calendars and `contacts.vcf` are joined from:
/// the pieces `serve` keeps, or none, for a build, which makes each kind
/// in turn and drops it once written (at 100,000 notes each kind is a
/// few hundred MB).
#[derive(Clone, Copy)]
pub(crate) enum Pieces<'p> {
    Kept(&'p NotePieces),
    MadeHere,
}

impl Pieces<'_> {
    fn vcards(&self, site: &Site) -> Cow<'_, [String]> {
        match self {
            Pieces::Kept(p) => Cow::Borrowed(&p.vcards),
            Pieces::MadeHere => Cow::Owned(NotePieces::vcards_of(site)),
        }
    }

    fn calendar(&self, site: &Site) -> Cow<'_, [calendar::CalendarPiece]> {
        match self {
            Pieces::Kept(p) => Cow::Borrowed(&p.calendar),
            Pieces::MadeHere => Cow::Owned(NotePieces::calendar_of(site)),
        }
    }
}

/// Files every published site needs besides its pages, but the search
/// index ([`write_search`]): `.nojekyll`, `robots.txt`, `CNAME`, the sitemap.
pub(crate) fn write_site_files<E: Send>(
    site: &Site,
    config: &Config,
    pages: &[String],
    sink: &Sink<E>,
) -> Result<(), E> {
    let put = |name: &str, text: &str| sink(name.to_string(), &[text.as_bytes()]);
    put(".nojekyll", "")?;
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
    put("robots.txt", &robots)?;
    if let Some(cname) = &config.cname {
        put("CNAME", &format!("{}\n", cname.trim()))?;
    }
    if !sitemap {
        return Ok(());
    }
    let origin = &config.base_url.origin;
    let urls: Vec<String> = pages
        .iter()
        .filter(|p| p.ends_with("index.html"))
        .map(|path| {
            format!(
                "{origin}{}",
                site.urls.to(path.trim_end_matches("index.html"))
            )
        })
        .collect();
    for (name, xml) in sitemaps(&urls, SITEMAP_LIMIT, &config.base_url.absolute()) {
        put(&name, &xml)?;
    }
    Ok(())
}

/// The search index, in files of entries.
pub(crate) fn write_search<E: Send>(site: &Site, pieces: Pieces, sink: &Sink<E>) -> Result<(), E> {
    use rayon::prelude::*;
    let url = |n: &str| site.urls.to(n);
    let Pieces::Kept(pieces) = pieces else {
        // Made a thousand entries at a time (in parallel) and written as
        // each file fills: the whole index is never held.
        let ids: Vec<usize> = (0..site.notes.len()).collect();
        let mut streamed = search::Streamed::default();
        for chunk in ids.chunks(1024) {
            let entries: Vec<String> = chunk
                .par_iter()
                .map(|id| search::entry(site, *id))
                .collect();
            for entry in entries {
                streamed.push(entry, sink)?;
            }
        }
        return streamed.finish(url, sink);
    };
    let shards = search::Shards::of(&pieces.search);
    shards
        .parts(&pieces.search, url)
        .par_iter()
        .try_for_each(|file| sink(file.name.clone(), &file.parts()))
}

/// The sitemap protocol's most URLs in one file.
pub(crate) const SITEMAP_LIMIT: usize = 50_000;

/// `sitemap.xml` listing `urls`; past `limit` URLs, `sitemap.xml` is an
/// index of `sitemap-1.xml`, `sitemap-2.xml`… (under `base`, the site's
/// absolute address ending in `/`), each with at most `limit`.
pub(crate) fn sitemaps(urls: &[String], limit: usize, base: &str) -> Vec<(String, String)> {
    const HEAD: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
    const NS: &str = "xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\"";
    let urlset = |urls: &[String]| {
        let mut xml = format!("{HEAD}<urlset {NS}>\n");
        for url in urls {
            xml.push_str(&format!(
                "  <url><loc>{}</loc></url>\n",
                markdown::html_escape(url)
            ));
        }
        xml.push_str("</urlset>\n");
        xml
    };
    let limit = limit.max(1);
    if urls.len() <= limit {
        return vec![("sitemap.xml".to_string(), urlset(urls))];
    }
    let mut files = Vec::new();
    let mut index = format!("{HEAD}<sitemapindex {NS}>\n");
    for (n, chunk) in urls.chunks(limit).enumerate() {
        let name = format!("sitemap-{}.xml", n + 1);
        index.push_str(&format!(
            "  <sitemap><loc>{}</loc></sitemap>\n",
            markdown::html_escape(&format!("{base}{name}"))
        ));
        files.push((name, urlset(chunk)));
    }
    index.push_str("</sitemapindex>\n");
    files.push(("sitemap.xml".to_string(), index));
    files
}

/// `calendar.ics`, each dated interview's own `.ics` beside its briefing,
/// and, unless the site is for the public, the contacts as `contacts.vcf`.
pub(crate) fn write_interchange<E: Send>(
    site: &Site,
    pieces: Pieces,
    sink: &Sink<E>,
) -> Result<(), E> {
    use rayon::prelude::*;
    if !site.config.publish.public {
        let vcards = pieces.vcards(site);
        let parts: Vec<&[u8]> = vcards.iter().map(|v| v.as_bytes()).collect();
        sink("contacts.vcf".to_string(), &parts)?;
    }
    // A public build without interview pages has no calendar: its events
    // are the conversations, with their places and meeting links.
    if !site.config.publish.shows(PeoplePages::Interviews) {
        return Ok(());
    }
    let events = pieces.calendar(site);
    sink(
        "calendar.ics".to_string(),
        &calendar::site_calendar_parts(site, &events).parts(),
    )?;
    site.ids(load::Collection::Interviews)
        .collect::<Vec<_>>()
        .into_par_iter()
        .try_for_each(|id| match calendar::interview_calendar(site, id) {
            Some(ics) => sink(
                crate::pages::urls::interview_ics(&site.notes[id].slug),
                &[ics.as_bytes()],
            ),
            None => Ok(()),
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn urls(n: usize) -> Vec<String> {
        (0..n)
            .map(|i| format!("https://x.example/p/{i}/"))
            .collect()
    }

    #[test]
    fn one_sitemap_up_to_the_limit() {
        let files = sitemaps(&urls(3), 3, "https://x.example/p/");
        assert_eq!(files.len(), 1);
        assert_eq!(files[0].0, "sitemap.xml");
        assert_eq!(files[0].1.matches("<url>").count(), 3);
        assert!(files[0].1.contains("<urlset"));
    }

    #[test]
    fn an_index_past_the_limit() {
        let files = sitemaps(&urls(7), 3, "https://x.example/p/");
        let names: Vec<&str> = files.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(
            names,
            [
                "sitemap-1.xml",
                "sitemap-2.xml",
                "sitemap-3.xml",
                "sitemap.xml"
            ]
        );
        let counts: Vec<usize> = files[..3]
            .iter()
            .map(|(_, x)| x.matches("<url>").count())
            .collect();
        assert_eq!(counts, [3, 3, 1]);
        let index = &files[3].1;
        assert!(index.contains("<sitemapindex"));
        assert!(!index.contains("<url>"));
        for n in 1..=3 {
            assert!(index.contains(&format!("<loc>https://x.example/p/sitemap-{n}.xml</loc>")));
        }
        // Every URL is in exactly one part.
        let all: String = files[..3].iter().map(|(_, x)| x.as_str()).collect();
        for u in urls(7) {
            assert_eq!(all.matches(&format!("<loc>{u}</loc>")).count(), 1, "{u}");
        }
    }
}
