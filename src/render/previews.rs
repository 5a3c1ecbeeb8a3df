//! `data/previews.json`: what a link preview shows of each page a link inside the site can lead
//! to (actors, notes, sources, events): title, kind, dates, the beginning of the summary, and a
//! source's grade and publisher. `previews.js` loads it the first time a reader hovers or
//! focuses such a link. Keys are site-relative URLs, as a link under the base path ends
//! (`actors/tokajew/`, `timeline/#spief-2022`), so the file works under any base path.
//!
//! A large dossier's previews would make one file of megabytes: then `data/previews.json` only
//! says into how many shards they are split (`{"shards": 128}`), and each key's preview is in
//! `data/previews/<n>.json`, `n` the key's [`shard_of`], which the script computes alike.

use std::collections::BTreeMap;

use rayon::prelude::*;
use serde::Serialize;

use super::views::Views;
use crate::date::PartialDate;
use crate::i18n::UiStrings;
use crate::model::{ActorInfo, DocId, Document};
use crate::source::Section;

/// How long a summary may be in a preview, in characters; a longer one is cut at a word.
const SUMMARY_CHARS: usize = 240;

/// Previews up to this size (bytes of JSON) stay in `data/previews.json`.
const ONE_FILE_LIMIT: usize = 256 * 1024;

/// About the size of one shard of a large dossier's previews.
const SHARD_SIZE: usize = 64 * 1024;

/// What a preview shows of one page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Preview {
    pub title: String,
    /// What it is, in the site's language: `Akteur · Person`, `Quelle · Artikel`, `Ereignis`.
    pub kind: String,
    /// When, as the page shows it: a life span, a publication date, an event's date and place.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub dates: Option<String>,
    /// The summary as plain text, cut to about [`SUMMARY_CHARS`].
    #[serde(skip_serializing_if = "Option::is_none")]
    pub summary: Option<String>,
    /// A source's grade: letter, meaning, and the class its badge uses.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub grade: Option<PreviewGrade>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub publisher: Option<String>,
}

/// A source's grade in a preview.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PreviewGrade {
    /// `B`
    pub letter: &'static str,
    /// `meist zuverlässig`
    pub meaning: &'static str,
    /// `b`, for the badge's class `grade-b`.
    pub class: &'static str,
}

/// The whole file.
#[derive(Debug, Serialize)]
pub struct Previews {
    /// By site-relative URL, sorted.
    pub pages: BTreeMap<String, Preview>,
}

/// Every preview of the dossier: actors, notes, sources and timeline events (not the home
/// page, which every page links to from its header).
pub fn previews(views: &Views) -> Previews {
    let base = views.config.base_path.as_str();
    let relative = |url: &str| url.strip_prefix(base).unwrap_or(url).to_owned();
    let t = views.site.t;
    let mut pages = BTreeMap::new();
    for (id, doc) in views.linked.dossier.documents.iter_with_ids() {
        if doc.section == Section::Home {
            continue;
        }
        pages.insert(
            relative(&views.items[id].url),
            document_preview(views, id, doc, t),
        );
    }
    for (id, event) in views.linked.dossier.events.iter_with_ids() {
        let view = &views.events[id];
        let dates = match &event.place {
            Some(place) if !place.trim().is_empty() => format!("{} · {}", view.when, place.trim()),
            _ => view.when.clone(),
        };
        pages.insert(
            relative(&view.url),
            Preview {
                title: event.title.clone(),
                kind: t.event.to_owned(),
                dates: Some(dates),
                summary: event.summary.as_ref().and_then(|s| cut(&s.plain_text)),
                grade: None,
                publisher: None,
            },
        );
    }
    Previews { pages }
}

/// The preview files, compact (a script reads them, not people): `data/previews.json` with
/// every preview, or, past [`ONE_FILE_LIMIT`], with the number of shards, and the shards.
pub fn preview_files(views: &Views) -> Vec<(String, Vec<u8>)> {
    split(&previews(views), ONE_FILE_LIMIT, SHARD_SIZE)
}

/// What `data/previews.json` says when the previews are split.
#[derive(Serialize)]
struct Shards {
    shards: usize,
}

fn split(previews: &Previews, one_file_limit: usize, shard_size: usize) -> Vec<(String, Vec<u8>)> {
    // each preview is written once, as `"key":{…}`, and the files are put together of those:
    // byte for byte what serialising the whole map (or a shard's map) gives
    let entries: Vec<(&String, Vec<u8>)> = (previews.pages.par_iter())
        .map(|(key, preview)| {
            let mut entry = serde_json::to_vec(key).unwrap_or_default();
            entry.push(b':');
            let _ = serde_json::to_writer(&mut entry, preview);
            (key, entry)
        })
        .collect();
    let file_of = |entries: &mut dyn Iterator<Item = &Vec<u8>>| {
        let mut file = br#"{"pages":{"#.to_vec();
        for (index, entry) in entries.enumerate() {
            if index > 0 {
                file.push(b',');
            }
            file.extend_from_slice(entry);
        }
        file.extend_from_slice(b"}}\n");
        file
    };
    let commas = entries.len().saturating_sub(1);
    let whole_len = r#"{"pages":{}}"#.len()
        + 1
        + commas
        + entries.iter().map(|(_, entry)| entry.len()).sum::<usize>();
    if whole_len <= one_file_limit {
        let whole = file_of(&mut entries.iter().map(|(_, entry)| entry));
        return vec![("data/previews.json".to_owned(), whole)];
    }
    let shards = whole_len.div_ceil(shard_size.max(1)).next_power_of_two();
    let mut parts: Vec<Vec<&Vec<u8>>> = vec![Vec::new(); shards];
    for (key, entry) in &entries {
        parts[shard_of(key, shards)].push(entry);
    }
    let mut files = vec![("data/previews.json".to_owned(), to_json(&Shards { shards }))];
    files.extend(parts.into_iter().enumerate().map(|(n, part)| {
        (
            format!("data/previews/{n}.json"),
            file_of(&mut part.into_iter()),
        )
    }));
    files
}

/// The shard a key's preview is in: the 32-bit FNV-1a hash of its UTF-8 bytes, modulo the
/// number of shards (previews.js computes the same).
pub fn shard_of(key: &str, shards: usize) -> usize {
    let hash = key.bytes().fold(0x811c_9dc5_u32, |hash, byte| {
        (hash ^ u32::from(byte)).wrapping_mul(0x0100_0193)
    });
    hash as usize % shards.max(1)
}

/// Compact JSON and a newline.
fn to_json<T: Serialize>(value: &T) -> Vec<u8> {
    (serde_json::to_string(value).unwrap_or_default() + "\n").into_bytes()
}

fn document_preview(views: &Views, id: DocId, doc: &Document, t: &UiStrings) -> Preview {
    let item = &views.items[id];
    let section = match doc.section {
        Section::Actors => t.actor,
        Section::Sources => t.source,
        _ => t.note,
    };
    let kind = match &item.kind_label {
        Some(label) if !label.is_empty() => format!("{section} · {label}"),
        _ => section.to_owned(),
    };
    let language = views.language();
    let show = |date: &PartialDate| date.display(language);
    let dates = match (&doc.actor, &doc.source) {
        (Some(actor), _) => life_span(actor, t, &show),
        (None, Some(source)) => source.published.as_ref().map(show),
        (None, None) => match (&doc.date, &doc.updated) {
            (_, Some(updated)) => Some(format!("{} {}", t.updated, show(updated))),
            (Some(date), None) => Some(format!("{} {}", t.written, show(date))),
            (None, None) => None,
        },
    };
    Preview {
        title: doc.title.clone(),
        kind,
        dates,
        summary: doc.summary.as_ref().and_then(|s| cut(&s.plain_text)),
        grade: item.grade.as_ref().map(|grade| PreviewGrade {
            letter: grade.letter,
            meaning: grade.meaning,
            class: grade.class,
        }),
        publisher: doc
            .source
            .as_ref()
            .and_then(|s| s.publisher.clone())
            .filter(|p| !p.trim().is_empty()),
    }
}

/// "17. Mai 1953 – 2024", "Geboren 17. Mai 1953", "Gegründet 1992": born and died, else
/// founded and dissolved.
fn life_span(
    actor: &ActorInfo,
    t: &UiStrings,
    show: &dyn Fn(&PartialDate) -> String,
) -> Option<String> {
    let (start, end, start_word, end_word) = if actor.born.is_some() || actor.died.is_some() {
        (&actor.born, &actor.died, t.born, t.died)
    } else {
        (&actor.founded, &actor.dissolved, t.founded, t.dissolved)
    };
    match (start, end) {
        (Some(start), Some(end)) => Some(format!("{} – {}", show(start), show(end))),
        (Some(start), None) => Some(format!("{start_word} {}", show(start))),
        (None, Some(end)) => Some(format!("{end_word} {}", show(end))),
        (None, None) => None,
    }
}

/// The text, or its beginning up to the last word that fits in [`SUMMARY_CHARS`] with `…`;
/// `None` for an empty text.
fn cut(text: &str) -> Option<String> {
    let text = text.trim();
    if text.is_empty() {
        return None;
    }
    if text.chars().count() <= SUMMARY_CHARS {
        return Some(text.to_owned());
    }
    let end = text
        .char_indices()
        .nth(SUMMARY_CHARS)
        .map_or(text.len(), |(i, _)| i);
    let head = &text[..end];
    let head = head.rfind(' ').map_or(head, |space| &head[..space]);
    Some(format!(
        "{}…",
        head.trim_end_matches([' ', ',', ';', ':', '.'])
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample(count: usize) -> Previews {
        let pages = (0..count)
            .map(|i| {
                let preview = Preview {
                    title: format!("Notiz {i}"),
                    kind: "Notiz".into(),
                    dates: None,
                    summary: Some("Ein Satz über die Sache.".into()),
                    grade: None,
                    publisher: None,
                };
                (format!("notes/notiz-{i}/"), preview)
            })
            .collect();
        Previews { pages }
    }

    fn parse(bytes: &[u8]) -> serde_json::Value {
        serde_json::from_slice(bytes).expect("JSON")
    }

    #[test]
    fn the_files_are_what_serialising_their_maps_gives() {
        let previews = sample(3);
        assert_eq!(split(&previews, 10_000, 100)[0].1, to_json(&previews));
        let previews = sample(200);
        let files = split(&previews, 1_000, 2_000);
        let shards = files.len() - 1;
        for (n, (_, bytes)) in files[1..].iter().enumerate() {
            let pages = (previews.pages.iter())
                .filter(|(key, _)| shard_of(key, shards) == n)
                .map(|(key, preview)| (key.clone(), preview.clone()))
                .collect();
            assert_eq!(*bytes, to_json(&Previews { pages }), "shard {n}");
        }
    }

    #[test]
    fn small_previews_are_one_file() {
        let files = split(&sample(3), 10_000, 100);
        assert_eq!(files.len(), 1);
        assert_eq!(files[0].0, "data/previews.json");
        let json = parse(&files[0].1);
        assert_eq!(json["pages"]["notes/notiz-2/"]["title"], "Notiz 2");
        let newlines = files[0].1.iter().filter(|&&byte| byte == b'\n').count();
        assert!(
            files[0].1.ends_with(b"}\n") && newlines == 1,
            "compact, one line"
        );
    }

    #[test]
    fn large_previews_are_split_into_shards_by_the_hash_of_their_key() {
        let previews = sample(200);
        let files = split(&previews, 1_000, 2_000);
        let manifest = parse(&files[0].1);
        let shards = usize::try_from(manifest["shards"].as_u64().expect("count")).expect("usize");
        assert!(shards.is_power_of_two() && shards > 1, "{shards}");
        assert!(manifest.get("pages").is_none());
        assert_eq!(files.len(), shards + 1);
        let mut found = 0;
        for (n, (path, bytes)) in files[1..].iter().enumerate() {
            assert_eq!(path, &format!("data/previews/{n}.json"));
            let pages = parse(bytes)["pages"].as_object().expect("pages").clone();
            for key in pages.keys() {
                assert_eq!(shard_of(key, shards), n, "{key}");
            }
            found += pages.len();
        }
        assert_eq!(found, 200);
    }

    #[test]
    fn the_shard_hash_is_fnv_1a() {
        // the published FNV-1a 32-bit values: "" → 0x811c9dc5, "a" → 0xe40c292c
        assert_eq!(shard_of("", usize::MAX), 0x811c_9dc5);
        assert_eq!(shard_of("a", usize::MAX), 0xe40c_292c);
        assert_eq!(shard_of("timeline/#ä", 1), 0);
    }

    #[test]
    fn a_short_text_stays_whole_and_an_empty_one_is_none() {
        assert_eq!(cut("  Ein Satz.  ").as_deref(), Some("Ein Satz."));
        assert_eq!(cut("   "), None);
    }

    #[test]
    fn a_long_text_is_cut_at_a_word() {
        let text = "Wort ".repeat(100);
        let cut = cut(&text).expect("text");
        assert!(cut.ends_with("Wort…"), "{cut}");
        assert!(cut.chars().count() <= SUMMARY_CHARS + 1);
        let umlauts = "Ä".repeat(500);
        let cut_umlauts = super::cut(&umlauts).expect("text");
        assert_eq!(cut_umlauts.chars().count(), SUMMARY_CHARS + 1);
    }
}
