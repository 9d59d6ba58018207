#!/usr/bin/env node
/**
 * The `edgecalc` command line. `edgecalc report` prints the paper-scenario report.
 *
 * @module
 */
import { paperScenario } from "../pipeline/index.js";
import { paradigmReport } from "./report.js";

const USAGE = `usage: edgecalc <command>

commands:
  report     the paper scenario: paradigm latencies, (13)/(14), η_T, η_J, M/G/1`;

function main(argv: readonly string[]): number {
  const [cmd] = argv;
  switch (cmd) {
    case "report":
      console.log(paradigmReport(paperScenario));
      return 0;
    case undefined:
    case "help":
    case "--help":
    case "-h":
      console.log(USAGE);
      return cmd === undefined ? 1 : 0;
    default:
      console.error(`edgecalc: unknown command ${JSON.stringify(cmd)}\n\n${USAGE}`);
      return 2;
  }
}

process.exitCode = main(process.argv.slice(2));
