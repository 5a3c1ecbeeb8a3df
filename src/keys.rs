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

/// The 1-based line of a top-level `key:` (YAML) or `key =` (TOML) in `text`, if written there.
pub fn line_of_key(text: &str, key: &str) -> Option<usize> {
    text.lines()
        .position(|line| {
            let Some(rest) = line.strip_prefix(key) else {
                return false;
            };
            let rest = rest.trim_start();
            rest.starts_with(':') || rest.starts_with('=')
        })
        .map(|index| index + 1)
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
    fn finds_top_level_keys() {
        let text = "title: A\nsummary: B\n  title: nested\n";
        assert_eq!(line_of_key(text, "summary"), Some(2));
        assert_eq!(line_of_key("a = 1\ntitle = \"x\"", "title"), Some(2));
        assert_eq!(line_of_key(text, "tags"), None);
    }
}
