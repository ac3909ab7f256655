//! End-to-end: `naba times`, the `times` layer of `naba analyze`, and the seed article.

mod common;

use std::process::Command;

fn naba() -> Command {
    Command::new(env!("CARGO_BIN_EXE_naba"))
}

fn run_stdin(args: &[&str], input: &str) -> std::process::Output {
    common::run_stdin(args, input.as_bytes())
}

#[test]
fn times_text_argument() {
    let out = naba()
        .args([
            "times",
            "اتصل به اليوم الخميس بعد 22 يونيو",
            "--now",
            "2025-07-03",
        ])
        .output()
        .unwrap();
    assert!(out.status.success());
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v[0]["text"], "اليوم الخميس");
    assert_eq!(v[0]["value"], "2025-07-03");
    assert_eq!(v[1]["value"], "2025-06-22");
    assert_eq!(v[1]["mod"], "after");
}

#[test]
fn times_stdin_lines() {
    let out = run_stdin(
        &["times", "--now", "2025-07-03"],
        "وصل أمس\nلا شيء هنا\n\u{FFFD}\u{0}الساعة 14:00 بتوقيت غرينتش\n",
    );
    assert!(out.status.success());
    let lines: Vec<serde_json::Value> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 3);
    assert_eq!(lines[0]["times"][0]["value"], "2025-07-02");
    assert_eq!(lines[1]["times"].as_array().unwrap().len(), 0);
    assert_eq!(lines[2]["times"][0]["value"], "2025-07-03T14:00Z");
}

#[test]
fn times_rejects_bad_now() {
    let out = naba()
        .args(["times", "أمس", "--now", "yesterday"])
        .output()
        .unwrap();
    assert!(!out.status.success());
}

#[test]
fn analyze_fills_times_layer() {
    let out = run_stdin(
        &["analyze", "-", "--published", "2025-07-03"],
        "أعلن الكرملين، اليوم الخميس، أن الاتصال جرى منذ 14 يونيو الماضي.\n",
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let times = v["times"].as_array().unwrap();
    let text = v["text"].as_str().unwrap();
    let values: Vec<&str> = times.iter().map(|t| t["value"].as_str().unwrap()).collect();
    assert!(values.contains(&"2025-07-03"), "{values:?}");
    assert!(values.contains(&"2025-06-14"), "{values:?}");
    for t in times {
        let (s, e) = (
            t["start"].as_u64().unwrap() as usize,
            t["end"].as_u64().unwrap() as usize,
        );
        let piece: String = text.chars().skip(s).take(e - s).collect();
        assert_eq!(piece, t["text"].as_str().unwrap());
    }
}

/// Acceptance: every time in ../shared/seed/expected.json is found with the right value.
#[test]
fn seed_article_times() {
    let Some(shared) = common::shared() else {
        return;
    };
    let article = std::fs::read_to_string(shared.join("seed/article.txt")).unwrap();
    let expected = std::fs::read_to_string(shared.join("seed/expected.json")).unwrap();
    let expected: serde_json::Value = serde_json::from_str(&expected).unwrap();
    let published = expected["published"].as_str().unwrap();
    let out = run_stdin(&["analyze", "-", "--published", published], &article);
    assert!(out.status.success());
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let got = doc["times"].as_array().unwrap();
    for want in expected["times"].as_array().unwrap() {
        let text = want["text"].as_str().unwrap();
        let value = want["value"].as_str().unwrap();
        let count = want["count"].as_u64().unwrap_or(1) as usize;
        let found: Vec<&serde_json::Value> = got
            .iter()
            .filter(|t| t["text"] == text && t["value"] == value)
            .collect();
        assert!(
            found.len() >= count,
            "{text} = {value}: found {} of {count}; got {got:#?}",
            found.len()
        );
        if let Some(m) = want.get("mod") {
            assert!(found.iter().all(|t| &t["mod"] == m), "{text}: mod {m}");
        }
        if let Some(k) = want.get("type") {
            assert!(found.iter().all(|t| &t["type"] == k), "{text}: type {k}");
        }
    }
}
