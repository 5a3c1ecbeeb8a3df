//! The compiler: pulldown-cmark's events in, HTML with slots and everything the body points at out.

use std::collections::BTreeMap;

use pulldown_cmark::{CodeBlockKind, CowStr, Event, HeadingLevel, LinkType, Tag, TagEnd, html};

use super::block_ids::{BlockAnchor, Carrier};
use super::escape;
use super::finishing::{alignment_classes, strip_single_paragraph, unwrap_lone_embeds};
use super::math;
use super::mermaid::{self, Block};
use super::plain_text::PlainText;
use super::tags::{self, Piece};
use super::targets::{image_size, media_of, percent_decode, relative_file_kind};
use super::{
    BodyProblem, Citation, Heading, Media, ParseOptions, ParsedBody, Reference, ReferenceKind,
    SLOT_MARK, Slot, slot_index,
};
use crate::slug::HeadingIds;

/// What an open link turns into when it closes.
enum OpenLink {
    Slot(usize),
    /// `[[target]]` without a label: its text is kept for the link stage to decide.
    Unlabelled(usize, String),
    Plain,
    /// A citation: its label is dropped, the marker says it all.
    Citation,
}

/// Where events go while a heading, an image or a footnote is being collected.
enum Capture<'a> {
    Heading {
        level: HeadingLevel,
        id: Option<CowStr<'a>>,
        classes: Vec<CowStr<'a>>,
        attrs: Vec<(CowStr<'a>, Option<CowStr<'a>>)>,
    },
    Image {
        kind: Option<ReferenceKind>,
        dest: String,
        offset: usize,
        original: Tag<'a>,
    },
    Footnote,
}

pub(super) struct Compiler<'a> {
    options: ParseOptions,
    body: ParsedBody,
    out: Vec<Event<'a>>,
    footnotes: Vec<Event<'a>>,
    pub(super) heading_ids: HeadingIds,
    sinks: Vec<(Capture<'a>, Vec<Event<'a>>)>,
    open_links: Vec<OpenLink>,
    plain_text: PlainText,
    /// Blocks with an id, by the index of their first and last event.
    anchors: Vec<BlockAnchor>,
    anchor_starts: BTreeMap<usize, usize>,
    anchor_ends: BTreeMap<usize, Vec<usize>>,
    in_code_block: bool,
    /// A ```` ```mermaid ```` block being read, to be drawn when it ends.
    mermaid: Option<Block>,
    /// The text so far ends a line or a space: a `#` next is a tag's.
    after_space: bool,
}

impl<'a> Compiler<'a> {
    pub(super) fn new(options: ParseOptions) -> Self {
        Compiler {
            options,
            body: ParsedBody::default(),
            out: Vec::new(),
            footnotes: Vec::new(),
            heading_ids: HeadingIds::default(),
            sinks: Vec::new(),
            open_links: Vec::new(),
            plain_text: PlainText::new(options.plain_beginning),
            anchors: Vec::new(),
            anchor_starts: BTreeMap::new(),
            anchor_ends: BTreeMap::new(),
            in_code_block: false,
            mermaid: None,
            after_space: true,
        }
    }

    /// The blocks with an id ([`super::block_ids::find`]), to be marked as their events pass.
    pub(super) fn with_anchors(mut self, anchors: Vec<BlockAnchor>) -> Self {
        for (index, anchor) in anchors.iter().enumerate() {
            self.anchor_starts.insert(anchor.start, index);
            self.anchor_ends.entry(anchor.end).or_default().push(index);
            self.body.block_ids.push(anchor.id.clone());
        }
        self.anchors = anchors;
        self
    }

    /// The event at `index` of the body's events: where a block with an id starts, its slot
    /// and its id come first; where one ends, its slot comes after.
    pub(super) fn event_at(&mut self, index: usize, event: Event<'a>, offset: usize) {
        match self.anchor_starts.get(&index).copied() {
            Some(anchor) => {
                let marker = self.slot(Slot::BlockStart(anchor));
                self.emit(marker);
                let id = escape(&format!("^{}", self.anchors[anchor].id));
                let start_tag = match (&event, self.anchors[anchor].carrier) {
                    (Event::Start(Tag::Paragraph), Carrier::StartTag) => Some("p"),
                    (Event::Start(Tag::Item), Carrier::StartTag) => Some("li"),
                    (Event::Start(Tag::BlockQuote(_)), Carrier::StartTag) => Some("blockquote"),
                    _ => None,
                };
                match start_tag {
                    Some(tag) => {
                        let newline = if tag == "blockquote" { "\n" } else { "" };
                        self.emit(Event::Html(CowStr::from(format!(
                            "<{tag} id=\"{id}\">{newline}"
                        ))));
                    }
                    None => {
                        self.emit(Event::Html(CowStr::from(format!("<div id=\"{id}\">\n"))));
                        self.event(event, offset);
                    }
                }
            }
            None => self.event(event, offset),
        }
        for anchor in self.anchor_ends.remove(&index).unwrap_or_default() {
            if self.anchors[anchor].carrier == Carrier::Wrapper {
                self.emit(Event::Html(CowStr::from("</div>\n")));
            }
            let marker = self.slot(Slot::BlockEnd(anchor));
            self.emit(marker);
        }
    }

    fn emit(&mut self, event: Event<'a>) {
        match self.sinks.last_mut() {
            Some((_, buffer)) => buffer.push(event),
            None => self.out.push(event),
        }
    }

    fn in_citation(&self) -> bool {
        matches!(self.open_links.last(), Some(OpenLink::Citation))
    }

    pub(super) fn event(&mut self, event: Event<'a>, offset: usize) {
        if let Some(block) = &mut self.mermaid {
            match event {
                Event::Text(text) => block.push(&text, offset),
                Event::End(TagEnd::CodeBlock) => self.diagram(),
                _ => {}
            }
            return;
        }
        match event {
            Event::Start(Tag::Heading {
                level,
                id,
                classes,
                attrs,
            }) => {
                let heading = Capture::Heading {
                    level,
                    id,
                    classes,
                    attrs,
                };
                self.sinks.push((heading, Vec::new()));
            }
            Event::End(TagEnd::Heading(_)) => self.close_heading(),
            Event::Start(Tag::FootnoteDefinition(label)) => self.open_footnote(label),
            Event::End(TagEnd::FootnoteDefinition) => self.close_footnote(),
            Event::Start(image @ Tag::Image { .. }) => self.open_image(image, offset),
            Event::End(TagEnd::Image) => self.close_image(),
            Event::Start(link @ Tag::Link { .. }) => self.open_link(link, offset),
            Event::End(TagEnd::Link) => self.close_link(),
            _ if self.in_citation() => {}
            Event::Text(text) => self.text(text),
            Event::Code(text) => {
                self.plain_text.push(&text);
                self.after_space = false;
                self.emit(Event::Code(text));
            }
            Event::InlineMath(latex) => self.math(&latex, false, offset),
            Event::DisplayMath(latex) => self.math(&latex, true, offset),
            // a diagram on a page, not in a one-paragraph text (a summary, an event's)
            Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(language)))
                if language.split_whitespace().next() == Some("mermaid")
                    && !self.options.inline =>
            {
                self.mermaid = Some(Block::default());
            }
            Event::Start(Tag::CodeBlock(kind)) => {
                self.in_code_block = true;
                self.emit(Event::Start(Tag::CodeBlock(kind)));
            }
            Event::SoftBreak | Event::HardBreak => {
                self.after_space = true;
                self.emit(event);
            }
            // a symbol, not pulldown-cmark's disabled `<input>`: a form control without a
            // label fails accessibility checks, and these boxes cannot be ticked anyway
            Event::TaskListMarker(done) => {
                let symbol = match done {
                    true => "<span class=\"task task-done\">☑</span> ",
                    false => "<span class=\"task\">☐</span> ",
                };
                self.emit(Event::InlineHtml(CowStr::from(symbol)));
            }
            Event::End(
                end @ (TagEnd::Paragraph | TagEnd::Item | TagEnd::TableCell | TagEnd::CodeBlock),
            ) => {
                self.plain_text.push(" ");
                self.in_code_block &= end != TagEnd::CodeBlock;
                self.after_space = true;
                self.emit(Event::End(end));
            }
            Event::Start(tag) => {
                // a block begins a line; inline markup (`*#tag*`) leaves the space before it
                self.after_space |= !matches!(
                    tag,
                    Tag::Link { .. } | Tag::Image { .. } | Tag::Superscript | Tag::Subscript
                );
                self.emit(Event::Start(tag));
            }
            other => {
                self.after_space = false;
                self.emit(other);
            }
        }
    }

    /// A footnote's definition is collected until it closes, then put with the others at the
    /// end of the text.
    fn open_footnote(&mut self, label: CowStr<'a>) {
        let start = Event::Start(Tag::FootnoteDefinition(label));
        self.sinks.push((Capture::Footnote, vec![start]));
    }

    fn close_footnote(&mut self) {
        if let Some((_, mut buffer)) = self.sinks.pop() {
            buffer.push(Event::End(TagEnd::FootnoteDefinition));
            self.footnotes.append(&mut buffer);
        }
    }

    /// Text: typed into an unlabelled link's label, or read for `#tags` and written.
    fn text(&mut self, text: CowStr<'a>) {
        self.plain_text.push(&text);
        if let Some(OpenLink::Unlabelled(_, typed)) = self.open_links.last_mut() {
            typed.push_str(&text);
            return;
        }
        let after_space = self.after_space;
        self.after_space = text.ends_with(char::is_whitespace);
        if self.reads_tags() {
            self.text_with_tags(text, after_space);
        } else {
            self.emit(Event::Text(text));
        }
    }

    /// `![[…]]` or `![…](…)`: its description is collected until it closes.
    fn open_image(&mut self, image: Tag<'a>, offset: usize) {
        let Tag::Image {
            link_type,
            dest_url,
            title,
            id,
        } = image
        else {
            return;
        };
        let dest_url = wikilink_target(link_type, dest_url);
        let kind = match link_type {
            LinkType::WikiLink { .. } if media_of(&dest_url).is_some() => {
                Some(ReferenceKind::ImageEmbed)
            }
            LinkType::WikiLink { .. } => Some(ReferenceKind::NoteEmbed),
            _ => relative_file_kind(&dest_url).map(|_| ReferenceKind::AssetFile),
        };
        let dest = dest_url.to_string();
        let original = Tag::Image {
            link_type,
            dest_url,
            title,
            id,
        };
        self.sinks.push((
            Capture::Image {
                kind,
                dest,
                offset,
                original,
            },
            Vec::new(),
        ));
    }

    /// A link: a citation, a slot for what the `link` stage resolves, or a link left alone.
    fn open_link(&mut self, link: Tag<'a>, offset: usize) {
        let Tag::Link {
            link_type,
            dest_url,
            title,
            id,
        } = link
        else {
            return;
        };
        let dest_url = wikilink_target(link_type, dest_url);
        if let Some(source) = dest_url.strip_prefix("cite:@") {
            let source = source.to_owned();
            self.citation(&source, offset);
            self.open_links.push(OpenLink::Citation);
            return;
        }
        let kind = match link_type {
            LinkType::WikiLink { .. } if media_of(&dest_url).is_some() => {
                Some(ReferenceKind::FileLink)
            }
            LinkType::WikiLink { .. } => Some(ReferenceKind::WikiLink),
            // `<a@b.org>` (pulldown-cmark writes `mailto:` before it) and `<https://…>`
            LinkType::Email | LinkType::Autolink => None,
            _ => relative_file_kind(&dest_url),
        };
        match kind {
            Some(kind) => {
                let index = self.reference(kind, &dest_url, offset);
                let marker = self.slot(Slot::LinkOpen(index));
                self.emit(marker);
                let unlabelled = matches!(link_type, LinkType::WikiLink { has_pothole: false });
                self.open_links.push(match unlabelled {
                    true => OpenLink::Unlabelled(index, String::new()),
                    false => OpenLink::Slot(index),
                });
            }
            None => {
                self.emit(Event::Start(Tag::Link {
                    link_type,
                    dest_url,
                    title,
                    id,
                }));
                self.open_links.push(OpenLink::Plain);
            }
        }
    }

    /// The end of a link: its closing slot, and its label's for a wikilink written without one.
    fn close_link(&mut self) {
        match self.open_links.pop() {
            Some(OpenLink::Slot(index)) => {
                let marker = self.slot(Slot::LinkClose(index));
                self.emit(marker);
            }
            Some(OpenLink::Unlabelled(index, typed)) => {
                let label = self.slot(Slot::LinkLabel {
                    reference: index,
                    typed,
                });
                self.emit(label);
                let marker = self.slot(Slot::LinkClose(index));
                self.emit(marker);
            }
            Some(OpenLink::Plain) | None => self.emit(Event::End(TagEnd::Link)),
            Some(OpenLink::Citation) => {}
        }
    }

    /// A formula as MathML; invalid LaTeX is kept as code and reported.
    fn math(&mut self, latex: &str, block: bool, offset: usize) {
        self.plain_text.push(latex);
        self.after_space = false;
        match math::to_mathml(latex, block) {
            Ok(mathml) => self.emit(Event::InlineHtml(CowStr::from(mathml))),
            Err((message, at)) => {
                let delimiter = if block { 2 } else { 1 };
                self.body.problems.push(BodyProblem {
                    message: format!("invalid math `{latex}`: {message}"),
                    offset: offset + delimiter + at,
                    hint: None,
                    warning: false,
                });
                self.emit(Event::InlineHtml(CowStr::from(format!(
                    "<code class=\"math-error\">{}</code>",
                    escape(latex)
                ))));
            }
        }
    }

    /// The mermaid block just read, as a diagram; one that cannot be drawn is kept as code
    /// and reported.
    fn diagram(&mut self) {
        let Some(block) = self.mermaid.take() else {
            return;
        };
        self.after_space = true;
        match mermaid::draw(&block.source) {
            Ok(diagram) => {
                self.body.diagrams.push(diagram);
                let marker = self.slot(Slot::Diagram(self.body.diagrams.len() - 1));
                self.emit(marker);
                self.emit(Event::Html(CowStr::from("\n")));
            }
            Err(failure) => {
                self.body.problems.push(failure.in_body(&block));
                for event in block.into_code() {
                    self.emit(event);
                }
            }
        }
    }

    /// Whether `#tag` in text here is a tag: not in code, a link's text or an image's
    /// description. In a heading's text it is (as in Obsidian): its `#` markers are no text.
    fn reads_tags(&self) -> bool {
        !self.in_code_block
            && self.open_links.is_empty()
            && (self.sinks.iter())
                .all(|(sink, _)| matches!(sink, Capture::Footnote | Capture::Heading { .. }))
    }

    /// A text, its tags as slots for links to their pages.
    fn text_with_tags(&mut self, text: CowStr<'a>, after_space: bool) {
        if !text.contains('#') {
            self.emit(Event::Text(text));
            return;
        }
        for piece in tags::split(&text, after_space) {
            match piece {
                Piece::Text(words) => self.emit(Event::Text(CowStr::from(words.to_owned()))),
                Piece::Tag(name) => {
                    if !self.body.tags.iter().any(|tag| tag == name) {
                        self.body.tags.push(name.to_owned());
                    }
                    let marker = self.slot(Slot::Tag(name.to_owned()));
                    self.emit(marker);
                }
            }
        }
    }

    fn close_heading(&mut self) {
        let Some((
            Capture::Heading {
                level,
                id,
                classes,
                attrs,
            },
            inner,
        )) = self.sinks.pop()
        else {
            return;
        };
        let mut text = String::new();
        for event in &inner {
            match event {
                Event::Text(t) | Event::Code(t) => text.push_str(t),
                // a tag in the heading: its words stay in the heading's text and id
                Event::InlineHtml(marker) => {
                    if let Some(Slot::Tag(name)) =
                        slot_index(marker).and_then(|i| self.body.slots.get(i))
                    {
                        text.push('#');
                        text.push_str(name);
                    }
                }
                _ => {}
            }
        }
        let text = text.trim().to_owned();
        if level == HeadingLevel::H1 && self.options.title_from_heading && self.body.title.is_none()
        {
            self.body.title = Some(text);
            return;
        }
        let id = match id {
            Some(id) => id.to_string(),
            None => self.heading_ids.unique_for(&text),
        };
        self.plain_text.push(" ");
        self.body.headings.push(Heading {
            level: level as u8,
            text,
            id: id.clone(),
        });
        let marker = self.slot(Slot::SectionStart(self.body.headings.len() - 1));
        self.emit(marker);
        self.emit(Event::Start(Tag::Heading {
            level,
            id: Some(CowStr::from(id)),
            classes,
            attrs,
        }));
        for event in inner {
            self.emit(event);
        }
        self.emit(Event::End(TagEnd::Heading(level)));
    }

    fn close_image(&mut self) {
        let Some((
            Capture::Image {
                kind,
                dest,
                offset,
                original,
            },
            inner,
        )) = self.sinks.pop()
        else {
            return;
        };
        let mut alt = String::new();
        for event in &inner {
            if let Event::Text(t) | Event::Code(t) = event {
                alt.push_str(t);
            }
        }
        match kind {
            Some(ReferenceKind::NoteEmbed) => {
                let index = self.reference(ReferenceKind::NoteEmbed, &dest, offset);
                let marker = self.slot(Slot::NoteEmbed(index));
                self.emit(marker);
            }
            Some(ReferenceKind::ImageEmbed) => {
                // `![[karte.svg|Beschreibung]]`: the label is the alt text; without one, none
                let label = if alt == dest { String::new() } else { alt };
                let index = self.reference(ReferenceKind::ImageEmbed, &dest, offset);
                let slot = match media_of(&dest).unwrap_or(Media::Image) {
                    Media::Image => {
                        // `|300`, `|300x200`, `|Beschreibung|300`: the size comes last
                        let (alt, size) = match label.rsplit_once('|') {
                            Some((alt, size)) if image_size(size).is_some() => {
                                (alt.to_owned(), image_size(size))
                            }
                            _ => match image_size(&label) {
                                Some(size) => (String::new(), Some(size)),
                                None => (label, None),
                            },
                        };
                        Slot::Image {
                            reference: index,
                            alt,
                            size,
                        }
                    }
                    media => Slot::Media {
                        reference: index,
                        media,
                        label,
                    },
                };
                let marker = self.slot(slot);
                self.emit(marker);
            }
            Some(kind) => {
                let index = self.reference(kind, &dest, offset);
                let marker = self.slot(Slot::Image {
                    reference: index,
                    alt,
                    size: None,
                });
                self.emit(marker);
            }
            None => {
                self.emit(Event::Start(original));
                for event in inner {
                    self.emit(event);
                }
                self.emit(Event::End(TagEnd::Image));
            }
        }
    }

    fn slot(&mut self, slot: Slot) -> Event<'a> {
        self.body.slots.push(slot);
        Event::InlineHtml(CowStr::from(format!(
            "{SLOT_MARK}{}{SLOT_MARK}",
            self.body.slots.len() - 1
        )))
    }

    fn reference(&mut self, kind: ReferenceKind, dest: &str, offset: usize) -> usize {
        let (target, fragment) = match dest.split_once('#') {
            Some((target, fragment)) => (target, Some(fragment.trim().to_owned())),
            None => (dest, None),
        };
        let target = match kind {
            ReferenceKind::NoteFile | ReferenceKind::AssetFile => percent_decode(target),
            _ => target.trim().to_owned(),
        };
        self.body.references.push(Reference {
            kind,
            target,
            fragment,
            offset,
        });
        self.body.references.len() - 1
    }

    fn citation(&mut self, text: &str, offset: usize) {
        let (id, locator) = match text.split_once(',') {
            Some((id, locator)) => (
                id.trim(),
                Some(locator.trim().to_owned()).filter(|l| !l.is_empty()),
            ),
            None => (text.trim(), None),
        };
        self.body.citations.push(Citation {
            source_id: id.to_owned(),
            locator,
            offset,
        });
        let marker = self.slot(Slot::Citation(self.body.citations.len() - 1));
        self.emit(marker);
    }

    pub(super) fn finish(mut self) -> ParsedBody {
        // unbalanced input cannot happen with pulldown-cmark, but never lose buffered text
        while let Some((_, mut buffer)) = self.sinks.pop() {
            self.out.append(&mut buffer);
        }
        unwrap_lone_embeds(&mut self.out, &self.body.slots);
        if !self.footnotes.is_empty() {
            self.out
                .push(Event::Html(CowStr::from("<section class=\"footnotes\">\n")));
            self.out.append(&mut self.footnotes);
            self.out.push(Event::Html(CowStr::from("</section>\n")));
        }
        let mut html = String::with_capacity(self.out.len() * 24);
        html::push_html(&mut html, self.out.into_iter());
        if html.contains(" style=\"text-align: ") {
            html = alignment_classes(&html);
        }
        if self.options.inline {
            html = strip_single_paragraph(html);
        }
        self.body.html = html;
        self.body.plain_text = self.plain_text.text;
        self.body
    }
}

/// A wikilink's target without the `\` of an escaped pipe: in a table cell,
/// `[[Note#Heading\|label]]` and `![[karte.png\|300]]` separate target and label with `\|`,
/// and pulldown-cmark ends the target at the pipe.
fn wikilink_target(link_type: LinkType, dest: CowStr<'_>) -> CowStr<'_> {
    match (link_type, dest.strip_suffix('\\')) {
        (LinkType::WikiLink { .. }, Some(target)) => CowStr::from(target.to_owned()),
        _ => dest,
    }
}
