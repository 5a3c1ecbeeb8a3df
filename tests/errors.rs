//! Bad input: every problem reported at once, with file, line and hint; output left intact.

mod common;

use common::*;

#[test]
fn broken_wikilink_points_at_file_line_and_nearest_name() {
    let dir = dossier(&[
        ("site.toml", SITE),
        (
            "content/actors/tokajew.md",
            "---\ntitle: Tokajew\n---\nText\n",
        ),
        (
            "content/notes/a.md",
            "---\ntitle: A\n---\n\nErste Zeile\nSiehe [[tokajev]].\n",
        ),
    ]);
    let failure = build_err(dir.path());
    let error = one_error(&failure, "content/notes/a.md");
    assert_eq!(
        error.message,
        "broken link `tokajev`: nothing has that name"
    );
    assert_eq!((error.line, error.column), (6, 7));
    assert_eq!(error.hint.as_deref(), Some("did you mean `tokajew`?"));
}

#[test]
fn all_errors_of_a_build_are_reported_together() {
    let dir = dossier(&[
        ("site.toml", SITE),
        ("content/notes/a.md", "---\ntitel: A\n---\n"),
        ("content/notes/b.md", "[[nirgends]] und [@keine-quelle]\n"),
        (
            "content/timeline/t.yaml",
            "- date: 2025-02-30\n  title: X\n",
        ),
        (
            "content/timeline/u.yaml",
            "- date: 2024-01-01\n  title: Y\n  actors: [niemand]\n",
        ),
    ]);
    let failure = build_err(dir.path());
    assert!(failure.error_count() >= 5, "{}", render(&failure));
    let unknown = one_error(&failure, "content/notes/a.md");
    assert_eq!(unknown.message, "unknown key `titel` in front matter");
    assert_eq!(unknown.line, 2);
    assert_eq!(unknown.hint.as_deref(), Some("did you mean `title`?"));
    assert_eq!(errors_in(&failure, "content/notes/b.md").len(), 2);
    let date = one_error(&failure, "content/timeline/t.yaml");
    assert!(
        date.message.contains("`2025-02-30` is not a real date"),
        "{}",
        date.message
    );
    assert_eq!(date.line, 1);
    let actor = one_error(&failure, "content/timeline/u.yaml");
    assert_eq!(actor.message, "unknown actor `niemand`");
    assert_eq!(actor.line, 3);
}

#[test]
fn a_failing_build_leaves_the_previous_output_intact() {
    let dir = dossier(&[("site.toml", SITE), ("content/notes/a.md", "# A\n\nText\n")]);
    build(dir.path());
    let before = snapshot_tree(&dir.path().join("public"));
    write(dir.path(), "content/notes/a.md", "# A\n\nNeu: [[kaputt]]\n");
    write(dir.path(), "content/notes/b.md", "# B\n");
    build_err(dir.path());
    assert_eq!(before, snapshot_tree(&dir.path().join("public")));
}

#[test]
fn files_not_written_by_dossier_are_never_overwritten_or_deleted() {
    let dir = dossier(&[("site.toml", SITE), ("content/notes/a.md", "# A\n")]);
    write(dir.path(), "public/keep.txt", "mine");
    write(dir.path(), "public/index.html", "my own page");
    let failure = build_err(dir.path());
    assert!(render(&failure).contains("was not written by dossier"));
    assert_eq!(
        std::fs::read_to_string(dir.path().join("public/index.html"))
            .ok()
            .as_deref(),
        Some("my own page")
    );
    std::fs::remove_file(dir.path().join("public/index.html")).expect("remove");
    let summary = build(dir.path());
    assert_eq!(summary.write.foreign, vec!["keep.txt".to_owned()]);
    // a page that disappears is removed; the foreign file stays
    std::fs::remove_file(dir.path().join("content/notes/a.md")).expect("remove");
    build(dir.path());
    assert!(!dir.path().join("public/notes/a/index.html").exists());
    assert!(dir.path().join("public/keep.txt").exists());
}

#[test]
fn malformed_yaml_unclosed_front_matter_and_non_list_timelines() {
    let dir = dossier(&[
        ("site.toml", SITE),
        ("content/notes/a.md", "---\ntitle: [A\n---\n"),
        ("content/notes/b.md", "---\ntitle: B\n\nText ohne Ende\n"),
        ("content/notes/c.md", "---\ntags: 5\n---\n"),
        (
            "content/timeline/t.yaml",
            "date: 2020\ntitle: keine Liste\n",
        ),
        (
            "content/timeline/d.yaml",
            "- {id: x, date: 2020, title: A}\n- {id: x, date: 2021, title: B}\n",
        ),
    ]);
    let failure = build_err(dir.path());
    assert!(
        one_error(&failure, "content/notes/a.md")
            .message
            .starts_with("invalid front matter")
    );
    assert_eq!(
        one_error(&failure, "content/notes/b.md").message,
        "the front matter is not closed"
    );
    let tags = one_error(&failure, "content/notes/c.md");
    assert!(
        tags.message.contains("expected a list of words"),
        "{}",
        tags.message
    );
    assert_eq!(tags.line, 2);
    assert!(
        one_error(&failure, "content/timeline/t.yaml")
            .message
            .contains("must be a YAML list")
    );
    let duplicate = one_error(&failure, "content/timeline/d.yaml");
    assert!(duplicate.message.starts_with("duplicate event id `x`"));
    assert_eq!(duplicate.line, 2);
}

#[test]
fn check_writes_nothing() {
    let dir = dossier(&[("site.toml", SITE), ("content/notes/a.md", "# A\n")]);
    dossier::check(&options(dir.path())).unwrap_or_else(|f| panic!("{}", render(&f)));
    assert!(!dir.path().join("public").exists());
}
