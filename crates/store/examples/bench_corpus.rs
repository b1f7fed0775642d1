//! `cargo run --release -p corroborate-store --example bench_corpus -- [N,...]`: the
//! clustering path of `corroborate bench corpus` (synthetic stream from the example
//! story's sentences → SQLite enqueue in batches of 1,000 → `process_all(1000)`)
//! without building the whole CLI; prints articles/s and peak RSS. With
//! `BENCH_BASELINE=1` it first times the TF-IDF single-pass baseline on the
//! same stream (in memory), for scale.

use corroborate_store::{synth::synthetic_stream, Store};
use std::path::PathBuf;

fn peak_rss_mib() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kib: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib / 1024.0)
}

/// The TF-IDF single-pass baseline (threshold 0.20, 14 days: its tuned
/// gva-dev setting) on the same stream, in memory: no store, no
/// near-duplicates, IDF over the whole stream.
fn baseline_rate(docs: &[corroborate_core::RawDoc]) {
    use corroborate_store::baseline::{single_pass, vectors, BaselineDoc, BaselineParams};
    let started = std::time::Instant::now();
    let input: Vec<BaselineDoc> = docs
        .iter()
        .map(|d| BaselineDoc {
            title: d.title.as_deref().unwrap_or(""),
            body: &d.body,
            day: d
                .published
                .as_deref()
                .and_then(corroborate_store::cluster::day_number),
        })
        .collect();
    let v = vectors(&input);
    let days: Vec<Option<i64>> = input.iter().map(|d| d.day).collect();
    let clusters = single_pass(
        &v,
        &days,
        BaselineParams {
            threshold: 0.20,
            window_days: 14,
        },
    );
    let secs = started.elapsed().as_secs_f64();
    println!(
        "{:>8} articles: {secs:7.2} s ({:8.0} articles/s) tf-idf single-pass baseline, in memory, {} clusters",
        docs.len(),
        docs.len() as f64 / secs,
        clusters.iter().max().map_or(0, |m| m + 1)
    );
}

fn main() {
    let sizes: Vec<usize> = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "10000".into())
        .split(',')
        .filter_map(|s| s.parse().ok())
        .collect();
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../examples/istanbul-2025-05-15");
    let sentences: Vec<String> = corroborate_ingest::prepared_articles(&[dir])
        .into_iter()
        .flat_map(|a| a.sentences.into_iter().map(|s| s.text))
        .collect();
    let tmp = tempfile::tempdir().expect("temporary folder");
    for n in sizes {
        let stream = synthetic_stream(&sentences, n, 42);
        let labels: std::collections::HashMap<String, usize> = stream
            .iter()
            .map(|(d, l)| (corroborate_core::content_id(&d.body), *l))
            .collect();
        let mut docs: Vec<_> = stream.into_iter().map(|(d, _)| d).collect();
        if std::env::var_os("BENCH_BASELINE").is_some() {
            baseline_rate(&docs);
        }
        let path = tmp.path().join(format!("bench-{n}.db"));
        let started = std::time::Instant::now();
        let mut store = Store::open(path.to_str().expect("UTF-8 path")).expect("store");
        while !docs.is_empty() {
            let rest = docs.split_off(docs.len().min(1000));
            store
                .enqueue(std::mem::replace(&mut docs, rest))
                .expect("enqueue");
        }
        let enqueued = started.elapsed().as_secs_f64();
        store.process_all(1000, |_| {}).expect("clustering");
        let secs = started.elapsed().as_secs_f64();
        let (predicted, gold): (Vec<i64>, Vec<usize>) = store
            .article_stories()
            .expect("stories")
            .into_iter()
            .filter_map(|(id, story)| labels.get(&id).map(|l| (story, *l)))
            .unzip();
        let q = corroborate_store::bcubed::bcubed(&predicted, &gold);
        println!(
            "{n:>8} articles: {secs:7.2} s ({:8.0} articles/s; enqueue {enqueued:.2} s), B-cubed F1 {:.3} (synthetic labels), peak RSS {:.0} MiB",
            n as f64 / secs,
            q.f1,
            peak_rss_mib().unwrap_or(f64::NAN)
        );
    }
}
