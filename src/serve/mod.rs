//! `dossier serve`: builds the site into memory, serves it under its base path, rebuilds when a
//! file changes and tells open pages to reload. A failed build keeps the last good site; its
//! errors show in the terminal and over every page until the file is fixed.

mod http;
mod site;
mod watch;

use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Condvar, Mutex, RwLock};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use anyhow::{Context as _, anyhow};

pub use site::{MemorySink, MemorySite, content_type};

use crate::build::{BuildOptions, build_into};
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
    /// Counts finished builds, good or failed; pages reload when it moves.
    generation: Mutex<u64>,
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

    fn generation(&self) -> u64 {
        *self.generation.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Waits until a build newer than `since` finishes, or `timeout` passes: the newest
    /// generation, or `None` when the server stops.
    fn wait_for_build(&self, since: u64, timeout: Duration) -> Option<u64> {
        let generation = self.generation.lock().unwrap_or_else(|p| p.into_inner());
        let (generation, _) = self
            .built
            .wait_timeout_while(generation, timeout, |g| {
                *g <= since && !self.stopping.load(Ordering::Relaxed)
            })
            .unwrap_or_else(|p| p.into_inner());
        (!self.stopping.load(Ordering::Relaxed)).then_some(*generation)
    }
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
            generation: Mutex::new(0),
            built: Condvar::new(),
            stopping: AtomicBool::new(false),
        });
        let builder = Arc::new(Builder {
            options: options.build,
            address,
            shared: Arc::clone(&shared),
            log,
            running: Mutex::new(()),
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

    /// How many builds have finished, the first included.
    pub fn generation(&self) -> u64 {
        self.shared.generation()
    }

    /// Waits up to `timeout` for a build newer than `since`; the newest generation.
    pub fn wait_for_build(&self, since: u64, timeout: Duration) -> u64 {
        self.shared
            .wait_for_build(since, timeout)
            .unwrap_or_else(|| self.generation())
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
    address: SocketAddr,
    shared: Arc<Shared>,
    log: Log,
    running: Mutex<()>,
}

impl Builder {
    fn rebuild(&self, changed: &[PathBuf]) {
        let _one_at_a_time = self.running.lock().unwrap_or_else(|p| p.into_inner());
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

        let sink = MemorySink::default();
        let result = build_into(&options, &sink);
        let took = started.elapsed();
        let root = options.root.canonicalize().unwrap_or(options.root.clone());
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
                *self.shared.site.write().unwrap_or_else(|p| p.into_inner()) =
                    Arc::new(sink.finish());
                *self
                    .shared
                    .errors
                    .write()
                    .unwrap_or_else(|p| p.into_inner()) = Arc::default();
                *self
                    .shared
                    .base_path
                    .write()
                    .unwrap_or_else(|p| p.into_inner()) = base_path;
                for warning in &summary.warnings {
                    (self.log)(&format!("{warning}\n"));
                }
                (self.log)(&format!(
                    "{what} in {} ms: {}",
                    took.as_millis(),
                    summary.line()
                ));
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
            }
        }
        let mut generation = self
            .shared
            .generation
            .lock()
            .unwrap_or_else(|p| p.into_inner());
        *generation += 1;
        self.shared.built.notify_all();
    }
}
