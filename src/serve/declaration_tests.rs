//! The declaration of what pages and views read ([`crate::render::reads`]) is complete, and
//! each of its entries is needed: for every entry, an edit to that input alone changes a page
//! in a full build; `serve` going by the declaration shows the change, and `serve` going by the
//! declaration without that entry leaves the page stale.

use std::path::{Path, PathBuf};

use super::test_git::git;
use super::{MemorySink, Session};
use crate::build::BuildOptions;
use crate::config::Overrides;
use crate::render::reads::{Declaration, DocList, EventList, PageKind, Read, Reader, ReferrerList};

/// A tiny dossier, a page in it, and an edit to one input of that page.
struct Scenario {
    files: Vec<(&'static str, String)>,
    /// The output path of the page that shows the input.
    page: &'static str,
    edit: Change,
}

/// What the scenario does to the input.
enum Change {
    /// The file edited, and the text replaced in it.
    Replace(Edit),
    /// The dossier is a git checkout with every file committed, and this one edited since: the
    /// change commits it (a day later), which changes no file under content/.
    Commit(&'static str),
}

/// Where the watched document lives for a page kind: its file and its page.
fn watched(kind: PageKind) -> (&'static str, &'static str, &'static str) {
    match kind {
        PageKind::Actor => (
            "content/actors/w.md",
            "actors/w/index.html",
            "kind: person\n",
        ),
        PageKind::Source => (
            "content/sources/w.md",
            "sources/w/index.html",
            "kind: article\n",
        ),
        PageKind::Note | PageKind::Home => ("content/notes/w.md", "notes/w/index.html", ""),
    }
}

fn note(title: &str, front: &str, body: &str) -> String {
    format!("---\ntitle: {title}\n{front}---\n\n{body}\n")
}

type Files = Vec<(&'static str, String)>;
type Edit = (&'static str, &'static str, &'static str);

fn add(files: &mut Files, path: &'static str, text: String) {
    files.push((path, text));
}

fn actor(title: &str, more: &str) -> String {
    note(title, &format!("kind: person\n{more}"), "Text.")
}

fn source(title: &str) -> String {
    note(title, "kind: article\npublisher: Verlag P\n", "Text.")
}

/// The scenario that shows `reader` needs `read`.
fn scenario(reader: Reader, read: Read) -> Scenario {
    let mut files = vec![(
        "site.toml",
        "title = \"Test\"\nbase_url = \"https://example.org/\"\nlanguage = \"de\"\n".to_owned(),
    )];
    // a theme whose document pages show everything their view holds: what a page reads is
    // what its view gives the templates, whichever templates a dossier has
    for template in [
        "templates/note.html",
        "templates/actor.html",
        "templates/source.html",
    ] {
        files.push((template, "{{ __tera_context | safe }}".to_owned()));
    }
    let (edit, page) = match reader {
        Reader::Page(kind) => page_scenario(kind, read, &mut files),
        Reader::Entry => entry_scenario(read, &mut files),
        Reader::Event => event_scenario(read, &mut files),
    };
    let edit = match read {
        Read::History => Change::Commit(edit.0),
        _ => Change::Replace(edit),
    };
    Scenario { files, page, edit }
}

/// The watched note's front matter and body for a page scenario of `read`.
fn watched_note(read: Read) -> (&'static str, &'static str) {
    match read {
        Read::Document => ("", "Erster Stand."),
        Read::Links => ("", "Siehe [[t]]."),
        Read::Citations => ("", "Belegt[@s]."),
        Read::Embeds => ("", "![[e]]"),
        Read::Entries(DocList::Actors) => ("actors: [a]\n", "Text."),
        Read::Entries(DocList::Sources) => ("sources: [s]\n", "Text."),
        Read::Entries(DocList::RelationSources) => (
            "relations:\n  - {to: a, type: Partner, sources: [s]}\n",
            "Text.",
        ),
        Read::Entries(DocList::ClaimSources) => (
            "claims:\n  - {text: Eine Aussage., status: confirmed, sources: [s]}\n",
            "Text.",
        ),
        Read::Events(EventList::ClaimEvents) => (
            "claims:\n  - {text: Eine Aussage., status: confirmed, events: [e1]}\n",
            "Text.",
        ),
        Read::Network => ("relations:\n  - {to: a, type: Partner}\n", "Text."),
        _ => ("", "Text."),
    }
}

/// A document page of `kind` that shows `read`: the edit, and the page.
fn page_scenario(kind: PageKind, read: Read, files: &mut Files) -> (Edit, &'static str) {
    let (file, page, kind_line) = watched(kind);
    let (front, body) = watched_note(read);
    add(files, file, note("W", &format!("{kind_line}{front}"), body));
    let edit = match read {
        Read::Document => (file, "Erster Stand.", "Zweiter Stand."),
        Read::Links => {
            add(files, "content/notes/t.md", note("T alt", "", "Text."));
            ("content/notes/t.md", "T alt", "T neu")
        }
        Read::Citations => {
            add(files, "content/sources/s.md", source("S"));
            ("content/sources/s.md", "Verlag P", "Verlag Q")
        }
        Read::Embeds => {
            add(
                files,
                "content/notes/e.md",
                note("E", "", "Eingebettet, alt."),
            );
            ("content/notes/e.md", "alt.", "neu.")
        }
        Read::Entries(DocList::Actors) => {
            add(files, "content/actors/a.md", actor("A alt", ""));
            ("content/actors/a.md", "A alt", "A neu")
        }
        Read::Entries(DocList::Sources | DocList::ClaimSources) => {
            add(files, "content/sources/s.md", source("S alt"));
            ("content/sources/s.md", "S alt", "S neu")
        }
        Read::Entries(DocList::RelationSources) => {
            add(files, "content/actors/a.md", actor("A", ""));
            add(files, "content/sources/s.md", source("S alt"));
            ("content/sources/s.md", "S alt", "S neu")
        }
        Read::Entries(DocList::ActorNotes) => {
            add(
                files,
                "content/notes/n.md",
                note("N alt", "actors: [w]\n", "Text."),
            );
            ("content/notes/n.md", "N alt", "N neu")
        }
        Read::Referrers(ReferrerList::Backlinks) => {
            add(files, "content/notes/b.md", note("B alt", "", "Zu [[w]]."));
            ("content/notes/b.md", "B alt", "B neu")
        }
        Read::Referrers(ReferrerList::CitedBy) => {
            add(files, "content/notes/n.md", note("N alt", "", "Laut[@w]."));
            ("content/notes/n.md", "N alt", "N neu")
        }
        Read::IncomingRelations => {
            // within one year: the network drawing shows a relation's years, the list of
            // relations its month
            let relation = "relations:\n  - {to: w, type: Partner, from: 2019-03}\n";
            add(files, "content/actors/a.md", actor("A", relation));
            ("content/actors/a.md", "from: 2019-03", "from: 2019-04")
        }
        Read::Events(list) => {
            let actors = match list {
                EventList::ActorEvents => "  actors: [w]\n",
                EventList::ClaimEvents => "",
            };
            let events = format!("- id: e1\n  date: 2020-01-02\n  title: Ereignis alt\n{actors}");
            add(files, "content/timeline/events.yaml", events);
            (
                "content/timeline/events.yaml",
                "Ereignis alt",
                "Ereignis neu",
            )
        }
        Read::Network => {
            add(files, "content/actors/a.md", actor("A", ""));
            ("content/actors/a.md", "kind: person", "kind: state")
        }
        // the page's own file, committed (see `Change::Commit`)
        Read::History => (file, "", ""),
        Read::Entries(list) => panic!("no page scenario for the list {list:?}"),
    };
    (edit, page)
}

/// A list entry shows on the index of its section, made from the kept views.
fn entry_scenario(read: Read, files: &mut Files) -> (Edit, &'static str) {
    let (summary, edit) = match read {
        Read::Document => ("Kurz, alt.", ("content/notes/w.md", "alt.", "neu.")),
        Read::Links => ("Siehe [[t]].", ("content/notes/t.md", "T alt", "T neu")),
        Read::Citations => ("Laut[@s].", ("content/sources/s.md", "S alt", "S neu")),
        Read::Embeds => ("![[e]]", ("content/notes/e.md", "alt.", "neu.")),
        other => panic!("no list entry scenario for {other:?}"),
    };
    add(
        files,
        "content/notes/w.md",
        note("W", &format!("summary: \"{summary}\"\n"), "Text."),
    );
    add(files, "content/notes/t.md", note("T alt", "", "Text."));
    add(files, "content/sources/s.md", source("S alt"));
    add(
        files,
        "content/notes/e.md",
        note("E", "", "Eingebettet, alt."),
    );
    (edit, "notes/index.html")
}

/// An event's view shows on the timeline, made from the kept views.
fn event_scenario(read: Read, files: &mut Files) -> (Edit, &'static str) {
    let (line, edit) = match read {
        Read::Links => (
            "  summary: Siehe [[t]].\n",
            ("content/notes/t.md", "T alt", "T neu"),
        ),
        Read::Citations => (
            "  summary: Laut[@s].\n",
            ("content/sources/s.md", "S alt", "S neu"),
        ),
        Read::Embeds => (
            "  summary: \"![[e]]\"\n",
            ("content/notes/e.md", "alt.", "neu."),
        ),
        Read::Entries(DocList::EventActors) => {
            ("  actors: [a]\n", ("content/actors/a.md", "A alt", "A neu"))
        }
        Read::Entries(DocList::EventSources) => (
            "  sources: [s]\n",
            ("content/sources/s.md", "S alt", "S neu"),
        ),
        other => panic!("no event scenario for {other:?}"),
    };
    let events = format!("- id: e1\n  date: 2020-01-02\n  title: Ereignis\n{line}");
    add(files, "content/timeline/events.yaml", events);
    add(files, "content/notes/t.md", note("T alt", "", "Text."));
    add(files, "content/sources/s.md", source("S alt"));
    add(
        files,
        "content/notes/e.md",
        note("E", "", "Eingebettet, alt."),
    );
    add(files, "content/actors/a.md", actor("A alt", ""));
    (edit, "timeline/index.html")
}

fn options(root: &Path) -> BuildOptions {
    BuildOptions {
        root: root.to_path_buf(),
        overrides: Overrides {
            base_url: Some("http://127.0.0.1:1111/".to_owned()),
            no_search: true,
            ..Overrides::default()
        },
        budget: Default::default(),
    }
}

/// The page as a full build makes it.
fn full_build(root: &Path, page: &str) -> Vec<u8> {
    let sink = MemorySink::default();
    if let Err(failure) = crate::build::build_into(&options(root), &sink) {
        panic!("build failed: {:?}", failure.diagnostics);
    }
    let site = sink.finish();
    match site.get(page) {
        Some(bytes) => bytes.to_vec(),
        None => panic!("no page {page}; the site has {:?}", site.paths()),
    }
}

/// The page as `session` makes it after `changed`.
fn serve_build(session: &mut Session, changed: &[PathBuf], page: &str) -> Vec<u8> {
    let mut last = None;
    if let Err(failure) = session.rebuild(changed, &mut |site| last = Some(site)) {
        panic!("rebuild failed: {:?}", failure.diagnostics);
    }
    let site = last.expect("a good build publishes its site");
    site.get(page).map(|b| b.to_vec()).unwrap_or_default()
}

/// Whether `serve`, going by the whole declaration and by it without `read` for `reader`,
/// shows the scenario's edit: (with it, without it).
fn run(reader: Reader, read: Read) -> (bool, bool) {
    let Scenario { files, page, edit } = scenario(reader, read);
    let dir = tempfile::tempdir().expect("temporary folder");
    let root = dir.path();
    for (path, text) in &files {
        let path = root.join(path);
        std::fs::create_dir_all(path.parent().expect("a folder")).expect("folder");
        std::fs::write(path, text).expect("write");
    }
    if let Change::Commit(file) = edit {
        git(root, &["init", "-q"], "2024-01-01T10:00:00+00:00");
        git(root, &["add", "-A"], "2024-01-01T10:00:00+00:00");
        git(
            root,
            &["commit", "-q", "-m", "Start"],
            "2024-01-01T10:00:00+00:00",
        );
        let text = std::fs::read_to_string(root.join(file)).expect("read");
        std::fs::write(root.join(file), format!("{text}\nNachtrag.\n")).expect("write");
    }
    let before = full_build(root, page);
    let declared = Declaration::default();
    let mut whole = Session::with_declaration(options(root), declared.clone());
    let mut lacking = Session::with_declaration(options(root), declared.without(reader, read));
    serve_build(&mut whole, &[], page);
    serve_build(&mut lacking, &[], page);

    // what the watcher reports: the file written, or for a commit git's log of `HEAD`
    let (file, reported) = match edit {
        Change::Replace((file, from, to)) => {
            let text = std::fs::read_to_string(root.join(file)).expect("read");
            assert!(
                text.contains(from),
                "{reader:?} {read:?}: {file} has no `{from}`"
            );
            std::fs::write(root.join(file), text.replacen(from, to, 1)).expect("write");
            (file, file)
        }
        Change::Commit(file) => {
            let date = "2024-01-02T10:00:00+00:00";
            git(root, &["commit", "-q", "-a", "-m", "Nachtrag"], date);
            (file, super::watch::HEAD_LOG)
        }
    };
    let after = full_build(root, page);
    assert!(
        before != after,
        "{reader:?} {read:?}: editing {file} does not change {page} in a full build"
    );
    let changed = [PathBuf::from(reported)];
    (
        serve_build(&mut whole, &changed, page) == after,
        serve_build(&mut lacking, &changed, page) == after,
    )
}

#[test]
fn every_declared_read_is_needed_and_enough() {
    let declared = Declaration::default();
    let mut problems = Vec::new();
    for reader in Reader::ALL {
        for &read in declared.of(reader) {
            match run(reader, read) {
                (true, false) => {}
                (false, _) => problems.push(format!(
                    "{reader:?} {read:?}: serve leaves the page stale with the whole declaration"
                )),
                (true, true) => problems.push(format!(
                    "{reader:?} {read:?}: without it serve still shows the edit (not needed?)"
                )),
            }
        }
    }
    assert!(problems.is_empty(), "{problems:#?}");
}
