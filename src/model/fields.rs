//! The front matter and timeline keys of the content model, as serde structs.

use serde::{Deserialize, Serialize};

use super::evidence::{Reliability, SourceRef, source_list};
use crate::date::PartialDate;
use crate::yaml::string_list;

/// Keys every note may have. The front matter is read as [`FrontMatterFields`], the union of
/// the three lists: which keys a section allows is the content model's rule, kept here, and a
/// test holds the lists and the struct's fields to the same keys.
pub const NOTE_KEYS: [&str; 12] = [
    "title",
    "summary",
    "aliases",
    "tags",
    "date",
    "updated",
    "sources",
    "draft",
    "actors",
    "extra",
    // Obsidian's properties: `publish: false` keeps a note out like `draft: true`, and
    // `cssclasses` reach the page's article element
    "publish",
    "cssclasses",
];
/// Keys actors add.
pub const ACTOR_KEYS: [&str; 6] = ["kind", "born", "died", "founded", "dissolved", "relations"];
/// Keys sources add.
pub const SOURCE_KEYS: [&str; 12] = [
    "kind",
    "publisher",
    "author",
    "published",
    "url",
    "language",
    "accessed",
    "claims",
    "reliability",
    "reliability_note",
    "archive",
    "archived",
];
/// The front matter of any note: the union of all keys; which ones a note may use is checked
/// against its section before this is parsed.
#[derive(Debug, Default, Deserialize)]
pub struct FrontMatterFields {
    pub title: Option<String>,
    pub summary: Option<String>,
    #[serde(default, deserialize_with = "string_list")]
    pub aliases: Vec<String>,
    #[serde(default, deserialize_with = "string_list")]
    pub tags: Vec<String>,
    pub date: Option<PartialDate>,
    pub updated: Option<PartialDate>,
    #[serde(default, deserialize_with = "source_list")]
    pub sources: Vec<SourceRef>,
    #[serde(default)]
    pub draft: bool,
    #[serde(default, deserialize_with = "string_list")]
    pub actors: Vec<String>,
    pub extra: Option<serde_json::Value>,
    pub publish: Option<bool>,
    #[serde(default, deserialize_with = "string_list")]
    pub cssclasses: Vec<String>,
    // actors and sources
    pub kind: Option<String>,
    // actors
    pub born: Option<PartialDate>,
    pub died: Option<PartialDate>,
    pub founded: Option<PartialDate>,
    pub dissolved: Option<PartialDate>,
    #[serde(default)]
    pub relations: Vec<RelationFields>,
    // sources
    pub publisher: Option<String>,
    pub author: Option<String>,
    pub published: Option<PartialDate>,
    pub url: Option<String>,
    pub language: Option<String>,
    pub accessed: Option<PartialDate>,
    #[serde(default)]
    pub claims: Vec<ClaimFields>,
    pub reliability: Option<Reliability>,
    pub reliability_note: Option<String>,
    pub archive: Option<String>,
    pub archived: Option<PartialDate>,
}

/// The keys a wikilink finds a note by, read on their own from front matter that failed as a
/// whole (an unknown key, a wrong value elsewhere).
#[derive(Debug, Default, Deserialize)]
pub struct NameFields {
    pub title: Option<String>,
    #[serde(default, deserialize_with = "string_list")]
    pub aliases: Vec<String>,
}

/// `{to: SLUG, type: TEXT, from: DATE, until: DATE, sources: [IDS]}`
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RelationFields {
    pub to: String,
    #[serde(rename = "type")]
    pub kind: String,
    pub from: Option<PartialDate>,
    pub until: Option<PartialDate>,
    #[serde(default, deserialize_with = "source_list")]
    pub sources: Vec<SourceRef>,
    pub note: Option<String>,
}

/// How well a claim holds up against the other sources.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ClaimStatus {
    Confirmed,
    Context,
    Disputed,
    Unverified,
}

impl ClaimStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            ClaimStatus::Confirmed => "confirmed",
            ClaimStatus::Context => "context",
            ClaimStatus::Disputed => "disputed",
            ClaimStatus::Unverified => "unverified",
        }
    }
}

/// `{text, status, events: [IDS], sources: [IDS], note}`
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ClaimFields {
    pub text: String,
    pub status: ClaimStatus,
    #[serde(default, deserialize_with = "string_list")]
    pub events: Vec<String>,
    #[serde(default, deserialize_with = "source_list")]
    pub sources: Vec<SourceRef>,
    pub note: Option<String>,
}

/// One item of a timeline file.
#[derive(Debug, Clone, Deserialize)]
pub struct EventFields {
    pub id: Option<String>,
    pub date: PartialDate,
    pub end: Option<PartialDate>,
    pub title: String,
    pub summary: Option<String>,
    #[serde(default, deserialize_with = "string_list")]
    pub actors: Vec<String>,
    #[serde(default, deserialize_with = "source_list")]
    pub sources: Vec<SourceRef>,
    #[serde(default, deserialize_with = "string_list")]
    pub tags: Vec<String>,
    pub place: Option<String>,
    pub extra: Option<serde_json::Value>,
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use super::*;
    use crate::keys::field_names;

    #[test]
    fn the_sections_keys_are_the_front_matters_fields() {
        let listed: BTreeSet<&str> = NOTE_KEYS
            .iter()
            .chain(&ACTOR_KEYS)
            .chain(&SOURCE_KEYS)
            .copied()
            .collect();
        let fields: BTreeSet<&str> = field_names::<FrontMatterFields>().iter().copied().collect();
        assert_eq!(listed, fields);
    }
}
