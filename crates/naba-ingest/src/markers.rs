//! Lines that sites splice into article bodies and that are not the article: related-article
//! links (`من نفس التصنيف: …`, `شوف كمان: …`, `اقرأ أيضا: …`), trailers (`رابط الخبر`, `تابعونا
//! على …`, share lines), bylines and captions. The markers live in `data/markers.tsv`.

use naba_arabic::{normalize, Profile};
use std::sync::OnceLock;

/// Why a line is not the article.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Reason {
    Related,
    Trailer,
    Byline,
    Caption,
    /// A dateline line (`الرياض - واس`), kept as metadata.
    Dateline,
    /// A line with no letters or digits (`* * *`).
    Separator,
}

impl Reason {
    pub fn as_str(self) -> &'static str {
        match self {
            Reason::Related => "related",
            Reason::Trailer => "trailer",
            Reason::Byline => "byline",
            Reason::Caption => "caption",
            Reason::Dateline => "dateline",
            Reason::Separator => "separator",
        }
    }
    fn parse(s: &str) -> Option<Reason> {
        Some(match s {
            "related" => Reason::Related,
            "trailer" => Reason::Trailer,
            "byline" => Reason::Byline,
            "caption" => Reason::Caption,
            _ => return None,
        })
    }
}

/// A line that matched a marker.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Match {
    pub reason: Reason,
    /// What follows the marker and its separator (the linked title, the author's name…).
    pub rest: String,
    /// The line is only the marker: what it introduces is on the next line.
    pub dangling: bool,
}

struct Marker {
    reason: Reason,
    /// Search-normalized marker words.
    words: Vec<String>,
    /// Matches anywhere in a short line, not only at its start.
    anywhere: bool,
}

const MARKERS_TSV: &str = include_str!("../../../data/markers.tsv");

fn markers() -> &'static [Marker] {
    static M: OnceLock<Vec<Marker>> = OnceLock::new();
    M.get_or_init(|| {
        let mut v: Vec<Marker> = MARKERS_TSV
            .lines()
            .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
            .filter_map(|l| {
                let mut cols = l.split('\t');
                let (r, m) = (cols.next()?, cols.next()?);
                Some(Marker {
                    reason: Reason::parse(r.trim())?,
                    words: words(&normalize(m.trim(), &Profile::SEARCH)),
                    anywhere: cols.next().is_some_and(|f| f.trim() == "anywhere"),
                })
            })
            .filter(|m| !m.words.is_empty())
            .collect();
        // Longest marker first, so `اقرأ المزيد عن` wins over `اقرأ المزيد`.
        v.sort_by_key(|m| std::cmp::Reverse(m.words.len()));
        v
    })
}

/// Markers by their first word (indices into [`markers`], longest marker first).
fn by_first_word() -> &'static std::collections::HashMap<String, Vec<usize>> {
    static M: OnceLock<std::collections::HashMap<String, Vec<usize>>> = OnceLock::new();
    M.get_or_init(|| {
        let mut m: std::collections::HashMap<String, Vec<usize>> = Default::default();
        for (i, mk) in markers().iter().enumerate() {
            m.entry(mk.words[0].clone()).or_default().push(i);
        }
        m
    })
}

fn words(s: &str) -> Vec<String> {
    s.split(|c: char| {
        c.is_whitespace()
            || (c.is_ascii_punctuation() && c != '(')
            || matches!(c, '،' | '؛' | '«' | '»' | '“' | '”')
    })
    .filter(|w| !w.is_empty())
    .map(str::to_string)
    .collect()
}

/// Is the line nothing but a link?
pub fn is_bare_link(line: &str) -> bool {
    let t = line.trim();
    !t.contains(char::is_whitespace)
        && (t.starts_with("http://") || t.starts_with("https://") || t.starts_with("www."))
}

/// Chars that separate a marker from what it introduces.
fn is_separator(c: char) -> bool {
    matches!(
        c,
        ':' | '-' | '–' | '—' | '|' | '»' | '>' | '«' | '،' | '/' | '…' | '.'
    ) || c.is_whitespace()
}

/// Classify one line of text. `None` means the line is (as far as markers go) article text.
pub fn classify(line: &str) -> Option<Match> {
    let trimmed = line
        .trim_start_matches(|c: char| {
            c.is_whitespace() || matches!(c, '-' | '*' | '•' | '·' | '►' | '▪' | '◄' | '>' | '|')
        })
        .trim_end();
    if trimmed.is_empty() {
        return None;
    }
    let norm = normalize(trimmed, &Profile::SEARCH);
    let line_words = words(&norm);
    let n_words = line_words.len();
    let first = line_words.first()?;
    let all = markers();
    // Markers that may stand anywhere in a short line, glued to what precedes them too
    // (`name@mail.comللتواصل مع الكاتب`); they are few, so they are checked one by one.
    if n_words <= 40 {
        if let Some(m) = all
            .iter()
            .find(|m| m.anywhere && norm.contains(&m.words.join(" ")))
        {
            return Some(Match {
                reason: m.reason,
                rest: String::new(),
                dangling: false,
            });
        }
    }
    let candidates = by_first_word()
        .get(first.as_str())
        .map_or(&[][..], Vec::as_slice);
    for m in candidates.iter().map(|&i| &all[i]) {
        let k = m.words.len();
        if m.anywhere {
            continue;
        }
        if n_words < k || line_words[..k] != m.words[..] {
            continue;
        }
        // What follows the marker in the original line.
        let rest = rest_after_words(trimmed, k);
        let sep = rest.chars().next();
        let rest_clean = rest
            .trim_start_matches(|c: char| is_separator(c) || c.is_whitespace())
            .trim()
            .to_string();
        let has_sep = sep.is_some_and(|c| c != ' ')
            || rest
                .trim_start()
                .starts_with(|c: char| is_separator(c) && !c.is_whitespace());
        let dangling = rest_clean.is_empty();
        let ok = match m.reason {
            // Multi-word related markers are specific enough on their own in a short line;
            // one-word markers need a separator or to stand alone.
            Reason::Related => n_words <= 40 && (dangling || has_sep || k >= 2),
            Reason::Trailer => n_words <= 30 && (dangling || has_sep || k >= 2),
            // `كتب الرئيس رسالة` is a sentence; `كتب: أحمد علي` is a byline.
            Reason::Byline => n_words <= 10 && has_sep && !dangling,
            // `الصورة من هذه الزاوية…` is prose; `الصورة: …` and `(صورة أرشيفية)` are captions.
            Reason::Caption => {
                n_words <= 30 && (has_sep || dangling || m.words[0].starts_with('('))
            }
            Reason::Dateline | Reason::Separator => false,
        };
        if ok {
            return Some(Match {
                reason: m.reason,
                rest: rest_clean,
                dangling,
            });
        }
    }
    None
}

/// The part of `line` after its first `k` words (words as [`words`] splits them).
fn rest_after_words(line: &str, k: usize) -> &str {
    let mut seen = 0;
    let mut in_word = false;
    for (i, c) in line.char_indices() {
        let is_word_char = !(c.is_whitespace()
            || (c.is_ascii_punctuation() && c != '(')
            || matches!(c, '،' | '؛' | '«' | '»' | '“' | '”'));
        if is_word_char && !in_word {
            if seen == k {
                return &line[i..];
            }
            seen += 1;
        }
        in_word = is_word_char;
        if !is_word_char && seen == k {
            return &line[i..];
        }
    }
    ""
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reason(l: &str) -> Option<&'static str> {
        classify(l).map(|m| m.reason.as_str())
    }

    #[test]
    fn related_lines() {
        assert_eq!(
            reason("من نفس التصنيف: إيران تعلن عن حالة محطة فوردو النووية"),
            Some("related")
        );
        assert_eq!(
            reason("شوف كمان: القوات الأمريكية تدعم التصدي للهجوم"),
            Some("related")
        );
        assert_eq!(reason("اقرأ أيضاً: الرئيس يصل إلى الرياض"), Some("related"));
        assert_eq!(reason("إقرأ المزيد"), Some("related"));
        assert_eq!(reason("- طالع أيضا | خبر آخر"), Some("related"));
        assert_eq!(reason("للمزيد: اضغط هنا"), Some("related"));
        let m = classify("اقرأ أيضا:").unwrap();
        assert!(m.dangling);
    }

    #[test]
    fn trailers_and_bylines() {
        assert_eq!(
            reason("رابط الخبر : http://www.spa.gov.sa/123"),
            Some("trailer")
        );
        assert_eq!(reason("تابعونا على تويتر"), Some("trailer"));
        let m = classify("كتب: أحمد علي").unwrap();
        assert_eq!(m.reason, Reason::Byline);
        assert_eq!(m.rest, "أحمد علي");
    }

    #[test]
    fn corpus_trailers() {
        assert_eq!(reason("...المزيد"), Some("related"));
        assert_eq!(reason("// انتهى"), Some("trailer"));
        assert_eq!(reason("//انتهى//"), Some("trailer"));
        assert_eq!(reason("Next Previous"), Some("trailer"));
        assert_eq!(
            reason("a.b@yahoo.comللتواصل مع الكاتب ارسل رسالة SMS تبدأ بالرمز (3) ثم مسافة"),
            Some("trailer")
        );
        assert_eq!(reason("الصورة: الوزير خلال الاجتماع"), Some("caption"));
    }

    #[test]
    fn article_sentences_are_kept() {
        assert_eq!(
            reason("الصورة من هذه الزاوية تبدو معقولة كمنطق سياسي متجرد"),
            None
        );
        assert_eq!(reason("انتهى الاجتماع بعد ساعتين من النقاش."), None);
        assert_eq!(reason("المزيد من الضحايا سقطوا أمس."), None);
        assert_eq!(
            reason("كتب الرئيس رسالة إلى نظيره الأمريكي يدعوه فيها إلى الحوار."),
            None
        );
        assert_eq!(reason("للمزيد من التفاصيل حول الاتفاق، قال الوزير إن الحكومة ستعلن الخطة غدا في مؤتمر صحفي يعقد في العاصمة بحضور عدد كبير من المسؤولين والسفراء والصحفيين من مختلف الدول العربية والأجنبية الذين وصلوا للمشاركة"), None);
        assert_eq!(
            reason("وأعلن الكرملين، اليوم الخميس، أن الرئيس بوتين أبلغ ترامب"),
            None
        );
        assert_eq!(reason("اتصال هاتفي بين ترامب وبوتين"), None);
    }
}
