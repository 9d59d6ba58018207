// Two delay models on the paper scenario: the fluid virtual delay (the paper's slotted model)
// and the request-level response time (atomic requests, store-and-forward, FIFO). For each
// paradigm the 1e-3 quantile by each model's bound and by its seeded simulation, and the
// winner under each; then the cases that motivated the request model, re-measured. Prints
// the README's "Two delay models" tables; every number is computed here.
//
//   npm run build && node scripts/delay-models.mjs [--scale 1]
//
// `--scale` multiplies the simulation lengths (default 1: 2 000 000 requests and 1 000 000
// slots per simulation, a few seconds each). Seeds are fixed, so a rerun reproduces the tables.
import {
  PARADIGM_KEYS,
  PARADIGM_LABELS,
  meanLatency,
  paradigms,
  paperScenario,
  rayleighLink,
  simulateDelays,
  violationQuantile,
} from "../dist/index.js";

const scaleArg = process.argv.indexOf("--scale");
const scale = scaleArg > 0 ? Number(process.argv[scaleArg + 1]) : 1;
const REQUESTS = Math.round(2_000_000 * scale);
const SLOTS = Math.round(1_000_000 * scale);
const EPS = 1e-3;
const SEED = 7;

const fmt = (x, d = 2) => (Number.isFinite(x) ? x.toFixed(d) : "∞");
const interval = (q) => (Number.isFinite(q.value) ? `${fmt(q.value)} [${fmt(q.lower)}, ${fmt(q.upper)}]` : "∞");

/** The fluid model's simulated ε-quantile: the first whole slot whose P(D > k) estimate (and interval ends) is ≤ ε. */
async function fluidSimQuantile(pipe, scenario, maxSeconds) {
  const slotSeconds = scenario.slotSeconds;
  const n = Math.ceil(maxSeconds / slotSeconds);
  const deadlines = Array.from({ length: n + 1 }, (_, k) => k * slotSeconds);
  const sim = await simulateDelays(pipe, scenario, { model: "fluid", deadlines, slots: SLOTS, seed: SEED, progress: false });
  const first = (f) => {
    const i = sim.endToEnd.findIndex(f);
    return i < 0 ? Infinity : sim.endToEnd[i].evaluatedSeconds;
  };
  return { value: first((e) => e.value <= EPS), lower: first((e) => e.lower <= EPS), upper: first((e) => e.upper <= EPS), sim };
}

async function requestSimQuantile(pipe, scenario, deadlines = []) {
  const sim = await simulateDelays(pipe, scenario, { deadlines: deadlines.length > 0 ? deadlines : [0], quantiles: [EPS], requests: REQUESTS, seed: SEED, progress: false });
  return { ...sim.quantiles[0], sim };
}

const argmin = (values) => {
  let best = null;
  for (const k of PARADIGM_KEYS) if (Number.isFinite(values[k]) && (best === null || values[k] < values[best])) best = k;
  return best === null ? "none" : PARADIGM_LABELS[best];
};

async function table(scenario, title) {
  const ps = paradigms(scenario.params);
  const rows = {};
  for (const k of PARADIGM_KEYS) {
    const fb = violationQuantile(ps[k], scenario, EPS, { model: "fluid" });
    const rb = violationQuantile(ps[k], scenario, EPS, { model: "request" });
    const stable = rb.stable && fb.stable;
    const fs = stable ? await fluidSimQuantile(ps[k], scenario, 1.2 * fb.seconds) : { value: Infinity, lower: Infinity, upper: Infinity };
    const rs = stable ? await requestSimQuantile(ps[k], scenario) : { value: Infinity, lower: Infinity, upper: Infinity };
    rows[k] = { mean: meanLatency(ps[k]), fb, fs, rb, rs };
  }
  console.log(`\n${title} — λ = ${scenario.lambda}/s, Δ = ${scenario.slotSeconds} s; 1e-3 quantiles in seconds (simulation: estimate [95 % interval], ${REQUESTS.toLocaleString("en")} requests / ${SLOTS.toLocaleString("en")} slots, seed ${SEED})\n`);
  console.log("| paradigm | mean latency | fluid bound | fluid simulation | request bound | request simulation |");
  console.log("|---|---:|---:|---:|---:|---:|");
  for (const k of PARADIGM_KEYS) {
    const r = rows[k];
    const rbKind = r.rb.stable ? (r.rb.exact ? " (exact)" : "") : "";
    console.log(`| ${PARADIGM_LABELS[k]} | ${fmt(r.mean)} | ${fmt(r.fb.seconds, 1)} | ${interval(r.fs)} | ${fmt(r.rb.seconds)}${rbKind} | ${interval(r.rs)} |`);
  }
  const pick = (f) => argmin(Object.fromEntries(PARADIGM_KEYS.map((k) => [k, f(rows[k])])));
  console.log(`| **winner** | ${pick((r) => r.mean)} | ${pick((r) => r.fb.seconds)} | ${pick((r) => r.fs.value)} | ${pick((r) => r.rb.seconds)} | ${pick((r) => r.rs.value)} |`);
  return rows;
}

const s = paperScenario;
const at = (terminalTflops, pathLossDb) => ({
  ...s,
  name: `paper, f_UE = ${terminalTflops} TFLOP/s, PL = ${pathLossDb} dB`,
  params: { ...s.params, terminalFlops: terminalTflops * 1e12, link: rayleighLink({ ...s.linkSpec, pathLossDb }) },
});

await table(s, `The paper scenario (f_UE = ${s.params.terminalFlops / 1e12} TFLOP/s, PL = ${s.linkSpec.pathLossDb} dB)`);
await table(at(15, 90), "The issue's case: f_UE = 15 TFLOP/s, PL = 90 dB");

// Is the terminal's speed visible? The collaborative pipeline at f_UE = 15 and 100 TFLOP/s.
console.log("\nThe terminal's speed, collaborative pipeline (PL as in the paper scenario): P(delay > t) simulated, estimate [95 % interval]\n");
console.log("| f_UE (TFLOP/s) | mean latency (s) | fluid: P(D > 1 s) | request: P(T > 1 s) | fluid: P(D > 2 s) | request: P(T > 2 s) |");
console.log("|---:|---:|---:|---:|---:|---:|");
for (const f of [15, 100]) {
  const sc = at(f, s.linkSpec.pathLossDb);
  const pipe = paradigms(sc.params).collaborative;
  const fluid = await simulateDelays(pipe, sc, { model: "fluid", deadlines: [1, 2], slots: SLOTS, seed: SEED, progress: false });
  const req = await simulateDelays(pipe, sc, { deadlines: [1, 2], requests: REQUESTS, seed: SEED, progress: false });
  const p = (e) => `${e.value.toFixed(3)} [${e.lower.toFixed(3)}, ${e.upper.toFixed(3)}]`;
  console.log(`| ${f} | ${fmt(meanLatency(pipe))} | ${p(fluid.endToEnd[0])} | ${p(req.endToEnd[0])} | ${p(fluid.endToEnd[1])} | ${p(req.endToEnd[1])} |`);
}
