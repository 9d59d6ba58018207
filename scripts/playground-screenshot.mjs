#!/usr/bin/env node
// Takes the README's screenshot of the playground: builds it (scripts/notebooks.mjs
// playground --build-only), serves it on 127.0.0.1, opens it in headless Chromium, waits for
// the answer and the figures, and writes docs/playground.png (the top of the page).
// Usage: npm run build && node scripts/playground-screenshot.mjs [--out docs/playground.png]
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { createServer } from "node:http";
import { tmpdir } from "node:os";
import { dirname, extname, join, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const { values } = parseArgs({ options: { out: { type: "string", default: join(root, "docs/playground.png") } } });
const site = mkdtempSync(join(tmpdir(), "edgecalc-shot-"));
const TYPES = { ".html": "text/html; charset=utf-8", ".js": "text/javascript", ".css": "text/css", ".woff2": "font/woff2" };
try {
  const b = spawnSync(process.execPath, [join(root, "scripts/notebooks.mjs"), "playground", "--build-only", "--out", site], { cwd: root, stdio: "inherit" });
  if (b.status !== 0) process.exit(b.status ?? 1);
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? "/", "http://x").pathname);
    const file = resolve(site, `.${path === "/" ? "/index.html" : path}`);
    if (!file.startsWith(site + sep) || !existsSync(file) || !statSync(file).isFile()) return void res.writeHead(404).end();
    res.writeHead(200, { "content-type": TYPES[extname(file)] ?? "application/octet-stream" }).end(readFileSync(file));
  });
  await new Promise((r) => server.listen(0, "127.0.0.1", r));
  const { chromium } = await import("playwright-core");
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium", args: ["--headless", "--no-sandbox", "--disable-gpu"] });
  try {
    const page = await browser.newPage({ viewport: { width: 1100, height: 1500 }, deviceScaleFactor: 1 });
    await page.goto(`http://127.0.0.1:${server.address().port}/`);
    await page.waitForSelector("#notebook-done", { timeout: 120_000 });
    await page.waitForTimeout(500);
    await page.screenshot({ path: values.out, clip: { x: 0, y: 0, width: 1100, height: 1500 } });
    console.log(`wrote ${values.out}`);
  } finally {
    await browser.close();
    server.close();
  }
} finally {
  rmSync(site, { recursive: true, force: true });
}
