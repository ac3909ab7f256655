//! Tagging throughput on one core, feature extraction and gazetteer look-ups included.
//!
//! `cargo run --release -p naba-ner --example ner_bench -- [MODEL] [CONLL] [ROUNDS]`
//! (defaults: the embedded model, ../shared/data/ner/anercorp/dev10.txt, 5 rounds).

use naba_ner::model::{Model, Scratch};
use std::time::Instant;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let t0 = Instant::now();
    let model = match args.first().filter(|a| a.as_str() != "-") {
        Some(p) => Model::from_bytes(&std::fs::read(p).expect("read model")).expect("load model"),
        None => Model::from_bytes(naba_ner::model::DEFAULT_MODEL).expect("load model"),
    };
    let load = t0.elapsed();
    let path = args
        .get(1)
        .cloned()
        .unwrap_or_else(|| "../shared/data/ner/anercorp/dev10.txt".into());
    let rounds: usize = args.get(2).and_then(|r| r.parse().ok()).unwrap_or(5);
    let Ok(text) = std::fs::read_to_string(&path) else {
        eprintln!("skip: {path} not found");
        return;
    };
    let sents = naba_ner::conll::parse(&text).expect("parse");
    let toks: Vec<Vec<&str>> = sents
        .iter()
        .map(|s| s.tokens.iter().map(String::as_str).collect())
        .collect();
    let n: usize = toks.iter().map(Vec::len).sum();
    let mut scratch = Scratch::default();
    // Warm-up: one-time lexicon initialisation.
    for t in &toks {
        model.tag_with(t, &mut scratch);
    }
    let mut best = f64::MAX;
    for _ in 0..rounds {
        let t = Instant::now();
        for s in &toks {
            std::hint::black_box(model.tag_with(s, &mut scratch));
        }
        best = best.min(t.elapsed().as_secs_f64());
    }
    println!(
        "model load {:.0} ms; {} tokens; best of {rounds}: {:.3}s = {:.0} tokens/s",
        load.as_secs_f64() * 1e3,
        n,
        best,
        n as f64 / best
    );
}
