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

// P(end-to-end delay > 6 s) through the 3-stage tandem in the paper's slotted model (Δ = 0.1 s):
// the scenario layer evaluates a deadline of d seconds at ⌊d/Δ⌋ = 60 slots.
const b = violationBound(split, paperScenario, 6);
console.log(b.probability.toExponential(3), b.bound.theta.toFixed(3)); // 3.331e-2 1.306
console.log(violationQuantile(split, paperScenario, 1e-3).seconds, "s at ε = 1e-3"); // 8.4

// …and the bound lies above a seeded simulation of the same slotted system.
const sim = await simulateDelays(split, paperScenario, { deadlines: [4, 6], slots: 1_000_000, seed: 1 });
for (const v of sim.endToEnd) {                               // frequency with a 95% interval
  const bound = violationBound(split, paperScenario, v.deadlineSeconds).probability;
  console.log(v.deadlineSeconds, v.value.toExponential(2), v.upper.toExponential(2), bound.toExponential(2), v.upper <= bound);
}
// 4 1.09e-3 1.57e-3 5.77e-1 true
// 6 2.90e-5 7.56e-5 3.33e-2 true
