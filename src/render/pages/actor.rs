//! What an actor's page adds: life dates, relations both ways, events and notes naming it.

use serde::Serialize;
use tera::Value;

use crate::model::{ActorInfo, DocId};
use crate::render::evidence::{GroundView, QuoteView, SourceChip};
use crate::render::view_types::RelationLegend;
use crate::render::views::{ActorChip, DateView, Views};

#[derive(Serialize)]
pub struct ActorView {
    pub kind: String,
    pub kind_label: Option<String>,
    pub born: Option<DateView>,
    pub died: Option<DateView>,
    pub founded: Option<DateView>,
    pub dissolved: Option<DateView>,
    pub relations: Vec<RelationView>,
    pub events: Vec<Value>,
    pub notes: Vec<Value>,
    /// The actor's neighbourhood in the network, as inline SVG.
    pub graph: Option<String>,
    /// What the drawing's lines mean, and its year filter.
    pub graph_legend: Option<RelationLegend>,
}

#[derive(Serialize)]
pub struct RelationView {
    pub other: ActorChip,
    pub kind: String,
    /// `out`: written on this actor; `in`: written on the other one, pointing here.
    pub direction: &'static str,
    pub from: Option<DateView>,
    pub until: Option<DateView>,
    pub sources: Vec<SourceChip>,
    pub ground: Option<GroundView>,
    pub quotes: Vec<QuoteView>,
    pub note: Option<String>,
}

impl Views<'_> {
    pub(super) fn actor_view(&self, id: DocId, actor: &ActorInfo) -> ActorView {
        let language = self.language();
        let date =
            |d: &Option<crate::date::PartialDate>| d.as_ref().map(|d| DateView::new(d, language));
        let mut relations: Vec<RelationView> = actor
            .relations
            .iter()
            .enumerate()
            .filter_map(|(index, relation)| {
                let target = self.linked.doc_refs[id]
                    .relation_targets
                    .get(index)
                    .copied()
                    .flatten()?;
                Some(RelationView {
                    other: self.actor_chip(target),
                    kind: relation.kind.clone(),
                    direction: "out",
                    from: date(&relation.from),
                    until: date(&relation.until),
                    sources: self.source_chips(&self.linked.doc_refs[id].relation_sources[index]),
                    ground: self.ground(&self.linked.doc_refs[id].relation_sources[index]),
                    quotes: self.quotes(&relation.sources),
                    note: self.inline(relation.note.as_ref()),
                })
            })
            .collect();
        for &(other, index) in &self.linked.doc_refs[id].incoming_relations {
            let Some(relation) = self
                .document(other)
                .actor
                .as_ref()
                .and_then(|a| a.relations.get(index))
            else {
                continue;
            };
            relations.push(RelationView {
                other: self.actor_chip(other),
                kind: relation.kind.clone(),
                direction: "in",
                from: date(&relation.from),
                until: date(&relation.until),
                sources: self.source_chips(&self.linked.doc_refs[other].relation_sources[index]),
                ground: self.ground(&self.linked.doc_refs[other].relation_sources[index]),
                quotes: self.quotes(&relation.sources),
                note: self.inline(relation.note.as_ref()),
            });
        }
        let (graph, graph_legend) = self.drawing_parts(self.network.neighbourhood_drawing(
            id,
            &format!("{}: {}", self.site.t.neighbourhood, self.items[id].title),
        ));
        ActorView {
            kind: actor.kind.clone(),
            kind_label: self.items[id].kind_label.clone(),
            born: date(&actor.born),
            died: date(&actor.died),
            founded: date(&actor.founded),
            dissolved: date(&actor.dissolved),
            relations,
            events: self.event_list(&self.linked.doc_refs[id].actor_events),
            notes: self.item_list(&self.linked.doc_refs[id].actor_notes),
            graph,
            graph_legend,
        }
    }
}
