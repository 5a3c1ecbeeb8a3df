//! `dossier serve`: builds the site into memory, serves it under its base path, rebuilds when a
//! file changes and tells open pages to reload. A failed build keeps the last good site; its
//! errors show in the terminal and over every page until the file is fixed.

#[cfg(test)]
mod declaration_tests;
mod files;
mod http;
mod kept_views;
mod session;
mod site;
mod start;
#[cfg(test)]
mod test_git;
mod watch;

use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Condvar, Mutex, RwLock};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use anyhow::{Context as _, anyhow};

pub use session::Session;
pub use site::{MemorySink, MemorySite, content_type};

use crate::build::BuildOptions;
use crate::config::Config;

/// How many threads answer requests (event streams get threads of their own).
const WORKERS: usize = 8;

/// What `dossier serve` is asked to do.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    pub build: BuildOptions,
    pub bind: IpAddr,
    /// 0 picks a free port.
    pub port: u16,
    /// Whether each build's log line is followed by how long each stage took.
    pub timings: bool,
}

/// A running server. It stops when [`Server::stop`] is called.
pub struct Server {
    address: SocketAddr,
    shared: Arc<Shared>,
    http: Arc<tiny_http::Server>,
    workers: Vec<JoinHandle<()>>,
    _watcher: watch::Watcher,
}

/// One line or block for the terminal: what a build did.
pub type Log = Arc<dyn Fn(&str) + Send + Sync>;

/// What the request threads and the rebuilds share.
pub(crate) struct Shared {
    site: RwLock<Arc<MemorySite>>,
    errors: RwLock<Arc<Vec<String>>>,
    base_path: RwLock<String>,
    counts: Mutex<Counts>,
    built: Condvar,
    stopping: AtomicBool,
}

impl Shared {
    fn site(&self) -> Arc<MemorySite> {
        Arc::clone(&self.site.read().unwrap_or_else(|p| p.into_inner()))
    }

    fn errors(&self) -> Arc<Vec<String>> {
        Arc::clone(&self.errors.read().unwrap_or_else(|p| p.into_inner()))
    }

    fn base_path(&self) -> String {
        self.base_path
            .read()
            .unwrap_or_else(|p| p.into_inner())
            .clone()
    }

    /// How many times a site (or errors) was published: pages reload when it moves.
    fn publications(&self) -> u64 {
        self.counts().published
    }

    fn counts(&self) -> Counts {
        *self.counts.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Counts a publication: a build's first pages, or its end.
    fn published(&self) {
        self.count(|counts| counts.published += 1);
    }

    /// Counts a build that ended, good or failed (a failed one publishes its errors).
    fn finished_build(&self, failed: bool) {
        self.count(|counts| {
            counts.finished += 1;
            if failed {
                counts.published += 1;
            }
        });
    }

    fn count(&self, change: impl FnOnce(&mut Counts)) {
        let mut counts = self.counts.lock().unwrap_or_else(|p| p.into_inner());
        change(&mut counts);
        self.built.notify_all();
    }

    /// Waits until the count `which` picks passes `since`, or `timeout` passes: the newest
    /// count, or `None` when the server stops.
    fn wait_for(&self, which: fn(&Counts) -> u64, since: u64, timeout: Duration) -> Option<u64> {
        let counts = self.counts.lock().unwrap_or_else(|p| p.into_inner());
        let (counts, _) = self
            .built
            .wait_timeout_while(counts, timeout, |c| {
                which(c) <= since && !self.stopping.load(Ordering::Relaxed)
            })
            .unwrap_or_else(|p| p.into_inner());
        (!self.stopping.load(Ordering::Relaxed)).then_some(which(&counts))
    }

    /// Waits for a publication after `since` (for the reload events).
    fn wait_for_publication(&self, since: u64, timeout: Duration) -> Option<u64> {
        self.wait_for(|c| c.published, since, timeout)
    }
}

/// What the rebuilds have done so far.
#[derive(Debug, Clone, Copy, Default)]
struct Counts {
    /// Sites or errors published; open pages reload when it moves.
    published: u64,
    /// Builds that ended.
    finished: u64,
}

impl Server {
    /// Builds once, starts answering requests and watching for changes.
    pub fn start(options: ServeOptions, log: Log) -> anyhow::Result<Server> {
        let root = options.build.root.clone();
        if !root.join(crate::config::CONFIG_FILE).is_file() {
            return Err(anyhow!(
                "{} has no site.toml: run `dossier serve` in a dossier's folder, or pass --root DIR",
                root.display()
            ));
        }
        let http = tiny_http::Server::http(SocketAddr::new(options.bind, options.port))
            .map_err(|e| anyhow!("cannot listen on {}:{}: {e}", options.bind, options.port))?;
        let address = http
            .server_addr()
            .to_ip()
            .context("the server has no IP address")?;
        let http = Arc::new(http);
        let shared = Arc::new(Shared {
            site: RwLock::new(Arc::new(MemorySite::default())),
            errors: RwLock::new(Arc::new(Vec::new())),
            base_path: RwLock::new(String::from("/")),
            counts: Mutex::new(Counts::default()),
            built: Condvar::new(),
            stopping: AtomicBool::new(false),
        });
        let builder = Arc::new(Builder {
            options: options.build,
            timings: options.timings,
            address,
            shared: Arc::clone(&shared),
            log,
            session: Mutex::new(None),
        });
        builder.rebuild(&[]);

        let watcher = {
            let builder = Arc::clone(&builder);
            watch::watch(&root, move |changed| builder.rebuild(&changed))
                .with_context(|| format!("cannot watch {}", root.display()))?
        };
        let workers = (0..WORKERS)
            .map(|_| {
                let http = Arc::clone(&http);
                let shared = Arc::clone(&shared);
                std::thread::spawn(move || {
                    while !shared.stopping.load(Ordering::Relaxed) {
                        if let Ok(Some(request)) = http.recv_timeout(Duration::from_millis(200)) {
                            http::handle(request, &shared);
                        }
                    }
                })
            })
            .collect();
        Ok(Server {
            address,
            shared,
            http,
            workers,
            _watcher: watcher,
        })
    }

    pub fn address(&self) -> SocketAddr {
        self.address
    }

    /// The site's address: `http://127.0.0.1:1111/kz-ua/`.
    pub fn url(&self) -> String {
        format!("http://{}{}", self.address, self.shared.base_path())
    }

    /// How many builds have ended, the first included.
    pub fn builds_finished(&self) -> u64 {
        self.shared.counts().finished
    }

    /// Waits up to `timeout` for a build newer than `since` to end; the newest count.
    pub fn wait_for_build(&self, since: u64, timeout: Duration) -> u64 {
        self.shared
            .wait_for(|c| c.finished, since, timeout)
            .unwrap_or_else(|| self.builds_finished())
    }

    /// The site as the last good build left it.
    pub fn site(&self) -> Arc<MemorySite> {
        self.shared.site()
    }

    /// The errors of the last build, if it failed.
    pub fn errors(&self) -> Arc<Vec<String>> {
        self.shared.errors()
    }

    /// Stops answering, ends the event streams and the watcher.
    pub fn stop(self) {
        self.shared.stopping.store(true, Ordering::Relaxed);
        self.shared.built.notify_all();
        for _ in 0..WORKERS {
            self.http.unblock();
        }
        for worker in self.workers {
            let _ = worker.join();
        }
    }
}

/// Runs builds, one at a time, and publishes their results.
struct Builder {
    options: BuildOptions,
    timings: bool,
    address: SocketAddr,
    shared: Arc<Shared>,
    log: Log,
    /// Held while a build runs: builds run one at a time.
    session: Mutex<Option<Session>>,
}

impl Builder {
    fn rebuild(&self, changed: &[PathBuf]) {
        let mut session = self.session.lock().unwrap_or_else(|p| p.into_inner());
        let started = Instant::now();
        // links carry site.toml's base path; absolute URLs point at this server
        let mut options = self.options.clone();
        // the search index takes long on big dossiers; `dossier build` makes it
        options.overrides.no_search = true;
        options.overrides.base_url = None;
        let base_path = Config::load(&options.root, &options.overrides)
            .map(|config| config.base_path)
            .unwrap_or_else(|_| String::from("/"));
        options.overrides.base_url = Some(format!("http://{}{base_path}", self.address));
        let root = options.root.canonicalize().unwrap_or(options.root.clone());
        let session = match session.as_mut() {
            Some(session) if session.options() == &options => session,
            _ => session.insert(Session::new(options)),
        };

        // when a build publishes its changed pages before the rest, say how soon
        let mut publications: Vec<Duration> = Vec::new();
        let mut publish = |site: Arc<MemorySite>| {
            publications.push(started.elapsed());
            *self.shared.site.write().unwrap_or_else(|p| p.into_inner()) = site;
            *self
                .shared
                .errors
                .write()
                .unwrap_or_else(|p| p.into_inner()) = Arc::default();
            *self
                .shared
                .base_path
                .write()
                .unwrap_or_else(|p| p.into_inner()) = base_path.clone();
            self.shared.published();
        };
        let result = session.rebuild(changed, &mut publish);
        let took = started.elapsed();
        let what = match changed {
            [] => String::from("Built"),
            [one] => format!(
                "{} changed: rebuilt",
                crate::diagnostic::display_path(&root, one).display()
            ),
            many => format!("{} files changed: rebuilt", many.len()),
        };
        match result {
            Ok(summary) => {
                for warning in &summary.warnings {
                    (self.log)(&format!("{warning}\n"));
                }
                (self.log)(&format!(
                    "{what} in {} ms{}: {}",
                    took.as_millis(),
                    match publications[..] {
                        [first, _, ..] => format!(" (its pages after {} ms)", first.as_millis()),
                        _ => String::new(),
                    },
                    summary.line()
                ));
                if self.timings {
                    (self.log)(&summary.timing_lines());
                }
                self.shared.finished_build(false);
            }
            Err(failure) => {
                let errors: Vec<String> =
                    failure.diagnostics.iter().map(|d| d.to_string()).collect();
                for error in &errors {
                    (self.log)(&format!("{error}\n"));
                }
                (self.log)(&format!(
                    "{what}: {} error(s); still serving the last good build",
                    failure.error_count()
                ));
                *self
                    .shared
                    .errors
                    .write()
                    .unwrap_or_else(|p| p.into_inner()) = Arc::new(errors);
                self.shared.finished_build(true);
            }
        }
    }
}
