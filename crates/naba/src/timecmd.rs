//! `naba times` and `naba eval time`: temporal expressions (crate `naba-time`).

use anyhow::{bail, Result};
use clap::Args;
use std::io::{BufRead, Write};
use std::path::Path;
use std::process::ExitCode;

#[derive(Args)]
pub struct TimesArgs {
    /// Text to tag; without it, every stdin line is one text (one JSON object per line out).
    pub text: Option<String>,
    /// Reference date ("now") to resolve relative expressions (YYYY-MM-DD or RFC 3339);
    /// default: today.
    #[arg(long)]
    pub now: Option<String>,
    /// Also print the unresolved TIMEX form of each expression.
    #[arg(long)]
    pub timex: bool,
}

fn today() -> String {
    jiff_today()
}

fn jiff_today() -> String {
    // Civil date in UTC from the system clock (no tz database needed).
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0);
    let days = secs.div_euclid(86_400);
    // civil-from-days (Howard Hinnant)
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = if m <= 2 { y + 1 } else { y };
    format!("{y:04}-{m:02}-{d:02}")
}

fn line_json(text: &str, now: &str, timex: bool) -> serde_json::Value {
    let found = naba_time::extract_detailed(text, Some(now));
    let times: Vec<serde_json::Value> = found
        .into_iter()
        .map(|f| {
            let mut v = serde_json::to_value(&f.expr).unwrap_or_default();
            if timex {
                v["timex"] = f.timex.into();
            }
            v
        })
        .collect();
    serde_json::json!({ "times": times })
}

pub fn times(a: TimesArgs) -> Result<ExitCode> {
    let now = match &a.now {
        Some(n) => {
            if naba_time::parse_reference(n).is_none() {
                bail!("--now `{n}` is not a date: use YYYY-MM-DD or an RFC 3339 time");
            }
            n.clone()
        }
        None => today(),
    };
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    if let Some(t) = &a.text {
        let v = line_json(t, &now, a.timex);
        serde_json::to_writer_pretty(&mut out, &v["times"])?;
        out.write_all(b"\n")?;
    } else {
        let stdin = std::io::stdin();
        let mut buf = Vec::new();
        let mut lock = stdin.lock();
        loop {
            buf.clear();
            if lock.read_until(b'\n', &mut buf)? == 0 {
                break;
            }
            let line = String::from_utf8_lossy(&buf);
            let line = line.trim_end_matches(['\n', '\r']);
            serde_json::to_writer(&mut out, &line_json(line, &now, a.timex))?;
            out.write_all(b"\n")?;
        }
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

macro_rules! p {
    ($o:ident, $($t:tt)*) => {{
        use std::fmt::Write as _;
        let _ = writeln!($o, $($t)*);
    }};
}

/// `naba eval time DIR`
pub fn eval(dir: &Path, failures: bool) -> Result<ExitCode> {
    let reports = naba_time::eval::score_dir(dir).map_err(anyhow::Error::msg)?;
    if reports.is_empty() {
        bail!("{}: no *.json spec files", dir.display());
    }
    let mut o = String::new();
    let pct = |x: f64| format!("{:.1}", 100.0 * x);
    p!(
        o,
        "file\tgroup\tcases\texpected\tfound\tmatched\tP\tR\tF1\tcase_acc"
    );
    let mut tot = [[naba_time::eval::Counts::default(); 2]; 2]; // [extractor|parser][supported|ns]
    for r in &reports {
        for (g, k) in [
            ("supported", &r.supported),
            ("not_supported", &r.not_supported),
        ] {
            if k.cases == 0 {
                continue;
            }
            if r.parser {
                p!(
                    o,
                    "{}\t{g}\t{}\t{}\t-\t{}\t-\t-\t-\t{}",
                    r.name,
                    k.cases,
                    k.expected,
                    k.matched,
                    pct(k.case_accuracy())
                );
            } else {
                p!(
                    o,
                    "{}\t{g}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}",
                    r.name,
                    k.cases,
                    k.expected,
                    k.found,
                    k.matched,
                    pct(k.precision()),
                    pct(k.recall()),
                    pct(k.f1()),
                    pct(k.case_accuracy())
                );
            }
        }
        let i = r.parser as usize;
        tot[i][0].add(&r.supported);
        tot[i][1].add(&r.not_supported);
    }
    p!(o, "");
    for (i, kind) in ["extractor", "parser"].iter().enumerate() {
        for (j, g) in ["supported", "not_supported"].iter().enumerate() {
            let k = &tot[i][j];
            if i == 0 {
                p!(
                    o,
                    "OVERALL {kind} {g}: cases {} span P {} R {} F1 {} case accuracy {}",
                    k.cases,
                    pct(k.precision()),
                    pct(k.recall()),
                    pct(k.f1()),
                    pct(k.case_accuracy())
                );
            } else {
                p!(
                    o,
                    "OVERALL {kind} {g}: cases {} timex accuracy {} (results {}/{})",
                    k.cases,
                    pct(k.case_accuracy()),
                    k.matched,
                    k.expected
                );
            }
        }
    }
    let mut all = [naba_time::eval::Counts::default(); 2];
    for (j, a) in all.iter_mut().enumerate() {
        a.add(&tot[0][j]);
        a.add(&tot[1][j]);
    }
    p!(
        o,
        "OVERALL cases right: supported {}/{} ({}%), not_supported {}/{} ({}%)",
        all[0].cases_ok,
        all[0].cases,
        pct(all[0].case_accuracy()),
        all[1].cases_ok,
        all[1].cases,
        pct(all[1].case_accuracy())
    );
    p!(o, "\n## skipped");
    for r in &reports {
        for s in &r.skipped {
            p!(o, "{}\t{s}", r.name);
        }
    }
    if failures {
        p!(o, "\n## failures");
        for r in &reports {
            for s in &r.failures {
                p!(o, "{}\t{s}", r.name);
            }
        }
    }
    std::io::stdout().lock().write_all(o.as_bytes())?;
    Ok(ExitCode::SUCCESS)
}
