// The notebooks' worker (lib.js `compute`): it runs the analyses and figure builders off the
// page's main thread and answers with plain data. Scenarios arrive in their JSON form and
// are rebuilt by the scenario parser; simulations run the in-thread runner here, which
// reports progress and stops on an AbortSignal.
import { DEFAULT_DELAY_MODEL, paradigms, scenarioFromJson, simulateDelays, sojournWinnerSweep } from "../dist/index.js";
import * as plot from "../dist/plot/index.js";
import { boundForms, designAnswers, modelBoundsFigure, scoreAnswers } from "./questions.js";

/** The figure builders a page may ask for; the async ones simulate and report progress. */
const FIGURES = new Set(["regionMapFigure", "meanSojournFigure", "paradigmBoundsFigure", "qualityMapFigure", "qualityBoundFigure", "scoreBreakdownFigure", "stageViolationFigure", "tightnessFigure"]);
const SIMULATING = new Set(["stageViolationFigure", "tightnessFigure"]);

/** A simulation's length option by delay model (each model counts its own unit of work). */
const LENGTH_OPTION = Object.freeze({ fluid: "slots", request: "requests" });

const JOBS = {
  figure({ name, scenario, opts = {} }, ctx) {
    if (!FIGURES.has(name)) throw new RangeError(`worker: no figure named ${JSON.stringify(name)}`);
    const s = scenarioFromJson(scenario);
    // These two builders take a progress callback but no AbortSignal: a callback that throws
    // once the page has cancelled ends the run at the simulator's next progress step.
    return SIMULATING.has(name) ? plot[name](s, { ...opts, onProgress: ctx.progressOrAbort }) : plot[name](s, opts);
  },
  answers({ scenario, deadline, epsilon, model }) {
    return designAnswers(scenarioFromJson(scenario), { deadline, epsilon, model });
  },
  modelBounds({ scenario, ...opts }) {
    return modelBoundsFigure(scenarioFromJson(scenario), opts);
  },
  boundForms({ scenario, ...opts }) {
    return boundForms(scenarioFromJson(scenario), opts);
  },
  sojournSweep({ scenario, points }) {
    return sojournWinnerSweep(scenarioFromJson(scenario).params, points).map((r) => ({ ...r }));
  },
  scores({ scenario, ...opts }) {
    return scoreAnswers(scenarioFromJson(scenario), opts);
  },
  // One paradigm's end-to-end P(delay > d) at each deadline, simulated in the chosen model.
  async simulate({ scenario, paradigm, deadlines, model = DEFAULT_DELAY_MODEL, length, seed = 1 }, ctx) {
    const s = scenarioFromJson(scenario);
    const sim = await simulateDelays(paradigms(s.params)[paradigm], s, {
      model, deadlines, seed, [LENGTH_OPTION[model]]: length, progress: false, signal: ctx.signal, onProgress: ctx.progress,
    });
    return { model, endToEnd: sim.endToEnd.map((e) => ({ ...e })) };
  },
};

const running = new Map();

self.onmessage = async ({ data }) => {
  if (data.type === "abort") return void running.get(data.id)?.abort();
  const { id, job, args } = data;
  const controller = new AbortController();
  running.set(id, controller);
  let last = 0;
  const progress = (fraction) => {
    const now = performance.now();
    if (now - last < 50 && fraction < 1) return;
    last = now;
    self.postMessage({ type: "progress", id, fraction });
  };
  const ctx = {
    signal: controller.signal,
    progress,
    progressOrAbort: (fraction) => {
      controller.signal.throwIfAborted();
      progress(fraction);
    },
  };
  try {
    if (!Object.hasOwn(JOBS, job)) throw new RangeError(`worker: no job named ${JSON.stringify(job)}`);
    const value = await JOBS[job](args, ctx);
    self.postMessage({ type: "result", id, value });
  } catch (e) {
    self.postMessage({ type: "error", id, name: e?.name ?? "Error", message: e?.message ?? String(e) });
  } finally {
    running.delete(id);
  }
};
