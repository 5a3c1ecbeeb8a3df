//! Markdown → HTML with slots: links, embeds and citations are left as numbered slots that the
//! `link` stage resolves and `render` fills, so each body is parsed exactly once.

use pulldown_cmark::{
    BrokenLink, CowStr, Event, HeadingLevel, LinkType, Options, Parser, Tag, TagEnd, html,
};

use crate::slug::HeadingIds;

mod comments;

/// A slot marker in [`ParsedBody::html`] is `\0` + its index + `\0`. Input text never holds
/// a NUL byte (the reader replaces it), so markers cannot be forged by an author.
pub const SLOT_MARK: char = '\0';

const IMAGE_EXTENSIONS: [&str; 8] = ["png", "jpg", "jpeg", "gif", "svg", "webp", "avif", "bmp"];

/// A body compiled once: HTML with slots, and everything in it that points elsewhere.
#[derive(Debug, Clone, Default)]
pub struct ParsedBody {
    pub html: String,
    pub slots: Vec<Slot>,
    pub references: Vec<Reference>,
    pub citations: Vec<Citation>,
    pub headings: Vec<Heading>,
    /// The first `# heading`, when the note asked for its title from the body.
    pub title: Option<String>,
    /// The text without markup, its whitespace collapsed to single spaces, for descriptions
    /// and feeds; with [`ParseOptions::plain_beginning`], only its beginning.
    pub plain_text: String,
    /// Filled by the `link` stage: one per reference, in the same order.
    pub links: Vec<Resolved>,
    /// Filled by the `link` stage: the source of each citation, in the same order.
    pub cited: Vec<Resolved>,
}

/// Where a reference leads, once the `link` stage has looked it up.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Resolved {
    /// A page of the dossier (index into the documents), at a heading if given.
    Document { doc: usize, anchor: Option<String> },
    /// A file copied to the output, by its output path (`notes/karte.svg`).
    Asset(String),
    /// Not found (only when `broken_links = "warn"`): shown as marked plain text.
    Broken,
}

/// Something in the HTML that is only known after linking.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Slot {
    /// `<a href=…>` of a link: reference index.
    LinkOpen(usize),
    /// `</a>` of that link.
    LinkClose(usize),
    /// `<img>` of an image embed or a relative image: reference index and alt text.
    Image { reference: usize, alt: String },
    /// A note embedded whole or by section: reference index.
    NoteEmbed(usize),
    /// A citation marker: citation index.
    Citation(usize),
    /// Where heading N starts, so sections can be cut out for embeds. Renders as nothing.
    SectionStart(usize),
    /// The text of a wikilink written without a label: as typed (`[[Tokajew]]`), unless it
    /// is the page's file name or path (`[[oelexport-cpc]]`), when the page's title reads
    /// better.
    LinkLabel { reference: usize, typed: String },
}

/// What kind of link a reference is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReferenceKind {
    /// `[[target]]`, `[[target|label]]`, `[[target#heading]]`.
    WikiLink,
    /// `[text](../actors/x.md)`: a relative link to another note's file.
    NoteFile,
    /// `[text](karte.pdf)` or `![alt](karte.png)`: a relative link to a file next to the note.
    AssetFile,
    /// `![[karte.svg]]`: an image found by file name.
    ImageEmbed,
    /// `![[Tokajew]]` or `![[Tokajew#Abschnitt]]`: another note's body shown inline.
    NoteEmbed,
}

/// A link target written in the body, to be resolved by the `link` stage.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reference {
    pub kind: ReferenceKind,
    /// The target as written, without the `#fragment`.
    pub target: String,
    /// The heading after `#`, if any.
    pub fragment: Option<String>,
    /// Byte offset in the body, for diagnostics.
    pub offset: usize,
}

/// `[@id]` or `[@id, p. 3]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Citation {
    pub source_id: String,
    pub locator: Option<String>,
    pub offset: usize,
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Heading {
    pub level: u8,
    pub text: String,
    pub id: String,
}

/// How a body is compiled.
#[derive(Debug, Clone, Copy, Default)]
pub struct ParseOptions {
    /// Take the first `# heading` as the title and leave it out of the HTML.
    pub title_from_heading: bool,
    /// A one-paragraph text (summaries): no `<p>` around it.
    pub inline: bool,
    /// Keep only the beginning of the plain text: at least [`PLAIN_BEGINNING_CHARS`]
    /// characters and [`PLAIN_BEGINNING_WORDS`] words, where the text has them; enough for a
    /// page description of 30 words and an ellipsis, or a feed summary of 400 characters (a
    /// note's body is long, and nothing needs more of it).
    pub plain_beginning: bool,
}

/// How much of the plain text [`ParseOptions::plain_beginning`] keeps, at least.
pub const PLAIN_BEGINNING_CHARS: usize = 400;
pub const PLAIN_BEGINNING_WORDS: usize = 31;

/// Collects the plain text as the body is compiled: whitespace collapsed to single spaces,
/// none at either end.
#[derive(Default)]
struct PlainText {
    text: String,
    /// Whitespace was seen since the last word.
    space: bool,
    words: usize,
    chars: usize,
    beginning_only: bool,
}

impl PlainText {
    fn push(&mut self, text: &str) {
        for (index, piece) in text.split(char::is_whitespace).enumerate() {
            // every piece after the first follows a whitespace character
            if index > 0 && !self.text.is_empty() {
                self.space = true;
            }
            if piece.is_empty() {
                continue;
            }
            let new_word = self.space || self.text.is_empty();
            if new_word && self.has_beginning() {
                return;
            }
            if self.space {
                self.text.push(' ');
                self.chars += 1;
                self.space = false;
            }
            if new_word {
                self.words += 1;
            }
            self.text.push_str(piece);
            self.chars += piece.chars().count();
        }
    }

    /// Whether only the beginning is wanted, and it is all there.
    fn has_beginning(&self) -> bool {
        self.beginning_only
            && self.chars >= PLAIN_BEGINNING_CHARS
            && self.words >= PLAIN_BEGINNING_WORDS
    }
}

fn parser_options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_WIKILINKS
        | Options::ENABLE_GFM
}

/// Compiles a Markdown body. Its `%%comments%%` are taken out first: nothing of them reaches
/// the HTML, the plain text, the references or the citations.
pub fn parse(text: &str, options: ParseOptions) -> ParsedBody {
    let uncommented = comments::strip(text);
    let text = uncommented.text.as_ref();
    let mut cite_callback = |link: BrokenLink| {
        let reference = link.reference.trim();
        if reference.starts_with('@') && reference.len() > 1 {
            Some((CowStr::from(format!("cite:{reference}")), CowStr::from("")))
        } else {
            None
        }
    };
    let parser =
        Parser::new_with_broken_link_callback(text, parser_options(), Some(&mut cite_callback));
    let events: Vec<(Event, std::ops::Range<usize>)> = parser.into_offset_iter().collect();
    let mut compiler = Compiler::new(options);
    for (event, _) in &events {
        if let Event::Start(Tag::Heading { id: Some(id), .. }) = event {
            compiler.heading_ids.reserve(id);
        }
    }
    for (event, range) in events {
        compiler.event(event, uncommented.original_offset(range.start));
    }
    compiler.finish()
}

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
enum Sink<'a> {
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

struct Compiler<'a> {
    options: ParseOptions,
    body: ParsedBody,
    out: Vec<Event<'a>>,
    footnotes: Vec<Event<'a>>,
    heading_ids: HeadingIds,
    sinks: Vec<(Sink<'a>, Vec<Event<'a>>)>,
    open_links: Vec<OpenLink>,
    plain_text: PlainText,
}

impl<'a> Compiler<'a> {
    fn new(options: ParseOptions) -> Self {
        Compiler {
            options,
            body: ParsedBody::default(),
            out: Vec::new(),
            footnotes: Vec::new(),
            heading_ids: HeadingIds::default(),
            sinks: Vec::new(),
            open_links: Vec::new(),
            plain_text: PlainText {
                beginning_only: options.plain_beginning,
                ..PlainText::default()
            },
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

    fn event(&mut self, event: Event<'a>, offset: usize) {
        match event {
            Event::Start(Tag::Heading {
                level,
                id,
                classes,
                attrs,
            }) => {
                self.sinks.push((
                    Sink::Heading {
                        level,
                        id,
                        classes,
                        attrs,
                    },
                    Vec::new(),
                ));
            }
            Event::End(TagEnd::Heading(_)) => self.close_heading(),
            Event::Start(Tag::FootnoteDefinition(label)) => {
                self.sinks.push((
                    Sink::Footnote,
                    vec![Event::Start(Tag::FootnoteDefinition(label))],
                ));
            }
            Event::End(TagEnd::FootnoteDefinition) => {
                if let Some((_, mut buffer)) = self.sinks.pop() {
                    buffer.push(Event::End(TagEnd::FootnoteDefinition));
                    self.footnotes.append(&mut buffer);
                }
            }
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                let kind = match link_type {
                    LinkType::WikiLink { .. } if has_image_extension(&dest_url) => {
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
                    Sink::Image {
                        kind,
                        dest,
                        offset,
                        original,
                    },
                    Vec::new(),
                ));
            }
            Event::End(TagEnd::Image) => self.close_image(),
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                if let Some(source) = dest_url.strip_prefix("cite:@") {
                    let source = source.to_owned();
                    self.citation(&source, offset);
                    self.open_links.push(OpenLink::Citation);
                    return;
                }
                let kind = match link_type {
                    LinkType::WikiLink { .. } => Some(ReferenceKind::WikiLink),
                    _ => relative_file_kind(&dest_url),
                };
                match kind {
                    Some(kind) => {
                        let index = self.reference(kind, &dest_url, offset);
                        let marker = self.slot(Slot::LinkOpen(index));
                        self.emit(marker);
                        let unlabelled =
                            matches!(link_type, LinkType::WikiLink { has_pothole: false });
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
            Event::End(TagEnd::Link) => match self.open_links.pop() {
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
            },
            _ if self.in_citation() => {}
            Event::Text(text)
                if matches!(self.open_links.last(), Some(OpenLink::Unlabelled(..))) =>
            {
                self.plain_text.push(&text);
                if let Some(OpenLink::Unlabelled(_, typed)) = self.open_links.last_mut() {
                    typed.push_str(&text);
                }
            }
            Event::Text(text) => {
                self.plain_text.push(&text);
                self.emit(Event::Text(text));
            }
            Event::Code(text) => {
                self.plain_text.push(&text);
                self.emit(Event::Code(text));
            }
            // a symbol, not pulldown-cmark's disabled `<input>`: a form control without a
            // label fails accessibility checks, and these boxes cannot be ticked anyway
            Event::TaskListMarker(done) => self.emit(Event::InlineHtml(CowStr::from(if done {
                "<span class=\"task task-done\">☑</span> "
            } else {
                "<span class=\"task\">☐</span> "
            }))),
            Event::End(
                end @ (TagEnd::Paragraph | TagEnd::Item | TagEnd::TableCell | TagEnd::CodeBlock),
            ) => {
                self.plain_text.push(" ");
                self.emit(Event::End(end));
            }
            other => self.emit(other),
        }
    }

    fn close_heading(&mut self) {
        let Some((
            Sink::Heading {
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
            if let Event::Text(t) | Event::Code(t) = event {
                text.push_str(t);
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
            Sink::Image {
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
            Some(kind) => {
                // `![[karte.svg|Beschreibung]]`: the label is the alt text; without one, none.
                let alt = if kind == ReferenceKind::ImageEmbed && alt == dest {
                    String::new()
                } else {
                    alt
                };
                let index = self.reference(kind, &dest, offset);
                let marker = self.slot(Slot::Image {
                    reference: index,
                    alt,
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

    fn finish(mut self) -> ParsedBody {
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

/// Table cell alignment as classes instead of the `style` attributes pulldown-cmark writes,
/// which a Content-Security-Policy without `'unsafe-inline'` styles refuses.
fn alignment_classes(html: &str) -> String {
    html.replace(" style=\"text-align: left\"", " class=\"align-left\"")
        .replace(" style=\"text-align: center\"", " class=\"align-center\"")
        .replace(" style=\"text-align: right\"", " class=\"align-right\"")
}

/// A note embed alone in its paragraph becomes a block of its own (a `<div>` may not sit in `<p>`).
fn unwrap_lone_embeds(events: &mut Vec<Event>, slots: &[Slot]) {
    let is_embed = |event: &Event| match event {
        Event::InlineHtml(html) => {
            slot_index(html).is_some_and(|i| matches!(slots.get(i), Some(Slot::NoteEmbed(_))))
        }
        _ => false,
    };
    let mut i = 0;
    while i + 2 < events.len() {
        if matches!(events[i], Event::Start(Tag::Paragraph))
            && is_embed(&events[i + 1])
            && matches!(events[i + 2], Event::End(TagEnd::Paragraph))
        {
            let embed = std::mem::replace(&mut events[i + 1], Event::SoftBreak);
            events.splice(i..i + 3, [Event::Html(CowStr::from(embed_html(embed)))]);
        }
        i += 1;
    }
}

fn embed_html(event: Event) -> String {
    match event {
        Event::InlineHtml(html) => format!("{html}\n"),
        _ => String::new(),
    }
}

/// The slot index of a marker `\0N\0`.
pub fn slot_index(marker: &str) -> Option<usize> {
    marker
        .strip_prefix(SLOT_MARK)?
        .strip_suffix(SLOT_MARK)?
        .parse()
        .ok()
}

fn strip_single_paragraph(html: String) -> String {
    let trimmed = html.trim_end();
    if let Some(inner) = trimmed
        .strip_prefix("<p>")
        .and_then(|s| s.strip_suffix("</p>"))
        && !inner.contains("<p>")
    {
        return inner.to_owned();
    }
    html
}

fn has_image_extension(target: &str) -> bool {
    let target = target.split('#').next().unwrap_or(target);
    target
        .rsplit_once('.')
        .is_some_and(|(_, ext)| IMAGE_EXTENSIONS.contains(&ext.to_ascii_lowercase().as_str()))
}

/// A link to a file relative to the note: `.md` files are notes, anything else an asset.
/// Absolute URLs, `/paths`, `#anchors`, `mailto:` and the like are left alone.
fn relative_file_kind(dest: &str) -> Option<ReferenceKind> {
    let path = dest.split(['#', '?']).next().unwrap_or("");
    if path.is_empty() || path.starts_with('/') || path.starts_with("//") || has_scheme(path) {
        return None;
    }
    let last = path.rsplit('/').next().unwrap_or(path);
    if last.to_ascii_lowercase().ends_with(".md") {
        Some(ReferenceKind::NoteFile)
    } else if last.contains('.') {
        Some(ReferenceKind::AssetFile)
    } else {
        None
    }
}

fn has_scheme(path: &str) -> bool {
    match path.split_once(':') {
        Some((scheme, _)) => {
            !scheme.is_empty()
                && scheme
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
        }
        None => false,
    }
}

/// `%C3%96l%20und%20Pipelines.md` → `Öl und Pipelines.md`.
fn percent_decode(text: &str) -> String {
    fn hex(byte: u8) -> Option<u8> {
        (byte as char).to_digit(16).map(|d| d as u8)
    }
    let bytes = text.as_bytes();
    let mut decoded = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && i + 2 < bytes.len()
            && let (Some(high), Some(low)) = (hex(bytes[i + 1]), hex(bytes[i + 2]))
        {
            decoded.push(high * 16 + low);
            i += 3;
            continue;
        }
        decoded.push(bytes[i]);
        i += 1;
    }
    String::from_utf8(decoded).unwrap_or_else(|_| text.to_owned())
}
