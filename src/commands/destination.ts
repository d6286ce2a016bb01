// Where a run writes (--out path, --schema name), checked before any work, so a
// name the filesystem or PostgreSQL cannot take is refused up front instead of
// failing after everything was generated.
import { resolve, sep } from 'node:path';
import { NAME_MAX } from '../sinks/output.js';
import { PG_NAME_MAX_BYTES as PG_NAME_MAX } from '../sinks/pglimits.js';
/** Longest path Linux syscalls take, in bytes, without the terminating NUL. */
const PATH_MAX = 4095;
/**
 * Bytes synthgen adds to the output's name for its own files beside it
 * (src/sinks/output.ts): the longest is the temp output's manifest
 * `.synthgen-tmp-NAME-PID.synthgen-manifest.json` (+45 with a 7-digit pid), then
 * an output left beside a conflict, `NAME.synthgen-PID-N.synthgen-manifest.json`
 * (+43). Kept with some room to spare.
 */
const NAME_ROOM = 48;
/** Bytes synthgen adds under a folder output's path: its temporary sibling name plus a table's file name. */
const PATH_ROOM = 100;

/** Short enough to show on one line. */
function preview(name: string): string {
  return JSON.stringify(name.length > 24 ? `${name.slice(0, 24)}…` : name);
}

/** Why `out` cannot be an output path, or null. `label` is how the user gave it (--out, or out in a profile). */
export function outPathProblem(out: string, label: string, cwd = process.cwd()): string | null {
  if (out.trim() === '') return `${label} needs a file or folder path, got ${JSON.stringify(out)}`;
  // Not echoed: the URL may hold a password.
  if (/^postgres(ql)?:\/\//i.test(out.trim())) return `${label} takes a file or folder path, not a database URL; to load into PostgreSQL use --target postgres --url URL`;
  const names = out.split(sep === '\\' ? /[\\/]/ : '/').filter((n) => n !== '');
  const last = names.length - 1;
  for (const [i, name] of names.entries()) {
    const bytes = Buffer.byteLength(name);
    if (i < last && bytes > NAME_MAX) {
      return `${label} has a folder name of ${bytes} bytes (${preview(name)}); the filesystem allows ${NAME_MAX}; choose a shorter ${label}`;
    }
    if (i === last && bytes > NAME_MAX - NAME_ROOM) {
      return `${label} name is ${bytes} bytes (${preview(name)}); it can be at most ${NAME_MAX - NAME_ROOM} (the filesystem allows ${NAME_MAX} and synthgen adds up to ${NAME_ROOM} for its temporary and manifest files); choose a shorter ${label}`;
    }
  }
  const full = Buffer.byteLength(resolve(cwd, out));
  if (full > PATH_MAX - PATH_ROOM) {
    return `${label} is ${full} bytes as a full path; it can be at most ${PATH_MAX - PATH_ROOM} (the system allows ${PATH_MAX} and synthgen adds up to ${PATH_ROOM} for the files it writes there); choose a shorter ${label}`;
  }
  return null;
}

/** Why `schema` cannot hold synthgen's tables, or null. `label` is how the user gave it (--schema, or schema in a profile). */
export function schemaProblem(schema: string, label: string): string | null {
  if (!/^[a-z_][a-z0-9_]*$/.test(schema)) return `${label} must be lowercase letters, digits and _ (not starting with a digit), got ${JSON.stringify(schema)}`;
  if (schema.length > PG_NAME_MAX) return `${label} is ${schema.length} characters; PostgreSQL names can be at most ${PG_NAME_MAX}; choose a shorter one`;
  if (schema === 'information_schema' || schema.startsWith('pg_')) {
    return `${label} ${schema} is a PostgreSQL system schema (pg_* and information_schema are reserved); choose another, e.g. raw`;
  }
  return null;
}
