//! Renders the linked dossier: pages through Tera, feeds and exports, static files.

mod exports;
pub mod graph;
pub mod html;
pub mod jsonld;
mod network;
mod pages;
pub mod print;
pub mod theme;
mod views;

use std::path::Path;

use rayon::prelude::*;

use crate::config::Config;
use crate::diagnostic::Diagnostic;
use crate::link::Linked;
use crate::search::SearchPage;
pub use pages::Page;
pub use theme::{StaticFile, Theme};
pub use views::Views;

/// Where rendered files go: the output directory, or nowhere for `check`.
pub trait Sink: Sync {
    fn write(&self, path: &str, bytes: &[u8]) -> Result<(), Diagnostic>;
    fn copy(&self, path: &str, from: &Path) -> Result<(), Diagnostic>;
}

/// What rendering produced.
#[derive(Debug, Default)]
pub struct Rendered {
    pub pages: usize,
    pub files: usize,
    /// The rendered pages that go into the search index (none when search is off).
    pub searchable: Vec<SearchPage>,
}

/// Renders every page and file into `sink`. All problems are returned together.
pub fn render(
    linked: &Linked,
    config: &Config,
    theme: &Theme,
    sink: &dyn Sink,
) -> (Rendered, Vec<Diagnostic>) {
    let mut views = Views::new(linked, config);
    if let Err(problems) = views.render_event_cards(theme) {
        return (Rendered::default(), problems);
    }
    let documents = linked.dossier.documents.len();
    // documents first, in parallel; the few other pages after
    let results: Vec<(String, Result<Option<SearchPage>, Diagnostic>)> = (0..documents + 7)
        .into_par_iter()
        .flat_map_iter(|job| {
            let pages = match job {
                id if id < documents => vec![views.document_page(id)],
                id if id == documents => views.list_pages(),
                id if id == documents + 1 => vec![views.timeline_page()],
                id if id == documents + 2 => views.tag_pages(),
                id if id == documents + 3 => vec![views.graph_page()],
                id if id == documents + 4 => vec![views.print_page()],
                id if id == documents + 5 && config.search => vec![views.search_page()],
                id if id == documents + 5 => Vec::new(),
                _ => vec![views.not_found_page()],
            };
            pages.into_iter().map(|page| {
                let mut html = Vec::with_capacity(32 * 1024);
                let result = theme
                    .tera
                    .render_to(page.template, &page.context, &mut html)
                    .map_err(|e| theme.template_error(&e))
                    .map(|()| match &page.local_links {
                        Some(links) => links.apply(&String::from_utf8_lossy(&html)).into_bytes(),
                        None => html,
                    })
                    .and_then(|html| sink.write(&page.path, &html).map(|()| html))
                    .map(|html| page.indexed.then(|| SearchPage::of_page(&page.path, &html)));
                (page.path, result)
            })
        })
        .collect();
    let mut diagnostics = Vec::new();
    let mut page_paths = Vec::with_capacity(results.len());
    let mut searchable = Vec::new();
    for (path, result) in results {
        match result {
            Ok(search_page) => {
                page_paths.push(path);
                searchable.extend(search_page);
            }
            Err(diagnostic) => diagnostics.push(diagnostic),
        }
    }
    page_paths.sort();
    let mut rendered = Rendered {
        pages: page_paths.len(),
        files: page_paths.len(),
        searchable,
    };

    let mut generated: Vec<(String, Vec<u8>)> = vec![
        (
            "sitemap.xml".into(),
            exports::sitemap(&views, &page_paths).into_bytes(),
        ),
        ("atom.xml".into(), exports::atom(&views).into_bytes()),
        ("robots.txt".into(), exports::robots(&views).into_bytes()),
        (".nojekyll".into(), Vec::new()),
        (
            "data/timeline.json".into(),
            exports::timeline_json(&views).into_bytes(),
        ),
        (
            "data/actors.json".into(),
            exports::actors_json(&views).into_bytes(),
        ),
    ];
    if let Some(cname) = &config.cname {
        generated.push(("CNAME".into(), format!("{cname}\n").into_bytes()));
    }
    for (path, bytes) in generated {
        match sink.write(&path, &bytes) {
            Ok(()) => rendered.files += 1,
            Err(diagnostic) => diagnostics.push(diagnostic),
        }
    }
    let copies: Vec<Result<(), Diagnostic>> = theme
        .static_files
        .par_iter()
        .map(|(path, file)| match file {
            StaticFile::Embedded(bytes) => sink.write(path, bytes),
            StaticFile::Disk(source) => sink.copy(path, source),
        })
        .chain(
            linked
                .dossier
                .assets
                .par_iter()
                .map(|asset| sink.copy(&asset.path, &asset.source)),
        )
        .collect();
    for result in copies {
        match result {
            Ok(()) => rendered.files += 1,
            Err(diagnostic) => diagnostics.push(diagnostic),
        }
    }
    (rendered, diagnostics)
}
