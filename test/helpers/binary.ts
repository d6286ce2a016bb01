// Runs the real built CLI (dist/src/cli.js) the way a user or CI job would:
// a separate Node process, no TTY, CI=1, in a fresh temporary directory.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { removeWhenDone } from './temp.js';
import { expect, it } from 'vitest';

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
export function runCli(dir: string, args: readonly string[], timeout = 20_000, extraEnv: NodeJS.ProcessEnv = {}): CliResult {
  const r = spawnSync(process.execPath, [CLI, ...args], {
    cwd: dir,
    env: cliEnv(dir, extraEnv),
    stdio: ['ignore', 'pipe', 'pipe'],
    encoding: 'utf8',
    timeout,
  });
  if (r.error) throw r.error;
  return { status: r.status, signal: r.signal, stdout: r.stdout, stderr: r.stderr };
}

/** runCli without blocking: for several runs at once (the shards of a run, as a scheduler starts them). */
export function runCliAsync(dir: string, args: readonly string[], timeout = 20_000, extraEnv: NodeJS.ProcessEnv = {}): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, [CLI, ...args], { cwd: dir, env: cliEnv(dir, extraEnv), stdio: ['ignore', 'pipe', 'pipe'], timeout });
    let stdout = '';
    let stderr = '';
    p.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    p.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    p.on('error', reject);
    p.on('close', (status, signal) => resolve({ status, signal, stdout, stderr }));
  });
}

function cliEnv(dir: string, extraEnv: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, CI: '1', HOME: dir, USERPROFILE: dir, XDG_CONFIG_HOME: join(dir, '.no-xdg-config'), ...extraEnv };
  delete env.NODE_OPTIONS;
  // DATAGEN_ENV picks bar-platform's size: a developer's own value must not leak into a test that does not set it.
  if (!('DATAGEN_ENV' in extraEnv)) delete env.DATAGEN_ENV;
  return env;
}

/** A fresh, empty, real (symlink-free) temporary directory, removed when the test that made it ends. */
export function makeSandbox(): string {
  return removeWhenDone(realpathSync(mkdtempSync(join(tmpdir(), 'synthgen-cli-'))));
}

/** A sandbox holding the user's `files` (with OLD_TIME mtimes); removed when the test ends. */
export function sandbox(files: Record<string, string | Buffer> = {}): string {
  const dir = makeSandbox();
  writeUserFiles(dir, files);
  return dir;
}

/**
 * A refused run: exactly `line` on stderr, exit 2, nothing on stdout, nothing
 * left behind, and the same files and folders with the same bytes and mtimes
 * as `before`: nothing created, removed or rewritten.
 */
export function expectRefused(dir: string, before: Record<string, Entry>, r: CliResult, line: string): void {
  expect(r.signal).toBeNull();
  expect(r.stderr).toBe(line + '\n');
  expect(r.stdout).toBe('');
  expect(r.status).toBe(2);
  expect(leftovers(dir)).toEqual([]);
  expect(snapshot(dir)).toEqual(before);
}

/** The real binary writing `scenario` as CSV into folder `o` of a fresh sandbox, with `--set` for each of `sets`. */
export function csvRun(scenario: string, sets: string[], extra: string[] = []): CliResult & { dir: string } {
  const dir = makeSandbox();
  const r = runCli(dir, ['run', '--scenario', scenario, '--target', 'csv', '--out', 'o', ...sets.flatMap((s) => ['--set', s]), ...extra], 60_000);
  return { ...r, dir };
}

/** What every sandbox of a bad-input case holds before the run: the default sqlite output, the default csv folder and an unrelated file. */
export const USER_FILES: Record<string, string> = {
  'data/saas_metrics.db': "the user's own database, not SQLite at all\n",
  'output/saas-metrics/customers.csv': 'customer_id,name\n1,Keep Me\n',
  'notes.txt': 'do not touch\n',
};

/** A bad input: the binary's arguments and the one line it must answer with. */
export interface BadCase {
  name: string;
  args: string[];
  /** Extra user files for this case (on top of USER_FILES). */
  files?: Record<string, string>;
  /** The exact stderr line, without the newline; `dir` is the sandbox's real path. */
  stderr: (dir: string) => string;
  /** Extra environment (a PostgreSQL password). */
  env?: NodeJS.ProcessEnv;
}

/** Each case in a sandbox of USER_FILES (+ its own): refused with its line, exit 2, nothing changed. */
export function itRefusesEach(cases: BadCase[]): void {
  it.each(cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const dir = sandbox({ ...USER_FILES, ...c.files });
    const before = snapshot(dir);
    expectRefused(dir, before, runCli(dir, c.args, undefined, c.env), c.stderr(dir));
  });
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
