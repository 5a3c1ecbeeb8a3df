//! Obsidian Markdown: what Obsidian shows is what the site shows, and what it hides stays hidden.

mod common;

use std::io::Read;
use std::path::Path;

/// Every file of the output as text, the search index's compressed files decompressed.
fn output_files(public: &Path) -> Vec<(String, String)> {
    let mut files = Vec::new();
    for entry in walkdir::WalkDir::new(public) {
        let entry = entry.expect("output entry");
        if !entry.file_type().is_file() {
            continue;
        }
        let bytes = std::fs::read(entry.path()).expect("read output file");
        let bytes = match bytes.starts_with(&[0x1f, 0x8b]) {
            true => {
                let mut inflated = Vec::new();
                flate2::read::GzDecoder::new(bytes.as_slice())
                    .read_to_end(&mut inflated)
                    .expect("gzip file of the search index");
                inflated
            }
            false => bytes,
        };
        let name = entry.path().strip_prefix(public).expect("inside output");
        let text = String::from_utf8_lossy(&bytes).to_lowercase();
        files.push((name.display().to_string(), text));
    }
    files
}

#[test]
fn comments_reach_no_file_of_the_output() {
    let dir = common::copy_fixture("obsidian-comments");
    // a link inside a comment is not checked: the fixture's [[Nirgendwo]] would fail the build
    common::build(dir.path());
    let files = output_files(&dir.path().join("public"));

    let leaks: Vec<&str> = files
        .iter()
        .filter(|(_, text)| text.contains("qqzzxx"))
        .map(|(name, _)| name.as_str())
        .collect();
    assert!(leaks.is_empty(), "comment text in {leaks:?}");

    // the check above reads the search index: its compressed fragments hold the public text
    let index_has_public_text = files
        .iter()
        .any(|(name, text)| name.starts_with("pagefind/") && text.contains("sichtbares ende"));
    assert!(index_has_public_text, "search index not read");
}

#[test]
fn text_around_comments_and_percent_signs_in_code_stay() {
    let dir = common::copy_fixture("obsidian-comments");
    common::build(dir.path());
    let page = common::read(dir.path(), "notes/notiz/index.html");
    assert!(
        page.contains("Sichtbarer Anfang  und sichtbares Ende."),
        "{page}"
    );
    assert!(page.contains("<code>%%wörtlich%%</code>"), "{page}");
    assert!(page.contains("%% auch im Block %%"), "{page}");
    assert!(page.contains("Text nach dem Kommentar"), "{page}");

    // the embed shows the section without its comments
    let embedder = common::read(dir.path(), "notes/einbettung/index.html");
    assert!(embedder.contains("Sichtbarer Anfang"), "{embedder}");
}

#[test]
fn a_link_inside_a_comment_is_no_backlink() {
    let dir = common::copy_fixture("obsidian-comments");
    common::build(dir.path());
    let hidden = common::read(dir.path(), "actors/verborgen/index.html");
    assert!(!hidden.contains("notes/notiz/"), "{hidden}");
    // while a link outside a comment is one
    assert!(hidden.contains("notes/einbettung/"), "{hidden}");
}

#[test]
fn an_error_after_a_comment_points_at_its_line_and_column() {
    let dir = common::copy_fixture("obsidian-comments");
    common::write(
        dir.path(),
        "content/notes/kaputt.md",
        "---\ntitle: Kaputt\n---\n\n%% drei\nZeilen\n%% und %%noch einer%% [[Fehlt]]\n",
    );
    let failure = common::build_err(dir.path());
    let error = common::one_error(&failure, "content/notes/kaputt.md");
    common::assert_points_at(&error, "content/notes/kaputt.md", 7);
    assert_eq!(error.column, 23, "{error}");
}

/// The obsidian-vault fixture, built; and the `<main>` of one of its pages.
fn built_vault() -> tempfile::TempDir {
    let dir = common::copy_fixture("obsidian-vault");
    common::build(dir.path());
    dir
}

fn main_of(dir: &Path, page: &str) -> String {
    common::main_of(&common::read(dir, page))
}

#[test]
fn callouts_become_boxes_with_a_title_a_symbol_and_a_fold() {
    let dir = built_vault();
    let page = main_of(dir.path(), "notes/callouts/index.html");
    assert!(!page.contains("[!"), "a callout marker is left:\n{page}");
    for expected in [
        // the type's name as the title, a symbol beside it
        "<div class=\"callout callout-note\" data-callout=\"note\">\n<p class=\"callout-title\"><span class=\"callout-icon\" aria-hidden=\"true\">✎</span> Note</p>",
        // a title of its own, the type still said in words
        "<span class=\"visually-hidden\">Tip: </span>A title of its own</p>",
        // `-` folds closed, `+` open
        "<details class=\"callout callout-warning\" data-callout=\"warning\">\n<summary class=\"callout-title\">",
        "<details class=\"callout callout-question\" data-callout=\"faq\" open>",
        // an alias: styled as its type, titled as written
        "<div class=\"callout callout-abstract\" data-callout=\"tldr\">",
        "</span> Tldr</p>",
        // unknown types look like notes and keep their name
        "<div class=\"callout callout-note\" data-callout=\"unknown-kind\">",
        // GitHub's alert form is a callout too
        "</span> Note</p>\n<div class=\"callout-content\">\n<p>GitHub's alert form.</p>",
        // a plain quote stays one
        "<blockquote>\n<p>A plain quote stays a quote.</p>\n</blockquote>",
    ] {
        assert!(page.contains(expected), "missing {expected:?} in:\n{page}");
    }
    // nested: the inner callout inside the outer one's content
    let outer = page
        .find("data-callout=\"danger\"")
        .expect("danger callout");
    let inner = page
        .find("data-callout=\"success\"")
        .expect("success callout");
    let outer_end = page[outer..]
        .find("</div>\n</div>\n</div>")
        .map(|i| outer + i);
    assert!(
        inner > outer && outer_end.is_some_and(|end| inner < end),
        "{page}"
    );
    // a callout of only a title has no empty content
    assert!(page.contains("</span>Only a title</p>\n</div>"), "{page}");
    insta::assert_snapshot!(page);
}

#[test]
fn callout_titles_speak_the_sites_language() {
    let dir = common::dossier(&[
        ("site.toml", common::SITE),
        (
            "content/notes/kasten.md",
            "---\ntitle: Kasten\n---\n\n> [!warning]\n> Achtung.\n\n> [!tldr]\n> Kurz.\n\n> [!eigene-art]\n> Frei.\n",
        ),
    ]);
    common::build(dir.path());
    let page = main_of(dir.path(), "notes/kasten/index.html");
    assert!(page.contains("</span> Warnung</p>"), "{page}");
    assert!(page.contains("</span> Zusammenfassung</p>"), "{page}");
    assert!(page.contains("</span> Eigene-art</p>"), "{page}");
}

#[test]
fn highlights_tags_and_autolinks_render_as_obsidian_shows_them() {
    let dir = built_vault();
    let page = main_of(dir.path(), "notes/syntax/index.html");
    for expected in [
        "<mark>highlighted text</mark>",
        "<mark><strong>bold</strong> too</mark>",
        "a == b does not.",
        // inline tags link to their pages
        "<a class=\"tag\" href=\"/repo/tags/energy/\">#energy</a>",
        "<a class=\"tag\" href=\"/repo/tags/politics-sanctions/\">#politics/sanctions</a>",
        "but not #123, <code>#code</code>",
        "https://example.org/#frag",
        // e-mail autolinks and other schemes are left to the browser
        "<a href=\"mailto:press@example.org\">press@example.org</a>",
        "<a href=\"mailto:office@example.org\">mail</a>",
        "<a href=\"tel:+491234567\">the office</a>",
        // code stays literal
        "==not marked== #notatag ^notanid",
        // a heading's tag is a tag, and stays in the heading's id
        "<h2 id=\"findings-evidence\">Findings <a class=\"tag\" href=\"/repo/tags/evidence/\">#evidence</a></h2>",
    ] {
        assert!(page.contains(expected), "missing {expected:?} in:\n{page}");
    }
    assert!(
        !page.contains("tags/link/"),
        "a link's text holds no tag:\n{page}"
    );
    insta::assert_snapshot!(page);

    // an inline tag gets a page like a front-matter tag
    let tag = common::read(dir.path(), "tags/politics-sanctions/index.html");
    assert!(tag.contains("/repo/notes/syntax/"), "{tag}");
    assert!(common::read(dir.path(), "tags/syntax/index.html").contains("/repo/notes/syntax/"));
    assert!(common::read(dir.path(), "tags/evidence/index.html").contains("/repo/notes/syntax/"));
    assert!(!dir.path().join("public/tags/123").exists());
}

#[test]
fn escaped_pipes_in_tables_separate_targets_from_labels_and_sizes() {
    let dir = built_vault();
    let page = main_of(dir.path(), "notes/syntax/index.html");
    assert!(
        page.contains("<td><a class=\"internal\" href=\"/repo/notes/blocks/#another-heading\">the heading</a></td>"),
        "{page}"
    );
    assert!(
        page.contains(
            "<img src=\"/repo/attachments/karte.png\" alt=\"\" width=\"40\" loading=\"lazy\">"
        ),
        "{page}"
    );
}

#[test]
fn block_ids_anchor_their_blocks_and_links_and_embeds_find_them() {
    let dir = built_vault();
    let page = main_of(dir.path(), "notes/blocks/index.html");
    for expected in [
        "<p id=\"^para\">A paragraph with an id.</p>",
        "<li id=\"^item\">a list item with an id</li>",
        "<blockquote id=\"^quote\">\n<p>A quote with an id.</p>",
        "<div id=\"^table\">\n<table>",
        // links within the note and to another note's block
        "<a class=\"internal\" href=\"/repo/notes/blocks/#%5Eitem\">",
        "<a class=\"internal\" href=\"/repo/notes/blocks/#%5Etable\">the table</a>",
        "<a class=\"internal\" href=\"/repo/notes/blocks/#another-heading\">",
        "<a class=\"internal\" href=\"/repo/notes/syntax/#%5Esentence\">",
    ] {
        assert!(page.contains(expected), "missing {expected:?} in:\n{page}");
    }
    // the ids are hidden from the reader
    assert!(
        !page.contains(" ^para") && !page.contains("<p>^table</p>"),
        "{page}"
    );
    // an embedded block shows that block only
    let embeds: Vec<&str> = page.split("<aside class=\"embed\">").skip(1).collect();
    assert_eq!(embeds.len(), 3, "{page}");
    assert!(embeds[0].contains("A quote with an id."), "{}", embeds[0]);
    assert!(
        embeds[2].contains("<mark>highlighted text</mark>"),
        "{}",
        embeds[2]
    );
    assert!(!embeds[2].contains("Tags in text"), "{}", embeds[2]);
    insta::assert_snapshot!(page);
}

#[test]
fn a_note_may_embed_a_section_of_itself() {
    let dir = built_vault();
    let page = main_of(dir.path(), "notes/blocks/index.html");
    let embeds: Vec<&str> = page.split("<aside class=\"embed\">").skip(1).collect();
    assert!(
        embeds[1].contains("Text of another heading"),
        "{}",
        embeds[1]
    );
    assert!(!embeds[1].contains("Links to blocks"), "{}", embeds[1]);
}

#[test]
fn a_section_that_embeds_itself_is_a_cycle() {
    let dir = common::dossier(&[
        ("site.toml", common::SITE),
        (
            "content/notes/kreis.md",
            "---\ntitle: Kreis\n---\n\n## Oben\n\n![[#Unten]]\n\n## Unten\n\nText.\n\n![[Kreis#Unten]]\n",
        ),
    ]);
    let failure = common::build_err(dir.path());
    let error = common::only_error(&failure);
    assert!(
        error
            .message
            .contains("embed cycle: Kreis#unten → Kreis#unten"),
        "{error}"
    );
    common::assert_points_at(&error, "content/notes/kreis.md", 0);
}

#[test]
fn a_missing_block_id_is_an_error_listing_the_notes_ids() {
    let dir = common::copy_fixture("obsidian-vault");
    common::write(
        dir.path(),
        "content/notes/missing.md",
        "---\ntitle: Missing\n---\n\nFirst line.\n\nSee [[Blocks#^nope]].\n",
    );
    let failure = common::build_err(dir.path());
    let error = common::one_error(&failure, "content/notes/missing.md");
    common::assert_points_at(&error, "content/notes/missing.md", 7);
    assert!(
        error.message.contains("no block `^nope` in that note"),
        "{error}"
    );
    let hint = error.hint.clone().unwrap_or_default();
    assert!(
        hint.contains("`^para`, `^item`, `^quote`, `^table`"),
        "{hint}"
    );

    // under broken_links = "warn": a warning, and the link as marked text
    let site = std::fs::read_to_string(dir.path().join("site.toml")).expect("site.toml");
    common::write(
        dir.path(),
        "site.toml",
        &format!("{site}\n[content]\nbroken_links = \"warn\"\n"),
    );
    let summary = common::build(dir.path());
    assert!(
        summary
            .warnings
            .iter()
            .any(|w| w.message.contains("no block `^nope`")),
        "{:?}",
        summary.warnings
    );
    let page = main_of(dir.path(), "notes/missing/index.html");
    assert!(page.contains("class=\"broken-link\""), "{page}");
}

#[test]
fn attachments_are_shown_with_a_link_to_the_file() {
    let dir = built_vault();
    let page = main_of(dir.path(), "notes/attachments/index.html");
    for expected in [
        "<figure class=\"attachment attachment-pdf\"><iframe src=\"/repo/attachments/report.pdf\" title=\"report.pdf\" loading=\"lazy\"></iframe><figcaption><a href=\"/repo/attachments/report.pdf\" download>Download: report.pdf</a></figcaption></figure>",
        "<audio class=\"attachment\" controls preload=\"metadata\" src=\"/repo/attachments/sound.wav\" title=\"sound.wav\"><a href=\"/repo/attachments/sound.wav\">sound.wav</a></audio>",
        "<video class=\"attachment\" controls preload=\"metadata\" src=\"/repo/attachments/film.mp4\"",
        "<img src=\"/repo/attachments/karte.png\" alt=\"\" width=\"120\" loading=\"lazy\">",
        "<img src=\"/repo/attachments/karte.png\" alt=\"A map\" width=\"120\" height=\"80\" loading=\"lazy\">",
    ] {
        assert!(page.contains(expected), "missing {expected:?} in:\n{page}");
    }
    // a PDF is a block of its own, not inside a paragraph
    assert!(!page.contains("<p><figure"), "{page}");
    // a wikilink to a file links to it; a heading's path `#Files#Linked` finds the last one
    assert!(
        page.contains("<a href=\"/repo/attachments/report.pdf\">the report</a>"),
        "{page}"
    );
    assert!(
        page.contains("<a class=\"internal\" href=\"/repo/notes/attachments/#linked\">"),
        "{page}"
    );
    assert!(dir.path().join("public/attachments/report.pdf").exists());
    insta::assert_snapshot!(page);
}

#[test]
fn obsidian_properties_publish_cssclasses_and_single_values() {
    let dir = built_vault();
    // publish: false leaves the note out
    assert!(!dir.path().join("public/notes/hidden").exists());
    let files = output_files(&dir.path().join("public"));
    assert!(
        !files
            .iter()
            .any(|(_, text)| text.contains("hiddenpagetext")),
        "an unpublished note reached the output"
    );
    // cssclasses reach the article, made safe
    let styled = common::read(dir.path(), "notes/styled/index.html");
    assert!(
        styled.contains("<article class=\"document note wide two-words\">"),
        "{styled}"
    );
    // aliases and tags as a single string
    let home = main_of(dir.path(), "index.html");
    assert!(home.contains("/repo/notes/styled/"), "{home}");

    // a link to an unpublished note is an error
    let dir = common::copy_fixture("obsidian-vault");
    common::write(
        dir.path(),
        "content/notes/linker.md",
        "---\ntitle: Linker\n---\n\nSee [[Hidden]] and [[Stylish]].\n",
    );
    let failure = common::build_err(dir.path());
    let error = common::one_error(&failure, "content/notes/linker.md");
    assert!(error.message.contains("`Hidden`"), "{error}");
}

#[test]
fn math_becomes_mathml_when_the_site_is_built() {
    let dir = built_vault();
    let page = main_of(dir.path(), "notes/math/index.html");
    assert!(page.contains("Inline, <math"), "{page}");
    assert!(page.contains("<math display=\"block\""), "{page}");
    assert!(page.contains("<mfrac>"), "{page}");
    assert!(page.contains("A price of 5 $ stays text"), "{page}");
    assert!(page.contains("<code>$code$</code>"), "{page}");
    assert!(!page.contains("<script"), "{page}");
    insta::assert_snapshot!(page);
}

#[test]
fn invalid_latex_is_an_error_at_its_line() {
    let dir = common::copy_fixture("obsidian-vault");
    common::write(
        dir.path(),
        "content/notes/broken-math.md",
        "---\ntitle: Broken math\n---\n\nFine $x$.\n\nBroken $\\frac{a}$ here.\n",
    );
    let failure = common::build_err(dir.path());
    let error = common::one_error(&failure, "content/notes/broken-math.md");
    common::assert_points_at(&error, "content/notes/broken-math.md", 7);
    assert!(
        error.message.contains("invalid math `\\frac{a}`"),
        "{error}"
    );
}

#[test]
fn paths_in_wikilinks_start_at_the_notes_folder_as_at_a_vaults_root() {
    let dir = common::dossier(&[
        ("site.toml", common::SITE),
        (
            "content/notes/Energie/CPC.md",
            "---\ntitle: Pipeline\n---\n\nA block. ^kern\n",
        ),
        (
            "content/notes/verweis.md",
            "---\ntitle: Verweis\n---\n\nSiehe [[Energie/CPC]] und [[Energie/CPC#^kern|den Kern]].\n",
        ),
    ]);
    common::build(dir.path());
    let page = main_of(dir.path(), "notes/verweis/index.html");
    assert!(page.contains("href=\"/r/notes/energie/cpc/\""), "{page}");
    assert!(
        page.contains("href=\"/r/notes/energie/cpc/#%5Ekern\">den Kern</a>"),
        "{page}"
    );
}

/// The output paths of the images of a page's diagrams, in order.
fn diagram_images(page: &str) -> Vec<String> {
    page.match_indices("<figure class=\"diagram\"><a href=\"/repo/")
        .map(|(at, prefix)| {
            let rest = &page[at + prefix.len()..];
            rest[..rest.find('"').expect("end of href")].to_owned()
        })
        .collect()
}

#[test]
fn mermaid_blocks_become_svg_images_with_their_source_beside_them() {
    let dir = built_vault();
    let page = main_of(dir.path(), "notes/diagrams/index.html");
    let images = diagram_images(&page);
    assert_eq!(
        images.len(),
        3,
        "a flowchart, a sequence, a pie in a callout:\n{page}"
    );
    for (image, label) in images
        .iter()
        .zip(["Grundbuch", "Keine Äußerung", "Öl- und Gasexporte"])
    {
        assert!(
            image.starts_with("diagrams/") && image.ends_with(".svg"),
            "{image}"
        );
        assert!(
            page.contains(&format!("<img src=\"/repo/{image}\"")),
            "{page}"
        );
        let svg = common::read(dir.path(), image);
        assert!(
            svg.starts_with("<svg") && svg.contains(label),
            "{label} not in {image}"
        );
    }
    // its source stays readable, without images too; other code blocks stay code
    assert!(
        page.contains(
            "<summary>Diagram as text</summary><pre><code class=\"language-mermaid\">flowchart TD\n"
        ),
        "{page}"
    );
    assert!(page.contains("<code class=\"language-rust\">"), "{page}");
    // the page's text alternative: the diagram's own title, else a word that points below
    assert!(page.contains("alt=\"Requests for comment\""), "{page}");
    assert!(page.contains("alt=\"Herkunft der Mittel\""), "{page}");
    assert!(page.contains("alt=\"Diagram (as text below)\""), "{page}");
    assert!(
        !page.contains("<script") && !page.contains("<svg"),
        "{page}"
    );
    insta::assert_snapshot!(page);
}

#[test]
fn an_unchanged_diagram_is_not_written_again() {
    let dir = built_vault();
    let page = main_of(dir.path(), "notes/diagrams/index.html");
    let image = dir.path().join("public").join(&diagram_images(&page)[0]);
    let written = std::fs::metadata(&image).and_then(|m| m.modified());
    common::write(
        dir.path(),
        "content/notes/diagrams.md",
        &std::fs::read_to_string(dir.path().join("content/notes/diagrams.md"))
            .expect("the note")
            .replace("How the money", "How money"),
    );
    let summary = common::build(dir.path());
    assert!(summary.write.written >= 1, "{:?}", summary.write);
    let page = main_of(dir.path(), "notes/diagrams/index.html");
    assert!(page.contains("How money moved"));
    assert_eq!(
        std::fs::metadata(&image).and_then(|m| m.modified()).ok(),
        written.ok()
    );
}

#[test]
fn an_invalid_mermaid_diagram_is_an_error_at_its_line() {
    let dir = common::copy_fixture("obsidian-vault");
    common::write(
        dir.path(),
        "content/notes/broken-diagram.md",
        "---\ntitle: Broken diagram\n---\n\n> [!note]\n> ```mermaid\n> flowchart TD\n>     A --> B\n>     subgraph Zypern\n>         B --> C\n> ```\n",
    );
    let failure = common::build_err(dir.path());
    let error = common::one_error(&failure, "content/notes/broken-diagram.md");
    common::assert_points_at(&error, "content/notes/broken-diagram.md", 9);
    assert!(
        error
            .message
            .contains("invalid mermaid diagram: this block is never closed"),
        "{error}"
    );
    assert!(
        error
            .hint
            .as_deref()
            .is_some_and(|hint| hint.contains("`end`")),
        "{error}"
    );
}

#[test]
fn a_mermaid_diagram_that_draws_nothing_is_a_warning_and_stays_code() {
    let dir = common::dossier(&[
        ("site.toml", common::SITE),
        (
            "content/notes/leer.md",
            "---\ntitle: Leer\n---\n\n```mermaid\nflowchart TD\n    A[offen --> B\n```\n",
        ),
    ]);
    let summary = common::build(dir.path());
    let warning = (summary.warnings.iter())
        .find(|w| w.message.contains("empty picture"))
        .expect("a warning");
    assert_eq!(warning.line, 6, "{warning}");
    let page = main_of(dir.path(), "notes/leer/index.html");
    assert!(page.contains("<pre><code class=\"language-mermaid\">flowchart TD\n    A[offen --&gt; B\n</code></pre>"), "{page}");
    assert!(!dir.path().join("public/diagrams").exists());
}
