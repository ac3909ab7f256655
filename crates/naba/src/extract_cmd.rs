//! `naba extract` (the extracted article, no NLP stages) and `naba eval extract` (the
//! article-extraction benchmark's shingle F1 and pages/s).

use crate::input;
use anyhow::{bail, Context, Result};
use clap::Args;
use naba_ingest::{html, score, Article};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

#[derive(Args)]
pub struct ExtractArgs {
    /// Files or directories (HTML, RSS/Atom, WARC, WARC.gz, plain text, JSONL); `-` reads stdin.
    #[arg(required = true)]
    pub paths: Vec<String>,
    /// Print JSON (one article per line) instead of text.
    #[arg(long)]
    pub json: bool,
    /// Also print removed blocks (with their reason) in text output.
    #[arg(long)]
    pub removed: bool,
    /// Largest document accepted, in bytes.
    #[arg(long, default_value_t = input::DEFAULT_MAX_BYTES)]
    pub max_bytes: u64,
}

pub fn extract(a: ExtractArgs) -> Result<ExitCode> {
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let failed = input::for_each_article(&a.paths, a.max_bytes, |origin, mut art| {
        art.origin.get_or_insert(origin);
        if a.json {
            serde_json::to_writer(&mut out, &article_json(&art))?;
            out.write_all(b"\n")?;
        } else {
            write_text(&mut out, &art, a.removed)?;
        }
        Ok(())
    })?;
    out.flush()?;
    Ok(if failed > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

fn article_json(a: &Article) -> serde_json::Value {
    let blocks: Vec<serde_json::Value> = a
        .blocks
        .iter()
        .map(|b| {
            let mut o = serde_json::json!({"kind": b.kind, "text": b.text});
            if let Some(r) = &b.reason {
                o["reason"] = r.clone().into();
            }
            o
        })
        .collect();
    serde_json::json!({
        "origin": a.origin,
        "title": a.title,
        "published": a.published,
        "modified": a.modified,
        "author": a.author,
        "source": a.source,
        "url": a.url,
        "language": a.language,
        "description": a.description,
        "provenance": a.provenance,
        "text": body_text(a),
        "blocks": blocks,
    })
}

/// The kept blocks joined by blank lines (the document text).
pub fn body_text(a: &Article) -> String {
    a.blocks
        .iter()
        .filter(|b| b.kind.is_kept())
        .map(|b| b.text.as_str())
        .collect::<Vec<_>>()
        .join(naba_ingest::BLOCK_SEPARATOR)
}

fn write_text(out: &mut impl Write, a: &Article, removed: bool) -> Result<()> {
    writeln!(out, "# {}", a.origin.as_deref().unwrap_or("-"))?;
    let fields = [
        ("title", &a.title),
        ("published", &a.published),
        ("modified", &a.modified),
        ("author", &a.author),
        ("source", &a.source),
        ("url", &a.url),
        ("language", &a.language),
    ];
    for (k, v) in fields {
        if let Some(v) = v {
            match a.provenance.get(k) {
                Some(p) => writeln!(out, "{k}: {v}  [{p}]")?,
                None => writeln!(out, "{k}: {v}")?,
            }
        }
    }
    writeln!(out)?;
    for b in &a.blocks {
        if b.kind.is_kept() {
            writeln!(out, "{}\n", b.text)?;
        } else if removed {
            writeln!(
                out,
                "[removed: {}] {}\n",
                b.reason.as_deref().unwrap_or("?"),
                b.text
            )?;
        }
    }
    Ok(())
}

/// `naba eval extract [DIR]`.
pub fn eval(dir: Option<PathBuf>, worst: usize, runs: usize) -> Result<ExitCode> {
    let dir = dir.unwrap_or_else(|| PathBuf::from("../shared/data/extraction/article-benchmark"));
    let gt_path = dir.join("ground-truth.json");
    if !gt_path.exists() {
        bail!(
            "{}: not found (give the article-benchmark directory: ground-truth.json and html/)",
            gt_path.display()
        );
    }
    let gt: serde_json::Map<String, serde_json::Value> =
        serde_json::from_slice(&std::fs::read(&gt_path)?)
            .with_context(|| format!("{}: invalid JSON", gt_path.display()))?;
    let mut pages = Vec::new();
    for (id, v) in &gt {
        let body = v["articleBody"].as_str().unwrap_or("").to_string();
        let url = v["url"].as_str().map(str::to_string);
        let bytes = read_page(&dir.join("html"), id)?;
        pages.push((id.clone(), url, body, bytes));
    }
    let total_bytes: usize = pages.iter().map(|p| p.3.len()).sum();
    // Timed: extraction only (decoding, parsing, metadata, content), one thread; the fastest
    // of `runs` passes (the machine may be shared).
    let mut secs = f64::MAX;
    let mut preds: Vec<String> = Vec::new();
    for _ in 0..runs.max(1) {
        let t0 = Instant::now();
        preds = pages
            .iter()
            .map(|(_, url, _, bytes)| {
                html::extract_bytes(bytes, url.as_deref(), None)
                    .map(|a| body_text(&a))
                    .unwrap_or_default()
            })
            .collect();
        secs = secs.min(t0.elapsed().as_secs_f64());
    }
    let mut per = Vec::new();
    let mut rows = Vec::new();
    for ((id, _, truth, _), pred) in pages.iter().zip(&preds) {
        let m = score::shingle_match(truth, pred);
        per.push(m);
        let s = score::summarize(&[m]);
        rows.push((s.f1, id.clone()));
    }
    let s = score::summarize(&per);
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    writeln!(
        out,
        "article-benchmark: {} pages, {:.1} MB of HTML",
        s.pages,
        total_bytes as f64 / 1e6
    )?;
    writeln!(out, "| metric | value |\n|---|---|")?;
    writeln!(out, "| F1 | {:.3} |", s.f1)?;
    writeln!(out, "| precision | {:.3} |", s.precision)?;
    writeln!(out, "| recall | {:.3} |", s.recall)?;
    writeln!(
        out,
        "| pages/s (one thread, best of {}) | {:.0} |",
        runs.max(1),
        s.pages as f64 / secs
    )?;
    writeln!(out, "| MB/s | {:.1} |", total_bytes as f64 / 1e6 / secs)?;
    if worst > 0 {
        rows.sort_by(|a, b| a.0.total_cmp(&b.0));
        writeln!(out, "\nworst pages:")?;
        for (f1, id) in rows.iter().take(worst) {
            let (p, r) = {
                let i = pages.iter().position(|p| &p.0 == id).unwrap_or(0);
                let s = score::summarize(&[per[i]]);
                (s.precision, s.recall)
            };
            writeln!(out, "  {f1:.3}  P {p:.3} R {r:.3}  {id}")?;
        }
    }
    // The Arabic page next to the benchmark.
    let ar = dir.join("../arabic");
    if let (Ok(h), Ok(t)) = (
        std::fs::read(ar.join("cnn-arabic.html")),
        std::fs::read_to_string(ar.join("cnn-arabic.txt")),
    ) {
        let a = html::extract_bytes(&h, None, None)?;
        let s = score::summarize(&[score::shingle_match(&t, &body_text(&a))]);
        writeln!(
            out,
            "\ncnn-arabic.html: F1 {:.3} (P {:.3} R {:.3}); title: {}; published: {} [{}]",
            s.f1,
            s.precision,
            s.recall,
            a.title.as_deref().unwrap_or("-"),
            a.published.as_deref().unwrap_or("-"),
            a.provenance.get("published").map_or("-", String::as_str)
        )?;
    }
    Ok(ExitCode::SUCCESS)
}

fn read_page(html_dir: &Path, id: &str) -> Result<Vec<u8>> {
    let gz = html_dir.join(format!("{id}.html.gz"));
    if gz.exists() {
        let mut out = Vec::new();
        flate2::read::MultiGzDecoder::new(std::fs::File::open(&gz)?)
            .take(256 << 20)
            .read_to_end(&mut out)
            .with_context(|| format!("{}: cannot decompress", gz.display()))?;
        return Ok(out);
    }
    let plain = html_dir.join(format!("{id}.html"));
    std::fs::read(&plain).with_context(|| format!("{}: cannot read", plain.display()))
}
