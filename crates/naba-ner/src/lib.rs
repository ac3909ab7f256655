//! Named entities for naba.
//!
//! - [`model`]: an averaged-perceptron sequence labeller (first-order Viterbi, hashed sparse
//!   features over normalized and clitic-stripped forms, affixes, shape, context, gazetteer
//!   membership and word clusters learned from unlabeled news), with a compact checksummed
//!   binary format;
//! - [`train`]: reproducible training from CoNLL files;
//! - [`conll`]: CoNLL reading and conlleval-style scoring;
//! - [`clusters`]: word clusters from unlabeled text (spherical k-means over context counts);
//! - [`kb`]: the hand-editable knowledge base (`data/kb/*.tsv`);
//! - [`link`]: mentions in a document, gazetteer proposals and linking to the knowledge base.

pub mod brown;
pub mod clusters;
pub mod conll;
pub mod consistency;
pub mod embed;
pub mod feats;
pub mod gazetteer;
pub mod kb;
pub mod link;
pub mod link_eval;
pub mod mined;
pub mod model;
pub mod neural;
pub mod titles;
pub mod train;

pub use model::{Model, ModelError};

/// Entity types, in tag order.
pub const TYPES: [&str; 4] = ["PER", "LOC", "ORG", "MISC"];

/// Number of IOB2 tags: `O`, then `B-T`, `I-T` for each type.
pub const NTAGS: usize = 1 + 2 * TYPES.len();

/// Tag index → label (`O`, `B-PER`, `I-PER`, …).
pub fn tag_name(t: u8) -> &'static str {
    const NAMES: [&str; NTAGS] = [
        "O", "B-PER", "I-PER", "B-LOC", "I-LOC", "B-ORG", "I-ORG", "B-MISC", "I-MISC",
    ];
    NAMES.get(t as usize).copied().unwrap_or("O")
}

/// Label → tag index. Accepts ANERcorp's `PERS` for `PER`; unknown labels are `None`.
pub fn parse_tag(s: &str) -> Option<u8> {
    if s == "O" {
        return Some(0);
    }
    let (bi, ty) = s.split_once('-')?;
    let ty = type_index(ty)?;
    let off = match bi {
        "B" => 1,
        "I" => 2,
        _ => return None,
    };
    Some(1 + 2 * ty as u8 + off - 1)
}

/// Type name → index into [`TYPES`] (`PERS` is `PER`).
pub fn type_index(ty: &str) -> Option<usize> {
    match ty {
        "PER" | "PERS" => Some(0),
        "LOC" => Some(1),
        "ORG" => Some(2),
        "MISC" => Some(3),
        _ => None,
    }
}

/// The tag of type `ty`: `B-` (`inside = false`) or `I-`; the inverse of [`tag_type`] and
/// [`is_begin`].
pub fn tag_of(ty: usize, inside: bool) -> u8 {
    (1 + 2 * ty + usize::from(inside)) as u8
}

/// The type index of a non-O tag.
pub fn tag_type(t: u8) -> Option<usize> {
    (t > 0 && (t as usize) < NTAGS).then(|| (t as usize - 1) / 2)
}

/// Whether a tag is a `B-` tag.
pub fn is_begin(t: u8) -> bool {
    t > 0 && (t as usize) < NTAGS && (t - 1).is_multiple_of(2)
}

/// Token index ranges `(first, end)` of the non-empty sentences, given naba's tokens and the
/// sentences' char spans (`naba_arabic::sentences::split_tokens`).
pub(crate) fn sentence_ranges(
    toks: &[naba_arabic::Tok],
    sentences: &[(usize, usize)],
) -> Vec<(usize, usize)> {
    let mut out = Vec::with_capacity(sentences.len());
    let mut si = 0usize;
    for &(ss, se) in sentences {
        while si < toks.len() && toks[si].start < ss {
            si += 1;
        }
        let mut ei = si;
        while ei < toks.len() && toks[ei].end <= se {
            ei += 1;
        }
        if ei > si {
            out.push((si, ei));
        }
        si = ei;
    }
    out
}

/// Chunks `(start, end, type)` of a tag sequence, conlleval style: a chunk starts at `B-X`, or
/// at `I-X` after `O` or after another type.
pub fn chunks(tags: &[u8]) -> Vec<(usize, usize, usize)> {
    let mut out = Vec::new();
    let mut cur: Option<(usize, usize)> = None; // (start, type)
    for (i, &t) in tags.iter().enumerate() {
        let ty = tag_type(t);
        let continues = matches!((cur, ty), (Some((_, ct)), Some(nt)) if !is_begin(t) && nt == ct);
        if !continues {
            if let Some((s, ct)) = cur.take() {
                out.push((s, i, ct));
            }
            if let Some(nt) = ty {
                cur = Some((i, nt));
            }
        }
    }
    if let Some((s, ct)) = cur {
        out.push((s, tags.len(), ct));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_round_trip() {
        for t in 0..NTAGS as u8 {
            assert_eq!(parse_tag(tag_name(t)), Some(t));
        }
        assert_eq!(parse_tag("B-PERS"), Some(1));
        assert_eq!(parse_tag("X-PER"), None);
        assert_eq!(parse_tag("B-FOO"), None);
    }

    #[test]
    fn chunks_follow_conlleval() {
        let t = |s: &str| {
            s.split(' ')
                .map(|x| parse_tag(x).unwrap())
                .collect::<Vec<_>>()
        };
        assert_eq!(
            chunks(&t("B-PER I-PER O B-LOC")),
            vec![(0, 2, 0), (3, 4, 1)]
        );
        // I- after O starts a chunk; a type change splits.
        assert_eq!(
            chunks(&t("O I-ORG I-ORG I-LOC")),
            vec![(1, 3, 2), (3, 4, 1)]
        );
        assert_eq!(chunks(&t("B-PER B-PER")), vec![(0, 1, 0), (1, 2, 0)]);
    }
}
