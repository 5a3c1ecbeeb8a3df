//! Embed cycles: `![[B]]` in A and `![[A]]` in B would embed forever. A note may embed a part
//! of itself (`![[#Other heading]]`) or of a note that embeds it back: that is a cycle only
//! when the part embedded holds the embed that leads back to it.

use std::collections::BTreeMap;

use crate::diagnostic::Diagnostic;
use crate::markdown::{ReferenceKind, Resolved, Slot};
use crate::model::{DocId, Document, Dossier, IdVec};

/// Per document, its note embeds.
type Embeds = IdVec<DocId, Vec<(usize, Part)>>;

/// What an embed shows: a note whole (`None`) or its part at an anchor (a heading's id, `^id`).
type Part = (DocId, Option<String>);

/// Every note embed of a document: where its marker stands in the HTML, and what it shows.
fn embeds_of(dossier: &Dossier, doc: DocId) -> Vec<(usize, Part)> {
    let body = &dossier.documents[doc].body;
    if !embeds_notes(&dossier.documents[doc]) {
        return Vec::new();
    }
    let positions = body.slot_positions();
    body.slots
        .iter()
        .enumerate()
        .filter_map(|(slot, kind)| match kind {
            Slot::NoteEmbed(reference) => Some((slot, *reference)),
            _ => None,
        })
        .filter(|(_, reference)| {
            body.references
                .get(*reference)
                .is_some_and(|r| r.kind == ReferenceKind::NoteEmbed)
        })
        .filter_map(|(slot, reference)| match body.links.get(reference) {
            Some(Resolved::Document { doc, anchor }) => {
                Some((positions[slot].start, (*doc, anchor.clone())))
            }
            _ => None,
        })
        .collect()
}

/// Whether a document's text embeds a note (or a part of one): only such a document can stand on
/// an embed cycle.
pub(super) fn embeds_notes(document: &Document) -> bool {
    document
        .body
        .slots
        .iter()
        .any(|slot| matches!(slot, Slot::NoteEmbed(_)))
}

/// The parts the part `from` embeds.
fn embedded_by(dossier: &Dossier, embeds: &Embeds, from: &Part) -> Vec<Part> {
    let (doc, anchor) = from;
    let range = dossier.documents[*doc].body.part(anchor.as_deref());
    embeds[*doc]
        .iter()
        .filter(|(position, _)| range.contains(position))
        .map(|(_, part)| part.clone())
        .collect()
}

/// Reports each embed cycle once, at the file of the note it starts in.
pub(super) fn check_embed_cycles(dossier: &Dossier) -> Vec<Diagnostic> {
    let embeds: Embeds = dossier
        .documents
        .ids()
        .map(|doc| embeds_of(dossier, doc))
        .collect();
    let mut diagnostics = Vec::new();
    // absent: unvisited; false: on the current path; true: done
    let mut done: BTreeMap<Part, bool> = BTreeMap::new();
    for start in embeds.ids() {
        if embeds[start].is_empty() || done.contains_key(&(start, None)) {
            continue;
        }
        let mut path = Vec::new();
        if let Some(cycle) = visit((start, None), dossier, &embeds, &mut done, &mut path) {
            diagnostics.push(cycle_error(dossier, &cycle));
            for part in cycle {
                done.insert(part, true);
            }
        }
    }
    diagnostics
}

/// Depth first from `part`: the first cycle found, as the parts on it.
fn visit(
    part: Part,
    dossier: &Dossier,
    embeds: &Embeds,
    done: &mut BTreeMap<Part, bool>,
    path: &mut Vec<Part>,
) -> Option<Vec<Part>> {
    done.insert(part.clone(), false);
    path.push(part.clone());
    for next in embedded_by(dossier, embeds, &part) {
        match done.get(&next) {
            Some(false) => {
                let start = path.iter().position(|p| *p == next).unwrap_or(0);
                return Some(path[start..].to_vec());
            }
            Some(true) => {}
            None => {
                if let Some(cycle) = visit(next, dossier, embeds, done, path) {
                    return Some(cycle);
                }
            }
        }
    }
    path.pop();
    done.insert(part, true);
    None
}

fn cycle_error(dossier: &Dossier, cycle: &[Part]) -> Diagnostic {
    let name = |(doc, anchor): &Part| {
        let title = &dossier.documents[*doc].title;
        match anchor {
            Some(anchor) => format!("{title}#{anchor}"),
            None => title.clone(),
        }
    };
    let chain: Vec<String> = cycle.iter().chain(cycle.first()).map(name).collect();
    Diagnostic::error(format!("embed cycle: {}", chain.join(" → ")))
        .in_file(&dossier.documents[cycle[0].0].file)
        .with_hint(
            "a note cannot embed itself, directly or through others; link instead of embedding",
        )
}
