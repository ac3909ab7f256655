//! The naba corpus: analysed documents in a crash-safe SQLite store, an Arabic full-text index
//! (tantivy with naba's own normalization and stemmer), near-duplicate groups (MinHash/LSH),
//! incrementally grown stories, and the read API behind `naba search` and `naba serve`.
//!
//! Layout of a corpus directory: `store.sqlite` (the truth) and `index/` (derived; it catches up
//! from the store when it is behind, and is rebuilt when it is missing).

pub mod analyzer;
pub mod date;
pub mod dedup;
pub mod index;
pub mod ingest;
pub mod read;
pub mod server;
pub mod store;
pub mod stories;

use anyhow::{Context, Result};
use naba_doc::{Document, Entity};
use rusqlite::{params, Connection, OptionalExtension};
use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};
use tantivy::IndexWriter;

pub use read::{CorpusReader, Hit, SearchRequest, SearchResults, Sort};

/// Documents added between index commits.
const INDEX_COMMIT_EVERY: usize = 5_000;
/// Index writer memory budget.
const INDEX_HEAP: usize = 96 * 1024 * 1024;

/// The key under which an entity's mentions are grouped: its knowledge-base id when linked,
/// `TYPE:normalized surface` otherwise.
pub fn entity_key(e: &Entity) -> String {
    match &e.id {
        Some(id) if !id.is_empty() => id.clone(),
        _ => format!(
            "{}:{}",
            e.kind_tag,
            naba_arabic::normalize(e.text.trim(), &naba_arabic::Profile::MATCH)
        ),
    }
}

/// How a document is recognised on re-ingest: a hash of its URL, title and text.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct DocKey {
    pub hash: String,
    pub url: Option<String>,
}

impl DocKey {
    pub fn of(doc: &Document) -> DocKey {
        let mut h = xxhash_rust::xxh3::Xxh3::new();
        let url = doc.url.as_deref().map(str::trim).filter(|u| !u.is_empty());
        for part in [
            url.unwrap_or(""),
            doc.title.as_deref().unwrap_or(""),
            &doc.text,
        ] {
            h.update(&(part.len() as u64).to_le_bytes());
            h.update(part.as_bytes());
        }
        DocKey {
            hash: format!("{:032x}", h.digest128()),
            url: url.map(str::to_string),
        }
    }
}

/// A document analysed and prepared for storing (the parallel part of ingest).
pub struct Prepared {
    pub key: DocKey,
    pub doc: Document,
    sig: Option<dedup::Signature>,
    vector: stories::Vector,
    day: Option<i32>,
}

impl Prepared {
    /// Prepare an analysed document: signature, story vector, day. Drops the tokens layer.
    pub fn new(mut doc: Document) -> Prepared {
        doc.tokens = None;
        let key = DocKey::of(&doc);
        let sig = dedup::signature(&doc.text);
        let vector = stories::vector(&doc);
        let day = doc.published.as_deref().and_then(date::parse_day);
        Prepared {
            key,
            doc,
            sig,
            vector,
            day,
        }
    }
}

/// What happened to one batch.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct BatchReport {
    pub added: usize,
    /// Already stored (same content hash).
    pub skipped: usize,
    /// Same URL, new content: the old version was replaced.
    pub replaced: usize,
    /// Added documents found to copy an earlier one.
    pub duplicates: usize,
}

impl std::ops::AddAssign for BatchReport {
    fn add_assign(&mut self, o: BatchReport) {
        self.added += o.added;
        self.skipped += o.skipped;
        self.replaced += o.replaced;
        self.duplicates += o.duplicates;
    }
}

/// Another process holds the corpus for writing.
#[derive(Debug, thiserror::Error)]
#[error("the corpus is locked: another `naba ingest` is writing to it")]
pub struct Locked;

/// A corpus open for writing (one writer at a time: the index holds a lock).
pub struct Corpus {
    dir: PathBuf,
    conn: Connection,
    index: tantivy::Index,
    fields: index::Fields,
    writer: IndexWriter,
    lsh: dedup::Lsh,
    stories: stories::Stories,
    pending: usize,
    last_seq: i64,
}

pub fn store_path(dir: &Path) -> PathBuf {
    dir.join("store.sqlite")
}

pub fn index_path(dir: &Path) -> PathBuf {
    dir.join("index")
}

/// The fields of a stored document that the index needs.
fn index_doc_from_store(conn: &Connection, seq: i64) -> Result<Option<OwnedIndexDoc>> {
    let row = conn
        .query_row(
            "SELECT title, text, outlet, day FROM docs WHERE seq = ?1",
            [seq],
            |r| {
                Ok(OwnedIndexDoc {
                    seq,
                    title: r.get::<_, Option<String>>(0)?.unwrap_or_default(),
                    body: r.get(1)?,
                    outlet: r.get(2)?,
                    day: r.get(3)?,
                    entities: Vec::new(),
                })
            },
        )
        .optional()?;
    let Some(mut d) = row else { return Ok(None) };
    let mut st = conn.prepare_cached("SELECT entity FROM mentions WHERE seq = ?1")?;
    d.entities = st
        .query_map([seq], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(Some(d))
}

struct OwnedIndexDoc {
    seq: i64,
    title: String,
    body: String,
    outlet: Option<String>,
    day: Option<i32>,
    entities: Vec<String>,
}

impl OwnedIndexDoc {
    fn as_index_doc(&self) -> index::IndexDoc<'_> {
        index::IndexDoc {
            seq: self.seq,
            title: &self.title,
            body: &self.body,
            outlet: self.outlet.as_deref(),
            day: self.day,
            entities: self.entities.clone(),
        }
    }
}

impl Corpus {
    /// Open (or create) a corpus for writing; bring the index up to date with the store.
    pub fn open(dir: &Path) -> Result<Corpus> {
        let mut c = Corpus::open_index_only(dir)?;
        c.load_state()?;
        Ok(c)
    }

    /// Open for writing and catch the index up, without loading duplicate/story state.
    fn open_index_only(dir: &Path) -> Result<Corpus> {
        std::fs::create_dir_all(dir)
            .with_context(|| format!("{}: cannot create corpus directory", dir.display()))?;
        let conn = store::connect_rw(&store_path(dir))
            .with_context(|| format!("{}: cannot open the store", dir.display()))?;
        let (index, fields) = index::open(&index_path(dir))
            .with_context(|| format!("{}: cannot open the index", dir.display()))?;
        let writer = match index.writer_with_num_threads(1, INDEX_HEAP) {
            Ok(w) => w,
            Err(tantivy::TantivyError::LockFailure(..)) => return Err(Locked.into()),
            Err(e) => return Err(e.into()),
        };
        let last_seq: i64 =
            conn.query_row("SELECT COALESCE(MAX(seq), 0) FROM docs", [], |r| r.get(0))?;
        let mut c = Corpus {
            dir: dir.to_path_buf(),
            conn,
            index,
            fields,
            writer,
            lsh: dedup::Lsh::default(),
            stories: stories::Stories::default(),
            pending: 0,
            last_seq,
        };
        c.catch_up()?;
        Ok(c)
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Index what the store holds beyond the index's last commit (after a crash), and apply
    /// replacements recorded since. Returns the number of documents indexed.
    pub fn catch_up(&mut self) -> Result<usize> {
        let mut from = index::committed_seq(&self.index)?;
        let max_seq: i64 = self.conn.query_row(
            "SELECT MAX(COALESCE((SELECT MAX(seq) FROM docs), 0), COALESCE((SELECT MAX(at_seq) FROM tombstones), 0))",
            [],
            |r| r.get(0),
        )?;
        if from > max_seq {
            // The index claims more than the store holds: rebuild it.
            self.writer.delete_all_documents()?;
            from = 0;
        }
        if from == max_seq {
            return Ok(0);
        }
        let mut st = self
            .conn
            .prepare("SELECT seq FROM tombstones WHERE at_seq > ?1")?;
        let dead: Vec<i64> = st
            .query_map([from], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        drop(st);
        for seq in dead {
            index::delete(&self.writer, &self.fields, seq);
        }
        let mut st = self
            .conn
            .prepare("SELECT seq FROM docs WHERE seq > ?1 ORDER BY seq")?;
        let seqs: Vec<i64> = st
            .query_map([from], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        drop(st);
        for &seq in &seqs {
            if let Some(d) = index_doc_from_store(&self.conn, seq)? {
                index::add(&self.writer, &self.fields, &d.as_index_doc())?;
            }
        }
        index::commit(&mut self.writer, max_seq)?;
        Ok(seqs.len())
    }

    fn load_state(&mut self) -> Result<()> {
        let mut st = self.conn.prepare("SELECT seq, dup, sig FROM signatures")?;
        let rows = st.query_map([], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, i64>(1)?,
                r.get::<_, Vec<u8>>(2)?,
            ))
        })?;
        for row in rows {
            let (seq, dup, sig) = row?;
            self.lsh.insert(seq, dedup::decode(&sig), dup);
        }
        drop(st);
        let mut st = self
            .conn
            .prepare("SELECT id, title, first_day, last_day, size, centroid FROM stories")?;
        let rows = st.query_map([], |r| {
            Ok(stories::Story {
                id: r.get(0)?,
                title: r.get(1)?,
                first_day: r.get(2)?,
                last_day: r.get(3)?,
                size: r.get(4)?,
                centroid: serde_json::from_str(&r.get::<_, String>(5)?).unwrap_or_default(),
                ..Default::default()
            })
        })?;
        for s in rows {
            self.stories.load(s?);
        }
        drop(st);
        let docs: u32 = self
            .conn
            .query_row("SELECT value FROM meta WHERE key = 'story_docs'", [], |r| {
                r.get::<_, String>(0)
            })
            .optional()?
            .and_then(|v| v.parse().ok())
            .unwrap_or(0);
        let mut st = self.conn.prepare("SELECT term, df FROM story_terms")?;
        let df = st
            .query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, u32>(1)?)))?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        self.stories.load_df(docs, df);
        Ok(())
    }

    /// Is a document with this key already stored (same content hash)?
    pub fn contains(&self, key: &DocKey) -> Result<bool> {
        Ok(self
            .conn
            .prepare_cached("SELECT 1 FROM docs WHERE hash = ?1")?
            .exists([&key.hash])?)
    }

    /// Store a batch in one transaction and add it to the index (committed every few
    /// thousand documents and by [`Corpus::commit`]).
    pub fn add_batch(&mut self, batch: Vec<Prepared>) -> Result<BatchReport> {
        let mut rep = BatchReport::default();
        let tx = self.conn.transaction()?;
        let mut seen = HashSet::new();
        for p in batch {
            if !seen.insert(p.key.hash.clone())
                || tx
                    .prepare_cached("SELECT 1 FROM docs WHERE hash = ?1")?
                    .exists([&p.key.hash])?
            {
                rep.skipped += 1;
                continue;
            }
            let seq = self.last_seq + 1;
            if let Some(url) = &p.key.url {
                let old: Option<(i64, i64)> = tx
                    .query_row("SELECT seq, story FROM docs WHERE url = ?1", [url], |r| {
                        Ok((r.get(0)?, r.get(1)?))
                    })
                    .optional()?;
                if let Some((old_seq, old_story)) = old {
                    for sql in [
                        "DELETE FROM docs WHERE seq = ?1",
                        "DELETE FROM mentions WHERE seq = ?1",
                        "DELETE FROM quotes WHERE seq = ?1",
                        "DELETE FROM quote_about WHERE seq = ?1",
                        "DELETE FROM signatures WHERE seq = ?1",
                    ] {
                        tx.execute(sql, [old_seq])?;
                    }
                    tx.execute(
                        "INSERT OR REPLACE INTO tombstones(seq, at_seq) VALUES (?1, ?2)",
                        params![old_seq, seq],
                    )?;
                    if let Some(s) = self.stories.stories.get_mut(&old_story) {
                        s.size = (s.size - 1).max(0);
                        self.stories.dirty.insert(old_story);
                    }
                    index::delete(&self.writer, &self.fields, old_seq);
                    rep.replaced += 1;
                }
            }
            let d = &p.doc;
            // Near-duplicates: join the group (and story) of the best earlier copy.
            let matched = p.sig.as_ref().and_then(|s| self.lsh.best_match(s));
            let (dup, forced_story) = match matched {
                Some((mseq, group, _)) => {
                    let story: Option<i64> = tx
                        .query_row("SELECT story FROM docs WHERE seq = ?1", [mseq], |r| {
                            r.get(0)
                        })
                        .optional()?;
                    (group, story)
                }
                None => (seq, None),
            };
            if matched.is_some() {
                rep.duplicates += 1;
            }
            let title = d.title.clone().unwrap_or_default();
            let story = self.stories.assign(&p.vector, p.day, &title, forced_story);
            let mut layers = d.clone();
            layers.text = String::new();
            tx.execute(
                "INSERT INTO docs(seq, hash, url, title, outlet, published, day, chars, dup, story, text, layers)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
                params![
                    seq,
                    p.key.hash,
                    p.key.url,
                    d.title,
                    d.source,
                    d.published,
                    p.day,
                    d.text.chars().count() as i64,
                    dup,
                    story,
                    d.text,
                    serde_json::to_string(&layers)?,
                ],
            )?;
            if let Some(sig) = &p.sig {
                tx.execute(
                    "INSERT INTO signatures(seq, dup, sig) VALUES (?1, ?2, ?3)",
                    params![seq, dup, dedup::encode(sig)],
                )?;
            }
            // Entity mentions, counted per document.
            let mut ents: BTreeMap<String, (String, String, i64)> = BTreeMap::new();
            for e in &d.entities {
                let k = entity_key(e);
                let name = e.name.clone().unwrap_or_else(|| e.text.clone());
                ents.entry(k).or_insert((name, e.kind_tag.clone(), 0)).2 += 1;
            }
            for (k, (name, ty, n)) in &ents {
                tx.execute(
                    "INSERT INTO mentions(seq, entity, name, type, n) VALUES (?1, ?2, ?3, ?4, ?5)",
                    params![seq, k, name, ty, n],
                )?;
            }
            for (i, q) in d.quotes.iter().enumerate() {
                let speaker = q.speaker.as_ref().map(|s| match &s.id {
                    Some(id) if !id.is_empty() => id.clone(),
                    _ => d
                        .entities
                        .iter()
                        .find(|e| Some(e.start) == s.start && Some(e.end) == s.end)
                        .map(entity_key)
                        .unwrap_or_else(|| {
                            naba_arabic::normalize(s.text.trim(), &naba_arabic::Profile::MATCH)
                        }),
                });
                tx.execute(
                    "INSERT INTO quotes(seq, idx, speaker, speaker_name, content) VALUES (?1, ?2, ?3, ?4, ?5)",
                    params![
                        seq,
                        i as i64,
                        speaker,
                        q.speaker.as_ref().map(|s| s.name.clone().unwrap_or_else(|| s.text.clone())),
                        q.content.text
                    ],
                )?;
                let about: HashSet<String> = d
                    .entities
                    .iter()
                    .filter(|e| e.start >= q.content.start && e.end <= q.content.end)
                    .map(entity_key)
                    .collect();
                for k in about {
                    tx.execute(
                        "INSERT OR IGNORE INTO quote_about(entity, seq, idx) VALUES (?1, ?2, ?3)",
                        params![k, seq, i as i64],
                    )?;
                }
            }
            index::add(
                &self.writer,
                &self.fields,
                &index::IndexDoc {
                    seq,
                    title: &title,
                    body: &d.text,
                    outlet: d.source.as_deref(),
                    day: p.day,
                    entities: ents.keys().cloned().collect(),
                },
            )?;
            if let Some(sig) = p.sig {
                self.lsh.insert(seq, sig, dup);
            }
            self.last_seq = seq;
            self.pending += 1;
            rep.added += 1;
        }
        for id in std::mem::take(&mut self.stories.dirty) {
            let s = &self.stories.stories[&id];
            tx.execute(
                "INSERT OR REPLACE INTO stories(id, title, first_day, last_day, size, centroid)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                params![
                    s.id,
                    s.title,
                    s.first_day,
                    s.last_day,
                    s.size,
                    serde_json::to_string(&s.centroid)?
                ],
            )?;
        }
        let (docs, df) = self.stories.take_df_changes();
        {
            let mut up = tx.prepare_cached(
                "INSERT INTO story_terms(term, df) VALUES (?1, ?2)
                 ON CONFLICT(term) DO UPDATE SET df = excluded.df",
            )?;
            for (t, n) in df {
                up.execute(params![t, n])?;
            }
        }
        tx.execute(
            "INSERT OR REPLACE INTO meta(key, value) VALUES ('story_docs', ?1)",
            [docs.to_string()],
        )?;
        tx.commit()?;
        if self.pending >= INDEX_COMMIT_EVERY {
            self.commit()?;
        }
        Ok(rep)
    }

    /// Commit the index up to the last stored document.
    pub fn commit(&mut self) -> Result<()> {
        index::commit(&mut self.writer, self.last_seq)?;
        self.pending = 0;
        Ok(())
    }

    /// Commit and wait for background merges to finish.
    pub fn close(mut self) -> Result<()> {
        self.commit()?;
        self.writer.wait_merging_threads()?;
        Ok(())
    }
}

/// Bring the index of `dir` up to date if no writer holds it (used before reading).
/// Returns `Ok(false)` when another process holds the writer lock.
pub fn catch_up_if_free(dir: &Path) -> Result<bool> {
    if !store_path(dir).exists() {
        anyhow::bail!(
            "{}: no corpus here (create one with `naba ingest … --db {}`)",
            dir.display(),
            dir.display()
        );
    }
    match Corpus::open_index_only(dir) {
        Ok(c) => {
            c.close()?;
            Ok(true)
        }
        Err(e) if e.is::<Locked>() => Ok(false),
        Err(e) => Err(e),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(title: &str, text: &str, url: &str, date: &str) -> Document {
        let mut d = Document::new(text);
        d.title = Some(title.into());
        d.url = Some(url.into());
        d.published = Some(date.into());
        d.source = Some("مصدر".into());
        d
    }

    fn reader_total(dir: &Path, q: &str) -> usize {
        let r = CorpusReader::open(dir).unwrap();
        r.search(&SearchRequest {
            q: q.into(),
            ..Default::default()
        })
        .unwrap()
        .total
    }

    #[test]
    fn uncommitted_index_catches_up_from_the_store_on_open() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path();
        {
            let mut c = Corpus::open(dir).unwrap();
            let rep = c
                .add_batch(vec![
                    Prepared::new(doc("أ", "بدأت المفاوضات في مسقط اليوم", "u1", "2025-01-01")),
                    Prepared::new(doc("ب", "فاز الهلال على النصر", "u2", "2025-01-02")),
                ])
                .unwrap();
            assert_eq!(rep.added, 2);
            // Dropped without committing the index: as if killed after the store commit.
        }
        let r = CorpusReader::open(dir).unwrap();
        let s = r.stats().unwrap();
        assert_eq!(s["documents"], 2);
        assert_eq!(s["index_docs"], 2);
        assert_eq!(s["index_seq"], 2);
        drop(r);
        assert_eq!(reader_total(dir, "والمفاوضات"), 1);
    }

    #[test]
    fn duplicates_and_stories_are_assigned_and_survive_reopen() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path();
        let wire = "أعلنت وزارة الخارجية اليوم أن جولة جديدة من المفاوضات بين الطرفين ستعقد في \
                    مسقط الأسبوع المقبل بمشاركة وفود من عدة دول عربية وأجنبية لبحث ملف الأمن الإقليمي";
        {
            let mut c = Corpus::open(dir).unwrap();
            c.add_batch(vec![Prepared::new(doc(
                "جولة مفاوضات في مسقط",
                wire,
                "a",
                "2025-01-01",
            ))])
            .unwrap();
            c.close().unwrap();
        }
        let mut c = Corpus::open(dir).unwrap();
        // The stories' term frequencies were saved and restored.
        assert_eq!(c.stories.counted(), 1);
        let rep = c
            .add_batch(vec![Prepared::new(doc(
                "مفاوضات مسقط الأسبوع المقبل",
                &format!("{wire} وقال مصدر إن الأجواء إيجابية"),
                "b",
                "2025-01-02",
            ))])
            .unwrap();
        assert_eq!(rep.duplicates, 1);
        c.close().unwrap();
        let r = CorpusReader::open(dir).unwrap();
        let s = r.stats().unwrap();
        assert_eq!(s["duplicate_groups"], 1);
        assert_eq!(s["stories_with_2_or_more"], 1);
        let d = r.document(2).unwrap().unwrap();
        assert_eq!(d["dup"], 1);
        assert_eq!(d["copies"][0]["seq"], 1);
    }
}
