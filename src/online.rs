//! `dossier check --online`: asks the address of every source (`url`) whether it still answers,
//! and reports dead links, redirects and sources without an archived copy, each at its line.
//! Only on request: a build never goes on the network.

use std::path::PathBuf;
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use crate::build::{BuildFailure, BuildOptions};
use crate::config::Config;
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::model::{self, Dossier};
use crate::source;

/// How the checker names itself to the servers it asks.
pub const USER_AGENT: &str = concat!(
    "dossier/",
    env!("CARGO_PKG_VERSION"),
    " (checks that the sources a dossier cites still answer)"
);

/// Redirects followed before an address counts as dead.
const MAX_HOPS: usize = 5;

/// How the checker asks.
#[derive(Debug, Clone)]
pub struct OnlineOptions {
    /// For each request, from connecting to the end of the headers.
    pub timeout: Duration,
    /// Requests at once, at most.
    pub concurrent: usize,
}

impl Default for OnlineOptions {
    fn default() -> Self {
        OnlineOptions {
            timeout: Duration::from_secs(20),
            concurrent: 8,
        }
    }
}

/// What asking the sources found.
#[derive(Debug, Default)]
pub struct OnlineReport {
    /// Addresses asked.
    pub checked: usize,
    pub dead: usize,
    pub redirected: usize,
    pub without_archive: usize,
    /// Sorted by file and line; errors for dead links without an archived copy.
    pub diagnostics: Vec<Diagnostic>,
}

/// A source's address, and where it is written.
#[derive(Debug, Clone)]
struct Target {
    file: PathBuf,
    line: usize,
    url: String,
    archived: bool,
}

/// How an address answered.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Answer {
    Alive,
    /// It leads elsewhere (the first redirect's status and where the last one leads), then
    /// answers as `then` says.
    Redirect {
        status: u16,
        to: String,
        then: Box<Answer>,
    },
    Dead(u16),
    Unreachable(String),
    TooManyRedirects,
}

/// Asks every source's address, at most `options.concurrent` at once. Reading the dossier's
/// files must work (`check` tells what is wrong otherwise); sources that fail to load are
/// passed over.
pub fn check_sources(
    options: &BuildOptions,
    online: &OnlineOptions,
) -> Result<OnlineReport, BuildFailure> {
    let config = Config::load(&options.root, &options.overrides).map_err(BuildFailure::of)?;
    let (raw, _) = source::read_content(&options.root);
    let (dossier, _) = model::load(raw, &config);
    let targets = targets(&dossier);
    let answers = ask_all(&targets, online);
    Ok(report(&targets, &answers))
}

/// The sources with an address, in the order of the dossier.
fn targets(dossier: &Dossier) -> Vec<Target> {
    dossier
        .documents
        .iter()
        .filter_map(|doc| {
            let source = doc.source.as_ref()?;
            let url = source.url.as_ref()?.trim().to_owned();
            Some(Target {
                file: doc.file.clone(),
                line: doc.front_matter.line_of("url", None),
                url,
                archived: source.archive.is_some(),
            })
        })
        .collect()
}

/// Every target's answer, in their order.
fn ask_all(targets: &[Target], options: &OnlineOptions) -> Vec<Answer> {
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .timeout_global(Some(options.timeout))
        .max_redirects(0)
        .http_status_as_error(false)
        .user_agent(USER_AGENT)
        .build()
        .into();
    let next = AtomicUsize::new(0);
    let answers: Mutex<Vec<Option<Answer>>> = Mutex::new(vec![None; targets.len()]);
    let workers = options.concurrent.clamp(1, 8).min(targets.len());
    std::thread::scope(|scope| {
        for _ in 0..workers {
            scope.spawn(|| {
                loop {
                    let index = next.fetch_add(1, Ordering::Relaxed);
                    let Some(target) = targets.get(index) else {
                        break;
                    };
                    let answer = ask(&agent, &target.url);
                    if let Ok(mut answers) = answers.lock() {
                        answers[index] = Some(answer);
                    }
                }
            });
        }
    });
    answers
        .into_inner()
        .unwrap_or_default()
        .into_iter()
        .map(|answer| answer.unwrap_or(Answer::Unreachable("not asked".into())))
        .collect()
}

/// Follows an address's redirects, up to [`MAX_HOPS`].
fn ask(agent: &ureq::Agent, url: &str) -> Answer {
    let mut current = url.to_owned();
    let mut first_redirect = None;
    for _ in 0..=MAX_HOPS {
        let answer = match request(agent, &current) {
            Err(why) => Answer::Unreachable(why),
            Ok((status, Some(location))) if (300..400).contains(&status) => {
                let Some(next) = url::Url::parse(&current)
                    .and_then(|base| base.join(&location))
                    .ok()
                else {
                    return Answer::Unreachable(format!(
                        "it redirects to `{location}`, not an address"
                    ));
                };
                first_redirect.get_or_insert(status);
                current = next.to_string();
                continue;
            }
            Ok((status, _)) if status >= 400 => Answer::Dead(status),
            Ok(_) => Answer::Alive,
        };
        return match first_redirect {
            Some(status) => Answer::Redirect {
                status,
                to: current,
                then: Box::new(answer),
            },
            None => answer,
        };
    }
    Answer::TooManyRedirects
}

/// One request: HEAD, and GET when HEAD is refused or fails (many servers answer HEAD
/// wrongly). The status and the `Location` header.
fn request(agent: &ureq::Agent, url: &str) -> Result<(u16, Option<String>), String> {
    let answer = |response: ureq::http::Response<ureq::Body>| {
        let location = response
            .headers()
            .get("location")
            .and_then(|value| value.to_str().ok())
            .map(str::to_owned);
        (response.status().as_u16(), location)
    };
    match agent.head(url).call().map(answer) {
        Ok((status, location)) if status < 400 => Ok((status, location)),
        head => match agent.get(url).call() {
            // the body is not read: the status says enough
            Ok(response) => Ok(answer(response)),
            Err(error) => head.or(Err(describe(&error))),
        },
    }
}

fn describe(error: &ureq::Error) -> String {
    match error {
        ureq::Error::Timeout(_) => "no answer in time".to_owned(),
        other => other.to_string(),
    }
}

/// The diagnostics of the answers, and the counts.
fn report(targets: &[Target], answers: &[Answer]) -> OnlineReport {
    let mut report = OnlineReport {
        checked: targets.len(),
        ..OnlineReport::default()
    };
    let mut diagnostics = Diagnostics::default();
    for (target, answer) in targets.iter().zip(answers) {
        let at = |diagnostic: Diagnostic| diagnostic.in_file(&target.file).at(target.line, 0);
        let last = match answer {
            Answer::Redirect { status, to, then } => {
                report.redirected += 1;
                diagnostics.push(
                    at(Diagnostic::warning(format!(
                        "`{}` redirects ({status}) to `{to}`",
                        target.url
                    )))
                    .with_hint("write the address it leads to, if that is still the same text"),
                );
                then.as_ref()
            }
            other => other,
        };
        let dead = match last {
            Answer::Alive | Answer::Redirect { .. } => None,
            Answer::Dead(status) => Some(format!("dead link: `{}` answers {status}", target.url)),
            Answer::Unreachable(why) => Some(format!("dead link: `{}`: {why}", target.url)),
            Answer::TooManyRedirects => Some(format!(
                "dead link: `{}` redirects more than {MAX_HOPS} times",
                target.url
            )),
        };
        if let Some(message) = dead {
            report.dead += 1;
            diagnostics.push(match target.archived {
                true => at(Diagnostic::warning(message))
                    .with_hint("readers still have the archived copy (`archive`); find where the text moved, if it did"),
                false => at(Diagnostic::error(message)).with_hint(
                    "find where the text moved, or link a snapshot of it with `archive:` (web.archive.org, archive.today) and `archived:`",
                ),
            });
        }
        if !target.archived {
            report.without_archive += 1;
            diagnostics.push(
                at(Diagnostic::warning(format!(
                    "`{}` has no archived copy",
                    target.url
                )))
                .with_hint(
                    "save a snapshot (web.archive.org, archive.today) and add `archive:` with its address and `archived:` with the date",
                ),
            );
        }
    }
    report.diagnostics = diagnostics.into_sorted();
    report
}
