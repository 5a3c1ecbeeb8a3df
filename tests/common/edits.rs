//! Edits an author might make to the minimal fixture, for the tests that build again after
//! them (serve's builds that remember, and `build` over its last output and cache).

use std::path::Path;

use super::*;

/// One edit an author might make, on the minimal fixture.
#[derive(Debug, Clone)]
pub enum Edit {
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

pub fn edit_strategy() -> impl proptest::strategy::Strategy<Value = Edit> {
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
pub fn set_front_matter(text: &str, key: &str, line: &str) -> String {
    let mut lines: Vec<String> = text.lines().map(str::to_owned).collect();
    match lines.iter().position(|l| l.starts_with(&format!("{key}:"))) {
        Some(at) => lines[at] = line.to_owned(),
        None => lines.insert(1, line.to_owned()),
    }
    lines.join("\n") + "\n"
}

/// The text with every line starting with `prefix` replaced by `line`.
pub fn replace_lines(text: &str, prefix: &str, line: &str) -> String {
    let lines: Vec<&str> = text
        .lines()
        .map(|l| if l.starts_with(prefix) { line } else { l })
        .collect();
    lines.join("\n") + "\n"
}

/// Makes the edit; the paths it touched.
pub fn apply(root: &Path, edit: &Edit) -> Vec<String> {
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
pub fn remove_front_matter(text: &str, key: &str) -> String {
    let lines: Vec<&str> = text
        .lines()
        .filter(|l| !l.starts_with(&format!("{key}:")))
        .collect();
    lines.join("\n") + "\n"
}
