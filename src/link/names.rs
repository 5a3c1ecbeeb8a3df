//! Looking things up by name: wikilink targets, actor slugs, source ids, event ids, files.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::path::PathBuf;

use crate::diagnostic::{did_you_mean, nearest};
use crate::model::{DocId, Document, Dossier, EventId, FailedDocument, IdVec, path_slug};
use crate::slug::slugify;
use crate::source::Section;

/// Why a name did not resolve, with the candidates closest to it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Miss {
    NotFound {
        hint: Option<String>,
    },
    Ambiguous {
        candidates: Vec<String>,
    },
    Draft {
        file: String,
    },
    /// The name is a note's that failed to load. Its own error is reported and fails the
    /// build; once it is fixed, the name resolves. So this miss is not reported.
    FailedToLoad,
}

/// Every name a note can be found by. It owns what it gathered, so a dossier whose names an
/// edit left alone can be linked again without gathering them anew.
#[derive(Debug, Default)]
pub struct Names {
    /// Per document: its path slug.
    path_slugs: IdVec<DocId, String>,
    by_path: HashMap<String, DocId>,
    /// Bare slugs, titles and aliases, lower case.
    by_name: HashMap<String, Vec<DocId>>,
    actors: BTreeMap<String, DocId>,
    sources: BTreeMap<String, DocId>,
    events: BTreeMap<String, EventId>,
    /// File name (lower case) → output paths of the files with that name.
    files_by_name: HashMap<String, Vec<String>>,
    drafts: BTreeMap<String, PathBuf>,
    failed: FailedNames,
}

/// The names of the notes that failed to load, looked up the way [`Names`] looks up the others.
#[derive(Debug, Default)]
struct FailedNames {
    by_path: HashSet<String>,
    /// Bare slugs, titles and aliases, lower case.
    by_name: HashSet<String>,
    actors: BTreeSet<String>,
    sources: BTreeSet<String>,
}

impl FailedNames {
    fn new(failed: &[FailedDocument]) -> Self {
        let mut names = FailedNames::default();
        for doc in failed {
            names.by_path.insert(doc.path_slug.clone());
            let all = std::iter::once(&doc.slug).chain(&doc.names);
            names
                .by_name
                .extend(all.map(|name| name.trim().to_lowercase()));
            match doc.section {
                Section::Actors => {
                    names.actors.insert(doc.slug.clone());
                }
                Section::Sources => {
                    names.sources.insert(doc.slug.clone());
                }
                Section::Home | Section::Notes => {}
            }
        }
        // the home page's empty path and slug name nothing a reference can write
        names.by_path.remove("");
        names.by_name.remove("");
        names
    }

    /// Whether a wikilink target, lower case and slugged, is a failed note's.
    fn has_note(&self, lower: &str, slugged: &str, slugged_path: &str) -> bool {
        [lower, slugged, slugged_path]
            .iter()
            .any(|name| self.by_path.contains(*name) || self.by_name.contains(*name))
    }
}

impl Names {
    pub fn new(dossier: &Dossier) -> Self {
        let mut by_path = HashMap::with_capacity(dossier.documents.len());
        let mut by_name: HashMap<String, Vec<DocId>> = HashMap::new();
        let mut actors = BTreeMap::new();
        let mut sources = BTreeMap::new();
        for (id, doc) in dossier.documents.iter_with_ids() {
            by_path.insert(doc.path_slug.clone(), id);
            for name in doc_names(doc) {
                let entry = by_name.entry(name.trim().to_lowercase()).or_default();
                if !entry.contains(&id) {
                    entry.push(id);
                }
            }
            match doc.section {
                Section::Actors => {
                    actors.insert(doc.slug.clone(), id);
                }
                Section::Sources => {
                    sources.insert(doc.slug.clone(), id);
                }
                _ => {}
            }
        }
        let events = dossier
            .events
            .iter_with_ids()
            .map(|(id, e)| (e.id.clone(), id))
            .collect();
        let mut files_by_name: HashMap<String, Vec<String>> = HashMap::new();
        let files = dossier
            .assets
            .iter()
            .map(|a| &a.path)
            .chain(&dossier.static_files);
        for path in files {
            let name = path.rsplit('/').next().unwrap_or(path).to_lowercase();
            files_by_name.entry(name).or_default().push(path.clone());
        }
        Names {
            path_slugs: dossier
                .documents
                .iter()
                .map(|d| d.path_slug.clone())
                .collect(),
            by_path,
            by_name,
            actors,
            sources,
            events,
            files_by_name,
            drafts: dossier.drafts.clone(),
            failed: FailedNames::new(&dossier.failed),
        }
    }

    /// Whether a document can be found by the same names, and at the same headings and block
    /// ids, after an edit: then no link elsewhere can lead somewhere else because of the edit.
    pub fn unchanged_by(before: &Document, after: &Document) -> bool {
        let (was, is) = (&before.body.headings, &after.body.headings);
        (before.section, &before.path_slug) == (after.section, &after.path_slug)
            && doc_names(before).eq(doc_names(after))
            && was.len() == is.len()
            && was
                .iter()
                .zip(is)
                .all(|(a, b)| (&a.id, &a.text) == (&b.id, &b.text))
            // `[[Note#^id]]` elsewhere resolves against these as against the headings
            && before.body.block_ids == after.body.block_ids
    }

    /// A wikilink target: path slug, bare slug, title or alias, case-insensitive; then the
    /// slug of what was written (`[[Öl und Pipelines]]` finds `oel-und-pipelines`); then a path
    /// under notes/ (`[[Energie/CPC]]`).
    pub fn resolve_note(&self, target: &str) -> Result<DocId, Miss> {
        let wanted = target.trim().trim_end_matches(".md").trim_matches('/');
        let lower = wanted.to_lowercase();
        if let Some(&id) = self.by_path.get(&lower) {
            return Ok(id);
        }
        let mut found: Vec<DocId> = self.by_name.get(&lower).cloned().unwrap_or_default();
        if found.is_empty() {
            let slugged = slugify(wanted);
            if let Some(&id) = self.by_path.get(&slugged) {
                return Ok(id);
            }
            found = self.by_name.get(&slugged).cloned().unwrap_or_default();
            if found.is_empty()
                && let Some(&id) = self.by_path.get(&slugged_path(wanted))
            {
                return Ok(id);
            }
            // a vault of notes kept in notes/ writes its paths from there, as Obsidian does
            // from the vault's root: `[[Energie/CPC]]` is `notes/energie/cpc`
            if found.is_empty()
                && wanted.contains('/')
                && let Some(&id) = self.by_path.get(&format!("notes/{}", slugged_path(wanted)))
            {
                return Ok(id);
            }
        }
        match found.len() {
            1 => Ok(found[0]),
            0 => Err(self.miss(&lower, &slugify(wanted), &slugged_path(wanted))),
            _ => Err(Miss::Ambiguous {
                candidates: found
                    .iter()
                    .map(|&id| self.path_slugs[id].clone())
                    .collect(),
            }),
        }
    }

    /// Why nothing has a name: a failed note or a draft has it, or else which names are near.
    fn miss(&self, lower: &str, slugged: &str, slugged_path: &str) -> Miss {
        if self.failed.has_note(lower, slugged, slugged_path) {
            return Miss::FailedToLoad;
        }
        let draft = self
            .drafts
            .iter()
            .find(|(path, _)| path.as_str() == lower || path.rsplit('/').next() == Some(slugged));
        if let Some((_, file)) = draft {
            return Miss::Draft {
                file: file.display().to_string(),
            };
        }
        let names = self
            .by_name
            .keys()
            .map(String::as_str)
            .chain(self.by_path.keys().map(String::as_str))
            .chain(self.failed.by_name.iter().map(String::as_str));
        Miss::NotFound {
            hint: did_you_mean(lower, names),
        }
    }

    /// A note's file, as a relative Markdown link from `from` (`../actors/tokajew.md`).
    pub fn resolve_file_link(&self, folder: &[String], target: &str) -> Result<DocId, Miss> {
        let Some(path) = content_path(folder, target) else {
            return Err(Miss::NotFound {
                hint: Some("the link leaves content/".into()),
            });
        };
        let stem = path
            .strip_suffix(".md")
            .or_else(|| path.strip_suffix(".MD"))
            .unwrap_or(&path);
        let (folder, rest) = stem.split_once('/').unwrap_or((stem, ""));
        let section = match folder {
            "actors" => Section::Actors,
            "notes" => Section::Notes,
            "sources" => Section::Sources,
            "_index" if rest.is_empty() => Section::Home,
            _ => {
                return Err(Miss::NotFound {
                    hint: Some(format!("`{path}` is not a note of the dossier")),
                });
            }
        };
        let slug = path_slug(section, rest);
        self.by_path
            .get(&slug)
            .copied()
            .ok_or_else(|| self.miss(&slug, &slug, &slug))
    }

    /// A file next to a note (`karte.png`, `../bilder/karte.png`), as an output path.
    pub fn resolve_asset_link(&self, folder: &[String], target: &str) -> Option<String> {
        let path = content_path(folder, target)?;
        let name = path.rsplit('/').next().unwrap_or(&path).to_lowercase();
        self.files_by_name
            .get(&name)?
            .iter()
            .find(|p| **p == path)
            .cloned()
    }

    /// An image embed by file name (`![[karte.svg]]`) or path, found in content/ or static/.
    pub fn resolve_image(&self, target: &str) -> Result<String, Miss> {
        let wanted = target.trim().trim_start_matches('/');
        let name = wanted.rsplit('/').next().unwrap_or(wanted).to_lowercase();
        let found: Vec<&String> = match self.files_by_name.get(&name) {
            Some(paths) if wanted.contains('/') => {
                paths.iter().filter(|p| p.ends_with(wanted)).collect()
            }
            Some(paths) => paths.iter().collect(),
            None => Vec::new(),
        };
        match found.as_slice() {
            [one] => Ok((*one).clone()),
            [] => Err(Miss::NotFound {
                hint: did_you_mean(&name, self.files_by_name.keys().map(String::as_str))
                    .or(Some("put the image in content/ or static/".into())),
            }),
            many => Err(Miss::Ambiguous {
                candidates: many.iter().map(|p| (*p).clone()).collect(),
            }),
        }
    }

    /// An actor by slug (`tokajew`, `actors/tokajew`).
    pub fn resolve_actor(&self, slug: &str) -> Result<DocId, Miss> {
        let wanted = slug.trim().trim_start_matches("actors/");
        lookup(&self.actors, &self.failed.actors, wanted)
    }

    /// A source by id.
    pub fn resolve_source(&self, id: &str) -> Result<DocId, Miss> {
        let wanted = id.trim().trim_start_matches("sources/");
        lookup(&self.sources, &self.failed.sources, wanted)
    }

    /// An event by id.
    pub fn resolve_event(&self, id: &str) -> Result<EventId, Miss> {
        lookup(&self.events, &BTreeSet::new(), id.trim())
    }

    /// A heading of a note, by id or text: `#Kopf`, `#oel-und-gas`.
    pub fn resolve_anchor(&self, note: &Document, fragment: &str) -> Result<String, Miss> {
        // `#Heading#Subheading`: Obsidian's path of headings; the last one is the anchor
        let fragment = fragment.rsplit('#').next().unwrap_or(fragment);
        if let Some(id) = fragment.strip_prefix('^') {
            return resolve_block(note, id);
        }
        let headings = &note.body.headings;
        let slugged = slugify(fragment);
        let found = headings
            .iter()
            .find(|h| h.id == fragment || h.id == slugged || h.text.eq_ignore_ascii_case(fragment));
        match found {
            Some(heading) => Ok(heading.id.clone()),
            None => Err(Miss::NotFound {
                hint: match nearest(fragment, headings.iter().map(|h| h.text.as_str())).first() {
                    Some(near) => Some(format!("did you mean `#{near}`?")),
                    None if headings.is_empty() => Some("that note has no headings".into()),
                    None => {
                        let list: Vec<String> = headings
                            .iter()
                            .take(8)
                            .map(|h| format!("`{}`", h.text))
                            .collect();
                        Some(format!("its headings are {}", list.join(", ")))
                    }
                },
            }),
        }
    }
}

/// `^id`: a block of the note, by its id (case ignored); the hint lists the ids it has.
fn resolve_block(note: &Document, id: &str) -> Result<String, Miss> {
    let ids = &note.body.block_ids;
    match note.body.block_index(id) {
        Some(index) => Ok(format!("^{}", ids[index])),
        None => Err(Miss::NotFound {
            hint: Some(match ids.is_empty() {
                true => "that note has no block ids (`^id` at the end of a paragraph)".into(),
                false => {
                    let list: Vec<String> = ids.iter().map(|id| format!("`^{id}`")).collect();
                    format!("its block ids are {}", list.join(", "))
                }
            }),
        }),
    }
}

/// The names a wikilink finds a document by: its slug, its title, its aliases.
fn doc_names(doc: &Document) -> impl Iterator<Item = &String> {
    std::iter::once(&doc.slug)
        .chain(std::iter::once(&doc.title))
        .chain(&doc.aliases)
}

/// A name in `map`, as written or slugged; else whether a failed note has it.
fn lookup<T: Copy>(
    map: &BTreeMap<String, T>,
    failed: &BTreeSet<String>,
    wanted: &str,
) -> Result<T, Miss> {
    if let Some(&found) = map.get(wanted) {
        return Ok(found);
    }
    let slugged = slugify(wanted);
    if let Some(&found) = map.get(slugged.as_str()) {
        return Ok(found);
    }
    if failed.contains(wanted) || failed.contains(&slugged) {
        return Err(Miss::FailedToLoad);
    }
    let names = map.keys().chain(failed).map(String::as_str);
    Err(Miss::NotFound {
        hint: did_you_mean(wanted, names),
    })
}

/// `Energie/Öl und Pipelines` → `energie/oel-und-pipelines`: each part slugged.
fn slugged_path(wanted: &str) -> String {
    wanted.split('/').map(slugify).collect::<Vec<_>>().join("/")
}

/// The `/`-separated path under content/ that a relative link from `folder` points at.
fn content_path(folder: &[String], target: &str) -> Option<String> {
    let mut parts: Vec<String> = folder.to_vec();
    for part in target.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            other => parts.push(other.to_owned()),
        }
    }
    Some(parts.join("/"))
}
