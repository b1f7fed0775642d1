//! Corpus mode through the `corroborate` binary: a killed ingest leaves a
//! usable store, re-ingesting completes it without duplicates, and a second
//! writer gets a clear error instead of corrupting anything.

use std::io::Write;
use std::process::{Command, Stdio};
use std::time::Duration;

const BIN: &str = env!("CARGO_BIN_EXE_corroborate");

/// A JSONL dump of `n` distinct articles made from the example story's text.
fn write_dump(path: &std::path::Path, n: usize) {
    let dir =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/istanbul-2025-05-15");
    let mut texts: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| std::fs::read_to_string(e.unwrap().path()).unwrap())
        .collect();
    texts.sort();
    let mut out = std::io::BufWriter::new(std::fs::File::create(path).unwrap());
    for i in 0..n {
        let text = format!("Update {i}: {}", texts[i % texts.len()]);
        let line = serde_json::json!({"text": text, "title": format!("Report {i}"), "published": "2025-05-15"});
        writeln!(out, "{line}").unwrap();
    }
}

fn stories_json(db: &std::path::Path) -> serde_json::Value {
    let out = Command::new(BIN)
        .args(["stories", "--json", "--limit", "100000", "--db"])
        .arg(db)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "stories failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn killed_ingest_loses_nothing_acknowledged_and_resumes() {
    let dir = tempfile::tempdir().unwrap();
    let dump = dir.path().join("dump.jsonl");
    let db = dir.path().join("corpus.db");
    let n = 4000;
    write_dump(&dump, n);

    let mut child = Command::new(BIN)
        .arg("ingest")
        .arg(&dump)
        .arg("--db")
        .arg(&db)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    std::thread::sleep(Duration::from_millis(1500));
    // SIGKILL: no chance to clean up. (On a machine fast enough to finish
    // first, the rest of the test still checks that a re-run is a no-op.)
    let _ = child.kill();
    let _ = child.wait();

    // The store opens and reads after the kill.
    let partial = stories_json(&db);
    let partial_size: u64 = partial
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["size"].as_u64().unwrap())
        .sum();
    assert!(partial_size <= n as u64);

    // Running the same ingest again completes the job: every article stored
    // once, every article clustered.
    let out = Command::new(BIN)
        .arg("ingest")
        .arg(&dump)
        .arg("--db")
        .arg(&db)
        .arg("--json")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let summary: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        summary["added"].as_u64().unwrap() + summary["already_stored"].as_u64().unwrap(),
        n as u64
    );
    let total: u64 = stories_json(&db)
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["size"].as_u64().unwrap())
        .sum();
    assert_eq!(
        total, n as u64,
        "all {n} articles stored and clustered exactly once"
    );
}

#[test]
fn corrupt_store_is_refused_with_the_file_named() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("broken.db");
    std::fs::write(&db, b"definitely not sqlite ".repeat(200)).unwrap();
    let before = std::fs::read(&db).unwrap();
    let out = Command::new(BIN)
        .args(["stories", "--db"])
        .arg(&db)
        .output()
        .unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("broken.db"), "{err}");
    assert_eq!(std::fs::read(&db).unwrap(), before, "file untouched");
}

/// `eval clustering --model`: the rows with and without the encoder come
/// from one run; without a model there is no encoder row. The model-backed
/// half runs when `CORROBORATE_MODEL` names a model directory.
#[test]
fn eval_clustering_shows_the_encoder_row_beside_the_lexical_one() {
    let data = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../data/clustering/uci-news-aggregator-sample.tsv");
    let run = |extra: &[&str]| -> serde_json::Value {
        let out = Command::new(BIN)
            .args(["eval", "clustering", "--json"])
            .arg(&data)
            .args(extra)
            .env_remove("CORROBORATE_MODEL")
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "eval failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        serde_json::from_slice(&out.stdout).unwrap()
    };
    let names = |v: &serde_json::Value| -> Vec<String> {
        v["systems"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s["system"].as_str().unwrap().to_string())
            .collect()
    };
    let lexical = run(&[]);
    assert_eq!(
        names(&lexical),
        [
            "corroborate",
            "tf-idf single pass (tuned)",
            "every article its own story"
        ]
    );
    let Some(model) = std::env::var_os("CORROBORATE_MODEL") else {
        eprintln!("SKIP the model half: CORROBORATE_MODEL is not set");
        return;
    };
    let model = model.to_string_lossy().to_string();
    let both = run(&["--model", &model]);
    let systems = names(&both);
    assert_eq!(systems.len(), 4, "{systems:?}");
    assert!(systems[1].starts_with("corroborate + "), "{systems:?}");
    // The lexical row is the same with or without a model in the run (up
    // to the summation order of the metric's floating-point sums).
    for key in [
        "bcubed_precision",
        "bcubed_recall",
        "bcubed_f1",
        "pairwise_f1",
    ] {
        let (x, y) = (
            both["systems"][0]["scores"][key].as_f64().unwrap(),
            lexical["systems"][0]["scores"][key].as_f64().unwrap(),
        );
        assert!((x - y).abs() < 1e-9, "{key}: {x} vs {y}");
    }
    let f1 = both["systems"][1]["scores"]["bcubed_f1"].as_f64().unwrap();
    assert!(
        f1 >= 0.75,
        "issue 15 target on headlines, with the encoder: {f1}"
    );
}
