//! Evaluation of the pair scorer on labelled paraphrase pairs.
//!
//! In: labelled sentence pairs (MRPC's tab-separated format: `Quality`,
//! `#1 ID`, `#2 ID`, `#1 String`, `#2 String`, with a header line) and
//! scores. Out: the accuracy-maximising threshold of a tuning (dev) split,
//! the metrics of a threshold on a test split, k-fold cross-validated
//! metrics when no separate split is at hand, and the statistics of a
//! tune-on-dev / report-on-test comparison: percentile bootstrap intervals
//! (paired, fixed seed), the exact McNemar test, the former linear blend
//! (a baseline), the encoder pair model's features and a small logistic
//! regression (Newton's method) to fit it.
//!
//! Invariants: deterministic (folds are taken by position, `i % k`; the
//! bootstrap draws from a seeded SplitMix64; Newton starts from zero); no
//! panic on malformed lines (they are skipped and counted) nor on empty
//! inputs; an unreadable file is a returned [`ReadError`].

use std::path::{Path, PathBuf};

use corroborate_align::similarity::{
    pair_rescaled_cosines, rescale_cosine, score_pairs, PairFeatures, WeightedSentence,
};
use corroborate_align::ScoringContext;
use corroborate_core::Encoder;

/// One labelled pair.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LabelledPair {
    /// MRPC sentence ids (`#1 ID`, `#2 ID`); MRPC reuses some sentences
    /// across pairs and splits, so these tell overlapping pairs apart.
    pub id_a: String,
    pub id_b: String,
    pub a: String,
    pub b: String,
    pub paraphrase: bool,
}

/// A labelled file that could not be read.
#[derive(Debug, thiserror::Error)]
#[error("cannot read {}: {source}", path.display())]
pub struct ReadError {
    pub path: PathBuf,
    #[source]
    pub source: std::io::Error,
}

/// Reads an MRPC file: the pairs, or the error naming the file. Skipped
/// malformed lines are reported on stderr (a harness prints what it
/// leaves out); [`parse_mrpc`] counts them without printing.
pub fn load_mrpc(path: &Path) -> Result<Vec<LabelledPair>, ReadError> {
    let text = std::fs::read_to_string(path).map_err(|source| ReadError {
        path: path.to_path_buf(),
        source,
    })?;
    let (pairs, skipped) = parse_mrpc(&text);
    if skipped > 0 {
        eprintln!("{}: skipped {skipped} malformed lines", path.display());
    }
    Ok(pairs)
}

/// Which MRPC harness reads a command line ([`MrpcArgs::parse`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Harness {
    /// The lexical scorer: only a threshold to choose, so `--train` names
    /// the tuning split (an alias of `--dev`); `--folds K` for the
    /// cross-validated figures.
    Lexical,
    /// A fitted model: `--train` (fit), `--dev` (choose) and `--test` are
    /// three splits; no folds.
    Fitted,
}

/// The command line of the MRPC evaluation examples:
/// `[--train PATH] [--dev PATH] [--test PATH] [--folds K] [--resamples B]
/// [--seed S]`, each option followed by its value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MrpcArgs {
    pub train: PathBuf,
    pub dev: PathBuf,
    pub test: PathBuf,
    pub folds: usize,
    pub resamples: usize,
    pub seed: u64,
}

impl MrpcArgs {
    /// The GLUE MRPC splits shipped in `crates/align/data` (train 3,668,
    /// dev 408 and test 1,725 pairs), 10 folds, 10,000 bootstrap resamples,
    /// seed 2026.
    pub fn defaults() -> Self {
        let data = PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../align/data"));
        MrpcArgs {
            train: data.join("mrpc_train.tsv"),
            dev: data.join("mrpc_dev.tsv"),
            test: data.join("msr_paraphrase_test.tsv"),
            folds: 10,
            resamples: 10_000,
            seed: 2026,
        }
    }

    /// The options in `args` over [`MrpcArgs::defaults`]; `None` for an
    /// option the harness does not take, a missing value or one that does
    /// not parse (the caller prints its usage).
    pub fn parse(mut args: impl Iterator<Item = String>, harness: Harness) -> Option<Self> {
        let mut out = Self::defaults();
        while let Some(arg) = args.next() {
            let value = args.next()?;
            match (arg.as_str(), harness) {
                ("--train", Harness::Lexical) | ("--dev", _) => out.dev = PathBuf::from(value),
                ("--train", Harness::Fitted) => out.train = PathBuf::from(value),
                ("--test", _) => out.test = PathBuf::from(value),
                ("--folds", Harness::Lexical) => out.folds = value.parse().ok()?,
                ("--resamples", _) => out.resamples = value.parse().ok()?,
                ("--seed", _) => out.seed = value.parse().ok()?,
                _ => return None,
            }
        }
        Some(out)
    }
}

/// The file name of `p` for a report line (the whole path if it has none).
pub fn file_name(p: &Path) -> String {
    p.file_name().map_or_else(
        || p.display().to_string(),
        |f| f.to_string_lossy().into_owned(),
    )
}

/// Parses MRPC-format text; returns the pairs and the number of lines skipped.
pub fn parse_mrpc(text: &str) -> (Vec<LabelledPair>, usize) {
    let mut pairs = Vec::new();
    let mut skipped = 0;
    for line in text.lines().skip(1) {
        if line.trim().is_empty() {
            continue;
        }
        let fields: Vec<&str> = line.split('\t').collect();
        let label = match fields.first().map(|f| f.trim()) {
            Some("1") => true,
            Some("0") => false,
            _ => {
                skipped += 1;
                continue;
            }
        };
        if fields.len() < 5 {
            skipped += 1;
            continue;
        }
        pairs.push(LabelledPair {
            id_a: fields[1].trim().to_string(),
            id_b: fields[2].trim().to_string(),
            a: fields[3].to_string(),
            b: fields[4].to_string(),
            paraphrase: label,
        });
    }
    (pairs, skipped)
}

/// Scores labelled pairs with the story scorer: IDF statistics are taken
/// from all the sentences of `pairs` (no labels used), and `encoder`, when
/// given, is combined as in alignment (the pair model). Returns the scores
/// and the labels.
///
/// This is the hook for evaluating a neural encoder:
/// `score_labelled(&pairs, Some(&bert))`.
pub fn score_labelled(
    pairs: &[LabelledPair],
    encoder: Option<&dyn Encoder>,
) -> (Vec<f32>, Vec<bool>) {
    let ctx = ScoringContext::from_texts(pairs.iter().flat_map(|p| [p.a.as_str(), p.b.as_str()]));
    let texts: Vec<(&str, &str)> = pairs.iter().map(|p| (p.a.as_str(), p.b.as_str())).collect();
    let scores = score_pairs(&texts, &ctx, encoder);
    (scores, pairs.iter().map(|p| p.paraphrase).collect())
}

/// The [`PairFeatures`] of labelled pairs as alignment computes them (IDF
/// statistics from all the sentences of `pairs`, rescaled cosines from
/// `encoder`);
/// `None` when the encoder fails.
pub fn pair_features_labelled(
    pairs: &[LabelledPair],
    encoder: &dyn Encoder,
) -> Option<Vec<PairFeatures>> {
    let ctx = ScoringContext::from_texts(pairs.iter().flat_map(|p| [p.a.as_str(), p.b.as_str()]));
    let texts: Vec<(&str, &str)> = pairs.iter().map(|p| (p.a.as_str(), p.b.as_str())).collect();
    let cosines = pair_rescaled_cosines(&texts, encoder);
    texts
        .iter()
        .zip(cosines)
        .map(|((a, b), cos)| {
            Some(PairFeatures::new(
                &WeightedSentence::from_text(a, &ctx),
                &WeightedSentence::from_text(b, &ctx),
                cos?,
            ))
        })
        .collect()
}

/// Binary-classification metrics at one threshold (`score >= threshold` ⇒ paraphrase).
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Metrics {
    pub threshold: f32,
    pub accuracy: f32,
    pub precision: f32,
    pub recall: f32,
    pub f1: f32,
    pub true_pos: usize,
    pub false_pos: usize,
    pub true_neg: usize,
    pub false_neg: usize,
}

impl Metrics {
    fn from_counts(threshold: f32, tp: usize, fp: usize, tn: usize, fn_: usize) -> Self {
        let total = (tp + fp + tn + fn_).max(1) as f32;
        let precision = if tp + fp == 0 {
            0.0
        } else {
            tp as f32 / (tp + fp) as f32
        };
        let recall = if tp + fn_ == 0 {
            0.0
        } else {
            tp as f32 / (tp + fn_) as f32
        };
        let f1 = corroborate_core::stats::f1(precision as f64, recall as f64) as f32;
        Self {
            threshold,
            accuracy: (tp + tn) as f32 / total,
            precision,
            recall,
            f1,
            true_pos: tp,
            false_pos: fp,
            true_neg: tn,
            false_neg: fn_,
        }
    }
}

/// Metrics of `threshold` on `scores` against `labels`.
pub fn metrics_at(scores: &[f32], labels: &[bool], threshold: f32) -> Metrics {
    let (mut tp, mut fp, mut tn, mut fn_) = (0, 0, 0, 0);
    for (&s, &l) in scores.iter().zip(labels) {
        match (s >= threshold, l) {
            (true, true) => tp += 1,
            (true, false) => fp += 1,
            (false, false) => tn += 1,
            (false, true) => fn_ += 1,
        }
    }
    Metrics::from_counts(threshold, tp, fp, tn, fn_)
}

/// The threshold (a midpoint between consecutive distinct scores) with the
/// best accuracy on `scores`/`labels`; ties go to the lower threshold.
pub fn best_threshold(scores: &[f32], labels: &[bool]) -> Metrics {
    let mut sorted: Vec<f32> = scores.to_vec();
    sorted.sort_by(f32::total_cmp);
    sorted.dedup();
    let mut candidates = vec![sorted.first().copied().unwrap_or(0.0) - 1e-3];
    candidates.extend(sorted.windows(2).map(|w| 0.5 * (w[0] + w[1])));
    candidates.push(sorted.last().copied().unwrap_or(0.0) + 1e-3);
    let mut best = Metrics::default();
    let mut best_accuracy = -1.0f32;
    for t in candidates {
        let m = metrics_at(scores, labels, t);
        if m.accuracy > best_accuracy {
            best_accuracy = m.accuracy;
            best = m;
        }
    }
    best
}

/// k-fold cross-validation: for each fold, the threshold is chosen on the
/// other folds and applied to it; returns the pooled metrics and the
/// per-fold thresholds.
pub fn cross_validate(scores: &[f32], labels: &[bool], folds: usize) -> (Metrics, Vec<f32>) {
    let folds = folds.max(2);
    let (mut tp, mut fp, mut tn, mut fn_) = (0, 0, 0, 0);
    let mut thresholds = Vec::with_capacity(folds);
    for fold in 0..folds {
        let (mut train_s, mut train_l, mut test_s, mut test_l) =
            (Vec::new(), Vec::new(), Vec::new(), Vec::new());
        for (i, (&s, &l)) in scores.iter().zip(labels).enumerate() {
            if i % folds == fold {
                test_s.push(s);
                test_l.push(l);
            } else {
                train_s.push(s);
                train_l.push(l);
            }
        }
        let t = best_threshold(&train_s, &train_l).threshold;
        thresholds.push(t);
        let m = metrics_at(&test_s, &test_l, t);
        tp += m.true_pos;
        fp += m.false_pos;
        tn += m.true_neg;
        fn_ += m.false_neg;
    }
    let mean_t = thresholds.iter().sum::<f32>() / thresholds.len() as f32;
    (Metrics::from_counts(mean_t, tp, fp, tn, fn_), thresholds)
}

/// Metrics of always answering "paraphrase" (the majority class of MRPC).
pub fn majority_baseline(labels: &[bool]) -> Metrics {
    let positives = labels.iter().filter(|&&l| l).count();
    let majority_positive = positives * 2 >= labels.len();
    let scores: Vec<f32> = labels
        .iter()
        .map(|_| if majority_positive { 1.0 } else { 0.0 })
        .collect();
    metrics_at(&scores, labels, 0.5)
}

/// Indices of the pairs of `pairs` that share a sentence (by MRPC sentence
/// id) with any pair of `other`.
pub fn sharing_sentence(pairs: &[LabelledPair], other: &[LabelledPair]) -> Vec<usize> {
    let ids: std::collections::HashSet<&str> = other
        .iter()
        .flat_map(|p| [p.id_a.as_str(), p.id_b.as_str()])
        .collect();
    pairs
        .iter()
        .enumerate()
        .filter(|(_, p)| ids.contains(p.id_a.as_str()) || ids.contains(p.id_b.as_str()))
        .map(|(i, _)| i)
        .collect()
}

/// The decisions of `threshold` (`score >= threshold` ⇒ paraphrase).
pub fn decide(scores: &[f32], threshold: f32) -> Vec<bool> {
    scores.iter().map(|&s| s >= threshold).collect()
}

/// Metrics of given decisions against `labels` (`threshold` is only recorded).
pub fn metrics_of_decisions(decisions: &[bool], labels: &[bool], threshold: f32) -> Metrics {
    let (mut tp, mut fp, mut tn, mut fn_) = (0, 0, 0, 0);
    for (&d, &l) in decisions.iter().zip(labels) {
        match (d, l) {
            (true, true) => tp += 1,
            (true, false) => fp += 1,
            (false, false) => tn += 1,
            (false, true) => fn_ += 1,
        }
    }
    Metrics::from_counts(threshold, tp, fp, tn, fn_)
}

/// Blend weight of the encoder combination alignment used before the pair
/// model ([`corroborate_align::similarity::ENCODER_PAIR_MODEL`]), with the encoder's
/// floor (0.5 for all-MiniLM-L6-v2); kept as a baseline of the evaluation.
pub const FORMER_BLEND_WEIGHT: f32 = 0.6;

/// A linear blend of rescaled cosine and lexical score (the combination
/// alignment used before the pair model, weight and floor as parameters):
/// `weight · clamp((cos − floor)/(1 − floor), 0, 1) + (1 − weight) ·
/// lexical`, clamped to 0..1.
pub fn blend_scores(lexical: &[f32], cosines: &[f32], weight: f32, floor: f32) -> Vec<f32> {
    let floor = floor.clamp(0.0, 0.99);
    lexical
        .iter()
        .zip(cosines)
        .map(|(&l, &c)| {
            let rescaled = rescale_cosine(c, floor).clamp(0.0, 1.0);
            (weight * rescaled + (1.0 - weight) * l).clamp(0.0, 1.0)
        })
        .collect()
}

/// The bootstrap's generator: the workspace's one SplitMix64.
pub use corroborate_core::rng::SplitMix64;

/// A two-sided interval.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Interval {
    pub lo: f64,
    pub hi: f64,
}

impl Interval {
    pub fn contains(&self, x: f64) -> bool {
        self.lo <= x && x <= self.hi
    }

    pub fn width(&self) -> f64 {
        self.hi - self.lo
    }
}

/// Bootstrap intervals of accuracy and F1 (as fractions, 0..1).
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct MetricIntervals {
    pub accuracy: Interval,
    pub f1: Interval,
}

/// Paired bootstrap of two systems decided on the same pairs: intervals of
/// each system's accuracy and F1 and of the differences `b − a`.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct PairedBootstrap {
    pub a: MetricIntervals,
    pub b: MetricIntervals,
    pub diff: MetricIntervals,
    /// Share of resamples in which `b`'s accuracy is not above `a`'s (a
    /// one-sided bootstrap p-value for "b is more accurate").
    pub share_b_not_better: f64,
}

/// Percentile interval at `level` (e.g. 0.95) of `values` (sorted here).
fn percentile_interval(values: &mut [f64], level: f64) -> Interval {
    if values.is_empty() {
        return Interval::default();
    }
    values.sort_by(f64::total_cmp);
    let n = values.len();
    let alpha = (1.0 - level).clamp(0.0, 1.0) / 2.0;
    let lo = ((alpha * n as f64).floor() as usize).min(n - 1);
    let hi = (((1.0 - alpha) * n as f64).ceil() as usize)
        .saturating_sub(1)
        .min(n - 1);
    Interval {
        lo: values[lo],
        hi: values[hi],
    }
}

/// Paired percentile bootstrap at `level` (e.g. 0.95): `resamples` times,
/// `labels.len()` pair indices are drawn with replacement (SplitMix64 from
/// `seed`, so the same seed and length give the same resamples whatever
/// the systems), and both systems' metrics are computed on them.
pub fn paired_bootstrap(
    a: &[bool],
    b: &[bool],
    labels: &[bool],
    resamples: usize,
    seed: u64,
    level: f64,
) -> PairedBootstrap {
    let n = labels.len().min(a.len()).min(b.len());
    if n == 0 || resamples == 0 {
        return PairedBootstrap::default();
    }
    let mut rng = SplitMix64::new(seed);
    let (mut acc_a, mut acc_b, mut acc_d) = (Vec::new(), Vec::new(), Vec::new());
    let (mut f1_a, mut f1_b, mut f1_d) = (Vec::new(), Vec::new(), Vec::new());
    let mut b_not_better = 0usize;
    for _ in 0..resamples {
        let mut counts = [[0usize; 4]; 2];
        for _ in 0..n {
            let i = rng.below(n);
            for (k, d) in [a[i], b[i]].into_iter().enumerate() {
                let slot = match (d, labels[i]) {
                    (true, true) => 0,
                    (true, false) => 1,
                    (false, false) => 2,
                    (false, true) => 3,
                };
                counts[k][slot] += 1;
            }
        }
        let [ma, mb] = counts.map(|c| Metrics::from_counts(0.0, c[0], c[1], c[2], c[3]));
        acc_a.push(ma.accuracy as f64);
        acc_b.push(mb.accuracy as f64);
        acc_d.push(mb.accuracy as f64 - ma.accuracy as f64);
        f1_a.push(ma.f1 as f64);
        f1_b.push(mb.f1 as f64);
        f1_d.push(mb.f1 as f64 - ma.f1 as f64);
        if mb.accuracy <= ma.accuracy {
            b_not_better += 1;
        }
    }
    let both = |acc: &mut Vec<f64>, f1: &mut Vec<f64>| MetricIntervals {
        accuracy: percentile_interval(acc, level),
        f1: percentile_interval(f1, level),
    };
    PairedBootstrap {
        a: both(&mut acc_a, &mut f1_a),
        b: both(&mut acc_b, &mut f1_b),
        diff: both(&mut acc_d, &mut f1_d),
        share_b_not_better: b_not_better as f64 / resamples as f64,
    }
}

/// Percentile bootstrap intervals of one system's accuracy and F1 (the `a`
/// side of [`paired_bootstrap`] with the same seed).
pub fn bootstrap(
    decisions: &[bool],
    labels: &[bool],
    resamples: usize,
    seed: u64,
    level: f64,
) -> MetricIntervals {
    paired_bootstrap(decisions, decisions, labels, resamples, seed, level).a
}

/// The exact McNemar test of two systems decided on the same pairs.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct McNemar {
    /// Pairs `a` gets right and `b` wrong.
    pub only_a_right: usize,
    /// Pairs `b` gets right and `a` wrong.
    pub only_b_right: usize,
    /// Two-sided exact p-value (binomial, p = 1/2, on the discordant pairs).
    pub p_value: f64,
}

/// Exact McNemar test: the discordant pairs are counted and the two-sided
/// binomial p-value `min(1, 2 · P[X ≤ min(n01, n10)])`, `X ~ Bin(n01 + n10, 1/2)`,
/// is returned.
pub fn mcnemar(a: &[bool], b: &[bool], labels: &[bool]) -> McNemar {
    let (mut only_a, mut only_b) = (0, 0);
    for ((&da, &db), &l) in a.iter().zip(b).zip(labels) {
        match (da == l, db == l) {
            (true, false) => only_a += 1,
            (false, true) => only_b += 1,
            _ => {}
        }
    }
    McNemar {
        only_a_right: only_a,
        only_b_right: only_b,
        p_value: mcnemar_exact_p(only_a, only_b),
    }
}

/// Two-sided exact McNemar p-value of the discordant counts `n01`, `n10`
/// (computed in log space, exact enough for any realistic count).
pub fn mcnemar_exact_p(n01: usize, n10: usize) -> f64 {
    let n = n01 + n10;
    if n == 0 {
        return 1.0;
    }
    let k = n01.min(n10);
    // ln(i!) for i in 0..=n.
    let mut ln_fact = vec![0.0f64; n + 1];
    for i in 1..=n {
        ln_fact[i] = ln_fact[i - 1] + (i as f64).ln();
    }
    let ln_half_n = -(n as f64) * std::f64::consts::LN_2;
    let tail: f64 = (0..=k)
        .map(|j| (ln_fact[n] - ln_fact[j] - ln_fact[n - j] + ln_half_n).exp())
        .sum();
    (2.0 * tail).min(1.0)
}

/// A logistic-regression model on standardised features:
/// `P(paraphrase | x) = σ(bias + Σ weights_j · (x_j − mean_j) / scale_j)`.
#[derive(Debug, Clone, PartialEq)]
pub struct Logistic {
    pub mean: Vec<f64>,
    pub scale: Vec<f64>,
    pub weights: Vec<f64>,
    pub bias: f64,
    /// Newton iterations run.
    pub iterations: usize,
}

fn sigmoid(z: f64) -> f64 {
    if z >= 0.0 {
        1.0 / (1.0 + (-z).exp())
    } else {
        let e = z.exp();
        e / (1.0 + e)
    }
}

impl Logistic {
    /// The probability of the positive class for raw features `x`.
    pub fn probability(&self, x: &[f64]) -> f64 {
        sigmoid(self.linear(x))
    }

    fn linear(&self, x: &[f64]) -> f64 {
        self.bias
            + x.iter()
                .zip(&self.mean)
                .zip(&self.scale)
                .zip(&self.weights)
                .map(|(((&v, &m), &s), &w)| w * (v - m) / s)
                .sum::<f64>()
    }

    /// Probabilities for many rows, as `f32` scores for [`metrics_at`].
    pub fn scores(&self, rows: &[Vec<f64>]) -> Vec<f32> {
        rows.iter().map(|x| self.probability(x) as f32).collect()
    }
}

/// Penalised negative log-likelihood of standardised rows `z` (with the
/// bias as coefficient 0).
fn logistic_loss(z: &[Vec<f64>], labels: &[bool], beta: &[f64], l2: f64) -> f64 {
    let mut loss = 0.0;
    for (row, &y) in z.iter().zip(labels) {
        let eta = beta[0] + row.iter().zip(&beta[1..]).map(|(a, b)| a * b).sum::<f64>();
        // log(1 + e^eta) − y·eta, computed stably.
        let softplus = if eta > 0.0 {
            eta + (-eta).exp().ln_1p()
        } else {
            eta.exp().ln_1p()
        };
        loss += softplus - if y { eta } else { 0.0 };
    }
    loss + 0.5 * l2 * beta[1..].iter().map(|b| b * b).sum::<f64>()
}

/// Solves `a · x = b` (small dense system) by Gaussian elimination with
/// partial pivoting; `None` when singular.
fn solve(mut a: Vec<Vec<f64>>, mut b: Vec<f64>) -> Option<Vec<f64>> {
    let n = b.len();
    for col in 0..n {
        let pivot = (col..n).max_by(|&i, &j| a[i][col].abs().total_cmp(&a[j][col].abs()))?;
        if a[pivot][col].abs() < 1e-300 {
            return None;
        }
        a.swap(col, pivot);
        b.swap(col, pivot);
        let pivot_row = a[col].clone();
        for row in col + 1..n {
            let f = a[row][col] / pivot_row[col];
            for (x, p) in a[row].iter_mut().zip(&pivot_row).skip(col) {
                *x -= f * p;
            }
            b[row] -= f * b[col];
        }
    }
    let mut x = vec![0.0; n];
    for row in (0..n).rev() {
        let s: f64 = (row + 1..n).map(|k| a[row][k] * x[k]).sum();
        x[row] = (b[row] - s) / a[row][row];
    }
    Some(x)
}

/// Fits a logistic regression by Newton's method with step halving, from
/// zero, on standardised features (mean 0, standard deviation 1 on the
/// fitting rows), with an L2 penalty `l2 · ‖w‖² / 2` on the weights (not
/// the bias) so that separable data still has a finite optimum. Stops when
/// the largest Newton step is below 1e-10 or after 100 iterations.
pub fn fit_logistic(rows: &[Vec<f64>], labels: &[bool], l2: f64) -> Logistic {
    let d = rows.first().map_or(0, Vec::len);
    let n = rows.len().min(labels.len()).max(1) as f64;
    let mut mean = vec![0.0; d];
    for row in rows {
        for (m, v) in mean.iter_mut().zip(row) {
            *m += v / n;
        }
    }
    let mut scale = vec![0.0; d];
    for row in rows {
        for ((s, v), m) in scale.iter_mut().zip(row).zip(&mean) {
            *s += (v - m) * (v - m) / n;
        }
    }
    for s in &mut scale {
        *s = if *s > 0.0 { s.sqrt() } else { 1.0 };
    }
    let z: Vec<Vec<f64>> = rows
        .iter()
        .map(|r| {
            r.iter()
                .zip(&mean)
                .zip(&scale)
                .map(|((v, m), s)| (v - m) / s)
                .collect()
        })
        .collect();
    let mut beta = vec![0.0; d + 1];
    let mut loss = logistic_loss(&z, labels, &beta, l2);
    let mut iterations = 0;
    for _ in 0..100 {
        iterations += 1;
        let mut grad = vec![0.0; d + 1];
        let mut hess = vec![vec![0.0; d + 1]; d + 1];
        for (row, &y) in z.iter().zip(labels) {
            let x: Vec<f64> = std::iter::once(1.0).chain(row.iter().copied()).collect();
            let eta: f64 = x.iter().zip(&beta).map(|(a, b)| a * b).sum();
            let p = sigmoid(eta);
            let w = p * (1.0 - p);
            let r = p - if y { 1.0 } else { 0.0 };
            for i in 0..=d {
                grad[i] += r * x[i];
                for j in 0..=d {
                    hess[i][j] += w * x[i] * x[j];
                }
            }
        }
        for i in 1..=d {
            grad[i] += l2 * beta[i];
            hess[i][i] += l2;
        }
        hess[0][0] += 1e-12;
        let Some(step) = solve(hess, grad) else {
            break;
        };
        let mut t = 1.0;
        let mut accepted = false;
        for _ in 0..30 {
            let candidate: Vec<f64> = beta.iter().zip(&step).map(|(b, s)| b - t * s).collect();
            let c_loss = logistic_loss(&z, labels, &candidate, l2);
            if c_loss <= loss {
                beta = candidate;
                loss = c_loss;
                accepted = true;
                break;
            }
            t *= 0.5;
        }
        let largest = step.iter().fold(0.0f64, |m, s| m.max((t * s).abs()));
        if !accepted || largest < 1e-10 {
            break;
        }
    }
    Logistic {
        mean,
        scale,
        weights: beta[1..].to_vec(),
        bias: beta[0],
        iterations,
    }
}

/// One line of metrics in percent: threshold, accuracy and F1 (each with
/// its interval when `ci` is given), precision and recall.
pub fn format_metrics(m: &Metrics, ci: Option<&MetricIntervals>) -> String {
    let interval = |i: Option<Interval>| match i {
        Some(i) => format!(" [{:4.1}, {:4.1}]", 100.0 * i.lo, 100.0 * i.hi),
        None => " ".repeat(13),
    };
    format!(
        "threshold={:.3}  accuracy={:4.1}%{}  F1={:4.1}{}  precision={:4.1}%  recall={:5.1}%",
        m.threshold,
        100.0 * m.accuracy,
        interval(ci.map(|c| c.accuracy)),
        100.0 * m.f1,
        interval(ci.map(|c| c.f1)),
        100.0 * m.precision,
        100.0 * m.recall,
    )
}

/// One line comparing system `b` with system `a` on the same pairs:
/// differences of accuracy and F1 (points, `b − a`) with their paired
/// bootstrap intervals, and the exact McNemar test.
pub fn format_comparison(boot: &PairedBootstrap, mc: &McNemar, a: &Metrics, b: &Metrics) -> String {
    format!(
        "Δaccuracy={:+5.1} [{:+5.1}, {:+5.1}]  ΔF1={:+5.1} [{:+5.1}, {:+5.1}]  McNemar: {} only-first right, {} only-second right, exact p={:.3}",
        100.0 * (b.accuracy - a.accuracy),
        100.0 * boot.diff.accuracy.lo,
        100.0 * boot.diff.accuracy.hi,
        100.0 * (b.f1 - a.f1),
        100.0 * boot.diff.f1.lo,
        100.0 * boot.diff.f1.hi,
        mc.only_a_right,
        mc.only_b_right,
        mc.p_value,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = "Quality\t#1 ID\t#2 ID\t#1 String\t#2 String\n\
1\t1\t2\tThe increase reflects lower credit losses and favorable interest rates.\tThe gain came as a result of fewer credit losses and lower interest rates.\n\
0\t3\t4\tLast year, Comcast signed 1.5 million new digital cable subscribers.\tComcast has about 21.3 million cable subscribers, many in the largest U.S. cities.\n\
broken line\n";

    #[test]
    fn parses_mrpc_and_skips_bad_lines() {
        let (pairs, skipped) = parse_mrpc(SAMPLE);
        assert_eq!(pairs.len(), 2);
        assert_eq!(skipped, 1);
        assert!(pairs[0].paraphrase && !pairs[1].paraphrase);
        assert!(pairs[1].b.starts_with("Comcast has about"));
    }

    #[test]
    fn threshold_search_separates_separable_scores() {
        let scores = [0.1, 0.2, 0.3, 0.7, 0.8, 0.9];
        let labels = [false, false, false, true, true, true];
        let best = best_threshold(&scores, &labels);
        assert_eq!(best.accuracy, 1.0);
        assert!(best.threshold > 0.3 && best.threshold < 0.7);
        let (cv, thresholds) = cross_validate(&scores, &labels, 3);
        assert_eq!(thresholds.len(), 3);
        assert!(cv.accuracy >= 0.8);
    }

    #[test]
    fn majority_baseline_matches_class_share() {
        let labels = [true, true, false];
        let m = majority_baseline(&labels);
        assert!((m.accuracy - 2.0 / 3.0).abs() < 1e-6);
        assert!((m.f1 - 0.8).abs() < 1e-6);
    }

    #[test]
    fn parses_sentence_ids_and_finds_shared_sentences() {
        let (pairs, _) = parse_mrpc(SAMPLE);
        assert_eq!((pairs[0].id_a.as_str(), pairs[0].id_b.as_str()), ("1", "2"));
        let mut other = pairs[1].clone();
        other.id_a = "9".into();
        other.id_b = "2".into();
        assert_eq!(sharing_sentence(&pairs, &[other]), vec![0]);
        assert!(sharing_sentence(&pairs, &[]).is_empty());
    }

    #[test]
    fn mcnemar_exact_p_matches_the_binomial_tail() {
        // Values computed with exact fractions: 2 · Σ_{j ≤ min} C(n, j) / 2^n.
        assert!((mcnemar_exact_p(1, 6) - 0.125).abs() < 1e-12);
        assert!((mcnemar_exact_p(10, 2) - 158.0 / 4096.0).abs() < 1e-12);
        assert!((mcnemar_exact_p(3, 9) - 598.0 / 4096.0).abs() < 1e-12);
        assert!((mcnemar_exact_p(21, 9) - 0.042_773_945_257_067_68).abs() < 1e-12);
        assert!((mcnemar_exact_p(100, 140) - 0.011_664_092_317_677_663).abs() < 1e-10);
        assert_eq!(mcnemar_exact_p(6, 1), mcnemar_exact_p(1, 6));
        assert_eq!(mcnemar_exact_p(5, 5), 1.0);
        assert_eq!(mcnemar_exact_p(0, 0), 1.0);
    }

    #[test]
    fn mcnemar_counts_discordant_pairs() {
        let labels = [true, true, true, false, false, false, true, false];
        // a wrong on 0 and 3; b wrong on 1, 2 and 4, 5; both wrong on 7.
        let a = [false, true, true, true, false, false, true, true];
        let b = [true, false, false, false, true, true, true, true];
        let m = mcnemar(&a, &b, &labels);
        assert_eq!((m.only_a_right, m.only_b_right), (4, 2));
        assert!((m.p_value - mcnemar_exact_p(4, 2)).abs() < 1e-15);
        assert_eq!(mcnemar(&a, &a, &labels).p_value, 1.0);
    }

    #[test]
    fn logistic_recovers_a_separable_problem() {
        // Paraphrase exactly when x1 + x2 > 1, on a 9 × 9 grid (no point on the line).
        let mut rows = Vec::new();
        let mut labels = Vec::new();
        for i in 0..9 {
            for j in 0..9 {
                let (x1, x2) = (i as f64 / 8.0 + 0.01, j as f64 / 8.0 + 0.003);
                rows.push(vec![x1, x2]);
                labels.push(x1 + x2 > 1.0);
            }
        }
        let model = fit_logistic(&rows, &labels, 1e-3);
        let scores = model.scores(&rows);
        assert_eq!(metrics_at(&scores, &labels, 0.5).accuracy, 1.0);
        assert!(model.weights[0] > 0.0 && model.weights[1] > 0.0);
        // Symmetric problem: symmetric weights (per unit of the raw features).
        let (w1, w2) = (
            model.weights[0] / model.scale[0],
            model.weights[1] / model.scale[1],
        );
        assert!((w1 - w2).abs() < 0.05 * w1.abs(), "{w1} vs {w2}");
        assert!(model.probability(&[0.9, 0.9]) > 0.99);
        assert!(model.probability(&[0.1, 0.1]) < 0.01);
    }

    #[test]
    fn logistic_matches_the_closed_form_maximum_likelihood() {
        // One binary feature: the MLE reproduces the two class shares.
        let rows: Vec<Vec<f64>> = [0.0, 0.0, 0.0, 0.0, 1.0, 1.0, 1.0, 1.0]
            .iter()
            .map(|&x| vec![x])
            .collect();
        let labels = [true, false, false, false, true, true, true, false];
        let model = fit_logistic(&rows, &labels, 0.0);
        assert!((model.probability(&[0.0]) - 0.25).abs() < 1e-9);
        assert!((model.probability(&[1.0]) - 0.75).abs() < 1e-9);
        // Raw-scale slope = logit(0.75) − logit(0.25) = 2 ln 3.
        let slope = model.weights[0] / model.scale[0];
        assert!((slope - 2.0 * 3f64.ln()).abs() < 1e-6);
        assert!(model.iterations < 100);
    }

    #[test]
    fn bootstrap_contains_the_estimate_and_narrows_with_n() {
        // 3 of every 4 decisions right.
        let make = |n: usize| -> (Vec<bool>, Vec<bool>) {
            let labels: Vec<bool> = (0..n).map(|i| i % 3 != 0).collect();
            let decisions: Vec<bool> = labels
                .iter()
                .enumerate()
                .map(|(i, &l)| if i % 4 == 0 { !l } else { l })
                .collect();
            (decisions, labels)
        };
        let (d_small, l_small) = make(40);
        let (d_large, l_large) = make(400);
        let small = bootstrap(&d_small, &l_small, 2000, 7, 0.95);
        let large = bootstrap(&d_large, &l_large, 2000, 7, 0.95);
        let point_small = metrics_of_decisions(&d_small, &l_small, 0.0);
        let point_large = metrics_of_decisions(&d_large, &l_large, 0.0);
        assert!(small.accuracy.contains(point_small.accuracy as f64));
        assert!(small.f1.contains(point_small.f1 as f64));
        assert!(large.accuracy.contains(point_large.accuracy as f64));
        assert!(large.f1.contains(point_large.f1 as f64));
        assert!(large.accuracy.width() < 0.5 * small.accuracy.width());
        assert!(large.accuracy.width() > 0.04 && large.accuracy.width() < 0.12);
        // Deterministic under a fixed seed.
        assert_eq!(bootstrap(&d_small, &l_small, 2000, 7, 0.95), small);
        // A system compared with itself differs by exactly 0.
        let same = paired_bootstrap(&d_large, &d_large, &l_large, 500, 1, 0.95);
        assert_eq!(same.diff.accuracy, Interval { lo: 0.0, hi: 0.0 });
        assert_eq!(same.share_b_not_better, 1.0);
    }

    #[test]
    fn paired_bootstrap_sees_a_better_system() {
        let labels: Vec<bool> = (0..300).map(|i| i % 3 != 0).collect();
        // a: wrong on every 4th pair; b: the same errors but fixes half of them.
        let a: Vec<bool> = labels
            .iter()
            .enumerate()
            .map(|(i, &l)| if i % 4 == 0 { !l } else { l })
            .collect();
        let b: Vec<bool> = labels
            .iter()
            .enumerate()
            .map(|(i, &l)| if i % 8 == 0 { !l } else { l })
            .collect();
        let boot = paired_bootstrap(&a, &b, &labels, 2000, 3, 0.95);
        let gain = metrics_of_decisions(&b, &labels, 0.0).accuracy
            - metrics_of_decisions(&a, &labels, 0.0).accuracy;
        assert!(boot.diff.accuracy.contains(gain as f64));
        assert!(boot.diff.accuracy.lo > 0.0);
        assert!(boot.share_b_not_better < 0.01);
    }

    #[test]
    fn blend_scores_rescales_the_cosine_above_the_floor() {
        let lexical = [0.0, 0.3, 0.55, 0.9, 1.0];
        let cosines = [0.1, 0.45, 0.6, 0.8, 1.0];
        let blended = blend_scores(&lexical, &cosines, FORMER_BLEND_WEIGHT, 0.5);
        // Cosines at or below the floor count for nothing.
        assert!((blended[0] - 0.4 * 0.0).abs() < 1e-6);
        assert!((blended[1] - 0.4 * 0.3).abs() < 1e-6);
        // 0.6 · (0.6 − 0.5)/0.5 + 0.4 · 0.55
        assert!((blended[2] - (0.6 * 0.2 + 0.4 * 0.55)).abs() < 1e-6);
        assert!((blended[4] - 1.0).abs() < 1e-6);
        assert_eq!(blend_scores(&lexical, &cosines, 0.0, 0.5), lexical.to_vec());
    }

    #[test]
    fn command_lines_of_both_harnesses() {
        let args = |a: &[&str]| {
            a.iter()
                .map(|s| s.to_string())
                .collect::<Vec<_>>()
                .into_iter()
        };
        let d = MrpcArgs::defaults();
        let lexical = MrpcArgs::parse(
            args(&["--train", "t.tsv", "--folds", "5"]),
            Harness::Lexical,
        )
        .unwrap();
        assert_eq!(
            (lexical.dev.as_path(), lexical.train.as_path()),
            (Path::new("t.tsv"), d.train.as_path())
        );
        assert_eq!(lexical.folds, 5);
        let fitted =
            MrpcArgs::parse(args(&["--train", "t.tsv", "--seed", "7"]), Harness::Fitted).unwrap();
        assert_eq!(
            (fitted.train.as_path(), fitted.dev.as_path()),
            (Path::new("t.tsv"), d.dev.as_path())
        );
        assert_eq!(fitted.seed, 7);
        assert_eq!(
            MrpcArgs::parse(args(&["--folds", "5"]), Harness::Fitted),
            None
        );
        assert_eq!(MrpcArgs::parse(args(&["--seed"]), Harness::Lexical), None);
        assert_eq!(
            MrpcArgs::parse(args(&["--seed", "x"]), Harness::Lexical),
            None
        );
        assert!(d.test.ends_with("msr_paraphrase_test.tsv"));
    }
}
