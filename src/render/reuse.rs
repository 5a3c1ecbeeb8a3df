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

use xxhash_rust::xxh3::Xxh3;

use super::Views;
use super::reads::Declaration;
use super::signatures::{Hashes, Signatures, hash_serialized};
use crate::model::{DocId, IdVec};

/// What a build knows of the pages the last one made. Called from many threads at once.
pub trait Reuse: Sync {
    /// A hash of what the content file at `path` (under the dossier's root) says.
    fn file_hash(&self, path: &Path) -> Option<u64>;
    /// Takes note that the page at `path` (`notes/lage/index.html`) is this build's, made from
    /// what `signature` sums up, and says whether it stands as the last build left it: then it
    /// is not made again.
    fn reuse(&self, path: &str, signature: u64) -> bool;
}

/// Whether the file at `path`, when it is signed, stands as the last build left it.
pub fn reused(reuse: Option<&dyn Reuse>, path: &str, signature: Option<u64>) -> bool {
    match (reuse, signature) {
        (Some(reuse), Some(signature)) => reuse.reuse(path, signature),
        _ => false,
    }
}

/// The signatures of one build's pages: of each document's page, and the hashes the other
/// signed pages are signed from.
pub struct PageSignatures {
    /// Per document: its page's signature (`None` for the home page, which declares nothing).
    pub documents: IdVec<DocId, Option<u64>>,
    /// The hashes of the list entries, the events' views, the network and the files.
    pub hashes: Hashes,
}

impl PageSignatures {
    /// The signatures of the pages of `views`, by what the pages declare they read.
    pub fn of(views: &Views, reuse: &dyn Reuse) -> PageSignatures {
        let hashes = Hashes::new(views, &|path| reuse.file_hash(path));
        let documents = Signatures {
            views,
            hashes: &hashes,
            declaration: &Declaration::default(),
        }
        .of_documents();
        PageSignatures { documents, hashes }
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
