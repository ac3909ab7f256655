//! The Arabic analyzer for the search index, built from naba's own tokenizer, `SEARCH`
//! normalization and light10 stemmer: `والمفاوضات`, `المفاوضات` and `مفاوضات` index as one term.

use naba_arabic::{Kind, Profile};
use tantivy::tokenizer::{TextAnalyzer, Token, TokenStream, Tokenizer};

/// The name the analyzer is registered under in the index.
pub const NAME: &str = "naba_ar";

/// Longest token indexed, in chars (longer ones are junk: base64, glued URLs…).
const MAX_TOKEN_CHARS: usize = 64;

/// One search term for a word: normalized, and stemmed for Arabic words. `None` for tokens
/// that are not searchable (punctuation, URLs, over-long runs).
pub fn term_for(word: &str, kind: Kind) -> Option<String> {
    let w = match kind {
        Kind::Word | Kind::Latin | Kind::Number => word,
        Kind::Hashtag => word.trim_start_matches('#'),
        _ => return None,
    };
    if w.is_empty() || w.chars().count() > MAX_TOKEN_CHARS {
        return None;
    }
    let norm = naba_arabic::normalize(w, &Profile::SEARCH);
    if norm.is_empty() {
        return None;
    }
    let arabic = matches!(kind, Kind::Word | Kind::Hashtag)
        && norm.chars().any(naba_arabic::tokenize::is_arabic_letter);
    Some(if arabic {
        naba_arabic::stem_normalized(&norm).to_string()
    } else {
        norm
    })
}

/// The search terms of a text, in order, with byte offsets.
pub fn terms(text: &str) -> Vec<Token> {
    let mut out = Vec::new();
    naba_arabic::tokenize_with(text, |t| {
        if let Some(term) = term_for(t.text(text), t.kind) {
            out.push(Token {
                offset_from: t.byte_start,
                offset_to: t.byte_end,
                position: out.len(),
                text: term,
                position_length: 1,
            });
        }
    });
    out
}

/// The tantivy tokenizer.
#[derive(Clone, Default)]
pub struct NabaTokenizer;

pub struct NabaTokenStream {
    tokens: Vec<Token>,
    next: usize,
}

impl Tokenizer for NabaTokenizer {
    type TokenStream<'a> = NabaTokenStream;
    fn token_stream<'a>(&'a mut self, text: &'a str) -> NabaTokenStream {
        NabaTokenStream {
            tokens: terms(text),
            next: 0,
        }
    }
}

impl TokenStream for NabaTokenStream {
    fn advance(&mut self) -> bool {
        if self.next < self.tokens.len() {
            self.next += 1;
            true
        } else {
            false
        }
    }
    fn token(&self) -> &Token {
        &self.tokens[self.next - 1]
    }
    fn token_mut(&mut self) -> &mut Token {
        &mut self.tokens[self.next - 1]
    }
}

pub fn analyzer() -> TextAnalyzer {
    TextAnalyzer::builder(NabaTokenizer).build()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(s: &str) -> Vec<String> {
        terms(s).into_iter().map(|t| t.text).collect()
    }

    #[test]
    fn clitic_variants_share_a_term() {
        let a = t("مفاوضات");
        assert_eq!(a.len(), 1);
        assert_eq!(t("والمفاوضات"), a);
        assert_eq!(t("المفاوضات"), a);
    }

    #[test]
    fn offsets_are_bytes_of_the_source() {
        let s = "قال: الوزيرُ Hello 2025!";
        for tok in terms(s) {
            assert!(s.is_char_boundary(tok.offset_from) && s.is_char_boundary(tok.offset_to));
        }
        assert_eq!(t("Hello WORLD"), vec!["hello", "world"]);
    }

    #[test]
    fn punctuation_and_urls_are_not_terms() {
        assert!(t("، . ! https://example.com/x").is_empty());
    }
}
