//! The views `serve` keeps from one build to the next, and how an edit decides which of them
//! are made again: a list entry or an event's view is remade when something it reads
//! ([`render::reads::ENTRY`], [`render::reads::EVENT`]) shows the edit.

use std::collections::{HashMap, HashSet};

use rayon::prelude::*;
use tera::Value;

use crate::diagnostic::Diagnostic;
use crate::link::Linked;
use crate::markdown::{ParsedBody, ReferenceKind, Resolved};
use crate::model::{DocId, EventId};
use crate::render::reads::{Declaration, DocList, Owner, Read, Reader};
use crate::render::{EventView, Theme, ViewParts, Views};

/// Rendered event cards, kept from one build to the next.
#[derive(Debug, Default)]
pub struct EventCards {
    by_id: HashMap<String, KeptCards>,
}

/// An event's cards as the last build made them.
#[derive(Debug)]
struct KeptCards {
    /// The event's value the cards were made from.
    shown: Value,
    /// That value with the list card added.
    with_card: Value,
    timeline_card: Value,
}

impl EventCards {
    /// Renders the cards of every event of `views`, timeline cards included, taking those of
    /// events that show the same as last time from here; then holds this build's.
    pub fn render(&mut self, views: &mut Views, theme: &Theme) -> Result<(), Vec<Diagnostic>> {
        let shown: Vec<Value> = views.event_values.clone();
        let earlier = std::mem::take(&mut self.by_id);
        let reuse = |view: &EventView, event: &Value| {
            earlier
                .get(&view.id)
                .filter(|kept| kept.shown == *event)
                .map(|kept| (kept.with_card.clone(), kept.timeline_card.clone()))
        };
        views.render_event_cards(theme, true, &reuse)?;
        let timeline_cards = views.timeline_cards.as_deref().unwrap_or_default();
        self.by_id = (views.events.iter().zip(shown))
            .zip(views.event_values.iter().zip(timeline_cards))
            .map(|((view, shown), (with_card, timeline_card))| {
                let kept = KeptCards {
                    shown,
                    with_card: with_card.clone(),
                    timeline_card: timeline_card.clone(),
                };
                (view.id.clone(), kept)
            })
            .collect();
        Ok(())
    }
}

/// What changed since the views were made, for [`refresh`].
#[derive(Debug, Default)]
pub struct Changed {
    /// Documents edited, or whose references lead elsewhere now.
    pub documents: Vec<DocId>,
    /// Documents that may be named differently now (a new title or aliases): lists of events
    /// show their names.
    pub renamed: Vec<DocId>,
    /// Events whose references lead elsewhere now.
    pub events: Vec<EventId>,
}

/// What [`refresh`] made again.
#[derive(Debug, Default)]
pub struct Remade {
    /// Documents whose list entry was made again.
    pub items: Vec<DocId>,
    /// Events whose view was made again.
    pub events: Vec<EventId>,
    /// Whether the actor network was laid out again (an actor was edited).
    pub network: bool,
}

/// The views of `linked` after an edit: those of the last build, `kept`, wherever nothing
/// they read changed, made again where it did. Event cards included. Says what was remade.
pub fn refresh<'a>(
    linked: &'a Linked,
    config: &'a crate::config::Config,
    theme: &Theme,
    kept: ViewParts,
    changed: &Changed,
    declaration: &Declaration,
) -> Result<(Views<'a>, Remade), Vec<Diagnostic>> {
    let mut views = Views::from_parts(linked, config, kept);
    let remade = Remade::after(linked, changed, declaration);
    views.remake_items(&remade.items);
    views.remake_events(theme, &remade.events)?;
    if remade.network {
        views.remake_network();
    }
    Ok((views, remade))
}

impl Remade {
    /// The entries and event views that read something `changed`, by what the declaration
    /// says they read.
    fn after(linked: &Linked, changed: &Changed, declaration: &Declaration) -> Remade {
        let documents = &linked.dossier.documents;
        let edited: HashSet<DocId> = changed.documents.iter().copied().collect();
        let renamed: HashSet<DocId> = changed.renamed.iter().copied().collect();
        let relinked_events: HashSet<EventId> = changed.events.iter().copied().collect();
        let shown = bodies_filled_differently(linked, &edited, &renamed);
        let named_now_differently = |resolved: &[Resolved]| {
            resolved.iter().any(
                |resolved| matches!(resolved, Resolved::Document { doc, .. } if renamed.contains(doc)),
            )
        };
        // what a summary shows, by what its reader reads: the names of what it links to or
        // cites (a link leads to a document of the same names and headings unless renamed),
        // and what the notes it embeds show
        let shows_a_change = |reader: Reader, body: Option<&ParsedBody>| {
            let Some(body) = body else { return false };
            let reads = |read| declaration.reads(reader, read);
            (reads(Read::Links) && named_now_differently(&body.links))
                || (reads(Read::Citations) && named_now_differently(&body.cited))
                || (reads(Read::Embeds) && embeds_any(body, &shown))
        };
        let entry_reads_itself = declaration.reads(Reader::Entry, Read::Document);
        let items = (0..documents.len())
            .into_par_iter()
            .filter(|id| {
                (entry_reads_itself && edited.contains(id))
                    || shows_a_change(Reader::Entry, documents[*id].summary.as_ref())
            })
            .collect();
        let event_reads = |read| declaration.reads(Reader::Event, read);
        let names_renamed = |id: EventId, list: DocList| {
            let mut any = false;
            if event_reads(Read::Entries(list)) {
                list.for_each(linked, Owner::Event(id), |ids| {
                    any |= ids.iter().any(|id| renamed.contains(id));
                });
            }
            any
        };
        let events = (0..linked.dossier.events.len())
            .into_par_iter()
            .filter(|&id| {
                relinked_events.contains(&id)
                    || shows_a_change(Reader::Event, linked.dossier.events[id].summary.as_ref())
                    || names_renamed(id, DocList::EventActors)
                    || names_renamed(id, DocList::EventSources)
            })
            .collect();
        Remade {
            items,
            events,
            // the network reads every actor's file
            network: changed
                .documents
                .iter()
                .any(|&id| documents[id].actor.is_some()),
        }
    }
}

/// The documents whose body fills differently now: a filled text shows the titles of the
/// documents it links to, embeds or cites (a link written as a file name, an embed's header, a
/// citation), and the filled bodies of the notes it embeds. So they are the edited ones, those
/// naming a renamed document, and the notes embedding any of these, at any depth: a summary
/// embedding a note that links to a renamed one shows the new title.
fn bodies_filled_differently(
    linked: &Linked,
    edited: &HashSet<DocId>,
    renamed: &HashSet<DocId>,
) -> HashSet<DocId> {
    let documents = &linked.dossier.documents;
    let names_renamed_doc = |body: &ParsedBody| {
        (body.links.iter().chain(&body.cited)).any(
            |resolved| matches!(resolved, Resolved::Document { doc, .. } if renamed.contains(doc)),
        )
    };
    let mut shown = edited.clone();
    if !renamed.is_empty() {
        shown.extend(
            (0..documents.len())
                .into_par_iter()
                .filter(|&id| names_renamed_doc(&documents[id].body))
                .collect::<Vec<DocId>>(),
        );
    }
    loop {
        let embedding: Vec<DocId> = (0..documents.len())
            .into_par_iter()
            .filter(|id| !shown.contains(id))
            .filter(|&id| embeds_any(&documents[id].body, &shown))
            .collect();
        if embedding.is_empty() {
            break;
        }
        shown.extend(embedding);
    }
    shown
}

/// Whether a body embeds one of `notes` whole.
fn embeds_any(body: &ParsedBody, notes: &HashSet<DocId>) -> bool {
    body.references
        .iter()
        .zip(&body.links)
        .any(|(reference, resolved)| {
            reference.kind == ReferenceKind::NoteEmbed
                && matches!(resolved, Resolved::Document { doc, .. } if notes.contains(doc))
        })
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;
    use crate::config::{Config, Overrides};
    use crate::{link, model, source};

    #[test]
    fn kept_cards_are_used_again_for_events_that_show_the_same() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let config = Config::load(root, &Overrides::default()).expect("site.toml");
        let (raw, _) = source::read_content(root);
        let (dossier, _) = model::load(raw, &config);
        let (linked, _) = link::link(dossier, &config);
        let theme = Theme::load(root).expect("theme");
        let mut cards = EventCards::default();
        let mut first = Views::new(&linked, &config);
        cards.render(&mut first, &theme).expect("cards");
        assert_eq!(cards.by_id.len(), first.events.len());
        let mut second = Views::new(&linked, &config);
        cards.render(&mut second, &theme).expect("cards");
        for id in 0..first.events.len() {
            assert_eq!(first.event_values[id], second.event_values[id]);
            assert_eq!(
                first.timeline_card(&theme, id).expect("card"),
                second.timeline_card(&theme, id).expect("card")
            );
        }
    }
}
