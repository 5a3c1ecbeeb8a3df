//! No input may make the generator panic: every parser gets arbitrary bytes, and a soup of the
//! characters its syntax is made of, and must answer with a value or a diagnostic.

mod common;

use std::path::Path;

use dossier::config::{Config, Overrides};
use dossier::markdown::{self, ParseOptions};
use dossier::source::{RawContent, RawDocument, RawTimeline, Section, split_front_matter};
use dossier::{link, model, yaml};
use proptest::collection::vec;
use proptest::prelude::*;

use common::*;

/// Arbitrary bytes read as a file would be (lossy UTF-8), half the time after a likely start.
fn text_with(starts: &'static [&'static str], soup: &'static str) -> impl Strategy<Value = String> {
    let bytes = vec(any::<u8>(), 0..400).prop_map(|b| String::from_utf8_lossy(&b).into_owned());
    let start = proptest::sample::select(starts);
    (start, prop_oneof![bytes, soup]).prop_map(|(start, rest)| format!("{start}{rest}"))
}

fn front_matter_text() -> impl Strategy<Value = String> {
    text_with(
        &[
            "",
            "---\n",
            "---\ntitle: A\n",
            "---\ntitle: A\n---\n",
            "\u{feff}---\r\n",
        ],
        "[-:#\\[\\]{}|>'\"&*!%@` \n\ta-z0-9.]{0,200}",
    )
}

fn yaml_text() -> impl Strategy<Value = String> {
    text_with(
        &[
            "",
            "- ",
            "- date: 2022\n  title: A\n",
            "- date: 2022-06-17\n  ",
            "date: ",
        ],
        "[-:#\\[\\]{},|>'\"&*!%@`? \n\ta-z0-9.]{0,200}",
    )
}

fn markdown_text() -> impl Strategy<Value = String> {
    text_with(
        &[
            "",
            "# ",
            "[[",
            "![[",
            "[@",
            "```\n",
            "| a | b |\n|---|---|\n",
            // Obsidian's syntax
            "> [!tip]- ",
            "> > [!",
            "==",
            " ^id\n",
            "\n^id\n",
            "$",
            "$$\n",
            "%%",
            " #tag",
        ],
        "[-\\[\\]!@#|`*_~<>()/.:^{}=\\\\ \na-zä0-9$%+]{0,200}",
    )
}

fn toml_text() -> impl Strategy<Value = String> {
    text_with(
        &[
            "",
            "title = \"T\"\nbase_url = \"https://x.org/\"\n",
            "[content]\n",
            "output_dir = ",
        ],
        "[-=\\[\\]{}\"'#.,:/ \na-z0-9_]{0,200}",
    )
}

fn config() -> Config {
    let site = "title = \"T\"\nbase_url = \"https://example.org/r/\"\n";
    Config::parse(Path::new("/dossier"), site, &Overrides::default())
        .unwrap_or_else(|e| panic!("{e:?}"))
}

/// Loads and links content held in memory: the model and link stages without the disk.
fn load_and_link(content: RawContent) {
    let config = config();
    let (dossier, _) = model::load(content, &config);
    let _ = link::link(dossier, &config);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn front_matter_split_takes_any_text(text in front_matter_text()) {
        if let Ok((_, body, body_first_line)) = split_front_matter(&text) {
            // the body is the file's tail, and its first line is counted as on disk
            prop_assert!(text.ends_with(body));
            let before = &text[..text.len() - body.len()];
            prop_assert_eq!(body_first_line, before.matches('\n').count() + 1);
        }
    }

    #[test]
    fn yaml_parsing_takes_any_text(text in yaml_text()) {
        let _ = yaml::shape(&text);
        let _ = yaml::list_item_lines(&text);
        let _ = yaml::locate(&text, "date", Some("2022"));
    }

    #[test]
    fn timeline_loading_takes_any_text(text in yaml_text()) {
        load_and_link(RawContent {
            timelines: vec![RawTimeline { file: "content/timeline/t.yaml".into(), text }],
            ..RawContent::default()
        });
    }

    #[test]
    fn note_loading_takes_any_text(text in front_matter_text()) {
        if let Ok((front_matter, body, body_first_line)) = split_front_matter(&text) {
            load_and_link(RawContent {
                documents: vec![RawDocument {
                    section: Section::Actors,
                    stem: "x".into(),
                    file: "content/actors/x.md".into(),
                    front_matter,
                    body: body.to_owned(),
                    body_first_line,
                }],
                ..RawContent::default()
            });
        }
    }

    #[test]
    fn markdown_compiles_any_text(text in markdown_text()) {
        for (title_from_heading, inline) in [(false, false), (true, false), (false, true)] {
            for plain_beginning in [false, true] {
                let options = ParseOptions { title_from_heading, inline, plain_beginning, ..ParseOptions::default() };
                let _ = markdown::parse(&text, options);
            }
        }
    }

    #[test]
    fn site_toml_parsing_takes_any_text(text in toml_text()) {
        let _ = Config::parse(Path::new("/dossier"), &text, &Overrides::default());
    }
}

/// Where the arbitrary bytes go in a dossier run through the binary.
const TARGETS: [&str; 4] = [
    "content/notes/x.md",
    "content/timeline/x.yaml",
    "content/_index.md",
    "site.toml",
];

proptest! {
    // each case starts the binary; a few dozen runs keep the suite fast
    #![proptest_config(ProptestConfig::with_cases(32))]

    #[test]
    fn the_binary_never_panics_on_any_file(
        target in proptest::sample::select(&TARGETS[..]),
        bytes in prop_oneof![
            vec(any::<u8>(), 0..400),
            markdown_text().prop_map(String::into_bytes),
            yaml_text().prop_map(String::into_bytes),
        ],
    ) {
        let dir = copy_fixture("minimal");
        std::fs::write(dir.path().join(target), &bytes).expect("write");
        let (code, stderr) = run_binary(dir.path(), &["build"]);
        prop_assert!(
            matches!(code, Some(0 | 1)),
            "exit code {code:?} for {target}:\n{stderr}"
        );
        prop_assert!(!stderr.contains("panicked"), "{stderr}");
    }
}
