// dbt for the tests: a Python virtual environment with the pinned tools of
// test/dbt/requirements.txt, cached outside the clone
// (~/.cache/synthgen-test/dbt-<hash of the requirements>; bench/python-venv.ts).
// Missing Python fails the tests with a clear message: they never skip.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { load } from 'js-yaml';
import { cachedVenv } from '../../bench/python-venv.js';

/** The folder of a ready virtual environment with dbt-core, dbt-postgres and dbt-duckdb. */
export function dbtVenv(): string {
  return cachedVenv({
    requirements: fileURLToPath(new URL('../dbt/requirements.txt', import.meta.url)),
    cache: 'synthgen-test',
    prefix: 'dbt',
    pythonVar: 'SYNTHGEN_TEST_PYTHON',
    minMinor: 9,
    hint: 'the dbt tests need Python 3.9+ with venv: install python3 and python3-venv (apt-get install python3 python3-venv), or set SYNTHGEN_TEST_PYTHON to a python3 that has them',
    who: 'test process',
  });
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
