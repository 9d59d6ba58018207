/**
 * Vitest setup: reproducible property tests in CI. With CI set (as `.ci/run` does) or
 * EDGECALC_FC_SEED given, every fast-check property without its own seed starts from the
 * same seed, so a CI run can be replayed exactly; a developer's local run explores new
 * inputs each time (fast-check prints the seed of any failure).
 */
import fc from "fast-check";
import { beforeEach } from "vitest";

const given = process.env.EDGECALC_FC_SEED;
if (given !== undefined || process.env.CI) {
  const seed = given !== undefined ? Number(given) : 20261123;
  if (!Number.isSafeInteger(seed)) throw new RangeError(`test setup: EDGECALC_FC_SEED must be a safe integer, got ${JSON.stringify(given)}`);
  fc.configureGlobal({ seed });
}

/**
 * No expected failures: a test run in "fails" mode (`it.fails`, `test.fails`, `{ fails: true }`)
 * passes exactly when its body throws, which parks a known bug as a pass. Such a test is
 * failed instead: its mode is cleared (so the runner does not flip the failure back into a
 * pass) and an error is thrown before its body runs. `.ci/run` also counts it as failed.
 */
export function refuseFailsMode(task: { name: string; fails?: boolean }): void {
  if (task.fails) {
    task.fails = false;
    throw new Error(`"${task.name}" runs in fails mode (it.fails): a known bug must be fixed or reported, not parked as a pass`);
  }
}

beforeEach(({ task }) => refuseFailsMode(task));
