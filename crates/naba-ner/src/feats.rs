//! Feature extraction: per-token attributes computed once, then hashed feature templates over
//! a ±2 window. Features are 64-bit hashes; the model maps the ones seen in training to rows.

use crate::clusters::Clusters;
use crate::gazetteer::Gazetteer;
use naba_arabic::Profile;

/// Hash a string (64-bit, Fx-style over 8-byte words, then a finalizer).
#[inline]
pub fn hstr(s: &str) -> u64 {
    let b = s.as_bytes();
    let mut h: u64 = 0xcbf2_9ce4_8422_2325 ^ b.len() as u64;
    let mut chunks = b.chunks_exact(8);
    for c in &mut chunks {
        let v = u64::from_le_bytes([c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7]]);
        h = (h.rotate_left(5) ^ v).wrapping_mul(0x517c_c1b7_2722_0a95);
    }
    let mut last = 0u64;
    for (i, &x) in chunks.remainder().iter().enumerate() {
        last |= (x as u64) << (8 * i);
    }
    h = (h.rotate_left(5) ^ last).wrapping_mul(0x517c_c1b7_2722_0a95);
    fmix(h)
}

/// Combine two hashes (order-sensitive).
#[inline]
pub fn mix(a: u64, b: u64) -> u64 {
    fmix(a.rotate_left(23) ^ b.wrapping_mul(0x9e37_79b9_7f4a_7c15))
}

#[inline]
fn fmix(mut h: u64) -> u64 {
    h ^= h >> 33;
    h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
    h ^= h >> 33;
    h = h.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    h ^ (h >> 33)
}

/// Attributes of one token.
#[derive(Debug, Clone, Copy, Default)]
pub struct TokInfo {
    /// Normalized form.
    pub w: u64,
    /// Clitic-stripped base.
    pub b: u64,
    /// Proclitics (and whether an enclitic was split).
    pub pre: u64,
    /// Prefixes (1–3 chars) and suffixes (1–3 chars) of the base.
    pub pfx: [u64; 3],
    pub sfx: [u64; 3],
    /// 4-char prefix and suffix of the base.
    pub p4: u64,
    pub s4: u64,
    /// Up to 6 character trigrams of the base (0 = none).
    pub tri: [u64; 6],
    pub shape: u64,
    /// Coarse and fine word cluster (`u16::MAX`: unknown).
    pub c1: u16,
    pub c2: u16,
    /// Coarse and fine cluster of the second clustering (`u16::MAX`: unknown or none).
    pub e1: u16,
    pub e2: u16,
    /// log2 bucket of the word's and the base's news frequency.
    pub freq: u8,
    pub bfreq: u8,
    /// Gazetteer bits (see [`Gazetteer::mark`]).
    pub gaz: u8,
    /// Bits of the names mined from tagged news (same layout as `gaz`).
    pub mined: u8,
}

const BOS: u64 = 0x0b05_0b05_0b05_0b05;
const EOS: u64 = 0x0e05_0e05_0e05_0e05;

const fn boundary(h: u64) -> TokInfo {
    TokInfo {
        w: h,
        b: h,
        pre: h,
        pfx: [h; 3],
        sfx: [h; 3],
        p4: h,
        s4: h,
        tri: [0; 6],
        shape: h,
        c1: u16::MAX - 1,
        c2: u16::MAX - 1,
        e1: u16::MAX - 1,
        e2: u16::MAX - 1,
        freq: 255,
        bfreq: 255,
        gaz: 0,
        mined: 0,
    }
}

fn log2_bucket(n: u32) -> u8 {
    if n == 0 {
        0
    } else {
        (32 - n.leading_zeros()).min(24) as u8
    }
}

fn shape_of(raw: &str, norm: &str) -> u64 {
    let mut classes = 0u8;
    let mut n = 0usize;
    let mut first = '\0';
    for c in raw.chars() {
        if n == 0 {
            first = c;
        }
        n += 1;
        classes |= if naba_arabic::tokenize::is_arabic_letter(c) {
            1
        } else if c.is_ascii_digit() || naba_arabic::tokenize::is_digit(c) {
            2
        } else if c.is_alphabetic() {
            4
        } else {
            8
        };
    }
    // Punctuation and symbols: the mark itself. Words: classes and a length bucket.
    if classes == 8 && n <= 3 {
        return mix(0x5a, hstr(norm));
    }
    let len = match norm.chars().count() {
        0..=2 => 0u64,
        3 => 1,
        4 => 2,
        5..=6 => 3,
        _ => 4,
    };
    let upper = first.is_uppercase() as u64;
    mix(mix(classes as u64, len), upper)
}

/// Hashes of the first six character trigrams of `s` (zeros when shorter).
fn trigrams(s: &str) -> [u64; 6] {
    let idx: Vec<usize> = s.char_indices().map(|(i, _)| i).chain([s.len()]).collect();
    let mut out = [0u64; 6];
    let n = idx.len().saturating_sub(1);
    for (k, o) in out.iter_mut().enumerate() {
        if k + 3 > n {
            break;
        }
        *o = hstr(&s[idx[k]..idx[k + 3]]) | 1;
    }
    out
}

/// Prefix of `s` up to `n` chars (whole `s` if shorter).
fn prefix(s: &str, n: usize) -> &str {
    match s.char_indices().nth(n) {
        Some((i, _)) => &s[..i],
        None => s,
    }
}

fn suffix(s: &str, n: usize) -> &str {
    let count = s.chars().count();
    if count <= n {
        return s;
    }
    match s.char_indices().nth(count - n) {
        Some((i, _)) => &s[i..],
        None => s,
    }
}

/// The attributes of a word that depend only on its normalized form (cacheable).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct WordAttrs {
    pub b: u64,
    pub pre: u64,
    pub pfx: [u64; 3],
    pub sfx: [u64; 3],
    pub p4: u64,
    pub s4: u64,
    pub tri: [u64; 6],
    pub c1: u16,
    pub c2: u16,
    pub e1: u16,
    pub e2: u16,
    pub freq: u8,
    pub bfreq: u8,
}

/// Where word attributes come from: a cache of precomputed ones, and clusters by word hash.
pub trait Lexicon {
    fn cached(&self, w: u64) -> Option<WordAttrs>;
    fn cluster(&self, w: u64) -> Option<(u16, u16)>;
    fn cluster2(&self, w: u64) -> Option<(u16, u16)>;
}

impl Lexicon for Clusters {
    fn cached(&self, _: u64) -> Option<WordAttrs> {
        None
    }
    fn cluster(&self, w: u64) -> Option<(u16, u16)> {
        self.get(w)
    }
    fn cluster2(&self, w: u64) -> Option<(u16, u16)> {
        self.second(w)
    }
}

/// Compute a word's attributes from its normalized form.
pub fn word_attrs(norm: &str, w: u64, lex: &impl Lexicon) -> WordAttrs {
    let seg = naba_arabic::clitics::segment_search(norm);
    let base = seg.base;
    let b = if base.len() == norm.len() {
        w
    } else {
        hstr(base)
    };
    let mut pre = 0x9e37u64;
    for p in &seg.proclitics {
        pre = mix(pre, hstr(p));
    }
    if let Some(e) = seg.enclitic {
        pre = mix(pre ^ 0xe, hstr(e));
    }
    let (c1, c2) = lex
        .cluster(w)
        .or_else(|| lex.cluster(b))
        .unwrap_or((u16::MAX, u16::MAX));
    let (e1, e2) = lex
        .cluster2(w)
        .or_else(|| lex.cluster2(b))
        .unwrap_or((u16::MAX, u16::MAX));
    let pf = [prefix(base, 1), prefix(base, 2), prefix(base, 3)];
    let sf = [suffix(base, 1), suffix(base, 2), suffix(base, 3)];
    let freq = log2_bucket(naba_arabic::clitics::frequency_search(norm));
    let bfreq = if b == w {
        freq
    } else {
        log2_bucket(naba_arabic::clitics::frequency_search(base))
    };
    WordAttrs {
        b,
        pre,
        pfx: pf.map(hstr),
        sfx: sf.map(hstr),
        p4: hstr(prefix(base, 4)),
        s4: hstr(suffix(base, 4)),
        tri: trigrams(base),
        c1,
        c2,
        e1,
        e2,
        freq,
        bfreq,
    }
}

/// Compute the attributes of every token of a sentence.
pub fn token_infos(
    tokens: &[&str],
    lex: &impl Lexicon,
    gaz: &Gazetteer,
    mined: &Gazetteer,
    norm_buf: &mut String,
    out: &mut Vec<TokInfo>,
) {
    out.clear();
    let mut ws = Vec::with_capacity(tokens.len());
    let mut bs = Vec::with_capacity(tokens.len());
    for raw in tokens {
        norm_buf.clear();
        naba_arabic::normalize::normalize_into(raw, &Profile::SEARCH, norm_buf);
        let norm = norm_buf.as_str();
        let w = hstr(norm);
        let a = match lex.cached(w) {
            Some(a) => a,
            None => word_attrs(norm, w, lex),
        };
        out.push(TokInfo {
            w,
            b: a.b,
            pre: a.pre,
            pfx: a.pfx,
            sfx: a.sfx,
            p4: a.p4,
            s4: a.s4,
            tri: a.tri,
            shape: shape_of(raw, norm),
            c1: a.c1,
            c2: a.c2,
            e1: a.e1,
            e2: a.e2,
            freq: a.freq,
            bfreq: a.bfreq,
            gaz: 0,
            mined: 0,
        });
        ws.push(w);
        bs.push(a.b);
    }
    let mut marks = Vec::new();
    gaz.mark(&ws, &bs, &mut marks);
    for (t, m) in out.iter_mut().zip(&marks) {
        t.gaz = *m;
    }
    if !mined.is_empty() {
        mined.mark(&ws, &bs, &mut marks);
        for (t, m) in out.iter_mut().zip(marks) {
            t.mined = m;
        }
    }
}

/// A hasher for keys that are already hashes.
#[derive(Default, Clone, Copy)]
pub struct IdHasher(u64);

impl std::hash::Hasher for IdHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0.rotate_left(8) ^ b as u64).wrapping_mul(0x9e37_79b9_7f4a_7c15);
        }
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

/// `HashMap` keyed by hashes.
pub type IdMap<V> = std::collections::HashMap<u64, V, std::hash::BuildHasherDefault<IdHasher>>;

/// The feature hashes of token `i` (appended to `out`).
pub fn features(infos: &[TokInfo], i: usize, out: &mut Vec<u64>) {
    features_without(infos, i, 0, out)
}

/// [`features`] without the templates whose bit is set in `drop` (bit `k` = template `k`):
/// training a bag of the feature bagging (see `train::Config::bags`).
#[inline]
pub fn features_without(infos: &[TokInfo], i: usize, drop: u128, out: &mut Vec<u64>) {
    static BOS_INFO: TokInfo = boundary(BOS);
    static EOS_INFO: TokInfo = boundary(EOS);
    let at = |k: isize| -> &TokInfo {
        let j = i as isize + k;
        if j < 0 {
            &BOS_INFO
        } else if j as usize >= infos.len() {
            &EOS_INFO
        } else {
            &infos[j as usize]
        }
    };
    let (m2, m1, t, p1, p2) = (at(-2), at(-1), at(0), at(1), at(2));
    let mut f = |tpl: u64, v: u64| {
        if drop >> tpl & 1 == 0 {
            out.push(mix(tpl.wrapping_mul(0x2545_f491_4f6c_dd1d), v))
        }
    };
    f(1, 0);
    f(2, t.w);
    f(3, m1.w);
    f(4, p1.w);
    f(5, m2.w);
    f(6, p2.w);
    f(7, t.b);
    f(8, m1.b);
    f(9, p1.b);
    f(10, t.pre);
    for k in 0..3 {
        f(11 + k as u64, t.pfx[k]);
        f(14 + k as u64, t.sfx[k]);
    }
    f(17, t.shape);
    f(18, m1.shape);
    f(19, p1.shape);
    f(20, mix(m1.w, t.w));
    f(21, mix(t.w, p1.w));
    f(22, t.c1 as u64);
    f(23, t.c2 as u64);
    f(24, m1.c1 as u64);
    f(25, p1.c1 as u64);
    f(26, m1.c2 as u64);
    f(27, p1.c2 as u64);
    f(28, t.gaz as u64);
    f(29, m1.gaz as u64);
    f(30, p1.gaz as u64);
    for k in 0..8 {
        if t.gaz & (1 << k) != 0 {
            f(31, k);
        }
    }
    f(32, t.freq as u64);
    f(33, t.bfreq as u64);
    f(34, mix(m1.b, t.b));
    f(35, mix(t.pre, t.c1 as u64));
    f(36, mix(m1.w, t.c2 as u64));
    f(37, mix(t.c2 as u64, p1.w));
    f(38, mix(t.bfreq as u64, t.pre));
    f(39, mix(m1.c1 as u64, t.c1 as u64));
    f(40, mix(t.c1 as u64, p1.c1 as u64));
    f(41, m2.c1 as u64);
    f(42, p2.c1 as u64);
    f(43, mix(t.gaz as u64, t.bfreq as u64));
    f(44, t.p4);
    f(45, t.s4);
    f(46, mix(t.shape, t.bfreq as u64));
    f(47, mix(m1.b, p1.b));
    for &g in &t.tri {
        if g != 0 {
            f(48, g);
        }
    }
    // Gazetteer membership conjoined with word clusters (a gazetteer hit on a word of a
    // name-like cluster is stronger evidence), and the neighbours' membership.
    f(54, mix(t.gaz as u64, t.c1 as u64));
    f(55, mix(m1.gaz as u64, t.c2 as u64));
    f(56, mix(t.c2 as u64, p1.gaz as u64));
    f(57, mix(m1.gaz as u64, p1.gaz as u64));
    // Names mined from news tagged by a first-stage model (see `crate::mined`); nothing when
    // no mined name is near, so a model trained without them has exactly the features above.
    if t.mined | m1.mined | p1.mined != 0 {
        f(65, t.mined as u64);
        f(66, m1.mined as u64);
        f(67, p1.mined as u64);
        f(68, mix(t.mined as u64, t.gaz as u64));
        f(69, mix(t.mined as u64, t.c1 as u64));
        f(70, mix(t.mined as u64, t.bfreq as u64));
    }
    // The second clustering, when the model has one.
    if t.e1 != u16::MAX {
        f(80, t.e1 as u64);
        f(81, t.e2 as u64);
        f(82, mix(t.gaz as u64, t.e1 as u64));
    }
    if m1.e1 != u16::MAX {
        f(83, m1.e1 as u64);
    }
    if p1.e1 != u16::MAX {
        f(84, p1.e1 as u64);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn affixes_count_chars() {
        assert_eq!(prefix("بوتين", 2), "بو");
        assert_eq!(suffix("بوتين", 2), "ين");
        assert_eq!(suffix("ب", 3), "ب");
        assert_eq!(prefix("", 3), "");
    }

    #[test]
    fn features_are_deterministic_and_window_safe() {
        let c = Clusters::default();
        let g = Gazetteer::new();
        let mut buf = String::new();
        let mut infos = Vec::new();
        token_infos(&["وقال", "بوتين", "."], &c, &g, &g, &mut buf, &mut infos);
        assert_eq!(infos.len(), 3);
        let mut a = Vec::new();
        features(&infos, 0, &mut a);
        let mut b = Vec::new();
        features(&infos, 0, &mut b);
        assert_eq!(a, b);
        let mut e = Vec::new();
        features(&infos, 2, &mut e);
        assert!(!e.is_empty() && e.iter().all(|&h| h != 0));
        token_infos(&[], &c, &g, &g, &mut buf, &mut infos);
        assert!(infos.is_empty());
    }
}
