//! `dossier serve` against a running server on loopback: pages under the base path, rebuilds
//! and reload events on change, the error overlay and recovery, incremental equals full, and
//! requests that must not hurt it. Every wait is bounded.

mod common;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{Ipv4Addr, SocketAddr, TcpStream};
use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};

use common::*;
use dossier::serve::{ServeOptions, Server};

const WAIT: Duration = Duration::from_secs(20);

fn start(root: &Path) -> Server {
    let options = ServeOptions {
        build: options(root),
        bind: Ipv4Addr::LOCALHOST.into(),
        port: 0,
        timings: false,
    };
    Server::start(options, Arc::new(|_: &str| {})).expect("server starts")
}

struct Reply {
    status: u16,
    headers: String,
    body: String,
}

fn request(address: SocketAddr, raw: &str) -> Reply {
    request_within(address, raw, WAIT)
}

fn request_within(address: SocketAddr, raw: &str, timeout: Duration) -> Reply {
    let mut stream = TcpStream::connect(address).expect("connect");
    stream.set_read_timeout(Some(timeout)).expect("timeout");
    stream.write_all(raw.as_bytes()).expect("send");
    // read the head, then as many bytes as Content-Length says: a server may keep the
    // connection open after answering
    let mut reply = Vec::new();
    let mut chunk = [0u8; 8192];
    let mut expected = None;
    loop {
        if let Some(head_end) = find(&reply, b"\r\n\r\n") {
            let length = *expected.get_or_insert_with(|| content_length(&reply[..head_end]));
            if reply.len() >= head_end + 4 + length {
                break;
            }
        }
        match stream.read(&mut chunk) {
            Ok(0) | Err(_) => break,
            Ok(n) => reply.extend_from_slice(&chunk[..n]),
        }
    }
    let reply = String::from_utf8_lossy(&reply).into_owned();
    let (head, body) = reply.split_once("\r\n\r\n").unwrap_or((&reply, ""));
    let status = head
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    Reply {
        status,
        headers: head.to_ascii_lowercase(),
        body: body.to_owned(),
    }
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

fn content_length(head: &[u8]) -> usize {
    String::from_utf8_lossy(head)
        .lines()
        .find_map(|line| {
            let (name, value) = line.split_once(':')?;
            name.eq_ignore_ascii_case("content-length")
                .then(|| value.trim().parse().ok())
                .flatten()
        })
        .unwrap_or(0)
}

fn get(address: SocketAddr, path: &str) -> Reply {
    request(
        address,
        &format!("GET {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"),
    )
}

/// Changes a file and waits for the rebuild it causes.
fn change(server: &Server, root: &Path, path: &str, text: Option<&str>) {
    let before = server.builds_finished();
    match text {
        Some(text) => write(root, path, text),
        None => std::fs::remove_file(root.join(path)).expect("remove"),
    }
    let after = server.wait_for_build(before, WAIT);
    assert!(after > before, "no rebuild after changing {path}");
}

#[test]
fn serves_the_site_under_its_base_path_only() {
    let dir = copy_fixture("minimal");
    let server = start(dir.path());
    let address = server.address();
    assert!(server.url().ends_with("/repo/"), "{}", server.url());

    let home = get(address, "/repo/");
    assert_eq!(home.status, 200);
    assert!(
        home.headers
            .contains("content-type: text/html; charset=utf-8")
    );
    assert!(home.body.contains("Testdossier"));
    assert!(
        home.body.contains("/repo/__dossier/live.js"),
        "live reload script injected"
    );

    let css = get(address, "/repo/dossier.css");
    assert_eq!(css.status, 200);
    assert!(css.headers.contains("content-type: text/css"));

    assert_eq!(get(address, "/repo/actors/tokajew/").status, 200);
    let redirect = get(address, "/repo/actors/tokajew");
    assert_eq!(redirect.status, 302);
    assert!(redirect.headers.contains("location: /repo/actors/tokajew/"));
    assert_eq!(get(address, "/").status, 302);
    let outside = get(address, "/actors/tokajew/");
    assert_eq!(outside.status, 404, "nothing outside the base path");
    let missing = get(address, "/repo/nirgends/");
    assert_eq!(missing.status, 404);
    assert!(missing.body.contains("/repo/"), "the site's own 404 page");
    server.stop();
}

#[test]
fn refuses_path_traversal_in_every_spelling() {
    let dir = copy_fixture("minimal");
    let server = start(dir.path());
    for path in [
        "/repo/../site.toml",
        "/repo/%2e%2e/site.toml",
        "/repo/%2E%2E/%2E%2E/etc/passwd",
        "/repo/..%2fsite.toml",
        "/repo/..%5csite.toml",
        "/repo/actors/%00",
        "/repo//etc/passwd",
        "/repo/%ff",
    ] {
        let reply = get(server.address(), path);
        assert!(
            matches!(reply.status, 400 | 404),
            "{path}: {}",
            reply.status
        );
        assert!(!reply.body.contains("base_url"), "{path} leaked site.toml");
    }
    server.stop();
}

#[test]
fn a_change_rebuilds_and_tells_open_pages_to_reload() {
    let dir = copy_fixture("minimal");
    let server = start(dir.path());
    let since = server.builds_finished();
    let mut events = TcpStream::connect(server.address()).expect("connect");
    events.set_read_timeout(Some(WAIT)).expect("timeout");
    write!(
        events,
        "GET /repo/__dossier/events?since={since} HTTP/1.1\r\nHost: localhost\r\n\r\n"
    )
    .expect("send");
    let mut events = BufReader::new(events);
    let mut line = String::new();
    events.read_line(&mut line).expect("status line");
    assert!(line.starts_with("HTTP/1.1 200"), "{line}");

    write(
        dir.path(),
        "content/notes/neu.md",
        "---\ntitle: Ganz neu\n---\nText.\n",
    );
    let started = Instant::now();
    let mut reloaded = false;
    while started.elapsed() < WAIT && !reloaded {
        line.clear();
        if events.read_line(&mut line).unwrap_or(0) == 0 {
            break;
        }
        reloaded = line.trim() == "event: reload";
    }
    assert!(reloaded, "a reload event after the change");
    let page = get(server.address(), "/repo/notes/neu/");
    assert_eq!(page.status, 200);
    assert!(page.body.contains("Ganz neu"));
    server.stop();
}

#[test]
fn a_broken_file_shows_the_overlay_until_it_is_fixed() {
    let dir = copy_fixture("minimal");
    let server = start(dir.path());
    let note = "content/notes/kaputt.md";
    change(
        &server,
        dir.path(),
        note,
        Some("---\ntitle: K\n---\nSiehe [[nirgendwo]].\n"),
    );
    assert_eq!(server.errors().len(), 1, "{:?}", server.errors());
    let page = get(server.address(), "/repo/");
    assert_eq!(page.status, 200, "the last good build is still served");
    assert!(page.body.contains("dossier-overlay"));
    assert!(
        page.body.contains("content/notes/kaputt.md:4:"),
        "file and line in the overlay"
    );
    assert!(page.body.contains("nirgendwo"));

    change(
        &server,
        dir.path(),
        note,
        Some("---\ntitle: K\n---\nSiehe [[Tokajew]].\n"),
    );
    assert!(server.errors().is_empty());
    let page = get(server.address(), "/repo/notes/kaputt/");
    assert_eq!(page.status, 200);
    assert!(!page.body.contains("dossier-overlay"));
    server.stop();
}

#[test]
fn after_edits_renames_and_deletions_the_served_site_equals_a_full_build() {
    let dir = copy_fixture("minimal");
    let root = dir.path();
    let server = start(root);
    change(
        &server,
        root,
        "content/notes/neu.md",
        Some(
            "---\ntitle: Neu\ntags: [x]\n---\n[[Tokajew]]\n\n```mermaid\nflowchart LR\n  A --> B\n```\n",
        ),
    );
    // a diagram changed: the new one is served, the old one no more
    change(
        &server,
        root,
        "content/notes/neu.md",
        Some(
            "---\ntitle: Neu\ntags: [x]\n---\n[[Tokajew]]\n\n```mermaid\nflowchart LR\n  A --> C\n```\n",
        ),
    );
    change(
        &server,
        root,
        "content/actors/tokajew.md",
        Some("---\ntitle: Tokajew\nkind: person\n---\nGeändert.\n"),
    );
    std::fs::rename(
        root.join("content/notes/neu.md"),
        root.join("content/notes/umbenannt.md"),
    )
    .expect("rename");
    let before = server.builds_finished();
    assert!(server.wait_for_build(before, WAIT) > before);
    change(&server, root, "content/notes/entwurf.md", None);
    assert!(server.errors().is_empty(), "{:?}", server.errors());

    let output = tempfile::tempdir().expect("output folder");
    let mut full = options(root);
    full.overrides.output_dir = Some(output.path().join("site"));
    full.overrides.base_url = Some(server.url());
    // serve makes no search index
    full.overrides.no_search = true;
    dossier::build(&full).expect("full build");
    let site = server.site();
    let built: Vec<(String, Vec<u8>)> = snapshot_tree(&output.path().join("site"))
        .into_iter()
        .filter(|(path, _)| path != ".dossier-manifest.json")
        .collect();
    let served: Vec<&str> = site.paths();
    let built_paths: Vec<&str> = built.iter().map(|(p, _)| p.as_str()).collect();
    assert_eq!(served, built_paths);
    assert_eq!(
        (built_paths.iter())
            .filter(|p| p.starts_with("diagrams/"))
            .count(),
        1,
        "{built_paths:?}"
    );
    for (path, bytes) in &built {
        assert!(
            site.get(path).is_some_and(|b| &*b == bytes.as_slice()),
            "{path} differs"
        );
    }
    server.stop();
}

#[test]
fn survives_many_concurrent_and_malformed_requests() {
    let dir = copy_fixture("minimal");
    let server = start(dir.path());
    let address = server.address();
    let malformed = [
        "GARBAGE\r\n\r\n",
        "GET\r\n\r\n",
        "GET /repo/ HTTP/9.9\r\n\r\n",
        "POST /repo/ HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nConnection: close\r\n\r\nhello",
        "GET /repo/ HTTP/1.1\r\nHost: x\r\nContent-Length: -1\r\n\r\n",
        "\0\0\0\0\r\n\r\n",
    ];
    for raw in malformed {
        let _ = request(address, raw);
    }
    let long = format!(
        "GET /repo/{} HTTP/1.1\r\nConnection: close\r\n\r\n",
        "a".repeat(100_000)
    );
    let _ = request(address, &long);

    let threads: Vec<_> = (0..200)
        .map(|i| {
            std::thread::spawn(move || {
                let path = if i % 2 == 0 {
                    "/repo/"
                } else {
                    "/repo/actors/tokajew/"
                };
                get(address, path).status
            })
        })
        .collect();
    let statuses: Vec<u16> = threads
        .into_iter()
        .map(|t| t.join().expect("thread"))
        .collect();
    assert!(statuses.iter().all(|&s| s == 200), "{statuses:?}");
    assert_eq!(get(address, "/repo/").status, 200, "still answering");
    server.stop();
}
