//! The open data files read back: the CSV tables parse into one row per actor, event and claim
//! with ids that join, the FollowTheMoney lines are JSON whose every referenced id is in the
//! file, the GraphML holds every actor and relation with its text escaped; and the data page
//! lists them. (scripts/exports-check loads the same files with followthemoney and networkx.)

mod common;

use std::collections::{BTreeMap, BTreeSet};

use common::{build, copy_fixture, main_of, read};

/// RFC 4180 CSV: quoted cells may hold commas, doubled quotes and line breaks.
fn parse_csv(text: &str) -> Vec<Vec<String>> {
    let mut rows = Vec::new();
    let (mut row, mut cell) = (Vec::new(), String::new());
    let (mut quoted, mut chars) = (false, text.chars().peekable());
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                chars.next();
                cell.push('"');
            }
            (true, '"') => quoted = false,
            (true, c) => cell.push(c),
            (false, '"') => quoted = true,
            (false, ',') => row.push(std::mem::take(&mut cell)),
            (false, '\n') => {
                row.push(std::mem::take(&mut cell));
                rows.push(std::mem::take(&mut row));
            }
            (false, c) => cell.push(c),
        }
    }
    assert!(
        !quoted && cell.is_empty() && row.is_empty(),
        "the file ends a row"
    );
    rows
}

/// A table as records by column name, checking every row has the header's width.
fn records(text: &str, header: &[&str]) -> Vec<BTreeMap<String, String>> {
    let rows = parse_csv(text);
    assert_eq!(rows[0], header, "header");
    rows[1..]
        .iter()
        .map(|row| {
            assert_eq!(row.len(), header.len(), "{row:?}");
            header
                .iter()
                .map(|h| h.to_string())
                .zip(row.clone())
                .collect()
        })
        .collect()
}

#[test]
fn the_tables_have_a_row_each_and_ids_that_join() {
    let dir = copy_fixture("open-data");
    build(dir.path());
    let actors = records(
        &read(dir.path(), "data/actors.csv"),
        &[
            "id",
            "title",
            "kind",
            "born",
            "died",
            "founded",
            "dissolved",
            "aliases",
            "tags",
            "summary",
            "url",
        ],
    );
    let ids: Vec<&str> = actors.iter().map(|a| a["id"].as_str()).collect();
    assert_eq!(ids, ["anna", "carl", "firma", "staat", "verband"]);
    assert_eq!(actors[0]["title"], "Anna \"die Ältere\" Berg");
    assert_eq!(actors[0]["born"], "1950-03", "a date at its precision");
    assert_eq!(actors[2]["title"], "Berg & Söhne, GmbH");
    assert_eq!(actors[1]["died"], "2020");

    let events = records(
        &read(dir.path(), "data/events.csv"),
        &[
            "id", "date", "end", "title", "place", "actors", "sources", "tags", "summary", "url",
        ],
    );
    assert_eq!(events.len(), 2);
    assert_eq!(
        (events[0]["date"].as_str(), events[0]["end"].as_str()),
        ("2001", "2010-06")
    );
    assert_eq!(events[0]["title"], "Anna leads the board, \"at last\"");
    for event in &events {
        for actor in event["actors"].split(';').filter(|a| !a.is_empty()) {
            assert!(ids.contains(&actor), "{actor} joins actors.csv");
        }
    }

    let claims = records(
        &read(dir.path(), "data/claims.csv"),
        &[
            "id", "source", "number", "status", "text", "events", "sources", "note", "url",
        ],
    );
    assert_eq!(claims.len(), 2);
    assert_eq!(
        claims[0]["text"],
        "Anna led the firm, said \"we grew\", and left."
    );
    assert_eq!(claims[0]["events"], events[0]["id"], "joins events.csv");
    assert_eq!(claims[1]["status"], "unverified");
}

#[test]
fn every_entity_a_relation_or_event_names_is_in_the_file() {
    let dir = copy_fixture("open-data");
    build(dir.path());
    let text = read(dir.path(), "data/entities.ftm.jsonl");
    let entities: Vec<serde_json::Value> = text
        .lines()
        .map(|line| serde_json::from_str(line).expect("a JSON object a line"))
        .collect();
    let ids: BTreeSet<&str> = entities.iter().filter_map(|e| e["id"].as_str()).collect();
    assert_eq!(ids.len(), entities.len(), "ids are unique");
    let schema_of = |id: &str| {
        entities
            .iter()
            .find(|e| e["id"] == id)
            .and_then(|e| e["schema"].as_str())
            .unwrap_or_default()
            .to_owned()
    };
    assert_eq!(schema_of("dossier-actor-anna"), "Person");
    assert_eq!(schema_of("dossier-actor-staat"), "PublicBody");
    assert_eq!(schema_of("dossier-actor-verband"), "Organization");
    assert_eq!(schema_of("dossier-relation-anna-firma-1"), "Directorship");
    assert_eq!(schema_of("dossier-relation-anna-carl-1"), "Family");
    assert_eq!(schema_of("dossier-relation-firma-verband-1"), "Membership");
    assert_eq!(schema_of("dossier-event-vorstand-2001"), "Event");
    assert_eq!(schema_of("dossier-source-bericht"), "Article");
    let references = [
        "director",
        "organization",
        "person",
        "relative",
        "associate",
        "member",
        "agent",
        "client",
        "involved",
        "proof",
        "document",
        "entity",
    ];
    let mut checked = 0;
    for entity in &entities {
        for property in references {
            for value in entity["properties"][property]
                .as_array()
                .into_iter()
                .flatten()
            {
                let id = value.as_str().expect("an id");
                assert!(ids.contains(id), "{} refers to {id}", entity["id"]);
                checked += 1;
            }
        }
    }
    assert!(checked >= 15, "references checked: {checked}");
    let directorship = entities
        .iter()
        .find(|e| e["id"] == "dossier-relation-anna-firma-1")
        .expect("the directorship");
    assert_eq!(directorship["properties"]["startDate"][0], "2001");
    assert_eq!(directorship["properties"]["endDate"][0], "2010-06");
}

#[test]
fn the_graphml_holds_every_actor_and_relation_escaped() {
    let dir = copy_fixture("open-data");
    build(dir.path());
    let graphml = read(dir.path(), "data/network.graphml");
    assert_eq!(graphml.matches("<node id=").count(), 5);
    assert_eq!(graphml.matches("<edge id=").count(), 6);
    assert!(graphml.contains("<data key=\"title\">Berg &amp; Söhne, GmbH</data>"));
    assert!(graphml.contains("<data key=\"type\">Botschafter in &lt;Land&gt;</data>"));
    assert!(graphml.contains(
        "<edge id=\"anna-firma-1\" source=\"anna\" target=\"firma\"><data key=\"type\">Vorsitzende des Vorstands</data><data key=\"from\">2001</data><data key=\"until\">2010-06</data></edge>"
    ));
    for key in ["title", "kind", "url", "type", "from", "until"] {
        assert!(graphml.contains(&format!("<key id=\"{key}\"")), "{key}");
    }
}

#[test]
fn the_data_page_lists_every_file() {
    let dir = copy_fixture("open-data");
    build(dir.path());
    let page = read(dir.path(), "data/index.html");
    for file in [
        "data/entities.ftm.jsonl",
        "data/actors.csv",
        "data/events.csv",
        "data/claims.csv",
        "data/network.graphml",
        "data/actors.json",
        "data/sources.json",
        "data/timeline.json",
    ] {
        assert!(page.contains(&format!("href=\"/od/{file}\"")), "{file}");
        assert!(dir.path().join("public").join(file).is_file(), "{file}");
    }
    insta::assert_snapshot!(main_of(&page));
}
