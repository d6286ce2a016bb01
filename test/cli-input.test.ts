// Bad values in flags, --set and profiles, refused by the real binary before any
// work: exactly one pinned line on stderr, exit 2, nothing on stdout, the user's
// files untouched. Plus the inputs that look odd but are fine (a config file
// with a byte-order mark, an output name at the length limit).
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { assertBuilt, type BadCase, expectRefused, itRefusesEach, leftovers, runCli, sandbox, snapshot, USER_FILES } from './helpers/binary.js';

beforeAll(() => assertBuilt());




const profileFile = (profile: Record<string, unknown>) => JSON.stringify({ profiles: { x: profile } }, null, 2) + '\n';
const BASE = { scenario: 'saas-metrics', target: 'sqlite', out: 'data/x.db' };


// --force on every run: a check that slipped behind the output step would replace the user's files.
const S = ['run', '--scenario', 'saas-metrics', '--force'];
const SW = ['run', '--scenario', 'show-and-well', '--force'];
const CHURN = ['run', '--scenario', 'saas-churn', '--force'];
const inRc = (dir: string) => `synthgen: profile "x" in ${join(dir, '.synthgenrc.json')}: `;
const KNOWN_KEYS = 'scenario, seed, params, target, out, force, batchSize, pipeline, parquetParts, url, schema, lockTimeout';

const BAD: BadCase[] = [
  // transform's --out follows run's rules (it once took '' as the current folder and a URL as a path).
  { name: 'transform --out empty', args: ['transform', '--in', 'data/raw', '--out', ''], stderr: () => 'synthgen: --out needs a file or folder path, got ""' },
  { name: 'transform --out a database URL', args: ['transform', '--in', 'data/raw', '--out', 'postgres://x@y/z'], stderr: () => 'synthgen: --out takes a file or folder path, not a database URL; to load into PostgreSQL use --target postgres --url URL' },
  // Numbers are decimal; whole numbers are digits only (1e3 is refused where a whole number is wanted).
  { name: 'hex integer', args: [...S, '--set', 'customers=0x10'], stderr: () => 'synthgen: customers must be an integer from 1 to 20000000, got "0x10"' },
  { name: 'binary integer', args: [...S, '--set', 'customers=0b11'], stderr: () => 'synthgen: customers must be an integer from 1 to 20000000, got "0b11"' },
  { name: 'octal integer', args: [...S, '--set', 'months=0o7'], stderr: () => 'synthgen: months must be an integer from 1 to 240, got "0o7"' },
  { name: 'exponent for a whole number', args: [...S, '--set', 'customers=1e3'], stderr: () => 'synthgen: customers must be an integer from 1 to 20000000, got "1e3"' },
  { name: 'hex rate', args: [...S, '--set', 'churn_rate=0x0'], stderr: () => 'synthgen: churn_rate must be a number from 0 to 0.5, got "0x0"' },
  { name: 'Infinity', args: [...S, '--set', 'churn_rate=Infinity'], stderr: () => 'synthgen: churn_rate must be a number from 0 to 0.5, got "Infinity"' },
  { name: 'hex map value', args: [...SW, '--set', 'prices=Movement:0x50'], stderr: () => 'synthgen: prices: Movement must be a number from 0 to 100000, got "0x50"' },
  { name: 'hex seed', args: [...S, '--seed', '0x10'], stderr: () => 'synthgen: --seed must be a whole number from 0 to 4294967295, got "0x10"' },
  { name: 'exponent seed', args: [...S, '--seed', '1e3'], stderr: () => 'synthgen: --seed must be a whole number from 0 to 4294967295, got "1e3"' },
  // A negative value is read as the flag's value, not as another flag.
  { name: '--seed -1', args: [...S, '--seed', '-1'], stderr: () => 'synthgen: --seed must be a whole number from 0 to 4294967295, got "-1"' },
  { name: '--batch-size -5', args: [...S, '--batch-size', '-5'], stderr: () => 'synthgen: --batch-size must be a whole number from 1 to 1000000, got "-5"' },
  // Names that would reach Object.prototype.
  {
    name: '__proto__ as a parameter',
    args: [...S, '--set', '__proto__=1'],
    stderr: () => 'synthgen: unknown parameter "__proto__" for scenario saas-metrics (known: customers, months, start_date, end_date, churn_rate, upgrade_rate, downgrade_rate, prefix)',
  },
  {
    name: 'constructor as a parameter',
    args: [...S, '--set', 'constructor=1'],
    stderr: () => 'synthgen: unknown parameter "constructor" for scenario saas-metrics (known: customers, months, start_date, end_date, churn_rate, upgrade_rate, downgrade_rate, prefix)',
  },
  { name: '__proto__ as a map key', args: [...SW, '--set', 'prices=__proto__:1'], stderr: () => 'synthgen: prices: "__proto__" cannot be used as a name; choose another' },
  { name: 'prototype as a key of a fixed map', args: [...CHURN, '--set', 'prices=prototype:1'], stderr: () => 'synthgen: prices: "prototype" cannot be used as a name; choose another' },
  { name: 'constructor in a list', args: [...SW, '--set', 'cities=Minneapolis,constructor'], stderr: () => 'synthgen: cities: "constructor" cannot be used as a name; choose another' },
  // Map names: each once, and only names the map can use.
  { name: 'duplicate map name', args: [...SW, '--set', 'prices=Movement:80,Movement:90'], stderr: () => 'synthgen: prices names "Movement" twice; give each name once' },
  { name: 'duplicate map name, fixed keys', args: [...CHURN, '--set', 'prices=Pro:80,Pro:90'], stderr: () => 'synthgen: prices names "Pro" twice; give each name once' },
  {
    name: 'unknown program in prices',
    args: [...SW, '--set', 'prices=Nope:1'],
    stderr: () => 'synthgen: prices has no entry "Nope"; names are the programs: Movement, Nutrition, Stress, Weight Loss Goal (set programs to add one)',
  },
  {
    name: 'unknown city in city_factors',
    args: [...SW, '--set', 'cities=Minneapolis,Duluth', '--set', 'city_factors=Edina:1'],
    stderr: () => 'synthgen: city_factors has no entry "Edina"; names are the cities: Minneapolis, Duluth (set cities to add one)',
  },
  // Profiles follow the flags' rules and name the profile and file.
  { name: 'profile batchSize 0', args: ['run', '--profile', 'x', '--force'], files: { '.synthgenrc.json': profileFile({ ...BASE, batchSize: 0 }) }, stderr: (d) => `${inRc(d)}batchSize must be a whole number from 1 to 1000000, got 0` },
  { name: 'profile batchSize -1', args: ['run', '--profile', 'x', '--force'], files: { '.synthgenrc.json': profileFile({ ...BASE, batchSize: -1 }) }, stderr: (d) => `${inRc(d)}batchSize must be a whole number from 1 to 1000000, got -1` },
  { name: 'profile batchSize "abc"', args: ['run', '--profile', 'x', '--force'], files: { '.synthgenrc.json': profileFile({ ...BASE, batchSize: 'abc' }) }, stderr: (d) => `${inRc(d)}batchSize must be a whole number from 1 to 1000000, got "abc"` },
  { name: 'profile seed -5', args: ['run', '--profile', 'x', '--force'], files: { '.synthgenrc.json': profileFile({ ...BASE, seed: -5 }) }, stderr: (d) => `${inRc(d)}seed must be a whole number from 0 to 4294967295, got -5` },
  { name: 'profile seed 2^40', args: ['run', '--profile', 'x', '--force'], files: { '.synthgenrc.json': profileFile({ ...BASE, seed: 2 ** 40 }) }, stderr: (d) => `${inRc(d)}seed must be a whole number from 0 to 4294967295, got 1099511627776` },
  { name: 'profile seed 1.5', args: ['run', '--profile', 'x', '--force'], files: { '.synthgenrc.json': profileFile({ ...BASE, seed: 1.5 }) }, stderr: (d) => `${inRc(d)}seed must be a whole number from 0 to 4294967295, got 1.5` },
  { name: 'profile unknown key', args: ['run', '--profile', 'x', '--force'], files: { '.synthgenrc.json': profileFile({ ...BASE, sed: 5 }) }, stderr: (d) => `${inRc(d)}unknown key "sed"; known keys are ${KNOWN_KEYS}` },
  {
    name: 'profile __proto__ key',
    args: ['run', '--profile', 'x', '--force'],
    files: { '.synthgenrc.json': '{ "profiles": { "x": { "scenario": "saas-metrics", "__proto__": { "seed": 1 } } } }\n' },
    stderr: (d) => `${inRc(d)}unknown key "__proto__"; known keys are ${KNOWN_KEYS}`,
  },
  {
    name: 'profile __proto__ parameter',
    args: ['run', '--profile', 'x', '--force'],
    files: { '.synthgenrc.json': '{ "profiles": { "x": { "scenario": "saas-metrics", "params": { "__proto__": { "customers": 1 } } } } }\n' },
    stderr: (d) => `${inRc(d)}unknown parameter "__proto__" for scenario saas-metrics (known: customers, months, start_date, end_date, churn_rate, upgrade_rate, downgrade_rate, prefix)`,
  },
  { name: 'profile hex parameter', args: ['run', '--profile', 'x', '--force'], files: { '.synthgenrc.json': profileFile({ ...BASE, params: { customers: '0x10' } }) }, stderr: (d) => `${inRc(d)}customers must be an integer from 1 to 20000000, got "0x10"` },
  {
    name: 'profile unknown map name',
    args: ['run', '--profile', 'x', '--force'],
    files: { '.synthgenrc.json': profileFile({ scenario: 'show-and-well', params: { prices: { Nope: 1 } } }) },
    stderr: (d) => `${inRc(d)}prices has no entry "Nope"; names are the programs: Movement, Nutrition, Stress, Weight Loss Goal (set programs to add one)`,
  },
  {
    name: '--profile constructor is not a profile',
    args: ['run', '--profile', 'constructor', '--force'],
    files: { '.synthgenrc.json': profileFile(BASE) },
    stderr: (d) => `synthgen: profile "constructor" not found in ${join(d, '.synthgenrc.json')}; known profiles: x`,
  },
  // PostgreSQL system schemas: refused before connecting.
  {
    name: '--schema information_schema',
    args: [...S, '--target', 'postgres', '--schema', 'information_schema'],
    stderr: () => 'synthgen: --schema information_schema is a PostgreSQL system schema (pg_* and information_schema are reserved); choose another, e.g. raw',
  },
  {
    name: '--schema pg_catalog',
    args: [...S, '--target', 'postgres', '--schema', 'pg_catalog'],
    stderr: () => 'synthgen: --schema pg_catalog is a PostgreSQL system schema (pg_* and information_schema are reserved); choose another, e.g. raw',
  },
  {
    name: 'profile schema pg_temp_1',
    args: ['run', '--profile', 'x', '--force'],
    files: { '.synthgenrc.json': profileFile({ scenario: 'saas-metrics', target: 'postgres', schema: 'pg_temp_1' }) },
    stderr: (d) => `${inRc(d)}schema pg_temp_1 is a PostgreSQL system schema (pg_* and information_schema are reserved); choose another, e.g. raw`,
  },
  {
    name: '--schema longer than a PostgreSQL name',
    args: [...S, '--target', 'postgres', '--schema', 's'.repeat(64)],
    stderr: () => 'synthgen: --schema is 64 characters; PostgreSQL names can be at most 63; choose a shorter one',
  },
  // Output paths.
  { name: "--out ''", args: [...S, '--out', ''], stderr: () => 'synthgen: --out needs a file or folder path, got ""' },
  { name: "profile out ''", args: ['run', '--profile', 'x', '--force'], files: { '.synthgenrc.json': profileFile({ ...BASE, out: '' }) }, stderr: (d) => `${inRc(d)}out needs a file or folder path, got ""` },
  {
    // The URL is not echoed: it may hold a password.
    name: '--out postgres://...',
    args: [...S, '--target', 'sqlite', '--out', 'postgres://me:secret@localhost:5432/db'],
    stderr: () => 'synthgen: --out takes a file or folder path, not a database URL; to load into PostgreSQL use --target postgres --url URL',
  },
  {
    name: '--out with a 300-byte name',
    args: [...S, '--out', `${'a'.repeat(297)}.db`],
    stderr: () =>
      'synthgen: --out name is 300 bytes ("aaaaaaaaaaaaaaaaaaaaaaaa…"); it can be at most 207 (the filesystem allows 255 and synthgen adds up to 48 for its temporary and manifest files); choose a shorter --out',
  },
  {
    // Legal for the filesystem, but synthgen's temporary name beside it would not be.
    name: '--out with a 208-byte name (csv folder)',
    args: [...S, '--target', 'csv', '--out', `out/${'é'.repeat(104)}`],
    stderr: () =>
      `synthgen: --out name is 208 bytes ("${'é'.repeat(24)}…"); it can be at most 207 (the filesystem allows 255 and synthgen adds up to 48 for its temporary and manifest files); choose a shorter --out`,
  },
  {
    name: '--out with a 256-byte folder name',
    args: [...S, '--out', `${'f'.repeat(256)}/x.db`],
    stderr: () => `synthgen: --out has a folder name of 256 bytes ("${'f'.repeat(24)}…"); the filesystem allows 255; choose a shorter --out`,
  },
];

describe('synthgen refuses bad values with one line, exit 2 and no changes', () => {
  itRefusesEach(BAD);

  it('--out longer than PATH_MAX allows once synthgen adds its own names', () => {
    const dir = sandbox(USER_FILES);
    const out = `${Array(20).fill('d'.repeat(200)).join('/')}/x.db`;
    const full = Buffer.byteLength(join(dir, out));
    expect(full).toBeGreaterThan(3995);
    const before = snapshot(dir);
    const r = runCli(dir, [...S, '--out', out]);
    expectRefused(dir, before, r, `synthgen: --out is ${full} bytes as a full path; it can be at most 3995 (the system allows 4095 and synthgen adds up to 100 for the files it writes there); choose a shorter --out`);
  });
});

describe('a config that is not a regular file', () => {
  it('--config naming a FIFO is refused at once (reading it would wait forever)', () => {
    const dir = sandbox();
    expect(spawnSync('mkfifo', [join(dir, 'pipe.json')]).status).toBe(0);
    const r = runCli(dir, ['run', '--profile', 'p', '--config', 'pipe.json'], 10_000);
    expect([r.status, r.stdout, r.stderr]).toEqual([2, '', 'synthgen: config file pipe.json is not a regular file; give --config a JSON, YAML or JS config file\n']);
  });
});

describe('inputs that are fine', () => {
  it('an output name at the limit (207 bytes) is written with its manifest, and refused without --force the next time', () => {
    const dir = sandbox();
    const name = `${'n'.repeat(204)}.db`;
    const r = runCli(dir, ['run', '--scenario', 'saas-metrics', '--set', 'customers=20', '--out', name]);
    expect(r.stderr).not.toMatch(/^synthgen: /m);
    expect(r.status).toBe(0);
    expect(readFileSync(join(dir, name)).subarray(0, 16).toString('latin1')).toBe('SQLite format 3\0');
    expect(existsSync(join(dir, `${name}.synthgen-manifest.json`))).toBe(true);
    expect(leftovers(dir)).toEqual([]);
    const again = runCli(dir, ['run', '--scenario', 'saas-metrics', '--set', 'customers=20', '--out', name]);
    expect([again.status, again.stderr]).toEqual([2, `synthgen: ${name} already exists (a synthgen sqlite output); pass --force to replace it, or choose another --out\n`]);
    // --force writes the temp output's manifest, the longest name synthgen makes (+45 bytes)
    const forced = runCli(dir, ['run', '--scenario', 'saas-metrics', '--set', 'customers=20', '--out', name, '--force']);
    expect([forced.status, forced.stderr.match(/^synthgen: .*/m)]).toEqual([0, null]);
    expect(leftovers(dir)).toEqual([]);
  });

  const BOM = '\uFEFF';
  const RC = { scenario: 'saas-metrics', seed: 7, target: 'sqlite', out: 'data/bom.db', params: { customers: 20 } };
  it.each([
    ['.synthgenrc.json found by search', '.synthgenrc.json', BOM + profileFile(RC), []],
    ['--config FILE', 'team.json', BOM + profileFile(RC), ['--config', 'team.json']],
  ] as const)('a config with a UTF-8 byte-order mark is read: %s', (_name, file, text, extra) => {
    const dir = sandbox({ [file]: text });
    const before = readFileSync(join(dir, file));
    const r = runCli(dir, ['run', '--profile', 'x', ...extra]);
    expect(r.stderr).not.toMatch(/^synthgen: /m);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('synthgen saas-metrics (seed 7) -> sqlite data/bom.db');
    expect(existsSync(join(dir, 'data', 'bom.db'))).toBe(true);
    expect(readFileSync(join(dir, file))).toEqual(before);
  });
});
