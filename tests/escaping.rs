//! Text from front matter, timeline YAML, site.toml and file names is HTML-escaped wherever a
//! page or feed shows it, and JSON-escaped (not HTML-escaped twice) in the data exports.
//!
//! The hostile text goes only into plain-text fields; Markdown fields (bodies, summaries, claim
//! texts) may hold HTML on purpose, as CommonMark allows.

mod common;

use std::path::Path;

use common::*;

const PAYLOAD: &str = "</script><script>alert(1)</script>";
const PAYLOAD_ESCAPED: &str = "&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;";

/// `Böse </script>… "Q" & A` as written, and as it must appear in HTML.
fn hostile(word: &str) -> String {
    format!("{word} {PAYLOAD} \"Q\" & A")
}

fn hostile_html(word: &str) -> String {
    format!("{word} {PAYLOAD_ESCAPED} &quot;Q&quot; &amp; A")
}

/// YAML single quotes: the double quotes and `&` stay as they are.
fn yaml(text: &str) -> String {
    format!("'{text}'")
}

/// A note whose title comes from its file name, which carries markup, quotes and an ampersand.
const FILE_NAME_TITLE: &str = "Notiz <b> & \"x\"";
const FILE_NAME_TITLE_HTML: &str = "Notiz &lt;b&gt; &amp; &quot;x&quot;";

fn hostile_dossier() -> tempfile::TempDir {
    let site = format!(
        "title = {:?}\ndescription = {:?}\nbase_url = \"https://example.org/r/\"\nlanguage = \"de\"\n",
        hostile("Dossier"),
        hostile("Beschreibung"),
    );
    let actor = format!(
        "---\ntitle: {}\nkind: person\naliases: [{}]\ntags: [{}]\nrelations:\n  - {{to: gut, type: {}}}\n---\nText.\n",
        yaml(&hostile("Böse")),
        yaml(&hostile("Alias")),
        yaml(&hostile("Schlagwort")),
        yaml(&hostile("Beziehung")),
    );
    let source = format!(
        "---\ntitle: {}\npublisher: {}\nauthor: {}\n---\n",
        yaml(&hostile("Quelle")),
        yaml(&hostile("Verlag")),
        yaml(&hostile("Autorin")),
    );
    let note = format!(
        "---\ntitle: {}\ndate: 2024-05-01\n---\nSiehe [[{}]] und [@quelle].\n",
        yaml(&hostile("Notiz")),
        hostile("Alias"),
    );
    let events = format!(
        "- id: ereignis\n  date: 2022-06-17\n  title: {}\n  place: {}\n  actors: [boese]\n  sources: [quelle]\n  tags: [{}]\n",
        yaml(&hostile("Ereignis")),
        yaml(&hostile("Ort")),
        yaml(&hostile("Schlagwort")),
    );
    let dir = dossier(&[
        ("site.toml", &site),
        ("content/actors/boese.md", &actor),
        (
            "content/actors/gut.md",
            "---\ntitle: Gut\nkind: state\n---\n",
        ),
        ("content/sources/quelle.md", &source),
        ("content/notes/notiz.md", &note),
        ("content/timeline/t.yaml", &events),
    ]);
    if cfg!(unix) {
        // such names are not allowed on Windows
        write(
            dir.path(),
            &format!("content/notes/{FILE_NAME_TITLE}.md"),
            "Ohne Titel.\n",
        );
    }
    build(dir.path());
    dir
}

/// Every page and feed of the output, by path.
fn html_and_xml(root: &Path) -> Vec<(String, String)> {
    snapshot_tree(&root.join("public"))
        .into_iter()
        .filter(|(path, _)| path.ends_with(".html") || path.ends_with(".xml"))
        .map(|(path, bytes)| (path, String::from_utf8(bytes).expect("UTF-8 output")))
        .collect()
}

fn json(root: &Path, path: &str) -> serde_json::Value {
    serde_json::from_str(&read(root, path)).unwrap_or_else(|e| panic!("{path} is not JSON: {e}"))
}

#[test]
fn no_page_or_feed_carries_the_raw_markup() {
    let dir = hostile_dossier();
    let files = html_and_xml(dir.path());
    assert!(files.len() > 10, "{files:?}");
    for (path, text) in &files {
        assert!(
            !text.contains("<script>alert(1)"),
            "{path} runs the payload"
        );
        assert!(
            !text.contains("<b> &"),
            "{path} shows a file name unescaped"
        );
    }
}

#[test]
fn nothing_is_escaped_twice() {
    let dir = hostile_dossier();
    for (path, text) in html_and_xml(dir.path()) {
        for twice in ["&amp;amp;", "&amp;lt;", "&amp;gt;", "&amp;quot;"] {
            assert!(!text.contains(twice), "{path} holds {twice}");
        }
    }
}

#[test]
fn actor_titles_aliases_tags_and_relation_types_are_escaped() {
    let dir = hostile_dossier();
    let actor = read(dir.path(), "actors/boese/index.html");
    for word in ["Böse", "Alias", "Beziehung"] {
        assert!(
            actor.contains(&hostile_html(word)),
            "{word} on the actor page"
        );
    }
    let target = read(dir.path(), "actors/gut/index.html");
    assert!(
        target.contains(&hostile_html("Beziehung")),
        "incoming relation"
    );
    let tags = read(dir.path(), "tags/index.html");
    assert!(tags.contains(&hostile_html("Schlagwort")), "the tag list");
}

#[test]
fn event_titles_and_places_are_escaped_on_the_timeline() {
    let dir = hostile_dossier();
    let timeline = read(dir.path(), "timeline/index.html");
    assert!(timeline.contains(&hostile_html("Ereignis")));
    assert!(timeline.contains(&hostile_html("Ort")));
}

#[test]
fn source_fields_are_escaped() {
    let dir = hostile_dossier();
    let source = read(dir.path(), "sources/quelle/index.html");
    for word in ["Quelle", "Verlag", "Autorin"] {
        assert!(source.contains(&hostile_html(word)), "{word}");
    }
}

#[test]
fn site_title_and_note_titles_are_escaped_in_head_and_feed() {
    let dir = hostile_dossier();
    let note = read(dir.path(), "notes/notiz/index.html");
    let title = format!(
        "<title>{} – {}</title>",
        hostile_html("Notiz"),
        hostile_html("Dossier")
    );
    assert!(note.contains(&title), "{note}");
    let feed = read(dir.path(), "atom.xml");
    assert!(feed.contains(&format!("<title>{}</title>", hostile_html("Dossier"))));
    assert!(feed.contains(&format!(
        "<subtitle>{}</subtitle>",
        hostile_html("Beschreibung")
    )));
    assert!(feed.contains(&format!("<title>{}</title>", hostile_html("Notiz"))));
}

#[cfg(unix)]
#[test]
fn a_title_taken_from_the_file_name_is_escaped() {
    let dir = hostile_dossier();
    let page = std::fs::read_dir(dir.path().join("public/notes"))
        .expect("notes/")
        .filter_map(Result::ok)
        .map(|e| e.path().join("index.html"))
        .find(|p| std::fs::read_to_string(p).is_ok_and(|t| t.contains("Ohne Titel.")))
        .expect("the page of the note named by its file");
    let html = std::fs::read_to_string(page).expect("read");
    assert!(
        html.contains(&format!("<h1>{FILE_NAME_TITLE_HTML}</h1>")),
        "{html}"
    );
    let list = read(dir.path(), "notes/index.html");
    assert!(list.contains(FILE_NAME_TITLE_HTML));
}

#[test]
fn actors_json_carries_the_exact_text() {
    let dir = hostile_dossier();
    let data = json(dir.path(), "data/actors.json");
    let actor = data["actors"]
        .as_array()
        .and_then(|a| a.iter().find(|a| a["slug"] == "boese"))
        .expect("the actor in actors.json");
    assert_eq!(actor["title"], hostile("Böse"));
    assert_eq!(actor["aliases"][0], hostile("Alias"));
    assert_eq!(actor["tags"][0], hostile("Schlagwort"));
    assert_eq!(actor["relations"][0]["type"], hostile("Beziehung"));
}

#[test]
fn timeline_json_is_valid_json_with_every_event() {
    let dir = hostile_dossier();
    let data = json(dir.path(), "data/timeline.json");
    let events = data["events"].as_array().expect("events");
    assert_eq!(events.len(), 1);
    assert_eq!(events[0]["unique_id"], "ereignis");
}

/// TimelineJS puts `text.headline` and the `group` label into the page with `innerHTML` (as it
/// does `text.text`, which the export already fills with HTML), so text must arrive there
/// HTML-escaped.
#[test]
fn timeline_json_headlines_and_groups_are_html_as_timelinejs_expects() {
    let dir = hostile_dossier();
    let data = json(dir.path(), "data/timeline.json");
    let event = &data["events"][0];
    assert_eq!(event["text"]["headline"], hostile_html("Ereignis"));
    assert_eq!(event["group"], hostile_html("Schlagwort"));
    assert_eq!(data["title"]["text"]["headline"], hostile_html("Dossier"));
}
