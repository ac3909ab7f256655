//! Developer shortcut: score the Recognizers-Text specs without building the whole `naba`
//! binary. `cargo run --release -p naba-time --example spec -- DIR [--failures]`
fn main() {
    let mut args = std::env::args().skip(1);
    let Some(dir) = args.next() else {
        eprintln!("usage: spec DIR [--failures]");
        std::process::exit(2);
    };
    let failures = args.any(|a| a == "--failures");
    let reports = match naba_time::eval::score_dir(std::path::Path::new(&dir)) {
        Ok(r) => r,
        Err(e) => {
            eprintln!("{e}");
            std::process::exit(1);
        }
    };
    let (mut ok, mut n, mut nok, mut nn) = (0, 0, 0, 0);
    for r in &reports {
        println!(
            "{}\tsupported {}/{}\tnot_supported {}/{}",
            r.name,
            r.supported.cases_ok,
            r.supported.cases,
            r.not_supported.cases_ok,
            r.not_supported.cases
        );
        ok += r.supported.cases_ok;
        n += r.supported.cases;
        nok += r.not_supported.cases_ok;
        nn += r.not_supported.cases;
        if failures {
            for f in &r.failures {
                println!("  {}: {f}", r.name);
            }
        }
    }
    let pct = |a: usize, b: usize| 100.0 * a as f64 / b.max(1) as f64;
    println!(
        "cases right: supported {ok}/{n} ({:.1}%), not_supported {nok}/{nn} ({:.1}%)",
        pct(ok, n),
        pct(nok, nn)
    );
}
