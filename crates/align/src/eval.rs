//! Evaluation of the pair scorer on labelled paraphrase pairs.
//!
//! In: labelled sentence pairs (MRPC's tab-separated format: `Quality`,
//! `#1 ID`, `#2 ID`, `#1 String`, `#2 String`, with a header line) and
//! scores. Out: the accuracy-maximising threshold of a training set, the
//! metrics of a threshold on a test set, and k-fold cross-validated
//! metrics when no separate training split is at hand.
//!
//! Invariants: deterministic (folds are taken by position, `i % k`); no
//! panic on malformed lines (they are skipped and counted).

use corroborate_core::Encoder;

use crate::features::ScoringContext;
use crate::similarity::score_pairs;

/// One labelled pair.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LabelledPair {
    pub a: String,
    pub b: String,
    pub paraphrase: bool,
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
            a: fields[3].to_string(),
            b: fields[4].to_string(),
            paraphrase: label,
        });
    }
    (pairs, skipped)
}

/// Scores labelled pairs with the story scorer: IDF statistics are taken
/// from all the sentences of `pairs` (no labels used), and `encoder`, when
/// given, is blended in as in alignment. Returns the scores and the labels.
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
        let f1 = if precision + recall == 0.0 {
            0.0
        } else {
            2.0 * precision * recall / (precision + recall)
        };
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
}
