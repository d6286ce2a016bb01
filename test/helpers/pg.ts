// The test PostgreSQL server as a test file uses it: its URL (global setup's pgUrl),
// the password for the binary's environment (never in a URL on its command line), and
// an admin connection that drops the file's schemas before and after its tests.
import pg from 'pg';
import { afterAll, beforeAll, inject } from 'vitest';
import { withoutPassword } from '../../src/sinks/pgurl.js';

export function testServer(schemas: readonly string[]) {
  const url = inject('pgUrl');
  const password = new URL(url).password;
  const state = {
    url,
    /** The URL without its password: the binary gets that from `env`. */
    plainUrl: withoutPassword(url),
    env: (password ? { PGPASSWORD: decodeURIComponent(password) } : {}) as Record<string, string>,
    admin: null as unknown as pg.Client,
  };
  beforeAll(async () => {
    state.admin = new pg.Client({ connectionString: url });
    await state.admin.connect();
    for (const s of schemas) await state.admin.query(`DROP SCHEMA IF EXISTS ${s} CASCADE`);
  });
  afterAll(async () => {
    for (const s of schemas) await state.admin.query(`DROP SCHEMA IF EXISTS ${s} CASCADE`);
    await state.admin.end();
  });
  return state;
}
