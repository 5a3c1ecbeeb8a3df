//! What pages show of the evidence: a source's grade (on its page and on every chip citing it),
//! the quotes a statement rests on, and what its ground comes to.

use serde::Serialize;

use crate::i18n::UiStrings;
use crate::link::Ground;
use crate::model::Reliability;

/// A grade as the reader sees it: the letter, with its meaning for screen readers and tooltips
/// (never colour alone).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct GradeView {
    /// `D`
    pub letter: &'static str,
    /// `d`, for class names.
    pub class: &'static str,
    /// `not usually reliable`
    pub meaning: &'static str,
    /// `Grade D: not usually reliable`
    pub label: String,
    /// Graded D, E or F.
    pub weak: bool,
}

impl GradeView {
    pub fn new(grade: Reliability, t: &UiStrings) -> Self {
        let meaning = grade_meaning(grade, t);
        GradeView {
            letter: grade.letter(),
            class: match grade {
                Reliability::A => "a",
                Reliability::B => "b",
                Reliability::C => "c",
                Reliability::D => "d",
                Reliability::E => "e",
                Reliability::F => "f",
            },
            meaning,
            label: format!("{} {}: {meaning}", t.grade, grade.letter()),
            weak: grade.is_weak(),
        }
    }
}

/// The meaning of a grade in the site's language.
pub fn grade_meaning(grade: Reliability, t: &UiStrings) -> &'static str {
    match grade {
        Reliability::A => t.grade_a,
        Reliability::B => t.grade_b,
        Reliability::C => t.grade_c,
        Reliability::D => t.grade_d,
        Reliability::E => t.grade_e,
        Reliability::F => t.grade_f,
    }
}

/// A source where a statement names it: its title, page and grade.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SourceChip {
    pub title: String,
    pub url: String,
    pub grade: Option<GradeView>,
}

/// A passage a statement rests on, or only where in the source it stands.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct QuoteView {
    /// The source's title and page.
    pub title: String,
    pub url: String,
    /// What `<blockquote cite>` names: the original's address, else the source's page.
    pub cite: String,
    pub quote: Option<String>,
    pub locator: Option<String>,
    /// The source's language, when written as a language tag (`de`, `ru`, `en-GB`).
    pub lang: Option<String>,
}

/// What a statement's sources come to, when a reader should know.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct GroundView {
    /// Every source graded D–F.
    pub weak: bool,
    pub single_source: bool,
    /// The one publisher of all its sources.
    pub single_publisher: Option<String>,
}

impl GroundView {
    pub fn of(ground: Option<Ground>) -> Option<GroundView> {
        ground.filter(Ground::is_notable).map(|ground| GroundView {
            weak: ground.weak,
            single_source: ground.single_source,
            single_publisher: ground.single_publisher,
        })
    }
}

/// `de`, `ru`, `en-GB`, `zh-Hant`: what a `lang` attribute takes; `Deutsch` is not.
pub(super) fn is_language_tag(code: &str) -> bool {
    let mut parts = code.split('-');
    let primary = parts.next().unwrap_or_default();
    (2..=3).contains(&primary.len())
        && primary.bytes().all(|b| b.is_ascii_lowercase())
        && parts.all(|p| (2..=8).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_alphanumeric()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Language;

    #[test]
    fn grades_carry_their_meaning_in_the_sites_language() {
        let grade = GradeView::new(Reliability::D, Language::En.strings());
        assert_eq!(grade.label, "Grade D: not usually reliable");
        assert!(grade.weak);
        let grade = GradeView::new(Reliability::B, Language::De.strings());
        assert_eq!(grade.label, "Bewertung B: meist zuverlässig");
        assert!(!grade.weak);
    }

    #[test]
    fn only_language_tags_become_lang_attributes() {
        for tag in ["de", "ru", "en-GB", "zh-Hant", "kk"] {
            assert!(is_language_tag(tag), "{tag}");
        }
        for text in ["Deutsch", "", "d", "de_DE", "de-", "\"x"] {
            assert!(!is_language_tag(text), "{text}");
        }
    }
}
