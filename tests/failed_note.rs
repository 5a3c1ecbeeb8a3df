//! A note that fails to load (its front matter has an error, or it cannot be read) is reported
//! once, for its own file: the links, actor and source lists, relations, citations and claims
//! that name it are not reported as well, since they resolve once the note is fixed. Names
//! nothing has are still reported.
//!
//! The `references` fixture names actor `tokajew` and source `paz` in every way there is; each
//! test builds it, breaks one of them and builds again.

mod common;

use common::*;

const TOKAJEW: &str = "content/actors/tokajew.md";
const PAZ: &str = "content/sources/paz.md";

/// The `references` fixture, built, then `path` rewritten with `from` replaced by `to`.
fn built_then_edited(path: &str, from: &str, to: &str) -> tempfile::TempDir {
    let dir = copy_fixture("references");
    build(dir.path());
    let file = dir.path().join(path);
    let text = std::fs::read_to_string(&file).expect("read");
    assert!(text.contains(from), "{path} has no `{from}`");
    std::fs::write(&file, text.replacen(from, to, 1)).expect("write");
    dir
}

#[test]
fn actor_with_an_unknown_key_is_the_one_error_of_the_build() {
    let dir = built_then_edited(TOKAJEW, "kind: person", "knd: person");
    let error = only_error(&fails_keeping_output(dir.path()));
    assert_points_at(&error, TOKAJEW, 3);
    assert_eq!(error.message, "unknown key `knd` in front matter");
    assert_eq!(error.hint.as_deref(), Some("did you mean `kind`?"));
}

#[test]
fn any_front_matter_error_of_an_actor_is_its_only_error() {
    let cases = [
        (
            "tags: [Kasachstan]",
            "tags: 5",
            6,
            "invalid front matter: tags: ",
        ),
        (
            "born: 1953-05-17",
            "born: 1953-02-30",
            5,
            "invalid front matter: born: `1953-02-30` is not a real date",
        ),
        (
            "kind: person",
            "kind: person\n  rank: [",
            4,
            "invalid front matter: ",
        ),
        (
            "title: Kassym-Schomart Tokajew\n",
            "title: Kassym-Schomart Tokajew\n- Präsident\n",
            3,
            "invalid front matter: ",
        ),
        (
            "tags: [Kasachstan]\n---\n",
            "tags: [Kasachstan]\n\n",
            1,
            "the front matter is not closed",
        ),
    ];
    for (from, to, line, message) in cases {
        let dir = built_then_edited(TOKAJEW, from, to);
        let failure = build_err(dir.path());
        let error = only_error(&failure);
        assert_eq!(
            (file_of(&error).as_str(), error.line),
            (TOKAJEW, line),
            "`{to}`: {error}"
        );
        assert!(error.message.starts_with(message), "`{to}`: {error}");
    }
}

#[test]
fn actor_whose_title_is_broken_yaml_still_keeps_its_slug_and_aliases() {
    let dir = built_then_edited(
        TOKAJEW,
        "title: Kassym-Schomart Tokajew",
        "title: [Kassym-Schomart Tokajew",
    );
    let failure = build_err(dir.path());
    let error = one_error(&failure, TOKAJEW);
    assert!(
        error.message.starts_with("invalid front matter: "),
        "{error}"
    );
    // only the link by the title it could not read remains
    let links = errors_in(&failure, "content/notes/verweise.md");
    let messages: Vec<&str> = links.iter().map(|d| d.message.as_str()).collect();
    assert_eq!(
        messages,
        ["broken link `Kassym-Schomart Tokajew`: nothing has that name"],
        "{}",
        render(&failure)
    );
    assert_eq!(failure.error_count(), 2, "{}", render(&failure));
}

#[test]
fn actor_that_is_not_utf8_is_its_only_error() {
    let dir = copy_fixture("references");
    build(dir.path());
    let file = dir.path().join(TOKAJEW);
    let mut bytes = std::fs::read(&file).expect("read");
    bytes.extend_from_slice(b"caf\xe9\n");
    std::fs::write(&file, bytes).expect("write");
    let error = only_error(&fails_keeping_output(dir.path()));
    assert_eq!(file_of(&error), TOKAJEW);
    assert_eq!(error.message, "file is not valid UTF-8");
}

#[test]
fn source_with_an_unknown_key_leaves_citations_lists_and_claims_unreported() {
    let dir = built_then_edited(PAZ, "publisher:", "publishr:");
    let error = only_error(&fails_keeping_output(dir.path()));
    assert_points_at(&error, PAZ, 4);
    assert_eq!(error.message, "unknown key `publishr` in front matter");
}

#[test]
fn names_nothing_has_are_still_reported_beside_a_failed_actor() {
    let dir = built_then_edited(TOKAJEW, "kind: person", "knd: person");
    write(
        dir.path(),
        "content/notes/kaputt.md",
        "---\nactors: [tokajew, niemand]\n---\n# Kaputt\n\n[[Tokajew]] ist nicht [[Tokajev]].\n",
    );
    let failure = fails_keeping_output(dir.path());
    assert_eq!(failure.error_count(), 3, "{}", render(&failure));
    assert_eq!(
        one_error(&failure, TOKAJEW).message,
        "unknown key `knd` in front matter"
    );
    let mut errors = errors_in(&failure, "content/notes/kaputt.md");
    errors.sort_by_key(|d| d.line);
    assert_points_at(errors[0], "content/notes/kaputt.md", 2);
    assert_eq!(errors[0].message, "unknown actor `niemand`");
    assert_points_at(errors[1], "content/notes/kaputt.md", 6);
    assert_eq!(
        errors[1].message,
        "broken link `Tokajev`: nothing has that name"
    );
    assert_eq!(
        errors[1].hint.as_deref(),
        Some("did you mean `tokajew` or `tokayev`?"),
        "the failed actor's names are still suggested"
    );
}

#[test]
fn a_fixed_actor_builds_again_with_every_reference_resolved() {
    let dir = built_then_edited(TOKAJEW, "kind: person", "knd: person");
    build_err(dir.path());
    let file = dir.path().join(TOKAJEW);
    let text = std::fs::read_to_string(&file).expect("read");
    std::fs::write(&file, text.replacen("knd: person", "kind: person", 1)).expect("write");
    build(dir.path());
    let note = read(dir.path(), "notes/verweise/index.html");
    assert!(note.contains("href=\"/repo/actors/tokajew/\""), "{note}");
}
