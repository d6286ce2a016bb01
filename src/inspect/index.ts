// `synthgen inspect`'s one entry point: a dataset (a path, or a PostgreSQL URL and
// schema) -> its report. The command and the wizard's inspect screen both call it.
import { resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { UserError } from '../errors.js';
import type { Backend, Key } from './backend.js';
import { kindOfPath, openPath } from './open.js';
import { loadManifest, verifyFiles, type LoadedManifest } from './manifest.js';
import { INSPECT_SCHEMA, type FileReport, type InspectReport, type RelationshipReport, type TableReport } from './model.js';
import { PgBackend } from './pg-backend.js';
import { profileKey, profileTable } from './profile.js';

export interface InspectTarget {
  /** A CSV or Parquet folder, a SQLite or DuckDB file. */
  path?: string;
  /** PostgreSQL: connection URL (else the PG* environment variables) and schema. */
  url?: string;
  schema?: string;
  /** PostgreSQL: a password typed in the wizard (never part of url). */
  password?: string;
  /** The run's manifest, where it is not in its usual place. */
  manifest?: string;
  /** Only this table (and the relationships it takes part in). */
  table?: string;
}

/** Where a run leaves its manifest: inside a folder, beside a file, in the current folder for PostgreSQL. */
function manifestPathOf(target: InspectTarget, isFolder: boolean): string {
  if (target.manifest) return target.manifest;
  if (target.path === undefined) return resolve(`synthgen-manifest.postgres.${target.schema ?? 'public'}.json`);
  return isFolder ? resolve(target.path, 'synthgen-manifest.json') : `${target.path}.synthgen-manifest.json`;
}

const listSome = (names: string[]) => (names.length > 10 ? `${names.slice(0, 10).join(', ')} and ${names.length - 10} more` : names.join(', '));

export async function inspectDataset(target: InspectTarget): Promise<InspectReport> {
  const started = performance.now();
  if (target.path === undefined && target.url === undefined && target.schema === undefined) {
    throw new UserError('inspect needs a dataset: synthgen inspect PATH (a CSV or Parquet folder, a SQLite or DuckDB file) or synthgen inspect --url URL --schema S');
  }
  if (target.path !== undefined && (target.url !== undefined || target.schema !== undefined)) throw new UserError('inspect takes a PATH or --url URL --schema S, not both');
  // What is at the path, once: a missing path is named before anything else.
  const found = target.path !== undefined ? kindOfPath(target.path) : null;

  const problems: string[] = [];
  const loaded = loadManifest(manifestPathOf(target, !!found?.st.isDirectory()));
  let manifest: LoadedManifest | null = null;
  if (loaded && 'error' in loaded) problems.push(loaded.error);
  else manifest = loaded;
  if (target.manifest && !loaded) throw new UserError(`no manifest at ${target.manifest}`);

  const b: Backend = target.path !== undefined ? await openPath(target.path, found!, manifest) : await PgBackend.open(target.url, target.schema ?? 'public', target.password);
  try {
    const all = await b.tables();
    if (target.table !== undefined && !all.some((t) => t.name === target.table)) {
      throw new UserError(`no table "${target.table}" in ${b.location}; it holds ${listSome(all.map((t) => t.name)) || 'no tables'}`);
    }
    const wanted = target.table === undefined ? all : all.filter((t) => t.name === target.table);
    const fromManifest = (name: string) => manifest?.tables.find((m) => m.name === name) ?? null;

    const tables: TableReport[] = [];
    for (const t of wanted) {
      const m = fromManifest(t.name);
      tables.push(await profileTable(b, t, { expectedRows: m ? m.rows : null, timeColumn: m?.timeColumn ?? null }));
    }

    // Keys the database declares, then the manifest's (files declare none).
    const names = new Set(all.map((t) => t.name));
    const keys: { key: Key; from: 'declared' | 'manifest' }[] = (await b.declaredKeys()).map((key) => ({ key, from: 'declared' as const }));
    const sig = (k: Key) => `${k.table}(${k.columns.join(',')})->${k.references.table}(${k.references.columns.join(',')})`;
    const known = new Set(keys.map((k) => sig(k.key)));
    for (const mt of manifest?.tables ?? []) {
      for (const fk of mt.foreignKeys) {
        const key: Key = { table: mt.name, columns: fk.columns, references: fk.references };
        if (!known.has(sig(key)) && names.has(key.table) && names.has(key.references.table)) keys.push({ key, from: 'manifest' }), known.add(sig(key));
      }
    }
    const relationships: RelationshipReport[] = [];
    for (const { key, from } of keys) {
      if (target.table !== undefined && key.table !== target.table && key.references.table !== target.table) continue;
      relationships.push(await profileKey(b, key, from));
    }

    let files: FileReport[] = [];
    if (manifest) {
      files = await verifyFiles(manifest, target.path ?? '');
      for (const f of files) if (f.status !== 'ok') problems.push(`${f.path} ${f.status === 'missing' ? 'is missing' : f.status === 'resized' ? `is ${f.actualBytes!.toLocaleString('en-US')} bytes, the manifest records ${f.bytes.toLocaleString('en-US')}` : 'changed since the run (sha256 differs)'}`);
      for (const mt of manifest.tables) {
        if (!names.has(mt.name)) problems.push(`table ${mt.name} the manifest lists is missing`);
      }
    }
    for (const t of tables) {
      if (t.expectedRows !== null && t.rows !== t.expectedRows) problems.push(`${t.name} holds ${t.rows.toLocaleString('en-US')} rows, the manifest records ${t.expectedRows.toLocaleString('en-US')}`);
    }
    for (const r of relationships) {
      if (r.orphans > 0) problems.push(`${r.table}.${r.columns.join(', ')}: ${r.orphans.toLocaleString('en-US')} ${r.orphans === 1 ? 'row references' : 'rows reference'} no ${r.references.table} row`);
    }

    return {
      schema: INSPECT_SCHEMA,
      source: { kind: b.kind, location: b.location, bytes: b.bytes },
      manifest: manifest && {
        path: manifest.path,
        synthgen: manifest.synthgen,
        scenario: manifest.scenario,
        seed: manifest.seed,
        target: manifest.target,
        checks: manifest.checks,
        files,
      },
      tables,
      relationships,
      problems,
      ok: problems.length === 0,
      ms: Math.round(performance.now() - started),
    };
  } finally {
    await b.close();
  }
}
