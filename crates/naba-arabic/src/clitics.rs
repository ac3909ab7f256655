//! Clitic segmentation: proclitics (و ف ب ل ك س and ال, with their combinations وال، بال، فال،
//! لل، وبال…) and pronoun enclitics (ه ها هم هما هن ك كم كن ي ني نا), without breaking words
//! whose first or last letters only look like clitics (بوتين، واشنطن، ليبيا، فلسطين).
//!
//! Letters alone cannot tell و+قال from واشنطن, so the segmenter asks a word-frequency lexicon
//! built from SaudiNewsNet (`data/lexicon/wordfreq.tsv`, `scripts/build_wordfreq.py`): a split is
//! taken only when the remaining base is itself an attested word, common enough relative to the
//! whole word. Input is a word normalized with [`Profile::SEGMENT`] (ة and ى kept, so سنة is not
//! read as سن+ه).

use std::collections::HashMap;
use std::sync::OnceLock;

/// A word split into clitics and a base (slices of the input).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Segments<'a> {
    pub proclitics: Vec<&'static str>,
    pub base: &'a str,
    pub enclitic: Option<&'a str>,
}

const WORDFREQ: &str = include_str!("../../../data/lexicon/wordfreq.tsv");

struct Lexicon {
    /// Keyed by the `SEGMENT` form.
    segment: HashMap<&'static str, u32>,
    /// Keyed by the `SEARCH` form (ة → ه, ى → ي), counts of the forms that fold together summed.
    search: HashMap<String, u32>,
}

fn lexicon() -> &'static Lexicon {
    static L: OnceLock<Lexicon> = OnceLock::new();
    L.get_or_init(|| {
        let segment: HashMap<&'static str, u32> = WORDFREQ
            .lines()
            .filter(|l| !l.starts_with('#'))
            .filter_map(|l| {
                let (w, c) = l.split_once('\t')?;
                Some((w, c.trim().parse().ok()?))
            })
            .collect();
        let mut search = HashMap::with_capacity(segment.len());
        for (w, &c) in &segment {
            *search
                .entry(crate::normalize(w, &crate::Profile::SEARCH))
                .or_insert(0) += c;
        }
        Lexicon { segment, search }
    })
}

/// How often a word (in its `SEGMENT` form) occurs in the reference corpus.
pub fn frequency(word: &str) -> u32 {
    lexicon().segment.get(word).copied().unwrap_or(0)
}

/// How often a word (in its `SEARCH` form) occurs in the reference corpus.
pub fn frequency_search(word: &str) -> u32 {
    lexicon().search.get(word).copied().unwrap_or(0)
}

/// Function words and names that look segmentable but are not (or are by convention whole),
/// in their `SEGMENT` form.
#[rustfmt::skip]
const WHOLE: &[&str] = &[
    "الله", "اللهم", "الذي", "التي", "الذين", "اللذان", "اللتان", "اللذين", "اللتين", "اللاتي",
    "اللواتي", "الا", "الى", "الي", "على", "لدى", "حتى", "متى", "كما", "كان", "كانت", "كانوا",
    "كانا", "لكن", "لكنه", "لكنها", "بعد", "بين", "ليس", "ليست", "فقط", "كل", "كلا", "كلها", "كله",
    "كيف", "لدي", "فيما", "بينما", "لما", "كذلك", "لذا", "لقد", "فان", "بان", "لان", "لن", "لم",
    "لا", "له", "لها", "لهم", "به", "بها", "بهم", "فيه", "فيها", "فيهم", "منه", "منها", "منهم",
    "عنه", "عنها", "عنهم", "اليه", "اليها", "اليهم", "عليه", "عليها", "عليهم", "لديه", "لديها",
    "لديهم", "ولي", "وليد", "وزير", "وزيرة", "وزارة", "وكالة", "وفد", "وفود", "وطن", "وطني",
    "وطنية", "وقت", "وضع", "وجود", "وسط", "ولاية", "ولايات", "سوريا", "ليبيا", "لبنان", "فلسطين",
    "بوتين", "واشنطن", "بيروت", "بغداد", "باريس", "لندن", "برلين", "بكين", "فرنسا", "فنزويلا",
    "كندا", "كوريا", "كوبا", "بريطانيا", "بلجيكا", "بولندا", "لاتفيا", "ليتوانيا", "سويسرا",
    "فيتنام", "فيينا", "بنغازي", "بنغلاديش", "ليون", "سيول", "سيناء", "سنغافورة", "سلوفاكيا",
    "وارسو", "ولينغتون", "وهران", "كييف", "كابول", "بيونغ", "بنما", "كولومبيا", "ليما", "سيدني",
    "بروكسل", "لاهاي", "لوزان",
];

/// Whether `w` is one of [`WHOLE`], in its `SEGMENT` or its `SEARCH` form.
fn is_whole(w: &str) -> bool {
    static S: OnceLock<std::collections::HashSet<String>> = OnceLock::new();
    S.get_or_init(|| {
        WHOLE
            .iter()
            .flat_map(|w| [w.to_string(), crate::normalize(w, &crate::Profile::SEARCH)])
            .collect()
    })
    .contains(w)
}

/// A word-frequency look-up: [`frequency`] for `SEGMENT` forms, [`frequency_search`] for
/// `SEARCH` forms.
type Freq = fn(&str) -> u32;

const ENCLITICS: [&str; 12] = [
    "هما", "كما", "هم", "هن", "ها", "كم", "كن", "نا", "ني", "ه", "ك", "ي",
];

fn chars(s: &str) -> usize {
    s.chars().count()
}

/// Is `base` attested enough to justify splitting `whole` into clitics + `base`?
fn attested(freq: Freq, base: &str, whole: &str, single_letter_only: bool) -> bool {
    let fb = freq(base) as u64;
    let fw = freq(whole) as u64;
    // A single-letter proclitic on a short base is where names get broken (ب+وتين), so it
    // needs stronger evidence.
    let min = if single_letter_only && chars(base) <= 4 {
        20
    } else {
        5
    };
    fb >= min && fb * 20 >= fw
}

/// How often the corpus writes `word` with a prefix that could not precede it if its first
/// letter were a clitic. Arabic does not stack the article or a second preposition in front
/// of a prepositional proclitic, nor و in front of the conjunction ف: الفيصل، لفيصل، وفيصل
/// say that the ف of فيصل belongs to the word.
fn standalone_evidence(freq: Freq, word: &str) -> u64 {
    let f = |p: &str| freq(&format!("{p}{word}")) as u64;
    let mut evidence = f("ال") + f("ب");
    // ل + لX reads as ل + ال + X (للمدة), which says nothing about لمدة.
    if !word.starts_with('ل') {
        evidence += f("ل");
    }
    if word.starts_with('ف') {
        evidence += f("و");
    }
    evidence
}

/// Is the split of `whole` into proclitics + `base` outweighed by the evidence that `whole`
/// is a word of its own? The frequency ratio alone cannot tell: بشكل and وقال are more
/// frequent than شكل and قال and are splits, فيصل and بشار are names. The evidence has to
/// grow with how common the base is, because a common base makes chance collisions (لولا
/// beside و+لا، بوروسيا beside و+روسيا) likelier: with e = evidence / f(whole) and
/// r = f(base) / f(whole), the word stays whole when e ≥ 0.07·√r, i.e. 200·evidence² ≥
/// f(base)·f(whole). Tuned by reading the changed segmentations of SaudiNewsNet's lexicon.
fn outweighs_split(freq: Freq, evidence: u64, base: &str, whole: &str) -> bool {
    evidence >= 3 && 200 * evidence * evidence >= freq(base) as u64 * freq(whole) as u64
}

/// A candidate analysis: proclitics, the rest after them, whether the article is among them.
struct Candidate<'a> {
    procs: Vec<&'static str>,
    rest: &'a str,
    art: bool,
}

/// Every way to read proclitics off the front of `word`.
fn candidates(word: &str) -> Vec<Candidate<'_>> {
    let mut out = Vec::new();
    for conj in ["", "و", "ف"] {
        let Some(r1) = word.strip_prefix(conj) else {
            continue;
        };
        for prep in ["", "ب", "ل", "ك", "س"] {
            // A protected whole word after the conjunction is not split further (و+كان).
            if !prep.is_empty() && is_whole(r1) {
                break;
            }
            let Some(r2) = r1.strip_prefix(prep) else {
                continue;
            };
            let procs: Vec<&'static str> =
                [conj, prep].into_iter().filter(|p| !p.is_empty()).collect();
            // The article: لل = ل + ال; no article after the future marker.
            let art_rest = match prep {
                "ل" => r2.strip_prefix('ل'),
                "س" => None,
                _ => r2.strip_prefix("ال"),
            };
            if let Some(r3) = art_rest {
                if chars(r3) >= 2 && !is_whole(r2) {
                    let mut p = procs.clone();
                    p.push("ال");
                    out.push(Candidate {
                        procs: p,
                        rest: r3,
                        art: true,
                    });
                }
            }
            // The future marker only before an imperfect verb prefix.
            if prep == "س" && !r2.starts_with(['ي', 'ت', 'ن', 'ا']) {
                continue;
            }
            out.push(Candidate {
                procs,
                rest: r2,
                art: false,
            });
        }
    }
    out
}

/// Segment an Arabic word normalized with [`crate::Profile::SEGMENT`] (ة and ى kept).
pub fn segment(word: &str) -> Segments<'_> {
    segment_by(word, false)
}

/// Segment an Arabic word normalized with [`crate::Profile::SEARCH`] (ة → ه, ى → ي): the
/// lexicon is asked in the same form (the named-entity tagger works on search forms, where
/// [`segment`] would find no برشلونة in وبرشلونه).
pub fn segment_search(word: &str) -> Segments<'_> {
    segment_by(word, true)
}

/// `search`: the input is a `SEARCH` form, looked up in the search-form lexicon; there a final ه
/// may be ة and a final ي may be ى, so those two enclitics are not read off (دوله is دولة, not
/// دول+ه).
fn segment_by(word: &str, search: bool) -> Segments<'_> {
    let freq: Freq = if search { frequency_search } else { frequency };
    let mut best = Segments {
        proclitics: Vec::new(),
        base: word,
        enclitic: None,
    };
    if chars(word) < 3 || is_whole(word) {
        return best;
    }
    let mut best_score = 0u64;
    // Computed only for a word that has a non-article split to question (few do).
    let mut evidence = None;
    for c in candidates(word) {
        // Enclitics only without the article, and never on a protected whole word (و+كان).
        let mut options: Vec<(&str, Option<&str>)> = vec![(c.rest, None)];
        if !c.art && !is_whole(c.rest) {
            for e in ENCLITICS {
                if search && (e == "ه" || e == "ي") {
                    continue;
                }
                if let Some(b) = c.rest.strip_suffix(e) {
                    if chars(b) >= 2 {
                        options.push((b, Some(&c.rest[b.len()..])));
                    }
                }
            }
        }
        for (base, enc) in options {
            if (c.procs.is_empty() && enc.is_none()) || chars(base) < 2 || base == "ال" {
                continue;
            }
            let ok = if c.art {
                // The lexicon is asked for the definite form too: المفاوضات attests مفاوضات.
                freq(base) + freq(&format!("ال{base}")) >= 2 && !(enc.is_some() && chars(base) < 3)
            } else {
                let single = c.procs.len() + usize::from(enc.is_some()) == 1;
                attested(freq, base, word, single && enc.is_none())
            };
            // The article reading is not questioned (الفيصل → ال+فيصل): the evidence prefixes
            // cannot precede ال.
            if !ok
                || (!c.art
                    && !c.procs.is_empty()
                    && outweighs_split(
                        freq,
                        *evidence.get_or_insert_with(|| standalone_evidence(freq, word)),
                        base,
                        word,
                    ))
            {
                continue;
            }
            // The article reading wins when possible; otherwise the most frequent base.
            let score = freq(base) as u64 + 1 + if c.art { 1 << 40 } else { 0 };
            if score > best_score {
                best_score = score;
                best = Segments {
                    proclitics: c.procs.clone(),
                    base,
                    enclitic: enc,
                };
            }
        }
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::normalize::{normalize, Profile};

    fn seg(w: &str) -> String {
        show(&segment(&normalize(w, &Profile::SEGMENT)))
    }

    fn show(s: &Segments) -> String {
        let mut parts: Vec<String> = s.proclitics.iter().map(|p| format!("{p}+")).collect();
        parts.push(s.base.to_string());
        if let Some(e) = s.enclitic {
            parts.push(format!("+{e}"));
        }
        parts.concat()
    }

    #[test]
    fn search_forms_segment_like_segment_forms() {
        let seg = |w: &str| show(&segment_search(&normalize(w, &Profile::SEARCH)));
        for (w, want) in [
            ("وبرشلونة", "و+برشلونه"),
            ("والحكومة", "و+ال+حكومه"),
            ("والدوحة", "و+ال+دوحه"),
            ("وأنقرة", "و+انقره"),
            ("بالمفاوضات", "ب+ال+مفاوضات"),
            ("ولموسكو", "و+ل+موسكو"),
            ("كتابها", "كتاب+ها"),
            ("سنة", "سنه"),
            ("وكالة", "وكاله"),
            ("على", "علي"),
            ("بوتين", "بوتين"),
            ("فيصل", "فيصل"),
        ] {
            assert_eq!(seg(w), want, "{w}");
        }
    }

    #[test]
    fn names_survive() {
        for w in [
            "بوتين",
            "واشنطن",
            "ليبيا",
            "فلسطين",
            "بيروت",
            "لندن",
            "سوريا",
            "كييف",
            "وارسو",
        ] {
            assert_eq!(seg(w), normalize(w, &Profile::SEGMENT), "{w}");
        }
    }

    #[test]
    fn hard_cases() {
        let cases = [
            ("وبالمفاوضات", "و+ب+ال+مفاوضات"),
            ("ولموسكو", "و+ل+موسكو"),
            ("فقال", "ف+قال"),
            ("كتابها", "كتاب+ها"),
            ("بيوتهم", "بيوت+هم"),
            ("وللبنان", "و+ل+لبنان"),
            ("بالرياض", "ب+ال+رياض"),
            ("وبغداد", "و+بغداد"),
            ("والعراق", "و+ال+عراق"),
            ("بإسرائيل", "ب+اسراييل"),
            ("كالعادة", "ك+ال+عادة"),
            ("وكذلك", "و+كذلك"),
            ("والوزير", "و+ال+وزير"),
            ("بالوزارة", "ب+ال+وزارة"),
            ("ولكن", "و+لكن"),
            ("وليبيا", "و+ليبيا"),
            ("ببيروت", "ب+بيروت"),
            ("والإمارات", "و+ال+امارات"),
            ("بالأمس", "ب+ال+امس"),
            // Not clitics: ta marbuta, alef maqsura, first letters of words and names.
            ("وكالة", "وكالة"),
            ("وزير", "وزير"),
            ("وزارة", "وزارة"),
            ("سنة", "سنة"),
            ("ستة", "ستة"),
            ("تسعى", "تسعى"),
            ("بلدية", "بلدية"),
            ("وليد", "وليد"),
            ("فرانس", "فرانس"),
            ("موسكو", "موسكو"),
            ("سيارة", "سيارة"),
            ("وفود", "وفود"),
            // Words whose first letter only looks like a clitic, although the rest is a word
            // too (يصل، شار، ياس…): the corpus writes them after ال، ب، ل or و+ف.
            ("فيصل", "فيصل"),
            ("وفيصل", "و+فيصل"),
            ("بشار", "بشار"),
            ("كريم", "كريم"),
            ("فكرة", "فكرة"),
            ("كامل", "كامل"),
            ("سياسي", "سياسي"),
            ("واحد", "واحد"),
            ("بحث", "بحث"),
            // …while common words after a conjunction stay split despite chance collisions
            // (لولا، الوان، بوروسيا).
            ("ولا", "و+لا"),
            ("وان", "و+ان"),
            ("فقد", "ف+قد"),
            ("وهم", "و+هم"),
            ("وروسيا", "و+روسيا"),
            ("بشكل", "ب+شكل"),
            ("بسبب", "ب+سبب"),
        ];
        let bad: Vec<String> = cases
            .iter()
            .filter(|(w, want)| seg(w) != *want)
            .map(|(w, want)| format!("{w}: got {}, want {want}", seg(w)))
            .collect();
        assert!(bad.is_empty(), "{bad:#?}");
    }

    #[test]
    fn clitics_split() {
        assert_eq!(seg("وقال"), "و+قال");
        assert_eq!(seg("والمفاوضات"), "و+ال+مفاوضات");
        assert_eq!(seg("بالمفاوضات"), "ب+ال+مفاوضات");
        assert_eq!(seg("للمفاوضات"), "ل+ال+مفاوضات");
        assert_eq!(seg("المفاوضات"), "ال+مفاوضات");
        assert_eq!(seg("وبوتين"), "و+بوتين");
        assert_eq!(seg("لموسكو"), "ل+موسكو");
        assert_eq!(seg("وواشنطن"), "و+واشنطن");
        assert_eq!(seg("كتابه"), "كتاب+ه");
        assert_eq!(seg("وسيتحدث"), "و+س+يتحدث");
        assert_eq!(seg("وكان"), "و+كان");
    }

    #[test]
    fn function_words_stay_whole() {
        for w in ["كان", "كما", "الذي", "الله", "بعد", "لكن", "على", "إلى"]
        {
            assert_eq!(seg(w), normalize(w, &Profile::SEGMENT), "{w}");
        }
    }
}
