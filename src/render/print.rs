//! The printable page: the whole dossier on one page, in reading order (the introduction,
//! actors, notes, sources, then the timeline), for printing or saving as PDF; past the budget
//! ([`crate::render::split`]), an index page and a page per part in the same order.

use rayon::prelude::*;
use serde::Serialize;
use tera::Value;

use std::ops::Range;

use super::assembled::{AssembledPage, LocalLinks, MakePieces, placeholder};
use super::pages::{DocumentView, Page, PageContext, YearGroup, context};
use super::reuse::SignatureHasher;
use super::split::{self, PRINT_BYTES_PER_EVENT, print_bytes_of_document, print_section_parts};
use super::theme::Theme;
use super::views::{PageMeta, Views};
use crate::model::{DocId, EventId};
use crate::source::Section;

#[derive(Serialize)]
struct PrintPage {
    site: Value,
    page: PageMeta,
    home: Option<PrintDoc>,
    sections: Vec<PrintSection>,
    years: Vec<YearGroup>,
    /// The parts of a print page cut into parts, each with a link.
    parts: Vec<PartLink>,
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

/// A link to one part of the print page.
#[derive(Serialize)]
struct PartLink {
    heading: &'static str,
    /// Which documents or years, when a section is cut into several parts.
    label: String,
    url: String,
    count: usize,
    current: bool,
}

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

/// What one print page holds: the introduction, documents of sections, events.
#[derive(Default)]
struct PrintContent {
    /// `print/`, or a part's `print/notes-2/`.
    path: String,
    home: Option<DocId>,
    sections: Vec<(&'static str, &'static str, Vec<DocId>)>,
    events: Range<usize>,
}

/// One part of the print page, by where it is and what it holds.
struct PrintPart {
    content: PrintContent,
    link: PartLink,
}

impl Views<'_> {
    /// The print page: every document and event on one page, or, past the budget
    /// ([`crate::render::split`]), an index at `print/` with the introduction and a page per
    /// part (a section, or a run of its documents; the timeline by years).
    pub fn print_pages<'v>(&'v self, theme: &'v Theme) -> Vec<Page<'v>> {
        let t = self.site.t;
        let home = (self.items.ids()).find(|&id| self.document(id).section == Section::Home);
        let sections: Vec<(&'static str, &'static str, Vec<DocId>)> = [
            (Section::Actors, t.actors, "actors"),
            (Section::Notes, t.notes, "notes"),
            (Section::Sources, t.sources, "sources"),
        ]
        .into_iter()
        .map(|(section, heading, slug)| (heading, slug, self.sorted_items(section)))
        .filter(|(_, _, ids)| !ids.is_empty())
        .collect();
        let size = |id: DocId| print_bytes_of_document(self.document(id));
        let total = home.map_or(0, size)
            + (sections.iter().flat_map(|(_, _, ids)| ids))
                .map(|&id| size(id))
                .sum::<usize>()
            + self.events.len() * PRINT_BYTES_PER_EVENT;
        if total <= self.budget.print_bytes_per_page {
            let content = PrintContent {
                path: "print/".into(),
                home,
                sections,
                events: 0..self.events.len(),
            };
            let mut links = LocalLinks::default();
            for (_, _, ids) in &content.sections {
                for &id in ids {
                    let anchor = self.print_anchor(id);
                    links.insert(&self.items[id].url, &anchor, &format!("{anchor}-"));
                }
            }
            links.insert(&self.config.url("timeline/"), "section-timeline", "event-");
            return vec![self.print_page(theme, content, links, Vec::new(), None)];
        }
        let parts = self.print_parts(sections, &size);
        let links = self.print_links(&parts);
        let mut pages = vec![self.print_page(
            theme,
            PrintContent {
                path: "print/".into(),
                home,
                ..PrintContent::default()
            },
            links.on_page(&self.config.url("print/")),
            self.print_part_links(&parts, None),
            None,
        )];
        let targets = links.targets_hash();
        for (index, part) in parts.iter().enumerate() {
            let content = PrintContent {
                path: part.content.path.clone(),
                home: None,
                sections: part.content.sections.clone(),
                events: part.content.events.clone(),
            };
            let links = links.on_page(&self.config.url(&part.content.path));
            let part_links = self.print_part_links(&parts, Some(index));
            let signature = self.print_part_signature(&content, targets, &part_links);
            pages.push(self.print_page(theme, content, links, part_links, signature));
        }
        pages
    }

    /// What a part of the print page shows, summed up, when the pages are signed: the
    /// signatures of its documents' pages (it shows what they do, through the same view), the
    /// views of its events, where every part's documents are (its links go there), and the
    /// links to the parts.
    fn print_part_signature(
        &self,
        content: &PrintContent,
        targets: u64,
        part_links: &[PartLink],
    ) -> Option<u64> {
        let signatures = self.signatures.as_ref()?;
        let mut hasher = SignatureHasher::default();
        hasher.text(&content.path).number(targets);
        for link in part_links {
            hasher.text(link.heading).text(&link.label).text(&link.url);
            hasher
                .number(link.count as u64)
                .number(u64::from(link.current));
        }
        for (heading, slug, ids) in &content.sections {
            hasher.text(heading).text(slug).number(ids.len() as u64);
            for &id in ids {
                hasher.number(signatures.documents[id]?);
            }
        }
        hasher.number(content.events.len() as u64);
        for index in content.events.clone() {
            hasher.number(signatures.hashes.event(EventId::new(index)));
        }
        Some(hasher.finish())
    }

    /// The parts of a print page past the budget: each section, or runs of its documents, then
    /// the timeline, whole or by years (its own parts' events together where they fit).
    fn print_parts(
        &self,
        sections: Vec<(&'static str, &'static str, Vec<DocId>)>,
        size: &dyn Fn(DocId) -> usize,
    ) -> Vec<PrintPart> {
        let mut parts = Vec::new();
        for (heading, slug, ids) in sections {
            let sizes: Vec<usize> = ids.iter().map(|&id| size(id)).collect();
            let cut = print_section_parts(slug, &sizes, self.budget);
            let several = cut.len() > 1;
            for part in cut {
                let docs = ids[part.items].to_vec();
                let label = match (several, docs.first(), docs.last()) {
                    (true, Some(&first), Some(&last)) => {
                        let initial = |id: DocId| {
                            let title = &self.items[id].title;
                            title.chars().next().map(|c| c.to_uppercase().to_string())
                        };
                        match (initial(first).unwrap_or_default(), initial(last)) {
                            (first, Some(last)) if first != last => format!("{first}–{last}"),
                            (first, _) => first,
                        }
                    }
                    _ => String::new(),
                };
                parts.push(PrintPart {
                    link: self.print_part_link(heading, label, &part.slug, docs.len()),
                    content: PrintContent {
                        path: format!("print/{}/", part.slug),
                        sections: vec![(heading, slug, docs)],
                        ..PrintContent::default()
                    },
                });
            }
        }
        let timeline_parts = &self.timeline_parts.parts;
        let units: Vec<Range<usize>> = if timeline_parts.is_empty() {
            std::iter::once(0..self.events.len()).collect()
        } else {
            timeline_parts
                .iter()
                .map(|part| part.items.clone())
                .collect()
        };
        let runs = split::pack(
            units.into_iter().filter(|range| !range.is_empty()),
            |range| range.len() * PRINT_BYTES_PER_EVENT,
            self.budget.print_bytes_per_page,
        );
        let several = runs.len() > 1;
        for (number, events) in runs.into_iter().enumerate() {
            let slug = match several {
                true => format!("timeline-{}", number + 1),
                false => "timeline".to_owned(),
            };
            let year = |index: usize| self.events[EventId::new(index)].date.year;
            let label = match (several, year(events.start), year(events.end - 1)) {
                (false, _, _) => String::new(),
                (true, first, last) if first == last => first.to_string(),
                (true, first, last) => format!("{first}–{last}"),
            };
            let t = self.site.t;
            parts.push(PrintPart {
                link: self.print_part_link(t.timeline, label, &slug, events.len()),
                content: PrintContent {
                    path: format!("print/{slug}/"),
                    events,
                    ..PrintContent::default()
                },
            });
        }
        parts
    }

    fn print_part_link(
        &self,
        heading: &'static str,
        label: String,
        slug: &str,
        count: usize,
    ) -> PartLink {
        PartLink {
            heading,
            label,
            url: self.config.url(&format!("print/{slug}/")),
            count,
            current: false,
        }
    }

    /// The links to every part, `current` the one shown.
    fn print_part_links(&self, parts: &[PrintPart], current: Option<usize>) -> Vec<PartLink> {
        (parts.iter().enumerate())
            .map(|(index, part)| PartLink {
                label: part.link.label.clone(),
                url: part.link.url.clone(),
                current: current == Some(index),
                ..part.link
            })
            .collect()
    }

    /// The links among held pages on the parts of the print page, each to the part holding its
    /// copy ([`LocalLinks::on_page`] makes those of one part local to it).
    fn print_links(&self, parts: &[PrintPart]) -> LocalLinks {
        let mut links = LocalLinks::default();
        for part in parts {
            let page = self.config.url(&part.content.path);
            for (_, _, ids) in &part.content.sections {
                for &id in ids {
                    let anchor = self.print_anchor(id);
                    links.insert_on(&self.items[id].url, &page, &anchor, &format!("{anchor}-"));
                }
            }
            let events = &part.content.events;
            if events.is_empty() {
                continue;
            }
            let timeline_pages: Vec<String> = match self.timeline_parts.is_split() {
                false => vec!["timeline/".to_owned()],
                true => (self.timeline_parts.parts.iter())
                    .filter(|t| events.contains(&t.items.start))
                    .map(|t| format!("timeline/{}/", t.slug))
                    .collect(),
            };
            for timeline in timeline_pages {
                links.insert_on(
                    &self.config.url(&timeline),
                    &page,
                    "section-timeline",
                    "event-",
                );
            }
        }
        links
    }

    /// Where a document starts on the print page; every id inside it starts with this.
    fn print_anchor(&self, id: DocId) -> String {
        let doc = self.document(id);
        if doc.path_slug.is_empty() {
            "doc-home".to_owned()
        } else {
            format!("doc-{}", doc.path_slug.replace('/', "-"))
        }
    }

    /// One print page: the documents and events of `content`. The documents of the sections
    /// are rendered in parallel, each from `partials/print-doc.html`, and the page includes
    /// their HTML.
    fn print_page<'v>(
        &'v self,
        theme: &'v Theme,
        content: PrintContent,
        links: LocalLinks,
        parts: Vec<PartLink>,
        signature: Option<u64>,
    ) -> Page<'v> {
        let t = self.site.t;
        let print_doc = move |id: DocId, shift: u8| {
            let doc = self.document(id);
            let anchor = self.print_anchor(id);
            let mut view = self.document_view(id, doc);
            view.content = print_html(&view.content, &anchor, shift);
            PrintDoc {
                anchor,
                canonical: self.config.absolute_url(&doc.page_path()),
                doc: view,
            }
        };
        let mut documents: Vec<DocId> = Vec::new();
        let mut sections: Vec<PrintSection> = Vec::new();
        for (heading, slug, ids) in content.sections {
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
        let size_hint = (content.home.iter().chain(&documents))
            .map(|&id| print_bytes_of_document(self.document(id)))
            .sum::<usize>()
            + content.events.len() * PRINT_BYTES_PER_EVENT;
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
        let page = self.meta(
            t.print_version,
            Some(t.print_intro),
            &content.path,
            "print",
            "print",
        );
        let (home, events) = (content.home, content.events);
        // made only when the page is made: every event's value is copied into it
        let context = move || {
            context(&PrintPage {
                site: self.site_value.clone(),
                page,
                home: home.map(|id| print_doc(id, 1)),
                sections,
                years: self.events_by_year(events, |id| self.event_values[id].clone()),
                parts,
            })
        };
        Page {
            path: format!("{}index.html", content.path),
            template: "print.html",
            context: PageContext::Deferred(Box::new(context)),
            indexed: false,
            assembled: Some(AssembledPage { links, count, make }),
            size_hint,
            signature,
        }
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
