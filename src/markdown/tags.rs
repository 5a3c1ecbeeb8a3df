//! Inline tags `#tag` and `#nested/tag`, by Obsidian's rules: a `#` at the start of a text or
//! after a space, then letters, digits, `_`, `-` and `/`, at least one of them not a digit
//! (`#123` is no tag). The compiler calls this only for text outside code and links (a
//! heading's text included; its `#` markers are no text at all), so `https://x.org/#frag` and
//! `` `#x` `` stay.

/// A piece of a text: words as they are, or a tag (its name without `#`).
#[derive(Debug, PartialEq, Eq)]
pub(super) enum Piece<'t> {
    Text(&'t str),
    Tag(&'t str),
}

fn is_tag_char(c: char) -> bool {
    c.is_alphanumeric() || matches!(c, '_' | '-' | '/')
}

/// Splits a text at its tags. `after_space`: the text follows a space or a line's start.
pub(super) fn split(text: &str, after_space: bool) -> Vec<Piece<'_>> {
    let mut pieces = Vec::new();
    let mut from = 0;
    let mut search = 0;
    while let Some(found) = text[search..].find('#') {
        let hash = search + found;
        search = hash + 1;
        let boundary = match text[..hash].chars().next_back() {
            Some(before) => before.is_whitespace(),
            None => after_space,
        };
        if !boundary {
            continue;
        }
        let rest = &text[hash + 1..];
        let length = rest.find(|c| !is_tag_char(c)).unwrap_or(rest.len());
        let name = rest[..length].trim_end_matches('/');
        if name.is_empty() || name.chars().all(|c| c.is_ascii_digit()) {
            continue;
        }
        if hash > from {
            pieces.push(Piece::Text(&text[from..hash]));
        }
        pieces.push(Piece::Tag(name));
        from = hash + 1 + name.len();
        search = from;
    }
    if from < text.len() {
        pieces.push(Piece::Text(&text[from..]));
    }
    pieces
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_after_spaces_are_found() {
        assert_eq!(
            split("Siehe #energie und #politik/sanktionen.", true),
            vec![
                Piece::Text("Siehe "),
                Piece::Tag("energie"),
                Piece::Text(" und "),
                Piece::Tag("politik/sanktionen"),
                Piece::Text("."),
            ]
        );
        assert_eq!(split("#start", true), vec![Piece::Tag("start")]);
    }

    #[test]
    fn numbers_anchors_and_words_with_hash_are_no_tags() {
        assert_eq!(split("Issue #123", true), vec![Piece::Text("Issue #123")]);
        assert_eq!(split("C# and a#b", true), vec![Piece::Text("C# and a#b")]);
        assert_eq!(split("# alone", true), vec![Piece::Text("# alone")]);
        assert_eq!(split("#x", false), vec![Piece::Text("#x")]);
        assert_eq!(
            split("#2024-wahl", true),
            vec![Piece::Tag("2024-wahl")],
            "digits with a letter or dash make a tag"
        );
    }
}
