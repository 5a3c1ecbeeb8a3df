//! The release workflow (`.github/workflows/release.yml`) and the Pages workflow `dossier init`
//! writes agree: init's workflow downloads an archive that the release workflow publishes, for
//! the version that wrote it, and checks it against the release's SHA256SUMS.
//!
//! The steps' scripts run here as written, in bash: the release's own steps make a release
//! (with a stand-in binary) and its checksums, and init's step fetches from it through a
//! stand-in `curl` that serves that release, on stand-in machines (`uname`). A stand-in `cargo`
//! records when dossier would be compiled instead. Needs bash, tar, sha256sum and awk.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use yaml_serde::Value;

const RELEASE: &str = include_str!("../.github/workflows/release.yml");
const VERSION: &str = env!("CARGO_PKG_VERSION");
const REPOSITORY: &str = env!("CARGO_PKG_REPOSITORY");

fn yaml(text: &str) -> Value {
    yaml_serde::from_str(text).unwrap_or_else(|e| panic!("not YAML: {e}"))
}

fn text(value: &Value) -> &str {
    value.as_str().unwrap_or_default()
}

/// The step called `name` in `job`.
fn step(workflow: &Value, job: &str, name: &str) -> Value {
    let Value::Sequence(steps) = &workflow["jobs"][job]["steps"] else {
        panic!("job `{job}` has no steps");
    };
    steps
        .iter()
        .find(|step| text(&step["name"]) == name)
        .cloned()
        .unwrap_or_else(|| panic!("job `{job}` has no step `{name}`"))
}

/// The literal after `||` in `${{ vars.NAME || 'literal' }}`: the value when no variable is set.
fn default_of(expression: &str) -> &str {
    expression
        .split("|| '")
        .nth(1)
        .and_then(|rest| rest.split('\'').next())
        .unwrap_or_else(|| panic!("no default in {expression}"))
}

/// Runs a step's `run` script in `dir` as GitHub's runner would (bash, stopping at the first
/// failing command; `shell: bash` adds pipefail), with `env` and the stand-ins first on PATH.
fn run_step(step: &Value, dir: &Path, env: &[(&str, String)], stand_ins: &Path) -> Output {
    let script = text(&step["run"]);
    assert!(!script.is_empty(), "step has no script: {step:?}");
    assert!(
        !script.contains("${{"),
        "an expression inside `run` cannot be run here: {script}"
    );
    let mut command = Command::new("bash");
    command.args(["--noprofile", "--norc", "-e"]);
    if text(&step["shell"]) == "bash" {
        command.args(["-o", "pipefail"]);
    }
    let path = format!(
        "{}:{}",
        stand_ins.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    command
        .arg("-c")
        .arg(script)
        .current_dir(dir)
        .env("PATH", path)
        .envs(env.iter().map(|(k, v)| (*k, v)));
    command.output().expect("bash runs")
}

fn said(output: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    )
}

fn write_executable(path: &Path, text: &str) {
    std::fs::create_dir_all(path.parent().expect("parent")).expect("create folder");
    std::fs::write(path, text).expect("write script");
    let mut permissions = std::fs::metadata(path).expect("metadata").permissions();
    std::os::unix::fs::PermissionsExt::set_mode(&mut permissions, 0o755);
    std::fs::set_permissions(path, permissions).expect("make executable");
}

/// `curl` serving `$FAKE_RELEASES/TAG/FILE` for `$FAKE_REPOSITORY/releases/download/TAG/FILE`
/// (404 for anything else), `uname` answering `$FAKE_OS` and `$FAKE_ARCH`, and `cargo` that
/// logs its arguments and installs a binary saying it was compiled.
const CURL: &str = r#"#!/usr/bin/env bash
out=/dev/stdout; format=; fail=; url=
while [ $# -gt 0 ]; do
  case "$1" in
    --output) out=$2; shift 2 ;;
    --write-out) format=$2; shift 2 ;;
    --retry) shift 2 ;;
    --fail) fail=1; shift ;;
    --silent | --show-error | --location) shift ;;
    -*) echo "stand-in curl: unknown option $1" >&2; exit 2 ;;
    *) url=$1; shift ;;
  esac
done
echo "curl $url" >> "$FAKE_LOG"
file=${url#"$FAKE_REPOSITORY/releases/download/"}
if [ "$file" != "$url" ] && [ -f "$FAKE_RELEASES/$file" ]; then
  code=200; cp "$FAKE_RELEASES/$file" "$out"
else
  code=404; echo "Not Found" > "$out"
fi
case "$format" in
  '') ;;
  '%{http_code}') printf '%s' "$code" ;;
  *) echo "stand-in curl: cannot write out $format" >&2; exit 2 ;;
esac
if [ "$code" = 404 ] && [ -n "$fail" ]; then echo "curl: (22) 404" >&2; exit 22; fi
"#;

const UNAME: &str = r#"#!/usr/bin/env bash
case "$1" in -s) echo "$FAKE_OS" ;; -m) echo "$FAKE_ARCH" ;; *) exit 2 ;; esac
"#;

const CARGO: &str = r#"#!/usr/bin/env bash
echo "cargo $*" >> "$FAKE_LOG"
root=
while [ $# -gt 0 ]; do
  if [ "$1" = --root ]; then root=$2; fi
  shift
done
mkdir -p "$root/bin"
printf '#!/bin/sh\necho "dossier compiled from source"\n' > "$root/bin/dossier"
chmod +x "$root/bin/dossier"
"#;

/// A folder for one run: stand-ins in `bin/`, a log of what they were asked.
struct Bench {
    dir: tempfile::TempDir,
}

impl Bench {
    fn new() -> Bench {
        let dir = tempfile::tempdir().expect("temporary folder");
        for (name, script) in [("curl", CURL), ("uname", UNAME), ("cargo", CARGO)] {
            write_executable(&dir.path().join("bin").join(name), script);
        }
        Bench { dir }
    }

    fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    /// Forgets what a run of `Get dossier` left: its log, its download folder, GITHUB_ENV.
    fn forget_run(&self) {
        for name in ["log", "github_env"] {
            let _ = std::fs::remove_file(self.path(name));
        }
        let _ = std::fs::remove_dir_all(self.path("runner_temp"));
    }

    fn log(&self) -> String {
        std::fs::read_to_string(self.path("log")).unwrap_or_default()
    }

    /// Runs the release workflow's `Check the tag…` step for `tag` on the repository's
    /// Cargo.toml and on `changelog`; its output `version`, or what it said when it failed.
    fn release_version(&self, tag: &str, changelog: &str) -> Result<String, String> {
        let dir = self.path("checkout");
        common::write(&dir, "CHANGELOG.md", changelog);
        std::fs::copy(
            Path::new(env!("CARGO_MANIFEST_DIR")).join("Cargo.toml"),
            dir.join("Cargo.toml"),
        )
        .expect("copy Cargo.toml");
        let output_file = self.path("github_output");
        std::fs::write(&output_file, "").expect("GITHUB_OUTPUT");
        let step = step(
            &yaml(RELEASE),
            "version",
            "Check the tag against Cargo.toml and CHANGELOG.md",
        );
        let env = [
            ("TAG", tag.to_owned()),
            ("GITHUB_OUTPUT", output_file.display().to_string()),
        ];
        let output = run_step(&step, &dir, &env, &self.path("bin"));
        if !output.status.success() {
            return Err(said(&output));
        }
        let outputs = std::fs::read_to_string(&output_file).expect("GITHUB_OUTPUT");
        outputs
            .lines()
            .find_map(|line| line.strip_prefix("version="))
            .map(str::to_owned)
            .ok_or_else(|| format!("no version in {outputs:?}"))
    }

    /// The release of `version` as the release workflow makes it, from a stand-in binary per
    /// target: its `Pack` step for every target of the matrix that is packed with tar (Windows
    /// packs with 7-Zip, not run here), then its `Write SHA256SUMS` step. Returns its folder.
    fn release(&self, version: &str) -> PathBuf {
        let workflow = yaml(RELEASE);
        let checkout = self.path("checkout");
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        std::fs::create_dir_all(&checkout).expect("create folder");
        for file in ["README.md", "CHANGELOG.md", "LICENSE-MIT", "LICENSE-APACHE"] {
            std::fs::copy(root.join(file), checkout.join(file)).expect("copy");
        }
        let pack = step(&workflow, "build", "Pack");
        for target in matrix_targets().iter().filter(|t| !t.contains("windows")) {
            write_executable(
                &checkout.join(format!("target/{target}/release/dossier")),
                &format!("#!/bin/sh\necho \"dossier {version} for {target}\"\n"),
            );
            let env = [("TARGET", target.clone()), ("VERSION", version.to_owned())];
            let output = run_step(&pack, &checkout, &env, &self.path("bin"));
            assert!(output.status.success(), "Pack {target}: {}", said(&output));
        }
        let dist = checkout.join("dist");
        let sums = step(&workflow, "publish", "Write SHA256SUMS");
        assert_eq!(text(&sums["working-directory"]), "dist");
        let output = run_step(&sums, &dist, &[], &self.path("bin"));
        assert!(output.status.success(), "SHA256SUMS: {}", said(&output));
        let published = self.path("releases").join(format!("v{version}"));
        common::copy_tree(&dist, &published);
        published
    }

    /// Runs the `Get dossier` step of the workflow `init` writes, on a stand-in machine.
    /// `version` is what the repository variable DOSSIER_VERSION says, if set.
    fn get_dossier(&self, os: &str, arch: &str, version: Option<&str>) -> Output {
        let workflow = yaml(&init_workflow());
        let pinned = default_of(text(&workflow["env"]["DOSSIER_VERSION"]));
        let repository = default_of(text(&workflow["env"]["DOSSIER_REPOSITORY"]));
        let runner_temp = self.path("runner_temp");
        std::fs::create_dir_all(&runner_temp).expect("RUNNER_TEMP");
        let env = [
            ("DOSSIER_VERSION", version.unwrap_or(pinned).to_owned()),
            ("DOSSIER_REPOSITORY", repository.to_owned()),
            ("RUNNER_TEMP", runner_temp.display().to_string()),
            ("GITHUB_ENV", self.path("github_env").display().to_string()),
            ("FAKE_REPOSITORY", REPOSITORY.to_owned()),
            ("FAKE_RELEASES", self.path("releases").display().to_string()),
            ("FAKE_LOG", self.path("log").display().to_string()),
            ("FAKE_OS", os.to_owned()),
            ("FAKE_ARCH", arch.to_owned()),
        ];
        let step = step(&workflow, "build", "Get dossier");
        run_step(&step, self.dir.path(), &env, &self.path("bin"))
    }

    /// What the step left for the next ones: `DOSSIER=…` in GITHUB_ENV, and what it says.
    fn installed(&self) -> Option<String> {
        let env = std::fs::read_to_string(self.path("github_env")).ok()?;
        let binary = env.lines().find_map(|l| l.strip_prefix("DOSSIER="))?;
        let output = Command::new(binary).output().expect("the binary runs");
        Some(String::from_utf8_lossy(&output.stdout).trim().to_owned())
    }
}

/// The workflow as `dossier init` writes it.
fn init_workflow() -> String {
    let parent = tempfile::tempdir().expect("temporary folder");
    let options = dossier::scaffold::InitOptions {
        dir: parent.path().join("dossier"),
        title: None,
        language: "de".into(),
    };
    dossier::scaffold::init(&options, "2026-12-05").expect("init");
    std::fs::read_to_string(parent.path().join("dossier/.github/workflows/pages.yml"))
        .expect("init writes the workflow")
}

fn matrix_targets() -> Vec<String> {
    let workflow = yaml(RELEASE);
    let Value::Sequence(include) = &workflow["jobs"]["build"]["strategy"]["matrix"]["include"]
    else {
        panic!("the build job has no matrix of targets");
    };
    include
        .iter()
        .map(|entry| text(&entry["target"]).to_owned())
        .collect()
}

const DATED_CHANGELOG: &str =
    "# Changelog\n\n## [Unreleased]\n\n## [{v}] - 2026-12-05\n\n### Added\n\n- Everything.\n";

#[test]
fn the_release_is_built_for_every_platform_on_version_tags() {
    let workflow = yaml(RELEASE);
    assert_eq!(workflow["on"]["push"]["tags"], yaml("['v*']"));
    assert_eq!(
        matrix_targets(),
        [
            "x86_64-unknown-linux-musl",
            "aarch64-unknown-linux-musl",
            "x86_64-apple-darwin",
            "aarch64-apple-darwin",
            "x86_64-pc-windows-msvc",
        ]
    );
    // only the job that publishes may write to the repository
    assert_eq!(workflow["permissions"], yaml("{contents: read}"));
    assert_eq!(
        workflow["jobs"]["publish"]["permissions"],
        yaml("{contents: write}")
    );
}

#[test]
fn the_tag_must_name_the_crate_version_and_a_dated_changelog_section() {
    let bench = Bench::new();
    let dated = DATED_CHANGELOG.replace("{v}", VERSION);
    assert_eq!(
        bench.release_version(&format!("v{VERSION}"), &dated),
        Ok(VERSION.to_owned())
    );
    let error = bench
        .release_version("v99.0.0", &dated)
        .expect_err("another version's tag");
    assert!(
        error.contains(&format!("tag v{VERSION} instead")),
        "{error}"
    );
    let undated = dated.replace(" - 2026-12-05", " - Unreleased");
    let error = bench
        .release_version(&format!("v{VERSION}"), &undated)
        .expect_err("a section without its date");
    assert!(error.contains("CHANGELOG.md has no section"), "{error}");
}

#[test]
fn init_workflow_downloads_the_archive_the_release_publishes_and_checks_it() {
    let bench = Bench::new();
    let version = bench
        .release_version(
            &format!("v{VERSION}"),
            &DATED_CHANGELOG.replace("{v}", VERSION),
        )
        .expect("the release's version");
    let release = bench.release(&version);
    let sums = std::fs::read_to_string(release.join("SHA256SUMS")).expect("SHA256SUMS");
    assert_eq!(sums.lines().count(), 4, "{sums}");

    for (os, arch, target) in [
        ("Linux", "x86_64", "x86_64-unknown-linux-musl"),
        ("Linux", "aarch64", "aarch64-unknown-linux-musl"),
        ("Darwin", "x86_64", "x86_64-apple-darwin"),
        ("Darwin", "arm64", "aarch64-apple-darwin"),
    ] {
        bench.forget_run();
        let output = bench.get_dossier(os, arch, None);
        assert!(output.status.success(), "{os} {arch}: {}", said(&output));
        assert_eq!(
            bench.installed().as_deref(),
            Some(format!("dossier {VERSION} for {target}").as_str()),
            "{os} {arch}"
        );
        let base = format!("{REPOSITORY}/releases/download/v{VERSION}");
        assert_eq!(
            bench.log(),
            format!("curl {base}/dossier-{VERSION}-{target}.tar.gz\ncurl {base}/SHA256SUMS\n"),
            "{os} {arch}: downloads the archive and the sums, compiles nothing"
        );
        // every archive holds the README and both licences beside the binary
        let listing = Command::new("tar")
            .arg("-tzf")
            .arg(bench.path(&format!(
                "releases/v{VERSION}/dossier-{VERSION}-{target}.tar.gz"
            )))
            .output()
            .expect("tar lists");
        let listing = String::from_utf8_lossy(&listing.stdout);
        for file in ["dossier", "README.md", "LICENSE-MIT", "LICENSE-APACHE"] {
            let entry = format!("dossier-{VERSION}-{target}/{file}");
            assert!(listing.lines().any(|l| l == entry), "{entry}: {listing}");
        }
    }
}

#[test]
fn an_archive_that_does_not_match_its_checksum_stops_the_run() {
    let bench = Bench::new();
    let release = bench.release(VERSION);
    let archive = release.join(format!(
        "dossier-{VERSION}-x86_64-unknown-linux-musl.tar.gz"
    ));
    let mut bytes = std::fs::read(&archive).expect("archive");
    bytes.push(0);
    std::fs::write(&archive, bytes).expect("tampered archive");

    let output = bench.get_dossier("Linux", "x86_64", None);
    assert!(!output.status.success(), "{}", said(&output));
    assert!(
        said(&output).contains("does not match its SHA-256"),
        "{}",
        said(&output)
    );
    assert_eq!(bench.installed(), None);
    assert!(
        !bench.log().contains("cargo"),
        "nothing is compiled instead"
    );
}

#[test]
fn without_a_binary_for_the_machine_dossier_is_compiled_from_the_version_tag() {
    let install = |version: &str| {
        format!("cargo install --locked --git {REPOSITORY} --tag v{version} --root ")
    };
    // a machine no archive is built for
    let bench = Bench::new();
    bench.release(VERSION);
    let output = bench.get_dossier("FreeBSD", "amd64", None);
    assert!(output.status.success(), "{}", said(&output));
    assert!(bench.log().contains(&install(VERSION)), "{}", bench.log());
    assert!(!bench.log().contains("curl"), "{}", bench.log());
    assert_eq!(
        bench.installed().as_deref(),
        Some("dossier compiled from source")
    );

    // a version pinned by the repository variable, with no archives
    let bench = Bench::new();
    bench.release(VERSION);
    let output = bench.get_dossier("Linux", "x86_64", Some("v0.0.9"));
    assert!(output.status.success(), "{}", said(&output));
    let log = bench.log();
    assert!(
        log.starts_with(&format!(
            "curl {REPOSITORY}/releases/download/v0.0.9/dossier-0.0.9-x86_64-unknown-linux-musl.tar.gz\n"
        )),
        "{log}"
    );
    assert!(log.contains(&install("0.0.9")), "{log}");

    // a version pinned by the repository variable, with archives: downloaded, not compiled
    let bench = Bench::new();
    bench.release("0.0.8");
    let output = bench.get_dossier("Linux", "x86_64", Some("0.0.8"));
    assert!(output.status.success(), "{}", said(&output));
    assert!(!bench.log().contains("cargo"), "{}", bench.log());
    assert_eq!(
        bench.installed().as_deref(),
        Some("dossier 0.0.8 for x86_64-unknown-linux-musl")
    );
}

#[test]
fn init_pins_the_version_and_repository_of_the_dossier_that_wrote_it() {
    let workflow = yaml(&init_workflow());
    let env = &workflow["env"];
    assert_eq!(default_of(text(&env["DOSSIER_VERSION"])), VERSION);
    assert_eq!(default_of(text(&env["DOSSIER_REPOSITORY"])), REPOSITORY);
    // … which the repository variables override
    assert!(text(&env["DOSSIER_VERSION"]).contains("vars.DOSSIER_VERSION ||"));
    assert!(text(&env["DOSSIER_REPOSITORY"]).contains("vars.DOSSIER_GENERATOR ||"));
}
