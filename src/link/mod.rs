//! Resolves every reference of the dossier (wikilinks, file links, embeds, citations, actors,
//! sources, relations, claim evidence) and builds the cross-references pages are made from: backlinks,
//! citations, each actor's events and notes, tags. Every broken reference is reported.

mod embeds;
mod evidence;
mod names;
mod references;

use std::collections::BTreeMap;
use std::path::Path;

use rayon::prelude::*;

use crate::config::Config;
use crate::diagnostic::Diagnostic;
use crate::markdown::{ParsedBody, Reference, ReferenceKind, Resolved};
use crate::model::{DocId, Document, Dossier, EventId, IdVec, SourceRef};

use embeds::{check_embed_cycles, embeds_notes};
pub use evidence::{Ground, Statement, check_ground};
pub use names::{Miss, Names};
use references::{Contributions, build_references, gather_tags};

/// Something that links to a page.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Referrer {
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

/// The dossier with every reference resolved, and who refers to whom between its parts.
#[derive(Debug, Default)]
pub struct Linked {
    pub dossier: Dossier,
    /// Per document: what its lists resolved to, and who refers to it.
    pub doc_refs: IdVec<DocId, DocumentRefs>,
    /// Per event: what its lists resolved to.
    pub event_refs: IdVec<EventId, EventRefs>,
    /// By tag slug.
    pub tags: BTreeMap<String, Tag>,
    /// Every name things were looked up by.
    pub names: Names,
    problems: Problems,
}

/// One document's references: its own lists resolved, and the documents and events that
/// refer to it.
#[derive(Debug, Clone, Default)]
pub struct DocumentRefs {
    /// The resolved `actors:` list.
    pub actors: Vec<DocId>,
    /// The resolved `sources:` list.
    pub sources: Vec<DocId>,
    /// Actors: per relation, the target actor.
    pub relation_targets: Vec<Option<DocId>>,
    /// Actors: per relation, the sources it rests on.
    pub relation_sources: Vec<Vec<DocId>>,
    /// Sources: per claim, the sources and the events it rests on.
    pub claim_sources: Vec<Vec<DocId>>,
    pub claim_events: Vec<Vec<EventId>>,
    /// The notes and events whose text links to it.
    pub backlinks: Vec<Referrer>,
    /// Sources: who cites it or rests on it.
    pub cited_by: Vec<Referrer>,
    /// Actors: the events naming it.
    pub actor_events: Vec<EventId>,
    /// Actors: the notes naming it in `actors:`.
    pub actor_notes: Vec<DocId>,
    /// Actors: relations written on other actors that point here, as (the other actor, index
    /// of the relation there).
    pub incoming_relations: Vec<(DocId, usize)>,
}

/// One event's lists, resolved.
#[derive(Debug, Clone, Default)]
pub struct EventRefs {
    pub actors: Vec<DocId>,
    pub sources: Vec<DocId>,
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
struct Place<'a> {
    file: &'a Path,
    /// The text the offsets count in, and its first line in the file; `None` points at `line`.
    text: Option<(&'a str, usize)>,
    line: usize,
}

impl Place<'_> {
    fn diagnostic(&self, diagnostic: Diagnostic, offset: usize) -> Diagnostic {
        let diagnostic = diagnostic.in_file(self.file);
        match self.text {
            Some((text, first_line)) => diagnostic.at_offset(text, offset, first_line),
            None => diagnostic.at(self.line, 0),
        }
    }
}

/// What linking reported, kept per document so that linking again after an edit replaces only
/// the edited documents' problems.
#[derive(Debug, Default)]
struct Problems {
    documents: Vec<Vec<Diagnostic>>,
    events: Vec<Diagnostic>,
    embed_cycles: Vec<Diagnostic>,
}

impl Problems {
    fn all(&self) -> Vec<Diagnostic> {
        self.documents
            .iter()
            .flatten()
            .chain(&self.events)
            .chain(&self.embed_cycles)
            .cloned()
            .collect()
    }
}

/// The looked-up names and the documents they lead to: what every text is resolved with.
struct Resolver<'a> {
    names: &'a Names,
    documents: &'a IdVec<DocId, Document>,
    config: &'a Config,
}

/// Everything one document's references and front-matter lists resolved to.
struct DocumentLinks {
    /// Per text of the document ([`Document::bodies`]): its links and citations.
    texts: Vec<ResolvedText>,
    actors: Vec<DocId>,
    sources: Vec<DocId>,
    relation_targets: Vec<Option<DocId>>,
    relation_sources: Vec<Vec<DocId>>,
    claim_sources: Vec<Vec<DocId>>,
    claim_events: Vec<Vec<EventId>>,
    problems: Vec<Diagnostic>,
}

/// Resolves everything; the dossier comes back with every [`ParsedBody`]'s links filled in.
pub fn link(dossier: Dossier, config: &Config) -> (Linked, Vec<Diagnostic>) {
    let names = Names::new(&dossier);
    let per_document: Vec<DocumentLinks> = {
        let resolver = Resolver {
            names: &names,
            documents: &dossier.documents,
            config,
        };
        dossier
            .documents
            .par_iter_with_ids()
            .map(|(id, doc)| link_document(id, doc, &resolver))
            .collect()
    };
    let mut linked = Linked {
        dossier,
        names,
        ..Linked::default()
    };
    for links in per_document {
        let id = linked.doc_refs.push(DocumentRefs::default());
        linked.problems.documents.push(Vec::new());
        linked.store(id, links);
    }
    link_events(&mut linked, config);
    linked.problems.embed_cycles = check_embed_cycles(&linked.dossier);
    build_references(&mut linked);
    let mut problems = linked.problems.all();
    // a statement's ground changes with any of its sources' grades: weighed whole each time
    problems.extend(check_ground(&linked, config));
    (linked, problems)
}

/// Links again after the documents `changed` (id, new contents) replaced theirs, redoing only
/// what they can change: their own references, and the references around them. Every edited
/// document has to keep its names, headings and block ids ([`Names::unchanged_by`]); otherwise
/// a link anywhere could lead elsewhere, and the whole dossier is linked again with [`link`].
/// What it reports is the same as [`link`] would.
pub fn relink(
    linked: &mut Linked,
    changed: Vec<(DocId, Document)>,
    config: &Config,
) -> Vec<Diagnostic> {
    let mut tags_changed = false;
    // A document that embeds no note stands on no embed cycle: when no edited document embeds
    // one, before or after, the cycles found last time (none: the last build was good) are
    // still all there are, and the walk over every document is saved.
    let mut embeds_changed = false;
    for (id, document) in changed {
        debug_assert!(Names::unchanged_by(
            &linked.dossier.documents[id],
            &document
        ));
        let before = Contributions::of_document(id, linked);
        tags_changed |= linked.dossier.documents[id].tags != document.tags;
        embeds_changed |= embeds_notes(&linked.dossier.documents[id]) || embeds_notes(&document);
        linked.dossier.documents[id] = document;
        let links = link_document(
            id,
            &linked.dossier.documents[id],
            &Resolver {
                names: &linked.names,
                documents: &linked.dossier.documents,
                config,
            },
        );
        linked.store(id, links);
        let after = Contributions::of_document(id, linked);
        linked.remove(&before);
        linked.add(&after);
    }
    if tags_changed {
        linked.tags = gather_tags(&linked.dossier);
    }
    if embeds_changed {
        linked.problems.embed_cycles = check_embed_cycles(&linked.dossier);
    }
    let mut problems = linked.problems.all();
    problems.extend(check_ground(linked, config));
    problems
}

impl Linked {
    /// Puts what one document resolved to in its place.
    fn store(&mut self, id: DocId, links: DocumentLinks) {
        let DocumentLinks {
            texts,
            actors,
            sources,
            relation_targets,
            relation_sources,
            claim_sources,
            claim_events,
            problems,
        } = links;
        for (body, (links, cited)) in self.dossier.documents[id].bodies_mut().zip(texts) {
            body.links = links;
            body.cited = cited;
        }
        let refs = &mut self.doc_refs[id];
        refs.actors = actors;
        refs.sources = sources;
        refs.relation_targets = relation_targets;
        refs.relation_sources = relation_sources;
        refs.claim_sources = claim_sources;
        refs.claim_events = claim_events;
        self.problems.documents[id.index()] = problems;
    }
}

/// Where the links and the citations of one text lead.
type ResolvedText = (Vec<Resolved>, Vec<Resolved>);

/// Resolves the references in every text of one document and its front-matter lists.
fn link_document(id: DocId, doc: &Document, resolver: &Resolver) -> DocumentLinks {
    let mut problems = Vec::new();
    let texts = resolve_texts(id, doc, resolver, &mut problems);
    let lists = resolve_document_lists(doc, resolver.names, &mut problems);
    let (relation_targets, relation_sources) = lists.relations.into_iter().unzip();
    let (claim_sources, claim_events) = lists.claims.into_iter().unzip();
    DocumentLinks {
        texts,
        actors: lists.actors,
        sources: lists.sources,
        relation_targets,
        relation_sources,
        claim_sources,
        claim_events,
        problems,
    }
}

/// Resolves the references in every text of one document: per text, its links and citations.
fn resolve_texts(
    id: DocId,
    doc: &Document,
    resolver: &Resolver,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<ResolvedText> {
    let origin = Origin::of_document(id, doc);
    let mut per_body = Vec::new();
    let mut resolve = |body: &ParsedBody, site: &Place| {
        per_body.push(resolve_body(body, &origin, site, resolver, diagnostics));
    };
    let at_line = |line: usize| Place {
        file: &doc.file,
        text: None,
        line,
    };
    let body_site = Place {
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

/// Resolves every event's summary and lists.
fn link_events(linked: &mut Linked, config: &Config) {
    let timeline = Origin {
        doc: None,
        folder: vec!["timeline".to_owned()],
    };
    let resolver = Resolver {
        names: &linked.names,
        documents: &linked.dossier.documents,
        config,
    };
    let mut problems = Vec::new();
    let mut resolved = Vec::with_capacity(linked.dossier.events.len());
    for event in &linked.dossier.events {
        let summary = event.summary.as_ref().map(|summary| {
            let site = Place {
                file: &event.file,
                text: None,
                line: event.yaml.line_of("summary", None),
            };
            resolve_body(summary, &timeline, &site, &resolver, &mut problems)
        });
        let (file, yaml) = (event.file.as_path(), &event.yaml);
        let lists = named_lists(
            resolver.names,
            &event.actors,
            &event.sources,
            yaml,
            |line, what, s, miss| problems.extend(unresolved(file, line, what, s, miss)),
        );
        resolved.push((summary, lists));
    }
    for (event, (summary, (actors, sources))) in linked.dossier.events.iter_mut().zip(resolved) {
        if let (Some(body), Some((links, cited))) = (event.summary.as_mut(), summary) {
            body.links = links;
            body.cited = cited;
        }
        linked.event_refs.push(EventRefs { actors, sources });
    }
    linked.problems.events = problems;
}

fn resolve_body(
    body: &ParsedBody,
    from: &Origin,
    site: &Place,
    resolver: &Resolver,
    diagnostics: &mut Vec<Diagnostic>,
) -> ResolvedText {
    let (names, config) = (resolver.names, resolver.config);
    // a reference that does not resolve, and what to say of it (nothing, for a failed note)
    let mut broken = |problem: Option<(String, Option<String>)>, offset: usize| {
        let reported = problem.and_then(|(message, hint)| {
            let diagnostic = config.broken_links.diagnostic(message)?;
            Some(diagnostic.with_optional_hint(hint))
        });
        if let Some(diagnostic) = reported {
            diagnostics.push(site.diagnostic(diagnostic, offset));
        }
        Resolved::Broken
    };
    let links = body
        .references
        .iter()
        .map(|reference| {
            resolve_reference(reference, from, resolver)
                .unwrap_or_else(|problem| broken(problem, reference.offset))
        })
        .collect();
    let mut cited = Vec::with_capacity(body.citations.len());
    for citation in &body.citations {
        cited.push(match names.resolve_source(&citation.source_id) {
            Ok(doc) => Resolved::Document { doc, anchor: None },
            Err(miss) => {
                let written = format!("@{}", citation.source_id);
                broken(describe_miss("citation", &written, miss), citation.offset)
            }
        });
    }
    (links, cited)
}

/// What one reference of a text points at, or what to say of it when it points nowhere
/// (nothing, for a name of a note that failed to load).
fn resolve_reference(
    reference: &Reference,
    from: &Origin,
    resolver: &Resolver,
) -> Result<Resolved, Option<(String, Option<String>)>> {
    let names = resolver.names;
    let written = match &reference.fragment {
        Some(fragment) => format!("{}#{fragment}", reference.target),
        None => reference.target.clone(),
    };
    match reference.kind {
        ReferenceKind::ImageEmbed | ReferenceKind::FileLink => {
            let what = match reference.kind {
                ReferenceKind::ImageEmbed => "image",
                _ => "link",
            };
            names
                .resolve_image(&reference.target)
                .map(Resolved::Asset)
                .map_err(|miss| describe_miss(what, &written, miss))
        }
        ReferenceKind::AssetFile => names
            .resolve_asset_link(&from.folder, &reference.target)
            .map(Resolved::Asset)
            .ok_or_else(|| {
                Some((
                    format!(
                        "broken link: no file `{}` next to this note",
                        reference.target
                    ),
                    Some("put the file in content/ beside the note, or fix the path".into()),
                ))
            }),
        ReferenceKind::WikiLink | ReferenceKind::NoteEmbed | ReferenceKind::NoteFile => {
            let found = match (reference.kind, from.doc) {
                (ReferenceKind::NoteFile, _) => {
                    names.resolve_file_link(&from.folder, &reference.target)
                }
                // `[[#Abschnitt]]` links within the same note
                (_, Some(doc)) if reference.target.is_empty() => Ok(doc),
                _ => names.resolve_note(&reference.target),
            };
            let doc = found.map_err(|miss| describe_miss("link", &written, miss))?;
            let Some(fragment) = &reference.fragment else {
                return Ok(Resolved::Document { doc, anchor: None });
            };
            match names.resolve_anchor(&resolver.documents[doc], fragment) {
                Ok(anchor) => Ok(Resolved::Document {
                    doc,
                    anchor: Some(anchor),
                }),
                Err(Miss::NotFound { hint }) => {
                    let what = match fragment.starts_with('^') {
                        true => "block",
                        false => "heading",
                    };
                    Err(Some((
                        format!("broken link `{written}`: no {what} `{fragment}` in that note"),
                        hint,
                    )))
                }
                Err(_) => Ok(Resolved::Document { doc, anchor: None }),
            }
        }
    }
}

/// The message and hint for a name that did not resolve; none for a name of a note that
/// failed to load: its own error is reported, and once it is fixed the name resolves.
fn describe_miss(what: &str, written: &str, miss: Miss) -> Option<(String, Option<String>)> {
    Some(match miss {
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
        Miss::FailedToLoad => return None,
    })
}

/// Resolves every name of a front-matter list; the ones that do not resolve are reported.
fn resolve_list<Name: AsRef<str>, Found>(
    written: &[Name],
    resolve: impl Fn(&str) -> Result<Found, Miss>,
    mut report: impl FnMut(&str, Miss),
) -> Vec<Found> {
    let mut found = Vec::with_capacity(written.len());
    for name in written.iter().map(AsRef::as_ref) {
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
    sources: &[SourceRef],
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

/// A document's `actors:`, `sources:`, relations and claims, resolved.
struct DocumentLists {
    actors: Vec<DocId>,
    sources: Vec<DocId>,
    /// Per relation: its target and its sources.
    relations: Vec<(Option<DocId>, Vec<DocId>)>,
    /// Per claim: its sources and its events.
    claims: Vec<(Vec<DocId>, Vec<EventId>)>,
}

/// The error for a front-matter name that did not resolve, if it is one to report.
fn unresolved(
    file: &Path,
    line: usize,
    what: &str,
    written: &str,
    miss: Miss,
) -> Option<Diagnostic> {
    let (message, hint) = match miss {
        Miss::NotFound { hint } => (format!("unknown {what} `{written}`"), hint),
        other => describe_miss(what, written, other)?,
    };
    Some(
        Diagnostic::error(message)
            .in_file(file)
            .at(line, 0)
            .with_optional_hint(hint),
    )
}

/// `actors:`, `sources:`, relations and claims: these always have to resolve.
fn resolve_document_lists(
    doc: &Document,
    names: &Names,
    diagnostics: &mut Vec<Diagnostic>,
) -> DocumentLists {
    let file = doc.file.as_path();
    let mut report = |line: usize, what: &str, written: &str, miss: Miss| {
        diagnostics.extend(unresolved(file, line, what, written, miss));
    };
    let actor = |s: &str| names.resolve_actor(s);
    let source = |s: &str| names.resolve_source(s);
    let event = |s: &str| names.resolve_event(s);
    let (actors, sources) = named_lists(
        names,
        &doc.actors,
        &doc.sources,
        &doc.front_matter,
        &mut report,
    );
    let mut relations = Vec::new();
    for relation in doc.actor.iter().flat_map(|a| &a.relations) {
        let line = relation.line;
        let target = resolve_list(std::slice::from_ref(&relation.to), actor, |s, miss| {
            report(line, "actor in relation", s, miss)
        });
        let sources = resolve_list(&relation.sources, source, |s, miss| {
            report(line, "source", s, miss)
        });
        relations.push((target.first().copied(), sources));
    }
    let mut claims = Vec::new();
    for claim in doc.source.iter().flat_map(|s| &s.claims) {
        let line = claim.line;
        let sources = resolve_list(&claim.sources, source, |s, miss| {
            report(line, "source in claim", s, miss)
        });
        let events = resolve_list(&claim.events, event, |s, miss| {
            report(line, "event in claim", s, miss)
        });
        claims.push((sources, events));
    }
    DocumentLists {
        actors,
        sources,
        relations,
        claims,
    }
}
