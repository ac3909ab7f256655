//! Ablation harness (development only): trains on train90 and scores dev10 (or, with `held`,
//! trains on the first 90% of train90 and scores its last 10%), then scores several `O`
//! biases and document-consistency block sizes (sentences per document, 0 = off).
//!
//! `cargo run --release -p naba-ner --example ner_exp -- CLUSTERS EPOCHS dev|held DROPOUT…`

use naba_ner::clusters::Clusters;
use naba_ner::conll::{parse, Score};
use naba_ner::gazetteer::Gazetteer;
use naba_ner::train::{add_anergazet, evaluate, train, Config};

fn main() {
    let a: Vec<String> = std::env::args().skip(1).collect();
    let usage = "usage: ner_exp CLUSTERS EPOCHS dev|held DROPOUT…";
    let (Some(cl), Some(Ok(epochs)), Some(mode)) = (
        a.first().and_then(|p| std::fs::read_to_string(p).ok()),
        a.get(1).map(|e| e.parse::<usize>()),
        a.get(2),
    ) else {
        eprintln!("{usage}");
        return;
    };
    let cl = Clusters::parse(&cl).expect("clusters file");
    let held = mode == "held";
    let sh = "../shared/data/ner/";
    let Ok(t90) = std::fs::read_to_string(format!("{sh}anercorp/train90.txt")) else {
        eprintln!("skip: ../shared/data/ner/anercorp not found");
        return;
    };
    let t90 = parse(&t90).expect("train90");
    let (tr, dv) = if held {
        let cut = t90.len() * 9 / 10;
        (t90[..cut].to_vec(), t90[cut..].to_vec())
    } else {
        let d =
            parse(&std::fs::read_to_string(format!("{sh}anercorp/dev10.txt")).unwrap()).unwrap();
        (t90, d)
    };
    let mut gaz = Gazetteer::new();
    add_anergazet(&mut gaz, std::path::Path::new(&format!("{sh}anergazet"))).unwrap();
    naba_ner::kb::Kb::embedded().add_to_gazetteer(&mut gaz);
    let drops: Vec<f32> = a[3..].iter().filter_map(|x| x.parse().ok()).collect();
    let toks: Vec<Vec<&str>> = dv
        .iter()
        .map(|s| s.tokens.iter().map(String::as_str).collect())
        .collect();
    for word_dropout in drops {
        // NER_CRF=LR trains the CRF instead of the perceptron.
        let mut cfg = Config {
            epochs,
            word_dropout,
            ..Config::default()
        };
        if let Ok(v) = std::env::var("NER_MODELS") {
            cfg.models = v.parse().unwrap();
        }
        if let Ok(v) = std::env::var("NER_CRF") {
            cfg.trainer = naba_ner::train::Trainer::Crf;
            cfg.lr = v.parse().unwrap();
        }
        let m0 = train(&tr, &[], gaz.clone(), cl.clone(), &cfg, |_| {});
        for bias in [0.0f32, 1.0, 2.0, 3.0, 5.0] {
            let mut m = m0.clone();
            m.bias_outside(bias);
            let (_, preds, _) = evaluate(&m, &dv, 0);
            for block in [0usize, 8, 16, 32] {
                let mut p = preds.clone();
                if block > 0 {
                    let mut i = 0;
                    while i < p.len() {
                        let e = (i + block).min(p.len());
                        let d = m.tag_doc(&toks[i..e], &mut Default::default());
                        p[i..e].clone_from_slice(&d);
                        i = e;
                    }
                }
                let mut sc = Score::default();
                for (s, q) in dv.iter().zip(&p) {
                    sc.add(&s.tags, q);
                }
                let mi = sc.micro();
                let per: Vec<String> = sc
                    .per_type
                    .iter()
                    .map(|c| format!("{:.1}", c.f1()))
                    .collect();
                println!(
                    "drop {word_dropout} ep {epochs} bias {bias:.1} block {block:>2}: P {:.2} R {:.2} F1 {:.2} [{}] feats {}",
                    mi.precision(),
                    mi.recall(),
                    mi.f1(),
                    per.join(" "),
                    m.features()
                );
            }
        }
    }
}
