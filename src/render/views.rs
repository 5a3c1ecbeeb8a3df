//! The typed views templates see. Slim list views are made once per build and shared.

use std::collections::{HashMap, HashSet};

use rayon::prelude::*;
use serde::Serialize;
use tera::Value;

use super::evidence::{GradeView, GroundView, QuoteView, SourceChip, is_language_tag};
use super::html::{CitationStyle, Filler};
use super::network::Network;
use super::reuse::PageSignatures;
use super::split::{PageBudget, TimelineParts};
use super::theme::Theme;
pub use super::view_types::{
    ActorChip, DateView, EventView, ItemView, LinkView, NavItem, PageMeta, SiteView, TagChip,
};
use crate::config::Config;
use crate::diagnostic::Diagnostic;
use crate::i18n::{Language, kind_label};
use crate::link::{EventRefs, Ground, Linked, Referrer};
use crate::model::{DocId, Document, EventId, IdVec, SourceRef, TimelineEvent};
use crate::source::Section;

/// The views made once per build, shared by all pages. Each is also kept as a template value:
/// pages hold clones of those (a reference count), so a list of a thousand events is not
/// serialised again for every page that shows it.
pub struct Views<'a> {
    pub config: &'a Config,
    pub linked: &'a Linked,
    pub filler: Filler<'a>,
    pub site: SiteView,
    pub site_value: Value,
    pub items: IdVec<DocId, ItemView>,
    pub item_values: IdVec<DocId, Value>,
    pub events: IdVec<EventId, EventView>,
    pub event_values: IdVec<EventId, Value>,
    /// Each event's card as the timeline shows it, when kept (by `serve`, so that the timeline
    /// is rendered again quickly); a build makes them as the timeline page is written.
    pub timeline_cards: Option<IdVec<EventId, Value>>,
    /// The actor network, laid out once.
    pub network: Network,
    /// How big the timeline and the print page may grow before they are cut into parts.
    pub budget: PageBudget,
    /// How the timeline is cut into pages (none when it is one page).
    pub timeline_parts: TimelineParts,
    /// The signatures of the pages, when the build can leave unchanged pages as they are.
    pub signatures: Option<PageSignatures>,
}

/// What [`Views`] holds but the borrowed dossier: what `serve` keeps from one build to the
/// next ([`Views::into_parts`], [`Views::from_parts`]).
pub struct ViewParts {
    site: SiteView,
    site_value: Value,
    items: IdVec<DocId, ItemView>,
    item_values: IdVec<DocId, Value>,
    events: IdVec<EventId, EventView>,
    event_values: IdVec<EventId, Value>,
    timeline_cards: Option<IdVec<EventId, Value>>,
    network: Network,
}

/// An event's cards made by an earlier build, to be used again when the event shows the same:
/// its value with the list card, and its timeline card.
pub type EarlierCards<'c> = &'c (dyn Fn(&EventView, &Value) -> Option<(Value, Value)> + Sync);

/// How the timeline of `linked` is cut into pages within `budget`.
fn timeline_parts(linked: &Linked, budget: PageBudget) -> TimelineParts {
    let dates: Vec<_> = linked.dossier.events.iter().map(|e| e.date).collect();
    TimelineParts::plan(&dates, budget)
}

/// The values, or the first problem: a template fails the same way for every event.
fn first_problem_only<T>(results: Vec<Result<T, Diagnostic>>) -> Result<Vec<T>, Vec<Diagnostic>> {
    results
        .into_iter()
        .collect::<Result<Vec<T>, Diagnostic>>()
        .map_err(|problem| vec![problem])
}

/// The template of one event in a list.
const EVENT_CARD: &str = "partials/event.html";

impl<'a> Views<'a> {
    pub fn new(linked: &'a Linked, config: &'a Config) -> Self {
        Views::within(linked, config, PageBudget::default())
    }

    /// The views, with the timeline and the print page cut into parts past `budget`.
    pub fn within(linked: &'a Linked, config: &'a Config, budget: PageBudget) -> Self {
        let filler = Filler {
            config,
            documents: &linked.dossier.documents,
        };
        let mut site = site_view(config);
        site.changes = linked.dossier.history.is_some();
        let items: IdVec<DocId, ItemView> = linked
            .dossier
            .documents
            .par_iter()
            .map(|doc| item_view(doc, &filler, config))
            .collect();
        let mut views = Views {
            config,
            linked,
            filler,
            site_value: Value::from_serializable(&site),
            site,
            item_values: items.par_iter().map(Value::from_serializable).collect(),
            items,
            events: IdVec::new(),
            event_values: IdVec::new(),
            timeline_cards: None,
            network: Network::new(linked, config),
            budget,
            timeline_parts: timeline_parts(linked, budget),
            signatures: None,
        };
        views.events = linked
            .dossier
            .events
            .par_iter_with_ids()
            .map(|(id, event)| views.event_view(id, event))
            .collect();
        let all_events: Vec<EventId> = views.events.ids().collect();
        let chips = SharedChips::new(&views, &all_events);
        views.event_values = all_events
            .par_iter()
            .map(|&id| views.event_value(id, &chips))
            .collect();
        views
    }

    /// An event's template value: its view (the same fields as [`EventView`]), with the chips
    /// it shares with other events.
    fn event_value(&self, id: EventId, chips: &SharedChips) -> Value {
        #[derive(Serialize)]
        struct EventFields<'e> {
            id: &'e str,
            url: &'e str,
            date: &'e DateView,
            end: &'e Option<DateView>,
            when: &'e str,
            title: &'e str,
            summary: &'e Option<String>,
            actors: Vec<Value>,
            sources: Vec<Value>,
            ground: &'e Option<GroundView>,
            quotes: &'e [QuoteView],
            tags: Vec<Value>,
            place: &'e Option<String>,
            extra: &'e Option<serde_json::Value>,
        }
        let view = &self.events[id];
        let shared = |ids: &[DocId], from: &HashMap<DocId, Value>| -> Vec<Value> {
            ids.iter().map(|id| from[id].clone()).collect()
        };
        Value::from_serializable(&EventFields {
            id: &view.id,
            url: &view.url,
            date: &view.date,
            end: &view.end,
            when: &view.when,
            title: &view.title,
            summary: &view.summary,
            actors: shared(&self.linked.event_refs[id].actors, &chips.actors),
            sources: shared(&self.linked.event_refs[id].sources, &chips.sources),
            ground: &view.ground,
            quotes: &view.quotes,
            tags: (self.linked.dossier.events[id].tags.iter())
                .map(|tag| chips.tags[tag.as_str()].clone())
                .collect(),
            place: &view.place,
            extra: &view.extra,
        })
    }

    /// Renders each event's card once, from `partials/event.html`, for lists other than the
    /// timeline (`page.kind` is `list`): templates include the finished HTML, `event.card`,
    /// instead of rendering an event again on every page that lists it. The timeline's cards
    /// (`page.kind` is `timeline`: the card carries the event's anchor) are made as the
    /// timeline page is written, unless `keep_timeline` (for `serve`): then they are made here
    /// and kept in the views, and `earlier` may hand back the cards of an event that shows the
    /// same as when they were made.
    pub fn render_event_cards(
        &mut self,
        theme: &Theme,
        keep_timeline: bool,
        earlier: EarlierCards,
    ) -> Result<(), Vec<Diagnostic>> {
        let made: Vec<Result<(Value, Option<Value>), Diagnostic>> = self
            .events
            .par_iter()
            .zip(&self.event_values)
            .map(|(view, event)| match earlier(view, event) {
                Some((with_card, timeline_card)) if keep_timeline => {
                    Ok((with_card, Some(timeline_card)))
                }
                _ => self.with_cards(theme, event, keep_timeline),
            })
            .collect();
        let (values, timeline_cards): (Vec<Value>, Vec<Option<Value>>) =
            first_problem_only(made)?.into_iter().unzip();
        // every event has its timeline card exactly when they are kept
        self.timeline_cards = keep_timeline.then(|| timeline_cards.into_iter().flatten().collect());
        self.event_values = values.into();
        Ok(())
    }

    /// An event's value with its list card added, and, if asked for, its timeline card.
    fn with_cards(
        &self,
        theme: &Theme,
        event: &Value,
        timeline: bool,
    ) -> Result<(Value, Option<Value>), Diagnostic> {
        let mut map = event.clone().into_map().unwrap_or_default();
        let card = self.event_card(theme, event, "list")?;
        map.insert("card".into(), Value::safe_string(&card));
        let with_card = Value::from(map);
        let timeline_card = match timeline {
            true => Some(Value::safe_string(
                &self.event_card(theme, &with_card, "timeline")?,
            )),
            false => None,
        };
        Ok((with_card, timeline_card))
    }

    /// The HTML of event `id`'s card on the timeline: the one kept, or made now.
    pub fn timeline_card(&self, theme: &Theme, id: EventId) -> Result<String, Diagnostic> {
        match &self.timeline_cards {
            Some(cards) => Ok(cards[id].as_str().unwrap_or_default().to_owned()),
            None => self.event_card(theme, &self.event_values[id], "timeline"),
        }
    }

    /// The HTML of an event's card, as `partials/event.html` makes it for pages of `kind`.
    fn event_card(
        &self,
        theme: &Theme,
        event: &Value,
        kind: &'static str,
    ) -> Result<String, Diagnostic> {
        #[derive(Serialize)]
        struct CardPage {
            kind: &'static str,
        }
        let mut context = tera::Context::new();
        context.insert_value("site", self.site_value.clone());
        context.insert_value("event", event.clone());
        context.insert("page", &CardPage { kind });
        theme
            .tera
            .render(EVENT_CARD, &context)
            .map_err(|e| theme.template_error(&e))
    }

    /// What the views hold but the borrowed dossier.
    pub fn into_parts(self) -> ViewParts {
        ViewParts {
            site: self.site,
            site_value: self.site_value,
            items: self.items,
            item_values: self.item_values,
            events: self.events,
            event_values: self.event_values,
            timeline_cards: self.timeline_cards,
            network: self.network,
        }
    }

    /// The views of `linked` made of `parts` an earlier build made: as they were, until
    /// remade where they show an edit ([`Views::remake_items`], [`Views::remake_events`],
    /// [`Views::remake_network`]).
    pub fn from_parts(linked: &'a Linked, config: &'a Config, parts: ViewParts) -> Self {
        Views {
            config,
            linked,
            filler: Filler {
                config,
                documents: &linked.dossier.documents,
            },
            site: parts.site,
            site_value: parts.site_value,
            items: parts.items,
            item_values: parts.item_values,
            events: parts.events,
            event_values: parts.event_values,
            timeline_cards: parts.timeline_cards,
            network: parts.network,
            budget: PageBudget::default(),
            timeline_parts: timeline_parts(linked, PageBudget::default()),
            signatures: None,
        }
    }

    /// Makes the list entries of these documents again; says which of them show something
    /// else now.
    pub fn remake_items(&mut self, ids: &[DocId]) -> Vec<DocId> {
        let mut differ = Vec::new();
        for &id in ids {
            let item = item_view(self.document(id), &self.filler, self.config);
            let value = Value::from_serializable(&item);
            if value != self.item_values[id] {
                differ.push(id);
            }
            self.item_values[id] = value;
            self.items[id] = item;
        }
        differ
    }

    /// Makes the views of these events again, with their cards (the timeline's too, when the
    /// views keep those).
    pub fn remake_events(&mut self, theme: &Theme, ids: &[EventId]) -> Result<(), Vec<Diagnostic>> {
        let events = &self.linked.dossier.events;
        for &id in ids {
            self.events[id] = self.event_view(id, &events[id]);
        }
        let chips = SharedChips::new(self, ids);
        let keep_timeline = self.timeline_cards.is_some();
        let values: Vec<Result<(Value, Option<Value>), Diagnostic>> = ids
            .par_iter()
            .map(|&id| self.with_cards(theme, &self.event_value(id, &chips), keep_timeline))
            .collect();
        for (&id, (value, timeline_card)) in ids.iter().zip(first_problem_only(values)?) {
            self.event_values[id] = value;
            if let (Some(cards), Some(card)) = (self.timeline_cards.as_mut(), timeline_card) {
                cards[id] = card;
            }
        }
        Ok(())
    }

    /// Lays the actor network out again.
    pub fn remake_network(&mut self) {
        self.network = Network::new(self.linked, self.config);
    }

    /// The template values of these documents, in this order.
    pub fn item_list(&self, ids: &[DocId]) -> Vec<Value> {
        ids.iter().map(|&id| self.item_values[id].clone()).collect()
    }

    /// The template values of these events, in this order.
    pub fn event_list(&self, ids: &[EventId]) -> Vec<Value> {
        ids.iter()
            .map(|&id| self.event_values[id].clone())
            .collect()
    }

    pub fn language(&self) -> Language {
        self.config.language
    }

    pub fn document(&self, id: DocId) -> &'a Document {
        &self.linked.dossier.documents[id]
    }

    pub fn link(&self, id: DocId) -> LinkView {
        LinkView {
            title: self.items[id].title.clone(),
            url: self.items[id].url.clone(),
        }
    }

    pub fn links(&self, ids: &[DocId]) -> Vec<LinkView> {
        ids.iter().map(|&id| self.link(id)).collect()
    }

    pub fn actor_chip(&self, id: DocId) -> ActorChip {
        ActorChip {
            title: self.items[id].title.clone(),
            url: self.items[id].url.clone(),
            slug: self.document(id).slug.clone(),
        }
    }

    pub fn tag_chip(&self, name: &str) -> TagChip {
        let slug = crate::slug::slugify(name);
        TagChip {
            name: name.to_owned(),
            url: self.config.url(&format!("tags/{slug}/")),
            slug,
        }
    }

    /// Inline HTML of a summary-like text, citations as links.
    pub fn inline(&self, body: Option<&crate::markdown::ParsedBody>) -> Option<String> {
        body.map(|b| self.filler.fill(b, &mut CitationStyle::Linked))
    }

    fn event_view(&self, id: EventId, event: &TimelineEvent) -> EventView {
        let language = self.language();
        let when = match &event.end {
            Some(end) => event.date.display_range(end, language),
            None => event.date.display(language),
        };
        EventView {
            id: event.id.clone(),
            url: self.config.url(&self.event_path(id)),
            date: DateView::new(&event.date, language),
            end: event.end.as_ref().map(|d| DateView::new(d, language)),
            when,
            title: event.title.clone(),
            summary: self.inline(event.summary.as_ref()),
            actors: self.linked.event_refs[id]
                .actors
                .iter()
                .map(|&a| self.actor_chip(a))
                .collect(),
            sources: self.source_chips(&self.linked.event_refs[id].sources),
            ground: self.ground(&self.linked.event_refs[id].sources),
            quotes: self.quotes(&event.sources),
            tags: event.tags.iter().map(|t| self.tag_chip(t)).collect(),
            place: event.place.clone(),
            extra: event.extra.clone(),
        }
    }

    /// Where event `id` is on the timeline, as an output path with its anchor: `timeline/#id`,
    /// or `timeline/2022/#id` when the timeline is cut into parts. Every link to an event is
    /// made from this.
    pub fn event_path(&self, id: EventId) -> String {
        let page = self.timeline_parts.page_of(id.index());
        format!("{page}#{}", self.linked.dossier.events[id].id)
    }

    /// A document or event that links somewhere, as a list item.
    pub fn referrer_item(&self, referrer: Referrer) -> Value {
        match referrer {
            Referrer::Document(id) => self.item_values[id].clone(),
            Referrer::Event(id) => {
                let event = &self.events[id];
                Value::from_serializable(&ItemView {
                    title: event.title.clone(),
                    url: event.url.clone(),
                    summary: None,
                    date: Some(event.date.clone()),
                    section: "timeline",
                    kind: None,
                    kind_label: Some(self.site.t.timeline.to_owned()),
                    grade: None,
                    publisher: None,
                })
            }
        }
    }
}

/// The evidence a view shows: source chips with their grades, the ground of a statement, quotes.
impl Views<'_> {
    pub fn source_chip(&self, id: DocId) -> SourceChip {
        let item: &ItemView = &self.items[id];
        SourceChip {
            title: item.title.clone(),
            url: item.url.clone(),
            grade: item.grade.clone(),
        }
    }

    pub fn source_chips(&self, ids: &[DocId]) -> Vec<SourceChip> {
        ids.iter().map(|&id| self.source_chip(id)).collect()
    }

    /// The ground of a statement resting on `sources`, when there is something to say.
    pub fn ground(&self, sources: &[DocId]) -> Option<GroundView> {
        GroundView::of(Ground::of(&self.linked.dossier.documents, sources))
    }

    /// The quotes and locators of a list of sources, in its order; bare ids give none.
    pub fn quotes(&self, refs: &[SourceRef]) -> Vec<QuoteView> {
        refs.iter()
            .filter(|r| r.quote.is_some() || r.locator.is_some())
            .filter_map(|r| {
                let id = self.linked.names.resolve_source(&r.id).ok()?;
                let doc = self.document(id);
                let info = doc.source.as_ref();
                let cite = info
                    .and_then(|s| s.url.clone())
                    .unwrap_or_else(|| self.config.absolute_url(&doc.page_path()));
                Some(QuoteView {
                    title: self.items[id].title.clone(),
                    url: self.items[id].url.clone(),
                    cite,
                    quote: r.quote.clone(),
                    locator: r.locator.clone(),
                    lang: info
                        .and_then(|s| s.language.as_deref())
                        .filter(|code| is_language_tag(code))
                        .map(str::to_owned),
                })
            })
            .collect()
    }
}

/// The template values of the chips a set of events shows, made once each: an actor, source or
/// tag named by many events is one value, shared (template values are reference counted).
struct SharedChips<'v> {
    actors: HashMap<DocId, Value>,
    sources: HashMap<DocId, Value>,
    tags: HashMap<&'v str, Value>,
}

impl<'v> SharedChips<'v> {
    fn new(views: &'v Views, events: &[EventId]) -> Self {
        let linked = views.linked;
        let named = |list: fn(&'v EventRefs) -> &'v [DocId]| -> HashSet<DocId> {
            events
                .iter()
                .flat_map(|&id| list(&linked.event_refs[id]).iter().copied())
                .collect()
        };
        let tags: HashSet<&str> = events
            .iter()
            .flat_map(|&id| linked.dossier.events[id].tags.iter().map(String::as_str))
            .collect();
        SharedChips {
            actors: named(|refs| &refs.actors)
                .into_iter()
                .map(|id| (id, Value::from_serializable(&views.actor_chip(id))))
                .collect(),
            sources: named(|refs| &refs.sources)
                .into_iter()
                .map(|id| (id, Value::from_serializable(&views.source_chip(id))))
                .collect(),
            tags: tags
                .into_iter()
                .map(|name| (name, Value::from_serializable(&views.tag_chip(name))))
                .collect(),
        }
    }
}

fn site_view(config: &Config) -> SiteView {
    let t = config.language.strings();
    let nav = [
        (t.actors, "actors"),
        (t.timeline, "timeline"),
        (t.graph, "graph"),
        (t.notes, "notes"),
        (t.sources, "sources"),
        (t.evidence, "evidence"),
        (t.tags, "tags"),
    ]
    .into_iter()
    .map(|(title, section)| NavItem {
        title: title.to_owned(),
        url: config.url(&format!("{section}/")),
        section,
    })
    .collect();
    SiteView {
        title: config.title.clone(),
        description: config.description.clone(),
        author: config.author.clone(),
        license: config.license.clone(),
        license_url: config.license_url.clone(),
        language: config.language_code.clone(),
        base_url: config.base_url.clone(),
        base_path: config.base_path.clone(),
        search: config.search,
        changes: false,
        t,
        nav,
        extra: config.extra.clone(),
    }
}

pub fn section_name(section: Section) -> &'static str {
    match section {
        Section::Home => "home",
        Section::Actors => "actors",
        Section::Notes => "notes",
        Section::Sources => "sources",
    }
}

fn item_view(doc: &Document, filler: &Filler, config: &Config) -> ItemView {
    let kind = doc
        .actor
        .as_ref()
        .map(|a| a.kind.clone())
        .or_else(|| doc.source.as_ref().and_then(|s| s.kind.clone()))
        .filter(|k| !k.is_empty());
    let date = doc
        .date
        .or_else(|| doc.source.as_ref().and_then(|s| s.published));
    let source = doc.source.as_ref();
    ItemView {
        title: doc.title.clone(),
        url: config.url(&doc.page_path()),
        summary: doc
            .summary
            .as_ref()
            .map(|s| filler.fill(s, &mut CitationStyle::Linked)),
        date: date.map(|d| DateView::new(&d, config.language)),
        section: section_name(doc.section),
        kind_label: kind.as_deref().map(|k| kind_label(config.language, k)),
        kind,
        grade: source
            .and_then(|s| s.reliability)
            .map(|grade| GradeView::new(grade, config.language.strings())),
        publisher: source.and_then(|s| s.publisher.clone()),
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;
    use crate::config::Overrides;
    use crate::{link, model, source};

    /// This repository's dossier, linked.
    fn linked_dossier() -> (Linked, Config) {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let config = Config::load(root, &Overrides::default()).expect("site.toml");
        let (raw, problems) = source::read_content(root);
        assert!(problems.is_empty(), "{problems:?}");
        let (dossier, problems) = model::load(raw, &config);
        assert!(problems.is_empty(), "{problems:?}");
        let (linked, problems) = link::link(dossier, &config);
        // statements on weak ground are warnings, which the dossier may have
        assert!(!problems.iter().any(Diagnostic::is_error), "{problems:?}");
        (linked, config)
    }

    #[test]
    fn event_values_show_the_event_views_with_shared_chips() {
        let (linked, config) = linked_dossier();
        let views = Views::new(&linked, &config);
        assert!(views.events.len() > 10);
        for (view, value) in views.events.iter().zip(&views.event_values) {
            assert_eq!(*value, Value::from_serializable(view), "{}", view.id);
        }
    }

    #[test]
    fn a_build_makes_timeline_cards_as_the_page_is_written_and_serve_keeps_them() {
        let (linked, config) = linked_dossier();
        let theme = Theme::load(Path::new(env!("CARGO_MANIFEST_DIR"))).expect("theme");
        let mut built = Views::new(&linked, &config);
        built
            .render_event_cards(&theme, false, &|_, _| None)
            .expect("cards");
        assert!(built.timeline_cards.is_none());
        let mut served = Views::new(&linked, &config);
        served
            .render_event_cards(&theme, true, &|_, _| None)
            .expect("cards");
        for id in built.events.ids() {
            let card = built.timeline_card(&theme, id).expect("card");
            assert!(card.contains(&format!("id=\"{}\"", built.events[id].id)));
            assert_eq!(card, served.timeline_card(&theme, id).expect("card"));
            assert_eq!(built.event_values[id], served.event_values[id]);
        }
    }
}
