//! The page of a document (note, actor, source or the home page): the view every document
//! page shares, and the parts its kind adds.

use serde::Serialize;
use tera::Value;

use crate::markdown::Heading;
use crate::model::{DocId, Document};
use crate::render::evidence::{GradeView, QuoteView, SourceChip};
use crate::render::html::{CitationStyle, ReferenceList, class_list};
use crate::render::views::{ActorChip, DateView, PageMeta, TagChip, Views, section_name};
use crate::source::Section;

use super::{ActorView, HomeView, Page, SourceView, made, truncate_words};

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
    /// When it last changed: `updated`, else its file's last commit (see `render::changes`).
    pub changed: Option<DateView>,
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

impl Views<'_> {
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
            context: made(&DocumentPage {
                site: &self.site_value,
                page,
                doc: view,
            }),
            indexed: self.config.search,
            assembled: None,
            size_hint: 0,
            signature: None,
        }
    }

    pub(in crate::render) fn document_view(&self, id: DocId, doc: &Document) -> DocumentView {
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
            changed: self.last_change(doc),
            tags: doc.tags.iter().map(|t| self.tag_chip(t)).collect(),
            actors: self.linked.doc_refs[id]
                .actors
                .iter()
                .map(|&a| self.actor_chip(a))
                .collect(),
            sources: self.source_chips(&self.linked.doc_refs[id].sources),
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
            backlinks: self.linked.doc_refs[id]
                .backlinks
                .iter()
                .map(|&l| self.referrer_item(l))
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
}
