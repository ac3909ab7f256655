//! Dates as pages write them → ISO 8601 (`YYYY-MM-DD`, or `YYYY-MM-DDTHH:MM:SS±HH:MM` when the
//! time and zone are known): ISO/RFC 3339, RFC 2822 (feeds), `November 19, 2019`, Arabic dates
//! (`السبت 03 أغسطس/آب 2013`, Arabic-Indic digits), and dates inside URLs (`/2013/08/03/`,
//! `/2013/middle_east/8/3/`).

/// Normalize a date string; `None` when no plausible date is found.
pub fn normalize(s: &str) -> Option<String> {
    let s = ascii_digits(s.trim());
    let s = s.as_str();
    iso(s).or_else(|| rfc2822(s)).or_else(|| words(s))
}

fn ascii_digits(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '\u{660}'..='\u{669}' => char::from(b'0' + (c as u32 - 0x660) as u8),
            '\u{6f0}'..='\u{6f9}' => char::from(b'0' + (c as u32 - 0x6f0) as u8),
            _ => c,
        })
        .collect()
}

fn plausible(y: u32, m: u32, d: u32) -> bool {
    (1990..=2100).contains(&y) && (1..=12).contains(&m) && (1..=days_in(y, m)).contains(&d)
}

fn days_in(y: u32, m: u32) -> u32 {
    match m {
        2 if (y.is_multiple_of(4) && !y.is_multiple_of(100)) || y.is_multiple_of(400) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

fn num(b: &[u8]) -> Option<u32> {
    if b.is_empty() || b.len() > 4 || !b.iter().all(u8::is_ascii_digit) {
        return None;
    }
    std::str::from_utf8(b).ok()?.parse().ok()
}

/// `2019-11-19`, `2019/11/19`, `2019-11-19T08:03:00.000Z`, `2019-11-19 08:03:00+03:00`.
fn iso(s: &str) -> Option<String> {
    let b = s.as_bytes();
    if b.len() < 10 || !(b[4] == b'-' || b[4] == b'/') || b[7] != b[4] {
        return None;
    }
    let (y, m, d) = (num(&b[..4])?, num(&b[5..7])?, num(&b[8..10])?);
    if !plausible(y, m, d) {
        return None;
    }
    let date = format!("{y:04}-{m:02}-{d:02}");
    let rest = &b[10..];
    if rest.len() >= 6 && (rest[0] == b'T' || rest[0] == b' ') && rest[3] == b':' {
        let (hh, mm) = (num(&rest[1..3])?, num(&rest[4..6])?);
        let mut i = 6;
        let mut ss = 0;
        if rest.len() >= 9 && rest[6] == b':' {
            ss = num(&rest[7..9]).unwrap_or(0);
            i = 9;
        }
        while i < rest.len() && (rest[i] == b'.' || rest[i].is_ascii_digit()) {
            i += 1;
        }
        let tz = std::str::from_utf8(&rest[i..]).ok()?.trim();
        let zone = parse_zone(tz);
        if hh < 24 && mm < 60 && ss < 61 {
            return Some(match zone {
                Some(z) => format!("{date}T{hh:02}:{mm:02}:{ss:02}{z}"),
                None => date,
            });
        }
    }
    Some(date)
}

fn parse_zone(tz: &str) -> Option<String> {
    match tz {
        "Z" | "z" | "GMT" | "UTC" | "UT" => return Some("Z".into()),
        _ => {}
    }
    let b = tz.as_bytes();
    if b.len() >= 5 && (b[0] == b'+' || b[0] == b'-') {
        let digits: Vec<u8> = b[1..].iter().copied().filter(u8::is_ascii_digit).collect();
        if digits.len() == 4 {
            let (h, m) = (num(&digits[..2])?, num(&digits[2..])?);
            if h < 15 && m < 60 {
                return Some(format!("{}{h:02}:{m:02}", b[0] as char));
            }
        }
    }
    None
}

const EN_MONTHS: [&str; 12] = [
    "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
];

/// Arabic month names: Egyptian/Gulf (يناير…) and Levantine (كانون الثاني…) forms.
const AR_MONTHS: [(&str, u32); 30] = [
    ("يناير", 1),
    ("فبراير", 2),
    ("مارس", 3),
    ("أبريل", 4),
    ("ابريل", 4),
    ("إبريل", 4),
    ("مايو", 5),
    ("يونيو", 6),
    ("يونيه", 6),
    ("يوليو", 7),
    ("يوليه", 7),
    ("أغسطس", 8),
    ("اغسطس", 8),
    ("سبتمبر", 9),
    ("أكتوبر", 10),
    ("اكتوبر", 10),
    ("نوفمبر", 11),
    ("ديسمبر", 12),
    ("كانون الثاني", 1),
    ("شباط", 2),
    ("آذار", 3),
    ("نيسان", 4),
    ("أيار", 5),
    ("حزيران", 6),
    ("تموز", 7),
    ("آب", 8),
    ("أيلول", 9),
    ("تشرين الأول", 10),
    ("تشرين الثاني", 11),
    ("كانون الأول", 12),
];

fn en_month(w: &str) -> Option<u32> {
    let w = w.to_ascii_lowercase();
    if w.len() < 3 {
        return None;
    }
    let i = EN_MONTHS.iter().position(|m| w.starts_with(m))?;
    // "mar" must not match "march" only: any word starting with the abbreviation counts,
    // except words that are not months ("mayor", "market").
    const FULL: [&str; 12] = [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ];
    let full = FULL[i];
    (w == EN_MONTHS[i] || full.starts_with(w.trim_end_matches('.')) || w == "sept")
        .then_some(i as u32 + 1)
}

/// `Tue, 19 Nov 2019 08:03:00 GMT` (RSS `pubDate`).
fn rfc2822(s: &str) -> Option<String> {
    let s = s.split_once(',').map_or(s, |(_, r)| r).trim();
    let parts: Vec<&str> = s.split_whitespace().collect();
    if parts.len() < 3 {
        return None;
    }
    let d = num(parts[0].as_bytes())?;
    let m = en_month(parts[1])?;
    let y = num(parts[2].as_bytes())?;
    if !plausible(y, m, d) {
        return None;
    }
    let date = format!("{y:04}-{m:02}-{d:02}");
    if let (Some(t), Some(z)) = (parts.get(3), parts.get(4)) {
        let tb: Vec<&str> = t.split(':').collect();
        if tb.len() >= 2 {
            if let (Some(h), Some(mi)) = (num(tb[0].as_bytes()), num(tb[1].as_bytes())) {
                let sec = tb.get(2).and_then(|x| num(x.as_bytes())).unwrap_or(0);
                if let Some(z) = parse_zone(z) {
                    if h < 24 && mi < 60 && sec < 61 {
                        return Some(format!("{date}T{h:02}:{mi:02}:{sec:02}{z}"));
                    }
                }
            }
        }
    }
    Some(date)
}

/// `November 19, 2019`, `19 November 2019`, `3 أغسطس 2013`, `03 أغسطس/آب 2013`.
fn words(s: &str) -> Option<String> {
    let toks: Vec<String> = s
        .split(|c: char| c.is_whitespace() || ",،/-".contains(c))
        .filter(|t| !t.is_empty())
        .map(|t| {
            t.trim_matches(|c: char| c == '.' || c == '(' || c == ')')
                .to_string()
        })
        .collect();
    for i in 0..toks.len() {
        // Month word at i (Arabic two-word months too).
        let (m, width) = if let Some(m) = en_month(&toks[i]) {
            (m, 1)
        } else if let Some(m) = ar_month(&toks, i) {
            m
        } else {
            continue;
        };
        let after = i + width;
        // Day before the month, year after (possibly after a second month name: أغسطس/آب).
        let year_at = |j: usize| {
            toks.get(j)
                .and_then(|t| num(t.as_bytes()))
                .filter(|&y| y >= 1990)
        };
        let mut y = year_at(after);
        if y.is_none() {
            if let Some((_, w2)) = ar_month(&toks, after) {
                y = year_at(after + w2);
            }
        }
        if let Some(y) = y {
            if i > 0 {
                if let Some(d) = num(toks[i - 1].as_bytes()) {
                    if plausible(y, m, d) {
                        return Some(format!("{y:04}-{m:02}-{d:02}"));
                    }
                }
            }
        }
        // Month day, year.
        if let (Some(d), Some(y)) = (
            toks.get(after).and_then(|t| {
                num(t
                    .trim_end_matches(['s', 't', 'n', 'd', 'r', 'h'])
                    .as_bytes())
            }),
            year_at(after + 1),
        ) {
            if plausible(y, m, d) {
                return Some(format!("{y:04}-{m:02}-{d:02}"));
            }
        }
    }
    None
}

fn ar_month(toks: &[String], i: usize) -> Option<(u32, usize)> {
    let t = toks.get(i)?;
    let t = t
        .strip_prefix("في")
        .filter(|r| r.chars().count() >= 3)
        .unwrap_or(t);
    for (name, m) in AR_MONTHS {
        let mut parts = name.split(' ');
        let first = parts.next()?;
        if let Some(second) = parts.next() {
            if t == first && toks.get(i + 1).is_some_and(|n| n == second) {
                return Some((m, 2));
            }
        } else if t == first {
            return Some((m, 1));
        }
    }
    None
}

/// A date inside a URL path: `/2013/08/03/`, `/2013-08-03-`, `/20130803/`,
/// `/2013/middle_east/8/3/`.
pub fn from_url(url: &str) -> Option<String> {
    let path = url.split_once("://").map_or(url, |(_, r)| r);
    let path = path.split(['?', '#']).next().unwrap_or(path);
    let segs: Vec<&str> = path.split('/').skip(1).collect();
    for (i, seg) in segs.iter().enumerate() {
        let b = seg.as_bytes();
        // 2013-08-03 or 20130803 at the start of a segment.
        if b.len() >= 10 && b[4] == b'-' && b[7] == b'-' {
            if let (Some(y), Some(m), Some(d)) = (num(&b[..4]), num(&b[5..7]), num(&b[8..10])) {
                if plausible(y, m, d) && b.get(10).is_none_or(|c| !c.is_ascii_digit()) {
                    return Some(format!("{y:04}-{m:02}-{d:02}"));
                }
            }
        }
        if b.len() == 8 && b.iter().all(u8::is_ascii_digit) {
            let (y, m, d) = (num(&b[..4])?, num(&b[4..6])?, num(&b[6..8])?);
            if plausible(y, m, d) {
                return Some(format!("{y:04}-{m:02}-{d:02}"));
            }
        }
        let Some(y) = (b.len() == 4).then(|| num(b)).flatten() else {
            continue;
        };
        if !(1990..=2100).contains(&y) {
            continue;
        }
        // Month and day in the next segments, allowing one non-numeric section between.
        for skip in 0..=1 {
            let (Some(ms), Some(ds)) = (segs.get(i + 1 + skip), segs.get(i + 2 + skip)) else {
                break;
            };
            let (mb, db) = (ms.as_bytes(), ds.as_bytes());
            if mb.len() <= 2 && (1..=2).contains(&db.len()) {
                if let (Some(m), Some(d)) = (num(mb), num(db)) {
                    if plausible(y, m, d) {
                        return Some(format!("{y:04}-{m:02}-{d:02}"));
                    }
                }
            }
            if skip == 0 && mb.iter().all(u8::is_ascii_digit) {
                break;
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats() {
        assert_eq!(normalize("2019-11-19").as_deref(), Some("2019-11-19"));
        assert_eq!(
            normalize("2019-11-19T08:03:00.000Z").as_deref(),
            Some("2019-11-19T08:03:00Z")
        );
        assert_eq!(
            normalize("2025-07-03 14:20:00+0300").as_deref(),
            Some("2025-07-03T14:20:00+03:00")
        );
        assert_eq!(
            normalize("Tue, 19 Nov 2019 08:03:00 GMT").as_deref(),
            Some("2019-11-19T08:03:00Z")
        );
        assert_eq!(
            normalize("November 19, 2019").as_deref(),
            Some("2019-11-19")
        );
        assert_eq!(
            normalize("السبت، 03 أغسطس/آب 2013").as_deref(),
            Some("2013-08-03")
        );
        assert_eq!(normalize("٣ تموز ٢٠٢٥").as_deref(), Some("2025-07-03"));
        assert_eq!(
            normalize("نشر في 12 كانون الأول 2024").as_deref(),
            Some("2024-12-12")
        );
        assert_eq!(normalize("2019-02-30"), None);
        assert_eq!(normalize("the mayor said"), None);
    }

    #[test]
    fn urls() {
        assert_eq!(
            from_url("http://arabic.cnn.com/2013/middle_east/8/3/syria.clashes/index.html")
                .as_deref(),
            Some("2013-08-03")
        );
        assert_eq!(
            from_url("https://x.com/2013/08/03/a").as_deref(),
            Some("2013-08-03")
        );
        assert_eq!(
            from_url("https://x.com/news/2024-12-01-story").as_deref(),
            Some("2024-12-01")
        );
        assert_eq!(
            from_url("https://x.com/a/20130803/b").as_deref(),
            Some("2013-08-03")
        );
        assert_eq!(from_url("https://x.com/2013/world/story"), None);
        assert_eq!(from_url("https://x.com/id/1234567"), None);
    }
}
