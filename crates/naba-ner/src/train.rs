//! Training: a structured averaged perceptron (Collins 2002) with Viterbi decoding, over the
//! features of [`crate::feats`]. Reproducible: a fixed seed drives the sentence order.

use crate::clusters::Clusters;
use crate::conll::{Score, Sentence};
use crate::feats::{features, token_infos};
use crate::gazetteer::Gazetteer;
use crate::mined::Mined;
use crate::model::{allowed, viterbi, Model, Scratch};
use crate::NTAGS;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::Instant;

/// Training settings (`key = value` lines, `#` comments; paths relative to the working
/// directory).
#[derive(Debug, Clone, PartialEq)]
pub struct Config {
    pub train: PathBuf,
    pub dev: Option<PathBuf>,
    /// Folder with ANERgazet's `loc.txt`, `org.txt`, `pers.txt` (optional).
    pub gazetteer: Option<PathBuf>,
    /// Add the knowledge base's aliases to the gazetteer.
    pub kb: bool,
    /// Word clusters file (`word<TAB>coarse<TAB>fine`), optional.
    pub clusters: Option<PathBuf>,
    pub epochs: usize,
    pub seed: u64,
    /// Keep features seen at least this many times in training.
    pub min_count: u32,
    /// Word dropout: the probability, per training token and epoch, of hiding the token's own
    /// identity features (its form, base and the bigrams with it) from the perceptron, so it
    /// learns to rely on what carries over to unseen names (clusters, affixes, context,
    /// gazetteers). 0 = off.
    pub word_dropout: f32,
    /// `perceptron` (averaged structured perceptron) or `crf` (linear-chain CRF, SGD).
    pub trainer: Trainer,
    /// CRF: the SGD learning rate.
    pub lr: f32,
    /// Models trained with consecutive seeds and averaged (1 = a single run).
    pub models: usize,
    /// Feature bagging (Sutton, Sindelar & McCallum 2005): run `r` of the `models` runs is
    /// trained without the template groups of bag `r mod bags.len()` (bit `k` = template `k` of
    /// [`crate::feats::features`]); the runs are then averaged as usual. Empty = every run sees
    /// every feature. Config form: `bags = full, lex, gaz+lex` (groups: see [`bag_mask`]).
    pub bags: Vec<u128>,
    /// Per type (PER, LOC, ORG, MISC), a score bonus for its tags in units of the model's mean
    /// |weight|, added after training ([`Model::bias_types`]). Config form: `ORG:30 MISC:0`.
    pub type_bias: [f32; crate::TYPES.len()],
    /// Unlabeled news to mine names from (`crate::mined`): JSON arrays of `{title, content}`
    /// or JSONL articles, optional.
    pub corpus: Option<PathBuf>,
    /// At most this many corpus articles are tagged (0 = all).
    pub corpus_docs: usize,
    pub mine: crate::mined::MineConfig,
    /// The neural taggers added to the perceptron ([`add_neural`]).
    pub neural: NeuralSettings,
    pub out: PathBuf,
}

/// Settings of the neural taggers (`neural_*` keys); none without `neural_vectors`.
#[derive(Debug, Clone, PartialEq)]
pub struct NeuralSettings {
    /// Word vectors in word2vec text format (`naba train clusters --method embed --vectors`).
    pub vectors: Option<PathBuf>,
    /// The most frequent words of the vectors file kept.
    pub vocab: usize,
    /// Networks trained (seeds `seed`, `seed + 1`, …); their scores add up.
    pub models: usize,
    /// Their scores' total magnitude relative to the perceptron's.
    pub weight: f32,
    pub net: crate::neural::NeuralConfig,
}

impl Default for NeuralSettings {
    fn default() -> Self {
        NeuralSettings {
            vectors: None,
            vocab: 50_000,
            models: 1,
            weight: 1.0,
            net: Default::default(),
        }
    }
}

/// The learning algorithm.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Trainer {
    Perceptron,
    Crf,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            train: PathBuf::from("../shared/data/ner/anercorp/train90.txt"),
            dev: Some(PathBuf::from("../shared/data/ner/anercorp/dev10.txt")),
            gazetteer: Some(PathBuf::from("../shared/data/ner/anergazet")),
            kb: true,
            clusters: Some(PathBuf::from("data/ner/clusters.tsv")),
            epochs: 10,
            seed: 1,
            min_count: 1,
            word_dropout: 0.0,
            trainer: Trainer::Perceptron,
            lr: 0.5,
            models: 1,
            bags: Vec::new(),
            type_bias: [0.0; crate::TYPES.len()],
            corpus: None,
            corpus_docs: 0,
            neural: NeuralSettings::default(),
            mine: crate::mined::MineConfig::default(),
            out: PathBuf::from("ner.model"),
        }
    }
}

impl Config {
    /// Parse `key = value` lines; unknown keys are errors. `dev`, `gazetteer`, `clusters` may
    /// be `none`.
    pub fn parse(text: &str) -> Result<Self, String> {
        let mut c = Config::default();
        for (i, line) in text.lines().enumerate() {
            let line = line.split('#').next().unwrap_or("").trim();
            if line.is_empty() {
                continue;
            }
            let (k, v) = line
                .split_once('=')
                .ok_or_else(|| format!("line {}: expected key = value", i + 1))?;
            let (k, v) = (k.trim(), v.trim().trim_matches('"'));
            let opt = |v: &str| (v != "none" && !v.is_empty()).then(|| PathBuf::from(v));
            let num = |v: &str| {
                v.parse::<u64>()
                    .map_err(|_| format!("line {}: `{v}` is not a number", i + 1))
            };
            match k {
                "train" => c.train = PathBuf::from(v),
                "dev" => c.dev = opt(v),
                "gazetteer" => c.gazetteer = opt(v),
                "clusters" => c.clusters = opt(v),
                "kb" => c.kb = matches!(v, "true" | "yes" | "1"),
                "epochs" => c.epochs = num(v)? as usize,
                "seed" => c.seed = num(v)?,
                "min_count" => c.min_count = num(v)? as u32,
                "models" => c.models = (num(v)? as usize).clamp(1, 16),
                "bags" => {
                    c.bags = v
                        .split(',')
                        .map(str::trim)
                        .filter(|b| !b.is_empty())
                        .map(bag_mask)
                        .collect::<Option<Vec<u128>>>()
                        .ok_or_else(|| format!("line {}: unknown feature group in `{v}`", i + 1))?
                }
                "trainer" => {
                    c.trainer = match v {
                        "perceptron" => Trainer::Perceptron,
                        "crf" => Trainer::Crf,
                        _ => return Err(format!("line {}: trainer is perceptron or crf", i + 1)),
                    }
                }
                "lr" => {
                    c.lr = v
                        .parse::<f32>()
                        .ok()
                        .filter(|x| x.is_finite() && *x > 0.0)
                        .ok_or_else(|| format!("line {}: `{v}` is not a rate", i + 1))?
                }
                "word_dropout" => {
                    c.word_dropout = v
                        .parse::<f32>()
                        .ok()
                        .filter(|p| (0.0..1.0).contains(p))
                        .ok_or_else(|| format!("line {}: `{v}` is not a probability", i + 1))?
                }
                "type_bias" => {
                    let bad = || format!("line {}: type_bias is `TYPE:number …`", i + 1);
                    c.type_bias = [0.0; crate::TYPES.len()];
                    for item in v.split([' ', ',']).filter(|x| !x.is_empty()) {
                        let (ty, b) = item.split_once(':').ok_or_else(bad)?;
                        let k = crate::type_index(ty).ok_or_else(bad)?;
                        c.type_bias[k] = b
                            .parse::<f32>()
                            .ok()
                            .filter(|x| x.is_finite() && x.abs() <= 1000.0)
                            .ok_or_else(bad)?;
                    }
                }
                "corpus" => c.corpus = opt(v),
                "corpus_docs" => c.corpus_docs = num(v)? as usize,
                "mine_folds" => c.mine.folds = (num(v)? as usize).min(20),
                "mine_min_count" => c.mine.min_count = num(v)?.max(1) as u32,
                "mine_share" => {
                    c.mine.min_share = v
                        .parse::<f32>()
                        .ok()
                        .filter(|p| (0.0..=1.0).contains(p))
                        .ok_or_else(|| format!("line {}: `{v}` is not a share", i + 1))?
                }
                "neural_vectors" => c.neural.vectors = opt(v),
                "neural_vocab" => c.neural.vocab = num(v)? as usize,
                "neural_models" => c.neural.models = (num(v)? as usize).clamp(1, 16),
                "neural_epochs" => c.neural.net.epochs = num(v)? as usize,
                "neural_hidden" => c.neural.net.hidden = (num(v)? as usize).clamp(1, 1024),
                "neural_weight" => {
                    c.neural.weight = v
                        .parse::<f32>()
                        .ok()
                        .filter(|x| x.is_finite() && *x >= 0.0 && *x <= 100.0)
                        .ok_or_else(|| format!("line {}: `{v}` is not a weight", i + 1))?
                }
                "out" => c.out = PathBuf::from(v),
                _ => return Err(format!("line {}: unknown key `{k}`", i + 1)),
            }
        }
        Ok(c)
    }
}

/// ANERgazet files (`====` lines separate groups) into a gazetteer.
pub fn add_anergazet(g: &mut Gazetteer, dir: &Path) -> std::io::Result<usize> {
    let mut n = 0;
    for (file, bits) in [
        ("pers.txt", 0b0001u8),
        ("loc.txt", 0b0010),
        ("org.txt", 0b0100),
    ] {
        let text = std::fs::read_to_string(dir.join(file))?;
        for line in text.lines() {
            let l = line.trim().trim_start_matches('\u{feff}');
            if l.is_empty() || l.starts_with("==") {
                continue;
            }
            g.add(l, bits);
            n += 1;
        }
    }
    Ok(n)
}

/// Positions, in [`crate::feats::features`]' output, of the token's identity features: its
/// form, its base, and the word bigrams that contain it.
const LEXICAL: [usize; 4] = [1, 6, 19, 20];

/// The templates a bag leaves out: `full` (none), or `+`-joined groups: `lex` (the token's
/// and its neighbours' forms and bases, word bigrams, word × cluster), `affix` (clitics,
/// affixes, trigrams, shape), `cluster` (both clusterings), `gaz` (gazetteer and mined names).
pub fn bag_mask(bag: &str) -> Option<u128> {
    let mut m = 0u128;
    for g in bag.split('+').map(str::trim) {
        let t: &[u64] = match g {
            "full" => &[],
            "lex" => &[2, 3, 4, 5, 6, 7, 8, 9, 20, 21, 34, 36, 37, 47],
            "affix" => &[10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 38, 44, 45, 46, 48],
            "cluster" => &[
                22, 23, 24, 25, 26, 27, 35, 39, 40, 41, 42, 80, 81, 82, 83, 84,
            ],
            "gaz" => &[28, 29, 30, 31, 43, 54, 55, 56, 57, 65, 66, 67, 68, 69, 70],
            _ => return None,
        };
        for &k in t {
            m |= 1 << k;
        }
    }
    Some(m)
}

/// Shuffle with a seeded xorshift (reproducible across platforms).
fn shuffle<T>(v: &mut [T], seed: &mut u64) {
    for i in (1..v.len()).rev() {
        *seed ^= *seed << 13;
        *seed ^= *seed >> 7;
        *seed ^= *seed << 17;
        v.swap(i, (*seed % (i as u64 + 1)) as usize);
    }
}

/// One training epoch's report.
#[derive(Debug, Clone)]
pub struct EpochReport {
    pub epoch: usize,
    pub errors: usize,
    pub dev: Option<Score>,
    pub secs: f64,
}

/// Train a model. `on_epoch` receives a report after each epoch (dev scored with the averaged
/// weights so far).
pub fn train(
    train: &[Sentence],
    dev: &[Sentence],
    gazetteer: Gazetteer,
    clusters: Clusters,
    cfg: &Config,
    on_epoch: impl FnMut(&EpochReport),
) -> Model {
    train_with(
        train,
        dev,
        gazetteer,
        clusters,
        &Mined::default(),
        cfg,
        on_epoch,
    )
}

/// [`train`] with names mined from news: training sentence `i` sees
/// `mined.for_sentence(i)`, the model keeps `mined.full`.
pub fn train_with(
    train: &[Sentence],
    dev: &[Sentence],
    gazetteer: Gazetteer,
    clusters: Clusters,
    mined: &Mined,
    cfg: &Config,
    mut on_epoch: impl FnMut(&EpochReport),
) -> Model {
    // Extract every training token's features once.
    let mut counts: HashMap<u64, u32> = HashMap::new();
    let mut extracted: Vec<Vec<Vec<u64>>> = Vec::with_capacity(train.len());
    let mut norm = String::new();
    // Each sentence's token attributes, kept only to extract the bags' features below.
    let bagging = cfg.bags.iter().any(|&m| m != 0);
    let mut all_infos = Vec::new();
    let mut infos = Vec::new();
    for (si, s) in train.iter().enumerate() {
        let toks: Vec<&str> = s.tokens.iter().map(String::as_str).collect();
        let m = mined.for_sentence(si);
        token_infos(&toks, &clusters, &gazetteer, m, &mut norm, &mut infos);
        let mut sent = Vec::with_capacity(toks.len());
        for i in 0..toks.len() {
            let mut f = Vec::new();
            features(&infos, i, &mut f);
            for &h in &f {
                *counts.entry(h).or_insert(0) += 1;
            }
            sent.push(f);
        }
        extracted.push(sent);
        if bagging {
            all_infos.push(infos.clone());
        }
    }
    let mut keys: Vec<u64> = counts
        .iter()
        .filter(|(_, &c)| c >= cfg.min_count)
        .map(|(&k, _)| k)
        .collect();
    keys.sort_unstable();
    let index: HashMap<u64, u32> = keys
        .iter()
        .enumerate()
        .map(|(i, &k)| (k, i as u32))
        .collect();
    // Per token: the kept features, the identity features first (`lexical` of them).
    let data: Vec<Vec<(Vec<u32>, usize)>> = extracted
        .into_iter()
        .map(|s| {
            s.into_iter()
                .map(|f| {
                    let mut lex: Vec<u32> = LEXICAL
                        .iter()
                        .filter_map(|&k| f.get(k).and_then(|h| index.get(h)).copied())
                        .collect();
                    let n = lex.len();
                    lex.extend(
                        f.iter()
                            .enumerate()
                            .filter(|(k, _)| !LEXICAL.contains(k))
                            .filter_map(|(_, h)| index.get(h).copied()),
                    );
                    (lex, n)
                })
                .collect()
        })
        .collect();
    drop(counts);
    // The training data of each bag that leaves templates out (no word dropout there).
    let bag_data: HashMap<u128, Data> = cfg
        .bags
        .iter()
        .filter(|&&m| m != 0)
        .map(|&m| {
            let d = all_infos
                .iter()
                .map(|infos| {
                    (0..infos.len())
                        .map(|i| {
                            let mut f = Vec::new();
                            crate::feats::features_without(infos, i, m, &mut f);
                            (f.iter().filter_map(|h| index.get(h).copied()).collect(), 0)
                        })
                        .collect()
                })
                .collect();
            (m, d)
        })
        .collect();
    drop(all_infos);

    let mut report = |epoch: usize, errors: usize, w: &[f32], t: &[f32], secs: f64| {
        let dev_score = (!dev.is_empty()).then(|| {
            let mut m = Model::from_parts(
                keys.clone(),
                w.to_vec(),
                t.to_vec(),
                gazetteer.clone(),
                clusters.clone(),
            );
            m.mined = mined.full.clone();
            m.bias_types(&cfg.type_bias);
            evaluate(&m, dev, crate::consistency::DOC_SENTENCES).0
        });
        on_epoch(&EpochReport {
            epoch,
            errors,
            dev: dev_score,
            secs,
        });
    };
    // `models` runs with consecutive seeds (sentence orders), weights averaged: a bagging of
    // orders that lowers the variance of a single run.
    let mut aw = vec![0f32; keys.len() * NTAGS];
    let mut at = vec![0f32; (NTAGS + 1) * NTAGS];
    let runs = cfg.models.max(1);
    for r in 0..runs {
        let c = Config {
            seed: cfg.seed + r as u64,
            ..cfg.clone()
        };
        let mut rep = |e: usize, errs: usize, w: &[f32], t: &[f32], secs: f64| {
            if r + 1 == runs {
                // Score dev with the average so far.
                let k = runs as f32;
                let w: Vec<f32> = aw.iter().zip(w).map(|(a, b)| (a + b) / k).collect();
                let t: Vec<f32> = at.iter().zip(t).map(|(a, b)| (a + b) / k).collect();
                report(e, errs, &w, &t, secs)
            }
        };
        let bag = cfg
            .bags
            .get(r % cfg.bags.len().max(1))
            .copied()
            .unwrap_or(0);
        let d = bag_data.get(&bag).unwrap_or(&data);
        let (w, t) = match cfg.trainer {
            Trainer::Perceptron => perceptron(d, train, keys.len(), &c, &mut rep),
            Trainer::Crf => crf(d, train, keys.len(), &c, &mut rep),
        };
        aw.iter_mut().zip(&w).for_each(|(a, b)| *a += b);
        at.iter_mut().zip(&t).for_each(|(a, b)| *a += b);
    }
    let k = runs as f32;
    aw.iter_mut().for_each(|a| *a /= k);
    at.iter_mut().for_each(|a| *a /= k);
    let mut k2 = Vec::new();
    let mut w2 = Vec::new();
    for (i, &k) in keys.iter().enumerate() {
        let row = &aw[i * NTAGS..(i + 1) * NTAGS];
        if row.iter().any(|x| x.abs() > 1e-3) {
            k2.push(k);
            w2.extend_from_slice(row);
        }
    }
    let mut m = Model::from_parts(k2, w2, at, gazetteer, clusters);
    m.mined = mined.full.clone();
    m.bias_types(&cfg.type_bias);
    let mut words = Vec::new();
    for s in train {
        for t in &s.tokens {
            words.push(naba_arabic::normalize(t, &naba_arabic::Profile::SEARCH));
        }
    }
    m.build_cache(words.iter().map(String::as_str));
    m
}

/// Per training sentence, per token: the kept feature rows, identity features first, and how
/// many identity features lead.
type Data = Vec<Vec<(Vec<u32>, usize)>>;

/// Called after each epoch with the epoch, its token errors, the weights and transitions to
/// score dev with, and the epoch's seconds.
type Report<'a> = dyn FnMut(usize, usize, &[f32], &[f32], f64) + 'a;

/// Structured averaged perceptron; returns the averaged weights and transitions.
fn perceptron(
    data: &Data,
    train: &[Sentence],
    nkeys: usize,
    cfg: &Config,
    report: &mut Report<'_>,
) -> (Vec<f32>, Vec<f32>) {
    let nf = nkeys;
    let mut w = vec![0f32; nf * NTAGS];
    let mut u = vec![0f32; nf * NTAGS];
    let nt = (NTAGS + 1) * NTAGS;
    let mut tw = vec![0f32; nt];
    let mut tu = vec![0f32; nt];
    let mut c = 1f32;
    let mut order: Vec<usize> = (0..train.len()).collect();
    let mut seed = cfg.seed.wrapping_mul(0x9e37_79b9_7f4a_7c15) | 1;
    let mut emit = Vec::new();
    let mut back = Vec::new();
    let mut rng = cfg.seed.wrapping_mul(0x2545_f491_4f6c_dd1d) | 1;
    let drop_below = (cfg.word_dropout.clamp(0.0, 1.0) as f64 * u32::MAX as f64) as u32;
    let mut skip: Vec<usize> = Vec::new();
    let avg = |w: &[f32], u: &[f32], c: f32| -> Vec<f32> {
        w.iter().zip(u).map(|(a, b)| a - b / c).collect()
    };
    for epoch in 1..=cfg.epochs {
        let t0 = Instant::now();
        shuffle(&mut order, &mut seed);
        let mut errors = 0usize;
        for &si in &order {
            let sent = &data[si];
            let gold = &train[si].tags;
            let n = sent.len();
            emit.clear();
            emit.resize(n * NTAGS, 0.0);
            // How many leading (identity) features each token hides this time.
            skip.clear();
            for (_, nlex) in sent {
                rng ^= rng << 13;
                rng ^= rng >> 7;
                rng ^= rng << 17;
                let hide = drop_below > 0 && ((rng >> 32) as u32) < drop_below;
                skip.push(if hide { *nlex } else { 0 });
            }
            for (i, (fs, _)) in sent.iter().enumerate() {
                let e = &mut emit[i * NTAGS..(i + 1) * NTAGS];
                for &f in &fs[skip[i]..] {
                    let row = &w[f as usize * NTAGS..(f as usize + 1) * NTAGS];
                    for (a, b) in e.iter_mut().zip(row) {
                        *a += b;
                    }
                }
            }
            let pred = viterbi(&emit, &tw, n, &mut back);
            if pred != *gold {
                for i in 0..n {
                    let (g, p) = (gold[i] as usize, pred[i] as usize);
                    if g != p {
                        errors += 1;
                        for &f in &sent[i].0[skip[i]..] {
                            let base = f as usize * NTAGS;
                            w[base + g] += 1.0;
                            u[base + g] += c;
                            w[base + p] -= 1.0;
                            u[base + p] -= c;
                        }
                    }
                    let gp = if i == 0 { NTAGS } else { gold[i - 1] as usize };
                    let pp = if i == 0 { NTAGS } else { pred[i - 1] as usize };
                    if (gp, g) != (pp, p) {
                        tw[gp * NTAGS + g] += 1.0;
                        tu[gp * NTAGS + g] += c;
                        tw[pp * NTAGS + p] -= 1.0;
                        tu[pp * NTAGS + p] -= c;
                    }
                }
            }
            c += 1.0;
        }
        let secs = t0.elapsed().as_secs_f64();
        report(epoch, errors, &avg(&w, &u, c), &avg(&tw, &tu, c), secs);
    }
    (avg(&w, &u, c), avg(&tw, &tu, c))
}

/// First-order linear-chain CRF (the same features and IOB2 constraints), trained by averaged
/// SGD on the log-likelihood (constant rate `lr`; the average over all steps is returned, which
/// regularises like the perceptron's averaging). Returns weights and transitions.
fn crf(
    data: &Data,
    train: &[Sentence],
    nkeys: usize,
    cfg: &Config,
    report: &mut Report<'_>,
) -> (Vec<f32>, Vec<f32>) {
    const NEG: f64 = -1e30;
    let nt = (NTAGS + 1) * NTAGS;
    let mut w = vec![0f64; nkeys * NTAGS];
    let mut tw = vec![0f64; nt];
    let mut u = vec![0f64; nkeys * NTAGS];
    let mut tu = vec![0f64; nt];
    let lr = cfg.lr as f64;
    let mut c = 1f64;
    let mut order: Vec<usize> = (0..train.len()).collect();
    let mut seed = cfg.seed.wrapping_mul(0x9e37_79b9_7f4a_7c15) | 1;
    let (mut emit, mut alpha, mut beta) = (Vec::new(), Vec::new(), Vec::new());
    let mut tgrad = vec![0f64; nt];
    let lse = |xs: &mut dyn Iterator<Item = f64>| -> f64 {
        let v: [f64; NTAGS + 1] = {
            let mut a = [NEG; NTAGS + 1];
            for (o, x) in a.iter_mut().zip(xs) {
                *o = x;
            }
            a
        };
        let m = v.iter().cloned().fold(NEG, f64::max);
        if m <= NEG {
            return NEG;
        }
        m + v.iter().map(|x| (x - m).exp()).sum::<f64>().ln()
    };
    let avg = |w: &[f64], u: &[f64], c: f64| -> Vec<f32> {
        w.iter().zip(u).map(|(a, b)| (a - b / c) as f32).collect()
    };
    for epoch in 1..=cfg.epochs {
        let t0 = Instant::now();
        shuffle(&mut order, &mut seed);
        let mut errors = 0usize;
        for &si in &order {
            let sent = &data[si];
            let gold = &train[si].tags;
            let n = sent.len();
            if n == 0 {
                continue;
            }
            emit.clear();
            emit.resize(n * NTAGS, 0f64);
            for (i, (fs, _)) in sent.iter().enumerate() {
                let e = &mut emit[i * NTAGS..(i + 1) * NTAGS];
                for &f in fs {
                    let row = &w[f as usize * NTAGS..(f as usize + 1) * NTAGS];
                    for (a, b) in e.iter_mut().zip(row) {
                        *a += b;
                    }
                }
            }
            // Forward/backward in log space over allowed transitions.
            alpha.clear();
            alpha.resize(n * NTAGS, NEG);
            beta.clear();
            beta.resize(n * NTAGS, NEG);
            for y in 0..NTAGS {
                if allowed(NTAGS, y) {
                    alpha[y] = tw[NTAGS * NTAGS + y] + emit[y];
                }
            }
            for i in 1..n {
                for y in 0..NTAGS {
                    let v = lse(&mut (0..NTAGS).map(|p| {
                        if allowed(p, y) && alpha[(i - 1) * NTAGS + p] > NEG {
                            alpha[(i - 1) * NTAGS + p] + tw[p * NTAGS + y]
                        } else {
                            NEG
                        }
                    }));
                    alpha[i * NTAGS + y] = if v > NEG {
                        v + emit[i * NTAGS + y]
                    } else {
                        NEG
                    };
                }
            }
            for y in 0..NTAGS {
                beta[(n - 1) * NTAGS + y] = 0.0;
            }
            for i in (0..n - 1).rev() {
                for p in 0..NTAGS {
                    beta[i * NTAGS + p] = lse(&mut (0..NTAGS).map(|y| {
                        if allowed(p, y) {
                            tw[p * NTAGS + y]
                                + emit[(i + 1) * NTAGS + y]
                                + beta[(i + 1) * NTAGS + y]
                        } else {
                            NEG
                        }
                    }));
                }
            }
            let z = lse(&mut (0..NTAGS).map(|y| alpha[(n - 1) * NTAGS + y]));
            if z <= NEG || !z.is_finite() {
                c += 1.0;
                continue;
            }
            // Gradient step: gold counts minus expected counts.
            for i in 0..n {
                let g = gold[i] as usize;
                let mut best = (NEG, 0usize);
                let mut marg = [0f64; NTAGS];
                for (y, m) in marg.iter_mut().enumerate() {
                    let a = alpha[i * NTAGS + y];
                    *m = if a > NEG {
                        (a + beta[i * NTAGS + y] - z).exp()
                    } else {
                        0.0
                    };
                    if *m > best.0 {
                        best = (*m, y);
                    }
                }
                if best.1 != g {
                    errors += 1;
                }
                let mut d = marg.map(|m| -lr * m);
                d[g] += lr;
                for &f in &sent[i].0 {
                    let base = f as usize * NTAGS;
                    for (y, dy) in d.iter().enumerate() {
                        w[base + y] += dy;
                        u[base + y] += c * dy;
                    }
                }
                let gp = if i == 0 { NTAGS } else { gold[i - 1] as usize };
                tgrad[gp * NTAGS + g] += lr;
                if i == 0 {
                    for (y, m) in marg.iter().enumerate() {
                        tgrad[NTAGS * NTAGS + y] -= lr * m;
                    }
                } else {
                    for p in 0..NTAGS {
                        let a = alpha[(i - 1) * NTAGS + p];
                        if a <= NEG {
                            continue;
                        }
                        for y in 0..NTAGS {
                            if !allowed(p, y) {
                                continue;
                            }
                            let pm =
                                (a + tw[p * NTAGS + y] + emit[i * NTAGS + y] + beta[i * NTAGS + y]
                                    - z)
                                    .exp();
                            tgrad[p * NTAGS + y] -= lr * pm;
                        }
                    }
                }
            }
            for ((x, a), g) in tw.iter_mut().zip(tu.iter_mut()).zip(tgrad.iter_mut()) {
                *x += *g;
                *a += c * *g;
                *g = 0.0;
            }
            c += 1.0;
        }
        let secs = t0.elapsed().as_secs_f64();
        report(epoch, errors, &avg(&w, &u, c), &avg(&tw, &tu, c), secs);
    }
    (avg(&w, &u, c), avg(&tw, &tu, c))
}

/// Tag every sentence, `doc_sentences` at a time as one document (label consistency across
/// it, see [`crate::consistency`]; 0 = sentence by sentence); returns the score, the
/// predictions and the tagging time in seconds.
pub fn evaluate(
    model: &Model,
    sents: &[Sentence],
    doc_sentences: usize,
) -> (Score, Vec<Vec<u8>>, f64) {
    let mut scratch = Scratch::default();
    evaluate_by(sents, |toks| {
        if doc_sentences == 0 {
            toks.iter()
                .map(|t| model.tag_with(t, &mut scratch))
                .collect()
        } else {
            toks.chunks(doc_sentences)
                .flat_map(|doc| model.tag_doc(doc, &mut scratch))
                .collect()
        }
    })
}

/// Score the tags `tag` gives all the sentences' tokens (one tag sequence per sentence);
/// returns the score, the predictions and the tagging time in seconds.
pub fn evaluate_by(
    sents: &[Sentence],
    tag: impl FnOnce(&[Vec<&str>]) -> Vec<Vec<u8>>,
) -> (Score, Vec<Vec<u8>>, f64) {
    let toks: Vec<Vec<&str>> = sents
        .iter()
        .map(|s| s.tokens.iter().map(String::as_str).collect())
        .collect();
    let t0 = Instant::now();
    let preds = tag(&toks);
    let secs = t0.elapsed().as_secs_f64();
    let mut score = Score::default();
    for (s, p) in sents.iter().zip(&preds) {
        score.add(&s.tags, p);
    }
    (score, preds, secs)
}

/// Train `cfg.neural.models` neural taggers ([`crate::neural`]) on `train` and add their
/// scores to `model`'s, each at `cfg.neural.weight / models`. `progress(run, epoch, loss, dev
/// F1 of the network alone)` reports each epoch (the F1 only when `dev` is not empty).
pub fn add_neural(
    model: &mut Model,
    train: &[Sentence],
    dev: &[Sentence],
    vectors: &crate::neural::Vectors,
    cfg: &Config,
    mut progress: impl FnMut(usize, usize, f32, Option<f64>),
) {
    use crate::neural::{Sample, Tape};
    let encode = |sents: &[Sentence]| -> Vec<Sample> {
        let (mut norm, mut infos) = (String::new(), Vec::new());
        sents
            .iter()
            .map(|s| {
                let t: Vec<&str> = s.tokens.iter().map(String::as_str).collect();
                let m = &*model;
                token_infos(&t, m, &m.gazetteer, &m.mined, &mut norm, &mut infos);
                Sample::new(&t, &infos).with_gold(&s.tags)
            })
            .collect()
    };
    let samples = encode(train);
    let dev_samples = encode(dev);
    // The sentences on which the networks' scores are scaled against the perceptron's.
    let reference: Vec<Vec<&str>> = train
        .iter()
        .take(2000)
        .map(|s| s.tokens.iter().map(String::as_str).collect())
        .collect();
    let runs = cfg.neural.models.max(1);
    for run in 0..runs {
        let ncfg = crate::neural::NeuralConfig {
            seed: cfg.seed + run as u64,
            ..cfg.neural.net.clone()
        };
        let net = crate::neural::train(&samples, vectors.clone(), &ncfg, |ep, net, loss| {
            let f1 = (!dev.is_empty()).then(|| {
                let mut sc = Score::default();
                let mut tape = Tape::default();
                for (s, x) in dev.iter().zip(&dev_samples) {
                    sc.add(&s.tags, &net.tag(x, &mut tape));
                }
                sc.micro().f1()
            });
            progress(run, ep, loss, f1);
        });
        model.attach_neural(net, cfg.neural.weight / runs as f32, &reference);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::conll::parse;

    #[test]
    fn config_parses_and_rejects_unknown_keys() {
        let c =
            Config::parse("train = a.txt\ndev = none # no dev\nepochs = 3\nkb = false\n").unwrap();
        assert_eq!(c.train, PathBuf::from("a.txt"));
        assert_eq!(c.dev, None);
        assert_eq!(c.epochs, 3);
        assert!(!c.kb);
        assert!(Config::parse("bogus = 1").is_err());
        let c = Config::parse("type_bias = ORG:30, MISC:-2.5").unwrap();
        assert_eq!(c.type_bias, [0.0, 0.0, 30.0, -2.5]);
        assert!(Config::parse("type_bias = ORG").is_err());
        assert!(Config::parse("type_bias = XYZ:3").is_err());
        let c = Config::parse("trainer = crf\nlr = 0.2\nmodels = 3\nword_dropout = 0.1").unwrap();
        assert_eq!(
            (c.trainer, c.lr, c.models, c.word_dropout),
            (Trainer::Crf, 0.2, 3, 0.1)
        );
        assert!(Config::parse("trainer = svm").is_err());
        assert!(Config::parse("word_dropout = 1.5").is_err());
        assert!(Config::parse("lr = -1").is_err());
        assert!(Config::parse("epochs = x").is_err());
    }

    #[test]
    fn learns_a_toy_corpus_reproducibly() {
        let mut text = String::new();
        for _ in 0..10 {
            text.push_str("قال O\nبوتين B-PERS\nفي O\nموسكو B-LOC\n\n");
            text.push_str("زار O\nترامب B-PERS\nمدينة O\nباريس B-LOC\n\n");
        }
        let s = parse(&text).unwrap();
        let cfg = Config {
            epochs: 3,
            ..Config::default()
        };
        let run = || train(&s, &s, Gazetteer::new(), Clusters::default(), &cfg, |_| {});
        let m = run();
        let (score, _, _) = evaluate(&m, &s, 0);
        assert!(score.micro().f1() > 99.0, "{}", score.report());
        assert_eq!(m.to_bytes(), run().to_bytes());
        // The CRF, several averaged runs and word dropout learn it too.
        let cfg = Config {
            epochs: 3,
            trainer: Trainer::Crf,
            models: 2,
            word_dropout: 0.2,
            ..Config::default()
        };
        let m = train(&s, &s, Gazetteer::new(), Clusters::default(), &cfg, |_| {});
        let (score, _, _) = evaluate(&m, &s, 4);
        assert!(score.micro().f1() > 99.0, "{}", score.report());
    }

    #[test]
    fn lexical_positions_are_the_identity_features() {
        use crate::feats::mix;
        let mut norm = String::new();
        let mut infos = Vec::new();
        let (c, g) = (Clusters::default(), Gazetteer::new());
        token_infos(
            &["قال", "بوتين", "اليوم"],
            &c,
            &g,
            &g,
            &mut norm,
            &mut infos,
        );
        let mut f = Vec::new();
        features(&infos, 1, &mut f);
        let t = &infos[1];
        let h = |tpl: u64, v: u64| mix(tpl.wrapping_mul(0x2545_f491_4f6c_dd1d), v);
        assert_eq!(f[LEXICAL[0]], h(2, t.w));
        assert_eq!(f[LEXICAL[1]], h(7, t.b));
        assert_eq!(f[LEXICAL[2]], h(20, mix(infos[0].w, t.w)));
        assert_eq!(f[LEXICAL[3]], h(21, mix(t.w, infos[2].w)));
    }

    #[test]
    fn bags_leave_their_templates_out() {
        use crate::feats::{features_without, mix};
        let c = Config::parse("bags = full, lex, gaz+lex").unwrap();
        assert_eq!(c.bags.len(), 3);
        assert_eq!(c.bags[0], 0);
        assert_eq!(c.bags[2], c.bags[1] | bag_mask("gaz").unwrap());
        assert!(Config::parse("bags = full, words").is_err());
        let mut norm = String::new();
        let mut infos = Vec::new();
        let (cl, g) = (Clusters::default(), Gazetteer::new());
        token_infos(
            &["قال", "بوتين", "اليوم"],
            &cl,
            &g,
            &g,
            &mut norm,
            &mut infos,
        );
        let (mut all, mut bag) = (Vec::new(), Vec::new());
        features(&infos, 1, &mut all);
        features_without(&infos, 1, c.bags[1], &mut bag);
        let h = |tpl: u64, v: u64| mix(tpl.wrapping_mul(0x2545_f491_4f6c_dd1d), v);
        let t = &infos[1];
        for lexical in [h(2, t.w), h(7, t.b), h(20, mix(infos[0].w, t.w))] {
            assert!(all.contains(&lexical) && !bag.contains(&lexical));
        }
        // What the bag keeps is the full set's, in the same order.
        assert!(bag.len() < all.len() && bag.iter().all(|f| all.contains(f)));
        assert!(bag.contains(&h(17, t.shape)));
    }

    #[test]
    fn bagged_runs_train_and_average() {
        let text = "قال O\nبوتين B-PERS\nفي O\nموسكو B-LOC\n\nزار O\nترامب B-PERS\nلندن B-LOC\n\n";
        let s = parse(&text.repeat(10)).unwrap();
        let cfg = Config {
            epochs: 3,
            models: 2,
            bags: vec![0, bag_mask("lex").unwrap()],
            ..Config::default()
        };
        let m = train(&s, &s, Gazetteer::new(), Clusters::default(), &cfg, |_| {});
        assert_eq!(m.tag(&["قال", "بوتين", "في", "موسكو"]), vec![0, 1, 0, 3]);
    }
}
