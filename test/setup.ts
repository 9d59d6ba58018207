/**
 * Vitest setup: reproducible property tests in CI. With CI set (as `.ci/run` does) or
 * EDGECALC_FC_SEED given, every fast-check property without its own seed starts from the
 * same seed, so a CI run can be replayed exactly; a developer's local run explores new
 * inputs each time (fast-check prints the seed of any failure).
 */
import fc from "fast-check";

const given = process.env.EDGECALC_FC_SEED;
if (given !== undefined || process.env.CI) {
  const seed = given !== undefined ? Number(given) : 20261123;
  if (!Number.isSafeInteger(seed)) throw new RangeError(`test setup: EDGECALC_FC_SEED must be a safe integer, got ${JSON.stringify(given)}`);
  fc.configureGlobal({ seed });
}
