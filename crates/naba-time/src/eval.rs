//! Scoring against the Microsoft Recognizers-Text DateTime specs (Arabic): span P/R/F1 on the
//! `*Extractor` files, TIMEX accuracy on the `*Parser` files, split by whether the reference
//! .NET implementation supports the case (`NotSupported: dotnet` marks those it fails).

use naba_doc::score::ratio;
use serde_json::Value;
use std::path::Path;

#[derive(Debug, Default, Clone, Copy)]
pub struct Counts {
    pub cases: usize,
    /// Extractor: expected spans, found spans, matched spans. Parser: results, correct.
    pub expected: usize,
    pub found: usize,
    pub matched: usize,
    /// Cases entirely right.
    pub cases_ok: usize,
}

impl Counts {
    pub fn add(&mut self, o: &Counts) {
        self.cases += o.cases;
        self.expected += o.expected;
        self.found += o.found;
        self.matched += o.matched;
        self.cases_ok += o.cases_ok;
    }
    pub fn precision(&self) -> f64 {
        ratio(self.matched, self.found)
    }
    pub fn recall(&self) -> f64 {
        ratio(self.matched, self.expected)
    }
    pub fn f1(&self) -> f64 {
        naba_doc::score::f1(self.precision(), self.recall())
    }
    pub fn case_accuracy(&self) -> f64 {
        ratio(self.cases_ok, self.cases)
    }
}

#[derive(Debug, Default)]
pub struct FileReport {
    pub name: String,
    pub parser: bool,
    pub supported: Counts,
    pub not_supported: Counts,
    pub skipped: Vec<String>,
    pub failures: Vec<String>,
}

fn trim(s: &str) -> &str {
    s.trim_matches(|c: char| c.is_whitespace() || matches!(c, '.' | '،' | ',' | '!' | '؟' | '?'))
}

/// Our TIMEX in the suite's notation (intervals as `(start,end,duration)`).
pub fn to_suite_timex(t: &str) -> String {
    // decades: 197X → (1970-01-01,1980-01-01,P10Y); XX7X → (XX70-01-01,XX80-01-01,P10Y)
    if t.len() == 4 && t.ends_with('X') && !t.ends_with("XX") {
        let d = &t[..3];
        if let Some(dd) = d[2..].parse::<u32>().ok().filter(|_| !d.starts_with("XX")) {
            let c: u32 = d[..2].parse().unwrap_or(19);
            let (a, b) = (c * 100 + dd * 10, c * 100 + dd * 10 + 10);
            return format!("({a:04}-01-01,{b:04}-01-01,P10Y)");
        }
        if let Ok(dd) = d[2..].parse::<u32>() {
            return format!("(XX{}0-01-01,XX{}0-01-01,P10Y)", dd, (dd + 1) % 10);
        }
    }
    if let Some((a, b)) = t.split_once('/') {
        // T17/T18:30 → (T17,T18:30,PT1H30M)
        if a.starts_with('T') && b.starts_with('T') {
            let mins = |x: &str| -> Option<i64> {
                let mut it = x[1..].split(':');
                let h: i64 = it.next()?.parse().ok()?;
                let m: i64 = it.next().map(|m| m.parse().unwrap_or(0)).unwrap_or(0);
                Some(h * 60 + m)
            };
            if let (Some(x), Some(y)) = (mins(a), mins(b)) {
                let d = (y - x).rem_euclid(24 * 60);
                let dur = match (d / 60, d % 60) {
                    (h, 0) => format!("PT{h}H"),
                    (0, m) => format!("PT{m}M"),
                    (h, m) => format!("PT{h}H{m}M"),
                };
                return format!("({a},{b},{dur})");
            }
        }
        if a.len() == 4 && b.len() == 4 {
            if let (Ok(x), Ok(y)) = (a.parse::<i32>(), b.parse::<i32>()) {
                return format!("({a}-01-01,{b}-01-01,P{}Y)", y - x);
            }
        }
        if a.len() == 10 && b.len() == 10 {
            let norm = |s: &str| s.replacen("XXXX", "2001", 1);
            if let (Ok(x), Ok(y)) = (
                norm(a).parse::<jiff::civil::Date>(),
                norm(b).parse::<jiff::civil::Date>(),
            ) {
                let days = (y - x).get_days();
                let dur = if x.month() == y.month() && x.day() == y.day() && x.year() != y.year() {
                    format!("P{}Y", y.year() - x.year())
                } else if x.day() == y.day() && x != y {
                    let m = (y.year() as i32 - x.year() as i32) * 12 + y.month() as i32
                        - x.month() as i32;
                    format!("P{m}M")
                } else if days >= 7 && days % 7 == 0 {
                    format!("P{}W", days / 7)
                } else {
                    format!("P{days}D")
                };
                return format!("({a},{b},{dur})");
            }
        }
    }
    t.to_string()
}

fn case_ref(c: &Value) -> Option<String> {
    c.get("Context")?
        .get("ReferenceDateTime")?
        .as_str()
        .map(|s| s[..s.len().min(10)].to_string())
}

fn not_supported(c: &Value) -> bool {
    c.get("NotSupported")
        .and_then(Value::as_str)
        .is_some_and(|s| s.to_lowercase().contains("dotnet"))
}

/// Whether an expression of our `kind` belongs to the category of the spec file `name`.
fn type_fits(name: &str, kind: &str) -> bool {
    let cat = name.trim_end_matches(".json");
    let cat = cat
        .strip_suffix("Extractor")
        .or_else(|| cat.strip_suffix("Parser"))
        .unwrap_or(cat);
    match cat {
        "Date" | "DatePeriod" | "Holiday" => kind == "date",
        "Time" | "TimePeriod" => kind == "time",
        "DateTime" | "DateTimePeriod" => kind == "date" || kind == "time",
        "Duration" => kind == "duration",
        "Set" => kind == "set",
        _ => true,
    }
}

/// Score one spec file.
pub fn score_file(path: &Path) -> Result<FileReport, String> {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let data = std::fs::read_to_string(path).map_err(|e| format!("{name}: {e}"))?;
    let cases: Vec<Value> = serde_json::from_str(&data).map_err(|e| format!("{name}: {e}"))?;
    let parser = name.contains("Parser");
    let mut rep = FileReport {
        name: name.clone(),
        parser,
        ..Default::default()
    };
    for (idx, c) in cases.iter().enumerate() {
        let Some(input) = c.get("Input").and_then(Value::as_str) else {
            rep.skipped.push(format!("#{idx}: no Input"));
            continue;
        };
        let results: Vec<&Value> = c
            .get("Results")
            .and_then(Value::as_array)
            .map(|a| a.iter().collect())
            .unwrap_or_default();
        // Skip cases whose expected text is not in the input (broken translations).
        if let Some(bad) = results.iter().find(|r| {
            let t = r.get("Text").and_then(Value::as_str).unwrap_or("");
            !input.contains(trim(t))
        }) {
            rep.skipped.push(format!(
                "#{idx} {input:?}: expected text {:?} is not in the input",
                bad.get("Text").and_then(Value::as_str).unwrap_or("")
            ));
            continue;
        }
        if parser
            && results
                .iter()
                .any(|r| r.pointer("/Value/Timex").and_then(Value::as_str).is_none())
        {
            rep.skipped.push(format!(
                "#{idx} {input:?}: a result has no Timex to compare"
            ));
            continue;
        }
        let reference = case_ref(c).unwrap_or_else(|| "2016-11-07".into());
        let tag = if not_supported(c) { "[ns] " } else { "" };
        let found = crate::extract_detailed(input, Some(&reference));
        let mut k = Counts {
            cases: 1,
            ..Default::default()
        };
        let mut ok = true;
        if parser {
            for r in &results {
                k.expected += 1;
                let text = trim(r.get("Text").and_then(Value::as_str).unwrap_or(""));
                let want = r
                    .pointer("/Value/Timex")
                    .and_then(Value::as_str)
                    .unwrap_or("");
                let byte = input.find(text).unwrap_or(0);
                let s = input[..byte].chars().count();
                let e = s + text.chars().count();
                let hit = found
                    .iter()
                    .find(|f| f.expr.start < e && s < f.expr.end)
                    .filter(|f| {
                        to_suite_timex(&f.timex) == want
                            || f.timex == want
                            || f.expr.value == want
                            || to_suite_timex(&f.expr.value) == want
                    });
                if hit.is_some() {
                    k.matched += 1;
                } else {
                    ok = false;
                    let got: Vec<String> = found
                        .iter()
                        .map(|f| format!("{}={}", f.expr.text, to_suite_timex(&f.timex)))
                        .collect();
                    rep.failures.push(format!(
                        "{tag}{input}\twant {text}={want}\tgot {}",
                        got.join(" | ")
                    ));
                }
            }
        } else {
            let want: Vec<&str> = results
                .iter()
                .map(|r| trim(r.get("Text").and_then(Value::as_str).unwrap_or("")))
                .collect();
            let got: Vec<&str> = found.iter().map(|f| trim(&f.expr.text)).collect();
            k.expected = want.len();
            let mut used = vec![false; got.len()];
            for w in &want {
                if let Some(j) = (0..got.len()).find(|&j| !used[j] && got[j] == *w) {
                    used[j] = true;
                    k.matched += 1;
                }
            }
            // Each extractor file lists one category only (DatePeriodExtractor does not list
            // the duration in "a 25-minute meeting next week"): an extra expression counts
            // against us only when its type belongs to the file's category.
            let extra = found
                .iter()
                .zip(&used)
                .filter(|(f, u)| !**u && type_fits(&name, &f.expr.kind))
                .count();
            k.found = k.matched + extra;
            let got: Vec<&str> = got
                .iter()
                .zip(found.iter().zip(&used))
                .filter(|(_, (f, u))| **u || type_fits(&name, &f.expr.kind))
                .map(|(g, _)| *g)
                .collect();
            ok = k.matched == k.expected && k.found == k.expected;
            if !ok {
                rep.failures
                    .push(format!("{tag}{input}\twant {want:?}\tgot {got:?}"));
            }
        }
        if parser {
            k.found = k.expected;
        }
        k.cases_ok = ok as usize;
        if not_supported(c) {
            rep.not_supported.add(&k);
        } else {
            rep.supported.add(&k);
        }
    }
    Ok(rep)
}

/// Score every `*.json` spec in `dir` (sorted by name).
pub fn score_dir(dir: &Path) -> Result<Vec<FileReport>, String> {
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .map_err(|e| format!("{}: {e}", dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    files.sort();
    files.iter().map(|p| score_file(p)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suite_notation() {
        assert_eq!(to_suite_timex("197X"), "(1970-01-01,1980-01-01,P10Y)");
        assert_eq!(to_suite_timex("XX7X"), "(XX70-01-01,XX80-01-01,P10Y)");
        assert_eq!(to_suite_timex("2014/2018"), "(2014-01-01,2018-01-01,P4Y)");
        assert_eq!(
            to_suite_timex("2016-11-04/2016-11-22"),
            "(2016-11-04,2016-11-22,P18D)"
        );
        assert_eq!(
            to_suite_timex("2013-11-07/2016-11-07"),
            "(2013-11-07,2016-11-07,P3Y)"
        );
        assert_eq!(
            to_suite_timex("2016-11-08/2017-02-08"),
            "(2016-11-08,2017-02-08,P3M)"
        );
        assert_eq!(
            to_suite_timex("2016-10-17/2016-11-07"),
            "(2016-10-17,2016-11-07,P3W)"
        );
        assert_eq!(to_suite_timex("XXXX-06-14"), "XXXX-06-14");
    }
}
