//! Full-text search: a [Pagefind](https://pagefind.app) 1.6.0 index of the rendered pages,
//! written by our own code in Pagefind's format, so that Pagefind's web code (embedded from
//! `assets/pagefind/`) searches it in the browser. The index goes through the same sink as the
//! pages, so its files are in the output manifest and the atomic commit like every other file.
//!
//! Each page's record is made as soon as the page is rendered, on all cores (the `Indexer` is
//! render's `PageIndexer`), or taken from the cache of earlier builds; the records are merged
//! in URL order at the end (`Indexer::write_index`), so the same pages give the same files,
//! byte for byte.
//!
//! The index lives in `pagefind/` under the output folder. Pages are indexed under their
//! site-relative URLs (`/actors/tokajew/`); Pagefind's script prefixes the folder it was loaded
//! from (`/repo/`), so results work under any base path.

mod assets;
mod cache;
mod cbor;
mod file;
mod html;
mod merge;
mod normalize;
mod packed;
mod page;
#[cfg(test)]
mod reader_tests;
mod record;
mod words;

use std::collections::{BTreeMap, HashMap};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use rayon::prelude::*;
use serde::Serialize;

use crate::config::Config;
use crate::diagnostic::Diagnostic;
use crate::render::{Destination, PageIndexer};
use cache::RecordCache;
pub use cache::{CACHE_DIR, save_json, save_whole};
pub use page::{PageReader, ParsedPage, parse_with as read_page_with};
pub use record::Record;

/// The folder of the index in the output.
pub const BUNDLE_DIR: &str = "pagefind";

/// Makes the search records of a build's pages as they are rendered, and the index of them.
#[derive(Debug)]
pub struct Indexer {
    /// The site's primary language (`de` of `de-AT`): it picks the stemmer and the search core.
    language: String,
    cache: Option<RecordCache>,
    records: Mutex<Vec<Record>>,
    /// By page path: the name of its record's file in the cache.
    record_files: Mutex<HashMap<String, String>>,
}

impl Indexer {
    /// The indexer of a build with `config`, keeping records in the dossier's cache folder
    /// when `cached`.
    pub fn new(config: &Config, cached: bool) -> Indexer {
        let language = primary_language(&config.language_code);
        let cache = cached.then(|| RecordCache::new(&config.root, &language));
        Indexer {
            language,
            cache,
            records: Mutex::default(),
            record_files: Mutex::default(),
        }
    }

    /// The record of the page rendered at `path` (`actors/tokajew/index.html`) as `html`.
    pub fn record(&self, path: &str, html: &[u8]) -> Result<Record, Diagnostic> {
        let url = url_of(path);
        let make = || Record::of_page(&url, html, &self.language);
        let record = match &self.cache {
            Some(cache) => cache.get_or_make(&url, html, make).map(|(record, name)| {
                lock(&self.record_files).insert(path.to_owned(), name);
                record
            }),
            None => make(),
        };
        record.map_err(|e| Diagnostic::error(format!("search index: cannot read {path}: {e}")))
    }

    /// Takes the page at `path` into the index with the record an earlier build kept for it in
    /// the cache's file `name`: whether it was there.
    pub fn reuse_record(&self, path: &str, name: &str) -> bool {
        let cache = self.cache.as_ref();
        let Some(record) = cache.and_then(|cache| cache.named(name, &url_of(path))) else {
            return false;
        };
        lock(&self.record_files).insert(path.to_owned(), name.to_owned());
        lock(&self.records).push(record);
        true
    }

    /// The name of the cache's file holding the record of the page at `path`, if it has one.
    pub fn record_file(&self, path: &str) -> Option<String> {
        lock(&self.record_files).get(path).cloned()
    }

    /// Writes the index of the pages given so far through `sink`: the number of files written
    /// and the problems met (none written when no page was given). Drops the cached records no
    /// page used.
    pub fn write_index(self, sink: &dyn Destination) -> (usize, Vec<Diagnostic>) {
        let records = self.records.into_inner().unwrap_or_else(|e| e.into_inner());
        if records.is_empty() {
            return (0, Vec::new());
        }
        if let Some(cache) = &self.cache {
            cache.remove_unused();
        }
        // the files named by their content that the last build wrote, as it wrote them, stand
        let last = (self.cache.as_ref()).map_or_else(Default::default, RecordCache::index_files);
        let kept = AtomicUsize::new(0);
        let keep = |path: &str, sha1: &str| {
            let path = format!("{BUNDLE_DIR}/{path}");
            let last = last.get(&path);
            let kept_here = last.is_some_and(|(was, hash)| was == sha1 && sink.keep(&path, hash));
            if kept_here {
                kept.fetch_add(1, Ordering::Relaxed);
            }
            kept_here
        };
        let (files, named) = index_files_keeping(records, &self.language, &keep);
        let problems: Vec<Diagnostic> = files
            .par_iter()
            .filter_map(|(path, bytes)| sink.write(path, bytes).err())
            .collect();
        if let Some(cache) = &self.cache {
            let written = (named.into_iter())
                .filter_map(|(path, sha1)| Some((path.clone(), (sha1, sink.written_hash(&path)?))))
                .collect();
            cache.save_index_files(written);
        }
        (files.len() + kept.into_inner() - problems.len(), problems)
    }
}

impl PageIndexer for Indexer {
    fn index_page(&self, path: &str, html: &[u8]) -> Result<(), Diagnostic> {
        let record = self.record(path, html)?;
        lock(&self.records).push(record);
        Ok(())
    }
}

fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(|e| e.into_inner())
}

#[derive(Serialize)]
struct Entry<'a> {
    version: &'a str,
    languages: BTreeMap<&'a str, EntryLanguage<'a>>,
    include_characters: &'a [char],
}

#[derive(Serialize)]
struct EntryLanguage<'a> {
    hash: &'a str,
    wasm: Option<&'a str>,
    page_count: usize,
}

/// The index files (path in the output, bytes) of these records, sorted by path: Pagefind's
/// web code, `pagefind-entry.json`, and the language's index.
pub fn index_files(records: Vec<Record>, language: &str) -> Vec<(String, Vec<u8>)> {
    index_files_keeping(records, language, &|_, _| false).0
}

/// By path in the output: the files of an index named by their content, with the SHA-1 of
/// what they hold.
type NamedFiles = Vec<(String, String)>;

/// [`index_files`], without the files of the language's index that `kept` keeps where they
/// are; and every file named by its content but the fragments, kept or not, with its SHA-1.
pub fn index_files_keeping(
    mut records: Vec<Record>,
    language: &str,
    kept: merge::Kept,
) -> (Vec<(String, Vec<u8>)>, NamedFiles) {
    records.sort_by(|a, b| a.url.cmp(&b.url));
    let index = merge::merge(records, language, kept);
    let named = (index.iter().flat_map(|index| &index.named))
        .map(|(path, sha1)| (format!("{BUNDLE_DIR}/{path}"), sha1.clone()))
        .collect();
    let mut files: Vec<(String, Vec<u8>)> = (assets::COMMON.iter())
        .map(|(name, bytes)| ((*name).to_owned(), bytes.to_vec()))
        .collect();
    let mut languages = BTreeMap::new();
    if let Some(index) = &index {
        let wasm = assets::wasm(language).filter(|_| language != "unknown");
        if let Some(wasm) = wasm {
            files.push((format!("wasm.{language}.pagefind"), wasm.to_vec()));
        }
        let entry = EntryLanguage {
            hash: &index.meta_hash,
            wasm: wasm.map(|_| language),
            page_count: index.page_count,
        };
        languages.insert(language, entry);
    }
    let entry = serde_json::to_vec(&Entry {
        version: merge::PAGEFIND_VERSION,
        languages,
        include_characters: &words::WORD_SYMBOLS,
    })
    .unwrap_or_default();
    files.push(("pagefind-entry.json".to_owned(), entry));
    files.extend(index.into_iter().flat_map(|index| index.files));
    let mut files: Vec<(String, Vec<u8>)> = (files.into_iter())
        .map(|(name, bytes)| (format!("{BUNDLE_DIR}/{name}"), bytes))
        .collect();
    files.sort_by(|a, b| a.0.cmp(&b.0));
    (files, named)
}

/// The URL Pagefind stores for an output path: without `index.html`, from the site's root.
pub fn url_of(path: &str) -> String {
    let path = path.strip_suffix("index.html").unwrap_or(path);
    format!("/{}", path.trim_start_matches('/'))
}

/// `de` of `de-AT`, in lower case: what Pagefind picks its stemmer by.
pub fn primary_language(code: &str) -> String {
    code.split(['-', '_'])
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(title: &str, body: &str) -> String {
        format!(
            "<!doctype html><html lang=\"de\"><head><title>{title} – Dossier</title></head><body>\
             <nav>Navigation</nav><main data-pagefind-body><h1>{title}</h1>{body}</main>\
             <footer>Fußzeile</footer></body></html>"
        )
    }

    fn records(pages: &[(&str, String)]) -> Vec<Record> {
        pages
            .iter()
            .map(|(path, html)| {
                Record::of_page(&url_of(path), html.as_bytes(), "de").expect("record")
            })
            .collect()
    }

    /// An output that remembers the hash of every file written, and which files it was asked
    /// to keep as an earlier build left them.
    #[derive(Default)]
    struct Remembering {
        hashes: Mutex<HashMap<String, String>>,
        written: Mutex<Vec<String>>,
        kept: Mutex<Vec<String>>,
    }

    impl Destination for Remembering {
        fn write(&self, path: &str, bytes: &[u8]) -> Result<(), Diagnostic> {
            let hash = format!("{:032x}", xxhash_rust::xxh3::xxh3_128(bytes));
            lock(&self.hashes).insert(path.to_owned(), hash);
            lock(&self.written).push(path.to_owned());
            Ok(())
        }
        fn copy(&self, _: &str, _: &std::path::Path) -> Result<(), Diagnostic> {
            Ok(())
        }
        fn keep(&self, path: &str, hash: &str) -> bool {
            let kept = lock(&self.hashes).get(path).is_some_and(|h| h == hash);
            if kept {
                lock(&self.kept).push(path.to_owned());
            }
            kept
        }
        fn written_hash(&self, path: &str) -> Option<String> {
            lock(&self.hashes).get(path).cloned()
        }
    }

    /// Indexes the pages into `output`, with the record cache at `root`: files written, kept.
    fn index_into(root: &std::path::Path, pages: &[(&str, String)], output: &Remembering) {
        let indexer = Indexer {
            language: "de".into(),
            cache: Some(RecordCache::new(root, "de")),
            records: Mutex::default(),
            record_files: Mutex::default(),
        };
        for (path, html) in pages {
            indexer.index_page(path, html.as_bytes()).expect("indexed");
        }
        lock(&output.written).clear();
        lock(&output.kept).clear();
        let (_, problems) = indexer.write_index(output);
        assert!(problems.is_empty(), "{problems:?}");
    }

    #[test]
    fn the_files_of_the_last_index_named_by_their_content_stand_as_they_are() {
        let root = tempfile::tempdir().expect("temporary folder");
        let output = Remembering::default();
        let mut pages = vec![
            (
                "notes/a/index.html",
                page("Alpha", "<p>Gas und Öl im Kaspischen Meer.</p>"),
            ),
            (
                "notes/b/index.html",
                page("Beta", "<p>Weizen über den Hafen Aktau.</p>"),
            ),
        ];
        index_into(root.path(), &pages, &output);
        let first: Vec<String> = lock(&output.written).clone();
        assert!(
            first.iter().any(|p| p.starts_with("pagefind/index/")),
            "{first:?}"
        );
        assert!(lock(&output.kept).is_empty());

        index_into(root.path(), &pages, &output);
        let kept = lock(&output.kept).clone();
        let written = lock(&output.written).clone();
        assert!(
            kept.iter().any(|p| p.starts_with("pagefind/index/")),
            "{kept:?}"
        );
        assert!(kept.iter().any(|p| p.ends_with(".pf_meta")), "{kept:?}");
        assert!(!written.iter().any(|p| kept.contains(p)), "{written:?}");
        assert_eq!(kept.len() + written.len(), first.len());

        pages[1].1 = page("Beta", "<p>Weizen über den Hafen Baku.</p>");
        index_into(root.path(), &pages, &output);
        let written = lock(&output.written).clone();
        assert!(
            written.iter().any(|p| p.ends_with(".pf_meta")),
            "{written:?}"
        );
        assert!(
            written.iter().any(|p| p.starts_with("pagefind/index/")),
            "{written:?}"
        );

        std::fs::write(root.path().join(".dossier-cache/search/index.json"), "{").expect("write");
        index_into(root.path(), &pages, &output);
        assert!(
            lock(&output.kept).is_empty(),
            "a list that does not read keeps nothing"
        );
    }

    #[test]
    fn urls_are_site_relative_without_index_html() {
        assert_eq!(url_of("actors/a/index.html"), "/actors/a/");
        assert_eq!(url_of("index.html"), "/");
        assert_eq!(url_of("404.html"), "/404.html");
        assert_eq!(primary_language("de_CH"), "de");
    }

    #[test]
    fn a_record_has_the_body_text_without_navigation_and_ignored_parts() {
        let html = page(
            "Tokajew",
            "<p>Die Häuser der Regierungen.</p><aside data-pagefind-ignore>Siehe auch</aside>",
        );
        let record = Record::of_page("/actors/tokajew/", html.as_bytes(), "de").expect("record");
        let fragment = record.fragment();
        assert!(
            fragment.contains("\"content\":\"Tokajew. Die Häuser der Regierungen.\""),
            "{fragment}"
        );
        assert!(fragment.contains("\"title\":\"Tokajew\""), "{fragment}");
        let words: Vec<String> = (record.word_refs().into_iter())
            .map(|w| w.word.to_owned())
            .collect();
        let words: Vec<&str> = words.iter().map(String::as_str).collect();
        assert!(
            words.contains(&"haus") && words.contains(&"regier"),
            "{words:?}"
        );
        assert!(
            !words.contains(&"navigation") && !words.contains(&"sieh"),
            "{words:?}"
        );
    }

    #[test]
    fn the_index_has_the_german_search_core_and_is_the_same_for_the_same_pages() {
        let pages = [
            (
                "notes/b/index.html",
                page("B", "<p>Die Häuser der Regierungen.</p>"),
            ),
            (
                "actors/a/index.html",
                page("A", "<p>Kassym-Jomart Tokajew, Präsident.</p>"),
            ),
        ];
        let first = index_files(records(&pages), "de");
        let names: Vec<&str> = first.iter().map(|(p, _)| p.as_str()).collect();
        assert!(names.contains(&"pagefind/pagefind.js"), "{names:?}");
        assert!(names.contains(&"pagefind/wasm.de.pagefind"), "{names:?}");
        assert!(names.iter().any(|n| n.starts_with("pagefind/index/")));
        assert_eq!(
            names
                .iter()
                .filter(|n| n.starts_with("pagefind/fragment/"))
                .count(),
            2
        );
        let mut reversed = records(&pages);
        reversed.reverse();
        assert_eq!(first, index_files(reversed, "de"));
    }

    #[test]
    fn a_language_without_a_stemmer_has_no_search_core_of_its_own() {
        let pages = [("a/index.html", page("A", "<p>Text</p>"))];
        let files = index_files(records(&pages), "xx");
        let entry = &files
            .iter()
            .find(|(p, _)| p.ends_with("entry.json"))
            .expect("entry")
            .1;
        let entry = String::from_utf8_lossy(entry);
        assert!(entry.contains("\"xx\":{\"hash\":\"xx_"), "{entry}");
        assert!(entry.contains("\"wasm\":null"), "{entry}");
        assert!(!files.iter().any(|(p, _)| p.contains("wasm.xx")));
    }
}
