// PostgreSQL through the wizard (ink-testing-library), against a real server that
// asks for a password (test/postgres-server.ts) and the shared test server: the
// connection form, the masked prompt, the connection test and its one-line
// errors, the review line, the run, the saved profile and its replays.
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it, onTestFinished } from 'vitest';
import { tempDir } from '../helpers/run.js';
import { SERVER_PASSWORD, startPasswordServer, type PasswordServer } from '../postgres-server.js';
import { KEY, startApp, until } from './harness.js';

type App = Awaited<ReturnType<typeof startApp>>;

const BIN = resolve('dist/src/cli.js');
let server: PasswordServer;
let serverUrl: string;
const saved = process.env.PGPASSWORD;

beforeAll(async () => {
  delete process.env.PGPASSWORD; // the prompt is the only way in
  server = await startPasswordServer();
  serverUrl = `postgres://postgres@127.0.0.1:${server.port}/postgres`;
});
afterAll(() => {
  server?.stop();
  if (saved !== undefined) process.env.PGPASSWORD = saved;
});

async function count(table: string, schema: string): Promise<number> {
  const c = new pg.Client({ host: '127.0.0.1', port: server.port, user: 'postgres', password: SERVER_PASSWORD, database: 'postgres' });
  await c.connect();
  try {
    return Number((await c.query(`SELECT count(*) AS n FROM ${schema}.${table}`)).rows[0].n);
  } finally {
    await c.end();
  }
}

/** From the start screen: saas-metrics with `customers`, Continue, the target list. */
async function toTargets(app: App, customers: string) {
  await app.press(KEY.enter, KEY.enter, KEY.enter);
  await app.press(...Array(12).fill(KEY.backspace));
  await app.type(customers);
  await app.press(KEY.enter, ...Array(10).fill(KEY.down), KEY.enter);
  expect(app.frame()).toContain('Where should the data go?');
}

/** On the connection form (cursor on "Test the connection"): sets the field `up` rows above it. */
async function setField(app: App, up: number, value: string) {
  await app.press(...Array(up).fill(KEY.up), KEY.enter, ...Array(40).fill(KEY.backspace));
  await app.type(value);
  await app.press(KEY.enter, ...Array(up).fill(KEY.down));
}

/** The screen with Ink's line wrapping undone (long one-line errors wrap at the test terminal's 100 columns). */
const flat = (app: App) => app.frame().replace(/\s+/g, ' ');

const FIELD = { host: 5, port: 4, database: 3, user: 2, schema: 1 };

describe('PostgreSQL in the wizard', () => {
  it('connection form -> masked password prompt -> review -> run; the profile has no password and replays headless and from the list', async () => {
    const cwd = tempDir();
    const app = await startApp(cwd);
    await toTargets(app, '300');
    await app.press(KEY.down, KEY.down, KEY.down, KEY.enter); // sqlite -> parquet -> duckdb -> postgres
    expect(app.frame()).toContain('PostgreSQL schema: connection');
    await setField(app, FIELD.host, '127.0.0.1');
    await setField(app, FIELD.port, String(server.port));
    await setField(app, FIELD.database, 'postgres');
    await setField(app, FIELD.user, 'postgres');
    await setField(app, FIELD.schema, 'Wiz');
    expect(app.frame()).toContain('✗ schema must be lowercase letters, digits and _ (not starting with a digit), got "Wiz"');
    await app.press(...Array(40).fill(KEY.backspace));
    await app.type('wiz');
    await app.press(KEY.enter, KEY.down);
    expect(app.frame()).toMatch(/host {6}127\.0\.0\.1\n.*port {6}\d+\n.*database {2}postgres\n.*user {6}postgres\n.*schema {4}wiz\n❯ Test the connection and continue/);
    await app.press(KEY.enter);
    await until(() => app.frame().includes('Password:'), 'the password prompt', 20_000, app.frame);
    expect(flat(app)).toContain(`PostgreSQL at 127.0.0.1:${server.port} asks for a password for user postgres`);
    // A wrong one: the CLI's line, and the prompt again.
    await app.type('nope');
    expect(app.frame()).toContain('Password: ****');
    await app.press(KEY.enter);
    await until(() => app.frame().includes('authentication failed'), 'the refusal', 20_000, app.frame);
    expect(flat(app)).toContain(`PostgreSQL authentication failed for ${serverUrl}; give the password with PGPASSWORD or ~/.pgpass (never in a profile) and check the user`);
    await app.type(SERVER_PASSWORD);
    expect(app.frame()).toContain(`Password: ${'*'.repeat(SERVER_PASSWORD.length)}`);
    await app.press(KEY.enter);
    await until(() => app.frame().includes('Review the plan'), 'the review', 20_000, app.frame);
    expect(app.frame()).toContain(`-> postgres ${serverUrl} schema wiz`);
    await app.press(KEY.enter); // Start (the connection was tested)
    await app.type('pgwiz');
    await app.press(KEY.enter);
    await until(() => app.frame().includes('✓ Saved profile'), 'the save', 20_000, app.frame);
    expect(app.frame()).toContain('synthgen run --profile pgwiz');
    await app.press(KEY.enter);
    await until(() => app.frame().includes('Done, all checks passed'), 'the summary', 30_000, app.frame);
    expect(app.frame()).toContain(`Output: ${serverUrl} schema wiz`);
    // i inspects the schema, with the password typed (the server still asks for one).
    await app.press('i');
    await until(() => !app.frame().includes('Inspecting'), 'the report', 20_000, app.frame);
    expect(app.frame()).not.toContain('✗');
    expect(app.frame()).toContain(`${serverUrl} schema wiz`);
    expect(app.frame()).toMatch(/customers/);
    await app.press(KEY.esc);
    expect(app.frame()).toContain('Done, all checks passed');
    await app.press(KEY.enter);
    expect(app.exitCode()).toBe(0);
    expect(await count('customers', 'wiz')).toBe(300);
    expect(app.ui.frames.join('\n')).not.toContain(SERVER_PASSWORD);

    const config = readFileSync(join(cwd, '.synthgenrc.json'), 'utf8');
    expect(JSON.parse(config)).toEqual({ profiles: { pgwiz: { scenario: 'saas-metrics', seed: 42, params: { customers: 300 }, target: 'postgres', url: serverUrl, schema: 'wiz' } } });
    // The manifest beside the config (the wizard's folder), without the password.
    expect(readdirSync(cwd).sort()).toEqual(['.synthgenrc.json', 'synthgen-manifest.postgres.wiz.json']);
    expect(readFileSync(join(cwd, 'synthgen-manifest.postgres.wiz.json'), 'utf8')).not.toContain(SERVER_PASSWORD);

    // Headless replay: the password from PGPASSWORD, the rest from the profile.
    const replay = spawnSync(process.execPath, [BIN, 'run', '--profile', 'pgwiz', '--force'], { cwd, encoding: 'utf8', env: { ...process.env, PGPASSWORD: SERVER_PASSWORD } });
    expect(replay.stderr).not.toContain('synthgen:');
    expect(replay.status).toBe(0);
    expect(replay.stdout).toContain(`Output saved to: ${serverUrl} schema wiz`);

    // From the wizard's profile list: Start tests the connection, asks the password, then the Overwrite question.
    const again = await startApp(cwd);
    await until(() => again.frame().includes('Run a saved profile (1)'), 'the config to load', 20_000, again.frame);
    await again.press(KEY.down, KEY.enter);
    expect(again.frame()).toContain(`pgwiz: saas-metrics -> postgres ${serverUrl} schema wiz`);
    await again.press(KEY.enter);
    expect(again.frame()).toContain(`-> postgres ${serverUrl} schema wiz`);
    await again.press(KEY.enter); // Start
    await until(() => again.frame().includes('Password:'), 'the password prompt', 20_000, again.frame);
    await again.type(SERVER_PASSWORD);
    await again.press(KEY.enter);
    await until(() => again.frame().includes('Overwrite it?'), 'the overwrite question', 20_000, again.frame);
    expect(flat(again)).toContain(`⚠ ${serverUrl} schema wiz already exists (its tables customers, subscriptions, mrr_movements were loaded by synthgen). Overwrite it?`);
    await again.press(KEY.down, KEY.enter); // Overwrite it
    expect(again.frame()).toContain('Review the plan');
    await again.press(KEY.enter, KEY.enter); // Start, skip the save
    await again.press(KEY.enter); // Start the run
    await until(() => again.frame().includes('Done, all checks passed'), 'the summary', 30_000, again.frame);
    expect(await count('customers', 'wiz')).toBe(300);
    expect(JSON.parse(readFileSync(join(cwd, '.synthgenrc.json'), 'utf8'))).toEqual(JSON.parse(config));
  });

  it('the connection test gives the CLI one-line errors on the connection form: unreachable, missing database; a bad port is refused in place', async () => {
    const shared = new URL(inject('pgUrl'));
    // CI's embedded server asks for a password: this test is about the errors after it, so it comes from PGPASSWORD.
    if (shared.password) process.env.PGPASSWORD = decodeURIComponent(shared.password);
    onTestFinished(() => void delete process.env.PGPASSWORD);
    const app = await startApp(tempDir(), { defaultPgUrl: () => `postgres://${shared.username}@127.0.0.1:1/postgres` });
    await toTargets(app, '50');
    await app.press(KEY.up, KEY.up, KEY.enter); // sqlite -> csv -> (wraps) postgres
    await app.press(KEY.enter); // Test
    await until(() => app.frame().includes('✗'), 'the test', 20_000, app.frame);
    expect(flat(app)).toContain(`✗ cannot reach PostgreSQL at postgres://${shared.username}@127.0.0.1:1/postgres (connection refused); start the server or fix the connection`);
    expect(app.frame()).toContain('PostgreSQL schema: connection');
    await setField(app, FIELD.port, '70000');
    expect(app.frame()).toContain('✗ port must be a whole number from 1 to 65535, got "70000"');
    await app.press(KEY.esc, ...Array(FIELD.port).fill(KEY.down));
    await setField(app, FIELD.port, shared.port || '5432');
    await setField(app, FIELD.database, 'no_such_db');
    await app.press(KEY.enter);
    await until(() => app.frame().includes('✗'), 'the test', 20_000, app.frame);
    expect(flat(app)).toContain(`✗ database "no_such_db" does not exist on postgres://${shared.username}@127.0.0.1:${shared.port || 5432}/no_such_db; create it (createdb) or fix the connection`);
    await setField(app, FIELD.schema, 'pg_mine');
    expect(flat(app)).toContain('✗ schema pg_mine is a PostgreSQL system schema (pg_* and information_schema are reserved); choose another, e.g. raw');
  });

  it('a run that fails on the parameters (names too long for PostgreSQL) goes back to them with every setting kept', async () => {
    const cwd = tempDir();
    writeFileSync(join(cwd, '.synthgenrc.json'), JSON.stringify({ profiles: { long: { scenario: 'saas-metrics', params: { customers: 40, prefix: 'p'.repeat(55) + '_' }, target: 'postgres', url: `${serverUrl}`, schema: 'longs' } } }));
    const app = await startApp(cwd);
    await until(() => app.frame().includes('Run a saved profile (1)'), 'the config to load', 20_000, app.frame);
    await app.press(KEY.down, KEY.enter, KEY.enter, KEY.enter); // the profile, Start
    await until(() => app.frame().includes('Password:'), 'the password prompt', 20_000, app.frame);
    await app.type(SERVER_PASSWORD);
    await app.press(KEY.enter);
    await until(() => app.frame().includes('Review the plan'), 'the review', 20_000, app.frame);
    await app.press(KEY.enter); // Start: tested already
    await app.press(KEY.enter, KEY.enter); // skip the save, Start the run
    await until(() => app.frame().includes('Run failed'), 'the failure', 20_000, app.frame);
    expect(flat(app)).toContain(`✗ table name "${'p'.repeat(55)}_customers" is 65 bytes, longer than PostgreSQL's 63-byte limit for names; use a shorter prefix parameter`);
    expect(app.frame()).toMatch(/❯ Change the parameters\n {2}Change the target \(path or connection\)\n {2}Back to the review\n {2}Exit/);
    await app.press(KEY.esc);
    expect(app.frame()).toContain('Parameters of saas-metrics');
    expect(app.frame()).toMatch(/customers\s+\*40\s/);
    expect(app.frame()).toContain('use a shorter prefix parameter');
    await app.press(KEY.esc, KEY.esc);
    expect(app.frame()).toContain('❯ New dataset'); // Esc walks back from there as before the run
  });
});
