// Ctrl-C, SIGTERM and SIGHUP in every long phase of the real binary: generation,
// SQLite index building and read-back, the --pipeline step and `transform`. Each
// run replaces an older output with --force and is stopped mid-phase: it must
// exit 130 within about a second with one line, leave no file of its own behind
// (the system temp folder points into the sandbox, so DuckDB's spill folders
// count too) and leave the older output byte for byte as it was.
// Three runs of a phase, one per signal, run side by side to keep the file short.
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SqliteChild } from '../src/sinks/sqlite-child.js';
import { assertBuilt, CLI, leftovers, makeSandbox, removeSandbox, runCli, snapshot, type Entry } from './helpers/binary.js';

const INTERRUPTED = 'synthgen: interrupted; nothing was written under the output name';
const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
type Signal = (typeof SIGNALS)[number];

const sandboxes: string[] = [];
function sandbox(): string {
  const dir = makeSandbox();
  sandboxes.push(dir);
  return dir;
}
afterAll(() => {
  for (const dir of sandboxes.splice(0)) removeSandbox(dir);
});

/** Small real outputs of each kind, made once: what a user already has under the name a run replaces. */
let old = '';
/** A larger Parquet raw layer for `transform` to read. */
let raw = '';
beforeAll(() => {
  assertBuilt();
  old = sandbox();
  const make = (args: string[]) => expect(runCli(old, ['run', ...args], 60_000).status).toBe(0);
  make(['--scenario', 'saas-metrics', '--set', 'customers=50', '--target', 'sqlite', '--out', 'a.db']);
  make(['--scenario', 'saas-metrics', '--set', 'customers=50', '--target', 'duckdb', '--out', 'a.duckdb']);
  make(['--scenario', 'saas-churn', '--set', 'customers=1000', '--target', 'parquet', '--pipeline', '--out', 'data/raw']);
  raw = sandbox();
  expect(runCli(raw, ['run', '--scenario', 'saas-churn', '--set', 'customers=50000', '--out', 'data/raw'], 60_000).status).toBe(0);
});

/** A sandbox holding a copy of the old outputs and an empty temp folder for the run. */
function withOldOutputs(): string {
  const dir = sandbox();
  cpSync(old, dir, { recursive: true });
  mkdirSync(join(dir, 'tmp'));
  return dir;
}

/** Every entry with its bytes and mtime; folders' mtimes left out (a run's temp files move them). */
function contents(dir: string): Record<string, Entry> {
  return Object.fromEntries(Object.entries(snapshot(dir)).map(([k, e]) => [k, e.kind === 'dir' ? { ...e, mtimeMs: 0 } : e]));
}

interface Stopped {
  code: number | null;
  stdout: string;
  stderr: string;
  /** From the signal to the exit. */
  ms: number;
}

/**
 * Runs the binary in `dir` and sends `signal` `delayMs` after a stderr line
 * containing `phase` appears (the headless progress prints one per phase).
 */
function stopDuring(dir: string, args: string[], phase: string, signal: Signal, delayMs = 0): Promise<Stopped> {
  const env: NodeJS.ProcessEnv = { ...process.env, CI: '1', HOME: dir, XDG_CONFIG_HOME: join(dir, '.no-xdg-config'), TMPDIR: join(dir, 'tmp') };
  delete env.NODE_OPTIONS;
  const child = spawn(process.execPath, [CLI, ...args], { cwd: dir, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  let sentAt = 0;
  let armed = false;
  child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  child.stderr.setEncoding('utf8').on('data', (d: string) => {
    stderr += d;
    if (armed || !stderr.split('\n').some((line) => line.includes(phase))) return;
    armed = true;
    setTimeout(() => {
      sentAt = Date.now();
      child.kill(signal);
    }, delayMs);
  });
  return new Promise((resolve) => {
    child.on('exit', (code) => resolve({ code, stdout, stderr, ms: sentAt ? Date.now() - sentAt : -1 }));
  });
}

async function expectStoppedCleanly(dirs: string[], runs: Promise<Stopped>[], before: Record<string, Entry>[]): Promise<Stopped[]> {
  const results = await Promise.all(runs);
  results.forEach((r, i) => {
    const label = `${SIGNALS[i]}: ${r.stderr}`;
    expect(r.ms, label).toBeGreaterThanOrEqual(0);
    expect(r.code, label).toBe(130);
    expect(r.ms, label).toBeLessThan(2_000);
    expect(r.stderr.trimEnd().split('\n').pop(), label).toBe(INTERRUPTED);
    expect(r.stdout, label).toBe('');
    expect(leftovers(dirs[i]), label).toEqual([]);
    expect(contents(dirs[i]), label).toEqual(before[i]);
  });
  // What each took, for the report when run with --reporter verbose.
  console.log(results.map((r, i) => `${SIGNALS[i]} ${r.ms} ms`).join(', '));
  return results;
}

/** Three runs side by side, one per signal, each in its own sandbox with the old outputs. */
async function stopEach(args: string[], phase: string, delayMs = 0): Promise<Stopped[]> {
  const dirs = SIGNALS.map(() => withOldOutputs());
  const before = dirs.map(contents);
  return expectStoppedCleanly(dirs, SIGNALS.map((s, i) => stopDuring(dirs[i], args, phase, s, delayMs)), before);
}

describe('a signal stops the run, cleans up and exits 130 within about a second', () => {
  it('during generation, into SQLite, DuckDB and Parquet', async () => {
    const dirs = SIGNALS.map(() => withOldOutputs());
    const before = dirs.map(contents);
    const metrics = ['run', '--scenario', 'saas-metrics', '--set', 'customers=200000', '--force'];
    await expectStoppedCleanly(
      dirs,
      [
        stopDuring(dirs[0], [...metrics, '--target', 'sqlite', '--out', 'a.db'], 'customers: started', 'SIGINT', 300),
        stopDuring(dirs[1], [...metrics, '--target', 'duckdb', '--out', 'a.duckdb'], 'customers: started', 'SIGTERM', 300),
        stopDuring(dirs[2], ['run', '--scenario', 'saas-churn', '--set', 'customers=200000', '--force', '--out', 'data/raw'], 'usage_daily: started', 'SIGHUP', 300),
      ],
      before,
    );
  });

  const sqlite = ['run', '--scenario', 'saas-metrics', '--set', 'customers=80000', '--target', 'sqlite', '--out', 'a.db', '--force'];

  it('while SQLite builds indexes', async () => {
    // A moment after the phase starts, so the index build itself is under way.
    const runs = await stopEach(sqlite, 'building indexes and views', 100);
    // Stopped there, not later.
    for (const r of runs) expect(r.stderr).not.toContain('checking');
  });

  it('while SQLite reads the database back (integrity and key checks)', async () => {
    await stopEach(sqlite, 'checking', 500);
  });

  it('while run --pipeline runs the SQL pipeline', async () => {
    const runs = await stopEach(['run', '--scenario', 'saas-churn', '--set', 'customers=30000', '--pipeline', '--force', '--out', 'data/raw'], 'running the SQL pipeline', 300);
    for (const r of runs) expect(r.stderr).not.toContain('analytics/');
  });

  it('while transform runs the SQL pipeline', async () => {
    const runs = await stopEach(['transform', '--in', join(raw, 'data', 'raw'), '--out', 'data', '--force'], 'running the SQL pipeline', 300);
    for (const r of runs) expect(r.stderr).not.toContain('analytics/');
  });
});

// The terminal closes while progress bars are drawing: every write to it fails
// (EIO) and SIGHUP arrives. The run must still clean up at once. It then dies of
// the hangup, as a process without handlers would: Node 20 would otherwise abort
// (SIGABRT) at exit restoring the vanished terminal. A small wrapper in the pane
// plays the shell: it passes the hangup on and records how synthgen ended.
const WRAPPER = `
const { spawn } = require('node:child_process');
const { writeFileSync } = require('node:fs');
process.on('SIGHUP', () => child.kill('SIGHUP'));
const [record, cli, ...args] = process.argv.slice(2);
const env = { ...process.env, HOME: process.cwd(), TMPDIR: process.cwd() + '/tmp' };
delete env.CI;
delete env.NODE_OPTIONS;
const child = spawn(process.execPath, [cli, ...args], { stdio: 'inherit', env });
child.on('exit', (code, signal) => writeFileSync(record, JSON.stringify({ code, signal, at: Date.now() })));
`;

async function until<T>(what: string, get: () => T | undefined, ms = 30_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = get();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('a closing terminal (SIGHUP) while progress bars draw', () => {
  it('cleans up within about a second and ends by the hangup', async () => {
    const dir = withOldOutputs();
    const before = contents(dir);
    const side = sandbox();
    writeFileSync(join(side, 'wrap.cjs'), WRAPPER);
    const record = join(side, 'exit.json');
    const socket = `synthgen-signals-${process.pid}`;
    const tmux = (...args: string[]) => spawnSync('tmux', ['-L', socket, ...args], { encoding: 'utf8' });
    const command = [process.execPath, join(side, 'wrap.cjs'), record, CLI, ...['run', '--scenario', 'saas-metrics', '--set', 'customers=200000', '--target', 'sqlite', '--out', 'a.db', '--force']];
    expect(tmux('new-session', '-d', '-s', 'run', '-x', '120', '-y', '20', '-c', dir, command.map((a) => `'${a}'`).join(' ')).status).toBe(0);
    try {
      await until('the progress bars', () => (tmux('capture-pane', '-p', '-t', 'run').stdout.includes('subscriptions |') ? true : undefined));
    } finally {
      tmux('kill-server');
    }
    const hungUp = Date.now();
    const ended = await until('synthgen to exit', () => (existsSync(record) ? (JSON.parse(readFileSync(record, 'utf8')) as { code: number; signal: string | null; at: number }) : undefined), 10_000);
    console.log(`SIGHUP (terminal closed) ${ended.at - hungUp} ms`);
    expect([ended.code, ended.signal]).toEqual([null, 'SIGHUP']);
    expect(ended.at - hungUp).toBeLessThan(2_000);
    expect(leftovers(dir)).toEqual([]);
    expect(contents(dir)).toEqual(before);
  });
});

describe('run --pipeline checks every output before generating', () => {
  it('refuses an existing staging layer at once, with the line transform gives', () => {
    const dir = withOldOutputs();
    const before = contents(dir);
    const r = runCli(dir, ['run', '--scenario', 'saas-churn', '--pipeline', '--out', 'data/raw2', '--set', 'customers=50000']);
    // data/raw2 is free, the layers beside it are not: refused before any progress line.
    expect([r.status, r.stderr, r.stdout]).toEqual([2, 'synthgen: data/staging already exists (a synthgen parquet output of 4 files); pass --force to replace it, or choose another --out\n', '']);
    expect(contents(dir)).toEqual(before);
  });
});

describe('the SQLite child process that builds indexes and reads back', () => {
  it('killed mid-statement, leaves nothing beside the database file (no -journal)', async () => {
    const dir = sandbox();
    const file = join(dir, 'x.db');
    const db = new Database(file);
    db.exec('CREATE TABLE t (a INTEGER, b TEXT)');
    const insert = db.prepare('INSERT INTO t VALUES (?, ?)');
    db.transaction(() => {
      for (let i = 0; i < 400_000; i++) insert.run(i, `row ${(i * 7919) % 400_000} of the table`);
    })();
    db.close();
    const child = new SqliteChild(file);
    expect(await child.get('SELECT count(*) FROM t')).toBe(400_000);
    let settled = false;
    const build = child.exec('CREATE INDEX ix ON t (b, a)').finally(() => (settled = true));
    const failed = build.then(
      () => null,
      (e: Error) => e.message,
    );
    await new Promise((r) => setTimeout(r, 50));
    expect(settled).toBe(false);
    child.kill();
    await child.exited;
    expect(await failed).toBe('the SQLite process ended (SIGKILL)');
    expect(readdirSync(dir)).toEqual(['x.db']);
  });
});
