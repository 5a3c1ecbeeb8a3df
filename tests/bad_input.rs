//! Bad input, one case per test: a good dossier is built first, then broken; the build must fail
//! (the binary with exit code 1) with the message, file and line, and leave the previous output
//! byte for byte as it was. Cases already pinned down in `errors.rs` are not repeated here.

mod common;

use common::*;

/// The minimal fixture, built, with `text` written to `path` afterwards.
fn broken(path: &str, text: &str) -> tempfile::TempDir {
    let dir = built_fixture();
    write(dir.path(), path, text);
    dir
}

// ---------------------------------------------------------------------------------------------
// References that do not resolve

#[test]
fn broken_wikilink_in_an_event_summary_points_at_the_summary_line() {
    let dir = broken(
        "content/timeline/kaputt.yaml",
        "- date: 2023\n  title: Verweis\n  summary: Siehe [[Niemand]].\n",
    );
    let error = only_error(&fails_keeping_output(dir.path()));
    assert_points_at(&error, "content/timeline/kaputt.yaml", 3);
    assert_eq!(
        error.message,
        "broken link `Niemand`: nothing has that name"
    );
}

#[test]
fn broken_relative_link_to_a_note_file() {
    let dir = broken(
        "content/notes/kaputt.md",
        "# Kaputt\n\nSiehe [Tokajew](../actors/niemand.md).\n",
    );
    let error = only_error(&fails_keeping_output(dir.path()));
    assert_points_at(&error, "content/notes/kaputt.md", 3);
    assert_eq!(error.column, 7);
    assert_eq!(
        error.message,
        "broken link `../actors/niemand.md`: nothing has that name"
    );
}

#[test]
fn citation_of_an_unknown_source() {
    let dir = broken(
        "content/notes/kaputt.md",
        "# Kaputt\n\nText\nBeleg [@niemand, S. 3].\n",
    );
    let error = only_error(&fails_keeping_output(dir.path()));
    assert_points_at(&error, "content/notes/kaputt.md", 4);
    assert_eq!(error.column, 7);
    assert_eq!(
        error.message,
        "broken citation `@niemand`: nothing has that name"
    );
}

#[test]
fn unknown_actor_in_a_notes_actors_list_points_at_its_item() {
    let dir = broken(
        "content/notes/kaputt.md",
        "---\ntitle: Kaputt\nactors:\n  - tokajew\n  - niemand\n---\n",
    );
    let error = only_error(&fails_keeping_output(dir.path()));
    assert_points_at(&error, "content/notes/kaputt.md", 5);
    assert_eq!(error.message, "unknown actor `niemand`");
}

#[test]
fn relation_to_an_unknown_actor() {
    let dir = broken(
        "content/actors/kaputt.md",
        "---\ntitle: Kaputt\nrelations:\n  - {to: kasachstan, type: Bürger}\n  - to: niemand\n    type: Freund\n---\n",
    );
    let error = only_error(&fails_keeping_output(dir.path()));
    assert_points_at(&error, "content/actors/kaputt.md", 5);
    assert_eq!(error.message, "unknown actor in relation `niemand`");
}

#[test]
fn unknown_source_in_an_events_sources_list_points_at_its_item() {
    let dir = broken(
        "content/timeline/kaputt.yaml",
        "- date: 2023\n  title: A\n  sources: [paz]\n- date: 2024\n  title: B\n  sources:\n    - paz\n    - niemand\n",
    );
    let error = only_error(&fails_keeping_output(dir.path()));
    assert_points_at(&error, "content/timeline/kaputt.yaml", 8);
    assert_eq!(error.message, "unknown source `niemand`");
}

#[test]
fn wikilink_to_an_alias_two_notes_share_is_ambiguous() {
    let dir = built_fixture();
    write(
        dir.path(),
        "content/notes/a.md",
        "---\naliases: [Steppe]\n---\n",
    );
    write(
        dir.path(),
        "content/notes/b.md",
        "---\naliases: [steppe]\n---\n",
    );
    write(
        dir.path(),
        "content/notes/c.md",
        "# C\n\nÜber die [[Steppe]].\n",
    );
    let error = only_error(&fails_keeping_output(dir.path()));
    assert_points_at(&error, "content/notes/c.md", 3);
    assert_eq!(error.column, 10);
    assert_eq!(
        error.message,
        "ambiguous link `Steppe`: it matches `notes/a` and `notes/b`"
    );
    assert_eq!(
        error.hint.as_deref(),
        Some("write the full path, e.g. `[[notes/a]]`")
    );
}

#[test]
fn source_url_that_is_not_a_web_address_never_becomes_a_link() {
    let dir = broken(
        "content/sources/kaputt.md",
        "---\ntitle: Kaputt\nkind: article\nurl: \"javascript:alert(1)\"\n---\n",
    );
    let error = only_error(&fails_keeping_output(dir.path()));
    assert_points_at(&error, "content/sources/kaputt.md", 4);
    assert_eq!(error.message, "`javascript:alert(1)` is not a web address");
}

// ---------------------------------------------------------------------------------------------
// Dates

#[test]
fn impossible_day_in_front_matter() {
    let dir = broken(
        "content/notes/kaputt.md",
        "---\ntitle: Kaputt\ndate: 2025-02-30\n---\n",
    );
    let error = only_error(&fails_keeping_output(dir.path()));
    assert_points_at(&error, "content/notes/kaputt.md", 3);
    assert_eq!(
        error.message,
        "invalid front matter: date: `2025-02-30` is not a real date: February has no day 30"
    );
}

#[test]
fn impossible_month_in_a_timeline() {
    let dir = broken(
        "content/timeline/kaputt.yaml",
        "- date: 2024\n  title: A\n- date: 2025-13\n  title: B\n",
    );
    let error = only_error(&fails_keeping_output(dir.path()));
    assert_points_at(&error, "content/timeline/kaputt.yaml", 3);
    assert_eq!(
        error.message,
        "invalid timeline YAML: date: `2025-13` is not a real date: there is no month 13"
    );
}

#[test]
fn date_in_words_is_malformed() {
    let dir = broken(
        "content/actors/kaputt.md",
        "---\ntitle: Kaputt\nkind: person\nborn: Herbst 2022\n---\n",
    );
    let error = only_error(&fails_keeping_output(dir.path()));
    assert_points_at(&error, "content/actors/kaputt.md", 4);
    assert_eq!(
        error.message,
        "invalid front matter: born: `Herbst 2022` is not a date: write YYYY, YYYY-MM or YYYY-MM-DD, e.g. 2022, 2022-06 or 2022-06-17"
    );
}

#[test]
fn event_ending_before_it_begins() {
    let dir = broken(
        "content/timeline/kaputt.yaml",
        "- date: 2020\n  title: A\n- date: 2022-06-18\n  end: 2022-06-17\n  title: B\n",
    );
    let error = only_error(&fails_keeping_output(dir.path()));
    assert_points_at(&error, "content/timeline/kaputt.yaml", 4);
    assert_eq!(
        error.message,
        "the event ends (2022-06-17) before it begins (2022-06-18)"
    );
}

// ---------------------------------------------------------------------------------------------
// YAML, front matter and timeline files

#[test]
fn malformed_yaml_in_front_matter_points_at_the_broken_line() {
    let dir = broken(
        "content/notes/kaputt.md",
        "---\ntitle: Kaputt\n  tags: [a]\n---\nText\n",
    );
    let error = only_error(&fails_keeping_output(dir.path()));
    assert_points_at(&error, "content/notes/kaputt.md", 3);
    assert!(
        error.message.starts_with("invalid front matter: "),
        "{}",
        error.message
    );
}

#[test]
fn malformed_yaml_in_a_timeline_points_at_the_broken_line() {
    let dir = broken(
        "content/timeline/kaputt.yaml",
        "- date: 2020\n  title: A\n- date: 2021\n title: B\n",
    );
    let error = only_error(&fails_keeping_output(dir.path()));
    assert_points_at(&error, "content/timeline/kaputt.yaml", 4);
    assert!(
        error.message.starts_with("invalid timeline YAML: "),
        "{}",
        error.message
    );
}

#[test]
fn front_matter_without_its_closing_line() {
    let dir = broken(
        "content/notes/kaputt.md",
        "---\ntitle: Kaputt\n\nText ohne Ende\n",
    );
    let error = only_error(&fails_keeping_output(dir.path()));
    assert_points_at(&error, "content/notes/kaputt.md", 1);
    assert_eq!(error.message, "the front matter is not closed");
}

#[test]
fn timeline_file_that_is_a_map_not_a_list() {
    let dir = broken(
        "content/timeline/kaputt.yaml",
        "date: 2020\ntitle: keine Liste\n",
    );
    let error = only_error(&fails_keeping_output(dir.path()));
    assert_points_at(&error, "content/timeline/kaputt.yaml", 1);
    assert_eq!(
        error.message,
        "a timeline file must be a YAML list of events"
    );
}

#[test]
fn every_broken_event_of_a_timeline_file_is_reported_at_once() {
    let dir = broken(
        "content/timeline/kaputt.yaml",
        "- date: 2023\n  title: Eins\n  plase: x\n- title: Ohne Datum\n- date: 2023-13\n  title: Falsch\n",
    );
    let failure = fails_keeping_output(dir.path());
    let mut found: Vec<(usize, String)> = errors_in(&failure, "content/timeline/kaputt.yaml")
        .into_iter()
        .map(|e| (e.line, e.message.clone()))
        .collect();
    found.sort();
    assert_eq!(
        found.iter().map(|(line, _)| *line).collect::<Vec<_>>(),
        [3, 4, 5],
        "{found:?}"
    );
    assert_eq!(found[1].1, "the event has no `date`");
}

#[test]
fn timeline_item_that_is_not_an_event() {
    let dir = broken(
        "content/timeline/kaputt.yaml",
        "- date: 2020\n  title: A\n- nur ein Satz\n",
    );
    let error = only_error(&fails_keeping_output(dir.path()));
    assert_points_at(&error, "content/timeline/kaputt.yaml", 3);
    assert_eq!(
        error.message,
        "this timeline item is not an event (a map of keys)"
    );
}

#[test]
fn unknown_key_in_a_timeline_event_suggests_the_nearest() {
    let dir = broken(
        "content/timeline/kaputt.yaml",
        "- date: 2020\n  title: A\n- date: 2021\n  titel: B\n",
    );
    let error = only_error(&fails_keeping_output(dir.path()));
    assert_points_at(&error, "content/timeline/kaputt.yaml", 4);
    assert_eq!(error.message, "unknown key `titel` in timeline event");
    assert_eq!(error.hint.as_deref(), Some("did you mean `title`?"));
}

#[test]
fn wrong_type_in_front_matter_points_at_its_key() {
    let dir = broken(
        "content/notes/kaputt.md",
        "---\ntitle: Kaputt\nsummary: Kurz.\ntags: 5\n---\n",
    );
    let error = only_error(&fails_keeping_output(dir.path()));
    assert_points_at(&error, "content/notes/kaputt.md", 4);
    assert!(
        error.message.starts_with("invalid front matter: tags: ")
            && error.message.contains("expected a list of words"),
        "{}",
        error.message
    );
}

#[test]
fn wrong_type_in_a_timeline_event_points_at_its_key() {
    let dir = broken(
        "content/timeline/kaputt.yaml",
        "- date: 2020\n  title: A\n- date: 2021\n  title: B\n  tags: 5\n",
    );
    let error = only_error(&fails_keeping_output(dir.path()));
    assert_points_at(&error, "content/timeline/kaputt.yaml", 5);
    assert!(
        error.message.starts_with("invalid timeline YAML: tags: ")
            && error.message.contains("expected a list of words"),
        "{}",
        error.message
    );
}

#[test]
fn timeline_event_without_a_title_points_at_the_event() {
    let dir = broken(
        "content/timeline/kaputt.yaml",
        "- date: 2020\n  title: A\n- date: 2021\n  place: Astana\n",
    );
    let error = only_error(&fails_keeping_output(dir.path()));
    assert_points_at(&error, "content/timeline/kaputt.yaml", 3);
    assert_eq!(error.message, "the event has no `title`");
    assert!(error.hint.is_some_and(|h| h.contains("needs a `date:`")));
}

#[test]
fn event_id_used_in_two_timeline_files() {
    let dir = broken(
        "content/timeline/kaputt.yaml",
        "- date: 2020\n  title: A\n- id: spief-2022\n  date: 2022\n  title: Doppelt\n",
    );
    let error = only_error(&fails_keeping_output(dir.path()));
    assert_points_at(&error, "content/timeline/kaputt.yaml", 3);
    assert_eq!(
        error.message,
        "duplicate event id `spief-2022` (also at content/timeline/events.yaml:1)"
    );
}

#[test]
fn two_file_names_with_the_same_slug_clash_and_both_are_named() {
    let dir = broken("content/notes/oel-und-pipelines.md", "# Öl, noch einmal\n");
    let failure = fails_keeping_output(dir.path());
    assert_eq!(failure.error_count(), 2, "{}", render(&failure));
    let expected = "2 files share the page `notes/oel-und-pipelines/`: \
                    content/notes/oel-und-pipelines.md, content/notes/Öl und Pipelines.md";
    for file in [
        "content/notes/oel-und-pipelines.md",
        "content/notes/Öl und Pipelines.md",
    ] {
        let error = one_error(&failure, file);
        assert_points_at(&error, file, 0);
        assert_eq!(error.message, expected);
    }
}

#[test]
fn source_ids_clash_across_subfolders() {
    let dir = broken("content/sources/archiv/paz.md", "# Noch eine PAZ\n");
    let failure = fails_keeping_output(dir.path());
    assert_eq!(failure.error_count(), 2, "{}", render(&failure));
    for file in ["content/sources/archiv/paz.md", "content/sources/paz.md"] {
        let error = one_error(&failure, file);
        assert_points_at(&error, file, 0);
        assert_eq!(
            error.message,
            "2 files share the source id `paz`: content/sources/archiv/paz.md, content/sources/paz.md"
        );
    }
}

#[test]
fn the_same_slug_in_different_sections_does_not_clash() {
    let dir = broken("content/notes/kasachstan.md", "# Kasachstan als Thema\n");
    build(dir.path());
    assert!(read(dir.path(), "notes/kasachstan/index.html").contains("Kasachstan als Thema"));
    assert!(read(dir.path(), "actors/kasachstan/index.html").contains("Ein Staat in Zentralasien"));
}

// ---------------------------------------------------------------------------------------------
// Files that are not what they should be

#[test]
fn file_that_is_not_utf8_points_at_the_first_bad_byte() {
    let dir = built_fixture();
    let path = dir.path().join("content/notes/latin1.md");
    std::fs::write(path, b"---\ntitle: A\n---\nZeile\ncaf\xe9\n").expect("write");
    let error = only_error(&fails_keeping_output(dir.path()));
    assert_points_at(&error, "content/notes/latin1.md", 5);
    assert_eq!(error.column, 4);
    assert_eq!(error.message, "file is not valid UTF-8");
}

#[test]
fn site_toml_that_is_not_utf8() {
    let dir = built_fixture();
    std::fs::write(dir.path().join("site.toml"), b"title = \"Caf\xe9\"\n").expect("write");
    let error = only_error(&fails_keeping_output(dir.path()));
    assert_points_at(&error, "site.toml", 0);
    assert!(
        error.message.starts_with("cannot read site.toml"),
        "{}",
        error.message
    );
}

#[test]
fn empty_note_is_published_under_its_file_name() {
    let dir = broken("content/notes/leer.md", "");
    build(dir.path());
    assert!(read(dir.path(), "notes/leer/index.html").contains("<h1>leer</h1>"));
}

#[test]
fn empty_timeline_file_is_a_warning() {
    let dir = broken("content/timeline/leer.yaml", "");
    let summary = build(dir.path());
    assert_eq!(summary.events, 4, "the other timeline still counts");
    let warning = summary
        .warnings
        .iter()
        .find(|w| file_of(w) == "content/timeline/leer.yaml")
        .unwrap_or_else(|| panic!("no warning for the empty file: {:?}", summary.warnings));
    assert_eq!(warning.message, "the timeline file is empty");
}

#[test]
fn empty_site_toml_misses_title_and_base_url() {
    let dir = broken("site.toml", "");
    let failure = fails_keeping_output(dir.path());
    let mut messages: Vec<&str> = errors_in(&failure, "site.toml")
        .iter()
        .map(|d| d.message.as_str())
        .collect();
    messages.sort_unstable();
    assert_eq!(
        messages,
        ["site.toml has no `base_url`", "the dossier has no title"]
    );
    assert_eq!(failure.error_count(), 2);
}

#[test]
fn files_of_50_mb_are_refused_before_they_are_read() {
    let dir = built_fixture();
    for path in ["content/notes/riesig.md", "content/timeline/riesig.yaml"] {
        // sparse: costs no disk and no time; the generator must refuse it by its size
        let file = std::fs::File::create(dir.path().join(path)).expect("create");
        file.set_len(50 * 1024 * 1024).expect("grow to 50 MB");
    }
    let failure = fails_keeping_output(dir.path());
    assert_eq!(failure.error_count(), 2, "{}", render(&failure));
    for path in ["content/notes/riesig.md", "content/timeline/riesig.yaml"] {
        let error = one_error(&failure, path);
        assert_points_at(&error, path, 0);
        assert_eq!(error.message, "file is 50.0 MiB; the limit is 8 MiB");
    }
}

// ---------------------------------------------------------------------------------------------
// Templates

#[test]
fn template_syntax_error_names_the_template_and_line() {
    let dir = broken(
        "templates/note.html",
        "{% extends \"base.html\" %}\n{% block main %}\n<h1>{{ doc.title }</h1>\n{% endblock main %}\n",
    );
    let error = only_error(&fails_keeping_output(dir.path()));
    assert_points_at(&error, "templates/note.html", 3);
    assert!(error.message.starts_with("template: "), "{}", error.message);
}

/// The default template `name` of this repository, with `from` replaced by `to`.
fn default_template_with(name: &str, from: &str, to: &str) -> String {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("templates")
        .join(name);
    let text = std::fs::read_to_string(path).expect("default template");
    assert!(text.contains(from), "{name} has no `{from}`");
    text.replacen(from, to, 1)
}

#[test]
fn every_template_with_a_syntax_error_is_reported_in_one_build() {
    let dir = built_fixture();
    let note = default_template_with("note.html", "{{ doc.title }}", "{{ doc.title }");
    let actor = default_template_with("actor.html", "{{ doc.title }}", "{{ doc.title | }}");
    write(dir.path(), "templates/note.html", &note);
    write(dir.path(), "templates/actor.html", &actor);
    write(
        dir.path(),
        "templates/partials/event.html",
        "<div>\n{% if event.title %}\n{{ event.title }}\n</div>\n",
    );
    let failure = fails_keeping_output(dir.path());
    assert_eq!(failure.error_count(), 3, "{}", render(&failure));
    for (file, line, column) in [
        ("templates/note.html", 6, 22),
        ("templates/actor.html", 7, 24),
        ("templates/partials/event.html", 5, 1),
    ] {
        let error = one_error(&failure, file);
        assert_eq!((error.line, error.column), (line, column), "{error}");
        assert!(error.message.starts_with("template: "), "{error}");
    }
}

#[test]
fn unknown_included_template_names_the_including_file() {
    let dir = broken(
        "templates/note.html",
        &default_template_with(
            "note.html",
            "partials/document-end.html",
            "partials/nope.html",
        ),
    );
    let error = only_error(&fails_keeping_output(dir.path()));
    assert_points_at(&error, "templates/note.html", 24);
    assert_eq!(error.column, 18);
    assert_eq!(
        error.message,
        "template: Unknown template `partials/nope.html`"
    );
}

#[test]
fn template_extending_a_missing_one_names_its_file_and_line() {
    let dir = broken(
        "templates/tag.html",
        "{# a tag page #}\n{% extends \"nobase.html\" %}\n{% block main %}{% endblock main %}\n",
    );
    let error = only_error(&fails_keeping_output(dir.path()));
    assert_points_at(&error, "templates/tag.html", 2);
    assert_eq!(error.column, 13);
    assert_eq!(
        error.message,
        "template: `tag.html` extends `nobase.html`, which does not exist"
    );
    let hint = error.hint.unwrap_or_default();
    assert!(hint.starts_with("did you mean `base.html`"), "{hint}");
}

#[test]
fn template_errors_of_every_kind_are_reported_together() {
    let dir = built_fixture();
    write(
        dir.path(),
        "templates/404.html",
        "{% extends \"base.html\" %}\n{{ oops }\n",
    );
    write(
        dir.path(),
        "templates/tag.html",
        "{% extends \"nobase.html\" %}\n",
    );
    write(
        dir.path(),
        "templates/note.html",
        &default_template_with(
            "note.html",
            "partials/document-end.html",
            "partials/nope.html",
        ),
    );
    let failure = fails_keeping_output(dir.path());
    assert_eq!(failure.error_count(), 3, "{}", render(&failure));
    assert_points_at(
        &one_error(&failure, "templates/404.html"),
        "templates/404.html",
        2,
    );
    assert_points_at(
        &one_error(&failure, "templates/tag.html"),
        "templates/tag.html",
        1,
    );
    assert_points_at(
        &one_error(&failure, "templates/note.html"),
        "templates/note.html",
        24,
    );
}

#[test]
fn template_using_an_unknown_variable_names_it() {
    let dir = broken(
        "templates/note.html",
        "{% extends \"base.html\" %}\n{% block main %}\n<h1>Notiz</h1>\n{{ nirgends }}\n{% endblock main %}\n",
    );
    let error = only_error(&fails_keeping_output(dir.path()));
    assert_points_at(&error, "templates/note.html", 4);
    assert!(
        error.message.starts_with("template: ")
            && error.message.contains("`nirgends` is not defined"),
        "{}",
        error.message
    );
}

#[test]
fn a_broken_print_partial_fails_the_build_once_naming_it() {
    let dir = broken(
        "templates/partials/print-doc.html",
        "<article>\n{{ p.doc.title }}\n{{ nirgends }}\n</article>\n",
    );
    let error = only_error(&fails_keeping_output(dir.path()));
    assert_points_at(&error, "templates/partials/print-doc.html", 3);
    assert!(
        error.message.contains("`nirgends` is not defined"),
        "{}",
        error.message
    );
}

// ---------------------------------------------------------------------------------------------
// site.toml

const BASE_URL: &str = "base_url = \"https://example.github.io/repo/\"\n";

#[test]
fn site_toml_without_a_title() {
    let dir = broken("site.toml", &format!("{BASE_URL}language = \"de\"\n"));
    let error = only_error(&fails_keeping_output(dir.path()));
    assert_points_at(&error, "site.toml", 0);
    assert_eq!(error.message, "the dossier has no title");
}

#[test]
fn site_toml_with_a_misspelt_key() {
    let dir = broken(
        "site.toml",
        &format!("title = \"T\"\n{BASE_URL}titel = \"T\"\n"),
    );
    let error = only_error(&fails_keeping_output(dir.path()));
    assert_points_at(&error, "site.toml", 3);
    assert_eq!(error.message, "unknown key `titel` in site.toml");
    assert_eq!(error.hint.as_deref(), Some("did you mean `title`?"));
}

#[test]
fn site_toml_with_a_misspelt_section() {
    let dir = broken(
        "site.toml",
        &format!("title = \"T\"\n{BASE_URL}\n[serach]\nenabled = false\n"),
    );
    let error = only_error(&fails_keeping_output(dir.path()));
    assert_points_at(&error, "site.toml", 4);
    assert_eq!(error.message, "unknown key `serach` in site.toml");
    assert_eq!(error.hint.as_deref(), Some("did you mean `search`?"));
}

#[test]
fn every_wrong_value_of_a_front_matter_is_reported_at_once() {
    let dir = broken(
        "content/notes/kaputt.md",
        "---\ntitle: Kaputt\ndate: 2022-13-01\ntags: 5\nknd: x\n---\n\nText\n",
    );
    let failure = fails_keeping_output(dir.path());
    let mut found: Vec<(usize, &str)> = errors_in(&failure, "content/notes/kaputt.md")
        .into_iter()
        .map(|e| (e.line, e.message.as_str()))
        .collect();
    found.sort();
    let lines: Vec<usize> = found.iter().map(|(line, _)| *line).collect();
    assert_eq!(lines, [3, 4, 5], "{found:?}");
    assert!(found[0].1.contains("no month 13"), "{found:?}");
    assert!(
        found[1].1.starts_with("invalid front matter: tags:"),
        "{found:?}"
    );
    assert_eq!(found[2].1, "unknown key `knd` in front matter");
}

#[test]
fn output_path_that_is_a_file() {
    let dir = built_fixture();
    write(dir.path(), "eine-datei", "meins");
    let file = dir.path().join("eine-datei");
    let (code, stderr) = run_binary(dir.path(), &["build", "--output", &file.to_string_lossy()]);
    assert_eq!(code, Some(1), "{stderr}");
    assert!(stderr.contains("eine-datei is a file"), "{stderr}");
    assert_eq!(
        std::fs::read_to_string(&file).ok().as_deref(),
        Some("meins")
    );
}

#[test]
fn base_url_from_the_command_line_is_blamed_on_the_command_line() {
    let dir = built_fixture();
    let (code, stderr) = run_binary(dir.path(), &["build", "--base-url", "keine-adresse"]);
    assert_eq!(code, Some(1), "{stderr}");
    assert!(
        stderr.contains("--base-url `keine-adresse` is not a usable address"),
        "{stderr}"
    );
    assert!(!stderr.contains("site.toml:"), "{stderr}");
}

#[test]
fn site_toml_with_a_toml_syntax_error() {
    let dir = broken("site.toml", &format!("title = \"T\n{BASE_URL}"));
    let error = only_error(&fails_keeping_output(dir.path()));
    assert_points_at(&error, "site.toml", 1);
}

#[test]
fn site_toml_with_an_unusable_base_url() {
    let dir = built_fixture();
    for url in [
        "example.github.io/repo",
        "ftp://example.org/",
        "https://example.org/?page=1",
        "https://",
    ] {
        write(
            dir.path(),
            "site.toml",
            &format!("title = \"T\"\nbase_url = \"{url}\"\n"),
        );
        let error = only_error(&fails_keeping_output(dir.path()));
        assert_points_at(&error, "site.toml", 2);
        let expected = format!("`{url}` is not a usable base_url: ");
        assert!(error.message.starts_with(&expected), "{}", error.message);
    }
}

#[test]
fn output_dir_on_sources_or_outside_the_dossier_writes_nowhere() {
    let dir = built_fixture();
    let elsewhere = tempfile::tempdir().expect("temporary folder");
    let outside = elsewhere.path().join("site");
    let outside_text = outside.to_string_lossy().into_owned();
    let content = snapshot_tree(&dir.path().join("content"));
    for bad in [
        ".",
        "content",
        "content/site",
        "templates",
        "static",
        "public/../content",
        "..",
        outside_text.as_str(),
    ] {
        let site = format!("title = \"T\"\n{BASE_URL}language = \"de\"\noutput_dir = \"{bad}\"\n");
        write(dir.path(), "site.toml", &site);
        let error = only_error(&fails_keeping_output(dir.path()));
        assert_points_at(&error, "site.toml", 4);
        assert!(
            error.message.contains("output_dir"),
            "{bad}: {}",
            error.message
        );
        assert_same_tree(&content, &snapshot_tree(&dir.path().join("content")));
        for folder in ["templates", "static"] {
            assert!(
                !dir.path().join(folder).exists(),
                "{bad}: created {folder}/"
            );
        }
        assert!(!outside.exists(), "{bad}: wrote outside the dossier");
    }
}

// ---------------------------------------------------------------------------------------------
// Symbolic links in content/

#[cfg(unix)]
mod symlinks {
    use super::common::*;
    use std::os::unix::fs::symlink;

    const SECRET: &str = "nicht-veroeffentlichen-7f3a";

    /// Builds the fixture with `link` in content/notes/ pointing at `target`: the build succeeds,
    /// warns about the link, and nothing behind it reaches the output.
    fn warns_and_skips(link: &str, target: &std::path::Path) -> dossier::Diagnostic {
        let dir = copy_fixture("minimal");
        symlink(target, dir.path().join("content/notes").join(link)).expect("symlink");
        let summary = build(dir.path());
        for (path, bytes) in snapshot_tree(&dir.path().join("public")) {
            assert!(
                !String::from_utf8_lossy(&bytes).contains(SECRET),
                "{path} holds text from outside the dossier"
            );
        }
        let file = format!("content/notes/{link}");
        let warnings: Vec<_> = summary
            .warnings
            .iter()
            .filter(|w| file_of(w) == file)
            .collect();
        assert_eq!(warnings.len(), 1, "{:?}", summary.warnings);
        warnings[0].clone()
    }

    #[test]
    fn link_to_a_file_outside_the_dossier_is_not_followed() {
        let outside = tempfile::tempdir().expect("temporary folder");
        let target = outside.path().join("geheim.md");
        std::fs::write(&target, format!("# Geheim\n\n{SECRET}\n")).expect("write");
        let warning = warns_and_skips("geheim.md", &target);
        assert_eq!(
            warning.message,
            "symbolic link points outside the dossier; not followed"
        );
    }

    #[test]
    fn link_to_a_folder_outside_the_dossier_is_not_followed() {
        let outside = tempfile::tempdir().expect("temporary folder");
        std::fs::write(
            outside.path().join("geheim.md"),
            format!("# Geheim\n\n{SECRET}\n"),
        )
        .expect("write");
        let warning = warns_and_skips("ordner", outside.path());
        assert_eq!(
            warning.message,
            "symbolic link points outside the dossier; not followed"
        );
    }

    #[test]
    fn an_output_folder_that_is_a_link_into_the_sources_is_refused() {
        let dir = copy_fixture("minimal");
        let content_before = snapshot_tree(&dir.path().join("content"));
        symlink("content/notes", dir.path().join("ausgabe")).expect("symlink");
        write(
            dir.path(),
            "site.toml",
            "title = \"T\"\nbase_url = \"https://example.github.io/repo/\"\noutput_dir = \"ausgabe\"\n",
        );
        let error = only_error(&build_err(dir.path()));
        assert!(
            error
                .message
                .contains("lies in `content/` (through a link)"),
            "{}",
            error.message
        );
        let (code, stderr) = run_binary(dir.path(), &["check"]);
        assert_eq!(code, Some(1), "`dossier check` must see it too:\n{stderr}");
        assert_same_tree(&content_before, &snapshot_tree(&dir.path().join("content")));
    }

    #[test]
    fn link_that_leads_nowhere_is_reported_as_broken() {
        let outside = tempfile::tempdir().expect("temporary folder");
        let warning = warns_and_skips("weg.md", &outside.path().join("gibt-es-nicht.md"));
        assert!(
            warning.message.starts_with("broken symbolic link"),
            "{}",
            warning.message
        );
    }
}
