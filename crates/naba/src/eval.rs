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
        EvalCommand::Structure { paths, samples } => crate::structure_eval::run(&paths, samples),
        EvalCommand::Extract { dir, worst, runs } => crate::extract_cmd::eval(dir, worst, runs),
    }
}
