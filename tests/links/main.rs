//! Every link of this repository's dossier works where it is published: built for a GitHub
//! project page (under `/kz-ua/`), for the root of a domain, and for a custom domain from
//! `cname`, each checked as Pages serves it (see `check.rs`). No network: links to other sites
//! are listed (run with `--nocapture`), not fetched.

mod check;
mod scan;

use std::path::Path;

use dossier::{BuildOptions, Overrides};
use url::Url;

const PROJECT_PAGE: &str = "https://example.github.io/kz-ua/";
const DOMAIN_ROOT: &str = "https://example.org/";
const CUSTOM_DOMAIN: &str = "dossier.example.org";

fn repository() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Builds the dossier in `root` into a fresh temporary folder.
fn build(root: &Path, base_url: Option<&str>) -> tempfile::TempDir {
    let output = tempfile::tempdir().expect("temporary folder");
    let options = BuildOptions {
        root: root.to_path_buf(),
        overrides: Overrides {
            output_dir: Some(output.path().to_path_buf()),
            base_url: base_url.map(str::to_owned),
            ..Overrides::default()
        },
        budget: Default::default(),
    };
    if let Err(failure) = dossier::build(&options) {
        let messages: Vec<String> = failure.diagnostics.iter().map(|d| d.to_string()).collect();
        panic!("the build failed:\n{}", messages.join("\n"));
    }
    output
}

/// Checks every link of a built site, and fails with all broken ones at once.
fn assert_links_work(output: &Path, base: &str) {
    let base = Url::parse(base).expect("base URL");
    let elsewhere = [
        PROJECT_PAGE,
        DOMAIN_ROOT,
        &format!("https://{CUSTOM_DOMAIN}/"),
    ]
    .into_iter()
    .chain(site_toml_base_url().as_deref())
    .filter_map(|address| Url::parse(address).ok())
    .filter(|address| *address != base)
    .collect();
    let site = check::Site {
        output,
        base: base.clone(),
        elsewhere,
    };
    for file in ["index.html", "404.html", "sitemap.xml", "atom.xml"] {
        assert!(output.join(file).is_file(), "the build wrote no {file}");
    }
    let report = site.check();
    println!(
        "{base}: {} internal links work; {} links to other sites, not fetched:",
        report.working,
        report.external.len()
    );
    for url in &report.external {
        println!("  {url}");
    }
    assert!(
        report.failures.is_empty(),
        "{} broken link(s) in the site built for {base}:\n{}",
        report.failures.len(),
        check::render(&report.failures)
    );
    assert!(
        report.working > 100,
        "too few links checked: {}",
        report.working
    );
}

fn site_toml_base_url() -> Option<String> {
    let text = std::fs::read_to_string(repository().join("site.toml")).ok()?;
    let table: toml::Table = toml::from_str(&text).ok()?;
    table.get("base_url")?.as_str().map(str::to_owned)
}

#[test]
fn links_work_on_a_project_page_under_the_repository_path() {
    let output = build(repository(), Some(PROJECT_PAGE));
    assert_links_work(output.path(), PROJECT_PAGE);
}

#[test]
fn links_work_at_the_root_of_a_domain() {
    let output = build(repository(), Some(DOMAIN_ROOT));
    assert_links_work(output.path(), DOMAIN_ROOT);
}

#[test]
fn links_work_on_a_custom_domain_from_cname() {
    let dossier = tempfile::tempdir().expect("temporary folder");
    let site_toml = std::fs::read_to_string(repository().join("site.toml")).expect("site.toml");
    assert!(!site_toml.contains("cname"), "site.toml already sets cname");
    // First, so the key is top-level whatever tables follow.
    let site_toml = format!("cname = \"{CUSTOM_DOMAIN}\"\n{site_toml}");
    std::fs::write(dossier.path().join("site.toml"), site_toml).expect("write site.toml");
    copy_tree(
        &repository().join("content"),
        &dossier.path().join("content"),
    );

    let output = build(dossier.path(), None);
    let cname = std::fs::read_to_string(output.path().join("CNAME")).expect("CNAME written");
    assert_eq!(cname.trim_end(), CUSTOM_DOMAIN);
    assert_links_work(output.path(), &format!("https://{CUSTOM_DOMAIN}/"));
}

/// The check is not vacuous: damage to a real build is found, every instance of it.
#[test]
fn a_damaged_build_fails_the_check() {
    let output = build(repository(), Some(PROJECT_PAGE));
    let path = |file: &str| output.path().join(file);
    std::fs::remove_file(path("actors/tokajew/index.html")).expect("remove a page");
    let not_found = std::fs::read_to_string(path("404.html")).expect("404.html");
    let not_found = not_found.replace("href=\"/kz-ua/actors/\"", "href=\"actors/\"");
    std::fs::write(path("404.html"), not_found).expect("write 404.html");

    let site = check::Site {
        output: output.path(),
        base: Url::parse(PROJECT_PAGE).expect("URL"),
        elsewhere: Vec::new(),
    };
    let failures = site.check().failures;
    let report = check::render(&failures);
    assert!(
        failures
            .iter()
            .any(|f| f.file == "404.html" && f.url == "actors/"),
        "{report}"
    );
    let to_tokajew = failures
        .iter()
        .filter(|f| f.reason == "no file actors/tokajew/index.html in the output")
        .count();
    assert!(
        to_tokajew > 10,
        "{to_tokajew} links to the removed page:\n{report}"
    );
}

/// The checker itself: a hand-made site with one broken link of each kind.
#[test]
fn the_checker_finds_each_kind_of_broken_link() {
    let output = tempfile::tempdir().expect("temporary folder");
    let write = |path: &str, text: &str| {
        let path = output.path().join(path);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("folder");
        std::fs::write(path, text).expect("write");
    };
    write(
        "index.html",
        r#"<link rel="canonical" href="https://example.org/r/">
        <a href="/r/ok/">fine</a> <a href="ok/#here">fine</a> <a href="https://example.org/r/ok">fine</a>
        <a href="https://elsewhere.example/">another site</a> <a href="mailto:a@example.org">mail</a>
        <a href="/r/missing/">1</a> <a href="/other/">2</a> <a href="ok/#nowhere">3</a>
        <a href="/r/.nojekyll">4</a> <a href="https://owner.github.io/r/ok/">5</a> <img src="">"#,
    );
    write(
        "ok/index.html",
        r#"<h2 id="here">x</h2><link rel="canonical" href="https://example.org/r/">"#,
    );
    write(".nojekyll", "");
    write("404.html", r#"<a href="/r/">fine</a> <a href="ok/">7</a>"#);
    write("sitemap.xml", "<urlset><url><loc>ok/</loc></url></urlset>");
    write(
        "data/x.json",
        r##"{"url": "/r/ok/", "text": "<a href=\"#fn1\">x</a> <a href=\"/r/ok/\">y</a>"}"##,
    );
    let site = check::Site {
        output: output.path(),
        base: Url::parse("https://example.org/r/").expect("URL"),
        elsewhere: vec![Url::parse("https://owner.github.io/r/").expect("URL")],
    };
    let report = site.check();
    let mut found: Vec<(&str, &str)> = report
        .failures
        .iter()
        .map(|f| (f.file.as_str(), f.url.as_str()))
        .collect();
    found.sort();
    assert_eq!(
        found,
        [
            ("404.html", "ok/"),
            ("data/x.json", "#fn1"),
            ("data/x.json", "/r/ok/"),
            ("index.html", ""),
            ("index.html", "/other/"),
            ("index.html", "/r/.nojekyll"),
            ("index.html", "/r/missing/"),
            ("index.html", "https://owner.github.io/r/ok/"),
            ("index.html", "ok/#nowhere"),
            ("ok/index.html", "https://example.org/r/"),
            ("sitemap.xml", "ok/"),
        ],
        "{}",
        check::render(&report.failures)
    );
    assert_eq!(report.working, 6, "{report:?}");
    assert_eq!(
        report.external,
        ["https://elsewhere.example/".to_owned()].into()
    );
}

fn copy_tree(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.expect("entry");
        let target = to.join(entry.path().strip_prefix(from).expect("inside"));
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).expect("create folder");
        } else {
            std::fs::copy(entry.path(), &target).expect("copy file");
        }
    }
}
