//! The search records of earlier builds, in `.dossier-cache/search/` beside site.toml: one file
//! per page, named by an xxh3 hash of the record format's version, the language, the page's
//! URL and its HTML, so a page whose HTML is unchanged reuses its record. Each file starts with
//! an xxh3 hash of the rest (the record's JSON, its gzipped fragment and its packed words, each
//! after its length); a file that is missing, does not match it or does not read as a record
//! of that page is made again, never trusted. Files no page used in a build are removed after it;
//! nothing else in the folder, or outside it, is touched.
//!
//! Beside them, `index.json` lists the files of the last index named by their content (word
//! chunks, filters, the meta file) with the SHA-1 of what each holds and the hash of its bytes
//! in the output: a file whose name, SHA-1 and bytes are those of the last build's stands as
//! it is, not compressed again.

use std::collections::{HashMap, HashSet};

use serde::{Deserialize, Serialize};
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use xxhash_rust::xxh3::{Xxh3, xxh3_128};

use super::record::Record;

/// The folder of the generator's cache, under the dossier's root.
pub const CACHE_DIR: &str = ".dossier-cache";
/// Raised whenever a record's content or its making changes, so old records are not read.
const FORMAT_VERSION: &str = "pagefind-1.6.0 record 2";
const EXTENSION: &str = "rec";
const INDEX_FILES: &str = "index.json";

/// What `index.json` holds.
#[derive(Default, Serialize, Deserialize)]
struct IndexFiles {
    /// The generator's version: another one may compress the same content otherwise.
    generator: String,
    /// By path in the output: the SHA-1 of the content, the hash of the bytes written.
    files: HashMap<String, (String, String)>,
}

/// The record cache of one build.
#[derive(Debug)]
pub struct RecordCache {
    dir: PathBuf,
    language: String,
    used: Mutex<HashSet<String>>,
    /// The folder held records when the build began: else no record is looked for in it.
    had_records: bool,
    /// The folder is made, once, before the first record is written.
    made: std::sync::OnceLock<bool>,
}

impl RecordCache {
    /// The cache of the dossier at `root`, for pages in `language`.
    pub fn new(root: &Path, language: &str) -> RecordCache {
        let dir = root.join(CACHE_DIR).join("search");
        let had_records = std::fs::read_dir(&dir).is_ok_and(|mut entries| entries.next().is_some());
        RecordCache {
            dir,
            language: language.to_owned(),
            used: Mutex::default(),
            had_records,
            made: std::sync::OnceLock::new(),
        }
    }

    /// The name of the file of this page's record.
    fn file_name(&self, url: &str, html: &[u8]) -> String {
        let mut hasher = Xxh3::new();
        for part in [
            FORMAT_VERSION.as_bytes(),
            self.language.as_bytes(),
            url.as_bytes(),
        ] {
            hasher.update(&(part.len() as u64).to_le_bytes());
            hasher.update(part);
        }
        hasher.update(html);
        format!("{:032x}.{EXTENSION}", hasher.digest128())
    }

    /// The record of this page from the cache, or made (and kept) with `make`; with the name
    /// of its file.
    pub fn get_or_make(
        &self,
        url: &str,
        html: &[u8],
        make: impl FnOnce() -> Result<Record, String>,
    ) -> Result<(Record, String), String> {
        let name = self.file_name(url, html);
        if let Some(record) = self.named(&name, url) {
            return Ok((record, name));
        }
        let record = make()?;
        // a cache that cannot be written only makes the next build slower
        if *self
            .made
            .get_or_init(|| std::fs::create_dir_all(&self.dir).is_ok())
        {
            let _ = write(&self.dir.join(&name), &record);
        }
        Ok((record, name))
    }

    /// The record of the page at `url` in the file `name`, if it is there and reads as one: a
    /// record an earlier build made for a page this build leaves as it was.
    pub fn named(&self, name: &str, url: &str) -> Option<Record> {
        if !is_record_file(name) {
            return None;
        }
        if let Ok(mut used) = self.used.lock() {
            used.insert(name.to_owned());
        }
        let cached = self
            .had_records
            .then(|| read(&self.dir.join(name)))
            .flatten();
        cached.filter(|record| record.url == url)
    }

    /// The last index's files named by their content, by path in the output: the SHA-1 of
    /// their content and the hash of their bytes (none when the list is missing or stale).
    pub fn index_files(&self) -> HashMap<String, (String, String)> {
        let bytes = std::fs::read(self.dir.join(INDEX_FILES)).unwrap_or_default();
        let list: IndexFiles = serde_json::from_slice(&bytes).unwrap_or_default();
        match list.generator == generator() {
            true => list.files,
            false => HashMap::new(),
        }
    }

    /// Keeps the list of this index's files named by their content for the next build.
    pub fn save_index_files(&self, files: HashMap<String, (String, String)>) {
        let generator = generator();
        save_json(
            &self.dir.join(INDEX_FILES),
            &IndexFiles { generator, files },
        );
    }

    /// Removes the records no page of this build used.
    pub fn remove_unused(&self) {
        let Ok(used) = self.used.lock() else { return };
        let Ok(entries) = std::fs::read_dir(&self.dir) else {
            return;
        };
        for entry in entries.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            if is_record_file(&name) && !used.contains(&name) {
                let _ = std::fs::remove_file(entry.path());
            }
        }
    }
}

/// Writes `value` as JSON to `file`, a list of the cache, whole or not at all: a list that could
/// not be written is removed, since what it says would no longer hold.
pub fn save_json(file: &Path, value: &impl Serialize) {
    save_whole(file, |out| Ok(serde_json::to_writer(out, value)?));
}

/// Writes `file` whole, by `write`, or removes it: a cache file is never left half written.
pub fn save_whole(file: &Path, write: impl FnOnce(&mut dyn Write) -> io::Result<()>) {
    let mut temporary = file.as_os_str().to_owned();
    temporary.push(".tmp");
    let temporary = PathBuf::from(temporary);
    let saved = file
        .parent()
        .map_or(Ok(()), std::fs::create_dir_all)
        .and_then(|()| {
            let mut out = BufWriter::new(std::fs::File::create(&temporary)?);
            write(&mut out)?;
            out.flush()
        })
        .and_then(|()| std::fs::rename(&temporary, file));
    if saved.is_err() {
        let _ = std::fs::remove_file(&temporary);
        let _ = std::fs::remove_file(file);
    }
}

fn generator() -> String {
    format!("dossier {} {FORMAT_VERSION}", env!("CARGO_PKG_VERSION"))
}

/// `0123…cdef.rec`: a name this cache gives, so that nothing else is ever removed.
fn is_record_file(name: &str) -> bool {
    name.strip_suffix(".rec")
        .is_some_and(|hash| hash.len() == 32 && hash.bytes().all(|b| b.is_ascii_hexdigit()))
}

fn read(path: &Path) -> Option<Record> {
    let bytes = std::fs::read(path).ok()?;
    let (checksum, body) = bytes.split_at_checked(16)?;
    if checksum != xxh3_128(body).to_le_bytes() {
        return None;
    }
    let (head, rest) = split_part(body)?;
    let (fragment_file, words) = split_part(rest)?;
    let mut record: Record = serde_json::from_slice(head).ok()?;
    // the words are as written: the checksum covers them, and the format's version the name
    record.fragment_file = fragment_file.to_vec();
    record.words = words.to_vec();
    Some(record)
}

/// A part after its length (4 bytes, little-endian), and what follows it.
fn split_part(bytes: &[u8]) -> Option<(&[u8], &[u8])> {
    let (len, rest) = bytes.split_at_checked(4)?;
    let len = u32::from_le_bytes(len.try_into().ok()?) as usize;
    rest.split_at_checked(len)
}

fn write(path: &Path, record: &Record) -> std::io::Result<()> {
    let head = serde_json::to_vec(record)?;
    let mut body = Vec::with_capacity(head.len() + record.fragment_file.len() + 8);
    for part in [&head, &record.fragment_file] {
        let len = u32::try_from(part.len()).map_err(std::io::Error::other)?;
        body.extend_from_slice(&len.to_le_bytes());
        body.extend_from_slice(part);
    }
    body.extend_from_slice(&record.words);
    let mut bytes = Vec::with_capacity(body.len() + 16);
    bytes.extend_from_slice(&xxh3_128(&body).to_le_bytes());
    bytes.extend_from_slice(&body);
    // a file cut short (a build stopped while writing it) fails its checksum and is made again
    std::fs::write(path, &bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_cache_s_own_file_names_count_as_records() {
        assert!(is_record_file("0123456789abcdef0123456789abcdef.rec"));
        assert!(!is_record_file(
            "0123456789abcdef0123456789abcdef.rec.partial"
        ));
        assert!(!is_record_file("notes.rec"));
        assert!(!is_record_file("README"));
    }
}
