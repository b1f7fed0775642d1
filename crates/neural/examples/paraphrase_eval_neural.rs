//! MRPC paraphrase evaluation with the neural encoder, next to the lexical
//! scorer alone: parameters fitted on the training split, chosen on the dev
//! split, accuracy and F1 reported on the test split.
//!
//! ```text
//! cargo run -p corroborate-neural --release --example paraphrase_eval_neural -- \
//!     MODEL_DIR [--train PATH] [--dev PATH] [--test PATH] [--resamples B] [--seed S]
//! ```
//!
//! Defaults (`crates/align/data/`): train = the GLUE MRPC training split
//! (`mrpc_train.tsv`, 3,668 pairs), dev = the GLUE MRPC dev split
//! (`mrpc_dev.tsv`, 408 pairs), test = the MRPC test split
//! (`msr_paraphrase_test.tsv`, 1,725 pairs).
//!
//! Systems:
//! * lexical: the threshold chosen on dev; and at `PARAPHRASE_THRESHOLD`,
//!   as alignment decides without an encoder;
//! * encoder cosine alone, and the linear blend alignment used before the
//!   pair model (weight 0.6, floor 0.5): the threshold chosen on dev;
//! * **the pair model as shipped** (`ENCODER_PAIR_MODEL`) at
//!   `PARAPHRASE_THRESHOLD`, as alignment decides with an encoder;
//! * the pair model refitted here: logistic regression on the
//!   `PairFeatures` of the training split (Newton's method, standardised
//!   features), the L2 penalty chosen on dev (accuracy at p = 0.5, ties:
//!   lower dev log-loss); its coefficients are printed as Rust source and
//!   compared with the shipped ones;
//! * controls: the same fit without the cosine (lexical features only:
//!   is the gain the encoder's?), and on (lexical, cosine) only.
//!
//! On test: 95% percentile bootstrap intervals (B resamples of the test
//! pairs, fixed seed; the same resamples for every system), and against
//! the lexical baselines the paired bootstrap interval of the difference and
//! the exact McNemar test.

use corroborate_align::similarity::{
    score_from_features, PairFeatures, ENCODER_PAIR_MODEL, PAIR_FEATURE_COUNT, PARAPHRASE_THRESHOLD,
};
use corroborate_core::Encoder;
use corroborate_eval::paraphrase::{
    best_threshold, blend_scores, bootstrap, decide, file_name, fit_logistic, format_comparison,
    format_metrics, load_mrpc, majority_baseline, mcnemar, metrics_at, pair_features_labelled,
    paired_bootstrap, score_labelled, sharing_sentence, Harness, LabelledPair, Logistic, Metrics,
    MrpcArgs, FORMER_BLEND_WEIGHT,
};
use corroborate_neural::{BertEncoder, CachedEncoder};
use std::path::{Path, PathBuf};

const USAGE: &str = "usage: paraphrase_eval_neural MODEL_DIR [--train PATH] [--dev PATH] [--test PATH] [--resamples B] [--seed S]";
/// L2 penalties tried (on standardised features); the dev split picks one.
const L2_GRID: [f64; 6] = [0.01, 0.1, 1.0, 10.0, 100.0, 1000.0];
/// Features of the "lexical features only" control: all but the cosine.
const LEXICAL_ONLY: [usize; PAIR_FEATURE_COUNT - 1] = [0, 1, 2, 3, 4, 5, 6, 7];
/// Features of the two-feature control: lexical score and cosine.
const LEXICAL_AND_COSINE: [usize; 2] = [0, 8];
const ALL_FEATURES: [usize; PAIR_FEATURE_COUNT] = [0, 1, 2, 3, 4, 5, 6, 7, 8];

/// One split, featurised.
struct Split {
    features: Vec<PairFeatures>,
    labels: Vec<bool>,
    /// The encoder's `unrelated_cosine` (to undo the rescaling).
    floor: f32,
}

impl Split {
    fn new(pairs: &[LabelledPair], enc: &dyn Encoder) -> Split {
        let Some(features) = pair_features_labelled(pairs, enc) else {
            eprintln!("error: the encoder failed on a batch");
            std::process::exit(1);
        };
        Split {
            features,
            labels: pairs.iter().map(|p| p.paraphrase).collect(),
            floor: enc.unrelated_cosine(),
        }
    }

    fn subset(&self, keep: &[usize]) -> Split {
        Split {
            features: keep.iter().map(|&i| self.features[i]).collect(),
            labels: keep.iter().map(|&i| self.labels[i]).collect(),
            floor: self.floor,
        }
    }

    fn lexical(&self) -> Vec<f32> {
        self.features.iter().map(|f| f.lexical).collect()
    }

    /// The raw encoder cosines.
    fn cosines(&self) -> Vec<f32> {
        self.features
            .iter()
            .map(|f| f.rescaled_cosine * (1.0 - self.floor) + self.floor)
            .collect()
    }

    fn rows(&self, columns: &[usize]) -> Vec<Vec<f64>> {
        self.features
            .iter()
            .map(|f| {
                let all = f.to_array();
                columns.iter().map(|&c| all[c] as f64).collect()
            })
            .collect()
    }
}

/// A system's test scores and its decision threshold.
struct System {
    name: String,
    /// How its parameters were chosen (for the printout).
    choice: String,
    dev_fit: Metrics,
    test_scores: Vec<f32>,
    threshold: f32,
}

/// A fitted logistic model in raw feature units: (intercept, weights).
fn raw_coefficients(model: &Logistic) -> (f64, Vec<f64>) {
    let weights: Vec<f64> = model
        .weights
        .iter()
        .zip(&model.scale)
        .map(|(w, s)| w / s)
        .collect();
    let intercept = model.bias
        - weights
            .iter()
            .zip(&model.mean)
            .map(|(w, m)| w * m)
            .sum::<f64>();
    (intercept, weights)
}

fn log_loss(p: &[f32], labels: &[bool]) -> f64 {
    p.iter()
        .zip(labels)
        .map(|(&p, &y)| {
            let p = (p as f64).clamp(1e-9, 1.0 - 1e-9);
            -(if y { p.ln() } else { (1.0 - p).ln() })
        })
        .sum::<f64>()
        / p.len().max(1) as f64
}

/// Fits on `train` for each L2 penalty and keeps the best on `dev`.
fn fit_on_train(train: &Split, dev: &Split, columns: &[usize]) -> (Logistic, f64, Metrics) {
    let mut best: Option<(Logistic, f64, Metrics, f64)> = None;
    for l2 in L2_GRID {
        let model = fit_logistic(&train.rows(columns), &train.labels, l2);
        let p = model.scores(&dev.rows(columns));
        let fit = metrics_at(&p, &dev.labels, 0.5);
        let loss = log_loss(&p, &dev.labels);
        let better = match &best {
            None => true,
            Some((_, _, m, l)) => {
                fit.accuracy > m.accuracy || (fit.accuracy == m.accuracy && loss < *l)
            }
        };
        if better {
            best = Some((model, l2, fit, loss));
        }
    }
    let (model, l2, fit, _) = best.expect("non-empty L2 grid");
    (model, l2, fit)
}

fn describe(model: &Logistic, l2: f64, columns: &[usize]) -> String {
    let (intercept, weights) = raw_coefficients(model);
    let terms: Vec<String> = columns
        .iter()
        .zip(&weights)
        .map(|(&c, w)| format!("{w:+.3}·{}", PairFeatures::NAMES[c]))
        .collect();
    format!(
        "L2 {l2} (dev), {} Newton steps: {intercept:+.3} {}",
        model.iterations,
        terms.join(" ")
    )
}

fn systems(train: &Split, dev: &Split, test: &Split) -> (Vec<System>, Logistic) {
    let mut out = Vec::new();
    let mut thresholded = |name: &str, dev_s: Vec<f32>, test_s: Vec<f32>| {
        let fit = best_threshold(&dev_s, &dev.labels);
        out.push(System {
            name: name.to_string(),
            choice: "threshold on dev".into(),
            dev_fit: fit,
            test_scores: test_s,
            threshold: fit.threshold,
        });
    };
    thresholded("lexical", dev.lexical(), test.lexical());
    thresholded("encoder cosine alone", dev.cosines(), test.cosines());
    thresholded(
        &format!("former blend (w={FORMER_BLEND_WEIGHT}, floor=0.5)"),
        blend_scores(&dev.lexical(), &dev.cosines(), FORMER_BLEND_WEIGHT, 0.5),
        blend_scores(&test.lexical(), &test.cosines(), FORMER_BLEND_WEIGHT, 0.5),
    );
    let fixed = |name: &str, choice: String, dev_s: Vec<f32>, test_s: Vec<f32>| System {
        name: name.to_string(),
        choice,
        dev_fit: metrics_at(&dev_s, &dev.labels, PARAPHRASE_THRESHOLD),
        test_scores: test_s,
        threshold: PARAPHRASE_THRESHOLD,
    };
    out.push(fixed(
        "lexical @ PARAPHRASE_THRESHOLD",
        "none (alignment's threshold)".into(),
        dev.lexical(),
        test.lexical(),
    ));
    let shipped = |s: &Split| {
        s.features
            .iter()
            .map(score_from_features)
            .collect::<Vec<_>>()
    };
    out.push(fixed(
        "pair model as shipped",
        "ENCODER_PAIR_MODEL, alignment's threshold".into(),
        shipped(dev),
        shipped(test),
    ));
    let mut refit = None;
    for (name, columns) in [
        ("pair model refit on train", &ALL_FEATURES[..]),
        ("control: lexical features only", &LEXICAL_ONLY[..]),
        ("control: (lexical, cosine) only", &LEXICAL_AND_COSINE[..]),
    ] {
        let (model, l2, dev_fit) = fit_on_train(train, dev, columns);
        out.push(System {
            name: name.to_string(),
            choice: describe(&model, l2, columns),
            dev_fit,
            test_scores: model.scores(&test.rows(columns)),
            threshold: 0.5,
        });
        if refit.is_none() {
            refit = Some(model);
        }
    }
    (out, refit.expect("the full model is fitted first"))
}

fn report(all: &[System], test: &Split, resamples: usize, seed: u64) {
    let labels = &test.labels;
    println!(
        "-- test ({} pairs): 95% bootstrap intervals --",
        labels.len()
    );
    let always = vec![true; labels.len()];
    println!(
        "{:<36} {}",
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
        println!("{:<36} {}", s.name, format_metrics(m, Some(&ci)));
    }
    let by_name = |n: &str| all.iter().position(|s| s.name == n).expect("system");
    for baseline in [
        "lexical",
        "lexical @ PARAPHRASE_THRESHOLD",
        "control: lexical features only",
    ] {
        let b = by_name(baseline);
        println!("-- test: each system − {baseline} (paired bootstrap 95% interval; exact McNemar, first = {baseline}) --");
        let (base_m, base_d) = &decided[b];
        for (i, (s, (m, d))) in all.iter().zip(&decided).enumerate() {
            if i == b {
                continue;
            }
            let boot = paired_bootstrap(base_d, d, labels, resamples, seed, 0.95);
            println!(
                "{:<36} {}",
                s.name,
                format_comparison(&boot, &mcnemar(base_d, d, labels), base_m, m),
            );
        }
    }
}

fn main() {
    let mut args = std::env::args().skip(1);
    let Some(model_dir) = args.next().map(PathBuf::from) else {
        eprintln!("{USAGE}");
        std::process::exit(2);
    };
    let Some(MrpcArgs {
        train,
        dev,
        test,
        resamples,
        seed,
        ..
    }) = MrpcArgs::parse(args, Harness::Fitted)
    else {
        eprintln!("{USAGE}");
        std::process::exit(2);
    };
    let load = |path: &Path| {
        load_mrpc(path).unwrap_or_else(|e| {
            eprintln!("{e}");
            std::process::exit(1);
        })
    };
    let (train_pairs, dev_pairs, test_pairs) = (load(&train), load(&dev), load(&test));
    let enc = match BertEncoder::load(&model_dir) {
        Ok(e) => CachedEncoder::new(e),
        Err(e) => {
            eprintln!("error: {e}");
            std::process::exit(1);
        }
    };
    let t = std::time::Instant::now();
    let (train_split, dev_split, test_split) = (
        Split::new(&train_pairs, &enc),
        Split::new(&dev_pairs, &enc),
        Split::new(&test_pairs, &enc),
    );
    let secs = t.elapsed().as_secs_f64();
    let count = |l: &[bool]| l.iter().filter(|&&x| x).count();
    for (role, path, split) in [
        ("train", &train, &train_split),
        ("dev", &dev, &dev_split),
        ("test", &test, &test_split),
    ] {
        println!(
            "{role:<5} {} ({} pairs, {} paraphrases)",
            file_name(path),
            split.labels.len(),
            count(&split.labels)
        );
    }
    // The shipped scores recomputed here must be alignment's own.
    let (aligned, _) = score_labelled(&test_pairs, Some(&enc));
    let gap = aligned
        .iter()
        .zip(&test_split.features)
        .map(|(a, f)| (a - score_from_features(f)).abs())
        .fold(0.0f32, f32::max);
    println!(
        "encoder {}; featurising the three splits {secs:.1} s; shipped score vs alignment's scorer on test: max |diff| {gap:.1e}",
        enc.name()
    );
    println!(
        "intervals: 95% percentile bootstrap, {resamples} resamples of the test pairs, seed {seed}"
    );

    let (all, refit) = systems(&train_split, &dev_split, &test_split);
    println!("\n-- parameters (train: fitted; dev: chosen) --");
    for s in &all {
        println!("{:<36} {}", s.name, s.choice);
        println!("{:<36} {}", "    dev:", format_metrics(&s.dev_fit, None));
    }
    let (intercept, weights) = raw_coefficients(&refit);
    let shipped = std::iter::once(ENCODER_PAIR_MODEL.intercept as f64)
        .chain(ENCODER_PAIR_MODEL.weights.iter().map(|&w| w as f64));
    let refitted = std::iter::once(intercept).chain(weights.iter().copied());
    let drift = shipped
        .zip(refitted)
        .map(|(a, b)| (a - b).abs())
        .fold(0.0f64, f64::max);
    println!(
        "refit vs ENCODER_PAIR_MODEL: largest coefficient difference {drift:.2e}; as Rust source:"
    );
    println!("    intercept: {intercept:.6},");
    let listed: Vec<String> = weights.iter().map(|w| format!("{w:.6}")).collect();
    println!("    weights: [{}],", listed.join(", "));

    println!("\n== fitted on train, chosen on dev, reported on test ==");
    report(&all, &test_split, resamples, seed);

    // MRPC reuses sentences across pairs: refit without the training and
    // dev pairs that share a sentence with a test pair.
    let shared_train = sharing_sentence(&train_pairs, &test_pairs);
    let shared_dev = sharing_sentence(&dev_pairs, &test_pairs);
    let keep = |n: usize, shared: &[usize]| -> Vec<usize> {
        (0..n).filter(|i| !shared.contains(i)).collect()
    };
    let (train_kept, dev_kept) = (
        train_split.subset(&keep(train_pairs.len(), &shared_train)),
        dev_split.subset(&keep(dev_pairs.len(), &shared_dev)),
    );
    println!(
        "\n== again without the {} train and {} dev pairs that share a sentence with a test pair ==",
        shared_train.len(),
        shared_dev.len()
    );
    let (all, _) = systems(&train_kept, &dev_kept, &test_split);
    for s in all
        .iter()
        .filter(|s| s.name.contains("refit") || s.name == "lexical")
    {
        println!("{:<36} {}", s.name, s.choice);
    }
    let kept: Vec<System> = all
        .into_iter()
        .filter(|s| {
            matches!(
                s.name.as_str(),
                "lexical"
                    | "lexical @ PARAPHRASE_THRESHOLD"
                    | "pair model refit on train"
                    | "control: lexical features only"
            )
        })
        .collect();
    report(&kept, &test_split, resamples, seed);
}
