//! Re-run story assignment over a stored corpus without re-analysing it, and print the size
//! distribution and the biggest stories' titles: the loop for tuning `stories.rs`.
//!
//! `cargo run --release -p naba-corpus --example restory -- DB_DIR [TOP] [PER_STORY]`

use naba_corpus::stories::{self, Stories};
use naba_doc::Document;
use std::collections::HashMap;

fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().collect();
    let dir = std::path::Path::new(args.get(1).map(String::as_str).unwrap_or("db"));
    let top: usize = args.get(2).and_then(|a| a.parse().ok()).unwrap_or(15);
    let per: usize = args.get(3).and_then(|a| a.parse().ok()).unwrap_or(8);
    let conn = rusqlite::Connection::open(dir.join("store.sqlite"))?;
    let mut st =
        conn.prepare("SELECT seq, dup, day, title, text, layers FROM docs ORDER BY seq")?;
    let rows = st.query_map([], |r| {
        Ok((
            r.get::<_, i64>(0)?,
            r.get::<_, i64>(1)?,
            r.get::<_, Option<i32>>(2)?,
            r.get::<_, Option<String>>(3)?,
            r.get::<_, String>(4)?,
            r.get::<_, String>(5)?,
        ))
    })?;
    let mut s = Stories::default();
    let mut story_of: HashMap<i64, i64> = HashMap::new();
    let mut members: HashMap<i64, Vec<(Option<i32>, String)>> = HashMap::new();
    let t0 = std::time::Instant::now();
    for row in rows {
        let (seq, dup, day, title, text, layers) = row?;
        let mut doc: Document = serde_json::from_str(&layers)?;
        doc.text = text;
        let v = stories::vector(&doc);
        let forced = (dup != seq).then(|| story_of.get(&dup).copied()).flatten();
        let title = title.unwrap_or_default();
        let id = s.assign(&v, day, &title, forced);
        story_of.insert(seq, id);
        members.entry(id).or_default().push((day, title));
    }
    let secs = t0.elapsed().as_secs_f64();
    let mut sizes: Vec<(usize, i64)> = members.iter().map(|(id, m)| (m.len(), *id)).collect();
    sizes.sort_by(|a, b| b.cmp(a));
    let multi = sizes.iter().filter(|s| s.0 >= 2).count();
    let in_multi: usize = sizes.iter().filter(|s| s.0 >= 2).map(|s| s.0).sum();
    println!(
        "{} docs, {} stories, {} with 2+ articles ({} articles), largest {:?}, {:.1} s",
        story_of.len(),
        sizes.len(),
        multi,
        in_multi,
        sizes.iter().take(10).map(|s| s.0).collect::<Vec<_>>(),
        secs
    );
    for (n, id) in sizes.iter().take(top) {
        println!("== story {id}: {n} articles");
        let m = &members[id];
        let step = (m.len() / per).max(1);
        for (day, t) in m.iter().step_by(step).take(per) {
            println!("   {} {t}", day.unwrap_or(0));
        }
    }
    Ok(())
}
