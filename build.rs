//! Embeds the repository's `templates/` and `static/` into the binary as the default theme, and
//! names the commit the binary is built from for `dossier --version`.

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
    embed_theme(&root);
    let version = std::env::var("CARGO_PKG_VERSION").unwrap_or_default();
    let line = match commit(&root) {
        Some(commit) => format!("{version} ({commit})"),
        None => version,
    };
    println!("cargo:rustc-env=DOSSIER_VERSION_LINE={line}");
}

/// The short hash of the commit being built: from git when the package is the top of a git
/// checkout; else from `DOSSIER_COMMIT` (set by the release workflow); else from the
/// `.cargo_vcs_info.json` that `cargo package` writes. None of them failing fails the build.
fn commit(root: &Path) -> Option<String> {
    println!("cargo:rerun-if-env-changed=DOSSIER_COMMIT");
    let full = commit_from_git(root)
        .or_else(|| std::env::var("DOSSIER_COMMIT").ok())
        .or_else(|| commit_from_vcs_info(root))?;
    let full = full.trim();
    let is_hash = full.len() >= 7 && full.chars().all(|c| c.is_ascii_hexdigit());
    is_hash.then(|| full.chars().take(9).collect())
}

fn git(root: &Path, args: &[&str]) -> Option<String> {
    let output = std::process::Command::new("git")
        .arg("-C")
        .arg(root)
        .args(args)
        .output()
        .ok()?;
    let text = String::from_utf8(output.stdout).ok()?;
    output.status.success().then(|| text.trim().to_owned())
}

fn commit_from_git(root: &Path) -> Option<String> {
    // Only the package's own checkout: a crate unpacked inside some other repository (a home
    // folder kept in git, a vendored copy) must not take that repository's commit.
    let top = PathBuf::from(git(root, &["rev-parse", "--show-toplevel"])?);
    if top.canonicalize().ok()? != root.canonicalize().ok()? {
        return None;
    }
    let hash = git(root, &["rev-parse", "HEAD"])?;
    // Rebuild when HEAD moves: to another branch (HEAD) or to a new commit (the branch's ref).
    let mut watched = vec![String::from("HEAD")];
    watched.extend(git(root, &["symbolic-ref", "-q", "HEAD"]));
    watched.push(String::from("packed-refs"));
    for name in watched {
        if let Some(path) = git(
            root,
            &["rev-parse", "--path-format=absolute", "--git-path", &name],
        ) && Path::new(&path).exists()
        {
            println!("cargo:rerun-if-changed={path}");
        }
    }
    Some(hash)
}

/// `{"git": {"sha1": "…"}, …}`, read without a JSON parser (build scripts have no dependencies).
fn commit_from_vcs_info(root: &Path) -> Option<String> {
    let text = std::fs::read_to_string(root.join(".cargo_vcs_info.json")).ok()?;
    let after = text.split("\"sha1\"").nth(1)?;
    after.split('"').nth(1).map(str::to_owned)
}

fn embed_theme(root: &Path) {
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
