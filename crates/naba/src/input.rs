//! Reading inputs: files, directories (recursively), `-` for stdin; plain text and JSONL,
//! detected by content. Every input is size-bounded; JSONL is streamed line by line.

use anyhow::{Context, Result};
use naba_ingest::{charset, jsonl, text, Article, IngestError};
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

/// A stream of articles (or per-article errors) from one source.
pub struct Reader {
    name: String,
    kind: ReaderKind,
}

enum ReaderKind {
    /// A single article already read.
    One(Option<Box<Result<Article, IngestError>>>),
    /// JSONL lines.
    Lines {
        reader: Box<dyn BufRead + Send>,
        line_no: usize,
        max_bytes: u64,
    },
}

impl Reader {
    /// Open a source: sniff its first bytes to tell JSONL from plain text.
    pub fn open(src: &Source, max_bytes: u64) -> Result<Reader, IngestError> {
        let name = src.name();
        let raw: Box<dyn Read + Send> = match src {
            Source::Stdin => Box::new(std::io::stdin()),
            Source::File(p) => {
                let f = std::fs::File::open(p)?;
                let size = f.metadata()?.len();
                let is_jsonl_ext = p.extension().is_some_and(|e| e == "jsonl" || e == "ndjson");
                if size > max_bytes && !is_jsonl_ext && !sniff_jsonl(p) {
                    return Err(IngestError::TooLarge {
                        size,
                        limit: max_bytes,
                    });
                }
                Box::new(f)
            }
        };
        let mut reader = BufReader::with_capacity(1 << 16, raw);
        let head = reader.fill_buf()?;
        let head_str = String::from_utf8_lossy(&head[..head.len().min(1024)]);
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
        let mut bytes = Vec::new();
        reader.take(max_bytes + 1).read_to_end(&mut bytes)?;
        if bytes.len() as u64 > max_bytes {
            return Err(IngestError::TooLarge {
                size: bytes.len() as u64,
                limit: max_bytes,
            });
        }
        let one = charset::decode(&bytes, None).map(|d| {
            let mut a = text::structure(&d.text);
            if d.guessed {
                a.provenance
                    .insert("encoding".into(), format!("detected {}", d.encoding.name()));
            }
            a
        });
        Ok(Reader {
            name,
            kind: ReaderKind::One(Some(Box::new(one))),
        })
    }

    pub fn name(&self) -> &str {
        &self.name
    }

    /// Does this reader stream JSONL (many documents)?
    pub fn is_jsonl(&self) -> bool {
        matches!(self.kind, ReaderKind::Lines { .. })
    }
}

fn sniff_jsonl(p: &Path) -> bool {
    let mut buf = [0u8; 256];
    std::fs::File::open(p)
        .and_then(|mut f| f.read(&mut buf))
        .map(|n| jsonl::looks_like_jsonl(&String::from_utf8_lossy(&buf[..n])))
        .unwrap_or(false)
}

impl Iterator for Reader {
    /// The article and where it came from (`path` or `path:line`).
    type Item = (String, Result<Article, IngestError>);

    fn next(&mut self) -> Option<Self::Item> {
        match &mut self.kind {
            ReaderKind::One(slot) => slot.take().map(|r| (self.name.clone(), *r)),
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
