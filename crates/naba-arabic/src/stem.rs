//! Light10 stemmer (Larkey, Ballesteros & Connell 2007), the stemmer behind Lucene's and
//! Elasticsearch's Arabic analysis.
//!
//! Written here rather than taken from a crate: the Snowball Arabic stemmer (rust-stemmers)
//! keeps `وال` (`والمفاوضات` → `والمفاوضا`) and over-stems names, which is what light10 avoids.

use crate::clitics::frequency_search;
use crate::normalize::{normalize_into, Profile};

const ARTICLES: [&str; 6] = ["وال", "بال", "كال", "فال", "لل", "ال"];
// ية and ة are already folded to يه and ه by the search profile.
const SUFFIXES: [&str; 8] = ["ها", "ان", "ات", "ون", "ين", "يه", "ه", "ي"];

/// Stem a word that is already search-normalized (see [`Profile::SEARCH`]).
///
/// Light10's rules: strip `و` when at least 3 letters remain; then one definite-article prefix
/// when at least 2 remain; then each suffix in turn (ها ان ات ون ين يه ية ه ة ي, with ة already
/// folded to ه) while at least 2 remain. Two departures, both to stop light10 from mangling
/// words and names: `و` stays when the word is attested and far more common than what would
/// remain (وزير is not و+زير, so it still conflates with الوزير), and names in
/// `data/stem-protected.txt` lose no suffix (فلسطيني → فلسطين, not فلسط).
pub fn stem_normalized(word: &str) -> &str {
    let mut w = word;
    let len = |s: &str| s.chars().count();
    if let Some(rest) = w.strip_prefix('و') {
        let (fw, fr) = (frequency_search(w) as u64, frequency_search(rest) as u64);
        let whole_word = fw >= 5 && fr * 20 < fw;
        if len(rest) >= 3 && !whole_word {
            w = rest;
        }
    }
    // A single-letter preposition on a protected name (للبنان, بفلسطين).
    if let Some(rest) = w.strip_prefix(['ب', 'ل', 'ك', 'ف']) {
        if is_protected(rest) {
            return rest;
        }
    }
    // One article form (ال، وال، بال، كال، فال، لل) leaving 2+ letters.
    for p in ARTICLES {
        if let Some(rest) = w.strip_prefix(p) {
            if len(rest) >= 2 {
                w = rest;
                break;
            }
        }
    }
    for s in SUFFIXES {
        if is_protected(w) {
            break;
        }
        if let Some(rest) = w.strip_suffix(s) {
            if len(rest) >= 2 {
                w = rest;
            }
        }
    }
    w
}

/// Normalize (search profile) and stem any word.
pub fn stem(word: &str) -> String {
    let mut buf = String::with_capacity(word.len());
    normalize_into(word, &Profile::SEARCH, &mut buf);
    stem_normalized(&buf).to_string()
}

/// Names whose endings look like suffixes (`data/stem-protected.txt`).
fn is_protected(w: &str) -> bool {
    static SET: std::sync::OnceLock<std::collections::HashSet<&'static str>> =
        std::sync::OnceLock::new();
    SET.get_or_init(|| {
        include_str!("../../../data/stem-protected.txt")
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .collect()
    })
    .contains(w)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn conflates_article_and_conjunction_forms() {
        let s = stem("المفاوضات");
        assert_eq!(s, "مفاوض");
        assert_eq!(stem("والمفاوضات"), s);
        assert_eq!(stem("مفاوضات"), s);
        assert_eq!(stem("بالمفاوضات"), s);
        assert_eq!(stem("للمفاوضات"), s);
    }

    #[test]
    fn leaves_names_alone() {
        assert_eq!(stem("بيروت"), "بيروت");
        assert_eq!(stem("فلسطيني"), "فلسطين");
        assert_eq!(stem("فلسطين"), "فلسطين");
        assert_eq!(stem("الفلسطينيون"), "فلسطين");
        assert_eq!(stem("لبنان"), "لبنان");
        assert_eq!(stem("اللبنانية"), "لبنان");
        assert_eq!(stem("بوتين"), "بوتين");
        assert_eq!(stem("واشنطن"), "واشنطن");
        assert_eq!(stem("وللبنان"), "لبنان");
        assert_eq!(stem("وزير"), stem("الوزير"));
        assert_eq!(stem("وزارة"), stem("والوزارة"));
        assert_eq!(stem("ولد"), "ولد"); // و kept: fewer than 3 letters would remain
    }

    #[test]
    fn suffixes_in_order() {
        assert_eq!(stem("المدرسة"), "مدرس");
        assert_eq!(stem("كتابها"), "كتاب");
        assert_eq!(stem("اللاعبون"), "لاعب");
        assert_eq!(stem("مصريين"), "مصر");
    }
}
