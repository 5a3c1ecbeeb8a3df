//! `serve`'s builds that remember: after every kind of edit, the site they leave equals a full
//! build of the same files, byte for byte, while pages nothing changed for are not rendered
//! again.

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

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

fn files(site: &MemorySite) -> BTreeMap<String, Vec<u8>> {
    site.files()
        .map(|(path, bytes)| (path.clone(), bytes.to_vec()))
        .collect()
}

/// Asserts that the session's site is what a full build of the same files makes.
fn equals_full_build(session: &Session, site: &MemorySite, after: &str) {
    let sink = MemorySink::default();
    dossier::build::build_into(session.options(), &sink).expect("full build");
    let full = files(&sink.finish());
    let incremental = files(site);
    let only_full: Vec<&String> = full
        .keys()
        .filter(|p| !incremental.contains_key(*p))
        .collect();
    let only_incremental: Vec<&String> = incremental
        .keys()
        .filter(|p| !full.contains_key(*p))
        .collect();
    assert!(
        only_full.is_empty() && only_incremental.is_empty(),
        "after {after}: only in the full build {only_full:?}, only in the incremental one {only_incremental:?}"
    );
    for (path, bytes) in &full {
        if incremental[path] != *bytes {
            let (a, b) = (
                String::from_utf8_lossy(bytes),
                String::from_utf8_lossy(&incremental[path]),
            );
            let at = a.bytes().zip(b.bytes()).take_while(|(x, y)| x == y).count();
            let around = |s: &str| {
                s.get(at.saturating_sub(80)..(at + 80).min(s.len()))
                    .unwrap_or("")
                    .to_owned()
            };
            panic!(
                "after {after}: {path} differs\n full: …{}…\n incremental: …{}…",
                around(&a),
                around(&b)
            );
        }
    }
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

/// One edit an author might make, on the minimal fixture.
#[derive(Debug, Clone)]
enum Edit {
    /// Appends a wikilink to note or actor `from` pointing at `to`.
    Link { from: usize, to: usize },
    /// Gives a note or actor a new title.
    Retitle { doc: usize, title: String },
    /// Writes a new note with tags and an actor.
    NewNote {
        name: String,
        tag: String,
        actor: usize,
    },
    /// Deletes a note.
    Delete { doc: usize },
    /// Gives the first event a new title.
    RetitleEvent { title: String },
    /// Appends a sentence without links.
    Sentence { doc: usize, words: String },
    /// Appends a citation of the source.
    Cite { doc: usize },
    /// Appends an embed of a whole note or actor (two can embed each other: both builds fail).
    Embed { from: usize, to: usize },
    /// Gives a note or actor a summary showing another whole.
    SummaryEmbed { doc: usize, to: usize },
    /// Gives a note or actor a summary linking to a name, which need not exist.
    SummaryLink { doc: usize, name: String },
    /// Removes the links and embeds `Link` and `Embed` appended.
    Unlink { from: usize },
    /// Gives a note or actor these tags.
    Tags { doc: usize, tags: Vec<String> },
    /// Names Tokajew's relation to Kasachstan anew.
    Relation { kind: String },
    /// Dates Tokajew's relation to Kasachstan anew.
    RelationSince { year: u16 },
    /// Renames the heading other notes link to.
    Heading { text: String },
    /// Grades the source (A–F by index), or takes its grade away.
    Grade { grade: Option<usize> },
    /// Gives the source a publisher.
    Publisher { name: String },
    /// Makes the source of Tokajew's relation a quote map with this quote, or a bare id again.
    Quote { quote: Option<String> },
}

const EDITABLE: [&str; 4] = [
    "content/actors/kasachstan.md",
    "content/actors/tokajew.md",
    "content/notes/escaping.md",
    "content/notes/Öl und Pipelines.md",
];
const TARGETS: [&str; 4] = ["kasachstan", "tokajew", "escaping", "paz"];

fn edit_strategy() -> impl proptest::strategy::Strategy<Value = Edit> {
    use proptest::prelude::*;
    prop_oneof![
        (0..EDITABLE.len(), 0..TARGETS.len()).prop_map(|(from, to)| Edit::Link { from, to }),
        (0..EDITABLE.len(), "[A-Z][a-zäö]{2,8}")
            .prop_map(|(doc, title)| Edit::Retitle { doc, title }),
        ("[a-z]{3,6}", "[a-z]{2,5}", 0..2usize).prop_map(|(name, tag, actor)| Edit::NewNote {
            name,
            tag,
            actor
        }),
        (2..EDITABLE.len()).prop_map(|doc| Edit::Delete { doc }),
        "[A-Z][a-z]{3,9}".prop_map(|title| Edit::RetitleEvent { title }),
        (0..EDITABLE.len(), "[a-z]{3,8}( [a-z]{2,8}){0,3}")
            .prop_map(|(doc, words)| Edit::Sentence { doc, words }),
        (0..EDITABLE.len()).prop_map(|doc| Edit::Cite { doc }),
        (0..EDITABLE.len(), 0..TARGETS.len() - 1).prop_map(|(from, to)| Edit::Embed { from, to }),
        (0..EDITABLE.len(), 0..TARGETS.len() - 1)
            .prop_map(|(doc, to)| Edit::SummaryEmbed { doc, to }),
        (0..EDITABLE.len()).prop_map(|from| Edit::Unlink { from }),
        (
            0..EDITABLE.len(),
            proptest::collection::vec("[A-Za-zÖ][a-zö]{1,6}", 0..3)
        )
            .prop_map(|(doc, tags)| Edit::Tags { doc, tags }),
        "[A-Z][a-z]{3,9}".prop_map(|kind| Edit::Relation { kind }),
        (1990..2030u16).prop_map(|year| Edit::RelationSince { year }),
        "[A-Z][a-z]{3,9}".prop_map(|text| Edit::Heading { text }),
        proptest::option::of(0..6usize).prop_map(|grade| Edit::Grade { grade }),
        "[A-Z][a-z]{3,9}".prop_map(|name| Edit::Publisher { name }),
        proptest::option::of("[a-z]{3,8}( [a-z]{2,8}){0,3}")
            .prop_map(|quote| Edit::Quote { quote }),
    ]
}

/// The text with the front-matter line for `key` replaced by `line`, or `line` added.
fn set_front_matter(text: &str, key: &str, line: &str) -> String {
    let mut lines: Vec<String> = text.lines().map(str::to_owned).collect();
    match lines.iter().position(|l| l.starts_with(&format!("{key}:"))) {
        Some(at) => lines[at] = line.to_owned(),
        None => lines.insert(1, line.to_owned()),
    }
    lines.join("\n") + "\n"
}

/// The text with every line starting with `prefix` replaced by `line`.
fn replace_lines(text: &str, prefix: &str, line: &str) -> String {
    let lines: Vec<&str> = text
        .lines()
        .map(|l| if l.starts_with(prefix) { line } else { l })
        .collect();
    lines.join("\n") + "\n"
}

/// Makes the edit; the paths it touched.
fn apply(root: &Path, edit: &Edit) -> Vec<String> {
    let rewrite = |path: &str, change: &dyn Fn(String) -> String| {
        let file = root.join(path);
        if let Ok(text) = std::fs::read_to_string(&file) {
            std::fs::write(&file, change(text)).expect("write");
        }
    };
    // adds a paragraph to a note or actor: the paths touched
    let append = |doc: usize, paragraph: String| {
        rewrite(EDITABLE[doc], &|text| text + "\n" + &paragraph + "\n");
        vec![EDITABLE[doc].to_owned()]
    };
    match edit {
        Edit::Link { from, to } => append(*from, format!("Siehe [[{}]].", TARGETS[*to])),
        Edit::Retitle { doc, title } => {
            let line = format!("title: {title}");
            rewrite(EDITABLE[*doc], &|text| {
                replace_lines(&text, "title:", &line)
            });
            vec![EDITABLE[*doc].to_owned()]
        }
        Edit::NewNote { name, tag, actor } => {
            let path = format!("content/notes/neu-{name}.md");
            let actor = ["kasachstan", "tokajew"][*actor];
            write(
                root,
                &path,
                &format!(
                    "---\ntitle: Neu {name}\ntags: [{tag}]\nactors: [{actor}]\n---\nÜber [[{actor}]].\n"
                ),
            );
            vec![path]
        }
        Edit::Delete { doc } => {
            let _ = std::fs::remove_file(root.join(EDITABLE[*doc]));
            vec![EDITABLE[*doc].to_owned()]
        }
        Edit::RetitleEvent { title } => {
            rewrite("content/timeline/events.yaml", &|text| {
                text.replacen("title: Tokajew beim SPIEF", &format!("title: {title}"), 1)
                    .replacen(
                        "  title: Nur ein Jahr",
                        &format!("  title: {title} Jahr"),
                        1,
                    )
            });
            vec!["content/timeline/events.yaml".to_owned()]
        }
        Edit::Sentence { doc, words } => append(*doc, format!("Noch {words}.")),
        Edit::Cite { doc } => append(*doc, "Belegt[@paz, S. 9].".to_owned()),
        Edit::Embed { from, to } => append(*from, format!("![[{}]]", TARGETS[*to])),
        Edit::SummaryEmbed { doc, to } => {
            let target = TARGETS[*to];
            let line = format!("summary: \"Kurz: ![[{target}]]\"");
            rewrite(EDITABLE[*doc], &|text| {
                set_front_matter(&text, "summary", &line)
            });
            vec![EDITABLE[*doc].to_owned()]
        }
        Edit::SummaryLink { doc, name } => {
            let line = format!("summary: \"Zu [[{name}]]\"");
            rewrite(EDITABLE[*doc], &|text| {
                set_front_matter(&text, "summary", &line)
            });
            vec![EDITABLE[*doc].to_owned()]
        }
        Edit::Unlink { from } => {
            rewrite(EDITABLE[*from], &|text| {
                let lines: Vec<&str> = text
                    .lines()
                    .filter(|line| !line.starts_with("Siehe [[") && !line.starts_with("![["))
                    .collect();
                lines.join("\n") + "\n"
            });
            vec![EDITABLE[*from].to_owned()]
        }
        Edit::Tags { doc, tags } => {
            let line = format!("tags: [{}]", tags.join(", "));
            rewrite(EDITABLE[*doc], &|text| {
                set_front_matter(&text, "tags", &line)
            });
            vec![EDITABLE[*doc].to_owned()]
        }
        Edit::Relation { kind } => {
            let path = "content/actors/tokajew.md";
            rewrite(path, &|text| {
                let at = text.find("type: ").map(|at| at + "type: ".len());
                let end = at.and_then(|at| text[at..].find(',').map(|end| at + end));
                match (at, end) {
                    (Some(at), Some(end)) => format!("{}{kind}{}", &text[..at], &text[end..]),
                    _ => text,
                }
            });
            vec![path.to_owned()]
        }
        Edit::RelationSince { year } => {
            let path = "content/actors/tokajew.md";
            rewrite(path, &|text| {
                let at = text.find("from: ").map(|at| at + "from: ".len());
                match at {
                    Some(at) => format!("{}{year}{}", &text[..at], &text[at + 4..]),
                    None => text,
                }
            });
            vec![path.to_owned()]
        }
        Edit::Heading { text: heading } => {
            let path = "content/notes/Öl und Pipelines.md";
            let line = format!("## {heading}");
            rewrite(path, &|text| replace_lines(&text, "## ", &line));
            vec![path.to_owned()]
        }
        Edit::Grade { grade } => {
            let path = "content/sources/paz.md";
            rewrite(path, &|text| match grade {
                Some(grade) => {
                    let letter = ["A", "B", "C", "D", "E", "F"][*grade];
                    set_front_matter(&text, "reliability", &format!("reliability: {letter}"))
                }
                None => remove_front_matter(&text, "reliability"),
            });
            vec![path.to_owned()]
        }
        Edit::Publisher { name } => {
            let path = "content/sources/paz.md";
            let line = format!("publisher: {name}");
            rewrite(path, &|text| set_front_matter(&text, "publisher", &line));
            vec![path.to_owned()]
        }
        Edit::Quote { quote } => {
            let path = "content/actors/tokajew.md";
            let item = match quote {
                Some(quote) => format!("{{id: paz, quote: \"{quote}\", locator: S. 2}}"),
                None => "paz".to_owned(),
            };
            rewrite(path, &|text| {
                let at = text.find("sources: [").map(|at| at + "sources: [".len());
                let end = text.find("]}\n");
                match (at, end) {
                    (Some(at), Some(end)) if at <= end => {
                        format!("{}{item}{}", &text[..at], &text[end..])
                    }
                    _ => text,
                }
            });
            vec![path.to_owned()]
        }
    }
}

/// The text without the front-matter line for `key`.
fn remove_front_matter(text: &str, key: &str) -> String {
    let lines: Vec<&str> = text
        .lines()
        .filter(|l| !l.starts_with(&format!("{key}:")))
        .collect();
    lines.join("\n") + "\n"
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
