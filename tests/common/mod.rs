//! Helpers for the integration tests: fixtures copied to a temporary folder, built, and read.
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use dossier::{BuildFailure, BuildOptions, BuildSummary, Diagnostic, Overrides};

pub mod edits;

/// Every file of a site in memory, by path.
pub fn site_files(site: &dossier::serve::MemorySite) -> BTreeMap<String, Vec<u8>> {
    site.files()
        .map(|(path, bytes)| (path.clone(), bytes.to_vec()))
        .collect()
}

/// Asserts that two sites hold the same files, byte for byte; else says which files only one
/// has, or where the first file that differs first differs. `expected` and `actual` are each
/// a name for the message and the files by path.
pub fn assert_same_files(
    (expected_name, expected): (&str, &BTreeMap<String, Vec<u8>>),
    (actual_name, actual): (&str, &BTreeMap<String, Vec<u8>>),
    after: &str,
) {
    let only_in = |a: &BTreeMap<String, Vec<u8>>, b: &BTreeMap<String, Vec<u8>>| -> Vec<String> {
        a.keys()
            .filter(|path| !b.contains_key(*path))
            .cloned()
            .collect()
    };
    let (only_expected, only_actual) = (only_in(expected, actual), only_in(actual, expected));
    assert!(
        only_expected.is_empty() && only_actual.is_empty(),
        "after {after}: only in {expected_name} {only_expected:?}, only in {actual_name} {only_actual:?}"
    );
    for (path, bytes) in expected {
        if actual[path] != *bytes {
            let (a, b) = (
                String::from_utf8_lossy(bytes),
                String::from_utf8_lossy(&actual[path]),
            );
            let at = a.bytes().zip(b.bytes()).take_while(|(x, y)| x == y).count();
            let around = |s: &str| {
                let range = at.saturating_sub(80)..(at + 80).min(s.len());
                s.get(range).unwrap_or("").to_owned()
            };
            panic!(
                "after {after}: {path} differs\n {expected_name}: …{}…\n {actual_name}: …{}…",
                around(&a),
                around(&b)
            );
        }
    }
}

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
        budget: Default::default(),
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

/// The minimal fixture in a temporary folder, built once: a previous output a test can break.
pub fn built_fixture() -> tempfile::TempDir {
    let dir = copy_fixture("minimal");
    build(dir.path());
    dir
}

/// Builds a broken dossier through the library and through the binary. Both must fail, the
/// binary with exit code 1 and every error on stderr, and neither may change a byte of the
/// previous output in `public/`. Returns the library's diagnostics.
pub fn fails_keeping_output(root: &Path) -> BuildFailure {
    let public = root.join("public");
    let before = snapshot_tree(&public);
    assert!(!before.is_empty(), "build a good dossier first");
    let failure = build_err(root);
    assert_same_tree(&before, &snapshot_tree(&public));
    let (code, stderr) = run_binary(root, &["build"]);
    assert_eq!(code, Some(1), "exit code of `dossier build`:\n{stderr}");
    for error in failure.diagnostics.iter().filter(|d| d.is_error()) {
        assert!(
            stderr.contains(&error.message),
            "`dossier build` does not report `{}`:\n{stderr}",
            error.message
        );
    }
    assert_same_tree(&before, &snapshot_tree(&public));
    failure
}

/// Runs the `dossier` binary with a subcommand on a dossier: its exit code (`None` if it was
/// killed by a signal) and what it printed on stderr.
pub fn run_binary(root: &Path, command: &[&str]) -> (Option<i32>, String) {
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_dossier"))
        .args(command)
        .arg("--root")
        .arg(root)
        .output()
        .expect("run the dossier binary");
    (
        output.status.code(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

/// Two snapshots of a folder are identical; on failure, names the first file that differs
/// instead of printing every byte.
pub fn assert_same_tree(before: &[(String, Vec<u8>)], after: &[(String, Vec<u8>)]) {
    let names =
        |files: &[(String, Vec<u8>)]| files.iter().map(|(n, _)| n.clone()).collect::<Vec<_>>();
    assert_eq!(names(before), names(after), "files in the output changed");
    for ((name, old), (_, new)) in before.iter().zip(after) {
        assert!(old == new, "`{name}` changed");
    }
}

/// The build's errors in one file (`content/notes/a.md`).
pub fn errors_in<'a>(failure: &'a BuildFailure, file: &str) -> Vec<&'a Diagnostic> {
    failure
        .diagnostics
        .iter()
        .filter(|d| d.is_error() && file_of(d) == file)
        .collect()
}

/// The only error of the build in `file`.
pub fn one_error(failure: &BuildFailure, file: &str) -> Diagnostic {
    let found = errors_in(failure, file);
    assert_eq!(found.len(), 1, "{}", render(failure));
    found[0].clone()
}

/// The only error of the whole build.
pub fn only_error(failure: &BuildFailure) -> Diagnostic {
    let errors: Vec<&Diagnostic> = failure
        .diagnostics
        .iter()
        .filter(|d| d.is_error())
        .collect();
    assert_eq!(
        errors.len(),
        1,
        "expected exactly one error:\n{}",
        render(failure)
    );
    errors[0].clone()
}

/// The file a diagnostic points at, with `/` separators; empty if none.
pub fn file_of(diagnostic: &Diagnostic) -> String {
    diagnostic
        .file
        .as_ref()
        .map(|f| f.to_string_lossy().replace('\\', "/"))
        .unwrap_or_default()
}

/// A diagnostic points at `file`, line `line` (0: the file as a whole).
pub fn assert_points_at(diagnostic: &Diagnostic, file: &str, line: usize) {
    assert_eq!(
        (file_of(diagnostic).as_str(), diagnostic.line),
        (file, line),
        "{diagnostic}"
    );
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
