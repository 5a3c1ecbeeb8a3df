//! Checks every URL of a built site as GitHub Pages would serve it: the output folder at the
//! base URL's path, and nothing else on that host.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use url::Url;

use crate::scan::{self, Found, Rule};

/// A built site and the address it was built for.
pub struct Site<'a> {
    pub output: &'a Path,
    pub base: Url,
    /// Other addresses the same dossier is published at: a link to one of them means the build
    /// used the wrong base URL.
    pub elsewhere: Vec<Url>,
}

/// What a check found.
#[derive(Debug, Default)]
pub struct Report {
    pub failures: Vec<Failure>,
    /// Links to other sites: listed, not fetched.
    pub external: BTreeSet<String>,
    /// How many internal URLs led to an existing file (and fragment).
    pub working: usize,
}

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Failure {
    pub file: String,
    pub place: String,
    pub url: String,
    pub reason: String,
}

/// One file of the output that holds URLs.
struct Document {
    /// Relative to the output folder, with `/`: `actors/tokajew/index.html`.
    file: String,
    /// Where the file is served: `https://owner.github.io/repo/actors/tokajew/`.
    url: Url,
    /// What relative URLs resolve against: `url`, or the document's `<base href>`.
    base: Url,
    links: Vec<Found>,
}

impl Site<'_> {
    pub fn check(&self) -> Report {
        let mut report = Report::default();
        let mut ids = BTreeMap::new();
        let mut documents = Vec::new();
        for file in files(self.output) {
            let Ok(text) = std::fs::read_to_string(self.output.join(&file)) else {
                continue; // not text: images and the like hold no links
            };
            let url = self.url_of(&file);
            let mut base = url.clone();
            let links = match file.rsplit_once('.').map(|(_, extension)| extension) {
                // SVG: its `<a href>` and `xlink:href`, read with the same scanner.
                Some("html" | "htm" | "svg") => {
                    let html = scan::scan_html(&text);
                    if let Some(href) = &html.base {
                        base = url.join(href).unwrap_or(base);
                    }
                    ids.insert(file.clone(), html.ids);
                    html.links
                }
                Some("xml") => scan::scan_xml(&text),
                Some("json") => scan::scan_json(&text, ""),
                _ if file == "robots.txt" => scan::scan_robots(&text),
                _ => continue,
            };
            documents.push(Document {
                file,
                url,
                base,
                links,
            });
        }
        for document in &documents {
            for link in &document.links {
                match self.check_link(document, link, &ids, &mut report.external) {
                    Ok(true) => report.working += 1,
                    Ok(false) => {}
                    Err(reason) => report.failures.push(Failure {
                        file: document.file.clone(),
                        place: link.place.trim().to_owned(),
                        url: link.url.clone(),
                        reason,
                    }),
                }
            }
        }
        report.failures.sort();
        report.failures.dedup();
        report
    }

    /// `Ok(true)`: an internal URL that works; `Ok(false)`: not one to follow (another site,
    /// `mailto:` …); `Err`: why it is broken.
    fn check_link(
        &self,
        document: &Document,
        link: &Found,
        ids: &BTreeMap<String, BTreeSet<String>>,
        external: &mut BTreeSet<String>,
    ) -> Result<bool, String> {
        let written = link.url.as_str();
        if written.is_empty() {
            return Err("empty URL".into());
        }
        let is_absolute = Url::parse(written).is_ok();
        let is_root_relative = written.starts_with('/') && !written.starts_with("//");
        match link.rule {
            Rule::Absolute | Rule::SelfAddress if !is_absolute => {
                return Err("must be absolute: it is read away from the site".into());
            }
            Rule::Embedded if !is_absolute && !is_root_relative => {
                return Err("relative to whichever page shows this export; \
                            write it root-relative or absolute"
                    .into());
            }
            _ => {}
        }
        if document.file == "404.html"
            && !is_absolute
            && !is_root_relative
            && !written.starts_with('#')
        {
            return Err(format!(
                "404.html is served at any depth, where a relative URL leads elsewhere; \
                 start it with the base path {}",
                self.base.path()
            ));
        }
        let url = document
            .base
            .join(written)
            .map_err(|e| format!("not a URL: {e}"))?;
        if !matches!(url.scheme(), "http" | "https") {
            return Ok(false); // mailto:, tel:, data: …
        }
        if link.rule == Rule::SelfAddress && url != document.url {
            return Err(format!("is not the page's own address {}", document.url));
        }
        if !url.as_str().starts_with(self.base.as_str()) {
            if let Some(other) = self
                .elsewhere
                .iter()
                .find(|o| url.as_str().starts_with(o.as_str()))
            {
                return Err(format!(
                    "points at {other}, another address of this dossier; the site was built for {}",
                    self.base
                ));
            }
            if url.origin() != self.base.origin() {
                external.insert(url.to_string());
                return Ok(false);
            }
        }
        let file = self.serve(&url)?;
        self.check_fragment(&url, &file, ids)?;
        Ok(true)
    }

    /// The file of the output that a request for `url` gets, relative to the output folder.
    fn serve(&self, url: &Url) -> Result<String, String> {
        let path = percent_decode(url.path());
        let base_path = percent_decode(self.base.path());
        let inside = match path.strip_prefix(&base_path) {
            Some(inside) => inside,
            // `/repo` without its slash: Pages redirects to `/repo/`.
            None if format!("{path}/") == base_path => "",
            None => {
                return Err(format!(
                    "{path} lies outside the base path {base_path}: a 404 on Pages"
                ));
            }
        };
        if inside.split('/').any(|segment| segment.starts_with('.')) {
            return Err(format!(
                "{inside} is a dotfile; upload-pages-artifact leaves those out"
            ));
        }
        let mut file = inside.to_owned();
        if file.is_empty() || file.ends_with('/') {
            file.push_str("index.html");
        } else if self.output.join(&file).is_dir() {
            file.push_str("/index.html"); // Pages redirects `dir` to `dir/`
        }
        if self.output.join(&file).is_file() {
            Ok(file)
        } else {
            Err(format!("no file {file} in the output"))
        }
    }

    fn check_fragment(
        &self,
        url: &Url,
        file: &str,
        ids: &BTreeMap<String, BTreeSet<String>>,
    ) -> Result<(), String> {
        let Some(raw) = url.fragment() else {
            return Ok(());
        };
        let fragment = percent_decode(raw);
        // `#top` and an empty fragment scroll to the top; `#:~:` is a text fragment.
        if fragment.is_empty() || fragment.eq_ignore_ascii_case("top") || raw.starts_with(":~:") {
            return Ok(());
        }
        let Some(targets) = ids.get(file) else {
            return Ok(()); // not HTML: no ids to check
        };
        if targets.contains(&fragment) || targets.contains(raw) {
            Ok(())
        } else {
            Err(format!("{file} has no id=\"{fragment}\""))
        }
    }

    /// Where a file of the output is served: `actors/x/index.html` → `{base}actors/x/`.
    fn url_of(&self, file: &str) -> Url {
        let path = match file.strip_suffix("index.html") {
            Some(dir) if dir.is_empty() || dir.ends_with('/') => dir,
            _ => file,
        };
        self.base
            .join(path)
            .unwrap_or_else(|e| panic!("{file}: no URL: {e}"))
    }
}

/// The failures, one line each; a URL broken the same way on many pages is listed once.
pub fn render(failures: &[Failure]) -> String {
    let mut grouped: BTreeMap<(&str, &str, &str), Vec<&str>> = BTreeMap::new();
    for f in failures {
        grouped
            .entry((&f.url, &f.reason, &f.place))
            .or_default()
            .push(&f.file);
    }
    grouped
        .into_iter()
        .map(|((url, reason, place), files)| {
            let more = match files.len() {
                1 => String::new(),
                n => format!(" (and {} more pages)", n - 1),
            };
            format!("  {}{more}: {place} `{url}`: {reason}", files[0])
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The output's files, relative with `/`, sorted; dotfiles are no part of the published site.
fn files(output: &Path) -> Vec<String> {
    let mut files: Vec<String> = walkdir::WalkDir::new(output)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .filter_map(|e| {
            let relative: PathBuf = e.path().strip_prefix(output).ok()?.to_path_buf();
            let parts: Vec<String> = relative
                .iter()
                .map(|p| p.to_string_lossy().into_owned())
                .collect();
            (!parts.iter().any(|p| p.starts_with('.'))).then(|| parts.join("/"))
        })
        .collect();
    files.sort();
    files
}

fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut decoded = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        if bytes[i] == b'%'
            && let (Some(high), Some(low)) = (
                bytes.get(i + 1).copied().and_then(hex),
                bytes.get(i + 2).copied().and_then(hex),
            )
        {
            decoded.push((high * 16 + low) as u8);
            i += 3;
        } else {
            decoded.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8_lossy(&decoded).into_owned()
}
