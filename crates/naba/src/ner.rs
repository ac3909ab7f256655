//! `naba train ner`, `naba train clusters`, `naba eval ner` and `naba entities`.

use anyhow::{bail, Context, Result};
use clap::{Args, Subcommand};
use naba_ner::conll;
use naba_ner::train::{self, Config};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(Subcommand)]
pub enum TrainCommand {
    /// Train the NER tagger from CoNLL files (settings in a `key = value` config file).
    Ner(TrainNerArgs),
    /// Learn word clusters from unlabeled news (JSON arrays of articles, or plain text).
    Clusters(ClustersArgs),
}

#[derive(Args)]
pub struct TrainNerArgs {
    /// Config file (see data/ner/train.cfg); built-in defaults without one.
    #[arg(long)]
    config: Option<PathBuf>,
    /// Override the training file.
    #[arg(long)]
    train: Option<PathBuf>,
    /// Override the dev file (`none` for no dev scoring).
    #[arg(long)]
    dev: Option<String>,
    /// Override the number of epochs.
    #[arg(long)]
    epochs: Option<usize>,
    /// Override the output model path.
    #[arg(long)]
    out: Option<PathBuf>,
    /// Override the news corpus names are mined from (`none` for no mining); a pipe works,
    /// e.g. `--corpus <(unzip -p ../shared/data/news/saudinewsnet/*.zip)`.
    #[arg(long)]
    corpus: Option<String>,
}

#[derive(Args)]
pub struct ClustersArgs {
    /// Inputs: `.json` files holding arrays of `{title, content}` (SaudiNewsNet), or plain
    /// text files; `-` reads stdin (a stream of JSON arrays, e.g. `unzip -p *.zip`).
    paths: Vec<String>,
    /// Output TSV (`word<TAB>coarse<TAB>fine`).
    #[arg(long)]
    out: PathBuf,
    #[arg(long, default_value_t = 50_000)]
    vocab: usize,
    #[arg(long, default_value_t = 64)]
    coarse: usize,
    #[arg(long, default_value_t = 512)]
    fine: usize,
    #[arg(long, default_value_t = 7)]
    seed: u64,
    /// How words are described before k-means: `context` (counts of the left and right
    /// neighbours), `embed` (skip-gram vectors) or `brown` (Brown clusters: `--fine` leaves,
    /// coarse = the first log2(`--coarse`) bits of the path; the paths go to OUT.paths).
    #[arg(long, default_value = "context")]
    method: String,
    /// Skip-gram vector size (`--method embed`).
    #[arg(long, default_value_t = 100)]
    dim: usize,
    /// Skip-gram passes over the corpus (`--method embed`).
    #[arg(long, default_value_t = 3)]
    epochs: usize,
    /// A clusters file (e.g. from `--method embed`) whose clusters of these words become a
    /// second clustering (4th and 5th columns; the tagger uses both).
    #[arg(long)]
    second: Option<PathBuf>,
    /// Fewest occurrences of a clustered word.
    #[arg(long, default_value_t = 5)]
    min_count: u32,
    /// Also write the skip-gram vectors here, in word2vec text format (`--method embed`).
    #[arg(long)]
    vectors: Option<PathBuf>,
}

pub fn train_cmd(cmd: TrainCommand) -> Result<ExitCode> {
    match cmd {
        TrainCommand::Ner(a) => train_ner(a),
        TrainCommand::Clusters(a) => train_clusters(a),
    }
}

fn read_conll(path: &std::path::Path) -> Result<Vec<conll::Sentence>> {
    let text =
        std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    conll::parse(&text).with_context(|| format!("parsing {}", path.display()))
}

/// A clusters file (`word<TAB>coarse<TAB>fine[<TAB>coarse2<TAB>fine2]`).
fn read_clusters(path: &Path) -> Result<naba_ner::clusters::Clusters> {
    let text =
        std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    naba_ner::clusters::Clusters::parse(&text)
        .map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))
}

fn train_ner(a: TrainNerArgs) -> Result<ExitCode> {
    let mut cfg = match &a.config {
        Some(p) => Config::parse(
            &std::fs::read_to_string(p).with_context(|| format!("reading {}", p.display()))?,
        )
        .map_err(|e| anyhow::anyhow!("{}: {e}", p.display()))?,
        None => Config::default(),
    };
    if let Some(t) = a.train {
        cfg.train = t;
    }
    if let Some(d) = a.dev {
        cfg.dev = (d != "none").then(|| PathBuf::from(d));
    }
    if let Some(e) = a.epochs {
        cfg.epochs = e;
    }
    if let Some(o) = a.out {
        cfg.out = o;
    }
    if let Some(c) = a.corpus {
        cfg.corpus = (c != "none").then(|| PathBuf::from(c));
    }
    let train_set = read_conll(&cfg.train)?;
    let dev_set = match &cfg.dev {
        Some(d) => read_conll(d)?,
        None => Vec::new(),
    };
    let mut gaz = naba_ner::gazetteer::Gazetteer::new();
    if let Some(dir) = &cfg.gazetteer {
        let n = train::add_anergazet(&mut gaz, dir)
            .with_context(|| format!("reading gazetteer {}", dir.display()))?;
        eprintln!("gazetteer: {n} ANERgazet names from {}", dir.display());
    }
    if cfg.kb {
        let n = naba_ner::kb::Kb::embedded().add_to_gazetteer(&mut gaz);
        eprintln!("gazetteer: {n} knowledge-base aliases");
    }
    let clusters = match &cfg.clusters {
        Some(p) => read_clusters(p)?,
        None => Default::default(),
    };
    let ntok: usize = train_set.iter().map(|s| s.tokens.len()).sum();
    eprintln!(
        "training on {} sentences ({ntok} tokens), {} clusters, {} epochs, seed {}",
        train_set.len(),
        clusters.len(),
        cfg.epochs,
        cfg.seed
    );
    let mined = match &cfg.corpus {
        Some(p) if cfg.mine.folds > 0 => {
            let t0 = std::time::Instant::now();
            let mut texts = read_news(&[p.display().to_string()])?;
            if cfg.corpus_docs > 0 {
                texts.truncate(cfg.corpus_docs);
            }
            let m = naba_ner::mined::build(&train_set, &gaz, &clusters, &cfg, &cfg.mine, &texts);
            eprintln!(
                "mined names: {} from {} articles ({} folds: {}), {:.1}s",
                m.full.len(),
                texts.len(),
                m.folds.len(),
                m.folds
                    .iter()
                    .map(|g| g.len().to_string())
                    .collect::<Vec<_>>()
                    .join(", "),
                t0.elapsed().as_secs_f64()
            );
            m
        }
        _ => Default::default(),
    };
    let model = train::train_with(&train_set, &dev_set, gaz, clusters, &mined, &cfg, |r| {
        let dev = r.dev.as_ref().map(|s| {
            let m = s.micro();
            let per: Vec<String> = naba_ner::TYPES
                .iter()
                .zip(&s.per_type)
                .map(|(t, c)| format!("{t} {:.2}", c.f1()))
                .collect();
            format!(
                "  dev P {:.2} R {:.2} F1 {:.2}  ({})",
                m.precision(),
                m.recall(),
                m.f1(),
                per.join(", ")
            )
        });
        println!(
            "epoch {:>2}: {} token errors, {:.1}s{}",
            r.epoch,
            r.errors,
            r.secs,
            dev.unwrap_or_default()
        );
    });
    let mut model = model;
    if let Some(vp) = &cfg.neural.vectors {
        let text =
            std::fs::read_to_string(vp).with_context(|| format!("reading {}", vp.display()))?;
        let vectors = naba_ner::neural::Vectors::parse(&text, cfg.neural.vocab)
            .map_err(|e| anyhow::anyhow!("{}: {e}", vp.display()))?;
        eprintln!(
            "neural taggers: {} × {} epochs, hidden {}, {} word vectors of {}",
            cfg.neural.models,
            cfg.neural.net.epochs,
            cfg.neural.net.hidden,
            vectors.len(),
            vectors.dim()
        );
        let t0 = std::time::Instant::now();
        train::add_neural(
            &mut model,
            &train_set,
            &dev_set,
            &vectors,
            &cfg,
            |run, ep, loss, f1| {
                let dev = f1.map(|f| format!("  dev F1 (network alone) {f:.2}"));
                println!(
                    "network {} epoch {ep:>2}: loss {loss:.3}, {:.1}s{}",
                    run + 1,
                    t0.elapsed().as_secs_f64(),
                    dev.unwrap_or_default()
                );
            },
        );
        if !dev_set.is_empty() {
            let (sc, _, _) =
                train::evaluate(&model, &dev_set, naba_ner::consistency::DOC_SENTENCES);
            let m = sc.micro();
            println!(
                "with the networks: dev P {:.2} R {:.2} F1 {:.2}",
                m.precision(),
                m.recall(),
                m.f1()
            );
        }
    }
    let bytes = model.to_bytes();
    std::fs::write(&cfg.out, &bytes).with_context(|| format!("writing {}", cfg.out.display()))?;
    println!(
        "wrote {} ({} features, {:.1} MB)",
        cfg.out.display(),
        model.features(),
        bytes.len() as f64 / 1e6
    );
    Ok(ExitCode::SUCCESS)
}

/// Article texts (title, then body) from news files: streams of JSON arrays of
/// `{title, content}` (SaudiNewsNet's files, `unzip -p` of its zips), JSONL articles
/// (`{title, content}` or naba's `{title, text}`), or plain text (a text per line); `-` is stdin.
fn read_news(paths: &[String]) -> Result<Vec<String>> {
    #[derive(serde::Deserialize)]
    struct Art {
        #[serde(default)]
        title: Option<String>,
        #[serde(default)]
        content: Option<String>,
        #[serde(default)]
        text: Option<String>,
    }
    let join = |a: Art| {
        let mut t = a.title.unwrap_or_default();
        t.push('\n');
        t.push_str(a.content.or(a.text).as_deref().unwrap_or(""));
        t
    };
    let mut out = Vec::new();
    for p in paths {
        let data = if p == "-" {
            let mut s = Vec::new();
            std::io::Read::read_to_end(&mut std::io::stdin().lock(), &mut s)?;
            s
        } else {
            std::fs::read(p).with_context(|| format!("reading {p}"))?
        };
        let text = String::from_utf8_lossy(&data);
        let head = text.trim_start();
        if head.starts_with('[') {
            for arr in serde_json::Deserializer::from_str(&text).into_iter::<Vec<Art>>() {
                let arr = arr.with_context(|| format!("{p}: not a stream of JSON arrays"))?;
                out.extend(arr.into_iter().map(join));
            }
        } else if head.starts_with('{') {
            for (i, line) in text.lines().enumerate() {
                if line.trim().is_empty() {
                    continue;
                }
                let a: Art = serde_json::from_str(line)
                    .with_context(|| format!("{p}:{}: not a JSON article", i + 1))?;
                out.push(join(a));
            }
        } else {
            out.extend(text.lines().map(str::to_string));
        }
    }
    Ok(out)
}

fn train_clusters(a: ClustersArgs) -> Result<ExitCode> {
    use naba_ner::clusters::{build, BuildConfig, Corpus};
    if a.paths.is_empty() {
        bail!("no input: give JSON/text files or `-` for stdin");
    }
    if a.vectors.is_some() && a.method != "embed" {
        bail!("--vectors needs --method embed");
    }
    let mut corpus = Corpus::default();
    for t in read_news(&a.paths)? {
        // Title and body are separate texts (no context across them).
        match t.split_once('\n') {
            Some((title, body)) => {
                corpus.add_text(title);
                corpus.add_text(body);
            }
            None => corpus.add_text(&t),
        }
    }
    eprintln!("corpus: {} tokens", corpus.tokens());

    let t0 = std::time::Instant::now();
    let mut cl = match a.method.as_str() {
        "context" => build(
            &corpus,
            &BuildConfig {
                vocab: a.vocab,
                coarse: a.coarse,
                fine: a.fine,
                seed: a.seed,
                min_count: a.min_count,
                ..BuildConfig::default()
            },
        ),
        "embed" => {
            let cfg = naba_ner::embed::EmbedConfig {
                vocab: a.vocab,
                coarse: a.coarse,
                fine: a.fine,
                seed: a.seed,
                min_count: a.min_count,
                dim: a.dim,
                epochs: a.epochs,
                ..Default::default()
            };
            let e = naba_ner::embed::train(&corpus, &cfg, |ep| {
                eprintln!(
                    "skip-gram epoch {ep} done, {:.1}s",
                    t0.elapsed().as_secs_f64()
                )
            });
            if let Some(p) = &a.vectors {
                std::fs::write(p, e.to_text(&corpus))
                    .with_context(|| format!("writing {}", p.display()))?;
            }
            naba_ner::embed::cluster(&corpus, &e, &cfg)
        }
        "brown" => {
            let bits = (a.coarse.max(2) as f64).log2().round() as usize;
            let (cl, paths) = naba_ner::brown::build(
                &corpus,
                &naba_ner::brown::BrownConfig {
                    vocab: a.vocab,
                    min_count: a.min_count,
                    clusters: a.fine,
                },
                bits,
                |n| eprintln!("brown: {n} words, {:.1}s", t0.elapsed().as_secs_f64()),
            );
            let pp = a.out.with_extension("paths");
            std::fs::write(&pp, paths.to_tsv(&corpus))
                .with_context(|| format!("writing {}", pp.display()))?;
            cl
        }
        m => bail!("--method {m}: expected `context`, `embed` or `brown`"),
    };

    let mut header =
        String::from("# naba word clusters: search-normalized word<TAB>coarse<TAB>fine");
    if let Some(p) = &a.second {
        cl.set_second(&read_clusters(p)?);
        header.push_str("<TAB>coarse2<TAB>fine2 (second clustering, 65535 = none)");
    }
    let mut out =
        format!("{header}; built by `naba train clusters` from SaudiNewsNet (CC BY-NC-SA 4.0)\n");
    out.push_str(&cl.to_tsv());
    std::fs::write(&a.out, out).with_context(|| format!("writing {}", a.out.display()))?;
    eprintln!(
        "{} words clustered in {:.1}s → {}",
        cl.len(),
        t0.elapsed().as_secs_f64(),
        a.out.display()
    );
    Ok(ExitCode::SUCCESS)
}

#[derive(Args)]
pub struct EvalNerArgs {
    /// CoNLL file (`token TAG` lines, blank lines between sentences).
    file: PathBuf,
    /// Model file (default: the model embedded in naba).
    #[arg(long)]
    model: Option<PathBuf>,
    /// Write `token gold predicted` lines here (conlleval input).
    #[arg(long)]
    predictions: Option<PathBuf>,
    /// Sentences scored as one document (CoNLL files have no document boundaries): names
    /// found in a document label their untagged recurrences; 0 tags sentence by sentence.
    #[arg(long, default_value_t = naba_ner::consistency::DOC_SENTENCES)]
    doc_sentences: usize,
    /// Score the whole entity layer (the tagger, then the knowledge base's proposals and
    /// types, as `naba analyze` reports them) instead of the tagger alone.
    #[arg(long)]
    linked: bool,
}

pub fn load_model(path: Option<&PathBuf>) -> Result<std::sync::Arc<naba_ner::Model>> {
    Ok(match path {
        Some(p) => {
            let b = std::fs::read(p).with_context(|| format!("reading {}", p.display()))?;
            std::sync::Arc::new(
                naba_ner::Model::from_bytes(&b)
                    .with_context(|| format!("loading {}", p.display()))?,
            )
        }
        None => naba_ner::model::embedded()?,
    })
}

pub fn eval_ner(a: EvalNerArgs) -> Result<ExitCode> {
    let t0 = std::time::Instant::now();
    let model = load_model(a.model.as_ref())?;
    // One-time initialisation (the clitic lexicon) belongs to loading, not to tagging.
    model.tag(&["تجربة"]);
    let load = t0.elapsed().as_secs_f64();
    let sents = read_conll(&a.file)?;
    let run = || {
        if a.linked {
            evaluate_linked(&model, &sents, a.doc_sentences)
        } else {
            train::evaluate(&model, &sents, a.doc_sentences)
        }
    };
    let (score, preds, secs) = run();
    // Two more passes: the warm figure (caches filled) is the steady-state speed.
    let warm = (0..2).map(|_| run().2).fold(f64::MAX, f64::min);
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    write!(out, "{}", score.report())?;
    let rate = |s: f64| score.tokens as f64 / s.max(1e-9);
    writeln!(
        out,
        "tagging (one core): {} tokens; first pass {:.3}s = {:.0} tokens/s; warm {:.3}s = {:.0} tokens/s; model and clitic lexicon loaded in {:.0} ms",
        score.tokens,
        secs,
        rate(secs),
        warm,
        rate(warm),
        load * 1e3
    )?;
    out.flush()?;
    if let Some(p) = a.predictions {
        let mut w = std::io::BufWriter::new(
            std::fs::File::create(&p).with_context(|| format!("creating {}", p.display()))?,
        );
        for (s, pr) in sents.iter().zip(&preds) {
            for ((t, g), pt) in s.tokens.iter().zip(&s.tags).zip(pr) {
                writeln!(
                    w,
                    "{t} {} {}",
                    naba_ner::tag_name(*g),
                    naba_ner::tag_name(*pt)
                )?;
            }
            writeln!(w)?;
        }
        w.flush()?;
    }
    Ok(ExitCode::SUCCESS)
}

/// [`train::evaluate`] for the whole entity layer: each block of `doc_sentences` sentences
/// (at least one) is one document for [`naba_ner::link::tag_tokens`].
fn evaluate_linked(
    model: &naba_ner::Model,
    sents: &[conll::Sentence],
    doc_sentences: usize,
) -> (conll::Score, Vec<Vec<u8>>, f64) {
    let kb = naba_ner::kb::Kb::embedded();
    train::evaluate_by(sents, |toks| {
        toks.chunks(doc_sentences.max(1))
            .flat_map(|doc| naba_ner::link::tag_tokens(model, kb, doc))
            .collect()
    })
}

#[derive(Args)]
pub struct EntitiesArgs {
    /// Files or directories (plain text or JSONL); `-` reads stdin.
    pub paths: Vec<String>,
    /// Publication date for documents that carry none (resolves role phrases such as
    /// الرئيس الروسي).
    #[arg(long, value_parser = crate::parse_published)]
    pub published: Option<String>,
    /// Largest document accepted, in bytes.
    #[arg(long, default_value_t = crate::input::DEFAULT_MAX_BYTES)]
    pub max_bytes: u64,
}

/// `naba entities`: a table of each document's entities for humans.
/// `naba eval link`: each gold passage goes through the whole pipeline (as `naba analyze`
/// would read it as plain text) and its entities' links are scored against the gold ids.
pub fn eval_link(file: &Path, verbose: bool) -> Result<ExitCode> {
    use crate::pipeline::{Options, Pipeline};
    let text = std::fs::read_to_string(file)
        .with_context(|| format!("{}: cannot read the gold set", file.display()))?;
    let gold = naba_ner::link_eval::parse_gold(&text)
        .map_err(|e| anyhow::anyhow!("{}: {e}", file.display()))?;
    let pipeline = Pipeline::new(Options::default());
    let mut predicted = Vec::with_capacity(gold.len());
    for (i, (p, _)) in gold.iter().enumerate() {
        let mut doc = crate::pipeline::plain_document(&p.text, p.published.as_deref());
        // Gold offsets are into the passage: a passage must reach the pipeline unchanged.
        if doc.text != p.text {
            bail!(
                "{}: passage {} is changed by plain-text ingest (a dateline, a marker line or \
                 several paragraphs); write each passage as one plain paragraph",
                file.display(),
                i + 1
            );
        }
        pipeline.run(&mut doc);
        predicted.push(doc.entities);
    }
    let report = naba_ner::link_eval::score(&gold, &predicted, naba_ner::kb::Kb::embedded());
    print!("{}", report.render(verbose));
    Ok(ExitCode::SUCCESS)
}

pub fn entities(a: EntitiesArgs) -> Result<ExitCode> {
    if a.paths.is_empty() {
        bail!("no input: give files, directories or `-` for stdin");
    }
    let pipeline = crate::pipeline::Pipeline::new(crate::pipeline::Options::default());
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    let failed = crate::input::for_each_article(&a.paths, a.max_bytes, |origin, art| {
        let mut doc = art.into_document();
        if doc.published.is_none() {
            doc.published.clone_from(&a.published);
        }
        pipeline.run(&mut doc);
        writeln!(
            out,
            "# {} ({} entities{})",
            doc.origin.as_deref().unwrap_or(&origin),
            doc.entities.len(),
            doc.published
                .as_deref()
                .map(|p| format!(", published {p}"))
                .unwrap_or_default()
        )?;
        writeln!(
            out,
            "clust      span  type text                             name                                     kind           id"
        )?;
        for e in &doc.entities {
            writeln!(
                out,
                "{:<5} {:>9}  {:<4} {:<32} {:<40} {:<14} {}",
                e.cluster.map(|c| c.to_string()).unwrap_or_default(),
                format!("{}-{}", e.start, e.end),
                e.kind_tag,
                e.text,
                e.name.as_deref().unwrap_or("-"),
                e.kind.as_deref().unwrap_or("-"),
                e.id.as_deref().unwrap_or("-")
            )?;
        }
        writeln!(out)?;
        Ok(())
    })?;
    out.flush()?;
    Ok(if failed > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}
