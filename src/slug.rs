//! URL-safe slugs for file names, tags and heading ids, with German transliteration.

use std::collections::HashSet;

use unicode_normalization::UnicodeNormalization;

/// Lower case, ä→ae ö→oe ü→ue ß→ss, other accents dropped, every run of spaces and
/// punctuation turned into one `-`. Letters of other scripts (Cyrillic, Greek...) are kept.
///
/// `Öl und Pipelines` → `oel-und-pipelines`; `Tokajew (2019)` → `tokajew-2019`.
pub fn slugify(text: &str) -> String {
    let mut slug = String::with_capacity(text.len());
    let mut pending_dash = false;
    for c in text.chars() {
        let replacement = match c {
            'ä' | 'Ä' => Some("ae"),
            'ö' | 'Ö' => Some("oe"),
            'ü' | 'Ü' => Some("ue"),
            'ß' | 'ẞ' => Some("ss"),
            _ => None,
        };
        if let Some(ascii) = replacement {
            push_word_part(&mut slug, &mut pending_dash, ascii.chars());
        } else if c.is_ascii_alphanumeric() {
            // the common case, without decomposition
            push_word_part(
                &mut slug,
                &mut pending_dash,
                [c.to_ascii_lowercase()].into_iter(),
            );
        } else if c.is_alphanumeric() {
            // é → e + combining accent: keep the base letter, drop the marks.
            let base = c
                .nfkd()
                .flat_map(char::to_lowercase)
                .filter(|d| d.is_alphanumeric() && !d.is_uppercase());
            push_word_part(&mut slug, &mut pending_dash, base);
        } else {
            pending_dash = !slug.is_empty();
        }
    }
    slug
}

fn push_word_part(slug: &mut String, pending_dash: &mut bool, chars: impl Iterator<Item = char>) {
    for c in chars {
        if *pending_dash {
            slug.push('-');
            *pending_dash = false;
        }
        slug.push(c);
    }
}

/// Heading ids unique within one page: `ablauf`, `ablauf-1`, `ablauf-2`.
#[derive(Debug, Default)]
pub struct HeadingIds {
    taken: HashSet<String>,
}

impl HeadingIds {
    /// Reserves an id the author gave explicitly (`## Titel {#eigene-id}`).
    pub fn reserve(&mut self, id: &str) {
        self.taken.insert(id.to_owned());
    }

    /// The id for a heading's text, made unique on this page.
    pub fn unique_for(&mut self, text: &str) -> String {
        let mut base = slugify(text);
        if base.is_empty() {
            base.push_str("abschnitt");
        }
        let mut candidate = base.clone();
        let mut counter = 1;
        while self.taken.contains(&candidate) {
            candidate = format!("{base}-{counter}");
            counter += 1;
        }
        self.taken.insert(candidate.clone());
        candidate
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn transliterates_german() {
        assert_eq!(slugify("Öl und Pipelines"), "oel-und-pipelines");
        assert_eq!(slugify("Straße der Einheit"), "strasse-der-einheit");
        assert_eq!(
            slugify("Überblick: Lübeck, Fürth"),
            "ueberblick-luebeck-fuerth"
        );
    }

    #[test]
    fn drops_accents_and_collapses_punctuation() {
        assert_eq!(slugify("  Paşinyan -- Erevan!  "), "pasinyan-erevan");
        assert_eq!(slugify("Tokajew (2019)"), "tokajew-2019");
        assert_eq!(slugify("OVKS/CSTO"), "ovks-csto");
    }

    #[test]
    fn keeps_other_scripts() {
        assert_eq!(slugify("Қасым-Жомарт Тоқаев"), "қасым-жомарт-тоқаев");
    }

    #[test]
    fn heading_ids_are_unique() {
        let mut ids = HeadingIds::default();
        ids.reserve("ablauf-1");
        assert_eq!(ids.unique_for("Ablauf"), "ablauf");
        assert_eq!(ids.unique_for("Ablauf"), "ablauf-2");
        assert_eq!(ids.unique_for("???"), "abschnitt");
    }

    proptest! {
        #[test]
        fn slugs_are_url_safe(text in "\\PC{0,40}") {
            let slug = slugify(&text);
            prop_assert!(!slug.starts_with('-') && !slug.ends_with('-'));
            prop_assert!(!slug.contains("--"));
            prop_assert!(slug.chars().all(|c| c == '-' || c.is_alphanumeric()));
            prop_assert!(!slug.chars().any(char::is_uppercase));
            prop_assert_eq!(slugify(&slug), slug.clone());
        }
    }
}
