// launchlog's page around VPython's scene: the record in a side panel, a telemetry strip,
// the legend over the scene, the canvas fitted to the window, the address following the
// view, the mission search as one types. Served inline by viewer/server.py; it talks only
// to the page's own server: GET /launchlog/mission.json (the record of the mission drawn)
// and GET /launchlog/ask?... (with the X-Launchlog-Page header) to ask the scene for a
// time, a search or a canvas size. The scene tells it where it is through a hidden
// element it updates (span.ll-sync: mission, revision, time, camera, playing).
// Record text is put in the page as text (textContent), never as markup.
(() => {
  "use strict";
  const PANEL_W = 370;
  const STRIP_H = 120;
  let record = null;
  let rev = null;
  let now = {mission: "", t: 0, camera: "earth", playing: false};
  let strip = null, stripBase = null, legend = null, panel = null;
  let lastAddress = "", lastAddressAt = 0, asked = "";

  function ask(fields) {
    const query = new URLSearchParams(fields).toString();
    return fetch("/launchlog/ask?" + query, {headers: {"X-Launchlog-Page": "1"}}).catch(() => null);
  }

  function el(tag, cls, ...kids) {
    const e = document.createElement(tag);
    if (cls) e.className = cls;
    for (const k of kids) if (k !== null && k !== undefined) e.append(k);
    return e;
  }

  const fmt = (x, digits = 0) => (x === null || x === undefined ? "—" :
    Number(x).toLocaleString("en-GB", {minimumFractionDigits: digits, maximumFractionDigits: digits}));
  const signed = (x, digits = 0) => (x === null || x === undefined ? "—" :
    (x > 0 ? "+" : x < 0 ? "−" : "±") + fmt(Math.abs(x), digits));

  function scene3d() {
    return document.querySelector("#glowscript canvas");
  }

  // -- the canvas fills the window beside the panel ---------------------------------------
  function fit() {
    const c = scene3d();
    const gs = document.getElementById("glowscript");
    if (!c || !gs) return;
    const others = gs.offsetHeight - c.clientHeight + STRIP_H + 28;
    const w = Math.max(320, Math.floor(window.innerWidth - PANEL_W - 28));
    const h = Math.max(200, Math.floor(window.innerHeight - others));
    if (strip && strip.width !== w) { strip.width = w; drawStrip(); drawCursor(); }
    const slider = gs.querySelector(".ui-slider");  // VPython cannot change its length
    if (slider) slider.style.width = Math.max(200, w - 260) + "px";
    const want = w + "x" + h;
    if ((Math.abs(w - c.clientWidth) > 2 || Math.abs(h - c.clientHeight) > 2) && want !== asked) {
      asked = want;
      ask({width: w, height: h});
    }
  }
  let fitting = null;
  window.addEventListener("resize", () => { clearTimeout(fitting); fitting = setTimeout(fit, 120); });

  // -- the panel ----------------------------------------------------------------------------
  function section(title, ...kids) {
    return el("section", null, el("h3", null, title), ...kids);
  }

  function table(head, rows) {
    const t = el("table");
    t.append(el("tr", null, ...head.map(h => el("th", null, h))));
    for (const r of rows) t.append(el("tr", r.cls || null, ...r.cells.map(c => el("td", null, c))));
    return t;
  }

  function renderPanel(r) {
    panel.replaceChildren();
    panel.append(el("h2", null, r.name));
    panel.append(el("div", "ll-sub", [r.vehicle, r.site, r.launch_utc].filter(Boolean).join(" · ")));
    const good = r.outcome === "success";
    panel.append(el("div", "ll-outcome " + (good ? "ll-good" : "ll-bad"),
      "outcome: " + r.outcome.replaceAll("_", " "), el("span", "ll-drawn", "  (drawn: " + r.drawn + ")")));
    if (r.failure) {
      const f = el("section", "ll-failure", el("h3", null, "Failure" + (r.failure.stage ? ", stage " + r.failure.stage : "")));
      if (r.failure.description) f.append(el("p", null, r.failure.description));
      for (const m of r.failure.modes) {
        f.append(el("p", "ll-mode", "T+" + fmt(m.at_s) + " s, stage " + m.stage + ": " +
          m.kind.replaceAll("_", " ") + (m.description ? " — " + m.description : "")));
      }
      panel.append(f);
    }
    if (!r.stages.length) panel.append(section("Vehicle: " + r.vehicle, el("p", "ll-note", "no stage data recorded")));
    else panel.append(section("Vehicle: " + r.vehicle, table(["", "engines", "propellant", "dry", "burn"],
      r.stages.map(s => ({cells: ["S" + s.number, s.engines || "—", s.propellant_t === null ? "—" : fmt(s.propellant_t, 1) + " t",
        s.dry_t === null ? "—" : fmt(s.dry_t, 1) + " t", s.burn_s === null ? "—" : fmt(s.burn_s) + " s"]})))));
    if (r.payloads.length) {
      panel.append(section("Payloads", table(["", "mass", "operator"], r.payloads.map(p => ({
        cells: [p.name, p.mass_kg === null ? "—" : (p.estimated ? "≈" : "") + fmt(p.mass_kg) + " kg" + (p.estimated ? " (est.)" : ""),
          p.operator || "—"]})))));
    }
    if (r.landings.length) {
      panel.append(section("Stage return", ...r.landings.map(x => el("p", x.outcome === "landed" ? "ll-good" : "ll-bad",
        "stage " + x.stage + ": " + x.outcome.replaceAll("_", " ") + " at " + x.zone + (x.planned ? "" : " (unplanned)")))));
    }
    if (r.orbits.length) {
      const rows = r.orbits.map(o => ({cls: "ll-" + o.kind, cells: [o.label, fmt(o.perigee_km), fmt(o.apogee_km), fmt(o.inclination_deg, 2), o.ltan]}));
      for (const d of r.differences) {
        rows.push({cls: "ll-diff", cells: ["Δ " + d.label, signed(d.perigee_km, 1), signed(d.apogee_km, 1),
          signed(d.inclination_deg, 2), signed(d.ltan_min, 0) + " min"]});
      }
      panel.append(section("Orbits (km, deg, LTAN)", table(["", "perigee", "apogee", "incl.", "LTAN"], rows)));
    }
    const src = el("ol", "ll-sources");
    for (const s of r.sources) {
      const words = s.title + (s.publisher ? ", " + s.publisher : "") + (s.published ? ", " + s.published : "");
      let item = words;
      if (s.url) {
        item = el("a", null, words);
        item.href = s.url;
        item.target = "_blank";
        item.rel = "noopener noreferrer";
      }
      src.append(el("li", null, item));
    }
    const more = r.sources_total > r.sources.length ? " (first " + r.sources.length + " of " + r.sources_total + ")" : "";
    panel.append(section("Sources" + more, src));
    if (r.notes.length) panel.append(section("Notes", ...r.notes.map(n => el("p", "ll-note", n))));
  }

  function renderLegend(r) {
    const c = scene3d();
    if (!c) return;
    const host = c.parentElement;
    if (getComputedStyle(host).position === "static") host.style.position = "relative";
    if (legend.parentElement !== host) host.append(legend);
    legend.replaceChildren(...r.legend.map(([words, colour]) => {
      const line = el("div", null, words);
      line.style.color = colour;
      return line;
    }), el("div", "ll-scale", r.scale_note || ""));
  }

  // -- the telemetry strip: altitude and speed against time, events, a cursor ------------------
  const LEFT = 44, RIGHT = 52;  // the plot's margins in the strip, px

  // the strip's time axis, 0 to the scene's end (s); null with nothing to plot
  function span() {
    const tm = record && record.telemetry;
    if (!tm || !tm.t_s.length) return null;
    return Math.max(tm.t_end_s || 0, tm.t_s[tm.t_s.length - 1]) || 1;
  }

  const xOf = (t, t1, w) => LEFT + (w - LEFT - RIGHT) * t / t1;

  function drawStrip() {
    if (!strip) return;
    const w = strip.width, h = strip.height;
    stripBase = document.createElement("canvas");
    stripBase.width = w; stripBase.height = h;
    const g = stripBase.getContext("2d");
    g.fillStyle = "#10131a"; g.fillRect(0, 0, w, h);
    const t1 = span();
    if (t1 === null) {
      g.fillStyle = "#778"; g.font = "12px sans-serif";
      g.fillText(record ? "no flight to plot" : "computing the flight…", 10, 20);
      return;
    }
    const tm = record.telemetry;
    const x = t => xOf(t, t1, w);
    const plot = (ys, colour, label, unit, right) => {
      const top = Math.max(...ys) * 1.08 || 1;
      const y = v => h - 18 - (h - 30) * v / top;
      g.strokeStyle = colour; g.lineWidth = 1.5; g.beginPath();
      tm.t_s.forEach((t, i) => (i ? g.lineTo(x(t), y(ys[i])) : g.moveTo(x(t), y(ys[i]))));
      g.stroke();
      g.fillStyle = colour; g.font = "11px sans-serif";
      g.fillText(label + " (max " + fmt(Math.max(...ys)) + " " + unit + ")", right ? w - 230 : 48, 12);
    };
    g.strokeStyle = "#333a48"; g.lineWidth = 1;
    g.beginPath(); g.moveTo(LEFT, h - 18); g.lineTo(w - RIGHT, h - 18); g.stroke();
    g.fillStyle = "#889"; g.font = "10px sans-serif";
    const step = [10, 30, 60, 120, 300, 600, 1200, 1800, 3600].find(s => t1 / s <= 10) || 7200;
    for (let t = 0; t <= t1; t += step) g.fillText("T+" + t + " s", x(t) - 10, h - 5);
    for (const e of tm.events) {
      g.strokeStyle = e.nominal ? "#5a6478" : "#ff3030";
      g.beginPath(); g.moveTo(x(e.t_s), 16); g.lineTo(x(e.t_s), h - 18); g.stroke();
    }
    plot(tm.altitude_km, "#f2d22e", "altitude", "km", false);
    plot(tm.speed_m_s, "#59c3ff", "speed", "m/s", true);
  }

  function drawCursor() {
    if (!strip || !stripBase) return;
    const g = strip.getContext("2d");
    g.drawImage(stripBase, 0, 0);
    const t1 = span();
    if (t1 === null) return;
    const xc = xOf(Math.min(now.t, t1), t1, strip.width);
    strip.dataset.t = now.t.toFixed(1);  // where the cursor stands, for tests and tools
    g.strokeStyle = "#ffffff"; g.lineWidth = 1.5;
    g.beginPath(); g.moveTo(xc, 14); g.lineTo(xc, strip.height - 16); g.stroke();
    g.fillStyle = "#fff"; g.font = "11px sans-serif";
    g.fillText("T+" + fmt(now.t) + " s", Math.min(xc + 4, strip.width - 70), strip.height - 24);
  }

  function timeAt(evt) {
    const t1 = span();
    if (t1 === null) return null;
    const box = strip.getBoundingClientRect();
    const f = (evt.clientX - box.left - LEFT) / (box.width - LEFT - RIGHT);
    return Math.max(0, Math.min(1, f)) * t1;
  }

  let dragging = false, lastSeek = 0;
  function seek(evt) {
    const t = timeAt(evt);
    if (t === null || performance.now() - lastSeek < 80) return;
    lastSeek = performance.now();
    ask({t: t.toFixed(1)});
  }

  // -- what the scene says -------------------------------------------------------------------
  function address() {
    const q = "?mission=" + encodeURIComponent(now.mission) + "&t=" + Math.round(now.t) +
      "&camera=" + encodeURIComponent(now.camera);
    const soon = performance.now() - lastAddressAt < 1000;
    if (q === lastAddress || (now.playing && soon)) return;
    lastAddress = q;
    lastAddressAt = performance.now();
    history.replaceState(null, "", q);
  }

  async function load() {
    const res = await fetch("/launchlog/mission.json", {cache: "no-store"}).catch(() => null);
    if (!res || !res.ok) return;
    const r = await res.json();
    if (!r.slug) return;
    record = r;
    renderPanel(r);
    renderLegend(r);
    drawStrip();
    drawCursor();
    document.body.dataset.mission = r.slug;
  }

  function heard() {
    const s = document.querySelector("span.ll-sync");
    if (!s) return;
    const d = s.dataset;
    now = {mission: d.mission || "", t: Number(d.t) || 0, camera: d.camera || "earth", playing: d.playing === "1"};
    if (d.rev !== rev) { rev = d.rev; load(); fit(); } else if (!asked) fit();
    drawCursor();
    address();
  }

  function start() {
    panel = el("aside", null);
    panel.id = "ll-panel";
    panel.append(el("div", "ll-sub", "computing the flight…"));
    legend = el("div", null);
    legend.id = "ll-legend";
    strip = el("canvas", null);
    strip.id = "ll-strip";
    strip.height = STRIP_H;
    strip.width = 800;
    strip.title = "altitude and speed against mission time: click or drag to go there";
    strip.addEventListener("mousedown", e => { dragging = true; lastSeek = 0; seek(e); });
    window.addEventListener("mouseup", () => { dragging = false; });
    strip.addEventListener("mousemove", e => { if (dragging) seek(e); });
    document.body.append(panel);
    document.getElementById("glowscript").after(strip);
    drawStrip();
    drawCursor();
    new MutationObserver(heard).observe(document.getElementById("glowscript"),
      {childList: true, subtree: true, attributes: true, characterData: true});
    // the find box searches as one types (Enter still searches at once)
    let typing = null;
    document.addEventListener("input", e => {
      if (!(e.target instanceof HTMLInputElement) || e.target.type !== "text") return;
      clearTimeout(typing);
      const words = e.target.value;
      typing = setTimeout(() => ask({find: words}), 200);
    });
  }
  document.addEventListener("DOMContentLoaded", start);
})();
