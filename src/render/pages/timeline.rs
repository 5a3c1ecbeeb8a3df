//! The timeline page: every event by year, with filters by tag and actor.

use rayon::prelude::*;
use serde::Serialize;
use tera::Value;

use crate::model::EventId;
use crate::render::assembled::{AssembledPage, LocalLinks, MakePieces, placeholder};
use crate::render::theme::Theme;
use crate::render::views::{PageMeta, Views};

use super::{Page, context};

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
pub(super) struct Filter {
    title: String,
    slug: String,
    url: String,
    count: usize,
}

/// About what the timeline page takes per event as Tera renders it: the place of its card.
pub(super) const TIMELINE_BYTES_PER_EVENT: usize = 64;

impl Views<'_> {
    /// Every event, by year, with filters by actor and tag. The page is written piece by piece
    /// ([`AssembledPage`]): its structured data and each event's `timeline_card` stand in the
    /// rendered page as placeholders, made as the writing reaches them.
    pub fn timeline_page<'v>(&'v self, theme: &'v Theme) -> Page<'v> {
        // piece 0 is the structured data, piece 1 + n the card of event n
        let on_timeline = |id: EventId| {
            let mut map = self.event_values[id].clone().into_map().unwrap_or_default();
            map.insert(
                "timeline_card".into(),
                Value::safe_string(&placeholder(1 + id.index())),
            );
            Value::from(map)
        };
        let years = self.events_by_year(on_timeline);
        let actors = self
            .items
            .ids()
            .filter(|&id| !self.linked.doc_refs[id].actor_events.is_empty())
            .map(|id| Filter {
                title: self.items[id].title.clone(),
                slug: self.document(id).slug.clone(),
                url: format!("{}#events", self.items[id].url),
                count: self.linked.doc_refs[id].actor_events.len(),
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
                    _ => self.timeline_card(theme, EventId::new(index - 1)),
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
            assembled: Some(AssembledPage {
                links: LocalLinks::default(),
                count: 1 + self.events.len(),
                make,
            }),
            size_hint: self.events.len() * TIMELINE_BYTES_PER_EVENT,
        }
    }

    /// The events grouped by year, each as `value` makes it of the event's index.
    pub(in crate::render) fn events_by_year(
        &self,
        value: impl Fn(EventId) -> Value,
    ) -> Vec<YearGroup> {
        let mut years: Vec<YearGroup> = Vec::new();
        for (id, event) in self.events.iter_with_ids() {
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
