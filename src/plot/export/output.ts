/**
 * Writing a set of files into a directory safely (Node only): the destination is checked
 * before anything is computed, the files are written into a staging directory inside it and
 * renamed into place only when all of them were written, no symbolic link is ever followed,
 * and a file edgecalc did not write is not replaced unless asked (`force`).
 *
 * edgecalc knows its own files by a manifest, `.edgecalc-manifest.json` in the directory:
 * the name, size and SHA-256 of every file it wrote there. A file counts as edgecalc's while
 * its content still matches its entry; anything else at a destination (a file it did not
 * write or that was edited since, a symbolic link, a FIFO) is refused unless `force`, and
 * then replaced by a rename — the link itself, never its target. A directory in the way is
 * always refused.
 *
 * @module
 */

import { createHash } from "node:crypto";
import { lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";

/** The manifest edgecalc keeps in each output directory (see the module notes). */
export const MANIFEST_NAME = ".edgecalc-manifest.json";

const GENERATOR = "edgecalc";
const STAGING_PREFIX = ".edgecalc-staging-";
/** Inside a staging directory: the id of the process that opened it. */
const OWNER_NAME = ".owner";

/** A destination edgecalc will not write to; the message says which path, why, and what to do. */
export class OutputRefusedError extends Error {
  /** The path at fault. */
  readonly path: string;

  /**
   * @param path - the path at fault
   * @param message - why it is refused and what to do
   */
  constructor(path: string, message: string) {
    super(message);
    this.name = "OutputRefusedError";
    this.path = path;
  }
}

/** Options of {@link checkOutputDir} and {@link openStaging}. */
export interface OutputOptions {
  /** Replace files edgecalc did not write (and symbolic links, which are replaced, not followed). Default false. */
  readonly force?: boolean;
}

interface ManifestEntry {
  readonly bytes: number;
  readonly sha256: string;
}

const sha256 = (data: string | Uint8Array) => createHash("sha256").update(data).digest("hex");

/** A plain file name: no directory part, not "." or "..", nothing a shell or a path would read otherwise. */
const SAFE_NAME = /^[A-Za-z0-9_][A-Za-z0-9._-]*$/;

function readManifest(dir: string, force: boolean): Record<string, ManifestEntry> {
  const path = join(dir, MANIFEST_NAME);
  let text: string;
  try {
    const st = lstatSync(path);
    if (st.isDirectory()) throw new OutputRefusedError(path, `${path} is a directory; move it away`);
    if (!st.isFile()) {
      if (force) return {};
      throw new OutputRefusedError(path, `${path} is ${st.isSymbolicLink() ? "a symbolic link" : "not a regular file"}; edgecalc never writes through it — remove it, or pass --force to replace it`);
    }
    text = readFileSync(path, "utf8");
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return {};
    throw e;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = null;
  }
  const files = (parsed as { generator?: unknown; files?: unknown } | null)?.files;
  if ((parsed as { generator?: unknown } | null)?.generator !== GENERATOR || files === null || typeof files !== "object") {
    if (force) return {};
    throw new OutputRefusedError(path, `${path} is not an edgecalc manifest; move it away or pass --force to replace it`);
  }
  const out: Record<string, ManifestEntry> = {};
  for (const [name, e] of Object.entries(files as Record<string, unknown>)) {
    const { bytes, sha256: hash } = (e ?? {}) as Partial<ManifestEntry>;
    if (SAFE_NAME.test(name) && typeof bytes === "number" && typeof hash === "string") out[name] = { bytes, sha256: hash };
  }
  return out;
}

/** Why `path` may not be replaced, or null when it is absent or edgecalc's own unchanged file. */
function refusal(path: string, entry: ManifestEntry | undefined, force: boolean): string | null {
  let st;
  try {
    st = lstatSync(path);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw e;
  }
  if (st.isDirectory()) return `${path} is a directory; move it away`;
  if (force) return null;
  if (st.isSymbolicLink()) return `${path} is a symbolic link; edgecalc never writes through one — remove it, or pass --force to replace the link itself (its target is left alone)`;
  if (!st.isFile()) return `${path} is not a regular file; move it away or pass --force to replace it`;
  if (entry === undefined) return `${path} exists and was not written by edgecalc (it is not in ${MANIFEST_NAME}); move it away or pass --force to replace it`;
  if (st.size !== entry.bytes || sha256(readFileSync(path)) !== entry.sha256) return `${path} has changed since edgecalc wrote it; move it away or pass --force to replace it`;
  return null;
}

function checkNames(fn: string, names: readonly string[]): void {
  if (!Array.isArray(names)) throw new TypeError(`${fn}: names must be an array of file names, got ${typeof names}`);
  const seen = new Set<string>();
  for (const n of names) {
    if (typeof n !== "string" || !SAFE_NAME.test(n) || n === MANIFEST_NAME || n.startsWith(STAGING_PREFIX)) {
      throw new RangeError(`${fn}: names must be plain file names (letters, digits, '.', '_', '-'; no directory part), got ${JSON.stringify(n)}`);
    }
    if (seen.has(n)) throw new RangeError(`${fn}: names must be distinct, got ${JSON.stringify(n)} twice`);
    seen.add(n);
  }
}

function check(dir: string, names: readonly string[], force: boolean): Record<string, ManifestEntry> {
  let st;
  try {
    st = statSync(dir);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return {};
    throw e;
  }
  if (!st.isDirectory()) throw new OutputRefusedError(dir, `${dir} exists and is not a directory`);
  const manifest = readManifest(dir, force);
  for (const name of names) {
    const why = refusal(join(dir, name), manifest[name], force);
    if (why !== null) throw new OutputRefusedError(join(dir, name), why);
  }
  return manifest;
}

/**
 * Checks that each of `names` can be written into `dir` (see the module notes): `dir` is a
 * directory or absent, and each destination is absent or edgecalc's own unchanged file (or
 * anything but a directory, with `force`). Creates nothing; cheap enough to run before any
 * work is done.
 *
 * @param dir - the output directory (it may itself be a symbolic link to a directory)
 * @param names - the file names to be written there
 * @param opts - {@link OutputOptions}
 * @throws OutputRefusedError naming the first path in the way and what to do; RangeError for a name with a directory part
 * @example
 * ```ts
 * checkOutputDir("figures", ["fig07-quality-map.csv"]); // undefined (or throws OutputRefusedError)
 * ```
 */
export function checkOutputDir(dir: string, names: readonly string[], opts: OutputOptions = {}): void {
  if (typeof dir !== "string" || dir === "") throw new TypeError(`checkOutputDir: dir must be a non-empty path string, got ${JSON.stringify(dir)}`);
  checkNames("checkOutputDir", names);
  check(dir, names, opts.force === true);
}

/** Files written into a staging directory, moved into place together by {@link Staging.commit}. */
export interface Staging {
  /** Writes `name` (one of the names the staging was opened for) into the staging directory. */
  write(name: string, data: string | Uint8Array): void;
  /** Drops a staged file (it will not be moved into place). */
  remove(name: string): void;
  /** Checks the destinations again, renames every staged file into place, updates the manifest; returns the final paths in staging order. */
  commit(): string[];
  /** Removes the staging directory and anything left in it, and the output directory if this staging created it and nothing was committed. Safe to call more than once. */
  discard(): void;
}

/**
 * Opens a staging directory for writing `names` into `dir`: checks the destinations first
 * ({@link checkOutputDir}), creates `dir` if needed and a fresh `.edgecalc-staging-*`
 * directory inside it (same file system, so each move is an atomic rename). Call
 * `discard()` in `finally`.
 *
 * @param dir - the output directory
 * @param names - every file name that may be written
 * @param opts - {@link OutputOptions}
 * @returns the staging
 * @throws OutputRefusedError as {@link checkOutputDir}
 * @example
 * ```ts
 * const s = openStaging("out", ["a.csv"]);
 * try { s.write("a.csv", "x\n1\n"); s.commit(); } finally { s.discard(); }
 * ```
 */
export function openStaging(dir: string, names: readonly string[], opts: OutputOptions = {}): Staging {
  if (typeof dir !== "string" || dir === "") throw new TypeError(`openStaging: dir must be a non-empty path string, got ${JSON.stringify(dir)}`);
  checkNames("openStaging", names);
  const force = opts.force === true;
  check(dir, names, force);
  const created = mkdirSync(dir, { recursive: true });
  removeAbandonedStagings(dir);
  const stage = mkdtempSync(join(dir, STAGING_PREFIX));
  writeFileSync(join(stage, OWNER_NAME), `${process.pid}\n`, { flag: "wx" });
  const allowed = new Set(names);
  const staged = new Map<string, ManifestEntry>();
  let committed = false;
  return {
    write(name, data) {
      if (!allowed.has(name)) throw new RangeError(`openStaging: write: name must be one of the staged names, got ${JSON.stringify(name)}`);
      // "wx": the staging directory is new and ours; never open an existing path.
      writeFileSync(join(stage, name), data, { flag: "wx" });
      staged.set(name, { bytes: typeof data === "string" ? Buffer.byteLength(data) : data.byteLength, sha256: sha256(data) });
    },
    remove(name) {
      if (staged.delete(name)) rmSync(join(stage, name), { force: true });
    },
    commit() {
      // Anything may have appeared at a destination while the work ran: check again.
      const previous = check(dir, [...staged.keys()], force);
      const paths: string[] = [];
      for (const name of staged.keys()) {
        renameSync(join(stage, name), join(dir, name));
        paths.push(join(dir, name));
      }
      const files: Record<string, ManifestEntry> = {};
      for (const [name, e] of Object.entries(previous)) {
        if (!staged.has(name) && refusal(join(dir, name), e, false) === null && exists(join(dir, name))) files[name] = e;
      }
      for (const [name, e] of staged) files[name] = e;
      const sorted = Object.fromEntries(Object.entries(files).sort(([a], [b]) => (a < b ? -1 : 1)));
      writeFileSync(join(stage, MANIFEST_NAME), JSON.stringify({ generator: GENERATOR, note: "files edgecalc wrote here: name, size, SHA-256", files: sorted }, null, 2) + "\n", { flag: "wx" });
      renameSync(join(stage, MANIFEST_NAME), join(dir, MANIFEST_NAME));
      committed = true;
      return paths;
    },
    discard() {
      rmSync(stage, { recursive: true, force: true });
      if (committed || created === undefined) return;
      // Remove the directories this staging created, innermost first, while they are empty.
      for (let d = resolve(dir); ; d = dirname(d)) {
        try {
          rmdirSync(d);
        } catch {
          break;
        }
        if (d === resolve(created)) break;
      }
    },
  };
}

/**
 * Removes the staging directories an interrupted run left in `dir` (killed before its
 * `finally`): those named `.edgecalc-staging-*` whose owner file names a process that no
 * longer runs. A staging without an owner file, or whose owner is alive (another run
 * writing now), is left alone.
 */
function removeAbandonedStagings(dir: string): void {
  for (const entry of readdirSync(dir)) {
    if (!entry.startsWith(STAGING_PREFIX)) continue;
    let pid: number;
    try {
      pid = Number(readFileSync(join(dir, entry, OWNER_NAME), "utf8").trim());
    } catch {
      continue;
    }
    if (Number.isSafeInteger(pid) && pid > 0 && !running(pid)) rmSync(join(dir, entry), { recursive: true, force: true });
  }
}

/** Whether a process with this id runs (signal 0 probes without signalling; EPERM: it runs as another user). */
function running(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}

function exists(path: string): boolean {
  try {
    lstatSync(path);
    return true;
  } catch {
    return false;
  }
}
