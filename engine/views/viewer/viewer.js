// Chainrule's graph viewer: steps a laid-out backward pass in the browser, with no server.
//
// The SVG it is given (engine/views/graphsvg.py) already holds every version of every label;
// a step shows the versions due at that step and sets each element's state class
// (pending, current, done). Around it: a camera that follows the pass (pans and zooms so
// the current step is centred and legible), free pan and zoom (wheel, drag, pinch,
// + - 0 keys), an overview of the whole graph, click-to-inspect on value boxes, and a
// stepper (buttons, slider, keys, autoplay). Several viewers on one page are independent;
// the keys go to the one used last.
//
// chainruleViewer(root, payload, host) builds a viewer in `root` and returns its handle;
// host.onStep(k) hears every step the user takes (the app sends it to its server, a
// notebook ignores it). All text is set with textContent: nothing here parses HTML but the
// SVG and its JSON, which the engine wrote.

const CRV_MIN_TEXT_PX = 16.5; // the current step's text on screen, at least
const CRV_MAX_SCALE = 2.4; // a small graph shown whole grows up to this
const CRV_MAX_STEP_SCALE = 1.7; // the camera on one step zooms no closer: context stays
const CRV_HIDDEN_PARTS = { downstream: [2], local: [1, 2] };
// One registry per page, whatever number of copies of this script it holds (a notebook
// has one per output): the viewers, the one used last (keys go to it), one key listener.
const crvPage = (window.__chainruleViewers = window.__chainruleViewers || { viewers: [], active: null, keys: false });

function crvEl(tag, attrs, text) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) el.setAttribute(k, v);
  if (text !== undefined) el.textContent = text;
  return el;
}

function crvParseSvg(markup) {
  const doc = new DOMParser().parseFromString(markup, "image/svg+xml");
  return document.importNode(doc.documentElement, true);
}

function chainruleViewer(root, payload, host) {
  const meta = payload.meta;
  const L = payload.labels;
  const n = meta.n;
  const F = meta.fontSize;
  const view = { x: meta.bounds[0] / 2, y: meta.bounds[1] / 2, s: 1 };
  const state = {
    step: 0,
    follow: true,
    playing: false,
    timer: null,
    hide: payload.hide || null,
    animation: null,
    overviewOn: true,
  };

  // -- the page -----------------------------------------------------------------------------
  root.textContent = "";
  const box = crvEl("div", { class: "crv" });
  box.style.setProperty("--crv-height", payload.height || "70vh");
  const bar = crvEl("div", { class: "crv-bar", role: "toolbar", "aria-label": L.stepper });
  const button = (act, text, label, cls) => {
    const b = crvEl("button", { type: "button", "data-act": act, "aria-label": label, title: label });
    b.textContent = text;
    if (cls) b.className = cls;
    bar.appendChild(b);
    return b;
  };
  const buttons = {
    first: button("first", "|◀", L.first),
    previous: button("previous", "◀ " + L.previous, L.previous),
    next: button("next", L.next + " ▶", L.next, "primary"),
    last: button("last", "▶|", L.last),
    play: button("play", "▶ " + L.play, L.play),
  };
  const speed = crvEl("select", { "aria-label": L.speed, title: L.speed, "data-act": "speed" });
  for (const s of [0.5, 1, 2, 3]) {
    const o = crvEl("option", { value: String(s) }, L.seconds.replace("{s}", String(s)));
    if (s === (payload.speed || 1)) o.selected = true;
    speed.appendChild(o);
  }
  bar.appendChild(speed);
  const status = crvEl("span", { class: "crv-status", "aria-live": "polite" });
  bar.appendChild(status);
  const slider = crvEl("input", {
    type: "range", min: "0", max: String(n), step: "1", value: "0",
    "aria-label": L.slider, "data-act": "slider",
  });
  bar.appendChild(slider);
  const zoom = crvEl("div", { class: "crv-zoom", role: "toolbar", "aria-label": L.zoom });
  const zoomButton = (act, text, label) => {
    const b = crvEl("button", { type: "button", "data-act": act, "aria-label": label, title: label }, text);
    zoom.appendChild(b);
    return b;
  };
  zoomButton("zoomin", "+", L.zoomIn);
  zoomButton("zoomout", "−", L.zoomOut);
  zoomButton("fit", "⤢", L.fitLong);
  zoomButton("follow", "◎", L.follow);
  box.appendChild(bar);

  const frame = crvEl("div", { class: "crv-frame" });
  const stage = crvEl("div", {
    class: "crv-stage", "data-testid": "chainrule-graph", "data-step": "0", tabindex: "0",
    "aria-label": L.graph,
  });
  const svg = crvParseSvg(payload.svg);
  svg.removeAttribute("width");
  svg.removeAttribute("height");
  svg.setAttribute("preserveAspectRatio", "xMidYMid meet");
  stage.appendChild(svg);
  frame.appendChild(stage);

  const overview = crvEl("div", { class: "crv-overview", "data-testid": "chainrule-overview", title: L.overview });
  const mini = svg.cloneNode(true);
  mini.querySelectorAll("text, title").forEach((t) => t.remove());
  mini.setAttribute("viewBox", `0 0 ${meta.bounds[0]} ${meta.bounds[1]}`);
  const lens = document.createElementNS("http://www.w3.org/2000/svg", "rect");
  lens.setAttribute("class", "crv-lens");
  mini.appendChild(lens);
  overview.appendChild(mini);
  frame.appendChild(overview);

  frame.appendChild(zoom);
  zoom.addEventListener("click", (event) => {
    const b = event.target.closest("button");
    if (!b) return;
    crvPage.active = handle;
    const act = b.getAttribute("data-act");
    if (act === "zoomin") zoomBy(1.25);
    else if (act === "zoomout") zoomBy(0.8);
    else if (act === "fit") fitAll();
    else if (act === "follow") { state.follow = true; moveTo(target(state.step), true); }
  });
  const inspect = crvEl("div", { class: "crv-inspect", role: "dialog", "aria-label": L.inspect });
  inspect.hidden = true;
  frame.appendChild(inspect);
  box.appendChild(frame);

  const legend = crvEl("div", { class: "crv-legend" });
  for (const role of ["value", "upstream", "local", "downstream"]) {
    const item = crvEl("span", { class: "crv-key crv-" + role });
    item.appendChild(crvEl("span", { class: "crv-swatch" }));
    item.appendChild(document.createTextNode(L.legend[role]));
    legend.appendChild(item);
  }
  legend.appendChild(crvEl("span", { class: "crv-key crv-states" }, L.legend.states));
  box.appendChild(legend);
  // A panel per step, written by the engine (engine/views/slides.py, HTML-escaped there).
  const panels = payload.panels || null;
  const panel = crvEl("div", { class: "crv-panel", "aria-live": "polite" });
  if (panels) {
    box.classList.add("with-panel");
    box.appendChild(panel);
  }
  root.appendChild(box);

  // -- what stepping touches, found once ------------------------------------------------------
  const index = (svgRoot) => {
    const parts = [];
    for (const g of svgRoot.querySelectorAll("g.node, g.edge")) {
      const isEdge = g.classList.contains("edge");
      const step = g.hasAttribute("data-step") ? Number(g.getAttribute("data-step")) : null;
      const done = g.hasAttribute("data-done") ? Number(g.getAttribute("data-done")) : null;
      const kind = isEdge ? "edge" : g.classList[1];
      const grad = g.getAttribute("data-grad") === "1";
      const out = g.getAttribute("data-out");  // an input edge: the value its op writes
      const item = { g, isEdge, step, done, kind, grad, out, name: g.getAttribute("data-name"), parts: [] };
      for (const p of g.querySelectorAll(".part")) {
        const vers = Array.from(p.children).map((v) => ({ el: v, from: Number(v.getAttribute("data-from")) }));
        item.parts.push({ index: Number(p.getAttribute("data-part")), vers });
      }
      parts.push(item);
    }
    return parts;
  };
  const items = index(svg);
  const miniItems = index(mini);
  const byName = new Map(items.filter((i) => !i.isEdge).map((i) => [i.name, i]));

  const stateOf = (item, k) => {
    if (item.kind === "constant" || item.kind === "proxy") return item.kind;
    if (item.kind === "value") return item.done !== null && item.done <= k ? "done" : "pending";
    if (item.step === null) return "pending";
    return item.step === k ? "current" : item.step < k ? "done" : "pending";
  };
  const quizHidden = (k) => {
    const h = state.hide;
    if (!h || k === 0) return null;
    if ((h.revealed || []).includes(k)) return null;
    return { parts: CRV_HIDDEN_PARTS[h.quantity] || [], nodes: new Set(meta.hideNodes[String(k)] || []) };
  };
  const paint = (list, k, hidden, overviewCopy) => {
    for (const item of list) {
      const s = stateOf(item, k);
      const cls = item.g.classList;
      for (const c of ["pending", "current", "done"]) cls.toggle(c, !overviewCopy && c === s);
      if (overviewCopy) {
        cls.toggle("ov-pending", s === "pending");
        cls.toggle("ov-done", s === "done");
        cls.toggle("here", s === "current");
        continue;
      }
      // Quiz mode: the boxes the hidden step sends gradients to are drawn as before it, and
      // so are their own edges further back (their upstream would give the answer away).
      let at = k;
      if (hidden && hidden.nodes.has(item.isEdge ? item.out : item.name)) at = k - 1;
      for (const part of item.parts) {
        let partAt = at;
        if (hidden && item.isEdge && item.grad && item.step === k && hidden.parts.includes(part.index)) partAt = 0;
        let shown = 0;
        part.vers.forEach((v, i) => { if (v.from <= partAt) shown = i; });
        part.vers.forEach((v, i) => v.el.classList.toggle("off", i !== shown));
      }
    }
  };

  // -- the camera ----------------------------------------------------------------------------
  const size = () => [Math.max(stage.clientWidth, 1), Math.max(stage.clientHeight, 1)];
  const applyView = () => {
    const [W, H] = size();
    const w = W / view.s, h = H / view.s;
    svg.setAttribute("viewBox", `${view.x - w / 2} ${view.y - h / 2} ${w} ${h}`);
    lens.setAttribute("x", view.x - w / 2);
    lens.setAttribute("y", view.y - h / 2);
    lens.setAttribute("width", w);
    lens.setAttribute("height", h);
    stage.setAttribute("data-scale", view.s.toFixed(3));
  };
  const fitScale = (bw, bh, margin) => {
    const [W, H] = size();
    return Math.min(W / (bw + 2 * margin), H / (bh + 2 * margin));
  };
  const wholeScale = () => fitScale(meta.bounds[0], meta.bounds[1], 12);
  // The whole graph whenever it is legible whole: context beats zoom.
  const wholeLegible = () => wholeScale() * F >= CRV_MIN_TEXT_PX;
  const target = (k) => {
    if (wholeLegible()) {
      return { x: meta.bounds[0] / 2, y: meta.bounds[1] / 2, s: Math.min(wholeScale(), CRV_MAX_SCALE) };
    }
    const bounds = (names) => {
      let x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
      for (const name of names) {
        const p = meta.positions[name];
        if (!p) continue;
        x0 = Math.min(x0, p[0]); y0 = Math.min(y0, p[1]);
        x1 = Math.max(x1, p[0] + p[2]); y1 = Math.max(y1, p[1] + p[3]);
      }
      return isFinite(x0) ? [x0, y0, x1, y1] : null;
    };
    // The step itself (its operation, output and cards) always; its inputs too when all of
    // it fits legibly, else the camera centres on the step and the inputs run off the edge.
    const [core, inputs] = meta.frames[String(k)] || [[], []];
    const least = CRV_MIN_TEXT_PX / F;
    let box = bounds(core.concat(inputs));
    if (!box) return { ...view };
    if (fitScale(box[2] - box[0], box[3] - box[1], 18) < least) box = bounds(core) || box;
    const s = Math.max(least, Math.min(fitScale(box[2] - box[0], box[3] - box[1], 18), CRV_MAX_STEP_SCALE));
    return { x: (box[0] + box[2]) / 2, y: (box[1] + box[3]) / 2, s };
  };
  const moveTo = (goal, animate) => {
    if (state.animation) cancelAnimationFrame(state.animation);
    const reduce = window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches;
    if (!animate || reduce) {
      Object.assign(view, goal);
      applyView();
      return;
    }
    const from = { ...view }, started = performance.now(), ms = 260;
    const tick = (now) => {
      const u = Math.min(1, (now - started) / ms), e = 1 - Math.pow(1 - u, 3);
      view.x = from.x + (goal.x - from.x) * e;
      view.y = from.y + (goal.y - from.y) * e;
      view.s = from.s * Math.pow(goal.s / from.s, e);
      applyView();
      state.animation = u < 1 ? requestAnimationFrame(tick) : null;
    };
    state.animation = requestAnimationFrame(tick);
  };
  const updateOverview = () => {
    const whole = wholeLegible();
    overview.hidden = whole || !state.overviewOn;
    if (!overview.hidden) {
      const [W, H] = size();
      const ratio = meta.bounds[0] / Math.max(meta.bounds[1], 1);
      let w = Math.min(220, W * 0.22), h = w / ratio;
      if (h > Math.min(160, H * 0.34)) { h = Math.min(160, H * 0.34); w = h * ratio; }
      overview.style.width = `${w}px`;
      overview.style.height = `${h}px`;
    }
  };

  // -- stepping --------------------------------------------------------------------------------
  let reportTimer = null;
  const setStep = (k, opts = {}) => {
    k = Math.max(0, Math.min(n, Math.round(k)));
    const hidden = quizHidden(k);
    paint(items, k, hidden, false);
    paint(miniItems, k, null, true);
    state.step = k;
    stage.setAttribute("data-step", String(k));
    status.textContent = L.stepOf.replace("{k}", String(k)).replace("{n}", String(n));
    slider.value = String(k);
    buttons.first.disabled = buttons.previous.disabled = k === 0;
    buttons.next.disabled = buttons.last.disabled = k === n;
    buttons.play.disabled = n === 0;
    if (panels) panel.innerHTML = panels[k] || "";
    if (state.follow || opts.refollow) {
      state.follow = true;
      moveTo(target(k), !opts.instant);
    }
    if (!inspect.hidden && inspect.dataset.name) showInspect(inspect.dataset.name);
    if (opts.fromUser && host && host.onStep) {
      clearTimeout(reportTimer);
      reportTimer = setTimeout(() => host.onStep(state.step), opts.playing ? 0 : 120);
    }
  };
  const move = (act) => {
    const k = state.step;
    const goal = { first: 0, previous: k - 1, next: k + 1, last: n }[act];
    if (goal === undefined) return;
    stop();
    setStep(goal, { fromUser: true, refollow: true });
  };
  const stop = () => {
    state.playing = false;
    clearTimeout(state.timer);
    buttons.play.textContent = "▶ " + L.play;
    buttons.play.setAttribute("aria-label", L.play);
  };
  const play = () => {
    if (state.playing) { stop(); return; }
    if (state.step >= n) setStep(0, { fromUser: true, refollow: true });
    state.playing = true;
    buttons.play.textContent = "⏸ " + L.pause;
    buttons.play.setAttribute("aria-label", L.pause);
    const period = Number(speed.value) * 1000;
    const started = performance.now();
    let ticks = 0;
    const tick = () => {
      if (!state.playing) return;
      ticks += 1;
      setStep(state.step + 1, { fromUser: true, refollow: true, playing: true });
      if (state.step >= n) { stop(); return; }
      // Paced from the start, not from the last tick: no drift however long a step takes.
      state.timer = setTimeout(tick, Math.max(0, started + (ticks + 1) * period - performance.now()));
    };
    state.timer = setTimeout(tick, period);
  };

  // -- inspecting a value box ------------------------------------------------------------------
  const showInspect = (name) => {
    const info = meta.inspect[name];
    if (!info) return;
    const k = state.step;
    inspect.textContent = "";
    inspect.dataset.name = name;
    const close = crvEl("button", { type: "button", class: "crv-close", "aria-label": L.close }, "×");
    close.onclick = () => { inspect.hidden = true; inspect.dataset.name = ""; };
    inspect.appendChild(close);
    inspect.appendChild(crvEl("div", { class: "crv-inspect-title" }, `${info.name}  ${info.shape}`));
    const line = (label, text, role) => {
      const row = crvEl("div", { class: "crv-inspect-row" });
      row.appendChild(crvEl("span", { class: "crv-inspect-label" }, label + " "));
      row.appendChild(crvEl("span", { class: "crv-" + role }, text));
      inspect.appendChild(row);
    };
    line(L.inspectValue, info.value, "value");
    const received = info.contributions.filter((c) => c.step <= k);
    const complete = info.complete !== null && info.complete <= k;
    const gradient = complete ? info.gradient
      : L.inspectPartial.replace("{r}", String(received.length)).replace("{e}", String(info.contributions.length));
    line(L.inspectGradient.replace("{k}", String(k)), gradient, "downstream");
    for (const c of info.contributions) {
      const arrived = c.step <= k;
      const text = L.inspectFrom.replace("{name}", c.from).replace("{s}", String(c.step));
      line(text, arrived ? c.value : "?", arrived ? "downstream" : "muted");
    }
    inspect.hidden = false;
  };

  // -- input: buttons, keys, pointer -------------------------------------------------------------
  bar.addEventListener("click", (event) => {
    const b = event.target.closest("button");
    if (!b) return;
    crvPage.active = handle;
    const act = b.getAttribute("data-act");
    if (act === "play") play();
    else move(act);
  });
  slider.addEventListener("input", () => { stop(); crvPage.active = handle; setStep(Number(slider.value), { fromUser: true, refollow: true }); });
  speed.addEventListener("change", () => { if (state.playing) { stop(); play(); } });
  const zoomBy = (factor, px, py) => {
    state.follow = false;
    const [W, H] = size();
    const s = Math.max(0.05, Math.min(8, view.s * factor));
    if (px !== undefined) { // keep the point under the cursor where it is
      const gx = view.x + (px - W / 2) / view.s, gy = view.y + (py - H / 2) / view.s;
      view.x = gx - (px - W / 2) / s;
      view.y = gy - (py - H / 2) / s;
    }
    view.s = s;
    applyView();
  };
  const fitAll = () => {
    state.follow = false;
    moveTo({ x: meta.bounds[0] / 2, y: meta.bounds[1] / 2, s: wholeScale() }, true);
  };
  stage.addEventListener("wheel", (event) => {
    event.preventDefault();
    const r = stage.getBoundingClientRect();
    zoomBy(Math.exp(-event.deltaY * 0.0015), event.clientX - r.left, event.clientY - r.top);
  }, { passive: false });
  const pointers = new Map();
  let drag = null;
  stage.addEventListener("pointerdown", (event) => {
    crvPage.active = handle;
    pointers.set(event.pointerId, [event.clientX, event.clientY]);
    stage.setPointerCapture(event.pointerId);
    drag = { x: event.clientX, y: event.clientY, vx: view.x, vy: view.y, moved: false, target: event.target };
    if (pointers.size === 2) {
      const [a, b] = Array.from(pointers.values());
      drag.pinch = { d: Math.hypot(a[0] - b[0], a[1] - b[1]), s: view.s };
    }
  });
  stage.addEventListener("pointermove", (event) => {
    if (!pointers.has(event.pointerId) || !drag) return;
    pointers.set(event.pointerId, [event.clientX, event.clientY]);
    if (pointers.size === 2 && drag.pinch) {
      const [a, b] = Array.from(pointers.values());
      const d = Math.hypot(a[0] - b[0], a[1] - b[1]);
      state.follow = false;
      view.s = Math.max(0.05, Math.min(8, drag.pinch.s * d / Math.max(drag.pinch.d, 1)));
      drag.moved = true;
      applyView();
      return;
    }
    const dx = event.clientX - drag.x, dy = event.clientY - drag.y;
    if (!drag.moved && Math.hypot(dx, dy) < 4) return;
    drag.moved = true;
    state.follow = false;
    view.x = drag.vx - dx / view.s;
    view.y = drag.vy - dy / view.s;
    applyView();
  });
  const release = (event) => {
    pointers.delete(event.pointerId);
    if (drag && !drag.moved && pointers.size === 0 && event.type === "pointerup") {
      const node = drag.target.closest && drag.target.closest("g.node.value");
      if (node) showInspect(node.getAttribute("data-name"));
    }
    if (pointers.size === 0) drag = null;
  };
  stage.addEventListener("pointerup", release);
  stage.addEventListener("pointercancel", release);
  overview.addEventListener("pointerdown", (event) => {
    event.stopPropagation();
    const r = mini.getBoundingClientRect();
    state.follow = false;
    moveTo({ x: (event.clientX - r.left) / r.width * meta.bounds[0],
             y: (event.clientY - r.top) / r.height * meta.bounds[1], s: view.s }, true);
  });

  // The keys go to the viewer used last: any touch or click inside it makes it that one.
  box.addEventListener("pointerdown", () => { crvPage.active = handle; }, true);
  box.addEventListener("focusin", () => { crvPage.active = handle; });

  const handle = {
    root, stage,
    get step() { return state.step; },
    setStep: (k) => { stop(); setStep(k, { refollow: true }); },
    setHide: (hide) => { state.hide = hide || null; setStep(state.step, { instant: true }); },
    key: (event) => {
      const keys = {
        ArrowRight: "next", ArrowLeft: "previous", Home: "first", End: "last",
        PageDown: "next", PageUp: "previous", " ": "next",  // a presenter's clicker too
      };
      if (keys[event.key]) { move(keys[event.key]); return true; }
      if (event.key === "+" || event.key === "=") { zoomBy(1.25); return true; }
      if (event.key === "-" || event.key === "_") { zoomBy(0.8); return true; }
      if (event.key === "0") { fitAll(); return true; }
      if (event.key === "f" || event.key === "F") { state.follow = true; moveTo(target(state.step), true); return true; }
      return false;
    },
    destroy: () => {
      stop();
      resize.disconnect();
      const i = crvPage.viewers.indexOf(handle);
      if (i >= 0) crvPage.viewers.splice(i, 1);
      if (crvPage.active === handle) crvPage.active = crvPage.viewers[0] || null;
    },
  };
  const resize = new ResizeObserver(() => {
    updateOverview();
    if (state.follow) moveTo(target(state.step), false);
    else applyView();
  });
  resize.observe(stage);
  crvPage.viewers.push(handle);
  if (!crvPage.active || !crvPage.active.root.isConnected) crvPage.active = handle;
  updateOverview();
  setStep(payload.step || 0, { instant: true });
  return handle;
}

function crvOnKey(event) {
  if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey) return;
  const t = event.target;
  if (t && (t.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(t.tagName))) {
    if (!(t.tagName === "INPUT" && t.type === "range" && t.closest(".crv"))) return;
  }
  const active = crvPage.active;
  const viewer = active && active.root.isConnected ? active : crvPage.viewers.find((v) => v.root.isConnected);
  if (viewer && viewer.key(event)) event.preventDefault();
}

if (!crvPage.keys) {
  crvPage.keys = true;
  document.addEventListener("keydown", (event) => crvOnKey(event));
}
