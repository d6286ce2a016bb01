import { join } from 'node:path';
import { existsSync } from 'node:fs';
import { describe, expect, it, vi } from 'vitest';
import { SCENARIOS } from '../scenarios/index.js';
import { saasMetrics } from '../scenarios/saas-metrics/index.js';
import { runCommand } from '../src/commands/run.js';
import { tampered, withOrphan } from './helpers/corrupt.js';
import { runTo, tempDir } from './helpers/run.js';

const orphan = withOrphan();
let eighth = '';
const duplicate = tampered(saasMetrics, 'customers', (r, i) => (i === 8 ? (eighth = r[0] as string) : i === 9 && (r[0] = eighth)), 'saas-duplicate');

const failed = (s: { checks: { name: string; ok: boolean; figure: string }[] }) => s.checks.filter((c) => !c.ok);

describe('checks', () => {
  it('pass on the default saas-metrics run with the seed figures', async () => {
    const s = await runTo(saasMetrics, 'sqlite', join(tempDir(), 'x.db'));
    expect(failed(s)).toEqual([]);
    expect(s.tables.map((t) => [t.name, t.rows])).toEqual([
      ['customers', 500],
      ['subscriptions', 648],
      ['mrr_movements', 24],
    ]);
    const fk = s.checks.find((c) => c.name === 'subscriptions: customers foreign key resolves')!;
    expect(fk.figure).toBe('0 orphan subscriptions of 648');
    expect(s.checks.find((c) => c.name === 'PRAGMA integrity_check')!.figure).toBe('ok');
  });

  it('an orphan foreign key fails the stream check and PRAGMA foreign_key_check', async () => {
    const s = await runTo(orphan, 'sqlite', join(tempDir(), 'x.db'));
    expect(s.ok).toBe(false);
    const subs = s.tables.find((t) => t.name === 'subscriptions')!.rows;
    const names = failed(s).map((c) => `${c.name}: ${c.figure}`);
    expect(names).toContain(`subscriptions: customers foreign key resolves: 1 orphan subscriptions of ${subs}`);
    expect(names).toContain('PRAGMA foreign_key_check: 1 violations');
  });

  it('a duplicate key fails the stream check and the read-back row count', async () => {
    const s = await runTo(duplicate, 'sqlite', join(tempDir(), 'x.db'));
    const names = failed(s).map((c) => `${c.name}: ${c.figure}`);
    expect(names).toContain('customers: primary key unique: 1 duplicate customer_id of 500');
    expect(names).toContain('customers: rows in database: 499 read back of 500 generated');
    const csv = await runTo(duplicate, 'csv', join(tempDir(), 'out'));
    expect(failed(csv).map((c) => c.name)).toContain('customers: primary key unique');
  });

  it('a failed check makes the run command return exit code 1', async () => {
    SCENARIOS.push(orphan, duplicate);
    const quiet = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    try {
      const dir = tempDir();
      expect(await runCommand({ scenario: 'saas-orphan', target: 'csv', out: join(dir, 'a'), json: true })).toBe(1);
      expect(await runCommand({ scenario: 'saas-duplicate', target: 'sqlite', out: join(dir, 'b.db'), json: true })).toBe(1);
      expect(await runCommand({ scenario: 'saas-metrics', target: 'sqlite', out: join(dir, 'c.db'), json: true })).toBe(0);
      expect(existsSync(join(dir, 'c.db'))).toBe(true);
    } finally {
      quiet.mockRestore();
      SCENARIOS.splice(SCENARIOS.indexOf(orphan), 2);
    }
  });
});
