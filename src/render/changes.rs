//! What the version history shows: each page's last change, the `changes/` page of the latest
//! changes, and their Atom feed `changes/atom.xml`.

use std::collections::HashMap;
use std::path::Path;

use chrono::{DateTime, Datelike, FixedOffset};
use serde::Serialize;

use super::html::escape;
use super::pages::{Page, made};
use super::views::{DateView, LinkView, PageMeta, Views};
use crate::date::PartialDate;
use crate::model::{DocId, Document};
use crate::source::CONTENT_DIR;
use crate::source::history::Change;

#[derive(Serialize)]
struct ChangesPage<'a> {
    site: &'a tera::Value,
    page: PageMeta,
    changes: Vec<ChangeView>,
    feed: String,
}

/// One commit on the changes page.
#[derive(Serialize)]
struct ChangeView {
    /// The anchor: `c-` and the first twelve digits of the commit's hash.
    anchor: String,
    hash: String,
    date: DateView,
    /// The full date and time, for `datetime`.
    timestamp: String,
    subject: String,
    pages: Vec<LinkView>,
}

/// The day of a commit, as the dossier's dates are: known to the day.
fn day(date: &DateTime<FixedOffset>) -> PartialDate {
    PartialDate {
        year: date.year(),
        month: Some(date.month()),
        day: Some(date.day()),
    }
}

fn anchor(change: &Change) -> String {
    format!("c-{}", change.hash.get(..12).unwrap_or(&change.hash))
}

impl Views<'_> {
    /// When a document last changed: its `updated`, else the last commit that changed its file.
    pub fn last_change(&self, doc: &Document) -> Option<DateView> {
        (self.last_change_date(doc)).map(|date| DateView::new(&date, self.language()))
    }

    /// [`Views::last_change`] as a date.
    pub fn last_change_date(&self, doc: &Document) -> Option<PartialDate> {
        let history = self.linked.dossier.history.as_ref();
        let committed = || {
            history
                .and_then(|h| h.last_changed(&doc.file))
                .map(|d| day(&d))
        };
        doc.updated.or_else(committed)
    }

    /// The pages a change touched that are still there: documents by their file, the timeline
    /// for a timeline file; each once, in the order git lists the files.
    fn changed_pages(&self, change: &Change, by_file: &HashMap<&Path, DocId>) -> Vec<LinkView> {
        let timeline = Path::new(CONTENT_DIR).join("timeline");
        let mut pages: Vec<LinkView> = Vec::new();
        for file in &change.files {
            let page = match by_file.get(file.as_path()) {
                Some(&id) => LinkView {
                    title: self.items[id].title.clone(),
                    url: self.items[id].url.clone(),
                },
                None if file.starts_with(&timeline) && !self.events.is_empty() => LinkView {
                    title: self.site.t.timeline.to_owned(),
                    url: self.config.url("timeline/"),
                },
                None => continue,
            };
            if !pages.iter().any(|p| p.url == page.url) {
                pages.push(page);
            }
        }
        pages
    }

    fn change_views(&self) -> Vec<ChangeView> {
        let Some(history) = &self.linked.dossier.history else {
            return Vec::new();
        };
        let by_file: HashMap<&Path, DocId> = (self.linked.dossier.documents.iter_with_ids())
            .filter(|(_, doc)| !doc.file.as_os_str().is_empty())
            .map(|(id, doc)| (doc.file.as_path(), id))
            .collect();
        history
            .recent
            .iter()
            .map(|change| ChangeView {
                anchor: anchor(change),
                hash: change.hash.clone(),
                date: DateView::new(&day(&change.date), self.language()),
                timestamp: change.date.to_rfc3339(),
                subject: change.subject.clone(),
                pages: self.changed_pages(change, &by_file),
            })
            .collect()
    }

    /// The `changes/` page, when the dossier has a history.
    pub fn changes_page(&self) -> Option<Page<'_>> {
        self.linked.dossier.history.as_ref()?;
        let t = self.site.t;
        let page = self.meta(
            t.changes,
            Some(t.changes_intro),
            "changes/",
            "changes",
            "changes",
        );
        Some(Page {
            path: "changes/index.html".into(),
            template: "changes.html",
            context: made(&ChangesPage {
                site: &self.site_value,
                page,
                changes: self.change_views(),
                feed: self.config.url(super::open_data::CHANGES_FEED),
            }),
            indexed: false,
            assembled: None,
            size_hint: 0,
            signature: None,
        })
    }

    /// `changes/atom.xml`: the latest changes, newest first, when the dossier has a history.
    pub fn changes_atom(&self) -> Option<String> {
        self.linked.dossier.history.as_ref()?;
        let config = self.config;
        let page_url = config.absolute_url("changes/");
        let changes = self.change_views();
        let updated = changes
            .first()
            .map_or("1970-01-01T00:00:00+00:00", |c| c.timestamp.as_str());
        let mut out = String::from("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
        out.push_str(&format!(
            "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{}\">\n",
            escape(&config.language_code)
        ));
        out.push_str(&format!(
            "  <title>{}: {}</title>\n",
            escape(&config.title),
            escape(self.site.t.changes)
        ));
        out.push_str(&format!(
            "  <link href=\"{}\" rel=\"self\" type=\"application/atom+xml\"/>\n",
            escape(&config.absolute_url(super::open_data::CHANGES_FEED))
        ));
        out.push_str(&format!("  <link href=\"{}\"/>\n", escape(&page_url)));
        out.push_str(&format!(
            "  <id>{}</id>\n  <updated>{updated}</updated>\n",
            escape(&page_url)
        ));
        out.push_str(&format!(
            "  <author><name>{}</name></author>\n",
            escape(config.author.as_deref().unwrap_or(&config.title))
        ));
        for change in changes {
            let url = format!("{page_url}#{}", change.anchor);
            let pages: Vec<&str> = change.pages.iter().map(|p| p.title.as_str()).collect();
            out.push_str("  <entry>\n");
            out.push_str(&format!("    <title>{}</title>\n", escape(&change.subject)));
            out.push_str(&format!(
                "    <link href=\"{}\"/>\n    <id>{}</id>\n",
                escape(&url),
                escape(&url)
            ));
            out.push_str(&format!("    <updated>{}</updated>\n", change.timestamp));
            if !pages.is_empty() {
                out.push_str(&format!(
                    "    <summary>{}: {}</summary>\n",
                    escape(self.site.t.changed_pages),
                    escape(&pages.join(", "))
                ));
            }
            out.push_str("  </entry>\n");
        }
        out.push_str("</feed>\n");
        Some(out)
    }
}
