//! Invariants over arbitrary text: no panics, offsets slice exactly, the normalization map
//! round-trips.

use naba_arabic::{normalize, normalize_with_map, sentences, stem, tokenize, Profile};
use proptest::prelude::*;

fn char_slice(s: &str, a: usize, b: usize) -> String {
    s.chars().skip(a).take(b.saturating_sub(a)).collect()
}

/// Arabic-heavy strings: letters, marks, digits, punctuation, spaces, newlines, junk controls.
fn arabic_text() -> impl Strategy<Value = String> {
    let pieces = prop::sample::select(vec![
        "قال",
        "بوتين",
        "والمفاوضات",
        "للمفاوضات",
        "وبالمفاوضات",
        "كتابه",
        "وسيتحدث",
        "،",
        ".",
        "؟",
        "«",
        "»",
        "“",
        "”",
        "\"",
        "(",
        ")",
        " ",
        " ",
        "\n",
        "3.5",
        "14:00",
        "١٤",
        "٪",
        "ـ",
        "\u{064E}",
        "\u{200F}",
        "\u{FEFF}",
        "ﻻ",
        "ﺑ",
        "\u{FE70}",
        "https://a.b/c",
        "a@b.co",
        "#وسم",
        "@user",
        "U.S.",
        "د.",
        "…",
        "!!",
        "إ",
        "آ",
        "ى",
        "ة",
        "ؤ",
        "ئ",
        "x",
        "\t",
        "\r\n",
    ]);
    prop::collection::vec(pieces, 0..60).prop_map(|v| v.concat())
}

fn any_text() -> impl Strategy<Value = String> {
    prop_oneof![arabic_text(), any::<String>()]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn tokens_slice_exactly(s in any_text()) {
        let n = s.chars().count();
        let mut prev_end = 0;
        for t in tokenize(&s) {
            prop_assert!(t.start < t.end && t.end <= n);
            prop_assert!(t.start >= prev_end, "tokens overlap or go backwards");
            prop_assert_eq!(char_slice(&s, t.start, t.end), t.text(&s).to_string());
            prop_assert!(!t.text(&s).chars().any(char::is_whitespace) || t.kind == naba_arabic::Kind::Symbol);
            prev_end = t.end;
        }
    }

    #[test]
    fn sentences_cover_tokens_in_order(s in any_text()) {
        let toks = tokenize(&s);
        let sents = sentences::split_tokens(&s, &toks);
        let mut prev = 0;
        for &(a, b) in &sents {
            prop_assert!(a < b && a >= prev);
            let text = char_slice(&s, a, b);
            prop_assert_eq!(text.trim(), text.as_str(), "sentence has outer whitespace");
            prev = b;
        }
        // Every token lies inside exactly one sentence.
        for t in &toks {
            prop_assert_eq!(sents.iter().filter(|&&(a, b)| a <= t.start && t.end <= b).count(), 1);
        }
    }

    #[test]
    fn normalization_map_round_trips(s in any_text(), profile in prop::sample::select(vec![Profile::SEARCH, Profile::MATCH, Profile::DISPLAY])) {
        let n = normalize_with_map(&s, &profile);
        prop_assert_eq!(&n.text, &normalize(&s, &profile));
        let out_len = n.text.chars().count();
        prop_assert_eq!(n.map.len(), out_len + 1);
        prop_assert!(n.map.windows(2).all(|w| w[0] <= w[1]), "map not monotonic");
        prop_assert_eq!(n.map[out_len], s.chars().count());
        // Spans that start and end on source-char boundaries map back to input that
        // normalizes to exactly that span.
        let boundaries: Vec<usize> = (0..=out_len).filter(|&i| i == 0 || i == out_len || n.map[i] != n.map[i - 1]).collect();
        for w in boundaries.windows(2) {
            let (a, b) = (w[0], w[1]);
            let (sa, sb) = n.source_span(a, b);
            prop_assert_eq!(normalize(&char_slice(&s, sa, sb), &profile), char_slice(&n.text, a, b));
        }
        if out_len > 0 {
            let (sa, sb) = n.source_span(0, out_len);
            prop_assert_eq!(normalize(&char_slice(&s, sa, sb), &profile), n.text.clone());
        }
    }

    #[test]
    fn normalization_is_idempotent(s in any_text()) {
        let once = normalize(&s, &Profile::SEARCH);
        prop_assert_eq!(normalize(&once, &Profile::SEARCH), once.clone());
        let d = normalize(&s, &Profile::DISPLAY);
        prop_assert_eq!(normalize(&d, &Profile::DISPLAY), d.clone());
    }

    #[test]
    fn stem_and_clitics_never_panic(s in any_text()) {
        for t in tokenize(&s) {
            let w = normalize(t.text(&s), &Profile::SEARCH);
            let st = stem(&w);
            prop_assert!(w.contains(&st) || st.is_empty() || w.is_empty());
            let w = normalize(t.text(&s), &Profile::SEGMENT);
            let seg = naba_arabic::clitics::segment(&w);
            // ل + ال is written لل: the article's alef is elided after the preposition.
            let procs = seg.proclitics.concat().replace("لال", "لل");
            let rebuilt = format!("{}{}{}", procs, seg.base, seg.enclitic.unwrap_or(""));
            prop_assert_eq!(rebuilt, w.clone());
        }
    }
}
