// Test runs leave nothing in the system temp folder: every folder made by
// tempDir() or makeSandbox() is removed when its test ends, also when it fails.
// Runs a fixture file in its own vitest process with a private TMPDIR.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { REPO_ROOT } from './helpers/binary.js';

const VITEST = join(createRequire(import.meta.url).resolve('vitest/package.json'), '..', 'vitest.mjs');
let privateTmp = '';
afterEach(() => rmSync(privateTmp, { recursive: true, force: true }));

describe('temp hygiene', () => {
  it('a passing and a failing test leave no temp folders behind', () => {
    privateTmp = mkdtempSync(join(tmpdir(), 'synthgen-hygiene-'));
    const r = spawnSync(process.execPath, [VITEST, 'run', '--config', 'test/fixtures/vitest.fixture.config.ts'], {
      cwd: REPO_ROOT,
      env: { ...process.env, TMPDIR: privateTmp, CI: '1', NO_COLOR: '1' },
      encoding: 'utf8',
      timeout: 60_000,
    });
    const out = r.stdout + r.stderr;
    // The fixture really ran: one test passed, the other failed on purpose.
    expect(out).toMatch(/Tests\s+1 failed \| 1 passed/);
    expect(readdirSync(privateTmp)).toEqual([]);
  });
});
