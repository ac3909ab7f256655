//! Readers: turn raw bytes (plain text, JSONL, HTML, feeds, archives) into [`Article`]s, and
//! recover the article's structure (paragraphs, headings, and the blocks that are not the
//! article). An [`Article`] becomes a [`naba_doc::Document`] with [`Article::into_document`].

pub mod charset;
pub mod dates;
pub mod dom;
pub mod feed;
pub mod html;
pub mod jsonl;
pub mod markers;
pub mod score;
pub mod sniff;
pub mod text;
pub mod warc;

use naba_doc::{Block, BlockKind, Document};
use std::collections::BTreeMap;

/// Errors a reader returns; no reader panics on any input.
#[derive(Debug, thiserror::Error)]
pub enum IngestError {
    #[error("binary data, not text ({0})")]
    Binary(String),
    /// `size` is the known size, or `limit + 1` for a stream cut off at the limit.
    #[error("input too large: {}, the limit is {limit} bytes (raise it with --max-bytes)", describe_size(*.size, *.limit))]
    TooLarge { size: u64, limit: u64 },
    #[error("invalid JSON on line {line}: {message}")]
    Json { line: usize, message: String },
    #[error("{0}")]
    Invalid(String),
    #[error(transparent)]
    Io(#[from] std::io::Error),
}

fn describe_size(size: u64, limit: u64) -> String {
    if size > limit + 1 {
        format!("{size} bytes")
    } else {
        format!("more than {limit} bytes")
    }
}

/// A block of an article as a reader found it.
#[derive(Debug, Clone, PartialEq)]
pub struct ArticleBlock {
    pub kind: BlockKind,
    pub text: String,
    /// Why a `Removed` block is not part of the article (`related`, `trailer`, `byline`…).
    pub reason: Option<String>,
}

impl ArticleBlock {
    pub fn new(kind: BlockKind, text: impl Into<String>) -> Self {
        ArticleBlock {
            kind,
            text: text.into(),
            reason: None,
        }
    }
    pub fn removed(reason: &str, text: impl Into<String>) -> Self {
        ArticleBlock {
            kind: BlockKind::Removed,
            text: text.into(),
            reason: Some(reason.to_string()),
        }
    }
}

/// What every reader produces: metadata and blocks, before any language analysis.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Article {
    pub title: Option<String>,
    pub published: Option<String>,
    pub modified: Option<String>,
    pub source: Option<String>,
    pub url: Option<String>,
    pub author: Option<String>,
    pub language: Option<String>,
    /// The page's own summary (`meta description`, JSON-LD, a feed item's summary); not part
    /// of the document text.
    pub description: Option<String>,
    /// Where each metadata field came from.
    pub provenance: BTreeMap<String, String>,
    /// Where the article was read from.
    pub origin: Option<String>,
    pub blocks: Vec<ArticleBlock>,
}

/// Separator between kept blocks in `Document::text`.
pub const BLOCK_SEPARATOR: &str = "\n\n";

impl Article {
    /// Build the document: `text` is the kept blocks joined by a blank line; removed blocks
    /// stay in `blocks` with their text and reason.
    pub fn into_document(self) -> Document {
        let mut text = String::new();
        let mut blocks = Vec::with_capacity(self.blocks.len());
        let mut pos = 0usize; // chars
        for b in self.blocks {
            if b.kind.is_kept() {
                if !text.is_empty() {
                    text.push_str(BLOCK_SEPARATOR);
                    pos += BLOCK_SEPARATOR.chars().count();
                }
                let n = b.text.chars().count();
                text.push_str(&b.text);
                blocks.push(Block {
                    kind: b.kind,
                    start: Some(pos),
                    end: Some(pos + n),
                    text: None,
                    reason: None,
                });
                pos += n;
            } else {
                blocks.push(Block {
                    kind: b.kind,
                    start: None,
                    end: None,
                    text: Some(b.text),
                    reason: b.reason,
                });
            }
        }
        let mut d = Document::new(text);
        d.blocks = blocks;
        d.title = self.title;
        d.published = self.published;
        d.modified = self.modified;
        d.source = self.source;
        d.url = self.url;
        d.author = self.author;
        d.language = self.language;
        d.description = self.description;
        d.provenance = self.provenance;
        d.origin = self.origin;
        d
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn document_offsets_slice_blocks() {
        let a = Article {
            blocks: vec![
                ArticleBlock::new(BlockKind::Heading, "عنوان"),
                ArticleBlock::removed("related", "اقرأ أيضا: خبر"),
                ArticleBlock::new(BlockKind::Paragraph, "فقرة أولى."),
            ],
            ..Default::default()
        };
        let d = a.into_document();
        assert_eq!(d.text, "عنوان\n\nفقرة أولى.");
        let b = &d.blocks[2];
        assert_eq!(d.slice(b.start.unwrap(), b.end.unwrap()), "فقرة أولى.");
        assert_eq!(d.blocks[1].reason.as_deref(), Some("related"));
    }
}
