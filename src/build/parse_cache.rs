//! Every content file as the last build parsed it, kept in the dossier's cache folder
//! (`.dossier-cache/parsed.bin`) by its path and the hash of its text, under the parse key (the
//! generator and the settings, [`super::fingerprint`]). A file whose text hashes the same is
//! taken from here instead of parsed again ([`crate::model::ParseMemo`]); a file that had
//! problems is not kept, so that they are reported again.
//!
//! The file: a header (what it is, its format, the parse key), then one entry per content file
//! (its path, the hash of its text, an xxh3 hash of the bytes that follow, and those bytes). An
//! entry whose bytes do not match their hash is parsed again, never trusted; a file with another
//! header is not read at all. One that cannot be written only makes the next build slower.

use std::collections::{BTreeMap, HashMap};
use std::io::{self, Write};
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use xxhash_rust::xxh3::xxh3_64;

use crate::model::ParseMemo;
use crate::search::{CACHE_DIR, save_whole};

const FILE: &str = "parsed.bin";
/// What the file starts with; the number after it is raised whenever what is kept changes its
/// meaning.
const HEADER: &[u8] = b"dossier parsed files\n";
const FORMAT: u32 = 1;

/// One file as the last build parsed it: where its bytes are in the cache file.
struct Entry {
    text_hash: u64,
    checksum: u64,
    bytes: Range<usize>,
}

/// The parsed files of the last build, for this one to take where it can, and those of this
/// build, for the next.
pub struct ParseCache {
    key: String,
    /// What each content file's text hashes to now, by path.
    now: Arc<HashMap<PathBuf, u64>>,
    /// The cache file as the last build left it, and its entries by path.
    last: Vec<u8>,
    entries: HashMap<PathBuf, Entry>,
    /// Files parsed by this build, by path.
    parsed: Mutex<HashMap<PathBuf, Vec<u8>>>,
}

impl ParseCache {
    /// The cache of the dossier at `root`, as far as it holds files parsed under `key`; `now`
    /// says what each content file's text hashes to now.
    pub fn load(root: &Path, key: String, now: Arc<HashMap<PathBuf, u64>>) -> Self {
        let last = std::fs::read(root.join(CACHE_DIR).join(FILE)).unwrap_or_default();
        let entries = read_entries(&last, &key).unwrap_or_default();
        ParseCache {
            key,
            now,
            last,
            entries,
            parsed: Mutex::default(),
        }
    }

    /// Keeps the files of this build in the cache of the dossier at `root`: those it parsed
    /// and those it took from the last build, each while its text is the same.
    pub fn save(self, root: &Path) {
        let parsed = self.parsed.into_inner().unwrap_or_else(|e| e.into_inner());
        // per file: the hash of its text, the checksum of its bytes, and the bytes
        let kept: BTreeMap<&Path, (u64, u64, &[u8])> = (self.now.iter())
            .filter_map(|(path, &text_hash)| {
                let (checksum, bytes) = match (parsed.get(path), self.entries.get(path)) {
                    (Some(bytes), _) => (xxh3_64(bytes), bytes.as_slice()),
                    // its checksum as the last build wrote it: checked when it is taken
                    (None, Some(entry)) if entry.text_hash == text_hash => {
                        (entry.checksum, &self.last[entry.bytes.clone()])
                    }
                    (None, _) => return None,
                };
                Some((path.as_path(), (text_hash, checksum, bytes)))
            })
            .collect();
        let write = |out: &mut dyn Write| -> io::Result<()> {
            write_header(out, &self.key)?;
            for (path, (text_hash, checksum, bytes)) in kept {
                write_part(out, path.as_os_str().as_encoded_bytes())?;
                out.write_all(&text_hash.to_le_bytes())?;
                out.write_all(&checksum.to_le_bytes())?;
                write_part(out, bytes)?;
            }
            Ok(())
        };
        save_whole(&root.join(CACHE_DIR).join(FILE), write);
    }
}

impl ParseMemo for ParseCache {
    fn recall(&self, file: &Path) -> Option<&[u8]> {
        let entry = self.entries.get(file)?;
        let bytes = &self.last[entry.bytes.clone()];
        let same = self.now.get(file) == Some(&entry.text_hash) && xxh3_64(bytes) == entry.checksum;
        same.then_some(bytes)
    }

    fn remember(&self, file: &Path, parsed: Vec<u8>) {
        let mut kept = self.parsed.lock().unwrap_or_else(|e| e.into_inner());
        kept.insert(file.to_path_buf(), parsed);
    }
}

fn write_header(out: &mut dyn Write, key: &str) -> io::Result<()> {
    out.write_all(HEADER)?;
    out.write_all(&FORMAT.to_le_bytes())?;
    write_part(out, key.as_bytes())
}

/// Bytes after their length.
fn write_part(out: &mut dyn Write, bytes: &[u8]) -> io::Result<()> {
    out.write_all(&(bytes.len() as u64).to_le_bytes())?;
    out.write_all(bytes)
}

/// The entries of a cache file written under `key`; `None` when it is another one's or cut off.
fn read_entries(file: &[u8], key: &str) -> Option<HashMap<PathBuf, Entry>> {
    let mut expected = Vec::new();
    write_header(&mut expected, key).ok()?;
    if !file.starts_with(&expected) {
        return None;
    }
    let mut reader = Reader {
        file,
        at: expected.len(),
    };
    let mut entries = HashMap::new();
    while reader.at < file.len() {
        let path = reader.part()?;
        let path = PathBuf::from(std::str::from_utf8(&file[path]).ok()?);
        let text_hash = reader.number()?;
        let checksum = reader.number()?;
        let bytes = reader.part()?;
        entries.insert(
            path,
            Entry {
                text_hash,
                checksum,
                bytes,
            },
        );
    }
    Some(entries)
}

/// Reads a cache file front to back.
struct Reader<'f> {
    file: &'f [u8],
    at: usize,
}

impl Reader<'_> {
    fn number(&mut self) -> Option<u64> {
        let bytes = self.file.get(self.at..self.at.checked_add(8)?)?;
        self.at += 8;
        Some(u64::from_le_bytes(bytes.try_into().ok()?))
    }

    /// The place of the bytes after a length.
    fn part(&mut self) -> Option<Range<usize>> {
        let length = usize::try_from(self.number()?).ok()?;
        let range = self.at..self.at.checked_add(length)?;
        self.file.get(range.clone())?;
        self.at = range.end;
        Some(range)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cache_with(root: &Path, files: &[(&str, u64, &[u8])]) -> ParseCache {
        let now = files
            .iter()
            .map(|(p, h, _)| (PathBuf::from(p), *h))
            .collect();
        let cache = ParseCache::load(root, String::from("key"), Arc::new(now));
        for (path, _, bytes) in files {
            cache.remember(Path::new(path), bytes.to_vec());
        }
        cache
    }

    #[test]
    fn gives_back_what_was_kept_while_the_text_and_the_key_are_the_same() {
        let root = tempfile::tempdir().expect("temporary folder");
        let a: &[u8] = b"parsed a";
        let b: &[u8] = b"parsed b";
        cache_with(root.path(), &[("a.md", 1, a), ("b.md", 2, b)]).save(root.path());

        let now = Arc::new(HashMap::from([
            (PathBuf::from("a.md"), 1),
            (PathBuf::from("b.md"), 3),
        ]));
        let next = ParseCache::load(root.path(), String::from("key"), now.clone());
        assert_eq!(next.recall(Path::new("a.md")), Some(a));
        assert_eq!(next.recall(Path::new("b.md")), None, "b's text changed");
        assert_eq!(next.recall(Path::new("c.md")), None);
        let other_key = ParseCache::load(root.path(), String::from("other"), now);
        assert_eq!(other_key.recall(Path::new("a.md")), None);
    }

    #[test]
    fn keeps_the_files_taken_from_the_last_build_and_drops_those_gone() {
        let root = tempfile::tempdir().expect("temporary folder");
        let files: &[(&str, u64, &[u8])] = &[("a.md", 1, b"a"), ("b.md", 2, b"b")];
        cache_with(root.path(), files).save(root.path());
        // a build where only b is still there, not parsed again
        let now = Arc::new(HashMap::from([(PathBuf::from("b.md"), 2)]));
        ParseCache::load(root.path(), String::from("key"), now).save(root.path());

        let now = Arc::new(HashMap::from([
            (PathBuf::from("a.md"), 1),
            (PathBuf::from("b.md"), 2),
        ]));
        let last = ParseCache::load(root.path(), String::from("key"), now);
        assert_eq!(last.recall(Path::new("b.md")), Some(&b"b"[..]));
        assert_eq!(last.recall(Path::new("a.md")), None, "a was gone");
    }

    /// The parsed text of the note that `one_note_saved` keeps.
    const PARSED_NOTE: &[u8] = b"parsed text of the note";

    /// Saves a cache at `root` holding one parsed note, `a.md`: the cache file.
    fn one_note_saved(root: &Path) -> PathBuf {
        cache_with(root, &[("a.md", 1, PARSED_NOTE)]).save(root);
        root.join(CACHE_DIR).join(FILE)
    }

    /// `bytes` with a bit of the last byte changed.
    fn changed_at_the_end(bytes: &[u8]) -> Vec<u8> {
        let mut changed = bytes.to_vec();
        if let Some(last) = changed.last_mut() {
            *last ^= 1;
        }
        changed
    }

    #[test]
    fn a_changed_entry_carried_over_by_a_build_that_did_not_take_it_is_still_not_trusted() {
        let root = tempfile::tempdir().expect("temporary folder");
        let file = one_note_saved(root.path());
        let good = std::fs::read(&file).expect("cache file");
        std::fs::write(&file, changed_at_the_end(&good)).expect("cache file");
        let now = Arc::new(HashMap::from([(PathBuf::from("a.md"), 1)]));
        // a build that reads a.md's text, hashes it the same, and does not ask for it
        ParseCache::load(root.path(), String::from("key"), now.clone()).save(root.path());
        let next = ParseCache::load(root.path(), String::from("key"), now);
        assert_eq!(next.recall(Path::new("a.md")), None);
    }

    #[test]
    fn a_changed_or_cut_off_file_is_not_trusted() {
        let root = tempfile::tempdir().expect("temporary folder");
        let file = one_note_saved(root.path());
        let good = std::fs::read(&file).expect("cache file");
        let now = Arc::new(HashMap::from([(PathBuf::from("a.md"), 1)]));
        let recalled = |bytes: &[u8]| {
            std::fs::write(&file, bytes).expect("cache file");
            let cache = ParseCache::load(root.path(), String::from("key"), now.clone());
            cache.recall(Path::new("a.md")).map(<[u8]>::to_vec)
        };
        assert_eq!(recalled(&good), Some(PARSED_NOTE.to_vec()));
        assert_eq!(
            recalled(&changed_at_the_end(&good)),
            None,
            "a byte of the parsed note changed"
        );
        assert_eq!(recalled(&good[..good.len() - 1]), None, "cut off");
        assert_eq!(recalled(b""), None);
    }
}
