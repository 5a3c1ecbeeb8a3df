//! `check --online` against a server on 127.0.0.1 started here: dead links, redirects, servers
//! that refuse HEAD, answers too slow, missing archives, the user agent and at most 8 requests
//! at once. No test reaches the internet.

mod common;

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use common::*;
use dossier::Severity;
use dossier::online::{OnlineOptions, check_sources};

/// A local server: its address, and the most requests it had in hand at once.
struct LocalServer {
    base: String,
    most_at_once: Arc<AtomicUsize>,
    server: Arc<tiny_http::Server>,
}

impl Drop for LocalServer {
    fn drop(&mut self) {
        self.server.unblock();
    }
}

fn start_server() -> LocalServer {
    let server = Arc::new(tiny_http::Server::http("127.0.0.1:0").expect("local server"));
    let port = server
        .server_addr()
        .to_ip()
        .map(|address| address.port())
        .expect("a port");
    let in_hand = Arc::new(AtomicUsize::new(0));
    let most_at_once = Arc::new(AtomicUsize::new(0));
    let (listening, most) = (Arc::clone(&server), Arc::clone(&most_at_once));
    std::thread::spawn(move || {
        while let Ok(request) = listening.recv() {
            let (in_hand, most) = (Arc::clone(&in_hand), Arc::clone(&most));
            // the checker gives up on `/slow` long before this server answers it, and may
            // ask others meanwhile: counting it would count a request nobody waits for
            let counted = request.url() != "/slow";
            std::thread::spawn(move || {
                if counted {
                    let now = in_hand.fetch_add(1, Ordering::SeqCst) + 1;
                    most.fetch_max(now, Ordering::SeqCst);
                }
                // counted out before the answer leaves: once the checker has it, it may ask
                // the next address at once, and that one must not overlap this one here
                answer(request, || {
                    if counted {
                        in_hand.fetch_sub(1, Ordering::SeqCst);
                    }
                });
            });
        }
    });
    LocalServer {
        base: format!("http://127.0.0.1:{port}"),
        most_at_once,
        server,
    }
}

fn answer(request: tiny_http::Request, before_reply: impl FnOnce()) {
    let head = *request.method() == tiny_http::Method::Head;
    let polite = request
        .headers()
        .iter()
        .any(|h| h.field.equiv("User-Agent") && h.value.as_str().starts_with("dossier/"));
    // long enough that requests overlap
    std::thread::sleep(Duration::from_millis(40));
    let status = match request.url() {
        _ if !polite => 403,
        "/gone" => 404,
        "/moved" => 301,
        "/loop" => 302,
        "/no-head" if head => 405,
        "/slow" => {
            std::thread::sleep(Duration::from_millis(2500));
            200
        }
        _ => 200,
    };
    let mut response = tiny_http::Response::empty(status);
    let location = match request.url() {
        "/moved" => Some("/ok"),
        "/loop" => Some("/loop"),
        _ => None,
    };
    if let Some(location) = location
        && let Ok(header) = tiny_http::Header::from_bytes("Location", location)
    {
        response.add_header(header);
    }
    before_reply();
    let _ = request.respond(response);
}

fn source(dir: &std::path::Path, name: &str, url: &str, archived: bool) {
    let archive = match archived {
        true => "archive: https://web.archive.org/web/2024/x\narchived: 2024-01-01\n",
        false => "",
    };
    write(
        dir,
        &format!("content/sources/{name}.md"),
        &format!("---\ntitle: {name}\nurl: {url}\n{archive}---\n"),
    );
}

#[test]
fn asks_every_source_and_reports_each_at_its_line() {
    let server = start_server();
    let dir = dossier(&[(
        "site.toml",
        "title = \"T\"\nbase_url = \"https://example.org/\"\n",
    )]);
    let base = &server.base;
    source(dir.path(), "alive", &format!("{base}/ok"), true);
    source(dir.path(), "gone", &format!("{base}/gone"), false);
    source(dir.path(), "moved", &format!("{base}/moved"), true);
    source(dir.path(), "no-head", &format!("{base}/no-head"), true);
    source(dir.path(), "slow", &format!("{base}/slow"), true);
    source(dir.path(), "loop", &format!("{base}/loop"), true);
    for n in 0..14 {
        source(
            dir.path(),
            &format!("many-{n:02}"),
            &format!("{base}/ok?{n}"),
            true,
        );
    }
    let online = OnlineOptions {
        timeout: Duration::from_millis(1200),
        ..OnlineOptions::default()
    };
    let report = check_sources(&options(dir.path()), &online).expect("dossier reads");
    let mut found: Vec<(String, usize, Severity, String)> = report
        .diagnostics
        .iter()
        .map(|d| (file_of(d), d.line, d.severity, d.message.clone()))
        .collect();
    found.sort_by(|a, b| (&a.0, &a.3).cmp(&(&b.0, &b.3)));
    let at = |name: &str, severity: Severity, message: String| {
        (format!("content/sources/{name}.md"), 3, severity, message)
    };
    assert_eq!(
        found,
        [
            at(
                "gone",
                Severity::Warning,
                format!("`{base}/gone` has no archived copy")
            ),
            at(
                "gone",
                Severity::Error,
                format!("dead link: `{base}/gone` answers 404")
            ),
            at(
                "loop",
                Severity::Warning,
                format!("dead link: `{base}/loop` redirects more than 5 times")
            ),
            at(
                "moved",
                Severity::Warning,
                format!("`{base}/moved` redirects (301) to `{base}/ok`")
            ),
            at(
                "slow",
                Severity::Warning,
                format!("dead link: `{base}/slow`: no answer in time")
            ),
        ]
    );
    assert_eq!(report.checked, 20);
    assert_eq!(
        (report.dead, report.redirected, report.without_archive),
        (3, 1, 1)
    );
    let most = server.most_at_once.load(Ordering::SeqCst);
    assert!((1..=8).contains(&most), "{most} requests at once");
}

#[test]
fn the_command_fails_on_a_dead_link_and_build_never_asks() {
    let server = start_server();
    let dir = copy_fixture("minimal");
    let paz = std::fs::read_to_string(dir.path().join("content/sources/paz.md")).expect("paz");
    let local = format!("{}/ok", server.base);
    write(
        dir.path(),
        "content/sources/paz.md",
        &paz.replace("https://example.org/artikel", &local),
    );
    source(dir.path(), "tot", &format!("{}/gone", server.base), false);
    // a build goes nowhere near the network: the dead link does not matter to it
    build(dir.path());
    let (code, output) = run_binary(dir.path(), &["check", "--online", "--timeout", "5"]);
    assert_eq!(code, Some(1), "{output}");
    assert!(
        output.contains(&format!(
            "error: content/sources/tot.md:3: dead link: `{}/gone` answers 404",
            server.base
        )),
        "{output}"
    );
    assert!(
        output.contains("2 addresses asked: 1 dead, 0 redirected, 2 without an archived copy"),
        "{output}"
    );
}
