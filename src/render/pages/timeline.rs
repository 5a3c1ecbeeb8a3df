//! The timeline page: every event by year, with filters by tag and actor; past the budget, an
//! index page and a page per part ([`crate::render::split`]).

use std::ops::Range;

use rayon::prelude::*;
use serde::Serialize;
use tera::Value;

use crate::model::EventId;
use crate::render::assembled::{AssembledPage, LocalLinks, MakePieces, placeholder};
use crate::render::reuse::SignatureHasher;
use crate::render::theme::Theme;
use crate::render::views::{PageMeta, Views};

use super::{Page, PageContext, context, made};

#[derive(Serialize)]
struct TimelinePage<'a> {
    site: &'a Value,
    page: PageMeta,
    event_count: usize,
    years: Vec<YearGroup>,
    actors: Vec<Filter>,
    tags: Vec<Filter>,
    /// The timeline's parts, when it is cut into parts.
    parts: Vec<PartLink>,
    /// Whether this is the index of the parts.
    index: bool,
}

/// The events of one year, in the order of the timeline.
#[derive(Serialize)]
pub struct YearGroup {
    year: i32,
    events: Vec<Value>,
}

#[derive(Serialize)]
pub(super) struct Filter {
    title: String,
    slug: String,
    url: String,
    count: usize,
}

/// A link to one part of the timeline.
#[derive(Serialize)]
struct PartLink {
    label: String,
    year: i32,
    url: String,
    count: usize,
    current: bool,
}

/// About what the timeline page takes per event as Tera renders it: the place of its card.
pub(super) const TIMELINE_BYTES_PER_EVENT: usize = 64;

impl Views<'_> {
    /// The timeline: one page of every event, or, past the budget ([`crate::render::split`]),
    /// an index at `timeline/` and a page per part.
    pub fn timeline_pages<'v>(&'v self, theme: &'v Theme) -> Vec<Page<'v>> {
        let parts = &self.timeline_parts.parts;
        if parts.is_empty() {
            let filters = (self.actor_filters(), self.tag_filters(true));
            return vec![self.timeline_page(theme, 0..self.events.len(), None, filters)];
        }
        let mut pages = vec![self.timeline_index()];
        pages.extend(parts.iter().enumerate().map(|(index, part)| {
            let filters = self.part_filters(part.items.clone());
            self.timeline_page(theme, part.items.clone(), Some(index), filters)
        }));
        pages
    }

    /// The page of the events `events` (all of them, or part `part`'s), by year, with filters
    /// by actor and tag. The page is written piece by piece ([`AssembledPage`]): its
    /// structured data and each event's `timeline_card` stand in the rendered page as
    /// placeholders, made as the writing reaches them.
    fn timeline_page<'v>(
        &'v self,
        theme: &'v Theme,
        events: Range<usize>,
        part: Option<usize>,
        (actors, tags): (Vec<Filter>, Vec<Filter>),
    ) -> Page<'v> {
        // piece 0 is the structured data, piece 1 + n the card of the page's event n
        let first = events.start;
        let t = self.site.t;
        let (path, title) = match part {
            Some(index) => {
                let part = &self.timeline_parts.parts[index];
                (
                    format!("timeline/{}/", part.slug),
                    format!("{} {}", t.timeline, part.label),
                )
            }
            None => ("timeline/".to_owned(), t.timeline.to_owned()),
        };
        let mut page = self.meta(&title, None, &path, "timeline", "timeline");
        page.json_ld = Some(placeholder(0));
        page.indexed = self.config.search;
        let count = events.len();
        let part_links = self.part_links(part);
        let signature =
            self.timeline_signature(&path, events.clone(), &part_links, (&actors, &tags));
        let json_ld_path = path.clone();
        let shown = events.clone();
        let make: MakePieces = Box::new(move |indexes, _| {
            indexes
                .into_par_iter()
                .map(|index| match index {
                    0 => Ok(self
                        .timeline_json_ld(events.clone(), &json_ld_path)
                        .unwrap_or_default()),
                    _ => self.timeline_card(theme, EventId::new(first + index - 1)),
                })
                .collect()
        });
        // made only when the page is made: every event's value is copied into it
        let context = move || {
            let on_timeline = |id: EventId| {
                let mut map = self.event_values[id].clone().into_map().unwrap_or_default();
                map.insert(
                    "timeline_card".into(),
                    Value::safe_string(&placeholder(1 + id.index() - first)),
                );
                Value::from(map)
            };
            context(&TimelinePage {
                site: &self.site_value,
                page,
                event_count: count,
                years: self.events_by_year(shown, on_timeline),
                actors,
                tags,
                parts: part_links,
                index: false,
            })
        };
        Page {
            path: format!("{path}index.html"),
            template: "timeline.html",
            context: PageContext::Deferred(Box::new(context)),
            indexed: self.config.search,
            assembled: Some(AssembledPage {
                links: LocalLinks::default(),
                count: 1 + count,
                make,
            }),
            size_hint: count * TIMELINE_BYTES_PER_EVENT,
            signature,
        }
    }

    /// What a page of the timeline shows, summed up, when the pages are signed: its events'
    /// views, the kinds of their actors (its structured data names them), its filters and its
    /// links to the parts.
    fn timeline_signature(
        &self,
        path: &str,
        events: Range<usize>,
        part_links: &[PartLink],
        (actors, tags): (&[Filter], &[Filter]),
    ) -> Option<u64> {
        let signatures = self.signatures.as_ref()?;
        let mut hasher = SignatureHasher::default();
        hasher
            .text(path)
            .value(&part_links)
            .value(&actors)
            .value(&tags);
        hasher.number(events.len() as u64);
        for id in events.map(EventId::new) {
            hasher.number(signatures.hashes.event(id));
            for &actor in &self.linked.event_refs[id].actors {
                let kind = self.document(actor).actor.as_ref().map(|a| a.kind.as_str());
                hasher.text(kind.unwrap_or_default());
            }
        }
        Some(hasher.finish())
    }

    /// The index of a timeline cut into parts: each part with its count, and the filters as
    /// links to each actor's and tag's events.
    fn timeline_index(&self) -> Page<'_> {
        let t = self.site.t;
        let page = self.meta(t.timeline, None, "timeline/", "timeline", "timeline");
        Page {
            path: "timeline/index.html".into(),
            template: "timeline.html",
            context: made(&TimelinePage {
                site: &self.site_value,
                page,
                event_count: self.events.len(),
                years: Vec::new(),
                actors: self.actor_filters(),
                tags: self.tag_filters(true),
                parts: self.part_links(None),
                index: true,
            }),
            indexed: false,
            assembled: None,
            size_hint: 0,
            signature: None,
        }
    }

    /// Links to the timeline's parts, `current` the one shown (none when not cut).
    fn part_links(&self, current: Option<usize>) -> Vec<PartLink> {
        let events = &self.linked.dossier.events;
        (self.timeline_parts.parts.iter().enumerate())
            .map(|(index, part)| PartLink {
                label: part.label.clone(),
                year: events[EventId::new(part.items.start)].date.year,
                url: self.config.url(&format!("timeline/{}/", part.slug)),
                count: part.items.len(),
                current: current == Some(index),
            })
            .collect()
    }

    /// The timeline's filters by actor: every actor named by an event.
    fn actor_filters(&self) -> Vec<Filter> {
        self.items
            .ids()
            .filter(|&id| !self.linked.doc_refs[id].actor_events.is_empty())
            .map(|id| Filter {
                title: self.items[id].title.clone(),
                slug: self.document(id).slug.clone(),
                url: format!("{}#events", self.items[id].url),
                count: self.linked.doc_refs[id].actor_events.len(),
            })
            .collect()
    }

    /// The filters of a part of the timeline: the actors and tags of its events, each with
    /// the number of them in the part.
    fn part_filters(&self, events: Range<usize>) -> (Vec<Filter>, Vec<Filter>) {
        let within = |ids: &[EventId]| ids.iter().filter(|id| events.contains(&id.index())).count();
        let actors = self
            .actor_filters()
            .into_iter()
            .zip(
                self.items
                    .ids()
                    .filter(|&id| !self.linked.doc_refs[id].actor_events.is_empty()),
            )
            .filter_map(|(filter, id)| {
                let count = within(&self.linked.doc_refs[id].actor_events);
                (count > 0).then_some(Filter { count, ..filter })
            })
            .collect();
        let tags = self
            .tag_filters(true)
            .into_iter()
            .zip(
                self.linked
                    .tags
                    .values()
                    .filter(|tag| !tag.events.is_empty()),
            )
            .filter_map(|(filter, tag)| {
                let count = within(&tag.events);
                (count > 0).then_some(Filter { count, ..filter })
            })
            .collect();
        (actors, tags)
    }

    /// The events grouped by year, each as `value` makes it of the event's index.
    pub(in crate::render) fn events_by_year(
        &self,
        events: Range<usize>,
        value: impl Fn(EventId) -> Value,
    ) -> Vec<YearGroup> {
        let mut years: Vec<YearGroup> = Vec::new();
        for id in events.map(EventId::new) {
            let event = &self.events[id];
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

    pub(super) fn tag_filters(&self, events_only: bool) -> Vec<Filter> {
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
}
