//! The knowledge base: hand-editable TSV files in `data/kb/` (one entity a line), embedded in
//! the binary.
//!
//! Columns: `id  type  kind  name  aliases  nisba  country  roles`.
//! - `id`: a Wikidata QID where one is known for sure, else a naba-local `naba:…` id;
//! - `type`: PER, LOC, ORG or MISC; `kind`: person, country, city, region, organisation,
//!   government, media, platform, club, company, event, competition (leagues and cups)…;
//! - `aliases`: Arabic (and Latin) names separated by `|`; a leading `~` marks an alias that is
//!   knowingly shared with another entry of the same type (ambiguous: never linked alone);
//! - `nisba`: adjective forms (الروسي|الروسية|الروس) that point to this entry in role phrases;
//! - `country`: the id of the entity's country; `roles`: `key/of-id/from/to` separated by `;`
//!   (dates `YYYY-MM-DD`, empty = open), e.g. `president/Q159/2012-05-07/`.

use crate::gazetteer::Gazetteer;
use naba_arabic::Profile;
use std::collections::HashMap;
use std::sync::OnceLock;

/// The embedded knowledge-base files, in load order.
pub const FILES: &[(&str, &str)] = &[
    ("curated.tsv", include_str!("../../../data/kb/curated.tsv")),
    (
        "countries.tsv",
        include_str!("../../../data/kb/countries.tsv"),
    ),
    ("cities.tsv", include_str!("../../../data/kb/cities.tsv")),
    (
        "provinces.tsv",
        include_str!("../../../data/kb/provinces.tsv"),
    ),
    ("people.tsv", include_str!("../../../data/kb/people.tsv")),
    ("clubs.tsv", include_str!("../../../data/kb/clubs.tsv")),
    (
        "companies.tsv",
        include_str!("../../../data/kb/companies.tsv"),
    ),
];

/// A role held by a person.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Role {
    pub key: String,
    /// Id of the country or organisation.
    pub of: String,
    pub from: Option<String>,
    pub to: Option<String>,
}

impl Role {
    /// Whether the role was held on `date` (`YYYY-MM-DD`; string order is date order).
    pub fn held_on(&self, date: &str) -> bool {
        self.from.as_deref().is_none_or(|f| f <= date)
            && self.to.as_deref().is_none_or(|t| date < t)
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    pub id: String,
    /// Index into [`crate::TYPES`].
    pub etype: usize,
    pub kind: String,
    pub name: String,
    pub aliases: Vec<String>,
    pub nisba: Vec<String>,
    pub country: Option<String>,
    pub roles: Vec<Role>,
}

/// The loaded knowledge base with its indexes.
#[derive(Debug, Default)]
pub struct Kb {
    pub entries: Vec<Entry>,
    by_id: HashMap<String, usize>,
    /// Normalized alias → entries (with the ambiguity flag).
    by_alias: HashMap<String, Vec<(usize, bool)>>,
    by_nisba: HashMap<String, Vec<usize>>,
}

/// Normalize an alias or a mention for look-up: search profile, single spaces.
pub fn key(s: &str) -> String {
    let n = naba_arabic::normalize(s, &Profile::SEARCH);
    n.split_whitespace().collect::<Vec<_>>().join(" ")
}

impl Kb {
    /// The embedded knowledge base (parsed once). The files are validated by tests; should one
    /// fail to parse anyway, the error is reported once and the good files still load.
    pub fn embedded() -> &'static Kb {
        static KB: OnceLock<Kb> = OnceLock::new();
        KB.get_or_init(|| {
            let mut kb = Kb::default();
            for (name, text) in FILES {
                if let Err(e) = kb.load(name, text) {
                    eprintln!("naba: knowledge base {name}: {e}");
                }
            }
            kb
        })
    }

    /// Parse one TSV file into the KB. Entries whose id is already present are errors.
    pub fn load(&mut self, file: &str, text: &str) -> Result<usize, String> {
        let mut n = 0;
        for (i, line) in text.lines().enumerate() {
            let line = line.trim_end_matches('\r');
            if line.starts_with('#') || line.trim().is_empty() || line.starts_with("id\t") {
                continue;
            }
            let at = |m: &str| format!("{file}:{}: {m}", i + 1);
            let c: Vec<&str> = line.split('\t').collect();
            if c.len() < 5 {
                return Err(at("expected at least 5 tab-separated columns"));
            }
            let col = |k: usize| c.get(k).map(|s| s.trim()).unwrap_or("");
            let id = col(0).to_string();
            if id.is_empty() || id.contains(char::is_whitespace) {
                return Err(at("empty id or id with spaces"));
            }
            if !(id.starts_with("naba:")
                || (id.starts_with('Q')
                    && id[1..].bytes().all(|b| b.is_ascii_digit())
                    && id.len() > 1))
            {
                return Err(at(&format!("id `{id}` is neither a QID nor naba:…")));
            }
            if self.by_id.contains_key(&id) {
                return Err(at(&format!("duplicate id `{id}`")));
            }
            let etype = crate::type_index(col(1))
                .ok_or_else(|| at("type must be PER, LOC, ORG or MISC"))?;
            let split = |s: &str| -> Vec<String> {
                s.split('|')
                    .map(str::trim)
                    .filter(|a| !a.is_empty())
                    .map(str::to_string)
                    .collect()
            };
            let mut roles = Vec::new();
            for r in col(7).split(';').map(str::trim).filter(|r| !r.is_empty()) {
                // `of` may itself contain `/` (naba:org/kremlin): split key off the left and the
                // two dates off the right.
                let parts = r.split_once('/').and_then(|(k, rest)| {
                    let (rest, to) = rest.rsplit_once('/')?;
                    let (of, from) = rest.rsplit_once('/')?;
                    Some([k, of, from, to])
                });
                let Some(p) = parts.filter(|p| !p[0].is_empty() && !p[1].is_empty()) else {
                    return Err(at(&format!("role `{r}`: expected key/of/from/to")));
                };
                let date = |d: &str| -> Result<Option<String>, String> {
                    if d.is_empty() {
                        Ok(None)
                    } else if d.len() == 10 && d.as_bytes()[4] == b'-' && d.as_bytes()[7] == b'-' {
                        Ok(Some(d.to_string()))
                    } else {
                        Err(at(&format!("role `{r}`: bad date `{d}`")))
                    }
                };
                roles.push(Role {
                    key: p[0].to_string(),
                    of: p[1].to_string(),
                    from: date(p[2])?,
                    to: date(p[3])?,
                });
            }
            let e = Entry {
                id: id.clone(),
                etype,
                kind: col(2).to_string(),
                name: col(3).to_string(),
                aliases: split(col(4)),
                nisba: split(col(5)),
                country: Some(col(6).to_string()).filter(|s| !s.is_empty()),
                roles,
            };
            if e.name.is_empty() {
                return Err(at("empty English name"));
            }
            let idx = self.entries.len();
            for a in &e.aliases {
                let (amb, a) = match a.strip_prefix('~') {
                    Some(r) => (true, r),
                    None => (false, a.as_str()),
                };
                let k = key(a);
                if k.is_empty() {
                    continue;
                }
                let v = self.by_alias.entry(k).or_default();
                if !v.iter().any(|x| x.0 == idx) {
                    v.push((idx, amb));
                }
            }
            for a in &e.nisba {
                let v = self.by_nisba.entry(key(a)).or_default();
                if !v.contains(&idx) {
                    v.push(idx);
                }
            }
            self.by_id.insert(id, idx);
            self.entries.push(e);
            n += 1;
        }
        Ok(n)
    }

    pub fn get(&self, id: &str) -> Option<&Entry> {
        self.by_id.get(id).map(|&i| &self.entries[i])
    }

    /// Entries whose alias (normalized) is `k`, with their ambiguity flags.
    pub fn by_alias(&self, k: &str) -> &[(usize, bool)] {
        self.by_alias.get(k).map(Vec::as_slice).unwrap_or(&[])
    }

    /// The one entry an alias names, optionally restricted to a type: `None` when unknown or
    /// ambiguous (several entries of the type, or an alias marked `~`).
    pub fn resolve(&self, k: &str, etype: Option<usize>) -> Option<&Entry> {
        let c: Vec<&(usize, bool)> = self
            .by_alias(k)
            .iter()
            .filter(|(i, _)| etype.is_none_or(|t| self.entries[*i].etype == t))
            .collect();
        match c.as_slice() {
            [(i, false)] => Some(&self.entries[*i]),
            _ => None,
        }
    }

    /// Entries a nisba adjective (normalized) points to.
    pub fn by_nisba(&self, k: &str) -> &[usize] {
        self.by_nisba.get(k).map(Vec::as_slice).unwrap_or(&[])
    }

    /// The one person holding `role` of `of` on `date`.
    pub fn role_holder(&self, role: &str, of: &str, date: &str) -> Option<&Entry> {
        let mut found = self.entries.iter().filter(|e| {
            e.roles
                .iter()
                .any(|r| r.key == role && r.of == of && r.held_on(date))
        });
        let first = found.next()?;
        found.next().is_none().then_some(first)
    }

    /// All aliases (not the ambiguous ones) into a gazetteer; returns how many were added.
    /// Aliases that begin with شركة or تطبيق ("company", "app": شركة معادن, the linker's way to
    /// a name that is also a word) stay out: news annotation leaves the word outside the name,
    /// and the tagger would learn to take it in (held split: شركة توتال, بشركة شل). So do
    /// leagues and cups (kind `competition`): ANERcorp tags الدوري الإسباني and دوري أبطال
    /// أوروبا `O` (أوروبا LOC), and with them in the gazetteer the tagger learned that a MISC
    /// hit means `O` (dev10 seed 1: MISC F1 63.9 → 60.7).
    pub fn add_to_gazetteer(&self, g: &mut Gazetteer) -> usize {
        let mut n = 0;
        for e in self.entries.iter().filter(|e| e.kind != "competition") {
            for a in &e.aliases {
                let generic = matches!(a.split(' ').next(), Some("شركة" | "تطبيق"));
                if a.starts_with('~') || generic {
                    continue;
                }
                g.add(a, 1 << e.etype);
                n += 1;
            }
        }
        n
    }

    /// Problems a contributor must fix: an alias shared by two entries of the same type without
    /// the `~` marker on both, or a role/country pointing to an unknown id.
    pub fn problems(&self) -> Vec<String> {
        let mut out = Vec::new();
        let mut keys: Vec<&String> = self.by_alias.keys().collect();
        keys.sort();
        for k in keys {
            let v = &self.by_alias[k];
            for (a, &(i, ai)) in v.iter().enumerate() {
                for &(j, aj) in &v[a + 1..] {
                    if self.entries[i].etype == self.entries[j].etype && !(ai && aj) {
                        out.push(format!(
                            "alias `{k}` names both {} and {} (mark it `~` in both to declare the ambiguity)",
                            self.entries[i].id, self.entries[j].id
                        ));
                    }
                }
            }
        }
        for e in &self.entries {
            for r in &e.roles {
                if !self.by_id.contains_key(&r.of) {
                    out.push(format!("{}: role `{}` of unknown id {}", e.id, r.key, r.of));
                }
            }
            if let Some(c) = &e.country {
                if !self.by_id.contains_key(c) {
                    out.push(format!("{}: unknown country id {c}", e.id));
                }
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = "id\ttype\tkind\tname\taliases\tnisba\tcountry\troles\n\
Q159\tLOC\tcountry\tRussia\tروسيا|روسيا الاتحادية\tالروسي|الروسية\t\t\n\
Q7747\tPER\tperson\tVladimir Putin\tفلاديمير بوتين|بوتين\t\tQ159\tpresident/Q159/2012-05-07/;president/Q159/2000-05-07/2008-05-07\n\
naba:a\tPER\tperson\tA\t~محمد\t\t\t\n\
naba:b\tPER\tperson\tB\t~محمد\t\t\t\n";

    #[test]
    fn parses_resolves_and_finds_role_holders() {
        let mut kb = Kb::default();
        assert_eq!(kb.load("t", SAMPLE).unwrap(), 4);
        assert_eq!(
            kb.resolve(&key("بوتين"), None).unwrap().name,
            "Vladimir Putin"
        );
        assert_eq!(kb.resolve(&key("روسيا"), Some(1)).unwrap().id, "Q159");
        assert!(kb.resolve(&key("روسيا"), Some(0)).is_none());
        assert!(kb.resolve(&key("محمد"), None).is_none());
        assert_eq!(kb.by_nisba(&key("الروسية")), &[0]);
        assert_eq!(
            kb.role_holder("president", "Q159", "2025-07-03")
                .unwrap()
                .id,
            "Q7747"
        );
        assert_eq!(
            kb.role_holder("president", "Q159", "2005-01-01")
                .unwrap()
                .id,
            "Q7747"
        );
        assert!(kb.role_holder("president", "Q159", "2010-01-01").is_none());
        assert!(kb.problems().is_empty(), "{:?}", kb.problems());
    }

    #[test]
    fn bad_rows_are_errors() {
        let mut kb = Kb::default();
        assert!(kb.load("t", "Q1\tXXX\tk\tn\ta\n").is_err());
        assert!(kb.load("t", "Q12x\tLOC\tk\tn\ta\n").is_err());
        assert!(kb
            .load("t", "naba:x\tLOC\tk\tn\ta\t\t\tpresident/Q1/2020/\n")
            .is_err());
        let mut kb = Kb::default();
        kb.load("t", "naba:x\tLOC\tk\tn\ta\n").unwrap();
        assert!(kb.load("t", "naba:x\tLOC\tk\tn\tb\n").is_err());
        let mut kb = Kb::default();
        kb.load("t", "naba:x\tLOC\tk\tn\tسين\nnaba:y\tLOC\tk\tm\tسين\n")
            .unwrap();
        assert_eq!(kb.problems().len(), 1);
    }

    #[test]
    fn embedded_kb_is_valid() {
        let kb = Kb::embedded();
        let mut total = 0;
        for (name, text) in FILES {
            let mut k = Kb::default();
            // Each file parses on its own (ids may refer to other files).
            k.load(name, text).unwrap_or_else(|e| panic!("{e}"));
            total += k.entries.len();
        }
        assert_eq!(kb.entries.len(), total, "duplicate ids across files");
        let p = kb.problems();
        assert!(
            p.is_empty(),
            "{} problems, first: {:?}",
            p.len(),
            &p[..p.len().min(10)]
        );
        assert!(kb.entries.len() >= 300, "{} entries", kb.entries.len());
    }
}
