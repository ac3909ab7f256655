//! Phrase gazetteer: normalized multi-word names with a type bitmask, matched longest-first over
//! a token sequence through rolling hashes (no string building per look-up).

use crate::feats::{hstr, mix, IdMap};

/// Bit 7 of an entry: the hash is a proper prefix of a longer phrase.
const PREFIX: u8 = 0x80;
/// Longest phrase, in tokens.
pub const MAX_LEN: usize = 8;

/// A set of phrases (search-normalized, space-separated tokens), each with a type bitmask
/// (bit `i` = [`crate::TYPES`]`[i]`).
#[derive(Debug, Default, Clone)]
pub struct Gazetteer {
    map: IdMap<u8>,
    /// The phrases as added (kept to write them out again).
    pub entries: Vec<(String, u8)>,
}

/// Seed of the rolling phrase hash.
const SEED: u64 = 0x6761_7a65_7474_6565;

impl Gazetteer {
    pub fn new() -> Self {
        Self::default()
    }

    /// Add a phrase (normalized with `Profile::SEARCH` here) with a type bitmask.
    pub fn add(&mut self, phrase: &str, types: u8) {
        let norm = naba_arabic::normalize(phrase, &naba_arabic::Profile::SEARCH);
        let toks: Vec<&str> = norm.split_whitespace().collect();
        if toks.is_empty() || toks.len() > MAX_LEN || types & 0x0f == 0 {
            return;
        }
        let mut h = SEED;
        for (i, t) in toks.iter().enumerate() {
            h = mix(h, hstr(t));
            let e = self.map.entry(h).or_insert(0);
            if i + 1 == toks.len() {
                *e |= types & 0x0f;
            } else {
                *e |= PREFIX;
            }
        }
        self.entries.push((toks.join(" "), types & 0x0f));
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// `type<TAB>phrase` lines (the model file's form).
    pub fn to_text(&self) -> String {
        let mut s = String::new();
        for (ph, ty) in &self.entries {
            s.push_str(&ty.to_string());
            s.push('\t');
            s.push_str(ph);
            s.push('\n');
        }
        s
    }

    /// Read [`Gazetteer::to_text`]'s lines.
    pub fn from_text(text: &str) -> Result<Self, String> {
        let mut g = Gazetteer::new();
        for line in text.lines() {
            let (ty, ph) = line.split_once('\t').ok_or("gazetteer line")?;
            let ty: u8 = ty.parse().map_err(|_| "gazetteer type")?;
            g.add(ph, ty);
        }
        Ok(g)
    }

    /// The longest phrase starting at `start` of `words` (token hashes), as `(end, types)`.
    /// `first` optionally replaces the first token's hash (a clitic-stripped form).
    pub fn longest(&self, words: &[u64], start: usize, first: Option<u64>) -> Option<(usize, u8)> {
        let mut h = SEED;
        let mut best = None;
        let end = words.len().min(start + MAX_LEN);
        for (j, &word) in words.iter().enumerate().take(end).skip(start) {
            let w = if j == start {
                first.unwrap_or(word)
            } else {
                word
            };
            h = mix(h, w);
            match self.map.get(&h) {
                None => break,
                Some(&bits) => {
                    if bits & 0x0f != 0 {
                        best = Some((j + 1, bits & 0x0f));
                    }
                    if bits & PREFIX == 0 {
                        break;
                    }
                }
            }
        }
        best
    }

    /// Per-token membership bits: low nibble = begins a phrase of type i, high nibble = inside
    /// one. Tries each token's own hash and its clitic-stripped hash at a phrase start.
    pub fn mark(&self, words: &[u64], bases: &[u64], out: &mut Vec<u8>) {
        out.clear();
        out.resize(words.len(), 0);
        if self.map.is_empty() {
            return;
        }
        for i in 0..words.len() {
            let mut m = self.longest(words, i, None);
            if bases[i] != words[i] {
                if let Some(b) = self.longest(words, i, Some(bases[i])) {
                    if m.is_none_or(|(e, _)| b.0 > e) {
                        m = Some(b);
                    }
                }
            }
            if let Some((end, types)) = m {
                out[i] |= types;
                for o in out.iter_mut().take(end).skip(i + 1) {
                    *o |= types << 4;
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hs(s: &str) -> Vec<u64> {
        s.split(' ').map(hstr).collect()
    }

    #[test]
    fn longest_match_and_clitic_base() {
        let mut g = Gazetteer::new();
        g.add("الأمم المتحدة", 0b0100);
        g.add("الأمم", 0b0010);
        g.add("بوتين", 0b0001);
        let w = hs("قالت الامم المتحده و بوتين");
        assert_eq!(g.longest(&w, 1, None), Some((3, 0b0100)));
        assert_eq!(g.longest(&w, 0, None), None);
        let w2 = hs("وبوتين قال");
        let b2 = hs("بوتين قال");
        let mut out = Vec::new();
        g.mark(&w2, &b2, &mut out);
        assert_eq!(out, vec![0b0001, 0]);
        let mut out = Vec::new();
        g.mark(&w, &w, &mut out);
        assert_eq!(out, vec![0, 0b0100, 0b0100_0000, 0, 0b0001]);
    }
}
