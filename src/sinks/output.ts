// The safety rules every file target follows, in one place:
// - `--force` replaces only an earlier synthgen output of the same kind,
//   recognised by its manifest; anything else (a folder with files synthgen did
//   not write, a file of another kind, a device, the current folder or a parent,
//   home, /) is refused, with or without --force.
// - One run at a time per output: a lock file beside it, taken before any work.
// - Output is built under a temporary name, its manifest and catalog included, and swapped
//   in only at the end, after the same check again: what appeared under the
//   final name during the run is kept, and the new output is left beside it.
// - Leftovers of a killed run (temp names, a half-done swap) are cleaned up by
//   the next run into the same place once their process is gone.
import {
  accessSync,
  closeSync,
  constants,
  existsSync,
  linkSync,
  lstatSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  readSync,
  renameSync,
  rmSync,
  statfsSync,
  statSync,
  unlinkSync,
  writeFileSync,
  type Stats,
} from 'node:fs';
import { createHash } from 'node:crypto';
import { homedir } from 'node:os';
import { basename, dirname, extname, join, relative, resolve, sep } from 'node:path';
import { UserError } from '../errors.js';

/** Targets whose output is a folder of files; the others are one database file. */
const FOLDER_TARGETS = new Set(['csv', 'parquet']);
/** How a database file of each target starts (offset, bytes), to tell it from any other file. */
const FILE_SIGNATURES: Record<string, { offset: number; magic: string; label: string }> = {
  sqlite: { offset: 0, magic: 'SQLite format 3\0', label: 'SQLite database' },
  duckdb: { offset: 8, magic: 'DUCK', label: 'DuckDB database' },
};
export const FOLDER_MANIFEST = 'synthgen-manifest.json';
const FOLDER_CATALOG = 'CATALOG.md';

export const isFolderTarget = (target: string): boolean => FOLDER_TARGETS.has(target);

/** Where the manifest of an output lives: inside a folder, beside a file. */
export function manifestPathFor(out: string, target: string): string {
  return isFolderTarget(target) ? join(out, FOLDER_MANIFEST) : `${out}.synthgen-manifest.json`;
}

/** Where the data catalog (CATALOG.md) of an output lives: inside a folder, beside a file. */
export function catalogPathFor(out: string, target: string): string {
  return isFolderTarget(target) ? join(out, FOLDER_CATALOG) : `${out}.catalog.md`;
}

/** What is at an output path, as far as replacing it is concerned. */
export type Existing =
  | { state: 'absent' }
  /** An earlier synthgen output of the same kind: --force may replace it. */
  | { state: 'ours'; what: string }
  /** Anything else: never replaced. */
  | { state: 'foreign'; what: string };

interface ListedFile {
  path?: unknown;
  bytes?: unknown;
  sha256?: unknown;
}

interface ManifestShape {
  synthgen?: unknown;
  target?: unknown;
  out?: unknown;
  tables?: { files?: ListedFile[] }[];
  /** Files of the output as a whole (the catalog). */
  files?: ListedFile[];
}

function readManifest(path: string): ManifestShape | null {
  try {
    const m = JSON.parse(readFileSync(path, 'utf8')) as ManifestShape;
    return m && typeof m === 'object' && typeof m.synthgen === 'string' ? m : null;
  } catch {
    return null;
  }
}

/** lstat, or null when nothing is at the path. */
export function lstatOrNull(path: string): Stats | null {
  try {
    return lstatSync(path);
  } catch (e) {
    if (['ENOENT', 'ENOTDIR'].includes((e as NodeJS.ErrnoException).code ?? '')) return null;
    throw e;
  }
}

function kindOf(st: Stats): string {
  if (st.isSymbolicLink()) return 'a symbolic link';
  if (st.isFIFO()) return 'a named pipe (FIFO)';
  if (st.isSocket()) return 'a socket';
  if (st.isCharacterDevice() || st.isBlockDevice()) return 'a device';
  return st.isDirectory() ? 'a folder' : 'a file';
}

const listSome = (names: string[]) => (names.length > 3 ? `${names.slice(0, 3).join(', ')} and ${names.length - 3} more` : names.join(', '));

/** Folders no output may ever be: the current folder or one of its parents, home, /. */
export function protectedWhat(out: string): string | null {
  const abs = resolve(out);
  const cwd = process.cwd();
  if (abs === sep) return 'the root folder';
  if (abs === resolve(homedir())) return 'your home folder';
  if (abs === cwd) return 'the current folder';
  if (cwd.startsWith(abs + sep)) return 'a parent of the current folder';
  return null;
}

/** Every file and folder under `dir`, as paths relative to it ('/'-separated), folders first. */
function entriesUnder(dir: string, prefix = ''): { rel: string; st: Stats }[] {
  const out: { rel: string; st: Stats }[] = [];
  for (const name of readdirSync(dir).sort()) {
    const rel = prefix ? `${prefix}/${name}` : name;
    const st = lstatSync(join(dir, name));
    out.push({ rel, st });
    if (st.isDirectory()) out.push(...entriesUnder(join(dir, name), rel));
  }
  return out;
}

function examineFolder(out: string, target: string): Existing {
  const manifest = readManifest(join(out, FOLDER_MANIFEST));
  const entries = entriesUnder(out);
  if (entries.length === 0) return { state: 'ours', what: 'an empty folder' };
  if (!manifest) {
    return { state: 'foreign', what: `a folder holding files synthgen did not write (${listSome(entries.filter((e) => !e.rel.includes('/')).map((e) => e.rel))})` };
  }
  if (manifest.target !== target) return { state: 'foreign', what: `a synthgen ${String(manifest.target)} output, not ${target}` };
  const root = typeof manifest.out === 'string' ? manifest.out : out;
  const listed = new Set<string>([FOLDER_MANIFEST]);
  const changed: string[] = [];
  for (const files of [...(manifest.tables ?? []).map((t) => t.files), manifest.files]) {
    for (const f of files ?? []) {
      if (typeof f.path !== 'string') continue;
      const rel = relative(root, f.path).split(sep).join('/');
      listed.add(rel);
      const entry = entries.find((e) => e.rel === rel);
      if (entry && typeof f.bytes === 'number' && entry.st.isFile() && entry.st.size !== f.bytes) changed.push(rel);
      // a part file's folder (usage_daily/part-00000.parquet -> usage_daily)
      for (let i = rel.indexOf('/'); i > 0; i = rel.indexOf('/', i + 1)) listed.add(rel.slice(0, i));
    }
  }
  const notOurs = entries.filter((e) => !listed.has(e.rel) || !(e.st.isFile() || e.st.isDirectory())).map((e) => e.rel);
  if (notOurs.length) {
    return { state: 'foreign', what: `a synthgen ${target} output with files synthgen did not write added to it (${listSome(notOurs)})` };
  }
  if (changed.length) return { state: 'foreign', what: `a synthgen ${target} output whose files changed since (${listSome(changed)}: not the size its manifest records)` };
  const files = entries.filter((e) => e.st.isFile() && e.rel !== FOLDER_MANIFEST && e.rel !== FOLDER_CATALOG).length;
  return { state: 'ours', what: `a synthgen ${target} output of ${files} file${files === 1 ? '' : 's'}` };
}

function startsWithSignature(path: string, sig: { offset: number; magic: string }): boolean {
  const want = Buffer.from(sig.magic, 'latin1');
  const got = Buffer.alloc(want.length);
  const fd = openSync(path, 'r');
  try {
    return readSync(fd, got, 0, got.length, sig.offset) === got.length && got.equals(want);
  } finally {
    closeSync(fd);
  }
}

/**
 * The catalog beside a database file, when a file synthgen did not write is
 * there: anything but a regular file with the very bytes (size and sha256) the
 * manifest beside the database lists. Null when there is none, or synthgen's.
 */
function foreignCatalogBeside(out: string, target: string, manifest: ManifestShape | null): string | null {
  const path = catalogPathFor(out, target);
  const st = lstatOrNull(path);
  if (!st) return null;
  if (st.isFile()) {
    const listed = (manifest?.files ?? []).filter((f) => f.bytes === st.size && typeof f.sha256 === 'string');
    if (listed.length) {
      const sha256 = createHash('sha256').update(readFileSync(path)).digest('hex');
      if (listed.some((f) => f.sha256 === sha256)) return null;
    }
  }
  return `${path} is ${st.isFile() ? 'a file' : kindOf(st)} synthgen did not write`;
}

function examineFile(out: string, target: string): Existing {
  const sig = FILE_SIGNATURES[target];
  if (!startsWithSignature(out, sig)) return { state: 'foreign', what: `a file that is not a ${sig.label}` };
  const sidecar = manifestPathFor(out, target);
  const manifest = readManifest(sidecar);
  if (!manifest || manifest.target !== target) return { state: 'foreign', what: `a ${sig.label} synthgen did not write (no synthgen ${target} manifest ${sidecar} beside it)` };
  for (const log of target === 'sqlite' ? [`${out}-wal`, `${out}-journal`] : [`${out}.wal`]) {
    if (existsSync(log)) return { state: 'foreign', what: `a ${sig.label} with unsaved changes in ${log} (open in another program?)` };
  }
  const recorded = manifest.tables?.[0]?.files?.[0]?.bytes;
  if (typeof recorded === 'number' && statSync(out).size !== recorded) {
    return { state: 'foreign', what: `a synthgen ${target} output that changed since (${statSync(out).size.toLocaleString('en-US')} bytes, its manifest records ${recorded.toLocaleString('en-US')})` };
  }
  const catalog = foreignCatalogBeside(out, target, manifest);
  if (catalog) return { state: 'foreign', what: `a synthgen ${target} output, but ${catalog}` };
  return { state: 'ours', what: `a synthgen ${target} output` };
}

/** What is at `out` for a run of `target`, and whether --force may replace it. */
export function examineOutput(out: string, target: string): Existing {
  const guarded = protectedWhat(out);
  if (guarded) return { state: 'foreign', what: guarded };
  const st = lstatOrNull(out);
  if (!st) {
    if (isFolderTarget(target)) return { state: 'absent' };
    const sidecar = manifestPathFor(out, target);
    const manifest = readManifest(sidecar);
    if (lstatOrNull(sidecar) && !manifest) return { state: 'foreign', what: `not there, but ${sidecar} is a file synthgen did not write` };
    const catalog = foreignCatalogBeside(out, target, manifest);
    if (catalog) return { state: 'foreign', what: `not there, but ${catalog}` };
    return { state: 'absent' };
  }
  const folder = isFolderTarget(target);
  if (folder && st.isDirectory()) return examineFolder(out, target);
  if (!folder && st.isFile()) return examineFile(out, target);
  const want = folder ? 'a folder' : `a ${FILE_SIGNATURES[target].label} file`;
  return { state: 'foreign', what: `${kindOf(st)}, not ${want}` };
}

/** The one line shown when `existing` may not be replaced (null when it may). */
export function refusalOf(out: string, existing: Existing, force: boolean): string | null {
  if (existing.state === 'foreign') return `${out} is ${existing.what}; synthgen never replaces it, even with --force; choose another --out`;
  if (existing.state === 'ours' && !force) return `${out} already exists (${existing.what}); pass --force to replace it, or choose another --out`;
  return null;
}

// ---- leftovers of runs that died ----------------------------------------------

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** Names a run writes beside its output: the temp output and its side files (a DuckDB spill folder too), a swapped-out old output. */
const SIDE_SUFFIXES = ['', '.wal', '-journal', '-wal', '.synthgen-manifest.json', '.catalog.md', '.spill'];

export function isAlive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM'; // alive, another user's
  }
}

/**
 * Removes what a dead run left beside `out`: temp outputs and their side files.
 * A swapped-out old output (`.synthgen-old-*`) is put back if the final name is
 * empty (the run died mid-swap), else removed (the new output made it).
 */
export function cleanLeftovers(out: string): void {
  const dir = dirname(out);
  const base = escapeRe(basename(out));
  const suffixes = SIDE_SUFFIXES.map(escapeRe).join('|');
  const pattern = new RegExp(`^\\.synthgen-(tmp|old)-${base}-(\\d+)(${suffixes})$`);
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return;
  }
  const lock = lockPathFor(out);
  const holder = lockHolder(lock);
  if (existsSync(lock) && (holder === null || !isAlive(holder))) rmSync(lock, { force: true });
  for (const name of names.sort()) {
    const m = pattern.exec(name);
    if (!m || isAlive(Number(m[2]))) continue;
    const path = join(dir, name);
    if (m[1] === 'old' && m[3] === '' && !lstatOrNull(out)) renameSync(path, out);
    else rmSync(path, { recursive: true, force: true });
  }
}

// ---- the lock ------------------------------------------------------------------

function lockPathFor(out: string): string {
  return join(dirname(out), `.synthgen-lock-${basename(out)}`);
}

function lockHolder(lock: string): number | null {
  try {
    const pid = Number(readFileSync(lock, 'utf8').trim());
    return Number.isInteger(pid) && pid > 0 ? pid : null;
  } catch {
    return null;
  }
}

/** Locks this process holds, removed when it exits (also after an uncaught error). */
const heldLocks = new Set<string>();
process.on('exit', () => {
  for (const lock of heldLocks) if (lockHolder(lock) === process.pid) rmSync(lock, { force: true });
});

/**
 * Takes the output's lock, or says which live run holds it. A dead run's lock is
 * taken over. It is held until this process exits, not only until the commit:
 * of two runs that overlap at all, the second is refused, never both exit 0.
 */
function takeLock(out: string): string {
  const lock = lockPathFor(out);
  for (let attempt = 0; attempt < 3; attempt++) {
    if (lockHolder(lock) === process.pid) {
      heldLocks.add(lock);
      return lock; // this process's own earlier run (the wizard's retry)
    }
    try {
      writeFileSync(lock, `${process.pid}\n`, { flag: 'wx' });
      heldLocks.add(lock);
      return lock;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') {
        rmSync(lock, { force: true }); // created but not written (a full disk): not a lock
        throw e;
      }
    }
    const holder = lockHolder(lock);
    if (holder !== null && isAlive(holder)) {
      throw new UserError(`another synthgen run (pid ${holder}) is writing ${out}; wait for it to finish, or choose another --out`);
    }
    rmSync(lock, { force: true });
  }
  throw new UserError(`cannot take the lock ${lock}; another synthgen run may be starting on ${out}`);
}

// ---- free space ----------------------------------------------------------------

const GB = 1e9;
const human = (bytes: number) => (bytes >= GB ? `${(bytes / GB).toFixed(1)} GB` : `${Math.max(1, Math.round(bytes / 1e6))} MB`);

/**
 * Share of the estimate a run surely needs. The estimates run 1.1-1.8x above the
 * real size (measured: saas-churn CSV 247 MB estimated vs 173 MB written), so a
 * run is refused only when even this share of it would not fit.
 */
const SURE_SHARE = 0.7;

/** Refuses a run whose estimated size clearly does not fit in the free space of `dir`'s filesystem. */
export function checkFreeSpace(out: string, dir: string, estimatedBytes: number): void {
  let free: number;
  try {
    const fs = statfsSync(dir);
    free = fs.bavail * fs.bsize;
  } catch {
    return; // a filesystem that cannot say: the write itself will tell
  }
  if (estimatedBytes * SURE_SHARE > free) {
    throw new UserError(`${out} needs an estimated ${human(estimatedBytes)} (at least ${human(estimatedBytes * SURE_SHARE)}) but ${dir} has ${human(free)} free; free some space, choose another --out, or generate less`);
  }
}

/** Longest file name most filesystems take (ext4, XFS, Btrfs, APFS, tmpfs, NTFS), in bytes. */
export const NAME_MAX = 255;

/** Refuses, before any work, a table whose file (`<table><ext>` in a folder output) the filesystem cannot name. */
export function checkTableFileNames(tables: readonly { name: string }[], ext: string): void {
  for (const t of tables) {
    const bytes = Buffer.byteLength(t.name + ext);
    if (bytes > NAME_MAX) {
      throw new UserError(`table ${JSON.stringify(t.name.length > 24 ? `${t.name.slice(0, 24)}…` : t.name)} makes a file name of ${bytes} bytes; the filesystem allows ${NAME_MAX}; choose a shorter prefix`);
    }
  }
}

// ---- claiming an output --------------------------------------------------------

export interface ClaimOptions {
  out: string;
  target: string;
  force: boolean;
  /** Estimated size of the new output, checked against the free space. */
  estimatedBytes?: number;
}

/**
 * An output path claimed for one run: checked, locked, cleaned of dead runs'
 * leftovers, with a temporary name to write to. commit() swaps it in; release()
 * removes everything the run wrote and the lock.
 */
export class OutputClaim {
  readonly out: string;
  readonly target: string;
  readonly temp: string;
  private readonly force: boolean;
  private lock: string | null;
  private committed = false;

  private constructor(opts: ClaimOptions, lock: string) {
    this.out = opts.out;
    this.target = opts.target;
    this.force = opts.force;
    this.lock = lock;
    this.temp = join(dirname(opts.out), `.synthgen-tmp-${basename(opts.out)}-${process.pid}`);
  }

  /** Every check that can be made before any work; throws a UserError with the line to show. */
  static take(opts: ClaimOptions): OutputClaim {
    const { out, target, force } = opts;
    if (out.trim() === '') throw new UserError('--out is empty; give a path for the output');
    // A dead run's leftovers go first, refused or not: a half-done swap is undone, so
    // what is judged below is what the user really has there.
    if (!protectedWhat(out)) cleanLeftovers(out);
    const refusal = refusalOf(out, examineOutput(out, target), force);
    if (refusal) throw new UserError(refusal);
    const dir = dirname(out);
    if (opts.estimatedBytes !== undefined) checkFreeSpace(out, nearestExisting(dir), opts.estimatedBytes);
    ensureWritableDir(out, dir);
    const claim = new OutputClaim(opts, takeLock(out));
    try {
      // the same check once more, now that no other synthgen run can be in the middle of a swap here
      const again = refusalOf(out, examineOutput(out, target), force);
      if (again) throw new UserError(again);
      claim.removeTemp();
    } catch (e) {
      claim.release();
      throw e;
    }
    return claim;
  }

  /**
   * Claims several outputs for one run (a pipeline's layers), all or none: every
   * one's dead-run leftovers go first, so a refusal of one leaves none of the others'.
   */
  static takeAll(all: ClaimOptions[]): OutputClaim[] {
    for (const opts of all) if (!protectedWhat(opts.out)) cleanLeftovers(opts.out);
    const claims: OutputClaim[] = [];
    try {
      for (const opts of all) claims.push(OutputClaim.take(opts));
    } catch (e) {
      for (const c of claims) c.release();
      throw e;
    }
    return claims;
  }

  /** The temp output's manifest path (inside a temp folder, beside a temp file). */
  get tempManifest(): string {
    return manifestPathFor(this.temp, this.target);
  }

  /** The temp output's catalog path (inside a temp folder, beside a temp file). */
  get tempCatalog(): string {
    return catalogPathFor(this.temp, this.target);
  }

  private removeTemp(): void {
    for (const suffix of SIDE_SUFFIXES) rmSync(this.temp + suffix, { recursive: true, force: true });
  }

  /**
   * Writes the catalog and the manifest into the temp output, then puts the
   * output under its final name, checking again what is there now: an old
   * synthgen output is replaced only with force; anything else is kept, this
   * run's output is left beside it under another name, and a UserError says where.
   * `manifestFor(finalOut)` gives the manifest's text for where it will live;
   * `catalog` is the catalog's text (the same wherever it lives), when there is one.
   * Returns the manifest's final path.
   */
  commit(manifestFor: (finalOut: string) => string, catalog?: string): string {
    if (catalog !== undefined) writeFileSync(this.tempCatalog, catalog);
    if (this.lock && lockHolder(this.lock) !== process.pid) {
      return this.leaveBeside(manifestFor, `another synthgen run took over ${this.out} during this run`);
    }
    const existing = examineOutput(this.out, this.target);
    const refusal = refusalOf(this.out, existing, this.force);
    if (refusal) return this.leaveBeside(manifestFor, `${this.out} changed during the run: it is now ${existing.state === 'absent' ? 'gone' : (existing as { what: string }).what}, which was kept`);
    writeFileSync(this.tempManifest, manifestFor(this.out));
    // Between here and the end: only synchronous calls, so no signal handler can run in between.
    if (isFolderTarget(this.target)) this.swapFolder(existing.state !== 'absent', manifestFor);
    else this.swapFile(existing.state !== 'absent', manifestFor, catalog !== undefined);
    this.committed = true; // the lock stays until the process exits (takeLock)
    return manifestPathFor(this.out, this.target);
  }

  private swapFolder(replacing: boolean, manifestFor: (finalOut: string) => string): void {
    if (!replacing) {
      try {
        renameSync(this.temp, this.out); // fails if a non-empty folder or a file appeared meanwhile
      } catch (e) {
        if (!['ENOTEMPTY', 'EEXIST', 'ENOTDIR', 'EISDIR'].includes((e as NodeJS.ErrnoException).code ?? '')) throw e;
        this.leaveBeside(manifestFor, `${this.out} appeared during the run and was kept`);
      }
      return;
    }
    // An old synthgen folder: move it aside, move the new one in, remove the old.
    // A process killed between the renames leaves .synthgen-old-*, which the next run puts back.
    const old = join(dirname(this.out), `.synthgen-old-${basename(this.out)}-${process.pid}`);
    renameSync(this.out, old);
    try {
      renameSync(this.temp, this.out);
    } catch (e) {
      renameSync(old, this.out);
      throw e;
    }
    rmSync(old, { recursive: true, force: true });
  }

  /**
   * Puts the temp catalog under its final name beside the database. What is there
   * now was judged synthgen's by examineOutput a moment ago and is replaced; where
   * nothing was, link() never replaces, so a file that appeared since stays.
   * Returns false when one did (nothing was changed then).
   */
  private placeCatalog(): boolean {
    const final = catalogPathFor(this.out, this.target);
    if (lstatOrNull(final)) {
      renameSync(this.tempCatalog, final);
      return true;
    }
    try {
      linkSync(this.tempCatalog, final);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      return false;
    }
    unlinkSync(this.tempCatalog);
    return true;
  }

  private swapFile(replacing: boolean, manifestFor: (finalOut: string) => string, withCatalog: boolean): void {
    const finalManifest = manifestPathFor(this.out, this.target);
    const catalogAppeared = `${catalogPathFor(this.out, this.target)} appeared during the run and was kept`;
    if (!replacing) {
      // link() never replaces: if a file appeared under the final name, it fails and that file stays.
      try {
        linkSync(this.temp, this.out);
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
        this.leaveBeside(manifestFor, `${this.out} appeared during the run and was kept`);
        return;
      }
      if (withCatalog && !this.placeCatalog()) {
        unlinkSync(this.out); // the link made a moment ago: the final name is empty again
        this.leaveBeside(manifestFor, catalogAppeared);
      }
      renameSync(this.tempManifest, finalManifest);
      unlinkSync(this.temp);
      return;
    }
    // Catalog, manifest, then the file: each rename is atomic; the manifest records the sha256 of both others.
    if (withCatalog && !this.placeCatalog()) this.leaveBeside(manifestFor, catalogAppeared);
    renameSync(this.tempManifest, finalManifest);
    renameSync(this.temp, this.out);
  }

  /** Puts the finished output under a visible name beside the final one and throws a UserError saying so. */
  private leaveBeside(manifestFor: (finalOut: string) => string, why: string): never {
    const folder = isFolderTarget(this.target);
    const ext = folder ? '' : extname(this.out);
    const stem = ext ? this.out.slice(0, -ext.length) : this.out;
    const taken = (path: string) => lstatOrNull(path) || (!folder && (lstatOrNull(manifestPathFor(path, this.target)) || lstatOrNull(catalogPathFor(path, this.target))));
    let beside = `${stem}.synthgen-${process.pid}${ext}`;
    for (let i = 2; taken(beside); i++) beside = `${stem}.synthgen-${process.pid}-${i}${ext}`;
    writeFileSync(this.tempManifest, manifestFor(beside));
    if (folder) renameSync(this.temp, beside);
    else {
      if (lstatOrNull(this.tempCatalog)) renameSync(this.tempCatalog, catalogPathFor(beside, this.target));
      renameSync(this.tempManifest, manifestPathFor(beside, this.target));
      renameSync(this.temp, beside);
    }
    throw new UserError(`${why}; this run's output is at ${beside}`);
  }

  private releaseLock(): void {
    if (!this.lock) return;
    if (lockHolder(this.lock) === process.pid) rmSync(this.lock, { force: true });
    heldLocks.delete(this.lock);
    this.lock = null;
  }

  /** Removes everything this run wrote (not the final name) and, unless it committed, the lock. */
  release(): void {
    this.removeTemp();
    if (!this.committed) this.releaseLock();
  }
}

/** The folder itself, or its nearest existing parent (for free space before anything is created). */
function nearestExisting(dir: string): string {
  let d = resolve(dir);
  while (!existsSync(d) && dirname(d) !== d) d = dirname(d);
  return d;
}

/** Why a folder cannot be written to, from the error code. */
const unwritableWhy = (code: string) =>
  code === 'EACCES' || code === 'EPERM' || code === 'EROFS' ? 'permission denied' : code === 'ENOTDIR' ? 'a parent is not a directory' : code === 'ENAMETOOLONG' ? 'the name is too long' : code;

function ensureWritableDir(out: string, dir: string): void {
  try {
    const st = lstatOrNull(dir);
    if (!st) mkdirSync(dir, { recursive: true });
    else if (!statSync(dir).isDirectory()) throw Object.assign(new Error(), { code: 'ENOTDIR' });
    accessSync(dir, constants.W_OK);
  } catch (e) {
    throw new UserError(`cannot write ${out}: ${unwritableWhy((e as NodeJS.ErrnoException).code ?? 'error')}; choose a writable --out`);
  }
}

/**
 * Why a run could not write `out` (the rule the claim applies), without creating
 * anything: the nearest existing folder above it must be a folder we may write.
 * Null when it can. For checking a path before the run (the wizard's target step).
 */
export function unwritableWhyOf(out: string): string | null {
  let dir = dirname(resolve(out));
  for (;;) {
    let isDir: boolean;
    try {
      isDir = statSync(dir).isDirectory();
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code ?? 'error';
      if (code !== 'ENOENT' && code !== 'ENOTDIR') return unwritableWhy(code);
      if (dirname(dir) === dir) return unwritableWhy(code);
      dir = dirname(dir);
      continue;
    }
    if (!isDir) return unwritableWhy('ENOTDIR');
    try {
      accessSync(dir, constants.W_OK);
      return null;
    } catch (e) {
      return unwritableWhy((e as NodeJS.ErrnoException).code ?? 'error');
    }
  }
}

export function removeQuietly(path: string): void {
  rmSync(path, { recursive: true, force: true });
}
