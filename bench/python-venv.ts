// A Python virtual environment with pinned requirements, made on first use under a
// cache folder outside the clone (~/.cache/<cache>/<prefix>-<hash of the requirements>)
// and reused after: the bench's anchors (bench/venv.ts) and the dbt tests
// (test/helpers/dbt.ts) both use it. Two processes may ask at once: one takes a lock
// (mkdir is atomic) and builds, the other waits; a finished environment has a marker
// file, so one a killed process left half-built is removed and built again.
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

export interface VenvSpec {
  /** The pinned requirements file. */
  requirements: string;
  /** Folder under ~/.cache (or $XDG_CACHE_HOME). */
  cache: string;
  /** Name of the environment's folder, before the hash. */
  prefix: string;
  /** Environment variable naming another python3 to use. */
  pythonVar: string;
  /** Oldest Python 3 minor version the requirements install on. */
  minMinor: number;
  /** What to say when there is no usable Python. */
  hint: string;
  /** Who else may be building it, for the wait's error ("test process", "bench"). */
  who: string;
}

function python(spec: VenvSpec): string {
  const py = process.env[spec.pythonVar] || 'python3';
  const r = spawnSync(py, ['-c', 'import sys, venv, ensurepip; print("%d.%d" % sys.version_info[:2])'], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${spec.hint} (${py}: ${r.error?.message ?? r.stderr.trim().split('\n').pop()})`);
  const [major, minor] = r.stdout.trim().split('.').map(Number);
  if (major < 3 || (major === 3 && minor < spec.minMinor)) throw new Error(`${spec.hint} (${py} is ${r.stdout.trim()})`);
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

/** The folder of a ready virtual environment with `spec.requirements` installed. */
export function cachedVenv(spec: VenvSpec): string {
  const requirements = readFileSync(spec.requirements, 'utf8');
  const hash = createHash('sha256').update(requirements).digest('hex').slice(0, 16);
  const root = join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), spec.cache);
  const venv = join(root, `${spec.prefix}-${hash}`);
  const ready = join(venv, '.synthgen-ready');
  if (existsSync(ready)) return venv;
  const py = python(spec);
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
      else if (Date.now() > deadline) throw new Error(`waited 15 minutes for another ${spec.who} building ${venv} (lock ${lock})`);
      else sleep(500);
    }
  }
  try {
    if (existsSync(ready)) return venv;
    rmSync(venv, { recursive: true, force: true }); // half-built by a killed process
    must(spawnSync(py, ['-m', 'venv', venv], { encoding: 'utf8' }), `${py} -m venv ${venv} (${spec.hint})`);
    const pip = join(venv, 'bin', 'pip');
    must(spawnSync(pip, ['install', '--disable-pip-version-check', '-q', '-r', spec.requirements], { encoding: 'utf8', timeout: 15 * 60_000 }), `pip install -r ${spec.requirements}`);
    writeFileSync(ready, requirements);
    return venv;
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}
