//! Moving a build's staged files into the output folder as one step. Every move is noted; when
//! one fails, the moves before it are undone, so the output is either all new or as it was.

use std::path::{Path, PathBuf};
use std::sync::Mutex;

use rayon::prelude::*;

/// One move made into the output folder.
enum Move {
    /// `placed` (a file or a whole folder) was not in the output; it came from `staged`.
    Added { staged: PathBuf, placed: PathBuf },
    /// `placed` replaced a file of an earlier build, which waits at `kept` until the end.
    Replaced { placed: PathBuf, kept: PathBuf },
}

/// A move that failed, and how undoing the others went.
pub struct MoveFailure {
    pub path: PathBuf,
    pub error: std::io::Error,
    /// What could not be put back as it was, with why; empty when the output is as it was.
    pub not_undone: Vec<(PathBuf, std::io::Error)>,
}

/// Moves everything in the folder `staged` to the same place under `target`: a file or a
/// folder that `target` does not have yet in one rename, a file that it has over the old one
/// (kept under `kept` until the caller drops that folder), a folder that it has entry by
/// entry. If a move fails, every move made is undone.
pub fn move_all(staged: &Path, target: &Path, kept: &Path) -> Result<(), MoveFailure> {
    let journal = Mutex::new(Vec::new());
    let moved = move_folder(staged, target, kept, &journal);
    let journal = journal.into_inner().unwrap_or_else(|p| p.into_inner());
    moved.map_err(|(path, error)| MoveFailure {
        path,
        error,
        not_undone: undo(journal),
    })
}

type Journal = Mutex<Vec<Move>>;

fn move_folder(
    staged: &Path,
    target: &Path,
    kept: &Path,
    journal: &Journal,
) -> Result<(), (PathBuf, std::io::Error)> {
    let entries: Vec<std::fs::DirEntry> = std::fs::read_dir(staged)
        .and_then(|entries| entries.collect())
        .map_err(|e| (staged.to_path_buf(), e))?;
    entries.par_iter().try_for_each(|entry| {
        let from = entry.path();
        let name = entry.file_name();
        let to = target.join(&name);
        let kept = kept.join(&name);
        let is_folder = entry.file_type().is_ok_and(|kind| kind.is_dir());
        if is_folder && to.is_dir() {
            return move_folder(&from, &to, &kept, journal);
        }
        let step = match to.is_file() {
            true => replace(&from, &to, &kept)?,
            false => {
                std::fs::rename(&from, &to).map_err(|e| (to.clone(), e))?;
                Move::Added {
                    staged: from,
                    placed: to,
                }
            }
        };
        journal.lock().unwrap_or_else(|p| p.into_inner()).push(step);
        Ok(())
    })
}

/// Puts the file `from` in the place of `to`, keeping the old one at `kept`: as a second name
/// of the same file where the file system allows it, so that `to` is never missing.
fn replace(from: &Path, to: &Path, kept: &Path) -> Result<Move, (PathBuf, std::io::Error)> {
    if let Some(parent) = kept.parent() {
        std::fs::create_dir_all(parent).map_err(|e| (parent.to_path_buf(), e))?;
    }
    std::fs::hard_link(to, kept)
        .or_else(|_| std::fs::rename(to, kept))
        .map_err(|e| (to.to_path_buf(), e))?;
    if let Err(error) = std::fs::rename(from, to) {
        if !to.exists() {
            let _ = std::fs::rename(kept, to);
        }
        return Err((to.to_path_buf(), error));
    }
    Ok(Move::Replaced {
        placed: to.to_path_buf(),
        kept: kept.to_path_buf(),
    })
}

/// Undoes moves, the last first: what could not be undone.
fn undo(journal: Vec<Move>) -> Vec<(PathBuf, std::io::Error)> {
    journal
        .into_iter()
        .rev()
        .filter_map(|step| {
            let (from, to) = match step {
                Move::Added { staged, placed } => (placed, staged),
                Move::Replaced { placed, kept } => (kept, placed),
            };
            std::fs::rename(&from, &to).err().map(|e| (to, e))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(root: &Path, path: &str, text: &str) {
        let file = root.join(path);
        std::fs::create_dir_all(file.parent().expect("parent")).expect("folder");
        std::fs::write(file, text).expect("written");
    }

    fn read(root: &Path, path: &str) -> Option<String> {
        std::fs::read_to_string(root.join(path)).ok()
    }

    /// The staging folder, the output and the folder for replaced files, in `dir`.
    fn folders(dir: &Path) -> (PathBuf, PathBuf, PathBuf) {
        (dir.join("staged"), dir.join("out"), dir.join("kept"))
    }

    #[test]
    fn new_files_join_the_output_and_old_ones_are_kept_aside() {
        let dir = tempfile::tempdir().expect("temporary folder");
        let (staged, target, kept) = folders(dir.path());
        write(&target, "a/index.html", "alt");
        write(&staged, "a/index.html", "neu");
        write(&staged, "b/index.html", "b");
        assert!(move_all(&staged, &target, &kept).is_ok());
        assert_eq!(read(&target, "a/index.html").as_deref(), Some("neu"));
        assert_eq!(read(&target, "b/index.html").as_deref(), Some("b"));
        assert_eq!(read(&kept, "a/index.html").as_deref(), Some("alt"));
    }

    #[test]
    fn a_move_that_fails_leaves_the_output_as_it_was() {
        let dir = tempfile::tempdir().expect("temporary folder");
        let (staged, target, kept) = folders(dir.path());
        write(&target, "a/index.html", "alt");
        write(&target, "z", "eine Datei, wo die Seite einen Ordner will");
        write(&staged, "a/index.html", "neu");
        write(&staged, "b/index.html", "b");
        write(&staged, "z/index.html", "z");
        let failure = move_all(&staged, &target, &kept).err();
        let failure = failure.unwrap_or_else(|| panic!("a folder cannot replace a file"));
        assert!(failure.not_undone.is_empty());
        assert_eq!(failure.path, target.join("z"));
        assert_eq!(read(&target, "a/index.html").as_deref(), Some("alt"));
        assert!(!target.join("b").exists());
        assert_eq!(read(&staged, "b/index.html").as_deref(), Some("b"));
    }
}
