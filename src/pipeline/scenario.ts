/**
 * Scenario files: a JSON (or JSON-with-comments) description of the paper's system that
 * the command line and the figures read. A file either states every value or `extends` a
 * preset and overrides a few, so a user changes one number and redraws:
 *
 * ```jsonc
 * {
 *   "extends": "paper",                 // "paper", "edge-wins" or "multi-user" (optional)
 *   "name": "weak-terminal",
 *   "params": { "terminalFlops": 35e12 },
 *   "link": { "pathLossDb": 100 }
 * }
 * ```
 *
 * Fields: `name`, `description` (strings); `link` = { bandwidthHz, txPowerDbm, noiseDbm,
 * pathLossDb, controlOverhead } (the downlink of docs/model.md §2); `params` = the numeric fields
 * of `ParadigmParams` except `link`/`meanRate` (edgeFlops, terminalFlops, encoderFlops,
 * decoderFlops, priorStepFlops, decoderStepFlops, priorSteps, decoderSteps, imageBits,
 * latentBits, and optionally edgeScv, terminalScv, edgeJoulesPerFlop,
 * terminalJoulesPerFlop); `lambda` (request/s); `slotSeconds` (Δ, s); optionally
 * `terminalResource`, `"shared"` (default, as the paper) or `"dedicated"` (each user's own
 * terminal: no queue there in request-level models). Keys starting with
 * `_` are comments and ignored; any other unknown key is an error (a typo must not pass
 * silently). Every value is checked before anything runs; an error names the field, the
 * constraint and the value.
 *
 * @module
 */

import { rayleighLinkFor } from "../channel/rayleigh.js";
import { inHalfOpen, invalid, nonNegative, nonNegativeInteger, positive, show } from "../util/validate.js";
import { edgeWinsScenario, multiUserScenario, paperScenario, type LinkSpec, type ParadigmScenario, type PresetValue } from "./presets.js";
import type { ParadigmParams } from "./paradigms.js";

/** The presets a scenario file may extend, by name. */
export const SCENARIO_PRESETS: Readonly<Record<string, ParadigmScenario>> = Object.freeze({
  paper: paperScenario,
  "edge-wins": edgeWinsScenario,
  "multi-user": multiUserScenario,
});

type Check = (fn: string, param: string, value: unknown) => number;

const LINK_FIELDS: Readonly<Record<keyof LinkSpec, { check: Check; label: string; unit: string }>> = Object.freeze({
  bandwidthHz: { check: positive, label: "B (bandwidth)", unit: "Hz" },
  txPowerDbm: { check: finiteNumber, label: "P_dl (downlink transmit power)", unit: "dBm" },
  noiseDbm: { check: finiteNumber, label: "σ² (noise power)", unit: "dBm" },
  pathLossDb: { check: finiteNumber, label: "PL (path loss)", unit: "dB" },
  controlOverhead: { check: (fn, p, v) => inHalfOpen(fn, p, v, 0, 1), label: "ξ_ctrl (control overhead)", unit: "" },
});

type NumericParam = Exclude<keyof ParadigmParams, "link" | "meanRate" | "terminalResource">;

const PARAM_FIELDS: Readonly<Record<NumericParam, { check: Check; label: string; unit: string; optional?: true }>> = Object.freeze({
  edgeFlops: { check: positive, label: "f_ES (edge server speed)", unit: "FLOP/s" },
  terminalFlops: { check: positive, label: "f_UE (terminal speed)", unit: "FLOP/s" },
  encoderFlops: { check: nonNegative, label: "O_E (encoder)", unit: "FLOPs" },
  decoderFlops: { check: nonNegative, label: "O_D (decoder)", unit: "FLOPs" },
  priorStepFlops: { check: nonNegative, label: "O_prior (prior U-Net, per step)", unit: "FLOPs" },
  decoderStepFlops: { check: nonNegative, label: "O_dec (decoding U-Net, per step)", unit: "FLOPs" },
  priorSteps: { check: nonNegativeInteger, label: "L_prior (prior steps)", unit: "steps" },
  decoderSteps: { check: nonNegativeInteger, label: "L_dec (decoding steps)", unit: "steps" },
  imageBits: { check: nonNegative, label: "J_img (image)", unit: "bit" },
  latentBits: { check: nonNegative, label: "J_dl (latent)", unit: "bit" },
  edgeScv: { check: nonNegative, label: "edge compute-time SCV", unit: "", optional: true },
  terminalScv: { check: nonNegative, label: "terminal compute-time SCV", unit: "", optional: true },
  edgeJoulesPerFlop: { check: nonNegative, label: "edge energy per FLOP", unit: "J/FLOP", optional: true },
  terminalJoulesPerFlop: { check: nonNegative, label: "terminal energy per FLOP", unit: "J/FLOP", optional: true },
});

const TOP_FIELDS = Object.freeze(["extends", "name", "description", "link", "params", "lambda", "slotSeconds", "terminalResource"]);

/** `terminalResource` of a file: "shared" or "dedicated" (request-level models, docs/model.md §9.1). */
function terminalResource(fn: string, param: string, value: unknown): "shared" | "dedicated" {
  if (value === "shared" || value === "dedicated") return value;
  return invalid(fn, param, `"shared" or "dedicated"`, value);
}

function finiteNumber(fn: string, param: string, value: unknown): number {
  if (typeof value !== "number") throw new TypeError(`${fn}: ${param} must be a number, got ${show(value)}`);
  if (!Number.isFinite(value)) invalid(fn, param, "a finite number", value);
  return value;
}

function plainObject(fn: string, param: string, value: unknown): Record<string, unknown> {
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    throw new TypeError(`${fn}: ${param} must be an object, got ${show(value)}`);
  }
  return value as Record<string, unknown>;
}

function rejectUnknown(fn: string, where: string, obj: Record<string, unknown>, known: readonly string[]): void {
  for (const key of Object.keys(obj)) {
    if (key.startsWith("_") || known.includes(key)) continue;
    throw new RangeError(`${fn}: ${where}${key} is not a scenario field (known: ${known.join(", ")}; prefix a key with "_" for a comment), got ${show(obj[key])}`);
  }
}

function str(fn: string, param: string, value: unknown): string {
  if (typeof value !== "string" || value.trim() === "") throw new TypeError(`${fn}: ${param} must be a non-empty string, got ${show(value)}`);
  return value;
}

/**
 * Removes `//` and `/* … *\/` comments and trailing commas outside strings, so a `.jsonc`
 * scenario parses with `JSON.parse`. Line structure is kept so JSON error positions still
 * point at the right line. Linear time and memory: native searches jump from one quote,
 * slash or comma to the next and the output is joined once from slices of the input (built
 * a character at a time, a 10 MB text took 880 MB and a 200 MB one exhausted the heap).
 *
 * @param text - JSON with comments
 * @returns plain JSON text
 * @throws TypeError if text is not a string
 * @example
 * ```ts
 * JSON.parse(stripJsonComments('{ "a": 1, // one\n }')); // { a: 1 }
 * ```
 */
export function stripJsonComments(text: string): string {
  if (typeof text !== "string") throw new TypeError(`stripJsonComments: text must be a string, got ${show(text)}`);
  const parts: string[] = [];
  let from = 0; // start of the run not yet copied
  walk(text, "/", (at) => {
    const next = text.charCodeAt(at + 1);
    if (next === SLASH) {
      parts.push(text.slice(from, at));
      const eol = text.indexOf("\n", at + 2);
      return (from = eol < 0 ? text.length : eol);
    }
    if (next === STAR) {
      parts.push(text.slice(from, at));
      const end = text.indexOf("*/", at + 2);
      const stop = end < 0 ? text.length : end + 2;
      parts.push(text.slice(at, stop).replace(/[^\n]/g, " "));
      return (from = stop);
    }
    return at + 1;
  });
  parts.push(text.slice(from));
  return dropTrailingCommas(parts.join(""));
}

/** A trailing comma before } or ] is the commonest hand-editing slip; strings are kept. Linear, like {@link stripJsonComments}. */
function dropTrailingCommas(text: string): string {
  const parts: string[] = [];
  let from = 0;
  walk(text, ",", (at) => {
    let j = at + 1;
    while (j < text.length && isSpace(text.charCodeAt(j))) j++;
    const c = text.charCodeAt(j);
    if (c === CLOSE_BRACE || c === CLOSE_BRACKET) {
      parts.push(text.slice(from, at));
      from = at + 1;
    }
    return j;
  });
  parts.push(text.slice(from));
  return parts.join("");
}

/**
 * Walks `text` from one `"` or `mark` to the next by native searches (linear): a quote
 * skips its JSON string; at a mark, `visit(at)` returns the index to continue from (> at).
 */
function walk(text: string, mark: string, visit: (at: number) => number): void {
  let i = 0;
  let quote = text.indexOf('"');
  let next = text.indexOf(mark);
  for (;;) {
    if (quote !== -1 && quote < i) quote = text.indexOf('"', i);
    if (next !== -1 && next < i) next = text.indexOf(mark, i);
    const at = quote === -1 ? next : next === -1 ? quote : Math.min(quote, next);
    if (at === -1) return;
    i = at === quote ? afterString(text, at) : visit(at);
  }
}

const SLASH = 47;
const STAR = 42;
const BACKSLASH = 92;
const CLOSE_BRACE = 125;
const CLOSE_BRACKET = 93;

/** JavaScript's \s: JSON's four white-space characters first, the Unicode spaces by the regular expression. */
function isSpace(c: number): boolean {
  return c === 32 || c === 10 || c === 13 || c === 9 || (c > 127 && /\s/.test(String.fromCharCode(c))) || c === 11 || c === 12;
}

/** Index just past the JSON string whose opening quote is at `q` (the end of the text if unterminated). */
function afterString(text: string, q: number): number {
  let j = q + 1;
  for (;;) {
    const k = text.indexOf('"', j);
    if (k === -1) return text.length;
    // Escaped when an odd number of backslashes (inside the string) precede it.
    let b = 0;
    while (k - 1 - b > q && text.charCodeAt(k - 1 - b) === BACKSLASH) b++;
    if (b % 2 === 0) return k + 1;
    j = k + 1;
  }
}

/**
 * Validates a parsed scenario object and builds the {@link ParadigmScenario} it describes:
 * the Rayleigh downlink from `link` (docs/model.md §2), the paradigm parameters, λ and Δ, and
 * the table of values with their sources (values from the file are marked "scenario file";
 * values inherited from the preset keep the preset's source).
 *
 * Without `extends`, every required field must be present; with it, the file overrides the
 * preset field by field.
 *
 * @param input - the parsed JSON value
 * @param source - where it came from, for the values' provenance (default "scenario file")
 * @throws TypeError for a field of the wrong type; RangeError for an unknown field, an
 *   unknown preset, a missing field or a value outside its domain — the message names the
 *   field, the constraint and the value
 * @example
 * ```ts
 * const s = scenarioFromJson({ extends: "paper", name: "far", link: { pathLossDb: 125 } });
 * s.linkSpec.pathLossDb; // 125
 * s.params.terminalFlops; // 6e13, from the paper preset
 * ```
 */
export function scenarioFromJson(input: unknown, source = "scenario file"): ParadigmScenario {
  return fromJson("scenarioFromJson", input, source);
}

/** {@link scenarioFromJson} under the caller's name (parseScenario delegates here). */
function fromJson(fn: string, input: unknown, source: unknown): ParadigmScenario {
  if (typeof source !== "string") throw new TypeError(`${fn}: source must be a string, got ${show(source)}`);
  const obj = plainObject(fn, "the scenario", input);
  rejectUnknown(fn, "", obj, TOP_FIELDS);
  let base: ParadigmScenario | undefined;
  if (obj.extends !== undefined) {
    const name = str(fn, "extends", obj.extends);
    // Own properties only: "constructor" or "toString" must not find Object.prototype's.
    if (!Object.hasOwn(SCENARIO_PRESETS, name)) invalid(fn, "extends", `one of ${Object.keys(SCENARIO_PRESETS).map((k) => JSON.stringify(k)).join(", ")}`, name);
    base = SCENARIO_PRESETS[name];
  }
  const need = (param: string, value: unknown, inherited: unknown): unknown => {
    if (value !== undefined) return value;
    if (inherited !== undefined) return inherited;
    return invalid(fn, param, "present (or set \"extends\" to a preset)", value);
  };

  const name = str(fn, "name", need("name", obj.name, base?.name));
  const description = str(fn, "description", need("description", obj.description, base?.description ?? `Scenario ${name}.`));

  const linkIn = obj.link === undefined ? {} : plainObject(fn, "link", obj.link);
  rejectUnknown(fn, "link.", linkIn, Object.keys(LINK_FIELDS));
  const linkSpec = {} as Record<keyof LinkSpec, number>;
  const values: PresetValue[] = [];
  const fromBase = (label: string) => base?.values.find((v) => v.name === label)?.source ?? source;
  for (const key of Object.keys(LINK_FIELDS) as (keyof LinkSpec)[]) {
    const f = LINK_FIELDS[key];
    const inherited = key === "controlOverhead" ? (base?.linkSpec.controlOverhead ?? 0) : base?.linkSpec[key];
    linkSpec[key] = f.check(fn, `link.${key}`, need(`link.${key}`, linkIn[key], inherited));
    values.push({ name: f.label, value: linkSpec[key], unit: f.unit, source: linkIn[key] !== undefined ? source : fromBase(f.label) });
  }

  const paramsIn = obj.params === undefined ? {} : plainObject(fn, "params", obj.params);
  rejectUnknown(fn, "params.", paramsIn, Object.keys(PARAM_FIELDS));
  const params: Record<string, unknown> = {};
  const baseParams = base?.params as Record<string, unknown> | undefined;
  for (const key of Object.keys(PARAM_FIELDS) as NumericParam[]) {
    const f = PARAM_FIELDS[key];
    const inherited = baseParams?.[key];
    if (f.optional && paramsIn[key] === undefined && inherited === undefined) continue;
    params[key] = f.check(fn, `params.${key}`, need(`params.${key}`, paramsIn[key], inherited));
    values.push({ name: f.label, value: params[key] as number, unit: f.unit, source: paramsIn[key] !== undefined ? source : fromBase(f.label) });
  }

  const inheritedTerminal = base?.params.terminalResource;
  const terminal = obj.terminalResource !== undefined ? terminalResource(fn, "terminalResource", obj.terminalResource) : inheritedTerminal;
  if (terminal === "dedicated") params.terminalResource = terminal;

  const lambda = nonNegative(fn, "lambda", need("lambda", obj.lambda, base?.lambda));
  const slotSeconds = positive(fn, "slotSeconds", need("slotSeconds", obj.slotSeconds, base?.slotSeconds));
  values.push({ name: "λ (arrival rate)", value: lambda, unit: "request/s", source: obj.lambda !== undefined ? source : fromBase("λ (arrival rate)") });
  values.push({ name: "Δ (slot length)", value: slotSeconds, unit: "s", source: obj.slotSeconds !== undefined ? source : fromBase("Δ (slot length)") });

  const spec: LinkSpec = Object.freeze({ ...linkSpec });
  return Object.freeze({
    name,
    description,
    linkSpec: spec,
    params: Object.freeze({ ...(params as unknown as ParadigmParams), link: rayleighLinkFor(fn, "link.", spec) }),
    lambda,
    slotSeconds,
    values: Object.freeze(values.map((v) => Object.freeze(v))),
  });
}

/** Largest scenario text {@link parseScenario} reads, in characters (1 MiB; the CLI limits files to as many bytes). */
export const MAX_SCENARIO_CHARS = 2 ** 20;

/**
 * Parses the text of a scenario file (JSON, or JSON with `//`/`/* *\/` comments) and
 * validates it with {@link scenarioFromJson}. A leading byte-order mark is ignored; texts
 * longer than {@link MAX_SCENARIO_CHARS} (1 MiB) are refused.
 *
 * @param text - the file's text
 * @param source - provenance label for values set by the file (default "scenario file")
 * @throws SyntaxError (message prefixed "parseScenario:") for malformed JSON; RangeError for
 *   a text over 1 MiB; the errors of {@link scenarioFromJson} otherwise, named `parseScenario`
 * @example
 * ```ts
 * parseScenario('{ "extends": "paper", "lambda": 0.8 }').lambda; // 0.8
 * ```
 */
export function parseScenario(text: string, source = "scenario file"): ParadigmScenario {
  if (typeof text !== "string") throw new TypeError(`parseScenario: text must be a string, got ${show(text)}`);
  if (text.length > MAX_SCENARIO_CHARS) {
    throw new RangeError(`parseScenario: text must be at most ${MAX_SCENARIO_CHARS} characters (a scenario file is a few kilobytes; the size limit), got ${text.length}`);
  }
  // A byte-order mark (U+FEFF) that an editor put in front is not part of the JSON.
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  let json: unknown;
  try {
    json = JSON.parse(stripJsonComments(body));
  } catch (e) {
    throw new SyntaxError(`parseScenario: the file is not valid JSON (${(e as Error).message})`);
  }
  return fromJson("parseScenario", json, source);
}

/** The JSON form of a scenario file, as {@link scenarioToJson} writes it. */
export interface ScenarioJson {
  /** Scenario name. */
  name: string;
  /** One-line description. */
  description: string;
  /** The downlink (docs/model.md §2). */
  link: LinkSpec;
  /** The numeric paradigm parameters (no link object). */
  params: Record<string, number>;
  /** Arrival rate λ (request/s). */
  lambda: number;
  /** Slot length Δ (s). */
  slotSeconds: number;
  /** What the terminals run on in request-level models; written only when not the default "shared". */
  terminalResource?: "dedicated";
}

/**
 * The JSON form of a scenario: what {@link parseScenario} reads back to an equal scenario
 * (the link object is rebuilt from `link`).
 *
 * @param scenario - a scenario (a preset or a parsed file)
 * @returns a plain, JSON-serializable object
 * @throws TypeError/RangeError naming `scenarioToJson` and the field (e.g. `scenario.params.edgeFlops`) when a field is missing or outside the domain scenarioFromJson accepts
 * @example
 * ```ts
 * scenarioToJson(paperScenario).link.pathLossDb; // 120
 * ```
 */
export function scenarioToJson(scenario: ParadigmScenario): ScenarioJson {
  // The JSON must read back, so every field is checked as scenarioFromJson would check it
  // (a hand-built or mutated scenario could otherwise write NaN, which JSON turns into null).
  const fn = "scenarioToJson";
  const sc = plainObject(fn, "scenario", scenario);
  const linkIn = plainObject(fn, "scenario.linkSpec", sc.linkSpec);
  const link = {} as Record<keyof LinkSpec, number>;
  for (const key of Object.keys(LINK_FIELDS) as (keyof LinkSpec)[]) {
    if (key === "controlOverhead" && linkIn[key] === undefined) continue;
    link[key] = LINK_FIELDS[key].check(fn, `scenario.linkSpec.${key}`, linkIn[key]);
  }
  const p = plainObject(fn, "scenario.params", sc.params);
  const params: Record<string, number> = {};
  for (const key of Object.keys(PARAM_FIELDS) as NumericParam[]) {
    if (PARAM_FIELDS[key].optional && p[key] === undefined) continue;
    params[key] = PARAM_FIELDS[key].check(fn, `scenario.params.${key}`, p[key]);
  }
  const terminal = p.terminalResource === undefined ? "shared" : terminalResource(fn, "scenario.params.terminalResource", p.terminalResource);
  return {
    name: str(fn, "scenario.name", sc.name),
    description: str(fn, "scenario.description", sc.description),
    link,
    params,
    lambda: nonNegative(fn, "scenario.lambda", sc.lambda),
    slotSeconds: positive(fn, "scenario.slotSeconds", sc.slotSeconds),
    ...(terminal === "dedicated" ? { terminalResource: terminal } : {}),
  };
}
