//! The typed views templates see: plain data, made by [`super::views::Views`].

use serde::Serialize;

use super::evidence::{GradeView, GroundView, QuoteView, SourceChip};
use crate::date::PartialDate;
use crate::i18n::{Language, UiStrings};

/// The site as every template sees it.
#[derive(Debug, Clone, Serialize)]
pub struct SiteView {
    pub title: String,
    pub description: String,
    pub author: Option<String>,
    /// The licence of the dossier's text, and where its terms are; the footer shows them.
    pub license: Option<String>,
    pub license_url: Option<String>,
    /// For `lang` attributes: the code written in site.toml.
    pub language: String,
    /// Absolute, ending in `/`.
    pub base_url: String,
    /// Every internal link starts with it: `/repo/`.
    pub base_path: String,
    pub search: bool,
    /// Whether the dossier has a version history: then the site has a changes page.
    pub changes: bool,
    pub t: &'static UiStrings,
    pub nav: Vec<NavItem>,
    pub extra: serde_json::Value,
}

#[derive(Debug, Clone, Serialize)]
pub struct NavItem {
    pub title: String,
    pub url: String,
    /// The section it stands for: `actors`, `notes`, `sources`, `timeline`, `tags`, `graph`.
    pub section: &'static str,
}

/// What the page is, for `<head>` and navigation.
#[derive(Debug, Clone, Serialize)]
pub struct PageMeta {
    pub title: String,
    pub description: String,
    /// Site-relative URL (`/repo/actors/x/`).
    pub url: String,
    pub canonical: String,
    /// The template family: `home`, `actor`, `note`, `source`, `actors`, `timeline` …
    pub kind: &'static str,
    /// The navigation section it belongs to.
    pub section: &'static str,
    /// Structured data (schema.org JSON-LD), already escaped for a `<script>` data block.
    pub json_ld: Option<String>,
    /// Whether the page goes into the search index (its `<main>` is marked for Pagefind).
    pub indexed: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct DateView {
    pub iso: String,
    pub display: String,
    pub year: i32,
}

impl DateView {
    pub fn new(date: &PartialDate, language: Language) -> Self {
        DateView {
            iso: date.iso(),
            display: date.display(language),
            year: date.year,
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct LinkView {
    pub title: String,
    pub url: String,
}

/// A note, actor or source in a list.
#[derive(Debug, Clone, Serialize)]
pub struct ItemView {
    pub title: String,
    pub url: String,
    /// HTML of the summary, if any.
    pub summary: Option<String>,
    pub date: Option<DateView>,
    /// `actors`, `notes`, `sources` or `home`.
    pub section: &'static str,
    /// Actor or source kind, as written (`person`).
    pub kind: Option<String>,
    pub kind_label: Option<String>,
    /// A source's grade.
    pub grade: Option<GradeView>,
    /// A source's publisher.
    pub publisher: Option<String>,
}

/// An event wherever it is listed.
#[derive(Debug, Clone, Serialize)]
pub struct EventView {
    pub id: String,
    /// The event's anchor on the timeline page.
    pub url: String,
    pub date: DateView,
    pub end: Option<DateView>,
    /// "17. Juni 2022" or "15.–18. Juni 2022".
    pub when: String,
    pub title: String,
    pub summary: Option<String>,
    pub actors: Vec<ActorChip>,
    pub sources: Vec<SourceChip>,
    /// What its sources come to, when a reader should know.
    pub ground: Option<GroundView>,
    /// The passages its sources give for it.
    pub quotes: Vec<QuoteView>,
    pub tags: Vec<TagChip>,
    pub place: Option<String>,
    pub extra: Option<serde_json::Value>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ActorChip {
    pub title: String,
    pub url: String,
    pub slug: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct TagChip {
    pub name: String,
    pub url: String,
    pub slug: String,
}

/// What a drawing's legend of line styles and its year filter show.
#[derive(Debug, Serialize)]
pub struct RelationLegend {
    /// Unique on the page: the year filter is `<id>-year`.
    pub id: String,
    pub families: Vec<FamilyItem>,
    /// Every year from the first to the last that a drawn relation names; empty when none is
    /// dated (then there is no year filter).
    pub years: Vec<i32>,
}

/// A relation family in the legend.
#[derive(Debug, Serialize)]
pub struct FamilyItem {
    /// `office`: the class `fam-office` draws it.
    pub slug: &'static str,
    pub label: &'static str,
    /// Drawn as two lines.
    pub double: bool,
}
