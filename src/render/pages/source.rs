//! What a source's page adds: publication, grade, claims and the quotes they rest on.

use serde::Serialize;
use tera::Value;

use crate::model::{DocId, SourceInfo};
use crate::render::evidence::{GradeView, GroundView, QuoteView, SourceChip};
use crate::render::views::{DateView, LinkView, Views};

#[derive(Serialize)]
pub struct SourceView {
    pub kind: Option<String>,
    pub kind_label: Option<String>,
    pub publisher: Option<String>,
    pub author: Option<String>,
    pub published: Option<DateView>,
    pub url: Option<String>,
    pub language: Option<String>,
    pub accessed: Option<DateView>,
    pub grade: Option<GradeView>,
    pub reliability_note: Option<String>,
    pub archive: Option<String>,
    pub archived: Option<DateView>,
    pub claims: Vec<ClaimView>,
    pub cited_by: Vec<Value>,
}

#[derive(Serialize)]
pub struct ClaimView {
    pub number: usize,
    pub text: String,
    pub status: &'static str,
    pub status_label: &'static str,
    pub events: Vec<LinkView>,
    pub sources: Vec<SourceChip>,
    /// For a confirmed claim: what its sources come to, when a reader should know.
    pub ground: Option<GroundView>,
    pub quotes: Vec<QuoteView>,
    pub note: Option<String>,
}

impl Views<'_> {
    pub(super) fn source_view(&self, id: DocId, source: &SourceInfo) -> SourceView {
        let language = self.language();
        let t = self.site.t;
        let claims = source
            .claims
            .iter()
            .enumerate()
            .map(|(index, claim)| {
                use crate::model::ClaimStatus::*;
                let status_label = match claim.status {
                    Confirmed => t.status_confirmed,
                    Context => t.status_context,
                    Disputed => t.status_disputed,
                    Unverified => t.status_unverified,
                };
                ClaimView {
                    number: index + 1,
                    text: self.inline(Some(&claim.text)).unwrap_or_default(),
                    status: claim.status.as_str(),
                    status_label,
                    events: self.linked.doc_refs[id].claim_events[index]
                        .iter()
                        .map(|&e| LinkView {
                            title: format!("{}: {}", self.events[e].when, self.events[e].title),
                            url: self.events[e].url.clone(),
                        })
                        .collect(),
                    sources: self.source_chips(&self.linked.doc_refs[id].claim_sources[index]),
                    ground: match claim.status {
                        Confirmed => self.ground(&self.linked.doc_refs[id].claim_sources[index]),
                        _ => None,
                    },
                    quotes: self.quotes(&claim.sources),
                    note: self.inline(claim.note.as_ref()),
                }
            })
            .collect();
        SourceView {
            kind: source.kind.clone(),
            kind_label: self.items[id].kind_label.clone(),
            publisher: source.publisher.clone(),
            author: source.author.clone(),
            published: source
                .published
                .as_ref()
                .map(|d| DateView::new(d, language)),
            url: source.url.clone(),
            language: source.language.clone(),
            accessed: source.accessed.as_ref().map(|d| DateView::new(d, language)),
            grade: self.items[id].grade.clone(),
            reliability_note: source.reliability_note.clone(),
            archive: source.archive.clone(),
            archived: source.archived.as_ref().map(|d| DateView::new(d, language)),
            claims,
            cited_by: self.linked.doc_refs[id]
                .cited_by
                .iter()
                .map(|&l| self.referrer_item(l))
                .collect(),
        }
    }
}
