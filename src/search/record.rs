//! A page's search record: what the index needs of one rendered page (its words with their
//! positions and weights, its fragment — the JSON the search shows a result from —, its
//! filters and meta), made from the page's HTML as Pagefind 1.6.0 makes it, and packed the way
//! Pagefind's index stores a page's words. Records are made on all cores while pages render,
//! kept in the cache, and merged by `merge`.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::sync::LazyLock;

use pagefind_stem::Stemmer;
use regex::Regex;
use serde::{Deserialize, Serialize};

use super::normalize::normalize_content;
use super::packed::{self, Locations, PageWord, PageWordRef};
use super::page::{self, ParsedPage};
use super::words::{self, IndexableWord, WordMap};

static PRIVATE_MARKER: LazyLock<Regex> =
    LazyLock::new(|| Regex::new("___PAGEFIND_[\\S]+\\s?").expect("a valid regular expression"));

/// Weights are stored as 24 × the weight (1 → 24), at most 10.
const WEIGHT_MULTIPLIER: f32 = 24.0;
const WEIGHT_MAX: f32 = 10.0;

/// What the index needs of one page. The fragment and the words are kept compact (gzipped,
/// packed): the records of every page wait in memory until the index is written.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Record {
    /// The page's URL from the site's root: `/actors/tokajew/`.
    pub url: String,
    /// The page has a `data-pagefind-body` element (then pages without one are left out).
    pub has_custom_body: bool,
    /// The page has words to find it by (a page without is left out).
    pub has_words: bool,
    pub word_count: usize,
    /// The fragment's JSON as its index file holds it (gzipped, see `file::gzip`), and the
    /// SHA-1 of the JSON (in Pagefind's spelling, see `file::sha1_hex`).
    #[serde(skip)]
    pub fragment_file: Vec<u8>,
    pub fragment_sha1: String,
    pub filters: BTreeMap<String, Vec<String>>,
    /// The names of the page's meta fields, in order: `meta_locs` count fields by this list.
    pub meta_fields: Vec<String>,
    /// Each word of the page, in word order, packed (see `packed`).
    #[serde(skip)]
    pub words: Vec<u8>,
}

#[derive(Debug, Clone)]
struct Position {
    position: u32,
    weight: u8,
    original: Option<String>,
}

#[derive(Debug, Clone)]
struct MetaPosition {
    field: u16,
    position: u32,
    original: Option<String>,
}

#[derive(Serialize)]
struct Fragment<'a> {
    url: &'a str,
    content: &'a str,
    word_count: usize,
    filters: &'a BTreeMap<String, Vec<String>>,
    meta: &'a BTreeMap<String, String>,
    anchors: &'a [Anchor],
}

#[derive(Serialize)]
struct Anchor {
    element: String,
    id: String,
    text: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    title: Option<String>,
    location: u32,
}

/// What the text of a page gives: its content, words and anchors.
struct Digest {
    content: String,
    words: WordMap<Vec<Position>>,
    anchors: Vec<Anchor>,
    word_count: usize,
}

impl Record {
    /// The record of the page at `url` with this HTML, its words stemmed for `language`.
    pub fn of_page(url: &str, html: &[u8], language: &str) -> Result<Record, String> {
        let mut parsed = page::parse(html)?;
        let stemmer = words::stemmer(language);
        let digest = digest(&parsed, language, stemmer.as_ref());
        remove_markers(&mut parsed);
        let meta_fields: Vec<String> = parsed.meta.keys().cloned().collect();
        let meta_words = meta_words(&parsed.meta, language, stemmer.as_ref());
        let fragment = serde_json::to_string(&Fragment {
            url,
            content: &digest.content,
            word_count: digest.word_count,
            filters: &parsed.filters,
            meta: &parsed.meta,
            anchors: &digest.anchors,
        })
        .map_err(|e| e.to_string())?;
        let has_words = !digest.words.is_empty();
        let mut words = Vec::new();
        packed::write_words(&pack_words(digest.words, meta_words), &mut words);
        Ok(Record {
            url: url.to_owned(),
            has_custom_body: parsed.has_custom_body,
            has_words,
            word_count: digest.word_count,
            fragment_sha1: super::file::sha1_hex(fragment.as_bytes()),
            fragment_file: super::file::gzip(fragment.as_bytes()),
            filters: parsed.filters,
            meta_fields,
            words,
        })
    }

    /// The page's words, their locations still packed.
    pub fn word_refs(&self) -> Vec<PageWordRef<'_>> {
        packed::read_word_refs(&self.words).unwrap_or_default()
    }

    /// The fragment's JSON.
    pub fn fragment(&self) -> String {
        let mut json = String::new();
        let body = flate2::read::GzDecoder::new(self.fragment_file.as_slice());
        let _ = std::io::Read::read_to_string(&mut std::io::BufReader::new(body), &mut json);
        json.strip_prefix("pagefind_dcd")
            .unwrap_or(&json)
            .to_owned()
    }
}

/// Pagefind's markers, left in meta and filters by elements inside them, taken out.
fn remove_markers(parsed: &mut ParsedPage) {
    for value in parsed.filters.values_mut().flatten() {
        if PRIVATE_MARKER.is_match(value) {
            *value = PRIVATE_MARKER.replace_all(value, "").into_owned();
        }
    }
    for value in parsed.meta.values_mut() {
        if PRIVATE_MARKER.is_match(value) {
            *value = PRIVATE_MARKER.replace_all(value, "").into_owned();
        }
    }
}

/// The text of a page word by word: the content shown in results, every word's positions and
/// weights, the anchors and where they are.
fn digest(parsed: &ParsedPage, language: &str, stemmer: Option<&Stemmer>) -> Digest {
    let mut digest = Digest {
        content: String::with_capacity(parsed.digest.len()),
        words: WordMap::default(),
        anchors: Vec::new(),
        word_count: 0,
    };
    let mut position: u32 = 0;
    let mut last_position = 0;
    let mut weights: Vec<u8> = vec![WEIGHT_MULTIPLIER as u8];
    for word in parsed.digest.split_whitespace() {
        if word.starts_with('_') && marker(word, parsed, position, &mut weights, &mut digest) {
            continue;
        }
        // zero-width spaces are word boundaries for some languages, never part of a word
        let base_word = match word.contains('\u{200B}') {
            true => Cow::Owned(word.replace('\u{200B}', "")),
            false => Cow::Borrowed(word),
        };
        if base_word.is_empty() {
            continue;
        }
        digest.content.push_str(&base_word);
        digest.content.push(' ');
        let weight = weights.last().copied().unwrap_or(1);
        let split = words::split(&base_word, language, stemmer);
        let part_weight = if split.parts > 0 && weight > 0 {
            (weight / u8::try_from(split.parts).unwrap_or(u8::MAX)).max(1)
        } else {
            0
        };
        for IndexableWord {
            stemmed,
            is_compound_part,
            original,
        } in &split.words
        {
            let position = Position {
                position,
                weight: if *is_compound_part {
                    part_weight
                } else {
                    weight
                },
                original: original.clone(),
            };
            match digest.words.get_mut(stemmed) {
                Some(positions) => positions.push(position),
                None => {
                    digest.words.insert(stemmed.clone(), vec![position]);
                }
            }
        }
        last_position = position;
        position += 1;
    }
    if digest.content.ends_with(' ') {
        digest.content.pop();
    }
    digest.word_count = last_position as usize + 1;
    digest
}

/// Handles one of Pagefind's markers (an anchor, a weight starting or ending); false when the
/// word is not one.
fn marker(
    word: &str,
    parsed: &ParsedPage,
    position: u32,
    weights: &mut Vec<u8>,
    digest: &mut Digest,
) -> bool {
    if let Some(anchor) = word.strip_prefix("___PAGEFIND_ANCHOR___") {
        let anchor = anchor.replace("___PAGEFIND_ANCHOR___", "");
        if let Some((element, anchor_id)) = anchor.split_once(':') {
            let text = parsed
                .anchor_content
                .get(anchor_id)
                .map(|t| normalize_content(t))
                .unwrap_or_default();
            if let Some((_, id)) = anchor_id.split_once(':') {
                digest.anchors.push(Anchor {
                    element: element.to_owned(),
                    id: id.to_owned(),
                    text: normalize_content(&text),
                    title: parsed.anchor_titles.get(anchor_id).cloned(),
                    location: position,
                });
            }
        }
    } else if let Some(weight) = word.strip_prefix("___PAGEFIND_WEIGHT___") {
        let weight = weight.parse::<f32>().unwrap_or(1.0);
        weights.push(if weight <= 0.0 {
            0
        } else {
            ((weight.clamp(0.0, WEIGHT_MAX) * WEIGHT_MULTIPLIER) as u8).max(1)
        });
    } else if let Some(weight) = word.strip_prefix("___PAGEFIND_AUTO_WEIGHT___") {
        // a heading inside an element with an explicit weight takes that weight
        let weight = if weights.len() == 1 {
            let weight = weight.parse::<f32>().unwrap_or(1.0);
            (weight.clamp(0.0, WEIGHT_MAX) * WEIGHT_MULTIPLIER) as u8
        } else {
            weights.last().copied().unwrap_or_default()
        };
        weights.push(weight);
    } else if word.starts_with("___END_PAGEFIND_WEIGHT___") {
        weights.pop();
    } else {
        return false;
    }
    true
}

/// The words of the meta fields (`title` …), by field number and position in the field.
fn meta_words(
    meta: &BTreeMap<String, String>,
    language: &str,
    stemmer: Option<&Stemmer>,
) -> WordMap<Vec<MetaPosition>> {
    let mut found: WordMap<Vec<MetaPosition>> = WordMap::default();
    for (field, value) in meta.values().enumerate() {
        for (position, word) in value.split_whitespace().enumerate() {
            let split = words::split(word, language, stemmer);
            for indexable in split.word_and_parts() {
                found
                    .entry(indexable.stemmed.clone())
                    .or_default()
                    .push(MetaPosition {
                        field: field as u16,
                        position: position as u32,
                        original: indexable.original.clone(),
                    });
            }
        }
    }
    found
}

/// The page's words packed as Pagefind's index holds them, in word order. A form with
/// diacritics (`präsident`) is a variant of the plain word (`prasident`).
fn pack_words(
    words: WordMap<Vec<Position>>,
    meta_words: WordMap<Vec<MetaPosition>>,
) -> Vec<PageWord> {
    let mut packed: Vec<PageWord> = (words.into_iter())
        .map(|(word, positions)| {
            let (plain, with_diacritics) = split_plain(positions, |p| p.original.is_some());
            PageWord {
                word,
                plain: (!plain.is_empty()).then(|| Locations {
                    locs: pack_positions(plain),
                    meta_locs: Vec::new(),
                }),
                variants: (by_form(with_diacritics, |p| &mut p.original).into_iter())
                    .map(|(form, positions)| {
                        let locs = pack_positions(positions);
                        (
                            form,
                            Locations {
                                locs,
                                meta_locs: Vec::new(),
                            },
                        )
                    })
                    .collect(),
            }
        })
        .collect();
    packed.sort_unstable_by(|a, b| a.word.cmp(&b.word));
    let mut meta_words: Vec<(String, Vec<MetaPosition>)> = meta_words.into_iter().collect();
    meta_words.sort_unstable_by(|a, b| a.0.cmp(&b.0));
    let mut only_in_meta = Vec::new();
    for (word, positions) in meta_words {
        match packed.binary_search_by(|entry| entry.word.as_str().cmp(&word)) {
            Ok(index) => add_meta_positions(&mut packed[index], positions),
            Err(_) => {
                let mut entry = PageWord {
                    word,
                    plain: None,
                    variants: Vec::new(),
                };
                add_meta_positions(&mut entry, positions);
                only_in_meta.push(entry);
            }
        }
    }
    if !only_in_meta.is_empty() {
        packed.extend(only_in_meta);
        packed.sort_unstable_by(|a, b| a.word.cmp(&b.word));
    }
    packed
}

/// A word's positions in the meta fields, added to its entry: plain ones to its plain
/// locations, forms with diacritics to their variants.
fn add_meta_positions(entry: &mut PageWord, positions: Vec<MetaPosition>) {
    let (plain, with_diacritics) = split_plain(positions, |p| p.original.is_some());
    if !plain.is_empty() {
        entry.plain.get_or_insert_with(Locations::default).meta_locs = pack_meta_positions(plain);
    }
    for (form, positions) in by_form(with_diacritics, |p| &mut p.original) {
        let meta_locs = pack_meta_positions(positions);
        match entry.variants.iter_mut().find(|(f, _)| *f == form) {
            Some((_, locations)) => locations.meta_locs = meta_locs,
            None => entry.variants.push((
                form,
                Locations {
                    locs: Vec::new(),
                    meta_locs,
                },
            )),
        }
    }
}

/// Positions without and with diacritics, in their order; without copying when all are plain.
fn split_plain<P>(positions: Vec<P>, has_diacritics: impl Fn(&P) -> bool) -> (Vec<P>, Vec<P>) {
    if !positions.iter().any(&has_diacritics) {
        return (positions, Vec::new());
    }
    positions.into_iter().partition(|p| !has_diacritics(p))
}

/// Positions of forms with diacritics, by form (in the forms' order).
fn by_form<P>(
    positions: Vec<P>,
    form: impl Fn(&mut P) -> &mut Option<String>,
) -> BTreeMap<String, Vec<P>> {
    let mut forms: BTreeMap<String, Vec<P>> = BTreeMap::new();
    for mut position in positions {
        let name = form(&mut position).take().unwrap_or_default();
        forms.entry(name).or_default().push(position);
    }
    forms
}

/// Positions as Pagefind packs them: grouped by weight (the weight 25 first, which no word has
/// but which starts the list), each group a negative weight marker, the first position, then
/// differences.
fn pack_positions(mut positions: Vec<Position>) -> Vec<i32> {
    positions.sort_by_key(|p| (if p.weight == 25 { 0 } else { p.weight }, p.position));
    let mut current_weight = 25;
    let mut packed = Vec::with_capacity(positions.len() + 2);
    let mut last = 0;
    for Position {
        position, weight, ..
    } in positions
    {
        if weight != current_weight {
            packed.push(-i32::from(weight) - 1);
            packed.push(position as i32);
            current_weight = weight;
        } else {
            packed.push((position - last) as i32);
        }
        last = position;
    }
    packed
}

/// Meta positions as Pagefind packs them: per field a negative field marker, then differences.
fn pack_meta_positions(mut positions: Vec<MetaPosition>) -> Vec<i32> {
    positions.sort_by_key(|p| (p.field, p.position));
    let mut current_field = None;
    let mut last = 0;
    let mut packed = Vec::with_capacity(positions.len() + 4);
    for MetaPosition {
        field, position, ..
    } in positions
    {
        if Some(field) != current_field {
            packed.push(-i32::from(field) - 1);
            current_field = Some(field);
            last = 0;
        }
        packed.push((position - last) as i32);
        last = position;
    }
    packed
}
