//! Input handling of `corroborate analyze`: bad files are reported on
//! stderr and skipped, good ones still analysed; nothing readable is an
//! error; `-` reads JSONL from stdin.

use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};

fn corroborate() -> Command {
    Command::new(env!("CARGO_BIN_EXE_corroborate"))
}

fn report_paths(out: &Path) -> Vec<String> {
    let json = std::fs::read_to_string(out.join("report.json")).expect("report.json written");
    let report: serde_json::Value = serde_json::from_str(&json).expect("report.json is JSON");
    report["articles"]
        .as_array()
        .expect("articles array")
        .iter()
        .map(|a| a["path"].as_str().expect("path").to_string())
        .collect()
}

const GOOD_A: &str = "Storm forces evacuation of 12,000 residents\n\nAuthorities ordered about 12,000 people to leave low-lying areas on Thursday as a storm approached the coast. The weather service said the storm could bring up to 300 mm of rain by Saturday.\n";
const GOOD_B: &str = "Officials said about 12,000 people were told to leave their homes on Thursday before the storm. Forecasters expect 300 mm of rain by Saturday, the weather service said.\n";

#[test]
fn bad_file_is_reported_and_good_files_analysed() {
    let input = tempfile::tempdir().unwrap();
    std::fs::write(input.path().join("a.txt"), GOOD_A).unwrap();
    std::fs::write(input.path().join("b.md"), GOOD_B).unwrap();
    std::fs::write(
        input.path().join("broken.txt"),
        b"caf\xe9 \xff\xfe not utf-8",
    )
    .unwrap();
    let out = tempfile::tempdir().unwrap();
    let result = corroborate()
        .arg("analyze")
        .arg(input.path())
        .arg("--out")
        .arg(out.path())
        .args(["--format", "json"])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&result.stderr);
    assert!(result.status.success(), "stderr: {stderr}");
    assert!(stderr.contains("broken.txt"), "stderr: {stderr}");
    assert!(stderr.contains("UTF-8"), "stderr: {stderr}");
    let paths = report_paths(out.path());
    assert_eq!(paths.len(), 2, "{paths:?}");
    assert!(
        paths[0].ends_with("a.txt") && paths[1].ends_with("b.md"),
        "{paths:?}"
    );
}

#[test]
fn nothing_readable_exits_non_zero() {
    let input = tempfile::tempdir().unwrap();
    std::fs::write(input.path().join("empty.txt"), "   \n").unwrap();
    std::fs::write(input.path().join("bad.jsonl"), "not json\n[1]\n").unwrap();
    let out = tempfile::tempdir().unwrap();
    let result = corroborate()
        .arg("analyze")
        .arg(input.path())
        .arg("--out")
        .arg(out.path())
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&result.stderr);
    assert!(!result.status.success(), "stderr: {stderr}");
    assert!(stderr.contains("empty.txt"), "stderr: {stderr}");
    assert!(stderr.contains("bad.jsonl:1"), "stderr: {stderr}");
    assert!(!out.path().join("report.json").exists());
}

#[test]
fn dash_reads_jsonl_from_stdin() {
    let out = tempfile::tempdir().unwrap();
    let mut child = corroborate()
        .args(["analyze", "-", "--format", "json", "--out"])
        .arg(out.path())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let records = format!(
        "{}\n{}\nnot json\n",
        serde_json::json!({"text": GOOD_A, "outlet": "Coastal Wire", "title": "Storm"}),
        serde_json::json!({"text": GOOD_B, "outlet": "Harbour Agency"}),
    );
    child
        .stdin
        .take()
        .unwrap()
        .write_all(records.as_bytes())
        .unwrap();
    let result = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&result.stderr);
    assert!(result.status.success(), "stderr: {stderr}");
    assert!(stderr.contains("-:3"), "stderr: {stderr}");
    assert_eq!(report_paths(out.path()), ["-:1", "-:2"]);
}
