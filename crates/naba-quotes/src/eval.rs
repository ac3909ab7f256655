//! Scoring quotes against a gold set (`tests/data/quotes-gold.jsonl`): one JSON object per
//! passage, `{"id", "text", "published"?, "quotes": [{"speaker", "cue", "content", "direct",
//! "sources"?, "channel"?}]}`. A `null` speaker means the passage gives none to resolve.

use naba_arabic::{normalize, Profile};
use naba_doc::Quote;
use serde::Deserialize;
use std::fmt::Write as _;

#[derive(Debug, Clone, Deserialize)]
pub struct GoldQuote {
    pub speaker: Option<String>,
    pub cue: String,
    pub content: String,
    pub direct: bool,
    #[serde(default)]
    pub sources: Vec<String>,
    #[serde(default)]
    pub channel: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct Passage {
    pub id: serde_json::Value,
    pub text: String,
    #[serde(default)]
    pub published: Option<String>,
    pub quotes: Vec<GoldQuote>,
}

/// Parse a gold file; errors name the line.
pub fn parse_gold(s: &str) -> Result<Vec<Passage>, String> {
    s.lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
        .map(|(i, l)| serde_json::from_str(l).map_err(|e| format!("line {}: {e}", i + 1)))
        .collect()
}

fn words(s: &str) -> Vec<String> {
    normalize(s, &Profile::SEARCH)
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect()
}

/// Token-overlap F1 of two texts (normalized words, multiset).
pub fn overlap_f1(a: &str, b: &str) -> f64 {
    let (wa, mut wb) = (words(a), words(b));
    if wa.is_empty() || wb.is_empty() {
        return 0.0;
    }
    let mut common = 0;
    for w in &wa {
        if let Some(p) = wb.iter().position(|x| x == w) {
            wb.swap_remove(p);
            common += 1;
        }
    }
    let (p, r) = (
        common as f64 / wa.len() as f64,
        common as f64 / words(b).len() as f64,
    );
    if common == 0 {
        0.0
    } else {
        2.0 * p * r / (p + r)
    }
}

fn same_name(gold: &str, text: &str, name: Option<&str>) -> bool {
    let g = normalize(gold, &Profile::SEARCH);
    let t = normalize(text, &Profile::SEARCH);
    t.contains(&g)
        || g.contains(&t) && !t.is_empty()
        || name.is_some_and(|n| n.eq_ignore_ascii_case(gold))
}

/// Does a predicted quote match a gold one (speaker and content)?
pub fn matches(g: &GoldQuote, q: &Quote) -> bool {
    let speaker_ok = match (&g.speaker, &q.speaker) {
        (None, _) => true,
        (Some(gs), Some(p)) => same_name(gs, &p.text, p.name.as_deref()),
        (Some(_), None) => false,
    };
    speaker_ok && overlap_f1(&g.content, &q.content.text) >= 0.6
}

#[derive(Debug, Default)]
pub struct Report {
    pub passages: usize,
    pub gold: usize,
    pub predicted: usize,
    pub matched: usize,
    pub cue_ok: usize,
    pub direct_ok: usize,
    pub sources_ok: usize,
    pub channel_ok: usize,
    pub misses: Vec<String>,
}

impl Report {
    pub fn precision(&self) -> f64 {
        naba_doc::score::ratio(self.matched, self.predicted)
    }
    pub fn recall(&self) -> f64 {
        naba_doc::score::ratio(self.matched, self.gold)
    }
    pub fn f1(&self) -> f64 {
        naba_doc::score::f1(self.precision(), self.recall())
    }
    pub fn render(&self, show_misses: bool) -> String {
        let mut s = String::new();
        let pct = |n: usize| 100.0 * n as f64 / self.matched.max(1) as f64;
        let _ = writeln!(s, "passages\t{}", self.passages);
        let _ = writeln!(
            s,
            "gold quotes\t{}\tpredicted\t{}\tmatched\t{}",
            self.gold, self.predicted, self.matched
        );
        let _ = writeln!(s, "speaker+content precision\t{:.3}", self.precision());
        let _ = writeln!(s, "speaker+content recall\t{:.3}", self.recall());
        let _ = writeln!(s, "speaker+content F1\t{:.3}", self.f1());
        let _ = writeln!(s, "of matched: cue right\t{:.1}%", pct(self.cue_ok));
        let _ = writeln!(s, "of matched: direct right\t{:.1}%", pct(self.direct_ok));
        let _ = writeln!(s, "of matched: sources right\t{:.1}%", pct(self.sources_ok));
        let _ = writeln!(s, "of matched: channel right\t{:.1}%", pct(self.channel_ok));
        if show_misses {
            for m in &self.misses {
                let _ = writeln!(s, "{m}");
            }
        }
        s
    }
}

/// Score predictions (one list per passage, same order).
pub fn score(passages: &[Passage], predicted: &[Vec<Quote>]) -> Report {
    let mut r = Report {
        passages: passages.len(),
        ..Default::default()
    };
    for (p, preds) in passages.iter().zip(predicted) {
        r.gold += p.quotes.len();
        r.predicted += preds.len();
        let mut used = vec![false; preds.len()];
        for g in &p.quotes {
            let hit = (0..preds.len()).find(|&k| !used[k] && matches(g, &preds[k]));
            let Some(k) = hit else {
                r.misses.push(format!(
                    "MISSED\t{}\t{} / {} / {}",
                    p.id,
                    g.speaker.as_deref().unwrap_or("-"),
                    g.cue,
                    g.content
                ));
                continue;
            };
            used[k] = true;
            r.matched += 1;
            let q = &preds[k];
            let cue_ok = normalize(&q.cue.text, &Profile::SEARCH)
                .contains(&normalize(&g.cue, &Profile::SEARCH))
                || crate::same_lemma(&q.cue.text, &g.cue);
            r.cue_ok += usize::from(cue_ok);
            r.direct_ok += usize::from(q.direct == g.direct);
            let sources_ok = g.sources.len() == q.sources.len()
                && g.sources.iter().all(|gs| {
                    q.sources
                        .iter()
                        .any(|s| same_name(gs, &s.text, s.name.as_deref()))
                });
            r.sources_ok += usize::from(sources_ok);
            let channel_ok = match (&g.channel, &q.channel) {
                (None, None) => true,
                (Some(gc), Some(c)) => same_name(gc, &c.text, c.name.as_deref()),
                _ => false,
            };
            r.channel_ok += usize::from(channel_ok);
            if !(cue_ok && sources_ok && channel_ok && q.direct == g.direct) {
                r.misses.push(format!(
                    "ATTRS\t{}\tcue {} (gold {}), direct {} (gold {}), sources {:?} (gold {:?}), channel {:?} (gold {:?})",
                    p.id,
                    q.cue.text,
                    g.cue,
                    q.direct,
                    g.direct,
                    q.sources.iter().map(|s| s.text.as_str()).collect::<Vec<_>>(),
                    g.sources,
                    q.channel.as_ref().map(|c| c.text.as_str()),
                    g.channel
                ));
            }
        }
        for (k, q) in preds.iter().enumerate() {
            if !used[k] {
                r.misses.push(format!(
                    "EXTRA\t{}\t{} / {} / {}",
                    p.id,
                    q.speaker.as_ref().map_or("-", |s| s.text.as_str()),
                    q.cue.text,
                    q.content.text
                ));
            }
        }
    }
    r
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn overlap() {
        assert!((overlap_f1("موسكو مستعدة للحوار", "موسكو مستعدة للحوار") - 1.0).abs() < 1e-9);
        assert!(overlap_f1("موسكو مستعدة", "واشنطن ترفض") < 0.01);
    }
}
