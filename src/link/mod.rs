//! Resolves every reference of the dossier (wikilinks, file links, embeds, citations, actors,
//! sources, relations, claim evidence) and builds the graph pages are made from: backlinks,
//! citations, each actor's events and notes, tags. Every broken reference is reported.

mod names;

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use rayon::prelude::*;

use crate::config::Config;
use crate::diagnostic::Diagnostic;
use crate::markdown::{ParsedBody, ReferenceKind, Resolved};
use crate::model::{DocId, Document, Dossier, EventId};
use crate::slug::slugify;

pub use names::{Miss, Names};

/// Something that links to a page.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Linker {
    Document(DocId),
    Event(EventId),
}

/// A tag and everything carrying it.
#[derive(Debug, Clone, Default)]
pub struct Tag {
    pub name: String,
    pub slug: String,
    pub documents: Vec<DocId>,
    pub events: Vec<EventId>,
}

/// The dossier with every reference resolved, and the graph between its parts.
#[derive(Debug, Default)]
pub struct Linked {
    pub dossier: Dossier,
    /// Per document: the notes and events whose text links to it.
    pub backlinks: Vec<Vec<Linker>>,
    /// Per document (sources): who cites it or rests on it.
    pub cited_by: Vec<Vec<Linker>>,
    /// Per document (actors): the events naming it.
    pub actor_events: Vec<Vec<EventId>>,
    /// Per document (actors): the notes naming it in `actors:`.
    pub actor_notes: Vec<Vec<DocId>>,
    /// Per document (actors): relations written on other actors that point here, as
    /// (the other actor, index of the relation there).
    pub incoming_relations: Vec<Vec<(DocId, usize)>>,
    /// Per document: the resolved `actors:` list.
    pub doc_actors: Vec<Vec<DocId>>,
    /// Per document: the resolved `sources:` list.
    pub doc_sources: Vec<Vec<DocId>>,
    /// Per event: resolved actors and sources.
    pub event_actors: Vec<Vec<DocId>>,
    pub event_sources: Vec<Vec<DocId>>,
    /// Per document (actors), per relation: the target actor.
    pub relation_targets: Vec<Vec<Option<DocId>>>,
    /// Per document, per relation or claim: resolved source and event lists.
    pub relation_sources: Vec<Vec<Vec<DocId>>>,
    pub claim_sources: Vec<Vec<Vec<DocId>>>,
    pub claim_events: Vec<Vec<Vec<EventId>>>,
    /// By tag slug.
    pub tags: BTreeMap<String, Tag>,
}

/// Where a text with references lives: its document (for `[[#heading]]`) and its folder under
/// content/ (for relative links).
pub struct Origin {
    pub doc: Option<DocId>,
    pub folder: Vec<String>,
}

impl Origin {
    fn of_document(id: DocId, doc: &Document) -> Self {
        let parts: Vec<String> = doc
            .file
            .iter()
            .map(|p| p.to_string_lossy().into_owned())
            .collect();
        let folder = parts
            .get(1..parts.len().saturating_sub(1))
            .map(<[String]>::to_vec)
            .unwrap_or_default();
        Origin {
            doc: Some(id),
            folder,
        }
    }
}

/// What a reference is looked up by, and where its diagnostics point.
struct Site<'a> {
    file: &'a Path,
    /// The text the offsets count in, and its first line in the file; `None` points at `line`.
    text: Option<(&'a str, usize)>,
    line: usize,
}

impl Site<'_> {
    fn diagnostic(&self, diagnostic: Diagnostic, offset: usize) -> Diagnostic {
        let diagnostic = diagnostic.in_file(self.file);
        match self.text {
            Some((text, first_line)) => diagnostic.at_offset(text, offset, first_line),
            None => diagnostic.at(self.line, 0),
        }
    }
}

/// Resolves everything; the dossier comes back with every [`ParsedBody`]'s links filled in.
pub fn link(mut dossier: Dossier, config: &Config) -> (Linked, Vec<Diagnostic>) {
    let mut diagnostics = Vec::new();
    let doc_count = dossier.documents.len();
    let mut resolved_docs: Vec<Vec<ResolvedText>> = Vec::with_capacity(doc_count);
    let mut resolved_events: Vec<Option<(Vec<Resolved>, Vec<Resolved>)>> = Vec::new();
    let mut linked = Linked::default();
    {
        let names = Names::new(&dossier);
        // each document on its own, in parallel; problems in document order
        let per_document: Vec<(Vec<ResolvedText>, Vec<Diagnostic>)> = dossier
            .documents
            .par_iter()
            .enumerate()
            .map(|(id, doc)| {
                let mut diagnostics = Vec::new();
                let resolved = resolve_document(id, doc, &names, config, &mut diagnostics);
                (resolved, diagnostics)
            })
            .collect();
        for (resolved, problems) in per_document {
            resolved_docs.push(resolved);
            diagnostics.extend(problems);
        }
        let timeline = Origin {
            doc: None,
            folder: vec!["timeline".to_owned()],
        };
        for event in &dossier.events {
            let resolved = event.summary.as_ref().map(|summary| {
                let site = Site {
                    file: &event.file,
                    text: None,
                    line: event.yaml.line_of("summary", None),
                };
                resolve_body(summary, &timeline, &site, &names, config, &mut diagnostics)
            });
            resolved_events.push(resolved);
        }
        resolve_front_matter(&dossier, &names, &mut linked, &mut diagnostics);
    }
    for (doc, resolved) in dossier.documents.iter_mut().zip(resolved_docs) {
        for (body, (links, cited)) in doc.bodies_mut().zip(resolved) {
            body.links = links;
            body.cited = cited;
        }
    }
    for (event, resolved) in dossier.events.iter_mut().zip(resolved_events) {
        if let (Some(summary), Some((links, cited))) = (event.summary.as_mut(), resolved) {
            summary.links = links;
            summary.cited = cited;
        }
    }
    diagnostics.extend(check_embed_cycles(&dossier));
    build_graph(&dossier, &mut linked);
    linked.dossier = dossier;
    (linked, diagnostics)
}

/// Where the links and the citations of one text lead.
type ResolvedText = (Vec<Resolved>, Vec<Resolved>);

/// Resolves the references in every text of one document: per text, its links and citations.
fn resolve_document(
    id: DocId,
    doc: &Document,
    names: &Names,
    config: &Config,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<ResolvedText> {
    let origin = Origin::of_document(id, doc);
    let mut per_body = Vec::new();
    let mut resolve = |body: &ParsedBody, site: &Site| {
        per_body.push(resolve_body(
            body,
            &origin,
            site,
            names,
            config,
            diagnostics,
        ));
    };
    let at_line = |line: usize| Site {
        file: &doc.file,
        text: None,
        line,
    };
    let body_site = Site {
        file: &doc.file,
        text: Some((&doc.body_text, doc.body_first_line)),
        line: 0,
    };
    resolve(&doc.body, &body_site);
    if let Some(summary) = &doc.summary {
        resolve(summary, &at_line(doc.front_matter.line_of("summary", None)));
    }
    if let Some(actor) = &doc.actor {
        for relation in &actor.relations {
            if let Some(note) = &relation.note {
                resolve(note, &at_line(relation.line));
            }
        }
    }
    if let Some(source) = &doc.source {
        for claim in &source.claims {
            let site = at_line(claim.line);
            resolve(&claim.text, &site);
            if let Some(note) = &claim.note {
                resolve(note, &site);
            }
        }
    }
    per_body
}

fn resolve_body(
    body: &ParsedBody,
    from: &Origin,
    site: &Site,
    names: &Names,
    config: &Config,
    diagnostics: &mut Vec<Diagnostic>,
) -> (Vec<Resolved>, Vec<Resolved>) {
    let mut broken = |message: String, hint: Option<String>, offset: usize| {
        if let Some(diagnostic) = config.broken_links.diagnostic(message) {
            diagnostics.push(site.diagnostic(diagnostic.with_optional_hint(hint), offset));
        }
        Resolved::Broken
    };
    let mut links = Vec::with_capacity(body.references.len());
    for reference in &body.references {
        let written = match &reference.fragment {
            Some(fragment) => format!("{}#{fragment}", reference.target),
            None => reference.target.clone(),
        };
        let resolved = match reference.kind {
            ReferenceKind::ImageEmbed => match names.resolve_image(&reference.target) {
                Ok(path) => Resolved::Asset(path),
                Err(miss) => {
                    let (message, hint) = describe_miss("image", &written, miss);
                    broken(message, hint, reference.offset)
                }
            },
            ReferenceKind::AssetFile => {
                match names.resolve_asset_link(&from.folder, &reference.target) {
                    Some(path) => Resolved::Asset(path),
                    None => broken(
                        format!(
                            "broken link: no file `{}` next to this note",
                            reference.target
                        ),
                        Some("put the file in content/ beside the note, or fix the path".into()),
                        reference.offset,
                    ),
                }
            }
            ReferenceKind::WikiLink | ReferenceKind::NoteEmbed | ReferenceKind::NoteFile => {
                let found = match (reference.kind, from.doc) {
                    (ReferenceKind::NoteFile, _) => {
                        names.resolve_file_link(&from.folder, &reference.target)
                    }
                    // `[[#Abschnitt]]` links within the same note
                    (_, Some(doc)) if reference.target.is_empty() => Ok(doc),
                    _ => names.resolve_note(&reference.target),
                };
                match found {
                    Ok(doc) => match &reference.fragment {
                        None => Resolved::Document { doc, anchor: None },
                        Some(fragment) => match names.resolve_anchor(doc, fragment) {
                            Ok(anchor) => Resolved::Document {
                                doc,
                                anchor: Some(anchor),
                            },
                            Err(Miss::NotFound { hint }) => broken(
                                format!(
                                    "broken link `{written}`: no heading `{fragment}` in that note"
                                ),
                                hint,
                                reference.offset,
                            ),
                            Err(_) => Resolved::Document { doc, anchor: None },
                        },
                    },
                    Err(miss) => {
                        let (message, hint) = describe_miss("link", &written, miss);
                        broken(message, hint, reference.offset)
                    }
                }
            }
        };
        links.push(resolved);
    }
    let mut cited = Vec::with_capacity(body.citations.len());
    for citation in &body.citations {
        cited.push(match names.resolve_source(&citation.source_id) {
            Ok(doc) => Resolved::Document { doc, anchor: None },
            Err(miss) => {
                let (message, hint) =
                    describe_miss("citation", &format!("@{}", citation.source_id), miss);
                broken(message, hint, citation.offset)
            }
        });
    }
    (links, cited)
}

/// The message and hint for a name that did not resolve.
pub fn describe_miss(what: &str, written: &str, miss: Miss) -> (String, Option<String>) {
    match miss {
        Miss::NotFound { hint } => (
            format!("broken {what} `{written}`: nothing has that name"),
            hint,
        ),
        Miss::Ambiguous { candidates } => {
            let list: Vec<String> = candidates.iter().map(|c| format!("`{c}`")).collect();
            (
                format!(
                    "ambiguous {what} `{written}`: it matches {}",
                    list.join(" and ")
                ),
                Some(format!("write the full path, e.g. `[[{}]]`", candidates[0])),
            )
        }
        Miss::Draft { file } => (
            format!("broken {what} `{written}`: it is a draft ({file})"),
            Some("remove `draft: true` from it, or build with --drafts".into()),
        ),
    }
}

/// Resolves every name of a front-matter list; the ones that do not resolve are reported.
fn resolve_list(
    written: &[String],
    resolve: impl Fn(&str) -> Result<usize, Miss>,
    mut report: impl FnMut(&str, Miss),
) -> Vec<usize> {
    let mut found = Vec::with_capacity(written.len());
    for name in written {
        match resolve(name) {
            Ok(id) => found.push(id),
            Err(miss) => report(name, miss),
        }
    }
    found
}

/// The `actors:` and `sources:` lists of a note or an event, each name reported at its line.
fn named_lists(
    names: &Names,
    actors: &[String],
    sources: &[String],
    yaml: &crate::model::FrontMatterText,
    mut report: impl FnMut(usize, &str, &str, Miss),
) -> (Vec<DocId>, Vec<DocId>) {
    let actors = resolve_list(
        actors,
        |s| names.resolve_actor(s),
        |s, miss| report(yaml.line_of("actors", Some(s)), "actor", s, miss),
    );
    let sources = resolve_list(
        sources,
        |s| names.resolve_source(s),
        |s, miss| report(yaml.line_of("sources", Some(s)), "source", s, miss),
    );
    (actors, sources)
}

/// `actors:`, `sources:`, relations and claims: these always have to resolve.
fn resolve_front_matter(
    dossier: &Dossier,
    names: &Names,
    linked: &mut Linked,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let mut report = |file: &Path, line: usize, what: &str, written: &str, miss: Miss| {
        let (message, hint) = match miss {
            Miss::NotFound { hint } => (format!("unknown {what} `{written}`"), hint),
            other => describe_miss(what, written, other),
        };
        diagnostics.push(
            Diagnostic::error(message)
                .in_file(file)
                .at(line, 0)
                .with_optional_hint(hint),
        );
    };
    let actor = |s: &str| names.resolve_actor(s);
    let source = |s: &str| names.resolve_source(s);
    let event = |s: &str| names.resolve_event(s);
    for doc in &dossier.documents {
        let fm = &doc.front_matter;
        let file = doc.file.as_path();
        let (actors, sources) = named_lists(
            names,
            &doc.actors,
            &doc.sources,
            fm,
            |line, what, s, miss| report(file, line, what, s, miss),
        );
        linked.doc_actors.push(actors);
        linked.doc_sources.push(sources);

        let (mut targets, mut relation_sources) = (Vec::new(), Vec::new());
        for relation in doc.actor.iter().flat_map(|a| &a.relations) {
            let line = relation.line;
            let target = resolve_list(std::slice::from_ref(&relation.to), actor, |s, miss| {
                report(file, line, "actor in relation", s, miss)
            });
            targets.push(target.first().copied());
            relation_sources.push(resolve_list(&relation.sources, source, |s, miss| {
                report(file, line, "source", s, miss)
            }));
        }
        linked.relation_targets.push(targets);
        linked.relation_sources.push(relation_sources);

        let (mut claim_sources, mut claim_events) = (Vec::new(), Vec::new());
        for claim in doc.source.iter().flat_map(|s| &s.claims) {
            let line = claim.line;
            claim_sources.push(resolve_list(&claim.sources, source, |s, miss| {
                report(file, line, "source in claim", s, miss)
            }));
            claim_events.push(resolve_list(&claim.events, event, |s, miss| {
                report(file, line, "event in claim", s, miss)
            }));
        }
        linked.claim_sources.push(claim_sources);
        linked.claim_events.push(claim_events);
    }
    for event in &dossier.events {
        let (file, yaml) = (event.file.as_path(), &event.yaml);
        let (actors, sources) = named_lists(
            names,
            &event.actors,
            &event.sources,
            yaml,
            |line, what, s, miss| report(file, line, what, s, miss),
        );
        linked.event_actors.push(actors);
        linked.event_sources.push(sources);
    }
}

/// `![[A]]` in B and `![[B]]` in A would embed forever.
fn check_embed_cycles(dossier: &Dossier) -> Vec<Diagnostic> {
    let embeds: Vec<Vec<DocId>> = dossier
        .documents
        .iter()
        .map(|doc| {
            doc.body
                .references
                .iter()
                .zip(&doc.body.links)
                .filter(|(r, _)| r.kind == ReferenceKind::NoteEmbed)
                .filter_map(|(_, resolved)| match resolved {
                    Resolved::Document { doc, .. } => Some(*doc),
                    _ => None,
                })
                .collect()
        })
        .collect();
    let mut diagnostics = Vec::new();
    // 0 = unvisited, 1 = on the current path, 2 = done
    let mut state = vec![0u8; embeds.len()];
    fn visit(
        node: DocId,
        embeds: &[Vec<DocId>],
        state: &mut [u8],
        path: &mut Vec<DocId>,
    ) -> Option<Vec<DocId>> {
        state[node] = 1;
        path.push(node);
        for &next in &embeds[node] {
            if state[next] == 1 {
                let start = path.iter().position(|&n| n == next).unwrap_or(0);
                return Some(path[start..].to_vec());
            }
            if state[next] == 0
                && let Some(cycle) = visit(next, embeds, state, path)
            {
                return Some(cycle);
            }
        }
        path.pop();
        state[node] = 2;
        None
    }
    for start in 0..embeds.len() {
        if state[start] != 0 {
            continue;
        }
        let mut path = Vec::new();
        if let Some(cycle) = visit(start, &embeds, &mut state, &mut path) {
            let first = &dossier.documents[cycle[0]];
            let chain: Vec<String> = cycle
                .iter()
                .chain(cycle.first())
                .map(|&d| dossier.documents[d].title.clone())
                .collect();
            diagnostics.push(
                Diagnostic::error(format!("embed cycle: {}", chain.join(" → ")))
                    .in_file(&first.file)
                    .with_hint("a note cannot embed itself, directly or through others; link instead of embedding"),
            );
            for node in cycle {
                state[node] = 2;
            }
        }
    }
    diagnostics
}

fn build_graph(dossier: &Dossier, linked: &mut Linked) {
    let count = dossier.documents.len();
    let mut backlinks: Vec<BTreeSet<Linker>> = vec![BTreeSet::new(); count];
    let mut cited_by: Vec<BTreeSet<Linker>> = vec![BTreeSet::new(); count];
    let mut actor_events: Vec<Vec<EventId>> = vec![Vec::new(); count];
    let mut actor_notes: Vec<BTreeSet<DocId>> = vec![BTreeSet::new(); count];
    let mut incoming: Vec<Vec<(DocId, usize)>> = vec![Vec::new(); count];

    let link_from = |linker: Linker,
                     body: &ParsedBody,
                     backlinks: &mut Vec<BTreeSet<Linker>>,
                     cited_by: &mut Vec<BTreeSet<Linker>>| {
        for resolved in &body.links {
            if let Resolved::Document { doc, .. } = resolved
                && Linker::Document(*doc) != linker
            {
                backlinks[*doc].insert(linker);
            }
        }
        for resolved in &body.cited {
            if let Resolved::Document { doc, .. } = resolved {
                cited_by[*doc].insert(linker);
            }
        }
    };
    for (id, doc) in dossier.documents.iter().enumerate() {
        for body in doc.bodies() {
            link_from(Linker::Document(id), body, &mut backlinks, &mut cited_by);
        }
        for &source in &linked.doc_sources[id] {
            cited_by[source].insert(Linker::Document(id));
        }
        for &actor in &linked.doc_actors[id] {
            if actor != id {
                actor_notes[actor].insert(id);
            }
        }
        for (index, target) in linked.relation_targets[id].iter().enumerate() {
            if let Some(target) = target {
                incoming[*target].push((id, index));
            }
        }
        for sources in linked.relation_sources[id]
            .iter()
            .chain(&linked.claim_sources[id])
        {
            for &source in sources {
                if source != id {
                    cited_by[source].insert(Linker::Document(id));
                }
            }
        }
    }
    for (id, event) in dossier.events.iter().enumerate() {
        if let Some(summary) = &event.summary {
            link_from(Linker::Event(id), summary, &mut backlinks, &mut cited_by);
        }
        for &actor in &linked.event_actors[id] {
            actor_events[actor].push(id);
        }
        for &source in &linked.event_sources[id] {
            cited_by[source].insert(Linker::Event(id));
        }
    }

    let mut tags: BTreeMap<String, Tag> = BTreeMap::new();
    let mut tag = |name: &str| -> Option<String> {
        let slug = slugify(name);
        if slug.is_empty() {
            return None;
        }
        tags.entry(slug.clone()).or_insert_with(|| Tag {
            name: name.trim().to_owned(),
            slug: slug.clone(),
            ..Tag::default()
        });
        Some(slug)
    };
    let mut doc_tags = Vec::new();
    for (id, doc) in dossier.documents.iter().enumerate() {
        for name in &doc.tags {
            if let Some(slug) = tag(name) {
                doc_tags.push((slug, Linker::Document(id)));
            }
        }
    }
    for (id, event) in dossier.events.iter().enumerate() {
        for name in &event.tags {
            if let Some(slug) = tag(name) {
                doc_tags.push((slug, Linker::Event(id)));
            }
        }
    }
    for (slug, linker) in doc_tags {
        if let Some(tag) = tags.get_mut(&slug) {
            match linker {
                Linker::Document(id) if !tag.documents.contains(&id) => tag.documents.push(id),
                Linker::Event(id) if !tag.events.contains(&id) => tag.events.push(id),
                _ => {}
            }
        }
    }

    linked.backlinks = backlinks
        .into_iter()
        .map(|s| s.into_iter().collect())
        .collect();
    linked.cited_by = cited_by
        .into_iter()
        .map(|s| s.into_iter().collect())
        .collect();
    linked.actor_events = actor_events;
    linked.actor_notes = actor_notes
        .into_iter()
        .map(|s| s.into_iter().collect())
        .collect();
    linked.incoming_relations = incoming;
    linked.tags = tags;
}
