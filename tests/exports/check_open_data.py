#!/usr/bin/env python3
"""Loads a built site's open data with the tools its readers use, and checks that it holds
together: every FollowTheMoney entity through the `followthemoney` package (schema, properties,
ids, every referenced id present), the CSV tables through the csv module (header, one row each,
ids that join), the GraphML through networkx.

    check_open_data.py SITE_DIR [--expect-actors N] [--expect-events N]

Exits non-zero with every problem listed.
"""

import argparse
import csv
import json
import sys
from pathlib import Path

import networkx
from followthemoney import model
from followthemoney.types import registry


def check_ftm(path, problems):
    ids, references, schemata = set(), [], {}
    with path.open(encoding="utf-8") as lines:
        for number, line in enumerate(lines, 1):
            where = f"{path.name}:{number}"
            try:
                data = json.loads(line)
                proxy = model.get_proxy(data, cleaned=False)
            except Exception as error:  # noqa: BLE001 - every failure is a finding
                problems.append(f"{where}: does not load: {error}")
                continue
            if registry.entity.clean(proxy.id) != proxy.id:
                problems.append(f"{where}: id {proxy.id!r} is not a valid FtM entity id")
            if proxy.id in ids:
                problems.append(f"{where}: id {proxy.id} twice")
            ids.add(proxy.id)
            schemata[proxy.schema.name] = schemata.get(proxy.schema.name, 0) + 1
            for name in proxy.schema.required:
                if not proxy.get(name):
                    problems.append(f"{where}: {proxy.schema.name} lacks {name}")
            written = {name for name, values in data["properties"].items() if values}
            kept = {prop.name for prop in proxy.iterprops()}
            if written - kept:
                problems.append(f"{where}: not properties of {proxy.schema.name}: {written - kept}")
            for prop, value in proxy.itervalues():
                if prop.type == registry.entity:
                    references.append((where, prop.name, value))
            for name in ("startDate", "endDate", "birthDate", "publishedAt"):
                for value in data["properties"].get(name, []):
                    if registry.date.clean(value) != value:
                        problems.append(f"{where}: {name} {value!r} is not an FtM date")
    for where, prop, value in references:
        if value not in ids:
            problems.append(f"{where}: {prop} refers to {value}, which is not in the file")
    return ids, schemata


def read_csv(path, header, problems):
    with path.open(encoding="utf-8", newline="") as table:
        rows = list(csv.reader(table))
    if not rows or rows[0] != header:
        problems.append(f"{path.name}: header {rows[:1]} is not {header}")
        return []
    records = [dict(zip(header, row)) for row in rows[1:]]
    for number, row in enumerate(rows[1:], 2):
        if len(row) != len(header):
            problems.append(f"{path.name}:{number}: {len(row)} cells, not {len(header)}")
    return records


def split(cell):
    return [item for item in cell.split(";") if item]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("site", type=Path)
    parser.add_argument("--expect-actors", type=int)
    parser.add_argument("--expect-events", type=int)
    args = parser.parse_args()
    data = args.site / "data"
    problems = []

    ids, schemata = check_ftm(data / "entities.ftm.jsonl", problems)

    actors = read_csv(data / "actors.csv", ["id", "title", "kind", "born", "died", "founded",
                      "dissolved", "aliases", "tags", "summary", "url"], problems)
    events = read_csv(data / "events.csv", ["id", "date", "end", "title", "place", "actors",
                      "sources", "tags", "summary", "url"], problems)
    claims = read_csv(data / "claims.csv", ["id", "source", "number", "status", "text", "events",
                      "sources", "note", "url"], problems)
    sources = {s["id"] for s in json.loads((data / "sources.json").read_text("utf-8"))["sources"]}
    actor_ids = {a["id"] for a in actors}
    event_ids = {e["id"] for e in events}
    for event in events:
        for actor in split(event["actors"]):
            if actor not in actor_ids:
                problems.append(f"events.csv: {event['id']} names actor {actor}, not in actors.csv")
        for source in split(event["sources"]):
            if source not in sources:
                problems.append(f"events.csv: {event['id']} names source {source}, not in sources.json")
    for claim in claims:
        if claim["source"] not in sources:
            problems.append(f"claims.csv: {claim['id']}: source {claim['source']} not in sources.json")
        for event in split(claim["events"]):
            if event not in event_ids:
                problems.append(f"claims.csv: {claim['id']} names event {event}, not in events.csv")
    for actor in actor_ids:
        if f"dossier-actor-{actor}" not in ids:
            problems.append(f"entities.ftm.jsonl: no entity for actor {actor}")

    graph = networkx.read_graphml(data / "network.graphml")
    if set(graph.nodes) != actor_ids:
        problems.append(f"network.graphml: nodes {sorted(set(graph.nodes) ^ actor_ids)} differ from actors.csv")
    for node, attributes in graph.nodes(data=True):
        if not attributes.get("title") or "kind" not in attributes:
            problems.append(f"network.graphml: node {node} lacks title or kind")
    for source, target, attributes in graph.edges(data=True):
        if not attributes.get("type"):
            problems.append(f"network.graphml: edge {source} → {target} has no type")

    if not actors or not ids:
        problems.append("no actors or no entities: was the site built?")
    if args.expect_actors is not None and len(actors) != args.expect_actors:
        problems.append(f"actors.csv: {len(actors)} rows, expected {args.expect_actors}")
    if args.expect_events is not None and len(events) != args.expect_events:
        problems.append(f"events.csv: {len(events)} rows, expected {args.expect_events}")

    summary = ", ".join(f"{count} {name}" for name, count in sorted(schemata.items()))
    print(f"{args.site}: {len(ids)} FtM entities ({summary}); {len(actors)} actors, "
          f"{len(events)} events, {len(claims)} claims; graph {graph.number_of_nodes()} nodes, "
          f"{graph.number_of_edges()} edges")
    for problem in problems:
        print(f"  problem: {problem}", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
