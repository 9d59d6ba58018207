// The README's quick example, run by the test suite (test/examples.test.ts).
import {
  paperScenario, paradigms, paradigmLatencies, collaborativeBeatsEdgeOnly,
  pipelineMg1, violationBound, violationQuantile, simulateDelays,
} from "edgecalc";

const { params, lambda } = paperScenario;                     // Table 3 + stated assumptions
const t = paradigmLatencies(params);                          // Table 2, seconds
console.log(t.collaborative.total.toFixed(3), t.edgeOnly.total.toFixed(3)); // 1.073 1.122

const c = collaborativeBeatsEdgeOnly(params);                 // paper (13), both sides in seconds
console.log(c.holds, c.lhs.toFixed(4), c.rhs.toFixed(4));     // true 0.1321 0.0822

const split = paradigms(params).collaborative;                // edge compute → downlink → terminal compute
const q = pipelineMg1(split, lambda);                         // M/D/1 at λ = 0.5 request/s
console.log(q.meanSojourn.toFixed(3), q.waitTail(3).toExponential(3)); // 1.693 2.830e-2

// P(end-to-end delay > 6 s) through the 3-stage tandem in the paper's fluid model (slotted,
// Δ = 0.1 s): the scenario layer evaluates a deadline of d seconds at ⌊d/Δ⌋ = 60 slots.
const fluid = { model: "fluid" };
const b = violationBound(split, paperScenario, 6, fluid);
console.log(b.probability.toExponential(3), b.bound.theta.toFixed(3)); // 3.331e-2 1.306
console.log(violationQuantile(split, paperScenario, 1e-3, fluid).seconds, "s at ε = 1e-3"); // 8.4

// …and the bound lies above a seeded simulation of the same slotted system.
const sim = await simulateDelays(split, paperScenario, { ...fluid, deadlines: [4, 6], slots: 1_000_000, seed: 1 });
for (const v of sim.endToEnd) {                               // frequency with a 95% interval
  const bound = violationBound(split, paperScenario, v.deadlineSeconds, fluid).probability;
  console.log(v.deadlineSeconds, v.value.toExponential(2), v.upper.toExponential(2), bound.toExponential(2), v.upper <= bound);
}
// 4 1.09e-3 1.57e-3 5.77e-1 true
// 6 2.90e-5 7.56e-5 3.33e-2 true

// The default model: the response time of an atomic request (store-and-forward, FIFO at each
// resource) — exact where the pipeline's shape allows, otherwise a valid bound, and it says which.
const r = violationBound(split, paperScenario, 6);
console.log(r.model, r.probability.toExponential(3), r.exact, r.method); // request 2.705e-4 false head
const rq = violationQuantile(split, paperScenario, 1e-3);
const rs = await simulateDelays(split, paperScenario, { deadlines: [6], quantiles: [1e-3], requests: 1_000_000, seed: 1 });
const s3 = rs.quantiles[0];                                   // the simulated 1e-3 quantile with its 95% interval
console.log(rq.seconds.toFixed(2), s3.value.toFixed(2), s3.lower.toFixed(2), s3.upper.toFixed(2)); // 5.16 5.18 5.03 5.28
