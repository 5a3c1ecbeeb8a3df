//! One build, stage by stage: config → source → model → link → render → output.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::config::{Config, Overrides};
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::output::{NoOutput, OutputDir, WriteReport};
use crate::render::{self, Theme};
use crate::{link, model, source};

/// What `build` and `check` are asked to do.
#[derive(Debug, Clone, Default)]
pub struct BuildOptions {
    pub root: PathBuf,
    pub overrides: Overrides,
}

/// What a build did.
#[derive(Debug, Default)]
pub struct BuildSummary {
    pub pages: usize,
    pub files: usize,
    pub events: usize,
    pub actors: usize,
    pub notes: usize,
    pub sources: usize,
    pub output_dir: Option<PathBuf>,
    pub write: WriteReport,
    pub elapsed: Duration,
    /// Each stage in order: how long it took, and the peak memory so far (bytes, where known).
    pub timings: Vec<(&'static str, Duration, Option<u64>)>,
    pub warnings: Vec<Diagnostic>,
}

impl BuildSummary {
    /// "412 pages, 57 events, 18 actors in 0.21 s".
    pub fn line(&self) -> String {
        format!(
            "{} pages, {} events, {} actors, {} notes, {} sources in {:.2} s",
            self.pages,
            self.events,
            self.actors,
            self.notes,
            self.sources,
            self.elapsed.as_secs_f64()
        )
    }

    /// One line per stage: "  read     0.031 s   peak  42 MiB".
    pub fn timing_lines(&self) -> String {
        self.timings
            .iter()
            .map(|(stage, took, peak)| {
                let peak = peak.map_or(String::new(), |bytes| {
                    format!("   peak {:>4} MiB", bytes / (1024 * 1024))
                });
                format!("  {stage:<8} {:.3} s{peak}", took.as_secs_f64())
            })
            .collect::<Vec<_>>()
            .join("\n")
    }
}

/// Measures the stages of one build.
struct Stopwatch {
    last: Instant,
    laps: Vec<(&'static str, Duration, Option<u64>)>,
}

impl Stopwatch {
    fn start() -> Stopwatch {
        Stopwatch {
            last: Instant::now(),
            laps: Vec::new(),
        }
    }

    fn lap(&mut self, stage: &'static str) {
        let now = Instant::now();
        self.laps.push((stage, now - self.last, peak_memory()));
        self.last = now;
    }
}

/// The process's peak resident memory so far, in bytes (Linux; `None` elsewhere).
fn peak_memory() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kib: u64 = line
        .trim_start_matches("VmHWM:")
        .trim()
        .trim_end_matches("kB")
        .trim()
        .parse()
        .ok()?;
    Some(kib * 1024)
}

/// A build that found errors: every diagnostic, errors and warnings, sorted by file and line.
#[derive(Debug)]
pub struct BuildFailure {
    pub diagnostics: Vec<Diagnostic>,
}

impl BuildFailure {
    pub fn error_count(&self) -> usize {
        self.diagnostics.iter().filter(|d| d.is_error()).count()
    }
}

/// Builds the dossier into its output folder. On any error nothing in the output changes.
pub fn build(options: &BuildOptions) -> Result<BuildSummary, BuildFailure> {
    run(options, true)
}

/// Everything `build` checks, writing nothing.
pub fn check(options: &BuildOptions) -> Result<BuildSummary, BuildFailure> {
    run(options, false)
}

fn run(options: &BuildOptions, write: bool) -> Result<BuildSummary, BuildFailure> {
    let started = Instant::now();
    let root = &options.root;
    let fail = |diagnostics: Diagnostics| BuildFailure {
        diagnostics: diagnostics.into_sorted(),
    };
    let mut diagnostics = Diagnostics::default();
    let mut stopwatch = Stopwatch::start();

    let config = Config::load(root, &options.overrides).map_err(|problems| {
        let mut d = Diagnostics::default();
        d.extend(problems);
        fail(d)
    })?;
    diagnostics.extend(config.warnings());
    let theme = Theme::load(root);
    stopwatch.lap("config");
    let (raw, read_problems) = source::read_content(root);
    diagnostics.extend(read_problems);
    stopwatch.lap("read");
    let (dossier, model_problems) = model::load(raw, &config);
    diagnostics.extend(model_problems);
    stopwatch.lap("parse");
    let (linked, link_problems) = link::link(dossier, &config);
    diagnostics.extend(link_problems);
    stopwatch.lap("link");
    let theme = match theme {
        Ok(theme) => theme,
        Err(problems) => {
            diagnostics.extend(problems);
            return Err(fail(diagnostics));
        }
    };
    if diagnostics.has_errors() {
        return Err(fail(diagnostics));
    }

    let documents = &linked.dossier.documents;
    let count = |section| documents.iter().filter(|d| d.section == section).count();
    let mut summary = BuildSummary {
        events: linked.dossier.events.len(),
        actors: count(source::Section::Actors),
        notes: count(source::Section::Notes),
        sources: count(source::Section::Sources),
        ..BuildSummary::default()
    };
    if write {
        let output = OutputDir::open(&config.output_dir).map_err(|d| {
            diagnostics.push(d);
            fail(std::mem::take(&mut diagnostics))
        })?;
        let (rendered, render_problems) = render::render(&linked, &config, &theme, &output);
        diagnostics.extend(render_problems);
        stopwatch.lap("render");
        if diagnostics.has_errors() {
            output.abort();
            return Err(fail(diagnostics));
        }
        summary.write = output.commit().map_err(|d| {
            diagnostics.push(d);
            fail(std::mem::take(&mut diagnostics))
        })?;
        stopwatch.lap("commit");
        summary.pages = rendered.pages;
        summary.files = rendered.files;
        summary.output_dir = Some(config.output_dir.clone());
        if !summary.write.foreign.is_empty() {
            let mut listed: Vec<String> = summary.write.foreign.iter().take(5).cloned().collect();
            if summary.write.foreign.len() > 5 {
                listed.push(format!("and {} more", summary.write.foreign.len() - 5));
            }
            diagnostics.push(
                Diagnostic::warning(format!(
                    "{} file(s) in the output folder were not written by dossier and are left alone: {}",
                    summary.write.foreign.len(),
                    listed.join(", ")
                ))
                .in_file(display(root, &config.output_dir)),
            );
        }
    } else {
        let (rendered, render_problems) = render::render(&linked, &config, &theme, &NoOutput);
        diagnostics.extend(render_problems);
        stopwatch.lap("render");
        if diagnostics.has_errors() {
            return Err(fail(diagnostics));
        }
        summary.pages = rendered.pages;
        summary.files = rendered.files;
    }
    drop(linked);
    stopwatch.lap("drop");
    summary.timings = stopwatch.laps;
    summary.warnings = diagnostics.into_sorted();
    summary.elapsed = started.elapsed();
    Ok(summary)
}

fn display(root: &Path, path: &Path) -> PathBuf {
    crate::diagnostic::display_path(root, path)
}
