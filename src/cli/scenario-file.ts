/**
 * Loading the `--scenario` file of a command: read, parse, validate — before anything runs
 * or is written. Without a file, the paper scenario.
 *
 * @module
 */

import { closeSync, fstatSync, openSync, readSync } from "node:fs";
import { constants } from "node:fs";
import { type GraphPreset, paperScenario, type ParadigmScenario, parseGraphScenario } from "../pipeline/index.js";
import { MAX_SCENARIO_CHARS, parseScenario, stripJsonComments } from "../pipeline/scenario.js";

/** Why a scenario file cannot be used: one line for the user, no stack. */
export class ScenarioFileError extends Error {
  override readonly name = "ScenarioFileError";
}

const REASONS: Readonly<Record<string, string>> = Object.freeze({
  ENOENT: "no such file",
  EACCES: "permission denied",
  EPERM: "permission denied",
  EISDIR: "it is a directory",
  ENOTDIR: "a component of the path is not a directory",
  ELOOP: "too many symbolic links",
  ENAMETOOLONG: "the path is too long",
});

/**
 * The bytes of a regular file of at most `MAX_SCENARIO_CHARS` bytes. The file is opened
 * without blocking and checked with fstat before any read: a FIFO or device would
 * otherwise block (or stream) for ever, and a huge file exhaust memory.
 */
function readScenarioBytes(path: string): Uint8Array {
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? "";
    throw new ScenarioFileError(`cannot read scenario file ${JSON.stringify(path)}: ${REASONS[code] ?? (e as Error).message}${code ? ` (${code})` : ""}`);
  }
  try {
    const st = fstatSync(fd);
    if (st.isDirectory()) throw new ScenarioFileError(`cannot read scenario file ${JSON.stringify(path)}: it is a directory`);
    if (!st.isFile()) throw new ScenarioFileError(`cannot read scenario file ${JSON.stringify(path)}: not a regular file (a FIFO, socket or device)`);
    if (st.size > MAX_SCENARIO_CHARS) {
      throw new ScenarioFileError(`scenario file ${JSON.stringify(path)} is ${st.size} bytes; the limit is ${MAX_SCENARIO_CHARS} bytes (1 MiB; a scenario is a few kilobytes)`);
    }
    const buf = new Uint8Array(st.size);
    let got = 0;
    while (got < buf.length) {
      const n = readSync(fd, buf, got, buf.length - got, got);
      if (n === 0) break;
      got += n;
    }
    return buf.subarray(0, got);
  } catch (e) {
    if (e instanceof ScenarioFileError) throw e;
    throw new ScenarioFileError(`cannot read scenario file ${JSON.stringify(path)}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  } finally {
    closeSync(fd);
  }
}

/**
 * The scenario a command runs on: the parsed, validated file, or the paper preset.
 *
 * The file must be a regular file of at most 1 MiB (`MAX_SCENARIO_CHARS` bytes) in UTF-8;
 * a leading byte-order mark is accepted. Anything else is one line naming the file.
 *
 * @param path - the `--scenario` path, or undefined for the paper scenario
 * @returns the scenario
 * @throws ScenarioFileError naming the file when it is missing, unreadable, not a regular
 *   file, over 1 MiB or not UTF-8; the scenario parser's errors (naming field, constraint
 *   and value, prefixed with the path) when it is invalid
 * @example
 * ```ts
 * loadScenario("examples/scenarios/edge-wins.json").name; // "edge-wins"
 * ```
 */
export function loadScenario(path: string | undefined): ParadigmScenario {
  if (path === undefined) return paperScenario;
  const text = readScenarioText(path);
  try {
    return parseScenario(text, `scenario file ${path}`);
  } catch (e) {
    (e as Error).message = `${path}: ${(e as Error).message}`;
    throw e;
  }
}

function readScenarioText(path: string): string {
  const bytes = readScenarioBytes(path);
  try {
    return new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    throw new ScenarioFileError(`scenario file ${JSON.stringify(path)} is not valid UTF-8 (save it as UTF-8 text)`);
  }
}

/**
 * A graph scenario file (docs/model.md §11: a top-level `pipeline` whose steps may fork or
 * batch) read and parsed by `parseGraphScenario`, or null when the file is a paper-system
 * scenario (no `pipeline` key; `loadScenario` reads it). Errors name the file and the
 * path of the offending field.
 */
export function loadGraphScenario(path: string): GraphPreset | null {
  const text = readScenarioText(path);
  let json: unknown;
  try {
    json = JSON.parse(stripJsonComments(text));
  } catch {
    return null;
  }
  if (json === null || typeof json !== "object" || !Object.hasOwn(json, "pipeline")) return null;
  try {
    return parseGraphScenario(text, `scenario file ${path}`);
  } catch (e) {
    (e as Error).message = `${path}: ${(e as Error).message}`;
    throw e;
  }
}
