//! Near-duplicate detection: MinHash signatures over word 3-shingles of the search-normalized
//! text, with LSH banding to find candidates and the signature agreement (an estimate of the
//! Jaccard similarity of the shingle sets) to confirm them.

use naba_arabic::{Kind, Profile};
use std::collections::HashMap;
use xxhash_rust::xxh3::xxh3_64;

/// Number of hash functions in a signature.
pub const HASHES: usize = 128;
/// LSH bands × rows = `HASHES`. 32 × 4 finds pairs at Jaccard 0.5 with p ≈ 0.87, 0.6 with 0.99.
const BANDS: usize = 32;
const ROWS: usize = HASHES / BANDS;
/// Words per shingle.
const SHINGLE: usize = 3;
/// Documents with fewer words than this get no signature (too short to call copies).
pub const MIN_WORDS: usize = 12;
/// Estimated Jaccard similarity at or above which two documents are copies of one story.
pub const THRESHOLD: f32 = 0.5;

pub type Signature = Vec<u32>;

fn mix(mut z: u64) -> u64 {
    // splitmix64 finalizer
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58476d1ce4e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d049bb133111eb);
    z ^ (z >> 31)
}

/// The MinHash signature of a text, or `None` when it is too short.
pub fn signature(text: &str) -> Option<Signature> {
    let mut words: Vec<String> = Vec::new();
    naba_arabic::tokenize_with(text, |t| {
        if matches!(t.kind, Kind::Word | Kind::Latin | Kind::Number) {
            words.push(naba_arabic::normalize(t.text(text), &Profile::SEARCH));
        }
    });
    if words.len() < MIN_WORDS {
        return None;
    }
    let mut sig = vec![u32::MAX; HASHES];
    let mut buf = String::new();
    for w in words.windows(SHINGLE) {
        buf.clear();
        for (i, x) in w.iter().enumerate() {
            if i > 0 {
                buf.push(' ');
            }
            buf.push_str(x);
        }
        let h = xxh3_64(buf.as_bytes());
        for (i, s) in sig.iter_mut().enumerate() {
            let v = (mix(h ^ (i as u64).wrapping_mul(0x9e3779b97f4a7c15)) >> 32) as u32;
            if v < *s {
                *s = v;
            }
        }
    }
    Some(sig)
}

/// Estimated Jaccard similarity of two signatures.
pub fn similarity(a: &[u32], b: &[u32]) -> f32 {
    let n = a.len().min(b.len());
    if n == 0 {
        return 0.0;
    }
    a.iter().zip(b).filter(|(x, y)| x == y).count() as f32 / n as f32
}

fn band_keys(sig: &[u32]) -> impl Iterator<Item = u64> + '_ {
    sig.chunks(ROWS).enumerate().map(|(b, rows)| {
        let mut bytes = Vec::with_capacity(4 + 4 * ROWS);
        bytes.extend_from_slice(&(b as u32).to_le_bytes());
        for r in rows {
            bytes.extend_from_slice(&r.to_le_bytes());
        }
        xxh3_64(&bytes)
    })
}

/// Signatures encoded for the store.
pub fn encode(sig: &[u32]) -> Vec<u8> {
    sig.iter().flat_map(|v| v.to_le_bytes()).collect()
}

pub fn decode(b: &[u8]) -> Signature {
    b.chunks_exact(4)
        .map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]]))
        .collect()
}

/// The in-memory LSH index over every stored signature (rebuilt from the store on open).
#[derive(Default)]
pub struct Lsh {
    buckets: HashMap<u64, Vec<i64>>,
    sigs: HashMap<i64, (Signature, i64)>,
}

impl Lsh {
    /// Add a document's signature with its duplicate group.
    pub fn insert(&mut self, seq: i64, sig: Signature, group: i64) {
        for k in band_keys(&sig) {
            self.buckets.entry(k).or_default().push(seq);
        }
        self.sigs.insert(seq, (sig, group));
    }

    /// The best earlier copy of `sig`: `(seq, group, similarity)`.
    pub fn best_match(&self, sig: &[u32]) -> Option<(i64, i64, f32)> {
        let mut best: Option<(i64, i64, f32)> = None;
        let mut seen = std::collections::HashSet::new();
        for k in band_keys(sig) {
            for &seq in self.buckets.get(&k).into_iter().flatten() {
                if !seen.insert(seq) {
                    continue;
                }
                let (other, group) = &self.sigs[&seq];
                let s = similarity(sig, other);
                if s >= THRESHOLD && best.is_none_or(|b| s > b.2) {
                    best = Some((seq, *group, s));
                }
            }
        }
        best
    }

    pub fn len(&self) -> usize {
        self.sigs.len()
    }

    pub fn is_empty(&self) -> bool {
        self.sigs.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const A: &str = "أعلنت وزارة الخارجية اليوم أن جولة جديدة من المفاوضات بين الطرفين ستعقد في \
        مسقط الأسبوع المقبل بمشاركة وفود من عدة دول عربية وأجنبية لبحث ملف الأمن الإقليمي";

    #[test]
    fn copies_match_and_other_texts_do_not() {
        let a = signature(A).unwrap();
        let b = signature(&format!("{A} وقال مصدر مطلع إن الأجواء إيجابية")).unwrap();
        let c = signature(
            "سجل المنتخب الوطني لكرة القدم فوزا كبيرا على منافسه في المباراة التي \
             أقيمت مساء أمس على الملعب الرئيسي بحضور جماهيري غفير من المشجعين",
        )
        .unwrap();
        assert!(similarity(&a, &b) >= THRESHOLD, "{}", similarity(&a, &b));
        assert!(similarity(&a, &c) < 0.1);
        let mut lsh = Lsh::default();
        lsh.insert(1, a.clone(), 1);
        lsh.insert(2, c, 2);
        assert_eq!(lsh.best_match(&b).map(|m| m.1), Some(1));
        assert_eq!(decode(&encode(&a)), a);
    }

    #[test]
    fn short_texts_have_no_signature() {
        assert!(signature("خبر قصير").is_none());
        assert!(signature("").is_none());
    }
}
