//! The version history: in a git checkout (a temporary repository with fixed dates), each page
//! shows when its file last changed unless `updated` says otherwise, `changes/` lists the latest
//! commits with the pages they touched, and `changes/atom.xml` carries them; a commit alone
//! makes the next build write again. Without git, none of it, and no error.

mod common;

use std::path::Path;

use common::{build, copy_fixture, main_of, read};
#[path = "../src/serve/test_git.rs"]
mod test_git;

use test_git::git;

fn commit(root: &Path, message: &str, date: &str) {
    git(root, &["add", "-A"], date);
    git(root, &["commit", "-q", "-m", message], date);
}

fn edit(root: &Path, path: &str, from: &str, to: &str) {
    let path = root.join(path);
    let text = std::fs::read_to_string(&path).expect("read");
    assert!(text.contains(from), "{from}");
    std::fs::write(&path, text.replacen(from, to, 1)).expect("write");
}

/// The open-data fixture as a checkout with four commits; `public/` is ignored, as a
/// dossier's repository would have it.
fn checkout() -> tempfile::TempDir {
    let dir = copy_fixture("open-data");
    let root = dir.path();
    std::fs::write(root.join(".gitignore"), "/public\n").expect("write");
    git(root, &["init", "-q"], "2024-01-01T09:00:00+00:00");
    commit(root, "Erster Stand", "2024-01-01T09:00:00+00:00");
    edit(
        root,
        "content/notes/ueberblick.md",
        "An overview",
        "A longer overview",
    );
    commit(root, "Überblick ergänzt", "2024-02-03T12:30:00+01:00");
    edit(
        root,
        "content/timeline/events.yaml",
        "Carl dies",
        "Carl Berg dies",
    );
    edit(
        root,
        "content/actors/carl.md",
        "Carl.",
        "Carl, the brother.",
    );
    commit(root, "Carl: Tod <genauer>", "2024-03-04T08:00:00+00:00");
    edit(
        root,
        "content/actors/anna.md",
        "kind: person",
        "kind: person\nupdated: 2020-01",
    );
    commit(root, "Anna: Stand nach Quelle", "2024-04-05T08:00:00+00:00");
    dir
}

#[test]
fn pages_show_their_last_change_and_updated_wins() {
    let dir = checkout();
    build(dir.path());
    let root = dir.path();
    let changed = |page: &str| {
        let html = read(root, page);
        let start = html
            .find("<p class=\"meta last-changed\"")
            .unwrap_or_else(|| panic!("{page} shows no last change"));
        let end = start + html[start..].find("</p>").expect("end") + 4;
        html[start..end].to_owned()
    };
    assert_eq!(
        changed("notes/ueberblick/index.html"),
        "<p class=\"meta last-changed\" data-pagefind-ignore>Zuletzt geändert <time datetime=\"2024-02-03\">3. Februar 2024</time></p>"
    );
    assert!(changed("actors/carl/index.html").contains("datetime=\"2024-03-04\""));
    assert!(changed("actors/staat/index.html").contains("datetime=\"2024-01-01\""));
    assert!(changed("sources/bericht/index.html").contains("datetime=\"2024-01-01\""));
    // front matter `updated` wins over the later commit
    assert!(changed("actors/anna/index.html").contains("datetime=\"2020-01\">Januar 2020<"));
    assert!(read(root, "index.html").contains("href=\"/od/changes/\">Änderungen</a>"));
    let sitemap = read(root, "sitemap.xml");
    assert!(sitemap.contains("notes/ueberblick/</loc><lastmod>2024-02-03</lastmod>"));
    assert!(sitemap.contains("actors/anna/</loc><lastmod>2020-01-01</lastmod>"));
}

#[test]
fn the_changes_page_lists_the_commits_with_their_pages() {
    let dir = checkout();
    build(dir.path());
    insta::assert_snapshot!(main_of(&read(dir.path(), "changes/index.html")));
}

#[test]
fn the_changes_feed_has_an_entry_per_commit() {
    let dir = checkout();
    build(dir.path());
    let feed = read(dir.path(), "changes/atom.xml");
    assert_eq!(feed.matches("<entry>").count(), 4);
    assert!(feed.contains("<updated>2024-04-05T08:00:00+00:00</updated>\n  <author>"));
    assert!(feed.contains("<title>Carl: Tod &lt;genauer&gt;</title>"));
    assert!(feed.contains("<summary>Geänderte Seiten: Carl Berg, Zeitleiste</summary>"));
    assert!(feed.contains("<link href=\"https://example.org/od/changes/atom.xml\" rel=\"self\""));
    let first = feed.find("Anna: Stand nach Quelle").expect("newest");
    let last = feed.find("Erster Stand").expect("oldest");
    assert!(first < last, "newest first");
    assert!(read(dir.path(), "data/index.html").contains("href=\"/od/changes/atom.xml\""));
}

#[test]
fn a_commit_alone_makes_the_next_build_write_again() {
    let dir = checkout();
    let root = dir.path();
    build(root);
    assert_eq!(build(root).write.written, 0, "nothing changed");
    // an edit made before, committed only now: no file under content/ changes
    edit(
        root,
        "content/actors/staat.md",
        "A state.",
        "A state, again.",
    );
    build(root);
    assert_eq!(build(root).write.written, 0);
    commit(root, "Staat", "2024-05-06T08:00:00+00:00");
    let summary = build(root);
    assert!(summary.write.written >= 2, "{:?}", summary.write);
    assert!(read(root, "actors/staat/index.html").contains("datetime=\"2024-05-06\""));
}

#[test]
fn a_shallow_clone_knows_only_the_commits_it_has() {
    let dir = checkout();
    let clone = tempfile::tempdir().expect("temporary folder");
    let url = format!("file://{}", dir.path().display());
    let target = clone.path().join("dossier");
    let target_arg = target.to_string_lossy().into_owned();
    git(
        clone.path(),
        &["clone", "-q", "--depth", "2", &url, &target_arg],
        "2024-06-01T00:00:00+00:00",
    );
    build(&target);
    // the clone's oldest commit (Carl's) seems to add every file: it is left out
    let feed = read(&target, "changes/atom.xml");
    assert_eq!(feed.matches("<entry>").count(), 1, "{feed}");
    assert!(feed.contains("Anna: Stand nach Quelle"));
    assert!(!read(&target, "actors/carl/index.html").contains("last-changed"));
}

#[test]
fn without_a_checkout_there_is_no_history_and_no_error() {
    let dir = copy_fixture("open-data");
    build(dir.path());
    let root = dir.path();
    assert!(!root.join("public/changes").exists());
    let page = read(root, "actors/staat/index.html");
    assert!(!page.contains("last-changed"));
    assert!(!page.contains("/changes/"));
    // `updated` still shows
    edit(
        root,
        "content/actors/staat.md",
        "kind: state",
        "kind: state\nupdated: 2021",
    );
    build(root);
    assert!(read(root, "actors/staat/index.html").contains("<time datetime=\"2021\">2021</time>"));
}
