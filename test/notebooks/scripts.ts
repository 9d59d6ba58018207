/**
 * The notebook npm scripts as the tests run them: the command of `npm run <name>` from
 * package.json, minus its `npm run build &&` prefix (`npm test` has built dist/ already, and
 * rebuilding it while other suites import it would race), with extra arguments appended the
 * way `npm run <name> -- <args>` appends them.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

export const root = join(dirname(fileURLToPath(import.meta.url)), "../..");

/** `[executable, ...args]` of an npm script of the form `npm run build && node <script> <args>`. */
export function npmScriptCommand(name: string, extra: readonly string[] = []): { command: string; args: string[] } {
  const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { scripts: Record<string, string> };
  const script = pkg.scripts[name];
  if (script === undefined) throw new Error(`package.json has no "${name}" script`);
  const [build, rest, ...more] = script.split(" && ");
  if (build !== "npm run build" || rest === undefined || more.length > 0) {
    throw new Error(`the "${name}" script must read "npm run build && node …", got ${JSON.stringify(script)}`);
  }
  const [node, ...args] = rest.trim().split(/\s+/);
  if (node !== "node") throw new Error(`the "${name}" script must run node after the build, got ${JSON.stringify(rest)}`);
  return { command: process.execPath, args: [...args, ...extra] };
}

/** A running `npm run notebooks` server. */
export interface NotebookServer {
  /** The URL it printed, without the trailing slash, e.g. "http://127.0.0.1:40123". */
  readonly base: string;
  /** Everything it printed on stdout so far. */
  stdout(): string;
  /** Ctrl-C (SIGINT) and wait for it to exit; resolves to its exit code and output. */
  stop(): Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>;
}

function exited(child: ChildProcess): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve({ code: child.exitCode, signal: child.signalCode });
  return new Promise((resolve) => child.once("exit", (code, signal) => resolve({ code, signal })));
}

/** Starts `npm run notebooks -- <args>` and resolves once it has printed the URL it serves and how to stop it. */
export function startNotebookServer(args: readonly string[]): Promise<NotebookServer> {
  return startServer("notebooks", /serving the edgecalc notebooks at (http:\/\/\S+?)\/?\s/, args);
}

/** Starts `npm run playground -- <args>` and resolves once it has printed the URL it serves and how to stop it. */
export function startPlaygroundServer(args: readonly string[]): Promise<NotebookServer> {
  return startServer("playground", /serving the edgecalc playground at (http:\/\/\S+?)\/?\s/, args);
}

function startServer(script: string, banner: RegExp, args: readonly string[]): Promise<NotebookServer> {
  const { command, args: argv } = npmScriptCommand(script, args);
  const child = spawn(command, argv, { cwd: root, stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  let err = "";
  child.stdout!.setEncoding("utf8").on("data", (d: string) => (out += d));
  child.stderr!.setEncoding("utf8").on("data", (d: string) => (err += d));
  const stop = async () => {
    const done = exited(child);
    child.kill("SIGINT");
    const timer = setTimeout(() => child.kill("SIGKILL"), 30_000);
    const r = await done;
    clearTimeout(timer);
    return { ...r, stdout: out, stderr: err };
  };
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`no URL after 280 s:\n${out}\n${err}`));
    }, 280_000);
    const look = () => {
      // The URL line comes first and "press Ctrl-C to stop" last: wait for the whole banner.
      const m = banner.exec(out);
      if (m === null || !out.includes("press Ctrl-C to stop")) return;
      clearTimeout(timer);
      child.stdout!.off("data", look);
      resolve({ base: m[1], stdout: () => out, stop });
    };
    child.stdout!.on("data", look);
    child.once("exit", (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`the ${script} server exited (${code ?? signal}) before printing its URL:\n${out}\n${err}`));
    });
  });
}
