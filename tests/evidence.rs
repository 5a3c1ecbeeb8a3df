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
