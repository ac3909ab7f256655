//! `naba eval …`: accuracy measurements that print figures. One variant per task; each stage's
//! crate does the scoring, this module only parses arguments and prints.

use anyhow::Result;
use clap::Subcommand;
use std::process::ExitCode;

#[derive(Subcommand)]
pub enum EvalCommand {
    /// Plain-text structure: what the related/trailer/byline markers remove from a JSONL corpus.
    Structure {
        /// JSONL files (`{"text"|"content", …}` per line).
        paths: Vec<String>,
        /// How many removed lines to print as samples.
        #[arg(long, default_value_t = 40)]
        samples: usize,
    },
    /// Quotations: speaker-and-content precision/recall on a gold set of passages.
    Quotes {
        /// Gold JSONL (`{"text", "quotes": [{"speaker", "cue", "content", "direct", "sources", "channel"}]}`).
        #[arg(default_value = "tests/data/quotes-gold.jsonl")]
        file: std::path::PathBuf,
        /// Print every miss, extra and attribute error.
        #[arg(long)]
        verbose: bool,
    },
    /// Temporal expressions: Microsoft Recognizers-Text Arabic DateTime specs in DIR (span
    /// P/R/F1 on *Extractor files, TIMEX accuracy on *Parser files).
    Time {
        dir: std::path::PathBuf,
        /// Print every failed case.
        #[arg(long)]
        failures: bool,
    },
    /// Named entities: conlleval-style P/R/F1 per type and micro, and tokens/s.
    Ner(crate::ner::EvalNerArgs),
    /// Entity linking: precision and recall of the entity layer's knowledge-base links on a
    /// gold set of passages.
    Link {
        /// Gold JSONL (`{"text", "published", "entities": [{"text", "id"}]}`, every name in order).
        #[arg(default_value = "tests/data/link-gold.jsonl")]
        file: std::path::PathBuf,
        /// Print every wrong, spurious and missed link.
        #[arg(long)]
        verbose: bool,
    },
    /// HTML main-content extraction: the article-benchmark's shingle F1, precision, recall
    /// and pages/s (one thread), plus the Arabic CNN page.
    Extract {
        /// The benchmark directory (`ground-truth.json`, `html/*.html.gz`).
        dir: Option<std::path::PathBuf>,
        /// Print the N worst pages.
        #[arg(long, default_value_t = 0)]
        worst: usize,
        /// Timed passes over the pages; pages/s is from the fastest.
        #[arg(long, default_value_t = 5)]
        runs: usize,
    },
}

pub fn run(cmd: EvalCommand) -> Result<ExitCode> {
    match cmd {
        EvalCommand::Quotes { file, verbose } => crate::quotescmd::eval(&file, verbose),
        EvalCommand::Structure { paths, samples } => crate::structure_eval::run(&paths, samples),
        EvalCommand::Time { dir, failures } => crate::timecmd::eval(&dir, failures),
        EvalCommand::Ner(a) => crate::ner::eval_ner(a),
        EvalCommand::Link { file, verbose } => crate::ner::eval_link(&file, verbose),
        EvalCommand::Extract { dir, worst, runs } => crate::extract_cmd::eval(dir, worst, runs),
    }
}
