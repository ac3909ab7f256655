//! The tantivy search index. The store is the truth: the index records, in its commit payload,
//! the highest document sequence it holds, and catches up from the store on open.

use crate::analyzer;
use tantivy::schema::{
    Field, IndexRecordOption, NumericOptions, Schema, TextFieldIndexing, TextOptions, STRING,
};
use tantivy::{doc, Index, IndexWriter, TantivyDocument, Term};

/// Stands for "no publication date" in the `day` field (sorts last).
pub const NO_DAY: i64 = -1_000_000;

#[derive(Clone, Copy)]
pub struct Fields {
    pub seq: Field,
    pub title: Field,
    pub body: Field,
    pub entity: Field,
    pub outlet: Field,
    pub day: Field,
}

pub fn schema() -> (Schema, Fields) {
    let mut b = Schema::builder();
    let text = TextOptions::default().set_indexing_options(
        TextFieldIndexing::default()
            .set_tokenizer(analyzer::NAME)
            .set_index_option(IndexRecordOption::WithFreqsAndPositions),
    );
    let seq = b.add_u64_field(
        "seq",
        NumericOptions::default()
            .set_indexed()
            .set_stored()
            .set_fast(),
    );
    let title = b.add_text_field("title", text.clone());
    let body = b.add_text_field("body", text);
    let entity = b.add_text_field("entity", STRING);
    let outlet = b.add_text_field("outlet", STRING);
    let day = b.add_i64_field("day", NumericOptions::default().set_indexed().set_fast());
    (
        b.build(),
        Fields {
            seq,
            title,
            body,
            entity,
            outlet,
            day,
        },
    )
}

/// Open (or create) the index in `dir`, with the naba analyzer registered.
pub fn open(dir: &std::path::Path) -> tantivy::Result<(Index, Fields)> {
    std::fs::create_dir_all(dir)?;
    let (schema, fields) = schema();
    let mmap = tantivy::directory::MmapDirectory::open(dir)?;
    let index = Index::open_or_create(mmap, schema)?;
    index
        .tokenizers()
        .register(analyzer::NAME, analyzer::analyzer());
    Ok((index, fields))
}

/// The fields of one document as indexed.
pub struct IndexDoc<'a> {
    pub seq: i64,
    pub title: &'a str,
    pub body: &'a str,
    pub outlet: Option<&'a str>,
    pub day: Option<i32>,
    pub entities: Vec<String>,
}

/// Add (or replace) a document in the writer.
pub fn add(w: &IndexWriter, f: &Fields, d: &IndexDoc) -> tantivy::Result<()> {
    w.delete_term(Term::from_field_u64(f.seq, d.seq as u64));
    let mut td: TantivyDocument = doc!(
        f.seq => d.seq as u64,
        f.title => d.title,
        f.body => d.body,
        f.day => d.day.map_or(NO_DAY, i64::from),
    );
    if let Some(o) = d.outlet {
        td.add_text(f.outlet, o);
    }
    for e in &d.entities {
        td.add_text(f.entity, e);
    }
    w.add_document(td)?;
    Ok(())
}

/// Remove a document from the writer.
pub fn delete(w: &IndexWriter, f: &Fields, seq: i64) {
    w.delete_term(Term::from_field_u64(f.seq, seq as u64));
}

/// The highest sequence the last commit holds.
pub fn committed_seq(index: &Index) -> tantivy::Result<i64> {
    let metas = index.load_metas()?;
    Ok(metas
        .payload
        .as_deref()
        .and_then(|p| p.strip_prefix("seq="))
        .and_then(|s| s.parse().ok())
        .unwrap_or(0))
}

/// Commit everything added so far, recording `seq` as the highest sequence held.
pub fn commit(w: &mut IndexWriter, seq: i64) -> tantivy::Result<()> {
    let mut p = w.prepare_commit()?;
    p.set_payload(&format!("seq={seq}"));
    p.commit()?;
    Ok(())
}
