//! Answers HTTP requests from the site in memory: files under the base path, the live-reload
//! script and its event stream, and the error overlay while the last build has failed.
//!
//! Nothing is read from disk, so no request can reach a file outside the site: a path is only
//! ever a key into the built files. Paths with `..`, backslashes or NUL are refused anyway.

use std::io::Write;
use std::sync::Arc;
use std::time::Duration;

use tiny_http::{Header, Method, Request, Response};

use super::Shared;
use super::site::content_type;
use crate::render::html::escape;

/// Where the server's own files live, under the base path.
const SERVER_FILES: &str = "__dossier/";

const LIVE_JS: &str =
    "// Live reload for `dossier serve`: reloads the page when the site was rebuilt.
(function () {
  var script = document.currentScript;
  var events = script.src.replace(/live\\.js(\\?.*)?$/, \"events\");
  var source = new EventSource(events + \"?since=\" + script.dataset.published);
  source.addEventListener(\"reload\", function () {
    source.close();
    location.reload();
  });
})();
";

const OVERLAY_CSS: &str =
    ".dossier-overlay { position: fixed; left: 1rem; right: 1rem; bottom: 1rem;
  max-height: 60vh; overflow: auto; z-index: 2147483647; padding: 1rem;
  background: #fff4f4; color: #4d0000; border: 2px solid #b00020; border-radius: 6px;
  font: 14px/1.45 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace;
  box-shadow: 0 4px 24px rgba(0, 0, 0, .35); }
.dossier-overlay p { margin: 0; font-weight: 700; }
.dossier-overlay pre { margin: .5rem 0 0; white-space: pre-wrap; }
";

pub(super) fn handle(request: Request, shared: &Arc<Shared>) {
    if !matches!(request.method(), Method::Get | Method::Head) {
        let _ = request.respond(text(405, "only GET and HEAD"));
        return;
    }
    let Some(path) = decoded_path(request.url()) else {
        let _ = request.respond(text(400, "bad request path"));
        return;
    };
    let base = shared.base_path();
    let Some(relative) = path.strip_prefix(base.as_str()) else {
        // the site lives under its base path only, as on GitHub Pages; `/` leads there
        let response = if path == "/" || format!("{path}/") == base {
            redirect(&base)
        } else {
            not_found(shared, &base)
        };
        let _ = request.respond(response);
        return;
    };
    if relative.split('/').any(|part| part == ".." || part == ".") {
        let _ = request.respond(text(400, "bad request path"));
        return;
    }
    if let Some(own) = relative.strip_prefix(SERVER_FILES) {
        serve_own(request, own, shared);
        return;
    }
    let site = shared.site();
    let file = if relative.is_empty() || relative.ends_with('/') {
        format!("{relative}index.html")
    } else {
        relative.to_owned()
    };
    let response = match site.get(&file) {
        Some(bytes) => page(200, &file, &bytes, shared, &base),
        None if site.contains(&format!("{relative}/index.html")) => {
            redirect(&format!("{base}{relative}/"))
        }
        None => not_found(shared, &base),
    };
    let _ = request.respond(response);
}

/// The path of a request URL, percent-decoded; `None` if it is not a clean path.
fn decoded_path(url: &str) -> Option<String> {
    let path = url.split(['?', '#']).next().unwrap_or_default();
    if !path.starts_with('/') {
        return None;
    }
    let bytes = path.as_bytes();
    let mut decoded = Vec::with_capacity(bytes.len());
    let mut index = 0;
    while index < bytes.len() {
        if bytes[index] == b'%' {
            let hex = std::str::from_utf8(bytes.get(index + 1..index + 3)?).ok()?;
            decoded.push(u8::from_str_radix(hex, 16).ok()?);
            index += 3;
        } else {
            decoded.push(bytes[index]);
            index += 1;
        }
    }
    let decoded = String::from_utf8(decoded).ok()?;
    let clean = !decoded.contains(['\\', '\0']) && !decoded.contains("//");
    clean.then_some(decoded)
}

fn serve_own(request: Request, own: &str, shared: &Arc<Shared>) {
    match own {
        "live.js" => {
            let _ = request.respond(bytes(200, "live.js", LIVE_JS.as_bytes().to_vec()));
        }
        "overlay.css" => {
            let _ = request.respond(bytes(200, "overlay.css", OVERLAY_CSS.as_bytes().to_vec()));
        }
        "events" => {
            let since = request
                .url()
                .split_once("since=")
                .and_then(|(_, n)| n.split('&').next())
                .and_then(|n| n.parse().ok())
                .unwrap_or(0);
            let shared = Arc::clone(shared);
            let writer = request.into_writer();
            std::thread::spawn(move || stream_events(writer, since, &shared));
        }
        _ => {
            let _ = request.respond(text(404, "not found"));
        }
    }
}

/// Server-sent events: `reload` whenever a site (or a build's errors) is published after the
/// publication counted `since`.
fn stream_events(mut writer: Box<dyn Write + Send>, mut since: u64, shared: &Shared) {
    let head = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-store\r\n\
                Connection: keep-alive\r\n\r\nretry: 500\n\n";
    if writer
        .write_all(head.as_bytes())
        .and_then(|()| writer.flush())
        .is_err()
    {
        return;
    }
    loop {
        let Some(published) = shared.wait_for_publication(since, Duration::from_secs(15)) else {
            return;
        };
        let message = if published > since {
            since = published;
            format!("event: reload\ndata: {published}\n\n")
        } else {
            String::from(": still here\n\n")
        };
        if writer
            .write_all(message.as_bytes())
            .and_then(|()| writer.flush())
            .is_err()
        {
            return;
        }
    }
}

/// A site file; HTML gets the live-reload script and, after a failed build, the error overlay.
fn page(
    status: u16,
    path: &str,
    body: &[u8],
    shared: &Shared,
    base: &str,
) -> Response<std::io::Cursor<Vec<u8>>> {
    if !content_type(path).starts_with("text/html") {
        return bytes(status, path, body.to_vec());
    }
    let html = String::from_utf8_lossy(body);
    let mut snippet = format!(
        r#"<script src="{base}{SERVER_FILES}live.js" data-published="{}" defer></script>"#,
        shared.publications()
    );
    let errors = shared.errors();
    if !errors.is_empty() {
        snippet.push_str(&format!(
            r#"<link rel="stylesheet" href="{base}{SERVER_FILES}overlay.css"><div class="dossier-overlay" role="alert"><p>The last build failed; this page shows the build before it. Fix the file and save: this box goes away.</p><pre>{}</pre></div>"#,
            escape(&errors.join("\n\n"))
        ));
    }
    let at = html.rfind("</body>").unwrap_or(html.len());
    let injected = format!("{}{snippet}{}", &html[..at], &html[at..]);
    bytes(status, path, injected.into_bytes())
}

fn not_found(shared: &Shared, base: &str) -> Response<std::io::Cursor<Vec<u8>>> {
    match shared.site().get("404.html") {
        Some(body) => page(404, "404.html", &body, shared, base),
        None => text(404, "not found"),
    }
}

fn bytes(status: u16, path: &str, body: Vec<u8>) -> Response<std::io::Cursor<Vec<u8>>> {
    Response::from_data(body)
        .with_status_code(status)
        .with_header(header("Content-Type", content_type(path)))
        .with_header(header("Cache-Control", "no-store"))
}

fn text(status: u16, message: &str) -> Response<std::io::Cursor<Vec<u8>>> {
    bytes(status, "message.txt", format!("{message}\n").into_bytes())
}

fn redirect(location: &str) -> Response<std::io::Cursor<Vec<u8>>> {
    text(302, &format!("see {location}")).with_header(header("Location", location))
}

fn header(name: &str, value: &str) -> Header {
    Header::from_bytes(name.as_bytes(), value.as_bytes()).expect("a valid header")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_are_decoded_and_checked() {
        assert_eq!(
            decoded_path("/kz-ua/a%20b/?x=1").as_deref(),
            Some("/kz-ua/a b/")
        );
        assert_eq!(decoded_path("/%C3%B6l").as_deref(), Some("/öl"));
        assert_eq!(decoded_path("/a%2"), None);
        assert_eq!(decoded_path("/a%zz"), None);
        assert_eq!(decoded_path("/a%5c..%5cb"), None);
        assert_eq!(decoded_path("/a%00"), None);
        assert_eq!(decoded_path("//etc/passwd"), None);
        assert_eq!(decoded_path("/%ff"), None);
        assert_eq!(decoded_path("*"), None);
        assert_eq!(decoded_path("/a/%2e%2e/b").as_deref(), Some("/a/../b"));
    }
}
