//! HTML pages → [`Article`]: metadata (with where each field came from) and the main content
//! as blocks, without navigation, ads, share widgets, comments, captions, link lists and the
//! related-article lines Arabic sites splice into bodies.
//!
//! The algorithm (ours, on the arena of [`crate::dom`]):
//! 1. bottom-up statistics for every element, without recursion (visible characters, link
//!    characters, commas, characters of "paragraph" text directly inside it);
//! 2. top-down pruning of boilerplate by tag, role, `hidden`, and class/id words — never an
//!    element that holds most of the page's text;
//! 3. readability-style scoring of containers from the paragraphs they hold (discounted by
//!    link density and class/id hints), with strong hints (`itemprop=articleBody`, the JSON-LD
//!    `articleBody`) taking precedence when they agree with the text;
//! 4. the winner plus its content-bearing siblings are walked into blocks; link-dense blocks,
//!    captions and lines that `markers::classify` recognises are kept as removed blocks.

use crate::dom::{collapse_ws, Dom, NodeData, NodeId};
use crate::markers::{self, Reason};
use crate::{charset, dates, Article, ArticleBlock, IngestError};
use naba_doc::BlockKind;
use serde_json::Value;
use std::sync::OnceLock;

/// Decode and extract. `url` is where the page came from (a WARC record, a feed item);
/// `http_charset` is the charset of an HTTP `Content-Type` header.
pub fn extract_bytes(
    bytes: &[u8],
    url: Option<&str>,
    http_charset: Option<&str>,
) -> Result<Article, IngestError> {
    let declared = http_charset
        .map(str::to_string)
        .or_else(|| charset::sniff_html_charset(bytes));
    let d = charset::decode(bytes, declared.as_deref())?;
    let mut a = extract(&d.text, url);
    if d.guessed {
        a.provenance
            .insert("encoding".into(), format!("detected {}", d.encoding.name()));
    } else if d.encoding != encoding_rs::UTF_8 {
        a.provenance
            .insert("encoding".into(), format!("declared {}", d.encoding.name()));
    }
    Ok(a)
}

/// Extract an article from decoded HTML.
pub fn extract(html: &str, url: Option<&str>) -> Article {
    let dom = Dom::parse(html);
    let meta = Meta::read(&dom, url);
    let mut blocks = Content::new(&dom, meta.body_hint.as_deref()).blocks();
    if let Some(t) = &meta.title {
        let tn = collapse_ws(&t.0);
        for b in blocks.iter_mut().take(3) {
            if b.kind == BlockKind::Heading && collapse_ws(&b.text) == tn {
                b.kind = BlockKind::Removed;
                b.reason = Some("title".into());
            }
        }
    }
    let mut a = Article {
        blocks,
        ..Default::default()
    };
    meta.fill(&mut a);
    a
}

/// Blocks of an HTML fragment that is all content (a feed item's body): boilerplate pruning,
/// link-dense blocks and marker lines apply, container scoring does not.
pub fn extract_fragment(html: &str) -> Vec<ArticleBlock> {
    let dom = Dom::parse(html);
    let c = Content::new(&dom, None);
    let mut w = Walker {
        c: &c,
        out: Vec::new(),
        buf: String::new(),
        buf_links: 0,
        buf_chars: 0,
        after_dangling: false,
    };
    w.walk(0);
    w.out
}

// ---------------------------------------------------------------------------------------
// Metadata

#[derive(Default)]
struct Meta {
    title: Option<(String, &'static str)>,
    published: Option<(String, &'static str)>,
    modified: Option<(String, &'static str)>,
    author: Option<(String, &'static str)>,
    site: Option<(String, &'static str)>,
    language: Option<(String, &'static str)>,
    url: Option<(String, &'static str)>,
    description: Option<(String, &'static str)>,
    body_hint: Option<String>,
    title_text: Option<String>,
}

fn set(slot: &mut Option<(String, &'static str)>, v: Option<String>, from: &'static str) {
    if slot.is_none() {
        if let Some(v) = v.map(|v| collapse_ws(&v)).filter(|v| !v.is_empty()) {
            *slot = Some((v, from));
        }
    }
}

impl Meta {
    fn read(dom: &Dom, url: Option<&str>) -> Meta {
        let mut m = Meta::default();
        let mut metas: Vec<(String, String)> = Vec::new();
        let mut canonical = None;
        let mut lang = None;
        let mut jsonld = Vec::new();
        let mut times = Vec::new();
        let mut title_el = None;
        let mut h1s = Vec::new();
        let mut itemprop: Vec<(String, NodeId)> = Vec::new();
        for i in 0..dom.nodes.len() as NodeId {
            let Some(name) = dom.name(i) else { continue };
            match name {
                "meta" => {
                    let key = dom
                        .attr(i, "property")
                        .or_else(|| dom.attr(i, "name"))
                        .or_else(|| dom.attr(i, "itemprop"))
                        .or_else(|| dom.attr(i, "http-equiv"));
                    if let (Some(k), Some(c)) = (key, dom.attr(i, "content")) {
                        metas.push((k.to_ascii_lowercase(), c.to_string()));
                    }
                }
                "link"
                    if dom
                        .attr(i, "rel")
                        .is_some_and(|r| r.eq_ignore_ascii_case("canonical")) =>
                {
                    canonical = canonical.or(dom.attr(i, "href").map(str::to_string));
                }
                "html" => lang = lang.or(dom.attr(i, "lang").map(str::to_string)),
                "script" if dom.attr(i, "type").is_some_and(|t| t.contains("ld+json")) => {
                    jsonld.push(dom.raw_text(i))
                }
                "time" => times.push(i),
                "title" if title_el.is_none() => title_el = Some(dom.raw_text(i)),
                "h1" if h1s.len() < 4 => h1s.push(dom.text(i)),
                _ => {}
            }
            if let Some(p) = dom.attr(i, "itemprop") {
                if name != "meta" && itemprop.len() < 64 {
                    itemprop.push((p.to_ascii_lowercase(), i));
                }
            }
        }
        let meta = |keys: &[&str]| -> Option<String> {
            keys.iter().find_map(|k| {
                metas
                    .iter()
                    .find(|(mk, v)| mk == k && !v.trim().is_empty())
                    .map(|(_, v)| v.clone())
            })
        };
        // JSON-LD first: the publisher's structured statement.
        let ld = jsonld.iter().find_map(|s| json_ld_article(s));
        if let Some(ld) = &ld {
            set(&mut m.title, ld.headline.clone(), "json-ld headline");
            set(
                &mut m.published,
                ld.published.as_deref().and_then(dates::normalize),
                "json-ld datePublished",
            );
            set(
                &mut m.modified,
                ld.modified.as_deref().and_then(dates::normalize),
                "json-ld dateModified",
            );
            set(&mut m.author, ld.author.clone(), "json-ld author");
            set(&mut m.site, ld.publisher.clone(), "json-ld publisher");
            set(&mut m.language, ld.language.clone(), "json-ld inLanguage");
            set(
                &mut m.description,
                ld.description.clone(),
                "json-ld description",
            );
            m.body_hint = ld.body.clone().filter(|b| b.chars().count() > 200);
        }
        set(&mut m.title, meta(&["og:title"]), "og:title");
        set(&mut m.title, meta(&["twitter:title"]), "twitter:title");
        set(
            &mut m.published,
            meta(&["article:published_time"]).and_then(|d| dates::normalize(&d)),
            "meta article:published_time",
        );
        set(
            &mut m.published,
            meta(&[
                "og:published_time",
                "datepublished",
                "pubdate",
                "publishdate",
                "publish-date",
                "publication_date",
                "date",
                "dc.date.issued",
                "dc.date",
                "dcterms.created",
                "sailthru.date",
                "parsely-pub-date",
                "article.published",
                "cxenseparse:recs:publishtime",
            ])
            .and_then(|d| dates::normalize(&d)),
            "meta date",
        );
        set(
            &mut m.modified,
            meta(&[
                "article:modified_time",
                "og:updated_time",
                "datemodified",
                "dcterms.modified",
            ])
            .and_then(|d| dates::normalize(&d)),
            "meta article:modified_time",
        );
        for (p, i) in &itemprop {
            match p.as_str() {
                "datepublished" => set(
                    &mut m.published,
                    dom.attr(*i, "datetime")
                        .or_else(|| dom.attr(*i, "content"))
                        .and_then(dates::normalize)
                        .or_else(|| dates::normalize(&dom.text(*i))),
                    "itemprop datePublished",
                ),
                "headline" => set(&mut m.title, Some(dom.text(*i)), "itemprop headline"),
                "author" => set(&mut m.author, Some(dom.text(*i)), "itemprop author"),
                _ => {}
            }
        }
        // <time datetime>: one marked pubdate first, else the first.
        let time_val = |i: NodeId| {
            dom.attr(i, "datetime")
                .and_then(dates::normalize)
                .or_else(|| dates::normalize(&dom.text(i)))
        };
        set(
            &mut m.published,
            times
                .iter()
                .find(|&&i| dom.attr(i, "pubdate").is_some())
                .or(times.first())
                .and_then(|&i| time_val(i)),
            "<time>",
        );
        let page_url = canonical
            .clone()
            .or_else(|| meta(&["og:url"]))
            .or_else(|| url.map(str::to_string));
        set(
            &mut m.published,
            page_url.as_deref().and_then(dates::from_url),
            "url",
        );
        if m.published.is_none() {
            if let Some(u) = url {
                set(&mut m.published, dates::from_url(u), "url");
            }
        }
        set(
            &mut m.author,
            meta(&[
                "author",
                "article:author",
                "byl",
                "dc.creator",
                "sailthru.author",
                "parsely-author",
            ])
            .filter(|a| !a.starts_with("http")),
            "meta author",
        );
        set(
            &mut m.site,
            meta(&["og:site_name", "application-name", "publisher"]),
            "og:site_name",
        );
        set(
            &mut m.description,
            meta(&["description", "og:description", "twitter:description"]),
            "meta description",
        );
        set(&mut m.language, lang, "html lang");
        set(
            &mut m.language,
            meta(&["content-language", "og:locale", "language"]),
            "meta language",
        );
        if let Some(c) = canonical {
            set(&mut m.url, Some(c), "link canonical");
        }
        set(&mut m.url, meta(&["og:url"]), "og:url");
        set(&mut m.url, url.map(str::to_string), "source");
        m.title_text = title_el.map(|t| collapse_ws(&t));
        // A headline that still carries the site's name loses it.
        if let Some(site) = site_names(&m, page_url.as_deref()) {
            if let Some((t, _)) = &mut m.title {
                *t = strip_known_site(t, &site);
            }
        }
        // The <title> without the site suffix, or an h1 that starts it.
        if m.title.is_none() {
            let t = m.title_text.clone().unwrap_or_default();
            if let Some(h) = h1s
                .iter()
                .find(|h| !h.is_empty() && t.starts_with(h.as_str()))
            {
                set(&mut m.title, Some(h.clone()), "h1");
            } else if !t.is_empty() {
                set(
                    &mut m.title,
                    Some(strip_site_suffix(&t, m.site.as_ref().map(|s| s.0.as_str()))),
                    "<title> without site name",
                );
            } else {
                set(&mut m.title, h1s.first().cloned(), "h1");
            }
        }
        // An Arabic (or English) date in the byline area as a last resort.
        if m.published.is_none() {
            let d = (0..dom.nodes.len() as NodeId)
                .filter(|&i| {
                    let cls = class_id(dom, i);
                    cls.contains("date")
                        || cls.contains("time")
                        || cls.contains("byline")
                        || cls.contains("meta")
                })
                .take(20)
                .find_map(|i| {
                    let t = dom.text(i);
                    (t.chars().count() < 200)
                        .then(|| dates::normalize(&t))
                        .flatten()
                });
            set(&mut m.published, d, "byline date");
        }
        m
    }

    fn fill(self, a: &mut Article) {
        let mut put = |field: &str, v: Option<(String, &'static str)>| -> Option<String> {
            let (v, from) = v?;
            a.provenance.insert(field.to_string(), from.to_string());
            Some(v)
        };
        let title = put("title", self.title);
        let published = put("published", self.published);
        let modified = put("modified", self.modified);
        let author = put("author", self.author);
        let source = put("source", self.site);
        let language = put("language", self.language);
        let url = put("url", self.url);
        let description = put("description", self.description);
        a.title = title;
        a.published = published;
        a.modified = modified;
        a.author = author;
        a.source = source;
        a.language = language;
        a.url = url;
        a.description = description;
    }
}

/// Names the site goes by: its declared name and its host (`thehill` for thehill.com).
fn site_names(m: &Meta, url: Option<&str>) -> Option<Vec<String>> {
    let mut v = Vec::new();
    if let Some((s, _)) = &m.site {
        v.push(squash(s));
    }
    if let Some(u) = url {
        let host = u
            .split("://")
            .nth(1)
            .unwrap_or(u)
            .split('/')
            .next()
            .unwrap_or("");
        let host = host.trim_start_matches("www.");
        if let Some(first) = host.split('.').next() {
            v.push(squash(first));
        }
        v.push(squash(host));
    }
    v.retain(|s| s.chars().count() >= 3);
    (!v.is_empty()).then_some(v)
}

fn squash(s: &str) -> String {
    s.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// Drop a ` | Site` / ` - Site` part that names the site.
fn strip_known_site(title: &str, site: &[String]) -> String {
    for sep in [" | ", " - ", " – ", " — ", " :: ", " « ", " » ", " · "] {
        let parts: Vec<&str> = title.split(sep).collect();
        if parts.len() < 2 {
            continue;
        }
        let keep: Vec<&str> = parts
            .iter()
            .copied()
            .filter(|p| {
                let q = squash(p);
                !site
                    .iter()
                    .any(|s| q == *s || (q.len() >= 4 && s.contains(&q)))
            })
            .collect();
        if !keep.is_empty() && keep.len() < parts.len() {
            return keep.join(sep).trim().to_string();
        }
    }
    title.to_string()
}

/// `Headline - Site Name` → `Headline` (the longest part, or the part that is not the site).
pub fn strip_site_suffix(title: &str, site: Option<&str>) -> String {
    for sep in [" | ", " - ", " – ", " — ", " :: ", " « ", " » ", " · "] {
        let parts: Vec<&str> = title.split(sep).map(str::trim).collect();
        if parts.len() < 2 {
            continue;
        }
        if let Some(site) = site {
            let rest: Vec<&str> = parts
                .iter()
                .copied()
                .filter(|p| !p.eq_ignore_ascii_case(site) && !site.contains(p) && !p.contains(site))
                .collect();
            if !rest.is_empty() && rest.len() < parts.len() {
                return rest.join(sep);
            }
        }
        // Drop a short last part (the site name).
        let last = parts[parts.len() - 1];
        if last.split_whitespace().count() <= 4 && parts[0].chars().count() > last.chars().count() {
            return parts[..parts.len() - 1].join(sep);
        }
    }
    title.to_string()
}

struct LdArticle {
    headline: Option<String>,
    published: Option<String>,
    modified: Option<String>,
    author: Option<String>,
    publisher: Option<String>,
    language: Option<String>,
    description: Option<String>,
    body: Option<String>,
}

fn json_ld_article(src: &str) -> Option<LdArticle> {
    if src.len() > 4 << 20 {
        return None;
    }
    let v: Value = serde_json::from_str(src.trim().trim_end_matches(';')).ok()?;
    // Iterative walk for the best object: an Article type first, any object with a date next.
    let mut stack = vec![&v];
    let mut best: Option<(u8, &serde_json::Map<String, Value>)> = None;
    let mut seen = 0;
    while let Some(v) = stack.pop() {
        seen += 1;
        if seen > 10_000 {
            break;
        }
        match v {
            Value::Array(a) => stack.extend(a.iter().rev()),
            Value::Object(o) => {
                let ty = match o.get("@type") {
                    Some(Value::String(s)) => s.clone(),
                    Some(Value::Array(a)) => a
                        .iter()
                        .filter_map(Value::as_str)
                        .collect::<Vec<_>>()
                        .join(" "),
                    _ => String::new(),
                };
                let rank = if ty.contains("Article")
                    || ty.contains("BlogPosting")
                    || ty.contains("Report")
                {
                    3
                } else if o.contains_key("datePublished") || o.contains_key("articleBody") {
                    2
                } else if ty.contains("WebPage") {
                    1
                } else {
                    0
                };
                if rank > 0 && best.is_none_or(|(r, _)| rank > r) {
                    best = Some((rank, o));
                }
                if let Some(g) = o.get("@graph") {
                    stack.push(g);
                }
                if let Some(me) = o.get("mainEntity") {
                    stack.push(me);
                }
            }
            _ => {}
        }
    }
    let (_, o) = best?;
    let s = |k: &str| {
        o.get(k)
            .and_then(Value::as_str)
            .map(|v| crate::dom::decode_entities(v).into_owned())
    };
    let name_of = |v: &Value| -> Option<String> {
        match v {
            Value::String(s) => Some(s.clone()),
            Value::Object(o) => o.get("name").and_then(Value::as_str).map(str::to_string),
            Value::Array(a) => {
                let names: Vec<String> = a
                    .iter()
                    .filter_map(|x| match x {
                        Value::String(s) => Some(s.clone()),
                        Value::Object(o) => {
                            o.get("name").and_then(Value::as_str).map(str::to_string)
                        }
                        _ => None,
                    })
                    .collect();
                (!names.is_empty()).then(|| names.join(", "))
            }
            _ => None,
        }
    };
    Some(LdArticle {
        headline: s("headline").or_else(|| s("name")),
        published: s("datePublished").or_else(|| s("dateCreated")),
        modified: s("dateModified"),
        author: o.get("author").and_then(name_of),
        publisher: o.get("publisher").and_then(name_of),
        language: s("inLanguage"),
        description: s("description"),
        body: s("articleBody").map(|b| crate::dom::decode_entities(&b).into_owned()),
    })
}

fn class_id(dom: &Dom, i: NodeId) -> String {
    let mut s = String::new();
    for k in ["class", "id"] {
        if let Some(v) = dom.attr(i, k) {
            s.push_str(&v.to_ascii_lowercase());
            s.push(' ');
        }
    }
    s
}

// ---------------------------------------------------------------------------------------
// Main content

/// Why a subtree was pruned.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Prune {
    No,
    /// Dropped silently (scripts, hidden, navigation…).
    Silent,
    /// Kept as a removed block with this reason.
    Reason(&'static str),
}

const INLINE_TAGS: &[&str] = &[
    "a", "abbr", "b", "bdi", "bdo", "big", "cite", "code", "em", "font", "i", "kbd", "mark", "q",
    "s", "small", "span", "strike", "strong", "sub", "sup", "time", "tt", "u", "var", "label",
    "nobr", "br", "img", "wbr", "ins", "del", "dfn", "samp",
];

fn is_inline(name: &str) -> bool {
    INLINE_TAGS.contains(&name)
}

/// Class/id words that mark boilerplate.
const NEGATIVE: &[&str] = &[
    "comment",
    "share",
    "sharing",
    "social",
    "sidebar",
    "related",
    "newsletter",
    "subscribe",
    "promo",
    "advert",
    "sponsor",
    "banner",
    "cookie",
    "breadcrumb",
    "footer",
    "masthead",
    "popup",
    "modal",
    "outbrain",
    "taboola",
    "recommend",
    "trending",
    "most-popular",
    "mostpopular",
    "most-read",
    "mostread",
    "read-more",
    "readmore",
    "more-stories",
    "signup",
    "sign-up",
    "paywall",
    "toolbar",
    "tags",
    "tag-list",
    "taglist",
    "skip",
    "sr-only",
    "visually-hidden",
    "screen-reader",
    "print-only",
    "caption",
    "byline",
    "author-bio",
    "disclaimer",
    "widget",
    "menu",
    "navbar",
    "nav-",
    "-nav",
    "topbar",
    "subnav",
    "pagination",
    "pager",
    "jump",
    "rating",
    "vote",
    "follow",
    "also-read",
    "see-also",
    "inline-related",
    "recirc",
    "video-player",
    "ad-",
    "-ad",
    "ads-",
    "adv-",
    "dfp",
    "gpt-",
    "photo-credit",
    "credit",
    "copyright",
    "meta-",
    "-meta",
    "post-meta",
    "entry-meta",
    "article-meta",
    "timestamp",
    "dateline",
    "print",
    "email",
    "hidden",
    "tooltip",
    "interstitial",
];
/// Class/id words that mark the article.
const POSITIVE: &[&str] = &[
    "article", "body", "content", "entry", "hentry", "main", "post", "text", "blog", "story",
    "column", "detail", "news",
];

fn automaton(list: &[&str]) -> aho_corasick::AhoCorasick {
    aho_corasick::AhoCorasick::new(list).expect("static patterns")
}

fn is_negative(cls: &str) -> bool {
    static A: OnceLock<aho_corasick::AhoCorasick> = OnceLock::new();
    A.get_or_init(|| automaton(NEGATIVE)).is_match(cls)
}

fn is_positive(cls: &str) -> bool {
    static A: OnceLock<aho_corasick::AhoCorasick> = OnceLock::new();
    A.get_or_init(|| automaton(POSITIVE)).is_match(cls)
}

fn class_weight(cls: &str) -> f32 {
    let mut w = 0.0;
    if is_positive(cls) {
        w += 25.0;
    }
    if is_negative(cls) {
        w -= 25.0;
    }
    w
}

struct Content<'a> {
    dom: &'a Dom,
    /// Visible characters (non-space) in the subtree, pruned subtrees excluded.
    chars: Vec<u32>,
    /// Of those, characters inside links.
    links: Vec<u32>,
    /// Characters of text directly inside (text children and inline descendants).
    own: Vec<u32>,
    own_links: Vec<u32>,
    own_commas: Vec<u16>,
    prune: Vec<Prune>,
    body_hint: Option<&'a str>,
}

fn count_text(t: &str) -> (u32, u16) {
    let mut n = 0u32;
    let mut commas = 0u16;
    for c in t.chars() {
        if !c.is_whitespace() {
            n += 1;
            if c == ',' || c == '،' {
                commas = commas.saturating_add(1);
            }
        }
    }
    (n, commas)
}

impl<'a> Content<'a> {
    fn new(dom: &'a Dom, body_hint: Option<&'a str>) -> Self {
        let n = dom.nodes.len();
        // Pass 1: raw character counts (for the "holds most of the page" guard).
        let mut raw = vec![0u32; n];
        let mut text_counts = vec![(0u32, 0u16); n];
        for i in (0..n).rev() {
            let node = &dom.nodes[i];
            match &node.data {
                NodeData::Text(t) => {
                    let c = count_text(t);
                    text_counts[i] = c;
                    raw[i] = c.0;
                }
                NodeData::Element { name, .. } => {
                    if matches!(
                        &**name,
                        "script"
                            | "style"
                            | "title"
                            | "head"
                            | "noscript"
                            | "template"
                            | "textarea"
                    ) {
                        raw[i] = 0;
                    }
                }
            }
            if i > 0 {
                raw[node.parent as usize] += raw[i];
            }
        }
        let total = raw[0].max(1);
        // Pass 2: pruning, top-down (parents precede children in the arena).
        let mut prune = vec![Prune::No; n];
        for i in 1..n {
            let p = dom.nodes[i].parent as usize;
            prune[i] = if prune[p] != Prune::No {
                Prune::Silent
            } else {
                prune_of(dom, i as NodeId, raw[i], total)
            };
        }
        // A short notice right before a comment section ("comments are the readers' own
        // views…") belongs to the comments.
        for i in 1..n {
            if prune[i] != Prune::Reason("comments") {
                continue;
            }
            let parent = dom.nodes[i].parent;
            let sibs = dom.children(parent);
            let Some(at) = sibs.iter().position(|&s| s as usize == i) else {
                continue;
            };
            let mut seen = 0;
            for &sb in sibs[..at].iter().rev() {
                let s = sb as usize;
                if dom.name(sb).is_none() {
                    if raw[s] > 0 {
                        break;
                    }
                    continue;
                }
                if raw[s] == 0 {
                    continue;
                }
                seen += 1;
                if seen > 2 || raw[s] > 700 || prune[s] != Prune::No {
                    break;
                }
                let t = dom.text(sb).to_lowercase();
                if ["تعليق", "التعليقات", "comment", "آراء", "الآراء"]
                    .iter()
                    .any(|w| t.contains(w))
                {
                    prune[s] = Prune::Reason("comments");
                    // Descendants follow their parent.
                    let mut stack = vec![sb];
                    while let Some(x) = stack.pop() {
                        for &c in dom.children(x) {
                            prune[c as usize] = Prune::Silent;
                            stack.push(c);
                        }
                    }
                }
            }
        }
        // Pass 3: statistics bottom-up.
        let mut chars = vec![0u32; n];
        let mut links = vec![0u32; n];
        let mut own = vec![0u32; n];
        let mut own_links = vec![0u32; n];
        let mut own_commas = vec![0u16; n];
        // Inline elements pass their own text to the parent's "own" text.
        for i in (0..n).rev() {
            if prune[i] != Prune::No {
                continue;
            }
            let node = &dom.nodes[i];
            let (inline, is_link) = match &node.data {
                NodeData::Text(_) => {
                    let (c, k) = text_counts[i];
                    chars[i] = c;
                    own[i] = c;
                    own_commas[i] = k;
                    (true, false)
                }
                NodeData::Element { name, .. } => {
                    if matches!(
                        &**name,
                        "script"
                            | "style"
                            | "title"
                            | "head"
                            | "noscript"
                            | "template"
                            | "textarea"
                    ) {
                        chars[i] = 0;
                        continue;
                    }
                    if &**name == "a" {
                        links[i] = chars[i];
                        own_links[i] = own[i];
                    }
                    (is_inline(name), &**name == "a")
                }
            };
            let _ = is_link;
            if i == 0 {
                continue;
            }
            let p = node.parent as usize;
            chars[p] += chars[i];
            links[p] += links[i];
            if inline {
                own[p] += own[i];
                own_links[p] += own_links[i];
                own_commas[p] = own_commas[p].saturating_add(own_commas[i]);
            }
        }
        Content {
            dom,
            chars,
            links,
            own,
            own_links,
            own_commas,
            prune,
            body_hint,
        }
    }

    fn link_density(&self, i: usize) -> f32 {
        if self.chars[i] == 0 {
            0.0
        } else {
            self.links[i] as f32 / self.chars[i] as f32
        }
    }

    /// Pick the container(s) of the article.
    fn roots(&self) -> Vec<NodeId> {
        let dom = self.dom;
        let n = dom.nodes.len();
        let mut score = vec![0f32; n];
        let mut is_cand = vec![false; n];
        let mut init = vec![0f32; n];
        for i in 1..n {
            if self.prune[i] != Prune::No {
                continue;
            }
            let Some(name) = dom.name(i as NodeId) else {
                continue;
            };
            if is_inline(name) {
                continue;
            }
            let len = self.own[i];
            if len < 25 {
                continue;
            }
            let ld = if len > 0 {
                self.own_links[i] as f32 / len as f32
            } else {
                0.0
            };
            let mut s = 1.0 + self.own_commas[i] as f32 + (len as f32 / 100.0).min(3.0);
            s *= 1.0 - ld;
            if matches!(
                name,
                "h1" | "h2" | "h3" | "h4" | "h5" | "h6" | "li" | "dt" | "dd"
            ) {
                s *= 0.5;
            }
            // Parent full, grandparent half, then a third per level, five levels up. Text
            // directly inside a container (a div with <br>-separated text) is a paragraph of
            // that container, which scores it as its own parent.
            let container = matches!(
                name,
                "div" | "td" | "article" | "section" | "main" | "body" | "center" | "font" | "form"
            );
            let mut anc = if container {
                i
            } else {
                dom.nodes[i].parent as usize
            };
            for level in 0..5 {
                if anc == 0 {
                    break;
                }
                if !is_cand[anc] {
                    is_cand[anc] = true;
                    init[anc] = init_score(dom, anc as NodeId);
                }
                let div = match level {
                    0 => 1.0,
                    1 => 2.0,
                    l => l as f32 * 3.0,
                };
                score[anc] += s / div;
                anc = dom.nodes[anc].parent as usize;
            }
        }
        let mut best: Option<(usize, f32)> = None;
        for i in 0..n {
            if !is_cand[i] {
                continue;
            }
            // Class and tag hints count in full for containers of some size only: a
            // 60-character "content-title" box is not the article.
            let hint = init[i] * (self.chars[i] as f32 / 400.0).min(1.0);
            let s = (score[i] + hint) * (1.0 - self.link_density(i));
            score[i] = s;
            if best.is_none_or(|(_, b)| s > b) {
                best = Some((i, s));
            }
        }
        // Strong hints: itemprop=articleBody holding a good share of the best's text.
        if let Some((b, _)) = best {
            for i in 1..n {
                if self.prune[i] == Prune::No
                    && dom
                        .attr(i as NodeId, "itemprop")
                        .is_some_and(|p| p.eq_ignore_ascii_case("articleBody"))
                    && self.chars[i] as f32 >= 0.5 * self.chars[b] as f32
                {
                    return vec![i as NodeId];
                }
            }
        }
        let _ = self.body_hint;
        if std::env::var_os("NABA_DEBUG_EXTRACT").is_some() {
            let mut v: Vec<(f32, usize)> = (0..n)
                .filter(|&i| is_cand[i])
                .map(|i| (score[i], i))
                .collect();
            v.sort_by(|a, b| b.0.total_cmp(&a.0));
            for (s, i) in v.iter().take(8) {
                eprintln!(
                    "cand {i} {s:.1} <{}> {} chars {} ld {:.2}",
                    dom.name(*i as NodeId).unwrap_or(""),
                    class_id(dom, *i as NodeId),
                    self.chars[*i],
                    self.link_density(*i)
                );
            }
        }
        let Some((top, top_score)) = best else {
            return vec![0];
        };
        // Siblings that carry content too.
        let parent = dom.nodes[top].parent;
        if top == 0 {
            return vec![0];
        }
        let threshold = (top_score * 0.2).max(10.0);
        let mut out = Vec::new();
        for &s in dom.children(parent) {
            let si = s as usize;
            if si == top {
                out.push(s);
                continue;
            }
            if self.prune[si] != Prune::No || dom.name(s).is_none() {
                continue;
            }
            if is_cand[si] && score[si] >= threshold {
                out.push(s);
                continue;
            }
            if dom.name(s) == Some("p") {
                let len = self.chars[si];
                let ld = self.link_density(si);
                if (len > 80 && ld < 0.25) || (len > 0 && ld == 0.0 && ends_sentence(&dom.text(s)))
                {
                    out.push(s);
                }
            }
        }
        // Articles split into chunks: other containers with the winner's tag and class that
        // score well are parts of the same story.
        if let (Some(tag), Some(cls)) = (dom.name(top as NodeId), dom.attr(top as NodeId, "class"))
        {
            if !cls.trim().is_empty() {
                let within = |a: usize, b: usize| {
                    // Is `a` inside `b` (or equal)?
                    let mut x = a;
                    loop {
                        if x == b {
                            return true;
                        }
                        if x == 0 {
                            return false;
                        }
                        x = dom.nodes[x].parent as usize;
                    }
                };
                for i in 0..n {
                    if i == top
                        || !is_cand[i]
                        || score[i] < 0.2 * top_score
                        || dom.name(i as NodeId) != Some(tag)
                        || dom.attr(i as NodeId, "class") != Some(cls)
                    {
                        continue;
                    }
                    if out
                        .iter()
                        .any(|&r| within(i, r as usize) || within(r as usize, i))
                    {
                        continue;
                    }
                    out.push(i as NodeId);
                }
                out.sort_unstable();
            }
        }
        out
    }

    fn blocks(&self) -> Vec<ArticleBlock> {
        let roots = self.roots();
        let mut w = Walker {
            c: self,
            out: Vec::new(),
            buf: String::new(),
            buf_links: 0,
            buf_chars: 0,
            after_dangling: false,
        };
        for r in roots {
            w.walk(r);
        }
        w.out
    }
}

fn ends_sentence(s: &str) -> bool {
    s.trim_end()
        .trim_end_matches(['"', '”', '»', ')', '’', '\''])
        .ends_with(['.', '!', '?', '؟', '…'])
}

fn init_score(dom: &Dom, i: NodeId) -> f32 {
    let base = match dom.name(i).unwrap_or("") {
        "div" | "article" | "main" | "section" => 5.0,
        "pre" | "td" | "blockquote" => 3.0,
        "address" | "ol" | "ul" | "dl" | "dd" | "dt" | "li" | "form" => -3.0,
        "h1" | "h2" | "h3" | "h4" | "h5" | "h6" | "th" => -5.0,
        _ => 0.0,
    };
    let mut w = base + class_weight(&class_id(dom, i));
    if dom
        .attr(i, "itemprop")
        .is_some_and(|p| p.eq_ignore_ascii_case("articleBody"))
    {
        w += 40.0;
    }
    if dom.name(i) == Some("article") {
        w += 10.0;
    }
    w
}

fn prune_of(dom: &Dom, i: NodeId, raw: u32, total: u32) -> Prune {
    let Some(name) = dom.name(i) else {
        return Prune::No;
    };
    match name {
        "script" | "style" | "noscript" | "template" | "svg" | "iframe" | "button" | "select"
        | "textarea" | "input" | "head" | "title" | "object" | "embed" | "canvas" | "video"
        | "audio" | "map" | "dialog" | "menu" => return Prune::Silent,
        "nav" => return Prune::Silent,
        "figcaption" => return Prune::Reason("caption"),
        _ => {}
    }
    if dom.attr(i, "hidden").is_some()
        || dom.attr(i, "aria-hidden").is_some_and(|v| v == "true")
        || dom.attr(i, "style").is_some_and(|s| {
            let s = s.to_ascii_lowercase().replace(' ', "");
            s.contains("display:none") || s.contains("visibility:hidden")
        })
    {
        return Prune::Silent;
    }
    // Large containers are never pruned by hints: a page-wide wrapper called "has-sidebar"
    // holds the article.
    let big = raw as f32 > 0.4 * total as f32;
    if big {
        return Prune::No;
    }
    match name {
        "aside" | "footer" => return Prune::Silent,
        "form" => return Prune::Silent,
        _ => {}
    }
    if let Some(role) = dom.attr(i, "role") {
        if matches!(
            role,
            "navigation"
                | "banner"
                | "contentinfo"
                | "complementary"
                | "search"
                | "menu"
                | "menubar"
                | "dialog"
                | "alert"
        ) {
            return Prune::Silent;
        }
    }
    let cls = class_id(dom, i);
    if cls.is_empty() {
        return Prune::No;
    }
    if is_negative(&cls) && !(is_positive(&cls) && raw > 500) {
        if cls.contains("caption") || cls.contains("credit") {
            return Prune::Reason("caption");
        }
        if cls.contains("related")
            || cls.contains("read-more")
            || cls.contains("also")
            || cls.contains("recommend")
        {
            return Prune::Reason("related");
        }
        if cls.contains("comment") {
            return Prune::Reason("comments");
        }
        return Prune::Silent;
    }
    Prune::No
}

struct Walker<'c, 'a> {
    c: &'c Content<'a>,
    out: Vec<ArticleBlock>,
    buf: String,
    buf_links: u32,
    buf_chars: u32,
    /// The previous block was a related marker alone (`اقرأ أيضا:`): the next short block is
    /// the linked title.
    after_dangling: bool,
}

impl Walker<'_, '_> {
    fn walk(&mut self, root: NodeId) {
        let dom = self.c.dom;
        // (node, exiting?, kind for blocks flushed inside, in link?)
        let mut stack: Vec<(NodeId, bool, BlockKind, bool)> =
            vec![(root, false, BlockKind::Paragraph, false)];
        let mut kind = BlockKind::Paragraph;
        while let Some((id, exiting, k, in_link)) = stack.pop() {
            let i = id as usize;
            if exiting {
                self.flush(kind);
                kind = k;
                continue;
            }
            match &dom.nodes[i].data {
                NodeData::Text(t) => {
                    if self.c.prune[i] == Prune::No {
                        self.buf.push_str(t);
                        let n = self.c.chars[i];
                        self.buf_chars += n;
                        if in_link {
                            self.buf_links += n;
                        }
                    }
                }
                NodeData::Element { name, .. } => {
                    match self.c.prune[i] {
                        Prune::Silent => continue,
                        Prune::Reason(r) => {
                            self.flush(kind);
                            let t = dom.text(id);
                            if !t.is_empty() {
                                self.out.push(ArticleBlock::removed(r, t));
                            }
                            continue;
                        }
                        Prune::No => {}
                    }
                    if &**name == "br" {
                        self.flush(kind);
                        continue;
                    }
                    let block = !is_inline(name);
                    if block {
                        // Link lists and link-dense boxes are not the article.
                        if matches!(&**name, "ul" | "ol" | "div" | "section" | "table" | "dl")
                            && self.c.chars[i] >= 15
                            && self.c.link_density(i) > 0.6
                        {
                            self.flush(kind);
                            self.out.push(ArticleBlock::removed("links", dom.text(id)));
                            continue;
                        }
                        self.flush(kind);
                        let nk = match &**name {
                            "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => BlockKind::Heading,
                            "li" | "dt" | "dd" => BlockKind::ListItem,
                            "blockquote" => BlockKind::Quote,
                            _ => kind,
                        };
                        let nk = if kind == BlockKind::Quote {
                            BlockKind::Quote
                        } else {
                            nk
                        };
                        stack.push((id, true, kind, in_link));
                        kind = nk;
                    }
                    let link = in_link || &**name == "a";
                    for &c in dom.children(id).iter().rev() {
                        stack.push((c, false, kind, link));
                    }
                }
            }
        }
        self.flush(kind);
    }

    fn flush(&mut self, kind: BlockKind) {
        if self.buf.is_empty() {
            return;
        }
        let text = collapse_ws(&self.buf);
        let (chars, links) = (self.buf_chars, self.buf_links);
        self.buf.clear();
        self.buf_chars = 0;
        self.buf_links = 0;
        if !text.chars().any(char::is_alphanumeric) {
            return;
        }
        let after_dangling = std::mem::replace(&mut self.after_dangling, false);
        if let Some(m) = markers::classify(&text) {
            self.after_dangling = m.dangling && m.reason == Reason::Related;
            self.out
                .push(ArticleBlock::removed(m.reason.as_str(), text));
            return;
        }
        if after_dangling && text.split_whitespace().count() <= 25 {
            self.out.push(ArticleBlock::removed("related", text));
            return;
        }
        // A date line ("الأربعاء، 28 آب/اغسطس 2013، آخر تحديث 14:00") is metadata.
        if text.split_whitespace().count() <= 12 && dates::normalize(&text).is_some() {
            self.out.push(ArticleBlock::removed("dateline", text));
            return;
        }
        if chars > 0 && links as f32 / chars as f32 > 0.6 && text.split_whitespace().count() < 30 {
            self.out.push(ArticleBlock::removed("links", text));
            return;
        }
        self.out.push(ArticleBlock::new(kind, text));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kept(a: &Article) -> Vec<&str> {
        a.blocks
            .iter()
            .filter(|b| b.kind.is_kept())
            .map(|b| b.text.as_str())
            .collect()
    }

    #[test]
    fn title_suffix() {
        assert_eq!(
            strip_site_suffix("معارضون يسيطرون على مخازن - CNNArabic.com", None),
            "معارضون يسيطرون على مخازن"
        );
        assert_eq!(
            strip_site_suffix("Story title | The Site", Some("The Site")),
            "Story title"
        );
    }

    #[test]
    fn main_content_without_boilerplate() {
        let p = "هذه فقرة طويلة من نص الخبر، تتحدث عن المفاوضات بين الطرفين، وتذكر تفاصيل كثيرة عن الاجتماع.";
        let html = format!(
            r#"<html lang="ar" dir="rtl"><head><title>عنوان الخبر - موقع</title>
            <meta property="article:published_time" content="2025-07-03T10:00:00+03:00"></head>
            <body><nav><a href="/">الرئيسية</a><a href="/a">سياسة</a></nav>
            <div class="article-body"><h1>عنوان الخبر</h1><p>{p}</p><p>{p}</p>
            <p>اقرأ أيضا: <a href="/x">خبر آخر عن موضوع مختلف</a></p><p>{p}</p>
            <div class="share-buttons"><a>فيسبوك</a><a>تويتر</a></div></div>
            <div class="comments"><p>تعليق طويل من قارئ، لا علاقة له بالخبر، يكتب كلاما كثيرا هنا.</p></div>
            <ul class="x"><li><a href="/1">رابط أول طويل جدا</a></li><li><a href="/2">رابط ثان طويل جدا</a></li></ul>
            </body></html>"#
        );
        let a = extract(&html, None);
        assert_eq!(kept(&a), [p, p, p]);
        assert_eq!(a.title.as_deref(), Some("عنوان الخبر"));
        assert_eq!(a.published.as_deref(), Some("2025-07-03T10:00:00+03:00"));
        assert_eq!(a.provenance["published"], "meta article:published_time");
        assert_eq!(a.language.as_deref(), Some("ar"));
        assert!(a
            .blocks
            .iter()
            .any(|b| b.reason.as_deref() == Some("related") && b.text.contains("خبر آخر")));
    }

    #[test]
    fn table_layout() {
        let p = "Old sites put the story in a table cell, with long sentences, commas, and more text to score.";
        let html = format!(
            "<table><tr><td><a href=/>Home</a> | <a href=/n>News</a></td></tr><tr><td width=120><a href=/a>Sports</a><br><a href=/b>Weather</a></td><td>{p}<br><br>{p}<br><br>{p}</td></tr></table>"
        );
        let a = extract(&html, None);
        assert_eq!(kept(&a), [p, p, p]);
    }
}

#[cfg(test)]
mod props {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]
        /// Any input: no panic, kept blocks are non-empty and trimmed.
        #[test]
        fn extract_never_panics(s in "(<[a-z/!]{0,3}[a-z ='\"]{0,8}>?|[^<]{0,12}|&#?[a-z0-9]{0,5};?|س|\u{0}){0,60}") {
            let a = extract(&s, Some("https://e.com/2013/08/03/x"));
            for b in &a.blocks {
                prop_assert!(!b.text.is_empty());
                prop_assert_eq!(b.text.trim(), b.text.as_str());
            }
            let _ = crate::feed::parse_str(&s, "p");
            let _ = extract_fragment(&s);
        }

        #[test]
        fn warc_reader_never_panics(bytes in proptest::collection::vec(any::<u8>(), 0..600), prefix in 0usize..3) {
            let mut input = Vec::new();
            if prefix > 0 {
                input.extend_from_slice(b"WARC/1.0\r\nWARC-Type: response\r\nContent-Type: application/http\r\nContent-Length: 40\r\n\r\n");
            }
            input.extend_from_slice(&bytes);
            let r = crate::warc::WarcReader::new(&input[..], "p", 1 << 20);
            prop_assert!(r.take(1000).count() < 1000);
        }
    }
}
