/**
 * The paper and edge-wins scenarios with the downlink given as its ergodic mean rate
 * E[R] (docs/model.md §2: B·e^{1/γ̄}E1(1/γ̄)/ln 2 for γ̄ = 31 − 120 + 100 = 11 dB and 31 dB),
 * so these tests do not depend on the channel module's link objects.
 * E[R] computed with mpmath: see test/fixtures/testing/generate.py.
 */
import { paperScenario } from "../../src/pipeline/index.js";
import { fixture } from "../helpers.js";

const f = fixture<{ ergodicRate: { pl120: number; pl100: number } }>("testing/scenarios.json");

// Table 3 and the stated assumptions from the preset itself, with its Rayleigh link
// replaced by the number E[R] (one copy of the values, not two).
const { link: _link, ...params } = paperScenario.params;

export const paperLikeScenario = Object.freeze({ name: "paper (E[R] as a number)", params: { ...params, meanRate: f.ergodicRate.pl120 }, lambda: 0.5, slotSeconds: 0.1 });
export const edgeWinsLikeScenario = Object.freeze({
  name: "edge-wins (E[R] as a number)",
  params: { ...params, terminalFlops: 35e12, meanRate: f.ergodicRate.pl100 },
  lambda: 0.5,
  slotSeconds: 0.1,
});
