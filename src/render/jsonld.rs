//! Structured data for search engines: schema.org JSON-LD per page, built as JSON values (never
//! as strings) and escaped so that no text of the dossier can end the `<script>` block.

use rayon::prelude::*;
use serde::Serialize;
use serde_json::{Map, Value, json};

use super::views::Views;
use crate::date::PartialDate;
use crate::model::{ActorInfo, DocId, Document, EventId, SourceInfo};
use crate::source::Section;

/// The JSON text of `value` for a `<script type="application/ld+json">` block: `<`, `>` and `&`
/// become `\u003c`, `\u003e` and `\u0026`, so `</script>` or `<!--` inside a string cannot break
/// out of the block, and the JSON still means the same.
pub fn script_text(value: &impl Serialize) -> String {
    // the JSON of plain data: nothing can fail
    let json = serde_json::to_string(value).unwrap_or_default();
    escaped_for_script(json)
}

/// JSON with `<`, `>`, `&`, U+2028 and U+2029 escaped; the stretches between them copied whole.
fn escaped_for_script(json: String) -> String {
    let bytes = json.as_bytes();
    // U+2028 and U+2029 are E2 80 A8 and E2 80 A9 in UTF-8
    let may_escape = |b: u8| matches!(b, b'<' | b'>' | b'&' | 0xE2);
    let Some(first) = bytes.iter().position(|&b| may_escape(b)) else {
        return json;
    };
    let mut out = String::with_capacity(json.len() + 32);
    let mut plain_from = 0;
    let mut at = first;
    while at < bytes.len() {
        let escape = match (bytes[at], bytes.get(at + 1..at + 3)) {
            (b'<', _) => Some(("\\u003c", 1)),
            (b'>', _) => Some(("\\u003e", 1)),
            (b'&', _) => Some(("\\u0026", 1)),
            // valid in JSON, but line terminators in older JavaScript parsers
            (0xE2, Some([0x80, 0xA8])) => Some(("\\u2028", 3)),
            (0xE2, Some([0x80, 0xA9])) => Some(("\\u2029", 3)),
            _ => None,
        };
        match escape {
            Some((escaped, width)) => {
                out.push_str(&json[plain_from..at]);
                out.push_str(escaped);
                at += width;
                plain_from = at;
            }
            None => at += 1,
        }
    }
    out.push_str(&json[plain_from..]);
    out
}

/// Adds `key: value` when there is a value.
fn put(object: &mut Map<String, Value>, key: &str, value: Option<Value>) {
    if let Some(value) = value {
        object.insert(key.to_owned(), value);
    }
}

/// A source's author, publisher and date of publication, where it has them: on the source's own
/// object and on the work a `ClaimReview` reviews alike.
fn put_bibliography(object: &mut Map<String, Value>, source: &SourceInfo) {
    let author = source.author.as_ref();
    put(
        object,
        "author",
        author.map(|a| json!({"@type": "Person", "name": a})),
    );
    let publisher = source.publisher.as_ref();
    put(
        object,
        "publisher",
        publisher.map(|p| json!({"@type": "Organization", "name": p})),
    );
    put(object, "datePublished", date(source.published.as_ref()));
}

fn date(date: Option<&PartialDate>) -> Option<Value> {
    date.map(|d| Value::String(d.iso()))
}

/// The text without surrounding space, if any is left.
fn text(value: &str) -> Option<&str> {
    Some(value.trim()).filter(|value| !value.is_empty())
}

/// The schema.org type of an actor kind.
fn actor_type(kind: &str) -> &'static str {
    match kind {
        "person" => "Person",
        "organization" | "organisation" => "Organization",
        "state" => "Country",
        _ => "Thing",
    }
}

/// The schema.org type of a source kind.
fn source_type(kind: Option<&str>) -> &'static str {
    match kind {
        Some("article") => "Article",
        Some("report") => "Report",
        Some("dataset") => "Dataset",
        Some("website") => "WebSite",
        _ => "CreativeWork",
    }
}

impl Views<'_> {
    fn plain_summary<'d>(&self, doc: &'d Document) -> Option<&'d str> {
        doc.summary.as_ref().and_then(|s| text(&s.plain_text))
    }

    /// A short reference to a document as a thing of schema.org type `kind`.
    fn reference(&self, id: DocId, kind: &'static str) -> Reference<'_> {
        let doc = self.document(id);
        Reference {
            kind,
            name: &doc.title,
            url: self.config.absolute_url(&doc.page_path()),
        }
    }

    /// A short reference to an actor: type, name and page.
    fn actor_ref(&self, id: DocId) -> Reference<'_> {
        let kind = self
            .document(id)
            .actor
            .as_ref()
            .map_or("", |a| a.kind.as_str());
        self.reference(id, actor_type(kind))
    }

    /// The JSON-LD of a document's page: the home page is a `WebSite`, an actor a `Person`,
    /// `Organization` or `Country`, a note an `Article`, a source the work it describes.
    pub fn document_json_ld(&self, id: DocId) -> Option<String> {
        let doc = self.document(id);
        let url = self.config.absolute_url(&doc.page_path());
        let mut object = Map::new();
        match (doc.section, &doc.actor, &doc.source) {
            (Section::Home, _, _) => {
                object.insert("@type".into(), "WebSite".into());
                object.insert("name".into(), self.config.title.clone().into());
                let description = text(&self.config.description);
                put(&mut object, "description", description.map(Value::from));
                object.insert("url".into(), url.into());
                object.insert(
                    "inLanguage".into(),
                    self.config.language_code.clone().into(),
                );
                put(
                    &mut object,
                    "author",
                    self.config
                        .author
                        .as_ref()
                        .map(|a| json!({"@type": "Person", "name": a})),
                );
            }
            (Section::Actors, Some(actor), _) => self.actor_json(&mut object, doc, actor, url),
            (Section::Sources, _, Some(source)) => {
                self.source_json(&mut object, doc, source, url.clone());
                if !source.claims.is_empty() {
                    // the source, and each of its claims as a fact-check of it
                    let reviews = self.claim_reviews(doc, source, &url);
                    let graph: Vec<Value> = std::iter::once(Value::Object(object))
                        .chain(reviews)
                        .collect();
                    let whole = json!({"@context": "https://schema.org", "@graph": graph});
                    return Some(script_text(&whole));
                }
            }
            _ => return Some(self.article_json_ld(id, doc, &url)),
        }
        object.insert("@context".into(), "https://schema.org".into());
        Some(script_text(&Value::Object(object)))
    }

    /// Each claim of a source as a schema.org `ClaimReview`: the claim, its status as the
    /// rating's name, the source as the work reviewed, the dossier as the reviewer.
    fn claim_reviews(&self, doc: &Document, source: &SourceInfo, page_url: &str) -> Vec<Value> {
        let t = self.site.t;
        let mut reviewed = Map::new();
        reviewed.insert("@type".into(), "CreativeWork".into());
        reviewed.insert("name".into(), doc.title.clone().into());
        put_bibliography(&mut reviewed, source);
        reviewed.insert(
            "url".into(),
            source
                .url
                .clone()
                .unwrap_or_else(|| page_url.to_owned())
                .into(),
        );
        let reviewer = json!({
            "@type": "Organization",
            "name": self.config.title,
            "url": self.config.base_url,
        });
        let published = doc.updated.as_ref().or(doc.date.as_ref());
        source
            .claims
            .iter()
            .enumerate()
            .map(|(index, claim)| {
                use crate::model::ClaimStatus::*;
                let label = match claim.status {
                    Confirmed => t.status_confirmed,
                    Context => t.status_context,
                    Disputed => t.status_disputed,
                    Unverified => t.status_unverified,
                };
                let mut review = Map::new();
                review.insert("@type".into(), "ClaimReview".into());
                review.insert("author".into(), reviewer.clone());
                review.insert(
                    "claimReviewed".into(),
                    claim.text.plain_text.trim().to_owned().into(),
                );
                put(&mut review, "datePublished", date(published));
                review.insert(
                    "inLanguage".into(),
                    self.config.language_code.clone().into(),
                );
                review.insert("itemReviewed".into(), Value::Object(reviewed.clone()));
                review.insert(
                    "reviewRating".into(),
                    json!({"@type": "Rating", "alternateName": label}),
                );
                review.insert(
                    "url".into(),
                    format!("{page_url}#claim-{}", index + 1).into(),
                );
                Value::Object(review)
            })
            .collect()
    }

    fn actor_json(
        &self,
        object: &mut Map<String, Value>,
        doc: &Document,
        actor: &ActorInfo,
        url: String,
    ) {
        let kind = actor_type(&actor.kind);
        object.insert("@type".into(), kind.into());
        object.insert("name".into(), doc.title.clone().into());
        put(
            object,
            "description",
            self.plain_summary(doc).map(Value::from),
        );
        object.insert("url".into(), url.into());
        if !doc.aliases.is_empty() {
            object.insert("alternateName".into(), json!(doc.aliases));
        }
        let (start, end) = match kind {
            "Person" => ("birthDate", "deathDate"),
            "Organization" => ("foundingDate", "dissolutionDate"),
            _ => ("", ""),
        };
        if !start.is_empty() {
            put(
                object,
                start,
                date(actor.born.as_ref().or(actor.founded.as_ref())),
            );
            put(
                object,
                end,
                date(actor.died.as_ref().or(actor.dissolved.as_ref())),
            );
        }
    }

    fn source_json(
        &self,
        object: &mut Map<String, Value>,
        doc: &Document,
        source: &SourceInfo,
        url: String,
    ) {
        object.insert("@type".into(), source_type(source.kind.as_deref()).into());
        object.insert("name".into(), doc.title.clone().into());
        put(
            object,
            "description",
            self.plain_summary(doc).map(Value::from),
        );
        object.insert("url".into(), url.into());
        put(object, "sameAs", source.url.clone().map(Value::from));
        put_bibliography(object, source);
        put(
            object,
            "inLanguage",
            source.language.clone().map(Value::from),
        );
    }

    /// A note as an `Article`, written from a typed item (in the keys' sorted order, as for
    /// every other object): the one kind of page there are thousands of.
    fn article_json_ld(&self, id: DocId, doc: &Document, url: &str) -> String {
        script_text(&Article {
            context: "https://schema.org",
            kind: "Article",
            about: self.linked.doc_refs[id]
                .actors
                .iter()
                .map(|&a| self.actor_ref(a))
                .collect(),
            author: self.config.author.as_deref().map(|name| Named {
                kind: "Person",
                name,
            }),
            citation: self.linked.doc_refs[id]
                .sources
                .iter()
                .map(|&s| self.reference(s, "CreativeWork"))
                .collect(),
            date_modified: doc
                .updated
                .as_ref()
                .or(doc.date.as_ref())
                .map(PartialDate::iso),
            date_published: doc.date.as_ref().map(PartialDate::iso),
            description: self.plain_summary(doc),
            headline: &doc.title,
            in_language: &self.config.language_code,
            is_part_of: Reference {
                kind: "WebSite",
                name: &self.config.title,
                url: self.config.base_url.clone(),
            },
            keywords: (!doc.tags.is_empty()).then(|| doc.tags.join(", ")),
            main_entity_of_page: url,
            url,
        })
    }

    /// The timeline as an `ItemList` of `Event`s, each with its dates at their precision.
    /// Written straight from typed items (in the keys' sorted order, as for every other
    /// object), without a JSON tree of ten thousand events in between. `events` are the
    /// indexes of those on the page at `page` (all on `timeline/`, or a part's).
    pub fn timeline_json_ld(&self, events: std::ops::Range<usize>, page: &str) -> Option<String> {
        let all = &self.linked.dossier.events;
        let first = events.start;
        let items: Vec<ListItem> = events
            .into_par_iter()
            .map(|index| (EventId::new(index), &all[EventId::new(index)]))
            .map(|(index, event)| ListItem {
                kind: "ListItem",
                item: EventItem {
                    kind: "Event",
                    about: self.linked.event_refs[index]
                        .actors
                        .iter()
                        .map(|&a| self.actor_ref(a))
                        .collect(),
                    description: event.summary.as_ref().and_then(|s| text(&s.plain_text)),
                    end_date: date(event.end.as_ref()),
                    location: event
                        .place
                        .as_ref()
                        .map(|p| json!({"@type": "Place", "name": p})),
                    name: &event.title,
                    start_date: event.date.iso(),
                    url: self.config.absolute_url(&self.event_path(index)),
                },
                position: index.index() - first + 1,
            })
            .collect();
        let items_len = items.len();
        Some(script_text(&ItemList {
            context: "https://schema.org",
            kind: "ItemList",
            items,
            name: self.site.t.timeline,
            count: items_len,
            url: self.config.absolute_url(page),
        }))
    }
}

/// The timeline's `ItemList`; fields in the order of their JSON keys.
#[derive(Serialize)]
struct ItemList<'a> {
    #[serde(rename = "@context")]
    context: &'static str,
    #[serde(rename = "@type")]
    kind: &'static str,
    #[serde(rename = "itemListElement")]
    items: Vec<ListItem<'a>>,
    name: &'static str,
    #[serde(rename = "numberOfItems")]
    count: usize,
    url: String,
}

#[derive(Serialize)]
struct Article<'a> {
    #[serde(rename = "@context")]
    context: &'static str,
    #[serde(rename = "@type")]
    kind: &'static str,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    about: Vec<Reference<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    author: Option<Named<'a>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    citation: Vec<Reference<'a>>,
    #[serde(rename = "dateModified", skip_serializing_if = "Option::is_none")]
    date_modified: Option<String>,
    #[serde(rename = "datePublished", skip_serializing_if = "Option::is_none")]
    date_published: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    description: Option<&'a str>,
    headline: &'a str,
    #[serde(rename = "inLanguage")]
    in_language: &'a str,
    #[serde(rename = "isPartOf")]
    is_part_of: Reference<'a>,
    #[serde(skip_serializing_if = "Option::is_none")]
    keywords: Option<String>,
    #[serde(rename = "mainEntityOfPage")]
    main_entity_of_page: &'a str,
    url: &'a str,
}

/// A thing by its type, name and page.
#[derive(Serialize)]
struct Reference<'a> {
    #[serde(rename = "@type")]
    kind: &'static str,
    name: &'a str,
    url: String,
}

/// A thing by its type and name.
#[derive(Serialize)]
struct Named<'a> {
    #[serde(rename = "@type")]
    kind: &'static str,
    name: &'a str,
}

#[derive(Serialize)]
struct ListItem<'a> {
    #[serde(rename = "@type")]
    kind: &'static str,
    item: EventItem<'a>,
    position: usize,
}

#[derive(Serialize)]
struct EventItem<'a> {
    #[serde(rename = "@type")]
    kind: &'static str,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    about: Vec<Reference<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    description: Option<&'a str>,
    #[serde(rename = "endDate", skip_serializing_if = "Option::is_none")]
    end_date: Option<Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    location: Option<Value>,
    name: &'a str,
    #[serde(rename = "startDate")]
    start_date: String,
    url: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn script_text_cannot_end_the_script_block() {
        let value = json!({"name": "</script><script>alert(1)</script><!-- & -->"});
        let out = script_text(&value);
        assert!(!out.contains('<'), "{out}");
        assert!(!out.contains('>'), "{out}");
        assert!(!out.contains('&'), "{out}");
        let back: Value = serde_json::from_str(&out).expect("still JSON");
        assert_eq!(back, value);
    }

    #[test]
    fn line_separators_are_escaped() {
        let value = json!({"t": "a\u{2028}b\u{2029}c – d … ü\u{2028}"});
        let out = script_text(&value);
        assert_eq!(out, "{\"t\":\"a\\u2028b\\u2029c – d … ü\\u2028\"}");
        assert_eq!(serde_json::from_str::<Value>(&out).expect("JSON"), value);
    }
}
