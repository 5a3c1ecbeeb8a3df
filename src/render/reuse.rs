//! Pages an earlier build made that this one can leave as they are: each page that declares
//! what it reads carries a *signature* of it ([`super::signatures`]); a page whose signature
//! is the one it was rendered with last time, under the same generator, settings and theme, is
//! the same page, and `build` keeps its file and its search record instead of rendering it.
//!
//! Signed are the pages of notes, actors and sources (by [`super::reads`]); the parts of a print
//! page cut into parts (by the signatures of the documents they hold, the views of their events
//! and where every part's documents are); the timeline's pages (by the views of their events,
//! the kinds of those events' actors, and their filters and links to the parts); and the tags'
//! pages (by the list entries and event views they show); the data files (by every list entry,
//! event view, the network and every file but the notes' texts). Everything else is made on
//! every build: the home page, the indexes, the graph, the overviews, the sitemap and feeds,
//! the previews.

use std::hash::Hasher as _;
use std::path::Path;

use rayon::prelude::*;
use xxhash_rust::xxh3::Xxh3;

use super::Views;
use super::reads::Declaration;
use super::signatures::{Hashes, Signatures, hash_serialized};
use crate::model::{DocId, EventId, IdVec};
use crate::source::Section;

/// What a build knows of the pages the last one made. Called from many threads at once.
pub trait Reuse: Sync {
    /// A hash of what the content file at `path` (under the dossier's root) says.
    fn file_hash(&self, path: &Path) -> Option<u64>;
    /// Whether the page at `path` (`notes/lage/index.html`), which would be rendered from what
    /// `signature` sums up, stands as the last build left it: then it is not rendered again.
    fn reuse(&self, path: &str, signature: u64) -> bool;
    /// The page at `path` is this build's with `signature`, rendered again or not.
    fn signed(&self, path: &str, signature: u64);
}

/// The signatures of one build's pages: of each document's page, and what the print page's
/// parts are signed from.
#[derive(Debug, Clone)]
pub struct PageSignatures {
    /// Per document: its page's signature (`None` for the home page, which declares nothing).
    pub documents: IdVec<DocId, Option<u64>>,
    /// Per document: a hash of its list entry.
    pub entries: IdVec<DocId, u64>,
    /// Per event: a hash of its view.
    pub events: IdVec<EventId, u64>,
    /// What the data files read (the JSON, CSV, FollowTheMoney and GraphML exports).
    pub data: u64,
}

impl PageSignatures {
    /// The signatures of the pages of `views`, by what the pages declare they read.
    pub fn of(views: &Views, reuse: &dyn Reuse) -> PageSignatures {
        let hashes = Hashes::new(views, &|path| reuse.file_hash(path));
        let declaration = Declaration::default();
        let signatures = Signatures {
            views,
            hashes: &hashes,
            declaration: &declaration,
        };
        let documents = views
            .items
            .par_ids()
            .map(|id| {
                (views.document(id).section != Section::Home).then(|| signatures.of_document(id))
            })
            .collect();
        PageSignatures {
            documents,
            entries: hashes.entry_hashes().clone(),
            events: hashes.event_hashes().clone(),
            data: hashes.data_hash(views),
        }
    }
}

/// A hasher for a signature made of parts: each part written with its length.
#[derive(Default)]
pub struct SignatureHasher(Xxh3);

impl SignatureHasher {
    pub fn text(&mut self, text: &str) -> &mut Self {
        self.0.write_usize(text.len());
        self.0.update(text.as_bytes());
        self
    }

    pub fn number(&mut self, number: u64) -> &mut Self {
        self.0.write_u64(number);
        self
    }

    /// A value as its JSON says it.
    pub fn value(&mut self, value: &impl serde::Serialize) -> &mut Self {
        hash_serialized(&mut self.0, value);
        self.0.write_u8(0);
        self
    }

    pub fn finish(&self) -> u64 {
        self.0.finish()
    }
}
