//! The open data files beside the JSON exports (FollowTheMoney entities, CSV tables, GraphML)
//! and the data page that lists every machine-readable file with what it is for.

use serde::Serialize;

use super::exports::{ftm, graphml, tables};
use super::pages::{Page, made};
use super::views::{PageMeta, Views};
use crate::i18n::data_file_purpose;

/// One open data file: where it goes and what writes it.
pub struct DataFile {
    pub path: &'static str,
    pub write: fn(&Views) -> String,
}

/// The open data files, written on every build with the other exports.
pub const FILES: [DataFile; 5] = [
    DataFile {
        path: "data/entities.ftm.jsonl",
        write: ftm::entities_jsonl,
    },
    DataFile {
        path: "data/actors.csv",
        write: tables::actors_csv,
    },
    DataFile {
        path: "data/events.csv",
        write: tables::events_csv,
    },
    DataFile {
        path: "data/claims.csv",
        write: tables::claims_csv,
    },
    DataFile {
        path: "data/network.graphml",
        write: graphml::network_graphml,
    },
];

/// Every file the data page lists, with its format: the feeds, the JSON exports, the open data
/// files. The changes feed is listed when the dossier has a history.
const LISTED: [(&str, &str); 9] = [
    ("data/entities.ftm.jsonl", "FollowTheMoney JSON Lines"),
    ("data/actors.csv", "CSV"),
    ("data/events.csv", "CSV"),
    ("data/claims.csv", "CSV"),
    ("data/network.graphml", "GraphML"),
    ("data/actors.json", "JSON"),
    ("data/sources.json", "JSON"),
    ("data/timeline.json", "TimelineJS3 JSON"),
    ("atom.xml", "Atom"),
];

/// Where the feed of changes goes.
pub const CHANGES_FEED: &str = "changes/atom.xml";

#[derive(Serialize)]
struct DataPage<'a> {
    site: &'a tera::Value,
    page: PageMeta,
    files: Vec<DataFileView>,
}

#[derive(Serialize)]
struct DataFileView {
    /// The file's name: `actors.csv`.
    name: &'static str,
    url: String,
    format: &'static str,
    purpose: &'static str,
}

impl Views<'_> {
    /// The data page: every machine-readable file of the site, a sentence each.
    pub fn data_page(&self) -> Page<'_> {
        let t = self.site.t;
        let language = self.language();
        let changes = (self.linked.dossier.history.as_ref()).map(|_| (CHANGES_FEED, "Atom"));
        let files = LISTED
            .into_iter()
            .chain(changes)
            .map(|(path, format)| DataFileView {
                name: path.strip_prefix("data/").unwrap_or(path),
                url: self.config.url(path),
                format,
                purpose: data_file_purpose(language, path),
            })
            .collect();
        let page = self.meta(t.data, Some(t.data_intro), "data/", "data", "data");
        Page {
            path: "data/index.html".into(),
            template: "data.html",
            context: made(&DataPage {
                site: &self.site_value,
                page,
                files,
            }),
            indexed: false,
            assembled: None,
            size_hint: 0,
            signature: None,
        }
    }
}
