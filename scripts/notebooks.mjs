#!/usr/bin/env node
// Builds, serves and runs the notebooks in notebooks/: `npm run notebooks` and
// `npm run notebooks:jupyter` (README, "Notebooks"). Commands: see USAGE below, or
// `node scripts/notebooks.mjs --help`.
//
// Notebook Kit's own `notebooks build` needs the notebook files listed (without them it
// fails with "You must supply options.input"); this script lists them and adds a page
// template with an inline icon (scripts/notebook-template.html).
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import { dirname, extname, join, relative, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const notebooksDir = join(root, "notebooks");
const kit = join(root, "node_modules/@observablehq/notebook-kit/dist/bin/notebooks.js");
const template = join(root, "scripts/notebook-template.html");
const playgroundDir = join(notebooksDir, "playground");
const DEFAULT_PORT = 4173;
const PLAYGROUND_PORT = 4174;
const JUPYTER_HINT =
  "jupyter nbconvert is not installed: on Debian `apt-get install jupyter-nbconvert python3-jupyter-client python3-ipykernel`, elsewhere `pip install nbconvert jupyter_client ipykernel`";

const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".woff2": "font/woff2",
  ".woff": "font/woff",
  ".wasm": "application/wasm",
};

const USAGE = `Builds, serves and runs the edgecalc notebooks. They import the built dist/:
run \`npm run build\` first (the npm scripts notebooks and notebooks:jupyter do).

  node scripts/notebooks.mjs build   [--out DIR]
      Observable notebooks (notebooks/*.html) to a static site in DIR
      (default notebooks/.observable/dist); offline, no request leaves the page's host.
  node scripts/notebooks.mjs serve   [--port N] [--host H] [--out DIR]
      build, then serve DIR at http://127.0.0.1:${DEFAULT_PORT}/ (another free port if
      ${DEFAULT_PORT} is taken and --port was not given) until Ctrl-C.
  node scripts/notebooks.mjs playground [--port N] [--host H] [--out DIR] [--build-only]
      the playground (notebooks/playground/index.html) to a static site in DIR (default
      notebooks/.observable/playground): index.html and assets/, no server code, nothing
      loaded from elsewhere; then serve it at http://127.0.0.1:${PLAYGROUND_PORT}/ until Ctrl-C
      (--build-only: build, print where, exit). Copy DIR to any static host to publish it.
  node scripts/notebooks.mjs jupyter [--out DIR]
      install the tslab TypeScript kernel for this checkout, execute
      notebooks/edgecalc-tour.ipynb headless and write the executed copy to DIR
      (default notebooks/.jupyter); exit 1 on any error output.
  node scripts/notebooks.mjs kernel
      only install the tslab kernel (then: jupyter lab notebooks/edgecalc-tour.ipynb).`;

class UsageError extends Error {}

function fail(message) {
  console.error(`notebooks: ${message}`);
  process.exit(1);
}

/** The Observable notebooks: every notebooks/*.html, sorted. */
function observableNotebooks() {
  return readdirSync(notebooksDir).filter((f) => f.endsWith(".html")).sort();
}

/** A path relative to the working directory when it lies inside it, else absolute. */
function shown(path) {
  const r = relative(process.cwd(), path);
  return r === "" ? "." : r.startsWith("..") ? path : r;
}

function requireDist() {
  if (!existsSync(join(root, "dist/index.js"))) fail("dist/ is missing: run `npm run build` first (the npm scripts `notebooks` and `notebooks:jupyter` do)");
}

/** Runs Notebook Kit's build of `pages` (paths relative to the checkout) with `siteRoot` as its root. */
function kitBuild(siteRoot, pages, out, what) {
  requireDist();
  const started = Date.now();
  const r = spawnSync(
    process.execPath,
    [kit, "build", "--root", siteRoot, "--template", template, "--out", out, "--empty", "--", ...pages],
    { cwd: root, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 },
  );
  if (r.signal === "SIGINT" || r.signal === "SIGTERM") fail("interrupted");
  if (r.status !== 0) {
    process.stderr.write(`${r.stdout ?? ""}${r.stderr ?? ""}`);
    fail(`building ${what} failed (exit ${r.status ?? r.signal})`);
  }
  return (Date.now() - started) / 1000;
}

/** Builds the Observable notebooks into `out`; returns the notebook file names. */
function build(out) {
  const names = observableNotebooks();
  const seconds = kitBuild("notebooks", names.map((n) => `notebooks/${n}`), out, "the notebooks");
  console.log(`built ${names.length} notebooks into ${shown(out)} in ${seconds.toFixed(1)} s`);
  return names;
}

/** Builds the playground into `out` (its index.html at the top). */
function buildPlayground(out) {
  // Its own root, so the page lands at out/index.html; it imports ../lib.js and ../../dist,
  // which the bundler follows out of the root and packs into out/assets.
  const seconds = kitBuild(relative(root, playgroundDir), [relative(root, join(playgroundDir, "index.html"))], out, "the playground");
  console.log(`built the playground into ${shown(out)} in ${seconds.toFixed(1)} s: a static site (index.html and assets/), no server code, nothing loaded from elsewhere`);
}

function titleOf(name) {
  const m = /<title>([^<]*)<\/title>/.exec(readFileSync(join(notebooksDir, name), "utf8"));
  return m ? m[1].trim() : name;
}

const escapeHtml = (s) => s.replace(/[&<>"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[c]);

function indexPage(names) {
  const items = names.map((n) => `<li><a href="${escapeHtml(n)}">${escapeHtml(titleOf(n))}</a></li>`).join("\n");
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>edgecalc notebooks</title><link rel="icon" href="data:,">
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:40em;margin:3em auto;padding:0 1em}</style></head>
<body><h1>edgecalc notebooks</h1><ul>
${items}
</ul></body></html>
`;
}

/** A static file server for `dir` (at /, dir's index.html or else a list of `names`); nothing outside `dir` is served. */
function staticServer(dir, names) {
  const index = names === null ? null : indexPage(names);
  return createServer((req, res) => {
    if (req.method !== "GET" && req.method !== "HEAD") return void res.writeHead(405, { allow: "GET, HEAD" }).end();
    let path;
    try {
      path = decodeURIComponent(new URL(req.url ?? "/", "http://localhost").pathname);
    } catch {
      return void res.writeHead(400).end();
    }
    if (path === "/" && index !== null) return void res.writeHead(200, { "content-type": TYPES[".html"] }).end(req.method === "HEAD" ? undefined : index);
    const file = resolve(dir, `.${path === "/" ? "/index.html" : path}`);
    if (!file.startsWith(dir + sep) || !existsSync(file) || !statSync(file).isFile()) {
      return void res.writeHead(404, { "content-type": "text/plain; charset=utf-8" }).end(`not found: ${path}\n`);
    }
    res.writeHead(200, { "content-type": TYPES[extname(file)] ?? "application/octet-stream", "cache-control": "no-cache" });
    res.end(req.method === "HEAD" ? undefined : readFileSync(file));
  });
}

function listen(server, port, host) {
  return new Promise((resolvePort, reject) => {
    const onError = (e) => {
      server.off("listening", onListening);
      reject(e);
    };
    const onListening = () => {
      server.off("error", onError);
      resolvePort(server.address().port);
    };
    server.once("error", onError);
    server.once("listening", onListening);
    server.listen(port, host);
  });
}

/**
 * Listens first, so a taken port fails at once rather than after the build; requests that
 * arrive during the (synchronous) build wait and are answered from the new site.
 */
async function serveSite(server, portOption, defaultPort, host, buildSite) {
  requireDist();
  let port;
  try {
    port = await listen(server, portOption ?? defaultPort, host);
  } catch (e) {
    if (e.code !== "EADDRINUSE" || portOption !== undefined) fail(`cannot listen on ${host}:${portOption ?? defaultPort}: ${e.message}`);
    port = await listen(server, 0, host);
  }
  buildSite();
  return `http://${host.includes(":") ? `[${host}]` : host}:${port}/`;
}

async function serve(out, portOption, host) {
  const names = observableNotebooks();
  const server = staticServer(out, names);
  const base = await serveSite(server, portOption, DEFAULT_PORT, host, () => build(out));
  console.log(`serving the edgecalc notebooks at ${base}`);
  for (const n of names) console.log(`  ${base}${n}  ${titleOf(n)}`);
  stopOnSignals(server);
}

async function playground(out, portOption, host, buildOnly) {
  if (buildOnly) {
    buildPlayground(out);
    console.log(`open it: serve ${shown(out)} with any static file server, or run \`npm run playground\``);
    return;
  }
  const server = staticServer(out, null);
  const base = await serveSite(server, portOption, PLAYGROUND_PORT, host, () => buildPlayground(out));
  console.log(`serving the edgecalc playground at ${base}`);
  stopOnSignals(server);
}

function stopOnSignals(server) {
  console.log("press Ctrl-C to stop");
  let stopping = false;
  const stop = (signal) => {
    if (stopping) return;
    stopping = true;
    server.close(() => {
      console.log(`stopped (${signal})`);
      process.exit(0);
    });
    server.closeAllConnections();
  };
  process.on("SIGINT", () => stop("SIGINT"));
  process.on("SIGTERM", () => stop("SIGTERM"));
}

function jupyterAvailable() {
  return spawnSync("jupyter", ["nbconvert", "--version"], { encoding: "utf8" }).status === 0;
}

/** Writes the tslab kernelspec into the user's Jupyter data directory; returns its path. */
function installKernel() {
  const r = spawnSync("jupyter", ["--data-dir"], { encoding: "utf8" });
  if (r.status !== 0) fail(`\`jupyter --data-dir\` failed: ${(r.stderr ?? "").trim() || r.error?.message}`);
  const tslab = join(root, "node_modules/tslab/bin/tslab");
  if (!existsSync(tslab)) fail("node_modules/tslab is missing: run `npm install`");
  const dir = join(r.stdout.trim(), "kernels", "tslab");
  mkdirSync(dir, { recursive: true });
  // What `tslab install` writes, without needing IPython's kernelspec tooling; it runs this
  // checkout's tslab with the Node that runs this script.
  const spec = { argv: [process.execPath, tslab, "kernel", "--config-path", "{connection_file}"], display_name: "TypeScript (tslab)", language: "typescript" };
  writeFileSync(join(dir, "kernel.json"), `${JSON.stringify(spec, null, 2)}\n`);
  console.log(`installed the tslab kernel: ${join(dir, "kernel.json")}`);
  return dir;
}

function runJupyter(out) {
  if (!jupyterAvailable()) fail(JUPYTER_HINT);
  requireDist();
  installKernel();
  const name = "edgecalc-tour.ipynb";
  mkdirSync(out, { recursive: true });
  console.log(`executing notebooks/${name} …`);
  const r = spawnSync(
    "jupyter",
    ["nbconvert", "--to", "notebook", "--execute", "--ExecutePreprocessor.timeout=180", "--output-dir", out, "--output", name, name],
    { cwd: notebooksDir, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 },
  );
  if (r.status !== 0) {
    process.stderr.write(`${r.stdout ?? ""}${r.stderr ?? ""}`);
    fail(`executing ${name} failed (exit ${r.status ?? r.signal})`);
  }
  const file = join(out, name);
  const nb = JSON.parse(readFileSync(file, "utf8"));
  const code = nb.cells.filter((c) => c.cell_type === "code");
  const errors = code.flatMap((c) => (c.outputs ?? []).filter((o) => o.output_type === "error" || o.name === "stderr"));
  for (const e of errors) console.error(e.output_type === "error" ? `error: ${e.ename}: ${e.evalue}` : `stderr: ${[].concat(e.text ?? []).join("")}`);
  console.log(`executed ${code.length} code cells with ${errors.length === 0 ? "no errors" : `${errors.length} error outputs`}: ${shown(file)}`);
  if (errors.length > 0) process.exit(1);
}

async function main(argv) {
  const [command, ...rest] = argv;
  if (["--help", "-h"].includes(command)) rest.length = 0;
  const { values } = parseArgs({
    args: rest,
    options: {
      out: { type: "string" },
      port: { type: "string" },
      host: { type: "string", default: "127.0.0.1" },
      "build-only": { type: "boolean", default: false },
      help: { type: "boolean", short: "h" },
    },
  });
  if (values.help || command === undefined || ["help", "--help", "-h"].includes(command)) {
    console.log(USAGE);
    return;
  }
  let port;
  if (values.port !== undefined) {
    port = Number(values.port);
    if (!(Number.isInteger(port) && port >= 0 && port <= 65535)) throw new UsageError(`--port must be an integer in [0, 65535], got ${JSON.stringify(values.port)}`);
  }
  const out = (fallback) => resolve(values.out ?? join(notebooksDir, fallback));
  switch (command) {
    case "build":
      build(out(".observable/dist"));
      return;
    case "serve":
      await serve(out(".observable/dist"), port, values.host);
      return;
    case "playground":
      await playground(out(".observable/playground"), port, values.host, values["build-only"]);
      return;
    case "jupyter":
      runJupyter(out(".jupyter"));
      return;
    case "kernel":
      if (!jupyterAvailable()) fail(JUPYTER_HINT);
      installKernel();
      console.log("open it with: jupyter lab notebooks/edgecalc-tour.ipynb (kernel: TypeScript (tslab))");
      return;
    default:
      throw new UsageError(`unknown command ${JSON.stringify(command)}: use build, serve, playground, jupyter or kernel`);
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main(process.argv.slice(2)).catch((e) => {
    if (e instanceof UsageError || e?.code?.startsWith?.("ERR_PARSE_ARGS")) fail(e.message);
    throw e;
  });
}
