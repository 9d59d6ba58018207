/**
 * Option defaults of the simulation entry points.
 *
 * @module
 */

/**
 * `value`, or `fallback` when the option is absent. Only `undefined` means absent: a `null`
 * reaches the option's check and is rejected there (`??` would turn it into the default
 * silently, so `{ seed: null }` would run with seed 1).
 *
 * @internal
 */
export function given<T>(value: T | undefined, fallback: T): T {
  return value === undefined ? fallback : value;
}
