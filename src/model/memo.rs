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
/// parsing it again, until it is mended).
pub(super) fn remember(memo: &dyn ParseMemo, file: &Path, loaded: &LoadedFile, clean: bool) {
    let kept_kind = matches!(
        loaded,
        LoadedFile::Document { .. } | LoadedFile::Timeline(_)
    );
    if clean
        && kept_kind
        && let Ok(bytes) = postcard::to_stdvec(loaded)
    {
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
