/**
 * What crosses to a worker thread to rebuild a run's kernel: plain data, posted once per run.
 * Its own module so the in-thread runner, the pool and the kernels share it without
 * importing each other.
 *
 * @module
 */

/** What a worker needs to rebuild a run's kernel (plain data, posted once per run). */
export interface JobShared {
  readonly kind: "mg1" | "slotted" | "requests";
  readonly shared: unknown;
}
