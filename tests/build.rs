//! End-to-end builds of small fixture dossiers: pages, links, dates, escaping, exports.

mod common;

use common::*;

#[test]
fn minimal_dossier_builds_a_complete_site_without_a_theme_of_its_own() {
    let dir = copy_fixture("minimal");
    let summary = build(dir.path());
    assert_eq!(
        (
            summary.actors,
            summary.notes,
            summary.sources,
            summary.events
        ),
        (2, 2, 1, 4)
    );
    for path in [
        "index.html",
        "actors/index.html",
        "actors/tokajew/index.html",
        "notes/index.html",
        "notes/oel-und-pipelines/index.html",
        "sources/paz/index.html",
        "timeline/index.html",
        "tags/index.html",
        "tags/energie/index.html",
        "404.html",
        "sitemap.xml",
        "atom.xml",
        "robots.txt",
        ".nojekyll",
        "data/timeline.json",
        "data/actors.json",
        "dossier.css",
        "favicon.svg",
    ] {
        assert!(
            dir.path().join("public").join(path).is_file(),
            "missing {path}"
        );
    }
    assert!(read(dir.path(), "index.html").contains("href=\"/repo/dossier.css\""));
}

#[test]
fn note_page_snapshot() {
    let dir = copy_fixture("minimal");
    build(dir.path());
    insta::assert_snapshot!(main_of(&read(
        dir.path(),
        "notes/oel-und-pipelines/index.html"
    )));
}

#[test]
fn actor_page_snapshot() {
    let dir = copy_fixture("minimal");
    build(dir.path());
    insta::assert_snapshot!(main_of(&read(dir.path(), "actors/tokajew/index.html")));
}

#[test]
fn source_page_snapshot() {
    let dir = copy_fixture("minimal");
    build(dir.path());
    insta::assert_snapshot!(main_of(&read(dir.path(), "sources/paz/index.html")));
}

#[test]
fn timeline_page_snapshot() {
    let dir = copy_fixture("minimal");
    build(dir.path());
    insta::assert_snapshot!(main_of(&read(dir.path(), "timeline/index.html")));
}

#[test]
fn title_comes_from_the_first_heading_and_is_not_repeated() {
    let dir = copy_fixture("minimal");
    build(dir.path());
    let html = read(dir.path(), "notes/oel-und-pipelines/index.html");
    assert!(html.contains("<title>Öl und Pipelines – Testdossier</title>"));
    assert_eq!(main_of(&html).matches("Öl und Pipelines").count(), 1);
}

#[test]
fn wikilinks_in_code_stay_literal() {
    let dir = copy_fixture("minimal");
    build(dir.path());
    let html = read(dir.path(), "notes/oel-und-pipelines/index.html");
    assert!(html.contains("<code>[[nicht-aufgeloest]]</code>"));
    assert!(html.contains("[[auch-nicht]]"));
}

#[test]
fn links_carry_the_base_path_and_anchors() {
    let dir = copy_fixture("minimal");
    build(dir.path());
    let home = read(dir.path(), "index.html");
    assert!(home.contains("<a class=\"internal\" href=\"/repo/actors/tokajew/\">Tokajew</a>"));
    assert!(home.contains("href=\"/repo/notes/oel-und-pipelines/\">die Pipelines</a>"));
    let actor = read(dir.path(), "actors/tokajew/index.html");
    assert!(actor.contains("href=\"/repo/notes/oel-und-pipelines/#export\""));
    let note = read(dir.path(), "notes/oel-und-pipelines/index.html");
    assert!(
        note.contains("href=\"/repo/actors/tokajew/\">Tokajew</a>"),
        "relative .md link rewritten"
    );
}

#[test]
fn dates_show_at_their_precision() {
    let dir = copy_fixture("minimal");
    build(dir.path());
    let timeline = read(dir.path(), "timeline/index.html");
    assert!(timeline.contains("<time datetime=\"2022-06-17\">17. Juni 2022</time>"));
    assert!(timeline.contains("<time datetime=\"2022-01\">Januar – Februar 2022</time>"));
    assert!(timeline.contains("<time datetime=\"2019\">2019</time>"));
    // in <main>: the page's JSON-LD in <head> names the events too
    let timeline = &timeline[timeline.find("<main").unwrap_or_default()..];
    let year = timeline.find("id=\"year-2022\"").unwrap_or_default();
    let year_event = timeline.find("Fett").unwrap_or_default();
    let month_event = timeline.find("Ein Monat ohne Tag").unwrap_or_default();
    assert!(
        year < year_event && year_event < month_event,
        "a year sorts before its months"
    );
}

#[test]
fn drafts_are_left_out_unless_asked_for() {
    let dir = copy_fixture("minimal");
    build(dir.path());
    assert!(!dir.path().join("public/notes/entwurf").exists());
    let mut options = options(dir.path());
    options.overrides.drafts = true;
    dossier::build(&options).unwrap_or_else(|f| panic!("{}", render(&f)));
    assert!(dir.path().join("public/notes/entwurf/index.html").is_file());
}

#[test]
fn text_from_front_matter_and_yaml_is_escaped() {
    let dir = copy_fixture("minimal");
    build(dir.path());
    let note = read(dir.path(), "notes/escaping/index.html");
    assert!(!note.contains("<script>alert(1)"));
    assert!(note.contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; Co"));
    let timeline = read(dir.path(), "timeline/index.html");
    assert!(!timeline.contains("<b>Fett</b>"));
    assert!(!timeline.contains("</script><script>"));
    let json = read(dir.path(), "data/timeline.json");
    let parsed: serde_json::Value = serde_json::from_str(&json).expect("valid JSON");
    assert!(parsed["events"].as_array().is_some_and(|e| e.len() == 4));
}

#[test]
fn citations_get_a_numbered_reference_list_and_the_source_lists_its_citers() {
    let dir = copy_fixture("minimal");
    build(dir.path());
    let note = read(dir.path(), "notes/oel-und-pipelines/index.html");
    assert!(note.contains("<a href=\"#ref-1\""));
    assert!(note.contains("id=\"ref-1\""));
    let source = read(dir.path(), "sources/paz/index.html");
    assert!(source.contains("href=\"/repo/notes/oel-und-pipelines/\""));
    assert!(source.contains("href=\"/repo/actors/tokajew/\""));
    assert!(source.contains("status-disputed"));
}

#[test]
fn backlinks_and_actor_events() {
    let dir = copy_fixture("minimal");
    build(dir.path());
    let actor = read(dir.path(), "actors/tokajew/index.html");
    assert!(
        actor.contains("href=\"/repo/timeline/#spief-2022\""),
        "the actor lists its events, linked to their place on the timeline"
    );
    assert!(
        actor.contains("Verweise auf diese Seite"),
        "backlinks from home and events"
    );
    let state = read(dir.path(), "actors/kasachstan/index.html");
    assert!(
        state.contains("Präsident"),
        "incoming relation shown on the target"
    );
}

#[test]
fn timeline_json_keeps_precision() {
    let dir = copy_fixture("minimal");
    build(dir.path());
    let json: serde_json::Value =
        serde_json::from_str(&read(dir.path(), "data/timeline.json")).expect("json");
    let year_only = json["events"]
        .as_array()
        .and_then(|e| e.iter().find(|e| e["text"]["headline"] == "Nur ein Jahr"))
        .cloned();
    let year_only = year_only.expect("event");
    assert_eq!(year_only["start_date"]["year"], 2019);
    assert!(year_only["start_date"].get("month").is_none());
}

#[test]
fn english_dossier_speaks_english() {
    let dir = copy_fixture("english");
    build(dir.path());
    let note = read(dir.path(), "notes/a-note/index.html");
    assert!(note.contains("<html lang=\"en\""));
    assert!(note.contains("17 June 2021"));
    let actor = read(dir.path(), "actors/alice/index.html");
    assert!(actor.contains("<h1>Alice</h1>"));
    assert!(actor.contains("March 1970"));
    assert!(read(dir.path(), "actors/index.html").contains("People"));
}

#[test]
fn two_builds_give_identical_bytes_and_the_second_writes_nothing() {
    let dir = copy_fixture("minimal");
    build(dir.path());
    let first = snapshot_tree(&dir.path().join("public"));
    let summary = build(dir.path());
    assert_eq!(summary.write.written, 0);
    assert_eq!(first, snapshot_tree(&dir.path().join("public")));
    let other = copy_fixture("minimal");
    build(other.path());
    let strip = |files: Vec<(String, Vec<u8>)>| {
        files
            .into_iter()
            .filter(|(p, _)| !p.contains("manifest"))
            .collect::<Vec<_>>()
    };
    assert_eq!(
        strip(first),
        strip(snapshot_tree(&other.path().join("public")))
    );
}

#[test]
fn base_url_override_changes_every_link() {
    let dir = copy_fixture("minimal");
    let mut options = options(dir.path());
    options.overrides.base_url = Some("https://example.org/kz-ua/".into());
    dossier::build(&options).unwrap_or_else(|f| panic!("{}", render(&f)));
    let home = read(dir.path(), "index.html");
    assert!(home.contains("href=\"/kz-ua/actors/tokajew/\""));
    assert!(!home.contains("/repo/"));
}

#[test]
fn unlabelled_wikilinks_by_file_name_show_the_title() {
    let dir = dossier(&[
        ("site.toml", SITE),
        (
            "content/actors/tokajew.md",
            "---\ntitle: Kassym-Jomart Tokajew\n---\n",
        ),
        (
            "content/notes/a.md",
            "---\ntitle: A\n---\n[[tokajew]], [[actors/tokajew]], [[Tokajew]], [[tokajew|er]].\n",
        ),
    ]);
    build(dir.path());
    let html = read(dir.path(), "notes/a/index.html");
    let link = |text: &str| format!("href=\"/r/actors/tokajew/\">{text}</a>");
    assert_eq!(
        html.matches(&link("Kassym-Jomart Tokajew")).count(),
        2,
        "{html}"
    );
    assert!(html.contains(&link("Tokajew")), "words as typed stay");
    assert!(html.contains(&link("er")), "labels stay");
}
