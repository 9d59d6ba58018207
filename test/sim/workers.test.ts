/**
 * Worker threads against the calling thread, from the sources: under Vitest the pool starts
 * workers on the worker graph transpiled from src/ on the fly (src/sim/source-worker.ts), so
 * these tests check the code under test, not the last build. The Ctrl-C test runs a child
 * process, which needs plain JavaScript: it imports the same transpiled graph.
 */
import { spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { rayleighLink } from "../../src/channel/index.js";
import * as dists from "../../src/distributions/index.js";
import * as pipe from "../../src/pipeline/index.js";
import * as random from "../../src/random/index.js";
import * as sim from "../../src/sim/index.js";
import { transpileGraph } from "../../src/sim/source-worker.js";

const root = fileURLToPath(new URL("../../", import.meta.url));
let out = "";

beforeAll(async () => {
  // Under node_modules, as the pool's own worker graph, so packages resolve from the child too.
  const cache = join(root, "node_modules", ".cache");
  mkdirSync(cache, { recursive: true });
  out = mkdtempSync(join(cache, "edgecalc-sim-"));
  await transpileGraph(["sim/index.ts", "sim/worker.ts", "distributions/index.ts"].map((f) => join(root, "src", f)), join(root, "src"), out);
}, 120_000);

afterAll(() => {
  if (out) rmSync(out, { recursive: true, force: true });
});

describe("workers give the same numbers as the calling thread", () => {
  test("simulateMG1: 1, 2 and 3 workers agree bit for bit", async () => {
    const o = { lambda: 0.85, service: dists.hyperexponential([0.6, 0.4], [0.5, 1.375]), customers: 3e6, seed: 21, tails: [1, 10], quantiles: [0.5, 0.99] };
    const one = await sim.simulateMG1({ ...o, workers: 1 });
    const two = await sim.simulateMG1({ ...o, workers: 2 });
    const three = await sim.simulateMG1({ ...o, workers: 3 });
    expect(one.workersUsed).toBe(1);
    expect(two.workersUsed).toBe(2);
    expect({ ...two, workersUsed: 1 }).toEqual(one);
    expect({ ...three, workersUsed: 1 }).toEqual(one);
  });
  test("simulateMG1: a pipeline's sumOf service crosses to the workers too", async () => {
    const service = dists.sumOf(dists.deterministic(0.2), dists.exponential(0.3), dists.erlang(2, 0.2));
    const o = { lambda: 1.2, service, customers: 1e6, seed: 2 };
    const one = await sim.simulateMG1({ ...o, workers: 1 });
    const two = await sim.simulateMG1({ ...o, workers: 2 });
    expect(two.workersUsed).toBe(2);
    expect({ ...two, workersUsed: 1 }).toEqual(one);
  });
  test("simulateSlotted: recognised processes run on workers with identical results", async () => {
    const arrivals = { kind: "poisson", meanPerSlot: 1, sampler: (u: () => number) => () => random.poisson(u, 1) };
    const pipeline = {
      name: "p",
      stages: [
        { kind: "compute" as const, name: "edge", node: "edge", flops: 1, flopsPerSecond: 1.3 },
        // A Rayleigh-fading downlink (mean SNR 10 dB, 10 % control overhead): its per-slot draws cross to the workers as plain data.
        { kind: "transfer" as const, name: "dl", linkName: "dl", bits: 1e6, link: rayleighLink({ bandwidthHz: 1e6, txPowerDbm: 20, noiseDbm: -100, pathLossDb: 110, controlOverhead: 0.1 }) },
      ],
    };
    const o = { arrivals, pipeline, slotSeconds: 1, slots: 1e6, delays: [0, 3, 10], seed: 6 };
    const one = await sim.simulateSlotted({ ...o, workers: 1 });
    const two = await sim.simulateSlotted({ ...o, workers: 2 });
    expect(two.workersUsed).toBe(2);
    expect({ ...two, workersUsed: 1 }).toEqual(one);
  });
  test("simulateRequests: 1 and 2 workers agree bit for bit (Rayleigh transfer, 2 servers, dedicated, on–off arrivals)", async () => {
    const link = rayleighLink({ bandwidthHz: 10e6, txPowerDbm: 31, noiseDbm: -100, pathLossDb: 120 });
    const p = pipe.pipeline("mix", [
      pipe.computeStage({ node: "edge", flops: 0.6e12, flopsPerSecond: 1e12, distribution: dists.gammaDistribution(2.5, 0.6) }),
      pipe.transferStage({ linkName: "dl", bits: 2e6, link }),
      pipe.computeStage({ node: "gpu", flops: 1e12, flopsPerSecond: 1e12, distribution: dists.exponential(1), resource: { servers: 2 } }),
      pipe.computeStage({ node: "ue", flops: 0.5e12, flopsPerSecond: 1e12, distribution: dists.erlang(2, 0.5), resource: "dedicated" }),
      pipe.computeStage({ node: "out", flops: 0.2e12, flopsPerSecond: 1e12 }),
    ]);
    const o = { pipeline: p, arrivals: pipe.onOffRequests({ peakRate: 2, meanOn: 2, meanOff: 3 }), requests: 6e5, seed: 5, times: [1, 5], quantiles: [0.5, 0.01] };
    const one = await sim.simulateRequests({ ...o, workers: 1 });
    const two = await sim.simulateRequests({ ...o, workers: 2 });
    expect(one.workersUsed).toBe(1);
    expect(two.workersUsed).toBe(2);
    expect({ ...two, workersUsed: 1 }).toEqual(one);
  });
  test("simulateRequests: a user-made law runs in the calling thread (workersUsed 1)", async () => {
    const e = dists.exponential(0.5);
    const mine = Object.freeze({ ...e, kind: "mine" });
    const p = pipe.pipeline("p", [pipe.computeStage({ node: "n", flops: 1, flopsPerSecond: 1, distribution: mine })]);
    const r = await sim.simulateRequests({ pipeline: p, lambda: 1, requests: 3e5, seed: 1, workers: 2 });
    expect(r.workersUsed).toBe(1);
  });
  test("an unrecognised service runs in the calling thread (workersUsed 1), same numbers", async () => {
    const e = dists.exponential(1);
    const opaque = Object.freeze({ ...e, kind: "mine" });
    const r = await sim.simulateMG1({ lambda: 0.5, service: opaque, customers: 5e5, seed: 1, workers: 2 });
    const ref = await sim.simulateMG1({ lambda: 0.5, service: e, customers: 5e5, seed: 1, workers: 2 });
    expect(r.workersUsed).toBe(1);
    expect({ ...ref, workersUsed: 1 }).toEqual(r);
  });
});

describe("interruption", () => {
  test("an AbortSignal terminates the workers and rejects with its reason", async () => {
    const ac = new AbortController();
    const run = sim.simulateMG1({ lambda: 0.5, service: dists.exponential(1), customers: 1e10, seed: 1, workers: 2, signal: ac.signal });
    setTimeout(() => ac.abort(new Error("user stop")), 300);
    const started = Date.now();
    await expect(run).rejects.toThrow("user stop");
    // terminated, not run to completion (1e10 customers would take minutes)
    expect(Date.now() - started).toBeLessThan(20_000);
  });
  test("Ctrl-C (SIGINT) terminates the workers and the process exits with the default SIGINT behaviour", async () => {
    const script = `
      const sim = await import(${JSON.stringify(pathToFileURL(join(out, "sim/index.js")).href)});
      const d = await import(${JSON.stringify(pathToFileURL(join(out, "distributions/index.js")).href)});
      const run = sim.simulateMG1({ lambda: 0.5, service: d.exponential(1), customers: 1e10, workers: 2, onProgress: () => {}, progress: false });
      run.catch((e) => console.log("rejected:", e.message));
      console.log("started");`;
    const file = join(out, "interrupt.mjs");
    writeFileSync(file, script);
    const child = spawn(process.execPath, [file], { stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    child.stdout.on("data", (b) => {
      stdout += String(b);
      if (stdout.includes("started")) setTimeout(() => child.kill("SIGINT"), 500);
    });
    const started = Date.now();
    const { code, signal } = await new Promise<{ code: number | null; signal: string | null }>((resolve) => child.on("exit", (c, s) => resolve({ code: c, signal: s })));
    expect(signal).toBe("SIGINT");
    expect(code).toBe(null);
    expect(stdout).toContain("rejected: simulation interrupted (SIGINT)");
    expect(Date.now() - started).toBeLessThan(20_000);
  }, 30_000);
  test("an already aborted signal rejects before any work", async () => {
    const ac = new AbortController();
    ac.abort(new Error("never started"));
    await expect(sim.simulateMG1({ lambda: 0.5, service: dists.exponential(1), customers: 1e6, workers: 2, signal: ac.signal })).rejects.toThrow("never started");
  });
});
