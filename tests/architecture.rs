//! The layering of `src/`: data flows one way through the stages, so each module may use only
//! the stages before it and the small helpers every stage shares. Read from the source itself:
//! every `use crate::…` (groups included) and every `crate::…::` path in code.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Helpers any module may use: they use nothing but each other.
const HELPERS: &[&str] = &["diagnostic", "date", "slug", "i18n", "ids", "keys", "yaml"];

/// The stages, in the order data flows through them; a module may use the ones before it.
/// `markdown` is the parser `model` reads every text with, so it comes before `model`; `link`
/// resolves what it found. `search` and `output` both take what `render` made; `build`,
/// `scaffold`, `serve` and `online` (which checks the sources' links) drive the rest.
const STAGES: &[&[&str]] = &[
    &["config"],
    &["source"],
    &["markdown"],
    &["model"],
    &["link"],
    &["render"],
    &["search", "output"],
    &["build", "scaffold"],
    &["serve", "online"],
];

/// Where a module stands: helpers below everything, then the stages in order.
fn rank(module: &str) -> Option<usize> {
    if HELPERS.contains(&module) {
        return Some(0);
    }
    STAGES
        .iter()
        .position(|stage| stage.contains(&module))
        .map(|index| index + 1)
}

/// Whether `from` may use `to`.
fn allowed(from: &str, to: &str) -> bool {
    match (rank(from), rank(to)) {
        // helpers use each other (the cycle test keeps that one way)
        (Some(0), Some(0)) => true,
        (Some(a), Some(b)) => b < a,
        _ => false,
    }
}

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

/// Every `.rs` file under `dir`, sorted.
fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "rs"))
        .map(|e| e.into_path())
        .collect();
    files.sort();
    files
}

/// The top-level modules of the library: `src/x.rs` and `src/x/`.
fn top_level_modules() -> BTreeSet<String> {
    std::fs::read_dir(src())
        .expect("src/")
        .filter_map(Result::ok)
        .filter_map(|entry| {
            let path = entry.path();
            let name = path.file_stem()?.to_str()?.to_owned();
            let is_module = path.is_dir() || path.extension().is_some_and(|x| x == "rs");
            (is_module && name != "lib" && name != "main").then_some(name)
        })
        .collect()
}

/// The text without comments and string literals (doc examples and messages may name paths
/// that are not code).
fn code_only(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let rest = &text[i..];
        if rest.starts_with("//") {
            i += rest.find('\n').unwrap_or(rest.len());
        } else if rest.starts_with("/*") {
            i += rest.find("*/").map_or(rest.len(), |end| end + 2);
        } else if rest.starts_with('"') {
            let mut j = 1;
            while j < rest.len() && rest.as_bytes()[j] != b'"' {
                j += if rest.as_bytes()[j] == b'\\' { 2 } else { 1 };
            }
            out.push_str("\"\"");
            i += (j + 1).min(rest.len());
        } else if rest.starts_with("r#\"") {
            i += rest.find("\"#").map_or(rest.len(), |end| end + 2);
        } else {
            let c = rest.chars().next().expect("a character");
            out.push(c);
            i += c.len_utf8();
        }
    }
    out
}

/// The first path segments after every `crate::` in `code`: `crate::a::b` gives `a`,
/// `crate::{a, b::{c, d}}` gives `a` and `b`.
fn crate_paths(code: &str) -> BTreeSet<String> {
    let mut names = BTreeSet::new();
    for (at, _) in code.match_indices("crate::") {
        let before = code[..at].chars().next_back();
        if before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '$') {
            continue; // `$crate::` in macros, or part of another name
        }
        let rest = &code[at + "crate::".len()..];
        match rest.strip_prefix('{') {
            Some(group) => {
                let mut depth = 0usize;
                let mut item = String::new();
                for c in group.chars() {
                    match c {
                        '{' => depth += 1,
                        '}' if depth == 0 => break,
                        '}' => depth -= 1,
                        ',' if depth == 0 => {
                            names.insert(first_segment(&item));
                            item.clear();
                            continue;
                        }
                        _ => {}
                    }
                    item.push(c);
                }
                names.insert(first_segment(&item));
            }
            None => {
                names.insert(first_segment(rest));
            }
        }
    }
    names.remove("");
    names.remove("self");
    names
}

fn first_segment(path: &str) -> String {
    path.trim()
        .chars()
        .take_while(|c| c.is_alphanumeric() || *c == '_')
        .collect()
}

/// What lib.rs re-exports at the crate's root, by name: the module each comes from.
fn root_exports() -> BTreeMap<String, String> {
    let lib = code_only(&std::fs::read_to_string(src().join("lib.rs")).expect("lib.rs"));
    let mut exports = BTreeMap::new();
    for statement in lib.split(';') {
        let Some(path) = statement.trim().strip_prefix("pub use ") else {
            continue;
        };
        let module = first_segment(path);
        let names = match path.find('{') {
            Some(open) => path[open + 1..].trim_end_matches('}').to_owned(),
            None => path.rsplit("::").next().unwrap_or("").to_owned(),
        };
        for name in names.split(',') {
            exports.insert(first_segment(name), module.clone());
        }
    }
    exports
}

/// Which top-level modules each top-level module uses.
fn module_uses() -> BTreeMap<String, BTreeSet<String>> {
    let modules = top_level_modules();
    let exports = root_exports();
    let mut uses: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for file in rust_files(&src()) {
        let rel = file.strip_prefix(src()).expect("under src/");
        let first = rel.components().next().expect("a component");
        let module = Path::new(first.as_os_str())
            .file_stem()
            .and_then(|s| s.to_str())
            .expect("a name")
            .to_owned();
        if !modules.contains(&module) {
            continue; // lib.rs and main.rs
        }
        let code = code_only(&std::fs::read_to_string(&file).expect("source file"));
        for name in crate_paths(&code) {
            let used = match modules.contains(&name) {
                true => name,
                false => match exports.get(&name) {
                    Some(module) => module.clone(),
                    None => panic!(
                        "{}: `crate::{name}` is neither a module nor re-exported by lib.rs",
                        rel.display()
                    ),
                },
            };
            if used != module {
                uses.entry(module.clone()).or_default().insert(used);
            }
        }
        uses.entry(module).or_default();
    }
    uses
}

/// A cycle in `edges`, as the path around it, if there is one.
fn find_cycle(edges: &BTreeMap<String, BTreeSet<String>>) -> Option<Vec<String>> {
    fn visit(
        node: &str,
        edges: &BTreeMap<String, BTreeSet<String>>,
        path: &mut Vec<String>,
        done: &mut BTreeSet<String>,
    ) -> Option<Vec<String>> {
        if let Some(at) = path.iter().position(|n| n == node) {
            let mut cycle = path[at..].to_vec();
            cycle.push(node.to_owned());
            return Some(cycle);
        }
        if done.contains(node) {
            return None;
        }
        path.push(node.to_owned());
        for next in edges.get(node).into_iter().flatten() {
            if let Some(cycle) = visit(next, edges, path, done) {
                return Some(cycle);
            }
        }
        path.pop();
        done.insert(node.to_owned());
        None
    }
    let mut done = BTreeSet::new();
    edges
        .keys()
        .find_map(|node| visit(node, edges, &mut Vec::new(), &mut done))
}

#[test]
fn every_module_has_a_place_in_the_layers() {
    let unplaced: Vec<String> = top_level_modules()
        .into_iter()
        .filter(|m| rank(m).is_none())
        .collect();
    assert!(
        unplaced.is_empty(),
        "modules without a place in tests/architecture.rs: {unplaced:?}"
    );
}

#[test]
fn modules_use_only_the_stages_before_them_and_the_helpers() {
    let wrong: Vec<String> = module_uses()
        .iter()
        .flat_map(|(from, to)| {
            to.iter()
                .filter(|to| !allowed(from, to))
                .map(move |to| format!("{from} uses {to}"))
        })
        .collect();
    assert!(
        wrong.is_empty(),
        "against the direction of the stages: {wrong:?}"
    );
}

#[test]
fn no_cycle_between_top_level_modules() {
    let uses = module_uses();
    assert!(uses.contains_key("render") && uses["render"].contains("link"));
    assert_eq!(find_cycle(&uses), None);
}

/// Within a folder module, which of its files (and subfolders) each one uses, by `super::x`
/// and `crate::<folder>::x`; the folder's mod.rs, which ties them together, aside.
fn sibling_uses(folder: &str) -> BTreeMap<String, BTreeSet<String>> {
    let dir = src().join(folder);
    let children: BTreeSet<String> = std::fs::read_dir(&dir)
        .expect("folder")
        .filter_map(Result::ok)
        .filter_map(|e| e.path().file_stem()?.to_str().map(str::to_owned))
        .filter(|name| name != "mod")
        .collect();
    let mut uses: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for file in rust_files(&dir) {
        let rel = file.strip_prefix(&dir).expect("in the folder");
        let child = Path::new(rel.components().next().expect("a component").as_os_str())
            .file_stem()
            .and_then(|s| s.to_str())
            .expect("a name")
            .to_owned();
        if child == "mod" {
            continue;
        }
        let code = code_only(&std::fs::read_to_string(&file).expect("source file"));
        // `super::` of a file directly in the folder is the folder; deeper files are their
        // child's own business
        let from_super = match rel.components().count() {
            1 => crate_paths(&code.replace("super::", "crate::")),
            _ => BTreeSet::new(),
        };
        let qualified = crate_paths(&code.replace(&format!("crate::{folder}::"), "crate::"));
        let entry = uses.entry(child.clone()).or_default();
        for name in from_super.into_iter().chain(qualified) {
            if children.contains(&name) && name != child {
                entry.insert(name);
            }
        }
    }
    uses
}

#[test]
fn no_cycle_between_the_files_of_a_folder_module() {
    for entry in std::fs::read_dir(src())
        .expect("src/")
        .filter_map(Result::ok)
    {
        if entry.path().is_dir() {
            let folder = entry.file_name().to_string_lossy().into_owned();
            if let Some(cycle) = find_cycle(&sibling_uses(&folder)) {
                panic!("src/{folder}/: {}", cycle.join(" → "));
            }
        }
    }
}

#[test]
fn the_reader_finds_groups_paths_and_re_exports() {
    let code = code_only(
        "use crate::{a, b::{c, d}, self};\n// use crate::commented;\nfn f() { crate::e::g(); \
         let s = \"crate::quoted\"; $crate::m!(); }",
    );
    let found: Vec<String> = crate_paths(&code).into_iter().collect();
    assert_eq!(found, ["a", "b", "e"]);
    assert_eq!(
        root_exports().get("Diagnostic").map(String::as_str),
        Some("diagnostic")
    );
}

#[test]
fn the_rule_refuses_a_use_against_the_flow() {
    assert!(allowed("render", "link"));
    assert!(allowed("serve", "build"));
    assert!(allowed("config", "diagnostic"));
    assert!(!allowed("render", "serve"));
    assert!(!allowed("link", "render"));
    assert!(!allowed("diagnostic", "config"));
    assert!(!allowed("search", "output"));
    let cyclic: BTreeMap<String, BTreeSet<String>> = [
        ("a".to_owned(), BTreeSet::from(["b".to_owned()])),
        ("b".to_owned(), BTreeSet::from(["a".to_owned()])),
    ]
    .into();
    assert!(find_cycle(&cyclic).is_some());
}
