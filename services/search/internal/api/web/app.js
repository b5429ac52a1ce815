// newswire search page: plain JavaScript, no build step. The address's
// fragment holds the state: #q=<query>&sort=<order> lists results,
// #a=<article id>&q=... shows one article.
"use strict";

const $ = (id) => document.getElementById(id);
const el = (tag, attrs, ...kids) => {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (k === "class") e.className = v; else e.setAttribute(k, v);
  }
  for (const k of kids) e.append(k);
  return e;
};

let token = localStorage.getItem("newswire-search-token") || "";
let nextCursor = "";

async function api(path) {
  const headers = token ? { Authorization: "Bearer " + token } : {};
  let resp = await fetch(path, { headers });
  if (resp.status === 401) {
    token = window.prompt("This search needs a token:") || "";
    localStorage.setItem("newswire-search-token", token);
    resp = await fetch(path, { headers: { Authorization: "Bearer " + token } });
  }
  const body = await resp.json();
  if (!resp.ok) throw Object.assign(new Error(body.error || resp.statusText), { position: body.position });
  return body;
}

function state() {
  const p = new URLSearchParams(location.hash.slice(1));
  return { q: p.get("q") || "", sort: p.get("sort") || "time", a: p.get("a") || "" };
}

function hashFor(s) {
  const p = new URLSearchParams();
  if (s.a) p.set("a", s.a);
  if (s.q) p.set("q", s.q);
  if (s.sort && s.sort !== "time") p.set("sort", s.sort);
  return "#" + p.toString();
}

function showError(err, q) {
  const box = $("error");
  if (!err) { box.hidden = true; box.textContent = ""; return; }
  box.hidden = false;
  box.textContent = err.message;
  if (typeof err.position === "number" && q) {
    // Point at the mistake: the query, and a caret under the column.
    const col = [...new TextDecoder().decode(new TextEncoder().encode(q).slice(0, err.position))].length;
    box.textContent += "\n" + q + "\n" + " ".repeat(col) + "^";
  }
}

function fmtTime(t) {
  if (!t) return "undated";
  const d = new Date(t);
  return d.toISOString().replace("T", " ").slice(0, 16) + " UTC";
}

// marked returns nodes for text with the byte spans [[start, end], ...]
// wrapped by wrap(spanText, i).
function marked(text, spans, wrap) {
  const bytes = new TextEncoder().encode(text);
  const dec = new TextDecoder();
  const out = [];
  let at = 0;
  spans.forEach((sp, i) => {
    const [s, e] = sp;
    if (s < at || e > bytes.length || s >= e) return; // overlapping or outside: skip
    if (s > at) out.push(dec.decode(bytes.slice(at, s)));
    out.push(wrap(dec.decode(bytes.slice(s, e)), i));
    at = e;
  });
  if (at < bytes.length) out.push(dec.decode(bytes.slice(at)));
  return out;
}

function facetItem(label, n, q, extra) {
  const a = el("a", { href: hashFor({ q: q, sort: state().sort }) }, label);
  if (extra) a.title = extra;
  return el("li", {}, a, el("span", { class: "n" }, String(n)));
}

function quoteValue(v) {
  return /^[^\s"()<>=]+$/.test(v) ? v : '"' + v.replace(/\\/g, "\\\\").replace(/"/g, '\\"') + '"';
}

function narrow(q, term) {
  return q ? q + " " + term : term;
}

// seq numbers the views started (a search or an article; a further page
// belongs to the view it extends): an answer for an older view is
// dropped, so a slow response cannot overwrite or clear what a newer one
// shows (its results, its error box).
let seq = 0;

async function runSearch(s, append, my) {
  const params = new URLSearchParams({ sort: s.sort, limit: "20" });
  if (s.q) params.set("q", s.q);
  if (append && nextCursor) params.set("cursor", nextCursor);
  const list = $("hits");
  if (!append) {
    list.replaceChildren();
    $("status").textContent = "Searching…";
  }
  try {
    const res = await api("/api/articles?" + params);
    if (my !== seq) return;
    showError(null);
    for (const h of res.hits) {
      const link = el("a", { class: "title", href: hashFor({ a: h.id, q: s.q, sort: s.sort }) }, h.title || "(untitled)");
      const meta = el("p", { class: "meta" }, [h.source, fmtTime(h.published_at), h.language].filter(Boolean).join(" · "));
      const lines = el("div", { class: "lines" });
      for (const l of h.lines || []) {
        lines.append(el("p", {}, ...marked(l.text, l.spans || [], (t) => el("mark", {}, t))));
      }
      list.append(el("li", { class: "hit", "data-id": h.id }, link, meta, lines));
    }
    nextCursor = res.next || "";
    $("more").hidden = !nextCursor;
    const n = list.children.length;
    $("status").textContent = n === 0 ? "No articles match." : n + (nextCursor ? "+" : "") + " article" + (n === 1 ? "" : "s") + (res.query ? " for " + res.query : "");
  } catch (err) {
    if (my !== seq) return;
    $("status").textContent = "";
    showError(err, s.q);
    return;
  }
  if (append) return;
  const fparams = new URLSearchParams();
  if (s.q) fparams.set("q", s.q);
  try {
    const f = await api("/api/facets?" + fparams);
    if (my !== seq) return;
    $("entities").replaceChildren(...f.entities.map((e) =>
      facetItem(e.value, e.count, narrow(s.q, e.id ? "id:" + quoteValue(e.id) : "entity:" + quoteValue(e.value)), e.type)));
    $("sources").replaceChildren(...f.sources.map((c) => facetItem(c.value, c.count, narrow(s.q, "source:" + quoteValue(c.value)))));
    const st = await api("/api/stories?" + fparams);
    if (my !== seq) return;
    $("stories-head").hidden = st.stories.length === 0;
    $("stories").replaceChildren(...st.stories.map((x) => facetItem(x.title || x.id, x.articles, narrow(s.q, "story:" + quoteValue(x.id)))));
  } catch (err) {
    if (my === seq) showError(err, s.q);
  }
}

async function showArticle(s, my) {
  let a;
  try {
    a = await api("/api/articles/" + encodeURIComponent(s.a));
  } catch (err) {
    if (my === seq) showError(err);
    return;
  }
  if (my !== seq) return;
  showError(null);
  $("back").href = hashFor({ q: s.q, sort: s.sort });
  $("a-title").textContent = a.title || "(untitled)";
  const meta = [a.source && a.source.name, fmtTime(a.published_at), a.language, (a.authors || []).join(", ")].filter(Boolean).join(" · ");
  $("a-meta").replaceChildren(meta + " ");
  if (a.url) $("a-meta").append(el("a", { href: a.url, rel: "noopener noreferrer" }, "original"));
  const tags = a.tags || { entities: [], money: [], figures: [] };
  // Every tag span, in text order: entities link to a search for them.
  const spans = [];
  for (const e of tags.entities || []) spans.push({ s: e.start, e: e.end, kind: "entity", tag: e });
  for (const m of tags.money || []) spans.push({ s: m.start, e: m.end, kind: "money", tag: m });
  for (const f of tags.figures || []) spans.push({ s: f.start, e: f.end, kind: "figure", tag: f });
  spans.sort((x, y) => x.s - y.s || y.e - x.e);
  const wrap = (t, i) => {
    const sp = spans[i];
    if (sp.kind === "entity") {
      const e = sp.tag;
      const q = e.id ? "id:" + quoteValue(e.id) : "entity:" + quoteValue(e.canonical || e.text);
      return el("a", { class: "ent ent-" + e.type + (e.watch ? " watch" : ""), href: hashFor({ q: q }), title: e.type + ": " + (e.canonical || e.text) + (e.id ? " (" + e.id + ")" : "") }, t);
    }
    if (sp.kind === "money") {
      const m = sp.tag;
      const v = m.amount !== undefined ? m.amount : [m.min, m.max].filter((x) => x !== undefined).join("–");
      return el("mark", { class: "money", title: m.currency + " " + v }, t);
    }
    return el("mark", { class: "figure", title: sp.tag.unit }, t);
  };
  // Paragraphs are separated by a blank line; offsets are into the whole
  // text, so each paragraph gets the spans inside it, shifted.
  const text = a.text || "";
  const bytes = new TextEncoder().encode(text);
  const box = $("a-text");
  box.replaceChildren();
  let start = 0;
  const dec = new TextDecoder();
  const paras = [];
  for (let i = 0; i <= bytes.length; i++) {
    if (i === bytes.length || (bytes[i] === 10 && bytes[i + 1] === 10)) {
      paras.push([start, i]);
      start = i + 2;
      i++;
    }
  }
  for (const [ps, pe] of paras) {
    if (pe <= ps) continue;
    const inside = [];
    const idx = [];
    spans.forEach((sp, i) => { if (sp.s >= ps && sp.e <= pe) { inside.push([sp.s - ps, sp.e - ps]); idx.push(i); } });
    const ptext = dec.decode(bytes.slice(ps, pe));
    box.append(el("p", {}, ...marked(ptext, inside, (t, j) => wrap(t, idx[j]))));
  }
  const uniq = new Map();
  for (const e of tags.entities || []) {
    const k = e.type + "|" + (e.canonical || e.text) + "|" + (e.id || "");
    if (!uniq.has(k)) uniq.set(k, e);
  }
  $("a-entities").replaceChildren(...[...uniq.values()].map((e) => {
    const q = e.id ? "id:" + quoteValue(e.id) : "entity:" + quoteValue(e.canonical || e.text);
    return el("li", {}, el("a", { class: "ent ent-" + e.type, href: hashFor({ q: q }) }, e.canonical || e.text), " " + e.type + (e.watch ? " · watched" : ""));
  }));
  $("a-money").replaceChildren(...(tags.money || []).map((m) => {
    const v = m.amount !== undefined ? m.amount : [m.min, m.max].filter((x) => x !== undefined).join("–");
    return el("li", {}, m.text + " = " + m.currency + " " + Number(v).toLocaleString("en") + (m.approximate ? " (about)" : ""));
  }));
  $("a-figures").replaceChildren(...(tags.figures || []).map((f) => {
    const v = f.value !== undefined ? f.value : [f.min, f.max].filter((x) => x !== undefined).join("–");
    return el("li", {}, f.text + " = " + v + " " + f.unit);
  }));
}

async function route() {
  const s = state();
  $("q").value = s.q;
  $("sort").value = s.sort;
  $("list").hidden = !!s.a;
  $("article").hidden = !s.a;
  const my = ++seq;
  if (s.a) await showArticle(s, my); else await runSearch(s, false, my);
  if (my === seq) document.body.dataset.ready = location.hash;
}

$("search").addEventListener("submit", (ev) => {
  ev.preventDefault();
  const next = hashFor({ q: $("q").value.trim(), sort: $("sort").value });
  if (next === location.hash) route(); else location.hash = next;
});
$("more").addEventListener("click", () => runSearch(state(), true, seq));
window.addEventListener("hashchange", route);
api("/api/info").then((i) => { $("backend").textContent = "newswire search · " + i.backend + " store"; }).catch(() => {});
route();
