//! Which templates an edit to template files reaches: each template's
//! `extends` and `include` targets, followed back from the changed ones,
//! so that `serve` renders again only the pages whose templates use them.
//!
//! Names are compared without their layer's prefix: `base.html` of the
//! site, `theme/base.html` and `default/base.html` are one name, since a
//! reference to `base.html` finds whichever layer has it.

use std::collections::{BTreeMap, BTreeSet};

use super::{DEFAULT_PREFIX, THEME_PREFIX};

/// Each template's references, by name without its layer's prefix.
#[derive(Debug, Default)]
pub(crate) struct TemplateGraph {
    uses: BTreeMap<String, BTreeSet<String>>,
    /// Templates that define components, which any other may call without
    /// naming the file.
    components: BTreeSet<String>,
    /// A reference could not be read (a name from a variable).
    dynamic: bool,
}

/// A template's name without its layer's prefix.
pub(crate) fn unprefixed(name: &str) -> &str {
    name.strip_prefix(THEME_PREFIX)
        .or_else(|| name.strip_prefix(DEFAULT_PREFIX))
        .unwrap_or(name)
}

impl TemplateGraph {
    /// The graph of `sources`: (registered name, text) pairs.
    pub(crate) fn of<'a>(sources: impl Iterator<Item = (&'a str, &'a str)>) -> TemplateGraph {
        let mut graph = TemplateGraph::default();
        for (name, text) in sources {
            let name = unprefixed(name).to_string();
            match references(text) {
                Some(refs) => {
                    let refs = refs.iter().map(|r| unprefixed(r).to_string());
                    graph.uses.entry(name.clone()).or_default().extend(refs);
                }
                None => graph.dynamic = true,
            }
            if defines_component(text) {
                graph.components.insert(name);
            }
        }
        graph
    }

    /// Whether a template of this name is registered, in any layer.
    pub(crate) fn knows(&self, name: &str) -> bool {
        self.uses.contains_key(name)
    }

    /// Every template that is one of `changed` or uses one, directly or
    /// not; `None` when that cannot be known (a reference from a variable,
    /// or a reached template defines components, which any template may
    /// call without naming its file).
    pub(crate) fn reaching(&self, changed: &BTreeSet<String>) -> Option<BTreeSet<String>> {
        if self.dynamic {
            return None;
        }
        let mut reached = changed.clone();
        loop {
            let more: Vec<String> = self
                .uses
                .iter()
                .filter(|(name, uses)| {
                    !reached.contains(*name) && uses.iter().any(|u| reached.contains(u))
                })
                .map(|(name, _)| name.clone())
                .collect();
            if more.is_empty() {
                let components = reached.iter().any(|r| self.components.contains(r));
                return (!components).then_some(reached);
            }
            reached.extend(more);
        }
    }
}

/// The templates `text` extends or includes; `None` when one is not a
/// string literal.
fn references(text: &str) -> Option<Vec<String>> {
    let mut found = Vec::new();
    let mut rest = text;
    while let Some(start) = rest.find("{%") {
        let tag = &rest[start + 2..];
        let end = tag.find("%}").unwrap_or(tag.len());
        let inner = tag[..end].trim_start_matches('-').trim();
        rest = &tag[end..];
        let Some(args) = inner
            .strip_prefix("extends")
            .or_else(|| inner.strip_prefix("include"))
        else {
            continue;
        };
        if !args.starts_with(char::is_whitespace) {
            continue;
        }
        found.extend(literals(args.trim())?);
    }
    Some(found)
}

/// The string literals of an `extends` or `include` argument: one name,
/// or a list of them; `None` for anything else.
fn literals(args: &str) -> Option<Vec<String>> {
    let list = args
        .strip_prefix('[')
        .and_then(|a| a.split_once(']'))
        .map(|(inside, _)| inside);
    let items: Vec<&str> = match list {
        Some(inside) => inside.split(',').map(str::trim).collect(),
        None => vec![args.split_whitespace().next().unwrap_or("")],
    };
    items
        .into_iter()
        .map(|item| {
            let quote = item.chars().next().filter(|c| *c == '"' || *c == '\'')?;
            let name = item[1..].strip_suffix(quote)?;
            Some(name.to_string())
        })
        .collect()
}

/// Whether `text` defines a component (`{% component name(...) %}`).
fn defines_component(text: &str) -> bool {
    text.split("{%").skip(1).any(|tag| {
        tag.trim_start_matches('-')
            .trim_start()
            .strip_prefix("component")
            .is_some_and(|rest| rest.starts_with(char::is_whitespace))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn graph(sources: &[(&str, &str)]) -> TemplateGraph {
        TemplateGraph::of(sources.iter().copied())
    }

    fn set(names: &[&str]) -> BTreeSet<String> {
        names.iter().map(|n| n.to_string()).collect()
    }

    #[test]
    fn a_change_reaches_the_templates_that_extend_or_include_it() {
        let g = graph(&[
            (
                "default/base.html",
                "<html>{% block content %}{% endblock %}",
            ),
            (
                "default/contact.html",
                "{% extends \"base.html\" %}{% include 'partials/cards.html' %}",
            ),
            ("default/company.html", "{%- extends \"base.html\" -%}"),
            ("default/partials/cards.html", "cards"),
            ("contact.html", "{% extends \"default/contact.html\" %}"),
        ]);
        assert_eq!(
            g.reaching(&set(&["partials/cards.html"])),
            Some(set(&["partials/cards.html", "contact.html"]))
        );
        assert_eq!(
            g.reaching(&set(&["base.html"])),
            Some(set(&["base.html", "contact.html", "company.html"]))
        );
        assert_eq!(g.reaching(&set(&["404.html"])), Some(set(&["404.html"])));
    }

    #[test]
    fn a_reference_it_cannot_read_reaches_everything() {
        let g = graph(&[("page.html", "{% include some_variable %}")]);
        assert_eq!(g.reaching(&set(&["page.html"])), None);
        let g = graph(&[
            (
                "network.html",
                "{% component tree(nodes) %}x{% endcomponent %}",
            ),
            ("other.html", "{% include [\"a.html\", 'b.html'] %}"),
        ]);
        assert_eq!(g.reaching(&set(&["network.html"])), None);
        assert_eq!(
            g.reaching(&set(&["b.html"])),
            Some(set(&["b.html", "other.html"]))
        );
        // A partial a component includes: the component is reached.
        let g = graph(&[
            (
                "components.html",
                "{% component\nsig() %}{% include \"c.html\" %}{% endcomponent %}",
            ),
            ("c.html", "c"),
            ("404.html", "{{ <sig /> }}"),
        ]);
        assert_eq!(g.reaching(&set(&["c.html"])), None);
        assert_eq!(g.reaching(&set(&["404.html"])), Some(set(&["404.html"])));
    }
}
