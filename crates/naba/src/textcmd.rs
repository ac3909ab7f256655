//! Quick text tools for shell pipelines: normalize, tokenize, sentences, stem.
//! Each takes TEXT arguments, or reads stdin line by line (streaming, bounded memory).

use anyhow::{bail, Result};
use clap::Args;
use naba_arabic::{normalize::normalize_into, Profile};
use std::io::{BufRead, Write};
use std::process::ExitCode;

#[derive(Args)]
pub struct TextArgs {
    /// Text to process; without it, stdin is read line by line.
    pub text: Vec<String>,
}

#[derive(Args)]
pub struct NormalizeArgs {
    #[command(flatten)]
    pub input: TextArgs,
    /// `search` (aggressive), `match` (search but ة kept) or `display` (only invisible junk and
    /// presentation forms).
    #[arg(long, default_value = "search")]
    pub profile: String,
}

#[derive(Args)]
pub struct TokenizeArgs {
    #[command(flatten)]
    pub input: TextArgs,
    /// One JSON object per token, with offsets, kind, normalized form, clitics and stem.
    #[arg(long)]
    pub json: bool,
    /// Read FILE instead of stdin (for the benchmark).
    #[arg(long)]
    pub file: Option<std::path::PathBuf>,
    /// Print only counts (lines, tokens, words, sentences) after normalize + tokenize + sentences:
    /// the throughput benchmark.
    #[arg(long)]
    pub stats: bool,
}

#[derive(Args)]
pub struct StemArgs {
    #[command(flatten)]
    pub input: TextArgs,
    /// Also show the clitic segmentation.
    #[arg(long)]
    pub clitics: bool,
}

/// Run `f` on each line of the TEXT arguments or of stdin.
fn for_each_line(
    args: &TextArgs,
    mut f: impl FnMut(&str, &mut dyn Write) -> Result<()>,
) -> Result<ExitCode> {
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    if !args.text.is_empty() {
        f(&args.text.join(" "), &mut out)?;
    } else {
        let stdin = std::io::stdin();
        let mut buf = Vec::new();
        let mut r = stdin.lock();
        loop {
            buf.clear();
            if r.read_until(b'\n', &mut buf)? == 0 {
                break;
            }
            let line = String::from_utf8_lossy(&buf);
            f(line.trim_end_matches(['\n', '\r']), &mut out)?;
        }
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

pub fn normalize(a: NormalizeArgs) -> Result<ExitCode> {
    let Some(p) = Profile::by_name(&a.profile) else {
        bail!(
            "unknown profile `{}`: use search, match or display",
            a.profile
        );
    };
    let mut buf = String::new();
    for_each_line(&a.input, |line, out| {
        normalize_into(line, &p, &mut buf);
        writeln!(out, "{buf}")?;
        Ok(())
    })
}

pub fn tokenize(a: TokenizeArgs) -> Result<ExitCode> {
    if a.stats {
        return stats(&a);
    }
    for_each_line(&a.input, |line, out| {
        let toks = naba_arabic::tokenize(line);
        if a.json {
            for t in &toks {
                serde_json::to_writer(&mut *out, &crate::pipeline::token_json(line, t))?;
                out.write_all(b"\n")?;
            }
        } else {
            let words: Vec<&str> = toks.iter().map(|t| t.text(line)).collect();
            writeln!(out, "{}", words.join(" "))?;
        }
        Ok(())
    })
}

/// Normalize + tokenize + sentences over a whole file, streaming, printing only counts.
fn stats(a: &TokenizeArgs) -> Result<ExitCode> {
    let start = std::time::Instant::now();
    let reader: Box<dyn BufRead> = match &a.file {
        Some(p) => Box::new(std::io::BufReader::with_capacity(
            1 << 20,
            std::fs::File::open(p)?,
        )),
        None => Box::new(std::io::BufReader::with_capacity(1 << 20, std::io::stdin())),
    };
    let (mut lines, mut tokens, mut words, mut sentences, mut bytes) =
        (0u64, 0u64, 0u64, 0u64, 0u64);
    let mut norm = String::new();
    let mut toks = Vec::new();
    let mut raw = Vec::new();
    let mut reader = reader;
    loop {
        raw.clear();
        if reader.read_until(b'\n', &mut raw)? == 0 {
            break;
        }
        bytes += raw.len() as u64;
        lines += 1;
        let line = String::from_utf8_lossy(&raw);
        normalize_into(&line, &Profile::SEARCH, &mut norm);
        toks.clear();
        naba_arabic::tokenize_with(&norm, |t| toks.push(t));
        tokens += toks.len() as u64;
        words += toks
            .iter()
            .filter(|t| !matches!(t.kind, naba_arabic::Kind::Punct | naba_arabic::Kind::Symbol))
            .count() as u64;
        sentences += naba_arabic::sentences::split_tokens(&norm, &toks).len() as u64;
    }
    let secs = start.elapsed().as_secs_f64();
    println!(
        "{{\"lines\":{lines},\"bytes\":{bytes},\"tokens\":{tokens},\"words\":{words},\"sentences\":{sentences},\"seconds\":{secs:.3},\"words_per_second\":{:.0}}}",
        words as f64 / secs.max(1e-9)
    );
    Ok(ExitCode::SUCCESS)
}

pub fn sentences(a: TextArgs) -> Result<ExitCode> {
    for_each_line(&a, |line, out| {
        // Byte offset of each char, once per line (slicing by chars from the line's start for
        // every sentence would cost the line's length each time).
        let at: Vec<usize> = line
            .char_indices()
            .map(|(i, _)| i)
            .chain([line.len()])
            .collect();
        let byte = |c: usize| at[c.min(at.len() - 1)];
        for (s, e) in naba_arabic::sentences::split(line) {
            writeln!(out, "{}", &line[byte(s)..byte(e).max(byte(s))])?;
        }
        Ok(())
    })
}

pub fn stem(a: StemArgs) -> Result<ExitCode> {
    let mut norm = String::new();
    for_each_line(&a.input, |line, out| {
        for t in naba_arabic::tokenize(line) {
            if t.kind != naba_arabic::Kind::Word {
                continue;
            }
            let w = t.text(line);
            normalize_into(w, &Profile::SEARCH, &mut norm);
            let stem = naba_arabic::stem_normalized(&norm);
            if a.clitics {
                let seg_form = naba_arabic::normalize(w, &Profile::SEGMENT);
                let seg = naba_arabic::clitics::segment(&seg_form);
                let mut parts: Vec<String> =
                    seg.proclitics.iter().map(|p| format!("{p}+")).collect();
                parts.push(seg.base.to_string());
                if let Some(e) = seg.enclitic {
                    parts.push(format!("+{e}"));
                }
                writeln!(out, "{w}\t{stem}\t{}", parts.concat())?;
            } else {
                writeln!(out, "{w}\t{stem}")?;
            }
        }
        Ok(())
    })
}
