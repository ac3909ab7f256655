//! WARC (ISO 28500) archives, plain or gzipped (record by record or whole-file), streamed:
//! HTTP `response` records carrying HTML become articles; every other record is skipped and
//! counted. Memory is bounded by `max_bytes` per record whatever the archive size: an
//! over-long record is skipped without being held, an HTTP body is decompressed (gzip,
//! deflate) only up to `max_bytes` (a gzip bomb is an error for that record, not for the
//! archive), and after a damaged record the reader looks for the next `WARC/` header line.

use crate::{html, Article, IngestError};
use flate2::read::{GzDecoder, ZlibDecoder};
use std::collections::BTreeMap;
use std::io::{BufRead, Read};

/// Longest WARC or HTTP header block accepted.
const MAX_HEADER: u64 = 256 * 1024;
/// How far (bytes) the reader scans for the next record after a damaged one.
const MAX_RESYNC: u64 = 64 * 1024 * 1024;

/// What happened to the records of an archive.
#[derive(Debug, Default, Clone)]
pub struct Stats {
    pub records: usize,
    pub articles: usize,
    /// Skipped records by reason (`request`, `metadata`, `non-HTML response`, `HTTP 404`…).
    pub skipped: BTreeMap<String, usize>,
    pub errors: usize,
}

impl Stats {
    fn skip(&mut self, why: impl Into<String>) {
        *self.skipped.entry(why.into()).or_insert(0) += 1;
    }

    /// `12 records: 3 articles, 9 skipped (4 request, 5 metadata), 0 errors`.
    pub fn summary(&self) -> String {
        let skipped: usize = self.skipped.values().sum();
        let detail: Vec<String> = self
            .skipped
            .iter()
            .map(|(k, v)| format!("{v} {k}"))
            .collect();
        format!(
            "{} records: {} articles, {} skipped{}, {} errors",
            self.records,
            self.articles,
            skipped,
            if detail.is_empty() {
                String::new()
            } else {
                format!(" ({})", detail.join(", "))
            },
            self.errors
        )
    }
}

/// Streaming WARC reader: an iterator of `(origin, article or error)`.
pub struct WarcReader<R: BufRead> {
    r: R,
    name: String,
    max_bytes: u64,
    pub stats: Stats,
    done: bool,
    /// The previous record was damaged: scan for the next header line.
    resync: bool,
}

impl<R: BufRead> WarcReader<R> {
    /// `name: 12 records: 3 articles, …` for a report at the end.
    pub fn summary(&self) -> String {
        format!("{}: {}", self.name, self.stats.summary())
    }
}

/// Does this start like a WARC file?
pub fn looks_like_warc(head: &[u8]) -> bool {
    head.starts_with(b"WARC/")
}

impl<R: BufRead> WarcReader<R> {
    pub fn new(r: R, name: impl Into<String>, max_bytes: u64) -> Self {
        WarcReader {
            r,
            name: name.into(),
            max_bytes,
            stats: Stats::default(),
            done: false,
            resync: false,
        }
    }

    /// Read one line (bounded); `None` at end of input.
    fn line(&mut self, limit: u64) -> Result<Option<Vec<u8>>, IngestError> {
        let mut buf = Vec::new();
        let n = (&mut self.r).take(limit).read_until(b'\n', &mut buf)?;
        if n == 0 {
            return Ok(None);
        }
        Ok(Some(buf))
    }

    /// Find the first line of the next record; returns it.
    fn next_header_line(&mut self) -> Result<Option<Vec<u8>>, IngestError> {
        let mut scanned = 0u64;
        loop {
            let Some(l) = self.line(64 * 1024)? else {
                return Ok(None);
            };
            scanned += l.len() as u64;
            if l.starts_with(b"WARC/") {
                self.resync = false;
                return Ok(Some(l));
            }
            let blank = l.iter().all(u8::is_ascii_whitespace);
            if !blank && !self.resync {
                self.resync = true;
                self.stats.errors += 1;
                return Err(IngestError::Invalid(
                    "not a WARC record header; looking for the next record".into(),
                ));
            }
            if scanned > MAX_RESYNC {
                self.done = true;
                return Err(IngestError::Invalid(format!(
                    "no WARC record header in {} MiB; giving up on the rest of the archive",
                    MAX_RESYNC >> 20
                )));
            }
        }
    }

    #[allow(clippy::type_complexity)]
    fn record(&mut self) -> Result<Option<(String, Result<Article, IngestError>)>, IngestError> {
        loop {
            let Some(first) = self.next_header_line()? else {
                return Ok(None);
            };
            self.stats.records += 1;
            let index = self.stats.records;
            let headers = read_headers(&mut self.r)?;
            let get = |k: &str| {
                headers
                    .iter()
                    .find(|(hk, _)| hk.eq_ignore_ascii_case(k))
                    .map(|(_, v)| v.as_str())
            };
            let _ = first;
            let Some(len) = get("Content-Length").and_then(|v| v.trim().parse::<u64>().ok()) else {
                self.stats.errors += 1;
                self.resync = true;
                return Ok(Some((
                    format!("{}#{index}", self.name),
                    Err(IngestError::Invalid(
                        "WARC record without Content-Length".into(),
                    )),
                )));
            };
            let wtype = get("WARC-Type").unwrap_or("").trim().to_ascii_lowercase();
            let uri = get("WARC-Target-URI").map(|u| u.trim().trim_matches(['<', '>']).to_string());
            let ctype = get("Content-Type").unwrap_or("").to_ascii_lowercase();
            let origin = match &uri {
                Some(u) => format!("{}#{index} {u}", self.name),
                None => format!("{}#{index}", self.name),
            };
            let wanted = wtype == "response" && ctype.contains("application/http");
            if !wanted || len > self.max_bytes {
                let skipped = std::io::copy(&mut (&mut self.r).take(len), &mut std::io::sink())?;
                if skipped < len {
                    self.stats.errors += 1;
                    self.done = true;
                    return Ok(Some((origin, Err(truncated(skipped, len)))));
                }
                if !wanted {
                    self.stats.skip(if wtype.is_empty() {
                        "untyped".into()
                    } else {
                        wtype
                    });
                    continue;
                }
                self.stats.errors += 1;
                return Ok(Some((
                    origin,
                    Err(IngestError::TooLarge {
                        size: len,
                        limit: self.max_bytes,
                    }),
                )));
            }
            let mut block = Vec::with_capacity(len.min(1 << 20) as usize);
            (&mut self.r).take(len).read_to_end(&mut block)?;
            if (block.len() as u64) < len {
                self.stats.errors += 1;
                self.done = true;
                return Ok(Some((origin, Err(truncated(block.len() as u64, len)))));
            }
            match http_html(&block, self.max_bytes) {
                Ok(Some((body, charset))) => {
                    let r = html::extract_bytes(&body, uri.as_deref(), charset.as_deref());
                    match &r {
                        Ok(_) => self.stats.articles += 1,
                        Err(_) => self.stats.errors += 1,
                    }
                    return Ok(Some((origin, r)));
                }
                Ok(None) => {}
                Err(Skip::Reason(why)) => self.stats.skip(why),
                Err(Skip::Error(e)) => {
                    self.stats.errors += 1;
                    return Ok(Some((origin, Err(e))));
                }
            }
        }
    }
}

fn truncated(got: u64, want: u64) -> IngestError {
    IngestError::Invalid(format!(
        "truncated WARC record: {got} of {want} bytes; the archive ends here"
    ))
}

/// `Name: value` lines up to a blank line (bounded).
fn read_headers(r: &mut impl BufRead) -> Result<Vec<(String, String)>, IngestError> {
    let mut out = Vec::new();
    let mut total = 0u64;
    loop {
        let mut buf = Vec::new();
        let n = r.take(MAX_HEADER).read_until(b'\n', &mut buf)?;
        total += n as u64;
        if n == 0 || buf.iter().all(u8::is_ascii_whitespace) {
            return Ok(out);
        }
        if total > MAX_HEADER {
            return Err(IngestError::Invalid("WARC header too long".into()));
        }
        let line = String::from_utf8_lossy(&buf);
        if let Some((k, v)) = line.split_once(':') {
            out.push((k.trim().to_string(), v.trim().to_string()));
        }
    }
}

enum Skip {
    Reason(String),
    Error(IngestError),
}

/// An HTTP response message → the HTML body (dechunked, decompressed) and the charset of its
/// `Content-Type`; `Err(Skip::Reason)` for responses that are not HTML pages.
#[allow(clippy::type_complexity)]
fn http_html(block: &[u8], max_bytes: u64) -> Result<Option<(Vec<u8>, Option<String>)>, Skip> {
    let split = find(block, b"\r\n\r\n")
        .map(|p| (p, p + 4))
        .or_else(|| find(block, b"\n\n").map(|p| (p, p + 2)))
        .ok_or_else(|| Skip::Error(IngestError::Invalid("HTTP response without headers".into())))?;
    let head = String::from_utf8_lossy(&block[..split.0]);
    let body = &block[split.1..];
    let mut lines = head.lines();
    let status = lines.next().unwrap_or("");
    let code = status.split_whitespace().nth(1).unwrap_or("");
    if !status.starts_with("HTTP/") {
        return Err(Skip::Error(IngestError::Invalid(format!(
            "not an HTTP response: {:?}",
            status.chars().take(40).collect::<String>()
        ))));
    }
    if code != "200" && code != "203" {
        return Err(Skip::Reason(format!("HTTP {code}")));
    }
    let mut ctype = String::new();
    let mut encoding = String::new();
    let mut chunked = false;
    for l in lines {
        if let Some((k, v)) = l.split_once(':') {
            let v = v.trim().to_ascii_lowercase();
            match k.trim().to_ascii_lowercase().as_str() {
                "content-type" => ctype = v,
                "content-encoding" => encoding = v,
                "transfer-encoding" => chunked = v.contains("chunked"),
                _ => {}
            }
        }
    }
    let is_html = ctype.contains("html")
        || (ctype.is_empty() && body.len() > 5 && crate::sniff::looks_like_html(body));
    if !is_html {
        let t = ctype.split(';').next().unwrap_or("").trim();
        return Err(Skip::Reason(if t.is_empty() {
            "non-HTML response".into()
        } else {
            format!("non-HTML response ({t})")
        }));
    }
    let charset = ctype
        .split(';')
        .find_map(|p| p.trim().strip_prefix("charset="))
        .map(|c| c.trim_matches(['"', '\'']).to_string());
    let body = if chunked {
        dechunk(body)
    } else {
        body.to_vec()
    };
    let too_large = || {
        Skip::Error(IngestError::TooLarge {
            size: max_bytes + 1,
            limit: max_bytes,
        })
    };
    let body = match encoding.as_str() {
        "" | "identity" => body,
        "gzip" | "x-gzip" | "deflate" => {
            let mut out = Vec::new();
            let res = if encoding == "deflate" {
                ZlibDecoder::new(&body[..])
                    .take(max_bytes + 1)
                    .read_to_end(&mut out)
            } else {
                GzDecoder::new(&body[..])
                    .take(max_bytes + 1)
                    .read_to_end(&mut out)
            };
            if out.len() as u64 > max_bytes {
                return Err(too_large());
            }
            if let Err(e) = res {
                if out.is_empty() {
                    return Err(Skip::Error(IngestError::Invalid(format!(
                        "cannot decompress the {encoding} body: {e}"
                    ))));
                }
            }
            out
        }
        other => return Err(Skip::Reason(format!("content-encoding {other}"))),
    };
    Ok(Some((body, charset)))
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

/// Undo `Transfer-Encoding: chunked` (best effort: a broken chunk ends the body).
fn dechunk(mut b: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(b.len());
    while let Some(eol) = find(b, b"\r\n") {
        let size_str = String::from_utf8_lossy(&b[..eol]);
        let Ok(size) = usize::from_str_radix(size_str.split(';').next().unwrap_or("").trim(), 16)
        else {
            break;
        };
        b = &b[eol + 2..];
        if size == 0 || size > b.len() {
            out.extend_from_slice(&b[..size.min(b.len())]);
            break;
        }
        out.extend_from_slice(&b[..size]);
        b = &b[size..];
        b = b.strip_prefix(b"\r\n").unwrap_or(b);
    }
    out
}

impl<R: BufRead> Iterator for WarcReader<R> {
    type Item = (String, Result<Article, IngestError>);

    fn next(&mut self) -> Option<Self::Item> {
        if self.done {
            return None;
        }
        match self.record() {
            Ok(Some((origin, r))) => Some((
                origin.clone(),
                r.map(|mut a| {
                    a.origin = Some(origin);
                    a
                }),
            )),
            Ok(None) => {
                self.done = true;
                None
            }
            Err(e) => {
                // I/O errors (a truncated gzip stream) end the archive; header damage does not.
                if matches!(e, IngestError::Io(_)) || !self.resync {
                    self.done = true;
                }
                Some((
                    format!("{}@record {}", self.name, self.stats.records + 1),
                    Err(e),
                ))
            }
        }
    }
}

/// Build a WARC record (used by tests and tools): `WARC/1.0` headers and the block.
pub fn record(warc_type: &str, uri: &str, content_type: &str, block: &[u8]) -> Vec<u8> {
    let mut out = format!(
        "WARC/1.0\r\nWARC-Type: {warc_type}\r\nWARC-Target-URI: {uri}\r\nWARC-Date: 2025-07-03T10:00:00Z\r\nWARC-Record-ID: <urn:uuid:{:08x}>\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\n\r\n",
        block.len() as u32 ^ 0x5a5a_5a5a,
        block.len()
    )
    .into_bytes();
    out.extend_from_slice(block);
    out.extend_from_slice(b"\r\n\r\n");
    out
}

/// An HTTP response message around `body`.
pub fn http_response(content_type: &str, extra_headers: &str, body: &[u8]) -> Vec<u8> {
    let mut out = format!(
        "HTTP/1.1 200 OK\r\nContent-Type: {content_type}\r\n{extra_headers}Content-Length: {}\r\n\r\n",
        body.len()
    )
    .into_bytes();
    out.extend_from_slice(body);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use flate2::{write::GzEncoder, Compression};
    use std::io::Write;

    fn page(title: &str) -> Vec<u8> {
        format!("<html><head><title>{title}</title></head><body><article><p>هذه فقرة طويلة من نص الخبر، تتحدث عن المفاوضات بين الطرفين، وتذكر تفاصيل كثيرة.</p></article></body></html>").into_bytes()
    }

    fn gz(b: &[u8]) -> Vec<u8> {
        let mut e = GzEncoder::new(Vec::new(), Compression::fast());
        e.write_all(b).unwrap();
        e.finish().unwrap()
    }

    fn archive(bomb: bool) -> Vec<u8> {
        let mut w = Vec::new();
        w.extend(record(
            "warcinfo",
            "",
            "application/warc-fields",
            b"software: test\r\n",
        ));
        w.extend(record(
            "request",
            "https://e.com/a",
            "application/http; msgtype=request",
            b"GET /a HTTP/1.1\r\n\r\n",
        ));
        w.extend(record(
            "response",
            "https://e.com/2025/07/03/a",
            "application/http; msgtype=response",
            &http_response("text/html; charset=utf-8", "", &page("أ")),
        ));
        if bomb {
            let zeros = vec![0u8; 8 << 20];
            w.extend(record(
                "response",
                "https://e.com/bomb",
                "application/http; msgtype=response",
                &http_response("text/html", "Content-Encoding: gzip\r\n", &gz(&zeros)),
            ));
        }
        w.extend(record(
            "response",
            "https://e.com/img.png",
            "application/http; msgtype=response",
            &http_response("image/png", "", b"\x89PNG...."),
        ));
        w.extend(record(
            "response",
            "https://e.com/b",
            "application/http; msgtype=response",
            &http_response("text/html", "Content-Encoding: gzip\r\n", &gz(&page("ب"))),
        ));
        w
    }

    #[test]
    fn reads_html_responses_and_counts_the_rest() {
        let w = archive(false);
        let mut r = WarcReader::new(&w[..], "t.warc", 1 << 20);
        let items: Vec<_> = r.by_ref().collect();
        assert_eq!(items.len(), 2, "{items:?}");
        let a = items[0].1.as_ref().unwrap();
        assert_eq!(a.published.as_deref(), Some("2025-07-03"));
        assert_eq!(a.url.as_deref(), Some("https://e.com/2025/07/03/a"));
        assert!(items[1].1.is_ok());
        assert_eq!(r.stats.records, 5);
        assert_eq!(r.stats.articles, 2);
        assert_eq!(r.stats.skipped.values().sum::<usize>(), 3);
    }

    #[test]
    fn bomb_is_an_error_for_its_record_only() {
        let w = archive(true);
        let items: Vec<_> = WarcReader::new(&w[..], "t.warc", 1 << 20).collect();
        assert_eq!(items.len(), 3);
        assert!(matches!(items[1].1, Err(IngestError::TooLarge { .. })));
        assert!(items[2].1.is_ok());
    }

    #[test]
    fn truncated_and_garbage() {
        let w = archive(false);
        for cut in (0..w.len()).step_by(97) {
            let items: Vec<_> = WarcReader::new(&w[..cut], "t.warc", 1 << 20).collect();
            assert!(items.len() <= 3);
        }
        let mut g = b"garbage line\r\nmore\r\n".to_vec();
        g.extend(archive(false));
        let items: Vec<_> = WarcReader::new(&g[..], "t.warc", 1 << 20).collect();
        assert!(items[0].1.is_err());
        assert_eq!(items.iter().filter(|i| i.1.is_ok()).count(), 2);
    }

    #[test]
    fn chunked() {
        assert_eq!(
            dechunk(b"4\r\nWiki\r\n5\r\npedia\r\n0\r\n\r\n"),
            b"Wikipedia"
        );
    }
}
