//! The NER model: hashed sparse features → per-tag weights, a tag-transition matrix, first-order
//! Viterbi with IOB2 constraints, and the gazetteer and word clusters the features were trained
//! with (so a model file is self-contained).
//!
//! File format (little endian): magic `NABANER\0`, `u32` version, `u64` payload length, `u64`
//! FNV-1a checksum of the payload, payload. The payload: `u32` tag count, `f32` weight scale,
//! transitions (`(NTAGS+1) × NTAGS` `f32`), `u32` feature count, the feature keys (`u64`, sorted)
//! and their weights (`NTAGS` × `i16` each, times the scale), then the gazetteer, the mined names
//! and the clusters as length-prefixed UTF-8 TSV.

use crate::clusters::Clusters;
use crate::feats::{features, hstr, token_infos, word_attrs, Lexicon, TokInfo, WordAttrs};
use crate::gazetteer::Gazetteer;
use crate::neural::{Network, Sample, Tape};
use crate::NTAGS;

pub const MAGIC: &[u8; 8] = b"NABANER\0";
/// Version 4 adds neural taggers; version 3 (without them) is still read and written.
pub const VERSION: u32 = 4;

/// Bytes per cached word in the file.
const VOCAB_ROW: usize = 17 * 8 + 4 * 2 + 2;

/// Why a model could not be loaded.
#[derive(Debug, Clone, thiserror::Error, PartialEq)]
pub enum ModelError {
    #[error("not a naba NER model (bad magic header)")]
    Magic,
    #[error("unsupported NER model version {0} (this naba reads version {VERSION})")]
    Version(u32),
    #[error("NER model is truncated: expected {expected} payload bytes, found {found}")]
    Truncated { expected: u64, found: u64 },
    #[error("NER model is corrupt: checksum mismatch")]
    Checksum,
    #[error("NER model is corrupt: {0}")]
    Corrupt(String),
}

/// Open-addressing map from feature hash to row (hashes are already well mixed).
#[derive(Debug, Clone, Default)]
struct FeatTable {
    mask: usize,
    keys: Vec<u64>,
    rows: Vec<u32>,
}

impl FeatTable {
    fn build(keys: &[u64]) -> Self {
        let cap = (keys.len() * 2).next_power_of_two().max(16);
        let mut t = FeatTable {
            mask: cap - 1,
            keys: vec![0; cap],
            rows: vec![u32::MAX; cap],
        };
        for (r, &k) in keys.iter().enumerate() {
            let mut i = k as usize & t.mask;
            while t.rows[i] != u32::MAX {
                i = (i + 1) & t.mask;
            }
            t.keys[i] = k;
            t.rows[i] = r as u32;
        }
        t
    }

    #[inline]
    fn get(&self, k: u64) -> Option<usize> {
        let mut i = k as usize & self.mask;
        loop {
            let r = *self.rows.get(i)?;
            if r == u32::MAX {
                return None;
            }
            if self.keys[i] == k {
                return Some(r as usize);
            }
            i = (i + 1) & self.mask;
        }
    }
}

/// A trained tagger.
#[derive(Debug, Clone)]
pub struct Model {
    pub(crate) keys: Vec<u64>,
    /// Quantized weights, `keys.len() × NTAGS`; a weight is `wq × scale`.
    pub(crate) wq: Vec<i16>,
    scale: f32,
    /// Open-addressing table of features with their weights inline (one cache line a look-up).
    slots: Vec<Slot>,
    smask: usize,
    /// `(NTAGS + 1) × NTAGS`: row `NTAGS` is the sentence start.
    pub(crate) trans: Vec<f32>,
    pub gazetteer: Gazetteer,
    /// Names mined from news tagged by a first-stage model (empty when not trained with them).
    pub mined: Gazetteer,
    pub clusters: Clusters,
    /// Precomputed attributes of frequent words (a speed cache; same values as computing them).
    vocab_keys: Vec<u64>,
    vocab: Vec<WordAttrs>,
    vtable: FeatTable,
    /// Mean absolute non-zero weight (scales the document evidence, [`Model::tag_doc`]).
    mean_abs: f32,
    /// Neural taggers whose emission scores, times their factors, are added to the
    /// perceptron's ([`Model::attach_neural`]).
    pub(crate) neural: Vec<std::sync::Arc<(Network, f32)>>,
}

/// Strength of document evidence in mean absolute weights. Tuned on dev10 and held-out
/// train90 over three seeds (docs/ner.md): 75–125 are within noise of each other; 50 gains
/// two thirds as much; 190 loses some of the gain to precision.
const DOC_EVIDENCE: f32 = 100.0;

fn mean_abs(wq: &[i16], scale: f32) -> f32 {
    let (sum, n) = wq
        .iter()
        .filter(|&&q| q != 0)
        .fold((0f64, 0usize), |(s, n), &q| (s + f64::from(q).abs(), n + 1));
    if n == 0 {
        0.0
    } else {
        (sum / n as f64) as f32 * scale
    }
}

impl Lexicon for Model {
    #[inline]
    fn cached(&self, w: u64) -> Option<WordAttrs> {
        self.vtable.get(w).map(|i| self.vocab[i])
    }
    #[inline]
    fn cluster(&self, w: u64) -> Option<(u16, u16)> {
        self.clusters.get(w)
    }
    #[inline]
    fn cluster2(&self, w: u64) -> Option<(u16, u16)> {
        self.clusters.second(w)
    }
}

#[derive(Debug, Clone, Copy, Default)]
#[repr(C, align(32))]
struct Slot {
    key: u64,
    w: [i16; NTAGS],
}

fn build_slots(keys: &[u64], wq: &[i16]) -> (Vec<Slot>, usize) {
    let cap = (keys.len() * 2).next_power_of_two().max(16);
    let mask = cap - 1;
    let mut slots = vec![Slot::default(); cap];
    for (r, &k) in keys.iter().enumerate() {
        // Key 0 marks an empty slot; a feature hashing to 0 is dropped (probability 2^-64).
        if k == 0 {
            continue;
        }
        let mut i = k as usize & mask;
        while slots[i].key != 0 {
            i = (i + 1) & mask;
        }
        slots[i].key = k;
        slots[i].w.copy_from_slice(&wq[r * NTAGS..(r + 1) * NTAGS]);
    }
    (slots, mask)
}

fn quantize(weights: &[f32]) -> (Vec<i16>, f32) {
    let maxw = weights.iter().fold(0f32, |m, w| m.max(w.abs()));
    let scale = if maxw > 0.0 { maxw / 32767.0 } else { 1.0 };
    let q = weights
        .iter()
        .map(|w| (w / scale).round().clamp(-32767.0, 32767.0) as i16)
        .collect();
    (q, scale)
}

/// Hint the CPU to load `slot`'s cache line (a no-op where there is no such hint).
#[inline(always)]
fn prefetch(slot: &Slot) {
    #[cfg(target_arch = "x86_64")]
    // SAFETY: a prefetch hint never faults and `slot` is a valid reference.
    unsafe {
        std::arch::x86_64::_mm_prefetch::<{ std::arch::x86_64::_MM_HINT_T0 }>(
            (slot as *const Slot).cast::<i8>(),
        );
    }
    #[cfg(not(target_arch = "x86_64"))]
    let _ = slot;
}

/// Whether tag `t` may follow `prev` (`NTAGS` = sentence start) in IOB2.
#[inline]
pub fn allowed(prev: usize, t: usize) -> bool {
    if t == 0 || (t - 1).is_multiple_of(2) {
        return true;
    }
    // I-X only after B-X or I-X.
    prev != NTAGS && prev != 0 && (prev - 1) / 2 == (t - 1) / 2
}

/// Reusable buffers for tagging.
#[derive(Default)]
pub struct Scratch {
    norm: String,
    infos: Vec<TokInfo>,
    feats: Vec<u64>,
    /// Where each token's features start in `feats`.
    offsets: Vec<usize>,
    emit: Vec<f32>,
    back: Vec<u8>,
    tape: Tape,
}

impl Model {
    /// A model from trained parts (keys must be unique).
    pub fn from_parts(
        keys: Vec<u64>,
        weights: Vec<f32>,
        trans: Vec<f32>,
        gazetteer: Gazetteer,
        clusters: Clusters,
    ) -> Self {
        let mut idx: Vec<usize> = (0..keys.len()).collect();
        idx.sort_by_key(|&i| keys[i]);
        let skeys: Vec<u64> = idx.iter().map(|&i| keys[i]).collect();
        let mut sw = Vec::with_capacity(weights.len());
        for &i in &idx {
            sw.extend_from_slice(&weights[i * NTAGS..(i + 1) * NTAGS]);
        }
        let (wq, scale) = quantize(&sw);
        let (slots, smask) = build_slots(&skeys, &wq);
        let mean_abs = mean_abs(&wq, scale);
        Model {
            mean_abs,
            keys: skeys,
            wq,
            scale,
            slots,
            smask,
            trans,
            gazetteer,
            mined: Gazetteer::new(),
            clusters,
            vocab_keys: Vec::new(),
            vocab: Vec::new(),
            vtable: FeatTable::default(),
            neural: Vec::new(),
        }
    }

    /// Add a neural tagger's scores to the perceptron's: its emissions scaled so that their
    /// mean magnitude is `weight` times the perceptron's on `sents`, and its transitions
    /// likewise (folded into the model's).
    /// Several networks may be attached (their scores add up): give each its share of the
    /// weight.
    pub fn attach_neural(&mut self, net: Network, weight: f32, sents: &[Vec<&str>]) {
        let attached = std::mem::take(&mut self.neural);
        let mut s = Scratch::default();
        let (mut sum, mut n) = (0f64, 0usize);
        let mut samples = Vec::new();
        for t in sents.iter().filter(|t| !t.is_empty()) {
            self.emissions(t, &mut s);
            sum += s.emit.iter().map(|e| f64::from(e.abs())).sum::<f64>();
            n += s.emit.len();
            samples.push(Sample::new(t, &s.infos));
        }
        let ns = net.scale(&samples);
        let factor = if n == 0 || ns <= 0.0 {
            0.0
        } else {
            weight * (sum / n as f64) as f32 / ns
        };
        for (a, b) in self.trans.iter_mut().zip(net.transitions()) {
            *a += factor * b;
        }
        self.neural = attached;
        self.neural.push(std::sync::Arc::new((net, factor)));
    }

    /// The attached networks and their factors.
    pub fn neural(&self) -> impl Iterator<Item = (&Network, f32)> {
        self.neural.iter().map(|a| (&a.0, a.1))
    }

    /// Precompute the attributes of `words` (normalized) and of the cluster vocabulary.
    pub fn build_cache<'a>(&mut self, words: impl IntoIterator<Item = &'a str>) {
        let mut seen = crate::feats::IdMap::default();
        let cl: Vec<String> = self.clusters.entries.iter().map(|e| e.0.clone()).collect();
        let mut add = |w: &str| {
            let h = hstr(w);
            if let std::collections::hash_map::Entry::Vacant(v) = seen.entry(h) {
                v.insert(word_attrs(w, h, &self.clusters));
            }
        };
        cl.iter().for_each(|w| add(w));
        words.into_iter().for_each(add);
        let mut all: Vec<(u64, WordAttrs)> = seen.into_iter().collect();
        all.sort_by_key(|x| x.0);
        self.vocab_keys = all.iter().map(|x| x.0).collect();
        self.vocab = all.into_iter().map(|x| x.1).collect();
        self.vtable = FeatTable::build(&self.vocab_keys);
    }

    /// Lower the score of `O` by `b` at every token (folded into the transitions): trades
    /// precision for recall.
    pub fn bias_outside(&mut self, b: f32) {
        self.raise_tag(0, -b);
    }

    /// Add `by` to every transition into tag `t` (a score bonus for `t` at every token).
    fn raise_tag(&mut self, t: usize, by: f32) {
        for prev in 0..=NTAGS {
            self.trans[prev * NTAGS + t] += by;
        }
    }

    /// Raise the score of each type's `B-`/`I-` tags by `bias[type]` × the mean |weight|
    /// (folded into the transitions, so tagging costs nothing more): the perceptron finds
    /// fewer organisations than there are (recall 62 % at 79 % precision on dev10), and a
    /// bias towards them trades that imbalance for F1 (docs/ner.md, "Ninth session").
    pub fn bias_types(&mut self, bias: &[f32; crate::TYPES.len()]) {
        for (k, &b) in bias.iter().enumerate() {
            if b == 0.0 {
                continue;
            }
            for inside in [false, true] {
                self.raise_tag(crate::tag_of(k, inside) as usize, b * self.mean_abs);
            }
        }
    }

    /// Number of cached words.
    pub fn cached_words(&self) -> usize {
        self.vocab.len()
    }

    /// The weights, dequantized.
    pub fn weights(&self) -> Vec<f32> {
        self.wq.iter().map(|&q| q as f32 * self.scale).collect()
    }

    pub fn features(&self) -> usize {
        self.keys.len()
    }

    /// Emission scores of every token (`n × NTAGS`) into `s.emit`.
    fn emissions(&self, tokens: &[&str], s: &mut Scratch) {
        token_infos(
            tokens,
            self,
            &self.gazetteer,
            &self.mined,
            &mut s.norm,
            &mut s.infos,
        );
        s.emit.clear();
        s.emit.resize(tokens.len() * NTAGS, 0.0);
        // All the sentence's features first, so that the slots of the next token's features
        // can be prefetched while this token's are summed: the table is far larger than the
        // caches and each feature is one random access.
        s.feats.clear();
        s.offsets.clear();
        s.offsets.push(0);
        for i in 0..tokens.len() {
            features(&s.infos, i, &mut s.feats);
            s.offsets.push(s.feats.len());
        }
        for i in 0..tokens.len() {
            if i + 1 < tokens.len() {
                for &f in &s.feats[s.offsets[i + 1]..s.offsets[i + 2]] {
                    prefetch(&self.slots[f as usize & self.smask]);
                }
            }
            let mut acc = [0i32; NTAGS];
            for &f in &s.feats[s.offsets[i]..s.offsets[i + 1]] {
                let mut j = f as usize & self.smask;
                loop {
                    let slot = &self.slots[j];
                    if slot.key == f {
                        for (a, &b) in acc.iter_mut().zip(&slot.w) {
                            *a += b as i32;
                        }
                        break;
                    }
                    if slot.key == 0 {
                        break;
                    }
                    j = (j + 1) & self.smask;
                }
            }
            let e = &mut s.emit[i * NTAGS..(i + 1) * NTAGS];
            for (o, a) in e.iter_mut().zip(acc) {
                *o = a as f32 * self.scale;
            }
        }
        if !self.neural.is_empty() {
            let sample = Sample::new(tokens, &s.infos);
            for a in &self.neural {
                let ne = a.0.emissions(&sample, &mut s.tape);
                for (o, e) in s.emit.iter_mut().zip(ne) {
                    *o += a.1 * e;
                }
            }
        }
    }

    /// Tag one sentence (tokens as they appear; normalization happens inside).
    pub fn tag(&self, tokens: &[&str]) -> Vec<u8> {
        let mut s = Scratch::default();
        self.tag_with(tokens, &mut s)
    }

    /// Tag with reusable buffers.
    pub fn tag_with(&self, tokens: &[&str], s: &mut Scratch) -> Vec<u8> {
        if tokens.is_empty() {
            return Vec::new();
        }
        self.emissions(tokens, s);
        viterbi(&s.emit, &self.trans, tokens.len(), &mut s.back)
    }

    /// Tag the sentences of one document, then decode again the sentences where a name tagged
    /// elsewhere in the document recurs untagged, with that evidence, and give each name its
    /// majority type ([`crate::consistency`]).
    pub fn tag_doc(&self, sents: &[Vec<&str>], s: &mut Scratch) -> Vec<Vec<u8>> {
        let mut tags = Vec::with_capacity(sents.len());
        let mut keys = Vec::with_capacity(sents.len());
        // The first pass's emission scores, kept for the second (recomputing them would double
        // the cost of a document).
        let mut emits = Vec::with_capacity(sents.len());
        // Quoted titles after a work or venue noun are MISC ([`crate::titles`]), before the
        // document evidence (a title recurs) and again after it (a sentence decoded again).
        let titles: Vec<Vec<(usize, usize)>> =
            sents.iter().map(|t| crate::titles::spans(t)).collect();
        for (t, ti) in sents.iter().zip(&titles) {
            let mut tg = self.tag_with(t, s);
            crate::titles::relabel(&mut tg, ti);
            tags.push(tg);
            if t.is_empty() {
                keys.push(Vec::new());
                emits.push(Vec::new());
            } else {
                keys.push(s.infos.iter().map(|i| (i.w, i.b)).collect());
                emits.push(s.emit.clone());
            }
        }
        let evidence = crate::consistency::evidence(&keys, &tags);
        let bonus = self.doc_bonus();
        for (((t, e), tg), emit) in sents
            .iter()
            .zip(&evidence)
            .zip(tags.iter_mut())
            .zip(&mut emits)
        {
            if !e.is_empty() {
                crate::consistency::apply_evidence(emit, e, bonus);
                *tg = viterbi(emit, &self.trans, t.len(), &mut s.back);
            }
        }
        crate::consistency::majority_types(&keys, &mut tags);
        for (tg, ti) in tags.iter_mut().zip(&titles) {
            crate::titles::relabel(tg, ti);
        }
        tags
    }

    /// The emission bonus of document evidence: `DOC_EVIDENCE` times the mean absolute
    /// weight, so that it keeps its strength relative to the model's own scores.
    fn doc_bonus(&self) -> f32 {
        DOC_EVIDENCE * self.mean_abs
    }

    // ---- serialization ----

    /// The model as bytes (see the module docs for the format).
    pub fn to_bytes(&self) -> Vec<u8> {
        let scale = self.scale;
        let mut p = Vec::new();
        p.extend_from_slice(&(NTAGS as u32).to_le_bytes());
        p.extend_from_slice(&scale.to_le_bytes());
        for t in &self.trans {
            p.extend_from_slice(&t.to_le_bytes());
        }
        p.extend_from_slice(&(self.keys.len() as u32).to_le_bytes());
        for k in &self.keys {
            p.extend_from_slice(&k.to_le_bytes());
        }
        for q in &self.wq {
            p.extend_from_slice(&q.to_le_bytes());
        }
        for s in [
            self.gazetteer.to_text(),
            self.mined.to_text(),
            self.clusters.to_tsv(),
        ] {
            p.extend_from_slice(&(s.len() as u64).to_le_bytes());
            p.extend_from_slice(s.as_bytes());
        }
        p.extend_from_slice(&(self.vocab.len() as u32).to_le_bytes());
        for (k, a) in self.vocab_keys.iter().zip(&self.vocab) {
            for x in [
                k, &a.b, &a.pre, &a.pfx[0], &a.pfx[1], &a.pfx[2], &a.sfx[0], &a.sfx[1], &a.sfx[2],
                &a.p4, &a.s4, &a.tri[0], &a.tri[1], &a.tri[2], &a.tri[3], &a.tri[4], &a.tri[5],
            ] {
                p.extend_from_slice(&x.to_le_bytes());
            }
            for c in [a.c1, a.c2, a.e1, a.e2] {
                p.extend_from_slice(&c.to_le_bytes());
            }
            p.push(a.freq);
            p.push(a.bfreq);
        }
        // Version 4 adds the neural taggers; a model without them stays version 3.
        let version = if self.neural.is_empty() {
            3
        } else {
            p.extend_from_slice(&(self.neural.len() as u32).to_le_bytes());
            for a in &self.neural {
                p.extend_from_slice(&a.1.to_le_bytes());
                p.extend_from_slice(&a.0.to_bytes());
            }
            VERSION
        };
        let mut out = Vec::with_capacity(p.len() + 28);
        out.extend_from_slice(MAGIC);
        out.extend_from_slice(&version.to_le_bytes());
        out.extend_from_slice(&(p.len() as u64).to_le_bytes());
        out.extend_from_slice(&fnv1a(&p).to_le_bytes());
        out.extend_from_slice(&p);
        out
    }

    /// Read a model; any damage is an error, never a panic.
    pub fn from_bytes(b: &[u8]) -> Result<Self, ModelError> {
        if b.len() < 8 || &b[..8] != MAGIC {
            return Err(ModelError::Magic);
        }
        let mut r = Reader { b, pos: 8 };
        let version = r.u32().map_err(|_| ModelError::Truncated {
            expected: 20,
            found: 0,
        })?;
        if !(3..=VERSION).contains(&version) {
            return Err(ModelError::Version(version));
        }
        let len = r.u64().map_err(|_| ModelError::Truncated {
            expected: 20,
            found: 0,
        })?;
        let sum = r.u64().map_err(|_| ModelError::Truncated {
            expected: 20,
            found: 0,
        })?;
        let payload = &b[r.pos..];
        if (payload.len() as u64) < len {
            return Err(ModelError::Truncated {
                expected: len,
                found: payload.len() as u64,
            });
        }
        if payload.len() as u64 > len {
            return Err(ModelError::Corrupt(
                "trailing bytes after the payload".into(),
            ));
        }
        if fnv1a(payload) != sum {
            return Err(ModelError::Checksum);
        }
        let mut r = Reader { b: payload, pos: 0 };
        let ntags = r.u32()?;
        if ntags as usize != NTAGS {
            return Err(ModelError::Corrupt(format!(
                "{ntags} tags, expected {NTAGS}"
            )));
        }
        let scale = r.f32()?;
        let mut trans = Vec::with_capacity((NTAGS + 1) * NTAGS);
        for _ in 0..(NTAGS + 1) * NTAGS {
            trans.push(r.f32()?);
        }
        let n = r.u32()? as usize;
        let need = n
            .checked_mul(8 + 2 * NTAGS)
            .ok_or(ModelError::Corrupt("size".into()))?;
        if r.b.len() - r.pos < need {
            return Err(ModelError::Corrupt(
                "feature table larger than the file".into(),
            ));
        }
        let mut keys = Vec::with_capacity(n);
        for _ in 0..n {
            keys.push(r.u64()?);
        }
        if keys.windows(2).any(|w| w[0] >= w[1]) {
            return Err(ModelError::Corrupt(
                "feature keys are not sorted and unique".into(),
            ));
        }
        let mut wq = Vec::with_capacity(n * NTAGS);
        for _ in 0..n * NTAGS {
            wq.push(r.i16()?);
        }
        if scale <= 0.0 {
            return Err(ModelError::Corrupt("weight scale must be positive".into()));
        }
        let gaz_text = r.text()?;
        let mined_text = r.text()?;
        let cl_text = r.text()?;
        let gazetteer = Gazetteer::from_text(gaz_text).map_err(ModelError::Corrupt)?;
        let mined = Gazetteer::from_text(mined_text).map_err(ModelError::Corrupt)?;
        let clusters = Clusters::parse(cl_text).map_err(ModelError::Corrupt)?;
        let nv = r.u32()? as usize;
        if (r.b.len() - r.pos) / VOCAB_ROW < nv {
            return Err(ModelError::Corrupt(
                "word cache larger than the file".into(),
            ));
        }
        let mut vocab_keys = Vec::with_capacity(nv);
        let mut vocab = Vec::with_capacity(nv);
        for _ in 0..nv {
            vocab_keys.push(r.u64()?);
            let mut h = [0u64; 16];
            for x in &mut h {
                *x = r.u64()?;
            }
            let c1 = r.u16()?;
            let c2 = r.u16()?;
            let e1 = r.u16()?;
            let e2 = r.u16()?;
            let f = r.take(2)?;
            vocab.push(WordAttrs {
                b: h[0],
                pre: h[1],
                pfx: [h[2], h[3], h[4]],
                sfx: [h[5], h[6], h[7]],
                p4: h[8],
                s4: h[9],
                tri: [h[10], h[11], h[12], h[13], h[14], h[15]],
                c1,
                c2,
                e1,
                e2,
                freq: f[0],
                bfreq: f[1],
            });
        }
        if vocab_keys.windows(2).any(|w| w[0] >= w[1]) {
            return Err(ModelError::Corrupt(
                "word cache keys are not sorted and unique".into(),
            ));
        }
        let mut neural = Vec::new();
        if version >= 4 {
            let n = r.u32()?;
            if n > 16 {
                return Err(ModelError::Corrupt(format!("{n} neural taggers")));
            }
            for _ in 0..n {
                let factor = r.f32()?;
                let net = Network::read(&mut r)?;
                neural.push(std::sync::Arc::new((net, factor)));
            }
        }
        if r.pos != r.b.len() {
            return Err(ModelError::Corrupt(
                "unexpected data after the word cache".into(),
            ));
        }
        let (slots, smask) = build_slots(&keys, &wq);
        Ok(Model {
            mean_abs: mean_abs(&wq, scale),
            neural,
            keys,
            wq,
            scale,
            slots,
            smask,
            trans,
            gazetteer,
            mined,
            clusters,
            vtable: FeatTable::build(&vocab_keys),
            vocab_keys,
            vocab,
        })
    }
}

/// Viterbi over emissions (`n × NTAGS`) and transitions, with IOB2 constraints.
pub fn viterbi(emit: &[f32], trans: &[f32], n: usize, back: &mut Vec<u8>) -> Vec<u8> {
    const NEG: f32 = -1e30;
    back.clear();
    back.resize(n * NTAGS, 0);
    let mut prev = [NEG; NTAGS];
    for t in 0..NTAGS {
        if allowed(NTAGS, t) {
            prev[t] = trans[NTAGS * NTAGS + t] + emit[t];
        }
    }
    for i in 1..n {
        let mut cur = [NEG; NTAGS];
        for t in 0..NTAGS {
            let mut best = (NEG, 0u8);
            for (p, &ps) in prev.iter().enumerate() {
                if ps <= NEG || !allowed(p, t) {
                    continue;
                }
                let s = ps + trans[p * NTAGS + t];
                if s > best.0 {
                    best = (s, p as u8);
                }
            }
            cur[t] = best.0 + emit[i * NTAGS + t];
            back[i * NTAGS + t] = best.1;
        }
        prev = cur;
    }
    let mut t = (0..NTAGS)
        .max_by(|&a, &b| prev[a].total_cmp(&prev[b]).then(b.cmp(&a)))
        .unwrap_or(0) as u8;
    let mut out = vec![0u8; n];
    for i in (0..n).rev() {
        out[i] = t;
        if i > 0 {
            t = back[i * NTAGS + t as usize];
        }
    }
    out
}

fn fnv1a(b: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &x in b {
        h ^= x as u64;
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

pub(crate) struct Reader<'a> {
    pub(crate) b: &'a [u8],
    pub(crate) pos: usize,
}

impl<'a> Reader<'a> {
    pub(crate) fn take(&mut self, n: usize) -> Result<&'a [u8], ModelError> {
        let end = self.pos.checked_add(n).filter(|&e| e <= self.b.len());
        let end = end.ok_or_else(|| ModelError::Corrupt("unexpected end of data".into()))?;
        let s = &self.b[self.pos..end];
        self.pos = end;
        Ok(s)
    }
    pub(crate) fn u32(&mut self) -> Result<u32, ModelError> {
        let s = self.take(4)?;
        Ok(u32::from_le_bytes([s[0], s[1], s[2], s[3]]))
    }
    pub(crate) fn f32(&mut self) -> Result<f32, ModelError> {
        let v = f32::from_bits(self.u32()?);
        if v.is_finite() {
            Ok(v)
        } else {
            Err(ModelError::Corrupt("non-finite number".into()))
        }
    }
    fn u16(&mut self) -> Result<u16, ModelError> {
        let s = self.take(2)?;
        Ok(u16::from_le_bytes([s[0], s[1]]))
    }
    fn i16(&mut self) -> Result<i16, ModelError> {
        let s = self.take(2)?;
        Ok(i16::from_le_bytes([s[0], s[1]]))
    }
    pub(crate) fn u64(&mut self) -> Result<u64, ModelError> {
        let s = self.take(8)?;
        let mut a = [0u8; 8];
        a.copy_from_slice(s);
        Ok(u64::from_le_bytes(a))
    }
    fn text(&mut self) -> Result<&'a str, ModelError> {
        let n = self.u64()?;
        let n = usize::try_from(n).map_err(|_| ModelError::Corrupt("length".into()))?;
        std::str::from_utf8(self.take(n)?).map_err(|_| ModelError::Corrupt("invalid UTF-8".into()))
    }
}

/// The model shipped in the binary (trained by `naba train ner` on ANERcorp `train.txt`).
pub static DEFAULT_MODEL: &[u8] = include_bytes!("../../../data/ner/model.bin");

/// The embedded model, loaded once and shared.
pub fn embedded() -> Result<std::sync::Arc<Model>, ModelError> {
    static M: std::sync::OnceLock<Result<std::sync::Arc<Model>, ModelError>> =
        std::sync::OnceLock::new();
    M.get_or_init(|| Model::from_bytes(DEFAULT_MODEL).map(std::sync::Arc::new))
        .clone()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tiny() -> Model {
        let mut g = Gazetteer::new();
        g.add("موسكو", 0b0010);
        let mut c = Clusters::default();
        c.insert("بوتين", 1, 2);
        let keys = vec![5u64, 3, 9];
        let mut weights = vec![0f32; 3 * NTAGS];
        weights[NTAGS + 1] = 1.5;
        weights[2 * NTAGS + 3] = -0.25;
        let mut m = Model::from_parts(keys, weights, vec![0.1; (NTAGS + 1) * NTAGS], g, c);
        m.build_cache(["وقال"]);
        m
    }

    #[test]
    fn round_trip() {
        let m = tiny();
        let b = m.to_bytes();
        let back = Model::from_bytes(&b).unwrap();
        assert_eq!(back.keys, m.keys);
        assert_eq!(back.gazetteer.len(), 1);
        assert_eq!(back.clusters.len(), 1);
        assert_eq!(back.cached_words(), 2);
        assert_eq!(back.vocab, m.vocab);
        // Cached and computed attributes agree.
        let toks = ["وقال", "بوتين", "كلمة"];
        let mut a = Scratch::default();
        let mut b = Scratch::default();
        back.emissions(&toks, &mut a);
        let plain = Model::from_parts(
            m.keys.clone(),
            m.weights(),
            m.trans.clone(),
            m.gazetteer.clone(),
            m.clusters.clone(),
        );
        plain.emissions(&toks, &mut b);
        assert_eq!(
            a.infos
                .iter()
                .map(|t| (t.b, t.pre, t.c1, t.freq))
                .collect::<Vec<_>>(),
            b.infos
                .iter()
                .map(|t| (t.b, t.pre, t.c1, t.freq))
                .collect::<Vec<_>>()
        );
        assert_eq!(back.wq, m.wq);
        // Keys are sorted: key 3 (second given) is row 0.
        assert!((back.weights()[1] - 1.5).abs() < 1e-3);
        assert!((back.weights()[2 * NTAGS + 3] + 0.25).abs() < 1e-3);
    }

    #[test]
    fn damage_is_an_error() {
        let b = tiny().to_bytes();
        assert_eq!(Model::from_bytes(b"junk").unwrap_err(), ModelError::Magic);
        assert!(matches!(
            Model::from_bytes(&b[..b.len() - 3]).unwrap_err(),
            ModelError::Truncated { .. }
        ));
        assert!(matches!(
            Model::from_bytes(&b[..10]).unwrap_err(),
            ModelError::Truncated { .. }
        ));
        let mut c = b.clone();
        let last = c.len() - 1;
        c[last] ^= 0xff;
        assert_eq!(Model::from_bytes(&c).unwrap_err(), ModelError::Checksum);
        let mut v = b.clone();
        v[8] = 9;
        assert_eq!(Model::from_bytes(&v).unwrap_err(), ModelError::Version(9));
    }

    #[test]
    fn neural_taggers_round_trip_and_change_the_scores() {
        use crate::neural::{Network, NeuralConfig, Vectors};
        let sent = vec!["قال", "بوتين", "في", "موسكو"];
        // A perceptron with weights on one of the sentence's features (the networks are
        // scaled against its scores).
        let t = tiny();
        let (mut norm, mut infos, mut f) = (String::new(), Vec::new(), Vec::new());
        token_infos(&sent, &t, &t.gazetteer, &t.mined, &mut norm, &mut infos);
        features(&infos, 1, &mut f);
        let mut w = vec![0f32; NTAGS];
        w[1] = 2.0;
        let m0 = Model::from_parts(vec![f[0]], w, t.trans.clone(), t.gazetteer, t.clusters);
        let vecs = Vectors::parse("2 3\nبوتين 0.5 -0.2 0.1\nموسكو -0.3 0.4 0.2\n", 10).unwrap();
        let cfg = NeuralConfig {
            hidden: 4,
            char_dim: 3,
            filters: 3,
            ..Default::default()
        };
        let mut m = m0.clone();
        m.attach_neural(
            Network::new(vecs.clone(), &cfg),
            1.0,
            std::slice::from_ref(&sent),
        );
        m.attach_neural(Network::new(vecs, &cfg), 0.5, std::slice::from_ref(&sent));
        assert_eq!(m.neural().count(), 2);
        let b = m.to_bytes();
        assert_eq!(b[8], 4, "version 4 with networks");
        assert_eq!(m0.to_bytes()[8], 3, "version 3 without");
        let back = Model::from_bytes(&b).unwrap();
        let (mut s1, mut s2, mut s0) = (Scratch::default(), Scratch::default(), Scratch::default());
        m.emissions(&sent, &mut s1);
        back.emissions(&sent, &mut s2);
        m0.emissions(&sent, &mut s0);
        assert_eq!(s1.emit, s2.emit);
        assert_ne!(s1.emit, s0.emit);
        assert_eq!(back.trans, m.trans);
        for cut in [b.len() - 1, b.len() - 200, b.len() / 2] {
            assert!(Model::from_bytes(&b[..cut]).is_err());
        }
    }

    #[test]
    fn viterbi_respects_iob() {
        // Emissions favour I-PER at position 0 and 1; I-PER cannot start a sentence.
        let mut emit = vec![0f32; 2 * NTAGS];
        emit[2] = 5.0;
        emit[NTAGS + 2] = 5.0;
        emit[1] = 1.0;
        let trans = vec![0f32; (NTAGS + 1) * NTAGS];
        let mut back = Vec::new();
        assert_eq!(viterbi(&emit, &trans, 2, &mut back), vec![1, 2]);
    }

    proptest::proptest! {
        #[test]
        fn any_bytes_never_panic(bytes in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..200)) {
            let _ = Model::from_bytes(&bytes);
            let mut b = tiny().to_bytes();
            for (i, x) in bytes.iter().enumerate() {
                let l = b.len();
                b[(i * 31) % l] ^= x;
            }
            let _ = Model::from_bytes(&b);
        }

        #[test]
        fn shipped_model_tags_any_tokens_in_valid_iob2(
            toks in proptest::collection::vec("[ا-ي0-9a-z.،«»]{0,12}", 0..40)
        ) {
            static M: std::sync::OnceLock<Model> = std::sync::OnceLock::new();
            let m = M.get_or_init(|| Model::from_bytes(DEFAULT_MODEL).expect("shipped model"));
            let t: Vec<&str> = toks.iter().map(String::as_str).collect();
            let tags = m.tag(&t);
            proptest::prop_assert_eq!(tags.len(), t.len());
            let mut prev = NTAGS;
            for &x in &tags {
                proptest::prop_assert!((x as usize) < NTAGS && allowed(prev, x as usize));
                prev = x as usize;
            }
            // As a document (label consistency across sentences): one tag per token still.
            let doc = m.tag_doc(&[t.clone(), t.clone()], &mut Scratch::default());
            proptest::prop_assert_eq!(doc.len(), 2);
            proptest::prop_assert!(doc.iter().all(|d| d.len() == t.len()));
        }
    }
}
