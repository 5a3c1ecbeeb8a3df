//! `data/network.graphml`: the actor network for Gephi, networkx, yEd and Cytoscape: actors
//! as nodes (title, kind, page), relations as directed edges (type, from, until), in GraphML.

use crate::render::html::escape;
use crate::render::views::Views;

/// The attributes declared in the file's head: (id, for, name).
const KEYS: [(&str, &str, &str); 6] = [
    ("title", "node", "title"),
    ("kind", "node", "kind"),
    ("url", "node", "url"),
    ("type", "edge", "type"),
    ("from", "edge", "from"),
    ("until", "edge", "until"),
];

/// The whole file. Node ids are actor slugs; edge ids `<from>-<to>-<n>`.
pub fn network_graphml(views: &Views) -> String {
    let linked = views.linked;
    let documents = &linked.dossier.documents;
    let mut out = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" xsi:schemaLocation=\"http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd\">\n",
    );
    for (id, target, name) in KEYS {
        out.push_str(&format!(
            "  <key id=\"{id}\" for=\"{target}\" attr.name=\"{name}\" attr.type=\"string\"/>\n"
        ));
    }
    out.push_str("  <graph id=\"actors\" edgedefault=\"directed\">\n");
    let data = |key: &str, value: &str| format!("<data key=\"{key}\">{}</data>", escape(value));
    for doc in documents {
        let Some(actor) = &doc.actor else { continue };
        out.push_str(&format!(
            "    <node id=\"{}\">{}{}{}</node>\n",
            escape(&doc.slug),
            data("title", &doc.title),
            data("kind", &actor.kind),
            data("url", &views.config.absolute_url(&doc.page_path())),
        ));
    }
    let mut seen = std::collections::BTreeMap::new();
    for (id, doc) in documents.iter_with_ids() {
        let Some(actor) = &doc.actor else { continue };
        for (index, relation) in actor.relations.iter().enumerate() {
            let target = linked.doc_refs[id].relation_targets.get(index);
            let Some(target) = target.copied().flatten() else {
                continue;
            };
            if documents[target].actor.is_none() {
                continue;
            }
            let to = &documents[target].slug;
            let count: &mut usize = seen.entry((id, target)).or_default();
            *count += 1;
            let mut attributes = data("type", &relation.kind);
            if let Some(from) = &relation.from {
                attributes.push_str(&data("from", &from.iso()));
            }
            if let Some(until) = &relation.until {
                attributes.push_str(&data("until", &until.iso()));
            }
            out.push_str(&format!(
                "    <edge id=\"{}\" source=\"{}\" target=\"{}\">{attributes}</edge>\n",
                escape(&format!("{}-{to}-{count}", doc.slug)),
                escape(&doc.slug),
                escape(to),
            ));
        }
    }
    out.push_str("  </graph>\n</graphml>\n");
    out
}
