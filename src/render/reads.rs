//! What each kind of page, and each view kept between builds, reads of the dossier: declared
//! here once, and nowhere else.
//!
//! `serve` renders a page again only when something it reads changed, and remakes a kept view
//! (a list entry, an event) only when something it reads changed. Both are worked out from this
//! declaration alone: a page's *signature* hashes what each of its [`Read`]s stands for, the
//! views to remake follow the reads of [`ENTRY`] and [`EVENT`], and the references whose
//! targets are compared after a new name are those the reads follow.
//!
//! The rule: **whatever a page or view shows of the dossier, its kind declares here.** A page
//! that starts to show something new (another document's field, a list from the link stage)
//! adds the read that stands for it, or, for a kind of input not covered yet, a new [`Read`]
//! with its meaning in `serve`'s signatures. A test edits each declared input alone and shows
//! the page changes in a full build, and that `serve` leaves it stale without the entry.

use crate::link::{Linked, Referrer};
use crate::model::{DocId, Document, EventId};
use crate::source::Section;

/// One thing a page or a view reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Read {
    /// Everything the document's own file says (for an event: the event as written).
    Document,
    /// The list entries (title, URL, summary, date, kind) of the documents in one of its lists.
    Entries(DocList),
    /// The views (date, title, summary, chips) of the events in one of its lists.
    Events(EventList),
    /// The list entries of the documents and events that refer to it in one way.
    Referrers(ReferrerList),
    /// What its texts link to: the list entries of linked documents (a link may show the
    /// title), the anchors, the assets.
    Links,
    /// The sources its texts cite: their files (a reference list shows publisher and date).
    Citations,
    /// The notes its texts embed whole: their files, and what those link to, cite and embed.
    Embeds,
    /// Relations written on other actors that point here: those actors' files, and the list
    /// entries of the sources each relation rests on.
    IncomingRelations,
    /// The actor network, laid out from every actor and relation.
    Network,
    /// When the document's file last changed, by the version history (git): a page shows it
    /// unless `updated` says otherwise.
    History,
}

/// A list of documents the link stage resolved for a document or an event.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DocList {
    /// The document's `actors:`.
    Actors,
    /// The document's `sources:`.
    Sources,
    /// An actor's relations' targets.
    RelationTargets,
    /// The sources each of an actor's relations rests on.
    RelationSources,
    /// The sources each claim of a source rests on.
    ClaimSources,
    /// The notes naming an actor in their `actors:` (the reverse of [`DocList::Actors`]).
    ActorNotes,
    /// An event's `actors:`.
    EventActors,
    /// An event's `sources:`.
    EventSources,
}

/// A list of events the link stage resolved for a document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum EventList {
    /// The events naming an actor.
    ActorEvents,
    /// The events each claim of a source rests on.
    ClaimEvents,
}

/// Documents and events that refer to a document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ReferrerList {
    /// Those whose text links to it.
    Backlinks,
    /// Those that cite it or rest on it (sources).
    CitedBy,
}

/// The kinds of document page. The pages made from the whole dossier (the lists, the timeline
/// and its parts, the tags, the graph, the evidence overview, the print page and its parts,
/// search, 404, the data and changes pages) are made again on every build of `serve`
/// ([`super::PageGroup::site_wide`]), so they declare nothing; how the timeline and the print
/// page are cut into parts ([`super::split`]) is worked out anew with them, and the changes
/// page and its feed read the version history, which `serve` asks git about on every build.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PageKind {
    /// The home page: it shows the whole dossier and is made with the site-wide pages on every
    /// build, so it declares nothing.
    Home,
    Note,
    Actor,
    Source,
}

impl PageKind {
    pub const ALL: [PageKind; 4] = [
        PageKind::Home,
        PageKind::Note,
        PageKind::Actor,
        PageKind::Source,
    ];

    /// The kind of a document's page: what its builder shows depends on it.
    pub fn of(doc: &Document) -> PageKind {
        match (doc.section, &doc.actor, &doc.source) {
            (Section::Home, _, _) => PageKind::Home,
            (_, Some(_), _) => PageKind::Actor,
            (_, _, Some(_)) => PageKind::Source,
            _ => PageKind::Note,
        }
    }
}

/// What every document page reads: its file, its texts, its `actors:` and `sources:` (chips,
/// links and structured data), who links to it, and when its file last changed.
const DOCUMENT_PAGE: [Read; 8] = [
    Read::Document,
    Read::Links,
    Read::Citations,
    Read::Embeds,
    Read::Entries(DocList::Actors),
    Read::Entries(DocList::Sources),
    Read::Referrers(ReferrerList::Backlinks),
    Read::History,
];

/// A note's page.
pub const NOTE: &[Read] = &DOCUMENT_PAGE;

/// What every document page reads, then `more`: a read added to [`DOCUMENT_PAGE`] reaches every
/// kind of document page, and a count that no longer adds up fails to compile.
const fn document_page_and<const MORE: usize, const ALL: usize>(more: [Read; MORE]) -> [Read; ALL] {
    assert!(
        DOCUMENT_PAGE.len() + MORE == ALL,
        "ALL must be DOCUMENT_PAGE's reads and MORE"
    );
    let mut all = [Read::Document; ALL];
    let mut i = 0;
    while i < ALL {
        all[i] = match i < DOCUMENT_PAGE.len() {
            true => DOCUMENT_PAGE[i],
            false => more[i - DOCUMENT_PAGE.len()],
        };
        i += 1;
    }
    all
}

/// An actor's page: a document page, with relations both ways (and the sources they rest on),
/// the events and notes naming the actor, and its neighbourhood in the network. The targets of
/// its relations are read through the network: a relation shows its target's name, link and
/// slug, which the network draws (a page that showed more of them would declare
/// `Entries(DocList::RelationTargets)`).
pub const ACTOR: &[Read] = &document_page_and::<5, 13>([
    Read::Entries(DocList::RelationSources),
    Read::IncomingRelations,
    Read::Events(EventList::ActorEvents),
    Read::Entries(DocList::ActorNotes),
    Read::Network,
]);

/// A source's page: a document page, with its claims (the sources and events each rests on)
/// and who cites it.
pub const SOURCE: &[Read] = &document_page_and::<3, 11>([
    Read::Entries(DocList::ClaimSources),
    Read::Events(EventList::ClaimEvents),
    Read::Referrers(ReferrerList::CitedBy),
]);

/// A document's list entry ([`super::views::ItemView`]): its file, and its summary filled
/// (the names of what it links to or cites, the notes it embeds).
pub const ENTRY: &[Read] = &[Read::Document, Read::Links, Read::Citations, Read::Embeds];

/// An event's view ([`super::views::EventView`]): its summary filled, and the names on its
/// actor and source chips. (It shows the event as written too, and its address names the
/// timeline part holding it, which follows from the timeline alone; but an edit to a timeline
/// makes every view anew: no entry is needed for either.)
pub const EVENT: &[Read] = &[
    Read::Links,
    Read::Citations,
    Read::Embeds,
    Read::Entries(DocList::EventActors),
    Read::Entries(DocList::EventSources),
];

/// The whole declaration: what each page kind and each kept view reads. `serve` is handed one
/// (the one above, [`Declaration::DECLARED`]); tests hand it one with an entry left out.
#[derive(Debug, Clone)]
pub struct Declaration {
    note: Vec<Read>,
    actor: Vec<Read>,
    source: Vec<Read>,
    entry: Vec<Read>,
    event: Vec<Read>,
}

/// What a [`Declaration`] holds reads for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Reader {
    Page(PageKind),
    /// A document's list entry.
    Entry,
    /// An event's view.
    Event,
}

impl Reader {
    pub const ALL: [Reader; 6] = [
        Reader::Page(PageKind::Home),
        Reader::Page(PageKind::Note),
        Reader::Page(PageKind::Actor),
        Reader::Page(PageKind::Source),
        Reader::Entry,
        Reader::Event,
    ];
}

impl Default for Declaration {
    fn default() -> Self {
        Declaration {
            note: NOTE.to_vec(),
            actor: ACTOR.to_vec(),
            source: SOURCE.to_vec(),
            entry: ENTRY.to_vec(),
            event: EVENT.to_vec(),
        }
    }
}

impl Declaration {
    /// What `reader` reads.
    pub fn of(&self, reader: Reader) -> &[Read] {
        match reader {
            Reader::Page(PageKind::Home) => &[],
            Reader::Page(PageKind::Note) => &self.note,
            Reader::Page(PageKind::Actor) => &self.actor,
            Reader::Page(PageKind::Source) => &self.source,
            Reader::Entry => &self.entry,
            Reader::Event => &self.event,
        }
    }

    /// Whether `reader` reads `read`.
    pub fn reads(&self, reader: Reader, read: Read) -> bool {
        self.of(reader).contains(&read)
    }

    /// What a document's page reads.
    pub fn page(&self, doc: &Document) -> &[Read] {
        self.of(Reader::Page(PageKind::of(doc)))
    }

    /// Every read of every reader, each once, in declaration order.
    pub fn all(&self) -> Vec<Read> {
        let mut all: Vec<Read> = Vec::new();
        for reader in Reader::ALL {
            for &read in self.of(reader) {
                if !all.contains(&read) {
                    all.push(read);
                }
            }
        }
        all
    }

    /// The declaration with `read` left out of what `reader` reads: for the test that shows
    /// every entry is needed.
    pub fn without(mut self, reader: Reader, read: Read) -> Self {
        let reads = match reader {
            Reader::Page(PageKind::Home) => return self,
            Reader::Page(PageKind::Note) => &mut self.note,
            Reader::Page(PageKind::Actor) => &mut self.actor,
            Reader::Page(PageKind::Source) => &mut self.source,
            Reader::Entry => &mut self.entry,
            Reader::Event => &mut self.event,
        };
        reads.retain(|r| *r != read);
        self
    }
}

impl DocList {
    /// Hands `each` the lists of this kind its owner has: one per relation or claim for the
    /// lists of those, else one (none for a list the other kind of owner has). A relation's
    /// target is a list of one, or of none when it leads nowhere.
    pub fn for_each<'l>(self, linked: &'l Linked, owner: Owner, mut each: impl FnMut(&'l [DocId])) {
        match (self, owner) {
            (DocList::Actors, Owner::Document(id)) => each(&linked.doc_refs[id].actors),
            (DocList::Sources, Owner::Document(id)) => each(&linked.doc_refs[id].sources),
            (DocList::ActorNotes, Owner::Document(id)) => each(&linked.doc_refs[id].actor_notes),
            (DocList::RelationTargets, Owner::Document(id)) => linked.doc_refs[id]
                .relation_targets
                .iter()
                .for_each(|t| each(t.as_slice())),
            (DocList::RelationSources, Owner::Document(id)) => linked.doc_refs[id]
                .relation_sources
                .iter()
                .for_each(|l| each(l)),
            (DocList::ClaimSources, Owner::Document(id)) => linked.doc_refs[id]
                .claim_sources
                .iter()
                .for_each(|l| each(l)),
            (DocList::EventActors, Owner::Event(id)) => each(&linked.event_refs[id].actors),
            (DocList::EventSources, Owner::Event(id)) => each(&linked.event_refs[id].sources),
            _ => {}
        }
    }

    /// Whether the list is resolved from its owner's own file, not gathered from others'.
    pub fn is_outgoing(self) -> bool {
        !matches!(self, DocList::ActorNotes)
    }
}

impl EventList {
    /// Hands `each` the lists of this kind a document has (one per claim for claim events).
    pub fn for_each<'l>(self, linked: &'l Linked, id: DocId, mut each: impl FnMut(&'l [EventId])) {
        match self {
            EventList::ActorEvents => each(&linked.doc_refs[id].actor_events),
            EventList::ClaimEvents => linked.doc_refs[id]
                .claim_events
                .iter()
                .for_each(|l| each(l)),
        }
    }

    /// Whether the list is resolved from its owner's own file.
    pub fn is_outgoing(self) -> bool {
        self == EventList::ClaimEvents
    }
}

impl ReferrerList {
    pub fn of(self, linked: &Linked, id: DocId) -> &[Referrer] {
        match self {
            ReferrerList::Backlinks => &linked.doc_refs[id].backlinks,
            ReferrerList::CitedBy => &linked.doc_refs[id].cited_by,
        }
    }
}

/// Whose list: a document's or an event's.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Owner {
    Document(DocId),
    Event(EventId),
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_kinds_share_what_every_document_page_reads() {
        for reads in [NOTE, ACTOR, SOURCE] {
            for read in DOCUMENT_PAGE {
                assert!(reads.contains(&read), "{read:?}");
            }
        }
    }

    #[test]
    fn leaving_a_read_out_leaves_the_others() {
        let declaration = Declaration::default();
        let without = declaration
            .clone()
            .without(Reader::Page(PageKind::Actor), Read::Network);
        assert!(!without.reads(Reader::Page(PageKind::Actor), Read::Network));
        assert_eq!(
            without.of(Reader::Page(PageKind::Actor)).len() + 1,
            declaration.of(Reader::Page(PageKind::Actor)).len()
        );
        assert_eq!(without.of(Reader::Entry), declaration.of(Reader::Entry));
    }
}
