//! Merges the pages' records, in URL order, into the files of a Pagefind 1.6.0 index for one
//! language: the meta file (`pagefind.<hash>.pf_meta`: the pages, the word chunks, the
//! filters), the word index chunks (`index/`), a fragment per page (`fragment/`) and an index
//! per filter (`filter/`). Each is CBOR or JSON behind Pagefind's `pagefind_dcd` signature,
//! gzipped, and named by the SHA-1 of its bytes as Pagefind names it, so the same pages give
//! the same files.

use rayon::prelude::*;
use std::collections::{BTreeMap, HashMap, HashSet};

use std::hash::{BuildHasherDefault, Hash, Hasher};

use xxhash_rust::xxh3::xxh3_64;

use super::cbor::Encoder;
use super::file::{gzip, sha1_hex};
use super::packed::{PackedLocations, Visit};
use super::record::Record;

/// The Pagefind version whose format this is (its web code reads it).
pub const PAGEFIND_VERSION: &str = "1.6.0";
/// Pagefind's default size of a word index chunk, in positions.
const CHUNK_SIZE: usize = 20_000;

/// A language's index: its files (path under the index folder, bytes), the meta file's hash and
/// the number of pages.
#[derive(Debug)]
pub struct LanguageIndex {
    pub files: Vec<(String, Vec<u8>)>,
    /// The files named by their content but the fragments, kept or not: path and the SHA-1 of
    /// what they hold (before it is compressed).
    pub named: Vec<(String, String)>,
    pub meta_hash: String,
    pub page_count: usize,
}

/// A word over all pages: its pages (page number, locations) and its forms with diacritics,
/// borrowed from the pages' records.
#[derive(Debug, Default)]
struct SiteWord<'r> {
    pages: Vec<(usize, PackedLocations<'r>)>,
    variants: Vec<(&'r str, Vec<(usize, PackedLocations<'r>)>)>,
}

/// The site's words while they are gathered, by the word and its hash (taken once per word).
type SiteWords<'r> = HashMap<WordKey<'r>, SiteWord<'r>, BuildHasherDefault<TakenHash>>;

/// A word with its xxh3 hash: the hash picks its part of the words and its place in the map.
#[derive(Debug, Clone, Copy)]
struct WordKey<'r> {
    hash: u64,
    word: &'r str,
}

impl<'r> WordKey<'r> {
    fn of(word: &'r str) -> Self {
        WordKey {
            hash: xxh3_64(word.as_bytes()),
            word,
        }
    }
}

impl PartialEq for WordKey<'_> {
    fn eq(&self, other: &Self) -> bool {
        self.hash == other.hash && self.word == other.word
    }
}

impl Eq for WordKey<'_> {}

impl Hash for WordKey<'_> {
    fn hash<H: Hasher>(&self, state: &mut H) {
        state.write_u64(self.hash);
    }
}

/// The hasher of [`SiteWords`]: the word's hash is taken already, and passed on as it is.
#[derive(Default)]
struct TakenHash(u64);

impl Hasher for TakenHash {
    fn write(&mut self, bytes: &[u8]) {
        // only `write_u64` is used (by `WordKey`); anything else is folded in all the same
        for &byte in bytes {
            self.0 = self.0.rotate_left(8) ^ u64::from(byte);
        }
    }

    fn write_u64(&mut self, value: u64) {
        self.0 ^= value;
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

/// Per page, the number in the site's list of meta fields of each of the page's own fields.
type PageFields = Vec<Vec<i32>>;

/// Whether the file at a path of the index (`index/de_1a2b….pf_index`), holding what has this
/// SHA-1, stands in the output as an earlier build wrote it: then it is left out of the files
/// to write, and not compressed. Asked of the word chunks, the filters and the meta file.
pub type Kept<'k> = &'k (dyn Fn(&str, &str) -> bool + Sync);

/// The index of `records` (sorted by URL) in `language`; `None` when no page has words. The
/// records' fragment files move into the index; the other files `kept` keeps are left out.
pub fn merge(mut records: Vec<Record>, language: &str, kept: Kept) -> Option<LanguageIndex> {
    let used_custom_body = records.iter().any(|r| r.has_custom_body);
    let indexed = |r: &Record| r.has_words && (r.has_custom_body || !used_custom_body);
    let fragment_files: Vec<Vec<u8>> = (records.iter_mut())
        .filter(|r| indexed(r))
        .map(|r| std::mem::take(&mut r.fragment_file))
        .collect();
    let pages: Vec<&Record> = records.iter().filter(|r| indexed(r)).collect();
    if pages.is_empty() {
        return None;
    }
    let meta_fields: Vec<String> = pages
        .iter()
        .flat_map(|r| r.meta_fields.iter().cloned())
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .collect();

    let mut files = Vec::new();
    let mut meta = Encoder::default();
    meta.array(6).text(PAGEFIND_VERSION);
    meta.array(pages.len());
    let names = fragment_names(&pages, language);
    for ((hash, record), fragment_file) in names.into_iter().zip(&pages).zip(fragment_files) {
        meta.array(3)
            .text(&hash)
            .unsigned(record.word_count as u64)
            .text("");
        files.push((format!("fragment/{hash}.pf_fragment"), fragment_file));
    }
    let page_fields: PageFields = (pages.iter())
        .map(|record| {
            (record.meta_fields.iter())
                .map(|name| meta_fields.binary_search(name).unwrap_or_default() as i32)
                .collect()
        })
        .collect();
    let chunks = word_chunks(site_words(&pages));
    let encoded_chunks: Vec<Vec<u8>> = (chunks.par_iter())
        .map(|c| encode_chunk(c, &page_fields))
        .collect();
    let ranges = chunk_ranges(&chunks);
    // millions of small lists: let them go on all cores
    chunks.into_par_iter().for_each(drop);
    let chunk_names = short_names(&encoded_chunks, language);
    meta.array(ranges.len());
    for ((from, to), (hash, _)) in ranges.into_iter().zip(&chunk_names) {
        meta.array(3).text(&from).text(&to).text(hash);
    }
    let filters = encode_filters(&pages);
    let filter_bytes: Vec<Vec<u8>> = filters.iter().map(|(_, bytes)| bytes.clone()).collect();
    let filter_names = short_names(&filter_bytes, language);
    meta.array(filters.len());
    for ((filter, _), (hash, _)) in filters.iter().zip(&filter_names) {
        meta.array(2).text(filter).text(hash);
    }
    meta.array(0).array(meta_fields.len());
    for field in &meta_fields {
        meta.text(field);
    }
    let meta_sha1 = sha1_hex(&meta.bytes);
    let meta_hash = format!("{language}_{}", &meta_sha1[..language.len() + 8]);

    let mut encoded: Vec<(String, &[u8], String)> = Vec::new();
    encoded.extend(
        (chunk_names.into_iter().zip(&encoded_chunks)).map(|((hash, sha1), bytes)| {
            (format!("index/{hash}.pf_index"), bytes.as_slice(), sha1)
        }),
    );
    encoded.extend(
        (filter_names.into_iter().zip(&filter_bytes)).map(|((hash, sha1), bytes)| {
            (format!("filter/{hash}.pf_filter"), bytes.as_slice(), sha1)
        }),
    );
    encoded.push((
        format!("pagefind.{meta_hash}.pf_meta"),
        &meta.bytes,
        meta_sha1,
    ));
    let named = (encoded.iter())
        .map(|(path, _, sha1)| (path.clone(), sha1.clone()))
        .collect();
    files.par_extend(
        encoded
            .into_par_iter()
            .filter(|(path, _, sha1)| !kept(path, sha1))
            .map(|(path, bytes, _)| (path, gzip(bytes))),
    );
    Some(LanguageIndex {
        files,
        named,
        meta_hash,
        page_count: pages.len(),
    })
}

/// Each page's fragment name: the language and the first 7 digits of the fragment's SHA-1,
/// one digit longer until no earlier page has the same name.
fn fragment_names(pages: &[&Record], language: &str) -> Vec<String> {
    let mut taken = HashSet::new();
    pages
        .iter()
        .map(|record| {
            let full = format!("{language}_{}", record.fragment_sha1);
            unique_prefix(&full, language.len() + 8, 1, &mut taken)
        })
        .collect()
}

/// The names of these files (word chunks or filters), in order: as `fragment_names`, but
/// lengthened two digits at a time, as Pagefind lengthens them; each with the whole SHA-1.
fn short_names(files: &[Vec<u8>], language: &str) -> Vec<(String, String)> {
    let mut taken = HashSet::new();
    let sha1s: Vec<String> = files.par_iter().map(|bytes| sha1_hex(bytes)).collect();
    sha1s
        .into_iter()
        .map(|sha1| {
            let full = format!("{language}_{sha1}");
            (
                unique_prefix(&full, language.len() + 8, 2, &mut taken),
                sha1,
            )
        })
        .collect()
}

fn unique_prefix(full: &str, len: usize, step: usize, taken: &mut HashSet<String>) -> String {
    let mut len = len.min(full.len());
    while taken.contains(&full[..len]) && len < full.len() {
        len = (len + step).min(full.len());
    }
    taken.insert(full[..len].to_owned());
    full[..len].to_owned()
}

/// Every word of the site with its pages, in word order. The pages are read in runs on all
/// cores, each run's words kept apart by a hash of the word; each part of the words is then
/// joined over the runs in page order, on all cores too.
fn site_words<'r>(pages: &[&'r Record]) -> Vec<(&'r str, SiteWord<'r>)> {
    let parts = rayon::current_num_threads() * 4;
    let run = pages.len().div_ceil(parts).max(64);
    let runs: Vec<Vec<SiteWords<'r>>> = pages
        .par_chunks(run)
        .enumerate()
        .map(|(index, chunk)| run_words(chunk, index * run, parts))
        .collect();
    let mut by_part: Vec<Vec<SiteWords<'r>>> = (0..parts).map(|_| Vec::new()).collect();
    for run in runs {
        for (part, words) in by_part.iter_mut().zip(run) {
            part.push(words);
        }
    }
    let mut words: Vec<(&str, SiteWord)> = by_part
        .into_par_iter()
        .flat_map_iter(|runs| {
            let mut runs = runs.into_iter();
            let mut words = runs.next().unwrap_or_default();
            for later in runs {
                for (key, site_word) in later {
                    match words.get_mut(&key) {
                        Some(known) => known.append(site_word),
                        None => {
                            words.insert(key, site_word);
                        }
                    }
                }
            }
            words
                .into_iter()
                .map(|(key, site_word)| (key.word, site_word))
        })
        .collect();
    words.par_sort_unstable_by(|a, b| a.0.cmp(b.0));
    words
}

/// The words of a run of pages, the first of which is page number `first`, in `parts` maps
/// by a hash of the word.
fn run_words<'r>(pages: &[&'r Record], first: usize, parts: usize) -> Vec<SiteWords<'r>> {
    let mut words: Vec<SiteWords> = (0..parts).map(|_| SiteWords::default()).collect();
    for (page_number, record) in (first..).zip(pages) {
        for page_word in record.word_refs() {
            let key = WordKey::of(page_word.word);
            // the map places a word by the hash's low bits: the part is taken from others
            let part = ((key.hash >> 40) % parts as u64) as usize;
            let word = words[part].entry(key).or_default();
            if let Some(plain) = page_word.plain {
                word.pages.push((page_number, plain));
            }
            for (form, locations) in page_word.variants {
                word.add_variant(form, vec![(page_number, locations)]);
            }
        }
    }
    words
}

impl<'r> SiteWord<'r> {
    /// Adds pages of a form with diacritics: forms keep the order they first appear in.
    fn add_variant(&mut self, form: &'r str, mut pages: Vec<(usize, PackedLocations<'r>)>) {
        match self.variants.iter_mut().find(|(f, _)| *f == form) {
            Some((_, known)) => known.append(&mut pages),
            None => self.variants.push((form, pages)),
        }
    }

    /// Adds the pages of the same word from a later run of pages.
    fn append(&mut self, later: SiteWord<'r>) {
        let SiteWord {
            mut pages,
            variants,
        } = later;
        self.pages.append(&mut pages);
        for (form, pages) in variants {
            self.add_variant(form, pages);
        }
    }
}

/// The words cut into chunks of about `CHUNK_SIZE` positions, as Pagefind cuts them.
fn word_chunks<'r>(words: Vec<(&'r str, SiteWord<'r>)>) -> Vec<Vec<(&'r str, SiteWord<'r>)>> {
    let mut chunks = Vec::new();
    let mut chunk = Vec::new();
    let mut size = 0;
    for (word, pages) in words {
        size += (pages.pages.iter())
            .chain(pages.variants.iter().flat_map(|(_, p)| p))
            .map(|(_, l)| l.count + 1)
            .sum::<usize>()
            + pages.variants.len();
        chunk.push((word, pages));
        if size >= CHUNK_SIZE {
            chunks.push(std::mem::take(&mut chunk));
            size = 0;
        }
    }
    if !chunk.is_empty() {
        chunks.push(chunk);
    }
    chunks
}

/// The first and last word of each chunk, cut to the shortest prefixes that still tell
/// neighbouring chunks apart.
fn chunk_ranges(chunks: &[Vec<(&str, SiteWord)>]) -> Vec<(String, String)> {
    let mut ranges: Vec<(String, String)> = (chunks.iter())
        .map(|chunk| {
            let from = chunk
                .first()
                .map_or(String::new(), |(w, _)| (*w).to_owned());
            let to = chunk.last().map_or(String::new(), |(w, _)| (*w).to_owned());
            (from, to)
        })
        .collect();
    for i in 1..ranges.len() {
        let (to, from) = prefixes(&ranges[i - 1].1, &ranges[i].0);
        if to >= ranges[i - 1].0 {
            ranges[i - 1].1 = to;
        }
        ranges[i].0 = from;
    }
    ranges
}

fn prefixes(a: &str, b: &str) -> (String, String) {
    let common = b.chars().zip(a.chars()).take_while(|(x, y)| x == y).count();
    (
        a.chars().take(common + 1).collect(),
        b.chars().take(common + 1).collect(),
    )
}

/// A chunk of the word index: `[[word, pages, variants] …]`, page numbers as differences.
fn encode_chunk(chunk: &[(&str, SiteWord)], page_fields: &PageFields) -> Vec<u8> {
    let mut e = Encoder::default();
    e.array(1).array(chunk.len());
    for (word, site_word) in chunk {
        e.array(3).text(word);
        encode_pages(&mut e, &site_word.pages, page_fields);
        e.array(site_word.variants.len());
        for (form, pages) in &site_word.variants {
            e.array(2).text(form);
            encode_pages(&mut e, pages, page_fields);
        }
    }
    e.bytes
}

/// A word's pages; the meta field numbers, counted per page, become numbers in the site's list
/// of fields.
fn encode_pages(e: &mut Encoder, pages: &[(usize, PackedLocations)], page_fields: &PageFields) {
    e.array(pages.len());
    let mut last = 0;
    for (page, packed) in pages {
        e.array(3).unsigned((page - last) as u64);
        last = *page;
        let fields = page_fields.get(*page).map_or(&[][..], Vec::as_slice);
        packed.visit(|item| match item {
            Visit::Locs(len) | Visit::MetaLocs(len) => {
                e.array(len);
            }
            Visit::Loc(loc) => {
                e.int(i64::from(loc));
            }
            Visit::MetaLoc(loc) => {
                let loc = match loc < 0 {
                    true => -fields.get((-loc - 1) as usize).copied().unwrap_or_default() - 1,
                    false => loc,
                };
                e.int(i64::from(loc));
            }
        });
    }
}

/// Each filter's index, in filter order: `[filter, [[value, pages] …]]`.
fn encode_filters(pages: &[&Record]) -> Vec<(String, Vec<u8>)> {
    let mut filters: BTreeMap<&str, BTreeMap<&str, Vec<usize>>> = BTreeMap::new();
    for (page_number, record) in pages.iter().enumerate() {
        for (filter, values) in &record.filters {
            for value in values {
                (filters.entry(filter).or_default())
                    .entry(value)
                    .or_default()
                    .push(page_number);
            }
        }
    }
    (filters.into_iter())
        .map(|(filter, values)| {
            let mut e = Encoder::default();
            e.array(2).text(filter).array(values.len());
            for (value, pages) in values {
                e.array(2).text(value).array(pages.len());
                for page in pages {
                    e.unsigned(page as u64);
                }
            }
            (filter.to_owned(), e.bytes)
        })
        .collect()
}
