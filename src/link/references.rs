//! Who refers to whom between the dossier's parts: who links to, cites or names whom. Each
//! document and event *contributes* references; the whole is the sum of the contributions, kept sorted, so that
//! an edited document's old contribution can be taken out and its new one put in.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use rayon::prelude::*;

use super::{Linked, Referrer, Tag};
use crate::markdown::{ParsedBody, Resolved};
use crate::model::{DocId, Dossier, EventId};
use crate::slug::slugify;

/// What one document or event adds to the references.
pub(super) struct Contributions {
    referrer: Referrer,
    /// Documents its texts link to (not itself).
    links: BTreeSet<DocId>,
    /// Sources it cites or rests on.
    cites: BTreeSet<DocId>,
    /// Actors it names in `actors:` (not itself).
    actors: BTreeSet<DocId>,
    /// Its relations: (target actor, index of the relation).
    relations: Vec<(DocId, usize)>,
}

impl Contributions {
    pub(super) fn of_document(id: DocId, linked: &Linked) -> Self {
        let doc = &linked.dossier.documents[id];
        let mut contributions = Contributions::new(Referrer::Document(id));
        for body in doc.bodies() {
            contributions.text(body);
        }
        contributions.cites.extend(&linked.doc_refs[id].sources);
        fn others(ids: &[DocId], id: DocId) -> impl Iterator<Item = DocId> + '_ {
            ids.iter().copied().filter(move |&d| d != id)
        }
        contributions
            .actors
            .extend(others(&linked.doc_refs[id].actors, id));
        for sources in linked.doc_refs[id]
            .relation_sources
            .iter()
            .chain(&linked.doc_refs[id].claim_sources)
        {
            contributions.cites.extend(others(sources, id));
        }
        contributions.relations = linked.doc_refs[id]
            .relation_targets
            .iter()
            .enumerate()
            .filter_map(|(index, target)| target.map(|t| (t, index)))
            .collect();
        contributions
    }

    fn of_event(id: EventId, linked: &Linked) -> Self {
        let mut contributions = Contributions::new(Referrer::Event(id));
        if let Some(summary) = &linked.dossier.events[id].summary {
            contributions.text(summary);
        }
        contributions.cites.extend(&linked.event_refs[id].sources);
        contributions
    }

    fn new(referrer: Referrer) -> Self {
        Contributions {
            referrer,
            links: BTreeSet::new(),
            cites: BTreeSet::new(),
            actors: BTreeSet::new(),
            relations: Vec::new(),
        }
    }

    fn text(&mut self, body: &ParsedBody) {
        for resolved in &body.links {
            if let Resolved::Document { doc, .. } = resolved
                && Referrer::Document(*doc) != self.referrer
            {
                self.links.insert(*doc);
            }
        }
        for resolved in &body.cited {
            if let Resolved::Document { doc, .. } = resolved {
                self.cites.insert(*doc);
            }
        }
    }
}

impl Linked {
    /// Puts a contribution into the references.
    pub(super) fn add(&mut self, contributions: &Contributions) {
        let referrer = contributions.referrer;
        for &target in &contributions.links {
            insert_sorted(&mut self.doc_refs[target].backlinks, referrer);
        }
        for &target in &contributions.cites {
            insert_sorted(&mut self.doc_refs[target].cited_by, referrer);
        }
        if let Referrer::Document(id) = referrer {
            for &actor in &contributions.actors {
                insert_sorted(&mut self.doc_refs[actor].actor_notes, id);
            }
            for &(target, index) in &contributions.relations {
                insert_sorted(&mut self.doc_refs[target].incoming_relations, (id, index));
            }
        }
    }

    /// Takes a contribution, as [`Linked::add`] put it in, out of the references.
    pub(super) fn remove(&mut self, contributions: &Contributions) {
        let referrer = contributions.referrer;
        for &target in &contributions.links {
            remove_sorted(&mut self.doc_refs[target].backlinks, &referrer);
        }
        for &target in &contributions.cites {
            remove_sorted(&mut self.doc_refs[target].cited_by, &referrer);
        }
        if let Referrer::Document(id) = referrer {
            for &actor in &contributions.actors {
                remove_sorted(&mut self.doc_refs[actor].actor_notes, &id);
            }
            for &(target, index) in &contributions.relations {
                remove_sorted(&mut self.doc_refs[target].incoming_relations, &(id, index));
            }
        }
    }
}

fn insert_sorted<T: Ord>(list: &mut Vec<T>, item: T) {
    if let Err(at) = list.binary_search(&item) {
        list.insert(at, item);
    }
}

fn remove_sorted<T: Ord>(list: &mut Vec<T>, item: &T) {
    if let Ok(at) = list.binary_search(item) {
        list.remove(at);
    }
}

/// Builds all references from every document's and event's contribution, and the tags.
pub(super) fn build_references(linked: &mut Linked) {
    let documents: Vec<Contributions> = linked
        .dossier
        .documents
        .par_ids()
        .map(|id| Contributions::of_document(id, linked))
        .collect();
    let events: Vec<Contributions> = linked
        .dossier
        .events
        .par_ids()
        .map(|id| Contributions::of_event(id, linked))
        .collect();
    for refs in &mut linked.doc_refs {
        refs.backlinks.clear();
        refs.cited_by.clear();
        refs.actor_notes.clear();
        refs.incoming_relations.clear();
        refs.actor_events.clear();
    }
    // in document order, then event order: every insertion lands at the end
    for contributions in documents.iter().chain(&events) {
        linked.add(contributions);
    }
    for (id, refs) in linked.event_refs.iter_with_ids() {
        for &actor in &refs.actors {
            insert_sorted(&mut linked.doc_refs[actor].actor_events, id);
        }
    }
    linked.tags = gather_tags(&linked.dossier);
}

/// Every tag, by slug, with the documents and events carrying it; a tag is named as it is
/// first written.
pub(super) fn gather_tags(dossier: &Dossier) -> BTreeMap<String, Tag> {
    let mut tags = Tags::default();
    for (id, doc) in dossier.documents.iter_with_ids() {
        for name in &doc.tags {
            if let Some(tag) = tags.named(name)
                && tag.documents.last() != Some(&id)
            {
                tag.documents.push(id);
            }
        }
    }
    for (id, event) in dossier.events.iter_with_ids() {
        for name in &event.tags {
            if let Some(tag) = tags.named(name)
                && tag.events.last() != Some(&id)
            {
                tag.events.push(id);
            }
        }
    }
    tags.by_slug
}

/// Tags as they are gathered: each name is made a slug once.
#[derive(Default)]
struct Tags<'d> {
    by_slug: BTreeMap<String, Tag>,
    slugs: HashMap<&'d str, String>,
}

impl<'d> Tags<'d> {
    /// The tag a name stands for; `None` for a name without letters or digits.
    fn named(&mut self, name: &'d str) -> Option<&mut Tag> {
        let slug = self.slugs.entry(name).or_insert_with(|| slugify(name));
        if slug.is_empty() {
            return None;
        }
        Some(self.by_slug.entry(slug.clone()).or_insert_with(|| Tag {
            name: name.trim().to_owned(),
            slug: slug.clone(),
            ..Tag::default()
        }))
    }
}
