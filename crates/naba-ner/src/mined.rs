//! Names mined from unlabeled news: a first-stage tagger labels a news corpus, and the names it
//! finds often enough with one type become a gazetteer for the second stage. A name the tagger
//! recognises in clear contexts somewhere in the corpus (اللاعب X، شركة Y) is then known where
//! the context says little, which is where unseen names are missed.
//!
//! The second stage must learn how far to trust this list on names it has *not* memorised, so
//! the lists used for training are jackknifed: training sentence `i` sees the list mined by a
//! model trained without fold `i % K`. The model keeps the list mined by a model trained on all
//! the data, for tagging.

use crate::clusters::Clusters;
use crate::conll::Sentence;
use crate::gazetteer::Gazetteer;
use crate::model::{Model, Scratch};
use crate::train::{train, Config};
use std::collections::HashMap;

/// Settings of the mining.
#[derive(Debug, Clone, PartialEq)]
pub struct MineConfig {
    /// Jackknife folds (0 = no mined names).
    pub folds: usize,
    /// Fewest times a name must be found.
    pub min_count: u32,
    /// Least share of its finds the majority type must have.
    pub min_share: f32,
    /// Longest mined name, in tokens.
    pub max_len: usize,
}

impl Default for MineConfig {
    fn default() -> Self {
        MineConfig {
            folds: 0,
            min_count: 3,
            min_share: 0.7,
            max_len: 6,
        }
    }
}

/// The jackknifed lists (one per fold) and the list mined by the full first-stage model.
#[derive(Debug, Clone, Default)]
pub struct Mined {
    pub folds: Vec<Gazetteer>,
    pub full: Gazetteer,
}

impl Mined {
    /// The list training sentence `i` sees.
    pub fn for_sentence(&self, i: usize) -> &Gazetteer {
        if self.folds.is_empty() {
            &self.full
        } else {
            &self.folds[i % self.folds.len()]
        }
    }
}

/// A text's sentences as token strings (naba's tokenizer and sentence splitter).
fn sentences(text: &str) -> Vec<Vec<&str>> {
    let toks = naba_arabic::tokenize(text);
    let spans = naba_arabic::sentences::split_tokens(text, &toks);
    crate::sentence_ranges(&toks, &spans)
        .into_iter()
        .map(|(a, b)| toks[a..b].iter().map(|t| t.text(text)).collect())
        .collect()
}

/// Tag `texts` with `model` and keep the names found at least `min_count` times, with the
/// majority type when it has at least `min_share` of the finds.
pub fn mine(model: &Model, texts: &[String], cfg: &MineConfig) -> Gazetteer {
    let mut counts: HashMap<String, [u32; 4]> = HashMap::new();
    let mut scratch = Scratch::default();
    let mut key = String::new();
    for text in texts {
        let sents = sentences(text);
        let tags = model.tag_doc(&sents, &mut scratch);
        for (sent, tags) in sents.iter().zip(&tags) {
            for (a, b, ty) in crate::chunks(tags) {
                if b - a > cfg.max_len {
                    continue;
                }
                key.clear();
                for (k, w) in sent[a..b].iter().enumerate() {
                    let norm = naba_arabic::normalize(w, &naba_arabic::Profile::SEARCH);
                    if k > 0 {
                        key.push(' ');
                        key.push_str(&norm);
                    } else {
                        // The clitic-stripped first word: وبوتين and لبوتين count as بوتين.
                        key.push_str(naba_arabic::clitics::segment_search(&norm).base);
                    }
                }
                match counts.get_mut(key.as_str()) {
                    Some(c) => c[ty] += 1,
                    None => {
                        let mut c = [0; 4];
                        c[ty] = 1;
                        counts.insert(key.clone(), c);
                    }
                }
            }
        }
    }
    let mut kept: Vec<(String, u8)> = counts
        .into_iter()
        .filter_map(|(k, c)| {
            let total: u32 = c.iter().sum();
            let (best, &n) = c.iter().enumerate().max_by_key(|x| (*x.1, 4 - x.0))?;
            (total >= cfg.min_count && n as f32 >= cfg.min_share * total as f32)
                .then_some((k, 1u8 << best))
        })
        .collect();
    kept.sort();
    let mut g = Gazetteer::new();
    for (k, ty) in kept {
        g.add(&k, ty);
    }
    g
}

/// First stage: a model per fold (trained without it) and one on all of `train`, each mining
/// `texts`. Runs on all cores; the result does not depend on their number.
pub fn build(
    train_set: &[Sentence],
    gazetteer: &Gazetteer,
    clusters: &Clusters,
    cfg: &Config,
    mine_cfg: &MineConfig,
    texts: &[String],
) -> Mined {
    if mine_cfg.folds == 0 || texts.is_empty() {
        return Mined::default();
    }
    let k = mine_cfg.folds.max(2);
    // The first stage is a single run: its lists only need to be good, not the best. It mines
    // without the type bias, which trades precision for recall (measured that way).
    let first = Config {
        models: 1,
        bags: Vec::new(),
        type_bias: [0.0; crate::TYPES.len()],
        ..cfg.clone()
    };
    let job = |fold: Option<usize>| {
        let subset: Vec<Sentence> = train_set
            .iter()
            .enumerate()
            .filter(|(i, _)| fold.is_none_or(|f| i % k != f))
            .map(|(_, s)| s.clone())
            .collect();
        let m = train(
            &subset,
            &[],
            gazetteer.clone(),
            clusters.clone(),
            &first,
            |_| {},
        );
        mine(&m, texts, mine_cfg)
    };
    let jobs: Vec<Option<usize>> = (0..k).map(Some).chain([None]).collect();
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .clamp(1, jobs.len());
    // Batches of as many jobs as cores, results kept in job order.
    let mut results: Vec<Gazetteer> = Vec::with_capacity(jobs.len());
    for batch in jobs.chunks(threads) {
        std::thread::scope(|s| {
            let hs: Vec<_> = batch.iter().map(|&j| s.spawn(move || job(j))).collect();
            results.extend(hs.into_iter().map(|h| h.join().expect("mining thread")));
        });
    }
    let mut it = results.into_iter();
    let folds: Vec<Gazetteer> = it.by_ref().take(k).collect();
    let full = it.next().unwrap_or_default();
    Mined { folds, full }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sentences_follow_the_splitter() {
        let s = sentences("قال بوتين اليوم. وزار موسكو\nثم عاد.");
        assert_eq!(s.len(), 3);
        assert_eq!(s[0], vec!["قال", "بوتين", "اليوم", "."]);
        assert!(sentences("").is_empty());
    }

    #[test]
    fn mines_names_found_often_with_one_type() {
        let mut text = String::new();
        for _ in 0..10 {
            text.push_str("قال O\nبوتين B-PERS\nفي O\nموسكو B-LOC\n\n");
            text.push_str("زار O\nترامب B-PERS\nمدينة O\nباريس B-LOC\n\n");
        }
        let train_set = crate::conll::parse(&text).unwrap();
        let cfg = Config {
            epochs: 3,
            ..Config::default()
        };
        let m = train(
            &train_set,
            &[],
            Gazetteer::new(),
            Clusters::default(),
            &cfg,
            |_| {},
        );
        let mut texts = vec!["قال بوتين في موسكو.".to_string(); 3];
        texts.push("زار ترامب مدينة باريس.".to_string());
        let g = mine(&m, &texts, &MineConfig::default());
        let has = |p: &str, ty: u8| g.entries.iter().any(|(e, t)| e == p && *t == ty);
        assert!(has("بوتين", 1) && has("موسكو", 2), "{:?}", g.entries);
        // Found once: below min_count.
        assert!(!g.entries.iter().any(|(e, _)| e == "ترامب"));
        let mc = MineConfig {
            folds: 2,
            ..MineConfig::default()
        };
        let built = build(
            &train_set,
            &Gazetteer::new(),
            &Clusters::default(),
            &cfg,
            &mc,
            &texts,
        );
        assert_eq!(built.folds.len(), 2);
        assert_eq!(built.full.entries, g.entries);
        assert!(std::ptr::eq(built.for_sentence(3), &built.folds[1]));
        assert!(build(
            &train_set,
            &Gazetteer::new(),
            &Clusters::default(),
            &cfg,
            &MineConfig::default(),
            &texts
        )
        .full
        .is_empty());
    }
}
