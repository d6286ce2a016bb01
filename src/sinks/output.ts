// The safety rules every file target follows: refuse to replace an existing
// output without --force, write under a temporary name beside the final one,
// and swap it in only when the run has succeeded.
import { existsSync, mkdirSync, renameSync, rmSync, accessSync, constants, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { UserError } from '../errors.js';

export function tempPathFor(out: string): string {
  return join(dirname(out), `.synthgen-tmp-${basename(out)}-${process.pid}`);
}

/** Refuses an existing output without force and an unwritable location; returns the temp path. */
export function prepareOutput(out: string, force: boolean): string {
  if (existsSync(out) && !force) {
    throw new UserError(`${out} already exists; pass --force to replace it, or choose another --out`);
  }
  const dir = dirname(out);
  try {
    if (existsSync(dir)) {
      if (!statSync(dir).isDirectory()) throw Object.assign(new Error(), { code: 'ENOTDIR' });
      accessSync(dir, constants.W_OK);
    } else {
      mkdirSync(dir, { recursive: true });
    }
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? 'error';
    const why = code === 'EACCES' || code === 'EPERM' || code === 'EROFS' ? 'permission denied' : code === 'ENOTDIR' ? 'a parent is not a directory' : code;
    throw new UserError(`cannot write ${out}: ${why}; choose a writable --out`);
  }
  return tempPathFor(out);
}

/** Puts `temp` under the final name; an old output (allowed by --force) is removed only after the swap. */
export function swapIntoPlace(temp: string, out: string): void {
  if (!existsSync(out)) {
    renameSync(temp, out);
    return;
  }
  if (!statSync(out).isDirectory() && !statSync(temp).isDirectory()) {
    renameSync(temp, out); // atomic replace of a file
    return;
  }
  const old = join(dirname(out), `.synthgen-old-${basename(out)}-${process.pid}`);
  renameSync(out, old);
  try {
    renameSync(temp, out);
  } catch (e) {
    renameSync(old, out);
    throw e;
  }
  rmSync(old, { recursive: true, force: true });
}

export function removeQuietly(path: string): void {
  rmSync(path, { recursive: true, force: true });
}
