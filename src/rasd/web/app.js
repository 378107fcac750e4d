// rasd dashboard: map, timeline, filters, event list and article view.
// Article text is untrusted: it is only ever put in the page through textContent.
"use strict";

const SVG = "http://www.w3.org/2000/svg";
const $ = (id) => document.getElementById(id);
const W = 960, H = 480;

function el(tag, attrs = {}, text) {
  const node = tag.startsWith("svg:") ? document.createElementNS(SVG, tag.slice(4)) : document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  if (text !== undefined && text !== null) node.textContent = String(text);
  return node;
}

async function getJSON(url) {
  const res = await fetch(url);
  if (!res.ok) throw new Error(`${url}: ${res.status}`);
  return res.json();
}

// --- map -------------------------------------------------------------------------------------
const project = (lon, lat) => [((lon + 180) / 360) * W, ((90 - lat) / 180) * H];

function decodeTopology(topo, name) {
  const [sx, sy] = topo.transform.scale, [tx, ty] = topo.transform.translate;
  const arcs = topo.arcs.map((arc) => {
    let x = 0, y = 0;
    return arc.map(([dx, dy]) => { x += dx; y += dy; return [x * sx + tx, y * sy + ty]; });
  });
  const arcPoints = (i) => (i >= 0 ? arcs[i] : arcs[~i].slice().reverse());
  const ring = (ids) => ids.flatMap((i, k) => (k ? arcPoints(i).slice(1) : arcPoints(i)));
  return topo.objects[name].geometries.map((g) => ({
    name: (g.properties || {}).name || "",
    polygons: g.type === "Polygon" ? [g.arcs.map(ring)] : g.type === "MultiPolygon" ? g.arcs.map((p) => p.map(ring)) : [],
  }));
}

async function drawWorld() {
  const svg = $("map");
  const topo = await getJSON("/static/countries-110m.json");
  const group = el("svg:g", { class: "countries" });
  for (const country of decodeTopology(topo, "countries")) {
    const d = country.polygons.flatMap((poly) => poly.map((ring) =>
      "M" + ring.map(([lon, lat]) => project(lon, lat).map((v) => v.toFixed(1)).join(",")).join("L") + "Z")).join("");
    const path = el("svg:path", { d });
    path.appendChild(el("svg:title", {}, country.name));
    group.appendChild(path);
  }
  svg.appendChild(group);
  svg.appendChild(el("svg:g", { id: "event-dots" }));
}

function drawDots(events) {
  const layer = $("event-dots");
  layer.replaceChildren();
  const byPlace = new Map();
  for (const ev of events) {
    if (ev.lat == null || ev.lon == null) continue;
    const key = `${ev.lat.toFixed(2)},${ev.lon.toFixed(2)}`;
    if (!byPlace.has(key)) byPlace.set(key, []);
    byPlace.get(key).push(ev);
  }
  for (const group of byPlace.values()) {
    const [x, y] = project(group[0].lon, group[0].lat);
    const dot = el("svg:circle", { cx: x.toFixed(1), cy: y.toFixed(1), r: (3 + 2 * Math.sqrt(group.length)).toFixed(1),
      class: "event-dot", "data-place": group[0].place || "" });
    dot.appendChild(el("svg:title", {}, `${group[0].place}: ${group.length} event(s)`));
    dot.addEventListener("click", () => showEventList(group));
    layer.appendChild(dot);
  }
}

// --- timeline --------------------------------------------------------------------------------
function drawTimeline(events) {
  const svg = $("timeline");
  svg.replaceChildren();
  const counts = new Map();
  for (const ev of events) if (ev.date) counts.set(ev.date.slice(0, 10), (counts.get(ev.date.slice(0, 10)) || 0) + 1);
  const days = [...counts.keys()].sort();
  if (!days.length) return;
  const max = Math.max(...counts.values());
  const bw = Math.max(2, Math.min(40, (W - 40) / days.length - 2));
  days.forEach((day, i) => {
    const h = (counts.get(day) / max) * 80;
    const x = 20 + i * (bw + 2);
    const bar = el("svg:rect", { x, y: 95 - h, width: bw, height: h, class: "bar" });
    bar.appendChild(el("svg:title", {}, `${day}: ${counts.get(day)}`));
    bar.addEventListener("click", () => applyFilters({ date_from: day, date_to: day }));
    svg.appendChild(bar);
  });
  svg.appendChild(el("svg:text", { x: 20, y: 115, class: "axis" }, days[0]));
  svg.appendChild(el("svg:text", { x: W - 20, y: 115, class: "axis", "text-anchor": "end" }, days[days.length - 1]));
}

// --- event list ------------------------------------------------------------------------------
function eventItem(ev) {
  const li = el("li", { class: "event", "data-event": ev.id });
  li.appendChild(el("span", { class: `tag type-${ev.type}` }, ev.type));
  li.appendChild(el("span", { class: "summary" }, ev.summary));
  if (ev.article_id != null) {
    li.tabIndex = 0;
    li.addEventListener("click", () => openArticle(ev.article_id, ev.id));
  }
  return li;
}

function showEventList(events) {
  $("hits").hidden = true;
  $("events").hidden = false;
  $("events").replaceChildren(...events.map(eventItem));
}

let currentFilters = {};

async function applyFilters(filters) {
  currentFilters = Object.fromEntries(Object.entries(filters).filter(([, v]) => v !== "" && v != null));
  const qs = new URLSearchParams({ ...currentFilters, limit: 500 });
  const page = await getJSON(`/api/events?${qs}`);
  $("totals").textContent = `${page.total} events`;
  drawDots(page.items);
  drawTimeline(page.items);
  showEventList(page.items);
  document.body.dataset.ready = "events";
}

// --- article view ----------------------------------------------------------------------------
function spansOf(x) {
  const spans = [];
  for (const e of x.entities) spans.push({ start: e.start, end: e.end, cls: `ent-${e.type}`, title: `${e.type}: ${e.en || e.name}`, entity: e.entity });
  for (const t of x.times) spans.push({ start: t.start, end: t.end, cls: "time", title: `date: ${t.value}` });
  for (const f of x.figures) spans.push({ start: f.start, end: f.end, cls: "figure", title: `${f.category}: ${f.min}–${f.max ?? "∞"}`, event: f.event });
  for (const q of x.quotes) spans.push({ start: q.start, end: q.end, cls: "quote", title: `said by ${q.speaker || "?"}` });
  for (const ev of x.events) spans.push({ start: ev.trigger.start, end: ev.trigger.end, cls: "trigger", title: ev.summary, event: ev.id });
  return spans;
}

function renderHighlighted(text, spans) {
  const cuts = new Set([0, text.length]);
  for (const s of spans) { cuts.add(s.start); cuts.add(s.end); }
  const points = [...cuts].filter((c) => c >= 0 && c <= text.length).sort((a, b) => a - b);
  const frag = document.createDocumentFragment();
  for (let i = 0; i + 1 < points.length; i++) {
    const [a, b] = [points[i], points[i + 1]];
    const covering = spans.filter((s) => s.start <= a && b <= s.end);
    const piece = text.slice(a, b);
    if (!covering.length) { frag.appendChild(document.createTextNode(piece)); continue; }
    const node = el("span", { class: covering.map((s) => s.cls).join(" "), title: covering.map((s) => s.title).join("\n") }, piece);
    const linked = covering.find((s) => s.event);
    if (linked) {
      node.dataset.event = linked.event;
      node.addEventListener("click", () => focusEvent(linked.event));
    }
    frag.appendChild(node);
  }
  return frag;
}

function focusEvent(id) {
  for (const li of $("article-events").children) li.classList.toggle("focused", li.dataset.event === id);
  for (const s of $("article-text").querySelectorAll("[data-event]")) s.classList.toggle("focused", s.dataset.event === id);
}

async function openArticle(articleId, eventId) {
  const view = await getJSON(`/api/articles/${encodeURIComponent(articleId)}`);
  const x = view.extraction;
  $("article").hidden = false;
  const meta = view.article;
  $("article-meta").textContent = [meta.external_id, meta.published, meta.source].filter(Boolean).join(" · ");
  const box = $("article-text");
  box.replaceChildren();
  if (!x) { box.textContent = meta.error || "not extracted"; return; }
  box.appendChild(renderHighlighted(x.text, spansOf(x)));
  $("article-events").replaceChildren(...x.events.map((ev) => {
    const li = eventItem(ev);
    li.addEventListener("click", () => focusEvent(ev.id));
    return li;
  }));
  if (eventId) focusEvent(eventId);
  document.body.dataset.ready = "article";
}

// --- search ----------------------------------------------------------------------------------
async function search(q) {
  const hits = await getJSON(`/api/search?${new URLSearchParams({ q, ...currentFilters })}`);
  $("events").hidden = true;
  const list = $("hits");
  list.hidden = false;
  list.replaceChildren(...hits.map((h) => {
    const li = el("li", { class: "hit" }, [h.external_id || `#${h.id}`, h.published, h.title].filter(Boolean).join(" · "));
    li.addEventListener("click", () => openArticle(h.id));
    return li;
  }));
  if (!hits.length) list.appendChild(el("li", {}, "no article matches"));
}

// --- wiring ----------------------------------------------------------------------------------
function formFilters() {
  return Object.fromEntries(new FormData($("filter-form")).entries());
}

$("filter-form").addEventListener("submit", (e) => { e.preventDefault(); applyFilters(formFilters()); });
$("filter-form").addEventListener("reset", () => setTimeout(() => applyFilters({}), 0));
$("search-form").addEventListener("submit", (e) => { e.preventDefault(); const q = $("q").value.trim(); if (q) search(q); });
$("close-article").addEventListener("click", () => { $("article").hidden = true; });
for (const a of document.querySelectorAll("[data-export]")) {
  a.addEventListener("click", (e) => {
    e.preventDefault();
    window.location.href = `/api/export/${a.dataset.export}?${new URLSearchParams(currentFilters)}`;
  });
}

(async () => {
  await drawWorld();
  await applyFilters({});
  const open = new URLSearchParams(window.location.search).get("article");
  if (open) await openArticle(open);
})();
