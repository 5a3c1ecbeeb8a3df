//! Where the build may write: the output folder is never the dossier, one of its source
//! folders, or around them, as written in site.toml or on the command line and on the disk.

use std::path::{Component, Path, PathBuf};

use super::{Config, PROTECTED_DIRS};
use crate::diagnostic::Diagnostic;

/// `output_dir` from site.toml: relative, inside the root, and none of its source folders.
pub(super) fn check_output_dir(root: &Path, dir: &Path) -> Result<PathBuf, String> {
    let relative = if dir.is_absolute() {
        dir.strip_prefix(root).map(Path::to_path_buf).map_err(|_| {
            format!(
                "output_dir `{}` lies outside the dossier; it must be a folder inside it",
                dir.display()
            )
        })?
    } else {
        dir.to_path_buf()
    };
    let normal = normalize(&relative).ok_or_else(|| {
        format!(
            "output_dir `{}` leaves the dossier; it must be a folder inside it, e.g. `public`",
            dir.display()
        )
    })?;
    protect_sources(&normal, &format!("output_dir `{}`", dir.display()))?;
    Ok(root.join(normal))
}

/// `--output` from the command line: anywhere, but never the dossier or one of its source folders.
pub(super) fn check_output_override(root: &Path, dir: &Path) -> Result<PathBuf, String> {
    let cwd = std::env::current_dir().map_err(|e| e.to_string())?;
    let absolute = normalize_absolute(&cwd.join(dir));
    let root = normalize_absolute(&cwd.join(root));
    if let Ok(inside) = absolute.strip_prefix(&root) {
        protect_sources(inside, &format!("--output `{}`", dir.display()))?;
    }
    if root.starts_with(&absolute) {
        return Err(format!(
            "--output `{}` contains the dossier itself",
            dir.display()
        ));
    }
    Ok(absolute)
}

/// The output folder where it really is, links followed: not the dossier's folder, not in one
/// of its source folders (which may be links themselves) and not around the dossier. The paths
/// as written were checked by [`Config::parse`]; this looks at the disk.
pub fn check_output_on_disk(config: &Config) -> Result<(), Diagnostic> {
    let root = resolve(&config.root);
    let output = resolve(&config.output_dir);
    let shown = format!("the output folder `{}`", config.output_dir.display());
    let why = if output == root {
        protect_sources(Path::new(""), &shown).err()
    } else if root.starts_with(&output) {
        Some(format!("{shown} contains the dossier itself"))
    } else {
        PROTECTED_DIRS.iter().find_map(|protected| {
            let source = resolve(&config.root.join(protected));
            output.starts_with(&source).then(|| {
                format!(
                    "{shown} lies in `{protected}/` (through a link), which holds the dossier's sources"
                )
            })
        })
    };
    match why {
        Some(why) => Err(Diagnostic::error(why)
            .with_hint("choose another output folder (`output_dir` in site.toml, or --output)")),
        None => Ok(()),
    }
}

/// A path with every link followed: its longest part that exists, resolved, and the rest.
fn resolve(path: &Path) -> PathBuf {
    let mut existing = path.to_path_buf();
    let mut rest = Vec::new();
    loop {
        if let Ok(resolved) = existing.canonicalize() {
            return rest
                .iter()
                .rev()
                .fold(resolved, |path, part| path.join(part));
        }
        match (
            existing.file_name().map(ToOwned::to_owned),
            existing.parent(),
        ) {
            (Some(name), Some(parent)) => {
                rest.push(name);
                existing = parent.to_path_buf();
            }
            _ => return path.to_path_buf(),
        }
    }
}

/// `relative`: where the output folder lies in the dossier's folder; `shown`: how to name it.
fn protect_sources(relative: &Path, shown: &str) -> Result<(), String> {
    if relative.as_os_str().is_empty() {
        return Err(format!(
            "{shown} is the dossier's own folder; the build would mix with its sources"
        ));
    }
    for protected in PROTECTED_DIRS {
        if relative.starts_with(protected) {
            return Err(format!(
                "{shown} lies in `{protected}/`, which holds the dossier's sources"
            ));
        }
    }
    Ok(())
}

/// Resolves `.` and `..` without touching the disk; `None` if the path climbs above its start.
fn normalize(path: &Path) -> Option<PathBuf> {
    let mut parts: Vec<&std::ffi::OsStr> = Vec::new();
    for component in path.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => {
                parts.pop()?;
            }
            Component::Normal(part) => parts.push(part),
            Component::RootDir | Component::Prefix(_) => return None,
        }
    }
    Some(parts.iter().collect())
}

fn normalize_absolute(path: &Path) -> PathBuf {
    let mut result = PathBuf::new();
    for component in path.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => {
                result.pop();
            }
            other => result.push(other),
        }
    }
    result
}
