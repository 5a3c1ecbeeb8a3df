//! The printable page: the whole dossier on one page, in reading order (the introduction,
//! actors, notes, sources, then the timeline), for printing or saving as PDF.

use rayon::prelude::*;
use serde::Serialize;
use tera::Value;

use super::assembled::{AssembledPage, LocalLinks, MakePieces, placeholder};
use super::pages::{DocumentView, Page, YearGroup, context};
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
    years: Vec<YearGroup>,
}

#[derive(Serialize)]
struct PrintSection {
    heading: &'static str,
    slug: &'static str,
    docs: Vec<PrintArticle>,
}

/// A document of a section, rendered from `partials/print-doc.html`. The template sees a
/// short placeholder for its HTML; the article takes its place as the page is written
/// ([`AssembledPage::write`]), so that the page's context and Tera's output stay small.
#[derive(Serialize)]
struct PrintArticle {
    html: String,
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

impl Views<'_> {
    /// Every document and event on one page. The documents of the sections are rendered in
    /// parallel, each from `partials/print-doc.html`, and the page includes their HTML.
    pub fn print_page<'v>(&'v self, theme: &'v Theme) -> Result<Page<'v>, Diagnostic> {
        let t = self.site.t;
        let mut links = LocalLinks::default();
        let anchor_of = move |id: DocId| {
            let doc = self.document(id);
            if doc.path_slug.is_empty() {
                "doc-home".to_owned()
            } else {
                format!("doc-{}", doc.path_slug.replace('/', "-"))
            }
        };
        for id in self.items.ids() {
            let anchor = anchor_of(id);
            if self.document(id).section != Section::Home {
                links.insert(&self.items[id].url, &anchor, &format!("{anchor}-"));
            }
        }
        links.insert(&self.config.url("timeline/"), "section-timeline", "event-");
        let print_doc = move |id: DocId, shift: u8| {
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
        let home = self
            .items
            .ids()
            .find(|&id| self.document(id).section == Section::Home)
            .map(|id| print_doc(id, 1));
        let mut documents: Vec<DocId> = Vec::new();
        let mut sections: Vec<PrintSection> = Vec::new();
        for (section, heading, slug) in [
            (Section::Actors, t.actors, "actors"),
            (Section::Notes, t.notes, "notes"),
            (Section::Sources, t.sources, "sources"),
        ] {
            let ids = self.sorted_items(section);
            if ids.is_empty() {
                continue;
            }
            let docs = (documents.len()..documents.len() + ids.len())
                .map(|index| PrintArticle {
                    html: placeholder(index),
                })
                .collect();
            documents.extend(ids);
            sections.push(PrintSection {
                heading,
                slug,
                docs,
            });
        }
        let count = documents.len();
        let make: MakePieces = Box::new(move |indexes, links| {
            documents[indexes]
                .par_iter()
                .map(|&id| {
                    let mut context = tera::Context::new();
                    context.insert_value("site", self.site_value.clone());
                    context.insert("p", &print_doc(id, 2));
                    let html = theme
                        .tera
                        .render(PRINT_DOC, &context)
                        .map_err(|e| theme.template_error(&e))?;
                    Ok(links.apply_everywhere(&html))
                })
                .collect()
        });
        let years = self.events_by_year(|id| self.event_values[id].clone());
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
            assembled: Some(AssembledPage { links, count, make }),
            size_hint,
        })
    }
}

/// A document's HTML made fit to stand beside all the others on one page: each `id`, each
/// in-page link (`href="#…"`) and each `aria-describedby` starts with `prefix-`, so no two
/// documents' ids clash, and headings move `shift` levels down (to `h6` at most) under the
/// document's own heading. Only tags are touched; text between them is copied as it is.
pub fn print_html(html: &str, prefix: &str, shift: u8) -> String {
    let mut out = String::with_capacity(html.len() + html.len() / 16);
    let mut rest = html;
    while let Some(at) = rest.find('<') {
        out.push_str(&rest[..at]);
        let (tag, after) = rest[at..].split_at(tag_length(&rest[at..]));
        push_print_tag(&mut out, tag, prefix, shift);
        rest = after;
    }
    out.push_str(rest);
    out
}

/// The length of the tag `text` starts with, up to and including its `>` (quoted attribute
/// values may hold one), or all of `text` when the tag is not closed.
fn tag_length(text: &str) -> usize {
    let mut quote = None;
    for (index, byte) in text.bytes().enumerate() {
        match (quote, byte) {
            (None, b'>') => return index + 1,
            (None, b'"' | b'\'') => quote = Some(byte),
            (Some(open), _) if open == byte => quote = None,
            _ => {}
        }
    }
    text.len()
}

/// One tag of [`print_html`], its heading level shifted and its ids prefixed.
fn push_print_tag(out: &mut String, tag: &str, prefix: &str, shift: u8) {
    let mut rest = tag;
    if let Some(level) = heading_level(tag) {
        let closing = tag.as_bytes()[1] == b'/';
        out.push_str(if closing { "</h" } else { "<h" });
        out.push(char::from(b'0' + (level + shift).min(6)));
        rest = &tag[if closing { 4 } else { 3 }..];
    }
    while let Some(at) = rest.find(' ') {
        out.push_str(&rest[..=at]);
        rest = &rest[at..];
        let attribute = ["id=\"", "href=\"#", "aria-describedby=\""]
            .into_iter()
            .find(|attribute| rest[1..].starts_with(attribute));
        if let Some(attribute) = attribute {
            out.push_str(attribute);
            out.push_str(prefix);
            out.push('-');
            rest = &rest[1 + attribute.len()..];
        } else {
            rest = &rest[1..];
        }
    }
    out.push_str(rest);
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
        assert_eq!(
            print_html("<div>Die Angabe id=\"x\" bleibt</div>", "p", 2),
            "<div>Die Angabe id=\"x\" bleibt</div>"
        );
        assert_eq!(
            print_html("<a title=\"a > b\" href=\"#x\">x</a> <h2>", "p", 2),
            "<a title=\"a > b\" href=\"#p-x\">x</a> <h4>"
        );
        assert_eq!(print_html("ä ö <h1>ü</h1>", "p", 1), "ä ö <h2>ü</h2>");
    }
}
