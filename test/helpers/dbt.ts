// dbt for the tests: a Python virtual environment with the pinned tools of
// test/dbt/requirements.txt, made on first use under a cache folder outside the
// clone (~/.cache/synthgen-test/dbt-<hash of the requirements>) and reused after.
// Two test processes may ask at once: one takes a lock (mkdir is atomic) and
// builds, the other waits; a finished environment has a marker file, so one a
// killed process left half-built is removed and built again. Missing Python
// fails the tests with a clear message: they never skip.
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { load } from 'js-yaml';

const REQUIREMENTS = fileURLToPath(new URL('../dbt/requirements.txt', import.meta.url));
const PYTHON_HINT = 'the dbt tests need Python 3.9+ with venv: install python3 and python3-venv (apt-get install python3 python3-venv), or set SYNTHGEN_TEST_PYTHON to a python3 that has them';

function cacheRoot(): string {
  return join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'synthgen-test');
}

function python(): string {
  const py = process.env.SYNTHGEN_TEST_PYTHON || 'python3';
  const r = spawnSync(py, ['-c', 'import sys, venv, ensurepip; print("%d.%d" % sys.version_info[:2])'], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${PYTHON_HINT} (${py}: ${r.error?.message ?? r.stderr.trim().split('\n').pop()})`);
  const [major, minor] = r.stdout.trim().split('.').map(Number);
  if (major < 3 || (major === 3 && minor < 9)) throw new Error(`${PYTHON_HINT} (${py} is ${r.stdout.trim()})`);
  return py;
}

const sleep = (ms: number) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function must(r: SpawnSyncReturns<string>, what: string): void {
  if (r.status !== 0) throw new Error(`${what} failed (exit ${r.status}): ${(r.stderr || r.stdout || String(r.error)).slice(-2000)}`);
}

/** The folder of a ready virtual environment with dbt-core, dbt-postgres and dbt-duckdb. */
export function dbtVenv(): string {
  const requirements = readFileSync(REQUIREMENTS, 'utf8');
  const hash = createHash('sha256').update(requirements).digest('hex').slice(0, 16);
  const root = cacheRoot();
  const venv = join(root, `dbt-${hash}`);
  const ready = join(venv, '.synthgen-ready');
  if (existsSync(ready)) return venv;
  const py = python();
  mkdirSync(root, { recursive: true });
  const lock = `${venv}.lock`;
  const deadline = Date.now() + 15 * 60_000;
  for (;;) {
    if (existsSync(ready)) return venv;
    try {
      mkdirSync(lock);
      writeFileSync(join(lock, 'pid'), String(process.pid));
      break;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      let holder = 0;
      try {
        holder = Number(readFileSync(join(lock, 'pid'), 'utf8'));
      } catch {
        /* being written */
      }
      if (holder && !pidAlive(holder)) rmSync(lock, { recursive: true, force: true });
      else if (Date.now() > deadline) throw new Error(`waited 15 minutes for another test process building ${venv} (lock ${lock})`);
      else sleep(500);
    }
  }
  try {
    if (existsSync(ready)) return venv;
    rmSync(venv, { recursive: true, force: true }); // half-built by a killed process
    must(spawnSync(py, ['-m', 'venv', venv], { encoding: 'utf8' }), `${py} -m venv ${venv} (${PYTHON_HINT})`);
    const pip = join(venv, 'bin', 'pip');
    must(spawnSync(pip, ['install', '--disable-pip-version-check', '-q', '-r', REQUIREMENTS], { encoding: 'utf8', timeout: 15 * 60_000 }), `pip install -r ${REQUIREMENTS}`);
    writeFileSync(ready, requirements);
    return venv;
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

export interface DbtResult {
  status: number | null;
  output: string;
}

/** Runs `dbt ARGS` inside the project folder with its own profiles.yml, offline (no usage statistics). */
export function runDbt(venv: string, project: string, args: string[], env: NodeJS.ProcessEnv = {}): DbtResult {
  const r = spawnSync(join(venv, 'bin', 'dbt'), [...args, '--profiles-dir', '.', '--no-use-colors'], {
    cwd: project,
    encoding: 'utf8',
    timeout: 300_000,
    env: { ...process.env, DBT_SEND_ANONYMOUS_USAGE_STATS: 'false', DO_NOT_TRACK: '1', ...env },
  });
  return { status: r.status, output: `${r.stdout}${r.stderr}${r.error ? String(r.error) : ''}` };
}

interface Tested {
  data_tests?: unknown[];
  columns: { data_tests?: unknown[] }[];
}

/** What `dbt build` runs in a project synthgen wrote: a staging model per table and every data test of its sources.yml. */
export function buildNodes(project: string): number {
  const source = (load(readFileSync(join(project, 'models/staging/sources.yml'), 'utf8')) as { sources: { tables: Tested[] }[] }).sources[0];
  return source.tables.reduce((n, t) => n + 1 + (t.data_tests?.length ?? 0) + t.columns.reduce((m, c) => m + (c.data_tests?.length ?? 0), 0), 0);
}
