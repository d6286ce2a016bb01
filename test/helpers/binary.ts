// Runs the real built CLI (dist/src/cli.js) the way a user or CI job would:
// a separate Node process, no TTY, CI=1, in a fresh temporary directory.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { removeWhenDone } from './temp.js';

export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const CLI = join(REPO_ROOT, 'dist', 'src', 'cli.js');

/** Fails early with a clear hint instead of a confusing "module not found" per test. */
export function assertBuilt(): void {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing; run \`npm run build\` first (npm test does it via pretest)`);
}

export interface CliResult {
  status: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/**
 * One run of the binary with cwd = `dir`. HOME (and XDG_CONFIG_HOME) point into
 * the sandbox so cosmiconfig's search stops at `dir` and never finds a
 * developer's own ~/.config/synthgen or a stray .synthgenrc.json higher up.
 */
export function runCli(dir: string, args: readonly string[], timeout = 20_000): CliResult {
  const env: NodeJS.ProcessEnv = { ...process.env, CI: '1', HOME: dir, USERPROFILE: dir, XDG_CONFIG_HOME: join(dir, '.no-xdg-config') };
  delete env.NODE_OPTIONS;
  const r = spawnSync(process.execPath, [CLI, ...args], {
    cwd: dir,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
    encoding: 'utf8',
    timeout,
  });
  if (r.error) throw r.error;
  return { status: r.status, signal: r.signal, stdout: r.stdout, stderr: r.stderr };
}

/** A fresh, empty, real (symlink-free) temporary directory, removed when the test that made it ends. */
export function makeSandbox(): string {
  return removeWhenDone(realpathSync(mkdtempSync(join(tmpdir(), 'synthgen-cli-'))));
}

export function removeSandbox(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

/** A fixed, clearly-old mtime: any rewrite of a user's file moves it. */
export const OLD_TIME = new Date('2020-01-02T03:04:05Z');

/** Writes `files` (relative path -> contents) under `dir`, all with mtime OLD_TIME, directories included. */
export function writeUserFiles(dir: string, files: Record<string, string | Buffer>): void {
  for (const [rel, contents] of Object.entries(files)) {
    const path = join(dir, rel);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, contents);
  }
  ageTree(dir);
}

function ageTree(dir: string): void {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) ageTree(path);
    utimesSync(path, OLD_TIME, OLD_TIME);
  }
  utimesSync(dir, OLD_TIME, OLD_TIME);
}

export interface Entry {
  kind: 'file' | 'dir';
  mtimeMs: number;
  /** File contents, hex; null for a directory. */
  bytes: string | null;
}

/**
 * Every file and folder under `dir` (including `dir` itself as "."), with its
 * bytes and mtime. Directory mtimes are included, so a file created and then
 * removed during a failed run also shows up as a difference.
 */
export function snapshot(dir: string): Record<string, Entry> {
  const out: Record<string, Entry> = {};
  const walk = (path: string) => {
    const st = statSync(path);
    const rel = relative(dir, path).split(sep).join('/') || '.';
    if (st.isDirectory()) {
      out[rel] = { kind: 'dir', mtimeMs: st.mtimeMs, bytes: null };
      for (const name of readdirSync(path).sort()) walk(join(path, name));
    } else {
      out[rel] = { kind: 'file', mtimeMs: st.mtimeMs, bytes: readFileSync(path).toString('hex') };
    }
  };
  walk(dir);
  return out;
}

/** Relative paths of temporary or backup names a run leaves behind if it does not clean up. */
export function leftovers(dir: string): string[] {
  const found: string[] = [];
  const walk = (path: string) => {
    for (const name of readdirSync(path)) {
      const full = join(path, name);
      if (name.startsWith('.synthgen-tmp-') || name.startsWith('.synthgen-old-') || name.startsWith('.synthgen-lock-') || /\.tmp-\d+$/.test(name)) found.push(relative(dir, full));
      if (statSync(full).isDirectory()) walk(full);
    }
  };
  walk(dir);
  return found;
}
