//! Calendar arithmetic: Gregorian dates (jiff), Umm al-Qura Hijri conversion (icu_calendar) and
//! time-zone offsets from the bundled tz database (jiff, `tzdb-bundle-always`).

use icu_calendar::cal::Hijri;
use icu_calendar::{Date as IcuDate, Iso};
use jiff::civil::{Date, DateTime, Time};
use jiff::tz::TimeZone;
use jiff::ToSpan;

/// A Gregorian date, or `None` when out of range.
pub fn ymd(y: i32, m: i32, d: i32) -> Option<Date> {
    if !(1..=9999).contains(&y) || !(1..=12).contains(&m) || !(1..=31).contains(&d) {
        return None;
    }
    Date::new(y as i16, m as i8, d as i8).ok()
}

pub fn days_in_month(y: i32, m: i32) -> i32 {
    ymd(y, m, 1).map(|d| d.days_in_month() as i32).unwrap_or(31)
}

/// Umm al-Qura Hijri date → Gregorian date.
pub fn hijri_to_gregorian(hy: i32, hm: u8, hd: u8) -> Option<Date> {
    if !(1..=12).contains(&hm) || !(1..=30).contains(&hd) || !(1..=2000).contains(&hy) {
        return None;
    }
    let cal = Hijri::new_umm_al_qura();
    let h = IcuDate::try_new_hijri_with_calendar(hy, hm, hd, cal).ok()?;
    let iso: IcuDate<Iso> = h.to_calendar(Iso);
    ymd(
        iso.year().extended_year(),
        iso.month().ordinal as i32,
        iso.day_of_month().0 as i32,
    )
}

/// Gregorian date → Umm al-Qura (year, month, day).
pub fn gregorian_to_hijri(d: Date) -> Option<(i32, u8, u8)> {
    let iso = IcuDate::try_new_iso(d.year() as i32, d.month() as u8, d.day() as u8).ok()?;
    let h = iso.to_calendar(Hijri::new_umm_al_qura());
    Some((
        h.year().extended_year(),
        h.month().ordinal,
        h.day_of_month().0,
    ))
}

/// Number of days in a Hijri month (29 or 30).
pub fn hijri_month_len(hy: i32, hm: u8) -> Option<i32> {
    let a = hijri_to_gregorian(hy, hm, 1)?;
    let (ny, nm) = if hm == 12 { (hy + 1, 1) } else { (hy, hm + 1) };
    let b = hijri_to_gregorian(ny, nm, 1)?;
    Some((b - a).get_days())
}

pub fn add_days(d: Date, n: i64) -> Option<Date> {
    d.checked_add(n.days()).ok()
}
pub fn add_months(d: Date, n: i64) -> Option<Date> {
    d.checked_add(n.months()).ok()
}
pub fn add_years(d: Date, n: i64) -> Option<Date> {
    d.checked_add(n.years()).ok()
}

/// ISO weekday, Monday = 1 … Sunday = 7.
pub fn weekday(d: Date) -> i32 {
    d.weekday().to_monday_one_offset() as i32
}

/// `2025-W27`
pub fn iso_week(d: Date) -> String {
    let w = d.iso_week_date();
    format!("{:04}-W{:02}", w.year(), w.week())
}

pub fn fmt_date(d: Date) -> String {
    format!("{:04}-{:02}-{:02}", d.year(), d.month(), d.day())
}

/// UTC offset of IANA zone `tz` at local time `date`/`h:m`, formatted `Z` or `±HH:MM`.
pub fn zone_offset(tz: &str, date: Date, h: i32, m: i32) -> Option<String> {
    let zone = TimeZone::get(tz).ok()?;
    let t = Time::new(h.clamp(0, 23) as i8, m.clamp(0, 59) as i8, 0, 0).ok()?;
    let dt = DateTime::from_parts(date, t);
    let z = dt.to_zoned(zone).ok()?;
    Some(fmt_offset(z.offset().seconds()))
}

pub fn fmt_offset(secs: i32) -> String {
    if secs == 0 {
        return "Z".into();
    }
    let sign = if secs < 0 { '-' } else { '+' };
    let a = secs.unsigned_abs();
    format!("{sign}{:02}:{:02}", a / 3600, (a % 3600) / 60)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn umm_al_qura_known_dates() {
        // Official Saudi (Umm al-Qura) calendar dates.
        let cases = [
            ((1446, 9, 1), "2025-03-01"),   // Ramadan 1446
            ((1446, 10, 1), "2025-03-30"),  // Eid al-Fitr 1446
            ((1446, 12, 10), "2025-06-06"), // Eid al-Adha 1446
            ((1447, 1, 1), "2025-06-26"),   // Hijri new year 1447
            ((1445, 9, 1), "2024-03-11"),   // Ramadan 1445
            ((1445, 10, 1), "2024-04-10"),  // Eid al-Fitr 1445
            ((1436, 10, 1), "2015-07-17"),  // Eid al-Fitr 1436
            ((1436, 12, 10), "2015-09-23"), // Eid al-Adha 1436
            ((1440, 1, 1), "2018-09-11"),   // 1 Muharram 1440
        ];
        for ((y, m, d), want) in cases {
            let g = hijri_to_gregorian(y, m, d).unwrap();
            assert_eq!(fmt_date(g), want, "{y}-{m}-{d}");
            assert_eq!(gregorian_to_hijri(g), Some((y, m, d)));
        }
    }

    #[test]
    fn offsets_follow_dst() {
        let d = |s: &str| s.parse::<Date>().unwrap();
        let cases = [
            ("America/New_York", "2025-07-03", "-04:00"),
            ("America/New_York", "2025-01-15", "-05:00"),
            ("America/New_York", "2025-03-10", "-04:00"), // DST began 2025-03-09
            ("America/New_York", "2025-11-03", "-05:00"), // DST ended 2025-11-02
            ("Europe/London", "2025-07-03", "+01:00"),
            ("Europe/London", "2025-12-01", "Z"),
            ("Asia/Riyadh", "2025-07-03", "+03:00"),
            ("Asia/Jerusalem", "2025-07-03", "+03:00"),
            ("Asia/Jerusalem", "2025-01-03", "+02:00"),
            ("Africa/Cairo", "2025-07-03", "+03:00"),
            ("Africa/Cairo", "2025-01-03", "+02:00"),
            ("Europe/Moscow", "2025-07-03", "+03:00"),
        ];
        for (tz, date, want) in cases {
            assert_eq!(
                zone_offset(tz, d(date), 12, 0).as_deref(),
                Some(want),
                "{tz} {date}"
            );
        }
    }
}
