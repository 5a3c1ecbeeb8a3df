//! Obsidian highlights `==text==` → `<mark>text</mark>`. A pair lies within one paragraph,
//! heading, list item or table cell; the opening `==` is followed by a non-space, the closing
//! one preceded by one (so `a == b` stays as written), and a `==` without its pair stays text.
//! Code spans and code blocks are never read.

use std::ops::Range;

use pulldown_cmark::{CowStr, Event, Tag, TagEnd};

const MARK: &str = "==";

type Spanned<'a> = (Event<'a>, Range<usize>);

/// A `==` in a text event: which event, where in its text, and what it may do.
#[derive(Debug, Clone, Copy)]
struct Candidate {
    event: usize,
    at: usize,
    opens: bool,
    closes: bool,
}

/// Turns every pair of `==` among `events` into `<mark>` and `</mark>`.
pub(super) fn rewrite(events: Vec<Spanned<'_>>) -> Vec<Spanned<'_>> {
    let has_mark = events
        .iter()
        .any(|(event, _)| matches!(event, Event::Text(text) if text.contains(MARK)));
    if !has_mark {
        return events;
    }
    // (event index, byte in its text): where a `<mark>` (true) or `</mark>` (false) goes
    let mut marks: Vec<(usize, usize, bool)> = Vec::new();
    let mut opener: Option<Candidate> = None;
    let mut in_code_block = false;
    for (index, (event, _)) in events.iter().enumerate() {
        match event {
            Event::Start(Tag::CodeBlock(_)) => in_code_block = true,
            Event::End(TagEnd::CodeBlock) => in_code_block = false,
            Event::Text(text) if !in_code_block => {
                for candidate in candidates(index, text) {
                    match opener {
                        Some(open) if candidate.closes => {
                            marks.push((open.event, open.at, true));
                            marks.push((candidate.event, candidate.at, false));
                            opener = None;
                        }
                        _ if candidate.opens => opener = Some(candidate),
                        _ => {}
                    }
                }
            }
            // a block starts or ends: an unpaired `==` stays text
            Event::Start(tag) if is_block(tag) => opener = None,
            Event::End(tag) if is_block_end(tag) => opener = None,
            _ => {}
        }
    }
    if marks.is_empty() {
        return events;
    }
    apply(events, &marks)
}

/// The `==` in one text, with whether each may open or close (`===` does neither).
fn candidates(event: usize, text: &str) -> Vec<Candidate> {
    let mut found = Vec::new();
    let mut from = 0;
    while let Some(position) = text[from..].find(MARK) {
        let at = from + position;
        let before = text[..at].chars().next_back();
        let after = text[at + MARK.len()..].chars().next();
        from = at + MARK.len();
        if before == Some('=') || after == Some('=') {
            // `===`: skip the whole run
            from = at
                + text[at..]
                    .find(|c: char| c != '=')
                    .unwrap_or(text.len() - at);
            continue;
        }
        found.push(Candidate {
            event,
            at,
            // at a text's end markup follows (`==**bold**==`): no space
            opens: after.is_none_or(|c| !c.is_whitespace()),
            closes: before.is_none_or(|c| !c.is_whitespace()),
        });
    }
    found
}

fn is_block(tag: &Tag) -> bool {
    matches!(
        tag,
        Tag::Paragraph
            | Tag::Heading { .. }
            | Tag::Item
            | Tag::TableCell
            | Tag::BlockQuote(_)
            | Tag::List(_)
            | Tag::FootnoteDefinition(_)
            | Tag::CodeBlock(_)
    )
}

fn is_block_end(tag: &TagEnd) -> bool {
    matches!(
        tag,
        TagEnd::Paragraph
            | TagEnd::Heading(_)
            | TagEnd::Item
            | TagEnd::TableCell
            | TagEnd::BlockQuote(_)
            | TagEnd::List(_)
            | TagEnd::FootnoteDefinition
            | TagEnd::CodeBlock
    )
}

/// Splits the texts at the marks and puts the tags between the pieces.
fn apply<'a>(events: Vec<Spanned<'a>>, marks: &[(usize, usize, bool)]) -> Vec<Spanned<'a>> {
    let mut out = Vec::with_capacity(events.len() + marks.len() * 2);
    let mut marks = marks.iter().peekable();
    for (index, (event, range)) in events.into_iter().enumerate() {
        if marks.peek().is_none_or(|(event, _, _)| *event != index) {
            out.push((event, range));
            continue;
        }
        let Event::Text(text) = event else {
            out.push((event, range));
            continue;
        };
        let mut from = 0;
        while let Some(&&(_, at, opens)) = marks.peek().filter(|(event, _, _)| *event == index) {
            marks.next();
            if at > from {
                out.push((
                    Event::Text(CowStr::from(text[from..at].to_owned())),
                    range.clone(),
                ));
            }
            let tag = if opens { "<mark>" } else { "</mark>" };
            out.push((Event::InlineHtml(CowStr::from(tag)), range.clone()));
            from = at + MARK.len();
        }
        if from < text.len() {
            out.push((Event::Text(CowStr::from(text[from..].to_owned())), range));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn equals_runs_and_spaced_pairs_are_no_marks() {
        assert!(candidates(0, "a === b").is_empty());
        let spaced = candidates(0, "a == b");
        assert!(!spaced[0].opens && !spaced[0].closes);
        let pair = candidates(0, "a ==x== b");
        assert!(pair[0].opens && !pair[0].closes);
        assert!(!pair[1].opens && pair[1].closes);
    }
}
