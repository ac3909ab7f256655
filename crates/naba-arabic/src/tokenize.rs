//! A news tokenizer for Arabic and mixed Arabic/Latin text.
//!
//! One pass over the chars, no allocation per token: a [`Tok`] is offsets and a kind. Every
//! token carries both char offsets (the document's unit) and byte offsets (for cheap slicing).

/// The kind of a token (mirrors `naba_doc::TokenKind`, kept dependency-free here).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Kind {
    Word,
    Latin,
    Number,
    Punct,
    Symbol,
    Url,
    Email,
    Hashtag,
    Mention,
}

/// A token: char offsets `[start, end)` and byte offsets `[byte_start, byte_end)`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Tok {
    pub start: usize,
    pub end: usize,
    pub byte_start: usize,
    pub byte_end: usize,
    pub kind: Kind,
}

impl Tok {
    pub fn text<'a>(&self, src: &'a str) -> &'a str {
        &src[self.byte_start..self.byte_end]
    }
}

/// Letters of the Arabic script (base letters and presentation forms, not marks).
#[inline]
pub fn is_arabic_letter(c: char) -> bool {
    matches!(c,
        '\u{0620}'..='\u{063F}'
        | '\u{0641}'..='\u{064A}'
        | '\u{066E}'..='\u{066F}'
        | '\u{0671}'..='\u{06D3}'
        | '\u{06D5}'
        | '\u{06EE}'..='\u{06EF}'
        | '\u{06FA}'..='\u{06FF}'
        | '\u{0750}'..='\u{077F}'
        | '\u{08A0}'..='\u{08C9}'
        | '\u{FB50}'..='\u{FDFB}'
        | '\u{FE70}'..='\u{FEFC}')
}

/// Chars that may continue an Arabic word: letters, tashkeel, tatweel, ZWNJ.
#[inline]
fn is_arabic_word_char(c: char) -> bool {
    is_arabic_letter(c) || crate::normalize::is_diacritic(c) || c == '\u{0640}' || c == '\u{200C}'
}

/// ASCII, Arabic-Indic and Persian digits.
#[inline]
pub fn is_digit(c: char) -> bool {
    c.is_ascii_digit() || matches!(c, '٠'..='٩' | '۰'..='۹')
}

#[inline]
fn is_latin_letter(c: char) -> bool {
    c.is_alphabetic() && !is_arabic_letter(c)
}

/// Punctuation that ends a sentence.
#[inline]
pub fn is_terminal(c: char) -> bool {
    matches!(c, '.' | '!' | '?' | '؟' | '…' | '۔')
}

#[inline]
fn is_punct(c: char) -> bool {
    matches!(
        c,
        '.' | ','
            | ';'
            | ':'
            | '!'
            | '?'
            | '('
            | ')'
            | '['
            | ']'
            | '{'
            | '}'
            | '"'
            | '\''
            | '-'
            | '/'
            | '\\'
            | '،'
            | '؛'
            | '؟'
            | '«'
            | '»'
            | '“'
            | '”'
            | '„'
            | '‘'
            | '’'
            | '‹'
            | '›'
            | '…'
            | '–'
            | '—'
            | '―'
            | '۔'
            | '٭'
            | '•'
            | '·'
            | '*'
            | '_'
    )
}

/// Chars that end a URL or e-mail scan.
#[inline]
fn ends_link(c: char) -> bool {
    c.is_whitespace()
        || matches!(
            c,
            '"' | '«' | '»' | '“' | '”' | '<' | '>' | '،' | '\u{200F}'
        )
}

struct Cursor<'a> {
    s: &'a str,
    /// byte position
    b: usize,
    /// char position
    c: usize,
}

impl<'a> Cursor<'a> {
    #[inline]
    fn peek(&self) -> Option<char> {
        self.s[self.b..].chars().next()
    }
    #[inline]
    fn peek2(&self) -> Option<char> {
        let mut it = self.s[self.b..].chars();
        it.next();
        it.next()
    }
    #[inline]
    fn bump(&mut self, ch: char) {
        self.b += ch.len_utf8();
        self.c += 1;
    }
    fn eat_while(&mut self, f: impl Fn(char) -> bool) {
        while let Some(ch) = self.peek() {
            if !f(ch) {
                break;
            }
            self.bump(ch);
        }
    }
    fn rest(&self) -> &'a str {
        &self.s[self.b..]
    }
}

/// Tokenize `text`.
pub fn tokenize(text: &str) -> Vec<Tok> {
    let mut out = Vec::with_capacity(text.len() / 6 + 1);
    tokenize_with(text, |t| out.push(t));
    out
}

/// Tokenize `text`, handing each token to `f` (no intermediate vector).
pub fn tokenize_with(text: &str, mut f: impl FnMut(Tok)) {
    let mut cur = Cursor {
        s: text,
        b: 0,
        c: 0,
    };
    while let Some(ch) = cur.peek() {
        let (bs, cs) = (cur.b, cur.c);
        let kind = if ch.is_whitespace() || crate::normalize::is_invisible(ch) {
            cur.bump(ch);
            continue;
        } else if is_arabic_word_char(ch) {
            cur.eat_while(is_arabic_word_char);
            Kind::Word
        } else if is_digit(ch) {
            scan_number(&mut cur);
            Kind::Number
        } else if (ch == '#' || ch == '@') && cur.peek2().is_some_and(|n| n.is_alphanumeric()) {
            cur.bump(ch);
            if ch == '#' {
                cur.eat_while(|c| c.is_alphanumeric() || c == '_' || is_arabic_word_char(c));
                Kind::Hashtag
            } else {
                cur.eat_while(|c| c.is_alphanumeric() || c == '_' || c == '.');
                trim_trailing(&mut cur, bs, |c| c == '.');
                Kind::Mention
            }
        } else if let Some(k) = scan_link(&mut cur) {
            k
        } else if is_latin_letter(ch) {
            scan_latin(&mut cur);
            Kind::Latin
        } else if is_punct(ch) {
            cur.bump(ch);
            // Runs of the same mark ("...", "؟؟", "!!") are one token.
            if matches!(ch, '.' | '!' | '?' | '؟' | '-' | '—') {
                cur.eat_while(|c| c == ch);
            }
            Kind::Punct
        } else {
            cur.bump(ch);
            Kind::Symbol
        };
        f(Tok {
            start: cs,
            end: cur.c,
            byte_start: bs,
            byte_end: cur.b,
            kind,
        });
    }
}

/// Digits with inner separators (`14:00`, `2025/7/3`, `3.5`, `1,000`, `٣٫٥`) and a trailing `%`.
fn scan_number(cur: &mut Cursor) {
    cur.eat_while(is_digit);
    loop {
        match (cur.peek(), cur.peek2()) {
            (Some(sep @ ('.' | ',' | ':' | '/' | '٫' | '٬' | '-')), Some(d)) if is_digit(d) => {
                cur.bump(sep);
                cur.eat_while(is_digit);
            }
            _ => break,
        }
    }
    if let Some(p @ ('%' | '٪')) = cur.peek() {
        cur.bump(p);
    }
}

/// Latin words keep inner apostrophes, hyphens and dots between letters (`U.S`, `e-mail`, `it's`).
fn scan_latin(cur: &mut Cursor) {
    cur.eat_while(|c| is_latin_letter(c) || c.is_ascii_digit());
    loop {
        match (cur.peek(), cur.peek2()) {
            (Some(sep @ ('\'' | '’' | '-' | '.' | '&')), Some(n)) if is_latin_letter(n) => {
                cur.bump(sep);
                cur.eat_while(|c| is_latin_letter(c) || c.is_ascii_digit());
            }
            _ => break,
        }
    }
}

fn trim_trailing(cur: &mut Cursor, start_b: usize, f: impl Fn(char) -> bool) {
    while let Some(last) = cur.s[start_b..cur.b].chars().next_back() {
        if !f(last) {
            break;
        }
        cur.b -= last.len_utf8();
        cur.c -= 1;
    }
}

/// URLs (`http://`, `https://`, `www.`) and e-mail addresses.
fn scan_link(cur: &mut Cursor) -> Option<Kind> {
    let rest = cur.rest();
    let starts_url = rest.len() > 7
        && (rest
            .get(..7)
            .is_some_and(|p| p.eq_ignore_ascii_case("http://"))
            || rest
                .get(..8)
                .is_some_and(|p| p.eq_ignore_ascii_case("https://"))
            || rest
                .get(..4)
                .is_some_and(|p| p.eq_ignore_ascii_case("www.")));
    let start_b = cur.b;
    if starts_url {
        cur.eat_while(|c| !ends_link(c));
        trim_trailing(cur, start_b, |c| {
            matches!(
                c,
                '.' | ',' | ';' | ':' | '!' | '?' | ')' | ']' | '\'' | '؟' | '،' | '؛'
            )
        });
        return Some(Kind::Url);
    }
    // e-mail: local@domain.tld, all ASCII
    let first = rest.chars().next()?;
    if !first.is_ascii_alphanumeric() {
        return None;
    }
    let chunk_len = rest
        .find(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-' | '+' | '@')))
        .unwrap_or(rest.len());
    let chunk = rest[..chunk_len].trim_end_matches('.');
    let at = chunk.find('@')?;
    let domain = &chunk[at + 1..];
    if at == 0 || !domain.contains('.') || domain.starts_with('.') || domain.contains('@') {
        return None;
    }
    // chunk is ASCII: bytes == chars
    cur.b += chunk.len();
    cur.c += chunk.len();
    Some(Kind::Email)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn toks(s: &str) -> Vec<(&str, Kind)> {
        tokenize(s).iter().map(|t| (t.text(s), t.kind)).collect()
    }

    #[test]
    fn arabic_words_and_punctuation() {
        assert_eq!(
            toks("قال بوتين، اليوم: «نعم»؟"),
            vec![
                ("قال", Kind::Word),
                ("بوتين", Kind::Word),
                ("،", Kind::Punct),
                ("اليوم", Kind::Word),
                (":", Kind::Punct),
                ("«", Kind::Punct),
                ("نعم", Kind::Word),
                ("»", Kind::Punct),
                ("؟", Kind::Punct),
            ]
        );
    }

    #[test]
    fn numbers() {
        for n in [
            "14:00", "2025/7/3", "١٤", "3.5", "50%", "1,000", "٣٫٥", "۲۰۲۵",
        ] {
            assert_eq!(toks(n), vec![(n, Kind::Number)], "{n}");
        }
        assert_eq!(
            toks("في 3."),
            vec![("في", Kind::Word), ("3", Kind::Number), (".", Kind::Punct)]
        );
        assert_eq!(
            toks("الـ24"),
            vec![("الـ", Kind::Word), ("24", Kind::Number)]
        );
    }

    #[test]
    fn links_tags_and_latin() {
        assert_eq!(
            toks("زوروا https://example.com/a?b=1. أو www.spa.gov.sa"),
            vec![
                ("زوروا", Kind::Word),
                ("https://example.com/a?b=1", Kind::Url),
                (".", Kind::Punct),
                ("أو", Kind::Word),
                ("www.spa.gov.sa", Kind::Url),
            ]
        );
        assert_eq!(
            toks("راسلونا news@naba.org #السعودية_تنتصر @SPAregions U.S. CNN"),
            vec![
                ("راسلونا", Kind::Word),
                ("news@naba.org", Kind::Email),
                ("#السعودية_تنتصر", Kind::Hashtag),
                ("@SPAregions", Kind::Mention),
                ("U.S", Kind::Latin),
                (".", Kind::Punct),
                ("CNN", Kind::Latin),
            ]
        );
    }

    #[test]
    fn diacritics_and_tatweel_stay_inside_words() {
        assert_eq!(
            toks("صباحًا الـــرياض"),
            vec![("صباحًا", Kind::Word), ("الـــرياض", Kind::Word)]
        );
    }

    #[test]
    fn offsets_are_chars() {
        let s = "أ ب 12";
        let t = tokenize(s);
        assert_eq!((t[2].start, t[2].end), (4, 6));
        assert_eq!((t[2].byte_start, t[2].byte_end), (6, 8));
    }
}
