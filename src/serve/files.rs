//! The files of content/ as `serve` keeps them between builds: read and parsed once, and read
//! again only when changed.

use std::collections::{HashMap, HashSet};
use std::hash::Hasher as _;
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use xxhash_rust::xxh3::Xxh3;

use crate::config::Config;
use crate::diagnostic::Diagnostic;
use crate::model::{self, LoadedFile};
use crate::source::{self, RawFile};

/// Every file of content/ in the order a walk found it, as read and parsed.
#[derive(Default)]
pub struct ContentFiles {
    files: Vec<(source::FoundFile, ParsedFile)>,
    /// What the last walk warned about.
    walk_problems: Vec<Diagnostic>,
}

#[derive(Clone)]
pub struct ParsedFile {
    /// What the file says, hashed ([`hash_raw`]).
    pub hash: u64,
    pub loaded: Option<LoadedFile>,
    pub diagnostics: Vec<Diagnostic>,
}

impl ContentFiles {
    /// Whether every path of `changed` is a file read before and still there: then they are
    /// edits, and no walk is needed.
    pub fn only_edits(&self, root: &Path, changed: &[PathBuf]) -> bool {
        !changed.is_empty()
            && changed
                .iter()
                .all(|path| self.find(path).is_some() && root.join(path).is_file())
    }

    /// Reads again what `changed` names: only those files when they are all edits, else a
    /// walk of content/ that keeps the files read before and not changed.
    pub fn read_again(&mut self, root: &Path, changed: &[PathBuf], config: &Config) {
        if self.only_edits(root, changed) {
            let edited: HashSet<&Path> = changed.iter().map(PathBuf::as_path).collect();
            self.files
                .par_iter_mut()
                .filter(|(file, _)| edited.contains(file.rel.as_path()))
                .for_each(|(file, parsed)| *parsed = parse_file(file.clone(), config));
            return;
        }
        let (found, problems) = source::walk_content(root);
        let mut previous: HashMap<PathBuf, ParsedFile> = std::mem::take(&mut self.files)
            .into_iter()
            .map(|(file, parsed)| (file.rel, parsed))
            .collect();
        let kept: Vec<Option<ParsedFile>> = found
            .iter()
            .map(|file| match is_stale(changed, &file.rel) {
                true => None,
                false => previous.remove(&file.rel),
            })
            .collect();
        self.files = found
            .into_par_iter()
            .zip(kept)
            .map(|(file, kept)| {
                let parsed = kept.unwrap_or_else(|| parse_file(file.clone(), config));
                (file, parsed)
            })
            .collect();
        self.walk_problems = problems;
    }

    /// What the walk and every file reported.
    pub fn diagnostics(&self) -> impl Iterator<Item = Diagnostic> + '_ {
        (self.walk_problems.iter())
            .chain(
                self.files
                    .iter()
                    .flat_map(|(_, parsed)| &parsed.diagnostics),
            )
            .cloned()
    }

    /// What the file set and every file's content hash to, as a whole.
    pub fn content_hash(&self) -> u64 {
        let mut content = Xxh3::new();
        for (file, parsed) in &self.files {
            content.write(file.rel.as_os_str().as_encoded_bytes());
            content.write_u64(parsed.hash);
        }
        content.finish()
    }

    /// Each file's hash, by its path under the root.
    pub fn hashes(&self) -> HashMap<&Path, u64> {
        self.files
            .iter()
            .map(|(file, parsed)| (file.rel.as_path(), parsed.hash))
            .collect()
    }

    /// Every file that loaded, in walk order.
    pub fn loaded(&self) -> Vec<LoadedFile> {
        self.files
            .iter()
            .filter_map(|(_, parsed)| parsed.loaded.clone())
            .collect()
    }

    /// The file at `path` under the root, as parsed.
    pub fn find(&self, path: &Path) -> Option<&ParsedFile> {
        self.files
            .iter()
            .find(|(file, _)| file.rel.as_os_str() == path.as_os_str())
            .map(|(_, parsed)| parsed)
    }
}

/// Whether `rel` is, or lies under, one of the `changed` paths.
pub fn is_stale(changed: &[PathBuf], rel: &Path) -> bool {
    changed.iter().any(|c| rel.starts_with(c))
}

fn parse_file(found: source::FoundFile, config: &Config) -> ParsedFile {
    match source::read_file(found) {
        Ok(raw) => {
            let hash = hash_raw(&raw);
            let (loaded, diagnostics) = model::load_file(raw, config);
            ParsedFile {
                hash,
                loaded: Some(loaded),
                diagnostics,
            }
        }
        Err(failure) => ParsedFile {
            hash: 0,
            loaded: failure.note.map(model::unread_file),
            diagnostics: vec![failure.diagnostic],
        },
    }
}

/// What a file says: its text (for a copied file, its path; its bytes are not shown on pages).
fn hash_raw(raw: &RawFile) -> u64 {
    let mut hasher = Xxh3::new();
    match raw {
        RawFile::Document(doc) => {
            if let Some(front_matter) = &doc.front_matter {
                hasher.write(front_matter.text.as_bytes());
            }
            hasher.write_u8(0xff);
            hasher.write(doc.body.as_bytes());
            hasher.write_usize(doc.body_first_line);
        }
        RawFile::Timeline(timeline) => hasher.write(timeline.text.as_bytes()),
        RawFile::Asset(asset) => hasher.write(asset.path.as_bytes()),
    }
    hasher.finish()
}
