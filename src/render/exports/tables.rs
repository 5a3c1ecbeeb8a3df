//! `data/actors.csv`, `data/events.csv`, `data/claims.csv`: the dossier as spreadsheets, one row
//! each, UTF-8 with a header, dates at their precision, and ids that join the files (an event's
//! `actors` are actor ids, a claim's `events` are event ids, `source` a source id as in
//! `data/sources.json`). Lists within a cell are separated by `;`.

use crate::date::PartialDate;
use crate::model::DocId;
use crate::render::views::Views;

/// A CSV table written by hand: RFC 4180 quoting, `\n` line ends.
struct Table {
    out: String,
}

impl Table {
    fn new(header: &[&str]) -> Self {
        let mut table = Table { out: String::new() };
        table.row(header.iter().map(|h| h.to_string()));
        table
    }

    fn row(&mut self, cells: impl IntoIterator<Item = String>) {
        for (index, cell) in cells.into_iter().enumerate() {
            if index > 0 {
                self.out.push(',');
            }
            if cell.contains([',', '"', '\n', '\r']) {
                self.out.push('"');
                self.out.push_str(&cell.replace('"', "\"\""));
                self.out.push('"');
            } else {
                self.out.push_str(&cell);
            }
        }
        self.out.push('\n');
    }
}

fn date(date: Option<&PartialDate>) -> String {
    date.map(PartialDate::iso).unwrap_or_default()
}

fn list<'a>(items: impl IntoIterator<Item = &'a str>) -> String {
    items.into_iter().collect::<Vec<_>>().join(";")
}

fn slugs(views: &Views, ids: &[DocId]) -> String {
    list(ids.iter().map(|&id| views.document(id).slug.as_str()))
}

/// `data/actors.csv`: one row per actor.
pub fn actors_csv(views: &Views) -> String {
    let mut table = Table::new(&[
        "id",
        "title",
        "kind",
        "born",
        "died",
        "founded",
        "dissolved",
        "aliases",
        "tags",
        "summary",
        "url",
    ]);
    for doc in &views.linked.dossier.documents {
        let Some(actor) = &doc.actor else { continue };
        table.row([
            doc.slug.clone(),
            doc.title.clone(),
            actor.kind.clone(),
            date(actor.born.as_ref()),
            date(actor.died.as_ref()),
            date(actor.founded.as_ref()),
            date(actor.dissolved.as_ref()),
            list(doc.aliases.iter().map(String::as_str)),
            list(doc.tags.iter().map(String::as_str)),
            doc.summary
                .as_ref()
                .map(|s| s.plain_text.clone())
                .unwrap_or_default(),
            views.config.absolute_url(&doc.page_path()),
        ]);
    }
    table.out
}

/// `data/events.csv`: one row per event, in the order of the timeline.
pub fn events_csv(views: &Views) -> String {
    let linked = views.linked;
    let mut table = Table::new(&[
        "id", "date", "end", "title", "place", "actors", "sources", "tags", "summary", "url",
    ]);
    for (index, event) in linked.dossier.events.iter_with_ids() {
        table.row([
            event.id.clone(),
            event.date.iso(),
            date(event.end.as_ref()),
            event.title.clone(),
            event.place.clone().unwrap_or_default(),
            slugs(views, &linked.event_refs[index].actors),
            slugs(views, &linked.event_refs[index].sources),
            list(event.tags.iter().map(String::as_str)),
            event
                .summary
                .as_ref()
                .map(|s| s.plain_text.clone())
                .unwrap_or_default(),
            views.config.absolute_url(&views.event_path(index)),
        ]);
    }
    table.out
}

/// `data/claims.csv`: one row per claim of a source, in the order of the sources.
pub fn claims_csv(views: &Views) -> String {
    let linked = views.linked;
    let mut table = Table::new(&[
        "id", "source", "number", "status", "text", "events", "sources", "note", "url",
    ]);
    for (id, doc) in linked.dossier.documents.iter_with_ids() {
        let Some(source) = &doc.source else { continue };
        for (index, claim) in source.claims.iter().enumerate() {
            let number = index + 1;
            let events = linked.doc_refs[id].claim_events[index]
                .iter()
                .map(|&e| linked.dossier.events[e].id.as_str());
            table.row([
                format!("{}-{number}", doc.slug),
                doc.slug.clone(),
                number.to_string(),
                claim.status.as_str().to_owned(),
                claim.text.plain_text.clone(),
                list(events),
                slugs(views, &linked.doc_refs[id].claim_sources[index]),
                claim
                    .note
                    .as_ref()
                    .map(|n| n.plain_text.clone())
                    .unwrap_or_default(),
                views
                    .config
                    .absolute_url(&format!("{}#claim-{number}", doc.page_path())),
            ]);
        }
    }
    table.out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_are_quoted_only_when_needed() {
        let mut table = Table::new(&["a", "b"]);
        table.row([
            "plain".to_owned(),
            "with, comma and \"quotes\"\nand a line".to_owned(),
        ]);
        assert_eq!(
            table.out,
            "a,b\nplain,\"with, comma and \"\"quotes\"\"\nand a line\"\n"
        );
    }
}
