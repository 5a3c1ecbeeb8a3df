//! What a link's destination is: an image, a note's file, another file, or a URL left alone.

use super::{Media, ReferenceKind};

const IMAGE_EXTENSIONS: [&str; 8] = ["png", "jpg", "jpeg", "gif", "svg", "webp", "avif", "bmp"];
/// What browsers play without a plug-in (Obsidian also embeds these).
const AUDIO_EXTENSIONS: [&str; 6] = ["mp3", "wav", "m4a", "ogg", "flac", "oga"];
const VIDEO_EXTENSIONS: [&str; 4] = ["mp4", "webm", "ogv", "mov"];

/// What a file embed `![[name.ext]]` shows, by the file's extension; `None` for a note.
pub(super) fn media_of(target: &str) -> Option<Media> {
    let target = target.split('#').next().unwrap_or(target);
    let (_, extension) = target.rsplit_once('.')?;
    let extension = extension.to_ascii_lowercase();
    let extension = extension.as_str();
    if IMAGE_EXTENSIONS.contains(&extension) {
        Some(Media::Image)
    } else if AUDIO_EXTENSIONS.contains(&extension) {
        Some(Media::Audio)
    } else if VIDEO_EXTENSIONS.contains(&extension) {
        Some(Media::Video)
    } else if extension == "pdf" {
        Some(Media::Pdf)
    } else {
        None
    }
}

/// An image's size after its name: `300` (width) or `300x200` (width and height).
pub(super) fn image_size(text: &str) -> Option<(u32, Option<u32>)> {
    let (width, height) = match text.trim().split_once('x') {
        Some((width, height)) => (width, Some(height)),
        None => (text.trim(), None),
    };
    let number = |digits: &str| {
        (!digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()))
            .then(|| digits.parse::<u32>().ok())
            .flatten()
    };
    let width = number(width)?;
    match height {
        Some(height) => Some((width, Some(number(height)?))),
        None => Some((width, None)),
    }
}

/// A link to a file relative to the note: `.md` files are notes, anything else an asset.
/// Absolute URLs, `/paths`, `#anchors`, `mailto:` and the like are left alone.
pub(super) fn relative_file_kind(dest: &str) -> Option<ReferenceKind> {
    let path = dest.split(['#', '?']).next().unwrap_or("");
    if path.is_empty() || path.starts_with('/') || path.starts_with("//") || has_scheme(path) {
        return None;
    }
    let last = path.rsplit('/').next().unwrap_or(path);
    if last.to_ascii_lowercase().ends_with(".md") {
        Some(ReferenceKind::NoteFile)
    } else if last.contains('.') {
        Some(ReferenceKind::AssetFile)
    } else {
        None
    }
}

fn has_scheme(path: &str) -> bool {
    match path.split_once(':') {
        Some((scheme, _)) => {
            !scheme.is_empty()
                && scheme
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
        }
        None => false,
    }
}

/// `%C3%96l%20und%20Pipelines.md` → `Öl und Pipelines.md`.
pub(super) fn percent_decode(text: &str) -> String {
    fn hex(byte: u8) -> Option<u8> {
        (byte as char).to_digit(16).map(|d| d as u8)
    }
    let bytes = text.as_bytes();
    let mut decoded = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && i + 2 < bytes.len()
            && let (Some(high), Some(low)) = (hex(bytes[i + 1]), hex(bytes[i + 2]))
        {
            decoded.push(high * 16 + low);
            i += 3;
            continue;
        }
        decoded.push(bytes[i]);
        i += 1;
    }
    String::from_utf8(decoded).unwrap_or_else(|_| text.to_owned())
}
