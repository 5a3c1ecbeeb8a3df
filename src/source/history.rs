//! The dossier's version history, from one `git log` per build: when each file of `content/`
//! last changed, and the latest changes. A dossier that is no git checkout, or a machine
//! without git, has no history; that is never an error.
//!
//! The log is read without a pathspec and filtered here: git limiting the walk to `content/`
//! compares every commit's tree with its parent's a second time, which doubled the time on a
//! dossier of 10,000 notes in one folder (`bench/history`).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use chrono::{DateTime, FixedOffset};

use super::CONTENT_DIR;

/// How many of the latest changes the history keeps for the changes page and its feed.
pub const RECENT_CHANGES: usize = 50;

/// One commit that changed files under `content/`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Change {
    pub hash: String,
    /// When it was written (the author date), in the author's time zone.
    pub date: DateTime<FixedOffset>,
    /// The first line of its message.
    pub subject: String,
    /// The files it added, changed or deleted, relative to the dossier root, as git lists them.
    pub files: Vec<PathBuf>,
}

/// What the history says about the dossier's files.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct History {
    /// The latest changes, newest first, at most [`RECENT_CHANGES`].
    pub recent: Vec<Change>,
    /// Per file (relative to the dossier root): the date of the last commit that changed it.
    pub last_changed: BTreeMap<PathBuf, DateTime<FixedOffset>>,
}

impl History {
    /// The commit the dossier's checkout stands at (`HEAD`), or `None` when git is missing or
    /// `root` is not in a git checkout with commits. The history follows from it: it stands
    /// for the history in fingerprints, and is cheap to ask for.
    pub fn head(root: &Path) -> Option<String> {
        let output = git(root, &["rev-parse", "--verify", "--quiet", "HEAD"])?;
        Some(String::from_utf8_lossy(&output).trim().to_owned())
    }

    /// The history of the dossier at `root`, or `None` when git is missing or `root` is not in
    /// a git checkout (or the checkout has no commits yet).
    pub fn read(root: &Path) -> Option<History> {
        let log = git(
            root,
            &[
                "-c",
                "core.quotepath=false",
                "log",
                "--no-renames",
                "--no-merges",
                "--name-only",
                "-z",
                // paths relative to the dossier, which may be a folder of the repository
                "--relative",
                "--format=%x1e%H%x1f%aI%x1f%s",
            ],
        )?;
        let log = String::from_utf8_lossy(&log);
        // a shallow clone's oldest commit seems to add every file it has: its date says nothing
        let shallow = git(root, &["rev-parse", "--is-shallow-repository"]);
        Some(match shallow.as_deref() {
            Some(b"true\n") => {
                History::parse(log.rsplit_once('\u{1e}').map_or("", |(newer, _)| newer))
            }
            _ => History::parse(&log),
        })
    }

    /// Reads `git log --name-only -z` in the format [`History::read`] asks for: per commit a
    /// record separator, hash, date and subject separated by unit separators, a NUL, then the
    /// paths it changed, each NUL-terminated. Paths outside `content/` are left out, and so are
    /// commits that changed nothing there.
    pub fn parse(log: &str) -> History {
        let mut history = History::default();
        for record in log.split('\u{1e}').filter(|r| !r.is_empty()) {
            let (head, files) = record.split_once('\0').unwrap_or((record, ""));
            let mut fields = head.splitn(3, '\u{1f}');
            let (Some(hash), Some(date), subject) = (fields.next(), fields.next(), fields.next())
            else {
                continue;
            };
            let Ok(date) = DateTime::parse_from_rfc3339(date.trim()) else {
                continue;
            };
            let files: Vec<PathBuf> = files
                .trim_start_matches('\n')
                .split('\0')
                .filter(|path| in_content(path))
                .map(PathBuf::from)
                .collect();
            if files.is_empty() {
                continue;
            }
            for file in &files {
                // the log runs newest first: the first commit seen for a file is its last
                history.last_changed.entry(file.clone()).or_insert(date);
            }
            if history.recent.len() < RECENT_CHANGES {
                history.recent.push(Change {
                    hash: hash.trim().to_owned(),
                    date,
                    subject: subject.unwrap_or_default().trim().to_owned(),
                    files,
                });
            }
        }
        history
    }

    /// When `file` (relative to the dossier root) last changed, if the history knows it.
    pub fn last_changed(&self, file: &Path) -> Option<DateTime<FixedOffset>> {
        self.last_changed.get(file).copied()
    }
}

/// Whether a path git lists (with `/`) lies under `content/`.
fn in_content(path: &str) -> bool {
    path.strip_prefix(CONTENT_DIR)
        .is_some_and(|rest| rest.starts_with('/') && rest.len() > 1)
}

/// Runs git in `root` with `args`: its output, or `None` when git is missing or fails.
fn git(root: &Path, args: &[&str]) -> Option<Vec<u8>> {
    let output = Command::new("git")
        .arg("-C")
        .arg(root)
        .args(args)
        // the dossier's folder, not the environment, says where the repository is
        .env_remove("GIT_DIR")
        .env_remove("GIT_WORK_TREE")
        .stderr(std::process::Stdio::null())
        .output()
        .ok()?;
    output.status.success().then_some(output.stdout)
}

#[cfg(test)]
mod tests {
    use super::*;

    const LOG: &str = "\u{1e}bbb\u{1f}2025-03-02T10:00:00+01:00\u{1f}Update W\0\ncontent/notes/w.md\0content/notes/ä b.md\0src/main.rs\0\u{1e}ccc\u{1f}2025-02-01T09:00:00Z\u{1f}Code only\0\nsrc/lib.rs\0contents/x.md\0\u{1e}aaa\u{1f}2025-01-01T09:00:00Z\u{1f}Start, with \u{1f} in it\0\ncontent/notes/w.md\0content/actors/a.md\0";

    #[test]
    fn the_newest_commit_of_a_file_is_its_last_change() {
        let history = History::parse(LOG);
        let date = |text| DateTime::parse_from_rfc3339(text).ok();
        assert_eq!(
            history.last_changed(Path::new("content/notes/w.md")),
            date("2025-03-02T10:00:00+01:00")
        );
        assert_eq!(
            history.last_changed(Path::new("content/actors/a.md")),
            date("2025-01-01T09:00:00Z")
        );
        assert!(
            history
                .last_changed(Path::new("content/notes/ä b.md"))
                .is_some()
        );
    }

    #[test]
    fn commits_without_files_are_left_out_and_subjects_kept_whole() {
        let history = History::parse(LOG);
        let hashes: Vec<&str> = history.recent.iter().map(|c| c.hash.as_str()).collect();
        assert_eq!(hashes, ["bbb", "aaa"]);
        assert_eq!(history.recent[1].subject, "Start, with \u{1f} in it");
        assert_eq!(history.recent[0].files.len(), 2);
    }

    #[test]
    fn no_repository_is_no_history() {
        let dir = tempfile::tempdir().expect("temporary folder");
        // a folder outside any checkout: git fails, or is missing; either way no history
        let history = History::read(dir.path());
        assert!(history.is_none() || history == Some(History::default()));
    }
}
