//! Dates as authors write them: `2019`, `2022-06` or `2022-06-17`, with the precision kept.

use std::cmp::Ordering;
use std::fmt;

use chrono::NaiveDate;
use serde::de::{self, Deserializer, Visitor};
use serde::{Deserialize, Serialize};

use crate::i18n::Language;

/// How much of a date is known.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Precision {
    Year,
    Month,
    Day,
}

/// A date known to the year, the month or the day.
///
/// Ordering keeps the precision: `2022` sorts before `2022-01`, which sorts before `2022-01-01`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct PartialDate {
    pub year: i32,
    pub month: Option<u32>,
    pub day: Option<u32>,
}

impl PartialDate {
    /// Parses `YYYY`, `YYYY-MM` or `YYYY-MM-DD`, rejecting impossible dates.
    pub fn parse(text: &str) -> Result<Self, DateError> {
        let text = text.trim();
        let parts: Vec<&str> = text.split('-').collect();
        let malformed = || DateError::Malformed(text.to_owned());
        let number = |part: &str, digits: usize| -> Result<u32, DateError> {
            if part.len() == digits && part.bytes().all(|b| b.is_ascii_digit()) {
                part.parse().map_err(|_| malformed())
            } else {
                Err(malformed())
            }
        };
        let year = number(parts.first().copied().unwrap_or(""), 4)? as i32;
        let month = parts.get(1).map(|m| number(m, 2)).transpose()?;
        let day = parts.get(2).map(|d| number(d, 2)).transpose()?;
        if parts.len() > 3 {
            return Err(malformed());
        }
        if let Some(m) = month
            && !(1..=12).contains(&m)
        {
            return Err(DateError::Impossible(
                text.to_owned(),
                format!("there is no month {m}"),
            ));
        }
        if let (Some(m), Some(d)) = (month, day)
            && NaiveDate::from_ymd_opt(year, m, d).is_none()
        {
            return Err(DateError::Impossible(
                text.to_owned(),
                format!("{} has no day {d}", month_name(Language::En, m)),
            ));
        }
        Ok(PartialDate { year, month, day })
    }

    pub fn precision(&self) -> Precision {
        match (self.month, self.day) {
            (Some(_), Some(_)) => Precision::Day,
            (Some(_), None) => Precision::Month,
            _ => Precision::Year,
        }
    }

    /// The form the author wrote: `2022`, `2022-06`, `2022-06-17` (also a valid HTML `datetime`).
    pub fn iso(&self) -> String {
        match (self.month, self.day) {
            (Some(m), Some(d)) => format!("{:04}-{m:02}-{d:02}", self.year),
            (Some(m), None) => format!("{:04}-{m:02}", self.year),
            _ => format!("{:04}", self.year),
        }
    }

    /// The first day the date can mean, for feeds and sitemaps that need a full date.
    pub fn first_day(&self) -> NaiveDate {
        NaiveDate::from_ymd_opt(self.year, self.month.unwrap_or(1), self.day.unwrap_or(1))
            .unwrap_or(NaiveDate::MIN)
    }

    /// The date at its precision in the site's language: "17. Juni 2022", "Juni 2022", "2022".
    pub fn display(&self, language: Language) -> String {
        let year = self.year;
        match (self.month, self.day) {
            (Some(m), Some(d)) => match language {
                Language::De => format!("{d}. {} {year}", month_name(language, m)),
                Language::En => format!("{d} {} {year}", month_name(language, m)),
            },
            (Some(m), None) => format!("{} {year}", month_name(language, m)),
            _ => year.to_string(),
        }
    }

    /// A range shown compactly: "17.–18. Juni 2022", "Juni – August 2022", "2019 – 2021".
    pub fn display_range(&self, end: &PartialDate, language: Language) -> String {
        let same_year = self.year == end.year;
        let same_month = same_year && self.month == end.month && self.month.is_some();
        match (self.precision(), end.precision()) {
            (Precision::Day, Precision::Day) if same_month => {
                let start_day = self.day.unwrap_or(1);
                match language {
                    Language::De => format!("{start_day}.–{}", end.display(language)),
                    Language::En => format!("{start_day}–{}", end.display(language)),
                }
            }
            (Precision::Month, Precision::Month) if same_year => {
                format!(
                    "{} – {}",
                    month_name(language, self.month.unwrap_or(1)),
                    end.display(language)
                )
            }
            _ => format!("{} – {}", self.display(language), end.display(language)),
        }
    }

    fn sort_key(&self) -> (i32, u32, u32) {
        (self.year, self.month.unwrap_or(0), self.day.unwrap_or(0))
    }
}

impl Ord for PartialDate {
    fn cmp(&self, other: &Self) -> Ordering {
        self.sort_key().cmp(&other.sort_key())
    }
}

impl PartialOrd for PartialDate {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl fmt::Display for PartialDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.iso())
    }
}

impl Serialize for PartialDate {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.iso())
    }
}

/// YAML gives `2019` as a number and `2022-06-17` as a string; both are dates here. A binary
/// format (the build's cache) has the string that [`Serialize`] wrote, and no types to go by.
impl<'de> Deserialize<'de> for PartialDate {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct DateVisitor;
        impl Visitor<'_> for DateVisitor {
            type Value = PartialDate;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a date as YYYY, YYYY-MM or YYYY-MM-DD")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<PartialDate, E> {
                PartialDate::parse(v).map_err(E::custom)
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<PartialDate, E> {
                PartialDate::parse(&v.to_string()).map_err(E::custom)
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<PartialDate, E> {
                PartialDate::parse(&v.to_string()).map_err(E::custom)
            }
        }
        match deserializer.is_human_readable() {
            true => deserializer.deserialize_any(DateVisitor),
            false => deserializer.deserialize_str(DateVisitor),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DateError {
    #[error(
        "`{0}` is not a date: write YYYY, YYYY-MM or YYYY-MM-DD, e.g. 2022, 2022-06 or 2022-06-17"
    )]
    Malformed(String),
    #[error("`{0}` is not a real date: {1}")]
    Impossible(String, String),
}

/// The month's name in the language, 1-based.
pub fn month_name(language: Language, month: u32) -> &'static str {
    const DE: [&str; 12] = [
        "Januar",
        "Februar",
        "März",
        "April",
        "Mai",
        "Juni",
        "Juli",
        "August",
        "September",
        "Oktober",
        "November",
        "Dezember",
    ];
    const EN: [&str; 12] = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ];
    let names = match language {
        Language::De => &DE,
        Language::En => &EN,
    };
    names[(month.clamp(1, 12) - 1) as usize]
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn date(text: &str) -> PartialDate {
        PartialDate::parse(text).unwrap_or_else(|e| panic!("{e}"))
    }

    #[test]
    fn keeps_precision() {
        assert_eq!(date("2019").precision(), Precision::Year);
        assert_eq!(date("2022-06").precision(), Precision::Month);
        assert_eq!(date("2022-06-17").precision(), Precision::Day);
        assert_eq!(date("2022-06").iso(), "2022-06");
    }

    #[test]
    fn displays_in_the_sites_language() {
        assert_eq!(date("2022-06-17").display(Language::De), "17. Juni 2022");
        assert_eq!(date("2022-03").display(Language::De), "März 2022");
        assert_eq!(date("2019").display(Language::De), "2019");
        assert_eq!(date("2022-06-17").display(Language::En), "17 June 2022");
    }

    #[test]
    fn displays_ranges_compactly() {
        let range = date("2022-06-15").display_range(&date("2022-06-18"), Language::De);
        assert_eq!(range, "15.–18. Juni 2022");
        let range = date("2022-01").display_range(&date("2022-03"), Language::De);
        assert_eq!(range, "Januar – März 2022");
        let range = date("2019").display_range(&date("2021-05"), Language::En);
        assert_eq!(range, "2019 – May 2021");
    }

    #[test]
    fn a_year_sorts_before_its_months() {
        let mut dates = [
            date("2022-06-17"),
            date("2022-06"),
            date("2022"),
            date("2021-12-31"),
        ];
        dates.sort();
        let iso: Vec<String> = dates.iter().map(PartialDate::iso).collect();
        assert_eq!(iso, ["2021-12-31", "2022", "2022-06", "2022-06-17"]);
    }

    #[test]
    fn rejects_impossible_and_malformed_dates() {
        assert!(matches!(
            PartialDate::parse("2025-02-30"),
            Err(DateError::Impossible(..))
        ));
        assert!(matches!(
            PartialDate::parse("2025-13"),
            Err(DateError::Impossible(..))
        ));
        assert!(matches!(
            PartialDate::parse("Herbst 2022"),
            Err(DateError::Malformed(..))
        ));
        assert!(matches!(
            PartialDate::parse("22-06-17"),
            Err(DateError::Malformed(..))
        ));
        assert!(matches!(
            PartialDate::parse("2022-6-17"),
            Err(DateError::Malformed(..))
        ));
        assert!(PartialDate::parse("2024-02-29").is_ok());
    }

    proptest! {
        #[test]
        fn parse_never_panics(text in "\\PC{0,20}") {
            let _ = PartialDate::parse(&text);
        }

        #[test]
        fn valid_dates_round_trip(y in 1000i32..3000, m in 1u32..=12, d in 1u32..=28) {
            let text = format!("{y:04}-{m:02}-{d:02}");
            prop_assert_eq!(date(&text).iso(), text);
        }
    }
}
