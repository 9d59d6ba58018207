// The playground's own pieces: the scenario a reader pastes or drops (checked by the same
// parser as the command line's --scenario), and the share link that carries every input in
// the page's URL.
import { DELAY_MODELS, paperScenario, parseScenario, scenarioToJson } from "../../dist/index.js";

/** The knobs the playground shows, in order. */
export const PLAYGROUND_KNOBS = Object.freeze(["terminalTflops", "edgeTflops", "pathLossDb", "bandwidthMhz", "lambda", "priorSteps", "decoderSteps"]);

/**
 * The inputs a URL carries: `scenario` (a scenario file's JSON, when it is not the paper's),
 * one parameter per knob, `d`, `eps` and `model`. Values that do not parse are left out (the
 * page's defaults apply); a scenario that does not parse is reported in `scenarioError`.
 */
export function readState(search) {
  const q = new URLSearchParams(search);
  let base = paperScenario;
  let scenarioError = null;
  if (q.has("scenario")) {
    try {
      base = parseScenario(q.get("scenario"), "shared link");
    } catch (e) {
      scenarioError = `the link's scenario: ${e.message}`;
    }
  }
  const num = (k) => (q.has(k) && q.get(k).trim() !== "" && Number.isFinite(Number(q.get(k))) ? Number(q.get(k)) : undefined);
  const knobs = {};
  for (const k of PLAYGROUND_KNOBS) if (num(k) !== undefined) knobs[k] = num(k);
  const deadline = num("d") !== undefined && num("d") > 0 ? num("d") : undefined;
  const epsilon = num("eps") !== undefined && num("eps") > 0 && num("eps") < 1 ? num("eps") : undefined;
  const model = DELAY_MODELS.includes(q.get("model")) ? q.get("model") : undefined;
  return { base, scenarioError, knobs, deadline, epsilon, model };
}

/** The URL of the current inputs: `readState` of its query gives them back. */
export function shareUrl(location, { base, knobs, deadline, epsilon, model }) {
  const q = new URLSearchParams();
  if (base !== paperScenario) q.set("scenario", JSON.stringify(scenarioToJson(base)));
  for (const k of PLAYGROUND_KNOBS) if (knobs[k] !== undefined) q.set(k, String(knobs[k]));
  q.set("d", String(deadline));
  q.set("eps", String(epsilon));
  q.set("model", model);
  return `${location.origin}${location.pathname}?${q}`;
}

/**
 * Where a scenario comes from: a text box to paste a scenario file into, a file picker, a
 * drop zone, and a button back to the paper scenario. Its value is the scenario last loaded;
 * a file the parser refuses shows the parser's message (the field, the constraint and the
 * value, as `edgecalc --scenario` prints it) and changes nothing.
 */
export function scenarioSource(initial, initialError = null) {
  const root = document.createElement("div");
  root.className = "scenario-source";
  root.dataset.control = "scenario";
  root.value = initial;
  const text = Object.assign(document.createElement("textarea"), {
    rows: 5,
    placeholder: 'Paste a scenario file (JSON or JSON with comments), e.g.\n{ "extends": "paper", "name": "far", "link": { "pathLossDb": 130 } }\nor drop a .json/.jsonc file here.',
  });
  text.style.cssText = "width: 100%; max-width: 40em; font: 13px/1.4 monospace";
  const load = Object.assign(document.createElement("button"), { type: "button", textContent: "Load scenario", className: "scenario-load" });
  const reset = Object.assign(document.createElement("button"), { type: "button", textContent: "Paper scenario", className: "scenario-reset" });
  const file = Object.assign(document.createElement("input"), { type: "file", accept: ".json,.jsonc,application/json" });
  const status = Object.assign(document.createElement("div"), { id: "scenario-status" });
  const error = Object.assign(document.createElement("div"), { id: "scenario-error", role: "alert" });
  error.style.cssText = "color: #b00; white-space: pre-wrap";
  const show = (s) => (status.textContent = `Scenario: "${s.name}" — ${s.description}`);
  const use = (s) => {
    error.textContent = "";
    root.value = s;
    show(s);
    root.dispatchEvent(new Event("input", { bubbles: true }));
  };
  const tryLoad = (source, label) => {
    try {
      use(parseScenario(source, `scenario file ${label}`));
    } catch (e) {
      error.textContent = `${label}: ${e.message}`;
    }
  };
  load.addEventListener("click", () => tryLoad(text.value, "pasted scenario"));
  reset.addEventListener("click", () => use(paperScenario));
  const readFile = async (f) => {
    if (f !== undefined) tryLoad(await f.text(), f.name);
  };
  file.addEventListener("change", () => readFile(file.files[0]));
  root.addEventListener("dragover", (e) => e.preventDefault());
  root.addEventListener("drop", (e) => {
    e.preventDefault();
    readFile(e.dataTransfer.files[0]);
  });
  show(initial);
  if (initialError !== null) error.textContent = initialError;
  const buttons = document.createElement("div");
  buttons.append(load, " ", reset, " ", file);
  root.append(text, buttons, status, error);
  return root;
}

/** The knobs' values for a base scenario: the link's values on first load, the scenario's own after. */
export function startingKnobs(base, state, knobValues) {
  const own = knobValues(base, PLAYGROUND_KNOBS);
  return base === state.base ? { ...own, ...state.knobs } : own;
}
