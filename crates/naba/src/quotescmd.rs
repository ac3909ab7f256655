//! `naba quotes FILE…` (a table for humans) and `naba eval quotes`.

use crate::input::{expand, Reader, DEFAULT_MAX_BYTES};
use crate::pipeline::{Options, Pipeline};
use anyhow::{Context, Result};
use clap::Args;
use naba_doc::{Document, EntityRef};
use std::process::ExitCode;

#[derive(Args)]
pub struct QuotesArgs {
    /// Files, directories or `-` (plain text or JSONL).
    pub paths: Vec<String>,
    /// Publication date for documents without one.
    #[arg(long)]
    pub published: Option<String>,
}

fn who(r: &Option<EntityRef>) -> String {
    match r {
        Some(e) => match &e.name {
            Some(n) => format!("{} ({n})", e.text),
            None => e.text.clone(),
        },
        None => "?".into(),
    }
}

pub fn quotes(a: QuotesArgs) -> Result<ExitCode> {
    let pipeline = Pipeline::new(Options::default());
    let mut failed = false;
    for src in expand(&a.paths)? {
        let reader = match Reader::open(&src, DEFAULT_MAX_BYTES) {
            Ok(r) => r,
            Err(e) => {
                eprintln!("naba: {}: {e}", src.name());
                failed = true;
                continue;
            }
        };
        for (origin, art) in reader {
            let art = match art {
                Ok(a) => a,
                Err(e) => {
                    eprintln!("naba: {origin}: {e}");
                    failed = true;
                    continue;
                }
            };
            let mut doc = art.into_document();
            if doc.published.is_none() {
                doc.published.clone_from(&a.published);
            }
            pipeline.run(&mut doc);
            print_table(&origin, &doc);
        }
    }
    Ok(if failed {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

fn print_table(origin: &str, doc: &Document) {
    println!("# {origin}: {} quotes", doc.quotes.len());
    for q in &doc.quotes {
        let sources: Vec<String> = q.sources.iter().map(|s| who(&Some(s.clone()))).collect();
        println!(
            "{}\t{}\t{}\t«{}»\tsources: {}\tchannel: {}",
            who(&q.speaker),
            q.cue.text,
            if q.direct { "direct" } else { "reported" },
            q.content.text,
            if sources.is_empty() {
                "-".into()
            } else {
                sources.join(", ")
            },
            q.channel
                .as_ref()
                .map_or("-".to_string(), |c| who(&Some(c.clone())))
        );
    }
}

pub fn eval(file: &std::path::Path, verbose: bool) -> Result<ExitCode> {
    let text = std::fs::read_to_string(file)
        .with_context(|| format!("{}: cannot read the gold set", file.display()))?;
    let gold = naba_quotes::eval::parse_gold(&text)
        .map_err(|e| anyhow::anyhow!("{}: {e}", file.display()))?;
    let pipeline = Pipeline::new(Options::default());
    let predicted: Vec<_> = gold
        .iter()
        .map(|p| {
            let mut art = naba_ingest::text::structure(&p.text);
            art.published.clone_from(&p.published);
            let mut doc = art.into_document();
            pipeline.run(&mut doc);
            doc.quotes
        })
        .collect();
    let report = naba_quotes::eval::score(&gold, &predicted);
    print!("{}", report.render(verbose));
    Ok(ExitCode::SUCCESS)
}
