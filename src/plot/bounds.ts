/**
 * The paper's delay figures. Fig. 8 analog: per stage and end to end, the simulated
 * violation frequency (with its interval) against the SNC bound, in the exact-sum, the
 * paper's and (single stage) the martingale forms; beside them, end to end, the
 * request-level response time (its simulation and its exact value or bound). Fig. 9
 * analog: the three paradigms' bounds at the same arrival rate, fluid and request-level.
 * Every curve is labelled with its delay model.
 *
 * @module
 */

import { PARADIGM_KEYS, PARADIGM_LABELS, type ParadigmKey } from "../compare/index.js";
import { paradigms, type ParadigmScenario } from "../pipeline/index.js";
import { type RequestSimulation, scenarioArrivals, scenarioService, simulateDelays, slotsToSeconds, violationBoundCurve } from "../scenario/index.js";
import { type BoundForm as Form, delayBoundCurve } from "../snc/index.js";
import { positiveInteger, show } from "../util/validate.js";
import { boundTrace, delayGrid, FLUID, simulationTrace, type DelayGridOptions } from "./delays.js";
import { baseLayout, legendNames, PARADIGM_COLORS, STAGE_COLORS } from "./style.js";
import type { Figure, Trace } from "./types.js";
import { asCaller, asCallerAsync, checkScenario, given, optionsOf } from "./check.js";

/** Options of {@link paradigmBoundsFigure}. */
export interface ParadigmBoundsOptions extends DelayGridOptions {
  /**
   * The request-level truth to draw beside the bounds: per paradigm, a request-model
   * simulation from the scenario layer's `simulateDelays` (at any deadlines; the figure
   * catalog passes one). Default none.
   */
  readonly simulated?: Readonly<Partial<Record<ParadigmKey, RequestSimulation>>>;
}

/** The request simulations given to the Fig. 9 analog, checked. */
function simulatedOption(fn: string, value: unknown): Readonly<Partial<Record<ParadigmKey, RequestSimulation>>> {
  if (value === undefined) return {};
  if (value === null || typeof value !== "object" || Array.isArray(value)) throw new TypeError(`${fn}: simulated must be an object of request simulations by paradigm, got ${show(value)}`);
  for (const [k, v] of Object.entries(value)) {
    if (!PARADIGM_KEYS.includes(k as ParadigmKey)) throw new TypeError(`${fn}: simulated.${k} is not a paradigm (${PARADIGM_KEYS.join(", ")})`);
    const sim = v as RequestSimulation | null;
    if (sim === null || typeof sim !== "object" || sim.model !== "request" || !Array.isArray(sim.endToEnd)) {
      throw new TypeError(`${fn}: simulated.${k} must be a request-model simulation (simulateDelays with model "request"), got ${show(v)}`);
    }
  }
  return value as Readonly<Partial<Record<ParadigmKey, RequestSimulation>>>;
}

/**
 * Figure (paper Fig. 9 analog): P(delay > t) bounds of the three paradigms at the
 * scenario's λ against the delay threshold (log y). The paper's fluid model (docs/model.md
 * §4): the exact-sum form (10) solid, the paper's closed form (12) dashed, the tandem
 * martingale bound (docs/model.md §10) dotted. The request model (docs/model.md §9):
 * the response time's exact P(T > t) or valid bound, dash-dotted, and — when `simulated`
 * gives them — its simulated truth with 95 % intervals (diamonds; the figure catalog
 * simulates every stable paradigm). Each legend entry names its model.
 *
 * @param scenario - a paradigm scenario
 * @param opts - {@link ParadigmBoundsOptions}
 * @returns the figure
 * @throws RangeError for invalid options or scenario parameters
 * @example
 * ```ts
 * paradigmBoundsFigure(paperScenario).data.length; // 12 (per paradigm three fluid forms and the request model)
 * ```
 */
export function paradigmBoundsFigure(scenario: ParadigmScenario, opts: ParadigmBoundsOptions = {}): Figure {
  return asCaller("paradigmBoundsFigure", () => {
    const ps = checkScenario("paradigmBoundsFigure", scenario);
    const simulated = simulatedOption("paradigmBoundsFigure", (optionsOf<ParadigmBoundsOptions>("paradigmBoundsFigure", "opts", opts)).simulated);
    const delays = delayGrid("paradigmBoundsFigure", scenario, opts);
    const xs = delays.map((d) => slotsToSeconds(d, scenario.slotSeconds));
    const data: Trace[] = [];
    const rows: (number | string | null)[][] = [];
    for (const k of PARADIGM_KEYS) {
      for (const form of ["exact", "paper", "martingale"] as const) {
        const bounds = violationBoundCurve(ps[k], scenario, xs, { ...FLUID, form });
        const ys = bounds.map((b) => b.probability);
        ys.forEach((y, i) => rows.push([k, form, delays[i], xs[i], y]));
        // An unstable paradigm's bound is 1 at every threshold, in every form: one legend entry
        // says so, instead of three that read like bounds.
        const unstable = bounds.length > 0 && !bounds[0].stable;
        const label = { exact: "exact sum (10)", paper: "paper form (12)", martingale: "martingale (tandem, docs/model.md §10)" }[form];
        const name = unstable
          ? `${PARADIGM_LABELS[k]} — unstable at λ = ${scenario.lambda}/s: no bound below 1 (every form, both models)`
          : `${PARADIGM_LABELS[k]} — fluid model: ${label}`;
        const trace = boundTrace(name, xs, ys, PARADIGM_COLORS[k], { exact: "solid", paper: "dash", martingale: "dot" }[form]);
        data.push(unstable && form !== "exact" ? { ...trace, showlegend: false } : trace);
      }
      const req = violationBoundCurve(ps[k], scenario, xs, { model: "request" });
      req.forEach((b, i) => rows.push([k, "request", delays[i], xs[i], b.probability]));
      const unstable = req.length > 0 && !req[0].stable;
      const kind = req.length > 0 && req.every((b) => b.exact) ? "exact P(T > t)" : `bound on P(T > t) (${req.length > 0 ? req[req.length - 1].method : "none"})`;
      const trace = boundTrace(`${PARADIGM_LABELS[k]} — request model: ${kind}`, xs, req.map((b) => b.probability), PARADIGM_COLORS[k], "dashdot");
      data.push(unstable ? { ...trace, showlegend: false } : trace);
      const sim = simulated[k];
      if (sim !== undefined) {
        const sx = sim.endToEnd.map((e) => e.deadlineSeconds);
        sim.endToEnd.forEach((e) => rows.push([k, "request simulation", null, e.deadlineSeconds, e.value]));
        data.push(simulationTrace(`${PARADIGM_LABELS[k]} — request model: simulated P(T > t), ${sim.run.requests.toLocaleString("en")} requests (95 % CI)`, sx, sim.endToEnd, PARADIGM_COLORS[k], "diamond-open"));
      }
    }
    const title = `Violation-probability bounds of the three paradigms at λ = ${scenario.lambda}/s (Fig. 9 analog, scenario "${scenario.name}")`;
    const note = "Fluid model: the paper's virtual delay D of fluid work (slotted, cut-through stages). Request model: the response time T of an atomic request (store-and-forward, FIFO).";
    return Object.freeze({
      id: "fig09-paradigm-bounds",
      title,
      data: Object.freeze(data),
      layout: baseLayout(title, { title: `delay threshold (s) — Δ = ${scenario.slotSeconds} s per slot (fluid model)` }, { title: "P(delay > threshold): bounds and simulated truth", log: true, range: [-8, 0.1] }, { legend: legendNames(data), note }),
      table: Object.freeze({ columns: ["paradigm", "form", "delay_slots", "delay_s", "probability"], rows }),
    });
  });
}

/** Options of {@link stageViolationFigure}. */
export interface StageViolationOptions extends DelayGridOptions {
  /** Simulated slots of the fluid model (default 400 000). */
  readonly slots?: number;
  /** Simulated requests of the request model (default 1 000 000). */
  readonly requests?: number;
  /** Simulation seed (default 8). */
  readonly seed?: number;
  /** Thresholds at which to simulate (default: about 20 points of the delay grid). */
  readonly simulatedPoints?: number;
  /** Progress callback, fraction in [0, 1]. */
  readonly onProgress?: (fraction: number) => void;
}

/**
 * Figure (paper Fig. 8 analog) for the collaborative paradigm: for each stage (edge
 * compute, downlink, terminal compute) and end to end, the simulated violation frequency of
 * the virtual delay with its 95 % interval (markers) and the SNC bounds (lines): exact sum
 * (solid), paper form (12) (dashed), martingale (dotted; end to end it is the tandem bound of
 * docs/model.md §10) — the paper's fluid model. Beside them, end to end, the request-level
 * response time T (docs/model.md §9): its simulation (`simulateRequests`, 95 % intervals,
 * diamonds) and its exact value or valid bound (dash-dotted).
 *
 * A stage's bound treats that stage alone fed by the Poisson arrivals; for the first stage
 * that is its true input, for later stages the input is the previous stage's output (in the
 * simulation) — an approximation, stated in the note under the title.
 *
 * @param scenario - a paradigm scenario
 * @param opts - {@link StageViolationOptions}
 * @returns a promise of the figure
 * @throws RangeError for invalid options or scenario parameters
 * @example
 * ```ts
 * const fig = await stageViolationFigure(paperScenario, { slots: 50_000 });
 * fig.id; // "fig08-stage-violation"
 * ```
 */
export async function stageViolationFigure(scenario: ParadigmScenario, opts: StageViolationOptions = {}): Promise<Figure> {
  return asCallerAsync("stageViolationFigure", async () => {
    const fn = "stageViolationFigure";
    const o = optionsOf<StageViolationOptions>(fn, "opts", opts);
    checkScenario(fn, scenario);
    const delays = delayGrid(fn, scenario, o);
    const slots = positiveInteger(fn, "slots", given(o.slots, 400_000));
    const requests = positiveInteger(fn, "requests", given(o.requests, 1_000_000));
    const simPoints = positiveInteger(fn, "simulatedPoints", given(o.simulatedPoints, 20));
    const seed = given(o.seed, 8); // checked by the simulator (any safe integer)
    const step = Math.max(1, Math.ceil(delays.length / simPoints));
    const simDelays = delays.filter((_, i) => i % step === 0);
    const { slotSeconds } = scenario;
    const xs = delays.map((d) => slotsToSeconds(d, slotSeconds));
    const simXs = simDelays.map((d) => slotsToSeconds(d, slotSeconds));
    const pipe = paradigms(scenario.params).collaborative;
    const arrivals = scenarioArrivals(scenario);
    const service = scenarioService(pipe, scenario);
    const onProgress = opts.onProgress;
    const sim = await simulateDelays(pipe, scenario, {
      ...FLUID, deadlines: simXs, slots, seed,
      ...(onProgress ? { onProgress: (f: number) => onProgress(f / 2) } : {}), progress: false,
    });
    const requestSim = await simulateDelays(pipe, scenario, {
      model: "request", deadlines: simXs, requests, seed,
      ...(onProgress ? { onProgress: (f: number) => onProgress(0.5 + f / 2) } : {}), progress: false,
    });
    const data: Trace[] = [];
    const rows: (number | string | null)[][] = [];
    // A stage's bound treats that stage alone behind the scenario's arrivals (the snc module's
    // bound on one stage of the tandem, in slots); the end-to-end one is the layer's.
    const stageCurve = (i: number, form: Form) => delayBoundCurve(arrivals, service.stages[i], delays, { form }).map((b) => b.probability);
    const groups = [
      ...service.stages.map((s, i) => ({ name: s.name, curve: (form: Form) => stageCurve(i, form), est: sim.stages[i].violations, single: true })),
      { name: "end to end", curve: (form: Form) => violationBoundCurve(pipe, scenario, xs, { ...FLUID, form }).map((b) => b.probability), est: sim.endToEnd, single: false },
    ];
    groups.forEach((g, i) => {
      const color = STAGE_COLORS[i === groups.length - 1 ? STAGE_COLORS.length - 1 : i];
      const forms = ["exact", "paper", "martingale"] as const;
      const dash = { exact: "solid", paper: "dash", martingale: "dot" } as const;
      for (const form of forms) {
        const ys = g.curve(form);
        ys.forEach((y, j) => rows.push([g.name, `bound-${form}`, delays[j], xs[j], y, null, null]));
        data.push(boundTrace(`fluid model — ${g.name}: bound, ${form}`, xs, ys, color, dash[form]));
      }
      g.est.forEach((e, j) => rows.push([g.name, "simulation", simDelays[j], e.evaluatedSeconds, e.value, e.lower, e.upper]));
      // The bottleneck stage and the end-to-end delay often coincide: distinct symbols keep both visible.
      data.push(simulationTrace(`fluid model — ${g.name}: simulated (95 % CI)`, simXs, g.est, color, g.single ? "circle-open" : "x-thin-open"));
    });
    // The request model, end to end: its truth (simulation) and its exact value or bound.
    const req = violationBoundCurve(pipe, scenario, xs, { model: "request" });
    const reqColor = "#7F7F7F";
    const kind = req.length > 0 && req.every((b) => b.exact) ? "exact" : `bound (${req.length > 0 ? req[req.length - 1].method : "none"})`;
    req.forEach((b, j) => rows.push(["end to end (request model)", kind.startsWith("exact") ? "exact" : "bound", delays[j], xs[j], b.probability, null, null]));
    requestSim.endToEnd.forEach((e, j) => rows.push(["end to end (request model)", "simulation", simDelays[j], e.evaluatedSeconds, e.value, e.lower, e.upper]));
    data.push(boundTrace(`request model — end to end: P(T > t) ${kind}`, xs, req.map((b) => b.probability), reqColor, "dashdot"));
    data.push(simulationTrace(`request model — end to end: simulated P(T > t), ${requests.toLocaleString("en")} requests (95 % CI)`, simXs, requestSim.endToEnd, reqColor, "diamond-open"));
    const title = `Per-stage and end-to-end delay violation, collaborative paradigm (Fig. 8 analog, scenario "${scenario.name}")`;
    const later = service.stages.slice(1).map((s) => s.name).join(" and ");
    const note = `Fluid model (the paper's virtual delay D): exact sum solid, paper form (12) dashed, martingale dotted. ${later ? `The ${later} bounds treat the stage alone fed by the Poisson arrivals (an approximation: in the simulation its input is the previous stage's output); ` : ""}the end-to-end bound is the tandem's. Request model (grey): the response time T of an atomic request, store-and-forward, FIFO.`;
    return Object.freeze({
      id: "fig08-stage-violation",
      title,
      data: Object.freeze(data),
      layout: baseLayout(
        title,
        { title: `delay threshold (s) — Δ = ${slotSeconds} s, λ = ${scenario.lambda}/s, ${slots.toLocaleString("en")} simulated slots (fluid)` },
        { title: "P(delay > threshold)", log: true, range: [-7, 0.1] },
        { legend: legendNames(data), note },
      ),
      table: Object.freeze({ columns: ["stage", "series", "delay_slots", "delay_s", "probability", "ci_lower", "ci_upper"], rows }),
    });
  });
}
