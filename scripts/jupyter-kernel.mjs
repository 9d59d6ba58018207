#!/usr/bin/env node
// Writes a Jupyter kernelspec for the tslab TypeScript kernel of this checkout, so
// `jupyter nbconvert --execute notebooks/edgecalc-tour.ipynb` (or JupyterLab) can run it.
// `tslab install` does the same but needs IPython's kernelspec tooling; this needs nothing.
// Usage: node scripts/jupyter-kernel.mjs [kernels-dir]
//   default kernels-dir: $JUPYTER_DATA_DIR/kernels or ~/.local/share/jupyter/kernels
import { mkdirSync, writeFileSync } from "node:fs";
import { homedir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const kernels = process.argv[2] ?? join(process.env.JUPYTER_DATA_DIR ?? join(homedir(), ".local/share/jupyter"), "kernels");
const dir = join(kernels, "tslab");
mkdirSync(dir, { recursive: true });
writeFileSync(
  join(dir, "kernel.json"),
  JSON.stringify(
    {
      argv: [process.execPath, join(root, "node_modules/tslab/bin/tslab"), "kernel", "--config-path", "{connection_file}"],
      display_name: "TypeScript (tslab)",
      language: "typescript",
    },
    null,
    2,
  ) + "\n",
);
console.log(`wrote ${join(dir, "kernel.json")}`);
