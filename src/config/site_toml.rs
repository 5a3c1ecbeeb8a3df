//! site.toml as written: its keys as serde structs, read with the position of every key, and
//! the keys nothing reads (typos, most often) found by serde itself.
//!
//! The known keys are the structs' fields: a key added to a struct is known at once, with no
//! list to keep beside it. An unknown key is an error with its line and the nearest known key,
//! but it does not keep the rest of the file from being read, so a build reports it together
//! with its other problems.

use std::collections::BTreeMap;
use std::path::PathBuf;

use serde::Deserialize;
use toml::de::{DeTable, DeValue};

use super::{CONFIG_FILE, EvidenceSettings};
use crate::diagnostic::Diagnostic;
use crate::keys::{Strictness, field_names, unknown_key};

#[derive(Debug, Deserialize)]
pub(super) struct SiteToml {
    pub title: Option<String>,
    #[serde(default)]
    pub description: String,
    pub author: Option<String>,
    pub license: Option<String>,
    pub license_url: Option<String>,
    pub base_url: Option<String>,
    pub language: Option<String>,
    pub output_dir: Option<PathBuf>,
    pub cname: Option<String>,
    #[serde(default)]
    pub content: ContentSection,
    #[serde(default)]
    pub search: SearchSection,
    #[serde(default)]
    pub feed: FeedSection,
    #[serde(default)]
    pub evidence: EvidenceSettings,
    #[serde(default)]
    pub extra: serde_json::Value,
}

/// `[content]`: how strictly the build reads the notes.
#[derive(Debug, Default, Deserialize)]
pub(super) struct ContentSection {
    #[serde(default)]
    pub unknown_keys: Strictness,
    #[serde(default, deserialize_with = "crate::keys::links_strictness")]
    pub broken_links: Strictness,
}

/// `[search]`: the full-text index, on unless switched off.
#[derive(Debug, Deserialize)]
pub(super) struct SearchSection {
    #[serde(default = "search_is_on_by_default")]
    pub enabled: bool,
}

impl Default for SearchSection {
    fn default() -> Self {
        SearchSection {
            enabled: search_is_on_by_default(),
        }
    }
}

fn search_is_on_by_default() -> bool {
    true
}

/// `[feed]`: how many entries the Atom feed keeps.
#[derive(Debug, Deserialize)]
pub(super) struct FeedSection {
    #[serde(default = "default_feed_limit")]
    pub limit: usize,
}

impl Default for FeedSection {
    fn default() -> Self {
        FeedSection {
            limit: default_feed_limit(),
        }
    }
}

fn default_feed_limit() -> usize {
    50
}

/// The keys a table of site.toml knows, by its dotted name (`""` for the top level).
fn known_keys(table: &str) -> &'static [&'static str] {
    match table {
        "" => field_names::<SiteToml>(),
        "content" => field_names::<ContentSection>(),
        "search" => field_names::<SearchSection>(),
        "feed" => field_names::<FeedSection>(),
        "evidence" => field_names::<EvidenceSettings>(),
        _ => &[],
    }
}

/// site.toml read: the settings, where each key is written, and its unknown keys.
pub(super) struct Written<'a> {
    pub site: SiteToml,
    pub unknown_keys: Vec<Diagnostic>,
    pub positions: Positions<'a>,
}

impl<'a> Written<'a> {
    /// Reads `text`. A syntax error, or a value of the wrong type, is returned with the unknown
    /// keys found before it.
    pub fn read(text: &'a str) -> Result<Written<'a>, Vec<Diagnostic>> {
        let root = DeTable::parse(text).map_err(|e| vec![toml_error(text, &e)])?;
        let mut offsets = BTreeMap::new();
        collect_offsets(root.get_ref(), "", &mut offsets);
        let positions = Positions { text, offsets };
        let mut ignored: Vec<Vec<String>> = Vec::new();
        let deserializer = toml::de::Deserializer::from(root);
        let site: Result<SiteToml, _> =
            serde_ignored::deserialize(deserializer, |path| ignored.push(key_path(&path)));
        let mut unknown_keys: Vec<Diagnostic> =
            ignored.iter().map(|path| positions.unknown(path)).collect();
        match site {
            Ok(site) => Ok(Written {
                site,
                unknown_keys,
                positions,
            }),
            Err(error) => {
                unknown_keys.push(toml_error(text, &error));
                Err(unknown_keys)
            }
        }
    }
}

/// Where each key of site.toml is written.
pub(super) struct Positions<'a> {
    text: &'a str,
    /// Byte offset of each key, by dotted path (`content.unknown_keys`).
    offsets: BTreeMap<String, usize>,
}

impl Positions<'_> {
    /// An error about the value of `key` (a dotted path), pointing at its line when written.
    pub fn error_at(&self, key: &str, message: String) -> Diagnostic {
        let diagnostic = Diagnostic::error(message).in_file(CONFIG_FILE);
        match self.offsets.get(key) {
            Some(&offset) => diagnostic.at_offset(self.text, offset, 1),
            None => diagnostic,
        }
    }

    fn unknown(&self, path: &[String]) -> Diagnostic {
        let (table, key) = match path.split_last() {
            Some((key, table)) => (table.join("."), key.as_str()),
            None => (String::new(), ""),
        };
        let what = match table.as_str() {
            "" => CONFIG_FILE.to_owned(),
            table => format!("[{table}]"),
        };
        let (message, hint) = unknown_key(key, known_keys(&table), &what);
        self.error_at(&path.join("."), message).with_hint(hint)
    }
}

/// The keys of a path serde passed over, from the top (`["content", "limit"]`).
fn key_path(path: &serde_ignored::Path) -> Vec<String> {
    let mut keys = Vec::new();
    let mut at = path;
    loop {
        match at {
            serde_ignored::Path::Root => break,
            serde_ignored::Path::Map { parent, key } => {
                keys.push(key.clone());
                at = parent;
            }
            serde_ignored::Path::Seq { parent, index } => {
                keys.push(index.to_string());
                at = parent;
            }
            serde_ignored::Path::Some { parent }
            | serde_ignored::Path::NewtypeStruct { parent }
            | serde_ignored::Path::NewtypeVariant { parent } => at = parent,
        }
    }
    keys.reverse();
    keys
}

/// Every key's byte offset under its dotted path, tables within tables included.
fn collect_offsets(table: &DeTable, prefix: &str, offsets: &mut BTreeMap<String, usize>) {
    for (key, value) in table {
        let path = match prefix {
            "" => key.get_ref().to_string(),
            prefix => format!("{prefix}.{}", key.get_ref()),
        };
        if let DeValue::Table(inner) = value.get_ref() {
            collect_offsets(inner, &path, offsets);
        }
        offsets.insert(path, key.span().start);
    }
}

pub(super) fn toml_error(text: &str, error: &toml::de::Error) -> Diagnostic {
    let diagnostic = Diagnostic::error(error.message().trim().to_owned()).in_file(CONFIG_FILE);
    match error.span() {
        Some(span) => diagnostic.at_offset(text, span.start, 1),
        None => diagnostic,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_known_keys_are_the_structs_fields() {
        assert!(known_keys("").contains(&"base_url"));
        assert!(known_keys("").contains(&"evidence"));
        assert_eq!(known_keys("search"), ["enabled"]);
        assert_eq!(known_keys("feed"), ["limit"]);
        assert_eq!(known_keys("content"), ["unknown_keys", "broken_links"]);
        assert_eq!(
            known_keys("evidence"),
            ["weak_ground", "require_reliability"]
        );
    }

    #[test]
    fn every_table_of_site_toml_has_its_keys() {
        // A table key of site.toml whose struct is not in `known_keys` would give unknown keys
        // in it no "did you mean": each top-level field that reads a table must be listed.
        for field in known_keys("") {
            let text = format!("[{field}]\nzzz = 1\n");
            let Ok(written) = Written::read(&text) else {
                continue; // not a table: a type error, not an unknown key
            };
            if *field == "extra" {
                assert!(written.unknown_keys.is_empty(), "extra takes any key");
                continue;
            }
            assert!(!known_keys(field).is_empty(), "[{field}] has no known keys");
        }
    }

    #[test]
    fn keys_have_their_positions() {
        let text = "title = \"T\"\n\n[feed]\n  limit = 3\n";
        let written = Written::read(text).unwrap_or_else(|e| panic!("{e:?}"));
        assert_eq!(written.positions.error_at("title", String::new()).line, 1);
        let limit = written.positions.error_at("feed.limit", String::new());
        assert_eq!((limit.line, limit.column), (4, 3));
        assert_eq!(written.positions.error_at("cname", String::new()).line, 0);
    }
}
