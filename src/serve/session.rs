//! Builds that remember: `serve` keeps what one build read, parsed and rendered, and the next
//! build does again only what a change affects.
//!
//! A change to site.toml, templates/ or static/ starts over. A change in content/ re-reads and
//! re-parses only the changed files. Where it starts from then ([`Start`]):
//! - edits to documents that keep their names and headings: only their references are resolved
//!   again and their part of the link graph swapped (`link::relink`); the last build's views are
//!   kept and remade only where the edits show ([`Views::refresh`]);
//! - edits to documents in their places that rename one: the dossier is linked whole (a name can
//!   change what any link means), the views are kept and remade where a name shows or a reference
//!   leads elsewhere now;
//! - anything else (new, removed or renamed files, timelines, drafts): the dossier is put
//!   together and linked whole, and its views made anew.
//!
//! Then each document's page is rendered again only when something it shows changed: the
//! document itself, or one it lists, links to, embeds or is linked from. What it shows of those
//! is summed up in a *signature*, made of the hashes of their list views and, where a page shows
//! more of them (embeds, citations, relations), of their files. The pages made from the whole
//! dossier (home, indexes, timeline, tags, graph, print page, 404) and the exports follow in a
//! second step; when that step took long last time, the changed documents' pages are published
//! first, over the last site.
//!
//! The result is the same, byte for byte, as a full build (the tests hold it to that).

use std::collections::{HashMap, HashSet};
use std::hash::{Hash as _, Hasher as _};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use rayon::prelude::*;
use xxhash_rust::xxh3::{Xxh3, xxh3_64};

use super::site::{MemorySink, MemorySite};
use crate::build::{BuildFailure, BuildOptions, BuildSummary, Stopwatch};
use crate::config::{CONFIG_FILE, Config};
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::link::{self, Linked, Linker};
use crate::markdown::{Resolved, Slot};
use crate::model::{self, DocId, Document, Dossier, EventId, LoadedFile};
use crate::render::{self, Changed, EventCards, EventView, Job, KeptViews, Remade, Theme, Views};

use crate::source::{self, CONTENT_DIR, RawFile, Section};

/// When publishing the site-wide pages took longer than this, the changed documents' pages are
/// published first.
const PUBLISH_EARLY_AFTER: Duration = Duration::from_millis(30);

/// A series of builds of one dossier into memory.
pub struct Session {
    options: BuildOptions,
    memory: Option<Memory>,
}

/// What the last build left for the next one.
struct Memory {
    config: Config,
    theme: Theme,
    /// The dossier's `static/` files, by output path.
    static_files: Vec<String>,
    /// Every file of content/ in the order a walk found it, as read and parsed.
    files: Vec<(source::FoundFile, ParsedFile)>,
    /// What the last walk warned about.
    walk_problems: Vec<Diagnostic>,
    /// What the last good build leaves for the next.
    last: Option<Last>,
    /// The event cards of the last build that made all views.
    cards: EventCards,
    /// The last good build's document pages.
    pages: DocumentPages,
    /// What the file set and every file's content hashed to, as a whole.
    content_hash: u64,
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
    paths: Vec<String>,
    /// The signature each page was rendered with.
    signatures: Vec<u64>,
}

/// What a good build leaves for the next.
struct Last {
    /// Its dossier, linked.
    linked: Linked,
    /// What putting the dossier together reported.
    assemble_problems: Vec<Diagnostic>,
    /// Its views and their hashes, when the next build can start from them.
    views: Option<(KeptViews, Hashes)>,
}

/// Where a build starts from.
enum Start {
    /// Edits to documents that keep their names and headings: the last build's linked dossier
    /// and views, to be brought up to date.
    Relink {
        last: Box<Last>,
        edits: Vec<(DocId, Document)>,
        views: Box<(KeptViews, Hashes)>,
    },
    /// Edits to documents in their places, some of which changed a name or a heading: the
    /// dossier is linked whole, then the last views are brought up to date where the edits, or
    /// references that lead elsewhere now, show.
    Rename {
        dossier: Dossier,
        assemble_problems: Vec<Diagnostic>,
        edited: Vec<DocId>,
        /// Where every reference led before.
        before: ReferenceHashes,
        views: Box<(KeptViews, Hashes)>,
    },
    /// A dossier to link whole.
    Link {
        dossier: Dossier,
        assemble_problems: Vec<Diagnostic>,
    },
}

/// Per document and per event: where its references lead, hashed.
struct ReferenceHashes {
    documents: Vec<u64>,
    events: Vec<u64>,
}

impl ReferenceHashes {
    fn of(linked: &Linked) -> Self {
        let hash = |write: &dyn Fn(&mut Xxh3)| {
            let mut hasher = Xxh3::new();
            write(&mut hasher);
            hasher.finish()
        };
        let documents = (0..linked.dossier.documents.len())
            .into_par_iter()
            .map(|id| {
                hash(&|h| {
                    for body in linked.dossier.documents[id].bodies() {
                        body.links.hash(h);
                        body.cited.hash(h);
                    }
                    linked.doc_actors[id].hash(h);
                    linked.doc_sources[id].hash(h);
                    linked.relation_targets[id].hash(h);
                    linked.relation_sources[id].hash(h);
                    linked.claim_sources[id].hash(h);
                    linked.claim_events[id].hash(h);
                })
            })
            .collect();
        let events = (0..linked.dossier.events.len())
            .into_par_iter()
            .map(|id| {
                hash(&|h| {
                    if let Some(summary) = &linked.dossier.events[id].summary {
                        summary.links.hash(h);
                        summary.cited.hash(h);
                    }
                    linked.event_actors[id].hash(h);
                    linked.event_sources[id].hash(h);
                })
            })
            .collect();
        ReferenceHashes { documents, events }
    }

    /// What `self` and `now` differ in: the documents and the events.
    fn changed(&self, now: &ReferenceHashes) -> (Vec<DocId>, Vec<EventId>) {
        let differ = |a: &[u64], b: &[u64]| -> Vec<usize> {
            (0..a.len().max(b.len()))
                .filter(|&i| a.get(i) != b.get(i))
                .collect()
        };
        (
            differ(&self.documents, &now.documents),
            differ(&self.events, &now.events),
        )
    }
}

#[derive(Clone)]
struct ParsedFile {
    hash: u64,
    loaded: Option<LoadedFile>,
    diagnostics: Vec<Diagnostic>,
}

impl Session {
    pub fn new(options: BuildOptions) -> Session {
        Session {
            options,
            memory: None,
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
        let starts_over = changed.iter().any(|path| {
            path == Path::new(CONFIG_FILE)
                || path.starts_with(crate::render::theme::TEMPLATES_DIR)
                || path.starts_with(source::STATIC_DIR)
        });
        if starts_over || self.memory.is_none() {
            let previous = self.memory.take();
            self.memory = Some(self.start_over(previous.and_then(|m| m.site))?);
        }
        let Some(memory) = self.memory.as_mut() else {
            unreachable!("memory was just made");
        };
        let mut summary = memory.build(&root, &changed, publish)?;
        summary.elapsed = started.elapsed();
        Ok(summary)
    }

    fn start_over(&self, site: Option<Arc<MemorySite>>) -> Result<Memory, BuildFailure> {
        let root = &self.options.root;
        let config = Config::load(root, &self.options.overrides).map_err(BuildFailure::of)?;
        let theme = Theme::load(root)
            .map_err(|problems| BuildFailure::of(problems.into_iter().chain(config.problems())))?;
        Ok(Memory {
            static_files: source::list_files(&root.join(source::STATIC_DIR)),
            config,
            theme,
            files: Vec::new(),
            walk_problems: Vec::new(),
            last: None,
            cards: EventCards::default(),
            pages: DocumentPages::default(),
            content_hash: 0,
            site,
            site_wide_took: Duration::MAX,
            copy_all: true,
        })
    }
}

impl Memory {
    fn build(
        &mut self,
        root: &Path,
        changed: &[PathBuf],
        publish: &mut dyn FnMut(Arc<MemorySite>),
    ) -> Result<BuildSummary, BuildFailure> {
        let mut stopwatch = Stopwatch::start();
        let mut diagnostics = Diagnostics::default();
        diagnostics.extend(self.config.problems());
        // a walk finds new and removed files; edits to known files need none
        let known = |path: &Path| {
            self.files
                .iter()
                .any(|(file, _)| file.rel.as_os_str() == path.as_os_str())
        };
        let only_edits = !changed.is_empty()
            && changed
                .iter()
                .all(|path| known(path) && root.join(path).is_file());
        let is_stale = |rel: &Path| changed.iter().any(|c| rel.starts_with(c));
        let config = &self.config;
        if only_edits {
            let edited: HashSet<&Path> = changed.iter().map(PathBuf::as_path).collect();
            self.files
                .par_iter_mut()
                .filter(|(file, _)| edited.contains(file.rel.as_path()))
                .for_each(|(file, parsed)| *parsed = parse_file(file.clone(), config));
        } else {
            let (found, problems) = source::walk_content(root);
            let mut previous: HashMap<PathBuf, ParsedFile> = std::mem::take(&mut self.files)
                .into_iter()
                .map(|(file, parsed)| (file.rel, parsed))
                .collect();
            let kept: Vec<Option<ParsedFile>> = found
                .iter()
                .map(|file| match is_stale(&file.rel) {
                    true => None,
                    false => previous.remove(&file.rel),
                })
                .collect();
            self.files = found
                .into_par_iter()
                .zip(kept)
                .map(|(file, kept)| {
                    let parsed = kept.unwrap_or_else(|| parse_file(file.clone(), config));
                    (file, parsed)
                })
                .collect();
            self.walk_problems = problems;
        }
        diagnostics.extend(self.walk_problems.iter().cloned());
        stopwatch.lap("read");

        let mut content = Xxh3::new();
        for (file, parsed) in &self.files {
            content.write(file.rel.as_os_str().as_encoded_bytes());
            content.write_u64(parsed.hash);
            diagnostics.extend(parsed.diagnostics.iter().cloned());
        }
        let content_hash = content.finish();
        let last = self.last.take();
        let start = self.start(last, only_edits, changed);
        stopwatch.lap("assemble");
        let (linked, assemble_problems, problems, kept) = match start {
            Start::Relink {
                mut last,
                edits,
                views,
            } => {
                let edited: Vec<DocId> = edits.iter().map(|(id, _)| *id).collect();
                let problems = link::relink(&mut last.linked, edits, config);
                let changed = Changed {
                    documents: edited,
                    ..Changed::default()
                };
                (
                    last.linked,
                    last.assemble_problems,
                    problems,
                    Some((changed, *views)),
                )
            }
            Start::Rename {
                dossier,
                assemble_problems,
                edited,
                before,
                views,
            } => {
                let (linked, problems) = link::link(dossier, config);
                let (mut documents, events) = before.changed(&ReferenceHashes::of(&linked));
                documents.extend(&edited);
                documents.sort_unstable();
                documents.dedup();
                let changed = Changed {
                    documents,
                    renamed: edited,
                    events,
                };
                (linked, assemble_problems, problems, Some((changed, *views)))
            }
            Start::Link {
                dossier,
                assemble_problems,
            } => {
                let (linked, problems) = link::link(dossier, config);
                (linked, assemble_problems, problems, None)
            }
        };
        diagnostics.extend(assemble_problems.iter().cloned());
        diagnostics.extend(problems);
        stopwatch.lap("link");
        if diagnostics.has_errors() {
            return Err(BuildFailure::of(diagnostics.into_sorted()));
        }
        if let Some(site) = self.site.clone()
            && content_hash == self.content_hash
        {
            // saved without a change: the site stands
            publish(Arc::clone(&site));
            let summary = summary(&linked, &site, diagnostics);
            self.last = Some(Last {
                linked,
                assemble_problems,
                views: kept.map(|(_, views)| views),
            });
            return Ok(summary);
        }

        let file_hashes: HashMap<&Path, u64> = self
            .files
            .iter()
            .map(|(file, parsed)| (file.rel.as_path(), parsed.hash))
            .collect();
        let relinked = kept.is_some();
        let (views, hashes) = match kept {
            Some((changed, (views, hashes))) => {
                let (views, remade) = Views::refresh(&linked, config, &self.theme, views, &changed)
                    .map_err(BuildFailure::of)?;
                stopwatch.lap("views");
                let hashes = hashes.refresh(&views, &file_hashes, &remade);
                (views, hashes)
            }
            None => {
                let mut views = Views::new(&linked, config);
                stopwatch.lap("views");
                views
                    .render_event_cards(&self.theme, Some(&mut self.cards))
                    .map_err(BuildFailure::of)?;
                stopwatch.lap("cards");
                let hashes = Hashes::new(&views, &file_hashes);
                (views, hashes)
            }
        };
        let signatures = Signatures {
            views: &views,
            hashes: &hashes,
        };
        stopwatch.lap("hashes");

        // the documents' own pages: those whose signature changed are rendered again
        let count = views.items.len();
        let home = (0..count).find(|&id| views.document(id).section == Section::Home);
        let fresh_paths: Option<Vec<String>> = (!relinked).then(|| {
            (0..count)
                .into_par_iter()
                .map(|id| match Some(id) == home {
                    true => String::new(),
                    false => views.document_page_path(id),
                })
                .collect()
        });
        let paths: &[String] = fresh_paths.as_deref().unwrap_or(&self.pages.paths);
        let page_signatures: Vec<u64> = (0..count)
            .into_par_iter()
            .map(|id| match Some(id) == home {
                true => 0,
                false => signatures.of_document(id),
            })
            .collect();
        // what each page was rendered with: by place while the documents keep theirs, else by path
        let by_path: HashMap<&str, u64> = match relinked {
            true => HashMap::new(),
            false => self
                .pages
                .paths
                .iter()
                .map(String::as_str)
                .zip(self.pages.signatures.iter().copied())
                .collect(),
        };
        let rendered_with = |id: DocId| match relinked {
            true => self.pages.signatures.get(id).copied(),
            false => by_path.get(paths[id].as_str()).copied(),
        };
        let stale: Vec<Job> = (0..count)
            .filter(|&id| Some(id) != home && rendered_with(id) != Some(page_signatures[id]))
            .map(Job::Document)
            .collect();
        drop(by_path);
        let sink = MemorySink::default();
        let (_, problems) = render::render_pages(&views, &self.theme, stale, &sink);
        diagnostics.extend(problems);
        if let Some(last_site) = &self.site
            && self.site_wide_took > PUBLISH_EARLY_AFTER
        {
            let written = sink.files().into_iter().collect();
            publish(Arc::new(MemorySite::over(written, last_site)));
        }
        stopwatch.lap("pages");

        // the pages made from the whole dossier, the exports, the files copied
        let site_wide = Instant::now();
        let jobs: Vec<Job> = home
            .map(Job::Document)
            .into_iter()
            .chain(Job::SITE_WIDE)
            .collect();
        let (site_wide_pages, problems) = render::render_pages(&views, &self.theme, jobs, &sink);
        diagnostics.extend(problems);
        let document_paths = || {
            paths
                .iter()
                .enumerate()
                .filter(|&(id, _)| Some(id) != home)
                .map(|(_, path)| path)
        };
        let mut page_paths: Vec<String> = site_wide_pages
            .into_iter()
            .map(|(path, _)| path)
            .chain(document_paths().cloned())
            .collect();
        page_paths.sort();
        let (_, problems) = render::write_exports(&views, &page_paths, &sink);
        diagnostics.extend(problems);
        let previous = self.site.clone();
        let copy_all = self.copy_all;
        let static_files = self
            .theme
            .static_files
            .iter()
            .filter(|_| copy_all)
            .map(|(path, file)| (path.as_str(), file));
        let assets: Vec<source::Asset> = linked
            .dossier
            .assets
            .iter()
            .filter(|asset| {
                copy_all
                    || is_stale(Path::new(CONTENT_DIR).join(&asset.path).as_path())
                    || !previous.as_ref().is_some_and(|s| s.contains(&asset.path))
            })
            .cloned()
            .collect();
        let (_, problems) = render::copy_files(static_files, &assets, &sink);
        diagnostics.extend(problems);
        if diagnostics.has_errors() {
            return Err(BuildFailure::of(diagnostics.into_sorted()));
        }
        self.site_wide_took = site_wide.elapsed();

        // the last site's files where this build wrote none: the documents' pages not rendered
        // again, static files and assets not copied again
        let keep: HashSet<&str> = document_paths()
            .map(String::as_str)
            .chain(self.theme.static_files.keys().map(String::as_str))
            .chain(linked.dossier.assets.iter().map(|a| a.path.as_str()))
            .collect();
        let mut files: HashMap<String, Arc<[u8]>> = previous
            .iter()
            .flat_map(|site| site.files())
            .filter(|(path, _)| keep.contains(path.as_str()))
            .map(|(path, bytes)| (path.clone(), Arc::clone(bytes)))
            .collect();
        files.extend(sink.files());
        let site = Arc::new(MemorySite::from_files(files));
        stopwatch.lap("site-wide");
        drop(keep);
        self.pages = DocumentPages {
            paths: fresh_paths.unwrap_or_else(|| std::mem::take(&mut self.pages.paths)),
            signatures: page_signatures,
        };
        self.content_hash = content_hash;
        self.copy_all = false;
        self.site = Some(Arc::clone(&site));
        publish(Arc::clone(&site));
        let mut summary = summary(&linked, &site, diagnostics);
        summary.timings = stopwatch.laps;
        let views = views.keep();
        self.last = Some(Last {
            linked,
            assemble_problems,
            views: Some((views, hashes)),
        });
        Ok(summary)
    }

    /// Where this build starts: from the last one when only documents were edited, each
    /// keeping its place (its path and slug), else from the files.
    fn start(&self, last: Option<Last>, only_edits: bool, changed: &[PathBuf]) -> Start {
        if only_edits
            && let Some(mut last) = last
            && let Some(edits) = self.edited_documents(&last.linked.dossier, changed)
        {
            let documents = &last.linked.dossier.documents;
            let names_kept = edits
                .iter()
                .all(|(id, doc)| link::Names::unchanged_by(&documents[*id], doc));
            let views = last.views.take();
            if names_kept && let Some(views) = views {
                return Start::Relink {
                    last: Box::new(last),
                    edits,
                    views: Box::new(views),
                };
            }
            let before = views.as_ref().map(|_| ReferenceHashes::of(&last.linked));
            let edited: Vec<DocId> = edits.iter().map(|(id, _)| *id).collect();
            let mut dossier = last.linked.dossier;
            for (id, document) in edits {
                dossier.documents[id] = document;
            }
            let assemble_problems = last.assemble_problems;
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
        let loaded = self
            .files
            .iter()
            .filter_map(|(_, p)| p.loaded.clone())
            .collect();
        let (dossier, assemble_problems) =
            model::assemble(loaded, self.static_files.clone(), &self.config);
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
            let (_, parsed) = self
                .files
                .iter()
                .find(|(file, _)| file.rel.as_os_str() == path.as_os_str())?;
            let Some(LoadedFile::Document {
                document,
                draft: false,
            }) = &parsed.loaded
            else {
                return None;
            };
            let id = dossier
                .documents
                .iter()
                .position(|doc| doc.file.as_os_str() == path.as_os_str())?;
            let slot = &dossier.documents[id];
            if (&slot.path_slug, &slot.slug) != (&document.path_slug, &document.slug) {
                return None;
            }
            edits.push((id, (**document).clone()));
        }
        Some(edits)
    }
}

/// How other pages show each document and event, hashed, and the actor network.
struct Hashes {
    /// Per document: the hash of its list view, all that lists and links show of it (it can
    /// depend on other documents' titles).
    items: Vec<u64>,
    /// Per document: the hash of its file, what it says.
    files: Vec<u64>,
    /// Per event: the hash of its view, which carries its actors' and sources' names.
    events: Vec<u64>,
    /// The actor network: every actor page draws its neighbourhood from it.
    network: u64,
}

impl Hashes {
    fn new(views: &Views, file_hashes: &HashMap<&Path, u64>) -> Self {
        let (items, files) = (0..views.items.len())
            .into_par_iter()
            .map(|id| document_hashes(views, file_hashes, id))
            .unzip();
        Hashes {
            items,
            files,
            events: views.events.par_iter().map(event_hash).collect(),
            network: network_hash(views),
        }
    }

    /// The hashes after [`Views::refresh`] remade the views in `remade`.
    fn refresh(
        mut self,
        views: &Views,
        file_hashes: &HashMap<&Path, u64>,
        remade: &Remade,
    ) -> Self {
        for &id in &remade.items {
            (self.items[id], self.files[id]) = document_hashes(views, file_hashes, id);
        }
        for &id in &remade.events {
            self.events[id] = event_hash(&views.events[id]);
        }
        if remade.network {
            self.network = network_hash(views);
        }
        self
    }
}

/// A document's list view and file, hashed.
fn document_hashes(views: &Views, file_hashes: &HashMap<&Path, u64>, id: DocId) -> (u64, u64) {
    let doc = views.document(id);
    let file = file_hashes
        .get(doc.file.as_path())
        .copied()
        .unwrap_or_else(|| xxh3_64(doc.title.as_bytes()));
    let mut hasher = Xxh3::new();
    hash_serialized(&mut hasher, &views.items[id]);
    (hasher.finish(), file)
}

fn event_hash(event: &EventView) -> u64 {
    let mut hasher = Xxh3::new();
    hash_serialized(&mut hasher, event);
    hasher.finish()
}

fn network_hash(views: &Views) -> u64 {
    xxh3_64(format!("{:?}", views.network.graph).as_bytes())
}

/// What a document's page shows of other parts of the dossier, summed up as one hash per page.
struct Signatures<'v> {
    views: &'v Views<'v>,
    hashes: &'v Hashes,
}

impl Signatures<'_> {
    /// The signature of a document's page. Lists and links show other documents' list views;
    /// relations written on other actors, citations and embeds show what their files say.
    fn of_document(&self, id: DocId) -> u64 {
        let linked: &Linked = self.views.linked;
        let (items, files) = (&self.hashes.items, &self.hashes.files);
        let mut h = Xxh3::new();
        let docs = |h: &mut Xxh3, ids: &[DocId]| {
            h.write_usize(ids.len());
            for &id in ids {
                h.write_u64(items[id]);
            }
        };
        let events = |h: &mut Xxh3, ids: &[usize]| {
            h.write_usize(ids.len());
            for &id in ids {
                h.write_u64(self.hashes.events[id]);
            }
        };
        let linkers = |h: &mut Xxh3, linkers: &[Linker]| {
            h.write_usize(linkers.len());
            for linker in linkers {
                match *linker {
                    Linker::Document(id) => h.write_u64(items[id]),
                    Linker::Event(id) => h.write_u64(self.hashes.events[id] ^ 1),
                }
            }
        };
        h.write_u64(items[id]);
        h.write_u64(files[id]);
        linkers(&mut h, &linked.backlinks[id]);
        linkers(&mut h, &linked.cited_by[id]);
        events(&mut h, &linked.actor_events[id]);
        docs(&mut h, &linked.actor_notes[id]);
        docs(&mut h, &linked.doc_actors[id]);
        docs(&mut h, &linked.doc_sources[id]);
        for &(other, index) in &linked.incoming_relations[id] {
            h.write_u64(items[other]);
            h.write_u64(files[other]);
            h.write_usize(index);
            // its sources' chips and the ground they give it (grades, publishers)
            docs(&mut h, &linked.relation_sources[other][index]);
        }
        for target in &linked.relation_targets[id] {
            h.write_u64(target.map_or(0, |t| items[t]));
        }
        for lists in [&linked.relation_sources[id], &linked.claim_sources[id]] {
            for list in lists {
                docs(&mut h, list);
            }
        }
        for list in &linked.claim_events[id] {
            events(&mut h, list);
        }
        self.hash_references(&mut h, id, &mut vec![id]);
        if self.views.document(id).actor.is_some() {
            h.write_u64(self.hashes.network);
        }
        h.finish()
    }

    /// Every document the texts of `id` link to or cite, and, for notes embedded whole, what
    /// they say and link to in turn.
    fn hash_references(&self, h: &mut Xxh3, id: DocId, embedded: &mut Vec<DocId>) {
        let (items, files) = (&self.hashes.items, &self.hashes.files);
        let doc = self.views.document(id);
        for body in doc.bodies() {
            for resolved in &body.links {
                match resolved {
                    Resolved::Document { doc, anchor } => {
                        h.write_u64(items[*doc]);
                        h.write(anchor.as_deref().unwrap_or("").as_bytes());
                    }
                    Resolved::Asset(path) => h.write(path.as_bytes()),
                    Resolved::Broken => h.write_u8(0),
                }
            }
            for resolved in &body.cited {
                match resolved {
                    Resolved::Document { doc, .. } => {
                        h.write_u64(items[*doc]);
                        h.write_u64(files[*doc]);
                    }
                    _ => h.write_u8(0),
                }
            }
            for slot in &body.slots {
                if let Slot::NoteEmbed(reference) = slot
                    && let Some(Resolved::Document { doc, .. }) = body.links.get(*reference)
                    && !embedded.contains(doc)
                {
                    embedded.push(*doc);
                    h.write_u64(files[*doc]);
                    self.hash_references(h, *doc, embedded);
                }
            }
        }
    }
}

/// Feeds a value's JSON into the hasher.
fn hash_serialized(hasher: &mut Xxh3, value: &impl serde::Serialize) {
    struct Feed<'h>(&'h mut Xxh3);
    impl std::io::Write for Feed<'_> {
        fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
            self.0.update(bytes);
            Ok(bytes.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
    // views are plain data: serialising them cannot fail
    let _ = serde_json::to_writer(Feed(hasher), value);
}

fn parse_file(found: source::FoundFile, config: &Config) -> ParsedFile {
    match source::read_file(found) {
        Ok(raw) => {
            let hash = hash_raw(&raw);
            let (loaded, diagnostics) = model::load_file(raw, config);
            ParsedFile {
                hash,
                loaded: Some(loaded),
                diagnostics,
            }
        }
        Err(failure) => ParsedFile {
            hash: 0,
            loaded: failure.note.map(model::unread_file),
            diagnostics: vec![failure.diagnostic],
        },
    }
}

/// What a file says: its text (for a copied file, its path; its bytes are not shown on pages).
fn hash_raw(raw: &RawFile) -> u64 {
    let mut hasher = Xxh3::new();
    match raw {
        RawFile::Document(doc) => {
            if let Some(front_matter) = &doc.front_matter {
                hasher.write(front_matter.text.as_bytes());
            }
            hasher.write_u8(0xff);
            hasher.write(doc.body.as_bytes());
            hasher.write_usize(doc.body_first_line);
        }
        RawFile::Timeline(timeline) => hasher.write(timeline.text.as_bytes()),
        RawFile::Asset(asset) => hasher.write(asset.path.as_bytes()),
    }
    hasher.finish()
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
