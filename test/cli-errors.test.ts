// The built binary, run as a user would (own process, no TTY, CI=1, fresh temp
// dir), given bad input: exactly one pinned line on stderr, exit 2, nothing on
// stdout, and nothing the user already had touched. Plus the --force and
// profile happy paths. Messages are pinned word for word on purpose: changing
// one should be a deliberate edit here too.
import { copyFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { beforeAll, describe, expect, it } from 'vitest';
import { assertBuilt, type BadCase, itRefusesEach, leftovers, REPO_ROOT, runCli, sandbox, snapshot } from './helpers/binary.js';


beforeAll(() => assertBuilt());


const VALID_CONFIG = JSON.stringify({ profiles: { other: { scenario: 'saas-metrics', seed: 7, target: 'sqlite', out: 'data/other.db' } } }, null, 2) + '\n';
// Truncated mid-file, and broken mid-object: the parser's own complaint is shown.
const BROKEN_JSON = '{"profiles":\n';
const BROKEN_OBJECT = '{ "profiles": { "x": { "scenario": "saas-metrics", \n';
const BAD_SEED = JSON.stringify({ profiles: { x: { scenario: 'saas-metrics', seed: 'abc' } } }, null, 2) + '\n';



// Each run also passes --force: if a check ever slipped behind the output step,
// the user's data/saas_metrics.db would be replaced and the snapshot would differ.
const S = ['run', '--scenario', 'saas-metrics', '--force'];

const BAD: BadCase[] = [
  {
    name: 'unknown scenario',
    args: ['run', '--scenario', 'nope', '--force'],
    stderr: () => 'synthgen: unknown scenario "nope"; choose one of saas-metrics, show-and-well, saas-churn, bar-platform (see synthgen scenarios)',
  },
  {
    name: 'unknown --set key',
    args: [...S, '--set', 'foo=1'],
    stderr: () => 'synthgen: unknown parameter "foo" for scenario saas-metrics (known: customers, months, start_date, end_date, churn_rate, upgrade_rate, downgrade_rate, prefix)',
  },
  {
    name: 'malformed --set (no =)',
    args: [...S, '--set', 'customers'],
    stderr: () => 'synthgen: --set needs key=value, got "customers"',
  },
  {
    name: 'out-of-range integer (customers=0)',
    args: [...S, '--set', 'customers=0'],
    stderr: () => 'synthgen: customers must be an integer from 1 to 20000000, got "0"',
  },
  {
    name: 'out-of-range number (churn_rate=2)',
    args: [...S, '--set', 'churn_rate=2'],
    stderr: () => 'synthgen: churn_rate must be a number from 0 to 0.5, got "2"',
  },
  {
    name: 'malformed date (month 13)',
    args: [...S, '--set', 'start_date=2023-13-01'],
    stderr: () => 'synthgen: start_date must be a date as YYYY-MM-DD, got "2023-13-01"',
  },
  {
    name: 'end_date before start_date',
    args: [...S, '--set', 'start_date=2023-06-01', '--set', 'end_date=2023-01-01'],
    stderr: () => 'synthgen: end_date 2023-01-01 is before start_date 2023-06-01; set an end_date on or after the start',
  },
  {
    name: 'unwritable output (a regular file used as the parent directory)',
    args: [...S, '--out', 'somefile.txt/x.db'],
    files: { 'somefile.txt': 'a plain file, not a folder\n' },
    stderr: () => 'synthgen: cannot write somefile.txt/x.db: a parent is not a directory; choose a writable --out',
  },
  {
    name: 'missing profile, valid .synthgenrc.json without it',
    args: ['run', '--profile', 'day06', '--force'],
    files: { '.synthgenrc.json': VALID_CONFIG },
    stderr: (dir) => `synthgen: profile "day06" not found in ${join(dir, '.synthgenrc.json')}; known profiles: other`,
  },
  {
    name: 'missing profile, no config at all',
    args: ['run', '--profile', 'day06', '--force'],
    stderr: () =>
      'synthgen: profile "day06" not found: no synthgen config here (.synthgenrc.json or a "synthgen" key in package.json); create one or pass --config FILE',
  },
  {
    name: 'invalid config found by search: broken JSON',
    args: ['run', '--profile', 'x', '--force'],
    files: { '.synthgenrc.json': BROKEN_JSON },
    stderr: (dir) => {
      const file = join(dir, '.synthgenrc.json');
      return `synthgen: invalid config file ${file}: Unexpected end of JSON input; fix it or pass another --config`;
    },
  },
  {
    name: 'invalid config found by search: profiles.x.seed = "abc"',
    args: ['run', '--profile', 'x', '--force'],
    files: { '.synthgenrc.json': BAD_SEED },
    stderr: (dir) => `synthgen: profile "x" in ${join(dir, '.synthgenrc.json')}: seed must be a whole number from 0 to 4294967295, got "abc"`,
  },
  {
    name: 'invalid --config FILE: broken JSON',
    args: ['run', '--profile', 'x', '--config', 'team-synthgen.json', '--force'],
    files: { 'team-synthgen.json': BROKEN_OBJECT },
    stderr: (dir) => `synthgen: invalid config file ${join(dir, 'team-synthgen.json')}: Expected double-quoted property name in JSON at position 52; fix it or pass another --config`,
  },
  {
    name: 'invalid --config FILE: profiles.x.seed = "abc"',
    args: ['run', '--profile', 'x', '--config', 'team-synthgen.json', '--force'],
    files: { 'team-synthgen.json': BAD_SEED },
    stderr: (dir) => `synthgen: profile "x" in ${join(dir, 'team-synthgen.json')}: seed must be a whole number from 0 to 4294967295, got "abc"`,
  },
  {
    name: '--config pointing at a missing file',
    args: ['run', '--profile', 'x', '--config', 'missing.json', '--force'],
    // A valid config that search would find must not be used instead.
    files: { '.synthgenrc.json': JSON.stringify({ profiles: { x: { scenario: 'saas-metrics' } } }) },
    stderr: () => 'synthgen: config file missing.json not found; check the --config path',
  },
  {
    name: 'unknown flag',
    args: [...S, '--bogus'],
    stderr: () => 'synthgen: unknown option --bogus; see synthgen --help',
  },
  {
    name: 'flag without its value',
    args: ['run', '--force', '--scenario'],
    stderr: () => 'synthgen: --scenario needs a value; see synthgen --help',
  },
  {
    name: 'bad value inside a profile names the profile and file',
    args: ['run', '--profile', 'x', '--force'],
    files: { '.synthgenrc.json': JSON.stringify({ profiles: { x: { scenario: 'saas-metrics', params: { customers: 0 } } } }) },
    stderr: (dir) => `synthgen: profile "x" in ${join(dir, '.synthgenrc.json')}: customers must be an integer from 1 to 20000000, got 0`,
  },
  {
    name: 'unknown target',
    args: [...S, '--target', 'xlsx'],
    stderr: () => 'synthgen: unknown target "xlsx"; choose one of csv, sqlite, parquet, duckdb, postgres',
  },
  {
    name: 'no arguments and no TTY',
    args: [],
    stderr: () =>
      'synthgen: the wizard needs an interactive terminal; run headless with `synthgen run --profile NAME` or `synthgen run --scenario NAME --target sqlite --out FILE` (see synthgen --help)',
  },
];

describe('synthgen refuses bad input with one line, exit 2 and no changes', () => {
  itRefusesEach(BAD);

  it('no arguments: the single line starts with the wizard hint', () => {
    const dir = sandbox();
    const r = runCli(dir, []);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.startsWith('synthgen: the wizard needs an interactive terminal')).toBe(true);
    expect(r.stderr.endsWith('\n')).toBe(true);
    expect(r.stderr.split('\n')).toHaveLength(2);
  });
});

describe('run --profile day06 with the example config', () => {
  it('writes data/day06_saas_metrics.db with prefixed tables and a manifest', () => {
    const dir = sandbox();
    copyFileSync(join(REPO_ROOT, '.synthgenrc.example.json'), join(dir, 'synthgen-example.json'));

    const r = runCli(dir, ['run', '--profile', 'day06', '--config', 'synthgen-example.json']);
    expect(r.stderr).not.toMatch(/^synthgen: /m);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('synthgen saas-metrics (seed 42) -> sqlite data/day06_saas_metrics.db');

    const dbPath = join(dir, 'data', 'day06_saas_metrics.db');
    const db = new Database(dbPath, { readonly: true, fileMustExist: true });
    try {
      const tables = (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as { name: string }[]).map((t) => t.name);
      expect(tables).toEqual(['day06_customers', 'day06_mrr_movements', 'day06_subscriptions']);
      const rows = (t: string) => (db.prepare(`SELECT count(*) AS n FROM "${t}"`).get() as { n: number }).n;
      expect(rows('day06_customers')).toBe(500);
      expect(rows('day06_mrr_movements')).toBe(24);
      // Every customer starts with one subscription; plan changes add more.
      expect(rows('day06_subscriptions')).toBeGreaterThanOrEqual(500);
    } finally {
      db.close();
    }

    const manifest = JSON.parse(readFileSync(join(dir, 'data', 'day06_saas_metrics.db.synthgen-manifest.json'), 'utf8'));
    expect(manifest).toMatchObject({ scenario: 'saas-metrics', seed: 42, target: 'sqlite', out: 'data/day06_saas_metrics.db', ok: true });
    expect(manifest.params.prefix).toBe('day06_');
    expect(manifest.tables.map((t: { name: string }) => t.name).sort()).toEqual(['day06_customers', 'day06_mrr_movements', 'day06_subscriptions']);
    expect(leftovers(dir)).toEqual([]);
  });
});
