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
use crate::render::reads::{Declaration, Owner, Read, Reader};
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
        let shown = views.event_values.clone();
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
    /// Events whose view was made again (in order).
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
    let shown = bodies_filled_differently(linked, changed);
    let items = Remade::items(linked, changed, &shown, declaration);
    let entries_differ: HashSet<DocId> = views.remake_items(&items).into_iter().collect();
    let events = Remade::events(linked, changed, &shown, &entries_differ, declaration);
    views.remake_events(theme, &events)?;
    let remade = Remade {
        items,
        events,
        // the network reads every actor's file
        network: (changed.documents.iter()).any(|&id| linked.dossier.documents[id].actor.is_some()),
    };
    if remade.network {
        views.remake_network();
    }
    Ok((views, remade))
}

impl Remade {
    /// The documents whose list entry reads something that changed: the edited ones, and
    /// those whose summary shows a change, by what [`Reader::Entry`] reads.
    fn items(
        linked: &Linked,
        changed: &Changed,
        shown: &HashSet<DocId>,
        declaration: &Declaration,
    ) -> Vec<DocId> {
        let documents = &linked.dossier.documents;
        let edited: HashSet<DocId> = changed.documents.iter().copied().collect();
        let reads_itself = declaration.reads(Reader::Entry, Read::Document);
        documents
            .par_ids()
            .filter(|id| {
                (reads_itself && edited.contains(id))
                    || shows_a_change(
                        Reader::Entry,
                        documents[*id].summary.as_ref(),
                        changed,
                        shown,
                        declaration,
                    )
            })
            .collect()
    }

    /// The events whose view reads something that changed, by what [`Reader::Event`] reads:
    /// references that lead elsewhere, a summary that shows a change, or the list entry of
    /// one of its actors or sources that shows something else now (a name, a grade).
    fn events(
        linked: &Linked,
        changed: &Changed,
        shown: &HashSet<DocId>,
        entries_differ: &HashSet<DocId>,
        declaration: &Declaration,
    ) -> Vec<EventId> {
        let relinked: HashSet<EventId> = changed.events.iter().copied().collect();
        let lists_differ = |id: EventId| {
            let mut any = false;
            for &read in declaration.of(Reader::Event) {
                if let Read::Entries(list) = read {
                    list.for_each(linked, Owner::Event(id), |ids| {
                        any |= ids.iter().any(|id| entries_differ.contains(id));
                    });
                }
            }
            any
        };
        let events = &linked.dossier.events;
        events
            .par_ids()
            .filter(|&id| {
                relinked.contains(&id)
                    || shows_a_change(
                        Reader::Event,
                        events[id].summary.as_ref(),
                        changed,
                        shown,
                        declaration,
                    )
                    || lists_differ(id)
            })
            .collect()
    }
}

/// Whether a summary shows a change, by what its reader reads: the names of what it links to
/// or cites (a link leads to a document of the same names and headings unless renamed), and
/// what the notes it embeds show.
fn shows_a_change(
    reader: Reader,
    body: Option<&ParsedBody>,
    changed: &Changed,
    shown: &HashSet<DocId>,
    declaration: &Declaration,
) -> bool {
    let Some(body) = body else { return false };
    let reads = |read| declaration.reads(reader, read);
    (reads(Read::Links) && names_renamed(&body.links, &changed.renamed))
        || (reads(Read::Citations) && names_renamed(&body.cited, &changed.renamed))
        || (reads(Read::Embeds) && embeds_any(body, shown))
}

/// Whether one of `resolved` leads to a document of `renamed`.
fn names_renamed(resolved: &[Resolved], renamed: &[DocId]) -> bool {
    resolved
        .iter()
        .any(|resolved| matches!(resolved, Resolved::Document { doc, .. } if renamed.contains(doc)))
}

/// The documents whose body fills differently now: a filled text shows the titles of the
/// documents it links to, embeds or cites (a link written as a file name, an embed's header, a
/// citation), and the filled bodies of the notes it embeds. So they are the edited ones, those
/// naming a renamed document, and the notes embedding any of these, at any depth: a summary
/// embedding a note that links to a renamed one shows the new title.
fn bodies_filled_differently(linked: &Linked, changed: &Changed) -> HashSet<DocId> {
    let documents = &linked.dossier.documents;
    let renamed = &changed.renamed;
    let names_renamed_doc = |body: &ParsedBody| {
        names_renamed(&body.links, renamed) || names_renamed(&body.cited, renamed)
    };
    let mut shown: HashSet<DocId> = changed.documents.iter().copied().collect();
    if !renamed.is_empty() {
        shown.extend(
            documents
                .par_ids()
                .filter(|&id| names_renamed_doc(&documents[id].body))
                .collect::<Vec<DocId>>(),
        );
    }
    loop {
        let embedding: Vec<DocId> = documents
            .par_ids()
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
        for id in first.events.ids() {
            assert_eq!(first.event_values[id], second.event_values[id]);
            assert_eq!(
                first.timeline_card(&theme, id).expect("card"),
                second.timeline_card(&theme, id).expect("card")
            );
        }
    }
}
