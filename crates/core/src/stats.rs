//! Small measures shared by the evaluation harnesses and the store's
//! clustering scores.
//!
//! In: precision and recall. Out: their F1. Invariant: no NaN — two zeros
//! give 0.

/// F1, the harmonic mean of `precision` and `recall`; 0 when both are 0.
pub fn f1(precision: f64, recall: f64) -> f64 {
    if precision + recall <= 0.0 {
        0.0
    } else {
        2.0 * precision * recall / (precision + recall)
    }
}

#[cfg(test)]
mod tests {
    use super::f1;

    #[test]
    fn harmonic_mean_and_no_nan() {
        assert_eq!(f1(0.0, 0.0), 0.0);
        assert!((f1(1.0, 0.5) - 2.0 / 3.0).abs() < 1e-12);
        assert!((f1(0.8, 0.8) - 0.8).abs() < 1e-12);
    }
}
