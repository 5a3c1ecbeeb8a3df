//! Files parsed by an earlier build, taken as they were while their text is the same. A
//! [`ParseMemo`] keeps each file's [`LoadedFile`] as bytes, by the file's path; this module
//! turns the one into the other.

use std::path::Path;

use super::{FrontMatterText, LoadedFile};
use crate::source::RawDocument;

/// Where parsed files are kept between builds. It knows what each file's text is now, and
/// gives back only what was parsed from that same text.
pub trait ParseMemo: Sync {
    /// The bytes of the file as it was parsed, when its text is the same now.
    fn recall(&self, file: &Path) -> Option<&[u8]>;
    /// Keeps the bytes of a file just parsed, without problems, for the next build.
    fn remember(&self, file: &Path, parsed: Vec<u8>);
}

/// Keeps nothing: every file is parsed.
pub struct NoMemo;

impl ParseMemo for NoMemo {
    fn recall(&self, _: &Path) -> Option<&[u8]> {
        None
    }

    fn remember(&self, _: &Path, _: Vec<u8>) {}
}

/// A file just parsed, kept in `memo` when it had no problems (they are reported again, by
/// parsing it again, until it is mended; a note too broken to use always has one).
pub(super) fn remember(memo: &dyn ParseMemo, file: &Path, loaded: &LoadedFile, clean: bool) {
    if clean && let Ok(bytes) = postcard::to_stdvec(loaded) {
        memo.remember(file, bytes);
    }
}

/// The timeline file at `file` as it was parsed, when its text is the same.
pub(super) fn recall_timeline(memo: &dyn ParseMemo, file: &Path) -> Option<LoadedFile> {
    match decode(memo.recall(file)?)? {
        timeline @ LoadedFile::Timeline(_) => Some(timeline),
        _ => None,
    }
}

/// The note `raw` as it was parsed, when its text is the same, with its texts as written (which
/// the memo does not keep) taken from `raw`; else `raw` back, to be parsed.
pub(super) fn recall_document(
    memo: &dyn ParseMemo,
    raw: RawDocument,
) -> Result<LoadedFile, RawDocument> {
    let Some(LoadedFile::Document {
        mut document,
        draft,
    }) = memo.recall(&raw.file).and_then(decode)
    else {
        return Err(raw);
    };
    document.front_matter = (raw.front_matter)
        .map(|front_matter| FrontMatterText {
            text: front_matter.text,
            first_line: front_matter.first_line,
        })
        .unwrap_or_default();
    document.body_text = raw.body;
    document.body_first_line = raw.body_first_line;
    Ok(LoadedFile::Document { document, draft })
}

fn decode(bytes: &[u8]) -> Option<LoadedFile> {
    postcard::from_bytes(bytes).ok()
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;
    use std::path::{Path, PathBuf};
    use std::sync::Mutex;
    use std::sync::atomic::{AtomicUsize, Ordering};

    use super::*;
    use crate::config::{Config, Overrides};
    use crate::model::load_remembering;
    use crate::source;

    /// Keeps what it is given.
    #[derive(Default)]
    struct Keeping(Mutex<HashMap<PathBuf, Vec<u8>>>);

    impl ParseMemo for Keeping {
        fn recall(&self, _: &Path) -> Option<&[u8]> {
            None
        }

        fn remember(&self, file: &Path, parsed: Vec<u8>) {
            let mut kept = self.0.lock().unwrap_or_else(|e| e.into_inner());
            kept.insert(file.to_path_buf(), parsed);
        }
    }

    /// Gives back what was kept, counting.
    struct Kept(HashMap<PathBuf, Vec<u8>>, AtomicUsize);

    impl ParseMemo for Kept {
        fn recall(&self, file: &Path) -> Option<&[u8]> {
            self.1.fetch_add(1, Ordering::Relaxed);
            self.0.get(file).map(Vec::as_slice)
        }

        fn remember(&self, file: &Path, _: Vec<u8>) {
            panic!("{} was parsed again", file.display());
        }
    }

    /// Loads the dossier at `root` twice, the second time with every file from the memo: both
    /// give the same documents and events, field for field, the texts as written included.
    fn loads_the_same_from_the_memo(root: &Path) {
        let config = Config::load(root, &Overrides::default()).expect("site.toml");
        let keeping = Keeping::default();
        let (raw, _) = source::read_content(root);
        let (parsed, problems) = load_remembering(raw, &config, &keeping);
        assert!(problems.is_empty(), "{}: {problems:?}", root.display());
        let kept = keeping.0.into_inner().expect("memo");
        let memo = Kept(kept, AtomicUsize::new(0));
        let (raw, _) = source::read_content(root);
        let files = raw.documents.len() + raw.timelines.len();
        let (recalled, _) = load_remembering(raw, &config, &memo);
        assert_eq!(memo.0.len(), files, "{}: every file kept", root.display());
        assert_eq!(memo.1.load(Ordering::Relaxed), files);
        assert_eq!(
            format!("{:?}", parsed.documents),
            format!("{:?}", recalled.documents)
        );
        assert_eq!(
            format!("{:?}", parsed.events),
            format!("{:?}", recalled.events)
        );
    }

    #[test]
    fn this_dossier_comes_back_from_the_memo_as_it_was_parsed() {
        loads_the_same_from_the_memo(Path::new(env!("CARGO_MANIFEST_DIR")));
    }

    #[test]
    fn every_kind_of_field_comes_back_from_the_memo_as_it_was_parsed() {
        let dir = tempfile::tempdir().expect("temporary folder");
        let root = dir.path();
        let files = [
            (
                "site.toml",
                "title = \"Probe\"\nbase_url = \"https://example.org/\"\n",
            ),
            (
                "content/notes/alles.md",
                "---\ntitle: Alles\ndate: 2024-05\nupdated: 2025\naliases: [Sämtliches]\n\
                 tags: [probe]\ncssclasses: [weit]\nsummary: Eine *kurze* Zusammenfassung.\n\
                 sources:\n  - quelle\n  - id: quelle\n    quote: \"wörtlich\"\n    locator: S. 3\n\
                 actors: [person]\nextra:\n  zahl: 3\n  liste: [a, {b: 2.5}]\n  leer: null\n---\n\n\
                 # Abschnitt\n\nText mit [[person|Person]] und $x^2$ und #marke.\n\n\
                 > [!note] Hinweis\n> Inhalt ^block\n\n```mermaid\ngraph LR\n  A --> B\n```\n",
            ),
            (
                "content/actors/person.md",
                "---\ntitle: Person\nkind: person\nborn: 1950-02-03\nrelations:\n  - to: person\n    \
                 type: kennt\n    from: 2001\n    note: Selbst.\n---\nText.\n",
            ),
            (
                "content/sources/quelle.md",
                "---\ntitle: Quelle\nkind: article\npublisher: Verlag\npublished: 2024-01-02\n\
                 url: https://example.org/q\nreliability: B\nreliability_note: Gut.\nclaims:\n  \
                 - text: Eine Aussage.\n    status: disputed\n    note: Strittig.\n---\nText.\n",
            ),
            (
                "content/timeline/ereignisse.yaml",
                "- id: eins\n  date: 2024-05-06\n  end: 2024-05-07\n  title: Eins\n  summary: Kurz.\n  \
                 actors: [person]\n  sources: [{id: quelle, quote: \"so\"}]\n  tags: [probe]\n  \
                 place: Astana\n  extra: {gewicht: 1}\n",
            ),
        ];
        for (path, text) in files {
            let file = root.join(path);
            std::fs::create_dir_all(file.parent().expect("folder")).expect("folder");
            std::fs::write(file, text).expect("write");
        }
        loads_the_same_from_the_memo(root);
    }
}
