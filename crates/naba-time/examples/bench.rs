//! Cost of the time stage alone over a JSONL corpus (one `{"text", "published"}` object per
//! line), with the pipeline's tokens made beforehand (as `naba analyze` does):
//! `cargo run --release -p naba-time --example bench -- /tmp/snn.jsonl [--no-times]`
use std::io::BufRead;
use std::time::{Duration, Instant};

fn main() {
    let path = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "/tmp/snn.jsonl".into());
    // `--no-times`: everything but the stage (compare the user CPU of both runs)
    let skip = std::env::args().any(|a| a == "--no-times");
    let file = match std::fs::File::open(&path) {
        Ok(f) => f,
        Err(e) => {
            eprintln!("{path}: {e}");
            std::process::exit(1);
        }
    };
    let (mut docs, mut bytes, mut found) = (0usize, 0usize, 0usize);
    let mut tok_time = Duration::ZERO;
    let mut time_time = Duration::ZERO;
    for line in std::io::BufReader::new(file).lines() {
        let Ok(line) = line else { continue };
        let Ok(v) = serde_json::from_str::<serde_json::Value>(&line) else {
            continue;
        };
        let text = v["text"].as_str().unwrap_or("");
        let published = v["published"].as_str().filter(|s| !s.is_empty());
        let t0 = Instant::now();
        let toks = naba_arabic::tokenize(text);
        let t1 = Instant::now();
        let times = if skip {
            Vec::new()
        } else {
            naba_time::extract_with_tokens(text, &toks, published)
        };
        let t2 = Instant::now();
        tok_time += t1 - t0;
        time_time += t2 - t1;
        docs += 1;
        bytes += text.len();
        found += times.len();
    }
    println!(
        "{docs} docs, {:.1} MB: tokenize {:.2} s, time stage {:.2} s ({:.0} docs/s), {found} expressions",
        bytes as f64 / 1e6,
        tok_time.as_secs_f64(),
        time_time.as_secs_f64(),
        docs as f64 / time_time.as_secs_f64().max(1e-9)
    );
}
