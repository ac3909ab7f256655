//! JSONL input: one article per line, `{"text", "title", "published", "source", "url", "author"}`.
//! `content`/`body` are accepted for `text`, `date`/`datePublished` for `published`.

use crate::{text, Article, IngestError};
use serde::Deserialize;

#[derive(Deserialize)]
struct Line {
    #[serde(alias = "content", alias = "body")]
    text: Option<String>,
    title: Option<String>,
    #[serde(alias = "date", alias = "datePublished")]
    published: Option<String>,
    source: Option<String>,
    url: Option<String>,
    author: Option<String>,
}

fn nonempty(s: Option<String>) -> Option<String> {
    s.map(|s| s.trim().to_string()).filter(|s| !s.is_empty())
}

/// Parse one JSONL line (1-based `line_no` for messages) into an article.
pub fn parse_line(line: &str, line_no: usize) -> Result<Article, IngestError> {
    let l: Line = serde_json::from_str(line).map_err(|e| IngestError::Json {
        line: line_no,
        message: e.to_string(),
    })?;
    let body = l.text.unwrap_or_default();
    let mut a = text::structure(&body);
    if let Some(t) = nonempty(l.title) {
        a.title = Some(t);
        a.provenance.insert("title".into(), "jsonl".into());
    }
    if let Some(au) = nonempty(l.author) {
        mark_author_lines(&mut a, &au);
        a.author = Some(au);
        a.provenance.insert("author".into(), "jsonl".into());
    }
    a.published = nonempty(l.published);
    a.source = nonempty(l.source);
    a.url = nonempty(l.url);
    Ok(a)
}

/// A line that is only the known author's name is a byline, not article text.
fn mark_author_lines(a: &mut Article, author: &str) {
    let norm = |s: &str| naba_arabic::normalize(s.trim(), &naba_arabic::Profile::SEARCH);
    let au = norm(author);
    for b in &mut a.blocks {
        if b.kind.is_kept() && norm(&b.text) == au {
            b.kind = naba_doc::BlockKind::Removed;
            b.reason = Some("byline".into());
        }
    }
}

/// Does this look like JSONL (first non-blank char is `{`)?
pub fn looks_like_jsonl(head: &str) -> bool {
    head.trim_start_matches('\u{FEFF}')
        .trim_start()
        .starts_with('{')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_fields_and_aliases() {
        let a = parse_line(
            r#"{"content":"نص الخبر.","title":"عنوان","date":"2015-07-21","source":"spa"}"#,
            1,
        )
        .unwrap();
        assert_eq!(a.title.as_deref(), Some("عنوان"));
        assert_eq!(a.published.as_deref(), Some("2015-07-21"));
        assert_eq!(a.blocks.len(), 1);
        assert!(matches!(
            parse_line("{bad", 7),
            Err(IngestError::Json { line: 7, .. })
        ));
    }
}
