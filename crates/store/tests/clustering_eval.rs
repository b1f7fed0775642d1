//! Story clustering quality on public labelled news: the UCI News Aggregator
//! sample in data/clustering (headlines labelled with their story).
//!
//! Runs the real store (SQLite, online clustering, arrival in data-set order)
//! and scores the stories it forms with B-cubed precision/recall/F1 against
//! the gold labels, next to two trivial baselines. Run with
//! `cargo test -p corroborate-store --test clustering_eval -- --nocapture`
//! to see the numbers (docs/EVALUATION.md quotes them).

use corroborate_core::{content_id, Format, RawDoc};
use corroborate_store::{bcubed::bcubed, cluster::ClusterParams, Store};
use std::collections::HashMap;
use std::path::PathBuf;

fn load() -> Vec<(RawDoc, String)> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../data/clustering/uci-news-aggregator-sample.tsv");
    let text = std::fs::read_to_string(&path).expect("evaluation data present");
    text.lines()
        .skip(1)
        .filter_map(|line| {
            let cols: Vec<&str> = line.split('\t').collect();
            let [id, story, publisher, title] = cols[..] else {
                return None;
            };
            Some((
                RawDoc {
                    path: format!("uci/{id}"),
                    format: Format::Text,
                    title: Some(title.to_string()),
                    // Headlines only: the title is the whole text.
                    body: title.to_string(),
                    url: None,
                    outlet: Some(publisher.to_string()),
                    published: None,
                    author: None,
                    language: Some("en".into()),
                },
                story.to_string(),
            ))
        })
        .collect()
}

/// Clusters the sample with `params` and returns (predicted story, gold
/// story) per distinct stored article. Exact duplicate headlines collapse to
/// one stored article (same content id) and are scored once, with the gold
/// label of their first row.
fn cluster_sample(params: ClusterParams) -> (Vec<i64>, Vec<String>) {
    let rows = load();
    assert!(rows.len() >= 200, "sample loaded: {} rows", rows.len());
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path().join("eval.db").to_str().unwrap())
        .unwrap()
        .with_params(params);
    let mut gold_of: HashMap<String, String> = HashMap::new();
    for (doc, story) in &rows {
        gold_of
            .entry(content_id(&doc.body))
            .or_insert_with(|| story.clone());
    }
    store
        .enqueue(rows.into_iter().map(|(d, _)| d).collect())
        .unwrap();
    store.process_all(50, |_| {}).unwrap();
    store
        .article_stories()
        .unwrap()
        .into_iter()
        .map(|(id, story)| (story, gold_of[&id].clone()))
        .unzip()
}

#[test]
fn clustering_beats_trivial_baselines_on_labelled_news() {
    let (predicted, gold) = cluster_sample(ClusterParams::default());
    let gold: Vec<&str> = gold.iter().map(String::as_str).collect();
    let ours = bcubed(&predicted, &gold);
    let singletons = bcubed(&(0..gold.len()).collect::<Vec<_>>(), &gold);
    let one_blob = bcubed(&vec![0; gold.len()], &gold);
    let gold_stories = gold.iter().collect::<std::collections::HashSet<_>>().len();
    let found = predicted
        .iter()
        .collect::<std::collections::HashSet<_>>()
        .len();
    println!(
        "UCI sample: {} articles, {gold_stories} gold stories, {found} found\n\
         corroborate  B-cubed P {:.3} R {:.3} F1 {:.3}\n\
         singletons   B-cubed P {:.3} R {:.3} F1 {:.3}\n\
         one cluster  B-cubed P {:.3} R {:.3} F1 {:.3}",
        gold.len(),
        ours.precision,
        ours.recall,
        ours.f1,
        singletons.precision,
        singletons.recall,
        singletons.f1,
        one_blob.precision,
        one_blob.recall,
        one_blob.f1
    );
    assert!(
        ours.f1 > singletons.f1 + 0.05 && ours.f1 > one_blob.f1 + 0.05,
        "beats both baselines"
    );
    assert!(ours.precision > 0.6, "stories are mostly pure");
}

/// Sensitivity of the join threshold (not an assertion: prints a table for
/// docs/EVALUATION.md). `cargo test ... -- --ignored --nocapture sweep`.
#[test]
#[ignore = "prints a parameter sweep; run by hand"]
fn sweep_join_threshold() {
    for join_threshold in [0.15f32, 0.2, 0.25, 0.3, 0.35, 0.4] {
        for name_weight in [0.0f32, 0.25, 0.5] {
            let params = ClusterParams {
                join_threshold,
                name_weight,
                ..Default::default()
            };
            let (p, g) = cluster_sample(params);
            let g: Vec<&str> = g.iter().map(String::as_str).collect();
            let b = bcubed(&p, &g);
            println!(
                "threshold {join_threshold:.2} names {name_weight:.2}: P {:.3} R {:.3} F1 {:.3}",
                b.precision, b.recall, b.f1
            );
        }
    }
}
