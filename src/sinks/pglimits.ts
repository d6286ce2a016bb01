// PostgreSQL limits synthgen checks before any work (no pg import: profiles and
// the CLI's flag checks use them too).
import { UserError } from '../errors.js';

/** Seconds a statement may wait for another session's lock: --lock-timeout, profile lockTimeout. */
export const LOCK_TIMEOUT_RANGE = { min: 1, max: 3600 };
export const DEFAULT_LOCK_TIMEOUT_SECONDS = 10;

/** PostgreSQL truncates longer names silently (two long index names would then collide). */
export const PG_NAME_MAX_BYTES = 63;

export function checkPgName(kind: string, name: string, hint: string): void {
  const bytes = Buffer.byteLength(name);
  if (bytes > PG_NAME_MAX_BYTES) throw new UserError(`${kind} "${name}" is ${bytes} bytes, longer than PostgreSQL's ${PG_NAME_MAX_BYTES}-byte limit for names; ${hint}`);
}
