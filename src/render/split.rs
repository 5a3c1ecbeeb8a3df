//! When the timeline and the print page are too big for one page: the budget, and how they are
//! cut into parts. Below the budget each stays one page, as it always was.
//!
//! The timeline is cut by year (a year with more events than a page holds by month, a month
//! with more in runs of a page's worth), each part at `timeline/<slug>/`; the print page by
//! section (a section bigger than a part in runs of documents), each at `print/<slug>/`.
//! Both plans follow from the dossier alone, so they are the same on every build.

use std::ops::Range;

use crate::date::PartialDate;

/// How big one page may grow before it is cut into parts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PageBudget {
    /// The events on one timeline page.
    pub events_per_page: usize,
    /// The estimated bytes of one print page ([`print_bytes_of_document`] and
    /// [`PRINT_BYTES_PER_EVENT`]).
    pub print_bytes_per_page: usize,
    /// The entries on one page of a section's index (notes, sources).
    pub entries_per_list_page: usize,
}

/// The events one timeline page holds: a card takes about 1.7 kB at most in a generated dossier
/// of 10,000 events, so a page stays near 1 MB, well under 2 MB.
pub const EVENTS_PER_PAGE: usize = 500;

/// The estimated bytes one print page holds: half of 2 MB, since the estimate leaves out what
/// a document's text gains as it is rendered (embedded notes, chips, links made absolute).
pub const PRINT_BYTES_PER_PAGE: usize = 1_000_000;

/// The entries one page of a section's index holds: an entry takes about 250 bytes with its
/// summary, so a page stays near 0.5 MB.
pub const ENTRIES_PER_LIST_PAGE: usize = 2000;

/// About what an event takes on the print page.
pub const PRINT_BYTES_PER_EVENT: usize = 1024;

/// About what a document takes on the print page besides its text: its heading, its printed
/// address, its chips and references.
pub const PRINT_BYTES_PER_DOCUMENT: usize = 1024;

impl Default for PageBudget {
    fn default() -> Self {
        PageBudget {
            events_per_page: EVENTS_PER_PAGE,
            print_bytes_per_page: PRINT_BYTES_PER_PAGE,
            entries_per_list_page: ENTRIES_PER_LIST_PAGE,
        }
    }
}

impl PageBudget {
    /// A small budget, so that a small dossier is cut into parts.
    #[cfg(test)]
    pub(crate) fn small(events_per_page: usize, print_bytes_per_page: usize) -> Self {
        PageBudget {
            events_per_page: events_per_page.max(1),
            print_bytes_per_page: print_bytes_per_page.max(1),
            entries_per_list_page: ENTRIES_PER_LIST_PAGE,
        }
    }
}

/// The output folder of page `number` (from 1) of a section's index: the first at `notes/`, the
/// others at `notes/_2/` …; a slug has no underscore, so no note's page can stand there.
pub fn list_page_path(section: &str, number: usize) -> String {
    match number {
        1 => format!("{section}/"),
        n => format!("{section}/_{n}/"),
    }
}

/// The estimated bytes of a document on the print page: its text as the markdown stage made
/// it, its summary, and what every document takes.
pub fn print_bytes_of_document(doc: &crate::model::Document) -> usize {
    doc.body.html.len()
        + doc.summary.as_ref().map_or(0, |s| s.html.len())
        + PRINT_BYTES_PER_DOCUMENT
}

/// One part of a page cut into parts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Part {
    /// Its folder under the page's (`2022`, `2022-2`, `notes-3`), without slashes.
    pub slug: String,
    /// What the index calls it (`2022`, `2022, 03–05`, `A–F`); empty for a section whole.
    pub label: String,
    /// The indexes of its events or documents, in the page's order.
    pub items: Range<usize>,
}

/// How the timeline is cut: no parts when it is one page.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TimelineParts {
    pub parts: Vec<Part>,
    /// Of each event (in timeline order), the index of its part.
    part_of: Vec<usize>,
}

impl TimelineParts {
    /// The parts of a timeline whose events (sorted by date) have `dates`.
    pub fn plan(dates: &[PartialDate], budget: PageBudget) -> Self {
        let per_page = budget.events_per_page.max(1);
        if dates.len() <= per_page {
            return TimelineParts::default();
        }
        let mut parts = Vec::new();
        for year in runs(dates, |date| date.year) {
            let year_number = dates[year.start].year;
            if year.len() <= per_page {
                parts.push(Part {
                    slug: year_number.to_string(),
                    label: year_number.to_string(),
                    items: year,
                });
                continue;
            }
            // by month, a month bigger than a page in runs of a page's worth
            let months = runs(&dates[year.clone()], |date| date.month)
                .into_iter()
                .flat_map(|month| chunks(month, per_page))
                .map(|range| range.start + year.start..range.end + year.start);
            for (number, items) in pack(months, |range| range.len(), per_page)
                .into_iter()
                .enumerate()
            {
                let month = |index: usize| dates[index].month.map(|m| format!("{m:02}"));
                let label = match (month(items.start), month(items.end - 1)) {
                    (Some(first), Some(last)) if first == last => format!("{year_number}, {first}"),
                    (Some(first), Some(last)) => format!("{year_number}, {first}–{last}"),
                    (None, Some(last)) => format!("{year_number}, –{last}"),
                    _ => year_number.to_string(),
                };
                parts.push(Part {
                    slug: format!("{year_number}-{}", number + 1),
                    label,
                    items,
                });
            }
        }
        let mut part_of = vec![0; dates.len()];
        for (index, part) in parts.iter().enumerate() {
            part_of[part.items.clone()].fill(index);
        }
        TimelineParts { parts, part_of }
    }

    /// Whether the timeline is cut into parts.
    pub fn is_split(&self) -> bool {
        !self.parts.is_empty()
    }

    /// The output path of the timeline page that holds event `index`: `timeline/` when it is
    /// one page, else its part's, `timeline/2022/`.
    pub fn page_of(&self, index: usize) -> String {
        match self.part_of.get(index) {
            Some(&part) if self.is_split() => format!("timeline/{}/", self.parts[part].slug),
            _ => "timeline/".to_owned(),
        }
    }
}

/// The ranges of consecutive items of `items` with the same `key`.
fn runs<T, K: PartialEq>(items: &[T], key: impl Fn(&T) -> K) -> Vec<Range<usize>> {
    let mut runs: Vec<Range<usize>> = Vec::new();
    for (index, item) in items.iter().enumerate() {
        match runs.last_mut() {
            Some(run) if key(&items[run.start]) == key(item) => run.end = index + 1,
            _ => runs.push(index..index + 1),
        }
    }
    runs
}

/// `range` cut into runs of `size` at most.
fn chunks(range: Range<usize>, size: usize) -> Vec<Range<usize>> {
    range
        .clone()
        .step_by(size.max(1))
        .map(|start| start..(start + size).min(range.end))
        .collect()
}

/// Consecutive ranges joined into as few as fit `budget` each (by `weight`), in order; a
/// range heavier than the budget alone stays alone.
pub fn pack(
    ranges: impl IntoIterator<Item = Range<usize>>,
    weight: impl Fn(&Range<usize>) -> usize,
    budget: usize,
) -> Vec<Range<usize>> {
    let mut packed: Vec<(Range<usize>, usize)> = Vec::new();
    for range in ranges {
        let range_weight = weight(&range);
        match packed.last_mut() {
            Some((last, total)) if *total + range_weight <= budget && last.end == range.start => {
                last.end = range.end;
                *total += range_weight;
            }
            _ => packed.push((range, range_weight)),
        }
    }
    packed.into_iter().map(|(range, _)| range).collect()
}

/// The parts of one print section of documents whose estimated sizes are `sizes`: the whole
/// section when it fits a page, else runs of documents that do, slugged `<section>-<n>`.
pub fn print_section_parts(section: &str, sizes: &[usize], budget: PageBudget) -> Vec<Part> {
    let total: usize = sizes.iter().sum();
    if total <= budget.print_bytes_per_page {
        return vec![Part {
            slug: section.to_owned(),
            label: String::new(),
            items: 0..sizes.len(),
        }];
    }
    let single = (0..sizes.len()).map(|index| index..index + 1);
    pack(
        single,
        |range| sizes[range.clone()].iter().sum(),
        budget.print_bytes_per_page,
    )
    .into_iter()
    .enumerate()
    .map(|(number, items)| Part {
        slug: format!("{section}-{}", number + 1),
        label: String::new(),
        items,
    })
    .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(text: &str) -> PartialDate {
        PartialDate::parse(text).expect("date")
    }

    #[test]
    fn the_budget_is_the_documented_one() {
        let budget = PageBudget::default();
        assert_eq!(budget.events_per_page, 500);
        assert_eq!(budget.print_bytes_per_page, 1_000_000);
        // a full timeline page at the biggest card of a generated dossier stays under 2 MB
        assert!(budget.events_per_page * 1_700 < 2_000_000);
    }

    #[test]
    fn a_timeline_within_the_budget_is_one_page() {
        let dates: Vec<_> = ["2020", "2021-03", "2022-01-02"].map(date).into();
        let parts = TimelineParts::plan(&dates, PageBudget::small(3, 1));
        assert!(!parts.is_split());
        assert_eq!(parts.page_of(2), "timeline/");
    }

    #[test]
    fn a_bigger_timeline_is_cut_by_year_then_by_month() {
        let dates: Vec<_> = [
            "2020",
            "2020-05",
            "2021",
            "2021-01",
            "2021-01-02",
            "2021-02",
            "2021-03",
            "2021-03",
            "2021-03",
            "2021-03",
            "2022-07",
        ]
        .map(date)
        .into();
        let parts = TimelineParts::plan(&dates, PageBudget::small(3, 1));
        let summary: Vec<(&str, &str, Range<usize>)> = parts
            .parts
            .iter()
            .map(|p| (p.slug.as_str(), p.label.as_str(), p.items.clone()))
            .collect();
        assert_eq!(
            summary,
            [
                ("2020", "2020", 0..2),
                // 2021 without a month, then January, February, March in runs of three
                ("2021-1", "2021, –01", 2..5),
                ("2021-2", "2021, 02", 5..6),
                ("2021-3", "2021, 03", 6..9),
                ("2021-4", "2021, 03", 9..10),
                ("2022", "2022", 10..11),
            ]
        );
        assert_eq!(parts.page_of(0), "timeline/2020/");
        assert_eq!(parts.page_of(5), "timeline/2021-2/");
        assert_eq!(parts.page_of(10), "timeline/2022/");
    }

    #[test]
    fn print_sections_split_only_past_the_budget() {
        let budget = PageBudget::small(1, 100);
        let whole = print_section_parts("actors", &[40, 60], budget);
        assert_eq!(whole.len(), 1);
        assert_eq!(
            (whole[0].slug.as_str(), whole[0].items.clone()),
            ("actors", 0..2)
        );
        let cut = print_section_parts("notes", &[40, 60, 30, 150, 10], budget);
        let cut: Vec<(&str, Range<usize>)> = cut
            .iter()
            .map(|p| (p.slug.as_str(), p.items.clone()))
            .collect();
        assert_eq!(
            cut,
            [
                ("notes-1", 0..2),
                ("notes-2", 2..3),
                ("notes-3", 3..4),
                ("notes-4", 4..5)
            ]
        );
    }
}
