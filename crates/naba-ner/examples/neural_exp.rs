//! Neural tagger experiments (development only): trains the network ([`naba_ner::neural`])
//! on a CoNLL file beside a trained perceptron model, then prints per epoch the network's own
//! F1 on the dev file and, every 5 epochs, the whole pipeline's F1 with the network's scores
//! added at each weight.
//!
//! `cargo run --release -p naba-ner --example neural_exp -- MODEL TRAIN DEV VECTORS EPOCHS HIDDEN WEIGHT…`

use naba_ner::conll::{parse, Score};
use naba_ner::feats::token_infos;
use naba_ner::model::Model;
use naba_ner::neural::{train, NeuralConfig, Sample, Tape, Vectors};
use naba_ner::train::evaluate;

fn main() {
    let a: Vec<String> = std::env::args().skip(1).collect();
    if a.first().map(String::as_str) == Some("combine") {
        return combine(&a[1..]);
    }
    if a.len() < 6 {
        eprintln!("usage: neural_exp MODEL TRAIN DEV VECTORS EPOCHS HIDDEN WEIGHT…");
        return;
    }
    let model = Model::from_bytes(&std::fs::read(&a[0]).expect("model")).expect("model");
    let tr = parse(&std::fs::read_to_string(&a[1]).expect("train")).expect("train");
    let dv = parse(&std::fs::read_to_string(&a[2]).expect("dev")).expect("dev");
    let max: usize = std::env::var("NN_VOCAB").map_or(50_000, |v| v.parse().unwrap());
    let vecs = Vectors::parse(&std::fs::read_to_string(&a[3]).expect("vectors"), max).unwrap();
    let cfg = NeuralConfig {
        epochs: a[4].parse().unwrap(),
        hidden: a[5].parse().unwrap(),
        dropout: std::env::var("NN_DROPOUT").map_or(0.5, |v| v.parse().unwrap()),
        seed: std::env::var("NN_SEED").map_or(1, |v| v.parse().unwrap()),
        ..Default::default()
    };
    let weights: Vec<f32> = a[6..].iter().map(|w| w.parse().unwrap()).collect();
    let encode = |sents: &[naba_ner::conll::Sentence], gold: bool| -> Vec<Sample> {
        let (mut norm, mut infos) = (String::new(), Vec::new());
        sents
            .iter()
            .map(|s| {
                let t: Vec<&str> = s.tokens.iter().map(String::as_str).collect();
                token_infos(
                    &t,
                    &model,
                    &model.gazetteer,
                    &model.mined,
                    &mut norm,
                    &mut infos,
                );
                let x = Sample::new(&t, &infos);
                if gold {
                    x.with_gold(&s.tags)
                } else {
                    x
                }
            })
            .collect()
    };
    let train_s = encode(&tr, true);
    let dev_s = encode(&dv, false);
    let toks: Vec<Vec<&str>> = tr
        .iter()
        .take(2000)
        .map(|s| s.tokens.iter().map(String::as_str).collect())
        .collect();
    let (base, _, _) = evaluate(&model, &dv, naba_ner::consistency::DOC_SENTENCES);
    println!(
        "vectors {} × {}; perceptron pipeline F1 {:.2}",
        vecs.len(),
        vecs.dim(),
        base.micro().f1()
    );
    let t0 = std::time::Instant::now();
    let total = cfg.epochs;
    let net = train(&train_s, vecs, &cfg, |ep, net, loss| {
        let mut sc = Score::default();
        let mut tape = Tape::default();
        for (s, x) in dv.iter().zip(&dev_s) {
            sc.add(&s.tags, &net.tag(x, &mut tape));
        }
        println!(
            "epoch {ep:2}: loss {loss:.3}, network alone F1 {:.2}, {:.0}s",
            sc.micro().f1(),
            t0.elapsed().as_secs_f64()
        );
        if ep % 5 == 0 || ep == total {
            let mut line = format!("  pipeline at epoch {ep}:");
            for &w in &weights {
                let mut m = model.clone();
                m.attach_neural(net.clone(), w, &toks);
                let (sc, _, _) = evaluate(&m, &dv, naba_ner::consistency::DOC_SENTENCES);
                line.push_str(&format!(" w{w} {:.2}", sc.micro().f1()));
            }
            println!("{line}");
        }
    });
    // NN_SAVE=FILE: the model with this network attached at weight 1.
    if let Ok(out) = std::env::var("NN_SAVE") {
        let mut m = model.clone();
        m.attach_neural(net, 1.0, &toks);
        std::fs::write(&out, m.to_bytes()).expect("write");
    }
}

/// `combine MODEL DEV TRAIN WEIGHT NETMODEL…`: the networks of the NETMODELs, each at
/// WEIGHT / their number, attached to MODEL and scored on DEV.
fn combine(a: &[String]) {
    let load = |p: &str| Model::from_bytes(&std::fs::read(p).expect("model")).expect("model");
    let model = load(&a[0]);
    let dv = parse(&std::fs::read_to_string(&a[1]).expect("dev")).expect("dev");
    let tr = parse(&std::fs::read_to_string(&a[2]).expect("train")).expect("train");
    let toks: Vec<Vec<&str>> = tr
        .iter()
        .take(2000)
        .map(|s| s.tokens.iter().map(String::as_str).collect())
        .collect();
    let nets: Vec<_> = a[4..]
        .iter()
        .map(|p| load(p).neural().next().expect("a network").0.clone())
        .collect();
    for w in a[3].split(',') {
        let w: f32 = w.parse().unwrap();
        let mut m = model.clone();
        for n in &nets {
            m.attach_neural(n.clone(), w / nets.len() as f32, &toks);
        }
        let t0 = std::time::Instant::now();
        let (sc, _, _) = evaluate(&m, &dv, naba_ner::consistency::DOC_SENTENCES);
        println!(
            "{} networks, weight {w}: F1 {:.2} ({:.1}s)",
            nets.len(),
            sc.micro().f1(),
            t0.elapsed().as_secs_f64()
        );
    }
}
