//! Word embeddings learned from unlabeled news (skip-gram with negative sampling, Mikolov et al.
//! 2013), then clustered by spherical k-means at two granularities (Guo et al. 2014: clusters of
//! embeddings give a linear tagger most of what the dense vectors would, at the cost of one
//! look-up). Written here rather than taken from a crate: the Rust word2vec crates only load
//! vectors, and training is ~100 lines. Single-threaded so a seed gives the same clusters.

use crate::clusters::{kmeans, Clusters, Corpus, Rng};

/// Settings of [`build`].
#[derive(Debug, Clone)]
pub struct EmbedConfig {
    /// Words to embed (the most frequent with at least `min_count` occurrences).
    pub vocab: usize,
    pub min_count: u32,
    pub dim: usize,
    /// Largest context distance (each position draws its own, 1..=window).
    pub window: usize,
    pub negatives: usize,
    pub epochs: usize,
    /// Subsampling threshold of frequent words.
    pub sample: f64,
    pub lr: f32,
    pub coarse: usize,
    pub fine: usize,
    pub iterations: usize,
    pub seed: u64,
}

impl Default for EmbedConfig {
    fn default() -> Self {
        EmbedConfig {
            vocab: 100_000,
            min_count: 5,
            dim: 100,
            window: 5,
            negatives: 5,
            epochs: 3,
            sample: 1e-4,
            lr: 0.025,
            coarse: 256,
            fine: 1024,
            iterations: 12,
            seed: 7,
        }
    }
}

/// The vocabulary (corpus word ids, most frequent first) and its unit-length vectors.
pub struct Embeddings {
    pub words: Vec<u32>,
    pub dim: usize,
    pub vecs: Vec<f32>,
}

/// Train skip-gram vectors over the corpus's frequent words.
pub fn train(corpus: &Corpus, cfg: &EmbedConfig, mut progress: impl FnMut(usize)) -> Embeddings {
    let order = corpus.frequent(cfg.min_count, cfg.vocab);
    let n = order.len();
    let dim = cfg.dim.max(1);
    let mut row = vec![u32::MAX; corpus.vocab_size()];
    for (r, &w) in order.iter().enumerate() {
        row[w as usize] = r as u32;
    }
    let counts: Vec<f64> = order.iter().map(|&w| corpus.count(w) as f64).collect();
    let total: f64 = counts.iter().sum();
    // Keep probability per row (subsampling of frequent words).
    let keep: Vec<f32> = counts
        .iter()
        .map(|&c| {
            let t = cfg.sample * total;
            if t <= 0.0 {
                1.0
            } else {
                (((c / t).sqrt() + 1.0) * t / c).min(1.0) as f32
            }
        })
        .collect();
    // Negative-sampling table over count^0.75.
    const TABLE: usize = 1 << 22;
    let mut table = Vec::with_capacity(TABLE);
    if n > 0 {
        let z: f64 = counts.iter().map(|c| c.powf(0.75)).sum();
        let mut acc = 0.0;
        let mut r = 0usize;
        for i in 0..TABLE {
            while r + 1 < n && (i as f64 + 0.5) / TABLE as f64 > acc + counts[r].powf(0.75) / z {
                acc += counts[r].powf(0.75) / z;
                r += 1;
            }
            table.push(r as u32);
        }
    }
    let mut rng = Rng::new(cfg.seed);
    let mut syn0: Vec<f32> = (0..n * dim)
        .map(|_| ((rng.unit() as f32) - 0.5) / dim as f32)
        .collect();
    let mut syn1 = vec![0f32; n * dim];
    let seq = corpus.sequence();
    let words_total = (seq.len() * cfg.epochs).max(1) as f32;
    let mut seen = 0usize;
    let mut sent: Vec<u32> = Vec::new();
    let mut grad = vec![0f32; dim];
    for epoch in 0..cfg.epochs {
        let mut start = 0usize;
        while start < seq.len() {
            let end = seq[start..]
                .iter()
                .position(|&x| x == u32::MAX)
                .map_or(seq.len(), |p| start + p);
            sent.clear();
            for &w in &seq[start..end] {
                let r = row[w as usize];
                if r != u32::MAX && rng.unit() < keep[r as usize] as f64 {
                    sent.push(r);
                }
            }
            seen += end + 1 - start;
            start = end + 1;
            let lr = (cfg.lr * (1.0 - seen as f32 / words_total)).max(cfg.lr * 1e-4);
            for i in 0..sent.len() {
                let b = 1 + (rng.next() as usize % cfg.window.max(1));
                let lo = i.saturating_sub(b);
                let hi = (i + b + 1).min(sent.len());
                for j in lo..hi {
                    if j == i {
                        continue;
                    }
                    let c = sent[j] as usize;
                    grad.iter_mut().for_each(|g| *g = 0.0);
                    let v = &syn0[c * dim..(c + 1) * dim];
                    for k in 0..=cfg.negatives {
                        let (target, label) = if k == 0 {
                            (sent[i] as usize, 1.0f32)
                        } else {
                            let t = table[rng.next() as usize % TABLE] as usize;
                            if t == sent[i] as usize {
                                continue;
                            }
                            (t, 0.0)
                        };
                        let u = &mut syn1[target * dim..(target + 1) * dim];
                        let dot: f32 = v.iter().zip(u.iter()).map(|(a, b)| a * b).sum();
                        let g = (label - sigmoid(dot)) * lr;
                        for d in 0..dim {
                            grad[d] += g * u[d];
                            u[d] += g * v[d];
                        }
                    }
                    let v = &mut syn0[c * dim..(c + 1) * dim];
                    v.iter_mut().zip(&grad).for_each(|(x, g)| *x += g);
                }
            }
        }
        progress(epoch + 1);
    }
    for v in syn0.chunks_mut(dim) {
        let nrm = v.iter().map(|x| x * x).sum::<f32>().sqrt().max(1e-9);
        v.iter_mut().for_each(|x| *x /= nrm);
    }
    Embeddings {
        words: order,
        dim,
        vecs: syn0,
    }
}

#[inline]
fn sigmoid(x: f32) -> f32 {
    if x > 6.0 {
        1.0
    } else if x < -6.0 {
        0.0
    } else {
        1.0 / (1.0 + (-x).exp())
    }
}

impl Embeddings {
    /// The vectors in word2vec text format (`count dim`, then `word v1 … vdim` lines), the
    /// input of the neural tagger ([`crate::neural`]).
    pub fn to_text(&self, corpus: &Corpus) -> String {
        use std::fmt::Write;
        let mut out = format!("{} {}\n", self.words.len(), self.dim);
        for (r, &w) in self.words.iter().enumerate() {
            out.push_str(corpus.word(w));
            for x in &self.vecs[r * self.dim..(r + 1) * self.dim] {
                let _ = write!(out, " {x:.5}");
            }
            out.push('\n');
        }
        out
    }
}

/// Embed the corpus's frequent words and cluster them (coarse, fine).
pub fn build(corpus: &Corpus, cfg: &EmbedConfig, progress: impl FnMut(usize)) -> Clusters {
    cluster(corpus, &train(corpus, cfg, progress), cfg)
}

/// Cluster trained embeddings (coarse, fine).
pub fn cluster(corpus: &Corpus, e: &Embeddings, cfg: &EmbedConfig) -> Clusters {
    let vecs: Vec<&[f32]> = e.vecs.chunks(e.dim).collect();
    let coarse = kmeans(&vecs, e.dim, cfg.coarse, cfg.iterations, cfg.seed);
    let fine = kmeans(&vecs, e.dim, cfg.fine, cfg.iterations, cfg.seed ^ 0x5555);
    let mut out = Clusters::default();
    for (r, &w) in e.words.iter().enumerate() {
        out.insert(corpus.word(w), coarse[r], fine[r]);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::feats::hstr;

    #[test]
    fn names_of_a_kind_share_clusters() {
        let mut c = Corpus::default();
        let people = ["بوتين", "ترامب", "ماكرون", "أردوغان"];
        let cities = ["موسكو", "باريس", "أنقرة", "واشنطن"];
        let mut s = 1u64;
        for _ in 0..300 {
            s = s
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            let p = people[(s >> 33) as usize % 4];
            let q = cities[(s >> 40) as usize % 4];
            c.add_text(&format!("قال الرئيس {p} في خطاب امس ان الحرب ستنتهي"));
            c.add_text(&format!(
                "وصل الوفد الى مدينة {q} صباح اليوم في زيارة رسمية"
            ));
        }
        let cfg = EmbedConfig {
            min_count: 1,
            dim: 16,
            window: 2,
            epochs: 20,
            sample: 0.0,
            coarse: 2,
            fine: 4,
            ..EmbedConfig::default()
        };
        let cl = build(&c, &cfg, |_| {});
        let g = |w: &str| {
            cl.get(hstr(&naba_arabic::normalize(
                w,
                &naba_arabic::Profile::SEARCH,
            )))
            .unwrap()
            .0
        };
        assert_eq!(g("بوتين"), g("ترامب"));
        assert_eq!(g("موسكو"), g("باريس"));
        assert_ne!(g("بوتين"), g("موسكو"));
        // Same seed, same clusters.
        let again = build(&c, &cfg, |_| {});
        assert_eq!(again.to_tsv(), cl.to_tsv());
    }
}
