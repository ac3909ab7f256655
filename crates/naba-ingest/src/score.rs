//! The article-extraction benchmark's metric (Zyte's article-extraction-benchmark): tokens are
//! `\w+` runs (Unicode), each text is the multiset of its 4-token shingles (a text of fewer
//! than four tokens is one shingle), per page TP/FP/FN are the multiset overlaps normalized to
//! sum to 1; precision and recall are means over pages, F1 the harmonic mean of the means.

use std::collections::HashMap;

/// Shingle overlap of one page: (tp, fp, fn), normalized to sum to 1 (all 0 when both empty).
pub fn shingle_match(truth: &str, pred: &str) -> (f64, f64, f64) {
    let t = shingles(truth);
    let p = shingles(pred);
    let (mut tp, mut fp, mut fn_) = (0usize, 0usize, 0usize);
    for (k, &tc) in &t {
        let pc = p.get(k).copied().unwrap_or(0);
        tp += tc.min(pc);
        fn_ += tc.saturating_sub(pc);
    }
    for (k, &pc) in &p {
        let tc = t.get(k).copied().unwrap_or(0);
        fp += pc.saturating_sub(tc);
    }
    let s = (tp + fp + fn_) as f64;
    if s > 0.0 {
        (tp as f64 / s, fp as f64 / s, fn_ as f64 / s)
    } else {
        (0.0, 0.0, 0.0)
    }
}

fn tokens(s: &str) -> Vec<&str> {
    s.split(|c: char| !(c.is_alphanumeric() || c == '_'))
        .filter(|t| !t.is_empty())
        .collect()
}

fn shingles(s: &str) -> HashMap<Vec<&str>, usize> {
    let toks = tokens(s);
    let mut m = HashMap::new();
    let n = 4;
    let count = toks.len().saturating_sub(n - 1).max(1);
    for i in 0..count {
        let sh: Vec<&str> = toks[i.min(toks.len())..(i + n).min(toks.len())].to_vec();
        if !sh.is_empty() {
            *m.entry(sh).or_insert(0) += 1;
        }
    }
    m
}

/// Precision/recall/F1 over many pages' (tp, fp, fn).
#[derive(Debug, Clone, Copy, Default)]
pub struct Summary {
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
    pub pages: usize,
}

pub fn summarize(pages: &[(f64, f64, f64)]) -> Summary {
    let (mut ps, mut pn, mut rs, mut rn) = (0.0, 0usize, 0.0, 0usize);
    for &(tp, fp, fn_) in pages {
        if fp == 0.0 && fn_ == 0.0 {
            ps += 1.0;
            pn += 1;
            rs += 1.0;
            rn += 1;
            continue;
        }
        if tp + fp > 0.0 {
            ps += tp / (tp + fp);
            pn += 1;
        }
        if tp + fn_ > 0.0 {
            rs += tp / (tp + fn_);
            rn += 1;
        }
    }
    let precision = if pn > 0 { ps / pn as f64 } else { 0.0 };
    let recall = if rn > 0 { rs / rn as f64 } else { 0.0 };
    let f1 = if precision + recall > 0.0 {
        2.0 * precision * recall / (precision + recall)
    } else {
        0.0
    };
    Summary {
        precision,
        recall,
        f1,
        pages: pages.len(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shingles_and_scores() {
        let (tp, fp, fn_) = shingle_match("a b c d e", "a b c d e");
        assert_eq!((tp, fp, fn_), (1.0, 0.0, 0.0));
        // Truth has shingles abcd, bcde; prediction abcd only → tp 1, fn 1.
        let (tp, fp, fn_) = shingle_match("a b c d e", "a b c d");
        assert_eq!((tp, fp, fn_), (0.5, 0.0, 0.5));
        // Short texts are one shingle.
        assert_eq!(shingle_match("سلام عليكم", "سلام عليكم").0, 1.0);
        assert_eq!(shingle_match("", ""), (0.0, 0.0, 0.0));
        let s = summarize(&[(1.0, 0.0, 0.0), (0.5, 0.0, 0.5), (0.0, 0.0, 0.0)]);
        assert!((s.precision - 1.0).abs() < 1e-9);
        assert!((s.recall - (1.0 + 0.5 + 1.0) / 3.0).abs() < 1e-9);
    }
}
