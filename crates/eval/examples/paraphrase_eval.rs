//! Evaluates the lexical sentence-pair scorer on MRPC-format paraphrase data:
//! tuned on a dev split, reported on a test split.
//!
//! ```text
//! cargo run -p corroborate-eval --release --example paraphrase_eval -- \
//!     [--dev PATH] [--test PATH] [--folds K] [--resamples B] [--seed S]
//! ```
//!
//! Defaults: dev = the GLUE MRPC dev split (`crates/align/data/mrpc_dev.tsv`,
//! 408 pairs), test = the MRPC test split
//! (`crates/align/data/msr_paraphrase_test.tsv`, 1,725 pairs). `--train` is
//! an alias of `--dev` (any labelled split other than the test one; the
//! lexical scorer has only its threshold to choose, so a large training
//! split such as `mrpc_train.tsv` may stand in for dev).
//!
//! Protocol: the only free parameter, the decision threshold, is the
//! accuracy-maximising threshold on the dev split; accuracy and F1 are then
//! reported on the test split with 95% percentile bootstrap intervals
//! (B resamples of the test pairs, fixed seed). The same is done with the
//! dev pairs that share a sentence with a test pair left out. IDF statistics
//! come from the sentences of the split being scored (no labels used).
//! For continuity with earlier reports, the old protocol (threshold by
//! K-fold cross-validation on the test pairs themselves) is printed last,
//! clearly labelled.
//!
//! This example is lexical only; `crates/neural/examples/paraphrase_eval_neural.rs`
//! runs the same protocol with the neural encoder.

use corroborate_align::similarity::PARAPHRASE_THRESHOLD;
use corroborate_align::{LexicalEncoder, ScoringContext};
use corroborate_core::{cosine, Encoder};
use corroborate_eval::paraphrase::{
    best_threshold, bootstrap, cross_validate, decide, file_name, format_comparison,
    format_metrics, majority_baseline, mcnemar, metrics_at, paired_bootstrap, score_labelled,
    sharing_sentence, Harness, LabelledPair, MrpcArgs,
};
use std::path::Path;

const USAGE: &str =
    "usage: paraphrase_eval [--dev PATH] [--test PATH] [--folds K] [--resamples B] [--seed S]";

/// The pairs of an MRPC file; an unreadable file ends the run (status 1)
/// with the error naming it.
fn load(path: &Path) -> Vec<LabelledPair> {
    corroborate_eval::paraphrase::load_mrpc(path).unwrap_or_else(|e| {
        eprintln!("{e}");
        std::process::exit(1);
    })
}

/// Plain cosine of the hashed TF-IDF vectors of the lexical encoder (no
/// soft matching), with IDF from the split's own sentences.
fn tfidf_cosines(pairs: &[LabelledPair]) -> Vec<f32> {
    let ctx = ScoringContext::from_texts(pairs.iter().flat_map(|p| [p.a.as_str(), p.b.as_str()]));
    let encoder = LexicalEncoder::with_context(LexicalEncoder::DEFAULT_DIM, ctx);
    pairs
        .iter()
        .map(|p| match encoder.encode(&[p.a.as_str(), p.b.as_str()]) {
            Ok(v) => cosine(&v[0], &v[1]),
            Err(_) => 0.0,
        })
        .collect()
}

fn pick<T: Copy>(v: &[T], idx: &[usize]) -> Vec<T> {
    idx.iter().map(|&i| v[i]).collect()
}

fn main() {
    let Some(MrpcArgs {
        dev,
        test,
        folds,
        resamples,
        seed,
        ..
    }) = MrpcArgs::parse(std::env::args().skip(1), Harness::Lexical)
    else {
        eprintln!("{USAGE}");
        std::process::exit(2);
    };
    let test_pairs = load(&test);
    let dev_pairs = load(&dev);
    let (scores, labels) = score_labelled(&test_pairs, None);
    let (dev_scores, dev_labels) = score_labelled(&dev_pairs, None);
    let count = |l: &[bool]| l.iter().filter(|&&x| x).count();
    println!(
        "dev:  {} ({} pairs, {} paraphrases)",
        file_name(&dev),
        dev_labels.len(),
        count(&dev_labels)
    );
    println!(
        "test: {} ({} pairs, {} paraphrases)",
        file_name(&test),
        labels.len(),
        count(&labels)
    );
    println!(
        "intervals: 95% percentile bootstrap, {resamples} resamples of the test pairs, seed {seed}"
    );
    let ci = |d: &[bool]| bootstrap(d, &labels, resamples, seed, 0.95);
    let row = |name: &str, threshold: f32, s: &[f32]| {
        let d = decide(s, threshold);
        let m = metrics_at(s, &labels, threshold);
        println!("{name:<38} {}", format_metrics(&m, Some(&ci(&d))));
        (m, d)
    };

    println!("\n== threshold chosen on dev, reported on test ==");
    let majority = majority_baseline(&labels);
    let always = vec![true; labels.len()];
    println!(
        "{:<38} {}",
        "majority class (test)",
        format_metrics(&majority, Some(&ci(&always)))
    );
    let fit = best_threshold(&dev_scores, &dev_labels);
    println!("{:<38} {}", "lexical: dev fit", format_metrics(&fit, None));
    let (lex_m, lex_d) = row("lexical: test @ dev threshold", fit.threshold, &scores);
    let tfidf = tfidf_cosines(&test_pairs);
    let tfidf_fit = best_threshold(&tfidf_cosines(&dev_pairs), &dev_labels);
    println!(
        "{:<38} {}",
        "tf-idf cosine: dev fit",
        format_metrics(&tfidf_fit, None)
    );
    let (tfidf_m, tfidf_d) = row(
        "tf-idf cosine: test @ dev threshold",
        tfidf_fit.threshold,
        &tfidf,
    );
    println!(
        "  tf-idf cosine − lexical on test: {}",
        format_comparison(
            &paired_bootstrap(&lex_d, &tfidf_d, &labels, resamples, seed, 0.95),
            &mcnemar(&lex_d, &tfidf_d, &labels),
            &lex_m,
            &tfidf_m,
        )
    );
    row(
        "lexical: test @ PARAPHRASE_THRESHOLD",
        PARAPHRASE_THRESHOLD,
        &scores,
    );

    let shared = sharing_sentence(&dev_pairs, &test_pairs);
    let kept: Vec<usize> = (0..dev_pairs.len())
        .filter(|i| !shared.contains(i))
        .collect();
    println!(
        "\n== dev without the {} pairs sharing a sentence with a test pair ({} left) ==",
        shared.len(),
        kept.len()
    );
    let fit_kept = best_threshold(&pick(&dev_scores, &kept), &pick(&dev_labels, &kept));
    println!(
        "{:<38} {}",
        "lexical: dev' fit",
        format_metrics(&fit_kept, None)
    );
    row(
        "lexical: test @ dev' threshold",
        fit_kept.threshold,
        &scores,
    );

    println!(
        "\n== continuity only: old protocol, threshold by {folds}-fold CV on the test pairs =="
    );
    let (cv, thresholds) = cross_validate(&scores, &labels, folds);
    println!(
        "{:<38} {}",
        format!("lexical, {folds}-fold CV on test"),
        format_metrics(&cv, None)
    );
    let (lo, hi) = thresholds
        .iter()
        .fold((f32::MAX, f32::MIN), |(lo, hi), &t| (lo.min(t), hi.max(t)));
    println!("fold thresholds: {lo:.3} .. {hi:.3}");
    println!(
        "{:<38} {}",
        format!("tf-idf cosine, {folds}-fold CV on test"),
        format_metrics(&cross_validate(&tfidf, &labels, folds).0, None)
    );
    println!(
        "{:<38} {}",
        "lexical oracle (fit on test)",
        format_metrics(&best_threshold(&scores, &labels), None)
    );
}
