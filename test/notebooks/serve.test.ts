/**
 * `npm run notebooks` as a reader uses it: it builds the Observable notebooks, prints the URL
 * it serves them at, answers page requests, stays inside its build directory, and stops
 * cleanly (exit 0, port released) on Ctrl-C. No browser needed: the pages' behaviour in
 * Chromium is observable.test.ts's job.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { npmScriptCommand, root, startNotebookServer } from "./scripts.js";

const notebooks = readdirSync(join(root, "notebooks")).filter((f) => f.endsWith(".html")).sort();

describe("npm run notebooks", () => {
  const site = mkdtempSync(join(tmpdir(), "edgecalc-serve-"));
  afterAll(() => rmSync(site, { recursive: true, force: true }));

  it("is the documented command", () => {
    expect(npmScriptCommand("notebooks").args.slice(0, 2)).toEqual(["scripts/notebooks.mjs", "serve"]);
    expect(existsSync(join(root, "dist/index.js")), "dist/ is missing: run npm run build").toBe(true);
  });

  it("builds, prints the URL, serves every notebook, and stops cleanly on Ctrl-C", async () => {
    const server = await startNotebookServer(["--port", "0", "--out", join(site, "dist")]);
    let stopped = false;
    try {
      expect(server.base).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(server.stdout()).toMatch(/built 4 notebooks into .* in [0-9.]+ s/);
      expect(server.stdout()).toContain("Ctrl-C");

      const index = await fetch(`${server.base}/`);
      expect(index.status).toBe(200);
      const listing = await index.text();
      for (const n of notebooks) {
        expect(listing).toContain(`href="${n}"`);
        expect(server.stdout()).toContain(`${server.base}/${n}`);
        const page = await fetch(`${server.base}/${n}`);
        expect(page.status, n).toBe(200);
        expect(page.headers.get("content-type")).toMatch(/^text\/html/);
        const html = await page.text();
        expect(html, n).toMatch(/<link rel="icon" href="data:/);
        // The page's scripts are served too (with a JavaScript type, or the browser refuses them).
        const script = /<script type="module"[^>]*src="\.?\/?([^"]+\.js)"/.exec(html);
        expect(script, n).not.toBeNull();
        const js = await fetch(`${server.base}/${script![1]}`);
        expect(js.status, script![1]).toBe(200);
        expect(js.headers.get("content-type")).toMatch(/^text\/javascript/);
      }
      // A path that climbs out of the build directory is not served.
      for (const path of ["/..%2Fpackage.json", "/%2e%2e/%2e%2e/package.json", "/no-such-page.html"]) {
        expect((await fetch(`${server.base}${path}`)).status, path).toBe(404);
      }

      const r = await server.stop();
      stopped = true;
      expect(r.code, `${r.stdout}\n${r.stderr}`).toBe(0);
      expect(r.stdout).toContain("stopped (SIGINT)");
      expect(r.stderr).toBe("");
      await expect(fetch(`${server.base}/`)).rejects.toThrow();
    } finally {
      if (!stopped) await server.stop();
    }
  }, 300_000);

  it("a taken --port is one line naming it and exit 1, before any build", async () => {
    const blocker = createServer();
    await new Promise<void>((r) => blocker.listen(0, "127.0.0.1", r));
    const port = (blocker.address() as { port: number }).port;
    try {
      const out = join(site, "never");
      const { command, args } = npmScriptCommand("notebooks", ["--port", String(port), "--out", out]);
      const r = spawnSync(command, args, { cwd: root, encoding: "utf8", timeout: 60_000 });
      expect(r.status, r.stderr).toBe(1);
      expect(r.stderr.trim().split("\n")).toEqual([expect.stringMatching(new RegExp(`^notebooks: cannot listen on 127\\.0\\.0\\.1:${port}: .*EADDRINUSE`))]);
      expect(existsSync(out)).toBe(false);
    } finally {
      blocker.close();
    }
  });
});
