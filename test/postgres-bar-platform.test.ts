// bar-platform into a real PostgreSQL (test/setup/postgres.ts): DEV through the real
// binary from the example profile (its default target), every check passing, the
// seed's counts and the cross-table rules confirmed by queries of our own.
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { resolve } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { barPlatform } from '../scenarios/bar-platform/index.js';
import { SIZES } from '../scenarios/bar-platform/settings.js';
import { resolveParams } from '../src/engine/params.js';
import { withoutPassword } from '../src/sinks/pgurl.js';
import { tempDir } from './helpers/run.js';

const BIN = resolve('dist/src/cli.js');
const url = inject('pgUrl');
const pgEnv: Record<string, string> = new URL(url).password ? { PGPASSWORD: decodeURIComponent(new URL(url).password) } : {};
const SCHEMA = 'bar_dev';
let admin: pg.Client;

describe('bar-platform into PostgreSQL', () => {
  beforeAll(async () => {
    admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(`DROP SCHEMA IF EXISTS ${SCHEMA} CASCADE`);
  });
  afterAll(async () => {
    await admin.query(`DROP SCHEMA IF EXISTS ${SCHEMA} CASCADE`);
    await admin.end();
  });

  it('the bar-dev example profile loads DEV with every check passing', async () => {
    const dir = tempDir();
    const env = { ...process.env, CI: '1', ...pgEnv };
    delete env.DATAGEN_ENV;
    const r = spawnSync(process.execPath, [BIN, 'run', '--profile', 'bar-dev', '--config', resolve('.synthgenrc.example.json'), '--url', withoutPassword(url), '--schema', SCHEMA, '--json'], { cwd: dir, encoding: 'utf8', env });
    rmSync(dir, { recursive: true, force: true });
    expect(r.stderr).not.toMatch(/✗|error/i);
    const summary = JSON.parse(r.stdout) as { ok: boolean; target: string; checks: { name: string; ok: boolean; figure: string }[] };
    expect(summary.checks.filter((c) => !c.ok).map((c) => `${c.name}: ${c.figure}`)).toEqual([]);
    expect(r.status).toBe(0);
    expect(summary.target).toBe('postgres');
    expect(summary.checks.filter((c) => c.name.endsWith('(SQL)')).length).toBe(barPlatform.sqlChecks!(resolveParams(barPlatform, {}, {})).length);
    for (const [table, n] of Object.entries(SIZES.DEV)) expect(Number((await admin.query(`SELECT count(*) AS n FROM ${SCHEMA}.${table}`)).rows[0].n), table).toBe(n);
    // Our own queries: every foreign key declared and valid, no pour outside its device's life, nothing on or after as_of.
    const fks = (await admin.query(`SELECT count(*) AS n FROM pg_constraint c JOIN pg_namespace s ON s.oid = c.connamespace WHERE s.nspname = $1 AND c.contype = 'f' AND c.convalidated`, [SCHEMA])).rows[0].n;
    const declared = barPlatform.tables(resolveParams(barPlatform, {}, {}), 42).reduce((n, t) => n + (t.spec.foreignKeys?.length ?? 0), 0);
    expect(declared).toBeGreaterThan(14);
    expect(Number(fks)).toBe(declared);
    const q = async (sql: string) => Number((await admin.query(sql)).rows[0].n);
    expect(await q(`SELECT count(*) AS n FROM ${SCHEMA}.tap_events t JOIN ${SCHEMA}.devices d USING (device_id) WHERE t.tapped_at < d.installed_at OR t.tapped_at >= '2026-01-01'`)).toBe(0);
    expect(await q(`SELECT count(*) AS n FROM ${SCHEMA}.accounts a JOIN ${SCHEMA}.subscriptions s ON s.account_id = a.account_id AND s.ended_at IS NULL WHERE s.mrr <> a.mrr`)).toBe(0);
    // The 6-10pm local peak holds in SQL too, in the location's time zone (UTC timestamps; with
    // daylight saving the peak moves an hour for part of the year: 43-47% of pours).
    const peak = Number((await admin.query(`SELECT avg(CASE WHEN extract(hour FROM (t.tapped_at AT TIME ZONE 'UTC') AT TIME ZONE l.timezone) BETWEEN 18 AND 21 THEN 1 ELSE 0 END) AS n FROM ${SCHEMA}.tap_events t JOIN ${SCHEMA}.devices d USING (device_id) JOIN ${SCHEMA}.locations l USING (location_id)`)).rows[0].n);
    expect(peak).toBeGreaterThan(0.42);
    expect(peak).toBeLessThan(0.48);
  }, 120_000);
});
