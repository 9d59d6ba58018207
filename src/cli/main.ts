#!/usr/bin/env node
/**
 * The `edgecalc` command line: argument parsing (node:util `parseArgs`) and dispatch.
 * Every command that takes `--scenario` validates the file before anything runs.
 *
 * @module
 */
import { parseArgs } from "node:util";
import { boundCommand, compareCommand, figuresCommand, mg1Command, reportCommand, scoreCommand, verifyCommand } from "./commands.js";
import { terminalText } from "./format.js";
import { loadScenario } from "./scenario-file.js";

const USAGE = `usage: edgecalc <command> [--scenario file.json] [options]

commands:
  report     paradigm latencies, (13)/(14), η_T, η_J, M/G/1 — the main job's text report
  figures    every figure: --out dir (default figures), --format png,svg,pdf,html,csv (default all;
             png/svg/pdf only when Chromium is there), --only id,id  --sim-scale x (simulation
             length factor, default 1), --force (replace files in --out that edgecalc did not write)
  mg1        each paradigm as an M/G/1 queue at the scenario's λ       [--json]
  bound      SNC violation bounds and delay quantiles                  [--deadline s] [--epsilon ε] [--json]
  compare    winners by mean latency and by M/G/1 sojourn              [--json]
  score      weighted-sum scores under the presets                     [--preset realTime|offline|balanced] [--json]
  verify     the property kit's laws on the scenario                   [--json]

--scenario: a JSON/JSONC scenario file (see examples/scenarios/paper.jsonc); default the paper scenario.`;

const OPTIONS = {
  scenario: { type: "string" },
  out: { type: "string" },
  format: { type: "string" },
  only: { type: "string" },
  "sim-scale": { type: "string" },
  json: { type: "boolean" },
  deadline: { type: "string" },
  epsilon: { type: "string" },
  preset: { type: "string" },
  force: { type: "boolean" },
  help: { type: "boolean", short: "h" },
} as const;

function numberOption(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const x = Number(value);
  if (!(Number.isFinite(x) && x > 0)) throw new RangeError(`--${name} must be a finite number > 0, got ${JSON.stringify(value)}`);
  return x;
}

const list = (s: string | undefined) => (s === undefined ? undefined : s.split(",").map((x) => x.trim()).filter((x) => x.length > 0));

async function main(argv: readonly string[]): Promise<number> {
  const [cmd, ...rest] = argv;
  if (cmd === undefined || cmd === "help" || cmd === "--help" || cmd === "-h") {
    console.log(USAGE);
    return cmd === undefined ? 1 : 0;
  }
  const { values } = parseArgs({ args: [...rest], options: OPTIONS, strict: true, allowPositionals: false });
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const scenario = loadScenario(values.scenario);
  const json = values.json === true;
  switch (cmd) {
    case "report":
      return reportCommand(scenario);
    case "figures": {
      const simScale = numberOption("sim-scale", values["sim-scale"]);
      const formats = list(values.format);
      const only = list(values.only);
      return figuresCommand(scenario, {
        ...(values.out !== undefined ? { out: values.out } : {}),
        ...(formats ? { formats } : {}),
        ...(only ? { only } : {}),
        ...(simScale !== undefined ? { simulationScale: simScale } : {}),
        force: values.force === true,
      });
    }
    case "mg1":
      return mg1Command(scenario, { json });
    case "bound": {
      const deadline = numberOption("deadline", values.deadline);
      const epsilon = numberOption("epsilon", values.epsilon);
      return boundCommand(scenario, { json, ...(deadline !== undefined ? { deadline } : {}), ...(epsilon !== undefined ? { epsilon } : {}) });
    }
    case "compare":
      return compareCommand(scenario, { json });
    case "score":
      return scoreCommand(scenario, { json, ...(values.preset !== undefined ? { preset: values.preset } : {}) });
    case "verify":
      return verifyCommand(scenario, { json });
    default:
      console.error(`edgecalc: unknown command ${JSON.stringify(cmd)}\n\n${USAGE}`);
      return 2;
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e: Error) => {
    // Bad input (scenario fields, options) is the user's to fix: one line, no stack.
    const userError = e instanceof RangeError || e instanceof TypeError || e instanceof SyntaxError || (e as { code?: string }).code?.startsWith("ERR_PARSE_ARGS");
    console.error(terminalText(`edgecalc: ${userError ? e.message : (e.stack ?? e.message)}`));
    process.exitCode = 2;
  },
);
