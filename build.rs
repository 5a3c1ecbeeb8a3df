//! Embeds the repository's `templates/` and `static/` into the binary as the default theme.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

fn files(dir: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(current) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&current) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            let hidden = entry.file_name().to_string_lossy().starts_with('.');
            if hidden {
                continue;
            }
            if path.is_dir() {
                stack.push(path);
            } else {
                found.push(path);
            }
        }
    }
    found.sort();
    found
}

fn main() {
    let root = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").unwrap_or_default());
    let mut code = String::new();
    for (name, dir, macro_name, ty) in [
        ("TEMPLATES", "templates", "include_str", "str"),
        ("STATIC_FILES", "static", "include_bytes", "[u8]"),
    ] {
        let dir = root.join(dir);
        println!("cargo:rerun-if-changed={}", dir.display());
        let _ = writeln!(code, "pub static {name}: &[(&str, &{ty})] = &[");
        for file in files(&dir) {
            println!("cargo:rerun-if-changed={}", file.display());
            let rel = file.strip_prefix(&dir).unwrap_or(&file);
            let rel: Vec<String> = rel
                .iter()
                .map(|p| p.to_string_lossy().into_owned())
                .collect();
            let _ = writeln!(
                code,
                "    ({:?}, {macro_name}!({:?})),",
                rel.join("/"),
                file.display().to_string()
            );
        }
        let _ = writeln!(code, "];");
    }
    let out = PathBuf::from(std::env::var("OUT_DIR").unwrap_or_default()).join("embedded.rs");
    if let Err(error) = std::fs::write(&out, code) {
        panic!("cannot write {}: {error}", out.display());
    }
}
