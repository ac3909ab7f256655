//! Titles of works and venues in quotation marks: برنامج « حوار من القلب »، مسلسل " قلب الدنيا "،
//! رواية « أولاد حارتنا »، على استاد " سانتياغو برنابيو ". ANERcorp tags such titles MISC, but
//! its training part has too few of them (and tags a third of its series titles O) for the
//! perceptron to learn the pattern: the title's words are ordinary words (الناس وأنا، حكايات)
//! and the cue stands two or three tokens before them, outside the feature window. So the
//! pattern is written down here: a quoted span of at most [`MAX_LEN`] tokens right after a
//! work noun (برنامج، مسلسل، فيلم، رواية، كتاب، مسرحية، أغنية، ألبوم، ديوان، قصيدة) or a
//! stadium noun (استاد، ملعب), optionally with up to two bridge words between them (بعنوان،
//! جديد، التلفزيوني…), is a MISC name. [`crate::Model::tag_doc`] applies it.

use naba_arabic::{normalize, Profile};
use std::collections::HashSet;
use std::sync::OnceLock;

/// Longest title, in tokens between the quotation marks.
pub const MAX_LEN: usize = 6;

/// Nouns after which a quoted span names a work (SEARCH-normalized at first use).
const WORKS: &[&str] = &[
    "برنامج",
    "مسلسل",
    "فيلم",
    "رواية",
    "كتاب",
    "مسرحية",
    "أغنية",
    "ألبوم",
    "ديوان",
    "قصيدة",
    "كليب",
    "أوبريت",
];

/// Nouns after which a quoted span names a stadium.
const VENUES: &[&str] = &["استاد", "ستاد", "ملعب"];

/// Words that may stand between the noun and the quotation mark: "titled", "new", and a
/// few adjectives of programmes and books.
const BRIDGES: &[&str] = &[
    "بعنوان",
    "عنوان",
    "المعنون",
    "المعنونة",
    "المسمى",
    "جديد",
    "جديدا",
    "الجديد",
    "جديدة",
    "الجديدة",
    "الأخير",
    "الأخيرة",
    "الشهير",
    "الشهيرة",
    "الأول",
    "الأولى",
    "الثاني",
    "الثانية",
];

/// Adjectives of programmes and works, also bridge words in any of their forms (تلفزيوني،
/// تلفزيونيا، التلفزيونية…).
const ADJECTIVES: &[&str] = &[
    "تلفزيوني",
    "تليفزيوني",
    "إذاعي",
    "وثائقي",
    "درامي",
    "كوميدي",
    "سينمائي",
    "غنائي",
    "أسبوعي",
    "يومي",
    "رمضاني",
    "شعري",
];

struct Cues {
    works: HashSet<String>,
    venues: HashSet<String>,
    bridges: HashSet<String>,
}

fn cues() -> &'static Cues {
    static CUES: OnceLock<Cues> = OnceLock::new();
    CUES.get_or_init(|| {
        let set = |ws: &[&str]| ws.iter().map(|w| norm(w)).collect::<HashSet<_>>();
        Cues {
            works: set(WORKS),
            venues: set(VENUES),
            bridges: set(BRIDGES)
                .into_iter()
                .chain(ADJECTIVES.iter().flat_map(|a| {
                    [
                        norm(a),
                        norm(&format!("{a}ا")),
                        norm(&format!("ال{a}")),
                        norm(&format!("{a}ة")),
                        norm(&format!("ال{a}ة")),
                    ]
                }))
                .collect(),
        }
    })
}

fn norm(w: &str) -> String {
    normalize(w, &Profile::SEARCH)
}

/// The closing mark of an opening quotation mark (`None`: not an opening mark).
pub(crate) fn closing(tok: &str) -> Option<&'static str> {
    match tok {
        "«" => Some("»"),
        "\"" => Some("\""),
        "“" => Some("”"),
        "”" => Some("”"),
        "''" => Some("''"),
        _ => None,
    }
}

/// Punctuation that does not occur inside a short title.
fn breaks_title(tok: &str) -> bool {
    matches!(
        tok,
        "." | "," | "،" | ":" | ";" | "؛" | "!" | "?" | "؟" | "(" | ")" | "«" | "»"
    )
}

/// The forms `w` may have without its proclitics (و، ف، then ب، ل), article and suffix
/// (وبرنامجها → برنامج), each step optional, since a word may itself begin with these letters
/// (برنامج). SEARCH-normalized.
fn stems(w: &str) -> Vec<String> {
    let strip = |forms: &mut Vec<String>, prefixes: &[&str], min: usize| {
        let extra: Vec<String> = forms
            .iter()
            .flat_map(|f| {
                prefixes.iter().filter_map(move |p| {
                    f.strip_prefix(p)
                        .filter(|r| r.chars().count() >= min)
                        .map(str::to_string)
                })
            })
            .collect();
        forms.extend(extra);
    };
    let mut forms = vec![norm(w)];
    strip(&mut forms, &["و", "ف"], 3);
    strip(&mut forms, &["لل", "ب", "ل"], 3);
    strip(&mut forms, &["ال"], 3);
    let mut out = forms.clone();
    for f in &forms {
        for suf in ["ها", "هم", "ه", "ا", "ي"] {
            if let Some(r) = f.strip_suffix(suf).filter(|r| r.chars().count() >= 3) {
                out.push(r.to_string());
            }
        }
    }
    out
}

#[derive(Clone, Copy, PartialEq, Debug)]
enum Cue {
    Work,
    Venue,
}

fn cue(w: &str) -> Option<Cue> {
    let c = cues();
    let st = stems(w);
    if st.iter().any(|s| c.works.contains(s)) {
        Some(Cue::Work)
    } else if st.iter().any(|s| c.venues.contains(s)) {
        Some(Cue::Venue)
    } else {
        None
    }
}

fn is_bridge(w: &str) -> bool {
    let c = cues();
    let n = norm(w);
    c.bridges.contains(&n) || n.strip_prefix('و').is_some_and(|r| c.bridges.contains(r))
}

/// The titles of a sentence: `(start, end)` token ranges inside the quotation marks.
pub fn spans(tokens: &[&str]) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < tokens.len() {
        let Some(close) = closing(tokens[i]) else {
            i += 1;
            continue;
        };
        let start = i + 1;
        let end = (start..tokens.len().min(start + MAX_LEN + 1)).find(|&j| tokens[j] == close);
        let Some(end) = end else {
            i += 1;
            continue;
        };
        if end == start || tokens[start..end].iter().any(|t| breaks_title(t)) {
            i = end + 1;
            continue;
        }
        // The cue stands right before the mark, or before up to two bridge words; venues take
        // no bridge word.
        let mut bridges = 0;
        let mut found = false;
        for &t in tokens[..i].iter().rev() {
            match cue(t) {
                Some(Cue::Venue) if bridges == 0 => found = true,
                Some(Cue::Work) => found = true,
                _ if bridges < 2 && is_bridge(t) => {
                    bridges += 1;
                    continue;
                }
                _ => {}
            }
            break;
        }
        if found {
            out.push((start, end));
        }
        i = end + 1;
    }
    out
}

/// Label the spans MISC (`B-MISC I-MISC…`) in `tags`, keeping the IOB2 sequence well formed:
/// an `I-` tag right after a span starts a name of its own.
pub fn relabel(tags: &mut [u8], spans: &[(usize, usize)]) {
    let misc = crate::type_index("MISC").unwrap_or(3);
    for &(a, b) in spans {
        if b > tags.len() || a >= b {
            continue;
        }
        tags[a] = crate::tag_of(misc, false);
        for t in &mut tags[a + 1..b] {
            *t = crate::tag_of(misc, true);
        }
        if let Some(t) = tags.get_mut(b) {
            if let Some(ty) = crate::tag_type(*t) {
                *t = crate::tag_of(ty, false);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sp(s: &str) -> Vec<(usize, usize)> {
        spans(&s.split(' ').collect::<Vec<_>>())
    }

    #[test]
    fn quoted_titles_after_a_work_or_venue_noun() {
        assert_eq!(sp("في برنامج « أصل الكلمة » ويذاع"), vec![(3, 5)]);
        assert_eq!(sp("قدم برنامجا جديدا بعنوان « حكايات » حيث"), vec![(5, 6)]);
        assert_eq!(sp("ومثله مسلسل \" حبيب الروح \" الذي"), vec![(3, 5)]);
        assert_eq!(sp("على استاد \" سلتيك بارك \" في غلاسكو"), vec![(3, 5)]);
        assert_eq!(sp("وفيلم « عقاب » عشرة"), vec![(2, 3)]);
        assert_eq!(
            sp("برنامجا تليفزيونيا بعنوان « الدماغ فيها إيه » ."),
            vec![(4, 7)]
        );
    }

    #[test]
    fn other_quotes_are_not_titles() {
        // A report is not a work noun; a venue takes no bridge word; long or broken spans.
        assert_eq!(sp("تقرير سري بعنوان « بن لادن مصمم » أمس"), vec![]);
        assert_eq!(sp("ملعب جديد « الامارات » أمس"), vec![]);
        assert_eq!(sp("قال « إن الوضع صعب » أمس"), vec![]);
        assert_eq!(sp("برنامج « أ ب ج د ه و ز » أمس"), vec![]);
        assert_eq!(sp("برنامج « قال : نعم » أمس"), vec![]);
        assert_eq!(sp("برنامج « لم يغلق"), vec![]);
        assert_eq!(sp("برنامج « »"), vec![]);
    }

    #[test]
    fn relabel_keeps_iob2() {
        let t = |s: &str| {
            s.split(' ')
                .map(|x| crate::parse_tag(x).unwrap())
                .collect::<Vec<_>>()
        };
        let mut tags = t("O O B-ORG I-ORG I-ORG O");
        relabel(&mut tags, &[(1, 3)]);
        assert_eq!(tags, t("O B-MISC I-MISC B-ORG I-ORG O"));
        // Out-of-range spans are ignored.
        relabel(&mut tags, &[(4, 9), (3, 3)]);
        assert_eq!(tags, t("O B-MISC I-MISC B-ORG I-ORG O"));
    }

    proptest::proptest! {
        #[test]
        fn spans_stay_inside_and_relabel_keeps_one_tag_each(
            toks in proptest::collection::vec(
                proptest::sample::select(vec![
                    "«", "»", "\"", "“", "”", "''", "برنامج", "ملعب", "بعنوان", "جديد", "حكايات",
                    "،", ".", "X", "",
                ]),
                0..40,
            ),
            tags in proptest::collection::vec(0u8..crate::NTAGS as u8, 40),
        ) {
            let sp = spans(&toks);
            let mut tg = tags[..toks.len()].to_vec();
            for &(a, b) in &sp {
                proptest::prop_assert!(0 < a && a < b && b < toks.len());
            }
            relabel(&mut tg, &sp);
            proptest::prop_assert_eq!(tg.len(), toks.len());
            for &(a, b) in &sp {
                proptest::prop_assert_eq!(crate::chunks(&tg[a..b]), vec![(0, b - a, 3)]);
            }
        }
    }
}
