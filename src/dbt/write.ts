// Puts a dbt project on disk without ever losing a user's files: the folder must
// be absent, empty, or a project synthgen wrote whose files are unchanged (the
// marker .synthgen-dbt.json lists each with its sha256; what dbt itself makes
// there, target/, logs/ and the DuckDB profile's dbt.duckdb, is allowed). It is
// written under a temporary name beside it and renamed in whole: a crash leaves
// the old folder or the new one, never half of one (cleanLeftovers removes the
// temporary one on the next write).
import { createHash } from 'node:crypto';
import { lstatSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { UserError } from '../errors.js';
import { cleanLeftovers, lstatOrNull, protectedWhat } from '../sinks/output.js';
import { VERSION } from '../version.js';
import type { DbtFile } from './project.js';

export const DBT_MARKER = '.synthgen-dbt.json';
/** What dbt writes inside a project when it runs there: never a reason to refuse. */
const DBT_ARTEFACTS = new Set(['target', 'logs', 'dbt.duckdb', 'dbt.duckdb.wal', '.user.yml']);

export type DbtDirState = { state: 'absent' | 'empty' } | { state: 'ours'; of?: string } | { state: 'foreign'; what: string };

const sha256 = (data: string | Buffer) => createHash('sha256').update(data).digest('hex');


/** Files under `dir` (relative, '/'-separated), skipping dbt's own artefacts at the top. */
function filesUnder(dir: string, prefix = ''): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const rel = prefix ? `${prefix}/${name}` : name;
    if (!prefix && DBT_ARTEFACTS.has(name)) continue;
    const st = lstatSync(join(dir, name));
    if (st.isDirectory()) out.push(...filesUnder(join(dir, name), rel));
    else out.push(rel);
  }
  return out;
}

const some = (names: string[]) => (names.length > 3 ? `${names.slice(0, 3).join(', ')} and ${names.length - 3} more` : names.join(', '));

/** What is at `dir`, as far as writing a dbt project there is concerned. */
export function examineDbtDir(dir: string): DbtDirState {
  const guarded = protectedWhat(dir);
  if (guarded) return { state: 'foreign', what: guarded };
  const st = lstatOrNull(dir);
  if (!st) return { state: 'absent' };
  if (!st.isDirectory()) return { state: 'foreign', what: 'not a folder' };
  if (readdirSync(dir).length === 0) return { state: 'empty' };
  let listed: Map<string, string>;
  let of: string | undefined;
  try {
    const marker = JSON.parse(readFileSync(join(dir, DBT_MARKER), 'utf8')) as { of?: unknown; files?: { path: string; sha256: string }[] };
    listed = new Map((marker.files ?? []).map((f) => [f.path, f.sha256]));
    of = typeof marker.of === 'string' ? marker.of : undefined;
  } catch {
    return { state: 'foreign', what: 'not empty and not a dbt project synthgen wrote' };
  }
  const files = filesUnder(dir).filter((f) => f !== DBT_MARKER);
  const added = files.filter((f) => !listed.has(f));
  if (added.length) return { state: 'foreign', what: `a synthgen dbt project with files synthgen did not write added to it (${some(added)})` };
  const changed = files.filter((f) => sha256(readFileSync(join(dir, f))) !== listed.get(f));
  if (changed.length) return { state: 'foreign', what: `a synthgen dbt project whose files changed since (${some(changed)})` };
  return { state: 'ours', of };
}

/**
 * The one line refusing to write at `dir`, or null when it may be written (with `force` over an earlier project of ours).
 * `of`: the raw layer the project reads (relative to it); a project of ours for another one is never replaced
 * (bar.duckdb and bar.db both put theirs at bar_dbt). A project that does not say (older synthgen) may be.
 */
export function dbtDirProblem(dir: string, force: boolean, of?: string): string | null {
  const found = examineDbtDir(dir);
  if (found.state === 'foreign') return `${dir} is ${found.what}; synthgen never replaces it, even with --force; choose another folder for the dbt project`;
  if (found.state === 'ours' && of !== undefined && found.of !== undefined && found.of !== of) {
    return `${dir} is the dbt project synthgen wrote for ${found.of}, not for ${of}; synthgen never replaces it, even with --force; move it away or choose another output name`;
  }
  if (found.state === 'ours' && !force) return `${dir} already holds a dbt project synthgen wrote; pass --force to replace it, or choose another folder`;
  return null;
}

/** Writes the project at `dir`, all or nothing; `of` (the raw layer it reads) goes in its marker. Refuses (UserError) as dbtDirProblem says. */
export function writeDbtProject(dir: string, files: DbtFile[], force: boolean, of?: string): void {
  cleanLeftovers(dir);
  const problem = dbtDirProblem(dir, force, of);
  if (problem) throw new UserError(problem);
  const parent = dirname(dir);
  mkdirSync(parent, { recursive: true });
  const temp = join(parent, `.synthgen-tmp-${basename(dir)}-${process.pid}`);
  rmSync(temp, { recursive: true, force: true });
  try {
    for (const f of files) {
      mkdirSync(dirname(join(temp, f.path)), { recursive: true });
      writeFileSync(join(temp, f.path), f.text);
    }
    const marker = { synthgen: VERSION, ...(of !== undefined ? { of } : {}), note: 'synthgen wrote this dbt project; it replaces it only while these files are unchanged', files: files.map((f) => ({ path: f.path, sha256: sha256(f.text) })) };
    writeFileSync(join(temp, DBT_MARKER), JSON.stringify(marker, null, 2) + '\n');
    const existing = lstatOrNull(dir);
    if (!existing) {
      renameSync(temp, dir);
      return;
    }
    // Empty, or ours: moved aside, the new one moved in, the old removed (a crash between leaves .synthgen-old-*, put back by cleanLeftovers).
    const old = join(parent, `.synthgen-old-${basename(dir)}-${process.pid}`);
    renameSync(dir, old);
    try {
      renameSync(temp, dir);
    } catch (e) {
      renameSync(old, dir);
      throw e;
    }
    rmSync(old, { recursive: true, force: true });
  } finally {
    rmSync(temp, { recursive: true, force: true });
  }
}
