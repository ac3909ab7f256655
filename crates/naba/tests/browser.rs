//! Browser tests of the web UI in headless Chromium, driven over the DevTools protocol the way a
//! user drives it: type a search and submit it, open the first hit, follow an entity link to its
//! page, open "analyze text", paste text and run it. The last step takes a screenshot and checks
//! in its pixels that Arabic renders right to left: the line hugs the right edge, and of two
//! highlighted spans the one that comes first in the text is drawn to the right of the other.
//!
//! Skipped (saying so) when no Chromium is installed; `.ci/run` installs Debian's `chromium`.

mod common;

use common::{naba, start_server};
use serde_json::{json, Value};
use std::io::{BufRead, BufReader};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};
use tungstenite::{Message, WebSocket};

fn find_chromium() -> Option<&'static str> {
    ["chromium", "chromium-browser", "google-chrome"]
        .into_iter()
        .find(|b| {
            Command::new(b)
                .arg("--version")
                .output()
                .is_ok_and(|o| o.status.success())
        })
}

/// A headless Chromium and one page of it, attached over the DevTools protocol.
struct Browser {
    child: Child,
    ws: WebSocket<TcpStream>,
    session: String,
    next_id: u64,
    _profile: tempfile::TempDir,
}

impl Drop for Browser {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Browser {
    fn launch(binary: &str) -> Browser {
        let profile = tempfile::tempdir().unwrap();
        let mut child = Command::new(binary)
            .args([
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--no-first-run",
                "--hide-scrollbars",
                "--remote-debugging-port=0",
                "--window-size=1200,900",
            ])
            .arg(format!("--user-data-dir={}", profile.path().display()))
            .arg("about:blank")
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start chromium");
        // Chromium prints "DevTools listening on ws://127.0.0.1:PORT/devtools/browser/ID".
        let mut err = BufReader::new(child.stderr.take().unwrap());
        let mut url = None;
        let mut line = String::new();
        while err.read_line(&mut line).unwrap_or(0) > 0 {
            if let Some(u) = line.split("listening on ").nth(1) {
                url = Some(u.trim().to_string());
                break;
            }
            line.clear();
        }
        let url = url.expect("chromium printed no DevTools address");
        std::thread::spawn(move || std::io::copy(&mut err, &mut std::io::sink()));
        let host = url
            .trim_start_matches("ws://")
            .split('/')
            .next()
            .unwrap()
            .to_string();
        let tcp = TcpStream::connect(&host).unwrap();
        tcp.set_read_timeout(Some(Duration::from_secs(30))).unwrap();
        let (ws, _) = tungstenite::client(url.as_str(), tcp).expect("DevTools handshake");
        let mut b = Browser {
            child,
            ws,
            session: String::new(),
            next_id: 0,
            _profile: profile,
        };
        let targets = b.call("Target.getTargets", json!({}));
        let page = targets["targetInfos"]
            .as_array()
            .unwrap()
            .iter()
            .find(|t| t["type"] == "page")
            .expect("a page target")["targetId"]
            .clone();
        let attached = b.call(
            "Target.attachToTarget",
            json!({"targetId": page, "flatten": true}),
        );
        b.session = attached["sessionId"].as_str().unwrap().to_string();
        b.call(
            "Emulation.setDeviceMetricsOverride",
            json!({"width": 1200, "height": 900, "deviceScaleFactor": 1, "mobile": false}),
        );
        b
    }

    /// Send one command (to the page once attached) and wait for its result.
    fn call(&mut self, method: &str, params: Value) -> Value {
        self.next_id += 1;
        let id = self.next_id;
        let mut msg = json!({"id": id, "method": method, "params": params});
        if !self.session.is_empty() {
            msg["sessionId"] = json!(self.session);
        }
        self.ws.send(Message::text(msg.to_string())).unwrap();
        loop {
            let m = self.ws.read().expect("DevTools connection");
            let Message::Text(t) = m else { continue };
            let v: Value = serde_json::from_str(t.as_str()).unwrap();
            if v["id"] == id {
                assert!(v.get("error").is_none(), "{method}: {}", v["error"]);
                return v["result"].clone();
            }
        }
    }

    /// Evaluate a JavaScript expression in the page; its JSON value.
    fn eval(&mut self, expr: &str) -> Value {
        let r = self.call(
            "Runtime.evaluate",
            json!({"expression": expr, "returnByValue": true, "awaitPromise": true}),
        );
        assert!(
            r.get("exceptionDetails").is_none(),
            "{expr}: {}",
            r["exceptionDetails"]
        );
        r["result"]["value"].clone()
    }

    /// Poll until `expr` is truthy (15 s at most); the page's text on failure.
    fn wait_for(&mut self, expr: &str) -> Value {
        let start = Instant::now();
        loop {
            let v = self.eval(expr);
            if !(v.is_null() || v == false || v == "" || v == 0) {
                return v;
            }
            if start.elapsed() > Duration::from_secs(15) {
                let body = self.eval("document.body.innerText");
                panic!("timed out waiting for `{expr}`; page text:\n{body}");
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    /// A PNG screenshot of a CSS-pixel rectangle of the page, decoded to RGB rows.
    fn screenshot(&mut self, rect: &Value) -> Rgb {
        let clip = json!({"x": rect["x"], "y": rect["y"], "width": rect["width"],
                          "height": rect["height"], "scale": 1});
        let r = self.call(
            "Page.captureScreenshot",
            json!({"format": "png", "clip": clip, "captureBeyondViewport": true}),
        );
        use base64::Engine;
        let bytes = base64::engine::general_purpose::STANDARD
            .decode(r["data"].as_str().unwrap())
            .unwrap();
        Rgb::decode(&bytes)
    }
}

/// An RGB image.
struct Rgb {
    width: usize,
    height: usize,
    pixels: Vec<[u8; 3]>,
}

impl Rgb {
    fn decode(png_bytes: &[u8]) -> Rgb {
        let mut dec = png::Decoder::new(std::io::Cursor::new(png_bytes));
        dec.set_transformations(png::Transformations::EXPAND | png::Transformations::STRIP_16);
        let mut reader = dec.read_info().unwrap();
        let mut buf = vec![0; reader.output_buffer_size().unwrap()];
        let info = reader.next_frame(&mut buf).unwrap();
        let channels = info.color_type.samples();
        let pixels = buf[..info.buffer_size()]
            .chunks(channels)
            .map(|p| match channels {
                1 | 2 => [p[0]; 3],
                _ => [p[0], p[1], p[2]],
            })
            .collect();
        Rgb {
            width: info.width as usize,
            height: info.height as usize,
            pixels,
        }
    }

    /// Columns (x) of the pixels that satisfy `pred`.
    fn columns(&self, pred: impl Fn([u8; 3]) -> bool) -> Vec<usize> {
        (0..self.height)
            .flat_map(|y| (0..self.width).map(move |x| (x, y)))
            .filter(|&(x, y)| pred(self.pixels[y * self.width + x]))
            .map(|(x, _)| x)
            .collect()
    }
}

fn mean(xs: &[usize]) -> f64 {
    xs.iter().sum::<usize>() as f64 / xs.len().max(1) as f64
}

/// The CSS custom property `name` of the page as RGB (`#rrggbb`).
fn css_color(b: &mut Browser, name: &str) -> [u8; 3] {
    let v = b.eval(&format!(
        "getComputedStyle(document.documentElement).getPropertyValue('{name}').trim()"
    ));
    let hex = v.as_str().unwrap().trim_start_matches('#');
    assert_eq!(hex.len(), 6, "{name} = {v}");
    let c = |i: usize| u8::from_str_radix(&hex[i..i + 2], 16).unwrap();
    [c(0), c(2), c(4)]
}

fn near(a: [u8; 3], b: [u8; 3]) -> bool {
    a.iter().zip(b).all(|(x, y)| x.abs_diff(y) <= 3)
}

#[test]
fn browser_search_article_entity_and_analyze() {
    let Some(chromium) = find_chromium() else {
        eprintln!("skipped: no headless Chromium installed (Debian: apt-get install chromium)");
        return;
    };
    let tmp = tempfile::tempdir().unwrap();
    let db = tmp.path().join("db");
    assert_eq!(
        naba(&["demo", "--db", db.to_str().unwrap(), "--no-serve"]).0,
        0
    );
    let srv = start_server(&db);
    let mut b = Browser::launch(chromium);
    b.call(
        "Page.navigate",
        json!({"url": format!("http://{}/#/", srv.1)}),
    );
    b.wait_for("document.querySelector('#searchform') && !document.querySelector('#main').innerText.includes('جار التحميل')");
    assert_eq!(b.eval("document.documentElement.dir"), "rtl");
    assert_eq!(b.eval("getComputedStyle(document.body).direction"), "rtl");

    // Search: the query's inflected variant is found and highlighted.
    b.eval("document.querySelector('#q').value = 'مفاوضات'; document.querySelector('#searchform button').click()");
    b.wait_for("document.querySelectorAll('.card.hit').length");
    let marked = b.eval("[...document.querySelectorAll('.card.hit b')].map(e => e.textContent)");
    assert!(
        marked
            .as_array()
            .unwrap()
            .iter()
            .any(|m| m == "المفاوضات" || m == "والمفاوضات"),
        "highlights: {marked}"
    );

    // Open the first hit: the article page with its annotated text.
    let title = b.eval("document.querySelector('.card.hit h3 a').textContent");
    b.eval("document.querySelector('.card.hit h3 a').click()");
    b.wait_for("location.hash.startsWith('#/doc/') && document.querySelector('.article')");
    assert_eq!(
        b.eval("document.querySelector('article h1').textContent"),
        title
    );
    let linked = b.eval("document.querySelectorAll('.article a.ent').length");
    assert!(linked.as_u64().unwrap() > 0, "no linked entities");

    // Follow an entity link: its page has a mentions-over-time chart and the article.
    let name = b.eval("document.querySelector('.article a.ent').title");
    b.eval("document.querySelector('.article a.ent').click()");
    b.wait_for("location.hash.startsWith('#/entity/') && document.querySelector('svg.chart')");
    assert!(
        b.eval("document.querySelectorAll('svg.chart rect').length")
            .as_u64()
            .unwrap()
            > 0
    );
    let recent = b.eval("document.body.innerText");
    assert!(
        recent.as_str().unwrap().contains(title.as_str().unwrap()),
        "entity page ({name}) does not list the article {title}"
    );
    assert!(!recent.as_str().unwrap().contains("خطأ"), "{recent}");

    // Analyze text: paste, run, see entities and times highlighted.
    b.eval("document.querySelector('a[href=\"#/analyze\"]').click()");
    b.wait_for("document.querySelector('#text')");
    b.eval(
        "document.querySelector('#text').value = 'قال بوتين أمس إن المحادثات كانت مفيدة';\
         document.querySelector('#published').value = '2025-07-03';\
         document.querySelector('#run').click()",
    );
    b.wait_for("document.querySelector('#result .article')");
    assert_eq!(
        b.eval("[...document.querySelectorAll('#result .article .ent')].map(e => e.textContent).join('|')"),
        "بوتين"
    );
    assert_eq!(
        b.eval("document.querySelector('#result .article .time').title"),
        "2025-07-02"
    );

    // Screenshot check of right-to-left rendering, in pixels.
    let ent_bg = css_color(&mut b, "--ent");
    let time_bg = css_color(&mut b, "--time");
    let ink = css_color(&mut b, "--fg");
    let rect = b.eval(
        "(() => { const r = document.querySelector('#result .article').getBoundingClientRect();\
         return {x: r.x + scrollX, y: r.y + scrollY, width: r.width, height: r.height}; })()",
    );
    let shot = b.screenshot(&rect);
    let ents = shot.columns(|p| near(p, ent_bg));
    let times = shot.columns(|p| near(p, time_bg));
    let text = shot.columns(|p| near(p, ink));
    assert!(
        ents.len() > 20 && times.len() > 20 && text.len() > 20,
        "highlights not visible: {} entity, {} time, {} ink pixels",
        ents.len(),
        times.len(),
        text.len()
    );
    // بوتين comes before أمس in the text: drawn right of it.
    assert!(
        mean(&ents) > mean(&times),
        "entity at x≈{:.0}, time at x≈{:.0}: not right-to-left",
        mean(&ents),
        mean(&times)
    );
    // The short line is right-aligned: ink reaches the right edge, the left half is empty.
    let (lo, hi) = (text.iter().min().unwrap(), text.iter().max().unwrap());
    assert!(
        *hi > shot.width * 3 / 4 && *lo > shot.width / 4,
        "ink spans x {lo}..{hi} of {}: not right-aligned",
        shot.width
    );
}
