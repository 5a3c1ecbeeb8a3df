//! Markdown files → [`Document`]s: strict front matter, title rules, slugs.

use std::collections::BTreeMap;
use std::path::Path;

use super::fields::{ACTOR_KEYS, FrontMatterFields, NOTE_KEYS, NameFields, SOURCE_KEYS};
use super::{
    ActorInfo, Claim, Document, FailedDocument, FrontMatterText, LoadedFile, Relation, SourceInfo,
};
use crate::config::Config;
use crate::diagnostic::Diagnostic;
use crate::keys::unknown_key;
use crate::markdown::{self, ParseOptions, ParsedBody};
use crate::slug::slugify;
use crate::source::{RawDocument, Section, UnreadNote, split_front_matter};
use crate::yaml::{self, Shape};

/// The known keys of a section's front matter.
pub fn known_keys(section: Section) -> Vec<&'static str> {
    let mut keys = NOTE_KEYS.to_vec();
    match section {
        Section::Actors => keys.extend(ACTOR_KEYS),
        Section::Sources => keys.extend(SOURCE_KEYS),
        Section::Home | Section::Notes => {}
    }
    keys
}

/// One Markdown file: the document and whether it is a draft, or, when it is too broken to
/// use, what identifies it; and its problems.
pub(super) fn load_document(raw: RawDocument, config: &Config) -> (LoadedFile, Vec<Diagnostic>) {
    let mut diagnostics = Vec::new();
    let front_matter = raw
        .front_matter
        .as_ref()
        .map(|fm| FrontMatterText {
            text: fm.text.clone(),
            first_line: fm.first_line,
        })
        .unwrap_or_default();
    let fields = match parse_front_matter(&raw, &front_matter, config, &mut diagnostics) {
        Some(fields) => fields,
        None => {
            let failed = failed_document(&raw, &front_matter);
            return (LoadedFile::Failed(failed), diagnostics);
        }
    };

    let options = ParseOptions {
        title_from_heading: fields.title.is_none(),
        inline: false,
        plain_beginning: true,
        language: config.language,
    };
    let body = markdown::parse(&raw.body, options);
    diagnostics.extend(body_problems(&raw, &body));
    let file_name = file_name(&raw.stem).to_owned();
    let title = match (&fields.title, &body.title, raw.section) {
        (Some(title), _, _) => title.clone(),
        (None, Some(heading), _) => heading.clone(),
        (None, None, Section::Home) => config.title.clone(),
        (None, None, _) => file_name.clone(),
    };
    let path_slug = path_slug(raw.section, &raw.stem);
    let slug = path_slug.rsplit('/').next().unwrap_or_default().to_owned();
    if raw.section != Section::Home && slug.is_empty() {
        diagnostics.push(
            Diagnostic::error(format!("the file name `{file_name}` gives an empty slug"))
                .in_file(&raw.file)
                .with_hint("give the file a name with letters or digits"),
        );
        return (LoadedFile::Failed(None), diagnostics);
    }
    diagnostics.extend(address_problems(&raw, &fields, &front_matter));
    diagnostics.extend(missing_grade(&raw, &fields, &front_matter, config));
    let inline = ParseOptions {
        title_from_heading: false,
        inline: true,
        plain_beginning: false,
        language: config.language,
    };
    let summary = fields
        .summary
        .as_deref()
        .map(|s| markdown::parse(s, inline));

    let actor =
        (raw.section == Section::Actors).then(|| actor_info(&fields, &front_matter, inline));
    let source =
        (raw.section == Section::Sources).then(|| source_info(&fields, &front_matter, inline));

    let document = Document {
        section: raw.section,
        path_slug,
        slug,
        file: raw.file,
        title,
        summary,
        aliases: fields.aliases,
        tags: with_inline_tags(fields.tags, &body.tags),
        css_classes: fields.cssclasses,
        date: fields.date,
        updated: fields.updated,
        sources: fields.sources,
        actors: fields.actors,
        extra: fields.extra,
        actor,
        source,
        body,
        body_text: raw.body,
        body_first_line: raw.body_first_line,
        front_matter,
    };
    let draft = (fields.draft || fields.publish == Some(false)) && !config.drafts;
    let document = Box::new(document);
    (LoadedFile::Document { document, draft }, diagnostics)
}

/// What in the body could not be compiled (formulas, mermaid diagrams), at its place there.
fn body_problems(raw: &RawDocument, body: &ParsedBody) -> Vec<Diagnostic> {
    body.problems
        .iter()
        .map(|problem| {
            let diagnostic = match problem.warning {
                true => Diagnostic::warning(problem.message.clone()),
                false => Diagnostic::error(problem.message.clone()),
            };
            let hint = problem.hint.as_deref().unwrap_or(
                "write the formula in LaTeX as Obsidian reads it (MathJax), or escape the `$` as `\\$`",
            );
            diagnostic
                .in_file(&raw.file)
                .at_offset(&raw.body, problem.offset, raw.body_first_line)
                .with_hint(hint)
        })
        .collect()
}

/// `url` and `archive` that are not web addresses: the page links to them, so `javascript:`
/// or a bare `www.…` must not become an href.
fn address_problems(
    raw: &RawDocument,
    fields: &FrontMatterFields,
    front_matter: &FrontMatterText,
) -> Vec<Diagnostic> {
    let addresses = [
        ("url", &fields.url, "the original"),
        ("archive", &fields.archive, "the archived copy"),
    ];
    let mut problems = Vec::new();
    for (key, address, what) in addresses {
        if let Some(url) = address.as_deref().filter(|url| !is_web_address(url)) {
            problems.push(
                Diagnostic::error(format!("`{url}` is not a web address"))
                    .in_file(&raw.file)
                    .at(front_matter.line_of(key, None), 1)
                    .with_hint(format!(
                        "`{key}` is the full address of {what}, starting with https:// or http://"
                    )),
            );
        }
    }
    problems
}

/// An ungraded source, when site.toml asks every source to be graded.
fn missing_grade(
    raw: &RawDocument,
    fields: &FrontMatterFields,
    front_matter: &FrontMatterText,
    config: &Config,
) -> Option<Diagnostic> {
    let missing = raw.section == Section::Sources
        && config.evidence.require_reliability
        && fields.reliability.is_none();
    missing.then(|| {
        Diagnostic::error("the source has no `reliability` grade")
            .in_file(&raw.file)
            .at(front_matter.first_line.max(1), 1)
            .with_hint(
                "site.toml asks every source to be graded (`[evidence] require_reliability`): \
                 add `reliability: A` … `F` (A completely reliable … E unreliable, F cannot \
                 be judged)",
            )
    })
}

/// What an actor's front matter adds: kind, dates and relations.
fn actor_info(
    fields: &FrontMatterFields,
    front_matter: &FrontMatterText,
    inline: ParseOptions,
) -> ActorInfo {
    ActorInfo {
        kind: fields.kind.clone().unwrap_or_default(),
        born: fields.born,
        died: fields.died,
        founded: fields.founded,
        dissolved: fields.dissolved,
        relations: fields
            .relations
            .iter()
            .map(|r| Relation {
                to: r.to.clone(),
                kind: r.kind.clone(),
                from: r.from,
                until: r.until,
                sources: r.sources.clone(),
                note: r.note.as_deref().map(|n| markdown::parse(n, inline)),
                line: front_matter.line_of("to", Some(&r.to)),
            })
            .collect(),
    }
}

/// What a source's front matter adds: publication, grade and claims.
fn source_info(
    fields: &FrontMatterFields,
    front_matter: &FrontMatterText,
    inline: ParseOptions,
) -> SourceInfo {
    SourceInfo {
        kind: fields.kind.clone(),
        publisher: fields.publisher.clone(),
        author: fields.author.clone(),
        published: fields.published,
        url: fields.url.clone(),
        language: fields.language.clone(),
        accessed: fields.accessed,
        reliability: fields.reliability,
        reliability_note: fields.reliability_note.clone(),
        archive: fields.archive.clone(),
        archived: fields.archived,
        claims: fields
            .claims
            .iter()
            .map(|c| Claim {
                text: markdown::parse(&c.text, inline),
                status: c.status,
                events: c.events.clone(),
                sources: c.sources.clone(),
                note: c.note.as_deref().map(|n| markdown::parse(n, inline)),
                line: front_matter.line_of("text", Some(first_words(&c.text))),
            })
            .collect(),
    }
}

/// The front matter's tags, then the body's `#tags` that are not among them.
fn with_inline_tags(mut tags: Vec<String>, inline: &[String]) -> Vec<String> {
    for tag in inline {
        if !tags.iter().any(|known| slugify(known) == slugify(tag)) {
            tags.push(tag.clone());
        }
    }
    tags
}

/// What identifies a note whose front matter failed: its place, and the names a wikilink may
/// use as far as the front matter and the body tell them.
fn failed_document(raw: &RawDocument, front_matter: &FrontMatterText) -> Option<FailedDocument> {
    let fields = readable_names(&front_matter.text);
    let title = fields.title.or_else(|| {
        let options = ParseOptions {
            title_from_heading: true,
            inline: false,
            plain_beginning: false,
            ..ParseOptions::default()
        };
        markdown::parse(&raw.body, options).title
    });
    let title = title.unwrap_or_else(|| file_name(&raw.stem).to_owned());
    let names = std::iter::once(title).chain(fields.aliases).collect();
    failed_place(raw.section, &raw.stem, &raw.file, names)
}

/// What identifies a note that could not be read as one: its place, and its title and aliases
/// as far as its text was read, else its file name.
pub(super) fn unread_document(note: UnreadNote) -> Option<FailedDocument> {
    let front_matter = note
        .text
        .as_deref()
        .map(|text| match split_front_matter(text) {
            Ok((front_matter, _, _)) => front_matter.map(|f| f.text).unwrap_or_default(),
            // not closed: it runs to the end
            Err(_) => text.strip_prefix("---").unwrap_or(text).to_owned(),
        })
        .unwrap_or_default();
    let fields = readable_names(&front_matter);
    let title = fields
        .title
        .unwrap_or_else(|| file_name(&note.stem).to_owned());
    let names = std::iter::once(title).chain(fields.aliases).collect();
    failed_place(note.section, &note.stem, &note.file, names)
}

/// The title and aliases in front matter that failed: the failed keys may be others, so they
/// are read on their own, and entry by entry if the YAML is broken.
fn readable_names(front_matter: &str) -> NameFields {
    if let Ok(fields) = yaml::from_str::<NameFields>(front_matter) {
        return fields;
    }
    let mut names = NameFields::default();
    for entry in yaml::top_level_entries(front_matter) {
        // a broken entry may still begin with a good line: `title: A` above a stray `- x`
        let first_line = entry.lines().next().unwrap_or_default();
        let read = yaml::from_str::<NameFields>(entry).or_else(|_| yaml::from_str(first_line));
        if let Ok(fields) = read {
            names.title = names.title.or(fields.title);
            names.aliases.extend(fields.aliases);
        }
    }
    names
}

/// A failed note by its place; `None` when its file name gives no slug to find it by.
fn failed_place(
    section: Section,
    stem: &str,
    file: &Path,
    names: Vec<String>,
) -> Option<FailedDocument> {
    let path_slug = path_slug(section, stem);
    let slug = path_slug.rsplit('/').next().unwrap_or_default().to_owned();
    if section != Section::Home && slug.is_empty() {
        return None;
    }
    Some(FailedDocument {
        section,
        path_slug,
        slug,
        file: file.to_path_buf(),
        names,
    })
}

/// The file name of a note's path under its section folder: `Öl und Pipelines`.
fn file_name(stem: &str) -> &str {
    stem.rsplit('/').next().unwrap_or(stem)
}

/// Checks the keys against the section, then parses the typed fields.
fn parse_front_matter(
    raw: &RawDocument,
    front_matter: &FrontMatterText,
    config: &Config,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<FrontMatterFields> {
    if raw.front_matter.is_none() {
        return Some(FrontMatterFields::default());
    }
    let at = |line: usize| front_matter.first_line + line.max(1) - 1;
    let yaml_error = |error: yaml::YamlError| {
        Diagnostic::error(format!("invalid front matter: {}", error.message))
            .in_file(&raw.file)
            .at(at(error.line), error.column)
    };
    let parsed = match yaml::parse(&front_matter.text) {
        Ok(parsed) => parsed,
        Err(error) => {
            // a syntax error; a wrong value (a date, a list) explains itself in its message
            diagnostics.push(
                yaml_error(error)
                    .with_hint("front matter is YAML: `key: value` lines between two `---` lines"),
            );
            return None;
        }
    };
    let keys = match parsed.shape() {
        Shape::Empty => Vec::new(),
        Shape::Mapping(keys) => keys,
        _ => {
            diagnostics.push(
                Diagnostic::error("the front matter is not a map of keys")
                    .in_file(&raw.file)
                    .at(front_matter.first_line, 1)
                    .with_hint("write one `key: value` per line, e.g. `title: Tokajew`"),
            );
            return None;
        }
    };
    let known = known_keys(raw.section);
    for key in keys.iter().filter(|k| !known.contains(&k.as_str())) {
        let (message, hint) = unknown_key(key, &known, "front matter");
        if let Some(diagnostic) = config.unknown_keys.diagnostic(message) {
            diagnostics.push(
                diagnostic
                    .in_file(&raw.file)
                    .at(front_matter.line_of(key, None), 1)
                    .with_hint(hint),
            );
        }
    }
    let unknown_key_errors = diagnostics.iter().any(Diagnostic::is_error);
    match parsed.typed::<FrontMatterFields>() {
        Ok(fields) if !unknown_key_errors => Some(fields),
        Ok(_) => None,
        Err(whole) => {
            // every wrong value at once, not just the first (unknown keys are reported above)
            let errors =
                yaml::entry_errors::<FrontMatterFields>(&front_matter.text, whole, |key| {
                    !known.contains(&key)
                });
            diagnostics.extend(errors.into_iter().map(yaml_error));
            None
        }
    }
}

/// `actors/tokajew`, `notes/energie/oel-und-pipelines`; the home page's is empty.
pub fn path_slug(section: Section, stem: &str) -> String {
    if section == Section::Home {
        return String::new();
    }
    let mut slug = section.folder().to_owned();
    for part in stem.split('/') {
        slug.push('/');
        slug.push_str(&slugify(part));
    }
    slug
}

/// An absolute `http` or `https` URL with a host.
fn is_web_address(text: &str) -> bool {
    url::Url::parse(text.trim())
        .is_ok_and(|url| matches!(url.scheme(), "http" | "https") && url.has_host())
}

fn first_words(text: &str) -> &str {
    let line = text.lines().next().unwrap_or(text).trim();
    let end = line.char_indices().nth(30).map_or(line.len(), |(i, _)| i);
    &line[..end]
}

/// Two files may not become one page, and source ids are unique across subfolders.
pub(super) fn check_unique_slugs(documents: &[Document]) -> Vec<Diagnostic> {
    let mut diagnostics = Vec::new();
    let mut by_path: BTreeMap<&str, Vec<&Document>> = BTreeMap::new();
    let mut sources_by_id: BTreeMap<&str, Vec<&Document>> = BTreeMap::new();
    for doc in documents {
        by_path.entry(&doc.path_slug).or_default().push(doc);
        if doc.section == Section::Sources {
            sources_by_id.entry(&doc.slug).or_default().push(doc);
        }
    }
    let clashes = by_path
        .into_iter()
        .map(|(slug, docs)| (format!("page `{slug}/`"), docs))
        .chain(
            sources_by_id
                .into_iter()
                .map(|(id, docs)| (format!("source id `{id}`"), docs)),
        );
    for (what, docs) in clashes {
        if docs.len() < 2 {
            continue;
        }
        let mut files: Vec<String> = docs.iter().map(|d| d.file.display().to_string()).collect();
        files.sort();
        files.dedup();
        if files.len() < 2 {
            continue;
        }
        for doc in &docs {
            diagnostics.push(
                Diagnostic::error(format!(
                    "{} files share the {what}: {}",
                    files.len(),
                    files.join(", ")
                ))
                .in_file(&doc.file)
                .with_hint("rename one of them; slugs ignore case, accents and punctuation"),
            );
        }
    }
    diagnostics
}
