//! The SQLite store: the truth of the corpus. Documents, their entity mentions and quotes,
//! duplicate groups, stories, and replaced-document tombstones, written one batch per
//! transaction (WAL journal), so a killed ingest leaves the store at its last whole batch.

use rusqlite::Connection;

pub const SCHEMA: &str = r#"
CREATE TABLE IF NOT EXISTS docs (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    hash TEXT NOT NULL UNIQUE,
    url TEXT,
    title TEXT,
    outlet TEXT,
    published TEXT,
    day INTEGER,
    chars INTEGER NOT NULL,
    dup INTEGER NOT NULL,
    story INTEGER NOT NULL,
    text TEXT NOT NULL,
    layers TEXT NOT NULL
);
CREATE UNIQUE INDEX IF NOT EXISTS docs_url ON docs(url) WHERE url IS NOT NULL;
CREATE INDEX IF NOT EXISTS docs_dup ON docs(dup);
CREATE INDEX IF NOT EXISTS docs_story ON docs(story);
CREATE INDEX IF NOT EXISTS docs_outlet ON docs(outlet);
CREATE INDEX IF NOT EXISTS docs_day ON docs(day);
CREATE TABLE IF NOT EXISTS signatures (seq INTEGER PRIMARY KEY, dup INTEGER NOT NULL, sig BLOB NOT NULL);
CREATE TABLE IF NOT EXISTS mentions (
    seq INTEGER NOT NULL,
    entity TEXT NOT NULL,
    name TEXT NOT NULL,
    type TEXT NOT NULL,
    n INTEGER NOT NULL,
    PRIMARY KEY (entity, seq)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS mentions_seq ON mentions(seq);
CREATE TABLE IF NOT EXISTS quotes (
    seq INTEGER NOT NULL,
    idx INTEGER NOT NULL,
    speaker TEXT,
    speaker_name TEXT,
    content TEXT NOT NULL,
    PRIMARY KEY (seq, idx)
);
CREATE INDEX IF NOT EXISTS quotes_speaker ON quotes(speaker);
CREATE TABLE IF NOT EXISTS quote_about (
    entity TEXT NOT NULL,
    seq INTEGER NOT NULL,
    idx INTEGER NOT NULL,
    PRIMARY KEY (entity, seq, idx)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS stories (
    id INTEGER PRIMARY KEY,
    title TEXT NOT NULL,
    first_day INTEGER,
    last_day INTEGER,
    size INTEGER NOT NULL,
    centroid TEXT NOT NULL
);
-- In how many story vectors each term occurred (anchor terms of stories); meta 'story_docs' counts them.
CREATE TABLE IF NOT EXISTS story_terms (term TEXT PRIMARY KEY, df INTEGER NOT NULL) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS tombstones (seq INTEGER PRIMARY KEY, at_seq INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
"#;

/// Open the store with the settings every connection uses.
pub fn connect(path: &std::path::Path) -> rusqlite::Result<Connection> {
    let conn = Connection::open(path)?;
    conn.busy_timeout(std::time::Duration::from_secs(10))?;
    conn.pragma_update(None, "journal_mode", "WAL")?;
    conn.pragma_update(None, "synchronous", "NORMAL")?;
    conn.pragma_update(None, "foreign_keys", "OFF")?;
    Ok(conn)
}

/// Open the store for writing: create the tables.
pub fn connect_rw(path: &std::path::Path) -> rusqlite::Result<Connection> {
    let conn = connect(path)?;
    conn.execute_batch(SCHEMA)?;
    conn.execute(
        "INSERT OR IGNORE INTO meta(key, value) VALUES ('schema', 'naba.corpus/1')",
        [],
    )?;
    Ok(conn)
}
