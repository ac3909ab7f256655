//! Document-level label consistency: a name the tagger recognised somewhere in a document is
//! recognised where it recurs untagged (news repeats names: حزب الليكود … الليكود), and a name
//! tagged with several types takes its majority type.

use crate::feats::{mix, IdMap};
use crate::{chunks, NTAGS};

/// Longest phrase considered, in tokens.
const MAX_LEN: usize = 6;

/// Sentences per document when a CoNLL file (which has no document boundaries) is scored:
/// about one ANERcorp news story.
pub const DOC_SENTENCES: usize = 16;

const SEED: u64 = 0x636f_6e73_6973_7465;

/// Make the tags of a document's sentences consistent (see the module docs). `keys[i]` holds,
/// for each token of sentence `i`, the hashes of its search-normalized form and of its
/// clitic-stripped base ([`crate::feats::TokInfo`]'s `w` and `b`); `tags[i]` its IOB2 tags.
/// A phrase is matched on its first token's base and the other tokens' forms (وبوتين = بوتين).
pub fn propagate(keys: &[Vec<(u64, u64)>], tags: &mut [Vec<u8>]) {
    if keys.len() != tags.len()
        || keys
            .iter()
            .zip(tags.iter())
            .any(|(k, t)| k.len() != t.len())
    {
        return;
    }
    let phrase = |s: &[(u64, u64)], a: usize, b: usize| {
        let mut h = mix(SEED, s[a].1);
        for x in &s[a + 1..b] {
            h = mix(h, x.0);
        }
        h
    };
    // Phrase → votes per type; prefixes of phrases are marked so look-ups can stop early.
    let mut votes: IdMap<[u32; 4]> = IdMap::default();
    let mut prefixes: IdMap<()> = IdMap::default();
    for (s, t) in keys.iter().zip(tags.iter()) {
        for (a, b, ty) in chunks(t) {
            if b - a > MAX_LEN {
                continue;
            }
            votes.entry(phrase(s, a, b)).or_default()[ty] += 1;
            for e in a + 1..b {
                prefixes.insert(phrase(s, a, e), ());
            }
        }
    }
    if votes.is_empty() {
        return;
    }
    let best = |v: &[u32; 4]| {
        (0..4)
            .max_by_key(|&i| (v[i], std::cmp::Reverse(i)))
            .unwrap_or(0)
    };
    let set = |t: &mut [u8], a: usize, b: usize, ty: usize| {
        for (j, x) in t.iter_mut().enumerate().take(b).skip(a) {
            *x = (1 + 2 * ty + usize::from(j > a)) as u8;
        }
    };
    for (s, t) in keys.iter().zip(tags.iter_mut()) {
        // Majority type for tagged phrases.
        for (a, b, ty) in chunks(t) {
            if b - a > MAX_LEN {
                continue;
            }
            if let Some(v) = votes.get(&phrase(s, a, b)) {
                let m = best(v);
                if v[m] > v[ty] {
                    set(t, a, b, m);
                }
            }
        }
        // Untagged recurrences, longest phrase first.
        let mut i = 0;
        while i < s.len() {
            let mut hit = None;
            if t[i] == 0 {
                let mut h = mix(SEED, s[i].1);
                let mut j = i;
                loop {
                    if let Some(v) = votes.get(&h) {
                        hit = Some((j + 1, best(v)));
                    }
                    j += 1;
                    if j >= s.len() || j - i >= MAX_LEN || t[j] != 0 || !prefixes.contains_key(&h) {
                        break;
                    }
                    h = mix(h, s[j].0);
                }
                // Not when the phrase runs into the inside of a tagged name.
                if let Some((e, _)) = hit {
                    if e < t.len() && t[e] != 0 && !crate::is_begin(t[e]) {
                        hit = None;
                    }
                }
            }
            match hit {
                Some((e, ty)) => {
                    set(t, i, e, ty);
                    i = e;
                }
                None => i += 1,
            }
        }
        debug_assert!(t.iter().all(|&x| (x as usize) < NTAGS));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::feats::hstr;
    use crate::parse_tag;

    fn keys(doc: &[Vec<&str>]) -> Vec<Vec<(u64, u64)>> {
        doc.iter()
            .map(|s| {
                s.iter()
                    .map(|t| {
                        let n = naba_arabic::normalize(t, &naba_arabic::Profile::SEARCH);
                        let b = naba_arabic::clitics::segment(&n).base.to_string();
                        (hstr(&n), hstr(&b))
                    })
                    .collect()
            })
            .collect()
    }

    fn tags(s: &str) -> Vec<u8> {
        s.split(' ').map(|x| parse_tag(x).unwrap()).collect()
    }

    #[test]
    fn recurrences_take_the_label() {
        let doc = vec![
            vec!["قال", "حزب", "الليكود", "اليوم"],
            vec!["وقال", "حزب", "الليكود", "يميني"],
        ];
        let mut t = vec![tags("O B-ORG I-ORG O"), tags("O O O O")];
        propagate(&keys(&doc), &mut t);
        assert_eq!(t[1], tags("O B-ORG I-ORG O"));
        // Single-word names propagate, also with a proclitic.
        let doc = vec![vec!["بوتين", "قال"], vec!["وبوتين", "و", "بوتين"]];
        let mut t = vec![tags("B-PER O"), tags("O O O")];
        propagate(&keys(&doc), &mut t);
        assert_eq!(t[1], tags("B-PER O B-PER"));
    }

    #[test]
    fn majority_type_wins_and_mismatched_lengths_are_left_alone() {
        let doc = vec![vec!["ليون", "ليون", "ليون"]];
        let mut t = vec![tags("B-ORG B-ORG B-PER")];
        propagate(&keys(&doc), &mut t);
        assert_eq!(t[0], tags("B-ORG B-ORG B-ORG"));
        let mut bad = vec![tags("B-ORG")];
        propagate(&keys(&doc), &mut bad);
        assert_eq!(bad[0], tags("B-ORG"));
        propagate(&[], &mut []);
    }
}
