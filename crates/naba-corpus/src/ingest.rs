//! The ingest driver: documents stream in, the ones already stored are skipped before any
//! analysis (so a restarted ingest resumes cheaply), the rest are analysed in parallel with
//! rayon and handed to a single writer thread that stores them batch by batch.

use crate::{BatchReport, Corpus, DocKey, Prepared};
use anyhow::Result;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use naba_doc::Document;
use rayon::prelude::*;
use std::io::IsTerminal;
use std::time::Instant;

pub struct Options {
    /// Documents per batch (one store transaction each).
    pub batch: usize,
    /// Expected number of documents, for the progress bar's ETA.
    pub total: Option<u64>,
    /// Print a line per stored batch on stderr (when no progress bar is drawn).
    pub verbose: bool,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            batch: 512,
            total: None,
            verbose: false,
        }
    }
}

#[derive(Debug, Default, Clone, Copy)]
pub struct Summary {
    pub report: BatchReport,
    /// Inputs that could not be read or parsed.
    pub failed: usize,
    pub seconds: f64,
}

/// One input: a document read from `origin`, or why it could not be.
pub type Input = (String, std::result::Result<Document, String>);

/// Ingest `inputs` into the corpus, analysing each new document with `analyse`.
pub fn run(
    corpus: Corpus,
    inputs: impl Iterator<Item = Input>,
    analyse: &(dyn Fn(&mut Document) + Sync),
    opts: &Options,
) -> Result<Summary> {
    let t0 = Instant::now();
    let bar = if std::io::stderr().is_terminal() {
        let b = ProgressBar::with_draw_target(opts.total, ProgressDrawTarget::stderr());
        b.set_style(
            ProgressStyle::with_template(
                "{spinner} [{elapsed_precise}] {bar:30} {pos}/{len} docs · {per_sec} · ETA {eta} · {msg}",
            )
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
        );
        b
    } else {
        ProgressBar::hidden()
    };
    // A second connection for the "already stored?" check, so the writer thread owns the corpus.
    let probe = crate::store::connect(&crate::store_path(corpus.dir()))?;
    let (tx, rx) = std::sync::mpsc::sync_channel::<Vec<Prepared>>(2);
    let verbose = opts.verbose && bar.is_hidden();
    let writer = std::thread::spawn(move || -> Result<BatchReport> {
        let mut corpus = corpus;
        let mut total = BatchReport::default();
        for batch in rx {
            total += corpus.add_batch(batch)?;
            if verbose {
                eprintln!(
                    "naba ingest: stored {} (skipped {}, duplicates {})",
                    total.added, total.skipped, total.duplicates
                );
            }
        }
        corpus.close()?;
        Ok(total)
    });
    let mut failed = 0usize;
    let mut pre_skipped = 0usize;
    let mut batch: Vec<Document> = Vec::with_capacity(opts.batch);
    let send = |batch: Vec<Document>| -> bool {
        let prepared: Vec<Prepared> = batch
            .into_par_iter()
            .map(|mut d| {
                analyse(&mut d);
                Prepared::new(d)
            })
            .collect();
        tx.send(prepared).is_ok()
    };
    let mut writer_gone = false;
    for (origin, r) in inputs {
        bar.inc(1);
        match r {
            Ok(doc) => {
                let key = DocKey::of(&doc);
                if probe
                    .prepare_cached("SELECT 1 FROM docs WHERE hash = ?1")?
                    .exists([&key.hash])?
                {
                    pre_skipped += 1;
                    continue;
                }
                batch.push(doc);
                if batch.len() >= opts.batch {
                    if !send(std::mem::take(&mut batch)) {
                        writer_gone = true;
                        break;
                    }
                    bar.set_message(format!("skipped {pre_skipped}, failed {failed}"));
                }
            }
            Err(e) => {
                failed += 1;
                bar.suspend(|| eprintln!("naba ingest: {origin}: {e}"));
            }
        }
    }
    if !writer_gone && !batch.is_empty() {
        send(batch);
    }
    drop(tx);
    let mut report = writer
        .join()
        .map_err(|_| anyhow::anyhow!("the store writer panicked"))??;
    report.skipped += pre_skipped;
    bar.finish_and_clear();
    Ok(Summary {
        report,
        failed,
        seconds: t0.elapsed().as_secs_f64(),
    })
}
