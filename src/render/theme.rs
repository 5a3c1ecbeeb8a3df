//! The theme: the embedded default templates and static files, overridden file by file by the
//! dossier's own `templates/` and `static/`.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::diagnostic::Diagnostic;
use crate::source::{STATIC_DIR, list_files, read_text};

mod embedded {
    include!(concat!(env!("OUT_DIR"), "/embedded.rs"));
}

pub const TEMPLATES_DIR: &str = "templates";

/// A static file to copy: from the binary or from the dossier.
#[derive(Debug, Clone)]
pub enum StaticFile {
    Embedded(&'static [u8]),
    Disk(PathBuf),
}

/// The loaded templates and the static files of a build.
pub struct Theme {
    pub tera: tera::Tera,
    /// By output path.
    pub static_files: BTreeMap<String, StaticFile>,
    /// Template names the dossier overrides, for pointing errors at the right file.
    overridden: Vec<String>,
    /// Every template's text by name, defaults and overrides.
    pub template_sources: BTreeMap<String, String>,
}

impl Theme {
    /// Loads the default templates, then the dossier's own over them.
    pub fn load(root: &Path) -> Result<Theme, Vec<Diagnostic>> {
        let mut sources: BTreeMap<String, String> = embedded::TEMPLATES
            .iter()
            .map(|(name, text)| ((*name).to_owned(), (*text).to_owned()))
            .collect();
        let mut overridden = Vec::new();
        let mut problems = Vec::new();
        let dir = root.join(TEMPLATES_DIR);
        for name in list_files(&dir) {
            let rel = Path::new(TEMPLATES_DIR).join(&name);
            match read_text(&dir.join(&name), &rel) {
                Ok(text) => {
                    overridden.push(name.clone());
                    sources.insert(name, text);
                }
                Err(diagnostic) => problems.push(diagnostic),
            }
        }
        if !problems.is_empty() {
            return Err(problems);
        }
        let mut tera = tera::Tera::new();
        tera.autoescape_on(vec![".html", ".htm", ".xml"]);
        let mut theme = Theme {
            tera: tera::Tera::new(),
            static_files: BTreeMap::new(),
            overridden,
            template_sources: BTreeMap::new(),
        };
        if let Err(error) =
            tera.add_raw_templates(sources.iter().map(|(n, t)| (n.as_str(), t.as_str())))
        {
            return Err(vec![theme.template_error(&error)]);
        }
        theme.tera = tera;
        theme.template_sources = sources;
        theme.static_files = embedded::STATIC_FILES
            .iter()
            .map(|(name, bytes)| ((*name).to_owned(), StaticFile::Embedded(bytes)))
            .collect();
        let static_dir = root.join(STATIC_DIR);
        for name in list_files(&static_dir) {
            let path = static_dir.join(&name);
            theme.static_files.insert(name, StaticFile::Disk(path));
        }
        Ok(theme)
    }

    /// A Tera error as a diagnostic at the template file and line.
    pub fn template_error(&self, error: &tera::Error) -> Diagnostic {
        let (message, file, line, column) = match error.kind() {
            tera::ErrorKind::SyntaxError(report) | tera::ErrorKind::RenderingError(report) => {
                let span = report.span();
                (
                    report.message().to_owned(),
                    Some(report.filename().to_owned()),
                    span.start_line,
                    span.start_col + 1,
                )
            }
            other => (other.to_string(), None, 0, 0),
        };
        let mut source = std::error::Error::source(error);
        let mut message = message;
        while let Some(cause) = source {
            message.push_str(&format!(": {cause}"));
            source = cause.source();
        }
        let diagnostic = Diagnostic::error(format!("template: {message}"));
        match file {
            Some(name) if self.overridden.contains(&name) => {
                diagnostic.in_file(Path::new(TEMPLATES_DIR).join(&name)).at(line, column)
            }
            Some(name) => diagnostic
                .in_file(format!("(built-in) templates/{name}"))
                .at(line, column)
                .with_hint("the built-in template failed with this dossier's data; copy it into templates/ to adapt it"),
            None => diagnostic,
        }
    }
}
