//! A fingerprint of everything a build reads: the generator, site.toml and the command line's
//! overrides, the templates, and every content file. When it matches the one recorded by the
//! previous build, and the output is as that build left it, there is nothing to do. Its first
//! part, the *site key*, is what every page is made with, whatever its document says.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::UNIX_EPOCH;

use xxhash_rust::xxh3::Xxh3;

use crate::config::Config;
use crate::render::split::PageBudget;
use crate::render::{StaticFile, Theme};
use crate::source::RawContent;

/// The fingerprint of one build's inputs, as hex.
pub fn of_inputs(config: &Config, theme: &Theme, raw: &RawContent, budget: PageBudget) -> String {
    let mut hasher = Xxh3::new();
    let mut field = |bytes: &[u8]| {
        hasher.update(&(bytes.len() as u64).to_le_bytes());
        hasher.update(bytes);
    };
    field(of_site(config, theme, raw, budget).as_bytes());
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
    // a commit changes what pages say about their last change, without changing a file
    field(raw.history_head.as_deref().unwrap_or_default().as_bytes());
    format!("{:032x}", hasher.digest128())
}

/// The site key, as hex: what every page is made with, whatever its document says (the
/// generator, the settings, the theme, the dossier's static files, whether it has a version
/// history, how big a page may grow). Pages made under another key are made again.
pub fn of_site(config: &Config, theme: &Theme, raw: &RawContent, budget: PageBudget) -> String {
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
    for path in &raw.static_files {
        field(path.as_bytes());
    }
    // every page's footer links to the changes page when there is a history
    field(&[u8::from(raw.history_head.is_some())]);
    field(format!("{budget:?}").as_bytes());
    format!("{:032x}", hasher.digest128())
}

/// Per document file (by its path under the root): a hash of what it says.
pub fn of_documents(raw: &RawContent) -> HashMap<PathBuf, u64> {
    raw.documents
        .iter()
        .map(|document| {
            let mut hasher = Xxh3::new();
            let front_matter = document.front_matter.as_ref();
            let front_matter = front_matter.map_or("", |f| f.text.as_str());
            hasher.update(&(front_matter.len() as u64).to_le_bytes());
            hasher.update(front_matter.as_bytes());
            hasher.update(document.body.as_bytes());
            (document.file.clone(), hasher.digest())
        })
        .collect()
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
