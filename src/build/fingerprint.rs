//! A fingerprint of everything a build reads: the generator, site.toml and the command line's
//! overrides, the templates, and every content file. When it matches the one recorded by the
//! previous build, and the output is as that build left it, there is nothing to do.

use std::path::Path;
use std::time::UNIX_EPOCH;

use xxhash_rust::xxh3::Xxh3;

use crate::config::Config;
use crate::render::{StaticFile, Theme};
use crate::source::RawContent;

/// The fingerprint of one build's inputs, as hex.
pub fn of_inputs(config: &Config, theme: &Theme, raw: &RawContent) -> String {
    let mut hasher = Xxh3::new();
    let mut field = |bytes: &[u8]| {
        hasher.update(&(bytes.len() as u64).to_le_bytes());
        hasher.update(bytes);
    };
    field(env!("CARGO_PKG_VERSION").as_bytes());
    // a rebuilt generator may render differently under the same version
    if let Ok(exe) = std::env::current_exe() {
        field(file_stamp(&exe).as_bytes());
    }
    field(format!("{config:?}").as_bytes());
    for (name, text) in &theme.template_sources {
        field(name.as_bytes());
        field(text.as_bytes());
    }
    for (path, file) in &theme.static_files {
        field(path.as_bytes());
        match file {
            StaticFile::Embedded(bytes) => field(bytes),
            StaticFile::Disk(source) => field(file_stamp(source).as_bytes()),
        }
    }
    for document in &raw.documents {
        field(document.file.as_os_str().as_encoded_bytes());
        if let Some(front_matter) = &document.front_matter {
            field(front_matter.text.as_bytes());
        }
        field(document.body.as_bytes());
    }
    for timeline in &raw.timelines {
        field(timeline.file.as_os_str().as_encoded_bytes());
        field(timeline.text.as_bytes());
    }
    for asset in &raw.assets {
        field(asset.path.as_bytes());
        field(file_stamp(&asset.source).as_bytes());
    }
    for path in &raw.static_files {
        field(path.as_bytes());
    }
    // a commit changes what pages say about their last change, without changing a file
    field(raw.history_head.as_deref().unwrap_or_default().as_bytes());
    format!("{:032x}", hasher.digest128())
}

/// Size and modification time: enough to notice that a copied file changed.
fn file_stamp(path: &Path) -> String {
    match std::fs::metadata(path) {
        Ok(meta) => {
            let modified = meta
                .modified()
                .ok()
                .and_then(|t| t.duration_since(UNIX_EPOCH).ok())
                .map_or(0, |d| d.as_nanos());
            format!("{}:{modified}", meta.len())
        }
        Err(_) => String::from("missing"),
    }
}
