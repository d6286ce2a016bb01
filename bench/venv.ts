// The anchors' Python tools (numpy, pyarrow, tpchgen-cli pinned in
// bench/reference/requirements.txt) in a virtual environment made on first use under
// a cache folder outside the clone (~/.cache/synthgen-bench/venv-<hash of the
// requirements>) and reused after: test/helpers/dbt.ts's pattern. Two benches may ask
// at once: one takes a lock (mkdir is atomic) and builds, the other waits; a finished
// environment has a marker file, so one a killed process left half-built is built again.
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

// From dist/bench/ or bench/ alike: the repository's bench/reference folder.
export const REFERENCE = fileURLToPath(new URL(import.meta.url.includes('/dist/bench/') ? '../../bench/reference/' : './reference/', import.meta.url));
const REQUIREMENTS = join(REFERENCE, 'requirements.txt');
const PYTHON_HINT = 'the bench anchors need Python 3.11+ with venv: install python3 and python3-venv (apt-get install python3 python3-venv), or set SYNTHGEN_BENCH_PYTHON to a python3 that has them';

function cacheRoot(): string {
  return join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'synthgen-bench');
}

function python(): string {
  const py = process.env.SYNTHGEN_BENCH_PYTHON || 'python3';
  const r = spawnSync(py, ['-c', 'import sys, venv, ensurepip; print("%d.%d" % sys.version_info[:2])'], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${PYTHON_HINT} (${py}: ${r.error?.message ?? r.stderr.trim().split('\n').pop()})`);
  const [major, minor] = r.stdout.trim().split('.').map(Number);
  if (major < 3 || (major === 3 && minor < 11)) throw new Error(`${PYTHON_HINT} (${py} is ${r.stdout.trim()}; numpy 2.4 needs 3.11)`);
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

/** The folder of a ready virtual environment with bench/reference/requirements.txt installed. */
export function benchVenv(): string {
  const requirements = readFileSync(REQUIREMENTS, 'utf8');
  const hash = createHash('sha256').update(requirements).digest('hex').slice(0, 16);
  const root = cacheRoot();
  const venv = join(root, `venv-${hash}`);
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
      else if (Date.now() > deadline) throw new Error(`waited 15 minutes for another bench building ${venv} (lock ${lock})`);
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
