//! A fingerprint of everything a build reads: the generator, site.toml and the command line's
//! overrides, the templates, and every content file. When it matches the one recorded by the
//! previous build, and the output is as that build left it, there is nothing to do. Its first
//! part, the *site key*, is what every page is made with, whatever its document says; within
//! it, the *parse key* is what every file is parsed with, whatever it says.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::UNIX_EPOCH;

use xxhash_rust::xxh3::{Xxh3, xxh3_64};

use crate::config::Config;
use crate::render::split::PageBudget;
use crate::render::{StaticFile, Theme};
use crate::source::RawContent;

/// What one build's inputs hash to.
pub struct Fingerprint {
    /// Everything the build reads, as hex.
    pub inputs: String,
    /// The site key, as hex: what every page is made with, whatever its document says (the
    /// generator, the settings, the theme, the dossier's static files, whether it has a
    /// version history, how big a page may grow). Pages made under another key are made again.
    pub site: String,
    /// The parse key, as hex: what a file is parsed with, whatever it says (the generator and
    /// the settings). Files parsed under another key are parsed again.
    pub parse: String,
    /// Per document and timeline file (by its path under the root): a hash of what it says.
    /// Shared by the page cache and the parse cache.
    pub files: Arc<HashMap<PathBuf, u64>>,
}

impl Fingerprint {
    pub fn of(config: &Config, theme: &Theme, raw: &RawContent, budget: PageBudget) -> Self {
        let parse = parse_key(config);
        let site = site_key(&parse, theme, raw, budget);
        let mut inputs = Fields::default();
        inputs.add(site.as_bytes());
        let documents: Vec<(PathBuf, u64)> = (raw.documents.iter())
            .map(|document| {
                let mut text = Fields::default();
                let front_matter = document.front_matter.as_ref();
                // an empty front matter and none differ in where the body starts
                text.add(&[u8::from(front_matter.is_some())]);
                text.add(front_matter.map_or("", |f| f.text.as_str()).as_bytes());
                text.add(document.body.as_bytes());
                (document.file.clone(), text.0.digest())
            })
            .collect();
        let timelines: Vec<(PathBuf, u64)> = (raw.timelines.iter())
            .map(|timeline| (timeline.file.clone(), xxh3_64(timeline.text.as_bytes())))
            .collect();
        for (file, hash) in documents.iter().chain(&timelines) {
            inputs.add(file.as_os_str().as_encoded_bytes());
            inputs.add(&hash.to_le_bytes());
        }
        for asset in &raw.assets {
            inputs.add(asset.path.as_bytes());
            inputs.add(file_stamp(&asset.source).as_bytes());
        }
        // a commit changes what pages say about their last change, without changing a file
        inputs.add(raw.history_head.as_deref().unwrap_or_default().as_bytes());
        Fingerprint {
            inputs: inputs.hex(),
            site,
            parse,
            files: Arc::new(documents.into_iter().chain(timelines).collect()),
        }
    }
}

/// A hash of fields, each after its length.
#[derive(Default)]
struct Fields(Xxh3);

impl Fields {
    fn add(&mut self, bytes: &[u8]) {
        self.0.update(&(bytes.len() as u64).to_le_bytes());
        self.0.update(bytes);
    }

    fn hex(&self) -> String {
        format!("{:032x}", self.0.digest128())
    }
}

fn parse_key(config: &Config) -> String {
    let mut parse = Fields::default();
    parse.add(env!("CARGO_PKG_VERSION").as_bytes());
    // a rebuilt generator may parse and render differently under the same version
    if let Ok(exe) = std::env::current_exe() {
        parse.add(file_stamp(&exe).as_bytes());
    }
    parse.add(format!("{config:?}").as_bytes());
    parse.hex()
}

fn site_key(parse_key: &str, theme: &Theme, raw: &RawContent, budget: PageBudget) -> String {
    let mut site = Fields::default();
    site.add(parse_key.as_bytes());
    for (name, text) in &theme.template_sources {
        site.add(name.as_bytes());
        site.add(text.as_bytes());
    }
    for (path, file) in &theme.static_files {
        site.add(path.as_bytes());
        match file {
            StaticFile::Embedded(bytes) => site.add(bytes),
            StaticFile::Disk(source) => site.add(file_stamp(source).as_bytes()),
        }
    }
    for path in &raw.static_files {
        site.add(path.as_bytes());
    }
    // every page's footer links to the changes page when there is a history
    site.add(&[u8::from(raw.history_head.is_some())]);
    site.add(format!("{budget:?}").as_bytes());
    site.hex()
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
