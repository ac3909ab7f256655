//! The analysis pipeline: one `Document` through a fixed sequence of stages. Each stage reads
//! the layers before it and adds its own; none rewrites the text.

use naba_arabic::{tokenize, Kind, Profile};
use naba_doc::{Document, Sentence, Token, TokenKind};

/// Options that change what the pipeline outputs.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Include the `tokens` layer in the output.
    pub tokens: bool,
    /// Skip the temporal stage (for benchmarking it).
    pub no_times: bool,
}

/// A passage of plain text as `naba analyze` reads it (structure recovered, publication date
/// set), ready for [`Pipeline::run`]: how the gold-set scorers (`eval quotes`, `eval link`) see
/// their passages.
pub fn plain_document(text: &str, published: Option<&str>) -> Document {
    let mut art = naba_ingest::text::structure(text);
    art.published = published.map(str::to_string);
    art.into_document()
}

/// Shared, immutable analysis state (models and lexicons are loaded once and shared across
/// threads).
pub struct Pipeline {
    pub options: Options,
    /// The NER model (embedded, loaded once and shared); `None` if it failed to load.
    ner: Option<std::sync::Arc<naba_ner::Model>>,
}

impl Pipeline {
    pub fn new(options: Options) -> Self {
        let ner = match naba_ner::model::embedded() {
            Ok(m) => Some(m),
            Err(e) => {
                eprintln!("naba: entities disabled: {e}");
                None
            }
        };
        Pipeline { options, ner }
    }

    /// Run every stage on `doc`.
    pub fn run(&self, doc: &mut Document) {
        let toks = tokenize(&doc.text);
        doc.sentences = naba_arabic::sentences::split_tokens(&doc.text, &toks)
            .into_iter()
            .map(|(start, end)| Sentence { start, end })
            .collect();
        if let Some(model) = &self.ner {
            let spans: Vec<(usize, usize)> =
                doc.sentences.iter().map(|s| (s.start, s.end)).collect();
            doc.entities = naba_ner::link::entities(
                model,
                naba_ner::kb::Kb::embedded(),
                &doc.text,
                &toks,
                &spans,
                doc.published.as_deref(),
            );
        }
        if !self.options.no_times {
            doc.times = naba_time::extract_with_tokens(&doc.text, &toks, doc.published.as_deref());
        }
        if self.options.tokens {
            doc.tokens = Some(toks.iter().map(|t| token_json(&doc.text, t)).collect());
        }
        // Quotes read sentences and entities: keep this stage after them.
        doc.quotes = naba_quotes::extract_with_tokens(doc, &toks);
        doc.dateline = naba_quotes::dateline(doc);
    }
}

pub fn token_kind(k: Kind) -> TokenKind {
    match k {
        Kind::Word => TokenKind::Word,
        Kind::Latin => TokenKind::Latin,
        Kind::Number => TokenKind::Number,
        Kind::Punct => TokenKind::Punct,
        Kind::Symbol => TokenKind::Symbol,
        Kind::Url => TokenKind::Url,
        Kind::Email => TokenKind::Email,
        Kind::Hashtag => TokenKind::Hashtag,
        Kind::Mention => TokenKind::Mention,
    }
}

/// The JSON form of a token, with clitics and stem for Arabic words.
pub fn token_json(text: &str, t: &naba_arabic::Tok) -> Token {
    let s = t.text(text);
    let norm = naba_arabic::normalize(s, &Profile::SEARCH);
    let (clitics, stem) = if t.kind == Kind::Word {
        let seg_form = naba_arabic::normalize(s, &Profile::SEGMENT);
        let seg = naba_arabic::clitics::segment(&seg_form);
        let clitics =
            (!seg.proclitics.is_empty() || seg.enclitic.is_some()).then(|| naba_doc::Clitics {
                proclitics: seg.proclitics.iter().map(|p| p.to_string()).collect(),
                base: seg.base.to_string(),
                enclitic: seg.enclitic.map(str::to_string),
            });
        (
            clitics,
            Some(naba_arabic::stem_normalized(&norm).to_string()),
        )
    } else {
        (None, None)
    };
    Token {
        text: s.to_string(),
        start: t.start,
        end: t.end,
        kind: token_kind(t.kind),
        norm,
        clitics,
        stem,
    }
}
