// The README's quick example, run by the test suite (test/examples.test.ts).
import {
  paperScenario, paradigms, paradigmLatencies, collaborativeBeatsEdgeOnly,
  serviceDistribution, mg1, poissonArrivals, pipelineService, delayBound, delayQuantile,
} from "edgecalc";
import { simulateSlotted } from "edgecalc/sim";

const { params, lambda, slotSeconds } = paperScenario;       // Table 3 + stated assumptions
const t = paradigmLatencies(params);                          // Table 2, seconds
console.log(t.collaborative.total.toFixed(3), t.edgeOnly.total.toFixed(3)); // 1.073 1.122

const c = collaborativeBeatsEdgeOnly(params);                 // paper (13), both sides in seconds
console.log(c.holds, c.lhs.toFixed(4), c.rhs.toFixed(4));     // true 0.1321 0.0822

const split = paradigms(params).collaborative;                // edge compute → downlink → terminal compute
const q = mg1(lambda, serviceDistribution(split));            // M/D/1 at λ = 0.5 request/s
console.log(q.meanSojourn.toFixed(3), q.waitTail(3).toExponential(3));

// SNC: P(end-to-end delay > 3 s) for Poisson arrivals through the 3-stage tandem (Δ = 0.1 s)
const arrivals = poissonArrivals(lambda * slotSeconds);
const service = pipelineService(split, { slotSeconds });
const b = delayBound(arrivals, service, 60);                  // 60 slots = 6 s
console.log(b.probability.toExponential(3), b.theta.toFixed(3)); // 3.331e-2 1.306
console.log(delayQuantile(arrivals, service, 1e-3).delaySlots * slotSeconds, "s at ε = 1e-3");

// …and the bound lies above a seeded simulation of the same slotted system.
const sim = await simulateSlotted({ arrivals, pipeline: split, slotSeconds, slots: 1_000_000, seed: 1, delays: [40, 60] });
for (const v of sim.endToEnd) {                               // frequency with a 95% interval
  const bound = delayBound(arrivals, service, v.delay).probability;
  console.log(v.delay, v.value.toExponential(2), v.upper.toExponential(2), bound.toExponential(2), v.upper <= bound);
}
// 40 1.09e-3 1.57e-3 5.77e-1 true
// 60 2.90e-5 7.56e-5 3.33e-2 true
