//! The theme's templates compiled by Tera, and Tera's errors as diagnostics at the template
//! files: every template that fails is reported in one build, not only the first.

use std::collections::BTreeMap;
use std::path::Path;

use super::TEMPLATES_DIR;
use crate::diagnostic::{Diagnostic, did_you_mean};

/// The templates of a build by name, and which of them are the dossier's own: what a Tera
/// error is pointed at.
pub(super) struct TemplateFiles<'a> {
    pub sources: &'a BTreeMap<String, String>,
    pub overridden: &'a [String],
}

/// Compiles the templates. Tera stops at the first template it cannot parse or whose parent
/// is missing; each such template is reported, replaced by a stand-in that defines the same
/// blocks (so that templates extending or including it raise nothing new), and the rest is
/// compiled again, until every such error is found. The errors Tera collects in one pass (an
/// unknown template, filter or block) come last.
pub(super) fn compile(files: &TemplateFiles) -> Result<tera::Tera, Vec<Diagnostic>> {
    let mut stand_ins: BTreeMap<&str, String> = BTreeMap::new();
    let mut problems = Vec::new();
    loop {
        let mut tera = tera::Tera::new();
        tera.autoescape_on(vec![".html", ".htm", ".xml"]);
        let templates = files.sources.iter().map(|(name, text)| {
            let text = stand_ins.get(name.as_str()).unwrap_or(text);
            (name.as_str(), text.as_str())
        });
        let error = match tera.add_raw_templates(templates) {
            Ok(()) if problems.is_empty() => return Ok(tera),
            Ok(()) => return Err(problems),
            Err(error) => error,
        };
        let culprit = failed_template(&error)
            .and_then(|name| files.sources.get_key_value(name))
            .filter(|(name, _)| !stand_ins.contains_key(name.as_str()));
        problems.extend(files.diagnostics(&error));
        match culprit {
            Some((name, text)) => {
                stand_ins.insert(name, stand_in(text));
            }
            None => return Err(problems),
        }
    }
}

/// The template an error stops compiling at, when it is one template's fault.
fn failed_template(error: &tera::Error) -> Option<&str> {
    match error.kind() {
        tera::ErrorKind::SyntaxError(report) => Some(report.filename()),
        tera::ErrorKind::MissingParent { current, .. } => Some(current),
        tera::ErrorKind::CircularExtend { tpl, .. } => Some(tpl),
        tera::ErrorKind::CircularInclude { include_chain, .. } => {
            // the template whose include closes the cycle
            include_chain.iter().rev().nth(1).map(String::as_str)
        }
        _ => None,
    }
}

/// A template with the blocks of `text` and nothing else.
fn stand_in(text: &str) -> String {
    let mut blocks: Vec<&str> = Vec::new();
    for (index, _) in text.match_indices("{%") {
        let tag = text[index + 2..].trim_start_matches(['-', ' ', '\t', '\n']);
        let Some(rest) = tag.strip_prefix("block ") else {
            continue;
        };
        let name = rest
            .trim_start()
            .split(|c: char| !(c.is_alphanumeric() || c == '_'))
            .next()
            .unwrap_or_default();
        if !name.is_empty() && !blocks.contains(&name) {
            blocks.push(name);
        }
    }
    blocks
        .iter()
        .map(|name| format!("{{% block {name} %}}{{% endblock {name} %}}\n"))
        .collect()
}

impl TemplateFiles<'_> {
    /// A Tera error as diagnostics, each at its template file and line where Tera says or the
    /// template's text shows it.
    pub fn diagnostics(&self, error: &tera::Error) -> Vec<Diagnostic> {
        let with_causes = |message: String| {
            let mut message = message;
            let mut source = std::error::Error::source(error);
            while let Some(cause) = source {
                message.push_str(&format!(": {cause}"));
                source = cause.source();
            }
            Diagnostic::error(format!("template: {message}"))
        };
        match error.kind() {
            tera::ErrorKind::SyntaxError(report) | tera::ErrorKind::RenderingError(report) => {
                let span = report.span();
                let diagnostic = with_causes(report.message().to_owned());
                vec![self.at(
                    diagnostic,
                    report.filename(),
                    span.start_line,
                    span.start_col + 1,
                )]
            }
            tera::ErrorKind::MissingParent { current, parent } => {
                let diagnostic = with_causes(format!(
                    "`{current}` extends `{parent}`, which does not exist"
                ))
                .with_optional_hint(self.near_name(parent));
                vec![self.at_tag(diagnostic, current, "extends", parent)]
            }
            tera::ErrorKind::CircularExtend {
                tpl,
                inheritance_chain,
            } => {
                let chain = std::iter::once(tpl).chain(inheritance_chain);
                let diagnostic = with_causes(format!(
                    "`{tpl}` extends itself: {}",
                    chain.map(String::as_str).collect::<Vec<_>>().join(" → ")
                ));
                let parent = inheritance_chain.first().map_or("", String::as_str);
                vec![self.at_tag(diagnostic, tpl, "extends", parent)]
            }
            tera::ErrorKind::CircularInclude { include_chain, .. } => {
                let diagnostic = with_causes(format!(
                    "templates include each other: {}",
                    include_chain.join(" → ")
                ));
                let mut last = include_chain.iter().rev();
                match (last.nth(1), include_chain.last()) {
                    (Some(from), Some(to)) => vec![self.at_tag(diagnostic, from, "include", to)],
                    _ => vec![diagnostic],
                }
            }
            tera::ErrorKind::Msg(text) if text.starts_with("error: ") => text
                .split("\n\nerror: ")
                .map(|report| self.report_diagnostic(report.trim_start_matches("error: ")))
                .collect(),
            other => vec![with_causes(other.to_string())],
        }
    }

    /// One of the reports Tera joins into one message when it checks all templates at once:
    /// `Unknown template `x`\n  --> note.html:20:18\n …`. Tera keeps no other form of them.
    fn report_diagnostic(&self, report: &str) -> Diagnostic {
        let message = report.lines().next().unwrap_or_default();
        let mut diagnostic = Diagnostic::error(format!("template: {message}"));
        if let Some(name) = unknown_template(message) {
            diagnostic = diagnostic.with_optional_hint(self.near_name(name));
        }
        let locus = report
            .lines()
            .find_map(|line| line.trim_start().strip_prefix("--> "));
        let place = locus.and_then(|locus| {
            let mut parts = locus.rsplitn(3, ':');
            let column = parts.next()?.parse().ok()?;
            let line = parts.next()?.parse().ok()?;
            Some((parts.next()?, line, column))
        });
        match place {
            Some((name, line, column)) => self.at(diagnostic, name, line, column),
            None => Diagnostic::error(format!("template: {report}")),
        }
    }

    /// Points at the first `{% tag "name" %}` of a template, or at the template as a whole.
    fn at_tag(&self, diagnostic: Diagnostic, template: &str, tag: &str, name: &str) -> Diagnostic {
        let text = self.sources.get(template).map_or("", String::as_str);
        let found = text.lines().enumerate().find_map(|(index, line)| {
            let after_tag = line.find(tag)? + tag.len();
            let at = after_tag + line[after_tag..].find(name)?;
            Some((index + 1, line[..at].chars().count() + 1))
        });
        let (line, column) = found.unwrap_or((0, 0));
        self.at(diagnostic, template, line, column)
    }

    /// Points at a template's file: `templates/note.html` of the dossier, or the built-in one.
    pub fn at(&self, diagnostic: Diagnostic, name: &str, line: usize, column: usize) -> Diagnostic {
        let line_text = self
            .sources
            .get(name)
            .and_then(|text| text.lines().nth(line.checked_sub(1)?));
        let diagnostic = match line_text {
            Some(text) => diagnostic.with_snippet(text),
            None => diagnostic,
        };
        if self.overridden.iter().any(|own| own == name) {
            return diagnostic
                .in_file(Path::new(TEMPLATES_DIR).join(name))
                .at(line, column);
        }
        let diagnostic = diagnostic
            .in_file(format!("(built-in) {TEMPLATES_DIR}/{name}"))
            .at(line, column);
        if diagnostic.hint.is_some() {
            return diagnostic;
        }
        diagnostic.with_hint(
            "the built-in template does not work with this dossier's own templates or data; \
             copy it into templates/ to adapt it",
        )
    }

    /// "did you mean `base.html`?" for a template name nothing has.
    fn near_name(&self, name: &str) -> Option<String> {
        did_you_mean(name, self.sources.keys().map(String::as_str))
    }
}

/// `x` of "Unknown template `x`".
fn unknown_template(message: &str) -> Option<&str> {
    message
        .strip_prefix("Unknown template `")?
        .strip_suffix('`')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sources(templates: &[(&str, &str)]) -> BTreeMap<String, String> {
        templates
            .iter()
            .map(|(name, text)| ((*name).to_owned(), (*text).to_owned()))
            .collect()
    }

    /// Compiles `templates`, all of them the dossier's own; the errors as `file:line:col`.
    fn errors(templates: &[(&str, &str)]) -> Vec<String> {
        let sources = sources(templates);
        let overridden: Vec<String> = sources.keys().cloned().collect();
        let files = TemplateFiles {
            sources: &sources,
            overridden: &overridden,
        };
        match compile(&files) {
            Ok(_) => Vec::new(),
            Err(problems) => problems
                .iter()
                .map(|d| d.location().unwrap_or_else(|| d.message.clone()))
                .collect(),
        }
    }

    #[test]
    fn stand_ins_keep_the_blocks_only() {
        let text = "{% extends \"base.html\" %}\n{%- block main %}{{ x }\n{% block title -%}\
                    a{% endblock title %}{% block main %}";
        assert_eq!(
            stand_in(text),
            "{% block main %}{% endblock main %}\n{% block title %}{% endblock title %}\n"
        );
    }

    #[test]
    fn every_template_that_does_not_parse_is_reported() {
        let found = errors(&[
            ("base.html", "{% block main %}{% endblock main %}"),
            (
                "a.html",
                "{% extends \"base.html\" %}\n{% block main %}{{ x }{% endblock main %}",
            ),
            ("b.html", "{% include \"a.html\" %}\n\n{% if %}"),
            (
                "c.html",
                "{% extends \"a.html\" %}{% block main %}ok{% endblock main %}",
            ),
        ]);
        assert_eq!(found, ["templates/a.html:2:22", "templates/b.html:3:7"]);
    }

    #[test]
    fn a_missing_parent_and_an_unknown_include_are_reported_together() {
        let found = errors(&[
            ("base.html", "{% block main %}{% endblock main %}"),
            ("tag.html", "\n{% extends \"nobase.html\" %}"),
            (
                "note.html",
                "{{ 1 }}\n  {% include \"partials/nope.html\" %}",
            ),
            ("x.html", "{{ y }"),
        ]);
        assert_eq!(
            found,
            [
                "templates/x.html:1:6",
                "templates/tag.html:2:13",
                "templates/note.html:2:14"
            ]
        );
    }

    #[test]
    fn an_include_cycle_points_at_the_include_that_closes_it() {
        let found = errors(&[
            ("a.html", "{% include \"b.html\" %}"),
            ("b.html", "x\n{% include \"a.html\" %}"),
        ]);
        assert_eq!(found, ["templates/b.html:2:13"]);
    }
}
