"""The style and script of the exported lesson: a player for the frames of :mod:`replay`.

Everything is inline (no file, font or library is fetched), so the page works from a USB
stick with no network. The script reads the frames from the page's JSON block, draws both
offices and the waiting plot as SVG markup and steps through the hours; text from the data
is escaped before it enters the markup.
"""

from __future__ import annotations

STYLE = """
body { font-family: "Noto Sans CJK SC", "Microsoft YaHei", "PingFang SC", "WenQuanYi Micro Hei",
  sans-serif; margin: 16px 24px; color: #222; }
h1 { font-size: 20px; margin: 0 0 4px; }
.note { color: #666; font-size: 13px; margin: 0 0 10px; }
.controls { display: flex; flex-wrap: wrap; gap: 8px; align-items: center; margin: 8px 0; }
.controls button { font-size: 14px; padding: 4px 12px; cursor: pointer; }
.controls input[type=range] { flex: 1; min-width: 200px; }
.offices { display: flex; gap: 16px; }
.office { flex: 1; border: 1px solid #ddd; border-radius: 6px; padding: 6px 8px; }
.office h2 { font-size: 15px; margin: 2px 0 4px; }
.office svg { width: 100%; height: auto; display: block; }
.legend { font-size: 13px; margin: 6px 0; }
.legend span { margin-right: 14px; white-space: nowrap; }
.swatch { display: inline-block; width: 12px; height: 12px; margin-right: 4px;
  vertical-align: -1px; }
.dot { border-radius: 50%; }
#counters { border-collapse: collapse; font-size: 15px; margin: 8px 0; }
#counters th, #counters td { padding: 4px 14px; border-bottom: 1px solid #ddd; text-align: left; }
#counters td { text-align: right; font-variant-numeric: tabular-nums; }
#plot svg { width: 100%; height: auto; display: block; }
@media print { .controls { display: none; } }
"""

SCRIPT = r"""
"use strict";
const data = JSON.parse(document.getElementById("lesson-data").textContent);
const W = data.words;
const C = data.colours;
const SIDES = ["current", "reformed"];
const last = data.frames.length - 1;
let frame = 0;
let timer = null;

function esc(value) {
  return String(value).replace(/[&<>"']/g, (c) => "&#" + c.charCodeAt(0) + ";");
}

function $(id) { return document.getElementById(id); }

const ROW = 44, DESK = 34, GAP = 6, DOT = 15, LABEL = 74;
const maxDesks = Math.max(...data.plans.flatMap((p) => p.sections.map((s) => s.desks.length)));
const maxRows = Math.max(...data.plans.map((p) => p.sections.length));
const OFFICE_W = LABEL + maxDesks * (DESK + GAP) + 12 + data.shown_waiting * DOT + 44;

function officeSvg(state) {
  const plan = data.plans[state.p];
  const parts = [];
  plan.sections.forEach((section, k) => {
    const y = k * ROW + 2;
    const dash = section.pooled ? ' stroke-dasharray="6 4" stroke="#666" stroke-width="1.2"'
      : ' stroke="#222" stroke-width="2.6"';
    parts.push(`<rect class="wall" x="2" y="${y}" width="${OFFICE_W - 4}" height="${ROW - 6}"`
      + ` fill="none"${dash}/>`);
    parts.push(`<text x="8" y="${y + ROW / 2}" font-size="12" dominant-baseline="middle">`
      + `${esc(section.label)}</text>`);
    let x = LABEL;
    section.desks.forEach((bPost, d) => {
      const offset = plan.sections.slice(0, k).reduce((n, s) => n + s.desks.length, 0);
      const letter = state.d[offset + d];
      const name = letter === "b" ? "busy" : letter === "a" ? "away" : "idle";
      parts.push(`<rect class="desk desk-${name}" x="${x}" y="${y + 6}" width="${DESK}"`
        + ` height="${ROW - 18}" fill="${C.desk[name]}"/>`);
      if (bPost !== null) {
        parts.push(`<text x="${x + DESK / 2}" y="${y + ROW / 2 - 3}" font-size="10" fill="white"`
          + ` text-anchor="middle" dominant-baseline="middle">${esc(bPost)}</text>`);
      }
      x += DESK + GAP;
    });
    x = LABEL + maxDesks * (DESK + GAP) + 12;
    for (const kind of state.q[k]) {
      parts.push(`<circle class="matter" cx="${x + DOT / 2}" cy="${y + ROW / 2 - 3}" r="6"`
        + ` fill="${C.matter[Number(kind)]}"/>`);
      x += DOT;
    }
    const extra = state.n[k] - state.q[k].length;
    if (extra > 0) {
      parts.push(`<text x="${x + 4}" y="${y + ROW / 2 - 3}" font-size="12"`
        + ` dominant-baseline="middle">+${extra}</text>`);
    }
  });
  const height = maxRows * ROW + 4;
  return `<svg viewBox="0 0 ${OFFICE_W} ${height}" role="img">${parts.join("")}</svg>`;
}

const PLOT_W = 1000, PLOT_H = 240, LEFT = 50, RIGHT = 16, TOP = 14, BOTTOM = 36;
const hours = Math.max(data.frames[last].t, 1);
const topWaiting = Math.max(5, ...data.frames.flatMap((f) => f.o.map((o) => o.w))) * 1.1;

function px(t) { return LEFT + (t / hours) * (PLOT_W - LEFT - RIGHT); }
function py(w) { return PLOT_H - BOTTOM - (w / topWaiting) * (PLOT_H - TOP - BOTTOM); }

function ticks(top, count) {
  const raw = top / count;
  const power = Math.pow(10, Math.floor(Math.log10(raw)));
  const step = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= raw);
  const out = [];
  for (let v = 0; v <= top + 1e-9; v += step) { out.push(Math.round(v * 1e6) / 1e6); }
  return out;
}

function plotSvg() {
  const parts = [];
  for (const v of ticks(topWaiting, 4)) {
    parts.push(`<line x1="${LEFT}" x2="${PLOT_W - RIGHT}" y1="${py(v)}" y2="${py(v)}"`
      + ` stroke="#e5e5e5"/><text x="${LEFT - 6}" y="${py(v)}" font-size="11"`
      + ` text-anchor="end" dominant-baseline="middle">${v}</text>`);
  }
  for (const v of ticks(hours, 8)) {
    parts.push(`<text x="${px(v)}" y="${PLOT_H - BOTTOM + 16}" font-size="11"`
      + ` text-anchor="middle">${v}</text>`);
  }
  parts.push(`<text x="${(LEFT + PLOT_W - RIGHT) / 2}" y="${PLOT_H - 4}" font-size="12"`
    + ` text-anchor="middle">${esc(W.plot_x)}</text>`);
  parts.push(`<text x="12" y="${(TOP + PLOT_H - BOTTOM) / 2}" font-size="12"`
    + ` text-anchor="middle" transform="rotate(-90 12 ${(TOP + PLOT_H - BOTTOM) / 2})">`
    + `${esc(W.plot_y)}</text>`);
  parts.push(`<rect x="${LEFT}" y="${TOP}" width="${PLOT_W - LEFT - RIGHT}"`
    + ` height="${PLOT_H - TOP - BOTTOM}" fill="none" stroke="#999"/>`);
  if (data.reform_at !== null) {
    parts.push(`<line x1="${px(data.reform_at)}" x2="${px(data.reform_at)}" y1="${TOP}"`
      + ` y2="${PLOT_H - BOTTOM}" stroke="#555" stroke-dasharray="2 3"/>`);
  }
  SIDES.forEach((side, s) => {
    const points = data.frames.slice(0, frame + 1)
      .map((f) => `${px(f.t).toFixed(1)},${py(f.o[s].w).toFixed(1)}`).join(" ");
    parts.push(`<polyline class="line-${side}" points="${points}" fill="none"`
      + ` stroke="${C.office[s]}" stroke-width="2"/>`);
    parts.push(`<rect x="${LEFT + 12}" y="${TOP + 8 + 18 * s}" width="14" height="3"`
      + ` fill="${C.office[s]}"/><text x="${LEFT + 32}" y="${TOP + 10 + 18 * s}"`
      + ` font-size="12" dominant-baseline="middle">${esc(data.offices[s])}</text>`);
  });
  return `<svg viewBox="0 0 ${PLOT_W} ${PLOT_H}" role="img">${parts.join("")}</svg>`;
}

function draw() {
  const f = data.frames[frame];
  const table = $("counters");
  table.dataset.clock = String(f.t);
  table.dataset.frame = String(frame);
  SIDES.forEach((side, s) => {
    const o = f.o[s];
    $(`office-${side}`).innerHTML = officeSvg(o);
    let clock = W.hour.replace("{h}", String(f.t));
    if (s === 1 && data.reform_note !== null) { clock += " · " + data.reform_note; }
    $(`clock-${side}`).textContent = clock;
    data.counter_names.forEach((name, i) => {
      $(`counter-${side}-${name}`).textContent = o.c[i];
    });
    table.dataset[`sections${s === 0 ? "Current" : "Reformed"}`] = String(o.n.length);
    table.dataset[`arrived${s === 0 ? "Current" : "Reformed"}`] = String(o.arrived);
    table.dataset[`completed${s === 0 ? "Current" : "Reformed"}`] = String(o.done);
  });
  $("clock").textContent = W.hour.replace("{h}", String(f.t));
  $("plot").innerHTML = plotSvg();
  $("scrub").value = String(frame);
}

function show(next) {
  frame = Math.max(0, Math.min(last, next));
  draw();
  if (frame === last) { pause(); }
}

function pause() {
  if (timer !== null) { clearTimeout(timer); timer = null; }
  $("play").textContent = W.play;
  $("play").dataset.playing = "false";
}

function tick() {
  show(frame + 1);
  if (timer !== null) { timer = setTimeout(tick, 1000 / Number($("speed").value)); }
}

function play() {
  if (timer !== null) { pause(); return; }
  if (frame === last) { show(0); }
  $("play").textContent = W.pause;
  $("play").dataset.playing = "true";
  timer = setTimeout(tick, 1000 / Number($("speed").value));
}

$("play").addEventListener("click", play);
$("step").addEventListener("click", () => { pause(); show(frame + 1); });
$("back").addEventListener("click", () => { pause(); show(frame - 1); });
$("to-start").addEventListener("click", () => { pause(); show(0); });
$("to-end").addEventListener("click", () => { pause(); show(last); });
$("scrub").addEventListener("input", () => { pause(); show(Number($("scrub").value)); });
document.addEventListener("keydown", (event) => {
  if (event.target instanceof HTMLInputElement || event.target instanceof HTMLSelectElement) {
    return;
  }
  if (event.key === " ") { event.preventDefault(); play(); }
  if (event.key === "ArrowRight") { pause(); show(frame + 1); }
  if (event.key === "ArrowLeft") { pause(); show(frame - 1); }
});
$("scrub").max = String(last);
draw();
document.body.dataset.ready = "true";
"""
