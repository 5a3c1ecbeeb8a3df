//! The actor network on the site's pages: the whole network on its own page (and the home
//! page), and each actor's neighbourhood on the actor's page, as inline SVG laid out at build
//! time so that nobody needs JavaScript to see it. Actors without any relation stay out of the
//! drawing and are listed beside it instead.

use super::graph::{
    Graph, Layout, LayoutOptions, RelationFamily, SvgOptions, layout, neighbourhood, svg,
};
use crate::config::Config;
use crate::link::Linked;
use crate::model::{DocId, IdVec};

/// A drawing of the network or of a part of it, with what its legend and year filter show.
pub struct Drawing {
    pub svg: String,
    /// The id prefix of the SVG, for the ids of the legend's controls.
    pub id: String,
    /// The families of the relations drawn, in legend order.
    pub families: Vec<RelationFamily>,
    /// The first and the last year a drawn relation names, if any is dated.
    pub years: Option<(i32, i32)>,
}

impl Drawing {
    fn new(graph: &Graph, svg: String, id: &str) -> Drawing {
        let mut families: Vec<RelationFamily> = graph.edges.iter().map(|e| e.family).collect();
        families.sort();
        families.dedup();
        let years = graph
            .edges
            .iter()
            .flat_map(|e| [e.since, e.until])
            .flatten();
        let years = years.fold(None, |span: Option<(i32, i32)>, year| match span {
            None => Some((year, year)),
            Some((first, last)) => Some((first.min(year), last.max(year))),
        });
        Drawing {
            svg,
            id: id.to_owned(),
            families,
            years,
        }
    }
}

/// The network of a dossier, laid out once per build.
pub struct Network {
    /// Actors with at least one relation, and every relation among them.
    pub graph: Graph,
    /// Per node of `graph`: its document.
    docs: Vec<DocId>,
    /// Per document: its node in `graph`, if it is a connected actor.
    node_of: IdVec<DocId, Option<usize>>,
    layout: Option<Layout>,
    /// Actors without any relation, in document order.
    pub unconnected: Vec<DocId>,
}

/// How the whole network is laid out: wide, for the graph page and the home page.
fn network_options() -> LayoutOptions {
    LayoutOptions::default()
}

/// How a neighbourhood is laid out: narrower, so it stays legible on a phone.
fn neighbourhood_options() -> LayoutOptions {
    LayoutOptions {
        width: 420.0,
        height: 280.0,
        font_size: 13.0,
        ..LayoutOptions::default()
    }
}

impl Network {
    pub fn new(linked: &Linked, config: &Config) -> Network {
        let all = Graph::from_linked(linked, config);
        let actor_docs: Vec<DocId> = linked
            .dossier
            .documents
            .iter_with_ids()
            .filter(|(_, doc)| doc.actor.is_some())
            .map(|(id, _)| id)
            .collect();
        let mut degree = vec![0usize; all.nodes.len()];
        for edge in &all.edges {
            if edge.from != edge.to && edge.from < degree.len() && edge.to < degree.len() {
                degree[edge.from] += 1;
                degree[edge.to] += 1;
            }
        }
        let mut graph = Graph::default();
        let mut docs = Vec::new();
        let mut node_of: IdVec<DocId, Option<usize>> =
            vec![None; linked.dossier.documents.len()].into();
        let mut new_index = vec![None; all.nodes.len()];
        let mut unconnected = Vec::new();
        for (old, node) in all.nodes.iter().enumerate() {
            let doc = actor_docs.get(old).copied();
            match (degree[old] > 0, doc) {
                (true, Some(doc)) => {
                    new_index[old] = Some(graph.nodes.len());
                    node_of[doc] = Some(graph.nodes.len());
                    docs.push(doc);
                    graph.nodes.push(node.clone());
                }
                (false, Some(doc)) => unconnected.push(doc),
                _ => {}
            }
        }
        graph.edges = all
            .edges
            .iter()
            .filter_map(|edge| {
                let mut edge = edge.clone();
                edge.from = new_index.get(edge.from).copied().flatten()?;
                edge.to = new_index.get(edge.to).copied().flatten()?;
                Some(edge)
            })
            .collect();
        let layout = (!graph.nodes.is_empty()).then(|| layout(&graph, &network_options()));
        Network {
            graph,
            docs,
            node_of,
            layout,
            unconnected,
        }
    }

    /// The whole network as SVG with what its legend shows; `None` when no actor has a relation.
    pub fn drawing(&self, id_prefix: &str, title: &str, description: &str) -> Option<Drawing> {
        let layout = self.layout.as_ref()?;
        let drawn = svg(
            &self.graph,
            layout,
            &SvgOptions {
                id_prefix: id_prefix.to_owned(),
                title: title.to_owned(),
                description: description.to_owned(),
            },
        )?;
        Some(Drawing::new(&self.graph, drawn, id_prefix))
    }

    /// The actor and everyone one relation away, as SVG with what its legend shows; `None` for
    /// an actor without relations.
    pub fn neighbourhood_drawing(&self, doc: DocId, title: &str) -> Option<Drawing> {
        let centre = self.node_of.get(doc).copied().flatten()?;
        let sub = neighbourhood(&self.graph, centre, 1);
        if sub.nodes.len() < 2 {
            return None;
        }
        let layout = layout(&sub, &neighbourhood_options());
        let drawn = svg(
            &sub,
            &layout,
            &SvgOptions {
                id_prefix: "neighbourhood".to_owned(),
                title: title.to_owned(),
                description: String::new(),
            },
        )?;
        Some(Drawing::new(&sub, drawn, "neighbourhood"))
    }

    /// The kinds of the drawn actors, in the order the actors index uses, for the legend.
    pub(super) fn kinds(&self) -> Vec<String> {
        let order = ["person", "state", "organization", "organisation"];
        let mut kinds: Vec<String> = self.graph.nodes.iter().map(|n| n.kind.clone()).collect();
        kinds.sort_by_key(|k| {
            (
                order.iter().position(|o| o == k).unwrap_or(order.len()),
                k.clone(),
            )
        });
        kinds.dedup();
        kinds
    }

    /// Documents of the drawn actors.
    pub fn actor_docs(&self) -> &[DocId] {
        &self.docs
    }
}
