//! The theme: the embedded default templates and static files, overridden file by file by the
//! dossier's own `templates/` and `static/`.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::diagnostic::Diagnostic;
use crate::source::{STATIC_DIR, list_files, read_text};

mod compile;

use compile::{TemplateFiles, compile};

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
        let tera = compile(&TemplateFiles {
            sources: &sources,
            overridden: &overridden,
        })?;
        let mut static_files: BTreeMap<String, StaticFile> = embedded::STATIC_FILES
            .iter()
            .map(|(name, bytes)| ((*name).to_owned(), StaticFile::Embedded(bytes)))
            .collect();
        let static_dir = root.join(STATIC_DIR);
        for name in list_files(&static_dir) {
            let path = static_dir.join(&name);
            static_files.insert(name, StaticFile::Disk(path));
        }
        Ok(Theme {
            tera,
            static_files,
            overridden,
            template_sources: sources,
        })
    }

    /// A Tera error met while rendering, as a diagnostic at the template file and line.
    pub fn template_error(&self, error: &tera::Error) -> Diagnostic {
        let files = TemplateFiles {
            sources: &self.template_sources,
            overridden: &self.overridden,
        };
        let mut diagnostics = files.diagnostics(error).into_iter();
        // rendering stops at its first error: there is one
        diagnostics
            .next()
            .unwrap_or_else(|| Diagnostic::error(format!("template: {error}")))
    }
}
