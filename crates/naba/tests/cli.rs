//! End-to-end tests of the `naba` binary.

mod common;

use common::{run_stdin, shared};
use serde_json::Value;
use std::path::PathBuf;
use std::process::{Command, Output};

fn naba() -> Command {
    Command::new(env!("CARGO_BIN_EXE_naba"))
}

fn tmp(name: &str, bytes: &[u8]) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("naba-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let p = dir.join(name);
    std::fs::write(&p, bytes).unwrap();
    p
}

fn json(out: &Output) -> Value {
    assert!(
        out.status.success(),
        "stderr: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("stdout is one JSON document")
}

fn kept_texts(doc: &Value, kind: &str) -> Vec<String> {
    let chars: Vec<char> = doc["text"].as_str().unwrap().chars().collect();
    doc["blocks"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|b| b["kind"] == kind)
        .map(|b| {
            let (s, e) = (
                b["start"].as_u64().unwrap() as usize,
                b["end"].as_u64().unwrap() as usize,
            );
            chars[s..e].iter().collect()
        })
        .collect()
}

#[test]
fn seed_article_structure() {
    let Some(shared) = shared() else { return };
    let out = naba()
        .args(["analyze", "--published", "2025-07-03"])
        .arg(shared.join("seed/article.txt"))
        .output()
        .unwrap();
    let doc = json(&out);
    let expected: Value =
        serde_json::from_str(&std::fs::read_to_string(shared.join("seed/expected.json")).unwrap())
            .unwrap();
    assert_eq!(doc["schema"], "naba.document/1");
    assert_eq!(doc["published"], "2025-07-03");
    let removed: Vec<&str> = doc["blocks"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|b| b["kind"] == "removed" && b["reason"] == "related")
        .map(|b| b["text"].as_str().unwrap())
        .collect();
    let want_removed: Vec<&str> = expected["structure"]["related_lines"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    assert_eq!(removed, want_removed);
    let want_headings: Vec<String> = expected["structure"]["headings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap().to_string())
        .collect();
    assert_eq!(kept_texts(&doc, "heading"), want_headings);
    assert_eq!(
        kept_texts(&doc, "paragraph").len() as u64,
        expected["structure"]["paragraphs"].as_u64().unwrap()
    );
    // The removed lines are not in the analysed text.
    let text = doc["text"].as_str().unwrap();
    assert!(!text.contains("فوردو") && !text.contains("شوف كمان"));
}

#[test]
fn example_article_runs_and_offsets_slice() {
    let out = naba()
        .args(["analyze", "--example", "--tokens"])
        .output()
        .unwrap();
    let doc = json(&out);
    let chars: Vec<char> = doc["text"].as_str().unwrap().chars().collect();
    let tokens = doc["tokens"].as_array().unwrap();
    assert!(tokens.len() > 100);
    for t in tokens {
        let (s, e) = (
            t["start"].as_u64().unwrap() as usize,
            t["end"].as_u64().unwrap() as usize,
        );
        assert_eq!(
            chars[s..e].iter().collect::<String>(),
            t["text"].as_str().unwrap()
        );
    }
    let sentences = doc["sentences"].as_array().unwrap();
    assert_eq!(sentences.len(), 7);
    assert_eq!(
        doc["title"],
        "وزراء خارجية الخليج يبحثون في الرياض أمن الملاحة"
    );
    let reasons: Vec<&str> = doc["blocks"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|b| b["reason"].as_str())
        .collect();
    assert_eq!(reasons, vec!["related", "trailer"]);
    // Clitics and stems on tokens.
    let wa_qal = tokens.iter().find(|t| t["text"] == "وقال").unwrap();
    assert_eq!(wa_qal["clitics"]["proclitics"][0], "و");
    assert_eq!(wa_qal["clitics"]["base"], "قال");
}

#[test]
fn stdin_and_jsonl() {
    let out = run_stdin(
        &["analyze", "-"],
        "قال الوزير إن المحادثات انتهت. وأضاف أنها كانت مثمرة.".as_bytes(),
    );
    let doc = json(&out);
    assert_eq!(doc["sentences"].as_array().unwrap().len(), 2);

    let jsonl = "{\"text\":\"خبر أول.\",\"title\":\"ع1\",\"published\":\"2015-07-21\",\"source\":\"spa\"}\n\
                 \n\
                 {\"content\":\"خبر ثان.\"}\n\
                 {broken\n";
    let out = run_stdin(
        &["analyze", "-", "--published", "2020-01-01"],
        jsonl.as_bytes(),
    );
    assert_eq!(
        out.status.code(),
        Some(1),
        "a broken line makes the exit code 1"
    );
    let stdout = String::from_utf8(out.stdout).unwrap();
    let docs: Vec<Value> = stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(docs.len(), 2);
    assert_eq!(docs[0]["published"], "2015-07-21");
    assert_eq!(
        docs[1]["published"], "2020-01-01",
        "--published fills documents without a date"
    );
    assert_eq!(docs[0]["origin"], "-:1");
    assert!(String::from_utf8_lossy(&out.stderr).contains("-:4: invalid JSON on line 4"));
}

#[test]
fn directories_are_walked_and_jsonl_out() {
    let dir = std::env::temp_dir().join(format!("naba-cli-dir-{}", std::process::id()));
    std::fs::create_dir_all(dir.join("sub")).unwrap();
    std::fs::write(dir.join("a.txt"), "نص أول.").unwrap();
    std::fs::write(dir.join("sub/b.txt"), "نص ثان.").unwrap();
    std::fs::write(dir.join(".hidden"), "x").unwrap();
    let out = naba().arg("analyze").arg(&dir).output().unwrap();
    assert!(out.status.success());
    assert_eq!(String::from_utf8(out.stdout).unwrap().lines().count(), 2);
}

#[test]
fn hostile_inputs() {
    // windows-1256 without any declaration is detected and decoded.
    let text = "أعلن الرئيس الروسي فلاديمير بوتين اليوم أن المفاوضات مع أوكرانيا ستستأنف في إسطنبول الأسبوع المقبل.";
    let (bytes, _, _) = encoding_rs::WINDOWS_1256.encode(text);
    let doc = json(
        &naba()
            .arg("analyze")
            .arg(tmp("cp1256.txt", &bytes))
            .output()
            .unwrap(),
    );
    assert_eq!(doc["text"], text);
    assert_eq!(doc["provenance"]["encoding"], "detected windows-1256");

    // Binary data: a clear error and exit code 1.
    let out = naba()
        .arg("analyze")
        .arg(tmp("bin.dat", b"\x7fELF\x02\x01\x01\x00\x00\x00"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("binary data"));

    // Empty file: an empty document.
    let doc = json(
        &naba()
            .arg("analyze")
            .arg(tmp("empty.txt", b""))
            .output()
            .unwrap(),
    );
    assert_eq!(doc["text"], "");
    assert_eq!(doc["sentences"].as_array().unwrap().len(), 0);

    // Over the size limit: refused without reading it all.
    let big = vec![b'a'; 5000];
    let out = naba()
        .args(["analyze", "--max-bytes", "1000"])
        .arg(tmp("big.txt", &big))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("too large"));

    // An over-long JSONL line is skipped, the next line still read.
    let mut jl = format!("{{\"text\":\"{}\"}}\n", "ب".repeat(3000)).into_bytes();
    jl.extend_from_slice("{\"text\":\"قصير.\"}\n".as_bytes());
    let out = naba()
        .args(["analyze", "--max-bytes", "1000"])
        .arg(tmp("long.jsonl", &jl))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert_eq!(stdout.lines().count(), 1);
    assert!(stdout.contains("قصير"));

    // A missing file.
    let out = naba()
        .args(["analyze", "/nonexistent/naba.txt"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("cannot read"));

    // A bad --published is a usage error.
    let out = naba()
        .args(["analyze", "--example", "--published", "yesterday"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn text_tools() {
    let out = naba()
        .args(["normalize", "أَحْمَد", "إلى", "مستشفى", "١٤"])
        .output()
        .unwrap();
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        "احمد الي مستشفي 14\n"
    );
    let out = naba()
        .args(["normalize", "--profile", "display", "أَحْمَد\u{200F}"])
        .output()
        .unwrap();
    assert_eq!(String::from_utf8(out.stdout).unwrap(), "أَحْمَد\n");
    let out = run_stdin(&["tokenize"], "قال: «نعم»، 14:00\nسطر".as_bytes());
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        "قال : « نعم » ، 14:00\nسطر\n"
    );
    let out = naba()
        .args(["sentences", "جملة أولى. جملة ثانية؟"])
        .output()
        .unwrap();
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        "جملة أولى.\nجملة ثانية؟\n"
    );
    let out = naba()
        .args(["stem", "--clitics", "والمفاوضات", "بيروت"])
        .output()
        .unwrap();
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        "والمفاوضات\tمفاوض\tو+ال+مفاوضات\nبيروت\tبيروت\tبيروت\n"
    );
    let out = run_stdin(&["tokenize", "--stats"], "قال الوزير. نعم\n".as_bytes());
    let stats: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(stats["words"], 3);
    assert_eq!(stats["sentences"], 2);
}

#[test]
fn help_on_every_subcommand() {
    for sub in [
        "analyze",
        "normalize",
        "tokenize",
        "sentences",
        "stem",
        "eval",
    ] {
        let out = naba().args([sub, "--help"]).output().unwrap();
        assert!(out.status.success(), "{sub} --help");
        assert!(!out.stdout.is_empty());
    }
}

mod any_bytes {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]
        /// Whatever the bytes, the binary exits with 0 or 1, never a panic (101).
        #[test]
        fn analyze_never_panics(bytes in prop::collection::vec(any::<u8>(), 0..2000)) {
            let out = run_stdin(&["analyze", "-", "--tokens"], &bytes);
            prop_assert!(matches!(out.status.code(), Some(0) | Some(1)), "{:?} {}", out.status, String::from_utf8_lossy(&out.stderr));
        }
    }
}

#[test]
fn quotes_gold_set_meets_the_goal() {
    let gold = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/data/quotes-gold.jsonl");
    let out = naba().args(["eval", "quotes"]).arg(&gold).output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let report = String::from_utf8(out.stdout).unwrap();
    let figure = |label: &str| -> f64 {
        report
            .lines()
            .find(|l| l.starts_with(label))
            .and_then(|l| l.rsplit('\t').next())
            .and_then(|v| v.parse().ok())
            .unwrap_or_else(|| panic!("no {label} in {report}"))
    };
    assert!(figure("speaker+content precision") >= 0.90, "{report}");
    assert!(figure("speaker+content recall") >= 0.80, "{report}");
}

#[test]
fn quotes_table() {
    let out = run_stdin(
        &["quotes", "-"],
        "وقال الوزير إن المحادثات انتهت، حسبما ذكرت وكالة رويترز.".as_bytes(),
    );
    let table = String::from_utf8(out.stdout).unwrap();
    assert!(
        table.contains("الوزير\tقال\treported\t«المحادثات انتهت»\tsources: رويترز"),
        "{table}"
    );
}
