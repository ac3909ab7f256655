//! Precision, recall and F1 from counts: the arithmetic every `naba eval …` scorer shares.

/// `part / whole` as a fraction; 0 when `whole` is 0.
pub fn ratio(part: usize, whole: usize) -> f64 {
    if whole == 0 {
        0.0
    } else {
        part as f64 / whole as f64
    }
}

/// The harmonic mean of precision and recall (on their scale); 0 when both are 0.
pub fn f1(precision: f64, recall: f64) -> f64 {
    if precision + recall == 0.0 {
        0.0
    } else {
        2.0 * precision * recall / (precision + recall)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_counts_score_zero() {
        assert_eq!(ratio(0, 0), 0.0);
        assert_eq!(f1(0.0, 0.0), 0.0);
        assert_eq!(ratio(1, 4), 0.25);
        assert!((f1(0.5, 1.0) - 2.0 / 3.0).abs() < 1e-12);
    }
}
