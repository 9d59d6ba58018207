#!/usr/bin/env node
// npm runs `prepare` after `npm install` / `npm ci` in a clone (and before `npm pack`): build
// dist/ there, so `npx edgecalc …` works right after installing. Skipped, with one line,
// when dist/ is already newer than every source (npx installs the project once more and
// would otherwise rebuild it) or when TypeScript is absent (`npm ci --omit=dev`: the
// package's dist/ is then what runs).
import { existsSync, readdirSync, statSync } from "node:fs";
import { spawnSync } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const tsc = join(root, "node_modules/typescript/bin/tsc");
const built = join(root, "dist/cli/main.js");

/** Newest modification time of the build's inputs: src/**, the tsconfigs, package.json. */
function newestInput() {
  let newest = 0;
  const walk = (dir) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else newest = Math.max(newest, statSync(p).mtimeMs);
    }
  };
  walk(join(root, "src"));
  for (const f of ["tsconfig.json", "tsconfig.build.json", "package.json"]) newest = Math.max(newest, statSync(join(root, f)).mtimeMs);
  return newest;
}

if (!existsSync(tsc)) {
  console.log("edgecalc prepare: TypeScript is not installed (dev dependencies omitted); dist/ not built");
  process.exit(0);
}
if (existsSync(built) && statSync(built).mtimeMs >= newestInput()) {
  console.log("edgecalc prepare: dist/ is up to date");
  process.exit(0);
}
const r = spawnSync(process.execPath, [tsc, "-p", "tsconfig.build.json"], { cwd: root, stdio: "inherit" });
if (r.status === 0) console.log("edgecalc prepare: built dist/ (npx edgecalc is ready)");
process.exit(r.status ?? 1);
