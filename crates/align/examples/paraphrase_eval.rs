//! Evaluates the sentence-pair scorer on MRPC-format paraphrase data.
//!
//! ```text
//! cargo run -p corroborate-align --release --example paraphrase_eval -- \
//!     [--test PATH] [--train PATH] [--folds K]
//! ```
//!
//! Without `--test`, uses the 386-pair MRPC excerpt shipped in
//! `crates/align/data/`. With `--train`, the threshold is the one that
//! maximises accuracy on the training file; otherwise it is chosen by
//! K-fold cross-validation on the test file (default 10 folds), so no pair
//! is ever scored with a threshold fitted on it. IDF statistics come from
//! the sentences being scored (no labels used).
//!
//! This example is lexical only. To evaluate with a neural encoder, call
//! `corroborate_align::eval::score_labelled(&pairs, Some(&encoder))` on the
//! same data (see `docs/eval/alignment.md`).

use corroborate_align::eval::{
    best_threshold, cross_validate, majority_baseline, metrics_at, parse_mrpc, score_labelled,
    LabelledPair, Metrics,
};
use corroborate_align::{LexicalEncoder, ScoringContext};
use corroborate_core::{cosine, Encoder};
use std::path::PathBuf;

fn load(path: &PathBuf) -> Vec<LabelledPair> {
    let text = match std::fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("cannot read {}: {e}", path.display());
            std::process::exit(1);
        }
    };
    let (pairs, skipped) = parse_mrpc(&text);
    if skipped > 0 {
        eprintln!("{}: skipped {skipped} malformed lines", path.display());
    }
    pairs
}

fn scores_of(pairs: &[LabelledPair]) -> (Vec<f32>, Vec<bool>) {
    // Lexical only: this crate does not depend on the neural encoder. Pass
    // `Some(&encoder)` here to evaluate one (see docs/eval/alignment.md).
    score_labelled(pairs, None)
}

fn print(name: &str, m: &Metrics) {
    println!(
        "{name:<28} threshold={:.3}  accuracy={:.1}%  precision={:.1}%  recall={:.1}%  F1={:.1}",
        m.threshold,
        100.0 * m.accuracy,
        100.0 * m.precision,
        100.0 * m.recall,
        100.0 * m.f1
    );
}

fn main() {
    let mut test = PathBuf::from(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/data/msr_paraphrase_test_first386.tsv"
    ));
    let mut train: Option<PathBuf> = None;
    let mut folds = 10usize;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match (arg.as_str(), args.next()) {
            ("--test", Some(p)) => test = PathBuf::from(p),
            ("--train", Some(p)) => train = Some(PathBuf::from(p)),
            ("--folds", Some(k)) => folds = k.parse().unwrap_or(10),
            _ => {
                eprintln!("usage: paraphrase_eval [--test PATH] [--train PATH] [--folds K]");
                std::process::exit(2);
            }
        }
    }
    let test_pairs = load(&test);
    let (scores, labels) = scores_of(&test_pairs);
    let positives = labels.iter().filter(|&&l| l).count();
    println!(
        "test: {} ({} pairs, {} paraphrases)",
        test.display(),
        labels.len(),
        positives
    );
    print("majority class", &majority_baseline(&labels));
    match train {
        Some(path) => {
            let train_pairs = load(&path);
            let (train_scores, train_labels) = scores_of(&train_pairs);
            let fitted = best_threshold(&train_scores, &train_labels);
            print("train (fit)", &fitted);
            print(
                "test @ train threshold",
                &metrics_at(&scores, &labels, fitted.threshold),
            );
        }
        None => {
            let (cv, thresholds) = cross_validate(&scores, &labels, folds);
            print(&format!("{folds}-fold cross-validated"), &cv);
            let (lo, hi) = thresholds
                .iter()
                .fold((f32::MAX, f32::MIN), |(lo, hi), &t| (lo.min(t), hi.max(t)));
            println!("fold thresholds: {lo:.3} .. {hi:.3}");
        }
    }
    // Reference point measured on the same pairs: plain cosine of the
    // hashed TF-IDF vectors of the lexical encoder (no soft matching).
    let ctx =
        ScoringContext::from_texts(test_pairs.iter().flat_map(|p| [p.a.as_str(), p.b.as_str()]));
    let encoder = LexicalEncoder::with_context(LexicalEncoder::DEFAULT_DIM, ctx);
    let tfidf: Vec<f32> = test_pairs
        .iter()
        .map(|p| match encoder.encode(&[p.a.as_str(), p.b.as_str()]) {
            Ok(v) => cosine(&v[0], &v[1]),
            Err(_) => 0.0,
        })
        .collect();
    print(
        &format!("tf-idf cosine, {folds}-fold CV"),
        &cross_validate(&tfidf, &labels, folds).0,
    );
    print(
        "test @ PARAPHRASE_THRESHOLD",
        &metrics_at(
            &scores,
            &labels,
            corroborate_align::similarity::PARAPHRASE_THRESHOLD,
        ),
    );
    print("oracle (fit on test)", &best_threshold(&scores, &labels));
}
