#!/usr/bin/env node
// Runs every bench/*.bench.mjs in turn (each imports the built dist/ and prints a
// markdown table of medians and same-run ratios). `npm run bench` builds first.
// Usage: npm run bench [-- name-filter]
import { readdirSync } from "node:fs";
import { spawnSync } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const filter = process.argv[2] ?? "";
const files = readdirSync(here).filter((f) => f.endsWith(".bench.mjs") && f.includes(filter)).sort();
let failed = 0;
for (const f of files) {
  console.log(`\n## ${f.replace(".bench.mjs", "")}\n`);
  const r = spawnSync(process.execPath, [join(here, f)], { stdio: "inherit" });
  if (r.status !== 0) failed++;
}
console.log(`\n${files.length - failed} of ${files.length} benchmark files ran (${new Date().toISOString()}, ${process.version}).`);
process.exit(failed ? 1 : 0);
