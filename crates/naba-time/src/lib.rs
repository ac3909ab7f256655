//! Arabic temporal expressions: recognition and TIMEX3-style normalization.
//!
//! ```
//! let t = naba_time::extract("اتصل به اليوم الخميس بعد 22 يونيو", Some("2025-07-03"));
//! assert_eq!(t[0].value, "2025-07-03");
//! assert_eq!(t[1].value, "2025-06-22");
//! assert_eq!(t[1].modifier.as_deref(), Some("after"));
//! ```
//!
//! Values are ISO 8601: dates `2025-07-03`, months `2025-07`, years `2025`, ISO weeks
//! `2025-W27`, decades `198X`, centuries `19XX`, date intervals `2025-06-30/2025-07-03`, times
//! `2025-07-03T10:00-04:00` (offset only when a zone is stated), parts of day `2025-07-03TEV`,
//! durations `PT1H`, sets `P1W` / `XXXX-WXX-1`. Unknown parts are `X`.

pub mod cal;
pub mod eval;
mod grammar;
pub mod lex;

use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};
use grammar::{Ctx, Hit, Sem, TimeV, Zone, P};
use jiff::civil::Date;
use naba_doc::TimeExpr;
use std::sync::OnceLock;

/// A found expression with its TIMEX form (unknown parts left as `X`, no year inference).
#[derive(Debug, Clone, PartialEq)]
pub struct Found {
    pub expr: TimeExpr,
    /// The value as written, before resolution against the reference (e.g. `XXXX-06-14`).
    pub timex: String,
}

/// Parse a reference time: `YYYY-MM-DD`, RFC 3339, or `YYYY-MM-DD HH:MM…`.
pub fn parse_reference(s: &str) -> Option<Date> {
    let s = s.trim();
    let head = s.get(..10)?;
    head.parse::<Date>().ok()
}

/// Find and normalize the temporal expressions of `text` against `reference` (the document's
/// publication date, `YYYY-MM-DD` or RFC 3339). Offsets are char offsets into `text`.
pub fn extract(text: &str, reference: Option<&str>) -> Vec<TimeExpr> {
    extract_detailed(text, reference)
        .into_iter()
        .map(|f| f.expr)
        .collect()
}

/// Like [`extract`], with the unresolved TIMEX form of each expression.
pub fn extract_detailed(text: &str, reference: Option<&str>) -> Vec<Found> {
    extract_impl(text, reference, None)
}

/// Like [`extract`], reusing the tokens of `naba_arabic::tokenize(text)` (the pipeline has
/// them already).
pub fn extract_with_tokens(
    text: &str,
    toks: &[naba_arabic::Tok],
    reference: Option<&str>,
) -> Vec<TimeExpr> {
    extract_impl(text, reference, Some(toks))
        .into_iter()
        .map(|f| f.expr)
        .collect()
}

fn extract_impl(
    text: &str,
    reference: Option<&str>,
    all: Option<&[naba_arabic::Tok]>,
) -> Vec<Found> {
    let ctx = Ctx {
        reference: reference.and_then(parse_reference),
    };
    let mut out = Vec::new();
    let owned;
    let all = match all {
        Some(all) => all,
        None => {
            owned = naba_arabic::tokenize(text);
            &owned[..]
        }
    };
    let mut toks = Vec::new();
    for (a, b) in windows(text, all) {
        toks.clear();
        lex::prepare_tokens(text, &all[a..b], &mut toks);
        let hits = run(&toks, &ctx);
        for h in hits {
            if let Some(f) = render(text, &toks, &h, &ctx) {
                out.push(f);
            }
        }
    }
    out
}

/// Trigger stems: a window of text is only parsed around one of these.
const TRIGGERS: &[&str] = &[
    // a bare hour after a preposition: في السابعة، عند الحادية عشرة
    "في الواحدة",
    "في الثانية",
    "في الثالثة",
    "في الرابعة",
    "في الخامسة",
    "في السادسة",
    "في السابعة",
    "في الثامنة",
    "في التاسعة",
    "في العاشرة",
    "في الحادية",
    "عند الواحدة",
    "عند الثانية",
    "عند الثالثة",
    "عند الرابعة",
    "عند الخامسة",
    "عند السادسة",
    "عند السابعة",
    "عند الثامنة",
    "عند التاسعة",
    "عند العاشرة",
    "عند الحادية",
    "الغداء",
    "وقت متأخر",
    "وقت مبكر",
    "وقت لاحق",
    // days and relative words
    "يوم",
    "أمس",
    "امس",
    "البارحة",
    "غدا",
    "الغد",
    " غد",
    "أيام",
    "ايام",
    "الماضي",
    "المقبل",
    "القادم",
    "الجاري",
    "الحالي",
    "المنصرم",
    "الفائت",
    "التالي",
    "هذا العام",
    "هذه السنة",
    "هذا الأسبوع",
    "هذا الاسبوع",
    "هذا الشهر",
    // units
    "ساعة",
    "ساعات",
    "ساعتين",
    "ساعه",
    "دقيقة",
    "دقائق",
    "دقيقتين",
    "ثوان",
    "أسبوع",
    "اسبوع",
    "أسابيع",
    "اسابيع",
    "شهر",
    "عامين",
    "أعوام",
    "اعوام",
    "سنة",
    "سنو",
    "سنتين",
    "سنين",
    "عقود",
    "عقدين",
    "العقد",
    "القرن",
    "قرون",
    // parts of day and zones
    "صباح",
    "مساء",
    "ظهرا",
    "الظهر",
    "الظهيرة",
    "فجر",
    "عصرا",
    "ليل",
    "منتصف",
    "توقيت",
    "GMT",
    "UTC",
    "gmt",
    "utc",
    // weekdays
    "اثنين",
    "إثنين",
    "ثلاثاء",
    "أربعاء",
    "اربعاء",
    "خميس",
    "جمعة",
    "جمعه",
    "سبت",
    "الأحد",
    "الاحد",
    // months
    "يناير",
    "فبراير",
    "مارس",
    "بريل",
    "مايو",
    "يونيو",
    "يونيه",
    "يوليو",
    "يوليه",
    "غسطس",
    "سبتمبر",
    "كتوبر",
    "نوفمبر",
    "ديسمبر",
    "جانفي",
    "فيفري",
    "فريل",
    "ماي",
    "جوان",
    "جويلي",
    "أوت",
    "اوت",
    "كانون",
    "شباط",
    "آذار",
    "اذار",
    "أذار",
    "نيسان",
    "أيار",
    "ايار",
    "حزيران",
    "تموز",
    "آب",
    "يلول",
    "تشرين",
    "محرم",
    "صفر",
    "ربيع",
    "جماد",
    "رجب",
    "شعبان",
    "رمضان",
    "شوال",
    "القعدة",
    "الحجة",
    // decades, sets, holidays
    "ينيات",
    "الألفين",
    "تسعة عشر",
    "ثمانية عشر",
    "ألف و",
    "والعشرين",
    "والثلاثين",
    "الثلاثين",
    "ي عشر",
    "ث عشر",
    "ع عشر",
    "س عشر",
    "ن عشر",
    "ة عشر",
    "عام مائ",
    "عام مئ",
    "عام ألف",
    "ينات",
    "سبوعي",
    "شهري",
    "سنوي",
    "الفطر",
    "الشكر",
    "يوم الأب",
    "عيد الأب",
    "عيد الأم",
    "يواندان",
    "العمال",
    "عيد الحب",
    "يوم الأرض",
    "الأضحى",
    "الاضحى",
    "الميلاد",
    "المولد",
    "عرفة",
    "رأس السنة",
    "عاما",
    "عام كامل",
    "نصف عام",
    "مدة عام",
    "طوال العام",
    "والنصف",
    "والربع",
    "ونصف",
    "وربع",
    "بقية",
    "باقي",
    "الربع",
    "صيف",
    "شتاء",
    "خريف",
    "أمسيات",
];

fn trigger_ac() -> &'static AhoCorasick {
    static AC: OnceLock<AhoCorasick> = OnceLock::new();
    AC.get_or_init(|| {
        AhoCorasick::builder()
            .match_kind(MatchKind::LeftmostFirst)
            .kind(Some(AhoCorasickKind::DFA))
            .build(TRIGGERS)
            .expect("static patterns")
    })
}

/// Whether a number token can start or anchor an expression on its own: digits with a date or
/// clock separator (3/7/2025, 14:00, 2025-07-03), a year (2015), or a day after في (في 27.).
/// Other numbers ("قتل 20 شخصا") only matter next to a time word, whose own window covers them.
fn number_trigger(text: &str, toks: &[naba_arabic::Tok], i: usize) -> bool {
    let raw = toks[i].text(text);
    let mut digits = 0;
    for c in raw.chars() {
        if c.is_ascii_digit() || ('٠'..='٩').contains(&c) || ('۰'..='۹').contains(&c) {
            digits += 1;
        } else if matches!(c, '/' | '-' | '.' | ':' | '\u{066B}') {
            return digits > 0;
        }
    }
    let prev = if i >= 1 { toks[i - 1].text(text) } else { "" };
    digits == 4
        || (digits <= 2 && prev == "في")
        || (digits == 3 && matches!(prev, "عام" | "العام" | "سنة" | "السنة"))
}

/// Token ranges `[a, b)` to parse: a few words around each trigger, merged. Word triggers come
/// from one Aho-Corasick pass over the text, number triggers from the tokens.
fn windows(text: &str, toks: &[naba_arabic::Tok]) -> Vec<(usize, usize)> {
    // A few words either side: expressions are short and every part of a long one (numbers,
    // month names, بتوقيت, الساعة) is itself a trigger.
    const BEFORE: usize = 40;
    const AFTER: usize = 70;
    let mut hits: Vec<(usize, usize)> = trigger_ac()
        .find_iter(text)
        .map(|m| (m.start(), m.end()))
        .collect();
    let words = hits.len();
    for (i, t) in toks.iter().enumerate() {
        if t.kind == naba_arabic::Kind::Number && number_trigger(text, toks, i) {
            hits.push((t.byte_start, t.byte_end));
        }
    }
    if hits.len() > words {
        hits.sort_unstable();
    }
    let mut spans: Vec<(usize, usize)> = Vec::new();
    for (s, e) in hits {
        let (s, e) = (s.saturating_sub(BEFORE), e + AFTER);
        match spans.last_mut() {
            Some(last) if s <= last.1 => last.1 = last.1.max(e),
            _ => spans.push((s, e)),
        }
    }
    let mut out: Vec<(usize, usize)> = Vec::with_capacity(spans.len());
    for (s, e) in spans {
        let a = toks.partition_point(|t| t.byte_end <= s);
        let b = toks.partition_point(|t| t.byte_start < e);
        match out.last_mut() {
            Some(last) if a <= last.1 => last.1 = last.1.max(b),
            _ if a < b => out.push((a, b)),
            _ => {}
        }
    }
    out
}

/// Run the grammar over the tokens: longest hit at each position, then merge date + time.
fn run(toks: &[lex::W], ctx: &Ctx) -> Vec<Hit> {
    let p = P { w: toks, ctx };
    let mut hits: Vec<Hit> = Vec::new();
    let mut i = 0;
    while i < toks.len() {
        match p.at(i) {
            Some(h) if h.b > i => {
                i = h.b;
                hits.push(h);
            }
            _ => i += 1,
        }
    }
    merge(toks, hits)
}

fn is_glue(w: &lex::W) -> bool {
    matches!(
        w.b.as_str(),
        "," | "،"
            | "-"
            | "في"
            | "علي"
            | "عند"
            | "من"
            | "الموافق"
            | "اي"
            | "("
            | ")"
            | "يوم"
    )
}

fn single_day(sem: &Sem) -> Option<(String, String, Option<Date>)> {
    match sem {
        Sem::Date { timex, value, day } => {
            let dayish = day.is_some() || timex.contains("-W") && timex.starts_with("XXXX-WXX");
            let full = timex.len() == 10 && !timex.contains('W');
            (dayish || full).then(|| (timex.clone(), value.clone(), *day))
        }
        _ => None,
    }
}

fn merge(toks: &[lex::W], hits: Vec<Hit>) -> Vec<Hit> {
    let mut out: Vec<Hit> = Vec::with_capacity(hits.len());
    for h in hits {
        if let Some(prev) = out.last_mut() {
            let gap = &toks[prev.b..h.a];
            if gap.len() <= 2 && gap.iter().all(is_glue) {
                // بعد الظهر الساعة 7 / الظهر 7:00: the part of day sets the hour
                // (وقت الغداء الساعة 12 ظهرا, بعد الظهر السابعة مساء: one time)
                if let (Sem::Time(p), Sem::Time(t)) = (&prev.sem, &h.sem) {
                    // صباح الغد الساعة 7: the day of the part goes to the time
                    if let (Some(part), None) = (p.part_only, t.part_only) {
                        // (هذا الصباح في السابعة: a dated part may be followed by في)
                        if (gap.is_empty() || p.date.is_some()) && t.date.is_none() {
                            let mut t = t.clone();
                            if t.part.is_none() {
                                t.h = part.adjust(t.h);
                                t.part = Some(part);
                            }
                            t.date.clone_from(&p.date);
                            prev.b = h.b;
                            prev.sem = Sem::Time(t);
                            continue;
                        }
                    }
                    // الساعة 12 ظهرا وقت الغداء
                    if let (None, Some(_), None) = (p.part_only, t.part_only, &t.date) {
                        if gap.is_empty() && p.part.is_some() {
                            prev.b = h.b;
                            continue;
                        }
                    }
                    // 7:00 يوم الأحد بعد الظهر: a later part of day sets the hour
                    if let (None, None, Some(part), None) =
                        (p.part_only, p.part, t.part_only, &t.date)
                    {
                        if gap.is_empty() {
                            let mut p = p.clone();
                            p.h = part.adjust(p.h);
                            p.part = Some(part);
                            prev.b = h.b;
                            prev.sem = Sem::Time(p);
                            continue;
                        }
                    }
                }
                // كل يوم اثنين الساعة 4 مساءً / الساعة 9 صباحًا كل يوم أحد: a set at a time
                let set_time = match (&prev.sem, &h.sem) {
                    (Sem::Set { value }, Sem::Time(t)) | (Sem::Time(t), Sem::Set { value })
                        if t.date.is_none() && t.part_only.is_none() =>
                    {
                        set_at(value, t)
                    }
                    _ => None,
                };
                if let Some(value) = set_time {
                    prev.b = h.b;
                    prev.sem = Sem::Set { value };
                    continue;
                }
                // الثلاثاء في الصباح / في الصباح الباكر الثلاثاء: a part of a given day
                let part_day = match (&prev.sem, &h.sem) {
                    (d, Sem::Time(t)) | (Sem::Time(t), d)
                        if t.part_only.is_some() && t.date.is_none() =>
                    {
                        single_day(d).map(|dd| {
                            let mut t = t.clone();
                            t.date = Some(dd);
                            Sem::Time(t)
                        })
                    }
                    _ => None,
                };
                if let Some(sem) = part_day {
                    prev.b = h.b;
                    prev.sem = sem;
                    prev.relative |= h.relative;
                    continue;
                }
                let merged = match (&prev.sem, &h.sem) {
                    (d, Sem::Time(t)) if t.date.is_none() && t.part_only.is_none() => single_day(d)
                        .map(|dd| {
                            let mut t = t.clone();
                            t.date = Some(dd);
                            Sem::Time(t)
                        }),
                    (Sem::Time(t), d) if t.date.is_none() && t.part_only.is_none() => single_day(d)
                        .map(|dd| {
                            let mut t = t.clone();
                            t.date = Some(dd);
                            Sem::Time(t)
                        }),
                    _ => None,
                };
                if let Some(sem) = merged {
                    prev.b = h.b;
                    prev.sem = sem;
                    prev.relative |= h.relative;
                    if prev.modifier.is_none() {
                        prev.modifier = h.modifier;
                    }
                    continue;
                }
            }
        }
        out.push(h);
    }
    out
}

/// A set (`XXXX-WXX-1`, `P1D`, `TNI`) at a clock time → `XXXX-WXX-1T16`, `T21`.
fn set_at(set: &str, t: &TimeV) -> Option<String> {
    let clock = if t.has_min {
        format!("T{:02}:{:02}", t.h, t.mi)
    } else {
        format!("T{:02}", t.h)
    };
    if set.starts_with("XXXX-WXX-") && !set.contains('T') {
        Some(format!("{set}{clock}"))
    } else if set == "P1D" || (set.starts_with('T') && set.len() == 3) {
        Some(clock)
    } else {
        None
    }
}

fn render(text: &str, toks: &[lex::W], h: &Hit, ctx: &Ctx) -> Option<Found> {
    let first = toks.get(h.a)?;
    let last = toks.get(h.b.checked_sub(1)?)?;
    let (start, bs) = (first.s_core, first.bs_core);
    let (end, be) = (last.e, last.be);
    let mut piece = text.get(bs..be)?;
    let mut end = end;
    // never end on a dot or a comma
    while let Some(c) = piece.chars().last() {
        if matches!(c, '.' | '،' | ',' | '-' | '/') && piece.chars().count() > 1 {
            piece = &piece[..piece.len() - c.len_utf8()];
            end -= 1;
        } else {
            break;
        }
    }
    let reference = ctx.reference;
    let (kind, timex, value) = match &h.sem {
        Sem::Date { timex, value, .. } => ("date", timex.clone(), value.clone()),
        Sem::Duration { value } => ("duration", value.clone(), value.clone()),
        Sem::Set { value } => ("set", value.clone(), value.clone()),
        Sem::Time(t) => {
            let (tx, v) = render_time(t, reference);
            ("time", tx, v)
        }
        Sem::Range { kind, a, b } => {
            let one = |s: &Sem| match s {
                Sem::Date { timex, value, .. } => (timex.clone(), value.clone()),
                Sem::Time(t) => render_time(t, reference),
                Sem::Duration { value } | Sem::Set { value } => (value.clone(), value.clone()),
                Sem::Range { .. } => (String::new(), String::new()),
            };
            let (ta, va) = one(a);
            let (tb, vb) = one(b);
            (*kind, format!("{ta}/{tb}"), format!("{va}/{vb}"))
        }
    };
    let anchor = (h.relative && reference.is_some()).then(|| cal::fmt_date(reference.unwrap()));
    Some(Found {
        expr: TimeExpr {
            text: piece.to_string(),
            start,
            end,
            kind: kind.into(),
            value,
            modifier: h.modifier.map(str::to_string),
            anchor,
        },
        timex,
    })
}

fn render_time(t: &TimeV, reference: Option<Date>) -> (String, String) {
    let (dtimex, dvalue, day) = match &t.date {
        Some((a, b, d)) => (a.clone(), b.clone(), *d),
        None => (
            String::new(),
            reference
                .map(cal::fmt_date)
                .unwrap_or_else(|| "XXXX-XX-XX".into()),
            reference,
        ),
    };
    if let Some(p) = t.part_only {
        return (
            format!("{dtimex}T{}", p.code()),
            format!("{dvalue}T{}", p.code()),
        );
    }
    let clock_t = match (t.has_min, t.sec) {
        (_, Some(s)) => format!("T{:02}:{:02}:{:02}", t.h, t.mi, s),
        (true, None) => format!("T{:02}:{:02}", t.h, t.mi),
        (false, None) => format!("T{:02}", t.h),
    };
    let clock_v = match t.sec {
        Some(s) => format!("T{:02}:{:02}:{:02}", t.h, t.mi, s),
        None => format!("T{:02}:{:02}", t.h, t.mi),
    };
    let offset = match t.zone {
        Some(Zone::Fixed(s)) => cal::fmt_offset(s),
        Some(Zone::Iana(z)) => day
            .and_then(|d| cal::zone_offset(z, d, t.h.min(23), t.mi))
            .unwrap_or_default(),
        None => String::new(),
    };
    (
        format!("{dtimex}{clock_t}{offset}"),
        format!("{dvalue}{clock_v}{offset}"),
    )
}

#[cfg(test)]
mod tests;
