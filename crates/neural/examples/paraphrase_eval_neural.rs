//! MRPC paraphrase evaluation with the neural encoder blended in, next to
//! the lexical scorer alone (the logic of
//! `crates/align/examples/paraphrase_eval.rs`).
//!
//! ```text
//! cargo run -p corroborate-neural --release --example paraphrase_eval_neural -- \
//!     MODEL_DIR [--test PATH] [--folds K]
//! ```
//!
//! Thresholds are chosen by K-fold cross-validation on the test file (no
//! pair is scored with a threshold fitted on it). Also printed: the plain
//! encoder cosine, and a sweep of the blend constants (`NEURAL_BLEND`,
//! `COSINE_FLOOR` of `corroborate_align::similarity`) recomputed here from
//! the lexical scores and cosines with the same formula, to tell whether the
//! constants should change.

use corroborate_align::eval::{
    best_threshold, cross_validate, majority_baseline, metrics_at, parse_mrpc, score_labelled,
    Metrics,
};
use corroborate_align::similarity::{NEURAL_BLEND, PARAPHRASE_THRESHOLD};
use corroborate_core::{cosine, Encoder};
use corroborate_neural::{BertEncoder, CachedEncoder};
use std::path::PathBuf;

fn print(name: &str, m: &Metrics) {
    println!(
        "{name:<34} threshold={:.3}  accuracy={:.1}%  precision={:.1}%  recall={:.1}%  F1={:.1}",
        m.threshold,
        100.0 * m.accuracy,
        100.0 * m.precision,
        100.0 * m.recall,
        100.0 * m.f1
    );
}

fn main() {
    let mut args = std::env::args().skip(1);
    let Some(model) = args.next().map(PathBuf::from) else {
        eprintln!("usage: paraphrase_eval_neural MODEL_DIR [--test PATH] [--folds K]");
        std::process::exit(2);
    };
    let mut test = PathBuf::from(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../align/data/msr_paraphrase_test_first386.tsv"
    ));
    let mut folds = 10usize;
    while let Some(a) = args.next() {
        match (a.as_str(), args.next()) {
            ("--test", Some(p)) => test = PathBuf::from(p),
            ("--folds", Some(k)) => folds = k.parse().unwrap_or(10),
            _ => {
                eprintln!("usage: paraphrase_eval_neural MODEL_DIR [--test PATH] [--folds K]");
                std::process::exit(2);
            }
        }
    }
    let text = match std::fs::read_to_string(&test) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("cannot read {}: {e}", test.display());
            std::process::exit(1);
        }
    };
    let (pairs, skipped) = parse_mrpc(&text);
    if skipped > 0 {
        eprintln!("{}: skipped {skipped} malformed lines", test.display());
    }
    let enc = match BertEncoder::load(&model) {
        Ok(e) => CachedEncoder::new(e),
        Err(e) => {
            eprintln!("error: {e}");
            std::process::exit(1);
        }
    };
    let (lexical, labels) = score_labelled(&pairs, None);
    let t = std::time::Instant::now();
    let (blended, _) = score_labelled(&pairs, Some(&enc));
    let secs = t.elapsed().as_secs_f64();
    let texts: Vec<&str> = pairs
        .iter()
        .flat_map(|p| [p.a.as_str(), p.b.as_str()])
        .collect();
    let vectors = enc.encode(&texts).expect("cached vectors");
    let cos: Vec<f32> = vectors.chunks(2).map(|v| cosine(&v[0], &v[1])).collect();

    let positives = labels.iter().filter(|&&l| l).count();
    println!(
        "test: {} ({} pairs, {} paraphrases); encoder {} ({secs:.2} s for the blended scoring)",
        test.display(),
        labels.len(),
        positives,
        enc.name(),
    );
    print("majority class", &majority_baseline(&labels));
    print(
        &format!("lexical, {folds}-fold CV"),
        &cross_validate(&lexical, &labels, folds).0,
    );
    print(
        &format!(
            "blended (BLEND={NEURAL_BLEND}, FLOOR={}) CV",
            enc.unrelated_cosine()
        ),
        &cross_validate(&blended, &labels, folds).0,
    );
    print(
        &format!("encoder cosine alone, {folds}-fold CV"),
        &cross_validate(&cos, &labels, folds).0,
    );
    print(
        "lexical @ PARAPHRASE_THRESHOLD",
        &metrics_at(&lexical, &labels, PARAPHRASE_THRESHOLD),
    );
    print(
        "blended @ PARAPHRASE_THRESHOLD",
        &metrics_at(&blended, &labels, PARAPHRASE_THRESHOLD),
    );
    print(
        "lexical oracle (fit on test)",
        &best_threshold(&lexical, &labels),
    );
    print(
        "blended oracle (fit on test)",
        &best_threshold(&blended, &labels),
    );

    println!("blend sweep (same formula, {folds}-fold CV accuracy / F1; accuracy @ PARAPHRASE_THRESHOLD):");
    for floor in [0.0f32, 0.2, 0.3, 0.4, 0.5] {
        let mut line = format!("  floor {floor:.1}:");
        for blend in [0.0f32, 0.2, 0.4, 0.6, 0.8, 1.0] {
            let s: Vec<f32> = lexical
                .iter()
                .zip(&cos)
                .map(|(&l, &c)| {
                    let r = ((c - floor) / (1.0 - floor)).clamp(0.0, 1.0);
                    (blend * r + (1.0 - blend) * l).clamp(0.0, 1.0)
                })
                .collect();
            let cv = cross_validate(&s, &labels, folds).0;
            let at = metrics_at(&s, &labels, PARAPHRASE_THRESHOLD);
            line += &format!(
                "  b{blend:.1} {:.1}/{:.1}/{:.1}",
                100.0 * cv.accuracy,
                100.0 * cv.f1,
                100.0 * at.accuracy
            );
        }
        println!("{line}");
    }
}
