//! RSS 2.0 (and RSS 1.0/RDF) and Atom feeds → one [`Article`] per item, with the feed's
//! metadata (site title, language) and the item's own (title, link, dates, author). Items with
//! full content (`content:encoded`, Atom `content`) are extracted from their HTML; others
//! carry their summary. Broken XML is read up to the error: the items before it are returned
//! together with the error.

use crate::dom::{collapse_ws, decode_entities};
use crate::{charset, dates, html, Article, IngestError};
use quick_xml::events::Event;

/// A parsed feed: its items, and the error that stopped parsing early, if any.
#[derive(Debug, Default)]
pub struct Feed {
    pub title: Option<String>,
    pub items: Vec<Article>,
    pub error: Option<IngestError>,
}

#[derive(Default)]
struct Item {
    title: Option<String>,
    link: Option<String>,
    guid: Option<String>,
    published: Option<(String, &'static str)>,
    modified: Option<(String, &'static str)>,
    author: Option<String>,
    summary: Option<String>,
    content: Option<String>,
}

/// Does this look like a feed (the root element of the first bytes)?
pub fn looks_like_feed(head: &str) -> bool {
    let h = head.trim_start_matches('\u{feff}').trim_start();
    let lower: String = h
        .chars()
        .take(2048)
        .collect::<String>()
        .to_ascii_lowercase();
    // Skip the XML declaration, comments and processing instructions.
    let mut rest = lower.as_str();
    loop {
        rest = rest.trim_start();
        if rest.starts_with("<?") || rest.starts_with("<!--") || rest.starts_with("<!doctype") {
            let end = if rest.starts_with("<!--") { "-->" } else { ">" };
            match rest.find(end) {
                Some(p) => rest = &rest[p + end.len()..],
                None => return false,
            }
        } else {
            break;
        }
    }
    rest.starts_with("<rss") || rest.starts_with("<feed") || rest.starts_with("<rdf:rdf")
}

/// Parse a feed from bytes (charset from a BOM, the XML declaration or detection).
pub fn parse(bytes: &[u8], origin: &str) -> Result<Feed, IngestError> {
    let declared = charset::sniff_html_charset(bytes);
    let text = charset::decode(bytes, declared.as_deref())?.text;
    Ok(parse_str(&text, origin))
}

fn local(name: &[u8]) -> String {
    String::from_utf8_lossy(name).to_ascii_lowercase()
}

/// The text of a field: CDATA unwrapped, entities decoded (markup inside is kept as HTML).
fn field_text(raw: &str) -> String {
    let t = raw.trim();
    if t.contains("<![CDATA[") {
        let mut out = String::new();
        let mut rest = t;
        while let Some(p) = rest.find("<![CDATA[") {
            out.push_str(&decode_entities(&rest[..p]));
            rest = &rest[p + 9..];
            let e = rest.find("]]>").unwrap_or(rest.len());
            out.push_str(&rest[..e]);
            rest = &rest[(e + 3).min(rest.len())..];
        }
        out.push_str(&decode_entities(rest));
        return out;
    }
    if t.contains('<') {
        // Inline XHTML: markup as is.
        return t.to_string();
    }
    decode_entities(t).into_owned()
}

/// Plain text of a field that may hold escaped HTML (titles, summaries).
fn plain(raw: &str) -> String {
    let t = field_text(raw);
    if t.contains('<') {
        let d = crate::dom::Dom::parse(&t);
        d.text(0)
    } else {
        collapse_ws(&t)
    }
}

pub fn parse_str(src: &str, origin: &str) -> Feed {
    let mut feed = Feed::default();
    let mut language = None;
    let mut reader = quick_xml::Reader::from_str(src);
    {
        let c = reader.config_mut();
        c.check_end_names = false;
        c.allow_unmatched_ends = true;
    }
    let mut stack: Vec<String> = Vec::new();
    let mut item: Option<(usize, Item)> = None;
    // An open field: (its name, stack depth, start offset of its content).
    let mut field: Option<(String, usize, usize)> = None;
    let mut atom_author_name = false;
    loop {
        let before = reader.buffer_position() as usize;
        let ev = match reader.read_event() {
            Ok(e) => e,
            Err(e) => {
                feed.error = Some(IngestError::Invalid(format!(
                    "{origin}: broken feed XML at byte {}: {e}",
                    reader.error_position()
                )));
                break;
            }
        };
        let pos = reader.buffer_position() as usize;
        match ev {
            Event::Start(e) => {
                let name = local(e.name().as_ref());
                let depth = stack.len();
                if (name == "item" || name == "entry") && item.is_none() {
                    item = Some((depth, Item::default()));
                } else if field.is_none() {
                    let in_item = item.as_ref().is_some_and(|(d, _)| depth == d + 1);
                    let channel_level = item.is_none() && depth <= 2;
                    if (in_item || channel_level) && is_field(&name) {
                        field = Some((name.clone(), depth, pos));
                    }
                    if name == "link" {
                        set_link(&mut item, &mut feed, &e, in_item, channel_level);
                    }
                }
                if name == "name" && field.as_ref().is_some_and(|f| f.0 == "author") {
                    atom_author_name = true;
                }
                stack.push(name);
            }
            Event::Empty(e) => {
                let name = local(e.name().as_ref());
                if name == "link" && field.is_none() {
                    let depth = stack.len();
                    let in_item = item.as_ref().is_some_and(|(d, _)| depth == d + 1);
                    let channel_level = item.is_none() && depth <= 2;
                    set_link(&mut item, &mut feed, &e, in_item, channel_level);
                }
            }
            Event::End(e) => {
                let name = local(e.name().as_ref());
                // Pop to the matching open element (tolerating mismatched markup).
                let Some(at) = stack.iter().rposition(|n| *n == name) else {
                    continue;
                };
                stack.truncate(at);
                let depth = stack.len();
                if let Some((fname, fdepth, start)) = field.clone() {
                    if depth <= fdepth {
                        field = None;
                        let end = before.min(src.len());
                        let raw = src.get(start.min(end)..end).unwrap_or("");
                        if let Some((_, it)) = item.as_mut() {
                            set_item_field(it, &fname, raw, atom_author_name);
                        } else {
                            match fname.as_str() {
                                "title" if feed.title.is_none() => feed.title = Some(plain(raw)),
                                "language" | "dc:language" => language = Some(plain(raw)),
                                _ => {}
                            }
                        }
                        atom_author_name = false;
                    }
                }
                if item.as_ref().is_some_and(|(d, _)| depth <= *d) {
                    let (_, it) = item.take().unwrap_or_default();
                    feed.items.push(finish(it, &feed, language.as_deref()));
                }
            }
            Event::Eof => break,
            _ => {}
        }
        // Feeds with text outside any element at depth 0 and similar oddities are ignored.
    }
    if let Some((_, it)) = item.take() {
        if it.title.is_some() || it.content.is_some() || it.summary.is_some() {
            feed.items.push(finish(it, &feed, language.as_deref()));
        }
    }
    feed
}

fn is_field(name: &str) -> bool {
    matches!(
        name,
        "title"
            | "link"
            | "guid"
            | "id"
            | "pubdate"
            | "published"
            | "dc:date"
            | "issued"
            | "updated"
            | "modified"
            | "author"
            | "dc:creator"
            | "creator"
            | "description"
            | "summary"
            | "content:encoded"
            | "content"
            | "language"
            | "dc:language"
    )
}

fn set_link(
    item: &mut Option<(usize, Item)>,
    feed: &mut Feed,
    e: &quick_xml::events::BytesStart<'_>,
    in_item: bool,
    _channel_level: bool,
) {
    let mut href = None;
    let mut rel = None;
    for a in e.attributes().flatten() {
        let v = decode_entities(&String::from_utf8_lossy(&a.value)).into_owned();
        match a.key.as_ref() {
            b"href" => href = Some(v),
            b"rel" => rel = Some(v),
            _ => {}
        }
    }
    let Some(href) = href else { return };
    if rel.as_deref().is_some_and(|r| r != "alternate") {
        return;
    }
    if in_item {
        if let Some((_, it)) = item.as_mut() {
            it.link.get_or_insert(href);
        }
    }
    let _ = feed;
}

fn set_item_field(it: &mut Item, name: &str, raw: &str, author_name: bool) {
    match name {
        "title" => it.title = Some(plain(raw)).filter(|s| !s.is_empty()),
        "link" => {
            let l = plain(raw);
            if !l.is_empty() {
                it.link.get_or_insert(l);
            }
        }
        "guid" | "id" => it.guid = Some(plain(raw)),
        "pubdate" | "published" | "dc:date" | "issued" => {
            if let Some(d) = dates::normalize(&plain(raw)) {
                let from = match name {
                    "pubdate" => "rss pubDate",
                    "published" => "atom published",
                    _ => "dc:date",
                };
                it.published.get_or_insert((d, from));
            }
        }
        "updated" | "modified" | "atom:updated" => {
            if let Some(d) = dates::normalize(&plain(raw)) {
                it.modified.get_or_insert((d, "atom updated"));
            }
        }
        "author" | "dc:creator" | "creator" => {
            let t = if author_name {
                // Atom: <author><name>…</name>…</author>: the name element's text.
                let d = crate::dom::Dom::parse(raw);
                let name = d.elements("name").next().map(|n| d.text(n));
                name.unwrap_or_default()
            } else {
                plain(raw)
            };
            if !t.is_empty() {
                it.author.get_or_insert(t);
            }
        }
        "description" | "summary" => it.summary = Some(field_text(raw)),
        "content:encoded" | "content" => it.content = Some(field_text(raw)),
        _ => {}
    }
}

fn finish(it: Item, feed: &Feed, language: Option<&str>) -> Article {
    let mut a = Article::default();
    let mut prov = |k: &str, v: &str| {
        a.provenance.insert(k.to_string(), v.to_string());
    };
    if it.title.is_some() {
        prov("title", "feed item title");
    }
    if let Some((_, from)) = &it.published {
        prov("published", from);
    }
    if it.modified.is_some() {
        prov("modified", "atom updated");
    }
    if it.author.is_some() {
        prov("author", "feed item author");
    }
    if feed.title.is_some() {
        prov("source", "feed title");
    }
    if language.is_some() {
        prov("language", "feed language");
    }
    let url = it
        .link
        .clone()
        .or_else(|| it.guid.clone().filter(|g| g.starts_with("http")));
    if url.is_some() {
        prov("url", "feed item link");
    }
    let published = it.published.map(|p| p.0).or_else(|| {
        let d = url.as_deref().and_then(dates::from_url);
        if d.is_some() {
            a.provenance.insert("published".into(), "url".into());
        }
        d
    });
    let (body, from) = match (&it.content, &it.summary) {
        (Some(c), _) if !c.trim().is_empty() => (c.as_str(), "feed item content"),
        (_, Some(s)) => (s.as_str(), "feed item summary"),
        _ => ("", ""),
    };
    if !from.is_empty() {
        a.provenance.insert("text".into(), from.into());
    }
    a.blocks = html::extract_fragment(body);
    if it.content.is_some() {
        a.description = it.summary.as_deref().map(plain).filter(|s| !s.is_empty());
    }
    a.title = it.title;
    a.published = published;
    a.modified = it.modified.map(|m| m.0);
    a.author = it.author;
    a.source = feed.title.clone();
    a.language = language.map(str::to_string);
    a.url = url;
    a
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rss_items() {
        let rss = r#"<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel><title>أخبار اليوم</title><link>https://example.com/</link><language>ar</language>
<item><title>القمة تنطلق غدا</title><link>https://example.com/2025/07/03/summit</link>
<pubDate>Thu, 03 Jul 2025 09:30:00 +0300</pubDate><dc:creator>سارة أحمد</dc:creator>
<description>ملخص قصير</description>
<content:encoded><![CDATA[<p>تنطلق القمة غدا في الرياض.</p><p>اقرأ أيضا: خبر آخر</p>]]></content:encoded></item>
<item><title>خبر &amp; تعليق</title><link>https://example.com/b</link><description>&lt;p&gt;نص الملخص&lt;/p&gt;</description></item>
</channel></rss>"#;
        let f = parse_str(rss, "t");
        assert!(f.error.is_none());
        assert_eq!(f.items.len(), 2);
        let a = &f.items[0];
        assert_eq!(a.title.as_deref(), Some("القمة تنطلق غدا"));
        assert_eq!(a.published.as_deref(), Some("2025-07-03T09:30:00+03:00"));
        assert_eq!(a.author.as_deref(), Some("سارة أحمد"));
        assert_eq!(a.source.as_deref(), Some("أخبار اليوم"));
        assert_eq!(a.language.as_deref(), Some("ar"));
        assert_eq!(a.blocks[0].text, "تنطلق القمة غدا في الرياض.");
        assert_eq!(a.blocks[1].reason.as_deref(), Some("related"));
        assert_eq!(f.items[1].title.as_deref(), Some("خبر & تعليق"));
        assert_eq!(f.items[1].blocks[0].text, "نص الملخص");
    }

    #[test]
    fn atom_entries() {
        let atom = r#"<feed xmlns="http://www.w3.org/2005/Atom"><title>موقع</title>
<entry><title type="html">عنوان &lt;b&gt;عريض&lt;/b&gt;</title><link rel="alternate" href="https://e.com/x"/>
<id>urn:1</id><published>2025-07-03T10:00:00Z</published><updated>2025-07-04T10:00:00Z</updated>
<author><name>كاتب</name></author>
<content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><p>فقرة أولى.</p><p>فقرة ثانية.</p></div></content></entry></feed>"#;
        assert!(looks_like_feed(atom));
        let f = parse_str(atom, "t");
        let a = &f.items[0];
        assert_eq!(a.title.as_deref(), Some("عنوان عريض"));
        assert_eq!(a.url.as_deref(), Some("https://e.com/x"));
        assert_eq!(a.published.as_deref(), Some("2025-07-03T10:00:00Z"));
        assert_eq!(a.modified.as_deref(), Some("2025-07-04T10:00:00Z"));
        assert_eq!(a.author.as_deref(), Some("كاتب"));
        let texts: Vec<&str> = a.blocks.iter().map(|b| b.text.as_str()).collect();
        assert_eq!(texts, ["فقرة أولى.", "فقرة ثانية."]);
    }

    #[test]
    fn sniffing_never_splits_chars() {
        let s = format!("<rss>{}", "س".repeat(3000));
        assert!(looks_like_feed(&s));
        assert!(!looks_like_feed(&"س".repeat(3000)));
    }

    #[test]
    fn broken_xml_keeps_earlier_items() {
        let rss = "<rss><channel><item><title>أ</title><description>نص</description></item><item><title>ب</title><description>نص <</description></item></channel>";
        let f = parse_str(rss, "t");
        assert!(!f.items.is_empty());
        assert_eq!(f.items[0].title.as_deref(), Some("أ"));
        for cut in 0..rss.len() {
            if rss.is_char_boundary(cut) {
                let _ = parse_str(&rss[..cut], "t");
            }
        }
    }
}
