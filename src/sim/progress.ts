/**
 * Progress reporting: a callback `onProgress(fraction)` for notebooks and a plain-ANSI
 * progress bar on stderr for the command line.
 *
 * No `node:` import: the bar looks for `globalThis.process.stderr` at run time, so this
 * file also loads in a browser (where only the callback does anything).
 *
 * @module
 */

/** Options shared by the simulators' progress reporting. */
export interface ProgressOptions {
  /** Called with the fraction of work done, in [0, 1], non-decreasing; last call is 1. */
  readonly onProgress?: (fraction: number) => void;
  /**
   * Progress bar on stderr: `true` always, `false` never, `undefined` (default) only when
   * stderr is a TTY and the run has lasted more than 2 seconds.
   */
  readonly progress?: boolean;
}

/** Options every simulator shares: seed, confidence level, workers, abort, progress. */
export interface ReplicationOptions extends ProgressOptions {
  /** Seed, any safe integer; chunk k uses `rngState(seed, k)`. Default 1. */
  readonly seed?: number;
  /** Two-sided confidence level of every interval, in (0, 1). Default 0.95. */
  readonly confidence?: number;
  /** Worker threads (Node only; elsewhere the run stays in the calling thread), a positive integer. Default 1. */
  readonly workers?: number;
  /** Aborts the run: the promise rejects with the signal's reason and workers are terminated. */
  readonly signal?: AbortSignal;
}

interface Stream {
  isTTY?: boolean;
  write(s: string): unknown;
}

/** A progress sink: `update(fraction)` as work completes, `finish(completed)` at the end. */
export interface ProgressSink {
  update(fraction: number): void;
  /** Clears the bar; reports 1 to the callback only when the run completed. */
  finish(completed: boolean): void;
}

const BAR_WIDTH = 30;

/** Creates the sink for one run; `label` names the simulator on the bar. */
export function progressSink(label: string, { onProgress, progress }: ProgressOptions): ProgressSink {
  const proc = (globalThis as { process?: { stderr?: Stream } }).process;
  const stderr = proc?.stderr;
  const start = Date.now();
  const allowed = progress === true || (progress === undefined && stderr?.isTTY === true);
  let shown = false;
  let lastDraw = 0;
  let last = 0;
  const draw = (f: number): void => {
    if (!stderr) return;
    const elapsed = (Date.now() - start) / 1000;
    const filled = Math.round(f * BAR_WIDTH);
    const eta = f > 0 ? (elapsed * (1 - f)) / f : NaN;
    const etaText = Number.isFinite(eta) ? `eta ${eta.toFixed(eta < 10 ? 1 : 0)} s` : "";
    stderr.write(`\r\x1b[2K${label} [${"#".repeat(filled)}${".".repeat(BAR_WIDTH - filled)}] ${(100 * f).toFixed(1)}% ${etaText}`);
    shown = true;
  };
  return {
    update(fraction: number) {
      const f = Math.min(1, Math.max(last, fraction));
      last = f;
      if (onProgress) onProgress(f);
      if (!allowed) return;
      const now = Date.now();
      if (progress !== true && now - start < 2000) return;
      if (now - lastDraw < 100 && f < 1) return;
      lastDraw = now;
      draw(f);
    },
    finish(completed: boolean) {
      if (completed && last < 1 && onProgress) onProgress(1);
      if (completed) last = 1;
      if (shown && stderr) stderr.write("\r\x1b[2K");
    },
  };
}
