#!/usr/bin/env node
// `npm run docs`: the API reference by TypeDoc (typedoc.json), then one line saying where it
// was written. Extra arguments go to TypeDoc (e.g. `npm run docs -- --out /tmp/api`).
import { readFileSync } from "node:fs";
import { spawnSync } from "node:child_process";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const args = process.argv.slice(2);
const r = spawnSync(process.execPath, [join(root, "node_modules/typedoc/bin/typedoc"), ...args], { cwd: root, stdio: "inherit" });
if (r.status !== 0) process.exit(r.status ?? 1);
const i = args.lastIndexOf("--out");
const out = i >= 0 && args[i + 1] !== undefined ? args[i + 1] : JSON.parse(readFileSync(join(root, "typedoc.json"), "utf8")).out;
if (!args.includes("--emit") || args[args.indexOf("--emit") + 1] !== "none") console.log(`API reference written to ${join(resolve(root, out), "index.html")}`);
