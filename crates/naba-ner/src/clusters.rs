//! Word clusters learned from unlabeled news: each frequent word is described by the counts of
//! the frequent words seen immediately left and right of it (log-scaled, L2-normalized), and
//! spherical k-means groups the words at two granularities. Cheap (a minute on one core for
//! SaudiNewsNet) and, like Brown clusters, it puts names of the same kind together.

use crate::feats::{hstr, IdMap};
use std::collections::HashMap;

/// word → (coarse, fine) cluster.
#[derive(Debug, Default, Clone)]
pub struct Clusters {
    map: IdMap<(u16, u16)>,
    /// `(word, coarse, fine)` as loaded, to write them out again.
    pub entries: Vec<(String, u16, u16)>,
    /// A second clustering of the same words (optional 4th and 5th columns).
    second: IdMap<(u16, u16)>,
    /// The second clustering per entry of `entries` (`65535`: none), to write it out again;
    /// empty when there is none.
    second_entries: Vec<(u16, u16)>,
}

impl Clusters {
    pub fn get(&self, word_hash: u64) -> Option<(u16, u16)> {
        self.map.get(&word_hash).copied()
    }

    /// The word's clusters in the second clustering, if the file has one.
    pub fn second(&self, word_hash: u64) -> Option<(u16, u16)> {
        self.second.get(&word_hash).copied()
    }

    pub fn has_second(&self) -> bool {
        !self.second_entries.is_empty()
    }

    /// Take `other`'s clusters of this clustering's words as the second clustering (words
    /// `other` lacks get none).
    pub fn set_second(&mut self, other: &Clusters) {
        self.second.clear();
        self.second_entries.clear();
        for (w, _, _) in &self.entries {
            let h = hstr(w);
            match other.get(h) {
                Some(c) => {
                    self.second.insert(h, c);
                    self.second_entries.push(c);
                }
                None => self.second_entries.push((u16::MAX, u16::MAX)),
            }
        }
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    pub fn insert(&mut self, word: &str, c1: u16, c2: u16) {
        self.map.insert(hstr(word), (c1, c2));
        self.entries.push((word.to_string(), c1, c2));
    }

    /// Parse `word<TAB>coarse<TAB>fine[<TAB>coarse2<TAB>fine2]` lines (`#` comments); the
    /// second clustering is on every line or on none, `65535` where a word has none.
    pub fn parse(text: &str) -> Result<Self, String> {
        let mut c = Clusters::default();
        for (i, line) in text.lines().enumerate() {
            if line.starts_with('#') || line.trim().is_empty() {
                continue;
            }
            let err = |what: &str| format!("clusters line {}: {what}", i + 1);
            let cols: Vec<&str> = line.split('\t').collect();
            let num = |k: usize| -> Result<u16, String> {
                cols[k].trim().parse().map_err(|_| err("bad number"))
            };
            match cols.len() {
                3 if c.second_entries.is_empty() => c.insert(cols[0], num(1)?, num(2)?),
                5 if c.second_entries.len() == c.entries.len() => {
                    c.insert(cols[0], num(1)?, num(2)?);
                    let second = (num(3)?, num(4)?);
                    if second.0 != u16::MAX {
                        c.second.insert(hstr(cols[0]), second);
                    }
                    c.second_entries.push(second);
                }
                3 | 5 => return Err(err("the second clustering must be on every line or none")),
                _ => {
                    return Err(err(
                        "expected word<TAB>coarse<TAB>fine[<TAB>coarse2<TAB>fine2]",
                    ))
                }
            }
        }
        Ok(c)
    }

    pub fn to_tsv(&self) -> String {
        let mut s = String::with_capacity(self.entries.len() * 16);
        for (i, (w, a, b)) in self.entries.iter().enumerate() {
            s.push_str(w);
            s.push('\t');
            s.push_str(&a.to_string());
            s.push('\t');
            s.push_str(&b.to_string());
            if let Some((x, y)) = self.second_entries.get(i) {
                s.push('\t');
                s.push_str(&x.to_string());
                s.push('\t');
                s.push_str(&y.to_string());
            }
            s.push('\n');
        }
        s
    }
}

/// Settings of [`build`].
#[derive(Debug, Clone)]
pub struct BuildConfig {
    /// Words to cluster (the most frequent).
    pub vocab: usize,
    /// Context words (the most frequent), counted left and right.
    pub contexts: usize,
    pub min_count: u32,
    pub coarse: usize,
    pub fine: usize,
    pub iterations: usize,
    pub seed: u64,
}

impl Default for BuildConfig {
    fn default() -> Self {
        BuildConfig {
            vocab: 50_000,
            contexts: 1_000,
            min_count: 5,
            coarse: 64,
            fine: 512,
            iterations: 12,
            seed: 7,
        }
    }
}

/// Counts of normalized word sequences, fed text by text.
#[derive(Default)]
pub struct Corpus {
    ids: HashMap<String, u32>,
    words: Vec<String>,
    counts: Vec<u32>,
    /// The corpus as word ids, `u32::MAX` between sentences/texts.
    seq: Vec<u32>,
}

impl Corpus {
    /// Add one text: naba's tokenizer, search normalization; non-words break the context.
    pub fn add_text(&mut self, text: &str) {
        let mut norm = String::new();
        naba_arabic::tokenize_with(text, |t| {
            let s = t.text(text);
            match t.kind {
                naba_arabic::Kind::Word | naba_arabic::Kind::Latin => {
                    norm.clear();
                    naba_arabic::normalize::normalize_into(
                        s,
                        &naba_arabic::Profile::SEARCH,
                        &mut norm,
                    );
                    let id = match self.ids.get(norm.as_str()) {
                        Some(&id) => id,
                        None => {
                            let id = self.words.len() as u32;
                            self.ids.insert(norm.clone(), id);
                            self.words.push(norm.clone());
                            self.counts.push(0);
                            id
                        }
                    };
                    self.counts[id as usize] += 1;
                    self.seq.push(id);
                }
                _ => self.seq.push(u32::MAX),
            }
        });
        self.seq.push(u32::MAX);
    }

    pub fn tokens(&self) -> usize {
        self.seq.iter().filter(|&&x| x != u32::MAX).count()
    }

    /// Ids of the words seen at least `min_count` times, most frequent first (ties by spelling),
    /// at most `limit`.
    pub fn frequent(&self, min_count: u32, limit: usize) -> Vec<u32> {
        let mut order: Vec<u32> = (0..self.words.len() as u32)
            .filter(|&i| self.counts[i as usize] >= min_count)
            .collect();
        order.sort_by(|&a, &b| {
            self.counts[b as usize]
                .cmp(&self.counts[a as usize])
                .then_with(|| self.words[a as usize].cmp(&self.words[b as usize]))
        });
        order.truncate(limit);
        order
    }

    pub fn vocab_size(&self) -> usize {
        self.words.len()
    }

    pub fn count(&self, id: u32) -> u32 {
        self.counts[id as usize]
    }

    pub fn word(&self, id: u32) -> &str {
        &self.words[id as usize]
    }

    /// The corpus as word ids, `u32::MAX` between sentences/texts.
    pub fn sequence(&self) -> &[u32] {
        &self.seq
    }
}

/// xorshift64: small, seeded, the same on every platform.
pub(crate) struct Rng(u64);
impl Rng {
    pub(crate) fn new(seed: u64) -> Self {
        Rng(seed | 1)
    }

    /// Uniform in [0, 1).
    pub(crate) fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }

    pub(crate) fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
}

/// Cluster the corpus's frequent words. Deterministic for a given corpus and config.
pub fn build(corpus: &Corpus, cfg: &BuildConfig) -> Clusters {
    let order = corpus.frequent(cfg.min_count, cfg.vocab);
    let nctx = cfg.contexts.min(order.len());
    let mut vrow = vec![u32::MAX; corpus.words.len()];
    for (r, &w) in order.iter().enumerate() {
        vrow[w as usize] = r as u32;
    }
    // Context vectors: dims [0, nctx) = left neighbour, [nctx, 2 nctx) = right neighbour.
    let dim = 2 * nctx;
    let mut counts: Vec<HashMap<u32, f32>> = vec![HashMap::new(); order.len()];
    let seq = &corpus.seq;
    for i in 0..seq.len() {
        let w = seq[i];
        if w == u32::MAX {
            continue;
        }
        let r = vrow[w as usize];
        if r == u32::MAX {
            continue;
        }
        if i > 0 && seq[i - 1] != u32::MAX {
            let c = vrow[seq[i - 1] as usize];
            if (c as usize) < nctx {
                *counts[r as usize].entry(c).or_insert(0.0) += 1.0;
            }
        }
        if i + 1 < seq.len() && seq[i + 1] != u32::MAX {
            let c = vrow[seq[i + 1] as usize];
            if (c as usize) < nctx {
                *counts[r as usize].entry(nctx as u32 + c).or_insert(0.0) += 1.0;
            }
        }
    }
    let vecs: Vec<Vec<(u32, f32)>> = counts
        .into_iter()
        .map(|m| {
            let mut v: Vec<(u32, f32)> = m.into_iter().map(|(k, c)| (k, (1.0 + c).ln())).collect();
            v.sort_by_key(|x| x.0);
            let n = v.iter().map(|x| x.1 * x.1).sum::<f32>().sqrt().max(1e-9);
            v.iter_mut().for_each(|x| x.1 /= n);
            v
        })
        .collect();
    let coarse = kmeans(&vecs, dim, cfg.coarse, cfg.iterations, cfg.seed);
    let fine = kmeans(&vecs, dim, cfg.fine, cfg.iterations, cfg.seed ^ 0x5555);
    let mut out = Clusters::default();
    for (r, &w) in order.iter().enumerate() {
        out.insert(&corpus.words[w as usize], coarse[r], fine[r]);
    }
    out
}

/// A unit vector k-means can cluster: sparse `(dim, value)` pairs or a dense slice.
pub(crate) trait Point {
    fn dot(&self, row: &[f32]) -> f32;
    fn add_to(&self, row: &mut [f32]);
}

impl Point for Vec<(u32, f32)> {
    fn dot(&self, row: &[f32]) -> f32 {
        self.iter().map(|&(d, x)| row[d as usize] * x).sum()
    }
    fn add_to(&self, row: &mut [f32]) {
        for &(d, x) in self {
            row[d as usize] += x;
        }
    }
}

impl Point for &[f32] {
    fn dot(&self, row: &[f32]) -> f32 {
        self.iter().zip(row).map(|(a, b)| a * b).sum()
    }
    fn add_to(&self, row: &mut [f32]) {
        row.iter_mut().zip(self.iter()).for_each(|(a, b)| *a += b);
    }
}

/// Spherical k-means over unit vectors of `dim` dimensions; returns each vector's cluster.
pub(crate) fn kmeans<P: Point>(
    vecs: &[P],
    dim: usize,
    k: usize,
    iters: usize,
    seed: u64,
) -> Vec<u16> {
    let n = vecs.len();
    if n == 0 || dim == 0 {
        return vec![0; n];
    }
    let k = k.min(n).clamp(1, u16::MAX as usize - 2);
    let mut rng = Rng::new(seed);
    // Initial centroids: k distinct vectors, spread over the frequency ranking.
    let mut cent = vec![0f32; k * dim];
    for (c, row) in cent.chunks_mut(dim).enumerate() {
        let i = (c * n / k + (rng.next() as usize % (n / k).max(1))).min(n - 1);
        vecs[i].add_to(row);
    }
    let mut assign = vec![0u16; n];
    for _ in 0..iters {
        let mut changed = 0usize;
        for (i, v) in vecs.iter().enumerate() {
            let mut best = (f32::MIN, 0usize);
            for (c, row) in cent.chunks(dim).enumerate() {
                let s = v.dot(row);
                if s > best.0 {
                    best = (s, c);
                }
            }
            if assign[i] as usize != best.1 {
                changed += 1;
                assign[i] = best.1 as u16;
            }
        }
        cent.iter_mut().for_each(|x| *x = 0.0);
        for (v, &c) in vecs.iter().zip(&assign) {
            v.add_to(&mut cent[c as usize * dim..(c as usize + 1) * dim]);
        }
        for row in cent.chunks_mut(dim) {
            let nrm = row.iter().map(|x| x * x).sum::<f32>().sqrt();
            if nrm > 0.0 {
                row.iter_mut().for_each(|x| *x /= nrm);
            } else {
                // Empty cluster: reseed from a random vector.
                vecs[rng.next() as usize % n].add_to(row);
            }
        }
        if changed == 0 {
            break;
        }
    }
    assign
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn similar_contexts_cluster_together() {
        let mut c = Corpus::default();
        for _ in 0..20 {
            c.add_text("قال الرئيس بوتين اليوم . قال الرئيس ترامب اليوم . زار مدينة موسكو امس . زار مدينة باريس امس");
        }
        let cfg = BuildConfig {
            vocab: 100,
            contexts: 20,
            min_count: 1,
            coarse: 2,
            fine: 4,
            iterations: 10,
            seed: 1,
        };
        let cl = build(&c, &cfg);
        let g = |w: &str| cl.get(hstr(w)).unwrap();
        assert_eq!(g("بوتين").1, g("ترامب").1);
        assert_eq!(g("موسكو").1, g("باريس").1);
        assert_ne!(g("بوتين").1, g("موسكو").1);
        let back = Clusters::parse(&cl.to_tsv()).unwrap();
        assert_eq!(back.get(hstr("بوتين")), cl.get(hstr("بوتين")));
        assert!(Clusters::parse("x\t1\n").is_err());
    }

    #[test]
    fn second_clustering_round_trips() {
        let first = Clusters::parse("بوتين\t1\t2\nموسكو\t3\t4\n").unwrap();
        assert!(!first.has_second());
        let other = Clusters::parse("بوتين\t7\t70\nباريس\t8\t80\n").unwrap();
        let mut both = first.clone();
        both.set_second(&other);
        assert_eq!(both.second(hstr("بوتين")), Some((7, 70)));
        assert_eq!(both.second(hstr("موسكو")), None);
        let back = Clusters::parse(&both.to_tsv()).unwrap();
        assert_eq!(back.second(hstr("بوتين")), Some((7, 70)));
        assert_eq!(back.second(hstr("موسكو")), None);
        assert_eq!(back.get(hstr("موسكو")), Some((3, 4)));
        assert_eq!(back.to_tsv(), both.to_tsv());
        // Either every line has the second clustering or none.
        assert!(Clusters::parse("a\t1\t2\t3\t4\nb\t1\t2\n").is_err());
        assert!(Clusters::parse("a\t1\t2\nb\t1\t2\t3\t4\n").is_err());
    }
}
