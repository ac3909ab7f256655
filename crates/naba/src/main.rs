//! `naba`: a thin command line over the naba crates. Exit codes: 0 success; 1 some input could
//! not be processed (the others were); 2 usage error.

mod corpus_cmd;
mod eval;
mod extract_cmd;
mod input;
mod ner;
mod pipeline;
mod quotescmd;
mod structure_eval;
mod textcmd;
mod timecmd;

use anyhow::{bail, Result};
use clap::{Args, Parser, Subcommand, ValueEnum};
use input::Reader;
use naba_doc::Document;
use pipeline::{Options, Pipeline};
use rayon::prelude::*;
use std::io::Write;
use std::process::ExitCode;

/// The example article bundled in the binary (written for the project).
pub const EXAMPLE_ARTICLE: &str = include_str!("../../../data/examples/gulf-talks.txt");

#[derive(Parser)]
#[command(name = "naba", version, about = "Arabic news analysis: fast, offline, one binary", long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Analyse articles (files, directories, `-` for stdin, JSONL) and print documents as JSON.
    Analyze(AnalyzeArgs),
    /// Print the extracted article(s) of HTML pages, feeds, WARC archives or text, without the
    /// language analysis.
    Extract(extract_cmd::ExtractArgs),
    /// Normalize Arabic text (one output line per input line).
    Normalize(textcmd::NormalizeArgs),
    /// Split text into tokens.
    Tokenize(textcmd::TokenizeArgs),
    /// Split text into sentences, one per line.
    Sentences(textcmd::TextArgs),
    /// Show light10 stems (and clitic segmentation) of words.
    Stem(textcmd::StemArgs),
    /// Print the quotations of articles as a table: speaker, cue, content, sources, channel.
    Quotes(quotescmd::QuotesArgs),
    /// Find and normalize temporal expressions (dates, times, durations, sets).
    Times(timecmd::TimesArgs),
    /// Analyse and store articles in a corpus (idempotent, resumable).
    Ingest(corpus_cmd::IngestArgs),
    /// Summarise a corpus.
    Stats(corpus_cmd::DbArgs),
    /// Search a corpus (Arabic-aware: clitic and stem variants match).
    Search(corpus_cmd::SearchArgs),
    /// Serve a corpus: JSON API and web UI.
    Serve(corpus_cmd::ServeArgs),
    /// Build a corpus from the example articles bundled in the binary, then serve the UI.
    Demo(corpus_cmd::DemoArgs),
    /// Measure accuracy against reference data and print the figures.
    #[command(subcommand)]
    Eval(eval::EvalCommand),
    /// List the named entities of articles (a table for humans).
    Entities(ner::EntitiesArgs),
    /// Train models (the NER tagger, word clusters).
    #[command(subcommand)]
    Train(ner::TrainCommand),
}

#[derive(Clone, Copy, ValueEnum, PartialEq, Eq, Debug)]
enum Format {
    /// One JSON document for a single input, JSONL otherwise.
    Auto,
    Json,
    Jsonl,
}

#[derive(Args)]
struct AnalyzeArgs {
    /// Files or directories to analyse; `-` reads stdin. Plain text and JSONL are told apart
    /// by content.
    paths: Vec<String>,
    /// Analyse the example article bundled in the binary.
    #[arg(long, conflicts_with = "paths")]
    example: bool,
    /// Publication date for documents that carry none (YYYY-MM-DD or an RFC 3339 time).
    #[arg(long, value_parser = parse_published)]
    published: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Auto)]
    format: Format,
    /// Compact JSON (no indentation) for `--format json`.
    #[arg(long)]
    compact: bool,
    /// Include the tokens layer.
    #[arg(long)]
    tokens: bool,
    /// Skip temporal tagging (the `times` layer), e.g. to measure its cost.
    #[arg(long)]
    no_times: bool,
    /// Largest document accepted, in bytes (a JSONL line counts as a document).
    #[arg(long, default_value_t = input::DEFAULT_MAX_BYTES)]
    max_bytes: u64,
    /// Worker threads for many documents (default: all cores; output order is kept).
    #[arg(long)]
    threads: Option<usize>,
}

pub(crate) fn parse_published(s: &str) -> Result<String, String> {
    let b = s.as_bytes();
    let date_ok = b.len() >= 10
        && b[..4].iter().all(u8::is_ascii_digit)
        && b[4] == b'-'
        && b[5..7].iter().all(u8::is_ascii_digit)
        && b[7] == b'-'
        && b[8..10].iter().all(u8::is_ascii_digit)
        && (b.len() == 10 || b[10] == b'T' || b[10] == b' ');
    if date_ok {
        Ok(s.to_string())
    } else {
        Err(format!(
            "`{s}` is not a date: use YYYY-MM-DD or YYYY-MM-DDTHH:MM:SS+HH:MM"
        ))
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let r = match cli.command {
        Command::Analyze(a) => analyze(a),
        Command::Extract(a) => extract_cmd::extract(a),
        Command::Normalize(a) => textcmd::normalize(a),
        Command::Tokenize(a) => textcmd::tokenize(a),
        Command::Sentences(a) => textcmd::sentences(a),
        Command::Stem(a) => textcmd::stem(a),
        Command::Times(a) => timecmd::times(a),
        Command::Eval(c) => eval::run(c),
        Command::Quotes(a) => quotescmd::quotes(a),
        Command::Train(c) => ner::train_cmd(c),
        Command::Entities(a) => ner::entities(a),
        Command::Ingest(a) => corpus_cmd::ingest_cmd(a),
        Command::Stats(a) => corpus_cmd::stats_cmd(a),
        Command::Search(a) => corpus_cmd::search_cmd(a),
        Command::Serve(a) => corpus_cmd::serve_cmd(a),
        Command::Demo(a) => corpus_cmd::demo_cmd(a),
    };
    match r {
        Ok(code) => code,
        Err(e) => {
            // A closed pipe (`naba … | head`) is not an error.
            if e.downcast_ref::<std::io::Error>()
                .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
            {
                return ExitCode::SUCCESS;
            }
            eprintln!("naba: {e:#}");
            ExitCode::from(1)
        }
    }
}

fn analyze(a: AnalyzeArgs) -> Result<ExitCode> {
    let pipeline = Pipeline::new(Options {
        tokens: a.tokens,
        no_times: a.no_times,
    });
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(a.threads.unwrap_or(0))
        .build()?;
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let finish = |mut doc: Document| {
        if doc.published.is_none() {
            doc.published.clone_from(&a.published);
        }
        pipeline.run(&mut doc);
        doc
    };
    if a.example {
        let mut art = naba_ingest::text::structure(EXAMPLE_ARTICLE);
        art.origin = Some("example:gulf-talks".into());
        // The example is written as news of Sunday 2 March 2025 (`اليوم الأحد`).
        art.published = a.published.clone().or_else(|| Some("2025-03-02".into()));
        let doc = finish(art.into_document());
        write_doc(&mut out, &doc, a.format != Format::Jsonl, a.compact)?;
        out.flush()?;
        return Ok(ExitCode::SUCCESS);
    }
    if a.paths.is_empty() {
        bail!("no input: give files, directories or `-` for stdin (or --example)");
    }
    let sources = input::expand(&a.paths)?;
    let mut failed = 0usize;
    let mut readers = Vec::new();
    for s in &sources {
        match Reader::open(s, a.max_bytes) {
            Ok(r) => readers.push(r),
            Err(e) => {
                failed += 1;
                eprintln!("naba: {}: {e}", s.name());
            }
        }
    }
    // Auto: one pretty JSON document for a single plain-text input, JSONL otherwise.
    let json_mode = match a.format {
        Format::Json => true,
        Format::Jsonl => false,
        Format::Auto => sources.len() == 1 && readers.len() == 1 && !readers[0].is_jsonl(),
    };
    let mut written = 0usize;
    for r in readers {
        let name = r.name().to_string();
        let mut batch = Vec::new();
        let mut it = r.peekable();
        while let Some((origin, res)) = it.next() {
            match res {
                Ok(mut art) => {
                    art.origin.get_or_insert(origin);
                    batch.push(art);
                }
                Err(e) => {
                    failed += 1;
                    eprintln!("naba: {origin}: {e}");
                }
            }
            if batch.len() >= 256 || it.peek().is_none() {
                // Documents are independent: analyse the batch in parallel, write in order.
                let docs: Vec<Document> = pool.install(|| {
                    std::mem::take(&mut batch)
                        .into_par_iter()
                        .map(|art| finish(art.into_document()))
                        .collect()
                });
                for doc in docs {
                    if json_mode && written > 0 {
                        bail!("{name}: --format json takes a single document; use --format jsonl");
                    }
                    write_doc(&mut out, &doc, json_mode, a.compact)?;
                    written += 1;
                }
            }
        }
    }
    out.flush()?;
    Ok(if failed > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

fn write_doc(out: &mut impl Write, doc: &Document, json: bool, compact: bool) -> Result<()> {
    if json && !compact {
        serde_json::to_writer_pretty(&mut *out, doc)?;
    } else {
        serde_json::to_writer(&mut *out, doc)?;
    }
    out.write_all(b"\n")?;
    Ok(())
}
