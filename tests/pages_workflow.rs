//! The GitHub Pages workflow (`.github/workflows/pages.yml`) keeps the facts publishing relies on.
//!
//! `scripts/actionlint` checks that the file is a valid workflow; this test checks that it is
//! the right one: when it runs, what it may do, and that it builds with the address Pages gives.

use yaml_serde::Value;

const WORKFLOW: &str = include_str!("../.github/workflows/pages.yml");

fn workflow() -> Value {
    yaml_serde::from_str(WORKFLOW).unwrap_or_else(|e| panic!("pages.yml is not YAML: {e}"))
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
    let workflow = workflow();
    let on = &workflow["on"];
    assert_eq!(
        on["push"]["branches"],
        yaml_serde::from_str::<Value>("[main]").expect("YAML")
    );
    assert!(
        on.get("workflow_dispatch").is_some(),
        "workflow_dispatch missing: {on:?}"
    );
}

#[test]
fn may_read_the_repository_and_deploy_pages_and_nothing_else() {
    let workflow = workflow();
    let expected: Value =
        yaml_serde::from_str("{contents: read, pages: write, id-token: write}").expect("YAML");
    assert_eq!(workflow["permissions"], expected);
    for job in ["build", "deploy"] {
        assert!(
            workflow["jobs"][job].get("permissions").is_none(),
            "job `{job}` widens the permissions"
        );
    }
}

#[test]
fn deployments_queue_instead_of_cancelling_each_other() {
    let workflow = workflow();
    assert_eq!(text(&workflow["concurrency"]["group"]), "pages");
    assert_eq!(
        workflow["concurrency"]["cancel-in-progress"],
        Value::Bool(false)
    );
}

#[test]
fn builds_with_the_address_pages_reports() {
    let workflow = workflow();
    let steps = steps(&workflow, "build");
    let (checkout, _) = step_using(&steps, "actions/checkout");
    let (configure, configure_step) = step_using(&steps, "actions/configure-pages");
    assert_eq!(text(&configure_step["id"]), "pages");

    let (build, build_step) = steps
        .iter()
        .enumerate()
        .find(|(_, step)| text(&step["run"]).contains(" build --base-url "))
        .map(|(index, step)| (index, step.clone()))
        .expect("a step runs `dossier build --base-url`");
    let command = text(&build_step["run"]);
    // The address reaches the command through the environment, not pasted into the script.
    assert!(
        !command.contains("${{"),
        "expression inside `run`: {command}"
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
        "{variable} must be configure-pages' base_url"
    );
    assert!(checkout < configure && configure < build);

    let (upload, upload_step) = step_using(&steps, "actions/upload-pages-artifact");
    assert!(build < upload);
    assert_eq!(
        text(&upload_step["with"]["path"]).trim_end_matches('/'),
        "public",
        "the artifact must be the build's output folder"
    );
}

#[test]
fn caches_cargo_keyed_on_the_lock_file() {
    let workflow = workflow();
    let steps = steps(&workflow, "build");
    let (cache, cache_step) = step_using(&steps, "actions/cache");
    let (configure, _) = step_using(&steps, "actions/configure-pages");
    assert!(cache < configure);
    let paths = text(&cache_step["with"]["path"]);
    for path in ["~/.cargo/registry/", "target/"] {
        assert!(paths.contains(path), "{path} not cached: {paths}");
    }
    assert!(text(&cache_step["with"]["key"]).contains("hashFiles('Cargo.lock')"));
}

#[test]
fn deploys_the_artifact_in_the_github_pages_environment() {
    let workflow = workflow();
    let job = &workflow["jobs"]["deploy"];
    assert_eq!(text(&job["needs"]), "build");
    assert_eq!(text(&job["environment"]["name"]), "github-pages");
    assert_eq!(
        text(&job["environment"]["url"]).replace(' ', ""),
        "${{steps.deployment.outputs.page_url}}"
    );
    let (_, deploy) = step_using(&steps(&workflow, "deploy"), "actions/deploy-pages");
    assert_eq!(text(&deploy["id"]), "deployment");
}

#[test]
fn actions_are_official_and_on_a_major_version_tag() {
    for line in WORKFLOW.lines() {
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
