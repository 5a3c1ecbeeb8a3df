//! Filling a compiled body's slots with links, images, embeds and citation markers.

use std::collections::BTreeMap;

use crate::config::Config;
use crate::markdown::{Diagram, Media, ParsedBody, Reference, Resolved, SLOT_MARK, Slot};
use crate::model::{DocId, Document, IdVec};
use crate::slug::slugify;

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
    pub documents: &'a IdVec<DocId, Document>,
}

const MAX_EMBED_DEPTH: usize = 6;

impl Filler<'_> {
    /// The URL of a document, at an anchor if given.
    pub fn document_url(&self, doc: DocId, anchor: Option<&str>) -> String {
        let url = self.config.url(&self.documents[doc].page_path());
        match anchor {
            Some(anchor) => format!("{url}#{}", encode_anchor(anchor)),
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
            push_escaped(out, &encode_anchor(anchor));
        }
    }

    /// The finished HTML of a body.
    pub fn fill(&self, body: &ParsedBody, citations: &mut CitationStyle) -> String {
        self.fill_depth(body, citations, 0)
    }

    fn fill_depth(&self, body: &ParsedBody, citations: &mut CitationStyle, depth: usize) -> String {
        self.fill_part(body, &body.html, citations, depth)
    }

    /// Fills the slots in `html`, a part of `body`'s HTML.
    fn fill_part(
        &self,
        body: &ParsedBody,
        html: &str,
        citations: &mut CitationStyle,
        depth: usize,
    ) -> String {
        if body.slots.is_empty() {
            return html.to_owned();
        }
        let mut out = String::with_capacity(html.len() + body.slots.len() * 48);
        let mut rest = html;
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
            Slot::SectionStart(_) | Slot::BlockStart(_) | Slot::BlockEnd(_) => {}
            Slot::Tag(name) => self.tag_link(name, out),
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
            Slot::Image {
                reference,
                alt,
                size,
            } => match resolved(*reference) {
                Resolved::Asset(path) => self.image(path, alt, *size, out),
                _ => out.push_str(&format!(
                    "<span class=\"broken-link\">{}</span>",
                    escape(alt)
                )),
            },
            Slot::Media {
                reference,
                media,
                label,
            } => match resolved(*reference) {
                Resolved::Asset(path) => self.media(path, *media, label, out),
                _ => self.broken(body, *reference, out),
            },
            Slot::NoteEmbed(index) => self.embed(
                body.references.get(*index),
                resolved(*index),
                citations,
                depth,
                out,
            ),
            Slot::Citation(index) => self.citation(body, *index, citations, out),
            Slot::Diagram(index) => {
                if let Some(diagram) = body.diagrams.get(*index) {
                    self.diagram(diagram, out);
                }
            }
        }
    }

    /// A mermaid diagram: its image, a link to it (to see it whole where the page is narrow),
    /// and its source in a fold for readers without images (and for copying).
    fn diagram(&self, diagram: &Diagram, out: &mut String) {
        let language = self.config.language;
        let alt = diagram.title.as_deref().unwrap_or(language.diagram());
        let url = escape(&self.config.url(&diagram.path));
        out.push_str(&format!(
            "<figure class=\"diagram\"><a href=\"{url}\"><img src=\"{url}\" alt=\"{}\" width=\"{}\" height=\"{}\" loading=\"lazy\"></a><details class=\"diagram-source\"><summary>{}</summary><pre><code class=\"language-mermaid\">{}</code></pre></details></figure>",
            escape(alt),
            diagram.width,
            diagram.height,
            language.diagram_source(),
            escape(&diagram.source),
        ));
    }

    /// A citation marker: numbered against the page's reference list, or a link to the source.
    fn citation(
        &self,
        body: &ParsedBody,
        index: usize,
        citations: &mut CitationStyle,
        out: &mut String,
    ) {
        let Some(citation) = body.citations.get(index) else {
            return;
        };
        match (body.cited.get(index), citations) {
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

    /// A reference that did not resolve (under `broken_links = "warn"`): its target, marked.
    fn broken(&self, body: &ParsedBody, reference: usize, out: &mut String) {
        let target = body.references.get(reference).map_or("", |r| &r.target);
        out.push_str(&format!(
            "<span class=\"broken-link\">{}</span>",
            escape(target)
        ));
    }

    /// An inline `#tag`: a link to its page; as written when its name makes no page (`#_`).
    fn tag_link(&self, name: &str, out: &mut String) {
        let slug = slugify(name);
        if slug.is_empty() {
            out.push_str(&format!("#{}", escape(name)));
            return;
        }
        let url = self.config.url(&format!("tags/{slug}/"));
        out.push_str(&format!(
            "<a class=\"tag\" href=\"{}\">#{}</a>",
            escape(&url),
            escape(name)
        ));
    }

    /// An image, with the size written after its name (`|300`, `|300x200`) if any.
    fn image(&self, path: &str, alt: &str, size: Option<(u32, Option<u32>)>, out: &mut String) {
        let url = encode_path(&self.config.url(path));
        let size = match size {
            Some((width, Some(height))) => format!(" width=\"{width}\" height=\"{height}\""),
            Some((width, None)) => format!(" width=\"{width}\""),
            None => String::new(),
        };
        out.push_str(&format!(
            "<img src=\"{}\" alt=\"{}\"{size} loading=\"lazy\">",
            escape(&url),
            escape(alt)
        ));
    }

    /// `![[bericht.pdf]]`, `![[ton.mp3]]`, `![[film.mp4]]`: shown in the page, with a link to the
    /// file for browsers that cannot show it (and, for a PDF, to download it).
    fn media(&self, path: &str, media: Media, label: &str, out: &mut String) {
        let url = escape(&encode_path(&self.config.url(path)));
        let name = path.rsplit('/').next().unwrap_or(path);
        let label = escape(if label.is_empty() { name } else { label });
        let link = format!("<a href=\"{url}\">{label}</a>");
        match media {
            Media::Pdf => out.push_str(&format!(
                "<figure class=\"attachment attachment-pdf\"><iframe src=\"{url}\" title=\"{label}\" loading=\"lazy\"></iframe><figcaption><a href=\"{url}\" download>{}: {label}</a></figcaption></figure>",
                self.config.language.download()
            )),
            Media::Audio => out.push_str(&format!(
                "<audio class=\"attachment\" controls preload=\"metadata\" src=\"{url}\" title=\"{label}\">{link}</audio>"
            )),
            Media::Video => out.push_str(&format!(
                "<video class=\"attachment\" controls preload=\"metadata\" src=\"{url}\" title=\"{label}\">{link}</video>"
            )),
            Media::Image => out.push_str(&format!(
                "<img src=\"{url}\" alt=\"{label}\" loading=\"lazy\">"
            )),
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
        let part = target.body.part(anchor.as_deref());
        let html = self.fill_part(&target.body, &target.body.html[part], citations, depth + 1);
        // the page may hold the same ids (its own section or block, embedded): the copy has none
        let html = without_ids(&html);
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

/// `cssclasses: [wide, Breit Tabelle]` → `wide Breit-Tabelle`: only what a class name may
/// safely hold, so the attribute needs no escaping and cannot be broken out of.
pub fn class_list(classes: &[String]) -> String {
    let cleaned: Vec<String> = classes
        .iter()
        .map(|class| {
            class
                .trim()
                .chars()
                .map(|c| match c.is_alphanumeric() || c == '-' || c == '_' {
                    true => c,
                    false => '-',
                })
                .collect::<String>()
        })
        .filter(|class| !class.is_empty())
        .collect();
    cleaned.join(" ")
}

/// HTML without its elements' `id` attributes: only inside tags, since text may hold
/// ` id="` (its `<` is written `&lt;`, so a `<` always opens a tag).
fn without_ids(html: &str) -> String {
    const ID: &str = " id=\"";
    let mut out = String::with_capacity(html.len());
    let mut in_tag = false;
    let mut rest = html;
    while let Some(c) = rest.chars().next() {
        if in_tag && rest.starts_with(ID) {
            let value = &rest[ID.len()..];
            rest = value.find('"').map_or("", |end| &value[end + 1..]);
            continue;
        }
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            _ => {}
        }
        out.push(c);
        rest = &rest[c.len_utf8()..];
    }
    out
}

/// An anchor as it stands after `#` in a URL: a block id's `^` percent-encoded (a browser
/// decodes it to find `id="^x"`), the rest as it is.
fn encode_anchor(anchor: &str) -> String {
    anchor.replace('^', "%5E")
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
    fn ids_leave_tags_and_stay_in_text() {
        assert_eq!(
            without_ids("<h2 id=\"a\">x id=\"b\"</h2><p id=\"^c\" class=\"d\">"),
            "<h2>x id=\"b\"</h2><p class=\"d\">"
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
