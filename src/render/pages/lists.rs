//! The index pages: a section's documents grouped by kind, the tags and each tag's page.

use serde::Serialize;
use tera::Value;

use crate::i18n::actor_kind_heading;
use crate::model::DocId;
use crate::render::reuse::SignatureHasher;
use crate::render::split;
use crate::render::views::{PageMeta, Views, section_name};
use crate::source::Section;

use super::timeline::Filter;
use super::{Page, made};

#[derive(Serialize)]
struct ListPage<'a> {
    site: &'a Value,
    page: PageMeta,
    items: Vec<Value>,
    groups: Vec<Group>,
    /// The index's pages, when it is cut into several.
    pager: Option<Pager>,
}

/// The pages of an index cut into parts past its budget, and which one this is.
#[derive(Serialize)]
struct Pager {
    /// All the section's entries, on every page.
    total: usize,
    pages: Vec<PagerLink>,
}

#[derive(Serialize)]
struct PagerLink {
    number: usize,
    url: String,
    current: bool,
}

#[derive(Serialize)]
struct Group {
    heading: String,
    slug: String,
    items: Vec<Value>,
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

impl Views<'_> {
    pub(in crate::render) fn sorted_items(&self, section: Section) -> Vec<DocId> {
        let mut ids: Vec<DocId> = self
            .items
            .ids()
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
            let name = section_name(section);
            // the actors index is grouped by kind and stays whole
            let per_page = match section {
                Section::Actors => ids.len().max(1),
                _ => self.budget.entries_per_list_page.max(1),
            };
            let parts: Vec<&[DocId]> = ids.chunks(per_page).collect();
            let parts = if parts.is_empty() {
                vec![&ids[..]]
            } else {
                parts
            };
            for (index, part) in parts.iter().enumerate() {
                let pager = (parts.len() > 1).then(|| Pager {
                    total: ids.len(),
                    pages: (1..=parts.len())
                        .map(|number| PagerLink {
                            number,
                            url: self.config.url(&split::list_page_path(name, number)),
                            current: number == index + 1,
                        })
                        .collect(),
                });
                let groups = match section {
                    Section::Actors => self.group_by_kind(part),
                    _ => Vec::new(),
                };
                let path = split::list_page_path(name, index + 1);
                let page = self.meta(title, None, &path, name, name);
                pages.push(Page {
                    path: format!("{path}index.html"),
                    template,
                    context: made(&ListPage {
                        site: &self.site_value,
                        page,
                        items: self.item_list(part),
                        groups,
                        pager,
                    }),
                    indexed: false,
                    assembled: None,
                    size_hint: 0,
                    signature: None,
                });
            }
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
                // the tag's page shows its documents' list entries and its events' views
                let signature = self.signatures.as_ref().map(|signatures| {
                    let mut hasher = SignatureHasher::default();
                    hasher.text(&path).text(&tag.name).text(&tag.slug);
                    hasher.number(tag.documents.len() as u64);
                    for &id in &tag.documents {
                        hasher.number(signatures.hashes.entry(id));
                    }
                    for &id in &tag.events {
                        hasher.number(signatures.hashes.event(id));
                    }
                    hasher.finish()
                });
                let view = TagView {
                    name: tag.name.clone(),
                    slug: tag.slug.clone(),
                    items: self.item_list(&tag.documents),
                    events: self.event_list(&tag.events),
                };
                Page {
                    path: format!("{path}index.html"),
                    template: "tag.html",
                    context: made(&TagPage {
                        site: &self.site_value,
                        page,
                        tag: view,
                    }),
                    indexed: false,
                    assembled: None,
                    size_hint: 0,
                    signature,
                }
            })
            .collect();
        let page = self.meta(t.tags, None, "tags/", "tags", "tags");
        let tags = self.tag_filters(false);
        pages.push(Page {
            path: "tags/index.html".into(),
            template: "tags.html",
            context: made(&TagsPage {
                site: &self.site_value,
                page,
                tags,
            }),
            indexed: false,
            assembled: None,
            size_hint: 0,
            signature: None,
        });
        pages
    }
}
