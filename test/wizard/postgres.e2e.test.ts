// The wizard's PostgreSQL target in a real pseudo-terminal (tmux, 80x24): the
// real binary loads saas-metrics into a real server that asks for a password,
// typed at the masked prompt; the rows are read back and the saved profile and
// the screen never hold the password.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/run.js';
import { chars, startWizard, exitCodeOf, terminal, openSaasMetrics } from '../helpers/tmux.js';
import { SERVER_PASSWORD, startPasswordServer, type PasswordServer } from '../postgres-server.js';

const SESSION = `synthgen-pg-e2e-${process.pid}`;
const { waitFor, keys, screen } = terminal(SESSION, { history: true, join: false });

let server: PasswordServer;
beforeAll(async () => {
  server = await startPasswordServer();
});
afterAll(() => {
  spawnSync('tmux', ['kill-session', '-t', SESSION]);
  server?.stop();
});

describe('wizard into PostgreSQL in a real terminal', () => {
  it('connection form, masked password prompt, review line, run; rows in the schema, no password saved or shown', async () => {
    expect(spawnSync('tmux', ['-V']).status, 'tmux must be installed (.ci/run installs it)').toBe(0);
    const cwd = tempDir();
    const exitFile = join(tempDir(), 'exit');
    const url = `postgres://postgres@127.0.0.1:${server.port}/postgres`;
    // Host, user and database from the PG* variables (the form's defaults, as the CLI's); the port is typed.
    const env = 'env -u CI -u PGPASSWORD -u PGPORT PGHOST=127.0.0.1 PGUSER=postgres PGDATABASE=postgres';
    startWizard(SESSION, { cwd, exitFile, env });

    await openSaasMetrics({ waitFor, keys });
    keys('Enter');
    await waitFor('an integer from 1 to 20000000');
    keys('BSpace', 'BSpace', 'BSpace', ...chars('300'), 'Enter');
    await waitFor(/customers\s+\*300/);
    keys(...Array(10).fill('Down'), 'Enter');
    const targets = await waitFor('PostgreSQL schema  postgres://postgres@127.0.0.1:5432/postgres schema raw');
    expect(targets).toContain('  Parquet folder     data/saas_metrics_parquet');
    keys('Down', 'Down', 'Down', 'Enter');
    await waitFor('PostgreSQL schema: connection');
    // Port and schema: a burst to the field and Enter, then a burst that clears, types and saves (a menu
    // takes no keys after the Enter that chose, in the same read: the editor is not there yet).
    keys('Up', 'Up', 'Up', 'Up', 'Enter');
    await waitFor('port  a whole number from 1 to 65535');
    keys('C-u', ...chars(String(server.port)), 'Enter');
    await waitFor(new RegExp(`port {6}${server.port}`));
    keys('Down', 'Down', 'Down', 'Enter');
    await waitFor('schema  lowercase letters');
    keys('C-u', ...chars('e2e'), 'Enter');
    await waitFor(/❯ schema {4}e2e\n/, 20_000, false);
    keys('Down');
    await waitFor(/schema {4}e2e\n❯ Test the connection and continue/, 20_000, false);
    keys('Enter');
    const prompt = await waitFor('Password:');
    expect(prompt).toContain(`PostgreSQL at 127.0.0.1:${server.port} asks for a password for user postgres`);
    keys(...chars(SERVER_PASSWORD));
    await waitFor(`Password: ${'*'.repeat(SERVER_PASSWORD.length)}`);
    expect(screen()).not.toContain(SERVER_PASSWORD);
    keys('Enter');
    const review = await waitFor('Review the plan');
    expect(review).toContain(`-> postgres ${url} schema e2e`);
    expect(review).toMatch(/customers\s+300/);
    keys('Enter');
    await waitFor('Profile name (optional)');
    keys(...chars('pge2e'), 'Enter');
    await waitFor('synthgen run --profile pge2e');
    keys('Enter');
    const summary = await waitFor('Enter or q to exit', 60_000);
    expect(summary).toContain('Done, all checks passed');
    expect(summary).toContain('Created 300 customers across 24 months');
    keys('Enter');
    expect(await exitCodeOf(exitFile)).toBe('0');
    expect(screen(true)).not.toContain(SERVER_PASSWORD);

    const client = new pg.Client({ host: '127.0.0.1', port: server.port, user: 'postgres', password: SERVER_PASSWORD, database: 'postgres' });
    await client.connect();
    try {
      const counts = await client.query(`SELECT (SELECT count(*) FROM e2e.customers)::int AS customers, (SELECT count(*) FROM e2e.mrr_movements)::int AS months`);
      expect(counts.rows[0]).toEqual({ customers: 300, months: 24 });
    } finally {
      await client.end();
    }
    const config = readFileSync(join(cwd, '.synthgenrc.json'), 'utf8');
    expect(JSON.parse(config)).toEqual({ profiles: { pge2e: { scenario: 'saas-metrics', seed: 42, params: { customers: 300 }, target: 'postgres', url, schema: 'e2e' } } });
    expect(config).not.toContain(SERVER_PASSWORD);
    expect(readFileSync(join(cwd, 'synthgen-manifest.postgres.e2e.json'), 'utf8')).not.toContain(SERVER_PASSWORD);
  });
});
