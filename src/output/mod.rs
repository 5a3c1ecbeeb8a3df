//! Writes the site: only what changed, through a staging folder, so a failed build leaves the
//! previous output as it was. A manifest lists what the generator wrote; nothing else in the
//! output folder is ever overwritten or deleted.

mod commit;

use std::collections::{BTreeMap, HashSet};
use std::io::Write as _;
use std::path::{Component, Path, PathBuf};
use std::sync::Mutex;
use std::time::UNIX_EPOCH;

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use crate::diagnostic::Diagnostic;
use crate::render::Destination;

/// Lists the files the generator wrote, with their hashes.
pub const MANIFEST_FILE: &str = ".dossier-manifest.json";
/// Holds a build's changed files until it commits: `site/` the new files at their paths,
/// `replaced/` the files they replace until the commit is done, and the mark below.
const STAGING_DIR: &str = ".dossier-staging";
/// A file in the staging folder that says dossier made it, and may clear it.
const STAGING_MARK: &str = "made-by-dossier";

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
struct Entry {
    hash: String,
    size: u64,
    /// Modification time when written, in nanoseconds; a file touched since is rewritten.
    mtime: u128,
}

#[derive(Debug, Default, Serialize, Deserialize)]
struct Manifest {
    generator: String,
    /// The build that wrote these files, if it finished without warnings.
    #[serde(default)]
    record: Option<BuildRecord>,
    files: BTreeMap<String, Entry>,
}

/// What a finished build read and made: lets the next build with the same inputs stop early.
#[derive(Debug, Default, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BuildRecord {
    /// The fingerprint of the inputs (made by `build`: everything a build reads, hashed).
    pub inputs: String,
    pub pages: usize,
    pub files: usize,
    pub events: usize,
    pub actors: usize,
    pub notes: usize,
    pub sources: usize,
}

/// What a finished build did to the output folder.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct WriteReport {
    pub written: usize,
    pub unchanged: usize,
    pub removed: usize,
    /// Files in the output folder that the generator did not write (left alone).
    pub foreign: Vec<String>,
}

/// What a build writes to a path: the hash and the size of its bytes.
struct Written {
    hash: String,
    size: u64,
}

/// A file already at a path of the output.
#[derive(Clone, Copy)]
struct OnDisk {
    mtime: u128,
    /// Whether it holds what this build writes there.
    unchanged: bool,
}

/// The output folder of one build.
pub struct OutputDir {
    dir: PathBuf,
    /// The staging folder ([`STAGING_DIR`]).
    staging: PathBuf,
    /// Where the changed files wait: `site/` in the staging folder.
    staged_site: PathBuf,
    created_dir: bool,
    /// Whether the folder held nothing when the build began: then nothing in it is foreign.
    was_empty: bool,
    previous: Manifest,
    /// Files of this build: path → (entry, whether it changed and waits in the staging
    /// folder, at the same path).
    current: Mutex<BTreeMap<String, (Entry, bool)>>,
    /// The folders made in the staging folder so far.
    staged_dirs: Mutex<HashSet<PathBuf>>,
}

impl OutputDir {
    /// Opens (or creates) the output folder and clears a staging folder left by a crash.
    pub fn open(dir: &Path) -> Result<OutputDir, Diagnostic> {
        let error = |what: &str, e: std::io::Error| {
            Diagnostic::error(format!("{what} {}: {e}", dir.display()))
        };
        if dir.exists() && !dir.is_dir() {
            return Err(Diagnostic::error(format!(
                "the output folder {} is a file",
                dir.display()
            ))
            .with_hint("choose another output folder (`output_dir` in site.toml, or --output)"));
        }
        let created_dir = !dir.exists();
        std::fs::create_dir_all(dir).map_err(|e| error("cannot create the output folder", e))?;
        let was_empty = std::fs::read_dir(dir)
            .map_err(|e| error("cannot read the output folder", e))?
            .next()
            .is_none();
        let staging = dir.join(STAGING_DIR);
        if staging.exists() {
            if !staging.join(STAGING_MARK).is_file() {
                return Err(Diagnostic::error(format!(
                    "{} is in the output folder but was not made by dossier",
                    staging.display()
                ))
                .with_hint("dossier stages its files there: move that folder elsewhere"));
            }
            std::fs::remove_dir_all(&staging)
                .map_err(|e| error("cannot clear the staging folder in", e))?;
        }
        let staged_site = staging.join("site");
        std::fs::create_dir_all(&staged_site)
            .and_then(|()| std::fs::write(staging.join(STAGING_MARK), ""))
            .map_err(|e| error("cannot create a staging folder in", e))?;
        let previous = match std::fs::read(dir.join(MANIFEST_FILE)) {
            Ok(bytes) => serde_json::from_slice(&bytes).unwrap_or_default(),
            Err(_) => Manifest::default(),
        };
        Ok(OutputDir {
            dir: dir.to_path_buf(),
            staging,
            staged_site,
            created_dir,
            was_empty,
            previous,
            current: Mutex::new(BTreeMap::new()),
            staged_dirs: Mutex::default(),
        })
    }

    /// Stages a file, unless the output already holds it.
    fn stage(&self, path: &str, bytes: &[u8]) -> Result<(), Diagnostic> {
        let relative = safe_relative(path)?;
        let written = Written {
            hash: format!("{:032x}", xxhash_rust::xxh3::xxh3_128(bytes)),
            size: bytes.len() as u64,
        };
        let target = self.dir.join(&relative);
        let on_disk = self.check_place(path, &target, &written, || bytes.to_vec())?;
        let staged = match on_disk.is_some_and(|meta| meta.unchanged) {
            true => None,
            false => {
                let staged = self.staging_place(&relative)?;
                let io = |e| cannot_write(&staged, e);
                let mut file = std::fs::File::create(&staged).map_err(io)?;
                file.write_all(bytes).map_err(io)?;
                let modified = file.metadata().map(|m| mtime(&m)).map_err(io)?;
                Some((staged, modified))
            }
        };
        let staged = staged
            .as_ref()
            .map(|(file, modified)| (file.as_path(), *modified));
        self.record(path, written, on_disk, staged)
    }

    /// Stages a file made piece by piece, as `next` hands the pieces over: written to the
    /// staging folder as they come, and dropped there if the output already holds the same.
    fn stage_pieces(
        &self,
        path: &str,
        next: &mut dyn FnMut() -> Result<Option<Vec<u8>>, Diagnostic>,
    ) -> Result<(), Diagnostic> {
        let relative = safe_relative(path)?;
        let staged = self.staging_place(&relative)?;
        let io = |e: std::io::Error| cannot_write(&staged, e);
        let mut file = std::fs::File::create(&staged).map_err(io)?;
        let mut hasher = xxhash_rust::xxh3::Xxh3::new();
        let mut size = 0u64;
        let streamed = (|| {
            while let Some(piece) = next()? {
                hasher.update(&piece);
                size += piece.len() as u64;
                file.write_all(&piece).map_err(io)?;
            }
            file.metadata().map(|m| mtime(&m)).map_err(io)
        })();
        drop(file);
        let written = Written {
            hash: format!("{:032x}", hasher.digest128()),
            size,
        };
        let target = self.dir.join(&relative);
        let on_disk = streamed.and_then(|modified| {
            let on_disk = self.check_place(path, &target, &written, || {
                std::fs::read(&staged).unwrap_or_default()
            })?;
            Ok((on_disk, modified))
        });
        match on_disk {
            Ok((on_disk, _)) if on_disk.is_some_and(|meta| meta.unchanged) => {
                let _ = std::fs::remove_file(&staged);
                self.record(path, written, on_disk, None)
            }
            Ok((on_disk, modified)) => {
                self.record(path, written, on_disk, Some((&staged, modified)))
            }
            Err(problem) => {
                let _ = std::fs::remove_file(&staged);
                Err(problem)
            }
        }
    }

    /// What is at `target` now, and whether it already holds what was `written`: a file of
    /// ours as it was left, or one of somebody else's with the very same bytes (`bytes` gives
    /// ours, only then). Anything else in the way is an error.
    fn check_place(
        &self,
        path: &str,
        target: &Path,
        written: &Written,
        bytes: impl FnOnce() -> Vec<u8>,
    ) -> Result<Option<OnDisk>, Diagnostic> {
        // nothing was in the output when the build began, and the build writes only to staging
        if self.was_empty {
            return Ok(None);
        }
        let Some(meta) = std::fs::metadata(target).ok() else {
            return Ok(None);
        };
        let unchanged = match self.previous.files.get(path) {
            Some(entry) => {
                entry.hash == written.hash
                    && entry.size == meta.len()
                    && entry.mtime == mtime(&meta)
            }
            None if meta.is_file() => {
                // not ours: identical content may be adopted, anything else is left alone
                let existing = std::fs::read(target).unwrap_or_default();
                if existing.len() as u64 != written.size || existing != bytes() {
                    return Err(Diagnostic::error(format!(
                        "{} already exists in the output folder and was not written by dossier",
                        target.display()
                    ))
                    .with_hint("dossier overwrites only its own files: move or delete this one, or choose another output folder"));
                }
                true
            }
            None => {
                return Err(Diagnostic::error(format!(
                    "{} is in the way: it is a folder",
                    target.display()
                )));
            }
        };
        Ok(Some(OnDisk {
            mtime: mtime(&meta),
            unchanged,
        }))
    }

    /// Where the staging folder holds a changed file until the build commits: at its path in
    /// the output, so that a folder new to the output moves into place whole.
    fn staging_place(&self, relative: &Path) -> Result<PathBuf, Diagnostic> {
        let staged = self.staged_site.join(relative);
        if let Some(parent) = staged.parent() {
            let made = |dirs: &HashSet<PathBuf>| dirs.contains(parent);
            if !made(&self.staged_dirs.lock().unwrap_or_else(|p| p.into_inner())) {
                std::fs::create_dir_all(parent).map_err(|e| cannot_write(parent, e))?;
                let mut dirs = self.staged_dirs.lock().unwrap_or_else(|p| p.into_inner());
                dirs.insert(parent.to_path_buf());
            }
        }
        Ok(staged)
    }

    /// Notes a file of this build: staged (with the modification time it was staged with: a
    /// rename keeps it, so this is the one the file will have), or left as it is on disk.
    fn record(
        &self,
        path: &str,
        written: Written,
        on_disk: Option<OnDisk>,
        staged: Option<(&Path, u128)>,
    ) -> Result<(), Diagnostic> {
        let mtime = match staged {
            Some((_, modified)) => modified,
            None => on_disk.map(|meta| meta.mtime).unwrap_or_default(),
        };
        let entry = Entry {
            hash: written.hash,
            size: written.size,
            mtime,
        };
        let mut current = self.current.lock().unwrap_or_else(|p| p.into_inner());
        current.insert(path.to_owned(), (entry, staged.is_some()));
        Ok(())
    }

    /// Keeps the file the previous build wrote at `path`, if it wrote `hash` there and the file
    /// is as it left it: whether it did. The file then counts as this build's, unchanged.
    fn keep_file(&self, path: &str, hash: &str) -> bool {
        let Some(entry) = self.previous.files.get(path).filter(|e| e.hash == hash) else {
            return false;
        };
        let Ok(relative) = safe_relative(path) else {
            return false;
        };
        let on_disk = std::fs::metadata(self.dir.join(relative))
            .is_ok_and(|meta| meta.len() == entry.size && mtime(&meta) == entry.mtime);
        if on_disk {
            let mut current = self.current.lock().unwrap_or_else(|p| p.into_inner());
            current.insert(path.to_owned(), (entry.clone(), false));
        }
        on_disk
    }

    /// The hash of what this build has at `path` so far, if anything.
    fn file_hash(&self, path: &str) -> Option<String> {
        let current = self.current.lock().unwrap_or_else(|p| p.into_inner());
        current.get(path).map(|(entry, _)| entry.hash.clone())
    }

    /// The previous build's record, if every file it wrote is still as it left it.
    pub fn intact_record(&self) -> Option<&BuildRecord> {
        let record = self.previous.record.as_ref()?;
        let intact = self.previous.files.par_iter().all(|(path, entry)| {
            let Ok(relative) = safe_relative(path) else {
                return false;
            };
            std::fs::metadata(self.dir.join(relative))
                .is_ok_and(|meta| meta.len() == entry.size && mtime(&meta) == entry.mtime)
        });
        intact.then_some(record)
    }

    /// Nothing to write: the previous build's output stands as it is.
    pub fn keep(self) -> WriteReport {
        let _ = std::fs::remove_dir_all(&self.staging);
        WriteReport {
            unchanged: self.previous.files.len(),
            ..WriteReport::default()
        }
    }

    /// The build failed: drop everything staged, leave the output as it was.
    pub fn abort(self) {
        let _ = std::fs::remove_dir_all(&self.staging);
        if self.created_dir {
            let _ = std::fs::remove_dir(&self.dir);
        }
    }

    /// The build succeeded: move staged files into place, remove what the previous build wrote
    /// and this one did not, and record the new manifest. If a file cannot be moved, the moves
    /// made are undone and the output is as it was (the failure says if that could not be done).
    pub fn commit(self, record: Option<BuildRecord>) -> Result<WriteReport, CommitFailure> {
        let current = self.current.into_inner().unwrap_or_else(|p| p.into_inner());
        let mut report = WriteReport::default();
        report.written = current.values().filter(|(_, staged)| *staged).count();
        report.unchanged = current.len() - report.written;
        let mut manifest = Manifest {
            generator: format!("dossier {}", env!("CARGO_PKG_VERSION")),
            record,
            files: current
                .into_iter()
                .map(|(path, (entry, _))| (path, entry))
                .collect(),
        };
        // the manifest is written first, so that a folder that takes no files fails early
        let temporary = self.dir.join(format!("{MANIFEST_FILE}.tmp"));
        let write_manifest = |manifest: &Manifest| {
            let json = serde_json::to_vec(manifest).unwrap_or_default();
            std::fs::write(&temporary, json).map_err(|e| cannot_write(&temporary, e))
        };
        let failed = |problem: Diagnostic, output_intact: bool| {
            let _ = std::fs::remove_file(&temporary);
            let _ = std::fs::remove_dir_all(&self.staging);
            CommitFailure {
                problem: Box::new(problem),
                output_intact,
            }
        };
        if let Err(problem) = write_manifest(&manifest) {
            return Err(failed(problem, true));
        }
        let replaced = self.staging.join("replaced");
        if let Err(failure) = commit::move_all(&self.staged_site, &self.dir, &replaced) {
            let mut problem = cannot_write(&failure.path, failure.error);
            let output_intact = failure.not_undone.is_empty();
            if !output_intact {
                let places: Vec<String> = failure
                    .not_undone
                    .iter()
                    .map(|(path, e)| format!("{} ({e})", path.display()))
                    .collect();
                problem = problem.with_hint(format!(
                    "the output folder is partly updated: these could not be put back: {}; \
                     build again once the folder can be written",
                    places.join(", ")
                ));
            }
            return Err(failed(problem, output_intact));
        }
        let mut kept_stale = false;
        for (stale, entry) in &self.previous.files {
            if manifest.files.contains_key(stale) {
                continue;
            }
            let Ok(relative) = safe_relative(stale) else {
                continue;
            };
            let target = self.dir.join(&relative);
            if !target.is_file() {
                continue;
            }
            match std::fs::remove_file(&target) {
                Ok(()) => {
                    report.removed += 1;
                    remove_empty_parents(&self.dir, &target);
                }
                Err(_) => {
                    // still ours: the next build tries again
                    manifest.files.insert(stale.clone(), entry.clone());
                    kept_stale = true;
                }
            }
        }
        let _ = std::fs::remove_dir_all(&self.staging);
        let recorded = match kept_stale {
            true => write_manifest(&manifest),
            false => Ok(()),
        }
        .and_then(|()| {
            std::fs::rename(&temporary, self.dir.join(MANIFEST_FILE))
                .map_err(|e| cannot_write(&self.dir.join(MANIFEST_FILE), e))
        });
        if let Err(problem) = recorded {
            let problem = problem.with_hint(
                "the site is written, but without the list of the files dossier wrote, \
                 the next build may take them for somebody else's",
            );
            return Err(CommitFailure {
                problem: Box::new(problem),
                output_intact: false,
            });
        }
        if !self.was_empty {
            report.foreign = foreign_files(&self.dir, &manifest);
        }
        Ok(report)
    }
}

/// Why a commit failed, and whether the output folder is as it was before the build.
#[derive(Debug)]
pub struct CommitFailure {
    pub problem: Box<Diagnostic>,
    pub output_intact: bool,
}

impl Destination for OutputDir {
    fn write(&self, path: &str, bytes: &[u8]) -> Result<(), Diagnostic> {
        self.stage(path, bytes)
    }

    fn write_pieces(
        &self,
        path: &str,
        next: &mut dyn FnMut() -> Result<Option<Vec<u8>>, Diagnostic>,
    ) -> Result<(), Diagnostic> {
        self.stage_pieces(path, next)
    }

    fn copy(&self, path: &str, from: &Path) -> Result<(), Diagnostic> {
        let bytes = std::fs::read(from)
            .map_err(|e| Diagnostic::error(format!("cannot read {}: {e}", from.display())))?;
        self.stage(path, &bytes)
    }

    fn keep(&self, path: &str, hash: &str) -> bool {
        self.keep_file(path, hash)
    }

    fn written_hash(&self, path: &str) -> Option<String> {
        self.file_hash(path)
    }
}

/// Renders without writing, for `dossier check`.
pub struct NoOutput;

impl Destination for NoOutput {
    fn write(&self, path: &str, _: &[u8]) -> Result<(), Diagnostic> {
        safe_relative(path).map(|_| ())
    }

    fn copy(&self, path: &str, from: &Path) -> Result<(), Diagnostic> {
        std::fs::metadata(from)
            .map_err(|e| Diagnostic::error(format!("cannot read {}: {e}", from.display())))?;
        safe_relative(path).map(|_| ())
    }
}

fn mtime(meta: &std::fs::Metadata) -> u128 {
    meta.modified()
        .ok()
        .and_then(|t| t.duration_since(UNIX_EPOCH).ok())
        .map_or(0, |d| d.as_nanos())
}

/// An output path may only name a place inside the output folder.
fn safe_relative(path: &str) -> Result<PathBuf, Diagnostic> {
    let relative = PathBuf::from(path);
    let safe = !path.is_empty()
        && relative
            .components()
            .all(|c| matches!(c, Component::Normal(_)))
        && !path.starts_with(STAGING_DIR)
        && path != MANIFEST_FILE;
    if safe {
        Ok(relative)
    } else {
        Err(Diagnostic::error(format!(
            "refusing to write outside the output folder: `{path}`"
        )))
    }
}

fn cannot_write(path: &Path, e: std::io::Error) -> Diagnostic {
    Diagnostic::error(format!("cannot write {}: {e}", path.display()))
}

fn remove_empty_parents(root: &Path, file: &Path) {
    let mut dir = file.parent();
    while let Some(current) = dir {
        if current == root || !current.starts_with(root) || std::fs::remove_dir(current).is_err() {
            break;
        }
        dir = current.parent();
    }
}

fn foreign_files(dir: &Path, manifest: &Manifest) -> Vec<String> {
    // the folders at the top are walked on all cores: a big site has thousands of folders
    let Ok(top) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let top: Vec<PathBuf> = top.filter_map(Result::ok).map(|e| e.path()).collect();
    let mut foreign: Vec<String> = top
        .par_iter()
        .flat_map_iter(|entry| {
            walkdir::WalkDir::new(entry)
                .into_iter()
                .filter_map(Result::ok)
                .filter(|entry| entry.file_type().is_file())
                .filter_map(|entry| {
                    let relative = entry.path().strip_prefix(dir).ok()?;
                    let path = relative.to_string_lossy();
                    let path = match std::path::MAIN_SEPARATOR {
                        '/' => path,
                        separator => path.replace(separator, "/").into(),
                    };
                    let ours = path == MANIFEST_FILE || manifest.files.contains_key(path.as_ref());
                    (!ours).then(|| path.into_owned())
                })
                .collect::<Vec<_>>()
        })
        .collect();
    foreign.sort_unstable();
    foreign
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::Destination;

    #[test]
    fn a_file_made_piece_by_piece_is_the_file_written_whole() {
        let dir = tempfile::tempdir().expect("temporary folder");
        let pieces = |texts: &'static [&'static str]| {
            let mut left = texts.iter();
            move || Ok(left.next().map(|t| t.as_bytes().to_vec()))
        };
        let out = OutputDir::open(dir.path()).expect("output folder");
        out.write("whole.html", b"eins zwei drei").expect("written");
        out.write_pieces("pieces.html", &mut pieces(&["eins ", "zwei", " drei"]))
            .expect("written");
        out.commit(None).expect("committed");
        let read = |name: &str| std::fs::read(dir.path().join(name)).expect("read");
        assert_eq!(read("pieces.html"), read("whole.html"));

        // the same again is left as it is; a piece that cannot be made leaves nothing behind
        let again = OutputDir::open(dir.path()).expect("output folder");
        again
            .write_pieces("pieces.html", &mut pieces(&["eins zwei ", "drei"]))
            .expect("written");
        let mut failing = || Err(Diagnostic::error("kaputt"));
        assert!(again.write_pieces("other.html", &mut failing).is_err());
        let report = again.commit(None).expect("committed");
        assert_eq!((report.written, report.unchanged), (0, 1));
        assert!(!dir.path().join("other.html").exists());
    }

    #[test]
    fn staged_files_join_folders_the_output_has_and_bring_the_ones_it_has_not() {
        let dir = tempfile::tempdir().expect("temporary folder");
        let write = |path: &str, text: &str| {
            let file = dir.path().join(path);
            std::fs::create_dir_all(file.parent().expect("parent")).expect("folder");
            std::fs::write(file, text).expect("written");
        };
        write("notes/eigene.txt", "nicht von dossier");
        let first = OutputDir::open(dir.path()).expect("output folder");
        first.write("notes/a/index.html", b"a").expect("written");
        first.write("notes/b/index.html", b"b").expect("written");
        first.write("neu/x/index.html", b"x").expect("written");
        let report = first.commit(None).expect("committed");
        assert_eq!((report.written, report.foreign.len()), (3, 1));

        let second = OutputDir::open(dir.path()).expect("output folder");
        second.write("notes/a/index.html", b"A").expect("written");
        second.write("notes/b/index.html", b"b").expect("written");
        second.write("notes/c/index.html", b"c").expect("written");
        let report = second.commit(None).expect("committed");
        assert_eq!(
            (report.written, report.unchanged, report.removed),
            (2, 1, 1)
        );
        let read = |path: &str| std::fs::read_to_string(dir.path().join(path)).ok();
        assert_eq!(read("notes/a/index.html").as_deref(), Some("A"));
        assert_eq!(read("notes/b/index.html").as_deref(), Some("b"));
        assert_eq!(read("notes/c/index.html").as_deref(), Some("c"));
        assert_eq!(
            read("notes/eigene.txt").as_deref(),
            Some("nicht von dossier")
        );
        assert!(!dir.path().join("neu").exists());
        assert!(!dir.path().join(STAGING_DIR).exists());
    }

    #[test]
    fn a_commit_that_cannot_move_a_file_leaves_the_output_as_it_was() {
        let dir = tempfile::tempdir().expect("temporary folder");
        let first = OutputDir::open(dir.path()).expect("output folder");
        first.write("a.html", b"alt").expect("written");
        first.write("z", b"eine Datei").expect("written");
        first.commit(None).expect("committed");
        let manifest = std::fs::read(dir.path().join(MANIFEST_FILE)).expect("manifest");

        // `z` becomes a folder: its file is still there when the folder should move in
        let second = OutputDir::open(dir.path()).expect("output folder");
        second.write("a.html", b"neu").expect("written");
        second.write("z/index.html", b"z").expect("written");
        let failure = second.commit(None).err();
        assert!(failure.is_some_and(|f| f.output_intact));
        let read = |path: &str| std::fs::read_to_string(dir.path().join(path)).ok();
        assert_eq!(read("a.html").as_deref(), Some("alt"));
        assert_eq!(read("z").as_deref(), Some("eine Datei"));
        assert_eq!(
            std::fs::read(dir.path().join(MANIFEST_FILE)).ok(),
            Some(manifest)
        );
        assert!(!dir.path().join(STAGING_DIR).exists());
        assert!(!dir.path().join(format!("{MANIFEST_FILE}.tmp")).exists());
    }

    #[test]
    fn a_staging_folder_dossier_did_not_make_is_left_alone() {
        let dir = tempfile::tempdir().expect("temporary folder");
        let own = dir.path().join(STAGING_DIR).join("eigene.txt");
        std::fs::create_dir_all(own.parent().expect("parent")).expect("folder");
        std::fs::write(&own, "meins").expect("written");
        let problem = OutputDir::open(dir.path()).err().map(|d| d.to_string());
        assert!(problem.is_some_and(|p| p.contains("was not made by dossier")));
        assert_eq!(std::fs::read_to_string(&own).ok().as_deref(), Some("meins"));

        // one left by a build that stopped half-way is cleared
        let crashed = tempfile::tempdir().expect("temporary folder");
        std::mem::forget(OutputDir::open(crashed.path()).expect("output folder"));
        let staged = crashed.path().join(STAGING_DIR);
        assert!(staged.join(STAGING_MARK).is_file());
        assert!(OutputDir::open(crashed.path()).is_ok());
    }
}
