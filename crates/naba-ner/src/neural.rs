//! A small neural tagger whose scores are added to the perceptron's (Lample et al. 2016's
//! BiLSTM-CRF, sized for a CPU): each word is its skip-gram vector (fixed, learned by naba
//! from news, [`crate::embed`]), a character CNN over its normalized letters (Ma & Hovy 2016),
//! and its gazetteer bits; a bidirectional LSTM reads the sentence, a linear layer gives
//! per-tag scores and a CRF (IOB2-constrained) is trained over them.
//!
//! Written here rather than taken from a crate: the Rust deep-learning crates (candle, burn,
//! tch) bring a tensor runtime, or libtorch, for one 300 k-parameter network whose forward and
//! backward passes are a few hundred lines. The gradients are checked against finite
//! differences in the tests. Training is deterministic: a mini-batch is split over threads in
//! a fixed way and their gradients are summed in a fixed order.

use crate::feats::{hstr, IdMap, TokInfo};
use crate::model::{allowed, ModelError, Reader};
use crate::NTAGS;

/// Gazetteer bits given to the network (the low bits of [`TokInfo::gaz`]).
pub const GAZ_INPUTS: usize = 8;
/// Extra inputs: the gazetteer bits, then "the word has no vector".
const EXTRA: usize = GAZ_INPUTS + 1;
/// Character embedding rows (characters are hashed into them; row 1 marks the word's ends).
const CHAR_ROWS: usize = 512;
/// Longest word the character CNN reads (in characters).
const MAX_CHARS: usize = 24;
/// Width of the character convolution.
const WIDTH: usize = 3;

/// Fixed word vectors keyed by the hash of the search-normalized word. Each vector is kept as
/// 8-bit integers times a per-word scale (a quarter of the size in the model file), and the
/// network is trained on those same values.
#[derive(Debug, Clone, Default)]
pub struct Vectors {
    dim: usize,
    rows: IdMap<u32>,
    /// Per row: key, scale, quantized values (what the model file stores).
    keys: Vec<u64>,
    scales: Vec<f32>,
    q: Vec<i8>,
    data: Vec<f32>,
}

impl Vectors {
    /// Read word2vec text format (`count dim` header, then `word v1 … vdim`), keeping the
    /// first `max` words. Words are search-normalized; the first of two that normalize alike
    /// wins.
    pub fn parse(text: &str, max: usize) -> Result<Self, String> {
        let mut lines = text.lines();
        let head = lines.next().ok_or("empty vectors file")?;
        let dim: usize = head
            .split_whitespace()
            .nth(1)
            .and_then(|d| d.parse().ok())
            .filter(|&d| d > 0 && d <= 4096)
            .ok_or_else(|| format!("bad vectors header {head:?} (expected `count dim`)"))?;
        let mut v = Vectors {
            dim,
            ..Default::default()
        };
        for (n, line) in lines.enumerate() {
            if v.rows.len() >= max {
                break;
            }
            let mut it = line.split(' ');
            let Some(word) = it.next().filter(|w| !w.is_empty()) else {
                continue;
            };
            let start = v.data.len();
            for x in it.filter(|x| !x.is_empty()) {
                let x: f32 = x
                    .parse()
                    .map_err(|_| format!("vectors line {}: bad number {x:?}", n + 2))?;
                v.data.push(x);
            }
            if v.data.len() - start != dim {
                return Err(format!(
                    "vectors line {}: {} numbers, expected {dim}",
                    n + 2,
                    v.data.len() - start
                ));
            }
            let key = hstr(&naba_arabic::normalize(word, &naba_arabic::Profile::SEARCH));
            let row = (start / dim) as u32;
            match v.rows.entry(key) {
                std::collections::hash_map::Entry::Occupied(_) => v.data.truncate(start),
                std::collections::hash_map::Entry::Vacant(e) => {
                    e.insert(row);
                    let x = &mut v.data[start..];
                    let scale = x.iter().fold(0f32, |m, a| m.max(a.abs())) / 127.0;
                    v.keys.push(key);
                    v.scales.push(scale);
                    for a in x {
                        let q = if scale > 0.0 {
                            (*a / scale).round().clamp(-127.0, 127.0) as i8
                        } else {
                            0
                        };
                        v.q.push(q);
                        *a = f32::from(q) * scale;
                    }
                }
            }
        }
        Ok(v)
    }

    pub fn dim(&self) -> usize {
        self.dim
    }

    pub fn len(&self) -> usize {
        self.rows.len()
    }

    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    fn write(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(&(self.dim as u32).to_le_bytes());
        out.extend_from_slice(&(self.keys.len() as u32).to_le_bytes());
        for (r, (&k, &s)) in self.keys.iter().zip(&self.scales).enumerate() {
            out.extend_from_slice(&k.to_le_bytes());
            out.extend_from_slice(&s.to_le_bytes());
            out.extend(
                self.q[r * self.dim..(r + 1) * self.dim]
                    .iter()
                    .map(|&q| q as u8),
            );
        }
    }

    fn read(r: &mut Reader) -> Result<Self, ModelError> {
        let dim = r.u32()? as usize;
        let n = r.u32()? as usize;
        if dim == 0 || dim > 4096 || n.saturating_mul(dim + 12) > r.b.len() - r.pos {
            return Err(corrupt("word vectors"));
        }
        let mut v = Vectors {
            dim,
            ..Default::default()
        };
        for row in 0..n {
            let key = r.u64()?;
            let scale = r.f32()?;
            let q = r.take(dim)?;
            if v.rows.insert(key, row as u32).is_some() {
                return Err(corrupt("duplicate word vector"));
            }
            v.keys.push(key);
            v.scales.push(scale);
            v.q.extend(q.iter().map(|&b| b as i8));
            v.data.extend(q.iter().map(|&b| f32::from(b as i8) * scale));
        }
        Ok(v)
    }

    fn get(&self, key: u64) -> Option<&[f32]> {
        let r = *self.rows.get(&key)? as usize;
        Some(&self.data[r * self.dim..(r + 1) * self.dim])
    }
}

/// Sizes and training settings of the network.
#[derive(Debug, Clone, PartialEq)]
pub struct NeuralConfig {
    pub hidden: usize,
    pub char_dim: usize,
    pub filters: usize,
    pub epochs: usize,
    pub lr: f32,
    /// Largest gradient norm of a mini-batch.
    pub clip: f32,
    pub batch: usize,
    pub dropout: f32,
    pub seed: u64,
    pub threads: usize,
}

impl Default for NeuralConfig {
    fn default() -> Self {
        NeuralConfig {
            hidden: 128,
            char_dim: 32,
            filters: 64,
            epochs: 25,
            lr: 2e-3,
            clip: 5.0,
            batch: 16,
            dropout: 0.5,
            seed: 1,
            threads: 2,
        }
    }
}

/// Where each parameter block lives in the flat parameter vector.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Layout {
    /// Word vector size, input size (vector + filters + extras), hidden size, char dim, filters.
    wd: usize,
    x: usize,
    h: usize,
    cd: usize,
    nf: usize,
    chars: usize,
    conv: usize,
    conv_b: usize,
    /// Forward LSTM (input weights `4h × x`, recurrent `4h × h`, bias `4h`), then backward.
    lstm: [Lstm; 2],
    out: usize,
    out_b: usize,
    trans: usize,
    total: usize,
}

#[derive(Debug, Clone, Copy, PartialEq)]
struct Lstm {
    wx: usize,
    wh: usize,
    b: usize,
}

impl Layout {
    fn new(wd: usize, h: usize, cd: usize, nf: usize) -> Self {
        let x = wd + nf + EXTRA;
        let mut at = 0;
        let mut take = |n: usize| {
            let o = at;
            at += n;
            o
        };
        let chars = take(CHAR_ROWS * cd);
        let conv = take(nf * WIDTH * cd);
        let conv_b = take(nf);
        let mut lstm = [Lstm { wx: 0, wh: 0, b: 0 }; 2];
        for l in &mut lstm {
            l.wx = take(4 * h * x);
            l.wh = take(4 * h * h);
            l.b = take(4 * h);
        }
        let out = take(NTAGS * 2 * h);
        let out_b = take(NTAGS);
        let trans = take((NTAGS + 1) * NTAGS);
        Layout {
            wd,
            x,
            h,
            cd,
            nf,
            chars,
            conv,
            conv_b,
            lstm,
            out,
            out_b,
            trans,
            total: take(0),
        }
    }
}

/// One sentence, encoded for the network.
#[derive(Debug, Clone)]
pub struct Sample {
    /// Per token: the word vector's key (normalized word; then its clitic-stripped base).
    keys: Vec<(u64, u64)>,
    /// Per token: character rows, the word's ends marked.
    chars: Vec<Vec<u16>>,
    gaz: Vec<u8>,
    /// Gold tags (empty when tagging).
    gold: Vec<u8>,
}

impl Sample {
    /// Encode a sentence: `tokens` as written, `infos` their attributes ([`crate::feats`]).
    pub fn new(tokens: &[&str], infos: &[TokInfo]) -> Self {
        let mut norm = String::new();
        let chars = tokens
            .iter()
            .map(|t| {
                norm.clear();
                naba_arabic::normalize::normalize_into(t, &naba_arabic::Profile::SEARCH, &mut norm);
                let mut c = vec![1u16];
                c.extend(norm.chars().take(MAX_CHARS).map(char_row));
                c.push(1);
                // Row 0 pads a word that normalizes to nothing (e.g. a lone diacritic) up to
                // the convolution's width.
                c.resize(c.len().max(WIDTH), 0);
                c
            })
            .collect();
        Sample {
            keys: infos.iter().map(|i| (i.w, i.b)).collect(),
            chars,
            gaz: infos.iter().map(|i| i.gaz).collect(),
            gold: Vec::new(),
        }
    }

    /// With gold tags; an `I-X` that does not continue an `X` becomes `B-X` (ANERcorp has a
    /// few, and the CRF gives them no probability).
    pub fn with_gold(mut self, gold: &[u8]) -> Self {
        let mut g = gold.to_vec();
        let mut prev = NTAGS;
        for t in &mut g {
            if !allowed(prev, *t as usize) {
                *t -= 1;
            }
            prev = *t as usize;
        }
        self.gold = g;
        self
    }

    pub fn len(&self) -> usize {
        self.keys.len()
    }

    pub fn is_empty(&self) -> bool {
        self.keys.is_empty()
    }
}

fn char_row(c: char) -> u16 {
    let h = (c as u64).wrapping_mul(0x9e37_79b9_7f4a_7c15) >> 40;
    2 + (h % (CHAR_ROWS as u64 - 2)) as u16
}

/// A trained network and the word vectors it reads.
#[derive(Debug, Clone)]
pub struct Network {
    layout: Layout,
    params: Vec<f32>,
    vectors: Vectors,
}

/// What the forward pass keeps for the backward pass.
#[derive(Debug, Default, Clone)]
pub struct Tape {
    /// Inputs after dropout (`n × x`) and their dropout scale (0 or 1/(1-p); empty: none).
    xs: Vec<f32>,
    xmask: Vec<f32>,
    /// Winning window of each filter per token (`n × nf`).
    arg: Vec<u16>,
    /// Per direction: gate activations `n × 4h` (i, f, g, o), cells and outputs `n × h`.
    gates: [Vec<f32>; 2],
    cells: [Vec<f32>; 2],
    hs: [Vec<f32>; 2],
    /// Both directions' outputs after dropout (`n × 2h`) and the dropout scale.
    hcat: Vec<f32>,
    hmask: Vec<f32>,
    emit: Vec<f32>,
}

/// Small deterministic generator (splitmix64).
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
    fn unit(&mut self) -> f32 {
        (self.next() >> 40) as f32 / (1u64 << 24) as f32
    }
}

fn corrupt(what: &str) -> ModelError {
    ModelError::Corrupt(format!("neural tagger: bad {what}"))
}

#[inline]
fn dot(a: &[f32], b: &[f32]) -> f32 {
    // Eight partial sums so the loop vectorizes.
    let mut acc = [0f32; 8];
    let (ac, ar) = a.split_at(a.len() / 8 * 8);
    let (bc, br) = b.split_at(ac.len());
    for (x, y) in ac.chunks_exact(8).zip(bc.chunks_exact(8)) {
        for k in 0..8 {
            acc[k] += x[k] * y[k];
        }
    }
    let mut s: f32 = acc.iter().sum();
    for (x, y) in ar.iter().zip(br) {
        s += x * y;
    }
    s
}

#[inline]
fn axpy(y: &mut [f32], a: f32, x: &[f32]) {
    for (y, x) in y.iter_mut().zip(x) {
        *y += a * x;
    }
}

#[inline]
fn sigmoid(x: f32) -> f32 {
    1.0 / (1.0 + (-x).exp())
}

impl Network {
    /// A network with random weights for `vectors`.
    pub fn new(vectors: Vectors, cfg: &NeuralConfig) -> Self {
        let layout = Layout::new(vectors.dim(), cfg.hidden, cfg.char_dim, cfg.filters);
        let mut rng = Rng(cfg.seed ^ 0x6e65_7572_616c);
        let mut params = vec![0f32; layout.total];
        let mut fill = |from: usize, n: usize, fan_in: usize, fan_out: usize| {
            // Glorot uniform.
            let a = (6.0 / (fan_in + fan_out) as f32).sqrt();
            for p in &mut params[from..from + n] {
                *p = (rng.unit() * 2.0 - 1.0) * a;
            }
        };
        let l = layout;
        fill(l.chars, CHAR_ROWS * l.cd, l.cd, l.cd);
        fill(l.conv, l.nf * WIDTH * l.cd, WIDTH * l.cd, l.nf);
        for s in l.lstm {
            fill(s.wx, 4 * l.h * l.x, l.x, l.h);
            fill(s.wh, 4 * l.h * l.h, l.h, l.h);
        }
        fill(l.out, NTAGS * 2 * l.h, 2 * l.h, NTAGS);
        for s in l.lstm {
            // Forget gates start open.
            params[s.b + l.h..s.b + 2 * l.h].fill(1.0);
        }
        Network {
            layout,
            params,
            vectors,
        }
    }

    /// The network as bytes: sizes, word vectors, then the parameters (`f32`).
    pub fn to_bytes(&self) -> Vec<u8> {
        let l = &self.layout;
        let mut out = Vec::new();
        for d in [l.h, l.cd, l.nf, GAZ_INPUTS] {
            out.extend_from_slice(&(d as u32).to_le_bytes());
        }
        self.vectors.write(&mut out);
        out.extend_from_slice(&(self.params.len() as u32).to_le_bytes());
        for p in &self.params {
            out.extend_from_slice(&p.to_le_bytes());
        }
        out
    }

    /// A network from [`Network::to_bytes`]'s output (sizes and lengths checked).
    pub(crate) fn read(r: &mut Reader) -> Result<Self, ModelError> {
        let mut dims = [0usize; 4];
        for d in &mut dims {
            *d = r.u32()? as usize;
        }
        let [h, cd, nf, gaz] = dims;
        if gaz != GAZ_INPUTS || !(1..=1024).contains(&h) || cd > 256 || !(1..=1024).contains(&nf) {
            return Err(corrupt("sizes"));
        }
        let vectors = Vectors::read(r)?;
        let layout = Layout::new(vectors.dim, h, cd, nf);
        if r.u32()? as usize != layout.total {
            return Err(corrupt("parameter count"));
        }
        let bytes = r.take(layout.total.saturating_mul(4))?;
        let params: Vec<f32> = bytes
            .chunks_exact(4)
            .map(|c| f32::from_le_bytes([c[0], c[1], c[2], c[3]]))
            .collect();
        if params.iter().any(|p| !p.is_finite()) {
            return Err(corrupt("parameters"));
        }
        Ok(Network {
            layout,
            params,
            vectors,
        })
    }

    /// [`Network::read`] over a whole byte slice.
    pub fn from_bytes(b: &[u8]) -> Result<Self, ModelError> {
        let mut r = Reader { b, pos: 0 };
        let n = Self::read(&mut r)?;
        if r.pos != b.len() {
            return Err(corrupt("trailing bytes"));
        }
        Ok(n)
    }

    /// Number of parameters.
    pub fn parameters(&self) -> usize {
        self.params.len()
    }

    /// The network's tag transitions (`(NTAGS + 1) × NTAGS`, last row: sentence start).
    pub fn transitions(&self) -> &[f32] {
        &self.params[self.layout.trans..self.layout.trans + (NTAGS + 1) * NTAGS]
    }

    /// Emission scores (`n × NTAGS`) of a sentence.
    pub fn emissions(&self, s: &Sample, tape: &mut Tape) -> Vec<f32> {
        self.forward(&self.params, s, tape, 0.0, 0);
        tape.emit.clone()
    }

    /// Tag a sentence with the network alone (constrained Viterbi).
    pub fn tag(&self, s: &Sample, tape: &mut Tape) -> Vec<u8> {
        if s.is_empty() {
            return Vec::new();
        }
        let e = self.emissions(s, tape);
        crate::model::viterbi(&e, self.transitions(), s.len(), &mut Vec::new())
    }

    /// Mean absolute emission score over some sentences (to scale the network against the
    /// perceptron).
    pub fn scale(&self, samples: &[Sample]) -> f32 {
        let mut tape = Tape::default();
        let (mut sum, mut n) = (0f64, 0usize);
        for s in samples {
            for e in self.emissions(s, &mut tape) {
                sum += f64::from(e.abs());
                n += 1;
            }
        }
        if n == 0 {
            0.0
        } else {
            (sum / n as f64) as f32
        }
    }

    /// Forward pass with parameters `p` (dropout `drop` > 0 only in training, masks drawn
    /// from `seed`); the emissions end in `tape.emit`.
    fn forward(&self, p: &[f32], s: &Sample, t: &mut Tape, drop: f32, seed: u64) {
        let l = &self.layout;
        let n = s.len();
        let (x, h, cd, nf, wd) = (l.x, l.h, l.cd, l.nf, l.wd);
        let mut rng = Rng(seed);
        let mut mask = |m: &mut Vec<f32>, len: usize| {
            m.clear();
            if drop > 0.0 {
                let keep = 1.0 / (1.0 - drop);
                m.extend((0..len).map(|_| if rng.unit() < drop { 0.0 } else { keep }));
            }
        };
        // Inputs.
        t.xs.clear();
        t.xs.resize(n * x, 0.0);
        t.arg.clear();
        t.arg.resize(n * nf, 0);
        for i in 0..n {
            let row = &mut t.xs[i * x..(i + 1) * x];
            let (k, b) = s.keys[i];
            match self.vectors.get(k).or_else(|| self.vectors.get(b)) {
                Some(v) => row[..wd].copy_from_slice(v),
                None => row[wd + nf + GAZ_INPUTS] = 1.0,
            }
            for g in 0..GAZ_INPUTS {
                if s.gaz[i] >> g & 1 == 1 {
                    row[wd + nf + g] = 1.0;
                }
            }
            let cs = &s.chars[i];
            let conv_b = &p[l.conv_b..l.conv_b + nf];
            for f in 0..nf {
                let w = &p[l.conv + f * WIDTH * cd..l.conv + (f + 1) * WIDTH * cd];
                let mut best = (f32::NEG_INFINITY, 0u16);
                for pos in 0..=cs.len() - WIDTH {
                    let mut v = conv_b[f];
                    for k in 0..WIDTH {
                        let c = l.chars + cs[pos + k] as usize * cd;
                        v += dot(&w[k * cd..(k + 1) * cd], &p[c..c + cd]);
                    }
                    if v > best.0 {
                        best = (v, pos as u16);
                    }
                }
                row[wd + f] = best.0;
                t.arg[i * nf + f] = best.1;
            }
        }
        mask(&mut t.xmask, n * x);
        if !t.xmask.is_empty() {
            t.xs.iter_mut().zip(&t.xmask).for_each(|(a, m)| *a *= m);
        }
        // The two LSTMs.
        for (dir, st) in l.lstm.iter().enumerate() {
            let gates = &mut t.gates[dir];
            let cells = &mut t.cells[dir];
            let hs = &mut t.hs[dir];
            gates.clear();
            gates.resize(n * 4 * h, 0.0);
            cells.clear();
            cells.resize(n * h, 0.0);
            hs.clear();
            hs.resize(n * h, 0.0);
            let zero = vec![0f32; h];
            for step in 0..n {
                let i = if dir == 0 { step } else { n - 1 - step };
                let prev = if step == 0 {
                    None
                } else if dir == 0 {
                    Some(i - 1)
                } else {
                    Some(i + 1)
                };
                let xi = &t.xs[i * x..(i + 1) * x];
                let hp: Vec<f32> =
                    prev.map_or_else(|| zero.clone(), |q| hs[q * h..(q + 1) * h].to_vec());
                let g = &mut gates[i * 4 * h..(i + 1) * 4 * h];
                for j in 0..4 * h {
                    let mut a = p[st.b + j];
                    a += dot(&p[st.wx + j * x..st.wx + (j + 1) * x], xi);
                    a += dot(&p[st.wh + j * h..st.wh + (j + 1) * h], &hp);
                    g[j] = if (2 * h..3 * h).contains(&j) {
                        a.tanh()
                    } else {
                        sigmoid(a)
                    };
                }
                for j in 0..h {
                    let cp = prev.map_or(0.0, |q| cells[q * h + j]);
                    let c = g[h + j] * cp + g[j] * g[2 * h + j];
                    cells[i * h + j] = c;
                    hs[i * h + j] = g[3 * h + j] * c.tanh();
                }
            }
        }
        // Output layer.
        t.hcat.clear();
        t.hcat.resize(n * 2 * h, 0.0);
        for i in 0..n {
            t.hcat[i * 2 * h..i * 2 * h + h].copy_from_slice(&t.hs[0][i * h..(i + 1) * h]);
            t.hcat[i * 2 * h + h..(i + 1) * 2 * h].copy_from_slice(&t.hs[1][i * h..(i + 1) * h]);
        }
        mask(&mut t.hmask, n * 2 * h);
        if !t.hmask.is_empty() {
            t.hcat.iter_mut().zip(&t.hmask).for_each(|(a, m)| *a *= m);
        }
        t.emit.clear();
        t.emit.resize(n * NTAGS, 0.0);
        for i in 0..n {
            let hc = &t.hcat[i * 2 * h..(i + 1) * 2 * h];
            for k in 0..NTAGS {
                t.emit[i * NTAGS + k] =
                    p[l.out_b + k] + dot(&p[l.out + k * 2 * h..l.out + (k + 1) * 2 * h], hc);
            }
        }
    }

    /// CRF loss of the sentence's gold tags after a forward pass, with its gradients added
    /// to `g` (scaled by `w`). Returns the loss.
    fn backward(&self, p: &[f32], s: &Sample, t: &Tape, g: &mut [f32], w: f32) -> f32 {
        let l = &self.layout;
        let n = s.len();
        let (x, h, cd, nf, wd) = (l.x, l.h, l.cd, l.nf, l.wd);
        // CRF: d loss / d emission = marginal − gold; transitions likewise.
        let trans = &p[l.trans..l.trans + (NTAGS + 1) * NTAGS];
        let (loss, demit, dtrans) = crf_grad(&t.emit, trans, &s.gold, n);
        axpy(&mut g[l.trans..l.trans + (NTAGS + 1) * NTAGS], w, &dtrans);
        // Output layer.
        let mut dh = vec![0f32; n * 2 * h];
        for i in 0..n {
            let hc = &t.hcat[i * 2 * h..(i + 1) * 2 * h];
            for k in 0..NTAGS {
                let d = demit[i * NTAGS + k] * w;
                if d == 0.0 {
                    continue;
                }
                g[l.out_b + k] += d;
                axpy(&mut g[l.out + k * 2 * h..l.out + (k + 1) * 2 * h], d, hc);
                axpy(
                    &mut dh[i * 2 * h..(i + 1) * 2 * h],
                    d,
                    &p[l.out + k * 2 * h..l.out + (k + 1) * 2 * h],
                );
            }
        }
        if !t.hmask.is_empty() {
            dh.iter_mut().zip(&t.hmask).for_each(|(a, m)| *a *= m);
        }
        // The LSTMs, backwards through time.
        let mut dx = vec![0f32; n * x];
        let mut da = vec![0f32; 4 * h];
        for (dir, st) in l.lstm.iter().enumerate() {
            let gates = &t.gates[dir];
            let cells = &t.cells[dir];
            let hs = &t.hs[dir];
            let mut dh_next = vec![0f32; h];
            let mut dc_next = vec![0f32; h];
            for step in (0..n).rev() {
                let i = if dir == 0 { step } else { n - 1 - step };
                let prev = if step == 0 {
                    None
                } else if dir == 0 {
                    Some(i - 1)
                } else {
                    Some(i + 1)
                };
                let gi = &gates[i * 4 * h..(i + 1) * 4 * h];
                for j in 0..h {
                    let dhj = dh[i * 2 * h + dir * h + j] + dh_next[j];
                    let c = cells[i * h + j];
                    let tc = c.tanh();
                    let (ig, fg, gg, og) = (gi[j], gi[h + j], gi[2 * h + j], gi[3 * h + j]);
                    let dc = dhj * og * (1.0 - tc * tc) + dc_next[j];
                    let cp = prev.map_or(0.0, |q| cells[q * h + j]);
                    da[j] = dc * gg * ig * (1.0 - ig);
                    da[h + j] = dc * cp * fg * (1.0 - fg);
                    da[2 * h + j] = dc * ig * (1.0 - gg * gg);
                    da[3 * h + j] = dhj * tc * og * (1.0 - og);
                    dc_next[j] = dc * fg;
                }
                let xi = &t.xs[i * x..(i + 1) * x];
                dh_next.iter_mut().for_each(|v| *v = 0.0);
                for j in 0..4 * h {
                    let d = da[j];
                    if d == 0.0 {
                        continue;
                    }
                    g[st.b + j] += d;
                    axpy(&mut g[st.wx + j * x..st.wx + (j + 1) * x], d, xi);
                    axpy(
                        &mut dx[i * x..(i + 1) * x],
                        d,
                        &p[st.wx + j * x..st.wx + (j + 1) * x],
                    );
                    if let Some(q) = prev {
                        axpy(
                            &mut g[st.wh + j * h..st.wh + (j + 1) * h],
                            d,
                            &hs[q * h..(q + 1) * h],
                        );
                        axpy(&mut dh_next, d, &p[st.wh + j * h..st.wh + (j + 1) * h]);
                    }
                }
            }
        }
        if !t.xmask.is_empty() {
            dx.iter_mut().zip(&t.xmask).for_each(|(a, m)| *a *= m);
        }
        // Character CNN: each filter's gradient goes to its winning window.
        for i in 0..n {
            let cs = &s.chars[i];
            for f in 0..nf {
                let d = dx[i * x + wd + f];
                if d == 0.0 {
                    continue;
                }
                g[l.conv_b + f] += d;
                let pos = t.arg[i * nf + f] as usize;
                for k in 0..WIDTH {
                    let c = l.chars + cs[pos + k] as usize * cd;
                    let wk = l.conv + f * WIDTH * cd + k * cd;
                    for j in 0..cd {
                        g[wk + j] += d * p[c + j];
                        g[c + j] += d * p[wk + j];
                    }
                }
            }
        }
        loss * w
    }
}

/// Log-sum-exp of a slice (−∞ entries allowed).
fn lse(v: &[f32]) -> f32 {
    let m = v.iter().copied().fold(f32::NEG_INFINITY, f32::max);
    if m == f32::NEG_INFINITY {
        return m;
    }
    m + v.iter().map(|&a| (a - m).exp()).sum::<f32>().ln()
}

/// The CRF's negative log-likelihood of `gold` and its gradients with respect to the
/// emissions (`n × NTAGS`) and transitions (`(NTAGS + 1) × NTAGS`), by forward–backward under
/// the IOB2 constraints.
fn crf_grad(emit: &[f32], trans: &[f32], gold: &[u8], n: usize) -> (f32, Vec<f32>, Vec<f32>) {
    const NEG: f32 = f32::NEG_INFINITY;
    let mut alpha = vec![NEG; n * NTAGS];
    let mut beta = vec![0f32; n * NTAGS];
    let mut tmp = [NEG; NTAGS + 1];
    for k in 0..NTAGS {
        if allowed(NTAGS, k) {
            alpha[k] = trans[NTAGS * NTAGS + k] + emit[k];
        }
    }
    for i in 1..n {
        for k in 0..NTAGS {
            for q in 0..NTAGS {
                tmp[q] = if allowed(q, k) {
                    alpha[(i - 1) * NTAGS + q] + trans[q * NTAGS + k]
                } else {
                    NEG
                };
            }
            alpha[i * NTAGS + k] = lse(&tmp[..NTAGS]) + emit[i * NTAGS + k];
        }
    }
    for i in (0..n.saturating_sub(1)).rev() {
        for q in 0..NTAGS {
            for k in 0..NTAGS {
                tmp[k] = if allowed(q, k) {
                    trans[q * NTAGS + k] + emit[(i + 1) * NTAGS + k] + beta[(i + 1) * NTAGS + k]
                } else {
                    NEG
                };
            }
            beta[i * NTAGS + q] = lse(&tmp[..NTAGS]);
        }
    }
    let log_z = lse(&alpha[(n - 1) * NTAGS..n * NTAGS]);
    let mut demit = vec![0f32; n * NTAGS];
    let mut dtrans = vec![0f32; (NTAGS + 1) * NTAGS];
    for i in 0..n {
        for k in 0..NTAGS {
            let a = alpha[i * NTAGS + k];
            if a > NEG {
                demit[i * NTAGS + k] = (a + beta[i * NTAGS + k] - log_z).exp();
            }
        }
    }
    for k in 0..NTAGS {
        dtrans[NTAGS * NTAGS + k] = demit[k];
    }
    for i in 1..n {
        for q in 0..NTAGS {
            let a = alpha[(i - 1) * NTAGS + q];
            if a == NEG {
                continue;
            }
            for k in 0..NTAGS {
                if allowed(q, k) {
                    dtrans[q * NTAGS + k] +=
                        (a + trans[q * NTAGS + k] + emit[i * NTAGS + k] + beta[i * NTAGS + k]
                            - log_z)
                            .exp();
                }
            }
        }
    }
    // Minus the gold path.
    let mut score = 0f32;
    let mut prev = NTAGS;
    for (i, &t) in gold.iter().enumerate().take(n) {
        let t = t as usize;
        score += trans[prev * NTAGS + t] + emit[i * NTAGS + t];
        demit[i * NTAGS + t] -= 1.0;
        dtrans[prev * NTAGS + t] -= 1.0;
        prev = t;
    }
    (log_z - score, demit, dtrans)
}

/// Adam's moment estimates.
struct Adam {
    m: Vec<f32>,
    v: Vec<f32>,
    step: i32,
}

impl Adam {
    fn update(&mut self, p: &mut [f32], g: &[f32], lr: f32) {
        const B1: f32 = 0.9;
        const B2: f32 = 0.999;
        self.step += 1;
        let c1 = 1.0 - B1.powi(self.step);
        let c2 = 1.0 - B2.powi(self.step);
        for (((p, &g), m), v) in p.iter_mut().zip(g).zip(&mut self.m).zip(&mut self.v) {
            *m = B1 * *m + (1.0 - B1) * g;
            *v = B2 * *v + (1.0 - B2) * g * g;
            *p -= lr * (*m / c1) / ((*v / c2).sqrt() + 1e-8);
        }
    }
}

/// Train a network on tagged samples. `progress(epoch, net, mean loss)` runs after each epoch.
pub fn train(
    samples: &[Sample],
    vectors: Vectors,
    cfg: &NeuralConfig,
    mut progress: impl FnMut(usize, &Network, f32),
) -> Network {
    let mut net = Network::new(vectors, cfg);
    let total = net.params.len();
    let mut adam = Adam {
        m: vec![0.0; total],
        v: vec![0.0; total],
        step: 0,
    };
    let threads = cfg.threads.max(1);
    let mut grads = vec![vec![0f32; total]; threads];
    let mut tapes = vec![Tape::default(); threads];
    let mut order: Vec<usize> = (0..samples.len())
        .filter(|&i| !samples[i].is_empty() && samples[i].gold.len() == samples[i].len())
        .collect();
    let mut rng = Rng(cfg.seed);
    let batch = cfg.batch.max(1);
    for epoch in 0..cfg.epochs {
        // Shuffle (Fisher–Yates).
        for i in (1..order.len()).rev() {
            order.swap(i, rng.next() as usize % (i + 1));
        }
        let mut loss = 0f64;
        for (b, chunk) in order.chunks(batch).enumerate() {
            let per = chunk.len().div_ceil(threads);
            let w = 1.0 / chunk.len() as f32;
            let base = (epoch as u64) << 32 | (b as u64) << 8;
            let params = &net.params;
            let netr = &net;
            let losses: Vec<f32> = std::thread::scope(|sc| {
                let hs: Vec<_> = grads
                    .iter_mut()
                    .zip(tapes.iter_mut())
                    .zip(chunk.chunks(per))
                    .map(|((g, tape), part)| {
                        sc.spawn(move || {
                            g.iter_mut().for_each(|v| *v = 0.0);
                            let mut l = 0f32;
                            for &si in part {
                                let s = &samples[si];
                                let seed = cfg.seed ^ base ^ (si as u64).wrapping_mul(0x2545_f491);
                                netr.forward(params, s, tape, cfg.dropout, seed);
                                l += netr.backward(params, s, tape, g, w);
                            }
                            l
                        })
                    })
                    .collect();
                hs.into_iter()
                    .map(|h| h.join().unwrap_or_else(|e| std::panic::resume_unwind(e)))
                    .collect()
            });
            loss += losses.iter().map(|&l| f64::from(l)).sum::<f64>() * chunk.len() as f64;
            let parts = chunk.chunks(per).count();
            let (first, rest) = grads.split_at_mut(1);
            for other in &rest[..parts - 1] {
                first[0].iter_mut().zip(other).for_each(|(a, b)| *a += b);
            }
            let g = &mut first[0];
            let norm = g.iter().map(|v| v * v).sum::<f32>().sqrt();
            if norm > cfg.clip {
                let k = cfg.clip / norm;
                g.iter_mut().for_each(|v| *v *= k);
            }
            adam.update(&mut net.params, g, cfg.lr);
        }
        progress(epoch + 1, &net, (loss / order.len().max(1) as f64) as f32);
    }
    net
}

#[cfg(test)]
mod tests {
    use super::*;

    fn toy() -> (Network, Vec<Sample>) {
        let vecs = Vectors::parse(
            "3 4\nبوتين 0.1 0.2 -0.3 0.4\nقال 0.5 -0.1 0.0 0.2\nفي -0.2 0.3 0.1 0.0\n",
            10,
        )
        .unwrap();
        let cfg = NeuralConfig {
            hidden: 3,
            char_dim: 2,
            filters: 2,
            ..Default::default()
        };
        let net = Network::new(vecs, &cfg);
        let mk = |toks: &[&str], gold: &[u8]| {
            let infos: Vec<TokInfo> = toks
                .iter()
                .enumerate()
                .map(|(i, t)| TokInfo {
                    w: hstr(&naba_arabic::normalize(t, &naba_arabic::Profile::SEARCH)),
                    gaz: (i as u8 * 5) & 0x7,
                    ..Default::default()
                })
                .collect();
            Sample::new(toks, &infos).with_gold(gold)
        };
        (
            net,
            vec![
                mk(&["قال", "بوتين", "في", "x"], &[0, 1, 0, 3]),
                mk(&["ب", "ق", "ف"], &[2, 2, 0]),
            ],
        )
    }

    #[test]
    fn empty_and_long_words_are_encoded() {
        let s = Sample::new(&["\u{64b}", &"ب".repeat(100)], &[TokInfo::default(); 2]);
        assert_eq!(s.chars[0].len(), WIDTH);
        assert_eq!(s.chars[1].len(), MAX_CHARS + 2);
        let (net, _) = toy();
        assert_eq!(net.tag(&s, &mut Tape::default()).len(), 2);
    }

    #[test]
    fn gold_inside_without_begin_becomes_begin() {
        let (_, s) = toy();
        assert_eq!(s[1].gold, vec![1, 2, 0]);
    }

    #[test]
    fn gradients_match_finite_differences() {
        // One-character words, so max-pooling cannot switch windows within ±eps.
        let (net, samples) = toy();
        let s = &samples[1];
        let mut tape = Tape::default();
        let mut g = vec![0f32; net.params.len()];
        net.forward(&net.params, s, &mut tape, 0.0, 0);
        net.backward(&net.params, s, &tape, &mut g, 1.0);
        let loss = |p: &[f32]| {
            let mut t = Tape::default();
            net.forward(p, s, &mut t, 0.0, 0);
            let trans = &p[net.layout.trans..net.layout.trans + (NTAGS + 1) * NTAGS];
            crf_grad(&t.emit, trans, &s.gold, s.len()).0 as f64
        };
        let mut p = net.params.clone();
        let eps = 1e-2f32;
        let mut checked = 0;
        for i in 0..p.len() {
            let o = p[i];
            p[i] = o + eps;
            let up = loss(&p);
            p[i] = o - eps;
            let down = loss(&p);
            p[i] = o;
            let num = ((up - down) / (2.0 * eps as f64)) as f32;
            let tol = 2e-3 + 2e-2 * num.abs().max(g[i].abs());
            assert!(
                (num - g[i]).abs() <= tol,
                "parameter {i}: numeric {num}, analytic {}",
                g[i]
            );
            checked += usize::from(g[i] != 0.0);
        }
        assert!(checked > 100, "only {checked} non-zero gradients");
    }

    #[test]
    fn learns_a_toy_task_deterministically() {
        let (net, samples) = toy();
        let cfg = NeuralConfig {
            hidden: 8,
            char_dim: 4,
            filters: 4,
            epochs: 60,
            lr: 0.02,
            batch: 2,
            dropout: 0.0,
            ..Default::default()
        };
        let run = || train(&samples, net.vectors.clone(), &cfg, |_, _, _| {});
        let a = run();
        let mut tape = Tape::default();
        for s in &samples {
            assert_eq!(a.tag(s, &mut tape), s.gold);
        }
        assert_eq!(a.params, run().params);
    }

    #[test]
    fn round_trips_and_rejects_damage() {
        let (net, samples) = toy();
        let b = net.to_bytes();
        let back = Network::from_bytes(&b).unwrap();
        let mut tape = Tape::default();
        for s in &samples {
            assert_eq!(back.emissions(s, &mut tape), net.emissions(s, &mut tape));
        }
        for cut in 0..b.len() {
            assert!(Network::from_bytes(&b[..cut]).is_err());
        }
        let mut bad = b.clone();
        bad[0] = 0xff;
        bad[1] = 0xff;
        assert!(Network::from_bytes(&bad).is_err());
    }

    #[test]
    fn bad_vectors_are_errors() {
        assert!(Vectors::parse("", 5).is_err());
        assert!(Vectors::parse("1 x\n", 5).is_err());
        assert!(Vectors::parse("1 2\nكلمة 0.1\n", 5).is_err());
        assert!(Vectors::parse("1 2\nكلمة 0.1 zz\n", 5).is_err());
        assert_eq!(Vectors::parse("2 2\nا 1 2\nب 3 4\n", 1).unwrap().len(), 1);
    }
}
