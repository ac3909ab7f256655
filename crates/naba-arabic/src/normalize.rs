//! Arabic normalization with a char-offset map back to the input.
//!
//! Every rule is char-local (one input char becomes zero or more output chars), which is what
//! makes the offset map exact: `map[i]` is the input char index that produced output char `i`,
//! and `map[len]` is the input length.

/// Which normalizations to apply.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Profile {
    /// Remove tashkeel (harakat, tanween, shadda, sukun, superscript alef, Quranic marks).
    pub diacritics: bool,
    /// Remove tatweel (kashida, U+0640).
    pub tatweel: bool,
    /// أ إ آ ٱ → ا
    pub alef: bool,
    /// ى → ي (and Persian ی → ي)
    pub alef_maqsura: bool,
    /// ة → ه
    pub ta_marbuta: bool,
    /// ؤ → و, ئ → ي
    pub hamza: bool,
    /// Arabic-Indic and Persian digits → ASCII, ٫ → `.`, ٬ → `,`, ٪ → `%`.
    pub digits: bool,
    /// Lowercase Latin letters and fold Persian ک → ك.
    pub fold_case: bool,
}

impl Profile {
    /// Aggressive: for search, matching, features and stemming.
    pub const SEARCH: Profile = Profile {
        diacritics: true,
        tatweel: true,
        alef: true,
        alef_maqsura: true,
        ta_marbuta: true,
        hamza: true,
        digits: true,
        fold_case: true,
    };
    /// Like `SEARCH` but keeps ة distinct from ه (better for display-adjacent uses).
    pub const MATCH: Profile = Profile {
        ta_marbuta: false,
        ..Profile::SEARCH
    };
    /// Like `SEARCH` but keeps ة and ى, which tell a ta marbuta or alef maqsura from a pronoun
    /// (سنة vs سن+ه): what clitic segmentation works on.
    pub const SEGMENT: Profile = Profile {
        ta_marbuta: false,
        alef_maqsura: false,
        ..Profile::SEARCH
    };
    /// Only invisible junk removed and presentation forms folded; the text looks the same.
    pub const DISPLAY: Profile = Profile {
        diacritics: false,
        tatweel: false,
        alef: false,
        alef_maqsura: false,
        ta_marbuta: false,
        hamza: false,
        digits: false,
        fold_case: false,
    };

    pub fn by_name(name: &str) -> Option<Profile> {
        match name {
            "search" => Some(Profile::SEARCH),
            "match" => Some(Profile::MATCH),
            "segment" => Some(Profile::SEGMENT),
            "display" => Some(Profile::DISPLAY),
            _ => None,
        }
    }
}

/// Bidi controls, zero-width characters, BOM, soft hyphen: removed by every profile.
pub fn is_invisible(c: char) -> bool {
    matches!(c,
        '\u{200B}'..='\u{200F}'
        | '\u{202A}'..='\u{202E}'
        | '\u{2060}'..='\u{2064}'
        | '\u{2066}'..='\u{2069}'
        | '\u{FEFF}'
        | '\u{00AD}'
        | '\u{061C}')
}

/// Arabic tashkeel and Quranic annotation marks.
pub fn is_diacritic(c: char) -> bool {
    matches!(c,
        '\u{0610}'..='\u{061A}'
        | '\u{064B}'..='\u{065F}'
        | '\u{0670}'
        | '\u{06D6}'..='\u{06DC}'
        | '\u{06DF}'..='\u{06E8}'
        | '\u{06EA}'..='\u{06ED}')
}

fn is_presentation_form(c: char) -> bool {
    matches!(c, '\u{FB50}'..='\u{FDFF}' | '\u{FE70}'..='\u{FEFE}')
}

/// Apply the profile's char-level rules to `c`, pushing zero or more chars.
#[inline]
pub fn normalize_char(c: char, p: &Profile, out: &mut impl FnMut(char)) {
    if c.is_ascii() {
        out(if p.fold_case {
            c.to_ascii_lowercase()
        } else {
            c
        });
        return;
    }
    if is_invisible(c) {
        return;
    }
    if is_presentation_form(c) {
        // Compatibility decomposition gives the base letters; isolated-mark forms decompose
        // to a space plus the mark, and that space is not text.
        let mut buf = [char::default(); 8];
        let mut n = 0;
        unicode_normalization::char::decompose_compatible(c, |d| {
            if d != ' ' && n < buf.len() {
                buf[n] = d;
                n += 1;
            }
        });
        for &d in &buf[..n] {
            normalize_base(d, p, out);
        }
        return;
    }
    normalize_base(c, p, out);
}

#[inline]
fn normalize_base(c: char, p: &Profile, out: &mut impl FnMut(char)) {
    let mapped = match c {
        _ if p.diacritics && is_diacritic(c) => return,
        '\u{0640}' if p.tatweel => return,
        'أ' | 'إ' | 'آ' | 'ٱ' | '\u{0672}' | '\u{0673}' if p.alef => 'ا',
        'ى' | 'ی' if p.alef_maqsura => 'ي',
        'ة' if p.ta_marbuta => 'ه',
        'ؤ' if p.hamza => 'و',
        'ئ' if p.hamza => 'ي',
        '٠'..='٩' if p.digits => char::from(b'0' + (c as u32 - '٠' as u32) as u8),
        '۰'..='۹' if p.digits => char::from(b'0' + (c as u32 - '۰' as u32) as u8),
        '٫' if p.digits => '.',
        '٬' if p.digits => ',',
        '٪' if p.digits => '%',
        'ک' if p.fold_case => 'ك',
        _ if p.fold_case && c.is_uppercase() => {
            for l in c.to_lowercase() {
                out(l);
            }
            return;
        }
        _ => c,
    };
    out(mapped);
}

/// Normalize `s` with profile `p`.
pub fn normalize(s: &str, p: &Profile) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        normalize_char(c, p, &mut |d| out.push(d));
    }
    out
}

/// Normalize `s` into `out` (cleared first); lets hot loops reuse one buffer.
pub fn normalize_into(s: &str, p: &Profile, out: &mut String) {
    out.clear();
    for c in s.chars() {
        normalize_char(c, p, &mut |d| out.push(d));
    }
}

/// A normalized string with its map back to the input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Normalized {
    pub text: String,
    /// `map[i]` = input char index of output char `i`; `map[n]` = input char count,
    /// where `n` is the output char count. Non-decreasing.
    pub map: Vec<usize>,
}

impl Normalized {
    /// The input char span `[start, end)` that produced output chars `[start, end)`.
    pub fn source_span(&self, start: usize, end: usize) -> (usize, usize) {
        let n = self.map.len() - 1;
        let (start, end) = (start.min(n), end.min(n));
        let s = self.map[start];
        if end <= start {
            return (s, s);
        }
        // End just after the source char of the last output char, so that chars removed
        // between two output chars (bidi marks, tashkeel) are not pulled into the span.
        (s, self.map[end - 1] + 1)
    }
}

/// Normalize and keep the offset map.
pub fn normalize_with_map(s: &str, p: &Profile) -> Normalized {
    let mut text = String::with_capacity(s.len());
    let mut map = Vec::with_capacity(s.len());
    let mut n_in = 0usize;
    for (i, c) in s.chars().enumerate() {
        normalize_char(c, p, &mut |d| {
            text.push(d);
            map.push(i);
        });
        n_in = i + 1;
    }
    map.push(n_in);
    Normalized { text, map }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn search_profile_folds_letters_and_digits() {
        assert_eq!(normalize("أَحْمَد", &Profile::SEARCH), "احمد");
        assert_eq!(normalize("إسطنبول", &Profile::SEARCH), "اسطنبول");
        assert_eq!(normalize("مستشفى", &Profile::SEARCH), "مستشفي");
        assert_eq!(normalize("المدرسة", &Profile::SEARCH), "المدرسه");
        assert_eq!(normalize("المدرسة", &Profile::MATCH), "المدرسة");
        assert_eq!(normalize("مؤتمر سئل", &Profile::SEARCH), "موتمر سيل");
        assert_eq!(normalize("١٤:٠٠ ۲۰۲۵", &Profile::SEARCH), "14:00 2025");
        assert_eq!(normalize("٣٫٥٪", &Profile::SEARCH), "3.5%");
        assert_eq!(normalize("الـــرياض", &Profile::SEARCH), "الرياض");
        assert_eq!(normalize("NATO", &Profile::SEARCH), "nato");
    }

    #[test]
    fn display_profile_only_removes_junk() {
        let s = "صُحُفيّ\u{200F} أَحمد ١٤";
        assert_eq!(normalize(s, &Profile::DISPLAY), "صُحُفيّ أَحمد ١٤");
        assert_eq!(normalize("\u{FEFF}abc\u{202B}", &Profile::DISPLAY), "abc");
    }

    #[test]
    fn presentation_forms_become_base_letters() {
        // ﻻ (lam-alef ligature) and ﺑ (beh initial form)
        assert_eq!(normalize("ﻻ", &Profile::DISPLAY), "لا");
        assert_eq!(normalize("ﺑ", &Profile::DISPLAY), "ب");
        assert_eq!(normalize("ﻷ", &Profile::SEARCH), "لا");
        // FE70 is an isolated fathatan: no stray space.
        assert_eq!(normalize("\u{FE70}", &Profile::DISPLAY), "\u{064B}");
        assert_eq!(normalize("\u{FE70}", &Profile::SEARCH), "");
    }

    #[test]
    fn map_points_back_to_input() {
        let s = "أَحمد\u{200F}ﻻ";
        let n = normalize_with_map(s, &Profile::SEARCH);
        assert_eq!(n.text, "احمدلا");
        assert_eq!(n.map, vec![0, 2, 3, 4, 6, 6, 7]);
        assert_eq!(n.source_span(0, 4), (0, 5));
        assert_eq!(n.source_span(4, 6), (6, 7));
    }
}
