//! Tokens prepared for the temporal grammar and the closed-class lexicon (month names of every
//! family, Hijri months, weekdays, number words, units, direction words, day parts, zones).
//!
//! Every key is in `Profile::SEARCH` form (no diacritics, أإآ→ا, ى→ي, ة→ه, ؤ→و, ئ→ي).

use naba_arabic::{normalize::normalize_char, tokenize_with, Kind, Profile};
use std::borrow::Cow;
use std::collections::HashMap as StdMap;
use std::hash::{BuildHasherDefault, Hasher};

/// FNV-1a: the lexicon keys are short, SipHash would dominate the lookups.
#[derive(Default)]
pub struct Fnv(u64);
impl Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        let mut h = if self.0 == 0 {
            0xcbf29ce484222325
        } else {
            self.0
        };
        for b in bytes {
            h ^= *b as u64;
            h = h.wrapping_mul(0x100000001b3);
        }
        self.0 = h;
    }
}
pub type HashMap<K, V> = StdMap<K, V, BuildHasherDefault<Fnv>>;
pub type HashSet<K> = std::collections::HashSet<K, BuildHasherDefault<Fnv>>;
use std::sync::OnceLock;

/// One token: char span into the source, normalized form, and the form with the conjunction /
/// preposition proclitics (و ف ب ل ك) removed (`ال` is kept).
#[derive(Debug, Clone)]
pub struct W {
    /// Char offset of the token start.
    pub s: usize,
    /// Char offset of the token start after the stripped proclitics.
    pub s_core: usize,
    pub e: usize,
    /// Byte offsets into the whole text (start after proclitics, end).
    pub bs_core: usize,
    pub be: usize,
    pub kind: Kind,
    /// SEARCH-normalized token.
    pub n: String,
    /// `n` without the w/f/b/l/k proclitics.
    pub b: String,
    /// The raw text starts with آ (distinguishes آب "August" from أب "father").
    pub madda: bool,
    /// Lexicon class (looked up once).
    pub lx: Option<Lex>,
    /// Whether a rule can start at this token (numbers, lexicon words, grammar words).
    pub starter: bool,
}

impl W {
    /// `b` without a leading `ال`.
    pub fn bare(&self) -> &str {
        strip_al(&self.b)
    }
    pub fn has_al(&self) -> bool {
        self.b.starts_with("ال") && self.b.chars().count() > 3
    }
    pub fn is(&self, w: &str) -> bool {
        self.n == w || self.b == w
    }
    pub fn is_num(&self) -> bool {
        self.kind == Kind::Number
    }
    pub fn is_punct(&self, p: &str) -> bool {
        (self.kind == Kind::Punct || self.kind == Kind::Symbol) && self.n == p
    }
}

pub fn strip_al(s: &str) -> &str {
    match s.strip_prefix("ال") {
        Some(r) if r.chars().count() >= 2 => r,
        _ => s,
    }
}

/// Tokenize and normalize `text[byte_from..byte_to]`; `char_from` is the char offset of
/// `byte_from`.
pub fn prepare(text: &str, char_from: usize, byte_from: usize, out: &mut Vec<W>) {
    let mut buf = String::new();
    tokenize_with(text, |t| {
        out.push(prepare_one(text, &t, char_from, byte_from, &mut buf));
    });
}

/// Prepare tokens already made by `naba_arabic::tokenize` over the whole `text`.
pub fn prepare_tokens(text: &str, toks: &[naba_arabic::Tok], out: &mut Vec<W>) {
    let mut buf = String::new();
    for t in toks {
        out.push(prepare_one(text, t, 0, 0, &mut buf));
    }
}

fn prepare_one(
    text: &str,
    t: &naba_arabic::Tok,
    char_from: usize,
    byte_from: usize,
    buf: &mut String,
) -> W {
    let interesting = &word_sets().3;
    let raw = t.text(text);
    buf.clear();
    for c in raw.chars() {
        norm_char(c, buf);
    }
    let (n, b, stripped) = if t.kind == Kind::Word {
        let (b, stripped) = strip_proclitics(buf);
        if interesting.contains(b.as_ref()) {
            (buf.clone(), b.into_owned(), stripped)
        } else if interesting.contains(buf.as_str()) {
            // وقت is a word of ours, not و + قت
            (buf.clone(), buf.clone(), 0)
        } else {
            // Not a word of the grammar: keep it out of every comparison cheaply.
            (String::new(), String::new(), 0)
        }
    } else {
        (buf.clone(), String::new(), 0)
    };
    let b = match t.kind {
        Kind::Word => b,
        Kind::Punct | Kind::Symbol => n.clone(),
        _ => String::new(),
    };
    let pre = raw_prefix_len(raw, stripped);
    let s_core = t.start + char_from + pre;
    let pre_bytes: usize = raw.chars().take(pre).map(char::len_utf8).sum();
    let mut w = W {
        bs_core: t.byte_start + byte_from + pre_bytes,
        be: t.byte_end + byte_from,
        s: t.start + char_from,
        s_core,
        e: t.end + char_from,
        kind: t.kind,
        madda: raw.starts_with('آ'),
        n,
        b,
        lx: None,
        starter: false,
    };
    w.lx = if w.kind == Kind::Word && stripped_known(&w) {
        lex(&w)
    } else {
        None
    };
    w.starter = match w.kind {
        Kind::Number => true,
        Kind::Word => w.lx.is_some() || is_starter_word(&w.b) || is_starter_word(&w.n),
        Kind::Latin => matches!(w.n.as_str(), "gmt" | "utc"),
        _ => false,
    };
    w
}

/// `Profile::SEARCH` for the chars that matter here, without the general Unicode case
/// folding (the hot path of tagging a corpus); other chars go through the full rules.
#[inline]
fn norm_char(c: char, out: &mut String) {
    match c {
        'A'..='Z' => out.push(c.to_ascii_lowercase()),
        _ if c.is_ascii() => out.push(c),
        'أ' | 'إ' | 'آ' | 'ٱ' => out.push('ا'),
        'ى' | 'ی' => out.push('ي'),
        'ة' => out.push('ه'),
        'ؤ' => out.push('و'),
        'ئ' => out.push('ي'),
        '\u{0640}' => {}
        '٠'..='٩' => out.push(char::from(b'0' + (c as u32 - '٠' as u32) as u8)),
        '۰'..='۹' => out.push(char::from(b'0' + (c as u32 - '۰' as u32) as u8)),
        '\u{0621}'..='\u{063A}' | '\u{0641}'..='\u{064A}' => out.push(c),
        _ if naba_arabic::normalize::is_diacritic(c) => {}
        _ => normalize_char(c, &Profile::SEARCH, &mut |d| out.push(d)),
    }
}

/// Number of raw chars taken by the first `letters` letters (with their marks).
fn raw_prefix_len(raw: &str, letters: usize) -> usize {
    if letters == 0 {
        return 0;
    }
    let mut seen = 0;
    for (i, c) in raw.chars().enumerate() {
        let mark = naba_arabic::normalize::is_diacritic(c) || c == '\u{0640}';
        if !mark {
            if seen == letters {
                return i;
            }
            seen += 1;
        }
    }
    raw.chars().count()
}

/// Whether the stripped form (or it without ال) can be a lexicon word: avoids the lookups for
/// the many words that are not.
#[inline]
fn stripped_known(w: &W) -> bool {
    let k = &word_sets().2;
    k.contains(w.b.as_str()) || k.contains(w.n.as_str())
}

/// Strip و/ف then ب/ل/ك (and ل+ال → ال) when a known word remains or the rest is long enough.
fn strip_proclitics(n: &str) -> (Cow<'_, str>, usize) {
    if lookup_any(n) {
        return (Cow::Borrowed(n), 0);
    }
    let mut s = n;
    let mut k = 0;
    for p in ["و", "ف"] {
        if let Some(r) = s.strip_prefix(p) {
            if r.chars().count() >= 2 {
                s = r;
                k += 1;
                break;
            }
        }
    }
    if lookup_any(s) {
        return (Cow::Borrowed(s), k);
    }
    if let Some(r) = s.strip_prefix("لل") {
        if r.chars().count() >= 2 {
            // ل + ال written لل: the ل cannot be cut off the span, keep the token whole
            return (Cow::Owned(format!("ال{r}")), k);
        }
    }
    for p in ["ب", "ل", "ك"] {
        if let Some(r) = s.strip_prefix(p) {
            if r.chars().count() >= 2 && (lookup_any(r) || r.starts_with("ال")) {
                return (Cow::Borrowed(r), k + 1);
            }
        }
    }
    (Cow::Borrowed(s), k)
}

/// Function words of the grammar that take proclitics (لأكثر، وبتوقيت، ولمدة).
const GRAMMAR_WORDS: &[&str] = &[
    "عيد",
    "بضع",
    "بضعه",
    "عده",
    "وقت",
    "اكثر",
    "اقل",
    "ازيد",
    "مده",
    "نحو",
    "حوالي",
    "قرابه",
    "زهاء",
    "توقيت",
    "تمام",
    "طوال",
    "طيله",
    "خلال",
    "منذ",
    "قبل",
    "بعد",
    "حتي",
    "مطلع",
    "اواخر",
    "اوائل",
    "منتصف",
    "نهايه",
    "بدايه",
    "تاريخ",
    "كل",
    "اخر",
];

type Sets = (
    HashSet<&'static str>,
    HashSet<&'static str>,
    HashSet<&'static str>,
    HashSet<&'static str>,
);

/// Every Arabic word the grammar or the lexicon compares against: the string literals of
/// these sources (so a word added to a rule is never forgotten here).
fn grammar_literals() -> impl Iterator<Item = &'static str> {
    const SRC: [&str; 2] = [include_str!("grammar.rs"), include_str!("lex.rs")];
    SRC.into_iter().flat_map(str::lines).flat_map(|line| {
        // code only: comments may hold unbalanced quotes
        let code = line.split("//").next().unwrap_or("");
        code.split('"')
            .skip(1)
            .step_by(2)
            .filter(|s| !s.is_empty() && !s.contains(' ') && s.chars().any(crate::lex::is_ar))
    })
}

pub(crate) fn is_ar(c: char) -> bool {
    ('\u{0600}'..='\u{06FF}').contains(&c)
}

/// Grammar words, starter words, and every known form (lexicon keys with and without ال,
/// grammar words): one hash lookup answers "could this be ours?".
fn word_sets() -> &'static Sets {
    static S: OnceLock<Sets> = OnceLock::new();
    S.get_or_init(|| {
        let g: HashSet<&str> = GRAMMAR_WORDS.iter().copied().collect();
        let mut st = g.clone();
        st.extend(STARTERS.iter().copied());
        let mut known = g.clone();
        for k in lexicon().keys() {
            known.insert(k);
            let with_al: &'static str = Box::leak(format!("ال{k}").into_boxed_str());
            known.insert(with_al);
        }
        let mut interesting = known.clone();
        interesting.extend(st.iter().copied());
        for lit in grammar_literals() {
            interesting.insert(lit);
            let with_al: &'static str = Box::leak(format!("ال{lit}").into_boxed_str());
            interesting.insert(with_al);
        }
        (g, st, known, interesting)
    })
}

/// Words that can open an expression without being in the lexicon.
fn is_starter_word(s: &str) -> bool {
    word_sets().1.contains(s)
}

const STARTERS: &[&str] = &[
    "بقيه",
    "باقي",
    "الربع",
    "صيف",
    "الصيف",
    "شتاء",
    "الشتاء",
    "خريف",
    "الخريف",
    "وقت",
    "خلال",
    "من",
    "بين",
    "ما",
    "في",
    "يوم",
    "نهار",
    "هذا",
    "هذه",
    "الساعه",
    "ساعه",
    "ايام",
    "يوميا",
    "اسبوعيا",
    "شهريا",
    "سنويا",
    "ال",
    "الـ",
    "عرفه",
    "يواندان",
    "المولد",
    "راس",
    "بضعه",
    "بضع",
    "عده",
    "نصف",
    "ربع",
    "طول",
    "ختام",
    "اواسط",
    "وسط",
    "مستهل",
    "عند",
    "لمده",
    "المده",
    "بتوقيت",
    "اوائل",
    "اول",
    "الليله",
    "الظهيره",
];

fn lookup_any(s: &str) -> bool {
    word_sets().2.contains(s)
}

/// Lexical classes.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Lex {
    /// Gregorian month 1–12; `ambiguous` names need context (مارس "practised", آب, ماي).
    Month(u8, bool),
    /// First word of a two-word Levantine month: كانون (1/12), تشرين (10/11).
    MonthHead(u8),
    /// Hijri month; `ambiguous` names (صفر "zero", رجب, شعبان … as names) need context.
    HMonth(u8, bool),
    /// First word of a two-word Hijri month: ربيع (3/4), جمادى (5/6), ذو/ذي (11/12).
    HMonthHead(u8),
    /// ISO weekday (Mon = 1).
    Weekday(u8),
    /// Cardinal number word.
    Card(i64),
    /// Ordinal (day of month, hour): الثالث، العاشرة، الحادي …
    Ord(u8),
    /// Time unit, with a count for dual forms (يومين → 2).
    Unit(Unit, u8),
    /// Day relative to the reference: اليوم 0, أمس −1, غدا +1.
    RelDay(i8),
    /// Tense / direction: الماضي −1, المقبل +1, الحالي 0.
    Dir(i8),
    /// Part of day.
    Part(Part),
    /// A decade word: الثمانينيات → 80.
    Decade(u8),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Unit {
    Second,
    Minute,
    Hour,
    Day,
    Week,
    Month,
    Year,
    Decade,
    Century,
}

impl Unit {
    /// ISO 8601 designator and whether it belongs after `T`.
    pub fn iso(self) -> (&'static str, bool) {
        match self {
            Unit::Second => ("S", true),
            Unit::Minute => ("M", true),
            Unit::Hour => ("H", true),
            Unit::Day => ("D", false),
            Unit::Week => ("W", false),
            Unit::Month => ("M", false),
            Unit::Year => ("Y", false),
            Unit::Decade => ("DE", false),
            Unit::Century => ("CE", false),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    Dawn,
    Morning,
    Noon,
    Afternoon,
    Evening,
    Night,
    Midnight,
}

impl Part {
    /// TIMEX3 part-of-day code.
    pub fn code(self) -> &'static str {
        match self {
            Part::Dawn | Part::Morning => "MO",
            Part::Noon => "MI",
            Part::Afternoon => "AF",
            Part::Evening => "EV",
            Part::Night | Part::Midnight => "NI",
        }
    }
    /// Hour `h` (1–12 as written) in this part of day → 0–23.
    pub fn adjust(self, h: i32) -> i32 {
        match self {
            Part::Dawn | Part::Morning => {
                if h == 12 {
                    0
                } else {
                    h
                }
            }
            Part::Noon => {
                if h < 6 {
                    h + 12
                } else {
                    h
                }
            }
            Part::Afternoon | Part::Evening => {
                if h < 12 {
                    h + 12
                } else {
                    h
                }
            }
            Part::Night => {
                if h == 12 {
                    0
                } else if (5..12).contains(&h) {
                    h + 12
                } else {
                    h
                }
            }
            Part::Midnight => {
                if h == 12 {
                    0
                } else {
                    h
                }
            }
        }
    }
}

pub fn lexicon() -> &'static HashMap<&'static str, Lex> {
    static L: OnceLock<HashMap<&'static str, Lex>> = OnceLock::new();
    L.get_or_init(build)
}

/// Look a token up: its proclitic-stripped form, then without `ال`.
pub fn lex(w: &W) -> Option<Lex> {
    if w.kind != Kind::Word {
        return None;
    }
    let l = lexicon();
    l.get(w.b.as_str())
        .or_else(|| l.get(w.bare()))
        .or_else(|| l.get(w.n.as_str()))
        .copied()
}

fn build() -> HashMap<&'static str, Lex> {
    use Lex::*;
    let mut m: HashMap<&'static str, Lex> = HashMap::default();
    let months: [(&[&str], u8, bool); 12] = [
        (&["يناير", "جانفي", "جانفييه"], 1, false),
        (&["فبراير", "فيفري", "فبرائر", "شباط"], 2, false),
        (&["مارس", "اذار"], 3, true),
        (&["ابريل", "افريل", "نيسان", "ابريل"], 4, false),
        (&["مايو", "ايار", "ماي"], 5, false),
        (&["يونيو", "يونيه", "جوان", "حزيران"], 6, false),
        (&["يوليو", "يوليه", "جويليه", "جويلية", "تموز"], 7, false),
        (&["اغسطس", "اغشت", "اوت", "غشت", "اب"], 8, false),
        (&["سبتمبر", "شتنبر", "ايلول"], 9, false),
        (&["اكتوبر", "اكتوبر", "اكتبر"], 10, false),
        (&["نوفمبر", "نونبر"], 11, false),
        (&["ديسمبر", "دجنبر"], 12, false),
    ];
    for (names, n, amb) in months {
        for name in names {
            let amb = amb || matches!(*name, "ماي" | "اب" | "اذار" | "اوت");
            m.insert(name, Month(n, amb));
        }
    }
    m.insert("كانون", MonthHead(1));
    m.insert("تشرين", MonthHead(10));
    let hmonths: [(&str, u8, bool); 12] = [
        ("محرم", 1, false),
        ("صفر", 2, true),
        ("رجب", 7, true),
        ("شعبان", 8, true),
        ("رمضان", 9, true),
        ("شوال", 10, true),
        ("ربيع", 3, true),
        ("جمادي", 5, false),
        ("ذو", 11, true),
        ("ذي", 11, true),
        ("محرم", 1, false),
        ("رمضان", 9, true),
    ];
    for (name, n, amb) in hmonths {
        if matches!(name, "ربيع" | "جمادي" | "ذو" | "ذي") {
            m.insert(name, HMonthHead(n));
        } else {
            m.insert(name, HMonth(n, amb));
        }
    }
    for (name, n) in [
        ("اثنين", 1),
        ("ثلاثاء", 2),
        ("اربعاء", 3),
        ("خميس", 4),
        ("جمعه", 5),
        ("سبت", 6),
        ("احد", 7),
    ] {
        m.insert(name, Weekday(n));
    }
    // Cardinals.
    for (names, v) in [
        (&["واحد", "واحده"][..], 1i64),
        (&["اثنان", "اثنتان", "اثنتين"][..], 2),
        (&["ثلاث", "ثلاثه"][..], 3),
        (&["اربع", "اربعه"][..], 4),
        (&["خمس", "خمسه"][..], 5),
        (&["ست", "سته"][..], 6),
        (&["سبع", "سبعه"][..], 7),
        (&["ثمان", "ثماني", "ثمانيه"][..], 8),
        (&["تسع", "تسعه"][..], 9),
        (&["عشر", "عشره"][..], 10),
        (&["عشرون", "عشرين"][..], 20),
        (&["ثلاثون", "ثلاثين"][..], 30),
        (&["اربعون", "اربعين"][..], 40),
        (&["خمسون", "خمسين"][..], 50),
        (&["ستون", "ستين"][..], 60),
        (&["سبعون", "سبعين"][..], 70),
        (&["ثمانون", "ثمانين"][..], 80),
        (&["تسعون", "تسعين"][..], 90),
        (&["مائه", "مئه", "مايه"][..], 100),
        (&["مائتان", "مائتين", "مئتان", "مئتين", "مايتين"][..], 200),
        (&["ثلاثمائه", "ثلاثمئه"][..], 300),
        (&["اربعمائه", "اربعمئه"][..], 400),
        (&["خمسمائه", "خمسمئه"][..], 500),
        (&["ستمائه", "ستمئه"][..], 600),
        (&["سبعمائه", "سبعمئه"][..], 700),
        (&["ثمانمائه", "ثمانمئه", "ثمانيمائه"][..], 800),
        (&["تسعمائه", "تسعمئه"][..], 900),
        (&["الف"][..], 1000),
        (&["الفان", "الفين"][..], 2000),
        (&["الاف"][..], 1000),
    ] {
        for n in names {
            m.insert(n, Card(v));
        }
    }
    // "اثنين" is Monday in the lexicon; the number reading is handled by the grammar.
    // Ordinals (masculine and feminine; الحادي only inside compounds).
    for (names, v) in [
        (&["الاول", "الاولي", "اول", "الواحده"][..], 1u8),
        (&["الحادي", "الحاديه", "حادي"][..], 1),
        (&["الثاني", "الثانيه", "ثاني"][..], 2),
        (&["الثالث", "الثالثه", "ثالث", "ثالثه"][..], 3),
        (&["الرابع", "الرابعه", "رابع", "رابعه"][..], 4),
        (&["الخامس", "الخامسه", "خامس", "خامسه"][..], 5),
        (&["السادس", "السادسه", "سادس", "سادسه"][..], 6),
        (&["السابع", "السابعه", "سابع", "سابعه"][..], 7),
        (&["الثامن", "الثامنه", "ثامن", "ثامنه"][..], 8),
        (&["التاسع", "التاسعه", "تاسع", "تاسعه"][..], 9),
        (&["العاشر", "العاشره", "عاشر", "عاشره"][..], 10),
        (&["العشرين", "العشرون"][..], 20),
        (&["الثلاثين", "الثلاثون"][..], 30),
    ] {
        for n in names {
            m.insert(n, Ord(v));
        }
    }
    for (names, u, k) in [
        (&["ثانيه", "ثواني", "ثوان"][..], self::Unit::Second, 1u8),
        (&["ثانيتين", "ثانيتان"][..], self::Unit::Second, 2),
        (&["دقيقه", "دقائق", "دقايق"][..], self::Unit::Minute, 1),
        (&["دقيقتين", "دقيقتان"][..], self::Unit::Minute, 2),
        (&["ساعه", "ساعات"][..], self::Unit::Hour, 1),
        (&["ساعتين", "ساعتان"][..], self::Unit::Hour, 2),
        (&["يوم", "ايام", "يوما"][..], self::Unit::Day, 1),
        (&["يومين", "يومان"][..], self::Unit::Day, 2),
        (&["اسبوع", "اسابيع", "اسبوعا"][..], self::Unit::Week, 1),
        (&["اسبوعين", "اسبوعان"][..], self::Unit::Week, 2),
        (&["شهر", "اشهر", "شهور", "شهرا"][..], self::Unit::Month, 1),
        (&["شهرين", "شهران"][..], self::Unit::Month, 2),
        (
            &["سنه", "سنوات", "سنين", "عام", "اعوام", "عاما", "سنه"][..],
            self::Unit::Year,
            1,
        ),
        (
            &["سنتين", "سنتان", "عامين", "عامان"][..],
            self::Unit::Year,
            2,
        ),
        (&["عقد", "عقود"][..], self::Unit::Decade, 1),
        (&["عقدين", "عقدان"][..], self::Unit::Decade, 2),
        (&["قرن", "قرون"][..], self::Unit::Century, 1),
        (&["قرنين", "قرنان"][..], self::Unit::Century, 2),
    ] {
        for n in names {
            m.insert(n, Lex::Unit(u, k));
        }
    }
    for (names, d) in [
        (&["امس", "البارحه"][..], -1i8),
        (&["غدا", "غد", "الغد"][..], 1),
    ] {
        for n in names {
            m.insert(n, RelDay(d));
        }
    }
    m.insert("اليوم", RelDay(0));
    for (names, d) in [
        (
            &[
                "الماضي",
                "الماضيه",
                "المنصرم",
                "المنصرمه",
                "الفائت",
                "الفايت",
                "الفائته",
                "السابق",
                "السابقه",
                "الاخير",
                "الاخيره",
                "المنقضي",
                "الماضيين",
                "الماضيتين",
                "المنصرمين",
            ][..],
            -1i8,
        ),
        (
            &[
                "المقبل",
                "المقبله",
                "القادم",
                "القادمه",
                "التالي",
                "التاليه",
                "المقبلين",
                "القادمين",
            ][..],
            1,
        ),
        (&["الحالي", "الحاليه", "الجاري", "الجاريه"][..], 0),
    ] {
        for n in names {
            m.insert(n, Dir(d));
        }
    }
    for (names, p) in [
        (&["فجرا", "الفجر", "فجر"][..], self::Part::Dawn),
        (
            &["صباحا", "صباح", "الصباح", "صباحي"][..],
            self::Part::Morning,
        ),
        (
            &["ظهرا", "الظهر", "ظهر", "الظهيره", "ظهيره"][..],
            self::Part::Noon,
        ),
        (&["عصرا", "العصر", "عصر"][..], self::Part::Afternoon),
        (
            &[
                "مساء",
                "المساء",
                "مساءا",
                "مسائي",
                "مساي",
                "الامسيات",
                "امسيات",
            ][..],
            self::Part::Evening,
        ),
        (
            &["ليلا", "الليل", "ليل", "ليله", "الليله"][..],
            self::Part::Night,
        ),
    ] {
        for n in names {
            m.insert(n, Lex::Part(p));
        }
    }
    for (names, d) in [
        (
            &["العشرينيات", "العشرينات", "عشرينيات", "عشرينات"][..],
            20u8,
        ),
        (&["الثلاثينيات", "الثلاثينات", "ثلاثينيات", "ثلاثينات"][..], 30),
        (
            &["الاربعينيات", "الاربعينات", "اربعينيات", "اربعينات"][..],
            40,
        ),
        (&["الخمسينيات", "الخمسينات", "خمسينيات", "خمسينات"][..], 50),
        (&["الستينيات", "الستينات", "ستينيات", "ستينات"][..], 60),
        (&["السبعينيات", "السبعينات", "سبعينيات", "سبعينات"][..], 70),
        (
            &["الثمانينيات", "الثمانينات", "ثمانينيات", "ثمانينات"][..],
            80,
        ),
        (&["التسعينيات", "التسعينات", "تسعينيات", "تسعينات"][..], 90),
    ] {
        for n in names {
            m.insert(n, Decade(d));
        }
    }
    // Keys are written as in the dictionary (مائة، ثلاثمائة); tokens come in SEARCH form
    // (ئ → ي): add the normalized spelling of every key.
    let extra: Vec<(&'static str, Lex)> = m
        .iter()
        .filter_map(|(k, v)| {
            let mut n = String::new();
            for c in k.chars() {
                norm_char(c, &mut n);
            }
            (n != *k).then(|| (&*Box::leak(n.into_boxed_str()), *v))
        })
        .collect();
    for (k, v) in extra {
        m.entry(k).or_insert(v);
    }
    m
}

/// Time-zone names after بتوقيت → IANA zone (or a fixed "UTC").
pub fn zone(name: &str) -> Option<&'static str> {
    Some(match strip_al(name) {
        "غرينتش" | "غرينيتش" | "جرينتش" | "جرينيتش" | "غرينتش." | "gmt" | "utc" => {
            "UTC"
        }
        "واشنطن" | "نيويورك" => "America/New_York",
        "مكه" | "الرياض" | "رياض" | "السعوديه" | "سعوديه" | "جده" => {
            "Asia/Riyadh"
        }
        "القدس" | "قدس" | "فلسطين" | "غزه" | "رام" => "Asia/Jerusalem",
        "القاهره" | "قاهره" | "مصر" => "Africa/Cairo",
        "بيروت" | "لبنان" => "Asia/Beirut",
        "دمشق" | "سوريا" => "Asia/Damascus",
        "بغداد" | "العراق" | "عراق" => "Asia/Baghdad",
        "عمان" => "Asia/Amman",
        "الدوحه" | "دوحه" | "قطر" => "Asia/Qatar",
        "ابوظبي" | "دبي" | "الامارات" | "امارات" => "Asia/Dubai",
        "الكويت" | "كويت" => "Asia/Kuwait",
        "المنامه" | "منامه" | "البحرين" | "بحرين" => "Asia/Bahrain",
        "مسقط" => "Asia/Muscat",
        "صنعاء" | "اليمن" | "يمن" => "Asia/Aden",
        "موسكو" => "Europe/Moscow",
        "لندن" => "Europe/London",
        "باريس" => "Europe/Paris",
        "برلين" => "Europe/Berlin",
        "طهران" => "Asia/Tehran",
        "انقره" | "اسطنبول" | "تركيا" => "Europe/Istanbul",
        "الخرطوم" | "خرطوم" => "Africa/Khartoum",
        "تونس" => "Africa/Tunis",
        "الجزائر" | "جزاير" | "الجزاير" => "Africa/Algiers",
        "الرباط" | "رباط" | "المغرب" | "مغرب" => "Africa/Casablanca",
        "طرابلس" | "ليبيا" => "Africa/Tripoli",
        "نواكشوط" => "Africa/Nouakchott",
        "بكين" => "Asia/Shanghai",
        "طوكيو" => "Asia/Tokyo",
        "كييف" => "Europe/Kyiv",
        _ => return None,
    })
}
