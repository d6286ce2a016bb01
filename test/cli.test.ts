// The real binary, spawned as a user would run it.
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from './helpers/run.js';

const BIN = resolve('dist/src/cli.js');
const VERSION = JSON.parse(readFileSync('package.json', 'utf8')).version;

function synthgen(args: string[], cwd = tempDir()) {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: 'utf8', env: { ...process.env, CI: '1' } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr, cwd };
}

describe('synthgen binary', () => {
  it('prints its version and help', () => {
    expect(synthgen(['--version'])).toMatchObject({ code: 0, stdout: `${VERSION}\n` });
    const help = synthgen(['--help']);
    expect(help.code).toBe(0);
    for (const flag of ['--scenario', '--seed', '--set', '--target T', '--out', '--force', '--json', '--profile', '--config']) expect(help.stdout).toContain(flag);
    expect(help.stdout).toContain('Exit codes: 0 ok, 1 an integrity check failed, 2 bad input or environment, 130 interrupted.');
  });

  it('lists scenarios and describes one', () => {
    const list = synthgen(['scenarios']);
    expect(list.code).toBe(0);
    expect(list.stdout).toMatch(/^saas-metrics\s+SaaS customers/);
    expect(list.stdout).toContain('tables: customers, subscriptions, mrr_movements; about 1,172 rows by default; default target sqlite');
    const d = synthgen(['describe', 'saas-metrics']);
    expect(d.code).toBe(0);
    expect(d.stdout).toContain('customers       default 500; an integer from 1 to 20000000');
    expect(d.stdout).toContain('foreign key (customer_id) -> customers (customer_id)');
    expect(d.stdout).toContain('Views (SQL targets): mrr_summary, churn_by_cohort, retention_curves, customer_health');
  });

  it('runs headless to CSV: plain progress lines, the seed-style summary, files and manifest', () => {
    const r = synthgen(['run', '--scenario', 'saas-metrics', '--target', 'csv', '--out', 'out']);
    expect(r.code).toBe(0);
    expect(r.stderr.split('\n')).toEqual([
      'customers: started, 500 rows expected',
      expect.stringMatching(/^customers: 500 rows in \d+\.\d s$/),
      'subscriptions: started, 648 rows expected',
      expect.stringMatching(/^subscriptions: 648 rows in \d+\.\d s$/),
      'mrr_movements: started, 24 rows expected',
      expect.stringMatching(/^mrr_movements: 24 rows in \d+\.\d s$/),
      'closing the files...',
      'checking...',
      '',
    ]);
    expect(r.stdout).toContain('Created 500 customers across 24 months (2023-01 to 2024-12)');
    expect(r.stdout).toContain('  ✓ subscriptions: customers foreign key resolves: 0 orphan subscriptions of 648');
    expect(r.stdout).toContain('All checks passed');
    expect(readdirSync(join(r.cwd, 'out')).sort()).toEqual(['CATALOG.md', 'customers.csv', 'mrr_movements.csv', 'subscriptions.csv', 'synthgen-manifest.json']);
    expect(readFileSync(join(r.cwd, 'out', 'customers.csv'), 'utf8').split('\n')[0]).toBe('customer_id,email,signup_date,plan_tier,mrr_current,status');
    const manifest = JSON.parse(readFileSync(join(r.cwd, 'out', 'synthgen-manifest.json'), 'utf8'));
    expect(manifest).toMatchObject({ synthgen: VERSION, scenario: 'saas-metrics', seed: 42, target: 'csv', ok: true });
    expect(manifest.params).toMatchObject({ customers: 500, months: 24, start_date: '2023-01-01', prefix: '' });
    expect(manifest.tables.map((t: { name: string; rows: number }) => [t.name, t.rows])).toEqual([['customers', 500], ['subscriptions', 648], ['mrr_movements', 24]]);
    for (const t of manifest.tables as { files: { path: string; bytes: number; sha256: string }[] }[]) {
      for (const f of t.files) {
        const bytes = readFileSync(join(r.cwd, f.path));
        expect([f.bytes, f.sha256]).toEqual([bytes.length, createHash('sha256').update(bytes).digest('hex')]);
      }
    }
    expect(manifest.checks.length).toBeGreaterThan(20);
  });

  it('prints the summary as JSON with --json', () => {
    const r = synthgen(['run', '--scenario', 'saas-metrics', '--out', 'x.db', '--json', '--set', 'customers=800']);
    expect(r.code).toBe(0);
    const s = JSON.parse(r.stdout);
    expect(s.ok).toBe(true);
    expect(s.target).toBe('sqlite');
    expect(s.tables[0]).toMatchObject({ name: 'customers', rows: 800 });
    expect(s.checks.every((c: { ok: boolean }) => c.ok)).toBe(true);
    expect(s.manifest).toBe('x.db.synthgen-manifest.json');
  });

  it('Ctrl-C mid-run exits 130 and leaves nothing under the output name', async () => {
    const cwd = tempDir();
    const child = spawn(process.execPath, [BIN, 'run', '--scenario', 'saas-metrics', '--set', 'customers=3000000', '--out', 'big.db'], { cwd, env: { ...process.env, CI: '1' } });
    let stderr = '';
    let sent = false;
    child.stderr.on('data', (d) => {
      stderr += d;
      if (!sent && stderr.includes('customers: started')) sent = child.kill('SIGINT');
    });
    const code = await new Promise<number | null>((done) => child.on('exit', (c) => done(c)));
    expect(code).toBe(130);
    expect(stderr).toContain('synthgen: interrupted; nothing was written under the output name');
    expect(readdirSync(cwd)).toEqual([]);
    expect(existsSync(join(cwd, 'big.db'))).toBe(false);
  });
});
