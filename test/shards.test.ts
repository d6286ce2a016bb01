// --shard k/N and merge-manifests with the real binary: the N shards of a run, in
// order, are the single run (CSV byte for byte, Parquet row for row through
// hyparquet, and byte for byte at N = 1), merge-manifests gives the single run's
// checks with the same figures, and every bad input is refused with its line.
import { cpSync, existsSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { assertBuilt, type BadCase, itRefusesEach, makeSandbox, runCli, runCliAsync, snapshot } from './helpers/binary.js';
import { readParquet } from './helpers/parquet.js';
import { duckRows } from './helpers/duck.js';

beforeAll(() => assertBuilt());

const TABLES = ['customers', 'usage_daily', 'billing', 'support'];
// 12,000 customers are 3 chunks of 5,000: N = 7 leaves four shards without any rows.
const RUN = ['run', '--scenario', 'saas-churn', '--set', 'customers=12000'];

interface Check {
  name: string;
  ok: boolean;
  figure: string;
  phase: string;
}

function checksOf(stdout: string): Check[] {
  return (JSON.parse(stdout) as { checks: Check[] }).checks.map(({ name, ok, figure, phase }) => ({ name, ok, figure, phase }));
}

/** The checks of the whole run: the streamed ones (keys, rules, counts), which a shard cannot judge alone. */
const streamed = (checks: Check[]) => checks.filter((c) => c.phase === 'stream');

/** The N shards of RUN into `target`, started at once as a scheduler would; each succeeds with only its shard line as a streamed check. */
async function runShards(dir: string, target: string, n: number): Promise<string[]> {
  const outs = Array.from({ length: n }, (_, k) => `${target}-${n}-${k}`);
  const results = await Promise.all(outs.map((out, k) => runCliAsync(dir, [...RUN, '--target', target, '--out', out, '--shard', `${k}/${n}`, '--json'], 60_000)));
  results.forEach((r, k) => {
    expect(r.stderr.split('\n').filter((l) => /error|synthgen:/.test(l))).toEqual([]);
    expect(r.status).toBe(0);
    expect(checksOf(r.stdout).filter((c) => c.phase === 'stream')).toEqual([{ name: `shard ${k}/${n}`, ok: true, figure: 'the checks of the whole run come from synthgen merge-manifests over every shard', phase: 'stream' }]);
  });
  return outs;
}

function merge(dir: string, outs: string[]): { status: number | null; checks: Check[] } {
  const r = runCli(dir, ['merge-manifests', ...outs, '--json'], 60_000);
  expect(r.status).toBe(0);
  return { status: r.status, checks: checksOf(r.stdout) };
}

const sha = (path: string | Buffer) => createHash('sha256').update(typeof path === 'string' ? readFileSync(path) : path).digest('hex');

/**
 * Two CSV shards of RUN, as runShards made and checked them, kept for the merge-manifests
 * cases below (which copy them into their own sandboxes and change or move them). The csv
 * test keeps its N = 2 shards here as soon as runShards has checked them (before any merge
 * reads them); if it did not get that far (run alone with -t, or failed), the cases' own
 * beforeAll makes them with the same runShards.
 */
let pairDir = '';
const PAIR = ['csv-2-0', 'csv-2-1'];
beforeAll(() => {
  pairDir = makeSandbox(); // made outside a test: removed when the file's tests end
});
const keepPair = (dir: string, outs: string[]) => {
  expect(outs).toEqual(PAIR);
  for (const o of outs) cpSync(join(dir, o), join(pairDir, o), { recursive: true });
};
const havePair = () => PAIR.every((o) => existsSync(join(pairDir, o, 'synthgen-manifest.json')));

describe('--shard k/N, then merge-manifests', () => {
  it('csv: for N = 1, 2, 3, 7 the shards, in order, are the single run byte for byte, and their merge has its checks', async () => {
    const dir = makeSandbox();
    const single = runCli(dir, [...RUN, '--target', 'csv', '--out', 'single', '--json'], 60_000);
    expect(single.status).toBe(0);
    const want = streamed(checksOf(single.stdout));
    expect(want.length).toBeGreaterThan(25);
    for (const n of [1, 2, 3, 7]) {
      const outs = await runShards(dir, 'csv', n);
      if (n === 2) keepPair(dir, outs);
      for (const t of TABLES) {
        // Each part is a CSV of its own (header included); the union is the header once, then every part's records.
        const parts = outs.map((o) => readFileSync(join(dir, o, `${t}.csv`), 'utf8'));
        for (const p of parts) expect(p.split('\n', 1)[0]).toBe(readFileSync(join(dir, 'single', `${t}.csv`), 'utf8').split('\n', 1)[0]);
        const union = parts[0] + parts.slice(1).map((p) => p.slice(p.indexOf('\n') + 1)).join('');
        expect(createHash('sha256').update(union).digest('hex'), `${t}, N = ${n}`).toBe(sha(join(dir, 'single', `${t}.csv`)));
      }
      const merged = merge(dir, [...outs].reverse()); // any order on the command line
      expect(streamed(merged.checks), `N = ${n}`).toEqual(want);
      expect(merged.checks.filter((c) => c.phase === 'target').map((c) => [c.name, c.ok])).toEqual([
        ["each shard's own read-back checks", true],
        ['shard files as their runs wrote them', true],
        ['shards cover every chunk once, in order', true],
      ]);
    }
  }, 240_000);

  it('parquet: N = 1 is the single run byte for byte; for N = 2, 3, 7 the same rows in the same order', async () => {
    const dir = makeSandbox();
    const single = runCli(dir, [...RUN, '--target', 'parquet', '--out', 'single', '--json'], 60_000);
    expect(single.status).toBe(0);
    const want = streamed(checksOf(single.stdout));
    // hyparquet (an independent reader, in JS) for N = 7; DuckDB, quicker, for N = 2 and 3.
    const hyRows = async (out: string, t: string) => (await readParquet([join(dir, out, `${t}.parquet`)])).rows;
    const duckRowsOf = async (outs: string[], t: string) => sha(Buffer.from(JSON.stringify(await duckRows(':memory:', `SELECT * FROM read_parquet([${outs.map((o) => `'${join(dir, o, `${t}.parquet`)}'`).join(', ')}])`))));
    for (const n of [1, 2, 3, 7]) {
      const outs = await runShards(dir, 'parquet', n);
      for (const t of TABLES) {
        if (n === 1) expect(sha(join(dir, outs[0], `${t}.parquet`))).toBe(sha(join(dir, 'single', `${t}.parquet`)));
        else if (n === 7) {
          let union: unknown[] = [];
          for (const o of outs) union = union.concat(await hyRows(o, t));
          const single = await hyRows('single', t);
          expect(union.length, `${t}, N = ${n}`).toBe(single.length);
          expect(union, `${t}, N = ${n}`).toEqual(single);
        } else expect(await duckRowsOf(outs, t), `${t}, N = ${n}`).toBe(await duckRowsOf(['single'], t));
      }
      // The merge reads Parquet back: checked at N = 2 and 7 (the CSV test merges every N).
      if (n === 2 || n === 7) expect(streamed(merge(dir, outs).checks), `N = ${n}`).toEqual(want);
    }
  }, 300_000);
});

describe('every scenario splits into shards', () => {
  it.each([
    ['saas-metrics', ['--set', 'customers=25000']],
    ['show-and-well', []],
    ['bar-platform', ['--set', 'env=DEV']],
  ])('%s: the 3 shards in order are the single run byte for byte; their merge has its checks', (scenario, sets) => {
    const dir = makeSandbox();
    const base = ['run', '--scenario', scenario, ...sets, '--target', 'csv', '--json'];
    const single = runCli(dir, [...base, '--out', 'single'], 120_000);
    expect(single.status).toBe(0);
    const outs = [0, 1, 2].map((k) => {
      const r = runCli(dir, [...base, '--out', `s${k}`, '--shard', `${k}/3`], 120_000);
      expect(r.status).toBe(0);
      return `s${k}`;
    });
    const tables = readdirSync(join(dir, 'single')).filter((f) => f.endsWith('.csv'));
    expect(tables.length).toBeGreaterThan(1);
    for (const f of tables) {
      const parts = outs.map((o) => readFileSync(join(dir, o, f), 'utf8'));
      const union = parts[0] + parts.slice(1).map((p) => p.slice(p.indexOf('\n') + 1)).join('');
      expect(sha(Buffer.from(union)), f).toBe(sha(join(dir, 'single', f)));
    }
    expect(streamed(merge(dir, outs).checks)).toEqual(streamed(checksOf(single.stdout)));
  }, 180_000);
});

/** The two CSV shards of RUN kept in pairDir (above), copied into each test's sandbox: the tests change or move them. */
function twoShards(dir: string): string[] {
  for (const o of PAIR) cpSync(join(pairDir, o), join(dir, o), { recursive: true });
  return [...PAIR];
}

describe('merge-manifests finds what is wrong with the data', () => {
  beforeAll(async () => {
    if (!havePair()) await runShards(pairDir, 'csv', 2); // the csv test did not keep them
    expect(havePair()).toBe(true);
  }, 60_000);

  it('a shard edited after its run: its files no longer match (exit 1), and nothing is changed', () => {
    const dir = makeSandbox();
    const outs = twoShards(dir);
    const path = join(dir, outs[1], 'support.csv');
    writeFileSync(path, readFileSync(path, 'utf8').replace(/,high\n/, ',HIGH\n')); // same size: only the hash can tell
    const before = snapshot(dir);
    const r = runCli(dir, ['merge-manifests', ...outs], 60_000);
    expect(r.status).toBe(1);
    expect(r.stdout).toContain(`  ✗ FAILED shard files as their runs wrote them: 1 of 10 files differ: ${outs[1]}/support.csv changed\n`);
    expect(snapshot(dir)).toEqual(before);
  }, 60_000);

  it('an orphan written into a shard with its manifest made to match: the foreign-key check of the whole run fails', () => {
    const dir = makeSandbox();
    const outs = twoShards(dir);
    const path = join(dir, outs[1], 'billing.csv');
    const lines = readFileSync(path, 'utf8').split('\n');
    lines[1] = lines[1].replace(/^(\d+),\d+,/, '$1,999999,');
    writeFileSync(path, lines.join('\n'));
    // The manifest re-hashed, as a careless tool would: only the data can tell now.
    const manifestPath = join(dir, outs[1], 'synthgen-manifest.json');
    const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as { tables: { name: string; files: { bytes: number; sha256: string }[] }[] };
    const file = manifest.tables.find((t) => t.name === 'billing')!.files[0];
    file.bytes = readFileSync(path).length;
    file.sha256 = sha(path);
    writeFileSync(manifestPath, JSON.stringify(manifest, null, 2));
    const r = runCli(dir, ['merge-manifests', ...outs], 60_000);
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/\n {2}✗ FAILED billing: customers foreign key resolves: 1 orphan billing of [\d,]+\n/);
    expect(r.stdout).toContain('1 check(s) FAILED');
  }, 60_000);

  it('--out keeps the merged run as one manifest, refuses to replace a file without --force', () => {
    const dir = makeSandbox();
    const outs = twoShards(dir);
    const json = runCli(dir, ['merge-manifests', ...outs, '--json', '--out', 'merged.json'], 60_000);
    expect(json.status).toBe(0);
    const kept = JSON.parse(readFileSync(join(dir, 'merged.json'), 'utf8')) as Record<string, unknown>;
    expect(Object.keys(kept)).toEqual(['synthgen', 'scenario', 'seed', 'params', 'target', 'shards', 'tables', 'checks', 'headlines', 'ok']);
    const { synthgen: _version, ...rest } = kept;
    expect(rest).toEqual(JSON.parse(json.stdout));
    expect((kept.tables as { name: string; files: unknown[] }[]).map((t) => [t.name, t.files.length])).toEqual(TABLES.map((t) => [t, 2]));
    const before = snapshot(dir);
    const again = runCli(dir, ['merge-manifests', ...outs, '--out', 'merged.json'], 60_000);
    expect([again.status, again.stderr, again.stdout]).toEqual([2, 'synthgen: --out merged.json exists; choose another name or add --force to replace it\n', '']);
    expect(snapshot(dir)).toEqual(before);
    expect(runCli(dir, ['merge-manifests', ...outs, '--out', 'merged.json', '--force'], 60_000).status).toBe(0);
    // Shards moved after their runs (collected from other machines) are found where they are now.
    outs.forEach((o, k) => renameSync(join(dir, o), join(dir, `moved-${k}`)));
    const moved = runCli(dir, ['merge-manifests', 'moved-0', 'moved-1'], 60_000);
    expect([moved.status, moved.stderr.split('\n').filter((l) => l.startsWith('synthgen:'))]).toEqual([0, []]);
    expect(moved.stdout).toContain('✓ shard files as their runs wrote them: 10 files of 2 shards match their manifests (sha256)');
  }, 60_000);
});

// The shards the merge cases below are given: a 500-customer run in two shards, and a whole run.
const SHARD_FILES: Record<string, string> = {};
beforeAll(() => {
  const dir = makeSandbox();
  const small = ['run', '--scenario', 'saas-churn', '--set', 'customers=500', '--target', 'csv'];
  for (const [out, extra] of [['a0', ['--shard', '0/2']], ['a1', ['--shard', '1/2']], ['b1', ['--shard', '1/2', '--seed', '7']], ['whole', []]] as const) {
    expect(runCli(dir, [...small, '--out', out, ...extra]).status).toBe(0);
    for (const f of readdirSync(join(dir, out))) SHARD_FILES[`${out}/${f}`] = readFileSync(join(dir, out, f), 'utf8');
  }
}, 60_000);

const shard = (flag: string, line: string): BadCase => ({ name: `--shard ${flag}`, args: ['run', '--scenario', 'saas-churn', '--target', 'csv', '--out', 'new', '--shard', flag], stderr: () => `synthgen: ${line}` });
const mergeCase = (name: string, dirs: string[], line: (dir: string) => string): BadCase => ({ name, args: ['merge-manifests', ...dirs], files: SHARD_FILES, stderr: (dir) => `synthgen: ${line(dir)}` });

describe('bad input', () => {
  itRefusesEach([
    shard('3/3', '--shard 3/3: k counts from 0, so it is 0 to 2 for N = 3'),
    shard('1/0', '--shard 1/0: N must be 1 to 4096'),
    shard('2', '--shard "2": expected k/N, e.g. 0/4 for the first of four shards'),
    shard('-1/4', '--shard "-1/4": expected k/N, e.g. 0/4 for the first of four shards'),
    { name: '--shard into sqlite', args: ['run', '--scenario', 'saas-churn', '--target', 'sqlite', '--out', 'new.db', '--shard', '0/2'], stderr: () => 'synthgen: --shard writes csv, parquet or postgres (got sqlite)' },
    { name: '--shard with --pipeline', args: ['run', '--scenario', 'saas-churn', '--target', 'parquet', '--out', 'new', '--shard', '0/2', '--pipeline'], stderr: () => 'synthgen: --shard and --pipeline: run the pipeline once over the whole output, not over a shard' },
    mergeCase('merge without folders', [], () => 'merge-manifests needs the folders of every shard: synthgen merge-manifests DIR...'),
    mergeCase('a shard missing', ['a0'], () => 'shard 1/2 missing: every shard of the run is needed'),
    mergeCase('a shard twice', ['a0', 'a1', 'a1'], () => 'shard 1/2 given twice: a1 and a1'),
    mergeCase('shards of two runs', ['a0', 'b1'], () => 'b1 is not a shard of the same run as a0 (scenario, seed, parameters, target, synthgen version and N must all match)'),
    mergeCase('a whole run', ['a0', 'whole'], () => 'whole holds a whole run, not a shard (its manifest has no "shard"); merge-manifests takes the outputs of synthgen run --shard k/N'),
    mergeCase('no manifest', ['a0', 'nowhere'], () => 'nowhere: no synthgen-manifest.json there; give the folders the shards wrote (--out of each synthgen run --shard k/N)'),
  ]);
});

describe('chunkRange', () => {
  it('N shards split any number of chunks into N contiguous ranges, in order, sizes within one chunk', async () => {
    const { chunkRange } = await import('../src/engine/shard.js');
    for (let trial = 0; trial < 500; trial++) {
      const chunks = 1 + Math.floor(Math.random() * 300);
      const count = 1 + Math.floor(Math.random() * 40);
      const ranges = Array.from({ length: count }, (_, index) => chunkRange(chunks, { index, count }));
      expect(ranges[0][0]).toBe(0);
      expect(ranges[count - 1][1]).toBe(chunks);
      for (let k = 1; k < count; k++) expect(ranges[k][0]).toBe(ranges[k - 1][1]);
      const sizes = ranges.map(([a, b]) => b - a);
      expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
    }
    expect(chunkRange(10, undefined)).toEqual([0, 10]);
  });
});
