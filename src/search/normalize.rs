//! Text as Pagefind shows it: HTML entities decoded, white space collapsed and trimmed.

/// HTML entities decoded, whitespace collapsed and trimmed, as Pagefind shows text. Pagefind
/// does it with three regular expressions (white space trimmed; each run of `\n` and `\r\n`
/// made one space; then each run of two or more white-space characters), done here in one
/// pass over the runs of white space (the same `White_Space` as the expressions' `\s`).
pub fn normalize_content(content: &str) -> String {
    let content = html_escape::decode_html_entities(content);
    let text = content.trim_matches(char::is_whitespace);
    let bytes = text.as_bytes();
    let mut normalized = String::with_capacity(text.len());
    let (mut copied, mut at) = (0, 0);
    while let Some(offset) = bytes[at..].iter().position(|&b| may_start_white_space(b)) {
        let start = at + offset;
        let mut end = start;
        loop {
            match white_space_at(text, end) {
                0 => break,
                width => end += width,
            }
        }
        // one white-space character but a newline stays as it is
        let unchanged = text[start..end].chars().nth(1).is_none() && bytes[start] != b'\n';
        if end > start && !unchanged {
            normalized.push_str(&text[copied..start]);
            normalized.push(collapsed_white_space(&text[start..end]));
            copied = end;
        }
        at = end.max(start + 1);
    }
    normalized.push_str(&text[copied..]);
    normalized
}

/// The first byte of a white-space character, or of some other characters.
fn may_start_white_space(b: u8) -> bool {
    matches!(b, b'\t'..=b'\r' | b' ' | 0xC2 | 0xE1 | 0xE2 | 0xE3)
}

/// The length of the white-space character starting at byte `at` of `text`; 0 when none does
/// (past the end, or inside a character). Every white-space character beyond ASCII starts
/// with one of four bytes.
#[inline]
fn white_space_at(text: &str, at: usize) -> usize {
    match text.as_bytes().get(at) {
        Some(b'\t' | b'\n' | b'\x0B' | b'\x0C' | b'\r' | b' ') => 1,
        Some(0xC2 | 0xE1 | 0xE2 | 0xE3) => (text.get(at..))
            .and_then(|rest| rest.chars().next())
            .filter(|c| c.is_whitespace())
            .map_or(0, char::len_utf8),
        _ => 0,
    }
}

/// What a run of white space becomes: itself when it is one character (or one run of
/// newlines, which is a space), else a space.
fn collapsed_white_space(run: &str) -> char {
    let mut count = 0;
    let mut single = ' ';
    let mut in_newlines = false;
    let mut chars = run.chars().peekable();
    while let Some(c) = chars.next() {
        let newline = c == '\n' || (c == '\r' && chars.peek() == Some(&'\n'));
        if newline {
            if c == '\r' {
                chars.next();
            }
            if !in_newlines {
                count += 1;
                single = ' ';
            }
        } else {
            count += 1;
            single = c;
        }
        in_newlines = newline;
    }
    if count >= 2 { ' ' } else { single }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use regex::Regex;

    /// Pagefind's own normalization, with its regular expressions.
    fn normalize_as_pagefind(content: &str) -> String {
        let regex = |pattern: &str| Regex::new(pattern).expect("a valid regular expression");
        let content = html_escape::decode_html_entities(content);
        let content = regex("^[\n\r\\s]+|[\n\r\\s]+$").replace_all(&content, "");
        let content = regex("(\n|\r\n)+").replace_all(&content, " ");
        regex("\\s{2,}").replace_all(&content, " ").into_owned()
    }

    #[test]
    fn white_space_is_what_the_regular_expressions_call_white_space() {
        let white_space = Regex::new("^\\s$").expect("a valid regular expression");
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            let text = c.to_string();
            assert_eq!(white_space.is_match(&text), c.is_whitespace(), "{c:?}");
            let width = if c.is_whitespace() { c.len_utf8() } else { 0 };
            assert_eq!(white_space_at(&text, 0), width, "{c:?}");
        }
    }

    #[test]
    fn normalizing_collapses_white_space_as_pagefind_does() {
        for (content, normalized) in [
            ("  a  b ", "a b"),
            ("a\nb", "a b"),
            ("a\r\n\r\nb", "a b"),
            ("a\rb", "a\rb"),
            ("a\r\rb", "a b"),
            ("a\tb", "a\tb"),
            ("a\u{a0}b", "a\u{a0}b"),
            ("a&nbsp; b&amp;c", "a b&c"),
            ("\n\n", ""),
        ] {
            assert_eq!(normalize_content(content), normalized, "{content:?}");
            assert_eq!(normalize_as_pagefind(content), normalized, "{content:?}");
        }
    }

    proptest! {
        #[test]
        fn normalizing_gives_what_pagefinds_regular_expressions_give(
            content in "[ a\\n\\r\\t\u{b}\u{85}\u{a0}\u{2003}&;nbsp#x]{0,24}"
        ) {
            prop_assert_eq!(normalize_content(&content), normalize_as_pagefind(&content));
        }
    }
}
