//! What of a rendered page goes into the search index (`search` builds the index from it).

/// A rendered page to index.
#[derive(Debug, Clone)]
pub struct SearchPage {
    /// The output path: `actors/tokajew/index.html`.
    pub path: String,
    pub html: String,
}

impl SearchPage {
    /// What of a rendered page the index needs: its `<html …>` start tag (for the language)
    /// and its `<main>` element (where the default theme marks the text to index), or the
    /// whole page if it has no `<main>`. Kept small, as every indexed page waits in memory
    /// until the index is built.
    pub fn of_page(path: &str, html: &[u8]) -> SearchPage {
        let text = String::from_utf8_lossy(html);
        let main = text
            .find("<main")
            .zip(text.rfind("</main>"))
            .filter(|(start, end)| start < end);
        let html = match main {
            Some((start, end)) => {
                let root = text
                    .find("<html")
                    .and_then(|at| text[at..].find('>').map(|close| &text[at..=at + close]))
                    .unwrap_or("<html>");
                format!(
                    "{root}<body>{}</body></html>",
                    &text[start..end + "</main>".len()]
                )
            }
            None => text.into_owned(),
        };
        SearchPage {
            path: path.to_owned(),
            html,
        }
    }

    /// The URL Pagefind stores: the output path without `index.html`, from the site's root.
    pub fn url(&self) -> String {
        let path = self.path.strip_suffix("index.html").unwrap_or(&self.path);
        format!("/{}", path.trim_start_matches('/'))
    }
}
