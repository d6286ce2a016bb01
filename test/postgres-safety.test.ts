// The postgres target never loses what the user has, against a real server and
// the real binary: --force drops nothing but the tables it replaces (no CASCADE),
// lock waits end (--lock-timeout, Ctrl-C), signals and a lost server during COPY
// are one line and a rollback, the refusal holds at the swap (tables that appear
// during the run, two concurrent runs), passwords are asked for clearly and never
// shown, and names too long for PostgreSQL are refused before any work. Every
// case pins the stderr line and the exit code and checks the user's tables
// (oid, row count and an md5 of every row) are exactly as they were.
import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo, type Socket } from 'node:net';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { saasChurn } from '../scenarios/saas-churn/index.js';
import { saasMetrics } from '../scenarios/saas-metrics/index.js';
import { resolveParams } from '../src/engine/params.js';
import { run } from '../src/engine/runner.js';
import { PostgresSink } from '../src/sinks/postgres.js';
import { URL_PASSWORD_WARNING, withoutPassword } from '../src/sinks/pgurl.js';
import { assertBuilt, CLI, makeSandbox, removeSandbox } from './helpers/binary.js';
import { MD5_PASSWORD, MD5_USER, SERVER_PASSWORD, startPasswordServer, type PasswordServer } from './postgres-server.js';

const url = inject('pgUrl');
const password = decodeURIComponent(new URL(url).password);
/** The test server's URL without a password: the binary gets the password from PGPASSWORD, as users should. */
const base = withoutPassword(url);
const pgEnv: Record<string, string> = password ? { PGPASSWORD: password } : {};
const INTERRUPTED = 'synthgen: interrupted; nothing was written under the output name';

let admin: pg.Client;
const sandboxes: string[] = [];
const clients: pg.Client[] = [];
const children: ChildProcess[] = [];

function sandbox(): string {
  const dir = makeSandbox();
  sandboxes.push(dir);
  return dir;
}

interface Result {
  status: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  ms: number;
}

/** The binary as a user runs it: own process, no TTY, HOME in a sandbox (no ~/.pgpass, no config). */
function start(args: string[], env: Record<string, string> = {}, cwd = sandbox()): { child: ChildProcess; done: Promise<Result> } {
  const childEnv: NodeJS.ProcessEnv = { ...process.env, CI: '1', HOME: cwd, XDG_CONFIG_HOME: join(cwd, '.no-xdg'), ...pgEnv, ...env };
  for (const k of ['NODE_OPTIONS', 'PGPASSFILE']) delete childEnv[k];
  for (const [k, v] of Object.entries(env)) if (v === '') delete childEnv[k];
  const t0 = Date.now();
  const child = spawn(process.execPath, [CLI, ...args], { cwd, env: childEnv, stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d) => (stdout += d));
  child.stderr!.on('data', (d) => (stderr += d));
  const done = new Promise<Result>((resolve) => child.on('close', (status, signal) => resolve({ status, signal, stdout, stderr, ms: Date.now() - t0 })));
  return { child, done };
}

const synthgen = (args: string[], env: Record<string, string> = {}, cwd?: string) => start(args, env, cwd).done;
const pgArgs = (schema: string, ...more: string[]) => ['run', '--target', 'postgres', '--url', base, '--schema', schema, ...more];
/** A load long enough to interrupt in its COPY (about 16M usage rows). */
const BIG = ['--scenario', 'saas-churn', '--set', 'customers=400000'];

const lastLine = (text: string) => text.trimEnd().split('\n').at(-1);
/** stderr is progress lines and then exactly one final line; never a stack trace. */
function expectOneLine(r: Result, line: string): void {
  expect(lastLine(r.stderr)).toBe(line);
  expect(r.stderr).not.toMatch(/^\s+at |Error:|node:internal/m);
  expect(r.stdout).toBe('');
}

async function one(sql: string, values?: unknown[]): Promise<unknown> {
  return Object.values((await admin.query(sql, values)).rows[0] ?? { v: null })[0];
}

async function until(what: string, test: () => Promise<boolean>, ms = 60_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await test())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** synthgen's sessions on this database (each test waits for the previous ones to be gone). */
const SESSIONS = `FROM pg_stat_activity WHERE application_name = 'synthgen' AND datname = current_database()`;
/** That process's COPY into its own staging schema (synthgen_load_<pid>_...) is under way. */
const copying = (child: ChildProcess, table: string) => async () => Number(await one(`SELECT count(*) ${SESSIONS} AND query LIKE $1`, [`COPY "synthgen_load_${child.pid}_%"."${table}"%`])) > 0;
const waitingOnLock = async () => Number(await one(`SELECT count(*) ${SESSIONS} AND wait_event_type = 'Lock'`)) > 0;
const noSynthgenSessions = async () => Number(await one(`SELECT count(*) ${SESSIONS}`)) === 0;

/** Every relation in the schemas with its oid (the same object?), rows and an md5 of all rows. */
async function contents(...schemas: string[]): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  const rels = await admin.query(
    `SELECT n.nspname AS s, c.relname AS t, c.oid::text AS oid, c.relkind AS kind FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = ANY($1) AND c.relkind IN ('r', 'v', 'm') ORDER BY 1, 2`,
    [schemas],
  );
  for (const r of rels.rows) {
    const q = `"${r.s}"."${r.t}"`;
    out[`${r.s}.${r.t}`] = `${r.kind} ${r.oid} ${await one(`SELECT count(*) || ' ' || coalesce(md5(string_agg(x::text, E'\\n' ORDER BY x::text)), '-') FROM ${q} x`)}`;
  }
  return out;
}

const stagingLeft = async () => Number(await one(`SELECT count(*) FROM pg_namespace WHERE nspname LIKE 'synthgen_load_%'`));

async function fresh(...schemas: string[]): Promise<void> {
  for (const s of schemas) await admin.query(`DROP SCHEMA IF EXISTS ${s} CASCADE`);
}

/** A small previous load into `schema`, in-process: saas-metrics, or saas-churn with 200 customers. */
async function loadSmall(schema: string, scenario = saasMetrics): Promise<void> {
  await fresh(schema);
  const set = scenario === saasChurn ? { customers: 200 } : {};
  const s = await run({ scenario, params: resolveParams(scenario, set), seed: 1 }, new PostgresSink({ url, schema, force: false, manifestDir: sandbox() }));
  expect(s.tables.every((t) => t.rows > 0)).toBe(true); // (a statistical check may fail at this size: the tables are there all the same)
}

/** A throwaway server that asks for passwords (test/postgres-server.ts), for the describe block that calls this. */
function passwordServerForThisBlock(): () => PasswordServer {
  let server: PasswordServer;
  beforeAll(async () => {
    server = await startPasswordServer();
  });
  afterAll(() => server?.stop());
  return () => server;
}

async function connect(applicationName = 'test-reader'): Promise<pg.Client> {
  const c = new pg.Client({ connectionString: url, application_name: applicationName });
  await c.connect();
  clients.push(c);
  return c;
}

beforeAll(async () => {
  assertBuilt();
  admin = new pg.Client({ connectionString: url });
  await admin.connect();
});
afterEach(async () => {
  for (const c of children.splice(0)) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  await until('the sessions of killed runs to end', noSynthgenSessions, 10_000);
  for (const c of clients.splice(0)) await c.end().catch(() => {});
  for (const dir of sandboxes.splice(0)) removeSandbox(dir);
});
afterAll(async () => {
  await admin.end();
});

describe('postgres --force replaces only its own tables', () => {
  it('refuses when views, materialized views, foreign keys or row-type columns elsewhere depend on them, naming each; nothing is dropped', async () => {
    await loadSmall('dep_a');
    await fresh('dep_other');
    await admin.query(`CREATE SCHEMA dep_other; CREATE VIEW dep_other.v_customers AS SELECT customer_id, status FROM dep_a.customers`);
    const before = await contents('dep_a', 'dep_other');

    const view = await synthgen([...pgArgs('dep_a', '--force'), '--scenario', 'saas-metrics', '--seed', '2']);
    expect(view.status).toBe(2);
    expectOneLine(view, 'synthgen: cannot replace dep_a.customers: view dep_other.v_customers depends on it; drop it first or choose another --schema');
    expect(view.stderr).toBe('synthgen: cannot replace dep_a.customers: view dep_other.v_customers depends on it; drop it first or choose another --schema\n');

    await admin.query(`CREATE TABLE dep_other.orders (id int, customer_id text REFERENCES dep_a.customers (customer_id))`);
    await admin.query(`INSERT INTO dep_other.orders SELECT 1, customer_id FROM dep_a.customers LIMIT 1`);
    await admin.query(`CREATE VIEW dep_a.v_moves AS SELECT count(*) FROM dep_a.mrr_movements`);
    await admin.query(`CREATE MATERIALIZED VIEW dep_other.mv_subs AS SELECT count(*) AS n FROM dep_a.subscriptions`);
    await admin.query(`CREATE TABLE dep_other.snapshots (c dep_a.customers)`);
    const withAll = await contents('dep_a', 'dep_other');
    const all = await synthgen([...pgArgs('dep_a', '--force'), '--scenario', 'saas-metrics', '--seed', '2']);
    expect(all.status).toBe(2);
    expect(all.stderr).toBe(
      'synthgen: cannot replace dep_a.customers, dep_a.mrr_movements, dep_a.subscriptions: ' +
        'column c of table dep_other.snapshots depends on dep_a.customers, foreign key orders_customer_id_fkey of dep_other.orders depends on dep_a.customers, ' +
        'view dep_other.v_customers depends on dep_a.customers, view dep_a.v_moves depends on dep_a.mrr_movements, materialized view dep_other.mv_subs depends on dep_a.subscriptions; ' +
        'drop them first or choose another --schema\n',
    );
    expect(await contents('dep_a', 'dep_other')).toEqual(withAll);

    // Without them, the same run replaces the three tables and its four views and leaves everything else alone.
    await admin.query(`DROP TABLE dep_other.orders, dep_other.snapshots; DROP MATERIALIZED VIEW dep_other.mv_subs; DROP VIEW dep_other.v_customers, dep_a.v_moves`);
    const ok = await synthgen([...pgArgs('dep_a', '--force'), '--scenario', 'saas-metrics', '--seed', '2']);
    expect([ok.status, ok.stderr.includes('synthgen:')]).toEqual([0, false]);
    const after = await contents('dep_a');
    expect(Object.keys(after)).toEqual([
      'dep_a.churn_by_cohort', 'dep_a.customer_health', 'dep_a.customers', 'dep_a.mrr_movements', 'dep_a.mrr_summary', 'dep_a.retention_curves', 'dep_a.subscriptions',
    ]);
    expect(after['dep_a.customers']).not.toBe(before['dep_a.customers']);
    expect(await stagingLeft()).toBe(0);
  });

  it('refuses at the swap when a view on the old tables appears during the run', async () => {
    await loadSmall('dep_late', saasChurn);
    const run = start([...pgArgs('dep_late', '--force'), '--scenario', 'saas-churn', '--set', 'customers=60000']);
    await until('the COPY', copying(run.child, 'usage_daily'));
    await admin.query(`CREATE VIEW public.dep_late_v AS SELECT customer_id FROM dep_late.customers; CREATE TABLE public.dep_late_t (c dep_late.customers)`);
    const before = await contents('dep_late');
    const r = await run.done;
    await admin.query(`DROP VIEW public.dep_late_v; DROP TABLE public.dep_late_t`);
    expect(r.status).toBe(2);
    expectOneLine(r, 'synthgen: cannot replace dep_late.customers: column c of table public.dep_late_t, view public.dep_late_v depend on it; drop them first or choose another --schema');
    expect(await contents('dep_late')).toEqual(before);
    expect(await stagingLeft()).toBe(0);
  });

  it('refuses, even with --force, a table synthgen did not load (no synthgen comment), and one whose comment was removed', async () => {
    await fresh('theirs');
    await admin.query(`CREATE SCHEMA theirs; CREATE TABLE theirs.customers (customer_id text PRIMARY KEY, note text); INSERT INTO theirs.customers VALUES ('c1', 'my own data')`);
    const before = await contents('theirs');
    for (const force of [[], ['--force']]) {
      const r = await synthgen([...pgArgs('theirs', ...force), '--scenario', 'saas-metrics']);
      expect([r.status, r.stderr]).toEqual([2, 'synthgen: theirs.customers is a table synthgen did not load (no "synthgen:" comment on it); synthgen never replaces it, even with --force; choose another --schema\n']);
      expect(await contents('theirs')).toEqual(before);
    }
    await loadSmall('uncommented');
    expect(String(await one(`SELECT obj_description('uncommented.subscriptions'::regclass, 'pg_class')`))).toMatch(/^synthgen: loaded by synthgen /);
    await admin.query(`COMMENT ON TABLE uncommented.subscriptions IS NULL`);
    const loaded = await contents('uncommented');
    const r = await synthgen([...pgArgs('uncommented', '--force'), '--scenario', 'saas-metrics']);
    expect([r.status, r.stderr]).toEqual([2, 'synthgen: uncommented.subscriptions is a table synthgen did not load (no "synthgen:" comment on it); synthgen never replaces it, even with --force; choose another --schema\n']);
    expect(await contents('uncommented')).toEqual(loaded);
  });

  it('refuses a view or a table of another role under one of its names', async () => {
    await fresh('not_table');
    await admin.query(`CREATE SCHEMA not_table; CREATE VIEW not_table.customers AS SELECT 1 AS customer_id`);
    const before = await contents('not_table');
    const r = await synthgen([...pgArgs('not_table', '--force'), '--scenario', 'saas-metrics']);
    expect([r.status, r.stderr]).toEqual([2, 'synthgen: not_table.customers is a view; synthgen replaces only tables it loaded: drop it yourself or choose another --schema\n']);
    expect(await contents('not_table')).toEqual(before);
  });
});

describe('postgres lock waits are bounded', () => {
  it('gives up after --lock-timeout (or a profile lockTimeout) with the holder named, old data intact', async () => {
    await loadSmall('lock_a');
    const reader = await connect('test-reader');
    const readerPid = (await reader.query('SELECT pg_backend_pid() AS p')).rows[0].p;
    await reader.query('BEGIN');
    await reader.query('SELECT count(*) FROM lock_a.customers');
    const before = await contents('lock_a');
    const line = `synthgen: waited 1 s for a lock on lock_a.customers (held by pid ${readerPid}, test-reader); nothing was changed, the old tables are intact; try again when it is free or raise --lock-timeout`;

    const flag = await synthgen([...pgArgs('lock_a', '--force', '--lock-timeout', '1'), '--scenario', 'saas-metrics', '--seed', '2']);
    expect(flag.status).toBe(2);
    expectOneLine(flag, line);
    expect(await contents('lock_a')).toEqual(before);

    const dir = sandbox();
    writeFileSync(join(dir, '.synthgenrc.json'), JSON.stringify({ profiles: { slow: { scenario: 'saas-metrics', seed: 2, target: 'postgres', url: base, schema: 'lock_a', force: true, lockTimeout: 1 } } }));
    const profile = await synthgen(['run', '--profile', 'slow'], {}, dir);
    expect(profile.status).toBe(2);
    expectOneLine(profile, line);
    expect(await contents('lock_a')).toEqual(before);
    await reader.query('COMMIT');
    expect(await stagingLeft()).toBe(0);
  });

  it('refuses a --lock-timeout or lockTimeout that is not a whole number of seconds', async () => {
    const zero = await synthgen([...pgArgs('lock_bad', '--lock-timeout', '0'), '--scenario', 'saas-metrics']);
    expect([zero.status, zero.stderr]).toEqual([2, 'synthgen: --lock-timeout must be a whole number from 1 to 3600, got "0"\n']);
    const dir = sandbox();
    writeFileSync(join(dir, '.synthgenrc.json'), JSON.stringify({ profiles: { p: { scenario: 'saas-metrics', target: 'postgres', lockTimeout: 'abc' } } }));
    const prof = await synthgen(['run', '--profile', 'p'], {}, dir);
    expect([prof.status, prof.stderr]).toEqual([2, `synthgen: profile "p" in ${join(dir, '.synthgenrc.json')}: lockTimeout must be a whole number from 1 to 3600, got "abc"\n`]);
    const csv = await synthgen(['run', '--scenario', 'saas-metrics', '--target', 'csv', '--lock-timeout', '5']);
    expect([csv.status, csv.stderr]).toEqual([2, 'synthgen: --lock-timeout is for --target postgres (got csv)\n']);
  });

  it('Ctrl-C while waiting for a lock cancels the wait at once, rolls back and exits 130', async () => {
    await loadSmall('lock_c');
    const reader = await connect();
    await reader.query('BEGIN');
    await reader.query('SELECT count(*) FROM lock_c.subscriptions');
    const before = await contents('lock_c');
    const run = start([...pgArgs('lock_c', '--force'), '--scenario', 'saas-metrics', '--seed', '2']);
    await until('the swap waiting on the lock', waitingOnLock);
    const t0 = Date.now();
    run.child.kill('SIGINT');
    const r = await run.done;
    expect(Date.now() - t0).toBeLessThan(2000); // the default lock_timeout is 10 s
    expect(r.status).toBe(130);
    expectOneLine(r, INTERRUPTED);
    await until('synthgen to leave', noSynthgenSessions, 5000);
    expect(await contents('lock_c')).toEqual(before);
    await reader.query('COMMIT');
    expect(await stagingLeft()).toBe(0);
  });
});

describe('postgres signals and a lost server during COPY', () => {
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    it(`${signal} during COPY: one line, rolled back, exit 130`, async () => {
      const schema = `copy_${signal.toLowerCase()}`;
      await loadSmall(schema, saasChurn);
      const before = await contents(schema);
      const run = start([...pgArgs(schema, '--force'), ...BIG]);
      await until('the COPY', copying(run.child, 'usage_daily'));
      run.child.kill(signal);
      const r = await run.done;
      expect([r.status, r.signal]).toEqual([130, null]);
      expectOneLine(r, INTERRUPTED);
      await until('synthgen to leave', noSynthgenSessions, 5000);
      expect(await contents(schema)).toEqual(before);
      expect(await stagingLeft()).toBe(0);
    });
  }

  it('the server ending the session mid-COPY: exit 2, one line, rolled back', async () => {
    await loadSmall('copy_lost', saasChurn);
    const before = await contents('copy_lost');
    const run = start([...pgArgs('copy_lost', '--force'), ...BIG]);
    await until('the COPY', copying(run.child, 'usage_daily'));
    // Only this run's session (its staging schema carries its pid): the server may be shared with other runs.
    await admin.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'synthgen' AND query LIKE $1`, [`%synthgen_load_${run.child.pid}_%`]);
    const r = await run.done;
    expect(r.status).toBe(2);
    // The reason is the server's own words when the client reads them before its next COPY write fails, else the generic one: a race.
    const reason = /\((terminating connection due to administrator command|the server or the network closed it)\)/.exec(lastLine(r.stderr) ?? '')?.[1];
    expectOneLine(r, `synthgen: lost the connection to PostgreSQL at ${base} during the load (${reason}); nothing was committed, the tables there are as they were`);
    expect(reason).toBeDefined();
    expect(await contents('copy_lost')).toEqual(before);
    expect(await stagingLeft()).toBe(0);
  });
});

describe('postgres: a server that goes down mid-load', () => {
  const server = passwordServerForThisBlock();

  it('an immediate shutdown during COPY: exit 2, one line; after restart the old tables are as they were', async () => {
    const own = `postgres://postgres@127.0.0.1:${server().port}/postgres`;
    const conf = { host: '127.0.0.1', port: server().port, user: 'postgres', password: SERVER_PASSWORD, database: 'postgres' };
    const ownDb = new pg.Client(conf);
    await ownDb.connect();
    const snapshot = async (c: pg.Client) => (await c.query(`SELECT count(*) || ' ' || md5(string_agg(x::text, ',' ORDER BY x::text)) AS v FROM down.usage_daily x`)).rows[0].v;
    const first = await synthgen(['run', '--scenario', 'saas-churn', '--set', 'customers=200', '--target', 'postgres', '--url', own, '--schema', 'down'], { PGPASSWORD: SERVER_PASSWORD });
    expect(first.status).not.toBe(2);
    const before = await snapshot(ownDb);
    await ownDb.end();
    const run = start(['run', ...BIG, '--target', 'postgres', '--url', own, '--schema', 'down', '--force'], { PGPASSWORD: SERVER_PASSWORD });
    const watcher = new pg.Client(conf);
    await watcher.connect();
    watcher.on('error', () => {});
    await until('the COPY', async () => Number((await watcher.query(`SELECT count(*) AS n FROM pg_stat_activity WHERE query LIKE $1`, [`COPY "synthgen_load_${run.child.pid}_%"."usage_daily"%`])).rows[0].n) > 0);
    server().crash();
    await watcher.end().catch(() => {});
    const r = await run.done;
    expect(r.status).toBe(2);
    // The server's last words reach the client or not, depending on timing.
    const reasons = ['terminating connection due to immediate shutdown command', 'the server or the network closed it'];
    expect(reasons.map((why) => `synthgen: lost the connection to PostgreSQL at ${own} during the load (${why}); nothing was committed, the tables there are as they were`)).toContain(lastLine(r.stderr));
    expect(r.stderr).not.toMatch(/^\s+at |node:internal/m);
    server().start();
    const after = new pg.Client(conf);
    await after.connect();
    expect(await snapshot(after)).toBe(before);
    expect(Number((await after.query(`SELECT count(*) AS n FROM pg_namespace WHERE nspname LIKE 'synthgen_load_%'`)).rows[0].n)).toBe(0);
    await after.end();
  });
});

describe('postgres: a server that closes or never answers', () => {
  /** A TCP server on a free port that does `onSocket` with every connection. */
  async function fakeServer(onSocket: (s: Socket) => void): Promise<{ port: number; close: () => Promise<void> }> {
    const sockets = new Set<Socket>();
    const srv = createServer((s) => {
      sockets.add(s);
      onSocket(s);
    });
    await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
    const port = (srv.address() as AddressInfo).port;
    return { port, close: () => new Promise((r) => (sockets.forEach((s) => s.destroy()), srv.close(() => r()))) };
  }

  it('closed before the handshake ends: exit 2 with one line (not a silent exit 0)', async () => {
    const srv = await fakeServer((s) => s.destroy());
    try {
      const at = `postgres://postgres@127.0.0.1:${srv.port}/postgres`;
      const r = await synthgen(['run', '--scenario', 'saas-metrics', '--target', 'postgres', '--url', at]);
      expect([r.status, r.stdout, r.stderr]).toEqual([2, '', `synthgen: PostgreSQL at ${at} closed the connection before it was ready; check the host and port in --url and the server's log\n`]);
    } finally {
      await srv.close();
    }
  });

  it('no answer at all: Ctrl-C ends the wait, exit 130', async () => {
    let connected!: () => void;
    const reached = new Promise<void>((r) => (connected = r));
    const srv = await fakeServer(() => connected());
    try {
      const run = start(['run', '--scenario', 'saas-metrics', '--target', 'postgres', '--url', `postgres://postgres@127.0.0.1:${srv.port}/postgres`]);
      // Waiting for the server's answer: its connection is open (not a fixed 1.5 s, which a loaded machine could outrun), and then a little longer.
      await Promise.race([reached, run.done.then((r) => Promise.reject(new Error(`exited before it connected: ${JSON.stringify(r)}`)))]);
      await new Promise((r) => setTimeout(r, 300));
      const t0 = Date.now();
      run.child.kill('SIGINT');
      const r = await run.done;
      expect(Date.now() - t0).toBeLessThan(2000);
      expect([r.status, r.stdout, r.stderr]).toEqual([130, '', INTERRUPTED + '\n']);
    } finally {
      await srv.close();
    }
  });
});

describe('postgres: the refusal holds at the moment of the swap', () => {
  it('without --force, tables of its names created during the run are kept: exit 2, rolled back', async () => {
    await fresh('appear');
    const run = start([...pgArgs('appear'), '--scenario', 'saas-churn', '--set', 'customers=60000']);
    await until('the COPY', copying(run.child, 'usage_daily'));
    await admin.query(`CREATE SCHEMA appear; CREATE TABLE appear.customers (note text); INSERT INTO appear.customers VALUES ('mine')`);
    const before = await contents('appear');
    const r = await run.done;
    expect(r.status).toBe(2);
    expectOneLine(r, 'synthgen: schema appear got customers while this run was loading (another run or session made it); kept it, this load was rolled back; pass --force to replace it');
    expect(await contents('appear')).toEqual(before);
    expect(await stagingLeft()).toBe(0);
  });

  it('with --force, a table that appeared during the run is not what it agreed to replace: exit 2', async () => {
    await fresh('appear_force');
    const run = start([...pgArgs('appear_force', '--force'), '--scenario', 'saas-churn', '--set', 'customers=60000']);
    await until('the COPY', copying(run.child, 'usage_daily'));
    await admin.query(`CREATE SCHEMA appear_force; CREATE TABLE appear_force.support (note text); INSERT INTO appear_force.support VALUES ('mine')`);
    const before = await contents('appear_force');
    const r = await run.done;
    expect(r.status).toBe(2);
    expectOneLine(r, 'synthgen: appear_force.support was created or replaced by another run or session while this run was loading; kept it, this load was rolled back; run again to replace it');
    expect(await contents('appear_force')).toEqual(before);
  });

  it('two concurrent runs into one schema: one wins, the other says so (with and without --force)', async () => {
    await fresh('duel');
    const args = [...pgArgs('duel'), '--scenario', 'saas-churn', '--set', 'customers=20000'];
    const [a, b] = await Promise.all([synthgen(args), synthgen(args)]);
    const [win, lose] = a.status === 0 ? [a, b] : [b, a];
    expect([win.status, lose.status]).toEqual([0, 2]);
    expectOneLine(lose, 'synthgen: schema duel got billing, customers, support, usage_daily while this run was loading (another run or session made them); kept them, this load was rolled back; pass --force to replace them');
    expect(Number(await one('SELECT count(*) FROM duel.customers'))).toBe(20000);
    const first = await contents('duel');

    const [c, d] = await Promise.all([synthgen([...args, '--force']), synthgen([...args, '--force'])]);
    const [win2, lose2] = c.status === 0 ? [c, d] : [d, c];
    expect([win2.status, lose2.status]).toEqual([0, 2]);
    expectOneLine(lose2, 'synthgen: duel.billing, duel.customers, duel.support, duel.usage_daily were created or replaced by another run or session while this run was loading; kept them, this load was rolled back; run again to replace them');
    const second = await contents('duel');
    expect(second['duel.customers']).not.toBe(first['duel.customers']); // a new table (oid), same rows
    expect(await stagingLeft()).toBe(0);
  });
});

describe('postgres passwords', () => {
  const server = passwordServerForThisBlock();

  it('a server that asks for a password and got none says how to give one', async () => {
    const at = `127.0.0.1:${server().port}`;
    for (const user of ['postgres', MD5_USER]) {
      const r = await synthgen(['run', '--scenario', 'saas-metrics', '--target', 'postgres', '--url', `postgres://${user}@${at}/postgres`, '--schema', 'pw'], { PGPASSWORD: '' });
      expect([r.status, r.stdout, r.stderr]).toEqual([2, '', `synthgen: PostgreSQL at ${at} asks for a password for user ${user}: set PGPASSWORD or add it to ~/.pgpass\n`]);
    }
    // A wrong one (in the URL: warned about) is a different line, without the password.
    const wrong = await synthgen(['run', '--scenario', 'saas-metrics', '--target', 'postgres', '--url', `postgres://postgres:not-the-password@${at}/postgres`, '--schema', 'pw'], { PGPASSWORD: '' });
    expect([wrong.status, wrong.stdout, wrong.stderr]).toEqual([
      2,
      '',
      URL_PASSWORD_WARNING + `synthgen: PostgreSQL authentication failed for postgres://postgres@${at}/postgres; give the password with PGPASSWORD or ~/.pgpass (never in a profile) and check the user\n`,
    ]);
    // Given either way, it is used.
    const env = await synthgen(['run', '--scenario', 'saas-metrics', '--target', 'postgres', '--url', `postgres://postgres@${at}/postgres`, '--schema', 'pw_env'], { PGPASSWORD: SERVER_PASSWORD });
    expect([env.status, env.stderr.includes('synthgen:')]).toEqual([0, false]);
    const home = sandbox();
    writeFileSync(join(home, '.pgpass'), `127.0.0.1:${server().port}:*:${MD5_USER}:${MD5_PASSWORD}\n`);
    chmodSync(join(home, '.pgpass'), 0o600);
    const pgpass = await synthgen(['run', '--scenario', 'saas-metrics', '--target', 'postgres', '--url', `postgres://${MD5_USER}@${at}/postgres`, '--schema', 'pw_pgpass'], { PGPASSWORD: '' }, home);
    expect([pgpass.status, pgpass.stderr.includes('synthgen:')]).toEqual([0, false]);
  });

  it('a password in --url (either form) warns once and never shows in the summary, manifest, errors or saved profiles', async () => {
    const secret = password || 'hunter2-secret';
    const sep = base.includes('?') ? '&' : '?';
    const query = `${base}${sep}password=${encodeURIComponent(secret)}`;
    const userinfo = new URL(base);
    userinfo.password = secret;
    for (const [i, withPw] of [query, userinfo.toString()].entries()) {
      const dir = sandbox();
      const r = await synthgen(['run', '--scenario', 'saas-metrics', '--target', 'postgres', '--url', withPw, '--schema', `pw_shown_${i}`, '--force', '--json'], { PGPASSWORD: '' }, dir);
      expect(r.status).toBe(0);
      expect(r.stderr.split(URL_PASSWORD_WARNING).length - 1).toBe(1);
      expect(r.stderr.startsWith(URL_PASSWORD_WARNING)).toBe(true);
      expect(r.stdout + r.stderr).not.toContain(secret);
      expect(JSON.parse(r.stdout).out).toBe(`${base} schema pw_shown_${i}`);
      const manifest = readFileSync(join(dir, `synthgen-manifest.postgres.pw_shown_${i}.json`), 'utf8');
      expect(manifest).not.toContain(secret);
      expect(JSON.parse(manifest).out).toBe(`${base} schema pw_shown_${i}`);
      const text = await synthgen(['run', '--scenario', 'saas-metrics', '--target', 'postgres', '--url', withPw, '--schema', `pw_shown_${i}`, '--force'], { PGPASSWORD: '' }, dir);
      expect(text.status).toBe(0);
      expect(text.stdout).toContain(`${base} schema pw_shown_${i}`);
      expect(text.stdout + text.stderr).not.toContain(secret);
    }
    // An error line names the server without it.
    const nodb = new URL(query);
    nodb.pathname = '/no_such_db';
    const err = await synthgen(['run', '--scenario', 'saas-metrics', '--target', 'postgres', '--url', nodb.toString()], { PGPASSWORD: '' });
    expect([err.status, err.stderr]).toEqual([2, URL_PASSWORD_WARNING + `synthgen: database "no_such_db" does not exist on ${withoutPassword(nodb.toString())}; create it (createdb) or fix --url\n`]);
    expect(withoutPassword(nodb.toString())).not.toContain(secret);
    // Saved profiles drop it in both forms (and sslpassword).
    const { saveProfile } = await import('../src/config/profiles.js');
    const dir = sandbox();
    const file = await saveProfile('pg', { scenario: 'saas-metrics', target: 'postgres', url: `${query}&sslpassword=keyphrase&sslmode=prefer` }, dir);
    const saved = JSON.parse(readFileSync(file, 'utf8')).profiles.pg.url;
    expect(saved).toBe(`${base}${sep}sslmode=prefer`);
    // No password, no warning.
    const plain = await synthgen([...pgArgs('pw_plain', '--force'), '--scenario', 'saas-metrics']);
    expect([plain.status, plain.stderr.includes('warning')]).toEqual([0, false]);
  });
});

describe('postgres names', () => {
  it('a table or index name over 63 bytes is refused before connecting or generating anything', async () => {
    const closed = 'postgres://postgres@127.0.0.1:1/postgres'; // nothing listens: the refusal comes first
    const long = 'p'.repeat(61);
    const table = await synthgen(['run', '--scenario', 'saas-metrics', '--target', 'postgres', '--url', closed, '--set', `prefix=${long}`]);
    expect([table.status, table.stdout, table.stderr]).toEqual([2, '', `synthgen: table name "${long}customers" is 70 bytes, longer than PostgreSQL's 63-byte limit for names; use a shorter prefix parameter\n`]);
    const mid = 'q'.repeat(45);
    const index = await synthgen(['run', '--scenario', 'saas-metrics', '--target', 'postgres', '--url', closed, '--set', `prefix=${mid}`]);
    expect([index.status, index.stdout, index.stderr]).toEqual([2, '', `synthgen: index name "idx_${mid}customers_signup_date" is 70 bytes, longer than PostgreSQL's 63-byte limit for names; use a shorter prefix parameter\n`]);
    // 63 bytes exactly is fine.
    const fits = 'f'.repeat(63 - 'idx_subscriptions_customer_id'.length); // the longest name it makes
    await fresh('name_fits');
    const ok = await synthgen([...pgArgs('name_fits'), '--scenario', 'saas-metrics', '--set', `prefix=${fits}`]);
    expect(ok.status).toBe(0);
    expect(Number(await one(`SELECT count(*) FROM pg_indexes WHERE schemaname = 'name_fits' AND indexname = $1`, [`idx_${fits}subscriptions_customer_id`]))).toBe(1);
  });
});
