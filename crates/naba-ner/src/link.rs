//! Entity mentions in a document and their links to the knowledge base.
//!
//! 1. The tagger labels each sentence (naba tokens are the model's input: punctuation is split
//!    off as in ANERcorp).
//! 2. Knowledge-base aliases propose mentions the model misses: multi-word names, curated
//!    single-word names, and media outlets/platforms after a cue (وكالة، قناة، موقع، منصة…).
//! 3. Each mention is resolved: its normalized text, then without proclitics (وبوتين → بوتين,
//!    لموسكو → موسكو); short forms take the link of a longer mention in the same document
//!    (الحسن → محمد الحسن); role phrases resolve through the publication date
//!    (الرئيس الروسي → Vladimir Putin in 2025); a name several clubs or cities share goes to
//!    the one of the country the story's other links point to (الأهلي near القاهرة is Al Ahly
//!    of Cairo; clubs only where football words are near).
//! 4. Mentions that corefer share a document-local `cluster` (linked or not).

use crate::feats::{hstr, mix, IdMap};
use crate::kb::{key, Entry, Kb};
use crate::model::{Model, Scratch};
use crate::{chunks, TYPES};
use naba_arabic::{Kind, Profile, Tok};
use naba_doc::Entity;
use std::collections::HashMap;
use std::sync::OnceLock;

/// Words before an event's name that are not part of it (بطولة الدوري الإماراتي، فعاليات سوق
/// عكاظ), normalized.
const EVENT_CUES: &[&str] = &[
    "بطوله",
    "مسابقه",
    "منافسات",
    "لقب",
    "نسخه",
    "فعاليات",
    "دوره",
];

/// Words after which a quoted or bare name is a media outlet or platform (normalized).
const MEDIA_CUES: &[&str] = &[
    "وكاله",
    "وكالتا",
    "وكالات",
    "قناه",
    "قناتا",
    "موقع",
    "صحيفه",
    "جريده",
    "مجله",
    "منصه",
    "منصته",
    "منصتها",
    "شبكه",
    "اذاعه",
    "تلفزيون",
    "حساب",
    "حسابه",
    "حسابها",
    "صفحته",
    "صفحتها",
    "بيان",
];

/// Words after which a one-word name is a football club (normalized).
const CLUB_CUES: &[&str] = &[
    "نادي",
    "ناديا",
    "فريق",
    "فريقا",
    "فريقي",
    "لاعب",
    "لاعبو",
    "لاعبي",
    "مدرب",
    "حارس",
    "مهاجم",
    "مدافع",
    "مرمي",
    "شباك",
    "جماهير",
    "جمهور",
    "مباراه",
];

/// Words between a cue and the name it introduces (وكالة أنباء الأناضول، وكالة الأنباء السعودية).
const CUE_GLUE: &[&str] = &["انباء", "الانباء"];

/// Role phrases: normalized words → role key.
const ROLES: &[(&[&str], &str)] = &[
    (&["رييس", "الوزراء"], "prime-minister"),
    (&["رييس", "الحكومه"], "prime-minister"),
    (&["وزير", "الخارجيه"], "foreign-minister"),
    (&["وزير", "الدفاع"], "defense-minister"),
    (&["نايب", "الرييس"], "vice-president"),
    // ولي ولي العهد (deputy crown prince) before ولي العهد, which it contains.
    (&["ولي", "ولي", "العهد"], "deputy-crown-prince"),
    (&["ولي", "العهد"], "crown-prince"),
    (&["المرشد", "الاعلي"], "supreme-leader"),
    (&["الرييس"], "president"),
    (&["الملك"], "king"),
    (&["العاهل"], "king"),
    (&["امير"], "emir"),
    (&["الامير"], "emir"),
    (&["السلطان"], "sultan"),
    (&["المستشار"], "chancellor"),
    (&["المرشد"], "supreme-leader"),
];

/// Words after a role phrase that make it a former holder's (normalized).
const FORMER: &[&str] = &["السابق", "السابقه", "الاسبق", "الاسبقه", "الراحل", "الراحله"];

/// Role phrases followed by `ل`+organisation or `باسم` + organisation.
const ORG_ROLES: &[(&[&str], &str)] = &[
    (&["الامين", "العام"], "secretary-general"),
    (&["المتحدث", "باسم"], "spokesperson"),
    (&["الناطق", "باسم"], "spokesperson"),
    (&["المتحدثه", "باسم"], "spokesperson"),
    (&["المدير", "العام"], "director-general"),
];

/// Aliases of the knowledge base as token phrases.
struct AliasIndex {
    /// Rolling hash of a full alias → entries; prefixes of longer aliases flagged.
    full: IdMap<Vec<u32>>,
    prefix: IdMap<()>,
}

const SEED: u64 = 0x6b62_616c_6961_7365;

fn alias_index(kb: &'static Kb) -> &'static AliasIndex {
    static IDX: OnceLock<AliasIndex> = OnceLock::new();
    IDX.get_or_init(|| {
        let mut idx = AliasIndex {
            full: IdMap::default(),
            prefix: IdMap::default(),
        };
        // One-word names several clubs share (الهلال: Riyadh's or Omdurman's).
        let mut club_names: HashMap<&str, usize> = HashMap::new();
        for e in kb.entries.iter().filter(|e| e.kind == "club") {
            for a in e.aliases.iter().filter_map(|a| a.strip_prefix('~')) {
                *club_names.entry(a).or_default() += 1;
            }
        }
        for (i, e) in kb.entries.iter().enumerate() {
            for a in &e.aliases {
                // A shared name is proposed only when it is a place's name of several words
                // (المنطقة الشرقية: Saudi Arabia's or Libya's): a place whichever it is, so
                // the mention stands and the story's country picks the entry. One-word shared
                // names are often ordinary words (الأهلي، يوما، بارك) and wait for the tagger,
                // except a name several clubs share: `propose` keeps it only near football
                // words, and only if the story's country then resolves it.
                let shared_place = is_place(e) && a.contains(' ');
                // Not a nisba (العربي، الأهلي): an adjective of any story ("the Arab reader").
                let shared_club = e.kind == "club"
                    && a.strip_prefix('~').is_some_and(|r| {
                        !r.contains(' ')
                            && !r.ends_with(['ي', 'ى'])
                            && club_names.get(r).copied().unwrap_or(0) >= 2
                    });
                let a = match a.strip_prefix('~') {
                    Some(rest) if shared_place || shared_club => rest,
                    Some(_) => continue,
                    None => a.as_str(),
                };
                let k = key(a);
                // Symbols are tokens of their own in the text (أوبك+ is أوبك and +).
                let toks: Vec<&str> = k
                    .split(' ')
                    .flat_map(|w| w.split_inclusive(is_symbol).flat_map(split_symbol))
                    .filter(|t| !t.is_empty())
                    .collect();
                if toks.is_empty() || toks.len() > 8 {
                    continue;
                }
                let mut h = SEED;
                for (j, t) in toks.iter().enumerate() {
                    h = mix(h, hstr(t));
                    if j + 1 < toks.len() {
                        idx.prefix.insert(h, ());
                    }
                }
                let v = idx.full.entry(h).or_default();
                if !v.contains(&(i as u32)) {
                    v.push(i as u32);
                }
            }
        }
        idx
    })
}

/// A city or a province (the places that share names: `resolve_by_country`'s group).
fn is_place(e: &Entry) -> bool {
    matches!(e.kind.as_str(), "city" | "province")
}

fn is_symbol(c: char) -> bool {
    !c.is_alphanumeric() && c != '\''
}

/// `"اوبك+"` (from `split_inclusive`) → `["اوبك", "+"]`.
fn split_symbol(w: &str) -> [&str; 2] {
    match w.char_indices().last() {
        Some((i, c)) if is_symbol(c) && i > 0 => [&w[..i], &w[i..]],
        _ => [w, ""],
    }
}

/// A token of the document as the linker sees it.
struct T<'a> {
    tok: Tok,
    raw: &'a str,
    norm: String,
    /// Normalized form without proclitics other than the article (وبوتين → بوتين,
    /// والكرملين → الكرملين, لموسكو → موسكو, للبيت → البيت).
    stripped: String,
    /// Number of leading chars of `norm` removed in `stripped` (the proclitics).
    strip_chars: usize,
}

fn strip_proclitics(norm: &str) -> (String, usize) {
    let seg = naba_arabic::clitics::segment_search(norm);
    if seg.proclitics.is_empty() {
        return (norm.to_string(), 0);
    }
    let has_al = seg.proclitics.contains(&"ال");
    let removed: usize = seg
        .proclitics
        .iter()
        .filter(|p| **p != "ال")
        .map(|p| p.chars().count())
        .sum();
    // `لل` (ل + ال) loses the article's alef: restore it.
    let mut out = String::new();
    if has_al {
        out.push_str("ال");
    }
    out.push_str(seg.base);
    if let Some(e) = seg.enclitic {
        out.push_str(e);
    }
    // `للبيت`: the raw text has no `البيت` to point at; keep the whole token in the span.
    let removed = if has_al && norm.starts_with("لل") {
        0
    } else {
        removed
    };
    (out, removed)
}

#[derive(Debug, Clone)]
struct Mention {
    /// Token range `[s, e)`.
    s: usize,
    e: usize,
    etype: usize,
    entry: Option<usize>,
    /// A role phrase (الرئيس الروسي).
    role: bool,
    /// A knowledge-base proposal kept only if it resolves (a shared club name the tagger
    /// missed).
    tentative: bool,
}

/// Find, link and cluster the entities of `text`.
///
/// `toks` are naba's tokens of `text`, `sentences` char spans, `published` the publication date
/// (`YYYY-MM-DD…`) used for role phrases.
pub fn entities(
    model: &Model,
    kb: &'static Kb,
    text: &str,
    toks: &[Tok],
    sentences: &[(usize, usize)],
    published: Option<&str>,
) -> Vec<Entity> {
    let mut ts = linker_tokens(text, toks);
    let date = published.filter(|d| d.len() >= 10).map(|d| &d[..10]);
    let idx = alias_index(kb);
    conjunction_names(&mut ts, idx);
    let mut mentions: Vec<Mention> = Vec::new();
    let mut scratch = Scratch::default();
    // Token ranges of the sentences; the whole document is tagged first so that the labels
    // are consistent across it (a name recognised once is recognised where it recurs).
    let ranges = crate::sentence_ranges(toks, sentences);
    let words: Vec<Vec<&str>> = ranges
        .iter()
        .map(|&(a, b)| ts[a..b].iter().map(|t| t.raw).collect())
        .collect();
    let doc_tags = model.tag_doc(&words, &mut scratch);
    for (&(si, ei), tags) in ranges.iter().zip(doc_tags) {
        let kb_m = propose(kb, idx, &ts, si, ei);
        let mut model_m: Vec<Mention> = chunks(&tags)
            .into_iter()
            .filter_map(|(a, b, ty)| {
                let (s, e) = trim_mention(kb, &ts, &kb_m, si + a, si + b);
                (s < e).then_some(Mention {
                    s,
                    e,
                    etype: ty,
                    entry: None,
                    role: false,
                    tentative: false,
                })
            })
            .collect();
        let role_m = date.map(|d| roles(kb, &ts, si, ei, d)).unwrap_or_default();
        // A model mention that is a run of two or more KB names (بوتين لموسكو; the first may
        // begin before it: شركة أرامكو السعودية وسابك) and names nothing as a whole splits
        // into them.
        model_m.retain(|m| {
            let parts = kb_m.iter().filter(|p| p.s < m.e && m.s < p.e && p.e <= m.e);
            let (n, covered) = parts.fold((0, 0), |(n, c), p| (n + 1, c + p.e - p.s.max(m.s)));
            !(n >= 2 && covered == m.e - m.s && resolve(kb, &ts[m.s..m.e], m.etype).is_none())
        });
        // Merge: a proposal replaces the model mentions it strictly contains; otherwise the
        // model's mention stands. Role phrases only fill gaps.
        for p in kb_m {
            let overlapping: Vec<usize> = (0..model_m.len())
                .filter(|&i| model_m[i].s < p.e && p.s < model_m[i].e)
                .collect();
            let contains_all = overlapping
                .iter()
                .all(|&i| p.s <= model_m[i].s && model_m[i].e <= p.e);
            // The tagger's mention is an outlet's or club's proposal with its cue in front
            // (وكالة أنباء الأناضول، نادي تشيلسي) and names nothing as a whole: the cue is not
            // part of the name, and the proposal is linked. (قناة السويس is not a channel: Suez
            // is a city, which needs no cue.)
            // A linked name of several words that the tagger's mentions cut across, none of
            // which names anything (بطولة دوري | عبداللطيف جميل for دوري عبداللطيف جميل): the
            // knowledge base's span stands, and the cut pieces go.
            let crossed = |model_m: &[Mention], overlapping: &[usize]| {
                p.entry.is_some()
                    && p.e - p.s >= 2
                    && overlapping.iter().all(|&i| {
                        let m = &model_m[i];
                        !(m.s <= p.s && p.e <= m.e) && resolve(kb, &ts[m.s..m.e], m.etype).is_none()
                    })
            };
            let cues = p.entry.and_then(|e| cues_for(&kb.entries[e].kind));
            let cue_led = match (overlapping.as_slice(), cues) {
                (&[i], Some(cues)) => {
                    let m = &model_m[i];
                    m.s < p.s
                        && p.e == m.e
                        && ts[m.s..p.s]
                            .iter()
                            .all(|t| is_cue(t, cues) || is_cue(t, CUE_GLUE))
                        && resolve(kb, &ts[m.s..m.e], m.etype).is_none()
                }
                _ => false,
            };
            if overlapping.is_empty() {
                model_m.push(p);
            } else if cue_led {
                model_m[overlapping[0]] = p;
            } else if contains_all || crossed(&model_m, &overlapping) {
                let same_span = overlapping.len() == 1
                    && model_m[overlapping[0]].s == p.s
                    && model_m[overlapping[0]].e == p.e;
                if same_span {
                    model_m[overlapping[0]].entry = p.entry;
                    model_m[overlapping[0]].etype = p.etype;
                } else {
                    for &i in overlapping.iter().rev() {
                        model_m.remove(i);
                    }
                    model_m.push(p);
                }
            }
        }
        for r in role_m {
            let clash = model_m.iter().any(|m| m.s < r.e && r.s < m.e);
            // A role phrase right before a person's name is that person's title: skip it.
            let titled = model_m.iter().any(|m| m.etype == 0 && m.s == r.e);
            if !clash && !titled {
                model_m.push(r);
            }
        }
        model_m.sort_by_key(|m| (m.s, m.e));
        mentions.extend(model_m);
    }

    // Resolve through the knowledge base.
    for m in mentions.iter_mut().filter(|m| m.entry.is_none()) {
        if let Some(e) = resolve(kb, &ts[m.s..m.e], m.etype) {
            m.entry = Some(e);
        }
    }
    // A name several entries share (الأهلي of Jeddah, Doha or Cairo; طرابلس of Libya or
    // Lebanon) goes to the one whose country the document's other linked names point to most;
    // a club only where football words are near (الأهلي is also an adjective: المجلس الأهلي).
    // Names resolved this way count for the next ones (الهلال then النصر).
    for _ in 0..2 {
        // Linked mentions per entry and per country, counted once a round (a long document
        // would otherwise cost mentions × links).
        let linked = Evidence::of(kb, &mentions);
        for m in mentions.iter_mut().filter(|m| m.entry.is_none() && !m.role) {
            let near = &ts[m.s.saturating_sub(8)..(m.e + 8).min(ts.len())];
            let listed = in_country_list(kb, &ts, m.s, m.e);
            m.entry = resolve_by_country(kb, &ts[m.s..m.e], m.etype, &linked, near, listed);
        }
    }
    mentions.retain(|m| !(m.tentative && m.entry.is_none()));
    reread_conjunction(kb, &ts, &mut mentions);
    for m in mentions.iter_mut() {
        // A club's name after a place word is the place (حي الزمالك, the Cairo district).
        if let Some(e) = m.entry {
            let place_cue = m.s > 0 && PLACE_CUES.contains(&ts[m.s - 1].stripped.as_str());
            if kb.entries[e].kind == "club" && place_cue {
                m.entry = None;
                m.etype = 1;
            }
        }
        if let Some(e) = m.entry {
            m.etype = kb.entries[e].etype;
        }
    }
    // Short forms: an unlinked mention whose last word ends a longer mention of the same type.
    // Not when that word is a father's name (عبدالله بن عبدالعزيز): a lone عبدالعزيز is someone
    // else (the founder, a university, another son).
    let lastword = |m: &Mention| ts[m.e - 1].stripped.clone();
    let patronymic =
        |m: &Mention| m.e - m.s >= 2 && matches!(ts[m.e - 2].norm.as_str(), "بن" | "ابن" | "بنت");
    for i in 0..mentions.len() {
        if mentions[i].entry.is_some() || mentions[i].role {
            continue;
        }
        let lw = lastword(&mentions[i]);
        let len = mentions[i].e - mentions[i].s;
        let donor = mentions
            .iter()
            .filter(|o| {
                o.etype == mentions[i].etype && o.e - o.s > len && !o.role && !patronymic(o)
            })
            .find(|o| lastword(o) == lw && o.entry.is_some())
            .and_then(|o| o.entry);
        // An organisation's short form: not when the word alone names something else
        // (الاتحاد the club after طيران الاتحاد), nor when it is a nisba (البنك السعودي is not
        // مؤسسة النقد العربي السعودي).
        let named_else = |d: usize| {
            let own = kb.by_alias(&lw);
            !own.is_empty() && own.iter().all(|&(x, _)| x != d)
        };
        let org = mentions[i].etype == 2;
        let nisba = org && !kb.by_nisba(&lw).is_empty();
        if donor.is_some_and(|d| !nisba && (!org || len != 1 || !named_else(d))) {
            mentions[i].entry = donor;
        }
    }

    // Clusters: one per linked entry, else one per normalized (stripped) surface, with short
    // forms joining the longer mention that ends with the same word.
    let surface = |m: &Mention| {
        ts[m.s..m.e]
            .iter()
            .enumerate()
            .map(|(j, t)| {
                if j == 0 {
                    t.stripped.as_str()
                } else {
                    t.norm.as_str()
                }
            })
            .collect::<Vec<_>>()
            .join(" ")
    };
    let mut cluster_of: HashMap<String, u32> = HashMap::new();
    let mut next = 0u32;
    let mut out = Vec::with_capacity(mentions.len());
    let keys: Vec<String> = mentions
        .iter()
        .map(|m| match m.entry {
            Some(e) => format!("kb:{}", kb.entries[e].id),
            None => {
                let s = surface(m);
                if m.etype == 0 {
                    // Unlinked person: join a longer unlinked person mention ending the same way.
                    let lw = lastword(m);
                    if let Some(o) = mentions.iter().find(|o| {
                        o.entry.is_none()
                            && o.etype == 0
                            && o.e - o.s > m.e - m.s
                            && !patronymic(o)
                            && lastword(o) == lw
                    }) {
                        return format!("{}:{}", TYPES[0], surface(o));
                    }
                }
                format!("{}:{s}", TYPES[m.etype])
            }
        })
        .collect();
    for (m, k) in mentions.iter().zip(keys) {
        let c = *cluster_of.entry(k).or_insert_with(|| {
            next += 1;
            next - 1
        });
        let first = &ts[m.s];
        // Drop a leading conjunction/preposition clitic from the span (وبوتين → بوتين), unless
        // the linked entry's alias is the whole word (واس is SPA, not و+اس).
        let whole_alias = m.entry.is_some_and(|e| {
            let full: Vec<&str> = ts[m.s..m.e].iter().map(|t| t.norm.as_str()).collect();
            kb.by_alias(&full.join(" ")).iter().any(|(x, _)| *x == e)
        });
        // A title in quotation marks keeps its first letters («لبيك يا وطن» is not ل+بيك).
        let quoted = m.s > 0 && crate::titles::closing(ts[m.s - 1].raw).is_some();
        let strip = if whole_alias || quoted {
            0
        } else {
            first.strip_chars
        };
        let skip = raw_offset(first.raw, strip);
        let start = first.tok.start + skip;
        let end = ts[m.e - 1].tok.end;
        // Byte offsets from the tokens: slicing by chars from the text's start would cost the
        // text's length per mention.
        let skip_bytes = first
            .raw
            .char_indices()
            .nth(skip)
            .map_or(first.raw.len(), |(i, _)| i);
        let (b0, b1) = (first.tok.byte_start + skip_bytes, ts[m.e - 1].tok.byte_end);
        let entry: Option<&Entry> = m.entry.map(|e| &kb.entries[e]);
        out.push(Entity {
            text: text.get(b0..b1.max(b0)).unwrap_or_default().to_string(),
            start,
            end,
            kind_tag: TYPES[m.etype].to_string(),
            id: entry.map(|e| e.id.clone()),
            name: entry.map(|e| e.name.clone()),
            kind: entry.map(|e| e.kind.clone()),
            cluster: Some(c),
        });
    }
    out
}

/// The clitic segmenter reads some names as verbs (وسابك → و+س+اب+ك, "and he will…"): a word
/// that after a lone conjunction و begins a knowledge-base alias matched in full by the tokens
/// that follow, where neither the whole word nor its segmented form begins one, is read as
/// و + name (وسابك، ويوري موسفيني).
fn conjunction_names(ts: &mut [T], idx: &AliasIndex) {
    let begins_alias = |w: &str| {
        let h = mix(SEED, hstr(w));
        idx.full.contains_key(&h) || idx.prefix.contains_key(&h)
    };
    for i in 0..ts.len() {
        let t = &ts[i];
        let Some(rest) = t.norm.strip_prefix('و') else {
            continue;
        };
        if t.tok.kind != Kind::Word
            || rest.chars().count() < 3
            || t.stripped == rest
            || begins_alias(&t.norm)
            || begins_alias(&t.stripped)
        {
            continue;
        }
        let mut h = mix(SEED, hstr(rest));
        let mut j = i;
        let full = loop {
            if idx.full.contains_key(&h) {
                break true;
            }
            if j + 1 >= ts.len() || !idx.prefix.contains_key(&h) {
                break false;
            }
            j += 1;
            h = mix(h, hstr(&ts[j].norm));
        };
        if full {
            let rest = rest.to_string();
            ts[i].stripped = rest;
            ts[i].strip_chars = 1;
        }
    }
}

/// The document's tokens as the linker sees them.
fn linker_tokens<'a>(text: &'a str, toks: &[Tok]) -> Vec<T<'a>> {
    toks.iter()
        .map(|t| {
            let raw = t.text(text);
            let norm = naba_arabic::normalize(raw, &Profile::SEARCH);
            let (stripped, strip_chars) = if t.kind == Kind::Word {
                strip_proclitics(&norm)
            } else {
                (norm.clone(), 0)
            };
            T {
                tok: *t,
                raw,
                norm,
                stripped,
                strip_chars,
            }
        })
        .collect()
}

/// Char offset in `raw` after `n` normalized chars (diacritics and tatweel are skipped).
fn raw_offset(raw: &str, n: usize) -> usize {
    if n == 0 {
        return 0;
    }
    let map = naba_arabic::normalize_with_map(raw, &Profile::SEARCH);
    map.source_span(n, n + 1).0.min(raw.chars().count())
}

/// The entry a mention names, trying its text and its proclitic-stripped form.
fn resolve(kb: &Kb, ts: &[T], etype: usize) -> Option<usize> {
    let index = |e: &Entry| kb.entries.iter().position(|x| std::ptr::eq(x, e));
    for k in mention_keys(ts) {
        if let Some(e) = kb.resolve(&k, Some(etype)) {
            return index(e);
        }
        // An entry of another type overrules the tagger (الكرملين is an organisation,
        // كوبنهاغن a capital), but not a one-word alias of a generated person or of a
        // generated city that is no capital: the towns Rice and Henry must not turn the
        // tagger's رايس and هنري into places.
        if let Some(e) = kb.resolve(&k, None).and_then(index) {
            let minor = is_generated(kb, e) && kb.entries[e].country.is_none();
            if ts.len() >= 2 || !minor {
                return Some(e);
            }
        }
    }
    // A family name after a person's (سلمان بن عبدالعزيز آل سعود، تميم بن حمد آل ثاني): the
    // person the rest names, when the rest is two words or more and, for a ruling family, the
    // person is of its country (محمد بن سلمان آل خليفة is no Saudi prince).
    let n = ts.len();
    if n >= 4 && ts[n - 2].norm == "ال" {
        let family_country = match ts[n - 1].norm.as_str() {
            "سعود" => Some("Q851"),
            "ثاني" => Some("Q846"),
            "نهيان" | "مكتوم" | "القاسمي" => Some("Q878"),
            "خليفه" => Some("Q398"),
            "الصباح" => Some("Q817"),
            "سعيد" => Some("Q842"),
            _ => None,
        };
        return resolve(kb, &ts[..n - 2], etype).filter(|&e| {
            let en = &kb.entries[e];
            en.etype == 0 && family_country.is_none_or(|c| en.country.as_deref() == Some(c))
        });
    }
    None
}

/// Words that make the name after them a place (normalized as the linker's tokens are).
const PLACE_CUES: &[&str] = &[
    "حي",
    "ضاحيه",
    "منطقه",
    "شارع",
    "ميدان",
    "جزيره",
    "بلده",
    "قريه",
];

/// A one-word mention whose whole form names one entry and whose form without the proclitic
/// names another of the same type (وجدة: Oujda, or و + جدة "and Jeddah") is read as the second
/// when the document's other linked names point to its country or to itself more than to the
/// first's. Saudi news writes "and Jeddah" far more often than it names the Moroccan city.
fn reread_conjunction(kb: &Kb, ts: &[T], mentions: &mut [Mention]) {
    let readings = |m: &Mention| -> Option<(usize, usize)> {
        let t = &ts[m.s];
        if m.e - m.s != 1 || m.role || t.strip_chars == 0 {
            return None;
        }
        let index = |e: &Entry| kb.entries.iter().position(|x| std::ptr::eq(x, e));
        let whole = kb.resolve(&t.norm, Some(m.etype)).and_then(index)?;
        let split = kb.resolve(&t.stripped, Some(m.etype)).and_then(index)?;
        (Some(whole) == m.entry && whole != split).then_some((whole, split))
    };
    let linked = Evidence::of(kb, mentions);
    for m in mentions.iter_mut() {
        let Some((whole, split)) = readings(m) else {
            continue;
        };
        // The mention itself counts for the whole reading: take it out.
        let score = |e: usize, own: usize| {
            let c = country_of(&kb.entries[e]).map_or(0, |c| {
                let n = linked.countries.get(c).copied().unwrap_or(0);
                if country_of(&kb.entries[whole]) == Some(c) {
                    n.saturating_sub(own)
                } else {
                    n
                }
            });
            c + linked
                .entries
                .get(&e)
                .copied()
                .unwrap_or(0)
                .saturating_sub(own)
        };
        if score(split, 0) > score(whole, 1) {
            m.entry = Some(split);
        }
    }
}

/// The alias keys a mention is looked up by: its normalized text, then the same with the first
/// word's proclitics stripped (وبوتين → بوتين).
fn mention_keys(ts: &[T]) -> [String; 2] {
    let rest: String = ts[1..]
        .iter()
        .flat_map(|t| [" ", t.norm.as_str()])
        .collect();
    [&ts[0].norm, &ts[0].stripped].map(|first| format!("{first}{rest}"))
}

/// A tagger mention without what cannot be part of a name: quotes and other punctuation at
/// either end (و”تاس”), and nisba adjectives in front of a knowledge-base name (العاصمة
/// الأوكرانية كييف: an Arabic adjective follows its noun, so a nisba before a name qualifies
/// the word before it).
fn trim_mention(
    kb: &Kb,
    ts: &[T],
    proposals: &[Mention],
    mut s: usize,
    mut e: usize,
) -> (usize, usize) {
    let word = |t: &T| !matches!(t.tok.kind, Kind::Punct | Kind::Symbol);
    while s < e && !word(&ts[s]) {
        s += 1;
    }
    while s < e && !word(&ts[e - 1]) {
        e -= 1;
    }
    let mut k = s;
    while k < e && !kb.by_nisba(&ts[k].stripped).is_empty() {
        k += 1;
    }
    if k > s && proposals.iter().any(|p| p.s == k && p.e == e) {
        s = k;
    }
    // نادي النصر، فريق الهلال: the club is the name after the cue (linked by the story's
    // country when several clubs share it).
    let club_after = |s: usize| {
        mention_keys(&ts[s..e]).iter().any(|k| {
            kb.by_alias(k)
                .iter()
                .any(|&(x, _)| kb.entries[x].kind == "club")
        })
    };
    if e - s >= 2 && matches!(ts[s].stripped.as_str(), "نادي" | "فريق") && club_after(s + 1)
    {
        s += 1;
    }
    (s, e)
}

/// A document's linked mentions, counted per entry and per country ([`country_of`]).
#[derive(Default)]
struct Evidence<'a> {
    entries: HashMap<usize, usize>,
    countries: HashMap<&'a str, usize>,
}

impl<'a> Evidence<'a> {
    fn of(kb: &'a Kb, mentions: &[Mention]) -> Self {
        let mut linked = Evidence::default();
        for e in mentions.iter().filter_map(|m| m.entry) {
            *linked.entries.entry(e).or_default() += 1;
            if let Some(c) = country_of(&kb.entries[e]) {
                *linked.countries.entry(c).or_default() += 1;
            }
        }
        linked
    }
}

/// The country an entry stands for or belongs to (a country is its own).
fn country_of(e: &Entry) -> Option<&str> {
    if e.kind == "country" {
        Some(e.id.as_str())
    } else {
        e.country.as_deref()
    }
}

/// Among the entries of type `etype` that share the mention's name, all clubs, all places or
/// all companies, or one country and cities of other countries, the one whose country the
/// document's `linked` entries point to strictly most often, not counting the candidates
/// themselves (النصر الإماراتي, the visitor, says nothing about the bare النصر of the story);
/// clubs only when football words are among the tokens `near` the mention. A country that
/// shares its name with a city (عمان: Oman or Amman) is chosen outright when the mention is
/// `listed` among countries (a list of countries is no evidence of the story's country).
fn resolve_by_country(
    kb: &Kb,
    ts: &[T],
    etype: usize,
    linked: &Evidence<'_>,
    near: &[T],
    listed: bool,
) -> Option<usize> {
    for k in mention_keys(ts) {
        let cands: Vec<usize> = kb
            .by_alias(&k)
            .iter()
            .map(|&(e, _)| e)
            .filter(|&e| kb.entries[e].etype == etype)
            .collect();
        if cands.len() < 2 {
            continue;
        }
        // Clubs among clubs, places (cities and provinces: the Saudi town and the Iraqi
        // province ميسان) among places, banks among companies (البنك الأهلي: Saudi or Egyptian).
        let group = |e: usize| match kb.entries[e].kind.as_str() {
            "club" => Some(0),
            _ if is_place(&kb.entries[e]) => Some(1),
            "company" => Some(2),
            _ => None,
        };
        // A country and cities of other countries (عمان: Oman or Amman): in a list of
        // countries (السعودية والبحرين وعمان) the country; elsewhere, like the groups below, the
        // one whose country the story names strictly more often (Oman for the country, Jordan
        // for the city).
        let countries: Vec<usize> = cands
            .iter()
            .copied()
            .filter(|&e| kb.entries[e].kind == "country")
            .collect();
        let country_or_city = match countries[..] {
            [country] => cands.iter().filter(|&&e| e != country).all(|&e| {
                is_place(&kb.entries[e])
                    && country_of(&kb.entries[e]) != country_of(&kb.entries[country])
            }),
            _ => false,
        };
        if country_or_city && listed {
            return Some(countries[0]);
        }
        if !country_or_city {
            let g = group(cands[0])?;
            if cands.iter().any(|&e| group(e) != Some(g))
                || g == 0 && !near.iter().any(is_football_word)
            {
                return None;
            }
        }
        let score = |e: usize| {
            let Some(c) = country_of(&kb.entries[e]) else {
                return 0;
            };
            let own: usize = cands
                .iter()
                .filter(|&&x| country_of(&kb.entries[x]) == Some(c))
                .map(|x| linked.entries.get(x).copied().unwrap_or(0))
                .sum();
            linked.countries.get(c).copied().unwrap_or(0) - own
        };
        let best = cands.iter().copied().max_by_key(|&e| score(e))?;
        let top = score(best);
        let ties = cands.iter().filter(|&&e| score(e) == top).count();
        return (top > 0 && ties == 1).then_some(best);
    }
    None
}

/// Whether the mention `[s, e)` stands in a list of countries: a country joined to it by a
/// comma or by و, before it or after it (والبحرين وعمان، عمان، الكويت). A country word next to
/// it without either is no list (السفارة السعودية بعمان).
fn in_country_list(kb: &Kb, ts: &[T], s: usize, e: usize) -> bool {
    let is_country = |t: &T| {
        mention_keys(std::slice::from_ref(t)).iter().any(|k| {
            let c = kb.by_alias(k);
            c.len() == 1 && kb.entries[c[0].0].kind == "country"
        })
    };
    let comma = |t: &T| matches!(t.norm.as_str(), "," | "،");
    let and = |t: &T| t.strip_chars > 0 && t.norm.starts_with('و');
    let before = match s {
        0 => false,
        _ if comma(&ts[s - 1]) => s >= 2 && is_country(&ts[s - 2]),
        _ => and(&ts[s]) && is_country(&ts[s - 1]),
    };
    let after = match ts.get(e) {
        Some(t) if comma(t) => ts.get(e + 1).is_some_and(is_country),
        Some(t) => and(t) && is_country(t),
        None => false,
    };
    before || after
}

/// A club cue, with or without the article (النادي، الفريق), or a word of the game.
fn is_football_word(t: &T) -> bool {
    let w = t.stripped.strip_prefix("ال").unwrap_or(&t.stripped);
    CLUB_CUES.contains(&w)
        || matches!(
            w,
            "دوري" | "كره" | "ملعب" | "مدرج" | "مباريات" | "مباراه" | "مهاجم" | "هدفين"
        )
}

fn is_cue(t: &T, cues: &[&str]) -> bool {
    cues.contains(&t.stripped.as_str()) || cues.contains(&t.norm.as_str())
}

/// The cue words a name of this kind may need before it.
fn cues_for(kind: &str) -> Option<&'static [&'static str]> {
    match kind {
        "media" | "platform" => Some(MEDIA_CUES),
        "club" => Some(CLUB_CUES),
        "event" | "competition" => Some(EVENT_CUES),
        _ => None,
    }
}

fn is_glue(t: &T) -> bool {
    matches!(t.tok.kind, Kind::Punct | Kind::Symbol) || t.norm == "و"
}

/// Knowledge-base alias matches in tokens `[si, ei)`, longest first, not overlapping.
fn propose(kb: &Kb, idx: &AliasIndex, ts: &[T], si: usize, ei: usize) -> Vec<Mention> {
    let mut out: Vec<Mention> = Vec::new();
    let mut i = si;
    while i < ei {
        let mut best: Option<(usize, &Vec<u32>)> = None;
        for first in [ts[i].norm.as_str(), ts[i].stripped.as_str()] {
            let mut h = mix(SEED, hstr(first));
            let mut j = i;
            loop {
                if let Some(v) = idx.full.get(&h) {
                    if best.is_none_or(|(e, _)| j + 1 > e) {
                        best = Some((j + 1, v));
                    }
                }
                if j + 1 >= ei || !idx.prefix.contains_key(&h) {
                    break;
                }
                j += 1;
                h = mix(h, hstr(&ts[j].norm));
            }
            if ts[i].stripped == ts[i].norm {
                break;
            }
        }
        let Some((end, cands)) = best else {
            i += 1;
            continue;
        };
        // Unique entry, or unique per type: pick only when unambiguous.
        let entry = match cands.as_slice() {
            [e] => Some(*e as usize),
            _ => None,
        };
        let ntok = end - i;
        let shared_place = entry.is_none()
            && ntok >= 2
            && cands.iter().all(|&e| is_place(&kb.entries[e as usize]));
        // A one-word name several clubs share (الهلال، النصر) that the tagger missed, with
        // football words in its sentence: proposed, and kept if the story's country resolves it.
        let shared_club = entry.is_none()
            && ntok == 1
            && cands.iter().all(|&e| kb.entries[e as usize].kind == "club")
            && ts[i.saturating_sub(8).max(si)..(end + 8).min(ei)]
                .iter()
                .any(is_football_word);
        let accept = shared_place
            || shared_club
            || entry.is_some_and(|e| {
                let en = &kb.entries[e];
                let cues = cues_for(&en.kind);
                let cued = cues.is_some_and(|cues| {
                    // A cue word before the name, across quotes, `و` and other names of its kind.
                    let mut k = i;
                    let mut found = false;
                    while k > si && i - k < 8 {
                        k -= 1;
                        if is_cue(&ts[k], cues) {
                            found = true;
                            break;
                        }
                        let same_kind = out.iter().any(|m| {
                            m.s <= k
                                && k < m.e
                                && m.entry
                                    .is_some_and(|x| cues_for(&kb.entries[x].kind) == Some(cues))
                        });
                        if !(is_glue(&ts[k]) || is_cue(&ts[k], CUE_GLUE) || same_kind) {
                            break;
                        }
                    }
                    found || (ntok >= 2 && is_cue(&ts[i], cues))
                });
                match en.kind.as_str() {
                    "media" | "platform" => {
                        // Outlets named by common words (روسيا اليوم) need a cue; distinctive
                        // multi-word names (فرانس برس، ريا نوفوستي) do not.
                        let first_is_place = kb
                            .by_alias(&ts[i].stripped)
                            .iter()
                            .any(|(x, _)| kb.entries[*x].etype == 1);
                        cued || (ntok >= 2 && !first_is_place)
                    }
                    // Clubs are mostly named by one ordinary word (السد، الوحدة): a cue is needed.
                    "club" => cued || ntok >= 2,
                    _ => ntok >= 2 || !is_generated(kb, e),
                }
            });
        if accept {
            // A cue that is part of the alias (قناة اكسترا نيوز) stays outside the mention.
            let s = if ntok >= 2 && is_cue(&ts[i], MEDIA_CUES) {
                i + 1
            } else {
                i
            };
            out.push(Mention {
                s,
                e: end,
                etype: kb.entries[entry.unwrap_or(cands[0] as usize)].etype,
                entry,
                role: false,
                tentative: shared_club,
            });
            i = end;
        } else {
            i += 1;
        }
    }
    out
}

/// Whether entry `e` is a city or person of the generated files (Wikipedia names, among them
/// small towns and people whose one-word names are ordinary names or words in news).
fn is_generated(kb: &Kb, e: usize) -> bool {
    let id = &kb.entries[e].id;
    (id.starts_with("naba:city/") || id.starts_with("naba:person/")) && !is_curated(kb, e)
}

/// Whether entry `e` comes from the hand-written file (generated files load after it).
fn is_curated(kb: &Kb, e: usize) -> bool {
    static N: OnceLock<usize> = OnceLock::new();
    let n = *N.get_or_init(|| {
        let mut k = Kb::default();
        k.load(crate::kb::FILES[0].0, crate::kb::FILES[0].1)
            .unwrap_or(0)
    });
    e < n && std::ptr::eq(kb, Kb::embedded())
}

/// Do the tokens from `i` on read `words` (each token with or without its proclitics)?
fn phrase_at(ts: &[T], i: usize, words: &[&str]) -> bool {
    words
        .iter()
        .enumerate()
        .all(|(k, w)| ts[i + k].stripped == *w || ts[i + k].norm == *w)
}

/// Role phrases in tokens `[si, ei)` resolved to the one holder on `date`.
fn roles(kb: &Kb, ts: &[T], si: usize, ei: usize, date: &str) -> Vec<Mention> {
    let mut out = Vec::new();
    let mut i = si;
    while i < ei {
        let mut hit = None;
        // Tokens of a role phrase that matched without resolving: its inner words are not
        // read again as a shorter role (ولي العهد inside ولي ولي العهد، الرئيس inside نائب الرئيس).
        let mut matched = 1;
        for (words, role) in ROLES {
            let n = words.len();
            if i + n < ei && phrase_at(ts, i, words) {
                // Followed by a nisba (الروسي، الأمريكية).
                let nis = &ts[i + n];
                let countries: Vec<usize> = kb
                    .by_nisba(&nis.norm)
                    .iter()
                    .chain(kb.by_nisba(&nis.stripped))
                    .copied()
                    .collect();
                // الرئيس اليمني السابق is a former holder, not the one in office on `date`.
                let former = i + n + 1 < ei && FORMER.contains(&ts[i + n + 1].norm.as_str());
                if let (Some(&c), false) = (countries.first(), former) {
                    if countries.iter().all(|&x| x == c) {
                        if let Some(h) = kb.role_holder(role, &kb.entries[c].id, date) {
                            hit = Some((i + n + 1, h));
                        }
                    }
                }
                matched = n;
                break;
            }
        }
        if hit.is_none() {
            for (words, role) in ORG_ROLES {
                let n = words.len();
                if i + n < ei && phrase_at(ts, i, words) {
                    // The organisation: the longest alias starting at i+n (ل stripped).
                    for end in (i + n + 1..=(i + n + 6).min(ei)).rev() {
                        let mut k = ts[i + n].stripped.clone();
                        for t in &ts[i + n + 1..end] {
                            k.push(' ');
                            k.push_str(&t.norm);
                        }
                        if let Some(org) = kb.resolve(&k, None).filter(|e| e.etype != 0) {
                            if let Some(h) = kb.role_holder(role, &org.id, date) {
                                hit = Some((end, h));
                            }
                            break;
                        }
                    }
                    break;
                }
            }
        }
        match hit {
            Some((end, h)) => {
                out.push(Mention {
                    s: i,
                    e: end,
                    etype: 0,
                    entry: kb.entries.iter().position(|x| std::ptr::eq(x, h)),
                    role: true,
                    tentative: false,
                });
                i = end;
            }
            None => i += matched,
        }
    }
    out
}

/// IOB2 tags of pre-tokenized sentences (one document) as the entity layer finds them: the
/// tagger with document evidence, then the knowledge base's proposals and types
/// ([`entities`] without role phrases). For scoring the whole layer on CoNLL files.
pub fn tag_tokens(model: &Model, kb: &'static Kb, sents: &[Vec<&str>]) -> Vec<Vec<u8>> {
    let mut text = String::new();
    let mut toks = Vec::new();
    let mut sentences = Vec::new();
    let mut chars = 0usize;
    for s in sents {
        let start = chars;
        for w in s {
            if !text.is_empty() {
                text.push(' ');
                chars += 1;
            }
            let n = w.chars().count();
            let kind = naba_arabic::tokenize::tokenize(w)
                .first()
                .map_or(Kind::Symbol, |t| t.kind);
            toks.push(Tok {
                start: chars,
                end: chars + n,
                byte_start: text.len(),
                byte_end: text.len() + w.len(),
                kind,
            });
            text.push_str(w);
            chars += n;
        }
        sentences.push((start, chars));
    }
    let ents = entities(model, kb, &text, &toks, &sentences, None);
    let mut flat = vec![0u8; toks.len()];
    let at = |c: usize| toks.partition_point(|t| t.end <= c);
    for e in &ents {
        let Some(ty) = crate::type_index(&e.kind_tag) else {
            continue;
        };
        let (a, b) = (at(e.start), at(e.end.saturating_sub(1)) + 1);
        if a >= b || b > flat.len() || flat[a..b].iter().any(|&t| t != 0) {
            continue;
        }
        flat[a] = crate::tag_of(ty, false);
        for t in &mut flat[a + 1..b] {
            *t = crate::tag_of(ty, true);
        }
    }
    let mut out = Vec::with_capacity(sents.len());
    let mut k = 0;
    for s in sents {
        out.push(flat[k..k + s.len()].to_vec());
        k += s.len();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn proclitics_strip_but_keep_the_article() {
        assert_eq!(strip_proclitics("وبوتين").0, "بوتين");
        assert_eq!(strip_proclitics("لموسكو").0, "موسكو");
        assert_eq!(strip_proclitics("والكرملين"), ("الكرملين".to_string(), 1));
        assert_eq!(strip_proclitics("للبيت"), ("البيت".to_string(), 0));
        assert_eq!(strip_proclitics("بوتين").0, "بوتين");
        // A name whose first letter only looks like a clitic keeps it in the span.
        assert_eq!(strip_proclitics("فيصل"), ("فيصل".to_string(), 0));
        assert_eq!(strip_proclitics("وفيصل"), ("فيصل".to_string(), 1));
        assert_eq!(strip_proclitics("بشار"), ("بشار".to_string(), 0));
    }

    fn resolve_word(word: &str, etype: usize) -> Option<&'static str> {
        let kb = Kb::embedded();
        let norm = naba_arabic::normalize(word, &Profile::SEARCH);
        let (stripped, strip_chars) = strip_proclitics(&norm);
        let t = T {
            tok: naba_arabic::tokenize(word)[0],
            raw: word,
            norm,
            stripped,
            strip_chars,
        };
        resolve(kb, &[t], etype).map(|e| kb.entries[e].name.as_str())
    }

    #[test]
    fn another_type_overrules_the_tagger_only_when_sure() {
        // PER = 0, LOC = 1, ORG = 2.
        assert_eq!(resolve_word("الكرملين", 1), Some("Kremlin"));
        assert_eq!(resolve_word("كوبنهاغن", 2), Some("Copenhagen"));
        assert_eq!(resolve_word("كوبنهاغن", 1), Some("Copenhagen"));
        // Small towns of the generated file (Rice, Henry) are not the people news names.
        assert_eq!(resolve_word("رايس", 0), None);
        assert_eq!(resolve_word("هنري", 0), None);
        assert_eq!(resolve_word("رايس", 1), Some("Rice"));
    }

    #[test]
    fn tokens_get_the_layers_tags() {
        let model = crate::model::embedded().expect("embedded model");
        let s1 = ["وقال", "الكرملين", "إن", "وبوتين", "سيزور", "موسكو", "."];
        let s2 = ["منتدى", "سان", "بطرسبورغ", "الاقتصادي", "الدولي"];
        let tags = tag_tokens(&model, Kb::embedded(), &[s1.to_vec(), s2.to_vec(), vec![]]);
        let names: Vec<&str> = tags.iter().flatten().map(|&t| crate::tag_name(t)).collect();
        // ORG for الكرملين is the knowledge base's type; the forum is one multi-word alias.
        assert_eq!(
            names,
            [
                "O", "B-ORG", "O", "B-PER", "O", "B-LOC", "O", "B-MISC", "I-MISC", "I-MISC",
                "I-MISC", "I-MISC"
            ]
        );
    }

    /// `(text, English name)` of each entity.
    fn names(e: &[Entity]) -> Vec<(&str, Option<&str>)> {
        e.iter()
            .map(|x| (x.text.as_str(), x.name.as_deref()))
            .collect()
    }

    fn run(text: &str, date: Option<&str>) -> Vec<Entity> {
        let model = crate::model::embedded().expect("embedded model");
        let toks = naba_arabic::tokenize(text);
        let sents = naba_arabic::sentences::split_tokens(text, &toks);
        entities(&model, Kb::embedded(), text, &toks, &sents, date)
    }

    #[test]
    fn a_cue_stays_outside_the_linked_name() {
        let e = run(
            "وقالت وكالة أنباء الأناضول إن لاعب خط وسط نادي تشيلسي وصل إلى لندن.",
            None,
        );
        let names = names(&e);
        assert!(
            names.contains(&("الأناضول", Some("Anadolu Agency"))),
            "{names:?}"
        );
        assert!(
            names.contains(&("تشيلسي", Some("Chelsea F.C."))),
            "{names:?}"
        );
    }

    #[test]
    fn tagger_spans_lose_end_punctuation_and_a_leading_nisba() {
        let kb = Kb::embedded();
        let idx = alias_index(kb);
        let span = |text: &str, a: usize, b: usize| {
            let toks = naba_arabic::tokenize(text);
            let ts = linker_tokens(text, &toks);
            let props = propose(kb, idx, &ts, 0, ts.len());
            let (s, e) = trim_mention(kb, &ts, &props, a, b);
            ts[s..e].iter().map(|t| t.raw).collect::<Vec<_>>().join(" ")
        };
        // و ” تاس ” ، : the tagger's mention over tokens 1..4 keeps only the name.
        assert_eq!(span("و”تاس”، وأكده", 1, 4), "تاس");
        // العاصمة الأوكرانية كييف: the nisba belongs to العاصمة.
        assert_eq!(span("العاصمة الأوكرانية كييف", 1, 3), "كييف");
        // Before a word the knowledge base does not propose, the tagger's span stands.
        assert_eq!(span("الأوكرانية زيد", 0, 2), "الأوكرانية زيد");
        // All punctuation: nothing left.
        assert_eq!(span("« »", 0, 2), "");
    }

    #[test]
    fn a_shared_name_takes_the_country_of_the_story() {
        let link = |text: &str, word: &str| {
            run(text, None)
                .into_iter()
                .find(|e| e.text == word)
                .and_then(|e| e.name)
        };
        let cairo =
            "فاز الأهلي على الزمالك بهدفين في مباراة الدوري المصري التي أقيمت في القاهرة أمس.";
        assert_eq!(link(cairo, "الأهلي").as_deref(), Some("Al Ahly SC"));
        let jeddah = "تعادل الأهلي مع الاتحاد في مباراة الدوري السعودي على ملعب الجوهرة في جدة.";
        assert_eq!(link(jeddah, "الأهلي").as_deref(), Some("Al-Ahli Saudi FC"));
        // No football near: الأهلي is an adjective here, not a club of Jeddah.
        let council = "أعلن المجلس الأهلي في مدينة جدة عن خطة جديدة للتعليم.";
        assert_eq!(link(council, "الأهلي"), None);
        let libya = "قالت حكومة طرابلس إن القتال في ليبيا توقف أمس.";
        assert_eq!(link(libya, "طرابلس").as_deref(), Some("Tripoli"));
        let e = run(libya, None);
        let id = e
            .iter()
            .find(|x| x.text == "طرابلس")
            .and_then(|x| x.id.clone());
        assert_eq!(id.as_deref(), Some("naba:city/tripoli-libya"));
        // A Saudi town and an Iraqi province.
        let taif = "صلي عليه بعد صلاة الظهر في جامع التعاون بمحافظة ميسان التي تقع جنوب الطائف.";
        assert_eq!(
            link(taif, "ميسان").as_deref(),
            Some("Maysan (Saudi Arabia)")
        );
        let iraq = "قتل ثلاثة أشخاص في انفجار بمحافظة ميسان جنوب العراق، بحسب مصادر أمنية في بغداد.";
        assert_eq!(link(iraq, "ميسان").as_deref(), Some("Maysan"));
        assert_eq!(link("وصل الوفد إلى ميسان أمس.", "ميسان"), None);
        // The cue stays outside a shared club name, which the story's country resolves.
        let nassr = "دشن نادي النصر أطقم الفريق الأول لكرة القدم للموسم الرياضي الجديد في الرياض.";
        assert_eq!(link(nassr, "النصر").as_deref(), Some("Al Nassr FC"));
        // The visitor named with its nisba says nothing about the bare name of the story.
        let visitor = "يلعب النصر في معسكره مباراة ودية مع النصر الإماراتي على ملعب في النمسا.";
        assert_eq!(link(visitor, "النصر"), None);
    }

    #[test]
    fn conjunction_and_place_words_change_the_reading() {
        let link = |text: &str, word: &str| {
            run(text, None)
                .into_iter()
                .filter(|e| e.text == word)
                .map(|e| e.name)
                .collect::<Vec<_>>()
        };
        // وجدة in a Saudi story is "and Jeddah"; the span loses the conjunction.
        let saudi = "افتتح الأمير مشاريع في الرياض وجدة والدمام بحضور أمير منطقة مكة المكرمة.";
        assert_eq!(link(saudi, "جدة"), [Some("Jeddah".to_string())]);
        assert!(link(saudi, "وجدة").is_empty());
        // In a Moroccan story the word stays the Moroccan city.
        assert_eq!(
            link("وصل الوفد المغربي إلى مدينة وجدة شرق المغرب.", "وجدة"),
            [Some("Oujda".to_string())]
        );
        // حي الزمالك is the Cairo district, not the club.
        let e = run("افتتح مطعم جديد في حي الزمالك بالقاهرة.", None);
        let z = e.iter().find(|x| x.text == "الزمالك").expect("الزمالك");
        assert_eq!((z.kind_tag.as_str(), z.id.as_deref()), ("LOC", None));
        let club = "فاز الزمالك على الأهلي في الدوري المصري بالقاهرة.";
        assert_eq!(link(club, "الزمالك"), [Some("Zamalek SC".to_string())]);
    }

    #[test]
    fn banks_and_companies_link() {
        let e = run(
            "أعلنت شركة أرامكو السعودية وسابك ومصرف الراجحي نتائجها، بينما ثبتت مؤسسة النقد العربي السعودي أسعار الفائدة في الرياض.",
            None,
        );
        let ids: Vec<&str> = e.iter().filter_map(|x| x.id.as_deref()).collect();
        for id in [
            "naba:company/saudi-aramco",
            "naba:company/sabic",
            "naba:company/al-rajhi-bank",
            "naba:org/sama",
        ] {
            assert!(ids.contains(&id), "{id} not in {ids:?}");
        }
        // A name two banks share goes to the story's country.
        let link = |text: &str| {
            run(text, None)
                .into_iter()
                .find(|x| x.text.ends_with("البنك الأهلي"))
                .and_then(|x| x.id)
        };
        let riyadh = "أعلن البنك الأهلي في الرياض عن أرباحه، وقالت مؤسسة النقد العربي السعودي إن البنوك السعودية قوية.";
        let cairo = "أعلن البنك الأهلي في القاهرة عن أرباحه، وقال البنك المركزي المصري إن البنوك المصرية قوية.";
        assert_eq!(link(riyadh).as_deref(), Some("naba:company/snb"));
        assert_eq!(link(cairo).as_deref(), Some("naba:company/nbe"));
    }

    #[test]
    fn souq_okaz_is_a_festival_and_okaz_a_newspaper() {
        let e = run(
            "افتتح أمير منطقة مكة المكرمة فعاليات سوق عكاظ في الطائف، وقال لصحيفة عكاظ إن المهرجان بدأ.",
            None,
        );
        let ids: Vec<(&str, Option<&str>)> = e
            .iter()
            .map(|x| (x.text.as_str(), x.id.as_deref()))
            .collect();
        assert!(
            ids.contains(&("سوق عكاظ", Some("naba:event/souq-okaz"))),
            "{ids:?}"
        );
        assert!(ids.contains(&("عكاظ", Some("naba:media/okaz"))), "{ids:?}");
    }

    #[test]
    fn a_shared_place_name_of_several_words_is_proposed_and_takes_the_story_country() {
        let link = |text: &str| {
            run(text, None)
                .into_iter()
                .find(|x| x.text.ends_with("المنطقة الشرقية"))
                .map(|x| x.id)
        };
        let saudi = "افتتح أمير المنطقة الشرقية مشروعا في الدمام بحضور مسؤولين من الرياض.";
        let libya = "قالت قوات المنطقة الشرقية في ليبيا إنها سيطرت على بنغازي.";
        assert_eq!(
            link(saudi),
            Some(Some("naba:province/sa-eastern".to_string()))
        );
        assert_eq!(
            link(libya),
            Some(Some("naba:province/ly-cyrenaica".to_string()))
        );
        // No country in the story: a place, unlinked.
        assert_eq!(link("زار الوفد المنطقة الشرقية أمس."), Some(None));
    }

    #[test]
    fn a_league_is_the_story_country_for_a_shared_club_name() {
        let club = |text: &str| {
            run(text, None)
                .into_iter()
                .find(|x| x.text == "النصر")
                .and_then(|x| x.id)
        };
        let saudi = "توج فريق النصر ببطولة دوري عبداللطيف جميل بعد تعادله في المباراة الأخيرة.";
        let uae = "توج فريق النصر ببطولة الدوري الإماراتي بعد تعادله في المباراة الأخيرة.";
        assert_eq!(club(saudi).as_deref(), Some("naba:club/al-nassr"));
        assert_eq!(club(uae).as_deref(), Some("naba:club/al-nasr-dubai"));
    }

    #[test]
    fn a_shared_club_name_the_tagger_missed_is_linked_by_the_story() {
        let club = |text: &str| {
            run(text, None)
                .into_iter()
                .find(|x| x.text.ends_with("الهلال"))
                .map(|x| x.id)
        };
        // Football words and a Saudi league: the Riyadh club, tagged or not.
        assert_eq!(
            club("فاز الهلال على النصر بهدفين مقابل هدف ضمن دوري المحترفين السعودي.")
                .flatten()
                .as_deref(),
            Some("naba:club/al-hilal")
        );
        // No football near: the crescent stays a word.
        assert_eq!(club("ترقب المسلمون رؤية الهلال مساء اليوم."), None);
        // Football but no country in the story: not linked (the proposal is dropped).
        assert_eq!(club("انتهت المباراة بفوز الهلال بهدفين.").flatten(), None);
    }

    #[test]
    fn amman_or_oman_by_list_and_story() {
        let link = |text: &str| {
            run(text, None)
                .into_iter()
                .filter(|x| x.text.ends_with("عمان"))
                .map(|x| x.id)
                .collect::<Vec<_>>()
        };
        let amman = Some("Q3805".to_string());
        let oman = Some("Q842".to_string());
        // A list of countries: the country, whatever else the story names.
        assert_eq!(
            link("قال وزير الخارجية الأردني إن السعودية والبحرين وعمان تدعم الاتفاق."),
            vec![oman.clone()]
        );
        // Elsewhere, the country the story names: Jordan for the city, even after the nisba
        // of another country (no list without a comma or و).
        assert_eq!(
            link("وصل ولي العهد إلى الأردن والتقى المسؤولين في السفارة السعودية بعمان."),
            vec![amman]
        );
        assert_eq!(
            link("أشاد الوزير العماني بالعلاقات، وقال إن مسقط وعمان ستوقعان اتفاقا."),
            vec![oman]
        );
        // No evidence either way: unlinked.
        assert_eq!(link("عقد الاجتماع في عمان أمس."), vec![None]);
    }

    #[test]
    fn a_family_name_after_a_person_keeps_the_link() {
        let e = run(
            "أصدر خادم الحرمين الشريفين الملك سلمان بن عبدالعزيز آل سعود أمرا ملكيا، واستقبل الشيخ تميم بن حمد آل ثاني.",
            None,
        );
        // The whole name, family name included, is the linked mention.
        let link = |end: &str| {
            e.iter()
                .find(|x| x.text.ends_with(end))
                .and_then(|x| x.id.as_deref())
        };
        assert_eq!(link("آل سعود"), Some("naba:person/king-salman"), "{e:?}");
        assert_eq!(
            link("آل ثاني"),
            Some("naba:person/tamim-bin-hamad"),
            "{e:?}"
        );
        let bahraini = run("قال الشيخ محمد بن سلمان آل خليفة إن الاجتماع ناجح.", None);
        assert!(bahraini.iter().all(|x| x.id.is_none()), "{bahraini:?}");
    }

    #[test]
    fn an_alias_with_a_symbol_matches_its_tokens() {
        // أوبك+ is two tokens in the text; the alias must not stop at أوبك (OPEC).
        let e = run("اتفقت دول تحالف أوبك+ على زيادة الإنتاج في يوليو.", None);
        let opec = e.iter().find(|x| x.text.starts_with("أوبك")).unwrap();
        assert_eq!(
            (opec.text.as_str(), opec.id.as_deref()),
            ("أوبك+", Some("naba:org/opec-plus"))
        );
        assert_eq!(split_symbol("اوبك+"), ["اوبك", "+"]);
        assert_eq!(split_symbol("+"), ["+", ""]);
    }

    #[test]
    fn links_clitics_roles_and_short_forms() {
        let e = run(
            "قال الرئيس الروسي إن موسكو مستعدة. وأكد فلاديمير بوتين ذلك. وقال بوتين لموسكو إنه سيزور كييف.",
            Some("2025-07-03"),
        );
        let names = names(&e);
        assert!(
            names.contains(&("الرئيس الروسي", Some("Vladimir Putin"))),
            "{names:?}"
        );
        assert!(
            names.contains(&("بوتين", Some("Vladimir Putin"))),
            "{names:?}"
        );
        assert!(names.contains(&("موسكو", Some("Moscow"))), "{names:?}");
        assert!(names.contains(&("كييف", Some("Kyiv"))), "{names:?}");
        let cl: Vec<Option<u32>> = e
            .iter()
            .filter(|x| x.name.as_deref() == Some("Vladimir Putin"))
            .map(|x| x.cluster)
            .collect();
        assert!(cl.len() >= 3 && cl.iter().all(|c| *c == cl[0]), "{e:?}");
        // فيصل is not ف+يصل: the mention keeps its first letter. Capitals link however rare.
        let e = run(
            "وقال فيصل بن فرحان لدى وصوله إلى نواكشوط إن الزيارة رسمية.",
            Some("2025-07-03"),
        );
        assert!(
            e.iter().any(|x| x.text == "فيصل بن فرحان"
                && x.name.as_deref() == Some("Faisal bin Farhan Al Saud")),
            "{e:?}"
        );
        assert!(
            e.iter()
                .any(|x| x.text == "نواكشوط" && x.name.as_deref() == Some("Nouakchott")),
            "{e:?}"
        );
        let spa = run("وقالت وكالة الأنباء السعودية (واس) إن الرياض رحبت.", None);
        assert!(
            spa.iter()
                .any(|x| x.text == "واس" && x.name.as_deref() == Some("Saudi Press Agency")),
            "{spa:?}"
        );
    }

    #[test]
    fn role_phrases_follow_the_publication_date() {
        let name = |text: &str, date: &str, phrase: &str| -> Option<String> {
            run(text, Some(date))
                .into_iter()
                .find(|x| x.text == phrase)
                .and_then(|x| x.name)
        };
        let t = "وصل الرئيس السوداني إلى الرياض.";
        assert_eq!(
            name(t, "2015-07-20", "الرئيس السوداني").as_deref(),
            Some("Omar al-Bashir")
        );
        assert_eq!(
            name(t, "2023-05-01", "الرئيس السوداني").as_deref(),
            Some("Abdel Fattah al-Burhan")
        );
        // A father's name alone is not the son: عبدالعزيز after عبدالله بن عبدالعزيز.
        let e = run(
            "وكان الملك عبدالله بن عبدالعزيز قد افتتح جامعة الملك عبدالعزيز. وقال عبدالعزيز إن الجامعة تتوسع.",
            Some("2014-05-01"),
        );
        assert!(
            e.iter()
                .filter(|x| x.text == "عبدالعزيز")
                .all(|x| x.name.is_none()),
            "{e:?}"
        );
        // A former holder is not the holder in office.
        assert_eq!(
            name(
                "وقالت قوات الرئيس اليمني السابق إنها انسحبت.",
                "2015-07-20",
                "الرئيس اليمني"
            ),
            None
        );
        // ولي ولي العهد is the deputy crown prince, not ولي ولي + the crown prince.
        let t = "واستقبل ولي ولي العهد السعودي الوفد.";
        let e = run(t, Some("2015-07-20"));
        assert!(
            e.iter()
                .all(|x| x.name.as_deref() != Some("Mohammed bin Nayef")),
            "{e:?}"
        );
        assert!(
            e.iter()
                .any(|x| x.name.as_deref() == Some("Mohammed bin Salman")),
            "{e:?}"
        );
    }

    proptest::proptest! {
        #[test]
        fn any_text_gives_valid_spans(s in "[ ،.“”\\n0-9a-zوبلالكرملينترامبموسكوقناةاكسترانيوز\\u{064B}]{0,80}") {
            let e = run(&s, Some("2025-07-03"));
            for x in &e {
                proptest::prop_assert!(x.start <= x.end);
                proptest::prop_assert_eq!(naba_doc::slice_chars(&s, x.start, x.end), x.text.as_str());
            }
        }

        #[test]
        fn any_tokens_get_one_valid_tag_each(
            sents in proptest::collection::vec(
                proptest::collection::vec("[،.“”0-9aوبلالكرملينترامبموسكوقناة\u{064B}\u{0640}]{1,6}", 0..12),
                0..4,
            )
        ) {
            let model = crate::model::embedded().expect("embedded model");
            let refs: Vec<Vec<&str>> =
                sents.iter().map(|s| s.iter().map(String::as_str).collect()).collect();
            let tags = tag_tokens(&model, Kb::embedded(), &refs);
            proptest::prop_assert_eq!(tags.len(), sents.len());
            for (s, t) in sents.iter().zip(&tags) {
                proptest::prop_assert_eq!(s.len(), t.len());
                // IOB2: an `I-X` follows `B-X` or `I-X`.
                for (k, &x) in t.iter().enumerate() {
                    if x != 0 && x % 2 == 0 {
                        proptest::prop_assert!(k > 0 && (t[k - 1] == x || t[k - 1] == x - 1));
                    }
                }
            }
        }
    }

    #[test]
    fn raw_offsets_skip_diacritics() {
        assert_eq!(raw_offset("وبوتين", 1), 1);
        assert_eq!(raw_offset("وَبوتين", 1), 2);
        assert_eq!(raw_offset("x", 0), 0);
    }
}
