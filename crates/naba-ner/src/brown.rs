//! Brown clusters (Brown et al. 1992) with Liang's windowed algorithm (Liang 2005): the words are
//! added in frequency order; whenever `C + 1` clusters are active, the two whose merge loses the
//! least mutual information between adjacent clusters are merged. Once every word has a cluster,
//! the `C` clusters are merged down to one, and the merge tree gives each cluster a bit path;
//! prefixes of the path are clusterings at every granularity.
//!
//! Written here: no maintained Rust crate implements it (the reference is Liang's C++
//! `wcluster`). Marginals are unigram counts, as in `wcluster`, so that adding a word or merging
//! two clusters changes each pair's merge loss by a few terms: every step costs `O(C²)`.

use crate::clusters::{Clusters, Corpus};
use rayon::prelude::*;

/// Settings of [`build`].
#[derive(Debug, Clone)]
pub struct BrownConfig {
    /// Words to cluster (the most frequent with at least `min_count` occurrences).
    pub vocab: usize,
    pub min_count: u32,
    /// Leaf clusters (`C`).
    pub clusters: usize,
}

/// Each clustered word (corpus id, most frequent first) and its cluster's bit path.
pub struct Paths {
    pub words: Vec<u32>,
    pub paths: Vec<String>,
}

impl Paths {
    /// `word<TAB>path` lines, most frequent word first.
    pub fn to_tsv(&self, corpus: &Corpus) -> String {
        let mut text = String::new();
        for (&w, p) in self.words.iter().zip(&self.paths) {
            text.push_str(corpus.word(w));
            text.push('\t');
            text.push_str(p);
            text.push('\n');
        }
        text
    }
}

struct State {
    /// Slots allocated (`C + 1`); `k` are active, `0..k`.
    m: usize,
    k: usize,
    /// Bigram counts between slots, `n[x * m + y]`: x then y.
    n: Vec<f64>,
    /// Unigram count of each slot.
    c: Vec<f64>,
    /// `q(x,y) + q(y,x)` for `x ≠ y`.
    q2: Vec<f64>,
    /// `q(x,x)`.
    qs: Vec<f64>,
    /// Merge loss of each pair, `l[s * m + t]` for `s < t`.
    l: Vec<f64>,
    inv_total: f64,
    ln_total: f64,
}

impl State {
    /// `p(x,y) log p(x,y) / (p(x) p(y))` from counts.
    #[inline]
    fn qf(&self, nxy: f64, cx: f64, cy: f64) -> f64 {
        if nxy <= 0.0 {
            0.0
        } else {
            nxy * self.inv_total * (nxy.ln() + self.ln_total - cx.ln() - cy.ln())
        }
    }

    #[inline]
    fn nn(&self, x: usize, y: usize) -> f64 {
        self.n[x * self.m + y]
    }

    /// How much cluster `y`'s bigrams with `s` and `t` change the loss of merging `s` and `t`.
    /// `lr_s = ln((c_s + c_t) / c_s)`: where only `s` has bigrams with `y`, merging only changes
    /// `s`'s marginal, which needs no logarithm per `y`.
    #[inline]
    fn contrib(&self, s: usize, t: usize, y: usize, lr_s: f64, lr_t: f64) -> f64 {
        let (sy, ys, ty, yt) = (self.nn(s, y), self.nn(y, s), self.nn(t, y), self.nn(y, t));
        let ns = sy + ys;
        let nt = ty + yt;
        if nt == 0.0 {
            ns * self.inv_total * lr_s
        } else if ns == 0.0 {
            nt * self.inv_total * lr_t
        } else {
            let cst = self.c[s] + self.c[t];
            let cy = self.c[y];
            self.q2[s * self.m + y] + self.q2[t * self.m + y]
                - self.qf(sy + ty, cst, cy)
                - self.qf(ys + yt, cy, cst)
        }
    }

    fn ratios(&self, s: usize, t: usize) -> (f64, f64) {
        let cst = self.c[s] + self.c[t];
        ((cst / self.c[s]).ln(), (cst / self.c[t]).ln())
    }

    /// Where the loss of the pair `{s, t}` is stored.
    #[inline]
    fn pair(&self, s: usize, t: usize) -> usize {
        s.min(t) * self.m + s.max(t)
    }

    /// Whether `y` has a bigram with `x` either way.
    #[inline]
    fn touches(&self, x: usize, y: usize) -> bool {
        self.nn(x, y) > 0.0 || self.nn(y, x) > 0.0
    }

    /// The loss of merging `s` and `t` from scratch: `O(k)`.
    fn full_loss(&self, s: usize, t: usize) -> f64 {
        let cst = self.c[s] + self.c[t];
        let merged_self = self.nn(s, s) + self.nn(s, t) + self.nn(t, s) + self.nn(t, t);
        let (lr_s, lr_t) = self.ratios(s, t);
        let mut sum =
            self.qs[s] + self.qs[t] + self.q2[s * self.m + t] - self.qf(merged_self, cst, cst);
        for y in 0..self.k {
            if y != s && y != t {
                sum += self.contrib(s, t, y, lr_s, lr_t);
            }
        }
        sum
    }

    /// Recompute `q2`/`qs` of slot `x` against every active slot.
    fn refresh_q(&mut self, x: usize) {
        let m = self.m;
        self.qs[x] = self.qf(self.nn(x, x), self.c[x], self.c[x]);
        for y in 0..self.k {
            if y != x {
                let v = self.qf(self.nn(x, y), self.c[x], self.c[y])
                    + self.qf(self.nn(y, x), self.c[y], self.c[x]);
                self.q2[x * m + y] = v;
                self.q2[y * m + x] = v;
            }
        }
    }

    /// Add `f(s, t)` to the loss of every active pair `s < t` for which `pick(s, t)`, in parallel
    /// over rows.
    fn update_pairs(
        &mut self,
        skip: &[usize],
        pick: impl Fn(&State, usize, usize) -> bool + Sync,
        f: impl Fn(&State, usize, usize) -> f64 + Sync,
    ) {
        let m = self.m;
        let k = self.k;
        let mut l = std::mem::take(&mut self.l);
        let me = &*self;
        l.par_chunks_mut(m)
            .take(k)
            .enumerate()
            .for_each(|(s, row)| {
                if skip.contains(&s) {
                    return;
                }
                for (t, cell) in row.iter_mut().enumerate().take(k).skip(s + 1) {
                    if !skip.contains(&t) && pick(me, s, t) {
                        *cell += f(me, s, t);
                    }
                }
            });
        self.l = l;
    }

    /// Fill the loss of every pair with `x`.
    fn fill_losses(&mut self, x: usize) {
        let k = self.k;
        let vals: Vec<f64> = (0..k)
            .into_par_iter()
            .map(|s| if s == x { 0.0 } else { self.full_loss(s, x) })
            .collect();
        for (s, v) in vals.into_iter().enumerate() {
            if s != x {
                let i = self.pair(s, x);
                self.l[i] = v;
            }
        }
    }

    /// The active pair of least loss (ties: the lowest slots).
    fn best_pair(&self) -> (usize, usize) {
        let m = self.m;
        let k = self.k;
        let rows: Vec<(f64, usize, usize)> = (0..k.saturating_sub(1))
            .into_par_iter()
            .map(|s| {
                let mut best = (f64::INFINITY, s, s + 1);
                for t in s + 1..k {
                    let v = self.l[s * m + t];
                    if v < best.0 {
                        best = (v, s, t);
                    }
                }
                best
            })
            .collect();
        let mut best = (f64::INFINITY, 0, 1);
        for r in rows {
            if r.0 < best.0 {
                best = r;
            }
        }
        (best.1, best.2)
    }

    /// Account for slot `z`, whose counts are new (a word just added, or two clusters just
    /// merged into it, their old terms already taken out): the cluster adds one term to the loss
    /// of every pair that neighbours it, and its own pairs are computed.
    fn account_new(&mut self, z: usize) {
        self.refresh_q(z);
        let touched = |st: &State, s: usize, t: usize| st.touches(s, z) || st.touches(t, z);
        self.update_pairs(&[z], touched, |st, s, t| {
            let (lr_s, lr_t) = st.ratios(s, t);
            st.contrib(s, t, z, lr_s, lr_t)
        });
        self.fill_losses(z);
    }

    /// Merge slot `b` into slot `a` (`a < b`); the last active slot moves into `b`. Returns the
    /// slot that moved (`k - 1` before the merge) so the caller can follow it.
    fn merge(&mut self, a: usize, b: usize) -> usize {
        let m = self.m;
        // Old contributions of a and b to every other pair.
        let touched = |st: &State, s: usize, t: usize| {
            st.touches(s, a) || st.touches(s, b) || st.touches(t, a) || st.touches(t, b)
        };
        self.update_pairs(&[a, b], touched, |st, s, t| {
            let (lr_s, lr_t) = st.ratios(s, t);
            -st.contrib(s, t, a, lr_s, lr_t) - st.contrib(s, t, b, lr_s, lr_t)
        });
        // Fold b into a.
        let k = self.k;
        let bb = self.nn(b, b);
        let ab = self.nn(a, b);
        let ba = self.nn(b, a);
        for y in 0..k {
            if y != a && y != b {
                self.n[a * m + y] += self.n[b * m + y];
                self.n[y * m + a] += self.n[y * m + b];
            }
        }
        self.n[a * m + a] += ab + ba + bb;
        self.c[a] += self.c[b];
        // Move the last slot into b.
        let last = k - 1;
        if b != last {
            for y in 0..k {
                self.n[b * m + y] = self.n[last * m + y];
                self.n[y * m + b] = self.n[y * m + last];
                self.q2[b * m + y] = self.q2[last * m + y];
                self.q2[y * m + b] = self.q2[y * m + last];
            }
            self.n[b * m + b] = self.n[last * m + last];
            self.c[b] = self.c[last];
            self.qs[b] = self.qs[last];
            for y in 0..k {
                if y != b && y != last {
                    let (from, to) = (self.pair(y, last), self.pair(y, b));
                    self.l[to] = self.l[from];
                }
            }
        }
        for y in 0..m {
            self.n[last * m + y] = 0.0;
            self.n[y * m + last] = 0.0;
        }
        self.k -= 1;
        // a < b ≤ last, so a did not move; it now holds the merged cluster's counts.
        self.account_new(a);
        last
    }
}

/// Cluster the corpus's frequent words; `progress(words_added)` is called now and then.
pub fn build_paths(corpus: &Corpus, cfg: &BrownConfig, mut progress: impl FnMut(usize)) -> Paths {
    let order = corpus.frequent(cfg.min_count, cfg.vocab);
    let v = order.len();
    let mut rank = vec![u32::MAX; corpus.vocab_size()];
    for (r, &w) in order.iter().enumerate() {
        rank[w as usize] = r as u32;
    }
    // Bigrams by rank: each word's right neighbours and left neighbours (other than itself).
    let mut pairs: Vec<(u32, u32)> = Vec::new();
    let seq = corpus.sequence();
    for w in seq.windows(2) {
        if w[0] == u32::MAX || w[1] == u32::MAX {
            continue;
        }
        let (x, y) = (rank[w[0] as usize], rank[w[1] as usize]);
        if x != u32::MAX && y != u32::MAX {
            pairs.push((x, y));
        }
    }
    let total: f64 = order.iter().map(|&w| corpus.count(w) as f64).sum();
    let right = neighbours(&pairs, v, false);
    let left = neighbours(&pairs, v, true);
    drop(pairs);

    let c = cfg.clusters.max(2);
    let m = c + 1;
    let mut st = State {
        m,
        k: 0,
        n: vec![0.0; m * m],
        c: vec![0.0; m],
        q2: vec![0.0; m * m],
        qs: vec![0.0; m],
        l: vec![0.0; m * m],
        inv_total: 1.0 / total.max(1.0),
        ln_total: total.max(1.0).ln(),
    };
    // Union-find over ranks; the root of each active cluster and the slot of each root.
    let mut parent: Vec<u32> = (0..v as u32).collect();
    let mut slot_root: Vec<u32> = vec![0; m];
    let mut root_slot: Vec<u32> = vec![u32::MAX; v];
    fn find(parent: &mut [u32], mut x: u32) -> u32 {
        while parent[x as usize] != x {
            let p = parent[parent[x as usize] as usize];
            parent[x as usize] = p;
            x = p;
        }
        x
    }

    for r in 0..v {
        // Add word r as a new slot z.
        let z = st.k;
        st.k += 1;
        st.c[z] = corpus.count(order[r]) as f64;
        for &(y, cnt) in &right[r] {
            let sy = if y as usize == r {
                z
            } else if (y as usize) < r {
                root_slot[find(&mut parent, y) as usize] as usize
            } else {
                continue;
            };
            st.n[z * m + sy] += cnt as f64;
        }
        for &(y, cnt) in &left[r] {
            if (y as usize) < r {
                let sy = root_slot[find(&mut parent, y) as usize] as usize;
                st.n[sy * m + z] += cnt as f64;
            }
        }
        slot_root[z] = r as u32;
        root_slot[r] = z as u32;
        st.account_new(z);
        if st.k > c {
            let (a, b) = st.best_pair();
            let (ra, rb) = (slot_root[a], slot_root[b]);
            parent[rb as usize] = ra;
            let moved = st.merge(a, b);
            if moved != b {
                slot_root[b] = slot_root[moved];
                root_slot[slot_root[b] as usize] = b as u32;
            }
        }
        if r % 5000 == 4999 {
            progress(r + 1);
        }
    }

    // Each word's leaf; then merge the leaves down to one, recording the tree.
    let leaves = st.k;
    let leaf_of: Vec<usize> = (0..v as u32)
        .map(|r| {
            let root = find(&mut parent, r);
            root_slot[root as usize] as usize
        })
        .collect();
    let mut node: Vec<usize> = (0..leaves).collect();
    let mut children: Vec<(usize, usize)> = vec![(usize::MAX, usize::MAX); leaves];
    while st.k > 1 {
        let (a, b) = st.best_pair();
        let id = children.len();
        children.push((node[a], node[b]));
        let moved = st.merge(a, b);
        node[a] = id;
        if moved != b {
            node[b] = node[moved];
        }
    }
    // Paths from the root: left child 0, right child 1.
    let mut path_of = vec![String::new(); children.len()];
    if !children.is_empty() {
        let root = children.len() - 1;
        let mut stack = vec![root];
        while let Some(x) = stack.pop() {
            let (l, r) = children[x];
            if l != usize::MAX {
                path_of[l] = format!("{}0", path_of[x]);
                path_of[r] = format!("{}1", path_of[x]);
                stack.push(l);
                stack.push(r);
            }
        }
    }
    let paths = leaf_of.iter().map(|&s| path_of[s].clone()).collect();
    Paths {
        words: order,
        paths,
    }
}

/// Per word, its neighbour counts (right neighbours, or left ones when `left`), sorted.
fn neighbours(pairs: &[(u32, u32)], v: usize, left: bool) -> Vec<Vec<(u32, u32)>> {
    let mut out: Vec<Vec<(u32, u32)>> = vec![Vec::new(); v];
    let mut sorted: Vec<(u32, u32)> = pairs
        .iter()
        .map(|&(x, y)| if left { (y, x) } else { (x, y) })
        .collect();
    sorted.sort_unstable();
    for g in sorted.chunk_by(|a, b| a == b) {
        out[g[0].0 as usize].push((g[0].1, g.len() as u32));
    }
    out
}

/// A path's first `bits` bits as a number, with a leading 1 so that prefixes of different
/// lengths differ (`bits ≤ 15`).
pub fn prefix_id(path: &str, bits: usize) -> u16 {
    let mut id = 1u16;
    for ch in path.bytes().take(bits.min(15)) {
        id = (id << 1) | u16::from(ch == b'1');
    }
    id
}

/// Brown clusters as a [`Clusters`] table: coarse = the path's first `coarse_bits` bits, fine =
/// the leaf (the whole path, numbered).
pub fn build(
    corpus: &Corpus,
    cfg: &BrownConfig,
    coarse_bits: usize,
    progress: impl FnMut(usize),
) -> (Clusters, Paths) {
    let p = build_paths(corpus, cfg, progress);
    let mut leaf_ids: std::collections::HashMap<&str, u16> = Default::default();
    let mut out = Clusters::default();
    for (&w, path) in p.words.iter().zip(&p.paths) {
        let n = leaf_ids.len() as u16;
        let leaf = *leaf_ids.entry(path.as_str()).or_insert(n);
        out.insert(corpus.word(w), prefix_id(path, coarse_bits), leaf);
    }
    (out, p)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_leaf_gets_a_distinct_path() {
        let mut c = Corpus::default();
        for i in 0..30 {
            c.add_text(&format!(
                "قال الرئيس بوتين اليوم في موسكو . زار الوزير لافروف مدينة باريس امس {i} . قال وزير الخارجية ترامب في واشنطن"
            ));
        }
        let cfg = BrownConfig {
            vocab: 100,
            min_count: 1,
            clusters: 6,
        };
        let p = build_paths(&c, &cfg, |_| {});
        assert_eq!(p.words.len(), p.paths.len());
        let distinct: std::collections::HashSet<&String> = p.paths.iter().collect();
        assert_eq!(distinct.len(), 6);
        let path = |w: &str| {
            let i = p.words.iter().position(|&x| c.word(x) == w).unwrap();
            p.paths[i].clone()
        };
        // Frequent function words and names do not share a leaf.
        assert_ne!(path("بوتين"), path("في"));
        assert_eq!(prefix_id("0110", 2), 0b101);
        assert_eq!(prefix_id("0110", 9), 0b10110);
    }

    /// The merge losses kept up to date step by step equal the losses computed from scratch.
    #[test]
    fn incremental_losses_match_from_scratch() {
        // Random counts; after each step compare stored and recomputed losses.
        let mut st = State {
            m: 6,
            k: 0,
            n: vec![0.0; 36],
            c: vec![0.0; 6],
            q2: vec![0.0; 36],
            qs: vec![0.0; 6],
            l: vec![0.0; 36],
            inv_total: 1.0 / 200.0,
            ln_total: 200f64.ln(),
        };
        let mut rng = crate::clusters::Rng::new(3);
        for step in 0..12 {
            let z = st.k;
            st.k += 1;
            st.c[z] = 10.0 + (rng.next() % 20) as f64;
            for y in 0..=z {
                if !rng.next().is_multiple_of(3) {
                    st.n[z * 6 + y] = (rng.next() % 5) as f64;
                }
                if y != z && !rng.next().is_multiple_of(3) {
                    st.n[y * 6 + z] = (rng.next() % 5) as f64;
                }
            }
            st.account_new(z);
            if st.k > 5 {
                let (a, b) = st.best_pair();
                st.merge(a, b);
            }
            for s in 0..st.k {
                for t in s + 1..st.k {
                    let want = st.full_loss(s, t);
                    let got = st.l[s * 6 + t];
                    assert!(
                        (want - got).abs() < 1e-9,
                        "step {step} ({s},{t}): {got} vs {want}"
                    );
                }
            }
        }
    }
}
