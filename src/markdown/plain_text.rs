//! The plain text of a body, gathered as it is compiled: for descriptions, feeds and search.

use super::{PLAIN_BEGINNING_CHARS, PLAIN_BEGINNING_WORDS};

/// Collects the plain text as the body is compiled: whitespace collapsed to single spaces,
/// none at either end.
#[derive(Default)]
pub(super) struct PlainText {
    pub(super) text: String,
    /// Whitespace was seen since the last word.
    space: bool,
    words: usize,
    chars: usize,
    beginning_only: bool,
}

impl PlainText {
    /// Empty; with `beginning_only`, it stops taking text once it has its beginning.
    pub(super) fn new(beginning_only: bool) -> Self {
        PlainText {
            beginning_only,
            ..PlainText::default()
        }
    }

    pub(super) fn push(&mut self, text: &str) {
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
