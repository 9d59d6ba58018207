/**
 * Graph scenario files (docs/model.md §11): a JSON (or JSON-with-comments) pipeline whose
 * steps may fork and join or batch, with its arrival rate and delay target — what
 * `edgecalc report --scenario file.json` reads when the file has a `pipeline` key. Every
 * error names the path of the offending field (`pipeline.stages[2].branches[1][0].flops`).
 *
 * @module
 */

import { invalid, show } from "../util/validate.js";
import { batchStage, type GraphStage, parallelStage } from "./graph.js";
import type { GraphPreset } from "./presets.js";
import { stripJsonComments } from "./scenario.js";
import { computeStage, constantRateLink, pipeline, transferStage } from "./stages.js";

const FN = "parseGraphScenario";

function object(param: string, value: unknown): Record<string, unknown> {
  if (value === null || typeof value !== "object" || Array.isArray(value)) throw new TypeError(`${FN}: ${param} must be an object, got ${show(value)}`);
  return value as Record<string, unknown>;
}

/** Calls a stage factory, its errors renamed to this parser and the step's path. */
function named<T>(path: string, make: () => T): T {
  try {
    return make();
  } catch (e) {
    if (!(e instanceof RangeError || e instanceof TypeError)) throw e;
    const E = e instanceof RangeError ? RangeError : TypeError;
    // "computeStage: flops must be …" → "parseGraphScenario: pipeline.stages[2].flops must be …"
    const message = e.message.replace(/^\w+: (spec\.)?/, `${FN}: ${path}.`);
    throw new E(message, { cause: e });
  }
}

const KINDS = `"compute", "transfer", "parallel" or "batch"`;

function step(path: string, value: unknown): GraphStage {
  const s = object(path, value);
  const kind = s.kind;
  if (kind === "compute") {
    return named(path, () => computeStage(s as never));
  }
  if (kind === "transfer") {
    const rate = s.rate;
    if (!(typeof rate === "number" && rate > 0 && rate < Infinity)) invalid(FN, `${path}.rate`, "a finite number > 0 (the link's rate in bit/s)", rate);
    const rest: Record<string, unknown> = { ...s };
    delete rest.rate;
    return named(path, () => transferStage({ ...rest, link: constantRateLink(rate) } as never));
  }
  if (kind === "batch") {
    return named(path, () => batchStage(s as never));
  }
  if (kind === "parallel") {
    if (!Array.isArray(s.branches)) invalid(FN, `${path}.branches`, "an array of at least two branches", s.branches);
    const branches = (s.branches as unknown[]).map((b, j) => {
      if (!Array.isArray(b) || b.length === 0) invalid(FN, `${path}.branches[${j}]`, "a non-empty array of stages", b);
      return (b as unknown[]).map((x, i) => step(`${path}.branches[${j}][${i}]`, x));
    });
    return named(path, () => parallelStage({ ...(typeof s.name === "string" ? { name: s.name } : {}), branches }));
  }
  return invalid(FN, `${path}.kind`, KINDS, kind);
}

/**
 * Parses a graph scenario file: `{ name, lambda, deadline, pipeline: { name, stages } }`,
 * each stage `{ kind: "compute", node, flops, flopsPerSecond, resource? }`, `{ kind:
 * "transfer", linkName, bits, rate }` (a constant-rate link in bit/s), `{ kind: "batch",
 * node, maxBatch, time: [seconds for n = 1 … maxBatch] }` or `{ kind: "parallel", branches:
 * [[stages], [stages], …] }`; `//` and `/* *\/` comments allowed; keys starting with `_`
 * are comments.
 *
 * @param text - the file's text
 * @param source - how to name the file in messages
 * @returns a frozen {@link GraphPreset} (its `values` empty: the file is its own record)
 * @throws SyntaxError for malformed JSON (naming `source`); RangeError / TypeError naming
 *   the path of the offending field, e.g. `pipeline.stages[2].branches[1][0].flops`
 * @example
 * ```ts
 * const s = parseGraphScenario(`{ "name": "fj", "lambda": 1, "deadline": 5, "pipeline": { "name": "p", "stages": [
 *   { "kind": "parallel", "branches": [[{ "kind": "compute", "node": "a", "flops": 1, "flopsPerSecond": 4 }],
 *                                      [{ "kind": "transfer", "linkName": "l", "bits": 1e6, "rate": 1e7 }]] }] } }`);
 * s.pipeline.stages[0].kind; // "parallel"
 * ```
 */
export function parseGraphScenario(text: string, source = "scenario file"): GraphPreset {
  if (typeof text !== "string") throw new TypeError(`${FN}: text must be a string, got ${show(text)}`);
  let json: unknown;
  try {
    json = JSON.parse(stripJsonComments(text));
  } catch (e) {
    throw new SyntaxError(`${FN}: ${source} is not valid JSON (${(e as Error).message})`);
  }
  const o = object("scenario", json);
  const p = object("pipeline", o.pipeline);
  if (!Array.isArray(p.stages) || p.stages.length === 0) invalid(FN, "pipeline.stages", "a non-empty array of stages", p.stages);
  const stages = (p.stages as unknown[]).map((s, i) => step(`pipeline.stages[${i}]`, s));
  const lambda = o.lambda;
  const deadline = o.deadline;
  if (!(typeof lambda === "number" && lambda > 0 && lambda < Infinity)) invalid(FN, "lambda", "a finite number > 0 (requests/s)", lambda);
  if (!(typeof deadline === "number" && deadline > 0 && deadline < Infinity)) invalid(FN, "deadline", "a finite number > 0 (seconds)", deadline);
  const name = typeof o.name === "string" ? o.name : "graph scenario";
  return Object.freeze({
    name,
    description: typeof o.description === "string" ? o.description : `${source}`,
    pipeline: pipeline(typeof p.name === "string" ? p.name : name, stages),
    lambda,
    deadline,
    values: Object.freeze([]),
  });
}
