/**
 * The command line's commands, each a function of parsed options that prints a table or
 * JSON and returns an exit code. `main.ts` only parses arguments and dispatches.
 *
 * @module
 */

import { compareParadigms, PARADIGM_KEYS, PARADIGM_LABELS } from "../compare/index.js";
import { paradigms, serviceDistribution, type ParadigmScenario } from "../pipeline/index.js";
import { FIGURE_CATALOG, type Figure } from "../plot/index.js";
import {
  BROWSER_FORMATS, BrowserUnavailableError, checkBrowser, checkOutputDir, FIGURE_FORMATS, figureFileNames, MANIFEST_NAME, OutputRefusedError, writeFigures, type FigureFormat,
} from "../plot/export/index.js";
import { mg1 } from "../queueing/index.js";
import { DEFAULT_DELAY_MODEL, deadlineSlots, quantileDeadline, violationBound, violationQuantile, type DelayModel } from "../scenario/index.js";
import { scoreParadigms, WEIGHT_PRESETS, type WeightPreset } from "../scores/index.js";
import { num, table, terminalText } from "./format.js";
import { progressBar } from "./progress.js";
import { paradigmReport } from "./report.js";

/** Output mode shared by the table commands. */
export interface OutputOptions {
  /** Print JSON instead of a table. */
  readonly json?: boolean;
}

// Everything printed goes through terminalText: names and paths come from the user's files.
const print = (s: string) => process.stdout.write(terminalText(s.endsWith("\n") ? s : s + "\n"));
const printError = (s: string) => process.stderr.write(terminalText(s) + "\n");
const json = (x: unknown) => JSON.stringify(x, (_, v) => (typeof v === "number" && !Number.isFinite(v) ? String(v) : v), 2);

/** What the command line says a delay model measures, in one phrase (every delay output is labelled with it). */
export const MODEL_LABELS: Readonly<Record<DelayModel, string>> = Object.freeze({
  request: "request-level response time (atomic requests, store-and-forward, FIFO; docs/model.md §9)",
  fluid: "fluid virtual delay (the paper's slotted model, cut-through stages; docs/model.md §4)",
});

/** Options of the commands that take a delay model. */
export interface ModelOptions {
  /** The delay model (default the scenario layer's `DEFAULT_DELAY_MODEL`, `"request"`). */
  readonly model?: DelayModel;
}

/**
 * `edgecalc report`: the text report of the main job.
 *
 * @param scenario - the scenario
 * @param opts - `{ model }`: the delay model of the report's delay-tail section
 * @returns exit code 0
 * @example
 * ```ts
 * reportCommand(paperScenario); // 0 (the exit code; prints the report)
 * ```
 */
export function reportCommand(scenario: ParadigmScenario, opts: ModelOptions = {}): number {
  print(paradigmReport(scenario, { model: opts.model ?? DEFAULT_DELAY_MODEL }));
  return 0;
}

/**
 * `edgecalc mg1`: each paradigm as an M/G/1 queue at the scenario's λ.
 *
 * @param scenario - the scenario
 * @param opts - `{ json }`
 * @returns exit code 0
 * @example
 * ```ts
 * mg1Command(paperScenario, { json: true }); // 0
 * ```
 */
export function mg1Command(scenario: ParadigmScenario, opts: OutputOptions = {}): number {
  const ps = paradigms(scenario.params);
  const rows = PARADIGM_KEYS.map((k) => {
    const s = serviceDistribution(ps[k]);
    const q = mg1(scenario.lambda, s);
    return {
      paradigm: k, meanService: s.mean, rho: q.rho, stable: q.stable, meanWait: q.meanWait, meanSojourn: q.meanSojourn,
      sojournP90: q.stable ? q.sojournQuantile(0.9) : Infinity, sojournP99: q.stable ? q.sojournQuantile(0.99) : Infinity,
    };
  });
  if (opts.json) print(json({ scenario: scenario.name, lambda: scenario.lambda, paradigms: rows }));
  else {
    print(`M/G/1 per paradigm at λ = ${num(scenario.lambda)} request/s (scenario "${scenario.name}"); times in seconds`);
    print(table(["paradigm", "E[S]", "ρ", "stable", "E[W]", "E[T]", "T p90", "T p99"], rows.map((r) => [
      PARADIGM_LABELS[r.paradigm], num(r.meanService), num(r.rho), r.stable ? "yes" : "no", num(r.meanWait), num(r.meanSojourn), num(r.sojournP90), num(r.sojournP99),
    ])));
  }
  return 0;
}

/** Options of {@link boundCommand}. */
export interface BoundCommandOptions extends OutputOptions, ModelOptions {
  /** Deadline in seconds (default: the best paradigm's d(10⁻³)); in the fluid model evaluated at ⌊deadline/Δ⌋ slots. */
  readonly deadline?: number;
  /** ε of the delay quantile (default 1e-3). */
  readonly epsilon?: number;
}

/**
 * `edgecalc bound`: per paradigm, P(delay > deadline) and the delay quantile at ε in a delay
 * model. Request model (default): the response time's exact value or a valid upper bound,
 * with the route. Fluid model: the paper's SNC violation bounds P(D > deadline) (exact sum
 * and paper form) and d(ε) in the slotted model.
 *
 * @param scenario - the scenario
 * @param opts - {@link BoundCommandOptions}
 * @returns exit code 0
 * @example
 * ```ts
 * boundCommand(paperScenario, { deadline: 10 }); // 0
 * ```
 */
export function boundCommand(scenario: ParadigmScenario, opts: BoundCommandOptions = {}): number {
  const eps = opts.epsilon ?? 1e-3;
  const m = opts.model ?? DEFAULT_DELAY_MODEL;
  if (m === "request") return requestBound(scenario, eps, opts);
  const model = { model: m };
  const deadline = opts.deadline ?? quantileDeadline(scenario, eps, model);
  const ps = paradigms(scenario.params);
  let evaluated = deadline;
  const rows = PARADIGM_KEYS.map((k) => {
    try {
      const exact = violationBound(ps[k], scenario, deadline, model);
      const paper = violationBound(ps[k], scenario, deadline, { ...model, form: "paper" });
      const q = violationQuantile(ps[k], scenario, eps, model);
      // The deadline the model evaluates (the slotted model: ⌊deadline/Δ⌋ slots, never a later one).
      evaluated = exact.evaluatedSeconds;
      return {
        paradigm: k,
        stable: exact.stable,
        exact: exact.probability,
        paper: paper.probability,
        theta: exact.model === "fluid" ? exact.bound.theta : NaN,
        quantileSeconds: q.seconds,
      };
    } catch (e) {
      // The bounds' work limits are in slots; say what that is in the user's terms.
      if (!(e instanceof RangeError)) throw e;
      const slots = (() => {
        try {
          return `${deadlineSlots(deadline, scenario.slotSeconds)} slots`;
        } catch {
          return `more than ${Number.MAX_SAFE_INTEGER} slots`;
        }
      })();
      throw new RangeError(`bound: ${PARADIGM_LABELS[k]} at a deadline of ${num(deadline)} s = ${slots} of Δ = ${num(scenario.slotSeconds)} s: ${e.message} (use a larger slotSeconds or a shorter --deadline)`);
    }
  });
  if (opts.json) print(json({ scenario: scenario.name, model: "fluid", lambda: scenario.lambda, slotSeconds: scenario.slotSeconds, deadlineSeconds: evaluated, epsilon: eps, paradigms: rows }));
  else {
    print(`model: ${MODEL_LABELS.fluid}`);
    print(`SNC bounds, slotted model Δ = ${num(scenario.slotSeconds)} s, Poisson λ = ${num(scenario.lambda)}/s, deadline ${num(evaluated)} s (scenario "${scenario.name}")`);
    print(table(["paradigm", "stable", "P(D>d) exact (10)", "paper (12)", "θ*", `d(${eps}) (s)`], rows.map((r) => [
      PARADIGM_LABELS[r.paradigm], r.stable ? "yes" : "no", num(r.exact), num(r.paper), num(r.theta), num(r.quantileSeconds),
    ])));
  }
  return 0;
}

/** `bound` in the request model: P(T > d) (exact or a valid bound, with its route) and the ε-quantile per paradigm. */
function requestBound(scenario: ParadigmScenario, eps: number, opts: BoundCommandOptions): number {
  const model = { model: "request" } as const;
  const deadline = opts.deadline ?? quantileDeadline(scenario, eps, model);
  // One set of pipeline objects: the response-time analysis is memoised per pipeline, so the bound and the quantile share it.
  const ps = paradigms(scenario.params);
  const rows = PARADIGM_KEYS.map((k) => {
    const v = violationBound(ps[k], scenario, deadline, model);
    const q = violationQuantile(ps[k], scenario, eps, model);
    return { paradigm: k, stable: v.stable, probability: v.probability, exact: v.exact, method: v.method, quantileSeconds: q.seconds, quantileExact: q.exact };
  });
  if (opts.json) print(json({ scenario: scenario.name, model: "request", lambda: scenario.lambda, deadlineSeconds: deadline, epsilon: eps, paradigms: rows }));
  else {
    print(`model: ${MODEL_LABELS.request}`);
    print(`Response time T, Poisson λ = ${num(scenario.lambda)}/s, deadline ${num(deadline)} s (scenario "${scenario.name}"); "bound" = a valid upper bound, "exact" = the exact value`);
    print(table(["paradigm", "stable", "P(T>d)", "exact/bound", "method", `T(${eps}) (s)`], rows.map((r) => [
      PARADIGM_LABELS[r.paradigm], r.stable ? "yes" : "no", num(r.probability), !r.stable ? "—" : r.exact ? "exact" : "bound", r.method, num(r.quantileSeconds),
    ])));
  }
  return 0;
}

/** Options of {@link compareCommand}. */
export interface CompareCommandOptions extends OutputOptions, ModelOptions {
  /** ε of the delay quantile (default 1e-3). */
  readonly epsilon?: number;
  /** A deadline in seconds: also who wins at it (default none). */
  readonly deadline?: number;
}

/**
 * `edgecalc compare`: who wins by mean latency ((13)/(14)), by M/G/1 mean sojourn, and by the
 * delay quantile at ε (and at a deadline, when given) in a delay model — the request-level
 * response time by default, the paper's fluid virtual delay with `model: "fluid"`.
 *
 * @param scenario - the scenario
 * @param opts - {@link CompareCommandOptions}
 * @returns exit code 0
 * @example
 * ```ts
 * compareCommand(paperScenario); // 0
 * ```
 */
export function compareCommand(scenario: ParadigmScenario, opts: CompareCommandOptions = {}): number {
  const model = opts.model ?? DEFAULT_DELAY_MODEL;
  const c = compareParadigms(scenario.params, scenario.lambda, {
    model,
    ...(model === "fluid" ? { slotSeconds: scenario.slotSeconds } : {}),
    ...(opts.epsilon !== undefined ? { epsilon: opts.epsilon } : {}),
    ...(opts.deadline !== undefined ? { deadlineSeconds: opts.deadline } : {}),
  });
  if (opts.json) {
    print(json({ scenario: scenario.name, model, ...c, beatsEdgeOnly: { holds: c.beatsEdgeOnly.holds, lhs: c.beatsEdgeOnly.lhs, rhs: c.beatsEdgeOnly.rhs }, beatsTerminalOnly: { holds: c.beatsTerminalOnly.holds, lhs: c.beatsTerminalOnly.lhs, rhs: c.beatsTerminalOnly.rhs } }));
    return 0;
  }
  const d = c.delay;
  const q = d === null ? "" : `${model === "request" ? "T" : "D"}(${d.epsilon}) (s)`;
  print(`Paradigm comparison at λ = ${num(scenario.lambda)} request/s (scenario "${scenario.name}")`);
  print(`delay model: ${MODEL_LABELS[model]}`);
  print(table(["paradigm", "latency (s)", "ρ", "E[T] (s)", "max stable λ", ...(d === null ? [] : [q])], PARADIGM_KEYS.map((k) => {
    const r = c.paradigms[k];
    const qk = d === null ? null : d.quantiles[k];
    const tail = qk === null ? [] : [`${num(qk.seconds)}${qk.model === "request" && qk.exact && qk.stable ? " (exact)" : ""}`];
    return [PARADIGM_LABELS[k], num(r.latency), num(r.rho), num(r.meanSojourn), num(r.maxStableRate), ...tail];
  })));
  print(`winner by mean latency: ${PARADIGM_LABELS[c.winnerByLatency]}; by M/G/1 mean sojourn: ${c.winnerBySojourn === null ? "none stable" : PARADIGM_LABELS[c.winnerBySojourn]}`);
  const name = (k: (typeof PARADIGM_KEYS)[number] | null) => (k === null ? "none" : PARADIGM_LABELS[k]);
  if (d !== null) {
    print(`winner by the ${d.epsilon} delay quantile (${model} model): ${name(d.winnerByQuantile)}`);
    if (d.deadlineSeconds !== null) print(`winner at a deadline of ${num(d.deadlineSeconds)} s (${model} model, smallest P(delay > deadline)): ${name(d.winnerAtDeadline)}`);
  }
  print(`(13) ${c.beatsEdgeOnly.holds ? "holds" : "fails"}: ${num(c.beatsEdgeOnly.lhs)} vs ${num(c.beatsEdgeOnly.rhs)} s; (14) ${c.beatsTerminalOnly.holds ? "holds" : "fails"}: ${num(c.beatsTerminalOnly.lhs)} vs ${num(c.beatsTerminalOnly.rhs)} s; η_T = ${num(100 * c.savings.etaT)} %, η_J = ${num(100 * c.savings.etaJ)} %`);
  return 0;
}

/** Options of {@link scoreCommand}. */
export interface ScoreCommandOptions extends OutputOptions {
  /** One preset (default: every preset). */
  readonly preset?: string;
}

/**
 * `edgecalc score`: the paradigms' weighted-sum scores and ranking under the presets.
 *
 * @param scenario - the scenario
 * @param opts - {@link ScoreCommandOptions}
 * @returns exit code 0
 * @throws RangeError for an unknown preset
 * @example
 * ```ts
 * scoreCommand(paperScenario, { preset: "realTime" }); // 0
 * ```
 */
export function scoreCommand(scenario: ParadigmScenario, opts: ScoreCommandOptions = {}): number {
  const presets = (opts.preset === undefined ? Object.keys(WEIGHT_PRESETS) : [opts.preset]) as WeightPreset[];
  const results = presets.map((preset) => {
    const s = scoreParadigms(scenario, { preset, robustness: false });
    return { preset, criteria: s.criteria, alternatives: s.alternatives.map((a) => ({ name: a.name, score: a.score })), ranking: s.ranking.map((i) => s.alternatives[i].name) };
  });
  if (opts.json) print(json({ scenario: scenario.name, results }));
  else {
    for (const r of results) {
      print(`preset ${r.preset}: weights ${r.criteria.map((c) => `${c.name} ${num(c.weight, 3)}`).join(", ")}`);
      print(table(["alternative", "score", "rank"], r.alternatives.map((a) => [a.name, num(a.score), String(r.ranking.indexOf(a.name) + 1)])));
      print("");
    }
  }
  return 0;
}

/** Options of {@link figuresCommand}. */
export interface FiguresCommandOptions {
  /** Output directory (default "figures"). */
  readonly out?: string;
  /** Formats (default all that can be written: PNG/SVG/PDF only with a browser). */
  readonly formats?: readonly string[];
  /** Only these figure ids (default all). */
  readonly only?: readonly string[];
  /** Scale of simulation lengths (default 1). */
  readonly simulationScale?: number;
  /** Replace files in the output directory that edgecalc did not write (default false). */
  readonly force?: boolean;
}

/**
 * `edgecalc figures`: builds every figure of the catalog for the scenario and writes it in
 * each format, with a progress bar and a summary table.
 *
 * The output directory is checked before anything is computed, and the files are moved into
 * it only when all of them were written (`writeFigures`): a failure leaves it as it was. A
 * file there that edgecalc did not write (it keeps a manifest, `.edgecalc-manifest.json`) or
 * a symbolic link is refused unless `force`. Without `formats`, the formats that need a
 * browser are left out when there is none, with one line on stderr saying so and how to get
 * one (exit 0); asking for them explicitly without a browser is an error with the same advice
 * (exit 3), before anything is computed.
 *
 * @param scenario - the scenario
 * @param opts - {@link FiguresCommandOptions}
 * @returns a promise of the exit code: 0 done, 2 the output directory is in the way, 3 no browser for the formats asked for
 * @throws RangeError for an unknown format or figure id (before anything is written)
 * @example
 * ```ts
 * await figuresCommand(paperScenario, { out: "figures", formats: ["png"] });
 * ```
 */
export async function figuresCommand(scenario: ParadigmScenario, opts: FiguresCommandOptions = {}): Promise<number> {
  const explicit = opts.formats !== undefined;
  let formats = (opts.formats ?? FIGURE_FORMATS) as FigureFormat[];
  for (const f of formats) {
    if (!FIGURE_FORMATS.includes(f)) throw new RangeError(`figures: --format must be a comma-separated list of ${FIGURE_FORMATS.join(", ")}, got ${JSON.stringify(f)}`);
  }
  const ids = FIGURE_CATALOG.map((e) => e.id);
  for (const id of opts.only ?? []) {
    if (!ids.includes(id)) throw new RangeError(`figures: --only must name figures among ${ids.join(", ")}, got ${JSON.stringify(id)}`);
  }
  const entries = FIGURE_CATALOG.filter((e) => opts.only === undefined || opts.only.includes(e.id));
  const out = opts.out ?? "figures";
  const isImage = (f: FigureFormat) => (BROWSER_FORMATS as readonly string[]).includes(f);
  let skipped: { formats: readonly string[]; reason: string } | null = null;
  try {
    // Before any work: is there a browser for the images, and may the files be written?
    if (formats.some(isImage)) {
      try {
        await checkBrowser();
      } catch (e) {
        if (!(e instanceof BrowserUnavailableError) || explicit) throw e;
        skipped = { formats: formats.filter(isImage), reason: e.reason };
        formats = formats.filter((f) => !isImage(f));
      }
    }
    checkOutputDir(out, figureFileNames(entries.map((e) => e.id), formats), { force: opts.force === true });
    const bar = progressBar(entries.length + 1);
    const built: Figure[] = [];
    const seconds: number[] = [];
    const start = performance.now();
    for (const [i, e] of entries.entries()) {
      bar.update(i, 0, e.id);
      const t = performance.now();
      built.push(await e.build(scenario, { onProgress: (f) => bar.update(i, f, e.id), simulationScale: opts.simulationScale ?? 1 }));
      seconds.push((performance.now() - t) / 1000);
    }
    bar.update(entries.length, 0, `writing ${formats.join(", ")}`);
    const tWrite = performance.now();
    const written = await writeFigures(built, { outDir: out, formats, force: opts.force === true, browser: explicit ? "required" : "optional" });
    skipped ??= written.skipped;
    bar.update(entries.length, 1, "done");
    bar.done();
    print(`\nFigures for scenario "${scenario.name}" in ${out}/ (computing ${num(seconds.reduce((a, b) => a + b, 0), 3)} s, writing ${num((performance.now() - tWrite) / 1000, 3)} s, total ${num((performance.now() - start) / 1000, 3)} s; files recorded in ${MANIFEST_NAME}):`);
    print(table(["figure", "compute (s)", "traces", "rows", "files"], written.figures.map((w, i) => [
      w.id, num(seconds[i], 3), String(built[i].data.length), String(built[i].table.rows.length), w.files.map((f) => f.slice(f.lastIndexOf(".") + 1)).join(" "),
    ])));
  } catch (e) {
    if (e instanceof OutputRefusedError) {
      printError(`edgecalc figures: nothing written: ${e.message}`);
      return 2;
    }
    if (e instanceof BrowserUnavailableError) {
      printError(`edgecalc figures: nothing written: ${e.message}`);
      return 3;
    }
    throw e;
  }
  if (skipped !== null) {
    const wrote = formats.filter((f) => !skipped!.formats.includes(f)).join(", ");
    printError(`edgecalc figures: wrote ${wrote}; skipped ${skipped.formats.join(", ")}: ${new BrowserUnavailableError(skipped.reason).message}`);
  }
  return 0;
}

/**
 * `edgecalc verify`: the property-testing kit's checks on the scenario, when the kit
 * (`src/testing`) is built; otherwise a message and exit code 3.
 *
 * @param scenario - the scenario
 * @param opts - `{ json }`
 * @returns a promise of the exit code (1 when a law fails)
 * @example
 * ```ts
 * await verifyCommand(paperScenario); // 0 (every law holds)
 * ```
 */
export async function verifyCommand(scenario: ParadigmScenario, opts: OutputOptions = {}): Promise<number> {
  let kit: { verifyScenario?: (s: ParadigmScenario) => Promise<{ laws: readonly { holds: boolean }[] }>; formatVerifyReport?: (r: unknown) => string };
  try {
    // Loaded on demand: the kit pulls in fast-check, which plain commands do not need.
    kit = (await import("../testing/index.js")) as typeof kit;
  } catch (e) {
    process.stderr.write(`edgecalc verify: the testing kit is not available (${(e as Error).message})\n`);
    return 3;
  }
  if (typeof kit.verifyScenario !== "function") {
    process.stderr.write("edgecalc verify: the testing kit has no verifyScenario export yet\n");
    return 3;
  }
  const report = await kit.verifyScenario(scenario);
  print(opts.json || typeof kit.formatVerifyReport !== "function" ? json(report) : kit.formatVerifyReport(report));
  return report.laws.every((l) => l.holds) ? 0 : 1;
}
