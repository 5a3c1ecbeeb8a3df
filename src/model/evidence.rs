//! The evidence keys of the content model: a source's grade, and the items of a `sources:`
//! list, each a bare id or an id with the passage the statement rests on.

use std::fmt;

use serde::de::{self, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::{Deserialize, Serialize};

use crate::diagnostic::did_you_mean;

/// A source's reliability on the Admiralty scale: A completely reliable … E unreliable,
/// F cannot be judged.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Reliability {
    A,
    B,
    C,
    D,
    E,
    F,
}

impl Reliability {
    /// Every grade, best first.
    pub const ALL: [Reliability; 6] = [
        Reliability::A,
        Reliability::B,
        Reliability::C,
        Reliability::D,
        Reliability::E,
        Reliability::F,
    ];

    /// The letter: `"A"`.
    pub fn letter(self) -> &'static str {
        match self {
            Reliability::A => "A",
            Reliability::B => "B",
            Reliability::C => "C",
            Reliability::D => "D",
            Reliability::E => "E",
            Reliability::F => "F",
        }
    }

    /// D, E and F: a statement resting only on these stands on weak ground.
    pub fn is_weak(self) -> bool {
        matches!(self, Reliability::D | Reliability::E | Reliability::F)
    }

    /// The grade written as one letter, in either case.
    fn from_letter(text: &str) -> Option<Self> {
        let grade = match text.trim() {
            "A" | "a" => Reliability::A,
            "B" | "b" => Reliability::B,
            "C" | "c" => Reliability::C,
            "D" | "d" => Reliability::D,
            "E" | "e" => Reliability::E,
            "F" | "f" => Reliability::F,
            _ => return None,
        };
        Some(grade)
    }
}

impl fmt::Display for Reliability {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.letter())
    }
}

impl Serialize for Reliability {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.letter())
    }
}

/// What a grade may be, said in every error about one.
const GRADES: &str = "one letter from A to F (A completely reliable, B usually reliable, \
                      C fairly reliable, D not usually reliable, E unreliable, F cannot be judged)";

impl<'de> Deserialize<'de> for Reliability {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Grade;
        impl Visitor<'_> for Grade {
            type Value = Reliability;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str(GRADES)
            }
            fn visit_str<E: de::Error>(self, text: &str) -> Result<Reliability, E> {
                Reliability::from_letter(text)
                    .ok_or_else(|| E::custom(format!("`{text}` is not a grade; write {GRADES}")))
            }
        }
        deserializer.deserialize_str(Grade)
    }
}

/// One item of a `sources:` list: the source's id, and optionally the passage the statement
/// rests on (verbatim, in the source's language) and where it stands in the source.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub struct SourceRef {
    pub id: String,
    pub quote: Option<String>,
    pub locator: Option<String>,
}

impl SourceRef {
    /// A bare id.
    pub fn id(id: impl Into<String>) -> Self {
        SourceRef {
            id: id.into(),
            ..SourceRef::default()
        }
    }
}

impl AsRef<str> for SourceRef {
    fn as_ref(&self) -> &str {
        &self.id
    }
}

/// The keys of a source item written as a map.
pub const SOURCE_ITEM_KEYS: [&str; 3] = ["id", "quote", "locator"];

/// As its three fields in order: the form of the build's cache of parsed files, a binary format
/// that has no names (YAML writes a source item as an id or a map; see [`SourceRefVisitor`]).
impl Serialize for SourceRef {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        (&self.id, &self.quote, &self.locator).serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for SourceRef {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        if !deserializer.is_human_readable() {
            let (id, quote, locator) = Deserialize::deserialize(deserializer)?;
            return Ok(SourceRef { id, quote, locator });
        }
        deserializer.deserialize_any(SourceRefVisitor)
    }
}

struct SourceRefVisitor;

impl<'de> Visitor<'de> for SourceRefVisitor {
    type Value = SourceRef;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a source id, or a map {id, quote, locator}")
    }
    fn visit_str<E: de::Error>(self, text: &str) -> Result<SourceRef, E> {
        Ok(SourceRef::id(text))
    }
    fn visit_i64<E: de::Error>(self, n: i64) -> Result<SourceRef, E> {
        Ok(SourceRef::id(n.to_string()))
    }
    fn visit_u64<E: de::Error>(self, n: u64) -> Result<SourceRef, E> {
        Ok(SourceRef::id(n.to_string()))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<SourceRef, A::Error> {
        let mut id = None;
        let mut quote = None;
        let mut locator = None;
        // each key is read as an [`ItemKey`], so an unknown one is reported at its own line
        while let Some(key) = map.next_key::<ItemKey>()? {
            let slot = match key {
                ItemKey::Id => &mut id,
                ItemKey::Quote => &mut quote,
                ItemKey::Locator => &mut locator,
            };
            if slot.is_some() {
                return Err(de::Error::custom(format!(
                    "`{}` is written twice in one source item",
                    key.name()
                )));
            }
            *slot = Some(map.next_value::<Text>()?.0);
        }
        let Some(id) = id else {
            return Err(de::Error::custom(
                "a source item written as a map needs an `id` (the source's id), e.g. \
                 `{id: reuters-2022-03-29, quote: \"…\", locator: \"para. 4\"}`",
            ));
        };
        Ok(SourceRef { id, quote, locator })
    }
}

/// A key of a source item written as a map.
#[derive(Debug, Clone, Copy)]
enum ItemKey {
    Id,
    Quote,
    Locator,
}

impl ItemKey {
    fn name(self) -> &'static str {
        match self {
            ItemKey::Id => "id",
            ItemKey::Quote => "quote",
            ItemKey::Locator => "locator",
        }
    }
}

impl<'de> Deserialize<'de> for ItemKey {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct KeyVisitor;
        impl Visitor<'_> for KeyVisitor {
            type Value = ItemKey;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("`id`, `quote` or `locator`")
            }
            fn visit_str<E: de::Error>(self, key: &str) -> Result<ItemKey, E> {
                match key {
                    "id" => Ok(ItemKey::Id),
                    "quote" => Ok(ItemKey::Quote),
                    "locator" => Ok(ItemKey::Locator),
                    _ => {
                        let nearest = did_you_mean(key, SOURCE_ITEM_KEYS)
                            .map(|hint| format!(" ({hint})"))
                            .unwrap_or_default();
                        Err(E::custom(format!(
                            "unknown key `{key}` in a source item{nearest}; a source item is a \
                             source id or a map of `id`, `quote` and `locator`"
                        )))
                    }
                }
            }
        }
        deserializer.deserialize_identifier(KeyVisitor)
    }
}

/// A text value of a source item; a number (a page) is taken as text.
struct Text(String);

impl<'de> Deserialize<'de> for Text {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct TextVisitor;
        impl Visitor<'_> for TextVisitor {
            type Value = Text;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("text")
            }
            fn visit_str<E: de::Error>(self, text: &str) -> Result<Text, E> {
                Ok(Text(text.to_owned()))
            }
            fn visit_i64<E: de::Error>(self, n: i64) -> Result<Text, E> {
                Ok(Text(n.to_string()))
            }
            fn visit_u64<E: de::Error>(self, n: u64) -> Result<Text, E> {
                Ok(Text(n.to_string()))
            }
            fn visit_f64<E: de::Error>(self, n: f64) -> Result<Text, E> {
                Ok(Text(n.to_string()))
            }
        }
        deserializer.deserialize_any(TextVisitor)
    }
}

/// A `sources:` list: items as in [`SourceRef`], or a single id written alone
/// (`sources: reuters-2022-03-29`), as other lists allow.
pub fn source_list<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Vec<SourceRef>, D::Error> {
    struct ListVisitor;
    impl<'de> Visitor<'de> for ListVisitor {
        type Value = Vec<SourceRef>;
        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str("a list of source ids or {id, quote, locator} maps")
        }
        fn visit_str<E: de::Error>(self, text: &str) -> Result<Vec<SourceRef>, E> {
            Ok(vec![SourceRef::id(text)])
        }
        fn visit_unit<E: de::Error>(self) -> Result<Vec<SourceRef>, E> {
            Ok(Vec::new())
        }
        fn visit_none<E: de::Error>(self) -> Result<Vec<SourceRef>, E> {
            Ok(Vec::new())
        }
        fn visit_seq<A: SeqAccess<'de>>(self, mut items: A) -> Result<Vec<SourceRef>, A::Error> {
            let mut refs = Vec::with_capacity(items.size_hint().unwrap_or(0));
            while let Some(item) = items.next_element()? {
                refs.push(item);
            }
            Ok(refs)
        }
    }
    deserializer.deserialize_any(ListVisitor)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::yaml;

    #[derive(Debug, Deserialize)]
    struct Item {
        #[serde(default, deserialize_with = "source_list")]
        sources: Vec<SourceRef>,
        reliability: Option<Reliability>,
    }

    fn read(text: &str) -> Result<Item, yaml::YamlError> {
        yaml::from_str(text)
    }

    #[test]
    fn items_are_ids_or_maps() {
        let item = read(
            "sources:\n  - a\n  - id: b\n    quote: \"wörtlich\"\n    locator: 4\n  - {id: c}\n",
        );
        let sources = item.map(|i| i.sources).unwrap_or_default();
        assert_eq!(
            sources,
            [
                SourceRef::id("a"),
                SourceRef {
                    id: "b".into(),
                    quote: Some("wörtlich".into()),
                    locator: Some("4".into())
                },
                SourceRef::id("c"),
            ]
        );
        let single = read("sources: a\n").map(|i| i.sources).unwrap_or_default();
        assert_eq!(single, [SourceRef::id("a")]);
    }

    #[test]
    fn a_map_without_id_or_with_an_unknown_key_is_refused_at_its_line() {
        let error = read("reliability: B\nsources:\n  - a\n  - quote: \"x\"\n    locator: p. 3\n")
            .err()
            .unwrap_or_else(|| panic!("no id"));
        assert!(error.message.contains("needs an `id`"), "{}", error.message);
        assert!((4..=5).contains(&error.line), "{error:?}");
        let error = read("sources:\n  - a\n  - id: b\n    qoute: \"x\"\n")
            .err()
            .unwrap_or_else(|| panic!("unknown key"));
        assert!(
            error
                .message
                .contains("unknown key `qoute` in a source item (did you mean `quote`?)"),
            "{}",
            error.message
        );
        assert_eq!(error.line, 4, "{error:?}");
    }

    #[test]
    fn grades_are_one_letter_from_a_to_f() {
        let grade = |text: &str| read(&format!("reliability: {text}\n")).map(|i| i.reliability);
        assert_eq!(grade("B").ok(), Some(Some(Reliability::B)));
        assert_eq!(grade("f").ok(), Some(Some(Reliability::F)));
        for wrong in ["G", "B2", "1", "AA"] {
            let error = grade(wrong).err().unwrap_or_else(|| panic!("{wrong}"));
            assert!(
                error.message.contains("one letter from A to F"),
                "{error:?}"
            );
            assert_eq!(error.line, 1);
        }
        assert!(Reliability::D.is_weak() && !Reliability::C.is_weak());
    }
}
