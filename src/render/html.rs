//! Filling a compiled body's slots with links, images, embeds and citation markers.

use std::collections::BTreeMap;

use crate::config::Config;
use crate::markdown::{ParsedBody, Reference, Resolved, SLOT_MARK, Slot};
use crate::model::{DocId, Document};

/// Escapes text for HTML content and attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    push_escaped(&mut out, text);
    out
}

/// Appends `text` escaped for HTML content and attribute values.
pub fn push_escaped(out: &mut String, text: &str) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            other => out.push(other),
        }
    }
}

/// Percent-encodes what may not stand in a URL path (spaces, quotes, `#`, `?`, `%`).
pub fn encode_path(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for byte in path.bytes() {
        match byte {
            b' ' | b'"' | b'#' | b'?' | b'%' | b'<' | b'>' | b'\\' | b'^' | b'`' | b'{' | b'|'
            | b'}' => {
                out.push_str(&format!("%{byte:02X}"));
            }
            0..=0x1f | 0x7f => out.push_str(&format!("%{byte:02X}")),
            _ => out.push(byte as char),
        }
    }
    // the bytes above 0x7f were pushed one by one; rebuild them as UTF-8
    let bytes: Vec<u8> = out.chars().map(|c| c as u32 as u8).collect();
    String::from_utf8(bytes).unwrap_or_else(|_| path.to_owned())
}

/// The numbered reference list of one page: sources in order of first citation.
#[derive(Debug, Default)]
pub struct ReferenceList {
    pub numbers: BTreeMap<DocId, usize>,
    pub order: Vec<DocId>,
    /// Locators cited per source, in order, without repeats (`S. 3`, `S. 7`).
    pub locators: BTreeMap<DocId, Vec<String>>,
}

impl ReferenceList {
    fn number(&mut self, doc: DocId, locator: Option<&str>) -> usize {
        let next = self.order.len() + 1;
        let number = *self.numbers.entry(doc).or_insert_with(|| next);
        if number == next {
            self.order.push(doc);
        }
        if let Some(locator) = locator {
            let list = self.locators.entry(doc).or_default();
            if !list.iter().any(|l| l == locator) {
                list.push(locator.to_owned());
            }
        }
        number
    }
}

/// How citations show: numbered against the page's reference list, or as links to the source.
pub enum CitationStyle<'a> {
    Numbered(&'a mut ReferenceList),
    Linked,
}

/// What filling needs to know about the rest of the dossier.
pub struct Filler<'a> {
    pub config: &'a Config,
    pub documents: &'a [Document],
}

const MAX_EMBED_DEPTH: usize = 6;

impl Filler<'_> {
    /// The URL of a document, at an anchor if given.
    pub fn document_url(&self, doc: DocId, anchor: Option<&str>) -> String {
        let url = self.config.url(&self.documents[doc].page_path());
        match anchor {
            Some(anchor) => format!("{url}#{anchor}"),
            None => url,
        }
    }

    /// Appends a document's URL, at an anchor if given, escaped for an attribute: what
    /// [`Filler::document_url`] makes, without making it.
    fn push_document_url(&self, out: &mut String, doc: DocId, anchor: Option<&str>) {
        push_escaped(out, &self.config.base_path);
        let slug = self.documents[doc].path_slug.trim_start_matches('/');
        if !slug.is_empty() {
            push_escaped(out, slug);
            out.push('/');
        }
        if let Some(anchor) = anchor {
            out.push('#');
            push_escaped(out, anchor);
        }
    }

    /// The finished HTML of a body.
    pub fn fill(&self, body: &ParsedBody, citations: &mut CitationStyle) -> String {
        self.fill_depth(body, citations, 0)
    }

    fn fill_depth(&self, body: &ParsedBody, citations: &mut CitationStyle, depth: usize) -> String {
        if body.slots.is_empty() {
            return body.html.clone();
        }
        let mut out = String::with_capacity(body.html.len() + body.slots.len() * 48);
        let mut rest = body.html.as_str();
        while let Some(start) = rest.find(SLOT_MARK) {
            out.push_str(&rest[..start]);
            let after = &rest[start + 1..];
            let Some(end) = after.find(SLOT_MARK) else {
                out.push_str(&rest[start..]);
                rest = "";
                break;
            };
            if let Some(slot) = after[..end]
                .parse::<usize>()
                .ok()
                .and_then(|i| body.slots.get(i))
            {
                self.fill_slot(body, slot, citations, depth, &mut out);
            }
            rest = &after[end + 1..];
        }
        out.push_str(rest);
        out
    }

    fn fill_slot(
        &self,
        body: &ParsedBody,
        slot: &Slot,
        citations: &mut CitationStyle,
        depth: usize,
        out: &mut String,
    ) {
        let resolved = |index: usize| body.links.get(index).unwrap_or(&Resolved::Broken);
        match slot {
            Slot::SectionStart(_) => {}
            Slot::LinkOpen(index) => match resolved(*index) {
                Resolved::Document { doc, anchor } => {
                    out.push_str("<a class=\"internal\" href=\"");
                    self.push_document_url(out, *doc, anchor.as_deref());
                    out.push_str("\">");
                }
                Resolved::Asset(path) => {
                    let url = encode_path(&self.config.url(path));
                    out.push_str(&format!("<a href=\"{}\">", escape(&url)));
                }
                Resolved::Broken => {
                    let target = body
                        .references
                        .get(*index)
                        .map(|r| r.target.as_str())
                        .unwrap_or("");
                    out.push_str(&format!(
                        "<span class=\"broken-link\" title=\"{}\">",
                        escape(target)
                    ));
                }
            },
            Slot::LinkLabel { reference, typed } => {
                let label = match resolved(*reference) {
                    Resolved::Document { doc, anchor: None } => {
                        let document = &self.documents[*doc];
                        // `[[oelexport-cpc]]`, `[[notes/sanktionen]]`: a file name, not words
                        let by_file_name = *typed == document.slug || *typed == document.path_slug;
                        if by_file_name { &document.title } else { typed }
                    }
                    _ => typed,
                };
                out.push_str(&escape(label));
            }
            Slot::LinkClose(index) => match resolved(*index) {
                Resolved::Broken => out.push_str("</span>"),
                _ => out.push_str("</a>"),
            },
            Slot::Image { reference, alt } => match resolved(*reference) {
                Resolved::Asset(path) => {
                    let url = encode_path(&self.config.url(path));
                    out.push_str(&format!(
                        "<img src=\"{}\" alt=\"{}\" loading=\"lazy\">",
                        escape(&url),
                        escape(alt)
                    ));
                }
                _ => out.push_str(&format!(
                    "<span class=\"broken-link\">{}</span>",
                    escape(alt)
                )),
            },
            Slot::NoteEmbed(index) => self.embed(
                body.references.get(*index),
                resolved(*index),
                citations,
                depth,
                out,
            ),
            Slot::Citation(index) => {
                let Some(citation) = body.citations.get(*index) else {
                    return;
                };
                match (body.cited.get(*index), citations) {
                    (Some(Resolved::Document { doc, .. }), CitationStyle::Numbered(list)) => {
                        let number = list.number(*doc, citation.locator.as_deref());
                        let label = match &citation.locator {
                            Some(locator) => format!("[{number}, {}]", escape(locator)),
                            None => format!("[{number}]"),
                        };
                        out.push_str(&format!(
                            "<sup class=\"citation\"><a href=\"#ref-{number}\" aria-describedby=\"references-heading\">{label}</a></sup>"
                        ));
                    }
                    (Some(Resolved::Document { doc, .. }), CitationStyle::Linked) => {
                        let url = self.document_url(*doc, None);
                        let mut label = escape(&self.documents[*doc].title);
                        if let Some(locator) = &citation.locator {
                            label = format!("{label}, {}", escape(locator));
                        }
                        out.push_str(&format!(
                            "<cite class=\"citation\">[<a href=\"{}\">{label}</a>]</cite>",
                            escape(&url)
                        ));
                    }
                    _ => out.push_str(&format!(
                        "<span class=\"broken-link\">[@{}]</span>",
                        escape(&citation.source_id)
                    )),
                }
            }
        }
    }

    /// `![[Note]]` or `![[Note#Abschnitt]]`: the other note's text in a box, with a link to it.
    fn embed(
        &self,
        reference: Option<&Reference>,
        resolved: &Resolved,
        citations: &mut CitationStyle,
        depth: usize,
        out: &mut String,
    ) {
        let Resolved::Document { doc, anchor } = resolved else {
            let target = reference.map(|r| r.target.as_str()).unwrap_or("");
            out.push_str(&format!(
                "<span class=\"broken-link\">{}</span>",
                escape(target)
            ));
            return;
        };
        let target = &self.documents[*doc];
        let url = self.document_url(*doc, anchor.as_deref());
        if depth >= MAX_EMBED_DEPTH {
            out.push_str(&format!(
                "<a class=\"internal\" href=\"{}\">{}</a>",
                escape(&url),
                escape(&target.title)
            ));
            return;
        }
        let html = self.fill_depth(&target.body, citations, depth + 1);
        let html = match anchor {
            Some(anchor) => section_of(&target.body, &html, anchor),
            None => html,
        };
        let strings = self.config.language.strings();
        out.push_str(&format!(
            "<aside class=\"embed\">\n<p class=\"embed-source\">{}: <a class=\"internal\" href=\"{}\">{}</a></p>\n{}</aside>\n",
            strings.embedded_from,
            escape(&url),
            escape(&target.title),
            html
        ));
    }
}

/// Cuts the section under the heading `anchor` out of a body's filled HTML: from the heading to
/// the next heading of the same or a higher level.
fn section_of(body: &ParsedBody, html: &str, anchor: &str) -> String {
    let Some(index) = body.headings.iter().position(|h| h.id == anchor) else {
        return html.to_owned();
    };
    let level = body.headings[index].level;
    let next = body.headings[index + 1..]
        .iter()
        .position(|h| h.level <= level)
        .map(|i| index + 1 + i);
    let start_marker = format!("<h{level} id=\"{}\"", escape(anchor));
    let Some(start) = html.find(&start_marker) else {
        return html.to_owned();
    };
    let end = next
        .and_then(|n| {
            let heading = &body.headings[n];
            html[start..]
                .find(&format!(
                    "<h{} id=\"{}\"",
                    heading.level,
                    escape(&heading.id)
                ))
                .map(|i| start + i)
        })
        .unwrap_or(html.len());
    html[start..end].to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_and_quotes() {
        assert_eq!(
            escape("<script>\"a\" & 'b'</script>"),
            "&lt;script&gt;&quot;a&quot; &amp; &#39;b&#39;&lt;/script&gt;"
        );
    }

    #[test]
    fn encodes_paths() {
        assert_eq!(
            encode_path("/r/notes/Karte 1.png"),
            "/r/notes/Karte%201.png"
        );
        assert_eq!(encode_path("/r/ö.png"), "/r/ö.png");
    }
}
