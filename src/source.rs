//! Walks `content/`, reads every file once and splits Markdown into front matter and body.

use std::path::{Path, PathBuf};

use rayon::prelude::*;
use walkdir::WalkDir;

use crate::diagnostic::Diagnostic;

pub mod history;
pub use history::History;

pub const CONTENT_DIR: &str = "content";
/// Larger files are refused: no dossier note is this long, and reading it would cost memory.
pub const MAX_FILE_BYTES: u64 = 8 * 1024 * 1024;

/// Which part of the dossier a file belongs to, by its folder.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
pub enum Section {
    Home,
    Actors,
    Notes,
    Sources,
}

impl Section {
    pub fn folder(self) -> &'static str {
        match self {
            Section::Home => "",
            Section::Actors => "actors",
            Section::Notes => "notes",
            Section::Sources => "sources",
        }
    }
}

/// YAML between the opening and closing `---`.
#[derive(Debug, Clone)]
pub struct FrontMatter {
    pub text: String,
    /// The file's line number of the first YAML line.
    pub first_line: usize,
}

/// A Markdown file as read from disk.
#[derive(Debug, Clone)]
pub struct RawDocument {
    pub section: Section,
    /// Path under the section folder without `.md`: `energie/Öl und Pipelines`.
    pub stem: String,
    /// Path for messages, relative to the dossier root: `content/notes/energie/x.md`.
    pub file: PathBuf,
    pub front_matter: Option<FrontMatter>,
    pub body: String,
    /// The file's line number of the body's first line.
    pub body_first_line: usize,
}

/// A timeline file as read from disk.
#[derive(Debug, Clone)]
pub struct RawTimeline {
    pub file: PathBuf,
    pub text: String,
}

/// A note that could not be read (too large, not UTF-8, its front matter not closed): where it
/// is, so that references to it can be told from references to nothing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnreadNote {
    pub section: Section,
    /// Path under the section folder without `.md`, as in [`RawDocument::stem`].
    pub stem: String,
    pub file: PathBuf,
    /// The file's text when it was read but not understood (its front matter is not closed, or
    /// it is not UTF-8, here decoded with U+FFFD for the bad bytes): the note's names may still
    /// be found in it.
    pub text: Option<String>,
}

/// Why a file could not be read, and which note it is when it is one.
#[derive(Debug, Clone)]
pub struct ReadFailure {
    pub diagnostic: Diagnostic,
    pub note: Option<UnreadNote>,
}

/// A file copied as it is (images, PDFs) from `content/`.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Asset {
    /// Path under `content/`, with `/` separators: `notes/karte.svg`.
    pub path: String,
    pub source: PathBuf,
}

/// Everything `content/` holds.
#[derive(Debug, Default)]
pub struct RawContent {
    pub documents: Vec<RawDocument>,
    pub timelines: Vec<RawTimeline>,
    pub assets: Vec<Asset>,
    /// Notes that could not be read; their errors are reported.
    pub unread_notes: Vec<UnreadNote>,
    /// Files of the dossier's `static/`, by output path, for image embeds found by name.
    pub static_files: Vec<String>,
    /// The commit the dossier's git checkout stands at, which the history follows from (the
    /// history itself is read once a build knows it has something to do).
    pub history_head: Option<String>,
}

#[derive(Debug, Clone)]
enum Found {
    Document(Section, String),
    Timeline,
    Asset(String),
}

/// A file of `content/` that a build reads, found by [`walk_content`].
#[derive(Debug, Clone)]
pub struct FoundFile {
    pub path: PathBuf,
    /// Relative to the dossier root: `content/notes/a.md`.
    pub rel: PathBuf,
    kind: Found,
}

/// One file of `content/`, read.
#[derive(Debug, Clone)]
pub enum RawFile {
    Document(RawDocument),
    Timeline(RawTimeline),
    Asset(Asset),
}

/// Reads `root/content`. Files that cannot be read are reported and left out; of notes, where
/// they are is kept ([`RawContent::unread_notes`]).
pub fn read_content(root: &Path) -> (RawContent, Vec<Diagnostic>) {
    let (found, mut diagnostics) = walk_content(root);
    let read: Vec<Result<RawFile, Box<ReadFailure>>> =
        found.into_par_iter().map(read_file).collect();
    let mut content = RawContent::default();
    for file in read {
        match file {
            Ok(RawFile::Document(document)) => content.documents.push(document),
            Ok(RawFile::Timeline(timeline)) => content.timelines.push(timeline),
            Ok(RawFile::Asset(asset)) => content.assets.push(asset),
            Err(failure) => {
                diagnostics.push(failure.diagnostic);
                content.unread_notes.extend(failure.note);
            }
        }
    }
    content.static_files = list_files(&root.join(STATIC_DIR));
    content.history_head = History::head(root);
    (content, diagnostics)
}

/// Every file of `root/content` a build reads, sorted by name, without reading them; warnings
/// for what is left out (links leading outside, files in the wrong place).
pub fn walk_content(root: &Path) -> (Vec<FoundFile>, Vec<Diagnostic>) {
    let content_dir = root.join(CONTENT_DIR);
    let mut diagnostics = Vec::new();
    let mut found = Vec::new();
    if !content_dir.is_dir() {
        diagnostics.push(
            Diagnostic::error("the dossier has no content/ folder").with_hint(
                "create content/ with actors/, notes/, sources/ and timeline/ (see the README)",
            ),
        );
        return (found, diagnostics);
    }
    let canonical_root = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
    let walker = WalkDir::new(&content_dir)
        .follow_links(false)
        .sort_by_file_name()
        .into_iter();
    for entry in
        walker.filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'))
    {
        let entry = match entry {
            Ok(entry) => entry,
            Err(error) => {
                let path = error.path().map(|p| relative(root, p)).unwrap_or_default();
                diagnostics.push(Diagnostic::error(format!("cannot read: {error}")).in_file(path));
                continue;
            }
        };
        let path = entry.path();
        let rel = relative(root, path);
        if entry.path_is_symlink() {
            match path.canonicalize() {
                Ok(target) if target.starts_with(&canonical_root) && target.is_file() => {}
                Ok(target) if target.starts_with(&canonical_root) => {
                    diagnostics.push(
                        Diagnostic::warning("symbolic link to a folder is not followed")
                            .in_file(rel),
                    );
                    continue;
                }
                Ok(_) => {
                    diagnostics.push(
                        Diagnostic::warning(
                            "symbolic link points outside the dossier; not followed",
                        )
                        .in_file(rel)
                        .with_hint("copy the file into content/ instead"),
                    );
                    continue;
                }
                Err(error) => {
                    diagnostics.push(
                        Diagnostic::warning(format!(
                            "broken symbolic link ({error}); not followed"
                        ))
                        .in_file(rel),
                    );
                    continue;
                }
            }
        } else if !entry.file_type().is_file() {
            continue;
        }
        let Ok(under_content) = path.strip_prefix(&content_dir) else {
            continue;
        };
        match classify(under_content) {
            Ok(kind) => found.push(FoundFile {
                path: path.to_path_buf(),
                rel,
                kind,
            }),
            Err(message) => diagnostics.push(Diagnostic::warning(message).in_file(rel)),
        }
    }
    (found, diagnostics)
}

/// Reads one file found by [`walk_content`]; Markdown is split into front matter and body.
pub fn read_file(found: FoundFile) -> Result<RawFile, Box<ReadFailure>> {
    let FoundFile { path, rel, kind } = found;
    let failure = |diagnostic| {
        Box::new(ReadFailure {
            diagnostic,
            note: None,
        })
    };
    match kind {
        Found::Asset(asset_path) => Ok(RawFile::Asset(Asset {
            path: asset_path,
            source: path,
        })),
        Found::Timeline => Ok(RawFile::Timeline(RawTimeline {
            text: read_text(&path, &rel).map_err(failure)?,
            file: rel,
        })),
        Found::Document(section, stem) => {
            let unread = |diagnostic, text| {
                Box::new(ReadFailure {
                    diagnostic,
                    note: Some(UnreadNote {
                        section,
                        stem: stem.clone(),
                        file: rel.clone(),
                        text,
                    }),
                })
            };
            let bytes = read_bytes(&path, &rel).map_err(|d| unread(d, None))?;
            let text = match String::from_utf8(bytes) {
                Ok(text) => normalize_text(text),
                Err(error) => {
                    let diagnostic = not_utf8(&error, &rel);
                    let lossy = String::from_utf8_lossy(error.as_bytes()).into_owned();
                    return Err(unread(diagnostic, Some(normalize_text(lossy))));
                }
            };
            let (front_matter, body, body_first_line) = match split_front_matter(&text) {
                Ok((front_matter, body, body_first_line)) => {
                    (front_matter, body.to_owned(), body_first_line)
                }
                Err(diagnostic) => return Err(unread(diagnostic.in_file(&rel), Some(text))),
            };
            Ok(RawFile::Document(RawDocument {
                section,
                stem,
                front_matter,
                body,
                body_first_line,
                file: rel,
            }))
        }
    }
}

pub const STATIC_DIR: &str = "static";

/// Every file below `dir` (hidden ones left out), as `/`-separated paths relative to it, sorted.
pub fn list_files(dir: &Path) -> Vec<String> {
    if !dir.is_dir() {
        return Vec::new();
    }
    WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'))
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .filter_map(|e| {
            let rel = e.path().strip_prefix(dir).ok()?;
            Some(
                rel.iter()
                    .map(|p| p.to_string_lossy())
                    .collect::<Vec<_>>()
                    .join("/"),
            )
        })
        .collect()
}

fn classify(under_content: &Path) -> Result<Found, String> {
    let parts: Vec<String> = under_content
        .iter()
        .map(|p| p.to_string_lossy().into_owned())
        .collect();
    let path = parts.join("/");
    let is_markdown = path.to_ascii_lowercase().ends_with(".md");
    let is_yaml = path.ends_with(".yaml") || path.ends_with(".yml");
    let first = parts.first().map(String::as_str).unwrap_or("");
    let stem_under = |folder: &str| path[folder.len() + 1..path.len() - 3].to_owned();
    match (first, parts.len()) {
        ("_index.md", 1) => Ok(Found::Document(Section::Home, String::new())),
        (_, 1) if is_markdown => Err(format!(
            "`{path}` lies directly in content/ and is not published; move it to content/notes/"
        )),
        ("timeline", 2) if is_yaml => Ok(Found::Timeline),
        ("timeline", _) if is_markdown || is_yaml => Err(
            "timeline files are YAML lists directly in content/timeline/; this file is not read"
                .to_owned(),
        ),
        ("actors", _) if is_markdown => Ok(Found::Document(Section::Actors, stem_under("actors"))),
        ("notes", _) if is_markdown => Ok(Found::Document(Section::Notes, stem_under("notes"))),
        ("sources", _) if is_markdown => {
            Ok(Found::Document(Section::Sources, stem_under("sources")))
        }
        (_, _) if is_markdown => Err(format!(
            "`{path}` is not in actors/, notes/ or sources/ and is not published"
        )),
        _ => Ok(Found::Asset(path)),
    }
}

/// Reads a text file: UTF-8 only, BOM dropped, CRLF made LF, NUL made U+FFFD.
pub fn read_text(path: &Path, rel: &Path) -> Result<String, Diagnostic> {
    let bytes = read_bytes(path, rel)?;
    let text = String::from_utf8(bytes).map_err(|e| not_utf8(&e, rel))?;
    Ok(normalize_text(text))
}

/// Reads a file of at most [`MAX_FILE_BYTES`].
fn read_bytes(path: &Path, rel: &Path) -> Result<Vec<u8>, Diagnostic> {
    let error = |message: String| Diagnostic::error(message).in_file(rel);
    let size = std::fs::metadata(path)
        .map_err(|e| error(format!("cannot read: {e}")))?
        .len();
    if size > MAX_FILE_BYTES {
        return Err(error(format!(
            "file is {:.1} MiB; the limit is {} MiB",
            size as f64 / 1048576.0,
            MAX_FILE_BYTES / 1048576
        ))
        .with_hint("split it into several notes, or move large data out of content/"));
    }
    std::fs::read(path).map_err(|e| error(format!("cannot read: {e}")))
}

/// The error for a file that is not UTF-8, at its first bad byte.
fn not_utf8(error: &std::string::FromUtf8Error, rel: &Path) -> Diagnostic {
    let offset = error.utf8_error().valid_up_to();
    let valid = String::from_utf8_lossy(&error.as_bytes()[..offset]).into_owned();
    Diagnostic::error("file is not valid UTF-8")
        .in_file(rel)
        .at_offset(&valid, offset, 1)
        .with_hint("save the file as UTF-8 in your editor")
}

fn normalize_text(text: String) -> String {
    let text = match text.strip_prefix('\u{feff}') {
        Some(rest) => rest.to_owned(),
        None => text,
    };
    let text = if text.contains('\r') {
        text.replace("\r\n", "\n").replace('\r', "\n")
    } else {
        text
    };
    if text.contains('\0') {
        text.replace('\0', "\u{fffd}")
    } else {
        text
    }
}

/// Splits `---\nyaml\n---\nbody`. Returns the front matter, the body and the body's first line.
pub fn split_front_matter(text: &str) -> Result<(Option<FrontMatter>, &str, usize), Diagnostic> {
    let Some(rest) = text.strip_prefix("---") else {
        return Ok((None, text, 1));
    };
    let Some(rest) = rest.trim_start_matches([' ', '\t']).strip_prefix('\n') else {
        // `---` followed by text is a thematic break or a heading underline, not front matter
        return Ok((None, text, 1));
    };
    let mut offset = 0;
    for (index, line) in rest.split_inclusive('\n').enumerate() {
        let trimmed = line.trim_end();
        if trimmed == "---" || trimmed == "..." {
            let yaml = &rest[..offset];
            let body = &rest[offset + line.len()..];
            let front_matter = FrontMatter {
                text: yaml.to_owned(),
                first_line: 2,
            };
            return Ok((Some(front_matter), body, index + 3));
        }
        offset += line.len();
    }
    Err(Diagnostic::error("the front matter is not closed")
        .at(1, 1)
        .with_hint("end the front matter with a line `---`; it opens with the `---` on line 1"))
}

fn relative(root: &Path, path: &Path) -> PathBuf {
    path.strip_prefix(root)
        .map_or_else(|_| path.to_path_buf(), Path::to_path_buf)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn splits_front_matter_and_counts_lines() {
        let text = "---\ntitle: A\ntags: [x]\n---\n# Body\n";
        let (fm, body, first) = split_front_matter(text).unwrap_or_else(|d| panic!("{d}"));
        assert_eq!(fm.map(|f| f.text), Some("title: A\ntags: [x]\n".to_owned()));
        assert_eq!(body, "# Body\n");
        assert_eq!(first, 5);
    }

    #[test]
    fn no_front_matter() {
        let (fm, body, first) =
            split_front_matter("# Titel\n\nText").unwrap_or_else(|d| panic!("{d}"));
        assert!(fm.is_none());
        assert_eq!((body, first), ("# Titel\n\nText", 1));
        let (fm, _, _) = split_front_matter("---- \nx").unwrap_or_else(|d| panic!("{d}"));
        assert!(fm.is_none());
    }

    #[test]
    fn unclosed_front_matter_is_an_error() {
        let error = split_front_matter("---\ntitle: A\n\nBody")
            .err()
            .map(|d| d.message);
        assert_eq!(error.as_deref(), Some("the front matter is not closed"));
    }

    #[test]
    fn normalizes_bom_crlf_and_nul() {
        assert_eq!(
            normalize_text("\u{feff}a\r\nb\0".to_owned()),
            "a\nb\u{fffd}"
        );
    }

    proptest! {
        #[test]
        fn splitting_never_panics(text in "(---\n)?[a-z:\n -]{0,60}") {
            let _ = split_front_matter(&text);
        }
    }
}
