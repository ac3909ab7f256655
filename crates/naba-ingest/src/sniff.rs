//! What kind of input is this? Decided by content (the first bytes), not by file name.

/// Input kinds naba reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// gzip-compressed data (look inside: a WARC.gz, or a compressed page).
    Gzip,
    Warc,
    Feed,
    Html,
    /// JSON Lines or plain text: left to the caller's own tests.
    Other,
}

/// Decide from the first bytes (a few KiB are enough).
pub fn sniff(head: &[u8]) -> Kind {
    if head.starts_with(&[0x1f, 0x8b]) {
        return Kind::Gzip;
    }
    if crate::warc::looks_like_warc(head) {
        return Kind::Warc;
    }
    let text = head_text(head);
    if crate::feed::looks_like_feed(&text) {
        return Kind::Feed;
    }
    if looks_like_html(head) {
        return Kind::Html;
    }
    Kind::Other
}

/// The head as text: UTF-16 (with a BOM) decoded, anything else read as UTF-8, lossily.
fn head_text(head: &[u8]) -> String {
    if let Some((enc, bom)) = encoding_rs::Encoding::for_bom(head) {
        if enc != encoding_rs::UTF_8 {
            return enc.decode_without_bom_handling(&head[bom..]).0.into_owned();
        }
        return String::from_utf8_lossy(&head[bom..]).into_owned();
    }
    String::from_utf8_lossy(head).into_owned()
}

/// A page starts with a doctype, `<html>`, `<head>`, a comment or a common element, or its
/// first KiB holds `<html`/`<body`.
pub fn looks_like_html(head: &[u8]) -> bool {
    let text = head_text(&head[..head.len().min(4096)]);
    let t = text.trim_start();
    let lower: String = t
        .chars()
        .take(1024)
        .collect::<String>()
        .to_ascii_lowercase();
    if lower.starts_with("<?xml") {
        return lower.contains("<html");
    }
    for p in [
        "<!doctype html",
        "<html",
        "<head",
        "<body",
        "<meta",
        "<title",
        "<!--",
        "<div",
        "<p>",
        "<p ",
        "<article",
        "<table",
        "<link",
        "<script",
        "<style",
        "<h1",
        "<section",
        "<main",
    ] {
        if lower.starts_with(p) {
            return true;
        }
    }
    lower.contains("<html") || lower.contains("<body")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds() {
        assert_eq!(sniff(b"\x1f\x8b\x08\x00"), Kind::Gzip);
        assert_eq!(sniff(b"WARC/1.0\r\nWARC-Type: warcinfo\r\n"), Kind::Warc);
        assert_eq!(
            sniff(b"<?xml version=\"1.0\"?>\n<rss version=\"2.0\">"),
            Kind::Feed
        );
        assert_eq!(
            sniff(b"\xef\xbb\xbf<feed xmlns=\"http://www.w3.org/2005/Atom\">"),
            Kind::Feed
        );
        assert_eq!(sniff(b"  <!DOCTYPE html><html>"), Kind::Html);
        assert_eq!(sniff(b"<div class=a>text</div>"), Kind::Html);
        assert_eq!(sniff("أعلن الوزير أن a<b".as_bytes()), Kind::Other);
        assert_eq!(sniff(b"{\"text\": \"x\"}\n"), Kind::Other);
    }
}
