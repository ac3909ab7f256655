//! `naba quotes FILE…` (a table for humans) and `naba eval quotes`.

use crate::input::{for_each_article, DEFAULT_MAX_BYTES};
use crate::pipeline::{Options, Pipeline};
use anyhow::{Context, Result};
use clap::Args;
use naba_doc::{Document, EntityRef};
use std::collections::HashMap;
use std::process::ExitCode;

#[derive(Args)]
pub struct QuotesArgs {
    /// Files, directories or `-` (plain text or JSONL).
    pub paths: Vec<String>,
    /// Publication date for documents without one.
    #[arg(long)]
    pub published: Option<String>,
    /// Print corpus counts instead of tables: quotes, resolved speakers, the most quoted
    /// speakers and the most cited sources.
    #[arg(long)]
    pub summary: bool,
    /// How many rows the summary's top lists show.
    #[arg(long, default_value_t = 25)]
    pub top: usize,
}

/// Corpus-level counts for `--summary`.
#[derive(Default)]
struct Summary {
    docs: u64,
    quotes: u64,
    direct: u64,
    with_speaker: u64,
    linked_speaker: u64,
    with_source: u64,
    speakers: HashMap<String, u64>,
    sources: HashMap<String, u64>,
}

impl Summary {
    fn add(&mut self, doc: &Document) {
        self.docs += 1;
        for q in &doc.quotes {
            self.quotes += 1;
            self.direct += u64::from(q.direct);
            if let Some(sp) = &q.speaker {
                self.with_speaker += 1;
                self.linked_speaker += u64::from(sp.id.is_some());
                *self.speakers.entry(label(sp)).or_default() += 1;
            }
            self.with_source += u64::from(!q.sources.is_empty());
            for s in &q.sources {
                *self.sources.entry(label(s)).or_default() += 1;
            }
        }
    }

    fn print(&self, top: usize) {
        let pct = |n: u64| 100.0 * n as f64 / self.quotes.max(1) as f64;
        println!("documents\t{}", self.docs);
        println!(
            "quotes\t{}\t({:.2} per document)",
            self.quotes,
            self.quotes as f64 / self.docs.max(1) as f64
        );
        println!("direct\t{}\t{:.1}%", self.direct, pct(self.direct));
        println!(
            "with a speaker\t{}\t{:.1}%",
            self.with_speaker,
            pct(self.with_speaker)
        );
        println!(
            "speaker linked to the knowledge base\t{}\t{:.1}%",
            self.linked_speaker,
            pct(self.linked_speaker)
        );
        println!(
            "with a source\t{}\t{:.1}%",
            self.with_source,
            pct(self.with_source)
        );
        for (title, map) in [
            ("most quoted speakers", &self.speakers),
            ("most cited sources", &self.sources),
        ] {
            println!("\n## {title}");
            let mut v: Vec<(&String, &u64)> = map.iter().collect();
            v.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
            for (k, n) in v.into_iter().take(top) {
                println!("{n}\t{k}");
            }
        }
    }
}

/// A speaker or source as counted: the linked name, else the normalized text.
fn label(e: &EntityRef) -> String {
    e.name
        .clone()
        .unwrap_or_else(|| naba_arabic::normalize(&e.text, &naba_arabic::Profile::MATCH))
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
    let mut summary = Summary::default();
    let failed = for_each_article(&a.paths, DEFAULT_MAX_BYTES, |origin, art| {
        let mut doc = art.into_document();
        if doc.published.is_none() {
            doc.published.clone_from(&a.published);
        }
        pipeline.run(&mut doc);
        if a.summary {
            summary.add(&doc);
        } else {
            print_table(&origin, &doc);
        }
        Ok(())
    })? > 0;
    if a.summary {
        summary.print(a.top);
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
            let mut doc = crate::pipeline::plain_document(&p.text, p.published.as_deref());
            pipeline.run(&mut doc);
            doc.quotes
        })
        .collect();
    let report = naba_quotes::eval::score(&gold, &predicted);
    print!("{}", report.render(verbose));
    Ok(ExitCode::SUCCESS)
}
