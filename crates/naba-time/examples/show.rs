//! Developer shortcut: `cargo run -p naba-time --example show -- "TEXT" [REFERENCE]` prints
//! the prepared tokens and what is found.
fn main() {
    let mut args = std::env::args().skip(1);
    let text = args.next().unwrap_or_default();
    let reference = args.next().unwrap_or_else(|| "2016-11-07".into());
    let mut toks = Vec::new();
    naba_time::lex::prepare(&text, 0, 0, &mut toks);
    for w in &toks {
        println!(
            "{:?}\tn={}\tb={}\tlx={:?}\tstarter={}",
            w.kind, w.n, w.b, w.lx, w.starter
        );
    }
    for f in naba_time::extract_detailed(&text, Some(&reference)) {
        println!(
            "{}\t{}\t{}\t{:?}",
            f.expr.text, f.timex, f.expr.value, f.expr.modifier
        );
    }
}
