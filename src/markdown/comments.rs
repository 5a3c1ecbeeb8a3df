//! Obsidian comments `%%…%%`: taken out of a body before anything reads it, so that what an
//! author keeps to the editor (drafts, private remarks, sources not to be named) never reaches
//! a page, a summary, the search index, an export or the link check.
//!
//! A comment may stay on one line or run over several; one left open runs to the end of the
//! text, as in Obsidian (hiding too much is safe, showing too much is not). `%%` inside a code
//! span or a code block is literal. Which spans are code is read from a parse of the text;
//! since a comment can hide a fence that changed that parse, the text is stripped again until
//! no comment is left.

use std::borrow::Cow;
use std::ops::Range;

use pulldown_cmark::{Event, Parser, Tag, TagEnd};

const MARK: &str = "%%";

/// A body without its comments, and where its bytes were in the text as written.
#[derive(Debug)]
pub struct Uncommented<'a> {
    pub text: Cow<'a, str>,
    /// One list per pass, in order: the cuts that pass made in the previous pass's text.
    passes: Vec<Vec<Cut>>,
}

/// Text was removed just before `at` (an offset in the text after the cut); `removed` is the
/// number of bytes removed there and before.
#[derive(Debug, Clone, Copy)]
struct Cut {
    at: usize,
    removed: usize,
}

impl Uncommented<'_> {
    /// The offset in the text as written of a byte offset in [`Uncommented::text`], so that
    /// diagnostics point at the right line and column.
    pub fn original_offset(&self, offset: usize) -> usize {
        self.passes.iter().rev().fold(offset, |offset, cuts| {
            let before = cuts.partition_point(|cut| cut.at <= offset);
            match before {
                0 => offset,
                n => offset + cuts[n - 1].removed,
            }
        })
    }
}

/// The text without its comments; borrowed as it is when it has none.
pub fn strip(text: &str) -> Uncommented<'_> {
    let mut uncommented = Uncommented {
        text: Cow::Borrowed(text),
        passes: Vec::new(),
    };
    while uncommented.text.contains(MARK) {
        let (text, cuts) = strip_once(&uncommented.text);
        if cuts.is_empty() {
            break;
        }
        uncommented.text = Cow::Owned(text);
        uncommented.passes.push(cuts);
    }
    uncommented
}

/// One pass: every comment that starts outside code, removed.
fn strip_once(text: &str) -> (String, Vec<Cut>) {
    let code = code_ranges(text);
    let mut kept = String::with_capacity(text.len());
    let mut cuts = Vec::new();
    let mut removed = 0;
    let mut from = 0;
    let mut search = 0;
    while let Some(found) = text[search..].find(MARK) {
        let open = search + found;
        if let Some(span) = code.iter().find(|span| span.contains(&open)) {
            search = span.end;
            continue;
        }
        // inside a comment everything is comment, code included, up to the next `%%`
        let close = text[open + MARK.len()..]
            .find(MARK)
            .map_or(text.len(), |at| open + MARK.len() + at + MARK.len());
        kept.push_str(&text[from..open]);
        removed += close - open;
        cuts.push(Cut {
            at: kept.len(),
            removed,
        });
        from = close;
        search = close;
    }
    kept.push_str(&text[from..]);
    (kept, cuts)
}

/// The byte ranges of code spans and code blocks, in order.
fn code_ranges(text: &str) -> Vec<Range<usize>> {
    let mut ranges: Vec<Range<usize>> = Vec::new();
    let mut block: Option<usize> = None;
    for (event, range) in Parser::new_ext(text, super::parser_options()).into_offset_iter() {
        match event {
            Event::Start(Tag::CodeBlock(_)) => block = Some(range.start),
            Event::End(TagEnd::CodeBlock) => {
                if let Some(start) = block.take() {
                    ranges.push(start..range.end);
                }
            }
            Event::Code(_) if block.is_none() => ranges.push(range),
            _ => {}
        }
    }
    ranges
}

#[cfg(test)]
mod tests {
    use super::*;

    fn uncommented(text: &str) -> String {
        strip(text).text.into_owned()
    }

    #[test]
    fn inline_comments_are_removed() {
        assert_eq!(uncommented("Public %%private%% text."), "Public  text.");
        assert_eq!(uncommented("a %%x%% b %%y%% c"), "a  b  c");
    }

    #[test]
    fn comments_across_lines_are_removed() {
        assert_eq!(
            uncommented("Before.\n\n%%\nDraft line\n\nmore draft\n%%\n\nAfter."),
            "Before.\n\n\n\nAfter."
        );
    }

    #[test]
    fn an_unclosed_comment_runs_to_the_end() {
        assert_eq!(uncommented("Shown. %% hidden\n\nstill hidden"), "Shown. ");
    }

    #[test]
    fn comments_in_code_stay_literal() {
        let text = "Use `%%x%%` here.\n\n```\n%% kept %%\n```\n\n    %% indented %%\n";
        assert_eq!(uncommented(text), text);
    }

    #[test]
    fn a_fence_inside_a_comment_does_not_protect_what_follows() {
        let text = "%%\n```\n%%\n\nPublic %%secret%% end.\n";
        assert_eq!(uncommented(text), "\n\nPublic  end.\n");
    }

    #[test]
    fn code_inside_a_comment_is_comment() {
        assert_eq!(uncommented("a %% `code %%` b"), "a ` b");
        assert_eq!(uncommented("a %%\n```\nx\n```\n%% b"), "a  b");
    }

    #[test]
    fn offsets_map_back_to_the_text_as_written() {
        let text = "ab %%12%% cd %%\nxyz\n%% ef";
        let stripped = strip(text);
        assert_eq!(stripped.text, "ab  cd  ef");
        for (index, byte) in stripped.text.bytes().enumerate() {
            let original = stripped.original_offset(index);
            assert_eq!(text.as_bytes()[original], byte, "offset {index}");
        }
    }

    #[test]
    fn text_without_comments_is_borrowed() {
        let stripped = strip("50 % and 20 %");
        assert!(matches!(stripped.text, Cow::Borrowed(_)));
        assert_eq!(stripped.original_offset(5), 5);
    }
}
