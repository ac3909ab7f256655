// naba web UI: a small hash-routed app over the JSON API. No framework, no build step.
// Every value from the server is inserted as text, except snippets, which the server escapes
// and marks with <b> only.
"use strict";

const NUM = new Intl.NumberFormat("ar-EG");
const n = (x) => NUM.format(x ?? 0);

function h(tag, attrs, ...kids) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k === "class") el.className = v;
    else if (k.startsWith("on")) el.addEventListener(k.slice(2), v);
    else el.setAttribute(k, v);
  }
  for (const k of kids.flat()) {
    if (k === undefined || k === null || k === false) continue;
    el.append(k instanceof Node ? k : document.createTextNode(String(k)));
  }
  return el;
}

// Server-made HTML: escaped text with <b> marks. Parsed, then only text and <b> are kept.
function marked(html) {
  const tpl = document.createElement("template");
  tpl.innerHTML = html;
  const out = document.createDocumentFragment();
  for (const node of tpl.content.childNodes) {
    if (node.nodeType === Node.TEXT_NODE) out.append(node.textContent);
    else if (node.nodeName === "B") out.append(h("b", {}, node.textContent));
    else out.append(node.textContent);
  }
  return out;
}

async function api(path, opts) {
  const r = await fetch(path, opts);
  let body;
  try { body = await r.json(); } catch { body = null; }
  if (!r.ok) throw new Error((body && body.error && body.error.message) || r.statusText);
  return body;
}

const main = () => document.getElementById("main");
function show(...kids) { const m = main(); m.replaceChildren(...kids); window.scrollTo(0, 0); }
function fail(e) { show(h("p", { class: "error" }, "خطأ: " + e.message)); }
const ltr = (s) => h("span", { class: "ltr", dir: "ltr" }, s);
const docLink = (d) => h("a", { href: "#/doc/" + d.seq }, d.title || "(بلا عنوان)");
const entLink = (e) => h("a", { class: "ent", href: "#/entity/" + encodeURIComponent(e.key) }, e.name || e.key);
function meta(...parts) {
  return h("div", { class: "meta" }, parts.filter(Boolean).map((p) => h("span", {}, p)));
}
const outletLink = (o) => o && h("a", { href: "#/outlet/" + encodeURIComponent(o) }, o);

// ---- pages ----

async function home() {
  const [s, st] = await Promise.all([api("/api/stats"), api("/api/stories?limit=15")]);
  show(
    h("section", { class: "card" },
      h("h2", {}, "المدونة"),
      h("p", {}, `${n(s.documents)} مقالة من ${n(s.outlets.length)} مصدرًا · `,
        `${n(s.stories_with_2_or_more)} قصة متعددة المقالات · ${n(s.duplicate_groups)} مجموعة نسخ متطابقة · ${n(s.entities)} كيانًا`),
      s.first && h("p", { class: "muted" }, "من ", ltr(s.first), " إلى ", ltr(s.last))),
    h("section", {}, h("h2", {}, "أكبر القصص"), storyList(st.stories)),
    h("section", {}, h("h2", {}, "المصادر"),
      h("ul", { class: "plain cols" }, s.outlets.slice(0, 30).map((o) =>
        h("li", {}, outletLink(o.name), " ", h("span", { class: "muted" }, n(o.documents)))))));
}

function storyList(stories) {
  if (!stories.length) return h("p", { class: "muted" }, "لا قصص بعد.");
  return h("ul", { class: "plain" }, stories.map((s) =>
    h("li", {}, h("a", { href: "#/story/" + s.id }, s.title || "قصة " + s.id), " ",
      h("span", { class: "muted" }, `${n(s.size)} مقالة · `, ltr(s.first || ""), " – ", ltr(s.last || "")))));
}

async function search(params) {
  const q = params.get("q") || "";
  document.getElementById("q").value = q;
  const form = h("form", { class: "filters card", onsubmit: (e) => {
    e.preventDefault();
    const p = new URLSearchParams();
    for (const el of e.target.elements) if (el.name && el.value) p.set(el.name, el.value);
    p.set("q", document.getElementById("q").value);
    location.hash = "#/search?" + p;
  } },
    h("label", {}, "المصدر", h("input", { name: "outlet", value: params.get("outlet") || "", dir: "auto" })),
    h("label", {}, "الكيان", h("input", { name: "entity", value: params.get("entity") || "", dir: "auto" })),
    h("label", {}, "من", h("input", { name: "from", type: "date", value: params.get("from") || "" })),
    h("label", {}, "إلى", h("input", { name: "to", type: "date", value: params.get("to") || "" })),
    h("label", {}, "الترتيب", (() => {
      const s = h("select", { name: "sort" }, h("option", { value: "relevance" }, "الصلة"), h("option", { value: "date" }, "الأحدث"));
      s.value = params.get("sort") || "relevance"; return s;
    })()),
    h("button", { type: "submit" }, "تصفية"));
  const api_p = new URLSearchParams(params);
  api_p.set("limit", "20");
  const r = await api("/api/search?" + api_p);
  show(form,
    h("p", { class: "muted", id: "count" }, `${n(r.total)} نتيجة (${n(Math.round(r.took_ms * 10) / 10)} م.ث)`),
    h("div", { id: "hits" }, r.hits.map((x) => h("article", { class: "card hit" },
      h("h3", {}, h("a", { href: "#/doc/" + x.seq }, marked(x.title_html || "(بلا عنوان)"))),
      meta(outletLink(x.outlet), x.published && ltr(x.published),
        h("a", { href: "#/story/" + x.story }, "القصة")),
      h("p", { dir: "auto" }, marked(x.snippet_html))))));
}

// Render text with entity, time and quote spans (char offsets = code points).
function annotated(doc, keys) {
  const chars = Array.from(doc.text);
  const marks = [];
  (doc.entities || []).forEach((e, i) => marks.push({ s: e.start, e: e.end, k: "ent", v: e, key: keys ? keys[i] : null }));
  (doc.times || []).forEach((t) => marks.push({ s: t.start, e: t.end, k: "time", v: t }));
  (doc.quotes || []).forEach((q) => q.content && marks.push({ s: q.content.start, e: q.content.end, k: "quote", v: q }));
  const cuts = new Set([0, chars.length]);
  for (const m of marks) if (m.s < m.e && m.e <= chars.length) { cuts.add(m.s); cuts.add(m.e); }
  const pts = [...cuts].sort((a, b) => a - b);
  const out = h("div", { class: "article", dir: "rtl" });
  for (let i = 0; i + 1 < pts.length; i++) {
    const [a, b] = [pts[i], pts[i + 1]];
    let node = document.createTextNode(chars.slice(a, b).join(""));
    for (const m of marks) {
      if (m.s > a || m.e < b) continue;
      if (m.k === "time") node = h("span", { class: "time", title: m.v.value }, node);
      else if (m.k === "quote") node = h("span", { class: "quote", title: "اقتباس" }, node);
    }
    const ent = marks.find((m) => m.k === "ent" && m.s <= a && m.e >= b);
    if (ent) {
      const title = [ent.v.type, ent.v.name, ent.v.id].filter(Boolean).join(" · ");
      node = ent.key ? h("a", { class: "ent", href: "#/entity/" + encodeURIComponent(ent.key), title }, node)
                     : h("span", { class: "ent", title }, node);
    }
    out.append(node);
  }
  return out;
}

function layers(doc, keys) {
  const ents = new Map();
  (doc.entities || []).forEach((e, i) => {
    const k = keys ? keys[i] : e.id || e.text;
    const x = ents.get(k) || { key: k, name: e.name || e.text, type: e.type, n: 0 };
    x.n++; ents.set(k, x);
  });
  return h("div", { class: "cols" },
    h("section", { class: "card" }, h("h3", {}, "الكيانات"),
      ents.size ? h("ul", { class: "plain" }, [...ents.values()].map((e) =>
        h("li", {}, keys ? entLink(e) : e.name, " ", h("span", { class: "badge" }, e.type), n(e.n))))
        : h("p", { class: "muted" }, "لا كيانات.")),
    h("section", { class: "card" }, h("h3", {}, "الأزمنة"),
      (doc.times || []).length ? h("ul", { class: "plain" }, doc.times.map((t) =>
        h("li", {}, t.text, " ← ", ltr(t.value)))) : h("p", { class: "muted" }, "لا تعابير زمنية.")),
    h("section", { class: "card" }, h("h3", {}, "الاقتباسات"),
      (doc.quotes || []).length ? h("ul", { class: "plain" }, doc.quotes.map((q) =>
        h("li", {}, h("strong", {}, (q.speaker && (q.speaker.name || q.speaker.text)) || "؟"), ": «", q.content.text, "»")))
        : h("p", { class: "muted" }, "لا اقتباسات.")));
}

const legend = () => h("p", { class: "legend meta" },
  h("span", { class: "ent" }, "كيان"), h("span", { class: "time" }, "زمن"), h("span", { class: "quote" }, "اقتباس"));

async function docPage(seq) {
  const r = await api("/api/document/" + encodeURIComponent(seq));
  const d = r.document;
  show(h("article", {},
    h("h1", { dir: "auto" }, d.title || "(بلا عنوان)"),
    meta(outletLink(d.source), d.published && ltr(d.published),
      d.url && h("a", { href: d.url, rel: "noreferrer noopener", target: "_blank" }, "الأصل"),
      h("a", { href: "#/story/" + r.story }, "القصة: " + (r.story_title || r.story))),
    legend(),
    h("div", { class: "card" }, annotated(d, r.entity_keys)),
    layers(d, r.entity_keys),
    r.copies.length ? h("section", { class: "card" }, h("h3", {}, `نسخ من الخبر نفسه (${n(r.copies.length)})`),
      h("ul", { class: "plain" }, r.copies.map((c) => h("li", {}, docLink(c), " ", meta(c.outlet, c.published && ltr(c.published))))))
      : null));
}

function chart(timeline) {
  const W = 600, H = 140, pad = 18;
  const svg = document.createElementNS("http://www.w3.org/2000/svg", "svg");
  svg.setAttribute("viewBox", `0 0 ${W} ${H}`);
  svg.setAttribute("class", "chart");
  svg.setAttribute("role", "img");
  if (!timeline.length) return svg;
  const max = Math.max(...timeline.map((t) => t.documents));
  const bw = (W - 2 * pad) / timeline.length;
  timeline.forEach((t, i) => {
    const r = document.createElementNS(svg.namespaceURI, "rect");
    const hh = ((H - 2 * pad) * t.documents) / max;
    r.setAttribute("x", pad + i * bw); r.setAttribute("width", Math.max(1, bw - 1));
    r.setAttribute("y", H - pad - hh); r.setAttribute("height", hh);
    const title = document.createElementNS(svg.namespaceURI, "title");
    title.textContent = `${t.day}: ${t.documents}`;
    r.append(title); svg.append(r);
  });
  for (const [i, anchor] of [[0, "start"], [timeline.length - 1, "end"]]) {
    const tx = document.createElementNS(svg.namespaceURI, "text");
    tx.setAttribute("x", i === 0 ? pad : W - pad); tx.setAttribute("y", H - 4);
    tx.setAttribute("text-anchor", anchor); tx.textContent = timeline[i].day; svg.append(tx);
  }
  return svg;
}

function quoteList(qs) {
  if (!qs.length) return h("p", { class: "muted" }, "لا شيء.");
  return h("ul", { class: "plain" }, qs.map((q) => h("li", {},
    h("strong", {}, q.speaker_name || "؟"), ": «", q.content, "» ", h("a", { href: "#/doc/" + q.seq, class: "meta" }, q.title || "المقال"))));
}

async function entityPage(key) {
  const e = await api("/api/entity/" + encodeURIComponent(key));
  show(h("h1", {}, e.name, " ", h("span", { class: "badge" }, e.type)),
    h("p", { class: "muted" }, `${n(e.documents)} مقالة · ${n(e.mentions)} ذكر · `, ltr(e.key)),
    h("section", { class: "card" }, h("h3", {}, "الذكر عبر الزمن"), chart(e.timeline)),
    h("div", { class: "cols" },
      h("section", { class: "card" }, h("h3", {}, "يظهر مع"),
        h("ul", { class: "plain" }, e.cooccurring.map((c) => h("li", {}, entLink(c), " ", h("span", { class: "muted" }, n(c.documents)))))),
      h("section", { class: "card" }, h("h3", {}, "أحدث المقالات"),
        h("ul", { class: "plain" }, e.recent.map((d) => h("li", {}, docLink(d), " ", meta(d.outlet, d.published && ltr(d.published))))))),
    h("section", { class: "card" }, h("h3", {}, "ما قاله"), quoteList(e.quotes_by)),
    h("section", { class: "card" }, h("h3", {}, "ما قيل عنه"), quoteList(e.quotes_about)));
}

async function storyPage(id) {
  const s = await api("/api/story/" + encodeURIComponent(id));
  const days = new Map();
  for (const a of s.articles) {
    const d = a.published ? a.published.slice(0, 10) : "؟";
    if (!days.has(d)) days.set(d, []);
    days.get(d).push(a);
  }
  show(h("h1", { dir: "auto" }, s.title || "قصة " + s.id),
    h("p", { class: "muted" }, `${n(s.size)} مقالة · `, ltr(s.first || "?"), " – ", ltr(s.last || "?")),
    h("div", { class: "cols" },
      h("section", { class: "card" }, h("h3", {}, "المصادر"),
        h("ul", { class: "plain" }, s.outlets.map((o) => h("li", {}, outletLink(o.name), " ", n(o.documents))))),
      s.entities.length
        ? h("section", { class: "card" }, h("h3", {}, "الكيانات الرئيسية"),
            h("ul", { class: "plain" }, s.entities.map((e) => h("li", {}, entLink(e), " ", n(e.documents)))))
        : h("section", { class: "card" }, h("h3", {}, "كلمات مفتاحية (جذوع)"), h("p", {}, s.terms.join("، ")))),
    h("section", { class: "card" }, h("h3", {}, "الخط الزمني"),
      h("div", { class: "timeline" }, [...days.entries()].flatMap(([d, arts]) => [
        h("div", { class: "day" }, ltr(d)),
        h("ul", { class: "plain" }, arts.map((a) => h("li", {}, a.outlet && h("span", { class: "badge" }, a.outlet), docLink(a),
          a.dup !== a.seq ? h("span", { class: "muted" }, " (نسخة)") : null)))]))));
}

async function storiesPage() {
  const st = await api("/api/stories?limit=100");
  show(h("h1", {}, "القصص"), storyList(st.stories));
}

async function outletPage(name) {
  const o = await api("/api/outlet/" + encodeURIComponent(name));
  show(h("h1", {}, o.name),
    h("p", { class: "muted" }, `${n(o.documents)} مقالة · `, ltr(o.first || "?"), " – ", ltr(o.last || "?"), " · ",
      h("a", { href: "#/search?outlet=" + encodeURIComponent(o.name) + "&sort=date" }, "ابحث فيه")),
    h("div", { class: "cols" },
      h("section", { class: "card" }, h("h3", {}, "أحدث المقالات"),
        h("ul", { class: "plain" }, o.recent.map((d) => h("li", {}, docLink(d), " ", meta(d.published && ltr(d.published)))))),
      h("section", { class: "card" }, h("h3", {}, "أكثر الكيانات ذكرًا"),
        h("ul", { class: "plain" }, o.entities.map((e) => h("li", {}, entLink(e), " ", n(e.documents)))))));
}

function analyzePage() {
  const ta = h("textarea", { id: "text", dir: "auto", placeholder: "الصق نص خبر هنا…" });
  // Relative times (أمس، الخميس الماضي) resolve against this date; today by default.
  const day = h("input", { type: "date", id: "published", value: new Date().toISOString().slice(0, 10) });
  const out = h("div", { id: "result" });
  const form = h("form", { onsubmit: async (e) => {
    e.preventDefault();
    out.replaceChildren(h("p", { class: "muted" }, "…جار التحليل"));
    try {
      const d = await api("/api/analyze", { method: "POST", headers: { "content-type": "application/json" },
        body: JSON.stringify(day.value ? { text: ta.value, published: day.value } : { text: ta.value }) });
      out.replaceChildren(
        h("p", { class: "muted" }, `${n(d.sentences.length)} جملة · ${n((d.entities || []).length)} كيان · ${n((d.times || []).length)} زمن · ${n((d.quotes || []).length)} اقتباس`),
        legend(), h("div", { class: "card" }, annotated(d, null)), layers(d, null));
    } catch (err) { out.replaceChildren(h("p", { class: "error" }, "خطأ: " + err.message)); }
  } }, ta, h("p", { class: "filters" }, h("label", {}, "تاريخ النشر", day), h("button", { type: "submit", id: "run" }, "حلّل")));
  show(h("h1", {}, "تحليل نص"), form, out);
}

async function route() {
  const raw = location.hash.replace(/^#\/?/, "");
  const [path, qs] = raw.split("?");
  const parts = path.split("/").map(decodeURIComponent);
  try {
    switch (parts[0]) {
      case "": return await home();
      case "search": return await search(new URLSearchParams(qs || ""));
      case "doc": return await docPage(parts[1]);
      case "entity": return await entityPage(parts.slice(1).join("/"));
      case "story": return await storyPage(parts[1]);
      case "stories": return await storiesPage();
      case "outlet": return await outletPage(parts.slice(1).join("/"));
      case "analyze": return analyzePage();
      default: show(h("p", {}, "صفحة غير موجودة."));
    }
  } catch (e) { fail(e); }
}

document.getElementById("searchform").addEventListener("submit", (e) => {
  e.preventDefault();
  location.hash = "#/search?q=" + encodeURIComponent(document.getElementById("q").value);
});
window.addEventListener("hashchange", route);
route();
