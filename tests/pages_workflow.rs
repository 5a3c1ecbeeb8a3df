//! The GitHub Pages workflows keep the facts publishing relies on: this repository's
//! (`.github/workflows/pages.yml`, which compiles the generator beside the dossier) and the one
//! `dossier init` writes (`src/scaffold/pages.yml`, which downloads a release binary).
//!
//! `scripts/actionlint` checks that the files are valid workflows; this test checks that they
//! are the right ones: when they run, what they may do, and that they build with the address
//! Pages gives. How init's workflow gets dossier is tested in `tests/release_workflow.rs`.

use yaml_serde::Value;

const REPOSITORY_WORKFLOW: &str = include_str!("../.github/workflows/pages.yml");

/// Both workflows, each with a name for messages.
fn workflows() -> [(&'static str, String); 2] {
    [
        (
            "this repository's pages.yml",
            REPOSITORY_WORKFLOW.to_owned(),
        ),
        ("init's pages.yml", dossier::scaffold::pages_workflow()),
    ]
}

fn parse(name: &str, text: &str) -> Value {
    yaml_serde::from_str(text).unwrap_or_else(|e| panic!("{name} is not YAML: {e}"))
}

fn steps(workflow: &Value, job: &str) -> Vec<Value> {
    match &workflow["jobs"][job]["steps"] {
        Value::Sequence(steps) => steps.clone(),
        other => panic!("job `{job}` has no list of steps: {other:?}"),
    }
}

/// The index and the step of the first step that uses `action` (`actions/checkout`), any version.
fn step_using(steps: &[Value], action: &str) -> (usize, Value) {
    steps
        .iter()
        .enumerate()
        .find(|(_, step)| {
            step["uses"]
                .as_str()
                .is_some_and(|uses| uses.split('@').next() == Some(action))
        })
        .map(|(index, step)| (index, step.clone()))
        .unwrap_or_else(|| panic!("no step uses {action}"))
}

fn text(value: &Value) -> &str {
    value.as_str().unwrap_or_default()
}

#[test]
fn runs_on_push_to_main_and_by_hand() {
    for (name, source) in workflows() {
        let on = &parse(name, &source)["on"];
        assert_eq!(
            on["push"]["branches"],
            yaml_serde::from_str::<Value>("[main]").expect("YAML"),
            "{name}"
        );
        assert!(
            on.get("workflow_dispatch").is_some(),
            "{name}: workflow_dispatch missing: {on:?}"
        );
    }
}

#[test]
fn may_read_the_repository_and_deploy_pages_and_nothing_else() {
    let expected: Value =
        yaml_serde::from_str("{contents: read, pages: write, id-token: write}").expect("YAML");
    for (name, source) in workflows() {
        let workflow = parse(name, &source);
        assert_eq!(workflow["permissions"], expected, "{name}");
        for job in ["build", "deploy"] {
            assert!(
                workflow["jobs"][job].get("permissions").is_none(),
                "{name}: job `{job}` widens the permissions"
            );
        }
    }
}

#[test]
fn deployments_queue_instead_of_cancelling_each_other() {
    for (name, source) in workflows() {
        let workflow = parse(name, &source);
        assert_eq!(text(&workflow["concurrency"]["group"]), "pages");
        assert_eq!(
            workflow["concurrency"]["cancel-in-progress"],
            Value::Bool(false),
            "{name}"
        );
    }
}

#[test]
fn builds_with_the_address_pages_reports() {
    for (name, source) in workflows() {
        builds_with_the_address_pages_reports_in(name, &parse(name, &source));
    }
}

fn builds_with_the_address_pages_reports_in(name: &str, workflow: &Value) {
    let steps = steps(workflow, "build");
    let (checkout, _) = step_using(&steps, "actions/checkout");
    let (configure, configure_step) = step_using(&steps, "actions/configure-pages");
    assert_eq!(text(&configure_step["id"]), "pages");

    let (build, build_step) = steps
        .iter()
        .enumerate()
        .find(|(_, step)| text(&step["run"]).contains(" build --base-url "))
        .map(|(index, step)| (index, step.clone()))
        .unwrap_or_else(|| panic!("{name}: no step runs `dossier build --base-url`"));
    let command = text(&build_step["run"]);
    // The address reaches the command through the environment, not pasted into the script.
    assert!(
        !command.contains("${{"),
        "{name}: expression inside `run`: {command}"
    );
    let variable = command
        .split("--base-url ")
        .nth(1)
        .and_then(|rest| {
            rest.split(['$', '{', '%', '}', '"', '/'])
                .find(|s| !s.is_empty())
        })
        .expect("--base-url takes a variable");
    assert_eq!(
        text(&build_step["env"][variable]).replace(' ', ""),
        "${{steps.pages.outputs.base_url}}",
        "{name}: {variable} must be configure-pages' base_url"
    );
    assert!(checkout < configure && configure < build, "{name}");

    let (upload, upload_step) = step_using(&steps, "actions/upload-pages-artifact");
    assert!(build < upload, "{name}");
    assert_eq!(
        text(&upload_step["with"]["path"]).trim_end_matches('/'),
        "public",
        "{name}: the artifact must be the build's output folder"
    );
}

/// Both workflows restore dossier's cache folder before the build and save it after, under a
/// key of the run's own (a cache entry cannot be replaced), restoring the newest of any run.
#[test]
fn the_dossier_cache_is_restored_before_the_build_and_saved_after_it() {
    for (name, source) in workflows() {
        let workflow = parse(name, &source);
        let steps = steps(&workflow, "build");
        let (restore, restore_step) = step_using(&steps, "actions/cache/restore");
        let (save, save_step) = step_using(&steps, "actions/cache/save");
        let (build, _) = steps
            .iter()
            .enumerate()
            .find(|(_, step)| text(&step["run"]).contains("build --base-url"))
            .unwrap_or_else(|| panic!("{name}: no build step"));
        assert!(
            restore < build && build < save,
            "{name}: restore, build, save"
        );
        for step in [&restore_step, &save_step] {
            assert_eq!(
                text(&step["with"]["path"]),
                dossier::search::CACHE_DIR,
                "{name}"
            );
            assert!(
                text(&step["with"]["key"]).contains("github.run_id"),
                "{name}"
            );
        }
        assert_eq!(
            text(&restore_step["with"]["key"]),
            text(&save_step["with"]["key"])
        );
        assert!(text(&restore_step["with"]["restore-keys"]).starts_with("dossier-cache-"));
    }
}

/// This repository's workflow compiles the generator beside the dossier, from the lock file.
#[test]
fn the_repository_compiles_its_generator_with_cargo_cached_on_the_lock_file() {
    let workflow = parse("pages.yml", REPOSITORY_WORKFLOW);
    let steps = steps(&workflow, "build");
    let (cache, cache_step) = step_using(&steps, "actions/cache");
    let (configure, _) = step_using(&steps, "actions/configure-pages");
    assert!(cache < configure);
    let paths = text(&cache_step["with"]["path"]);
    for path in ["~/.cargo/registry/", "target/"] {
        assert!(paths.contains(path), "{path} not cached: {paths}");
    }
    assert!(text(&cache_step["with"]["key"]).contains("hashFiles('Cargo.lock')"));
    assert!(
        steps
            .iter()
            .any(|step| text(&step["run"]).contains("cargo build --release --locked")),
        "the generator is compiled from this commit"
    );
}

#[test]
fn deploys_the_artifact_in_the_github_pages_environment() {
    for (name, source) in workflows() {
        let workflow = parse(name, &source);
        let job = &workflow["jobs"]["deploy"];
        assert_eq!(text(&job["needs"]), "build", "{name}");
        assert_eq!(text(&job["environment"]["name"]), "github-pages");
        assert_eq!(
            text(&job["environment"]["url"]).replace(' ', ""),
            "${{steps.deployment.outputs.page_url}}",
            "{name}"
        );
        let (_, deploy) = step_using(&steps(&workflow, "deploy"), "actions/deploy-pages");
        assert_eq!(text(&deploy["id"]), "deployment", "{name}");
    }
}

#[test]
fn actions_are_official_and_on_a_major_version_tag() {
    let release = include_str!("../.github/workflows/release.yml");
    let all = workflows().map(|(_, source)| source).join("\n") + release;
    for line in all.lines() {
        let Some(uses) = line.trim().trim_start_matches("- ").strip_prefix("uses:") else {
            continue;
        };
        let uses = uses.trim();
        let (action, version) = uses.split_once('@').unwrap_or((uses, ""));
        assert!(
            action.starts_with("actions/"),
            "not an official action: {uses}"
        );
        assert!(
            version.starts_with('v') && version[1..].chars().all(|c| c.is_ascii_digit()),
            "{uses}: use a major version tag such as @v5"
        );
    }
}
