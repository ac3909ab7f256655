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
    /// Named entities: conlleval-style P/R/F1 per type and micro, and tokens/s.
    Ner(crate::ner::EvalNerArgs),
}

pub fn run(cmd: EvalCommand) -> Result<ExitCode> {
    match cmd {
        EvalCommand::Structure { paths, samples } => crate::structure_eval::run(&paths, samples),
        EvalCommand::Ner(a) => crate::ner::eval_ner(a),
    }
}
