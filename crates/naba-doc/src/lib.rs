//! The naba `Document`: the one value that flows through every analysis stage.
//!
//! Invariants (see `docs/schema.md`):
//! - every `start`/`end` is a Unicode scalar (char) offset into [`Document::text`], end-exclusive;
//! - stages add layers and never rewrite `text`;
//! - removed blocks keep their own `text` and are not part of `Document::text`.

pub mod score;

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The schema identifier written into every document.
pub const SCHEMA: &str = "naba.document/1";

fn schema_default() -> String {
    SCHEMA.to_string()
}

/// One analysed article.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Document {
    #[serde(default = "schema_default")]
    pub schema: String,
    /// The analysed body: kept blocks joined by `\n\n`.
    pub text: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// Publication time, ISO 8601 (`2025-07-03` or `2025-07-03T10:00:00+03:00`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub published: Option<String>,
    /// The outlet (site, agency or feed) the article came from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub author: Option<String>,
    /// Last modification time, ISO 8601.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub modified: Option<String>,
    /// The page's own summary (meta description, JSON-LD, a feed item's summary).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Language code (`ar`, `en`…) when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub language: Option<String>,
    /// Where each metadata field came from (`"published": "json-ld datePublished"`).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub provenance: BTreeMap<String, String>,
    /// The agency or outlet named in the article's dateline (`الرياض (رويترز) -`, `- واس`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dateline: Option<EntityRef>,
    /// Where the document was read from (a path, `-`, or `path:line` for JSONL).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub origin: Option<String>,
    #[serde(default)]
    pub blocks: Vec<Block>,
    #[serde(default)]
    pub sentences: Vec<Sentence>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tokens: Option<Vec<Token>>,
    #[serde(default)]
    pub entities: Vec<Entity>,
    #[serde(default)]
    pub times: Vec<TimeExpr>,
    #[serde(default)]
    pub quotes: Vec<Quote>,
    #[serde(default)]
    pub events: Vec<Event>,
}

impl Document {
    /// An empty document around `text`, with no layers yet.
    pub fn new(text: impl Into<String>) -> Self {
        Document {
            schema: SCHEMA.to_string(),
            text: text.into(),
            title: None,
            published: None,
            source: None,
            url: None,
            author: None,
            modified: None,
            description: None,
            language: None,
            provenance: BTreeMap::new(),
            dateline: None,
            origin: None,
            blocks: Vec::new(),
            sentences: Vec::new(),
            tokens: None,
            entities: Vec::new(),
            times: Vec::new(),
            quotes: Vec::new(),
            events: Vec::new(),
        }
    }

    /// The slice of `text` between two char offsets (clamped, never panics).
    pub fn slice(&self, start: usize, end: usize) -> &str {
        slice_chars(&self.text, start, end)
    }

    /// Blocks that are part of `text` (not removed).
    pub fn kept_blocks(&self) -> impl Iterator<Item = &Block> {
        self.blocks.iter().filter(|b| b.kind.is_kept())
    }
}

/// Slice `s` by char offsets `[start, end)`; out-of-range offsets are clamped.
pub fn slice_chars(s: &str, start: usize, end: usize) -> &str {
    let mut it = s
        .char_indices()
        .map(|(i, _)| i)
        .chain(std::iter::once(s.len()));
    let b = it.by_ref().nth(start).unwrap_or(s.len());
    let e = if end > start {
        it.nth(end - start - 1).unwrap_or(s.len())
    } else {
        b
    };
    &s[b..e.max(b)]
}

/// What a block of the article is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BlockKind {
    Paragraph,
    Heading,
    ListItem,
    Quote,
    /// A block that is not the article (related links, trailers, share lines…); see `reason`.
    Removed,
}

impl BlockKind {
    pub fn is_kept(self) -> bool {
        !matches!(self, BlockKind::Removed)
    }
}

/// A block of the source article. Kept blocks have offsets into `Document::text`;
/// removed blocks carry their own `text` and the `reason` they were removed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Block {
    pub kind: BlockKind,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start: Option<usize>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end: Option<usize>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

/// A sentence: a char span of `text`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Sentence {
    pub start: usize,
    pub end: usize,
}

/// The kind of a token.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TokenKind {
    /// An Arabic-script word.
    Word,
    /// A Latin-script (or other non-Arabic) word.
    Latin,
    Number,
    Punct,
    Symbol,
    Url,
    Email,
    Hashtag,
    Mention,
}

/// A token with its char span and, for Arabic words, its clitic segmentation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Token {
    pub text: String,
    pub start: usize,
    pub end: usize,
    pub kind: TokenKind,
    /// Search-normalized form.
    pub norm: String,
    /// Clitic segmentation `proclitics + base + enclitic`, only when the word splits.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub clitics: Option<Clitics>,
    /// Light10 stem (normalized), for Arabic words.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stem: Option<String>,
}

/// A word split into proclitics, a base and an optional pronoun enclitic (normalized forms).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Clitics {
    pub proclitics: Vec<String>,
    pub base: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub enclitic: Option<String>,
}

/// A named-entity mention.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Entity {
    pub text: String,
    pub start: usize,
    pub end: usize,
    /// `PER`, `LOC`, `ORG` or `MISC`.
    #[serde(rename = "type")]
    pub kind_tag: String,
    /// Knowledge-base id (a Wikidata QID where one exists) when linked.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// Canonical English name when linked.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// person, country, city, organisation, government, media, platform…
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    /// Document-local cluster for mentions that corefer (set for linked and unlinked mentions).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cluster: Option<u32>,
}

/// A temporal expression, TIMEX3-style.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TimeExpr {
    pub text: String,
    pub start: usize,
    pub end: usize,
    /// `date`, `time`, `duration` or `set`.
    #[serde(rename = "type")]
    pub kind: String,
    /// ISO 8601 value; `XXXX` for unknown parts.
    pub value: String,
    #[serde(default, rename = "mod", skip_serializing_if = "Option::is_none")]
    pub modifier: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub anchor: Option<String>,
}

/// A span of text with its offsets, used inside quotes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TextSpan {
    pub text: String,
    pub start: usize,
    pub end: usize,
}

/// A reference to a (possibly linked) entity.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EntityRef {
    pub text: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start: Option<usize>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end: Option<usize>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
}

/// A direct or reported quotation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Quote {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub speaker: Option<EntityRef>,
    pub cue: TextSpan,
    pub content: TextSpan,
    pub direct: bool,
    #[serde(default)]
    pub sources: Vec<EntityRef>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub channel: Option<EntityRef>,
    /// Index into `Document::sentences`.
    pub sentence: usize,
}

/// A coded political event (who did what to whom, when).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Event {
    pub code: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<EntityRef>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target: Option<EntityRef>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    pub trigger: TextSpan,
    pub sentence: usize,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slice_chars_clamps_and_counts_chars() {
        let s = "بوتين قال";
        assert_eq!(slice_chars(s, 0, 5), "بوتين");
        assert_eq!(slice_chars(s, 6, 9), "قال");
        assert_eq!(slice_chars(s, 6, 100), "قال");
        assert_eq!(slice_chars(s, 50, 100), "");
        assert_eq!(slice_chars(s, 4, 2), "");
    }

    #[test]
    fn json_round_trip_keeps_schema() {
        let mut d = Document::new("نص");
        d.published = Some("2025-07-03".into());
        let j = serde_json::to_string(&d).unwrap();
        assert!(j.contains("\"schema\":\"naba.document/1\""));
        let back: Document = serde_json::from_str(&j).unwrap();
        assert_eq!(back, d);
    }
}
