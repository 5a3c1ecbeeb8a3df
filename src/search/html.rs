//! A small HTML tokenizer for the pages our own templates render: it hands the page reader
//! (`page`) the same start tags, end tags and text as lol_html 3.0.3 does, several times
//! faster, because it only reads. It understands well-formed pages (every element inside one
//! `<html>`, end tags closing the innermost open element, `<script>`, `<style>` and `<title>`
//! as raw text, SVG and MathML as lol_html tracks them) and answers `NotUnderstood` for
//! anything else, which the page reader then gives to lol_html.
//!
//! What lol_html gives and this gives alike: tag and attribute names ASCII-lower-cased;
//! attribute values and text exactly as written (entities are not decoded: `Attribute::value`
//! and text chunks are raw); comments and the doctype skipped; no end tag for a void element
//! in HTML nor for a self-closing element (`<path/>`) in SVG or MathML.

use std::borrow::Cow;

/// A start tag: its name and attributes as lol_html's `Element` gives them.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct StartTag<'a> {
    /// ASCII-lower-cased.
    pub name: Cow<'a, str>,
    /// In source order, duplicates kept; names ASCII-lower-cased, values raw.
    pub attributes: Vec<(Cow<'a, str>, Cow<'a, str>)>,
}

impl StartTag<'_> {
    /// The value of the first attribute called `name` (in any case), as lol_html's
    /// `Element::get_attribute` finds it: none for a name no attribute can have.
    pub fn get_attribute(&self, name: &str) -> Option<&str> {
        let forbidden = |b: u8| matches!(b, b' ' | b'\n' | b'\r' | b'\t' | b'\x0C' | b'/' | b'>');
        if name.is_empty() || name.bytes().any(|b| forbidden(b) || b == b'=') {
            return None;
        }
        self.attributes
            .iter()
            .find(|(attribute, _)| attribute.eq_ignore_ascii_case(name))
            .map(|(_, value)| value.as_ref())
    }
}

/// What a page's tokens go to, in document order.
pub trait Handler {
    /// An element inside `<html>` starts; `has_end`: an `end_tag` of it will come (else it
    /// ends where it starts, like `<img>`).
    fn start_tag(&mut self, tag: &StartTag<'_>, has_end: bool);
    /// The innermost open element ends.
    fn end_tag(&mut self, name: &str);
    /// Text inside `<html>`, raw; one run of text may come in several calls.
    fn text(&mut self, text: &str);
}

/// Why the tokenizer gave a page up (for lol_html to read instead).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NotUnderstood(pub &'static str);

/// The HTML elements without content (lol_html's list).
const VOID_ELEMENTS: &[&str] = &[
    "area", "base", "basefont", "bgsound", "br", "col", "embed", "hr", "img", "input", "keygen",
    "link", "meta", "param", "source", "track", "wbr",
];
/// HTML elements that end SVG or MathML content where they start (lol_html's list).
const FOREIGN_CONTENT_EXITS: &[&str] = &[
    "b",
    "big",
    "blockquote",
    "body",
    "br",
    "center",
    "code",
    "dd",
    "div",
    "dl",
    "dt",
    "em",
    "embed",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "head",
    "hr",
    "i",
    "img",
    "li",
    "listing",
    "menu",
    "meta",
    "nobr",
    "ol",
    "p",
    "pre",
    "ruby",
    "s",
    "small",
    "span",
    "strong",
    "strike",
    "sub",
    "sup",
    "table",
    "tt",
    "u",
    "ul",
    "var",
];
const SVG_HTML_INTEGRATION_POINTS: &[&str] = &["desc", "title", "foreignobject"];
const MATHML_TEXT_INTEGRATION_POINTS: &[&str] = &["mi", "mo", "mn", "ms", "mtext"];
/// Elements whose content lol_html reads in a mode this tokenizer leaves to it (no page of
/// ours has them). `<iframe>`, whose content lol_html reads as raw text like `<style>`'s, is
/// read: our PDF embeds are one.
const UNREAD_CONTENT: &[&str] = &[
    "textarea",
    "plaintext",
    "xmp",
    "noembed",
    "noframes",
    "noscript",
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Namespace {
    Html,
    Svg,
    MathMl,
}

/// How the text after a start tag is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum TextMode {
    Data,
    /// Up to the element's end tag (`<style>`, `<title>`, `<iframe>`; `<script>` without
    /// `<!--`).
    Raw,
    Script,
}

fn is_whitespace(b: u8) -> bool {
    matches!(b, b' ' | b'\n' | b'\r' | b'\t' | b'\x0C')
}

/// Reads `html` into `handler`; `NotUnderstood` (with what it met) for a page it leaves to
/// lol_html, after which what `handler` got is to be thrown away.
pub fn read(html: &[u8], handler: &mut impl Handler) -> Result<(), NotUnderstood> {
    let html = std::str::from_utf8(html).map_err(|_| NotUnderstood("invalid UTF-8"))?;
    if html.contains('\0') {
        return Err(NotUnderstood("a NUL character"));
    }
    let mut tokenizer = Tokenizer {
        html,
        bytes: html.as_bytes(),
        open: Vec::new(),
        namespaces: vec![Namespace::Html],
        html_seen: false,
        tag: StartTag::default(),
    };
    tokenizer.run(handler)
}

struct Tokenizer<'a> {
    html: &'a str,
    bytes: &'a [u8],
    /// The names of the open elements, innermost last.
    open: Vec<Cow<'a, str>>,
    /// lol_html's namespace stack (its `TreeBuilderSimulator`), current last.
    namespaces: Vec<Namespace>,
    html_seen: bool,
    /// The start tag being read (its attribute list reused from tag to tag).
    tag: StartTag<'a>,
}

impl<'a> Tokenizer<'a> {
    fn run(&mut self, handler: &mut impl Handler) -> Result<(), NotUnderstood> {
        let mut text_start = 0;
        let mut search = 0;
        while let Some(offset) = memchr::memchr(b'<', &self.bytes[search..]) {
            let at = search + offset;
            let next = match self.bytes.get(at + 1) {
                Some(b'!') => {
                    self.text(text_start, at, handler)?;
                    self.markup_declaration(at)?
                }
                Some(b'/') => {
                    self.text(text_start, at, handler)?;
                    self.end_tag(at, handler)?
                }
                Some(b) if b.is_ascii_alphabetic() => {
                    self.text(text_start, at, handler)?;
                    self.start_tag(at, handler)?
                }
                Some(b'?') => return Err(NotUnderstood("<?")),
                // a `<` of the text
                _ => {
                    search = at + 1;
                    continue;
                }
            };
            text_start = next;
            search = next;
        }
        self.text(text_start, self.html.len(), handler)?;
        match (self.open.is_empty(), self.html_seen) {
            (true, true) => Ok(()),
            (false, _) => Err(NotUnderstood("elements left open")),
            (true, false) => Err(NotUnderstood("no <html> element")),
        }
    }

    fn text(
        &self,
        start: usize,
        end: usize,
        handler: &mut impl Handler,
    ) -> Result<(), NotUnderstood> {
        if start >= end {
            return Ok(());
        }
        let text = &self.html[start..end];
        if !self.open.is_empty() {
            handler.text(text);
        } else if !text.bytes().all(is_whitespace) {
            return Err(NotUnderstood("text outside <html>"));
        }
        Ok(())
    }

    /// `<!--…-->` or `<!doctype …>` at `at`, skipped: where it ends.
    fn markup_declaration(&self, at: usize) -> Result<usize, NotUnderstood> {
        let rest = &self.html[at..];
        if let Some(body) = rest.strip_prefix("<!--") {
            if body.starts_with('>') || body.starts_with("->") {
                return Err(NotUnderstood("an abruptly closed comment"));
            }
            let end = body
                .find("-->")
                .ok_or(NotUnderstood("an unclosed comment"))?;
            if body[..end].contains("--!") {
                return Err(NotUnderstood("--! in a comment"));
            }
            return Ok(at + 4 + end + 3);
        }
        let doctype = rest
            .get(2..9)
            .is_some_and(|word| word.eq_ignore_ascii_case("doctype"));
        if !doctype {
            return Err(NotUnderstood("CDATA or a bogus comment"));
        }
        let end = rest.find('>').ok_or(NotUnderstood("an unclosed doctype"))?;
        if rest[..end].contains(['"', '\'']) {
            return Err(NotUnderstood("a doctype with identifiers"));
        }
        Ok(at + end + 1)
    }

    /// The start tag at `at`, its element started and, for raw text, its text and end tag
    /// read: where it all ends.
    fn start_tag(&mut self, at: usize, handler: &mut impl Handler) -> Result<usize, NotUnderstood> {
        let (self_closing, end) = self.read_start_tag(at)?;
        let name = self.tag.name.clone();
        if self.open.is_empty() {
            if name != "html" || self.html_seen {
                return Err(NotUnderstood("a start tag outside <html>"));
            }
            self.html_seen = true;
        } else if name == "html" {
            return Err(NotUnderstood("an <html> inside <html>"));
        }
        let mode = self.namespace_on_start(&name, self_closing)?;
        let has_end = match self.current_namespace() {
            Namespace::Html => !VOID_ELEMENTS.contains(&name.as_ref()),
            Namespace::Svg | Namespace::MathMl => !self_closing,
        };
        handler.start_tag(&self.tag, has_end);
        if has_end {
            self.open.push(name.clone());
        }
        match mode {
            TextMode::Data => Ok(end),
            TextMode::Raw | TextMode::Script => self.raw_text(&name, mode, end, handler),
        }
    }

    /// Reads the start tag at `at` into `self.tag`: whether it is self-closing, and where it
    /// ends.
    fn read_start_tag(&mut self, at: usize) -> Result<(bool, usize), NotUnderstood> {
        let (html, bytes) = (self.html, self.bytes);
        let unclosed = NotUnderstood("an unclosed tag");
        let mut i = at + 1;
        while i < bytes.len() && !is_whitespace(bytes[i]) && bytes[i] != b'/' && bytes[i] != b'>' {
            i += 1;
        }
        let name = &html[at + 1..i];
        if !name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-') {
            return Err(NotUnderstood("an unusual tag name"));
        }
        self.tag.name = lower_case(name);
        self.tag.attributes.clear();
        loop {
            while bytes.get(i).copied().is_some_and(is_whitespace) {
                i += 1;
            }
            match bytes.get(i) {
                None => return Err(unclosed),
                Some(b'>') => return Ok((false, i + 1)),
                Some(b'/') if bytes.get(i + 1) == Some(&b'>') => return Ok((true, i + 2)),
                Some(b'/') => return Err(NotUnderstood("a / inside a tag")),
                Some(b'=') => return Err(NotUnderstood("an attribute name starting with =")),
                Some(_) => {}
            }
            let name_start = i;
            while i < bytes.len() && !is_whitespace(bytes[i]) && !b"/>=".contains(&bytes[i]) {
                i += 1;
            }
            let name = &html[name_start..i];
            if name.contains(['"', '\'', '<']) {
                return Err(NotUnderstood("a quote or < in an attribute name"));
            }
            let mut j = i;
            while bytes.get(j).copied().is_some_and(is_whitespace) {
                j += 1;
            }
            let value = if bytes.get(j) == Some(&b'=') {
                let (value, after) = self.attribute_value(j + 1)?;
                i = after;
                value
            } else {
                ""
            };
            self.tag
                .attributes
                .push((lower_case(name), Cow::Borrowed(value)));
        }
    }

    /// The attribute value after the `=` at `from - 1`, and where it ends.
    fn attribute_value(&self, from: usize) -> Result<(&'a str, usize), NotUnderstood> {
        let (html, bytes) = (self.html, self.bytes);
        let mut i = from;
        while bytes.get(i).copied().is_some_and(is_whitespace) {
            i += 1;
        }
        match bytes.get(i) {
            None => Err(NotUnderstood("an unclosed tag")),
            Some(&quote @ (b'"' | b'\'')) => {
                let length = memchr::memchr(quote, &bytes[i + 1..])
                    .ok_or(NotUnderstood("an unclosed attribute value"))?;
                Ok((&html[i + 1..i + 1 + length], i + 1 + length + 1))
            }
            // lol_html reads the text after `<a href=>` as data whatever the element
            Some(b'>') => Err(NotUnderstood("an attribute without a value after =")),
            Some(_) => {
                let start = i;
                while i < bytes.len() && !is_whitespace(bytes[i]) && bytes[i] != b'>' {
                    i += 1;
                }
                let value = &html[start..i];
                if value.contains(['"', '\'', '<', '=', '`']) {
                    return Err(NotUnderstood("a quote, <, = or ` in an unquoted value"));
                }
                Ok((value, i))
            }
        }
    }

    fn current_namespace(&self) -> Namespace {
        self.namespaces.last().copied().unwrap_or(Namespace::Html)
    }

    /// lol_html's namespace change at a start tag (`get_feedback_for_start_tag`) and how the
    /// text after it is read.
    fn namespace_on_start(
        &mut self,
        name: &str,
        self_closing: bool,
    ) -> Result<TextMode, NotUnderstood> {
        let current = self.current_namespace();
        let entered = match name {
            "svg" => Some(Namespace::Svg),
            "math" => Some(Namespace::MathMl),
            _ => None,
        };
        if let Some(namespace) = entered {
            if self_closing {
                return Err(NotUnderstood("a self-closing <svg> or <math>"));
            }
            self.namespaces.push(namespace);
            return Ok(TextMode::Data);
        }
        if current != Namespace::Html {
            if FOREIGN_CONTENT_EXITS.contains(&name) {
                return Err(NotUnderstood("an HTML element inside SVG or MathML"));
            }
            if name == "font" || name == "annotation-xml" {
                return Err(NotUnderstood(
                    "<font> or <annotation-xml> inside SVG or MathML",
                ));
            }
            let integration_point = match current {
                Namespace::Svg => SVG_HTML_INTEGRATION_POINTS.contains(&name),
                _ => MATHML_TEXT_INTEGRATION_POINTS.contains(&name),
            };
            if integration_point && !self_closing {
                self.namespaces.push(Namespace::Html);
            }
            return Ok(TextMode::Data);
        }
        match name {
            "script" => Ok(TextMode::Script),
            "style" | "title" | "iframe" => Ok(TextMode::Raw),
            _ if UNREAD_CONTENT.contains(&name) => Err(NotUnderstood(
                "<textarea>, <plaintext>, <xmp>, <noembed>, <noframes> or <noscript>",
            )),
            _ => Ok(TextMode::Data),
        }
    }

    /// lol_html's namespace change at an end tag (`get_feedback_for_end_tag`).
    fn namespace_on_end(&mut self, name: &str) -> Result<(), NotUnderstood> {
        let count = self.namespaces.len();
        match self.current_namespace() {
            Namespace::Html if count >= 2 => {
                let leaves = match self.namespaces[count - 2] {
                    Namespace::Svg => SVG_HTML_INTEGRATION_POINTS.contains(&name),
                    Namespace::MathMl if name == "annotation-xml" => {
                        return Err(NotUnderstood("</annotation-xml>"));
                    }
                    Namespace::MathMl => MATHML_TEXT_INTEGRATION_POINTS.contains(&name),
                    Namespace::Html => false,
                };
                if leaves {
                    self.namespaces.pop();
                }
            }
            Namespace::Html => {}
            Namespace::Svg | Namespace::MathMl if name == "p" || name == "br" => {
                return Err(NotUnderstood("</p> or </br> inside SVG or MathML"));
            }
            Namespace::Svg if name == "svg" => {
                self.namespaces.pop();
            }
            Namespace::MathMl if name == "math" => {
                self.namespaces.pop();
            }
            Namespace::Svg | Namespace::MathMl => {}
        }
        Ok(())
    }

    /// The end tag at `at` (`</name>`, with white space before the `>` at most), which must
    /// close the innermost open element: where it ends.
    fn end_tag(&mut self, at: usize, handler: &mut impl Handler) -> Result<usize, NotUnderstood> {
        let bytes = self.bytes;
        if !bytes.get(at + 2).is_some_and(u8::is_ascii_alphabetic) {
            return Err(NotUnderstood("</ not followed by a letter"));
        }
        let mut i = at + 2;
        while i < bytes.len() && !is_whitespace(bytes[i]) && bytes[i] != b'/' && bytes[i] != b'>' {
            i += 1;
        }
        let name = lower_case(&self.html[at + 2..i]);
        while bytes.get(i).copied().is_some_and(is_whitespace) {
            i += 1;
        }
        if bytes.get(i) != Some(&b'>') {
            return Err(NotUnderstood("an end tag with more than its name"));
        }
        self.namespace_on_end(&name)?;
        if self.open.last() != Some(&name) {
            return Err(NotUnderstood(
                "an end tag not closing the innermost open element",
            ));
        }
        self.open.pop();
        handler.end_tag(&name);
        Ok(i + 1)
    }

    /// The raw text of the element `name` from `from` up to its end tag, and the end tag:
    /// where it ends.
    fn raw_text(
        &mut self,
        name: &str,
        mode: TextMode,
        from: usize,
        handler: &mut impl Handler,
    ) -> Result<usize, NotUnderstood> {
        let bytes = self.bytes;
        let mut search = from;
        let end_tag = loop {
            let at = search
                + memchr::memmem::find(&bytes[search..], b"</")
                    .ok_or(NotUnderstood("raw text without its end tag"))?;
            let name_end = at + 2 + name.len();
            let closes = bytes
                .get(at + 2..name_end)
                .is_some_and(|word| word.eq_ignore_ascii_case(name.as_bytes()))
                && bytes
                    .get(name_end)
                    .is_some_and(|&b| is_whitespace(b) || b == b'/' || b == b'>');
            if closes {
                break at;
            }
            search = at + 2;
        };
        let text = &self.html[from..end_tag];
        if mode == TextMode::Script && text.contains("<!--") {
            return Err(NotUnderstood("<!-- inside <script>"));
        }
        self.text(from, end_tag, handler)?;
        self.end_tag(end_tag, handler)
    }
}

fn lower_case(name: &str) -> Cow<'_, str> {
    match name.bytes().any(|b| b.is_ascii_uppercase()) {
        true => Cow::Owned(name.to_ascii_lowercase()),
        false => Cow::Borrowed(name),
    }
}
