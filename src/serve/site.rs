//! The site held in memory while serving: every file of the last good build, by output path.

use std::collections::HashMap;
use std::path::Path;
use std::sync::{Arc, Mutex};

use crate::diagnostic::Diagnostic;
use crate::render::Destination;

/// The files of one build.
#[derive(Debug, Default)]
pub struct MemorySite {
    files: Arc<HashMap<String, Arc<[u8]>>>,
    /// The files of an earlier site, shown where this one has none of its own: a build's
    /// first pages are published over the last site, sharing its files without copying them.
    under: Option<Arc<HashMap<String, Arc<[u8]>>>>,
}

impl MemorySite {
    pub fn from_files(files: HashMap<String, Arc<[u8]>>) -> Self {
        MemorySite {
            files: Arc::new(files),
            under: None,
        }
    }

    /// `files` over the files of `site`.
    pub fn over(files: HashMap<String, Arc<[u8]>>, site: &Arc<MemorySite>) -> Self {
        let under = match &site.under {
            None => Arc::clone(&site.files),
            Some(_) => Arc::new(
                site.files()
                    .map(|(path, bytes)| (path.clone(), Arc::clone(bytes)))
                    .collect(),
            ),
        };
        MemorySite {
            files: Arc::new(files),
            under: Some(under),
        }
    }

    /// Every file, in no order.
    pub fn files(&self) -> impl Iterator<Item = (&String, &Arc<[u8]>)> {
        let shown_under = self
            .under
            .iter()
            .flat_map(|under| under.iter())
            .filter(|(path, _)| !self.files.contains_key(path.as_str()));
        self.files.iter().chain(shown_under)
    }

    pub fn get(&self, path: &str) -> Option<Arc<[u8]>> {
        self.files
            .get(path)
            .or_else(|| self.under.as_ref()?.get(path))
            .cloned()
    }

    pub fn contains(&self, path: &str) -> bool {
        self.files.contains_key(path) || self.under.as_ref().is_some_and(|u| u.contains_key(path))
    }

    /// Every path, sorted.
    pub fn paths(&self) -> Vec<&str> {
        let mut paths: Vec<&str> = self.files().map(|(path, _)| path.as_str()).collect();
        paths.sort_unstable();
        paths
    }
}

/// Collects a build's files; [`MemorySink::finish`] turns them into a [`MemorySite`].
#[derive(Default)]
pub struct MemorySink {
    files: Mutex<HashMap<String, Arc<[u8]>>>,
}

impl MemorySink {
    pub fn finish(self) -> MemorySite {
        MemorySite::from_files(self.files.into_inner().unwrap_or_else(|p| p.into_inner()))
    }

    /// Every file written so far, in no order.
    pub fn files(&self) -> Vec<(String, Arc<[u8]>)> {
        let files = self.files.lock().unwrap_or_else(|p| p.into_inner());
        files
            .iter()
            .map(|(path, bytes)| (path.clone(), Arc::clone(bytes)))
            .collect()
    }

    fn insert(&self, path: &str, bytes: Vec<u8>) {
        let mut files = self.files.lock().unwrap_or_else(|p| p.into_inner());
        files.insert(path.to_owned(), bytes.into());
    }
}

impl Destination for MemorySink {
    fn write(&self, path: &str, bytes: &[u8]) -> Result<(), Diagnostic> {
        self.insert(path, bytes.to_vec());
        Ok(())
    }

    fn copy(&self, path: &str, from: &Path) -> Result<(), Diagnostic> {
        let bytes = std::fs::read(from)
            .map_err(|e| Diagnostic::error(format!("cannot read {}: {e}", from.display())))?;
        self.insert(path, bytes);
        Ok(())
    }
}

/// The Content-Type for a file name.
pub fn content_type(path: &str) -> &'static str {
    let extension = path.rsplit_once('.').map_or("", |(_, e)| e);
    match extension.to_ascii_lowercase().as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "xml" => "application/xml",
        "txt" => "text/plain; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "avif" => "image/avif",
        "ico" => "image/x-icon",
        "pdf" => "application/pdf",
        "wasm" => "application/wasm",
        "woff2" => "font/woff2",
        "woff" => "font/woff",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site(files: &[(&str, &str)]) -> HashMap<String, Arc<[u8]>> {
        files
            .iter()
            .map(|(path, text)| (path.to_string(), Arc::from(text.as_bytes())))
            .collect()
    }

    #[test]
    fn a_site_over_another_shows_its_own_files_first_and_the_others_beneath() {
        let last = Arc::new(MemorySite::from_files(site(&[
            ("index.html", "alt"),
            ("a/index.html", "a"),
        ])));
        let first_pages = MemorySite::over(site(&[("index.html", "neu"), ("b.css", "b")]), &last);
        assert_eq!(first_pages.get("index.html").as_deref(), Some(&b"neu"[..]));
        assert_eq!(first_pages.get("a/index.html").as_deref(), Some(&b"a"[..]));
        assert!(first_pages.contains("b.css") && !first_pages.contains("c.css"));
        assert_eq!(first_pages.paths(), ["a/index.html", "b.css", "index.html"]);
        assert_eq!(first_pages.files().count(), 3);
        let again = MemorySite::over(site(&[("c.css", "c")]), &Arc::new(first_pages));
        assert_eq!(
            again.paths(),
            ["a/index.html", "b.css", "c.css", "index.html"]
        );
        assert_eq!(again.get("index.html").as_deref(), Some(&b"neu"[..]));
    }

    #[test]
    fn content_types_by_extension() {
        assert_eq!(content_type("a/index.html"), "text/html; charset=utf-8");
        assert_eq!(
            content_type("pagefind/wasm.de.pagefind"),
            "application/octet-stream"
        );
        assert_eq!(content_type("x.WASM"), "application/wasm");
        assert_eq!(content_type("CNAME"), "application/octet-stream");
    }
}
