//! Turning bytes into text: BOMs, UTF-8, and detection for undeclared legacy encodings
//! (windows-1256 and ISO-8859-6 Arabic above all).

use crate::IngestError;
use encoding_rs::Encoding;

/// Text decoded from bytes, with the encoding that was used.
#[derive(Debug, Clone)]
pub struct Decoded {
    pub text: String,
    pub encoding: &'static Encoding,
    /// True when the encoding was guessed (no BOM, not valid UTF-8, no declaration).
    pub guessed: bool,
}

/// Decode bytes: a BOM wins, then valid UTF-8, then `declared` (a label such as `windows-1256`),
/// then detection. Binary data (NUL bytes or many control chars) is an error.
pub fn decode(bytes: &[u8], declared: Option<&str>) -> Result<Decoded, IngestError> {
    if let Some((enc, bom_len)) = Encoding::for_bom(bytes) {
        let (text, _) = enc.decode_without_bom_handling(&bytes[bom_len..]);
        return Ok(Decoded {
            text: text.into_owned(),
            encoding: enc,
            guessed: false,
        });
    }
    check_not_binary(bytes)?;
    if let Ok(s) = std::str::from_utf8(bytes) {
        return Ok(Decoded {
            text: s.to_string(),
            encoding: encoding_rs::UTF_8,
            guessed: false,
        });
    }
    if let Some(enc) = declared.and_then(|l| Encoding::for_label(l.trim().as_bytes())) {
        let (text, _, _) = enc.decode(bytes);
        return Ok(Decoded {
            text: text.into_owned(),
            encoding: enc,
            guessed: false,
        });
    }
    let mut det = chardetng::EncodingDetector::new();
    det.feed(bytes, true);
    let enc = det.guess(None, false);
    let (text, _, _) = enc.decode(bytes);
    Ok(Decoded {
        text: text.into_owned(),
        encoding: enc,
        guessed: true,
    })
}

/// The charset an HTML page declares in its first 4 KiB: `<meta charset="…">` or
/// `<meta http-equiv="Content-Type" content="text/html; charset=…">` (or an XML declaration's
/// `encoding="…"`, for feeds).
pub fn sniff_html_charset(bytes: &[u8]) -> Option<String> {
    let head = &bytes[..bytes.len().min(4096)];
    let lower: Vec<u8> = head.iter().map(u8::to_ascii_lowercase).collect();
    let find_from = |needle: &[u8], from: usize| -> Option<usize> {
        lower[from.min(lower.len())..]
            .windows(needle.len())
            .position(|w| w == needle)
            .map(|p| p + from)
    };
    let value_at = |at: usize| -> Option<String> {
        let rest = &lower[at..];
        let rest = &rest[rest
            .iter()
            .position(|c| !matches!(c, b' ' | b'=' | b'"' | b'\''))
            .unwrap_or(rest.len())..];
        let end = rest
            .iter()
            .position(|c| !(c.is_ascii_alphanumeric() || matches!(c, b'-' | b'_' | b':' | b'.')))
            .unwrap_or(rest.len());
        let label = std::str::from_utf8(&rest[..end]).ok()?;
        Encoding::for_label(label.as_bytes()).map(|e| e.name().to_string())
    };
    if lower.starts_with(b"<?xml") {
        if let Some(p) = find_from(b"encoding", 0) {
            if let Some(v) = value_at(p + 8) {
                return Some(v);
            }
        }
    }
    let mut from = 0;
    while let Some(m) = find_from(b"<meta", from) {
        let end = lower[m..]
            .iter()
            .position(|&c| c == b'>')
            .map_or(lower.len(), |e| m + e);
        if let Some(p) = lower[m..end].windows(7).position(|w| w == b"charset") {
            if let Some(v) = value_at(m + p + 7) {
                return Some(v);
            }
        }
        from = end;
    }
    None
}

/// NUL bytes or a high share of C0 controls in the first 8 KiB mean binary data.
pub fn check_not_binary(bytes: &[u8]) -> Result<(), IngestError> {
    let head = &bytes[..bytes.len().min(8192)];
    if head.contains(&0) {
        return Err(IngestError::Binary("contains NUL bytes".into()));
    }
    let controls = head
        .iter()
        .filter(|&&b| b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r' | 0x0c))
        .count();
    if !head.is_empty() && controls * 20 > head.len() {
        return Err(IngestError::Binary(format!(
            "{controls} control bytes in the first {} bytes",
            head.len()
        )));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_and_bom() {
        assert_eq!(decode("سلام".as_bytes(), None).unwrap().text, "سلام");
        let mut b = vec![0xEF, 0xBB, 0xBF];
        b.extend_from_slice("سلام".as_bytes());
        assert_eq!(decode(&b, None).unwrap().text, "سلام");
        let utf16: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain("سلام".encode_utf16().flat_map(|u| u.to_le_bytes()))
            .collect();
        assert_eq!(decode(&utf16, None).unwrap().text, "سلام");
    }

    #[test]
    fn windows_1256_is_detected() {
        let text = "أعلن الرئيس الروسي فلاديمير بوتين اليوم أن المفاوضات مع أوكرانيا ستستأنف في إسطنبول الأسبوع المقبل، وفق ما ذكرت وكالة الأنباء.";
        let (bytes, _, _) = encoding_rs::WINDOWS_1256.encode(text);
        let d = decode(&bytes, None).unwrap();
        assert!(d.guessed);
        assert_eq!(d.encoding, encoding_rs::WINDOWS_1256);
        assert_eq!(d.text, text);
    }

    #[test]
    fn declared_charsets() {
        assert_eq!(
            sniff_html_charset(b"<html><head><meta charset=\"windows-1256\">").as_deref(),
            Some("windows-1256")
        );
        assert_eq!(
            sniff_html_charset(
                b"<meta http-equiv='Content-Type' content='text/html; charset=ISO-8859-6'>"
            )
            .as_deref(),
            Some("ISO-8859-6")
        );
        assert_eq!(
            sniff_html_charset(b"<?xml version=\"1.0\" encoding=\"windows-1256\"?><rss>")
                .as_deref(),
            Some("windows-1256")
        );
        assert_eq!(sniff_html_charset(b"<p>no charset</p>"), None);
        let text = "السلام عليكم ورحمة الله";
        let (bytes, _, _) = encoding_rs::ISO_8859_6.encode(text);
        let d = decode(&bytes, Some("iso-8859-6")).unwrap();
        assert_eq!(d.text, text);
    }

    #[test]
    fn binary_is_refused() {
        assert!(matches!(
            decode(b"PK\x03\x04\x00\x00", None),
            Err(IngestError::Binary(_))
        ));
    }
}
