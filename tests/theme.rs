//! The default theme's promises that hold without a browser: the Content-Security-Policy and
//! what it forbids, structured data that cannot be broken out of, the search index in the
//! output, the relations graph, and the printable page. (What only a browser shows is tested by
//! `scripts/e2e`.)

mod common;

use std::collections::BTreeMap;
use std::path::Path;

use common::*;

/// Every HTML file of a built site, by path.
fn html_pages(output: &Path) -> BTreeMap<String, String> {
    walkdir::WalkDir::new(output)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "html"))
        .map(|e| {
            let path = e
                .path()
                .strip_prefix(output)
                .expect("inside")
                .to_string_lossy()
                .into_owned();
            (path, std::fs::read_to_string(e.path()).expect("read page"))
        })
        .collect()
}

/// The text of each `<script …>` element's start tag and body.
fn scripts(html: &str) -> Vec<(String, String)> {
    let mut found = Vec::new();
    let mut rest = html;
    while let Some(start) = rest.find("<script") {
        let after = &rest[start..];
        let tag_end = after.find('>').expect("script tag ends");
        let body_end = after.find("</script>").expect("script closes");
        found.push((
            after[..tag_end + 1].to_owned(),
            after[tag_end + 1..body_end].to_owned(),
        ));
        rest = &after[body_end + "</script>".len()..];
    }
    found
}

#[test]
fn every_page_has_the_policy_and_nothing_it_would_refuse() {
    let dir = built_fixture();
    let pages = html_pages(&dir.path().join("public"));
    assert!(pages.len() > 10);
    for (path, html) in &pages {
        assert!(
            html.contains("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self';"),
            "{path}: no Content-Security-Policy"
        );
        assert!(!html.contains(" style=\""), "{path}: a style attribute");
        assert!(!html.contains("<style"), "{path}: a <style> element");
        for (tag, body) in scripts(html) {
            let data = tag.contains("type=\"application/ld+json\"");
            assert!(
                data || (tag.contains(" src=\"/repo/") && body.is_empty()),
                "{path}: an inline script: {tag}"
            );
        }
        assert!(
            !html.contains(" src=\"http") && !html.contains("stylesheet\" href=\"http"),
            "{path}: a resource from another origin"
        );
    }
}

#[test]
fn structured_data_is_json_that_text_cannot_break_out_of() {
    let dir = built_fixture();
    let note = read(dir.path(), "notes/escaping/index.html");
    let blocks: Vec<(String, String)> = scripts(&note)
        .into_iter()
        .filter(|(tag, _)| tag.contains("application/ld+json"))
        .collect();
    assert_eq!(blocks.len(), 1, "one JSON-LD block");
    let text = &blocks[0].1;
    assert!(!text.contains('<') && !text.contains('>'), "{text}");
    let value: serde_json::Value = serde_json::from_str(text).expect("JSON");
    assert_eq!(value["@type"], "Article");
    assert_eq!(value["headline"], "<script>alert(1)</script> & Co");
    assert_eq!(
        value["url"],
        "https://example.github.io/repo/notes/escaping/"
    );

    let json_of = |path: &str| -> serde_json::Value {
        let html = read(dir.path(), path);
        let (_, body) = scripts(&html)
            .into_iter()
            .find(|(tag, _)| tag.contains("application/ld+json"))
            .unwrap_or_else(|| panic!("{path}: no JSON-LD"));
        serde_json::from_str(&body).expect("JSON")
    };
    let actor = json_of("actors/tokajew/index.html");
    assert_eq!(actor["@type"], "Person");
    assert_eq!(actor["birthDate"], "1953-05-17");
    assert_eq!(json_of("actors/kasachstan/index.html")["@type"], "Country");
    assert_eq!(json_of("index.html")["@type"], "WebSite");
    let timeline = json_of("timeline/index.html");
    assert_eq!(timeline["@type"], "ItemList");
    let first = &timeline["itemListElement"][0]["item"];
    assert_eq!(first["@type"], "Event");
    assert_eq!(first["startDate"], "2019", "a date keeps its precision");
}

#[test]
fn the_search_index_is_part_of_the_output() {
    let dir = built_fixture();
    let public = dir.path().join("public");
    for file in [
        "pagefind/pagefind.js",
        "pagefind/pagefind-worker.js",
        "pagefind/wasm.de.pagefind",
        "pagefind/pagefind-entry.json",
    ] {
        assert!(public.join(file).is_file(), "no {file}");
    }
    let manifest = read(dir.path(), ".dossier-manifest.json");
    assert!(
        manifest.contains("pagefind/pagefind.js"),
        "the manifest lists the index"
    );
    let search = read(dir.path(), "search/index.html");
    assert!(
        search.contains("class=\"index-links\""),
        "the indexes, for readers without JavaScript"
    );
    let home = read(dir.path(), "index.html");
    assert!(home.contains("<a class=\"search-link\" href=\"/repo/search/\""));
    assert!(home.contains("<main id=\"main\" tabindex=\"-1\" data-pagefind-body>"));
    let tags = read(dir.path(), "tags/index.html");
    assert!(
        !tags.contains("data-pagefind-body"),
        "lists are not indexed"
    );
}

#[test]
fn search_can_be_turned_off() {
    let dir = copy_fixture("minimal");
    let site = std::fs::read_to_string(dir.path().join("site.toml")).expect("site.toml");
    write(
        dir.path(),
        "site.toml",
        &format!("{site}\n[search]\nenabled = false\n"),
    );
    build(dir.path());
    let public = dir.path().join("public");
    assert!(!public.join("pagefind").exists());
    assert!(!public.join("search").exists());
    let home = read(dir.path(), "index.html");
    assert!(!home.contains("search-link") && !home.contains("search.js"));
    assert!(!home.contains("data-pagefind-body"));
}

#[test]
fn the_graph_is_drawn_at_build_time() {
    let dir = built_fixture();
    let graph = read(dir.path(), "graph/index.html");
    assert!(graph.contains("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"actor-graph\""));
    assert!(graph.contains(
        "<a class=\"node kind-person\" href=\"/repo/actors/tokajew/\" data-id=\"tokajew\">"
    ));
    assert!(graph.contains(
        "<a class=\"node kind-state\" href=\"/repo/actors/kasachstan/\" data-id=\"kasachstan\">"
    ));
    assert!(graph.contains("Präsident"), "the relations as a list too");
    let actor = read(dir.path(), "actors/tokajew/index.html");
    assert!(actor.contains(
        "class=\"node kind-person centre\" href=\"/repo/actors/tokajew/\" data-id=\"tokajew\" aria-current=\"page\""
    ));
    let nav = read(dir.path(), "notes/index.html");
    assert!(nav.contains("<a href=\"/repo/graph/\">Beziehungen</a>"));
}

#[test]
fn the_print_page_holds_everything_with_unique_ids_and_local_links() {
    let dir = built_fixture();
    let print = read(dir.path(), "print/index.html");
    for title in [
        "Kassym-Schomart Tokajew",
        "Öl und Pipelines",
        "Ein Dorn im Auge Moskaus",
        "Tokajew beim SPIEF",
    ] {
        assert!(print.contains(title), "{title} is missing");
    }
    let mut ids = std::collections::BTreeSet::new();
    for part in print.split(" id=\"").skip(1) {
        let id = &part[..part.find('"').expect("id ends")];
        assert!(ids.insert(id.to_owned()), "duplicate id {id}");
    }
    let main = &print[print.find("<main").expect("main")..];
    for part in main.split(" href=\"#").skip(1) {
        let target = &part[..part.find('"').expect("href ends")];
        assert!(
            ids.contains(target),
            "a link to #{target}, which is not on the page"
        );
    }
    assert!(
        main.contains("href=\"#doc-actors-tokajew\""),
        "links between documents stay on the page"
    );
    assert!(
        main.contains("href=\"#event-spief-2022\""),
        "links to events too"
    );
    assert!(
        print.contains("<a href=\"/repo/actors/\">"),
        "the site's navigation is untouched"
    );
}

#[test]
fn task_lists_and_aligned_tables_need_no_form_controls_or_inline_styles() {
    let dir = dossier(&[
        (
            "site.toml",
            "title = \"T\"\nbase_url = \"https://example.org/r/\"\n",
        ),
        (
            "content/notes/n.md",
            "---\ntitle: N\n---\n- [x] done\n- [ ] open\n\n| a | b |\n|:--|--:|\n| 1 | 2 |\n",
        ),
    ]);
    build(dir.path());
    let note = read(dir.path(), "notes/n/index.html");
    assert!(!note.contains("<input"), "{note}");
    assert!(note.contains("<span class=\"task task-done\">☑</span> done"));
    assert!(note.contains("<th class=\"align-left\">a</th>"));
    assert!(note.contains("<td class=\"align-right\">2</td>"));
}

/// Each page's `<footer class="site-footer">…</footer>`.
fn footer(html: &str) -> &str {
    let start = html
        .find("<footer class=\"site-footer\">")
        .expect("a footer");
    let end = html[start..].find("</footer>").expect("footer closes");
    &html[start..start + end]
}

#[test]
fn the_footer_names_the_text_licence_when_one_is_set_and_nothing_otherwise() {
    let build_with = |lines: &str| {
        let dir = copy_fixture("minimal");
        let site = std::fs::read_to_string(dir.path().join("site.toml")).expect("site.toml");
        let site = format!("{lines}\n{site}\n[search]\nenabled = false\n");
        write(dir.path(), "site.toml", &site);
        build(dir.path());
        html_pages(&dir.path().join("public"))
    };

    for (path, html) in &build_with("") {
        assert!(!html.contains("site-license"), "{path}: a licence line");
        assert!(!html.contains("Lizenz"), "{path}: a licence line");
    }

    let linked = build_with(
        "license = \"CC BY 4.0\"\nlicense_url = \"https://creativecommons.org/licenses/by/4.0/\"",
    );
    let line = "<p class=\"site-license\">Lizenz der Texte: <a rel=\"license\" href=\"https://creativecommons.org/licenses/by/4.0/\">CC BY 4.0</a></p>";
    assert!(linked.len() > 10);
    for (path, html) in &linked {
        assert!(footer(html).contains(line), "{path}: {}", footer(html));
    }
    // the printed dossier has no footer: its cover carries the licence
    assert_eq!(linked["print/index.html"].matches(line).count(), 2);

    let plain = build_with("license = \"Text <frei> & offen\"");
    for (path, html) in &plain {
        assert!(
            footer(html).contains(
                "<p class=\"site-license\">Lizenz der Texte: Text &lt;frei&gt; &amp; offen</p>"
            ),
            "{path}: {}",
            footer(html)
        );
    }
}
