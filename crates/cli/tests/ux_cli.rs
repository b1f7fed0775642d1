//! The papercuts of a first session, through the binary: read-only commands
//! never create a store, an empty folder is an error, search reads the
//! whole text and says "no match" without failing, every flag has help.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

const BIN: &str = env!("CARGO_BIN_EXE_corroborate");

fn example() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/istanbul-2025-05-15")
}

fn run(args: &[&str], db: &Path) -> Output {
    Command::new(BIN)
        .args(args)
        .arg("--db")
        .arg(db)
        .env_remove("CORROBORATE_DB")
        .output()
        .unwrap()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[test]
fn read_only_commands_do_not_create_a_store_at_a_mistyped_path() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("typo.db");
    for args in [
        &["stories"][..],
        &[
            "story",
            "1",
            "--out",
            dir.path().join("out").to_str().unwrap(),
        ][..],
        &["search", "talks"][..],
    ] {
        let out = run(args, &db);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {}", stderr(&out));
        assert!(
            stderr(&out).contains(db.to_str().unwrap()) && stderr(&out).contains("no store at"),
            "{args:?}: the error names the path: {}",
            stderr(&out)
        );
        assert!(!db.exists(), "{args:?} created {}", db.display());
    }
    // `serve --db` refuses before it binds, and creates nothing either.
    let mut child = Command::new(BIN)
        .args(["serve", "--addr", "127.0.0.1:0", "--db"])
        .arg(&db)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let started = Instant::now();
    let status = loop {
        if let Some(s) = child.try_wait().unwrap() {
            break s;
        }
        if started.elapsed() > Duration::from_secs(30) {
            let _ = child.kill();
            panic!("serve --db on a missing store kept running");
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    assert!(!status.success());
    assert!(!db.exists());
}

#[test]
fn an_empty_folder_is_an_error_for_analyze_and_ingest() {
    let dir = tempfile::tempdir().unwrap();
    let empty = dir.path().join("empty");
    std::fs::create_dir(&empty).unwrap();
    let db = dir.path().join("c.db");
    let ingest = run(&["ingest", empty.to_str().unwrap()], &db);
    assert_eq!(ingest.status.code(), Some(1), "{}", stderr(&ingest));
    assert!(stderr(&ingest).contains("no article found in"));
    assert!(stderr(&ingest).contains(empty.to_str().unwrap()));
    let analyze = Command::new(BIN)
        .arg("analyze")
        .arg(&empty)
        .arg("--out")
        .arg(dir.path().join("out"))
        .output()
        .unwrap();
    assert_eq!(analyze.status.code(), Some(1));
    assert!(stderr(&analyze).contains("no article found in"));
    assert!(stderr(&analyze).contains(empty.to_str().unwrap()));
}

#[test]
fn search_reads_the_whole_text_and_no_match_is_not_a_failure() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("c.db");
    let ingest = run(&["ingest", example().to_str().unwrap()], &db);
    assert!(ingest.status.success(), "{}", stderr(&ingest));
    // "Rustem Umerov" is named deep in the articles, not in titles or ledes.
    let found = run(&["search", "Rustem Umerov", "--json"], &db);
    assert_eq!(found.status.code(), Some(0), "{}", stderr(&found));
    let stories: serde_json::Value = serde_json::from_slice(&found.stdout).unwrap();
    assert!(
        !stories.as_array().unwrap().is_empty(),
        "Umerov not found: {stories}"
    );
    let none = run(&["search", "xylophonequartz"], &db);
    assert_eq!(none.status.code(), Some(0));
    assert!(stderr(&none).contains("no match"));
    assert!(none.stdout.is_empty());
    let none = run(&["search", "xylophonequartz", "--json"], &db);
    assert_eq!(String::from_utf8_lossy(&none.stdout).trim(), "[]");
}

#[test]
fn every_flag_has_help_text() {
    for cmd in [
        "analyze", "ingest", "stories", "story", "search", "worker", "serve",
    ] {
        let out = Command::new(BIN).args([cmd, "-h"]).output().unwrap();
        assert!(out.status.success());
        let help = String::from_utf8_lossy(&out.stdout);
        // A flag's help is on its line, or (when clap wraps) the next line;
        // a flag with no doc comment is a bare line followed by another flag.
        let lines: Vec<&str> = help.lines().map(str::trim).collect();
        for (k, line) in lines.iter().enumerate() {
            if !line.starts_with('-') {
                continue;
            }
            // clap's own annotations ("[default: 50]") are not help.
            let mut own = String::new();
            let mut depth = 0;
            for c in line.chars() {
                match c {
                    '[' => depth += 1,
                    ']' => depth -= 1,
                    c if depth == 0 => own.push(c),
                    _ => {}
                }
            }
            let bare = own
                .split_whitespace()
                .all(|w| w.starts_with('-') || w.starts_with('<') || w.ends_with(','));
            let described_below = lines
                .get(k + 1)
                .is_some_and(|next| !next.is_empty() && !next.starts_with('-'));
            assert!(!bare || described_below, "`{cmd} -h`: no help for {line}");
        }
    }
    let help = Command::new(BIN)
        .args(["search", "--help"])
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&help.stdout).contains("Exit status: 0"));
}

#[test]
fn stories_and_analyze_agree_on_headline_dates_and_sources() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("c.db");
    let ingest = run(&["ingest", example().to_str().unwrap()], &db);
    assert!(ingest.status.success(), "{}", stderr(&ingest));
    let listed = run(&["stories", "--json"], &db);
    let stories: serde_json::Value = serde_json::from_slice(&listed.stdout).unwrap();
    assert_eq!(stories.as_array().unwrap().len(), 1, "{stories}");
    let out = dir.path().join("out");
    let analyze = Command::new(BIN)
        .arg("analyze")
        .arg(example())
        .args(["--format", "json", "--out"])
        .arg(&out)
        .output()
        .unwrap();
    assert!(analyze.status.success());
    let report: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("report.json")).unwrap()).unwrap();
    let story = &stories[0];
    assert_eq!(story["headline"], report["story"]["headline"]);
    // The date comes from a dateline in the text ("date 2025-05-15"), not
    // from metadata: corpus mode reads it as analyze does.
    assert_eq!(story["first_seen"], report["story"]["first_published"]);
    assert_eq!(story["last_seen"], report["story"]["last_published"]);
    // Two of the five reports rewrite one origin: 4 independent sources.
    assert_eq!(story["sources"], report["story"]["independent_sources"]);
}
