// From what the user named to a backend: a SQLite or DuckDB file (by its first
// bytes), a folder of CSV or Parquet files (tables by file name; a folder of
// part-*.parquet files is one table), or a PostgreSQL schema.
import { closeSync, openSync, readdirSync, readSync, statSync, type Stats } from 'node:fs';
import { basename, join } from 'node:path';
import { UserError } from '../errors.js';
import type { Backend } from './backend.js';
import { DuckBackend, type FolderTable } from './duck-backend.js';
import type { LoadedManifest } from './manifest.js';
import { SqliteBackend } from './sqlite-backend.js';

const NOT_A_DATASET = (path: string) => `${path} is not a dataset synthgen inspect can read (a CSV or Parquet folder, a SQLite or DuckDB file)`;

function head(path: string, bytes: number): Buffer {
  const fd = openSync(path, 'r');
  try {
    const buf = Buffer.alloc(bytes);
    const n = readSync(fd, buf, 0, bytes, 0);
    return buf.subarray(0, n);
  } finally {
    closeSync(fd);
  }
}

export type PathKind = 'sqlite' | 'duckdb' | 'csv' | 'parquet';

/** What is at `path`, or a UserError saying why it cannot be inspected. */
export function kindOfPath(path: string): { kind: PathKind; st: Stats } {
  let st: Stats;
  try {
    st = statSync(path);
  } catch {
    throw new UserError(`nothing at ${path} to inspect`);
  }
  if (st.isFile()) {
    const h = head(path, 16);
    if (h.toString('latin1') === 'SQLite format 3\0') return { kind: 'sqlite', st };
    if (h.subarray(8, 12).toString('latin1') === 'DUCK') return { kind: 'duckdb', st };
    throw new UserError(NOT_A_DATASET(path));
  }
  if (st.isDirectory()) {
    const names = readdirSync(path);
    if (names.some((n) => n.endsWith('.parquet') || isPartFolder(join(path, n)))) return { kind: 'parquet', st };
    if (names.some((n) => n.endsWith('.csv'))) return { kind: 'csv', st };
  }
  throw new UserError(NOT_A_DATASET(path));
}

const PART = /^part-.*\.parquet$/;

function isPartFolder(path: string): boolean {
  try {
    return statSync(path).isDirectory() && readdirSync(path).some((n) => PART.test(n));
  } catch {
    return false;
  }
}

/** The tables of a folder: <name>.csv / <name>.parquet files, and <name>/ folders of part files. */
function folderTables(path: string, ext: '.csv' | '.parquet', manifest: LoadedManifest | null): FolderTable[] {
  const tables: FolderTable[] = [];
  for (const n of readdirSync(path).sort()) {
    const full = join(path, n);
    const st = statSync(full);
    if (st.isFile() && n.endsWith(ext)) {
      tables.push({ name: basename(n, ext), files: [full], bytes: st.size });
    } else if (ext === '.parquet' && st.isDirectory() && isPartFolder(full)) {
      const parts = readdirSync(full).filter((p) => PART.test(p)).sort();
      tables.push({ name: n, files: parts.map((p) => join(full, p)), bytes: parts.reduce((s, p) => s + statSync(join(full, p)).size, 0) });
    }
  }
  // CSV: a synthgen manifest says each column's type, so nothing is left to detection.
  if (ext === '.csv' && manifest) {
    for (const t of tables) {
      const cols = manifest.tables.find((m) => m.name === t.name)?.columns;
      if (cols?.length) t.csvTypes = cols;
    }
  }
  return tables;
}

/** A backend for what kindOfPath found at `path`. */
export async function openPath(path: string, { kind, st }: { kind: PathKind; st: Stats }, manifest: LoadedManifest | null): Promise<Backend> {
  switch (kind) {
    case 'sqlite':
      return new SqliteBackend(path, path, st.size);
    case 'duckdb':
      return DuckBackend.file(path, path, st.size);
    case 'csv':
    case 'parquet': {
      const tables = folderTables(path, kind === 'csv' ? '.csv' : '.parquet', manifest);
      if (!tables.length) throw new UserError(NOT_A_DATASET(path));
      return DuckBackend.folder(kind, tables, path, tables.reduce((s, t) => s + t.bytes, 0));
    }
  }
}
