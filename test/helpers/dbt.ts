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

/** dbt's flags and process options for every run here: the project's own profiles.yml, no colours, offline (no usage statistics). */
const dbtArgs = (args: string[]) => [...args, '--profiles-dir', '.', '--no-use-colors'];
const dbtOptions = (project: string, env: NodeJS.ProcessEnv, timeout: number) =>
  ({ cwd: project, encoding: 'utf8', timeout, env: { ...process.env, DBT_SEND_ANONYMOUS_USAGE_STATS: 'false', DO_NOT_TRACK: '1', ...env } }) as const;

/** Runs `dbt ARGS` inside the project folder. */
export function runDbt(venv: string, project: string, args: string[], env: NodeJS.ProcessEnv = {}): DbtResult {
  const r = spawnSync(join(venv, 'bin', 'dbt'), dbtArgs(args), dbtOptions(project, env, 300_000));
  return { status: r.status, output: `${r.stdout}${r.stderr}${r.error ? String(r.error) : ''}` };
}

// dbt's own entry point (the `dbt` console script is dbt.cli.main:cli) run through its
// documented programmatic runner, several commands in one Python process: each command
// is the same click command the `dbt` executable runs, with the same flags and the same
// log lines on stdout; only the Python start-up and the adapter import (about 4 s of CPU
// each) are paid once instead of once per command. After each command one marker line
// with dbt's exit code: 0 success, 1 failure (nodes failed), 2 error (an exception), as
// the executable exits.
const STEPS_PY = `
import json, sys
from dbt.cli.main import dbtRunner
runner = dbtRunner()
for args in json.loads(sys.argv[1]):
    try:
        res = runner.invoke(args)
        code = 0 if res.success else (2 if res.exception is not None else 1)
    except BaseException as e:
        print(f"{type(e).__name__}: {e}", flush=True)
        code = 2
    sys.stdout.flush()
    sys.stderr.flush()
    print(f"\\n@@synthgen-dbt-step-exit {code}", flush=True)
`;
const STEP_END = /\n@@synthgen-dbt-step-exit (\d+)\n/;

/**
 * Runs `dbt ARGS` for each of `steps`, one after the other, in one Python process (see
 * STEPS_PY), in the project folder with its own profiles.yml, offline; a step runs even
 * if an earlier one failed, as separate `dbt` commands would. One result per step: its
 * exit code and its own output.
 */
export function runDbtSteps(venv: string, project: string, steps: string[][], env: NodeJS.ProcessEnv = {}): DbtResult[] {
  const r = spawnSync(join(venv, 'bin', 'python'), ['-c', STEPS_PY, JSON.stringify(steps.map(dbtArgs))], dbtOptions(project, env, 300_000 * steps.length));
  const tail = `${r.stderr}${r.error ? String(r.error) : ''}`;
  const out: DbtResult[] = [];
  let rest = r.stdout ?? '';
  for (let i = 0; i < steps.length; i++) {
    const m = STEP_END.exec(rest);
    if (!m) {
      // The process ended before this step finished: no exit code for it (never 0).
      out.push({ status: null, output: `${rest}${tail}\n(python exited ${r.status}${r.signal ? ` on ${r.signal}` : ''} before dbt ${steps[i].join(' ')} finished)` });
      rest = '';
      continue;
    }
    out.push({ status: Number(m[1]), output: `${rest.slice(0, m.index)}\n${i === steps.length - 1 ? tail : ''}` });
    rest = rest.slice(m.index + m[0].length);
  }
  // Every step reported, yet Python did not end cleanly: the last step does not count as passed.
  if ((r.status !== 0 || r.signal) && out.at(-1)?.status === 0) out[out.length - 1] = { status: r.status, output: `${out.at(-1)!.output}\n(python exited ${r.status}${r.signal ? ` on ${r.signal}` : ''})` };
  return out;
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
