/**
 * Loading the `--scenario` file of a command: read, parse, validate — before anything runs
 * or is written. Without a file, the paper scenario.
 *
 * @module
 */

import { readFileSync } from "node:fs";
import { paperScenario, type ParadigmScenario } from "../pipeline/index.js";
import { parseScenario } from "../pipeline/scenario.js";

/**
 * The scenario a command runs on: the parsed, validated file, or the paper preset.
 *
 * @param path - the `--scenario` path, or undefined for the paper scenario
 * @returns the scenario
 * @throws Error naming the file when it cannot be read; the scenario parser's errors
 *   (naming field, constraint and value) when it is invalid
 * @example
 * ```ts
 * loadScenario("examples/scenarios/edge-wins.json").name; // "edge-wins"
 * ```
 */
export function loadScenario(path: string | undefined): ParadigmScenario {
  if (path === undefined) return paperScenario;
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (e) {
    throw new Error(`cannot read scenario file ${JSON.stringify(path)}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  try {
    return parseScenario(text, `scenario file ${path}`);
  } catch (e) {
    (e as Error).message = `${path}: ${(e as Error).message}`;
    throw e;
  }
}
