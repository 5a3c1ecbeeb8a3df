//! `serve`'s builds that remember: after every kind of edit, the site they leave equals a full
//! build of the same files, byte for byte, while pages nothing changed for are not rendered
//! again.

mod common;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use common::edits::*;
use common::*;
use dossier::serve::{MemorySink, MemorySite, Session};

const BASE_URL: &str = "http://127.0.0.1:1111/";

/// This repository's dossier (site.toml and content/, with the default theme) in a temporary
/// folder: many links, relations, claims and events to go wrong on.
fn the_dossier() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temporary folder");
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    copy_tree(&repo.join("content"), &dir.path().join("content"));
    std::fs::copy(repo.join("site.toml"), dir.path().join("site.toml")).expect("site.toml");
    dir
}

fn session(root: &Path) -> Session {
    let mut options = options(root);
    options.overrides.base_url = Some(BASE_URL.to_owned());
    options.overrides.no_search = true;
    Session::new(options)
}

/// Builds again after `changed`; the site it publishes last.
fn rebuild(session: &mut Session, changed: &[&str]) -> Arc<MemorySite> {
    let changed: Vec<PathBuf> = changed.iter().map(PathBuf::from).collect();
    let mut last = None;
    match session.rebuild(&changed, &mut |site| last = Some(site)) {
        Ok(_) => last.expect("a good build publishes its site"),
        Err(failure) => panic!("rebuild failed:\n{}", render(&failure)),
    }
}

/// Asserts that the session's site is what a full build of the same files makes.
fn equals_full_build(session: &Session, site: &MemorySite, after: &str) {
    let sink = MemorySink::default();
    dossier::build::build_into(session.options(), &sink).expect("full build");
    let full = site_files(&sink.finish());
    assert_same_files(
        ("the full build", &full),
        ("the incremental one", &site_files(site)),
        after,
    );
}

/// Replaces `from` with `to` in a file of the dossier.
fn edit(root: &Path, path: &str, from: &str, to: &str) {
    let file = root.join(path);
    let text = std::fs::read_to_string(&file).expect("read");
    assert!(text.contains(from), "{path} has no `{from}`");
    std::fs::write(&file, text.replacen(from, to, 1)).expect("write");
}

/// Whether two sites hold the very same bytes (not a copy) for `path`: it was not rendered again.
fn kept(before: &MemorySite, after: &MemorySite, path: &str) -> bool {
    match (before.get(path), after.get(path)) {
        (Some(a), Some(b)) => Arc::ptr_eq(&a, &b),
        _ => false,
    }
}

#[test]
fn every_kind_of_edit_leaves_the_site_a_full_build_makes() {
    let dir = the_dossier();
    let root = dir.path();
    let mut session = session(root);
    let site = rebuild(&mut session, &[]);
    equals_full_build(&session, &site, "the first build");

    let mut step = |what: &str, change: &dyn Fn(), changed: &[&str]| {
        change();
        let site = rebuild(&mut session, changed);
        equals_full_build(&session, &site, what);
    };
    step(
        "an actor's new title",
        &|| {
            edit(
                root,
                "content/actors/tokajew.md",
                "title: ",
                "title: Präsident ",
            )
        },
        &["content/actors/tokajew.md"],
    );
    step(
        "a new link in a note",
        &|| {
            let file = root.join("content/notes/sanktionen.md");
            let text = std::fs::read_to_string(&file).expect("read") + "\nSiehe [[lukaschenko]].\n";
            std::fs::write(file, text).expect("write");
        },
        &["content/notes/sanktionen.md"],
    );
    step(
        "a new note with a new tag",
        &|| {
            write(
                root,
                "content/notes/neu.md",
                "---\ntitle: Neu\ntags: [ganz-neu]\nactors: [putin]\n---\nZu [[tokajew]] und [[armenien-ovks]].\n",
            )
        },
        &["content/notes/neu.md"],
    );
    step(
        "a renamed note",
        &|| {
            std::fs::rename(
                root.join("content/notes/neu.md"),
                root.join("content/notes/umbenannt.md"),
            )
            .expect("rename")
        },
        &["content/notes/neu.md", "content/notes/umbenannt.md"],
    );
    step(
        "a deleted note",
        &|| std::fs::remove_file(root.join("content/notes/umbenannt.md")).expect("remove"),
        &["content/notes/umbenannt.md"],
    );
    step(
        "an event's new title",
        &|| {
            edit(
                root,
                "content/timeline/1991-2018.yaml",
                "title: Vertrag über kollektive Sicherheit unterzeichnet",
                "title: Taschkenter Vertrag unterzeichnet",
            )
        },
        &["content/timeline/1991-2018.yaml"],
    );
    step(
        "a source's new publisher",
        &|| {
            let file = root.join("content/sources/armenpress-932876.md");
            let text = std::fs::read_to_string(&file).expect("read");
            let text = text.replacen("publisher:", "publisher: Neu –", 1);
            std::fs::write(file, text).expect("write");
        },
        &["content/sources/armenpress-932876.md"],
    );
    step(
        "a new file in static/",
        &|| write(root, "static/extra.css", "body { color: teal; }\n"),
        &["static/extra.css"],
    );
    step(
        "a changed file in static/",
        &|| write(root, "static/extra.css", "body { color: navy; }\n"),
        &["static/extra.css"],
    );
    step(
        "a template of the dossier's own",
        &|| {
            write(
                root,
                "templates/404.html",
                "{% extends \"base.html\" %}{% block main %}<h1>Weg</h1>{% endblock main %}\n",
            )
        },
        &["templates/404.html"],
    );
    step(
        "a new title in site.toml",
        &|| edit(root, "site.toml", "title = \"", "title = \"Neu: "),
        &["site.toml"],
    );
    step(
        "a save without a change",
        &|| {},
        &["content/actors/putin.md"],
    );
}

#[test]
fn only_pages_that_show_the_change_are_rendered_again() {
    let dir = copy_fixture("minimal");
    let root = dir.path();
    let mut session = session(root);
    let before = rebuild(&mut session, &[]);
    let file = root.join("content/actors/tokajew.md");
    let text = std::fs::read_to_string(&file).expect("read");
    std::fs::write(&file, text + "\nEin neuer Satz.\n").expect("write");
    let after = rebuild(&mut session, &["content/actors/tokajew.md"]);
    equals_full_build(&session, &after, "a new sentence");
    assert!(!kept(&before, &after, "actors/tokajew/index.html"));
    let unrelated: Vec<&str> = before
        .paths()
        .into_iter()
        .filter(|p| p.ends_with("index.html") && p.contains('/'))
        .filter(|p| kept(&before, &after, p))
        .collect();
    assert!(
        !unrelated.is_empty(),
        "some page that does not show Tokajew's text is kept as it was"
    );

    let same = rebuild(&mut session, &["content/actors/tokajew.md"]);
    assert!(
        after.paths().iter().all(|p| kept(&after, &same, p)),
        "a save without a change renders nothing"
    );
}

#[test]
fn a_broken_edit_fails_and_the_fix_recovers() {
    let dir = copy_fixture("minimal");
    let root = dir.path();
    let mut session = session(root);
    rebuild(&mut session, &[]);
    let file = root.join("content/actors/tokajew.md");
    let good = std::fs::read_to_string(&file).expect("read");
    std::fs::write(&file, good.clone() + "\n[[gibt-es-nicht]]\n").expect("write");
    let failure = session
        .rebuild(&[PathBuf::from("content/actors/tokajew.md")], &mut |_| {
            panic!("a failed build publishes nothing")
        })
        .expect_err("a broken link fails");
    assert!(
        render(&failure).contains("gibt-es-nicht"),
        "{}",
        render(&failure)
    );
    std::fs::write(&file, good).expect("write");
    let site = rebuild(&mut session, &["content/actors/tokajew.md"]);
    equals_full_build(&session, &site, "the fix");
}

#[test]
fn a_note_that_fails_to_load_is_reported_alone_and_the_fix_recovers() {
    let dir = copy_fixture("minimal");
    let root = dir.path();
    let mut session = session(root);
    rebuild(&mut session, &[]);
    let path = "content/actors/tokajew.md";
    let good = std::fs::read_to_string(root.join(path)).expect("read");
    for broken in [
        good.replacen("kind: person", "knd: person", 1),
        good.replacen("---\n\nTokajew", "\nTokajew", 1),
    ] {
        std::fs::write(root.join(path), &broken).expect("write");
        let failure = session
            .rebuild(&[PathBuf::from(path)], &mut |_| {
                panic!("a failed build publishes nothing")
            })
            .expect_err("a broken note fails");
        assert_eq!(file_of(&only_error(&failure)), path);
        std::fs::write(root.join(path), &good).expect("write");
        let site = rebuild(&mut session, &[path]);
        equals_full_build(&session, &site, "the fix");
    }
}

/// Makes the edits one by one on the minimal fixture; after each, the session's site is the
/// full build's, and it fails exactly when a full build fails.
fn check_series(edits: &[Edit]) {
    check_series_with(edits, "");
}

/// [`check_series`] with `settings` added to the fixture's site.toml.
fn check_series_with(edits: &[Edit], settings: &str) {
    let dir = copy_fixture("minimal");
    let root = dir.path();
    let site_toml = root.join("site.toml");
    let text = std::fs::read_to_string(&site_toml).expect("site.toml");
    std::fs::write(&site_toml, text + settings).expect("site.toml");
    let mut session = session(root);
    rebuild(&mut session, &[]);
    for edit in edits {
        let changed: Vec<PathBuf> = apply(root, edit).into_iter().map(PathBuf::from).collect();
        let mut last = None;
        let result = session.rebuild(&changed, &mut |site| last = Some(site));
        let full = dossier::build::build_into(session.options(), &MemorySink::default());
        assert_eq!(result.is_ok(), full.is_ok(), "after {edit:?}");
        if let Some(site) = last.filter(|_| result.is_ok()) {
            equals_full_build(&session, &site, &format!("{edit:?}"));
        }
    }
}

/// A source's grade and publisher show on every chip citing it, in the ground notes of the
/// statements resting on it and in its reference: each page showing one follows an edit of the
/// source alone, as does a quote of it.
#[test]
fn a_sources_new_grade_reaches_every_page_citing_it() {
    use Edit::*;
    check_series(&[
        Grade { grade: Some(1) },
        Grade { grade: Some(3) },
        Quote {
            quote: Some("wörtlich zitiert".into()),
        },
        Publisher {
            name: "Andere".into(),
        },
        Grade { grade: Some(4) },
        Quote { quote: None },
        Grade { grade: None },
    ]);
}

/// Edits that keep every name relink only the edited note: the graph around it, the lists
/// that show it and the network follow.
#[test]
fn edits_that_keep_names_update_what_shows_them() {
    use Edit::*;
    let (kasachstan, tokajew, escaping, oel) = (0, 1, 2, 3);
    check_series(&[
        Embed { from: oel, to: 1 },
        Sentence {
            doc: tokajew,
            words: "nur eingebettet".into(),
        },
        RelationSince { year: 2020 },
        Unlink { from: oel },
        Link {
            from: tokajew,
            to: 2,
        },
        Unlink { from: tokajew },
        Cite { doc: escaping },
        Sentence {
            doc: escaping,
            words: "ohne Beleg".into(),
        },
        SummaryEmbed {
            doc: kasachstan,
            to: 2,
        },
        Sentence {
            doc: escaping,
            words: "im Auszug".into(),
        },
        Embed {
            from: escaping,
            to: 1,
        },
        Sentence {
            doc: tokajew,
            words: "tief eingebettet".into(),
        },
        Embed {
            from: tokajew,
            to: 2,
        },
        Unlink { from: escaping },
        Sentence {
            doc: escaping,
            words: "wieder frei".into(),
        },
        Tags {
            doc: oel,
            tags: vec!["Neu".into()],
        },
        Tags {
            doc: escaping,
            tags: vec!["Energie".into(), "Öl".into()],
        },
        Relation {
            kind: "Staatschef".into(),
        },
        Heading {
            text: "Ausfuhr".into(),
        },
    ]);
}

/// A new title can make links that led nowhere lead somewhere: what shows them follows.
#[test]
fn a_new_name_that_mends_links_elsewhere_shows_wherever_they_are() {
    use Edit::*;
    let (kasachstan, escaping) = (0, 2);
    check_series_with(
        &[
            SummaryLink {
                doc: kasachstan,
                name: "Kurzname".into(),
            },
            Retitle {
                doc: escaping,
                title: "Kurzname".into(),
            },
            Retitle {
                doc: escaping,
                title: "Langname".into(),
            },
        ],
        "\n[content]\nbroken_links = \"warn\"\n",
    );
}

/// A note whose summary embeds itself shows, in its list entry, the links of its own text: a
/// new title for a note it links to must reach the actors index too. Found by
/// `any_series_of_edits_leaves_the_full_build`.
#[test]
fn a_new_title_reaches_a_list_entry_that_embeds_a_link_to_it() {
    use Edit::*;
    let (kasachstan, escaping) = (0, 2);
    check_series(&[
        SummaryEmbed {
            doc: kasachstan,
            to: kasachstan,
        },
        Link {
            from: kasachstan,
            to: escaping,
        },
        Retitle {
            doc: escaping,
            title: "Aäö".into(),
        },
    ]);
}

/// A summary shows the title of a source it cites, directly or in a note it embeds: a new title
/// for the source must reach the lists showing that summary.
#[test]
fn a_sources_new_title_reaches_summaries_that_cite_it() {
    let dir = copy_fixture("minimal");
    let root = dir.path();
    let mut session = session(root);
    rebuild(&mut session, &[]);
    let (summary_of, source) = ("content/actors/kasachstan.md", "content/sources/paz.md");
    // directly, and through Tokajew's text, which cites the source
    for (n, summary) in ["Laut [@paz].", "Kurz: ![[tokajew]]"]
        .into_iter()
        .enumerate()
    {
        edit(
            root,
            summary_of,
            "---\n\n",
            &format!("summary: \"{summary}\"\n---\n\n"),
        );
        let site = rebuild(&mut session, &[summary_of]);
        equals_full_build(&session, &site, summary);
        edit(root, source, "title: ", &format!("title: Neu {n} "));
        let site = rebuild(&mut session, &[source]);
        equals_full_build(&session, &site, &format!("a new title, after {summary}"));
        let text = std::fs::read_to_string(root.join(summary_of)).expect("read");
        let text = text.replacen(&format!("summary: \"{summary}\"\n"), "", 1);
        std::fs::write(root.join(summary_of), text).expect("write");
    }
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig { cases: 24, ..Default::default() })]

    /// After any series of edits, the session's site is the full build's, and it fails exactly
    /// when a full build fails.
    #[test]
    fn any_series_of_edits_leaves_the_full_build(edits in proptest::collection::vec(edit_strategy(), 1..8)) {
        check_series(&edits);
    }
}

/// An edit of a note that embeds nothing leaves an embed cycle elsewhere where it was: the
/// build still fails, as a full build does, until the cycle is broken.
#[test]
fn an_embed_cycle_outlives_edits_of_notes_outside_it() {
    use Edit::*;
    let (kasachstan, tokajew, escaping) = (0, 1, 2);
    check_series(&[
        Embed {
            from: kasachstan,
            to: tokajew,
        },
        Embed {
            from: tokajew,
            to: kasachstan,
        },
        Sentence {
            doc: escaping,
            words: "Ein Satz ohne Verweise".into(),
        },
        Unlink { from: tokajew },
        Sentence {
            doc: escaping,
            words: "Noch ein Satz".into(),
        },
    ]);
}
