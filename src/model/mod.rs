//! The dossier as typed data: actors, notes, sources and the home page, and timeline events.

mod document;
pub use document::path_slug;
pub mod evidence;
pub mod fields;
mod memo;
pub use memo::{NoMemo, ParseMemo};
mod timeline;

use std::collections::BTreeMap;
use std::path::PathBuf;

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use crate::config::Config;
use crate::date::PartialDate;
use crate::diagnostic::Diagnostic;
use crate::markdown::ParsedBody;
use crate::source::{Asset, RawContent, RawFile, Section, UnreadNote};

pub use evidence::{Reliability, SourceRef};
pub use fields::ClaimStatus;

pub use crate::ids::{DocId, EventId, Id, IdVec};

/// The whole dossier, parsed, before links are resolved.
#[derive(Debug, Default)]
pub struct Dossier {
    /// The home page first, then actors, notes and sources, each sorted by path.
    pub documents: IdVec<DocId, Document>,
    /// Sorted by date, then title.
    pub events: IdVec<EventId, TimelineEvent>,
    pub assets: Vec<Asset>,
    /// Output paths of the dossier's own `static/` files.
    pub static_files: Vec<String>,
    /// Drafts left out of this build, by path slug, so links to them get a helpful error.
    pub drafts: BTreeMap<String, PathBuf>,
    /// Notes left out because they failed to load, so references to them are not reported on
    /// top of their own error.
    pub failed: Vec<FailedDocument>,
    /// The version history of `content/`, when the dossier is a git checkout.
    pub history: Option<crate::source::History>,
}

impl Dossier {
    /// Frees the source texts kept only for pointing errors at lines (bodies as written, front
    /// matter, event YAML): once linking found no errors, nothing reads them.
    pub fn release_source_texts(&mut self) {
        for document in &mut self.documents {
            document.body_text = String::new();
            document.front_matter.text = String::new();
        }
        for event in &mut self.events {
            event.yaml.text = String::new();
        }
    }
}

/// Where a document's front matter is, for pointing at lines in it.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct FrontMatterText {
    pub text: String,
    pub first_line: usize,
}

impl FrontMatterText {
    /// The file line of `value` under `key`, or of the key, or of the front matter's start.
    pub fn line_of(&self, key: &str, value: Option<&str>) -> usize {
        match crate::yaml::locate(&self.text, key, value) {
            Some(line) => self.first_line + line - 1,
            None => self.first_line.max(1),
        }
    }
}

/// A note of any section. Its serde form is the build's cache of parsed files
/// ([`ParseMemo`]); the texts as written are not in it, they come from the file.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Document {
    pub section: Section,
    /// `actors/tokajew`, `notes/energie/cpc`; empty for the home page.
    pub path_slug: String,
    /// The file name's slug: `tokajew`.
    pub slug: String,
    /// The file, relative to the dossier root.
    pub file: PathBuf,
    pub title: String,
    pub summary: Option<ParsedBody>,
    pub aliases: Vec<String>,
    pub tags: Vec<String>,
    /// Obsidian's `cssclasses`: classes for the page's article element.
    pub css_classes: Vec<String>,
    pub date: Option<PartialDate>,
    pub updated: Option<PartialDate>,
    pub sources: Vec<SourceRef>,
    pub actors: Vec<String>,
    #[serde(with = "json_text")]
    pub extra: Option<serde_json::Value>,
    pub actor: Option<ActorInfo>,
    pub source: Option<SourceInfo>,
    pub body: ParsedBody,
    /// The body as written, for pointing at lines.
    #[serde(skip)]
    pub body_text: String,
    pub body_first_line: usize,
    #[serde(skip)]
    pub front_matter: FrontMatterText,
}

impl Document {
    /// The home page of a dossier without `content/_index.md`: the site's title, no text.
    pub fn default_home(config: &Config) -> Self {
        Document {
            section: Section::Home,
            path_slug: String::new(),
            slug: String::new(),
            file: PathBuf::from("content/_index.md"),
            title: config.title.clone(),
            summary: None,
            aliases: Vec::new(),
            tags: Vec::new(),
            css_classes: Vec::new(),
            date: None,
            updated: None,
            sources: Vec::new(),
            actors: Vec::new(),
            extra: None,
            actor: None,
            source: None,
            body: ParsedBody::default(),
            body_text: String::new(),
            body_first_line: 1,
            front_matter: FrontMatterText::default(),
        }
    }

    /// The output path of its page: `actors/tokajew/`, or `` for the home page.
    pub fn page_path(&self) -> String {
        if self.path_slug.is_empty() {
            String::new()
        } else {
            format!("{}/", self.path_slug)
        }
    }

    /// Every Markdown text of the note, in the order of [`Document::bodies_mut`].
    pub fn bodies(&self) -> impl Iterator<Item = &ParsedBody> {
        let actor = self
            .actor
            .iter()
            .flat_map(|a| a.relations.iter().filter_map(|r| r.note.as_ref()));
        let claims = self.source.iter().flat_map(|s| {
            s.claims
                .iter()
                .flat_map(|c| std::iter::once(&c.text).chain(c.note.as_ref()))
        });
        std::iter::once(&self.body)
            .chain(self.summary.as_ref())
            .chain(actor)
            .chain(claims)
    }

    /// Every Markdown text of the note: body, summary, relation and claim notes.
    pub fn bodies_mut(&mut self) -> impl Iterator<Item = &mut ParsedBody> {
        let actor = self
            .actor
            .iter_mut()
            .flat_map(|a| a.relations.iter_mut().filter_map(|r| r.note.as_mut()));
        let claims = self.source.iter_mut().flat_map(|s| {
            s.claims
                .iter_mut()
                .flat_map(|c| std::iter::once(&mut c.text).chain(c.note.as_mut()))
        });
        std::iter::once(&mut self.body)
            .chain(self.summary.as_mut())
            .chain(actor)
            .chain(claims)
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ActorInfo {
    pub kind: String,
    pub born: Option<PartialDate>,
    pub died: Option<PartialDate>,
    pub founded: Option<PartialDate>,
    pub dissolved: Option<PartialDate>,
    pub relations: Vec<Relation>,
}

/// An edge of the actor network, as written on the `from` actor.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Relation {
    pub to: String,
    pub kind: String,
    pub from: Option<PartialDate>,
    pub until: Option<PartialDate>,
    pub sources: Vec<SourceRef>,
    pub note: Option<ParsedBody>,
    pub line: usize,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct SourceInfo {
    pub kind: Option<String>,
    pub publisher: Option<String>,
    pub author: Option<String>,
    pub published: Option<PartialDate>,
    pub url: Option<String>,
    pub language: Option<String>,
    pub accessed: Option<PartialDate>,
    pub claims: Vec<Claim>,
    pub reliability: Option<Reliability>,
    /// Why this grade.
    pub reliability_note: Option<String>,
    /// A snapshot of `url`.
    pub archive: Option<String>,
    /// When the snapshot was taken.
    pub archived: Option<PartialDate>,
}

/// One of a source's key statements, tied to the evidence.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Claim {
    pub text: ParsedBody,
    pub status: ClaimStatus,
    pub events: Vec<String>,
    pub sources: Vec<SourceRef>,
    pub note: Option<ParsedBody>,
    pub line: usize,
}

/// What identifies a note that failed to load (its front matter has an error, which is
/// reported): enough to recognise references to it. Once the error is fixed they resolve, so
/// they are not reported as well.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FailedDocument {
    pub section: Section,
    /// `actors/tokajew`, from the file's path; empty for the home page.
    pub path_slug: String,
    /// The file name's slug: `tokajew`.
    pub slug: String,
    /// The file, relative to the dossier root.
    pub file: PathBuf,
    /// The names a wikilink may use besides the slugs, as far as the file could be read: its
    /// title (from the front matter, else its first heading, else its file name) and aliases.
    pub names: Vec<String>,
}

/// One event of the timeline.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct TimelineEvent {
    pub id: String,
    pub date: PartialDate,
    pub end: Option<PartialDate>,
    pub title: String,
    pub summary: Option<ParsedBody>,
    pub actors: Vec<String>,
    pub sources: Vec<SourceRef>,
    pub tags: Vec<String>,
    pub place: Option<String>,
    #[serde(with = "json_text")]
    pub extra: Option<serde_json::Value>,
    pub file: PathBuf,
    /// The event's YAML, for pointing at lines in it.
    pub yaml: FrontMatterText,
}

/// One file of `content/`, parsed on its own, before it meets the others.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub enum LoadedFile {
    /// A note of any section.
    Document {
        document: Box<Document>,
        draft: bool,
    },
    /// A note too broken to use, its error reported: what identifies it, `None` when not even
    /// its file name gives a slug.
    Failed(Option<FailedDocument>),
    /// A timeline file's events, in the file's order, before ids are made unique.
    Timeline(Vec<TimelineEvent>),
    Asset(Asset),
}

/// Parses one file read from `content/`.
pub fn load_file(raw: RawFile, config: &Config) -> (LoadedFile, Vec<Diagnostic>) {
    match raw {
        RawFile::Document(raw) => document::load_document(raw, config),
        RawFile::Timeline(raw) => {
            let (events, diagnostics) = timeline::load_file(&raw, config);
            (LoadedFile::Timeline(events), diagnostics)
        }
        RawFile::Asset(asset) => (LoadedFile::Asset(asset), Vec::new()),
    }
}

/// [`load_file`], keeping the file in `memo` when it has no problems.
fn load_and_remember(
    file: PathBuf,
    raw: RawFile,
    config: &Config,
    memo: &dyn ParseMemo,
) -> (LoadedFile, Vec<Diagnostic>) {
    let (loaded, problems) = load_file(raw, config);
    memo::remember(memo, &file, &loaded, problems.is_empty());
    (loaded, problems)
}

/// A note that could not be read, as what identifies it; its error was reported when reading.
pub fn unread_file(note: UnreadNote) -> LoadedFile {
    LoadedFile::Failed(document::unread_document(note))
}

/// Parses everything read from `content/`. Broken files are reported and left out; what
/// identifies a broken note is kept ([`Dossier::failed`]).
pub fn load(raw: RawContent, config: &Config) -> (Dossier, Vec<Diagnostic>) {
    load_remembering(raw, config, &NoMemo)
}

/// [`load`], taking from `memo` the files it holds as they were parsed from the same text, and
/// keeping there those it parses.
pub fn load_remembering(
    raw: RawContent,
    config: &Config,
    memo: &dyn ParseMemo,
) -> (Dossier, Vec<Diagnostic>) {
    let RawContent {
        documents,
        timelines,
        assets,
        unread_notes,
        static_files,
        history_head: _,
    } = raw;
    // the timelines first: one file may hold thousands of events, and parsed last it would
    // keep every other core waiting for it
    let (timelines, documents): (Vec<_>, Vec<_>) = rayon::join(
        || {
            (timelines.into_par_iter())
                .map(|file| match memo::recall_timeline(memo, &file.file) {
                    Some(loaded) => (loaded, Vec::new()),
                    None => {
                        load_and_remember(file.file.clone(), RawFile::Timeline(file), config, memo)
                    }
                })
                .collect()
        },
        || {
            (documents.into_par_iter())
                .map(|file| match memo::recall_document(memo, file) {
                    Ok(loaded) => (loaded, Vec::new()),
                    Err(file) => {
                        load_and_remember(file.file.clone(), RawFile::Document(file), config, memo)
                    }
                })
                .collect()
        },
    );
    let loaded: Vec<(LoadedFile, Vec<Diagnostic>)> = (documents.into_iter())
        .chain(timelines)
        .chain(
            assets
                .into_iter()
                .map(|asset| load_file(RawFile::Asset(asset), config)),
        )
        .collect();
    let mut diagnostics = Vec::new();
    let files = loaded
        .into_iter()
        .map(|(file, problems)| {
            diagnostics.extend(problems);
            file
        })
        .chain(unread_notes.into_iter().map(unread_file))
        .collect();
    let (dossier, problems) = assemble(files, static_files, config);
    diagnostics.extend(problems);
    (dossier, diagnostics)
}

/// Puts the parsed files together, in the order read: slugs and event ids made unique across
/// files, the home page supplied when there is none, documents and events sorted.
pub fn assemble(
    files: Vec<LoadedFile>,
    static_files: Vec<String>,
    config: &Config,
) -> (Dossier, Vec<Diagnostic>) {
    let mut documents = Vec::new();
    let mut drafts = BTreeMap::new();
    let mut failed = Vec::new();
    let mut events = Vec::new();
    let mut assets = Vec::new();
    for file in files {
        match file {
            LoadedFile::Document {
                document,
                draft: true,
            } => {
                drafts.insert(document.path_slug.clone(), document.file.clone());
            }
            LoadedFile::Document {
                document,
                draft: false,
            } => documents.push(*document),
            LoadedFile::Failed(Some(document)) => failed.push(document),
            LoadedFile::Failed(None) => {}
            LoadedFile::Timeline(file_events) => events.extend(file_events),
            LoadedFile::Asset(asset) => assets.push(asset),
        }
    }
    let mut diagnostics = document::check_unique_slugs(&documents);
    if !documents.iter().any(|d| d.section == Section::Home) {
        documents.push(Document::default_home(config));
    }
    documents.sort_by(|a, b| (a.section, &a.path_slug).cmp(&(b.section, &b.path_slug)));
    diagnostics.extend(timeline::finish_events(&mut events));
    let dossier = Dossier {
        documents: documents.into(),
        events: events.into(),
        assets,
        static_files,
        drafts,
        failed,
        history: None,
    };
    (dossier, diagnostics)
}

/// `extra` fields in the build's cache of parsed files: as JSON text, since the cache's binary
/// format cannot tell what a JSON value holds without it.
mod json_text {
    use serde::{Deserialize, Deserializer, Serialize, Serializer};
    use serde_json::Value;

    pub fn serialize<S: Serializer>(
        value: &Option<Value>,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        let text = value.as_ref().map(Value::to_string);
        text.serialize(serializer)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Option<Value>, D::Error> {
        let text = Option::<String>::deserialize(deserializer)?;
        let value = text.map(|text| serde_json::from_str(&text));
        value.transpose().map_err(serde::de::Error::custom)
    }
}
