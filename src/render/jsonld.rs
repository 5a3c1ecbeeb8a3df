//! Structured data for search engines: schema.org JSON-LD per page, built as JSON values (never
//! as strings) and escaped so that no text of the dossier can end the `<script>` block.

use serde_json::{Map, Value, json};

use super::views::Views;
use crate::date::PartialDate;
use crate::model::{ActorInfo, DocId, Document, SourceInfo};
use crate::source::Section;

/// The JSON text of `value` for a `<script type="application/ld+json">` block: `<`, `>` and `&`
/// become `\u003c`, `\u003e` and `\u0026`, so `</script>` or `<!--` inside a string cannot break
/// out of the block, and the JSON still means the same.
pub fn script_text(value: &Value) -> String {
    let text = value.to_string();
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        match c {
            '<' => out.push_str("\\u003c"),
            '>' => out.push_str("\\u003e"),
            '&' => out.push_str("\\u0026"),
            // valid in JSON, but line terminators in older JavaScript parsers
            '\u{2028}' => out.push_str("\\u2028"),
            '\u{2029}' => out.push_str("\\u2029"),
            other => out.push(other),
        }
    }
    out
}

/// Adds `key: value` when there is a value.
fn put(object: &mut Map<String, Value>, key: &str, value: Option<Value>) {
    if let Some(value) = value {
        object.insert(key.to_owned(), value);
    }
}

fn date(date: Option<&PartialDate>) -> Option<Value> {
    date.map(|d| Value::String(d.iso()))
}

fn text(value: &str) -> Option<Value> {
    let value = value.trim();
    (!value.is_empty()).then(|| Value::String(value.to_owned()))
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
    fn website_ref(&self) -> Value {
        json!({"@type": "WebSite", "name": self.config.title, "url": self.config.base_url})
    }

    fn plain_summary(&self, doc: &Document) -> Option<Value> {
        doc.summary.as_ref().and_then(|s| text(&s.plain_text))
    }

    /// A short reference to an actor: type, name and page.
    fn actor_ref(&self, id: DocId) -> Value {
        let doc = self.document(id);
        let kind = doc.actor.as_ref().map_or("", |a| a.kind.as_str());
        json!({
            "@type": actor_type(kind),
            "name": doc.title,
            "url": self.config.absolute_url(&doc.page_path()),
        })
    }

    /// The JSON-LD of a document's page: the home page is a `WebSite`, an actor a `Person`,
    /// `Organization` or `Country`, a note an `Article`, a source the work it describes.
    pub fn document_json_ld(&self, id: DocId) -> Option<String> {
        let doc = self.document(id);
        let url = self.config.absolute_url(&doc.page_path());
        let mut object = Map::new();
        object.insert("@context".into(), "https://schema.org".into());
        match (doc.section, &doc.actor, &doc.source) {
            (Section::Home, _, _) => {
                object.insert("@type".into(), "WebSite".into());
                object.insert("name".into(), self.config.title.clone().into());
                put(&mut object, "description", text(&self.config.description));
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
            (Section::Sources, _, Some(source)) => self.source_json(&mut object, doc, source, url),
            _ => self.article_json(&mut object, id, doc, url),
        }
        Some(script_text(&Value::Object(object)))
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
        put(object, "description", self.plain_summary(doc));
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
        put(object, "description", self.plain_summary(doc));
        object.insert("url".into(), url.into());
        put(object, "sameAs", source.url.clone().map(Value::from));
        put(
            object,
            "author",
            source
                .author
                .as_ref()
                .map(|a| json!({"@type": "Person", "name": a})),
        );
        put(
            object,
            "publisher",
            source
                .publisher
                .as_ref()
                .map(|p| json!({"@type": "Organization", "name": p})),
        );
        put(object, "datePublished", date(source.published.as_ref()));
        put(
            object,
            "inLanguage",
            source.language.clone().map(Value::from),
        );
    }

    fn article_json(
        &self,
        object: &mut Map<String, Value>,
        id: DocId,
        doc: &Document,
        url: String,
    ) {
        object.insert("@type".into(), "Article".into());
        object.insert("headline".into(), doc.title.clone().into());
        put(object, "description", self.plain_summary(doc));
        object.insert("url".into(), url.clone().into());
        object.insert("mainEntityOfPage".into(), url.into());
        object.insert(
            "inLanguage".into(),
            self.config.language_code.clone().into(),
        );
        put(object, "datePublished", date(doc.date.as_ref()));
        put(
            object,
            "dateModified",
            date(doc.updated.as_ref().or(doc.date.as_ref())),
        );
        put(
            object,
            "author",
            self.config
                .author
                .as_ref()
                .map(|a| json!({"@type": "Person", "name": a})),
        );
        if !doc.tags.is_empty() {
            object.insert("keywords".into(), doc.tags.join(", ").into());
        }
        let about: Vec<Value> = self.linked.doc_actors[id]
            .iter()
            .map(|&a| self.actor_ref(a))
            .collect();
        if !about.is_empty() {
            object.insert("about".into(), about.into());
        }
        let citations: Vec<Value> = self.linked.doc_sources[id]
            .iter()
            .map(|&s| {
                let source = self.document(s);
                json!({
                    "@type": "CreativeWork",
                    "name": source.title,
                    "url": self.config.absolute_url(&source.page_path()),
                })
            })
            .collect();
        if !citations.is_empty() {
            object.insert("citation".into(), citations.into());
        }
        object.insert("isPartOf".into(), self.website_ref());
    }

    /// The timeline as an `ItemList` of `Event`s, each with its dates at their precision.
    pub fn timeline_json_ld(&self) -> Option<String> {
        let items: Vec<Value> = self
            .linked
            .dossier
            .events
            .iter()
            .enumerate()
            .map(|(index, event)| {
                let mut item = Map::new();
                item.insert("@type".into(), "Event".into());
                item.insert("name".into(), event.title.clone().into());
                item.insert("startDate".into(), event.date.iso().into());
                put(&mut item, "endDate", date(event.end.as_ref()));
                put(
                    &mut item,
                    "description",
                    event.summary.as_ref().and_then(|s| text(&s.plain_text)),
                );
                put(
                    &mut item,
                    "location",
                    event
                        .place
                        .as_ref()
                        .map(|p| json!({"@type": "Place", "name": p})),
                );
                item.insert(
                    "url".into(),
                    self.config
                        .absolute_url(&format!("timeline/#{}", event.id))
                        .into(),
                );
                let actors: Vec<Value> = self.linked.event_actors[index]
                    .iter()
                    .map(|&a| self.actor_ref(a))
                    .collect();
                if !actors.is_empty() {
                    item.insert("about".into(), actors.into());
                }
                json!({"@type": "ListItem", "position": index + 1, "item": item})
            })
            .collect();
        let value = json!({
            "@context": "https://schema.org",
            "@type": "ItemList",
            "name": self.site.t.timeline,
            "url": self.config.absolute_url("timeline/"),
            "numberOfItems": items.len(),
            "itemListElement": items,
        });
        Some(script_text(&value))
    }
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
        let value = json!({"t": "a\u{2028}b\u{2029}c"});
        let out = script_text(&value);
        assert!(out.contains("\\u2028") && out.contains("\\u2029"));
        assert_eq!(serde_json::from_str::<Value>(&out).expect("JSON"), value);
    }
}
