//! The `dossier` command line: parses arguments and calls the library.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use dossier::{BuildOptions, Overrides};

/// A faster allocator: a build makes and drops many small strings on every thread.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Builds investigative dossiers (Markdown notes and YAML timelines) into static websites.
#[derive(Parser)]
#[command(version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Build the site into the output folder (site.toml's output_dir, default public/).
    Build {
        /// The dossier's folder (the one holding site.toml and content/).
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Write the site here instead of output_dir.
        #[arg(long, short)]
        output: Option<PathBuf>,
        /// Public address of the site, overriding site.toml's base_url.
        #[arg(long)]
        base_url: Option<String>,
        /// Include notes marked `draft: true`.
        #[arg(long)]
        drafts: bool,
        /// Print how long each stage took.
        #[arg(long)]
        timings: bool,
    },
    /// Check everything a build checks, writing nothing.
    Check {
        #[arg(long, default_value = ".")]
        root: PathBuf,
        #[arg(long)]
        drafts: bool,
    },
}

fn main() -> ExitCode {
    let mut show_timings = false;
    let (options, write) = match Cli::parse().command {
        Command::Build {
            root,
            output,
            base_url,
            drafts,
            timings,
        } => {
            show_timings = timings;
            (
                BuildOptions {
                    root,
                    overrides: Overrides {
                        output_dir: output,
                        base_url,
                        drafts,
                    },
                },
                true,
            )
        }
        Command::Check { root, drafts } => (
            BuildOptions {
                root,
                overrides: Overrides {
                    drafts,
                    ..Overrides::default()
                },
            },
            false,
        ),
    };
    eprintln!(
        "{} {} …",
        if write { "Building" } else { "Checking" },
        options.root.display()
    );
    let result = if write {
        dossier::build(&options)
    } else {
        dossier::check(&options)
    };
    match result {
        Ok(summary) => {
            for warning in &summary.warnings {
                eprintln!("{warning}\n");
            }
            eprintln!("{}", summary.line());
            if show_timings {
                eprintln!("{}", summary.timing_lines());
            }
            if let Some(dir) = &summary.output_dir {
                let w = &summary.write;
                eprintln!(
                    "{} written, {} unchanged, {} removed → {}",
                    w.written,
                    w.unchanged,
                    w.removed,
                    dir.display()
                );
            }
            ExitCode::SUCCESS
        }
        Err(failure) => {
            for diagnostic in &failure.diagnostics {
                eprintln!("{diagnostic}\n");
            }
            eprintln!("{} error(s); nothing was written", failure.error_count());
            ExitCode::FAILURE
        }
    }
}
