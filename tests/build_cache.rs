//! `build` over its last output and cache: the pages nothing they read changed for are left
//! as they are, and the output is what a build from scratch makes of the same files, byte for
//! byte, the search index included. A cache that is missing, stale or corrupt is not trusted.

mod common;

use std::collections::BTreeMap;
use std::path::Path;
use std::time::SystemTime;

use common::edits::*;
use common::*;
#[path = "../src/serve/test_git.rs"]
mod test_git;
use dossier::BuildOptions;
use dossier::render::split::PageBudget;
use dossier::serve::MemorySink;

const CACHE: &str = ".dossier-cache/pages.json";

/// Builds into `public/`, with its cache: what the build did.
fn build_again(options: &BuildOptions) -> dossier::BuildSummary {
    dossier::build(options).unwrap_or_else(|failure| panic!("build failed:\n{}", render(&failure)))
}

/// Every file of the output folder but the manifest, by path.
fn output_files(root: &Path) -> BTreeMap<String, Vec<u8>> {
    let public = root.join("public");
    walkdir::WalkDir::new(&public)
        .into_iter()
        .map(|entry| entry.expect("output entry"))
        .filter(|entry| entry.file_type().is_file())
        .map(|entry| {
            let path = entry.path().strip_prefix(&public).expect("inside");
            let path = path.to_string_lossy().replace('\\', "/");
            (path, std::fs::read(entry.path()).expect("read"))
        })
        .filter(|(path, _)| path != ".dossier-manifest.json")
        .collect()
}

/// Asserts that the output folder holds what a build from scratch makes of the same files.
fn equals_build_from_scratch(options: &BuildOptions, after: &str) {
    let sink = MemorySink::default();
    dossier::build::build_into(options, &sink).expect("build from scratch");
    assert_same_files(
        ("the build from scratch", &site_files(&sink.finish())),
        ("the build over the last one", &output_files(&options.root)),
        after,
    );
}

fn messages(diagnostics: &[dossier::diagnostic::Diagnostic]) -> Vec<String> {
    diagnostics.iter().map(ToString::to_string).collect()
}

fn modified(root: &Path, page: &str) -> SystemTime {
    let file = root.join("public").join(page);
    std::fs::metadata(&file)
        .and_then(|meta| meta.modified())
        .unwrap_or_else(|e| panic!("{}: {e}", file.display()))
}

/// Pages so small that every event has a page of the timeline and every document a part of
/// the print page: each part's signature is put to the test.
const TINY: PageBudget = PageBudget {
    events_per_page: 1,
    print_bytes_per_page: 1,
    entries_per_list_page: 1,
};

/// Makes the edits one by one on the minimal fixture, building after each, with pages of the
/// usual size and with tiny ones: the build fails exactly when one from scratch fails, with the
/// same errors at the same lines (of notes taken from the cache as they were parsed, too), and
/// when it does not, leaves what one from scratch makes, with the same warnings.
fn check_series(edits: &[Edit]) {
    check_series_within(edits, PageBudget::default());
    check_series_within(edits, TINY);
}

fn check_series_within(edits: &[Edit], budget: PageBudget) {
    let dir = copy_fixture("minimal");
    let options = BuildOptions {
        budget,
        ..options(dir.path())
    };
    build_again(&options);
    for edit in edits {
        apply(dir.path(), edit);
        let result = dossier::build(&options);
        let scratch = dossier::build::build_into(&options, &MemorySink::default());
        match (result, scratch) {
            (Ok(built), Ok(scratch)) => {
                assert_eq!(messages(&built.warnings), messages(&scratch.warnings));
                equals_build_from_scratch(&options, &format!("{edit:?}"));
            }
            (Err(failed), Err(scratch)) => {
                assert_eq!(render(&failed), render(&scratch), "after {edit:?}");
            }
            (built, scratch) => panic!("after {edit:?}: {built:?}, from scratch {scratch:?}"),
        }
    }
}

#[test]
fn an_edited_note_is_made_again_and_pages_that_do_not_show_it_are_left() {
    let dir = copy_fixture("minimal");
    let root = dir.path();
    let options = options(root);
    let first = build_again(&options);
    assert_eq!(first.reused, 0, "nothing to leave on the first build");
    let source = "sources/paz/index.html";
    let before = modified(root, source);
    let note = "content/notes/escaping.md";
    let text = std::fs::read_to_string(root.join(note)).expect("note");
    write(root, note, &format!("{text}\nEin neuer Schlusssatz.\n"));
    let second = build_again(&options);
    assert!(read(root, "notes/escaping/index.html").contains("Ein neuer Schlusssatz."));
    assert!(
        second.reused > 0 && second.reused < second.pages,
        "{second:?}"
    );
    assert_eq!(
        modified(root, source),
        before,
        "the source's page was not written again"
    );
    let line = second.line();
    assert!(
        line.contains(&format!(
            "{} pages ({} as they were)",
            second.pages, second.reused
        )),
        "{line}"
    );
    equals_build_from_scratch(&options, "a new sentence");
    let third = build_again(&options);
    assert_eq!(third.write.written, 0, "nothing changed: nothing written");
}

#[test]
fn every_kind_of_edit_leaves_what_a_build_from_scratch_makes() {
    use Edit::*;
    check_series(&[
        Sentence {
            doc: 2,
            words: "Ein Satz mehr".into(),
        },
        Retitle {
            doc: 1,
            title: "Tokajew, Präsident".into(),
        },
        Link { from: 2, to: 0 },
        Grade { grade: Some(1) },
        Cite { doc: 3 },
        RetitleEvent {
            title: "Ein neuer Titel".into(),
        },
        Relation {
            kind: "Staatsoberhaupt".into(),
        },
        Embed { from: 3, to: 2 },
        Heading {
            text: "Neue Überschrift".into(),
        },
        NewNote {
            name: "Neu".into(),
            tag: "energie".into(),
            actor: 1,
        },
        Delete { doc: 3 },
    ]);
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig { cases: 12, ..Default::default() })]

    /// After any series of edits, the output is what a build from scratch makes.
    #[test]
    fn any_series_of_edits_leaves_what_a_build_from_scratch_makes(edits in proptest::collection::vec(edit_strategy(), 1..6)) {
        check_series(&edits);
    }
}

/// This repository's dossier with pages small enough that the print page and the timeline are
/// cut into many parts: an edited note makes one print part again, and the rest stand.
#[test]
fn of_a_print_page_cut_into_parts_only_the_part_that_changed_is_made_again() {
    let dir = tempfile::tempdir().expect("temporary folder");
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    copy_tree(&repo.join("content"), &dir.path().join("content"));
    std::fs::copy(repo.join("site.toml"), dir.path().join("site.toml")).expect("site.toml");
    let root = dir.path();
    let options = BuildOptions {
        budget: PageBudget {
            events_per_page: 10,
            print_bytes_per_page: 20_000,
            entries_per_list_page: 10,
        },
        ..options(root)
    };
    build_again(&options);
    let parts = |root: &Path| -> BTreeMap<String, SystemTime> {
        (output_files(root).into_keys())
            .filter(|path| path.starts_with("print/") && path != "print/index.html")
            .map(|path| (path.clone(), modified(root, &path)))
            .collect()
    };
    let before = parts(root);
    assert!(
        before.len() > 3,
        "the print page is cut into parts: {before:?}"
    );
    let chunks = |root: &Path| -> BTreeMap<String, SystemTime> {
        (output_files(root).into_keys())
            .filter(|path| path.starts_with("pagefind/index/"))
            .map(|path| (path.clone(), modified(root, &path)))
            .collect()
    };
    let chunks_before = chunks(root);
    let notes = root.join("content/notes");
    let note = walkdir::WalkDir::new(&notes)
        .into_iter()
        .map(|entry| entry.expect("note").into_path())
        .find(|path| path.extension().is_some_and(|e| e == "md"))
        .expect("a note");
    let text = std::fs::read_to_string(&note).expect("note");
    std::fs::write(&note, format!("{text}\nEin neuer Schlusssatz.\n")).expect("write");
    build_again(&options);
    let after = parts(root);
    let made_again: Vec<&String> = (after.iter())
        .filter(|(path, time)| before.get(*path) != Some(*time))
        .map(|(path, _)| path)
        .collect();
    assert_eq!(made_again.len(), 1, "made again: {made_again:?}");
    // the word chunks without the note's words stand as they were
    let chunks_after = chunks(root);
    let kept = (chunks_after.iter())
        .filter(|(path, time)| chunks_before.get(*path) == Some(*time))
        .count();
    assert!(
        chunks_after.len() > 2 && kept > 0 && kept < chunks_after.len(),
        "{kept} of {chunks_after:?} kept"
    );
    equals_build_from_scratch(&options, "a new sentence");
}

/// A page list that does not read, search records that are gone, a page changed by hand in
/// the output: none of it is trusted, and the output is what a build from scratch makes.
#[test]
fn a_cache_or_output_that_does_not_hold_what_it_says_is_not_trusted() {
    let dir = copy_fixture("minimal");
    let root = dir.path();
    let options = options(root);
    build_again(&options);
    let note = "content/notes/escaping.md";
    let text = std::fs::read_to_string(root.join(note)).expect("note");

    std::fs::write(root.join(CACHE), "{ not json").expect("corrupt");
    write(root, note, &format!("{text}\nErster Zusatz.\n"));
    let summary = build_again(&options);
    assert_eq!(summary.reused, 0, "a corrupt page list is not trusted");
    equals_build_from_scratch(&options, "a corrupt page list");

    std::fs::remove_dir_all(root.join(".dossier-cache/search")).expect("records");
    write(root, note, &format!("{text}\nZweiter Zusatz.\n"));
    build_again(&options);
    equals_build_from_scratch(&options, "the search records removed");

    write(root, "public/sources/paz/index.html", "von Hand geändert");
    write(root, note, &format!("{text}\nDritter Zusatz.\n"));
    build_again(&options);
    equals_build_from_scratch(&options, "a page changed by hand");

    let chunk = (output_files(root).into_keys())
        .find(|path| path.starts_with("pagefind/index/"))
        .expect("a word chunk");
    write(root, &format!("public/{chunk}"), "von Hand geändert");
    write(root, note, &format!("{text}\nVierter Zusatz.\n"));
    build_again(&options);
    equals_build_from_scratch(&options, "a chunk of the index changed by hand");

    std::fs::write(root.join(".dossier-cache/search/index.json"), "[").expect("corrupt");
    write(root, note, &format!("{text}\nFünfter Zusatz.\n"));
    build_again(&options);
    equals_build_from_scratch(&options, "a list of the index's files that does not read");

    // every byte of the parsed files changed where it can be, past the file's header: nothing
    // that does not match its hash is taken
    let parsed = root.join(".dossier-cache/parsed.bin");
    let mut bytes = std::fs::read(&parsed).expect("parsed files");
    for byte in bytes.iter_mut().skip(100) {
        *byte = byte.wrapping_add(1);
    }
    std::fs::write(&parsed, bytes).expect("corrupt");
    write(root, note, &format!("{text}\nSechster Zusatz.\n"));
    build_again(&options);
    equals_build_from_scratch(&options, "the parsed files changed by hand");
}

/// A file with problems is parsed again by every build, so that they are shown every time
/// until it is mended; the files without are taken as the last build parsed them.
#[test]
fn a_file_with_problems_shows_them_in_every_build() {
    let dir = copy_fixture("minimal");
    let root = dir.path();
    let options = options(root);
    write(
        root,
        "content/timeline/leer.yaml",
        "# noch keine Ereignisse\n",
    );
    let note = "content/notes/escaping.md";
    let text = std::fs::read_to_string(root.join(note)).expect("note");
    for round in 1..=3 {
        write(root, note, &format!("{text}\nZusatz {round}.\n"));
        let summary = build_again(&options);
        let warnings = messages(&summary.warnings);
        assert!(
            warnings
                .iter()
                .any(|w| w.contains("the timeline file is empty")),
            "round {round}: {warnings:?}"
        );
    }
    equals_build_from_scratch(&options, "three builds with a warning");
}

/// In a git checkout each page shows when its file last changed: a commit alone changes what
/// pages show, and the pages showing it are made again (the open-data fixture: every data file).
#[test]
fn a_commit_reaches_every_page_showing_when_a_file_changed() {
    let dir = copy_fixture("open-data");
    let root = dir.path();
    let commit = |message: &str, date: &str| {
        test_git::git(root, &["add", "-A"], date);
        test_git::git(root, &["commit", "-q", "-m", message], date);
    };
    std::fs::write(root.join(".gitignore"), "/public\n/.dossier-cache\n").expect("write");
    test_git::git(root, &["init", "-q"], "2024-01-01T09:00:00+00:00");
    commit("Erster Stand", "2024-01-01T09:00:00+00:00");
    let options = options(root);
    build_again(&options);
    for (file, date) in [
        ("content/notes/ueberblick.md", "2024-02-03T12:30:00+01:00"),
        ("content/actors/carl.md", "2024-03-04T08:00:00+00:00"),
    ] {
        let text = std::fs::read_to_string(root.join(file)).expect("read");
        write(root, file, &format!("{text}\nEin Satz mehr.\n"));
        build_again(&options);
        equals_build_from_scratch(&options, &format!("an edit of {file}"));
        commit(&format!("{file} ergänzt"), date);
        let summary = build_again(&options);
        assert!(summary.reused > 0, "{summary:?}");
        equals_build_from_scratch(&options, &format!("the commit of {file}"));
    }
}
