// A run's manifest as inspect reads it: expected rows, keys and time columns of its
// tables, its checks, and every file it lists hashed again (sha256) to tell
// whether the data is still what the run wrote.
import { createReadStream, existsSync, readFileSync, statSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { isAbsolute, resolve } from 'node:path';
import type { CheckReport, FileReport } from './model.js';

interface ListedFile {
  path: string;
  bytes: number;
  sha256: string;
}

export interface ManifestTable {
  name: string;
  rows: number;
  columns: { name: string; type: string }[];
  files: ListedFile[];
  primaryKey: string[];
  foreignKeys: { columns: string[]; references: { table: string; columns: string[] } }[];
  timeColumn: string | null;
}

export interface LoadedManifest {
  path: string;
  synthgen: string;
  scenario: string;
  seed: number;
  target: string;
  /** The output's name when the run wrote it: listed paths start with it. */
  out: string;
  tables: ManifestTable[];
  files: ListedFile[];
  checks: CheckReport[];
}

const isFile = (f: unknown): f is ListedFile => {
  const x = f as ListedFile;
  return !!x && typeof x.path === 'string' && typeof x.bytes === 'number' && typeof x.sha256 === 'string';
};

/** The manifest at `path`: null when there is no file there; an error message when it is not a synthgen manifest. */
export function loadManifest(path: string): LoadedManifest | null | { error: string } {
  if (!existsSync(path)) return null;
  let m: Record<string, unknown>;
  try {
    m = JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
  } catch {
    return { error: `${path} is not valid JSON: it cannot say what the run wrote` };
  }
  if (!m || typeof m.synthgen !== 'string' || !Array.isArray(m.tables)) return { error: `${path} is not a synthgen manifest` };
  const tables = (m.tables as Record<string, unknown>[]).map((t) => ({
    name: String(t.name),
    rows: Number(t.rows),
    columns: Array.isArray(t.columns) ? (t.columns as { name: string; type: string }[]).map((c) => ({ name: String(c.name), type: String(c.type) })) : [],
    files: Array.isArray(t.files) ? (t.files as unknown[]).filter(isFile) : [],
    primaryKey: Array.isArray(t.primaryKey) ? (t.primaryKey as string[]) : [],
    foreignKeys: Array.isArray(t.foreignKeys) ? (t.foreignKeys as ManifestTable['foreignKeys']) : [],
    timeColumn: typeof t.timeColumn === 'string' ? t.timeColumn : null,
  }));
  return {
    path,
    synthgen: m.synthgen,
    scenario: String(m.scenario),
    seed: Number(m.seed),
    target: String(m.target),
    out: String(m.out),
    tables,
    files: Array.isArray(m.files) ? (m.files as unknown[]).filter(isFile) : [],
    checks: Array.isArray(m.checks) ? (m.checks as Record<string, unknown>[]).map((c) => ({ name: String(c.name), ok: c.ok === true, figure: String(c.figure), info: c.info === true })) : [],
  };
}

/**
 * Where a listed file is now: the manifest names files under the output's name at run
 * time (relative to where the run ran); the output may since have moved, so the part
 * after that name is taken from where the output is now (`location`).
 */
export function locate(listed: string, manifestOut: string, location: string): string {
  if (listed === manifestOut) return location;
  for (const sep of ['/', '.']) if (listed.startsWith(manifestOut + sep)) return location + listed.slice(manifestOut.length);
  return isAbsolute(listed) ? listed : resolve(listed);
}

async function sha256Of(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** Every file the manifest lists (once each), checked for size and sha256. */
export async function verifyFiles(m: LoadedManifest, location: string): Promise<FileReport[]> {
  const seen = new Set<string>();
  const out: FileReport[] = [];
  for (const f of [...m.tables.flatMap((t) => t.files), ...m.files]) {
    if (seen.has(f.path)) continue;
    seen.add(f.path);
    const at = locate(f.path, m.out, location);
    let actualBytes: number | null = null;
    try {
      const st = statSync(at);
      actualBytes = st.isFile() ? st.size : null;
    } catch {
      actualBytes = null;
    }
    const status = actualBytes === null ? 'missing' : actualBytes !== f.bytes ? 'resized' : (await sha256Of(at)) === f.sha256 ? 'ok' : 'changed';
    out.push({ path: at, bytes: f.bytes, sha256: f.sha256, status, actualBytes });
  }
  return out;
}
