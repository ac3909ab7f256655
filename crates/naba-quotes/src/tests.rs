use super::*;

pub(crate) fn ent(text: &str, needle: &str, ty: &str, name: &str) -> Entity {
    let b = text
        .find(needle)
        .unwrap_or_else(|| panic!("{needle} not in text"));
    let start = text[..b].chars().count();
    Entity {
        text: needle.to_string(),
        start,
        end: start + needle.chars().count(),
        kind_tag: ty.to_string(),
        id: None,
        name: Some(name.to_string()),
        kind: None,
        cluster: None,
    }
}

fn doc(text: &str, ents: Vec<Entity>) -> Document {
    let mut d = Document::new(text);
    d.sentences = naba_arabic::sentences::split(text)
        .into_iter()
        .map(|(start, end)| naba_doc::Sentence { start, end })
        .collect();
    d.entities = ents;
    d
}

#[test]
fn indirect_with_complementizer() {
    let t = "وقال وزير الخارجية سيرغي لافروف، اليوم، إن موسكو مستعدة للحوار.";
    let q = extract(&doc(t, vec![ent(t, "سيرغي لافروف", "PER", "Sergey Lavrov")]));
    assert_eq!(q.len(), 1);
    assert_eq!(q[0].cue.text, "قال");
    assert_eq!(
        q[0].speaker.as_ref().unwrap().name.as_deref(),
        Some("Sergey Lavrov")
    );
    assert_eq!(q[0].content.text, "موسكو مستعدة للحوار");
    assert!(!q[0].direct);
}

#[test]
fn direct_after_colon_with_sources() {
    let t = "وقال بوتين، خلال زيارته لمعرض “اعرف منتجاتنا”: “سأتحدث اليوم مع ترامب”، وذلك وفقًا لما نقلته وكالتا “ريا نوفوستي” و”تاس”، وأكده أيضًا موقع “روسيا اليوم”";
    let q = extract(&doc(t, vec![ent(t, "بوتين", "PER", "Vladimir Putin")]));
    assert_eq!(q.len(), 1, "{q:#?}");
    assert!(q[0].direct);
    assert_eq!(q[0].content.text, "سأتحدث اليوم مع ترامب");
    let src: Vec<&str> = q[0].sources.iter().map(|s| s.text.as_str()).collect();
    assert_eq!(src, vec!["ريا نوفوستي", "تاس"]);
}

#[test]
fn quoted_title_is_not_speech() {
    let t = "زار الوزير معرض «اعرف منتجاتنا» في الرياض.";
    assert!(extract(&doc(t, vec![])).is_empty());
}

#[test]
fn participle_keeps_speaker_and_pronoun_resolution() {
    let t = "وأوضح مساعد الرئيس، يوري أوشاكوف، أن الاتصال كان مثمرا، مؤكدًا أن الحوار مستمر. وأضاف أن اللقاء قريب.";
    let q = extract(&doc(t, vec![ent(t, "يوري أوشاكوف", "PER", "Yuri Ushakov")]));
    assert_eq!(q.len(), 3, "{q:#?}");
    for x in &q {
        assert_eq!(
            x.speaker.as_ref().unwrap().name.as_deref(),
            Some("Yuri Ushakov")
        );
    }
    assert_eq!(q[0].content.text, "الاتصال كان مثمرا");
    assert_eq!(q[1].cue.text, "مؤكدًا");
    assert_eq!(q[2].content.text, "اللقاء قريب");
}

#[test]
fn preverbal_subject_and_express_verb() {
    let t = "وبحسب ما أفادت به وكالة “فرانس برس”، فإن بوتين أبدى خلال الاتصال استعداد بلاده لاستئناف المفاوضات، مؤكدًا التزام موسكو.";
    let q = extract(&doc(t, vec![ent(t, "بوتين", "PER", "Vladimir Putin")]));
    assert_eq!(q.len(), 1, "{q:#?}");
    assert_eq!(q[0].cue.text, "أبدى");
    assert_eq!(
        q[0].speaker.as_ref().unwrap().name.as_deref(),
        Some("Vladimir Putin")
    );
    assert!(q[0].content.text.contains("استعداد بلاده لاستئناف المفاوضات"));
    assert_eq!(q[0].sources[0].text, "فرانس برس");
}

#[test]
fn channel_and_quote_first() {
    let t = "من جانبه، أكد ترامب عبر منصته “تروث سوشيال” أن المكالمة ستجرى غدا.";
    let q = extract(&doc(t, vec![ent(t, "ترامب", "PER", "Donald Trump")]));
    assert_eq!(q[0].channel.as_ref().unwrap().text, "تروث سوشيال");
    let t = "«لن نتراجع عن قرارنا»، قال الوزير للصحفيين.";
    let q = extract(&doc(t, vec![]));
    assert_eq!(q.len(), 1);
    assert!(q[0].direct);
    assert_eq!(q[0].speaker.as_ref().unwrap().text, "الوزير");
}

#[test]
fn datelines() {
    let d = doc("الرياض (رويترز) - بحث وزراء الخارجية اليوم الأمن.", vec![]);
    let dl = dateline(&d).unwrap();
    assert_eq!(dl.text, "رويترز");
    assert_eq!(
        naba_doc::slice_chars(&d.text, dl.start.unwrap(), dl.end.unwrap()),
        "رويترز"
    );
    let d = doc("دمشق، سوريا (CNN) -- أعلنت الحكومة السورية.", vec![]);
    assert_eq!(dateline(&d).unwrap().text, "CNN");
    let d = doc("أعلنت الوزارة نتائج المسابقة (واس).", vec![]);
    assert_eq!(dateline(&d).unwrap().text, "واس");
    let d = doc("قال الوزير (في تصريح سابق) إن الأمر انتهى.", vec![]);
    assert!(dateline(&d).is_none());
}
