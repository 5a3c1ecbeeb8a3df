//! The one door to YAML: every YAML parse goes through here, with errors that carry a line.

use std::fmt;

use serde::Deserialize;
use serde::de::{self, DeserializeOwned, Deserializer, SeqAccess, Visitor};

/// A YAML error at a place in the parsed text (1-based; 0 when unknown).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct YamlError {
    pub message: String,
    pub line: usize,
    pub column: usize,
}

impl From<yaml_serde::Error> for YamlError {
    fn from(error: yaml_serde::Error) -> Self {
        let (line, column) = error.location().map_or((0, 0), |l| (l.line(), l.column()));
        let message = error.to_string();
        // the location is reported separately; drop it from the message
        let message = match message.find(" at line ") {
            Some(index) => message[..index].to_owned(),
            None => message,
        };
        YamlError {
            message: without_item_index(&message).to_owned(),
            line,
            column,
        }
    }
}

/// `.[0].date: …` → `date: …`, `.[0]: missing field …` → `missing field …`: the error's line
/// already points into the list item, and its index only confuses.
fn without_item_index(message: &str) -> &str {
    let Some((index, rest)) = message
        .strip_prefix(".[")
        .and_then(|rest| rest.split_once(']'))
    else {
        return message;
    };
    if index.is_empty() || !index.bytes().all(|b| b.is_ascii_digit()) {
        return message;
    }
    rest.strip_prefix('.')
        .or_else(|| rest.strip_prefix(": "))
        .unwrap_or(message)
}

/// Parses YAML text into a typed value.
pub fn from_str<T: DeserializeOwned>(text: &str) -> Result<T, YamlError> {
    Ok(yaml_serde::from_str(text)?)
}

/// The shape of a YAML document, for checking keys before typed parsing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Shape {
    Empty,
    /// A mapping with these keys, in order.
    Mapping(Vec<String>),
    /// A list; each item's keys when it is a mapping, else `None`.
    List(Vec<Option<Vec<String>>>),
    Scalar,
}

/// A YAML text parsed once: its shape can be checked, then it is read as a typed value
/// without parsing the text again.
pub struct Parsed<'t> {
    text: &'t str,
    value: yaml_serde::Value,
}

/// Parses a YAML text, keeping it for [`Parsed::typed`].
pub fn parse(text: &str) -> Result<Parsed<'_>, YamlError> {
    Ok(Parsed {
        text,
        value: yaml_serde::from_str(text)?,
    })
}

impl Parsed<'_> {
    /// The top-level keys (or list items' keys).
    pub fn shape(&self) -> Shape {
        match &self.value {
            yaml_serde::Value::Null => Shape::Empty,
            yaml_serde::Value::Mapping(map) => Shape::Mapping(keys_of(map)),
            yaml_serde::Value::Sequence(items) => Shape::List(
                items
                    .iter()
                    .map(|item| match item {
                        yaml_serde::Value::Mapping(map) => Some(keys_of(map)),
                        _ => None,
                    })
                    .collect(),
            ),
            _ => Shape::Scalar,
        }
    }

    /// The typed reading. A parsed value knows no lines, so on a type error the text is read
    /// again, straight into `T`, for an error that says where.
    pub fn typed<T: DeserializeOwned>(self) -> Result<T, YamlError> {
        match yaml_serde::from_value(self.value) {
            Ok(typed) => Ok(typed),
            Err(_) => from_str(self.text),
        }
    }
}

/// The top-level keys (or list items' keys) of a YAML text.
pub fn shape(text: &str) -> Result<Shape, YamlError> {
    Ok(parse(text)?.shape())
}

fn keys_of(map: &yaml_serde::Mapping) -> Vec<String> {
    map.keys()
        .map(|key| match key {
            yaml_serde::Value::String(s) => s.clone(),
            other => yaml_serde::to_string(other)
                .unwrap_or_default()
                .trim()
                .to_owned(),
        })
        .collect()
}

/// The 1-based lines where the items of a top-level YAML list begin (`- ` at the list's indent).
pub fn list_item_lines(text: &str) -> Vec<usize> {
    let mut indent = None;
    let mut lines = Vec::new();
    for (index, line) in text.lines().enumerate() {
        let trimmed = line.trim_start();
        let this_indent = line.len() - trimmed.len();
        if trimmed.starts_with('#') || trimmed.is_empty() {
            continue;
        }
        let is_item = trimmed == "-" || trimmed.starts_with("- ");
        if is_item && indent.is_none_or(|i| i == this_indent) {
            indent = Some(this_indent);
            lines.push(index + 1);
        }
    }
    lines
}

/// The line (1-based, within `text`) where `value` is written under `key`, else where `key`
/// is, else `None`. Good enough to point an author at `actors: [tokajev]` or a list item.
pub fn locate(text: &str, key: &str, value: Option<&str>) -> Option<usize> {
    let lines: Vec<&str> = text.lines().collect();
    let key_line = lines.iter().position(|line| {
        let trimmed = line.trim_start().trim_start_matches("- ");
        trimmed
            .strip_prefix(key)
            .is_some_and(|rest| rest.trim_start().starts_with(':'))
    })?;
    let Some(value) = value else {
        return Some(key_line + 1);
    };
    let key_indent = indent_of(lines[key_line]);
    for (index, line) in lines.iter().enumerate().skip(key_line) {
        if index > key_line
            && !line.trim().is_empty()
            && indent_of(line) <= key_indent
            && !line.trim_start().starts_with('-')
        {
            break;
        }
        if line.contains(value) {
            return Some(index + 1);
        }
    }
    Some(key_line + 1)
}

/// The entries of a map at the margin, each with the lines below it (indented, or list items at
/// the margin): `title: A\naliases:\n- B\n` → `title: A\n`, `aliases:\n- B\n`. For reading
/// what can be read of a map that fails as a whole, entry by entry.
pub fn top_level_entries(text: &str) -> Vec<&str> {
    top_level_entries_at(text)
        .into_iter()
        .map(|(_, entry)| entry)
        .collect()
}

/// [`top_level_entries`], each with the line it starts on (1-based).
pub fn top_level_entries_at(text: &str) -> Vec<(usize, &str)> {
    let mut starts = Vec::new();
    let mut offset = 0;
    for (index, line) in text.split_inclusive('\n').enumerate() {
        let starts_entry = !line.starts_with([' ', '\t', '-', '#', '\n', '\r']);
        if starts_entry || starts.is_empty() {
            starts.push((index + 1, offset));
        }
        offset += line.len();
    }
    let ends = starts
        .iter()
        .skip(1)
        .map(|&(_, start)| start)
        .chain([text.len()]);
    starts
        .iter()
        .zip(ends)
        .map(|(&(line, start), end)| (line, &text[start..end]))
        .collect()
}

/// Reads `text` as `T` entry by entry when reading it whole failed with `whole`: the error of
/// every entry that fails on its own, at its line in `text`; `whole` if none does (a key
/// missing, a key written twice). `skip` passes over entries by their key.
pub fn entry_errors<T: DeserializeOwned>(
    text: &str,
    whole: YamlError,
    skip: impl Fn(&str) -> bool,
) -> Vec<YamlError> {
    let errors: Vec<YamlError> = top_level_entries_at(text)
        .into_iter()
        .filter(|(_, entry)| {
            let key = entry.split(':').next().unwrap_or_default().trim();
            !key.is_empty() && !key.starts_with('#') && !skip(key)
        })
        .filter_map(|(first_line, entry)| {
            from_str::<T>(entry).err().map(|error| YamlError {
                line: first_line + error.line.max(1) - 1,
                ..error
            })
        })
        .collect();
    match errors.is_empty() {
        true => vec![whole],
        false => errors,
    }
}

fn indent_of(line: &str) -> usize {
    line.len() - line.trim_start().len()
}

/// A list of strings, also written as a single string (`tags: Sanktionen`), as Obsidian allows.
/// Numbers in a list are taken as text (`tags: [2022]`); a bare number or a map is an error.
///
/// A visitor rather than an untagged enum: a wrong type is then reported by the YAML parser at
/// the value itself (`tags: 5`, its line and key), not at the start of the enclosing map.
pub fn string_list<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Vec<String>, D::Error> {
    struct ListVisitor;
    impl<'de> Visitor<'de> for ListVisitor {
        type Value = Vec<String>;
        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str("a list of words, e.g. [a, b], or a single word")
        }
        fn visit_str<E: de::Error>(self, text: &str) -> Result<Vec<String>, E> {
            Ok(vec![text.to_owned()])
        }
        fn visit_unit<E: de::Error>(self) -> Result<Vec<String>, E> {
            Ok(Vec::new())
        }
        fn visit_none<E: de::Error>(self) -> Result<Vec<String>, E> {
            Ok(Vec::new())
        }
        fn visit_seq<A: SeqAccess<'de>>(self, mut items: A) -> Result<Vec<String>, A::Error> {
            let mut words = Vec::with_capacity(items.size_hint().unwrap_or(0));
            while let Some(Word(word)) = items.next_element()? {
                words.push(word);
            }
            Ok(words)
        }
    }
    deserializer.deserialize_any(ListVisitor)
}

/// One item of a [`string_list`]: text, or a number or boolean taken as text.
struct Word(String);

impl<'de> Deserialize<'de> for Word {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct WordVisitor;
        impl Visitor<'_> for WordVisitor {
            type Value = Word;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a word (text, a number or true/false)")
            }
            fn visit_str<E: de::Error>(self, text: &str) -> Result<Word, E> {
                Ok(Word(text.to_owned()))
            }
            fn visit_i64<E: de::Error>(self, n: i64) -> Result<Word, E> {
                Ok(Word(n.to_string()))
            }
            fn visit_u64<E: de::Error>(self, n: u64) -> Result<Word, E> {
                Ok(Word(n.to_string()))
            }
            fn visit_f64<E: de::Error>(self, n: f64) -> Result<Word, E> {
                Ok(Word(n.to_string()))
            }
            fn visit_bool<E: de::Error>(self, b: bool) -> Result<Word, E> {
                Ok(Word(b.to_string()))
            }
        }
        deserializer.deserialize_any(WordVisitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_carry_lines() {
        let error = from_str::<Vec<String>>("- a\n- [b\n").err();
        assert!(error.is_some_and(|e| e.line == 3 || e.line == 2));
    }

    #[test]
    fn shapes() {
        assert_eq!(shape("").ok(), Some(Shape::Empty));
        assert_eq!(
            shape("a: 1\nb: 2").ok(),
            Some(Shape::Mapping(vec!["a".into(), "b".into()]))
        );
        assert_eq!(
            shape("- a: 1\n- 5").ok(),
            Some(Shape::List(vec![Some(vec!["a".into()]), None]))
        );
    }

    #[test]
    fn finds_list_items() {
        let text = "# Kommentar\n- id: a\n  tags:\n    - x\n- id: b\n";
        assert_eq!(list_item_lines(text), vec![2, 5]);
    }

    #[test]
    fn locates_values_under_keys() {
        let text = "title: A\nactors:\n  - putin\n  - tokajev\nsources: [tokajev]\n";
        assert_eq!(locate(text, "actors", Some("tokajev")), Some(4));
        assert_eq!(locate(text, "sources", Some("tokajev")), Some(5));
        assert_eq!(locate(text, "title", None), Some(1));
        assert_eq!(locate(text, "tags", None), None);
    }

    #[test]
    fn splits_a_map_into_its_top_level_entries() {
        let text = "title: [A\naliases:\n- B\n  # note\nextra:\n  x: 1\n";
        assert_eq!(
            top_level_entries(text),
            vec![
                "title: [A\n",
                "aliases:\n- B\n  # note\n",
                "extra:\n  x: 1\n"
            ]
        );
        assert_eq!(top_level_entries("  a: 1\nb: 2"), vec!["  a: 1\n", "b: 2"]);
        assert!(top_level_entries("").is_empty());
    }

    #[derive(Debug, Deserialize)]
    struct Tags {
        #[serde(deserialize_with = "string_list", default)]
        tags: Vec<String>,
    }

    #[test]
    fn string_lists() {
        let tags = |text: &str| from_str::<Tags>(text).map(|t| t.tags);
        assert_eq!(
            tags("tags: [a, 2022]").ok(),
            Some(vec!["a".into(), "2022".into()])
        );
        assert_eq!(
            tags("tags: Sanktionen").ok(),
            Some(vec!["Sanktionen".into()])
        );
        assert_eq!(tags("tags:").ok(), Some(vec![]));
        let error = tags("tags: 5").err().map(|e| e.message);
        assert!(error.is_some_and(|m| m.contains("expected a list of words")));
        assert_eq!(
            tags("tags: [a, true, 1.5, -3]")
                .ok()
                .map(|t| t.join(" "))
                .as_deref(),
            Some("a true 1.5 -3")
        );
    }

    #[test]
    fn every_entry_that_fails_is_reported_at_its_line() {
        let text = "title: A\ntags: 5\nsummary: B\naliases:\n  - x\n  - {y: 1}\n";
        let whole = from_str::<Tags>(text).err();
        let whole = whole.unwrap_or_else(|| panic!("`tags: 5` fails"));
        let errors = entry_errors::<Fields>(text, whole.clone(), |_| false);
        let lines: Vec<usize> = errors.iter().map(|e| e.line).collect();
        assert_eq!(lines, [2, 6]);
        // entries that are fine alone: the error of the whole
        let twice = "title: A\ntitle: B\n";
        assert_eq!(
            entry_errors::<Fields>(twice, whole.clone(), |_| false),
            [whole]
        );
    }

    /// Keys that may all be missing, as in front matter.
    #[derive(Debug, Deserialize)]
    #[allow(dead_code)]
    struct Fields {
        title: Option<String>,
        summary: Option<String>,
        #[serde(deserialize_with = "string_list", default)]
        tags: Vec<String>,
        #[serde(deserialize_with = "string_list", default)]
        aliases: Vec<String>,
    }

    #[derive(Debug, Deserialize)]
    #[allow(dead_code)]
    struct Note {
        title: String,
        #[serde(deserialize_with = "string_list", default)]
        tags: Vec<String>,
    }

    #[test]
    fn a_wrong_type_in_a_list_is_reported_at_its_key() {
        let error = from_str::<Note>("title: A\n\ntags: 5\n").err();
        let error = error.unwrap_or_else(|| panic!("`tags: 5` must be an error"));
        assert_eq!(error.line, 3);
        assert!(error.message.starts_with("tags: "), "{}", error.message);
        let error = from_str::<Note>("title: A\ntags:\n  - a\n  - {b: 1}\n").err();
        assert_eq!(error.map(|e| e.line), Some(4));
    }

    #[test]
    fn item_errors_drop_the_list_index() {
        let error = from_str::<Vec<Note>>("- tags: [a]\n")
            .err()
            .map(|e| e.message);
        assert_eq!(error.as_deref(), Some("missing field `title`"));
        let error = from_str::<Vec<Note>>("- title: [a]\n")
            .err()
            .map(|e| e.message);
        assert!(error.is_some_and(|m| m.starts_with("title: invalid type")));
    }
}
