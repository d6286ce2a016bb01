// PostgreSQL shards of rows that vary in width (bar-platform: names, JSON, Stripe
// ids): the finishing step keeps every table in load order, row for row as a
// single load, with the same checks and the same shape (types, keys, comments).
import { beforeAll, describe, expect, it } from 'vitest';
import { assertBuilt, makeSandbox } from './helpers/binary.js';
import { testServer } from './helpers/pg.js';
import { checksOf, ok, pgShards } from './helpers/pg-shards.js';

const SCHEMAS = ['pgs_bar_single', 'pgs_bar'];
const server = testServer([...SCHEMAS, ...SCHEMAS.map((s) => `synthgen_shards_${s}`)]);
const { url, cli, merge, loadShards, rowsHash, shapeOf } = pgShards(server);
beforeAll(() => assertBuilt());

describe('rows of varying width', () => {
  // bar-platform's rows vary in width (names, JSON, Stripe ids): a table filled by INSERT ... SELECT
  // puts a short row back into an earlier page's free space, out of load order. Every table here.
  it('bar-platform, N = 2: every table row for row in load order, the checks figure for figure', async () => {
    const dir = makeSandbox();
    const BAR = ['run', '--scenario', 'bar-platform', '--set', 'accounts=50', '--target', 'postgres'];
    const single = ok(cli(dir, [...BAR, '--url', url(), '--schema', 'pgs_bar_single', '--json']));
    (await loadShards(dir, BAR, 'pgs_bar', 2)).forEach(ok);
    const merged = ok(merge(dir, 'pgs_bar', ['--json']));
    expect(checksOf(merged.stdout).slice(1)).toEqual(checksOf(single.stdout));
    const tables = (JSON.parse(single.stdout) as { tables: { name: string }[] }).tables.map((t) => t.name);
    expect(tables.length).toBeGreaterThan(40);
    const differ: string[] = [];
    for (const t of tables) if ((await rowsHash('pgs_bar', t)) !== (await rowsHash('pgs_bar_single', t))) differ.push(t);
    expect(differ).toEqual([]);
    expect(await shapeOf('pgs_bar')).toEqual(await shapeOf('pgs_bar_single'));
  }, 60_000);
});

