//! Full-text search: a [Pagefind](https://pagefind.app) index of the rendered pages, built in
//! the same process by the `pagefind` crate and written through the same sink as the pages, so
//! its files are in the output manifest and the atomic commit like every other file.
//!
//! The index lives in `pagefind/` under the output folder. Pages are indexed under their
//! site-relative URLs (`/actors/tokajew/`); Pagefind's script prefixes the folder it was loaded
//! from (`/repo/`), so results work under any base path.

use pagefind::api::PagefindIndex;
use pagefind::options::PagefindServiceConfig;

use crate::config::Config;
use crate::diagnostic::Diagnostic;
use crate::render::Destination;
pub use crate::render::SearchPage;

/// The folder of the index in the output.
pub const BUNDLE_DIR: &str = "pagefind";

/// The index files (path in the output, bytes) of these pages, in a stable order.
///
/// Pages are added in path order, so the same pages give the same files, byte for byte.
/// Every page is indexed in the site's language, which picks Pagefind's stemmer (German for
/// `de`); a language Pagefind has no stemmer for is indexed without stemming.
pub fn index(
    mut pages: Vec<SearchPage>,
    config: &Config,
) -> Result<Vec<(String, Vec<u8>)>, Diagnostic> {
    pages.sort_by(|a, b| a.path.cmp(&b.path));
    let language = primary_language(&config.language_code);
    let failed = |error: anyhow::Error| Diagnostic::error(format!("search index: {error:#}"));
    let runtime = tokio::runtime::Builder::new_current_thread()
        .build()
        .map_err(|e| Diagnostic::error(format!("search index: cannot start: {e}")))?;
    runtime.block_on(async {
        let options = PagefindServiceConfig::builder()
            .force_language(language)
            .build();
        let mut index = PagefindIndex::new(Some(options)).map_err(failed)?;
        for page in pages {
            let url = page.url();
            index
                .add_html_file(None, Some(url), page.html)
                .await
                .map_err(failed)?;
        }
        let mut files: Vec<(String, Vec<u8>)> = index
            .get_files()
            .await
            .map_err(failed)?
            .into_iter()
            .map(|file| {
                let name: Vec<String> = file
                    .filename
                    .iter()
                    .map(|part| part.to_string_lossy().into_owned())
                    .collect();
                (format!("{BUNDLE_DIR}/{}", name.join("/")), file.contents)
            })
            .collect();
        files.sort_by(|a, b| a.0.cmp(&b.0));
        Ok(files)
    })
}

/// Indexes `pages` and writes the index through `sink`: the number of files written and the
/// problems met. Does nothing when search is off in site.toml.
pub fn write_index(
    pages: Vec<SearchPage>,
    config: &Config,
    sink: &dyn Destination,
) -> (usize, Vec<Diagnostic>) {
    if !config.search || pages.is_empty() {
        return (0, Vec::new());
    }
    let files = match index(pages, config) {
        Ok(files) => files,
        Err(diagnostic) => return (0, vec![diagnostic]),
    };
    let mut written = 0;
    let mut problems = Vec::new();
    for (path, bytes) in files {
        match sink.write(&path, &bytes) {
            Ok(()) => written += 1,
            Err(diagnostic) => problems.push(diagnostic),
        }
    }
    (written, problems)
}

/// `de` of `de-AT`, in lower case: what Pagefind picks its stemmer by.
fn primary_language(code: &str) -> String {
    code.split(['-', '_'])
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(path: &str, body: &str) -> SearchPage {
        SearchPage {
            path: path.into(),
            html: format!(
                "<!doctype html><html lang=\"de\"><head><title>t</title></head><body>\
                 <nav>Navigation</nav><main data-pagefind-body><h1>{path}</h1>{body}</main></body></html>"
            ),
        }
    }

    fn config() -> Config {
        Config::parse(
            std::path::Path::new("/nowhere"),
            "title = \"T\"\nbase_url = \"https://example.org/repo/\"\nlanguage = \"de-AT\"\n",
            &crate::config::Overrides::default(),
        )
        .expect("config")
    }

    #[test]
    fn a_page_is_cut_down_to_its_language_and_main_content() {
        let page = SearchPage::of_page(
            "a/index.html",
            b"<!doctype html><html lang=\"de\" data-base=\"/r/\"><head><title>x</title></head>\
              <body><nav>Menu</nav><main id=\"main\" data-pagefind-body><h1>A</h1></main>\
              <footer>f</footer></body></html>",
        );
        assert_eq!(
            page.html,
            "<html lang=\"de\" data-base=\"/r/\"><body><main id=\"main\" data-pagefind-body>\
             <h1>A</h1></main></body></html>"
        );
        let custom =
            SearchPage::of_page("b/index.html", b"<html><body><p>no main</p></body></html>");
        assert_eq!(custom.html, "<html><body><p>no main</p></body></html>");
    }

    #[test]
    fn urls_are_site_relative_without_index_html() {
        assert_eq!(page("actors/a/index.html", "").url(), "/actors/a/");
        assert_eq!(page("index.html", "").url(), "/");
        assert_eq!(primary_language("de_CH"), "de");
    }

    #[test]
    fn the_index_has_the_german_stemmer_and_is_the_same_for_the_same_pages() {
        let pages = vec![
            page("notes/b/index.html", "<p>Die Häuser der Regierungen.</p>"),
            page(
                "actors/a/index.html",
                "<p>Kassym-Jomart Tokajew, Präsident.</p>",
            ),
        ];
        let first = index(pages.clone(), &config()).expect("index");
        let names: Vec<&str> = first.iter().map(|(p, _)| p.as_str()).collect();
        assert!(names.contains(&"pagefind/pagefind.js"), "{names:?}");
        assert!(names.contains(&"pagefind/wasm.de.pagefind"), "{names:?}");
        assert!(names.iter().any(|n| n.starts_with("pagefind/index/")));
        assert!(names.iter().any(|n| n.starts_with("pagefind/fragment/")));
        let mut reversed = pages;
        reversed.reverse();
        assert_eq!(first, index(reversed, &config()).expect("index"));
    }
}
