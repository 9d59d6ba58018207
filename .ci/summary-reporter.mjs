// Vitest reporter for .ci/run: writes the run's tally to the JSON file named by
// EDGECALC_SUMMARY (default .vitest-summary.json). A test declared in "fails" mode
// (it.fails, test.fails, { fails: true }) counts as failed whatever its outcome: an
// expected failure is a known wrong answer, not a pass. A test file that failed without
// any failed test (an import error) and every unhandled error also count as failures.
import { writeFileSync } from "node:fs";

export default class SummaryReporter {
  onTestRunEnd(testModules, unhandledErrors) {
    let passed = 0;
    let failed = 0;
    let skipped = 0;
    const failsMode = [];
    for (const module of testModules) {
      let moduleFailed = 0;
      for (const test of module.children.allTests()) {
        const state = test.result().state;
        if (test.options.fails) {
          failsMode.push(`${module.moduleId} > ${test.fullName}`);
          failed++;
          moduleFailed++;
        } else if (state === "passed") passed++;
        else if (state === "failed") {
          failed++;
          moduleFailed++;
        } else skipped++;
      }
      if (moduleFailed === 0 && module.state() === "failed") failed++;
    }
    failed += unhandledErrors.length;
    const file = process.env.EDGECALC_SUMMARY ?? ".vitest-summary.json";
    writeFileSync(file, JSON.stringify({ passed, failed, skipped, failsMode }, null, 1));
  }
}
