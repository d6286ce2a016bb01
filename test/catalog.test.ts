// The data catalog written with every file output (CATALOG.md in a folder,
// <file>.catalog.md beside a database) and the children-per-parent figures, through
// the real binary: listed in the manifest, the same bytes whatever the batch size,
// replaced by --force with the output it belongs to, never written over a user's file.
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { assertBuilt, CLI, expectRefused, leftovers, makeSandbox, runCli, sandbox, snapshot, writeUserFiles } from './helpers/binary.js';

beforeAll(() => assertBuilt());

const SMALL = ['--scenario', 'saas-metrics', '--set', 'customers=40'];
const CHURN = ['--scenario', 'saas-churn', '--set', 'customers=300'];
const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

/** The manifest lists the catalog with its size and sha256, at the path it has under `out`. */
function expectListed(dir: string, manifestPath: string, catalogPath: string): string {
  const manifest = JSON.parse(readFileSync(join(dir, manifestPath), 'utf8'));
  const bytes = readFileSync(join(dir, catalogPath));
  expect(manifest.files).toEqual([{ path: catalogPath, bytes: bytes.length, sha256: sha256(bytes) }]);
  return bytes.toString('utf8');
}

describe('CATALOG.md in folder outputs', () => {
  it.each([['csv'], ['parquet']])('%s: written in the folder, listed in the manifest, its sections in order, replaced by --force', (target) => {
    const dir = sandbox();
    const r = runCli(dir, ['run', ...CHURN, '--target', target, '--out', 'out']);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('Catalog: out/CATALOG.md\n');
    const text = expectListed(dir, 'out/synthgen-manifest.json', 'out/CATALOG.md');
    expect(text.split('\n').slice(0, 3)).toEqual(['# Data catalog: saas-churn', '', `Synthetic data made by synthgen ${JSON.parse(readFileSync(join(dir, 'out/synthgen-manifest.json'), 'utf8')).synthgen} from scenario \`saas-churn\` with seed 42, written as ${target}.`]);
    const headings = text.split('\n').filter((l) => l.startsWith('#'));
    expect(headings).toEqual(['# Data catalog: saas-churn', '## Parameters', '## Tables', '### customers', '### usage_daily', '### billing', '### support', '## Simplifications and choices', '## Metric baselines']);
    expect(text).toContain('| `customers` | `300` | number of customers |');
    expect(text).toContain('| `usage_minutes` | decimal(8,2) | NOT NULL | Normal by plan, capped at 3 sigma |');
    expect(text).toContain('- Foreign keys: `customer_id` -> `customers` (`customer_id`)');
    expect(text).toContain('- Rows: 300\n');
    expect(text).toMatch(/^- IDs: customer_id 1\.\.N; /m); // the scenario's notes
    expect(text).toMatch(/^SaaS churn raw data: 300 customers signing up /m); // the headlines
    expect(text).toMatch(/^\| usage_daily per customers \| info \| generated rows \| min \d+ \/ mean \d+\.\d\d \/ max \d+ over 300 customers \|$/m);
    expect(text).toMatch(/^\| customers: primary key unique \| passed \| generated rows \| /m);
    expect(text).not.toContain(dir); // no absolute paths

    // --force recognises the folder, catalog included, as synthgen's own and replaces it.
    const forced = runCli(dir, ['run', ...CHURN, '--target', target, '--out', 'out', '--seed', '7', '--force']);
    expect([forced.status, forced.stderr.match(/^synthgen: .*/m)]).toEqual([0, null]);
    const again = expectListed(dir, 'out/synthgen-manifest.json', 'out/CATALOG.md');
    expect(again).toContain('with seed 7,');
    expect(leftovers(dir)).toEqual([]);
  });

  it('the same bytes whatever the batch size (no timings, dates or paths in it)', () => {
    const dir = sandbox();
    expect(runCli(dir, ['run', ...CHURN, '--target', 'csv', '--out', 'a', '--batch-size', '64']).status).toBe(0);
    expect(runCli(dir, ['run', ...CHURN, '--target', 'csv', '--out', 'sub/b', '--batch-size', '5000']).status).toBe(0);
    expect(readFileSync(join(dir, 'sub/b/CATALOG.md')).equals(readFileSync(join(dir, 'a/CATALOG.md')))).toBe(true);
  });

  it('a CATALOG.md the manifest does not list is a file synthgen did not write', () => {
    const dir = sandbox();
    expect(runCli(dir, ['run', ...SMALL, '--target', 'csv', '--out', 'old']).status).toBe(0);
    const manifest = JSON.parse(readFileSync(join(dir, 'old/synthgen-manifest.json'), 'utf8'));
    delete manifest.files;
    writeFileSync(join(dir, 'old/synthgen-manifest.json'), JSON.stringify(manifest));
    writeUserFiles(dir, {});
    const before = snapshot(dir);
    expectRefused(dir, before, runCli(dir, ['run', ...SMALL, '--target', 'csv', '--out', 'old', '--force']), 'synthgen: old is a synthgen csv output with files synthgen did not write added to it (CATALOG.md); synthgen never replaces it, even with --force; choose another --out');
  });
});

describe('<file>.catalog.md beside a database', () => {
  it.each([['sqlite', 'r.db'], ['duckdb', 'r.duckdb']])('%s: written beside it, listed in its manifest, replaced by --force', (target, out) => {
    const dir = sandbox({ 'notes.txt': 'keep\n' });
    const r = runCli(dir, ['run', ...SMALL, '--target', target, '--out', out]);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain(`Catalog: ${out}.catalog.md\n`);
    const first = expectListed(dir, `${out}.synthgen-manifest.json`, `${out}.catalog.md`);
    expect(first).toContain('with seed 42,');
    const forced = runCli(dir, ['run', ...SMALL, '--target', target, '--out', out, '--seed', '7', '--force']);
    expect([forced.status, forced.stderr.match(/^synthgen: .*/m)]).toEqual([0, null]);
    expect(expectListed(dir, `${out}.synthgen-manifest.json`, `${out}.catalog.md`)).toContain('with seed 7,');
    expect(readdirSync(dir).sort()).toEqual(['notes.txt', out, `${out}.catalog.md`, `${out}.synthgen-manifest.json`]);
    expect(leftovers(dir)).toEqual([]);
  });

  it("a user's file at <file>.catalog.md is never written over, even with --force", () => {
    const dir = sandbox();
    expect(runCli(dir, ['run', ...SMALL, '--out', 'mine.db']).status).toBe(0);
    writeUserFiles(dir, { 'mine.db.catalog.md': '# my own notes on this database\n', 'new.db.catalog.md': '# notes for a database to come\n' });
    const before = snapshot(dir);
    for (const force of [[], ['--force']]) {
      expectRefused(dir, before, runCli(dir, ['run', ...SMALL, '--out', 'mine.db', ...force]), 'synthgen: mine.db is a synthgen sqlite output, but mine.db.catalog.md is a file synthgen did not write; synthgen never replaces it, even with --force; choose another --out');
      expectRefused(dir, before, runCli(dir, ['run', ...SMALL, '--out', 'new.db', ...force]), 'synthgen: new.db is not there, but new.db.catalog.md is a file synthgen did not write; synthgen never replaces it, even with --force; choose another --out');
    }
  });

  it('a catalog edited since (same manifest) is no longer synthgen\'s', () => {
    const dir = sandbox();
    expect(runCli(dir, ['run', ...SMALL, '--target', 'duckdb', '--out', 'x.duckdb']).status).toBe(0);
    const text = readFileSync(join(dir, 'x.duckdb.catalog.md'), 'utf8');
    writeUserFiles(dir, { 'x.duckdb.catalog.md': text.replace('## Parameters', '## Parameters (checked by Ana)') });
    const before = snapshot(dir);
    expectRefused(dir, before, runCli(dir, ['run', ...SMALL, '--target', 'duckdb', '--out', 'x.duckdb', '--force']), 'synthgen: x.duckdb is a synthgen duckdb output, but x.duckdb.catalog.md is a file synthgen did not write; synthgen never replaces it, even with --force; choose another --out');
  });

  it('a dead run\'s temp catalog goes with the next run; an interrupted run leaves the old output and catalog as they were', async () => {
    const dir = makeSandbox();
    expect(runCli(dir, ['run', ...SMALL, '--out', 'x.db']).status).toBe(0);
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' }).stdout;
    writeFileSync(join(dir, `.synthgen-tmp-x.db-${dead}`), 'half a database');
    writeFileSync(join(dir, `.synthgen-tmp-x.db-${dead}.catalog.md`), '# half a catalog');
    const refused = runCli(dir, ['run', ...SMALL, '--out', 'x.db']);
    expect([refused.status, refused.stderr]).toEqual([2, 'synthgen: x.db already exists (a synthgen sqlite output); pass --force to replace it, or choose another --out\n']);
    expect(leftovers(dir)).toEqual([]);

    // (files only: the run's lock and temp files move the folder's mtime)
    const files = () => Object.fromEntries(Object.entries(snapshot(dir)).filter(([, e]) => e.kind === 'file'));
    const old = files();
    const child = spawn(process.execPath, [CLI, 'run', '--scenario', 'saas-metrics', '--set', 'customers=3000000', '--out', 'x.db', '--force'], { cwd: dir, env: { ...process.env, CI: '1', HOME: dir } });
    let stderr = '';
    let sent = false;
    child.stderr.on('data', (d) => {
      stderr += d;
      if (!sent && stderr.includes('customers: started')) sent = child.kill('SIGINT');
    });
    const code = await new Promise<number | null>((done) => child.on('exit', (c) => done(c)));
    expect(code).toBe(130);
    expect(leftovers(dir)).toEqual([]);
    expect(files()).toEqual(old);
  });

  it('a catalog that appears beside the final name during the run is kept; the output is left beside it, catalog included', async () => {
    const dir = sandbox();
    const child = spawn(process.execPath, [CLI, 'run', '--scenario', 'saas-metrics', '--set', 'customers=60000', '--out', 'x.db'], { cwd: dir, env: { ...process.env, CI: '1', HOME: dir } });
    let stderr = '';
    let written = false;
    child.stderr.on('data', (d) => {
      stderr += d;
      if (!written && stderr.includes('subscriptions')) {
        written = true;
        writeFileSync(join(dir, 'x.db.catalog.md'), 'mine, written during the run\n');
      }
    });
    const code = await new Promise<number | null>((done) => child.on('exit', (c) => done(c)));
    const beside = `x.synthgen-${child.pid}.db`;
    expect(code).toBe(2);
    expect(stderr.trimEnd().split('\n').at(-1)).toBe(`synthgen: x.db changed during the run: it is now not there, but x.db.catalog.md is a file synthgen did not write, which was kept; this run's output is at ${beside}`);
    expect(readFileSync(join(dir, 'x.db.catalog.md'), 'utf8')).toBe('mine, written during the run\n');
    expect(existsSync(join(dir, 'x.db'))).toBe(false);
    expectListed(dir, `${beside}.synthgen-manifest.json`, `${beside}.catalog.md`);
    expect(leftovers(dir)).toEqual([]);
  });
});

describe('children per parent row', () => {
  it('min / mean / max for every foreign key, from the rows as written (parents without children count 0, some with 255 and more)', () => {
    const dir = sandbox();
    const r = runCli(dir, ['run', ...CHURN, '--set', 'months=36', '--target', 'csv', '--out', 'o', '--json']);
    expect(r.status).toBe(0);
    const summary = JSON.parse(r.stdout);
    const lines = (name: string) => readFileSync(join(dir, 'o', `${name}.csv`), 'utf8').trimEnd().split('\n').slice(1);
    const customers = lines('customers').map((l) => l.split(',')[0]);
    const expected = (child: string, column: number) => {
      const per = new Map(customers.map((id) => [id, 0]));
      for (const l of lines(child)) {
        const id = l.split(',')[column];
        per.set(id, per.get(id)! + 1);
      }
      const counts = [...per.values()];
      const mean = (counts.reduce((a, b) => a + b, 0) / counts.length).toFixed(2);
      return { name: `${child} per customers`, ok: true, info: true, phase: 'stream', figure: `min ${Math.min(...counts)} / mean ${mean} / max ${Math.max(...counts)} over ${customers.length} customers` };
    };
    const perParent = summary.checks.filter((c: { name: string }) => c.name.endsWith(' per customers'));
    expect(perParent).toEqual([expected('usage_daily', 0), expected('billing', 1), expected('support', 1)]);
    expect(Number(perParent[0].figure.match(/max (\d+)/)[1])).toBeGreaterThan(255); // past one byte per parent
    // Information only: the summary's pass count and result are those of the real checks.
    expect(summary.ok).toBe(true);
    expect(summary.catalog).toMatchObject({ table: null, path: 'o/CATALOG.md' });
  });
});
