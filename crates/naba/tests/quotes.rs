//! Acceptance: the quotes of the seed article (`../shared/seed/expected.json`).

mod common;

use common::shared;
use serde_json::Value;
use std::process::Command;

fn names(v: &Value) -> Vec<String> {
    v.as_array()
        .map(|a| {
            a.iter()
                .filter_map(|x| x["name"].as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default()
}

#[test]
fn seed_article_quotes() {
    let Some(shared) = shared() else { return };
    let out = Command::new(env!("CARGO_BIN_EXE_naba"))
        .args(["analyze", "--published", "2025-07-03"])
        .arg(shared.join("seed/article.txt"))
        .output()
        .unwrap();
    assert!(out.status.success());
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    let expected: Value =
        serde_json::from_str(&std::fs::read_to_string(shared.join("seed/expected.json")).unwrap())
            .unwrap();
    let quotes = doc["quotes"].as_array().unwrap();
    for want in expected["quotes"].as_array().unwrap() {
        let content = want["content_contains"].as_str().unwrap();
        // `استئناف المفاوضات` is in two quotes: the cue tells them apart.
        let found = quotes
            .iter()
            .find(|q| {
                q["content"]["text"].as_str().unwrap().contains(content)
                    && q["cue"]["text"] == want["cue"]
            })
            .unwrap_or_else(|| {
                panic!(
                    "no quote with cue {} contains {content}: {quotes:#?}",
                    want["cue"]
                )
            });
        assert_eq!(
            found["speaker"]["name"], want["speaker"],
            "speaker of «{content}»"
        );
        assert_eq!(found["direct"], want["direct"], "directness of «{content}»");
        let want_sources: Vec<String> = want["sources"]
            .as_array()
            .map(|a| a.iter().map(|s| s.as_str().unwrap().to_string()).collect())
            .unwrap_or_default();
        assert_eq!(
            names(&found["sources"]),
            want_sources,
            "sources of «{content}»"
        );
        if let Some(ch) = want["channel"].as_str() {
            assert_eq!(found["channel"]["name"], ch, "channel of «{content}»");
        }
    }
    // Nothing from the removed related-article lines.
    for q in quotes {
        let c = q["content"]["text"].as_str().unwrap();
        assert!(
            !c.contains("فوردو") && !c.contains("التصدي للهجوم الإيراني"),
            "{c}"
        );
    }
}
