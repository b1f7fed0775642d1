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

use corroborate_store::cluster::ClusterParams;
use corroborate_store::eval::{evaluate, read_labelled, ClusteringEval};
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
    assert!(
        !report.problems.is_empty(),
        "walls and notification boxes are kept out"
    );
}
