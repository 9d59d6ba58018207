/**
 * Request-level response-time bounds for graph pipelines (docs/model.md §11): fork–join
 * steps and batching servers, reduced to chains that the chain analysis bounds.
 *
 * **Batching server** (one server, largest batch b ≥ 2, batch times τ(1 … b), τ* = max τ(n)):
 * for every request n, with A_m the arrival at the stage of the m-th request to reach it,
 * the departure satisfies D_n ≤ max_{m ≤ n} [A_m + τ* + τ*⌈(n − m + 1)/b⌉] (go back from
 * n's batch through the full batches served back to back to the last batch that started
 * idle or took every waiting request: every later request arrived after that batch began)
 * ≤ max_{m ≤ n} [A_m + (n − m + 1)·τ* / b] + τ*(2b − 1)/b. The right side is a one-server
 * FIFO stage with constant service τ* / b followed by a constant delay τ*(2b − 1)/b: the
 * batching server is replaced by that pair (b = 1: a constant τ(1) server), which delays
 * every request at least as long, and every stage downstream is monotone in its arrival
 * times, so the replaced pipeline's response time is pathwise ≥ the original's. Its
 * capacity is b/τ*, the batching server's own at full batches when τ is nondecreasing.
 *
 * **Fork–join**: when every shared stage from the first fork on has one server and no
 * stage that lets requests overtake (random service on a dedicated resource) precedes a
 * queue from there on, every departure after the fork is a max-plus expression in the
 * arrivals at the fork and the services, and the join's max distributes over it: the
 * response time is exactly T = max_σ T^σ over the branch selections σ (one branch per
 * fork), T^σ the response time of the chain that takes branch σ at every fork. Hence
 * max_σ P(T^σ > t) ≤ P(T > t) ≤ min(1, Σ_σ P(T^σ > t)) (the union bound over selections;
 * no independence needed), each P(T^σ > t) bounded by the chain analysis of the whole
 * chain — the rest of the pipeline included, not split off.
 *
 * @module
 */

import type { RequestArrivals } from "../pipeline/arrivals.js";
import { type GraphPipeline, type GraphStage, checkGraphPipeline } from "../pipeline/graph.js";
import { requestServiceLaw } from "../pipeline/service-law.js";
import { computeStage, stageResource } from "../pipeline/stages.js";
import type { Pipeline, Stage } from "../pipeline/types.js";
import { inOpen, invalid, requireNumber } from "../util/validate.js";

/**
 * What the reduction reads of a chain analysis and returns (the shape of `bound.ts`'s
 * `ResponseTimeAnalysis`, generic in the route names so this module does not import
 * `bound.ts`, which calls it).
 */
export interface ChainAnalysis<M extends string> {
  readonly lambda: number;
  readonly arrivals: RequestArrivals;
  readonly stable: boolean;
  readonly utilisation: number;
  readonly bottleneck: number | null;
  readonly exact: boolean;
  readonly methods: readonly M[];
  readonly reason: string;
  readonly gridSeconds: number;
  tail(t: number): { readonly probability: number; readonly method: M };
  quantile(epsilon: number): { readonly seconds: number; readonly method: M };
}

/** Branch selections (chains) analysed for one graph pipeline at most: a pipeline needing more gets method `none`. */
export const MAX_BRANCH_CHAINS = 64;

/** The batching server's dominating chain pair (docs/model.md §11): one constant τ* / b server, then a constant delay τ*(2b − 1)/b. */
function batchChain(s: GraphStage & { kind: "batch" }): Stage[] {
  const b = s.maxBatch;
  const top = Math.max(...s.batchSeconds);
  if (b === 1) return [computeStage({ name: s.name, node: s.node, flops: top, flopsPerSecond: 1 })];
  return [
    computeStage({ name: `${s.name} (τ* / b server)`, node: s.node, flops: top / b, flopsPerSecond: 1 }),
    computeStage({ name: `${s.name} (batch delay)`, node: s.node, flops: (top * (2 * b - 1)) / b, flopsPerSecond: 1, resource: "dedicated" }),
  ];
}

/** Every branch selection's chain, or null when there are more than the limit. */
function chains(steps: readonly GraphStage[]): Stage[][] | null {
  let out: Stage[][] = [[]];
  for (const s of steps) {
    let options: Stage[][];
    if (s.kind === "parallel") {
      options = [];
      for (const b of s.branches) {
        const sub = chains(b);
        if (sub === null) return null;
        options.push(...sub);
      }
    } else if (s.kind === "batch") options = [batchChain(s)];
    else options = [[s]];
    if (out.length * options.length > MAX_BRANCH_CHAINS) return null;
    out = out.flatMap((c) => options.map((o) => [...c, ...o]));
  }
  return out;
}

/** Why the fork–join reduction does not apply, or "" when it does (see the module notes). */
function unsupported(steps: readonly GraphStage[], coherenceSeconds: number | undefined, state = { graph: false, overtaken: false }, prefix = "stages"): string {
  for (let i = 0; i < steps.length; i++) {
    const s = steps[i];
    const path = `${prefix}[${i}]`;
    if (s.kind === "parallel") {
      state.graph = true;
      let overtaken = state.overtaken;
      for (let j = 0; j < s.branches.length; j++) {
        const branch = { graph: true, overtaken: state.overtaken };
        const why = unsupported(s.branches[j], coherenceSeconds, branch, `${path}.branches[${j}]`);
        if (why !== "") return why;
        overtaken ||= branch.overtaken;
      }
      state.overtaken = overtaken;
      continue;
    }
    if (s.kind === "batch") {
      if (s.resource !== undefined && s.resource.kind === "shared" && s.resource.servers > 1) return `${path} is a batching stage on ${s.resource.servers} servers (the bound needs one)`;
      if (state.overtaken) return `${path} queues after a stage that lets requests overtake`;
      state.graph = true;
      continue;
    }
    const r = stageResource(s);
    if (!state.graph) continue;
    if (r.kind === "shared" && r.servers > 1) return `${path} has ${r.servers} servers after a fork or batching stage (the bound needs one)`;
    if (r.kind === "shared" && state.overtaken) return `${path} queues after a stage that lets requests overtake`;
    if (r.kind === "dedicated") {
      const law = requestServiceLaw(s, coherenceSeconds === undefined ? {} : { coherenceSeconds });
      if (law.variance > 0) state.overtaken = true;
    }
  }
  return "";
}

/**
 * The analysis of a graph pipeline for the chain analysis `chain` (the hook in
 * `bound.ts`): the union bound over branch selections, batching servers replaced by their
 * dominating pair. Errors name the path of the offending field under `fn`. Internal.
 */
export function graphAnalysis<M extends string>(
  fn: string,
  pipeline: unknown,
  opts: { readonly coherenceSeconds?: unknown },
  chain: (p: Pipeline) => ChainAnalysis<M>,
  routes: { readonly none: M; readonly unstable: M },
): ChainAnalysis<M> {
  const p: GraphPipeline = checkGraphPipeline(fn, "pipeline", pipeline);
  const coherenceSeconds = (opts as { coherenceSeconds?: unknown } | null)?.coherenceSeconds;
  const why = unsupported(p.stages, typeof coherenceSeconds === "number" && coherenceSeconds > 0 ? coherenceSeconds : undefined);
  const list = why === "" ? chains(p.stages) : null;
  const reason = why !== "" ? why : list === null ? `more than ${MAX_BRANCH_CHAINS} branch selections` : "";
  // Every chain shares the options; the first analysis checks them (and names them under fn).
  const parts = (list ?? [p.stages.flatMap((s) => (s.kind === "parallel" ? [] : s.kind === "batch" ? batchChain(s) : [s]))]).map((c) =>
    chain({ name: p.name, stages: c.length > 0 ? c : [computeStage({ node: "none", flops: 0, flopsPerSecond: 1 })] }),
  );
  const first = parts[0];
  const lambda = first.lambda;
  const arrivals: RequestArrivals = first.arrivals;
  const stable = parts.every((a) => a.stable);
  const utilisation = Math.max(...parts.map((a) => a.utilisation));
  const none = reason !== "";
  const methods: M[] = none ? [routes.none] : !stable ? [routes.unstable] : [...new Set(parts.flatMap((a) => a.methods))];
  const gridSeconds = Math.max(...parts.map((a) => a.gridSeconds));
  const tail = (t: number): number => {
    if (none || !stable) return 1;
    let s = 0;
    for (const a of parts) s += a.tail(t).probability;
    return Math.min(1, s);
  };
  const method = (t: number): M => {
    if (none) return routes.none;
    if (!stable) return routes.unstable;
    // The route of the largest term.
    let best = parts[0].tail(t);
    for (const a of parts) {
      const v = a.tail(t);
      if (v.probability > best.probability) best = v;
    }
    return best.method;
  };
  return Object.freeze({
    lambda,
    arrivals,
    stable,
    utilisation,
    bottleneck: null,
    exact: false,
    methods: Object.freeze(methods),
    reason: none ? `the graph bound does not apply: ${reason} (docs/model.md §11)` : "",
    gridSeconds,
    tail(t: number) {
      const tt = requireNumber("responseTimeAnalysis", "t", t);
      if (!(tt >= 0)) invalid("responseTimeAnalysis", "t", "a number ≥ 0 (seconds)", tt);
      return Object.freeze({ probability: tail(tt), method: method(tt) });
    },
    quantile(epsilon: number) {
      const e = inOpen("responseTimeAnalysis", "epsilon", epsilon, 0, 1);
      if (none || !stable) return Object.freeze({ seconds: Infinity, method: methods[0] });
      // max_σ q_σ(ε) ≤ answer ≤ max_σ q_σ(ε/N): each term is ≤ ε/N at the upper end.
      let lo = Math.max(...parts.map((a) => a.quantile(e).seconds));
      let hi = Math.max(...parts.map((a) => a.quantile(e / parts.length).seconds));
      if (!(hi < Infinity)) return Object.freeze({ seconds: Infinity, method: method(lo) });
      if (tail(lo) <= e) hi = lo;
      for (let i = 0; i < 100 && hi - lo > 1e-9 * hi; i++) {
        const mid = 0.5 * (lo + hi);
        if (tail(mid) <= e) hi = mid;
        else lo = mid;
      }
      return Object.freeze({ seconds: hi, method: method(hi) });
    },
  });
}
