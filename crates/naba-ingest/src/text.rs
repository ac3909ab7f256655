//! Plain text → article structure: paragraphs, headings, and removed lines.

use crate::markers::{self, Reason};
use crate::{Article, ArticleBlock};
use naba_doc::BlockKind;

/// Longest line (in words) that can be a heading.
const HEADING_MAX_WORDS: usize = 14;
/// A line after a dangling related marker (`اقرأ أيضا:` alone) is the linked title when it is
/// at most this long.
const LINKED_TITLE_MAX_WORDS: usize = 25;

fn ends_with_sentence_punct(s: &str) -> bool {
    s.trim_end()
        .trim_end_matches(['"', '”', '»', ')', '’', '\''])
        .ends_with(['.', '!', '?', '؟', '…', ':', '،', '؛', ',', ';', '۔'])
}

fn word_count(s: &str) -> usize {
    s.split_whitespace().count()
}

/// Could this line be a heading, looking at the line alone?
fn heading_shaped(line: &str) -> bool {
    let n = word_count(line);
    (1..=HEADING_MAX_WORDS).contains(&n)
        && line.chars().count() <= 120
        && !ends_with_sentence_punct(line)
        && line.chars().any(char::is_alphabetic)
}

/// Split plain text into lines (paragraphs), joining hard-wrapped lines inside a paragraph.
fn logical_lines(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for chunk in text.split("\n\n").flat_map(|c| c.split("\r\n\r\n")) {
        let lines: Vec<&str> = chunk
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .collect();
        if is_hard_wrapped(&lines) {
            out.push(lines.join(" "));
        } else {
            out.extend(lines.into_iter().map(str::to_string));
        }
    }
    out
}

/// A chunk of 3+ lines whose lines (but the last) are of similar wrap width and mostly
/// end mid-sentence was wrapped by an editor, not written as separate paragraphs.
fn is_hard_wrapped(lines: &[&str]) -> bool {
    if lines.len() < 3 {
        return false;
    }
    let body = &lines[..lines.len() - 1];
    let lens: Vec<usize> = body.iter().map(|l| l.chars().count()).collect();
    let (min, max) = (
        *lens.iter().min().unwrap_or(&0),
        *lens.iter().max().unwrap_or(&0),
    );
    let open = body.iter().filter(|l| !ends_with_sentence_punct(l)).count();
    min >= 40 && max <= 100 && max - min <= 30 && open * 10 >= body.len() * 7
}

/// A short, unpunctuated line: a fragment of a trailer, not a sentence.
fn is_tail_fragment(l: &str) -> bool {
    word_count(l) <= 15 && !l.trim_end().ends_with(['.', '!', '؟', '?'])
}

/// `عين اليوم – متابعات`, `الرياض - واس`, `عمر إبراهيم – عين اليوم`: a short first line made of two
/// short parts around a dash.
fn is_dateline(l: &str) -> bool {
    let n = word_count(l);
    if !(2..=7).contains(&n) || ends_with_sentence_punct(l) {
        return false;
    }
    ['–', '-', '—', 'ـ'].iter().any(|&d| {
        // A tatweel inside a word is not a dash: it must touch a space on one side.
        l.split_once(d).is_some_and(|(a, b)| {
            let spaced = a.ends_with(' ') || b.starts_with(' ');
            (d != 'ـ' || spaced)
                && (1..=4).contains(&word_count(a))
                && (1..=3).contains(&word_count(b))
                && !b.contains(':')
                && !a.contains(':')
        })
    })
}

/// Recover the structure of a plain-text article.
pub fn structure(text: &str) -> Article {
    let lines = logical_lines(text);
    let mut art = Article::default();
    let mut kinds: Vec<Option<BlockKind>> = vec![None; lines.len()];
    let mut removed: Vec<Option<(Reason, String)>> = vec![None; lines.len()];

    let mut i = 0;
    while i < lines.len() {
        if !lines[i].chars().any(char::is_alphanumeric) {
            // `***`, `* * *`, `—`: visual separators, not text.
            removed[i] = Some((Reason::Separator, String::new()));
        } else if i <= 1 && i + 1 < lines.len() && is_dateline(&lines[i]) {
            removed[i] = Some((Reason::Dateline, lines[i].clone()));
        } else if let Some(m) = markers::classify(&lines[i]) {
            if m.reason == Reason::Byline && art.author.is_none() {
                art.author = Some(m.rest.clone());
                art.provenance.insert("author".into(), "byline line".into());
            }
            removed[i] = Some((m.reason, m.rest.clone()));
            if m.dangling && m.reason == Reason::Related {
                if let Some(next) = lines.get(i + 1) {
                    if word_count(next) <= LINKED_TITLE_MAX_WORDS
                        && markers::classify(next).is_none()
                    {
                        removed[i + 1] = Some((Reason::Related, String::new()));
                        i += 1;
                    }
                }
            }
            // A trailer that starts the article's tail takes the short lines after it with it
            // (`للتواصل مع الكاتب…` / `تبدأ بالرمز…` / `88591 - Stc`).
            if m.reason == Reason::Trailer && lines[i + 1..].iter().all(|l| is_tail_fragment(l)) {
                for r in removed.iter_mut().skip(i + 1) {
                    *r = Some((Reason::Trailer, String::new()));
                }
                break;
            }
        }
        i += 1;
    }
    // A bare link as the article's last line is a trailer (`www.site.com`); inside the article
    // it may be what the text points to.
    if let Some(last) = (0..lines.len()).rev().find(|&i| removed[i].is_none()) {
        if markers::is_bare_link(&lines[last]) {
            removed[last] = Some((Reason::Trailer, String::new()));
        }
    }
    // Headings: heading-shaped lines with article text after them.
    let kept: Vec<usize> = (0..lines.len()).filter(|&i| removed[i].is_none()).collect();
    for (k, &i) in kept.iter().enumerate() {
        let next_is_paragraph = kept.get(k + 1).is_some_and(|&j| {
            !heading_shaped(&lines[j]) || word_count(&lines[j]) > HEADING_MAX_WORDS
        });
        kinds[i] = Some(if heading_shaped(&lines[i]) && next_is_paragraph {
            BlockKind::Heading
        } else {
            BlockKind::Paragraph
        });
    }
    // A heading that opens the text is the title when none is known.
    if let Some(&first) = kept.first() {
        if kinds[first] == Some(BlockKind::Heading) {
            art.title = Some(lines[first].clone());
            art.provenance.insert("title".into(), "first line".into());
        }
    }
    for (i, line) in lines.into_iter().enumerate() {
        art.blocks.push(match &removed[i] {
            Some((r, _)) => ArticleBlock::removed(r.as_str(), line),
            None => ArticleBlock::new(kinds[i].unwrap_or(BlockKind::Paragraph), line),
        });
    }
    art
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headings_paragraphs_and_related_lines() {
        let t = "الفقرة الأولى من الخبر، وهي طويلة بما يكفي لتكون فقرة.\n\
                 من نفس التصنيف: خبر آخر لا علاقة له\n\
                 عنوان فرعي قصير\n\
                 فقرة ثانية تأتي بعد العنوان الفرعي.\n\
                 اقرأ أيضا:\n\
                 عنوان مقال مرتبط\n\
                 فقرة ثالثة.";
        let a = structure(t);
        let kinds: Vec<_> = a
            .blocks
            .iter()
            .map(|b| (b.kind, b.reason.as_deref()))
            .collect();
        assert_eq!(
            kinds,
            vec![
                (BlockKind::Paragraph, None),
                (BlockKind::Removed, Some("related")),
                (BlockKind::Heading, None),
                (BlockKind::Paragraph, None),
                (BlockKind::Removed, Some("related")),
                (BlockKind::Removed, Some("related")),
                (BlockKind::Paragraph, None),
            ]
        );
    }

    #[test]
    fn first_heading_is_title_and_byline_is_author() {
        let a = structure("عنوان الخبر\n\nكتب: أحمد علي\n\nنص الخبر هنا.");
        assert_eq!(a.title.as_deref(), Some("عنوان الخبر"));
        assert_eq!(a.author.as_deref(), Some("أحمد علي"));
    }

    #[test]
    fn hard_wrapped_paragraphs_are_joined() {
        let t = "This is a long paragraph that an editor wrapped at a fixed width so\n\
                 that it spans several lines of similar length without ending a\n\
                 sentence at each line break, which is typical of e-mail.";
        assert_eq!(structure(t).blocks.len(), 1);
    }

    #[test]
    fn datelines_separators_and_tails() {
        let t = "عين اليوم – متابعات\nأكدت الوزارة أن القرار نهائي.\n* * *\nوأضافت أن التطبيق يبدأ غدا.\n\
                 للتواصل مع الكاتب ارسل رسالة SMS\nتبدأ بالرمز (136) ثم مسافة\n88591 - Stc";
        let a = structure(t);
        let reasons: Vec<_> = a.blocks.iter().map(|b| b.reason.as_deref()).collect();
        assert_eq!(
            reasons,
            vec![
                Some("dateline"),
                None,
                Some("separator"),
                None,
                Some("trailer"),
                Some("trailer"),
                Some("trailer")
            ]
        );
        // A dash in an ordinary heading-like first line followed by a colon is not a dateline.
        assert!(!is_dateline("السعودية - اليمن: اتفاق جديد"));
        assert!(is_dateline("محمود وهبي ـ جدة"));
        assert!(is_dateline("أحمد البشيري-الباحة"));
        assert!(!is_dateline("الـــرياض الجديدة"));
        let a = structure("فقرة.\nhttp://example.com/page\nفقرة أخيرة.\nwww.example.com");
        let reasons: Vec<_> = a.blocks.iter().map(|b| b.reason.as_deref()).collect();
        assert_eq!(reasons, vec![None, None, None, Some("trailer")]);
    }

    #[test]
    fn empty_text() {
        assert!(structure("").blocks.is_empty());
        assert!(structure("\n\n  \n").blocks.is_empty());
    }
}
