//! Stories: articles about the same event, grouped incrementally. Each article becomes a
//! weighted term vector (stems of its title and lead, weighted by rarity in a reference corpus,
//! plus its linked entities); it joins the most similar story active within a time window, or
//! starts a new one. Near-duplicates join the story of the article they copy.
//!
//! Similar is not enough: recurring coverage shares its wording (a royal reception, a weather
//! bulletin, a condolence cable) across different events. An article therefore joins a story
//! only if they also share an *anchor*: a term that is rare in the corpus so far (a visitor's
//! name, a place, an uncommon word), counted by the stories' own document frequencies. An
//! article with no rare term at all may join a story it is very similar to.

use crate::analyzer;
use naba_doc::Document;
use serde::{Deserialize, Serialize};
use std::collections::{HashMap, HashSet};

/// Days either side of a story's span in which an article may still join it.
pub const WINDOW_DAYS: i32 = 3;
/// Cosine similarity needed to join a story (with a shared anchor term).
pub const JOIN: f32 = 0.35;
/// Cosine similarity that joins a story for an article that has no anchor term.
pub const JOIN_ALONE: f32 = 0.6;
/// A term is an anchor while it is in at most this many article vectors, or this share of
/// them, whichever is larger.
const ANCHOR_DOCS: u32 = 12;
const ANCHOR_SHARE: f32 = 0.002;
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
    /// In how many article vectors each term occurs (for anchors), and of how many.
    df: HashMap<String, u32>,
    docs: u32,
    /// Terms whose count changed since [`Stories::take_df_changes`].
    df_dirty: HashSet<String>,
}

impl Stories {
    pub fn load(&mut self, mut s: Story) {
        s.map = s.centroid.iter().cloned().collect();
        self.next_id = self.next_id.max(s.id + 1);
        self.post(&s);
        self.stories.insert(s.id, s);
    }

    /// Restore the document frequencies saved with [`Stories::take_df_changes`].
    pub fn load_df(&mut self, docs: u32, df: impl IntoIterator<Item = (String, u32)>) {
        self.docs = docs;
        self.df.extend(df);
    }

    /// The terms whose document frequency changed since the last call, with their counts, and
    /// the number of articles counted (to be saved with the batch).
    pub fn take_df_changes(&mut self) -> (u32, Vec<(String, u32)>) {
        let changed = std::mem::take(&mut self.df_dirty)
            .into_iter()
            .map(|t| {
                let n = self.df[&t];
                (t, n)
            })
            .collect();
        (self.docs, changed)
    }

    /// How many article vectors have been counted for the anchor frequencies.
    pub fn counted(&self) -> u32 {
        self.docs
    }

    fn is_anchor(&self, term: &str) -> bool {
        let limit = ANCHOR_DOCS.max((self.docs as f32 * ANCHOR_SHARE) as u32);
        self.df.get(term).is_some_and(|&n| n <= limit)
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
        self.docs += 1;
        for (t, _) in v {
            *self.df.entry(t.clone()).or_default() += 1;
            self.df_dirty.insert(t.clone());
        }
        let target = forced
            .filter(|id| self.stories.contains_key(id))
            .or_else(|| {
                // Score by walking the postings of the article's terms: the cost grows with the
                // postings touched, not with the number of stories.
                let mut acc: HashMap<i64, (f32, bool)> = HashMap::new();
                let stories = &self.stories;
                let anchors: Vec<bool> = v.iter().map(|(t, _)| self.is_anchor(t)).collect();
                let unanchored = !anchors.contains(&true);
                for ((t, w), anchor) in v.iter().zip(anchors) {
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
                                let e = acc.entry(*id).or_default();
                                e.0 += w * cw;
                                e.1 |= anchor;
                            }
                        }
                    }
                }
                acc.into_iter()
                    .filter(|&(_, (sim, anchored))| {
                        sim >= if anchored {
                            JOIN
                        } else if unanchored {
                            JOIN_ALONE
                        } else {
                            f32::INFINITY
                        }
                    })
                    .max_by(|a, b| a.1 .0.total_cmp(&b.1 .0).then_with(|| b.0.cmp(&a.0)))
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

    /// Recurring coverage with one template (a reception, a different visitor each time) does
    /// not chain into one story once the template's words are common; reports of one event,
    /// which share its rare names, still group.
    #[test]
    fn template_coverage_of_different_events_stays_apart() {
        let visitors = [
            "الشيشان",
            "السودان",
            "البرازيل",
            "الأرجنتين",
            "إندونيسيا",
            "ماليزيا",
            "نيجيريا",
            "كازاخستان",
            "أوزبكستان",
            "طاجيكستان",
            "أذربيجان",
            "جورجيا",
            "أرمينيا",
            "البوسنة",
            "ألبانيا",
            "كرواتيا",
            "سلوفينيا",
            "بلغاريا",
            "رومانيا",
            "مولدوفا",
            "الجبل الأسود",
            "مقدونيا",
            "الفلبين",
            "فيتنام",
            "كمبوديا",
            "لاوس",
            "ميانمار",
            "سريلانكا",
            "النيبال",
            "بوتان",
        ];
        // Outlets word the same kind of event differently; the template words recur.
        let titles = [
            "خادم الحرمين يستقبل رئيس",
            "الملك يبحث العلاقات الثنائية مع رئيس",
            "خادم الحرمين الشريفين يلتقي رئيس",
        ];
        let bodies = [
            "استقبل خادم الحرمين الشريفين في قصر السلام بجدة اليوم رئيس {} وبحث معه العلاقات \
             الثنائية وسبل تعزيزها",
            "بحث خادم الحرمين مع رئيس {} خلال استقباله له المستجدات الإقليمية والدولية \
             والجهود المبذولة تجاهها",
            "التقى الملك رئيس {} وجرى خلال اللقاء استعراض أوجه التعاون بين البلدين الشقيقين \
             وفرص تطويره في المجالات كافة",
        ];
        let mut s = Stories::default();
        // The template's wording is common in the corpus (as it is in real news): the same
        // phrases, other events.
        for (i, v) in visitors.iter().chain(&visitors).enumerate() {
            let d = doc(
                &format!("{} وزراء {v} في مؤتمر", titles[i % 3]),
                &format!("{} في مؤتمر اقتصادي", bodies[i % 3].replace("{}", v)),
            );
            s.assign(&vector(&d), Some(100 + 10 * i as i32), v, None);
        }
        let mut ids = Vec::new();
        for (i, v) in visitors.into_iter().enumerate() {
            let d = doc(
                &format!("{} {v}", titles[i % 3]),
                &bodies[(i / 3) % 3].replace("{}", v),
            );
            ids.push(s.assign(&vector(&d), Some(200), v, None));
        }
        // Each reception is its own story.
        let distinct: HashSet<i64> = ids.iter().copied().collect();
        assert_eq!(distinct.len(), visitors.len(), "{ids:?}");
        // Two reports of one event share its rare words and join.
        let a = doc(
            "حطام الطائرة الماليزية في جزيرة ريونيون",
            "عثر على حطام يعتقد أنه من الطائرة الماليزية المفقودة على شاطئ جزيرة ريونيون الفرنسية",
        );
        let b = doc(
            "ماليزيا تؤكد أن حطام ريونيون من الطائرة المفقودة",
            "أكدت ماليزيا أن الحطام الذي عثر عليه في جزيرة ريونيون يعود إلى الطائرة المفقودة",
        );
        let ia = s.assign(&vector(&a), Some(201), "a", None);
        let ib = s.assign(&vector(&b), Some(202), "b", None);
        assert_eq!(ia, ib);
        assert_eq!(s.counted(), 3 * visitors.len() as u32 + 2);
    }
}
