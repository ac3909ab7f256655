//! End to end through the CLI: Arabic HTML pages (windows-1256 without a declaration, a
//! table layout, related-article lines inside the body), RSS and Atom feeds, WARC and WARC.gz
//! archives built here, and hostile inputs (deep nesting, a gzip bomb inside a WARC, a
//! truncated WARC, broken feed XML).

use flate2::{write::GzEncoder, Compression};
use naba_ingest::warc::{http_response, record};
use serde_json::Value;
use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Output};

fn tmp(name: &str, bytes: &[u8]) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("naba-ingest-web-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let p = dir.join(name);
    std::fs::write(&p, bytes).unwrap();
    p
}

fn naba(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_naba"))
        .args(args)
        .output()
        .expect("run naba")
}

fn json_lines(out: &Output) -> Vec<Value> {
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str(l).expect("JSON line"))
        .collect()
}

fn gz(b: &[u8]) -> Vec<u8> {
    let mut e = GzEncoder::new(Vec::new(), Compression::fast());
    e.write_all(b).unwrap();
    e.finish().unwrap()
}

const P1: &str = "أعلنت وزارة الزراعة اليوم عن خطة جديدة لدعم صغار المزارعين في المحافظات الجنوبية، تشمل قروضا ميسرة وبذورا محسنة وتدريبا على أساليب الري الحديثة.";
const P2: &str = "وقال الوزير في مؤتمر صحفي إن الخطة ستكلف نحو مليار دينار على مدى ثلاث سنوات، وإن التمويل سيأتي من الموازنة العامة ومن قرض ميسر من صندوق التنمية.";
const P3: &str = "ويشكو المزارعون منذ سنوات من ارتفاع أسعار الأسمدة والوقود، ومن شح المياه في مواسم الصيف، وهو ما دفع كثيرين منهم إلى ترك أراضيهم والهجرة إلى المدن.";

/// A table-based RTL page with navigation, a related-article line and a comment section.
fn arabic_page() -> String {
    format!(
        r##"<html dir="rtl" lang="ar"><head><title>الحكومة تعلن خطة لدعم المزارعين - صحيفة الوطن</title></head>
<body><div id="header"><ul class="menu"><li><a href="/">الرئيسية</a></li><li><a href="/politics">سياسة</a></li>
<li><a href="/economy">اقتصاد</a></li><li><a href="/sport">رياضة</a></li></ul></div>
<table width="100%"><tr><td width="160"><a href="/a">أخبار محلية</a><br><a href="/b">عربي ودولي</a><br><a href="/c">منوعات</a></td>
<td><h1>الحكومة تعلن خطة لدعم المزارعين</h1>
<div class="date">السبت، 5 يوليو/تموز 2025</div>
<p>{P1}</p><p>{P2}</p>
<p>اقرأ أيضا: <a href="/x">ارتفاع أسعار القمح في الأسواق العالمية</a></p>
<p>{P3}</p>
<div class="share"><a href="#">فيسبوك</a> <a href="#">تويتر</a> <a href="#">واتساب</a></div>
</td></tr></table>
<div class="comments"><h3>التعليقات</h3><p>تعليق من قارئ يقول إن الخطة متأخرة كثيرا، وإن المزارعين يحتاجون أكثر من ذلك بكثير.</p></div>
<div class="footer">جميع الحقوق محفوظة © 2025 صحيفة الوطن</div></body></html>"##
    )
}

fn check_arabic_article(a: &Value, text_key: &str) {
    let text = a[text_key].as_str().unwrap();
    for p in [P1, P2, P3] {
        assert!(text.contains(p), "missing paragraph in {text}");
    }
    for junk in [
        "الرئيسية",
        "ارتفاع أسعار القمح",
        "فيسبوك",
        "تعليق من قارئ",
        "جميع الحقوق",
        "أخبار محلية",
    ] {
        assert!(!text.contains(junk), "{junk} leaked into {text}");
    }
    assert_eq!(a["title"], "الحكومة تعلن خطة لدعم المزارعين");
    assert_eq!(a["published"], "2025-07-05");
}

#[test]
fn windows_1256_page_without_declaration() {
    let page = arabic_page();
    let (bytes, _, _) = encoding_rs::WINDOWS_1256.encode(&page);
    let p = tmp("page-1256.html", &bytes);
    let out = naba(&["extract", "--json", p.to_str().unwrap()]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let arts = json_lines(&out);
    assert_eq!(arts.len(), 1);
    let a = &arts[0];
    check_arabic_article(a, "text");
    assert_eq!(a["provenance"]["encoding"], "detected windows-1256");
    assert_eq!(a["provenance"]["published"], "byline date");
    assert_eq!(a["language"], "ar");
    let blocks = a["blocks"].as_array().unwrap();
    assert!(blocks
        .iter()
        .any(|b| b["reason"] == "related" && b["text"].as_str().unwrap().contains("القمح")));

    // `analyze` reads the same page as HTML (by content, whatever the file name).
    let p2 = tmp("page-1256.txt", &bytes);
    let out = naba(&["analyze", "--format", "jsonl", p2.to_str().unwrap()]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let docs = json_lines(&out);
    assert_eq!(docs.len(), 1);
    check_arabic_article(&docs[0], "text");
    assert!(!docs[0]["sentences"].as_array().unwrap().is_empty());
}

#[test]
fn declared_iso_8859_6_page() {
    let page = arabic_page().replace(
        "<head>",
        "<head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=iso-8859-6\">",
    );
    // ISO-8859-6 has no «©»; the encoder writes a numeric reference, as a server would.
    let (bytes, _, _) = encoding_rs::ISO_8859_6.encode(&page);
    let p = tmp("page-8859-6.html", &bytes);
    let out = naba(&["extract", "--json", p.to_str().unwrap()]);
    assert!(out.status.success());
    let a = &json_lines(&out)[0];
    check_arabic_article(a, "text");
    assert_eq!(a["provenance"]["encoding"], "declared ISO-8859-6");
}

const RSS: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel><title>صحيفة الوطن</title><link>https://alwatan.example/</link><language>ar</language>
<item><title>الحكومة تعلن خطة لدعم المزارعين</title><link>https://alwatan.example/2025/07/05/farmers</link>
<pubDate>Sat, 05 Jul 2025 09:30:00 +0300</pubDate><dc:creator>سارة أحمد</dc:creator>
<description>خطة جديدة لدعم صغار المزارعين</description>
<content:encoded><![CDATA[<p>أعلنت وزارة الزراعة اليوم عن خطة جديدة لدعم صغار المزارعين في المحافظات الجنوبية.</p>
<p>اقرأ أيضا: ارتفاع أسعار القمح في الأسواق العالمية</p><p>وقال الوزير إن الخطة ستكلف نحو مليار دينار.</p>]]></content:encoded></item>
<item><title>افتتاح معرض الكتاب</title><link>https://alwatan.example/2025/07/04/books</link>
<pubDate>Fri, 04 Jul 2025 18:00:00 +0300</pubDate>
<description>&lt;p&gt;افتتح وزير الثقافة معرض الكتاب الدولي بمشاركة خمسمئة دار نشر.&lt;/p&gt;</description></item>
</channel></rss>"#;

#[test]
fn rss_feed_items_are_articles() {
    let p = tmp("feed.xml", RSS.as_bytes());
    let out = naba(&["extract", "--json", p.to_str().unwrap()]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let arts = json_lines(&out);
    assert_eq!(arts.len(), 2);
    assert_eq!(arts[0]["title"], "الحكومة تعلن خطة لدعم المزارعين");
    assert_eq!(arts[0]["published"], "2025-07-05T09:30:00+03:00");
    assert_eq!(arts[0]["author"], "سارة أحمد");
    assert_eq!(arts[0]["source"], "صحيفة الوطن");
    assert_eq!(arts[0]["url"], "https://alwatan.example/2025/07/05/farmers");
    let t0 = arts[0]["text"].as_str().unwrap();
    assert!(t0.contains("مليار دينار") && !t0.contains("القمح"), "{t0}");
    assert_eq!(
        arts[1]["text"],
        "افتتح وزير الثقافة معرض الكتاب الدولي بمشاركة خمسمئة دار نشر."
    );

    let out = naba(&["analyze", p.to_str().unwrap()]);
    assert!(out.status.success());
    let docs = json_lines(&out);
    assert_eq!(docs.len(), 2, "a feed gives one JSONL document per item");
    assert_eq!(docs[1]["published"], "2025-07-04T18:00:00+03:00");
}

#[test]
fn atom_feed_entries_are_articles() {
    let atom = r#"<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>مدونة الاقتصاد</title>
<entry><title>التضخم يتراجع للشهر الثالث</title><link rel="alternate" href="https://blog.example/inflation"/>
<id>urn:uuid:1</id><published>2025-07-03T08:00:00Z</published><updated>2025-07-03T12:00:00Z</updated>
<author><name>محمد علي</name></author>
<content type="html">&lt;p&gt;تراجع معدل التضخم السنوي للشهر الثالث على التوالي، وفق بيانات البنك المركزي.&lt;/p&gt;</content></entry>
</feed>"#;
    let p = tmp("atom.xml", atom.as_bytes());
    let out = naba(&["extract", "--json", p.to_str().unwrap()]);
    assert!(out.status.success());
    let arts = json_lines(&out);
    assert_eq!(arts.len(), 1);
    assert_eq!(arts[0]["author"], "محمد علي");
    assert_eq!(arts[0]["published"], "2025-07-03T08:00:00Z");
    assert_eq!(arts[0]["modified"], "2025-07-03T12:00:00Z");
    assert_eq!(
        arts[0]["text"],
        "تراجع معدل التضخم السنوي للشهر الثالث على التوالي، وفق بيانات البنك المركزي."
    );
}

#[test]
fn broken_feed_keeps_earlier_items() {
    let cut = RSS.find("<item><title>افتتاح").unwrap();
    let broken = format!(
        "{}<item><title>خبر</title><description>نص <<< &bad; </rss",
        &RSS[..cut]
    );
    let p = tmp("broken.xml", broken.as_bytes());
    let out = naba(&["extract", "--json", p.to_str().unwrap()]);
    let arts = json_lines(&out);
    assert!(!arts.is_empty());
    assert_eq!(arts[0]["title"], "الحكومة تعلن خطة لدعم المزارعين");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("broken feed XML"), "{err}");
    assert_eq!(out.status.code(), Some(1));
}

fn archive() -> Vec<Vec<u8>> {
    let resp = |uri: &str, ct: &str, extra: &str, body: &[u8]| {
        record(
            "response",
            uri,
            "application/http; msgtype=response",
            &http_response(ct, extra, body),
        )
    };
    let page = arabic_page();
    let (page_1256, _, _) = encoding_rs::WINDOWS_1256.encode(&page);
    vec![
        record(
            "warcinfo",
            "",
            "application/warc-fields",
            b"software: naba-test\r\n",
        ),
        record(
            "request",
            "https://alwatan.example/a",
            "application/http; msgtype=request",
            b"GET /a HTTP/1.1\r\nHost: alwatan.example\r\n\r\n",
        ),
        resp(
            "https://alwatan.example/2025/07/05/a",
            "text/html; charset=utf-8",
            "",
            page.as_bytes(),
        ),
        resp(
            "https://alwatan.example/logo.png",
            "image/png",
            "",
            b"\x89PNG\r\n\x1a\n....",
        ),
        resp(
            "https://alwatan.example/b",
            "text/html; charset=windows-1256",
            "Content-Encoding: gzip\r\n",
            &gz(&page_1256),
        ),
        record(
            "metadata",
            "https://alwatan.example/b",
            "application/warc-fields",
            b"via: x\r\n",
        ),
        resp(
            "https://alwatan.example/c",
            "text/html",
            "",
            page.as_bytes(),
        ),
    ]
}

#[test]
fn warc_and_warc_gz() {
    let recs = archive();
    let plain: Vec<u8> = recs.concat();
    let gzipped: Vec<u8> = recs.iter().flat_map(|r| gz(r)).collect();
    for (name, bytes) in [
        ("a.warc", plain),
        ("a.warc.gz", gzipped.clone()),
        ("noext", gzipped),
    ] {
        let p = tmp(name, &bytes);
        let out = naba(&["extract", "--json", p.to_str().unwrap()]);
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(out.status.success(), "{name}: {err}");
        let arts = json_lines(&out);
        assert_eq!(arts.len(), 3, "{name}");
        for a in &arts {
            check_arabic_article(a, "text");
        }
        assert_eq!(arts[0]["url"], "https://alwatan.example/2025/07/05/a");
        assert!(err.contains("7 records: 3 articles, 4 skipped"), "{err}");
        let out = naba(&["analyze", p.to_str().unwrap()]);
        assert_eq!(json_lines(&out).len(), 3);
    }
}

#[test]
fn hostile_warcs_keep_the_other_records() {
    let mut recs = archive();
    // A gzip bomb: 64 MiB of zeros in a 64 KiB body.
    let bomb = gz(&vec![0u8; 64 << 20]);
    recs.insert(
        3,
        record(
            "response",
            "https://alwatan.example/bomb",
            "application/http; msgtype=response",
            &http_response("text/html", "Content-Encoding: gzip\r\n", &bomb),
        ),
    );
    let p = tmp(
        "bomb.warc.gz",
        &recs.iter().flat_map(|r| gz(r)).collect::<Vec<u8>>(),
    );
    let out = naba(&[
        "extract",
        "--json",
        "--max-bytes",
        "1000000",
        p.to_str().unwrap(),
    ]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("bomb") && err.contains("too large"), "{err}");
    assert_eq!(json_lines(&out).len(), 3);

    // Truncated in the middle of the fifth record: the records before it are read.
    let plain = archive().concat();
    let cut = plain.len() - 1200;
    let p = tmp("cut.warc", &plain[..cut]);
    let out = naba(&["extract", "--json", p.to_str().unwrap()]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1));
    assert!(err.contains("truncated"), "{err}");
    assert_eq!(json_lines(&out).len(), 2);

    // A truncated gzip stream.
    let gzipped: Vec<u8> = archive().iter().flat_map(|r| gz(r)).collect();
    let p = tmp("cut.warc.gz", &gzipped[..gzipped.len() - 700]);
    let out = naba(&["extract", "--json", p.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(json_lines(&out).len(), 2);
}

#[test]
fn deep_nesting_is_fine() {
    let n = 10_000;
    let page = format!(
        "<html><body>{}<p>{P1}</p>{}<p>{P2}</p></body></html>",
        "<div>".repeat(n),
        "</div>".repeat(n)
    );
    let p = tmp("deep.html", page.as_bytes());
    let out = naba(&["extract", "--json", p.to_str().unwrap()]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let a = &json_lines(&out)[0];
    assert!(a["text"].as_str().unwrap().contains(P1));
    // Unclosed, and with inline elements.
    let page = format!("{}{P1}", "<span><div><b><table><td>".repeat(n / 4));
    let p = tmp("deep2.html", page.as_bytes());
    let out = naba(&["extract", "--json", p.to_str().unwrap()]);
    assert!(out.status.success());
}

#[test]
fn plain_text_and_jsonl_unchanged() {
    let p = tmp("plain.txt", format!("{P1}\n\n{P2}\n").as_bytes());
    let out = naba(&["extract", "--json", p.to_str().unwrap()]);
    assert!(out.status.success());
    assert_eq!(json_lines(&out)[0]["text"], format!("{P1}\n\n{P2}"));
    let p = tmp(
        "x.jsonl",
        format!("{{\"text\": \"{P1}\"}}\n{{\"text\": \"{P2}\"}}\n").as_bytes(),
    );
    let out = naba(&["extract", "--json", p.to_str().unwrap()]);
    assert_eq!(json_lines(&out).len(), 2);
}
