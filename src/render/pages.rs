//! Every HTML page of the site: which template, which view, which output path.

use rayon::prelude::*;
use serde::Serialize;
use tera::Value;

use super::combined::{Combined, LocalLinks, MakePieces, placeholder};
use super::evidence::{GradeView, GroundView, QuoteView, SourceChip};
use super::html::{CitationStyle, ReferenceList, class_list};
use super::theme::Theme;
use super::view_types::RelationLegend;
use super::views::{ActorChip, DateView, LinkView, PageMeta, TagChip, Views, section_name};
use crate::i18n::actor_kind_heading;
use crate::markdown::Heading;
use crate::model::{ActorInfo, DocId, Document, EventId, SourceInfo};
use crate::source::Section;

/// One page to render: the output path, the template and its context.
pub struct Page<'v> {
    pub path: String,
    pub template: &'static str,
    pub context: tera::Context,
    /// Whether the rendered page goes into the search index.
    pub indexed: bool,
    /// For a page written piece by piece (the print page, the timeline): how the pieces that
    /// stand at its placeholders are made, and the links to pages it holds made local.
    pub combined: Option<super::combined::Combined<'v>>,
    /// About how many bytes the page will have, when it is big (0: a page of usual size), so
    /// that its buffer is made once instead of doubled again and again.
    pub size_hint: usize,
}

#[derive(Serialize)]
struct DocumentPage<'a> {
    site: &'a Value,
    page: PageMeta,
    doc: DocumentView,
}

#[derive(Serialize)]
pub struct DocumentView {
    pub title: String,
    pub summary: Option<String>,
    pub content: String,
    pub section: &'static str,
    pub date: Option<DateView>,
    pub updated: Option<DateView>,
    pub tags: Vec<TagChip>,
    pub actors: Vec<ActorChip>,
    pub sources: Vec<SourceChip>,
    /// The passages its `sources:` give for it.
    pub quotes: Vec<QuoteView>,
    pub aliases: Vec<String>,
    /// Obsidian's `cssclasses`, as one attribute value (each class made of letters, digits,
    /// `-` and `_` only).
    pub css_classes: String,
    pub toc: Vec<Heading>,
    pub references: Vec<ReferenceView>,
    pub backlinks: Vec<Value>,
    pub extra: Option<serde_json::Value>,
    pub actor: Option<ActorView>,
    pub source: Option<SourceView>,
    pub home: Option<HomeView>,
}

#[derive(Serialize)]
pub struct ReferenceView {
    pub number: usize,
    pub title: String,
    pub url: String,
    pub publisher: Option<String>,
    pub published: Option<DateView>,
    pub locators: Vec<String>,
    pub grade: Option<GradeView>,
}

#[derive(Serialize)]
pub struct ActorView {
    pub kind: String,
    pub kind_label: Option<String>,
    pub born: Option<DateView>,
    pub died: Option<DateView>,
    pub founded: Option<DateView>,
    pub dissolved: Option<DateView>,
    pub relations: Vec<RelationView>,
    pub events: Vec<Value>,
    pub notes: Vec<Value>,
    /// The actor's neighbourhood in the network, as inline SVG.
    pub graph: Option<String>,
    /// What the drawing's lines mean, and its year filter.
    pub graph_legend: Option<RelationLegend>,
}

#[derive(Serialize)]
pub struct RelationView {
    pub other: ActorChip,
    pub kind: String,
    /// `out`: written on this actor; `in`: written on the other one, pointing here.
    pub direction: &'static str,
    pub from: Option<DateView>,
    pub until: Option<DateView>,
    pub sources: Vec<SourceChip>,
    pub ground: Option<GroundView>,
    pub quotes: Vec<QuoteView>,
    pub note: Option<String>,
}

#[derive(Serialize)]
pub struct SourceView {
    pub kind: Option<String>,
    pub kind_label: Option<String>,
    pub publisher: Option<String>,
    pub author: Option<String>,
    pub published: Option<DateView>,
    pub url: Option<String>,
    pub language: Option<String>,
    pub accessed: Option<DateView>,
    pub grade: Option<GradeView>,
    pub reliability_note: Option<String>,
    pub archive: Option<String>,
    pub archived: Option<DateView>,
    pub claims: Vec<ClaimView>,
    pub cited_by: Vec<Value>,
}

#[derive(Serialize)]
pub struct ClaimView {
    pub number: usize,
    pub text: String,
    pub status: &'static str,
    pub status_label: &'static str,
    pub events: Vec<LinkView>,
    pub sources: Vec<SourceChip>,
    /// For a confirmed claim: what its sources come to, when a reader should know.
    pub ground: Option<GroundView>,
    pub quotes: Vec<QuoteView>,
    pub note: Option<String>,
}

#[derive(Serialize)]
pub struct HomeView {
    pub key_actors: Vec<Value>,
    pub latest_events: Vec<Value>,
    pub actor_count: usize,
    pub note_count: usize,
    pub source_count: usize,
    pub event_count: usize,
    pub claim_count: usize,
    /// The whole actor network, as inline SVG.
    pub graph: Option<String>,
    /// What the drawing's lines mean, and its year filter.
    pub graph_legend: Option<RelationLegend>,
    /// The sources that carry claims, with how many claims have which status.
    pub claim_sources: Vec<ClaimSummary>,
    /// Where the home page's claims entry leads: the claims of the one source that has
    /// them, or the sources index.
    pub claims_url: String,
}

#[derive(Serialize)]
pub struct ClaimSummary {
    pub title: String,
    /// The claims on the source's page.
    pub url: String,
    pub total: usize,
    /// Per status that occurs, in the order confirmed, context, disputed, unverified.
    pub statuses: Vec<StatusCount>,
}

#[derive(Serialize)]
pub struct StatusCount {
    pub status: &'static str,
    pub label: &'static str,
    pub count: usize,
}

#[derive(Serialize)]
struct ListPage<'a> {
    site: &'a Value,
    page: PageMeta,
    items: Vec<Value>,
    groups: Vec<Group>,
}

#[derive(Serialize)]
struct Group {
    heading: String,
    slug: String,
    items: Vec<Value>,
}

#[derive(Serialize)]
struct TimelinePage<'a> {
    site: &'a Value,
    page: PageMeta,
    event_count: usize,
    years: Vec<YearGroup>,
    actors: Vec<Filter>,
    tags: Vec<Filter>,
}

/// The events of one year, in the order of the timeline.
#[derive(Serialize)]
pub struct YearGroup {
    year: i32,
    events: Vec<Value>,
}

#[derive(Serialize)]
struct Filter {
    title: String,
    slug: String,
    url: String,
    count: usize,
}

#[derive(Serialize)]
struct TagPage<'a> {
    site: &'a Value,
    page: PageMeta,
    tag: TagView,
}

#[derive(Serialize)]
struct TagView {
    name: String,
    slug: String,
    items: Vec<Value>,
    events: Vec<Value>,
}

#[derive(Serialize)]
struct TagsPage<'a> {
    site: &'a Value,
    page: PageMeta,
    tags: Vec<Filter>,
}

#[derive(Serialize)]
struct PlainPage<'a> {
    site: &'a Value,
    page: PageMeta,
}

/// About what the timeline page takes per event as Tera renders it: the place of its card.
const TIMELINE_BYTES_PER_EVENT: usize = 64;

pub(super) fn context<T: Serialize>(value: &T) -> tera::Context {
    tera::Context::from_serialize(value).unwrap_or_default()
}

impl Views<'_> {
    pub(super) fn meta(
        &self,
        title: &str,
        description: Option<&str>,
        path: &str,
        kind: &'static str,
        section: &'static str,
    ) -> PageMeta {
        PageMeta {
            title: title.to_owned(),
            description: description.unwrap_or(&self.site.description).to_owned(),
            url: self.config.url(path),
            canonical: self.config.absolute_url(path),
            kind,
            section,
            json_ld: None,
            indexed: false,
        }
    }

    /// Where the page of a document goes: `actors/tokajew/index.html`.
    pub fn document_page_path(&self, id: DocId) -> String {
        format!("{}index.html", self.document(id).page_path())
    }

    /// The page of a note, actor, source or the home page.
    pub fn document_page(&self, id: DocId) -> Page<'_> {
        let doc = self.document(id);
        let (kind, template) = match doc.section {
            Section::Home => ("home", "index.html"),
            Section::Actors => ("actor", "actor.html"),
            Section::Notes => ("note", "note.html"),
            Section::Sources => ("source", "source.html"),
        };
        let view = self.document_view(id, doc);
        let description = doc
            .summary
            .as_ref()
            .map(|s| s.plain_text.as_str())
            .filter(|s| !s.is_empty());
        let fallback = truncate_words(&doc.body.plain_text, 30);
        let description = description.or((!fallback.is_empty()).then_some(fallback.as_str()));
        let section = section_name(doc.section);
        let mut page = self.meta(&doc.title, description, &doc.page_path(), kind, section);
        page.json_ld = self.document_json_ld(id);
        page.indexed = self.config.search;
        Page {
            path: self.document_page_path(id),
            template,
            context: context(&DocumentPage {
                site: &self.site_value,
                page,
                doc: view,
            }),
            indexed: self.config.search,
            combined: None,
            size_hint: 0,
        }
    }

    pub(super) fn document_view(&self, id: DocId, doc: &Document) -> DocumentView {
        let mut references = ReferenceList::default();
        let content = self
            .filler
            .fill(&doc.body, &mut CitationStyle::Numbered(&mut references));
        let references = references
            .order
            .iter()
            .enumerate()
            .map(|(index, &source)| {
                let source_doc = self.document(source);
                let info = source_doc.source.as_ref();
                ReferenceView {
                    number: index + 1,
                    title: source_doc.title.clone(),
                    url: self.items[source].url.clone(),
                    publisher: info.and_then(|s| s.publisher.clone()),
                    published: info
                        .and_then(|s| s.published)
                        .map(|d| DateView::new(&d, self.language())),
                    locators: references
                        .locators
                        .get(&source)
                        .cloned()
                        .unwrap_or_default(),
                    grade: self.items[source].grade.clone(),
                }
            })
            .collect();
        let language = self.language();
        let date =
            |d: &Option<crate::date::PartialDate>| d.as_ref().map(|d| DateView::new(d, language));
        DocumentView {
            title: doc.title.clone(),
            summary: self.items[id].summary.clone(),
            content,
            section: section_name(doc.section),
            date: date(&doc.date),
            updated: date(&doc.updated),
            tags: doc.tags.iter().map(|t| self.tag_chip(t)).collect(),
            actors: self.linked.doc_actors[id]
                .iter()
                .map(|&a| self.actor_chip(a))
                .collect(),
            sources: self.source_chips(&self.linked.doc_sources[id]),
            quotes: self.quotes(&doc.sources),
            aliases: doc.aliases.clone(),
            css_classes: class_list(&doc.css_classes),
            toc: doc
                .body
                .headings
                .iter()
                .filter(|h| h.level <= 3)
                .cloned()
                .collect(),
            references,
            backlinks: self.linked.backlinks[id]
                .iter()
                .map(|&l| self.linker_item(l))
                .collect(),
            extra: doc.extra.clone(),
            actor: doc.actor.as_ref().map(|actor| self.actor_view(id, actor)),
            source: doc
                .source
                .as_ref()
                .map(|source| self.source_view(id, source)),
            home: (doc.section == Section::Home).then(|| self.home_view()),
        }
    }

    fn actor_view(&self, id: DocId, actor: &ActorInfo) -> ActorView {
        let language = self.language();
        let date =
            |d: &Option<crate::date::PartialDate>| d.as_ref().map(|d| DateView::new(d, language));
        let mut relations: Vec<RelationView> = actor
            .relations
            .iter()
            .enumerate()
            .filter_map(|(index, relation)| {
                let target = self.linked.relation_targets[id]
                    .get(index)
                    .copied()
                    .flatten()?;
                Some(RelationView {
                    other: self.actor_chip(target),
                    kind: relation.kind.clone(),
                    direction: "out",
                    from: date(&relation.from),
                    until: date(&relation.until),
                    sources: self.source_chips(&self.linked.relation_sources[id][index]),
                    ground: self.ground(&self.linked.relation_sources[id][index]),
                    quotes: self.quotes(&relation.sources),
                    note: self.inline(relation.note.as_ref()),
                })
            })
            .collect();
        for &(other, index) in &self.linked.incoming_relations[id] {
            let Some(relation) = self
                .document(other)
                .actor
                .as_ref()
                .and_then(|a| a.relations.get(index))
            else {
                continue;
            };
            relations.push(RelationView {
                other: self.actor_chip(other),
                kind: relation.kind.clone(),
                direction: "in",
                from: date(&relation.from),
                until: date(&relation.until),
                sources: self.source_chips(&self.linked.relation_sources[other][index]),
                ground: self.ground(&self.linked.relation_sources[other][index]),
                quotes: self.quotes(&relation.sources),
                note: self.inline(relation.note.as_ref()),
            });
        }
        let (graph, graph_legend) = self.drawing_parts(self.network.neighbourhood_drawing(
            id,
            &format!("{}: {}", self.site.t.neighbourhood, self.items[id].title),
        ));
        ActorView {
            kind: actor.kind.clone(),
            kind_label: self.items[id].kind_label.clone(),
            born: date(&actor.born),
            died: date(&actor.died),
            founded: date(&actor.founded),
            dissolved: date(&actor.dissolved),
            relations,
            events: self.event_list(&self.linked.actor_events[id]),
            notes: self.item_list(&self.linked.actor_notes[id]),
            graph,
            graph_legend,
        }
    }

    fn source_view(&self, id: DocId, source: &SourceInfo) -> SourceView {
        let language = self.language();
        let t = self.site.t;
        let claims = source
            .claims
            .iter()
            .enumerate()
            .map(|(index, claim)| {
                use crate::model::ClaimStatus::*;
                let status_label = match claim.status {
                    Confirmed => t.status_confirmed,
                    Context => t.status_context,
                    Disputed => t.status_disputed,
                    Unverified => t.status_unverified,
                };
                ClaimView {
                    number: index + 1,
                    text: self.inline(Some(&claim.text)).unwrap_or_default(),
                    status: claim.status.as_str(),
                    status_label,
                    events: self.linked.claim_events[id][index]
                        .iter()
                        .map(|&e| LinkView {
                            title: format!("{}: {}", self.events[e].when, self.events[e].title),
                            url: self.events[e].url.clone(),
                        })
                        .collect(),
                    sources: self.source_chips(&self.linked.claim_sources[id][index]),
                    ground: match claim.status {
                        Confirmed => self.ground(&self.linked.claim_sources[id][index]),
                        _ => None,
                    },
                    quotes: self.quotes(&claim.sources),
                    note: self.inline(claim.note.as_ref()),
                }
            })
            .collect();
        SourceView {
            kind: source.kind.clone(),
            kind_label: self.items[id].kind_label.clone(),
            publisher: source.publisher.clone(),
            author: source.author.clone(),
            published: source
                .published
                .as_ref()
                .map(|d| DateView::new(d, language)),
            url: source.url.clone(),
            language: source.language.clone(),
            accessed: source.accessed.as_ref().map(|d| DateView::new(d, language)),
            grade: self.items[id].grade.clone(),
            reliability_note: source.reliability_note.clone(),
            archive: source.archive.clone(),
            archived: source.archived.as_ref().map(|d| DateView::new(d, language)),
            claims,
            cited_by: self.linked.cited_by[id]
                .iter()
                .map(|&l| self.linker_item(l))
                .collect(),
        }
    }

    fn home_view(&self) -> HomeView {
        let documents = &self.linked.dossier.documents;
        let count = |section: Section| documents.iter().filter(|d| d.section == section).count();
        let mut actors: Vec<(usize, DocId)> = documents
            .iter()
            .enumerate()
            .filter(|(_, d)| d.section == Section::Actors)
            .map(|(id, _)| {
                let weight = self.linked.actor_events[id].len()
                    + self.linked.actor_notes[id].len()
                    + self.linked.backlinks[id].len();
                (weight, id)
            })
            .collect();
        actors.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
        let latest = self.events.len().saturating_sub(6);
        let (graph, graph_legend) = self.drawing_parts(self.network.drawing(
            "home-network",
            &self.network_title(),
            self.site.t.graph_intro,
        ));
        let mut home = HomeView {
            key_actors: actors
                .iter()
                .take(8)
                .map(|&(_, id)| self.item_values[id].clone())
                .collect(),
            latest_events: self.event_values[latest..].iter().rev().cloned().collect(),
            actor_count: count(Section::Actors),
            note_count: count(Section::Notes),
            source_count: count(Section::Sources),
            event_count: self.events.len(),
            claim_count: documents
                .iter()
                .filter_map(|d| d.source.as_ref())
                .map(|s| s.claims.len())
                .sum(),
            graph,
            graph_legend,
            claims_url: String::new(),
            claim_sources: self.claim_summaries(),
        };
        home.claims_url = match home.claim_sources.as_slice() {
            [one] => one.url.clone(),
            _ => self.config.url("sources/"),
        };
        home
    }

    fn claim_summaries(&self) -> Vec<ClaimSummary> {
        use crate::model::ClaimStatus::*;
        let t = self.site.t;
        self.linked
            .dossier
            .documents
            .iter()
            .enumerate()
            .filter_map(|(id, doc)| {
                let claims = &doc.source.as_ref()?.claims;
                if claims.is_empty() {
                    return None;
                }
                let statuses = [
                    (Confirmed, t.status_confirmed),
                    (Context, t.status_context),
                    (Disputed, t.status_disputed),
                    (Unverified, t.status_unverified),
                ]
                .into_iter()
                .map(|(status, label)| StatusCount {
                    status: status.as_str(),
                    label,
                    count: claims.iter().filter(|c| c.status == status).count(),
                })
                .filter(|s| s.count > 0)
                .collect();
                Some(ClaimSummary {
                    title: doc.title.clone(),
                    url: format!("{}#claims", self.items[id].url),
                    total: claims.len(),
                    statuses,
                })
            })
            .collect()
    }

    pub(super) fn sorted_items(&self, section: Section) -> Vec<DocId> {
        let mut ids: Vec<DocId> = (0..self.items.len())
            .filter(|&id| self.document(id).section == section)
            .collect();
        ids.sort_by_cached_key(|&id| (crate::slug::slugify(&self.items[id].title), id));
        ids
    }

    /// The actors index (grouped by kind), the notes index and the sources index.
    pub fn list_pages(&self) -> Vec<Page<'_>> {
        let t = self.site.t;
        let mut pages = Vec::new();
        for (section, title, template) in [
            (Section::Actors, t.actors, "actors.html"),
            (Section::Notes, t.notes, "notes.html"),
            (Section::Sources, t.sources, "sources.html"),
        ] {
            let ids = self.sorted_items(section);
            let groups = if section == Section::Actors {
                self.group_by_kind(&ids)
            } else {
                Vec::new()
            };
            let items = self.item_list(&ids);
            let name = section_name(section);
            let path = format!("{name}/");
            let page = self.meta(title, None, &path, name, name);
            pages.push(Page {
                path: format!("{path}index.html"),
                template,
                context: context(&ListPage {
                    site: &self.site_value,
                    page,
                    items,
                    groups,
                }),
                indexed: false,
                combined: None,
                size_hint: 0,
            });
        }
        pages
    }

    fn group_by_kind(&self, ids: &[DocId]) -> Vec<Group> {
        let order = ["person", "state", "organization", "organisation"];
        let kind_of = |id: DocId| self.items[id].kind.clone().unwrap_or_default();
        let mut kinds: Vec<String> = ids.iter().map(|&id| kind_of(id)).collect();
        kinds.sort_by_key(|k| {
            (
                order.iter().position(|o| o == k).unwrap_or(order.len()),
                k.is_empty(),
                k.clone(),
            )
        });
        kinds.dedup();
        kinds
            .into_iter()
            .map(|kind| Group {
                heading: if kind.is_empty() {
                    self.site.t.other.to_owned()
                } else {
                    actor_kind_heading(self.language(), &kind)
                },
                slug: if kind.is_empty() {
                    "other".to_owned()
                } else {
                    crate::slug::slugify(&kind)
                },
                items: ids
                    .iter()
                    .filter(|&&id| kind_of(id) == kind)
                    .map(|&id| self.item_values[id].clone())
                    .collect(),
            })
            .collect()
    }

    /// Every event, by year, with filters by actor and tag. The page is written piece by piece
    /// ([`Combined`]): its structured data and each event's `timeline_card` stand in the
    /// rendered page as placeholders, made as the writing reaches them.
    pub fn timeline_page<'v>(&'v self, theme: &'v Theme) -> Page<'v> {
        // piece 0 is the structured data, piece 1 + n the card of event n
        let on_timeline = |index: usize| {
            let mut map = self.event_values[index]
                .clone()
                .into_map()
                .unwrap_or_default();
            map.insert(
                "timeline_card".into(),
                Value::safe_string(&placeholder(1 + index)),
            );
            Value::from(map)
        };
        let years = self.events_by_year(on_timeline);
        let actors = (0..self.items.len())
            .filter(|&id| !self.linked.actor_events[id].is_empty())
            .map(|id| Filter {
                title: self.items[id].title.clone(),
                slug: self.document(id).slug.clone(),
                url: format!("{}#events", self.items[id].url),
                count: self.linked.actor_events[id].len(),
            })
            .collect();
        let tags = self.tag_filters(true);
        let t = self.site.t;
        let mut page = self.meta(t.timeline, None, "timeline/", "timeline", "timeline");
        page.json_ld = Some(placeholder(0));
        page.indexed = self.config.search;
        let make: MakePieces = Box::new(move |indexes, _| {
            indexes
                .into_par_iter()
                .map(|index| match index {
                    0 => Ok(self.timeline_json_ld().unwrap_or_default()),
                    _ => self.timeline_card(theme, index - 1),
                })
                .collect()
        });
        Page {
            path: "timeline/index.html".into(),
            template: "timeline.html",
            context: context(&TimelinePage {
                site: &self.site_value,
                page,
                event_count: self.events.len(),
                years,
                actors,
                tags,
            }),
            indexed: self.config.search,
            combined: Some(Combined {
                links: LocalLinks::default(),
                count: 1 + self.events.len(),
                make,
            }),
            size_hint: self.events.len() * TIMELINE_BYTES_PER_EVENT,
        }
    }

    /// The events grouped by year, each as `value` makes it of the event's index.
    pub(super) fn events_by_year(&self, value: impl Fn(EventId) -> Value) -> Vec<YearGroup> {
        let mut years: Vec<YearGroup> = Vec::new();
        for (id, event) in self.events.iter().enumerate() {
            match years.last_mut() {
                Some(group) if group.year == event.date.year => group.events.push(value(id)),
                _ => years.push(YearGroup {
                    year: event.date.year,
                    events: vec![value(id)],
                }),
            }
        }
        years
    }

    fn tag_filters(&self, events_only: bool) -> Vec<Filter> {
        self.linked
            .tags
            .values()
            .filter(|tag| !events_only || !tag.events.is_empty())
            .map(|tag| Filter {
                title: tag.name.clone(),
                slug: tag.slug.clone(),
                url: self.config.url(&format!("tags/{}/", tag.slug)),
                count: if events_only {
                    tag.events.len()
                } else {
                    tag.documents.len() + tag.events.len()
                },
            })
            .collect()
    }

    pub fn tag_pages(&self) -> Vec<Page<'_>> {
        let t = self.site.t;
        let mut pages: Vec<Page> = self
            .linked
            .tags
            .values()
            .map(|tag| {
                let path = format!("tags/{}/", tag.slug);
                let page = self.meta(
                    &format!("{}: {}", t.tag, tag.name),
                    None,
                    &path,
                    "tag",
                    "tags",
                );
                let view = TagView {
                    name: tag.name.clone(),
                    slug: tag.slug.clone(),
                    items: self.item_list(&tag.documents),
                    events: self.event_list(&tag.events),
                };
                Page {
                    path: format!("{path}index.html"),
                    template: "tag.html",
                    context: context(&TagPage {
                        site: &self.site_value,
                        page,
                        tag: view,
                    }),
                    indexed: false,
                    combined: None,
                    size_hint: 0,
                }
            })
            .collect();
        let page = self.meta(t.tags, None, "tags/", "tags", "tags");
        let tags = self.tag_filters(false);
        pages.push(Page {
            path: "tags/index.html".into(),
            template: "tags.html",
            context: context(&TagsPage {
                site: &self.site_value,
                page,
                tags,
            }),
            indexed: false,
            combined: None,
            size_hint: 0,
        });
        pages
    }

    pub fn not_found_page(&self) -> Page<'_> {
        let page = self.meta(self.site.t.not_found_title, None, "404.html", "404", "");
        Page {
            path: "404.html".into(),
            template: "404.html",
            context: context(&PlainPage {
                site: &self.site_value,
                page,
            }),
            indexed: false,
            combined: None,
            size_hint: 0,
        }
    }

    /// The search page: Pagefind's search with JavaScript, the indexes without.
    pub fn search_page(&self) -> Page<'_> {
        let t = self.site.t;
        let page = self.meta(
            t.search,
            Some(t.search_intro),
            "search/",
            "search",
            "search",
        );
        Page {
            path: "search/index.html".into(),
            template: "search.html",
            context: context(&PlainPage {
                site: &self.site_value,
                page,
            }),
            indexed: false,
            combined: None,
            size_hint: 0,
        }
    }
}

fn truncate_words(text: &str, words: usize) -> String {
    let mut out: Vec<&str> = text.split_whitespace().take(words + 1).collect();
    if out.len() > words {
        out.truncate(words);
        format!("{} …", out.join(" "))
    } else {
        out.join(" ")
    }
}
