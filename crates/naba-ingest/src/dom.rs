//! A small, fast, forgiving HTML parser: tokenizer plus a tag-soup tree builder into an arena.
//!
//! It is written for extraction, not for rendering: it keeps elements, the attributes
//! extraction reads, and text; it closes the elements HTML closes implicitly (`p`, `li`,
//! `td`, `tr`, `option`…), treats `script`/`style`/`textarea`/`title` as raw text, and never
//! recurses. Nesting is capped at [`MAX_DEPTH`]: deeper start tags are ignored (their text
//! still lands in the deepest kept element), so 10,000-deep pages cost linear time and no stack.
//!
//! Nodes are stored in document order, so a parent's index is always below its children's:
//! a reverse scan of the arena visits every child before its parent (bottom-up statistics
//! without recursion).

use std::borrow::Cow;

/// Deepest element nesting kept.
pub const MAX_DEPTH: usize = 256;
/// Most nodes kept for one page; the rest of the page is read as text of the last element.
pub const MAX_NODES: usize = 2_000_000;

/// Index of a node in [`Dom::nodes`].
pub type NodeId = u32;

#[derive(Debug, Clone)]
pub enum NodeData {
    Element {
        /// Lowercase tag name.
        name: Box<str>,
        /// Attributes extraction may read (lowercase names), others dropped.
        attrs: Vec<(Box<str>, Box<str>)>,
    },
    Text(String),
}

#[derive(Debug, Clone)]
pub struct Node {
    pub parent: NodeId,
    pub children: Vec<NodeId>,
    pub data: NodeData,
}

/// A parsed page. Node 0 is the document root (an element named `#root`).
#[derive(Debug)]
pub struct Dom {
    pub nodes: Vec<Node>,
}

fn is_void(n: &str) -> bool {
    matches!(
        n,
        "area"
            | "base"
            | "br"
            | "col"
            | "embed"
            | "hr"
            | "img"
            | "input"
            | "link"
            | "meta"
            | "param"
            | "source"
            | "track"
            | "wbr"
            | "keygen"
            | "frame"
            | "basefont"
            | "isindex"
    )
}
fn is_raw(n: &str) -> bool {
    matches!(
        n,
        "script" | "style" | "textarea" | "title" | "xmp" | "iframe" | "noembed" | "noframes"
    )
}
/// Start tags that close an open `<p>`.
fn closes_p(n: &str) -> bool {
    matches!(
        n,
        "address"
            | "article"
            | "aside"
            | "blockquote"
            | "center"
            | "details"
            | "dialog"
            | "dir"
            | "div"
            | "dl"
            | "fieldset"
            | "figcaption"
            | "figure"
            | "footer"
            | "form"
            | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "header"
            | "hgroup"
            | "hr"
            | "main"
            | "menu"
            | "nav"
            | "ol"
            | "p"
            | "pre"
            | "section"
            | "table"
            | "ul"
            | "li"
            | "dd"
            | "dt"
    )
}
/// Elements an implied close looks through (formatting and phrasing elements).
fn is_inline(n: &str) -> bool {
    matches!(
        n,
        "a" | "abbr"
            | "b"
            | "bdi"
            | "bdo"
            | "big"
            | "cite"
            | "code"
            | "em"
            | "font"
            | "i"
            | "kbd"
            | "mark"
            | "q"
            | "s"
            | "small"
            | "span"
            | "strike"
            | "strong"
            | "sub"
            | "sup"
            | "time"
            | "tt"
            | "u"
            | "var"
            | "label"
            | "nobr"
    )
}
/// End tags do not close across these (HTML's "scope" boundaries).
fn is_scope(n: &str) -> bool {
    matches!(
        n,
        "table"
            | "td"
            | "th"
            | "caption"
            | "html"
            | "template"
            | "object"
            | "marquee"
            | "applet"
            | "#root"
    )
}
fn keep_attr(n: &str) -> bool {
    matches!(
        n,
        "class"
            | "id"
            | "role"
            | "itemprop"
            | "itemtype"
            | "href"
            | "property"
            | "name"
            | "content"
            | "datetime"
            | "charset"
            | "http-equiv"
            | "type"
            | "lang"
            | "rel"
            | "hidden"
            | "style"
            | "aria-hidden"
            | "pubdate"
            | "data-testid"
    )
}

impl Dom {
    /// Parse a page. Never fails and never panics; bounded by the input size.
    pub fn parse(html: &str) -> Dom {
        Builder::new(html).run()
    }

    pub fn name(&self, id: NodeId) -> Option<&str> {
        match &self.nodes[id as usize].data {
            NodeData::Element { name, .. } => Some(name),
            NodeData::Text(_) => None,
        }
    }

    pub fn attr(&self, id: NodeId, key: &str) -> Option<&str> {
        match &self.nodes[id as usize].data {
            NodeData::Element { attrs, .. } => {
                attrs.iter().find(|(k, _)| &**k == key).map(|(_, v)| &**v)
            }
            NodeData::Text(_) => None,
        }
    }

    pub fn children(&self, id: NodeId) -> &[NodeId] {
        &self.nodes[id as usize].children
    }

    pub fn parent(&self, id: NodeId) -> Option<NodeId> {
        (id != 0).then(|| self.nodes[id as usize].parent)
    }

    /// All element ids with this tag name, in document order.
    pub fn elements<'a>(&'a self, tag: &'a str) -> impl Iterator<Item = NodeId> + 'a {
        (0..self.nodes.len() as NodeId).filter(move |&i| self.name(i) == Some(tag))
    }

    /// Text of a subtree (iterative), whitespace collapsed.
    pub fn text(&self, id: NodeId) -> String {
        let mut out = String::new();
        let mut stack = vec![id];
        while let Some(n) = stack.pop() {
            match &self.nodes[n as usize].data {
                NodeData::Text(t) => out.push_str(t),
                NodeData::Element { name, .. } => {
                    if matches!(&**name, "script" | "style") {
                        continue;
                    }
                    if is_block_tag(name) || &**name == "br" {
                        out.push(' ');
                    }
                    stack.extend(self.nodes[n as usize].children.iter().rev());
                }
            }
        }
        collapse_ws(&out)
    }

    /// Raw text content of an element's direct text children (for `script`, `title`).
    pub fn raw_text(&self, id: NodeId) -> String {
        let mut s = String::new();
        for &c in self.children(id) {
            if let NodeData::Text(t) = &self.nodes[c as usize].data {
                s.push_str(t);
            }
        }
        s
    }
}

/// Elements that start a new line of text.
pub fn is_block_tag(name: &str) -> bool {
    matches!(
        name,
        "p" | "div"
            | "li"
            | "ul"
            | "ol"
            | "dl"
            | "dt"
            | "dd"
            | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "blockquote"
            | "pre"
            | "table"
            | "tr"
            | "td"
            | "th"
            | "tbody"
            | "thead"
            | "section"
            | "article"
            | "header"
            | "footer"
            | "nav"
            | "aside"
            | "main"
            | "figure"
            | "figcaption"
            | "form"
            | "hr"
            | "center"
            | "address"
            | "caption"
            | "details"
            | "summary"
            | "body"
            | "html"
    )
}

/// Collapse runs of whitespace into one space and trim.
pub fn collapse_ws(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut space = false;
    for c in s.chars() {
        if c.is_whitespace() || c == '\u{200b}' || c == '\u{feff}' {
            space = true;
        } else {
            if space && !out.is_empty() {
                out.push(' ');
            }
            space = false;
            out.push(c);
        }
    }
    out
}

struct Builder<'a> {
    src: &'a str,
    pos: usize,
    nodes: Vec<Node>,
    /// Open elements (ids); `stack[0]` is the root.
    stack: Vec<NodeId>,
    /// Names of start tags ignored because of the depth cap, still "open".
    ignored: Vec<Box<str>>,
}

impl<'a> Builder<'a> {
    fn new(src: &'a str) -> Self {
        let root = Node {
            parent: 0,
            children: Vec::new(),
            data: NodeData::Element {
                name: "#root".into(),
                attrs: Vec::new(),
            },
        };
        let mut nodes = Vec::with_capacity(src.len() / 40 + 8);
        nodes.push(root);
        Builder {
            src,
            pos: 0,
            nodes,
            stack: vec![0],
            ignored: Vec::new(),
        }
    }

    fn top(&self) -> NodeId {
        *self.stack.last().unwrap_or(&0)
    }

    fn top_name(&self) -> &str {
        self.name_of(self.top())
    }

    fn name_of(&self, id: NodeId) -> &str {
        match &self.nodes[id as usize].data {
            NodeData::Element { name, .. } => name,
            NodeData::Text(_) => "",
        }
    }

    fn add_text(&mut self, t: Cow<'_, str>) {
        if t.is_empty() {
            return;
        }
        let parent = self.top();
        if let Some(&last) = self.nodes[parent as usize].children.last() {
            if let NodeData::Text(s) = &mut self.nodes[last as usize].data {
                s.push_str(&t);
                return;
            }
        }
        if self.nodes.len() >= MAX_NODES {
            return;
        }
        let id = self.nodes.len() as NodeId;
        self.nodes.push(Node {
            parent,
            children: Vec::new(),
            data: NodeData::Text(t.into_owned()),
        });
        self.nodes[parent as usize].children.push(id);
    }

    fn add_element(&mut self, name: &str, attrs: Vec<(Box<str>, Box<str>)>) -> Option<NodeId> {
        if self.nodes.len() >= MAX_NODES {
            return None;
        }
        let parent = self.top();
        let id = self.nodes.len() as NodeId;
        self.nodes.push(Node {
            parent,
            children: Vec::new(),
            data: NodeData::Element {
                name: name.into(),
                attrs,
            },
        });
        self.nodes[parent as usize].children.push(id);
        Some(id)
    }

    /// Pop up to and including the nearest open `target`, looking only through `through`
    /// elements (and stopping at scope boundaries). Returns whether it closed.
    fn close_implied(&mut self, targets: &[&str], through: fn(&str) -> bool) -> bool {
        for i in (1..self.stack.len()).rev() {
            let n = self.name_of(self.stack[i]);
            if targets.contains(&n) {
                self.stack.truncate(i);
                return true;
            }
            if !through(n) {
                return false;
            }
        }
        false
    }

    fn start_tag(&mut self, name: &str, attrs: Vec<(Box<str>, Box<str>)>, self_closing: bool) {
        // Implied ends.
        if closes_p(name) {
            self.close_implied(&["p"], is_inline);
        }
        match name {
            "li" => {
                self.close_implied(&["li"], |n| is_inline(n) || matches!(n, "p" | "div"));
            }
            "dt" | "dd" => {
                self.close_implied(&["dt", "dd"], |n| is_inline(n) || matches!(n, "p" | "div"));
            }
            "td" | "th" => {
                self.close_implied(&["td", "th"], |n| is_inline(n) || matches!(n, "p" | "div"));
            }
            "tr" => {
                self.close_implied(&["tr"], |n| {
                    is_inline(n) || matches!(n, "td" | "th" | "p" | "div")
                });
            }
            "option" => {
                self.close_implied(&["option"], |_| false);
            }
            // Repeated or late structural tags: open nothing new when one is already open.
            "body" | "html" | "head" if self.stack.iter().any(|&i| self.name_of(i) == name) => {
                return;
            }
            _ => {}
        }
        if name == "a" && self.top_name() == "a" {
            self.stack.pop();
        }
        let void = is_void(name);
        if !void && !self_closing && self.stack.len() > MAX_DEPTH {
            self.ignored.push(name.into());
            return;
        }
        let Some(id) = self.add_element(name, attrs) else {
            return;
        };
        if void || self_closing && !is_raw(name) {
            return;
        }
        self.stack.push(id);
    }

    fn end_tag(&mut self, name: &str) {
        let len = self.ignored.len();
        if let Some(k) = self
            .ignored
            .iter()
            .rev()
            .take(64)
            .position(|n| &**n == name)
        {
            // Closes an element ignored for depth (and any ignored ones opened after it).
            self.ignored.truncate(len - 1 - k);
            return;
        }
        for i in (1..self.stack.len()).rev() {
            let n = self.name_of(self.stack[i]);
            if n == name {
                self.stack.truncate(i);
                return;
            }
            if is_scope(n) && !matches!(name, "table" | "body" | "html") {
                return;
            }
        }
    }

    fn run(mut self) -> Dom {
        let src = self.src;
        let bytes = src.as_bytes();
        let len = bytes.len();
        while self.pos < len {
            // Text up to the next '<'.
            let start = self.pos;
            let lt = memchr(b'<', &bytes[start..]).map_or(len, |i| start + i);
            if lt > start {
                self.add_text(decode_entities(&src[start..lt]));
            }
            if lt >= len {
                break;
            }
            self.pos = lt;
            let rest = &bytes[lt..];
            if rest.starts_with(b"<!--") {
                self.pos = find(&bytes[lt + 4..], b"-->").map_or(len, |i| lt + 4 + i + 3);
                continue;
            }
            if rest.len() > 1 && (rest[1] == b'!' || rest[1] == b'?') {
                self.pos = memchr(b'>', rest).map_or(len, |i| lt + i + 1);
                continue;
            }
            if rest.len() > 2 && rest[1] == b'/' && rest[2].is_ascii_alphabetic() {
                let (name, after) = read_name(src, lt + 2);
                self.pos = memchr(b'>', &bytes[after..]).map_or(len, |i| after + i + 1);
                self.end_tag(&name);
                continue;
            }
            if rest.len() > 1 && rest[1].is_ascii_alphabetic() {
                let (name, after) = read_name(src, lt + 1);
                let (attrs, self_closing, end) = read_attrs(src, after);
                self.pos = end;
                if is_raw(&name) && !self_closing {
                    // Raw text up to the matching end tag.
                    let close = find_end_tag(bytes, end, &name);
                    let (content_end, next) = close.unwrap_or((len, len));
                    let keep = match name.as_str() {
                        "script" => attrs.iter().any(|(k, v)| {
                            &**k == "type" && v.to_ascii_lowercase().contains("ld+json")
                        }),
                        "style" | "iframe" | "noembed" | "noframes" => false,
                        _ => true,
                    };
                    if self.stack.len() <= MAX_DEPTH {
                        if let Some(id) = self.add_element(&name, attrs) {
                            if keep {
                                let raw = &src[end..content_end];
                                let text = if name == "script" {
                                    Cow::Borrowed(raw)
                                } else {
                                    decode_entities(raw)
                                };
                                self.stack.push(id);
                                self.add_text(text);
                                self.stack.pop();
                            }
                        }
                    }
                    self.pos = next;
                    continue;
                }
                if name == "plaintext" {
                    self.add_text(Cow::Borrowed(&src[end..]));
                    break;
                }
                self.start_tag(&name, attrs, self_closing);
                continue;
            }
            // A lone '<'.
            self.add_text(Cow::Borrowed("<"));
            self.pos = lt + 1;
        }
        Dom { nodes: self.nodes }
    }
}

fn memchr(b: u8, hay: &[u8]) -> Option<usize> {
    hay.iter().position(|&c| c == b)
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    if needle.is_empty() || hay.len() < needle.len() {
        return None;
    }
    let first = needle[0];
    let mut i = 0;
    while let Some(p) = memchr(first, &hay[i..]) {
        let at = i + p;
        if hay.len() - at < needle.len() {
            return None;
        }
        if &hay[at..at + needle.len()] == needle {
            return Some(at);
        }
        i = at + 1;
    }
    None
}

/// Find `</name` (case-insensitive) from `from`; returns (content end, position after `>`).
fn find_end_tag(bytes: &[u8], from: usize, name: &str) -> Option<(usize, usize)> {
    let n = name.as_bytes();
    let mut i = from;
    while let Some(p) = find(&bytes[i..], b"</") {
        let at = i + p;
        let s = at + 2;
        if bytes.len() >= s + n.len()
            && bytes[s..s + n.len()].eq_ignore_ascii_case(n)
            && bytes
                .get(s + n.len())
                .is_none_or(|c| !c.is_ascii_alphanumeric())
        {
            let gt = memchr(b'>', &bytes[s..]).map_or(bytes.len(), |j| s + j + 1);
            return Some((at, gt));
        }
        i = at + 2;
    }
    None
}

fn read_name(src: &str, from: usize) -> (String, usize) {
    let b = src.as_bytes();
    let mut i = from;
    while i < b.len() && !b[i].is_ascii_whitespace() && b[i] != b'>' && b[i] != b'/' {
        i += 1;
    }
    // `from..i` may end inside a multibyte char only if a non-ASCII byte was consumed, and
    // the loop only stops on ASCII bytes, so `i` is a char boundary.
    (src[from..i].to_ascii_lowercase(), i)
}

type Attrs = Vec<(Box<str>, Box<str>)>;

/// Read attributes until `>`; returns (kept attrs, self-closing, position after `>`).
fn read_attrs(src: &str, from: usize) -> (Attrs, bool, usize) {
    let b = src.as_bytes();
    let mut attrs = Vec::new();
    let mut i = from;
    let mut self_closing = false;
    loop {
        while i < b.len() && (b[i].is_ascii_whitespace() || b[i] == b'/') {
            self_closing = b[i] == b'/';
            i += 1;
        }
        if i >= b.len() {
            return (attrs, self_closing, b.len());
        }
        if b[i] == b'>' {
            return (attrs, self_closing, i + 1);
        }
        self_closing = false;
        let ks = i;
        while i < b.len() && !b[i].is_ascii_whitespace() && !matches!(b[i], b'=' | b'>' | b'/') {
            i += 1;
        }
        if i == ks {
            // A stray character such as '='.
            i += 1;
            continue;
        }
        let key = &src[ks..i];
        while i < b.len() && b[i].is_ascii_whitespace() {
            i += 1;
        }
        let mut val: &str = "";
        if i < b.len() && b[i] == b'=' {
            i += 1;
            while i < b.len() && b[i].is_ascii_whitespace() {
                i += 1;
            }
            if i < b.len() && (b[i] == b'"' || b[i] == b'\'') {
                let q = b[i];
                let vs = i + 1;
                let ve = memchr(q, &b[vs..]).map_or(b.len(), |p| vs + p);
                val = &src[vs..ve];
                i = (ve + 1).min(b.len());
            } else {
                let vs = i;
                while i < b.len() && !b[i].is_ascii_whitespace() && b[i] != b'>' {
                    i += 1;
                }
                val = &src[vs..i];
            }
        }
        let key_l = key.to_ascii_lowercase();
        if keep_attr(&key_l)
            && !attrs
                .iter()
                .any(|(k, _): &(Box<str>, Box<str>)| **k == *key_l)
        {
            attrs.push((
                key_l.into_boxed_str(),
                decode_entities(val).into_owned().into_boxed_str(),
            ));
        }
    }
}

/// Decode character references (`&amp;`, `&#1587;`, `&#x633;` and the common named ones).
pub fn decode_entities(s: &str) -> Cow<'_, str> {
    if !s.contains('&') {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(p) = rest.find('&') {
        out.push_str(&rest[..p]);
        rest = &rest[p..];
        let semi = rest[1..]
            .char_indices()
            .take(32)
            .find(|&(_, c)| c == ';' || !(c.is_ascii_alphanumeric() || c == '#'))
            .map(|(i, c)| (i + 1, c));
        let (end, has_semi) = match semi {
            Some((i, ';')) => (i, true),
            Some((i, _)) => (i, false),
            None => (rest.len().min(33), false),
        };
        let name = &rest[1..end];
        let ch = if let Some(num) = name.strip_prefix('#') {
            let v = if let Some(h) = num.strip_prefix(['x', 'X']) {
                u32::from_str_radix(h, 16).ok()
            } else {
                num.parse::<u32>().ok()
            };
            v.map(|v| match v {
                // Windows-1252 code points that pages send as numeric references.
                0x80..=0x9f => windows_1252_c1(v),
                _ => char::from_u32(v).unwrap_or('\u{fffd}'),
            })
        } else {
            named_entity(name)
        };
        match ch {
            Some(c) => {
                out.push(c);
                rest = &rest[end + usize::from(has_semi)..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    Cow::Owned(out)
}

fn windows_1252_c1(v: u32) -> char {
    let b = [v as u8];
    let (s, _, _) = encoding_rs::WINDOWS_1252.decode(&b);
    s.chars().next().unwrap_or('\u{fffd}')
}

fn named_entity(name: &str) -> Option<char> {
    Some(match name {
        "amp" | "AMP" => '&',
        "lt" | "LT" => '<',
        "gt" | "GT" => '>',
        "quot" | "QUOT" => '"',
        "apos" => '\'',
        "nbsp" => '\u{a0}',
        "shy" => '\u{ad}',
        "zwnj" => '\u{200c}',
        "zwj" => '\u{200d}',
        "lrm" => '\u{200e}',
        "rlm" => '\u{200f}',
        "ndash" => '–',
        "mdash" => '—',
        "hellip" => '…',
        "lsquo" => '‘',
        "rsquo" => '’',
        "sbquo" => '‚',
        "ldquo" => '“',
        "rdquo" => '”',
        "bdquo" => '„',
        "laquo" => '«',
        "raquo" => '»',
        "lsaquo" => '‹',
        "rsaquo" => '›',
        "middot" => '·',
        "bull" => '•',
        "copy" => '©',
        "reg" => '®',
        "trade" => '™',
        "deg" => '°',
        "times" => '×',
        "divide" => '÷',
        "euro" => '€',
        "pound" => '£',
        "yen" => '¥',
        "cent" => '¢',
        "sect" => '§',
        "para" => '¶',
        "dagger" => '†',
        "prime" => '′',
        "Prime" => '″',
        "frac12" => '½',
        "frac14" => '¼',
        "frac34" => '¾',
        "plusmn" => '±',
        "minus" => '−',
        "iexcl" => '¡',
        "iquest" => '¿',
        "eacute" => 'é',
        "Eacute" => 'É',
        "egrave" => 'è',
        "ecirc" => 'ê',
        "euml" => 'ë',
        "aacute" => 'á',
        "agrave" => 'à',
        "acirc" => 'â',
        "auml" => 'ä',
        "Auml" => 'Ä',
        "atilde" => 'ã',
        "aring" => 'å',
        "aelig" => 'æ',
        "ccedil" => 'ç',
        "Ccedil" => 'Ç',
        "iacute" => 'í',
        "igrave" => 'ì',
        "icirc" => 'î',
        "iuml" => 'ï',
        "ntilde" => 'ñ',
        "oacute" => 'ó',
        "ograve" => 'ò',
        "ocirc" => 'ô',
        "ouml" => 'ö',
        "Ouml" => 'Ö',
        "otilde" => 'õ',
        "oslash" => 'ø',
        "uacute" => 'ú',
        "ugrave" => 'ù',
        "ucirc" => 'û',
        "uuml" => 'ü',
        "Uuml" => 'Ü',
        "szlig" => 'ß',
        "thinsp" => '\u{2009}',
        "ensp" => '\u{2002}',
        "emsp" => '\u{2003}',
        "larr" => '←',
        "rarr" => '→',
        "uarr" => '↑',
        "darr" => '↓',
        "hearts" => '♥',
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(d: &Dom, tag: &str) -> Vec<String> {
        d.elements(tag).map(|i| d.text(i)).collect()
    }

    #[test]
    fn implied_ends() {
        let d = Dom::parse(
            "<ul><li>one<li>two</ul><p>a<p>b<div>c</div><table><tr><td>x<td>y<tr><td>z</table>",
        );
        assert_eq!(texts(&d, "li"), ["one", "two"]);
        assert_eq!(texts(&d, "p"), ["a", "b"]);
        assert_eq!(texts(&d, "td"), ["x", "y", "z"]);
        assert_eq!(d.elements("tr").count(), 2);
    }

    #[test]
    fn raw_text_entities_attrs() {
        let d = Dom::parse(
            "<title>A &amp; B</title><script>if (a<b) {}</script><p class='x' id=y>س&#1604;&#x627;م &nbsp;&copy</p>",
        );
        assert_eq!(texts(&d, "title"), ["A & B"]);
        let p = d.elements("p").next().unwrap();
        assert_eq!(d.attr(p, "class"), Some("x"));
        assert_eq!(d.attr(p, "id"), Some("y"));
        assert_eq!(d.text(p), "سلام ©");
        let s = d.elements("script").next().unwrap();
        assert_eq!(d.raw_text(s), "", "non-JSON-LD scripts are not kept");
    }

    #[test]
    fn deep_nesting_is_capped_and_linear() {
        let n = 100_000;
        let html = format!("{}deep{}", "<div>".repeat(n), "</div>".repeat(n));
        let d = Dom::parse(&html);
        assert!(d.nodes.len() <= MAX_DEPTH + 2);
        assert_eq!(d.text(0), "deep");
    }

    #[test]
    fn truncated_and_garbage_do_not_panic() {
        for s in [
            "<",
            "<a",
            "<a href=\"x",
            "<!--",
            "<script>",
            "</",
            "&#xFFFFFFFF;",
            "&#0;",
            "<p>\u{633}<",
            "<a b='\u{633}",
            "&",
            "&am",
            "<table></td></tr><td>",
            "</div></div><p>x",
        ] {
            let d = Dom::parse(s);
            let _ = d.text(0);
        }
    }
}
