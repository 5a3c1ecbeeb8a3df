//! `dossier init` and `dossier new`: what they write builds at once, and they never overwrite.

mod common;

use common::*;
use dossier::scaffold::{self, InitOptions, NewKind};

const TODAY: &str = "2026-11-25";

fn init_in(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let options = InitOptions {
        dir: dir.to_path_buf(),
        title: Some("Mein \"Test\": Dossier".into()),
        language: "de".into(),
    };
    scaffold::init(&options, TODAY).expect("init")
}

#[test]
fn init_writes_a_dossier_that_builds_without_warnings() {
    let parent = tempfile::tempdir().expect("temporary folder");
    let dir = parent.path().join("neues-dossier");
    let files = init_in(&dir);
    assert_eq!(files.len(), 10);
    let summary = build(&dir);
    assert!(summary.warnings.is_empty(), "{:?}", summary.warnings);
    assert_eq!(
        (
            summary.actors,
            summary.notes,
            summary.sources,
            summary.events
        ),
        (2, 1, 1, 2)
    );
    let home = std::fs::read_to_string(dir.join("public/index.html")).expect("home page");
    assert!(
        home.contains("Mein Test Dossier"),
        "title without quotes or colon"
    );
    let site = std::fs::read_to_string(dir.join("site.toml")).expect("site.toml");
    assert!(site.contains("https://example.github.io/neues-dossier/"));
}

#[test]
fn init_writes_the_github_pages_workflow() {
    let dir = tempfile::tempdir().expect("temporary folder");
    init_in(dir.path());
    let written =
        std::fs::read_to_string(dir.path().join(".github/workflows/pages.yml")).expect("workflow");
    assert_eq!(written, scaffold::pages_workflow());
    // pinned to the version and the repository of the dossier that wrote it
    let version = format!("vars.DOSSIER_VERSION || '{}'", env!("CARGO_PKG_VERSION"));
    assert!(written.contains(&version), "{written}");
    let repository = format!(
        "vars.DOSSIER_GENERATOR || '{}'",
        env!("CARGO_PKG_REPOSITORY")
    );
    assert!(written.contains(&repository), "{written}");
    assert!(!written.contains("{version}") && !written.contains("{repository}"));
    let ignore = std::fs::read_to_string(dir.path().join(".gitignore")).expect(".gitignore");
    assert!(ignore.lines().any(|l| l == "/public"));
}

#[test]
fn init_refuses_a_folder_that_is_not_empty() {
    let dir = tempfile::tempdir().expect("temporary folder");
    write(dir.path(), "notizen.txt", "meins");
    let options = InitOptions {
        dir: dir.path().to_path_buf(),
        title: None,
        language: "de".into(),
    };
    let error = scaffold::init(&options, TODAY).expect_err("refused");
    assert!(error.to_string().contains("is not empty"), "{error}");
    let entries: Vec<_> = std::fs::read_dir(dir.path()).expect("read").collect();
    assert_eq!(entries.len(), 1, "nothing was written");
}

#[test]
fn new_files_have_front_matter_with_today_and_build() {
    let dir = tempfile::tempdir().expect("temporary folder");
    init_in(dir.path());
    let root = dir.path();
    let note = scaffold::new(root, NewKind::Note, None, Some("Öl & Gas"), TODAY).expect("note");
    assert!(
        note.ends_with("content/notes/oel-gas.md"),
        "{}",
        note.display()
    );
    let text = std::fs::read_to_string(&note).expect("read note");
    assert!(text.starts_with("---\ntitle: Öl & Gas\n"), "{text}");
    assert!(text.contains(&format!("date: {TODAY}")));
    let actor = scaffold::new(root, NewKind::Actor, Some("tokajew"), None, TODAY).expect("actor");
    assert!(
        std::fs::read_to_string(actor)
            .expect("read")
            .contains("title: Tokajew")
    );
    scaffold::new(root, NewKind::Source, Some("quelle"), None, TODAY).expect("source");
    let event = scaffold::new(root, NewKind::Event, None, Some("Treffen"), TODAY).expect("event");
    assert!(event.ends_with(format!("content/timeline/{TODAY}-treffen.yaml")));
    let summary = build(root);
    assert_eq!(
        (
            summary.actors,
            summary.notes,
            summary.sources,
            summary.events
        ),
        (3, 2, 2, 3)
    );
}

#[test]
fn new_refuses_to_overwrite() {
    let dir = tempfile::tempdir().expect("temporary folder");
    init_in(dir.path());
    let existing = dir.path().join("content/notes/erste-notiz.md");
    let before = std::fs::read(&existing).expect("read");
    let error = scaffold::new(dir.path(), NewKind::Note, Some("erste-notiz"), None, TODAY)
        .expect_err("refused");
    assert!(error.to_string().contains("already exists"), "{error}");
    assert_eq!(std::fs::read(&existing).expect("read"), before);
}

#[test]
fn new_needs_a_dossier() {
    let dir = tempfile::tempdir().expect("temporary folder");
    let error =
        scaffold::new(dir.path(), NewKind::Note, Some("x"), None, TODAY).expect_err("no site.toml");
    assert!(error.to_string().contains("site.toml"), "{error}");
}
