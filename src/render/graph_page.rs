//! The network's own page: the drawing, a legend, every relation as a list, and the actors
//! without relations.

use serde::Serialize;

use super::evidence::SourceChip;
use super::graph::relation_anchor;
use super::network::Drawing;
use super::pages::{Page, made};
use super::view_types::{FamilyItem, RelationLegend};
use super::views::{ActorChip, DateView, PageMeta, Views};
use crate::i18n::actor_kind_heading;
use crate::model::DocId;
use crate::slug::slugify;

#[derive(Serialize)]
struct GraphPage<'a> {
    site: &'a tera::Value,
    page: PageMeta,
    graph: GraphView,
}

#[derive(Serialize)]
struct GraphView {
    svg: Option<String>,
    legend: Vec<LegendItem>,
    relation_legend: Option<RelationLegend>,
    relations: Vec<RelationRow>,
    unconnected: Vec<tera::Value>,
}

#[derive(Serialize)]
struct LegendItem {
    /// The class suffix the drawing uses: `kind-<slug>`.
    slug: String,
    label: String,
}

/// One relation in the list under the drawing.
#[derive(Serialize)]
struct RelationRow {
    /// Its id: each line of the drawing links here.
    anchor: String,
    /// Its years, for the year filter: `from` and `until`.
    since_year: Option<i32>,
    until_year: Option<i32>,
    from: ActorChip,
    kind: String,
    to: ActorChip,
    since: Option<DateView>,
    until: Option<DateView>,
    sources: Vec<SourceChip>,
}

impl Views<'_> {
    /// The network's own page: the drawing, a legend, every relation as a list, and the
    /// actors without relations.
    pub fn graph_page(&self) -> Page<'_> {
        let t = self.site.t;
        let network = &self.network;
        let (svg, relation_legend) =
            self.drawing_parts(network.drawing("network", &self.network_title(), t.graph_intro));
        let legend = network
            .kinds()
            .into_iter()
            .map(|kind| {
                let slug = slugify(&kind);
                LegendItem {
                    slug: if slug.is_empty() {
                        "other".into()
                    } else {
                        slug
                    },
                    label: actor_kind_heading(self.language(), &kind),
                }
            })
            .collect();
        let mut from_docs: Vec<DocId> = network.actor_docs().to_vec();
        from_docs.sort_by_cached_key(|&id| (slugify(&self.items[id].title), id));
        let language = self.language();
        let relations = from_docs
            .iter()
            .flat_map(|&id| {
                let actor = self.document(id).actor.as_ref();
                actor
                    .into_iter()
                    .flat_map(|a| a.relations.iter().enumerate())
                    .filter_map(move |(index, relation)| {
                        let target = self.linked.doc_refs[id]
                            .relation_targets
                            .get(index)
                            .copied()
                            .flatten()?;
                        Some(RelationRow {
                            anchor: relation_anchor(&self.document(id).slug, index),
                            since_year: relation.from.as_ref().map(|d| d.year),
                            until_year: relation.until.as_ref().map(|d| d.year),
                            from: self.actor_chip(id),
                            kind: relation.kind.clone(),
                            to: self.actor_chip(target),
                            since: relation.from.as_ref().map(|d| DateView::new(d, language)),
                            until: relation.until.as_ref().map(|d| DateView::new(d, language)),
                            sources: self
                                .source_chips(&self.linked.doc_refs[id].relation_sources[index]),
                        })
                    })
            })
            .collect();
        let page = self.meta(t.graph, Some(t.graph_intro), "graph/", "graph", "graph");
        Page {
            path: "graph/index.html".into(),
            template: "graph.html",
            context: made(&GraphPage {
                site: &self.site_value,
                page,
                graph: GraphView {
                    svg,
                    legend,
                    relation_legend,
                    relations,
                    unconnected: self.item_list(&network.unconnected),
                },
            }),
            indexed: false,
            assembled: None,
            size_hint: 0,
            signature: None,
        }
    }

    /// A drawing's SVG and the legend of its relations, for a template.
    pub fn drawing_parts(
        &self,
        drawing: Option<Drawing>,
    ) -> (Option<String>, Option<RelationLegend>) {
        let Some(drawing) = drawing else {
            return (None, None);
        };
        let t = self.site.t;
        let legend = RelationLegend {
            id: drawing.id,
            families: (drawing.families.iter())
                .map(|family| FamilyItem {
                    slug: family.slug(),
                    label: family.label(t),
                    double: family.is_double(),
                })
                .collect(),
            years: drawing
                .years
                .map(|(first, last)| (first..=last).collect())
                .unwrap_or_default(),
        };
        (Some(drawing.svg), Some(legend))
    }

    /// The accessible name of the whole drawing.
    pub fn network_title(&self) -> String {
        format!("{}: {}", self.site.t.graph, self.site.t.actors)
    }
}
