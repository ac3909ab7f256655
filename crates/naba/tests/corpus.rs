//! End-to-end tests of the corpus commands: ingest (idempotent, resumable after a kill),
//! search (Arabic variants, phrases, filters), and the HTTP API under hostile requests.

mod common;

use common::{naba, start_server, NABA};
use serde_json::Value;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};

fn stats(db: &Path) -> Value {
    let (code, out, err) = naba(&["stats", "--db", db.to_str().unwrap(), "--json"]);
    assert_eq!(code, 0, "{err}");
    serde_json::from_str(&out).unwrap()
}

fn search(db: &Path, extra: &[&str]) -> Value {
    let mut args = vec!["search", "--db", db.to_str().unwrap(), "--json"];
    args.extend_from_slice(extra);
    let (code, out, err) = naba(&args);
    assert_eq!(code, 0, "{err}");
    serde_json::from_str(&out).unwrap()
}

fn line(title: &str, text: &str, source: &str, date: &str, url: &str) -> String {
    serde_json::json!({"title": title, "text": text, "source": source, "published": date, "url": url})
        .to_string()
}

fn small_corpus(dir: &Path) -> std::path::PathBuf {
    let p = dir.join("in.jsonl");
    let lines = [
        line(
            "استئناف المحادثات في مسقط",
            "قال الوزير إن والمفاوضات ستستأنف الأسبوع المقبل في مسقط بين الوفدين. وأكد وزير الخارجية أن الأجواء إيجابية.",
            "وكالة أ",
            "2025-04-10",
            "https://a.example/1",
        ),
        line(
            "الهلال يفوز على النصر",
            "حقق فريق الهلال فوزا كبيرا على النصر في مباراة الدوري مساء أمس بحضور جماهيري كبير.",
            "صحيفة ب",
            "2025-05-20",
            "https://b.example/2",
        ),
        line(
            "ارتفاع أسعار النفط",
            "ارتفعت أسعار النفط بعد تقارير عن تعثر المفاوضات حول الإمدادات في الأسواق العالمية.",
            "صحيفة ب",
            "2025-06-01",
            "https://b.example/3",
        ),
    ];
    std::fs::write(&p, lines.join("\n") + "\n").unwrap();
    p
}

#[test]
fn ingest_is_idempotent_and_search_finds_variants() {
    let tmp = tempfile::tempdir().unwrap();
    let input = small_corpus(tmp.path());
    let db = tmp.path().join("db");
    let (dbs, ins) = (db.to_str().unwrap(), input.to_str().unwrap());
    let (code, _, err) = naba(&["ingest", ins, "--db", dbs]);
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("3 added"), "{err}");
    let (code, _, err) = naba(&["ingest", ins, "--db", dbs]);
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("0 added, 3 already stored"), "{err}");
    let s = stats(&db);
    assert_eq!(s["documents"], 3);
    assert_eq!(s["index_docs"], 3);

    // `مفاوضات` finds `والمفاوضات` and `المفاوضات`.
    let r = search(&db, &["مفاوضات"]);
    assert_eq!(r["total"], 2, "{r}");
    let snippet = r["hits"][0]["snippet_html"].as_str().unwrap();
    assert!(snippet.contains("<b>"), "{snippet}");
    // Phrases: both words adjacent, in order.
    assert_eq!(search(&db, &["\"وزير الخارجية\""])["total"], 1);
    assert_eq!(search(&db, &["\"الخارجية وزير\""])["total"], 0);
    // Filters.
    assert_eq!(search(&db, &["مفاوضات", "--outlet", "صحيفة ب"])["total"], 1);
    assert_eq!(
        search(&db, &["مفاوضات", "--from", "2025-05-01"])["total"],
        1
    );
    assert_eq!(search(&db, &["مفاوضات", "--to", "2025-05-01"])["total"], 1);
    assert_eq!(search(&db, &["", "--outlet", "صحيفة ب"])["total"], 2);
    // Sort by date: newest first.
    let r = search(&db, &["", "--sort", "date"]);
    assert_eq!(r["hits"][0]["published"], "2025-06-01");
    assert_eq!(r["hits"][2]["published"], "2025-04-10");
    // A bad date is a usage error.
    let (code, _, err) = naba(&["search", "x", "--db", dbs, "--from", "yesterday"]);
    assert_eq!(code, 2, "{err}");
}

#[test]
fn changed_article_at_same_url_replaces_the_old_version() {
    let tmp = tempfile::tempdir().unwrap();
    let db = tmp.path().join("db");
    let a = tmp.path().join("a.jsonl");
    let b = tmp.path().join("b.jsonl");
    std::fs::write(
        &a,
        line(
            "عنوان",
            "نص أول عن الميناء الجديد",
            "و",
            "2025-01-01",
            "https://x.example/1",
        ) + "\n",
    )
    .unwrap();
    std::fs::write(
        &b,
        line(
            "عنوان",
            "نص معدل عن المطار الجديد",
            "و",
            "2025-01-01",
            "https://x.example/1",
        ) + "\n",
    )
    .unwrap();
    let dbs = db.to_str().unwrap();
    assert_eq!(naba(&["ingest", a.to_str().unwrap(), "--db", dbs]).0, 0);
    let (code, _, err) = naba(&["ingest", b.to_str().unwrap(), "--db", dbs]);
    assert_eq!(code, 0);
    assert!(err.contains("1 replaced"), "{err}");
    assert_eq!(stats(&db)["documents"], 1);
    assert_eq!(search(&db, &["الميناء"])["total"], 0);
    assert_eq!(search(&db, &["المطار"])["total"], 1);
}

#[test]
fn killed_ingest_resumes_and_store_and_index_agree() {
    let tmp = tempfile::tempdir().unwrap();
    let input = tmp.path().join("many.jsonl");
    let words = [
        "المفاوضات",
        "الحكومة",
        "الاقتصاد",
        "المنتخب",
        "النفط",
        "الأمطار",
        "الجامعة",
        "المستشفى",
    ];
    let mut f = std::io::BufWriter::new(std::fs::File::create(&input).unwrap());
    let n = 3000;
    for i in 0..n {
        let text = format!(
            "الخبر رقم {i} عن {} و{} في المدينة {} مع تفاصيل إضافية عن {}.",
            words[i % 8],
            words[(i / 8) % 8],
            i * 7,
            words[(i / 64) % 8]
        );
        writeln!(
            f,
            "{}",
            line(
                &format!("خبر {i}"),
                &text,
                "مصدر",
                "2025-01-02",
                &format!("https://e.example/{i}")
            )
        )
        .unwrap();
    }
    drop(f);
    let db = tmp.path().join("db");
    let (dbs, ins) = (db.to_str().unwrap(), input.to_str().unwrap());
    let mut child: Child = Command::new(NABA)
        .args([
            "ingest",
            ins,
            "--db",
            dbs,
            "--batch-size",
            "50",
            "--verbose",
        ])
        .stderr(Stdio::piped())
        .stdout(Stdio::null())
        .spawn()
        .unwrap();
    // Kill it once a few batches are stored, but before it ends.
    let mut err = BufReader::new(child.stderr.take().unwrap());
    let mut killed = false;
    let mut buf = String::new();
    while err.read_line(&mut buf).unwrap_or(0) > 0 {
        if let Some(rest) = buf.strip_prefix("naba ingest: stored ") {
            let stored: usize = rest.split_whitespace().next().unwrap().parse().unwrap();
            if stored >= 300 {
                child.kill().unwrap();
                killed = true;
                break;
            }
        }
        buf.clear();
    }
    child.wait().unwrap();
    assert!(killed, "the ingest ended before it could be killed");
    // After the kill: whatever the store holds, the index agrees (it catches up on open).
    let s = stats(&db);
    let stored = s["documents"].as_u64().unwrap();
    assert!(stored >= 300 && stored < n as u64, "{s}");
    assert_eq!(s["index_docs"], s["documents"], "{s}");
    assert_eq!(s["index_seq"], s["store_seq"], "{s}");
    // Resume: only the rest is added.
    let (code, _, err) = naba(&["ingest", ins, "--db", dbs]);
    assert_eq!(code, 0, "{err}");
    assert!(
        err.contains(&format!(
            "{} added, {stored} already stored",
            n as u64 - stored
        )),
        "{err}"
    );
    let s = stats(&db);
    assert_eq!(s["documents"], n);
    assert_eq!(s["index_docs"], n);
    assert_eq!(search(&db, &["\"الخبر رقم 2999\""])["total"], 1);
}

/// Send a raw HTTP/1.1 request; returns (status, body).
fn http(addr: &str, raw: &[u8]) -> (u16, String) {
    let mut s = TcpStream::connect(addr).unwrap();
    s.set_read_timeout(Some(std::time::Duration::from_secs(20)))
        .unwrap();
    let _ = s.write_all(raw);
    let mut out = Vec::new();
    let _ = s.read_to_end(&mut out);
    let text = String::from_utf8_lossy(&out).into_owned();
    let status = text
        .split_whitespace()
        .nth(1)
        .and_then(|c| c.parse().ok())
        .unwrap_or(0);
    let body = text.split_once("\r\n\r\n").map_or("", |x| x.1).to_string();
    (status, body)
}

fn get(addr: &str, path: &str) -> (u16, String) {
    http(
        addr,
        format!("GET {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").as_bytes(),
    )
}

fn post(addr: &str, path: &str, ctype: &str, body: &[u8]) -> (u16, String) {
    let mut req = format!(
        "POST {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Type: {ctype}\r\nContent-Length: {}\r\n\r\n",
        body.len()
    )
    .into_bytes();
    req.extend_from_slice(body);
    http(addr, &req)
}

fn assert_json_error(r: (u16, String), status: u16) {
    assert_eq!(r.0, status, "{}", r.1);
    let v: Value = serde_json::from_str(&r.1).unwrap_or_else(|e| panic!("not JSON ({e}): {}", r.1));
    assert_eq!(v["error"]["status"], status, "{v}");
    assert!(
        v["error"]["message"]
            .as_str()
            .is_some_and(|m| !m.is_empty()),
        "{v}"
    );
}

#[test]
fn api_serves_and_rejects_hostile_requests_with_json_errors() {
    let tmp = tempfile::tempdir().unwrap();
    let db = tmp.path().join("db");
    let (code, _, err) = naba(&["demo", "--db", db.to_str().unwrap(), "--no-serve"]);
    assert_eq!(code, 0, "{err}");
    let srv = start_server(&db);
    let a = srv.1.as_str();

    // The happy paths.
    let (st, body) = get(
        a,
        "/api/search?q=%D9%85%D9%81%D8%A7%D9%88%D8%B6%D8%A7%D8%AA",
    ); // مفاوضات
    assert_eq!(st, 200, "{body}");
    let r: Value = serde_json::from_str(&body).unwrap();
    assert!(r["total"].as_u64().unwrap() >= 2, "{r}");
    let seq = r["hits"][0]["seq"].as_i64().unwrap();
    let (st, body) = get(a, &format!("/api/document/{seq}"));
    assert_eq!(st, 200, "{body}");
    let d: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(d["document"]["schema"], "naba.document/1");
    let (st, body) = get(a, &format!("/api/story/{}", d["story"]));
    assert_eq!(st, 200, "{body}");
    let (st, body) = post(
        a,
        "/api/analyze",
        "application/json",
        "{\"text\": \"قال الوزير إن المحادثات مستمرة.\"}".as_bytes(),
    );
    assert_eq!(st, 200, "{body}");
    assert!(body.contains("naba.document/1"));
    assert_eq!(get(a, "/").0, 200);
    assert_eq!(get(a, "/assets/app.js").0, 200);
    let (st, body) = get(a, "/api/openapi.json");
    assert_eq!(st, 200);
    assert!(serde_json::from_str::<Value>(&body).is_ok());

    // Hostile requests: 4xx JSON errors.
    // Just past the 1 MiB limit (sent whole, so the server's close is clean).
    let huge = vec![b'a'; (1 << 20) + 100];
    assert_json_error(post(a, "/api/analyze", "application/json", &huge), 413);
    assert_json_error(
        post(a, "/api/analyze", "application/json", b"{\"text\": "),
        400,
    );
    assert_json_error(
        post(a, "/api/analyze", "application/json", b"{\"txt\": \"x\"}"),
        422,
    );
    assert_json_error(
        post(a, "/api/analyze", "text/plain", b"{\"text\": \"x\"}"),
        415,
    );
    assert_json_error(
        post(a, "/api/analyze", "application/json", b"{\"text\": \"  \"}"),
        422,
    );
    let deep = format!("/api/search?q={}x{}", "(".repeat(5000), ")".repeat(5000));
    assert_json_error(get(a, &deep), 400);
    assert_json_error(
        get(a, &format!("/api/search?q={}", "ab%20".repeat(400))),
        400,
    );
    // Absurd but short syntax is searched leniently, not an error.
    assert_eq!(
        get(a, "/api/search?q=%22%22%22%3A%3A%5B%7B-+OR+AND+*%5E").0,
        200
    );
    assert_json_error(get(a, "/api/search?q=x&from=not-a-date"), 400);
    assert_json_error(get(a, "/api/search?q=x&sort=sideways"), 400);
    assert_json_error(get(a, "/api/search?q=x&limit=-1"), 400);
    assert_json_error(get(a, "/api/search?q=x&offset=999999999"), 400);
    assert_json_error(get(a, "/api/document/abc"), 400);
    assert_json_error(get(a, "/api/document/99999999"), 404);
    assert_json_error(get(a, "/api/entity/nobody"), 404);
    assert_json_error(get(a, "/assets/../../../../etc/passwd"), 404);
    assert_json_error(get(a, "/assets/..%2f..%2f..%2fetc%2fpasswd"), 404);
    assert_json_error(get(a, "/../../etc/passwd"), 404);
    assert_json_error(get(a, "/nope"), 404);
    assert_json_error(post(a, "/api/search", "application/json", b"{}"), 405);
    // Garbage on the wire.
    let _ = http(a, b"\x00\x01\x02 GARBAGE\r\n\r\n");
    // Still up.
    let (st, body) = get(a, "/api/stats");
    assert_eq!(st, 200, "{body}");
}
