/**
 * Argument checks shared by every public entry point.
 *
 * Each check throws a `RangeError` (or `TypeError` for a value of the wrong type) whose
 * message names the function, the parameter, the constraint and the offending value, e.g.
 * `"erlang: shape must be a positive integer, got 2.5"`. Kernels never call these: they
 * return `±Infinity`/`NaN` and leave the decision to the entry point (two tiers).
 *
 * @module
 */

/**
 * Formats a value for an error message (keeps `NaN`, `-0`, `Infinity`, strings quoted).
 * Arrays are shown to a depth of 3 (`[[[…]]]` below): a deeply nested array from a file
 * (100 000 levels) would otherwise overflow the stack while the error is being written.
 * Strings are cut at 200 characters.
 */
export function show(value: unknown, depth = 0): string {
  if (typeof value === "number") {
    if (Object.is(value, -0)) return "-0";
    return String(value);
  }
  if (typeof value === "string") return value.length > 200 ? `${JSON.stringify(value.slice(0, 200))}…` : JSON.stringify(value);
  if (value === undefined) return "undefined";
  if (value === null) return "null";
  if (Array.isArray(value)) {
    if (depth >= 3) return value.length === 0 ? "[]" : "[…]";
    return `[${value.slice(0, 8).map((x) => show(x, depth + 1)).join(", ")}${value.length > 8 ? ", …" : ""}]`;
  }
  if (typeof value === "function") return "a function";
  try {
    const s = JSON.stringify(value);
    return s === undefined ? String(value) : s.length > 80 ? s.slice(0, 77) + "…" : s;
  } catch {
    return String(value);
  }
}

function fail(fn: string, param: string, constraint: string, value: unknown): never {
  throw new RangeError(`${fn}: ${param} must be ${constraint}, got ${show(value)}`);
}

/** Throws a TypeError unless `value` is a number (NaN included: the range checks reject it). */
export function requireNumber(fn: string, param: string, value: unknown): number {
  if (typeof value !== "number") {
    throw new TypeError(`${fn}: ${param} must be a number, got ${typeof value === "bigint" ? `${value}n` : show(value)}`);
  }
  return value;
}

/** A finite number (not NaN, not ±Infinity). */
export function finite(fn: string, param: string, value: unknown): number {
  const v = requireNumber(fn, param, value);
  if (!Number.isFinite(v)) fail(fn, param, "a finite number", v);
  return v;
}

/** A finite number > 0. */
export function positive(fn: string, param: string, value: unknown): number {
  const v = requireNumber(fn, param, value);
  if (!(Number.isFinite(v) && v > 0)) fail(fn, param, "a finite number > 0", v);
  return v;
}

/** A finite number ≥ 0. */
export function nonNegative(fn: string, param: string, value: unknown): number {
  const v = requireNumber(fn, param, value);
  if (!(Number.isFinite(v) && v >= 0)) fail(fn, param, "a finite number ≥ 0", v);
  return v;
}

/** An integer ≥ 1 (a safe integer). */
export function positiveInteger(fn: string, param: string, value: unknown): number {
  const v = requireNumber(fn, param, value);
  if (!(Number.isSafeInteger(v) && v >= 1)) fail(fn, param, "a positive integer", v);
  return v;
}

/** An integer ≥ 0 (a safe integer). */
export function nonNegativeInteger(fn: string, param: string, value: unknown): number {
  const v = requireNumber(fn, param, value);
  if (!(Number.isSafeInteger(v) && v >= 0)) fail(fn, param, "a non-negative integer", v);
  return v;
}

/** A probability in [0, 1]. */
export function probability(fn: string, param: string, value: unknown): number {
  const v = requireNumber(fn, param, value);
  if (!(v >= 0 && v <= 1)) fail(fn, param, "a probability in [0, 1]", v);
  return v;
}

/** A number in the half-open interval [lo, hi). */
export function inHalfOpen(fn: string, param: string, value: unknown, lo: number, hi: number): number {
  const v = requireNumber(fn, param, value);
  if (!(v >= lo && v < hi)) fail(fn, param, `in [${lo}, ${hi})`, v);
  return v;
}

/** A number in the open interval (lo, hi). */
export function inOpen(fn: string, param: string, value: unknown, lo: number, hi: number): number {
  const v = requireNumber(fn, param, value);
  if (!(v > lo && v < hi)) fail(fn, param, `in (${lo}, ${hi})`, v);
  return v;
}

/** A non-empty array of finite numbers (returned as a frozen copy). */
export function finiteArray(fn: string, param: string, value: unknown, { minLength = 1 } = {}): readonly number[] {
  if (!Array.isArray(value)) throw new TypeError(`${fn}: ${param} must be an array of numbers, got ${show(value)}`);
  if (value.length < minLength) fail(fn, param, `an array of at least ${minLength} number(s)`, value);
  value.forEach((x, i) => finite(fn, `${param}[${i}]`, x));
  return Object.freeze(value.slice() as number[]);
}

/**
 * A work limit (docs/robustness.md, "Work limits"): throws a RangeError unless
 * `value ≤ limit`, in the standard shape with the reason, e.g.
 * `"rankRobustness: samples must be at most 16666666 (work limit: samples × alternatives × criteria ≤ 1e8 (≈ 30 s), here 3 × 2), got 1000000000"`.
 */
export function atMost(fn: string, param: string, value: number, limit: number, why: string): number {
  if (value > limit) fail(fn, param, `at most ${limit} (work limit: ${why})`, value);
  return value;
}

/** Throws a RangeError with the standard message shape; for checks that fit no helper. */
export function invalid(fn: string, param: string, constraint: string, value: unknown): never {
  return fail(fn, param, constraint, value);
}

/** A plain object (not null, not an array), for options bags. */
export function options<T extends object>(fn: string, param: string, value: unknown): T {
  if (value === undefined) return {} as T;
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    throw new TypeError(`${fn}: ${param} must be an object, got ${show(value)}`);
  }
  return value as T;
}

/** A seed: any safe integer (the random streams take any; see `rng(seed, stream)`). */
export function seedValue(fn: string, param: string, value: unknown): number {
  const s = requireNumber(fn, param, value);
  if (!Number.isSafeInteger(s)) fail(fn, param, "a safe integer", s);
  return s;
}

/** A two-sided confidence level in (0, 1). */
export function confidenceLevel(fn: string, param: string, value: unknown): number {
  const v = requireNumber(fn, param, value);
  if (!(v > 0 && v < 1)) fail(fn, param, "in (0, 1)", v);
  return v;
}

/** An optional AbortSignal (undefined passes through). */
export function abortSignal(fn: string, param: string, value: unknown): AbortSignal | undefined {
  if (value === undefined) return undefined;
  if (value === null || typeof value !== "object" || typeof (value as AbortSignal).aborted !== "boolean") {
    throw new TypeError(`${fn}: ${param} must be an AbortSignal, got ${show(value)}`);
  }
  return value as AbortSignal;
}

/**
 * `value`, or `fallback` when the option is absent. Only `undefined` means absent: a `null`
 * reaches the option's check and is rejected there (`??` would turn it into the default
 * silently, so `{ seed: null }` would run with seed 1). The fallback is evaluated eagerly.
 */
export function given<T>(value: T | undefined, fallback: T): T {
  return value === undefined ? fallback : value;
}

/** A boolean option: `fallback` when undefined, a TypeError for anything but a boolean. */
export function booleanOption(fn: string, param: string, value: unknown, fallback: boolean): boolean {
  if (value === undefined) return fallback;
  if (typeof value !== "boolean") throw new TypeError(`${fn}: ${param} must be a boolean, got ${show(value)}`);
  return value;
}

/**
 * The error `e` under `fn`'s name when it is a RangeError/TypeError of another function
 * ("g: x …" → "fn: {prefix}x …", `g` matched by `callees`), else `e`.
 */
function relabelled(fn: string, e: unknown, callees: RegExp, prefix: string): unknown {
  if (!(e instanceof RangeError || e instanceof TypeError)) return e;
  const m = callees.exec(e.message);
  if (m === null || m[0] === `${fn}: `) return e;
  return new (e instanceof RangeError ? RangeError : TypeError)(`${fn}: ${prefix}${e.message.slice(m[0].length)}`, { cause: e });
}

/** Any function name at the start of a message. */
const ANY_CALLEE = /^[\w.$]+: /;

/**
 * Runs `f` for the entry point `fn`: an argument error raised by a lower layer it called with
 * the caller's own arguments ("pipelineService: pipeline.stages[0].flops …") is rethrown
 * under `fn` with the same type and text, the original as its `cause`. `callees` (a regular
 * expression matching "name: " at the start) limits which functions' errors are renamed;
 * `prefix` is the path of the callee's argument within the caller's ("scenario." turns
 * "paradigms: params.x …" into "fn: scenario.params.x …"). The one way errors are re-labelled.
 */
export function asCaller<T>(fn: string, f: () => T, callees: RegExp = ANY_CALLEE, prefix = ""): T {
  try {
    return f();
  } catch (e) {
    throw relabelled(fn, e, callees, prefix);
  }
}

/** Async form of {@link asCaller}. */
export async function asCallerAsync<T>(fn: string, f: () => Promise<T>, callees: RegExp = ANY_CALLEE, prefix = ""): Promise<T> {
  try {
    return await f();
  } catch (e) {
    throw relabelled(fn, e, callees, prefix);
  }
}
