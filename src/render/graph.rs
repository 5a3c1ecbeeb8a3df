//! The actor network as a graph: built from the actors' `relations` (each placed in a
//! [`RelationFamily`]), cut down to one actor's neighbourhood, laid out at build time
//! ([`layout()`]) and drawn as inline SVG ([`svg()`]), so a reader sees it without JavaScript.
//! The same input always gives the same bytes.

mod family;
mod forces;
mod layout;
mod svg;

use std::collections::VecDeque;

pub use family::RelationFamily;
pub use layout::{Layout, LayoutOptions, layout, short_label};
pub use svg::{SvgOptions, svg};

use crate::config::Config;
use crate::link::Linked;
use crate::model::{DocId, IdVec};

/// An actor in the graph.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Node {
    /// The actor's slug (`tokajew`); the initial placement is ordered by it.
    pub id: String,
    /// The full name, shown (shortened if long) under the node.
    pub label: String,
    /// Where the node links to, already under the site's base path.
    pub url: String,
    /// `person`, `organization`, `state`, or any other word; becomes the class `kind-<slug>`.
    pub kind: String,
}

/// A relation, as written on the `from` actor.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Edge {
    /// Index into [`Graph::nodes`]; edges pointing outside the nodes are ignored.
    pub from: usize,
    pub to: usize,
    /// The relation's type: `Präsident`, `Mitglied`.
    pub label: String,
    /// What kind of relation the type names: drawn in its own line style and colour.
    pub family: RelationFamily,
    /// The years of the relation's `from` and `until`, as far as written: the year filter
    /// shows a dated relation only in the years it held.
    pub since: Option<i32>,
    pub until: Option<i32>,
    /// Where the relation is listed (its row on the graph page), under the site's base path.
    pub url: String,
}

#[cfg(test)]
impl Edge {
    /// A relation of type `label` without dates, listed at `/graph/#relation`.
    pub fn plain(from: usize, to: usize, label: &str) -> Edge {
        Edge {
            from,
            to,
            label: label.to_owned(),
            family: RelationFamily::of(label),
            since: None,
            until: None,
            url: "/graph/#relation".to_owned(),
        }
    }
}

/// Nodes and the edges between them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Graph {
    pub nodes: Vec<Node>,
    pub edges: Vec<Edge>,
    /// The node the drawing is about (an actor's own page): marked `centre` and
    /// `aria-current="page"`, and placed first.
    pub centre: Option<usize>,
}

impl Graph {
    /// Every actor of the dossier, in document order, and every resolved relation.
    pub fn from_linked(linked: &Linked, config: &Config) -> Graph {
        let documents = &linked.dossier.documents;
        let mut node_of: IdVec<DocId, Option<usize>> = vec![None; documents.len()].into();
        let mut graph = Graph::default();
        for (doc_id, doc) in documents.iter_with_ids() {
            if let Some(actor) = &doc.actor {
                node_of[doc_id] = Some(graph.nodes.len());
                graph.nodes.push(Node {
                    id: doc.slug.clone(),
                    label: doc.title.clone(),
                    url: config.url(&doc.page_path()),
                    kind: actor.kind.clone(),
                });
            }
        }
        for (doc_id, doc) in documents.iter_with_ids() {
            let (Some(actor), Some(from)) = (&doc.actor, node_of[doc_id]) else {
                continue;
            };
            for (index, relation) in actor.relations.iter().enumerate() {
                let target = linked.doc_refs[doc_id]
                    .relation_targets
                    .get(index)
                    .copied()
                    .flatten();
                if let Some(to) = target.and_then(|t| node_of.get(t).copied().flatten()) {
                    let anchor = relation_anchor(&doc.slug, index);
                    graph.edges.push(Edge {
                        from,
                        to,
                        label: relation.kind.clone(),
                        family: RelationFamily::of(&relation.kind),
                        since: relation.from.as_ref().map(|d| d.year),
                        until: relation.until.as_ref().map(|d| d.year),
                        url: config.url(&format!("graph/#{anchor}")),
                    });
                }
            }
        }
        graph
    }

    /// The index of the node with this id.
    pub fn index_of(&self, id: &str) -> Option<usize> {
        self.nodes.iter().position(|node| node.id == id)
    }

    /// The valid edges, as index pairs, without self-loops.
    fn edge_pairs(&self) -> impl Iterator<Item = (usize, usize)> + '_ {
        let n = self.nodes.len();
        self.edges
            .iter()
            .filter(move |e| e.from < n && e.to < n && e.from != e.to)
            .map(|e| (e.from, e.to))
    }
}

/// The id of a relation's row in the graph page's list: the `index`-th relation (from 0)
/// written on the actor `slug`, counted from 1: `relation-tokajew-1`.
pub fn relation_anchor(slug: &str, index: usize) -> String {
    let slug: String = slug
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || c == '-' {
                c
            } else {
                '-'
            }
        })
        .collect();
    format!("relation-{slug}-{}", index + 1)
}

/// The `centre` node, every node at most `depth` relations away (in either direction), and
/// every edge among them. Nodes keep their order; the result's `centre` is set. A `centre`
/// outside the graph gives an empty graph.
pub fn neighbourhood(graph: &Graph, centre: usize, depth: usize) -> Graph {
    let n = graph.nodes.len();
    if centre >= n {
        return Graph::default();
    }
    let mut adjacent = vec![Vec::new(); n];
    for (a, b) in graph.edge_pairs() {
        adjacent[a].push(b);
        adjacent[b].push(a);
    }
    let mut distance = vec![None; n];
    distance[centre] = Some(0);
    let mut queue = VecDeque::from([centre]);
    while let Some(node) = queue.pop_front() {
        let next = distance[node].unwrap_or(0) + 1;
        if next > depth {
            continue;
        }
        for &other in &adjacent[node] {
            if distance[other].is_none() {
                distance[other] = Some(next);
                queue.push_back(other);
            }
        }
    }
    let mut new_index = vec![None; n];
    let mut sub = Graph::default();
    for (old, node) in graph.nodes.iter().enumerate() {
        if distance[old].is_some() {
            new_index[old] = Some(sub.nodes.len());
            sub.nodes.push(node.clone());
        }
    }
    sub.edges = graph
        .edges
        .iter()
        .filter_map(|edge| {
            let from = new_index.get(edge.from).copied().flatten()?;
            let to = new_index.get(edge.to).copied().flatten()?;
            Some(Edge {
                from,
                to,
                ..edge.clone()
            })
        })
        .collect();
    sub.centre = new_index[centre];
    sub
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// A graph from `(id, kind)` nodes and `(from, to, label)` edges; URLs are `/actors/<id>/`.
    pub fn graph(nodes: &[(&str, &str)], edges: &[(usize, usize, &str)]) -> Graph {
        Graph {
            nodes: nodes
                .iter()
                .map(|(id, kind)| Node {
                    id: (*id).to_owned(),
                    label: id.to_uppercase(),
                    url: format!("/actors/{id}/"),
                    kind: (*kind).to_owned(),
                })
                .collect(),
            edges: edges
                .iter()
                .map(|(from, to, label)| Edge::plain(*from, *to, label))
                .collect(),
            centre: None,
        }
    }

    /// Every start tag is closed in order, and text holds no raw `<` or `>`: well-formed
    /// markup for the little XML this module writes (no comments, no CDATA).
    pub fn assert_balanced(svg: &str) {
        let mut open: Vec<&str> = Vec::new();
        let mut rest = svg;
        while let Some(start) = rest.find('<') {
            assert!(
                !rest[..start].contains('>'),
                "stray > before {}",
                &rest[start..]
            );
            let end = rest[start..]
                .find('>')
                .map(|e| start + e)
                .expect("tag ends");
            let tag = &rest[start + 1..end];
            assert!(!tag.contains('<'), "< inside tag {tag}");
            if let Some(name) = tag.strip_prefix('/') {
                assert_eq!(open.pop(), Some(name), "closing {name}");
            } else if !tag.ends_with('/') {
                open.push(tag.split(' ').next().unwrap_or(""));
            }
            rest = &rest[end + 1..];
        }
        assert!(!rest.contains('>'));
        assert!(open.is_empty(), "left open: {open:?}");
    }

    /// Two triangles joined by one edge, a pendant node, an isolated node.
    pub fn sample() -> Graph {
        graph(
            &[
                ("a", "person"),
                ("b", "state"),
                ("c", "organization"),
                ("d", "person"),
                ("e", "state"),
                ("f", "person"),
                ("g", "person"),
                ("h", "other"),
            ],
            &[
                (0, 1, "Präsident"),
                (1, 2, "Mitglied"),
                (2, 0, "Leitung"),
                (2, 3, "Partner"),
                (3, 4, "x"),
                (4, 5, "y"),
                (5, 3, "z"),
                (5, 6, "Berater"),
            ],
        )
    }

    #[test]
    fn the_graph_of_a_dossier_has_its_actors_and_resolved_relations() {
        let root = tempfile::tempdir().expect("temp dir");
        let write = |path: &str, text: &str| {
            let path = root.path().join(path);
            std::fs::create_dir_all(path.parent().expect("parent")).expect("folder");
            std::fs::write(path, text).expect("file");
        };
        write(
            "site.toml",
            "title = \"T\"\nbase_url = \"https://example.org/repo/\"\n",
        );
        write(
            "content/actors/tokajew.md",
            "---\ntitle: Kassym-Jomart Tokajew\nkind: person\nrelations:\n  - {to: kasachstan, type: Präsident, from: 2019-06}\n---\n",
        );
        write(
            "content/actors/kasachstan.md",
            "---\ntitle: Kasachstan\nkind: state\n---\n",
        );
        write("content/notes/n.md", "---\ntitle: Notiz\n---\n");
        let config =
            Config::load(root.path(), &crate::config::Overrides::default()).expect("config");
        let (raw, _) = crate::source::read_content(root.path());
        let (dossier, _) = crate::model::load(raw, &config);
        let (linked, problems) = crate::link::link(dossier, &config);
        assert!(problems.is_empty(), "{problems:?}");

        let g = Graph::from_linked(&linked, &config);
        let nodes: Vec<(&str, &str, &str, &str)> = g
            .nodes
            .iter()
            .map(|n| {
                (
                    n.id.as_str(),
                    n.label.as_str(),
                    n.url.as_str(),
                    n.kind.as_str(),
                )
            })
            .collect();
        assert_eq!(
            nodes,
            [
                (
                    "kasachstan",
                    "Kasachstan",
                    "/repo/actors/kasachstan/",
                    "state"
                ),
                (
                    "tokajew",
                    "Kassym-Jomart Tokajew",
                    "/repo/actors/tokajew/",
                    "person"
                ),
            ]
        );
        assert_eq!(
            g.edges,
            [Edge {
                from: 1,
                to: 0,
                label: "Präsident".into(),
                family: RelationFamily::Office,
                since: Some(2019),
                until: None,
                url: "/repo/graph/#relation-tokajew-1".into(),
            }]
        );
        assert_eq!(g.index_of("tokajew"), Some(1));
        assert_eq!(g.centre, None);
    }

    #[test]
    fn neighbourhood_keeps_the_centre_its_neighbours_and_the_edges_among_them() {
        let sub = neighbourhood(&sample(), 2, 1);
        let ids: Vec<&str> = sub.nodes.iter().map(|n| n.id.as_str()).collect();
        assert_eq!(ids, ["a", "b", "c", "d"]);
        assert_eq!(sub.centre, Some(2));
        let edges: Vec<(usize, usize, &str)> = sub
            .edges
            .iter()
            .map(|e| (e.from, e.to, e.label.as_str()))
            .collect();
        assert_eq!(
            edges,
            [
                (0, 1, "Präsident"),
                (1, 2, "Mitglied"),
                (2, 0, "Leitung"),
                (2, 3, "Partner")
            ]
        );
    }

    #[test]
    fn neighbourhood_follows_incoming_relations_and_depth() {
        // `g` has only an incoming relation (from `f`)
        let sub = neighbourhood(&sample(), 6, 1);
        let ids: Vec<&str> = sub.nodes.iter().map(|n| n.id.as_str()).collect();
        assert_eq!(ids, ["f", "g"]);
        assert_eq!(sub.centre, Some(1));
        let sub = neighbourhood(&sample(), 6, 2);
        let ids: Vec<&str> = sub.nodes.iter().map(|n| n.id.as_str()).collect();
        assert_eq!(ids, ["d", "e", "f", "g"]);
        assert_eq!(sub.edges.len(), 4);
    }

    #[test]
    fn neighbourhood_of_an_isolated_or_missing_node() {
        let sub = neighbourhood(&sample(), 7, 1);
        assert_eq!(sub.nodes.len(), 1);
        assert!(sub.edges.is_empty());
        assert_eq!(sub.centre, Some(0));
        assert_eq!(neighbourhood(&sample(), 99, 1), Graph::default());
        let sub = neighbourhood(&sample(), 0, 0);
        assert_eq!(sub.nodes.len(), 1);
    }

    #[test]
    fn edges_outside_the_nodes_and_self_loops_are_ignored() {
        let g = graph(&[("a", "x"), ("b", "x")], &[(0, 5, "bad"), (1, 1, "self")]);
        assert_eq!(g.edge_pairs().count(), 0);
        let sub = neighbourhood(&g, 0, 3);
        assert_eq!(sub.nodes.len(), 1);
    }
}
