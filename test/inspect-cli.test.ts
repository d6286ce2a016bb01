// `synthgen inspect` as a command: its refusals (one exact line, exit 2, nothing touched),
// manifests that no longer match the files (exit 1), --table, the JSON's keys, the text view.
import { spawnSync } from 'node:child_process';
import { appendFileSync, cpSync, mkdirSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { withoutPassword } from '../src/sinks/pgurl.js';
import { assertBuilt, CLI, expectRefused, itRefusesEach, makeSandbox, runCli, sandbox, snapshot, USER_FILES } from './helpers/binary.js';
import { inspectDataset, writeCsv, writeSqlite } from './helpers/inspect-data.js';
import { INSPECT_ENV, inspectJson, type Json } from './helpers/inspect-run.js';

const url = inject('pgUrl');
const plainUrl = withoutPassword(url);
const pgEnv: Record<string, string> = new URL(url).password ? { PGPASSWORD: decodeURIComponent(new URL(url).password) } : {};
const NOT_A_DATASET = (path: string) => `synthgen: ${path} is not a dataset synthgen inspect can read (a CSV or Parquet folder, a SQLite or DuckDB file)`;

const data = inspectDataset();
/** One real synthgen CSV output (saas-metrics, 200 customers), copied into each test's sandbox as `o`. */
let real = '';

beforeAll(() => {
  assertBuilt();
  real = makeSandbox();
  const r = runCli(real, ['run', '--scenario', 'saas-metrics', '--target', 'csv', '--out', 'o', '--set', 'customers=200'], 60_000);
  expect(r.status, r.stderr).toBe(0);
});

/** A sandbox holding a copy of the real CSV output as `o` (its manifest's paths are relative to the sandbox). */
function realCopy(): string {
  const dir = makeSandbox();
  cpSync(join(real, 'o'), join(dir, 'o'), { recursive: true });
  return dir;
}

const manifestOf = (dir: string) => JSON.parse(readFileSync(join(dir, 'o/synthgen-manifest.json'), 'utf8'));
const fileOf = (report: Json, name: string) => (report.manifest.files as Json[]).find((f) => f.path.endsWith('/' + name) || f.path === name);

describe('inspect refuses bad input with one line, exit 2, nothing touched', () => {
  itRefusesEach([
    {
      name: 'no dataset',
      args: ['inspect'],
      stderr: () => 'synthgen: inspect needs a dataset: synthgen inspect PATH (a CSV or Parquet folder, a SQLite or DuckDB file) or synthgen inspect --url URL --schema S',
    },
    {
      name: 'a PATH and --url',
      args: ['inspect', 'output/saas-metrics', '--url', plainUrl, '--schema', 'raw'],
      stderr: () => 'synthgen: inspect takes a PATH or --url URL --schema S, not both',
    },
    { name: 'nothing at PATH', args: ['inspect', 'nope'], stderr: () => 'synthgen: nothing at nope to inspect' },
    { name: 'nothing at a nested PATH, as typed', args: ['inspect', './data/nope.db'], stderr: () => 'synthgen: nothing at ./data/nope.db to inspect' },
    { name: 'a text file', args: ['inspect', 'notes.txt'], stderr: () => NOT_A_DATASET('notes.txt') },
    { name: 'a text file named .db', args: ['inspect', 'data/saas_metrics.db'], stderr: () => NOT_A_DATASET('data/saas_metrics.db') },
    { name: 'a folder of neither CSV nor Parquet', args: ['inspect', 'docs'], files: { 'docs/readme.md': '# not data\n' }, stderr: () => NOT_A_DATASET('docs') },
    { name: 'two PATHs', args: ['inspect', 'output/saas-metrics', 'notes.txt'], stderr: () => 'synthgen: inspect takes one PATH, got "notes.txt"' },
    {
      name: '--table naming no table',
      args: ['inspect', 'output/saas-metrics', '--table', 'orders'],
      stderr: () => 'synthgen: no table "orders" in output/saas-metrics; it holds customers',
    },
    {
      name: '--table in a folder of 12 tables names 10 of them',
      args: ['inspect', 'many', '--table', 'x'],
      files: Object.fromEntries(Array.from({ length: 12 }, (_, i) => [`many/t${String(i + 1).padStart(2, '0')}.csv`, 'a\n1\n'])),
      stderr: () => 'synthgen: no table "x" in many; it holds t01, t02, t03, t04, t05, t06, t07, t08, t09, t10 and 2 more',
    },
    {
      name: 'a PostgreSQL schema that does not exist',
      args: ['inspect', '--url', plainUrl, '--schema', 'no_such_schema_for_inspect'],
      stderr: () => `synthgen: no schema no_such_schema_for_inspect in PostgreSQL at ${plainUrl}`,
      env: pgEnv, // CI's embedded server asks for a password
    },
  ]);

  it('an empty folder', () => {
    const dir = sandbox(USER_FILES);
    mkdirSync(join(dir, 'empty'));
    const before = snapshot(dir);
    expectRefused(dir, before, runCli(dir, ['inspect', 'empty']), NOT_A_DATASET('empty'));
  });

  it('a missing PostgreSQL schema named with a password in the URL: the line never shows it', () => {
    const dir = sandbox(USER_FILES);
    const before = snapshot(dir);
    const withPassword = new URL(url);
    if (!withPassword.password) withPassword.password = 'not-needed-here'; // a trust server ignores it
    const r = runCli(dir, ['inspect', '--url', withPassword.href, '--schema', 'no_such_schema_for_inspect'], 20_000, pgEnv);
    expect({ status: r.status, stdout: r.stdout }).toEqual({ status: 2, stdout: '' });
    expect(r.stderr).not.toContain(withPassword.password);
    expect(r.stderr.trimEnd().split('\n').at(-1)).toBe(`synthgen: no schema no_such_schema_for_inspect in PostgreSQL at ${withoutPassword(withPassword.href)}`);
    expect(snapshot(dir)).toEqual(before);
  });
});

describe('inspect finds what changed since the manifest (exit 1, report as usual)', () => {
  it('an untouched output: every file ok, exit 0', () => {
    const dir = realCopy();
    const { r, report } = inspectJson(dir, ['o']);
    expect(r.status).toBe(0);
    expect((report.manifest.files as Json[]).map((f) => [f.path, f.status])).toEqual([
      ['o/customers.csv', 'ok'],
      ['o/subscriptions.csv', 'ok'],
      ['o/mrr_movements.csv', 'ok'],
      ['o/CATALOG.md', 'ok'],
    ]);
  });

  it('one byte of a CSV changed: that file "changed", one problem naming it', () => {
    const dir = realCopy();
    const path = join(dir, 'o/customers.csv');
    const bytes = readFileSync(path);
    const at = bytes.indexOf('@'); // inside the first email: a letter before it becomes another letter
    bytes[at - 1] = bytes[at - 1] === 0x71 ? 0x72 : 0x71;
    writeFileSync(path, bytes);
    const manifest = manifestOf(dir);
    const { r, report } = inspectJson(dir, ['o']);
    expect(r.status).toBe(1);
    expect(report.ok).toBe(false);
    expect(fileOf(report, 'customers.csv')).toEqual({ ...manifest.tables[0].files[0], status: 'changed', actualBytes: bytes.length });
    expect((report.manifest.files as Json[]).filter((f) => f.status !== 'ok').map((f) => f.path)).toEqual(['o/customers.csv']);
    expect(report.problems).toEqual([expect.stringContaining('customers.csv')]);
    expect(report.tables.find((t: Json) => t.name === 'customers').rows).toBe(200);
  });

  it('a CSV cut short: "resized", and its rows differ from the manifest', () => {
    const dir = realCopy();
    const path = join(dir, 'o/mrr_movements.csv');
    const text = readFileSync(path, 'utf8');
    const cut = text.slice(0, text.slice(0, -1).lastIndexOf('\n') + 1); // without its last line
    truncateSync(path, Buffer.byteLength(cut));
    const { r, report } = inspectJson(dir, ['o']);
    expect(r.status).toBe(1);
    expect(fileOf(report, 'mrr_movements.csv')).toMatchObject({ status: 'resized', actualBytes: Buffer.byteLength(cut) });
    const table = report.tables.find((t: Json) => t.name === 'mrr_movements');
    expect([table.rows, table.expectedRows]).toEqual([23, 24]);
    expect(report.problems).toHaveLength(2);
    expect(report.problems.some((p: string) => p.includes('mrr_movements.csv'))).toBe(true);
    expect(report.problems.some((p: string) => p.includes('mrr_movements') && p.includes('23') && p.includes('24'))).toBe(true);
  });

  it('a catalog grown by a line: "resized", the only problem', () => {
    const dir = realCopy();
    appendFileSync(join(dir, 'o/CATALOG.md'), 'edited\n');
    const { r, report } = inspectJson(dir, ['o']);
    expect(r.status).toBe(1);
    const catalog = manifestOf(dir).files[0];
    expect(fileOf(report, 'CATALOG.md')).toEqual({ ...catalog, status: 'resized', actualBytes: catalog.bytes + 7 });
    expect(report.problems).toEqual([expect.stringContaining('CATALOG.md')]);
  });

  it('a removed catalog: "missing", no actual size', () => {
    const dir = realCopy();
    rmSync(join(dir, 'o/CATALOG.md'));
    const { r, report } = inspectJson(dir, ['o']);
    expect(r.status).toBe(1);
    expect(fileOf(report, 'CATALOG.md')).toEqual({ ...manifestOf(dir).files[0], status: 'missing', actualBytes: null });
    expect(report.problems).toEqual([expect.stringContaining('CATALOG.md')]);
  });

  it('a removed table file: "missing", and the table the manifest lists is missing', () => {
    const dir = realCopy();
    rmSync(join(dir, 'o/mrr_movements.csv'));
    const { r, report } = inspectJson(dir, ['o']);
    expect(r.status).toBe(1);
    expect(fileOf(report, 'mrr_movements.csv')).toMatchObject({ status: 'missing', actualBytes: null });
    expect(report.tables.map((t: Json) => t.name).sort()).toEqual(['customers', 'subscriptions']);
    expect(report.problems).toHaveLength(2);
    expect(report.problems.every((p: string) => p.includes('mrr_movements'))).toBe(true);
  });

  it('--manifest FILE: a manifest kept elsewhere', () => {
    const dir = realCopy();
    mkdirSync(join(dir, 'kept'));
    cpSync(join(dir, 'o/synthgen-manifest.json'), join(dir, 'kept/run.json'));
    rmSync(join(dir, 'o/synthgen-manifest.json'));
    const { r, report } = inspectJson(dir, ['o', '--manifest', 'kept/run.json']);
    expect(r.status).toBe(0);
    expect(report.manifest.path).toMatch(/kept\/run\.json$/);
    const manifest = JSON.parse(readFileSync(join(dir, 'kept/run.json'), 'utf8'));
    const byName = (a: [string, number][]) => [...a].sort((x, y) => x[0].localeCompare(y[0]));
    expect(byName(report.tables.map((t: Json) => [t.name, t.expectedRows]))).toEqual(byName(manifest.tables.map((t: Json) => [t.name, t.rows])));
    expect(report.relationships.map((x: Json) => x.from)).toEqual(['manifest']);
  });
});

describe('inspect --table', () => {
  it('narrows tables to T and relationships to those T is part of', () => {
    const dir = makeSandbox();
    writeCsv(dir, 'csvm', data);
    const pick = (table: string) => {
      const { r, report } = inspectJson(dir, ['csvm', '--table', table]);
      expect(r.status).toBe(0);
      return [report.tables.map((t: Json) => t.name), report.relationships.map((x: Json) => `${x.table}->${x.references.table}`).sort()];
    };
    expect(pick('orders')).toEqual([['orders'], ['orders->accounts']]);
    expect(pick('notes')).toEqual([['notes'], ['notes->accounts']]);
    expect(pick('accounts')).toEqual([['accounts'], ['notes->accounts', 'orders->accounts']]);
  });
});

/** The keys of every object of the report, as model.ts declares them. */
const KEYS = {
  report: ['manifest', 'ms', 'ok', 'problems', 'relationships', 'schema', 'source', 'tables'],
  source: ['bytes', 'kind', 'location'],
  manifest: ['checks', 'files', 'path', 'scenario', 'seed', 'synthgen', 'target'],
  check: ['figure', 'info', 'name', 'ok'],
  file: ['actualBytes', 'bytes', 'path', 'sha256', 'status'],
  table: ['bytes', 'columns', 'expectedRows', 'name', 'rows', 'rowsByMonth', 'sampledRows', 'timeColumn'],
  period: ['count', 'period'],
  column: ['boolean', 'distinct', 'distinctApprox', 'hazards', 'kind', 'name', 'nullShare', 'nulls', 'number', 'text', 'time', 'type'],
  number: ['histogram', 'max', 'mean', 'median', 'min', 'q1', 'q3', 'quartilesApprox', 'stddev'],
  histogram: ['counts', 'max', 'min', 'width'],
  time: ['byHour', 'byMonth', 'first', 'last'],
  text: ['maxLength', 'minLength', 'top'],
  top: ['count', 'share', 'value'],
  boolean: ['trueCount', 'trueShare'],
  relationship: ['children', 'columns', 'from', 'orphans', 'references', 'table'],
  references: ['columns', 'table'],
  children: ['histogram', 'max', 'mean', 'min', 'parents'],
};
const keys = (o: object) => Object.keys(o).sort();

describe('inspect --json keeps its schema', () => {
  it('synthgen-inspect/1 with exactly the keys of model.ts', () => {
    const dir = makeSandbox();
    writeCsv(dir, 'csvm', data);
    const { report } = inspectJson(dir, ['csvm']);
    expect(report.schema).toBe('synthgen-inspect/1');
    expect(keys(report)).toEqual(KEYS.report);
    expect(keys(report.source)).toEqual(KEYS.source);
    expect(keys(report.manifest)).toEqual(KEYS.manifest);
    for (const c of report.manifest.checks) expect(keys(c)).toEqual(KEYS.check);
    for (const f of report.manifest.files) expect(keys(f)).toEqual(KEYS.file);
    const seen = new Set<string>();
    for (const t of report.tables) {
      expect(keys(t)).toEqual(KEYS.table);
      for (const p of t.rowsByMonth ?? []) expect(keys(p)).toEqual(KEYS.period);
      for (const c of t.columns) {
        expect(keys(c), `${t.name}.${c.name}`).toEqual(KEYS.column);
        for (const part of ['number', 'time', 'text', 'boolean'] as const) {
          if (c[part] === null) continue;
          seen.add(part);
          expect(keys(c[part]), `${t.name}.${c.name}.${part}`).toEqual(KEYS[part]);
        }
        if (c.number) expect(keys(c.number.histogram)).toEqual(KEYS.histogram);
        if (c.time) for (const p of c.time.byMonth) expect(keys(p)).toEqual(KEYS.period);
        for (const v of c.text?.top ?? []) expect(keys(v)).toEqual(KEYS.top);
      }
    }
    expect([...seen].sort()).toEqual(['boolean', 'number', 'text', 'time']);
    expect(report.relationships).toHaveLength(2);
    for (const x of report.relationships) {
      expect(keys(x)).toEqual(KEYS.relationship);
      expect(keys(x.references)).toEqual(KEYS.references);
      expect(keys(x.children)).toEqual(KEYS.children);
      expect(keys(x.children.histogram)).toEqual(KEYS.histogram);
    }
  });
});

const ESC = '\x1b';
/** Characters on screen: without ANSI sequences, code points (the ë of a name is one). */
const visible = (line: string) => [...line.replace(/\x1b\[[0-9;?]*[A-Za-z]/g, '')].length;

describe('inspect without --json: the text view', () => {
  it('piped: plain text, no line over 80 characters, for each kind of dataset', () => {
    const dir = realCopy();
    writeCsv(dir, 'csvm', data);
    writeSqlite(join(dir, 'x.db'), inspectDataset({ orphan: true }));
    // Names and values far wider than a line.
    const wide = 'a_column_name_much_wider_than_any_terminal_'.repeat(3);
    mkdirSync(join(dir, 'widefolder'));
    writeFileSync(join(dir, 'widefolder', `${wide}table.csv`), `${wide},n\n${'a value far too long to fit '.repeat(8)},1\nshort,2\n`);
    for (const [path, status] of [['o', 0], ['csvm', 0], ['x.db', 1], ['widefolder', 0]] as const) {
      const before = snapshot(dir);
      const r = runCli(dir, ['inspect', path], 60_000, INSPECT_ENV);
      expect(snapshot(dir)).toEqual(before);
      expect({ path, status: r.status, stderr: r.stderr }).toEqual({ path, status, stderr: '' });
      expect(r.stdout.length).toBeGreaterThan(200);
      expect(r.stdout.includes(ESC), `${path}: ESC in piped output`).toBe(false);
      const long = r.stdout.split('\n').filter((l) => visible(l) > 80);
      expect(long, `${path}: lines over 80 characters`).toEqual([]);
    }
  });

  /** The binary on a pseudo-terminal `cols` wide (util-linux script), without CI. */
  function onTty(dir: string, args: string[], cols: number, env: NodeJS.ProcessEnv = {}): string {
    const base: NodeJS.ProcessEnv = { ...process.env, HOME: dir, XDG_CONFIG_HOME: join(dir, '.no-xdg-config'), ...INSPECT_ENV, ...env };
    delete base.CI;
    delete base.NO_COLOR;
    delete base.FORCE_COLOR;
    Object.assign(base, env);
    const cmd = `stty cols ${cols} rows 50; exec ${[process.execPath, CLI, ...args].map((a) => `'${a}'`).join(' ')}`;
    const r = spawnSync('script', ['-qec', cmd, '/dev/null'], { cwd: dir, env: base, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 60_000 });
    expect(r.status, r.stderr + r.stdout).toBe(0);
    return r.stdout.replaceAll('\r', '');
  }

  it('on a terminal: colours, none with NO_COLOR', () => {
    const dir = makeSandbox();
    writeCsv(dir, 'csvm', data);
    const coloured = onTty(dir, ['inspect', 'csvm'], 100);
    expect(coloured.includes(ESC), 'colours on a terminal').toBe(true);
    expect(coloured.split('\n').filter((l) => visible(l) > 100)).toEqual([]);
    const plain = onTty(dir, ['inspect', 'csvm'], 100, { NO_COLOR: '1' });
    expect(plain.includes(ESC), 'NO_COLOR: no escape sequences').toBe(false);
    // The same text but for the escapes (and the time the run took).
    const text = (s: string) => s.replace(/\x1b\[[0-9;?]*[A-Za-z]/g, '').replace(/inspected in [\d.]+ s/, 'inspected in T s').replace(/\n+$/, '');
    expect(text(plain)).toBe(text(coloured));
  });

  it('on a narrow terminal: no line wider than its 60 columns', () => {
    const dir = realCopy();
    writeCsv(dir, 'csvm', data);
    for (const path of ['csvm', 'o']) {
      const narrow = onTty(dir, ['inspect', path], 60, { NO_COLOR: '1' });
      expect(narrow.split('\n').filter((l) => visible(l) > 60), path).toEqual([]);
    }
  });
});
