import fc from "fast-check";
import type { ParadigmParams } from "../../src/pipeline/index.js";

/** Table 3-like parameter sets spanning several orders of magnitude. */
export const paramsArb: fc.Arbitrary<ParadigmParams> = fc.record({
  edgeFlops: fc.double({ min: 1e12, max: 1e15, noNaN: true }),
  terminalFlops: fc.double({ min: 1e11, max: 1e15, noNaN: true }),
  encoderFlops: fc.double({ min: 0, max: 1e13, noNaN: true }),
  decoderFlops: fc.double({ min: 0, max: 1e13, noNaN: true }),
  priorStepFlops: fc.double({ min: 0, max: 1e14, noNaN: true }),
  decoderStepFlops: fc.double({ min: 0, max: 1e14, noNaN: true }),
  priorSteps: fc.integer({ min: 0, max: 100 }),
  decoderSteps: fc.integer({ min: 0, max: 100 }),
  imageBits: fc.double({ min: 0, max: 1e8, noNaN: true }),
  latentBits: fc.double({ min: 0, max: 1e8, noNaN: true }),
  meanRate: fc.double({ min: 1e5, max: 1e10, noNaN: true }),
});

