//! `data/entities.ftm.jsonl`: the dossier as FollowTheMoney entities (the model of Aleph and
//! OpenAleph), one JSON object a line: actors as `Person`, `PublicBody`, `Company` or
//! `Organization`, relations as interval entities chosen by their type, events as `Event`,
//! sources as `Article`, and what each actor's `sources:` documents as `Documentation`.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::date::PartialDate;
use crate::ids::IdVec;
use crate::model::{ActorInfo, DocId, Relation};
use crate::render::views::Views;

/// One entity as FtM serialises it: every property a list of strings.
#[derive(Serialize)]
struct Entity {
    id: String,
    schema: &'static str,
    properties: BTreeMap<&'static str, Vec<String>>,
}

impl Entity {
    fn new(id: String, schema: &'static str) -> Self {
        Entity {
            id,
            schema,
            properties: BTreeMap::new(),
        }
    }

    /// Adds a value; empty text adds nothing.
    fn add(&mut self, property: &'static str, value: impl Into<String>) -> &mut Self {
        let value = value.into();
        if !value.trim().is_empty() {
            self.properties.entry(property).or_default().push(value);
        }
        self
    }

    fn add_date(&mut self, property: &'static str, date: Option<&PartialDate>) -> &mut Self {
        if let Some(date) = date {
            self.add(property, date.iso());
        }
        self
    }

    fn add_all<S: Into<String>>(
        &mut self,
        property: &'static str,
        values: impl IntoIterator<Item = S>,
    ) -> &mut Self {
        for value in values {
            self.add(property, value);
        }
        self
    }
}

/// A stable entity id from a slug: `dossier-actor-tokajew`. FtM ids allow letters, digits, `.`
/// and `-`; a slug with anything else (an event id written by hand) gets those characters
/// replaced and a hash of the original, so two ids never meet.
pub fn entity_id(kind: &str, slug: &str) -> String {
    let clean: String = slug
        .chars()
        .map(|c| match c {
            'a'..='z' | 'A'..='Z' | '0'..='9' | '.' | '-' => c,
            _ => '-',
        })
        .collect();
    let clean = clean.trim_matches(['-', '.']);
    if clean == slug {
        format!("dossier-{kind}-{slug}")
    } else {
        let hash = xxhash_rust::xxh3::xxh3_64(slug.as_bytes());
        format!("dossier-{kind}-{clean}-{:08x}", hash as u32)
    }
}

/// The FtM schema of an actor's `kind`: people, states and public authorities, companies, and
/// any other organisation.
pub fn actor_schema(kind: &str) -> &'static str {
    let kind = kind.to_lowercase();
    let has = |words: &[&str]| words.iter().any(|w| kind.contains(w));
    if has(&["person", "people", "mensch"]) {
        "Person"
    } else if has(&[
        "state",
        "staat",
        "authorit",
        "behörde",
        "ministr",
        "ministe",
        "government",
        "regierung",
        "parliament",
        "parlament",
        "agency",
        "court",
        "gericht",
        "public",
    ]) {
        "PublicBody"
    } else if has(&[
        "company",
        "firm",
        "unternehmen",
        "konzern",
        "corporation",
        "bank",
    ]) {
        "Company"
    } else {
        "Organization"
    }
}

/// How a relation is written in FtM: its schema and the properties for its two ends.
struct RelationShape {
    schema: &'static str,
    from: &'static str,
    to: &'static str,
    /// Where the relation's type goes: `role`, or `relationship` for kin and associates.
    label: &'static str,
}

/// Relation types between two people that name kin.
const FAMILY: &[&str] = &[
    "vater",
    "mutter",
    "sohn",
    "tochter",
    "bruder",
    "schwester",
    "ehefrau",
    "ehemann",
    "father",
    "mother",
    "son of",
    "daughter",
    "brother",
    "sister",
    "wife",
    "husband",
    "spouse",
    "family",
    "familie",
    "cousin",
    "onkel",
    "uncle",
    "tante",
    "aunt",
];

/// Relation types of someone speaking or acting for an organisation or a state.
const REPRESENTATION: &[&str] = &[
    "botschafter",
    "ambassador",
    "gesandt",
    "envoy",
    "sprecher",
    "spokes",
    "vertreter",
    "representative",
    "beauftragt",
];

/// Relation types of a person leading an organisation or a state.
const DIRECTORSHIP: &[&str] = &[
    "präsident",
    "president",
    "minister",
    "vorsitz",
    "chair",
    "direktor",
    "director",
    "leiter",
    "head",
    "chef",
    "kanzler",
    "chancellor",
    "gouverneur",
    "governor",
    "bürgermeister",
    "mayor",
    "ceo",
    "sekretär",
    "secretary",
];

/// Relation types of a person working for an organisation.
const EMPLOYMENT: &[&str] = &[
    "mitarbeiter",
    "employee",
    "angestellt",
    "autor",
    "author",
    "redakteur",
    "editor",
    "journalist",
    "korrespondent",
    "correspondent",
    "berater",
    "adviser",
    "advisor",
];

/// The interval schema that fits a relation, by its type's words (German or English) and the
/// kinds of its two ends; `UnknownLink` when none fits (it takes any two things).
fn relation_shape(kind: &str, from_schema: &str, to_schema: &str) -> RelationShape {
    let kind = kind.to_lowercase();
    let has = |words: &[&str]| words.iter().any(|w| kind.contains(w));
    let shape = |schema, from, to, label| RelationShape {
        schema,
        from,
        to,
        label,
    };
    let person = from_schema == "Person";
    let both_people = person && to_schema == "Person";
    let to_organisation = to_schema != "Person";
    if both_people && has(FAMILY) {
        return shape("Family", "person", "relative", "relationship");
    }
    if has(&["nachfolger", "successor", "vorgänger", "predecessor"]) && from_schema == to_schema {
        return match has(&["vorgänger", "predecessor"]) {
            true => shape("Succession", "predecessor", "successor", "role"),
            false => shape("Succession", "successor", "predecessor", "role"),
        };
    }
    if to_organisation && has(&["mitglied", "member", "teilnehm", "participant", "beitritt"]) {
        return shape("Membership", "member", "organization", "role");
    }
    if to_organisation && has(REPRESENTATION) {
        return shape("Representation", "agent", "client", "role");
    }
    if person && to_organisation && has(DIRECTORSHIP) {
        return shape("Directorship", "director", "organization", "role");
    }
    if person && to_organisation && has(EMPLOYMENT) {
        return shape("Employment", "employee", "employer", "role");
    }
    if both_people {
        return shape("Associate", "person", "associate", "relationship");
    }
    shape("UnknownLink", "subject", "object", "role")
}

/// The whole file: actors, sources, relations, events, then what documents which actor.
pub fn entities_jsonl(views: &Views) -> String {
    let export = Export { views };
    let entities = [
        export.actors(),
        export.sources(),
        export.relations(),
        export.events(),
        export.documentation(),
    ];
    let mut out = String::new();
    for entity in entities.iter().flatten() {
        out.push_str(&serde_json::to_string(entity).unwrap_or_default());
        out.push('\n');
    }
    out
}

/// The dossier as the export sees it, and the ids it gives documents.
struct Export<'v> {
    views: &'v Views<'v>,
}

impl Export<'_> {
    fn documents(&self) -> &IdVec<DocId, crate::model::Document> {
        &self.views.linked.dossier.documents
    }

    fn actor_id(&self, id: DocId) -> String {
        entity_id("actor", &self.documents()[id].slug)
    }

    fn source_id(&self, id: DocId) -> String {
        entity_id("source", &self.documents()[id].slug)
    }

    fn actor_docs(&self) -> impl Iterator<Item = (DocId, &ActorInfo)> {
        (self.documents().iter_with_ids())
            .filter_map(|(id, doc)| doc.actor.as_ref().map(|actor| (id, actor)))
    }

    fn actors(&self) -> Vec<Entity> {
        let config = self.views.config;
        self.actor_docs()
            .map(|(id, actor)| {
                let doc = &self.documents()[id];
                let schema = actor_schema(&actor.kind);
                let mut entity = Entity::new(self.actor_id(id), schema);
                entity
                    .add("name", doc.title.as_str())
                    .add_all("alias", doc.aliases.iter().map(String::as_str))
                    .add_all("keywords", doc.tags.iter().map(String::as_str))
                    .add("sourceUrl", config.absolute_url(&doc.page_path()));
                if let Some(summary) = &doc.summary {
                    entity.add("summary", summary.plain_text.as_str());
                }
                if schema == "Person" {
                    entity
                        .add_date("birthDate", actor.born.as_ref())
                        .add_date("deathDate", actor.died.as_ref());
                } else {
                    entity
                        .add_date("incorporationDate", actor.founded.as_ref())
                        .add_date("dissolutionDate", actor.dissolved.as_ref());
                }
                entity
            })
            .collect()
    }

    fn sources(&self) -> Vec<Entity> {
        let documents = self.documents().iter_with_ids();
        documents
            .filter_map(|(id, doc)| {
                let source = doc.source.as_ref()?;
                let text = |value: &Option<String>| value.clone().unwrap_or_default();
                let mut entity = Entity::new(self.source_id(id), "Article");
                entity
                    .add("title", doc.title.as_str())
                    .add("name", doc.title.as_str())
                    .add("author", text(&source.author))
                    .add("publisher", text(&source.publisher))
                    .add_date("publishedAt", source.published.as_ref())
                    .add("sourceUrl", text(&source.url))
                    .add("language", text(&source.language));
                if let Some(summary) = &doc.summary {
                    entity.add("summary", summary.plain_text.as_str());
                }
                if let Some(grade) = source.reliability {
                    let note = source.reliability_note.as_deref().unwrap_or_default();
                    let notes = format!("Reliability {grade:?} {note}");
                    entity.add("notes", notes.trim());
                }
                Some(entity)
            })
            .collect()
    }

    /// Each relation whose target is an actor; ids count the relations between the same two.
    fn relations(&self) -> Vec<Entity> {
        let linked = self.views.linked;
        let documents = self.documents();
        let mut seen: BTreeMap<(DocId, DocId), usize> = BTreeMap::new();
        let mut entities = Vec::new();
        for (id, actor) in self.actor_docs() {
            for (index, relation) in actor.relations.iter().enumerate() {
                let refs = &linked.doc_refs[id];
                let target = refs.relation_targets.get(index).copied().flatten();
                let Some((target, other)) =
                    target.and_then(|t| Some((t, documents[t].actor.as_ref()?)))
                else {
                    continue;
                };
                let count = seen.entry((id, target)).or_default();
                *count += 1;
                let slug = format!("{}-{}-{count}", documents[id].slug, documents[target].slug);
                let sources = refs.relation_sources[index].iter();
                entities.push(relation_entity(
                    entity_id("relation", &slug),
                    relation,
                    (self.actor_id(id), &actor.kind),
                    (self.actor_id(target), &other.kind),
                    sources.map(|&s| self.source_id(s)),
                ));
            }
        }
        entities
    }

    fn events(&self) -> Vec<Entity> {
        let linked = self.views.linked;
        let config = self.views.config;
        (linked.dossier.events.iter_with_ids())
            .map(|(index, event)| {
                let actors = linked.event_refs[index].actors.iter();
                let sources = linked.event_refs[index].sources.iter();
                let mut entity = Entity::new(entity_id("event", &event.id), "Event");
                entity
                    .add("name", event.title.as_str())
                    .add_date("startDate", Some(&event.date))
                    .add_date("endDate", event.end.as_ref())
                    .add("location", event.place.clone().unwrap_or_default())
                    .add_all("keywords", event.tags.iter().map(String::as_str))
                    .add_all("involved", actors.map(|&a| self.actor_id(a)))
                    .add_all("proof", sources.map(|&s| self.source_id(s)))
                    .add(
                        "sourceUrl",
                        config.absolute_url(&self.views.event_path(index)),
                    );
                if let Some(summary) = &event.summary {
                    entity.add("summary", summary.plain_text.as_str());
                }
                entity
            })
            .collect()
    }

    /// What an actor's `sources:` say about it: each source once per actor.
    fn documentation(&self) -> Vec<Entity> {
        let linked = self.views.linked;
        let documents = self.documents();
        let mut entities = Vec::new();
        for (id, _) in self.actor_docs() {
            let sources: std::collections::BTreeSet<DocId> =
                linked.doc_refs[id].sources.iter().copied().collect();
            for source in sources {
                let slug = format!("{}-{}", documents[source].slug, documents[id].slug);
                let mut entity = Entity::new(entity_id("documentation", &slug), "Documentation");
                entity
                    .add("document", self.source_id(source))
                    .add("entity", self.actor_id(id));
                entities.push(entity);
            }
        }
        entities
    }
}

/// One relation as the interval entity its type and ends call for.
fn relation_entity(
    id: String,
    relation: &Relation,
    (from, from_kind): (String, &str),
    (to, to_kind): (String, &str),
    sources: impl Iterator<Item = String>,
) -> Entity {
    let shape = relation_shape(
        &relation.kind,
        actor_schema(from_kind),
        actor_schema(to_kind),
    );
    let mut entity = Entity::new(id, shape.schema);
    entity
        .add(shape.from, from)
        .add(shape.to, to)
        .add(shape.label, relation.kind.as_str())
        .add_date("startDate", relation.from.as_ref())
        .add_date("endDate", relation.until.as_ref())
        .add_all("proof", sources);
    if let Some(note) = &relation.note {
        entity.add("description", note.plain_text.as_str());
    }
    entity
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_keep_clean_slugs_and_mark_changed_ones() {
        assert_eq!(entity_id("actor", "tokajew"), "dossier-actor-tokajew");
        let changed = entity_id("event", "2022_06 spief");
        assert!(
            changed.starts_with("dossier-event-2022-06-spief-"),
            "{changed}"
        );
        assert_ne!(changed, entity_id("event", "2022-06-spief"));
    }

    #[test]
    fn actor_kinds_become_schemas() {
        assert_eq!(actor_schema("person"), "Person");
        assert_eq!(actor_schema("state"), "PublicBody");
        assert_eq!(actor_schema("Behörde"), "PublicBody");
        assert_eq!(actor_schema("organization"), "Organization");
        assert_eq!(actor_schema("company"), "Company");
    }

    #[test]
    fn relation_types_choose_their_interval() {
        let of = |kind, from, to| relation_shape(kind, from, to).schema;
        assert_eq!(of("Präsident", "Person", "PublicBody"), "Directorship");
        assert_eq!(
            of("Gründungsmitglied", "PublicBody", "Organization"),
            "Membership"
        );
        assert_eq!(
            of("Botschafter in Kasachstan", "Person", "PublicBody"),
            "Representation"
        );
        assert_eq!(of("Autorin", "Person", "Organization"), "Employment");
        assert_eq!(of("Tochter", "Person", "Person"), "Family");
        assert_eq!(
            of("Treffen und Telefonate", "Person", "Person"),
            "Associate"
        );
        assert_eq!(
            of("Nachfolger im Präsidentenamt", "Person", "Person"),
            "Succession"
        );
        assert_eq!(
            of("Angriffskrieg", "PublicBody", "PublicBody"),
            "UnknownLink"
        );
        // an office held by a state is no directorship
        assert_eq!(of("Präsident", "PublicBody", "Organization"), "UnknownLink");
    }
}
