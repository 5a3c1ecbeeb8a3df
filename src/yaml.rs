//! The one door to YAML: every YAML parse goes through here, with errors that carry a line.

use serde::Deserialize;
use serde::de::{self, DeserializeOwned, Deserializer};

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
        let message = message
            .strip_prefix(".[0].")
            .map(str::to_owned)
            .unwrap_or(message);
        YamlError {
            message,
            line,
            column,
        }
    }
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

/// The top-level keys (or list items' keys) of a YAML text.
pub fn shape(text: &str) -> Result<Shape, YamlError> {
    let value: yaml_serde::Value = yaml_serde::from_str(text)?;
    Ok(match value {
        yaml_serde::Value::Null => Shape::Empty,
        yaml_serde::Value::Mapping(map) => Shape::Mapping(keys_of(&map)),
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
    })
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

fn indent_of(line: &str) -> usize {
    line.len() - line.trim_start().len()
}

/// A list of strings, also written as a single string (`tags: Sanktionen`), as Obsidian allows.
/// Numbers in a list are taken as text (`tags: [2022]`); a bare number or a map is an error.
pub fn string_list<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Vec<String>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Item {
        Text(String),
        Integer(i64),
        Float(f64),
        Bool(bool),
    }
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum OneOrMany {
        One(String),
        Many(Vec<Item>),
        Nothing(()),
    }
    match OneOrMany::deserialize(deserializer) {
        Ok(OneOrMany::One(text)) => Ok(vec![text]),
        Ok(OneOrMany::Nothing(())) => Ok(Vec::new()),
        Ok(OneOrMany::Many(items)) => Ok(items
            .into_iter()
            .map(|item| match item {
                Item::Text(text) => text,
                Item::Integer(n) => n.to_string(),
                Item::Float(n) => n.to_string(),
                Item::Bool(b) => b.to_string(),
            })
            .collect()),
        Err(_) => Err(de::Error::custom(
            "expected a list of words, e.g. [a, b], or a single word",
        )),
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
    }
}
