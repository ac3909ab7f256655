//! Quotations and reported speech in Arabic news: who said what, through whom.
//!
//! Works on an analysed [`Document`] (text, sentences and, when present, entities): finds
//! reporting cues (`قال`, `أكد`, `مؤكدًا`, `أبدى`…, `data/quotes/cues.tsv`), the clause or
//! quotation they introduce, the speaker (subject after the verb, before it, an appositive after a
//! role phrase, or the last speaker for `وأضاف`/`من جانبه`), the outlets the words came through
//! (`وفقًا لما نقلته وكالة…`, `حسبما ذكرت…`, `بحسب ما أفادت به…`) and the channel (`عبر منصته
//! تروث سوشيال`, `في تغريدة على إكس`, `في بيان`).

use naba_arabic::{normalize, Kind, Profile};
use naba_doc::{Document, Entity, EntityRef, Quote, TextSpan};
use std::collections::HashMap;
use std::sync::OnceLock;

pub mod eval;
mod tokens;
use tokens::Toks;

/// What kind of cue a token is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum CueKind {
    /// A finite reporting verb: its subject is the speaker.
    Verb,
    /// أبدى / أعرب: the object is the content.
    Express,
    /// مؤكدًا: continues the governing clause's speaker.
    Participle,
}

#[derive(Debug, Clone, Copy)]
struct Cue {
    kind: CueKind,
    express: bool,
}

const CUES_TSV: &str = include_str!("../../../data/quotes/cues.tsv");

fn cues() -> &'static HashMap<String, Cue> {
    static C: OnceLock<HashMap<String, Cue>> = OnceLock::new();
    C.get_or_init(|| {
        let mut m = HashMap::new();
        let express_lemmas: Vec<&str> = CUES_TSV
            .lines()
            .filter_map(|l| {
                let mut c = l.split('\t');
                let (lemma, kind) = (c.next()?, c.next()?);
                (kind == "express").then_some(lemma)
            })
            .collect();
        for l in CUES_TSV
            .lines()
            .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        {
            let mut c = l.split('\t');
            let (Some(lemma), Some(kind), Some(forms)) = (c.next(), c.next(), c.next()) else {
                continue;
            };
            let kind = match kind {
                "verb" => CueKind::Verb,
                "express" => CueKind::Express,
                "participle" => CueKind::Participle,
                _ => continue,
            };
            for f in forms.split_whitespace() {
                m.insert(
                    normalize(f, &Profile::SEARCH),
                    Cue {
                        kind,
                        express: express_lemmas.contains(&lemma),
                    },
                );
            }
        }
        m
    })
}

/// The cue a token is, if any (a leading و or ف is allowed).
fn cue_of(norm: &str) -> Option<(Cue, usize)> {
    let c = cues();
    if let Some(q) = c.get(norm) {
        return Some((*q, 0));
    }
    let rest = norm.strip_prefix('و').or_else(|| norm.strip_prefix('ف'))?;
    c.get(rest).map(|q| (*q, 1))
}

/// Do two cue words share a lemma in the cue table (`أكدت` and `أكد`, `مشيرة` and `أشار`)?
pub fn same_lemma(a: &str, b: &str) -> bool {
    let lemma = |w: &str| {
        let n = normalize(w, &Profile::SEARCH);
        let n = cue_of(&n).map(|_| n.clone()).unwrap_or(n);
        CUES_TSV.lines().find_map(|l| {
            let mut c = l.split('\t');
            let (lemma, _, forms) = (c.next()?, c.next()?, c.next()?);
            let bare = n
                .strip_prefix('و')
                .filter(|r| forms.split_whitespace().any(|f| f == *r))
                .unwrap_or(&n);
            forms
                .split_whitespace()
                .any(|f| f == bare)
                .then(|| normalize(lemma, &Profile::SEARCH))
        })
    };
    matches!((lemma(a), lemma(b)), (Some(x), Some(y)) if x == y)
}

/// Complementizers that open a reported clause (أن، إن، بأن with pronoun suffixes).
fn is_complementizer(norm: &str) -> bool {
    let base = norm.strip_prefix('ب').unwrap_or(norm);
    matches!(
        base,
        "ان" | "انه" | "انها" | "انهم" | "انهما" | "اننا" | "انني" | "انهن" | "لان"
    ) && norm != "لان"
}

/// Phrase openers that attribute what follows to a source: وفقًا لـ، حسبما، بحسب، نقلًا عن، على لسان…
fn attribution_len(t: &Toks, i: usize) -> Option<usize> {
    let n = |k: usize| t.norm(i + k);
    let raw = n(0);
    let w0 = match raw.strip_prefix('و') {
        Some(r) if raw != "وفقا" && raw != "وفق" => r,
        _ => raw,
    };
    match w0 {
        "وفقا" | "طبقا" | "استنادا" | "نقلا" | "حسبما" | "بحسب" | "حسب" | "وفق" => {
            Some(1)
        }
        "علي" if n(1) == "لسان" => Some(2),
        "في" if matches!(n(1), "تصريح" | "تصريحات" | "حديث" | "مقابله" | "لقاء") => {
            Some(2)
        }
        "كما" if matches!(n(1), "ذكرت" | "ذكر" | "نقلت" | "افادت" | "اوردت") => {
            Some(1)
        }
        _ => None,
    }
}

/// Phrases that name the channel the words went out on.
fn channel_len(t: &Toks, i: usize) -> Option<usize> {
    let (a, b) = (t.norm(i), t.norm(i + 1));
    match (a, b) {
        ("عبر", _) => Some(1),
        ("علي", "منصه" | "حسابه" | "حسابها" | "صفحته" | "صفحتها" | "موقع") => {
            Some(2)
        }
        ("في", "تغريده" | "تدوينه" | "منشور" | "بيان" | "رساله" | "بث") => {
            Some(2)
        }
        _ => None,
    }
}

/// Named platforms when the NER layer gives no entity for them.
const PLATFORMS: &[&str] = &[
    "تويتر",
    "اكس",
    "فيسبوك",
    "فيس",
    "تلغرام",
    "تليغرام",
    "انستغرام",
    "يوتيوب",
    "تيك",
];

/// The agency named in the dateline: `دمشق، سوريا (CNN) --`, `الرياض (رويترز) -` at the start of
/// the text, a removed dateline block (`الرياض - واس`), or a trailing `- واس` / `(واس)` on the
/// first paragraph.
pub fn dateline(doc: &Document) -> Option<EntityRef> {
    let link = |text: &str, start: Option<usize>| {
        let text = text.trim().to_string();
        let e = start.and_then(|s| {
            doc.entities
                .iter()
                .find(|e| e.start >= s && e.start < s + text.chars().count())
        });
        EntityRef {
            end: start.map(|s| s + text.chars().count()),
            text,
            start,
            id: e.and_then(|e| e.id.clone()),
            name: e.and_then(|e| e.name.clone()),
        }
    };
    // `CITY (AGENCY) -` or `(AGENCY) -` at the start of one of the first two blocks (a title
    // may come first).
    let starts: Vec<usize> = std::iter::once(0)
        .chain(doc.kept_blocks().filter_map(|b| b.start))
        .take(3)
        .collect();
    for at in starts {
        let head: String = doc.text.chars().skip(at).take(120).collect();
        let (Some(o), Some(c)) = (head.find('('), head.find(')')) else {
            continue;
        };
        let before = &head[..o];
        let after = head[c + 1..].trim_start();
        if o < c
            && before.split_whitespace().count() <= 4
            && after.starts_with(['-', '–', '—', ':'])
        {
            let inner = &head[o + 1..c];
            let start = at + head[..o + 1].chars().count();
            return Some(link(inner, Some(start)));
        }
    }
    // A removed dateline block: the part after the dash when it is short (`الرياض - واس`).
    for b in &doc.blocks {
        if b.reason.as_deref() == Some("dateline") {
            if let Some(t) = &b.text {
                if let Some((_, agency)) = t.rsplit_once(['-', '–', '—']) {
                    let agency = agency.trim();
                    if !agency.is_empty() && agency.split_whitespace().count() <= 3 {
                        return Some(link(agency, None));
                    }
                }
            }
        }
    }
    // `… - واس` or `(واس)` ending the first paragraph.
    let first = doc
        .text
        .split("\n")
        .next()
        .unwrap_or("")
        .trim_end_matches(['.', ' ']);
    if let Some(inner) = first
        .strip_suffix(')')
        .and_then(|s| s.rsplit_once('('))
        .map(|(_, a)| a)
    {
        if inner.split_whitespace().count() <= 3 && !inner.chars().any(|c| c.is_ascii_digit()) {
            let start = first.chars().count() - inner.chars().count() - 1;
            return Some(link(inner, Some(start)));
        }
    }
    None
}

/// Find the quotes of an analysed document.
pub fn extract(doc: &Document) -> Vec<Quote> {
    extract_with_tokens(doc, &naba_arabic::tokenize(&doc.text))
}

/// [`extract`] with the tokens of `doc.text` already computed (the pipeline has them).
pub fn extract_with_tokens(doc: &Document, tokens: &[naba_arabic::Tok]) -> Vec<Quote> {
    let t = Toks::new(&doc.text, tokens, &doc.sentences);
    let ents = EntityIndex::new(&doc.entities, &t);
    let mut out: Vec<Quote> = Vec::new();
    let mut covered = vec![false; t.len()]; // tokens already inside some quote's content
    let mut last_speaker: Option<EntityRef> = None;
    let pairs = t.quote_pairs();

    for s in 0..t.sentence_count() {
        let (sa, sb) = t.sentence_tokens(s);
        let attrib = attributions(&t, &ents, &pairs, sa, sb);
        let in_attrib = |i: usize| attrib.iter().any(|a| a.range.0 <= i && i < a.range.1);
        let mut sent_quotes: Vec<usize> = Vec::new();
        let mut i = sa;
        while i < sb {
            if covered[i] || in_attrib(i) || pairs.inside(i) {
                i += 1;
                continue;
            }
            let Some((cue, strip)) = cue_of(t.norm(i)) else {
                i += 1;
                continue;
            };
            let Some(q) = read_quote(
                &t,
                &ents,
                &pairs,
                i,
                strip,
                cue,
                sb,
                &out,
                last_speaker.as_ref(),
                s,
            ) else {
                i += 1;
                continue;
            };
            for c in covered
                .iter_mut()
                .take(q.content_tokens.1)
                .skip(q.content_tokens.0)
            {
                *c = true;
            }
            if let Some(sp) = &q.quote.speaker {
                last_speaker = Some(sp.clone());
            }
            sent_quotes.push(out.len());
            let next = q.content_tokens.1.max(i + 1);
            out.push(q.quote);
            i = next;
        }
        // Quotation first, cue after: «…»، قال بوتين.
        for &(o, c) in pairs.pairs.iter().filter(|&&(o, _)| sa <= o && o < sb) {
            if covered[o + 1..c.min(t.len())].iter().any(|&x| x) {
                continue;
            }
            let mut j = c + 1;
            while j < sb && matches!(t.text(j), "،" | ",") {
                j += 1;
            }
            let Some((cue, strip)) = (j < sb).then(|| cue_of(t.norm(j))).flatten() else {
                continue;
            };
            if cue.kind == CueKind::Participle || o + 1 >= c {
                continue;
            }
            let speaker = subject_after(&t, &ents, j + 1, sb).or_else(|| last_speaker.clone());
            let content = t.span(o + 1, c);
            out.push(Quote {
                speaker: speaker.clone(),
                cue: cue_span(&t, j, strip),
                content,
                direct: true,
                sources: Vec::new(),
                channel: None,
                sentence: s,
            });
            sent_quotes.push(out.len() - 1);
            for x in covered.iter_mut().take(c).skip(o + 1) {
                *x = true;
            }
            if speaker.is_some() {
                last_speaker = speaker;
            }
        }
        // Sources and channel of this sentence go to its quotes.
        let sources: Vec<EntityRef> = attrib
            .iter()
            .flat_map(|a| a.sources.iter().cloned())
            .collect();
        let channel = find_channel(&t, &ents, &pairs, sa, sb);
        for &qi in &sent_quotes {
            let q = &mut out[qi];
            if q.sources.is_empty() {
                q.sources = sources.clone();
            }
            if q.channel.is_none() {
                q.channel = channel.clone();
            }
        }
    }
    out.sort_by_key(|q| q.cue.start);
    out
}

struct Found {
    quote: Quote,
    content_tokens: (usize, usize),
}

#[allow(clippy::too_many_arguments)]
fn read_quote(
    t: &Toks,
    ents: &EntityIndex,
    pairs: &tokens::QuotePairs,
    i: usize,
    strip: usize,
    cue: Cue,
    sb: usize,
    prev: &[Quote],
    last_speaker: Option<&EntityRef>,
    s: usize,
) -> Option<Found> {
    // Look right for what the cue introduces: a complementizer, a colon, or a quotation right
    // after the cue or its subject.
    let window_end = (i + 45).min(sb);
    let mut j = i + 1;
    let mut boundary: Option<(usize, Boundary)> = None;
    while j < window_end {
        let w = t.norm(j);
        let new_clause =
            cue_of(w).is_some_and(|(c, _)| c.kind != CueKind::Participle || t.text(j - 1) == "،");
        if j > i + 1 && new_clause && !pairs.inside(j) {
            break; // another reporting verb or participle clause: this cue introduced nothing we can read
        }
        if let Some(close) = pairs.closing_of(j) {
            // A quotation is speech only right after a colon or directly after the cue/subject.
            let prev_tok = t.text(j - 1);
            let after_colon = prev_tok == ":" || prev_tok == "：";
            let direct_after = j == i + 1 || ents.ends_at(j - 1) || (prev_tok == "،" && j == i + 2);
            if after_colon || direct_after {
                boundary = Some((j, Boundary::Quote(close)));
                break;
            }
            j = close + 1;
            continue;
        }
        if t.text(j) == ":" {
            boundary = Some((j, Boundary::Colon));
            break;
        }
        if is_complementizer(w) {
            boundary = Some((j, Boundary::Complementizer));
            break;
        }
        j += 1;
    }
    let express = cue.express;
    let (b, kind) = match boundary {
        Some(b) => b,
        None if express => (i, Boundary::Express),
        None => return None,
    };
    // Content span (tokens).
    let (ca, cb, direct) = match kind {
        Boundary::Quote(close) => (b + 1, close, true),
        Boundary::Colon => {
            if let Some(close) = pairs.closing_of(b + 1) {
                (b + 2, close, true)
            } else {
                (b + 1, clause_end(t, b + 1, sb), false)
            }
        }
        Boundary::Complementizer => (b + 1, clause_end(t, b + 1, sb), false),
        Boundary::Express => {
            // أعرب X عن …، أبدى X …: the content starts after the subject when it can be
            // delimited (an entity, or a preposition such as عن that ends it).
            let region = subject_region(t, i + 1, sb);
            let start = match ents.in_range(t, i + 1, region).first() {
                Some(e) if !ents.is_object(t, e) => t.first_token_after(e.end),
                _ if region < sb && t.norm(region) == "عن" => region + 1,
                _ => i + 1,
            };
            (start, clause_end(t, start, sb), false)
        }
    };
    if ca >= cb {
        return None;
    }
    // Speaker.
    let speaker = match cue.kind {
        CueKind::Participle => prev
            .last()
            .filter(|q| q.sentence == s)
            .and_then(|q| q.speaker.clone())
            .or_else(|| governing_subject(t, ents, i, s))
            .or_else(|| last_speaker.cloned()),
        _ => {
            // For أبدى/أعرب the subject ends where the content starts.
            let subj_end = if matches!(kind, Boundary::Express) {
                ca
            } else {
                b
            };
            subject_between(t, ents, i + 1, subj_end)
                .or_else(|| subject_before(ents, i))
                .or_else(|| np_text(t, i + 1, subj_end))
                .or_else(|| last_speaker.cloned())
        }
    };
    Some(Found {
        quote: Quote {
            speaker,
            cue: cue_span(t, i, strip),
            content: t.span(ca, cb),
            direct,
            sources: Vec::new(),
            channel: None,
            sentence: s,
        },
        content_tokens: (ca, cb),
    })
}

#[derive(Debug, Clone, Copy)]
enum Boundary {
    Quote(usize),
    Colon,
    Complementizer,
    Express,
}

/// The subject of the finite verb a participle hangs on (`ودعا الاتحاد الأوروبي …، مؤكدًا أن`),
/// when that verb introduced no quote of its own.
fn governing_subject(t: &Toks, ents: &EntityIndex, i: usize, s: usize) -> Option<EntityRef> {
    let (sa, _) = t.sentence_tokens(s);
    let k = (sa..i).rev().find(|&k| {
        cue_of(t.norm(k)).is_some_and(|(c, _)| c.kind != CueKind::Participle)
            || matches!(t.norm(k), "دعا" | "ودعا" | "دعت" | "ودعت")
    })?;
    subject_between(t, ents, k + 1, i).or_else(|| np_text(t, k + 1, i))
}

/// The cue token without a leading conjunction (`وقال` → `قال`).
fn cue_span(t: &Toks, i: usize, strip: usize) -> TextSpan {
    let tk = t.get(i);
    let text: String = tk.text.chars().skip(strip).collect();
    TextSpan {
        text,
        start: tk.start + strip,
        end: tk.end,
    }
}

/// Where a reported clause ends: the sentence end, or a comma before a new reporting cue,
/// a participle (`، مؤكدًا`), an attribution (`، وذلك وفقًا لـ`, `، حسبما`) or `وذلك`.
fn clause_end(t: &Toks, from: usize, sb: usize) -> usize {
    let mut j = from;
    while j < sb {
        let w = t.text(j);
        if (w == "،" || w == ",") && j + 1 < sb {
            let n = t.norm(j + 1);
            if cue_of(n).is_some()
                || attribution_len(t, j + 1).is_some()
                || matches!(n, "وذلك" | "فيما" | "بينما")
            {
                return trim_end(t, from, j);
            }
        }
        j += 1;
    }
    trim_end(t, from, sb)
}

/// Drop trailing punctuation from a token range.
fn trim_end(t: &Toks, from: usize, mut to: usize) -> usize {
    while to > from
        && matches!(
            t.text(to - 1),
            "." | "،" | "," | ";" | "؛" | ":" | "!" | "?" | "؟" | "…" | "-" | "–" | "—"
        )
    {
        to -= 1;
    }
    to
}

/// Words after which the subject is over (`قال بوتين، خلال زيارته…`, `أكد ترامب عبر منصته…`).
fn ends_subject(norm: &str) -> bool {
    #[rustfmt::skip]
    const WORDS: &[&str] = &[
        "في", "خلال", "عبر", "امام", "اثناء", "لدي", "عقب", "بعد", "قبل", "منذ", "اليوم", "امس", "عن", "من",
        "الي", "علي", "ل", "لـ", "فيه", "فيها", "فيهم", "له", "لها", "لهم", "انه", "انها",
    ];
    WORDS.contains(&norm)
}

/// Honorifics that stand for a person already named (سموه، معاليه): resolved like pronouns.
fn is_pronoun_np(norm: &str) -> bool {
    matches!(
        norm,
        "سموه"
            | "معاليه"
            | "فضيلته"
            | "سعادته"
            | "سماحته"
            | "جلالته"
            | "فخامته"
            | "دولته"
            | "سيادته"
    )
}

/// The subject region after a verb: up to a preposition phrase, an attribution or the boundary.
fn subject_region(t: &Toks, a: usize, b: usize) -> usize {
    (a..b)
        .find(|&j| {
            ends_subject(t.norm(j))
                || attribution_len(t, j).is_some()
                || channel_len(t, j).is_some()
        })
        .unwrap_or(b)
}

/// The subject after a verb: the first person in `[a, b)`, else an organisation or place.
/// Mentions that are objects (`لنظيره`, `لوكالة فرانس برس`, a ل fused to the name) are skipped.
fn subject_between(t: &Toks, ents: &EntityIndex, a: usize, b: usize) -> Option<EntityRef> {
    let b = subject_region(t, a, b).max((a + 1).min(b));
    let found: Vec<&Entity> = ents
        .in_range(t, a, b)
        .into_iter()
        .filter(|e| !ents.is_object(t, e) && !after_relational(t, e))
        .collect();
    let best = ["PER", "ORG", "LOC", "MISC"]
        .iter()
        .find_map(|ty| found.iter().find(|e| e.kind_tag == *ty))?;
    // `وزارة الصحة السعودية`: an organisation or place that only modifies a head noun is not
    // the subject; the caller falls back to the noun phrase.
    let head_is_entity = ents.by_token.get(a).copied().flatten().is_some();
    if best.kind_tag != "PER" && !head_is_entity {
        return None;
    }
    Some(entity_ref(best))
}

/// Nouns that make the following name a complement, not the subject: `مساعد الرئيس الروسي`,
/// `المتحدث باسم الكرملين`, `زوجة الرئيس`.
fn after_relational(t: &Toks, e: &Entity) -> bool {
    let first = t.first_token_after(e.start);
    if first == 0 {
        return false;
    }
    #[rustfmt::skip]
    const RELATIONAL: &[&str] = &[
        "مساعد", "نايب", "مستشار", "سفير", "مبعوث", "ممثل", "زوجه", "زوج", "ابن", "ابنه", "شقيق", "والد",
        "باسم", "مكتب", "متحدث", "المتحدث", "الناطق", "ناطق", "حكومه", "اداره", "حزب", "انصار", "مساعدي",
        "مستشاري", "محامي", "مدير", "رييس", "وزير", "وزيره", "سفاره", "قوات", "جيش", "وزاره", "هييه", "مجلس",
    ];
    let p = t.norm(first - 1);
    RELATIONAL.contains(&p) && e.kind_tag != "PER"
        || matches!(
            p,
            "مساعد"
                | "نايب"
                | "مستشار"
                | "باسم"
                | "زوجه"
                | "ابن"
                | "ابنه"
                | "شقيق"
                | "والد"
                | "سفير"
                | "مبعوث"
                | "ممثل"
                | "محامي"
        )
}

/// The subject after a cue that follows its quotation (`«…»، قال وزير الخارجية`).
fn subject_after(t: &Toks, ents: &EntityIndex, a: usize, sb: usize) -> Option<EntityRef> {
    let end = (a..sb)
        .find(|&j| matches!(t.text(j), "،" | "." | ":"))
        .unwrap_or(sb);
    subject_between(t, ents, a, end).or_else(|| np_text(t, a, end))
}

/// A subject written before the verb (`فإن بوتين أبدى`, `الرئيس بوتين أبلغ`).
fn subject_before(ents: &EntityIndex, i: usize) -> Option<EntityRef> {
    if i == 0 {
        return None;
    }
    let e = ents.ending_at(i - 1)?;
    matches!(e.kind_tag.as_str(), "PER" | "ORG" | "LOC").then(|| entity_ref(e))
}

/// Without an entity: the noun phrase after the verb, up to a comma, a preposition or the
/// boundary (`وقال المتحدث الرسمي للوزارة إن` → `المتحدث الرسمي للوزارة`).
fn np_text(t: &Toks, a: usize, b: usize) -> Option<EntityRef> {
    // A name in commas right before the boundary is an appositive: `المتحدث الرسمي، اللواء
    // منصور التركي، أن` → the name, unless it is a time (`الكرملين، اليوم الخميس، أن`).
    if b >= 2 && b <= t.len() && t.text(b - 1) == "،" {
        if let Some(c) = (a..b - 1).rev().take(6).find(|&k| t.text(k) == "،") {
            let inner = c + 1..b - 1;
            let plain = inner.clone().all(|k| {
                t.get(k).kind != Kind::Punct
                    && !ends_subject(t.norm(k))
                    && attribution_len(t, k).is_none()
            });
            if !inner.is_empty() && inner.len() <= 4 && plain {
                return Some(unlinked(t.span(c + 1, b - 1)));
            }
        }
    }
    if a < b && is_pronoun_np(t.norm(a)) {
        return None;
    }
    let mut j = a;
    while j < b && j < a + 8 {
        let w = t.norm(j);
        // `د. محمد`: an abbreviation's dot does not end the phrase.
        if t.text(j) == "." && j > a && matches!(t.norm(j - 1), "د" | "م" | "ا") {
            j += 1;
            continue;
        }
        // `صحيفة «الحياة»`: a quoted name belongs to the phrase.
        if matches!(t.text(j), "«" | "“" | "\"") && j > a {
            if let Some(close) =
                (j + 1..(j + 6).min(b)).find(|&k| matches!(t.text(k), "»" | "”" | "\""))
            {
                j = close + 1;
            }
            break;
        }
        if cue_of(w).is_some() {
            break;
        }
        if matches!(t.get(j).kind, Kind::Punct)
            || w.starts_with("لل")
            || w.starts_with("بال")
            || ends_subject(w)
            || attribution_len(t, j).is_some()
        {
            break;
        }
        j += 1;
    }
    (j > a).then(|| unlinked(t.span(a, j)))
}

/// A speaker, source or channel known only by its text.
fn unlinked(sp: TextSpan) -> EntityRef {
    EntityRef {
        text: sp.text,
        start: Some(sp.start),
        end: Some(sp.end),
        id: None,
        name: None,
    }
}

fn entity_ref(e: &Entity) -> EntityRef {
    EntityRef {
        text: e.text.clone(),
        start: Some(e.start),
        end: Some(e.end),
        id: e.id.clone(),
        name: e.name.clone(),
    }
}

struct Attribution {
    /// Token range of the attribution phrase (no cue inside it counts).
    range: (usize, usize),
    sources: Vec<EntityRef>,
}

/// Words that introduce an outlet's name when NER gives none (`وكالة “فرانس برس”`).
const OUTLET_HEADS: &[&str] = &[
    "وكاله",
    "وكالتا",
    "وكالات",
    "قناه",
    "صحيفه",
    "موقع",
    "اذاعه",
    "تلفزيون",
    "شبكه",
];

/// Attribution phrases of a sentence and the outlets they name (up to the next comma).
fn attributions(
    t: &Toks,
    ents: &EntityIndex,
    pairs: &tokens::QuotePairs,
    sa: usize,
    sb: usize,
) -> Vec<Attribution> {
    let mut out = Vec::new();
    let mut i = sa;
    while i < sb {
        let Some(n) = attribution_len(t, i) else {
            i += 1;
            continue;
        };
        let mut end = i + n;
        while end < sb && !matches!(t.text(end), "،" | "," | "." | ":" | ";" | "؛") {
            if is_complementizer(t.norm(end)) || t.norm(end) == "فان" {
                break;
            }
            end += 1;
        }
        let found = ents.in_range(t, i + n, end);
        // Outlets are organisations (or media/platform entries whatever their tag); a place or a
        // person in `بحسب …` is not a source (`بحسب سكان الرياض`).
        let mut sources: Vec<EntityRef> = found
            .into_iter()
            .filter(|e| {
                e.kind_tag == "ORG" || matches!(e.kind.as_deref(), Some("media" | "platform"))
            })
            .map(entity_ref)
            .collect();
        if sources.is_empty() {
            // No entity layer: quoted names, or the words after وكالة/قناة.
            let mut j = i + n;
            while j < end {
                if let Some(close) = pairs.closing_of(j) {
                    sources.push(unlinked(t.span(j + 1, close.min(end))));
                    j = close + 1;
                    continue;
                }
                let head = t.norm(j);
                let head = head
                    .strip_prefix('ل')
                    .filter(|h| OUTLET_HEADS.contains(h))
                    .unwrap_or(head);
                if OUTLET_HEADS.contains(&head) && j + 1 < end && pairs.closing_of(j + 1).is_none()
                {
                    let stop = (j + 1..end)
                        .find(|&k| {
                            matches!(t.norm(k), "في" | "عن" | "من") || t.get(k).kind == Kind::Punct
                        })
                        .unwrap_or(end);
                    if stop > j + 1 {
                        sources.push(unlinked(t.span(j + 1, stop)));
                    }
                    j = stop;
                    continue;
                }
                j += 1;
            }
        }
        sources.retain(|s| !s.text.trim().is_empty());
        // `وكالة الأنباء السعودية (واس)` names one source twice.
        let mut seen_ids = Vec::new();
        sources.retain(|s| match &s.id {
            Some(id) if seen_ids.contains(id) => false,
            Some(id) => {
                seen_ids.push(id.clone());
                true
            }
            None => true,
        });
        out.push(Attribution {
            range: (i, end),
            sources,
        });
        i = end.max(i + 1);
    }
    out
}

fn find_channel(
    t: &Toks,
    ents: &EntityIndex,
    pairs: &tokens::QuotePairs,
    sa: usize,
    sb: usize,
) -> Option<EntityRef> {
    // A named platform anywhere in the sentence's channel phrases wins over `في بيان`.
    let mut statement = None;
    for i in sa..sb {
        let Some(n) = channel_len(t, i) else { continue };
        let from = i + n;
        let to = (from + 5).min(sb);
        // An entity (Truth Social, X) right after the phrase…
        if let Some(e) = ents
            .in_range(t, from, to)
            .into_iter()
            .find(|e| e.kind_tag != "PER" && e.kind_tag != "LOC")
        {
            return Some(entity_ref(e));
        }
        // …or a quoted name (عبر منصته “تروث سوشيال”)…
        for j in from..to {
            if let Some(close) = pairs.closing_of(j) {
                return Some(unlinked(t.span(j + 1, close)));
            }
        }
        // …or a platform word, or the statement itself (في بيان).
        for j in from..to {
            if PLATFORMS.contains(&t.norm(j)) {
                return Some(unlinked(t.span(j, j + 1)));
            }
        }
        if t.norm(i) == "في" && statement.is_none() {
            statement = Some(unlinked(t.span(i + 1, i + 2)));
        }
    }
    statement
}

/// Entities by token position.
struct EntityIndex<'a> {
    ents: &'a [Entity],
    /// For each token, the entity covering it.
    by_token: Vec<Option<usize>>,
}

impl<'a> EntityIndex<'a> {
    fn new(ents: &'a [Entity], t: &Toks) -> Self {
        let mut by_token = vec![None; t.len()];
        for (k, e) in ents.iter().enumerate() {
            // A token belongs to the entity if they overlap (clitics: وبوتين).
            let mut i = t.first_token_after(e.start).saturating_sub(1);
            while i < t.len() && t.get(i).start < e.end {
                if t.get(i).end > e.start {
                    by_token[i] = Some(k);
                }
                i += 1;
            }
        }
        EntityIndex { ents, by_token }
    }
    fn in_range(&self, _t: &Toks, a: usize, b: usize) -> Vec<&'a Entity> {
        let mut seen = Vec::new();
        for i in a..b.min(self.by_token.len()) {
            if let Some(k) = self.by_token[i] {
                if !seen.contains(&k) {
                    seen.push(k);
                }
            }
        }
        seen.into_iter().map(|k| &self.ents[k]).collect()
    }
    /// Is the mention governed by the preposition ل (`لموسكو`, `لوكالة تاس`, `لنظيره ترامب`)?
    fn is_object(&self, t: &Toks, e: &Entity) -> bool {
        let Some(first) = (0..t.len()).find(|&i| t.get(i).end > e.start) else {
            return false;
        };
        let tk = t.get(first);
        if e.start > tk.start && t.norm(first).starts_with('ل') {
            return true;
        }
        first > 0 && {
            let p = t.norm(first - 1);
            p.starts_with("لنظير")
                || (p.starts_with('ل')
                    && OUTLET_HEADS.iter().any(|h| p.strip_prefix('ل') == Some(*h)))
        }
    }
    fn ends_at(&self, i: usize) -> bool {
        self.ending_at(i).is_some()
    }
    fn ending_at(&self, i: usize) -> Option<&'a Entity> {
        let k = (*self.by_token.get(i)?)?;
        let next_same = self.by_token.get(i + 1).copied().flatten() == Some(k);
        (!next_same).then(|| &self.ents[k])
    }
}

#[cfg(test)]
mod tests;
