//! One build, stage by stage: config → source → model → link → render → output.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::config::{Config, Overrides};
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::model::{Dossier, NoMemo, ParseMemo};
use crate::output::{BuildRecord, NoOutput, OutputDir, WriteReport};
use crate::render::split::PageBudget;
use crate::render::{self, Destination, Targets, Theme};
use crate::{link, model, search, source};

mod fingerprint;
mod page_cache;
mod parse_cache;

use fingerprint::Fingerprint;
use page_cache::{PageCache, Stored};
use parse_cache::ParseCache;

/// What `build` and `check` are asked to do.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BuildOptions {
    pub root: PathBuf,
    pub overrides: Overrides,
    /// How big the timeline and the print page may grow before they are cut into parts.
    pub budget: PageBudget,
}

/// What a build did.
#[derive(Debug, Default)]
pub struct BuildSummary {
    pub pages: usize,
    /// Of the pages, those left as the last build made them (nothing they read changed).
    pub reused: usize,
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
    /// "412 pages, 57 events, 18 actors in 0.21 s", and how many pages stood as they were.
    pub fn line(&self) -> String {
        let kept = match self.reused {
            0 => String::new(),
            reused => format!(" ({reused} as they were)"),
        };
        format!(
            "{} pages{kept}, {} events, {} actors, {} notes, {} sources in {:.2} s",
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

impl BuildSummary {
    /// A summary that counts the dossier's events, actors, notes and sources.
    pub fn counting(dossier: &Dossier) -> Self {
        let count = |section| {
            dossier
                .documents
                .iter()
                .filter(|d| d.section == section)
                .count()
        };
        BuildSummary {
            events: dossier.events.len(),
            actors: count(source::Section::Actors),
            notes: count(source::Section::Notes),
            sources: count(source::Section::Sources),
            ..BuildSummary::default()
        }
    }

    fn from_record(record: &BuildRecord) -> Self {
        BuildSummary {
            pages: record.pages,
            files: record.files,
            events: record.events,
            actors: record.actors,
            notes: record.notes,
            sources: record.sources,
            ..BuildSummary::default()
        }
    }

    fn record(&self, inputs: String) -> BuildRecord {
        BuildRecord {
            inputs,
            pages: self.pages,
            files: self.files,
            events: self.events,
            actors: self.actors,
            notes: self.notes,
            sources: self.sources,
        }
    }
}

/// Measures the stages of one build.
pub(crate) struct Stopwatch {
    last: Instant,
    pub(crate) laps: Vec<(&'static str, Duration, Option<u64>)>,
}

impl Stopwatch {
    pub(crate) fn start() -> Stopwatch {
        Stopwatch {
            last: Instant::now(),
            laps: Vec::new(),
        }
    }

    pub(crate) fn lap(&mut self, stage: &'static str) {
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
    /// Whether the output folder is as it was before the build (it is, unless moving the new
    /// files into place failed and could not be undone).
    pub output_intact: bool,
}

impl BuildFailure {
    /// A failure with these diagnostics, sorted by file and line.
    pub fn of(problems: impl IntoIterator<Item = Diagnostic>) -> Self {
        let mut diagnostics = Diagnostics::default();
        diagnostics.extend(problems);
        fail(diagnostics)
    }

    pub fn error_count(&self) -> usize {
        self.diagnostics.iter().filter(|d| d.is_error()).count()
    }
}

/// Where a build's files go.
#[derive(Clone, Copy)]
enum Target<'a> {
    /// The output folder, through staging and the manifest.
    OutputDir,
    /// Nowhere: `check`.
    Nowhere,
    /// Somewhere else, such as memory for `serve`.
    Destination(&'a dyn Destination),
}

/// Builds the dossier into its output folder. On any error nothing in the output changes.
pub fn build(options: &BuildOptions) -> Result<BuildSummary, BuildFailure> {
    run(options, Target::OutputDir)
}

/// Everything `build` checks, writing nothing.
pub fn check(options: &BuildOptions) -> Result<BuildSummary, BuildFailure> {
    run(options, Target::Nowhere)
}

/// A full build whose files go to `sink` instead of the output folder. The sink sees files
/// only from a build that has no errors up to rendering; it is told nothing else.
pub fn build_into(
    options: &BuildOptions,
    sink: &dyn Destination,
) -> Result<BuildSummary, BuildFailure> {
    run(options, Target::Destination(sink))
}

fn run(options: &BuildOptions, target: Target) -> Result<BuildSummary, BuildFailure> {
    let started = Instant::now();
    let root = &options.root;
    let mut diagnostics = Diagnostics::default();
    let mut stopwatch = Stopwatch::start();

    let config = Config::load(root, &options.overrides).map_err(BuildFailure::of)?;
    diagnostics.extend(config.problems());
    let theme = Theme::load(root);
    stopwatch.lap("config");
    let (raw, read_problems) = source::read_content(root);
    let clean_read = read_problems.is_empty() && diagnostics.is_empty();
    diagnostics.extend(read_problems);
    stopwatch.lap("read");

    let output = open_output(target, &config, &mut diagnostics)?;
    let fingerprint = match (&output, &theme) {
        (Some(_), Ok(theme)) if clean_read => {
            Some(Fingerprint::of(&config, theme, &raw, options.budget))
        }
        _ => None,
    };
    let unchanged = match (&output, &fingerprint) {
        (Some(output), Some(fingerprint)) => output
            .intact_record()
            .filter(|record| record.inputs == fingerprint.inputs)
            .cloned(),
        _ => None,
    };
    let output = match (unchanged, output) {
        (Some(record), Some(output)) => {
            stopwatch.lap("compare");
            return Ok(kept(&record, output, &config, stopwatch, started));
        }
        (_, output) => output,
    };

    let abort = |output: Option<OutputDir>, diagnostics: Diagnostics| {
        if let Some(output) = output {
            output.abort();
        }
        fail(diagnostics)
    };
    // git reads the history while the dossier is parsed and linked
    let history = raw.history_head.is_some().then(|| {
        let root = root.clone();
        std::thread::spawn(move || source::History::read(&root))
    });
    // a build into the output folder takes the files the last one parsed, where their text is
    // the same, and keeps those it parses for the next (written while it goes on)
    let parse_cache = fingerprint.as_ref().map(|fingerprint| {
        ParseCache::load(root, fingerprint.parse.clone(), fingerprint.files.clone())
    });
    let memo: &dyn ParseMemo = match &parse_cache {
        Some(cache) => cache,
        None => &NoMemo,
    };
    let (dossier, model_problems) = model::load_remembering(raw, &config, memo);
    diagnostics.extend(model_problems);
    let _parse_cache_saved = parse_cache.map(|cache| {
        let root = root.clone();
        Background::spawn(move || cache.save(&root))
    });
    stopwatch.lap("parse");
    let (mut linked, link_problems) = link::link(dossier, &config);
    diagnostics.extend(link_problems);
    stopwatch.lap("link");
    let theme = theme.map_err(|problems| diagnostics.extend(problems));
    let (Ok(theme), false) = (theme, diagnostics.has_errors()) else {
        return Err(abort(output, diagnostics));
    };
    linked.dossier.release_source_texts();
    linked.dossier.history = history.and_then(|reading| reading.join().ok().flatten());
    stopwatch.lap("history");

    let mut summary = BuildSummary::counting(&linked.dossier);
    let sink: &dyn Destination = match (&output, target) {
        (Some(output), _) => output,
        (None, Target::Destination(sink)) => sink,
        (None, _) => &NoOutput,
    };
    // `check` writes nothing, so it makes no search index either; only a build into the output
    // folder keeps search records in the cache
    let indexer = (config.search && !matches!(target, Target::Nowhere))
        .then(|| search::Indexer::new(&config, output.is_some()));
    // a build into the output folder leaves the pages the last one made as they are, where
    // nothing they read changed
    let (inputs, page_cache) = match (&output, fingerprint) {
        (
            Some(output),
            Some(Fingerprint {
                inputs,
                site,
                files,
                ..
            }),
        ) => {
            let (dir, indexer) = (&config.output_dir, indexer.as_ref());
            let cache = PageCache::load(root, site, dir, files, output, indexer);
            (Some(inputs), Some(cache))
        }
        _ => (None, None),
    };
    let targets = Targets {
        sink,
        indexer: indexer.as_ref().map(|i| i as &dyn render::PageIndexer),
        reuse: page_cache.as_ref().map(|c| c as &dyn render::Reuse),
    };
    let (rendered, render_problems) =
        render::render(&linked, &config, &theme, targets, options.budget);
    let pages_rendered_cleanly = render_problems.is_empty();
    diagnostics.extend(render_problems);
    stopwatch.lap("render");
    summary.pages = rendered.pages;
    summary.reused = page_cache.as_ref().map_or(0, PageCache::reused);
    let stored = page_cache.map(PageCache::finish);
    let (index_files, search_problems) = match indexer {
        Some(indexer) => indexer.write_index(sink),
        None => (0, Vec::new()),
    };
    diagnostics.extend(search_problems);
    stopwatch.lap("search");
    summary.files = rendered.files + index_files;
    if diagnostics.has_errors() {
        return Err(abort(output, diagnostics));
    }
    if let Some(output) = output {
        let committed = commit(output, inputs, &config, &mut summary, &mut diagnostics);
        match (&committed, stored) {
            (Ok(()), Some(stored)) if pages_rendered_cleanly => stored.save(root),
            // pages that showed problems are made again next time, to show them again
            (Ok(()), _) => Stored::forget(root),
            (Err(_), _) => {}
        }
        committed?;
        stopwatch.lap("commit");
    }
    // freeing the parsed dossier takes a while for a big one (20 ms at 10,000 notes): a thread
    // of its own does it, so that the build returns, and the command ends, without waiting
    std::thread::spawn(move || drop(linked));
    stopwatch.lap("drop");
    summary.timings = stopwatch.laps;
    summary.warnings = diagnostics.into_sorted();
    summary.elapsed = started.elapsed();
    Ok(summary)
}

/// Work on a thread of its own that the build waits for before it returns, however it returns.
struct Background(Option<std::thread::JoinHandle<()>>);

impl Background {
    fn spawn(work: impl FnOnce() + Send + 'static) -> Self {
        Background(Some(std::thread::spawn(work)))
    }
}

impl Drop for Background {
    fn drop(&mut self) {
        if let Some(thread) = self.0.take() {
            let _ = thread.join();
        }
    }
}

/// Nothing changed since the build the output folder records: it stays as it is.
fn kept(
    record: &BuildRecord,
    output: OutputDir,
    config: &Config,
    stopwatch: Stopwatch,
    started: Instant,
) -> BuildSummary {
    let mut summary = BuildSummary::from_record(record);
    summary.write = output.keep();
    summary.output_dir = Some(config.output_dir.clone());
    summary.timings = stopwatch.laps;
    summary.elapsed = started.elapsed();
    summary
}

/// The output folder a build writes to, opened; none for `check` or a build into memory.
/// `check` reports a misplaced output folder with its other problems; `build` stops there.
fn open_output(
    target: Target,
    config: &Config,
    diagnostics: &mut Diagnostics,
) -> Result<Option<OutputDir>, BuildFailure> {
    let output_place = match target {
        Target::Destination(_) => Ok(()),
        Target::OutputDir | Target::Nowhere => crate::config::check_output_on_disk(config),
    };
    match (target, output_place) {
        (Target::OutputDir, place) => place
            .and_then(|()| OutputDir::open(&config.output_dir))
            .map(Some)
            .map_err(|d| {
                diagnostics.push(d);
                fail(std::mem::take(diagnostics))
            }),
        (_, Err(problem)) => {
            diagnostics.push(problem);
            Ok(None)
        }
        (_, Ok(())) => Ok(None),
    }
}

/// Moves the build into the output folder, with its record when it had no warnings (so that
/// the next build shows them again), and warns of files in it the build did not write.
fn commit(
    output: OutputDir,
    inputs: Option<String>,
    config: &Config,
    summary: &mut BuildSummary,
    diagnostics: &mut Diagnostics,
) -> Result<(), BuildFailure> {
    let record = inputs
        .filter(|_| diagnostics.is_empty())
        .map(|inputs| summary.record(inputs));
    summary.write = output.commit(record).map_err(|failure| {
        diagnostics.push(*failure.problem);
        BuildFailure {
            output_intact: failure.output_intact,
            ..fail(std::mem::take(diagnostics))
        }
    })?;
    summary.output_dir = Some(config.output_dir.clone());
    if !summary.write.foreign.is_empty() {
        diagnostics.push(foreign_files_warning(
            &summary.write.foreign,
            display(&config.root, &config.output_dir),
        ));
    }
    Ok(())
}

fn fail(diagnostics: Diagnostics) -> BuildFailure {
    BuildFailure {
        diagnostics: diagnostics.into_sorted(),
        output_intact: true,
    }
}

fn foreign_files_warning(foreign: &[String], output_dir: PathBuf) -> Diagnostic {
    let mut listed: Vec<String> = foreign.iter().take(5).cloned().collect();
    if foreign.len() > 5 {
        listed.push(format!("and {} more", foreign.len() - 5));
    }
    Diagnostic::warning(format!(
        "{} file(s) in the output folder were not written by dossier and are left alone: {}",
        foreign.len(),
        listed.join(", ")
    ))
    .in_file(output_dir)
}

fn display(root: &Path, path: &Path) -> PathBuf {
    crate::diagnostic::display_path(root, path)
}
