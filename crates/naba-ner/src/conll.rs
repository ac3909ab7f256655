//! CoNLL `token TAG` files and conlleval-style scoring.

use crate::{chunks, parse_tag, NTAGS, TYPES};
use std::fmt::Write as _;

/// One sentence: tokens and gold tag indices.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Sentence {
    pub tokens: Vec<String>,
    pub tags: Vec<u8>,
}

/// Errors reading a CoNLL file.
#[derive(Debug, thiserror::Error)]
pub enum ConllError {
    #[error("line {line}: expected `token TAG`, found {found:?}")]
    Format { line: usize, found: String },
    #[error("line {line}: unknown tag {tag:?} (expected O, B-X or I-X with X in PER/PERS, LOC, ORG, MISC)")]
    Tag { line: usize, tag: String },
}

/// Parse CoNLL text: one `token TAG` per line (the token is everything before the last run of
/// whitespace), blank lines between sentences. `-DOCSTART-` lines are skipped.
pub fn parse(text: &str) -> Result<Vec<Sentence>, ConllError> {
    let mut out = Vec::new();
    let mut cur = Sentence::default();
    for (i, line) in text.lines().enumerate() {
        let line = line.trim_end_matches(['\r', '\u{feff}']);
        let line = line.trim();
        if line.is_empty() {
            if !cur.tokens.is_empty() {
                out.push(std::mem::take(&mut cur));
            }
            continue;
        }
        if line.starts_with("-DOCSTART-") {
            continue;
        }
        let Some((tok, tag)) = line.rsplit_once(char::is_whitespace) else {
            return Err(ConllError::Format {
                line: i + 1,
                found: line.chars().take(80).collect(),
            });
        };
        let tag = tag.trim();
        let t = parse_tag(tag).ok_or_else(|| ConllError::Tag {
            line: i + 1,
            tag: tag.chars().take(40).collect(),
        })?;
        cur.tokens.push(tok.trim().to_string());
        cur.tags.push(t);
    }
    if !cur.tokens.is_empty() {
        out.push(cur);
    }
    Ok(out)
}

/// Chunk counts for one type (or the micro total).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    pub gold: usize,
    pub predicted: usize,
    pub correct: usize,
}

impl Counts {
    pub fn precision(&self) -> f64 {
        ratio(self.correct, self.predicted)
    }
    pub fn recall(&self) -> f64 {
        ratio(self.correct, self.gold)
    }
    pub fn f1(&self) -> f64 {
        naba_doc::score::f1(self.precision(), self.recall())
    }
}

/// A percentage, as conlleval prints it.
fn ratio(a: usize, b: usize) -> f64 {
    100.0 * naba_doc::score::ratio(a, b)
}

/// Entity-level scores, conlleval style: a predicted chunk counts only when its type and both
/// boundaries match a gold chunk.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Score {
    pub per_type: [Counts; TYPES.len()],
    pub tokens: usize,
    pub token_correct: usize,
}

impl Score {
    /// Add one sentence's gold and predicted tags.
    pub fn add(&mut self, gold: &[u8], pred: &[u8]) {
        let g = chunks(gold);
        let p = chunks(pred);
        for c in &g {
            self.per_type[c.2].gold += 1;
        }
        for c in &p {
            self.per_type[c.2].predicted += 1;
            if g.contains(c) {
                self.per_type[c.2].correct += 1;
            }
        }
        self.tokens += gold.len();
        self.token_correct += gold.iter().zip(pred).filter(|(a, b)| a == b).count();
        debug_assert!(gold.iter().all(|&t| (t as usize) < NTAGS));
    }

    pub fn micro(&self) -> Counts {
        let mut m = Counts::default();
        for c in &self.per_type {
            m.gold += c.gold;
            m.predicted += c.predicted;
            m.correct += c.correct;
        }
        m
    }

    /// A conlleval-like report: accuracy, then P/R/F1 per type and micro.
    pub fn report(&self) -> String {
        let m = self.micro();
        let mut s = String::new();
        let _ = writeln!(
            s,
            "processed {} tokens with {} phrases; found: {} phrases; correct: {}.",
            self.tokens, m.gold, m.predicted, m.correct
        );
        let _ = writeln!(
            s,
            "accuracy: {:6.2}%; precision: {:6.2}%; recall: {:6.2}%; FB1: {:6.2}",
            ratio(self.token_correct, self.tokens),
            m.precision(),
            m.recall(),
            m.f1()
        );
        for (i, c) in self.per_type.iter().enumerate() {
            let _ = writeln!(
                s,
                "{:>17}: precision: {:6.2}%; recall: {:6.2}%; FB1: {:6.2}  {} (gold {})",
                TYPES[i],
                c.precision(),
                c.recall(),
                c.f1(),
                c.predicted,
                c.gold
            );
        }
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_scores() {
        let s = parse("بوتين B-PERS\nفي O\nموسكو B-LOC\n\nالأمم B-ORG\nالمتحدة I-ORG\n").unwrap();
        assert_eq!(s.len(), 2);
        assert_eq!(s[0].tokens, vec!["بوتين", "في", "موسكو"]);
        let mut sc = Score::default();
        sc.add(&s[0].tags, &[1, 0, 0]);
        sc.add(&s[1].tags, &[5, 0]);
        let m = sc.micro();
        assert_eq!((m.gold, m.predicted, m.correct), (3, 2, 1));
        assert!((m.precision() - 50.0).abs() < 1e-9);
        assert!((m.recall() - 100.0 / 3.0).abs() < 1e-9);
    }

    #[test]
    fn bad_lines_are_errors() {
        assert!(matches!(
            parse("word\n"),
            Err(ConllError::Format { line: 1, .. })
        ));
        assert!(matches!(
            parse("w B-XX\n"),
            Err(ConllError::Tag { line: 1, .. })
        ));
    }
}
