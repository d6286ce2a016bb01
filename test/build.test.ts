// `npm run build` (tsc, then scripts/copy-assets.mjs) must leave the CLI
// executable: package.json's bin points at dist/src/cli.js, and `npx synthgen`
// runs it directly, which fails with "Permission denied" on a 0644 file.
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { VERSION } from '../src/version.js';
import { assertBuilt, CLI, REPO_ROOT } from './helpers/binary.js';
import { removeWhenDone } from './helpers/temp.js';

const mode = (path: string) => statSync(path).mode & 0o777;

describe('build output', () => {
  it('copy-assets makes a freshly compiled (0644) cli.js executable and copies the SQL', () => {
    const out = removeWhenDone(mkdtempSync(join(tmpdir(), 'synthgen-build-')));
    mkdirSync(join(out, 'src'));
    writeFileSync(join(out, 'src', 'cli.js'), '#!/usr/bin/env node\n');
    chmodSync(join(out, 'src', 'cli.js'), 0o644);

    const r = spawnSync(process.execPath, ['scripts/copy-assets.mjs', out], { cwd: REPO_ROOT, encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(mode(join(out, 'src', 'cli.js'))).toBe(0o755);
    expect(existsSync(join(out, 'scenarios', 'saas-churn', 'sql', 'staging.sql'))).toBe(true);
  });

  it('dist/src/cli.js (built by pretest) is executable and runs on its own, as npx runs it', () => {
    assertBuilt();
    expect(mode(CLI)).toBe(0o755);
    const r = spawnSync(CLI, ['--version'], { encoding: 'utf8' });
    expect(r.error).toBeUndefined();
    expect(r.stdout).toBe(`${VERSION}\n`);
    expect(r.status).toBe(0);
  });
});
