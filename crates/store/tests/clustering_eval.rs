//! Story clustering quality on public labelled news, through the evaluation
//! harness (`corroborate eval clustering`): the real store (SQLite, online,
//! arrival in data-set order, default parameters) next to a single-pass
//! TF-IDF baseline whose threshold is tuned on the same labels.
//!
//! * The UCI News Aggregator sample in data/clustering (headlines only).
//! * The GVA development stream (full texts, 2,773 articles) when
//!   ../shared/datasets is present (skipped with a message otherwise).
//!
//! `cargo test -p corroborate-store --test clustering_eval -- --nocapture`
//! prints the tables quoted in docs/eval/clustering.md.

use corroborate_core::RawDoc;
use corroborate_store::cluster::ClusterParams;
use corroborate_store::eval::{evaluate, read_labelled, ClusteringEval};
use corroborate_store::Store;
use std::path::{Path, PathBuf};

fn run(path: &Path) -> ClusteringEval {
    let rows = read_labelled(path).expect("evaluation data readable");
    let dir = tempfile::tempdir().unwrap();
    let report = evaluate(&rows, ClusterParams::default(), dir.path()).unwrap();
    println!("{}\n{report}", path.display());
    report
}

#[test]
fn headlines_cluster_better_than_the_tuned_baseline() {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../data/clustering/uci-news-aggregator-sample.tsv");
    let report = run(&path);
    assert_eq!(report.articles, 499);
    let [ours, baseline, singletons] = &report.systems[..] else {
        panic!("three systems");
    };
    assert!(ours.scores.bcubed_f1 > singletons.scores.bcubed_f1 + 0.5);
    assert!(
        ours.scores.bcubed_f1 >= baseline.scores.bcubed_f1,
        "at least as good as TF-IDF tuned on these very labels"
    );
    assert!(
        ours.scores.bcubed_precision > 0.8,
        "stories are mostly pure"
    );
    assert!(
        ours.biggest_purity > 0.95,
        "the biggest story is one story, not a blob"
    );
    assert!(
        ours.scores.bcubed_f1 >= 0.75,
        "issue 15 target: {}",
        ours.scores.bcubed_f1
    );
    assert!(
        ours.large_stories_mixed < baseline.large_stories_mixed,
        "fewer stories over 2 % of the stream mix events than the baseline's"
    );
}

#[test]
fn full_text_stream_beats_the_tuned_baseline() {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/datasets/clustering/gva-dev.jsonl");
    if !path.exists() {
        eprintln!("{} absent: skipping the GVA evaluation", path.display());
        return;
    }
    let report = run(&path);
    let [ours, baseline, _] = &report.systems[..] else {
        panic!("three systems");
    };
    assert!(ours.scores.bcubed_f1 >= 0.93, "{}", ours.scores.bcubed_f1);
    assert!(ours.scores.bcubed_f1 >= baseline.scores.bcubed_f1 + 0.02);
    assert!(
        ours.biggest_share <= 0.02,
        "no story eats the stream: {}",
        ours.biggest
    );
    assert_eq!(ours.large_stories_mixed, 0);
    assert!(
        !report.problems.is_empty(),
        "walls and notification boxes are kept out"
    );
}

fn doc(path: &str, published: &str, body: &str) -> RawDoc {
    RawDoc {
        published: Some(published.into()),
        ..RawDoc::text(path, body)
    }
}

/// A merge made by one worker relabels the stored articles of the merged
/// story, and another worker opening the store follows it.
#[test]
fn merged_stories_are_relabelled_in_the_store_and_seen_by_other_workers() {
    let dir = tempfile::tempdir().unwrap();
    merge_scenario(dir.path().join("merge.db").to_str().unwrap());
}

/// The same on PostgreSQL (when `eval "$(bash scripts/pg-test-server.sh)"`
/// set CORROBORATE_TEST_PG; skipped with a message otherwise). Needs the
/// `postgres` feature (on by default; off in the lean build).
#[cfg(feature = "postgres")]
#[test]
fn merged_stories_are_relabelled_on_postgres_too() {
    let Ok(admin_url) = std::env::var("CORROBORATE_TEST_PG") else {
        eprintln!("CORROBORATE_TEST_PG not set: skipping the PostgreSQL merge test");
        return;
    };
    let mut admin =
        postgres::Client::connect(&admin_url, postgres::NoTls).expect("test server reachable");
    admin
        .batch_execute("DROP DATABASE IF EXISTS clustering_merge")
        .unwrap();
    admin
        .batch_execute("CREATE DATABASE clustering_merge")
        .unwrap();
    let base = admin_url.rsplit_once('/').map(|(b, _)| b).unwrap();
    merge_scenario(&format!("{base}/clustering_merge"));
}

fn merge_scenario(path: &str) {
    let mut store = Store::open(path).unwrap();
    // An older report delivered after a newer one cannot join a story that
    // began more than two weeks after it; a report dated between them
    // reaches both stories.
    store
        .enqueue(vec![
            doc("late", "2014-03-25", "Mt. Gox, the bitcoin exchange run by Mark Karpeles, sought bankruptcy protection in Tokyo after 850,000 bitcoins went missing."),
            doc("early", "2014-03-05", "Bitcoin exchange Mt. Gox files for bankruptcy protection in Tokyo after losing 850,000 bitcoins, chief executive Mark Karpeles said."),
        ])
        .unwrap();
    store.process_all(10, |_| {}).unwrap();
    let before: Vec<i64> = store
        .article_stories()
        .unwrap()
        .into_iter()
        .map(|(_, s)| s)
        .collect();
    assert_eq!(before.len(), 2);
    assert_ne!(before[0], before[1], "two stories before the bridge");
    store
        .enqueue(vec![doc("middle", "2014-03-15", "Creditors of Mt. Gox met in Tokyo as Mark Karpeles explained how 850,000 bitcoins vanished before the bankruptcy filing.")])
        .unwrap();
    store.process_all(10, |_| {}).unwrap();
    let after: Vec<i64> = store
        .article_stories()
        .unwrap()
        .into_iter()
        .map(|(_, s)| s)
        .collect();
    let survivor = before[0].min(before[1]);
    assert_eq!(after, vec![survivor; 3], "all three in the older story");
    let listed = store.stories(10).unwrap();
    assert_eq!(
        listed.len(),
        1,
        "the merged story is not listed: {listed:?}"
    );
    assert_eq!(listed[0].size, 3);

    // Another worker: loads the tombstone, and a near-copy of the merged
    // story's first article joins the survivor.
    let mut other = Store::open(path).unwrap();
    other
        .enqueue(vec![doc("copy", "2014-03-16", "Bitcoin exchange Mt. Gox files for bankruptcy protection in Tokyo after losing 850,000 bitcoins, its chief executive Mark Karpeles said.")])
        .unwrap();
    other.process_all(10, |_| {}).unwrap();
    let all: Vec<i64> = other
        .article_stories()
        .unwrap()
        .into_iter()
        .map(|(_, s)| s)
        .collect();
    assert_eq!(all, vec![survivor; 4]);
}
