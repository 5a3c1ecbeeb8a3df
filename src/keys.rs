//! Strict keys: a key the generator does not know is a typo until proven otherwise.

use serde::Deserialize;

use crate::diagnostic::{Diagnostic, did_you_mean};

/// What to do with keys the content model does not know (`[content] unknown_keys`), or with
/// broken links (`[content] broken_links`, which may not be ignored).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Strictness {
    #[default]
    Error,
    Warn,
    Ignore,
}

impl<'de> Deserialize<'de> for Strictness {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Word;
        impl serde::de::Visitor<'_> for Word {
            type Value = Strictness;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("\"error\", \"warn\" or \"ignore\"")
            }
            fn visit_str<E: serde::de::Error>(self, word: &str) -> Result<Strictness, E> {
                match word {
                    "error" => Ok(Strictness::Error),
                    "warn" => Ok(Strictness::Warn),
                    "ignore" => Ok(Strictness::Ignore),
                    _ => Err(E::invalid_value(serde::de::Unexpected::Str(word), &self)),
                }
            }
        }
        deserializer.deserialize_str(Word)
    }
}

/// `[content] broken_links`: `"error"` or `"warn"`; a broken link is never passed over unsaid.
pub fn links_strictness<'de, D: serde::Deserializer<'de>>(
    deserializer: D,
) -> Result<Strictness, D::Error> {
    match Strictness::deserialize(deserializer)? {
        Strictness::Ignore => Err(serde::de::Error::invalid_value(
            serde::de::Unexpected::Str("ignore"),
            &"\"error\" or \"warn\"",
        )),
        strictness => Ok(strictness),
    }
}

impl Strictness {
    /// A diagnostic of the right severity, or none when ignoring.
    pub fn diagnostic(self, message: String) -> Option<Diagnostic> {
        match self {
            Strictness::Error => Some(Diagnostic::error(message)),
            Strictness::Warn => Some(Diagnostic::warning(message)),
            Strictness::Ignore => None,
        }
    }
}

/// The unknown key's message and hint: the nearest known key, else the whole list.
pub fn unknown_key(key: &str, known: &[&str], what: &str) -> (String, String) {
    let message = format!("unknown key `{key}` in {what}");
    let hint = did_you_mean(key, known.iter().copied()).unwrap_or_else(|| {
        let list: Vec<String> = known.iter().map(|k| format!("`{k}`")).collect();
        format!(
            "known keys are {}; put free data under `extra:`",
            list.join(", ")
        )
    });
    (message, hint)
}

/// The keys a serde struct reads, as serde itself names them (`#[serde(rename)]` applied): the
/// list of known keys comes from the struct, never from a list kept beside it. Empty for a type
/// that is not read as a struct (a map, or a struct with `#[serde(flatten)]`).
pub fn field_names<'de, T: Deserialize<'de>>() -> &'static [&'static str] {
    let mut fields: &'static [&'static str] = &[];
    // The deserializer only notes the fields serde asks for, then stops: the error is expected.
    let _ = T::deserialize(FieldNames(&mut fields));
    fields
}

/// A deserializer that answers nothing and notes the fields of the struct asked for.
struct FieldNames<'a>(&'a mut &'static [&'static str]);

impl<'de> serde::Deserializer<'de> for FieldNames<'_> {
    type Error = serde::de::value::Error;

    fn deserialize_any<V: serde::de::Visitor<'de>>(self, _: V) -> Result<V::Value, Self::Error> {
        Err(serde::de::Error::custom("not a struct"))
    }

    fn deserialize_struct<V: serde::de::Visitor<'de>>(
        self,
        _name: &'static str,
        fields: &'static [&'static str],
        _visitor: V,
    ) -> Result<V::Value, Self::Error> {
        *self.0 = fields;
        Err(serde::de::Error::custom("fields noted"))
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf
        option unit unit_struct newtype_struct seq tuple tuple_struct map enum identifier
        ignored_any
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hints_at_the_nearest_key() {
        let (message, hint) = unknown_key("titel", &["title", "summary"], "front matter");
        assert_eq!(message, "unknown key `titel` in front matter");
        assert_eq!(hint, "did you mean `title`?");
        let (_, hint) = unknown_key("zzz", &["title", "summary"], "front matter");
        assert!(hint.starts_with("known keys are `title`, `summary`"));
    }

    #[test]
    fn field_names_come_from_the_struct() {
        #[derive(Deserialize)]
        #[allow(dead_code)]
        struct Example {
            title: String,
            #[serde(rename = "type")]
            kind: String,
        }
        assert_eq!(field_names::<Example>(), ["title", "type"]);
        assert!(field_names::<std::collections::BTreeMap<String, u8>>().is_empty());
    }
}
