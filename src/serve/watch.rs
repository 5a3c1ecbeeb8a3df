//! Watches what a build reads (site.toml, content/, templates/, static/, and git's log of where
//! `HEAD` stood, which a commit appends to) and reports changes, a burst of file events at a
//! time.

use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, RecvTimeoutError, channel};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use notify::{EventKind, RecommendedWatcher, RecursiveMode, Watcher as _};

use crate::config::CONFIG_FILE;
use crate::render::theme::TEMPLATES_DIR;
use crate::source::{CONTENT_DIR, STATIC_DIR};

/// Editors save in several steps; events closer together than this are one change.
const QUIET: Duration = Duration::from_millis(20);
const WATCHED_DIRS: [&str; 3] = [CONTENT_DIR, TEMPLATES_DIR, STATIC_DIR];
/// Git appends to it on every commit, checkout or reset: the history may have changed.
pub(super) const HEAD_LOG: &str = ".git/logs/HEAD";

/// Watching stops when this is dropped.
pub struct Watcher {
    _inner: Arc<Mutex<RecommendedWatcher>>,
}

/// Calls `on_change` with the changed paths after each burst of changes under `root`.
pub fn watch(
    root: &Path,
    on_change: impl Fn(Vec<PathBuf>) + Send + 'static,
) -> notify::Result<Watcher> {
    // events name absolute paths
    let root = &root
        .canonicalize()
        .map_err(|e| notify::Error::io(e).add_path(root.to_path_buf()))?;
    let (sender, events) = channel();
    let inner = Arc::new(Mutex::new(notify::recommended_watcher(sender)?));
    {
        let mut watcher = inner.lock().unwrap_or_else(|p| p.into_inner());
        watcher.watch(root, RecursiveMode::NonRecursive)?;
        for dir in WATCHED_DIRS {
            let dir = root.join(dir);
            if dir.is_dir() {
                watcher.watch(&dir, RecursiveMode::Recursive)?;
            }
        }
        // without it (no checkout, or a worktree's `.git` file) commits show at the next edit
        if let Some(logs) = root.join(HEAD_LOG).parent().filter(|logs| logs.is_dir()) {
            let _ = watcher.watch(logs, RecursiveMode::NonRecursive);
        }
    }
    let root = root.to_path_buf();
    let weak = Arc::downgrade(&inner);
    std::thread::spawn(move || {
        while let Some(changed) = next_burst(&events, &root) {
            // a folder the build reads may appear after the start: watch it too
            if let Some(watcher) = weak.upgrade() {
                let mut watcher = watcher.lock().unwrap_or_else(|p| p.into_inner());
                for dir in WATCHED_DIRS {
                    if changed.iter().any(|p| p == &root.join(dir)) {
                        let _ = watcher.watch(&root.join(dir), RecursiveMode::Recursive);
                    }
                }
            }
            on_change(changed);
        }
    });
    Ok(Watcher { _inner: inner })
}

/// Waits for a relevant change, then collects events until things are quiet. `None` when the
/// watcher is gone.
fn next_burst(
    events: &Receiver<notify::Result<notify::Event>>,
    root: &Path,
) -> Option<Vec<PathBuf>> {
    let mut changed: Vec<PathBuf> = Vec::new();
    loop {
        let event = if changed.is_empty() {
            events.recv().ok()?
        } else {
            match events.recv_timeout(QUIET) {
                Ok(event) => event,
                Err(RecvTimeoutError::Timeout) => return Some(changed),
                Err(RecvTimeoutError::Disconnected) => return None,
            }
        };
        let Ok(event) = event else { continue };
        if matches!(event.kind, EventKind::Access(_)) {
            continue;
        }
        for path in event.paths {
            if is_input(root, &path) && !changed.contains(&path) {
                changed.push(path);
            }
        }
    }
}

/// Whether a build reads this path: site.toml, or a file in one of the watched folders that is
/// not hidden and not an editor's temporary file.
fn is_input(root: &Path, path: &Path) -> bool {
    let Ok(relative) = path.strip_prefix(root) else {
        return false;
    };
    let mut parts = relative.iter().map(|p| p.to_string_lossy());
    let Some(first) = parts.next() else {
        return false;
    };
    if first == CONFIG_FILE || relative == Path::new(HEAD_LOG) {
        return true;
    }
    if !WATCHED_DIRS.contains(&first.as_ref()) {
        return false;
    }
    relative.iter().map(|p| p.to_string_lossy()).all(|part| {
        !part.starts_with('.')
            && !part.ends_with('~')
            && !part.ends_with(".swp")
            && !part.ends_with(".swx")
            && !part.starts_with('#')
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inputs_are_site_toml_and_the_watched_folders() {
        let root = Path::new("/d");
        assert!(is_input(root, Path::new("/d/site.toml")));
        assert!(is_input(root, Path::new("/d/content/notes/a.md")));
        assert!(is_input(root, Path::new("/d/templates/base.html")));
        assert!(is_input(root, Path::new("/d/content")));
        assert!(!is_input(root, Path::new("/d/public/index.html")));
        assert!(!is_input(root, Path::new("/d/content/notes/.a.md.swp")));
        assert!(!is_input(root, Path::new("/d/content/notes/a.md~")));
        assert!(!is_input(
            root,
            Path::new("/d/content/.obsidian/workspace.json")
        ));
        assert!(!is_input(root, Path::new("/elsewhere/site.toml")));
        assert!(is_input(root, Path::new("/d/.git/logs/HEAD")));
        assert!(!is_input(root, Path::new("/d/.git/index")));
        assert!(!is_input(root, Path::new("/d/.git/logs/refs/heads/main")));
    }
}
