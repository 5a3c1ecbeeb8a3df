//! Obsidian block ids `^id`: written at the end of a paragraph, a list item or a quote (or on
//! a line of its own after a table, a list, a quote or a code block), hidden from the reader
//! and put on that block as its `id`, so that `[[note#^id]]` links to it and `![[note#^id]]`
//! embeds it.

use std::ops::Range;

use pulldown_cmark::{CowStr, Event, Tag, TagEnd};

type Spanned<'a> = (Event<'a>, Range<usize>);

/// How a block carries its id.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Carrier {
    /// Its own start tag gets the id (`<p id="^x">`, `<li …>`, `<blockquote …>`).
    StartTag,
    /// A `<div id="^x">` around it (tables, lists, code blocks).
    Wrapper,
}

/// A block with an id: the events from `start` to `end` (both included).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct BlockAnchor {
    pub id: String,
    pub start: usize,
    pub end: usize,
    pub carrier: Carrier,
}

/// Takes the `^id` markers out of `events` and says which blocks they name. A second block
/// with an id already taken keeps no anchor (ids are unique on a page).
pub(super) fn find(events: Vec<Spanned<'_>>) -> (Vec<Spanned<'_>>, Vec<BlockAnchor>) {
    let has_caret = events
        .iter()
        .any(|(event, _)| matches!(event, Event::Text(text) if text.contains('^')));
    if !has_caret {
        return (events, Vec::new());
    }
    let (mut events, mut anchors) = lone_ids(events);
    let mut index = 0;
    while index < events.len() {
        if let Some(anchor) = trailing_id(&mut events, index) {
            anchors.push(anchor);
        }
        index += 1;
    }
    let mut seen = std::collections::BTreeSet::new();
    anchors.retain(|anchor| seen.insert(anchor.id.to_lowercase()));
    anchors.sort_by_key(|anchor| anchor.start);
    (events, anchors)
}

/// `^id` alone: a valid id after a caret.
fn id_of(text: &str) -> Option<&str> {
    let id = text.strip_prefix('^')?;
    let valid = !id.is_empty() && id.chars().all(|c| c.is_ascii_alphanumeric() || c == '-');
    valid.then_some(id)
}

/// Paragraphs that hold only `^id`, after a table, list, quote or code block: taken out, the
/// id given to that block.
fn lone_ids(events: Vec<Spanned<'_>>) -> (Vec<Spanned<'_>>, Vec<BlockAnchor>) {
    let mut out: Vec<Spanned> = Vec::with_capacity(events.len());
    let mut anchors = Vec::new();
    let mut index = 0;
    while index < events.len() {
        let lone = match &events[index..] {
            [
                (Event::Start(Tag::Paragraph), _),
                (Event::Text(text), _),
                (Event::End(TagEnd::Paragraph), _),
                ..,
            ] => id_of(text.trim()).map(str::to_owned),
            _ => None,
        };
        let before = match out.last() {
            Some((Event::End(end), _)) if wraps(end) => Some(out.len() - 1),
            _ => None,
        };
        if let (Some(id), Some(end)) = (lone, before)
            && let Some(start) = enclosing_start(&out, end)
        {
            anchors.push(BlockAnchor {
                id,
                start,
                end,
                carrier: Carrier::Wrapper,
            });
            index += 3;
            continue;
        }
        out.push(events[index].clone());
        index += 1;
    }
    (out, anchors)
}

/// Blocks an id on the next line belongs to.
fn wraps(end: &TagEnd) -> bool {
    matches!(
        end,
        TagEnd::Table | TagEnd::List(_) | TagEnd::BlockQuote(_) | TagEnd::CodeBlock
    )
}

/// `text ^id` at the end of a paragraph or a list item (or of a line of its own there): the
/// id is taken out of the text and given to the block it ends.
fn trailing_id(events: &mut Vec<Spanned<'_>>, index: usize) -> Option<BlockAnchor> {
    let Event::Text(text) = &events[index].0 else {
        return None;
    };
    let ends_block = matches!(
        events.get(index + 1),
        Some((
            Event::End(TagEnd::Paragraph | TagEnd::Item) | Event::Start(Tag::List(_)),
            _
        ))
    );
    if !ends_block {
        return None;
    }
    let trimmed = text.trim_end();
    let caret = trimmed.rfind('^')?;
    let id = id_of(&trimmed[caret..])?.to_owned();
    let before = trimmed[..caret].chars().next_back();
    let on_own_line = caret == 0 && index > 0 && matches!(events[index - 1].0, Event::SoftBreak);
    if !(before.is_some_and(char::is_whitespace) || on_own_line) {
        return None;
    }
    let kept = trimmed[..caret].trim_end().to_owned();
    events[index].0 = Event::Text(CowStr::from(kept));
    if on_own_line {
        events[index - 1].0 = Event::Text(CowStr::from(""));
    }
    let (start, carrier) = owner(events, index)?;
    let end = matching_end(events, start)?;
    Some(BlockAnchor {
        id,
        start,
        end,
        carrier,
    })
}

/// The block whose text ends at `index`: the list item it is in, the quote it closes, or its
/// paragraph.
fn owner(events: &[Spanned<'_>], index: usize) -> Option<(usize, Carrier)> {
    let parent = enclosing_start(events, index)?;
    match &events[parent].0 {
        Event::Start(Tag::Item) => Some((parent, Carrier::StartTag)),
        Event::Start(Tag::Paragraph) => {
            let paragraph_end = matching_end(events, parent)?;
            match enclosing_start(events, parent).map(|up| (up, &events[up].0)) {
                Some((item, Event::Start(Tag::Item))) if item + 1 == parent => {
                    Some((item, Carrier::StartTag))
                }
                Some((quote, Event::Start(Tag::BlockQuote(None))))
                    if matches!(
                        events.get(paragraph_end + 1),
                        Some((Event::End(TagEnd::BlockQuote(_)), _))
                    ) =>
                {
                    Some((quote, Carrier::StartTag))
                }
                _ => Some((parent, Carrier::StartTag)),
            }
        }
        _ => None,
    }
}

/// The start of the innermost tag still open at `index` (for an end, the start it closes).
fn enclosing_start(events: &[Spanned<'_>], index: usize) -> Option<usize> {
    let mut depth = 0usize;
    for position in (0..index).rev() {
        match &events[position].0 {
            Event::End(_) => depth += 1,
            Event::Start(_) if depth == 0 => return Some(position),
            Event::Start(_) => depth -= 1,
            _ => {}
        }
    }
    None
}

/// The end that closes the start at `start`.
fn matching_end(events: &[Spanned<'_>], start: usize) -> Option<usize> {
    let mut depth = 0usize;
    for (position, (event, _)) in events.iter().enumerate().skip(start + 1) {
        match event {
            Event::Start(_) => depth += 1,
            Event::End(_) if depth == 0 => return Some(position),
            Event::End(_) => depth -= 1,
            _ => {}
        }
    }
    None
}
