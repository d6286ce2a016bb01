// The anchors' Python tools (numpy, pyarrow, tpchgen-cli pinned in
// bench/reference/requirements.txt), in a cached virtual environment
// (~/.cache/synthgen-bench/venv-<hash of the requirements>; see python-venv.ts).
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cachedVenv } from './python-venv.js';

// From dist/bench/ or bench/ alike: the repository's bench/reference folder.
export const REFERENCE = fileURLToPath(new URL(import.meta.url.includes('/dist/bench/') ? '../../bench/reference/' : './reference/', import.meta.url));

/** The folder of a ready virtual environment with bench/reference/requirements.txt installed. */
export function benchVenv(): string {
  return cachedVenv({
    requirements: join(REFERENCE, 'requirements.txt'),
    cache: 'synthgen-bench',
    prefix: 'venv',
    pythonVar: 'SYNTHGEN_BENCH_PYTHON',
    minMinor: 11, // numpy 2.4
    hint: 'the bench anchors need Python 3.11+ with venv: install python3 and python3-venv (apt-get install python3 python3-venv), or set SYNTHGEN_BENCH_PYTHON to a python3 that has them',
    who: 'bench',
  });
}
