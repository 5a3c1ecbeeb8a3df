//! What a page reads, summed up: worked out from what each page and view declares it reads
//! ([`super::reads`]), a page's *signature* is one hash of everything it reads. `serve`
//! compares them between builds, and `build` with those of the build before (kept in the
//! dossier's cache); the hashes of where each document's and event's references lead tell
//! `serve` which kept views to make again.

use std::hash::{Hash as _, Hasher as _};
use std::path::Path;

use rayon::prelude::*;
use xxhash_rust::xxh3::{Xxh3, xxh3_64};

use crate::link::{Linked, Referrer};
use crate::markdown::{ParsedBody, Resolved, Slot};
use crate::model::{DocId, EventId, Id, IdVec};
use crate::render::reads::{Declaration, Owner, Read, Reader};
use crate::render::{EventView, Views};
use crate::source::Section;

/// A hash of what a content file says, by its path under the dossier's root.
pub type FileHash<'f> = &'f (dyn Fn(&Path) -> Option<u64> + Sync);

/// How other pages show each document and event, hashed, and the actor network.
pub struct Hashes {
    /// Per document: the hash of its list entry, all that lists and links show of it (it can
    /// depend on other documents' titles).
    items: IdVec<DocId, u64>,
    /// Per document: the hash of its file, what it says.
    files: IdVec<DocId, u64>,
    /// Per event: the hash of its view, which carries its actors' and sources' names.
    events: IdVec<EventId, u64>,
    /// The actor network.
    network: u64,
}

impl Hashes {
    pub fn new(views: &Views, file_hashes: FileHash) -> Self {
        let (items, files): (Vec<u64>, Vec<u64>) = views
            .items
            .par_ids()
            .map(|id| document_hashes(views, file_hashes, id))
            .unzip();
        Hashes {
            items: items.into(),
            files: files.into(),
            events: views.events.par_iter().map(event_hash).collect(),
            network: network_hash(views),
        }
    }

    /// The hash of an event's view.
    pub fn event(&self, id: EventId) -> u64 {
        self.events[id]
    }

    /// The hash of a document's list entry.
    pub fn entry(&self, id: DocId) -> u64 {
        self.items[id]
    }

    /// What the dossier's data files read, hashed: every list entry, every event's view, the
    /// actor network, the files of every document but the notes, and where the notes' texts
    /// and lists lead (a note's text is in no data file; its entry is, and whom it cites).
    pub fn data_hash(&self, views: &Views) -> u64 {
        let mut hasher = Xxh3::new();
        self.items.iter().for_each(|&item| hasher.write_u64(item));
        (self.events.iter()).for_each(|&event| hasher.write_u64(event));
        hasher.write_u64(self.network);
        let linked = views.linked;
        for (id, &file) in self.files.iter_with_ids() {
            if views.document(id).section != Section::Notes {
                hasher.write_u64(file);
                continue;
            }
            for body in views.document(id).bodies() {
                body.links.hash(&mut hasher);
                body.cited.hash(&mut hasher);
            }
            linked.doc_refs[id].actors.hash(&mut hasher);
            linked.doc_refs[id].sources.hash(&mut hasher);
        }
        hasher.finish()
    }

    /// The hashes after the list entries of `items`, the views of `events` and, when
    /// `network`, the actor network were made again.
    pub fn refresh(
        mut self,
        views: &Views,
        file_hashes: FileHash,
        (items, events, network): (&[DocId], &[EventId], bool),
    ) -> Self {
        for &id in items {
            (self.items[id], self.files[id]) = document_hashes(views, file_hashes, id);
        }
        for &id in events {
            self.events[id] = event_hash(&views.events[id]);
        }
        if network {
            self.network = network_hash(views);
        }
        self
    }
}

/// A document's list entry and file, hashed.
fn document_hashes(views: &Views, file_hashes: FileHash, id: DocId) -> (u64, u64) {
    let doc = views.document(id);
    let file = file_hashes(doc.file.as_path()).unwrap_or_else(|| xxh3_64(doc.title.as_bytes()));
    let mut hasher = Xxh3::new();
    hash_serialized(&mut hasher, &views.items[id]);
    (hasher.finish(), file)
}

fn event_hash(event: &EventView) -> u64 {
    let mut hasher = Xxh3::new();
    hash_serialized(&mut hasher, event);
    hasher.finish()
}

fn network_hash(views: &Views) -> u64 {
    xxh3_64(format!("{:?}", views.network.graph).as_bytes())
}

/// What a document's page reads of the dossier, summed up as one hash per page: for each read
/// its kind of page declares, the hashes of what it stands for.
pub struct Signatures<'v> {
    pub views: &'v Views<'v>,
    pub hashes: &'v Hashes,
    pub declaration: &'v Declaration,
}

impl Signatures<'_> {
    /// The signature of every document's page, on all cores (none for the home page, which
    /// declares nothing: it is made on every build).
    pub fn of_documents(&self) -> IdVec<DocId, Option<u64>> {
        let views = self.views;
        (views.items.par_ids())
            .map(|id| (views.document(id).section != Section::Home).then(|| self.of_document(id)))
            .collect()
    }

    /// The signature of a document's page.
    pub fn of_document(&self, id: DocId) -> u64 {
        let mut h = Xxh3::new();
        let reads = self.declaration.page(self.views.document(id));
        for &read in reads {
            h.write_u8(read_tag(read));
            self.hash_read(&mut h, read, id, reads);
        }
        h.finish()
    }

    fn hash_read(&self, h: &mut Xxh3, read: Read, id: DocId, reads: &[Read]) {
        let linked: &Linked = self.views.linked;
        let (items, files, events) = (&self.hashes.items, &self.hashes.files, &self.hashes.events);
        match read {
            Read::Document => {
                h.write_u64(items[id]);
                h.write_u64(files[id]);
            }
            Read::Entries(list) => list.for_each(linked, Owner::Document(id), |ids| {
                h.write_usize(ids.len());
                ids.iter().for_each(|&doc| h.write_u64(items[doc]));
            }),
            Read::Events(list) => list.for_each(linked, id, |ids| {
                h.write_usize(ids.len());
                ids.iter().for_each(|&event| h.write_u64(events[event]));
            }),
            Read::Referrers(list) => {
                let referrers = list.of(linked, id);
                h.write_usize(referrers.len());
                for referrer in referrers {
                    match *referrer {
                        Referrer::Document(doc) => h.write_u64(items[doc]),
                        Referrer::Event(event) => h.write_u64(events[event] ^ 1),
                    }
                }
            }
            Read::Links | Read::Citations | Read::Embeds => {
                let texts = TextReads::of(reads);
                // one pass over the texts hashes all three: done at the first of them
                if read == texts.first() {
                    self.hash_texts(h, id, texts, &mut vec![id]);
                }
            }
            Read::IncomingRelations => {
                for &(other, index) in &linked.doc_refs[id].incoming_relations {
                    h.write_u64(items[other]);
                    h.write_u64(files[other]);
                    h.write_usize(index);
                    let sources = linked.doc_refs[other].relation_sources.get(index);
                    for &source in sources.into_iter().flatten() {
                        h.write_u64(items[source]);
                    }
                    let note = self.views.document(other).actor.as_ref();
                    let note = note.and_then(|a| a.relations.get(index)?.note.as_ref());
                    if let Some(note) = note {
                        self.hash_text(h, note, texts_of_note(), &mut vec![id]);
                    }
                }
            }
            Read::Network => h.write_u64(self.hashes.network),
            Read::History => {
                let history = linked.dossier.history.as_ref();
                let file = &self.views.document(id).file;
                let changed = history.and_then(|history| history.last_changed(file));
                h.write(
                    changed
                        .map(|date| date.to_rfc3339())
                        .unwrap_or_default()
                        .as_bytes(),
                );
            }
        }
    }

    /// What the texts of `id` read: the documents they link to or cite, and, for notes embedded
    /// whole, what those say and read in turn.
    fn hash_texts(&self, h: &mut Xxh3, id: DocId, texts: TextReads, embedded: &mut Vec<DocId>) {
        for body in self.views.document(id).bodies() {
            self.hash_text(h, body, texts, embedded);
        }
    }

    fn hash_text(
        &self,
        h: &mut Xxh3,
        body: &ParsedBody,
        texts: TextReads,
        embedded: &mut Vec<DocId>,
    ) {
        let (items, files) = (&self.hashes.items, &self.hashes.files);
        if texts.links {
            for resolved in &body.links {
                match resolved {
                    Resolved::Document { doc, anchor } => {
                        h.write_u64(items[*doc]);
                        h.write(anchor.as_deref().unwrap_or("").as_bytes());
                    }
                    Resolved::Asset(path) => h.write(path.as_bytes()),
                    Resolved::Broken => h.write_u8(0),
                }
            }
        }
        if texts.citations {
            for resolved in &body.cited {
                match resolved {
                    Resolved::Document { doc, .. } => {
                        h.write_u64(items[*doc]);
                        h.write_u64(files[*doc]);
                    }
                    _ => h.write_u8(0),
                }
            }
        }
        if texts.embeds {
            for slot in &body.slots {
                if let Slot::NoteEmbed(reference) = slot
                    && let Some(Resolved::Document { doc, .. }) = body.links.get(*reference)
                    && !embedded.contains(doc)
                {
                    embedded.push(*doc);
                    h.write_u64(files[*doc]);
                    self.hash_texts(h, *doc, texts, embedded);
                }
            }
        }
    }
}

/// Which of the reads of texts a page declares.
#[derive(Debug, Clone, Copy)]
struct TextReads {
    links: bool,
    citations: bool,
    embeds: bool,
}

impl TextReads {
    fn of(reads: &[Read]) -> Self {
        TextReads {
            links: reads.contains(&Read::Links),
            citations: reads.contains(&Read::Citations),
            embeds: reads.contains(&Read::Embeds),
        }
    }

    /// The first of them declared, in the order links, citations, embeds.
    fn first(self) -> Read {
        match self {
            TextReads { links: true, .. } => Read::Links,
            TextReads {
                citations: true, ..
            } => Read::Citations,
            _ => Read::Embeds,
        }
    }
}

/// A relation's note is a text another actor wrote: shown with its links and citations filled,
/// as every text is.
fn texts_of_note() -> TextReads {
    TextReads {
        links: true,
        citations: true,
        embeds: true,
    }
}

/// A distinct byte per kind of read, so that two pages reading different things never hash
/// the same by accident.
fn read_tag(read: Read) -> u8 {
    match read {
        Read::Document => 1,
        Read::Entries(_) => 2,
        Read::Events(_) => 3,
        Read::Referrers(_) => 4,
        Read::Links => 5,
        Read::Citations => 6,
        Read::Embeds => 7,
        Read::IncomingRelations => 8,
        Read::Network => 9,
        Read::History => 10,
    }
}

/// Per document and per event: where the references its readers follow lead, hashed. After a
/// new name, the ones that differ show which kept views have to be made again.
pub struct ReferenceHashes {
    documents: IdVec<DocId, u64>,
    events: IdVec<EventId, u64>,
}

impl ReferenceHashes {
    pub fn of(linked: &Linked, declaration: &Declaration) -> Self {
        let reads = declaration.all();
        let hash = |write: &dyn Fn(&mut Xxh3)| {
            let mut hasher = Xxh3::new();
            write(&mut hasher);
            hasher.finish()
        };
        let documents = linked
            .dossier
            .documents
            .par_ids()
            .map(|id| {
                hash(&|h| {
                    for body in linked.dossier.documents[id].bodies() {
                        hash_text_references(h, body, &reads);
                    }
                    hash_outgoing(h, linked, Owner::Document(id), &reads);
                })
            })
            .collect();
        let event_reads = declaration.of(Reader::Event);
        let events = linked
            .dossier
            .events
            .par_ids()
            .map(|id| {
                hash(&|h| {
                    if let Some(summary) = &linked.dossier.events[id].summary {
                        hash_text_references(h, summary, event_reads);
                    }
                    hash_outgoing(h, linked, Owner::Event(id), event_reads);
                })
            })
            .collect();
        ReferenceHashes { documents, events }
    }

    /// What `self` and `now` differ in: the documents and the events.
    pub fn changed(&self, now: &ReferenceHashes) -> (Vec<DocId>, Vec<EventId>) {
        fn differ<I: Id>(a: &IdVec<I, u64>, b: &IdVec<I, u64>) -> Vec<I> {
            (0..a.len().max(b.len()))
                .map(I::new)
                .filter(|&id| a.get(id) != b.get(id))
                .collect()
        }
        (
            differ(&self.documents, &now.documents),
            differ(&self.events, &now.events),
        )
    }
}

/// Where a text's links and citations lead, as far as `reads` follow them (embeds are links).
fn hash_text_references(h: &mut Xxh3, body: &ParsedBody, reads: &[Read]) {
    if reads.contains(&Read::Links) || reads.contains(&Read::Embeds) {
        body.links.hash(h);
    }
    if reads.contains(&Read::Citations) {
        body.cited.hash(h);
    }
}

/// The lists resolved from the owner's own file that `reads` follow. Lists gathered from
/// others (backlinks, incoming relations, an actor's events and notes) are the reverse of
/// those others' own lists, hashed there.
fn hash_outgoing(h: &mut Xxh3, linked: &Linked, owner: Owner, reads: &[Read]) {
    for &read in reads {
        match (read, owner) {
            (Read::Entries(list), _) if list.is_outgoing() => {
                list.for_each(linked, owner, |ids| ids.hash(h))
            }
            (Read::Events(list), Owner::Document(id)) if list.is_outgoing() => {
                list.for_each(linked, id, |ids| ids.hash(h))
            }
            _ => {}
        }
    }
}

/// Feeds a value's JSON into the hasher.
pub fn hash_serialized(hasher: &mut Xxh3, value: &impl serde::Serialize) {
    struct Feed<'h>(&'h mut Xxh3);
    impl std::io::Write for Feed<'_> {
        fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
            self.0.update(bytes);
            Ok(bytes.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
    // views are plain data: serialising them cannot fail
    let _ = serde_json::to_writer(Feed(hasher), value);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::reads::{DocList, EventList, ReferrerList};

    #[test]
    fn every_read_has_its_own_tag() {
        let reads = [
            Read::Document,
            Read::Entries(DocList::Actors),
            Read::Events(EventList::ActorEvents),
            Read::Referrers(ReferrerList::Backlinks),
            Read::Links,
            Read::Citations,
            Read::Embeds,
            Read::IncomingRelations,
            Read::Network,
        ];
        let mut tags: Vec<u8> = reads.iter().map(|&r| read_tag(r)).collect();
        tags.sort_unstable();
        tags.dedup();
        assert_eq!(tags.len(), reads.len());
    }
}
