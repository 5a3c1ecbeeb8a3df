//! What the home page adds: the dossier in numbers and the claims by status.

use serde::Serialize;
use tera::Value;

use crate::model::DocId;
use crate::render::view_types::RelationLegend;
use crate::render::views::Views;
use crate::source::Section;

#[derive(Serialize)]
pub struct HomeView {
    pub key_actors: Vec<Value>,
    pub latest_events: Vec<Value>,
    pub actor_count: usize,
    pub note_count: usize,
    pub source_count: usize,
    pub event_count: usize,
    pub claim_count: usize,
    /// The whole actor network, as inline SVG.
    pub graph: Option<String>,
    /// What the drawing's lines mean, and its year filter.
    pub graph_legend: Option<RelationLegend>,
    /// The sources that carry claims, with how many claims have which status.
    pub claim_sources: Vec<ClaimSummary>,
    /// Where the home page's claims entry leads: the claims of the one source that has
    /// them, or the sources index.
    pub claims_url: String,
}

#[derive(Serialize)]
pub struct ClaimSummary {
    pub title: String,
    /// The claims on the source's page.
    pub url: String,
    pub total: usize,
    /// Per status that occurs, in the order confirmed, context, disputed, unverified.
    pub statuses: Vec<StatusCount>,
}

#[derive(Serialize)]
pub struct StatusCount {
    pub status: &'static str,
    pub label: &'static str,
    pub count: usize,
}

impl Views<'_> {
    pub(super) fn home_view(&self) -> HomeView {
        let documents = &self.linked.dossier.documents;
        let count = |section: Section| documents.iter().filter(|d| d.section == section).count();
        let mut actors: Vec<(usize, DocId)> = documents
            .iter_with_ids()
            .filter(|(_, d)| d.section == Section::Actors)
            .map(|(id, _)| {
                let weight = self.linked.doc_refs[id].actor_events.len()
                    + self.linked.doc_refs[id].actor_notes.len()
                    + self.linked.doc_refs[id].backlinks.len();
                (weight, id)
            })
            .collect();
        actors.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
        let latest = self.events.len().saturating_sub(6);
        let (graph, graph_legend) = self.drawing_parts(self.network.drawing(
            "home-network",
            &self.network_title(),
            self.site.t.graph_intro,
        ));
        let mut home = HomeView {
            key_actors: actors
                .iter()
                .take(8)
                .map(|&(_, id)| self.item_values[id].clone())
                .collect(),
            latest_events: self
                .event_values
                .iter()
                .skip(latest)
                .rev()
                .cloned()
                .collect(),
            actor_count: count(Section::Actors),
            note_count: count(Section::Notes),
            source_count: count(Section::Sources),
            event_count: self.events.len(),
            claim_count: documents
                .iter()
                .filter_map(|d| d.source.as_ref())
                .map(|s| s.claims.len())
                .sum(),
            graph,
            graph_legend,
            claims_url: String::new(),
            claim_sources: self.claim_summaries(),
        };
        home.claims_url = match home.claim_sources.as_slice() {
            [one] => one.url.clone(),
            _ => self.config.url("sources/"),
        };
        home
    }

    fn claim_summaries(&self) -> Vec<ClaimSummary> {
        use crate::model::ClaimStatus::*;
        let t = self.site.t;
        self.linked
            .dossier
            .documents
            .iter_with_ids()
            .filter_map(|(id, doc)| {
                let claims = &doc.source.as_ref()?.claims;
                if claims.is_empty() {
                    return None;
                }
                let statuses = [
                    (Confirmed, t.status_confirmed),
                    (Context, t.status_context),
                    (Disputed, t.status_disputed),
                    (Unverified, t.status_unverified),
                ]
                .into_iter()
                .map(|(status, label)| StatusCount {
                    status: status.as_str(),
                    label,
                    count: claims.iter().filter(|c| c.status == status).count(),
                })
                .filter(|s| s.count > 0)
                .collect();
                Some(ClaimSummary {
                    title: doc.title.clone(),
                    url: format!("{}#claims", self.items[id].url),
                    total: claims.len(),
                    statuses,
                })
            })
            .collect()
    }
}
