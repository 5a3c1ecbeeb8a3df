//! Machine-readable files: sitemap, Atom feed, robots.txt, and the data exports.

pub mod ftm;
pub mod graphml;
pub mod tables;

use serde::Serialize;
use serde_json::json;

use super::html::escape;
use super::views::Views;
use crate::date::{PartialDate, Precision};
use crate::model::DocId;
use crate::source::Section;

/// `sitemap.xml` of every page.
pub fn sitemap(views: &Views, page_paths: &[String]) -> String {
    let mut out = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    let mut modified = std::collections::BTreeMap::new();
    for doc in &views.linked.dossier.documents {
        // when it last changed, else when it was written
        let date = (views.last_change_date(doc).or(doc.date)).map(|d| d.first_day());
        if let Some(date) = date {
            modified.insert(doc.page_path(), date);
        }
    }
    for path in page_paths {
        let page = path.trim_end_matches("index.html");
        if page == "404.html" {
            continue;
        }
        out.push_str(&format!(
            "  <url><loc>{}</loc>",
            escape(&views.config.absolute_url(page))
        ));
        if let Some(date) = modified.get(page) {
            out.push_str(&format!("<lastmod>{}</lastmod>", date.format("%Y-%m-%d")));
        }
        out.push_str("</url>\n");
    }
    out.push_str("</urlset>\n");
    out
}

/// `atom.xml`: the notes, newest first. Undated notes are left out; nothing depends on the clock.
pub fn atom(views: &Views) -> String {
    let config = views.config;
    let mut notes: Vec<(PartialDate, DocId)> = views
        .linked
        .dossier
        .documents
        .iter_with_ids()
        .filter(|(_, d)| d.section == Section::Notes)
        .filter_map(|(id, d)| d.updated.or(d.date).map(|date| (date, id)))
        .collect();
    notes.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    notes.truncate(config.feed_limit);
    let stamp = |date: &PartialDate| format!("{}T00:00:00Z", date.first_day().format("%Y-%m-%d"));
    let updated = notes.first().map_or_else(
        || "1970-01-01T00:00:00Z".to_owned(),
        |(date, _)| stamp(date),
    );
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
    out.push_str(&format!(
        "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{}\">\n",
        escape(&config.language_code)
    ));
    out.push_str(&format!("  <title>{}</title>\n", escape(&config.title)));
    if !config.description.is_empty() {
        out.push_str(&format!(
            "  <subtitle>{}</subtitle>\n",
            escape(&config.description)
        ));
    }
    out.push_str(&format!(
        "  <link href=\"{}\" rel=\"self\" type=\"application/atom+xml\"/>\n",
        escape(&config.absolute_url("atom.xml"))
    ));
    out.push_str(&format!(
        "  <link href=\"{}\"/>\n",
        escape(&config.base_url)
    ));
    out.push_str(&format!(
        "  <id>{}</id>\n  <updated>{updated}</updated>\n",
        escape(&config.base_url)
    ));
    out.push_str(&format!(
        "  <author><name>{}</name></author>\n",
        escape(config.author.as_deref().unwrap_or(&config.title))
    ));
    for (date, id) in notes {
        let doc = &views.linked.dossier.documents[id];
        let url = config.absolute_url(&doc.page_path());
        let summary = doc
            .summary
            .as_ref()
            .map_or(doc.body.plain_text.as_str(), |s| s.plain_text.as_str());
        let summary: String = summary.chars().take(400).collect();
        out.push_str("  <entry>\n");
        out.push_str(&format!("    <title>{}</title>\n", escape(&doc.title)));
        out.push_str(&format!(
            "    <link href=\"{}\"/>\n    <id>{}</id>\n",
            escape(&url),
            escape(&url)
        ));
        out.push_str(&format!("    <updated>{}</updated>\n", stamp(&date)));
        if let Some(written) = doc.date {
            out.push_str(&format!("    <published>{}</published>\n", stamp(&written)));
        }
        out.push_str(&format!(
            "    <summary>{}</summary>\n  </entry>\n",
            escape(&summary)
        ));
    }
    out.push_str("</feed>\n");
    out
}

pub fn robots(views: &Views) -> String {
    format!(
        "User-agent: *\nAllow: /\nSitemap: {}\n",
        views.config.absolute_url("sitemap.xml")
    )
}

/// A date as TimelineJS3 wants it: only the parts that are known.
#[derive(Serialize)]
struct TimelineDate {
    year: i32,
    #[serde(skip_serializing_if = "Option::is_none")]
    month: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    day: Option<u32>,
    display_date: String,
}

impl TimelineDate {
    fn new(date: &PartialDate, views: &Views) -> Self {
        TimelineDate {
            year: date.year,
            month: (date.precision() >= Precision::Month)
                .then_some(date.month)
                .flatten(),
            day: (date.precision() == Precision::Day)
                .then_some(date.day)
                .flatten(),
            display_date: date.display(views.language()),
        }
    }
}

/// One event of `data/timeline.json` (fields in alphabetical order, as before).
#[derive(Serialize)]
struct TimelineJsEvent<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    end_date: Option<TimelineDate>,
    #[serde(skip_serializing_if = "Option::is_none")]
    group: Option<String>,
    start_date: TimelineDate,
    text: TimelineText<'a>,
    unique_id: &'a str,
}

#[derive(Serialize)]
/// TimelineJS3 inserts both as HTML: the headline is escaped text, `text` is our HTML.
struct TimelineText<'a> {
    headline: String,
    text: &'a str,
}

#[derive(Serialize)]
struct TimelineJs<'a> {
    events: Vec<TimelineJsEvent<'a>>,
    title: TimelineTitle<'a>,
}

#[derive(Serialize)]
struct TimelineTitle<'a> {
    text: TimelineText<'a>,
}

/// `data/timeline.json` in TimelineJS3's format.
pub fn timeline_json(views: &Views) -> String {
    let events = views
        .linked
        .dossier
        .events
        .iter()
        .zip(&views.events)
        .map(|(event, view)| TimelineJsEvent {
            end_date: event.end.as_ref().map(|end| TimelineDate::new(end, views)),
            group: event.tags.first().map(|tag| escape(tag)),
            start_date: TimelineDate::new(&event.date, views),
            text: TimelineText {
                headline: escape(&event.title),
                text: view.summary.as_deref().unwrap_or_default(),
            },
            unique_id: &event.id,
        })
        .collect();
    let config = views.config;
    let description = escape(&config.description);
    let document = TimelineJs {
        events,
        title: TimelineTitle {
            text: TimelineText {
                headline: escape(&config.title),
                text: &description,
            },
        },
    };
    serde_json::to_string_pretty(&document).unwrap_or_default() + "\n"
}

/// `data/actors.json`: every actor with its relations.
pub fn actors_json(views: &Views) -> String {
    let linked = views.linked;
    let actors: Vec<serde_json::Value> = linked
        .dossier
        .documents
        .iter_with_ids()
        .filter_map(|(id, doc)| doc.actor.as_ref().map(|actor| (id, doc, actor)))
        .map(|(id, doc, actor)| {
            let relations: Vec<serde_json::Value> = actor
                .relations
                .iter()
                .enumerate()
                .map(|(index, relation)| {
                    json!({
                        "to": relation.to,
                        "type": relation.kind,
                        "from": relation.from,
                        "until": relation.until,
                        "sources": linked.doc_refs[id].relation_sources[index].iter().map(|&s| &linked.dossier.documents[s].slug).collect::<Vec<_>>(),
                    })
                })
                .collect();
            json!({
                "slug": doc.slug,
                "title": doc.title,
                "kind": actor.kind,
                "url": views.config.absolute_url(&doc.page_path()),
                "summary": doc.summary.as_ref().map(|s| s.plain_text.clone()),
                "aliases": doc.aliases,
                "tags": doc.tags,
                "born": actor.born,
                "died": actor.died,
                "founded": actor.founded,
                "dissolved": actor.dissolved,
                "events": linked.doc_refs[id].actor_events.iter().map(|&e| &linked.dossier.events[e].id).collect::<Vec<_>>(),
                "relations": relations,
            })
        })
        .collect();
    serde_json::to_string_pretty(&json!({ "actors": actors })).unwrap_or_default() + "\n"
}

/// One source in `data/sources.json`.
#[derive(Serialize)]
struct SourceRecord<'a> {
    id: &'a str,
    title: &'a str,
    /// Its page on this site.
    page: String,
    kind: Option<&'a str>,
    author: Option<&'a str>,
    publisher: Option<&'a str>,
    published: Option<&'a PartialDate>,
    language: Option<&'a str>,
    /// The original.
    url: Option<&'a str>,
    accessed: Option<&'a PartialDate>,
    reliability: Option<crate::model::Reliability>,
    reliability_note: Option<&'a str>,
    archive: Option<&'a str>,
    archived: Option<&'a PartialDate>,
    /// The pages that cite it or rest on it.
    cited_by: Vec<String>,
}

/// `data/sources.json`: every source with its bibliographic data, grade, archived copy and the
/// pages that cite it, in the order of the sources index.
pub fn sources_json(views: &Views) -> String {
    let linked = views.linked;
    let config = views.config;
    let sources: Vec<SourceRecord> = views
        .sorted_items(Section::Sources)
        .into_iter()
        .filter_map(|id| {
            let doc = &linked.dossier.documents[id];
            let source = doc.source.as_ref()?;
            let mut cited_by: Vec<String> = linked.doc_refs[id]
                .cited_by
                .iter()
                .map(|&referrer| match referrer {
                    crate::link::Referrer::Document(doc) => {
                        config.absolute_url(&linked.dossier.documents[doc].page_path())
                    }
                    crate::link::Referrer::Event(event) => {
                        config.absolute_url(&views.event_path(event))
                    }
                })
                .collect();
            cited_by.dedup();
            Some(SourceRecord {
                id: &doc.slug,
                title: &doc.title,
                page: config.absolute_url(&doc.page_path()),
                kind: source.kind.as_deref(),
                author: source.author.as_deref(),
                publisher: source.publisher.as_deref(),
                published: source.published.as_ref(),
                language: source.language.as_deref(),
                url: source.url.as_deref(),
                accessed: source.accessed.as_ref(),
                reliability: source.reliability,
                reliability_note: source.reliability_note.as_deref(),
                archive: source.archive.as_deref(),
                archived: source.archived.as_ref(),
                cited_by,
            })
        })
        .collect();
    #[derive(Serialize)]
    struct SourcesJson<'a> {
        sources: Vec<SourceRecord<'a>>,
    }
    serde_json::to_string_pretty(&SourcesJson { sources }).unwrap_or_default() + "\n"
}
