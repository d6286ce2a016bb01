// An output path typed on the wizard's target step, checked by the rules a run
// applies before any work (src/commands/destination.ts, src/sinks/output.ts),
// so a path the run would refuse is refused where it is typed, in the wizard's words.
import { resolve } from 'node:path';
import { outPathProblem } from '../commands/destination.js';
import { examineOutput, unwritableWhyOf, type Existing } from '../sinks/output.js';
import { inWizardWords } from './words.js';

export interface PathCheck {
  /** Why the run would refuse this path (shown in place), or null. */
  problem: string | null;
  /** What is there now (an earlier output needs the explicit Overwrite). */
  existing: Existing;
}

export function checkOutPath(out: string, target: string, cwd: string): PathCheck {
  const absent: Existing = { state: 'absent' };
  if (/^postgres(ql)?:\/\//i.test(out.trim())) {
    // Not echoed: the URL may hold a password.
    return { problem: 'that is a database URL, not a path; to load into PostgreSQL press Esc and choose "PostgreSQL schema"', existing: absent };
  }
  const named = outPathProblem(out, 'the path', cwd);
  if (named) return { problem: named.replaceAll('a shorter the path', 'a shorter path'), existing: absent };
  const full = resolve(cwd, out);
  const existing = examineOutput(full, target);
  if (existing.state === 'foreign') return { problem: null, existing };
  const why = unwritableWhyOf(full);
  if (why) return { problem: inWizardWords(`cannot write ${out}: ${why}; choose a writable --out`), existing: absent };
  return { problem: null, existing };
}
