//! The words a search finds a page by: one word of a page's text becomes the normalised,
//! stemmed word and its parts (`Kassym-Jomart` → `kassymjomart`, `kassym`, `jomart`), as
//! Pagefind 1.6.0 splits them, so that its search code finds them with the same query.

use std::cell::RefCell;
use std::collections::{HashMap, HashSet};
use std::rc::Rc;
use std::sync::LazyLock;

use convert_case::{Case, Casing};
use pagefind_stem::{Algorithm, Stemmer};
use regex::Regex;
use unicode_normalization::UnicodeNormalization;
use unicode_segmentation::UnicodeSegmentation;

/// Characters that count as part of a word (Unicode's "Punctuation, Connector"), Pagefind's
/// default; written into `pagefind-entry.json` for the search code.
pub const WORD_SYMBOLS: [char; 10] = ['_', '‿', '⁀', '⁔', '︳', '︴', '﹍', '﹎', '﹏', '＿'];

const MAX_KATAKANA_SUFFIX_CHARS: usize = 16;
const MAX_DOTTED_TAIL_CHARS: usize = 64;

static EMOJI: LazyLock<Regex> =
    LazyLock::new(|| Regex::new("\\p{Emoji}").expect("a valid regular expression"));

/// One word to index for a word of the text.
#[derive(Debug, Clone, PartialEq)]
pub struct IndexableWord {
    /// The normalised and stemmed form: what a query is matched against.
    pub stemmed: String,
    /// A part of a compound word (weighs less than a whole word).
    pub is_compound_part: bool,
    /// The form before its diacritics were taken off, if it had any.
    pub original: Option<String>,
}

/// The Snowball stemmer for a language code (`de`, `de-at`), none for a language without one.
pub fn stemmer(language: &str) -> Option<Stemmer> {
    let algorithm = match language.split('-').next().unwrap_or("") {
        "ar" => Algorithm::Arabic,
        "hy" => Algorithm::Armenian,
        "eu" => Algorithm::Basque,
        "ca" => Algorithm::Catalan,
        "da" => Algorithm::Danish,
        "nl" => Algorithm::Dutch,
        "en" => Algorithm::English,
        "eo" => Algorithm::Esperanto,
        "et" => Algorithm::Estonian,
        "fi" => Algorithm::Finnish,
        "fr" => Algorithm::French,
        "de" => Algorithm::German,
        "el" => Algorithm::Greek,
        "hi" => Algorithm::Hindi,
        "hu" => Algorithm::Hungarian,
        "id" => Algorithm::Indonesian,
        "ga" => Algorithm::Irish,
        "it" => Algorithm::Italian,
        "lt" => Algorithm::Lithuanian,
        "nb" | "nn" | "no" => Algorithm::Norwegian,
        "ne" => Algorithm::Nepali,
        "pt" => Algorithm::Portuguese,
        "ro" => Algorithm::Romanian,
        "ru" => Algorithm::Russian,
        "sr" => Algorithm::Serbian,
        "pl" => Algorithm::Polish,
        "es" => Algorithm::Spanish,
        "sv" => Algorithm::Swedish,
        "ta" => Algorithm::Tamil,
        "tr" => Algorithm::Turkish,
        "yi" => Algorithm::Yiddish,
        _ => return None,
    };
    Some(Stemmer::create(algorithm))
}

/// The words to index for a word of text (`split_word`) and how many of them are compound
/// parts.
#[derive(Debug)]
pub struct Split {
    pub words: Vec<IndexableWord>,
    pub parts: usize,
    /// How many of `words` are the word and its parts, as a meta field indexes them
    /// ([`word_and_parts`]); the rest are compound tails after dots.
    pub own: usize,
}

impl Split {
    /// The word and its parts (what a meta field indexes of it).
    pub fn word_and_parts(&self) -> &[IndexableWord] {
        &self.words[..self.own]
    }
}

/// A map by word, with a hash faster than the standard one for short keys (words come from
/// our own pages), and seeded the same in every build.
pub type WordMap<V> = HashMap<String, V, foldhash::fast::FixedState>;

/// How many words a thread remembers before it starts again.
const REMEMBERED_WORDS: usize = 200_000;

thread_local! {
    /// The splits made on this thread, for one language: a dossier's pages share most words.
    static SPLITS: RefCell<(String, WordMap<Rc<Split>>)> = RefCell::default();
}

/// `split_word` of `raw_word` in `language` (whose stemmer `stemmer` is), remembered.
pub fn split(raw_word: &str, language: &str, stemmer: Option<&Stemmer>) -> Rc<Split> {
    SPLITS.with(|splits| {
        let mut splits = splits.borrow_mut();
        let (remembered_language, known) = &mut *splits;
        if remembered_language != language || known.len() > REMEMBERED_WORDS {
            *remembered_language = language.to_owned();
            known.clear();
        }
        if let Some(split) = known.get(raw_word) {
            return Rc::clone(split);
        }
        let split = Rc::new(split_word(raw_word, stemmer));
        known.insert(raw_word.to_owned(), Rc::clone(&split));
        split
    })
}

/// Everything to index for one whitespace-separated word of the text: the word itself, the
/// suffixes of a katakana word, the parts of a compound word, emoji, and the compound tails
/// after dots (`sysconfig.is_python_build` → `is_python_build`).
fn split_word(raw_word: &str, stemmer: Option<&Stemmer>) -> Split {
    let mut words = word_and_parts(raw_word, stemmer);
    let own = words.len();
    let tails = dotted_tails(raw_word, stemmer, &words);
    words.extend(tails);
    let parts = words.iter().filter(|w| w.is_compound_part).count();
    Split { words, parts, own }
}

/// The word, its katakana suffixes, its compound parts and its emoji (what Pagefind indexes
/// for a word of a page's metadata).
fn word_and_parts(raw_word: &str, stemmer: Option<&Stemmer>) -> Vec<IndexableWord> {
    let mut results = Vec::new();
    let normalized_word = normalize_word(raw_word);
    if !normalized_word.is_empty() {
        results.push(stem_word(&normalized_word, stemmer, false));
    }
    for suffix in katakana_suffixes(raw_word) {
        let without_diacritics = normalize_diacritics(suffix);
        results.push(IndexableWord {
            stemmed: without_diacritics
                .clone()
                .unwrap_or_else(|| suffix.to_owned()),
            original: without_diacritics.map(|_| suffix.to_owned()),
            is_compound_part: true,
        });
    }
    let possibly_compound = raw_word.chars().any(|c| !c.is_alphanumeric())
        || raw_word.chars().skip(1).any(char::is_uppercase);
    if !possibly_compound {
        return results;
    }
    let (word_parts, emoji) = discrete_words(raw_word);
    if !normalized_word.is_empty()
        && (word_parts.contains(char::is_whitespace) || !normalized_word.starts_with(&word_parts))
    {
        // only parts of two bytes or more
        for part in word_parts.split_whitespace().filter(|w| w.len() > 1) {
            let without_diacritics = normalize_diacritics(part);
            let plain = without_diacritics.as_deref().unwrap_or(part);
            let stemmed = match stemmer {
                Some(stemmer) => stemmer.stem(plain).into_owned(),
                None => plain.to_owned(),
            };
            results.push(IndexableWord {
                stemmed,
                original: without_diacritics.map(|_| part.to_owned()),
                is_compound_part: true,
            });
        }
    }
    results.extend(emoji.into_iter().flatten().map(|emoji| IndexableWord {
        stemmed: emoji,
        original: None,
        is_compound_part: false,
    }));
    results
}

/// The compound tails after each dot of a word that are not indexed already.
fn dotted_tails(
    raw_word: &str,
    stemmer: Option<&Stemmer>,
    existing: &[IndexableWord],
) -> Vec<IndexableWord> {
    let mut tails = Vec::new();
    if !raw_word.contains('.') {
        return tails;
    }
    let seen: HashSet<&str> = existing.iter().map(|w| w.stemmed.as_str()).collect();
    let mut seen_tails: HashSet<String> = HashSet::new();
    for (i, _) in raw_word.match_indices('.') {
        let rest = &raw_word[i + 1..];
        let tail = match rest.char_indices().nth(MAX_DOTTED_TAIL_CHARS) {
            Some((end, _)) => &rest[..end],
            None => rest,
        };
        let tail_is_compound = tail.chars().any(|c| !c.is_alphanumeric())
            || tail.chars().skip(1).any(char::is_uppercase);
        if !tail_is_compound {
            // a plain tail is indexed already, as the last compound part
            continue;
        }
        let normalized = normalize_word(tail);
        if normalized.chars().count() < 2 {
            continue;
        }
        let tail_word = stem_word(&normalized, stemmer, true);
        if !seen.contains(tail_word.stemmed.as_str())
            && seen_tails.insert(tail_word.stemmed.clone())
        {
            tails.push(tail_word);
        }
    }
    tails
}

/// The word's letters, digits and word symbols, in lower case.
fn normalize_word(raw_word: &str) -> String {
    let mut normalized = String::with_capacity(raw_word.len());
    for mut c in raw_word.chars() {
        if c.is_alphanumeric() || WORD_SYMBOLS.contains(&c) {
            c.make_ascii_lowercase();
            if c.is_uppercase() {
                // a non-ASCII capital can become several characters
                normalized.extend(c.to_lowercase());
            } else {
                normalized.push(c);
            }
        }
    }
    normalized
}

fn stem_word(normalized: &str, stemmer: Option<&Stemmer>, is_compound_part: bool) -> IndexableWord {
    let without_diacritics = normalize_diacritics(normalized);
    let plain = without_diacritics.as_deref().unwrap_or(normalized);
    let stemmed = match stemmer {
        Some(stemmer) => stemmer.stem(plain).into_owned(),
        None => plain.to_owned(),
    };
    IndexableWord {
        stemmed,
        original: without_diacritics.map(|_| normalized.to_owned()),
        is_compound_part,
    }
}

fn is_katakana(c: char) -> bool {
    matches!(c as u32, 0x30A1..=0x30FA | 0x30FC..=0x30FF | 0x31F0..=0x31FF | 0xFF66..=0xFF9F)
}

/// Every suffix of a katakana word, so that a query for a part of it finds it by prefix.
fn katakana_suffixes(word: &str) -> Vec<&str> {
    if word.chars().count() < 3 || !word.chars().all(is_katakana) {
        return Vec::new();
    }
    let mut seen = HashSet::new();
    let mut suffixes = Vec::new();
    for (i, _) in word.char_indices().skip(1) {
        let rest = &word[i..];
        let suffix = match rest.char_indices().nth(MAX_KATAKANA_SUFFIX_CHARS) {
            Some((end, _)) => &rest[..end],
            None => rest,
        };
        if suffix.chars().count() >= 2 && seen.insert(suffix) {
            suffixes.push(suffix);
        }
    }
    suffixes
}

/// The word without its diacritics (`Präsident` → `Prasident`), if it had any. The kana
/// voiced sound marks stay: they tell words apart.
fn normalize_diacritics(word: &str) -> Option<String> {
    if word.is_ascii() || !has_decomposition(word) {
        return None;
    }
    let stripped: String = word
        .nfd()
        .filter(|c| {
            !unicode_normalization::char::is_combining_mark(*c)
                || matches!(*c, '\u{3099}' | '\u{309A}')
        })
        .collect();
    let normalized = if stripped
        .chars()
        .any(|c| matches!(c, '\u{3099}' | '\u{309A}'))
    {
        stripped.nfc().collect::<String>()
    } else {
        stripped
    };
    (normalized != word).then_some(normalized)
}

fn has_decomposition(word: &str) -> bool {
    word.chars().any(|c| {
        unicode_normalization::char::is_combining_mark(c) || {
            let mut decomposes = false;
            unicode_normalization::char::decompose_canonical(c, |part| {
                decomposes = decomposes || part != c;
            });
            decomposes
        }
    })
}

/// The word split at ASCII punctuation and case changes, in lower case; and its emoji.
fn discrete_words(word: &str) -> (String, Option<Vec<String>>) {
    let words = word
        .replace(|c: char| c.is_ascii_punctuation(), " ")
        .to_case(Case::Lower)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    let emoji = EMOJI.is_match(word).then(|| {
        word.graphemes(true)
            .filter(|grapheme| emojis::get(grapheme).is_some())
            .map(str::to_owned)
            .collect()
    });
    (words, emoji)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stemmed(word: &str, language: &str) -> Vec<(String, bool)> {
        split_word(word, stemmer(language).as_ref())
            .words
            .into_iter()
            .map(|w| (w.stemmed, w.is_compound_part))
            .collect()
    }

    #[test]
    fn a_hyphenated_name_is_indexed_whole_and_in_parts() {
        assert_eq!(
            stemmed("Kassym-Jomart", "de"),
            [
                ("kassymjomart".into(), false),
                ("kassym".into(), true),
                ("jomart".into(), true)
            ]
        );
    }

    #[test]
    fn german_words_lose_their_umlauts_and_endings_but_keep_the_original_form() {
        let words = split_word("Präsidenten", stemmer("de").as_ref()).words;
        assert_eq!(words[0].stemmed, "prasident");
        assert_eq!(words[0].original.as_deref(), Some("präsidenten"));
        assert_eq!(stemmed("Häuser", "xx"), [("hauser".into(), false)]);
    }

    #[test]
    fn dotted_words_keep_their_compound_tail() {
        let words: Vec<String> = stemmed("sysconfig.is_python_build", "en")
            .into_iter()
            .map(|(w, _)| w)
            .collect();
        assert!(words.contains(&"is_python_build".to_owned()), "{words:?}");
    }
}
