//! MRPC paraphrase evaluation with the neural encoder, next to the lexical
//! scorer alone: every free parameter tuned on the dev split, accuracy and
//! F1 reported on the test split.
//!
//! ```text
//! cargo run -p corroborate-neural --release --example paraphrase_eval_neural -- \
//!     MODEL_DIR [--dev PATH] [--test PATH] [--folds K] [--resamples B] [--seed S]
//! ```
//!
//! Defaults: dev = the GLUE MRPC dev split (`crates/align/data/mrpc_dev.tsv`,
//! 408 pairs), test = the 386-pair MRPC test excerpt
//! (`crates/align/data/msr_paraphrase_test_first386.tsv`).
//!
//! Systems, each with its parameters chosen on dev only:
//! * lexical: the threshold;
//! * encoder cosine alone: the threshold;
//! * blend as shipped (`NEURAL_BLEND`, floor = the encoder's
//!   `unrelated_cosine`): the threshold;
//! * blend, tuned: weight (0.0..1.0 by 0.1) × floor (0.0..0.7 by 0.1) ×
//!   threshold, best dev accuracy (ties: higher F1, then smaller weight,
//!   then smaller floor);
//! * logistic regression on (lexical, cosine), and on (lexical, cosine,
//!   lexical × cosine): coefficients fitted on dev by Newton's method
//!   (standardised features, L2 0.01), decision at probability 0.5 (and,
//!   second, at the dev-chosen probability threshold).
//!
//! On test: 95% percentile bootstrap intervals (B resamples of the test
//! pairs, fixed seed; the same resamples for every system), and for each
//! system against lexical the paired bootstrap interval of the difference
//! and the exact McNemar test. Then the whole protocol again with the dev
//! pairs that share a sentence with a test pair left out, and, for
//! continuity with earlier reports only, the old protocol (threshold by
//! K-fold cross-validation on the test pairs themselves).

use corroborate_align::eval::{
    best_threshold, blend_scores, bootstrap, cross_validate, decide, fit_logistic,
    format_comparison, format_metrics, majority_baseline, mcnemar, metrics_at, paired_bootstrap,
    score_labelled, sharing_sentence, tune_blend, LabelledPair, Metrics,
};
use corroborate_align::similarity::{NEURAL_BLEND, PARAPHRASE_THRESHOLD};
use corroborate_core::{cosine, Encoder};
use corroborate_neural::{BertEncoder, CachedEncoder};
use std::path::{Path, PathBuf};

const USAGE: &str = "usage: paraphrase_eval_neural MODEL_DIR [--dev PATH] [--test PATH] [--folds K] [--resamples B] [--seed S]";
const WEIGHTS: [f32; 11] = [0.0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0];
const FLOORS: [f32; 8] = [0.0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7];
/// Floors printed next to the grid as a diagnostic, never tuned over.
const BEYOND_GRID: [f32; 2] = [0.8, 0.9];
const L2: f64 = 0.01;

/// One split, scored.
struct Split {
    lexical: Vec<f32>,
    cosines: Vec<f32>,
    labels: Vec<bool>,
}

impl Split {
    fn subset(&self, idx: &[usize]) -> Split {
        Split {
            lexical: idx.iter().map(|&i| self.lexical[i]).collect(),
            cosines: idx.iter().map(|&i| self.cosines[i]).collect(),
            labels: idx.iter().map(|&i| self.labels[i]).collect(),
        }
    }

    fn features(&self, product: bool) -> Vec<Vec<f64>> {
        self.lexical
            .iter()
            .zip(&self.cosines)
            .map(|(&l, &c)| {
                let (l, c) = (l as f64, c as f64);
                if product {
                    vec![l, c, l * c]
                } else {
                    vec![l, c]
                }
            })
            .collect()
    }
}

/// A system's test scores and the threshold chosen for it on dev.
struct System {
    name: String,
    /// What was chosen on dev (for the printout).
    dev_choice: String,
    dev_fit: Metrics,
    test_scores: Vec<f32>,
    threshold: f32,
}

fn load(path: &Path) -> Vec<LabelledPair> {
    corroborate_align::eval::load_mrpc_or_exit(path)
}

fn file_name(p: &Path) -> String {
    p.file_name().map_or_else(
        || p.display().to_string(),
        |f| f.to_string_lossy().into_owned(),
    )
}

/// Lexical scores, encoder cosines and the shipped blend (as alignment
/// computes it) of a split.
fn score_split(pairs: &[LabelledPair], enc: &dyn Encoder) -> (Split, Vec<f32>) {
    let (lexical, labels) = score_labelled(pairs, None);
    let (shipped, _) = score_labelled(pairs, Some(enc));
    let texts: Vec<&str> = pairs
        .iter()
        .flat_map(|p| [p.a.as_str(), p.b.as_str()])
        .collect();
    let vectors = match enc.encode(&texts) {
        Ok(v) => v,
        Err(e) => {
            eprintln!("error: {e}");
            std::process::exit(1);
        }
    };
    let cosines = vectors.chunks(2).map(|v| cosine(&v[0], &v[1])).collect();
    (
        Split {
            lexical,
            cosines,
            labels,
        },
        shipped,
    )
}

/// Every system of the protocol, parameters from `dev`, scores on `test`.
fn systems(dev: &Split, test: &Split, floor: f32) -> Vec<System> {
    let mut out = Vec::new();
    let mut thresholded = |name: &str, dev_s: Vec<f32>, test_s: Vec<f32>, choice: String| {
        let fit = best_threshold(&dev_s, &dev.labels);
        out.push(System {
            name: name.to_string(),
            dev_choice: choice,
            dev_fit: fit,
            test_scores: test_s,
            threshold: fit.threshold,
        });
    };
    thresholded(
        "lexical",
        dev.lexical.clone(),
        test.lexical.clone(),
        "threshold".into(),
    );
    thresholded(
        "encoder cosine alone",
        dev.cosines.clone(),
        test.cosines.clone(),
        "threshold".into(),
    );
    thresholded(
        &format!("blend as shipped (w={NEURAL_BLEND}, floor={floor})"),
        blend_scores(&dev.lexical, &dev.cosines, NEURAL_BLEND, floor),
        blend_scores(&test.lexical, &test.cosines, NEURAL_BLEND, floor),
        "threshold".into(),
    );
    if let Some(choice) = tune_blend(&dev.lexical, &dev.cosines, &dev.labels, &WEIGHTS, &FLOORS) {
        thresholded(
            &format!(
                "blend, dev-tuned (w={:.1}, floor={:.1})",
                choice.weight, choice.floor
            ),
            blend_scores(&dev.lexical, &dev.cosines, choice.weight, choice.floor),
            blend_scores(&test.lexical, &test.cosines, choice.weight, choice.floor),
            format!(
                "weight {:.1}, floor {:.1}, threshold (grid of {} × {})",
                choice.weight,
                choice.floor,
                WEIGHTS.len(),
                FLOORS.len()
            ),
        );
    }
    for (product, label) in [(false, "lex, cos"), (true, "lex, cos, lex·cos")] {
        let model = fit_logistic(&dev.features(product), &dev.labels, L2);
        let dev_p = model.scores(&dev.features(product));
        let test_p = model.scores(&test.features(product));
        let raw: Vec<String> = model
            .weights
            .iter()
            .zip(&model.scale)
            .map(|(w, s)| format!("{:+.2}", w / s))
            .collect();
        let intercept = model.bias
            - model
                .weights
                .iter()
                .zip(&model.scale)
                .zip(&model.mean)
                .map(|((w, s), m)| w / s * m)
                .sum::<f64>();
        let coefficients = format!(
            "coefficients {intercept:+.2} | {} ({} Newton steps)",
            raw.join(" "),
            model.iterations
        );
        out.push(System {
            name: format!("logistic ({label}) @ p=0.5"),
            dev_choice: coefficients.clone(),
            dev_fit: metrics_at(&dev_p, &dev.labels, 0.5),
            test_scores: test_p.clone(),
            threshold: 0.5,
        });
        let fit = best_threshold(&dev_p, &dev.labels);
        out.push(System {
            name: format!("logistic ({label}) @ dev p"),
            dev_choice: format!("{coefficients}, probability threshold"),
            dev_fit: fit,
            test_scores: test_p,
            threshold: fit.threshold,
        });
    }
    out
}

fn report(dev: &Split, test: &Split, floor: f32, resamples: usize, seed: u64) {
    let labels = &test.labels;
    let all = systems(dev, test, floor);
    println!(
        "-- parameters chosen on dev ({} pairs) --",
        dev.labels.len()
    );
    for s in &all {
        println!("{:<44} {}", s.name, s.dev_choice);
        println!(
            "{:<44} {}",
            "    dev fit:",
            format_metrics(&s.dev_fit, None)
        );
    }
    println!(
        "-- test ({} pairs): 95% bootstrap intervals --",
        labels.len()
    );
    let always = vec![true; labels.len()];
    println!(
        "{:<44} {}",
        "majority class",
        format_metrics(
            &majority_baseline(labels),
            Some(&bootstrap(&always, labels, resamples, seed, 0.95))
        )
    );
    let decided: Vec<(Metrics, Vec<bool>)> = all
        .iter()
        .map(|s| {
            (
                metrics_at(&s.test_scores, labels, s.threshold),
                decide(&s.test_scores, s.threshold),
            )
        })
        .collect();
    for (s, (m, d)) in all.iter().zip(&decided) {
        let ci = bootstrap(d, labels, resamples, seed, 0.95);
        println!("{:<44} {}", s.name, format_metrics(m, Some(&ci)));
    }
    println!("-- test: each system − lexical (paired bootstrap 95% interval; exact McNemar, first = lexical) --");
    let (lex_m, lex_d) = &decided[0];
    for (s, (m, d)) in all.iter().zip(&decided).skip(1) {
        let boot = paired_bootstrap(lex_d, d, labels, resamples, seed, 0.95);
        println!(
            "{:<44} {}",
            s.name,
            format_comparison(&boot, &mcnemar(lex_d, d, labels), lex_m, m),
        );
    }
}

fn main() {
    let mut args = std::env::args().skip(1);
    let Some(model) = args.next().map(PathBuf::from) else {
        eprintln!("{USAGE}");
        std::process::exit(2);
    };
    let data = PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../align/data"));
    let mut test = data.join("msr_paraphrase_test_first386.tsv");
    let mut dev = data.join("mrpc_dev.tsv");
    let mut folds = 10usize;
    let mut resamples = 10_000usize;
    let mut seed = 2026u64;
    while let Some(a) = args.next() {
        let parsed = match (a.as_str(), args.next()) {
            ("--test", Some(p)) => {
                test = PathBuf::from(p);
                true
            }
            ("--dev", Some(p)) => {
                dev = PathBuf::from(p);
                true
            }
            ("--folds", Some(k)) => k.parse().map(|k| folds = k).is_ok(),
            ("--resamples", Some(b)) => b.parse().map(|b| resamples = b).is_ok(),
            ("--seed", Some(s)) => s.parse().map(|s| seed = s).is_ok(),
            _ => false,
        };
        if !parsed {
            eprintln!("{USAGE}");
            std::process::exit(2);
        }
    }
    let test_pairs = load(&test);
    let dev_pairs = load(&dev);
    let enc = match BertEncoder::load(&model) {
        Ok(e) => CachedEncoder::new(e),
        Err(e) => {
            eprintln!("error: {e}");
            std::process::exit(1);
        }
    };
    let floor = enc.unrelated_cosine();
    let t = std::time::Instant::now();
    let (dev_split, dev_shipped) = score_split(&dev_pairs, &enc);
    let (test_split, test_shipped) = score_split(&test_pairs, &enc);
    let secs = t.elapsed().as_secs_f64();
    // The blend recomputed here must be alignment's own formula.
    let gap = |split: &Split, shipped: &[f32]| {
        blend_scores(&split.lexical, &split.cosines, NEURAL_BLEND, floor)
            .iter()
            .zip(shipped)
            .map(|(a, b)| (a - b).abs())
            .fold(0.0f32, f32::max)
    };
    let count = |l: &[bool]| l.iter().filter(|&&x| x).count();
    println!(
        "dev:  {} ({} pairs, {} paraphrases)",
        file_name(&dev),
        dev_split.labels.len(),
        count(&dev_split.labels)
    );
    println!(
        "test: {} ({} pairs, {} paraphrases)",
        file_name(&test),
        test_split.labels.len(),
        count(&test_split.labels)
    );
    println!(
        "encoder {} (unrelated_cosine {floor}); scoring both splits {secs:.1} s; recomputed vs alignment blend: max |diff| dev {:.1e}, test {:.1e}",
        enc.name(),
        gap(&dev_split, &dev_shipped),
        gap(&test_split, &test_shipped),
    );
    println!(
        "intervals: 95% percentile bootstrap, {resamples} resamples of the test pairs, seed {seed}"
    );

    println!("\n== blend grid on dev: accuracy % at each cell's best dev threshold (rows: floor; columns: weight) ==");
    let mut header = String::from("          ");
    for w in WEIGHTS {
        header += &format!("  w{w:.1}");
    }
    println!("{header}");
    for (k, floor) in FLOORS.into_iter().chain(BEYOND_GRID).enumerate() {
        if k == FLOORS.len() {
            println!(
                "outside the tuning grid (shown only to see whether its edge matters; not used):"
            );
        }
        let mut line = format!("floor {floor:.1}:");
        for w in WEIGHTS {
            let s = blend_scores(&dev_split.lexical, &dev_split.cosines, w, floor);
            line += &format!(
                " {:5.1}",
                100.0 * best_threshold(&s, &dev_split.labels).accuracy
            );
        }
        println!("{line}");
    }

    println!("\n== tuned on the full dev split, reported on test ==");
    report(&dev_split, &test_split, floor, resamples, seed);

    let shared = sharing_sentence(&dev_pairs, &test_pairs);
    let kept: Vec<usize> = (0..dev_pairs.len())
        .filter(|i| !shared.contains(i))
        .collect();
    println!(
        "\n== tuned on dev without the {} pairs sharing a sentence with a test pair ({} left), reported on test ==",
        shared.len(),
        kept.len()
    );
    report(
        &dev_split.subset(&kept),
        &test_split,
        floor,
        resamples,
        seed,
    );

    println!(
        "\n== continuity only: old protocol, threshold by {folds}-fold CV on the test pairs =="
    );
    let labels = &test_split.labels;
    let cv = |s: &[f32]| format_metrics(&cross_validate(s, labels, folds).0, None);
    println!("{:<44} {}", "lexical, CV", cv(&test_split.lexical));
    println!(
        "{:<44} {}",
        format!("blended (BLEND={NEURAL_BLEND}, FLOOR={floor}), CV"),
        cv(&test_shipped)
    );
    println!(
        "{:<44} {}",
        "encoder cosine alone, CV",
        cv(&test_split.cosines)
    );
    println!(
        "{:<44} {}",
        "lexical @ PARAPHRASE_THRESHOLD",
        format_metrics(
            &metrics_at(&test_split.lexical, labels, PARAPHRASE_THRESHOLD),
            None
        )
    );
    println!(
        "{:<44} {}",
        "blended @ PARAPHRASE_THRESHOLD",
        format_metrics(
            &metrics_at(&test_shipped, labels, PARAPHRASE_THRESHOLD),
            None
        )
    );
    println!(
        "{:<44} {}",
        "lexical oracle (fit on test)",
        format_metrics(&best_threshold(&test_split.lexical, labels), None)
    );
    println!(
        "{:<44} {}",
        "blended oracle (fit on test)",
        format_metrics(&best_threshold(&test_shipped, labels), None)
    );
}
