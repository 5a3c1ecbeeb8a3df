//! CommonMark 0.31.2 conformance: each of the specification's 652 examples, compiled as a note's
//! body is, renders as the reference HTML, apart from the few listed below where dossier means
//! something else on purpose (Obsidian's syntax, links to files of the dossier).

use std::collections::BTreeMap;

use dossier::markdown::{ParseOptions, ParsedBody, SLOT_MARK, Slot, parse};

#[derive(serde::Deserialize)]
struct Example {
    markdown: String,
    html: String,
    example: u32,
    section: String,
}

/// The examples whose HTML differs, and why. Links to files are left as slots for the `link`
/// stage, which finds the file (or the note) or reports it missing, so they cannot match here.
const DIFFERENCES: &[(u32, &str)] = &[
    (
        64,
        "`#hashtag` is an inline tag (Obsidian): a link to the tag's page",
    ),
    (
        484,
        "`./target.md` is a note's file: the link stage checks and rewrites it",
    ),
    (
        517,
        "`moon.jpg` is a file next to the note: the link stage finds it",
    ),
    (
        531,
        "`moon.jpg` is a file next to the note: the link stage finds it",
    ),
    (548, "`[[foo]]` inside `[…]` is a wikilink"),
    (559, "`[[*foo* bar]]` is a wikilink"),
    (
        573,
        "`train.jpg` is a file next to the note: the link stage finds it",
    ),
    (
        576,
        "`train.jpg` is a file next to the note: the link stage finds it",
    ),
    (
        577,
        "`train.jpg` is a file next to the note: the link stage finds it",
    ),
    (
        578,
        "`train.jpg` is a file next to the note: the link stage finds it",
    ),
    (590, "`![[foo]]` is an embed and `[[foo]]` a wikilink"),
];

/// A compiled body's HTML with the markers of the slots that render as nothing taken out (the
/// ones left are links the `link` stage would fill: they differ, and are listed).
fn compiled(body: &ParsedBody) -> String {
    let mut html = body.html.clone();
    for (index, slot) in body.slots.iter().enumerate() {
        if matches!(
            slot,
            Slot::SectionStart(_) | Slot::BlockStart(_) | Slot::BlockEnd(_)
        ) {
            html = html.replace(&format!("{SLOT_MARK}{index}{SLOT_MARK}"), "");
        }
    }
    html
}

/// What the comparison ignores, as the specification's own normalizer does: the line breaks
/// between tags, and `"` written as itself or as `&quot;` in text; and the `id` every heading
/// gets so that `[[Note#Heading]]` and the table of contents can point at it.
fn normalize(html: &str) -> String {
    let mut text = between_tags_collapsed(html.trim()).replace("&quot;", "\"");
    while let Some(start) = find_heading_id(&text) {
        let end = text[start + 5..]
            .find('"')
            .map_or(text.len(), |i| start + 5 + i + 1);
        text.replace_range(start..end, "");
    }
    text
}

/// Line breaks between a `>` and a `<` taken out.
fn between_tags_collapsed(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut pending = String::new();
    for c in html.chars() {
        match c {
            '\n' if out.ends_with('>') => pending.push(c),
            '<' => {
                pending.clear();
                out.push(c);
            }
            _ => {
                out.push_str(&pending);
                pending.clear();
                out.push(c);
            }
        }
    }
    out.push_str(&pending);
    out
}

/// Where ` id="…"` stands in a heading's start tag.
fn find_heading_id(html: &str) -> Option<usize> {
    let mut from = 0;
    while let Some(found) = html[from..].find("<h") {
        let tag = from + found;
        let level = html.as_bytes().get(tag + 2).copied();
        if level.is_some_and(|b| (b'1'..=b'6').contains(&b))
            && html[tag + 3..].starts_with(" id=\"")
        {
            return Some(tag + 3);
        }
        from = tag + 2;
    }
    None
}

#[test]
fn commonmark_examples_render_as_the_reference_does() {
    let examples: Vec<Example> =
        serde_json::from_str(include_str!("commonmark/spec.json")).expect("spec.json");
    assert_eq!(examples.len(), 652);
    let listed: BTreeMap<u32, &str> = DIFFERENCES.iter().copied().collect();
    let mut unexpected = Vec::new();
    let mut matching_listed = Vec::new();
    for example in &examples {
        let body = parse(&example.markdown, ParseOptions::default());
        let same = normalize(&compiled(&body)) == normalize(&example.html);
        match (same, listed.contains_key(&example.example)) {
            (false, false) => unexpected.push(format!(
                "example {} ({}):\n{}\nexpected: {:?}\n     got: {:?}",
                example.example,
                example.section,
                example.markdown,
                normalize(&example.html),
                normalize(&compiled(&body))
            )),
            (true, true) => matching_listed.push(example.example),
            _ => {}
        }
    }
    assert!(
        unexpected.is_empty(),
        "{} examples differ from the reference:\n\n{}",
        unexpected.len(),
        unexpected.join("\n\n")
    );
    assert!(
        matching_listed.is_empty(),
        "listed as different but render as the reference does: {matching_listed:?}"
    );
}
