//! Builds that remember: `serve` keeps what one build read, parsed and rendered, and the next
//! build does again only what a change affects.
//!
//! A change to site.toml, templates/ or static/ starts over. A change in content/ re-reads and
//! re-parses only the changed files. Where it starts from then ([`Start`]):
//! - edits to documents that keep their names and headings: only their references are resolved
//!   again and their part of the cross-references swapped (`link::relink`); the last build's views are
//!   kept and remade only where the edits show ([`kept_views::refresh`]);
//! - edits to documents in their places that rename one: the dossier is linked whole (a name can
//!   change what any link means), the views are kept and remade where a name shows or a reference
//!   leads elsewhere now;
//! - anything else (new, removed or renamed files, timelines, drafts): the dossier is put
//!   together and linked whole, and its views made anew.
//!
//! Then each document's page is rendered again only when something it reads changed: what
//! each kind of page reads is declared once, in [`crate::render::reads`], and summed up in a
//! *signature* ([`Signatures`]) of the hashes of what it stands for. The pages made from the whole
//! dossier (home, indexes, timeline, tags, graph, print page, 404) and the exports follow in a
//! second step; when that step took long last time, the changed documents' pages are published
//! first, over the last site.
//!
//! The result is the same, byte for byte, as a full build (the tests hold it to that).

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use rayon::prelude::*;

use super::files::{ContentFiles, is_stale};
use super::kept_views::{self, Changed, EventCards};
use super::site::{MemorySink, MemorySite};
use super::start::{GoodBuild, KeptViews, LinkedBuild, Start, link_from};
use super::watch::HEAD_LOG;
use crate::build::{BuildFailure, BuildOptions, BuildSummary, Stopwatch};
use crate::config::{CONFIG_FILE, Config};
use crate::diagnostic::Diagnostics;
use crate::link::{self, Linked};
use crate::model::{self, DocId, Document, Dossier, IdVec, LoadedFile};
use crate::render::reads::Declaration;
use crate::render::signatures::{Hashes, ReferenceHashes, Signatures};
use crate::render::{self, PageGroup, Theme, Views};
use crate::source::{self, CONTENT_DIR, History, Section};

/// When publishing the site-wide pages took longer than this, the changed documents' pages are
/// published first.
const PUBLISH_EARLY_AFTER: Duration = Duration::from_millis(30);

/// A series of builds of one dossier into memory.
pub struct Session {
    options: BuildOptions,
    /// What each page and view reads: what the builds after the first go by.
    declaration: Declaration,
    state: Option<SessionState>,
    /// The history last read, and the commit it was read at: read again when `HEAD` moves.
    history: Option<(String, History)>,
    /// Whether git was asked where `HEAD` stands since the server started.
    head_asked: bool,
}

/// What the last build left for the next one.
struct SessionState {
    config: Config,
    theme: Theme,
    /// The dossier's `static/` files, by output path.
    static_files: Vec<String>,
    /// Every file of content/, as read and parsed.
    files: ContentFiles,
    /// What the last good build leaves for the next.
    good: Option<GoodBuild>,
    /// The event cards of the last build that made all views.
    cards: EventCards,
    /// The last good build's document pages.
    pages: DocumentPages,
    /// What the file set and every file's content hashed to, as a whole, with the history.
    content_hash: u64,
    /// Whether the dossier had a version history when the state was made: every page's footer
    /// links to the changes page then, so a history that comes or goes starts over.
    has_history: bool,
    /// The last good site.
    site: Option<Arc<MemorySite>>,
    /// How long the site-wide pages took last time.
    site_wide_took: Duration,
    /// Whether the next build copies every static file and asset: after starting over.
    copy_all: bool,
}

/// The pages of a build's documents, by document.
#[derive(Default)]
struct DocumentPages {
    /// Output paths; empty for the home page (it is rendered with the site-wide pages).
    paths: IdVec<DocId, String>,
    /// The signature each page was rendered with (none for the home page).
    signatures: IdVec<DocId, Option<u64>>,
}

/// The documents' pages of one build.
struct RenderedDocuments {
    /// Their output paths, when they may have moved since the last build (else they are the
    /// last build's).
    fresh_paths: Option<IdVec<DocId, String>>,
    /// The signature of each page (none for the home page).
    signatures: IdVec<DocId, Option<u64>>,
    /// The home page's document.
    home: Option<DocId>,
}

impl Session {
    pub fn new(options: BuildOptions) -> Session {
        Session::with_declaration(options, Declaration::default())
    }

    /// A session that goes by another declaration of what pages read than the renderer's:
    /// outside [`Session::new`], only for the test that shows every entry of it is needed.
    pub(crate) fn with_declaration(options: BuildOptions, declaration: Declaration) -> Session {
        Session {
            options,
            declaration,
            state: None,
            history: None,
            head_asked: false,
        }
    }

    pub fn options(&self) -> &BuildOptions {
        &self.options
    }

    /// Builds again after `changed` (absolute paths or paths relative to the root; empty for the
    /// first build). `publish` gets the site as it stands, once or twice; the last one is whole.
    /// On errors nothing is published and the last good site stays.
    pub fn rebuild(
        &mut self,
        changed: &[PathBuf],
        publish: &mut dyn FnMut(Arc<MemorySite>),
    ) -> Result<BuildSummary, BuildFailure> {
        let started = Instant::now();
        let root = self.options.root.clone();
        let changed = relative_paths(&root, changed);
        let history = self.history(&root, &changed);
        let starts_over = changed.iter().any(|path| {
            path == Path::new(CONFIG_FILE)
                || path.starts_with(crate::render::theme::TEMPLATES_DIR)
                || path.starts_with(source::STATIC_DIR)
        }) || (self.state.as_ref())
            .is_some_and(|s| s.has_history != history.is_some());
        if starts_over || self.state.is_none() {
            let previous = self.state.take();
            let mut state = self.start_over(previous.and_then(|m| m.site))?;
            state.has_history = history.is_some();
            self.state = Some(state);
        }
        let Some(state) = self.state.as_mut() else {
            unreachable!("the state was just made");
        };
        let mut summary = state.build(&root, &changed, history, &self.declaration, publish)?;
        summary.elapsed = started.elapsed();
        Ok(summary)
    }

    /// The dossier's history: the last one read while `HEAD` stands where it stood then. Where
    /// git's log of `HEAD` is watched, `HEAD` can only have moved when that log was written to,
    /// so git is asked then and at the first build; for a dossier in a folder of a repository,
    /// whose log is not watched, on every build (a commit changes no file under content/); for
    /// a dossier in no repository, only at the first.
    fn history(&mut self, root: &Path, changed: &[PathBuf]) -> Option<History> {
        let watched = root.join(HEAD_LOG).is_file();
        let in_outer_repository = || root.ancestors().skip(1).any(|up| up.join(".git").exists());
        let head_may_have_moved = !self.head_asked
            || changed
                .iter()
                .any(|path| path.as_path() == Path::new(HEAD_LOG))
            || (!watched && in_outer_repository());
        if !head_may_have_moved {
            return self.history.as_ref().map(|(_, history)| history.clone());
        }
        self.head_asked = true;
        let Some(head) = History::head(root) else {
            self.history = None;
            return None;
        };
        match &self.history {
            Some((read_at, history)) if *read_at == head => Some(history.clone()),
            _ => {
                let history = History::read(root)?;
                self.history = Some((head, history.clone()));
                Some(history)
            }
        }
    }

    fn start_over(&self, site: Option<Arc<MemorySite>>) -> Result<SessionState, BuildFailure> {
        let root = &self.options.root;
        let config = Config::load(root, &self.options.overrides).map_err(BuildFailure::of)?;
        let theme = Theme::load(root)
            .map_err(|problems| BuildFailure::of(problems.into_iter().chain(config.problems())))?;
        Ok(SessionState {
            static_files: source::list_files(&root.join(source::STATIC_DIR)),
            config,
            theme,
            files: ContentFiles::default(),
            good: None,
            cards: EventCards::default(),
            pages: DocumentPages::default(),
            content_hash: 0,
            has_history: false,
            site,
            site_wide_took: Duration::MAX,
            copy_all: true,
        })
    }
}

impl SessionState {
    /// One build: read what changed, link, bring the views up to date, render the pages that
    /// read a change, then the site-wide pages, and publish.
    fn build(
        &mut self,
        root: &Path,
        changed: &[PathBuf],
        history: Option<History>,
        declaration: &Declaration,
        publish: &mut dyn FnMut(Arc<MemorySite>),
    ) -> Result<BuildSummary, BuildFailure> {
        let mut stopwatch = Stopwatch::start();
        let (only_edits, mut diagnostics) = self.read_again(root, changed);
        stopwatch.lap("read");

        let content_hash = self.files.content_hash() ^ history_hash(history.as_ref());
        let good = self.good.take();
        let start = self.start(good, only_edits, changed, declaration);
        stopwatch.lap("assemble");
        let LinkedBuild {
            mut linked,
            assemble_problems,
            problems,
            kept,
        } = link_from(start, &self.config, declaration);
        linked.dossier.history = history;
        diagnostics.extend(assemble_problems.iter().cloned());
        diagnostics.extend(problems);
        stopwatch.lap("link");
        if diagnostics.has_errors() {
            return Err(BuildFailure::of(diagnostics.into_sorted()));
        }
        if let Some(site) = self.site.clone()
            && content_hash == self.content_hash
        {
            let unchanged = LinkedBuild {
                linked,
                assemble_problems,
                problems: Vec::new(),
                kept,
            };
            return Ok(self.stand(site, unchanged, diagnostics, publish));
        }

        let relinked = kept.is_some();
        let (views, hashes) = make_views(
            &linked,
            &self.config,
            &self.theme,
            &mut self.cards,
            &self.files,
            kept,
            declaration,
            &mut stopwatch,
        )?;
        let signatures = Signatures {
            views: &views,
            hashes: &hashes,
            declaration,
        };
        stopwatch.lap("hashes");

        let sink = MemorySink::default();
        let documents = self.render_documents(&signatures, relinked, &sink, &mut diagnostics);
        if let Some(last_site) = &self.site
            && self.site_wide_took > PUBLISH_EARLY_AFTER
        {
            let written = sink.files().into_iter().collect();
            publish(Arc::new(MemorySite::over(written, last_site)));
        }
        stopwatch.lap("pages");

        let site_wide = Instant::now();
        let document_paths: Vec<&String> = documents.paths(&self.pages).collect();
        self.render_site_wide(&views, &document_paths, changed, &sink, &mut diagnostics);
        if diagnostics.has_errors() {
            return Err(BuildFailure::of(diagnostics.into_sorted()));
        }
        self.site_wide_took = site_wide.elapsed();
        let site = self.site_over_last(&linked, &document_paths, &sink);
        drop(document_paths);
        stopwatch.lap("site-wide");

        self.pages = DocumentPages {
            paths: (documents.fresh_paths).unwrap_or_else(|| std::mem::take(&mut self.pages.paths)),
            signatures: documents.signatures,
        };
        self.content_hash = content_hash;
        self.copy_all = false;
        self.site = Some(Arc::clone(&site));
        publish(Arc::clone(&site));
        let mut summary = summary(&linked, &site, diagnostics);
        summary.timings = stopwatch.laps;
        let parts = views.into_parts();
        self.good = Some(GoodBuild {
            linked,
            assemble_problems,
            views: Some(KeptViews { parts, hashes }),
        });
        Ok(summary)
    }

    /// Reads the changed files again: whether only documents were edited, and the problems of
    /// site.toml and of every file.
    fn read_again(&mut self, root: &Path, changed: &[PathBuf]) -> (bool, Diagnostics) {
        let mut diagnostics = Diagnostics::default();
        diagnostics.extend(self.config.problems());
        let only_edits = self.files.only_edits(root, changed);
        self.files.read_again(root, changed, &self.config);
        diagnostics.extend(self.files.diagnostics());
        (only_edits, diagnostics)
    }

    /// Files saved without a change: the site stands, published again, and the build is kept
    /// as the last good one.
    fn stand(
        &mut self,
        site: Arc<MemorySite>,
        build: LinkedBuild,
        diagnostics: Diagnostics,
        publish: &mut dyn FnMut(Arc<MemorySite>),
    ) -> BuildSummary {
        publish(Arc::clone(&site));
        let summary = summary(&build.linked, &site, diagnostics);
        self.good = Some(GoodBuild {
            linked: build.linked,
            assemble_problems: build.assemble_problems,
            views: build.kept.map(|(_, views)| views),
        });
        summary
    }

    /// Where this build starts: from the last one when only documents were edited, each
    /// keeping its place (its path and slug), else from the files.
    fn start(
        &self,
        good: Option<GoodBuild>,
        only_edits: bool,
        changed: &[PathBuf],
        declaration: &Declaration,
    ) -> Start {
        if only_edits
            && let Some(mut good) = good
            && let Some(edits) = self.edited_documents(&good.linked.dossier, changed)
        {
            let documents = &good.linked.dossier.documents;
            let names_kept = edits
                .iter()
                .all(|(id, doc)| link::Names::unchanged_by(&documents[*id], doc));
            let views = good.views.take();
            if names_kept && let Some(views) = views {
                return Start::Relink {
                    good: Box::new(good),
                    edits,
                    views: Box::new(views),
                };
            }
            let before = (views.as_ref()).map(|_| ReferenceHashes::of(&good.linked, declaration));
            let edited: Vec<DocId> = edits.iter().map(|(id, _)| *id).collect();
            let mut dossier = good.linked.dossier;
            for (id, document) in edits {
                dossier.documents[id] = document;
            }
            let assemble_problems = good.assemble_problems;
            return match (views, before) {
                (Some(views), Some(before)) => Start::Rename {
                    dossier,
                    assemble_problems,
                    edited,
                    before,
                    views: Box::new(views),
                },
                _ => Start::Link {
                    dossier,
                    assemble_problems,
                },
            };
        }
        let (dossier, assemble_problems) =
            model::assemble(self.files.loaded(), self.static_files.clone(), &self.config);
        Start::Link {
            dossier,
            assemble_problems,
        }
    }

    /// The new contents of the documents of the edited files, by their place in `dossier`:
    /// `None` when an edit does more than change one document's contents (a timeline, a draft,
    /// a broken file, a new slug), which needs the whole dossier put together again.
    fn edited_documents(
        &self,
        dossier: &Dossier,
        changed: &[PathBuf],
    ) -> Option<Vec<(DocId, Document)>> {
        let mut edits = Vec::with_capacity(changed.len());
        for path in changed {
            let parsed = self.files.find(path)?;
            let Some(LoadedFile::Document {
                document,
                draft: false,
            }) = &parsed.loaded
            else {
                return None;
            };
            let id = DocId::new(
                dossier
                    .documents
                    .iter()
                    .position(|doc| doc.file.as_os_str() == path.as_os_str())?,
            );
            let slot = &dossier.documents[id];
            if (&slot.path_slug, &slot.slug) != (&document.path_slug, &document.slug) {
                return None;
            }
            edits.push((id, (**document).clone()));
        }
        Some(edits)
    }

    /// Renders into `sink` the pages of the documents whose signature is not the one their
    /// page was rendered with last time.
    fn render_documents(
        &self,
        signatures: &Signatures,
        relinked: bool,
        sink: &MemorySink,
        diagnostics: &mut Diagnostics,
    ) -> RenderedDocuments {
        let views = signatures.views;
        let home = (views.items.ids()).find(|&id| views.document(id).section == Section::Home);
        // the documents keep their places while relinked; else their paths may have changed
        let fresh_paths: Option<IdVec<DocId, String>> = (!relinked).then(|| {
            views
                .items
                .par_ids()
                .map(|id| match Some(id) == home {
                    true => String::new(),
                    false => views.document_page_path(id),
                })
                .collect()
        });
        let paths = fresh_paths.as_ref().unwrap_or(&self.pages.paths);
        let page_signatures = signatures.of_documents();
        // what each page was rendered with: by place while the documents keep theirs, else by path
        let by_path: HashMap<&str, Option<u64>> = match relinked {
            true => HashMap::new(),
            false => (self.pages.paths.iter().map(String::as_str))
                .zip(self.pages.signatures.iter().copied())
                .collect(),
        };
        let rendered_with = |id: DocId| match relinked {
            true => self.pages.signatures.get(id).copied().flatten(),
            false => by_path.get(paths[id].as_str()).copied().flatten(),
        };
        let stale: Vec<PageGroup> = (views.items.ids())
            .filter(|&id| Some(id) != home && rendered_with(id) != page_signatures[id])
            .map(PageGroup::Document)
            .collect();
        let (_, problems) =
            render::render_pages(views, &self.theme, stale, render::Targets::sink(sink));
        diagnostics.extend(problems);
        RenderedDocuments {
            fresh_paths,
            signatures: page_signatures,
            home,
        }
    }

    /// Renders the pages made from the whole dossier and the exports, and copies the static
    /// files and assets that changed (all of them after starting over).
    fn render_site_wide(
        &self,
        views: &Views,
        document_paths: &[&String],
        changed: &[PathBuf],
        sink: &MemorySink,
        diagnostics: &mut Diagnostics,
    ) {
        let groups = PageGroup::site_wide(views);
        let others: Vec<String> = document_paths.iter().map(|p| (*p).clone()).collect();
        let (_, problems) = render::render_with_exports(
            views,
            &self.theme,
            groups,
            &others,
            render::Targets::sink(sink),
        );
        diagnostics.extend(problems);
        let copy_all = self.copy_all;
        let static_files = (self.theme.static_files.iter())
            .filter(|_| copy_all)
            .map(|(path, file)| (path.as_str(), file));
        let previous = self.site.as_ref();
        let assets: Vec<source::Asset> = (views.linked.dossier.assets.iter())
            .filter(|asset| {
                copy_all
                    || is_stale(changed, Path::new(CONTENT_DIR).join(&asset.path).as_path())
                    || !previous.is_some_and(|s| s.contains(&asset.path))
            })
            .cloned()
            .collect();
        let (_, problems) = render::copy_files(static_files, &assets, sink);
        diagnostics.extend(problems);
    }

    /// The site: what this build wrote, over the last site's files where it wrote none (the
    /// documents' pages not rendered again, static files and assets not copied again).
    fn site_over_last(
        &self,
        linked: &Linked,
        document_paths: &[&String],
        sink: &MemorySink,
    ) -> Arc<MemorySite> {
        let keep: HashSet<&str> = (document_paths.iter().map(|p| p.as_str()))
            .chain(self.theme.static_files.keys().map(String::as_str))
            .chain(linked.dossier.assets.iter().map(|a| a.path.as_str()))
            .collect();
        let mut files: HashMap<String, Arc<[u8]>> = (self.site.iter())
            .flat_map(|site| site.files())
            .filter(|(path, _)| keep.contains(path.as_str()))
            .map(|(path, bytes)| (path.clone(), Arc::clone(bytes)))
            .collect();
        files.extend(sink.files());
        Arc::new(MemorySite::from_files(files))
    }
}

impl RenderedDocuments {
    /// The output paths of the documents' pages, the home page aside.
    fn paths<'p>(&'p self, last: &'p DocumentPages) -> impl Iterator<Item = &'p String> + 'p {
        let paths = self.fresh_paths.as_ref().unwrap_or(&last.paths);
        let home = self.home;
        (paths.iter_with_ids())
            .filter(move |&(id, _)| Some(id) != home)
            .map(|(_, path)| path)
    }
}

/// The views of `linked` and their hashes: the kept ones brought up to date, or all made
/// (their event cards taken from `cards` where they show the same).
#[allow(clippy::too_many_arguments)]
fn make_views<'l>(
    linked: &'l Linked,
    config: &'l Config,
    theme: &Theme,
    cards: &mut EventCards,
    files: &ContentFiles,
    kept: Option<(Changed, KeptViews)>,
    declaration: &Declaration,
    stopwatch: &mut Stopwatch,
) -> Result<(Views<'l>, Hashes), BuildFailure> {
    let file_hashes = files.hashes();
    let file_hashes = |path: &Path| file_hashes.get(path).copied();
    Ok(match kept {
        Some((changed, kept)) => {
            let (views, remade) =
                kept_views::refresh(linked, config, theme, kept.parts, &changed, declaration)
                    .map_err(BuildFailure::of)?;
            stopwatch.lap("views");
            let hashes = kept.hashes.refresh(
                &views,
                &file_hashes,
                (&remade.items, &remade.events, remade.network),
            );
            (views, hashes)
        }
        None => {
            let mut views = Views::new(linked, config);
            stopwatch.lap("views");
            cards.render(&mut views, theme).map_err(BuildFailure::of)?;
            stopwatch.lap("cards");
            let hashes = Hashes::new(&views, &file_hashes);
            (views, hashes)
        }
    })
}

/// `changed` relative to the dossier root; paths outside it are left out.
fn relative_paths(root: &Path, changed: &[PathBuf]) -> Vec<PathBuf> {
    let canonical = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
    changed
        .iter()
        .filter_map(|path| {
            if path.is_relative() {
                return Some(path.clone());
            }
            path.strip_prefix(&canonical)
                .or_else(|_| path.strip_prefix(root))
                .ok()
                .map(Path::to_path_buf)
        })
        .collect()
}

fn summary(linked: &Linked, site: &MemorySite, diagnostics: Diagnostics) -> BuildSummary {
    let paths = site.paths();
    BuildSummary {
        pages: paths.iter().filter(|p| p.ends_with(".html")).count(),
        files: paths.len(),
        warnings: diagnostics.into_sorted(),
        ..BuildSummary::counting(&linked.dossier)
    }
}

/// The history, hashed: a commit makes a build that changed no file differ from the last.
fn history_hash(history: Option<&History>) -> u64 {
    use std::hash::{Hash as _, Hasher as _};
    let mut hasher = xxhash_rust::xxh3::Xxh3::new();
    history.hash(&mut hasher);
    hasher.finish()
}
