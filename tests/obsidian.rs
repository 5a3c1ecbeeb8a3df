//! Obsidian Markdown: what Obsidian shows is what the site shows, and what it hides stays hidden.

mod common;

use std::io::Read;
use std::path::Path;

/// Every file of the output as text, the search index's compressed files decompressed.
fn output_files(public: &Path) -> Vec<(String, String)> {
    let mut files = Vec::new();
    for entry in walkdir::WalkDir::new(public) {
        let entry = entry.expect("output entry");
        if !entry.file_type().is_file() {
            continue;
        }
        let bytes = std::fs::read(entry.path()).expect("read output file");
        let bytes = match bytes.starts_with(&[0x1f, 0x8b]) {
            true => {
                let mut inflated = Vec::new();
                flate2::read::GzDecoder::new(bytes.as_slice())
                    .read_to_end(&mut inflated)
                    .expect("gzip file of the search index");
                inflated
            }
            false => bytes,
        };
        let name = entry.path().strip_prefix(public).expect("inside output");
        let text = String::from_utf8_lossy(&bytes).to_lowercase();
        files.push((name.display().to_string(), text));
    }
    files
}

#[test]
fn comments_reach_no_file_of_the_output() {
    let dir = common::copy_fixture("obsidian-comments");
    // a link inside a comment is not checked: the fixture's [[Nirgendwo]] would fail the build
    common::build(dir.path());
    let files = output_files(&dir.path().join("public"));

    let leaks: Vec<&str> = files
        .iter()
        .filter(|(_, text)| text.contains("qqzzxx"))
        .map(|(name, _)| name.as_str())
        .collect();
    assert!(leaks.is_empty(), "comment text in {leaks:?}");

    // the check above reads the search index: its compressed fragments hold the public text
    let index_has_public_text = files
        .iter()
        .any(|(name, text)| name.starts_with("pagefind/") && text.contains("sichtbares ende"));
    assert!(index_has_public_text, "search index not read");
}

#[test]
fn text_around_comments_and_percent_signs_in_code_stay() {
    let dir = common::copy_fixture("obsidian-comments");
    common::build(dir.path());
    let page = common::read(dir.path(), "notes/notiz/index.html");
    assert!(
        page.contains("Sichtbarer Anfang  und sichtbares Ende."),
        "{page}"
    );
    assert!(page.contains("<code>%%wörtlich%%</code>"), "{page}");
    assert!(page.contains("%% auch im Block %%"), "{page}");
    assert!(page.contains("Text nach dem Kommentar"), "{page}");

    // the embed shows the section without its comments
    let embedder = common::read(dir.path(), "notes/einbettung/index.html");
    assert!(embedder.contains("Sichtbarer Anfang"), "{embedder}");
}

#[test]
fn a_link_inside_a_comment_is_no_backlink() {
    let dir = common::copy_fixture("obsidian-comments");
    common::build(dir.path());
    let hidden = common::read(dir.path(), "actors/verborgen/index.html");
    assert!(!hidden.contains("notes/notiz/"), "{hidden}");
    // while a link outside a comment is one
    assert!(hidden.contains("notes/einbettung/"), "{hidden}");
}

#[test]
fn an_error_after_a_comment_points_at_its_line_and_column() {
    let dir = common::copy_fixture("obsidian-comments");
    common::write(
        dir.path(),
        "content/notes/kaputt.md",
        "---\ntitle: Kaputt\n---\n\n%% drei\nZeilen\n%% und %%noch einer%% [[Fehlt]]\n",
    );
    let failure = common::build_err(dir.path());
    let error = common::one_error(&failure, "content/notes/kaputt.md");
    common::assert_points_at(&error, "content/notes/kaputt.md", 7);
    assert_eq!(error.column, 23, "{error}");
}
