//! Reading inputs: files, directories (recursively), `-` for stdin; plain text, JSONL, HTML,
//! RSS/Atom feeds and WARC(.gz) archives, detected by content. Every input is size-bounded; JSONL is streamed line by line.

use anyhow::{Context, Result};
use flate2::read::MultiGzDecoder;
use naba_ingest::sniff::{self, Kind};
use naba_ingest::{charset, feed, html, jsonl, text, warc, Article, IngestError};
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};

/// Default per-document size limit (bytes).
pub const DEFAULT_MAX_BYTES: u64 = 64 * 1024 * 1024;

/// One input unit as named on the command line, after directory expansion.
#[derive(Debug, Clone)]
pub enum Source {
    Stdin,
    File(PathBuf),
}

impl Source {
    pub fn name(&self) -> String {
        match self {
            Source::Stdin => "-".into(),
            Source::File(p) => p.display().to_string(),
        }
    }
}

/// Expand paths: `-` is stdin, directories are walked recursively (hidden entries skipped,
/// sorted for a stable order).
pub fn expand(paths: &[String]) -> Result<Vec<Source>> {
    let mut out = Vec::new();
    for p in paths {
        if p == "-" {
            out.push(Source::Stdin);
            continue;
        }
        let path = PathBuf::from(p);
        let meta = std::fs::metadata(&path).with_context(|| format!("{p}: cannot read"))?;
        if meta.is_dir() {
            walk(&path, &mut out)?;
        } else {
            out.push(Source::File(path));
        }
    }
    Ok(out)
}

fn walk(dir: &Path, out: &mut Vec<Source>) -> Result<()> {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .with_context(|| format!("{}: cannot list directory", dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            !p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with('.'))
        })
        .collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            walk(&p, out)?;
        } else if p.is_file() {
            out.push(Source::File(p));
        }
    }
    Ok(())
}

/// Hand every article under `paths` to `f` with its origin, in order. Each source or article
/// that cannot be read is reported on stderr as `naba: ORIGIN: message` and skipped; the
/// count of those failures is returned.
pub fn for_each_article(
    paths: &[String],
    max_bytes: u64,
    mut f: impl FnMut(String, naba_ingest::Article) -> Result<()>,
) -> Result<usize> {
    let mut failed = 0usize;
    for src in expand(paths)? {
        let reader = match Reader::open(&src, max_bytes) {
            Ok(r) => r,
            Err(e) => {
                failed += 1;
                eprintln!("naba: {}: {e}", src.name());
                continue;
            }
        };
        for (origin, res) in reader {
            match res {
                Ok(art) => f(origin, art)?,
                Err(e) => {
                    failed += 1;
                    eprintln!("naba: {origin}: {e}");
                }
            }
        }
    }
    Ok(failed)
}

/// A stream of articles (or per-article errors) from one source.
pub struct Reader {
    name: String,
    kind: ReaderKind,
}

enum ReaderKind {
    /// A single article already read.
    One(Option<Box<Result<Article, IngestError>>>),
    /// Many articles (a WARC archive, a feed), streamed.
    Many(ArticleStream),
    /// JSONL lines.
    Lines {
        reader: Box<dyn BufRead + Send>,
        line_no: usize,
        max_bytes: u64,
    },
}

/// Many articles from one source (a WARC archive, a feed).
type ArticleStream = Box<dyn Iterator<Item = (String, Result<Article, IngestError>)> + Send>;

impl Reader {
    /// Open a source and tell by content what it is: a WARC archive (plain or gzipped, streamed
    /// record by record), an RSS/Atom feed, an HTML page, JSONL, or plain text.
    pub fn open(src: &Source, max_bytes: u64) -> Result<Reader, IngestError> {
        let name = src.name();
        let (raw, size): (Box<dyn Read + Send>, Option<u64>) = match src {
            Source::Stdin => (Box::new(std::io::stdin()), None),
            Source::File(p) => {
                let f = std::fs::File::open(p)?;
                let size = f.metadata()?.len();
                (Box::new(f), Some(size))
            }
        };
        let mut reader = BufReader::with_capacity(1 << 16, raw);
        let head = reader.fill_buf()?;
        let kind = sniff::sniff(head);
        let head_str = String::from_utf8_lossy(&head[..head.len().min(1024)]).into_owned();
        match kind {
            Kind::Warc => return Ok(Reader::warc(name, Box::new(reader), max_bytes)),
            Kind::Gzip => {
                let mut inner = BufReader::with_capacity(1 << 16, MultiGzDecoder::new(reader));
                let ihead = inner.fill_buf()?;
                if warc::looks_like_warc(ihead) {
                    return Ok(Reader::warc(name, Box::new(inner), max_bytes));
                }
                // A compressed page, feed or text: decompress up to the limit.
                let bytes = read_bounded(inner, max_bytes)?;
                return Ok(Reader::whole(name, bytes, max_bytes));
            }
            _ => {}
        }
        if jsonl::looks_like_jsonl(&head_str) {
            return Ok(Reader {
                name,
                kind: ReaderKind::Lines {
                    reader: Box::new(reader),
                    line_no: 0,
                    max_bytes,
                },
            });
        }
        if let Some(size) = size.filter(|&s| s > max_bytes) {
            return Err(IngestError::TooLarge {
                size,
                limit: max_bytes,
            });
        }
        let bytes = read_bounded(reader, max_bytes)?;
        Ok(Reader::whole(name, bytes, max_bytes))
    }

    fn warc(name: String, r: Box<dyn BufRead + Send>, max_bytes: u64) -> Reader {
        Reader {
            kind: ReaderKind::Many(Box::new(WarcStream {
                inner: warc::WarcReader::new(r, name.clone(), max_bytes),
                reported: false,
            })),
            name,
        }
    }

    /// A source read whole: a feed (many articles), an HTML page, or plain text.
    fn whole(name: String, bytes: Vec<u8>, _max_bytes: u64) -> Reader {
        let kind = sniff::sniff(&bytes[..bytes.len().min(4096)]);
        let one = match kind {
            Kind::Feed => {
                let items: ArticleStream = match feed::parse(&bytes, &name) {
                    Ok(f) => {
                        let n = name.clone();
                        let error = f.error.map(|e| (n.clone(), Err(e)));
                        Box::new(
                            f.items
                                .into_iter()
                                .enumerate()
                                .map(move |(i, mut a)| {
                                    let origin = format!("{n}#{}", i + 1);
                                    a.origin = Some(origin.clone());
                                    (origin, Ok(a))
                                })
                                .chain(error),
                        )
                    }
                    Err(e) => Box::new(std::iter::once((name.clone(), Err(e)))),
                };
                return Reader {
                    name,
                    kind: ReaderKind::Many(items),
                };
            }
            Kind::Html => html::extract_bytes(&bytes, None, None),
            _ => charset::decode(&bytes, None).map(|d| {
                let mut a = text::structure(&d.text);
                if d.guessed {
                    a.provenance
                        .insert("encoding".into(), format!("detected {}", d.encoding.name()));
                }
                a
            }),
        };
        Reader {
            name,
            kind: ReaderKind::One(Some(Box::new(one))),
        }
    }

    pub fn name(&self) -> &str {
        &self.name
    }

    /// Does this reader yield many documents (JSONL, a feed, an archive)?
    pub fn is_jsonl(&self) -> bool {
        matches!(self.kind, ReaderKind::Lines { .. } | ReaderKind::Many(_))
    }
}

fn read_bounded(r: impl Read, max_bytes: u64) -> Result<Vec<u8>, IngestError> {
    let mut bytes = Vec::new();
    r.take(max_bytes + 1).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > max_bytes {
        return Err(IngestError::TooLarge {
            size: bytes.len() as u64,
            limit: max_bytes,
        });
    }
    Ok(bytes)
}

/// A WARC archive's records; says on stderr what was skipped when it ends.
struct WarcStream {
    inner: warc::WarcReader<Box<dyn BufRead + Send>>,
    reported: bool,
}

impl Iterator for WarcStream {
    type Item = (String, Result<Article, IngestError>);

    fn next(&mut self) -> Option<Self::Item> {
        let r = self.inner.next();
        if r.is_none() && !self.reported {
            self.reported = true;
            eprintln!("naba: {}", self.inner.summary());
        }
        r
    }
}

impl Iterator for Reader {
    /// The article and where it came from (`path` or `path:line`).
    type Item = (String, Result<Article, IngestError>);

    fn next(&mut self) -> Option<Self::Item> {
        match &mut self.kind {
            ReaderKind::One(slot) => slot.take().map(|r| (self.name.clone(), *r)),
            ReaderKind::Many(it) => it.next(),
            ReaderKind::Lines {
                reader,
                line_no,
                max_bytes,
            } => loop {
                *line_no += 1;
                let origin = format!("{}:{}", self.name, line_no);
                let mut buf = Vec::new();
                let n = match reader
                    .by_ref()
                    .take(*max_bytes + 1)
                    .read_until(b'\n', &mut buf)
                {
                    Ok(n) => n,
                    Err(e) => return Some((origin, Err(e.into()))),
                };
                if n == 0 {
                    return None;
                }
                if buf.len() as u64 > *max_bytes && !buf.ends_with(b"\n") {
                    // Skip the rest of the over-long line without holding it.
                    let mut sink = Vec::new();
                    loop {
                        sink.clear();
                        match reader.by_ref().take(1 << 20).read_until(b'\n', &mut sink) {
                            Ok(0) => break,
                            Ok(_) if sink.ends_with(b"\n") => break,
                            Ok(_) => continue,
                            Err(_) => break,
                        }
                    }
                    return Some((
                        origin,
                        Err(IngestError::TooLarge {
                            size: buf.len() as u64,
                            limit: *max_bytes,
                        }),
                    ));
                }
                let line = String::from_utf8_lossy(&buf);
                let line = line.trim();
                if line.is_empty() {
                    continue;
                }
                let r = jsonl::parse_line(line, *line_no).map(|mut a| {
                    a.origin = Some(origin.clone());
                    a
                });
                return Some((origin, r));
            },
        }
    }
}
