//! Renders the linked dossier: pages through Tera, feeds and exports, static files.

mod assembled;
mod changes;
mod evidence;
mod evidence_page;
mod exports;
pub mod graph;
mod graph_page;
pub mod html;
pub mod jsonld;
mod network;
mod open_data;
mod pages;
mod previews;
pub mod print;
pub mod reads;
pub mod reuse;
pub mod signatures;
pub mod split;
#[cfg(test)]
mod split_tests;
pub mod theme;
mod view_types;
mod views;

use std::collections::BTreeMap;
use std::path::Path;

use rayon::prelude::*;

use crate::config::Config;
use crate::diagnostic::Diagnostic;
use crate::link::Linked;
use crate::model::DocId;
use crate::source::{Asset, Section};
pub use pages::Page;
pub use reuse::Reuse;
pub use theme::{StaticFile, Theme};
pub use views::{EarlierCards, EventView, ViewParts, Views};

/// Where rendered files go: the output directory, or nowhere for `check`.
pub trait Destination: Sync {
    fn write(&self, path: &str, bytes: &[u8]) -> Result<(), Diagnostic>;
    /// Writes a file made piece by piece: `next` gives the pieces in order, then `None`.
    fn write_pieces(
        &self,
        path: &str,
        next: &mut dyn FnMut() -> Result<Option<Vec<u8>>, Diagnostic>,
    ) -> Result<(), Diagnostic> {
        let mut bytes = Vec::new();
        while let Some(piece) = next()? {
            bytes.extend_from_slice(&piece);
        }
        self.write(path, &bytes)
    }
    fn copy(&self, path: &str, from: &Path) -> Result<(), Diagnostic>;
    /// Keeps the file an earlier build wrote at `path` with bytes of this `hash`, if it still
    /// stands as that build left it: whether it did (then it counts as written, unchanged).
    fn keep(&self, _path: &str, _hash: &str) -> bool {
        false
    }
    /// The hash of the bytes this build has at `path`, where the destination keeps one (the
    /// output folder, in its manifest).
    fn written_hash(&self, _path: &str) -> Option<String> {
        None
    }
}

/// Takes each rendered page that goes into the search index, while its HTML is at hand (the
/// search stage's indexer). Called from many threads at once.
pub trait PageIndexer: Sync {
    /// The page at `path` (`actors/tokajew/index.html`) was rendered as `html`.
    fn index_page(&self, path: &str, html: &[u8]) -> Result<(), Diagnostic>;
}

/// What rendering produced.
#[derive(Debug, Default)]
pub struct Rendered {
    pub pages: usize,
    pub files: usize,
}

/// Where a build's pages go, and what else it is told of them.
#[derive(Clone, Copy)]
pub struct Targets<'a> {
    pub sink: &'a dyn Destination,
    /// Takes each page that goes into the search index.
    pub indexer: Option<&'a dyn PageIndexer>,
    /// Knows the pages of the last build: those that read nothing new are not made again.
    pub reuse: Option<&'a dyn Reuse>,
}

impl<'a> Targets<'a> {
    /// Into `sink` alone.
    pub fn sink(sink: &'a dyn Destination) -> Self {
        Targets {
            sink,
            indexer: None,
            reuse: None,
        }
    }
}

/// Renders every page and file into `targets`, with the timeline and the print page cut into
/// parts past `budget`. All problems are returned together.
pub fn render(
    linked: &Linked,
    config: &Config,
    theme: &Theme,
    targets: Targets,
    budget: split::PageBudget,
) -> (Rendered, Vec<Diagnostic>) {
    let mut views = Views::within(linked, config, budget);
    if let Err(problems) = views.render_event_cards(theme, false, &|_, _| None) {
        return (Rendered::default(), problems);
    }
    if let Some(reuse) = targets.reuse {
        views.signatures = Some(reuse::PageSignatures::of(&views, reuse));
    }
    // the few big pages first, so that the many small ones after them keep every thread busy
    let groups = PageGroup::site_wide(&views)
        .into_iter()
        .chain(PageGroup::documents(&views))
        .collect();
    let (mut rendered, mut diagnostics) = render_with_exports(&views, theme, groups, &[], targets);
    // the views hold a value per document and event: freed on a thread of their own
    let parts = views.into_parts();
    std::thread::spawn(move || drop(parts));
    let static_files = theme
        .static_files
        .iter()
        .map(|(path, file)| (path.as_str(), file));
    let (copied, problems) = copy_files(static_files, &linked.dossier.assets, targets.sink);
    rendered.files += copied;
    diagnostics.extend(problems);
    (rendered, diagnostics)
}

/// Renders the pages of `groups`, then the exports (sitemap, feed, data), which list those
/// pages and `other_pages` (made before). The site-wide pages are rendered this way by `build`
/// with every other page, and by `serve` alone, after the documents' pages it renders again.
pub fn render_with_exports(
    views: &Views,
    theme: &Theme,
    groups: Vec<PageGroup>,
    other_pages: &[String],
    targets: Targets,
) -> (Rendered, Vec<Diagnostic>) {
    let (pages, mut diagnostics) = render_pages(views, theme, groups, targets);
    let mut rendered = Rendered {
        pages: pages.len(),
        files: pages.len(),
    };
    let mut page_paths: Vec<String> = pages;
    page_paths.extend(other_pages.iter().cloned());
    page_paths.sort();
    let (written, problems) = write_exports(views, &page_paths, targets);
    rendered.files += written;
    diagnostics.extend(problems);
    (rendered, diagnostics)
}

/// A group of pages that is made together.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PageGroup {
    /// The page of one document (the home page included).
    Document(DocId),
    /// The actors, notes and sources indexes.
    Lists,
    Timeline,
    /// The tags index and a page per tag.
    Tags,
    Graph,
    /// The evidence overview.
    Evidence,
    Print,
    Search,
    NotFound,
    /// The data page: the machine-readable files.
    Data,
    /// The latest changes from the history (none without one).
    Changes,
}

impl PageGroup {
    /// The pages made from the whole dossier: the home page and the site-wide groups. They
    /// show everything, so `serve` makes them again on every build.
    pub fn site_wide(views: &Views) -> Vec<PageGroup> {
        let home = views
            .items
            .ids()
            .find(|&id| views.document(id).section == Section::Home);
        home.map(PageGroup::Document)
            .into_iter()
            .chain(PageGroup::SITE_WIDE)
            .collect()
    }

    /// The page of every document but the home page.
    pub fn documents<'v>(views: &'v Views) -> impl Iterator<Item = PageGroup> + 'v {
        views
            .items
            .ids()
            .filter(|&id| views.document(id).section != Section::Home)
            .map(PageGroup::Document)
    }

    /// The groups made from the whole dossier rather than one document (the home page aside).
    const SITE_WIDE: [PageGroup; 10] = [
        PageGroup::Lists,
        PageGroup::Timeline,
        PageGroup::Tags,
        PageGroup::Graph,
        PageGroup::Evidence,
        PageGroup::Print,
        PageGroup::Search,
        PageGroup::NotFound,
        PageGroup::Data,
        PageGroup::Changes,
    ];

    /// The pages of the group, or where and why one could not be made.
    fn pages<'v>(
        self,
        views: &'v Views,
        theme: &'v Theme,
    ) -> Vec<Result<Page<'v>, (String, Diagnostic)>> {
        let pages = match self {
            PageGroup::Document(id) => vec![views.document_page(id)],
            PageGroup::Lists => views.list_pages(),
            PageGroup::Timeline => views.timeline_pages(theme),
            PageGroup::Tags => views.tag_pages(),
            PageGroup::Graph => vec![views.graph_page()],
            PageGroup::Evidence => vec![views.evidence_page()],
            PageGroup::Print => views.print_pages(theme),
            PageGroup::Search if views.config.search => vec![views.search_page()],
            PageGroup::Search => Vec::new(),
            PageGroup::NotFound => vec![views.not_found_page()],
            PageGroup::Data => vec![views.data_page()],
            PageGroup::Changes => views.changes_page().into_iter().collect(),
        };
        pages.into_iter().map(Ok).collect()
    }
}

/// Renders the pages of `groups` into the sink, in parallel, giving the indexer each page that
/// goes into the search index (the HTML is dropped after), and leaving the pages `reuse` keeps
/// as they are: the pages' paths and the problems.
pub fn render_pages(
    views: &Views,
    theme: &Theme,
    groups: Vec<PageGroup>,
    targets: Targets,
) -> (Vec<String>, Vec<Diagnostic>) {
    let Targets {
        sink,
        indexer,
        reuse,
    } = targets;
    let reused = |path: &str, signature: Option<u64>| reuse::reused(reuse, path, signature);
    let results: Vec<(String, Result<(), Diagnostic>)> = groups
        .into_par_iter()
        .flat_map_iter(|group| {
            // a document's page is looked up before anything of it is made
            let document = match group {
                PageGroup::Document(id) => (views.signatures.as_ref())
                    .and_then(|signatures| signatures.documents[id])
                    .map(|signature| (views.document_page_path(id), signature)),
                _ => None,
            };
            let pages = match document {
                Some((path, signature)) if reused(&path, Some(signature)) => {
                    return vec![(path, Ok(()))];
                }
                _ => group.pages(views, theme),
            };
            let pages = pages.into_iter().map(|page| {
                let Page {
                    path,
                    template,
                    context,
                    indexed,
                    assembled,
                    size_hint,
                    signature,
                } = match page {
                    Ok(page) => page,
                    Err((path, problem)) => return (path, Err(problem)),
                };
                if !matches!(group, PageGroup::Document(_)) && reused(&path, signature) {
                    return (path, Ok(()));
                }
                let context = context.make();
                let mut html = Vec::with_capacity(size_hint.max(32 * 1024));
                let rendered = theme.tera.render_to(template, &context, &mut html);
                // a big page's context holds as much again as its HTML: let it go first
                drop(context);
                let result = rendered
                    .map_err(|e| theme.template_error(&e))
                    .and_then(|()| match &assembled {
                        None => sink.write(&path, &html).map(|()| html),
                        Some(assembled) => {
                            let rendered = String::from_utf8_lossy(&html);
                            let whole = assembled.write(&rendered, &path, sink, indexed)?;
                            Ok(whole.unwrap_or_default())
                        }
                    })
                    .and_then(|html| match indexer.filter(|_| indexed) {
                        Some(indexer) => indexer.index_page(&path, &html),
                        None => Ok(()),
                    });
                (path, result)
            });
            pages.collect::<Vec<_>>()
        })
        .collect();
    let mut diagnostics = Vec::new();
    let mut pages = Vec::with_capacity(results.len());
    for (path, result) in results {
        match result {
            Ok(()) => pages.push(path),
            Err(diagnostic) => diagnostics.push(diagnostic),
        }
    }
    (pages, diagnostics)
}

/// Makes a data file of the views.
type WriteData = fn(&Views) -> String;

/// Writes the sitemap, the feed, robots.txt and the data exports: how many files, and problems.
/// The data files are left as they are where `reuse` keeps them.
pub fn write_exports(
    views: &Views,
    page_paths: &[String],
    targets: Targets,
) -> (usize, Vec<Diagnostic>) {
    let config = views.config;
    let sink = targets.sink;
    let mut generated: Vec<(String, Vec<u8>)> = vec![
        (
            "sitemap.xml".into(),
            exports::sitemap(views, page_paths).into_bytes(),
        ),
        ("atom.xml".into(), exports::atom(views).into_bytes()),
        ("robots.txt".into(), exports::robots(views).into_bytes()),
        (".nojekyll".into(), Vec::new()),
    ];
    generated.extend(previews::preview_files(views));
    if let Some(feed) = views.changes_atom() {
        generated.push((open_data::CHANGES_FEED.into(), feed.into_bytes()));
    }
    if let Some(cname) = &config.cname {
        generated.push(("CNAME".into(), format!("{cname}\n").into_bytes()));
    }
    generated.extend(
        diagrams(views)
            .into_iter()
            .map(|(path, svg)| (path.to_owned(), svg.as_bytes().to_vec())),
    );
    let data_files: Vec<(&str, WriteData)> = [
        ("data/timeline.json", exports::timeline_json as WriteData),
        ("data/actors.json", exports::actors_json),
        ("data/sources.json", exports::sources_json),
    ]
    .into_iter()
    .chain(open_data::FILES.iter().map(|file| (file.path, file.write)))
    .collect();
    let data_signature = (views.signatures.as_ref()).map(|s| s.hashes.data_hash(views));
    let data = data_files.into_par_iter().map(|(path, write)| {
        match reuse::reused(targets.reuse, path, data_signature) {
            true => Ok(()),
            false => sink.write(path, write(views).as_bytes()),
        }
    });
    let generated = generated
        .into_par_iter()
        .map(|(path, bytes)| sink.write(&path, &bytes));
    tally(data.chain(generated).collect::<Vec<_>>())
}

/// The diagrams of every page, by output path (named by their content, each once). Written
/// with the exports, so that `serve` has them after every build, as `build` does.
fn diagrams<'v>(views: &'v Views) -> BTreeMap<&'v str, &'v str> {
    (views.linked.dossier.documents.iter())
        .flat_map(|document| &document.body.diagrams)
        .map(|diagram| (diagram.path.as_str(), diagram.svg.as_str()))
        .collect()
}

/// How many writes went well, and the problems of the others.
fn tally(results: impl IntoIterator<Item = Result<(), Diagnostic>>) -> (usize, Vec<Diagnostic>) {
    let mut done = 0;
    let mut diagnostics = Vec::new();
    for result in results {
        match result {
            Ok(()) => done += 1,
            Err(diagnostic) => diagnostics.push(diagnostic),
        }
    }
    (done, diagnostics)
}

/// Copies the theme's static files and the dossier's assets: how many files, and problems.
pub fn copy_files<'t>(
    static_files: impl Iterator<Item = (&'t str, &'t StaticFile)>,
    assets: &[Asset],
    sink: &dyn Destination,
) -> (usize, Vec<Diagnostic>) {
    let static_files: Vec<(&str, &StaticFile)> = static_files.collect();
    let copies: Vec<Result<(), Diagnostic>> = static_files
        .par_iter()
        .map(|(path, file)| match file {
            StaticFile::Embedded(bytes) => sink.write(path, bytes),
            StaticFile::Disk(source) => sink.copy(path, source),
        })
        .chain(
            assets
                .par_iter()
                .map(|asset| sink.copy(&asset.path, &asset.source)),
        )
        .collect();
    tally(copies)
}
