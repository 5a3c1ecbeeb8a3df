//! Markdown → HTML with slots: links, embeds and citations are left as numbered slots that the
//! `link` stage resolves and `render` fills, so each body is parsed exactly once.

use crate::ids::DocId;
use pulldown_cmark::{BrokenLink, CowStr, Event, Options, Parser, Tag};
use serde::{Deserialize, Serialize};

mod block_ids;
mod callouts;
mod comments;
mod compiler;
mod finishing;
mod highlights;
mod math;
mod mermaid;
mod parts;
mod plain_text;
mod tags;
mod targets;

pub use callouts::CALLOUT_TYPES;
use compiler::Compiler;
pub use mermaid::Diagram;

use crate::i18n::Language;

/// A slot marker in [`ParsedBody::html`] is `\0` + its index + `\0`. Input text never holds
/// a NUL byte (the reader replaces it), so markers cannot be forged by an author.
pub const SLOT_MARK: char = '\0';

/// A body compiled once: HTML with slots, and everything in it that points elsewhere.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
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
    /// The ids of its blocks (`^id`), in order; [`Slot::BlockStart`] counts in this list.
    pub block_ids: Vec<String>,
    /// Its inline tags (`#tag`), as written, each once, in order of first use.
    pub tags: Vec<String>,
    /// Its ```` ```mermaid ```` blocks, drawn; [`Slot::Diagram`] counts in this list.
    pub diagrams: Vec<Diagram>,
    /// What in the text cannot be compiled (invalid LaTeX or mermaid): the model stage reports it.
    pub problems: Vec<BodyProblem>,
    /// Filled by the `link` stage: one per reference, in the same order.
    pub links: Vec<Resolved>,
    /// Filled by the `link` stage: the source of each citation, in the same order.
    pub cited: Vec<Resolved>,
}

/// Where a reference leads, once the `link` stage has looked it up.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Resolved {
    /// A page of the dossier (index into the documents), at a heading if given.
    Document { doc: DocId, anchor: Option<String> },
    /// A file copied to the output, by its output path (`notes/karte.svg`).
    Asset(String),
    /// Not found (only when `broken_links = "warn"`): shown as marked plain text.
    Broken,
}

/// Something in the HTML that is only known after linking.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Slot {
    /// `<a href=…>` of a link: reference index.
    LinkOpen(usize),
    /// `</a>` of that link.
    LinkClose(usize),
    /// `<img>` of an image embed or a relative image: reference index, alt text, and the size
    /// written after its name (`![[karte.png|300]]`, `|300x200`).
    Image {
        reference: usize,
        alt: String,
        size: Option<(u32, Option<u32>)>,
    },
    /// `![[bericht.pdf]]`, `![[ton.mp3]]`, `![[film.mp4]]`: a file shown in the page, with a
    /// link to it.
    Media {
        reference: usize,
        media: Media,
        label: String,
    },
    /// A note embedded whole or by section: reference index.
    NoteEmbed(usize),
    /// A citation marker: citation index.
    Citation(usize),
    /// Where heading N starts, so sections can be cut out for embeds. Renders as nothing.
    SectionStart(usize),
    /// The text of a wikilink written without a label: as typed (`[[Tokajew]]`), unless it
    /// is the page's file name or path (`[[oelexport-cpc]]`), when the page's title reads
    /// better.
    LinkLabel {
        reference: usize,
        typed: String,
    },
    /// Where the block with id N ([`ParsedBody::block_ids`]) starts and ends, so it can be cut
    /// out for embeds. Renders as nothing.
    BlockStart(usize),
    BlockEnd(usize),
    /// An inline `#tag`: a link to the tag's page.
    Tag(String),
    /// A mermaid diagram, N in [`ParsedBody::diagrams`]: its image and its source.
    Diagram(usize),
}

/// What kind of file an embed shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Media {
    Image,
    Pdf,
    Audio,
    Video,
}

/// What kind of link a reference is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum ReferenceKind {
    /// `[[target]]`, `[[target|label]]`, `[[target#heading]]`.
    WikiLink,
    /// `[text](../actors/x.md)`: a relative link to another note's file.
    NoteFile,
    /// `[text](karte.pdf)` or `![alt](karte.png)`: a relative link to a file next to the note.
    AssetFile,
    /// `![[karte.svg]]`, `![[bericht.pdf]]`: an image or another file found by file name.
    ImageEmbed,
    /// `[[bericht.pdf]]`, `[[karte.png|die Karte]]`: a link to such a file.
    FileLink,
    /// `![[Tokajew]]` or `![[Tokajew#Abschnitt]]`: another note's body shown inline.
    NoteEmbed,
}

/// A link target written in the body, to be resolved by the `link` stage.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Reference {
    pub kind: ReferenceKind,
    /// The target as written, without the `#fragment`.
    pub target: String,
    /// The heading after `#`, if any.
    pub fragment: Option<String>,
    /// Byte offset in the body, for diagnostics.
    pub offset: usize,
}

/// Something in a body that cannot be compiled, at a byte offset in the text as written.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BodyProblem {
    pub message: String,
    pub offset: usize,
    /// What would fix it, where the problem knows better than the model stage.
    pub hint: Option<String>,
    /// Only a warning: the text stays as written.
    pub warning: bool,
}

/// `[@id]` or `[@id, p. 3]`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Citation {
    pub source_id: String,
    pub locator: Option<String>,
    pub offset: usize,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
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
    /// The site's language: the words of callouts' default titles.
    pub language: Language,
}

/// How much of the plain text [`ParseOptions::plain_beginning`] keeps, at least.
pub const PLAIN_BEGINNING_CHARS: usize = 400;
pub const PLAIN_BEGINNING_WORDS: usize = 31;

fn parser_options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_WIKILINKS
        | Options::ENABLE_GFM
        | Options::ENABLE_MATH
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
    // Obsidian's own syntax, read from the events: each step leaves the others' alone
    let events = callouts::rewrite(events, options.language);
    let events = highlights::rewrite(events);
    let (events, anchors) = block_ids::find(events);
    let mut compiler = Compiler::new(options).with_anchors(anchors);
    for (event, _) in &events {
        if let Event::Start(Tag::Heading { id: Some(id), .. }) = event {
            compiler.heading_ids.reserve(id);
        }
    }
    for (index, (event, range)) in events.into_iter().enumerate() {
        compiler.event_at(index, event, uncommented.original_offset(range.start));
    }
    compiler.finish()
}

/// The slot index of a marker `\0N\0`.
pub fn slot_index(marker: &str) -> Option<usize> {
    marker
        .strip_prefix(SLOT_MARK)?
        .strip_suffix(SLOT_MARK)?
        .parse()
        .ok()
}

/// Escapes text for the HTML the compiler writes itself (callout titles, attributes): the
/// rest is escaped by pulldown-cmark.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    // writing to a String cannot fail
    let _ = pulldown_cmark_escape::escape_html(&mut out, text);
    out
}
