//! `site.toml` → [`Config`]: the dossier's settings, with defaults so `title` and `base_url` suffice.

use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::diagnostic::Diagnostic;
use crate::i18n::Language;
use crate::keys::Strictness;

mod output_dir;
mod site_toml;

pub use output_dir::check_output_on_disk;
use output_dir::{check_output_dir, check_output_override};
use site_toml::{Positions, SiteToml, Written};

pub const CONFIG_FILE: &str = "site.toml";

/// Folders of a dossier that the output directory must never be, nor lie in.
pub const PROTECTED_DIRS: [&str; 3] = ["content", "templates", "static"];

/// What the command line may override.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Overrides {
    /// `--output`: relative to the working directory, may lie outside the root.
    pub output_dir: Option<PathBuf>,
    pub base_url: Option<String>,
    pub drafts: bool,
    /// `--no-search`, and `serve`: no search index, whatever site.toml says.
    pub no_search: bool,
}

/// The settings of one build.
#[derive(Debug, Clone)]
pub struct Config {
    pub root: PathBuf,
    pub title: String,
    pub description: String,
    pub author: Option<String>,
    /// The licence of the dossier's text (`CC BY 4.0`), shown in every page's footer.
    pub license: Option<String>,
    /// Where that licence's terms are (an absolute http(s) address); the footer links to it.
    pub license_url: Option<String>,
    /// Absolute, always ending in `/`: `https://owner.github.io/repo/`.
    pub base_url: String,
    /// The path part of `base_url`, always starting and ending in `/`: `/repo/`.
    pub base_path: String,
    /// As written in site.toml, for `lang` attributes.
    pub language_code: String,
    pub language: Language,
    pub output_dir: PathBuf,
    pub unknown_keys: Strictness,
    pub broken_links: Strictness,
    pub drafts: bool,
    pub cname: Option<String>,
    pub search: bool,
    pub feed_limit: usize,
    pub evidence: EvidenceSettings,
    pub extra: serde_json::Value,
    /// Unknown keys: errors, but the rest of site.toml reads without them, so the build goes
    /// on to report its other errors with these ([`Config::problems`]).
    unknown_keys_found: Vec<Diagnostic>,
}

/// `[evidence]`: how strictly the build weighs the dossier's sources.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
pub struct EvidenceSettings {
    /// A statement whose every source is graded D, E or F: `"warn"` (default), `"error"` or
    /// `"ignore"`.
    #[serde(default = "warn")]
    pub weak_ground: Strictness,
    /// An ungraded source is an error.
    #[serde(default)]
    pub require_reliability: bool,
}

impl Default for EvidenceSettings {
    fn default() -> Self {
        EvidenceSettings {
            weak_ground: Strictness::Warn,
            require_reliability: false,
        }
    }
}

fn warn() -> Strictness {
    Strictness::Warn
}

impl Config {
    /// Reads `site.toml` in `root`. Every problem is reported, not just the first.
    pub fn load(root: &Path, overrides: &Overrides) -> Result<Config, Vec<Diagnostic>> {
        let path = root.join(CONFIG_FILE);
        let text = std::fs::read_to_string(&path).map_err(|e| {
            vec![Diagnostic::error(format!("cannot read {CONFIG_FILE}: {e}"))
                .in_file(CONFIG_FILE)
                .with_hint(format!(
                    "run dossier in a dossier's folder (one with {CONFIG_FILE} and content/), or pass --root DIR"
                ))]
        })?;
        Self::parse(root, &text, overrides)
    }

    pub fn parse(
        root: &Path,
        text: &str,
        overrides: &Overrides,
    ) -> Result<Config, Vec<Diagnostic>> {
        let Written {
            site,
            unknown_keys: unknown_keys_found,
            positions,
        } = Written::read(text)?;
        let mut problems = Vec::new();

        let title = site.title.clone().unwrap_or_default();
        if title.trim().is_empty() {
            problems.push(
                positions
                    .error_at("title", "the dossier has no title".into())
                    .with_hint("add a line such as `title = \"Mein Dossier\"` to site.toml"),
            );
        }

        let cname = site
            .cname
            .as_ref()
            .map(|c| c.trim().trim_end_matches('/').to_owned());
        let base = base_url(&site, cname.as_deref(), overrides, &positions)
            .map_err(|problem| problems.push(problem))
            .ok();

        let (license, license_url) = license(&site, &positions)
            .map_err(|problem| problems.push(problem))
            .unwrap_or_default();

        let output_dir = match &overrides.output_dir {
            Some(dir) => check_output_override(root, dir).map_err(Diagnostic::error),
            None => check_output_dir(
                root,
                site.output_dir.as_deref().unwrap_or(Path::new("public")),
            )
            .map_err(|why| positions.error_at("output_dir", why)),
        };
        let output_dir = output_dir.map_err(|d| problems.push(d)).ok();

        let language_code = site.language.clone().unwrap_or_else(|| "en".to_owned());
        if !problems.is_empty() {
            return Err(unknown_keys_found.into_iter().chain(problems).collect());
        }
        let (Some((base_url, base_path)), Some(output_dir)) = (base, output_dir) else {
            return Err(problems);
        };
        Ok(Config {
            root: root.to_path_buf(),
            title,
            description: site.description,
            author: site.author,
            license,
            license_url,
            base_url,
            base_path,
            language: Language::from_code(&language_code),
            language_code,
            output_dir,
            unknown_keys: site.content.unknown_keys,
            broken_links: site.content.broken_links,
            drafts: overrides.drafts,
            cname,
            search: site.search.enabled && !overrides.no_search,
            feed_limit: site.feed.limit,
            evidence: site.evidence,
            unknown_keys_found,
            extra: site.extra,
        })
    }

    /// What is wrong with site.toml but does not keep it from being read: unknown keys (errors,
    /// reported with the build's others) and settings that build but may not be what the
    /// author meant (warnings).
    pub fn problems(&self) -> Vec<Diagnostic> {
        let mut warnings = self.unknown_keys_found.clone();
        if !Language::is_supported(&self.language_code) {
            warnings.push(
                Diagnostic::warning(format!(
                    "the interface has no words for language `{}`; English is used",
                    self.language_code
                ))
                .in_file(CONFIG_FILE)
                .with_hint("supported languages: de, en"),
            );
        }
        warnings
    }

    /// The site-relative URL (`/repo/actors/tokajew/`) of an output path (`actors/tokajew/`).
    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.base_path, path.trim_start_matches('/'))
    }

    /// The absolute URL (`https://owner.github.io/repo/actors/tokajew/`) of an output path.
    pub fn absolute_url(&self, path: &str) -> String {
        format!("{}{}", self.base_url, path.trim_start_matches('/'))
    }
}

/// The base URL and its path: `--base-url`, else the `cname`'s address, else `base_url`.
fn base_url(
    site: &SiteToml,
    cname: Option<&str>,
    overrides: &Overrides,
    positions: &Positions,
) -> Result<(String, String), Diagnostic> {
    let written_url = overrides
        .base_url
        .clone()
        .or_else(|| cname.map(|c| format!("https://{c}/")))
        .or(site.base_url.clone());
    let Some(url) = written_url else {
        return Err(Diagnostic::error("site.toml has no `base_url`")
            .in_file(CONFIG_FILE)
            .with_hint(
                "add the site's public address, e.g. `base_url = \"https://owner.github.io/repo/\"`",
            ));
    };
    parse_base_url(&url).map_err(|why| {
        let problem = match overrides.base_url.is_some() {
            true => Diagnostic::error(format!("--base-url `{url}` is not a usable address: {why}")),
            false => positions.error_at(
                "base_url",
                format!("`{url}` is not a usable base_url: {why}"),
            ),
        };
        problem.with_hint(
            "write the full public address with its scheme, e.g. `https://owner.github.io/repo/`",
        )
    })
}

/// The licence's name and the address of its terms, both optional; blank counts as unset.
fn license(
    site: &SiteToml,
    positions: &Positions,
) -> Result<(Option<String>, Option<String>), Diagnostic> {
    let written = |value: &Option<String>| {
        value
            .as_deref()
            .map(str::trim)
            .filter(|v| !v.is_empty())
            .map(str::to_owned)
    };
    let license_url = written(&site.license_url);
    if let Some(Err(why)) = license_url.as_deref().map(check_license_url) {
        return Err(positions.error_at("license_url", why).with_hint(
            "write the full address of the licence's terms, e.g. `https://creativecommons.org/licenses/by/4.0/`",
        ));
    }
    Ok((written(&site.license), license_url))
}

/// `https://owner.github.io/repo` → (`https://owner.github.io/repo/`, `/repo/`).
fn parse_base_url(text: &str) -> Result<(String, String), String> {
    let url = url::Url::parse(text.trim()).map_err(|e| e.to_string())?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err(format!(
            "the scheme must be http or https, not `{}`",
            url.scheme()
        ));
    }
    if url.host_str().is_none_or(str::is_empty) {
        return Err("it has no host".into());
    }
    if url.query().is_some() || url.fragment().is_some() {
        return Err("it must not have a query or fragment".into());
    }
    let mut path = url.path().to_owned();
    if !path.ends_with('/') {
        path.push('/');
    }
    let mut base = url.clone();
    base.set_path(&path);
    Ok((base.to_string(), path))
}

/// `license_url`: an absolute http(s) address, since the footer links to it from every page.
fn check_license_url(text: &str) -> Result<(), String> {
    let url = url::Url::parse(text)
        .map_err(|e| format!("license_url `{text}` is not an address: {e}"))?;
    match url.scheme() {
        "http" | "https" => Ok(()),
        scheme => Err(format!(
            "license_url `{text}` must start with https:// or http://, not `{scheme}:`"
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Config, Vec<Diagnostic>> {
        Config::parse(Path::new("/d"), text, &Overrides::default())
    }

    fn first_error(text: &str) -> Diagnostic {
        match parse(text) {
            Ok(config) => config
                .problems()
                .into_iter()
                .find(Diagnostic::is_error)
                .unwrap_or_else(|| panic!("expected an error for {text:?}")),
            Err(mut problems) => problems.remove(0),
        }
    }

    #[test]
    fn title_and_base_url_suffice() {
        let config = parse("title = \"T\"\nbase_url = \"https://o.github.io/repo\"")
            .unwrap_or_else(|e| panic!("{e:?}"));
        assert_eq!(config.base_url, "https://o.github.io/repo/");
        assert_eq!(config.base_path, "/repo/");
        assert_eq!(config.output_dir, Path::new("/d/public"));
        assert_eq!(config.url("actors/x/"), "/repo/actors/x/");
        assert_eq!(config.language, Language::En);
    }

    #[test]
    fn unknown_key_points_at_its_line() {
        let error = first_error("title = \"T\"\nbase_url = \"https://x.org/\"\ntitel = \"x\"\n");
        assert_eq!(error.message, "unknown key `titel` in site.toml");
        assert_eq!(error.line, 3);
        assert_eq!(error.hint.as_deref(), Some("did you mean `title`?"));
    }

    #[test]
    fn an_unknown_key_leaves_the_rest_readable() {
        let config = parse("title = \"T\"\nbase_url = \"https://x.org/\"\ntitel = \"x\"\n")
            .unwrap_or_else(|e| panic!("{e:?}"));
        assert_eq!(config.title, "T");
        let errors: Vec<String> = config
            .problems()
            .into_iter()
            .filter(Diagnostic::is_error)
            .map(|d| d.message)
            .collect();
        assert_eq!(errors, ["unknown key `titel` in site.toml"]);
    }

    #[test]
    fn strictness_words_are_checked() {
        let with = |line: &str| {
            format!("title = \"T\"\nbase_url = \"https://x.org/\"\n[content]\n{line}\n")
        };
        let error = first_error(&with("unknown_keys = true"));
        assert_eq!(
            error.message,
            "invalid type: boolean `true`, expected \"error\", \"warn\" or \"ignore\""
        );
        assert_eq!(error.line, 4);
        let error = first_error(&with("broken_links = \"ignore\""));
        assert_eq!(
            error.message,
            "invalid value: string \"ignore\", expected \"error\" or \"warn\""
        );
        let config = parse(&with("unknown_keys = \"ignore\"")).map(|c| c.unknown_keys);
        assert_eq!(config.ok(), Some(Strictness::Ignore));
    }

    #[test]
    fn unknown_tables_and_section_keys_point_at_their_lines() {
        let error = first_error("title = \"T\"\nbase_url = \"https://x.org/\"\n\n[serach]\n");
        assert_eq!(error.message, "unknown key `serach` in site.toml");
        assert_eq!(error.line, 4);
        let text = "title = \"T\"\nbase_url = \"https://x.org/\"\n[feed]\nlimit = 5\n[content]\n  limit = 3\n";
        let error = first_error(text);
        assert_eq!(error.message, "unknown key `limit` in [content]");
        assert_eq!(error.line, 6);
    }

    #[test]
    fn missing_title_and_bad_url_are_both_reported() {
        let problems = parse("base_url = \"owner.github.io\"")
            .err()
            .unwrap_or_default();
        assert_eq!(problems.len(), 2, "{problems:?}");
        assert!(problems[0].message.contains("no title"));
        assert!(problems[1].message.contains("not a usable base_url"));
    }

    #[test]
    fn output_dir_must_not_hold_sources() {
        for dir in [
            ".",
            "content",
            "templates/x",
            "static",
            "..",
            "/elsewhere",
            "a/../..",
        ] {
            let text =
                format!("title = \"T\"\nbase_url = \"https://x.org/\"\noutput_dir = \"{dir}\"\n");
            let error = first_error(&text);
            assert!(
                error.message.contains("output_dir"),
                "{dir}: {}",
                error.message
            );
            assert_eq!(error.line, 3);
        }
        let text = "title = \"T\"\nbase_url = \"https://x.org/\"\noutput_dir = \"/d/site/out\"\n";
        assert_eq!(
            parse(text).map(|c| c.output_dir).ok(),
            Some(PathBuf::from("/d/site/out"))
        );
    }

    #[test]
    fn evidence_settings_default_to_warnings_and_are_checked() {
        let base = "title = \"T\"\nbase_url = \"https://x.org/\"\n";
        let config = parse(base).map(|c| c.evidence);
        assert_eq!(config.ok(), Some(EvidenceSettings::default()));
        let text =
            format!("{base}[evidence]\nweak_ground = \"error\"\nrequire_reliability = true\n");
        let config = parse(&text).map(|c| c.evidence);
        let expected = EvidenceSettings {
            weak_ground: Strictness::Error,
            require_reliability: true,
        };
        assert_eq!(config.ok(), Some(expected));
        let error = first_error(&format!("{base}[evidence]\nweak_ground = \"loud\"\n"));
        assert_eq!(
            error.message,
            "invalid value: string \"loud\", expected \"error\", \"warn\" or \"ignore\""
        );
        assert_eq!(error.line, 4);
        let error = first_error(&format!("{base}[evidence]\nweak_grund = \"warn\"\n"));
        assert_eq!(error.message, "unknown key `weak_grund` in [evidence]");
        assert_eq!(error.line, 4);
    }

    #[test]
    fn license_is_optional_and_its_address_is_checked() {
        let base = "title = \"T\"\nbase_url = \"https://x.org/\"\n";
        let config = parse(base).unwrap_or_else(|e| panic!("{e:?}"));
        assert_eq!((config.license, config.license_url), (None, None));

        let set = format!(
            "{base}license = \" CC BY 4.0 \"\nlicense_url = \"https://creativecommons.org/licenses/by/4.0/\"\n"
        );
        let config = parse(&set).unwrap_or_else(|e| panic!("{e:?}"));
        assert_eq!(config.license.as_deref(), Some("CC BY 4.0"));
        assert_eq!(
            config.license_url.as_deref(),
            Some("https://creativecommons.org/licenses/by/4.0/")
        );
        let blank = parse(&format!("{base}license = \"  \"\n")).map(|c| c.license);
        assert_eq!(blank.ok(), Some(None));

        let error = first_error(&format!(
            "{base}license = \"CC BY 4.0\"\nlicense_url = \"javascript:alert(1)\"\n"
        ));
        assert_eq!(
            error.message,
            "license_url `javascript:alert(1)` must start with https:// or http://, not `javascript:`"
        );
        assert_eq!(error.line, 4);
        let error = first_error(&format!("{base}license_url = \"creativecommons.org\"\n"));
        assert!(
            error.message.contains("is not an address"),
            "{}",
            error.message
        );
        assert_eq!(error.line, 3);
    }

    #[test]
    fn cname_sets_the_base_url() {
        let config = parse(
            "title = \"T\"\nbase_url = \"https://o.github.io/r/\"\ncname = \"dossier.example.org\"",
        );
        let config = config.unwrap_or_else(|e| panic!("{e:?}"));
        assert_eq!(config.base_url, "https://dossier.example.org/");
        assert_eq!(config.base_path, "/");
    }
}
