//! Properties of the parsers that hold for every input of a kind: dates are rejected exactly when
//! the calendar has no such day, wikilinks and citations keep what was written, and front matter
//! splits so that lines still count as in the file.

use chrono::NaiveDate;
use dossier::date::{DateError, PartialDate};
use dossier::markdown::{self, ParseOptions, ParsedBody, ReferenceKind};
use dossier::source::split_front_matter;
use proptest::collection::vec;
use proptest::prelude::*;

/// A name as people write them: letters (also umlauts), digits, inner spaces and dashes.
const NAME: &str = "[A-Za-zÄÖÜäöüß0-9]([A-Za-zÄÖÜäöüß0-9 -]{0,18}[A-Za-zÄÖÜäöüß0-9])?";

fn body(text: &str) -> ParsedBody {
    markdown::parse(text, ParseOptions::default())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn a_full_date_is_accepted_exactly_when_the_calendar_has_it(
        year in 1000i32..3000,
        month in 0u32..=13,
        day in 0u32..=32,
    ) {
        let text = format!("{year:04}-{month:02}-{day:02}");
        let real = NaiveDate::from_ymd_opt(year, month, day).is_some();
        match PartialDate::parse(&text) {
            Ok(date) => {
                prop_assert!(real, "{text} accepted");
                prop_assert_eq!(date.iso(), text);
            }
            Err(DateError::Impossible(..)) => prop_assert!(!real, "{text} rejected"),
            Err(error) => prop_assert!(false, "{text} is well-formed, not: {error}"),
        }
    }

    #[test]
    fn a_month_is_accepted_exactly_when_it_is_one_to_twelve(year in 1000i32..3000, month in 0u32..=99) {
        let text = format!("{year:04}-{month:02}");
        prop_assert_eq!(PartialDate::parse(&text).is_ok(), (1..=12).contains(&month));
    }

    #[test]
    fn wikilinks_keep_their_target_and_label(target in NAME, label in NAME) {
        let parsed = body(&format!("Vorher [[{target}|{label}]] nachher.\n"));
        prop_assert_eq!(parsed.references.len(), 1);
        let reference = &parsed.references[0];
        prop_assert_eq!(reference.kind, ReferenceKind::WikiLink);
        prop_assert_eq!(&reference.target, &target);
        prop_assert_eq!(&reference.fragment, &None);
        let label = label.split_whitespace().collect::<Vec<_>>().join(" ");
        prop_assert!(parsed.plain_text.contains(&label), "{}", parsed.plain_text);
    }

    #[test]
    fn the_beginning_of_the_plain_text_is_enough_for_descriptions_and_feeds(
        words in vec(prop_oneof!["[a-zäöü]{1,6}", "[a-zäöü]{20,60}"], 0..600),
        breaks in vec(prop_oneof![Just(" "), Just("  "), Just("\n"), Just(" *x* "), Just("\n\n")], 600),
    ) {
        let text: String = words.iter().zip(&breaks).map(|(word, gap)| format!("{word}{gap}")).collect();
        let whole = body(&text).plain_text;
        prop_assert_eq!(&whole, &whole.split_whitespace().collect::<Vec<_>>().join(" "));
        let options = ParseOptions { plain_beginning: true, ..ParseOptions::default() };
        let beginning = markdown::parse(&text, options).plain_text;
        prop_assert!(whole.starts_with(&beginning), "{beginning:?} does not begin {whole:?}");
        // what descriptions (30 words and an ellipsis) and feeds (400 characters) take of it
        let first = |text: &str, n: usize| text.split(' ').take(n).collect::<Vec<_>>().join(" ");
        prop_assert_eq!(first(&beginning, 31), first(&whole, 31));
        prop_assert_eq!(
            beginning.chars().take(400).collect::<String>(),
            whole.chars().take(400).collect::<String>()
        );
    }

    #[test]
    fn wikilinks_split_off_the_heading(target in NAME, heading in NAME) {
        let parsed = body(&format!("[[{target}#{heading}]]\n"));
        prop_assert_eq!(parsed.references.len(), 1);
        prop_assert_eq!(&parsed.references[0].target, &target);
        prop_assert_eq!(parsed.references[0].fragment.as_deref(), Some(heading.as_str()));
    }

    #[test]
    fn wikilinks_in_code_stay_text(target in NAME) {
        let parsed = body(&format!("`[[{target}]]`\n\n```\n[[{target}]]\n```\n"));
        prop_assert!(parsed.references.is_empty());
        prop_assert_eq!(parsed.html.matches(&format!("[[{target}]]")).count(), 2);
    }

    #[test]
    fn citations_keep_their_source_and_locator(id in "[a-z][a-z0-9-]{0,15}", page in 1u32..999) {
        let parsed = body(&format!("Satz[@{id}, S. {page}].\n"));
        prop_assert_eq!(parsed.citations.len(), 1);
        prop_assert_eq!(&parsed.citations[0].source_id, &id);
        let locator = format!("S. {page}");
        prop_assert_eq!(parsed.citations[0].locator.as_deref(), Some(locator.as_str()));
    }

    #[test]
    fn front_matter_splits_with_lines_counted_as_in_the_file(
        keys in vec("[a-z]{1,8}: [a-zA-Z0-9 ]{0,12}", 0..6),
        lines in vec("[a-zA-Z0-9 #*-]{0,20}", 0..6),
    ) {
        let yaml: String = keys.iter().map(|k| format!("{k}\n")).collect();
        let text: String = lines.iter().map(|l| format!("{l}\n")).collect();
        let file = format!("---\n{yaml}---\n{text}");
        let (front_matter, body, body_first_line) =
            split_front_matter(&file).unwrap_or_else(|d| panic!("{d}"));
        let front_matter = front_matter.expect("front matter");
        prop_assert_eq!(front_matter.text, yaml);
        prop_assert_eq!(front_matter.first_line, 2);
        prop_assert_eq!(body, text.as_str());
        prop_assert_eq!(body_first_line, keys.len() + 3);
    }
}
