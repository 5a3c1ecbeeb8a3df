//! Helpers for the integration tests: fixtures copied to a temporary folder, built, and read.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

use dossier::{BuildFailure, BuildOptions, BuildSummary, Overrides};

pub fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

/// A copy of a fixture in a fresh temporary folder, so tests may change it.
pub fn copy_fixture(name: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temporary folder");
    copy_tree(&fixture(name), dir.path());
    dir
}

pub fn copy_tree(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.expect("fixture entry");
        let target = to.join(entry.path().strip_prefix(from).expect("inside fixture"));
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).expect("create folder");
        } else {
            std::fs::copy(entry.path(), &target).expect("copy file");
        }
    }
}

/// A dossier written from (path, text) pairs.
pub fn dossier(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temporary folder");
    for (path, text) in files {
        write(dir.path(), path, text);
    }
    dir
}

pub fn write(root: &Path, path: &str, text: &str) {
    let path = root.join(path);
    std::fs::create_dir_all(path.parent().expect("parent")).expect("create folder");
    std::fs::write(path, text).expect("write file");
}

pub fn options(root: &Path) -> BuildOptions {
    BuildOptions {
        root: root.to_path_buf(),
        overrides: Overrides::default(),
    }
}

pub fn build(root: &Path) -> BuildSummary {
    match dossier::build(&options(root)) {
        Ok(summary) => summary,
        Err(failure) => panic!("build failed:\n{}", render(&failure)),
    }
}

pub fn build_err(root: &Path) -> BuildFailure {
    match dossier::build(&options(root)) {
        Ok(_) => panic!("expected the build to fail"),
        Err(failure) => failure,
    }
}

pub fn render(failure: &BuildFailure) -> String {
    failure
        .diagnostics
        .iter()
        .map(|d| d.to_string())
        .collect::<Vec<_>>()
        .join("\n")
}

pub fn read(root: &Path, path: &str) -> String {
    std::fs::read_to_string(root.join("public").join(path))
        .unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// The `<main>` element of a page, for snapshots.
pub fn main_of(html: &str) -> String {
    let start = html.find("<main").expect("<main>");
    let end = html.find("</main>").expect("</main>") + "</main>".len();
    html[start..end]
        .lines()
        .map(str::trim_end)
        .filter(|l| !l.trim().is_empty())
        .collect::<Vec<_>>()
        .join("\n")
}

/// Every file under a folder with its bytes, for comparing whole outputs.
pub fn snapshot_tree(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<(String, Vec<u8>)> = walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e
                .path()
                .strip_prefix(dir)
                .expect("inside")
                .to_string_lossy()
                .into_owned();
            (rel, std::fs::read(e.path()).expect("read"))
        })
        .collect();
    files.sort();
    files
}

pub const SITE: &str = "title = \"T\"\nbase_url = \"https://example.org/r/\"\nlanguage = \"de\"\n";
