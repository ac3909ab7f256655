//! Sentence splitting for news text.
//!
//! Breaks after `.` `!` `?` `؟` `…` (and runs of them, with the closing quotes or brackets that
//! follow) and at line breaks; never inside a quotation or bracket pair that closes within the
//! same line, never after an abbreviation (`د.`, `م.`, `U.S.`), and never inside numbers
//! (`3.5`, which the tokenizer keeps whole).

use crate::tokenize::{tokenize, Kind, Tok};

/// Abbreviations (without the dot) after which a `.` does not end a sentence.
const ABBREVIATIONS: &[&str] = &[
    "د", "م", "أ", "ا", "ص", "ج", "ق", "هـ", "ه", "ت", "ش", "ك", "س", "ح", "ع", "ن", "و", "ف", "ب",
    "ر", "ل", "ي", "إ", "خ", "مج", "ط", "مم", "كم", "سم", "ملم", "Mr", "Mrs", "Ms", "Dr", "Prof",
    "St", "Jr", "Sr", "vs", "etc", "Inc", "Ltd", "Co", "Gen", "Col", "Lt", "Sgt", "No", "Jan",
    "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sep", "Sept", "Oct", "Nov", "Dec", "U.S", "U.K",
    "U.N", "e.g", "i.e",
];

fn opens(c: &str) -> Option<&'static str> {
    Some(match c {
        "«" => "»",
        "“" => "”",
        "„" => "“",
        "‹" => "›",
        "(" => ")",
        "[" => "]",
        "\"" => "\"",
        _ => return None,
    })
}

fn is_closer(c: &str) -> bool {
    matches!(c, "»" | "”" | "›" | ")" | "]" | "\"" | "’" | "'")
}

/// Sentence spans as char offsets `[start, end)` into `text`.
pub fn split(text: &str) -> Vec<(usize, usize)> {
    split_tokens(text, &tokenize(text))
}

/// Sentence spans over already-computed tokens of `text`.
pub fn split_tokens(text: &str, toks: &[Tok]) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    if toks.is_empty() {
        return out;
    }
    // Which tokens are inside a quote/bracket pair that closes on the same line.
    let inside = enclosed(text, toks);
    let mut sent_start = 0usize; // token index
    let mut i = 0;
    while i < toks.len() {
        let t = &toks[i];
        // A line break between this token and the next ends the sentence.
        let newline_after = toks
            .get(i + 1)
            .is_some_and(|n| text[t.byte_end..n.byte_start].contains('\n'));
        let mut end_here = newline_after;
        let mut last = i;
        if !end_here
            && t.kind == Kind::Punct
            && t.text(text).chars().all(crate::tokenize::is_terminal)
            && !inside[i]
        {
            let is_abbrev_dot = t.text(text) == "." && i > 0 && {
                let p = &toks[i - 1];
                p.byte_end == t.byte_start
                    && matches!(p.kind, Kind::Word | Kind::Latin)
                    && ABBREVIATIONS.contains(&p.text(text))
            };
            // A `.` followed directly by a letter or digit (no space) is not a sentence end.
            let glued = toks.get(i + 1).is_some_and(|n| {
                n.byte_start == t.byte_end
                    && matches!(n.kind, Kind::Word | Kind::Latin | Kind::Number)
            });
            if !is_abbrev_dot && !glued {
                end_here = true;
                // Swallow closing quotes/brackets right after the mark.
                while last + 1 < toks.len()
                    && toks[last + 1].kind == Kind::Punct
                    && is_closer(toks[last + 1].text(text))
                    && !text[toks[last].byte_end..toks[last + 1].byte_start].contains('\n')
                {
                    last += 1;
                }
            }
        }
        if end_here || last + 1 == toks.len() {
            out.push((toks[sent_start].start, toks[last].end));
            sent_start = last + 1;
            i = last + 1;
        } else {
            i += 1;
        }
    }
    out
}

/// For each token, whether it lies strictly inside a quote or bracket pair closed on its line.
fn enclosed(text: &str, toks: &[Tok]) -> Vec<bool> {
    let mut inside = vec![false; toks.len()];
    let mut line_start = 0;
    for i in 0..=toks.len() {
        let line_ends = i == toks.len()
            || (i > 0 && text[toks[i - 1].byte_end..toks[i].byte_start].contains('\n'));
        if line_ends && i > line_start {
            mark_pairs(text, &toks[line_start..i], &mut inside[line_start..i]);
            line_start = i;
        }
    }
    inside
}

fn mark_pairs(text: &str, toks: &[Tok], inside: &mut [bool]) {
    let mut stack: Vec<(usize, &'static str)> = Vec::new();
    for (i, t) in toks.iter().enumerate() {
        if t.kind != Kind::Punct {
            continue;
        }
        let s = t.text(text);
        if let Some(pos) = stack.iter().rposition(|&(_, close)| close == s) {
            let (open_i, _) = stack[pos];
            stack.truncate(pos);
            for f in &mut inside[open_i + 1..i] {
                *f = true;
            }
        } else if let Some(close) = opens(s) {
            stack.push((i, close));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sents(s: &str) -> Vec<&str> {
        split(s)
            .into_iter()
            .map(|(a, b)| naba_slice(s, a, b))
            .collect()
    }

    fn naba_slice(s: &str, a: usize, b: usize) -> &str {
        let bi = |n: usize| s.char_indices().nth(n).map_or(s.len(), |(i, _)| i);
        &s[bi(a)..bi(b)]
    }

    #[test]
    fn basic_splits() {
        assert_eq!(
            sents("قال الوزير. وأضاف أن الأمر انتهى؟ نعم!"),
            vec!["قال الوزير.", "وأضاف أن الأمر انتهى؟", "نعم!"]
        );
        assert_eq!(sents("سطر أول\nسطر ثان"), vec!["سطر أول", "سطر ثان"]);
    }

    #[test]
    fn no_split_inside_quotes_numbers_abbreviations() {
        assert_eq!(
            sents("قال: «سنفاوض. لن نستسلم». ثم غادر."),
            vec!["قال: «سنفاوض. لن نستسلم».", "ثم غادر."]
        );
        assert_eq!(
            sents("ارتفع 3.5 بالمئة. وهذا جيد."),
            vec!["ارتفع 3.5 بالمئة.", "وهذا جيد."]
        );
        assert_eq!(
            sents("التقى د. محمد بالوزير."),
            vec!["التقى د. محمد بالوزير."]
        );
        assert_eq!(sents("وصل (أ.ف.ب) الوفد."), vec!["وصل (أ.ف.ب) الوفد."]);
        assert_eq!(
            sents("The U.S. envoy left. He said no."),
            vec!["The U.S. envoy left.", "He said no."]
        );
    }

    #[test]
    fn closing_quote_stays_with_sentence() {
        // The opening quote is on another line: the closer still ends with its sentence.
        assert_eq!(
            sents("انتهى الاجتماع.» وغادر الوفد."),
            vec!["انتهى الاجتماع.»", "وغادر الوفد."]
        );
        // A quote closed on the same line is one unit.
        assert_eq!(sents("قال “انتهى.” وغادر."), vec!["قال “انتهى.” وغادر."]);
    }
}
