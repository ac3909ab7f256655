//! Stories: articles about the same event, grouped incrementally. Each article becomes a
//! weighted term vector (stems of its title and lead, weighted by rarity in a reference corpus,
//! plus its linked entities); it joins the most similar story active within a time window, or
//! starts a new one. Near-duplicates join the story of the article they copy.

use crate::analyzer;
use naba_doc::Document;
use serde::{Deserialize, Serialize};
use std::collections::{HashMap, HashSet};

/// Days either side of a story's span in which an article may still join it.
pub const WINDOW_DAYS: i32 = 3;
/// Cosine similarity needed to join a story.
pub const JOIN: f32 = 0.35;
/// Terms kept per article vector and per story centroid.
const DOC_TERMS: usize = 30;
const STORY_TERMS: usize = 60;
/// Body words read for the vector (the lead carries the event).
const LEAD_WORDS: usize = 120;
/// Words more frequent than this in the reference corpus are treated as stop words.
const STOP_FREQ: u32 = 20_000;
/// Approximate number of words in the reference frequency list's corpus.
const REF_WORDS: f32 = 2.0e6;

/// A sparse unit-length term vector.
pub type Vector = Vec<(String, f32)>;

/// The story vector of a document.
pub fn vector(doc: &Document) -> Vector {
    let mut tf: HashMap<String, f32> = HashMap::new();
    let mut add = |text: &str, weight: f32, limit: usize| {
        let mut n = 0;
        naba_arabic::tokenize_with(text, |t| {
            if n >= limit {
                return;
            }
            n += 1;
            let w = t.text(text);
            let norm = naba_arabic::normalize(w, &naba_arabic::Profile::SEARCH);
            let f = naba_arabic::clitics::frequency(&norm);
            if f > STOP_FREQ || norm.chars().count() < 3 {
                return;
            }
            if t.kind == naba_arabic::Kind::Number {
                return;
            }
            let Some(term) = analyzer::term_for(w, t.kind) else {
                return;
            };
            if term.chars().count() < 2 {
                return;
            }
            let idf = (REF_WORDS / (f as f32 + 5.0)).ln().max(0.5);
            *tf.entry(term).or_default() += weight * idf;
        });
    };
    if let Some(title) = &doc.title {
        add(title, 2.0, 40);
    }
    add(&doc.text, 1.0, LEAD_WORDS);
    for e in &doc.entities {
        *tf.entry(format!("@{}", crate::entity_key(e))).or_default() += 6.0;
    }
    let mut v: Vector = tf.into_iter().map(|(k, w)| (k, 1.0 + w.ln_1p())).collect();
    top_unit(&mut v, DOC_TERMS);
    v
}

fn top_unit(v: &mut Vector, k: usize) {
    v.sort_by(|a, b| b.1.total_cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    v.truncate(k);
    let norm = v.iter().map(|(_, w)| w * w).sum::<f32>().sqrt();
    if norm > 0.0 {
        for (_, w) in v.iter_mut() {
            *w /= norm;
        }
    }
}

/// A story as stored.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Story {
    pub id: i64,
    pub title: String,
    pub first_day: Option<i32>,
    pub last_day: Option<i32>,
    pub size: i64,
    /// Unit-length centroid of its articles' vectors (top terms).
    pub centroid: Vector,
    /// The centroid as a map, for scoring.
    #[serde(skip)]
    pub map: HashMap<String, f32>,
}

impl Story {
    fn active_at(&self, day: Option<i32>) -> bool {
        match (day, self.first_day, self.last_day) {
            (Some(d), Some(f), Some(l)) => d >= f - WINDOW_DAYS && d <= l + WINDOW_DAYS,
            _ => true,
        }
    }
}

/// The in-memory story state (rebuilt from the store on open).
#[derive(Default)]
pub struct Stories {
    pub stories: HashMap<i64, Story>,
    postings: HashMap<String, HashSet<i64>>,
    pub next_id: i64,
    pub dirty: HashSet<i64>,
}

impl Stories {
    pub fn load(&mut self, mut s: Story) {
        s.map = s.centroid.iter().cloned().collect();
        self.next_id = self.next_id.max(s.id + 1);
        self.post(&s);
        self.stories.insert(s.id, s);
    }

    fn post(&mut self, s: &Story) {
        for (t, _) in &s.centroid {
            self.postings.entry(t.clone()).or_default().insert(s.id);
        }
    }

    /// Place an article: join `forced` (the story of the article it copies) when given, the
    /// most similar active story above [`JOIN`] otherwise, or start a new story.
    pub fn assign(
        &mut self,
        v: &Vector,
        day: Option<i32>,
        title: &str,
        forced: Option<i64>,
    ) -> i64 {
        let target = forced
            .filter(|id| self.stories.contains_key(id))
            .or_else(|| {
                // Score by walking the postings of the article's terms: the cost grows with the
                // postings touched, not with the number of stories.
                let mut acc: HashMap<i64, f32> = HashMap::new();
                let stories = &self.stories;
                for (t, w) in v {
                    let Some(p) = self.postings.get_mut(t) else {
                        continue;
                    };
                    if let Some(d) = day {
                        // Stories that ended more than a window ago are done (arrival is roughly
                        // chronological): drop them from the postings.
                        p.retain(|id| stories[id].last_day.is_none_or(|l| l + WINDOW_DAYS >= d));
                    }
                    for id in p.iter() {
                        let s = &stories[id];
                        if let Some(cw) = s.map.get(t) {
                            if s.active_at(day) {
                                *acc.entry(*id).or_default() += w * cw;
                            }
                        }
                    }
                }
                acc.into_iter()
                    .filter(|&(_, sim)| sim >= JOIN)
                    .max_by(|a, b| a.1.total_cmp(&b.1).then_with(|| b.0.cmp(&a.0)))
                    .map(|b| b.0)
            });
        let id = match target {
            Some(id) => {
                let s = self.stories.get_mut(&id).expect("candidate exists");
                let n = s.size as f32;
                let mut m: HashMap<String, f32> =
                    s.centroid.drain(..).map(|(t, w)| (t, w * n)).collect();
                for (t, w) in v {
                    *m.entry(t.clone()).or_default() += w;
                }
                s.centroid = m.into_iter().collect();
                top_unit(&mut s.centroid, STORY_TERMS);
                s.map = s.centroid.iter().cloned().collect();
                s.size += 1;
                if let Some(d) = day {
                    s.first_day = Some(s.first_day.map_or(d, |f| f.min(d)));
                    s.last_day = Some(s.last_day.map_or(d, |l| l.max(d)));
                }
                if s.title.is_empty() {
                    s.title = title.to_string();
                }
                id
            }
            None => {
                let id = self.next_id;
                self.next_id += 1;
                self.stories.insert(
                    id,
                    Story {
                        id,
                        title: title.to_string(),
                        first_day: day,
                        last_day: day,
                        size: 1,
                        centroid: v.clone(),
                        map: v.iter().cloned().collect(),
                    },
                );
                id
            }
        };
        let s = self.stories[&id].clone();
        self.post(&s);
        self.dirty.insert(id);
        id
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(title: &str, body: &str) -> Document {
        let mut d = Document::new(body);
        d.title = Some(title.into());
        d
    }

    #[test]
    fn related_articles_join_and_unrelated_do_not() {
        let mut s = Stories::default();
        let a = doc(
            "استئناف المفاوضات النووية في مسقط",
            "استؤنفت في مسقط المفاوضات النووية بين طهران وواشنطن بوساطة عمانية",
        );
        let b = doc(
            "جولة جديدة من المفاوضات النووية في مسقط",
            "بدأت في مسقط جولة جديدة من المفاوضات النووية بوساطة عمانية بين طهران وواشنطن",
        );
        let c = doc(
            "الهلال يفوز على النصر في الدوري",
            "حقق فريق الهلال فوزا مثيرا على النصر في مباراة الدوري السعودي للمحترفين",
        );
        let ia = s.assign(&vector(&a), Some(100), "a", None);
        let ib = s.assign(&vector(&b), Some(101), "b", None);
        let ic = s.assign(&vector(&c), Some(101), "c", None);
        assert_eq!(ia, ib);
        assert_ne!(ia, ic);
        // Outside the window, the same words start a new story.
        let id = s.assign(&vector(&b), Some(130), "d", None);
        assert_ne!(id, ia);
        assert_eq!(s.stories[&ia].size, 2);
        assert_eq!(s.stories[&ia].last_day, Some(101));
    }
}
