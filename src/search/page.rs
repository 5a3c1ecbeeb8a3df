//! Reads a rendered page the way Pagefind 1.6.0 reads it: the text of its
//! `data-pagefind-body` element (or of `<body>` when the page has none) without the parts
//! marked `data-pagefind-ignore` and without `<nav>`, `<footer>`, `<script>` and the like;
//! its anchors (elements with an id), its `data-pagefind-meta`, `-filter` and `-weight`, and
//! its title. The text keeps Pagefind's markers for anchors and weights, which `record`
//! turns into word positions.
//!
//! Pagefind reads pages with lol_html; so does `read_with_lol_html`, but a page is read with
//! our own tokenizer (`html`) first, several times faster, which gives the same tags and text
//! for the pages it understands (every page of our templates) and leaves the others to lol_html.
//!
//! Not read (no page of ours has them): `data-pagefind-sort` and `data-pagefind-index-attrs`.

use std::borrow::Cow;
use std::cell::RefCell;
use std::collections::BTreeMap;
use std::rc::Rc;
use std::sync::LazyLock;

use lol_html::html_content::Element;
use lol_html::{HtmlRewriter, Settings, element, text};
use regex::Regex;

use super::html::{self, NotUnderstood, StartTag};
use super::normalize::normalize_content;

static SENTENCE_CHARS: LazyLock<Regex> =
    LazyLock::new(|| Regex::new("[\\w'\"\\)\\$\\*]").expect("a valid regular expression"));
static ATTRIBUTE_MATCH: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new("^\\s*(?P<name>[^:\\[\\]]+)\\[(?P<attribute>.+)\\]\\s*$")
        .expect("a valid regular expression")
});

/// Block elements: their text ends a sentence.
const SENTENCE_ELEMENTS: &[&str] = &[
    "h1", "h2", "h3", "h4", "h5", "h6", "p", "td", "div", "ul", "li", "article", "section",
];
/// Inline elements: their text belongs to an anchor they are in.
const INLINE_ELEMENTS: &[&str] = &[
    "a", "abbr", "acronym", "b", "bdo", "big", "br", "button", "cite", "code", "dfn", "em", "i",
    "img", "input", "kbd", "label", "map", "object", "output", "q", "samp", "script", "select",
    "small", "span", "strong", "sub", "sup", "textarea", "time", "tt", "var",
];
/// What is never indexed, wherever it is in `<html>`.
const REMOVED_ELEMENTS: &[&str] = &[
    "head", "style", "script", "noscript", "label", "form", "svg", "footer", "nav", "iframe",
    "template",
];

/// What Pagefind takes from a page before it splits the text into words.
#[derive(Debug, Default, PartialEq)]
pub struct ParsedPage {
    /// The text, with Pagefind's anchor and weight markers, whitespace collapsed.
    pub digest: String,
    pub filters: BTreeMap<String, Vec<String>>,
    pub meta: BTreeMap<String, String>,
    /// The text of each anchor (`3:rolle`), as written in the HTML.
    pub anchor_content: BTreeMap<String, String>,
    pub anchor_titles: BTreeMap<String, String>,
    /// The page has a `data-pagefind-body` element.
    pub has_custom_body: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Default)]
enum Status {
    #[default]
    Indexing,
    /// Neither the text nor the children are indexed (meta and filters still count).
    Ignored,
    /// Nothing of it counts, meta and filters included.
    Excluded,
    Body,
    /// A body element is below: the text of its own is dropped.
    ParentOfBody,
}

/// An open element: its text so far and what it asks for. The tree is folded into the parent
/// as each element ends, so only the chain of open elements is kept.
#[derive(Default, Debug)]
struct Node {
    text: String,
    parent: Option<Rc<RefCell<Node>>>,
    filter: Option<Vec<String>>,
    meta: Option<Vec<String>>,
    default_meta: Option<Vec<String>>,
    weight: Option<String>,
    anchor_ids: Option<Vec<String>>,
    status: Status,
}

#[derive(Default)]
struct State {
    current: Rc<RefCell<Node>>,
    filters: BTreeMap<String, Vec<String>>,
    meta: BTreeMap<String, String>,
    default_meta: BTreeMap<String, String>,
    anchor_content: BTreeMap<String, String>,
    anchor_titles: BTreeMap<String, String>,
    anchor_counter: usize,
    /// Emptied texts of closed elements, for new elements to fill without allocating.
    spare_texts: Vec<String>,
}

type Shared = Rc<RefCell<State>>;

/// Which reader reads a page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PageReader {
    /// Our own tokenizer (`html`): the pages it understands, every page of our templates.
    Own,
    /// lol_html, as Pagefind reads pages: any page.
    LolHtml,
}

/// Reads `html`, with our own tokenizer when it understands the page, else with lol_html; an
/// error when lol_html gives up on it.
pub fn parse(html: &[u8]) -> Result<ParsedPage, String> {
    match read_own(html) {
        Ok(page) => Ok(page),
        Err(_) => read_with_lol_html(html),
    }
}

/// Reads `html` with `reader` alone: with our own tokenizer, an error naming what it does not
/// understand. Both readers give the same page.
pub fn parse_with(html: &[u8], reader: PageReader) -> Result<ParsedPage, String> {
    match reader {
        PageReader::Own => read_own(html).map_err(|e| format!("not understood: {}", e.0)),
        PageReader::LolHtml => read_with_lol_html(html),
    }
}

/// Our own tokenizer driving the reader: the elements open below `<html>` kept here, as
/// lol_html keeps them in the end-tag handlers.
struct OwnReader {
    state: Shared,
    open: Vec<Rc<RefCell<Node>>>,
}

impl html::Handler for OwnReader {
    fn start_tag(&mut self, tag: &StartTag<'_>, has_end: bool) {
        if let Some(node) = open_element(&self.state, tag, has_end) {
            self.open.push(node);
        }
    }

    fn end_tag(&mut self, name: &str) {
        if let Some(node) = self.open.pop() {
            close_element(&self.state, &node, name, name);
        }
    }

    fn text(&mut self, text: &str) {
        add_text(&self.state, text);
    }
}

fn read_own(html: &[u8]) -> Result<ParsedPage, NotUnderstood> {
    let mut reader = OwnReader {
        state: Rc::default(),
        open: Vec::new(),
    };
    html::read(html, &mut reader)?;
    let OwnReader { state, open } = reader;
    drop(open);
    let state = Rc::try_unwrap(state)
        .map_err(|_| NotUnderstood("elements left open"))?
        .into_inner();
    Ok(finish(state))
}

/// Reads `html` as Pagefind does, with lol_html.
fn read_with_lol_html(html: &[u8]) -> Result<ParsedPage, String> {
    let state: Shared = Rc::default();
    let on_element = state.clone();
    let on_text = state.clone();
    let settings = Settings::new()
        .with_strict(false)
        .append_element_content_handler(element!("html, html *", move |el| {
            let tag = start_tag_of(el);
            let has_end = el.end_tag_handlers().is_some();
            let node = open_element(&on_element, &tag, has_end);
            if let (Some(node), Some(handlers)) = (node, el.end_tag_handlers()) {
                let state = on_element.clone();
                let tag_name = tag.name.into_owned();
                handlers.push(Box::new(move |end| {
                    close_element(&state, &node, &tag_name, &end.name());
                    Ok(())
                }));
            }
            Ok(())
        }))
        .append_element_content_handler(text!("html", move |chunk| {
            add_text(&on_text, chunk.as_str());
            Ok(())
        }));
    let mut rewriter = HtmlRewriter::new(settings, |_: &[u8]| {});
    rewriter.write(html).map_err(|e| e.to_string())?;
    rewriter.end().map_err(|e| e.to_string())?;
    let state = Rc::try_unwrap(state)
        .map_err(|_| "the HTML parser kept the page".to_owned())?
        .into_inner();
    Ok(finish(state))
}

/// lol_html's element as our own tokenizer gives a start tag.
fn start_tag_of(el: &Element) -> StartTag<'static> {
    StartTag {
        name: Cow::Owned(el.tag_name()),
        attributes: (el.attributes().iter())
            .map(|attribute| (Cow::Owned(attribute.name()), Cow::Owned(attribute.value())))
            .collect(),
    }
}

/// An element starts (`has_end`: its end tag will come): a new open node, returned when it
/// waits for its end tag (see `close_element`).
fn open_element(state: &Shared, tag: &StartTag<'_>, has_end: bool) -> Option<Rc<RefCell<Node>>> {
    let attributes = PagefindAttributes::of(tag);
    let status = attributes.status();
    let tag_name = tag.name.as_ref();
    let element_id = attributes.id.map(|id| {
        id.chars()
            .filter(|c| !c.is_whitespace())
            .collect::<String>()
    });
    let title = (attributes.title)
        .map(normalize_content)
        .filter(|title| !title.is_empty());
    let filter = (attributes.filter).map(|attr| parse_attr_string(attr, tag));
    let meta = (attributes.meta).map(|attr| parse_attr_string(attr, tag));
    let default_meta = (attributes.default_meta).map(|attr| parse_attr_string(attr, tag));
    let weight = attributes.weight.map(str::to_owned);

    let mut data = state.borrow_mut();
    let anchor_id = if status != Status::Excluded && status != Status::Ignored {
        element_id.and_then(|id| data.anchor(tag_name, status, &id))
    } else {
        None
    };
    if let (Some(anchor_id), Some(title)) = (&anchor_id, title) {
        data.anchor_titles.insert(anchor_id.clone(), title);
    }
    if status != Status::Excluded && tag_name == "br" {
        data.current.borrow_mut().text.push(' ');
    }
    let spare_text = data.spare_texts.pop().unwrap_or_default();
    let node = {
        let parent = data.current.borrow();
        let mut anchors = parent
            .anchor_ids
            .clone()
            .filter(|_| INLINE_ELEMENTS.contains(&tag_name));
        if let Some(id) = anchor_id {
            anchors.get_or_insert_with(Vec::new).push(id);
        }
        Rc::new(RefCell::new(Node {
            parent: Some(Rc::clone(&data.current)),
            status: match parent.status {
                Status::Excluded => Status::Excluded,
                _ => status,
            },
            filter,
            meta,
            default_meta,
            anchor_ids: anchors,
            text: spare_text,
            weight,
        }))
    };
    data.current = Rc::clone(&node);
    drop(data);

    // Pagefind marks these ignored, whatever they are, by a selector whose handler runs after
    // the element's: it reaches the element, or its parent when the element has no end
    let removed = REMOVED_ELEMENTS.contains(&tag_name);
    if has_end {
        if removed {
            node.borrow_mut().status = Status::Ignored;
        }
        return Some(node);
    }
    // a void element (`<img>`): it ends where it starts
    let mut data = state.borrow_mut();
    let node = node.borrow();
    if let Some(parent) = &node.parent {
        data.current = Rc::clone(parent);
    }
    if removed {
        data.current.borrow_mut().status = Status::Ignored;
    }
    if node.status == Status::Excluded {
        return None;
    }
    data.collect_attributes(&node);
    // the first image after a title is the page's image
    let meta = &mut data.meta;
    let titled = meta.contains_key("auto_title") || meta.contains_key("title");
    let wanted = tag_name == "img" && titled && !meta.contains_key("auto_image");
    if let Some(src) = tag.get_attribute("src").filter(|_| wanted) {
        meta.insert("auto_image".into(), normalize_content(src));
        if let Some(alt) = tag.get_attribute("alt") {
            meta.insert("auto_image_alt".into(), normalize_content(alt));
        }
    }
    None
}

impl PagefindAttributes<'_> {
    /// What the element is to the index: the body, its text ignored (`data-pagefind-ignore`),
    /// left out whole (`data-pagefind-ignore="all"`), or read.
    fn status(&self) -> Status {
        if self.body {
            return Status::Body;
        }
        let ignore = self
            .ignore
            .as_ref()
            .map(|value| match value.to_ascii_lowercase().as_str() {
                "" | "index" | "true" => Status::Ignored,
                _ => Status::Excluded,
            });
        ignore.unwrap_or(Status::Indexing)
    }
}

/// The attributes Pagefind reads, found in one pass over an element's attributes.
#[derive(Default)]
struct PagefindAttributes<'a> {
    ignore: Option<&'a str>,
    body: bool,
    id: Option<&'a str>,
    title: Option<&'a str>,
    filter: Option<&'a str>,
    meta: Option<&'a str>,
    default_meta: Option<&'a str>,
    weight: Option<&'a str>,
}

impl<'a> PagefindAttributes<'a> {
    fn of(tag: &'a StartTag<'_>) -> PagefindAttributes<'a> {
        let mut found = PagefindAttributes::default();
        for (name, value) in &tag.attributes {
            let slot = match name.as_ref() {
                "id" => &mut found.id,
                "data-pagefind-body" => {
                    found.body = true;
                    continue;
                }
                "data-pagefind-ignore" => &mut found.ignore,
                "data-pagefind-title" => &mut found.title,
                "data-pagefind-filter" => &mut found.filter,
                "data-pagefind-meta" => &mut found.meta,
                "data-pagefind-default-meta" => &mut found.default_meta,
                "data-pagefind-weight" => &mut found.weight,
                _ => continue,
            };
            // the first of two attributes of the same name counts
            if slot.is_none() {
                *slot = Some(value.as_ref());
            }
        }
        found
    }
}

impl State {
    /// Puts an anchor marker into the parent's text, unless the element is outside the body.
    fn anchor(&mut self, tag_name: &str, status: Status, id: &str) -> Option<String> {
        let mut parent = self.current.borrow_mut();
        if parent.status == Status::ParentOfBody
            && status != Status::Body
            && status != Status::ParentOfBody
        {
            return None;
        }
        let counter = self.anchor_counter;
        parent
            .text
            .push_str(&format!(" ___PAGEFIND_ANCHOR___{tag_name}:{counter}:{id} "));
        self.anchor_counter += 1;
        Some(format!("{counter}:{id}"))
    }

    /// The filters and meta an element gives (valid on ignored elements too).
    fn collect_attributes(&mut self, node: &Node) {
        for filter in node.filter.iter().flatten() {
            if let Some((name, value)) = node.attribute_pair(filter) {
                self.filters.entry(name).or_default().push(value);
            }
        }
        for meta in node.meta.iter().flatten() {
            if let Some((name, value)) = node.attribute_pair(meta) {
                self.meta.insert(name, value);
            }
        }
        for meta in node.default_meta.iter().flatten() {
            if let Some((name, value)) = node.attribute_pair(meta) {
                self.default_meta.insert(name, value);
            }
        }
    }
}

/// An element ends: its text goes into its parent's, with sentence ends and weight markers.
fn close_element(state: &Shared, node: &Rc<RefCell<Node>>, tag_name: &str, end_name: &str) {
    let mut data = state.borrow_mut();
    let mut node = node.borrow_mut();
    if let Some(parent) = &node.parent {
        data.current = Rc::clone(parent);
    }
    fold_closed(&mut data, &node, tag_name, end_name);
    // what the text was kept in serves an element opened later
    let mut text = std::mem::take(&mut node.text);
    text.clear();
    data.spare_texts.push(text);
}

/// What a closed element gives: its filters and meta, a title, its text for its parent's.
fn fold_closed(data: &mut State, node: &Node, tag_name: &str, end_name: &str) {
    if node.status == Status::Excluded {
        return;
    }
    data.collect_attributes(node);
    if tag_name == "h1" && !data.meta.contains_key("auto_title") && !node.text.trim().is_empty() {
        let title = normalize_content(&node.text);
        data.meta.insert("auto_title".into(), title);
    }
    if tag_name == "title" && !data.meta.contains_key("auto_page_title") {
        let title = normalize_content(&node.text);
        data.meta.insert("auto_page_title".into(), title);
    }
    if node.status == Status::Ignored {
        return;
    }
    // a block ends a sentence; a weight is marked around the text
    let sentence = SENTENCE_ELEMENTS.contains(&end_name);
    let full_stop = sentence && ends_a_sentence(&node.text);
    let auto_weight = match end_name {
        "h1" => Some("7"),
        "h2" => Some("6"),
        "h3" => Some("5"),
        "h4" => Some("4"),
        "h5" => Some("3"),
        "h6" => Some("2"),
        _ => None,
    };
    let weight_start = match (&node.weight, auto_weight) {
        (Some(weight), _) => format!(" ___PAGEFIND_WEIGHT___{weight} "),
        (None, Some(weight)) => format!(" ___PAGEFIND_AUTO_WEIGHT___{weight} "),
        (None, None) => String::new(),
    };
    let weight_end = match weight_start.is_empty() {
        true => "",
        false => " ___END_PAGEFIND_WEIGHT___ ",
    };
    let space = if sentence { " " } else { "" };
    let stop = if full_stop { "." } else { "" };
    let pieces = [&weight_start, space, &node.text, stop, space, weight_end];
    let mut parent = data.current.borrow_mut();
    fold_into(&mut parent, node.status, &pieces, true);
}

/// Adds a finished node's text (in pieces) to its parent's. A parent of a body element takes
/// only other bodies' text; `subsequent_body`: a later body adds to an earlier one instead of
/// replacing it.
fn fold_into(parent: &mut Node, status: Status, pieces: &[&str], subsequent_body: bool) {
    let is_body = matches!(status, Status::Body | Status::ParentOfBody);
    if parent.status == Status::ParentOfBody && !is_body {
        return;
    }
    match status {
        Status::Ignored | Status::Excluded => return,
        Status::Indexing => {}
        Status::Body | Status::ParentOfBody => {
            if !(subsequent_body && parent.status == Status::ParentOfBody) {
                parent.text.clear();
            }
            parent.status = Status::ParentOfBody;
        }
    }
    parent
        .text
        .reserve(pieces.iter().map(|piece| piece.len()).sum());
    for piece in pieces {
        parent.text.push_str(piece);
    }
}

fn add_text(state: &Shared, text: &str) {
    let mut data = state.borrow_mut();
    let current = Rc::clone(&data.current);
    let mut node = current.borrow_mut();
    node.text.push_str(text);
    if node.status == Status::Ignored || node.status == Status::Excluded {
        return;
    }
    for anchor in node.anchor_ids.iter().flatten() {
        match data.anchor_content.get_mut(anchor) {
            Some(content) => content.push_str(text),
            None => _ = data.anchor_content.insert(anchor.clone(), text.to_owned()),
        }
    }
}

/// The page read: open elements folded up, the title and meta settled.
fn finish(mut state: State) -> ParsedPage {
    let mut node = Rc::clone(&state.current);
    loop {
        let parent = node.borrow().parent.clone();
        let Some(parent) = parent else { break };
        {
            let mut parent = parent.borrow_mut();
            if parent.status != Status::ParentOfBody {
                let node = node.borrow();
                fold_into(&mut parent, node.status, &[&node.text], false);
            }
        }
        node = parent;
    }
    let meta = &mut state.meta;
    if let Some(image) = meta.remove("auto_image") {
        let alt = meta.remove("auto_image_alt").unwrap_or_default();
        if !meta.contains_key("image") {
            meta.insert("image".into(), image);
            meta.insert("image_alt".into(), alt);
        }
    }
    if let Some(title) = meta.remove("auto_title") {
        meta.entry("title".into()).or_insert(title);
    }
    if let Some(title) = meta.remove("auto_page_title") {
        meta.entry("title".into()).or_insert(title);
    }
    let mut all_meta = std::mem::take(&mut state.default_meta);
    all_meta.append(&mut state.meta);
    let root = node.borrow();
    ParsedPage {
        digest: normalize_content(&root.text),
        filters: std::mem::take(&mut state.filters),
        meta: all_meta,
        anchor_content: std::mem::take(&mut state.anchor_content),
        anchor_titles: std::mem::take(&mut state.anchor_titles),
        has_custom_body: root.status == Status::ParentOfBody,
    }
}

fn ends_a_sentence(text: &str) -> bool {
    text.chars()
        .last()
        .is_some_and(|c| SENTENCE_CHARS.is_match(c.encode_utf8(&mut [0; 4])))
}

/// `data-pagefind-meta="title, image[src], author:Jane"`: the names, `name:value` for a
/// literal or an attribute's value.
fn parse_attr_string(input: &str, tag: &StartTag<'_>) -> Vec<String> {
    if let Some((names, literal)) = input.split_once(':') {
        let mut names = parse_attr_string(names, tag);
        if let Some(last) = names.last_mut() {
            last.push(':');
            last.push_str(literal);
        }
        return names;
    }
    input
        .split(',')
        .map(|chunk| {
            let chunk = chunk.trim();
            match ATTRIBUTE_MATCH.captures(chunk) {
                Some(found) => {
                    let name = found.name("name").map_or("", |m| m.as_str());
                    let attribute = found.name("attribute").map_or("", |m| m.as_str());
                    format!(
                        "{name}:{}",
                        tag.get_attribute(attribute).unwrap_or_default()
                    )
                }
                None => chunk.to_owned(),
            }
        })
        .collect()
}

impl Node {
    /// `name:value`, or `name` with the element's text as its value (none if it has none).
    fn attribute_pair(&self, input: &str) -> Option<(String, String)> {
        match input.split_once(':') {
            Some((name, value)) => Some((name.to_owned(), normalize_content(value))),
            None if self.text.is_empty() => None,
            None => Some((input.to_owned(), normalize_content(&self.text))),
        }
    }
}
