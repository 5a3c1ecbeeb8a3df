//! The printable page: the whole dossier on one page, in reading order (the introduction,
//! actors, notes, sources, then the timeline), for printing or saving as PDF.

use std::collections::{BTreeMap, VecDeque};

use rayon::prelude::*;
use serde::Serialize;
use tera::Value;

use super::Sink;
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

/// A document of a section, rendered from `partials/print-doc.html`. The template sees a
/// short placeholder for its HTML; the article takes its place as the page is written
/// ([`Combined::write`]), so that the page's context and Tera's output stay small.
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

/// Makes the articles of some documents, in parallel, with the links among the held pages
/// made local.
pub type MakeArticles<'v> =
    Box<dyn Fn(&[DocId], &LocalLinks) -> Result<Vec<String>, Diagnostic> + Sync + 'v>;

/// A page that holds other pages: the documents whose articles stand at its placeholders, how
/// to make those articles, and the links to make local.
pub struct Combined<'v> {
    pub links: LocalLinks,
    /// The documents held, in the order of their placeholders.
    documents: Vec<DocId>,
    make: MakeArticles<'v>,
}

/// How many articles are made at a time while the page is written.
const ARTICLES_AT_A_TIME: usize = 256;

/// A stretch of the rendered page: its own text, or the place of an article.
enum Segment<'a> {
    Text(&'a str),
    Article(usize),
}

impl Combined<'_> {
    /// Writes the finished page into `sink`, piece by piece: the rendered page (its links made
    /// local) with every placeholder replaced by its article. Articles are made a batch at a
    /// time as the writing reaches them, so that they are never all held at once.
    pub fn write(&self, rendered: &str, path: &str, sink: &dyn Sink) -> Result<(), Diagnostic> {
        let page = self.links.apply(rendered);
        let mut segments = self.segments(&page).into_iter();
        let mut ready: VecDeque<(usize, String)> = VecDeque::new();
        let mut next = || -> Result<Option<Vec<u8>>, Diagnostic> {
            let index = match segments.next() {
                None => return Ok(None),
                Some(Segment::Text(text)) => return Ok(Some(text.as_bytes().to_vec())),
                Some(Segment::Article(index)) => index,
            };
            if ready.front().map(|(made, _)| *made) != Some(index) {
                let end = (index + ARTICLES_AT_A_TIME).min(self.documents.len());
                let made = (self.make)(&self.documents[index..end], &self.links)?;
                ready = (index..end).zip(made).collect();
            }
            Ok(ready.pop_front().map(|(_, article)| article.into_bytes()))
        };
        sink.write_pieces(path, &mut next)
    }

    /// The rendered page cut at its placeholders; a placeholder of no article stays text.
    fn segments<'a>(&self, rendered: &'a str) -> Vec<Segment<'a>> {
        let mut segments = Vec::with_capacity(self.documents.len() * 2 + 1);
        let mut rest = rendered;
        while let Some(start) = rest.find(ARTICLE_MARK) {
            let after = &rest[start + 1..];
            let Some(end) = after.find(ARTICLE_MARK) else {
                break;
            };
            let Some(index) = after[..end]
                .parse::<usize>()
                .ok()
                .filter(|&index| index < self.documents.len())
            else {
                break;
            };
            segments.push(Segment::Text(&rest[..start]));
            segments.push(Segment::Article(index));
            rest = &after[end + 1..];
        }
        segments.push(Segment::Text(rest));
        segments
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
        for id in 0..self.items.len() {
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
        let home = (0..self.items.len())
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
        let make: MakeArticles = Box::new(move |ids, links| {
            ids.par_iter()
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
            combined: Some(Combined {
                links,
                documents,
                make,
            }),
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

    /// Collects what is written, as one text per path.
    #[derive(Default)]
    struct Collected(std::sync::Mutex<Vec<(String, Vec<u8>)>>);

    impl Sink for Collected {
        fn write(&self, path: &str, bytes: &[u8]) -> Result<(), Diagnostic> {
            let mut files = self.0.lock().expect("not poisoned");
            files.push((path.to_owned(), bytes.to_vec()));
            Ok(())
        }
        fn copy(&self, _: &str, _: &std::path::Path) -> Result<(), Diagnostic> {
            Ok(())
        }
    }

    fn combined(count: usize) -> Combined<'static> {
        let mut links = LocalLinks::default();
        links.insert("/r/notes/a/", "doc-notes-a", "doc-notes-a-");
        Combined {
            links,
            documents: (100..100 + count).collect(),
            make: Box::new(|ids, links| {
                Ok(ids
                    .iter()
                    .map(|id| links.apply_everywhere(&format!("<a href=\"/r/notes/a/\">{id}</a>")))
                    .collect())
            }),
        }
    }

    fn written(combined: &Combined, rendered: &str) -> String {
        let sink = Collected::default();
        combined
            .write(rendered, "print/index.html", &sink)
            .expect("written");
        let files = sink.0.into_inner().expect("not poisoned");
        String::from_utf8(files[0].1.clone()).expect("UTF-8")
    }

    #[test]
    fn articles_take_the_places_of_their_placeholders() {
        let rendered = format!(
            "<main><section>{}\n{}</section>ä <a href=\"/r/notes/a/\">a</a></main>",
            placeholder(0),
            placeholder(1)
        );
        assert_eq!(
            written(&combined(2), &rendered),
            "<main><section><a href=\"#doc-notes-a\">100</a>\n<a href=\"#doc-notes-a\">101</a>\
             </section>ä <a href=\"#doc-notes-a\">a</a></main>"
        );
        // a placeholder of no article is left as it stands
        let stray = format!("<p>{}</p>", placeholder(7));
        assert_eq!(written(&combined(2), &stray), stray);
    }

    #[test]
    fn articles_are_made_a_batch_at_a_time_in_any_order() {
        let count = ARTICLES_AT_A_TIME * 2 + 3;
        let mut rendered = String::from("<main>");
        let order = (0..count).chain([5, count - 1, 0]);
        for index in order.clone() {
            rendered.push_str(&placeholder(index));
        }
        rendered.push_str("</main>");
        let expected: String = order
            .map(|index| format!("<a href=\"#doc-notes-a\">{}</a>", 100 + index))
            .collect();
        assert_eq!(
            written(&combined(count), &rendered),
            format!("<main>{expected}</main>")
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
        assert_eq!(print_html("ä ö <h1>ü</h1>", "p", 1), "ä ö <h2>ü</h2>");
    }
}
