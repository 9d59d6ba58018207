// What the notebooks and the playground share: inputs, live figures, and a worker that does
// the computing. Observable's own `Inputs` and `html` load from a CDN; here they are the
// same packages bundled from node_modules, so the pages run offline.
//
// Live pages keep the main thread free: every analysis runs in a Web Worker (worker.js), a
// cell only posts a request and draws the answer. A cell that re-runs because an input
// moved aborts its previous request through Observable's `invalidation` promise.
import Plotly from "../node_modules/plotly.js-dist-min/plotly.min.js";
import * as Inputs from "@observablehq/inputs";
import "@observablehq/inputs/dist/index.css";
import { html } from "htl";
import { DEFAULT_DELAY_MODEL, DELAY_MODELS, WEIGHT_PRESETS, scenarioFromJson, scenarioToJson } from "../dist/index.js";

export { Inputs, html };

// ---------------------------------------------------------------------------------------
// Plain DOM helpers.
// ---------------------------------------------------------------------------------------

/** A table element from a header and rows of strings/numbers; `id` marks it for the tests. */
export function table(header, rows, id) {
  const t = document.createElement("table");
  if (id) t.id = id;
  const head = t.createTHead().insertRow();
  for (const h of header) head.appendChild(Object.assign(document.createElement("th"), { textContent: h }));
  const body = t.createTBody();
  for (const r of rows) {
    const tr = body.insertRow();
    for (const c of r) tr.insertCell().textContent = typeof c === "number" ? number(c) : c;
  }
  return t;
}

/** A number as tables print it: 4 significant digits, Infinity as "∞". */
export function number(x) {
  if (x === Infinity) return "∞";
  return Number.isFinite(x) ? x.toPrecision(4) : String(x);
}

/** A paragraph with plain text. */
export function paragraph(text, id) {
  const p = Object.assign(document.createElement("p"), { textContent: text });
  if (id) p.id = id;
  return p;
}

/**
 * A figure's layout for the page: width capped to the notebook column, and tick labels never
 * hidden for overflowing the figure (Plotly's default measures every label's box on every
 * draw to find the ones to hide: 13–36 % of a redraw measured; automargin keeps them inside anyway).
 */
function plotLayout(fig) {
  const layout = { ...fig.layout, width: Math.min(fig.layout.width ?? 900, 1000) };
  for (const [k, v] of Object.entries(layout)) if (/^[xy]axis\d*$/.test(k) && v !== null && typeof v === "object") layout[k] = { ticklabeloverflow: "allow", ...v };
  return layout;
}

const PLOT_CONFIG = Object.freeze({ displaylogo: false });

/** An edgecalc figure drawn by Plotly once (width capped to the notebook column). */
export async function draw(fig) {
  const div = document.createElement("div");
  await Plotly.newPlot(div, fig.data, plotLayout(fig), PLOT_CONFIG);
  return div;
}

/**
 * A figure that stays on the page and redraws in place: `update(fig)` hands Plotly the new
 * data (Plotly.react diffs it, cheaper than a new plot), in a task of its own, and skips a
 * figure equal to the one drawn. `data-figure` names it and `data-updates` counts its draws,
 * for the browser tests.
 */
export function chart(name) {
  const div = document.createElement("div");
  div.dataset.figure = name;
  div.dataset.updates = "0";
  // Plotly measures text as it draws, which forces a layout: contained, that layout is the
  // chart's own rather than the whole page's.
  div.style.contain = "content";
  let drawn = Promise.resolve();
  let shown = null;
  div.update = (fig) => {
    drawn = drawn.then(async () => {
      const layout = plotLayout(fig);
      const key = JSON.stringify([fig.data, layout]);
      if (key === shown) return;
      // One task per figure: several figures redrawn in one task would add up.
      await nextTask();
      // At the figure's fixed size the containment can be strict (size included): the
      // layouts Plotly forces are then this box's alone, not the page an input just changed.
      if (layout.height !== undefined) {
        div.style.width = `${layout.width}px`;
        div.style.height = `${layout.height}px`;
        div.style.contain = "strict";
      }
      await Plotly.react(div, fig.data, layout, PLOT_CONFIG);
      shown = key;
      div.dataset.updates = String(Number(div.dataset.updates) + 1);
    });
    return drawn;
  };
  return div;
}

const nextTask = () => new Promise((resolve) => setTimeout(resolve, 0));

/** Marks an input with `data-control="name"` (the tests find inputs by it) and widens its label. */
export function named(name, input) {
  input.dataset.control = name;
  input.style.setProperty("--label-width", "13em");
  return input;
}

/** A labelled range slider; `onInput(value)` runs on every change. */
export function slider(label, { min, max, step, value }, onInput) {
  const wrap = document.createElement("label");
  wrap.textContent = `${label} `;
  const input = Object.assign(document.createElement("input"), { type: "range", min, max, step, value });
  const out = Object.assign(document.createElement("output"), { textContent: String(value) });
  input.addEventListener("input", () => {
    out.textContent = input.value;
    onInput(Number(input.value));
  });
  wrap.append(input, " ", out);
  return wrap;
}

// ---------------------------------------------------------------------------------------
// Scenario inputs: the knobs a reader turns, read from and written to a scenario's JSON
// form, so every changed scenario is rebuilt and checked by the scenario parser.
// ---------------------------------------------------------------------------------------

const TERA = 1e12; // sliders show TFLOP/s; scenarios hold FLOP/s
const MEGA = 1e6; // sliders show MHz; scenarios hold Hz

/** The scenario knobs: label, slider range and step, and where each lives in a scenario's JSON. */
export const KNOBS = Object.freeze({
  terminalTflops: { label: "f_UE, terminal (TFLOP/s)", min: 1, max: 300, step: 1, get: (j) => j.params.terminalFlops / TERA, set: (j, v) => (j.params.terminalFlops = v * TERA) },
  edgeTflops: { label: "f_ES, edge server (TFLOP/s)", min: 10, max: 1000, step: 1, get: (j) => j.params.edgeFlops / TERA, set: (j, v) => (j.params.edgeFlops = v * TERA) },
  pathLossDb: { label: "PL, path loss (dB)", min: 80, max: 150, step: 0.5, get: (j) => j.link.pathLossDb, set: (j, v) => (j.link.pathLossDb = v) },
  bandwidthMhz: { label: "B, bandwidth (MHz)", min: 1, max: 400, step: 1, get: (j) => j.link.bandwidthHz / MEGA, set: (j, v) => (j.link.bandwidthHz = v * MEGA) },
  lambda: { label: "λ, arrivals (requests/s)", min: 0.01, max: 2, step: 0.01, get: (j) => j.lambda, set: (j, v) => (j.lambda = v) },
  priorSteps: { label: "L_prior, prior steps", min: 0, max: 60, step: 1, get: (j) => j.params.priorSteps, set: (j, v) => (j.params.priorSteps = v) },
  decoderSteps: { label: "L_dec, decoding steps", min: 0, max: 30, step: 1, get: (j) => j.params.decoderSteps, set: (j, v) => (j.params.decoderSteps = v) },
  // Absent means deterministic compute times (SCV 0), the paradigms' default.
  terminalScv: { label: "terminal compute-time SCV", min: 0, max: 30, step: 0.5, get: (j) => j.params.terminalScv ?? 0, set: (j, v) => (j.params.terminalScv = v) },
});

/** The knobs' values in a scenario. */
export function knobValues(scenario, names = Object.keys(KNOBS)) {
  const j = scenarioToJson(scenario);
  return Object.fromEntries(names.map((n) => [n, KNOBS[n].get(j)]));
}

/**
 * A form of sliders for the named knobs, starting at `values` (default: the scenario's own).
 * Its value is `{ knob: number }`; a slider's range widens to hold a scenario's value.
 */
export function knobs(scenario, names, values = knobValues(scenario, names)) {
  return Inputs.form(
    Object.fromEntries(
      names.map((n) => {
        const k = KNOBS[n];
        const v = values[n];
        return [n, named(n, Inputs.range([Math.min(k.min, v), Math.max(k.max, v)], { label: k.label, step: k.step, value: v }))];
      }),
    ),
  );
}

/**
 * The scenario with the knobs set: its JSON form edited and parsed back (the parser checks
 * every value). A value the knobs left as it was keeps its source; a changed one is an "input".
 */
export function withKnobs(scenario, values) {
  const j = scenarioToJson(scenario);
  for (const [n, v] of Object.entries(values)) KNOBS[n].set(j, v);
  const s = scenarioFromJson(j, "input");
  const before = new Map(scenario.values.map((v) => [v.name, v]));
  const kept = (v) => (before.get(v.name)?.value === v.value ? before.get(v.name) : v);
  return Object.freeze({ ...s, values: Object.freeze(s.values.map(kept)) });
}

/** The delay model input: the scenario layer's models, its default first chosen. */
export function delayModelInput(value = DEFAULT_DELAY_MODEL) {
  return named("model", Inputs.select(DELAY_MODELS, { label: "delay model", value: DELAY_MODELS.includes(value) ? value : DEFAULT_DELAY_MODEL }));
}

/** The delay target d (seconds) and violation probability ε, on a log slider. */
export function targetInputs({ deadline = 6, epsilon = 1e-3 } = {}) {
  return Inputs.form({
    deadline: named("deadline", Inputs.range([0.1, Math.max(30, deadline)], { label: "delay target d (s)", step: 0.1, value: deadline })),
    epsilon: named("epsilon", Inputs.range([1e-9, 0.5], { label: "violation probability ε", transform: Math.log, format: (x) => x.toExponential(1), value: epsilon })),
  });
}

/** The scoring preset: one of the scores module's presets; it sets the weight sliders. */
export function presetInput(value = "balanced") {
  return named("preset", Inputs.select(Object.keys(WEIGHT_PRESETS), { label: "scoring preset", value }));
}

/** One slider per criterion, starting at a preset's weights (to 0.01); the scores normalize them. */
export function weightInputs(preset) {
  const w = WEIGHT_PRESETS[preset] ?? WEIGHT_PRESETS.balanced;
  return Inputs.form(Object.fromEntries(Object.keys(w).map((c) => [c, named(`weight-${c}`, Inputs.range([0, 1], { label: `weight: ${c}`, step: 0.01, value: Math.round(w[c] * 100) / 100 }))])));
}

// ---------------------------------------------------------------------------------------
// The worker: requests in, plain results out.
// ---------------------------------------------------------------------------------------

const lanes = new Map();

function abortError() {
  return new DOMException("superseded or cancelled", "AbortError");
}

/** One worker per lane, running one request at a time, first come first served. */
function lane(name) {
  let l = lanes.get(name);
  if (l) return l;
  const worker = new Worker(new URL("./worker.js", import.meta.url), { type: "module" });
  l = { worker, queue: [], running: null, next: 0 };
  const current = l;
  worker.onmessage = ({ data }) => {
    const r = current.running;
    if (r === null || data.id !== r.id) return;
    if (data.type === "progress") {
      if (!r.aborted) r.onProgress?.(data.fraction);
      return;
    }
    current.running = null;
    if (r.aborted) r.onStopped?.(data.type === "error" && data.name === "AbortError");
    else if (data.type === "result") r.resolve(data.value);
    else r.reject(Object.assign(new Error(data.message), { name: data.name }));
    pump(current);
  };
  worker.onerror = (e) => {
    const r = current.running;
    current.running = null;
    r?.reject(new Error(`worker: ${e.message}`));
    pump(current);
  };
  lanes.set(name, l);
  return l;
}

function pump(l) {
  while (l.running === null && l.queue.length > 0) {
    const r = l.queue.shift();
    if (r.aborted) continue;
    l.running = r;
    l.worker.postMessage({ type: "run", id: r.id, job: r.job, args: r.args });
  }
}

/**
 * Runs `job` (see worker.js) with `args` in the worker of `laneName`; resolves to its
 * result. `signal` or `invalidation` aborts it: a queued request is dropped, a running one is
 * told to stop (a simulation stops within a few milliseconds; a bounded computation runs to
 * its end and its answer is dropped). `onProgress(fraction)` hears a simulation's progress;
 * `onStopped(early)` hears when the worker is done with an aborted run (early: it stopped
 * before the end).
 */
export function compute(laneName, job, args, { invalidation, signal, onProgress, onStopped } = {}) {
  const l = lane(laneName);
  return new Promise((resolve, reject) => {
    const r = { id: l.next++, job, args, resolve, reject, onProgress, onStopped, aborted: false };
    const abort = () => {
      if (r.aborted) return;
      r.aborted = true;
      if (l.running === r) l.worker.postMessage({ type: "abort", id: r.id });
      reject(abortError());
    };
    if (signal?.aborted) return abort();
    signal?.addEventListener("abort", abort, { once: true });
    invalidation?.then(abort);
    l.queue.push(r);
    pump(l);
  });
}

/**
 * A simulation with a progress bar and a cancel button. `element` shows it; `result`
 * resolves when a run completes. Cancel stops the run in the worker and offers "run again";
 * `result` stays pending until a run completes (the figures below keep their last drawing)
 * or the cell re-runs (then it rejects, and the runtime drops the stale run).
 */
export function simulation(laneName, job, args, { invalidation, label = "simulating" } = {}) {
  const bar = Object.assign(document.createElement("progress"), { max: 1, value: 0 });
  const text = Object.assign(document.createElement("span"), { className: "sim-status", textContent: `${label}: starting` });
  const button = Object.assign(document.createElement("button"), { type: "button", className: "sim-cancel", textContent: "Cancel" });
  const element = document.createElement("div");
  element.className = "sim-run";
  element.dataset.state = "running";
  element.append(bar, " ", button, " ", text);
  let controller = null;
  let finish;
  let fail;
  const result = new Promise((resolve, reject) => {
    finish = resolve;
    fail = reject;
  });
  const start = () => {
    controller = new AbortController();
    const started = performance.now();
    element.dataset.state = "running";
    button.textContent = "Cancel";
    bar.value = 0;
    text.textContent = `${label}: 0 %`;
    compute(laneName, job, args, {
      signal: controller.signal,
      onProgress: (f) => {
        bar.value = f;
        text.textContent = `${label}: ${Math.round(100 * f)} %`;
      },
      onStopped: (early) => {
        if (element.dataset.state !== "cancelled") return;
        element.dataset.state = "stopped";
        text.textContent += early ? " — the worker stopped" : " — the run had already finished";
      },
    }).then(
      (value) => {
        element.dataset.state = "done";
        bar.value = 1;
        button.remove();
        text.textContent = `${label}: done in ${((performance.now() - started) / 1000).toFixed(1)} s (in a worker)`;
        finish(value);
      },
      (e) => {
        if (e.name === "AbortError") return;
        element.dataset.state = "error";
        text.textContent = `${label}: failed — ${e.message}`;
        button.textContent = "Run again";
      },
    );
  };
  button.addEventListener("click", () => {
    if (element.dataset.state === "running") {
      // "cancelled" until the worker confirms, then "stopped".
      controller.abort();
      element.dataset.state = "cancelled";
      button.textContent = "Run again";
      text.textContent = `${label}: cancelled at ${Math.round(100 * bar.value)} %`;
    } else {
      start();
    }
  });
  // The runtime starts a cell's next run only once its last run has settled: a re-run (an
  // input moved) ends this one, cancelled or not.
  invalidation?.then(() => {
    controller?.abort();
    fail(abortError());
  });
  start();
  return { element, result };
}

/** A scenario as the worker takes it: its JSON form (a structured clone of plain data). */
export function scenarioArg(scenario) {
  return scenarioToJson(scenario);
}
