//! ```` ```mermaid ```` blocks drawn as SVG when the site is built. Each diagram becomes a file
//! of its own (`diagrams/<hash>.svg`) that the page shows as an image, its source beside it: a
//! page needs no JavaScript for it, and the SVG's own styles stay inside the image, where the
//! page's Content-Security-Policy (`style-src 'self'`) has no say.

use mermaid_rs_renderer::{ParseError, RenderOptions, render_strict};
use pulldown_cmark::{CodeBlockKind, CowStr, Event, Tag, TagEnd};
use xxhash_rust::xxh3::xxh3_64;

use super::BodyProblem;

/// The output folder of the diagrams.
const DIAGRAM_DIR: &str = "diagrams";

/// The font family the renderer measures text with. No installed font has this name, so the
/// renderer measures with its own character widths: the same SVG on every machine, whatever
/// fonts it has, and no font copied into the user's cache folder (which the renderer does
/// with a font it finds). The SVG then names the site's own fonts in its place.
const MEASURED_FAMILY: &str = "dossier-diagram-metrics";
/// The site's sans-serif fonts (`--sans` in the theme's CSS), for the text of a diagram.
const FONT_FAMILY: &str = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', 'Noto Sans', 'Liberation Sans', Arial, sans-serif";
/// Pie slices: distinct light tones, each with a contrast above 7:1 to the dark labels on them.
const PIE_COLORS: [&str; 12] = [
    "#93C5FD", "#FCA5A5", "#86EFAC", "#FDE68A", "#C4B5FD", "#F9A8D4", "#67E8F9", "#FDBA74",
    "#A5B4FC", "#BEF264", "#D8B4FE", "#CBD5E1",
];

/// A diagram drawn from a mermaid block.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Diagram {
    /// Its output path, `diagrams/<hash of the SVG>.svg`.
    pub path: String,
    pub svg: String,
    pub width: u32,
    pub height: u32,
    /// Its `accTitle:` or `title`, for the image's text alternative.
    pub title: Option<String>,
    /// The block's source, shown beside the image.
    pub source: String,
}

/// Why a block could not be drawn: at a line of the block (1-based), with what would fix it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failure {
    pub message: String,
    pub line: usize,
    pub hint: String,
    /// The renderer drew nothing but found nothing wrong: said as a warning, the block stays
    /// as code.
    pub warning: bool,
}

impl Failure {
    /// The failure as a problem of the body that holds `block`, at its line there.
    pub(super) fn in_body(self, block: &Block) -> BodyProblem {
        BodyProblem {
            message: self.message,
            offset: block.offset_of_line(self.line),
            hint: Some(self.hint),
            warning: self.warning,
        }
    }
}

/// Draws a mermaid block.
pub fn draw(source: &str) -> Result<Diagram, Failure> {
    let mut options = RenderOptions::modern();
    options.theme.font_family = MEASURED_FAMILY.to_owned();
    options.theme.pie_colors = PIE_COLORS.map(str::to_owned);
    let svg = render_strict(source, options).map_err(failure)?;
    if !svg.contains("<text") {
        return Err(Failure {
            message: "the mermaid diagram draws as an empty picture".to_owned(),
            line: 1,
            hint: "check its syntax (an unclosed bracket or quote hides everything after it); the block is shown as code".to_owned(),
            warning: true,
        });
    }
    let svg = svg.replace(MEASURED_FAMILY, FONT_FAMILY);
    let (svg, width, height) = with_fixed_size(&svg);
    Ok(Diagram {
        path: format!("{DIAGRAM_DIR}/{:016x}.svg", xxh3_64(svg.as_bytes())),
        svg,
        width,
        height,
        title: title_of(source),
        source: source.to_owned(),
    })
}

/// The renderer's reason, at its line (of the block: the diagnostic names the file's), with
/// a hint.
fn failure(error: ParseError) -> Failure {
    let general =
        || "write it as mermaid's documentation (and Obsidian's preview) reads it".to_owned();
    let (line, reason, hint) = match &error {
        ParseError::UnknownParticipant {
            name,
            line,
            candidates,
        } => (
            *line,
            format!("unknown participant `{name}`"),
            match candidates.first() {
                Some(candidate) => format!("did you mean `{candidate}`?"),
                None => "declare it first (`participant Name`)".to_owned(),
            },
        ),
        ParseError::UnclosedSubgraph { opened_at } => (
            *opened_at,
            "this block is never closed".to_owned(),
            "close it with a line `end`".to_owned(),
        ),
        ParseError::UnexpectedToken {
            line,
            found,
            expected,
            ..
        } if expected.contains("header") => (
            *line,
            format!("`{found}` is no diagram type"),
            "begin with the diagram's type: `flowchart TD`, `sequenceDiagram`, `gantt`, `pie`, `timeline`, …".to_owned(),
        ),
        ParseError::UnexpectedToken {
            line,
            found,
            expected,
            ..
        } => (*line, format!("unexpected `{found}`, expected {expected}"), general()),
        ParseError::InvalidDirective {
            line,
            directive,
            reason,
            ..
        } => (*line, format!("invalid directive `{directive}`: {reason}"), general()),
        _ => (1, error.to_string(), general()),
    };
    Failure {
        message: format!("invalid mermaid diagram: {reason}"),
        line: usize::try_from(line).unwrap_or(1).max(1),
        hint,
        warning: false,
    }
}

/// The SVG with a width and height in pixels on its root (the size of its `viewBox`) instead
/// of a relative width and a `style`: an image needs a size of its own.
fn with_fixed_size(svg: &str) -> (String, u32, u32) {
    let Some(end) = svg.find('>').filter(|_| svg.starts_with("<svg")) else {
        return (svg.to_owned(), 0, 0);
    };
    let root = &svg[..end];
    let view_box: Vec<f64> = attribute(root, "viewBox")
        .unwrap_or_default()
        .split_whitespace()
        .filter_map(|n| n.parse().ok())
        .collect();
    let [_, _, width, height] = view_box[..] else {
        return (svg.to_owned(), 0, 0);
    };
    // the size is at most a few thousand pixels: `as` cannot overflow
    let (width, height) = (width.ceil() as u32, height.ceil() as u32);
    let mut tag = root.to_owned();
    for name in ["width", "height", "style"] {
        if let Some(value) = attribute(&tag, name) {
            tag = tag.replacen(&format!(" {name}=\"{value}\""), "", 1);
        }
    }
    let tag = tag.replacen(
        "<svg",
        &format!("<svg width=\"{width}\" height=\"{height}\""),
        1,
    );
    (format!("{tag}{}", &svg[end..]), width, height)
}

/// The value of attribute `name` in a start tag.
fn attribute<'t>(tag: &'t str, name: &str) -> Option<&'t str> {
    let start = tag.find(&format!(" {name}=\""))? + name.len() + 3;
    let length = tag[start..].find('"')?;
    Some(&tag[start..start + length])
}

/// `accTitle: …`, else `title …`: what the diagram calls itself.
fn title_of(source: &str) -> Option<String> {
    let lines = || source.lines().map(str::trim);
    let titled = |prefix: &str| {
        lines()
            .find_map(|line| line.strip_prefix(prefix))
            .map(|title| title.trim().to_owned())
            .filter(|title| !title.is_empty())
    };
    titled("accTitle:")
        .or_else(|| titled("title "))
        .or_else(|| titled("pie title "))
}

/// A mermaid block being read: its text, and where each piece of it is in the body (a block
/// in a list or a quote comes in pieces, one per line).
#[derive(Debug, Default)]
pub(super) struct Block {
    pub(super) source: String,
    /// Where the pieces start: in `source`, and in the body.
    pieces: Vec<(usize, usize)>,
}

impl Block {
    pub(super) fn push(&mut self, text: &str, offset: usize) {
        self.pieces.push((self.source.len(), offset));
        self.source.push_str(text);
    }

    /// The block as the code block it was written as.
    pub(super) fn into_code(self) -> [Event<'static>; 3] {
        let language = CodeBlockKind::Fenced(CowStr::from("mermaid"));
        [
            Event::Start(Tag::CodeBlock(language)),
            Event::Text(CowStr::from(self.source)),
            Event::End(TagEnd::CodeBlock),
        ]
    }

    /// The body offset of the first word of line `line` (1-based) of the source.
    pub(super) fn offset_of_line(&self, line: usize) -> usize {
        let start = match line {
            0 | 1 => 0,
            _ => (self.source.match_indices('\n'))
                .nth(line - 2)
                .map_or(self.source.len(), |(i, _)| i + 1),
        };
        // at the line's first word, past its indentation
        let rest = &self.source[start..];
        let at = start + (rest.len() - rest.trim_start_matches([' ', '\t']).len());
        match self.pieces.iter().rev().find(|(start, _)| *start <= at) {
            Some((start, offset)) => offset + (at - start),
            None => self.pieces.first().map_or(0, |(_, offset)| *offset),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const FLOWCHART: &str = "flowchart TD\n    A[Staatsfonds] -->|Überweisung| B(Briefkastenfirma)\n    subgraph Zypern\n        B --> C{Prüfung?}\n    end\n";

    #[test]
    fn a_flowchart_becomes_an_svg_with_its_labels_and_a_size_of_its_own() {
        let diagram = draw(FLOWCHART).expect("valid diagram");
        for label in [
            "Staatsfonds",
            "Überweisung",
            "Briefkastenfirma",
            "Zypern",
            "Prüfung?",
        ] {
            assert!(
                diagram.svg.contains(label),
                "{label} missing: {}",
                diagram.svg
            );
        }
        assert!(!diagram.svg.contains(MEASURED_FAMILY));
        assert!(diagram.svg.contains("font-family=\"system-ui"));
        assert!(diagram.width > 100 && diagram.height > 100, "{diagram:?}");
        let root = &diagram.svg[..diagram.svg.find('>').expect("root tag")];
        assert!(
            root.contains(&format!("width=\"{}\"", diagram.width)),
            "{root}"
        );
        assert!(diagram.path.starts_with("diagrams/") && diagram.path.ends_with(".svg"));
        assert_eq!(
            draw(FLOWCHART),
            Ok(diagram),
            "the same source, the same file"
        );
    }

    #[test]
    fn a_pie_chart_gets_a_fixed_size_instead_of_a_relative_one() {
        let diagram =
            draw("pie title Herkunft\n    \"Öl\" : 62\n    \"Kredite\" : 38\n").expect("valid pie");
        let root = &diagram.svg[..diagram.svg.find('>').expect("root tag")];
        assert!(!root.contains("style=") && !root.contains("100%"), "{root}");
        assert!(diagram.width > 0 && diagram.height > 0);
        assert_eq!(diagram.title.as_deref(), Some("Herkunft"));
        assert!(diagram.svg.contains(PIE_COLORS[0]), "{}", diagram.svg);
    }

    #[test]
    fn an_accessible_title_comes_before_a_title() {
        let source = "timeline\n    title Chronik\n    accTitle: Die Chronik der Übernahme\n    2014 : Gründung\n";
        let diagram = draw(source).expect("valid timeline");
        assert_eq!(diagram.title.as_deref(), Some("Die Chronik der Übernahme"));
    }

    #[test]
    fn invalid_diagrams_say_why_and_at_which_line() {
        let unclosed = draw("flowchart TD\n    A --> B\n    subgraph X\n        B --> C\n")
            .expect_err("unclosed subgraph");
        assert_eq!(unclosed.line, 3);
        assert!(unclosed.message.contains("never closed"), "{unclosed:?}");
        assert!(unclosed.hint.contains("`end`"));
        assert!(!unclosed.warning);
        let header = draw("sequenceDiagrm\n    A->>B: hallo\n").expect_err("misspelt type");
        assert_eq!(header.line, 1);
        assert!(header.hint.contains("sequenceDiagram"), "{header:?}");
        assert!(
            header
                .message
                .contains("`sequenceDiagrm` is no diagram type"),
            "{header:?}"
        );
        let arrow = draw("flowchart TD\n    A -->\n    --> B\n").expect_err("arrow without node");
        assert_eq!(arrow.line, 3, "{arrow:?}");
        assert!(arrow.message.contains("unexpected `-->`"), "{arrow:?}");
    }

    #[test]
    fn a_diagram_that_draws_nothing_is_a_warning() {
        let empty = draw("flowchart TD\n    A[unclosed --> B\n").expect_err("nothing drawn");
        assert!(empty.warning, "{empty:?}");
    }

    #[test]
    fn lines_of_a_block_in_pieces_are_found_in_the_body() {
        // `> ```mermaid` in a quote: each line a piece, after its `> `
        let mut block = Block::default();
        block.push("flowchart TD\n", 20);
        block.push("  A --> B\n", 35);
        block.push("  B --> C\n", 47);
        assert_eq!(block.offset_of_line(1), 20);
        assert_eq!(block.offset_of_line(2), 37);
        assert_eq!(block.offset_of_line(3), 49);
        let mut whole = Block::default();
        whole.push("flowchart TD\n  A --> B\n", 100);
        assert_eq!(whole.offset_of_line(2), 115);
    }
}
