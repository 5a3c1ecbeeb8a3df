//! `dossier --version` names the version and, built from a git checkout, the commit.

use std::path::Path;
use std::process::Command;

fn git(args: &[&str]) -> Option<String> {
    let output = Command::new("git")
        .arg("-C")
        .arg(env!("CARGO_MANIFEST_DIR"))
        .args(args)
        .output()
        .ok()?;
    let text = String::from_utf8(output.stdout).ok()?;
    output.status.success().then(|| text.trim().to_owned())
}

#[test]
fn version_names_the_version_and_the_commit() {
    let output = Command::new(env!("CARGO_BIN_EXE_dossier"))
        .arg("--version")
        .output()
        .expect("dossier runs");
    assert!(output.status.success());
    let line = String::from_utf8_lossy(&output.stdout).trim().to_owned();
    let version = format!("dossier {}", env!("CARGO_PKG_VERSION"));

    let root = Path::new(env!("CARGO_MANIFEST_DIR")).canonicalize().ok();
    let checkout = git(&["rev-parse", "--show-toplevel"])
        .and_then(|top| Path::new(&top).canonicalize().ok())
        .is_some_and(|top| Some(top) == root);
    let expected = match (checkout, git(&["rev-parse", "--short=9", "HEAD"])) {
        (true, Some(commit)) => format!("{version} ({commit})"),
        // built outside a checkout of its own: the commit only if the build was told it
        _ => match std::env::var("DOSSIER_COMMIT") {
            Ok(commit) => format!("{version} ({})", &commit[..9.min(commit.len())]),
            Err(_) => version,
        },
    };
    assert_eq!(line, expected);
}
