//! `naba eval structure`: count and sample what plain-text structure removes from a corpus.

use crate::input::{expand, Reader, DEFAULT_MAX_BYTES};
use anyhow::Result;
use naba_doc::BlockKind;
use std::collections::BTreeMap;
use std::process::ExitCode;

pub fn run(paths: &[String], samples: usize) -> Result<ExitCode> {
    let mut articles = 0u64;
    let mut with_removed = 0u64;
    let mut by_reason: BTreeMap<String, (u64, u64)> = BTreeMap::new(); // (lines, articles)
    let mut headings = 0u64;
    let mut sample: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut errors = 0u64;
    for src in expand(paths)? {
        let reader = match Reader::open(&src, DEFAULT_MAX_BYTES) {
            Ok(r) => r,
            Err(e) => {
                eprintln!("naba: {}: {e}", src.name());
                errors += 1;
                continue;
            }
        };
        for (origin, art) in reader {
            let Ok(art) = art else {
                errors += 1;
                continue;
            };
            articles += 1;
            let mut seen = std::collections::BTreeSet::new();
            for b in &art.blocks {
                match (b.kind, &b.reason) {
                    (BlockKind::Removed, Some(r)) => {
                        let e = by_reason.entry(r.clone()).or_default();
                        e.0 += 1;
                        if seen.insert(r.clone()) {
                            e.1 += 1;
                        }
                        let s = sample.entry(r.clone()).or_default();
                        // Spread samples over the corpus: every 7th line once the first few are in.
                        if s.len() < samples && (s.len() < 5 || e.0.is_multiple_of(7)) {
                            s.push(format!(
                                "{origin}\t{}",
                                b.text.chars().take(140).collect::<String>()
                            ));
                        }
                    }
                    (BlockKind::Heading, _) => headings += 1,
                    _ => {}
                }
            }
            if !seen.is_empty() {
                with_removed += 1;
            }
        }
    }
    let pct = |n: u64| 100.0 * n as f64 / articles.max(1) as f64;
    println!("articles\t{articles}");
    println!(
        "articles with removed blocks\t{with_removed}\t{:.2}%",
        pct(with_removed)
    );
    println!("headings\t{headings}");
    for (r, (lines, arts)) in &by_reason {
        println!(
            "removed {r}\t{lines} lines\t{arts} articles\t{:.2}%",
            pct(*arts)
        );
    }
    if errors > 0 {
        println!("errors\t{errors}");
    }
    for (r, s) in &sample {
        println!("\n## samples: {r}");
        for l in s {
            println!("{l}");
        }
    }
    Ok(ExitCode::SUCCESS)
}
