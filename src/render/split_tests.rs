//! A generated dossier built with a small page budget: the timeline and the print page are cut
//! into parts, the indexes link every part, every link to an event or a printed document finds
//! its target in the part it names, and no part is over the budget.

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Mutex;

use super::split::PageBudget;
use super::{Destination, Targets, Theme, render};
use crate::config::{Config, Overrides};
use crate::diagnostic::Diagnostic;
use crate::{link, model, source};

/// Every written file by its path.
#[derive(Default)]
struct Site(Mutex<BTreeMap<String, String>>);

impl Destination for Site {
    fn write(&self, path: &str, bytes: &[u8]) -> Result<(), Diagnostic> {
        let text = String::from_utf8_lossy(bytes).into_owned();
        let mut files = self.0.lock().expect("not poisoned");
        files.insert(path.to_owned(), text);
        Ok(())
    }
    fn copy(&self, _: &str, _: &Path) -> Result<(), Diagnostic> {
        Ok(())
    }
}

/// Three actors, twelve notes each naming an actor and linking to the next, a source, and ten
/// events: three in 2021, six in 2022 (one with only its year, two in January, three in
/// May), one in 2023.
fn generated_dossier() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temporary folder");
    let write = |path: &str, text: &str| {
        let path = dir.path().join(path);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("folder");
        std::fs::write(path, text).expect("file");
    };
    write(
        "site.toml",
        "title = \"Geteilt\"\nbase_url = \"https://example.org/r/\"\nlanguage = \"de\"\n",
    );
    for actor in 1..=3 {
        write(
            &format!("content/actors/akteur-{actor}.md"),
            &format!("---\ntitle: Akteur {actor}\nkind: person\n---\n\nDer Akteur {actor}.\n"),
        );
    }
    let words = "Die Verwaltung prüfte den Bericht und legte ihn dem Ausschuss vor. ".repeat(8);
    for note in 1..=12 {
        let title = format!("{} {note}", ["Alpha", "Beta", "Gamma", "Delta"][note % 4]);
        let next = note % 12 + 1;
        write(
            &format!("content/notes/notiz-{note:02}.md"),
            &format!(
                "---\ntitle: {title}\nactors: [akteur-{}]\n---\n\n## Lage\n\n{words}\n\n\
                 Weiter mit [der nächsten](notiz-{next:02}.md) und [ihrer Lage](notiz-{next:02}.md#lage).\n",
                note % 3 + 1
            ),
        );
    }
    write(
        "content/sources/quelle.md",
        "---\ntitle: Eine Quelle\nkind: article\npublisher: Zeitung\n---\n",
    );
    let dates = [
        "2021-01",
        "2021-02",
        "2021-03",
        "2022",
        "2022-01",
        "2022-01-20",
        "2022-05",
        "2022-05-02",
        "2022-05-03",
        "2023-07",
    ];
    let events: String = dates
        .iter()
        .enumerate()
        .map(|(index, date)| {
            format!(
                "- id: e{index}\n  date: {date}\n  title: Ereignis {index}\n  actors: [akteur-{}]\n  \
                 sources: [quelle]\n  tags: [Thema {}]\n",
                index % 3 + 1,
                index % 2
            )
        })
        .collect();
    write("content/timeline/events.yaml", &events);
    dir
}

/// The site of the generated dossier, built within `budget`.
fn built(budget: PageBudget) -> BTreeMap<String, String> {
    let dossier = generated_dossier();
    let root = dossier.path();
    let config = Config::load(root, &Overrides::default()).expect("site.toml");
    let theme = Theme::load(root).unwrap_or_else(|_| panic!("theme"));
    let (raw, problems) = source::read_content(root);
    assert!(problems.is_empty(), "{problems:?}");
    let (dossier, problems) = model::load(raw, &config);
    assert!(problems.is_empty(), "{problems:?}");
    let (linked, problems) = link::link(dossier, &config);
    assert!(problems.is_empty(), "{problems:?}");
    let site = Site::default();
    let (_, problems) = render(&linked, &config, &theme, Targets::sink(&site), budget);
    assert!(problems.is_empty(), "{problems:?}");
    site.0.into_inner().expect("not poisoned")
}

/// The `<main>` element of a page, its blank lines left out.
fn main_of(html: &str) -> String {
    let start = html.find("<main").expect("<main>");
    let end = html.find("</main>").expect("</main>") + "</main>".len();
    (html[start..end].lines())
        .map(str::trim_end)
        .filter(|line| !line.trim().is_empty())
        .collect::<Vec<_>>()
        .join("\n")
}

/// Every value of `attribute="…"` in `text`.
fn values<'t>(text: &'t str, attribute: &str) -> Vec<&'t str> {
    let marker = format!(" {attribute}=\"");
    text.split(marker.as_str())
        .skip(1)
        .filter_map(|rest| rest.split('"').next())
        .collect()
}

/// The written page a site path (`/r/timeline/2021/`) or address stands for.
fn page_at(path: &str) -> Option<String> {
    let path = path
        .strip_prefix("https://example.org/r/")
        .or_else(|| path.strip_prefix("/r/"))?;
    Some(format!("{path}index.html"))
}

const BUDGET: PageBudget = PageBudget {
    events_per_page: 4,
    print_bytes_per_page: 8_000,
    entries_per_list_page: 5,
};

#[test]
fn the_generated_dossier_is_one_page_each_within_the_usual_budget() {
    let site = built(PageBudget::default());
    assert!(site.contains_key("timeline/index.html"));
    assert!(site.contains_key("print/index.html"));
    let parts = |prefix: &str| {
        (site.keys())
            .filter(|path| path.starts_with(prefix) && path.matches('/').count() > 1)
            .count()
    };
    assert_eq!((parts("timeline/"), parts("print/")), (0, 0));
    assert!(!site.contains_key("notes/_2/index.html"));
    assert!(!site["notes/index.html"].contains("class=\"pager\""));
    assert!(site["timeline/index.html"].contains("id=\"e9\""));
    assert!(site["actors/akteur-1/index.html"].contains("href=\"/r/timeline/#e0\""));
}

#[test]
fn the_timeline_is_cut_by_year_and_a_full_year_by_month() {
    let site = built(BUDGET);
    let parts = ["2021", "2022-1", "2022-2", "2023"];
    let index = &site["timeline/index.html"];
    for part in parts {
        let path = format!("timeline/{part}/index.html");
        let page = site.get(&path).unwrap_or_else(|| panic!("{path}"));
        assert!(
            index.contains(&format!("href=\"/r/timeline/{part}/\"")),
            "{part}"
        );
        let cards = page.matches("<li class=\"event\" id=").count();
        assert!(
            cards > 0 && cards <= BUDGET.events_per_page,
            "{path}: {cards}"
        );
    }
    let cards_in = |part: &str| {
        values(&site[&format!("timeline/{part}/index.html")], "id")
            .into_iter()
            .filter(|id| id.starts_with('e') && !id.ends_with("-title"))
            .map(str::to_owned)
            .collect::<Vec<_>>()
    };
    assert_eq!(cards_in("2022-1"), ["e3", "e4", "e5"]);
    assert_eq!(cards_in("2022-2"), ["e6", "e7", "e8"]);
    // the filters of a part count the part's events only
    assert!(site["timeline/2023/index.html"].contains("data-tag=\"thema-1\""));
    assert!(!site["timeline/2023/index.html"].contains("data-tag=\"thema-0\""));
    insta::assert_snapshot!("timeline_index", main_of(index));
}

#[test]
fn every_link_to_an_event_or_a_printed_copy_finds_it_where_it_points() {
    let site = built(BUDGET);
    let mut checked = 0;
    for (path, text) in &site {
        let links = values(text, "href").into_iter().map(str::to_owned);
        // addresses in structured data and exports: `"url":"https://…/timeline/2021/#e0"`, and
        // a CSV cell's, which ends at a comma or the line's end
        let addresses = text.split("https://example.org/r/").skip(1).map(|rest| {
            format!(
                "https://example.org/r/{}",
                rest.split(['"', '<', ',', '\n']).next().unwrap_or("")
            )
        });
        for link in links.chain(addresses) {
            let Some((page, id)) = link.split_once('#') else {
                continue;
            };
            let target = match page {
                "" => path.clone(),
                page => match page_at(page) {
                    Some(target) => target,
                    None => continue,
                },
            };
            if !(target.starts_with("timeline/") || target.starts_with("print/") || page.is_empty())
            {
                continue;
            }
            let held = site.get(&target).map(|page| values(page, "id"));
            assert!(
                held.is_some_and(|ids| ids.contains(&id)),
                "{path}: {link} is not found in {target}"
            );
            checked += 1;
        }
    }
    assert!(checked > 100, "{checked}");
    // an actor's events lead to the parts holding them
    let actor = &site["actors/akteur-1/index.html"];
    assert!(actor.contains("href=\"/r/timeline/2021/#e0\""));
    assert!(actor.contains("href=\"/r/timeline/2022-2/#e6\""));
}

#[test]
fn the_print_page_is_cut_by_section_with_no_part_over_the_budget() {
    let site = built(BUDGET);
    let index = &site["print/index.html"];
    let parts: Vec<&str> = values(index, "href")
        .into_iter()
        .filter(|href| href.starts_with("/r/print/") && href.len() > "/r/print/".len())
        .collect();
    assert_eq!(
        parts,
        [
            "/r/print/actors/",
            "/r/print/notes-1/",
            "/r/print/notes-2/",
            "/r/print/notes-3/",
            "/r/print/sources/",
            "/r/print/timeline-1/",
            "/r/print/timeline-2/",
        ]
    );
    for part in &parts {
        let path = page_at(part).expect("a site path");
        let page = site.get(&path).unwrap_or_else(|| panic!("{path}"));
        // the budget is half the limit, as 1 MB is of 2 MB, for what the estimate leaves out
        let size = main_of(page).len();
        assert!(size <= 2 * BUDGET.print_bytes_per_page, "{path}: {size}");
    }
    // notes 12 and 1 share a part, notes 7 and 8 do not (by title: Alpha 12, Beta 1, … Gamma 7)
    let first = &site["print/notes-1/index.html"];
    assert!(
        first.contains("href=\"#doc-notes-notiz-01-lage\""),
        "{first}"
    );
    let last = &site["print/notes-3/index.html"];
    assert!(
        last.contains("href=\"/r/print/notes-1/#doc-notes-notiz-08\""),
        "{last}"
    );
    insta::assert_snapshot!("print_index", main_of(index));
}

#[test]
fn the_notes_index_is_cut_into_pages_that_link_each_other() {
    let site = built(BUDGET);
    // twelve notes, five a page: notes/, notes/_2/, notes/_3/
    let pages = [
        "notes/index.html",
        "notes/_2/index.html",
        "notes/_3/index.html",
    ];
    let mut listed = Vec::new();
    for (number, path) in pages.iter().enumerate() {
        let html = main_of(&site[*path]);
        assert!(
            html.contains("<p class=\"lead\">12 Notizen</p>"),
            "{path}: {html}"
        );
        for (other, url) in ["/r/notes/", "/r/notes/_2/", "/r/notes/_3/"]
            .iter()
            .enumerate()
        {
            let current = if other == number {
                " aria-current=\"page\""
            } else {
                ""
            };
            let link = format!("<a href=\"{url}\"{current}>{}</a>", other + 1);
            assert!(html.contains(&link), "{path} lacks {link}");
        }
        listed.extend(
            values(&html, "href")
                .into_iter()
                .filter(|href| href.starts_with("/r/notes/notiz-"))
                .map(str::to_owned),
        );
    }
    assert!(!site.contains_key("notes/_4/index.html"));
    // every note once, in the order of the whole index
    let mut sorted = listed.clone();
    sorted.dedup();
    assert_eq!(listed.len(), 12, "{listed:?}");
    assert_eq!(sorted.len(), 12);
    insta::assert_snapshot!(main_of(&site["notes/_2/index.html"]));
}
