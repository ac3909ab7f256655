//! `naba ingest`, `naba stats`, `naba search`, `naba serve` and `naba demo`: the corpus commands
//! (the work is done in the `naba-corpus` crate).

use crate::input::{self, Reader};
use crate::pipeline::{Options, Pipeline};
use anyhow::{bail, Context, Result};
use clap::Args;
use naba_corpus::{ingest, Corpus, CorpusReader, SearchRequest, Sort};
use naba_doc::Document;
use std::io::{BufRead, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(Args)]
pub struct IngestArgs {
    /// Files or directories (plain text or JSONL), or `-` for stdin.
    #[arg(required = true)]
    paths: Vec<String>,
    /// The corpus directory (created when missing).
    #[arg(long)]
    db: PathBuf,
    /// Publication date for documents that carry none (YYYY-MM-DD).
    #[arg(long, value_parser = crate::parse_published)]
    published: Option<String>,
    /// Largest document accepted, in bytes.
    #[arg(long, default_value_t = input::DEFAULT_MAX_BYTES)]
    max_bytes: u64,
    /// Documents per stored batch (one transaction each).
    #[arg(long, default_value_t = 512, value_parser = clap::value_parser!(u64).range(1..=100_000))]
    batch_size: u64,
    /// Print a line per stored batch (when no progress bar is shown).
    #[arg(long, short)]
    verbose: bool,
}

#[derive(Args)]
pub struct DbArgs {
    /// The corpus directory.
    #[arg(long)]
    db: PathBuf,
    /// Print JSON.
    #[arg(long)]
    json: bool,
}

#[derive(Args)]
pub struct SearchArgs {
    /// The query: words (clitic and stem variants match), "exact phrases", -excluded, a OR b.
    query: String,
    #[arg(long)]
    db: PathBuf,
    /// Only this outlet.
    #[arg(long)]
    outlet: Option<String>,
    /// Only documents mentioning this entity (its id, e.g. Q794, or TYPE:name).
    #[arg(long)]
    entity: Option<String>,
    /// Published on or after (YYYY-MM-DD).
    #[arg(long)]
    from: Option<String>,
    /// Published on or before (YYYY-MM-DD).
    #[arg(long)]
    to: Option<String>,
    /// Order by relevance or date (newest first).
    #[arg(long, value_enum, default_value_t = SortArg::Relevance)]
    sort: SortArg,
    /// Number of hits.
    #[arg(long, short = 'n', default_value_t = 10)]
    limit: usize,
    /// Print JSON.
    #[arg(long)]
    json: bool,
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum SortArg {
    Relevance,
    Date,
}

#[derive(Args)]
pub struct ServeArgs {
    #[arg(long)]
    db: PathBuf,
    /// Address to listen on.
    #[arg(long, default_value = "127.0.0.1:8080")]
    addr: String,
}

#[derive(Args)]
pub struct DemoArgs {
    /// Where to build the demo corpus (default: a `naba-demo` directory in the temp dir).
    #[arg(long)]
    db: Option<PathBuf>,
    /// Address to listen on.
    #[arg(long, default_value = "127.0.0.1:8080")]
    addr: String,
    /// Build the corpus and exit without serving.
    #[arg(long)]
    no_serve: bool,
}

/// The example articles bundled in the binary (written for the project): one JSONL article
/// per line, on a few stories across three fictional outlets, with wire copies among them.
pub const DEMO_JSONL: &str = include_str!("../../../data/examples/demo.jsonl");

fn analyse_fn(published: Option<String>) -> impl Fn(&mut Document) + Sync {
    let pipeline = Pipeline::new(Options::default());
    move |doc: &mut Document| {
        if doc.published.is_none() {
            doc.published.clone_from(&published);
        }
        pipeline.run(doc);
    }
}

/// Count the documents in the inputs (JSONL lines), for the progress bar.
fn count_inputs(sources: &[input::Source]) -> Option<u64> {
    let mut n = 0u64;
    for s in sources {
        match s {
            input::Source::Stdin => return None,
            input::Source::File(p) => {
                let f = std::fs::File::open(p).ok()?;
                let mut r = std::io::BufReader::with_capacity(1 << 16, f);
                let head = r.fill_buf().ok()?;
                if naba_ingest::jsonl::looks_like_jsonl(&String::from_utf8_lossy(
                    &head[..head.len().min(1024)],
                )) {
                    let mut buf = Vec::new();
                    while r.read_until(b'\n', &mut buf).ok()? > 0 {
                        if buf.iter().any(|b| !b.is_ascii_whitespace()) {
                            n += 1;
                        }
                        buf.clear();
                    }
                } else {
                    n += 1;
                }
            }
        }
    }
    Some(n)
}

pub fn ingest_cmd(a: IngestArgs) -> Result<ExitCode> {
    let sources = input::expand(&a.paths)?;
    let total = if std::io::IsTerminal::is_terminal(&std::io::stderr()) {
        count_inputs(&sources)
    } else {
        None
    };
    let corpus = Corpus::open(&a.db)?;
    let max_bytes = a.max_bytes;
    let mut open_failed = 0usize;
    let readers: Vec<Reader> = sources
        .iter()
        .filter_map(|s| match Reader::open(s, max_bytes) {
            Ok(r) => Some(r),
            Err(e) => {
                open_failed += 1;
                eprintln!("naba ingest: {}: {e}", s.name());
                None
            }
        })
        .collect();
    let inputs = readers.into_iter().flatten().map(|(origin, r)| {
        (
            origin.clone(),
            r.map(|mut art| {
                art.origin.get_or_insert(origin);
                art.into_document()
            })
            .map_err(|e| e.to_string()),
        )
    });
    let analyse = analyse_fn(a.published.clone());
    let opts = ingest::Options {
        batch: a.batch_size as usize,
        total,
        verbose: a.verbose,
    };
    let s = ingest::run(corpus, inputs, &analyse, &opts)?;
    let r = s.report;
    eprintln!(
        "naba ingest: {} added, {} already stored, {} replaced, {} near-duplicates, {} failed; {:.1}s ({:.0} docs/s)",
        r.added,
        r.skipped,
        r.replaced,
        r.duplicates,
        s.failed + open_failed,
        s.seconds,
        (r.added + r.skipped) as f64 / s.seconds.max(1e-9)
    );
    Ok(if s.failed + open_failed > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

pub fn stats_cmd(a: DbArgs) -> Result<ExitCode> {
    let r = CorpusReader::open(&a.db)?;
    let s = r.stats()?;
    let mut out = std::io::stdout().lock();
    if a.json {
        serde_json::to_writer_pretty(&mut out, &s)?;
        writeln!(out)?;
        return Ok(ExitCode::SUCCESS);
    }
    let g = |k: &str| s[k].to_string().trim_matches('"').to_string();
    writeln!(out, "documents            {}", g("documents"))?;
    writeln!(
        out,
        "published            {} … {} ({} undated)",
        g("first"),
        g("last"),
        g("undated")
    )?;
    let outlets = s["outlets"].as_array().map_or(0, Vec::len);
    writeln!(out, "outlets              {outlets}")?;
    for o in s["outlets"].as_array().into_iter().flatten().take(15) {
        writeln!(
            out,
            "  {:<24} {}",
            o["name"].as_str().unwrap_or(""),
            o["documents"]
        )?;
    }
    writeln!(
        out,
        "duplicate groups     {} ({} documents)",
        g("duplicate_groups"),
        g("documents_in_duplicate_groups")
    )?;
    writeln!(
        out,
        "stories              {} ({} with 2+ articles)",
        g("stories"),
        g("stories_with_2_or_more")
    )?;
    writeln!(
        out,
        "entities             {} ({} mentions)",
        g("entities"),
        g("mentions")
    )?;
    writeln!(out, "quotes               {}", g("quotes"))?;
    writeln!(
        out,
        "store                {:.1} MB",
        s["store_bytes"].as_f64().unwrap_or(0.0) / 1e6
    )?;
    writeln!(
        out,
        "index                {:.1} MB ({} docs, seq {} of {})",
        s["index_bytes"].as_f64().unwrap_or(0.0) / 1e6,
        g("index_docs"),
        g("index_seq"),
        g("store_seq")
    )?;
    Ok(ExitCode::SUCCESS)
}

fn strip_tags(s: &str) -> String {
    // The snippets are our own HTML (escaped text and <b> tags): render <b> as 【…】 on a terminal.
    s.replace("<b>", "【")
        .replace("</b>", "】")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}

pub fn search_cmd(a: SearchArgs) -> Result<ExitCode> {
    let r = CorpusReader::open(&a.db)?;
    let req = SearchRequest {
        q: a.query,
        outlet: a.outlet,
        entity: a.entity,
        from: a.from,
        to: a.to,
        sort: match a.sort {
            SortArg::Relevance => Sort::Relevance,
            SortArg::Date => Sort::Date,
        },
        limit: Some(a.limit),
        offset: None,
    };
    let res = match r.search(&req) {
        Ok(res) => res,
        Err(e) if e.is::<naba_corpus::read::BadRequest>() => {
            eprintln!("naba search: {e}");
            return Ok(ExitCode::from(2));
        }
        Err(e) => return Err(e),
    };
    let mut out = std::io::stdout().lock();
    if a.json {
        serde_json::to_writer_pretty(&mut out, &res)?;
        writeln!(out)?;
        return Ok(ExitCode::SUCCESS);
    }
    writeln!(out, "{} results ({:.1} ms)", res.total, res.took_ms)?;
    for h in &res.hits {
        writeln!(
            out,
            "\n#{}  {}  [{} {}]",
            h.seq,
            strip_tags(&h.title_html),
            h.outlet.as_deref().unwrap_or("-"),
            h.published.as_deref().unwrap_or("-")
        )?;
        writeln!(
            out,
            "    {}",
            strip_tags(&h.snippet_html).replace('\n', " ")
        )?;
    }
    Ok(ExitCode::SUCCESS)
}

fn analyzer_for_server() -> naba_corpus::server::Analyze {
    let pipeline = Pipeline::new(Options::default());
    std::sync::Arc::new(
        move |text: String, title: Option<String>, published: Option<String>| {
            let mut art = naba_ingest::text::structure(&text);
            if title.is_some() {
                art.title = title;
            }
            let mut doc = art.into_document();
            if doc.published.is_none() {
                doc.published = published;
            }
            pipeline.run(&mut doc);
            doc
        },
    )
}

pub fn serve_cmd(a: ServeArgs) -> Result<ExitCode> {
    if !naba_corpus::store_path(&a.db).exists() {
        bail!(
            "{}: no corpus here (build one with `naba ingest FILES --db {}`, or try `naba demo`)",
            a.db.display(),
            a.db.display()
        );
    }
    naba_corpus::server::serve(&a.db, &a.addr, analyzer_for_server())?;
    Ok(ExitCode::SUCCESS)
}

/// Build the demo corpus from the bundled examples.
pub fn build_demo(db: &Path) -> Result<naba_corpus::ingest::Summary> {
    let corpus = Corpus::open(db)?;
    let mut gulf = naba_ingest::text::structure(crate::EXAMPLE_ARTICLE);
    gulf.origin = Some("example:gulf-talks".into());
    gulf.source = Some("رويترز".into());
    gulf.published = Some("2025-03-02".into());
    gulf.url = Some("https://example.com/news/gulf-talks".into());
    let lines = DEMO_JSONL
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
        .map(|(i, l)| {
            let origin = format!("example:demo.jsonl:{}", i + 1);
            let r = naba_ingest::jsonl::parse_line(l, i + 1)
                .map(|mut a| {
                    a.origin = Some(origin.clone());
                    a.into_document()
                })
                .map_err(|e| e.to_string());
            (origin, r)
        });
    let inputs =
        std::iter::once(("example:gulf-talks".to_string(), Ok(gulf.into_document()))).chain(lines);
    let analyse = analyse_fn(None);
    ingest::run(corpus, inputs, &analyse, &ingest::Options::default())
}

pub fn demo_cmd(a: DemoArgs) -> Result<ExitCode> {
    let db =
        a.db.unwrap_or_else(|| std::env::temp_dir().join("naba-demo"));
    let s = build_demo(&db)
        .with_context(|| format!("{}: cannot build the demo corpus", db.display()))?;
    eprintln!(
        "naba demo: corpus in {} ({} added, {} already there)",
        db.display(),
        s.report.added,
        s.report.skipped
    );
    if a.no_serve {
        return Ok(ExitCode::SUCCESS);
    }
    naba_corpus::server::serve(&db, &a.addr, analyzer_for_server())?;
    Ok(ExitCode::SUCCESS)
}
