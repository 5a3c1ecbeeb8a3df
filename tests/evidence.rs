//! The evidence keys: source grades, archived copies, quotes with locators in every list of
//! sources, and `[evidence]` in site.toml. Bad input fails with the file, the line and what is
//! allowed, and leaves the previous output as it was.

mod common;

use common::*;

/// The minimal fixture, built, with `text` written to `path` afterwards.
fn broken(path: &str, text: &str) -> tempfile::TempDir {
    let dir = built_fixture();
    write(dir.path(), path, text);
    dir
}

// ---------------------------------------------------------------------------------------------
// Reading the keys

#[test]
fn quote_maps_are_read_in_every_list_of_sources() {
    let dir = copy_fixture("minimal");
    write(
        dir.path(),
        "content/sources/tass.md",
        "---\ntitle: TASS-Meldung\nkind: article\npublisher: TASS\nreliability: E\n\
         reliability_note: Staatliche Nachrichtenagentur.\nurl: https://example.org/tass\n\
         archive: https://web.archive.org/web/2022/https://example.org/tass\narchived: 2022-06-18\n\
         claims:\n  - text: Eine Aussage.\n    status: context\n    sources:\n      - id: paz\n\
         \x20       quote: \"wörtlich\"\n        locator: S. 2\n---\n",
    );
    write(
        dir.path(),
        "content/notes/belegt.md",
        "---\ntitle: Belegt\nsources:\n  - paz\n  - {id: tass, quote: \"Zitat\", locator: Absatz 4}\n---\nText.\n",
    );
    write(
        dir.path(),
        "content/actors/putin.md",
        "---\ntitle: Putin\nkind: person\nrelations:\n  - to: tokajew\n    type: Gesprächspartner\n\
         \x20   sources:\n      - id: tass\n        quote: \"Gespräch\"\n---\n",
    );
    write(
        dir.path(),
        "content/timeline/mehr.yaml",
        "- date: 2022-06-18\n  title: Ein Treffen\n  sources:\n    - id: tass\n      locator: 0:42\n",
    );
    build(dir.path());
}

#[test]
fn a_grade_outside_a_to_f_points_at_its_line() {
    let dir = broken(
        "content/sources/kaputt.md",
        "---\ntitle: Kaputt\nkind: article\nreliability: B2\n---\n",
    );
    let error = only_error(&fails_keeping_output(dir.path()));
    assert_points_at(&error, "content/sources/kaputt.md", 4);
    assert!(
        error
            .message
            .contains("`B2` is not a grade; write one letter from A to F"),
        "{}",
        error.message
    );
}

#[test]
fn an_archive_that_is_not_a_web_address_points_at_its_line() {
    let dir = broken(
        "content/sources/kaputt.md",
        "---\ntitle: Kaputt\nurl: https://example.org/a\narchive: web.archive.org/a\narchived: 2024-01-02\n---\n",
    );
    let error = only_error(&fails_keeping_output(dir.path()));
    assert_points_at(&error, "content/sources/kaputt.md", 4);
    assert_eq!(error.message, "`web.archive.org/a` is not a web address");
    let hint = error.hint.unwrap_or_default();
    assert!(
        hint.contains("`archive`") && hint.contains("https://"),
        "{hint}"
    );
}

#[test]
fn a_quote_map_without_id_points_at_its_item() {
    let dir = broken(
        "content/timeline/kaputt.yaml",
        "- date: 2023\n  title: A\n  sources:\n    - paz\n    - quote: \"ohne Quelle\"\n      locator: S. 1\n",
    );
    let error = only_error(&fails_keeping_output(dir.path()));
    assert_points_at(&error, "content/timeline/kaputt.yaml", 5);
    assert!(error.message.contains("needs an `id`"), "{}", error.message);
}

#[test]
fn an_unknown_key_in_a_quote_map_points_at_the_key() {
    let dir = broken(
        "content/sources/kaputt.md",
        "---\ntitle: Kaputt\nclaims:\n  - text: Eine Aussage.\n    status: confirmed\n    sources:\n\
         \x20     - id: paz\n        zitat: \"x\"\n---\n",
    );
    let error = only_error(&fails_keeping_output(dir.path()));
    assert_points_at(&error, "content/sources/kaputt.md", 8);
    assert!(
        error
            .message
            .contains("unknown key `zitat` in a source item")
            && error
                .message
                .ends_with("a source item is a source id or a map of `id`, `quote` and `locator`"),
        "{}",
        error.message
    );
}

#[test]
fn an_unknown_evidence_setting_points_at_its_line() {
    let dir = built_fixture();
    let toml = std::fs::read_to_string(dir.path().join("site.toml")).expect("site.toml");
    write(
        dir.path(),
        "site.toml",
        &format!("{toml}\n[evidence]\nweak_ground = \"sometimes\"\n"),
    );
    let failure = fails_keeping_output(dir.path());
    let error = one_error(&failure, "site.toml");
    assert!(
        error
            .message
            .contains("expected \"error\", \"warn\" or \"ignore\""),
        "{}",
        error.message
    );
}

#[test]
fn require_reliability_makes_an_ungraded_source_an_error() {
    let dir = built_fixture();
    write(
        dir.path(),
        "content/sources/benotet.md",
        "---\ntitle: Benotet\nreliability: A\n---\n",
    );
    let toml = std::fs::read_to_string(dir.path().join("site.toml")).expect("site.toml");
    write(
        dir.path(),
        "site.toml",
        &format!("{toml}\n[evidence]\nrequire_reliability = true\n"),
    );
    let error = only_error(&fails_keeping_output(dir.path()));
    assert_points_at(&error, "content/sources/paz.md", 2);
    assert_eq!(error.message, "the source has no `reliability` grade");
}

// ---------------------------------------------------------------------------------------------
// What the pages show

/// The evidence fixture, built.
fn built_evidence() -> tempfile::TempDir {
    let dir = copy_fixture("evidence");
    build(dir.path());
    dir
}

#[test]
fn weak_ground_warns_at_each_statements_line_with_the_grades() {
    let dir = copy_fixture("evidence");
    let summary = build(dir.path());
    let warnings: Vec<(String, usize, &str)> = summary
        .warnings
        .iter()
        .map(|w| (file_of(w), w.line, w.message.as_str()))
        .collect();
    assert_eq!(
        warnings,
        [
            (
                "content/actors/tokayev.md".to_owned(),
                5,
                "the relation rests only on sources graded D–F: tass-2022 (E), wiki-mirror (D)"
            ),
            (
                "content/sources/reuters-2022.md".to_owned(),
                21,
                "the confirmed claim rests only on sources graded D–F: tass-2022 (E)"
            ),
            (
                "content/timeline/events.yaml".to_owned(),
                1,
                "the event `Tokayev in Saint Petersburg` rests only on sources graded D–F: \
                 tass-2022 (E), wiki-mirror (D)"
            ),
        ]
    );
}

#[test]
fn weak_ground_as_an_error_fails_the_build_and_keeps_the_output() {
    let dir = built_evidence();
    let toml = std::fs::read_to_string(dir.path().join("site.toml")).expect("site.toml");
    write(
        dir.path(),
        "site.toml",
        &format!("{toml}\n[evidence]\nweak_ground = \"error\"\n"),
    );
    let failure = fails_keeping_output(dir.path());
    let error = one_error(&failure, "content/timeline/events.yaml");
    assert_points_at(&error, "content/timeline/events.yaml", 1);
    assert!(error.message.contains("tass-2022 (E)"), "{}", error.message);
    assert_eq!(failure.error_count(), 3, "{}", render(&failure));
}

#[test]
fn weak_ground_may_be_passed_over() {
    let dir = copy_fixture("evidence");
    let toml = std::fs::read_to_string(dir.path().join("site.toml")).expect("site.toml");
    write(
        dir.path(),
        "site.toml",
        &format!("{toml}\n[evidence]\nweak_ground = \"ignore\"\n"),
    );
    assert!(build(dir.path()).warnings.is_empty());
}

#[test]
fn evidence_page_snapshot() {
    let dir = built_evidence();
    insta::assert_snapshot!(main_of(&read(dir.path(), "evidence/index.html")));
}

#[test]
fn evidence_timeline_snapshot() {
    let dir = built_evidence();
    insta::assert_snapshot!(main_of(&read(dir.path(), "timeline/index.html")));
}

#[test]
fn evidence_source_page_snapshot() {
    let dir = built_evidence();
    insta::assert_snapshot!(main_of(&read(
        dir.path(),
        "sources/reuters-2022/index.html"
    )));
}

#[test]
fn evidence_actor_page_snapshot() {
    let dir = built_evidence();
    insta::assert_snapshot!(main_of(&read(dir.path(), "actors/tokayev/index.html")));
}

#[test]
fn evidence_note_page_snapshot() {
    let dir = built_evidence();
    insta::assert_snapshot!(main_of(&read(dir.path(), "notes/analysis/index.html")));
}

#[test]
fn every_source_chip_carries_its_grade_as_a_letter_with_a_label() {
    let dir = built_evidence();
    let html = read(dir.path(), "graph/index.html");
    assert!(
        html.contains(
            "TASS on the visit <span class=\"grade grade-e\" title=\"Grade E: unreliable\">\
             <span aria-hidden=\"true\" data-pagefind-ignore>E</span><span class=\"visually-hidden\">Grade E: \
             unreliable</span></span></a>"
        ),
        "{}",
        main_of(&html)
    );
    let nav = read(dir.path(), "index.html");
    assert!(nav.contains("<a href=\"/dossier/evidence/\">Evidence</a>"));
}

#[test]
fn the_source_page_links_the_original_and_the_archived_copy_and_feeds_search() {
    let dir = built_evidence();
    let html = read(dir.path(), "sources/reuters-2022/index.html");
    assert!(html.contains(
        "<a class=\"external\" href=\"https://example.org/reuters/kazakhstan-sanctions\" \
         rel=\"noopener noreferrer\">https://example.org/reuters/kazakhstan-sanctions</a> \
         <span class=\"archive-link\">(<a class=\"external\" \
         href=\"https://web.archive.org/web/2024/https://example.org/reuters/kazakhstan-sanctions\" \
         rel=\"noopener noreferrer\">Archived copy</a>, archived <time datetime=\"2024-05-01\">\
         1 May 2024</time>)</span>"
    ));
    assert!(html.contains("data-pagefind-meta=\"reliability:B – usually reliable\""));
}

#[test]
fn claim_reviews_are_structured_data_fact_checkers_can_read() {
    let dir = built_evidence();
    let html = read(dir.path(), "sources/reuters-2022/index.html");
    let start = html
        .find("<script type=\"application/ld+json\">")
        .expect("JSON-LD")
        + "<script type=\"application/ld+json\">".len();
    let end = start + html[start..].find("</script>").expect("end of JSON-LD");
    let data: serde_json::Value = serde_json::from_str(&html[start..end]).expect("JSON");
    assert_eq!(data["@context"], "https://schema.org");
    let graph = data["@graph"].as_array().expect("@graph");
    assert_eq!(graph[0]["@type"], "Article");
    let reviews: Vec<&serde_json::Value> = graph
        .iter()
        .filter(|node| node["@type"] == "ClaimReview")
        .collect();
    assert_eq!(reviews.len(), 3);
    let statuses: Vec<&str> = reviews
        .iter()
        .map(|r| {
            r["reviewRating"]["alternateName"]
                .as_str()
                .unwrap_or_default()
        })
        .collect();
    assert_eq!(statuses, ["confirmed", "confirmed", "disputed"]);
    let url = "https://example.org/dossier/sources/reuters-2022/";
    for (index, review) in reviews.iter().enumerate() {
        assert!(
            review["claimReviewed"]
                .as_str()
                .is_some_and(|t| !t.is_empty())
        );
        assert_eq!(review["url"], format!("{url}#claim-{}", index + 1));
        assert_eq!(review["reviewRating"]["@type"], "Rating");
        assert_eq!(review["author"]["@type"], "Organization");
        assert_eq!(review["author"]["name"], "Evidence fixture");
        assert_eq!(review["author"]["url"], "https://example.org/dossier/");
        let item = &review["itemReviewed"];
        assert_eq!(item["@type"], "CreativeWork");
        assert_eq!(item["author"]["name"], "Olzhas Auyezov");
        assert_eq!(item["publisher"]["@type"], "Organization");
        assert_eq!(item["publisher"]["name"], "Reuters");
        assert_eq!(item["datePublished"], "2022-03-29");
        assert_eq!(
            item["url"],
            "https://example.org/reuters/kazakhstan-sanctions"
        );
    }
}

#[test]
fn sources_json_has_every_source_with_grade_archive_and_citing_pages() {
    let dir = built_evidence();
    let text = read(dir.path(), "data/sources.json");
    let data: serde_json::Value = serde_json::from_str(&text).expect("JSON");
    let sources = data["sources"].as_array().expect("sources");
    assert_eq!(sources.len(), 6);
    let reuters = sources
        .iter()
        .find(|s| s["id"] == "reuters-2022")
        .expect("reuters-2022");
    assert_eq!(reuters["reliability"], "B");
    assert_eq!(reuters["publisher"], "Reuters");
    assert_eq!(reuters["published"], "2022-03-29");
    assert_eq!(reuters["archived"], "2024-05-01");
    assert_eq!(
        reuters["archive"],
        "https://web.archive.org/web/2024/https://example.org/reuters/kazakhstan-sanctions"
    );
    let cited_by: Vec<&str> = reuters["cited_by"]
        .as_array()
        .expect("cited_by")
        .iter()
        .filter_map(|c| c.as_str())
        .collect();
    assert!(cited_by.contains(&"https://example.org/dossier/notes/analysis/"));
    assert!(cited_by.contains(&"https://example.org/dossier/timeline/#sanctions-2022"));
    let blog = sources.iter().find(|s| s["id"] == "blog").expect("blog");
    assert!(blog["reliability"].is_null() && blog["archive"].is_null());
}
