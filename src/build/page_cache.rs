//! The signed pages of the last build ([`crate::render::reuse`]), kept in the dossier's cache
//! folder (`.dossier-cache/pages.json`): for each, the signature it was made with, the hash of
//! the file it left in the output folder and the name of its search record. A page whose
//! signature is the same, under the same site key and into the same output folder, is left as
//! it is, when the output folder still holds that very file as the last build left it and the
//! cache that record. A cache that is missing, stale or unreadable leaves every page to be made;
//! one that cannot be written only makes the next build slower.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use serde::{Deserialize, Serialize};

use crate::render::{Destination, Reuse};
use crate::search::{CACHE_DIR, Indexer, save_json};

const FILE: &str = "pages.json";
/// Raised whenever what is kept here changes its meaning.
const FORMAT: u32 = 1;

/// What one build leaves for the next.
#[derive(Debug, Default, Serialize, Deserialize)]
pub struct Stored {
    format: u32,
    /// What every page was made with ([`super::fingerprint::of_site`]).
    site: String,
    /// The output folder the pages were written to.
    output: PathBuf,
    /// By page path: its signature, the hash of its file, its search record's file.
    pages: HashMap<String, (u64, String, Option<String>)>,
}

/// The pages of the last build, for this one to leave as they are where it can.
pub struct PageCache<'b> {
    last: Stored,
    file_hashes: Arc<HashMap<PathBuf, u64>>,
    output: &'b dyn Destination,
    indexer: Option<&'b Indexer>,
    /// The signed pages of this build, by path.
    signed: Mutex<Vec<(String, u64)>>,
    reused: AtomicUsize,
}

impl<'b> PageCache<'b> {
    /// The cache of the dossier at `root`, as far as it holds pages made with `site` into
    /// `output_dir`; `file_hashes` says what each content file says now.
    pub fn load(
        root: &Path,
        site: String,
        output_dir: &Path,
        file_hashes: Arc<HashMap<PathBuf, u64>>,
        output: &'b dyn Destination,
        indexer: Option<&'b Indexer>,
    ) -> Self {
        let read = std::fs::read(root.join(CACHE_DIR).join(FILE)).ok();
        let last = read.and_then(|bytes| serde_json::from_slice::<Stored>(&bytes).ok());
        let fits = |stored: &Stored| {
            stored.format == FORMAT && stored.site == site && stored.output == output_dir
        };
        let mut last = last.filter(fits).unwrap_or_default();
        last.site = site;
        last.output = output_dir.to_path_buf();
        PageCache {
            last,
            file_hashes,
            output,
            indexer,
            signed: Mutex::default(),
            reused: AtomicUsize::new(0),
        }
    }

    /// How many pages were left as they were.
    pub fn reused(&self) -> usize {
        self.reused.load(Ordering::Relaxed)
    }

    /// What this build leaves for the next: its signed pages with the files they have in the
    /// output and their search records. Asked once every page is made, before the commit.
    pub fn finish(self) -> Stored {
        let signed = self.signed.into_inner().unwrap_or_else(|e| e.into_inner());
        let pages = signed
            .into_iter()
            .filter_map(|(path, signature)| {
                let file = self.output.written_hash(&path)?;
                let record = self.indexer.and_then(|indexer| indexer.record_file(&path));
                Some((path, (signature, file, record)))
            })
            .collect();
        Stored {
            format: FORMAT,
            pages,
            ..self.last
        }
    }
}

impl Stored {
    /// Keeps this in the cache of the dossier at `root`, for the next build.
    pub fn save(&self, root: &Path) {
        save_json(&root.join(CACHE_DIR).join(FILE), self);
    }

    /// Removes the kept pages from the cache of the dossier at `root`: the build that made them
    /// did not finish, or finished with problems that pages made again must show.
    pub fn forget(root: &Path) {
        let _ = std::fs::remove_file(root.join(CACHE_DIR).join(FILE));
    }
}

impl Reuse for PageCache<'_> {
    fn file_hash(&self, path: &Path) -> Option<u64> {
        self.file_hashes.get(path).copied()
    }

    fn reuse(&self, path: &str, signature: u64) -> bool {
        (self.signed.lock().unwrap_or_else(|e| e.into_inner())).push((path.to_owned(), signature));
        let Some((last, file, record)) = self.last.pages.get(path) else {
            return false;
        };
        // the output's file first: keeping it changes nothing when the page is made after all
        let kept = *last == signature
            && self.output.keep(path, file)
            && match (record, self.indexer) {
                (Some(record), Some(indexer)) => indexer.reuse_record(path, record),
                (Some(_), None) => false,
                // not a page of the index (whether a page is one follows from the site key)
                (None, _) => true,
            };
        if kept {
            self.reused.fetch_add(1, Ordering::Relaxed);
        }
        kept
    }
}
