//! What the site gives a reader beyond its pages: the data of the link previews
//! (`data/previews.json`), and relations graphs that say what they show (a line style and
//! colour per relation family with a legend, each relation a link with its type, and a year
//! filter for the dated ones). Built from `tests/fixtures/reader`.

mod common;

use std::collections::BTreeSet;

use common::*;

/// The text between `start` (included) and the first `end` after it (included).
fn between<'a>(text: &'a str, start: &str, end: &str) -> &'a str {
    let from = text.find(start).unwrap_or_else(|| panic!("no {start}"));
    let to = text[from..]
        .find(end)
        .unwrap_or_else(|| panic!("no {end} after {start}"));
    &text[from..from + to + end.len()]
}

/// A figure with its drawing left out: the legend and the year filter, which the snapshots are
/// about (the drawing has tests of its own).
fn figure_without_drawing(html: &str, figure: &str) -> String {
    let figure = between(html, figure, "</figure>");
    let drawing = between(figure, "<div class=\"graph-frame\">", "</svg></div>");
    figure.replace(drawing, "<div class=\"graph-frame\">…</div>")
}

/// The values of `attribute` on the elements that start with `tag` (`<a class="rel `).
fn attributes<'a>(html: &'a str, tag: &str, attribute: &str) -> Vec<&'a str> {
    html.split(tag)
        .skip(1)
        .map(|element| {
            let element = &element[..element.find('>').unwrap_or(element.len())];
            element
                .split(&format!(" {attribute}=\""))
                .nth(1)
                .and_then(|value| value.split('"').next())
                .unwrap_or("")
        })
        .collect()
}

#[test]
fn previews_json_snapshot() {
    let dir = copy_fixture("reader");
    build(dir.path());
    let text = read(dir.path(), "data/previews.json");
    assert_eq!(text.lines().count(), 1, "compact: one line");
    let json: serde_json::Value = serde_json::from_str(&text).expect("previews.json is JSON");
    insta::assert_snapshot!(serde_json::to_string_pretty(&json).expect("printed"));
}

#[test]
fn every_link_to_an_actor_note_source_or_event_has_a_preview() {
    let dir = copy_fixture("reader");
    build(dir.path());
    let json: serde_json::Value =
        serde_json::from_str(&read(dir.path(), "data/previews.json")).expect("JSON");
    let pages = json["pages"].as_object().expect("pages");
    let mut linked: BTreeSet<String> = BTreeSet::new();
    for entry in walkdir::WalkDir::new(dir.path().join("public")) {
        let entry = entry.expect("entry");
        if entry.path().extension().is_none_or(|e| e != "html") {
            continue;
        }
        let html = std::fs::read_to_string(entry.path()).expect("page");
        for href in attributes(&main_of(&html), "<a ", "href") {
            let Some(path) = href.strip_prefix("/repo/") else {
                continue;
            };
            let page = ["actors/", "notes/", "sources/"]
                .iter()
                .any(|section| path.starts_with(section) && path.len() > section.len());
            if page || path.starts_with("timeline/#") {
                let key = if page { path.split('#').next() } else { None };
                linked.insert(key.unwrap_or(path).to_owned());
            }
        }
    }
    assert!(linked.contains("timeline/#wahl-2019"), "{linked:?}");
    assert!(linked.contains("sources/agentur/"), "{linked:?}");
    let missing: Vec<&String> = linked.iter().filter(|l| !pages.contains_key(*l)).collect();
    assert!(missing.is_empty(), "no preview for {missing:?}");
}

#[test]
fn graph_page_legend_and_year_filter_snapshot() {
    let dir = copy_fixture("reader");
    build(dir.path());
    let html = read(dir.path(), "graph/index.html");
    insta::assert_snapshot!(figure_without_drawing(
        &html,
        "<figure class=\"graph-figure network\">"
    ));
    assert!(html.contains("<script src=\"/repo/graph.js\" defer></script>"));
}

#[test]
fn neighbourhood_legend_snapshot() {
    let dir = copy_fixture("reader");
    build(dir.path());
    let html = read(dir.path(), "actors/anna/index.html");
    insta::assert_snapshot!(figure_without_drawing(
        &html,
        "<figure class=\"graph-figure neighbourhood\""
    ));
}

#[test]
fn each_relation_is_drawn_in_its_family_and_links_to_its_row() {
    let dir = copy_fixture("reader");
    build(dir.path());
    let html = read(dir.path(), "graph/index.html");
    let svg = between(&html, "<svg xmlns", "</svg>");
    let classes = attributes(svg, "<a class=\"rel ", "data-nodes");
    assert_eq!(classes.len(), 9, "one link per relation");
    let mut drawn: Vec<&str> = svg
        .split("<a class=\"rel fam-")
        .skip(1)
        .filter_map(|a| a.split('"').next())
        .collect();
    drawn.sort_unstable();
    drawn.dedup();
    let legend = between(&html, "<div class=\"relation-legend\">", "</div>");
    let mut listed: Vec<&str> = legend
        .split("<li class=\"fam-")
        .skip(1)
        .filter_map(|li| li.split('"').next())
        .collect();
    listed.sort_unstable();
    assert_eq!(drawn, listed, "the legend names exactly the families drawn");
    assert_eq!(
        listed,
        [
            "alliance",
            "conflict",
            "diplomacy",
            "economy",
            "membership",
            "office",
            "other"
        ]
    );
    // every line leads to its row in the list, which carries the same years
    let list = between(&html, "<ul class=\"relation-list\">", "</ul>");
    for relation in svg.split("<a class=\"rel ").skip(1) {
        let relation = &relation[..relation.find('>').expect("tag end")];
        let href = attributes(&format!("<a {relation}>"), "<a ", "href")[0].to_owned();
        let anchor = href
            .strip_prefix("/repo/graph/#")
            .unwrap_or_else(|| panic!("{href}"));
        let row = between(list, &format!("<li id=\"{anchor}\""), ">");
        for years in ["data-since", "data-until"] {
            let in_drawing = relation.split(&format!("{years}=\"")).nth(1);
            let in_row = row.split(&format!("{years}=\"")).nth(1);
            assert_eq!(
                in_drawing.map(|v| v.split('"').next()),
                in_row.map(|v| v.split('"').next()),
                "{anchor} {years}"
            );
        }
    }
    assert!(svg.contains("<title>Anna Beispiel — Botschafterin — Staat C (2012–2016)</title>"));
    let options = between(&html, "<select id=\"network-year\">", "</select>");
    assert!(options.contains("<option>1992</option>") && options.contains("<option>2022</option>"));
    assert!(
        !options.contains("<option>1991</option>") && !options.contains("<option>2023</option>")
    );
}

/// The line without the `, key: value` of an inline YAML map.
fn without_key(line: &str, key: &str) -> String {
    let Some(start) = line.find(&format!(", {key}: ")) else {
        return line.to_owned();
    };
    let rest = &line[start + 2..];
    let end = rest.find([',', '}']).unwrap_or(rest.len());
    format!("{}{}", &line[..start], &rest[end..])
}

#[test]
fn without_dated_relations_there_is_no_year_filter() {
    let dir = copy_fixture("reader");
    for actor in ["anna", "staat-b", "staat-c"] {
        let path = dir.path().join(format!("content/actors/{actor}.md"));
        let text = std::fs::read_to_string(&path).expect("actor");
        let undated: Vec<String> = text
            .lines()
            .map(|line| without_key(&without_key(line, "from"), "until"))
            .collect();
        std::fs::write(&path, undated.join("\n") + "\n").expect("write");
    }
    build(dir.path());
    let html = read(dir.path(), "graph/index.html");
    assert!(!html.contains("data-since") && !html.contains("data-until"));
    assert!(!html.contains("year-filter"));
    assert!(html.contains("class=\"relation-legend\""));
    let actor = read(dir.path(), "actors/anna/index.html");
    assert!(!actor.contains("year-filter"));
    assert!(actor.contains("class=\"relation-legend\""));
}
