/**
 * A one-line progress bar on stderr for `edgecalc figures` (plain ANSI, redrawn in place on
 * a terminal, one line per step otherwise so logs stay readable).
 *
 * @module
 */

/** A progress bar: `update(step, fraction, label)`, `done()`. */
export interface ProgressBar {
  update(step: number, fraction: number, label: string): void;
  done(): void;
}

/**
 * Creates a progress bar over `steps` steps, each with its own fraction.
 *
 * @param steps - number of steps (figures)
 * @param stream - where to draw (default process.stderr)
 * @returns the bar
 * @example
 * ```ts
 * const bar = progressBar(8); bar.update(0, 0.5, "fig07"); bar.done();
 * ```
 */
export function progressBar(steps: number, stream: NodeJS.WriteStream = process.stderr): ProgressBar {
  const tty = stream.isTTY === true;
  const width = 28;
  let last = "";
  let lastStep = -1;
  return {
    update(step, fraction, label) {
      const f = Math.min(1, Math.max(0, (step + fraction) / steps));
      const filled = Math.round(f * width);
      const line = `[${"#".repeat(filled)}${"-".repeat(width - filled)}] ${String(Math.round(100 * f)).padStart(3)}%  ${step + 1}/${steps} ${label}`;
      if (tty) {
        if (line !== last) stream.write(`\r${line.padEnd(last.length)}`);
      } else if (step !== lastStep) {
        stream.write(`${line}\n`);
      }
      last = line;
      lastStep = step;
    },
    done() {
      if (tty && last) stream.write("\n");
    },
  };
}
