//! Scoring the entity layer's links against a gold set of passages (`naba eval link`).
//!
//! Gold: JSONL, one passage a line: `{"id", "text", "published", "entities": [{"text", "id"}]}`,
//! every name of the passage listed in order of appearance; `id` is the knowledge-base id it
//! should link to, or `null` for a name the knowledge base lacks (a link there is wrong). A
//! predicted entity matches a gold one when their character spans overlap, so the scoring is
//! about which entry a name links to, not about span boundaries (`naba eval ner` scores those).

use crate::kb::Kb;
use naba_doc::Entity;
use serde::Deserialize;
use std::collections::BTreeMap;

#[derive(Debug, Clone, Deserialize)]
pub struct Passage {
    #[serde(default)]
    pub id: Option<serde_json::Value>,
    pub text: String,
    #[serde(default)]
    pub published: Option<String>,
    pub entities: Vec<GoldEntity>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct GoldEntity {
    pub text: String,
    pub id: Option<String>,
}

/// A gold entity located in its passage: char span `[start, end)`.
#[derive(Debug, Clone)]
pub struct Located {
    pub start: usize,
    pub end: usize,
    pub text: String,
    pub id: Option<String>,
}

/// Parse the gold JSONL and locate each entity's text in its passage, in order (the n-th
/// entity is searched after the (n−1)-th one's start, so a repeated name is found again).
pub fn parse_gold(s: &str) -> Result<Vec<(Passage, Vec<Located>)>, String> {
    let mut out = Vec::new();
    for (i, l) in s.lines().enumerate().filter(|(_, l)| !l.trim().is_empty()) {
        let p: Passage = serde_json::from_str(l).map_err(|e| format!("line {}: {e}", i + 1))?;
        let mut located = Vec::with_capacity(p.entities.len());
        let mut from = 0usize; // byte offset
        for g in &p.entities {
            let at = p.text[from..]
                .find(&g.text)
                .map(|b| from + b)
                .ok_or_else(|| format!("line {}: `{}` not found in order", i + 1, g.text))?;
            let start = p.text[..at].chars().count();
            let len = g.text.chars().count();
            located.push(Located {
                start,
                end: start + len,
                text: g.text.clone(),
                id: g.id.clone(),
            });
            from = at + g.text.len().max(1);
        }
        out.push((p, located));
    }
    Ok(out)
}

/// Counts for one kind of entry (or all).
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Counts {
    /// Links made (predicted entities with an id that overlap a gold name or none).
    pub links: usize,
    /// Links to the gold entry.
    pub right: usize,
    /// Gold names with an id.
    pub gold: usize,
    /// Of those, found with the right link.
    pub found: usize,
}

// The arithmetic every `naba eval …` scorer shares.
impl Counts {
    pub fn precision(&self) -> f64 {
        naba_doc::score::ratio(self.right, self.links)
    }
    pub fn recall(&self) -> f64 {
        naba_doc::score::ratio(self.found, self.gold)
    }
    pub fn f1(&self) -> f64 {
        naba_doc::score::f1(self.precision(), self.recall())
    }
}

#[derive(Debug, Default)]
pub struct Report {
    pub passages: usize,
    pub all: Counts,
    /// By the entry's kind: the gold entry's for recall, the linked entry's for precision.
    pub by_kind: BTreeMap<String, Counts>,
    /// Gold names (with or without an id) that no predicted entity overlaps.
    pub unseen: usize,
    pub names: usize,
    /// Human-readable errors: wrong links, spurious links, missed links.
    pub errors: Vec<String>,
}

/// Score predicted entities (one list per passage, in gold order) against the gold set.
pub fn score(gold: &[(Passage, Vec<Located>)], predicted: &[Vec<Entity>], kb: &Kb) -> Report {
    let kind_of = |id: &str| {
        kb.get(id)
            .map_or_else(|| "?".to_string(), |e| e.kind.clone())
    };
    let mut r = Report {
        passages: gold.len(),
        ..Report::default()
    };
    for ((p, golds), preds) in gold.iter().zip(predicted) {
        let tag = p.id.as_ref().map_or_else(String::new, |v| format!("#{v} "));
        let overlaps = |g: &Located, e: &Entity| e.start < g.end && g.start < e.end;
        for e in preds {
            let Some(id) = e.id.as_deref() else { continue };
            let kind = e.kind.clone().unwrap_or_else(|| kind_of(id));
            let hit = golds.iter().filter(|g| overlaps(g, e)).collect::<Vec<_>>();
            let right = hit.iter().any(|g| g.id.as_deref() == Some(id));
            for c in [&mut r.all, r.by_kind.entry(kind).or_default()] {
                c.links += 1;
                c.right += right as usize;
            }
            if !right {
                let want = match hit.first() {
                    Some(g) => format!("gold {}", g.id.as_deref().unwrap_or("none")),
                    None => "not a gold name".to_string(),
                };
                r.errors
                    .push(format!("{tag}wrong link: {} → {id} ({want})", e.text));
            }
        }
        for g in golds {
            r.names += 1;
            if !preds.iter().any(|e| overlaps(g, e)) {
                r.unseen += 1;
            }
            let Some(id) = g.id.as_deref() else { continue };
            let found = preds
                .iter()
                .any(|e| overlaps(g, e) && e.id.as_deref() == Some(id));
            for c in [&mut r.all, r.by_kind.entry(kind_of(id)).or_default()] {
                c.gold += 1;
                c.found += found as usize;
            }
            if !found && !preds.iter().any(|e| overlaps(g, e) && e.id.is_some()) {
                r.errors.push(format!("{tag}missed: {} ({id})", g.text));
            }
        }
    }
    r
}

impl Report {
    pub fn render(&self, verbose: bool) -> String {
        let mut s = format!(
            "{} passages, {} gold names ({} to link); {} names not found as entities\n",
            self.passages, self.names, self.all.gold, self.unseen
        );
        let line = |name: &str, c: &Counts| {
            format!(
                "{name:<14} links {:>4}  right {:>4}  P {:>5.1}  gold {:>4}  found {:>4}  R {:>5.1}  F1 {:>5.1}\n",
                c.links,
                c.right,
                100.0 * c.precision(),
                c.gold,
                c.found,
                100.0 * c.recall(),
                100.0 * c.f1()
            )
        };
        s += &line("all", &self.all);
        for (k, c) in &self.by_kind {
            s += &line(k, c);
        }
        if verbose {
            for e in &self.errors {
                s += e;
                s.push('\n');
            }
        }
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ent(text: &str, start: usize, id: Option<&str>) -> Entity {
        Entity {
            text: text.to_string(),
            start,
            end: start + text.chars().count(),
            kind_tag: "PER".to_string(),
            id: id.map(str::to_string),
            name: None,
            kind: Some("person".to_string()),
            cluster: None,
        }
    }

    #[test]
    fn locates_repeated_names_in_order_and_scores_links() {
        let line = r#"{"id": 1, "text": "قال بوتين إن بوتين وزيد سيلتقيان", "entities": [{"text": "بوتين", "id": "Q7747"}, {"text": "بوتين", "id": "Q7747"}, {"text": "زيد", "id": null}]}"#;
        let gold = parse_gold(line).unwrap();
        let spans: Vec<(usize, usize)> = gold[0].1.iter().map(|g| (g.start, g.end)).collect();
        assert_eq!(spans, [(4, 9), (13, 18), (20, 23)]);
        // One right link, one missed, one link on a name the knowledge base lacks.
        let preds = vec![vec![
            ent("بوتين", 4, Some("Q7747")),
            ent("بوتين", 13, None),
            ent("زيد", 20, Some("Q1")),
        ]];
        let r = score(&gold, &preds, Kb::embedded());
        assert_eq!(
            (r.all.links, r.all.right, r.all.gold, r.all.found),
            (2, 1, 2, 1)
        );
        assert_eq!(r.unseen, 0);
        assert_eq!(r.errors.len(), 2, "{:?}", r.errors);
    }

    #[test]
    fn a_name_out_of_order_is_an_error() {
        let line = r#"{"text": "قال زيد", "entities": [{"text": "عمرو", "id": null}]}"#;
        assert!(parse_gold(line).is_err());
        assert!(parse_gold("{not json").is_err());
    }
}
