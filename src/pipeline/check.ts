/**
 * Checks of hand-built or parsed pipeline data under the caller's name. Internal: the
 * pipeline factories and the analyses that take a pipeline (the simulators, the bounds)
 * call these; the folder's index does not re-export them.
 *
 * @module
 */

import { isDistribution } from "../distributions/distributions.js";
import { invalid, nonNegative, positive, show } from "../util/validate.js";
import type { LinkLike, Pipeline, Resource, Stage } from "./types.js";

/** Checks a link object (a `kind` string and a positive `effectiveRate`). */
export function checkLink(fn: string, link: unknown, param = "link"): LinkLike {
  const l = link as LinkLike;
  if (l === null || typeof l !== "object" || typeof l.kind !== "string") {
    throw new TypeError(`${fn}: ${param} must be a link object (rayleighLink(...) or constantRateLink(...)), got ${show(link)}`);
  }
  positive(fn, `${param}.effectiveRate`, l.effectiveRate);
  return l;
}

const RESOURCE_FORMS = `"shared", "dedicated" or { servers: c } with c a positive integer`;

/**
 * A stage's `resource` as given to a factory — `"shared"`, `"dedicated"`, `{ servers: c }`
 * or a {@link Resource} object — as the value the frozen stage carries: `undefined` for
 * the default (one shared server), else the {@link Resource}.
 */
export function parseResource(fn: string, param: string, value: unknown): Resource | undefined {
  if (value === undefined || value === "shared") return undefined;
  if (value === "dedicated") return DEDICATED;
  if (value === null || typeof value !== "object" || Array.isArray(value)) invalid(fn, param, RESOURCE_FORMS, value);
  const r = value as { kind?: unknown; servers?: unknown };
  if (r.kind === "dedicated") {
    if (r.servers !== undefined) invalid(fn, `${param}.servers`, "absent for a dedicated resource", r.servers);
    return DEDICATED;
  }
  if (r.kind !== undefined && r.kind !== "shared") invalid(fn, `${param}.kind`, `"shared" or "dedicated"`, r.kind);
  if (r.servers === undefined) invalid(fn, param, RESOURCE_FORMS, value);
  if (typeof r.servers !== "number") throw new TypeError(`${fn}: ${param}.servers must be a number, got ${show(r.servers)}`);
  if (!(Number.isSafeInteger(r.servers) && r.servers >= 1)) invalid(fn, `${param}.servers`, "a positive integer", r.servers);
  return r.servers === 1 ? undefined : Object.freeze({ kind: "shared" as const, servers: r.servers });
}

const DEDICATED: Resource = Object.freeze({ kind: "dedicated" as const });

/** Checks the `resource` a stage object carries (absent, or a {@link Resource}). */
function checkResource(fn: string, param: string, value: unknown): void {
  if (value === undefined) return;
  const r = value as { kind?: unknown; servers?: unknown };
  if (r === null || typeof r !== "object" || (r.kind !== "shared" && r.kind !== "dedicated")) {
    invalid(fn, param, `{ kind: "shared", servers: c } or { kind: "dedicated" }`, value);
  }
  if (r.kind === "shared") {
    if (typeof r.servers !== "number") throw new TypeError(`${fn}: ${param}.servers must be a number, got ${show(r.servers)}`);
    if (!(Number.isSafeInteger(r.servers) && r.servers >= 1)) invalid(fn, `${param}.servers`, "a positive integer", r.servers);
  }
}

/**
 * Re-checks a stage object's fields under the caller's name: stages are plain frozen data
 * and may be built by hand or parsed, so every entry point taking one checks what it reads.
 */
export function checkStage(fn: string, param: string, stage: unknown): Stage {
  const s = stage as Stage;
  const kind = (s as { kind?: unknown } | null)?.kind;
  if (kind === "parallel" || kind === "batch") {
    throw new TypeError(
      `${fn}: ${param} is a ${kind === "parallel" ? "fork–join (parallel)" : "batching"} stage, which ${fn} does not support: graph pipelines run in simulateRequests, pipelineLatency, responseTimeAnalysis and maxThroughput (docs/model.md §11)`,
    );
  }
  if (s === null || typeof s !== "object" || (s.kind !== "compute" && s.kind !== "transfer")) {
    throw new TypeError(`${fn}: ${param} must be a computeStage(...) or transferStage(...), got ${show(stage)}`);
  }
  if (typeof s.name !== "string") throw new TypeError(`${fn}: ${param}.name must be a string, got ${show(s.name)}`);
  if (s.kind === "compute") {
    if (typeof s.node !== "string" || s.node === "") invalid(fn, `${param}.node`, "a non-empty string", s.node);
    nonNegative(fn, `${param}.flops`, s.flops);
    positive(fn, `${param}.flopsPerSecond`, s.flopsPerSecond);
    if (s.joulesPerFlop !== undefined) nonNegative(fn, `${param}.joulesPerFlop`, s.joulesPerFlop);
  } else {
    if (typeof s.linkName !== "string" || s.linkName === "") invalid(fn, `${param}.linkName`, "a non-empty string", s.linkName);
    nonNegative(fn, `${param}.bits`, s.bits);
    checkLink(fn, s.link, `${param}.link`);
    if (s.txPowerW !== undefined) nonNegative(fn, `${param}.txPowerW`, s.txPowerW);
  }
  if (s.distribution !== undefined) {
    if (!isDistribution(s.distribution)) throw new TypeError(`${fn}: ${param}.distribution must be an edgecalc distribution, got ${show(s.distribution)}`);
    nonNegative(fn, `${param}.distribution.mean`, s.distribution.mean);
  }
  checkResource(fn, `${param}.resource`, s.resource);
  return s;
}

/** Checks a pipeline object (name and every stage) under the caller's name. */
export function checkPipeline(fn: string, param: string, p: unknown): Pipeline {
  const q = p as Pipeline;
  if (q === null || typeof q !== "object" || !Array.isArray(q.stages) || q.stages.length === 0) {
    throw new TypeError(`${fn}: ${param} must be a pipeline (an object with a non-empty stages array), got ${show(p)}`);
  }
  if (typeof q.name !== "string") throw new TypeError(`${fn}: ${param}.name must be a string, got ${show(q.name)}`);
  q.stages.forEach((s, i) => checkStage(fn, `${param}.stages[${i}]`, s));
  return q;
}
