#!/usr/bin/env node
/**
 * The `edgecalc` command line: argument parsing (node:util `parseArgs`) and dispatch.
 * Every command that takes `--scenario` validates the file before anything runs.
 *
 * @module
 */
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { boundCommand, compareCommand, figuresCommand, mg1Command, reportCommand, scoreCommand, verifyCommand } from "./commands.js";
import { terminalText } from "./format.js";
import { loadGraphScenario, loadScenario, ScenarioFileError } from "./scenario-file.js";
import { graphPresetFamily, graphReport } from "./graph-report.js";
import { DELAY_MODELS, type DelayModel } from "../scenario/index.js";

const USAGE = `usage: edgecalc <command> [--scenario file.json] [options]
       edgecalc <command> --help     that command's options
       edgecalc --version

commands:
  report     paradigm latencies, (13)/(14), η_T, η_J, M/G/1, delay tail — the main job's report [--model M]
  figures    every figure: --out dir (default figures), --format png,svg,pdf,html,csv (default all;
             png/svg/pdf only when Chromium is there), --only id,id  --sim-scale x (simulation
             length factor, default 1), --force (replace files in --out that edgecalc did not write)
  mg1        each paradigm as an M/G/1 queue at the scenario's λ       [--json]
  bound      P(delay > deadline) and delay quantiles per paradigm      [--model M] [--deadline s] [--epsilon ε] [--json]
  compare    winners by mean latency, M/G/1 sojourn and delay quantile [--model M] [--deadline s] [--epsilon ε] [--json]
  score      weighted-sum scores under the presets                     [--preset realTime|offline|balanced] [--json]
  verify     the property kit's laws on the scenario                   [--json]

--scenario: a JSON/JSONC scenario file (see examples/scenarios/paper.jsonc); default the paper scenario.
  report also takes a graph preset name: llm-collaborative, llm-cloud, llm-edge (the three LLM designs side by side) or microservice,
  or a graph scenario file (a top-level "pipeline"; see examples/scenarios/fork-batch.jsonc).
--model: request (default; response time of atomic requests, store-and-forward, FIFO) or fluid (the paper's virtual delay).`;

const SCENARIO_HELP = "  --scenario FILE   JSON/JSONC scenario file (docs/scenarios.md; UTF-8, at most 1 MiB); default the paper scenario";
const JSON_HELP = "  --json            print JSON instead of a table";
const MODEL_HELP = [
  "  --model M         delay model: request (default: the response time of an atomic request,",
  "                    store-and-forward, FIFO; docs/model.md §9) or fluid (the paper's virtual",
  "                    delay of fluid work, slotted; docs/model.md §4)",
].join("\n");

/** What `edgecalc <command> --help` prints: the command's own options. */
const COMMAND_HELP: Readonly<Record<string, string>> = Object.freeze({
  report: [
    "usage: edgecalc report [--scenario FILE] [--model M]",
    "",
    "The main job's text report: paradigm latencies, (13)/(14), η_T, η_J, M/G/1 and the delay quantile per paradigm.",
    "",
    "options:",
    SCENARIO_HELP,
    MODEL_HELP,
  ].join("\n"),
  figures: [
    "usage: edgecalc figures [--scenario FILE] [--out DIR] [--format LIST] [--only IDS] [--sim-scale X] [--force]",
    "",
    "Builds every figure of the catalog and writes it in each format.",
    "",
    "options:",
    SCENARIO_HELP,
    "  --out DIR         output directory (default figures)",
    "  --format LIST     comma-separated formats among html, csv, png, svg, pdf (default all;",
    "                    png/svg/pdf only when Chromium is there)",
    "  --only IDS        comma-separated figure ids (default all)",
    "  --sim-scale X     factor on the simulations' lengths, > 0 (default 1)",
    "  --force           replace files in --out that edgecalc did not write",
  ].join("\n"),
  mg1: ["usage: edgecalc mg1 [--scenario FILE] [--json]", "", "Each paradigm as an M/G/1 queue at the scenario's λ.", "", "options:", SCENARIO_HELP, JSON_HELP].join("\n"),
  bound: [
    "usage: edgecalc bound [--scenario FILE] [--model M] [--deadline SECONDS] [--epsilon EPS] [--json]",
    "",
    "Per paradigm, P(delay > deadline) and the delay quantile at ε. Model request: the response time's",
    "exact value or a valid upper bound (with its route). Model fluid: the SNC violation bounds P(D > deadline)",
    "(exact sum (10), paper form (12)) and d(ε) of the paper's slotted model.",
    "",
    "options:",
    SCENARIO_HELP,
    MODEL_HELP,
    "  --deadline S      deadline in seconds (fluid: evaluated at whole slots of the scenario's",
    "                    slotSeconds); default the best paradigm's quantile at ε",
    "  --epsilon EPS     violation probability of the quantile, in (0, 1) (default 1e-3)",
    JSON_HELP,
  ].join("\n"),
  compare: [
    "usage: edgecalc compare [--scenario FILE] [--model M] [--deadline SECONDS] [--epsilon EPS] [--json]",
    "",
    "Winners by mean latency ((13)/(14)), by M/G/1 mean sojourn, and by the delay quantile at ε (and at a deadline) in the model.",
    "",
    "options:",
    SCENARIO_HELP,
    MODEL_HELP,
    "  --deadline S      also name the winner at this deadline, seconds (default none)",
    "  --epsilon EPS     exceedance probability of the quantile, in (0, 1) (default 1e-3)",
    JSON_HELP,
  ].join("\n"),
  score: [
    "usage: edgecalc score [--scenario FILE] [--preset NAME] [--json]",
    "",
    "Weighted-sum scores and rankings of the paradigms.",
    "",
    "options:",
    SCENARIO_HELP,
    "  --preset NAME     realTime, offline or balanced (default: every preset)",
    JSON_HELP,
  ].join("\n"),
  verify: ["usage: edgecalc verify [--scenario FILE] [--json]", "", "The property-testing kit's laws on the scenario (exit code 1 when a law fails).", "", "options:", SCENARIO_HELP, JSON_HELP].join("\n"),
});

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
  model: { type: "string" },
  force: { type: "boolean" },
  help: { type: "boolean", short: "h" },
} as const;

/** Options whose value may be negative: `--deadline -1` must reach the range check, not parseArgs' "argument is ambiguous". */
const NUMERIC_OPTIONS = new Set(["--deadline", "--epsilon", "--sim-scale"]);

/** Joins `--deadline -1` into `--deadline=-1` when the value reads as a number. */
function joinNegativeValues(args: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const next = args[i + 1];
    if (NUMERIC_OPTIONS.has(args[i]) && next !== undefined && next.startsWith("-") && next !== "-" && !Number.isNaN(Number(next))) {
      out.push(`${args[i]}=${next}`);
      i++;
    } else out.push(args[i]);
  }
  return out;
}

/** The package version, from the package.json above dist/ (or src/). */
function version(): string {
  const pkg = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as { version?: unknown };
  return String(pkg.version);
}

function numberOption(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const x = value.trim() === "" ? NaN : Number(value);
  if (!(Number.isFinite(x) && x > 0)) throw new RangeError(`--${name} must be a finite number > 0, got ${JSON.stringify(value)}`);
  return x;
}

/** `--model`: one of the delay models, or a one-line error naming the flag and the allowed values. */
function modelOption(value: string | undefined): DelayModel | undefined {
  if (value === undefined) return undefined;
  if (!(DELAY_MODELS as readonly string[]).includes(value)) throw new RangeError(`--model must be ${DELAY_MODELS.join(" or ")}, got ${JSON.stringify(value)}`);
  return value as DelayModel;
}

const list = (s: string | undefined) => (s === undefined ? undefined : s.split(",").map((x) => x.trim()).filter((x) => x.length > 0));

/** A graph scenario file as a one-design family, or null (a paper-system scenario file). */
function graphFile(path: string) {
  const g = loadGraphScenario(path);
  return g === null ? null : [g];
}

async function main(argv: readonly string[]): Promise<number> {
  const [cmd, ...rest] = argv;
  if (cmd === "--version" || cmd === "-v" || cmd === "version") {
    console.log(version());
    return 0;
  }
  if (cmd === undefined || cmd === "help" || cmd === "--help" || cmd === "-h") {
    // `edgecalc help bound` is `edgecalc bound --help`.
    const topic = cmd === "help" ? rest[0] : undefined;
    console.log(topic !== undefined && Object.hasOwn(COMMAND_HELP, topic) ? COMMAND_HELP[topic] : USAGE);
    return cmd === undefined ? 1 : 0;
  }
  const { values } = parseArgs({ args: joinNegativeValues(rest), options: OPTIONS, strict: true, allowPositionals: false });
  if (values.help) {
    console.log(Object.hasOwn(COMMAND_HELP, cmd) ? COMMAND_HELP[cmd] : USAGE);
    return 0;
  }
  const model = modelOption(values.model);
  if (model !== undefined && !["report", "bound", "compare"].includes(cmd)) throw new RangeError(`--model applies to report, bound and compare, not ${JSON.stringify(cmd)}`);
  // A graph preset's name (docs/model.md §11): its own report.
  const family = cmd === "report" && values.scenario !== undefined ? (graphPresetFamily(values.scenario) ?? graphFile(values.scenario)) : null;
  if (family !== null) {
    // Graph pipelines are analysed request-level only: the slotted fluid model refuses their fork–join and batching steps.
    if (model === "fluid") throw new RangeError("--model fluid does not apply to a graph scenario (its report is request-level: the fluid model refuses fork–join and batching steps)");
    process.stdout.write(terminalText(await graphReport(family)));
    return 0;
  }
  const scenario = loadScenario(values.scenario);
  const json = values.json === true;
  const withModel = model === undefined ? {} : { model };
  switch (cmd) {
    case "report":
      return reportCommand(scenario, withModel);
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
      return boundCommand(scenario, { json, ...withModel, ...(deadline !== undefined ? { deadline } : {}), ...(epsilon !== undefined ? { epsilon } : {}) });
    }
    case "compare": {
      const deadline = numberOption("deadline", values.deadline);
      const epsilon = numberOption("epsilon", values.epsilon);
      return compareCommand(scenario, { json, ...withModel, ...(deadline !== undefined ? { deadline } : {}), ...(epsilon !== undefined ? { epsilon } : {}) });
    }
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
    // Bad input (scenario file, fields, options) is the user's to fix: one line, no stack.
    const parseArgsError = (e as { code?: string }).code?.startsWith("ERR_PARSE_ARGS") === true;
    const userError = e instanceof RangeError || e instanceof TypeError || e instanceof SyntaxError || e instanceof ScenarioFileError || parseArgsError;
    const cmd = process.argv[2];
    const hint = parseArgsError && cmd !== undefined && Object.hasOwn(COMMAND_HELP, cmd) ? ` (see edgecalc ${cmd} --help)` : "";
    console.error(terminalText(`edgecalc: ${userError ? e.message + hint : (e.stack ?? e.message)}`));
    process.exitCode = 2;
  },
);
