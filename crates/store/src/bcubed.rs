//! B-cubed precision, recall and F1 of a clustering against gold labels
//! (Bagga & Baldwin 1998; Amigó et al. 2009).
//!
//! In: predicted and gold cluster labels, one pair per item. Out: the item-
//! averaged precision (share of an item's predicted cluster that shares its
//! gold label), recall (share of its gold cluster in its predicted cluster)
//! and their harmonic mean. Also the pairwise scores ([`pairwise`]) that
//! much of the news-clustering literature reports (e.g. Miranda et al. 2018):
//! precision and recall over pairs of items put in one cluster.

use std::collections::HashMap;

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct BCubed {
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
}

pub fn bcubed<P: std::hash::Hash + Eq + Copy, G: std::hash::Hash + Eq + Copy>(
    predicted: &[P],
    gold: &[G],
) -> BCubed {
    assert_eq!(
        predicted.len(),
        gold.len(),
        "one gold label per predicted label"
    );
    let n = predicted.len();
    if n == 0 {
        return BCubed {
            precision: 0.0,
            recall: 0.0,
            f1: 0.0,
        };
    }
    let mut pair: HashMap<(P, G), f64> = HashMap::new();
    let mut pred_size: HashMap<P, f64> = HashMap::new();
    let mut gold_size: HashMap<G, f64> = HashMap::new();
    for (p, g) in predicted.iter().zip(gold) {
        *pair.entry((*p, *g)).or_default() += 1.0;
        *pred_size.entry(*p).or_default() += 1.0;
        *gold_size.entry(*g).or_default() += 1.0;
    }
    // Every item of a (predicted, gold) cell has the same precision and recall.
    let (mut precision, mut recall) = (0.0, 0.0);
    for ((p, g), count) in &pair {
        precision += count * count / pred_size[p];
        recall += count * count / gold_size[g];
    }
    precision /= n as f64;
    recall /= n as f64;
    let f1 = corroborate_core::stats::f1(precision, recall);
    BCubed {
        precision,
        recall,
        f1,
    }
}

/// Pairwise precision (share of item pairs clustered together that share a
/// gold label), recall (share of same-label pairs clustered together) and F1.
/// Pair counts grow with the square of cluster sizes, so big clusters weigh
/// far more than in B-cubed; with no pair on one side the score is 1.
pub fn pairwise<P: std::hash::Hash + Eq + Copy, G: std::hash::Hash + Eq + Copy>(
    predicted: &[P],
    gold: &[G],
) -> BCubed {
    assert_eq!(
        predicted.len(),
        gold.len(),
        "one gold label per predicted label"
    );
    let pairs = |n: f64| n * (n - 1.0) / 2.0;
    let mut pair: HashMap<(P, G), f64> = HashMap::new();
    let mut pred_size: HashMap<P, f64> = HashMap::new();
    let mut gold_size: HashMap<G, f64> = HashMap::new();
    for (p, g) in predicted.iter().zip(gold) {
        *pair.entry((*p, *g)).or_default() += 1.0;
        *pred_size.entry(*p).or_default() += 1.0;
        *gold_size.entry(*g).or_default() += 1.0;
    }
    let both: f64 = pair.values().map(|n| pairs(*n)).sum();
    let predicted_pairs: f64 = pred_size.values().map(|n| pairs(*n)).sum();
    let gold_pairs: f64 = gold_size.values().map(|n| pairs(*n)).sum();
    let precision = if predicted_pairs == 0.0 {
        1.0
    } else {
        both / predicted_pairs
    };
    let recall = if gold_pairs == 0.0 {
        1.0
    } else {
        both / gold_pairs
    };
    let f1 = corroborate_core::stats::f1(precision, recall);
    BCubed {
        precision,
        recall,
        f1,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pairwise_counts_pairs() {
        let gold = [1, 1, 2, 2, 2];
        assert_eq!(pairwise(&[7, 7, 9, 9, 9], &gold).f1, 1.0);
        // One blob: 10 pairs predicted, 1 + 3 = 4 of them right.
        let blob = pairwise(&[0, 0, 0, 0, 0], &gold);
        assert!((blob.precision - 0.4).abs() < 1e-9);
        assert_eq!(blob.recall, 1.0);
        let singletons = pairwise(&[1, 2, 3, 4, 5], &gold);
        assert_eq!((singletons.precision, singletons.recall), (1.0, 0.0));
    }

    #[test]
    fn perfect_singletons_and_one_blob() {
        let gold = [1, 1, 2, 2, 2];
        assert_eq!(bcubed(&[7, 7, 9, 9, 9], &gold).f1, 1.0);
        let singletons = bcubed(&[1, 2, 3, 4, 5], &gold);
        assert_eq!(singletons.precision, 1.0);
        assert!((singletons.recall - (2.0 * 0.5 + 3.0 / 3.0) / 5.0).abs() < 1e-9);
        let blob = bcubed(&[0, 0, 0, 0, 0], &gold);
        assert_eq!(blob.recall, 1.0);
        assert!((blob.precision - (2.0 * 2.0 / 5.0 + 3.0 * 3.0 / 5.0) / 5.0).abs() < 1e-9);
    }
}
