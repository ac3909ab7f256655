use super::*;

fn one(text: &str, now: &str) -> Vec<(String, String, String, Option<String>)> {
    extract(text, Some(now))
        .into_iter()
        .map(|t| (t.text, t.kind, t.value, t.modifier))
        .collect()
}

#[test]
fn smoke() {
    let r = one("أعلن الكرملين، اليوم الخميس، أن", "2025-07-03");
    assert_eq!(r[0].0, "اليوم الخميس");
    assert_eq!(r[0].2, "2025-07-03");
}
