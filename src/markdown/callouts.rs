//! Obsidian callouts: a quote that starts with `[!type]` becomes a box with a title, foldable
//! with `[!type]-` (closed) or `[!type]+` (open) as `<details>`, and nested as quotes nest.
//! pulldown-cmark reads GitHub's five alert types on a line of their own; every other form
//! (a title, a fold, Obsidian's other types) is read here from the quote's first line.

use std::ops::Range;

use pulldown_cmark::{BlockQuoteKind, CowStr, Event, Tag, TagEnd};

use super::escape;
use crate::i18n::Language;

/// Obsidian's callout types and the aliases of each, in the order of its documentation.
pub const CALLOUT_TYPES: [(&str, &[&str]); 13] = [
    ("note", &[]),
    ("abstract", &["summary", "tldr"]),
    ("info", &[]),
    ("todo", &[]),
    ("tip", &["hint", "important"]),
    ("success", &["check", "done"]),
    ("question", &["help", "faq"]),
    ("warning", &["caution", "attention"]),
    ("failure", &["fail", "missing"]),
    ("danger", &["error"]),
    ("bug", &[]),
    ("example", &[]),
    ("quote", &["cite"]),
];

/// The type a written type stands for; `None` for one Obsidian does not know.
fn canonical(written: &str) -> Option<&'static str> {
    let written = written.to_lowercase();
    CALLOUT_TYPES
        .iter()
        .find(|(name, aliases)| *name == written || aliases.contains(&written.as_str()))
        .map(|(name, _)| *name)
}

/// A symbol per type, so that types differ by more than colour.
fn icon(canonical: Option<&str>) -> &'static str {
    // U+FE0E asks for the text form of symbols that also exist as emoji
    match canonical {
        Some("abstract") => "☰",
        Some("info") => "ℹ\u{fe0e}",
        Some("todo") => "☑\u{fe0e}",
        Some("tip") => "★",
        Some("success") => "✔\u{fe0e}",
        Some("question") => "?",
        Some("warning") => "⚠\u{fe0e}",
        Some("failure") => "✘",
        Some("danger") => "⚡\u{fe0e}",
        Some("bug") => "✱",
        Some("example") => "▤",
        Some("quote") => "❝",
        _ => "✎",
    }
}

/// How a callout folds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Fold {
    None,
    Open,
    Closed,
}

/// The marker at the start of a quote: `[!type]`, `[!type]-` or `[!type]+`, and its length.
fn marker(text: &str) -> Option<(&str, Fold, usize)> {
    let rest = text.strip_prefix("[!")?;
    let close = rest.find(']')?;
    let written = &rest[..close];
    if written.is_empty() || written.contains(char::is_whitespace) {
        return None;
    }
    let after = &rest[close + 1..];
    let fold = match after.chars().next() {
        Some('-') => Fold::Closed,
        Some('+') => Fold::Open,
        _ => Fold::None,
    };
    let length = 2 + close + 1 + usize::from(fold != Fold::None);
    Some((written, fold, length))
}

type Spanned<'a> = (Event<'a>, Range<usize>);

/// The opening of a callout's content, an event of its own so that an empty content can be
/// left out.
const CONTENT_OPEN: &str = "<div class=\"callout-content\">\n";

/// Rewrites every callout among `events` into HTML around its title and content; other quotes
/// stay as they are.
pub(super) fn rewrite(events: Vec<Spanned<'_>>, language: Language) -> Vec<Spanned<'_>> {
    if !events
        .iter()
        .any(|(event, _)| matches!(event, Event::Start(Tag::BlockQuote(_))))
    {
        return events;
    }
    let mut out = Vec::with_capacity(events.len() + 8);
    // per open quote: how it closes (`None`: a plain quote)
    let mut open: Vec<Option<&'static str>> = Vec::new();
    let mut events = events.into_iter().peekable();
    while let Some((event, range)) = events.next() {
        match event {
            Event::Start(Tag::BlockQuote(Some(kind))) => {
                // GitHub's alert: the marker stood alone on its line, no title, no fold
                let callout = Callout::new(gfm_type(kind), Fold::None);
                let closing = callout.open(&mut out, &range, language);
                callout.close_title(&mut out, &range);
                open.push(Some(closing));
            }
            Event::Start(Tag::BlockQuote(None)) => {
                let starts_with_paragraph =
                    matches!(events.peek(), Some((Event::Start(Tag::Paragraph), _)));
                if !starts_with_paragraph {
                    out.push((Event::Start(Tag::BlockQuote(None)), range));
                    open.push(None);
                    continue;
                }
                let paragraph = events.next();
                match paragraph_marker(&mut events) {
                    Ok(callout) => {
                        let closing = callout.open(&mut out, &range, language);
                        callout.title_and_rest(&mut events, &mut out, &range);
                        open.push(Some(closing));
                    }
                    Err(texts) => {
                        out.push((Event::Start(Tag::BlockQuote(None)), range));
                        out.extend(paragraph);
                        out.extend(texts);
                        open.push(None);
                    }
                }
            }
            Event::End(TagEnd::BlockQuote(kind)) => match open.pop().flatten() {
                Some(closing) => close_content(&mut out, closing, range),
                None => out.push((Event::End(TagEnd::BlockQuote(kind)), range)),
            },
            other => out.push((other, range)),
        }
    }
    out
}

/// Ends a callout: its content (left out when empty), then the box.
fn close_content(out: &mut Vec<Spanned<'_>>, closing: &'static str, range: Range<usize>) {
    let empty = matches!(out.last(), Some((Event::Html(html), _)) if html.as_ref() == CONTENT_OPEN);
    let html = if empty {
        out.pop();
        closing.to_owned()
    } else {
        format!("</div>\n{closing}")
    };
    out.push((Event::Html(CowStr::from(html)), range));
}

/// The type pulldown-cmark read from a GitHub alert.
fn gfm_type(kind: BlockQuoteKind) -> &'static str {
    match kind {
        BlockQuoteKind::Note => "note",
        BlockQuoteKind::Tip => "tip",
        BlockQuoteKind::Important => "important",
        BlockQuoteKind::Warning => "warning",
        BlockQuoteKind::Caution => "caution",
    }
}

/// A callout as its first line gives it.
struct Callout<'a> {
    written: String,
    fold: Fold,
    /// The text after the marker on its line.
    title: Option<Spanned<'a>>,
    /// More of the title follows that text (a link, emphasis …).
    title_goes_on: bool,
}

impl<'a> Callout<'a> {
    fn new(written: &str, fold: Fold) -> Self {
        Callout {
            written: written.to_owned(),
            fold,
            title: None,
            title_goes_on: false,
        }
    }

    fn title_element(&self) -> &'static str {
        match self.fold {
            Fold::None => "p",
            Fold::Open | Fold::Closed => "summary",
        }
    }

    /// Writes the callout's opening and its title's beginning. Returns the callout's closing tag.
    fn open(
        &self,
        out: &mut Vec<Spanned<'a>>,
        range: &Range<usize>,
        language: Language,
    ) -> &'static str {
        let canonical = canonical(&self.written);
        let class = canonical.unwrap_or("note");
        let (element, closing) = match self.fold {
            Fold::None => ("div", "</div>\n"),
            Fold::Open | Fold::Closed => ("details", "</details>\n"),
        };
        let open_attribute = if self.fold == Fold::Open { " open" } else { "" };
        let name = language.callout_title(canonical.unwrap_or(""), &self.written);
        let mut html = format!(
            "<{element} class=\"callout callout-{class}\" data-callout=\"{}\"{open_attribute}>\n<{} class=\"callout-title\"><span class=\"callout-icon\" aria-hidden=\"true\">{}</span> ",
            escape(&self.written.to_lowercase()),
            self.title_element(),
            icon(canonical)
        );
        let has_title = self.title_goes_on
            || matches!(&self.title, Some((Event::Text(text), _)) if !text.trim().is_empty());
        if has_title {
            // the type in words for those who do not see the symbol
            html.push_str(&format!(
                "<span class=\"visually-hidden\">{}: </span>",
                escape(&name)
            ));
        } else {
            html.push_str(&escape(&name));
        }
        out.push((Event::Html(CowStr::from(html)), range.clone()));
        closing
    }

    /// Ends the title and opens the content.
    fn close_title(&self, out: &mut Vec<Spanned<'a>>, range: &Range<usize>) {
        out.push((
            Event::Html(CowStr::from(format!("</{}>\n", self.title_element()))),
            range.clone(),
        ));
        out.push((Event::Html(CowStr::from(CONTENT_OPEN)), range.clone()));
    }

    /// The rest of the title's line, the end of the title; then the quote's first paragraph
    /// goes on after that line, as the content's first paragraph, if it does.
    fn title_and_rest<I: Iterator<Item = Spanned<'a>>>(
        mut self,
        events: &mut std::iter::Peekable<I>,
        out: &mut Vec<Spanned<'a>>,
        range: &Range<usize>,
    ) {
        if let Some((Event::Text(text), span)) = self.title.take() {
            let text = text.trim_start();
            if !text.is_empty() {
                out.push((Event::Text(CowStr::from(text.to_owned())), span));
            }
        }
        let mut paragraph_goes_on = false;
        for (event, span) in events.by_ref() {
            match event {
                Event::End(TagEnd::Paragraph) => break,
                Event::SoftBreak | Event::HardBreak => {
                    paragraph_goes_on = true;
                    break;
                }
                other => out.push((other, span)),
            }
        }
        self.close_title(out, range);
        if paragraph_goes_on {
            out.push((Event::Start(Tag::Paragraph), range.clone()));
        }
    }
}

/// After `[!type]` in a quote's first paragraph: the callout, with the text that followed the
/// marker on its line as the start of its title. When the paragraph starts otherwise, its
/// leading texts, to be put back as they were.
fn paragraph_marker<'a, I: Iterator<Item = Spanned<'a>>>(
    events: &mut std::iter::Peekable<I>,
) -> Result<Callout<'a>, Vec<Spanned<'a>>> {
    // pulldown-cmark may split `[!tip]` into several texts at the brackets
    let mut texts: Vec<Spanned<'a>> = Vec::new();
    while let Some((Event::Text(_), _)) = events.peek() {
        texts.extend(events.next());
    }
    let joined: String = texts
        .iter()
        .map(|(event, _)| match event {
            Event::Text(text) => text.as_ref(),
            _ => "",
        })
        .collect();
    let Some((written, fold, length)) = marker(&joined) else {
        return Err(texts);
    };
    let span = texts
        .first()
        .map(|(_, span)| span.clone())
        .unwrap_or_default();
    let mut callout = Callout::new(written, fold);
    callout.title = Some((Event::Text(CowStr::from(joined[length..].to_owned())), span));
    callout.title_goes_on = !matches!(
        events.peek(),
        None | Some((
            Event::End(TagEnd::Paragraph) | Event::SoftBreak | Event::HardBreak,
            _
        ))
    );
    Ok(callout)
}
