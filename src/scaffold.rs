//! `dossier init` and `dossier new`: a new dossier that builds at once, and new notes, actors,
//! sources and events with the right front matter. Neither ever overwrites a file.

use std::path::{Path, PathBuf};

use anyhow::{Context as _, anyhow, bail};

use crate::config::CONFIG_FILE;
use crate::slug::slugify;
use crate::source::CONTENT_DIR;

const SITE_TOML: &str = include_str!("scaffold/site.toml");
const HOME: &str = include_str!("scaffold/_index.md");
const ACTOR: &str = include_str!("scaffold/actor.md");
const ORGANISATION: &str = include_str!("scaffold/organisation.md");
const NOTE: &str = include_str!("scaffold/note.md");
const SOURCE: &str = include_str!("scaffold/source.md");
const TIMELINE: &str = include_str!("scaffold/timeline.yaml");
const GITIGNORE: &str = include_str!("scaffold/gitignore");
const PAGES_WORKFLOW: &str = include_str!("scaffold/pages.yml");

/// What `init` is asked for.
#[derive(Debug, Clone)]
pub struct InitOptions {
    pub dir: PathBuf,
    pub title: Option<String>,
    /// `de` or `en`.
    pub language: String,
}

/// Creates a new dossier in `dir`, which must be missing or empty. Returns the files written.
pub fn init(options: &InitOptions, today: &str) -> anyhow::Result<Vec<PathBuf>> {
    let dir = &options.dir;
    if dir.exists() {
        let mut entries =
            std::fs::read_dir(dir).with_context(|| format!("cannot read {}", dir.display()))?;
        if entries.next().is_some() {
            bail!(
                "{} is not empty: `dossier init` writes only into a new or empty folder",
                dir.display()
            );
        }
    }
    if !matches!(options.language.as_str(), "de" | "en") {
        bail!("language must be `de` or `en`, not `{}`", options.language);
    }
    let name = dir
        .canonicalize()
        .ok()
        .or_else(|| Some(dir.clone()))
        .and_then(|d| d.file_name().map(|n| n.to_string_lossy().into_owned()))
        .map(|n| slugify(&n))
        .filter(|n| !n.is_empty())
        .unwrap_or_else(|| String::from("dossier"));
    let title = options
        .title
        .clone()
        .unwrap_or_else(|| String::from("Neues Dossier"));
    let fill = |text: &str| {
        text.replace("{title}", &toml_and_yaml_safe(&title))
            .replace("{name}", &name)
            .replace("{language}", &options.language)
            .replace("{today}", today)
    };
    let files: [(&str, String); 10] = [
        (CONFIG_FILE, fill(SITE_TOML)),
        ("content/_index.md", fill(HOME)),
        ("content/actors/beispielperson.md", fill(ACTOR)),
        ("content/actors/beispielorganisation.md", fill(ORGANISATION)),
        ("content/notes/erste-notiz.md", fill(NOTE)),
        ("content/sources/beispielquelle.md", fill(SOURCE)),
        ("content/timeline/ereignisse.yaml", fill(TIMELINE)),
        (".gitignore", GITIGNORE.to_owned()),
        (".github/workflows/pages.yml", pages_workflow()),
        ("README.md", fill(README)),
    ];
    let mut written = Vec::new();
    for (path, text) in files {
        written.push(write_new(&dir.join(path), &text)?);
    }
    Ok(written)
}

/// The GitHub Pages workflow `init` writes: it downloads the release binary of this very
/// version of dossier from this crate's repository (both pinned here, as the workflow is
/// written), and checks its SHA-256.
pub fn pages_workflow() -> String {
    PAGES_WORKFLOW
        .replace("{version}", env!("CARGO_PKG_VERSION"))
        .replace("{repository}", env!("CARGO_PKG_REPOSITORY"))
}

const README: &str = "# {title}\n\nEin Dossier für `dossier`. Bauen: `dossier build` (die Seite landet in `public/`),\n\
ansehen beim Schreiben: `dossier serve`.\n\n- `content/actors/`: Personen, Staaten, Organisationen\n\
- `content/notes/`: Notizen zu Themen\n- `content/sources/`: Quellen mit ihren Aussagen (claims)\n\
- `content/timeline/`: Ereignisse als YAML-Listen\n";

/// Titles go into `title = \"…\"` and `title: …`: keep them to one line without quotes.
fn toml_and_yaml_safe(title: &str) -> String {
    let spaced: String = title
        .chars()
        .map(|c| match c {
            '"' | '\\' | ':' | '#' => ' ',
            c => c,
        })
        .collect();
    spaced.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// What `new` creates.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NewKind {
    Actor,
    Note,
    Source,
    Event,
}

/// Creates one new file in the dossier at `root`. Returns its path.
pub fn new(
    root: &Path,
    kind: NewKind,
    slug: Option<&str>,
    title: Option<&str>,
    today: &str,
) -> anyhow::Result<PathBuf> {
    if !root.join(CONFIG_FILE).is_file() {
        bail!(
            "{} has no {CONFIG_FILE}: run `dossier new` in a dossier's folder, or pass --root DIR",
            root.display()
        );
    }
    let title = title.map(toml_and_yaml_safe);
    let slug = match (slug, &title) {
        (Some(slug), _) => slugify(slug),
        (None, Some(title)) => slugify(title),
        (None, None) if kind == NewKind::Event => String::from("ereignis"),
        (None, None) => bail!("give the new file a name: `dossier new note mein-thema`"),
    };
    if slug.is_empty() {
        bail!("the name must contain letters or digits");
    }
    let title = title.unwrap_or_else(|| title_from_slug(&slug));
    let content = root.join(CONTENT_DIR);
    let (path, text) = match kind {
        NewKind::Actor => (
            content.join("actors").join(format!("{slug}.md")),
            format!(
                "---\ntitle: {title}\nkind: person\nsummary:\naliases: []\ntags: []\nrelations: []\n---\n\n"
            ),
        ),
        NewKind::Note => (
            content.join("notes").join(format!("{slug}.md")),
            format!(
                "---\ntitle: {title}\nsummary:\ndate: {today}\nactors: []\nsources: []\ntags: []\n---\n\n"
            ),
        ),
        NewKind::Source => (
            content.join("sources").join(format!("{slug}.md")),
            format!(
                "---\ntitle: {title}\nkind: article\npublisher:\npublished: {today}\nurl:\naccessed: {today}\nreliability:\nreliability_note:\narchive:\narchived:\nclaims: []\n---\n\n"
            ),
        ),
        NewKind::Event => (
            content
                .join("timeline")
                .join(format!("{today}-{slug}.yaml")),
            format!(
                "- date: {today}\n  title: {title}\n  summary:\n  actors: []\n  sources: []\n  tags: []\n"
            ),
        ),
    };
    write_new(&path, &text)
}

fn title_from_slug(slug: &str) -> String {
    let words: Vec<String> = slug
        .split('-')
        .filter(|w| !w.is_empty())
        .map(|w| w.to_owned())
        .collect();
    let mut title = words.join(" ");
    if let Some(first) = title.get(..1) {
        title = first.to_uppercase() + &title[1..];
    }
    title
}

/// Writes a file that must not exist yet.
fn write_new(path: &Path, text: &str) -> anyhow::Result<PathBuf> {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent)
            .with_context(|| format!("cannot create {}", parent.display()))?;
    }
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
        .map_err(|e| match e.kind() {
            std::io::ErrorKind::AlreadyExists => anyhow!(
                "{} already exists; dossier does not overwrite it (choose another name)",
                path.display()
            ),
            _ => anyhow!("cannot create {}: {e}", path.display()),
        })?;
    std::io::Write::write_all(&mut file, text.as_bytes())
        .with_context(|| format!("cannot write {}", path.display()))?;
    Ok(path.to_path_buf())
}
