//! The printable page: the whole dossier on one page, in reading order (the introduction,
//! actors, notes, sources, then the timeline), for printing or saving as PDF.

use std::collections::BTreeMap;

use rayon::prelude::*;
use serde::Serialize;
use tera::Value;

use super::pages::{DocumentView, Page, context};
use super::theme::Theme;
use super::views::{PageMeta, Views};
use crate::diagnostic::Diagnostic;
use crate::model::DocId;
use crate::source::Section;

#[derive(Serialize)]
struct PrintPage {
    site: Value,
    page: PageMeta,
    home: Option<PrintDoc>,
    sections: Vec<PrintSection>,
    years: Vec<PrintYear>,
}

#[derive(Serialize)]
struct PrintSection {
    heading: &'static str,
    slug: &'static str,
    docs: Vec<PrintArticle>,
}

/// A document of a section, already rendered from `partials/print-doc.html`. The template
/// sees a short placeholder for its HTML; the article takes its place in the finished page
/// ([`Combined::parts`]), so that the page's context and Tera's output stay small.
#[derive(Serialize)]
struct PrintArticle {
    html: String,
}

/// What stands in the rendered page for the article `index`.
fn placeholder(index: usize) -> String {
    format!("{ARTICLE_MARK}{index}{ARTICLE_MARK}")
}

/// Marks an article's place; a control character no HTML of ours contains.
const ARTICLE_MARK: char = '\u{2}';

/// A page that holds other pages: their HTML (rendered apart, with links among them already
/// local) and the links to make local in the rest of the page.
#[derive(Debug, Default)]
pub struct Combined {
    pub links: LocalLinks,
    pub articles: Vec<String>,
}

impl Combined {
    /// The finished page in pieces, to be written one after the other: the rendered page (its
    /// links made local) with every article's placeholder replaced by the article.
    pub fn parts<'a>(&'a self, rendered: &'a str) -> Vec<&'a [u8]> {
        let mut parts = Vec::with_capacity(self.articles.len() * 2 + 1);
        let mut rest = rendered;
        while let Some(start) = rest.find(ARTICLE_MARK) {
            let after = &rest[start + 1..];
            let Some(end) = after.find(ARTICLE_MARK) else {
                break;
            };
            let Some(article) = after[..end]
                .parse::<usize>()
                .ok()
                .and_then(|index| self.articles.get(index))
            else {
                break;
            };
            parts.push(&rest.as_bytes()[..start]);
            parts.push(article.as_bytes());
            rest = &after[end + 1..];
        }
        parts.push(rest.as_bytes());
        parts
    }
}

/// About what an event takes on the print page.
const PRINT_BYTES_PER_EVENT: usize = 1024;

/// The template of one document on the print page.
const PRINT_DOC: &str = "partials/print-doc.html";

#[derive(Serialize)]
struct PrintDoc {
    /// Unique on the page; every id inside the document starts with it.
    anchor: String,
    /// The document's own page, absolute, for the printed link.
    canonical: String,
    doc: DocumentView,
}

#[derive(Serialize)]
struct PrintYear {
    year: i32,
    events: Vec<Value>,
}

impl Views<'_> {
    /// Every document and event on one page. The documents of the sections are rendered in
    /// parallel, each from `partials/print-doc.html`, and the page includes their HTML.
    pub fn print_page(&self, theme: &Theme) -> Result<Page, Diagnostic> {
        let t = self.site.t;
        let mut links = LocalLinks::default();
        let anchor_of = |id: DocId| {
            let doc = self.document(id);
            if doc.path_slug.is_empty() {
                "doc-home".to_owned()
            } else {
                format!("doc-{}", doc.path_slug.replace('/', "-"))
            }
        };
        for id in 0..self.items.len() {
            let anchor = anchor_of(id);
            if self.document(id).section != Section::Home {
                links.insert(&self.items[id].url, &anchor, &format!("{anchor}-"));
            }
        }
        links.insert(&self.config.url("timeline/"), "section-timeline", "event-");
        let print_doc = |id: DocId, shift: u8| {
            let doc = self.document(id);
            let anchor = anchor_of(id);
            let mut view = self.document_view(id, doc);
            view.content = print_html(&view.content, &anchor, shift);
            PrintDoc {
                anchor,
                canonical: self.config.absolute_url(&doc.page_path()),
                doc: view,
            }
        };
        let home = (0..self.items.len())
            .find(|&id| self.document(id).section == Section::Home)
            .map(|id| print_doc(id, 1));
        let mut articles: Vec<String> = Vec::new();
        let mut sections: Vec<PrintSection> = Vec::new();
        for (section, heading, slug) in [
            (Section::Actors, t.actors, "actors"),
            (Section::Notes, t.notes, "notes"),
            (Section::Sources, t.sources, "sources"),
        ] {
            let rendered = self
                .sorted_items(section)
                .into_par_iter()
                .map(|id| {
                    let mut context = tera::Context::new();
                    context.insert_value("site", self.site_value.clone());
                    context.insert("p", &print_doc(id, 2));
                    let html = theme
                        .tera
                        .render(PRINT_DOC, &context)
                        .map_err(|e| theme.template_error(&e))?;
                    Ok(links.apply_everywhere(&html))
                })
                .collect::<Result<Vec<_>, Diagnostic>>()?;
            if rendered.is_empty() {
                continue;
            }
            let docs = (articles.len()..articles.len() + rendered.len())
                .map(|index| PrintArticle {
                    html: placeholder(index),
                })
                .collect();
            articles.extend(rendered);
            sections.push(PrintSection {
                heading,
                slug,
                docs,
            });
        }
        let mut years: Vec<PrintYear> = Vec::new();
        for (event, value) in self.events.iter().zip(&self.event_values) {
            match years.last_mut() {
                Some(group) if group.year == event.date.year => group.events.push(value.clone()),
                _ => years.push(PrintYear {
                    year: event.date.year,
                    events: vec![value.clone()],
                }),
            }
        }
        let size_hint = home.as_ref().map_or(0, |home| home.doc.content.len())
            + self.events.len() * PRINT_BYTES_PER_EVENT;
        let page = self.meta(
            t.print_version,
            Some(t.print_intro),
            "print/",
            "print",
            "print",
        );
        Ok(Page {
            path: "print/index.html".into(),
            template: "print.html",
            context: context(&PrintPage {
                site: self.site_value.clone(),
                page,
                home,
                sections,
                years,
            }),
            indexed: false,
            combined: Some(Combined { links, articles }),
            size_hint,
        })
    }
}

/// Links to pages that a combined page holds: their URLs (`/repo/actors/x/`) and where the
/// page's copy starts (`doc-actors-x`), with the prefix its ids carry inside the combined page.
#[derive(Debug, Default)]
pub struct LocalLinks {
    targets: BTreeMap<String, (String, String)>,
}

impl LocalLinks {
    fn insert(&mut self, url: &str, anchor: &str, id_prefix: &str) {
        self.targets
            .insert(url.to_owned(), (anchor.to_owned(), id_prefix.to_owned()));
    }

    /// `html` with every `href` to a held page turned into a link within the combined page,
    /// inside `<main>` only (the site's navigation keeps leading to the pages).
    pub fn apply(&self, html: &str) -> String {
        let (Some(start), Some(end)) = (html.find("<main"), html.rfind("</main>")) else {
            return html.to_owned();
        };
        if end < start {
            return html.to_owned();
        }
        let mut out = String::with_capacity(html.len());
        out.push_str(&html[..start]);
        self.apply_to(&html[start..end], &mut out);
        out.push_str(&html[end..]);
        out
    }

    /// `html` (a part of the page's `<main>`) with every `href` to a held page made local.
    pub fn apply_everywhere(&self, html: &str) -> String {
        let mut out = String::with_capacity(html.len());
        self.apply_to(html, &mut out);
        out
    }

    fn apply_to(&self, html: &str, out: &mut String) {
        let mut rest = html;
        const HREF: &str = " href=\"";
        while let Some(at) = rest.find(HREF) {
            let value_start = at + HREF.len();
            out.push_str(&rest[..value_start]);
            rest = &rest[value_start..];
            let Some(close) = rest.find('"') else { break };
            let url = &rest[..close];
            let (path, fragment) = match url.split_once('#') {
                Some((path, fragment)) => (path, Some(fragment)),
                None => (url, None),
            };
            match (self.targets.get(path), fragment) {
                (Some((anchor, _)), None | Some("")) => {
                    out.push('#');
                    out.push_str(anchor);
                }
                (Some((_, prefix)), Some(fragment)) => {
                    out.push('#');
                    out.push_str(prefix);
                    out.push_str(fragment);
                }
                (None, _) => out.push_str(url),
            }
            rest = &rest[close..];
        }
        out.push_str(rest);
    }
}

/// A document's HTML made fit to stand beside all the others on one page: each `id`, each
/// in-page link (`href="#…"`) and each `aria-describedby` starts with `prefix-`, so no two
/// documents' ids clash, and headings move `shift` levels down (to `h6` at most) under the
/// document's own heading.
pub fn print_html(html: &str, prefix: &str, shift: u8) -> String {
    let mut out = String::with_capacity(html.len() + html.len() / 16);
    let mut rest = html;
    while let Some(at) = rest.find(['<', ' ']) {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        if let Some(level) = heading_level(rest) {
            let closing = rest.as_bytes()[1] == b'/';
            out.push_str(if closing { "</h" } else { "<h" });
            out.push(char::from(b'0' + (level + shift).min(6)));
            rest = &rest[if closing { 4 } else { 3 }..];
            continue;
        }
        let mut rewritten = false;
        for attribute in [" id=\"", " href=\"#", " aria-describedby=\""] {
            if let Some(after) = rest.strip_prefix(attribute) {
                out.push_str(attribute);
                out.push_str(prefix);
                out.push('-');
                rest = after;
                rewritten = true;
                break;
            }
        }
        if !rewritten {
            let c = &rest[..1];
            out.push_str(c);
            rest = &rest[1..];
        }
    }
    out.push_str(rest);
    out
}

/// `Some(n)` if `text` starts with `<hn` or `</hn` followed by a space or `>`.
fn heading_level(text: &str) -> Option<u8> {
    let bytes = text.as_bytes();
    let start = match bytes {
        [b'<', b'/', b'h', ..] => 3,
        [b'<', b'h', ..] => 2,
        _ => return None,
    };
    let digit = *bytes.get(start)?;
    let after = *bytes.get(start + 1)?;
    ((b'1'..=b'6').contains(&digit) && (after == b' ' || after == b'>')).then_some(digit - b'0')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_and_in_page_links_get_the_prefix() {
        let html = "<h2 id=\"lage\">Lage</h2>\n<p>Siehe <a href=\"#lage\">oben</a> und \
                    <a href=\"/r/x/\">x</a><sup class=\"citation\"><a href=\"#ref-1\" \
                    aria-describedby=\"references-heading\">[1]</a></sup>.</p>";
        assert_eq!(
            print_html(html, "doc-notes-a", 2),
            "<h4 id=\"doc-notes-a-lage\">Lage</h4>\n<p>Siehe <a href=\"#doc-notes-a-lage\">oben</a> \
             und <a href=\"/r/x/\">x</a><sup class=\"citation\"><a href=\"#doc-notes-a-ref-1\" \
             aria-describedby=\"doc-notes-a-references-heading\">[1]</a></sup>.</p>"
        );
    }

    #[test]
    fn links_to_held_pages_stay_on_the_page() {
        let mut links = LocalLinks::default();
        links.insert("/r/actors/a/", "doc-actors-a", "doc-actors-a-");
        links.insert("/r/timeline/", "section-timeline", "event-");
        let html = "<nav><a href=\"/r/actors/a/\">A</a></nav><main id=\"main\">\
                    <a href=\"/r/actors/a/\">A</a> <a href=\"/r/actors/a/#rolle\">Rolle</a> \
                    <a href=\"/r/timeline/#e1\">E</a> <a href=\"/r/tags/x/\">x</a> \
                    <a href=\"https://example.org/\">e</a></main><footer></footer>";
        assert_eq!(
            links.apply(html),
            "<nav><a href=\"/r/actors/a/\">A</a></nav><main id=\"main\">\
             <a href=\"#doc-actors-a\">A</a> <a href=\"#doc-actors-a-rolle\">Rolle</a> \
             <a href=\"#event-e1\">E</a> <a href=\"/r/tags/x/\">x</a> \
             <a href=\"https://example.org/\">e</a></main><footer></footer>"
        );
    }

    #[test]
    fn articles_take_the_places_of_their_placeholders() {
        let combined = Combined {
            links: LocalLinks::default(),
            articles: vec!["<article>A</article>".into(), "<article>B</article>".into()],
        };
        let rendered = format!(
            "<main><section>{}\n{}</section>ä</main>",
            placeholder(0),
            placeholder(1)
        );
        assert_eq!(
            combined.parts(&rendered).concat(),
            b"<main><section><article>A</article>\n<article>B</article></section>\xc3\xa4</main>"
        );
        // a placeholder of no article is left as it stands
        let stray = format!("<p>{}</p>", placeholder(7));
        assert_eq!(combined.parts(&stray).concat(), stray.as_bytes());
    }

    #[test]
    fn headings_stop_at_h6_and_text_is_left_alone() {
        assert_eq!(
            print_html(
                "<h5>a</h5><hr><p>h2 id=&quot;x&quot; &lt;h2&gt;</p>",
                "p",
                2
            ),
            "<h6>a</h6><hr><p>h2 id=&quot;x&quot; &lt;h2&gt;</p>"
        );
        assert_eq!(print_html("", "p", 2), "");
        assert_eq!(print_html("ä ö <h1>ü</h1>", "p", 1), "ä ö <h2>ü</h2>");
    }
}
