//! Reading a corpus: search, documents, entities, stories, outlets and statistics. Shared by
//! `naba search`, `naba stats` and the HTTP API; safe to use from many threads.

use crate::{date, index, store};
use anyhow::{Context, Result};
use naba_doc::Document;
use rusqlite::{params, Connection, OptionalExtension};
use serde::Serialize;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, MutexGuard};
use tantivy::collector::{Count, TopDocs};
use tantivy::query::{AllQuery, BooleanQuery, Occur, Query, QueryParser, RangeQuery, TermQuery};
use tantivy::schema::IndexRecordOption;
use tantivy::snippet::SnippetGenerator;
use tantivy::{DocAddress, IndexReader, Order, ReloadPolicy, Searcher, Term};

/// Longest query accepted, in chars.
pub const MAX_QUERY_CHARS: usize = 512;
/// Deepest parenthesis nesting accepted in a query.
pub const MAX_QUERY_DEPTH: usize = 16;
/// Most hits returned per page.
pub const MAX_LIMIT: usize = 100;
/// How much of a document's text the snippet generator reads.
const SNIPPET_SCAN_BYTES: usize = 6_000;
/// Deepest page reachable (offset + limit).
pub const MAX_OFFSET: usize = 10_000;

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Sort {
    #[default]
    Relevance,
    Date,
}

/// A search: query text (tantivy syntax: words, "phrases", -exclusions, OR) and filters.
#[derive(Debug, Clone, Default, serde::Deserialize)]
#[serde(default)]
pub struct SearchRequest {
    pub q: String,
    pub outlet: Option<String>,
    pub entity: Option<String>,
    /// First publication day, `YYYY-MM-DD` (inclusive).
    pub from: Option<String>,
    /// Last publication day, `YYYY-MM-DD` (inclusive).
    pub to: Option<String>,
    pub sort: Sort,
    pub limit: Option<usize>,
    pub offset: Option<usize>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Hit {
    pub seq: i64,
    pub score: f32,
    pub title: Option<String>,
    /// Title with matches in `<b>…</b>` (HTML-escaped).
    pub title_html: String,
    pub outlet: Option<String>,
    pub published: Option<String>,
    pub url: Option<String>,
    /// A passage of the body with matches in `<b>…</b>` (HTML-escaped).
    pub snippet_html: String,
    pub story: i64,
    pub dup: i64,
}

#[derive(Debug, Clone, Serialize)]
pub struct SearchResults {
    pub total: usize,
    pub hits: Vec<Hit>,
    pub took_ms: f64,
}

/// A request the caller got wrong (reported as HTTP 400 / exit code 2).
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct BadRequest(pub String);

/// A story row: title, first day, last day, size, centroid JSON.
type StoryHead = (String, Option<i32>, Option<i32>, i64, String);

pub struct CorpusReader {
    dir: PathBuf,
    index: tantivy::Index,
    fields: index::Fields,
    reader: IndexReader,
    conns: Vec<Mutex<Connection>>,
    next: AtomicUsize,
}

fn esc(s: &str) -> String {
    let mut o = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '<' => o.push_str("&lt;"),
            '>' => o.push_str("&gt;"),
            '&' => o.push_str("&amp;"),
            '"' => o.push_str("&quot;"),
            '\'' => o.push_str("&#39;"),
            c => o.push(c),
        }
    }
    o
}

fn day_str(d: Option<i32>) -> Option<String> {
    d.map(date::format_day)
}

fn dir_size(p: &Path) -> u64 {
    std::fs::read_dir(p)
        .map(|rd| {
            rd.filter_map(|e| e.ok())
                .map(|e| match e.metadata() {
                    Ok(m) if m.is_dir() => dir_size(&e.path()),
                    Ok(m) => m.len(),
                    Err(_) => 0,
                })
                .sum()
        })
        .unwrap_or(0)
}

impl CorpusReader {
    /// Open a corpus for reading (catching its index up first when no writer is active).
    pub fn open(dir: &Path) -> Result<CorpusReader> {
        crate::catch_up_if_free(dir)?;
        let (index, fields) = index::open(&crate::index_path(dir))
            .with_context(|| format!("{}: cannot open the index", dir.display()))?;
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::OnCommitWithDelay)
            .try_into()?;
        let n = std::thread::available_parallelism().map_or(4, |n| n.get().clamp(2, 16));
        let mut conns = Vec::new();
        for _ in 0..n {
            let c = store::connect(&crate::store_path(dir))?;
            c.pragma_update(None, "query_only", "ON")?;
            conns.push(Mutex::new(c));
        }
        Ok(CorpusReader {
            dir: dir.to_path_buf(),
            index,
            fields,
            reader,
            conns,
            next: AtomicUsize::new(0),
        })
    }

    fn conn(&self) -> MutexGuard<'_, Connection> {
        for c in &self.conns {
            if let Ok(g) = c.try_lock() {
                return g;
            }
        }
        let i = self.next.fetch_add(1, Ordering::Relaxed) % self.conns.len();
        self.conns[i].lock().unwrap_or_else(|p| p.into_inner())
    }

    fn build_query(&self, req: &SearchRequest) -> Result<Box<dyn Query>> {
        let q = req.q.trim();
        if q.chars().count() > MAX_QUERY_CHARS {
            return Err(
                BadRequest(format!("query longer than {MAX_QUERY_CHARS} characters")).into(),
            );
        }
        let mut depth = 0usize;
        for c in q.chars() {
            match c {
                '(' => {
                    depth += 1;
                    if depth > MAX_QUERY_DEPTH {
                        return Err(BadRequest(format!(
                            "query nests parentheses deeper than {MAX_QUERY_DEPTH}"
                        ))
                        .into());
                    }
                }
                ')' => depth = depth.saturating_sub(1),
                _ => {}
            }
        }
        let f = &self.fields;
        let mut parts: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        if !q.is_empty() {
            let mut parser = QueryParser::for_index(&self.index, vec![f.title, f.body]);
            parser.set_conjunction_by_default();
            parser.set_field_boost(f.title, 2.0);
            let (query, _errors) = parser.parse_query_lenient(q);
            parts.push((Occur::Must, query));
        }
        if let Some(o) = req.outlet.as_deref().filter(|o| !o.is_empty()) {
            parts.push((
                Occur::Must,
                Box::new(TermQuery::new(
                    Term::from_field_text(f.outlet, o),
                    IndexRecordOption::Basic,
                )),
            ));
        }
        if let Some(e) = req.entity.as_deref().filter(|e| !e.is_empty()) {
            parts.push((
                Occur::Must,
                Box::new(TermQuery::new(
                    Term::from_field_text(f.entity, e),
                    IndexRecordOption::Basic,
                )),
            ));
        }
        let day = |s: &Option<String>, what: &str| -> Result<Option<i32>> {
            match s.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
                None => Ok(None),
                Some(s) => date::parse_day(s).map(Some).ok_or_else(|| {
                    BadRequest(format!("`{what}` must be a date YYYY-MM-DD, not `{s}`")).into()
                }),
            }
        };
        let (from, to) = (day(&req.from, "from")?, day(&req.to, "to")?);
        if from.is_some() || to.is_some() {
            use std::ops::Bound;
            let lo = from.map_or(
                Bound::Excluded(Term::from_field_i64(f.day, index::NO_DAY)),
                |d| Bound::Included(Term::from_field_i64(f.day, d.into())),
            );
            let hi = to.map_or(Bound::Unbounded, |d| {
                Bound::Included(Term::from_field_i64(f.day, d.into()))
            });
            parts.push((Occur::Must, Box::new(RangeQuery::new(lo, hi))));
        }
        Ok(match parts.len() {
            0 => Box::new(AllQuery),
            1 if parts[0].0 == Occur::Must => parts.pop().expect("one part").1,
            _ => Box::new(BooleanQuery::new(parts)),
        })
    }

    fn seq_of(searcher: &Searcher, addr: DocAddress) -> Result<i64> {
        let col = searcher
            .segment_reader(addr.segment_ord)
            .fast_fields()
            .u64("seq")?;
        Ok(col.first(addr.doc_id).unwrap_or(0) as i64)
    }

    /// Run a search.
    pub fn search(&self, req: &SearchRequest) -> Result<SearchResults> {
        let t0 = std::time::Instant::now();
        let limit = req.limit.unwrap_or(10).clamp(1, MAX_LIMIT);
        let offset = req.offset.unwrap_or(0);
        if offset + limit > MAX_OFFSET {
            return Err(BadRequest(format!("results beyond {MAX_OFFSET} are not served")).into());
        }
        let query = self.build_query(req)?;
        let searcher = self.reader.searcher();
        let top = TopDocs::with_limit(limit).and_offset(offset);
        let (found, total): (Vec<(f32, DocAddress)>, usize) = match req.sort {
            Sort::Relevance => searcher.search(&*query, &(top, Count))?,
            Sort::Date => {
                let (v, n) = searcher.search(
                    &*query,
                    &(top.order_by_fast_field::<i64>("day", Order::Desc), Count),
                )?;
                (v.into_iter().map(|(_, a)| (0.0, a)).collect(), n)
            }
        };
        let mut body_gen = SnippetGenerator::create(&searcher, &*query, self.fields.body)?;
        body_gen.set_max_num_chars(220);
        let title_gen = SnippetGenerator::create(&searcher, &*query, self.fields.title)?;
        let conn = self.conn();
        let mut st = conn.prepare_cached(
            "SELECT title, outlet, published, url, text, story, dup FROM docs WHERE seq = ?1",
        )?;
        let mut hits = Vec::new();
        for (score, addr) in found {
            let seq = Self::seq_of(&searcher, addr)?;
            let row = st
                .query_row([seq], |r| {
                    Ok((
                        r.get::<_, Option<String>>(0)?,
                        r.get::<_, Option<String>>(1)?,
                        r.get::<_, Option<String>>(2)?,
                        r.get::<_, Option<String>>(3)?,
                        r.get::<_, String>(4)?,
                        r.get::<_, i64>(5)?,
                        r.get::<_, i64>(6)?,
                    ))
                })
                .optional()?;
            // A document replaced since the searcher was opened: skip it.
            let Some((title, outlet, published, url, text, story, dup)) = row else {
                continue;
            };
            // Snippets come from the opening of long articles (bounded cost per hit).
            let mut cut = text.len().min(SNIPPET_SCAN_BYTES);
            while !text.is_char_boundary(cut) {
                cut -= 1;
            }
            let head = &text[..cut];
            let snip = body_gen.snippet(head);
            let snippet_html = if snip.fragment().is_empty() {
                esc(&text.chars().take(220).collect::<String>())
            } else {
                snip.to_html()
            };
            let t = title.as_deref().unwrap_or("");
            let tsnip = title_gen.snippet(t);
            let title_html = if tsnip.highlighted().is_empty() {
                esc(t)
            } else {
                tsnip.to_html()
            };
            hits.push(Hit {
                seq,
                score,
                title,
                title_html,
                outlet,
                published,
                url,
                snippet_html,
                story,
                dup,
            });
        }
        Ok(SearchResults {
            total,
            hits,
            took_ms: t0.elapsed().as_secs_f64() * 1e3,
        })
    }

    /// One stored document with its corpus context.
    pub fn document(&self, seq: i64) -> Result<Option<serde_json::Value>> {
        let conn = self.conn();
        let row = conn
            .query_row(
                "SELECT hash, dup, story, text, layers FROM docs WHERE seq = ?1",
                [seq],
                |r| {
                    Ok((
                        r.get::<_, String>(0)?,
                        r.get::<_, i64>(1)?,
                        r.get::<_, i64>(2)?,
                        r.get::<_, String>(3)?,
                        r.get::<_, String>(4)?,
                    ))
                },
            )
            .optional()?;
        let Some((hash, dup, story, text, layers)) = row else {
            return Ok(None);
        };
        let mut doc: Document = serde_json::from_str(&layers)?;
        doc.text = text;
        let copies = list_docs(
            &conn,
            "SELECT seq, title, outlet, published FROM docs WHERE dup = ?1 AND seq != ?2 ORDER BY seq LIMIT 100",
            params![dup, seq],
        )?;
        let story_title: Option<String> = conn
            .query_row("SELECT title FROM stories WHERE id = ?1", [story], |r| {
                r.get(0)
            })
            .optional()?;
        let entity_keys: Vec<String> = doc.entities.iter().map(crate::entity_key).collect();
        Ok(Some(serde_json::json!({
            "seq": seq,
            "hash": hash,
            "entity_keys": entity_keys,
            "dup": dup,
            "story": story,
            "story_title": story_title,
            "copies": copies,
            "document": doc,
        })))
    }

    /// An entity: mentions over time, co-occurring entities, quotes by and about it.
    pub fn entity(&self, key: &str) -> Result<Option<serde_json::Value>> {
        let conn = self.conn();
        let head: Option<(String, String, i64, i64)> = conn
            .query_row(
                "SELECT name, type, COUNT(*), SUM(n) FROM mentions WHERE entity = ?1 GROUP BY entity",
                [key],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
            )
            .optional()?;
        let Some((name, ty, docs, mentions)) = head else {
            return Ok(None);
        };
        let mut st = conn.prepare(
            "SELECT d.day, COUNT(*), SUM(m.n) FROM mentions m JOIN docs d ON d.seq = m.seq
             WHERE m.entity = ?1 AND d.day IS NOT NULL GROUP BY d.day ORDER BY d.day",
        )?;
        let timeline: Vec<serde_json::Value> = st
            .query_map([key], |r| {
                Ok(serde_json::json!({
                    "day": date::format_day(r.get(0)?),
                    "documents": r.get::<_, i64>(1)?,
                    "mentions": r.get::<_, i64>(2)?,
                }))
            })?
            .collect::<rusqlite::Result<_>>()?;
        let mut st = conn.prepare(
            "SELECT m2.entity, MAX(m2.name), MAX(m2.type), COUNT(*) AS c FROM mentions m1
             JOIN mentions m2 ON m2.seq = m1.seq AND m2.entity != m1.entity
             WHERE m1.entity = ?1 GROUP BY m2.entity ORDER BY c DESC, m2.entity LIMIT 25",
        )?;
        let cooc: Vec<serde_json::Value> = st
            .query_map([key], |r| {
                Ok(serde_json::json!({
                    "key": r.get::<_, String>(0)?,
                    "name": r.get::<_, String>(1)?,
                    "type": r.get::<_, String>(2)?,
                    "documents": r.get::<_, i64>(3)?,
                }))
            })?
            .collect::<rusqlite::Result<_>>()?;
        let quote_rows = |sql: &str| -> Result<Vec<serde_json::Value>> {
            let mut st = conn.prepare(sql)?;
            let v = st
                .query_map([key], |r| {
                    Ok(serde_json::json!({
                        "seq": r.get::<_, i64>(0)?,
                        "title": r.get::<_, Option<String>>(1)?,
                        "published": r.get::<_, Option<String>>(2)?,
                        "speaker": r.get::<_, Option<String>>(3)?,
                        "speaker_name": r.get::<_, Option<String>>(4)?,
                        "content": r.get::<_, String>(5)?,
                    }))
                })?
                .collect::<rusqlite::Result<_>>()?;
            Ok(v)
        };
        let by = quote_rows(
            "SELECT q.seq, d.title, d.published, q.speaker, q.speaker_name, q.content FROM quotes q
             JOIN docs d ON d.seq = q.seq WHERE q.speaker = ?1 ORDER BY d.day DESC, q.seq DESC LIMIT 50",
        )?;
        let about = quote_rows(
            "SELECT q.seq, d.title, d.published, q.speaker, q.speaker_name, q.content FROM quote_about a
             JOIN quotes q ON q.seq = a.seq AND q.idx = a.idx JOIN docs d ON d.seq = q.seq
             WHERE a.entity = ?1 ORDER BY d.day DESC, q.seq DESC LIMIT 50",
        )?;
        let recent = list_docs(
            &conn,
            "SELECT d.seq, d.title, d.outlet, d.published FROM mentions m JOIN docs d ON d.seq = m.seq
             WHERE m.entity = ?1 ORDER BY d.day DESC, d.seq DESC LIMIT 30",
            params![key],
        )?;
        Ok(Some(serde_json::json!({
            "key": key,
            "name": name,
            "type": ty,
            "documents": docs,
            "mentions": mentions,
            "timeline": timeline,
            "cooccurring": cooc,
            "quotes_by": by,
            "quotes_about": about,
            "recent": recent,
        })))
    }

    /// A story: its articles across outlets in time order, outlets and main entities.
    pub fn story(&self, id: i64) -> Result<Option<serde_json::Value>> {
        let conn = self.conn();
        let head: Option<StoryHead> = conn
            .query_row(
                "SELECT title, first_day, last_day, size, centroid FROM stories WHERE id = ?1",
                [id],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)),
            )
            .optional()?;
        let Some((title, first, last, size, centroid)) = head else {
            return Ok(None);
        };
        let terms: Vec<(String, f32)> = serde_json::from_str(&centroid).unwrap_or_default();
        let mut st = conn.prepare(
            "SELECT seq, title, outlet, published, dup FROM docs WHERE story = ?1 ORDER BY day, seq LIMIT 500",
        )?;
        let articles: Vec<serde_json::Value> = st
            .query_map([id], |r| {
                Ok(serde_json::json!({
                    "seq": r.get::<_, i64>(0)?,
                    "title": r.get::<_, Option<String>>(1)?,
                    "outlet": r.get::<_, Option<String>>(2)?,
                    "published": r.get::<_, Option<String>>(3)?,
                    "dup": r.get::<_, i64>(4)?,
                }))
            })?
            .collect::<rusqlite::Result<_>>()?;
        let outlets = count_rows(
            &conn,
            "SELECT outlet, COUNT(*) c FROM docs WHERE story = ?1 AND outlet IS NOT NULL GROUP BY outlet ORDER BY c DESC",
            id,
        )?;
        let mut st = conn.prepare(
            "SELECT m.entity, MAX(m.name), MAX(m.type), COUNT(*) c FROM mentions m JOIN docs d ON d.seq = m.seq
             WHERE d.story = ?1 GROUP BY m.entity ORDER BY c DESC, m.entity LIMIT 15",
        )?;
        let entities: Vec<serde_json::Value> = st
            .query_map([id], |r| {
                Ok(serde_json::json!({
                    "key": r.get::<_, String>(0)?,
                    "name": r.get::<_, String>(1)?,
                    "type": r.get::<_, String>(2)?,
                    "documents": r.get::<_, i64>(3)?,
                }))
            })?
            .collect::<rusqlite::Result<_>>()?;
        Ok(Some(serde_json::json!({
            "id": id,
            "title": title,
            "first": day_str(first),
            "last": day_str(last),
            "size": size,
            "outlets": outlets,
            "entities": entities,
            "terms": terms.iter().take(12).map(|t| &t.0).filter(|t| !t.starts_with('@')).collect::<Vec<_>>(),
            "articles": articles,
        })))
    }

    /// Stories with the most articles (optionally only those active on or after `since`).
    pub fn top_stories(&self, limit: usize) -> Result<Vec<serde_json::Value>> {
        let conn = self.conn();
        let mut st = conn.prepare(
            "SELECT id, title, first_day, last_day, size FROM stories WHERE size > 1
             ORDER BY size DESC, id LIMIT ?1",
        )?;
        let v = st
            .query_map([limit.min(1000) as i64], |r| {
                Ok(serde_json::json!({
                    "id": r.get::<_, i64>(0)?,
                    "title": r.get::<_, String>(1)?,
                    "first": day_str(r.get(2)?),
                    "last": day_str(r.get(3)?),
                    "size": r.get::<_, i64>(4)?,
                }))
            })?
            .collect::<rusqlite::Result<_>>()?;
        Ok(v)
    }

    /// An outlet: its article count, span, main entities and latest articles.
    pub fn outlet(&self, name: &str) -> Result<Option<serde_json::Value>> {
        let conn = self.conn();
        let (n, first, last): (i64, Option<i32>, Option<i32>) = conn.query_row(
            "SELECT COUNT(*), MIN(day), MAX(day) FROM docs WHERE outlet = ?1",
            [name],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )?;
        if n == 0 {
            return Ok(None);
        }
        let recent = list_docs(
            &conn,
            "SELECT seq, title, outlet, published FROM docs WHERE outlet = ?1 ORDER BY day DESC, seq DESC LIMIT 30",
            params![name],
        )?;
        let mut st = conn.prepare(
            "SELECT m.entity, MAX(m.name), COUNT(*) c FROM mentions m JOIN docs d ON d.seq = m.seq
             WHERE d.outlet = ?1 GROUP BY m.entity ORDER BY c DESC, m.entity LIMIT 20",
        )?;
        let entities: Vec<serde_json::Value> = st
            .query_map([name], |r| {
                Ok(serde_json::json!({
                    "key": r.get::<_, String>(0)?,
                    "name": r.get::<_, String>(1)?,
                    "documents": r.get::<_, i64>(2)?,
                }))
            })?
            .collect::<rusqlite::Result<_>>()?;
        Ok(Some(serde_json::json!({
            "name": name,
            "documents": n,
            "first": day_str(first),
            "last": day_str(last),
            "entities": entities,
            "recent": recent,
        })))
    }

    /// Corpus statistics.
    pub fn stats(&self) -> Result<serde_json::Value> {
        let conn = self.conn();
        let one = |sql: &str| -> Result<i64> { Ok(conn.query_row(sql, [], |r| r.get(0))?) };
        let (first, last): (Option<i32>, Option<i32>) =
            conn.query_row("SELECT MIN(day), MAX(day) FROM docs", [], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })?;
        let mut st = conn.prepare(
            "SELECT outlet, COUNT(*) c FROM docs WHERE outlet IS NOT NULL GROUP BY outlet ORDER BY c DESC",
        )?;
        let outlets: Vec<serde_json::Value> = st
            .query_map([], |r| {
                Ok(serde_json::json!({"name": r.get::<_, String>(0)?, "documents": r.get::<_, i64>(1)?}))
            })?
            .collect::<rusqlite::Result<_>>()?;
        let store_bytes: u64 = ["store.sqlite", "store.sqlite-wal"]
            .iter()
            .map(|f| std::fs::metadata(self.dir.join(f)).map_or(0, |m| m.len()))
            .sum();
        Ok(serde_json::json!({
            "documents": one("SELECT COUNT(*) FROM docs")?,
            "chars": one("SELECT COALESCE(SUM(chars), 0) FROM docs")?,
            "first": day_str(first),
            "last": day_str(last),
            "undated": one("SELECT COUNT(*) FROM docs WHERE day IS NULL")?,
            "outlets": outlets,
            "duplicate_groups": one("SELECT COUNT(*) FROM (SELECT dup FROM docs GROUP BY dup HAVING COUNT(*) > 1)")?,
            "documents_in_duplicate_groups": one("SELECT COALESCE(SUM(c), 0) FROM (SELECT COUNT(*) c FROM docs GROUP BY dup HAVING c > 1)")?,
            "stories": one("SELECT COUNT(*) FROM stories WHERE size > 0")?,
            "stories_with_2_or_more": one("SELECT COUNT(*) FROM stories WHERE size > 1")?,
            "entities": one("SELECT COUNT(DISTINCT entity) FROM mentions")?,
            "mentions": one("SELECT COALESCE(SUM(n), 0) FROM mentions")?,
            "quotes": one("SELECT COUNT(*) FROM quotes")?,
            "store_bytes": store_bytes,
            "index_bytes": dir_size(&crate::index_path(&self.dir)),
            "index_docs": self.reader.searcher().num_docs(),
            "index_seq": index::committed_seq(&self.index)?,
            "store_seq": one("SELECT COALESCE(MAX(seq), 0) FROM docs")?,
        }))
    }
}

fn list_docs(
    conn: &Connection,
    sql: &str,
    p: impl rusqlite::Params,
) -> Result<Vec<serde_json::Value>> {
    let mut st = conn.prepare(sql)?;
    let v = st
        .query_map(p, |r| {
            Ok(serde_json::json!({
                "seq": r.get::<_, i64>(0)?,
                "title": r.get::<_, Option<String>>(1)?,
                "outlet": r.get::<_, Option<String>>(2)?,
                "published": r.get::<_, Option<String>>(3)?,
            }))
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(v)
}

fn count_rows(conn: &Connection, sql: &str, id: i64) -> Result<Vec<serde_json::Value>> {
    let mut st = conn.prepare(sql)?;
    let v = st
        .query_map([id], |r| {
            Ok(serde_json::json!({"name": r.get::<_, String>(0)?, "documents": r.get::<_, i64>(1)?}))
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(v)
}
