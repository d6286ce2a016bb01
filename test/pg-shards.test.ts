// PostgreSQL shards with the real binary: `run --target postgres --shard k/N` loads
// slice k into synthgen_shards_<S>, `merge-manifests --url U --schema S` builds S
// from them. For N = 1, 2, 3, 7 (shards started at once) S equals a single load
// row for row in load order, with the same checks figure for figure; every
// refusal is one line, exit 2, with S (and a table of the user's in it) unchanged;
// a rerun replaces only its own shard; S's earlier tables go only with --force.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { assertBuilt, CLI, makeSandbox, type CliResult } from './helpers/binary.js';
import { checksOf, ok, pgShards } from './helpers/pg-shards.js';
import pg from 'pg';
import { testServer } from './helpers/pg.js';

const NS = [1, 2, 3, 7];
const TARGETS = ['pgs_single', ...NS.map((n) => `pgs_n${n}`), 'pgs_bad', 'pgs_rerun', 'pgs_force', 'pgs_fail', 'pgs_theirs', 'pgs_lock'];
const server = testServer([...TARGETS, ...TARGETS.map((s) => `synthgen_shards_${s}`)]);
beforeAll(() => assertBuilt());

const TABLES = ['customers', 'usage_daily', 'billing', 'support'];
// 12,000 customers are 3 chunks of 5,000: N = 7 leaves four shards without any rows.
const RUN = ['run', '--scenario', 'saas-churn', '--set', 'customers=12000', '--target', 'postgres'];
// The refusal and replacement cases: 500 customers, one chunk (shard 1/2 has it all, shard 0/2 nothing).
const SMALL = ['run', '--scenario', 'saas-churn', '--set', 'customers=500', '--target', 'postgres'];
const SHARD_LINE = 'the checks of the whole run come from synthgen merge-manifests over every shard';

const { url, cli, merge, loadShards, one, rowsHash, schemaState, shapeOf, shardsSchemaExists } = pgShards(server);

describe('PostgreSQL shards, then merge-manifests --url --schema', () => {
  it('for N = 1, 2, 3, 7 the merged schema is the single load row for row, with its checks figure for figure', async () => {
    const dir = makeSandbox();
    const single = ok(cli(dir, [...RUN, '--url', url(), '--schema', 'pgs_single', '--json']));
    const want = checksOf(single.stdout);
    expect(want.length).toBeGreaterThan(35);
    const wantRows: Record<string, unknown> = {};
    for (const t of TABLES) wantRows[t] = await rowsHash('pgs_single', t);
    for (const n of NS) {
      const schema = `pgs_n${n}`;
      // N = 3 with worker threads: a shard's rows are the same whoever generates them.
      const shards = await loadShards(dir, RUN, schema, n, undefined, n === 3 ? ['--workers', '2'] : []);
      shards.forEach((r, k) => {
        ok(r);
        expect(checksOf(r.stdout).filter((c) => c.phase === 'stream')).toEqual([{ name: `shard ${k}/${n}`, ok: true, figure: SHARD_LINE, phase: 'stream' }]);
        expect(r.stdout).toContain(`"out": "${url()} schema synthgen_shards_${schema} (shard ${k}/${n} of schema ${schema})"`);
        // A shard builds no keys, indexes or views (the finishing step does): its progress says none.
        expect(r.stderr).toContain('checking...');
        expect(r.stderr).not.toContain('building indexes and views');
      });
      // Nothing in S until the finishing step commits.
      expect(Number(await one(`SELECT count(*) FROM pg_namespace WHERE nspname = $1`, [schema])), `N = ${n}`).toBe(0);
      const merged = ok(merge(dir, schema, ['--json']));
      const checks = checksOf(merged.stdout);
      expect(checks[0]).toEqual({ name: `merged from ${n} shard${n > 1 ? 's' : ''}`, ok: true, figure: '12 chunks of 4 tables, each once, in order; every shard passed its own checks', phase: 'target' });
      expect(checks.slice(1), `N = ${n}`).toEqual(want);
      for (const t of TABLES) expect(await rowsHash(schema, t), `${t}, N = ${n}`).toBe(wantRows[t]);
      expect(await shapeOf(schema), `N = ${n}`).toEqual(await shapeOf('pgs_single'));
      expect(await shardsSchemaExists(schema), `N = ${n}`).toBe(false);
      expect(existsSync(join(dir, `synthgen-manifest.postgres.${schema}.json`))).toBe(true);
    }
  }, 120_000);
});

/** A refusal: exactly `line` on stderr, exit 2, nothing on stdout. */
const refused = (r: CliResult, line: string) => expect([r.status, r.stderr, r.stdout]).toEqual([2, `synthgen: ${line}\n`, '']);
const registry = async (schema: string) => (await server.admin.query(`SELECT shard, shards, seed::int, loaded_at::text FROM synthgen_shards_${schema}.shards ORDER BY shard`)).rows;

describe('the finishing step refuses what is not every shard of one run', () => {
  it('no shards, a shard missing, a shard of another seed: one line, exit 2, the target schema and the shards unchanged; the same shard loaded twice at once is there once', async () => {
    const dir = makeSandbox();
    await server.admin.query(`CREATE SCHEMA pgs_bad; CREATE TABLE pgs_bad.mine (id int, note text); INSERT INTO pgs_bad.mine VALUES (1, 'keep me'), (2, 'and me')`);
    const mine = await schemaState('pgs_bad');
    refused(merge(dir, 'pgs_bad'), `no shards of schema pgs_bad at ${url()} (no schema synthgen_shards_pgs_bad); load them first: synthgen run --target postgres --schema pgs_bad --shard k/N`);
    expect(await schemaState('pgs_bad')).toEqual(mine);

    ok((await loadShards(dir, SMALL, 'pgs_bad', 2, [0]))[0]);
    const shards = await schemaState('synthgen_shards_pgs_bad');
    refused(cli(dir, ['merge-manifests', 'synthgen-manifest.postgres.pgs_bad.shard-0-of-2.json']), "synthgen-manifest.postgres.pgs_bad.shard-0-of-2.json is a PostgreSQL shard's manifest: its rows are in the database; merge them there with synthgen merge-manifests --url URL --schema SCHEMA");
    refused(merge(dir, 'pgs_bad'), 'shard 1/2 missing: every shard of the run is needed');
    expect(await schemaState('pgs_bad')).toEqual(mine);
    expect(await schemaState('synthgen_shards_pgs_bad')).toEqual(shards);

    ok((await loadShards(dir, SMALL, 'pgs_bad', 2, [1], ['--seed', '7']))[0]);
    const mixed = await schemaState('synthgen_shards_pgs_bad');
    refused(merge(dir, 'pgs_bad'), 'shard 1/2 is not a shard of the same run as shard 0/2 (scenario, seed, parameters, target, synthgen version and N must all match)');
    refused(merge(dir, 'pgs_bad', ['--force']), 'shard 1/2 is not a shard of the same run as shard 0/2 (scenario, seed, parameters, target, synthgen version and N must all match)');
    expect(await schemaState('pgs_bad')).toEqual(mine);
    expect(await schemaState('synthgen_shards_pgs_bad')).toEqual(mixed);

    // A shard cannot be there twice: shard k is one row of the registry and one set of tables. Two
    // runs of it at once take turns (an advisory lock) and the second replaces the first.
    const twice = await loadShards(dir, SMALL, 'pgs_bad', 2, [1, 1]);
    twice.forEach(ok);
    expect((await registry('pgs_bad')).map((r) => [r.shard, r.shards, r.seed])).toEqual([[0, 2, 42], [1, 2, 42]]);
    const long = 'x'.repeat(48); // synthgen_shards_ + 48 bytes is one more than PostgreSQL's 63
    refused(cli(dir, [...SMALL, '--url', url(), '--schema', long, '--shard', '0/2']), `shards schema "synthgen_shards_${long}" is 64 bytes, longer than PostgreSQL's 63-byte limit for names; choose a shorter --schema`);
    refused(cli(dir, ['merge-manifests', 'somewhere', '--url', url(), '--schema', 'pgs_bad']), "merge-manifests takes the shards' folders or --url/--schema of a PostgreSQL load, not both (got somewhere)");
    ok(merge(dir, 'pgs_bad'));
    expect(await schemaState('pgs_bad').then((s) => s.rows.mine)).toBe(mine.rows.mine);
    expect(Number(await one('SELECT count(*) FROM pgs_bad.customers'))).toBe(500);
  }, 60_000);

  it("a shard refuses at once what even --force could not replace in the target schema (a table of the user's under a table's name)", async () => {
    const dir = makeSandbox();
    await server.admin.query(`CREATE SCHEMA pgs_theirs; CREATE TABLE pgs_theirs.customers (id int)`);
    const before = await schemaState('pgs_theirs');
    const [r] = await loadShards(dir, SMALL, 'pgs_theirs', 2, [0]);
    refused(r, 'pgs_theirs.customers is a table synthgen did not load (no "synthgen:" comment on it); synthgen never replaces it, even with --force; choose another --schema');
    expect(await schemaState('pgs_theirs')).toEqual(before);
    expect(await shardsSchemaExists('pgs_theirs')).toBe(false);
  });

  it('a shard and the finishing step wait at most --lock-timeout for each other, then say so in one line, nothing changed', async () => {
    const dir = makeSandbox();
    (await loadShards(dir, SMALL, 'pgs_lock', 2)).forEach(ok);
    const shards = await schemaState('synthgen_shards_pgs_lock');
    // Another session in the registry (as a shard being loaded is).
    const other = new pg.Client({ connectionString: server.url });
    await other.connect();
    try {
      await other.query('BEGIN; LOCK TABLE synthgen_shards_pgs_lock.shards IN EXCLUSIVE MODE');
      const [r] = await loadShards(dir, SMALL, 'pgs_lock', 2, [1], ['--lock-timeout', '1']);
      refused(r, 'waited 1 s for another run of shard 1/2 of schema pgs_lock, or merge-manifests of that schema, to finish; nothing was changed; try again when it is done or raise --lock-timeout');
      refused(merge(dir, 'pgs_lock', ['--lock-timeout', '1']), 'waited 1 s for a shard of schema pgs_lock that is being loaded to finish; nothing was changed; try again when it is done or raise --lock-timeout');
      await other.query('ROLLBACK');
    } finally {
      await other.end();
    }
    expect(await schemaState('synthgen_shards_pgs_lock')).toEqual(shards);
    expect(Number(await one(`SELECT count(*) FROM pg_namespace WHERE nspname = 'pgs_lock'`))).toBe(0);
  });
});

describe('shards loaded again, earlier tables, failed checks', () => {
  it('a rerun of shard k replaces only shard k; a killed rerun leaves the previous shard k', async () => {
    const dir = makeSandbox();
    // 12,000 customers, N = 2: shard 0 has chunk 0, shard 1 chunks 1 and 2 (long enough to be killed midway).
    (await loadShards(dir, RUN, 'pgs_rerun', 2)).forEach(ok);
    const state = async () => {
      const s = await schemaState('synthgen_shards_pgs_rerun', true);
      const of = (k: number) => s.rels.filter((r) => r.relname.endsWith(`__${k}`));
      return { s0: of(0), s1: of(1), rows0: TABLES.map((t) => s.rows[`${t}__0`]), rows1: TABLES.map((t) => s.rows[`${t}__1`]), registry: await registry('pgs_rerun') };
    };
    const before = await state();
    const content = async (k: number) => {
      const out = [];
      for (const t of TABLES) out.push(await rowsHash('synthgen_shards_pgs_rerun', `${t}__${k}`));
      return out;
    };
    const content1 = await content(1);
    ok((await loadShards(dir, RUN, 'pgs_rerun', 2, [1]))[0]);
    const after = await state();
    expect(after.s0).toEqual(before.s0); // the same tables (oids)...
    expect(after.rows0).toEqual(before.rows0); // ...with the same row versions (xmin): untouched
    expect(after.registry[0]).toEqual(before.registry[0]);
    expect(after.s1.map((r) => r.oid)).not.toEqual(before.s1.map((r) => r.oid)); // shard 1: new tables
    expect(after.registry[1].loaded_at).not.toBe(before.registry[1].loaded_at);
    expect(await content(1)).toEqual(content1); // with the same rows

    // Killed (SIGKILL: no handler runs) while it loads usage_daily: the server rolls its transaction back.
    const p = spawn(process.execPath, [CLI, ...RUN, '--url', url(), '--schema', 'pgs_rerun', '--shard', '1/2'], { cwd: dir, env: { ...process.env, CI: '1', HOME: dir, ...server.env }, stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    await new Promise<void>((resolve) => {
      p.stderr.setEncoding('utf8').on('data', (d: string) => {
        err += d;
        if (err.includes('usage_daily: started')) p.kill('SIGKILL');
      });
      p.on('close', () => resolve());
    });
    expect(p.signalCode).toBe('SIGKILL');
    expect(await state()).toEqual(after);
  }, 60_000);

  it("the target schema's earlier synthgen tables are replaced only with --force, as by a single load", async () => {
    const dir = makeSandbox();
    ok(cli(dir, [...SMALL, '--url', url(), '--schema', 'pgs_force']));
    const old = await schemaState('pgs_force');
    (await loadShards(dir, SMALL, 'pgs_force', 2, undefined, ['--seed', '7'])).forEach(ok);
    const shards = await schemaState('synthgen_shards_pgs_force');
    refused(merge(dir, 'pgs_force'), 'schema pgs_force already has billing, customers, support, usage_daily; pass --force to replace them (they stay readable until the new load has succeeded)');
    expect(await schemaState('pgs_force')).toEqual(old);
    expect(await schemaState('synthgen_shards_pgs_force')).toEqual(shards);
    const forced = ok(merge(dir, 'pgs_force', ['--force']));
    expect(forced.stdout).toContain('All checks passed');
    const now = await schemaState('pgs_force');
    expect(now.rels.map((r) => r.relname)).toEqual(old.rels.map((r) => r.relname));
    expect(now.rows.customers).not.toBe(old.rows.customers);
    expect(await shardsSchemaExists('pgs_force')).toBe(false);
    const manifest = JSON.parse(readFileSync(join(dir, 'synthgen-manifest.postgres.pgs_force.json'), 'utf8')) as { seed: number; ok: boolean; out: string };
    expect([manifest.seed, manifest.ok, manifest.out]).toEqual([7, true, `${url()} schema pgs_force`]);
  }, 60_000);

  it('a check that fails over the union: exit 1 with the figure, and the tables swapped in as a single load leaves them', async () => {
    const dir = makeSandbox();
    (await loadShards(dir, SMALL, 'pgs_fail', 2)).forEach(ok);
    // One bill of shard 1 (which has the only chunk) pointed at a customer no shard has.
    const tampered = await server.admin.query(`UPDATE synthgen_shards_pgs_fail.billing__1 SET customer_id = 999999 WHERE ctid = (SELECT min(ctid) FROM synthgen_shards_pgs_fail.billing__1)`);
    expect(tampered.rowCount).toBe(1);
    const r = merge(dir, 'pgs_fail');
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/\n {2}✗ FAILED billing: customers foreign key resolves: 1 orphan billing of [\d,]+\n/);
    expect(r.stdout).toMatch(/\n {2}✗ FAILED keys added after the load: billing foreign key to customers: insert or update on table "billing" violates foreign key constraint/);
    expect(Number(await one('SELECT count(*) FROM pgs_fail.billing WHERE customer_id = 999999'))).toBe(1);
    expect(await shardsSchemaExists('pgs_fail')).toBe(false);
  }, 60_000);
});

describe('reading binary COPY TO STDOUT (the finishing step reads the union back this way)', () => {
  it('float8, boolean, text and NULLs, whole or split at any byte', async () => {
    const { CopyOutDecoder } = await import('../src/sinks/pgcopyout.js');
    const { to: copyTo } = await import('pg-copy-streams');
    const sql = `SELECT * FROM (VALUES (1.5::float8, true, 'a'::text), (NULL, NULL, NULL), (-0.25, false, 'ünï "q" ''x'' ' || repeat('z', 300)), (1e300, true, '')) v(a, b, c)`;
    const want = (await server.admin.query({ text: sql, rowMode: 'array' })).rows;
    const parts: Buffer[] = [];
    for await (const chunk of server.admin.query(copyTo(`COPY (${sql}) TO STDOUT (FORMAT binary)`))) parts.push(chunk as Buffer);
    const bytes = Buffer.concat(parts);
    for (const size of [bytes.length, 1, 2, 7]) {
      const decoder = new CopyOutDecoder(['float8', 'bool', 'text']);
      const rows = [];
      for (let i = 0; i < bytes.length; i += size) rows.push(...decoder.push(bytes.subarray(i, i + size)));
      expect(rows, `chunks of ${size} bytes`).toEqual(want);
      expect(decoder.done).toBe(true);
    }
  });
});
