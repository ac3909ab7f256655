//! Tokens of a document with their normalized forms, sentence ranges and quotation pairs.

use naba_arabic::normalize::normalize_into;
use naba_arabic::{Kind, Profile, Tok};
use naba_doc::{Sentence, TextSpan};

pub struct Tk {
    pub start: usize,
    pub end: usize,
    /// Byte offsets in the text (spans are sliced by them, not by walking the chars).
    pub byte_start: usize,
    pub byte_end: usize,
    pub kind: Kind,
    pub text: String,
    pub norm: String,
}

pub struct Toks<'a> {
    text: &'a str,
    toks: Vec<Tk>,
    /// Token ranges of each sentence.
    sentences: Vec<(usize, usize)>,
    /// Char offset of each line break, for paragraph-bounded quote pairing.
    breaks: Vec<usize>,
}

impl<'a> Toks<'a> {
    /// Build from the tokens of `text` (as `naba_arabic::tokenize` gives them).
    pub fn new(text: &'a str, tokens: &[Tok], sentences: &[Sentence]) -> Self {
        let mut toks = Vec::with_capacity(tokens.len());
        let mut buf = String::new();
        for t in tokens {
            let s = t.text(text);
            normalize_into(s, &Profile::SEARCH, &mut buf);
            toks.push(Tk {
                start: t.start,
                end: t.end,
                byte_start: t.byte_start,
                byte_end: t.byte_end,
                kind: t.kind,
                text: s.to_string(),
                norm: buf.clone(),
            });
        }
        // Sentences as token ranges; without a sentence layer, the whole text is one.
        let mut ranges = Vec::new();
        if sentences.is_empty() {
            ranges.push((0, toks.len()));
        } else {
            let mut k = 0;
            for s in sentences {
                while k < toks.len() && toks[k].end <= s.start {
                    k += 1;
                }
                let a = k;
                while k < toks.len() && toks[k].start < s.end {
                    k += 1;
                }
                ranges.push((a, k));
            }
        }
        let breaks = text
            .chars()
            .enumerate()
            .filter(|&(_, c)| c == '\n')
            .map(|(i, _)| i)
            .collect();
        Toks {
            text,
            toks,
            sentences: ranges,
            breaks,
        }
    }
    pub fn len(&self) -> usize {
        self.toks.len()
    }
    pub fn get(&self, i: usize) -> &Tk {
        &self.toks[i]
    }
    pub fn text(&self, i: usize) -> &str {
        self.toks.get(i).map_or("", |t| t.text.as_str())
    }
    pub fn norm(&self, i: usize) -> &str {
        self.toks.get(i).map_or("", |t| t.norm.as_str())
    }
    pub fn sentence_count(&self) -> usize {
        self.sentences.len()
    }
    pub fn sentence_tokens(&self, s: usize) -> (usize, usize) {
        self.sentences[s]
    }
    /// The text span of tokens `[a, b)`.
    pub fn span(&self, a: usize, b: usize) -> TextSpan {
        if a >= b || a >= self.toks.len() {
            let p = self.toks.get(a).map_or(0, |t| t.start);
            return TextSpan {
                text: String::new(),
                start: p,
                end: p,
            };
        }
        let (first, last) = (&self.toks[a], &self.toks[b.min(self.toks.len()) - 1]);
        let (s, e) = (first.start, last.end);
        let bytes = first.byte_start..last.byte_end.max(first.byte_start);
        TextSpan {
            text: self.text.get(bytes).unwrap_or_default().to_string(),
            start: s,
            end: e,
        }
    }
    /// The first token starting at or after char offset `pos`.
    pub fn first_token_after(&self, pos: usize) -> usize {
        self.toks.partition_point(|t| t.start < pos)
    }
    fn paragraph_of(&self, i: usize) -> usize {
        let p = self.toks[i].start;
        self.breaks.partition_point(|&b| b < p)
    }

    /// Pair quotation marks within each paragraph. « » and ‹ › nest; the “ ” " „ family is
    /// read as alternating open/close, since news mixes them freely (`و”تاس”`).
    pub fn quote_pairs(&self) -> QuotePairs {
        let mut pairs = Vec::new();
        let mut stack: Vec<(usize, QuoteClass)> = Vec::new();
        let mut para = usize::MAX;
        for i in 0..self.toks.len() {
            let p = self.paragraph_of(i);
            if p != para {
                stack.clear();
                para = p;
            }
            let Some(class) = quote_class(self.text(i)) else {
                continue;
            };
            let t = self.text(i);
            match class {
                QuoteClass::Guillemet | QuoteClass::Single => {
                    let opening = matches!(t, "«" | "‹");
                    if opening {
                        stack.push((i, class));
                    } else if let Some(pos) = stack.iter().rposition(|&(_, c)| c == class) {
                        let (o, _) = stack[pos];
                        stack.truncate(pos);
                        pairs.push((o, i));
                    }
                }
                QuoteClass::Curly => {
                    if let Some(pos) = stack.iter().rposition(|&(_, c)| c == QuoteClass::Curly) {
                        let (o, _) = stack[pos];
                        stack.truncate(pos);
                        pairs.push((o, i));
                    } else {
                        stack.push((i, class));
                    }
                }
            }
        }
        pairs.sort();
        let mut inside = vec![false; self.toks.len()];
        for &(o, c) in &pairs {
            for f in &mut inside[o + 1..c] {
                *f = true;
            }
        }
        QuotePairs { pairs, inside }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum QuoteClass {
    Guillemet,
    Single,
    Curly,
}

fn quote_class(t: &str) -> Option<QuoteClass> {
    match t {
        "«" | "»" => Some(QuoteClass::Guillemet),
        "‹" | "›" => Some(QuoteClass::Single),
        "“" | "”" | "\"" | "„" => Some(QuoteClass::Curly),
        _ => None,
    }
}

pub struct QuotePairs {
    /// (opening token, closing token), sorted by opening.
    pub pairs: Vec<(usize, usize)>,
    inside: Vec<bool>,
}

impl QuotePairs {
    /// The closing token of a quotation opened at token `i`.
    pub fn closing_of(&self, i: usize) -> Option<usize> {
        self.pairs.iter().find(|&&(o, _)| o == i).map(|&(_, c)| c)
    }
    /// Is token `i` strictly inside some quotation?
    pub fn inside(&self, i: usize) -> bool {
        self.inside.get(i).copied().unwrap_or(false)
    }
}
