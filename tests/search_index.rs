//! The search index written by src/search/ is Pagefind 1.6.0's: the same pages indexed by the
//! `pagefind` crate and by our writer give the same files with the same decoded content (words
//! → pages → positions and weights, fragments' JSON, filters, meta), for this repository's
//! dossier and for hand-written pages (tests/fixtures/search-index/). And the index is the
//! same from build to build, with or without the record cache, even a corrupt one.

mod common;

use std::collections::BTreeMap;
use std::io::Read;
use std::path::Path;

use dossier::search::{PageReader, Record, index_files, read_page_with, url_of};
use dossier::{BuildOptions, Overrides};
use pagefind::api::PagefindIndex;
use pagefind::options::PagefindServiceConfig;

/// Index files by path (under `pagefind/`), gzip taken off.
type Files = BTreeMap<String, Vec<u8>>;

fn gunzip(bytes: &[u8]) -> Vec<u8> {
    if !bytes.starts_with(&[0x1f, 0x8b]) {
        return bytes.to_vec();
    }
    let mut out = Vec::new();
    flate2::read::GzDecoder::new(bytes)
        .read_to_end(&mut out)
        .expect("gzip");
    out
}

/// The index Pagefind itself makes of these pages (URL, HTML), added in URL order.
fn pagefind_index(pages: &[(String, String)], language: &str) -> Files {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .build()
        .expect("runtime");
    runtime.block_on(async {
        let options = PagefindServiceConfig::builder()
            .force_language(language.to_owned())
            .build();
        let mut index = PagefindIndex::new(Some(options)).expect("pagefind");
        for (url, html) in pages {
            index
                .add_html_file(None, Some(url.clone()), html.clone())
                .await
                .expect("add page");
        }
        let files = index.get_files().await.expect("files");
        files
            .into_iter()
            .map(|file| {
                let name = file.filename.to_string_lossy().replace('\\', "/");
                (format!("pagefind/{name}"), gunzip(&file.contents))
            })
            .collect()
    })
}

fn our_index(pages: &[(String, String)], language: &str) -> Files {
    let records: Vec<Record> = pages
        .iter()
        .map(|(url, html)| Record::of_page(url, html.as_bytes(), language).expect("record"))
        .collect();
    index_files(records, language)
        .into_iter()
        .map(|(path, bytes)| (path, gunzip(&bytes)))
        .collect()
}

/// A CBOR item as text, to show where two index files differ.
fn decode(bytes: &[u8], at: &mut usize) -> String {
    let head = bytes[*at];
    *at += 1;
    let (major, info) = (head >> 5, head & 0x1f);
    let mut value: u64 = u64::from(info);
    let extra = match info {
        24 => 1,
        25 => 2,
        26 => 4,
        27 => 8,
        _ => 0,
    };
    if extra > 0 {
        value = bytes[*at..*at + extra]
            .iter()
            .fold(0, |v, b| (v << 8) | u64::from(*b));
        *at += extra;
    }
    match major {
        0 => value.to_string(),
        1 => format!("-{}", value + 1),
        3 => {
            let text = String::from_utf8_lossy(&bytes[*at..*at + value as usize]).into_owned();
            *at += value as usize;
            format!("{text:?}")
        }
        4 => {
            let items: Vec<String> = (0..value).map(|_| decode(bytes, at)).collect();
            format!("[{}]", items.join(","))
        }
        _ => panic!("unexpected CBOR item {head:#x}"),
    }
}

/// A file's content as text: CBOR decoded after the `pagefind_dcd` signature, JSON as it is.
fn readable(bytes: &[u8]) -> String {
    match bytes.strip_prefix(b"pagefind_dcd") {
        Some(body) if body.first().is_some_and(|b| b >> 5 == 4) => decode(body, &mut 0),
        Some(body) => String::from_utf8_lossy(body).into_owned(),
        None => format!("{} bytes", bytes.len()),
    }
}

fn assert_same_index(expected: &Files, actual: &Files, case: &str) {
    let names = |files: &Files| files.keys().cloned().collect::<Vec<_>>();
    // the word index, fragments and filters first: the meta and entry files name them by hash
    let mut in_order: Vec<(&String, &Vec<u8>)> = expected.iter().collect();
    in_order.sort_by_key(|(name, _)| name.matches('/').count() < 2);
    for (name, bytes) in in_order {
        let Some(ours) = actual.get(name) else {
            continue;
        };
        assert!(
            ours == bytes,
            "{case}: {name} differs\npagefind: {}\nours:     {}",
            readable(bytes),
            readable(ours)
        );
    }
    assert_eq!(names(expected), names(actual), "{case}: the files differ");
}

fn fixture_pages() -> Vec<(String, String)> {
    let dir = common::fixture("search-index");
    let mut pages: Vec<(String, String)> = std::fs::read_dir(&dir)
        .expect("fixture")
        .map(|entry| entry.expect("entry").path())
        .filter(|path| path.extension().is_some_and(|e| e == "html"))
        .map(|path| {
            let name = path.file_stem().expect("name").to_string_lossy();
            let url = url_of(&format!("{name}/index.html"));
            (url, std::fs::read_to_string(&path).expect("page"))
        })
        .collect();
    pages.sort();
    pages
}

#[test]
fn hand_written_pages_give_pagefinds_index_in_every_kind_of_language() {
    let pages = fixture_pages();
    // German with its stemmer, English with another, and a language without a stemmer
    for language in ["de", "en", "xx"] {
        let expected = pagefind_index(&pages, language);
        let actual = our_index(&pages, language);
        assert!(expected.keys().any(|name| name.contains("/filter/")));
        assert_same_index(&expected, &actual, language);
    }
}

/// The pages our own tokenizer leaves to lol_html (with why); the others it reads into what
/// lol_html reads.
fn left_to_lol_html(pages: &[(String, String)]) -> Vec<String> {
    let mut left = Vec::new();
    for (url, html) in pages {
        let lol_html = read_page_with(html.as_bytes(), PageReader::LolHtml).expect("lol_html");
        match read_page_with(html.as_bytes(), PageReader::Own) {
            Ok(own) => assert_eq!(own, lol_html, "{url} is read differently"),
            Err(e) => left.push(format!("{url}: {e}")),
        }
    }
    left
}

/// Every page is read by our own tokenizer, none left to lol_html.
fn assert_read_by_our_own_reader(pages: &[(String, String)]) {
    assert_eq!(left_to_lol_html(pages), Vec::<String>::new());
}

#[test]
fn our_own_reader_reads_every_page_of_a_fixture_as_lol_html_does() {
    // hand-written: all but one with a <noscript>, whose content lol_html reads as raw text
    assert_eq!(
        left_to_lol_html(&fixture_pages()),
        [String::from(
            "/source/: not understood: <textarea>, <plaintext>, <xmp>, <noembed>, <noframes> \
             or <noscript>"
        )]
    );
    // MathML, a PDF's <iframe>, callouts, embeds and the rest of an Obsidian vault
    let site = common::copy_fixture("obsidian-vault");
    common::build(site.path());
    let pages = site_pages(&site.path().join("public"));
    assert!(pages.iter().any(|(_, html)| html.contains("<math")));
    assert!(pages.iter().any(|(_, html)| html.contains("<iframe")));
    assert_read_by_our_own_reader(&pages);
}

/// The rendered pages of a built site (URL, HTML), in URL order.
fn site_pages(output: &Path) -> Vec<(String, String)> {
    let mut pages: Vec<(String, String)> = walkdir::WalkDir::new(output)
        .into_iter()
        .map(|entry| entry.expect("entry"))
        .filter(|entry| entry.path().extension().is_some_and(|e| e == "html"))
        .map(|entry| {
            let path = entry.path().strip_prefix(output).expect("inside");
            let path = path.to_string_lossy().replace('\\', "/");
            (
                url_of(&path),
                std::fs::read_to_string(entry.path()).expect("page"),
            )
        })
        .collect();
    pages.sort();
    pages
}

fn index_in(output: &Path) -> Files {
    walkdir::WalkDir::new(output.join("pagefind"))
        .into_iter()
        .map(|entry| entry.expect("entry"))
        .filter(|entry| entry.file_type().is_file())
        .map(|entry| {
            let path = entry.path().strip_prefix(output).expect("inside");
            let bytes = std::fs::read(entry.path()).expect("file");
            (path.to_string_lossy().replace('\\', "/"), gunzip(&bytes))
        })
        .collect()
}

#[test]
fn this_repositorys_dossier_gets_pagefinds_index() {
    let repository = Path::new(env!("CARGO_MANIFEST_DIR"));
    let output = tempfile::tempdir().expect("output");
    let options = BuildOptions {
        root: repository.to_path_buf(),
        overrides: Overrides {
            output_dir: Some(output.path().join("public")),
            ..Overrides::default()
        },
        budget: Default::default(),
    };
    dossier::build(&options).expect("the repository's dossier builds");
    let output = output.path().join("public");
    let pages = site_pages(&output);
    assert!(pages.len() > 100, "{} pages", pages.len());
    assert_read_by_our_own_reader(&pages);
    let expected = pagefind_index(&pages, "de");
    assert_same_index(&expected, &our_index(&pages, "de"), "records of the pages");
    assert_same_index(&expected, &index_in(&output), "the build's index");
}

fn cache_files(root: &Path) -> Vec<std::path::PathBuf> {
    let dir = root.join(".dossier-cache/search");
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .map(|entries| entries.map(|e| e.expect("entry").path()).collect())
        .unwrap_or_default();
    files.sort();
    files
}

/// Builds `root` from scratch (the output removed, so every page is rendered again) and
/// returns its index.
fn fresh_build(root: &Path) -> Files {
    let _ = std::fs::remove_dir_all(root.join("public"));
    common::build(root);
    index_in(&root.join("public"))
}

#[test]
fn the_index_is_the_same_from_build_to_build_with_a_cold_warm_or_corrupt_cache() {
    let site = common::copy_fixture("minimal");
    let root = site.path();
    let cold = fresh_build(root);
    assert!(cold.keys().any(|name| name.contains("/fragment/")));
    let records = cache_files(root);
    assert!(records.len() >= 5, "{records:?}");
    // a file of someone else's in the folder, and a record no page uses any more
    std::fs::write(root.join(".dossier-cache/search/NOTES.txt"), "mine").expect("write");
    let unused = root.join(".dossier-cache/search/0123456789abcdef0123456789abcdef.rec");
    std::fs::copy(&records[0], &unused).expect("copy");

    let warm = fresh_build(root);
    assert_eq!(cold, warm, "an index from cached records differs");
    assert!(!unused.exists(), "an unused record is removed");
    assert!(root.join(".dossier-cache/search/NOTES.txt").exists());

    // one record with a changed byte, one cut short, one empty, one replaced by another's
    let mut changed = std::fs::read(&records[0]).expect("record");
    let last = changed.len() - 2;
    changed[last] ^= 0x20;
    std::fs::write(&records[0], changed).expect("write");
    let whole = std::fs::read(&records[1]).expect("record");
    std::fs::write(&records[1], &whole[..whole.len() / 2]).expect("write");
    std::fs::write(&records[2], b"").expect("write");
    std::fs::copy(&records[4], &records[3]).expect("copy");
    let repaired = fresh_build(root);
    assert_eq!(cold, repaired, "a corrupt cache changed the index");
    for record in &records[..4] {
        let bytes = std::fs::read(record).expect("record made again");
        assert!(bytes.len() > 16, "{record:?} was not made again");
    }
    let read = |path: &Path| std::fs::read(path).expect("record");
    assert_ne!(
        read(&records[3]),
        read(&records[4]),
        "another page's record was taken"
    );
}

#[test]
fn without_the_cache_folder_the_index_is_the_same() {
    let site = common::copy_fixture("minimal");
    let root = site.path();
    let first = fresh_build(root);
    std::fs::remove_dir_all(root.join(".dossier-cache")).expect("remove the cache");
    assert_eq!(first, fresh_build(root));
    // `check` makes no index and keeps no records
    let other = common::copy_fixture("minimal");
    dossier::check(&common::options(other.path())).expect("check");
    assert!(!other.path().join(".dossier-cache").exists());
}
