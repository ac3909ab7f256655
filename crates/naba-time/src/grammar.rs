//! The temporal grammar: hand-written rules over prepared tokens, longest match wins.

use crate::cal::{self, fmt_date};
use crate::lex::{zone, Lex, Part, Unit, W};
use jiff::civil::Date;
use naba_arabic::Kind;

/// What a rule found, before rendering.
#[derive(Debug, Clone)]
pub enum Sem {
    /// A calendar date or period. `timex` keeps unknown parts as X; `value` is resolved
    /// against the reference when possible; `day` is the resolved single day, if one.
    Date {
        timex: String,
        value: String,
        day: Option<Date>,
    },
    /// A clock time (optionally with a date part and a zone) or a part of a day.
    Time(TimeV),
    Duration {
        value: String,
    },
    Set {
        value: String,
    },
    /// An interval `A/B` of dates or times.
    Range {
        kind: &'static str,
        a: Box<Sem>,
        b: Box<Sem>,
    },
}

#[derive(Debug, Clone, Default)]
pub struct TimeV {
    pub h: i32,
    pub mi: i32,
    pub sec: Option<i32>,
    /// Minutes were stated (or implied by a fraction).
    pub has_min: bool,
    /// The part of day stated with the clock time (صباحا، مساء).
    pub part: Option<Part>,
    /// A part of day only (صباح اليوم): `h` is unused.
    pub part_only: Option<Part>,
    pub zone: Option<Zone>,
    /// The date part: timex, value, resolved day.
    pub date: Option<(String, String, Option<Date>)>,
}

#[derive(Debug, Clone, Copy)]
pub enum Zone {
    Iana(&'static str),
    Fixed(i32),
}

#[derive(Debug, Clone)]
pub struct Hit {
    /// Token range `[a, b)`.
    pub a: usize,
    pub b: usize,
    /// Span starts at the token core (after و/ب/ل… proclitics).
    pub sem: Sem,
    pub modifier: Option<&'static str>,
    pub relative: bool,
}

pub struct Ctx {
    pub reference: Option<Date>,
}

pub struct P<'a> {
    pub w: &'a [W],
    pub ctx: &'a Ctx,
}

fn hit(a: usize, b: usize, sem: Sem) -> Hit {
    Hit {
        a,
        b,
        sem,
        modifier: None,
        relative: false,
    }
}

fn date_sem(timex: String, value: String, day: Option<Date>) -> Sem {
    Sem::Date { timex, value, day }
}

fn dsem(d: Date) -> Sem {
    date_sem(fmt_date(d), fmt_date(d), Some(d))
}

const OUTER_MODS: &[(&str, &str)] = &[
    ("قبل", "before"),
    ("بعد", "after"),
    ("حتي", "before"),
    ("منذ", ""),
    ("نحو", "approx"),
    ("حوالي", "approx"),
    ("قرابه", "approx"),
    ("زهاء", "approx"),
];

impl<'a> P<'a> {
    fn t(&self, i: usize) -> Option<&'a W> {
        self.w.get(i)
    }
    fn n(&self, i: usize) -> &'a str {
        self.w.get(i).map(|w| w.n.as_str()).unwrap_or("")
    }
    fn b(&self, i: usize) -> &'a str {
        self.w.get(i).map(|w| w.b.as_str()).unwrap_or("")
    }
    fn lx(&self, i: usize) -> Option<Lex> {
        self.w.get(i).and_then(|w| w.lx)
    }
    fn is_sep(&self, i: usize) -> bool {
        self.w
            .get(i)
            .is_some_and(|w| matches!(w.kind, Kind::Punct) && matches!(w.n.as_str(), "," | "،"))
    }
    fn skip_sep(&self, i: usize) -> usize {
        if self.is_sep(i) {
            i + 1
        } else {
            i
        }
    }

    /// The best hit starting at token `i`.
    pub fn at(&self, i: usize) -> Option<Hit> {
        let w = &self.w[i];
        if !w.starter {
            return None;
        }
        // The two most frequent words of Arabic open only one rule each.
        if w.kind == Kind::Word && w.lx.is_none() {
            match w.b.as_str() {
                "في" => {
                    return self
                        .past_n(i)
                        .or_else(|| self.part_period(i))
                        .or_else(|| self.day_bare(i))
                        .or_else(|| self.period(i).filter(|h| h.modifier.is_some()))
                }
                "من" | "بين" => return self.range(i),
                _ => {}
            }
        }
        let mut best: Option<Hit> = None;
        let mut consider = |h: Option<Hit>| {
            if let Some(h) = h {
                if best.as_ref().is_none_or(|b| h.b > b.b) {
                    best = Some(h);
                }
            }
        };
        consider(self.relative_shift(i));
        consider(self.duration(i));
        consider(self.set(i));
        consider(self.past_n(i));
        consider(self.date_named(i));
        consider(self.date_numeric(i));
        consider(self.year_only(i));
        consider(self.relday(i));
        consider(self.weekday(i));
        consider(self.week_weekday(i));
        consider(self.period(i));
        consider(self.decade(i));
        consider(self.time(i));
        consider(self.range(i));
        consider(self.day_of_period(i));
        consider(self.holiday(i));
        consider(self.season(i));
        consider(self.rest_of(i));
        consider(self.quarter(i));
        consider(self.week_of(i));
        consider(self.part_period(i));
        consider(self.day_bare(i));
        consider(self.day_ordinal(i));
        consider(self.nth_weekday(i));
        consider(self.month_days(i));
        consider(self.week_of_date(i));
        if best.is_none() {
            // A modifier word in front of a date/time: the span excludes it.
            let b = self.b(i);
            if let Some((_, m)) = OUTER_MODS.iter().find(|(k, _)| *k == b || *k == self.n(i)) {
                if let Some(mut h) = self.at_plain(i + 1) {
                    if matches!(h.sem, Sem::Date { .. } | Sem::Time(_)) {
                        if !m.is_empty() && h.modifier.is_none() {
                            h.modifier = Some(m);
                        }
                        return Some(h);
                    }
                }
            }
        }
        best
    }

    fn at_plain(&self, i: usize) -> Option<Hit> {
        if i >= self.w.len() {
            return None;
        }
        let mut best: Option<Hit> = None;
        for h in [
            self.date_named(i),
            self.date_numeric(i),
            self.year_only(i),
            self.weekday(i),
            self.period(i),
            self.time(i),
            self.relday(i),
            self.relative_shift(i).filter(|h| h.b == i + 2),
        ]
        .into_iter()
        .flatten()
        {
            if best.as_ref().is_none_or(|b| h.b > b.b) {
                best = Some(h);
            }
        }
        best
    }

    // ---------- numbers ----------

    /// A plain integer in digits (no separators).
    fn digits(&self, i: usize) -> Option<i64> {
        let w = self.t(i)?;
        if w.kind != Kind::Number || !w.n.bytes().all(|b| b.is_ascii_digit()) || w.n.len() > 6 {
            return None;
        }
        w.n.parse().ok()
    }

    fn card_val(&self, i: usize, first: bool) -> Option<i64> {
        let w = self.t(i)?;
        if w.kind != Kind::Word {
            return None;
        }
        let _ = first;
        let b = w.b.as_str();
        match b {
            "اثنين" | "اثنان" | "احدي" => {
                return Some(if b == "احدي" { 1 } else { 2 });
            }
            "احد" if matches!(self.n(i + 1), "عشر" | "عشره") => return Some(1),
            _ => {}
        }
        // the token itself, not without ال (الألفين is a decade, not 2000)
        match crate::lex::lexicon().get(b) {
            Some(Lex::Card(v)) => Some(*v),
            _ => None,
        }
    }

    /// Cardinal number words: ثلاثة، واحد وعشرين، ألفين وثمانية عشر، ثلاثة آلاف.
    fn card(&self, i: usize) -> Option<(i64, usize)> {
        let mut total = 0i64;
        let mut cur = 0i64;
        let mut j = i;
        let mut any = false;
        while j < self.w.len() && j < i + 8 {
            let w = &self.w[j];
            let joined = w.n.starts_with('و') && any;
            let Some(v) = self.card_val(j, !any || !joined) else {
                break;
            };
            if any && !joined {
                // Only teens, hundreds and thousands attach without و.
                let teen = v == 10 && matches!(w.n.as_str(), "عشر" | "عشره") && cur % 10 != 0;
                let mult = (v == 1000 || v == 100) && (1..=10).contains(&cur);
                if !(teen || mult) {
                    break;
                }
            }
            if v == 1000 && w.n.contains("الف") {
                cur = if cur == 0 { 1 } else { cur } * 1000;
                total += cur;
                cur = 0;
            } else if v == 1000 {
                cur = cur.max(1) * 1000;
                total += cur;
                cur = 0;
            } else if v == 100 && (1..=10).contains(&cur) && !joined && any {
                cur *= 100;
            } else {
                cur += v;
            }
            any = true;
            j += 1;
        }
        any.then_some((total + cur, j))
    }

    /// A count: digits, `الـ24`, or number words.
    fn count(&self, i: usize) -> Option<(f64, usize)> {
        let w = self.t(i)?;
        if w.kind == Kind::Number {
            let s = w.n.replace(',', ".");
            if s.chars().filter(|c| *c == '.').count() <= 1 {
                if let Ok(v) = s.parse::<f64>() {
                    return Some((v, i + 1));
                }
            }
            return None;
        }
        if w.n == "ال" || w.n == "الـ" {
            if let Some(v) = self.digits(i + 1) {
                return Some((v as f64, i + 2));
            }
        }
        if matches!(w.b.as_str(), "بضعه" | "بضع" | "عده" | "بعض") {
            return Some((3.0, i + 1));
        }
        self.card(i).map(|(v, j)| (v as f64, j))
    }

    /// An ordinal 1–31: الثالث، الحادي عشر، الثاني والعشرين، الثلاثين.
    fn ordinal(&self, i: usize) -> Option<(i64, usize)> {
        let Some(Lex::Ord(v)) = self.lx(i) else {
            return None;
        };
        let v = v as i64;
        if v >= 20 {
            return Some((v, i + 1));
        }
        if matches!(self.n(i + 1), "عشر" | "عشره") {
            return Some((v + 10, i + 2));
        }
        if let Some(next) = self.t(i + 1) {
            if next.n.starts_with('و') {
                match next.b.strip_prefix('و').unwrap_or(&next.b) {
                    "العشرين" | "العشرون" => return Some((v + 20, i + 2)),
                    "الثلاثين" | "الثلاثون" => return Some((v + 30, i + 2)),
                    _ => {}
                }
            }
        }
        Some((v, i + 1))
    }

    /// Day of month 1–31 in digits, ordinal or number words.
    fn day(&self, i: usize) -> Option<(i64, usize)> {
        if let Some(v) = self.digits(i) {
            return ((1..=31).contains(&v) && self.n(i).len() <= 2).then_some((v, i + 1));
        }
        if let Some((v, j)) = self.ordinal(i) {
            return (1..=31).contains(&v).then_some((v, j));
        }
        let (v, j) = self.card(i)?;
        (1..=31).contains(&v).then_some((v, j))
    }

    // ---------- months and years ----------

    /// (month, hijri, next, ambiguous)
    fn month(&self, i: usize) -> Option<(u8, bool, usize, bool)> {
        let w = self.t(i)?;
        let next_b = self.b(i + 1);
        let (m, hijri, mut j, amb) = match self.lx(i)? {
            Lex::Month(8, _) if w.bare() == "اب" => (8, false, i + 1, !w.madda),
            Lex::Month(m, amb) => (m, false, i + 1, amb),
            Lex::MonthHead(1) => match next_b {
                "الثاني" => (1, false, i + 2, false),
                "الاول" => (12, false, i + 2, false),
                _ => return None,
            },
            Lex::MonthHead(_) => match next_b {
                "الاول" => (10, false, i + 2, false),
                "الثاني" => (11, false, i + 2, false),
                _ => return None,
            },
            Lex::HMonth(m, amb) => {
                // ربيع/جمادى handled as heads; محرم الحرام
                let mut j = i + 1;
                if m == 1 && next_b == "الحرام" {
                    j += 1;
                }
                (m, true, j, amb)
            }
            Lex::HMonthHead(3) => match next_b {
                "الاول" => (3, true, i + 2, false),
                "الثاني" | "الاخر" | "الاخره" => (4, true, i + 2, false),
                _ => return None,
            },
            Lex::HMonthHead(5) => match next_b {
                "الاول" | "الاولي" => (5, true, i + 2, false),
                "الثاني" | "الثانيه" | "الاخر" | "الاخره" => {
                    (6, true, i + 2, false)
                }
                _ => return None,
            },
            Lex::HMonthHead(_) => match next_b {
                "القعده" => (11, true, i + 2, false),
                "الحجه" => (12, true, i + 2, false),
                _ => return None,
            },
            _ => return None,
        };
        // Combined names: يونيو/حزيران, يونيو (حزيران), حزيران - يونيو.
        if !hijri {
            let p = self.n(j);
            if matches!(p, "/" | "-" | "(" | "\\") {
                if let Some((m2, false, j2, _)) = self.month_simple(j + 1) {
                    if m2 == m {
                        j = j2;
                        if p == "(" && self.n(j) == ")" {
                            j += 1;
                        }
                        return Some((m, false, j, false));
                    }
                }
            }
        }
        Some((m, hijri, j, amb))
    }

    fn month_simple(&self, i: usize) -> Option<(u8, bool, usize, bool)> {
        match self.lx(i)? {
            Lex::Month(m, amb) => Some((m, false, i + 1, amb)),
            Lex::MonthHead(_) => {
                let r = self.month(i)?;
                Some((r.0, false, r.2, false))
            }
            _ => None,
        }
    }

    /// A year after a date: `2025`, `عام 2025`, `1446 هـ`, words. Returns (year, next, hijri marker).
    fn year(&self, i: usize) -> Option<(i64, usize, Option<bool>)> {
        let mut j = i;
        let lead = matches!(self.b(j), "عام" | "العام" | "سنه" | "السنه");
        if lead {
            j += 1;
        }
        let (y, mut k) = if let Some(v) = self.digits(j) {
            let len = self.n(j).len();
            if !(3..=4).contains(&len) {
                return None;
            }
            (v, j + 1)
        } else if let Some((v, k)) = self.year_pair(j) {
            (v, k)
        } else {
            let (v, k) = self.card(j)?;
            if v < 100 {
                return None;
            }
            (v, k)
        };
        if !(1..=2200).contains(&y) {
            return None;
        }
        let mut marker = None;
        match self.n(k) {
            "ه" | "هـ" | "هجري" | "هجريه" | "للهجره" | "هجريا" => {
                marker = Some(true);
                k += 1;
            }
            "م" | "ميلادي" | "ميلاديه" | "للميلاد" | "ميلاديا" => {
                marker = Some(false);
                k += 1;
            }
            _ => {}
        }
        if marker.is_some() && self.n(k) == "." && self.t(k + 1).is_none_or(|w| w.s > self.w[k].e) {
            // "هـ." keep the dot out of the span (end of sentence).
        }
        Some((y, k, marker))
    }

    /// A year read as two numbers: تسعة عشر تسعة وتسعون (19|99 → 1999), تسعة عشر وثمانية
    /// وسبعين (1978), عشرين عشرين (2020).
    fn year_pair(&self, j: usize) -> Option<(i64, usize)> {
        let (hi, k) = match self.card_val(j, true) {
            Some(v @ 1..=9) if matches!(self.n(j + 1), "عشر" | "عشره") => (v + 10, j + 2),
            Some(20) if !self.n(j).starts_with('و') => (20, j + 1),
            _ => return None,
        };
        let (lo, k2) = self.card(k)?;
        if !(1..=99).contains(&lo) {
            return None;
        }
        Some((hi * 100 + lo, k2))
    }

    /// Tense cue after a date: (direction, year offset if explicit, next).
    fn cue(&self, i: usize) -> Option<(i8, Option<i32>, usize)> {
        if let Some(Lex::Dir(d)) = self.lx(i) {
            if !matches!(self.b(i), "الاخير" | "الاخيره" | "السابق" | "السابقه")
            {
                return Some((d, None, i + 1));
            }
        }
        // من العام الماضي / من هذا العام / من العام الجاري / العام المقبل
        let mut j = i;
        if self.b(j) == "من" {
            j += 1;
        }
        let this = matches!(self.b(j), "هذا" | "هذه");
        if this {
            j += 1;
        }
        if matches!(self.b(j), "العام" | "السنه") {
            if this {
                return Some((0, Some(0), j + 1));
            }
            if let Some(Lex::Dir(d)) = self.lx(j + 1) {
                return Some((d, Some(d as i32), j + 2));
            }
        }
        None
    }

    // ---------- dates ----------

    /// Pick the year for month/day without one: tense cue, else the nearest.
    fn infer_year(&self, m: u8, d: Option<i64>, dir: i8) -> Option<Date> {
        let r = self.ctx.reference?;
        let y = r.year() as i32;
        let cands: Vec<Date> = (y - 1..=y + 1)
            .filter_map(|yy| {
                let dd = d.unwrap_or(1) as i32;
                cal::ymd(yy, m as i32, dd.min(cal::days_in_month(yy, m as i32)))
            })
            .collect();
        let mid = |c: &Date| {
            if d.is_some() {
                *c
            } else {
                cal::ymd(c.year() as i32, c.month() as i32, 15).unwrap_or(*c)
            }
        };
        match dir {
            -1 => cands
                .iter()
                .filter(|c| {
                    if d.is_some() {
                        **c <= r
                    } else {
                        (c.year(), c.month()) < (r.year(), r.month())
                    }
                })
                .max()
                .copied(),
            1 => cands
                .iter()
                .filter(|c| {
                    if d.is_some() {
                        **c >= r
                    } else {
                        (c.year(), c.month()) > (r.year(), r.month())
                    }
                })
                .min()
                .copied(),
            _ => cands
                .iter()
                .min_by_key(|c| ((mid(c) - r).get_days().abs(), mid(c) > r))
                .copied(),
        }
    }

    fn resolve_named(
        &self,
        d: Option<i64>,
        m: u8,
        hijri: bool,
        y: Option<i64>,
        dir: Option<(i8, Option<i32>)>,
    ) -> Option<Sem> {
        if hijri {
            let hy = match y {
                // رمضان 2001: the Hijri month that begins in that Gregorian year
                Some(y) if y > 1600 => {
                    let (h0, _, _) = cal::gregorian_to_hijri(cal::ymd(y as i32, 1, 1)?)?;
                    (h0..=h0 + 1).find(|hy| {
                        cal::hijri_to_gregorian(*hy, m, 1).is_some_and(|g| g.year() as i64 == y)
                    })?
                }
                Some(y) => y as i32,
                None => {
                    let r = self.ctx.reference?;
                    let (ry, _, _) = cal::gregorian_to_hijri(r)?;
                    let dirv = dir.map(|x| x.0).unwrap_or(0);
                    let mut best: Option<(i32, i64)> = None;
                    for hy in ry - 1..=ry + 1 {
                        let g = cal::hijri_to_gregorian(hy, m, d.unwrap_or(1) as u8)?;
                        let diff = (g - r).get_days() as i64;
                        if (dirv == -1 && diff > 0) || (dirv == 1 && diff < 0) {
                            continue;
                        }
                        if best.is_none_or(|(_, bd)| diff.abs() < bd.abs()) {
                            best = Some((hy, diff));
                        }
                    }
                    best?.0
                }
            };
            if let Some(d) = d {
                let g = cal::hijri_to_gregorian(hy, m, d as u8)?;
                return Some(dsem(g));
            }
            let a = cal::hijri_to_gregorian(hy, m, 1)?;
            let len = cal::hijri_month_len(hy, m)?;
            let b = cal::add_days(a, (len - 1) as i64)?;
            let v = format!("{}/{}", fmt_date(a), fmt_date(b));
            return Some(date_sem(v.clone(), v, None));
        }
        let (timex_y, year) = match (y, dir) {
            (Some(y), _) => (Some(y as i32), Some(y as i32)),
            (None, Some((_, Some(off)))) => {
                let r = self.ctx.reference;
                let yy = r.map(|r| r.year() as i32 + off);
                (yy, yy)
            }
            (None, dir) => (
                None,
                self.infer_year(m, d, dir.map(|x| x.0).unwrap_or(0))
                    .map(|x| x.year() as i32),
            ),
        };
        let ty = timex_y.map(|y| format!("{y:04}")).unwrap_or("XXXX".into());
        match d {
            Some(d) => {
                let timex = format!("{ty}-{m:02}-{d:02}");
                let day = year.and_then(|y| cal::ymd(y, m as i32, d as i32));
                if year.is_some() && day.is_none() {
                    return None;
                }
                let value = day.map(fmt_date).unwrap_or_else(|| timex.clone());
                Some(date_sem(timex, value, day))
            }
            None => {
                let timex = format!("{ty}-{m:02}");
                let value = year
                    .map(|y| format!("{y:04}-{m:02}"))
                    .unwrap_or_else(|| timex.clone());
                Some(date_sem(timex, value, None))
            }
        }
    }

    /// Dates with a month name: [weekday] day [من] month [year] [cue]; month day [year];
    /// month [year]; شهر month.
    fn date_named(&self, i: usize) -> Option<Hit> {
        let mut j = i;
        let mut weekday = false;
        if self.b(j) == "يوم" && matches!(self.lx(j + 1), Some(Lex::Weekday(_))) {
            j += 1;
        }
        let i = j;
        if let Some(Lex::Weekday(_)) = self.lx(j) {
            if self.t(j).is_some_and(|w| w.has_al()) || j > i {
                weekday = true;
                j = self.skip_sep(j + 1);
                if self.b(j) == "في" || self.b(j) == "الموافق" {
                    j += 1;
                }
            }
        }
        let mut this = false;
        if matches!(self.b(j), "هذا" | "هذه") && j == i {
            this = true;
            j += 1;
        }
        let mut shahr = false;
        if matches!(self.b(j), "شهر" | "الشهر") {
            shahr = true;
        }
        // day first
        let (d, m, hijri, mut k, amb) = if let Some((d, k0)) = self.day(j) {
            let mut k = k0;
            let mut dashed = false;
            if matches!(self.n(k), "." | "-" | "/") {
                dashed = true;
                k += 1;
            }
            if self.b(k) == "من" {
                k += 1;
            }
            if matches!(self.b(k), "شهر" | "الشهر") {
                k += 1;
            }
            let (m, hijri, k2, hamb) = self.month(k)?;
            // "4-صفر" is a score; صفر/رجب… after a day need no dash and a year or a cue
            let hamb = hijri && hamb && (dashed || m == 2);
            (Some(d), m, hijri, k2, hamb)
        } else {
            let s = if shahr { j + 1 } else { j };
            let (m, hijri, k, amb) = self.month(s)?;
            // month-first day: أكتوبر 14 / يناير الثاني والعشرين / يناير-1
            let mut kk = k;
            if matches!(self.n(kk), "-") {
                kk += 1;
            }
            let d = self
                .digits(kk)
                .filter(|v| (1..=31).contains(v) && self.n(kk).len() <= 2)
                .map(|v| (v, kk + 1))
                .or_else(|| self.ordinal(kk).filter(|(v, _)| (1..=31).contains(v)));
            match d {
                Some((d, k2)) if !hijri => (Some(d), m, hijri, k2, false),
                _ => (None, m, hijri, k, amb && !shahr),
            }
        };
        let mut y = None;
        let mut marker = None;
        let ky = if self.is_sep(k) || self.n(k) == "," {
            k + 1
        } else {
            k
        };
        let ky = if self.b(ky) == "من" && matches!(self.b(ky + 1), "عام" | "العام" | "سنه")
        {
            ky + 1
        } else {
            ky
        };
        if let Some((yy, k2, mk)) = self.year(ky) {
            y = Some(yy);
            marker = mk;
            k = k2;
        } else if self.b(ky) == "من" {
            // الحادي والعشرين من ألف وتسعمائة وثمانية وسبعين
            if let Some((yy, k2, mk)) = self.year(ky + 1).filter(|(y, _, _)| *y >= 1000) {
                y = Some(yy);
                marker = mk;
                k = k2;
            }
        }
        let mut dir = None;
        if y.is_none() {
            if let Some((dd, off, k2)) = self.cue(k) {
                dir = Some((dd, off));
                k = k2;
            }
        }
        if this && y.is_none() && dir.is_none() {
            dir = Some((0, Some(0)));
        }
        let prev = if i > 0 { self.b(i - 1) } else { "" };
        // "في رمضان", "خلال شهر رجب": a preposition of time in front makes the name a month
        let timed = matches!(
            prev,
            "في" | "منذ"
                | "حتي"
                | "خلال"
                | "مطلع"
                | "اواخر"
                | "منتصف"
                | "نهايه"
                | "بدايه"
                | "طوال"
                | "قبل"
                | "بعد"
        );
        let amb = amb && !timed;
        let hijri_ok = shahr || timed;
        if d.is_none() && y.is_none() && dir.is_none() && (amb || hijri && !hijri_ok) {
            return None;
        }
        if hijri && d.is_none() && y.is_none() && !hijri_ok {
            return None;
        }
        if hijri && amb && d.is_some() && y.is_none() {
            return None;
        }
        // Ambiguous names with only a day: require a digit day (14 مارس).
        if amb && d.is_some() && y.is_none() && dir.is_none() && self.digits(j).is_none() {
            return None;
        }
        let hijri = hijri || marker == Some(true);
        let _ = weekday;
        let sem = self.resolve_named(d, m, hijri, y, dir)?;
        Some(hit(i, k, sem))
    }

    /// Dates in digits: 3/7/2025, 2025-07-03, 03.07.2025, 3/2015, 1446/9/15 هـ.
    fn date_numeric(&self, i: usize) -> Option<Hit> {
        let w = self.t(i)?;
        if w.kind != Kind::Number || w.n.contains(':') || w.n.contains(',') || w.n.ends_with('%') {
            return None;
        }
        let sep = w.n.chars().find(|c| matches!(c, '/' | '-' | '.'))?;
        if !w.n.chars().all(|c| c.is_ascii_digit() || c == sep) {
            return None;
        }
        let parts: Vec<&str> = w.n.split(sep).collect();
        let nums: Vec<i64> = parts.iter().filter_map(|p| p.parse().ok()).collect();
        if nums.len() != parts.len() {
            return None;
        }
        let mut k = i + 1;
        let mut hijri = false;
        match self.n(k) {
            "ه" | "هـ" | "هجري" | "هجريه" => {
                hijri = true;
                k += 1;
            }
            "م" | "ميلادي" | "ميلاديه" => k += 1,
            _ => {}
        }
        let (y, m, d) = match nums.len() {
            3 => {
                let (a, b, c) = (nums[0], nums[1], nums[2]);
                if parts[0].len() == 4 {
                    (a, b, c)
                } else if parts[2].len() == 4 {
                    if b > 12 && a <= 12 {
                        (c, a, b)
                    } else {
                        (c, b, a)
                    }
                } else if parts[2].len() == 2 && parts[0].len() <= 2 {
                    if a > 31 {
                        (2000 + a, b, c)
                    } else if b > 12 && a <= 12 {
                        // 9-18-15: month first when the middle cannot be a month
                        (if c < 50 { 2000 + c } else { 1900 + c }, a, b)
                    } else {
                        (if c < 50 { 2000 + c } else { 1900 + c }, b, a)
                    }
                } else {
                    return None;
                }
            }
            2 => {
                let (a, b) = (nums[0], nums[1]);
                if parts[0].len() == 4 && parts[1].len() == 4 && sep == '-' {
                    // year range 2014-2018
                    if (1000..=2200).contains(&a) && a < b && b <= 2200 {
                        let v = format!("{a:04}/{b:04}");
                        return Some(hit(i, k, date_sem(v.clone(), v, None)));
                    }
                    return None;
                }
                if parts[0].len() == 4 && (1..=12).contains(&b) && sep != '.' {
                    let v = format!("{a:04}-{b:02}");
                    return Some(hit(i, k, date_sem(v.clone(), v, None)));
                }
                if parts[1].len() == 4 && (1..=12).contains(&a) && sep != '.' {
                    let v = format!("{b:04}-{a:02}");
                    return Some(hit(i, k, date_sem(v.clone(), v, None)));
                }
                if sep != '/' {
                    return None;
                }
                // 08/12, 2015: the English order (month day, year) when a year follows a comma
                if self.is_sep(k) || self.n(k) == "," {
                    if let Some((y, k2, _)) = self.year(k + 1) {
                        if (1..=12).contains(&a) && (1..=31).contains(&b) && y >= 1000 {
                            let sem = self.resolve_named(Some(b), a as u8, false, Some(y), None)?;
                            return Some(hit(i, k2, sem));
                        }
                    }
                    if let Some(yy) = self.digits(k + 1).filter(|_| self.n(k + 1).len() == 2) {
                        if (1..=12).contains(&a) && (1..=31).contains(&b) {
                            let y = if yy < 50 { 2000 + yy } else { 1900 + yy };
                            let sem = self.resolve_named(Some(b), a as u8, false, Some(y), None)?;
                            return Some(hit(i, k + 2, sem));
                        }
                    }
                }
                // 22/04, 4/22, 04/22: a day and a month that cannot be a fraction (one part
                // over 12 or a leading zero); 24/7 is "around the clock"
                let unambiguous = (a > 12 || b > 12 || parts.iter().any(|p| p.starts_with('0')))
                    && !(a == 24 && b == 7);
                let prev = if i > 0 { self.b(i - 1) } else { "" };
                if !unambiguous
                    && !matches!(
                        prev,
                        "في" | "يوم"
                            | "بتاريخ"
                            | "تاريخ"
                            | "منذ"
                            | "حتي"
                            | "قبل"
                            | "بعد"
                            | "الي"
                            | "من"
                    )
                {
                    return None;
                }
                let (m, d) = if b > 12 && a <= 12 { (a, b) } else { (b, a) };
                if !(1..=12).contains(&m) || !(1..=31).contains(&d) {
                    return None;
                }
                let sem = self.resolve_named(Some(d), m as u8, false, None, None)?;
                return Some(hit(i, k, sem));
            }
            _ => return None,
        };
        if !(1..=12).contains(&m) || !(1..=31).contains(&d) {
            return None;
        }
        if hijri || (1300..=1500).contains(&y) && self.ctx.reference.is_none_or(|r| r.year() > 1900)
        {
            let g = cal::hijri_to_gregorian(y as i32, m as u8, d as u8)?;
            return Some(hit(i, k, dsem(g)));
        }
        let g = cal::ymd(y as i32, m as i32, d as i32)?;
        Some(hit(i, k, dsem(g)))
    }

    /// عام 2015، سنة 1446 هـ، في 2015، 2015 م
    fn year_only(&self, i: usize) -> Option<Hit> {
        let lead = matches!(self.b(i), "عام" | "العام" | "سنه" | "السنه");
        let prev = if i > 0 { self.b(i - 1) } else { "" };
        let digits_ok = self.digits(i).is_some_and(|v| (1900..=2100).contains(&v))
            && self.n(i).len() == 4
            && matches!(
                prev,
                "في" | "منذ"
                    | "حتي"
                    | "قبل"
                    | "بعد"
                    | "خلال"
                    | "مطلع"
                    | "اواخر"
                    | "نهايه"
                    | "بدايه"
                    | "منتصف"
                    | "اوائل"
                    | "عام"
                    | "الي"
            );
        if !lead && !digits_ok {
            // تسعة عشر ثمانية وعشرون: two numbers side by side are a year
            if let Some((y, k)) = self.year_pair(i) {
                let next_ok = self
                    .t(k)
                    .is_none_or(|w| w.kind != Kind::Word || w.lx.is_some());
                if next_ok && !matches!(self.lx(k), Some(Lex::Part(_))) {
                    return self.year_sem(i, k, y, false);
                }
            }
            // في ألف وسبعمائة وتسعة وثمانين: a spelled year after a preposition, clause end
            if matches!(prev, "في" | "منذ" | "حتي" | "عام" | "سنه") {
                if let Some((y, k)) = self.card(i).filter(|(y, _)| (1000..=2100).contains(y)) {
                    if self
                        .t(k)
                        .is_none_or(|w| w.kind != Kind::Word && w.kind != Kind::Number)
                    {
                        return self.year_sem(i, k, y, false);
                    }
                }
            }
            // 1446 هـ / 2015 م
            let (y, k, mk) = self.year(i)?;
            if mk.is_none() || self.digits(i).is_none() {
                return None;
            }
            return self.year_sem(i, k, y, mk == Some(true));
        }
        let (y, k, mk) = self.year(i)?;
        if lead && self.digits(i + 1).is_none() && y < 1000 && mk.is_none() {
            // "عام مائتين وسبعة وستين": accept words only when large or marked
            if y < 100 {
                return None;
            }
        }
        self.year_sem(i, k, y, mk == Some(true))
    }

    fn year_sem(&self, i: usize, k: usize, y: i64, hijri: bool) -> Option<Hit> {
        if hijri {
            let a = cal::hijri_to_gregorian(y as i32, 1, 1)?;
            let b = cal::add_days(cal::hijri_to_gregorian(y as i32 + 1, 1, 1)?, -1)?;
            let v = format!("{}/{}", fmt_date(a), fmt_date(b));
            return Some(hit(i, k, date_sem(v.clone(), v, None)));
        }
        let v = format!("{y:04}");
        Some(hit(i, k, date_sem(v.clone(), v, None)))
    }

    // ---------- relative ----------

    fn shift(&self, unit: Unit, n: f64, sign: i64) -> Option<(String, String, Option<Date>)> {
        let r = self.ctx.reference;
        let whole = n.round() as i64;
        let d = match unit {
            Unit::Day => r.and_then(|r| cal::add_days(r, sign * whole)),
            Unit::Week => r.and_then(|r| cal::add_days(r, sign * whole * 7)),
            Unit::Month => r.and_then(|r| cal::add_months(r, sign * whole)),
            Unit::Year => r.and_then(|r| cal::add_years(r, sign * whole)),
            Unit::Decade => r.and_then(|r| cal::add_years(r, sign * whole * 10)),
            Unit::Century => r.and_then(|r| cal::add_years(r, sign * whole * 100)),
            _ => r,
        };
        let v = d.map(fmt_date).unwrap_or_else(|| "XXXX-XX-XX".into());
        Some((v.clone(), v, d))
    }

    /// منذ ثلاثة أيام، قبل يومين، بعد أسبوعين، قبل أكثر من عام.
    fn relative_shift(&self, i: usize) -> Option<Hit> {
        let sign = match self.b(i) {
            "منذ" | "قبل" => -1,
            "بعد" => 1,
            _ => return None,
        };
        // قبل يوم أمس / قبل أمس
        if sign == -1 && self.b(i) == "قبل" {
            if matches!(self.lx(i + 1), Some(Lex::RelDay(-1))) {
                return self.rel_day_hit(i, i + 2, -2);
            }
            if self.b(i + 1) == "يوم" && matches!(self.lx(i + 2), Some(Lex::RelDay(-1))) {
                return self.rel_day_hit(i, i + 3, -2);
            }
        }
        if sign == 1 && matches!(self.b(i + 1), "غد" | "غدا") {
            return self.rel_day_hit(i, i + 2, 2);
        }
        let (modifier, j) = self.amount_mod(i + 1);
        let (parts, k) = self.amounts(j)?;
        let (n, unit) = parts[0];
        if unit < Unit::Day && parts.len() == 1 {
            // منذ ساعتين: a time relative to a reference time we rarely know.
            let v = self
                .ctx
                .reference
                .map(fmt_date)
                .unwrap_or("XXXX-XX-XX".into());
            let mut h = hit(i, k, date_sem(v.clone(), v, self.ctx.reference));
            h.modifier = modifier;
            h.relative = true;
            return Some(h);
        }
        let mut k = k;
        if self.b(k) == "من" && matches!(self.b(k + 1), "الان" | "الآن") {
            k += 2;
        }
        let (timex, value, day) = if parts.len() == 1 {
            self.shift(unit, n, sign)?
        } else {
            let d = Self::shifted(self.ctx.reference, &parts, sign);
            let v = d.map(fmt_date).unwrap_or("XXXX-XX-XX".into());
            (v.clone(), v, d)
        };
        let mut h = hit(i, k, date_sem(timex, value, day));
        h.modifier = modifier;
        h.relative = true;
        Some(h)
    }

    fn amount_mod(&self, i: usize) -> (Option<&'static str>, usize) {
        let b = self.b(i);
        let two = |a: &str, c: &str| b == a && self.b(i + 1) == c;
        if two("اكثر", "من") || two("ازيد", "من") {
            return (Some("more_than"), i + 2);
        }
        if two("اقل", "من") {
            return (Some("less_than"), i + 2);
        }
        if b == "ما"
            && matches!(self.b(i + 1), "يزيد" | "يربو")
            && matches!(self.b(i + 2), "علي" | "عن")
        {
            return (Some("more_than"), i + 3);
        }
        if b == "ما" && self.b(i + 1) == "لا" && self.b(i + 2) == "يقل" {
            return (Some("more_than"), i + 4);
        }
        if b == "ما" && self.b(i + 1) == "يقرب" && self.b(i + 2) == "من" {
            return (Some("approx"), i + 3);
        }
        if matches!(b, "نحو" | "حوالي" | "قرابه" | "زهاء" | "قرابة") {
            return (Some("approx"), i + 1);
        }
        (None, i)
    }

    /// One amount: (count, unit, next). `ساعة` alone counts 1 only when `bare_ok`.
    fn amount(&self, i: usize, bare_ok: bool) -> Option<(f64, Unit, usize)> {
        let mut half = 0.0;
        let mut j = i;
        if matches!(self.b(j), "نصف") {
            if let Some(Lex::Unit(u, 1)) = self.lx(j + 1) {
                return Some((0.5, u, j + 2));
            }
        }
        if matches!(self.b(j), "ربع") {
            if let Some(Lex::Unit(u, 1)) = self.lx(j + 1) {
                return Some((0.25, u, j + 2));
            }
        }
        let (n, u, mut k) = match self.lx(j) {
            Some(Lex::Unit(u, 2)) => (2.0, u, j + 1),
            Some(Lex::Unit(u, _)) if bare_ok => {
                let w = &self.w[j];
                if w.has_al() {
                    return None;
                }
                let mut k = j + 1;
                if matches!(self.b(k), "واحد" | "واحده" | "كامل" | "كامله") {
                    k += 1;
                }
                (1.0, u, k)
            }
            _ => {
                let (n, k) = self.count(j)?;
                j = k;
                let u = match self.lx(j) {
                    Some(Lex::Unit(u, 1)) => u,
                    _ => return None,
                };
                if matches!(self.b(j + 1), "كامل" | "كامله") {
                    (n, u, j + 2)
                } else {
                    (n, u, j + 1)
                }
            }
        };
        match self.n(k) {
            "ونصف" | "والنصف" => {
                half = 0.5;
                k += 1;
            }
            "وربع" | "والربع" => {
                half = 0.25;
                k += 1;
            }
            _ => {}
        }
        Some((n + half, u, k))
    }

    /// Amounts joined by و: عام واحد وشهر و21 يوما.
    fn amounts(&self, i: usize) -> Option<(Vec<(f64, Unit)>, usize)> {
        let (n, u, mut k) = self.amount(i, true)?;
        let mut v = vec![(n, u)];
        while let Some(w) = self.t(k) {
            let next = if self.is_sep(k) || w.n == "و" {
                k + 1
            } else {
                k
            };
            let Some(nw) = self.t(next) else { break };
            // و joins amounts; digits may follow each other (2 سنة 1 شهر 21 يوم)
            if next == k && !nw.n.starts_with('و') && nw.kind != Kind::Number {
                break;
            }
            match self.amount(next, true) {
                Some((n, u, k2)) if !v.iter().any(|(_, x)| *x == u) => {
                    v.push((n, u));
                    k = k2;
                }
                _ => break,
            }
        }
        Some((v, k))
    }

    /// `from` moved by each counted unit of `parts` (days to years; smaller units are ignored),
    /// forward for `sign` 1, back for −1.
    fn shifted(from: Option<Date>, parts: &[(f64, Unit)], sign: i64) -> Option<Date> {
        parts.iter().fold(from, |d, (n, u)| {
            d.and_then(|d| {
                let w = n.round() as i64 * sign;
                match u {
                    Unit::Day => cal::add_days(d, w),
                    Unit::Week => cal::add_days(d, w * 7),
                    Unit::Month => cal::add_months(d, w),
                    Unit::Year => cal::add_years(d, w),
                    _ => Some(d),
                }
            })
        })
    }

    fn duration_value(parts: &[(f64, Unit)]) -> String {
        let mut parts = parts.to_vec();
        parts.sort_by_key(|p| std::cmp::Reverse(p.1));
        let mut s = String::from("P");
        let mut t = false;
        for (n, u) in parts {
            let (n, u) = match u {
                Unit::Decade => (n * 10.0, Unit::Year),
                Unit::Century => (n * 100.0, Unit::Year),
                _ => (n, u),
            };
            let (d, is_t) = u.iso();
            if is_t && !t {
                s.push('T');
                t = true;
            }
            if n.fract() == 0.0 {
                s.push_str(&format!("{}{d}", n as i64));
            } else {
                s.push_str(&format!("{n}{d}"));
            }
        }
        s
    }

    /// أكثر من ساعة، ثلاثة أسابيع، لمدة 3 أيام، طوال اليوم، ساعة ونصف.
    fn duration(&self, i: usize) -> Option<Hit> {
        let b = self.b(i);
        if matches!(b, "طوال" | "طيله" | "طول") {
            let unit = self
                .t(i + 1)
                .and_then(|w| crate::lex::lexicon().get(w.bare()).copied());
            if let Some(Lex::Unit(u, 1)) = unit {
                let v = Self::duration_value(&[(1.0, u)]);
                return Some(hit(i, i + 2, Sem::Duration { value: v }));
            }
        }
        let intro = matches!(b, "مده" | "لمده" | "المده");
        let (modifier, j) = self.amount_mod(if intro { i + 1 } else { i });
        let start = if intro && modifier.is_none() {
            i + 1
        } else {
            i
        };
        // يوم كامل / أسبوع كامل: "whole" makes a bare unit a duration
        let bare_ok = modifier.is_some()
            || intro
            || (matches!(self.lx(j), Some(Lex::Unit(_, 1)))
                && matches!(self.b(j + 1), "كامل" | "كامله"));
        let (n, u, _) = self.amount(j, bare_ok).or_else(|| self.amount(j, false))?;
        // plain "يوم"/"ساعة" needs a count, a dual, a modifier or an intro word
        let _ = n;
        let (parts, k) = if bare_ok {
            self.amounts(j)?
        } else {
            let (parts, k) = self.amounts(j)?;
            // must start with an explicit count or a dual
            if matches!(self.lx(j), Some(Lex::Unit(_, 1)))
                && !matches!(self.b(j + 1), "كامل" | "كامله")
                && !matches!(self.b(j), "نصف" | "ربع")
            {
                return None;
            }
            (parts, k)
        };
        let _ = u;
        // "الأيام الثلاثة الماضية" style is past_n; here a following Dir means a date range.
        if matches!(self.lx(k), Some(Lex::Dir(_))) {
            return None;
        }
        // سنتان وشهر و21 يوما من الآن: a date counted from the reference
        if self.b(k) == "من" && matches!(self.b(k + 1), "الان" | "الحين") && modifier.is_none()
        {
            let d = Self::shifted(self.ctx.reference, &parts, 1);
            let v = d.map(fmt_date).unwrap_or("XXXX-XX-XX".into());
            let mut h = hit(start, k + 2, date_sem(v.clone(), v, d));
            h.relative = true;
            return Some(h);
        }
        let value = Self::duration_value(&parts);
        let mut h = hit(start, k, Sem::Duration { value });
        h.modifier = modifier;
        Some(h)
    }

    /// خلال الساعات الـ24 الماضية، الأيام الثلاثة المقبلة، آخر 3 سنوات، 3 أيام القادمة.
    fn past_n(&self, i: usize) -> Option<Hit> {
        let mut j = i;
        if matches!(self.b(j), "خلال" | "في" | "طيله" | "طوال") {
            j += 1;
        }
        let last = matches!(self.b(j), "اخر");
        if last {
            j += 1;
        }
        let (n, u, k) = if let Some(Lex::Unit(u, c)) = self.lx(j).filter(|_| self.w[j].has_al()) {
            // الأيام [الـ]3 الماضية / الأيام القليلة الماضية / اليومين الماضيين
            let mut k = j + 1;
            let n = if c == 2 {
                2.0
            } else if let Some((n, k2)) = self.count(k) {
                k = k2;
                n
            } else if matches!(self.b(k), "القليله" | "العديده") && c == 1 {
                k += 1;
                3.0
            } else if let Some((n, k2)) = self.ordinal(k) {
                // الأيام الثلاثة is number words with ال: ثلاثه → card via bare
                k = k2;
                n as f64
            } else {
                let (n, k2) = self.card_al(k)?;
                k = k2;
                n
            };
            (n, u, k)
        } else {
            let (n, u, k) = self.amount(j, last)?;
            (n, u, k)
        };
        let dir = match self.lx(k) {
            Some(Lex::Dir(d)) if d != 0 => d,
            _ if last => -1,
            _ => return None,
        };
        let k = if matches!(self.lx(k), Some(Lex::Dir(_))) {
            k + 1
        } else {
            k
        };
        let r = self.ctx.reference;
        if u < Unit::Day {
            let mut h = hit(
                i,
                k,
                Sem::Duration {
                    value: Self::duration_value(&[(n, u)]),
                },
            );
            h.relative = true;
            return Some(h);
        }
        let other = self.shift(u, n, dir as i64)?.2;
        let (a, b) = match (r, other) {
            (Some(r), Some(o)) => {
                if dir < 0 {
                    (o, r)
                } else {
                    // the coming N days start tomorrow
                    (cal::add_days(r, 1)?, cal::add_days(o, 1)?)
                }
            }
            _ => {
                let v = Self::duration_value(&[(n, u)]);
                return Some(hit(i, k, Sem::Duration { value: v }));
            }
        };
        let v = format!("{}/{}", fmt_date(a), fmt_date(b));
        let mut h = hit(i, k, date_sem(v.clone(), v, None));
        h.relative = true;
        Some(h)
    }

    /// Number words with ال: الثلاثة، الخمسة.
    fn card_al(&self, i: usize) -> Option<(f64, usize)> {
        let w = self.t(i)?;
        let l = crate::lex::lexicon();
        match l.get(w.bare()) {
            Some(Lex::Card(v)) if w.has_al() => Some((*v as f64, i + 1)),
            _ => None,
        }
    }

    fn rel_day_hit(&self, a: usize, b: usize, off: i64) -> Option<Hit> {
        let d = self.ctx.reference.and_then(|r| cal::add_days(r, off));
        let v = d.map(fmt_date).unwrap_or("XXXX-XX-XX".into());
        let mut b = b;
        // اليوم الخميس / أمس الأربعاء
        if let Some(Lex::Weekday(_)) = self.lx(self.skip_sep(b)) {
            if self.t(self.skip_sep(b)).is_some_and(|w| w.has_al()) {
                b = self.skip_sep(b) + 1;
            }
        }
        let mut h = hit(a, b, date_sem(v.clone(), v, d));
        h.relative = true;
        Some(h)
    }

    /// اليوم، أمس، أول أمس، غدا، بعد غد، اليوم التالي، صباح اليوم، مساء أمس، الليلة.
    fn relday(&self, i: usize) -> Option<Hit> {
        let b = self.b(i);
        if b == "اول" && self.b(i + 1) == "امس" {
            return self.rel_day_hit(i, i + 2, -2);
        }
        if b == "اول" && self.b(i + 1) == "من" && self.b(i + 2) == "امس" {
            return self.rel_day_hit(i, i + 3, -2);
        }
        // Part of day + day: صباح اليوم، مساء أمس، فجر الخميس، ليلة أمس، بعد ظهر اليوم،
        // ليلة الخامس من مايو
        let (part, pj) = if b == "بعد" && matches!(self.b(i + 1), "ظهر" | "ظهيره") {
            (Some(Lex::Part(Part::Afternoon)), i + 1)
        } else {
            (self.lx(i), i)
        };
        if let Some(Lex::Part(p)) = part {
            if !self.w[pj].n.ends_with('ا') {
                let mut j = pj + 1;
                if self.b(j) == "يوم" {
                    j += 1;
                }
                let day = self.relday(j).or_else(|| self.weekday(j)).or_else(|| {
                    self.date_named(j)
                        .filter(|h| matches!(h.sem, Sem::Date { day: Some(_), .. }))
                });
                if let Some(h) = day {
                    if let Sem::Date { timex, value, day } = h.sem {
                        let t = TimeV {
                            part_only: Some(p),
                            date: Some((timex, value, day)),
                            ..Default::default()
                        };
                        let mut out = hit(i, h.b, Sem::Time(t));
                        out.relative = h.relative;
                        return Some(out);
                    }
                }
            }
        }
        if matches!(b, "الليله") {
            if let Some(Lex::Dir(d)) = self.lx(i + 1) {
                let d2 = self.ctx.reference.and_then(|r| cal::add_days(r, d as i64));
                let v = d2.map(fmt_date).unwrap_or("XXXX-XX-XX".into());
                let t = TimeV {
                    part_only: Some(Part::Night),
                    date: Some((v.clone(), v, d2)),
                    ..Default::default()
                };
                return Some(hit(i, i + 2, Sem::Time(t)));
            }
        }
        let mut j = i;
        if b == "يوم" && matches!(self.lx(i + 1), Some(Lex::RelDay(_))) {
            j += 1;
        }
        let Some(Lex::RelDay(off)) = self.lx(j) else {
            return None;
        };
        let w = &self.w[j];
        if off == 0 {
            // اليوم: not in names (روسيا اليوم، المصري اليوم) nor "the day" readings.
            if w.b != "اليوم" && w.n != "اليوم" {
                return None;
            }
            let prev = if j > 0 { self.b(j - 1) } else { "" };
            if matches!(
                prev,
                "روسيا"
                    | "المصري"
                    | "اخبار"
                    | "فرنسا"
                    | "سوريا"
                    | "العراق"
                    | "ذلك"
                    | "عين"
            ) {
                return None;
            }
            // هذا اليوم is today; هذا اليوم من عام 1948 / هذا اليوم الذي is not
            if prev == "هذا" && matches!(self.b(j + 1), "من" | "الذي" | "التي") {
                return None;
            }
            let next = self.b(j + 1);
            if matches!(next, "التالي" | "الاتي") {
                return self.rel_day_hit(i, j + 2, 1);
            }
            if matches!(
                next,
                "السابع"
                    | "العالمي"
                    | "الوطني"
                    | "الدولي"
                    | "الاول"
                    | "الثاني"
                    | "الذي"
                    | "الاخير"
                    | "الموعود"
                    | "المفتوح"
            ) || matches!(self.lx(j + 1), Some(Lex::Ord(_)))
            {
                return None;
            }
        }
        if off == 1 && w.bare() == "غد" && !w.has_al() && w.n != "غد" && w.b != "غد" {
            return None;
        }
        self.rel_day_hit(i, j + 1, off as i64)
    }

    /// [يوم] الخميس [الماضي/المقبل] [من الأسبوع الماضي]
    fn weekday(&self, i: usize) -> Option<Hit> {
        let mut j = i;
        // هذا الخميس / هذا يوم الجمعة: that day of the current week
        let this = matches!(self.b(j), "هذا") && self.w.len() > j + 1;
        if this {
            j += 1;
        }
        let yawm = matches!(self.b(j), "يوم" | "نهار");
        if yawm {
            j += 1;
        }
        let Some(Lex::Weekday(wd)) = self.lx(j) else {
            return None;
        };
        let w = &self.w[j];
        if !yawm && !w.has_al() {
            return None;
        }
        // الأحد / الاثنين as numbers: "الاثنين" is fine; "الأحد عشر" is eleven.
        if matches!(self.n(j + 1), "عشر" | "عشره") {
            return None;
        }
        let mut k = j + 1;
        let mut dir: Option<i8> = if this { Some(0) } else { None };
        let r = self.ctx.reference;
        let start = if this { i } else { j };
        // الأربعاء 27 / الخميس في 21 / الجمعة في الثانية والعشرين: that day of the month.
        {
            let mut q = self.skip_sep(k);
            if self.b(q) == "في" {
                q += 1;
            }
            let dom = self
                .digits(q)
                .filter(|v| (1..=31).contains(v) && self.n(q).len() <= 2)
                .map(|v| (v, q + 1))
                .or_else(|| if q > k { self.day(q) } else { None });
            if let Some((dom, q2)) = dom {
                if self.month(q2).is_none() {
                    let day = r.and_then(|r| {
                        // the month around the reference where that day has that weekday
                        [0i64, -1, 1]
                            .iter()
                            .filter_map(|off| {
                                let m = cal::add_months(
                                    cal::ymd(r.year() as i32, r.month() as i32, 1)?,
                                    *off,
                                )?;
                                cal::ymd(m.year() as i32, m.month() as i32, dom as i32)
                            })
                            .find(|d| cal::weekday(*d) == wd as i32)
                            .or_else(|| cal::ymd(r.year() as i32, r.month() as i32, dom as i32))
                    });
                    let timex = day.map(fmt_date).unwrap_or(format!("XXXX-XX-{dom:02}"));
                    return Some(hit(start, q2, date_sem(timex.clone(), timex, day)));
                }
            }
            // الأحد الثاني: the nth such weekday of the month
            if let Some(Lex::Ord(n)) = self.lx(k) {
                if (1..=5).contains(&n)
                    && self.w[k].has_al()
                    && !matches!(self.lx(k + 1), Some(Lex::Month(..)))
                {
                    let day = r.and_then(|r| {
                        let first = cal::ymd(r.year() as i32, r.month() as i32, 1)?;
                        let off =
                            (wd as i32 - cal::weekday(first)).rem_euclid(7) + 7 * (n as i32 - 1);
                        cal::add_days(first, off as i64)
                    });
                    let timex = day
                        .map(fmt_date)
                        .unwrap_or(format!("XXXX-XX-WXX-{wd}-#{n}"));
                    return Some(hit(start, k + 1, date_sem(timex.clone(), timex, day)));
                }
            }
        }
        if let Some(Lex::Dir(d)) = self.lx(k) {
            if !matches!(self.b(k), "الاخير" | "الاخيره") {
                dir = Some(d);
                k += 1;
            }
        } else {
            // [من] [هذا] الأسبوع الماضي/المقبل/الحالي
            let mut q = k;
            if self.b(q) == "من" {
                q += 1;
            }
            if let Some((wk, q2)) = self.week_offset(q) {
                dir = Some(wk * 7);
                k = q2;
            }
        }
        let day = r.map(|r| {
            let cur = cal::weekday(r);
            let diff = wd as i32 - cur;
            let off = match dir {
                Some(-1) => {
                    if diff < 0 {
                        diff
                    } else {
                        diff - 7
                    }
                }
                Some(1) => {
                    if diff > 0 {
                        diff
                    } else {
                        diff + 7
                    }
                }
                Some(0) => diff,
                Some(d) => diff + d as i32,
                None => {
                    let mut o = diff;
                    if o > 3 {
                        o -= 7;
                    }
                    if o < -3 {
                        o += 7;
                    }
                    o
                }
            };
            cal::add_days(r, off as i64)
        });
        let i = start;
        let day = day.flatten();
        let timex = match (dir, day) {
            (Some(_), Some(d)) => fmt_date(d),
            _ => format!("XXXX-WXX-{wd}"),
        };
        let value = day.map(fmt_date).unwrap_or_else(|| timex.clone());
        // Part of day after: الخميس مساء
        if let Some(Lex::Part(p)) = self.lx(k) {
            if self.w[k].n.ends_with('ا') || self.w[k].n == "مساء" {
                let t = TimeV {
                    part_only: Some(p),
                    date: Some((timex, value, day)),
                    ..Default::default()
                };
                return Some(hit(i, k + 1, Sem::Time(t)));
            }
        }
        let mut h = hit(i, k, date_sem(timex, value, day));
        h.relative = true;
        Some(h)
    }

    /// هذا العام، الأسبوع الماضي، الشهر المقبل، مطلع العام المقبل، نهاية الشهر، منتصف يونيو.
    fn period(&self, i: usize) -> Option<Hit> {
        let h = self.period_inner(i)?;
        // نهاية الأسبوع / عطلة نهاية الأسبوع: the weekend
        if let (Some("end"), Sem::Date { timex, value, .. }) = (h.modifier, &h.sem) {
            // only نهاية الأسبوع is the weekend; أواخر الأسبوع is the end of the week
            if timex.len() == 8 && timex.contains("-W") && self.b(h.a) == "نهايه" {
                let mut out = hit(
                    h.a,
                    h.b,
                    date_sem(format!("{timex}-WE"), format!("{value}-WE"), None),
                );
                if h.a > 0 && self.b(h.a - 1) == "عطله" {
                    out.a = h.a - 1;
                }
                out.relative = true;
                return Some(out);
            }
        }
        Some(h)
    }

    /// بقية/باقي الأسبوع/الشهر/العام: from the reference to the end of that period.
    fn rest_of(&self, i: usize) -> Option<Hit> {
        if !matches!(self.b(i), "بقيه" | "باقي") {
            return None;
        }
        let mut j = i + 1;
        if matches!(self.b(j), "هذا" | "هذه") {
            j += 1;
        }
        // بقية الأسبوع / بقية أسبوعي (of my week)
        let (u, al) = match (self.lx(j), self.b(j)) {
            (_, "اسبوعي") => (Unit::Week, true),
            (_, "اليوم") => (Unit::Day, true),
            (_, "شهري") => (Unit::Month, true),
            (Some(Lex::Unit(u, 1)), _) => (u, self.w[j].has_al()),
            _ => return None,
        };
        if !al {
            return None;
        }
        let mut k = j + 1;
        if matches!(self.lx(k), Some(Lex::Dir(0))) {
            k += 1;
        }
        let r = self.ctx.reference?;
        let end = match u {
            Unit::Day => r,
            Unit::Week => cal::add_days(r, (7 - cal::weekday(r)) as i64)?,
            Unit::Month => cal::ymd(
                r.year() as i32,
                r.month() as i32,
                cal::days_in_month(r.year() as i32, r.month() as i32),
            )?,
            Unit::Year => cal::ymd(r.year() as i32, 12, 31)?,
            _ => return None,
        };
        let v = format!("{}/{}", fmt_date(r), fmt_date(end));
        let mut h = hit(i, k, date_sem(v.clone(), v, None));
        h.relative = true;
        Some(h)
    }

    /// الأسبوع الثالث من هذا الشهر / الأسبوع الأول من أكتوبر / الأسبوع الأخير من عام 2015
    fn week_of(&self, i: usize) -> Option<Hit> {
        if self.b(i) != "الاسبوع" {
            return None;
        }
        let n: i64 = match self.lx(i + 1) {
            Some(Lex::Ord(n)) if (1..=5).contains(&n) => n as i64,
            _ if matches!(self.b(i + 1), "الاخير") => -1,
            _ => return None,
        };
        let mut k = i + 2;
        if self.b(k) == "من" {
            k += 1;
        }
        let inner = self
            .date_named(k)
            .or_else(|| self.period(k))
            .or_else(|| self.year_only(k))?;
        let Sem::Date { timex, .. } = &inner.sem else {
            return None;
        };
        let v = match timex.len() {
            7 => {
                let w = if n < 0 { 4 } else { n };
                format!("{timex}-W{w:02}")
            }
            4 => {
                if n < 0 {
                    let y: i32 = timex.parse().ok()?;
                    let last = cal::ymd(y, 12, 28)?.iso_week_date().week();
                    format!("{timex}-12-W{last:02}")
                } else {
                    format!("{timex}-01-W{n:02}")
                }
            }
            _ => return None,
        };
        Some(hit(i, inner.b, date_sem(v.clone(), v, None)))
    }

    /// الربع الثالث من عام 2016 / الربع الأول من هذا العام
    fn quarter(&self, i: usize) -> Option<Hit> {
        if self.b(i) != "الربع" {
            return None;
        }
        let Some(Lex::Ord(q)) = self.lx(i + 1) else {
            return None;
        };
        if !(1..=4).contains(&q) {
            return None;
        }
        let mut k = i + 2;
        if self.b(k) == "من" {
            k += 1;
        }
        let (y, k2) = if let Some((y, k2, _)) = self.year(k) {
            (y as i32, k2)
        } else if let Some((_, Some(off), k2)) = self.cue(k) {
            (self.ctx.reference?.year() as i32 + off, k2)
        } else if matches!(self.b(k), "هذا" | "هذه") && matches!(self.b(k + 1), "العام" | "السنه")
        {
            (self.ctx.reference?.year() as i32, k + 2)
        } else {
            return None;
        };
        let a = cal::ymd(y, (q as i32 - 1) * 3 + 1, 1)?;
        let b = cal::add_months(a, 3)?;
        let v = format!("{}/{}", fmt_date(a), fmt_date(b));
        Some(hit(i, k2, date_sem(v.clone(), v, None)))
    }

    fn period_inner(&self, i: usize) -> Option<Hit> {
        // [في] وقت لاحق/مبكر [من] هذا الشهر: late in / early in a period
        {
            let mut q = i;
            if self.b(q) == "في" {
                q += 1;
            }
            if self.b(q) == "وقت" {
                let m = match self.b(q + 1) {
                    "لاحق" | "متاخر" => Some("end"),
                    "مبكر" => Some("start"),
                    _ => None,
                };
                if let Some(m) = m {
                    let mut r = q + 2;
                    if self.b(r) == "من" {
                        r += 1;
                    }
                    if let Some(mut h) = self.period_inner(r) {
                        if h.modifier.is_none() && matches!(h.sem, Sem::Date { .. }) {
                            h.a = i;
                            h.modifier = Some(m);
                            return Some(h);
                        }
                    }
                }
            }
        }
        let mut j = i;
        let modifier = match self.b(j) {
            "اواخر" | "نهايه" | "اخر" | "ختام" => Some("end"),
            "مطلع" | "بدايه" | "اوائل" | "مستهل" | "اول" | "بداية" => {
                Some("start")
            }
            "منتصف" | "اواسط" | "وسط" => Some("mid"),
            _ => None,
        };
        if modifier.is_some() {
            j += 1;
            if let Some(mut h) = self
                .date_named(j)
                .or_else(|| self.year_only(j))
                .or_else(|| self.season(j))
            {
                if let Sem::Date { ref timex, .. } = h.sem {
                    // only months and years take these
                    if timex.len() <= 7 || timex.contains('/') {
                        h.a = i;
                        h.modifier = modifier;
                        return Some(h);
                    }
                }
            }
        }
        let this = matches!(self.b(j), "هذا" | "هذه");
        if this {
            j += 1;
        }
        let Some(Lex::Unit(u, 1)) = self.lx(j) else {
            return None;
        };
        if !self.w[j].has_al() {
            return None;
        }
        let mut k = j + 1;
        let dir = match self.lx(k) {
            // الأسبوع بعد القادم / العام بعد المقبل: the one after next
            _ if self.b(k) == "بعد" && matches!(self.lx(k + 1), Some(Lex::Dir(1))) => {
                k += 2;
                2
            }
            Some(Lex::Dir(d)) => {
                if matches!(self.b(k), "الاخير" | "الاخيره") {
                    return None;
                }
                k += 1;
                d
            }
            _ if this || modifier.is_some() && self.lx(k).is_none() => 0,
            _ => {
                // القرن العشرين / القرن الحادي والعشرين / القرن التاسع عشر
                if u == Unit::Century {
                    let (n, k2) = self
                        .ordinal(k)
                        .or_else(|| self.card_al(k).map(|(v, k)| (v as i64, k)))?;
                    let c = n - 1;
                    let v = format!("{c:02}XX");
                    let mut h = hit(i, k2, date_sem(v.clone(), v, None));
                    h.modifier = modifier;
                    return Some(h);
                }
                return None;
            }
        };
        let r = self.ctx.reference;
        let (timex, value) = match (u, r) {
            (Unit::Day, Some(r)) => {
                let d = cal::add_days(r, dir as i64)?;
                (fmt_date(d), fmt_date(d))
            }
            (Unit::Week, Some(r)) => {
                let d = cal::add_days(r, 7 * dir as i64)?;
                (cal::iso_week(d), cal::iso_week(d))
            }
            (Unit::Month, Some(r)) => {
                let d = cal::add_months(r, dir as i64)?;
                let v = format!("{:04}-{:02}", d.year(), d.month());
                (v.clone(), v)
            }
            (Unit::Year, Some(r)) => {
                let v = format!("{:04}", r.year() as i32 + dir as i32);
                (v.clone(), v)
            }
            (Unit::Decade, Some(r)) => {
                let y = r.year() as i32 + 10 * dir as i32;
                let v = format!("{:03}X", y / 10);
                (v.clone(), v)
            }
            (Unit::Century, Some(r)) => {
                let y = r.year() as i32 + 100 * dir as i32;
                let v = format!("{:02}XX", y / 100);
                (v.clone(), v)
            }
            (
                Unit::Day | Unit::Week | Unit::Month | Unit::Year | Unit::Decade | Unit::Century,
                None,
            ) => {
                let v = "XXXX".to_string();
                (v.clone(), v)
            }
            _ => return None,
        };
        let mut h = hit(i, k, date_sem(timex, value, None));
        h.modifier = modifier;
        h.relative = true;
        Some(h)
    }

    /// [هذا] الأسبوع [الماضي|المقبل|الحالي] → week offset (hit must say which week).
    fn week_offset(&self, i: usize) -> Option<(i8, usize)> {
        let mut q = i;
        let this = matches!(self.b(q), "هذا" | "هذه");
        if this {
            q += 1;
        }
        if !matches!(self.b(q), "الاسبوع") {
            return None;
        }
        match self.lx(q + 1) {
            Some(Lex::Dir(d)) if !matches!(self.b(q + 1), "الاخير" | "الاخيره") => {
                Some((d, q + 2))
            }
            _ if this => Some((0, q + 1)),
            _ => None,
        }
    }

    /// الأسبوع المقبل يوم الجمعة / هذا الأسبوع الجمعة
    fn week_weekday(&self, i: usize) -> Option<Hit> {
        let (wk, mut q) = self.week_offset(i)?;
        // الأسبوع المقبل بين الأربعاء والجمعة / هذا الأسبوع من الثلاثاء إلى الخميس
        if matches!(self.b(q), "بين" | "من") {
            let bein = self.b(q) == "بين";
            let mut a = q + 1;
            if self.b(a) == "يوم" {
                a += 1;
            }
            if let Some(Lex::Weekday(wa)) = self.lx(a) {
                if let Some(mut b) = self.connector(a + 1, bein) {
                    if self.b(b) == "يوم" {
                        b += 1;
                    }
                    if let Some(Lex::Weekday(wb)) = self.lx(b) {
                        let r = self.ctx.reference?;
                        let monday =
                            cal::add_days(r, (1 - cal::weekday(r)) as i64 + 7 * wk as i64)?;
                        let da = cal::add_days(monday, wa as i64 - 1)?;
                        let db = cal::add_days(monday, wb as i64 - 1)?;
                        if da < db {
                            let mut h = hit(
                                i,
                                b + 1,
                                Sem::Range {
                                    kind: "date",
                                    a: Box::new(dsem(da)),
                                    b: Box::new(dsem(db)),
                                },
                            );
                            h.relative = true;
                            return Some(h);
                        }
                    }
                }
            }
        }
        if self.b(q) == "يوم" {
            q += 1;
        }
        let Some(Lex::Weekday(wd)) = self.lx(q) else {
            return None;
        };
        let r = self.ctx.reference?;
        let monday = cal::add_days(r, (1 - cal::weekday(r)) as i64 + 7 * wk as i64)?;
        let d = cal::add_days(monday, wd as i64 - 1)?;
        let mut h = hit(i, q + 1, dsem(d));
        h.relative = true;
        Some(h)
    }

    /// الثمانينيات [من القرن الماضي/العشرين]
    fn decade(&self, i: usize) -> Option<Hit> {
        // الألفين (the 2000s), الألفين والعشرات (the 2010s)
        if self.b(i) == "الالفين" && !matches!(self.lx(i + 1), Some(Lex::Card(_))) {
            let (v, k) = if matches!(self.n(i + 1), "والعشرات" | "والعشرينات") {
                ("201X", i + 2)
            } else {
                ("200X", i + 1)
            };
            return Some(hit(i, k, date_sem(v.into(), v.into(), None)));
        }
        let Some(Lex::Decade(d)) = self.lx(i) else {
            return None;
        };
        let mut k = i + 1;
        if self.b(k) == "من" {
            k += 1;
        }
        let mut century: Option<i32> = None;
        if self.b(k) == "القرن" {
            if let Some(Lex::Dir(dd)) = self.lx(k + 1) {
                century = self
                    .ctx
                    .reference
                    .map(|r| r.year() as i32 / 100 + dd as i32);
                k += 2;
            } else if let Some((n, k2)) = self.ordinal(k + 1) {
                century = Some(n as i32 - 1);
                k = k2;
            }
        } else {
            k = i + 1;
        }
        let c = century.unwrap_or_else(|| {
            let ry = self.ctx.reference.map(|r| r.year() as i32).unwrap_or(2000);
            if 2000 + d as i32 <= ry {
                20
            } else {
                19
            }
        });
        let v = format!("{:02}{}X", c, d / 10);
        let timex = if century.is_some() {
            v.clone()
        } else {
            format!("XX{}X", d / 10)
        };
        Some(hit(i, k, date_sem(timex, v, None)))
    }

    /// كل يوم، يوميا، أسبوعيا، كل أسبوعين، كل يوم اثنين، أيام الأحد.
    fn set(&self, i: usize) -> Option<Hit> {
        let b = self.b(i);
        let v = match b {
            "يوميا" => "P1D",
            "اسبوعيا" => "P1W",
            "شهريا" => "P1M",
            "سنويا" | "سنوي" if b == "سنويا" => "P1Y",
            _ => "",
        };
        if !v.is_empty() {
            return Some(hit(i, i + 1, Sem::Set { value: v.into() }));
        }
        if b == "كل" || b == "ايام" {
            let mut j = i + 1;
            if b == "كل" && self.b(j) == "يوم" {
                if let Some(Lex::Weekday(wd)) = self.lx(j + 1) {
                    return Some(hit(
                        i,
                        j + 2,
                        Sem::Set {
                            value: format!("XXXX-WXX-{wd}"),
                        },
                    ));
                }
            }
            if let Some(Lex::Weekday(wd)) = self.lx(j) {
                if !(b == "كل" && self.w[j].has_al()) || b == "ايام" {
                    return Some(hit(
                        i,
                        j + 1,
                        Sem::Set {
                            value: format!("XXXX-WXX-{wd}"),
                        },
                    ));
                }
            }
            if b == "ايام" {
                return None;
            }
            if let Some(Lex::Part(p)) = self.lx(j) {
                return Some(hit(
                    i,
                    j + 1,
                    Sem::Set {
                        value: format!("T{}", p.code()),
                    },
                ));
            }
            let (n, u, k) = self.amount(j, true)?;
            if self.w[j].has_al() {
                return None;
            }
            j = k;
            let value = Self::duration_value(&[(n, u)]);
            return Some(hit(i, j, Sem::Set { value }));
        }
        None
    }

    /// Holidays: عيد الفطر، عيد الأضحى، المولد النبوي، رأس السنة الهجرية، يوم عرفة، عيد الميلاد،
    /// رأس السنة [الميلادية]. Islamic ones are converted from the Umm al-Qura calendar.
    fn holiday(&self, i: usize) -> Option<Hit> {
        let mut j = i;
        if self.b(j) == "يوم" && matches!(self.b(j + 1), "عيد" | "عرفه") {
            j += 1;
        }
        // Holidays on the nth weekday of a month: (month, ISO weekday, n).
        let nth: Option<(u8, u8, u8, usize)> = match (self.b(j), self.b(j + 1)) {
            ("عيد" | "يوم", "الشكر") => Some((11, 4, 4, j + 2)), // Thanksgiving
            ("عيد" | "يوم", "الاب") if !self.w[j + 1].madda => Some((6, 7, 3, j + 2)), // Father's Day
            _ => None,
        };
        if let Some((m, wd, n, k)) = nth {
            let (year, k) = self.holiday_year(k);
            let ty = year.map(|y| format!("{y:04}")).unwrap_or("XXXX".into());
            let timex = format!("{ty}-{m:02}-WXX-{wd}-{n}");
            let y = year.or_else(|| self.infer_year(m, Some(15), 0).map(|d| d.year() as i64));
            let day = y.and_then(|y| {
                let first = cal::ymd(y as i32, m as i32, 1)?;
                let off = (wd as i32 - cal::weekday(first)).rem_euclid(7) + 7 * (n as i32 - 1);
                cal::add_days(first, off as i64)
            });
            let value = day.map(fmt_date).unwrap_or_else(|| timex.clone());
            return Some(hit(i, k, date_sem(timex, value, day)));
        }
        #[allow(clippy::type_complexity)]
        let (greg, hijri, k): (Option<(u8, u8)>, Option<(u8, u8)>, usize) =
            match (self.b(j), self.b(j + 1), self.b(j + 2)) {
                ("ليله", "راس", "السنه") if !matches!(self.b(j + 3), "الهجريه") =>
                {
                    let k = if matches!(self.b(j + 3), "الميلاديه" | "الجديده") {
                        j + 4
                    } else {
                        j + 3
                    };
                    (Some((12, 31)), None, k)
                }
                // يواندان: the Chinese name of 1 January
                ("يواندان", _, _) => (Some((1, 1)), None, j + 1),
                ("عيد" | "يوم", "العمال", _) => (Some((5, 1)), None, j + 2),
                ("عيد", "الحب", _) => (Some((2, 14)), None, j + 2),
                ("عيد", "الام", _) if !self.w[j + 1].madda => (Some((3, 21)), None, j + 2),
                // Land Day (يوم الأرض), 30 March in Arab news
                ("يوم", "الارض", _) => (Some((3, 30)), None, j + 2),
                ("عيد", "الفطر", _) => (None, Some((10, 1)), j + 2),
                ("عيد", "الاضحي", _) => (None, Some((12, 10)), j + 2),
                ("المولد", "النبوي", _) => (None, Some((3, 12)), j + 2),
                ("عرفه", _, _) if self.b(i) == "يوم" => (None, Some((12, 9)), j + 1),
                ("راس", "السنه", "الهجريه") => (None, Some((1, 1)), j + 3),
                ("عيد", "الميلاد", _) if self.b(j + 2) != "ال" => {
                    (Some((12, 25)), None, j + 2)
                }
                ("راس", "السنه", "الميلاديه") => (Some((1, 1)), None, j + 3),
                ("راس", "السنه", "الجديده") => (Some((1, 1)), None, j + 3),
                _ => return None,
            };
        let mut k = k;
        let mut year = None;
        let mut dir = None;
        if let Some((y, k2, _)) = self.year(k) {
            if matches!(self.b(k), "عام" | "العام" | "سنه" | "السنه") || self.digits(k).is_some()
            {
                year = Some(y);
                k = k2;
            }
        } else if let Some((d, Some(off), k2)) = self.cue(k) {
            // يواندان العام المقبل / عيد الميلاد هذا العام
            dir = Some((d, Some(off)));
            k = k2;
        } else if matches!(self.b(k), "هذا" | "هذه") && matches!(self.b(k + 1), "العام" | "السنه")
        {
            dir = Some((0, Some(0)));
            k += 2;
        }
        let sem = if let Some((m, d)) = greg {
            self.resolve_named(Some(d as i64), m, false, year, dir)?
        } else {
            let (m, d) = hijri?;
            let year = year.filter(|y| (1300..=1600).contains(y));
            self.resolve_named(Some(d as i64), m, true, year, None)?
        };
        Some(hit(i, k, sem))
    }

    /// The year after a holiday: `2010`, `عام 2015`, `لعام 2016`, `العام المقبل`, `هذا العام`.
    fn holiday_year(&self, k: usize) -> (Option<i64>, usize) {
        if let Some((y, k2, _)) = self.year(k) {
            if matches!(self.b(k), "عام" | "العام" | "سنه" | "السنه") || self.digits(k).is_some()
            {
                return (Some(y), k2);
            }
        }
        let r = self.ctx.reference.map(|r| r.year() as i64);
        if let Some((_, Some(off), k2)) = self.cue(k) {
            return (r.map(|y| y + off as i64), k2);
        }
        if matches!(self.b(k), "هذا" | "هذه") && matches!(self.b(k + 1), "العام" | "السنه")
        {
            return (r, k + 2);
        }
        (None, k)
    }

    /// Seasons: الصيف، هذا الشتاء، الربيع القادم، صيف 2016.
    fn season(&self, i: usize) -> Option<Hit> {
        let mut j = i;
        let this = matches!(self.b(j), "هذا" | "هذه");
        if this {
            j += 1;
        }
        let code = match self.t(j)?.bare() {
            "صيف" => "SU",
            "شتاء" => "WI",
            "ربيع" => "SP",
            "خريف" => "FA",
            _ => return None,
        };
        if matches!(self.b(j + 1), "الاول" | "الثاني" | "الاخر" | "العربي") {
            return None;
        }
        let r = self.ctx.reference;
        let mut k = j + 1;
        let year = if let Some(Lex::Dir(d)) = self.lx(k) {
            k += 1;
            r.map(|r| r.year() as i64 + d as i64)
        } else if let Some((y, k2, _)) = self.year(k).filter(|(y, _, _)| *y >= 1000) {
            k = k2;
            Some(y)
        } else if this {
            r.map(|r| r.year() as i64)
        } else {
            None
        };
        let v = match year {
            Some(y) => format!("{y:04}-{code}"),
            None => code.to_string(),
        };
        Some(hit(i, k, date_sem(v.clone(), v, None)))
    }

    /// Parts of a day without a day: في الصباح، في المساء، بعد الظهر، في وقت متأخر من الليل.
    fn part_period(&self, i: usize) -> Option<Hit> {
        let mut j = i;
        if matches!(self.b(j), "في" | "عند" | "خلال") {
            j += 1;
        }
        if self.b(j) == "وقت" && matches!(self.b(j + 1), "متاخر" | "مبكر") {
            j += 2;
            if self.b(j) == "من" {
                j += 1;
            }
        } else if matches!(self.b(j), "اواخر" | "اول") {
            j += 1;
        }
        // في وقت متأخر من صباح الثلاثاء / بعد ظهر يوم الثلاثاء: a part of a given day
        if j > i {
            if let Some(mut h) = self.relday(j).filter(|h| matches!(h.sem, Sem::Time(_))) {
                h.a = i;
                return Some(h);
            }
        }
        // هذا الصباح، هذا المساء، هذه الليلة، الليلة: today
        let this = matches!(self.b(j), "هذا" | "هذه") && j == i;
        let tonight = self.b(j) == "الليله"
            && !matches!(self.lx(j + 1), Some(Lex::Ord(_)) | Some(Lex::Dir(_)));
        if this || tonight {
            let q = if this { j + 1 } else { j };
            if let Some(Lex::Part(p)) = self.lx(q).filter(|_| self.w[q].has_al()) {
                let r = self.ctx.reference;
                let v = r.map(fmt_date).unwrap_or("XXXX-XX-XX".into());
                let t = TimeV {
                    part_only: Some(p),
                    date: Some((v.clone(), v, r)),
                    ..Default::default()
                };
                let mut h = hit(i, q + 1, Sem::Time(t));
                h.relative = true;
                return Some(h);
            }
        }
        let (p, k) = if self.b(j) == "بعد" && self.b(j + 1) == "الظهر" {
            (Part::Afternoon, j + 2)
        } else {
            let w = self.t(j)?;
            if !w.has_al() {
                return None;
            }
            match w.lx {
                Some(Lex::Part(p)) if !matches!(w.b.as_str(), "الليله" | "الظهيره") => {
                    (p, j + 1)
                }
                _ => return None,
            }
        };
        // a day right after belongs to the part (صباح اليوم is relday's)
        if matches!(self.lx(k), Some(Lex::RelDay(_))) {
            return None;
        }
        // الصباح الباكر (early morning)
        let k = if self.b(k) == "الباكر" {
            k + 1
        } else {
            k
        };
        let t = if p == Part::Noon {
            // الظهر is a time: 12:00
            TimeV {
                h: 12,
                ..Default::default()
            }
        } else {
            TimeV {
                part_only: Some(p),
                ..Default::default()
            }
        };
        Some(hit(i, k, Sem::Time(t)))
    }

    // ---------- ranges ----------

    /// A connector between the two ends of a range: إلى، حتى، و، -.
    fn connector(&self, i: usize, bein: bool) -> Option<usize> {
        let w = self.t(i)?;
        match w.b.as_str() {
            "الي" | "حتي" | "لغايه" | "-" | "–" => return Some(i + 1),
            _ => {}
        }
        if w.n == "و" && bein {
            return Some(i + 1);
        }
        if bein && w.n.starts_with('و') && w.n.chars().count() > 2 {
            return Some(i); // والسادسة: the next end starts inside this token
        }
        None
    }

    /// من 4 إلى 22 يناير، بين 2 و 7 فبراير، من 2 أكتوبر إلى 22 أكتوبر، 19-20 نوفمبر،
    /// من 5 إلى 6 مساءً، بين الساعة 4 مساءً و 5 مساءً.
    fn range(&self, i: usize) -> Option<Hit> {
        let mut j = i;
        let mut bein = false;
        match self.b(j) {
            "من" => j += 1,
            "بين" => {
                bein = true;
                j += 1
            }
            "ما" if self.b(j + 1) == "بين" => {
                // "ما بين": the span starts at بين
                return self.range(i + 1);
            }
            _ => {}
        }
        // 19-20 نوفمبر in one token
        if let Some(w) = self.t(j) {
            if w.kind == Kind::Number {
                if let Some((a, b)) = w.n.split_once('-') {
                    if let (Ok(a), Ok(b)) = (a.parse::<i64>(), b.parse::<i64>()) {
                        if (1..=31).contains(&a) && a < b && b <= 31 {
                            if let Some(hb) = self.date_named_day(b, j + 1) {
                                return self.day_range(i, a, hb);
                            }
                        }
                    }
                }
            }
        }
        // 4-5 مساءً: an hour range in one token, a part of day after
        if let Some(w) = self.t(j) {
            if w.kind == Kind::Number {
                if let Some((a, b)) = w.n.split_once('-') {
                    if let (Ok(a), Ok(b)) = (a.parse::<i32>(), b.parse::<i32>()) {
                        if let Some((p, k)) = self.part_after(j + 1) {
                            if (1..=12).contains(&a) && (1..=12).contains(&b) && a != b {
                                let one = |h: i32| {
                                    Box::new(Sem::Time(TimeV {
                                        h: p.adjust(h),
                                        part: Some(p),
                                        ..Default::default()
                                    }))
                                };
                                return Some(hit(
                                    i,
                                    k,
                                    Sem::Range {
                                        kind: "time",
                                        a: one(a),
                                        b: one(b),
                                    },
                                ));
                            }
                        }
                    }
                }
            }
        }
        // year ranges: من 2014 إلى 2018
        if let (Some(a), true) = (self.digits(j), self.n(j).len() == 4) {
            if let Some(jb) = self.connector(j + 1, bein) {
                if let (Some(b), true) = (self.digits(jb), self.n(jb).len() == 4) {
                    if (1000..=2200).contains(&a) && a < b && b <= 2200 && j > i {
                        let v = format!("{a:04}/{b:04}");
                        return Some(hit(i, jb + 1, date_sem(v.clone(), v, None)));
                    }
                }
            }
        }
        // day-only first end sharing the second end's month
        if let Some((d1, ja)) = self.day(j) {
            if let Some(jb) = self.connector(ja, bein) {
                if let Some(hb) = self.date_named(jb).or_else(|| self.day_of_period(jb)) {
                    if let Sem::Date { .. } = hb.sem {
                        if let Some(h) = self.day_range(i, d1, hb) {
                            return Some(h);
                        }
                    }
                }
            }
        }
        if j == i
            && !matches!(self.t(j).map(|w| w.kind), Some(Kind::Number))
            && self.b(j) != "الساعه"
            && self.lx(j).is_none()
        {
            return None;
        }
        // bare hour first end taking the part of day of the second: من 5 إلى 6 مساءً
        let a = self.at_plain(j).or_else(|| {
            let (h, k) = self
                .digits(j)
                .filter(|v| (0..=24).contains(v) && self.n(j).len() <= 2)
                .map(|v| (v as i32, j + 1))
                .or_else(|| self.hour_word(j))?;
            Some(hit(
                j,
                k,
                Sem::Time(TimeV {
                    h,
                    ..Default::default()
                }),
            ))
        })?;
        // a bare number is not a range start without من/بين, except 4 - 5 مساءً
        let bare_a = j == i
            && matches!(a.sem, Sem::Time(ref t) if t.part.is_none() && !t.has_min && self.b(i) != "الساعه");
        let jb = self.connector(a.b, bein)?;
        if bare_a && self.n(a.b) != "-" {
            return None;
        }
        let mut b = self.at_plain(jb).or_else(|| {
            if let Sem::Time(_) = a.sem {
                let (h, k) = self
                    .digits(jb)
                    .filter(|v| (0..=24).contains(v) && self.n(jb).len() <= 2)
                    .map(|v| (v as i32, jb + 1))
                    .or_else(|| self.hour_word(jb))?;
                Some(hit(
                    jb,
                    k,
                    Sem::Time(TimeV {
                        h,
                        ..Default::default()
                    }),
                ))
            } else {
                None
            }
        })?;
        if bare_a && !matches!(b.sem, Sem::Time(ref t) if t.part.is_some()) {
            return None;
        }
        // without من/بين the range starts with its first end (يوم الجمعة حتى الأحد → الجمعة…)
        let i = if j == i { a.a } else { i };
        let mut a = a;
        match (&mut a.sem, &mut b.sem) {
            (Sem::Time(ta), Sem::Time(tb)) => {
                if ta.part.is_none() && ta.part_only.is_none() {
                    if let Some(p) = tb.part {
                        ta.h = p.adjust(ta.h);
                        ta.part = Some(p);
                    }
                }
                if tb.part.is_none() && tb.part_only.is_none() {
                    if let Some(p) = ta.part {
                        if tb.h < 12 && ta.h >= 12 {
                            tb.h = p.adjust(tb.h);
                        }
                    }
                }
                if ta.zone.is_none() {
                    ta.zone = tb.zone;
                }
                if ta.date.is_none() {
                    ta.date.clone_from(&tb.date);
                }
                let (sa, sb) = (a.sem.clone(), b.sem.clone());
                Some(hit(
                    i,
                    b.b,
                    Sem::Range {
                        kind: "time",
                        a: Box::new(sa),
                        b: Box::new(sb),
                    },
                ))
            }
            (Sem::Date { .. }, Sem::Date { .. }) => Some(hit(
                i,
                b.b,
                Sem::Range {
                    kind: "date",
                    a: Box::new(a.sem.clone()),
                    b: Box::new(b.sem.clone()),
                },
            )),
            _ => None,
        }
    }

    /// A day of the month alone: `يوم 27`, `في 27.` at the end of a clause → `XXXX-XX-27`,
    /// resolved to the nearest month that has it.
    fn day_bare(&self, i: usize) -> Option<Hit> {
        let (start, j) = match self.b(i) {
            "يوم" => (i, i + 1),
            "في" => (i + 1, i + 1),
            _ => return None,
        };
        let d = self
            .digits(j)
            .filter(|v| (1..=31).contains(v) && self.n(j).len() <= 2)?;
        // the clause must end there (في 27 دولة is a count)
        if let Some(w) = self.t(j + 1) {
            let end = matches!(w.kind, Kind::Punct)
                && matches!(w.n.as_str(), "." | "!" | "؟" | "?" | "،" | ",");
            if !end || self.month(j + 2).is_some() {
                return None;
            }
        }
        Some(self.day_of_month_hit(start, j + 1, d))
    }

    /// A compound ordinal day at the end of a clause, after في/إلى/حتى or with ل:
    /// `عاد في الثاني والعشرين.`، `للحادي عشر`، `حتى الثلاثين`. A lone ordinal (الثاني) stays an
    /// ordinal (second place, the second round).
    fn day_ordinal(&self, i: usize) -> Option<Hit> {
        let w = self.t(i)?;
        if !matches!(w.lx, Some(Lex::Ord(_))) || !w.has_al() {
            return None;
        }
        let prev = if i > 0 { self.b(i - 1) } else { "" };
        if !(matches!(prev, "في" | "الي" | "حتي") || w.n.starts_with("لل")) {
            return None;
        }
        let (d, k) = self.ordinal(i)?;
        if !(11..=31).contains(&d) {
            return None;
        }
        if let Some(x) = self.t(k) {
            let end = matches!(x.kind, Kind::Punct)
                && matches!(x.n.as_str(), "." | "!" | "؟" | "?" | "،" | ",");
            if !end {
                return None;
            }
        }
        Some(self.day_of_month_hit(i, k, d))
    }

    /// `XXXX-XX-dd` resolved to the nearest month that has that day.
    fn day_of_month_hit(&self, start: usize, end: usize, d: i64) -> Hit {
        let timex = format!("XXXX-XX-{d:02}");
        let day = self.ctx.reference.and_then(|r| {
            let first = cal::ymd(r.year() as i32, r.month() as i32, 1)?;
            [-1i64, 0, 1]
                .iter()
                .filter_map(|off| {
                    let m = cal::add_months(first, *off)?;
                    cal::ymd(m.year() as i32, m.month() as i32, d as i32)
                })
                .min_by_key(|c| ((*c - r).get_days().abs(), *c > r))
        });
        let value = day.map(fmt_date).unwrap_or_else(|| timex.clone());
        let mut h = hit(start, end, date_sem(timex, value, day));
        h.relative = true;
        h
    }

    /// The nth weekday of a month: أول يوم جمعة من يوليو، ثاني خميس في هذا الشهر، آخر جمعة من رمضان
    /// is left out (Hijri) → `XXXX-07-WXX-5-#1`.
    fn nth_weekday(&self, i: usize) -> Option<Hit> {
        let n: i64 = match self.b(i) {
            "اول" => 1,
            "اخر" => -1,
            _ => match self.lx(i) {
                Some(Lex::Ord(n)) if (2..=5).contains(&n) && !self.w[i].has_al() => n as i64,
                _ => return None,
            },
        };
        let mut j = i + 1;
        if self.b(j) == "يوم" {
            j += 1;
        }
        let Some(Lex::Weekday(wd)) = self.lx(j) else {
            return None;
        };
        j += 1;
        if matches!(self.b(j), "من" | "في") {
            j += 1;
        }
        let inner = self.date_named(j).or_else(|| self.period(j))?;
        let Sem::Date { timex, value, .. } = &inner.sem else {
            return None;
        };
        if timex.len() != 7 || value.len() != 7 || timex.contains('W') {
            return None;
        }
        let tag = if n < 0 {
            "#L".to_string()
        } else {
            format!("#{n}")
        };
        let t = format!("{timex}-WXX-{wd}-{tag}");
        let day = (|| {
            let y: i32 = value[..4].parse().ok()?;
            let m: i32 = value[5..7].parse().ok()?;
            if n > 0 {
                let first = cal::ymd(y, m, 1)?;
                let off = (wd as i32 - cal::weekday(first)).rem_euclid(7) + 7 * (n as i32 - 1);
                let d = cal::add_days(first, off as i64)?;
                (d.month() as i32 == m).then_some(d)
            } else {
                let last = cal::ymd(y, m, cal::days_in_month(y, m))?;
                let off = (cal::weekday(last) - wd as i32).rem_euclid(7);
                cal::add_days(last, -(off as i64))
            }
        })();
        let v = day.map(fmt_date).unwrap_or_else(|| t.clone());
        Some(hit(i, inner.b, date_sem(t, v, day)))
    }

    /// A month, then a range of its days: نوفمبر بين 15 و 19، شهر مايو من 3 إلى 7.
    fn month_days(&self, i: usize) -> Option<Hit> {
        let s = if matches!(self.b(i), "شهر" | "الشهر") {
            i + 1
        } else {
            i
        };
        let (m, hijri, k, _) = self.month(s)?;
        let bein = match self.b(k) {
            "بين" => true,
            "من" => false,
            _ => return None,
        };
        let (d1, ka) = self.day(k + 1)?;
        let kb = self.connector(ka, bein)?;
        let (d2, kc) = self.day(kb)?;
        if d2 <= d1 {
            return None;
        }
        let a = self.resolve_named(Some(d1), m, hijri, None, None)?;
        let b = self.resolve_named(Some(d2), m, hijri, None, None)?;
        Some(hit(
            i,
            kc,
            Sem::Range {
                kind: "date",
                a: Box::new(a),
                b: Box::new(b),
            },
        ))
    }

    /// The week of a date: أسبوع 15 سبتمبر، الأسبوع في 15 سبتمبر → ISO week.
    fn week_of_date(&self, i: usize) -> Option<Hit> {
        if !matches!(self.b(i), "اسبوع" | "الاسبوع") {
            return None;
        }
        let mut j = i + 1;
        if self.b(j) == "في" {
            j += 1;
        }
        let inner = self.date_named(j)?;
        let Sem::Date { day: Some(d), .. } = inner.sem else {
            return None;
        };
        let v = cal::iso_week(d);
        Some(hit(i, inner.b, date_sem(v.clone(), v, None)))
    }

    /// `22 يناير…` starting at `i` given the day was already read (for `19-20 نوفمبر`).
    fn date_named_day(&self, d: i64, i: usize) -> Option<Hit> {
        let (m, hijri, k, _) = self.month(i)?;
        let mut k = k;
        let mut y = None;
        if let Some((yy, k2, _)) = self.year(self.skip_sep(k)) {
            y = Some(yy);
            k = k2;
        }
        let sem = self.resolve_named(Some(d), m, hijri, y, None)?;
        Some(hit(i, k, sem))
    }

    /// 20 من الشهر المقبل / 31 من هذا الشهر / العشرين من الشهر الجاري
    fn day_of_period(&self, i: usize) -> Option<Hit> {
        let (d, mut k) = self.day(i)?;
        if self.b(k) == "من" || self.b(k) == "في" {
            k += 1;
        }
        let p = self.period(k)?;
        let Sem::Date { ref value, .. } = p.sem else {
            return None;
        };
        if value.len() != 7 {
            return None;
        }
        let y: i32 = value[..4].parse().ok()?;
        let m: i32 = value[5..7].parse().ok()?;
        let day = cal::ymd(y, m, d as i32);
        let v = day.map(fmt_date).unwrap_or(format!("{value}-{d:02}"));
        let mut h = hit(i, p.b, date_sem(v.clone(), v, day));
        h.relative = true;
        Some(h)
    }

    fn day_range(&self, i: usize, d1: i64, hb: Hit) -> Option<Hit> {
        let Sem::Date { timex, value, .. } = &hb.sem else {
            return None;
        };
        if timex.len() != 10 || value.len() != 10 {
            return None;
        }
        let ta = format!("{}{d1:02}", &timex[..8]);
        let va = format!("{}{d1:02}", &value[..8]);
        let day = va.parse::<Date>().ok();
        if day.is_none() && !va.starts_with('X') {
            return None;
        }
        Some(hit(
            i,
            hb.b,
            Sem::Range {
                kind: "date",
                a: Box::new(date_sem(ta, va, day)),
                b: Box::new(hb.sem.clone()),
            },
        ))
    }

    // ---------- times ----------

    /// An hour word: العاشرة، الحادية عشرة، السابعة.
    fn hour_word(&self, i: usize) -> Option<(i32, usize)> {
        if let Some((v, k)) = self.ordinal(i) {
            // الثامنة / ثامنة والربع
            let frac = matches!(self.n(k), "والربع" | "والنصف" | "وربع" | "ونصف");
            if (1..=12).contains(&v) && (self.w[i].has_al() || frac) {
                return Some((v as i32, k));
            }
        }
        if let Some((v, k)) = self.card(i) {
            if (0..=24).contains(&v) {
                return Some((v as i32, k));
            }
            // ثمانية وأربعين / خمسة عشر وثلاثين: the hour, then the minutes
            if let Some(h) = self.card_val(i, true).filter(|h| (1..=12).contains(h)) {
                if k > i + 1 && self.n(i + 1).starts_with('و') {
                    return Some((h as i32, i + 1));
                }
                if h < 10 && matches!(self.n(i + 1), "عشر" | "عشره") && k > i + 2 {
                    return Some((h as i32 + 10, i + 2));
                }
            }
        }
        None
    }

    /// `وثلاثة أرباع` / `و ثلاثة أرباع` (a quarter to the next hour: 45 minutes): the next token.
    fn three_quarters(&self, k: usize) -> Option<usize> {
        let q = if self.n(k) == "و" { k + 1 } else { k };
        let joined = q > k || self.n(q).starts_with('و');
        (joined && self.b(q) == "ثلاثه" && self.b(q + 1) == "ارباع").then_some(q + 2)
    }

    /// Hour `h` read up to `k`, then والنصف/والربع/إلا ربعا: (h, min, next).
    fn time_frac(&self, h: i32, k: usize) -> (i32, i32, usize) {
        match self.n(k) {
            "والنصف" | "ونصف" => (h, 30, k + 1),
            "والربع" | "وربع" => (h, 15, k + 1),
            "والثلث" | "وثلث" => (h, 20, k + 1),
            _ => (h, 0, k),
        }
    }

    fn part_after(&self, i: usize) -> Option<(Part, usize)> {
        let mut j = i;
        if self.b(i) == "وقت" && self.b(i + 1) == "الغداء" {
            return Some((Part::Noon, i + 2));
        }
        // 1:00 منتصف الليل / 12 منتصف الليل
        if self.b(i) == "منتصف" && self.b(i + 1) == "الليل" {
            return Some((Part::Midnight, i + 2));
        }
        if matches!(self.b(j), "من" | "في" | "هذا" | "هذه") {
            j += 1;
        }
        if self.b(j) == "بعد" && matches!(self.b(j + 1), "الظهر" | "الظهيره" | "ظهر")
        {
            return Some((Part::Afternoon, j + 2));
        }
        if let Some(Lex::Part(p)) = self.lx(j) {
            // "من صباح اليوم" belongs to the date merge, keep it simple: accept the part word.
            if j == i || self.w[j].has_al() {
                return Some((p, j + 1));
            }
        }
        None
    }

    fn zone_after(&self, i: usize) -> Option<(Zone, usize)> {
        let n = self.n(i);
        let b = self.b(i);
        let mut j = i;
        if matches!(n, "بتوقيت" | "توقيت" | "بالتوقيت" | "التوقيت") || b == "توقيت"
        {
            j += 1;
            if matches!(self.b(j), "المحلي" | "المحليه") {
                return None;
            }
            if let Some(z) = self.t(j).and_then(|w| zone(&w.n).or_else(|| zone(&w.b))) {
                j += 1;
                if matches!(self.b(j), "المكرمه" | "المحتله" | "الشريف" | "العاصمه")
                {
                    j += 1;
                }
                if z == "UTC" {
                    return Some(self.fixed_after(j));
                }
                return Some((Zone::Iana(z), j));
            }
            return None;
        }
        if matches!(n, "gmt" | "utc")
            || zone(n) == Some("UTC") && self.t(i).is_some_and(|w| w.kind == Kind::Latin)
        {
            return Some(self.fixed_after(i + 1));
        }
        None
    }

    fn fixed_after(&self, j: usize) -> (Zone, usize) {
        let sign = match self.n(j) {
            "+" => 1,
            "-" | "−" => -1,
            _ => return (Zone::Fixed(0), j),
        };
        let Some(w) = self.t(j + 1).filter(|w| w.kind == Kind::Number) else {
            return (Zone::Fixed(0), j);
        };
        let (h, m) = match w.n.split_once(':') {
            Some((h, m)) => (
                h.parse::<i32>().unwrap_or(99),
                m.parse::<i32>().unwrap_or(0),
            ),
            None => (w.n.parse::<i32>().unwrap_or(99), 0),
        };
        if h > 14 {
            return (Zone::Fixed(0), j);
        }
        (Zone::Fixed(sign * (h * 3600 + m * 60)), j + 2)
    }

    /// الساعة العاشرة صباحًا بتوقيت واشنطن، 14:00 بتوقيت غرينتش، 7 مساء، منتصف الليل.
    fn time(&self, i: usize) -> Option<Hit> {
        let mut j = i;
        let mut clock = false;
        let mut i = i;
        if matches!(self.b(j), "تمام") {
            j += 1;
            i = j;
        }
        if matches!(self.b(j), "الساعه" | "ساعه") && (self.w[j].has_al() || j > i) {
            clock = true;
            j += 1;
        }
        if self.b(j) == "منتصف" {
            let q = if self.n(j + 1) == "-" { j + 2 } else { j + 1 };
            let h = match self.b(q) {
                "الليل" => 0,
                "النهار" => 12,
                "الصباح" => 10,
                "الظهر" => 14,
                _ => -1,
            };
            if h >= 0 {
                let t = TimeV {
                    h,
                    ..Default::default()
                };
                return Some(self.time_tail(i, q + 1, t));
            }
        }
        // وقت الظهيرة / وقت الغداء (lunch time) → 12:00
        if self.b(j) == "وقت" && matches!(self.b(j + 1), "الظهيره" | "الغداء") {
            let t = if self.b(j + 1) == "الغداء" {
                TimeV {
                    part_only: Some(Part::Noon),
                    ..Default::default()
                }
            } else {
                TimeV {
                    h: 12,
                    ..Default::default()
                }
            };
            return Some(self.time_tail(i, j + 2, t));
        }
        if matches!(self.b(j), "الظهيره") || (clock && self.b(j) == "الظهر") {
            let t = TimeV {
                h: 12,
                ..Default::default()
            };
            return Some(self.time_tail(i, j + 1, t));
        }
        // مساء 7 / صباح 10: a part of day, then the hour (not a date: مساء 7 يوليو)
        if let (Some(Lex::Part(p)), false) = (self.lx(j), clock) {
            if let Some(v) = self.digits(j + 1).filter(|v| (1..=12).contains(v)) {
                if self.month(j + 2).is_none() && self.lx(j + 2).is_none() {
                    let t = TimeV {
                        h: p.adjust(v as i32),
                        part: Some(p),
                        ..Default::default()
                    };
                    return Some(self.time_tail(i, j + 2, t));
                }
            }
        }
        // ثلاث دقائق قبل الثامنة / خمس دقائق حتى السابعة: minutes before the hour
        if !clock {
            if let Some((n, Unit::Minute, k)) = self.amount(j, false) {
                if matches!(self.b(k), "قبل" | "حتي" | "الا") && (1.0..60.0).contains(&n) {
                    if let Some((h, k2)) = self.hour_word(k + 1).filter(|_| self.w[k + 1].has_al())
                    {
                        let inner = self.time_frac(h, k2);
                        let total = (inner.0 * 60 + inner.1 - n as i32).rem_euclid(24 * 60);
                        let mut t = TimeV {
                            h: total / 60,
                            mi: total % 60,
                            has_min: true,
                            ..Default::default()
                        };
                        let mut k3 = inner.2;
                        if let Some((p, k4)) = self.part_after(k3) {
                            t.h = p.adjust(t.h);
                            t.part = Some(p);
                            k3 = k4;
                        }
                        return Some(self.time_tail(i, k3, t));
                    }
                }
            }
        }
        let w = self.t(j)?;
        let (mut h, mut mi, mut sec, mut has_min, k) =
            if w.kind == Kind::Number && w.n.contains(':') {
                let p: Vec<&str> = w.n.split(':').collect();
                if p.len() > 3 || p.iter().any(|x| x.is_empty() || x.len() > 2) {
                    return None;
                }
                let h: i32 = p[0].parse().ok()?;
                let m: i32 = p[1].parse().ok()?;
                let s: Option<i32> = p.get(2).and_then(|x| x.parse().ok());
                if h > 24 || m > 59 || s.is_some_and(|s| s > 59) {
                    return None;
                }
                (h, m, s, true, j + 1)
            } else if let Some(v) = self.digits(j) {
                let len = self.n(j).len();
                if (3..=4).contains(&len)
                    && (1..=12).contains(&(v / 100))
                    && v % 100 < 60
                    && self.part_after(j + 1).is_some()
                {
                    // 340 مساء / 1140 صباحا: hhmm run together, a part of day after
                    ((v / 100) as i32, (v % 100) as i32, None, true, j + 1)
                } else if !(0..=24).contains(&v) || len > 2 {
                    return None;
                } else {
                    (v as i32, 0, None, false, j + 1)
                }
            } else {
                let (h, k) = self.hour_word(j)?;
                (h, 0, None, false, k)
            };
        let mut k = k;
        // fractions and minutes
        if let Some(k2) = self.three_quarters(k) {
            mi = 45;
            has_min = true;
            k = k2;
        }
        match self.n(k) {
            "والنصف" | "ونصف" => {
                mi = 30;
                has_min = true;
                k += 1;
            }
            "والربع" | "وربع" => {
                mi = 15;
                has_min = true;
                k += 1;
            }
            "والثلث" | "وثلث" => {
                mi = 20;
                has_min = true;
                k += 1;
            }
            "الا" => {
                let q = match self.b(k + 1) {
                    "ربعا" | "ربع" | "الربع" => Some(15),
                    "ثلثا" | "ثلث" | "الثلث" => Some(20),
                    _ => None,
                };
                if let Some(q) = q {
                    h = (h + 23) % 24;
                    mi = 60 - q;
                    has_min = true;
                    k += 2;
                } else if let Some((n, Unit::Minute, k2)) = self.amount(k + 1, false) {
                    // الخامسة والنصف إلا ثلاث دقائق
                    if (1.0..60.0).contains(&n) {
                        let total = (h * 60 + mi - n as i32).rem_euclid(24 * 60);
                        h = total / 60;
                        mi = total % 60;
                        has_min = true;
                        k = k2;
                    }
                }
            }
            _ => {
                // و 30 دقيقة / وعشرين دقيقة
                if self
                    .w
                    .get(k)
                    .is_some_and(|x| x.n.starts_with('و') || x.n == "و")
                    && !has_min
                {
                    let s = if self.n(k) == "و" { k + 1 } else { k };
                    let digit = s < self.w.len() && self.digits(s).is_some();
                    let val = if s == k {
                        self.card(k)
                    } else {
                        self.digits(s).map(|v| (v, s + 1)).or_else(|| self.card(s))
                    };
                    if let Some((v, k2)) = val {
                        if (1..60).contains(&v) {
                            let k3 = if matches!(self.lx(k2), Some(Lex::Unit(Unit::Minute, _))) {
                                k2 + 1
                            } else {
                                k2
                            };
                            // السابعة وثلاثين / الساعة 7 وعشرين / ثمانية وأربعين مساء; a bare
                            // "و 6" after an hour is the end of a range (بين الساعة 5 و 6)
                            let hour_al = self.w[j].has_al() && self.w[j].kind == Kind::Word;
                            if k3 > k2
                                || (!digit && (clock || hour_al || self.part_after(k3).is_some()))
                            {
                                mi = v as i32;
                                has_min = true;
                                k = k3;
                            }
                        }
                    }
                } else if !has_min && w.kind == Kind::Word {
                    // خمسة عشر خمسة عشر مساءً: spelled minutes right after a spelled hour,
                    // then a part of day
                    if let Some((v, k2)) = self.card(k).filter(|(v, _)| (1..60).contains(v)) {
                        if self.part_after(k2).is_some() {
                            mi = v as i32;
                            has_min = true;
                            k = k2;
                        }
                    }
                }
            }
        }
        if self.n(k) == "الا" && has_min {
            // الخامسة والنصف إلا ثلاث دقائق
            if let Some((n, Unit::Minute, k2)) = self.amount(k + 1, false) {
                if (1.0..60.0).contains(&n) {
                    let total = (h * 60 + mi - n as i32).rem_euclid(24 * 60);
                    h = total / 60;
                    mi = total % 60;
                    k = k2;
                }
            }
        }
        let part = self.part_after(k);
        // 8 هذا الصباح / 10 هذا المساء: today
        let today = part.is_some() && (k..k + 2).any(|q| matches!(self.b(q), "هذا" | "هذه"));
        if let Some((p, k2)) = part {
            h = p.adjust(h);
            k = k2;
            // 9 مساءً وثلاثة أرباع / التاسعة مساء والنصف
            if !has_min {
                if let Some(k3) = self.three_quarters(k) {
                    mi = 45;
                    has_min = true;
                    k = k3;
                } else if let Some((m, k3)) = match self.n(k) {
                    "والنصف" | "ونصف" => Some((30, k + 1)),
                    "والربع" | "وربع" => Some((15, k + 1)),
                    _ => None,
                } {
                    mi = m;
                    has_min = true;
                    k = k3;
                }
            }
        }
        let explicit = clock || w.n.contains(':') || part.is_some();
        // في السابعة / عند الحادية عشرة: a feminine ordinal hour after a preposition of time,
        // at the end of the clause (not في السابعة من عمره)
        let prep_hour = j == i
            && i > 0
            && matches!(self.b(i - 1), "في" | "عند" | "حتي")
            && w.kind == Kind::Word
            && w.has_al()
            && w.n.ends_with('ه')
            && self
                .t(k)
                .is_none_or(|x| x.kind != Kind::Word && x.kind != Kind::Number);
        let ord_hour = self.w[j].has_al() || matches!(self.w[j].lx, Some(Lex::Ord(_)));
        let hour_word_ok = (has_min && ord_hour) || prep_hour;
        if !explicit && !hour_word_ok {
            return None;
        }
        if clock && !w.n.contains(':') && part.is_none() && self.digits(j).is_some() && h > 24 {
            return None;
        }
        if sec.is_none() && w.n.split(':').count() == 3 {
            sec = Some(0);
        }
        let date = if today {
            self.ctx
                .reference
                .map(|r| (fmt_date(r), fmt_date(r), Some(r)))
        } else {
            None
        };
        let t = TimeV {
            h,
            mi,
            sec,
            has_min: has_min || w.n.contains(':'),
            part: part.map(|p| p.0),
            date,
            ..Default::default()
        };
        Some(self.time_tail(i, k, t))
    }

    fn time_tail(&self, i: usize, k: usize, mut t: TimeV) -> Hit {
        let mut k = k;
        if let Some((z, k2)) = self.zone_after(k) {
            t.zone = Some(z);
            k = k2;
        } else if self.n(k) == "(" {
            // 10 صباحا (بتوقيت مكة)
            if let Some((z, k2)) = self.zone_after(k + 1) {
                if self.n(k2) == ")" {
                    t.zone = Some(z);
                    k = k2 + 1;
                }
            }
        }
        hit(i, k, Sem::Time(t))
    }
}
